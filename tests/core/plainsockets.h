#pragma once

// Plain BSD sockets for tests that look at the kernel itself (sock_diag, TCP_INFO, the wire):
// no LabSocket or Qt socket in between, so what the kernel reports is about these calls alone.

#include <QHostAddress>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

namespace tcplab::test {

// One end of a connection as the kernel names it.
struct End
{
    QHostAddress address;
    quint16 port = 0;
};

inline End endOf(int fd, bool peer)
{
    sockaddr_storage storage {};
    socklen_t length = sizeof(storage);
    auto *address = reinterpret_cast<sockaddr *>(&storage);
    if ((peer ? ::getpeername(fd, address, &length) : ::getsockname(fd, address, &length)) != 0)
        return {};
    const quint16 port = storage.ss_family == AF_INET6
        ? ntohs(reinterpret_cast<sockaddr_in6 *>(&storage)->sin6_port)
        : ntohs(reinterpret_cast<sockaddr_in *>(&storage)->sin_port);
    return {QHostAddress(address), port};
}

// A descriptor closed when the test leaves, however it leaves.
class Fd
{
public:
    explicit Fd(int fd = -1)
        : m_fd(fd)
    {
    }
    ~Fd() { close(); }
    Fd(const Fd &) = delete;
    Fd &operator=(const Fd &) = delete;
    int get() const { return m_fd; }
    bool isValid() const { return m_fd >= 0; }
    void reset(int fd)
    {
        close();
        m_fd = fd;
    }
    void close()
    {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = -1;
    }

private:
    int m_fd = -1;
};

inline socklen_t toSockaddr(const QHostAddress &address, quint16 port, sockaddr_storage *storage)
{
    *storage = {};
    if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        auto *in6 = reinterpret_cast<sockaddr_in6 *>(storage);
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(port);
        const Q_IPV6ADDR bytes = address.toIPv6Address();
        std::memcpy(&in6->sin6_addr, &bytes, 16);
        return sizeof(sockaddr_in6);
    }
    auto *in = reinterpret_cast<sockaddr_in *>(storage);
    in->sin_family = AF_INET;
    in->sin_port = htons(port);
    in->sin_addr.s_addr = htonl(address.toIPv4Address());
    return sizeof(sockaddr_in);
}

inline int familyOf(const QHostAddress &address)
{
    return address.protocol() == QAbstractSocket::IPv6Protocol ? AF_INET6 : AF_INET;
}

// A TCP socket of host's family; mss > 0 sets TCP_MAXSEG, which must come before the SYN.
inline int tcpSocket(const QHostAddress &host, int mss = 0)
{
    const int fd = ::socket(familyOf(host), SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd >= 0 && mss > 0)
        ::setsockopt(fd, IPPROTO_TCP, TCP_MAXSEG, &mss, sizeof(mss));
    return fd;
}

// Listens on host, port 0. v6only = false makes "::" take IPv4 connections too.
inline int listenOn(const QHostAddress &host, int backlog = 5, bool v6only = true, int mss = 0)
{
    const int fd = tcpSocket(host, mss);
    if (fd < 0)
        return -1;
    if (familyOf(host) == AF_INET6) {
        const int only = v6only ? 1 : 0;
        ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &only, sizeof(only));
    }
    sockaddr_storage storage;
    const socklen_t length = toSockaddr(host, 0, &storage);
    if (::bind(fd, reinterpret_cast<sockaddr *>(&storage), length) != 0
        || ::listen(fd, backlog) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// A blocking connect on an existing socket: on loopback the handshake is over when it returns.
inline bool connectSocket(int fd, const QHostAddress &host, quint16 port)
{
    sockaddr_storage storage;
    const socklen_t length = toSockaddr(host, port, &storage);
    return ::connect(fd, reinterpret_cast<sockaddr *>(&storage), length) == 0;
}

inline int connectTo(const QHostAddress &host, quint16 port)
{
    const int fd = tcpSocket(host);
    if (fd >= 0 && !connectSocket(fd, host, port)) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// A connection on loopback made with plain calls: listen(), a blocking connect(), accept().
// ok() is false when a call failed.
struct Connected
{
    explicit Connected(const QHostAddress &host, int backlog = 5)
        : listener(listenOn(host, backlog))
    {
        if (!listener.isValid())
            return;
        client.reset(connectTo(host, endOf(listener.get(), false).port));
        if (!client.isValid())
            return;
        server.reset(::accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC));
        clientEnd = endOf(client.get(), false);
        serverEnd = endOf(server.get(), false);
    }
    bool ok() const { return server.isValid(); }

    Fd listener;
    Fd client;
    Fd server;
    End clientEnd;
    End serverEnd;
};

// Two connections on one 4-tuple, as a capture file can hold them: the client binds the same
// port twice (SO_REUSEADDR). The first ends in the client's RST (SO_LINGER 0), so that no
// TIME_WAIT holds the 4-tuple; in the second the client sends "hello", and the server reads
// it and closes first. listener listens on host. Returns the client's port, or 0 when a call
// failed.
inline quint16 reuseFourTuple(int listener, const QHostAddress &host)
{
    const int one = 1;
    const quint16 serverPort = endOf(listener, false).port;
    quint16 clientPort = 0;
    for (int round = 0; round < 2; ++round) {
        Fd client(tcpSocket(host));
        if (!client.isValid())
            return 0;
        ::setsockopt(client.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        sockaddr_storage storage;
        const socklen_t length = toSockaddr(host, clientPort, &storage);
        if (::bind(client.get(), reinterpret_cast<sockaddr *>(&storage), length) != 0)
            return 0;
        clientPort = endOf(client.get(), false).port;
        if (!connectSocket(client.get(), host, serverPort))
            return 0;
        Fd server(::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC));
        if (!server.isValid())
            return 0;
        char buffer[16];
        if (round == 0) {
            const linger abort {1, 0};
            ::setsockopt(client.get(), SOL_SOCKET, SO_LINGER, &abort, sizeof(abort));
            client.close();
            if (::read(server.get(), buffer, sizeof(buffer)) >= 0) // ECONNRESET
                return 0;
        } else {
            if (::write(client.get(), "hello", 5) != 5
                || ::read(server.get(), buffer, sizeof(buffer)) != 5)
                return 0;
            server.close();
            if (::read(client.get(), buffer, sizeof(buffer)) != 0) // the server's FIN
                return 0;
        }
    }
    return clientPort;
}

} // namespace tcplab::test
