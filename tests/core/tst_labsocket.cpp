// LabSocket against the real kernel on loopback: every verb and option, on both sides, and
// the ways a connection ends (half-close, close with unread data, abort, refused).

#include "capture/wire.h"
#include "kernel/tcpinfo.h"
#include "labtestutil.h"
#include "silentport.h"

#include <QHostInfo>
#include <QTcpServer>
#include <QTcpSocket>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

using namespace tcplab;
using namespace tcplab::test;

class TestLabSocket : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void connectRecordsHandshakeStates();
    void deferredConnectSendsNoSynUntilResumed_data();
    void deferredConnectSendsNoSynUntilResumed();
    void writeAndRead_data();
    void writeAndRead();
    void readWithNothingWaiting();
    void halfClose();
    void peerCloseLeavesUsInCloseWait();
    void closeWithUnreadDataResets();
    void abortResets_data();
    void abortResets();
    void shutdownRead_data();
    void shutdownRead();
    void shutdownBoth_data();
    void shutdownBoth();
    void connectionRefused();
    void unknownHost();
    void invalidPort();
    void hostName();
    void ipv6();
    void options_data();
    void options();
    void optionsBeforeConnect();
    void localPort();
    void localPortInUse();
    void qtAbortWhileConnecting();
    void qtRefused();
    void qtModelledAgainstAnotherProgram();
};

void TestLabSocket::connectRecordsHandshakeStates()
{
    Pair pair;
    QVERIFY(connectPair(pair));
    // Both ends are one connection of the session, registered by the client's connect() and
    // found again by accept().
    QVERIFY(pair.client->conn() > 0);
    QCOMPARE(pair.server->conn(), pair.client->conn());
    const Connection *c = pair.session->connections().find(pair.client->conn());
    QVERIFY(c && c->clientInLab && c->serverInLab);
    QCOMPARE(c->client.port, pair.client->localPort());
    QCOMPARE(c->server.port, pair.listener->serverPort());
    // What the kernel said: SYN_SENT is not among its readings (connect()'s EINPROGRESS is no
    // reading; on loopback TCP_INFO reads ESTABLISHED at once).
    const QStringList client = states(*pair.session, Side::Client, c->id);
    QCOMPARE(client.constLast(), QStringLiteral("ESTABLISHED"));
    QCOMPARE(states(*pair.session, Side::Server, 0), QStringList {QStringLiteral("LISTEN")});
    QCOMPARE(states(*pair.session, Side::Server, c->id),
             QStringList {QStringLiteral("ESTABLISHED")});
    const QStringList clientCalls = calls(*pair.session, Side::Client);
    QCOMPARE(
        clientCalls.value(0),
        QStringLiteral("connect(127.0.0.1:%1) = -1 EINPROGRESS").arg(pair.listener->serverPort()));
    QCOMPARE(clientCalls.value(1), QStringLiteral("getsockopt(SO_ERROR → 0) = 0"));
    QCOMPARE(pair.client->peerPort(), pair.listener->serverPort());
    QCOMPARE(pair.server->peerPort(), pair.client->localPort());
    // Every state here was read from the kernel, with the way it was read and when it started.
    for (const Event &e : pair.session->events()) {
        if (e.kind == Event::Kind::State) {
            QCOMPARE(e.source, Source::Kernel);
            QVERIFY(e.via == StateVia::TcpInfo || e.via == StateVia::SockDiag);
            QVERIFY(e.readFromUs >= 0 && e.readFromUs <= e.tUs);
        }
    }
}

void TestLabSocket::deferredConnectSendsNoSynUntilResumed_data()
{
    QTest::addColumn<bool>("qt");
    QTest::newRow("system calls") << false;
    QTest::newRow("QTcpSocket") << true;
}

