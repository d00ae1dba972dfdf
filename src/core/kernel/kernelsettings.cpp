#include "kernel/kernelsettings.h"
#include "kernel/netlink.h"

#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>

namespace tcplab {

namespace {

// Linux's own limits (include/net/tcp.h, include/uapi/linux/...).
constexpr int kMaxWindowScale = 14; // TCP_MAX_WSCALE, RFC 7323
constexpr int kMaxUnscaledWindow = 65535; // U16_MAX
constexpr int kTimestampOptionLength = 12; // TCPOLEN_TSTAMP_ALIGNED
constexpr int kInitialRtoMs = 1000; // TCP_TIMEOUT_INIT
constexpr int kDefaultRtoMaxMs = 120000; // TCP_RTO_MAX before tcp_rto_max_ms existed

QString errnoText(const char *what, int code)
{
    return QLatin1String(what) + QLatin1String(": ") + QString::fromLocal8Bit(std::strerror(code));
}

// Up to count integers from one /proc/sys file. Plain POSIX: this runs often (each
// explanation asks), and a /proc file is a few bytes.
bool readInts(const char *path, int *values, int count)
{
    const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    char text[128];
    const ssize_t length = ::read(fd, text, sizeof(text) - 1);
    ::close(fd);
    if (length <= 0)
        return false;
    text[length] = '\0';
    const char *p = text;
    for (int i = 0; i < count; ++i) {
        char *end = nullptr;
        const long value = std::strtol(p, &end, 10);
        if (end == p)
            return false;
        values[i] = int(value);
        p = end;
    }
    return true;
}

int ilog2(quint64 value)
{
    int log = -1;
    while (value) {
        value >>= 1;
        ++log;
    }
    return log;
}

// Appends one attribute to a netlink message that has room for it in the buffer it heads.
void addAttribute(char *message, int type, const void *data, int length)
{
    auto *header = reinterpret_cast<nlmsghdr *>(message);
    auto *attribute = reinterpret_cast<rtattr *>(message + NLMSG_ALIGN(header->nlmsg_len));
    attribute->rta_type = quint16(type);
    attribute->rta_len = quint16(RTA_LENGTH(length));
    std::memcpy(RTA_DATA(attribute), data, size_t(length));
    header->nlmsg_len = NLMSG_ALIGN(header->nlmsg_len) + RTA_ALIGN(attribute->rta_len);
}

} // namespace

TcpSysctls TcpSysctls::read()
{
    return read([](const char *name, int *values, int count) {
        const std::string path = std::string("/proc/sys/net/") + name;
        return readInts(path.c_str(), values, count);
    });
}

TcpSysctls
TcpSysctls::read(const std::function<bool(const char *name, int *values, int count)> &reader)
{
    TcpSysctls s;
    struct Setting
    {
        const char *name;
        int *values;
        int count;
        bool everyKernel; // false: only newer kernels have it
    };
    const Setting settings[] = {
        {"ipv4/tcp_sack", &s.sack, 1, true},
        {"ipv4/tcp_timestamps", &s.timestamps, 1, true},
        {"ipv4/tcp_window_scaling", &s.windowScaling, 1, true},
        {"ipv4/tcp_ecn", &s.ecn, 1, true},
        {"ipv4/tcp_syn_retries", &s.synRetries, 1, true},
        {"ipv4/tcp_synack_retries", &s.synAckRetries, 1, true},
        {"ipv4/tcp_syn_linear_timeouts", &s.synLinearTimeouts, 1, false},
        {"ipv4/tcp_fin_timeout", &s.finTimeout, 1, true},
        {"ipv4/tcp_abort_on_overflow", &s.abortOnOverflow, 1, true},
        {"ipv4/tcp_rto_min_us", &s.rtoMinUs, 1, false},
        {"ipv4/tcp_rto_max_ms", &s.rtoMaxMs, 1, false},
        {"ipv4/tcp_early_retrans", &s.earlyRetrans, 1, true},
        {"ipv4/tcp_frto", &s.frto, 1, true},
        {"ipv4/tcp_rmem", s.tcpRmem.data(), 3, true},
        {"ipv4/tcp_max_syn_backlog", &s.maxSynBacklog, 1, true},
        {"ipv4/tcp_pingpong_thresh", &s.pingpongThresh, 1, false},
        {"core/rmem_max", &s.coreRmemMax, 1, true},
    };
    s.ok = true;
    for (const Setting &setting : settings) {
        if (reader(setting.name, setting.values, setting.count))
            continue;
        std::fill(setting.values, setting.values + setting.count, -1);
        s.unreadable.append(QStringLiteral("/proc/sys/net/") + QLatin1String(setting.name));
        if (setting.everyKernel)
            s.ok = false;
    }
    return s;
}

int windowScaleForSyn(const TcpSysctls &sysctls)
{
    if (sysctls.windowScaling == 0)
        return -1;
    // tcp_select_initial_window(): the scale is chosen for the largest window the socket may
    // ever offer, not for the first one, since it cannot change after the handshake.
    quint64 space = quint64(std::max({sysctls.tcpRmem[2], sysctls.coreRmemMax, 0}));
    space = std::min<quint64>(space, quint64(kMaxUnscaledWindow) << kMaxWindowScale);
    return std::clamp(ilog2(space) - 15, 0, kMaxWindowScale);
}

int initialReceiveSpace(const TcpSysctls &sysctls)
{
    // tcp_full_space(): tcp_win_from_space() of sk_rcvbuf (tcp_rmem[1] for a fresh socket)
    // with the default scaling ratio of 1/2.
    return sysctls.tcpRmem[1] > 0 ? sysctls.tcpRmem[1] / 2 : kLinuxReceiveSpace;
}

int initialReceiveWindow(int mss, int receiveSpace)
{
    // tcp_select_initial_window(): rounddown(space, mss) when space > mss.
    if (mss > 0 && receiveSpace > mss)
        return receiveSpace - receiveSpace % mss;
    return receiveSpace;
}

int synWindow(int mss, int receiveSpace)
{
    return std::min(initialReceiveWindow(mss, receiveSpace), kMaxUnscaledWindow);
}

int synAckWindow(int mss, bool timestamps, int receiveSpace)
{
    // tcp_openreq_init_rwin() passes the MSS less the timestamp option, the payload a segment
    // can carry on this connection; tcp_connect_init() does not for the SYN.
    return synWindow(timestamps ? mss - kTimestampOptionLength : mss, receiveSpace);
}

int firstAckWindow(int mss, int windowScale, int receiveSpace)
{
    // __tcp_select_window() offers at most rcv_ssthresh, which starts at or below the initial
    // window; tcp_select_window() then refuses to shrink what was offered before and keeps
    // the initial window, rounded up to a whole unit of the scale. Unscaled, the window is
    // cut to 16 bits at the end.
    const qint64 window = initialReceiveWindow(mss, receiveSpace);
    if (windowScale <= 0)
        return int(std::min<qint64>(window, kMaxUnscaledWindow));
    const qint64 unit = qint64(1) << windowScale;
    const qint64 aligned = (window + unit - 1) / unit * unit;
    return int(std::min(aligned, qint64(kMaxUnscaledWindow) << windowScale) >> windowScale);
}

int loopbackMss(int mtu, bool ipv6)
{
    if (ipv6) {
        // ip6_default_advmss(): at least ip6_rt_min_advmss (1280 - 60); past the largest
        // payload "any MSS" (65535).
        const int mss = std::max(mtu - 40 - 20, 1280 - 40 - 20);
        return mss > 65535 - 20 ? 65535 : mss;
    }
    // ipv4_default_advmss(): at least ip_rt_min_advmss (256), at most IPV4_MAX_PMTU less the
    // headers, which is why lo's 65536 gives 65495 and not 65496.
    return std::min(std::max(mtu - 20 - 20, 256), 65535 - 20 - 20);
}

int interfaceMtu(const QString &name)
{
    const QByteArray local = name.toLocal8Bit();
    if (local.isEmpty() || local.size() >= IFNAMSIZ)
        return -1;
    const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    const FdCloser closer(fd);
    ifreq request {};
    std::memcpy(request.ifr_name, local.constData(), size_t(local.size()));
    if (::ioctl(fd, SIOCGIFMTU, &request) != 0)
        return -1;
    return request.ifr_mtu;
}

std::optional<RouteInfo> routeTo(const QHostAddress &destination, QString *error)
{
    const bool ipv6 = destination.protocol() == QAbstractSocket::IPv6Protocol;
    const int fd = ::socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (fd < 0) {
        if (error)
            *error = errnoText("rtnetlink", errno);
        return std::nullopt;
    }
    const FdCloser closer(fd);
    const timeval patience {1, 0}; // the kernel answers at once; this only guards a hang
    if (::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &patience, sizeof(patience)) != 0) {
        if (error)
            *error = errnoText("rtnetlink", errno);
        return std::nullopt;
    }

