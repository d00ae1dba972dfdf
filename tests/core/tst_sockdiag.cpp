// querySockDiag against the real kernel: plain ::socket()/::connect() on loopback, port 0,
// and the states a connection passes through after its descriptor is gone.

#include "kernel/sockdiag.h"

#include "plainsockets.h"

#include <QElapsedTimer>
#include <QTest>

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

using namespace tcplab;
using namespace tcplab::test;

namespace {

const QHostAddress kLoopback(QHostAddress::LocalHost);
const QHostAddress kLoopback6(QHostAddress::LocalHostIPv6);

std::optional<SockDiagEntry> lookUp(const End &local, const End &remote, QString *error = nullptr)
{
    return querySockDiag(local.address, local.port, remote.address, remote.port, error);
}

std::optional<TcpState> stateOf(const End &local, const End &remote)
{
    const auto entry = lookUp(local, remote);
    return entry ? std::optional<TcpState>(entry->state) : std::nullopt;
}

quint32 inodeOf(int fd)
{
    struct stat info
    {
    };
    return ::fstat(fd, &info) == 0 ? quint32(info.st_ino) : 0;
}

} // namespace

class TestSockDiag : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void establishedBothEnds();
    void queues();
    void finWait2AfterClose();
    void timeWaitAfterClose();
    void waitingInAcceptQueue();
    void ipv6();
    void dualStackSocketByIpv4Ends();
    void noSuchSocket();
    void goneWhileListenerListens();
    void lookupSpeed();
};

void TestSockDiag::establishedBothEnds()
{
    Connected c(kLoopback);
    QVERIFY2(c.ok(), std::strerror(errno));
    QString error;
    const auto clientEntry = lookUp(c.clientEnd, c.serverEnd, &error);
    QVERIFY2(clientEntry, qPrintable(error));
    QCOMPARE(clientEntry->state, TcpState::Established);
    QCOMPARE(clientEntry->uid, quint32(::geteuid()));
    QCOMPARE(clientEntry->inode, inodeOf(c.client.get()));
    const auto serverEntry = lookUp(c.serverEnd, c.clientEnd, &error);
    QVERIFY2(serverEntry, qPrintable(error));
    QCOMPARE(serverEntry->state, TcpState::Established);
    QCOMPARE(serverEntry->inode, inodeOf(c.server.get()));
    QVERIFY(serverEntry->inode != clientEntry->inode);
    QVERIFY(error.isEmpty());
}

void TestSockDiag::queues()
{
    Connected c(kLoopback);
    QVERIFY2(c.ok(), std::strerror(errno));

    QCOMPARE(::write(c.client.get(), "hello", 5), ssize_t(5));
    // Received and acknowledged, never read: it waits in the server's receive queue.
    QTRY_COMPARE(lookUp(c.serverEnd, c.clientEnd).value_or(SockDiagEntry {}).receiveQueue, 5u);
    QTRY_COMPARE(lookUp(c.clientEnd, c.serverEnd).value_or(SockDiagEntry {}).sendQueue, 0u);
    char buffer[8];
    QCOMPARE(::read(c.server.get(), buffer, sizeof(buffer)), ssize_t(5));
    QCOMPARE(lookUp(c.serverEnd, c.clientEnd)->receiveQueue, 0u);
}

void TestSockDiag::finWait2AfterClose()
{
    Connected c(kLoopback);
    QVERIFY2(c.ok(), std::strerror(errno));

    c.client.close(); // FIN; the server's ACK may wait for its delayed-ACK timer
    QTRY_COMPARE(stateOf(c.clientEnd, c.serverEnd), std::optional(TcpState::FinWait2));
    QCOMPARE(stateOf(c.serverEnd, c.clientEnd), std::optional(TcpState::CloseWait));
    const auto entry = lookUp(c.clientEnd, c.serverEnd);
    QVERIFY(entry);
    // No descriptor any more: with tcp_fin_timeout at most 60 s the kernel keeps it as a
    // TIME_WAIT-like remnant with the FIN_WAIT_2 timer running.
    QCOMPARE(entry->inode, 0u);
    QVERIFY(entry->timerMs > 0);
    qInfo("orphaned FIN_WAIT_2: timer %lld ms", entry->timerMs);
}

void TestSockDiag::timeWaitAfterClose()
{
    Connected c(kLoopback);
    QVERIFY2(c.ok(), std::strerror(errno));

    c.client.close();
    QTRY_COMPARE(stateOf(c.clientEnd, c.serverEnd), std::optional(TcpState::FinWait2));
    c.server.close();
    QTRY_COMPARE(stateOf(c.clientEnd, c.serverEnd), std::optional(TcpState::TimeWait));
    const auto entry = lookUp(c.clientEnd, c.serverEnd);
    QVERIFY(entry);
    QVERIFY2(entry->timerMs > 50000 && entry->timerMs <= 60000,
             qPrintable(QString::number(entry->timerMs)));
    QCOMPARE(entry->inode, 0u);
    // The closing side is gone once its FIN is acknowledged.
    QTRY_VERIFY(!lookUp(c.serverEnd, c.clientEnd));
}

