// tcplab-net: the keeper of the lab network (DESIGN.md §3b). Started by the lab with two
// socket pairs on descriptors 3 and 4 and the lab's process id as its one argument, it
//   - makes a user namespace (it is root there, and nowhere else) with three network
//     namespaces: the client host (192.0.2.1), the server host (192.0.2.2) and the wire
//     between them, joined by two veth pairs;
//   - relays every frame between the two hosts through AF_PACKET sockets in the wire
//     namespace, deciding per frame what the wire does with it (wirerules.h), and reports
//     each frame and its fate on the capture pair;
//   - makes sockets inside the hosts for the lab (descriptors travel over SCM_RIGHTS), and
//     sets and reads the hosts' TCP settings.
// It holds no privilege the user does not have: the namespaces are the user's own. It dies
// with the lab (PR_SET_PDEATHSIG), and the namespaces, interfaces and frames go with it.
// Plain C++ and Linux, no Qt, so that it starts in a few milliseconds.

#include "protocol.h"
#include "wirerules.h"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/ethtool.h>
#include <linux/if_packet.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sockios.h>
#include <linux/veth.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <sched.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

using namespace tcplab::labnet;

namespace {

struct Failure
{
    Stage stage;
    int err;
};

std::int64_t nowNs(clockid_t clock)
{
    timespec ts {};
    clock_gettime(clock, &ts);
    return std::int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

bool writeFile(const char *path, const std::string &text)
{
    const int fd = ::open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    const ssize_t n = ::write(fd, text.data(), text.size());
    const int saved = errno;
    ::close(fd);
    errno = saved;
    return n == ssize_t(text.size());
}

// --- rtnetlink, just what building two veth pairs needs -------------------------------------

class NetlinkMessage
{
public:
    NetlinkMessage(std::uint16_t type, std::uint16_t flags)
    {
        m_buffer.resize(NLMSG_HDRLEN);
        header()->nlmsg_type = type;
        header()->nlmsg_flags = std::uint16_t(flags | NLM_F_REQUEST | NLM_F_ACK);
    }
    template<typename T> void put(const T &value) { append(&value, sizeof value); }
    void attribute(std::uint16_t type, const void *data, size_t length)
    {
        rtattr a {};
        a.rta_type = type;
        a.rta_len = std::uint16_t(RTA_LENGTH(length));
        append(&a, sizeof a);
        append(data, length);
    }
    template<typename T> void attribute(std::uint16_t type, const T &value)
    {
        attribute(type, &value, sizeof value);
    }
    void attribute(std::uint16_t type, const char *text)
    {
        attribute(type, text, std::strlen(text) + 1);
    }
    size_t begin(std::uint16_t type)
    {
        const size_t at = m_buffer.size();
        attribute(type, nullptr, 0);
        return at;
    }
    void end(size_t at)
    {
        auto *a = reinterpret_cast<rtattr *>(&m_buffer[at]);
        a->rta_len = std::uint16_t(m_buffer.size() - at);
    }
    nlmsghdr *header() { return reinterpret_cast<nlmsghdr *>(m_buffer.data()); }
    std::vector<char> &bytes()
    {
        header()->nlmsg_len = std::uint32_t(m_buffer.size());
        return m_buffer;
    }

private:
    void append(const void *data, size_t length)
    {
        const size_t at = m_buffer.size();
        m_buffer.resize(at + NLMSG_ALIGN(length), 0);
        if (length)
            std::memcpy(&m_buffer[at], data, length);
    }
    std::vector<char> m_buffer;
};

// Sends one request on a NETLINK_ROUTE socket of the current namespace and waits for its ACK.
// Returns 0, or the errno the kernel answered with.
int rtnetlink(NetlinkMessage &message)
{
    const int fd = ::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (fd < 0)
        return errno;
    auto &bytes = message.bytes();
    sockaddr_nl kernel {};
    kernel.nl_family = AF_NETLINK;
    int result = 0;
    if (::sendto(fd, bytes.data(), bytes.size(), 0, reinterpret_cast<sockaddr *>(&kernel),
                 sizeof kernel)
        < 0) {
        result = errno;
    } else {
        char reply[8192];
        const ssize_t n = ::recv(fd, reply, sizeof reply, 0);
        if (n < 0) {
            result = errno;
        } else {
            auto *h = reinterpret_cast<nlmsghdr *>(reply);
            if (NLMSG_OK(h, std::uint32_t(n)) && h->nlmsg_type == NLMSG_ERROR)
                result = -static_cast<nlmsgerr *>(NLMSG_DATA(h))->error;
            else
                result = EPROTO;
        }
    }
    ::close(fd);
    return result;
}

int createVeth(const char *name, const std::uint8_t mac[6], const char *peer,
               const std::uint8_t peerMac[6], int peerNamespace, int mtu)
{
    NetlinkMessage m(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
    m.put(ifinfomsg {});
    m.attribute(IFLA_IFNAME, name);
    m.attribute(IFLA_ADDRESS, mac, 6);
    m.attribute(IFLA_MTU, std::uint32_t(mtu));
    const size_t info = m.begin(IFLA_LINKINFO);
    m.attribute(IFLA_INFO_KIND, "veth");
    const size_t data = m.begin(IFLA_INFO_DATA);
    const size_t peerInfo = m.begin(VETH_INFO_PEER);
    m.put(ifinfomsg {});
    m.attribute(IFLA_IFNAME, peer);
    m.attribute(IFLA_ADDRESS, peerMac, 6);
    m.attribute(IFLA_MTU, std::uint32_t(mtu));
    m.attribute(IFLA_NET_NS_FD, std::uint32_t(peerNamespace));
    m.end(peerInfo);
    m.end(data);
    m.end(info);
    return rtnetlink(m);
}

int setLink(const char *name, bool up, int mtu)
{
    const unsigned index = if_nametoindex(name);
    if (index == 0)
        return errno;
    NetlinkMessage m(RTM_NEWLINK, 0);
    ifinfomsg info {};
    info.ifi_index = int(index);
    if (up) {
        info.ifi_flags = IFF_UP;
        info.ifi_change = IFF_UP;
    }
    m.put(info);
    if (mtu > 0)
        m.attribute(IFLA_MTU, std::uint32_t(mtu));
    return rtnetlink(m);
}

int addAddress(const char *name, std::uint32_t address)
{
    const unsigned index = if_nametoindex(name);
    if (index == 0)
        return errno;
    NetlinkMessage m(RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL);
    ifaddrmsg a {};
    a.ifa_family = AF_INET;
    a.ifa_prefixlen = kPrefixLength;
    a.ifa_index = index;
    m.put(a);
    const std::uint32_t net = htonl(address);
    m.attribute(IFA_LOCAL, net);
    m.attribute(IFA_ADDRESS, net);
    return rtnetlink(m);
}

// A permanent neighbour entry: the hosts never ARP, so only TCP crosses the wire.
int addNeighbour(const char *name, std::uint32_t address, const std::uint8_t mac[6])
{
    const unsigned index = if_nametoindex(name);
    if (index == 0)
        return errno;
    NetlinkMessage m(RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_REPLACE);
    ndmsg n {};
    n.ndm_family = AF_INET;
    n.ndm_ifindex = int(index);
    n.ndm_state = NUD_PERMANENT;
    m.put(n);
    const std::uint32_t net = htonl(address);
    m.attribute(NDA_DST, net);
    m.attribute(NDA_LLADDR, mac, 6);
    return rtnetlink(m);
}

// Checksums computed by the sender and frames no larger than the MTU: without this, veth
// hands the wire partial checksums (which the receiver then drops) and 64 KB GSO frames.
int offloadOff(const char *name)
{
    const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return errno;
    int result = 0;
    for (const std::uint32_t cmd : {ETHTOOL_STXCSUM, ETHTOOL_STSO, ETHTOOL_SGSO, ETHTOOL_SSG}) {
        ethtool_value value {};
        value.cmd = cmd;
        value.data = 0;
        ifreq request {};
        std::snprintf(request.ifr_name, sizeof request.ifr_name, "%s", name);
        request.ifr_data = reinterpret_cast<char *>(&value);
        if (::ioctl(fd, SIOCETHTOOL, &request) != 0 && cmd == ETHTOOL_STXCSUM)
            result = errno; // the others follow from it on veth; only this one must work
    }
    ::close(fd);
    return result;
}

// --- the network ----------------------------------------------------------------------------

constexpr std::uint8_t kClientMac[6] = {0x02, 0x00, 0xc0, 0x00, 0x02, 0x01};
constexpr std::uint8_t kServerMac[6] = {0x02, 0x00, 0xc0, 0x00, 0x02, 0x02};
constexpr std::uint8_t kWireClientMac[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
constexpr std::uint8_t kWireServerMac[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x02};
constexpr const char *kHostDevice[2] = {"c0", "s0"};
constexpr const char *kWireDevice[2] = {"w0", "w1"};

struct Network
{
    int wire = -1; // namespace descriptors
    int host[2] = {-1, -1};
    int packet[2] = {-1, -1}; // the wire's AF_PACKET sockets: [0] faces the client
    int mtu[2] = {1500, 1500};
};

bool enter(int ns)
{
    return ::setns(ns, CLONE_NEWNET) == 0;
}

std::optional<Failure> buildNetwork(Network *net, std::uint32_t subnet)
{
    const uid_t uid = ::getuid();
    const gid_t gid = ::getgid();
    if (::unshare(CLONE_NEWUSER | CLONE_NEWNET) != 0)
        return Failure {Stage::UserNamespace, errno};
    if (!writeFile("/proc/self/setgroups", "deny")
        || !writeFile("/proc/self/uid_map", "0 " + std::to_string(uid) + " 1")
        || !writeFile("/proc/self/gid_map", "0 " + std::to_string(gid) + " 1"))
        return Failure {Stage::IdMap, errno};
    net->wire = ::open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
    if (net->wire < 0)
        return Failure {Stage::NetNamespace, errno};
    for (int h = 0; h < 2; ++h) {
        if (::unshare(CLONE_NEWNET) != 0)
            return Failure {Stage::NetNamespace, errno};
        net->host[h] = ::open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
        if (net->host[h] < 0 || !enter(net->wire))
            return Failure {Stage::NetNamespace, errno};
    }
    // No IPv6 anywhere: no router solicitations or DAD on the wire, only the lab's TCP.
    for (const int ns : {net->wire, net->host[0], net->host[1]}) {
        if (!enter(ns))
            return Failure {Stage::NetNamespace, errno};
        writeFile("/proc/sys/net/ipv6/conf/all/disable_ipv6", "1");
        writeFile("/proc/sys/net/ipv6/conf/default/disable_ipv6", "1");
        if (const int e = setLink("lo", true, 0))
            return Failure {Stage::Link, e};
    }
    if (!enter(net->wire))
        return Failure {Stage::NetNamespace, errno};
    if (const int e = createVeth("w0", kWireClientMac, "c0", kClientMac, net->host[0], 1500))
        return Failure {Stage::Link, e};
    if (const int e = createVeth("w1", kWireServerMac, "s0", kServerMac, net->host[1], 1500))
        return Failure {Stage::Link, e};
    for (const char *device : kWireDevice) {
        if (const int e = setLink(device, true, 0))
            return Failure {Stage::Link, e};
    }
    const std::uint32_t own[2] = {subnet | 1, subnet | 2};
    const std::uint8_t *peerMac[2] = {kServerMac, kClientMac};
    for (int h = 0; h < 2; ++h) {
        if (!enter(net->host[h]))
            return Failure {Stage::NetNamespace, errno};
        if (const int e = offloadOff(kHostDevice[h]))
            return Failure {Stage::Offload, e};
        if (const int e = setLink(kHostDevice[h], true, 0))
            return Failure {Stage::Link, e};
        if (const int e = addAddress(kHostDevice[h], own[h]))
            return Failure {Stage::Address, e};
        if (const int e = addNeighbour(kHostDevice[h], own[1 - h], peerMac[h]))
            return Failure {Stage::Address, e};
    }
    if (!enter(net->wire))
        return Failure {Stage::NetNamespace, errno};
    for (int side = 0; side < 2; ++side) {
        offloadOff(kWireDevice[side]);
        const int fd
            = ::socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, htons(ETH_P_ALL));
        if (fd < 0)
            return Failure {Stage::Capture, errno};
        const int one = 1;
        // The relay must not read back what it sends (it would relay it again), and it needs
        // the kernel's own receive time: when the frame left its sender, not when the relay got
        // round to it. Without either the wire would lie.
#ifdef PACKET_IGNORE_OUTGOING
        if (::setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof one) != 0) {
            const int err = errno;
            ::close(fd);
            return Failure {Stage::Capture, err};
        }
#endif
        if (::setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof one) != 0) {
            const int err = errno;
            ::close(fd);
            return Failure {Stage::Capture, err};
        }
        sockaddr_ll address {};
        address.sll_family = AF_PACKET;
        address.sll_protocol = htons(ETH_P_ALL);
        address.sll_ifindex = int(if_nametoindex(kWireDevice[side]));
        if (address.sll_ifindex == 0
            || ::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0)
            return Failure {Stage::Capture, errno};
        net->packet[side] = fd;
    }
    return std::nullopt;
}

// Sets both ends of a host's link to `mtu` (0: 1500).
int setMtu(Network *net, int h, int mtu)
{
    mtu = mtu > 0 ? mtu : 1500;
    if (net->mtu[h] == mtu)
        return 0;
    int result = setLink(kWireDevice[h], false, mtu);
    if (enter(net->host[h])) {
        if (const int e = setLink(kHostDevice[h], false, mtu))
            result = e;
    }
    enter(net->wire);
    if (result == 0)
        net->mtu[h] = mtu;
    return result;
}

// --- the relay ------------------------------------------------------------------------------

struct Pending
{
    Dir dir;
    Fate fate; // what the record will say once it is sent (Delivered, Duplicate, Injected)
    int rule;
    std::int64_t sentNs; // realtime
    std::vector<std::uint8_t> bytes;
};

class Relay
{
public:
    Relay(Network *net, int captureFd)
        : m_net(net)
        , m_capture(captureFd)
        , m_engine(WireSpec {})
    {
        m_timer = ::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    }

