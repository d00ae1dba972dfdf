#pragma once

// A session built by hand (no sockets): the seed experiment as Linux plays it, for tests of
// the diagram and its exports that need exact, repeatable numbers. Segments go in as a capture
// would hand them (both initial sequence numbers 0, so relative and absolute agree), with the
// kernel's readings where the lab takes them; the states come from the segments.

#include "session/session.h"
#include "session/statetracker.h"

#include <QHostAddress>

namespace seedtest {

using namespace tcplab;

constexpr quint16 kClient = 51234;
constexpr quint16 kServer = 45001;

struct Builder
{
    Session session;
    qint64 t = 0;
    int conn = 0;

    Builder()
    {
        session.setCapture(CaptureKind::Live);
        session.setListening({QHostAddress(QHostAddress::LocalHost), kServer});
        conn = open(kClient);
    }
    // Another of the lab's clients, from this port.
    int open(quint16 clientPort)
    {
        const int c = session.connections().open(Side::Client, Api::System);
        session.setConnectionEnds(c, {QHostAddress(QHostAddress::LocalHost), clientPort},
                                  {QHostAddress(QHostAddress::LocalHost), kServer});
        return c;
    }
    void segment(Side from, const QString &flags, quint32 seq, quint32 ack, qint64 len,
                 qint64 dt = 10, quint16 clientPort = kClient)
    {
        t += dt;
        Event e;
        e.kind = Event::Kind::Segment;
        e.tUs = t;
        e.flags = *tcpFlagsFromLetters(flags);
        e.seq = seq;
        e.ack = ack;
        e.len = len;
        e.win = e.isSyn() ? 65495 : 64;
        const Endpoint client {QHostAddress(QHostAddress::LocalHost), clientPort};
        const Endpoint server {QHostAddress(QHostAddress::LocalHost), kServer};
        e.from = from == Side::Client ? client : server;
        e.to = from == Side::Client ? server : client;
        e.source = Source::Live;
        if (e.isSyn())
            e.options = {TcpOption::mss(65495), TcpOption::sackPermitted(),
                         TcpOption::timestamp(1, 0), TcpOption::nop(), TcpOption::windowScale(7)};
        session.addSegment(e);
    }
    void call(Side side, Verb verb, qint64 result, qint64 dt = 10)
    {
        t += dt;
        Event e;
        e.kind = Event::Kind::Call;
        e.side = side;
        e.listener = side == Side::Server && verb == Verb::Listen;
        e.conn = e.listener ? 0 : conn;
        e.verb = verb;
        e.result = result;
        e.backlog = 5;
        e.endpoint = {QHostAddress(QHostAddress::LocalHost), kServer};
        e.size = verb == Verb::Read ? 65536 : result;
        e.err = verb == Verb::Connect ? EINPROGRESS : 0;
        session.addCall(e, t);
    }
    // What the kernel reported for an end (conn 0: the listener).
    void reading(Side side, TcpState state, qint64 dt = 10, qint64 remainingMs = -1)
    {
        t += dt;
        Event e;
        e.kind = Event::Kind::State;
        e.source = Source::Kernel;
        e.side = side;
        e.listener = side == Side::Server && state == TcpState::Listen;
        e.conn = e.listener ? 0 : conn;
        e.state = state;
        e.via = remainingMs >= 0 ? StateVia::SockDiag : StateVia::TcpInfo;
        e.remainingMs = remainingMs;
        e.readFromUs = t - 2;
        e.tUs = t;
        session.insert(e);
    }
    void infer() { StateTracker(&session).refresh(); }
};

// The seed experiment as Linux plays it.
inline void seed(Builder &b)
{
    b.call(Side::Server, Verb::Listen, 0);
    b.reading(Side::Server, TcpState::Listen);
    b.call(Side::Client, Verb::Connect, -1);
    b.segment(Side::Client, QStringLiteral("S"), 0, 0, 0);
    b.segment(Side::Server, QStringLiteral("S."), 0, 1, 0);
    b.segment(Side::Client, QStringLiteral("."), 1, 1, 0);
    b.reading(Side::Client, TcpState::Established);
    b.reading(Side::Server, TcpState::Established, 0);
    b.call(Side::Client, Verb::Write, 5);
    b.segment(Side::Client, QStringLiteral("P."), 1, 1, 5);
    b.segment(Side::Server, QStringLiteral("."), 1, 6, 0);
    b.call(Side::Server, Verb::Read, 5);
    b.call(Side::Server, Verb::Write, 18);
    b.segment(Side::Server, QStringLiteral("P."), 1, 6, 18);
    b.segment(Side::Client, QStringLiteral("."), 6, 19, 0);
    b.call(Side::Server, Verb::Close, 0);
    b.segment(Side::Server, QStringLiteral("F."), 19, 6, 0);
    b.reading(Side::Client, TcpState::CloseWait);
    b.call(Side::Client, Verb::Read, 0);
    b.call(Side::Client, Verb::Close, 0);
    b.segment(Side::Client, QStringLiteral("F."), 6, 20, 0);
    b.segment(Side::Server, QStringLiteral("."), 20, 7, 0);
    b.reading(Side::Server, TcpState::TimeWait, 20000, 60000);
    b.infer();
}

} // namespace seedtest
