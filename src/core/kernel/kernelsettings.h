#pragma once

#include <QHostAddress>
#include <QList>
#include <QString>
#include <QStringList>

#include <array>
#include <functional>
#include <optional>

namespace tcplab {

// The TCP settings of the running kernel in this network namespace (they are per namespace:
// a lab host may differ from the machine). Read at run time because they differ by kernel
// and by machine; the lab explains what it sees with them and models Linux's wire from them.
// A value the kernel does not have reads -1.
struct TcpSysctls
{
    // /proc/sys/net/ipv4/
    int sack = -1;
    int timestamps = -1; // 0 off, 1 on, 2 on without the random per-connection offset
    int windowScaling = -1;
    int ecn = -1; // 0 off, 1 asks for ECN, 2 only answers a peer that asks (the default)
    int synRetries = -1;
    int synAckRetries = -1;
    int synLinearTimeouts = -1; // newer kernels only; -1: SYN timeouts double from the start
    int finTimeout = -1; // seconds an orphaned FIN_WAIT_2 lives
    int abortOnOverflow = -1;
    int rtoMinUs = -1; // newer kernels only; older ones have a fixed 200 ms
    int rtoMaxMs = -1; // newer kernels only; older ones have a fixed 120 s
    int earlyRetrans = -1;
    int frto = -1;
    std::array<int, 3> tcpRmem {{-1, -1, -1}}; // receive buffer: min, default, max (bytes)
    int maxSynBacklog = -1;
    int pingpongThresh = -1; // newer kernels only
    // /proc/sys/net/core/
    int coreRmemMax = -1; // the most SO_RCVBUF may ask for

    // Every setting that all supported kernels have was read. The ones only newer kernels
    // have may be missing without spoiling this; they are listed in unreadable all the same.
    bool ok = false;
    QStringList unreadable; // the files that could not be read, by full path

    static TcpSysctls read();
    // The same settings through another reader: `name` is the path under /proc/sys/net
    // ("ipv4/tcp_sack"); it fills `count` integers and says whether it could (a lab host's).
    static TcpSysctls
    read(const std::function<bool(const char *name, int *values, int count)> &reader);
};

// The shift Linux puts in the window scale option of its SYN (and of its SYN/ACK), as
// tcp_select_initial_window() computes it: from the largest receive buffer the socket could
// ever grow to, max(tcp_rmem[2], core.rmem_max), the smallest shift that lets 16 bits cover
// it, at most 14. -1 when tcp_window_scaling is off: the SYN then has no such option.
// A socket whose SO_RCVBUF was set before connect() or listen() gets the shift for that
// buffer instead (checked: SO_RCVBUF 65536 gives 1).
int windowScaleForSyn(const TcpSysctls &sysctls);

// The bytes of a fresh socket's receive buffer that Linux offers as window: half of
// tcp_rmem[1] (it assumes payload fills half of the memory it is charged for until it has
// measured real segments), 65536 with the default tcp_rmem[1] of 131072.
constexpr int kLinuxReceiveSpace = 65536;
int initialReceiveSpace(const TcpSysctls &sysctls);

// The receive window a fresh socket starts with (tp->rcv_wnd): the receive space rounded
// down to a whole number of segments of mss, so that the sender's last segment of a window
// is not a runt. It may exceed 16 bits; the SYN cannot say so, but Linux remembers it.
int initialReceiveWindow(int mss, int receiveSpace = kLinuxReceiveSpace);
// The raw 16-bit window Linux writes in its SYN: initialReceiveWindow() of its own MSS, at
// most 65535 (a SYN's window is never scaled). 65495 on loopback, 64240 on Ethernet.
int synWindow(int mss, int receiveSpace = kLinuxReceiveSpace);
// The same for its SYN/ACK, where the segment it rounds to is the MSS less the 12 bytes of
// the timestamp option when the connection uses timestamps (the SYN carried the option and
// the listener's tcp_timestamps is on): 65483 on loopback, 65160 on Ethernet. The SYN does
// not subtract them: the client cannot know yet whether the peer will agree.
int synAckWindow(int mss, bool timestamps, int receiveSpace = kLinuxReceiveSpace);
// The raw window of the first segment after the handshake, before anything was received:
// the client's ACK (mss: its MSS, as for synWindow()) or the server's first segment (mss
// less 12 with timestamps, as for synAckWindow()); windowScale is the shift that end
// announced, 0 or -1 when scaling is not in use. Linux never offers less than it did in
// the handshake, so this is initialReceiveWindow() rounded up to a whole unit of the
// scale, then scaled: 64 on loopback (65536 >> 10), 502 on Ethernet with shift 7.
// Unscaled it repeats the handshake's window.
int firstAckWindow(int mss, int windowScale, int receiveSpace = kLinuxReceiveSpace);

// The MSS Linux announces for a route of this MTU (the loopback route with no mss metric:
// ipv4_default_advmss / ip6_default_advmss): MTU less the IP and TCP headers, within the
// largest IP payload. lo's 65536 gives 65495 over IPv4 and 65476 over IPv6. (The connecting
// side's TCP_INFO advmss reads 12 less once timestamps are agreed: Linux then counts the
// option as part of the header.)
int loopbackMss(int mtu, bool ipv6 = false);
// The MTU of a network interface in this namespace (SIOCGIFMTU); -1 when there is none.
int interfaceMtu(const QString &name);

// What the kernel's routing table says about the way to one address (`ip route get`).
// The metrics matter to the lab: `quickack 1` turns delayed ACKs off on that route, and
// `rto_min` replaces tcp_rto_min_us for it.
struct RouteInfo
{
    QString device; // outgoing interface ("lo")
    int mtu = -1; // the route's mtu metric, else the device's MTU
    bool quickAck = false;
    int rtoMinMs = -1; // the route's rto_min metric; -1: none, tcp_rto_min_us applies
    bool found = false; // false: no way there (unreachable, blackhole or prohibit route)
};

// Asks rtnetlink (RTM_GETROUTE) for the route the kernel would use to destination. Empty
// when the query failed (*error says why); found = false when the kernel answered that there
// is no usable route (then *error says what it answered).
std::optional<RouteInfo> routeTo(const QHostAddress &destination, QString *error = nullptr);

// When Linux retransmits an unanswered SYN, in ms after the first one. The first timeout is
// 1 s; it stays 1 s for tcp_syn_linear_timeouts more retransmissions (linear), then doubles
// each time, up to tcp_rto_max_ms. Linux sends tcp_syn_retries + tcp_syn_linear_timeouts
// retransmissions in all (the linear ones come on top, so the total time grows only a
// little): 6 + 4 here, the last at 67 s. synCount overrides tcp_syn_retries as TCP_SYNCNT
// does on one socket (0: the sysctl).
QList<int> synRetransmitScheduleMs(const TcpSysctls &sysctls, int synCount = 0);
// When connect() then gives up with ETIMEDOUT, in ms after the first SYN: one more timeout
// after the last retransmission (131 s here).
int synGiveUpMs(const TcpSysctls &sysctls, int synCount = 0);

// How many answers within the delayed-ACK time make Linux treat an exchange as interactive
// and delay its ACKs: net.ipv4.tcp_pingpong_thresh (Linux 6.7 on); without it 1 before
// Linux 5.1 and since 5.19, and -1 (unknown: 3, or 1 where the revert was backported) in
// between. kernelRelease as uname -r writes it ("6.1.0-13-amd64").
int pingpongThreshold(const TcpSysctls &sysctls, const QString &kernelRelease);

} // namespace tcplab
