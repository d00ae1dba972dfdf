// The lab network (issue 13): two hosts in namespaces of the lab's own and a wire between them.
// Every property of the wire is measured on real sockets through it, the hosts' settings are
// seen on the wire, and the keeper gives out nothing but what the lab needs.

#include "capture/framedecoder.h"
#include "labnet/wirerules.h"
#include "net/labnetwork.h"
#include "plainsockets.h"
#include "session/tcpoption.h"

#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include <arpa/inet.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QDir>
#include <QFile>
#include <QMap>
#include <cerrno>
#include <thread>

using namespace tcplab;
using namespace tcplab::test;

class TestLabNetwork : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void specsParseAndSayWhatIsWrong_data();
    void specsParseAndSayWhatIsWrong();
    void rulesCountTheirMatches();
    void lossIsRepeatable();
    void buildsInMilliseconds();
    void delayIsPerDirection();
    void jitterNeverReorders();
    void mtuSetsTheMss();
    void duplicateArrivesTwice();
    void holdReorders();
    void rateLimits();
    void randomLossIsRecovered();
    void dropTheNextSegment();
    void hostSettingsShowOnTheWire();
    void keeperGivesOutOnlyWhatTheLabNeeds();
    void anotherUserCannotEnter();
    void hostInterfacesSeeNothing();

private:
    struct Connection
    {
        Fd listener;
        Fd client;
        Fd server;
        quint16 port = 0;
    };
    bool connectPair(Connection *c);
    // Frames the wire reported so far that are TCP, decoded.
    struct Seen
    {
        WireFrame frame;
        TcpSegment segment;
    };
    QList<Seen> seen();

    std::unique_ptr<LabNetwork> m_net;
    QList<WireFrame> m_frames;
};

namespace {
labnet::WireSpec parse(const char *text)
{
    labnet::WireSpec spec;
    labnet::ParseError error;
    if (!labnet::parseWireSpec(text, &spec, &error))
        qFatal("does not parse: %s", text);
    return spec;
}

labnet::FrameInfo frame(quint8 flags, quint32 seq, quint32 ack, quint32 payload)
{
    labnet::FrameInfo f;
    f.tcp = true;
    f.flags = flags;
    f.seq = seq;
    f.ack = ack;
    f.payload = payload;
    return f;
}

bool sendAll(int fd, const QByteArray &data)
{
    return ::send(fd, data.constData(), size_t(data.size()), MSG_NOSIGNAL) == data.size();
}

QByteArray receive(int fd, int size)
{
    QByteArray out;
    char buffer[65536];
    while (out.size() < size) {
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0)
            break;
        out.append(buffer, int(n));
    }
    return out;
}
} // namespace

void TestLabNetwork::init()
{
    if (!QTest::currentTestFunction())
        return;
    const QByteArray name = QTest::currentTestFunction();
    if (name.startsWith("specs") || name.startsWith("rules") || name.startsWith("lossIs"))
        return; // the rules alone, no network
    m_frames.clear();
    m_net = std::make_unique<LabNetwork>();
    if (!m_net->start())
        QSKIP(qPrintable(QStringLiteral("no lab network here: ") + m_net->errorText()));
    connect(m_net.get(), &LabNetwork::frameCaptured, this,
            [this](const WireFrame &f) { m_frames.append(f); });
}

void TestLabNetwork::cleanup()
{
    m_net.reset();
}