    alignas(nlmsghdr) char request[NLMSG_SPACE(sizeof(rtmsg)) + RTA_SPACE(16)] = {};
    auto *header = reinterpret_cast<nlmsghdr *>(request);
    header->nlmsg_len = NLMSG_LENGTH(sizeof(rtmsg));
    header->nlmsg_type = RTM_GETROUTE;
    header->nlmsg_flags = NLM_F_REQUEST;
    auto *query = static_cast<rtmsg *>(NLMSG_DATA(header));
    query->rtm_family = ipv6 ? AF_INET6 : AF_INET;
    query->rtm_dst_len = ipv6 ? 128 : 32;
    if (ipv6) {
        const Q_IPV6ADDR bytes = destination.toIPv6Address();
        addAttribute(request, RTA_DST, &bytes, 16);
    } else {
        const quint32 address = htonl(destination.toIPv4Address());
        addAttribute(request, RTA_DST, &address, 4);
    }
    alignas(nlmsghdr) char buffer[8192];
    const ssize_t received
        = netlinkExchange(fd, request, header->nlmsg_len, buffer, sizeof(buffer));
    if (received < 0) {
        if (error)
            *error = errnoText("rtnetlink", errno);
        return std::nullopt;
    }
    const auto *h = reinterpret_cast<const nlmsghdr *>(buffer);
    if (!NLMSG_OK(h, unsigned(received))) {
        if (error)
            *error = QStringLiteral("rtnetlink: the kernel's answer was cut short");
        return std::nullopt;
    }
    if (h->nlmsg_type == NLMSG_ERROR) {
        const int code = -static_cast<const nlmsgerr *>(NLMSG_DATA(h))->error;
        if (error)
            *error = errnoText("rtnetlink", code);
        // The answers for "no way there": no route (ENETUNREACH), an unreachable route
        // (EHOSTUNREACH), a prohibit route (EACCES), a blackhole route (EINVAL).
        if (code == ENETUNREACH || code == EHOSTUNREACH || code == EACCES || code == EINVAL)
            return RouteInfo {};
        return std::nullopt;
    }
    if (h->nlmsg_type != RTM_NEWROUTE || h->nlmsg_len < NLMSG_LENGTH(sizeof(rtmsg))) {
        if (error)
            *error = QStringLiteral("rtnetlink: unexpected answer from the kernel");
        return std::nullopt;
    }
    RouteInfo info;
    info.found = true;
    const auto *route = static_cast<const rtmsg *>(NLMSG_DATA(h));
    int length = int(h->nlmsg_len - NLMSG_LENGTH(sizeof(rtmsg)));
    for (auto *a = RTM_RTA(route); RTA_OK(a, length); a = RTA_NEXT(a, length)) {
        if (a->rta_type == RTA_OIF && RTA_PAYLOAD(a) >= sizeof(int)) {
            int index = 0;
            std::memcpy(&index, RTA_DATA(a), sizeof(index));
            char name[IF_NAMESIZE] = {};
            if (::if_indextoname(unsigned(index), name))
                info.device = QString::fromLocal8Bit(name);
        } else if (a->rta_type == RTA_METRICS) {
            int nested = int(RTA_PAYLOAD(a));
            for (auto *m = static_cast<rtattr *>(RTA_DATA(a)); RTA_OK(m, nested);
                 m = RTA_NEXT(m, nested)) {
                if (RTA_PAYLOAD(m) < sizeof(quint32))
                    continue;
                quint32 value = 0;
                std::memcpy(&value, RTA_DATA(m), sizeof(value));
                if (m->rta_type == RTAX_MTU)
                    info.mtu = int(value);
                else if (m->rta_type == RTAX_QUICKACK)
                    info.quickAck = value != 0;
                else if (m->rta_type == RTAX_RTO_MIN)
                    info.rtoMinMs = int(value); // kept in ms (dst_metric_rtt)
            }
        }
    }
    if (info.mtu < 0 && !info.device.isEmpty())
        info.mtu = interfaceMtu(info.device);
    return info;
}

