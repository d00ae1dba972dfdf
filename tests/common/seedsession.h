#pragma once

// A session built by hand (no sockets): the seed experiment as Linux plays it, for tests of
// the diagram and its exports that need exact, repeatable numbers.

#include "session/session.h"

#include <QHostAddress>

namespace seedtest {

using namespace tcplab;

constexpr quint16 kClient = 51234;
constexpr quint16 kServer = 45001;

struct Builder
{
    Session session;
    qint64 t = 0;

    Builder()
    {
        session.setClient({QHostAddress(QHostAddress::LocalHost), kClient});
        session.setServer({QHostAddress(QHostAddress::LocalHost), kServer});
        session.setConnectionPort(1, kClient);
    }
    void segment(Side from, const QString &flags, quint32 seq, quint32 ack, qint64 len,
                 qint64 dt = 10, quint16 clientPort = kClient)
    {
        t += dt;
        Event e;
        e.kind = Event::Kind::Segment;
        e.side = from;
        e.tUs = t;
        e.flags = flags;
        e.seq = e.relSeq = seq;
        e.ack = e.relAck = ack;
        e.len = len;
        e.win = 65483;
        e.srcPort = from == Side::Client ? clientPort : kServer;
        e.dstPort = from == Side::Client ? kServer : clientPort;
        e.source = QStringLiteral("live");
        if (flags.contains(QLatin1Char('S')))
            e.options = QStringList {"mss 65495", "sackOK", "TS val 1 ecr 0", "nop", "wscale 7"};
        session.insert(e);
    }
    void call(Side side, const QString &name, const QString &args, qint64 result, qint64 dt = 10)
    {
        t += dt;
        Event e;
        e.kind = Event::Kind::Call;
        e.side = side;
        e.conn = side == Side::Server && name != QLatin1String("listen") ? 1 : 0;
        e.tUs = t;
        e.call = name;
        e.args = args;
        e.result = result;
        session.insert(e);
    }
    void state(Side side, const QString &state, bool kernel = true, qint64 dt = 10)
    {
        t += dt;
        Event e;
        e.kind = Event::Kind::State;
        e.side = side;
        e.conn = side == Side::Server ? 1 : 0;
        e.tUs = t;
        e.state = state;
        e.source = kernel ? QStringLiteral("kernel") : QStringLiteral("inferred");
        session.insert(e);
    }
};

// The seed experiment as Linux plays it.
inline void seed(Builder &b)
{
    b.call(Side::Server, QStringLiteral("listen"), QStringLiteral("backlog 5"), 0);
    b.call(Side::Client, QStringLiteral("connect"), QStringLiteral("127.0.0.1:45001"), -1);
    b.state(Side::Client, QStringLiteral("SYN_SENT"));
    b.segment(Side::Client, QStringLiteral("S"), 0, 0, 0);
    b.segment(Side::Server, QStringLiteral("S."), 0, 1, 0);
    b.state(Side::Server, QStringLiteral("SYN_RECEIVED"), false, 0);
    b.segment(Side::Client, QStringLiteral("."), 1, 1, 0);
    b.state(Side::Client, QStringLiteral("ESTABLISHED"));
    b.call(Side::Client, QStringLiteral("write"), QStringLiteral("5"), 5);
    b.segment(Side::Client, QStringLiteral("P."), 1, 1, 5);
    b.segment(Side::Server, QStringLiteral("."), 1, 6, 0);
    b.call(Side::Server, QStringLiteral("read"), QStringLiteral("65536"), 5);
    b.call(Side::Server, QStringLiteral("write"), QStringLiteral("18"), 18);
    b.segment(Side::Server, QStringLiteral("P."), 1, 6, 18);
    b.segment(Side::Client, QStringLiteral("."), 6, 19, 0);
    b.call(Side::Server, QStringLiteral("close"), QString(), 0);
    b.segment(Side::Server, QStringLiteral("F."), 19, 6, 0);
    b.state(Side::Client, QStringLiteral("CLOSE_WAIT"));
    b.call(Side::Client, QStringLiteral("read"), QStringLiteral("65536"), 0);
    b.call(Side::Client, QStringLiteral("close"), QString(), 0);
    b.segment(Side::Client, QStringLiteral("F."), 6, 20, 0);
    b.segment(Side::Server, QStringLiteral("."), 20, 7, 0);
    b.state(Side::Server, QStringLiteral("TIME_WAIT"), true, 20000);
}

} // namespace seedtest
