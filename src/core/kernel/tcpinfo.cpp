#include "kernel/tcpinfo.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

namespace tcplab {

namespace {
struct StateName
{
    TcpState state;
    const char *name;
};
constexpr StateName kStateNames[] = {
    {TcpState::Closed, "CLOSED"},           {TcpState::Listen, "LISTEN"},
    {TcpState::SynSent, "SYN_SENT"},        {TcpState::SynReceived, "SYN_RECEIVED"},
    {TcpState::Established, "ESTABLISHED"}, {TcpState::FinWait1, "FIN_WAIT_1"},
    {TcpState::FinWait2, "FIN_WAIT_2"},     {TcpState::CloseWait, "CLOSE_WAIT"},
    {TcpState::Closing, "CLOSING"},         {TcpState::LastAck, "LAST_ACK"},
    {TcpState::TimeWait, "TIME_WAIT"},
};
} // namespace

QString tcpStateName(TcpState state)
{
    for (const StateName &s : kStateNames) {
        if (s.state == state)
            return QString::fromLatin1(s.name);
    }
    return {};
}

std::optional<TcpState> tcpStateFromName(const QString &name)
{
    for (const StateName &s : kStateNames) {
        if (name == QLatin1String(s.name))
            return s.state;
    }
    return std::nullopt;
}

std::optional<TcpState> tcpStateFromLinux(int linuxState)
{
    // include/net/tcp_states.h
    switch (linuxState) {
    case 1:
        return TcpState::Established;
    case 2:
        return TcpState::SynSent;
    case 3:
        return TcpState::SynReceived;
    case 4:
        return TcpState::FinWait1;
    case 5:
        return TcpState::FinWait2;
    case 6:
        return TcpState::TimeWait;
    case 7:
        return TcpState::Closed;
    case 8:
        return TcpState::CloseWait;
    case 9:
        return TcpState::LastAck;
    case 10:
        return TcpState::Listen;
    case 11:
        return TcpState::Closing;
    case 12: // TCP_NEW_SYN_RECV: a request socket, shown as SYN_RECEIVED
        return TcpState::SynReceived;
    default:
        return std::nullopt;
    }
}

std::optional<TcpInfoSample> readTcpInfo(int fd)
{
    if (fd < 0)
        return std::nullopt;
    tcp_info info {};
    socklen_t length = sizeof(info);
    if (::getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &length) != 0)
        return std::nullopt;
    const auto state = tcpStateFromLinux(info.tcpi_state);
    if (!state)
        return std::nullopt;
    TcpInfoSample sample;
    sample.state = *state;
    sample.rttUs = info.tcpi_rtt;
    sample.sndMss = info.tcpi_snd_mss;
    sample.rcvMss = info.tcpi_rcv_mss;
    sample.unacked = info.tcpi_unacked;
    sample.sacked = info.tcpi_sacked;
    sample.timestamps = info.tcpi_options & TCPI_OPT_TIMESTAMPS;
    sample.sack = info.tcpi_options & TCPI_OPT_SACK;
    sample.windowScale = info.tcpi_options & TCPI_OPT_WSCALE;
    return sample;
}

} // namespace tcplab
