// tcplab-capture: the lab's capture helper, after Wireshark's dumpcap. It is the one part of
// TCP Lab that may hold CAP_NET_RAW (granted by an administrator with tcplab-allow-capture);
// the window stays unprivileged and reads what this program writes.
//
// It hands out only the calling user's own connections. Holding a port is not enough to own
// the traffic on it (connect() reuses local ports for other destinations; NAT can use any
// port; a port changes hands), so every connection is proven the user's before any of its
// frames is written out; the kernel's filter ("tcp port PORT") only cuts the volume. The
// helper reads the kernel's listening sockets (sock_diag) every 10 ms and when frames come,
// all sockets on the port every second, and keeps the last fifth of a second of them. A
// connection (both addresses and ports) is the user's when
//   - the kernel's socket with exactly these ends, looked up when the frame is judged (or in
//     the last full read before it), is the user's (real uid): the client's own socket, or a
//     server's accepted one; or
//   - it opens with a SYN to an address of this machine and a port where the user's socket
//     listened (or was bound) when the SYN came, as a read at most 60 ms before it shows, and
//     no socket of anyone else holds that address and port before or after.
// Evidence counts only from within 60 ms of the frame, a SYN only to an address of this machine
// and only while nobody else holds that address and port. A proven connection stays the
// user's until a new SYN reuses its addresses or the kernel no longer has it; after frames were
// lost, or the helper was held up (stopped, starved), every connection is proven afresh, and
// frames that waited longer than 60 ms are not written out.
// Once the socket is open and filtered every capability is dropped. Frames go to standard
// output as pcap until standard input closes, or until the user has held no socket on the port
// for two seconds.
//
//   tcplab-capture --check     exit 0 when this user may capture, else say why (exit 1)
//   tcplab-capture PORT        capture the user's connections on PORT; exit 3 when the user
//                              holds no socket on it (refused), 4 when it stopped for that

#include "capture/captureparameters.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <linux/capability.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pcap/pcap.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace {

double seconds()
{
    timespec now {};
    clock_gettime(CLOCK_MONOTONIC, &now);
    return double(now.tv_sec) + double(now.tv_nsec) / 1e9;
}

// An address and port; IPv4 (also IPv4-mapped IPv6) as family AF_INET in the first 4 bytes.
struct Endpoint
{
    int family = AF_INET;
    std::array<uint8_t, 16> address {};
    uint16_t port = 0;

    bool operator<(const Endpoint &o) const
    {
        return std::tie(family, address, port) < std::tie(o.family, o.address, o.port);
    }
    bool operator==(const Endpoint &o) const
    {
        return family == o.family && address == o.address && port == o.port;
    }
    Endpoint withoutPort() const
    {
        Endpoint e = *this;
        e.port = 0;
        return e;
    }
    bool isWildcard() const
    {
        return std::all_of(address.begin(), address.end(), [](uint8_t b) { return b == 0; });
    }
};

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
            e.family = AF_INET6;
            std::memcpy(e.address.data(), &a, 16);
        }
    } else {
        std::memcpy(e.address.data(), words, 4);
    }
    return e;
}

struct Socket
{
    Endpoint local;
    Endpoint remote;
    uid_t uid = 0;
    uint32_t inode = 0;
    int state = 0;
    bool v6only = false;
};

constexpr int kListen = 10; // TCP_LISTEN in the kernel's numbering
constexpr int kClose = 7; // TCP_CLOSE: a socket bound to its address, not connected
// A listening socket seen this long before a SYN still held its port when the SYN came (a
// server that accepts once closes it at once). Reads come every 10 ms; the rest is slack
// for a busy machine.
constexpr double kFreshness = 0.06;

// A socket that holds its address and port for itself: listening, or bound and unconnected.
bool holdsAddress(const Socket &s)
{
    return s.state == kListen || (s.state == kClose && s.remote.port == 0);
}