void TestSockDiag::waitingInAcceptQueue()
{
    const int backlog = 3;
    Fd listener(listenOn(kLoopback, backlog));
    QVERIFY(listener.get() >= 0);
    const End listening = endOf(listener.get(), false);
    Fd client(connectTo(kLoopback, listening.port));
    QVERIFY(client.get() >= 0);
    const End clientEnd = endOf(client.get(), false);

    // Never accepted: the kernel finished the handshake and holds a full socket for it.
    const auto waiting = lookUp(listening, clientEnd);
    QVERIFY(waiting);
    QCOMPARE(waiting->state, TcpState::Established);
    const auto listenerEntry
        = querySockDiag(listening.address, listening.port, QHostAddress::AnyIPv4, 0);
    QVERIFY(listenerEntry);
    QCOMPARE(listenerEntry->state, TcpState::Listen);
    QCOMPARE(listenerEntry->receiveQueue, 1u); // connections waiting
    QCOMPARE(listenerEntry->sendQueue, quint32(backlog));
    QCOMPARE(listenerEntry->inode, inodeOf(listener.get()));
    QVERIFY(querySockDiag(listening.address, listening.port, QHostAddress::Any, 0));
}

void TestSockDiag::ipv6()
{
    Fd listener(listenOn(kLoopback6));
    if (listener.get() < 0)
        QSKIP("no IPv6 loopback here ([::1] cannot be bound)");
    Fd client(connectTo(kLoopback6, endOf(listener.get(), false).port));
    QVERIFY(client.get() >= 0);
    Fd server(::accept(listener.get(), nullptr, nullptr));
    QVERIFY(server.get() >= 0);
    const End clientEnd = endOf(client.get(), false);
    const End serverEnd = endOf(server.get(), false);
    QCOMPARE(clientEnd.address, QHostAddress(QHostAddress::LocalHostIPv6));

    QString error;
    const auto entry = lookUp(clientEnd, serverEnd, &error);
    QVERIFY2(entry, qPrintable(error));
    QCOMPARE(entry->state, TcpState::Established);
    QCOMPARE(entry->inode, inodeOf(client.get()));
    QCOMPARE(stateOf(serverEnd, clientEnd), std::optional(TcpState::Established));

    client.close();
    server.close();
    QTRY_COMPARE(stateOf(clientEnd, serverEnd), std::optional(TcpState::TimeWait));
}

void TestSockDiag::dualStackSocketByIpv4Ends()
{
    // What QTcpServer on QHostAddress::Any makes: one IPv6 socket that also takes IPv4
    // connections and holds them as ::ffff:127.0.0.1.
    Fd listener(listenOn(QHostAddress(QHostAddress::AnyIPv6), 5, false));
    if (listener.get() < 0)
        QSKIP("no IPv6 here (:: cannot be bound)");
    Fd client(connectTo(kLoopback, endOf(listener.get(), false).port));
    QVERIFY(client.get() >= 0);
    Fd server(::accept(listener.get(), nullptr, nullptr));
    QVERIFY(server.get() >= 0);
    const End clientEnd = endOf(client.get(), false);
    const End serverEnd = endOf(server.get(), false);
    QCOMPARE(serverEnd.address.protocol(), QAbstractSocket::IPv6Protocol); // ::ffff:127.0.0.1

    // Asked with the mapped form the server's descriptor reports, and with plain IPv4.
    auto entry = lookUp(serverEnd, clientEnd);
    QVERIFY(entry);
    QCOMPARE(entry->inode, inodeOf(server.get()));
    const End plainServer {QHostAddress(QStringLiteral("127.0.0.1")), serverEnd.port};
    entry = lookUp(plainServer, clientEnd);
    QVERIFY(entry);
    QCOMPARE(entry->state, TcpState::Established);
    QCOMPARE(entry->inode, inodeOf(server.get()));
}

void TestSockDiag::noSuchSocket()
{
    // Port 1 on both ends: nobody's connection, and nothing listens on 1 in a test machine.
    QString error;
    const auto entry
        = querySockDiag(QHostAddress::LocalHost, 1, QHostAddress::LocalHost, 1, &error);
    QVERIFY(!entry);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(!querySockDiag(QHostAddress::LocalHostIPv6, 1, QHostAddress::LocalHostIPv6, 1, &error));
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestSockDiag::goneWhileListenerListens()
{
    // For a 4-tuple with no connection the kernel's lookup falls back to the listener on the
    // local port; that must not pass for the connection, or a poll would never see it end.
    Fd listener(listenOn(kLoopback));
    QVERIFY(listener.get() >= 0);
    const End listening = endOf(listener.get(), false);
    QString error;
    QVERIFY(!querySockDiag(listening.address, listening.port, QHostAddress::LocalHost, 1, &error));
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestSockDiag::lookupSpeed()
{
    Fd listener(listenOn(kLoopback));
    QVERIFY(listener.get() >= 0);
    Fd client(connectTo(kLoopback, endOf(listener.get(), false).port));
    QVERIFY(client.get() >= 0);
    const End clientEnd = endOf(client.get(), false);
    const End serverEnd = endOf(client.get(), true);

    const int calls = 1000;
    int found = 0;
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < calls; ++i)
        found += lookUp(clientEnd, serverEnd) ? 1 : 0;
    const qint64 ns = timer.nsecsElapsed();
    QCOMPARE(found, calls);
    // A figure to read, not to assert: machines and load differ.
    qInfo("sock_diag exact lookup: %.1f us on average over %d calls", double(ns) / calls / 1000.0,
          calls);
}

QTEST_GUILESS_MAIN(TestSockDiag)
#include "tst_sockdiag.moc"
