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
    // The owner and the socket's inode (the number /proc/PID/fd/N links to as socket:[N]).
    // A connection the kernel keeps as a TIME_WAIT remnant (TIME_WAIT, and an orphaned
    // FIN_WAIT_2) or as a request (SYN_RECEIVED) has no file any more: both read 0 then.
    quint32 uid = 0;
    quint32 inode = 0;
    // Bytes received but not read yet, and bytes sent but not acknowledged (or not sent yet).
    // For a listener: connections waiting in the accept queue, and the accept queue's limit.
    quint32 receiveQueue = 0;
    quint32 sendQueue = 0;
};

// The connection with exactly this local and remote end, asked of the kernel by its 4-tuple
// (no dump of every socket: one answer, microseconds). Empty when the kernel has no such
// socket (any more); then *error stays as it was. Empty too when the query failed: then
// *error says why. A listener is found with an unspecified remote address (Any, AnyIPv4 or AnyIPv6)
// and port 0. netlinkFd: a NETLINK_SOCK_DIAG socket to ask through (one made in another network
// namespace sees that namespace's sockets); -1: a new one of this process's namespace. IPv4 ends
// also find a dual-stack IPv6 socket that carries them as ::ffff:a.b.c.d.
std::optional<SockDiagEntry> querySockDiag(const QHostAddress &local, quint16 localPort,
                                           const QHostAddress &remote, quint16 remotePort,
                                           QString *error = nullptr, int netlinkFd = -1);

} // namespace tcplab
