// The frame decoder on hand-made frames: every link type the lab reads, IPv4 and IPv6, tunnels,
// each TCP option, offloaded segments without a length, what cannot be decoded and why, and
// frames that are cut short, lie about their lengths or are random bytes.

#include "capture/framedecoder.h"
#include "framebuilder.h"

#include <QRandomGenerator>
#include <QTest>
#include <QtEndian>

using namespace tcplab;

using namespace framebuilder;

namespace tcplab {

// QCOMPARE on options prints them in tcpdump's words with their code and length.
char *toString(const TcpOption &o)
{
    return qstrdup(qPrintable(
        QStringLiteral("%1 (code %2, length %3)").arg(o.text()).arg(o.code).arg(o.length)));
}

} // namespace tcplab

namespace {

TcpOption option(TcpOption::Kind kind, int code, int length)
{
    TcpOption o;
    o.kind = kind;
    o.code = code;
    o.length = length;
    return o;
}

TcpOption sack(const QList<QPair<quint32, quint32>> &blocks)
{
    TcpOption o = option(TcpOption::Kind::Sack, 5, 2 + 8 * int(blocks.size()));
    o.blocks = blocks;
    return o;
}

const TcpOption kEol = option(TcpOption::Kind::Eol, 0, 0);

const TcpOptions kSynTyped
    = {TcpOption::mss(1460), TcpOption::sackPermitted(), TcpOption::timestamp(1, 0),
       TcpOption::nop(), TcpOption::windowScale(7)};

// The outer packets have loopback addresses, the innermost one 10.0.0.x.
QByteArray greTunnels(int tunnels, const QByteArray &segment = tcp(0x02))
{
    QByteArray packet = innerIpv4(segment);
    for (int i = 0; i < tunnels; ++i)
        packet = ipv4(gre(0x0800, packet), 47);
    return packet;
}

const QHostAddress kInnerSource(QStringLiteral("10.0.0.1"));
const QHostAddress kInnerDestination(QStringLiteral("10.0.0.2"));

} // namespace

class TestFrameDecoder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void linkTypes_data();
    void linkTypes();
    void options_data();
    void options();
    void flags_data();
    void flags();
    void tunnels_data();
    void tunnels();
    void lengthFromCapture_data();
    void lengthFromCapture();
    void notTcp_data();
    void notTcp();
    void undecoded_data();
    void undecoded();
    void broken_data();
    void broken();
    void everyPrefixIsSafe();
    void randomFramesAreSafe();
};

void TestFrameDecoder::linkTypes_data()
{
    QTest::addColumn<int>("linkType");
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<bool>("v6");
    const QByteArray segment = tcp(0x02, kSynOptions);
    QTest::newRow("ethernet ipv4") << LinkType::Ethernet << ethernet(ipv4(segment)) << false;
    QTest::newRow("ethernet ipv6") << LinkType::Ethernet << ethernet(ipv6(segment), 0x86dd) << true;
    QTest::newRow("ethernet vlan")
        << LinkType::Ethernet
        << QByteArray(12, 0) + be16(0x8100) + be16(5) + be16(0x0800) + ipv4(segment) << false;
    QTest::newRow("ethernet q-in-q (old 0x9100)") << LinkType::Ethernet
                                                  << QByteArray(12, 0) + be16(0x9100) + be16(5)
            + be16(0x8100) + be16(6) + be16(0x86dd) + ipv6(segment)
                                                  << true;
    QTest::newRow("linux cooked") << LinkType::LinuxSll
                                  << QByteArray(14, 0) + be16(0x0800) + ipv4(segment) << false;
    // Devices that carry plain IP: tun (ARPHRD_NONE), PPP, GRE, IP-in-IP, WireGuard's none.
    QTest::newRow("linux cooked tun")
        << LinkType::LinuxSll << linuxSll(65534, 0x0800, ipv4(segment)) << false;
    QTest::newRow("linux cooked ppp")
        << LinkType::LinuxSll << linuxSll(512, 0x86dd, ipv6(segment)) << true;
    QTest::newRow("linux cooked ipgre")
        << LinkType::LinuxSll << linuxSll(778, 0x0800, ipv4(segment)) << false;
    QTest::newRow("linux cooked ipip")
        << LinkType::LinuxSll << linuxSll(768, 0x0800, ipv4(segment)) << false;
    QTest::newRow("linux cooked v2")
        << LinkType::LinuxSll2 << be16(0x86dd) + QByteArray(18, 0) + ipv6(segment) << true;
    QTest::newRow("raw ipv4") << LinkType::Raw << ipv4(segment) << false;
    QTest::newRow("raw ipv6 (file)") << LinkType::RawFile << ipv6(segment) << true;
    QTest::newRow("ipv4 link") << LinkType::Ipv4 << ipv4(segment) << false;
    QTest::newRow("ipv6 link") << LinkType::Ipv6 << ipv6(segment) << true;
    QTest::newRow("bsd loopback little-endian")
        << LinkType::Null << QByteArray::fromHex("02000000") + ipv4(segment) << false;
    QTest::newRow("bsd loopback big-endian ipv6")
        << LinkType::Null << QByteArray::fromHex("0000001e") + ipv6(segment) << true;
    QTest::newRow("openbsd loop") << LinkType::Loop
                                  << QByteArray::fromHex("00000018") + ipv6(segment) << true;
    QTest::newRow("ipv6 hop-by-hop")
        << LinkType::Raw << ipv6(segment, QByteArray::fromHex("0600000000000000")) << true;
    QTest::newRow("ppp") << LinkType::Ppp << ppp(0x0021, ipv4(segment)) << false;
    QTest::newRow("ppp without address and control")
        << LinkType::Ppp << ppp(0x0021, ipv4(segment), false) << false;
    QTest::newRow("ppp protocol compressed")
        << LinkType::Ppp << ppp(0x0021, ipv4(segment), false, true) << false;
    QTest::newRow("ppp ipv6") << LinkType::Ppp << ppp(0x0057, ipv6(segment)) << true;
    QTest::newRow("ppp hdlc") << LinkType::PppHdlc << ppp(0x0021, ipv4(segment)) << false;
    QTest::newRow("ppp hdlc ipv6 compressed")
        << LinkType::PppHdlc << ppp(0x0057, ipv6(segment), true, true) << true;
    QTest::newRow("ppp hdlc holding cisco hdlc")
        << LinkType::PppHdlc << QByteArray::fromHex("0f000800") + ipv4(segment) << false;
    QTest::newRow("cisco hdlc") << LinkType::CiscoHdlc
                                << QByteArray::fromHex("8f0086dd") + ipv6(segment) << true;
    QTest::newRow("ppp with direction")
        << LinkType::PppWithDir << QByteArray(1, 1) + ppp(0x0021, ipv4(segment)) << false;
    QTest::newRow("pppoe") << LinkType::PppEther << pppoe(ppp(0x0021, ipv4(segment), false))
                           << false;
    QTest::newRow("pppoe ipv6 with address and control")
        << LinkType::PppEther << pppoe(ppp(0x0057, ipv6(segment))) << true;
    QTest::newRow("ethernet pppoe session")
        << LinkType::Ethernet << ethernet(pppoe(ppp(0x0021, ipv4(segment), false)), 0x8864)
        << false;
    QTest::newRow("ipoib") << LinkType::IpOverIb << ipoib(0x0800, ipv4(segment)) << false;
    QTest::newRow("ipoib ipv6") << LinkType::IpOverIb << ipoib(0x86dd, ipv6(segment)) << true;
}

