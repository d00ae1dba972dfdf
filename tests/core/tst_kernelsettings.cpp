// The kernel model against the real kernel: what the sysctls say, what Linux then writes in
// its SYN, SYN/ACK and first ACK (captured on lo), the route's metrics, and when it
// retransmits an unanswered SYN. Private network namespaces (root) let a test change the
// TCP sysctls and routes without touching the machine; those parts skip without the right.

#include "kernel/kernelsettings.h"

#include "plainsockets.h"

#include <QTest>

#include <fcntl.h>
#include <linux/if_packet.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

using namespace tcplab;
using namespace tcplab::test;

namespace {

QString lastError(const char *what)
{
    return QLatin1String(what) + QLatin1String(": ") + QString::fromLocal8Bit(std::strerror(errno));
}

qint64 nowMs()
{
    timespec t {};
    ::clock_gettime(CLOCK_MONOTONIC, &t);
    return qint64(t.tv_sec) * 1000 + t.tv_nsec / 1000000;
}

bool writeSysctl(const char *name, const char *value)
{
    const QByteArray path = QByteArrayLiteral("/proc/sys/net/ipv4/") + name;
    const int fd = ::open(path.constData(), O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    const bool ok = ::write(fd, value, std::strlen(value)) == ssize_t(std::strlen(value));
    ::close(fd);
    return ok;
}

// This thread in a network namespace of its own for the object's lifetime, lo up; back home
// after. Sockets made inside stay in it (and keep it alive) after the thread has left.
class PrivateNetwork
{
public:
    PrivateNetwork()
    {
        m_home = ::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
        if (m_home < 0) {
            m_error = lastError("/proc/thread-self/ns/net");
            return;
        }
        if (::unshare(CLONE_NEWNET) != 0) {
            m_error = lastError("unshare(CLONE_NEWNET)")
                + QLatin1String(" (a private network namespace needs CAP_SYS_ADMIN)");
            ::close(m_home);
            m_home = -1;
            return;
        }
        m_active = true;
        const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        ifreq request {};
        std::strcpy(request.ifr_name, "lo");
        if (fd < 0 || ::ioctl(fd, SIOCGIFFLAGS, &request) != 0) {
            m_error = lastError("SIOCGIFFLAGS lo");
        } else {
            request.ifr_flags |= IFF_UP;
            if (::ioctl(fd, SIOCSIFFLAGS, &request) != 0)
                m_error = lastError("SIOCSIFFLAGS lo");
        }
        if (fd >= 0)
            ::close(fd);
    }
    ~PrivateNetwork() { leave(); }
    PrivateNetwork(const PrivateNetwork &) = delete;
    PrivateNetwork &operator=(const PrivateNetwork &) = delete;

    bool isReady() const { return m_active && m_error.isEmpty(); }
    QString error() const { return m_error; }
    void leave()
    {
        if (m_home < 0)
            return;
        if (::setns(m_home, CLONE_NEWNET) != 0)
            qFatal("cannot return to the test's own network namespace: %s", std::strerror(errno));
        ::close(m_home);
        m_home = -1;
        m_active = false;
    }

private:
    int m_home = -1;
    bool m_active = false;
    QString m_error;
};

// A TCP segment as seen on lo, with the fields the window model is about.
struct Segment
{
    qint64 atMs = 0;
    quint16 sourcePort = 0;
    quint16 destinationPort = 0;
    quint8 flags = 0;
    int window = 0;
    int mss = -1;
    int windowScale = -1;
    bool timestamps = false;
    bool sackPermitted = false;

    bool isSyn() const { return (flags & TH_SYN) && !(flags & TH_ACK); }
    bool isSynAck() const { return (flags & TH_SYN) && (flags & TH_ACK); }
};

// Every frame lo carries, once (the copy the kernel shows as sent is skipped). AF_PACKET
// needs CAP_NET_RAW; in a private namespace it sees that namespace's traffic only.
class LoopbackCapture
{
public:
    bool open()
    {
        m_fd.reset(
            ::socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, htons(ETH_P_ALL)));
        if (!m_fd.isValid()) {
            m_error = lastError("AF_PACKET socket");
            return false;
        }
        sockaddr_ll address {};
        address.sll_family = AF_PACKET;
        address.sll_protocol = htons(ETH_P_ALL);
        address.sll_ifindex = int(::if_nametoindex("lo"));
        if (::bind(m_fd.get(), reinterpret_cast<sockaddr *>(&address), sizeof(address)) != 0) {
            m_error = lastError("bind to lo");
            return false;
        }
        return true;
    }
    QString error() const { return m_error; }
    int fd() const { return m_fd.get(); }

    // The next TCP segment, waiting up to timeoutMs for it.
    std::optional<Segment> next(int timeoutMs)
    {
        const qint64 deadline = nowMs() + timeoutMs;
        while (true) {
            if (auto segment = read())
                return segment;
            const qint64 left = deadline - nowMs();
            if (left <= 0)
                return std::nullopt;
            pollfd p {m_fd.get(), POLLIN, 0};
            ::poll(&p, 1, int(left));
        }
    }

    // One segment if a frame is waiting, without blocking.
    std::optional<Segment> read()
    {
        unsigned char frame[2048];
        while (true) {
            sockaddr_ll from {};
            socklen_t fromLength = sizeof(from);
            const ssize_t length = ::recvfrom(m_fd.get(), frame, sizeof(frame), 0,
                                              reinterpret_cast<sockaddr *>(&from), &fromLength);
            if (length <= 0)
                return std::nullopt;
            if (from.sll_pkttype == PACKET_OUTGOING)
                continue;
            if (auto segment = parse(frame, int(length), ntohs(from.sll_protocol)))
                return segment;
        }
    }

private:
    static std::optional<Segment> parse(const unsigned char *packet, int length, int ethertype)
    {
        int offset = 0;
        if (ethertype == ETH_P_IP && length >= 20) {
            if (packet[9] != IPPROTO_TCP)
                return std::nullopt;
            offset = (packet[0] & 0x0f) * 4;
        } else if (ethertype == ETH_P_IPV6 && length >= 40) {
            if (packet[6] != IPPROTO_TCP) // our own traffic has no extension headers
                return std::nullopt;
            offset = 40;
        } else {
            return std::nullopt;
        }
        const unsigned char *tcp = packet + offset;
        if (length - offset < 20)
            return std::nullopt;
        Segment s;
        s.atMs = nowMs();
        s.sourcePort = quint16(tcp[0] << 8 | tcp[1]);
        s.destinationPort = quint16(tcp[2] << 8 | tcp[3]);
        s.flags = tcp[13];
        s.window = tcp[14] << 8 | tcp[15];
        const int headerLength = std::min((tcp[12] >> 4) * 4, length - offset);
        for (int i = 20; i < headerLength;) {
            const int kind = tcp[i];
            if (kind == TCPOPT_EOL)
                break;
            if (kind == TCPOPT_NOP) {
                ++i;
                continue;
            }
            if (i + 1 >= headerLength || tcp[i + 1] < 2)
                break;
            const int size = tcp[i + 1];
            if (kind == TCPOPT_MAXSEG && size == 4)
                s.mss = tcp[i + 2] << 8 | tcp[i + 3];
            else if (kind == TCPOPT_WINDOW && size == 3)
                s.windowScale = tcp[i + 2];
            else if (kind == TCPOPT_TIMESTAMP)
                s.timestamps = true;
            else if (kind == TCPOPT_SACK_PERMITTED)
                s.sackPermitted = true;
            i += size;
        }
        return s;
    }

    Fd m_fd;
    QString m_error;
};

// rtnetlink RTM_NEWROUTE with NLM_F_REPLACE, as `ip route replace` does it: IPv4, one /32.
struct RouteRequest
{
    const char *destination;
    unsigned char type = RTN_UNICAST;
    unsigned char table = RT_TABLE_MAIN;
    unsigned char scope = RT_SCOPE_UNIVERSE;
    const char *source = nullptr; // RTA_PREFSRC
    bool viaLo = false; // RTA_OIF
    int quickAck = -1; // RTAX_QUICKACK
    int rtoMinMs = -1; // RTAX_RTO_MIN
};

bool replaceRoute(const RouteRequest &route, QString *error)
{
    Fd fd(::socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_ROUTE));
    if (!fd.isValid()) {
        *error = lastError("rtnetlink");
        return false;
    }
    alignas(nlmsghdr) char buffer[512] = {};
    auto *header = reinterpret_cast<nlmsghdr *>(buffer);
    header->nlmsg_len = NLMSG_LENGTH(sizeof(rtmsg));
    header->nlmsg_type = RTM_NEWROUTE;
    header->nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_REPLACE | NLM_F_ACK;
    auto *r = static_cast<rtmsg *>(NLMSG_DATA(header));
    r->rtm_family = AF_INET;
    r->rtm_dst_len = 32;
    r->rtm_table = route.table;
    r->rtm_protocol = route.type == RTN_LOCAL ? RTPROT_KERNEL : RTPROT_BOOT;
    r->rtm_scope = route.scope;
    r->rtm_type = route.type;
    auto add = [header, &buffer](int type, const void *data, int size) {
        auto *a = reinterpret_cast<rtattr *>(buffer + NLMSG_ALIGN(header->nlmsg_len));
        a->rta_type = quint16(type);
        a->rta_len = quint16(RTA_LENGTH(size));
        if (size > 0)
            std::memcpy(RTA_DATA(a), data, size_t(size));
        header->nlmsg_len = NLMSG_ALIGN(header->nlmsg_len) + RTA_ALIGN(a->rta_len);
        return a;
    };
    const quint32 destination
        = htonl(QHostAddress(QLatin1String(route.destination)).toIPv4Address());
    add(RTA_DST, &destination, 4);
    if (route.source) {
        const quint32 source = htonl(QHostAddress(QLatin1String(route.source)).toIPv4Address());
        add(RTA_PREFSRC, &source, 4);
    }
    if (route.viaLo) {
        const int index = int(::if_nametoindex("lo"));
        add(RTA_OIF, &index, 4);
    }
    if (route.quickAck >= 0 || route.rtoMinMs >= 0) {
        rtattr *metrics = add(RTA_METRICS | NLA_F_NESTED, nullptr, 0);
        const int start = int(header->nlmsg_len) - int(RTA_LENGTH(0));
        if (route.quickAck >= 0) {
            const quint32 value = quint32(route.quickAck);
            add(RTAX_QUICKACK, &value, 4);
        }
        if (route.rtoMinMs >= 0) {
            const quint32 value = quint32(route.rtoMinMs);
            add(RTAX_RTO_MIN, &value, 4);
        }
        metrics->rta_len = quint16(int(header->nlmsg_len) - start);
    }
    sockaddr_nl kernel {};
    kernel.nl_family = AF_NETLINK;
    if (::sendto(fd.get(), buffer, header->nlmsg_len, 0, reinterpret_cast<sockaddr *>(&kernel),
                 sizeof(kernel))
        < 0) {
        *error = lastError("RTM_NEWROUTE");
        return false;
    }
    alignas(nlmsghdr) char answer[1024];
    const ssize_t received = ::recv(fd.get(), answer, sizeof(answer), 0);
    const auto *h = reinterpret_cast<const nlmsghdr *>(answer);
    if (received < 0 || !NLMSG_OK(h, int(received)) || h->nlmsg_type != NLMSG_ERROR) {
        *error = QStringLiteral("RTM_NEWROUTE: no acknowledgement");
        return false;
    }
    const int code = -static_cast<const nlmsgerr *>(NLMSG_DATA(h))->error;
    if (code != 0) {
        *error = QStringLiteral("RTM_NEWROUTE: ") + QString::fromLocal8Bit(std::strerror(code));
        return false;
    }
    return true;
}

