#pragma once

#include "session/event.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <optional>

namespace tcplab {

class Session;

// Predicts the segments of the lab's connections from the calls in the session, for when
// live capture is not possible. It follows what Linux does (RFC 9293 plus Linux's ACK
// habits, as captured on these machines): a SYN per connect(), data acknowledged at once
// (quick-ack at the start of a connection), a received FIN acknowledged after the delayed-ACK
// time unless the application answers first (then the ACK rides on its segment), close()
// with unread data or SO_LINGER {1, 0} sending RST, data to a closed socket drawing RST.
// Numbers are relative (both initial sequence numbers 0); every segment says "modelled".
class SegmentModel : public QObject
{
    Q_OBJECT

public:
    explicit SegmentModel(Session *session, QObject *parent = nullptr);

    // Sends the delayed ACKs that are due by now (or all of them with everything = true).
    void flush(bool everything = true);
    // Two closes this close together are a simultaneous close: both FINs are on the wire
    // before either arrives (which loopback never does by itself).
    void setSimultaneousUs(int us) { m_simultaneousUs = us; }

    static constexpr qint64 kDelayedAckUs = 40000; // Linux's minimum delayed-ACK time

private:
    struct End
    {
        quint32 seq = 0; // next sequence number to send
        quint32 rcvNxt = 0; // next sequence number expected from the peer
        qint64 unread = 0; // bytes received that the application has not read
        bool local = false; // its calls are in this session
        bool eager = false; // a QTcpSocket: reads everything as it arrives, nothing stays unread
        bool finSent = false;
        qint64 finSentAt = -1;
        bool finReceived = false;
        bool closed = false; // the application closed its descriptor
        bool linger0 = false;
        bool corked = false; // TCP_CORK: writes wait for the cork to come off (or for close)
        qint64 held = 0; // bytes held back by the cork
        qint64 owedAckAt = -1; // a delayed ACK is due at this time
    };
    struct Flow
    {
        quint16 clientPort = 0;
        quint16 serverPort = 0;
        End client;
        End server;
        bool synSent = false;
        bool established = false;
        bool reset = false;
        qint64 connectAt = 0;
        End &end(Side side) { return side == Side::Client ? client : server; }
    };

    void onInserted(int index);
    void onCall(const Event &call);
    // What a Qt call or signal means for the kernel, as the system calls it amounts to.
    static QList<Event> asSystemCalls(const Event &qt);
    Flow *flowFor(const Event &call);
    void send(Flow &flow, Side from, const QString &flags, qint64 length, qint64 atUs);
    void dueAcks(Flow &flow, qint64 beforeUs);
    void scheduleFlush();

    QPointer<Session> m_session;
    QHash<quint16, Flow> m_flows; // by client port
    bool m_inserting = false;
    QTimer m_flushTimer;
    int m_simultaneousUs = 0;
};

} // namespace tcplab