    int timerFd() const { return m_timer; }
    WireEngine &engine() { return m_engine; }

    void readFrames(int side)
    {
        std::uint8_t buffer[kMaxFrame + 64];
        for (int i = 0; i < 256; ++i) {
            sockaddr_ll from {};
            iovec part {buffer, sizeof buffer};
            alignas(cmsghdr) char control[CMSG_SPACE(sizeof(timespec))];
            msghdr message {};
            message.msg_name = &from;
            message.msg_namelen = sizeof from;
            message.msg_iov = &part;
            message.msg_iovlen = 1;
            message.msg_control = control;
            message.msg_controllen = sizeof control;
            const ssize_t n = ::recvmsg(m_net->packet[side], &message, MSG_TRUNC);
            if (n < 0)
                return;
            if (from.sll_pkttype == PACKET_OUTGOING)
                continue; // our own send
            std::int64_t stamp = 0;
            for (cmsghdr *c = CMSG_FIRSTHDR(&message); c; c = CMSG_NXTHDR(&message, c)) {
                if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS) {
                    timespec ts;
                    std::memcpy(&ts, CMSG_DATA(c), sizeof ts);
                    stamp = std::int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
                }
            }
            const size_t length = std::min<size_t>(size_t(n), kMaxFrame);
            onFrame(Dir(side), buffer, length, stamp);
        }
    }

