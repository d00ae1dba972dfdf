#include "session/statetracker.h"

#include "session/session.h"

#include <QMap>
#include <QTimer>

#include <cerrno>
#include <optional>

namespace tcplab {

namespace {

bool atOrAfter(quint32 a, quint32 b)
{
    return qint32(a - b) >= 0;
}

// One end of a connection as RFC 9293's state machine sees it, fed with the segments it sends
// and receives.
struct End
{
    std::optional<TcpState> state; // empty: the end does not exist (yet)
    bool finSent = false;
    quint32 finSeq = 0; // our FIN's sequence number (relative)
    bool rcvKnown = false;
    quint32 rcvNxt = 0; // the next sequence number expected from the peer (relative)
    // Segments that arrived after a gap (sequence space [start, end), and whether a FIN came
    // with them): they count once the gap is filled, as the receiver's queue holds them.
    struct Held
    {
        quint32 start = 0;
        quint32 end = 0;
        bool fin = false;
    };
    QList<Held> held;
    // A SYN that reached this end before it existed: if it answers, it was in SYN_RECEIVED from
    // that SYN on.
    quint64 synId = 0;
    qint64 synAt = -1;
};

class Inference
{
public:
    explicit Inference(QList<Event> *out)
        : m_out(out)
    {
    }

    void connection(const Connection &c, const QList<const Event *> &segments)
    {
        End ends[2];
        const bool self = c.selfConnected();
        // Caught without its handshake (a capture file that starts later): both ends were
        // already connected.
        if (!segments.isEmpty() && !segments.constFirst()->isSyn()) {
            ends[0].state = ends[1].state = TcpState::Established;
            for (End &e : ends)
                e.rcvKnown = false;
        }
        // Each segment acts twice: on its sender as it leaves, on its receiver as it arrives.
        // On a slow wire later segments leave before earlier ones arrive (two FINs cross), so
        // the ends are fed in the order of those moments.
        struct Moment
        {
            qint64 t;
            int order;
            const Event *segment;
            bool arrival;
        };
        QList<Moment> moments;
        // On the lab network some never arrive (the wire dropped them), and some no end sent
        // (the wire's duplicate, a middlebox's RST).
        for (int i = 0; i < segments.size(); ++i) {
            if (segments.at(i)->sentByEnd())
                moments.append({segments.at(i)->tUs, 2 * i, segments.at(i), false});
            if (segments.at(i)->arrives())
                moments.append({segments.at(i)->arrival(), 2 * i + 1, segments.at(i), true});
        }
        std::stable_sort(moments.begin(), moments.end(), [](const Moment &a, const Moment &b) {
            return a.t < b.t || (a.t == b.t && a.order < b.order);
        });
        for (const Moment &m : std::as_const(moments)) {
            const Event *s = m.segment;
            const int from = s->side == Side::Client ? 0 : 1;
            if (!m.arrival)
                sent(c.id, self ? Side::Client : s->side, ends[self ? 0 : from], *s);
            else
                received(c.id, self ? Side::Client : otherSide(s->side), ends[self ? 0 : 1 - from],
                         *s);
        }
    }

private:
    void move(int conn, Side side, End &end, TcpState to, qint64 t, StateVia via, quint64 cause)
    {
        if (end.state == to)
            return;
        end.state = to;
        Event e;
        e.kind = Event::Kind::State;
        e.source = Source::Inferred;
        e.side = side;
        e.conn = conn;
        e.state = to;
        e.tUs = t;
        e.via = via;
        e.cause = cause;
        m_out->append(e);
    }

    void sent(int conn, Side side, End &me, const Event &s)
    {
        auto to = [&](TcpState state) {
            move(conn, side, me, state, s.tUs, StateVia::SentSegment, s.id);
        };
        if (s.isRst()) {
            if (me.state && me.state != TcpState::Closed)
                to(TcpState::Closed);
            return;
        }
        if (s.isSyn() && !s.hasAck()) {
            if (!me.state || me.state == TcpState::Closed)
                to(TcpState::SynSent);
        } else if (s.isSyn()) {
            // Answering a SYN: this end has been in SYN_RECEIVED since that SYN arrived (a
            // listener's new connection; in a simultaneous open it got there on its own).
            if (!me.state && me.synId != 0)
                move(conn, side, me, TcpState::SynReceived, me.synAt, StateVia::ReceivedSegment,
                     me.synId);
        }
        if (s.hasAck() && !s.isSyn() && me.rcvKnown && me.state
            && !atOrAfter(me.rcvNxt, s.relAck)) {
            // This end acknowledges more than the wire showed it: the gap before what it holds
            // was filled by a segment the capture missed. Its own ACK is the proof, and the
            // moment we know of.
            me.rcvNxt = s.relAck;
            if (drainHeld(me))
                finReceived(conn, side, me, s.tUs, StateVia::SentSegment, s.id);
        }
        if (s.isFin()) {
            if (!me.finSent) {
                me.finSent = true;
                me.finSeq = s.relSeq + quint32(s.len) + (s.isSyn() ? 1 : 0);
            }
            if (me.state == TcpState::Established || me.state == TcpState::SynReceived)
                to(TcpState::FinWait1);
            else if (me.state == TcpState::CloseWait)
                to(TcpState::LastAck);
        }
    }

