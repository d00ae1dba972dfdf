#pragma once

// What the kernel readers (sock_diag, rtnetlink) share: a descriptor closed at the end of the
// scope, and one request sent to the kernel with its answer received.

#include <linux/netlink.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstddef>

namespace tcplab {

// Closes a descriptor when the scope ends, however it ends.
class FdCloser
{
public:
    explicit FdCloser(int fd)
        : m_fd(fd)
    {
    }
    ~FdCloser()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    FdCloser(const FdCloser &) = delete;
    FdCloser &operator=(const FdCloser &) = delete;

private:
    int m_fd;
};

// Sends request to the kernel on the netlink socket fd and receives its answer into buffer.
// The answer's length, or -1 with errno set.
inline ssize_t netlinkExchange(int fd, const void *request, std::size_t length, void *buffer,
                               std::size_t size)
{
    sockaddr_nl kernel {};
    kernel.nl_family = AF_NETLINK;
    if (::sendto(fd, request, length, 0, reinterpret_cast<sockaddr *>(&kernel), sizeof(kernel)) < 0)
        return -1;
    return ::recv(fd, buffer, size, 0);
}

} // namespace tcplab
