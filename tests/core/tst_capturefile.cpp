// Capture files: a live run saved as pcap and read back segment by segment; Linux cooked
// captures (libpcap's writer) and pcapng (written by hand here) open too; truncated, corrupted
// and empty files give clear answers.

#include "capture/capturefile.h"
#include "capture/framedecoder.h"
#include "capture/livecapture.h"
#include "framebuilder.h"
#include "lab/seedexperiment.h"
#include "session/session.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace tcplab;
using namespace framebuilder;

namespace {

// The same TCP segment the other way: ports swapped (the IPv6 addresses are both ::1).
QByteArray reversed(QByteArray segment)
{
    std::swap_ranges(segment.begin(), segment.begin() + 2, segment.begin() + 2);
    return segment;
}

// A handshake and 5 bytes of data, each TCP segment put in a frame by `frame`. Both ends have
// one address, so that a reply differs only in its ports.
QList<CapturedFrame> handshake(int linkType, QByteArray (*frame)(const QByteArray &ipv6))
{
    const QList<QByteArray> segments
        = {tcp(0x02, kSynOptions, 0, 1000), reversed(tcp(0x12, kSynOptions, 0, 5000, 1001)),
           tcp(0x10, {}, 0, 1001, 5001), tcp(0x18, {}, 5, 1001, 5001)};
    QList<CapturedFrame> frames;
    for (int i = 0; i < segments.size(); ++i) {
        CapturedFrame f;
        f.realtimeUs = 1700000000000000 + i * 10;
        f.linkType = linkType;
        f.data = frame(segments.at(i));
        f.originalLength = f.data.size();
        frames.append(f);
    }
    return frames;
}

QList<CapturedFrame> cookedHandshake()
{
    // Linux cooked (SLL) header: packet type, ARPHRD, address length, address, protocol.
    return handshake(LinkType::LinuxSll, [](const QByteArray &segment) {
        return be16(0) + be16(772) + be16(6) + QByteArray(8, 0) + be16(0x86dd) + ipv6(segment);
    });
}

QByteArray le16(quint16 v)
{
    QByteArray b(2, 0);
    qToLittleEndian(v, b.data());
    return b;
}

QByteArray le32(quint32 v)
{
    QByteArray b(4, 0);
    qToLittleEndian(v, b.data());
    return b;
}

// A pcapng file: section header, one Ethernet interface, an enhanced packet block per frame.
QByteArray pcapng(const QList<QByteArray> &frames)
{
    QByteArray out;
    auto block = [&out](quint32 type, const QByteArray &body) {
        const quint32 length = 12 + quint32(body.size());
        out += le32(type) + le32(length) + body + le32(length);
    };
    block(0x0a0d0d0a,
          le32(0x1a2b3c4d) + le16(1) + le16(0) + QByteArray::fromHex("ffffffffffffffff"));
    block(0x00000001, le16(1) + le16(0) + le32(262144));
    quint32 t = 0;
    for (const QByteArray &frame : frames) {
        QByteArray data = frame;
        while (data.size() % 4)
            data += char(0);
        block(0x00000006,
              le32(0) + le32(0) + le32(t += 10) + le32(quint32(frame.size()))
                  + le32(quint32(frame.size())) + data);
    }
    return out;
}

} // namespace

class TestCaptureFile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void liveRunRoundTrip();
    void cookedCapture();
    void tunnelsAndPpp_data();
    void tunnelsAndPpp();
    void pcapngFile();
    void truncatedFile();
    void notACapture_data();
    void notACapture();
};

