#include "capture/capturefile.h"

#include "session/inputfile.h"

#include "capture/capturedsegment.h"
#include "capture/framedecoder.h"
#include "session/connections.h"
#include "session/session.h"
#include "session/statetracker.h"
#include "socket/sockaddr.h"

#include <QFileInfo>

#include <pcap/pcap.h>

namespace tcplab {

QString CaptureConnection::summary() const
{
    QString opened = handshake ? CaptureFile::tr("handshake complete") : CaptureFile::tr("partial");
    QString ended = reset        ? QStringLiteral("RST")
        : clientFin && serverFin ? QStringLiteral("FIN/FIN")
        : clientFin || serverFin ? CaptureFile::tr("one FIN")
                                 : CaptureFile::tr("not closed");
    return CaptureFile::tr("%1 → %2, %n packet(s), %3 bytes, %4, %5", nullptr, packets)
        .arg(endpointText(client, clientPort), endpointText(server, serverPort))
        .arg(bytes)
        .arg(opened, ended);
}

bool CaptureFile::open(const QString &path, QString *error)
{
    m_path = path;
    m_frames.clear();
    m_connections.clear();
    m_unreadable.clear();
    m_stopped.clear();
    if (!QFileInfo::exists(path)) {
        *error = tr("%1 does not exist").arg(path);
        return false;
    }
    if (QFileInfo(path).size() == 0) {
        *error = tr("%1 is empty: a pcap or pcapng capture was expected").arg(path);
        return false;
    }
    char errorBuffer[PCAP_ERRBUF_SIZE] = {};
    pcap_t *handle = pcap_open_offline(QFile::encodeName(path).constData(), errorBuffer);
    if (!handle) {
        *error = tr("%1 is not a capture file libpcap can read (%2): a pcap or pcapng file was "
                    "expected")
                     .arg(path, QString::fromLocal8Bit(errorBuffer));
        return false;
    }
    const int linkType = pcap_datalink(handle);
    pcap_pkthdr *header = nullptr;
    const u_char *bytes = nullptr;
    int frameNumber = 0;
    for (;;) {
        const int r = pcap_next_ex(handle, &header, &bytes);
        if (r == PCAP_ERROR_BREAK || r == 0)
            break;
        if (r < 0) {
            m_stopped = tr("reading stopped after frame %1: %2")
                            .arg(frameNumber)
                            .arg(QString::fromLocal8Bit(pcap_geterr(handle)));
            break;
        }
        ++frameNumber;
        CapturedFrame frame;
        // A damaged pcapng timestamp can be any 64-bit number: keep the one before it rather
        // than overflow, and say how many there were.
        qint64 us = 0;
        if (__builtin_mul_overflow(qint64(header->ts.tv_sec), qint64(1000000), &us)
            || __builtin_add_overflow(us, qint64(header->ts.tv_usec), &us) || us < 0) {
            ++m_unreadable[tr("a timestamp out of range (a damaged file); the frame keeps the "
                              "time of the one before it")];
            us = m_frames.isEmpty() ? 0 : m_frames.constLast().realtimeUs;
        }
        frame.realtimeUs = us;
        frame.linkType = linkType;
        frame.data = QByteArray(reinterpret_cast<const char *>(bytes), int(header->caplen));
        frame.originalLength = header->len;
        m_frames.append(frame);
    }
    pcap_close(handle);

    // Which connection each frame belongs to, as the lab tells them apart live: a 4-tuple in
    // one incarnation (a new SYN on a reused 4-tuple starts another, as tshark splits streams).
    ConnectionTable table;
    m_frameConnection.clear();
    for (const CapturedFrame &frame : std::as_const(m_frames)) {
        const DecodeResult d = decodeFrame(frame.linkType, frame.data);
        if (d.status != DecodeResult::Status::Tcp) {
            m_frameConnection.append(0);
            const QString why = unreadableReason(d);
            if (!why.isEmpty())
                ++m_unreadable[why];
            continue;
        }
        const TcpSegment &s = d.segment;
        const auto placed = table.place({s.source, s.sourcePort},
                                        {s.destination, s.destinationPort}, s.flags, s.seq);
        m_frameConnection.append(placed.conn);
        while (m_connections.size() < placed.conn) {
            const Connection *known = table.find(int(m_connections.size()) + 1);
            CaptureConnection c;
            c.client = known->client.address;
            c.clientPort = known->client.port;
            c.server = known->server.address;
            c.serverPort = known->server.port;
            m_connections.append(c);
        }
        Event numbered = segmentEvent(s, 0, Source::File);
        numbered.conn = placed.conn;
        numbered.side = placed.from;
        table.number(numbered);
        CaptureConnection &c = m_connections[placed.conn - 1];
        const bool fromClient = placed.from == Side::Client;
        ++c.packets;
        c.bytes += s.payloadLength;
        if (s.flags & TcpSegment::Rst)
            c.reset = true;
        if (s.flags & TcpSegment::Fin)
            (fromClient ? c.clientFin : c.serverFin) = true;
        if (!fromClient && (s.flags & TcpSegment::Syn) && (s.flags & TcpSegment::Ack))
            c.handshake = true; // completed by the client's ACK, checked loosely: SYN/ACK seen
    }
    if (m_connections.isEmpty()) {
        // Say what the frames were, when the lab could not read them, rather than "no TCP".
        QString most;
        int count = 0;
        for (auto it = m_unreadable.cbegin(); it != m_unreadable.cend(); ++it) {
            if (it.value() > count) {
                most = it.key();
                count = it.value();
            }
        }
        if (!most.isEmpty())
            *error = tr("%1 holds no TCP connection that TCP Lab can read: %2 (%n frame(s)).",
                        nullptr, count)
                         .arg(path, most);
        else
            *error = m_stopped.isEmpty()
                ? tr("%1 holds no TCP connection").arg(path)
                : tr("%1 holds no TCP connection (%2)").arg(path, m_stopped);
        return false;
    }
    return true;
}

QString CaptureFile::unreadableReason(const DecodeResult &d)
{
    switch (d.undecoded) {
    case DecodeResult::Undecoded::LinkType:
        return d.what.isEmpty() ? tr("link type %1 is not supported").arg(d.code)
                                : tr("link type %1 (%2) is not supported").arg(d.code).arg(d.what);
    case DecodeResult::Undecoded::Encapsulation:
        return tr("%1-encapsulated traffic is not decoded").arg(d.what);
    case DecodeResult::Undecoded::NetworkProtocol:
    case DecodeResult::Undecoded::TransportProtocol:
    case DecodeResult::Undecoded::Fragment:
    case DecodeResult::Undecoded::None:
        break;
    }
    if (d.status == DecodeResult::Status::Truncated || d.status == DecodeResult::Status::Malformed)
        return tr("damaged frames (%1)").arg(d.problem);
    return {}; // other protocols: not TCP, nothing to read
}

QStringList CaptureFile::unreadable() const
{
    QStringList out;
    for (auto it = m_unreadable.cbegin(); it != m_unreadable.cend(); ++it)
        out.append(tr("%n frame(s) not read: %1", nullptr, it.value()).arg(it.key()));
    return out;
}

bool CaptureFile::load(int index, Session *session, QString *error) const
{
    if (index < 0 || index >= m_connections.size()) {
        *error = tr("there is no connection %1 in this file; it has %2")
                     .arg(index + 1)
                     .arg(m_connections.size());
        return false;
    }
    const CaptureConnection &c = m_connections.at(index);
    session->clear();
    session->setScenario(QFileInfo(m_path).fileName());
    session->setCapture(CaptureKind::File);
    qint64 first = -1;
    for (int i = 0; i < m_frames.size(); ++i) {
        if (m_frameConnection.at(i) != index + 1)
            continue;
        const CapturedFrame &frame = m_frames.at(i);
        const DecodeResult d = decodeFrame(frame.linkType, frame.data);
        if (first < 0)
            first = frame.realtimeUs;
        session->addSegment(segmentEvent(d.segment, frame.realtimeUs - first, Source::File),
                            c.serverPort);
    }
    StateTracker tracker(session);
    tracker.refresh();
    return true;
}

bool CaptureFile::writePcap(const QString &path, const QList<CapturedFrame> &frames, QString *error)
{
    if (frames.isEmpty()) {
        *error
            = tr("no frames were captured (a modelled session has none): nothing to save as pcap");
        return false;
    }
    if (!OutputFile::check(path, error))
        return false;
    pcap_t *dead = pcap_open_dead(frames.constFirst().linkType, 262144);
    pcap_dumper_t *dumper = pcap_dump_open(dead, QFile::encodeName(path).constData());
    if (!dumper) {
        *error = tr("cannot write %1: %2").arg(path, QString::fromLocal8Bit(pcap_geterr(dead)));
        pcap_close(dead);
        return false;
    }
    for (const CapturedFrame &f : frames) {
        if (f.linkType != frames.constFirst().linkType)
            continue; // one link type per pcap file
        pcap_pkthdr header {};
        header.ts.tv_sec = f.realtimeUs / 1000000;
        header.ts.tv_usec = f.realtimeUs % 1000000;
        header.caplen = bpf_u_int32(f.data.size());
        header.len = bpf_u_int32(f.originalLength);
        pcap_dump(reinterpret_cast<u_char *>(dumper), &header,
                  reinterpret_cast<const u_char *>(f.data.constData()));
    }
    pcap_dump_close(dumper);
    pcap_close(dead);
    return true;
}

} // namespace tcplab
