#include "sockdiag.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <ifaddrs.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

namespace tcplab::helper {

namespace {

Endpoint endpointFrom(int family, const uint32_t *words, uint16_t portNetworkOrder)
{
    Endpoint e;
    e.port = ntohs(portNetworkOrder);
    if (family == AF_INET6) {
        in6_addr a {};
        std::memcpy(&a, words, sizeof(a));
        if (IN6_IS_ADDR_V4MAPPED(&a)) {
            std::memcpy(e.address.data(), &a.s6_addr[12], 4);
        } else {
            e.family = Endpoint::V6;
            std::memcpy(e.address.data(), &a, 16);
        }
    } else {
        std::memcpy(e.address.data(), words, 4);
    }
    return e;
}

KernelSocket socketFrom(const nlmsghdr *h)
{
    const auto *msg = static_cast<const inet_diag_msg *>(NLMSG_DATA(h));
    KernelSocket s;
    s.local = endpointFrom(msg->idiag_family, msg->id.idiag_src, msg->id.idiag_sport);
    s.remote = endpointFrom(msg->idiag_family, msg->id.idiag_dst, msg->id.idiag_dport);
    s.uid = msg->idiag_uid;
    s.state = static_cast<KernelState>(msg->idiag_state);
    // Only full sockets carry attributes (INET_DIAG_SHUTDOWN always); request and TIME_WAIT
    // sockets come bare, with uid 0 for "no owner".
    s.ownerKnown = false;
    int left = int(h->nlmsg_len) - int(NLMSG_LENGTH(sizeof(*msg)));
    for (auto *a = reinterpret_cast<const rtattr *>(msg + 1); RTA_OK(a, left);
         a = RTA_NEXT(a, left)) {
        if (a->rta_type == INET_DIAG_SHUTDOWN)
            s.ownerKnown = true;
        if (a->rta_type == INET_DIAG_SKV6ONLY && RTA_PAYLOAD(a) >= 1)
            s.v6only = *static_cast<const uint8_t *>(RTA_DATA(a)) != 0;
    }
    if (s.state == KernelState::TimeWait)
        s.ownerKnown = false;
    return s;
}

bool send(int fd, uint32_t sequence, int family, uint16_t flags, uint32_t states,
          const inet_diag_sockid &id)
{
    struct
    {
        nlmsghdr header;
        inet_diag_req_v2 request;
    } message {};
    message.header.nlmsg_len = sizeof(message);
    message.header.nlmsg_type = SOCK_DIAG_BY_FAMILY;
    message.header.nlmsg_flags = flags;
    message.header.nlmsg_seq = sequence;
    message.request.sdiag_family = static_cast<uint8_t>(family);
    message.request.sdiag_protocol = IPPROTO_TCP;
    message.request.idiag_states = states;
    message.request.id = id;
    sockaddr_nl kernel {};
    kernel.nl_family = AF_NETLINK;
    return ::sendto(fd, &message, sizeof(message), 0, reinterpret_cast<sockaddr *>(&kernel),
                    sizeof(kernel))
        == ssize_t(sizeof(message));
}

int openSockDiag()
{
    const int fd = ::socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
    if (fd < 0)
        return -1;
    // An answer that does not come within a second is a failed query, never a wait forever.
    timeval timeout {1, 0};
    if (::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout)) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

} // namespace

SockDiagTable::SockDiagTable()
    : m_fd(openSockDiag())
{
    readLocalAddresses();
}

SockDiagTable::~SockDiagTable()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

SocketTable::Answer SockDiagTable::find(const Endpoint &local, const Endpoint &remote,
                                        KernelSocket *found)
{
    if (m_fd < 0)
        return Answer::Failed;
    if (local.family != remote.family)
        return Answer::None;
    inet_diag_sockid id {};
    id.idiag_sport = htons(local.port);
    id.idiag_dport = htons(remote.port);
    const size_t length = local.family == Endpoint::V4 ? 4 : 16;
    std::memcpy(id.idiag_src, local.address.data(), length);
    std::memcpy(id.idiag_dst, remote.address.data(), length);
    id.idiag_cookie[0] = id.idiag_cookie[1] = INET_DIAG_NOCOOKIE;
    const uint32_t sequence = ++m_sequence;
    if (!send(m_fd, sequence, local.family == Endpoint::V4 ? AF_INET : AF_INET6, NLM_F_REQUEST, ~0u,
              id))
        return Answer::Failed;
    alignas(nlmsghdr) char buffer[8192];
    for (;;) {
        const ssize_t received = ::recv(m_fd, buffer, sizeof(buffer), 0);
        if (received < 0 && errno == EINTR)
            continue;
        if (received <= 0)
            return Answer::Failed;
        unsigned n = unsigned(received);
        for (auto *h = reinterpret_cast<const nlmsghdr *>(buffer); NLMSG_OK(h, n);
             h = NLMSG_NEXT(h, n)) {
            if (h->nlmsg_seq != sequence)
                continue; // a late answer to a query that timed out
            if (h->nlmsg_type == NLMSG_ERROR) {
                if (h->nlmsg_len < NLMSG_LENGTH(sizeof(nlmsgerr)))
                    return Answer::Failed;
                const int error = static_cast<const nlmsgerr *>(NLMSG_DATA(h))->error;
                return error == -ENOENT ? Answer::None : Answer::Failed;
            }
            if (h->nlmsg_type != SOCK_DIAG_BY_FAMILY
                || h->nlmsg_len < NLMSG_LENGTH(sizeof(inet_diag_msg)))
                return Answer::Failed;
            *found = socketFrom(h);
            return Answer::Found;
        }
    }
}

bool SockDiagTable::socketsOnPort(uint16_t port, std::vector<KernelSocket> *out)
{
    out->clear();
    if (m_fd < 0)
        return false;
    for (const int family : {AF_INET, AF_INET6}) {
        const uint32_t sequence = ++m_sequence;
        if (!send(m_fd, sequence, family, NLM_F_REQUEST | NLM_F_DUMP, ~0u, {}))
            return false;
        alignas(nlmsghdr) char buffer[65536];
        bool done = false;
        bool ok = true;
        while (!done) {
            const ssize_t received = ::recv(m_fd, buffer, sizeof(buffer), 0);
            if (received < 0 && errno == EINTR)
                continue;
            if (received <= 0)
                return false;
            unsigned n = unsigned(received);
            for (auto *h = reinterpret_cast<const nlmsghdr *>(buffer); NLMSG_OK(h, n);
                 h = NLMSG_NEXT(h, n)) {
                if (h->nlmsg_seq != sequence)
                    continue;
                if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR) {
                    ok = ok && h->nlmsg_type == NLMSG_DONE;
                    done = true;
                    break;
                }
                if (h->nlmsg_flags & NLM_F_DUMP_INTR)
                    ok = false; // the tables changed during the walk: not a reliable read
                if (h->nlmsg_len < NLMSG_LENGTH(sizeof(inet_diag_msg)))
                    continue;
                const KernelSocket s = socketFrom(h);
                if (s.local.port == port)
                    out->push_back(s);
            }
        }
        if (!ok)
            return false;
    }
    return true;
}

