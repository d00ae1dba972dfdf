#include "session/stateinference.h"

#include "session/session.h"

#include <QHash>
#include <QSet>
#include <QTimer>

namespace tcplab {

namespace {

struct Machine
{
    QString state;
    bool finSent = false;
    quint32 finSeq = 0; // relative sequence number of our FIN
};

bool acksFin(const Event &segment, const Machine &m)
{
    return m.finSent && segment.hasAck() && qint32(segment.relAck - (m.finSeq + 1)) >= 0;
}

} // namespace

QList<Event> inferStates(const Session &session)
{
    // Per connection (client port): the client end and the server end.
    struct Pair
    {
        Machine client;
        Machine server;
        int conn = 0;
    };
    QHash<quint16, Pair> pairs;
    QList<Event> out;
    const quint16 ourClient = session.client().port;

    auto transition
        = [&](Side side, int conn, quint16 clientPort, Machine &m, const QString &to, qint64 t) {
              if (m.state == to)
                  return;
              m.state = to;
              // Only the lab's own ends: the client pane's socket and the server's connections.
              const int clientConn = session.clientConnectionForPort(clientPort);
              if (side == Side::Client && clientPort != ourClient && clientConn < 0)
                  return;
              Event e;
              e.kind = Event::Kind::State;
              e.side = side;
              e.conn = side == Side::Server ? conn : std::max(0, clientConn);
              e.tUs = t;
              e.state = to;
              e.source = QStringLiteral("inferred");
              out.append(e);
          };

    for (const Event &s : session.events()) {
        if (s.kind != Event::Kind::Segment)
            continue;
        const bool fromClient = s.side == Side::Client;
        const quint16 clientPort = fromClient ? s.srcPort : s.dstPort;
        Pair &pair = pairs[clientPort];
        pair.conn = session.connectionForPort(clientPort);
        Machine &sender = fromClient ? pair.client : pair.server;
        Machine &receiver = fromClient ? pair.server : pair.client;
        const Side senderSide = fromClient ? Side::Client : Side::Server;
        const Side receiverSide = fromClient ? Side::Server : Side::Client;
        auto moveSender = [&](const QString &to) {
            transition(senderSide, pair.conn, clientPort, sender, to, s.tUs);
        };
        auto moveReceiver = [&](const QString &to) {
            transition(receiverSide, pair.conn, clientPort, receiver, to, s.tUs);
        };

        if (s.isRst()) {
            moveSender(QStringLiteral("CLOSED"));
            moveReceiver(QStringLiteral("CLOSED"));
            continue;
        }
        // What sending does to the sender.
        if (s.isSyn() && !s.hasAck()) {
            // (In a simultaneous open the sender may be in SYN_RECEIVED already: it stays.)
            if (sender.state.isEmpty() || sender.state == QLatin1String("CLOSED"))
                moveSender(QStringLiteral("SYN_SENT"));
        } else if (s.isSyn() && s.hasAck()) {
            moveSender(QStringLiteral("SYN_RECEIVED"));
        }
        if (s.isFin()) {
            sender.finSent = true;
            sender.finSeq = s.relSeq + quint32(s.len);
            if (sender.state == QLatin1String("ESTABLISHED")
                || sender.state == QLatin1String("SYN_RECEIVED"))
                moveSender(QStringLiteral("FIN_WAIT_1"));
            else if (sender.state == QLatin1String("CLOSE_WAIT"))
                moveSender(QStringLiteral("LAST_ACK"));
        }
        // What receiving does to the receiver: the ACK first, then a SYN or FIN.
        const QString r = receiver.state;
        if (s.isSyn() && !s.hasAck()) {
            // A listener's new connection is SYN_RECEIVED once it answers with SYN/ACK; a
            // socket in SYN_SENT that receives a bare SYN is in a simultaneous open.
            if (r == QLatin1String("SYN_SENT"))
                moveReceiver(QStringLiteral("SYN_RECEIVED"));
        } else if (s.isSyn() && s.hasAck()) {
            if (r == QLatin1String("SYN_SENT"))
                moveReceiver(QStringLiteral("ESTABLISHED"));
        } else if (s.hasAck()) {
            if (r == QLatin1String("SYN_RECEIVED"))
                moveReceiver(QStringLiteral("ESTABLISHED"));
            else if (r == QLatin1String("FIN_WAIT_1") && acksFin(s, receiver))
                moveReceiver(QStringLiteral("FIN_WAIT_2"));
            else if (r == QLatin1String("CLOSING") && acksFin(s, receiver))
                moveReceiver(QStringLiteral("TIME_WAIT"));
            else if (r == QLatin1String("LAST_ACK") && acksFin(s, receiver))
                moveReceiver(QStringLiteral("CLOSED"));
        }
        if (s.isFin()) {
            const QString now = receiver.state;
            if (now == QLatin1String("ESTABLISHED") || now == QLatin1String("SYN_RECEIVED"))
                moveReceiver(QStringLiteral("CLOSE_WAIT"));
            else if (now == QLatin1String("FIN_WAIT_1"))
                moveReceiver(QStringLiteral("CLOSING"));
            else if (now == QLatin1String("FIN_WAIT_2"))
                moveReceiver(QStringLiteral("TIME_WAIT"));
        }
    }

    // A state the kernel reported for that end is not inferred as well.
    QSet<QString> reported;
    for (const Event &e : session.events()) {
        if (e.kind == Event::Kind::State && e.source == QLatin1String("kernel"))
            reported.insert(QStringLiteral("%1/%2/%3").arg(int(e.side)).arg(e.conn).arg(e.state));
    }
    QList<Event> missing;
    for (const Event &e : std::as_const(out)) {
        if (!reported.contains(
                QStringLiteral("%1/%2/%3").arg(int(e.side)).arg(e.conn).arg(e.state)))
            missing.append(e);
    }
    return missing;
}

StateInference::StateInference(Session *session, QObject *parent)
    : QObject(parent)
    , m_session(session)
{
    // Coalesce: a burst of segments is looked at once, in the next turn of the event loop.
    connect(session, &Session::eventInserted, this, [this](int index) {
        const Event &e = m_session->at(index);
        // New segments change what can be inferred; a state the kernel reports makes an
        // inferred one redundant.
        const bool relevant = e.kind == Event::Kind::Segment
            || (e.kind == Event::Kind::State && e.source == QLatin1String("kernel"));
        if (m_updating || m_scheduled || !relevant)
            return;
        m_scheduled = true;
        QTimer::singleShot(0, this, [this] {
            m_scheduled = false;
            refresh();
        });
    });
}

void StateInference::refresh()
{
    if (!m_session)
        return;
    const QList<Event> wanted = inferStates(*m_session);
    QList<Event> existing;
    for (const Event &e : m_session->events()) {
        if (e.kind == Event::Kind::State && e.source == QLatin1String("inferred"))
            existing.append(e);
    }
    auto same = [](const Event &a, const Event &b) {
        return a.tUs == b.tUs && a.side == b.side && a.conn == b.conn && a.state == b.state;
    };
    if (existing.size() == wanted.size()
        && std::equal(existing.begin(), existing.end(), wanted.begin(), same))
        return;
    m_updating = true;
    for (int i = m_session->size() - 1; i >= 0; --i) {
        const Event &e = m_session->at(i);
        if (e.kind == Event::Kind::State && e.source == QLatin1String("inferred"))
            m_session->removeAt(i);
    }
    for (const Event &e : wanted)
        m_session->insert(e);
    m_updating = false;
}

} // namespace tcplab
