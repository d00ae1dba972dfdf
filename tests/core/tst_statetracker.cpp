// RFC 9293's state machine applied to a connection's segments (inferTransitions), on the
// sequences that are hard to get right: data and a FIN that arrive after a gap, a gap the
// capture made (the receiver's own ACK shows what it got), and kernel timers that end TIME_WAIT
// only when they have run out. The segments are those Linux sends in each case; the times are
// made up, so that each state's moment can be compared exactly.

#include "session/session.h"
#include "session/statetracker.h"

#include <QTest>

using namespace tcplab;

namespace {

const QHostAddress kLocal(QStringLiteral("127.0.0.1"));
constexpr quint16 kClient = 40000;
constexpr quint16 kServer = 45001;
constexpr quint32 kClientIsn = 1000;
constexpr quint32 kServerIsn = 5000;

// A segment from one side, with sequence and acknowledgement numbers relative to the ISNs.
Event segment(Side from, quint8 flags, quint32 relSeq, quint32 relAck, qint64 len, qint64 t)
{
    const bool client = from == Side::Client;
    Event e;
    e.kind = Event::Kind::Segment;
    e.source = Source::Live;
    e.tUs = t;
    e.flags = flags;
    e.seq = (client ? kClientIsn : kServerIsn) + relSeq;
    e.ack = (flags & TcpFlag::Ack) ? (client ? kServerIsn : kClientIsn) + relAck : 0;
    e.len = len;
    e.win = 64;
    e.from = {kLocal, client ? kClient : kServer};
    e.to = {kLocal, client ? kServer : kClient};
    return e;
}

void handshake(Session *session, qint64 base = 0)
{
    session->addSegment(segment(Side::Client, TcpFlag::Syn, 0, 0, 0, base + 10));
    session->addSegment(segment(Side::Server, TcpFlag::Syn | TcpFlag::Ack, 0, 1, 0, base + 20));
    session->addSegment(segment(Side::Client, TcpFlag::Ack, 1, 1, 0, base + 30));
}

// One side's inferred states, each with the time it is placed at.
QStringList states(const QList<Event> &transitions, Side side)
{
    QStringList out;
    for (const Event &e : transitions) {
        if (e.side == side && !e.listener)
            out << QStringLiteral("%1@%2").arg(tcpStateName(e.state)).arg(e.tUs);
    }
    return out;
}

} // namespace

class TestStateTracker : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void dataAndFinAfterAGap();
    void gapTheCaptureMissed();
    void simultaneousClose();
    void timerEndsTimeWaitOnlyWhenItRunsOut();
};

// The client's first data segment is lost; its second, with the FIN, arrives first and waits
// in the server's out-of-order queue. CLOSE_WAIT comes when the retransmission fills the gap,
// and the server's own FIN then takes it to LAST_ACK (RFC 9293 §3.10.7.4, eighth step: a FIN
// counts only in sequence).
void TestStateTracker::dataAndFinAfterAGap()
{
    Session session;
    handshake(&session);
    session.addSegment(segment(Side::Client, TcpFlag::Fin | TcpFlag::Psh | TcpFlag::Ack, 6, 1, 5,
                               100)); // bytes 6-10 and the FIN
    session.addSegment(segment(Side::Server, TcpFlag::Ack, 1, 1, 0, 101)); // a duplicate ACK
    session.addSegment(segment(Side::Client, TcpFlag::Psh | TcpFlag::Ack, 1, 1, 5, 300)); // 1-5
    session.addSegment(segment(Side::Server, TcpFlag::Ack, 1, 12, 0, 301));
    session.addSegment(segment(Side::Server, TcpFlag::Fin | TcpFlag::Ack, 1, 12, 0, 400));
    session.addSegment(segment(Side::Client, TcpFlag::Ack, 12, 2, 0, 401));
    const QList<Event> t = inferTransitions(session);
    QCOMPARE(states(t, Side::Server),
             (QStringList {"SYN_RECEIVED@10", "ESTABLISHED@30", "CLOSE_WAIT@300", "LAST_ACK@400",
                           "CLOSED@401"}));
    QCOMPARE(states(t, Side::Client),
             (QStringList {"SYN_SENT@10", "ESTABLISHED@20", "FIN_WAIT_1@100", "FIN_WAIT_2@301",
                           "TIME_WAIT@400"}));
}

