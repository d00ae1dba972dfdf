#include "session/segmentmodel.h"

#include "kernel/kernelsettings.h"
#include "session/session.h"

#include <QAbstractSocket>
#include <QSysInfo>

#include <cerrno>

#include <limits>

namespace tcplab {

namespace {
constexpr qint64 kNever = std::numeric_limits<qint64>::max();
} // namespace

WireParameters WireParameters::ofThisKernel()
{
    // Read once: these change only when an administrator changes the sysctls.
    static const WireParameters cached = [] {
        WireParameters p;
        const TcpSysctls sysctls = TcpSysctls::read();
        // A setting that could not be read counts as Linux's default (on).
        p.sack = sysctls.sack != 0;
        p.timestamps = sysctls.timestamps != 0;
        p.windowScale = sysctls.windowScaling != 0 ? windowScaleForSyn(sysctls) : -1;
        const int mtu = interfaceMtu(QStringLiteral("lo"));
        p.mss = loopbackMss(mtu > 0 ? mtu : 65536);
        p.synWindow = quint32(tcplab::synWindow(p.mss));
        p.synAckWindow = quint32(tcplab::synAckWindow(p.mss, p.timestamps));
        p.window = quint32(firstAckWindow(p.mss, p.windowScale));
        p.synRetransmitMs = synRetransmitScheduleMs(sysctls);
        p.pingpongThreshold
            = std::max(1, tcplab::pingpongThreshold(sysctls, QSysInfo::kernelVersion()));
        return p;
    }();
    return cached;
}

TcpOptions WireParameters::synOptions(const TcpOptions *peer) const
{
    // Linux's order (tcp_options_write): MSS; SACK-permitted and timestamps together, or
    // timestamps after two NOPs; NOP and window scale; SACK-permitted after two NOPs alone.
    const bool sackOk = sack && (!peer || findOption(*peer, TcpOption::Kind::SackPermitted));
    const bool tsOk = timestamps && (!peer || findOption(*peer, TcpOption::Kind::Timestamp));
    const bool scaleOk
        = windowScale >= 0 && (!peer || findOption(*peer, TcpOption::Kind::WindowScale));
    TcpOptions o {TcpOption::mss(quint32(mss))};
    if (tsOk) {
        if (sackOk)
            o << TcpOption::sackPermitted();
        else
            o << TcpOption::nop() << TcpOption::nop();
        o << TcpOption::timestamp(0, 0);
    }
    if (scaleOk)
        o << TcpOption::nop() << TcpOption::windowScale(windowScale);
    if (sackOk && !tsOk)
        o << TcpOption::nop() << TcpOption::nop() << TcpOption::sackPermitted();
    return o;
}

SegmentModel::SegmentModel(Session *session, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_parameters(WireParameters::ofThisKernel())
{
    connect(session, &Session::eventInserted, this, &SegmentModel::onInserted);
    connect(session, &Session::reset, this, [this] {
        m_flows.clear();
        m_inFlight.clear();
    });
    // A Qt client learns its ends late; the segments modelled for them meanwhile are its own.
    connect(session, &Session::connectionMerged, this, [this](int from, int into) {
        if (!m_flows.contains(from) || m_flows.contains(into))
            return;
        Flow flow = m_flows.take(from);
        flow.conn = into;
        m_flows.insert(into, flow);
        for (Arrival &a : m_inFlight) {
            if (a.conn == from)
                a.conn = into;
        }
    });
    m_flushTimer.setSingleShot(true);
    connect(&m_flushTimer, &QTimer::timeout, this, [this] { flush(false); });
}

void SegmentModel::onInserted(int index)
{
    if (m_inserting || !m_session)
        return;
    const Event e = m_session->at(index);
    if (e.kind == Event::Kind::Call && !e.listener)
        onCall(e);
}

SegmentModel::Flow *SegmentModel::flowFor(int conn)
{
    auto it = m_flows.find(conn);
    return it != m_flows.end() ? &it.value() : nullptr;
}

QList<Event> SegmentModel::asSystemCalls(const Event &qt)
{
    // Qt's write() only buffers; the bytes go to the kernel when Qt reports bytesWritten().
    // The descriptor closes (FIN) when Qt emits disconnected(), whichever verb led there.
    Event e = qt;
    e.api = Api::System;
    switch (qt.verb) {
    case Verb::ConnectToHost:
        e.verb = Verb::Connect;
        e.err = EINPROGRESS;
        return {e};
    case Verb::Connected:
        e.verb = Verb::GetSockOpt;
        e.option = {SocketOption::Name::Error, 0, 0};
        return {e};
    case Verb::ErrorOccurred:
        if (qt.qtError == int(QAbstractSocket::ConnectionRefusedError)) {
            e.verb = Verb::GetSockOpt;
            e.option = {SocketOption::Name::Error, ECONNREFUSED, 0};
            return {e};
        }
        if (qt.qtError == int(QAbstractSocket::RemoteHostClosedError)) {
            // The peer's FIN came (what a read() of 0 shows), and Qt closed the descriptor
            // before it emitted the signal: our FIN comes first.
            Event eof = e;
            eof.verb = Verb::Read;
            eof.result = 0;
            eof.tUs = qt.tUs - 3;
            e.verb = Verb::Close;
            e.result = 0;
            e.tUs = qt.tUs - 2;
            return {eof, e};
        }
        return {};
    case Verb::BytesWritten:
        e.verb = Verb::Write;
        e.tUs = qt.tUs - 2; // Qt signals after it wrote: the segment comes first
        return {e};
    case Verb::ReadAll:
        if (qt.result <= 0)
            return {}; // an empty readAll() read nothing from the kernel
        e.verb = Verb::Read;
        return {e};
    case Verb::Disconnected:
        e.verb = Verb::Close;
        e.result = 0;
        e.tUs = qt.tUs - 2;
        return {e};
    case Verb::NextPendingConnection:
        if (qt.result != 0)
            return {};
        e.verb = Verb::Accept;
        return {e};
    default:
        return {};
    }
}

void SegmentModel::onCall(const Event &qtOrSystemCall)
{
    if (qtOrSystemCall.isQt()) {
        const QList<Event> calls = asSystemCalls(qtOrSystemCall);
        for (const Event &c : calls)
            onCall(c);
        // A QTcpSocket reads whatever arrives: the kernel never holds unread data for it.
        if (Flow *flow = flowFor(qtOrSystemCall.conn)) {
            flow->end(qtOrSystemCall.side).eager = true;
            flow->end(qtOrSystemCall.side).unread = 0;
        }
        return;
    }
    const Event &call = qtOrSystemCall;
    const qint64 t = call.tUs;
    const bool ok = call.err == 0 || call.err == EINPROGRESS;
    const Connection *connection = m_session->connections().find(call.conn);
    if (!connection)
        return;
    due(t, t);

    // Opening: a client's connect(), or a server's accept() of a client that is not ours.
    if (call.side == Side::Client && call.verb == Verb::Connect && ok) {
        if (Flow *known = flowFor(call.conn); known && known->established) {
            // The server's accept() came first (a Qt client's connectToHost() is recorded once
            // Qt says connected): the handshake is drawn already.
            known->client.local = true;
            return;
        }
        Flow flow;
        flow.conn = call.conn;
        flow.client.local = true;
        flow.connectAt = t;
        flow.self = connection->selfConnected();
        m_flows.insert(call.conn, flow);
        send(m_flows[call.conn], Side::Client, TcpFlag::Syn, 0, t + 1);
        scheduleFlush();
        return;
    }
    if (call.side == Side::Server && call.verb == Verb::Accept && call.result >= 0) {
        Flow *flow = flowFor(call.conn);
        if (!flow) {
            // The client is another program: its handshake happened before accept().
            Flow f;
            f.conn = call.conn;
            m_flows.insert(call.conn, f);
            flow = &m_flows[call.conn];
            send(*flow, Side::Client, TcpFlag::Syn, 0, t - 3);
            send(*flow, Side::Server, TcpFlag::Syn | TcpFlag::Ack, 0, t - 2);
            send(*flow, Side::Client, TcpFlag::Ack, 0, t - 1);
            flow->established = true;
        }
        flow->server.local = true;
        return;
    }

    Flow *flow = flowFor(call.conn);
    if (!flow || flow->reset)
        return;
    End &me = flow->end(call.side);
    End &peer = flow->end(otherSide(call.side));
    me.local = true;

    if (call.verb == Verb::GetSockOpt && call.option.name == SocketOption::Name::Error
        && !flow->established) {
        if (call.option.value == 0) {
            if (flow->self) {
                // Its SYN came back to it: SYN/ACK with its own ISN, then the ACK.
                send(*flow, Side::Client, TcpFlag::Syn | TcpFlag::Ack, 0, flow->connectAt + 2);
            } else {
                send(*flow, Side::Server, TcpFlag::Syn | TcpFlag::Ack, 0, flow->connectAt + 2);
            }
            send(*flow, Side::Client, TcpFlag::Ack, 0, flow->connectAt + 3);
            flow->established = true;
        } else {
            send(*flow, Side::Server, TcpFlag::Rst | TcpFlag::Ack, 0, flow->connectAt + 2);
            flow->reset = true;
        }
    } else if (call.verb == Verb::Write && call.result > 0) {
        if (me.corked)
            me.held += call.result;
        else
            send(*flow, call.side, TcpFlag::Psh | TcpFlag::Ack, call.result, t + 1);
    } else if (call.verb == Verb::Read) {
        // A peer that is another program shows itself only through what we read.
        if (!peer.local && call.result > 0 && me.unread < call.result)
            send(*flow, otherSide(call.side), TcpFlag::Psh | TcpFlag::Ack, call.result - me.unread,
                 t - 1);
        if (!peer.local && call.result == 0 && call.err == 0 && !peer.finSent)
            send(*flow, otherSide(call.side), TcpFlag::Fin | TcpFlag::Ack, 0, t - 1);
        if (call.result > 0)
            me.unread = std::max<qint64>(0, me.unread - call.result);
    } else if (call.verb == Verb::Shutdown && call.result == 0 && call.how != ShutdownHow::Read) {
        if (!me.finSent) {
            send(*flow, call.side, TcpFlag::Fin | TcpFlag::Ack | (me.held > 0 ? TcpFlag::Psh : 0),
                 me.held, t + 1, m_teardownDelayUs);
            me.held = 0;
        }
    } else if (call.verb == Verb::SetSockOpt && call.option.name == SocketOption::Name::Linger) {
        me.linger0 = call.option.isLingerZero();
    } else if (call.verb == Verb::SetSockOpt && call.option.name == SocketOption::Name::Cork) {
        me.corked = call.option.value != 0;
        if (!me.corked && me.held > 0) {
            send(*flow, call.side, TcpFlag::Psh | TcpFlag::Ack, me.held, t + 1);
            me.held = 0;
        }
    } else if (call.verb == Verb::Close && call.result == 0) {
        me.closed = true;
        if (me.unread > 0 || me.linger0) {
            // RFC 2525 §2.17: data nobody will read, or an abortive close: reset.
            send(*flow, call.side, TcpFlag::Rst | TcpFlag::Ack, 0, t + 1);
            flow->reset = true;
        } else if (!me.finSent) {
            // Data held back by TCP_CORK leaves with the FIN, in one segment.
            send(*flow, call.side, TcpFlag::Fin | TcpFlag::Ack | (me.held > 0 ? TcpFlag::Psh : 0),
                 me.held, t + 1, m_teardownDelayUs);
            me.held = 0;
        }
    }
    scheduleFlush();
}

void SegmentModel::send(Flow &flow, Side from, quint8 flags, qint64 length, qint64 atUs,
                        qint64 delayUs)
{
    const Connection *connection = m_session->connections().find(flow.conn);
    if (!connection)
        return;
    End &me = flow.end(from);
    End &peer = flow.self ? me : flow.end(otherSide(from));
    const bool syn = flags & TcpFlag::Syn;
    const bool fin = flags & TcpFlag::Fin;
    const bool rst = flags & TcpFlag::Rst;
    const bool ack = flags & TcpFlag::Ack;
    const WireParameters &p = m_parameters;
    // What the peer offered in its SYN decides what a SYN/ACK may carry.
    const TcpOptions offered = p.synOptions(nullptr);

    Event e;
    e.kind = Event::Kind::Segment;
    e.side = from;
    e.conn = flow.conn;
    e.tUs = atUs;
    e.flags = flags;
    // A SYN/ACK and a retransmitted SYN carry the initial sequence number again.
    e.seq = e.relSeq = syn ? 0 : me.seq;
    e.ack = e.relAck = ack ? me.rcvNxt : 0;
    e.len = length;
    e.from = from == Side::Client ? connection->client : connection->server;
    e.to = from == Side::Client ? connection->server : connection->client;
    const bool scaled = p.windowScale >= 0;
    if (syn) {
        e.options = ack && !flow.self ? p.synOptions(&offered) : p.synOptions(nullptr);
        e.win = ack && !flow.self ? p.synAckWindow : p.synWindow;
        e.winShift = 0;
    } else if (rst && (!ack || !flow.established)) {
        // A reset from no socket (a refused SYN) or for data to a closed one
        // (tcp_v4_send_reset): no window, no options.
        e.win = 0;
        e.winShift = scaled ? p.windowScale : 0;
    } else {
        e.win = p.window;
        e.winShift = scaled ? p.windowScale : 0;
        if (p.timestamps)
            e.options << TcpOption::nop() << TcpOption::nop() << TcpOption::timestamp(0, 0);
        if (flow.self && !flow.established && !syn && p.sack)
            // A socket that connected to itself saw its SYN twice: the ACK reports the
            // duplicate with a D-SACK block (RFC 2883), as Linux does.
            e.options << TcpOption::nop() << TcpOption::nop() << TcpOption::sack({{0, 1}});
    }
    if (delayUs > 0)
        e.arriveUs = atUs + delayUs;
    e.source = Source::Modelled;
    m_inserting = true;
    m_session->addModelledSegment(std::move(e));
    m_inserting = false;

    if (ack)
        me.owedAckAt = -1; // any ACK settles what was owed
    if (length > 0 && me.lastReceivedAt >= 0 && atUs - me.lastReceivedAt < kDelayedAckUs
        && ++me.answers >= m_parameters.pingpongThreshold)
        me.pingpong = true; // it answered what it got: Linux's interactive mode
    if (syn) {
        if (!ack)
            ++flow.synsSent;
        if (me.seq == 0)
            me.seq = 1; // every copy of the SYN takes the initial sequence number
    } else {
        me.seq += quint32(length) + (fin ? 1 : 0);
    }
    if (fin)
        me.finSent = true;
    if (rst) {
        flow.reset = true;
        return;
    }
    if (syn) {
        peer.rcvNxt = 1;
        return; // the handshake's answers are modelled by whoever opened it
    }
    const Arrival arrival {flow.conn, from, flags, length, atUs + delayUs, me.seq};
    if (delayUs > 0) {
        m_inFlight.append(arrival);
        return;
    }
    deliver(flow, arrival);
}

void SegmentModel::deliver(Flow &flow, const Arrival &a)
{
    if (flow.self || flow.reset)
        return;
    End &me = flow.end(otherSide(a.from));
    const Side side = otherSide(a.from);
    const bool fin = a.flags & TcpFlag::Fin;
    me.rcvNxt = a.end;
    if (me.closed && a.length > 0) {
        // Data for a socket nobody can read any more: the kernel answers with RST.
        send(flow, side, TcpFlag::Rst, 0, a.at + 1);
        return;
    }
    if (a.length > 0) {
        if (!me.eager)
            me.unread += a.length;
        me.lastReceivedAt = a.at;
    }
    if (fin) {
        me.finReceived = true;
        if (me.finSent || me.closed) {
            // FIN_WAIT_1/2, CLOSING: the FIN is acknowledged at once (over the same slow wire
            // in the textbook picture).
            send(flow, side, TcpFlag::Ack, 0, a.at + 1, m_teardownDelayUs);
            return;
        }
        // Linux enters its interactive mode on a FIN and delays the ACK, hoping the
        // application answers (then it rides along); with data on the FIN as well.
        me.pingpong = true;
        if (me.owedAckAt < 0)
            me.owedAckAt = a.at + (me.lastReceivedAt >= 0 ? kDelayedAckUs : kNoDataAckUs);
        return;
    }
    if (a.length > 0) {
        if (me.pingpong) {
            if (me.owedAckAt < 0)
                me.owedAckAt = a.at + kDelayedAckUs;
        } else {
            send(flow, side, TcpFlag::Ack, 0, a.at + 1); // quick-ack
        }
    }
}

qint64 SegmentModel::retransmitAt(const Flow &flow) const
{
    // The client's SYN, unanswered, goes again on the kernel's schedule.
    const int retry = flow.synsSent - 1;
    if (flow.established || flow.reset || flow.client.closed || flow.synsSent == 0
        || retry >= m_parameters.synRetransmitMs.size())
        return kNever;
    return flow.connectAt + 1 + qint64(m_parameters.synRetransmitMs.at(retry)) * 1000;
}

void SegmentModel::due(qint64 beforeUs, qint64 retransmitBeforeUs)
{
    // Everything that comes due by then, in time order: arrivals of a slow teardown, delayed
    // ACKs, SYN retransmissions.
    for (;;) {
        enum class What { Nothing, Arrival, Ack, Syn } what = What::Nothing;
        qint64 next = kNever;
        int arrival = -1;
        Flow *flow = nullptr;
        Side ackSide = Side::Client;
        for (int i = 0; i < m_inFlight.size(); ++i) {
            if (m_inFlight.at(i).at < next) {
                next = m_inFlight.at(i).at;
                arrival = i;
                what = What::Arrival;
            }
        }
        for (Flow &f : m_flows) {
            if (f.reset)
                continue;
            for (const Side side : {Side::Client, Side::Server}) {
                const End &end = f.end(side);
                if (end.owedAckAt >= 0 && end.owedAckAt < next) {
                    next = end.owedAckAt;
                    flow = &f;
                    ackSide = side;
                    what = What::Ack;
                }
            }
            if (const qint64 at = retransmitAt(f); at < next && at <= retransmitBeforeUs) {
                next = at;
                flow = &f;
                what = What::Syn;
            }
        }
        if (what == What::Nothing || next > beforeUs)
            return;
        switch (what) {
        case What::Arrival: {
            const Arrival a = m_inFlight.takeAt(arrival);
            if (Flow *f = flowFor(a.conn))
                deliver(*f, a);
            break;
        }
        case What::Ack: {
            End &end = flow->end(ackSide);
            end.owedAckAt = -1;
            send(*flow, ackSide, TcpFlag::Ack, 0, next);
            end.pingpong = false; // a delayed ACK that had to go alone ends the interactive mode
            end.answers = 0;
            break;
        }
        case What::Syn:
            send(*flow, Side::Client, TcpFlag::Syn, 0, next);
            break;
        case What::Nothing:
            return;
        }
    }
}

void SegmentModel::flush(bool everything)
{
    if (!m_session)
        return;
    // Everything owed goes out; a SYN is retransmitted only when its time has come.
    const qint64 now = m_session->now();
    due(everything ? kNever - 1 : now, now);
    scheduleFlush();
}

void SegmentModel::scheduleFlush()
{
    qint64 next = kNever;
    for (const Arrival &a : std::as_const(m_inFlight))
        next = std::min(next, a.at);
    for (const Flow &flow : std::as_const(m_flows)) {
        if (flow.reset)
            continue;
        for (const End *end : {&flow.client, &flow.server}) {
            if (end->owedAckAt >= 0)
                next = std::min(next, end->owedAckAt);
        }
        next = std::min(next, retransmitAt(flow));
    }
    if (next == kNever) {
        m_flushTimer.stop();
        return;
    }
    const qint64 waitMs = std::max<qint64>(0, (next - m_session->now()) / 1000 + 1);
    m_flushTimer.start(int(std::min<qint64>(waitMs, 1 << 30)));
}

} // namespace tcplab
