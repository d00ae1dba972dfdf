#include "capture/framedecoder.h"

#include <pcap/pcap.h>

#include <QtEndian>

#include <algorithm>
#include <iterator>

namespace tcplab {

namespace {

using Status = DecodeResult::Status;
using Undecoded = DecodeResult::Undecoded;

constexpr quint16 kEtherIpv4 = 0x0800;
constexpr quint16 kEtherIpv6 = 0x86dd;
constexpr quint16 kEtherVlan = 0x8100;
constexpr quint16 kEtherQinQ = 0x88a8;
constexpr quint16 kEtherQinQOld = 0x9100; // before 802.1ad; some switches still send it
constexpr quint16 kEtherBridging = 0x6558; // transparent Ethernet bridging: a whole frame inside
constexpr quint16 kEtherPppoeSession = 0x8864;
constexpr quint16 kPppIpv4 = 0x0021;
constexpr quint16 kPppIpv6 = 0x0057;
constexpr int kProtoIpInIp = 4;
constexpr int kProtoTcp = 6;
constexpr int kProtoUdp = 17;
constexpr int kProtoIpv6InIp = 41;
constexpr int kProtoGre = 47;
constexpr quint16 kPortVxlan = 4789;
constexpr quint16 kPortVxlanLinux = 8472; // Linux's default before IANA's port; flannel's too
constexpr quint16 kPortGeneve = 6081;
// Tunnels in tunnels are legal; the bound keeps a crafted frame from recursing without end.
constexpr int kMaxTunnels = 4;

// Numbers that real captures hold and that we know but do not decode, so that the user is told
// "ARP" or "ESP" rather than a number.
struct Name
{
    int code;
    Undecoded kind;
    const char *name;
};

constexpr Name kEtherTypes[] = {
    {0x0806, Undecoded::NetworkProtocol, "ARP"},
    {0x22eb, Undecoded::Encapsulation, "ERSPAN"}, // type III
    {0x8035, Undecoded::NetworkProtocol, "RARP"},
    {0x8137, Undecoded::NetworkProtocol, "IPX"},
    {0x880b, Undecoded::Encapsulation, "PPP"},
    {0x8847, Undecoded::Encapsulation, "MPLS"},
    {0x8848, Undecoded::Encapsulation, "MPLS"},
    {0x8863, Undecoded::NetworkProtocol, "PPPoE discovery"},
    {0x888e, Undecoded::NetworkProtocol, "EAPOL"},
    {0x88be, Undecoded::Encapsulation, "ERSPAN"},
    {0x88cc, Undecoded::NetworkProtocol, "LLDP"},
    {0x88e5, Undecoded::Encapsulation, "MACsec"},
    {0x88e7, Undecoded::Encapsulation, "PBB"},
    {0x88f7, Undecoded::NetworkProtocol, "PTP"},
    {0x894f, Undecoded::Encapsulation, "NSH"},
};

constexpr Name kIpProtocols[] = {
    {1, Undecoded::TransportProtocol, "ICMP"},
    {2, Undecoded::TransportProtocol, "IGMP"},
    {17, Undecoded::TransportProtocol, "UDP"}, // on a port that is no tunnel's
    {33, Undecoded::TransportProtocol, "DCCP"},
    {50, Undecoded::Encapsulation, "ESP"},
    {51, Undecoded::Encapsulation, "AH"},
    {58, Undecoded::TransportProtocol, "ICMPv6"},
    {89, Undecoded::TransportProtocol, "OSPF"},
    {103, Undecoded::TransportProtocol, "PIM"},
    {112, Undecoded::TransportProtocol, "VRRP"},
    {115, Undecoded::Encapsulation, "L2TP"}, // L2TPv3 straight over IP
    {132, Undecoded::TransportProtocol, "SCTP"},
    {136, Undecoded::TransportProtocol, "UDP-Lite"},
    {137, Undecoded::Encapsulation, "MPLS"},
};

constexpr Name kPppProtocols[] = {
    {0x002b, Undecoded::NetworkProtocol, "IPX"},
    // TCP/IP, but with headers that only the stream before them can expand (RFC 1144).
    {0x002d, Undecoded::Encapsulation, "VJ compressed TCP/IP"},
    {0x002f, Undecoded::Encapsulation, "VJ uncompressed TCP/IP"},
    {0x003d, Undecoded::Encapsulation, "PPP multilink"},
    {0x00fd, Undecoded::Encapsulation, "PPP compressed datagram"},
    {0x0281, Undecoded::Encapsulation, "MPLS"},
    {0x8021, Undecoded::NetworkProtocol, "IPCP"},
    {0x8057, Undecoded::NetworkProtocol, "IPV6CP"},
    {0x80fd, Undecoded::NetworkProtocol, "CCP"},
    {0xc021, Undecoded::NetworkProtocol, "LCP"},
    {0xc023, Undecoded::NetworkProtocol, "PAP"},
    {0xc223, Undecoded::NetworkProtocol, "CHAP"},
};

constexpr Name kUdpPorts[] = {
    {1701, Undecoded::Encapsulation, "L2TP"},
    {2152, Undecoded::Encapsulation, "GTP-U"},
    {4790, Undecoded::Encapsulation, "VXLAN-GPE"},
    {6635, Undecoded::Encapsulation, "MPLS"},
};

quint16 be16(const uchar *p)
{
    return qFromBigEndian<quint16>(p);
}

quint32 be32(const uchar *p)
{
    return qFromBigEndian<quint32>(p);
}

QString hex16(int value)
{
    return QStringLiteral("0x%1").arg(value, 4, 16, QLatin1Char('0'));
}

DecodeResult fail(Status status, const QString &problem)
{
    DecodeResult r;
    r.status = status;
    r.problem = problem;
    return r;
}

DecodeResult truncated(const char *what)
{
    return fail(Status::Truncated, QLatin1String(what) + QLatin1String(" cut short"));
}

DecodeResult tooDeep()
{
    return fail(Status::Malformed,
                QStringLiteral("tunnels nested deeper than %1 levels").arg(kMaxTunnels));
}

DecodeResult stopAt(Undecoded why, int code, const QString &what, const QString &problem)
{
    DecodeResult r
        = fail(why == Undecoded::LinkType ? Status::UnknownLink : Status::NotTcp, problem);
    r.undecoded = why;
    r.code = code;
    r.what = what;
    return r;
}

template<std::size_t N> const Name *findName(const Name (&table)[N], int code)
{
    const Name *it = std::find_if(std::begin(table), std::end(table),
                                  [code](const Name &n) { return n.code == code; });
    return it == std::end(table) ? nullptr : it;
}

// A number we stop at: by its name when the table knows it, else by its field ("EtherType 0x1234").
template<std::size_t N>
DecodeResult stopAtNumber(const Name (&table)[N], int code, Undecoded otherwise,
                          const QString &field)
{
    const Name *n = findName(table, code);
    if (!n)
        return stopAt(otherwise, code, field, field);
    const QString name = QLatin1String(n->name);
    return stopAt(n->kind, code, name, field + QStringLiteral(" (") + name + QLatin1Char(')'));
}

DecodeResult decodeIpv4(const uchar *p, int available, int depth);
DecodeResult decodeIpv6(const uchar *p, int available, int depth);
DecodeResult decodeEthernet(const uchar *p, int available, int depth);

DecodeResult decodeTcp(const uchar *p, int available, qint64 tcpLength, DecodeResult r)
{
    if (available < 20)
        return fail(Status::Truncated,
                    QStringLiteral("TCP header cut short: %1 of 20 bytes captured").arg(available));
    const int headerLength = (p[12] >> 4) * 4;
    if (headerLength < 20)
        return fail(Status::Malformed,
                    QStringLiteral("TCP data offset %1 is below the minimum of 20 bytes")
                        .arg(headerLength));
    // A length taken from the capture is short only because the capture is.
    if (tcpLength < headerLength && !r.segment.lengthFromCapture)
        return fail(Status::Malformed,
                    QStringLiteral("TCP header (%1 bytes) is longer than the segment (%2 bytes)")
                        .arg(headerLength)
                        .arg(tcpLength));
    if (available < headerLength)
        return fail(Status::Truncated,
                    QStringLiteral("TCP options cut short: %1 of %2 header bytes captured")
                        .arg(available)
                        .arg(headerLength));
    TcpSegment &s = r.segment;
    s.sourcePort = be16(p);
    s.destinationPort = be16(p + 2);
    s.seq = be32(p + 4);
    s.ack = be32(p + 8);
    s.flags = p[13];
    s.window = be16(p + 14);
    s.payloadLength = tcpLength - headerLength;
    s.options = decodeTcpOptions(p + 20, headerLength - 20, &s.optionsDamaged);
    r.status = Status::Tcp;
    return r;
}

DecodeResult decodeByEtherType(quint16 type, const uchar *p, int available, int depth);

// What GRE and Geneve carry, named by an EtherType: an IP packet or a whole Ethernet frame.
DecodeResult decodeTunnelled(quint16 type, const uchar *p, int available, int depth)
{
    if (type == kEtherBridging)
        return decodeEthernet(p, available, depth);
    return decodeByEtherType(type, p, available, depth);
}

// GRE (RFC 2784, with RFC 2890's key and sequence number): optional words that the flags
// announce, then a packet named by its EtherType.
DecodeResult decodeGre(const uchar *p, int available, int depth)
{
    if (available < 4)
        return truncated("GRE header");
    const quint16 flags = be16(p);
    const quint16 type = be16(p + 2);
    const int version = flags & 0x0007;
    if (version == 1) // PPTP's enhanced GRE (RFC 2637): PPP, nearly always encrypted
        return stopAt(Undecoded::Encapsulation, type, QStringLiteral("PPTP"),
                      QStringLiteral("GRE version 1 (PPTP)"));
    if (version != 0)
        return fail(Status::Malformed, QStringLiteral("GRE version %1").arg(version));
    if (flags & 0x4000) // Linux drops these too
        return fail(Status::Malformed, QStringLiteral("GRE source routing (RFC 1701, obsolete)"));
    const int length = 4 + (flags & 0x8000 ? 4 : 0) + (flags & 0x2000 ? 4 : 0)
        + (flags & 0x1000 ? 4 : 0); // checksum, key, sequence number
    if (available < length)
        return truncated("GRE header");
    if (depth >= kMaxTunnels)
        return tooDeep();
    return decodeTunnelled(type, p + length, available - length, depth + 1);
}

// VXLAN (RFC 7348): flags and network identifier in 8 bytes, then an Ethernet frame.
DecodeResult decodeVxlan(const uchar *p, int available, int depth)
{
    if (available < 8)
        return truncated("VXLAN header");
    if (depth >= kMaxTunnels)
        return tooDeep();
    return decodeEthernet(p + 8, available - 8, depth + 1);
}

// Geneve (RFC 8926): 8 bytes with the length of the options after them, then a packet named by
// its EtherType.
DecodeResult decodeGeneve(const uchar *p, int available, int depth)
{
    if (available < 8)
        return truncated("Geneve header");
    if ((p[0] >> 6) != 0)
        return fail(Status::Malformed, QStringLiteral("Geneve version %1").arg(p[0] >> 6));
    const int length = 8 + (p[0] & 0x3f) * 4;
    if (available < length)
        return truncated("Geneve options");
    if (depth >= kMaxTunnels)
        return tooDeep();
    return decodeTunnelled(be16(p + 2), p + length, available - length, depth + 1);
}

// UDP matters here only as the carrier of tunnels, which its destination port names.
DecodeResult decodeUdp(const uchar *p, int available, int depth)
{
    if (available < 8)
        return truncated("UDP header");
    const quint16 sourcePort = be16(p);
    const quint16 destinationPort = be16(p + 2);
    const int length = be16(p + 4); // 0 for a jumbogram or an offloaded segment: capture decides
    const int size = (length >= 8 ? std::min(available, length) : available) - 8;
    if (destinationPort == kPortVxlan || destinationPort == kPortVxlanLinux)
        return decodeVxlan(p + 8, size, depth);
    if (destinationPort == kPortGeneve)
        return decodeGeneve(p + 8, size, depth);
    for (const quint16 port : {destinationPort, sourcePort}) {
        if (const Name *n = findName(kUdpPorts, port))
            return stopAt(n->kind, port, QLatin1String(n->name),
                          QStringLiteral("UDP port %1 (%2)").arg(port).arg(QLatin1String(n->name)));
    }
    return stopAtNumber(kIpProtocols, kProtoUdp, Undecoded::TransportProtocol,
                        QStringLiteral("IP protocol %1").arg(kProtoUdp));
}

// What an IPv4 or IPv6 header carries: `length` bytes by its own account, `available` captured.
DecodeResult decodeIpPayload(int protocol, const uchar *p, int available, qint64 length,
                             const DecodeResult &r, int depth)
{
    if (protocol == kProtoTcp)
        return decodeTcp(p, available, length, r);
    // A tunnelled packet ends where the outer one says, not where Ethernet padding does.
    const int inner = int(std::min<qint64>(available, length));
    switch (protocol) {
    case kProtoIpInIp:
    case kProtoIpv6InIp:
        if (depth >= kMaxTunnels)
            return tooDeep();
        return protocol == kProtoIpInIp ? decodeIpv4(p, inner, depth + 1)
                                        : decodeIpv6(p, inner, depth + 1);
    case kProtoGre:
        return decodeGre(p, inner, depth);
    case kProtoUdp:
        return decodeUdp(p, inner, depth);
    default:
        return stopAtNumber(kIpProtocols, protocol, Undecoded::TransportProtocol,
                            QStringLiteral("IP protocol %1").arg(protocol));
    }
}

DecodeResult decodeIpv4(const uchar *p, int available, int depth)
{
    if (available < 20)
        return fail(
            Status::Truncated,
            QStringLiteral("IPv4 header cut short: %1 of 20 bytes captured").arg(available));
    if ((p[0] >> 4) != 4)
        return fail(Status::Malformed,
                    QStringLiteral("IP version %1 where 4 was expected").arg(p[0] >> 4));
    const int headerLength = (p[0] & 0x0f) * 4;
    int totalLength = be16(p + 2);
    DecodeResult r;
    if (totalLength == 0) {
        // Segmentation offload: the host hands the card one large segment and leaves its length
        // for the card to fill in, but the capture sees it before. Wireshark reads it this way.
        totalLength = std::max(available, headerLength);
        r.segment.lengthFromCapture = true;
    }
    if (headerLength < 20 || totalLength < headerLength)
        return fail(Status::Malformed,
                    QStringLiteral("IPv4 lengths do not add up (header %1, total %2)")
                        .arg(headerLength)
                        .arg(totalLength));
    if (available < headerLength)
        return fail(Status::Truncated, QStringLiteral("IPv4 options cut short"));
    // A later fragment starts inside its payload, so nothing past the IP header can be read.
    if ((be16(p + 6) & 0x1fff) != 0)
        return stopAt(Undecoded::Fragment, p[9], QStringLiteral("IPv4"),
                      QStringLiteral("a later IPv4 fragment"));
    r.segment.source = QHostAddress(be32(p + 12));
    r.segment.destination = QHostAddress(be32(p + 16));
    return decodeIpPayload(p[9], p + headerLength, available - headerLength,
                           totalLength - headerLength, r, depth);
}

// RFC 2675: a jumbogram's IPv6 header says length 0 and a hop-by-hop option holds the real one.
qint64 jumboLength(const uchar *header, int length)
{
    for (int i = 2; i < length;) {
        if (header[i] == 0) { // Pad1 has no length byte
            ++i;
            continue;
        }
        if (i + 1 >= length || i + 2 + header[i + 1] > length)
            return 0;
        if (header[i] == 0xc2 && header[i + 1] == 4)
            return be32(header + i + 2);
        i += 2 + header[i + 1];
    }
    return 0;
}

DecodeResult decodeIpv6(const uchar *p, int available, int depth)
{
    if (available < 40)
        return fail(
            Status::Truncated,
            QStringLiteral("IPv6 header cut short: %1 of 40 bytes captured").arg(available));
    if ((p[0] >> 4) != 6)
        return fail(Status::Malformed,
                    QStringLiteral("IP version %1 where 6 was expected").arg(p[0] >> 4));
    qint64 remaining = be16(p + 4); // payload length: everything after the fixed header
    int next = p[6];
    DecodeResult r;
    if (remaining == 0) { // offload, as for IPv4, unless a jumbogram option says otherwise
        remaining = available - 40;
        r.segment.lengthFromCapture = true;
    }
    r.segment.source = QHostAddress(p + 8);
    r.segment.destination = QHostAddress(p + 24);
    int offset = 40;
    // Walk the extension headers that may stand before TCP.
    for (int hops = 0; next == 0 || next == 43 || next == 44 || next == 60; ++hops) {
        if (hops > 8)
            return fail(Status::Malformed, QStringLiteral("too many IPv6 extension headers"));
        int length = 0;
        if (next == 44) { // fragment
            if (available < offset + 8)
                return fail(Status::Truncated, QStringLiteral("IPv6 fragment header cut short"));
            if ((be16(p + offset + 2) & 0xfff8) != 0)
                return stopAt(Undecoded::Fragment, p[offset], QStringLiteral("IPv6"),
                              QStringLiteral("a later IPv6 fragment"));
            length = 8;
        } else { // hop-by-hop (0), routing (43), destination options (60)
            if (available < offset + 2)
                return fail(Status::Truncated, QStringLiteral("IPv6 extension header cut short"));
            length = (p[offset + 1] + 1) * 8;
        }
        if (available < offset + length)
            return fail(Status::Truncated, QStringLiteral("IPv6 extension header cut short"));
        if (next == 0 && offset == 40 && r.segment.lengthFromCapture) {
            if (const qint64 jumbo = jumboLength(p + offset, length); jumbo > 0) {
                remaining = jumbo;
                r.segment.lengthFromCapture = false;
            }
        }
        if (remaining < length)
            return fail(Status::Truncated, QStringLiteral("IPv6 extension header cut short"));
        next = p[offset];
        offset += length;
        remaining -= length;
    }
    return decodeIpPayload(next, p + offset, available - offset, remaining, r, depth);
}

// PPP (RFC 1661): the HDLC address and control bytes ff 03 stand first unless the ends agreed
// to leave them out (RFC 1662), and the protocol may be compressed to its low byte, the odd one.
DecodeResult decodePpp(const uchar *p, int available, int depth)
{
    int offset = available > 0 && p[0] == 0xff ? 2 : 0;
    if (available < offset + 1)
        return truncated("PPP header");
    int protocol = p[offset];
    if (protocol & 1) {
        offset += 1;
    } else {
        if (available < offset + 2)
            return truncated("PPP header");
        protocol = be16(p + offset);
        offset += 2;
    }
    switch (protocol) {
    case kPppIpv4:
        return decodeIpv4(p + offset, available - offset, depth);
    case kPppIpv6:
        return decodeIpv6(p + offset, available - offset, depth);
    default:
        return stopAtNumber(kPppProtocols, protocol, Undecoded::NetworkProtocol,
                            QStringLiteral("PPP protocol ") + hex16(protocol));
    }
}

// PPPoE (RFC 2516): version and type, code, session id and length, then PPP.
DecodeResult decodePppoe(const uchar *p, int available, int depth)
{
    if (available < 6)
        return truncated("PPPoE header");
    if (p[1] != 0) // PADI, PADO, ...: finding a session, not in one
        return stopAt(
            Undecoded::NetworkProtocol, 0x8863, QStringLiteral("PPPoE discovery"),
            QStringLiteral("PPPoE discovery (code 0x%1)").arg(p[1], 2, 16, QLatin1Char('0')));
    return decodePpp(p + 6, available - 6, depth);
}

// Cisco HDLC: address, control, then an EtherType.
DecodeResult decodeCiscoHdlc(const uchar *p, int available)
{
    if (available < 4)
        return truncated("Cisco HDLC header");
    return decodeByEtherType(be16(p + 2), p + 4, available - 4, 0);
}

DecodeResult decodeByEtherType(quint16 type, const uchar *p, int available, int depth)
{
    switch (type) {
    case kEtherIpv4:
        return decodeIpv4(p, available, depth);
    case kEtherIpv6:
        return decodeIpv6(p, available, depth);
    case kEtherPppoeSession:
        return decodePppoe(p, available, depth);
    default:
        return stopAtNumber(kEtherTypes, type, Undecoded::NetworkProtocol,
                            QStringLiteral("EtherType ") + hex16(type));
    }
}

DecodeResult decodeEthernet(const uchar *p, int available, int depth)
{
    if (available < 14)
        return truncated("Ethernet header");
    int offset = 12;
    quint16 type = be16(p + offset);
    while (type == kEtherVlan || type == kEtherQinQ || type == kEtherQinQOld) {
        offset += 4;
        if (available < offset + 2)
            return truncated("VLAN tag");
        type = be16(p + offset);
    }
    offset += 2;
    if (type <= 1500) // IEEE 802.3: a length, and an LLC header (spanning tree, ...) after it
        return stopAt(Undecoded::NetworkProtocol, type, QStringLiteral("LLC"),
                      QStringLiteral("802.3 length %1 (LLC)").arg(type));
    return decodeByEtherType(type, p + offset, available - offset, depth);
}

DecodeResult decodeByVersion(const uchar *p, int available)
{
    if (available < 1)
        return fail(Status::Truncated, QStringLiteral("empty frame"));
    switch (p[0] >> 4) {
    case 4:
        return decodeIpv4(p, available, 0);
    case 6:
        return decodeIpv6(p, available, 0);
    default:
        return fail(Status::Malformed, QStringLiteral("IP version %1").arg(p[0] >> 4));
    }
}

DecodeResult decodeAddressFamily(quint32 family, const uchar *p, int available)
{
    if (family == 2)
        return decodeIpv4(p, available, 0);
    // AF_INET6 differs between systems: Linux 10, NetBSD/OpenBSD 24, FreeBSD 28, macOS 30.
    if (family == 10 || family == 24 || family == 28 || family == 30)
        return decodeIpv6(p, available, 0);
    const QString field = QStringLiteral("address family %1").arg(family);
    return stopAt(Undecoded::NetworkProtocol, int(family), field, field);
}

// libpcap names the link types it knows, decoded here or not: the user learns which one it is.
DecodeResult unknownLink(int linkType)
{
    const char *name = pcap_datalink_val_to_name(linkType);
    const char *description = pcap_datalink_val_to_description(linkType);
    QString problem = QStringLiteral("link type %1 is not supported").arg(linkType);
    QString what; // libpcap has no name for it
    if (description)
        what = QString::fromUtf8(description);
    else if (name)
        what = QString::fromUtf8(name);
    if (name)
        problem += QStringLiteral(" (%1: %2)").arg(QString::fromUtf8(name), what);
    return stopAt(Undecoded::LinkType, linkType, what, problem);
}

} // namespace

TcpOptions decodeTcpOptions(const uchar *p, int length, bool *damaged)
{
    TcpOptions out;
    *damaged = false;
    // Length 0 when the length byte itself does not fit ("bad option kind 2"); the wire's length
    // when it fits the header but not the kind ("mss with 3 bytes").
    auto damage = [&](int kind, int size) {
        TcpOption o;
        o.kind = TcpOption::Kind::Damaged;
        o.code = kind;
        o.length = size;
        out.append(o);
        *damaged = true;
    };
    int i = 0;
    while (i < length) {
        const int kind = p[i];
        if (kind == 0) {
            TcpOption eol;
            eol.kind = TcpOption::Kind::Eol;
            eol.code = 0;
            out.append(eol);
            break;
        }
        if (kind == 1) {
            out.append(TcpOption::nop());
            ++i;
            continue;
        }
        if (i + 1 >= length || p[i + 1] < 2 || i + p[i + 1] > length) {
            damage(kind, 0);
            break;
        }
        const int size = p[i + 1];
        const uchar *v = p + i + 2;
        const int valueLength = size - 2;
        switch (kind) {
        case 2:
            if (valueLength == 2)
                out.append(TcpOption::mss(be16(v)));
            else
                damage(kind, size);
            break;
        case 3:
            if (valueLength == 1)
                out.append(TcpOption::windowScale(v[0]));
            else
                damage(kind, size);
            break;
        case 4: {
            // tcpdump prints sackOK whatever its length; keep the length that was there.
            TcpOption o = TcpOption::sackPermitted();
            o.length = size;
            out.append(o);
            break;
        }
        case 5: {
            if (valueLength % 8 != 0) {
                damage(kind, size);
                break;
            }
            TcpOption o;
            o.kind = TcpOption::Kind::Sack;
            o.code = kind;
            o.length = size;
            for (int b = 0; b < valueLength / 8; ++b)
                o.blocks.append({be32(v + b * 8), be32(v + b * 8 + 4)});
            out.append(o);
            break;
        }
        case 8:
            if (valueLength == 8)
                out.append(TcpOption::timestamp(be32(v), be32(v + 4)));
            else
                damage(kind, size);
            break;
        default: {
            TcpOption o;
            o.kind = TcpOption::Kind::Unknown;
            o.code = kind;
            o.length = size;
            out.append(o);
            break;
        }
        }
        i += size;
    }
    return out;
}

DecodeResult decodeFrame(int linkType, const QByteArray &frame)
{
    const auto *p = reinterpret_cast<const uchar *>(frame.constData());
    const int n = int(frame.size());
    switch (linkType) {
    case LinkType::Ethernet:
        return decodeEthernet(p, n, 0);
    case LinkType::LinuxSll:
        if (n < 16)
            return truncated("Linux cooked header");
        return decodeByEtherType(be16(p + 14), p + 16, n - 16, 0);
    case LinkType::LinuxSll2:
        if (n < 20)
            return truncated("Linux cooked v2 header");
        return decodeByEtherType(be16(p), p + 20, n - 20, 0);
    case LinkType::Raw:
    case LinkType::RawBsd:
    case LinkType::RawFile:
        return decodeByVersion(p, n);
    case LinkType::Ipv4:
        return decodeIpv4(p, n, 0);
    case LinkType::Ipv6:
        return decodeIpv6(p, n, 0);
    case LinkType::Null: {
        if (n < 4)
            return truncated("loopback header");
        // Written in the capturing host's byte order, which we do not know: try both.
        quint32 family = qFromLittleEndian<quint32>(p);
        if (family > 0xffff)
            family = qFromBigEndian<quint32>(p);
        return decodeAddressFamily(family, p + 4, n - 4);
    }
    case LinkType::Loop:
        if (n < 4)
            return truncated("loopback header");
        return decodeAddressFamily(be32(p), p + 4, n - 4);
    case LinkType::Ppp:
        return decodePpp(p, n, 0);
    case LinkType::PppHdlc:
        // libpcap files Cisco HDLC under this type as well; its address byte tells them apart.
        if (n > 0 && (p[0] == 0x0f || p[0] == 0x8f))
            return decodeCiscoHdlc(p, n);
        return decodePpp(p, n, 0);
    case LinkType::PppEther:
        return decodePppoe(p, n, 0);
    case LinkType::PppWithDir:
        if (n < 1)
            return truncated("PPP direction byte");
        return decodePpp(p + 1, n - 1, 0);
    case LinkType::CiscoHdlc:
        return decodeCiscoHdlc(p, n);
    case LinkType::IpOverIb:
        // RFC 4391's 4-byte header comes after 40 bytes of addresses (a GRH, or 20 zero bytes and
        // the destination's hardware address), as tcpdump and Wireshark read this type.
        if (n < 44)
            return truncated("IPoIB header");
        return decodeByEtherType(be16(p + 40), p + 44, n - 44, 0);
    default:
        return unknownLink(linkType);
    }
}

} // namespace tcplab
