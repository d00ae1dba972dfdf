#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>

namespace tcplab {

class Session;
struct Event;

// Words for segments: flag names ("SYN, ACK") and one or two sentences on what a segment
// does in its connection, for the diagram's hover and details panel. Translated.
class SegmentText
{
    Q_DECLARE_TR_FUNCTIONS(tcplab::SegmentText)

public:
    static QString flagWords(const QString &letters); // "S." -> "SYN, ACK"
    // "SYN, ACK [S.] seq 0 ack 1 len 0", relative numbers: the text ladder's and Mermaid's label.
    static QString summary(const Event &segment);
    static QString explain(const Session &session, int index);
    // Every header field of the segment as label/value pairs, in the current language.
    static QList<QPair<QString, QString>> fields(const Session &session, int index);
    static QString sideName(int side); // "client" / "server", translated
};

} // namespace tcplab