    void onTimer()
    {
        std::uint64_t expirations = 0;
        (void)!::read(m_timer, &expirations, sizeof expirations);
        const std::int64_t now = nowNs(CLOCK_MONOTONIC);
        while (!m_queue.empty() && m_queue.begin()->first.first <= now) {
            Pending p = std::move(m_queue.begin()->second);
            m_queue.erase(m_queue.begin());
            deliver(p);
        }
        for (int d = 0; d < 2; ++d) {
            if (m_held[d] && m_heldUntil[d] <= now) {
                Pending p = std::move(*m_held[d]);
                m_held[d].reset();
                deliver(p);
            }
        }
        arm();
    }

private:
    void onFrame(Dir dir, const std::uint8_t *frame, size_t length, std::int64_t stamp)
    {
        const std::int64_t realNow = nowNs(CLOCK_REALTIME);
        const std::int64_t sent = stamp > 0 && stamp <= realNow ? stamp : realNow;
        // The delay counts from when the frame left its sender.
        const std::int64_t now = nowNs(CLOCK_MONOTONIC) - (realNow - sent);
        const FrameInfo info = inspectFrame(frame, length);
        const WireEngine::Decision d = m_engine.decide(dir, info);
        Pending p {dir, Fate::Delivered, d.rule, sent, {frame, frame + length}};
        const int di = index(dir);
        switch (d.fate) {
        case WireEngine::Decision::Fate::Drop:
            record(p, Fate::Dropped, -1);
            return;
        case WireEngine::Decision::Fate::Lose:
            record(p, Fate::Lost, -1);
            return;
        case WireEngine::Decision::Fate::Reset:
            record(p, Fate::Swallowed, -1);
            injectResets(dir, info, frame, sent, d.rule);
            return;
        case WireEngine::Decision::Fate::Hold:
            if (m_held[di]) { // one at a time: the earlier one goes first
                Pending earlier = std::move(*m_held[di]);
                m_held[di].reset();
                schedule(earlier, now, d.delayUs);
            }
            m_held[di] = std::move(p);
            m_heldUntil[di] = now + 2000000000LL; // released by the next frame, or after 2 s
            arm();
            return;
        default:
            break;
        }
        // Rate limit: the frame waits for the link to be free, then for the delay.
        std::int64_t start = now;
        const std::int64_t rate = m_engine.spec().dir[di].rateBitsPerSecond;
        if (rate > 0) {
            start = std::max(now, m_linkFree[di]);
            if (start - now > 500000000LL) { // half a second of queue: the queue is full
                record(p, Fate::QueueFull, -1);
                return;
            }
            m_linkFree[di] = start + std::int64_t(double(length) * 8e9 / double(rate));
            start = m_linkFree[di];
        }
        const std::int64_t at = schedule(p, start, d.delayUs);
        if (d.fate == WireEngine::Decision::Fate::Duplicate) {
            Pending copy {dir, Fate::Duplicate, d.rule, sent, {frame, frame + length}};
            schedule(copy, at, d.copyDelayUs, /*keepOrder=*/false);
        }
        if (m_held[di]) { // a held frame follows the next one
            m_heldUntil[di] = at + 1000;
            arm();
        }
    }

