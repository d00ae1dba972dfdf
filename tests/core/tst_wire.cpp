// What reaches the session from the wire: live capture (as root; skipped with the reason
// otherwise) and the model used without capture, on the same experiments, both checked
// against what Linux puts on the wire (SCENARIOS.md), plus the kernel states after close().

#include "capture/helpercapture.h"
#include "capture/livecapture.h"
#include "capture/wire.h"
#include "lab/catalogue.h"
#include "lab/scenariorunner.h"
#include "labtestutil.h"
#include "session/eventtext.h"
#include "session/statetracker.h"
#include "silentport.h"

#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <functional>

using namespace tcplab;
using namespace tcplab::test;

namespace {

// "c:S s:S. c:." — who sent which flags, in order.
QString wirePattern(const Session &session)
{
    QStringList out;
    for (const Event &e : session.events()) {
        if (e.kind == Event::Kind::Segment)
            out.append((e.side == Side::Client ? QStringLiteral("c:") : QStringLiteral("s:"))
                       + e.flagLetters());
    }
    return out.join(QLatin1Char(' '));
}

// Expected patterns may mark a segment optional with "?" (a lone ACK that Linux sends only
// when the application took longer than the delayed-ACK time to answer).
bool matches(const QString &pattern, const QString &expected)
{
    QString regex = QStringLiteral("^");
    const QStringList tokens = expected.split(QLatin1Char(' '));
    for (const QString &token : tokens) {
        const bool optional = token.endsWith(QLatin1Char('?'));
        const QString bare = optional ? token.chopped(1) : token;
        regex += QStringLiteral("(?:%1 )%2")
                     .arg(QRegularExpression::escape(bare),
                          optional ? QStringLiteral("?") : QString());
    }
    regex += QStringLiteral("$");
    return QRegularExpression(regex).match(pattern + QLatin1Char(' ')).hasMatch();
}

// The states one end went through, as the segments show them (RFC 9293).
QStringList statesOf(const Session &session, Side side, int conn)
{
    QStringList out;
    for (const Event &e : session.events()) {
        if (e.isTransition() && e.side == side && e.conn == conn)
            out.append(tcpStateName(e.state));
    }
    return out;
}

QList<Event> segments(const Session &session)
{
    QList<Event> out;
    for (const Event &e : session.events()) {
        if (e.kind == Event::Kind::Segment)
            out.append(e);
    }
    return out;
}

bool livePermitted(QString *why)
{
    return LiveCapture::permitted(why);
}

} // namespace

class TestWire : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void helperDrainNeverWaits();
    void helperFailsThroughItsSignals();
    void helperStatusIsTranslatedWords_data();
    void helperStatusIsTranslatedWords();
    void seed_data();
    void seed();
    void experiments_data();
    void experiments();
    void liveRefusedWhenNotPermitted();
    void droppedFramesAreReported();
};