    void received(int conn, Side side, End &me, const Event &s)
    {
        const qint64 t = s.arrival();
        auto to = [&](TcpState state) {
            move(conn, side, me, state, t, StateVia::ReceivedSegment, s.id);
        };
        if (!me.state) {
            // Not an end yet: a SYN may make it one, if it answers.
            if (s.isSyn() && !s.hasAck()) {
                me.synId = s.id;
                me.synAt = t;
                me.rcvKnown = true;
                me.rcvNxt = s.relSeq + 1;
            }
            return;
        }
        const TcpState state = *me.state;
        if (state == TcpState::Closed)
            return;
        if (s.isRst()) {
            // RFC 9293 §3.10.7.3 and RFC 5961: in SYN_SENT a reset counts if it acknowledges
            // the SYN; later only if it carries exactly the next expected sequence number (Linux
            // answers others with a challenge ACK).
            const bool acceptable = state == TcpState::SynSent
                ? s.hasAck() && s.relAck == 1
                : !me.rcvKnown || s.relSeq == me.rcvNxt;
            if (acceptable)
                to(TcpState::Closed);
            return;
        }
        if (s.isSyn()) {
            if (!me.rcvKnown || state == TcpState::SynSent) {
                me.rcvKnown = true;
                me.rcvNxt = s.relSeq + 1;
            }
            if (!s.hasAck()) {
                // A SYN while our own is out: simultaneous open.
                if (state == TcpState::SynSent)
                    to(TcpState::SynReceived);
                return;
            }
            if ((state == TcpState::SynSent || state == TcpState::SynReceived) && s.relAck == 1)
                to(TcpState::Established);
            return;
        }
        const bool acksFin = me.finSent && s.hasAck() && atOrAfter(s.relAck, me.finSeq + 1);
        // The ACK first (Linux's order, and RFC 9293's: fifth, check the ACK field).
        if (s.hasAck()) {
            if (state == TcpState::SynReceived && atOrAfter(s.relAck, 1))
                to(TcpState::Established);
            else if (state == TcpState::FinWait1 && acksFin)
                to(TcpState::FinWait2); // RFC 9293 §3.10.7.4: "and continue processing in that
                                        // state"
            else if (state == TcpState::Closing && acksFin)
                to(TcpState::TimeWait);
            else if (state == TcpState::LastAck && acksFin)
                to(TcpState::Closed);
        }
        // Then the data and the FIN, in sequence order.
        bool finNow = false;
        if (!me.rcvKnown) {
            me.rcvKnown = true;
            me.rcvNxt = s.relSeq;
        }
        const quint32 end = s.relSeq + quint32(s.len);
        if (!atOrAfter(me.rcvNxt, s.relSeq)) {
            // After a gap: held until the missing bytes come.
            if (s.len > 0 || s.isFin())
                me.held.append({s.relSeq, end, s.isFin()});
        } else {
            if (atOrAfter(end, me.rcvNxt))
                me.rcvNxt = end;
            if (s.isFin() && end == me.rcvNxt) {
                me.rcvNxt += 1;
                finNow = true;
            }
            finNow = drainHeld(me) || finNow;
        }
        if (finNow)
            finReceived(conn, side, me, t, StateVia::ReceivedSegment, s.id);
    }

    // What was held after a gap that the sequence has now reached; true when a FIN was in it.
    static bool drainHeld(End &me)
    {
        bool fin = false;
        for (bool more = true; more;) {
            more = false;
            for (int i = 0; i < me.held.size(); ++i) {
                const End::Held h = me.held.at(i);
                if (!atOrAfter(me.rcvNxt, h.start))
                    continue;
                if (atOrAfter(h.end, me.rcvNxt))
                    me.rcvNxt = h.end;
                if (h.fin && h.end == me.rcvNxt) {
                    me.rcvNxt += 1;
                    fin = true;
                } else if (h.fin && atOrAfter(me.rcvNxt, h.end + 1)) {
                    fin = true; // the receiver's own ACK already counted it
                }
                me.held.removeAt(i);
                more = true;
                break;
            }
        }
        return fin;
    }

