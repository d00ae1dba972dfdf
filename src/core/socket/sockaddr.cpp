#include "socket/sockaddr.h"

#include <netinet/in.h>

#include <cstring>

namespace tcplab {

socklen_t toSockaddr(const QHostAddress &address, quint16 port, sockaddr_storage *out)
{
    std::memset(out, 0, sizeof(*out));
    if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        auto *in6 = reinterpret_cast<sockaddr_in6 *>(out);
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(port);
        const Q_IPV6ADDR bytes = address.toIPv6Address();
        std::memcpy(&in6->sin6_addr, &bytes, sizeof(bytes));
        in6->sin6_scope_id = address.scopeId().toUInt();
        return sizeof(sockaddr_in6);
    }
    auto *in4 = reinterpret_cast<sockaddr_in *>(out);
    in4->sin_family = AF_INET;
    in4->sin_port = htons(port);
    in4->sin_addr.s_addr = htonl(address.toIPv4Address());
    return sizeof(sockaddr_in);
}

void fromSockaddr(const sockaddr_storage &in, QHostAddress *address, quint16 *port)
{
    address->setAddress(reinterpret_cast<const sockaddr *>(&in));
    if (in.ss_family == AF_INET6)
        *port = ntohs(reinterpret_cast<const sockaddr_in6 *>(&in)->sin6_port);
    else if (in.ss_family == AF_INET)
        *port = ntohs(reinterpret_cast<const sockaddr_in *>(&in)->sin_port);
    else
        *port = 0;
}

QString endpointText(const QHostAddress &address, quint16 port)
{
    if (address.protocol() == QAbstractSocket::IPv6Protocol)
        return QStringLiteral("[%1]:%2").arg(address.toString()).arg(port);
    return QStringLiteral("%1:%2").arg(address.toString()).arg(port);
}

bool localEndpoint(int fd, QHostAddress *address, quint16 *port)
{
    sockaddr_storage storage {};
    socklen_t length = sizeof(storage);
    if (::getsockname(fd, reinterpret_cast<sockaddr *>(&storage), &length) != 0)
        return false;
    fromSockaddr(storage, address, port);
    return true;
}

bool peerEndpoint(int fd, QHostAddress *address, quint16 *port)
{
    sockaddr_storage storage {};
    socklen_t length = sizeof(storage);
    if (::getpeername(fd, reinterpret_cast<sockaddr *>(&storage), &length) != 0)
        return false;
    fromSockaddr(storage, address, port);
    return true;
}

bool parsePort(const QString &text, bool allowZero, quint16 *port)
{
    bool ok = false;
    const uint value = text.trimmed().toUInt(&ok);
    if (!ok || value > 65535 || (value == 0 && !allowZero))
        return false;
    *port = quint16(value);
    return true;
}

} // namespace tcplab