void TestWire::helperDrainNeverWaits()
{
    // A stand-in for tcplab-capture that sends the pcap file header, then nothing for a while:
    // drain() reads what has come and returns (it waited for 100 ms of quiet, up to a second, in
    // the GUI thread); isQuiet() tells the runner when the helper has been quiet that long.
    QTemporaryDir dir;
    const QString helper = dir.filePath(QStringLiteral("fake-helper"));
    QFile script(helper);
    QVERIFY(script.open(QIODevice::WriteOnly));
    script.write("#!/bin/sh\n"
                 "printf '\\324\\303\\262\\241\\002\\000\\004\\000\\000\\000\\000\\000"
                 "\\000\\000\\000\\000\\000\\000\\004\\000\\001\\000\\000\\000'\n"
                 "sleep 5\n");
    script.close();
    QVERIFY(script.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    HelperCapture capture(helper);
    QElapsedTimer started;
    started.start();
    capture.start(45001);
    const qint64 startTook = started.elapsed();
    qInfo("start() took %lld ms", qlonglong(startTook));
    QVERIFY2(startTook < 50, qPrintable(QString::number(startTook))); // it returns at once
    QCOMPARE(capture.state(), HelperCapture::State::Starting);
    QSignalSpy capturing(&capture, &HelperCapture::capturing);
    QVERIFY(capturing.wait(3000));
    QCOMPARE(capture.state(), HelperCapture::State::Capturing);
    QVERIFY(!capture.isQuiet());
    QElapsedTimer timer;
    timer.start();
    capture.drain();
    const qint64 drained = timer.elapsed();
    qInfo("drain() took %lld ms", qlonglong(drained));
    QVERIFY2(drained < 50, qPrintable(QString::number(drained)));
    QTRY_VERIFY_WITH_TIMEOUT(capture.isQuiet(), 1000);
}

// The helper refuses, cannot be started, or never begins: each ends in failed() with the
// lab's words for it, and start() itself never waits.
void TestWire::helperFailsThroughItsSignals()
{
    QTemporaryDir dir;
    auto fake = [&dir](const char *name, const QByteArray &body) {
        const QString path = dir.filePath(QString::fromLatin1(name));
        QFile script(path);
        if (!script.open(QIODevice::WriteOnly))
            return QString();
        script.write("#!/bin/sh\n" + body);
        script.close();
        script.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        return path;
    };
    {
        HelperCapture refusing(fake("refusing", "echo 'STATUS REFUSED 45001' >&2\nexit 3\n"));
        QSignalSpy failed(&refusing, &HelperCapture::failed);
        refusing.start(45001);
        QCOMPARE(refusing.state(), HelperCapture::State::Starting);
        QVERIFY(failed.wait(3000));
        QCOMPARE(refusing.state(), HelperCapture::State::Failed);
        QVERIFY(refusing.refused());
        QVERIFY2(refusing.errorText().contains(QStringLiteral("no socket of yours holds TCP port "
                                                              "45001")),
                 qPrintable(refusing.errorText()));
    }
    {
        HelperCapture missing(dir.filePath(QStringLiteral("not-there")));
        QSignalSpy failed(&missing, &HelperCapture::failed);
        missing.start(45001);
        QVERIFY(failed.wait(3000));
        QVERIFY(!missing.refused());
        QVERIFY2(missing.errorText().startsWith(QStringLiteral("The capture helper did not "
                                                               "start")),
                 qPrintable(missing.errorText()));
    }
    {
        HelperCapture silent(fake("silent", "sleep 10\n"));
        QSignalSpy failed(&silent, &HelperCapture::failed);
        QElapsedTimer timer;
        timer.start();
        silent.start(45001);
        QVERIFY(failed.wait(HelperCapture::kStartTimeoutMs + 2000));
        QVERIFY2(timer.elapsed() >= HelperCapture::kStartTimeoutMs * 9 / 10,
                 qPrintable(silent.errorText()));
        QVERIFY2(silent.errorText().contains(QStringLiteral("did not begin capturing within 3 "
                                                            "second")),
                 qPrintable(silent.errorText()));
    }
    {
        // Not a pcap stream: it fails, and is not taken for a capture.
        HelperCapture garbled(
            fake("garbled", "printf 'GARBAGE-GARBAGE-GARBAGE-GARBAGE'\nsleep 5\n"));
        QSignalSpy failed(&garbled, &HelperCapture::failed);
        QSignalSpy capturing(&garbled, &HelperCapture::capturing);
        garbled.start(45001);
        QVERIFY(failed.wait(3000));
        QCOMPARE(capturing.size(), 0);
        QVERIFY(garbled.errorText().contains(QStringLiteral("not a pcap stream")));
    }
    // Destroyed while its helper runs: nothing waits for the helper to end.
    QElapsedTimer timer;
    timer.start();
    {
        auto *running = new HelperCapture(fake("running", "sleep 10\n"));
        running->start(45001);
        QTest::qWait(50);
        delete running;
    }
    QVERIFY2(timer.elapsed() < 500, qPrintable(QString::number(timer.elapsed())));
}

void TestWire::helperStatusIsTranslatedWords_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("said");
    QTest::addColumn<uint>("dropped");
    QTest::newRow("refused") << "STATUS REFUSED 45001"
                             << "no socket of yours holds TCP port 45001" << 0u;
    QTest::newRow("stopped") << "STATUS STOPPED 80"
                             << "holds TCP port 80 any more" << 0u;
    QTest::newRow("dropped") << "STATUS DROPPED 12"
                             << "dropped 12 captured frame" << 12u;
    QTest::newRow("withheld") << "STATUS WITHHELD 7"
                              << "withheld 7 frame" << 7u;
    // For the lab (it waits for it before a call that could end the connection), not the user.
    QTest::newRow("proven") << "STATUS PROVEN 127.0.0.1 51000 127.0.0.1 45001"
                            << "" << 0u;
    QTest::newRow("cannot capture") << "STATUS CANNOT_CAPTURE socket: Operation not permitted"
                                    << "cannot capture: socket: Operation not permitted" << 0u;
    QTest::newRow("unknown") << "STATUS LAUNCH 1"
                             << "does not know: STATUS LAUNCH 1" << 0u;
    QTest::newRow("prose is not a status") << "tcplab-capture: refused 45001"
                                           << "" << 0u;
}