    std::int64_t schedule(Pending &p, std::int64_t from, std::int64_t delayUs,
                          bool keepOrder = true)
    {
        const int di = index(p.dir);
        std::int64_t at = from + delayUs * 1000;
        if (keepOrder) {
            at = std::max(at, m_lastAt[di]); // jitter never reorders
            m_lastAt[di] = at;
        }
        if (at <= nowNs(CLOCK_MONOTONIC) && m_queue.empty()) {
            deliver(p);
            return at;
        }
        m_queue.emplace(std::make_pair(at, m_order++), std::move(p));
        arm();
        return at;
    }

    void deliver(Pending &p)
    {
        const int out = 1 - index(p.dir);
        // Stamped as it is handed over: the receiving kernel processes the frame inside send()
        // and may answer before send() returns, and an answer never precedes its cause.
        const std::int64_t arrived = nowNs(CLOCK_REALTIME);
        ::send(m_net->packet[out], p.bytes.data(), p.bytes.size(), MSG_DONTWAIT);
        record(p, p.fate, arrived);
    }

    void injectResets(Dir dir, const FrameInfo &info, const std::uint8_t *frame, std::int64_t sent,
                      int rule)
    {
        if (!info.tcp || (info.flags & tcpflag::Rst))
            return;
        const std::uint8_t *dstMac = frame;
        const std::uint8_t *srcMac = frame + 6;
        // To the receiver, as if from the sender, at the sequence number it expects next.
        Pending forward {dir, Fate::Injected, rule, sent,
                         makeReset(srcMac, dstMac, info.srcAddr, info.dstAddr, info.srcPort,
                                   info.dstPort, info.seq, 0, tcpflag::Rst)};
        deliver(forward);
        // To the sender, as if from the receiver, at what the sender has acknowledged.
        if (info.flags & tcpflag::Ack) {
            Pending back {opposite(dir), Fate::Injected, rule, sent,
                          makeReset(dstMac, srcMac, info.dstAddr, info.srcAddr, info.dstPort,
                                    info.srcPort, info.ack, 0, tcpflag::Rst)};
            deliver(back);
        }
    }

