#include "session/segmentmodel.h"

#include "session/session.h"

#include <QHostAddress>

namespace tcplab {

namespace {
Side other(Side side)
{
    return side == Side::Client ? Side::Server : Side::Client;
}

quint16 portOf(const QString &endpoint)
{
    return quint16(endpoint.mid(endpoint.lastIndexOf(QLatin1Char(':')) + 1).toUInt());
}
} // namespace

SegmentModel::SegmentModel(Session *session, QObject *parent)
    : QObject(parent)
    , m_session(session)
{
    connect(session, &Session::eventInserted, this, &SegmentModel::onInserted);
    connect(session, &Session::reset, this, [this] { m_flows.clear(); });
    m_flushTimer.setSingleShot(true);
    connect(&m_flushTimer, &QTimer::timeout, this, [this] { flush(false); });
}

void SegmentModel::onInserted(int index)
{
    if (m_inserting || !m_session)
        return;
    const Event e = m_session->at(index);
    if (e.kind == Event::Kind::Call)
        onCall(e);
}

SegmentModel::Flow *SegmentModel::flowFor(const Event &call)
{
    quint16 clientPort = 0;
    if (call.side == Side::Client)
        clientPort = m_session->clientConnectionPort(call.conn)
            ? m_session->clientConnectionPort(call.conn)
            : m_session->client().port;
    else if (call.conn > 0)
        clientPort = m_session->connectionPort(call.conn);
    auto it = m_flows.find(clientPort);
    return clientPort != 0 && it != m_flows.end() ? &it.value() : nullptr;
}

QList<Event> SegmentModel::asSystemCalls(const Event &qt)
{
    // Qt's write() only buffers; the bytes go to the kernel when Qt reports bytesWritten().
    // The descriptor closes (FIN) when Qt emits disconnected(), whichever verb led there.
    Event e = qt;
    e.api.clear();
    if (qt.call == QLatin1String("connectToHost") && !qt.isQtSignal()) {
        e.call = QStringLiteral("connect");
        e.errnoName = QStringLiteral("EINPROGRESS");
    } else if (qt.call == QLatin1String("connected") && qt.isQtSignal()) {
        e.call = QStringLiteral("getsockopt");
        e.args = QStringLiteral("SO_ERROR");
        e.result = 0;
    } else if (qt.call == QLatin1String("errorOccurred")
               && qt.args == QLatin1String("ConnectionRefusedError")) {
        e.call = QStringLiteral("getsockopt");
        e.args = QStringLiteral("SO_ERROR");
        e.result = 111; // ECONNREFUSED
    } else if (qt.call == QLatin1String("bytesWritten") && qt.isQtSignal()) {
        e.call = QStringLiteral("write");
        e.tUs = qt.tUs - 2; // Qt signals after it wrote: the segment comes first
    } else if (qt.call == QLatin1String("readAll") && qt.result > 0) {
        e.call = QStringLiteral("read"); // (an empty readAll() read nothing from the kernel)
    } else if (qt.call == QLatin1String("errorOccurred")
               && qt.args == QLatin1String("RemoteHostClosedError")) {
        // The peer's FIN came (what a read() of 0 shows), and Qt closed the descriptor before it
        // emitted the signal: our FIN comes first.
        Event eof = e;
        eof.call = QStringLiteral("read");
        eof.args.clear();
        eof.result = 0;
        eof.tUs = qt.tUs - 3;
        e.call = QStringLiteral("close");
        e.args.clear();
        e.result = 0;
        e.tUs = qt.tUs - 2;
        return {eof, e};
    } else if (qt.call == QLatin1String("disconnected") && qt.isQtSignal()) {
        e.call = QStringLiteral("close");
        e.args.clear();
        e.result = 0;
        e.tUs = qt.tUs - 2;
    } else if (qt.call == QLatin1String("nextPendingConnection") && qt.result == 0) {
        e.call = QStringLiteral("accept");
    } else {
        return {};
    }
    return {e};
}

void SegmentModel::onCall(const Event &qtOrSystemCall)
{
    if (qtOrSystemCall.isQt()) {
        const QList<Event> calls = asSystemCalls(qtOrSystemCall);
        if (calls.isEmpty())
            return;
        for (const Event &c : calls)
            onCall(c);
        const Event *call = &calls.constLast();
        // A QTcpSocket reads whatever arrives: the kernel never holds unread data for it.
        const quint16 clientPort = call->side == Side::Client
            ? (m_session->clientConnectionPort(call->conn)
                   ? m_session->clientConnectionPort(call->conn)
                   : m_session->client().port)
            : m_session->connectionPort(call->conn);
        auto it = m_flows.find(clientPort);
        if (it != m_flows.end()) {
            it->end(call->side).eager = true;
            it->end(call->side).unread = 0;
        }
        return;
    }
    const Event &call = qtOrSystemCall;
    const qint64 t = call.tUs;
    const bool ok = call.errnoName.isEmpty() || call.errnoName == QLatin1String("EINPROGRESS");

    // Opening: a client's connect(), or a server's accept() of a client that is not ours.
    if (call.side == Side::Client && call.call == QLatin1String("connect") && ok) {
        const quint16 clientPort = m_session->clientConnectionPort(call.conn)
            ? m_session->clientConnectionPort(call.conn)
            : m_session->client().port;
                if (clientPort == 0)
            return;
        if (auto known = m_flows.find(clientPort);
            known != m_flows.end() && known->established && !known->reset) {
            // The server's accept() came first (a Qt client's connectToHost() is recorded once
            // Qt says connected): the handshake is drawn already.
            known->client.local = true;
            return;
        }
        Flow flow;
        flow.clientPort = clientPort;
        flow.serverPort = portOf(call.args);
        flow.client.local = true;
        flow.connectAt = t;
        m_flows.insert(clientPort, flow);
        send(m_flows[clientPort], Side::Client, QStringLiteral("S"), 0, t + 1);
        return;
    }
    if (call.side == Side::Server && call.call == QLatin1String("accept") && call.result >= 0) {
        const quint16 clientPort = portOf(call.args);
        auto it = m_flows.find(clientPort);
        if (it == m_flows.end()) {
            // The client is another program: its handshake happened before accept().
            Flow flow;
            flow.clientPort = clientPort;
            flow.serverPort = m_session->server().port;
            m_flows.insert(clientPort, flow);
            Flow &f = m_flows[clientPort];
            send(f, Side::Client, QStringLiteral("S"), 0, t - 3);
            send(f, Side::Server, QStringLiteral("S."), 0, t - 2);
            send(f, Side::Client, QStringLiteral("."), 0, t - 1);
            f.established = true;
            it = m_flows.find(clientPort);
        }
        it->server.local = true;
        return;
    }

    Flow *flow = flowFor(call);
    if (!flow || flow->reset)
        return;
    End &me = flow->end(call.side);
    End &peer = flow->end(other(call.side));
    me.local = true;
    dueAcks(*flow, t);

    if (call.call == QLatin1String("getsockopt") && call.args == QLatin1String("SO_ERROR")
        && !flow->established) {
        if (call.result == 0) {
            // A socket connected to itself answers its own SYN (simultaneous open).
            const Side answer = flow->serverPort == flow->clientPort ? Side::Client : Side::Server;
            send(*flow, answer, QStringLiteral("S."), 0, flow->connectAt + 2);
            send(*flow, Side::Client, QStringLiteral("."), 0, flow->connectAt + 3);
            flow->established = true;
        } else {
            send(*flow, Side::Server, QStringLiteral("R."), 0, flow->connectAt + 2);
            flow->reset = true;
        }
    } else if (call.call == QLatin1String("write") && call.result > 0) {
        if (me.corked)
            me.held += call.result;
        else
            send(*flow, call.side, QStringLiteral("P."), call.result, t + 1);
    } else if (call.call == QLatin1String("read")) {
        // A peer that is another program shows itself only through what we read.
        if (!peer.local && call.result > 0 && me.unread < call.result)
            send(*flow, other(call.side), QStringLiteral("P."), call.result - me.unread, t - 1);
        if (!peer.local && call.result == 0 && !peer.finSent)
            send(*flow, other(call.side), QStringLiteral("F."), 0, t - 1);
        if (call.result > 0)
            me.unread = std::max<qint64>(0, me.unread - call.result);
    } else if (call.call == QLatin1String("shutdown") && call.result == 0
               && call.args != QLatin1String("SHUT_RD")) {
        if (!me.finSent) {
            send(*flow, call.side, me.held > 0 ? QStringLiteral("FP.") : QStringLiteral("F."),
                 me.held, t + 1);
            me.held = 0;
        }
    } else if (call.call == QLatin1String("setsockopt")
               && call.args.startsWith(QLatin1String("SO_LINGER"))) {
        me.linger0 = call.args == QLatin1String("SO_LINGER {1, 0}");
    } else if (call.call == QLatin1String("setsockopt")
               && call.args.startsWith(QLatin1String("TCP_CORK"))) {
        me.corked = call.args.endsWith(QLatin1String("= 1"));
        if (!me.corked && me.held > 0) {
            send(*flow, call.side, QStringLiteral("P."), me.held, t + 1);
            me.held = 0;
        }
    } else if (call.call == QLatin1String("close") && call.result == 0) {
        me.closed = true;
        if (me.unread > 0 || me.linger0) {
            // RFC 2525 §2.17: data nobody will read, or an abortive close: reset.
            send(*flow, call.side, QStringLiteral("R."), 0, t + 1);
            flow->reset = true;
        } else if (!me.finSent && m_simultaneousUs > 0 && peer.finSent
                   && t - peer.finSentAt <= m_simultaneousUs) {
            // The FINs cross: ours does not acknowledge theirs (it has not arrived); each side
            // then acknowledges the other's FIN from FIN_WAIT_1, through CLOSING.
            me.rcvNxt -= 1;
            me.owedAckAt = -1;
            me.finReceived = false;
            send(*flow, call.side, QStringLiteral("F."), 0, t + 1);
            me.rcvNxt += 1;
            send(*flow, call.side, QStringLiteral("."), 0, t + 2);
        } else if (!me.finSent) {
            // Data held back by TCP_CORK leaves with the FIN, in one segment.
            send(*flow, call.side, me.held > 0 ? QStringLiteral("FP.") : QStringLiteral("F."),
                 me.held, t + 1);
            me.held = 0;
        }
    }
    scheduleFlush();
}

void SegmentModel::send(Flow &flow, Side from, const QString &flags, qint64 length, qint64 atUs)
{
    End &me = flow.end(from);
    End &peer = flow.end(other(from));
    const bool syn = flags.contains(QLatin1Char('S'));
    const bool fin = flags.contains(QLatin1Char('F'));
    const bool rst = flags.contains(QLatin1Char('R'));
    const bool ack = flags.contains(QLatin1Char('.'));

    Event e;
    e.kind = Event::Kind::Segment;
    e.side = from;
    e.conn = m_session->connectionForPort(flow.clientPort);
    e.tUs = atUs;
    e.flags = flags;
    e.seq = e.relSeq = me.seq;
    e.ack = e.relAck = ack ? me.rcvNxt : 0;
    e.len = length;
    e.win = 65483;
    if (syn) {
        e.win = 65495;
        e.options
            = QStringList {QStringLiteral("mss 65495"), QStringLiteral("sackOK"),
                           QStringLiteral("TS"), QStringLiteral("nop"), QStringLiteral("wscale 7")};
    }
    e.srcPort = from == Side::Client ? flow.clientPort : flow.serverPort;
    e.dstPort = from == Side::Client ? flow.serverPort : flow.clientPort;
    e.source = QStringLiteral("modelled");
    m_inserting = true;
    m_session->insert(std::move(e));
    m_inserting = false;

    if (ack)
        me.owedAckAt = -1; // any ACK settles what was owed
    me.seq += quint32(length) + (syn || fin ? 1 : 0);
    if (rst)
        return;
    peer.rcvNxt = me.seq;
    if (syn)
        return; // the handshake's answers are modelled by whoever opened it

    if (peer.closed && length > 0) {
        // Data for a socket nobody can read any more: the kernel answers with RST.
        send(flow, other(from), QStringLiteral("R"), 0, atUs + 1);
        flow.reset = true;
        return;
    }
    if (length > 0) {
        if (!peer.eager)
            peer.unread += length;
        send(flow, other(from), QStringLiteral("."), 0, atUs + 1); // quick-ack
    }
    if (fin) {
        me.finSent = true;
        me.finSentAt = atUs;
        peer.finReceived = true;
        if (peer.finSent || peer.closed)
            send(flow, other(from), QStringLiteral("."), 0, atUs + 1); // FIN_WAIT_x: at once
        else if (length == 0)
            peer.owedAckAt = atUs + kDelayedAckUs; // CLOSE_WAIT: delayed ACK
        // (with data on the FIN, the quick-ack above covered the FIN already)
    }
}

void SegmentModel::dueAcks(Flow &flow, qint64 beforeUs)
{
    for (Side side : {Side::Client, Side::Server}) {
        End &end = flow.end(side);
        if (end.owedAckAt >= 0 && end.owedAckAt <= beforeUs && !flow.reset)
            send(flow, side, QStringLiteral("."), 0, end.owedAckAt);
    }
}

void SegmentModel::flush(bool everything)
{
    if (!m_session)
        return;
    const qint64 now = everything ? std::numeric_limits<qint64>::max() : m_session->now();
    for (Flow &flow : m_flows)
        dueAcks(flow, now);
    scheduleFlush();
}

void SegmentModel::scheduleFlush()
{
    qint64 next = -1;
    for (const Flow &flow : std::as_const(m_flows)) {
        for (const End *end : {&flow.client, &flow.server}) {
            if (end->owedAckAt >= 0 && (next < 0 || end->owedAckAt < next))
                next = end->owedAckAt;
        }
    }
    if (next < 0) {
        m_flushTimer.stop();
        return;
    }
    const qint64 waitMs = std::max<qint64>(0, (next - m_session->now()) / 1000 + 1);
    m_flushTimer.start(int(waitMs));
}

} // namespace tcplab