tcp_info tcpInfoOf(int fd)
{
    tcp_info info {};
    socklen_t length = sizeof(info);
    ::getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &length);
    return info;
}

// A listener whose accept queue is full, so that a further SYN is dropped without an answer
// (tcp_conn_request() drops it before tcp_abort_on_overflow is ever asked), and a socket
// whose SYN goes there: the kernel retransmits it on its own schedule. In the namespace the
// thread is in when start() runs.
struct UnansweredSyn
{
    Fd listener;
    Fd queued; // the connection that fills the queue
    Fd probe;
    quint16 probePort = 0;
    LoopbackCapture capture;
    QList<qint64> synAtMs; // every SYN of the probe, as captured
    qint64 failedAtMs = -1; // when connect() reported its error
    int failure = 0;

    QString start(int synCount)
    {
        if (!capture.open())
            return capture.error();
        const QHostAddress loopback(QHostAddress::LocalHost);
        listener.reset(listenOn(loopback, 0));
        if (!listener.isValid())
            return lastError("listen");
        const quint16 port = endOf(listener.get(), false).port;
        queued.reset(connectTo(loopback, port)); // backlog 0 holds one connection
        if (!queued.isValid())
            return lastError("connect (filling the queue)");
        probe.reset(tcpSocket(loopback));
        ::setsockopt(probe.get(), IPPROTO_TCP, TCP_SYNCNT, &synCount, sizeof(synCount));
        ::fcntl(probe.get(), F_SETFL, ::fcntl(probe.get(), F_GETFL) | O_NONBLOCK);
        sockaddr_storage storage;
        const socklen_t length = toSockaddr(loopback, port, &storage);
        if (::connect(probe.get(), reinterpret_cast<sockaddr *>(&storage), length) == 0
            || errno != EINPROGRESS)
            return lastError("connect (the probe)");
        probePort = endOf(probe.get(), false).port;
        return {};
    }

