#include "kernel/sockdiag.h"
#include "kernel/netlink.h"

#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace tcplab {

namespace {

QString errnoText(int code)
{
    return QStringLiteral("sock_diag: %1").arg(QString::fromLocal8Bit(std::strerror(code)));
}

// IPv4 as ::ffff:a.b.c.d, so that a v4 query and a dual-stack v6 socket compare equal.
Q_IPV6ADDR asIpv6(int family, const __be32 *words)
{
    Q_IPV6ADDR bytes {};
    if (family == AF_INET) {
        bytes[10] = 0xff;
        bytes[11] = 0xff;
        std::memcpy(&bytes[12], words, 4);
    } else {
        std::memcpy(&bytes, words, 16);
    }
    return bytes;
}

Q_IPV6ADDR asIpv6(const QHostAddress &address)
{
    // Not toIPv6Address() alone: it maps 127.0.0.1 but gives :: for 0.0.0.0.
    if (address.protocol() != QAbstractSocket::IPv6Protocol) {
        const __be32 word = htonl(address.toIPv4Address());
        return asIpv6(AF_INET, &word);
    }
    return address.toIPv6Address();
}

// 0.0.0.0 and :: (a listener's remote end), in either spelling.
bool unspecified(const Q_IPV6ADDR &a)
{
    for (int i = 0; i < 16; ++i) {
        const bool mappedMark = (i == 10 || i == 11) && a[i] == 0xff;
        if (a[i] != 0 && !mappedMark)
            return false;
    }
    return true;
}

bool equal(const Q_IPV6ADDR &a, const Q_IPV6ADDR &b)
{
    return std::memcmp(&a, &b, sizeof(a)) == 0 || (unspecified(a) && unspecified(b));
}

void fillAddress(__be32 *words, int family, const QHostAddress &address)
{
    if (family == AF_INET) {
        words[0] = htonl(address.toIPv4Address());
    } else {
        const Q_IPV6ADDR bytes = asIpv6(address);
        if (!unspecified(bytes)) // an IPv6 listener's remote end is ::, never ::ffff:0.0.0.0
            std::memcpy(words, &bytes, 16);
    }
}

} // namespace

std::optional<SockDiagEntry> querySockDiag(const QHostAddress &local, quint16 localPort,
                                           const QHostAddress &remote, quint16 remotePort,
                                           QString *error, int netlinkFd)
{
    // Mixed families (a v4 peer of a dual-stack socket written as ::ffff:...) go as IPv6:
    // the kernel then looks v4-mapped pairs up among the IPv4 ones itself.
    const bool ipv6 = local.protocol() == QAbstractSocket::IPv6Protocol
        || remote.protocol() == QAbstractSocket::IPv6Protocol;
    const int family = ipv6 ? AF_INET6 : AF_INET;
    const int fd = netlinkFd >= 0
        ? netlinkFd
        : ::socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
    if (fd < 0) {
        if (error)
            *error = errnoText(errno);
        return std::nullopt;
    }
    const FdCloser closer(netlinkFd >= 0 ? -1 : fd);
    // The kernel answers an exact query at once, from the same system call; the timeout only
    // guards against waiting forever should it ever not.
    const timeval patience {1, 0};
    if (::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &patience, sizeof(patience)) != 0) {
        if (error)
            *error = errnoText(errno);
        return std::nullopt;
    }

    struct
    {
        nlmsghdr header;
        inet_diag_req_v2 request;
    } message {};
    message.header.nlmsg_len = sizeof(message);
    message.header.nlmsg_type = SOCK_DIAG_BY_FAMILY;
    // No NLM_F_DUMP: the kernel looks the 4-tuple up in its hash tables (the established one
    // holds TIME_WAIT and request sockets too) instead of walking every socket.
    message.header.nlmsg_flags = NLM_F_REQUEST;
    message.request.sdiag_family = quint8(family);
    message.request.sdiag_protocol = IPPROTO_TCP;
    message.request.idiag_ext = 0;
    message.request.idiag_states = ~0u;
    message.request.id.idiag_sport = htons(localPort);
    message.request.id.idiag_dport = htons(remotePort);
    fillAddress(message.request.id.idiag_src, family, local);
    fillAddress(message.request.id.idiag_dst, family, remote);
    message.request.id.idiag_cookie[0] = INET_DIAG_NOCOOKIE;
    message.request.id.idiag_cookie[1] = INET_DIAG_NOCOOKIE;

    alignas(nlmsghdr) char buffer[8192];
    const ssize_t received = netlinkExchange(fd, &message, sizeof(message), buffer, sizeof(buffer));
    if (received < 0) {
        if (error)
            *error = errnoText(errno);
        return std::nullopt;
    }
    int length = int(received);
    const auto *h = reinterpret_cast<const nlmsghdr *>(buffer);
    if (!NLMSG_OK(h, length)) {
        if (error)
            *error = QStringLiteral("sock_diag: the kernel's answer was cut short");
        return std::nullopt;
    }
    if (h->nlmsg_type == NLMSG_ERROR) {
        const auto *failure = static_cast<const nlmsgerr *>(NLMSG_DATA(h));
        // ENOENT is the kernel's "no such socket", an answer rather than a failure.
        if (failure->error != 0 && failure->error != -ENOENT && error)
            *error = errnoText(-failure->error);
        return std::nullopt;
    }
    if (h->nlmsg_type != SOCK_DIAG_BY_FAMILY
        || h->nlmsg_len < NLMSG_LENGTH(sizeof(inet_diag_msg))) {
        if (error)
            *error = QStringLiteral("sock_diag: unexpected answer from the kernel");
        return std::nullopt;
    }
    const auto *msg = static_cast<const inet_diag_msg *>(NLMSG_DATA(h));
    // The kernel's lookup falls back to a listener on the local port when no connection has
    // this 4-tuple; that is not the connection asked for (it is gone), so compare the ends.
    if (ntohs(msg->id.idiag_sport) != localPort || ntohs(msg->id.idiag_dport) != remotePort
        || !equal(asIpv6(msg->idiag_family, msg->id.idiag_src), asIpv6(local))
        || !equal(asIpv6(msg->idiag_family, msg->id.idiag_dst), asIpv6(remote)))
        return std::nullopt;
    const auto state = tcpStateFromLinux(msg->idiag_state);
    if (!state) {
        if (error)
            *error = QStringLiteral("sock_diag: unknown TCP state %1").arg(msg->idiag_state);
        return std::nullopt;
    }
    SockDiagEntry entry;
    entry.state = *state;
    entry.timerMs = msg->idiag_timer != 0 ? qint64(msg->idiag_expires) : -1;
    entry.uid = msg->idiag_uid;
    entry.inode = msg->idiag_inode;
    entry.receiveQueue = msg->idiag_rqueue;
    entry.sendQueue = msg->idiag_wqueue;
    return entry;
}

} // namespace tcplab