void TestFrameDecoder::linkTypes()
{
    QFETCH(int, linkType);
    QFETCH(QByteArray, frame);
    QFETCH(bool, v6);
    const DecodeResult r = decodeFrame(linkType, frame);
    QVERIFY2(r.status == DecodeResult::Status::Tcp, qPrintable(r.problem));
    QCOMPARE(r.undecoded, DecodeResult::Undecoded::None);
    QCOMPARE(r.segment.sourcePort, quint16(51234));
    QCOMPARE(r.segment.destinationPort, quint16(45001));
    QCOMPARE(r.segment.seq, 1000u);
    QCOMPARE(r.segment.window, quint16(65495));
    QCOMPARE(r.segment.payloadLength, 0);
    QVERIFY(!r.segment.lengthFromCapture);
    QCOMPARE(tcpFlagLetters(r.segment.flags), QStringLiteral("S"));
    QCOMPARE(r.segment.options, kSynTyped);
    if (v6) {
        QCOMPARE(r.segment.source, QHostAddress(QHostAddress::LocalHostIPv6));
    } else {
        QCOMPARE(r.segment.source, QHostAddress(QStringLiteral("127.0.0.1")));
        QCOMPARE(r.segment.destination, QHostAddress(QStringLiteral("127.0.0.2")));
    }
}

void TestFrameDecoder::options_data()
{
    QTest::addColumn<QByteArray>("options");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<TcpOptions>("typed");
    QTest::addColumn<bool>("damaged");
    using K = TcpOption::Kind;
    QTest::newRow("SYN of Linux") << kSynOptions
                                  << QStringList {"mss 1460", "sackOK", "TS val 1 ecr 0", "nop",
                                                  "wscale 7"}
                                  << kSynTyped << false;
    QTest::newRow("sack blocks") << QByteArray::fromHex("0101050a000003e8000007d0")
                                 << QStringList {"nop", "nop", "sack 1 {1000:2000}"}
                                 << TcpOptions {TcpOption::nop(), TcpOption::nop(),
                                                sack({{1000, 2000}})}
                                 << false;
    QTest::newRow("two sack blocks")
        << QByteArray::fromHex("0101051200000001000000020000000300000004")
        << QStringList {"nop", "nop", "sack 2 {1:2}{3:4}"}
        << TcpOptions {TcpOption::nop(), TcpOption::nop(), sack({{1, 2}, {3, 4}})} << false;
    QTest::newRow("sack edges above 2^31") << QByteArray::fromHex("050afffffff000000010")
                                           << QStringList {"sack 1 {4294967280:16}", "eol"}
                                           << TcpOptions {sack({{4294967280u, 16}}), kEol} << false;
    QTest::newRow("eol stops") << QByteArray::fromHex("0100020405b4") << QStringList {"nop", "eol"}
                               << TcpOptions {TcpOption::nop(), kEol} << false;
    QTest::newRow("unknown kind") << QByteArray::fromHex("1e04abcd")
                                  << QStringList {"kind 30, 4 bytes"}
                                  << TcpOptions {option(K::Unknown, 30, 4)} << false;
    QTest::newRow("length zero") << QByteArray::fromHex("0200") << QStringList {"bad option kind 2"}
                                 << TcpOptions {option(K::Damaged, 2, 0)} << true;
    QTest::newRow("length past end")
        << QByteArray::fromHex("0108aabb") << QStringList {"nop", "bad option kind 8"}
        << TcpOptions {TcpOption::nop(), option(K::Damaged, 8, 0)} << true;
    QTest::newRow("mss of wrong size")
        << QByteArray::fromHex("0203ff00") << QStringList {"mss with 3 bytes", "eol"}
        << TcpOptions {option(K::Damaged, 2, 3), kEol} << true;
    QTest::newRow("wscale of wrong size")
        << QByteArray::fromHex("03020101") << QStringList {"wscale with 2 bytes", "nop", "nop"}
        << TcpOptions {option(K::Damaged, 3, 2), TcpOption::nop(), TcpOption::nop()} << true;
    QTest::newRow("sack of wrong size")
        << QByteArray::fromHex("0506000000010101")
        << QStringList {"sack with 6 bytes", "nop", "nop"}
        << TcpOptions {option(K::Damaged, 5, 6), TcpOption::nop(), TcpOption::nop()} << true;
    QTest::newRow("timestamps of wrong size")
        << QByteArray::fromHex("080600000001") << QStringList {"TS with 6 bytes", "eol"}
        << TcpOptions {option(K::Damaged, 8, 6), kEol} << true;
}

