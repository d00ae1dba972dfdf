#pragma once

// Helpers shared by the core tests: a connected pair of LabSockets on loopback, port 0.

#include "session/eventtext.h"
#include "session/session.h"
#include "socket/labsocket.h"
#include "socket/listener.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>

namespace tcplab::test {

struct Pair
{
    std::unique_ptr<Session> session = std::make_unique<Session>();
    std::unique_ptr<Listener> listener;
    std::unique_ptr<LabSocket> client;
    LabSocket *server = nullptr; // owned by the listener
};

// Listens on 127.0.0.1:0, connects a client, waits for both ends. QVERIFY-friendly.
inline bool connectPair(Pair &pair, bool serverAutoRead = true, bool clientAutoRead = true,
                        LabSocket::Options clientOptions = {})
{
    pair.listener = std::make_unique<Listener>(pair.session.get());
    QObject::connect(pair.listener.get(), &Listener::accepted, pair.listener.get(),
                     [&pair, serverAutoRead](LabSocket *socket) {
                         socket->setAutoRead(serverAutoRead);
                         pair.server = socket;
                     });
    if (!pair.listener->start({}))
        return false;
    pair.client = std::make_unique<LabSocket>(pair.session.get(), Side::Client, 0);
    pair.client->setAutoRead(clientAutoRead);
    pair.client->setPendingOptions(clientOptions);
    QSignalSpy connected(pair.client.get(), &LabSocket::connected);
    pair.client->connectToHost(QStringLiteral("127.0.0.1"), pair.listener->serverPort());
    if (!QTest::qWaitFor([&] { return connected.count() == 1 && pair.server; }, 5000))
        return false;
    return pair.client->state() == TcpState::Established
        && pair.server->state() == TcpState::Established;
}

// The calls one side made, as "name(args) = result errno", in order (of one connection, when
// conn >= 0; the listener's are conn 0).
inline QStringList calls(const Session &session, Side side, int conn = -1)
{
    QStringList out;
    for (const Event &e : session.events()) {
        if (e.kind != Event::Kind::Call || e.side != side || (conn >= 0 && e.conn != conn))
            continue;
        QString line = QStringLiteral("%1(%2) = %3")
                           .arg(verbName(e.verb), EventText::arguments(e))
                           .arg(e.result);
        if (e.err != 0)
            line += QLatin1Char(' ') + errnoName(e.err);
        out.append(line);
    }
    return out;
}

// What the kernel reported for one end of a connection (conn 0: the listener), in order.
inline QStringList states(const Session &session, Side side, int conn)
{
    QStringList out;
    for (const Event &e : session.events()) {
        if (e.isReading() && e.side == side && e.conn == conn)
            out.append(tcpStateName(e.state));
    }
    return out;
}

} // namespace tcplab::test
