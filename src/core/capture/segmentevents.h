#pragma once

#include "capture/framedecoder.h"
#include "session/event.h"

namespace tcplab {

// Turns the decoded segments of one connection into Segment events: absolute numbers as on
// the wire, relative ones counted from each side's initial sequence number (its SYN; a
// connection caught without its SYN counts from the first number seen). Live capture and
// capture files share it.
class SegmentEvents
{
public:
    Event make(const TcpSegment &segment, bool fromClient, qint64 tUs, const QString &source);

private:
    struct Direction
    {
        bool known = false;
        quint32 isn = 0;
    };
    Direction m_client;
    Direction m_server;
};

} // namespace tcplab
