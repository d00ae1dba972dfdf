#include "statestyle.h"

namespace tcplab {

StateStyle StateStyle::forState(std::optional<TcpState> state)
{
    const QColor light(Qt::white);
    const QColor dark(0x20, 0x20, 0x20);
    if (!state)
        return {QColor(0x9e, 0x9e, 0x9e), dark};
    switch (*state) {
    case TcpState::Listen:
    case TcpState::SynSent:
    case TcpState::SynReceived:
        return {QColor(0x1f, 0x5f, 0xbf), light};
    case TcpState::Established:
        return {QColor(0x2e, 0x7d, 0x32), light};
    case TcpState::FinWait1:
    case TcpState::FinWait2:
    case TcpState::Closing:
        return {QColor(0xef, 0xa0, 0x1b), dark};
    case TcpState::CloseWait:
    case TcpState::LastAck:
        return {QColor(0xc6, 0x28, 0x28), light};
    case TcpState::TimeWait:
        return {QColor(0x6a, 0x1b, 0x9a), light};
    case TcpState::Closed:
        break;
    }
    return {QColor(0x9e, 0x9e, 0x9e), dark};
}

} // namespace tcplab