void TestWire::helperStatusIsTranslatedWords()
{
    // The helper's lines are codes, not prose parsed by prefix: the lab words them, translated.
    QFETCH(QString, line);
    QFETCH(QString, said);
    QFETCH(uint, dropped);
    quint32 total = 0;
    const QString text = HelperCapture::statusText(line, &total);
    QVERIFY2(said.isEmpty() ? text.isEmpty() : text.contains(said), qPrintable(text));
    QCOMPARE(total, dropped);
}

void TestWire::seed_data()
{
    QTest::addColumn<bool>("live");
    QTest::newRow("live") << true;
    QTest::newRow("modelled") << false;
}

void TestWire::seed()
{
    QFETCH(bool, live);
    QString why;
    if (live && !livePermitted(&why))
        QSKIP(qPrintable(QStringLiteral("live capture is not permitted here: ") + why));
    Session session;
    // The seed experiment on loopback, as the runner plays it everywhere.
    ScenarioRunner experiment(&session, *Catalogue::find(QStringLiteral("seed")),
                              live ? Wire::Mode::Live : Wire::Mode::Off);
    QSignalSpy finished(&experiment, &ScenarioRunner::finished);
    QVERIFY(experiment.prepare());
    experiment.run();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
    QCOMPARE(finished.at(0).at(0).toInt(), 0);
    QCOMPARE(session.capture(), live ? CaptureKind::Live : CaptureKind::Modelled);

    // The wire as Linux writes it (DESIGN.md §3); the client's ACK of the server's FIN rides
    // on its own FIN when it closes within the delayed-ACK time, as it does here.
    const QString pattern = wirePattern(session);
    QVERIFY2(matches(pattern, QStringLiteral("c:S s:S. c:. c:P. s:. s:P. c:. s:F. c:.? c:F. s:.")),
             qPrintable(pattern));
    const QList<Event> s = segments(session);
    for (const Event &e : s) {
        QCOMPARE(e.source, live ? Source::Live : Source::Modelled);
        QCOMPARE(e.conn, 1); // one connection: both ends, every segment
    }

    // The numbers: each side counts from its initial sequence number; SYN and FIN take one.
    const quint32 c = s.at(0).seq; // client ISN
    const quint32 v = s.at(1).seq; // server ISN
    QCOMPARE(s.at(1).ack, c + 1);
    QCOMPARE(s.at(2).seq, c + 1);
    QCOMPARE(s.at(2).ack, v + 1);
    QCOMPARE(s.at(3).len, 5); // "hello"
    QCOMPARE(s.at(3).seq, c + 1);
    QCOMPARE(s.at(4).ack, c + 6);
    QCOMPARE(s.at(5).len, 18); // "I got your message"
    QCOMPARE(s.at(5).seq, v + 1);
    QCOMPARE(s.at(6).ack, v + 19);
    QCOMPARE(s.at(7).seq, v + 19); // server FIN
    const Event &clientFin = s.at(s.size() - 2);
    QCOMPARE(clientFin.seq, c + 6);
    QCOMPARE(clientFin.ack, v + 20);
    QCOMPARE(s.constLast().seq, v + 20);
    QCOMPARE(s.constLast().ack, c + 7);
    for (const Event &e : s) {
        QCOMPARE(e.relSeq, e.seq - (e.side == Side::Client ? c : v));
        if (e.hasAck())
            QCOMPARE(e.relAck, e.ack - (e.side == Side::Client ? v : c));
    }
    // The options this kernel puts in its SYNs (modelled ones are read from its sysctls), and
    // the windows: a SYN's raw, later ones scaled by the shift the SYNs offered.
    const TcpOption *mss = findOption(s.at(0).options, TcpOption::Kind::Mss);
    QVERIFY2(mss && mss->value == 65495, qPrintable(tcpOptionTexts(s.at(0).options).join(u',')));
    QVERIFY(findOption(s.at(0).options, TcpOption::Kind::SackPermitted));
    QCOMPARE(s.at(0).options.constLast().kind, TcpOption::Kind::WindowScale);
    QVERIFY(findOption(s.at(1).options, TcpOption::Kind::SackPermitted));
    const int shift = int(s.at(0).options.constLast().value);
    QCOMPARE(s.at(0).win, 65495u);
    QCOMPARE(s.at(2).winShift, shift);
    QVERIFY2(s.at(2).scaledWindow().value_or(0) >= 65495, qPrintable(QString::number(s.at(2).win)));
    if (!live) {
        QCOMPARE(c, 0u); // modelled numbers are relative
        QCOMPARE(v, 0u);
    }

    // Each end's states, from the segments by RFC 9293's rules, each at the segment that
    // caused it: a sender's where the segment left, a receiver's where it arrived.
    QCOMPARE(statesOf(session, Side::Client, 1),
             (QStringList {"SYN_SENT", "ESTABLISHED", "CLOSE_WAIT", "LAST_ACK", "CLOSED"}));
    QCOMPARE(
        statesOf(session, Side::Server, 1),
        (QStringList {"SYN_RECEIVED", "ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2", "TIME_WAIT"}));
    const StateCheck check = StateCheck::of(session);
    for (int i = 0; i < session.size(); ++i) {
        const Event &e = session.at(i);
        if (e.isTransition()) {
            const int cause = session.indexOfId(e.cause);
            QVERIFY2(cause >= 0 && cause < i, qPrintable(EventText::describe(e)));
            QCOMPARE(e.tUs, session.at(cause).tUs);
            // A listener's LISTEN comes from listen(); an end's states from its segments.
            QCOMPARE(session.at(cause).kind, e.listener ? Event::Kind::Call : Event::Kind::Segment);
        }
        // TIME_WAIT, with its timer, is read from the kernel and confirms the inferred one.
        if (e.isReading() && e.state == TcpState::TimeWait) {
            QCOMPARE(e.via, StateVia::SockDiag);
            QVERIFY2(e.remainingMs > 50000 && e.remainingMs <= 60000,
                     qPrintable(QString::number(e.remainingMs)));
        }
    }
    QVERIFY2(check.disagreements.isEmpty(),
             qPrintable(EventText::describe(session.at(check.disagreements.value(0)))));
    int confirmedTimeWait = 0;
    for (auto it = check.confirmedBy.cbegin(); it != check.confirmedBy.cend(); ++it)
        confirmedTimeWait += session.at(it.key()).state == TcpState::TimeWait;
    QCOMPARE(confirmedTimeWait, 1);

    // Cause before effect: each segment comes after the call that sent it.
    auto indexOf = [&session](const std::function<bool(const Event &)> &what) {
        for (int i = 0; i < session.size(); ++i) {
            if (what(session.at(i)))
                return i;
        }
        return -1;
    };
    const int connectCall = indexOf([](const Event &e) { return e.is(Verb::Connect); });
    const int syn = indexOf([](const Event &e) { return e.kind == Event::Kind::Segment; });
    const int serverClose = indexOf(
        [](const Event &e) { return e.is(Verb::Close) && e.side == Side::Server && !e.listener; });
    const int serverFin
        = indexOf([](const Event &e) { return e.kind == Event::Kind::Segment && e.isFin(); });
    QVERIFY(connectCall >= 0 && syn > connectCall);
    QVERIFY(serverClose >= 0 && serverFin > serverClose);
}