void TestCaptureFile::liveRunRoundTrip()
{
    QString why;
    if (!LiveCapture::permitted(&why))
        QSKIP(qPrintable(QStringLiteral("live capture is not permitted here: ") + why));
    Session session;
    SeedExperiment::Config config;
    config.capture = Wire::Mode::Live;
    SeedExperiment experiment(&session, config);
    QSignalSpy finished(&experiment, &SeedExperiment::finished);
    experiment.start();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("seed.pcap"));
    QString error;
    QVERIFY2(CaptureFile::writePcap(path, experiment.wire()->frames(), &error), qPrintable(error));

    CaptureFile file;
    QVERIFY2(file.open(path, &error), qPrintable(error));
    QCOMPARE(file.connections().size(), 1);
    QVERIFY2(file.connections().at(0).summary().contains(
                 QStringLiteral("10 packet(s), 23 bytes, handshake complete, FIN/FIN")),
             qPrintable(file.connections().at(0).summary()));
    Session loaded;
    QVERIFY(file.load(0, &loaded, &error));
    QCOMPARE(loaded.capture(), CaptureKind::File);
    QList<Event> a;
    QList<Event> b;
    for (const Event &e : session.events())
        if (e.kind == Event::Kind::Segment)
            a.append(e);
    for (const Event &e : loaded.events())
        if (e.kind == Event::Kind::Segment)
            b.append(e);
    QCOMPARE(b.size(), a.size());
    for (int i = 0; i < a.size(); ++i) {
        QCOMPARE(b.at(i).flags, a.at(i).flags);
        QCOMPARE(b.at(i).seq, a.at(i).seq);
        QCOMPARE(b.at(i).ack, a.at(i).ack);
        QCOMPARE(b.at(i).relSeq, a.at(i).relSeq);
        QCOMPARE(b.at(i).len, a.at(i).len);
        QCOMPARE(b.at(i).side, a.at(i).side);
        QCOMPARE(b.at(i).options, a.at(i).options);
        QCOMPARE(b.at(i).source, Source::File);
    }
    // With no kernel to ask, every state comes from the segments.
    QStringList server;
    for (const Event &e : loaded.events()) {
        if (e.kind == Event::Kind::State) {
            QCOMPARE(e.source, Source::Inferred);
            if (e.side == Side::Server)
                server << tcpStateName(e.state);
        }
    }
    QCOMPARE(
        server,
        (QStringList {"SYN_RECEIVED", "ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2", "TIME_WAIT"}));
}

void TestCaptureFile::cookedCapture()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cooked.pcap"));
    QString error;
    QVERIFY2(CaptureFile::writePcap(path, cookedHandshake(), &error), qPrintable(error));
    CaptureFile file;
    QVERIFY2(file.open(path, &error), qPrintable(error));
    QCOMPARE(file.connections().size(), 1);
    const CaptureConnection &c = file.connections().at(0);
    QCOMPARE(c.clientPort, quint16(51234));
    QCOMPARE(c.server, QHostAddress(QHostAddress::LocalHostIPv6));
    QCOMPARE(c.packets, 4);
    QCOMPARE(c.bytes, 5);
    Session s;
    QVERIFY(file.load(0, &s, &error));
    QStringList flags;
    for (const Event &e : s.events())
        if (e.kind == Event::Kind::Segment)
            flags << (e.side == Side::Client ? QStringLiteral("c:") : QStringLiteral("s:"))
                    + e.flagLetters();
    QCOMPARE(flags, (QStringList {"c:S", "s:S.", "c:.", "c:P."}));
}

