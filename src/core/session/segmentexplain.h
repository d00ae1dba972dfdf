#pragma once

#include <QCoreApplication>
#include <QList>
#include <QPair>
#include <QString>

namespace tcplab {

class Session;
struct Event;

// Words for segments: one or two sentences on what a segment does in its connection, measured
// from this run (how long after the FIN an ACK came, whether accept() had been called), for
// the diagram's hover and details panel; and every header field. Translated.
class SegmentText
{
    Q_DECLARE_TR_FUNCTIONS(tcplab::SegmentText)

public:
    static QString explain(const Session &session, int index);
    // Every header field of the segment as label/value pairs, in the current language.
    static QList<QPair<QString, QString>> fields(const Session &session, int index);
    static QString sideName(bool client); // "the client" / "the server", translated
    // "0.021 ms", "40.3 ms", "1.02 s"
    static QString duration(qint64 us);
};

} // namespace tcplab