void TestFrameDecoder::options()
{
    QFETCH(QByteArray, options);
    QFETCH(QStringList, expected);
    QFETCH(TcpOptions, typed);
    QFETCH(bool, damaged);
    const DecodeResult r = decodeFrame(LinkType::Raw, ipv4(tcp(0x02, options)));
    QCOMPARE(r.status, DecodeResult::Status::Tcp);
    QCOMPARE(r.segment.options, typed);
    QCOMPARE(tcpOptionTexts(r.segment.options), expected);
    QCOMPARE(r.segment.optionsDamaged, damaged);
    // Session files keep the words; read back they are the same option.
    for (const TcpOption &o : std::as_const(r.segment.options)) {
        const std::optional<TcpOption> back = TcpOption::fromText(o.text());
        QVERIFY2(back.has_value(), qPrintable(o.text()));
        QCOMPARE(*back, o);
    }
}

void TestFrameDecoder::flags_data()
{
    QTest::addColumn<int>("bits");
    QTest::addColumn<QString>("letters");
    QTest::newRow("SYN") << 0x02 << "S";
    QTest::newRow("SYN/ACK") << 0x12 << "S.";
    QTest::newRow("ACK") << 0x10 << ".";
    QTest::newRow("PSH/ACK") << 0x18 << "P.";
    QTest::newRow("FIN/ACK") << 0x11 << "F.";
    QTest::newRow("FIN/PSH/ACK") << 0x19 << "FP.";
    QTest::newRow("RST") << 0x04 << "R";
    QTest::newRow("RST/ACK") << 0x14 << "R.";
    QTest::newRow("ECN SYN") << 0xc2 << "SEW";
    QTest::newRow("none") << 0x00 << "none";
}

void TestFrameDecoder::flags()
{
    QFETCH(int, bits);
    QFETCH(QString, letters);
    QCOMPARE(tcpFlagLetters(quint8(bits)), letters);
}