    // The peer's FIN, in sequence (RFC 9293 §3.10.7.4, eighth: check the FIN bit).
    void finReceived(int conn, Side side, End &me, qint64 t, StateVia via, quint64 cause)
    {
        switch (me.state.value_or(TcpState::Closed)) {
        case TcpState::Established:
        case TcpState::SynReceived:
            move(conn, side, me, TcpState::CloseWait, t, via, cause);
            break;
        case TcpState::FinWait1:
            // The FINs crossed: ours is not acknowledged yet.
            move(conn, side, me, TcpState::Closing, t, via, cause);
            break;
        case TcpState::FinWait2:
            move(conn, side, me, TcpState::TimeWait, t, via, cause);
            break;
        default:
            break;
        }
    }

    QList<Event> *m_out;
};

} // namespace

namespace {
// An end that a kernel timer closed, as `e` (a reading, or the call that reported it) shows.
Event closedByTimer(const Event &e)
{
    Event s;
    s.kind = Event::Kind::State;
    s.source = Source::Inferred;
    s.side = e.side;
    s.conn = e.conn;
    s.state = TcpState::Closed;
    s.tUs = e.tUs;
    s.via = StateVia::Timer;
    s.cause = e.id;
    return s;
}
} // namespace

QList<Event> inferTransitions(const Session &session)
{
    QList<Event> out;
    QMap<int, QList<const Event *>> byConn;
    for (const Event &e : session.events()) {
        if (e.kind == Event::Kind::Segment && e.conn > 0)
            byConn[e.conn].append(&e);
    }
    Inference inference(&out);
    for (auto it = byConn.cbegin(); it != byConn.cend(); ++it) {
        if (const Connection *c = session.connections().find(it.key()))
            inference.connection(*c, it.value());
    }
    // The listener: LISTEN from a successful listen(), CLOSED when it is closed.
    for (const Event &e : session.events()) {
        if (e.kind != Event::Kind::Call || !e.listener || e.failed())
            continue;
        if (e.verb != Verb::Listen && e.verb != Verb::Close)
            continue;
        Event s;
        s.kind = Event::Kind::State;
        s.source = Source::Inferred;
        s.side = Side::Server;
        s.listener = true;
        s.state = e.verb == Verb::Listen ? TcpState::Listen : TcpState::Closed;
        s.tUs = e.tUs;
        s.via = StateVia::Call;
        s.cause = e.id;
        out.append(s);
    }
    // Kernel timers: an end the wire left in TIME_WAIT (or an orphaned FIN_WAIT_2) that the
    // kernel no longer has went to CLOSED when its timer ran out; only a reading shows that.
    // Not when it vanished before the time its timer last showed was up: then something else
    // ended it, and the reading stands as the kernel's own word against the segments.
    constexpr qint64 kEarlyUs = 200000; // a reading's timer is in ms; polls are a second apart
    QHash<EndId, qint64> timerEnds; // per end: when its timer, as last read, runs out
    QHash<EndId, TcpState> last;
    QList<Event> sorted = out;
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const Event &a, const Event &b) { return a.tUs < b.tUs; });
    int next = 0;
    for (const Event &e : session.events()) {
        while (next < sorted.size() && sorted.at(next).tUs <= e.tUs) {
            last.insert(EndId::of(sorted.at(next)), sorted.at(next).state);
            ++next;
        }
        if (e.isReading() && e.conn != 0 && e.remainingMs >= 0)
            timerEnds.insert(EndId::of(e), e.tUs + e.remainingMs * 1000);
        if (!e.isReading() || e.via != StateVia::SockDiagGone || e.conn == 0)
            continue;
        const auto was = last.constFind(EndId::of(e));
        if (was == last.cend() || (*was != TcpState::TimeWait && *was != TcpState::FinWait2))
            continue;
        const auto timerEnd = timerEnds.constFind(EndId::of(e));
        if (timerEnd != timerEnds.cend() && e.tUs < *timerEnd - kEarlyUs)
            continue;
        out.append(closedByTimer(e));
        last.insert(EndId::of(e), TcpState::Closed);
    }
    // A connect() that gave up by its own timer (every SYN unanswered): the end was in SYN_SENT
    // until the kernel reported ETIMEDOUT, which no segment shows.
    for (const Event &e : session.events()) {
        if (!e.is(Verb::GetSockOpt) || e.option.name != SocketOption::Name::Error
            || e.option.value != ETIMEDOUT || e.conn == 0)
            continue;
        const EndId end {e.conn, e.side, false};
        std::optional<TcpState> before;
        for (const Event &t : std::as_const(out)) {
            if (EndId::of(t) == end && t.tUs <= e.tUs)
                before = t.state;
        }
        if (before != TcpState::SynSent)
            continue;
        out.append(closedByTimer(e));
    }
    return out;
}