// A socket as sock_diag describes it (the message and its attributes, messageLength bytes).
Socket socketFrom(const inet_diag_msg &msg, uint32_t messageLength)
{
    Socket s;
    s.local = endpointFrom(msg.idiag_family, msg.id.idiag_src, msg.id.idiag_sport);
    s.remote = endpointFrom(msg.idiag_family, msg.id.idiag_dst, msg.id.idiag_dport);
    s.uid = msg.idiag_uid;
    s.inode = msg.idiag_inode;
    s.state = msg.idiag_state;
    // IPV6_V6ONLY decides whether a wildcard [::] also holds the IPv4 addresses.
    int left = int(messageLength) - int(NLMSG_LENGTH(sizeof(msg)));
    for (auto *a = reinterpret_cast<rtattr *>(const_cast<inet_diag_msg *>(&msg) + 1);
         RTA_OK(a, left); a = RTA_NEXT(a, left)) {
        if (a->rta_type == INET_DIAG_SKV6ONLY && RTA_PAYLOAD(a) >= 1)
            s.v6only = *static_cast<const uint8_t *>(RTA_DATA(a)) != 0;
    }
    return s;
}

// A sock_diag request for TCP sockets: the netlink socket to read the answer from, or -1.
int askSockDiag(int family, uint16_t flags, uint32_t states, const inet_diag_sockid &id)
{
    const int fd = ::socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
    if (fd < 0)
        return -1;
    struct
    {
        nlmsghdr header;
        inet_diag_req_v2 request;
    } message {};
    message.header.nlmsg_len = sizeof(message);
    message.header.nlmsg_type = SOCK_DIAG_BY_FAMILY;
    message.header.nlmsg_flags = flags;
    message.request.sdiag_family = static_cast<uint8_t>(family);
    message.request.sdiag_protocol = IPPROTO_TCP;
    message.request.idiag_states = states;
    message.request.id = id;
    sockaddr_nl kernel {};
    kernel.nl_family = AF_NETLINK;
    if (::sendto(fd, &message, sizeof(message), 0, reinterpret_cast<sockaddr *>(&kernel),
                 sizeof(kernel))
        < 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// Every TCP socket of the machine with this port at either end (any owner), in the given
// states (a bit per TCP state); only listening ones is cheap, the others walk the kernel's
// whole connection table. False when sock_diag could not be asked.
bool socketsOn(uint16_t port, uint32_t states, std::vector<Socket> *out)
{
    out->clear();
    for (const int family : {AF_INET, AF_INET6}) {
        const int fd = askSockDiag(family, NLM_F_REQUEST | NLM_F_DUMP, states, {});
        if (fd < 0)
            return false;
        alignas(nlmsghdr) char buffer[65536];
        bool done = false;
        bool ok = true;
        while (!done) {
            const ssize_t received = ::recv(fd, buffer, sizeof(buffer), 0);
            if (received <= 0) {
                ok = false;
                break;
            }
            int n = static_cast<int>(received);
            for (auto *h = reinterpret_cast<nlmsghdr *>(buffer); NLMSG_OK(h, n);
                 h = NLMSG_NEXT(h, n)) {
                if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR) {
                    ok = h->nlmsg_type == NLMSG_DONE;
                    done = true;
                    break;
                }
                if (h->nlmsg_flags & NLM_F_DUMP_INTR)
                    ok = false; // the tables changed during the walk: not a reliable read
                if (h->nlmsg_len < NLMSG_LENGTH(sizeof(inet_diag_msg)))
                    continue;
                const auto *msg = static_cast<const inet_diag_msg *>(NLMSG_DATA(h));
                if (ntohs(msg->id.idiag_sport) != port && ntohs(msg->id.idiag_dport) != port)
                    continue;
                out->push_back(socketFrom(*msg, h->nlmsg_len));
            }
        }
        ::close(fd);
        if (!ok)
            return false;
    }
    return true;
}

// The one socket with exactly these ends, if the kernel has one (a lookup, not a walk of the
// tables).
bool socketBetween(const Endpoint &local, const Endpoint &remote, Socket *found)
{
    if (local.family != remote.family)
        return false;
    inet_diag_sockid id {};
    id.idiag_sport = htons(local.port);
    id.idiag_dport = htons(remote.port);
    const size_t length = local.family == AF_INET ? 4 : 16;
    std::memcpy(id.idiag_src, local.address.data(), length);
    std::memcpy(id.idiag_dst, remote.address.data(), length);
    id.idiag_cookie[0] = id.idiag_cookie[1] = INET_DIAG_NOCOOKIE;
    const int fd = askSockDiag(local.family, NLM_F_REQUEST, ~0u, id);
    if (fd < 0)
        return false;
    bool ok = false;
    alignas(nlmsghdr) char buffer[4096];
    const ssize_t received = ::recv(fd, buffer, sizeof(buffer), 0);
    const auto *h = reinterpret_cast<const nlmsghdr *>(buffer);
    if (received >= ssize_t(NLMSG_LENGTH(sizeof(inet_diag_msg)))
        && h->nlmsg_type == SOCK_DIAG_BY_FAMILY
        && h->nlmsg_len >= NLMSG_LENGTH(sizeof(inet_diag_msg))) {
        *found = socketFrom(*static_cast<const inet_diag_msg *>(NLMSG_DATA(h)), h->nlmsg_len);
        ok = found->local == local && found->remote == remote;
    }
    ::close(fd);
    return ok;
}

double realtime()
{
    timespec now {};
    clock_gettime(CLOCK_REALTIME, &now);
    return double(now.tv_sec) + double(now.tv_nsec) / 1e9;
}

// One read of the socket tables, and when (CLOCK_REALTIME, as the frames' timestamps).
struct Snapshot
{
    double at = 0;
    bool full = false; // every state, or only the listening sockets
    std::vector<Socket> sockets;
};

// A connection's two ends, in a fixed order.
using Connection = std::pair<Endpoint, Endpoint>;

Connection connectionOf(const Endpoint &a, const Endpoint &b)
{
    return a < b ? Connection {a, b} : Connection {b, a};
}

// Whose connections are whose, from the kernel's tables of the last tenth of a second.
class Ownership
{
public:
    Ownership(uid_t uid, uint16_t port)
        : m_uid(uid)
        , m_port(port)
    {
    }

    // Every socket on the port (full), or only the listening ones (cheap enough for every 10 ms).
    bool read(bool full)
    {
        Snapshot snapshot;
        snapshot.at = realtime();
        snapshot.full = full;
        if (!socketsOn(m_port, full ? ~0u : 1u << kListen, &snapshot.sockets))
            return false;
        m_history.push_back(std::move(snapshot));
        while (m_history.size() > 2 && m_history.back().at - m_history.front().at > 0.2)
            m_history.erase(m_history.begin());
        return true;
    }
    double lastRead() const { return m_history.empty() ? 0 : m_history.back().at; }
    // From the last full read.
    bool userHoldsPort() const
    {
        const Snapshot *last = nullptr;
        for (const Snapshot &s : m_history) {
            if (s.full)
                last = &s;
        }
        if (!last)
            return false;
        for (const Socket &s : last->sockets) {
            if (s.uid == m_uid && s.local.port == m_port)
                return true;
        }
        return false;
    }

    // Whether a frame at time t between a and b (a SYN without ACK when syn) is the user's.
    bool owns(double t, const Endpoint &a, const Endpoint &b, bool syn)
    {
        const Connection connection = connectionOf(a, b);
        if (syn)
            m_proven.erase(connection); // a new connection on these addresses: prove it again
        else if (m_proven.count(connection))
            return true;
        // Evidence must be from about the time of the frame: a frame that waited longer (the
        // helper was stopped or starved) cannot be proven any more.
        const double now = realtime();
        if (now - t > kFreshness)
            return false;
        if (lastRead() < t)
            read(false); // the listening sockets, from after the frame
        const Snapshot *before = nullptr; // the last read before the frame (listeners at least)
        const Snapshot *after = nullptr; // the first read after it
        for (const Snapshot &s : m_history) {
            if (s.at <= t)
                before = &s;
            else if (!after)
                after = &s;
        }
        if (before && t - before->at > kFreshness)
            before = nullptr;
        bool proven = (before && before->full && usersConnection(*before, a, b))
            || usersConnectionNow(a, b) || usersConnectionNow(b, a);
        if (!proven && syn && before && after && m_localAddresses.count(b.withoutPort())
            && !someoneElseHolds(*before, b) && !someoneElseHolds(*after, b)) {
            // A SYN to an address of this machine where the user's socket listened (every read
            // lists those) or was bound (only full reads do), and nobody else's: b is where it
            // went.
            const Snapshot *full = nullptr;
            for (const Snapshot &s : m_history) {
                if (s.at <= t && s.full && t - s.at <= kFreshness)
                    full = &s;
            }
            const Socket *holder = usersListener(*before, b);
            if (!holder && full)
                holder = usersListener(*full, b);
            proven = holder != nullptr;
        }
        if (proven)
            m_proven.insert(connection);
        return proven;
    }

    // After frames were lost or the helper was held up, no connection stays proven.
    void forgetProven() { m_proven.clear(); }
    // Connections the kernel no longer has are forgotten (their addresses can be reused).
    void expireProven()
    {
        for (auto it = m_proven.begin(); it != m_proven.end();) {
            Socket s;
            if (socketBetween(it->first, it->second, &s)
                || socketBetween(it->second, it->first, &s))
                ++it;
            else
                it = m_proven.erase(it);
        }
    }
    void readLocalAddresses()
    {
        m_localAddresses.clear();
        ifaddrs *list = nullptr;
        if (::getifaddrs(&list) != 0)
            return;
        for (const ifaddrs *i = list; i; i = i->ifa_next) {
            if (!i->ifa_addr)
                continue;
            Endpoint e;
            if (i->ifa_addr->sa_family == AF_INET) {
                std::memcpy(e.address.data(),
                            &reinterpret_cast<const sockaddr_in *>(i->ifa_addr)->sin_addr, 4);
            } else if (i->ifa_addr->sa_family == AF_INET6) {
                e.family = AF_INET6;
                std::memcpy(e.address.data(),
                            &reinterpret_cast<const sockaddr_in6 *>(i->ifa_addr)->sin6_addr, 16);
            } else {
                continue;
            }
            m_localAddresses.insert(e);
        }
        ::freeifaddrs(list);
        // All of 127.0.0.0/8 is this machine's, though lo lists 127.0.0.1 only.
        for (int host = 0; host < 256; ++host) {
            Endpoint e;
            e.address = {127, 0, 0, uint8_t(host)};
            m_localAddresses.insert(e);
        }
    }

private:
    // The kernel's socket from local to remote, now, is the user's own connection.
    bool usersConnectionNow(const Endpoint &local, const Endpoint &remote) const
    {
        Socket s;
        return socketBetween(local, remote, &s) && s.uid == m_uid && !holdsAddress(s);
    }
    bool usersConnection(const Snapshot &snapshot, const Endpoint &a, const Endpoint &b) const
    {
        for (const Socket &s : snapshot.sockets) {
            if (s.uid == m_uid && !holdsAddress(s)
                && ((s.local == a && s.remote == b) || (s.local == b && s.remote == a)))
                return true;
        }
        return false;
    }
    // Whether a socket of another user holds this address and port now (the port changed hands
    // since the user's listener closed).
    bool someoneElseHolds(const Snapshot &snapshot, const Endpoint &e) const
    {
        for (const Socket &s : snapshot.sockets) {
            if (s.uid == m_uid || !holdsAddress(s) || s.local.port != e.port)
                continue;
            if (s.local == e
                || (s.local.isWildcard()
                    && (s.local.family == e.family
                        || (s.local.family == AF_INET6 && e.family == AF_INET && !s.v6only))))
                return true;
        }
        return false;
    }
    // The user's socket that holds this address and port, if any (listening, or bound and not
    // connected: nobody else can listen there then): bound to it, or to the wildcard of its
    // family ([::] also holds IPv4 unless IPV6_V6ONLY).
    const Socket *usersListener(const Snapshot &snapshot, const Endpoint &e) const
    {
        for (const Socket &s : snapshot.sockets) {
            if (s.uid != m_uid || !holdsAddress(s) || s.local.port != e.port)
                continue;
            if (s.local == e)
                return &s;
            if (s.local.isWildcard()
                && (s.local.family == e.family
                    || (s.local.family == AF_INET6 && e.family == AF_INET && !s.v6only)))
                return &s;
        }
        return nullptr;
    }

    uid_t m_uid;
    uint16_t m_port;
    std::vector<Snapshot> m_history;
    std::set<Connection> m_proven;
    std::set<Endpoint> m_localAddresses; // port 0
};

// The two ends and the flags of a TCP frame in Linux "cooked" framing (SLL2 or SLL); false
// when it is not IPv4/IPv6 + TCP that can be read.
bool frameEnds(int linkType, const u_char *bytes, uint32_t length, Endpoint *source,
               Endpoint *destination, uint8_t *flags)
{
    uint32_t offset = 0;
    uint16_t protocol = 0;
    if (linkType == DLT_LINUX_SLL2 && length >= 20) {
        protocol = uint16_t(bytes[0] << 8 | bytes[1]);
        offset = 20;
    } else if (linkType == DLT_LINUX_SLL && length >= 16) {
        protocol = uint16_t(bytes[14] << 8 | bytes[15]);
        offset = 16;
    } else {
        return false;
    }
    const u_char *ip = bytes + offset;
    const uint32_t left = length - offset;
    const u_char *tcp = nullptr;
    uint32_t tcpLeft = 0;
    if (protocol == 0x0800 && left >= 20 && (ip[0] >> 4) == 4) {
        const uint32_t headerLength = uint32_t(ip[0] & 0x0f) * 4;
        if (ip[9] != IPPROTO_TCP || headerLength < 20 || left < headerLength)
            return false;
        source->family = destination->family = AF_INET;
        std::memcpy(source->address.data(), ip + 12, 4);
        std::memcpy(destination->address.data(), ip + 16, 4);
        tcp = ip + headerLength;
        tcpLeft = left - headerLength;
    } else if (protocol == 0x86dd && left >= 40 && (ip[0] >> 4) == 6) {
        if (ip[6] != IPPROTO_TCP) // the lab's segments carry no extension headers
            return false;
        source->family = destination->family = AF_INET6;
        std::memcpy(source->address.data(), ip + 8, 16);
        std::memcpy(destination->address.data(), ip + 24, 16);
        tcp = ip + 40;
        tcpLeft = left - 40;
    } else {
        return false;
    }
    if (tcpLeft < 14)
        return false;
    source->port = uint16_t(tcp[0] << 8 | tcp[1]);
    destination->port = uint16_t(tcp[2] << 8 | tcp[3]);
    *flags = tcp[13];
    return true;
}

struct Capture
{
    pcap_t *handle = nullptr;
    pcap_dumper_t *dumper = nullptr;
    Ownership *ownership = nullptr;
    int linkType = 0;
};

void onFrame(u_char *user, const pcap_pkthdr *header, const u_char *bytes)
{
    auto *capture = reinterpret_cast<Capture *>(user);
    Endpoint source;
    Endpoint destination;
    uint8_t flags = 0;
    if (!frameEnds(capture->linkType, bytes, header->caplen, &source, &destination, &flags))
        return;
    const double t = double(header->ts.tv_sec) + double(header->ts.tv_usec) / 1e6;
    const bool syn = (flags & TH_SYN) && !(flags & TH_ACK);
    if (!capture->ownership->owns(t, source, destination, syn))
        return; // someone else's, or not provably the user's
    pcap_dump(reinterpret_cast<u_char *>(capture->dumper), header, bytes);
    pcap_dump_flush(capture->dumper);
}

pcap_t *openCapture(const char *filter, std::string *error)
{
    char errorBuffer[PCAP_ERRBUF_SIZE] = {};
    pcap_t *handle = pcap_create("any", errorBuffer);
    if (!handle) {
        *error = errorBuffer;
        return nullptr;
    }
    pcap_set_snaplen(handle, tcplab::capture::SnapLength);
    pcap_set_immediate_mode(handle, 1);
    pcap_set_buffer_size(handle, tcplab::capture::BufferBytes);
    if (pcap_activate(handle) < 0) {
        *error = pcap_geterr(handle);
        pcap_close(handle);
        return nullptr;
    }
    bpf_program program {};
    if (filter
        && (pcap_compile(handle, &program, filter, 1, PCAP_NETMASK_UNKNOWN) != 0
            || pcap_setfilter(handle, &program) != 0)) {
        *error = pcap_geterr(handle);
        pcap_close(handle);
        return nullptr;
    }
    if (filter)
        pcap_freecode(&program);
    return handle;
}

// The packet socket is open and filtered: nothing from here on needs a capability.
bool dropCapabilities()
{
    __user_cap_header_struct header {};
    header.version = _LINUX_CAPABILITY_VERSION_3;
    __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = {};
    if (::syscall(SYS_capset, &header, data) != 0)
        return false;
    __user_cap_data_struct check[_LINUX_CAPABILITY_U32S_3] = {};
    if (::syscall(SYS_capget, &header, check) != 0)
        return false;
    for (const auto &d : check) {
        if (d.effective || d.permitted || d.inheritable)
            return false;
    }
    return true;
}

} // namespace

