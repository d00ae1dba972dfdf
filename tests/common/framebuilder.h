#pragma once

// Hand-made frames for decoder and capture-file tests: a TCP header with options, IPv4 and
// IPv6 around it, Ethernet around that.

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

inline QByteArray ipv4(const QByteArray &tcpSegment, quint8 protocol = 6, quint16 fragment = 0)
{
    QByteArray h;
    h += char(0x45);
    h += char(0);
    h += be16(quint16(20 + tcpSegment.size()));
    h += be16(1) + be16(fragment);
    h += char(64);
    h += char(protocol);
    h += be16(0);
    h += be32(0x7f000001) + be32(0x7f000002);
    return h + tcpSegment;
}

inline QByteArray ipv6(const QByteArray &tcpSegment, const QByteArray &extension = {})
{
    QByteArray h;
    h += be32(0x60000000);
    h += be16(quint16(extension.size() + tcpSegment.size()));
    h += char(extension.isEmpty() ? 6 : 0); // next header: TCP, or hop-by-hop
    h += char(64);
    QByteArray loopback(16, 0);
    loopback[15] = 1;
    h += loopback + loopback;
    return h + extension + tcpSegment;
}

inline QByteArray ethernet(const QByteArray &ip, quint16 type = 0x0800)
{
    return QByteArray(12, 0) + be16(type) + ip;
}

inline const QByteArray kSynOptions = QByteArray::fromHex("020405b4" // mss 1460
                                                          "0402" // sackOK
                                                          "080a0000000100000000" // TS val 1 ecr 0
                                                          "01" // nop
                                                          "030307"); // wscale 7

} // namespace framebuilder
