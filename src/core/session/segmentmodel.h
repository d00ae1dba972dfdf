#pragma once

#include "session/event.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>

namespace tcplab {

class Session;

// What this computer's Linux puts in the segments it sends on loopback, read from the running
// kernel (sysctls, the loopback MTU, the receive buffer limits), so that a modelled segment has
// the options and windows a captured one would.
struct WireParameters
{
    int mss = 65495;
    bool sack = true;
    bool timestamps = true;
    int windowScale = 7; // the shift a SYN offers; -1: window scaling is off
    quint32 synWindow = 65495; // the raw window of a SYN
    quint32 synAckWindow = 65483; // of a SYN/ACK
    quint32 window = 512; // of every later segment, raw (not scaled)
    QList<int> synRetransmitMs; // when an unanswered SYN is sent again, after the first
    // Answers within the delayed-ACK time before ACKs are delayed (tcp_pingpong_thresh; 1
    // where this kernel's is not known).
    int pingpongThreshold = 1;

    static WireParameters ofThisKernel();
    // The options of a SYN (peer: empty) or of a SYN/ACK answering one with these options.
    TcpOptions synOptions(const TcpOptions *peer) const;
};

// Predicts the segments of the lab's connections from the calls in the session, for when
// live capture is not possible. It follows what Linux does, as captured on these machines
// (RFC 9293 plus Linux's ACK habits): a SYN per connect(), data acknowledged at once unless
// the receiver is in its interactive ("ping-pong") mode (it answered data, or got a FIN), then
// after the delayed-ACK time unless its own next segment carries the ACK; close() with unread
// data or SO_LINGER {1, 0} sending RST; data to a closed socket drawing RST; an unanswered SYN
// retransmitted on the kernel's schedule. Numbers are relative (both initial sequence numbers
// 0); every segment says "modelled".
//
// With a teardown delay (the textbook picture of a simultaneous close), the FINs and what they
// cause take that long to arrive, so two closes close together cross on the wire.
class SegmentModel : public QObject
{
    Q_OBJECT

public:
    explicit SegmentModel(Session *session, QObject *parent = nullptr);

    // Sends what is due by now: delayed ACKs, retransmissions, arrivals (all of them with
    // everything = true).
    void flush(bool everything = true);
    void setTeardownDelayUs(qint64 us) { m_teardownDelayUs = us; }
    const WireParameters &parameters() const { return m_parameters; }
    void setParameters(const WireParameters &parameters) { m_parameters = parameters; }

    static constexpr qint64 kDelayedAckUs = 40000; // Linux's minimum delayed-ACK time
    // An end that never received data has no ACK timeout yet (icsk_ack.ato is 0): its delayed
    // ACK goes with the next timer tick, a fraction of a millisecond later (measured: 0.2 ms).
    static constexpr qint64 kNoDataAckUs = 200;

private:
    struct End
    {
        quint32 seq = 0; // next sequence number to send
        quint32 rcvNxt = 0; // next sequence number expected from the peer
        qint64 unread = 0; // bytes received that the application has not read
        bool local = false; // its calls are in this session
        bool eager = false; // a QTcpSocket: reads everything as it arrives, nothing stays unread
        bool finSent = false;
        bool finReceived = false;
        bool closed = false; // the application closed its descriptor
        bool linger0 = false;
        bool corked = false; // TCP_CORK: writes wait for the cork to come off (or for close)
        qint64 held = 0; // bytes held back by the cork
        qint64 owedAckAt = -1; // a delayed ACK is due at this time
        bool pingpong = false; // Linux's interactive mode: ACKs are delayed
        int answers = 0; // data sent within the delayed-ACK time of data received
        qint64 lastReceivedAt = -1; // when data last arrived (-1: never)
    };
    struct Flow
    {
        int conn = 0;
        End client;
        End server;
        bool self = false; // a socket connected to itself
        bool established = false;
        bool reset = false;
        qint64 connectAt = 0;
        int synsSent = 0;
        End &end(Side side) { return side == Side::Client ? client : server; }
    };
    struct Arrival
    {
        int conn = 0;
        Side from = Side::Client;
        quint8 flags = 0;
        qint64 length = 0;
        qint64 at = 0;
        quint32 end = 0; // the sender's next sequence number after it
    };

    void onInserted(int index);
    void onCall(const Event &call);
    // What a Qt call or signal means for the kernel, as the system calls it amounts to.
    static QList<Event> asSystemCalls(const Event &qt);
    Flow *flowFor(int conn);
    void send(Flow &flow, Side from, quint8 flags, qint64 length, qint64 atUs, qint64 delayUs = 0);
    void deliver(Flow &flow, const Arrival &arrival);
    void due(qint64 beforeUs, qint64 retransmitBeforeUs);
    qint64 retransmitAt(const Flow &flow) const;
    void scheduleFlush();

    QPointer<Session> m_session;
    WireParameters m_parameters;
    QHash<int, Flow> m_flows; // by connection
    QList<Arrival> m_inFlight; // segments that have not arrived yet (a slow teardown)
    bool m_inserting = false;
    QTimer m_flushTimer;
    qint64 m_teardownDelayUs = 0;
};

} // namespace tcplab