bool TestLabNetwork::connectPair(Connection *c)
{
    c->listener.reset(m_net->openSocket(Side::Server, AF_INET, SOCK_STREAM));
    c->client.reset(m_net->openSocket(Side::Client, AF_INET, SOCK_STREAM));
    if (!c->listener.isValid() || !c->client.isValid())
        return false;
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(m_net->address(Side::Server).toIPv4Address());
    if (::bind(c->listener.get(), reinterpret_cast<sockaddr *>(&address), sizeof address) != 0
        || ::listen(c->listener.get(), 4) != 0)
        return false;
    socklen_t length = sizeof address;
    ::getsockname(c->listener.get(), reinterpret_cast<sockaddr *>(&address), &length);
    c->port = ntohs(address.sin_port);
    const int one = 1;
    ::setsockopt(c->client.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (::connect(c->client.get(), reinterpret_cast<sockaddr *>(&address), sizeof address) != 0)
        return false;
    c->server.reset(::accept(c->listener.get(), nullptr, nullptr));
    ::setsockopt(c->server.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return c->server.isValid();
}

QList<TestLabNetwork::Seen> TestLabNetwork::seen()
{
    m_net->drain();
    QList<Seen> out;
    for (const WireFrame &f : std::as_const(m_frames)) {
        const DecodeResult d = decodeFrame(f.frame.linkType, f.frame.data);
        if (d.status == DecodeResult::Status::Tcp)
            out.append({f, d.segment});
    }
    return out;
}

void TestLabNetwork::specsParseAndSayWhatIsWrong_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("canonical"); // empty: it must not parse
    QTest::addColumn<QString>("says");
    QTest::newRow("empty") << ""
                           << ""
                           << "";
    QTest::newRow("delay both") << "delay=50ms"
                                << "delay=50ms"
                                << "";
    QTest::newRow("per direction") << "delay=client:30ms, delay=server:10ms"
                                   << "delay=client:30ms,delay=server:10ms"
                                   << "";
    QTest::newRow("units") << "delay=1.5s,jitter=200us,rate=500kbit"
                           << "delay=1500ms,jitter=200us,rate=500kbit"
                           << "";
    QTest::newRow("rules") << "drop=client:fin,drop=server:data#2,dup=client:data@30ms,"
                              "hold=server:ack#*,rst=server:len=5,drop=server:last-ack"
                           << "drop=client:fin,drop=server:data#2,dup=client:data@30ms,"
                              "hold=server:ack#*,rst=server:len=5,drop=server:last-ack"
                           << "";
    QTest::newRow("loss and seed") << "loss=5%,seed=7"
                                   << "loss=5%,seed=7"
                                   << "";
    QTest::newRow("mtu") << "mtu=client:576"
                         << "mtu=client:576"
                         << "";
    QTest::newRow("unknown key") << "speed=1"
                                 << ""
                                 << "not a setting of the wire";
    QTest::newRow("bad time") << "delay=soon"
                              << ""
                              << "the value does not fit";
    QTest::newRow("too long") << "delay=61s"
                              << ""
                              << "the value does not fit";
    QTest::newRow("negative") << "delay=-5ms"
                              << ""
                              << "the value does not fit";
    QTest::newRow("mtu too small") << "mtu=100"
                                   << ""
                                   << "the value does not fit";
    QTest::newRow("loss over 100") << "loss=101%"
                                   << ""
                                   << "the value does not fit";
    QTest::newRow("rate too low") << "rate=1bit"
                                  << ""
                                  << "the value does not fit";
    QTest::newRow("no side") << "drop=fin"
                             << ""
                             << "client or server";
    QTest::newRow("bad side") << "drop=router:fin"
                              << ""
                              << "client or server";
    QTest::newRow("bad selector") << "drop=client:finn"
                                  << ""
                                  << "the wire picks segments";
    QTest::newRow("bad count") << "drop=client:fin#0"
                               << ""
                               << "count matches";
    QTest::newRow("empty item") << "delay=5ms,,loss=1%"
                                << ""
                                << "empty item";
    QTest::newRow("delay on drop only") << "drop=client:fin@5ms"
                                        << ""
                                        << "the value does not fit";
}

void TestLabNetwork::specsParseAndSayWhatIsWrong()
{
    QFETCH(QString, spec);
    QFETCH(QString, canonical);
    QFETCH(QString, says);
    QString error;
    const bool ok = LabNetwork::checkWireSpec(spec, &error);
    QCOMPARE(ok, says.isEmpty());
    if (!ok) {
        QVERIFY2(error.contains(says), qPrintable(error));
        return;
    }
    labnet::WireSpec parsed;
    labnet::ParseError problem;
    QVERIFY(labnet::parseWireSpec(spec.toStdString(), &parsed, &problem));
    QCOMPARE(QString::fromStdString(labnet::formatWireSpec(parsed)), canonical);
    // The canonical text reads back to itself.
    labnet::WireSpec again;
    QVERIFY(labnet::parseWireSpec(labnet::formatWireSpec(parsed), &again, &problem));
    QCOMPARE(labnet::formatWireSpec(again), labnet::formatWireSpec(parsed));
}

// The Nth match, every match, and the ACK of a FIN: counted per rule, per direction.
void TestLabNetwork::rulesCountTheirMatches()
{
    using Fate = labnet::WireEngine::Decision::Fate;
    using labnet::Dir;
    namespace f = labnet::tcpflag;
    labnet::WireEngine wire(parse("drop=server:data#2,drop=client:last-ack,dup=client:syn"));
    QCOMPARE(wire.decide(Dir::FromClient, frame(f::Syn, 100, 0, 0)).fate, Fate::Duplicate);
    QCOMPARE(wire.decide(Dir::FromClient, frame(f::Syn, 100, 0, 0)).fate, Fate::Deliver);
    QCOMPARE(wire.decide(Dir::FromServer, frame(f::Ack | f::Psh, 500, 101, 10)).fate,
             Fate::Deliver);
    QCOMPARE(wire.decide(Dir::FromServer, frame(f::Ack | f::Psh, 510, 101, 10)).fate, Fate::Drop);
    QCOMPARE(wire.decide(Dir::FromServer, frame(f::Ack | f::Psh, 520, 101, 10)).fate,
             Fate::Deliver);
    // The server's FIN; the client's ACK of it is not the last ACK (the client has no FIN out).
    QCOMPARE(wire.decide(Dir::FromServer, frame(f::Fin | f::Ack, 530, 101, 0)).fate, Fate::Deliver);
    QCOMPARE(wire.decide(Dir::FromClient, frame(f::Ack, 101, 531, 0)).fate, Fate::Deliver);
    // The client's FIN, the server's ACK, then the client's ACK of... nothing new: now the
    // client's pure ACK of the server's FIN, sent after its own FIN, is the last ACK.
    QCOMPARE(wire.decide(Dir::FromClient, frame(f::Fin | f::Ack, 101, 531, 0)).fate, Fate::Deliver);
    QCOMPARE(wire.decide(Dir::FromClient, frame(f::Ack, 102, 531, 0)).fate, Fate::Drop);
    QCOMPARE(wire.decide(Dir::FromClient, frame(f::Ack, 102, 531, 0)).fate, Fate::Deliver);
    // #*: every match.
    labnet::WireEngine every(parse("drop=client:len=3#*"));
    for (int i = 0; i < 5; ++i) {
        QCOMPARE(every.decide(Dir::FromClient, frame(f::Ack, 1, 1, 3)).fate, Fate::Drop);
        QCOMPARE(every.decide(Dir::FromClient, frame(f::Ack, 1, 1, 4)).fate, Fate::Deliver);
    }
    // A rule added later counts from then on.
    every.addRule(parse("hold=server:any").rules.front());
    QCOMPARE(every.decide(Dir::FromServer, frame(f::Ack, 1, 1, 0)).fate, Fate::Hold);
    QCOMPARE(every.decide(Dir::FromServer, frame(f::Ack, 1, 1, 0)).fate, Fate::Deliver);
}

// The same seed decides the same way; another seed, another way; the rate is near its value.
void TestLabNetwork::lossIsRepeatable()
{
    auto pattern = [](const char *spec) {
        labnet::WireEngine wire(parse(spec));
        QString out;
        for (int i = 0; i < 2000; ++i)
            out += wire.decide(labnet::Dir::FromClient, frame(labnet::tcpflag::Ack, 1, 1, 100)).fate
                    == labnet::WireEngine::Decision::Fate::Lose
                ? u'x'
                : u'.';
        return out;
    };
    const QString a = pattern("loss=10%,seed=7");
    QCOMPARE(pattern("loss=10%,seed=7"), a);
    QVERIFY(pattern("loss=10%,seed=8") != a);
    const qsizetype lost = a.count(u'x');
    QVERIFY2(lost > 140 && lost < 260, qPrintable(QString::number(lost)));
    QCOMPARE(pattern("loss=0%").count(u'x'), 0);
    QCOMPARE(pattern("loss=100%").count(u'x'), 2000);
}

void TestLabNetwork::buildsInMilliseconds()
{
    qInfo("the lab network was built in %.1f ms", double(m_net->setupUs()) / 1000.0);
    QVERIFY(m_net->setupUs() > 0 && m_net->setupUs() < 2000000);
    QCOMPARE(m_net->address(Side::Client).toIPv4Address() & 0xff, 1u);
    QCOMPARE(m_net->address(Side::Server).toIPv4Address() & 0xff, 2u);
    QCOMPARE(m_net->address(Side::Client).toIPv4Address() & ~0xffu,
             m_net->address(Side::Server).toIPv4Address() & ~0xffu);
    Connection c;
    QVERIFY(connectPair(&c));
    // The handshake and nothing else: no ARP, no IPv6 chatter.
    QTRY_COMPARE(seen().size(), 3);
    const QList<Seen> s = seen();
    QCOMPARE(s.at(0).segment.flags, quint8(TcpFlag::Syn));
    QCOMPARE(s.at(0).frame.from, Side::Client);
    QCOMPARE(s.at(1).frame.from, Side::Server);
}

void TestLabNetwork::delayIsPerDirection()
{
    QVERIFY(m_net->setWire(QStringLiteral("delay=client:30ms,delay=server:10ms")));
    Connection c;
    QVERIFY(connectPair(&c));
    QVERIFY(sendAll(c.client.get(), "ping"));
    QCOMPARE(receive(c.server.get(), 4), QByteArray("ping"));
    QVERIFY(sendAll(c.server.get(), "pong"));
    QCOMPARE(receive(c.client.get(), 4), QByteArray("pong"));
    QTRY_VERIFY(seen().size() >= 7);
    // Never early; late only by the scheduler's latency, which a busy machine stretches: the
    // median is the wire's delay.
    QList<qint64> delays[2];
    for (const Seen &x : seen()) {
        const qint64 delay = x.frame.arrivedRealtimeUs - x.frame.frame.realtimeUs;
        const qint64 want = x.frame.from == Side::Client ? 30000 : 10000;
        QVERIFY2(delay >= want,
                 qPrintable(QStringLiteral("%1 µs, expected %2").arg(delay).arg(want)));
        delays[x.frame.from == Side::Client ? 0 : 1].append(delay);
    }
    for (int d = 0; d < 2; ++d) {
        std::sort(delays[d].begin(), delays[d].end());
        const qint64 median = delays[d].at(delays[d].size() / 2);
        const qint64 want = d == 0 ? 30000 : 10000;
        qInfo("%s: median one-way delay %.2f ms (the wire's: %lld ms)",
              d == 0 ? "client" : "server", median / 1000.0, qlonglong(want / 1000));
        QVERIFY2(median < want + 2500, qPrintable(QString::number(median)));
    }
}

void TestLabNetwork::jitterNeverReorders()
{
    QVERIFY(m_net->setWire(QStringLiteral("delay=5ms,jitter=20ms")));
    Connection c;
    QVERIFY(connectPair(&c));
    for (int i = 0; i < 20; ++i)
        QVERIFY(sendAll(c.client.get(), QByteArray(1, char('a' + i))));
    QCOMPARE(receive(c.server.get(), 20), QByteArray("abcdefghijklmnopqrst"));
    qint64 lastArrival = 0;
    quint32 lastSeq = 0;
    qint64 low = 1 << 30;
    qint64 high = 0;
    for (const Seen &x : seen()) {
        if (x.frame.from != Side::Client || x.segment.payloadLength == 0)
            continue;
        const qint64 delay = x.frame.arrivedRealtimeUs - x.frame.frame.realtimeUs;
        low = std::min(low, delay);
        high = std::max(high, delay);
        QVERIFY(x.frame.arrivedRealtimeUs >= lastArrival); // in the order they were sent
        QVERIFY(x.segment.seq >= lastSeq);
        lastArrival = x.frame.arrivedRealtimeUs;
        lastSeq = x.segment.seq;
    }
    qInfo("one-way delays from %.1f to %.1f ms", low / 1000.0, high / 1000.0);
    QVERIFY(low >= 5000);
    QVERIFY(high > low + 2000); // it does vary
}

void TestLabNetwork::mtuSetsTheMss()
{
    QVERIFY(m_net->setWire(QStringLiteral("mtu=576")));
    Connection c;
    QVERIFY(connectPair(&c));
    QVERIFY(sendAll(c.client.get(), QByteArray(2000, 'x')));
    QCOMPARE(receive(c.server.get(), 2000).size(), 2000);
    const QList<Seen> s = seen();
    const TcpOption *mss = findOption(s.at(0).segment.options, TcpOption::Kind::Mss);
    QVERIFY(mss);
    QCOMPARE(mss->value, 536u);
    for (const Seen &x : s)
        QVERIFY(x.frame.frame.data.size() <= 576 + 14);
}

void TestLabNetwork::duplicateArrivesTwice()
{
    QVERIFY(m_net->setWire(QStringLiteral("dup=client:data@30ms")));
    Connection c;
    QVERIFY(connectPair(&c));
    QVERIFY(sendAll(c.client.get(), "hello"));
    QCOMPARE(receive(c.server.get(), 5), QByteArray("hello"));
    QTRY_VERIFY_WITH_TIMEOUT(
        [this] {
            const QList<Seen> s = seen();
            return std::any_of(s.begin(), s.end(),
                               [](const Seen &x) { return x.frame.fate == WireFate::Duplicate; });
        }(),
        2000);
    qint64 first = -1;
    qint64 copy = -1;
    for (const Seen &x : seen()) {
        if (x.segment.payloadLength == 5)
            (x.frame.fate == WireFate::Duplicate ? copy : first) = x.frame.arrivedRealtimeUs;
    }
    QVERIFY(first > 0 && copy > 0);
    // 30 ms later, never sooner; a busy machine may wake the wire a little late.
    QVERIFY2(copy - first >= 29500 && copy - first < 60000,
             qPrintable(QString::number(copy - first)));
    // The receiver took it once (TCP drops the copy) and said so with a duplicate ACK.
    char extra = 0;
    QCOMPARE(::recv(c.server.get(), &extra, 1, MSG_DONTWAIT), ssize_t(-1));
}

void TestLabNetwork::holdReorders()
{
    QVERIFY(m_net->setWire(QStringLiteral("hold=client:data")));
    Connection c;
    QVERIFY(connectPair(&c));
    // TCP_NODELAY: each write is a segment of its own, at once.
    QVERIFY(sendAll(c.client.get(), "first"));
    QVERIFY(sendAll(c.client.get(), "second"));
    QCOMPARE(receive(c.server.get(), 11), QByteArray("firstsecond"));
    qint64 firstArrived = -1;
    qint64 secondArrived = -1;
    // The held copy is reported when the wire lets it go.
    QTRY_VERIFY([&] {
        firstArrived = secondArrived = -1;
        for (const Seen &x : seen()) {
            if (x.frame.from == Side::Client && x.segment.payloadLength == 5 && firstArrived < 0)
                firstArrived = x.frame.arrivedRealtimeUs;
            if (x.frame.from == Side::Client && x.segment.payloadLength == 6)
                secondArrived = x.frame.arrivedRealtimeUs;
        }
        return firstArrived > 0 && secondArrived > 0;
    }());
    QVERIFY(firstArrived > 0 && secondArrived > 0);
    QVERIFY2(firstArrived > secondArrived, "the held segment arrived after the next one");
}

void TestLabNetwork::rateLimits()
{
    QVERIFY(m_net->setWire(QStringLiteral("rate=10mbit")));
    Connection c;
    QVERIFY(connectPair(&c));
    const int size = 200000;
    std::thread writer([&c] { sendAll(c.client.get(), QByteArray(size, 'r')); });
    QCOMPARE(receive(c.server.get(), size).size(), size);
    writer.join();
    QTRY_VERIFY([&] {
        qint64 delivered = 0;
        for (const Seen &x : seen())
            if (x.frame.from == Side::Client && x.frame.fate == WireFate::Delivered)
                delivered += x.segment.payloadLength;
        return delivered >= size;
    }());
    qint64 first = -1;
    qint64 last = -1;
    qint64 bytes = 0;
    for (const Seen &x : seen()) {
        if (x.frame.from != Side::Client || x.segment.payloadLength == 0
            || x.frame.fate != WireFate::Delivered)
            continue;
        if (first < 0)
            first = x.frame.arrivedRealtimeUs;
        last = x.frame.arrivedRealtimeUs;
        bytes += x.frame.frame.data.size();
    }
    const double seconds = double(last - first) / 1e6;
    const double mbit = double(bytes) * 8 / seconds / 1e6;
    qInfo("%lld bytes on the wire in %.3f s: %.2f Mbit/s (the wire's rate: 10)", qlonglong(bytes),
          seconds, mbit);
    // Never faster than the wire's rate; a busy machine may make it slower.
    QVERIFY2(mbit > 5 && mbit < 10.5, qPrintable(QString::number(mbit)));
}

void TestLabNetwork::randomLossIsRecovered()
{
    QVERIFY(m_net->setWire(QStringLiteral("loss=client:10%,seed=3")));
    Connection c;
    QVERIFY(connectPair(&c));
    const int size = 100000;
    std::thread writer([&c] { sendAll(c.client.get(), QByteArray(size, 'l')); });
    QCOMPARE(receive(c.server.get(), size), QByteArray(size, 'l'));
    writer.join();
    int lost = 0;
    for (const Seen &x : seen())
        lost += x.frame.fate == WireFate::Lost;
    qInfo("%d segments lost on the way, every byte delivered", lost);
    QVERIFY(lost > 0);
}

void TestLabNetwork::dropTheNextSegment()
{
    Connection c;
    QVERIFY(connectPair(&c));
    QVERIFY(m_net->addRule(QStringLiteral("drop=server:any")));
    QVERIFY(sendAll(c.server.get(), "answer"));
    QCOMPARE(receive(c.client.get(), 6), QByteArray("answer"));
    // The wire reports a delivery as it hands the frame over: the report may follow the data.
    QList<Seen> answers;
    QTRY_COMPARE(([&] {
                     answers.clear();
                     for (const Seen &x : seen()) {
                         if (x.frame.from == Side::Server && x.segment.payloadLength == 6)
                             answers.append(x);
                     }
                     return answers.size();
                 }()),
                 qsizetype(2));
    QCOMPARE(answers.at(0).frame.fate, WireFate::Dropped);
    QCOMPARE(answers.at(0).frame.arrivedRealtimeUs, -1);
    QCOMPARE(answers.at(1).frame.fate, WireFate::Delivered);
    QCOMPARE(answers.at(1).segment.seq, answers.at(0).segment.seq);
    qInfo("resent %.1f ms later",
          (answers.at(1).frame.frame.realtimeUs - answers.at(0).frame.frame.realtimeUs) / 1000.0);
}

// A host's setting changes what its SYN offers; the other host keeps its own.
void TestLabNetwork::hostSettingsShowOnTheWire()
{
    QCOMPARE(m_net->tcpSysctl(Side::Client, QStringLiteral("tcp_sack")), QStringLiteral("1"));
    QVERIFY(m_net->setTcpSysctl(Side::Client, QStringLiteral("tcp_sack"), QStringLiteral("0")));
    QVERIFY(
        m_net->setTcpSysctl(Side::Client, QStringLiteral("tcp_timestamps"), QStringLiteral("0")));
    QCOMPARE(m_net->tcpSysctl(Side::Client, QStringLiteral("tcp_sack")), QStringLiteral("0"));
    QCOMPARE(m_net->tcpSysctl(Side::Server, QStringLiteral("tcp_sack")), QStringLiteral("1"));
    Connection c;
    QVERIFY(connectPair(&c));
    const QList<Seen> s = seen();
    QVERIFY(!findOption(s.at(0).segment.options, TcpOption::Kind::SackPermitted));
    QVERIFY(!findOption(s.at(0).segment.options, TcpOption::Kind::Timestamp));
    QVERIFY(findOption(s.at(0).segment.options, TcpOption::Kind::Mss));
    // And this computer's own setting did not move.
    QFile own(QStringLiteral("/proc/sys/net/ipv4/tcp_sack"));
    QVERIFY(own.open(QIODevice::ReadOnly));
    QCOMPARE(own.readAll().trimmed(), QByteArray("1"));
}

// The keeper makes TCP and UDP sockets and sock_diag sockets, writes TCP settings under
// /proc/sys/net, and nothing else.
void TestLabNetwork::keeperGivesOutOnlyWhatTheLabNeeds()
{
    errno = 0;
    QCOMPARE(m_net->openSocket(Side::Client, AF_PACKET, SOCK_RAW), -1);
    QCOMPARE(errno, EPERM);
    QCOMPARE(m_net->openSocket(Side::Client, AF_INET, SOCK_RAW), -1);
    QCOMPARE(m_net->openSocket(Side::Server, AF_UNIX, SOCK_STREAM), -1);
    QCOMPARE(m_net->openSocket(Side::Server, AF_NETLINK, SOCK_RAW), -1);
    for (const char *name : {"../../kernel/hostname", "tcp_sack/../../x", "../ipv4/tcp_sack",
                             "tcp_sack\n", "", "ipv6/../../../etc"}) {
        QString error;
        QVERIFY2(
            !m_net->setTcpSysctl(Side::Client, QLatin1String(name), QStringLiteral("0"), &error),
            name);
        QVERIFY2(error.contains(u"EINVAL"), qPrintable(error));
        QVERIFY(!m_net->tcpSysctl(Side::Client, QLatin1String(name)));
    }
    const Fd tcp(m_net->openSocket(Side::Client, AF_INET, SOCK_STREAM));
    QVERIFY(tcp.isValid());
}

// Another user can neither enter the lab user's namespaces, nor read its keeper's descriptors,
// nor signal it.
void TestLabNetwork::anotherUserCannotEnter()
{
    if (::geteuid() != 0)
        QSKIP("needs root to act as two other users (CI runs as root)");
    const QString setpriv = QStandardPaths::findExecutable(QStringLiteral("setpriv"));
    const QString nsenter = QStandardPaths::findExecutable(QStringLiteral("nsenter"));
    if (setpriv.isEmpty() || nsenter.isEmpty())
        QSKIP("setpriv and nsenter (util-linux) are needed");
    // The lab of user nobody (65534): its keeper is held by a shell that waits.
    const QString keeper = LabNetwork::keeperLocation();
    QVERIFY(!keeper.isEmpty());
    QProcess lab;
    lab.start(setpriv,
              {"--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all",
               QStringLiteral(TCPLAB_BINARY), "run", "lost-syn", "--quiet"});
    QVERIFY(lab.waitForStarted());
    qint64 keeperPid = 0;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            QProcess ps;
            ps.start(QStringLiteral("pgrep"),
                     {"-P", QString::number(lab.processId()), "-x", "tcplab-net"});
            ps.waitForFinished();
            keeperPid = ps.readAllStandardOutput().trimmed().toLongLong();
            return keeperPid > 0;
        }(),
        5000);
    // User 65533 tries.
    auto asOther = [&](const QStringList &command) {
        QProcess p;
        p.start(setpriv,
                QStringList {"--reuid=65533", "--regid=65533", "--clear-groups", "--inh-caps=-all"}
                    + command);
        p.waitForFinished();
        return p.exitCode();
    };
    const QString fd3 = QStringLiteral("/proc/%1/fd/3").arg(keeperPid);
    QVERIFY(asOther({nsenter, QStringLiteral("--net=/proc/%1/ns/net").arg(keeperPid), "true"})
            != 0);
    QVERIFY(asOther({nsenter, QStringLiteral("--user=/proc/%1/ns/user").arg(keeperPid), "true"})
            != 0);
    QVERIFY(asOther({"ls", QStringLiteral("/proc/%1/fd").arg(keeperPid)}) != 0);
    QVERIFY(asOther({"cat", fd3}) != 0);
    QVERIFY(asOther({"kill", "-0", QString::number(keeperPid)}) != 0);
    QVERIFY(lab.waitForFinished(15000));
    QCOMPARE(lab.exitCode(), 0);
}