    void record(const Pending &p, Fate fate, std::int64_t arrivedNs)
    {
        FrameRecord r;
        r.fromServer = p.dir == Dir::FromServer ? 1 : 0;
        r.fate = fate;
        r.rule = std::int16_t(p.rule);
        r.length = std::uint32_t(p.bytes.size());
        r.missedBefore = m_missed;
        r.sentNs = p.sentNs;
        r.arrivedNs = arrivedNs;
        iovec parts[2]
            = {{&r, sizeof r}, {const_cast<std::uint8_t *>(p.bytes.data()), p.bytes.size()}};
        msghdr message {};
        message.msg_iov = parts;
        message.msg_iovlen = 2;
        if (::sendmsg(m_capture, &message, MSG_DONTWAIT | MSG_NOSIGNAL) < 0)
            ++m_missed; // the lab is not reading fast enough: it will be told how many
        else
            m_missed = 0;
    }

    void arm()
    {
        std::int64_t next = m_queue.empty() ? 0 : m_queue.begin()->first.first;
        for (int d = 0; d < 2; ++d) {
            if (m_held[d] && (next == 0 || m_heldUntil[d] < next))
                next = m_heldUntil[d];
        }
        itimerspec spec {};
        if (next > 0) {
            next = std::max<std::int64_t>(next, 1);
            spec.it_value.tv_sec = next / 1000000000;
            spec.it_value.tv_nsec = next % 1000000000;
        }
        ::timerfd_settime(m_timer, TFD_TIMER_ABSTIME, &spec, nullptr);
    }