// A capture that starts in another process (the capture helper) makes connect() wait: the
// socket is made and bound, but no SYN leaves until the wait is over; closed while it waits,
// nothing leaves at all.
void TestLabSocket::deferredConnectSendsNoSynUntilResumed()
{
    QFETCH(bool, qt);
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    Session session;
    LabSocket client(&session, Side::Client, 0);
    if (qt)
        client.setEngine(LabSocket::Engine::Qt);
    connect(&client, &LabSocket::aboutToConnect, &client, [&client] { client.deferConnect(); });
    QVERIFY(client.connectToHost(QStringLiteral("127.0.0.1"), server.serverPort()));
    QVERIFY(client.isConnectDeferred());
    QVERIFY(client.isConnecting() && client.isBusy());
    QTest::qWait(150);
    QVERIFY(!server.hasPendingConnections()); // no SYN went out
    client.disconnect(&client); // resumed, it connects at once
    client.resumeConnect();
    QVERIFY(!client.isConnectDeferred());
    QTRY_VERIFY_WITH_TIMEOUT(server.hasPendingConnections(), 3000);
    QTRY_VERIFY_WITH_TIMEOUT(client.isOpen() && !client.isConnecting(), 3000);
    QCOMPARE(client.peerPort(), server.serverPort());
    client.abort();
    delete server.nextPendingConnection();

    // Closed while it waits: the connect never happens.
    LabSocket closed(&session, Side::Client, 1);
    if (qt)
        closed.setEngine(LabSocket::Engine::Qt);
    connect(&closed, &LabSocket::aboutToConnect, &closed, [&closed] { closed.deferConnect(); });
    QVERIFY(closed.connectToHost(QStringLiteral("127.0.0.1"), server.serverPort()));
    QVERIFY(closed.isConnectDeferred());
    closed.close();
    QVERIFY(!closed.isConnectDeferred() && !closed.isConnecting());
    closed.resumeConnect(); // nothing to resume
    QTest::qWait(150);
    QVERIFY(!server.hasPendingConnections());
}

void TestLabSocket::writeAndRead_data()
{
    QTest::addColumn<bool>("fromClient");
    QTest::addColumn<bool>("autoRead");
    QTest::newRow("client to server, read automatically") << true << true;
    QTest::newRow("client to server, read by hand") << true << false;
    QTest::newRow("server to client, read automatically") << false << true;
    QTest::newRow("server to client, read by hand") << false << false;
}

void TestLabSocket::writeAndRead()
{
    QFETCH(bool, fromClient);
    QFETCH(bool, autoRead);
    Pair pair;
    QVERIFY(connectPair(pair, autoRead, autoRead));
    LabSocket *writer = fromClient ? pair.client.get() : pair.server;
    LabSocket *reader = fromClient ? pair.server : pair.client.get();
    QSignalSpy received(reader, &LabSocket::dataReceived);
    QSignalSpy waiting(reader, &LabSocket::dataWaiting);
    const QByteArray message("I got your message");
    QCOMPARE(writer->write(message), qint64(message.size()));
    if (!autoRead) {
        // The bytes wait in the kernel until read() is called.
        QTRY_COMPARE(waiting.count(), 1);
        QCOMPARE(waiting.at(0).at(0).toLongLong(), qint64(message.size()));
        QCOMPARE(reader->bytesAvailable(), qint64(message.size()));
        QCOMPARE(received.count(), 0);
        QCOMPARE(reader->read(), qint64(message.size()));
    }
    QTRY_COMPARE(received.count(), 1);
    QCOMPARE(received.at(0).at(0).toByteArray(), message);
    QCOMPARE(reader->received(), message);
    const QStringList readerCalls = calls(*pair.session, reader->side(), reader->conn());
    QVERIFY2(readerCalls.contains(QStringLiteral("read(65536) = 18")),
             qPrintable(readerCalls.join(u'\n')));
    QVERIFY(calls(*pair.session, writer->side(), writer->conn())
                .contains(QStringLiteral("write(18) = 18")));
}

