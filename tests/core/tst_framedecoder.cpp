// The frame decoder on hand-made frames: every link type the lab reads, IPv4 and IPv6, each
// TCP option, and frames that are cut short or lie about their lengths.

#include "capture/framedecoder.h"
#include "framebuilder.h"

#include <QTest>
#include <QtEndian>

using namespace tcplab;

using namespace framebuilder;

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
    void notTcp_data();
    void notTcp();
    void broken_data();
    void broken();
    void everyPrefixIsSafe();
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
    QTest::newRow("linux cooked") << LinkType::LinuxSll
                                  << QByteArray(14, 0) + be16(0x0800) + ipv4(segment) << false;
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
}

void TestFrameDecoder::linkTypes()
{
    QFETCH(int, linkType);
    QFETCH(QByteArray, frame);
    QFETCH(bool, v6);
    const DecodeResult r = decodeFrame(linkType, frame);
    QCOMPARE(r.status, DecodeResult::Status::Tcp);
    QCOMPARE(r.segment.sourcePort, quint16(51234));
    QCOMPARE(r.segment.destinationPort, quint16(45001));
    QCOMPARE(r.segment.seq, 1000u);
    QCOMPARE(r.segment.window, quint16(65495));
    QCOMPARE(r.segment.payloadLength, 0);
    QCOMPARE(flagLetters(r.segment.flags), QStringLiteral("S"));
    QCOMPARE(r.segment.options.size(), 5);
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
    QTest::addColumn<bool>("damaged");
    QTest::newRow("SYN of Linux") << kSynOptions
                                  << QStringList {"mss 1460", "sackOK", "TS val 1 ecr 0", "nop",
                                                  "wscale 7"}
                                  << false;
    QTest::newRow("sack blocks") << QByteArray::fromHex("0101050a000003e8000007d0")
                                 << QStringList {"nop", "nop", "sack 1 {1000:2000}"} << false;
    QTest::newRow("two sack blocks")
        << QByteArray::fromHex("0101051200000001000000020000000300000004")
        << QStringList {"nop", "nop", "sack 2 {1:2}{3:4}"} << false;
    QTest::newRow("eol stops") << QByteArray::fromHex("0100020405b4") << QStringList {"nop", "eol"}
                               << false;
    QTest::newRow("unknown kind") << QByteArray::fromHex("1e04abcd")
                                  << QStringList {"kind 30, 4 bytes"} << false;
    QTest::newRow("length zero") << QByteArray::fromHex("0200") << QStringList {"bad option kind 2"}
                                 << true;
    QTest::newRow("length past end")
        << QByteArray::fromHex("0108aabb") << QStringList {"nop", "bad option kind 8"} << true;
    QTest::newRow("mss of wrong size")
        << QByteArray::fromHex("0203ff00") << QStringList {"mss with 3 bytes", "eol"} << true;
    QTest::newRow("timestamps of wrong size")
        << QByteArray::fromHex("080600000001") << QStringList {"TS with 6 bytes", "eol"} << true;
}

void TestFrameDecoder::options()
{
    QFETCH(QByteArray, options);
    QFETCH(QStringList, expected);
    QFETCH(bool, damaged);
    const DecodeResult r = decodeFrame(LinkType::Raw, ipv4(tcp(0x02, options)));
    QCOMPARE(r.status, DecodeResult::Status::Tcp);
    QCOMPARE(r.segment.options, expected);
    QCOMPARE(r.segment.optionsDamaged, damaged);
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
    QCOMPARE(flagLetters(quint8(bits)), letters);
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
    QTest::newRow("empty raw") << LinkType::Raw << QByteArray() << int(S::Truncated) << "empty";
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

// Every prefix of a good frame decodes to some answer without reading past its end
// (run under the asan preset this catches any overread).
void TestFrameDecoder::everyPrefixIsSafe()
{
    struct Case
    {
        int linkType;
        QByteArray frame;
        int payload;
    };
    const QList<Case> cases = {
        {LinkType::Ethernet, ethernet(ipv4(tcp(0x18, kSynOptions, 12))), 12},
        {LinkType::LinuxSll2, be16(0x86dd) + QByteArray(18, 0) + ipv6(tcp(0x11, kSynOptions, 3)),
         3},
    };
    for (const Case &c : cases) {
        for (int n = 0; n < c.frame.size(); ++n) {
            const QByteArray prefix(c.frame.constData(), n); // a copy: asan sees its real end
            const DecodeResult r = decodeFrame(c.linkType, prefix);
            // Headers complete: a segment (its payload need not be captured); else a reason.
            QCOMPARE(r.status == DecodeResult::Status::Tcp, n >= c.frame.size() - c.payload);
            QVERIFY(r.status == DecodeResult::Status::Tcp || !r.problem.isEmpty());
        }
    }
}

QTEST_GUILESS_MAIN(TestFrameDecoder)
#include "tst_framedecoder.moc"