    // Takes what has happened since the last call.
    void collect()
    {
        while (const auto segment = capture.read()) {
            if (segment->isSyn() && segment->sourcePort == probePort)
                synAtMs.append(segment->atMs);
        }
        pollfd p {probe.get(), POLLOUT, 0};
        if (failedAtMs < 0 && ::poll(&p, 1, 0) == 1) {
            failedAtMs = nowMs();
            socklen_t length = sizeof(failure);
            ::getsockopt(probe.get(), SOL_SOCKET, SO_ERROR, &failure, &length);
        }
    }

    QList<int> retransmissionsMs() const
    {
        QList<int> after;
        for (int i = 1; i < synAtMs.size(); ++i)
            after.append(int(synAtMs[i] - synAtMs[0]));
        return after;
    }
};

QString listText(const QList<int> &values)
{
    QStringList texts;
    for (int v : values)
        texts.append(QString::number(v));
    return texts.join(QLatin1String(", "));
}

} // namespace

class TestKernelSettings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsSysctls();
    void sysctlsOfAPrivateNetwork();
    void windowScaleModel_data();
    void windowScaleModel();
    void windowModel_data();
    void windowModel();
    void mssModel_data();
    void mssModel();
    void loopbackMtuAndMss();
    void windowScaleOfARealConnection();
    void handshakeOnTheWire_data();
    void handshakeOnTheWire();
    void routeToLoopback();
    void routeMetricsInAPrivateNetwork();
    void noRouteInAPrivateNetwork();
    void synScheduleModel_data();
    void synScheduleModel();
    void synRetransmissionsOnTheWire();
    void pingpongThreshold_data();
    void pingpongThreshold();
};