void TestLabSocket::readWithNothingWaiting()
{
    Pair pair;
    QVERIFY(connectPair(pair, false, false));
    QCOMPARE(pair.client->read(), qint64(-1));
    QCOMPARE(pair.client->lastError(), EAGAIN);
    QCOMPARE(calls(*pair.session, Side::Client).constLast(),
             QStringLiteral("read(65536) = -1 EAGAIN"));
    QVERIFY(pair.client->isOpen());
}

void TestLabSocket::halfClose()
{
    Pair pair;
    QVERIFY(connectPair(pair));
    QSignalSpy serverEof(pair.server, &LabSocket::endOfFile);
    QSignalSpy clientEof(pair.client.get(), &LabSocket::endOfFile);

    // The client ends its direction only.
    QCOMPARE(pair.client->write("request"), qint64(7));
    QCOMPARE(pair.client->shutdown(LabSocket::Shutdown::Write), 0);
    QTRY_COMPARE(serverEof.count(), 1);
    QCOMPARE(pair.server->received(), QByteArray("request"));
    QCOMPARE(readTcpInfo(pair.server->descriptor())->state, TcpState::CloseWait);
    QTRY_COMPARE(pair.server->stateName(), QStringLiteral("CLOSE_WAIT"));
    QTRY_COMPARE(pair.client->stateName(), QStringLiteral("FIN_WAIT_2"));
    QVERIFY(pair.server->isOpen()); // it did not close itself on FIN

    // The server keeps sending; the half-closed client keeps receiving.
    for (const char *part : {"one ", "two ", "three"})
        QVERIFY(pair.server->write(part) > 0);
    QTRY_COMPARE(pair.client->received(), QByteArray("one two three"));
    QCOMPARE(clientEof.count(), 0);

    // The client can no longer send.
    QCOMPARE(pair.client->write("late"), qint64(-1));
    QCOMPARE(pair.client->lastError(), EPIPE);

    QCOMPARE(pair.server->close(), 0);
    QTRY_COMPARE(clientEof.count(), 1);
    QCOMPARE(pair.client->close(), 0);
    const QStringList clientStates = states(*pair.session, Side::Client, pair.client->conn());
    QVERIFY2(clientStates.indexOf(QStringLiteral("FIN_WAIT_2"))
                 > clientStates.indexOf(QStringLiteral("ESTABLISHED")),
             qPrintable(clientStates.join(u' ')));
    const QStringList serverCalls = calls(*pair.session, Side::Server, 1);
    QVERIFY(serverCalls.contains(QStringLiteral("read(65536) = 0")));
    QVERIFY(calls(*pair.session, Side::Client).contains(QStringLiteral("shutdown(SHUT_WR) = 0")));
}

void TestLabSocket::peerCloseLeavesUsInCloseWait()
{
    Pair pair;
    QVERIFY(connectPair(pair));
    QSignalSpy eof(pair.client.get(), &LabSocket::endOfFile);
    QCOMPARE(pair.server->close(), 0);
    QTRY_COMPARE(eof.count(), 1);
    QTRY_COMPARE(pair.client->stateName(), QStringLiteral("CLOSE_WAIT"));
    QVERIFY(pair.client->isOpen());
    // A socket in CLOSE_WAIT may still write: the kernel sends it (and the closed peer
    // answers with RST).
    QCOMPARE(pair.client->write("still here"), qint64(10));
}

void TestLabSocket::closeWithUnreadDataResets()
{
    Pair pair;
    QVERIFY(connectPair(pair, /*serverAutoRead*/ false, /*clientAutoRead*/ true));
    QSignalSpy clientError(pair.client.get(), &LabSocket::errorOccurred);
    QCOMPARE(pair.client->write("unread"), qint64(6));
    QTRY_COMPARE(pair.server->bytesAvailable(), qint64(6));
    QCOMPARE(pair.server->close(), 0); // unread bytes: the kernel sends RST, not FIN
    QTRY_COMPARE(clientError.count(), 1);
    QCOMPARE(clientError.at(0).at(0).toInt(), ECONNRESET);
    QVERIFY(clientError.at(0).at(1).toString().contains(QStringLiteral("reset")));
    QCOMPARE(calls(*pair.session, Side::Client).constLast(),
             QStringLiteral("read(65536) = -1 ECONNRESET"));
    QTRY_COMPARE(pair.client->stateName(), QStringLiteral("CLOSED"));
}

