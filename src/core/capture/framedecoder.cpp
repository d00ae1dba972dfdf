#include "capture/framedecoder.h"

#include <QtEndian>

namespace tcplab {

namespace {

constexpr quint16 kEtherIpv4 = 0x0800;
constexpr quint16 kEtherIpv6 = 0x86dd;
constexpr quint16 kEtherVlan = 0x8100;
constexpr quint16 kEtherQinQ = 0x88a8;
constexpr int kProtoTcp = 6;

quint16 be16(const uchar *p)
{
    return qFromBigEndian<quint16>(p);
}

quint32 be32(const uchar *p)
{
    return qFromBigEndian<quint32>(p);
}

DecodeResult fail(DecodeResult::Status status, const QString &problem)
{
    DecodeResult r;
    r.status = status;
    r.problem = problem;
    return r;
}

DecodeResult decodeTcp(const uchar *p, int available, qint64 tcpLength, DecodeResult r)
{
    if (available < 20)
        return fail(DecodeResult::Status::Truncated,
                    QStringLiteral("TCP header cut short: %1 of 20 bytes captured").arg(available));
    const int headerLength = (p[12] >> 4) * 4;
    if (headerLength < 20)
        return fail(DecodeResult::Status::Malformed,
                    QStringLiteral("TCP data offset %1 is below the minimum of 20 bytes")
                        .arg(headerLength));
    if (tcpLength < headerLength)
        return fail(DecodeResult::Status::Malformed,
                    QStringLiteral("TCP header (%1 bytes) is longer than the segment (%2 bytes)")
                        .arg(headerLength)
                        .arg(tcpLength));
    if (available < headerLength)
        return fail(DecodeResult::Status::Truncated,
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
    r.status = DecodeResult::Status::Tcp;
    return r;
}

DecodeResult decodeIpv4(const uchar *p, int available)
{
    if (available < 20)
        return fail(
            DecodeResult::Status::Truncated,
            QStringLiteral("IPv4 header cut short: %1 of 20 bytes captured").arg(available));
    if ((p[0] >> 4) != 4)
        return fail(DecodeResult::Status::Malformed,
                    QStringLiteral("IP version %1 where 4 was expected").arg(p[0] >> 4));
    const int headerLength = (p[0] & 0x0f) * 4;
    const int totalLength = be16(p + 2);
    if (headerLength < 20 || totalLength < headerLength)
        return fail(DecodeResult::Status::Malformed,
                    QStringLiteral("IPv4 lengths do not add up (header %1, total %2)")
                        .arg(headerLength)
                        .arg(totalLength));
    if (available < headerLength)
        return fail(DecodeResult::Status::Truncated, QStringLiteral("IPv4 options cut short"));
    if (p[9] != kProtoTcp)
        return fail(DecodeResult::Status::NotTcp, QStringLiteral("IP protocol %1").arg(p[9]));
    if ((be16(p + 6) & 0x1fff) != 0)
        return fail(DecodeResult::Status::NotTcp, QStringLiteral("a later IPv4 fragment"));
    DecodeResult r;
    r.segment.source = QHostAddress(be32(p + 12));
    r.segment.destination = QHostAddress(be32(p + 16));
    return decodeTcp(p + headerLength, available - headerLength, totalLength - headerLength, r);
}

DecodeResult decodeIpv6(const uchar *p, int available)
{
    if (available < 40)
        return fail(
            DecodeResult::Status::Truncated,
            QStringLiteral("IPv6 header cut short: %1 of 40 bytes captured").arg(available));
    if ((p[0] >> 4) != 6)
        return fail(DecodeResult::Status::Malformed,
                    QStringLiteral("IP version %1 where 6 was expected").arg(p[0] >> 4));
    qint64 remaining = be16(p + 4); // payload length: everything after the fixed header
    int next = p[6];
    DecodeResult r;
    r.segment.source = QHostAddress(p + 8);
    r.segment.destination = QHostAddress(p + 24);
    int offset = 40;
    // Walk the extension headers that may stand before TCP.
    for (int hops = 0; next != kProtoTcp; ++hops) {
        if (hops > 8)
            return fail(DecodeResult::Status::Malformed,
                        QStringLiteral("too many IPv6 extension headers"));
        int length = 0;
        switch (next) {
        case 0: // hop-by-hop
        case 43: // routing
        case 60: // destination options
            if (available < offset + 2)
                return fail(DecodeResult::Status::Truncated,
                            QStringLiteral("IPv6 extension header cut short"));
            length = (p[offset + 1] + 1) * 8;
            break;
        case 44: // fragment
            if (available < offset + 8)
                return fail(DecodeResult::Status::Truncated,
                            QStringLiteral("IPv6 fragment header cut short"));
            if ((be16(p + offset + 2) & 0xfff8) != 0)
                return fail(DecodeResult::Status::NotTcp, QStringLiteral("a later IPv6 fragment"));
            length = 8;
            break;
        default:
            return fail(DecodeResult::Status::NotTcp,
                        QStringLiteral("IPv6 next header %1").arg(next));
        }
        if (available < offset + length || remaining < length)
            return fail(DecodeResult::Status::Truncated,
                        QStringLiteral("IPv6 extension header cut short"));
        next = p[offset];
        offset += length;
        remaining -= length;
    }
    return decodeTcp(p + offset, available - offset, remaining, r);
}

DecodeResult decodeByEtherType(quint16 type, const uchar *p, int available)
{
    switch (type) {
    case kEtherIpv4:
        return decodeIpv4(p, available);
    case kEtherIpv6:
        return decodeIpv6(p, available);
    default:
        return fail(DecodeResult::Status::NotTcp,
                    QStringLiteral("EtherType 0x%1").arg(type, 4, 16, QLatin1Char('0')));
    }
}

DecodeResult decodeByVersion(const uchar *p, int available)
{
    if (available < 1)
        return fail(DecodeResult::Status::Truncated, QStringLiteral("empty frame"));
    switch (p[0] >> 4) {
    case 4:
        return decodeIpv4(p, available);
    case 6:
        return decodeIpv6(p, available);
    default:
        return fail(DecodeResult::Status::Malformed,
                    QStringLiteral("IP version %1").arg(p[0] >> 4));
    }
}

DecodeResult decodeAddressFamily(quint32 family, const uchar *p, int available)
{
    if (family == 2)
        return decodeIpv4(p, available);
    // AF_INET6 differs between systems: Linux 10, NetBSD/OpenBSD 24, FreeBSD 28, macOS 30.
    if (family == 10 || family == 24 || family == 28 || family == 30)
        return decodeIpv6(p, available);
    return fail(DecodeResult::Status::NotTcp, QStringLiteral("address family %1").arg(family));
}

} // namespace

QString flagLetters(quint8 flags)
{
    QString out;
    if (flags & TcpSegment::Syn)
        out += QLatin1Char('S');
    if (flags & TcpSegment::Fin)
        out += QLatin1Char('F');
    if (flags & TcpSegment::Psh)
        out += QLatin1Char('P');
    if (flags & TcpSegment::Rst)
        out += QLatin1Char('R');
    if (flags & TcpSegment::Urg)
        out += QLatin1Char('U');
    if (flags & TcpSegment::Ece)
        out += QLatin1Char('E');
    if (flags & TcpSegment::Cwr)
        out += QLatin1Char('W');
    if (flags & TcpSegment::Ack)
        out += QLatin1Char('.');
    if (out.isEmpty())
        out = QStringLiteral("none");
    return out;
}

QStringList decodeTcpOptions(const uchar *p, int length, bool *damaged)
{
    QStringList out;
    *damaged = false;
    int i = 0;
    while (i < length) {
        const int kind = p[i];
        if (kind == 0) {
            out.append(QStringLiteral("eol"));
            break;
        }
        if (kind == 1) {
            out.append(QStringLiteral("nop"));
            ++i;
            continue;
        }
        if (i + 1 >= length || p[i + 1] < 2 || i + p[i + 1] > length) {
            out.append(QStringLiteral("bad option kind %1").arg(kind));
            *damaged = true;
            break;
        }
        const int size = p[i + 1];
        const uchar *v = p + i + 2;
        const int valueLength = size - 2;
        auto wrongSize = [&](const char *name) {
            *damaged = true;
            out.append(QStringLiteral("%1 with %2 bytes").arg(QLatin1String(name)).arg(size));
        };
        switch (kind) {
        case 2:
            if (valueLength == 2)
                out.append(QStringLiteral("mss %1").arg(be16(v)));
            else
                wrongSize("mss");
            break;
        case 3:
            if (valueLength == 1)
                out.append(QStringLiteral("wscale %1").arg(v[0]));
            else
                wrongSize("wscale");
            break;
        case 4:
            out.append(QStringLiteral("sackOK"));
            break;
        case 5: {
            if (valueLength % 8 != 0) {
                wrongSize("sack");
                break;
            }
            QString blocks;
            for (int b = 0; b < valueLength / 8; ++b)
                blocks += QStringLiteral("{%1:%2}").arg(be32(v + b * 8)).arg(be32(v + b * 8 + 4));
            out.append(QStringLiteral("sack %1 %2").arg(valueLength / 8).arg(blocks));
            break;
        }
        case 8:
            if (valueLength == 8)
                out.append(QStringLiteral("TS val %1 ecr %2").arg(be32(v)).arg(be32(v + 4)));
            else
                wrongSize("TS");
            break;
        default:
            out.append(QStringLiteral("kind %1, %2 bytes").arg(kind).arg(size));
            break;
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
    case LinkType::Ethernet: {
        if (n < 14)
            return fail(DecodeResult::Status::Truncated,
                        QStringLiteral("Ethernet header cut short"));
        int offset = 12;
        quint16 type = be16(p + offset);
        while (type == kEtherVlan || type == kEtherQinQ) {
            offset += 4;
            if (n < offset + 2)
                return fail(DecodeResult::Status::Truncated, QStringLiteral("VLAN tag cut short"));
            type = be16(p + offset);
        }
        offset += 2;
        return decodeByEtherType(type, p + offset, n - offset);
    }
    case LinkType::LinuxSll:
        if (n < 16)
            return fail(DecodeResult::Status::Truncated,
                        QStringLiteral("Linux cooked header cut short"));
        return decodeByEtherType(be16(p + 14), p + 16, n - 16);
    case LinkType::LinuxSll2:
        if (n < 20)
            return fail(DecodeResult::Status::Truncated,
                        QStringLiteral("Linux cooked v2 header cut short"));
        return decodeByEtherType(be16(p), p + 20, n - 20);
    case LinkType::Raw:
    case LinkType::RawBsd:
    case LinkType::RawFile:
        return decodeByVersion(p, n);
    case LinkType::Ipv4:
        return decodeIpv4(p, n);
    case LinkType::Ipv6:
        return decodeIpv6(p, n);
    case LinkType::Null: {
        if (n < 4)
            return fail(DecodeResult::Status::Truncated,
                        QStringLiteral("loopback header cut short"));
        // Written in the capturing host's byte order, which we do not know: try both.
        quint32 family = qFromLittleEndian<quint32>(p);
        if (family > 0xffff)
            family = qFromBigEndian<quint32>(p);
        return decodeAddressFamily(family, p + 4, n - 4);
    }
    case LinkType::Loop:
        if (n < 4)
            return fail(DecodeResult::Status::Truncated,
                        QStringLiteral("loopback header cut short"));
        return decodeAddressFamily(be32(p), p + 4, n - 4);
    default:
        return fail(DecodeResult::Status::UnknownLink,
                    QStringLiteral("link type %1 is not supported").arg(linkType));
    }
}

} // namespace tcplab