namespace {
// Packets each of this computer's interfaces has received and sent, by name.
QMap<QString, qint64> interfaceCounters()
{
    QMap<QString, qint64> out;
    const QDir dir(QStringLiteral("/sys/class/net"));
    for (const QString &name : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        qint64 sum = 0;
        for (const char *which : {"rx_packets", "tx_packets"}) {
            QFile file(dir.filePath(name + QStringLiteral("/statistics/") + QLatin1String(which)));
            if (file.open(QIODevice::ReadOnly))
                sum += file.readAll().trimmed().toLongLong();
        }
        out.insert(name, sum);
    }
    return out;
}
} // namespace

void TestLabNetwork::hostInterfacesSeeNothing()
{
    // Thousands of segments cross the lab's wire; this computer's interfaces (loopback
    // included) count only what the rest of the machine did meanwhile.
    const QMap<QString, qint64> before = interfaceCounters();
    QVERIFY(!before.isEmpty());
    Connection c;
    QVERIFY(connectPair(&c));
    const int size = 8 << 20;
    std::thread writer([&c] { sendAll(c.client.get(), QByteArray(size, 'n')); });
    QCOMPARE(receive(c.server.get(), size).size(), size);
    writer.join();
    const QMap<QString, qint64> after = interfaceCounters();
    const qint64 lab = seen().size();
    QVERIFY2(lab > 2000, qPrintable(QString::number(lab)));
    for (auto it = after.begin(); it != after.end(); ++it) {
        const qint64 moved = it.value() - before.value(it.key());
        qInfo("%s: %lld packets meanwhile (the lab's wire: %lld frames)", qPrintable(it.key()),
              qlonglong(moved), qlonglong(lab));
        QVERIFY2(moved < lab / 4, qPrintable(it.key()));
    }
}

QTEST_GUILESS_MAIN(TestLabNetwork)
#include "tst_labnetwork.moc"