QList<int> synRetransmitScheduleMs(const TcpSysctls &sysctls, int synCount)
{
    // tcp_write_timeout() gives up after tcp_syn_retries (or TCP_SYNCNT) plus
    // tcp_syn_linear_timeouts retransmissions; tcp_retransmit_timer() doubles the RTO only
    // once more of them than tcp_syn_linear_timeouts have gone out.
    const int linear = std::max(sysctls.synLinearTimeouts, 0);
    const int retries = (synCount > 0 ? synCount : std::max(sysctls.synRetries, 0)) + linear;
    const int rtoMax = sysctls.rtoMaxMs > 0 ? sysctls.rtoMaxMs : kDefaultRtoMaxMs;
    QList<int> schedule;
    schedule.reserve(retries);
    int at = 0;
    int rto = kInitialRtoMs;
    for (int sent = 1; sent <= retries; ++sent) {
        at += rto;
        schedule.append(at);
        if (sent > linear)
            rto = std::min(rto * 2, rtoMax);
    }
    return schedule;
}

int synGiveUpMs(const TcpSysctls &sysctls, int synCount)
{
    // The timer that would send one retransmission more finds the count used up instead.
    const QList<int> schedule = synRetransmitScheduleMs(sysctls, synCount);
    if (schedule.isEmpty())
        return kInitialRtoMs;
    const int linear = std::max(sysctls.synLinearTimeouts, 0);
    const int rtoMax = sysctls.rtoMaxMs > 0 ? sysctls.rtoMaxMs : kDefaultRtoMaxMs;
    int rto = kInitialRtoMs;
    for (int sent = 1; sent <= int(schedule.size()); ++sent) {
        if (sent > linear)
            rto = std::min(rto * 2, rtoMax);
    }
    return schedule.last() + rto;
}

int pingpongThreshold(const TcpSysctls &sysctls, const QString &kernelRelease)
{
    if (sysctls.pingpongThresh >= 0)
        return sysctls.pingpongThresh;
    // Fixed in the kernel: 3 from Linux 5.1 ("tcp: change pingpong threshold to 3") until its
    // revert in 5.19, which stable kernels took in part.
    const QStringList parts = kernelRelease.split(QLatin1Char('.'));
    const int major = parts.value(0).toInt();
    const int minor = parts.value(1).toInt();
    if (major == 0 || (major == 5 && minor >= 1 && minor < 19))
        return -1;
    return 1;
}

} // namespace tcplab