// Other ways to end a connection, live and modelled, against SCENARIOS.md.
void TestWire::experiments_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("live");
    for (const char *name :
         {"close-with-unread-data", "linger-abort", "refused", "half-close", "close-vs-shutdown"}) {
        QTest::addRow("%s, live", name) << QString::fromLatin1(name) << true;
        QTest::addRow("%s, modelled", name) << QString::fromLatin1(name) << false;
    }
}

void TestWire::experiments()
{
    QFETCH(QString, name);
    QFETCH(bool, live);
    QString why;
    if (live && !livePermitted(&why))
        QSKIP(qPrintable(QStringLiteral("live capture is not permitted here: ") + why));
    Pair pair;
    Wire wire(pair.session.get(), live ? Wire::Mode::Live : Wire::Mode::Off);
    StateTracker tracker(pair.session.get());
    QString expected;

    if (name == QLatin1String("refused")) {
        SilentPort silent;
        QVERIFY(wire.watch(QHostAddress(QHostAddress::LocalHost), silent.port()));
        LabSocket client(pair.session.get(), Side::Client, 0);
        QSignalSpy failed(&client, &LabSocket::failed);
        client.connectToHost(QStringLiteral("127.0.0.1"), silent.port());
        QTRY_COMPARE(failed.count(), 1);
        wire.drain();
        const QList<Event> s = segments(*pair.session);
        QVERIFY2(matches(wirePattern(*pair.session), QStringLiteral("c:S s:R.")),
                 qPrintable(wirePattern(*pair.session)));
        QCOMPARE(s.at(1).seq, 0u); // the RST answers for a socket that never existed
        QCOMPARE(s.at(1).ack, s.at(0).seq + 1);
        return;
    }

    pair.listener = std::make_unique<Listener>(pair.session.get());
    QObject::connect(pair.listener.get(), &Listener::accepted, pair.listener.get(),
                     [&pair](LabSocket *socket) { pair.server = socket; });
    QVERIFY(pair.listener->start({}));
    QVERIFY(wire.watch(pair.listener->serverAddress(), pair.listener->serverPort()));
    pair.client = std::make_unique<LabSocket>(pair.session.get(), Side::Client, 0);
    QSignalSpy connected(pair.client.get(), &LabSocket::connected);
    pair.client->connectToHost(QStringLiteral("127.0.0.1"), pair.listener->serverPort());
    QTRY_VERIFY(connected.count() == 1 && pair.server);
    LabSocket *client = pair.client.get();
    LabSocket *server = pair.server;

    if (name == QLatin1String("close-with-unread-data")) {
        server->setAutoRead(false);
        QCOMPARE(client->write("unread"), 6);
        QTRY_COMPARE(server->bytesAvailable(), 6);
        QCOMPARE(server->close(), 0);
        QTRY_COMPARE(client->lastError(), ECONNRESET);
        expected = QStringLiteral("c:S s:S. c:. c:P. s:. s:R.");
    } else if (name == QLatin1String("linger-abort")) {
        QCOMPARE(client->abort(), 0);
        QTRY_COMPARE(server->lastError(), ECONNRESET);
        expected = QStringLiteral("c:S s:S. c:. c:R.");
    } else if (name == QLatin1String("half-close") || name == QLatin1String("close-vs-shutdown")) {
        const bool shutdown = name == QLatin1String("half-close");
        QSignalSpy serverEof(server, &LabSocket::endOfFile);
        QCOMPARE(client->write("request"), 7);
        if (shutdown)
            QCOMPARE(client->shutdown(LabSocket::Shutdown::Write), 0);
        else
            QCOMPARE(client->close(), 0);
        QTRY_COMPARE(serverEof.count(), 1);
        QVERIFY(server->write("answer") > 0);
        if (shutdown) {
            QTRY_COMPARE(client->received(), QByteArray("answer"));
            QCOMPARE(server->close(), 0);
            QTRY_VERIFY(client->eofSeen());
            QCOMPARE(client->close(), 0);
            // The server's answer carries the ACK of the FIN when it comes within 40 ms;
            // otherwise a lone ACK goes first.
            expected = QStringLiteral("c:S s:S. c:. c:P. s:. c:F. s:.? s:P. c:. s:F. c:.");
        } else {
            // After close() nobody can read: the answer draws RST (RFC 1122) and the
            // server's next write fails.
            QTRY_VERIFY(server->state() == TcpState::Closed || server->write("more") < 0);
            expected = QStringLiteral("c:S s:S. c:. c:P. s:. c:F. s:.? s:P. c:R");
        }
    }
    // The last segments may still be on their way into the capture buffer.
    QString pattern;
    QTRY_VERIFY2((wire.drain(), pattern = wirePattern(*pair.session), matches(pattern, expected)),
                 qPrintable(pattern + QStringLiteral("  expected  ") + expected));
}