void TestFrameDecoder::tunnels_data()
{
    QTest::addColumn<int>("linkType");
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<QHostAddress>("source");
    QTest::addColumn<QHostAddress>("destination");
    const QByteArray segment = tcp(0x18, kSynOptions, 7, 5000, 6000);
    const QByteArray inner = innerIpv4(segment);
    QByteArray inner6 = ipv6(segment, {}, 6, 2);
    const QHostAddress v6(QStringLiteral("::2"));
    QTest::newRow("gre ipv4") << LinkType::Ethernet << ethernet(ipv4(gre(0x0800, inner), 47))
                              << kInnerSource << kInnerDestination;
    QTest::newRow("gre with checksum, key and sequence")
        << LinkType::Ethernet << ethernet(ipv4(gre(0x0800, inner, 0xb000), 47)) << kInnerSource
        << kInnerDestination;
    QTest::newRow("gre key only (RFC 2890)")
        << LinkType::Raw << ipv4(gre(0x86dd, inner6, 0x2000), 47) << v6 << v6;
    QTest::newRow("gre in ipv6") << LinkType::Ipv6 << ipv6(gre(0x0800, inner), {}, 47)
                                 << kInnerSource << kInnerDestination;
    QTest::newRow("gretap (transparent ethernet bridging)")
        << LinkType::Ethernet << ethernet(ipv4(gre(0x6558, ethernet(inner, 0x0800), 0x2000), 47))
        << kInnerSource << kInnerDestination;
    QTest::newRow("gretap with vlan")
        << LinkType::Raw
        << ipv4(gre(0x6558, QByteArray(12, 0) + be16(0x8100) + be16(9) + be16(0x0800) + inner), 47)
        << kInnerSource << kInnerDestination;
    QTest::newRow("ip in ip") << LinkType::Raw << ipv4(inner, 4) << kInnerSource
                              << kInnerDestination;
    QTest::newRow("ipv6 in ipv4 (6in4)") << LinkType::Raw << ipv4(inner6, 41) << v6 << v6;
    QTest::newRow("ipv4 in ipv6") << LinkType::Raw << ipv6(inner, {}, 4) << kInnerSource
                                  << kInnerDestination;
    QTest::newRow("vxlan") << LinkType::Ethernet << ethernet(ipv4(vxlan(ethernet(inner)), 17))
                           << kInnerSource << kInnerDestination;
    QTest::newRow("vxlan on linux's old port")
        << LinkType::Raw << ipv4(vxlan(ethernet(inner), 8472), 17) << kInnerSource
        << kInnerDestination;
    QTest::newRow("vxlan in ipv6 carrying ipv6")
        << LinkType::Ipv6 << ipv6(vxlan(ethernet(inner6, 0x86dd)), {}, 17) << v6 << v6;
    QTest::newRow("geneve ethernet") << LinkType::Raw << ipv4(geneve(0x6558, ethernet(inner)), 17)
                                     << kInnerSource << kInnerDestination;
    QTest::newRow("geneve with options")
        << LinkType::Raw << ipv4(geneve(0x6558, ethernet(inner), 3), 17) << kInnerSource
        << kInnerDestination;
    QTest::newRow("geneve ipv4") << LinkType::Raw << ipv4(geneve(0x0800, inner, 1), 17)
                                 << kInnerSource << kInnerDestination;
    QTest::newRow("geneve ipv6") << LinkType::Raw << ipv4(geneve(0x86dd, inner6), 17) << v6 << v6;
    QTest::newRow("vxlan inside gre")
        << LinkType::Ethernet << ethernet(ipv4(gre(0x0800, ipv4(vxlan(ethernet(inner)), 17)), 47))
        << kInnerSource << kInnerDestination;
    QTest::newRow("pppoe over vxlan")
        << LinkType::Raw << ipv4(vxlan(ethernet(pppoe(ppp(0x0021, inner, false)), 0x8864)), 17)
        << kInnerSource << kInnerDestination;
    QTest::newRow("four tunnels") << LinkType::Raw << greTunnels(4, segment) << kInnerSource
                                  << kInnerDestination;
    QByteArray padded = ethernet(ipv4(gre(0x0800, inner), 47)) + QByteArray(6, 0);
    QTest::newRow("ethernet trailer after the tunnel")
        << LinkType::Ethernet << padded << kInnerSource << kInnerDestination;
}

void TestFrameDecoder::tunnels()
{
    QFETCH(int, linkType);
    QFETCH(QByteArray, frame);
    QFETCH(QHostAddress, source);
    QFETCH(QHostAddress, destination);
    const DecodeResult r = decodeFrame(linkType, frame);
    QVERIFY2(r.status == DecodeResult::Status::Tcp, qPrintable(r.problem));
    // The innermost packet's addresses, not the tunnel's.
    QCOMPARE(r.segment.source, source);
    QCOMPARE(r.segment.destination, destination);
    QCOMPARE(r.segment.sourcePort, quint16(51234));
    QCOMPARE(r.segment.destinationPort, quint16(45001));
    QCOMPARE(r.segment.seq, 5000u);
    QCOMPARE(r.segment.ack, 6000u);
    QCOMPARE(r.segment.payloadLength, 7);
    QCOMPARE(tcpFlagLetters(r.segment.flags), QStringLiteral("P."));
    QCOMPARE(r.segment.options, kSynTyped);
}

void TestFrameDecoder::lengthFromCapture_data()
{
    QTest::addColumn<int>("linkType");
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<int>("payload");
    QTest::addColumn<bool>("fromCapture");
    const QByteArray big = tcp(0x18, {}, 3000);
    QTest::newRow("ipv4 length 0 (TSO)")
        << LinkType::Ethernet << ethernet(lengthZero(ipv4(big))) << 3000 << true;
    QTest::newRow("ipv6 length 0 (GSO)")
        << LinkType::Ethernet << ethernet(lengthZero(ipv6(big)), 0x86dd) << 3000 << true;
    QTest::newRow("ipv6 length 0 after extension headers")
        << LinkType::Raw << lengthZero(ipv6(big, QByteArray::fromHex("0600000000000000"))) << 3000
        << true;
    QTest::newRow("ipv4 length 0 inside gre")
        << LinkType::Raw << ipv4(gre(0x0800, lengthZero(innerIpv4(big))), 47) << 3000 << true;
    QTest::newRow("only the outer length 0")
        << LinkType::Raw << lengthZero(ipv4(gre(0x0800, innerIpv4(big)), 47)) << 3000 << false;
    // RFC 2675: the hop-by-hop option says 70000 bytes follow the IPv6 header; 3028 were captured.
    QByteArray jumbo = lengthZero(ipv6(big, QByteArray::fromHex("0600c204") + be32(70000)));
    QTest::newRow("ipv6 jumbogram") << LinkType::Raw << jumbo << 70000 - 8 - 20 << false;
    QTest::newRow("ipv6 jumbogram after padding")
        << LinkType::Raw
        << lengthZero(ipv6(big,
                           QByteArray::fromHex("06010000c204") + be32(70000)
                               + QByteArray::fromHex("010400000000")))
        << 70000 - 16 - 20 << false;
    QTest::newRow("ipv4 length given") << LinkType::Raw << ipv4(big) << 3000 << false;
}

