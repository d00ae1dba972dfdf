#pragma once

#include "session/tcpstate.h"

#include <QString>

#include <optional>

namespace tcplab {

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