// libpcap writes and reads these link types as they are, and the connection is the innermost one.
void TestCaptureFile::tunnelsAndPpp_data()
{
    QTest::addColumn<QList<CapturedFrame>>("frames");
    QTest::newRow("ppp") << handshake(
        LinkType::Ppp, [](const QByteArray &s) { return ppp(0x0057, ipv6(s, {}, 6, 2)); });
    QTest::newRow("ppp hdlc") << handshake(LinkType::PppHdlc, [](const QByteArray &s) {
        return ppp(0x0057, ipv6(s, {}, 6, 2), true, true);
    });
    QTest::newRow("pppoe") << handshake(LinkType::PppEther, [](const QByteArray &s) {
        return pppoe(ppp(0x0057, ipv6(s, {}, 6, 2), false));
    });
    QTest::newRow("ipoib") << handshake(
        LinkType::IpOverIb, [](const QByteArray &s) { return ipoib(0x86dd, ipv6(s, {}, 6, 2)); });
    QTest::newRow("gre") << handshake(LinkType::Ethernet, [](const QByteArray &s) {
        return ethernet(ipv4(gre(0x86dd, ipv6(s, {}, 6, 2), 0x2000), 47));
    });
    QTest::newRow("vxlan") << handshake(LinkType::Ethernet, [](const QByteArray &s) {
        return ethernet(ipv4(vxlan(ethernet(ipv6(s, {}, 6, 2), 0x86dd)), 17));
    });
    QTest::newRow("geneve") << handshake(LinkType::Raw, [](const QByteArray &s) {
        return ipv6(geneve(0x86dd, ipv6(s, {}, 6, 2), 2), {}, 17);
    });
}

void TestCaptureFile::tunnelsAndPpp()
{
    QFETCH(QList<CapturedFrame>, frames);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("capture.pcap"));
    QString error;
    QVERIFY2(CaptureFile::writePcap(path, frames, &error), qPrintable(error));
    CaptureFile file;
    QVERIFY2(file.open(path, &error), qPrintable(error));
    QCOMPARE(file.connections().size(), 1);
    const CaptureConnection &c = file.connections().at(0);
    QCOMPARE(c.client, QHostAddress(QStringLiteral("::2")));
    QCOMPARE(c.clientPort, quint16(51234));
    QCOMPARE(c.serverPort, quint16(45001));
    QCOMPARE(c.packets, 4);
    QCOMPARE(c.bytes, 5);
    QVERIFY(c.handshake);
}

void TestCaptureFile::pcapngFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("capture.pcapng"));
    QFile out(path);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(pcapng({ethernet(ipv4(tcp(0x02, kSynOptions))), ethernet(ipv4(tcp(0x04)))}));
    out.close();
    CaptureFile file;
    QString error;
    QVERIFY2(file.open(path, &error), qPrintable(error));
    QCOMPARE(file.connections().size(), 1);
    QVERIFY(file.connections().at(0).reset);
    QVERIFY(file.connections().at(0).summary().contains(QStringLiteral("RST")));
}

void TestCaptureFile::truncatedFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cut.pcap"));
    QString error;
    QVERIFY(CaptureFile::writePcap(path, cookedHandshake(), &error));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadWrite));
    f.resize(f.size() - 10); // the last frame is cut short
    f.close();
    CaptureFile file;
    QVERIFY2(file.open(path, &error), qPrintable(error));
    QVERIFY2(file.stoppedAt().contains(QStringLiteral("after frame 3")),
             qPrintable(file.stoppedAt()));
    QCOMPARE(file.connections().at(0).packets, 3); // read as far as it goes
}

void TestCaptureFile::notACapture_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("error");
    QTest::newRow("empty") << QByteArray() << "is empty";
    QTest::newRow("text") << QByteArray("hello, this is not a capture\n") << "not a capture file";
    QTest::newRow("garbage") << QByteArray(4096, '\xa5') << "not a capture file";
    QTest::newRow("no tcp") << QByteArray() << "no TCP connection";
}

void TestCaptureFile::notACapture()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, error);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("x.pcap"));
    if (error == QLatin1String("no TCP connection")) {
        CapturedFrame udp;
        udp.linkType = LinkType::Raw;
        udp.data = ipv4(QByteArray(8, 0), 17);
        udp.originalLength = udp.data.size();
        QString e;
        QVERIFY(CaptureFile::writePcap(path, {udp}, &e));
    } else {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(bytes);
    }
    CaptureFile file;
    QString message;
    QVERIFY(!file.open(path, &message));
    QVERIFY2(message.contains(error), qPrintable(message));
}

QTEST_GUILESS_MAIN(TestCaptureFile)
#include "tst_capturefile.moc"
