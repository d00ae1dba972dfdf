#include "kernel/sockdiag.h"

#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace tcplab {

namespace {

bool sameAddress(const QHostAddress &address, int family, const __be32 *words)
{
    if (family == AF_INET)
        return address.toIPv4Address() == ntohl(words[0]);
    const Q_IPV6ADDR bytes = address.toIPv6Address();
    return std::memcmp(&bytes, words, 16) == 0;
}

} // namespace

std::optional<SockDiagEntry> querySockDiag(const QHostAddress &local, quint16 localPort,
                                           const QHostAddress &remote, quint16 remotePort,
                                           QString *error)
{
    const int family = local.protocol() == QAbstractSocket::IPv6Protocol ? AF_INET6 : AF_INET;
    const int fd = ::socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
    if (fd < 0) {
        if (error)
            *error
                = QStringLiteral("sock_diag: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        return std::nullopt;
    }
    struct
    {
        nlmsghdr header;
        inet_diag_req_v2 request;
    } message {};
    message.header.nlmsg_len = sizeof(message);
    message.header.nlmsg_type = SOCK_DIAG_BY_FAMILY;
    message.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    message.request.sdiag_family = quint8(family);
    message.request.sdiag_protocol = IPPROTO_TCP;
    message.request.idiag_states = ~0u; // every state, TIME_WAIT included
    sockaddr_nl kernel {};
    kernel.nl_family = AF_NETLINK;
    if (::sendto(fd, &message, sizeof(message), 0, reinterpret_cast<sockaddr *>(&kernel),
                 sizeof(kernel))
        < 0) {
        if (error)
            *error
                = QStringLiteral("sock_diag: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        ::close(fd);
        return std::nullopt;
    }
    std::optional<SockDiagEntry> found;
    alignas(nlmsghdr) char buffer[32768];
    bool done = false;
    while (!done) {
        const ssize_t received = ::recv(fd, buffer, sizeof(buffer), 0);
        if (received <= 0)
            break;
        int n = int(received);
        for (auto *h = reinterpret_cast<nlmsghdr *>(buffer); NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
            if (h->nlmsg_type == NLMSG_DONE) {
                done = true;
                break;
            }
            if (h->nlmsg_type == NLMSG_ERROR) {
                if (error)
                    *error = QStringLiteral("sock_diag: the kernel refused the query");
                done = true;
                break;
            }
            const auto *msg = static_cast<const inet_diag_msg *>(NLMSG_DATA(h));
            if (found || ntohs(msg->id.idiag_sport) != localPort
                || ntohs(msg->id.idiag_dport) != remotePort
                || !sameAddress(local, family, msg->id.idiag_src)
                || !sameAddress(remote, family, msg->id.idiag_dst))
                continue;
            const auto state = tcpStateFromLinux(msg->idiag_state);
            if (!state)
                continue;
            SockDiagEntry entry;
            entry.state = *state;
            entry.timerMs = msg->idiag_timer != 0 ? qint64(msg->idiag_expires) : -1;
            found = entry;
        }
    }
    ::close(fd);
    return found;
}

} // namespace tcplab
