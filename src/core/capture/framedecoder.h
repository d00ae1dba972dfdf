#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QString>
#include <QStringList>

namespace tcplab {

// Link-layer types as libpcap reports them (pcap_datalink) and as capture files store them.
namespace LinkType {
constexpr int Null = 0; // BSD loopback: 4-byte address family in the capturing host's order
constexpr int Ethernet = 1;
constexpr int Raw = 12; // DLT_RAW on Linux (LINKTYPE_RAW = 101 in files)
constexpr int RawBsd = 14;
constexpr int RawFile = 101;
constexpr int Loop = 108; // OpenBSD loopback: address family in network order
constexpr int LinuxSll = 113;
constexpr int Ipv4 = 228;
constexpr int Ipv6 = 229;
constexpr int LinuxSll2 = 276;
} // namespace LinkType

// One TCP segment read from a captured frame: addresses, the TCP header and its options.
struct TcpSegment
{
    QHostAddress source;
    QHostAddress destination;
    quint16 sourcePort = 0;
    quint16 destinationPort = 0;
    quint32 seq = 0;
    quint32 ack = 0;
    quint8 flags = 0; // TCP header flag bits (FIN 0x01 ... CWR 0x80)
    quint16 window = 0;
    qint64 payloadLength = 0;
    QStringList
        options; // tcpdump style: "mss 65495", "sackOK", "TS val 1 ecr 0", "nop", "wscale 7"
    bool optionsDamaged = false;

    static constexpr quint8 Fin = 0x01, Syn = 0x02, Rst = 0x04, Psh = 0x08, Ack = 0x10, Urg = 0x20,
                            Ece = 0x40, Cwr = 0x80;
};

// Flag bits as tcpdump's letters: "S", "S.", "P.", "FP.", "R." ...
QString flagLetters(quint8 flags);

// Decodes the TCP segment in one captured frame. Never reads past the captured bytes; a
// frame that is not TCP, is cut short or is malformed says so instead of crashing.
struct DecodeResult
{
    enum class Status { Tcp, NotTcp, Truncated, Malformed, UnknownLink };
    Status status = Status::NotTcp;
    TcpSegment segment;
    QString problem; // for Truncated / Malformed / UnknownLink: what was wrong
};

DecodeResult decodeFrame(int linkType, const QByteArray &frame);
// TCP options from the bytes after the fixed 20-byte header.
QStringList decodeTcpOptions(const uchar *data, int length, bool *damaged);

} // namespace tcplab