// What the helper tells the lab, one line each on standard error, in words a program reads
// (the lab says them to the user in the user's language): "STATUS CODE [ARGUMENT]".
//   USAGE | BAD_PORT text | SOCK_DIAG_FAILED | REFUSED port | CANNOT_CAPTURE libpcap's words
//   | CAPABILITIES | DROPPED total | STOPPED port
static void say(const char *code, const std::string &argument = {})
{
    if (argument.empty())
        std::fprintf(stderr, "STATUS %s\n", code);
    else
        std::fprintf(stderr, "STATUS %s %s\n", code, argument.c_str());
    std::fflush(stderr);
}

int main(int argc, char *argv[])
{
    if (argc != 2) {
        say("USAGE");
        return 2;
    }
    std::string error;
    if (std::strcmp(argv[1], "--check") == 0) {
        pcap_t *probe = openCapture(nullptr, &error);
        if (!probe) {
            say("CANNOT_CAPTURE", error);
            return 1;
        }
        pcap_close(probe);
        return 0;
    }
    char *end = nullptr;
    const long port = std::strtol(argv[1], &end, 10);
    if (!end || *end || port < 1 || port > 65535) {
        // Only what can be printed goes back: the argument is the caller's.
        std::string text(argv[1]);
        for (char &c : text)
            c = (c > ' ' && c < 127) ? c : '?';
        say("BAD_PORT", text.substr(0, 40));
        return 2;
    }
    Ownership ownership(::getuid(), static_cast<uint16_t>(port));
    if (!ownership.read(true)) {
        say("SOCK_DIAG_FAILED");
        return 1;
    }
    if (!ownership.userHoldsPort()) {
        say("REFUSED", std::to_string(port));
        return 3;
    }
    const std::string filter = "tcp port " + std::to_string(port);
    Capture capture;
    capture.handle = openCapture(filter.c_str(), &error);
    if (!capture.handle) {
        say("CANNOT_CAPTURE", error);
        return 1;
    }
    if (!dropCapabilities()) {
        say("CAPABILITIES");
        pcap_close(capture.handle);
        return 1;
    }
    capture.ownership = &ownership;
    capture.linkType = pcap_datalink(capture.handle);
    capture.dumper = pcap_dump_fopen(capture.handle, stdout);
    if (!capture.dumper) {
        say("CANNOT_CAPTURE", pcap_geterr(capture.handle));
        pcap_close(capture.handle);
        return 1;
    }
    pcap_dump_flush(capture.dumper);
    char errorBuffer[PCAP_ERRBUF_SIZE] = {};
    pcap_setnonblock(capture.handle, 1, errorBuffer);
    pollfd fds[2]
        = {{pcap_get_selectable_fd(capture.handle), POLLIN, 0}, {STDIN_FILENO, POLLIN, 0}};
    double lastHeld = seconds();
    double lastCheck = lastHeld;
    unsigned reportedDrops = 0;
    int status = 0;
    int timeoutMs = 10;
    ownership.readLocalAddresses();
    double lastTurn = seconds();
    for (;;) {
        // Also wake every 10 ms: frames of a burst can land in the ring without a new wake-up.
        if (::poll(fds, 2, timeoutMs) < 0 && errno != EINTR)
            break;
        // Held up (stopped, starved) or frames lost: what waited in the ring may belong to
        // connections that changed hands meanwhile, so every connection is proven afresh.
        const double turn = seconds();
        pcap_stat lost {};
        if (turn - lastTurn > kFreshness
            || (pcap_stats(capture.handle, &lost) == 0 && lost.ps_drop > reportedDrops)) {
            ownership.forgetProven();
            if (lost.ps_drop > reportedDrops) {
                reportedDrops = lost.ps_drop;
                say("DROPPED", std::to_string(lost.ps_drop));
            }
        }
        lastTurn = turn;
        // A bounded batch, so that the checks below run under a flood too.
        constexpr int kBatch = 256;
        const int handled
            = pcap_dispatch(capture.handle, kBatch, onFrame, reinterpret_cast<u_char *>(&capture));
        timeoutMs = handled >= kBatch ? 0 : 10;
        if (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) {
            char c;
            if (::read(STDIN_FILENO, &c, 1) <= 0)
                break; // the lab went away
        }
        // The listening sockets every 10 ms: what proves a new connection to them the user's.
        if (realtime() - ownership.lastRead() >= 0.01)
            ownership.read(false);
        const double now = seconds();
        if (now - lastCheck < 1.0)
            continue;
        lastCheck = now;
        ownership.readLocalAddresses();
        ownership.expireProven();
        if (ownership.read(true) && ownership.userHoldsPort()) {
            lastHeld = now;
        } else if (now - lastHeld >= 2.0) {
            say("STOPPED", std::to_string(port));
            status = 4;
            break;
        }
    }
    pcap_dump_close(capture.dumper);
    pcap_close(capture.handle);
    return status;
}
