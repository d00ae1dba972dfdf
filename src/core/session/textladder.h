#pragma once

#include <QCoreApplication>
#include <QList>
#include <QMap>
#include <QString>

namespace tcplab {

class Session;
struct Connection;

// The ladder as UTF-8 text, one ladder per connection (as the diagram groups them), one line per
// event: time, the client's calls and states on the left, the segments as arrows in the middle,
// the server's on the right, and the phases named. What `tcplab run` prints and the .txt
// export writes.
class TextLadder
{
    Q_DECLARE_TR_FUNCTIONS(tcplab::TextLadder)

public:
    // `only`: the connections to show; empty: every one.
    static QString render(const Session &session, const QList<int> &only = {});
    // "Connection 2 of 3: 127.0.0.1:51236 → 127.0.0.1:45001 (QTcpSocket)": a group's heading.
    static QString heading(const Session &session, int conn, int number, int count);
    // A connection's label in a language ("en", "zh_CN"), English when that has none.
    static QString label(const QMap<QString, QString> &texts);
};

} // namespace tcplab