void TestFrameDecoder::lengthFromCapture()
{
    QFETCH(int, linkType);
    QFETCH(QByteArray, frame);
    QFETCH(int, payload);
    QFETCH(bool, fromCapture);
    const DecodeResult r = decodeFrame(linkType, frame);
    QVERIFY2(r.status == DecodeResult::Status::Tcp, qPrintable(r.problem));
    QCOMPARE(r.segment.payloadLength, payload);
    QCOMPARE(r.segment.lengthFromCapture, fromCapture);
}

void TestFrameDecoder::notTcp_data()
{
    QTest::addColumn<int>("linkType");
    QTest::addColumn<QByteArray>("frame");
    QTest::newRow("udp") << LinkType::Raw << ipv4(QByteArray(8, 0), 17);
    QTest::newRow("later fragment") << LinkType::Raw << ipv4(tcp(0x10), 6, 0x0010);
    QTest::newRow("arp") << LinkType::Ethernet << ethernet(QByteArray(28, 0), 0x0806);
}

void TestFrameDecoder::notTcp()
{
    QFETCH(int, linkType);
    QFETCH(QByteArray, frame);
    QCOMPARE(decodeFrame(linkType, frame).status, DecodeResult::Status::NotTcp);
}

void TestFrameDecoder::undecoded_data()
{
    QTest::addColumn<int>("linkType");
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<DecodeResult::Undecoded>("why");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("what");
    using U = DecodeResult::Undecoded;
    const QByteArray junk(16, 0);
    QTest::newRow("udp") << LinkType::Raw << ipv4(QByteArray(8, 0), 17) << U::TransportProtocol
                         << 17 << "UDP";
    QTest::newRow("udp on another port")
        << LinkType::Raw << ipv4(udp(53, junk), 17) << U::TransportProtocol << 17 << "UDP";
    QTest::newRow("icmp") << LinkType::Raw << ipv4(junk, 1) << U::TransportProtocol << 1 << "ICMP";
    QTest::newRow("icmpv6") << LinkType::Ipv6 << ipv6(junk, {}, 58) << U::TransportProtocol << 58
                            << "ICMPv6";
    QTest::newRow("sctp after an extension header")
        << LinkType::Ipv6 << ipv6(junk, QByteArray::fromHex("8400000000000000"))
        << U::TransportProtocol << 132 << "SCTP";
    QTest::newRow("unnamed ip protocol")
        << LinkType::Raw << ipv4(junk, 253) << U::TransportProtocol << 253 << "IP protocol 253";
    QTest::newRow("esp") << LinkType::Raw << ipv4(junk, 50) << U::Encapsulation << 50 << "ESP";
    QTest::newRow("esp in ipv6") << LinkType::Ipv6 << ipv6(junk, {}, 50) << U::Encapsulation << 50
                                 << "ESP";
    QTest::newRow("l2tpv3 over ip")
        << LinkType::Raw << ipv4(junk, 115) << U::Encapsulation << 115 << "L2TP";
    QTest::newRow("l2tp over udp")
        << LinkType::Raw << ipv4(udp(1701, junk), 17) << U::Encapsulation << 1701 << "L2TP";
    QTest::newRow("l2tp reply over udp")
        << LinkType::Raw << ipv4(udp(40000, junk, 1701), 17) << U::Encapsulation << 1701 << "L2TP";
    QTest::newRow("gtp-u") << LinkType::Raw << ipv4(udp(2152, junk), 17) << U::Encapsulation << 2152
                           << "GTP-U";
    QTest::newRow("later ipv4 fragment")
        << LinkType::Raw << ipv4(tcp(0x10), 6, 0x0010) << U::Fragment << 6 << "IPv4";
    QTest::newRow("later fragment of a vxlan packet")
        << LinkType::Raw << ipv4(junk, 17, 0x2010) << U::Fragment << 17 << "IPv4";
    QByteArray fragment6 = ipv6(tcp(0x10), QByteArray::fromHex("0600001100000001"));
    fragment6[6] = 44; // a fragment header, offset 16 bytes
    QTest::newRow("later ipv6 fragment")
        << LinkType::Ipv6 << fragment6 << U::Fragment << 6 << "IPv6";
    QTest::newRow("arp") << LinkType::Ethernet << ethernet(QByteArray(28, 0), 0x0806)
                         << U::NetworkProtocol << 0x0806 << "ARP";
    QTest::newRow("lldp") << LinkType::Ethernet << ethernet(junk, 0x88cc) << U::NetworkProtocol
                          << 0x88cc << "LLDP";
    QTest::newRow("unnamed ethertype") << LinkType::Ethernet << ethernet(junk, 0x88b5)
                                       << U::NetworkProtocol << 0x88b5 << "EtherType 0x88b5";
    QTest::newRow("spanning tree (802.3 with LLC)")
        << LinkType::Ethernet << ethernet(QByteArray::fromHex("424203") + junk, 38)
        << U::NetworkProtocol << 38 << "LLC";
    QTest::newRow("mpls over ethernet")
        << LinkType::Ethernet << ethernet(junk, 0x8847) << U::Encapsulation << 0x8847 << "MPLS";
    QTest::newRow("cooked arp") << LinkType::LinuxSll << linuxSll(1, 0x0806, junk)
                                << U::NetworkProtocol << 0x0806 << "ARP";
    QTest::newRow("gre carrying ppp")
        << LinkType::Raw << ipv4(gre(0x880b, junk), 47) << U::Encapsulation << 0x880b << "PPP";
    QTest::newRow("pptp (gre version 1)") << LinkType::Raw << ipv4(gre(0x880b, junk, 0x2001), 47)
                                          << U::Encapsulation << 0x880b << "PPTP";
    QTest::newRow("gre carrying mpls")
        << LinkType::Raw << ipv4(gre(0x8847, junk), 47) << U::Encapsulation << 0x8847 << "MPLS";
    QTest::newRow("gre carrying erspan") << LinkType::Raw << ipv4(gre(0x88be, junk, 0x1000), 47)
                                         << U::Encapsulation << 0x88be << "ERSPAN";
    QTest::newRow("vxlan carrying arp")
        << LinkType::Ethernet << ethernet(ipv4(vxlan(ethernet(QByteArray(28, 0), 0x0806)), 17))
        << U::NetworkProtocol << 0x0806 << "ARP";
    QTest::newRow("vxlan carrying udp")
        << LinkType::Raw
        << ipv4(vxlan(ethernet(ipv4(udp(53, junk), 17, 0, 0x0a000001, 0x0a000002))), 17)
        << U::TransportProtocol << 17 << "UDP";
    QTest::newRow("ppp lcp") << LinkType::Ppp << ppp(0xc021, junk) << U::NetworkProtocol << 0xc021
                             << "LCP";
    QTest::newRow("ppp ipv6cp") << LinkType::PppHdlc << ppp(0x8057, junk) << U::NetworkProtocol
                                << 0x8057 << "IPV6CP";
    QTest::newRow("ppp vj compressed") << LinkType::Ppp << ppp(0x002d, junk, false, true)
                                       << U::Encapsulation << 0x002d << "VJ compressed TCP/IP";
    QTest::newRow("ppp mpls") << LinkType::PppEther << pppoe(ppp(0x0281, junk, false))
                              << U::Encapsulation << 0x0281 << "MPLS";
    QTest::newRow("unnamed ppp protocol") << LinkType::Ppp << ppp(0x4021, junk)
                                          << U::NetworkProtocol << 0x4021 << "PPP protocol 0x4021";
    QTest::newRow("pppoe discovery") << LinkType::PppEther << pppoe(junk, 0x09)
                                     << U::NetworkProtocol << 0x8863 << "PPPoE discovery";
    QTest::newRow("pppoe discovery on ethernet")
        << LinkType::Ethernet << ethernet(pppoe(junk, 0x09), 0x8863) << U::NetworkProtocol << 0x8863
        << "PPPoE discovery";
    QTest::newRow("ipoib arp") << LinkType::IpOverIb << ipoib(0x0806, junk) << U::NetworkProtocol
                               << 0x0806 << "ARP";
    QTest::newRow("bsd loopback, unknown family")
        << LinkType::Null << QByteArray::fromHex("07000000") + junk << U::NetworkProtocol << 7
        << "address family 7";
    QTest::newRow("arcnet") << 129 << junk << U::LinkType << 129 << "Linux ARCNET";
    QTest::newRow("juniper ethernet") << 178 << junk << U::LinkType << 178 << "Juniper Ethernet";
    QTest::newRow("a link type libpcap does not know") << 147 << junk << U::LinkType << 147 << "";
}