    Network *m_net;
    int m_capture;
    int m_timer = -1;
    WireEngine m_engine;
    std::map<std::pair<std::int64_t, std::uint64_t>, Pending> m_queue;
    std::uint64_t m_order = 0;
    std::int64_t m_lastAt[2] = {0, 0};
    std::int64_t m_linkFree[2] = {0, 0};
    std::optional<Pending> m_held[2];
    std::int64_t m_heldUntil[2] = {0, 0};
    std::uint32_t m_missed = 0;
};

// --- requests -------------------------------------------------------------------------------

bool sendReply(int fd, const Reply &reply, int passFd = -1)
{
    iovec part {const_cast<Reply *>(&reply), sizeof reply};
    msghdr message {};
    message.msg_iov = &part;
    message.msg_iovlen = 1;
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
    if (passFd >= 0) {
        message.msg_control = control;
        message.msg_controllen = sizeof control;
        cmsghdr *c = CMSG_FIRSTHDR(&message);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(sizeof(int));
        std::memcpy(CMSG_DATA(c), &passFd, sizeof(int));
    }
    return ::sendmsg(fd, &message, MSG_NOSIGNAL) == ssize_t(sizeof reply);
}

// "ipv4/tcp_sack", "ipv4/tcp_rmem", "core/somaxconn": one folder and one name, letters,
// digits and underscores only, so that no path leaves /proc/sys/net.
bool validSysctl(const char *name)
{
    const size_t length = ::strnlen(name, 64);
    if (length == 0 || length >= 64)
        return false;
    int slashes = 0;
    for (size_t i = 0; i < length; ++i) {
        const char c = name[i];
        if (c == '/')
            ++slashes;
        else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
            return false;
    }
    return slashes == 1 && name[0] != '/' && name[length - 1] != '/'
        && (std::strncmp(name, "ipv4/", 5) == 0 || std::strncmp(name, "core/", 5) == 0);
}

