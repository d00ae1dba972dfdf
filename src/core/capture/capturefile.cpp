#include "capture/capturefile.h"

#include "capture/framedecoder.h"
#include "capture/segmentevents.h"
#include "session/session.h"
#include "session/stateinference.h"
#include "socket/sockaddr.h"

#include <QFileInfo>

#include <pcap/pcap.h>

namespace tcplab {

namespace {
bool sameEnds(const CaptureConnection &c, const TcpSegment &s)
{
    return (c.client == s.source && c.clientPort == s.sourcePort && c.server == s.destination
            && c.serverPort == s.destinationPort)
        || (c.client == s.destination && c.clientPort == s.destinationPort && c.server == s.source
            && c.serverPort == s.sourcePort);
}
} // namespace

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
        frame.realtimeUs = qint64(header->ts.tv_sec) * 1000000 + header->ts.tv_usec;
        frame.linkType = linkType;
        frame.data = QByteArray(reinterpret_cast<const char *>(bytes), int(header->caplen));
        frame.originalLength = header->len;
        m_frames.append(frame);
    }
    pcap_close(handle);

    for (const CapturedFrame &frame : std::as_const(m_frames)) {
        const DecodeResult d = decodeFrame(frame.linkType, frame.data);
        if (d.status != DecodeResult::Status::Tcp)
            continue;
        const TcpSegment &s = d.segment;
        auto it = std::find_if(m_connections.begin(), m_connections.end(),
                               [&s](const CaptureConnection &c) { return sameEnds(c, s); });
        if (it == m_connections.end()) {
            CaptureConnection c;
            // The first SYN names the client; without one, the first sender.
            const bool synAck = (s.flags & TcpSegment::Syn) && (s.flags & TcpSegment::Ack);
            c.client = synAck ? s.destination : s.source;
            c.clientPort = synAck ? s.destinationPort : s.sourcePort;
            c.server = synAck ? s.source : s.destination;
            c.serverPort = synAck ? s.sourcePort : s.destinationPort;
            m_connections.append(c);
            it = m_connections.end() - 1;
        }
        CaptureConnection &c = *it;
        const bool fromClient = s.source == c.client && s.sourcePort == c.clientPort;
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
        *error = m_stopped.isEmpty() ? tr("%1 holds no TCP connection").arg(path)
                                     : tr("%1 holds no TCP connection (%2)").arg(path, m_stopped);
        return false;
    }
    return true;
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
    session->setCapture(QStringLiteral("file"));
    session->setClient({c.client, c.clientPort});
    session->setServer({c.server, c.serverPort});
    qint64 first = -1;
    SegmentEvents numbering;
    for (const CapturedFrame &frame : m_frames) {
        const DecodeResult d = decodeFrame(frame.linkType, frame.data);
        if (d.status != DecodeResult::Status::Tcp || !sameEnds(c, d.segment))
            continue;
        const TcpSegment &s = d.segment;
        if (first < 0)
            first = frame.realtimeUs;
        const bool fromClient = s.source == c.client && s.sourcePort == c.clientPort;
        session->insert(
            numbering.make(s, fromClient, frame.realtimeUs - first, QStringLiteral("file")));
    }
    StateInference inference(session);
    inference.refresh();
    return true;
}

bool CaptureFile::writePcap(const QString &path, const QList<CapturedFrame> &frames, QString *error)
{
    if (frames.isEmpty()) {
        *error
            = tr("no frames were captured (a modelled session has none): nothing to save as pcap");
        return false;
    }
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