void TestKernelSettings::readsSysctls()
{
    const TcpSysctls s = TcpSysctls::read();
    QVERIFY2(s.ok, qPrintable(s.unreadable.join(QLatin1String(", "))));
    QVERIFY(s.sack == 0 || s.sack == 1);
    QVERIFY(s.timestamps >= 0 && s.timestamps <= 2);
    QVERIFY(s.windowScaling == 0 || s.windowScaling == 1);
    QVERIFY(s.synRetries > 0);
    QVERIFY(s.tcpRmem[0] > 0 && s.tcpRmem[0] <= s.tcpRmem[1] && s.tcpRmem[1] <= s.tcpRmem[2]);
    QVERIFY(s.coreRmemMax > 0);
    QVERIFY(s.maxSynBacklog > 0);
    // Optional ones are either absent (-1, and listed) or read.
    QCOMPARE(s.synLinearTimeouts < 0,
             s.unreadable.contains(QLatin1String("/proc/sys/net/ipv4/tcp_syn_linear_timeouts")));
    qInfo("sack %d timestamps %d window_scaling %d ecn %d syn_retries %d synack_retries %d "
          "syn_linear_timeouts %d fin_timeout %d abort_on_overflow %d rto_min_us %d rto_max_ms %d "
          "early_retrans %d frto %d rmem %d %d %d core.rmem_max %d max_syn_backlog %d "
          "pingpong_thresh %d",
          s.sack, s.timestamps, s.windowScaling, s.ecn, s.synRetries, s.synAckRetries,
          s.synLinearTimeouts, s.finTimeout, s.abortOnOverflow, s.rtoMinUs, s.rtoMaxMs,
          s.earlyRetrans, s.frto, s.tcpRmem[0], s.tcpRmem[1], s.tcpRmem[2], s.coreRmemMax,
          s.maxSynBacklog, s.pingpongThresh);
}

void TestKernelSettings::sysctlsOfAPrivateNetwork()
{
    const TcpSysctls host = TcpSysctls::read();
    {
        PrivateNetwork network;
        if (!network.isReady())
            QSKIP(qPrintable(network.error()));
        QVERIFY(writeSysctl("tcp_timestamps", "0"));
        QVERIFY(writeSysctl("tcp_syn_retries", "3"));
        const TcpSysctls inside = TcpSysctls::read();
        QVERIFY(inside.ok);
        QCOMPARE(inside.timestamps, 0);
        QCOMPARE(inside.synRetries, 3);
    }
    const TcpSysctls again = TcpSysctls::read();
    QCOMPARE(again.timestamps, host.timestamps);
    QCOMPARE(again.synRetries, host.synRetries);
}

void TestKernelSettings::windowScaleModel_data()
{
    QTest::addColumn<int>("windowScaling");
    QTest::addColumn<int>("rmemMax");
    QTest::addColumn<int>("coreRmemMax");
    QTest::addColumn<int>("shift");
    QTest::newRow("this machine: 32 MiB") << 1 << 33554432 << 4194304 << 10;
    QTest::newRow("Linux's defaults: 6 MiB") << 1 << 6291456 << 212992 << 7;
    QTest::newRow("rmem_max larger") << 1 << 6291456 << 16777216 << 9;
    QTest::newRow("just over 16 bits") << 1 << 65536 << 0 << 1;
    QTest::newRow("16 bits") << 1 << 65535 << 0 << 0;
    QTest::newRow("at most 14") << 1 << 2147483647 << 0 << 14;
    QTest::newRow("scaling off") << 0 << 33554432 << 4194304 << -1;
}

void TestKernelSettings::windowScaleModel()
{
    QFETCH(int, windowScaling);
    QFETCH(int, rmemMax);
    QFETCH(int, coreRmemMax);
    QFETCH(int, shift);
    TcpSysctls s;
    s.windowScaling = windowScaling;
    s.tcpRmem = {{4096, 131072, rmemMax}};
    s.coreRmemMax = coreRmemMax;
    QCOMPARE(windowScaleForSyn(s), shift);
}

void TestKernelSettings::windowModel_data()
{
    QTest::addColumn<int>("mss");
    QTest::addColumn<int>("space");
    QTest::addColumn<int>("shift");
    QTest::addColumn<int>("syn");
    QTest::addColumn<int>("synAck"); // with timestamps
    QTest::addColumn<int>("synAckNoTs");
    QTest::addColumn<int>("firstAck"); // the client's, after its SYN with this shift
    // Loopback, measured on this machine: SYN 65495, SYN/ACK 65483, first ACK 64.
    QTest::newRow("loopback IPv4") << 65495 << 65536 << 10 << 65495 << 65483 << 65495 << 64;
    QTest::newRow("loopback IPv6") << 65476 << 65536 << 10 << 65476 << 65464 << 65476 << 64;
    // Ethernet: the 64240 / 65160 / 502 every Linux capture shows with wscale 7.
    QTest::newRow("Ethernet") << 1460 << 65536 << 7 << 64240 << 65160 << 64240 << 502;
    QTest::newRow("Ethernet, no scaling") << 1460 << 65536 << 0 << 64240 << 65160 << 64240 << 64240;
    // A larger buffer: the SYN says 65535, but Linux remembers the whole initial window and
    // the first ACK offers it (measured on loopback with tcp_rmem[1] 262144: 128).
    QTest::newRow("loopback, 256 KiB buffer")
        << 65495 << 131072 << 10 << 65535 << 65535 << 65535 << 128;
    QTest::newRow("Ethernet, 256 KiB buffer")
        << 1460 << 131072 << 7 << 65535 << 65535 << 65535 << 1016;
    QTest::newRow("larger buffer, no scaling")
        << 1460 << 131072 << 0 << 65535 << 65535 << 65535 << 65535;
    QTest::newRow("buffer below one MSS") << 65495 << 32768 << 10 << 32768 << 32768 << 32768 << 32;
}

