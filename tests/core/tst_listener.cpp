// Listener against the real kernel: ports, SO_REUSEADDR (and TIME_WAIT holding a port),
// backlog, accepting by hand from the accept queue.

#include "kernel/tcpinfo.h"

#include "labtestutil.h"
#include <QTcpSocket>

#include <sys/socket.h>

#include <cerrno>

using namespace tcplab;
using namespace tcplab::test;

class TestListener : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void anyFreePort();
    void addressInUse();
    void reuseAddressSetting_data();
    void reuseAddressSetting();
    void timeWaitHoldsThePort();
    void addressInUseSaysWhy();
    void backlog();
    void acceptByHand();
    void addressNotHere();
    void stopKeepsConnections();
    void qtPendingConnectionClosedBeforeTaken();
};

static int reuseOption(int fd)
{
    int value = -1;
    socklen_t length = sizeof(value);
    ::getsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &value, &length);
    return value;
}

void TestListener::anyFreePort()
{
    Session session;
    Listener listener(&session);
    QVERIFY(listener.start({}));
    QVERIFY(listener.isListening());
    QVERIFY(listener.serverPort() != 0);
    QCOMPARE(session.server().port, listener.serverPort());
    QCOMPARE(
        calls(session, Side::Server),
        (QStringList {QStringLiteral("setsockopt(SO_REUSEADDR = 1) = 0"),
                      QStringLiteral("bind(127.0.0.1:0) = 0"), QStringLiteral("listen(5) = 0")}));
    QCOMPARE(states(session, Side::Server, 0), QStringList {QStringLiteral("LISTEN")});
}

void TestListener::addressInUse()
{
    Session session;
    Listener first(&session);
    QVERIFY(first.start({}));
    Listener second(&session);
    QSignalSpy failed(&second, &Listener::failed);
    Listener::Settings settings;
    settings.port = first.serverPort();
    QVERIFY(!second.start(settings));
    QCOMPARE(second.errorNumber(), EADDRINUSE);
    QCOMPARE(failed.count(), 1);
    const QString text = second.errorText();
    QVERIFY2(text.startsWith(QStringLiteral("bind(): EADDRINUSE")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("TIME_WAIT")));
    QVERIFY(text.contains(QStringLiteral("SO_REUSEADDR")));
    QVERIFY(text.contains(QStringLiteral("127.0.0.1:%1").arg(settings.port)));
    QCOMPARE(calls(session, Side::Server).constLast(),
             QStringLiteral("bind(127.0.0.1:%1) = -1 EADDRINUSE").arg(settings.port));
}

void TestListener::reuseAddressSetting_data()
{
    QTest::addColumn<bool>("reuse");
    QTest::newRow("off") << false;
    QTest::newRow("on") << true;
}

void TestListener::reuseAddressSetting()
{
    QFETCH(bool, reuse);
    Session session;
    Listener listener(&session);
    Listener::Settings settings;
    settings.reuseAddress = reuse;
    QVERIFY(listener.start(settings));
    QCOMPARE(reuseOption(int(listener.socketDescriptor())), reuse ? 1 : 0);
}

// The server closes first, so its end of the connection waits in TIME_WAIT and keeps the
// port: a new listener cannot bind it unless both listeners set SO_REUSEADDR.
void TestListener::timeWaitHoldsThePort()
{
    for (const bool reuse : {false, true}) {
        Pair pair;
        pair.listener = std::make_unique<Listener>(pair.session.get());
        QObject::connect(pair.listener.get(), &Listener::accepted, pair.listener.get(),
                         [&pair](LabSocket *s) { pair.server = s; });
        Listener::Settings settings;
        settings.reuseAddress = reuse;
        QVERIFY(pair.listener->start(settings));
        const quint16 port = pair.listener->serverPort();
        pair.client = std::make_unique<LabSocket>(pair.session.get(), Side::Client, 0);
        QSignalSpy eof(pair.client.get(), &LabSocket::endOfFile);
        pair.client->connectToHost(QStringLiteral("127.0.0.1"), port);
        QTRY_VERIFY(pair.server);
        QCOMPARE(pair.server->close(), 0); // server closes first
        QTRY_COMPARE(eof.count(), 1);
        QCOMPARE(pair.client->close(), 0);
        pair.listener->stop();

        Session session;
        Listener again(&session);
        settings.port = port;
        if (reuse) {
            QVERIFY2(again.start(settings), qPrintable(again.errorText()));
        } else {
            QVERIFY(!again.start(settings));
            QCOMPARE(again.errorNumber(), EADDRINUSE);
            QVERIFY(again.errorText().contains(QStringLiteral("Often it is a connection still in "
                                                              "TIME_WAIT")));
        }
    }
}

// A listener holds the port: with SO_REUSEADDR on, the message rules TIME_WAIT out; without,
// it names TIME_WAIT as the usual cause. Both engines.
void TestListener::addressInUseSaysWhy()
{
    Session session;
    Listener holder(&session);
    QVERIFY(holder.start({}));
    for (const bool reuse : {true, false}) {
        for (const bool qt : {false, true}) {
            if (qt && !reuse)
                continue; // QTcpServer always sets SO_REUSEADDR
            Listener again(&session);
            Listener::Settings settings;
            settings.port = holder.serverPort();
            settings.reuseAddress = reuse;
            settings.qt = qt;
            QVERIFY(!again.start(settings));
            QCOMPARE(again.errorNumber(), EADDRINUSE);
            QCOMPARE(again.errorText().contains(QStringLiteral("TIME_WAIT was not the cause")),
                     reuse);
            QCOMPARE(again.errorText().contains(QStringLiteral("Often it is a connection still "
                                                               "in TIME_WAIT")),
                     !reuse);
        }
    }
}