static void sideRows()
{
    QTest::addColumn<bool>("onServer");
    QTest::newRow("client") << false;
    QTest::newRow("server") << true;
}

void TestLabSocket::abortResets_data()
{
    sideRows();
}

void TestLabSocket::abortResets()
{
    QFETCH(bool, onServer);
    Pair pair;
    QVERIFY(connectPair(pair));
    LabSocket *self = onServer ? pair.server : pair.client.get();
    LabSocket *peer = onServer ? pair.client.get() : pair.server;
    QSignalSpy peerError(peer, &LabSocket::errorOccurred);
    QCOMPARE(self->abort(), 0);
    QVERIFY(!self->isOpen());
    const QStringList selfCalls = calls(*pair.session, self->side(), self->conn());
    QCOMPARE(selfCalls.mid(selfCalls.size() - 2),
             (QStringList {QStringLiteral("setsockopt(SO_LINGER {1, 0}) = 0"),
                           QStringLiteral("close() = 0")}));
    QTRY_COMPARE(peerError.count(), 1);
    QCOMPARE(peerError.at(0).at(0).toInt(), ECONNRESET);
    QCOMPARE(peer->lastError(), ECONNRESET);
    QTRY_COMPARE(peer->stateName(), QStringLiteral("CLOSED"));
}

void TestLabSocket::shutdownRead_data()
{
    sideRows();
}

void TestLabSocket::shutdownRead()
{
    QFETCH(bool, onServer);
    Pair pair;
    QVERIFY(connectPair(pair, false, false));
    LabSocket *self = onServer ? pair.server : pair.client.get();
    LabSocket *peer = onServer ? pair.client.get() : pair.server;
    QCOMPARE(self->shutdown(LabSocket::Shutdown::Read), 0);
    QVERIFY(self->readShut());
    QCOMPARE(self->read(), qint64(0)); // end-of-file at once
    QVERIFY(self->eofSeen());
    QCOMPARE(self->stateName(), QStringLiteral("ESTABLISHED")); // nothing went on the wire
    QCOMPARE(peer->stateName(), QStringLiteral("ESTABLISHED"));
    QCOMPARE(self->write("x"), qint64(1)); // still sending
    QTRY_COMPARE(peer->bytesAvailable(), qint64(1));
}

void TestLabSocket::shutdownBoth_data()
{
    sideRows();
}

void TestLabSocket::shutdownBoth()
{
    QFETCH(bool, onServer);
    Pair pair;
    QVERIFY(connectPair(pair));
    LabSocket *self = onServer ? pair.server : pair.client.get();
    LabSocket *peer = onServer ? pair.client.get() : pair.server;
    QSignalSpy peerEof(peer, &LabSocket::endOfFile);
    QCOMPARE(self->shutdown(LabSocket::Shutdown::Both), 0);
    QTRY_COMPARE(peerEof.count(), 1);
    QTRY_COMPARE(peer->stateName(), QStringLiteral("CLOSE_WAIT"));
    QCOMPARE(self->write("x"), qint64(-1));
    QCOMPARE(self->lastError(), EPIPE);
    QVERIFY(self->isOpen());
    QCOMPARE(self->close(), 0);
    QCOMPARE(self->close(), -1); // a second close() has nothing to close
    QCOMPARE(self->lastError(), EBADF);
}

