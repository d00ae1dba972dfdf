// tcplab-capture: the lab's capture helper, after Wireshark's dumpcap. It is the one part of
// TCP Lab that holds CAP_NET_RAW (granted by an administrator with tcplab-allow-capture); the
// window stays unprivileged and reads what this program writes.
//
// It captures only the calling user's own connections: the traffic of the TCP endpoints
// (address and port) held by a socket of the calling user (the real uid), found with sock_diag
// when it starts and checked again every second; when the user holds none of them any more it
// stops, so the port cannot be handed to someone else and captured on. Capturing starts with
// the packet socket open and the filter set; then every capability is dropped. Frames go to
// standard output as a pcap stream until standard input closes.
//
//   tcplab-capture --check     exit 0 when this user may capture, else say why (exit 1)
//   tcplab-capture PORT        capture the user's endpoints on PORT; exit 3 when there are none

#include "capture/captureparameters.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <linux/capability.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <pcap/pcap.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <set>
#include <string>

namespace {

// Addresses as text, the way a pcap filter takes them; "*" for a wildcard bind.
using Addresses = std::set<std::string>;

std::string addressText(int family, const __be32 *words)
{
    char text[INET6_ADDRSTRLEN] = {};
    if (family == AF_INET6) {
        in6_addr address {};
        std::memcpy(&address, words, sizeof(address));
        if (IN6_IS_ADDR_UNSPECIFIED(&address))
            return "*";
        if (IN6_IS_ADDR_V4MAPPED(&address))
            return inet_ntop(AF_INET, &address.s6_addr[12], text, sizeof(text));
        return inet_ntop(AF_INET6, &address, text, sizeof(text));
    }
    if (words[0] == 0)
        return "*";
    return inet_ntop(AF_INET, words, text, sizeof(text));
}

// The local addresses of the TCP sockets (any state, IPv4 and IPv6) of uid bound to port.
// False when sock_diag could not be asked.
bool endpointsOf(uid_t uid, unsigned port, Addresses *addresses)
{
    for (const int family : {AF_INET, AF_INET6}) {
        const int fd = ::socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
        if (fd < 0)
            return false;
        struct
        {
            nlmsghdr header;
            inet_diag_req_v2 request;
        } message {};
        message.header.nlmsg_len = sizeof(message);
        message.header.nlmsg_type = SOCK_DIAG_BY_FAMILY;
        message.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
        message.request.sdiag_family = static_cast<unsigned char>(family);
        message.request.sdiag_protocol = IPPROTO_TCP;
        message.request.idiag_states = ~0u;

        sockaddr_nl kernel {};
        kernel.nl_family = AF_NETLINK;
        if (::sendto(fd, &message, sizeof(message), 0, reinterpret_cast<sockaddr *>(&kernel),
                     sizeof(kernel))
            < 0) {
            ::close(fd);
            return false;
        }
        alignas(nlmsghdr) char buffer[32768];
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
                const auto *msg = static_cast<const inet_diag_msg *>(NLMSG_DATA(h));
                // (The kernel ignores the port in a dump request: check it here.)
                if (ntohs(msg->id.idiag_sport) == port && msg->idiag_uid == uid)
                    addresses->insert(addressText(family, msg->id.idiag_src));
            }
        }
        ::close(fd);
        if (!ok)
            return false;
    }
    return true;
}

// Every address of this machine: a wildcard bind holds the port on all of them.
Addresses localAddresses()
{
    Addresses out;
    ifaddrs *list = nullptr;
    if (::getifaddrs(&list) != 0)
        return out;
    for (const ifaddrs *i = list; i; i = i->ifa_next) {
        if (!i->ifa_addr)
            continue;
        char text[INET6_ADDRSTRLEN] = {};
        if (i->ifa_addr->sa_family == AF_INET)
            inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in *>(i->ifa_addr)->sin_addr, text,
                      sizeof(text));
        else if (i->ifa_addr->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6 *>(i->ifa_addr)->sin6_addr,
                      text, sizeof(text));
        else
            continue;
        std::string address = text;
        const auto percent = address.find('%'); // link-local scope
        if (percent != std::string::npos)
            address.resize(percent);
        out.insert(address);
    }
    ::freeifaddrs(list);
    return out;
}