void TestWire::liveRefusedWhenNotPermitted()
{
    QString why;
    if (livePermitted(&why))
        QSKIP("this process may capture (root): the unprivileged path is tested by tst_cli as user "
              "nobody");
    Session session;
    Wire wire(&session, Wire::Mode::Live);
    QVERIFY(!wire.isUsable());
    QVERIFY(wire.errorText().contains(QStringLiteral("setcap cap_net_raw,cap_net_admin=eip")));
    Wire automatic(&session, Wire::Mode::Auto);
    QVERIFY(automatic.isUsable());
    QVERIFY(!automatic.isLive());
    QVERIFY(automatic.modelledReason().contains(QStringLiteral("modelled")));
}

// Frames lost in the kernel's capture ring are counted and said, never silently missing: fill
// the ring (about 250 slots) while nobody reads it.
void TestWire::droppedFramesAreReported()
{
    QString why;
    if (!livePermitted(&why))
        QSKIP(qPrintable(QStringLiteral("live capture is not permitted here: ") + why));
    // A listener nobody accepts from, and 200 short connections to it: over 800 frames.
    const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    QCOMPARE(::bind(listener, reinterpret_cast<sockaddr *>(&address), sizeof(address)), 0);
    QCOMPARE(::listen(listener, 1024), 0);
    socklen_t length = sizeof(address);
    ::getsockname(listener, reinterpret_cast<sockaddr *>(&address), &length);
    Session session;
    Wire wire(&session, Wire::Mode::Live);
    QVERIFY(wire.watch(QHostAddress::LocalHost, ntohs(address.sin_port)));
    QSignalSpy problems(&wire, &Wire::problemsChanged);
    for (int i = 0; i < 200; ++i) {
        const int client = ::socket(AF_INET, SOCK_STREAM, 0);
        QCOMPARE(::connect(client, reinterpret_cast<sockaddr *>(&address), sizeof(address)), 0);
        QCOMPARE(::send(client, "x", 1, 0), 1);
        ::close(client);
    }
    wire.drain();
    QVERIFY(wire.captureNote().contains(QStringLiteral("dropped")));
    QVERIFY(problems.count() >= 1);
    ::close(listener);
}

QTEST_GUILESS_MAIN(TestWire)
#include "tst_wire.moc"