void TestLabSocket::connectionRefused()
{
    SilentPort silent;
    const quint16 port = silent.port();
    QVERIFY(port != 0);

    Session session;
    LabSocket client(&session, Side::Client, 0);
    QSignalSpy failed(&client, &LabSocket::failed);
    QVERIFY(client.connectToHost(QStringLiteral("127.0.0.1"), port));
    QTRY_COMPARE(failed.count(), 1);
    QCOMPARE(failed.at(0).at(0).toInt(), ECONNREFUSED);
    const QString message = failed.at(0).at(1).toString();
    QVERIFY2(message.contains(QStringLiteral("ECONNREFUSED"))
                 && message.contains(QStringLiteral("Listen")),
             qPrintable(message));
    QCOMPARE(calls(session, Side::Client).value(1),
             QStringLiteral("getsockopt(SO_ERROR → ECONNREFUSED) = 0"));
    QCOMPARE(states(session, Side::Client, client.conn()).constLast(), QStringLiteral("CLOSED"));
}

void TestLabSocket::unknownHost()
{
    Session session;
    LabSocket client(&session, Side::Client, 0);
    QSignalSpy failed(&client, &LabSocket::failed);
    QVERIFY(client.connectToHost(QStringLiteral("no-such-host.invalid"), 80));
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 20000);
    QVERIFY2(failed.at(0).at(1).toString().contains(
                 QStringLiteral("Unknown host \"no-such-host.invalid\"")),
             qPrintable(failed.at(0).at(1).toString()));
    QCOMPARE(calls(session, Side::Client),
             QStringList {QStringLiteral("getaddrinfo(no-such-host.invalid) = -1 EAI_NONAME")});
    QVERIFY(!client.isConnecting());
}

void TestLabSocket::invalidPort()
{
    Session session;
    LabSocket client(&session, Side::Client, 0);
    QSignalSpy failed(&client, &LabSocket::failed);
    QVERIFY(!client.connectToHost(QStringLiteral("127.0.0.1"), 0));
    QCOMPARE(failed.count(), 1);
    QVERIFY(failed.at(0).at(1).toString().contains(QStringLiteral("1 to 65535")));
    QCOMPARE(session.size(), 0); // nothing was sent, nothing recorded
}

void TestLabSocket::hostName()
{
    // A machine without an /etc/hosts entry for localhost (a bare chroot) cannot resolve it.
    if (!QHostInfo::fromName(QStringLiteral("localhost"))
             .addresses()
             .contains(QHostAddress(QHostAddress::LocalHost)))
        QSKIP("this machine does not resolve localhost to 127.0.0.1 (no /etc/hosts entry)");
    Session session;
    Listener listener(&session);
    QVERIFY(listener.start({}));
    LabSocket client(&session, Side::Client, 0);
    QSignalSpy connected(&client, &LabSocket::connected);
    QVERIFY(client.connectToHost(QStringLiteral("localhost"), listener.serverPort()));
    QTRY_COMPARE(connected.count(), 1);
    const QStringList clientCalls = calls(session, Side::Client);
    QVERIFY(clientCalls.value(0).startsWith(QStringLiteral("getaddrinfo(localhost) = ")));
    QCOMPARE(clientCalls.value(1),
             QStringLiteral("connect(localhost:%1) = -1 EINPROGRESS").arg(listener.serverPort()));
    QCOMPARE(client.peerAddress(), QHostAddress(QHostAddress::LocalHost));
}

void TestLabSocket::ipv6()
{
    Session session;
    Listener listener(&session);
    Listener::Settings settings;
    settings.address = QHostAddress(QHostAddress::LocalHostIPv6);
    if (!listener.start(settings))
        QSKIP(qPrintable(QStringLiteral("no IPv6 loopback here: ") + listener.errorText()));
    LabSocket client(&session, Side::Client, 0);
    QSignalSpy connected(&client, &LabSocket::connected);
    QVERIFY(client.connectToHost(QStringLiteral("::1"), listener.serverPort()));
    QTRY_COMPARE(connected.count(), 1);
    QCOMPARE(client.peerName(), QStringLiteral("[::1]:%1").arg(listener.serverPort()));
    QCOMPARE(client.stateName(), QStringLiteral("ESTABLISHED"));
}