void TestKernelSettings::windowModel()
{
    QFETCH(int, mss);
    QFETCH(int, space);
    QFETCH(int, shift);
    QFETCH(int, syn);
    QFETCH(int, synAck);
    QFETCH(int, synAckNoTs);
    QFETCH(int, firstAck);
    QCOMPARE(synWindow(mss, space), syn);
    QCOMPARE(synAckWindow(mss, true, space), synAck);
    QCOMPARE(synAckWindow(mss, false, space), synAckNoTs);
    QCOMPARE(firstAckWindow(mss, shift, space), firstAck);
    TcpSysctls s;
    s.tcpRmem = {{4096, 2 * space, 6291456}};
    QCOMPARE(initialReceiveSpace(s), space);
}

void TestKernelSettings::mssModel_data()
{
    QTest::addColumn<int>("mtu");
    QTest::addColumn<bool>("ipv6");
    QTest::addColumn<int>("mss");
    QTest::newRow("lo IPv4") << 65536 << false << 65495;
    QTest::newRow("lo IPv6") << 65536 << true << 65476;
    QTest::newRow("Ethernet IPv4") << 1500 << false << 1460;
    QTest::newRow("Ethernet IPv6") << 1500 << true << 1440;
    QTest::newRow("tiny IPv4") << 68 << false << 256;
    QTest::newRow("tiny IPv6") << 1280 << true << 1220;
}

void TestKernelSettings::mssModel()
{
    QFETCH(int, mtu);
    QFETCH(bool, ipv6);
    QFETCH(int, mss);
    QCOMPARE(loopbackMss(mtu, ipv6), mss);
}

void TestKernelSettings::loopbackMtuAndMss()
{
    const int mtu = interfaceMtu(QStringLiteral("lo"));
    QVERIFY(mtu > 0);
    QCOMPARE(interfaceMtu(QStringLiteral("no-such-if0")), -1);
    qInfo("lo: MTU %d, MSS %d (IPv4) %d (IPv6)", mtu, loopbackMss(mtu), loopbackMss(mtu, true));
    const QList<QHostAddress> hosts {QHostAddress(QHostAddress::LocalHost),
                                     QHostAddress(QHostAddress::LocalHostIPv6)};
    for (const QHostAddress &host : hosts) {
        Fd listener(listenOn(host));
        if (!listener.isValid())
            continue; // no IPv6 here
        Fd client(connectTo(host, endOf(listener.get(), false).port));
        QVERIFY(client.isValid());
        const bool ipv6 = host.protocol() == QAbstractSocket::IPv6Protocol;
        const tcp_info info = tcpInfoOf(client.get());
        // With timestamps agreed the client counts their 12 bytes as header.
        const int timestamps = (info.tcpi_options & TCPI_OPT_TIMESTAMPS) ? 12 : 0;
        QCOMPARE(int(info.tcpi_advmss), loopbackMss(mtu, ipv6) - timestamps);
    }
}

void TestKernelSettings::windowScaleOfARealConnection()
{
    // Unprivileged: both ends announce the same shift, and TCP_INFO tells what each got.
    const TcpSysctls s = TcpSysctls::read();
    const QHostAddress loopback(QHostAddress::LocalHost);
    Fd listener(listenOn(loopback));
    QVERIFY(listener.isValid());
    Fd client(connectTo(loopback, endOf(listener.get(), false).port));
    QVERIFY(client.isValid());
    const tcp_info info = tcpInfoOf(client.get());
    const int expected = windowScaleForSyn(s);
    if (expected < 0) {
        QVERIFY(!(info.tcpi_options & TCPI_OPT_WSCALE));
        return;
    }
    QVERIFY(info.tcpi_options & TCPI_OPT_WSCALE);
    QCOMPARE(int(info.tcpi_rcv_wscale), expected);
    QCOMPARE(int(info.tcpi_snd_wscale), expected);
    qInfo("tcpi_rcv_wscale %d, model %d", int(info.tcpi_rcv_wscale), expected);
}

void TestKernelSettings::handshakeOnTheWire_data()
{
    QTest::addColumn<bool>("privateNetwork");
    QTest::addColumn<QString>("host");
    QTest::addColumn<QByteArray>("timestamps"); // sysctl values to set, empty: leave
    QTest::addColumn<QByteArray>("windowScaling");
    QTest::addColumn<QByteArray>("rmem");
    QTest::addColumn<int>("userMss"); // TCP_MAXSEG on both ends, 0: none

    const QString v4 = QStringLiteral("127.0.0.1");
    const QString v6 = QStringLiteral("::1");
    QTest::newRow("this machine, IPv4")
        << false << v4 << QByteArray() << QByteArray() << QByteArray() << 0;
    QTest::newRow("this machine, IPv6")
        << false << v6 << QByteArray() << QByteArray() << QByteArray() << 0;
    QTest::newRow("timestamps off")
        << true << v4 << QByteArray("0") << QByteArray() << QByteArray() << 0;
    QTest::newRow("window scaling off")
        << true << v4 << QByteArray() << QByteArray("0") << QByteArray() << 0;
    QTest::newRow("Ethernet-sized MSS 1460")
        << true << v4 << QByteArray() << QByteArray() << QByteArray() << 1460;
    QTest::newRow("tcp_rmem max 4 MiB")
        << true << v4 << QByteArray() << QByteArray() << QByteArray("4096 131072 4194304") << 0;
    QTest::newRow("tcp_rmem default 256 KiB")
        << true << v4 << QByteArray() << QByteArray() << QByteArray("4096 262144 33554432") << 0;
    // Ethernet's numbers (64240, 65160, 502) with wscale 7, as on a stock Debian machine.
    QTest::newRow("MSS 1460, wscale 7")
        << true << v4 << QByteArray() << QByteArray() << QByteArray("4096 131072 4194304") << 1460;
    QTest::newRow("MSS 1460, 256 KiB buffer")
        << true << v4 << QByteArray() << QByteArray() << QByteArray("4096 262144 4194304") << 1460;
}