void SockDiagTable::readLocalAddresses()
{
    ifaddrs *list = nullptr;
    if (::getifaddrs(&list) != 0)
        return; // keep what was read before
    m_localAddresses.clear();
    for (const ifaddrs *i = list; i; i = i->ifa_next) {
        if (!i->ifa_addr)
            continue;
        Endpoint e;
        if (i->ifa_addr->sa_family == AF_INET) {
            std::memcpy(e.address.data(),
                        &reinterpret_cast<const sockaddr_in *>(i->ifa_addr)->sin_addr, 4);
        } else if (i->ifa_addr->sa_family == AF_INET6) {
            e.family = Endpoint::V6;
            std::memcpy(e.address.data(),
                        &reinterpret_cast<const sockaddr_in6 *>(i->ifa_addr)->sin6_addr, 16);
        } else {
            continue;
        }
        m_localAddresses.insert(e);
    }
    ::freeifaddrs(list);
}

bool SockDiagTable::isLocal(const Endpoint &address) const
{
    Endpoint e = address;
    e.port = 0;
    // All of 127.0.0.0/8 is this machine's, though lo lists 127.0.0.1 only.
    if (e.family == Endpoint::V4 && e.address[0] == 127)
        return true;
    return m_localAddresses.count(e) > 0;
}

} // namespace tcplab::helper