void TestLabSocket::options_data()
{
    QTest::addColumn<bool>("onServer");
    QTest::addColumn<QString>("option");
    for (bool onServer : {false, true}) {
        for (const char *option : {"TCP_NODELAY", "TCP_CORK", "SO_LINGER"}) {
            QTest::addRow("%s %s", onServer ? "server" : "client", option)
                << onServer << QString::fromLatin1(option);
        }
    }
}

static int intOption(int fd, int level, int name)
{
    int value = -1;
    socklen_t length = sizeof(value);
    ::getsockopt(fd, level, name, &value, &length);
    return value;
}

void TestLabSocket::options()
{
    QFETCH(bool, onServer);
    QFETCH(QString, option);
    Pair pair;
    QVERIFY(connectPair(pair));
    LabSocket *socket = onServer ? pair.server : pair.client.get();
    const int fd = socket->descriptor();
    if (option == QLatin1String("TCP_NODELAY")) {
        QCOMPARE(intOption(fd, IPPROTO_TCP, TCP_NODELAY), 0);
        QCOMPARE(socket->setNoDelay(true), 0);
        QCOMPARE(intOption(fd, IPPROTO_TCP, TCP_NODELAY), 1);
        QCOMPARE(calls(*pair.session, socket->side(), socket->conn()).constLast(),
                 QStringLiteral("setsockopt(TCP_NODELAY = 1) = 0"));
    } else if (option == QLatin1String("TCP_CORK")) {
        QCOMPARE(socket->setCork(true), 0);
        QCOMPARE(intOption(fd, IPPROTO_TCP, TCP_CORK), 1);
        QCOMPARE(socket->setCork(false), 0);
        QCOMPARE(intOption(fd, IPPROTO_TCP, TCP_CORK), 0);
    } else {
        QCOMPARE(socket->setLinger(true, 7), 0);
        linger value {};
        socklen_t length = sizeof(value);
        ::getsockopt(fd, SOL_SOCKET, SO_LINGER, &value, &length);
        QCOMPARE(value.l_onoff, 1);
        QCOMPARE(value.l_linger, 7);
        QCOMPARE(calls(*pair.session, socket->side(), socket->conn()).constLast(),
                 QStringLiteral("setsockopt(SO_LINGER {1, 7}) = 0"));
    }
}

void TestLabSocket::optionsBeforeConnect()
{
    Pair pair;
    LabSocket::Options options;
    options.noDelay = true;
    options.linger = true;
    options.lingerSeconds = 3;
    QVERIFY(connectPair(pair, true, true, options));
    QCOMPARE(intOption(pair.client->descriptor(), IPPROTO_TCP, TCP_NODELAY), 1);
    const QStringList clientCalls = calls(*pair.session, Side::Client);
    // Applied right after socket(), so before connect().
    QCOMPARE(clientCalls.value(0), QStringLiteral("setsockopt(TCP_NODELAY = 1) = 0"));
    QCOMPARE(clientCalls.value(1), QStringLiteral("setsockopt(SO_LINGER {1, 3}) = 0"));
    QVERIFY(clientCalls.value(2).startsWith(QStringLiteral("connect(")));
}

void TestLabSocket::localPort()
{
    QTcpServer probe; // find a free port, then give it back
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();
    Session session;
    Listener listener(&session);
    QVERIFY(listener.start({}));
    LabSocket client(&session, Side::Client, 0);
    QSignalSpy connected(&client, &LabSocket::connected);
    QVERIFY(client.connectToHost(QStringLiteral("127.0.0.1"), listener.serverPort(), port));
    QTRY_COMPARE(connected.count(), 1);
    QCOMPARE(client.localPort(), port);
    QCOMPARE(calls(session, Side::Client).value(0),
             QStringLiteral("bind(0.0.0.0:%1) = 0").arg(port));
}