void TestKernelSettings::handshakeOnTheWire()
{
    QFETCH(bool, privateNetwork);
    QFETCH(QString, host);
    QFETCH(QByteArray, timestamps);
    QFETCH(QByteArray, windowScaling);
    QFETCH(QByteArray, rmem);
    QFETCH(int, userMss);

    std::optional<PrivateNetwork> network;
    if (privateNetwork) {
        network.emplace();
        if (!network->isReady())
            QSKIP(qPrintable(network->error()));
        if (!timestamps.isEmpty())
            QVERIFY(writeSysctl("tcp_timestamps", timestamps.constData()));
        if (!windowScaling.isEmpty())
            QVERIFY(writeSysctl("tcp_window_scaling", windowScaling.constData()));
        if (!rmem.isEmpty())
            QVERIFY(writeSysctl("tcp_rmem", rmem.constData()));
    }
    LoopbackCapture capture;
    if (!capture.open())
        QSKIP(qPrintable(capture.error() + QLatin1String(" (capturing needs CAP_NET_RAW)")));
    const TcpSysctls s = TcpSysctls::read();
    const QHostAddress address(host);
    const bool ipv6 = address.protocol() == QAbstractSocket::IPv6Protocol;
    Fd listener(listenOn(address, 5, true, userMss));
    if (!listener.isValid())
        QSKIP("no such loopback address here");
    const quint16 serverPort = endOf(listener.get(), false).port;
    Fd client(tcpSocket(address, userMss));
    QVERIFY(connectSocket(client.get(), address, serverPort));
    const quint16 clientPort = endOf(client.get(), false).port;
    Fd server(::accept(listener.get(), nullptr, nullptr));
    QVERIFY(server.isValid());

    std::optional<Segment> syn, synAck, firstAck;
    while (!firstAck) {
        const auto segment = capture.next(1000);
        QVERIFY2(segment, "the handshake did not show on lo");
        const bool fromClient
            = segment->sourcePort == clientPort && segment->destinationPort == serverPort;
        const bool fromServer
            = segment->sourcePort == serverPort && segment->destinationPort == clientPort;
        if (fromClient && segment->isSyn())
            syn = segment;
        else if (fromServer && segment->isSynAck())
            synAck = segment;
        else if (fromClient && synAck && (segment->flags & TH_ACK))
            firstAck = segment;
    }
    QVERIFY(syn);

    // What the model says for this kernel and these settings.
    const int mtu = interfaceMtu(QStringLiteral("lo"));
    const int routeMss = loopbackMss(mtu, ipv6);
    const int mss = userMss > 0 ? std::min(userMss, routeMss) : routeMss;
    const int space = initialReceiveSpace(s);
    const int shift = windowScaleForSyn(s);
    const bool timestampsUsed = s.timestamps != 0; // both ends share the namespace's sysctls
    qInfo("SYN win %d mss %d wscale %d | SYN/ACK win %d mss %d wscale %d | first ACK win %d",
          syn->window, syn->mss, syn->windowScale, synAck->window, synAck->mss, synAck->windowScale,
          firstAck->window);

    QCOMPARE(syn->mss, mss);
    QCOMPARE(syn->windowScale, shift);
    QCOMPARE(syn->timestamps, timestampsUsed);
    QCOMPARE(syn->window, synWindow(mss, space));
    QCOMPARE(synAck->mss, mss);
    QCOMPARE(synAck->windowScale, shift);
    QCOMPARE(synAck->window, synAckWindow(mss, timestampsUsed, space));
    QCOMPARE(firstAck->window, firstAckWindow(mss, shift, space));
    const tcp_info info = tcpInfoOf(client.get());
    QCOMPARE(int(info.tcpi_rcv_wscale), std::max(shift, 0));
    QCOMPARE(int(info.tcpi_advmss), mss - (timestampsUsed ? 12 : 0));
}

void TestKernelSettings::routeToLoopback()
{
    QString error;
    const auto route = routeTo(QHostAddress(QHostAddress::LocalHost), &error);
    QVERIFY2(route, qPrintable(error));
    QVERIFY(route->found);
    QCOMPARE(route->device, QStringLiteral("lo"));
    QCOMPARE(route->mtu, interfaceMtu(QStringLiteral("lo")));
    // This machine's loopback route has no quickack: delayed ACKs are on.
    QVERIFY(!route->quickAck);
    qInfo("127.0.0.1: dev %s mtu %d quickack %d rto_min %d ms", qPrintable(route->device),
          route->mtu, int(route->quickAck), route->rtoMinMs);
    const auto route6 = routeTo(QHostAddress(QHostAddress::LocalHostIPv6), &error);
    QVERIFY2(route6, qPrintable(error));
    if (route6->found)
        QCOMPARE(route6->device, QStringLiteral("lo"));
}

