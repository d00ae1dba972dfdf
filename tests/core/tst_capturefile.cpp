// Capture files: a live run saved as pcap and read back segment by segment; Linux cooked
// captures (libpcap's writer) and pcapng (written by hand here) open too; truncated, corrupted
// and empty files give clear answers.

#include "capture/capturefile.h"
#include "capture/framedecoder.h"
#include "capture/livecapture.h"
#include "framebuilder.h"
#include "lab/catalogue.h"
#include "lab/scenariorunner.h"
#include "plainsockets.h"
#include "session/session.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <utility>

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

// A pcapng file: section header, one Ethernet interface, an enhanced packet block per frame
// (timestamps 10, 20, ... µs; `high` sets the upper 32 bits of the first one).
QByteArray pcapng(const QList<QByteArray> &frames, quint32 high = 0)
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
              le32(0) + le32(std::exchange(high, 0)) + le32(t += 10) + le32(quint32(frame.size()))
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
    void damagedTimestamp();
    void truncatedFile();
    void reusedFourTuple();
    void unreadableFramesAreNamed_data();
    void unreadableFramesAreNamed();
    void notACapture_data();
    void notACapture();
};

void TestCaptureFile::liveRunRoundTrip()
{
    QString why;
    if (!LiveCapture::permitted(&why))
        QSKIP(qPrintable(QStringLiteral("live capture is not permitted here: ") + why));
    Session session;
    // The seed experiment on loopback, as the runner plays it everywhere.
    ScenarioRunner experiment(&session, *Catalogue::find(QStringLiteral("seed")), Wire::Mode::Live);
    QSignalSpy finished(&experiment, &ScenarioRunner::finished);
    QVERIFY(experiment.prepare());
    experiment.run();
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

void TestCaptureFile::damagedTimestamp()
{
    // A timestamp near 2^64 µs: converting it overflowed a signed 64-bit number (UBSan).
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("time.pcapng"));
    QFile out(path);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(
        pcapng({ethernet(ipv4(tcp(0x02, kSynOptions))), ethernet(ipv4(tcp(0x04)))}, 0xfffffff0));
    out.close();
    CaptureFile file;
    QString error;
    QVERIFY2(file.open(path, &error), qPrintable(error));
    QCOMPARE(file.connections().size(), 1);
    QVERIFY2(file.unreadable().join(u' ').contains(QStringLiteral("timestamp out of range")),
             qPrintable(file.unreadable().join(u' ')));
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

namespace {

QStringList wireOf(const Session &session)
{
    QStringList out;
    for (const Event &e : session.events())
        if (e.kind == Event::Kind::Segment)
            out << (e.side == Side::Client ? QStringLiteral("c:") : QStringLiteral("s:"))
                    + e.flagLetters();
    return out;
}

QStringList statesOf(const Session &session, Side side)
{
    QStringList out;
    for (const Event &e : session.events())
        if (e.kind == Event::Kind::State && e.side == side)
            out << tcpStateName(e.state);
    return out;
}

} // namespace

// A client that binds the same port twice makes two connections on one 4-tuple. The kernel's
// frames, captured and saved, open as two connections (as tshark splits them into two
// streams), each with its own numbers and states, not one connection that starts twice.
void TestCaptureFile::reusedFourTuple()
{
    QString why;
    if (!LiveCapture::permitted(&why))
        QSKIP(qPrintable(QStringLiteral("live capture is not permitted here: ") + why));
    const QHostAddress host(QHostAddress::LocalHost);
    test::Fd listener(test::listenOn(host));
    QVERIFY(listener.isValid());
    const quint16 serverPort = test::endOf(listener.get(), false).port;
    LiveCapture capture;
    QVERIFY2(capture.start(QStringLiteral("lo"), QStringLiteral("tcp port %1").arg(serverPort)),
             qPrintable(capture.errorText()));
    const quint16 clientPort = test::reuseFourTuple(listener.get(), host);
    QVERIFY(clientPort != 0);
    // Both FINs and the last ACK: the second connection is over on the wire.
    auto finsAndLastAck = [&capture] {
        int fins = 0;
        bool ackAfter = false;
        for (const CapturedFrame &f : capture.frames()) {
            const DecodeResult d = decodeFrame(f.linkType, f.data);
            if (d.status != DecodeResult::Status::Tcp)
                continue;
            ackAfter = fins == 2 && (d.segment.flags & TcpSegment::Ack);
            if (d.segment.flags & TcpSegment::Fin)
                ++fins;
        }
        return fins == 2 && ackAfter;
    };
    QTRY_VERIFY_WITH_TIMEOUT(finsAndLastAck(), 5000);
    capture.stop();

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("reused.pcap"));
    QString error;
    QVERIFY2(CaptureFile::writePcap(path, capture.frames(), &error), qPrintable(error));
    CaptureFile file;
    QVERIFY2(file.open(path, &error), qPrintable(error));
    QCOMPARE(file.connections().size(), 2);
    for (const CaptureConnection &c : file.connections()) {
        QCOMPARE(c.clientPort, clientPort);
        QCOMPARE(c.serverPort, serverPort);
        QVERIFY(c.handshake);
    }
    const CaptureConnection &first = file.connections().at(0);
    const CaptureConnection &second = file.connections().at(1);
    QVERIFY(first.reset && !first.clientFin && !first.serverFin);
    QCOMPARE(first.bytes, 0);
    QVERIFY(!second.reset && second.clientFin && second.serverFin);
    QCOMPARE(second.bytes, 5);

    Session aborted;
    QVERIFY2(file.load(0, &aborted, &error), qPrintable(error));
    QCOMPARE(wireOf(aborted), (QStringList {"c:S", "s:S.", "c:.", "c:R."}));
    QCOMPARE(statesOf(aborted, Side::Client), (QStringList {"SYN_SENT", "ESTABLISHED", "CLOSED"}));
    Session closed;
    QVERIFY2(file.load(1, &closed, &error), qPrintable(error));
    const QStringList wire = wireOf(closed);
    QCOMPARE(wire.first(), QStringLiteral("c:S"));
    QCOMPARE(wire.count(QStringLiteral("c:S")), 1); // the first connection's SYN is not here
    QVERIFY2(!wire.join(u' ').contains(u'R'), qPrintable(wire.join(u' ')));
    // Each connection counts from its own ISN: the second SYN is relative 0, not a jump.
    for (const Event &e : closed.events()) {
        if (e.kind == Event::Kind::Segment) {
            QCOMPARE(e.relSeq, quint32(0));
            break;
        }
    }
    QCOMPARE(
        statesOf(closed, Side::Server),
        (QStringList {"SYN_RECEIVED", "ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2", "TIME_WAIT"}));
    QCOMPARE(statesOf(closed, Side::Client),
             (QStringList {"SYN_SENT", "ESTABLISHED", "CLOSE_WAIT", "LAST_ACK", "CLOSED"}));
}