void TestLabSocket::localPortInUse()
{
    QTcpServer holder;
    QVERIFY(holder.listen(QHostAddress::Any, 0));
    Session session;
    LabSocket client(&session, Side::Client, 0);
    QSignalSpy failed(&client, &LabSocket::failed);
    client.connectToHost(QStringLiteral("127.0.0.1"), 9, holder.serverPort());
    QCOMPARE(failed.count(), 1);
    QCOMPARE(failed.at(0).at(0).toInt(), EADDRINUSE);
    QVERIFY(failed.at(0).at(1).toString().contains(QStringLiteral("TIME_WAIT")));
}

// Qt engine: abort() before Qt has even made its socket leaves it ready to connect again.
void TestLabSocket::qtAbortWhileConnecting()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    Session session;
    LabSocket client(&session, Side::Client, 0);
    client.setEngine(LabSocket::Engine::Qt);
    QSignalSpy closed(&client, &LabSocket::closed);
    QVERIFY(client.connectToHost(QStringLiteral("127.0.0.1"), server.serverPort()));
    QCOMPARE(client.abort(), 0);
    QTRY_COMPARE(closed.count(), 1);
    QVERIFY(!client.isConnecting() && !client.isBusy());
    QSignalSpy connected(&client, &LabSocket::connected);
    QVERIFY(client.connectToHost(QStringLiteral("127.0.0.1"), server.serverPort()));
    QTRY_COMPARE(connected.count(), 1);
}

// Qt engine: a refusal fails the connection; the socket is not left looking usable.
void TestLabSocket::qtRefused()
{
    SilentPort silent;
    Session session;
    LabSocket client(&session, Side::Client, 0);
    client.setEngine(LabSocket::Engine::Qt);
    QSignalSpy failed(&client, &LabSocket::failed);
    QVERIFY(client.connectToHost(QStringLiteral("127.0.0.1"), silent.port()));
    QTRY_COMPARE(failed.count(), 1);
    QCOMPARE(failed.at(0).at(0).toInt(), ECONNREFUSED);
    QVERIFY(!client.isHeld() && !client.isBusy());
    QCOMPARE(calls(session, Side::Client).value(0).left(13), QStringLiteral("connectToHost"));
}

// Qt engine against a server that is not in the session (another program), modelled: the
// client's connection is drawn whole, keyed on the port Qt's socket got.
void TestLabSocket::qtModelledAgainstAnotherProgram()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    connect(&server, &QTcpServer::newConnection, &server, [&server] {
        QTcpSocket *peer = server.nextPendingConnection();
        connect(peer, &QTcpSocket::readyRead, peer, [peer] {
            peer->readAll();
            peer->write("answer");
            peer->disconnectFromHost();
        });
    });
    Session session;
    Wire wire(&session, Wire::Mode::Off);
    LabSocket client(&session, Side::Client, 0);
    client.setEngine(LabSocket::Engine::Qt);
    QSignalSpy eof(&client, &LabSocket::endOfFile);
    connect(&client, &LabSocket::connected, &client, [&client] { client.write("question"); });
    QVERIFY(client.connectToHost(QStringLiteral("127.0.0.1"), server.serverPort()));
    QTRY_COMPARE(eof.count(), 1);
    QTest::qWait(60);
    wire.drain();
    QStringList flags;
    for (const Event &e : session.events()) {
        if (e.kind == Event::Kind::Segment) {
            flags << sideName(e.side).left(1) + QLatin1Char(':') + e.flagLetters();
            QCOMPARE(e.from.port == client.localPort() || e.to.port == client.localPort(), true);
            QCOMPARE(e.conn, client.conn());
        }
    }
    QVERIFY2(flags.size() >= 8,
             qPrintable(flags.join(u' ') + QStringLiteral(" / ")
                        + calls(session, Side::Client).join(u'|')));
    QCOMPARE(flags.value(0), QStringLiteral("c:S"));
    QVERIFY2(flags.contains(QStringLiteral("s:F.")) && flags.contains(QStringLiteral("c:F.")),
             qPrintable(flags.join(u' ')));
}

QTEST_GUILESS_MAIN(TestLabSocket)
#include "tst_labsocket.moc"