void TestListener::backlog()
{
    Session session;
    Listener listener(&session);
    Listener::Settings settings;
    settings.backlog = 3;
    QVERIFY(listener.start(settings));
    QCOMPARE(listener.listenBacklogSize(), 3);
    // TCP_INFO on a listening socket reports its backlog as tcpi_sacked.
    QCOMPARE(readTcpInfo(int(listener.socketDescriptor()))->sacked, 3u);
    QVERIFY(calls(session, Side::Server).contains(QStringLiteral("listen(3) = 0")));
}

void TestListener::acceptByHand()
{
    Session session;
    Listener listener(&session);
    Listener::Settings settings;
    settings.autoAccept = false;
    QVERIFY(listener.start(settings));
    QSignalSpy accepted(&listener, &Listener::accepted);
    QSignalSpy queue(&listener, &Listener::queueChanged);

    // Nothing waits yet: accept() says EAGAIN.
    QVERIFY(!listener.acceptOne());
    QCOMPARE(listener.errorNumber(), EAGAIN);
    QVERIFY(listener.errorText().contains(QStringLiteral("accept queue")));

    // The handshake completes in the kernel before anyone calls accept().
    LabSocket client(&session, Side::Client, 0);
    QSignalSpy connected(&client, &LabSocket::connected);
    client.connectToHost(QStringLiteral("127.0.0.1"), listener.serverPort());
    QTRY_COMPARE(connected.count(), 1);
    QCOMPARE(client.stateName(), QStringLiteral("ESTABLISHED"));
    QTRY_COMPARE(listener.queuedConnections(), 1);
    QTRY_VERIFY(!queue.isEmpty() && queue.constLast().at(0).toInt() == 1);
    QCOMPARE(accepted.count(), 0);

    LabSocket *socket = listener.acceptOne();
    QVERIFY(socket);
    QCOMPARE(accepted.count(), 1);
    QCOMPARE(socket->peerPort(), client.localPort());
    QCOMPARE(socket->stateName(), QStringLiteral("ESTABLISHED"));
    QCOMPARE(listener.queuedConnections(), 0);
    // accept() belongs to the connection it returned: the client's, known by its ends.
    QCOMPARE(socket->conn(), client.conn());
    const QStringList serverCalls = calls(session, Side::Server, client.conn());
    QCOMPARE(serverCalls.constLast(),
             QStringLiteral("accept(127.0.0.1:%1) = %2")
                 .arg(client.localPort())
                 .arg(socket->descriptor()));

    // Back to accepting automatically.
    listener.setAutoAccept(true);
    LabSocket second(&session, Side::Client, 0);
    second.connectToHost(QStringLiteral("127.0.0.1"), listener.serverPort());
    QTRY_COMPARE(accepted.count(), 2);
}

void TestListener::addressNotHere()
{
    Session session;
    Listener listener(&session);
    Listener::Settings settings;
    settings.address = QHostAddress(QStringLiteral("192.0.2.1")); // TEST-NET-1, never local
    QVERIFY(!listener.start(settings));
    QCOMPARE(listener.errorNumber(), EADDRNOTAVAIL);
    QVERIFY(listener.errorText().contains(QStringLiteral("not an address of this machine")));
}

void TestListener::stopKeepsConnections()
{
    Pair pair;
    QVERIFY(connectPair(pair));
    pair.listener->stop();
    QVERIFY(!pair.listener->isListening());
    QVERIFY(pair.server->isOpen());
    QCOMPARE(pair.server->write("after stop"), qint64(10));
    QTRY_COMPARE(pair.client->received(), QByteArray("after stop"));
}

// Qt engine, accepting by hand: a connection whose client came and went while it waited in
// QTcpServer's queue is handed over as ended, not as a live one without a peer.
void TestListener::qtPendingConnectionClosedBeforeTaken()
{
    Session session;
    Listener listener(&session);
    Listener::Settings settings;
    settings.qt = true;
    settings.autoAccept = false;
    QVERIFY(listener.start(settings));
    QSignalSpy queued(&listener, &Listener::queueChanged);
    {
        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, listener.serverPort());
        QVERIFY(client.waitForConnected(3000));
        client.write("bye");
        client.waitForBytesWritten(3000);
        client.disconnectFromHost();
    }
    QTRY_VERIFY(listener.queuedConnections() == 1);
    QTest::qWait(50); // Qt reads the data and the FIN, and closes the queued socket
    LabSocket *socket = listener.acceptOne();
    QVERIFY(socket);
    QTRY_VERIFY(socket->eofSeen());
    QVERIFY(!socket->isConnected());
    // Qt forgot the peer when it closed the socket: no connection is made up for port 0.
    QCOMPARE(socket->conn(), 0);
    QCOMPARE(session.connections().size(), 0);
    QCOMPARE(listener.queuedConnections(), 0);
    listener.stop();
}

QTEST_GUILESS_MAIN(TestListener)
#include "tst_listener.moc"
