#pragma once

#include "kernel/tcpinfo.h"

#include <QHostAddress>
#include <QString>

#include <optional>

namespace tcplab {

// What netlink sock_diag (the interface `ss -tan` uses) says about one TCP connection.
// It still answers after the application closed its descriptor: FIN_WAIT_2, LAST_ACK,
// CLOSING and TIME_WAIT live on in the kernel. Unprivileged.
struct SockDiagEntry
{
    TcpState state = TcpState::Closed;
    qint64 timerMs = -1; // time left on the connection's timer (TIME_WAIT: until it ends)
};

// The connection with this local and remote end; empty when the kernel has no such socket
// any more (or the query failed: then *error says why).
std::optional<SockDiagEntry> querySockDiag(const QHostAddress &local, quint16 localPort,
                                           const QHostAddress &remote, quint16 remotePort,
                                           QString *error = nullptr);

} // namespace tcplab
