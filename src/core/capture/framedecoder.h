#pragma once

#include "session/event.h"
#include "session/tcpoption.h"

#include <QByteArray>
#include <QHostAddress>
#include <QString>

namespace tcplab {

// Link-layer types as libpcap reports them (pcap_datalink) and as capture files store them.
namespace LinkType {
constexpr int Null = 0; // BSD loopback: 4-byte address family in the capturing host's order
constexpr int Ethernet = 1;
constexpr int Ppp = 9; // PPP, with or without the HDLC address and control bytes
constexpr int Raw = 12; // DLT_RAW on Linux (LINKTYPE_RAW = 101 in files)
constexpr int RawBsd = 14;
constexpr int PppHdlc = 50; // PPP in HDLC-like framing (DLT_PPP_SERIAL), or Cisco HDLC
constexpr int PppEther = 51; // PPPoE: the session header, then PPP
constexpr int RawFile = 101;
constexpr int CiscoHdlc = 104;
constexpr int Loop = 108; // OpenBSD loopback: address family in network order
constexpr int LinuxSll = 113;
constexpr int PppWithDir = 204; // one direction byte, then PPP
constexpr int Ipv4 = 228;
constexpr int Ipv6 = 229;
constexpr int IpOverIb = 242; // IP over InfiniBand: 40 bytes of addresses, EtherType, 2 reserved
constexpr int LinuxSll2 = 276;
} // namespace LinkType

// One TCP segment read from a captured frame: addresses, the TCP header and its options. When
// the frame held a tunnel (GRE, VXLAN, Geneve, IP in IP), all of it is the innermost packet's.
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
    TcpOptions options;
    bool optionsDamaged = false; // some option's length did not fit; the rest were not read
    // The IP header said length 0, as segmentation offload (TSO/GSO) leaves it on the sending
    // host: payloadLength counts the captured bytes instead, as Wireshark does (so a snap length
    // shorter than the frame makes it short too).
    bool lengthFromCapture = false;

    // The header's flag bits, as the session names them.
    static constexpr quint8 Fin = TcpFlag::Fin, Syn = TcpFlag::Syn, Rst = TcpFlag::Rst,
                            Psh = TcpFlag::Psh, Ack = TcpFlag::Ack, Urg = TcpFlag::Urg,
                            Ece = TcpFlag::Ece, Cwr = TcpFlag::Cwr;
};

// Decodes the TCP segment in one captured frame. Never reads past the captured bytes; a
// frame that is not TCP, is cut short or is malformed says so instead of crashing.
struct DecodeResult
{
    enum class Status { Tcp, NotTcp, Truncated, Malformed, UnknownLink };
    // Why a well-formed frame holds no TCP we can read, as data for the interface to explain in
    // the user's language; set with status NotTcp (UnknownLink for LinkType), else None.
    // `code` is the number that told, in the field where it stood.
    enum class Undecoded {
        None,
        LinkType, // code: the link type (DLT); status UnknownLink
        Encapsulation, // a tunnel or framing known but not opened (ESP, MPLS, L2TP, PPTP):
                       // code: its IP protocol, EtherType, PPP protocol or UDP port
        NetworkProtocol, // the link carries no IP (ARP, LLDP, LCP, LLC): code: the EtherType
                         // (an 802.3 length for LLC), PPP protocol or BSD address family
        TransportProtocol, // IP carries no TCP (UDP, ICMP, OSPF): code: the IP protocol
        Fragment, // a later IP fragment, whose TCP header was in the first: code: IP protocol
    };
    Status status = Status::NotTcp;
    TcpSegment segment;
    QString problem; // for anything but Tcp: what was wrong, in English for logs
    Undecoded undecoded = Undecoded::None;
    int code = 0;
    // The protocol's name, not a sentence: libpcap's description of a link type ("Linux
    // ARCNET"), "UDP", "ARP", "ESP", "MPLS", "IPv4" for a fragment. A number without a name
    // known here comes with its field: "EtherType 0x88b5", "IP protocol 253"; a link type
    // libpcap cannot name has none (its number is the code).
    QString what;
};

DecodeResult decodeFrame(int linkType, const QByteArray &frame);
// TCP options from the bytes after the fixed 20-byte header.
TcpOptions decodeTcpOptions(const uchar *data, int length, bool *damaged);

} // namespace tcplab