StateCheck StateCheck::of(const Session &session)
{
    StateCheck check;
    if (session.isTextbook())
        return check; // its segments are a picture, not what these sockets did
    QHash<EndId, QList<int>> transitions; // per end, in time order
    QHash<EndId, QList<int>> readings;
    for (int i = 0; i < session.size(); ++i) {
        const Event &e = session.at(i);
        if (e.isTransition())
            transitions[EndId::of(e)].append(i);
        else if (e.isReading())
            readings[EndId::of(e)].append(i);
    }
    for (auto it = readings.cbegin(); it != readings.cend(); ++it) {
        const QList<int> ts = transitions.value(it.key());
        for (const int r : it.value()) {
            const Event &reading = session.at(r);
            if (ts.isEmpty()) {
                check.unmatched.append(r);
                continue;
            }
            const qint64 r0 = reading.readFromUs >= 0 ? reading.readFromUs : reading.tUs;
            const qint64 r1 = reading.tUs;
            bool agrees = false;
            for (int k = 0; k < ts.size(); ++k) {
                const Event &t = session.at(ts.at(k));
                const qint64 from = t.tUs - kToleranceUs;
                const qint64 until = k + 1 < ts.size() ? session.at(ts.at(k + 1)).tUs + kToleranceUs
                                                       : std::numeric_limits<qint64>::max();
                if (t.state == reading.state && r1 >= from && r0 <= until) {
                    agrees = true;
                    if (!check.confirmedBy.contains(ts.at(k)))
                        check.confirmedBy.insert(ts.at(k), r);
                }
            }
            // Before the wire shows this end at all, a reading of it has nothing to meet.
            const qint64 firstAt = session.at(ts.constFirst()).tUs - kToleranceUs;
            if (!agrees && r1 < firstAt)
                check.unmatched.append(r);
            else if (!agrees)
                check.disagreements.append(r);
        }
    }
    std::sort(check.disagreements.begin(), check.disagreements.end());
    std::sort(check.unmatched.begin(), check.unmatched.end());
    return check;
}

StateTracker::StateTracker(Session *session, QObject *parent)
    : QObject(parent)
    , m_session(session)
{
    // Coalesce: a burst of segments is looked at once, in the next turn of the event loop.
    connect(session, &Session::eventInserted, this, [this](int index) {
        const Event &e = m_session->at(index);
        const bool relevant = e.kind == Event::Kind::Segment || e.isReading()
            || (e.kind == Event::Kind::Call && e.listener);
        if (m_updating || m_scheduled || !relevant)
            return;
        m_scheduled = true;
        QTimer::singleShot(0, this, [this] {
            m_scheduled = false;
            refresh();
        });
    });
    connect(session, &Session::eventsChanged, this, [this] {
        if (!m_updating)
            QTimer::singleShot(0, this, &StateTracker::refresh);
    });
    connect(session, &Session::reset, this, [this] {
        if (!m_updating)
            QTimer::singleShot(0, this, &StateTracker::refresh);
    });
}

void StateTracker::refresh()
{
    if (!m_session)
        return;
    QList<Event> wanted = inferTransitions(*m_session);
    std::stable_sort(wanted.begin(), wanted.end(),
                     [](const Event &a, const Event &b) { return a.tUs < b.tUs; });
    QList<const Event *> existing;
    for (const Event &e : m_session->events()) {
        if (e.isTransition())
            existing.append(&e);
    }
    auto same = [](const Event *a, const Event &b) {
        return a->tUs == b.tUs && a->side == b.side && a->conn == b.conn
            && a->listener == b.listener && a->state == b.state && a->cause == b.cause
            && a->via == b.via;
    };
    // Only what changed: new segments add transitions at the end, so keep the common start.
    int keep = 0;
    while (keep < existing.size() && keep < wanted.size()
           && same(existing.at(keep), wanted.at(keep)))
        ++keep;
    if (keep == existing.size() && keep == wanted.size())
        return;
    m_updating = true;
    int seen = 0;
    QList<int> remove;
    for (int i = 0; i < m_session->size(); ++i) {
        if (m_session->at(i).isTransition() && seen++ >= keep)
            remove.append(i);
    }
    for (auto it = remove.crbegin(); it != remove.crend(); ++it)
        m_session->removeAt(*it);
    for (int k = keep; k < wanted.size(); ++k)
        m_session->insert(wanted.at(k));
    m_updating = false;
}

} // namespace tcplab
