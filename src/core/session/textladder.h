#pragma once

#include <QCoreApplication>
#include <QList>
#include <QString>

namespace tcplab {

class Session;

// The ladder as UTF-8 text, one line per event: time, the client's calls and states on the
// left, the segments as arrows in the middle, the server's on the right, and the phases named.
// What `tcplab run` prints and the .txt export writes.
class TextLadder
{
    Q_DECLARE_TR_FUNCTIONS(tcplab::TextLadder)

public:
    static QString render(const Session &session, quint16 clientPort = 0);
    // The client ports of the lab's connections, in the order their first segment went out.
    static QList<quint16> clientPorts(const Session &session);
};

} // namespace tcplab
