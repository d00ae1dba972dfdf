#pragma once

#include "capture/framedecoder.h"
#include "session/event.h"

namespace tcplab {

// A decoded TCP segment as a session event (before the session places and numbers it): live
// capture and capture files share this.
inline Event segmentEvent(const TcpSegment &s, qint64 tUs, Source source)
{
    Event e;
    e.kind = Event::Kind::Segment;
    e.tUs = tUs;
    e.source = source;
    e.flags = s.flags;
    e.seq = s.seq;
    e.ack = s.ack;
    e.len = s.payloadLength;
    e.win = s.window;
    e.options = s.options;
    e.lengthFromCapture = s.lengthFromCapture;
    e.from = {s.source, s.sourcePort};
    e.to = {s.destination, s.destinationPort};
    return e;
}

} // namespace tcplab