void handle(int control, const Request &request, Network *net, Relay *relay)
{
    Reply reply;
    const int h = request.host == Host::Server ? 1 : 0;
    auto failed = [&reply](int err) {
        reply.status = -1;
        reply.err = err;
    };
    switch (request.type) {
    case RequestType::Socket:
    case RequestType::SockDiag: {
        if (!enter(net->host[h])) {
            failed(errno);
            break;
        }
        const bool diag = request.type == RequestType::SockDiag;
        const int type = diag ? SOCK_DGRAM : request.socketType;
        // Only the kinds of socket the lab uses: TCP and UDP of IPv4/IPv6, and sock_diag.
        const bool allowed = diag
            || ((request.family == AF_INET || request.family == AF_INET6)
                && ((type & 0xf) == SOCK_STREAM || (type & 0xf) == SOCK_DGRAM)
                && (type & ~(0xf | SOCK_NONBLOCK | SOCK_CLOEXEC)) == 0);
        const int fd = !allowed ? -1
            : diag              ? ::socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG)
                                : ::socket(request.family, type | SOCK_CLOEXEC, 0);
        const int err = allowed ? errno : EPERM;
        enter(net->wire);
        if (fd < 0) {
            failed(err);
            break;
        }
        sendReply(control, reply, fd);
        ::close(fd);
        return;
    }
    case RequestType::SetSysctl:
    case RequestType::GetSysctl: {
        char name[sizeof request.name + 1] = {};
        std::memcpy(name, request.name, sizeof request.name);
        if (!validSysctl(name)) {
            failed(EINVAL);
            break;
        }
        if (!enter(net->host[h])) {
            failed(errno);
            break;
        }
        const std::string path = std::string("/proc/sys/net/") + name;
        if (request.type == RequestType::SetSysctl) {
            char text[sizeof request.text + 1] = {};
            std::memcpy(text, request.text, sizeof request.text);
            if (!writeFile(path.c_str(), text))
                failed(errno);
        } else {
            const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
            if (fd < 0) {
                failed(errno);
            } else {
                const ssize_t n = ::read(fd, reply.text, sizeof reply.text - 1);
                if (n < 0)
                    failed(errno);
                ::close(fd);
            }
        }
        enter(net->wire);
        break;
    }
    case RequestType::SetWire:
    case RequestType::AddRule: {
        char text[sizeof request.text + 1] = {};
        std::memcpy(text, request.text, sizeof request.text);
        WireSpec spec;
        ParseError error;
        if (!parseWireSpec(text, &spec, &error)) {
            failed(EINVAL);
            reply.detail = int(error.code);
            break;
        }
        if (request.type == RequestType::AddRule) {
            for (const Rule &rule : spec.rules)
                relay->engine().addRule(rule);
            break;
        }
        for (int link = 0; link < 2; ++link) {
            if (const int e = setMtu(net, link, spec.mtu[link]))
                failed(e);
        }
        relay->engine().reset(spec);
        break;
    }
    default:
        failed(EINVAL);
        break;
    }
    sendReply(control, reply);
}

} // namespace

