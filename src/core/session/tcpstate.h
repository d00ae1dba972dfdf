#pragma once

#include <QString>

#include <optional>

namespace tcplab {

// A TCP state as RFC 9293 names it.
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

QString tcpStateName(TcpState state); // "FIN_WAIT_1", ... (the session JSON's names)
std::optional<TcpState> tcpStateFromName(const QString &name);
// Linux's tcp_states.h numbering (TCP_ESTABLISHED = 1, ... TCP_CLOSING = 11).
std::optional<TcpState> tcpStateFromLinux(int linuxState);

} // namespace tcplab
