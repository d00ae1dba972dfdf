#pragma once

#include <QHostAddress>
#include <QString>

#include <sys/socket.h>

namespace tcplab {

// Conversions between Qt's addresses and the sockaddr structures the system calls take.
socklen_t toSockaddr(const QHostAddress &address, quint16 port, sockaddr_storage *out);
void fromSockaddr(const sockaddr_storage &in, QHostAddress *address, quint16 *port);
// "127.0.0.1:45001", "[::1]:45001"
QString endpointText(const QHostAddress &address, quint16 port);
// Local and peer address of a socket descriptor (getsockname/getpeername).
bool localEndpoint(int fd, QHostAddress *address, quint16 *port);
bool peerEndpoint(int fd, QHostAddress *address, quint16 *port);
// Parses a port typed by a person: 1-65535 (and 0 when allowZero, "any free port").
bool parsePort(const QString &text, bool allowZero, quint16 *port);

} // namespace tcplab