int main(int argc, char **argv)
{
    // The lab's process id: the keeper lives exactly as long as it.
    const pid_t lab = argc > 1 ? pid_t(std::atol(argv[1])) : 0;
    // Which documentation network (0, 1, 2: protocol.h).
    const int which = argc > 2 ? std::atoi(argv[2]) : 0;
    if (which < 0 || which > 2)
        return 2;
    const std::uint32_t subnet = kDocumentationNetworks[which];
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (lab <= 0 || ::getppid() != lab)
        return 2; // started by someone else, or the lab is already gone
    ::signal(SIGPIPE, SIG_IGN);
    const int control = kControlFd;
    const int capture = kCaptureFd;
    int type = 0;
    socklen_t typeLength = sizeof type;
    if (::getsockopt(control, SOL_SOCKET, SO_TYPE, &type, &typeLength) != 0
        || type != SOCK_SEQPACKET)
        return 2;
    const std::int64_t t0 = nowNs(CLOCK_MONOTONIC);

    Network net;
    Ready ready;
    const std::optional<Failure> failure = buildNetwork(&net, subnet);
    // The namespaces are set up; the parent-death signal must still hold (it does: the user
    // namespace was made by this process), and the lab must still be there.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != lab)
        return 2;
    ready.keeperPid = int(::getpid());
    ready.setupUs = (nowNs(CLOCK_MONOTONIC) - t0) / 1000;
    if (failure) {
        ready.failedStage = failure->stage;
        ready.err = failure->err;
        (void)!::send(control, &ready, sizeof ready, MSG_NOSIGNAL);
        return 1;
    }
    if (::send(control, &ready, sizeof ready, MSG_NOSIGNAL) != ssize_t(sizeof ready))
        return 1;

    Relay relay(&net, capture);
    const int epoll = ::epoll_create1(EPOLL_CLOEXEC);
    auto watch = [epoll](int fd, std::uint64_t tag) {
        epoll_event e {};
        e.events = EPOLLIN;
        e.data.u64 = tag;
        ::epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &e);
    };
    watch(control, 0);
    watch(net.packet[0], 1);
    watch(net.packet[1], 2);
    watch(relay.timerFd(), 3);
    // The capture pair only carries records out: its end closing means the lab is gone.
    epoll_event hangup {};
    hangup.events = EPOLLRDHUP | EPOLLHUP;
    hangup.data.u64 = 4;
    ::epoll_ctl(epoll, EPOLL_CTL_ADD, capture, &hangup);
    for (;;) {
        epoll_event events[8];
        const int n = ::epoll_wait(epoll, events, 8, -1);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return 1;
        }
        for (int i = 0; i < n; ++i) {
            switch (events[i].data.u64) {
            case 0: {
                Request request;
                const ssize_t got = ::recv(control, &request, sizeof request, 0);
                if (got == 0)
                    return 0; // the lab closed the network
                if (got != ssize_t(sizeof request) || request.magic != kMagic) {
                    if (got < 0 && errno == EINTR)
                        break;
                    return 1;
                }
                handle(control, request, &net, &relay);
                break;
            }
            case 1:
            case 2:
                relay.readFrames(int(events[i].data.u64 - 1));
                break;
            case 3:
                relay.onTimer();
                break;
            case 4:
                return 0;
            }
        }
    }
}
