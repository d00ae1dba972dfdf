#pragma once

// Hand-made frames for decoder and capture-file tests: a TCP header with options, IPv4 and
// IPv6 around it, Ethernet, PPP or a tunnel (GRE, VXLAN, Geneve) around that.

#include <QByteArray>
#include <QtEndian>

namespace framebuilder {

inline QByteArray be16(quint16 v)
{
    QByteArray b(2, 0);
    qToBigEndian(v, b.data());
    return b;
}

inline QByteArray be32(quint32 v)
{
    QByteArray b(4, 0);
    qToBigEndian(v, b.data());
    return b;
}

// A TCP header with the given options (padded to 32 bits) and payload.
inline QByteArray tcp(quint8 flags, const QByteArray &options = {}, int payload = 0,
                      quint32 seq = 1000, quint32 ack = 0)
{
    QByteArray opts = options;
    while (opts.size() % 4)
        opts.append(char(0));
    QByteArray h;
    h += be16(51234) + be16(45001) + be32(seq) + be32(ack);
    h += char(((20 + opts.size()) / 4) << 4);
    h += char(flags);
    h += be16(65495) + be16(0) + be16(0);
    return h + opts + QByteArray(payload, 'x');
}

inline QByteArray ipv4(const QByteArray &tcpSegment, quint8 protocol = 6, quint16 fragment = 0,
                       quint32 source = 0x7f000001, quint32 destination = 0x7f000002)
{
    QByteArray h;
    h += char(0x45);
    h += char(0);
    h += be16(quint16(20 + tcpSegment.size()));
    h += be16(1) + be16(fragment);
    h += char(64);
    h += char(protocol);
    h += be16(0);
    h += be32(source) + be32(destination);
    return h + tcpSegment;
}

// Between ::1 and ::1 unless told otherwise; `next` is the next header when there is no
// `extension` (which then names its own).
inline QByteArray ipv6(const QByteArray &tcpSegment, const QByteArray &extension = {},
                       quint8 next = 6, quint8 lastByte = 1)
{
    QByteArray h;
    h += be32(0x60000000);
    h += be16(quint16(extension.size() + tcpSegment.size()));
    h += char(extension.isEmpty() ? next : 0); // hop-by-hop when there is an extension
    h += char(64);
    QByteArray address(16, 0);
    address[15] = char(lastByte);
    h += address + address;
    return h + extension + tcpSegment;
}

// IPv4 between 10.0.0.1 and 10.0.0.2: a tunnel's inner packet, told apart from the outer one's
// loopback addresses.
inline QByteArray innerIpv4(const QByteArray &tcpSegment)
{
    return ipv4(tcpSegment, 6, 0, 0x0a000001, 0x0a000002);
}

// IPv4 or IPv6 with its length field set to 0, as segmentation offload leaves it.
inline QByteArray lengthZero(QByteArray ip)
{
    const int field = (ip.at(0) >> 4) == 4 ? 2 : 4;
    ip[field] = 0;
    ip[field + 1] = 0;
    return ip;
}

inline QByteArray ethernet(const QByteArray &ip, quint16 type = 0x0800)
{
    return QByteArray(12, 0) + be16(type) + ip;
}

inline QByteArray udp(quint16 destinationPort, const QByteArray &payload,
                      quint16 sourcePort = 54321)
{
    return be16(sourcePort) + be16(destinationPort) + be16(quint16(8 + payload.size())) + be16(0)
        + payload;
}

// GRE: flags 0x8000 add checksum and reserved word, 0x2000 a key, 0x1000 a sequence number.
inline QByteArray gre(quint16 type, const QByteArray &payload, quint16 flags = 0)
{
    QByteArray h = be16(flags) + be16(type);
    if (flags & 0x8000)
        h += be32(0xabcd0000);
    if (flags & 0x2000)
        h += be32(42);
    if (flags & 0x1000)
        h += be32(7);
    return h + payload;
}

inline QByteArray vxlan(const QByteArray &innerFrame, quint16 port = 4789)
{
    return udp(port, QByteArray::fromHex("0800000000002a00") + innerFrame); // VNI 42
}

// Geneve with `optionWords` 4-byte words of options.
inline QByteArray geneve(quint16 type, const QByteArray &payload, int optionWords = 0)
{
    QByteArray h;
    h += char(optionWords);
    h += char(0);
    h += be16(type);
    h += be32(0x00002a00); // VNI 42
    for (int i = 0; i < optionWords; ++i)
        h += be32(0x01020300 | quint32(i));
    return udp(6081, h + payload);
}

// PPP with the HDLC address and control bytes or without, the protocol in two bytes or one.
inline QByteArray ppp(quint16 protocol, const QByteArray &payload, bool addressControl = true,
                      bool compressed = false)
{
    QByteArray h = addressControl ? QByteArray::fromHex("ff03") : QByteArray();
    h += compressed ? QByteArray(1, char(protocol)) : be16(protocol);
    return h + payload;
}

inline QByteArray pppoe(const QByteArray &pppFrame, quint8 code = 0)
{
    QByteArray h;
    h += char(0x11);
    h += char(code);
    h += be16(0x1234) + be16(quint16(pppFrame.size()));
    return h + pppFrame;
}

// LINKTYPE_IPOIB: 20 zero bytes and the destination's hardware address (no GRH), then RFC 4391's
// header: EtherType and 2 reserved bytes.
inline QByteArray ipoib(quint16 type, const QByteArray &payload)
{
    const QByteArray destination = QByteArray::fromHex("00000048fe800000000000000002c90300a1b2c3");
    return QByteArray(20, 0) + destination + be16(type) + be16(0) + payload;
}

// Linux cooked (SLL) header with the device's ARPHRD type.
inline QByteArray linuxSll(quint16 hardwareType, quint16 protocol, const QByteArray &payload)
{
    return be16(0) + be16(hardwareType) + be16(0) + QByteArray(8, 0) + be16(protocol) + payload;
}

inline const QByteArray kSynOptions = QByteArray::fromHex("020405b4" // mss 1460
                                                          "0402" // sackOK
                                                          "080a0000000100000000" // TS val 1 ecr 0
                                                          "01" // nop
                                                          "030307"); // wscale 7

} // namespace framebuilder