// Segments with one end at one of these endpoints, and nothing else.
std::string filterFor(const Addresses &owned, unsigned port)
{
    Addresses hosts = owned;
    if (hosts.count("*")) {
        hosts.erase("*");
        const Addresses all = localAddresses();
        hosts.insert(all.begin(), all.end());
    }
    const std::string p = std::to_string(port);
    std::string filter = "tcp and (";
    bool first = true;
    for (const std::string &host : hosts) {
        if (!first)
            filter += " or ";
        first = false;
        filter += "(src host " + host + " and src port " + p + ") or (dst host " + host
            + " and dst port " + p + ")";
    }
    return filter + ")";
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
void dropCapabilities()
{
    __user_cap_header_struct header {};
    header.version = _LINUX_CAPABILITY_VERSION_3;
    __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = {};
    ::syscall(SYS_capset, &header, data);
}

void writePacket(u_char *user, const pcap_pkthdr *header, const u_char *bytes)
{
    auto *dumper = reinterpret_cast<pcap_dumper_t *>(user);
    pcap_dump(user, header, bytes);
    pcap_dump_flush(dumper);
}

double seconds()
{
    timespec now {};
    clock_gettime(CLOCK_MONOTONIC, &now);
    return double(now.tv_sec) + double(now.tv_nsec) / 1e9;
}

} // namespace

int main(int argc, char *argv[])
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: tcplab-capture --check | PORT\n");
        return 2;
    }
    std::string error;
    if (std::strcmp(argv[1], "--check") == 0) {
        pcap_t *probe = openCapture(nullptr, &error);
        if (!probe) {
            std::fprintf(stderr, "tcplab-capture: cannot capture: %s\n", error.c_str());
            return 1;
        }
        pcap_close(probe);
        return 0;
    }
    char *end = nullptr;
    const long port = std::strtol(argv[1], &end, 10);
    if (!end || *end || port < 1 || port > 65535) {
        std::fprintf(stderr, "tcplab-capture: \"%s\" is not a port\n", argv[1]);
        return 2;
    }
    const uid_t caller = ::getuid();
    const auto portNumber = static_cast<unsigned>(port);
    Addresses owned;
    if (!endpointsOf(caller, portNumber, &owned)) {
        std::fprintf(stderr,
                     "tcplab-capture: cannot ask the kernel for your sockets (sock_diag)\n");
        return 1;
    }
    if (owned.empty()) {
        std::fprintf(stderr,
                     "tcplab-capture: refused: no socket of yours holds TCP port %ld, and only "
                     "your own connections may be captured\n",
                     port);
        return 3;
    }
    const std::string filter = filterFor(owned, portNumber);
    pcap_t *handle = openCapture(filter.c_str(), &error);
    if (!handle) {
        std::fprintf(stderr, "tcplab-capture: cannot capture: %s\n", error.c_str());
        return 1;
    }
    dropCapabilities();
    pcap_dumper_t *dumper = pcap_dump_fopen(handle, stdout);
    if (!dumper) {
        std::fprintf(stderr, "tcplab-capture: %s\n", pcap_geterr(handle));
        pcap_close(handle);
        return 1;
    }
    pcap_dump_flush(dumper);
    char errorBuffer[PCAP_ERRBUF_SIZE] = {};
    pcap_setnonblock(handle, 1, errorBuffer);
    pollfd fds[2] = {{pcap_get_selectable_fd(handle), POLLIN, 0}, {STDIN_FILENO, POLLIN, 0}};
    double lastOwned = seconds();
    double lastCheck = lastOwned;
    unsigned reportedDrops = 0;
    int status = 0;
    for (;;) {
        // Also wake every 10 ms: frames of a burst can land in the ring without a new wake-up.
        if (::poll(fds, 2, 10) < 0 && errno != EINTR)
            break;
        while (pcap_dispatch(handle, -1, writePacket, reinterpret_cast<u_char *>(dumper)) > 0) { }
        if (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) {
            char c;
            if (::read(STDIN_FILENO, &c, 1) <= 0)
                break; // the lab went away
        }
        const double now = seconds();
        if (now - lastCheck >= 1.0) {
            lastCheck = now;
            pcap_stat stats {};
            if (pcap_stats(handle, &stats) == 0 && stats.ps_drop > reportedDrops) {
                reportedDrops = stats.ps_drop;
                std::fprintf(stderr, "tcplab-capture: the kernel dropped %u frames\n",
                             stats.ps_drop);
            }
            Addresses still;
            if (endpointsOf(caller, portNumber, &still) && !still.empty())
                lastOwned = now;
            else if (now - lastOwned >= 2.0) {
                std::fprintf(stderr,
                             "tcplab-capture: stopped: no socket of yours holds TCP port %ld any "
                             "more\n",
                             port);
                status = 4;
                break;
            }
        }
    }
    pcap_stat stats {};
    if (pcap_stats(handle, &stats) == 0 && stats.ps_drop > reportedDrops)
        std::fprintf(stderr, "tcplab-capture: the kernel dropped %u frames\n", stats.ps_drop);
    pcap_dump_close(dumper);
    pcap_close(handle);
    return status;
}
