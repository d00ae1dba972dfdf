#include "capture/segmentevents.h"

namespace tcplab {

Event SegmentEvents::make(const TcpSegment &s, bool fromClient, qint64 tUs, const QString &source)
{
    Direction &mine = fromClient ? m_client : m_server;
    const Direction &theirs = fromClient ? m_server : m_client;
    if (!mine.known || (s.flags & TcpSegment::Syn)) {
        mine.known = true;
        mine.isn = s.seq;
    }
    Event e;
    e.kind = Event::Kind::Segment;
    e.side = fromClient ? Side::Client : Side::Server;
    e.tUs = tUs;
    e.flags = flagLetters(s.flags);
    e.seq = s.seq;
    e.ack = s.ack;
    e.relSeq = s.seq - mine.isn;
    e.relAck = (s.flags & TcpSegment::Ack) && theirs.known ? s.ack - theirs.isn : 0;
    e.len = s.payloadLength;
    e.win = s.window;
    e.options = s.options;
    e.srcPort = s.sourcePort;
    e.dstPort = s.destinationPort;
    e.source = source;
    return e;
}

} // namespace tcplab