// Frames the lab cannot read are named, with how many there were, rather than skipped: a file
// of nothing else says why it holds no connection, and one with a connection as well lists
// them beside it.
void TestCaptureFile::unreadableFramesAreNamed_data()
{
    QTest::addColumn<int>("linkType");
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<QString>("reason");
    QTest::newRow("named link type")
        << 107 << QByteArray(40, '\x11') << "link type 107 (Frame Relay) is not supported";
    QTest::newRow("unnamed link type")
        << 147 << QByteArray(40, '\x11') << "link type 147 is not supported";
    QTest::newRow("esp") << int(LinkType::Ethernet) << ethernet(ipv4(QByteArray(40, 0), 50))
                         << "ESP-encapsulated traffic is not decoded";
    QTest::newRow("mpls") << int(LinkType::Ethernet)
                          << ethernet(QByteArray::fromHex("00001140") + ipv4(tcp(0x02)), 0x8847)
                          << "MPLS-encapsulated traffic is not decoded";
    QTest::newRow("pptp") << int(LinkType::Ethernet)
                          << ethernet(ipv4(
                                 QByteArray::fromHex("3081880b00000000") + QByteArray(20, 0), 47))
                          << "PPTP-encapsulated traffic is not decoded";
}

void TestCaptureFile::unreadableFramesAreNamed()
{
    QFETCH(int, linkType);
    QFETCH(QByteArray, frame);
    QFETCH(QString, reason);
    CapturedFrame unreadable;
    unreadable.realtimeUs = 1700000000000000;
    unreadable.linkType = linkType;
    unreadable.data = frame;
    unreadable.originalLength = frame.size();
    QTemporaryDir dir;
    QString error;
    const QString alone = dir.filePath(QStringLiteral("alone.pcap"));
    QVERIFY2(CaptureFile::writePcap(alone, {unreadable, unreadable, unreadable}, &error),
             qPrintable(error));
    CaptureFile file;
    QVERIFY(!file.open(alone, &error));
    QVERIFY2(error.contains(QStringLiteral("holds no TCP connection that TCP Lab can read: ")
                            + reason + QStringLiteral(" (3 frame(s))")),
             qPrintable(error));

    // Beside a connection (on an Ethernet link: a pcap file has one link type).
    if (linkType != int(LinkType::Ethernet))
        return;
    QList<CapturedFrame> frames = handshake(
        LinkType::Ethernet, [](const QByteArray &s) { return ethernet(ipv6(s), 0x86dd); });
    unreadable.realtimeUs = frames.last().realtimeUs + 10;
    frames.append(unreadable);
    const QString mixed = dir.filePath(QStringLiteral("mixed.pcap"));
    QVERIFY2(CaptureFile::writePcap(mixed, frames, &error), qPrintable(error));
    QVERIFY2(file.open(mixed, &error), qPrintable(error));
    QCOMPARE(file.connections().size(), 1);
    QCOMPARE(file.unreadable(), QStringList {QStringLiteral("1 frame(s) not read: ") + reason});
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
