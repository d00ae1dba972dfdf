#pragma once

#include <QString>

#include <optional>

namespace tcplab {

// A TCP state as RFC 9293 names it (the kernel's TCP_ESTABLISHED ... numbering).
enum class TcpState {
    Closed,
    Listen,
    SynSent,
    SynReceived,
    Established,
    FinWait1,
    FinWait2,
    CloseWait,
    Closing,
    LastAck,
    TimeWait,
};

QString tcpStateName(TcpState state); // "FIN_WAIT_1", ...
std::optional<TcpState> tcpStateFromName(const QString &name);
// Linux's tcp_states.h numbering (TCP_ESTABLISHED = 1, ... TCP_CLOSING = 11).
std::optional<TcpState> tcpStateFromLinux(int linuxState);

// What getsockopt(TCP_INFO) says about one open socket.
struct TcpInfoSample
{
    TcpState state = TcpState::Closed;
    unsigned rttUs = 0;
    unsigned sndMss = 0;
    unsigned rcvMss = 0;
    unsigned unacked = 0; // for a listener: current accept-queue length
    unsigned sacked = 0; // for a listener: the backlog
    bool timestamps = false;
    bool sack = false;
    bool windowScale = false;
};

// Reads TCP_INFO from a socket descriptor; empty when the call fails (errno is kept).
std::optional<TcpInfoSample> readTcpInfo(int fd);

} // namespace tcplab
