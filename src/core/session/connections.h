#pragma once

#include "session/event.h"

#include <QList>

namespace tcplab {

// One TCP connection of a session: its two ends and what is known of them. A connection is a
// 4-tuple in one incarnation: a new SYN on a 4-tuple that already carried a connection starts a
// new one (as tshark splits streams). The lab's own sockets register theirs before any segment
// (a client when it calls connect(), a server end when accept() returns it).
struct Connection
{
    int id = 0; // 1, 2, ... in the order the session learnt of them
    Endpoint client; // the end that sent the first SYN
    Endpoint server;
    bool clientInLab = false; // one of the lab's sockets holds this end
    bool serverInLab = false;
    Api clientApi = Api::System; // the API the lab's socket at that end runs on
    Api serverApi = Api::System;
    int clientIndex = -1; // an experiment's n-th client (0, 1, ...), when the lab made it

    // Numbering, learnt from the segments.
    bool clientIsnKnown = false;
    bool serverIsnKnown = false;
    quint32 clientIsn = 0;
    quint32 serverIsn = 0;
    int clientWscale = -1; // the shift each end offered in its SYN (-1: none, or not seen)
    int serverWscale = -1;
    bool clientSynSeen = false;
    bool serverSynSeen = false;
    int segments = 0;

    bool endsKnown() const { return client.port != 0 && server.port != 0; }
    // A socket connected to itself (simultaneous open on loopback): one end, both roles.
    bool selfConnected() const { return endsKnown() && client == server; }
    bool inLab(Side side) const { return side == Side::Client ? clientInLab : serverInLab; }
    Api api(Side side) const { return side == Side::Client ? clientApi : serverApi; }
};

// The connections of a session, and which one a segment belongs to.
class ConnectionTable
{
public:
    void clear() { m_connections.clear(); }

    // A new connection of the lab's own, its ends not known yet (a client about to connect).
    int open(Side labSide, Api api, int clientIndex = -1);
    void setEnds(int id, const Endpoint &client, const Endpoint &server);
    // Another connection with these ends that only segments made (no lab socket holds it),
    // newer than `id`: the same connection, met by the capture before its socket knew its
    // ends. 0 when there is none.
    int unclaimed(int id, const Endpoint &client, const Endpoint &server) const;
    // `id` takes over what `other` learnt from the segments. `other` goes when it was the newest
    // (its number is given again); otherwise it stays, empty: then true.
    bool merge(int id, int other);
    // The connection accept() returned (by its ends; the newest one with them), now held by the
    // lab's server socket. Made if no segment named it yet (capture lags, or none).
    int accepted(const Endpoint &client, const Endpoint &server, Api api);

    struct Placed
    {
        int conn = 0;
        Side from = Side::Client;
    };
    // Which connection a segment with these ends belongs to, and which end sent it; makes a new
    // connection (or a new incarnation) when needed. serverPort, when not 0, names the server
    // of a connection seen first without its SYN.
    Placed place(const Endpoint &source, const Endpoint &destination, quint8 flags, quint32 seq,
                 quint16 serverPort = 0);
    // Fills a placed segment's relative numbers and window scale, and learns from it (its ISN,
    // the window scale its SYN offers).
    void number(Event &segment);

    const QList<Connection> &all() const { return m_connections; }
    const Connection *find(int id) const;
    Connection *find(int id);
    int size() const { return int(m_connections.size()); }

    // Restores a table as a session file lists it.
    void restore(const QList<Connection> &connections) { m_connections = connections; }

private:
    Connection &make();
    QList<Connection> m_connections;
};

} // namespace tcplab
