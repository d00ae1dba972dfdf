#include "session/connections.h"

namespace tcplab {

Connection &ConnectionTable::make()
{
    Connection c;
    c.id = int(m_connections.size()) + 1;
    m_connections.append(c);
    return m_connections.last();
}

int ConnectionTable::open(Side labSide, Api api, int clientIndex)
{
    Connection &c = make();
    (labSide == Side::Client ? c.clientInLab : c.serverInLab) = true;
    (labSide == Side::Client ? c.clientApi : c.serverApi) = api;
    c.clientIndex = clientIndex;
    return c.id;
}

void ConnectionTable::setEnds(int id, const Endpoint &client, const Endpoint &server)
{
    if (Connection *c = find(id)) {
        c->client = client;
        c->server = server;
    }
}

int ConnectionTable::unclaimed(int id, const Endpoint &client, const Endpoint &server) const
{
    const Connection *mine = find(id);
    if (!mine || mine->segments > 0)
        return 0;
    for (auto it = m_connections.crbegin(); it != m_connections.crend(); ++it) {
        if (it->id == id)
            break;
        // Made by the capture (its segments) or by the server's accept(), which can both come
        // before a Qt client learns its own port: either way this connection, seen from the
        // other side first.
        if (it->client == client && it->server == server && !it->clientInLab
            && (it->segments > 0 || it->serverInLab))
            return it->id;
    }
    return 0;
}

bool ConnectionTable::merge(int id, int other)
{
    Connection *to = find(id);
    Connection *from = find(other);
    if (!to || !from)
        return false;
    to->clientIsnKnown = from->clientIsnKnown;
    to->serverIsnKnown = from->serverIsnKnown;
    to->clientIsn = from->clientIsn;
    to->serverIsn = from->serverIsn;
    to->clientWscale = from->clientWscale;
    to->serverWscale = from->serverWscale;
    to->clientSynSeen = from->clientSynSeen;
    to->serverSynSeen = from->serverSynSeen;
    to->segments = from->segments;
    if (from->serverInLab) {
        to->serverInLab = true;
        to->serverApi = from->serverApi;
    }
    if (other == m_connections.size()) {
        m_connections.removeLast();
        return false;
    }
    const int keep = from->id;
    *from = Connection();
    from->id = keep; // an empty place: its number is not given again
    return true;
}

int ConnectionTable::accepted(const Endpoint &client, const Endpoint &server, Api api)
{
    for (auto it = m_connections.rbegin(); it != m_connections.rend(); ++it) {
        if (it->client == client && it->server == server) {
            it->serverInLab = true;
            it->serverApi = api;
            return it->id;
        }
    }
    Connection &c = make();
    c.client = client;
    c.server = server;
    c.serverInLab = true;
    c.serverApi = api;
    return c.id;
}

const Connection *ConnectionTable::find(int id) const
{
    return id >= 1 && id <= m_connections.size() ? &m_connections.at(id - 1) : nullptr;
}

Connection *ConnectionTable::find(int id)
{
    return id >= 1 && id <= m_connections.size() ? &m_connections[id - 1] : nullptr;
}

ConnectionTable::Placed ConnectionTable::place(const Endpoint &source, const Endpoint &destination,
                                               quint8 flags, quint32 seq, quint16 serverPort)
{
    const bool syn = flags & TcpFlag::Syn;
    const bool ack = flags & TcpFlag::Ack;
    for (auto it = m_connections.rbegin(); it != m_connections.rend(); ++it) {
        Connection &c = *it;
        Side from;
        if (c.client == source && c.server == destination)
            from = Side::Client;
        else if (c.server == source && c.client == destination)
            from = Side::Server;
        else
            continue;
        // A SYN that is not a retransmission of this connection's starts a new incarnation of
        // the 4-tuple (the old one ended, or its ends went through TIME_WAIT).
        const bool known = from == Side::Client ? c.clientIsnKnown : c.serverIsnKnown;
        const quint32 isn = from == Side::Client ? c.clientIsn : c.serverIsn;
        if (syn && !ack && c.segments > 0 && known && isn != seq)
            break;
        return {c.id, from};
    }
    Connection &c = make();
    const bool sourceIsServer = (syn && ack)
        || (!syn && serverPort != 0 && source.port == serverPort && destination.port != serverPort);
    c.client = sourceIsServer ? destination : source;
    c.server = sourceIsServer ? source : destination;
    return {c.id, sourceIsServer ? Side::Server : Side::Client};
}

void ConnectionTable::number(Event &s)
{
    Connection *c = find(s.conn);
    if (!c)
        return;
    ++c->segments;
    const bool self = c->selfConnected();
    const bool fromClient = s.side == Side::Client;
    bool &senderKnown = fromClient ? c->clientIsnKnown : c->serverIsnKnown;
    quint32 &senderIsn = fromClient ? c->clientIsn : c->serverIsn;
    if (s.isSyn() || !senderKnown) {
        senderKnown = true;
        senderIsn = s.seq;
    }
    if (s.isSyn()) {
        const TcpOption *scale = findOption(s.options, TcpOption::Kind::WindowScale);
        (fromClient ? c->clientWscale : c->serverWscale) = scale ? int(scale->value) : -1;
        (fromClient ? c->clientSynSeen : c->serverSynSeen) = true;
    }
    // A socket connected to itself acknowledges its own sequence numbers.
    const bool receiverKnown = self ? senderKnown
        : fromClient                ? c->serverIsnKnown
                                    : c->clientIsnKnown;
    const quint32 receiverIsn = self ? senderIsn : fromClient ? c->serverIsn : c->clientIsn;
    s.relSeq = s.seq - senderIsn;
    s.relAck = s.hasAck() && receiverKnown ? s.ack - receiverIsn : 0;
    // RFC 7323: the window of a SYN is never scaled; after the handshake each end's window is
    // shifted by the scale it offered, if both offered one.
    const bool bothSeen = self ? c->clientSynSeen : c->clientSynSeen && c->serverSynSeen;
    if (s.isSyn())
        s.winShift = 0;
    else if (!bothSeen)
        s.winShift = -1;
    else if (self)
        s.winShift = std::max(0, c->clientWscale);
    else if (c->clientWscale >= 0 && c->serverWscale >= 0)
        s.winShift = fromClient ? c->clientWscale : c->serverWscale;
    else
        s.winShift = 0;
}

} // namespace tcplab