void TestKernelSettings::routeMetricsInAPrivateNetwork()
{
    PrivateNetwork network;
    if (!network.isReady())
        QSKIP(qPrintable(network.error()));
    const QHostAddress loopback(QHostAddress::LocalHost);
    QString error;
    auto route = routeTo(loopback, &error);
    QVERIFY2(route && route->found, qPrintable(error));
    QVERIFY(!route->quickAck);
    QCOMPARE(route->rtoMinMs, -1);

    // `ip route replace local 127.0.0.1 dev lo proto kernel scope host src 127.0.0.1
    //  table local quickack 1 rto_min 50ms`: the /32 is the route 127.0.0.1 takes.
    RouteRequest request {"127.0.0.1"};
    request.type = RTN_LOCAL;
    request.table = RT_TABLE_LOCAL;
    request.scope = RT_SCOPE_HOST;
    request.source = "127.0.0.1";
    request.viaLo = true;
    request.quickAck = 1;
    request.rtoMinMs = 50;
    QVERIFY2(replaceRoute(request, &error), qPrintable(error));
    route = routeTo(loopback, &error);
    QVERIFY2(route && route->found, qPrintable(error));
    QCOMPARE(route->device, QStringLiteral("lo"));
    QVERIFY(route->quickAck);
    QCOMPARE(route->rtoMinMs, 50);
    QCOMPARE(route->mtu, interfaceMtu(QStringLiteral("lo")));
    // The rest of 127/8 still takes the /8, which has no metrics.
    route = routeTo(QHostAddress(QStringLiteral("127.0.0.2")), &error);
    QVERIFY2(route && route->found, qPrintable(error));
    QVERIFY(!route->quickAck);
}

void TestKernelSettings::noRouteInAPrivateNetwork()
{
    PrivateNetwork network;
    if (!network.isReady())
        QSKIP(qPrintable(network.error()));
    QString error;
    // Only lo here: no route to the documentation range at all.
    auto route = routeTo(QHostAddress(QStringLiteral("203.0.113.1")), &error);
    QVERIFY2(route, qPrintable(error));
    QVERIFY(!route->found);
    QVERIFY(!error.isEmpty());
    RouteRequest blackhole {"198.51.100.9"};
    blackhole.type = RTN_BLACKHOLE;
    QVERIFY2(replaceRoute(blackhole, &error), qPrintable(error));
    error.clear();
    route = routeTo(QHostAddress(QStringLiteral("198.51.100.9")), &error);
    QVERIFY2(route, qPrintable(error));
    QVERIFY(!route->found);
    qInfo("no route: %s", qPrintable(error));
}

void TestKernelSettings::synScheduleModel_data()
{
    QTest::addColumn<int>("retries");
    QTest::addColumn<int>("linear"); // -1: a kernel without tcp_syn_linear_timeouts
    QTest::addColumn<int>("synCount");
    QTest::addColumn<QList<int>>("schedule");
    QTest::addColumn<int>("giveUp");
    // This machine's defaults: 6 + 4 retransmissions, five 1 s apart, then doubling.
    QTest::newRow("6 retries, 4 linear")
        << 6 << 4 << 0
        << QList<int> {1000, 2000, 3000, 4000, 5000, 7000, 11000, 19000, 35000, 67000} << 131000;
    QTest::newRow("older kernel, 6 retries")
        << 6 << -1 << 0 << QList<int> {1000, 3000, 7000, 15000, 31000, 63000} << 127000;
    QTest::newRow("0 linear") << 6 << 0 << 2 << QList<int> {1000, 3000} << 7000;
    QTest::newRow("TCP_SYNCNT 1, 1 linear") << 6 << 1 << 1 << QList<int> {1000, 2000} << 4000;
    QTest::newRow("TCP_SYNCNT 2, 4 linear")
        << 6 << 4 << 2 << QList<int> {1000, 2000, 3000, 4000, 5000, 7000} << 11000;
    QTest::newRow("capped at 120 s")
        << 8 << 0 << 0 << QList<int> {1000, 3000, 7000, 15000, 31000, 63000, 127000, 247000}
        << 367000;
}

void TestKernelSettings::synScheduleModel()
{
    QFETCH(int, retries);
    QFETCH(int, linear);
    QFETCH(int, synCount);
    QFETCH(QList<int>, schedule);
    QFETCH(int, giveUp);
    TcpSysctls s;
    s.synRetries = retries;
    s.synLinearTimeouts = linear;
    QCOMPARE(synRetransmitScheduleMs(s, synCount), schedule);
    QCOMPARE(synGiveUpMs(s, synCount), giveUp);
}