// The capture dropped the client's first data segment (the kernel delivered it). The server's
// ACK of everything, FIN included, is the first the wire shows of it: CLOSE_WAIT goes there,
// and the server's FIN is LAST_ACK's, not FIN_WAIT_1's.
void TestStateTracker::gapTheCaptureMissed()
{
    Session session;
    handshake(&session);
    session.addSegment(segment(Side::Client, TcpFlag::Fin | TcpFlag::Ack, 6, 1, 0, 100));
    session.addSegment(segment(Side::Server, TcpFlag::Ack, 1, 7, 0, 140));
    session.addSegment(segment(Side::Server, TcpFlag::Fin | TcpFlag::Ack, 1, 7, 0, 200));
    session.addSegment(segment(Side::Client, TcpFlag::Ack, 7, 2, 0, 201));
    const QList<Event> t = inferTransitions(session);
    QCOMPARE(states(t, Side::Server),
             (QStringList {"SYN_RECEIVED@10", "ESTABLISHED@30", "CLOSE_WAIT@140", "LAST_ACK@200",
                           "CLOSED@201"}));
}

// Both FINs leave before either arrives; each acknowledges only what its sender had received,
// so each side goes FIN_WAIT_1 -> CLOSING at the other's FIN and CLOSING -> TIME_WAIT at the
// ACK of its own (RFC 9293 §3.6, figure 13).
void TestStateTracker::simultaneousClose()
{
    Session session;
    handshake(&session);
    Event clientFin = segment(Side::Client, TcpFlag::Fin | TcpFlag::Ack, 1, 1, 0, 100);
    clientFin.arriveUs = 150;
    Event serverFin = segment(Side::Server, TcpFlag::Fin | TcpFlag::Ack, 1, 1, 0, 101);
    serverFin.arriveUs = 151;
    session.addSegment(clientFin);
    session.addSegment(serverFin);
    Event serverAck = segment(Side::Server, TcpFlag::Ack, 2, 2, 0, 150);
    serverAck.arriveUs = 200;
    Event clientAck = segment(Side::Client, TcpFlag::Ack, 2, 2, 0, 151);
    clientAck.arriveUs = 201;
    session.addSegment(serverAck);
    session.addSegment(clientAck);
    const QList<Event> t = inferTransitions(session);
    QCOMPARE(states(t, Side::Client),
             (QStringList {"SYN_SENT@10", "ESTABLISHED@20", "FIN_WAIT_1@100", "CLOSING@151",
                           "TIME_WAIT@200"}));
    QCOMPARE(states(t, Side::Server),
             (QStringList {"SYN_RECEIVED@10", "ESTABLISHED@30", "FIN_WAIT_1@101", "CLOSING@150",
                           "TIME_WAIT@201"}));
}

// An end the segments left in TIME_WAIT that the kernel no longer has: CLOSED because its
// timer ran out, but only once the time the kernel gave it is up. Gone earlier, something else
// ended it, and the reading stands against the segments instead.
void TestStateTracker::timerEndsTimeWaitOnlyWhenItRunsOut()
{
    for (const qint64 remainingMs : {qint64(60000), qint64(0)}) {
        Session session;
        session.setConnectionEnds(session.connections().open(Side::Client, Api::System, 0),
                                  {kLocal, kClient}, {kLocal, kServer});
        // On the session's clock, a millisecond ago, so that the readings (stamped when made)
        // come after every segment.
        const qint64 base = session.now() - 1000;
        handshake(&session, base);
        session.addSegment(segment(Side::Client, TcpFlag::Fin | TcpFlag::Ack, 1, 1, 0, base + 100));
        session.addSegment(segment(Side::Server, TcpFlag::Fin | TcpFlag::Ack, 1, 2, 0, base + 110));
        session.addSegment(segment(Side::Client, TcpFlag::Ack, 2, 2, 0, base + 111));
        const qint64 t0 = session.now();
        QVERIFY(session.addReading(Side::Client, 1, false, TcpState::TimeWait, StateVia::SockDiag,
                                   t0, remainingMs)
                >= 0);
        const int gone = session.addReading(Side::Client, 1, false, TcpState::Closed,
                                            StateVia::SockDiagGone, session.now());
        QVERIFY(gone >= 0);
        const QList<Event> t = inferTransitions(session);
        bool timer = false;
        for (const Event &e : t)
            timer = timer || (e.side == Side::Client && e.via == StateVia::Timer);
        QCOMPARE(timer, remainingMs == 0);
        // Put the transitions in, as the window does, and compare them with the readings.
        StateTracker tracker(&session);
        tracker.refresh();
        const StateCheck check = StateCheck::of(session);
        int goneAt = -1;
        for (int i = 0; i < session.size(); ++i)
            if (session.at(i).isReading() && session.at(i).via == StateVia::SockDiagGone)
                goneAt = i;
        QCOMPARE(check.disagreements.contains(goneAt), remainingMs != 0);
    }
}

QTEST_GUILESS_MAIN(TestStateTracker)
#include "tst_statetracker.moc"