void TestFrameDecoder::undecoded()
{
    QFETCH(int, linkType);
    QFETCH(QByteArray, frame);
    QFETCH(DecodeResult::Undecoded, why);
    QFETCH(int, code);
    QFETCH(QString, what);
    const DecodeResult r = decodeFrame(linkType, frame);
    QCOMPARE(r.status,
             why == DecodeResult::Undecoded::LinkType ? DecodeResult::Status::UnknownLink
                                                      : DecodeResult::Status::NotTcp);
    QCOMPARE(r.undecoded, why);
    QCOMPARE(r.code, code);
    QCOMPARE(r.what, what);
    // The log line names it too, unless libpcap has no name for it either.
    QVERIFY2(r.problem.contains(what) || what.startsWith(QLatin1String("DLT ")),
             qPrintable(r.problem));
}

void TestFrameDecoder::broken_data()
{
    QTest::addColumn<int>("linkType");
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("mentions");
    const QByteArray good = ipv4(tcp(0x02, kSynOptions));
    using S = DecodeResult::Status;
    QTest::newRow("ethernet cut") << LinkType::Ethernet << QByteArray(10, 0) << int(S::Truncated)
                                  << "Ethernet";
    QTest::newRow("ip header cut")
        << LinkType::Raw << good.left(12) << int(S::Truncated) << "IPv4 header";
    QTest::newRow("tcp header cut")
        << LinkType::Raw << good.left(30) << int(S::Truncated) << "TCP header";
    QTest::newRow("tcp options cut")
        << LinkType::Raw << good.left(45) << int(S::Truncated) << "TCP options";
    QTest::newRow("tcp options cut, length from capture")
        << LinkType::Raw << lengthZero(good).left(45) << int(S::Truncated) << "TCP options";
    QByteArray shortTotal = good;
    qToBigEndian<quint16>(18, shortTotal.data() + 2);
    QTest::newRow("total length below header")
        << LinkType::Raw << shortTotal << int(S::Malformed) << "IPv4 lengths";
    QByteArray badOffset = good;
    badOffset[20 + 12] = char(0x30); // data offset 3 words
    QTest::newRow("data offset too small")
        << LinkType::Raw << badOffset << int(S::Malformed) << "data offset";
    QByteArray longHeader = ipv4(tcp(0x02));
    qToBigEndian<quint16>(30, longHeader.data() + 2); // 10 bytes for a 20-byte TCP header
    QTest::newRow("segment shorter than its header")
        << LinkType::Raw << longHeader << int(S::Malformed) << "longer than the segment";
    QByteArray wrongVersion = good;
    wrongVersion[0] = char(0x55);
    QTest::newRow("ip version 5") << LinkType::Ipv4 << wrongVersion << int(S::Malformed)
                                  << "version";
    QTest::newRow("ipv6 cut") << LinkType::Ipv6 << ipv6(tcp(0x02)).left(30) << int(S::Truncated)
                              << "IPv6 header";
    QTest::newRow("unknown link") << 147 << good << int(S::UnknownLink) << "link type 147";
    QTest::newRow("libpcap's name for it") << 129 << good << int(S::UnknownLink) << "ARCNET_LINUX";
    QTest::newRow("empty raw") << LinkType::Raw << QByteArray() << int(S::Truncated) << "empty";
    QTest::newRow("ppp cut") << LinkType::Ppp << QByteArray::fromHex("ff03") << int(S::Truncated)
                             << "PPP header";
    QTest::newRow("ppp protocol cut")
        << LinkType::Ppp << QByteArray::fromHex("00") << int(S::Truncated) << "PPP header";
    QTest::newRow("pppoe cut") << LinkType::PppEther << QByteArray::fromHex("1100")
                               << int(S::Truncated) << "PPPoE header";
    QTest::newRow("cisco hdlc cut") << LinkType::CiscoHdlc << QByteArray::fromHex("0f00")
                                    << int(S::Truncated) << "Cisco HDLC header";
    QTest::newRow("ipoib cut") << LinkType::IpOverIb << ipoib(0x0800, {}).left(43)
                               << int(S::Truncated) << "IPoIB header";
    QTest::newRow("gre cut") << LinkType::Raw << ipv4(gre(0x0800, good, 0xb000), 47).left(32)
                             << int(S::Truncated) << "GRE header";
    QTest::newRow("gre version 2") << LinkType::Raw << ipv4(gre(0x0800, good, 0x0002), 47)
                                   << int(S::Malformed) << "GRE version 2";
    QTest::newRow("gre source routing") << LinkType::Raw << ipv4(gre(0x0800, good, 0x4000), 47)
                                        << int(S::Malformed) << "source routing";
    QTest::newRow("udp header cut")
        << LinkType::Raw << ipv4(QByteArray(4, 0), 17) << int(S::Truncated) << "UDP header";
    QTest::newRow("vxlan header cut") << LinkType::Raw << ipv4(udp(4789, QByteArray(4, 0)), 17)
                                      << int(S::Truncated) << "VXLAN header";
    QTest::newRow("geneve version 1")
        << LinkType::Raw << ipv4(udp(6081, QByteArray::fromHex("4000080000000000") + good), 17)
        << int(S::Malformed) << "Geneve version 1";
    QTest::newRow("geneve options cut")
        << LinkType::Raw << ipv4(udp(6081, QByteArray::fromHex("0400080000000000")), 17)
        << int(S::Truncated) << "Geneve options";
    // The outer packet ends before its inner one does: the rest is not read as the inner's.
    QByteArray outerShort = ipv4(gre(0x0800, good), 47);
    qToBigEndian<quint16>(quint16(20 + 4 + 30), outerShort.data() + 2);
    QTest::newRow("inner packet longer than the outer")
        << LinkType::Raw << outerShort << int(S::Truncated) << "TCP header";
    QByteArray udpShort = ipv4(vxlan(ethernet(good)), 17);
    qToBigEndian<quint16>(quint16(8 + 8 + 10), udpShort.data() + 20 + 4);
    QTest::newRow("udp length ends the tunnel")
        << LinkType::Raw << udpShort << int(S::Truncated) << "Ethernet header";
    QTest::newRow("five tunnels") << LinkType::Raw << greTunnels(5) << int(S::Malformed)
                                  << "tunnels nested deeper than 4";
}