void TestKernelSettings::synRetransmissionsOnTheWire()
{
    // Two private networks at once, so the whole test takes one schedule's time (4 s):
    //  A: tcp_syn_linear_timeouts 1, TCP_SYNCNT 1: SYNs at 0, 1 and 2 s (the linear rule and
    //     its extra retransmission), ETIMEDOUT at 4 s (the doubling);
    //  B: tcp_syn_linear_timeouts 0, TCP_SYNCNT 2: SYNs at 0, 1 and 3 s (doubling from the
    //     start, as kernels without linear timeouts do); not waited for to the end (7 s).
    struct Case
    {
        const char *linear = nullptr;
        int synCount = 0;
        UnansweredSyn probe;
        TcpSysctls sysctls;
    };
    Case cases[2];
    cases[0].linear = "1";
    cases[0].synCount = 1;
    cases[1].linear = "0";
    cases[1].synCount = 2;
    for (Case &c : cases) {
        PrivateNetwork network;
        if (!network.isReady())
            QSKIP(qPrintable(network.error()));
        if (!writeSysctl("tcp_syn_linear_timeouts", c.linear))
            QSKIP("this kernel has no tcp_syn_linear_timeouts");
        c.sysctls = TcpSysctls::read();
        const QString error = c.probe.start(c.synCount);
        if (!error.isEmpty())
            QSKIP(qPrintable(error));
    }
    const int giveUpA = synGiveUpMs(cases[0].sysctls, cases[0].synCount);
    const qint64 end = nowMs() + giveUpA + 500;
    while (nowMs() < end && cases[0].probe.failedAtMs < 0) {
        pollfd fds[3] = {{cases[0].probe.capture.fd(), POLLIN, 0},
                         {cases[1].probe.capture.fd(), POLLIN, 0},
                         {cases[0].probe.probe.get(), POLLOUT, 0}};
        ::poll(fds, 3, 50);
        for (Case &c : cases)
            c.probe.collect();
    }

    const int tolerance = 150;
    for (const Case &c : cases) {
        QList<int> expected = synRetransmitScheduleMs(c.sysctls, c.synCount);
        const QList<int> seen = c.probe.retransmissionsMs();
        qInfo("linear %s, TCP_SYNCNT %d: SYN retransmissions at %s ms, model %s ms", c.linear,
              c.synCount, qPrintable(listText(seen)), qPrintable(listText(expected)));
        QVERIFY(!c.probe.synAtMs.isEmpty());
        // Only what had time to happen.
        const qint64 watched
            = (c.probe.failedAtMs > 0 ? c.probe.failedAtMs : nowMs()) - c.probe.synAtMs.first();
        while (!expected.isEmpty() && expected.last() > watched - tolerance)
            expected.removeLast();
        QVERIFY(seen.size() >= expected.size());
        for (int i = 0; i < expected.size(); ++i)
            QVERIFY2(qAbs(seen[i] - expected[i]) <= tolerance,
                     qPrintable(QStringLiteral("retransmission %1 at %2 ms, model %3 ms")
                                    .arg(i + 1)
                                    .arg(seen[i])
                                    .arg(expected[i])));
    }
    QVERIFY2(cases[1].probe.retransmissionsMs().size() >= 2, "B never reached the doubling");
    const UnansweredSyn &a = cases[0].probe;
    QCOMPARE(a.retransmissionsMs().size(), 2);
    QVERIFY2(a.failedAtMs > 0, "connect() did not give up in time");
    QCOMPARE(a.failure, ETIMEDOUT);
    const int gaveUp = int(a.failedAtMs - a.synAtMs.first());
    qInfo("linear 1, TCP_SYNCNT 1: ETIMEDOUT at %d ms, model %d ms", gaveUp, giveUpA);
    QVERIFY(qAbs(gaveUp - giveUpA) <= tolerance);
}

// After how many answers Linux delays its ACKs: the setting where the kernel has one, else
// what the kernel's version had built in (3 from Linux 5.1 until the revert in 5.19).
void TestKernelSettings::pingpongThreshold_data()
{
    QTest::addColumn<int>("setting");
    QTest::addColumn<QString>("release");
    QTest::addColumn<int>("threshold");
    QTest::newRow("setting 1") << 1 << "6.18.44" << 1;
    QTest::newRow("setting 3") << 3 << "6.18.44" << 3;
    QTest::newRow("Debian 12") << -1 << "6.1.0-13-amd64" << 1;
    QTest::newRow("Linux 5.19") << -1 << "5.19.0" << 1;
    QTest::newRow("Linux 5.10") << -1 << "5.10.0-26-amd64" << -1;
    QTest::newRow("Linux 5.1") << -1 << "5.1.0" << -1;
    QTest::newRow("Linux 4.19") << -1 << "4.19.0-25-amd64" << 1;
    QTest::newRow("unreadable") << -1 << "" << -1;
}

void TestKernelSettings::pingpongThreshold()
{
    QFETCH(int, setting);
    QFETCH(QString, release);
    QFETCH(int, threshold);
    TcpSysctls sysctls;
    sysctls.pingpongThresh = setting;
    QCOMPARE(tcplab::pingpongThreshold(sysctls, release), threshold);
    // This machine: its setting, read from /proc, when it has one.
    QFile file(QStringLiteral("/proc/sys/net/ipv4/tcp_pingpong_thresh"));
    if (file.open(QIODevice::ReadOnly))
        QCOMPARE(TcpSysctls::read().pingpongThresh, file.readAll().trimmed().toInt());
}

QTEST_GUILESS_MAIN(TestKernelSettings)
#include "tst_kernelsettings.moc"
