#pragma once

#include "session/event.h"

#include <QCoreApplication>
#include <QString>

namespace tcplab {

// Every event's words, made from its typed fields in this one place: the window's event log,
// the diagram's labels, the text ladder, Mermaid and the command line all use these.
class EventText
{
    Q_DECLARE_TR_FUNCTIONS(tcplab::EventText)

public:
    // A call's arguments in system-call notation: "127.0.0.1:45001", "SHUT_WR",
    // "SO_LINGER {1, 0}", "TCP_NODELAY = 1", "65536"; Qt's: "LowDelayOption, 1".
    static QString arguments(const Event &call);
    // A call as the figure writes it: "connect()", "write(18)", "read() → 0 (EOF)",
    // "close() listener", "emit bytesWritten(5)".
    static QString textbookCall(const Event &call);
    // One event as a line of the log: "connect(127.0.0.1:45001) = -1 EINPROGRESS",
    // "read(65536) = 18 \"I got your message\"", "CLOSE_WAIT  (received FIN)",
    // "kernel: CLOSE_WAIT  (TCP_INFO)".
    static QString describe(const Event &event);
    // Where an inferred state comes from, in a sentence: the segment or call that caused it.
    static QString stateOrigin(const Event &state, const Event *cause);
    // "TCP_INFO", "sock_diag", "sock_diag: gone".
    static QString readingVia(const Event &reading);
    // "SYN, ACK" for S.
    static QString flagWords(quint8 flags);
    // What the lab network's wire did with a segment ("dropped by the wire"); empty: delivered.
    static QString fateWords(WireFate fate);
    static QString fateTag(WireFate fate); // the short form: "dropped", "duplicate"
    // "SYN, ACK [S.] seq 0 ack 1 len 0": the text ladder's and Mermaid's label.
    static QString segmentSummary(const Event &segment);
    // "win 65536" (scaled), or "win 64 (scale unknown)".
    static QString window(const Event &segment);
    // A note in the current language.
    static QString note(const Event &note);
    // "client", "server", "listener"; with the connection's number when there are several.
    static QString sideLabel(const Event &event, bool numbered);
    // A full line of the text account: time in ms, side, description.
    static QString line(const Event &event, bool numbered);
};

// Whether the figure shows this call; the plumbing (name lookup, the non-blocking connect's
// SO_ERROR, bind before listen, SO_REUSEADDR) stays in the event log.
bool isTextbookCall(const Event &call);
// Printable form of bytes: text when it is UTF-8 without control characters, else hex.
QString printableBytes(const QByteArray &data, int limit = 48);

} // namespace tcplab