void TestFrameDecoder::broken()
{
    QFETCH(int, linkType);
    QFETCH(QByteArray, frame);
    QFETCH(int, status);
    QFETCH(QString, mentions);
    const DecodeResult r = decodeFrame(linkType, frame);
    QCOMPARE(int(r.status), status);
    QVERIFY2(r.problem.contains(mentions), qPrintable(r.problem));
}

namespace {

struct Case
{
    int linkType;
    QByteArray frame;
    int payload;
};

// One good frame of every kind the decoder reads, with a payload that need not be captured.
QList<Case> goodFrames()
{
    const QByteArray segment = tcp(0x18, kSynOptions, 12);
    const QByteArray inner = innerIpv4(segment);
    const QByteArray inner6 = ipv6(tcp(0x11, kSynOptions, 3), {}, 6, 2);
    return {
        {LinkType::Ethernet, ethernet(ipv4(segment)), 12},
        {LinkType::LinuxSll2, be16(0x86dd) + QByteArray(18, 0) + ipv6(tcp(0x11, kSynOptions, 3)),
         3},
        {LinkType::LinuxSll, linuxSll(65534, 0x0800, ipv4(segment)), 12},
        {LinkType::Null, QByteArray::fromHex("1e000000") + inner6, 3},
        {LinkType::Ppp, ppp(0x0021, ipv4(segment)), 12},
        {LinkType::Ppp, ppp(0x0057, inner6, false, true), 3},
        {LinkType::PppHdlc, ppp(0x0021, ipv4(segment)), 12},
        {LinkType::PppHdlc, QByteArray::fromHex("0f000800") + ipv4(segment), 12},
        {LinkType::CiscoHdlc, QByteArray::fromHex("0f0086dd") + inner6, 3},
        {LinkType::PppEther, pppoe(ppp(0x0021, ipv4(segment), false)), 12},
        {LinkType::PppWithDir, QByteArray(1, 0) + ppp(0x0057, inner6), 3},
        {LinkType::IpOverIb, ipoib(0x0800, ipv4(segment)), 12},
        {LinkType::Ethernet, ethernet(pppoe(ppp(0x0021, ipv4(segment), false)), 0x8864), 12},
        {LinkType::Ethernet, ethernet(ipv4(gre(0x0800, inner, 0xb000), 47)), 12},
        {LinkType::Raw, ipv4(gre(0x6558, ethernet(inner), 0x2000), 47), 12},
        {LinkType::Ipv6, ipv6(gre(0x86dd, inner6), {}, 47), 3},
        {LinkType::Raw, ipv4(inner, 4), 12},
        {LinkType::Raw, ipv4(inner6, 41), 3},
        {LinkType::Ethernet, ethernet(ipv4(vxlan(ethernet(inner)), 17)), 12},
        {LinkType::Raw, ipv6(vxlan(ethernet(inner6, 0x86dd)), {}, 17), 3},
        {LinkType::Raw, ipv4(geneve(0x6558, ethernet(inner), 2), 17), 12},
        {LinkType::Raw, ipv4(geneve(0x0800, inner), 17), 12},
        {LinkType::Raw, greTunnels(4), 0},
        {LinkType::Ethernet, ethernet(lengthZero(ipv4(segment))), 12},
        {LinkType::Raw, lengthZero(ipv6(segment, QByteArray::fromHex("0600c204") + be32(70000))),
         12},
    };
}

} // namespace

