#pragma once

// A loopback port where nothing listens, held for the life of the object: a socket bound to it
// but never listening reserves the number, so a connect() there is answered with RST
// (ECONNREFUSED) and no other test can start listening on it meanwhile.

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

class SilentPort
{
public:
    SilentPort()
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address {};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::bind(m_fd, reinterpret_cast<sockaddr *>(&address), sizeof(address)) == 0) {
            socklen_t length = sizeof(address);
            ::getsockname(m_fd, reinterpret_cast<sockaddr *>(&address), &length);
            m_port = ntohs(address.sin_port);
        }
    }
    ~SilentPort() { ::close(m_fd); }
    SilentPort(const SilentPort &) = delete;
    SilentPort &operator=(const SilentPort &) = delete;

    unsigned short port() const { return m_port; }

private:
    int m_fd = -1;
    unsigned short m_port = 0;
};
