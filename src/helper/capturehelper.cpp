// tcplab-capture: the lab's capture helper, after Wireshark's dumpcap. It is the one part of
// TCP Lab that may hold CAP_NET_RAW (granted by an administrator with tcplab-allow-capture);
// the window stays unprivileged and reads what this program writes.
//
// It hands out only the calling user's own connections. Holding a port is not enough to own
// the traffic on it (connect() reuses local ports for other destinations; NAT can use any
// port; a port changes hands), so every connection is proven the user's by the kernel before
// any of its frames is written out (attribution.h says how); the kernel's filter ("tcp port
// PORT") only cuts the volume. Once the socket is open and filtered every capability is
// dropped. Frames go to standard output as pcap until standard input closes, or until the user
// has held no socket on the port for two seconds.
//
//   tcplab-capture --check     exit 0 when this user may capture, else say why (exit 1)
//   tcplab-capture PORT        capture the user's connections on PORT; exit 3 when the user
//                              holds no socket on it (refused), 4 when it stopped for that

#include "attribution.h"
#include "capture/captureparameters.h"
#include "sockdiag.h"

#include <arpa/inet.h>
#include <linux/capability.h>
#include <pcap/pcap.h>
#include <poll.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

namespace {

using namespace tcplab::helper;

double seconds()
{
    timespec now {};
    clock_gettime(CLOCK_MONOTONIC, &now);
    return double(now.tv_sec) + double(now.tv_nsec) / 1e9;
}

// Whether the user holds a socket on the port: listening, bound, or a connection's end. The
// socket found last time is looked up first (one exact lookup); only when it is gone are the
// kernel's tables walked, and a walk the kernel interrupted still counts what it found.
class PortHold
{
public:
    PortHold(SockDiagTable *table, uid_t uid, uint16_t port)
        : m_table(table)
        , m_uid(uid)
        , m_port(port)
    {
    }
    // False also when the kernel could not be asked (*failed).
    bool held(bool *failed)
    {
        *failed = false;
        KernelSocket s;
        if (m_known && m_table->find(m_local, m_remote, &s) == SocketTable::Answer::Found
            && s.uid == m_uid && s.ownerKnown && s.local.port == m_port)
            return true;
        m_known = false;
        std::vector<KernelSocket> sockets;
        const bool complete = m_table->socketsOnPort(m_port, &sockets);
        for (const KernelSocket &socket : sockets) {
            if (socket.uid == m_uid && socket.ownerKnown) {
                m_known = true;
                m_local = socket.local;
                m_remote = socket.remote;
                return true;
            }
        }
        *failed = !complete && sockets.empty();
        return false;
    }

private:
    SockDiagTable *m_table;
    uid_t m_uid;
    uint16_t m_port;
    bool m_known = false;
    Endpoint m_local;
    Endpoint m_remote;
};

// "127.0.0.1 45001": an end as the lab reads it.
std::string text(const Endpoint &e)
{
    char address[INET6_ADDRSTRLEN] = {};
    inet_ntop(e.family == Endpoint::V4 ? AF_INET : AF_INET6, e.address.data(), address,
              sizeof(address));
    return std::string(address) + ' ' + std::to_string(e.port);
}

struct Capture
{
    pcap_dumper_t *dumper = nullptr;
    Attribution *attribution = nullptr;
    int linkType = 0;
    double now = 0;
};

void onFrame(u_char *user, const pcap_pkthdr *header, const u_char *bytes)
{
    auto *capture = reinterpret_cast<Capture *>(user);
    FrameSummary summary;
    if (!parseFrame(capture->linkType, bytes, header->caplen, &summary))
        return; // not TCP the lab reads: nobody's to hand out
    HeldFrame frame;
    frame.seconds = header->ts.tv_sec;
    frame.microseconds = header->ts.tv_usec;
    frame.originalLength = header->len;
    frame.bytes.assign(bytes, bytes + header->caplen);
    capture->attribution->frame(capture->now, summary, std::move(frame));
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
//   | CAPABILITIES | DROPPED total (the kernel lost frames) | WITHHELD total (frames not
//   proven the user's, or over the limits: not handed out) | PROVEN address port address port
//   (a connection of the user's, whose frames now come out) | STOPPED port
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
    const uid_t uid = ::getuid();
    SockDiagTable table;
    bool failed = false;
    PortHold hold(&table, uid, uint16_t(port));
    const bool held = table.isOpen() && hold.held(&failed);
    if (!table.isOpen() || failed) {
        say("SOCK_DIAG_FAILED");
        return 1;
    }
    if (!held) {
        say("REFUSED", std::to_string(port));
        return 3;
    }
    const std::string filter = "tcp port " + std::to_string(port);
    pcap_t *handle = openCapture(filter.c_str(), &error);
    if (!handle) {
        say("CANNOT_CAPTURE", error);
        return 1;
    }
    if (!dropCapabilities()) {
        say("CAPABILITIES");
        pcap_close(handle);
        return 1;
    }
    Capture capture;
    capture.linkType = pcap_datalink(handle);
    capture.dumper = pcap_dump_fopen(handle, stdout);
    if (!capture.dumper) {
        say("CANNOT_CAPTURE", pcap_geterr(handle));
        pcap_close(handle);
        return 1;
    }
    pcap_dump_flush(capture.dumper);
    Attribution attribution(uid, &table, [&capture](const HeldFrame &f) {
        pcap_pkthdr header {};
        header.ts.tv_sec = f.seconds;
        header.ts.tv_usec = f.microseconds;
        header.caplen = uint32_t(f.bytes.size());
        header.len = f.originalLength;
        pcap_dump(reinterpret_cast<u_char *>(capture.dumper), &header, f.bytes.data());
    });
    // The lab waits for this before a call that could end the connection (see
    // ScenarioRunner): its own connections only, so nothing of anyone else's.
    attribution.setProvenListener(
        [](const Endpoint &a, const Endpoint &b) { say("PROVEN", text(a) + ' ' + text(b)); });
    capture.attribution = &attribution;
    char errorBuffer[PCAP_ERRBUF_SIZE] = {};
    if (pcap_setnonblock(handle, 1, errorBuffer) != 0) {
        say("CANNOT_CAPTURE", errorBuffer);
        pcap_close(handle);
        return 1;
    }
    pollfd fds[2] = {{pcap_get_selectable_fd(handle), POLLIN, 0}, {STDIN_FILENO, POLLIN, 0}};
    double lastHeld = seconds();
    double lastCheck = lastHeld;
    double lastSaid = lastHeld;
    unsigned reportedDrops = 0;
    uint64_t reportedWithheld = 0;
    int status = 0;
    int timeoutMs = 10;
    // Reads a bounded batch from the ring (so that the checks run under a flood too); true
    // when it was read empty. Frames the kernel could not put in the ring may include a
    // connection's SYN, so then what is held is withheld and every connection proven again.
    constexpr int kBatch = 256;
    auto readRing = [&] {
        capture.now = seconds();
        const int handled
            = pcap_dispatch(handle, kBatch, onFrame, reinterpret_cast<u_char *>(&capture));
        // The proven connections' frames of this batch come out only once the kernel's drop
        // count, read after it, shows that the kernel lost nothing while it was read.
        pcap_stat lost {};
        if (pcap_stats(handle, &lost) != 0) {
            attribution.framesLost(); // unknown whether frames were lost: as if they were
        } else if (lost.ps_drop > reportedDrops) {
            attribution.framesLost();
            reportedDrops = lost.ps_drop;
            say("DROPPED", std::to_string(lost.ps_drop));
        } else {
            attribution.release();
        }
        return handled >= 0 && handled < kBatch;
    };
    for (;;) {
        // Also wake every 10 ms: connections wait for their proof, and frames of a burst can
        // land in the ring without a new wake-up.
        if (::poll(fds, 2, timeoutMs) < 0 && errno != EINTR)
            break;
        const bool drained = readRing();
        timeoutMs = drained ? 10 : 0;
        // A proof seen is confirmed by the next read of the ring: read again at once.
        if (attribution.turn(seconds(), drained))
            timeoutMs = 0;
        pcap_dump_flush(capture.dumper);
        if (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) {
            char c;
            if (::read(STDIN_FILENO, &c, 1) <= 0)
                break; // the lab went away
        }
        const double now = seconds();
        if (attribution.withheld() != reportedWithheld && now - lastSaid >= 0.1) {
            reportedWithheld = attribution.withheld();
            lastSaid = now;
            say("WITHHELD", std::to_string(reportedWithheld));
        }
        if (now - lastCheck < 1.0)
            continue;
        lastCheck = now;
        table.readLocalAddresses();
        if (hold.held(&failed)) {
            lastHeld = now;
        } else if (now - lastHeld >= 2.0) {
            say("STOPPED", std::to_string(port));
            status = 4;
            break;
        }
    }
    // The lab closed the pipe: what the ring still holds is read, and connections waiting for
    // proof get their last lookup (a proof counts after one more empty read). What still waits
    // then is not handed out: it is counted.
    if (status == 0) {
        for (int turns = 0; turns < 2; ++turns) {
            while (!readRing()) { }
            attribution.turn(seconds(), true);
        }
    }
    const uint64_t total = attribution.withheld() + attribution.heldFrames();
    if (total != reportedWithheld)
        say("WITHHELD", std::to_string(total));
    pcap_dump_close(capture.dumper);
    pcap_close(handle);
    return status;
}