// Every prefix of a good frame decodes to some answer without reading past its end
// (run under the asan preset this catches any overread).
void TestFrameDecoder::everyPrefixIsSafe()
{
    const QList<Case> cases = goodFrames();
    for (const Case &c : cases) {
        QVERIFY(decodeFrame(c.linkType, c.frame).status == DecodeResult::Status::Tcp);
        for (int n = 0; n < c.frame.size(); ++n) {
            const QByteArray prefix(c.frame.constData(), n); // a copy: asan sees its real end
            const DecodeResult r = decodeFrame(c.linkType, prefix);
            // Headers complete: a segment (its payload need not be captured); else a reason.
            QCOMPARE(r.status == DecodeResult::Status::Tcp, n >= c.frame.size() - c.payload);
            QVERIFY(r.status == DecodeResult::Status::Tcp || !r.problem.isEmpty());
        }
    }
}

// Random bytes, and good frames with random bytes written over them, for every link type: no
// crash, no overread under asan, and an answer that holds together.
void TestFrameDecoder::randomFramesAreSafe()
{
    QRandomGenerator random(20240601);
    const QList<Case> cases = goodFrames();
    const QList<int> linkTypes = {LinkType::Null,
                                  LinkType::Ethernet,
                                  LinkType::Ppp,
                                  LinkType::Raw,
                                  LinkType::RawBsd,
                                  LinkType::PppHdlc,
                                  LinkType::PppEther,
                                  LinkType::RawFile,
                                  LinkType::CiscoHdlc,
                                  LinkType::Loop,
                                  LinkType::LinuxSll,
                                  LinkType::PppWithDir,
                                  LinkType::Ipv4,
                                  LinkType::Ipv6,
                                  LinkType::IpOverIb,
                                  LinkType::LinuxSll2,
                                  129};
    int tcp = 0;
    for (const int linkType : linkTypes) {
        QList<QByteArray> seeds;
        for (const Case &c : cases) {
            if (c.linkType == linkType)
                seeds.append(c.frame);
        }
        for (int i = 0; i < 3000; ++i) {
            QByteArray frame;
            if (seeds.isEmpty() || i % 2 == 0) {
                frame.resize(random.bounded(160));
                for (char &b : frame)
                    b = char(random.bounded(256));
            } else {
                frame = seeds.at(random.bounded(int(seeds.size())));
                for (int flips = 1 + random.bounded(4); flips > 0; --flips)
                    frame[random.bounded(int(frame.size()))] = char(random.bounded(256));
                frame.truncate(random.bounded(int(frame.size()) + 1));
            }
            const DecodeResult r
                = decodeFrame(linkType, QByteArray(frame.constData(), frame.size()));
            if (r.status == DecodeResult::Status::Tcp) {
                ++tcp;
                QVERIFY(r.segment.payloadLength >= 0);
                QCOMPARE(r.undecoded, DecodeResult::Undecoded::None);
            } else {
                QVERIFY(!r.problem.isEmpty());
                QCOMPARE(r.undecoded == DecodeResult::Undecoded::None, r.what.isEmpty());
            }
        }
    }
    QVERIFY(tcp > 0); // the mutated frames reached the TCP decoder too
}

QTEST_GUILESS_MAIN(TestFrameDecoder)
#include "tst_framedecoder.moc"
