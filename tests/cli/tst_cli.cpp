// The headless runner as teachers' scripts use it: the built tcplab binary in a QProcess,
// its exit codes and messages, its JSON, and interoperation with the article's client.c and
// server.c (plain BSD-sockets programs, not written with Qt) in both directions.

#include <sys/stat.h>

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include "plainsockets.h"
#include "silentport.h"

#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QNetworkInterface>
#include <unistd.h>

#include <csignal>

class TestCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void version();
    void list();
    void usageErrors_data();
    void usageErrors();
    void seedJson();
    void seedQuiet();
    void seedFileRunsItsOwnSteps();
    void failingFirstStepEnds();
    void unreadableScenarioFiles();
    void outputsCheckedBeforeTheRun();
    void portInUse();
    void connectionRefused();
    void unknownHost();
    void helpListsEveryCommand();
    void serverRoleWithCClient();
    void serverServesAClass();
    void serverStopsOnInterrupt();
    void clientRoleWithCServer();
    void liveCaptureMatchesTcpdump();
    void labCaptureMatchesTcpdumpInside();
    void labNetworkForEveryUser();
    void labNetworkLeavesNothing();
    void wireSpecErrors();
    void labNetworkRefusedIsExplained();
    void scenarioFiles();
    void checkShippedExperiments();
    void checkRefusesBrokenFiles();
    void exportsAndCaptures();
    void unprivilegedUserGetsModelledSession();
    void captureHelperForOrdinaryUser();
    void qtEngineInterop_data();
    void qtEngineInterop();
    void textbookPictureRefusesLiveCapture();
    void everyConnectionInJsonAndText();
    void delayedAckLessonsFailWithoutDelayedAcks();
    void openSplitsAReusedFourTuple();
    void anotherMessageIsCheckedByItsLength();

private:
    struct Result
    {
        int exitCode = -1;
        QString out;
        QString err;
    };
    static Result run(const QStringList &arguments, int timeoutMs = 30000);
};

TestCli::Result TestCli::run(const QStringList &arguments, int timeoutMs)
{
    QProcess process;
    process.start(QStringLiteral(TCPLAB_BINARY), arguments);
    Result result;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        result.err = QStringLiteral("timed out");
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

// Starts `tcplab run seed --role server --port 0 --clients 1` (one student, the whole run; and
// extra arguments) and waits for the port
// it prints; empty when it said none within 10 s. What it printed goes to *out.
static QString startSeedServer(QProcess *server, const QStringList &extra, QString *out)
{
    server->start(QStringLiteral(TCPLAB_BINARY),
                  QStringList {"run", "seed", "--role", "server", "--port", "0", "--clients", "1"}
                      + extra);
    const QRegularExpression listening(QStringLiteral("Listening on 127\\.0\\.0\\.1:(\\d+)"));
    QDeadlineTimer deadline(10000);
    while (!deadline.hasExpired()) {
        *out += QString::fromUtf8(server->readAllStandardOutput());
        const QRegularExpressionMatch match = listening.match(*out);
        if (match.hasMatch())
            return match.captured(1);
        server->waitForReadyRead(100);
    }
    return {};
}

void TestCli::initTestCase()
{
    // The runner follows the system locale; these tests read its English output.
    qputenv("LC_ALL", "C");
    qputenv("LANG", "C");
    qunsetenv("LANGUAGE");
}

void TestCli::version()
{
    const Result r = run({QStringLiteral("--version")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(QRegularExpression(QStringLiteral("^tcplab \\d+\\.\\d+\\.\\d+\\n$"))
                .match(r.out)
                .hasMatch());
}

void TestCli::list()
{
    const Result r = run({QStringLiteral("list")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.startsWith(QStringLiteral("seed ")), qPrintable(r.out));
    QVERIFY(r.out.contains(QStringLiteral("I got your message")));
    // every experiment of SCENARIOS.md, three on Qt's API and thirteen on the lab network's wire
    QCOMPARE(r.out.count(u'\n'), 31);
    for (const char *id :
         {"half-close", "close-vs-shutdown", "refused", "simultaneous-close", "delayed-ack",
          "qt-abort-is-not-reset", "qt-peer-closes-on-fin", "qt-disconnect-flushes-first"})
        QVERIFY2(r.out.contains(QLatin1String("\n") + QLatin1String(id) + QLatin1Char(' ')), id);
    const Result zh
        = run({QStringLiteral("list"), QStringLiteral("--lang"), QStringLiteral("zh_CN")});
    QVERIFY(zh.out.contains(QString::fromUtf8("半关闭：shutdown(SHUT_WR)")));
}

void TestCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("no experiment") << QStringList {"run"} << "one experiment";
    QTest::newRow("unknown experiment")
        << QStringList {"run", "nope"} << "unknown experiment \"nope\"";
    QTest::newRow("unknown command")
        << QStringList {"frobnicate"}
        << "unknown command \"frobnicate\" (commands: list, run, check, open).";
    QTest::newRow("check without a file")
        << QStringList {"check"} << "'check' takes one or more experiment files";
    QTest::newRow("unknown option") << QStringList {"run", "seed", "--bogus"} << "bogus";
    QTest::newRow("port not a number")
        << QStringList {"run", "seed", "--port", "abc"} << "\"abc\" is not a port";
    QTest::newRow("port too large")
        << QStringList {"run", "seed", "--port", "70000"} << "\"70000\" is not a port";
    QTest::newRow("bad role") << QStringList {"run", "seed", "--role", "middle"} << "--role";
    QTest::newRow("no clients") << QStringList {"run", "seed", "--role", "server", "--clients", "0"}
                                << "--clients takes a number of students from 1 up, not \"0\"";
    QTest::newRow("clients on both sides") << QStringList {"run", "seed", "--clients", "3"}
                                           << "--clients is for the seed experiment's server";
    QTest::newRow("a class keeps no session")
        << QStringList {"run", "seed", "--role", "server", "--json", "/tmp/x.json"}
        << "--json is for one run; a server for a class prints a line per student";
    QTest::newRow("host interfaces for both sides")
        << QStringList {"run", "seed", "--network", "host"} << "--network host is for one side";
    QTest::newRow("client without server")
        << QStringList {"run", "seed", "--role", "client"} << "--connect";
    QTest::newRow("connect without port")
        << QStringList {"run", "seed", "--role", "client", "--connect", "localhost"} << "HOST:PORT";
    QTest::newRow("connect port zero")
        << QStringList {"run", "seed", "--role", "client", "--connect", "127.0.0.1:0"}
        << "\"0\" is not a port";
    QTest::newRow("bad bind") << QStringList {"run", "seed", "--bind", "nowhere"} << "--bind";
    QTest::newRow("empty message")
        << QStringList {"run", "seed", "--message", ""} << "--message needs at least one character";
    QTest::newRow("bad language") << QStringList {"list", "--lang", "fr"} << "--lang";
    QTest::newRow("bad engine") << QStringList {"run", "seed", "--engine", "boost"}
                                << "--engine takes native or qt";
    QTest::newRow("engine for another experiment")
        << QStringList {"run", "half-close", "--engine", "qt"} << "for the seed experiment";
    QTest::newRow("client engine for a server")
        << QStringList {"run", "seed", "--role", "server", "--client-engine", "qt"}
        << "--client-engine is for --role client or both";
    QTest::newRow("chinese usage error")
        << QStringList {"run", "seed", "--lang", "zh_CN", "--port", "x"}
        << QString::fromUtf8("“x”不是端口");
}

void TestCli::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, mentions);
    const Result r = run(arguments);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.startsWith(QStringLiteral("tcplab: ")) && r.err.contains(mentions),
             qPrintable(r.err));
    QVERIFY(r.out.isEmpty());
}

static QStringList sideCalls(const QJsonArray &events, const QString &side)
{
    QStringList out;
    for (const QJsonValue &v : events) {
        const QJsonObject e = v.toObject();
        if (e.value(u"kind").toString() == QLatin1String("call")
            && e.value(u"side").toString() == side)
            out.append(e.value(u"call").toString());
    }
    return out;
}

void TestCli::seedJson()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("s.json"));
    const Result r
        = run({QStringLiteral("run"), QStringLiteral("seed"), QStringLiteral("--json"), path});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
    // The text account: one line per event, plus what the two programs print.
    QVERIFY(r.out.contains(QStringLiteral("Here is the message: hello")));
    // The text ladder: client on the left, server on the right, the phases named.
    QVERIFY(r.out.contains(QStringLiteral("read() → 18 │")));
    QVERIFY(r.out.contains(QStringLiteral("[CLOSE_WAIT] │")));
    QVERIFY(r.out.contains(QStringLiteral("│ [TIME_WAIT]")));
    QVERIFY(r.out.contains(QStringLiteral("├── SYN [S] seq 0 len 0 ─")));
    QVERIFY(r.out.contains(QStringLiteral("◀─")));
    for (const char *phase : {"three-way handshake", "data transfer", "four-way teardown"})
        QVERIFY2(r.out.contains(QLatin1String(phase)), phase);

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject session = QJsonDocument::fromJson(file.readAll()).object();
    QCOMPARE(session.value(u"format").toString(), QStringLiteral("tcplab-session/2"));
    // One connection; the run's verdict comes with it.
    QCOMPARE(session.value(u"connections").toArray().size(), 1);
    QCOMPARE(session.value(u"verdict").toObject().value(u"outcome").toString(),
             ::geteuid() == 0 ? QStringLiteral("passed") : QStringLiteral("not-checked"));
    QCOMPARE(session.value(u"scenario").toString(), QStringLiteral("seed"));
    QVERIFY(session.value(u"server").toObject().value(u"port").toInt() > 0);
    QVERIFY(session.value(u"client").toObject().value(u"port").toInt() > 0);
    const QJsonArray events = session.value(u"events").toArray();

    QCOMPARE(sideCalls(events, QStringLiteral("server")),
             (QStringList {"setsockopt", "bind", "listen", "accept", "read", "write", "close"}));
    QCOMPARE(sideCalls(events, QStringLiteral("client")),
             (QStringList {"connect", "getsockopt", "write", "read", "read", "close"}));

    // Client states in order, from the segments: SYN_SENT, ESTABLISHED, then CLOSE_WAIT after
    // the server's close() (at its FIN).
    QStringList clientStates;
    int serverCloseIndex = -1;
    int closeWaitIndex = -1;
    qint64 lastTime = 0;
    for (int i = 0; i < events.size(); ++i) {
        const QJsonObject e = events.at(i).toObject();
        QVERIFY(qint64(e.value(u"t_us").toDouble()) >= lastTime);
        lastTime = qint64(e.value(u"t_us").toDouble());
        if (e.value(u"kind").toString() == QLatin1String("state")
            && e.value(u"source").toString() == QLatin1String("inferred")
            && e.value(u"side").toString() == QLatin1String("client")) {
            clientStates.append(e.value(u"state").toString());
            if (e.value(u"state").toString() == QLatin1String("CLOSE_WAIT"))
                closeWaitIndex = i;
        }
        if (e.value(u"kind").toString() == QLatin1String("call")
            && e.value(u"side").toString() == QLatin1String("server")
            && e.value(u"call").toString() == QLatin1String("close")
            && e.value(u"conn").toInt() == 1)
            serverCloseIndex = i;
    }
    QCOMPARE(clientStates,
             (QStringList {"SYN_SENT", "ESTABLISHED", "CLOSE_WAIT", "LAST_ACK", "CLOSED"}));
    QVERIFY(serverCloseIndex >= 0 && closeWaitIndex > serverCloseIndex);
}

void TestCli::seedQuiet()
{
    const Result r = run({QStringLiteral("run"), QStringLiteral("seed"), QStringLiteral("--quiet"),
                          QStringLiteral("--capture"), QStringLiteral("off"),
                          QStringLiteral("--message"), QStringLiteral("ping")});
    QCOMPARE(r.exitCode, 0);
    const QStringList lines = r.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 5);
    QCOMPARE(lines.at(0), QStringLiteral("The classic client and server"));
    QVERIFY(lines.at(1).startsWith(QStringLiteral("Capture is off: the segments are modelled")));
    QVERIFY(lines.at(2).startsWith(QStringLiteral("Listening on 127.0.0.1:")));
    QCOMPARE(lines.at(3), QStringLiteral("Here is the message: ping"));
    QCOMPARE(lines.at(4), QStringLiteral("I got your message"));
}

void TestCli::seedFileRunsItsOwnSteps()
{
    // A teacher copies 01-seed.json and changes what is said: the file's steps run, with the
    // article's programs printing, and the run is checked against the file's expectation.
    QFile builtin(QStringLiteral(TCPLAB_SOURCE_DIR "/resources/scenarios/01-seed.json"));
    QVERIFY(builtin.open(QIODevice::ReadOnly));
    QByteArray json = builtin.readAll();
    QVERIFY(json.contains("\"I got your message\""));
    json.replace("\"I got your message\"", "\"Noted, thanks\"");
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("my-seed.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(json);
    file.close();
    const Result r
        = run({QStringLiteral("run"), path, QStringLiteral("--capture"), QStringLiteral("off"),
               QStringLiteral("--message"), QStringLiteral("question")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
    QVERIFY2(r.out.contains(QStringLiteral("Here is the message: question\nNoted, thanks\n")),
             qPrintable(r.out));
    QVERIFY(!r.out.contains(QStringLiteral("I got your message")));
    // The file's expectation, resized to its own answer, was checked: a wrong one fails.
    json.replace("\"len\": 18", "\"len\": 99");
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(json);
    file.close();
    const Result wrong
        = run({QStringLiteral("run"), path, QStringLiteral("--capture"), QStringLiteral("off")});
    QCOMPARE(wrong.exitCode, 0); // modelled: not checked against the kernel
    QVERIFY2(wrong.out.contains(QStringLiteral("differ from the expectation")),
             qPrintable(wrong.out));
}

void TestCli::failingFirstStepEnds()
{
    // A first step that fails at once, inside run(): the command still ends. (A write before
    // any connection did; tcplab refuses that file now before it runs.)
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("early.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"format": "tcplab-scenario/1", "id": "early", "title": "Early",
                   "explanation": "A listen() that is expected to fail, and does not.",
                   "steps": [{"side": "server", "verb": "listen", "expect_errno": "EADDRINUSE"}],
                   "expect": {"wire": []}})");
    file.close();
    QElapsedTimer timer;
    timer.start();
    const Result r = run(
        {QStringLiteral("run"), path, QStringLiteral("--network"), QStringLiteral("loopback")});
    QVERIFY2(r.exitCode == 1, qPrintable(r.err + r.out));
    QVERIFY2(r.err.contains(QStringLiteral("Step 1")), qPrintable(r.err));
    QVERIFY(timer.elapsed() < 8000);
}

void TestCli::unreadableScenarioFiles()
{
    // Each says what is wrong with the file, before anything is read: too large (it was "the
    // file is empty" after a silent cut), a device or a pipe (read as empty), a folder.
    QTemporaryDir dir;
    const QString big = dir.filePath(QStringLiteral("big.json"));
    QFile file(big);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(5 << 20, ' '));
    file.close();
    const QString fifo = dir.filePath(QStringLiteral("pipe.json"));
    QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
    const QString folder = dir.filePath(QStringLiteral("folder.json"));
    QVERIFY(QDir().mkpath(folder));
    const QList<std::pair<QString, QString>> cases
        = {{big, QStringLiteral("the file holds 5.0 MiB; the lab reads at most 1.0 MiB")},
           {fifo, QStringLiteral("not a regular file")},
           {QStringLiteral("/dev/zero"), QStringLiteral("not a regular file")},
           {folder, QStringLiteral("a folder")},
           {dir.filePath(QStringLiteral("none.json")), QStringLiteral("no such file")}};
    for (const auto &[path, why] : cases) {
        QElapsedTimer timer;
        timer.start();
        // /dev/zero is no experiment's id: a name with a slash is a file.
        const Result r = run({QStringLiteral("run"), path});
        QVERIFY2(r.exitCode == 3 || r.exitCode == 2, qPrintable(path + r.err));
        QVERIFY2(r.err.contains(why), qPrintable(path + QStringLiteral(": ") + r.err));
        QCOMPARE(r.err.count(u'\n'), 1);
        QVERIFY(timer.elapsed() < 5000); // a pipe with no writer is not opened
    }
}

void TestCli::outputsCheckedBeforeTheRun()
{
    // A file the run cannot write is named before the run, in the lab's words (it was Qt's
    // "QSvgPaintEngine::begin(), could not open output device", after the whole experiment),
    // and a symbolic link is not followed.
    QTemporaryDir dir;
    const QString target = dir.filePath(QStringLiteral("victim"));
    QFile victim(target);
    QVERIFY(victim.open(QIODevice::WriteOnly));
    victim.write("keep me");
    victim.close();
    const QString link = dir.filePath(QStringLiteral("link.svg"));
    QVERIFY(QFile::link(target, link));
    const QList<std::pair<QStringList, QString>> cases = {
        {{"--export", "/nonexistent/x.svg"}, "the folder /nonexistent does not exist"},
        {{"--json", "/nonexistent/x.json"}, "the folder /nonexistent does not exist"},
        {{"--pcap", dir.path()}, "it is a folder"},
        {{"--export", link}, "symbolic link"},
    };
    for (const auto &[extra, why] : cases) {
        const Result r = run(QStringList {"run", "lost-fin"} + extra);
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains(why), qPrintable(r.err));
        QVERIFY2(!r.err.contains(u"QSvg") && r.out.isEmpty(), qPrintable(r.out + r.err)); // no run
    }
    QVERIFY(victim.open(QIODevice::ReadOnly));
    QCOMPARE(victim.readAll(), QByteArray("keep me"));
}

void TestCli::portInUse()
{
    QTcpServer holder;
    QVERIFY(holder.listen(QHostAddress::LocalHost, 0));
    // This computer's port: on loopback (the lab network's server host has ports of its own).
    const Result r = run({QStringLiteral("run"), QStringLiteral("seed"), QStringLiteral("--port"),
                          QString::number(holder.serverPort()), QStringLiteral("--network"),
                          QStringLiteral("loopback")});
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.err.contains(QStringLiteral("EADDRINUSE"))
                 && r.err.contains(QStringLiteral("TIME_WAIT")),
             qPrintable(r.err));
    QCOMPARE(r.err.count(u'\n'), 1); // one clear line
}

void TestCli::connectionRefused()
{
    SilentPort silent;
    QVERIFY(silent.port() != 0);
    const Result r = run({QStringLiteral("run"), QStringLiteral("seed"), QStringLiteral("--role"),
                          QStringLiteral("client"), QStringLiteral("--connect"),
                          QStringLiteral("127.0.0.1:%1").arg(silent.port())});
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.err.contains(QStringLiteral("ECONNREFUSED")), qPrintable(r.err));
}

void TestCli::unknownHost()
{
    const Result r = run({QStringLiteral("run"), QStringLiteral("seed"), QStringLiteral("--role"),
                          QStringLiteral("client"), QStringLiteral("--connect"),
                          QStringLiteral("no-such-host.invalid:45001")});
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.err.contains(QStringLiteral("Unknown host \"no-such-host.invalid\"")),
             qPrintable(r.err));
    // Nothing reached the wire: no ladder, no "Not checked", only the error.
    QVERIFY2(r.out.trimmed().isEmpty(), qPrintable(r.out));
}

// --help names every command, open among them.
void TestCli::helpListsEveryCommand()
{
    const Result r = run({QStringLiteral("--help")});
    QCOMPARE(r.exitCode, 0);
    for (const char *command :
         {"  list ", "  run SCENARIO ", "  check FILE... ", "  open CAPTURE "})
        QVERIFY2(r.out.contains(QLatin1String(command)), command);
}

void TestCli::serverRoleWithCClient()
{
    QProcess server;
    QString out;
    // This computer's own interfaces, as in a classroom (what --role server uses anyway).
    const QString port
        = startSeedServer(&server, {QStringLiteral("--network"), QStringLiteral("host")}, &out);
    QVERIFY2(!port.isEmpty(), qPrintable(out));

    QProcess client;
    client.start(QStringLiteral(PEER_CLIENT), {port, QStringLiteral("hi from C")});
    QVERIFY(client.waitForFinished(10000));
    QCOMPARE(client.exitCode(), 0);
    QCOMPARE(QString::fromUtf8(client.readAllStandardOutput()),
             QStringLiteral("I got your message\n"));

    QVERIFY(server.waitForFinished(10000));
    out += QString::fromUtf8(server.readAllStandardOutput());
    QCOMPARE(server.exitCode(), 0);
    QVERIFY2(out.contains(QStringLiteral("Here is the message: hi from C")), qPrintable(out));
    QVERIFY(out.contains(QStringLiteral("│ write(18)")));
}

// Reads what a process printed so far, and lines of it.
static QString readSome(QProcess *process, QString *all)
{
    *all += QString::fromUtf8(process->readAllStandardOutput());
    return *all;
}

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TCPLAB_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(TCPLAB_ASAN)
constexpr bool kAddressSanitizer = true;
#else
constexpr bool kAddressSanitizer = false;
#endif

static qint64 openFds(qint64 pid)
{
    return QDir(QStringLiteral("/proc/%1/fd").arg(pid))
        .entryList(QDir::NoDotAndDotDot | QDir::AllEntries)
        .size();
}

static qint64 rssKiB(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QRegularExpression rss(QStringLiteral("VmRSS:\\s+(\\d+) kB"));
    return rss.match(QString::fromLatin1(status.readAll())).captured(1).toLongLong();
}

// tcplab run seed --role server serves a class: 30 students' clients (the article's client.c,
// a process each) at once, then 300 one after another, each answered; one line per student;
// it stops after --clients N; its descriptors and memory stay flat.
void TestCli::serverServesAClass()
{
    constexpr int kAtOnce = 30;
    constexpr int kAfterAnother = 300;
    QProcess server;
    server.start(QStringLiteral(TCPLAB_BINARY),
                 {"run", "seed", "--role", "server", "--bind", "127.0.0.1", "--clients",
                  QString::number(kAtOnce + kAfterAnother)});
    QString out;
    const QRegularExpression listening(QStringLiteral("Listening on 127\\.0\\.0\\.1:(\\d+)"));
    QTRY_VERIFY_WITH_TIMEOUT(
        (server.waitForReadyRead(50), listening.match(readSome(&server, &out)).hasMatch()), 10000);
    const QString port = listening.match(out).captured(1);
    QVERIFY2(
        out.contains(
            QStringLiteral("Students connect to 127.0.0.1:%1. The server stops after 330 students.")
                .arg(port)),
        qPrintable(out));

    auto student = [&port](QProcess *client, int n) {
        client->start(QStringLiteral(PEER_CLIENT), {port, QStringLiteral("student %1").arg(n)});
    };
    std::vector<std::unique_ptr<QProcess>> atOnce;
    for (int n = 1; n <= kAtOnce; ++n) {
        atOnce.push_back(std::make_unique<QProcess>());
        student(atOnce.back().get(), n);
    }
    for (auto &client : atOnce) {
        QVERIFY(client->waitForFinished(30000));
        QCOMPARE(client->exitCode(), 0);
        QCOMPARE(QString::fromUtf8(client->readAllStandardOutput()),
                 QStringLiteral("I got your message\n"));
    }
    QTRY_COMPARE_WITH_TIMEOUT((server.waitForReadyRead(20),
                               readSome(&server, &out).count(QStringLiteral("  → answered"))),
                              qsizetype(kAtOnce), 10000);
    const qint64 fdsAfterFirst = openFds(server.processId());
    const qint64 rssAfterFirst = rssKiB(server.processId());
    QElapsedTimer clock;
    clock.start();
    for (int n = kAtOnce + 1; n <= kAtOnce + kAfterAnother; ++n) {
        QProcess client;
        student(&client, n);
        QVERIFY(client.waitForFinished(30000));
        QCOMPARE(QString::fromUtf8(client.readAllStandardOutput()),
                 QStringLiteral("I got your message\n"));
        if (n == kAtOnce + kAfterAnother - 1) { // the server still runs: measure it
            // The server has said it is done with this student (and closed its socket).
            QTRY_COMPARE_WITH_TIMEOUT(
                (server.waitForReadyRead(20),
                 readSome(&server, &out).count(QStringLiteral("  → answered"))),
                qsizetype(n), 10000);
            const qint64 fds = openFds(server.processId());
            const qint64 rss = rssKiB(server.processId());
            qInfo("fds %lld -> %lld, RSS %lld -> %lld KiB over %d students one after another",
                  fdsAfterFirst, fds, rssAfterFirst, rss, kAfterAnother);
            QVERIFY2(fds <= fdsAfterFirst,
                     qPrintable(QStringLiteral("%1 -> %2").arg(fdsAfterFirst).arg(fds)));
            if (!kAddressSanitizer) // it keeps what is freed in quarantine: RSS says nothing
                QVERIFY2(rss - rssAfterFirst < 8 * 1024,
                         qPrintable(QString::number(rss - rssAfterFirst)));
        }
    }
    qInfo("%d students one after another in %lld ms (a client process each)", kAfterAnother,
          clock.elapsed());
    QVERIFY(server.waitForFinished(15000));
    QCOMPARE(server.exitCode(), 0);
    readSome(&server, &out);
    // One line per student, each with its own message, numbered in the order accepted.
    const QRegularExpression line(
        QStringLiteral("^#(\\d+)  127\\.0\\.0\\.1:\\d+  Here is the message: \"student (\\d+)\"  → "
                       "answered and closed first in ([0-9.]+) ms$"),
        QRegularExpression::MultilineOption);
    QSet<int> numbers, messages;
    QList<double> took;
    for (auto it = line.globalMatch(out); it.hasNext();) {
        const auto m = it.next();
        numbers.insert(m.captured(1).toInt());
        messages.insert(m.captured(2).toInt());
        took.append(m.captured(3).toDouble());
    }
    QCOMPARE(numbers.size(), kAtOnce + kAfterAnother);
    QCOMPARE(messages.size(), kAtOnce + kAfterAnother);
    QVERIFY(numbers.contains(1) && numbers.contains(kAtOnce + kAfterAnother));
    std::sort(took.begin(), took.end());
    qInfo("served in: median %.3f ms, slowest %.3f ms", took.at(took.size() / 2), took.last());
    QVERIFY2(took.at(took.size() / 2) < 50.0,
             qPrintable(QString::number(took.at(took.size() / 2))));
    QVERIFY(out.trimmed().endsWith(QStringLiteral("Served 330 students.")));
}

// Without --clients the server serves until interrupted, and says how many it served.
void TestCli::serverStopsOnInterrupt()
{
    QProcess server;
    server.start(QStringLiteral(TCPLAB_BINARY), {"run", "seed", "--role", "server"});
    QString out;
    const QRegularExpression listening(QStringLiteral("Listening on 127\\.0\\.0\\.1:(\\d+)"));
    QTRY_VERIFY_WITH_TIMEOUT(
        (server.waitForReadyRead(50), listening.match(readSome(&server, &out)).hasMatch()), 10000);
    QVERIFY(out.contains(QStringLiteral("Ctrl+C stops the server.")));
    for (int n = 0; n < 2; ++n) {
        QProcess client;
        client.start(QStringLiteral(PEER_CLIENT),
                     {listening.match(out).captured(1), QStringLiteral("hi")});
        QVERIFY(client.waitForFinished(10000));
        QCOMPARE(client.exitCode(), 0);
    }
    QTRY_COMPARE_WITH_TIMEOUT((server.waitForReadyRead(20),
                               readSome(&server, &out).count(QStringLiteral("  → answered"))),
                              qsizetype(2), 10000);
    QCOMPARE(server.state(), QProcess::Running); // a server, not one run
    ::kill(pid_t(server.processId()), SIGINT);
    QVERIFY(server.waitForFinished(10000));
    QCOMPARE(server.exitStatus(), QProcess::NormalExit);
    QCOMPARE(server.exitCode(), 0);
    QVERIFY2(readSome(&server, &out).trimmed().endsWith(QStringLiteral("Served 2 students.")),
             qPrintable(out));
}

void TestCli::clientRoleWithCServer()
{
    QProcess server;
    server.start(QStringLiteral(PEER_SERVER), {QStringLiteral("0")});
    QVERIFY(server.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(server.canReadLine(), 10000);
    const QString first = QString::fromUtf8(server.readLine()).trimmed();
    QVERIFY2(first.startsWith(QStringLiteral("port ")), qPrintable(first));
    const QString port = first.mid(5);

    const Result r = run({QStringLiteral("run"), QStringLiteral("seed"), QStringLiteral("--role"),
                          QStringLiteral("client"), QStringLiteral("--connect"),
                          QStringLiteral("127.0.0.1:") + port, QStringLiteral("--message"),
                          QStringLiteral("hi")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
    QVERIFY(r.out.startsWith(QStringLiteral("I got your message\n")));
    QVERIFY(r.out.contains(QStringLiteral("[CLOSE_WAIT] │")));

    QVERIFY(server.waitForFinished(10000));
    QCOMPARE(server.exitCode(), 0);
    QCOMPARE(QString::fromUtf8(server.readAllStandardOutput()).trimmed(),
             QStringLiteral("Here is the message: hi"));
}

namespace {
// The wire a built-in experiment's file sets.
QString builtinWire(const QString &id)
{
    const QDir dir(QStringLiteral(TCPLAB_SOURCE_DIR "/resources/scenarios"));
    for (const QString &name : dir.entryList({QStringLiteral("*.json")})) {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QJsonObject o = QJsonDocument::fromJson(file.readAll()).object();
        if (o.value(u"id").toString() == id)
            return o.value(u"wire").toString();
    }
    return {};
}

// Starts tcpdump (or nsenter … tcpdump) and returns once it says it is listening.
bool startListening(QProcess *dump, const QString &program, const QStringList &arguments)
{
    dump->start(program, arguments);
    if (!dump->waitForStarted())
        return false;
    QString err;
    return QTest::qWaitFor(
        [&] {
            err += QString::fromUtf8(dump->readAllStandardError());
            return err.contains(QStringLiteral("listening on"));
        },
        10000);
}
} // namespace

namespace {
// Each segment of a session (JSON) equals the line tcpdump printed for it, field by field.
void compareWithTcpdump(const QList<QJsonObject> &ours, const QString &out, int port)
{
    // "1700000000.123456 IP 127.0.0.1.51234 > 127.0.0.1.45001: Flags [P.], seq 1:6, ack 1, ...,
    // length 5"
    const QRegularExpression line(QStringLiteral(
        R"(IP \S+\.(\d+) > \S+\.(\d+): Flags \[([^\]]+)\], (?:seq (\d+)(?::\d+)?, )?(?:ack (\d+), )?.*length (\d+))"));
    const QStringList all = out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(all.size(), ours.size());
    // Compared direction by direction: each direction keeps its order on any wire, but where
    // tcpdump listens (one host's interface) the other host's segments show when they arrive.
    QStringList lines;
    QList<QJsonObject> theirs;
    for (const bool fromServer : {false, true}) {
        for (const QString &l : all) {
            const QRegularExpressionMatch m = line.match(l);
            QVERIFY2(m.hasMatch(), qPrintable(l));
            if ((m.captured(1).toInt() == port) == fromServer)
                lines.append(l);
        }
        for (const QJsonObject &e : ours) {
            if ((e.value(u"from").toString() == QLatin1String("server")) == fromServer)
                theirs.append(e);
        }
    }
    QCOMPARE(lines.size(), theirs.size());
    for (int i = 0; i < lines.size(); ++i) {
        const QRegularExpressionMatch m = line.match(lines.at(i));
        const QJsonObject &e = theirs.at(i);
        const QString why = lines.at(i) + QStringLiteral("\n  vs ")
            + QString::fromUtf8(QJsonDocument(e).toJson(QJsonDocument::Compact));
        QVERIFY2(e.value(u"flags").toString() == m.captured(3), qPrintable(why));
        QVERIFY2(e.value(u"src_port").toInt() == m.captured(1).toInt(), qPrintable(why));
        // tcpdump leaves out seq on a bare ACK.
        if (!m.captured(4).isEmpty())
            QVERIFY2(qint64(e.value(u"seq").toDouble()) == m.captured(4).toLongLong(),
                     qPrintable(why));
        if (!m.captured(5).isEmpty())
            QVERIFY2(qint64(e.value(u"ack").toDouble()) == m.captured(5).toLongLong(),
                     qPrintable(why));
        QVERIFY2(e.value(u"len").toInt() == m.captured(6).toInt(), qPrintable(why));
        QCOMPARE(e.value(u"from").toString(),
                 m.captured(1).toInt() == port ? QStringLiteral("server")
                                               : QStringLiteral("client"));
    }
}
} // namespace

// Done when: the segments of a live run equal what tcpdump saw of the same run, field by field.
void TestCli::liveCaptureMatchesTcpdump()
{
    if (::geteuid() != 0)
        QSKIP("live capture needs root here (CI runs as root)");
    const QString tcpdump
        = QStandardPaths::findExecutable(QStringLiteral("tcpdump"), {"/usr/bin", "/usr/sbin"});
    if (tcpdump.isEmpty())
        QSKIP("tcpdump is not installed (scripts/test.sh installs it)");
    QTcpServer probe; // a free port for both to watch
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();

    QProcess dump;
    QVERIFY(startListening(
        &dump, tcpdump,
        {"-i", "lo", "-n", "-S", "-l", "-tt", QStringLiteral("tcp port %1").arg(port)}));
    QTemporaryDir dir;
    const QString json = dir.filePath(QStringLiteral("s.json"));
    const Result r = run({"run", "seed", "--capture", "live", "--port", QString::number(port),
                          "--json", json, "--network", "loopback"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    // tcpdump prints as it goes (-l); give it until it has every segment of the run.
    QFile file(json);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonArray events
        = QJsonDocument::fromJson(file.readAll()).object().value(u"events").toArray();
    QList<QJsonObject> ours;
    for (const QJsonValue &v : events) {
        if (v.toObject().value(u"kind").toString() == QLatin1String("segment"))
            ours.append(v.toObject());
    }
    QCOMPARE(ours.size(), 10);
    QString out;
    QTRY_VERIFY_WITH_TIMEOUT(
        (out += QString::fromUtf8(dump.readAllStandardOutput()), out.count(u'\n') >= ours.size()),
        10000);
    dump.terminate();
    dump.waitForFinished();
    out += QString::fromUtf8(dump.readAllStandardOutput());

    compareWithTcpdump(ours, out, port);
}

namespace {
// The keeper (tcplab-net) a running tcplab started, once it is there; 0 if none.
qint64 keeperOf(qint64 lab)
{
    const QStringList pids = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs);
    for (const QString &pid : pids) {
        QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QString text = QString::fromLatin1(stat.readAll());
        // "PID (comm) S PPID ..."
        const qsizetype close = text.lastIndexOf(u')');
        const QStringList rest = text.mid(close + 2).split(u' ');
        if (text.contains(QStringLiteral("(tcplab-net)")) && rest.size() > 1
            && rest.at(1).toLongLong() == lab)
            return pid.toLongLong();
    }
    return 0;
}

// The network namespaces a process holds open ("net:[4026532...]").
QStringList namespacesHeldBy(qint64 pid)
{
    QStringList out;
    const QDir fds(QStringLiteral("/proc/%1/fd").arg(pid));
    for (const QString &fd : fds.entryList(QDir::Files | QDir::System)) {
        const QString target = QFile::symLinkTarget(fds.filePath(fd));
        if (target.contains(QStringLiteral("net:[")))
            out << fds.filePath(fd);
    }
    return out;
}

// An address of the lab network: .1 or .2 of an RFC 5737 network, none of this computer's own.
bool isLabAddress(const QString &text)
{
    const QHostAddress a(text);
    const QList<QHostAddress> own = QNetworkInterface::allAddresses();
    for (const char *net : {"192.0.2.0", "198.51.100.0", "203.0.113.0"}) {
        if (a.isInSubnet(QHostAddress(QLatin1String(net)), 24))
            return (a.toIPv4Address() & 0xff) <= 2 && !own.contains(a);
    }
    return false;
}

QString linkTarget(const QString &path)
{
    char buffer[256] = {};
    const ssize_t n = ::readlink(QFile::encodeName(path).constData(), buffer, sizeof buffer - 1);
    return n > 0 ? QString::fromLatin1(buffer, int(n)) : QString();
}
} // namespace

// Done when: as nobody on the lab network, the segments equal what tcpdump sees inside the
// client's namespace (through nsenter), field by field.
void TestCli::labCaptureMatchesTcpdumpInside()
{
    if (::geteuid() != 0)
        QSKIP("entering another user's namespaces needs root here (CI runs as root)");
    const QString tcpdump
        = QStandardPaths::findExecutable(QStringLiteral("tcpdump"), {"/usr/bin", "/usr/sbin"});
    const QString nsenter = QStandardPaths::findExecutable(QStringLiteral("nsenter"));
    if (tcpdump.isEmpty() || nsenter.isEmpty())
        QSKIP("tcpdump and nsenter are needed; scripts/test.sh installs them");
    const QString setpriv = QStandardPaths::findExecutable(QStringLiteral("setpriv"));
    if (setpriv.isEmpty())
        QSKIP("setpriv (util-linux) is needed to run the lab as nobody");
    // The lab, as nobody, from a folder nobody may read.
    QTemporaryDir dir;
    QFile::setPermissions(dir.path(),
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
                              | QFileDevice::ReadOther | QFileDevice::WriteOther
                              | QFileDevice::ExeOther);
    const QString binary = dir.filePath(QStringLiteral("tcplab"));
    QVERIFY(QFile::copy(QStringLiteral(TCPLAB_BINARY), binary));
    QVERIFY(QFile::copy(QFileInfo(QStringLiteral(TCPLAB_BINARY)).dir().filePath("tcplab-net"),
                        dir.filePath(QStringLiteral("tcplab-net"))));
    const QString scenario = dir.filePath(QStringLiteral("pause.json"));
    QVERIFY(QFile::copy(QFINDTESTDATA("data/seed-after-a-pause.json"), scenario));
    QFile::setPermissions(scenario, QFileDevice::ReadOwner | QFileDevice::ReadOther);
    const QString json = dir.filePath(QStringLiteral("s.json"));
    // The client waits 1.5 s before it connects: time to start tcpdump inside nobody's
    // namespace (as root, who may enter anyone's).
    QProcess lab;
    lab.start(setpriv,
              {"--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all", binary, "run",
               scenario, "--capture", "live", "--json", json, "--quiet"});
    QVERIFY(lab.waitForStarted());
    qint64 keeper = 0;
    QTRY_VERIFY_WITH_TIMEOUT((keeper = keeperOf(lab.processId())) != 0, 5000);
    // Which of its namespaces is the client's: the one with the interface c0.
    QString client;
    QTRY_VERIFY_WITH_TIMEOUT(namespacesHeldBy(keeper).size() >= 3, 5000);
    for (const QString &ns : namespacesHeldBy(keeper)) {
        QProcess ip;
        // /proc/net follows the reader's network namespace.
        ip.start(nsenter, {QStringLiteral("--net=") + ns, "cat", "/proc/net/dev"});
        ip.waitForFinished();
        if (QString::fromLatin1(ip.readAllStandardOutput()).contains(QStringLiteral(" c0:")))
            client = ns;
    }
    QVERIFY(!client.isEmpty());
    QProcess dump;
    QVERIFY(startListening(
        &dump, nsenter,
        {QStringLiteral("--net=") + client, tcpdump, "-i", "c0", "-n", "-S", "-l", "-tt", "tcp"}));
    QVERIFY(lab.waitForFinished(20000));
    QVERIFY2(lab.exitCode() == 0, qPrintable(QString::fromUtf8(lab.readAllStandardError())));
    QFile file(json);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject session = QJsonDocument::fromJson(file.readAll()).object();
    QCOMPARE(session.value(u"capture").toString(), QStringLiteral("live"));
    QList<QJsonObject> ours;
    int port = 0;
    for (const QJsonValue &v : session.value(u"events").toArray()) {
        const QJsonObject e = v.toObject();
        if (e.value(u"kind").toString() != QLatin1String("segment"))
            continue;
        ours.append(e);
        QVERIFY(isLabAddress(e.value(u"src").toObject().value(u"address").toString()));
        if (e.value(u"from").toString() == QLatin1String("server"))
            port = e.value(u"src_port").toInt();
    }
    QCOMPARE(ours.size(), 10);
    QString out;
    QTRY_VERIFY_WITH_TIMEOUT(
        (out += QString::fromUtf8(dump.readAllStandardOutput()), out.count(u'\n') >= ours.size()),
        5000);
    dump.terminate();
    dump.waitForFinished();
    out += QString::fromUtf8(dump.readAllStandardOutput());
    compareWithTcpdump(ours, out, port);
}

// Done when: as an ordinary user, the lab network captures live with no helper, no capability
// and no setcap, and every experiment of the wire checks its expectation against the capture;
// not one frame of it reaches this computer's interfaces.
void TestCli::labNetworkForEveryUser()
{
    QTemporaryDir dir;
    QFile::setPermissions(dir.path(),
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
                              | QFileDevice::ReadOther | QFileDevice::WriteOther
                              | QFileDevice::ExeOther);
    const QString binary = dir.filePath(QStringLiteral("tcplab"));
    const QString keeper = dir.filePath(QStringLiteral("tcplab-net"));
    QVERIFY(QFile::copy(QStringLiteral(TCPLAB_BINARY), binary));
    QVERIFY(
        QFile::copy(QFileInfo(QStringLiteral(TCPLAB_BINARY)).dir().filePath("tcplab-net"), keeper));
    QString program = binary;
    QStringList prefix;
    if (::geteuid() == 0) {
        program = QStandardPaths::findExecutable(QStringLiteral("setpriv"));
        if (program.isEmpty())
            QSKIP("setpriv (util-linux) is needed to drop root for this test");
        prefix = {"--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all", binary};
    }
    // Watching every interface of this computer for the lab's addresses (root only).
    QProcess host;
    const QString tcpdump
        = QStandardPaths::findExecutable(QStringLiteral("tcpdump"), {"/usr/bin", "/usr/sbin"});
    if (::geteuid() == 0 && !tcpdump.isEmpty()) {
        // The lab's two hosts: .1 and .2 of the first documentation network this computer
        // does not use itself (this computer may well be on another one).
        QString lab;
        const QList<QHostAddress> own = QNetworkInterface::allAddresses();
        for (const char *net : {"192.0.2.0", "198.51.100.0", "203.0.113.0"}) {
            const QHostAddress subnet {QString::fromLatin1(net)};
            if (std::none_of(own.begin(), own.end(),
                             [&](const QHostAddress &a) { return a.isInSubnet(subnet, 24); })) {
                lab = QLatin1String(net).chopped(1);
                break;
            }
        }
        QVERIFY(!lab.isEmpty());
        QVERIFY(startListening(&host, tcpdump,
                               {"-i", "any", "-n", "-l",
                                QStringLiteral("host ") + lab + QStringLiteral("1 or host ") + lab
                                    + QLatin1Char('2')}));
    }
    const QString json = dir.filePath(QStringLiteral("seed.json"));
    QStringList runs
        = {"seed",          "lost-syn",           "lost-syn-ack",     "lost-data",
           "lost-fin",      "fast-retransmit",    "zero-window",      "lost-final-ack",
           "small-mtu",     "black-hole",         "keepalive",        "middlebox-reset",
           "old-duplicate", "simultaneous-close", "nagle-delayed-ack"};
    for (const QString &id : std::as_const(runs)) {
        QProcess p;
        p.start(program, prefix + QStringList {"run", id, "--capture", "live", "--json", json});
        QVERIFY(p.waitForFinished(30000));
        QVERIFY2(
            p.exitCode() == 0,
            qPrintable(id + QStringLiteral(": ") + QString::fromUtf8(p.readAllStandardError())));
        QFile file(json);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject session = QJsonDocument::fromJson(file.readAll()).object();
        QCOMPARE(session.value(u"capture").toString(), QStringLiteral("live"));
        // The session says where it ran, and on which wire.
        const QJsonObject network = session.value(u"network").toObject();
        QCOMPARE(network.value(u"kind").toString(), QStringLiteral("lab"));
        QCOMPARE(network.value(u"wire").toString(), builtinWire(id));
        int segments = 0;
        for (const QJsonValue &v : session.value(u"events").toArray()) {
            const QJsonObject e = v.toObject();
            if (e.value(u"kind").toString() == QLatin1String("segment")) {
                ++segments;
                QCOMPARE(e.value(u"source").toString(), QStringLiteral("live"));
                QVERIFY(isLabAddress(e.value(u"src").toObject().value(u"address").toString()));
            }
        }
        QVERIFY2(segments >= 3, qPrintable(id)); // black-hole: three SYNs, and no answer
    }
    if (host.state() == QProcess::Running) {
        host.terminate();
        host.waitForFinished();
        const QString seen = QString::fromUtf8(host.readAllStandardOutput());
        QVERIFY2(seen.trimmed().isEmpty(), qPrintable(seen));
    }
}

// Done when: after a run, and after kill -9 of a running lab, no process, namespace or
// interface of the lab network remains.
void TestCli::labNetworkLeavesNothing()
{
    QProcess lab;
    lab.start(QStringLiteral(TCPLAB_BINARY), {"run", "lost-syn", "--quiet"});
    QVERIFY(lab.waitForStarted());
    qint64 keeper = 0;
    QTRY_VERIFY_WITH_TIMEOUT((keeper = keeperOf(lab.processId())) != 0, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(namespacesHeldBy(keeper).size() >= 3, 5000);
    QStringList held;
    for (const QString &ns : namespacesHeldBy(keeper))
        held << linkTarget(ns);
    QCOMPARE(held.size(), 3); // the client host, the server host and the wire
    // Namespace numbers are used again as soon as they are free (another test's new lab
    // network may get one): only a process that was there before the kill could hold ours.
    const QStringList before = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs);
    // The lost SYN keeps it busy for a second: kill it in the middle.
    ::kill(pid_t(lab.processId()), SIGKILL);
    QVERIFY(lab.waitForFinished(5000));
    QTRY_VERIFY_WITH_TIMEOUT(!QFileInfo::exists(QStringLiteral("/proc/%1").arg(keeper)), 5000);
    // No process of this computer still has one of those namespaces, as its own or open.
    auto stillThere = [&held, &before] {
        for (const QString &pid : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
            if (!before.contains(pid))
                continue;
            if (held.contains(linkTarget(QStringLiteral("/proc/%1/ns/net").arg(pid))))
                return pid;
            for (const QString &ns : namespacesHeldBy(pid.toLongLong())) {
                if (held.contains(linkTarget(ns)))
                    return pid;
            }
        }
        return QString();
    };
    QTRY_VERIFY_WITH_TIMEOUT(stillThere().isEmpty(), 5000);
    // And a run to its end leaves nothing either.
    const Result r = run({"run", "seed", "--quiet"});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(keeperOf(qint64(::getpid())), 0);
}

// Where the system refuses user namespaces, the lab says which refusal it is and how to allow
// it, and runs on loopback; an experiment that needs the wire cannot run (exit 3). Made real
// in a user namespace of this test's whose own limit is set to 0.
void TestCli::labNetworkRefusedIsExplained()
{
    const QString unshare = QStandardPaths::findExecutable(QStringLiteral("unshare"));
    if (unshare.isEmpty())
        QSKIP("unshare (util-linux) is needed");
    auto refused = [&](const QStringList &arguments) {
        QProcess p;
        QString command
            = QStringLiteral("echo 0 > /proc/sys/user/max_user_namespaces && exec \"$0\" \"$@\"");
        p.start(unshare,
                QStringList {"--user", "--map-root-user", "sh", "-c", command,
                             QStringLiteral(TCPLAB_BINARY)}
                    + arguments);
        p.waitForFinished(30000);
        Result r;
        r.exitCode = p.exitCode();
        r.out = QString::fromUtf8(p.readAllStandardOutput());
        r.err = QString::fromUtf8(p.readAllStandardError());
        return r;
    };
    const Result seed = refused({"run", "seed", "--quiet", "--capture", "off"});
    QVERIFY2(seed.exitCode == 0, qPrintable(seed.err));
    const Result plain = refused({"run", "seed", "--quiet"});
    QVERIFY2(plain.exitCode == 0, qPrintable(plain.err));
    QVERIFY2(plain.err.contains(u"not available, so this runs on loopback")
                 && plain.err.contains(u"user.max_user_namespaces = 0")
                 && plain.err.contains(u"sudo sysctl user.max_user_namespaces="),
             qPrintable(plain.err));
    QVERIFY(plain.out.contains(u"Listening on 127.0.0.1:"));
    const Result lost = refused({"run", "lost-fin"});
    QCOMPARE(lost.exitCode, 3);
    QVERIFY2(lost.err.contains(u"user.max_user_namespaces = 0") && lost.err.count(u'\n') == 1,
             qPrintable(lost.err));
    const Result demanded = refused({"run", "seed", "--network", "lab"});
    QCOMPARE(demanded.exitCode, 3);
    // In Chinese too.
    const Result zh = refused({"run", "lost-fin", "--lang", "zh_CN"});
    QVERIFY2(zh.err.contains(QString::fromUtf8("本系统不允许使用用户命名空间")),
             qPrintable(zh.err));

    // A tcplab without its keeper says so.
    QTemporaryDir dir;
    const QString alone = dir.filePath(QStringLiteral("tcplab"));
    QVERIFY(QFile::copy(QStringLiteral(TCPLAB_BINARY), alone));
    QProcess p;
    p.start(alone, {"run", "lost-fin"});
    QVERIFY(p.waitForFinished(30000));
    QCOMPARE(p.exitCode(), 3);
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QVERIFY2(err.contains(u"tcplab-net, is not installed"), qPrintable(err));
}

// A wire spec that does not parse is a usage error with one clear line.
void TestCli::wireSpecErrors()
{
    for (const auto &[spec, says] :
         {std::pair {"speed=10", "not a setting of the wire"},
          std::pair {"delay=fast", "the value does not fit"},
          std::pair {"drop=fin", "client or server"},
          std::pair {"drop=client:finn", "the wire picks segments by"},
          std::pair {"drop=client:fin#0", "count matches"},
          std::pair {"delay=50ms,,", "empty item"}, std::pair {"mtu=100", "the value does not fit"},
          std::pair {"loss=150%", "the value does not fit"}}) {
        const Result r = run({"run", "seed", "--wire", QLatin1String(spec)});
        QVERIFY2(r.exitCode == 2 && r.err.contains(QLatin1String(says)),
                 qPrintable(QLatin1String(spec) + QStringLiteral(": ") + r.err));
    }
    const Result loopback = run({"run", "seed", "--wire", "delay=5ms", "--network", "loopback"});
    QCOMPARE(loopback.exitCode, 2);
    QVERIFY2(loopback.err.contains(u"lab network's wire"), qPrintable(loopback.err));
    const Result bad = run({"run", "seed", "--network", "moon"});
    QCOMPARE(bad.exitCode, 2);
    QVERIFY2(bad.err.contains(u"lab, loopback or host"), qPrintable(bad.err));
}

// A teacher's own scenario file: runs, or fails with the first difference (exit 1), or is
// refused with the field that is wrong (exit 2).
void TestCli::scenarioFiles()
{
    QTemporaryDir dir;
    const QString good = dir.filePath(QStringLiteral("mine.json"));
    QFile file(good);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"format": "tcplab-scenario/1", "id": "mine", "title": "Abort at once",
                   "explanation": "The client aborts right after the handshake.",
                   "steps": [{"side": "server", "verb": "listen"}, {"side": "client", "verb": "connect"},
                             {"side": "client", "verb": "abort", "wait_for": "server.accepted"}],
                   "expect": {"wire": "c:S s:S. c:. c:R."}})");
    file.close();
    const Result ok = run({"run", good, "--capture", "off"});
    QVERIFY2(ok.exitCode == 0, qPrintable(ok.err + ok.out));
    QVERIFY(ok.out.contains(QStringLiteral("Abort at once")));
    QVERIFY(ok.out.contains(QStringLiteral("RST, ACK [R.]")));

    // Expecting a FIN where Linux sends RST: exit 1 and the first difference.
    const QString wrong = dir.filePath(QStringLiteral("wrong.json"));
    QFile wrongFile(wrong);
    QVERIFY(wrongFile.open(QIODevice::WriteOnly));
    file.open(QIODevice::ReadOnly);
    wrongFile.write(file.readAll().replace("c:R.", "c:F."));
    wrongFile.close();
    // Modelled, nothing is checked against the kernel (exit 0), but the model's disagreement is
    // said; captured (root), it fails.
    const Result modelledDiffers = run({"run", wrong, "--capture", "off"});
    QCOMPARE(modelledDiffers.exitCode, 0);
    QVERIFY2(modelledDiffers.out.contains(QStringLiteral("Not checked"))
                 && modelledDiffers.out.contains(QStringLiteral("modelled segments differ")),
             qPrintable(modelledDiffers.out));
    if (::geteuid() != 0)
        return;
    const Result differs = run({"run", wrong, "--capture", "live"});
    QCOMPARE(differs.exitCode, 1);
    QVERIFY2(differs.err.contains(QStringLiteral("segment 4"))
                 && differs.err.contains(
                     QStringLiteral("Expected FIN, ACK from the client here, but saw RST, ACK")),
             qPrintable(differs.err));

    const QString broken = dir.filePath(QStringLiteral("broken.json"));
    QFile brokenFile(broken);
    QVERIFY(brokenFile.open(QIODevice::WriteOnly));
    brokenFile.write(R"({"format": "tcplab-scenario/1", "id": "b", "title": "B", "explanation": "B",
                        "steps": [{"side": "client", "verb": "fly"}], "expect": {"wire": "c:S"}})");
    brokenFile.close();
    const Result refused = run({"run", broken});
    QCOMPARE(refused.exitCode, 2);
    QVERIFY2(refused.err.contains(QStringLiteral("steps[0].verb: expected one of listen, ")),
             qPrintable(refused.err));
    QCOMPARE(refused.err.count(u'\n'), 1);
    QCOMPARE(run({"run", dir.filePath(QStringLiteral("missing.json"))}).exitCode, 3);
}

// tcplab check accepts every experiment the lab ships, one line each, and runs nothing.
void TestCli::checkShippedExperiments()
{
    const QDir dir(QStringLiteral(TCPLAB_SOURCE_DIR "/resources/scenarios"));
    QStringList files;
    for (const QString &name : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
        files.append(dir.filePath(name));
    QVERIFY(files.size() >= 30);
    const Result r = run(QStringList {QStringLiteral("check")} + files);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(r.err.isEmpty());
    const QStringList lines = r.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), files.size());
    for (int i = 0; i < files.size(); ++i)
        QVERIFY2(lines.at(i).startsWith(files.at(i) + QStringLiteral(": ok — ")),
                 qPrintable(lines.at(i)));
    QCOMPARE(lines.constFirst(),
             files.constFirst()
                 + QStringLiteral(": ok — The classic client and server, 6 steps, 1 expected "
                                  "connection"));
    QVERIFY2(r.out.contains(QStringLiteral(": ok — A full accept queue, 5 steps, 3 expected "
                                           "connections\n")),
             qPrintable(r.out));
}

// Every problem of a broken file, one line each, with the file, the JSON path, what was
// expected and what the file has; exit 2 as for any data the command line refuses, 3 for a
// file it cannot read. The good file beside them is still said to be good.
void TestCli::checkRefusesBrokenFiles()
{
    QTemporaryDir dir;
    auto write = [&dir](const char *name, const QByteArray &bytes) {
        QFile file(dir.filePath(QLatin1String(name)));
        if (!file.open(QIODevice::WriteOnly))
            return QString();
        file.write(bytes);
        return file.fileName();
    };
    const QString broken = write("broken.json", R"({"format": "tcplab-scenario/1", "id": "broken",
 "title": "Broken", "explanation": "Three mistakes.",
 "steps": [{"side": "server", "verb": "listen"}, {"side": "client", "verb": "connect"},
           {"side": "client", "verb": "write", "data": "x", "wait_for": "client.connected"},
           {"side": "client", "verb": "sendd", "data": "y"},
           {"side": "client", "verb": "close", "wait-for": "client.eof"}],
 "expect": {"connections": [{"wire": ["c:S", "s:S.", "c:.", "c:P.", "s:X."]}]}})");
    const QString order = write("order.json", R"({"format": "tcplab-scenario/1", "id": "order",
 "title": "Order", "explanation": "Steps in an order that cannot run.",
 "steps": [{"side": "client", "verb": "write", "data": "early"},
           {"side": "server", "verb": "read", "wait_for": "client.connected"},
           {"side": "server", "verb": "listen"}, {"side": "client", "verb": "connect"}],
 "expect": {"wire": "c:S s:S. c:.", "calls": [{"side": "server", "call": "read", "conn": 2}]}})");
    const QString notJson
        = write("notjson.json", "{\"format\": \"tcplab-scenario/1\",\n  \"steps\": [,]\n}\n");
    const QString good = write("good.json", R"({"format": "tcplab-scenario/1", "id": "good",
 "title": "Abort at once", "explanation": "The client aborts after the handshake.",
 "steps": [{"side": "server", "verb": "listen"}, {"side": "client", "verb": "connect"},
           {"side": "client", "verb": "abort", "wait_for": "server.accepted"}],
 "expect": {"wire": "c:S s:S. c:. c:R."}})");
    const Result r = run({"check", broken, order, notJson, good});
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.out,
             good + QStringLiteral(": ok — Abort at once, 3 steps, 1 expected connection\n"));
    const QString verbs = QStringLiteral(
        "listen, connect, connect-self, connect-closed-port, accept, write, read, shutdown, close, "
        "abort, setsockopt, stop-listening, listen-again, wait, wire, connectToHost, "
        "nextPendingConnection, readAll, disconnectFromHost, setSocketOption");
    const QString stepKeys = QStringLiteral("side, verb, data, size, how, option, value, "
                                            "reuse_address, wait_for, received, delay_ms, "
                                            "expect_errno, at_once, note");
    const QStringList expected = {
        broken + ": steps[3].verb: expected one of " + verbs + " — got \"sendd\"",
        broken + ": steps[4].wait-for: unknown key; expected one of " + stepKeys,
        broken
            + ": expect.connections[0].wire[4]: expected TCP flags after c: or s:, from S, F, "
              "P, R, U, E and W, then . for ACK (\"S\", \"S.\", \"FP.\", \".\"), then ? for "
              "one that may not come — got \"s:X.\"",
        order
            + ": steps[0]: the client has no connection at this step: no step before it "
              "connects (connect, connectToHost, connect-self or connect-closed-port)",
        order
            + ": steps[1].wait_for: the client has no connection to wait on: no step before it "
              "connects",
        order + ": steps[1]: the server has no connection at this step: no step before it listens",
        order + ": expect.calls[0].conn: the steps make 1 connection; there is no connection 2",
        notJson + ": not JSON: illegal value at line 2, column 14",
    };
    QCOMPARE(r.err.split(u'\n', Qt::SkipEmptyParts), expected);

    // A file it cannot read: exit 3, as for run.
    const Result missing = run({"check", good, dir.filePath(QStringLiteral("none.json"))});
    QCOMPARE(missing.exitCode, 3);
    QVERIFY2(missing.err.startsWith(QStringLiteral("tcplab: cannot read ")),
             qPrintable(missing.err));

    // In Chinese: the sentence is translated, the JSON path, keys and values are not.
    const Result zh = run({"check", broken, "--lang", "zh_CN"});
    QCOMPARE(zh.exitCode, 2);
    QVERIFY2(zh.err.contains(broken + QStringLiteral(": steps[3].verb"))
                 && zh.err.contains(u"sendd") && !zh.err.contains(u"expected one of"),
             qPrintable(zh.err));
}

// Done when (issue 5): one run writes all six files, other tools accept them, and opening the
// pcap gives the run's own segments.
void TestCli::exportsAndCaptures()
{
    QTemporaryDir dir;
    auto path = [&dir](const char *name) {
        return dir.filePath(QLatin1String(name));
    };
    const bool live = ::geteuid() == 0;
    QStringList arguments
        = {"run", "seed", "--quiet", "--json", path("s.json"), "--student", "Li Lei"};
    for (const char *name : {"a.png", "a.svg", "a.pdf", "a.txt", "a.mmd"})
        arguments << "--export" << path(name);
    if (live)
        arguments << "--capture"
                  << "live"
                  << "--pcap" << path("a.pcap");
    const Result r = run(arguments);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    for (const char *name : {"a.png", "a.svg", "a.pdf", "a.txt", "a.mmd"})
        QVERIFY2(QFileInfo(path(name)).size() > 100, name);
    QVERIFY(QImage(path("a.png")).width() > 1000);

    auto tool = [](const QString &program, const QStringList &args, QString *out = nullptr) {
        const QString exe = QStandardPaths::findExecutable(program, {"/usr/bin", "/usr/sbin"});
        if (exe.isEmpty())
            return -1; // not installed: scripts/test.sh installs it
        QProcess p;
        p.start(exe, args);
        p.waitForFinished(30000);
        if (out)
            *out = QString::fromUtf8(p.readAllStandardOutput());
        return p.exitCode();
    };
    QString info;
    if (tool("rsvg-convert", {path("a.svg"), "-o", path("svg.png")}) >= 0)
        QVERIFY(QImage(path("svg.png")).width() > 500);
    if (tool("pdfinfo", {path("a.pdf")}, &info) >= 0)
        QVERIFY2(info.contains(QRegularExpression(QStringLiteral("Pages:\\s+1\\n"))),
                 qPrintable(info));
    if (tool("pdftotext", {path("a.pdf"), "-"}, &info) >= 0) {
        QVERIFY2(info.contains(QStringLiteral("three-way handshake"))
                     && info.contains(QStringLiteral("SYN, ACK")),
                 qPrintable(info));
        // A hand-in: the experiment by name, its explanation, the verdict, the student.
        for (const QString &wanted :
             {QStringLiteral("TCP Lab — The classic client and server"),
              QStringLiteral("Student: Li Lei"), QStringLiteral("The article's experiment")})
            QVERIFY2(info.contains(wanted), qPrintable(wanted + QStringLiteral("\n") + info));
        QVERIFY2(info.contains(QStringLiteral("✓ The experiment went as expected."))
                     || info.contains(QStringLiteral("Not checked:")),
                 qPrintable(info));
    }
    if (!live)
        return;
    QString dump;
    QVERIFY(tool("tcpdump", {"-r", path("a.pcap"), "-n", "-S"}, &dump) == 0);
    QCOMPARE(dump.count(u'\n'), 10);
    const Result opened = run({"open", path("a.pcap"), "--json", path("b.json"), "--quiet"});
    QVERIFY2(opened.exitCode == 0, qPrintable(opened.err));
    auto segments = [](const QString &file) {
        QFile f(file);
        f.open(QIODevice::ReadOnly);
        QStringList out;
        for (const QJsonValue &v :
             QJsonDocument::fromJson(f.readAll()).object().value(u"events").toArray()) {
            const QJsonObject e = v.toObject();
            if (e.value(u"kind").toString() == QLatin1String("segment"))
                out << QStringLiteral("%1 %2 %3 %4 %5")
                           .arg(e.value(u"from").toString(), e.value(u"flags").toString())
                           .arg(qint64(e.value(u"seq").toDouble()))
                           .arg(qint64(e.value(u"ack").toDouble()))
                           .arg(e.value(u"len").toInt());
        }
        return out;
    };
    QCOMPARE(segments(path("b.json")), segments(path("s.json")));
}

// Done when: as an ordinary user (no CAP_NET_RAW) the run is modelled, says so, and exits 0;
// insisting on live capture fails with exit code 3 and says how to allow it.
void TestCli::unprivilegedUserGetsModelledSession()
{
    // A copy of the binary in a directory anyone can enter, run as nobody when we are root.
    QTemporaryDir dir;
    QVERIFY(QFile::setPermissions(
        dir.path(),
        QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
            | QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther
            | QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup));
    const QString binary = dir.filePath(QStringLiteral("tcplab"));
    QVERIFY(QFile::copy(QStringLiteral(TCPLAB_BINARY), binary));
    QString program = binary;
    QStringList prefix;
    if (::geteuid() == 0) {
        program = QStandardPaths::findExecutable(QStringLiteral("setpriv"));
        if (program.isEmpty())
            QSKIP("setpriv (util-linux) is needed to drop root for this test");
        prefix = {"--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all", binary};
    }
    auto runAs = [&](const QStringList &arguments) {
        QProcess p;
        p.start(program, prefix + arguments);
        Result r;
        if (!p.waitForFinished(30000))
            return r;
        r.exitCode = p.exitCode();
        r.out = QString::fromUtf8(p.readAllStandardOutput());
        r.err = QString::fromUtf8(p.readAllStandardError());
        return r;
    };
    const QString json = dir.filePath(QStringLiteral("modelled.json"));
    const Result modelled = runAs({"run", "seed", "--json", json, "--network", "loopback"});
    QVERIFY2(modelled.exitCode == 0, qPrintable(modelled.err + modelled.out));
    QVERIFY(modelled.out.contains(QStringLiteral("modelled")));
    QVERIFY(modelled.out.contains(QStringLiteral("setcap cap_net_raw,cap_net_admin=eip")));
    QFile file(json);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject session = QJsonDocument::fromJson(file.readAll()).object();
    QCOMPARE(session.value(u"capture").toString(), QStringLiteral("modelled"));
    QStringList flags;
    for (const QJsonValue &v : session.value(u"events").toArray()) {
        const QJsonObject e = v.toObject();
        if (e.value(u"kind").toString() != QLatin1String("segment"))
            continue;
        QCOMPARE(e.value(u"source").toString(), QStringLiteral("modelled"));
        QCOMPARE(e.value(u"seq").toInt(), e.value(u"rel_seq").toInt());
        flags.append(e.value(u"from").toString().left(1) + QLatin1Char(':')
                     + e.value(u"flags").toString());
    }
    QCOMPARE(flags.join(u' '), QStringLiteral("c:S s:S. c:. c:P. s:. s:P. c:. s:F. c:F. s:."));

    const Result live = runAs({"run", "seed", "--capture", "live", "--network", "loopback"});
    QCOMPARE(live.exitCode, 3);
    QVERIFY2(live.err.contains(QStringLiteral("not permitted"))
                 && live.err.contains(QStringLiteral("setcap")),
             qPrintable(live.err));
    QCOMPARE(live.err.count(u'\n'), 1);
}

namespace {
// Runs a program as nobody (we are root): no groups, no inherited capabilities.
QProcess *startAsNobody(const QString &program, const QStringList &arguments, QObject *parent)
{
    auto *process = new QProcess(parent);
    process->start(
        QStandardPaths::findExecutable(QStringLiteral("setpriv")),
        QStringList {"--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all", program}
            + arguments);
    return process;
}

QStringList segmentFlags(const QString &jsonPath, QString *capture)
{
    QFile file(jsonPath);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QJsonObject session = QJsonDocument::fromJson(file.readAll()).object();
    *capture = session.value(u"capture").toString();
    QStringList flags;
    for (const QJsonValue &v : session.value(u"events").toArray()) {
        const QJsonObject e = v.toObject();
        if (e.value(u"kind").toString() == QLatin1String("segment"))
            flags.append(e.value(u"from").toString().left(1) + QLatin1Char(':')
                         + e.value(u"flags").toString() + QLatin1Char('/')
                         + e.value(u"source").toString());
    }
    return flags;
}
} // namespace

// Issue 7: an ordinary user captures live through tcplab-capture once it holds CAP_NET_RAW,
// only their own ports; without the capability the lab models and says how to allow it.
void TestCli::captureHelperForOrdinaryUser()
{
    if (::geteuid() != 0)
        QSKIP("needs root to give a copy of the helper its capability (CI runs as root)");
    if (QStandardPaths::findExecutable(QStringLiteral("setpriv")).isEmpty()
        || QStandardPaths::findExecutable(QStringLiteral("setcap")).isEmpty())
        QSKIP("setpriv and setcap are needed (scripts/test.sh installs libcap2-bin)");
    QTemporaryDir dir;
    QVERIFY(QFile::setPermissions(dir.path(), QFileDevice::Permissions(0x7777)));
    const QString app = dir.filePath(QStringLiteral("tcplab"));
    const QString helper = dir.filePath(QStringLiteral("tcplab-capture"));
    QVERIFY(QFile::copy(QStringLiteral(TCPLAB_BINARY), app));
    QVERIFY(QFile::copy(
        QFileInfo(QStringLiteral(TCPLAB_BINARY)).dir().filePath(QStringLiteral("tcplab-capture")),
        helper));
    auto finish = [](QProcess *p, Result *r) {
        if (!p->waitForFinished(30000))
            p->kill();
        r->exitCode = p->exitStatus() == QProcess::NormalExit ? p->exitCode() : -2;
        r->out = QString::fromUtf8(p->readAllStandardOutput());
        r->err = QString::fromUtf8(p->readAllStandardError());
    };
    auto runAsNobody = [&](const QString &program, const QStringList &arguments) {
        Result r;
        finish(startAsNobody(program, arguments, this), &r);
        return r;
    };

    // Not allowed yet: the helper cannot capture, the run is modelled and says what to do.
    Result check = runAsNobody(helper, {"--check"});
    QCOMPARE(check.exitCode, 1);
    QVERIFY2(check.err.startsWith(QStringLiteral("STATUS CANNOT_CAPTURE ")), qPrintable(check.err));
    const QString json = dir.filePath(QStringLiteral("s.json"));
    Result modelled = runAsNobody(app, {"run", "seed", "--json", json});
    QVERIFY2(modelled.exitCode == 0, qPrintable(modelled.err + modelled.out));
    QVERIFY2(modelled.out.contains(QStringLiteral("sudo setcap cap_net_raw=ep ") + helper),
             qPrintable(modelled.out));
    QString capture;
    QCOMPARE(segmentFlags(json, &capture).size(), 10);
    QCOMPARE(capture, QStringLiteral("modelled"));

    // Allowed: the helper alone gets CAP_NET_RAW (the program stays unprivileged).
    QProcess setcap;
    setcap.start(QStringLiteral("setcap"), {QStringLiteral("cap_net_raw=ep"), helper});
    QVERIFY(setcap.waitForFinished());
    if (setcap.exitCode() != 0)
        QSKIP("this file system does not keep file capabilities");
    QCOMPARE(runAsNobody(helper, {"--check"}).exitCode, 0);
    for (int i = 0; i < 3; ++i) {
        QFile::remove(json);
        const Result live = runAsNobody(app, {"run", "seed", "--capture", "live", "--json", json});
        QVERIFY2(live.exitCode == 0, qPrintable(live.err + live.out));
        const QStringList flags = segmentFlags(json, &capture);
        QCOMPARE(capture, QStringLiteral("live"));
        QCOMPARE(flags.join(u' '),
                 QStringLiteral("c:S/live s:S./live c:./live c:P./live s:./live s:P./live "
                                "c:./live s:F./live c:F./live s:./live"));
    }

    // Someone else's port (a listener of root's): refused, exit 3, nothing captured.
    QTcpServer rootsServer;
    QVERIFY(rootsServer.listen(QHostAddress::LocalHost));
    const QString rootsPort = QString::number(rootsServer.serverPort());
    const Result refused = runAsNobody(helper, {rootsPort});
    QCOMPARE(refused.exitCode, 3);
    // The helper speaks to the lab in words a program reads; the lab says them to the user.
    QCOMPARE(refused.err.trimmed(), QStringLiteral("STATUS REFUSED ") + rootsPort);
    QVERIFY(refused.out.isEmpty());
    // A lab client of someone else's server is modelled, and says why.
    QProcess server;
    QString serverOut;
    const QString serverPort = startSeedServer(&server, {"--capture", "off"}, &serverOut);
    QVERIFY2(!serverPort.isEmpty(), qPrintable(serverOut));
    QFile::remove(json);
    const Result client = runAsNobody(app,
                                      {"run", "seed", "--role", "client", "--connect",
                                       "127.0.0.1:" + serverPort, "--json", json});
    QVERIFY2(client.exitCode == 0, qPrintable(client.err + client.out));
    QVERIFY2(client.out.contains(QStringLiteral("refused: no socket of yours")),
             qPrintable(client.out));
    QCOMPARE(segmentFlags(json, &capture).size(), 10);
    QCOMPARE(capture, QStringLiteral("modelled"));
    QVERIFY(server.waitForFinished(10000));

    // A lab client of the user's own server, in another process: its capture helper starts as
    // connect() is called, and the SYN waits for it to capture (the lab does not wait in its
    // event loop): the whole exchange is captured, from the SYN on.
    for (int i = 0; i < 3; ++i) {
        QProcess *own = startAsNobody(app,
                                      {"run", "seed", "--role", "server", "--port", "0",
                                       "--capture", "off", "--clients", "1"},
                                      this);
        QString ownOut;
        const QRegularExpression listening(QStringLiteral("Listening on 127\\.0\\.0\\.1:(\\d+)"));
        QString ownPort;
        QDeadlineTimer deadline(10000);
        while (ownPort.isEmpty() && !deadline.hasExpired()) {
            own->waitForReadyRead(100);
            ownOut += QString::fromUtf8(own->readAllStandardOutput());
            ownPort = listening.match(ownOut).captured(1);
        }
        QVERIFY2(!ownPort.isEmpty(), qPrintable(ownOut));
        QFile::remove(json);
        const Result ownClient
            = runAsNobody(app,
                          {"run", "seed", "--role", "client", "--connect", "127.0.0.1:" + ownPort,
                           "--capture", "live", "--json", json});
        QVERIFY2(ownClient.exitCode == 0, qPrintable(ownClient.err + ownClient.out));
        const QStringList ownFlags = segmentFlags(json, &capture);
        QCOMPARE(capture, QStringLiteral("live"));
        QVERIFY2(ownFlags.size() == 10 && ownFlags.first() == QLatin1String("c:S/live"),
                 qPrintable(ownFlags.join(u' ')));
        QVERIFY(own->waitForFinished(10000));
    }

    // The capture ends when the user no longer holds the port, so it cannot be handed over.
    QProcess *peer = startAsNobody(QStringLiteral(PEER_SERVER), {"0"}, this);
    QVERIFY(peer->waitForReadyRead(5000));
    const QString peerPort
        = QString::fromUtf8(peer->readAllStandardOutput()).section(u' ', 1).trimmed();
    QProcess *capturing = startAsNobody(helper, {peerPort}, this);
    QTRY_VERIFY_WITH_TIMEOUT(capturing->bytesAvailable() >= 24, 5000); // the pcap header
    // Capturing, it holds no capability any more (it dropped them once the filter was set).
    QFile status(QStringLiteral("/proc/%1/status").arg(capturing->processId()));
    QVERIFY(status.open(QIODevice::ReadOnly));
    const QString capabilities = QString::fromLatin1(status.readAll());
    QVERIFY2(capabilities.contains(QStringLiteral("CapEff:\t0000000000000000"))
                 && capabilities.contains(QStringLiteral("CapPrm:\t0000000000000000")),
             qPrintable(capabilities));
    peer->kill();
    QVERIFY(peer->waitForFinished(5000));
    // The port changes hands (root listens there now, within the helper's last two seconds):
    // root's connection is not the user's, and none of it comes out.
    QTcpServer taken;
    QVERIFY(taken.listen(QHostAddress::LocalHost, quint16(peerPort.toUInt())));
    QTcpSocket rootsClient;
    rootsClient.connectToHost(QHostAddress::LocalHost, taken.serverPort());
    QVERIFY(rootsClient.waitForConnected(3000));
    rootsClient.write("ROOT-SECRET");
    QVERIFY(rootsClient.waitForBytesWritten(3000));
    QVERIFY(capturing->waitForFinished(8000));
    QCOMPARE(capturing->exitCode(), 4);
    const QByteArray stream = capturing->readAllStandardOutput();
    QCOMPARE(stream.size(), 24); // the pcap file header, and not one frame
    QVERIFY(!stream.contains("ROOT-SECRET"));
    // It says that it withheld root's frames (how many), and why it stopped.
    const QStringList said
        = QString::fromUtf8(capturing->readAllStandardError()).trimmed().split(u'\n');
    QCOMPARE(said.last(), QStringLiteral("STATUS STOPPED ") + peerPort);
    QVERIFY2(said.size() == 2 && said.first().startsWith(QStringLiteral("STATUS WITHHELD "))
                 && said.first().section(u' ', 2).toInt() >= 4,
             qPrintable(said.join(u'|')));
}

void TestCli::qtEngineInterop_data()
{
    QTest::addColumn<QStringList>("engines");
    QTest::addColumn<QString>("qtSides");
    QTest::newRow("Qt client, native server") << QStringList {"--client-engine", "qt"} << "c";
    QTest::newRow("native client, Qt server") << QStringList {"--server-engine", "qt"} << "s";
    QTest::newRow("Qt on both sides") << QStringList {"--engine", "qt"} << "cs";
}

// Issue 8: the article's exchange with Qt's QTcpSocket on one side and the system calls on the
// other (and on both) puts the same segments on the wire, and the calls are Qt's on Qt's side.
void TestCli::qtEngineInterop()
{
    QFETCH(QStringList, engines);
    QFETCH(QString, qtSides);
    QTemporaryDir dir;
    const QString json = dir.filePath(QStringLiteral("s.json"));
    const Result r = run(QStringList {"run", "seed", "--json", json} + engines);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
    QVERIFY(r.out.contains(QStringLiteral("Here is the message: hello")));
    QFile file(json);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonArray events
        = QJsonDocument::fromJson(file.readAll()).object().value(u"events").toArray();
    QStringList wire;
    QSet<QString> qtCalls[2];
    for (const QJsonValue &v : events) {
        const QJsonObject e = v.toObject();
        if (e.value(u"kind").toString() == QLatin1String("segment"))
            wire << e.value(u"from").toString().left(1) + QLatin1Char(':')
                    + e.value(u"flags").toString();
        const QString api = e.value(u"api").toString();
        if (e.value(u"kind").toString() == QLatin1String("call") && !api.isEmpty())
            qtCalls[e.value(u"side").toString() == QLatin1String("server")].insert(
                e.value(u"call").toString());
        if (e.value(u"kind").toString() == QLatin1String("call"))
            QVERIFY2(api.isEmpty() == !qtSides.contains(e.value(u"side").toString().left(1)),
                     qPrintable(e.value(u"call").toString()));
    }
    QCOMPARE(wire.join(u' '), QStringLiteral("c:S s:S. c:. c:P. s:. s:P. c:. s:F. c:F. s:."));
    if (qtSides.contains(u'c'))
        QVERIFY(qtCalls[0].contains(QStringLiteral("connectToHost"))
                && qtCalls[0].contains(QStringLiteral("readAll"))
                && qtCalls[0].contains(QStringLiteral("errorOccurred")));
    if (qtSides.contains(u's'))
        QVERIFY(qtCalls[1].contains(QStringLiteral("nextPendingConnection"))
                && qtCalls[1].contains(QStringLiteral("bytesWritten")));

    // And across processes: the Qt server answers the article's client.c.
    if (qtSides != QLatin1String("s"))
        return;
    QProcess server;
    QString out;
    const QString port = startSeedServer(&server, engines, &out);
    QVERIFY2(!port.isEmpty(), qPrintable(out));
    QProcess client;
    client.start(QStringLiteral(PEER_CLIENT), {port, QStringLiteral("hi from C")});
    QVERIFY(client.waitForFinished(10000));
    QCOMPARE(QString::fromUtf8(client.readAllStandardOutput()),
             QStringLiteral("I got your message\n"));
    QVERIFY(server.waitForFinished(10000));
    QCOMPARE(server.exitCode(), 0);
}

// A teacher's textbook picture (simultaneous close as a model, before the lab network made it
// real) cannot be captured: asked to, the lab refuses (exit 3) and says why, in one line.
void TestCli::textbookPictureRefusesLiveCapture()
{
    const QString file = QFINDTESTDATA("data/textbook-simultaneous-close.json");
    const Result r = run({"run", file, "--capture", "live"});
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.err.contains(QStringLiteral("cannot be captured")) && r.err.count(u'\n') == 1,
             qPrintable(r.err));
    const Result modelled = run({"run", file});
    QCOMPARE(modelled.exitCode, 0);
    QVERIFY2(modelled.out.contains(QStringLiteral("Not checked")), qPrintable(modelled.out));
    QVERIFY(!modelled.out.contains(QStringLiteral("went as expected")));
    QVERIFY(modelled.out.contains(QStringLiteral("(CLOSING)")));
}

// backlog-full makes three connections: each is its own in the JSON, and the text ladder shows
// each with only its own segments and states.
void TestCli::everyConnectionInJsonAndText()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("b.json"));
    const Result r = run({"run", "backlog-full", "--json", path});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
    for (int i = 1; i <= 3; ++i)
        QVERIFY2(r.out.contains(QStringLiteral("Connection %1 of 3").arg(i)), qPrintable(r.out));
    QVERIFY(r.out.contains(QStringLiteral("its SYN is dropped")));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject session = QJsonDocument::fromJson(file.readAll()).object();
    const QJsonArray connections = session.value(u"connections").toArray();
    QCOMPARE(connections.size(), 3);
    QSet<int> clientPorts;
    for (const QJsonValue &c : connections)
        clientPorts.insert(c.toObject().value(u"client").toObject().value(u"port").toInt());
    QCOMPARE(clientPorts.size(), 3);
    // The unaccepted server ends: each connection has its own, and the third none at all.
    QHash<int, QStringList> serverStates;
    for (const QJsonValue &v : session.value(u"events").toArray()) {
        const QJsonObject e = v.toObject();
        if (e.value(u"kind").toString() == QLatin1String("segment"))
            QVERIFY(e.value(u"conn").toInt() >= 1 && e.value(u"conn").toInt() <= 3);
        if (e.value(u"kind").toString() == QLatin1String("state")
            && e.value(u"source").toString() == QLatin1String("inferred")
            && e.value(u"side").toString() == QLatin1String("server")
            && !e.value(u"listener").toBool())
            serverStates[e.value(u"conn").toInt()] << e.value(u"state").toString();
    }
    QCOMPARE(serverStates.value(1), (QStringList {"SYN_RECEIVED", "ESTABLISHED"}));
    QCOMPARE(serverStates.value(2), (QStringList {"SYN_RECEIVED", "ESTABLISHED"}));
    QVERIFY(serverStates.value(3).isEmpty());
}

// With delayed ACKs turned off (a quickack route, in a network namespace of its own), the
// lessons about them cannot hold: they exit 1 and say which expectation failed and why. The
// classic one too: its three-segment teardown needs the delayed ACK of the server's FIN.
void TestCli::delayedAckLessonsFailWithoutDelayedAcks()
{
    if (::geteuid() != 0)
        QSKIP("needs root to make a network namespace with a quickack route (CI runs as root)");
    const QString unshare = QStandardPaths::findExecutable(QStringLiteral("unshare"));
    const QString ip = QStandardPaths::findExecutable(QStringLiteral("ip"));
    if (unshare.isEmpty() || ip.isEmpty())
        QSKIP("unshare (util-linux) and ip (iproute2) are needed; scripts/test.sh installs them");
    for (const char *id : {"delayed-ack", "seed-slow-close", "seed"}) {
        QProcess p;
        const QString script
            = QStringLiteral("%1 link set lo up && %1 route replace local 127.0.0.1 dev lo proto "
                             "kernel scope host src 127.0.0.1 table local quickack 1 && exec %2 "
                             "run %3 --capture live --quiet --network loopback")
                  .arg(ip, QStringLiteral(TCPLAB_BINARY), QLatin1String(id));
        p.start(unshare,
                {QStringLiteral("--net"), QStringLiteral("sh"), QStringLiteral("-c"), script});
        QVERIFY(p.waitForFinished(30000));
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(p.exitCode() == 1,
                 qPrintable(QStringLiteral("%1: exit %2: %3")
                                .arg(QLatin1String(id))
                                .arg(p.exitCode())
                                .arg(err)));
        QVERIFY2(err.contains(QStringLiteral("expected a delayed ACK"))
                     && err.contains(QStringLiteral("quickack 1")),
                 qPrintable(err));
    }
    // The same lessons pass where the route delays ACKs (here).
    QCOMPARE(run({"run", "delayed-ack", "--capture", "live", "--quiet"}).exitCode, 0);
}

// Done when: a capture with a reused 4-tuple lists two connections. tcpdump writes the file
// (not the lab), of two real connections a client made from one port.
void TestCli::openSplitsAReusedFourTuple()
{
    if (::geteuid() != 0)
        QSKIP("tcpdump needs root here (CI runs as root)");
    const QString tcpdump
        = QStandardPaths::findExecutable(QStringLiteral("tcpdump"), {"/usr/bin", "/usr/sbin"});
    if (tcpdump.isEmpty())
        QSKIP("tcpdump is not installed (scripts/test.sh installs it)");
    const QHostAddress host(QHostAddress::LocalHost);
    tcplab::test::Fd listener(tcplab::test::listenOn(host));
    QVERIFY(listener.isValid());
    const quint16 port = tcplab::test::endOf(listener.get(), false).port;
    QTemporaryDir dir;
    const QString pcap = dir.filePath(QStringLiteral("reused.pcap"));
    QProcess dump;
    QVERIFY(startListening(&dump, tcpdump,
                           {"-i", "lo", "-n", "-U", "--immediate-mode", "-w", pcap,
                            QStringLiteral("tcp port %1").arg(port)}));
    const quint16 clientPort = tcplab::test::reuseFourTuple(listener.get(), host);
    QVERIFY(clientPort != 0);
    // tcpdump writes each packet as it comes (--immediate-mode -U): once the file holds both
    // FINs and the ACK after them, it has the whole run.
    auto whole = [&] {
        QProcess read;
        read.start(tcpdump, {"-r", pcap, "-n"});
        read.waitForFinished(10000);
        const QStringList lines
            = QString::fromUtf8(read.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts);
        return lines.filter(QStringLiteral("Flags [F.]")).size() == 2
            && lines.last().contains(QStringLiteral("Flags [.]"));
    };
    QTRY_VERIFY_WITH_TIMEOUT(whole(), 10000);
    dump.terminate();
    QVERIFY(dump.waitForFinished(10000));
    const QString dumpErr = QString::fromUtf8(dump.readAllStandardError());
    const QRegularExpressionMatch captured
        = QRegularExpression(QStringLiteral("(\\d+) packets captured")).match(dumpErr);
    QVERIFY2(captured.hasMatch(), qPrintable(dumpErr));
    // The first connection is 4 segments (SYN, SYN/ACK, ACK, RST); the second is the rest.
    const int second = captured.captured(1).toInt() - 4;

    const Result listed = run({"open", pcap, "--list"});
    QVERIFY2(listed.exitCode == 0, qPrintable(listed.err));
    const QStringList lines = listed.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    const QString tuple = QStringLiteral("127.0.0.1:%1 → 127.0.0.1:%2").arg(clientPort).arg(port);
    QVERIFY2(
        lines.at(0).startsWith(QStringLiteral("  1  ") + tuple
                               + QStringLiteral(", 4 packets, 0 bytes, handshake complete, RST")),
        qPrintable(lines.at(0)));
    QVERIFY2(
        lines.at(1).startsWith(
            QStringLiteral("  2  ") + tuple
            + QStringLiteral(", %1 packets, 5 bytes, handshake complete, FIN/FIN").arg(second)),
        qPrintable(lines.at(1)));

    // The second connection alone, numbered from its own ISN, with its own states.
    const QString json = dir.filePath(QStringLiteral("second.json"));
    const Result opened = run({"open", pcap, "--stream", "2", "--json", json, "--quiet"});
    QVERIFY2(opened.exitCode == 0, qPrintable(opened.err));
    QFile file(json);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject session = QJsonDocument::fromJson(file.readAll()).object();
    QCOMPARE(session.value(u"connections").toArray().size(), 1);
    QStringList wire;
    QStringList server;
    for (const QJsonValue &v : session.value(u"events").toArray()) {
        const QJsonObject e = v.toObject();
        if (e.value(u"kind").toString() == QLatin1String("segment"))
            wire << e.value(u"from").toString().left(1) + QLatin1Char(':')
                    + e.value(u"flags").toString();
        if (e.value(u"kind").toString() == QLatin1String("state")
            && e.value(u"side").toString() == QLatin1String("server"))
            server << e.value(u"state").toString();
    }
    QCOMPARE(wire.size(), second);
    // Linux delays its ACK of a FIN, and the client's FIN, at once, carries it; a client slower
    // than the delayed-ACK time acknowledges on its own first.
    QVERIFY2(QRegularExpression(
                 QStringLiteral("^c:S s:S\\. c:\\. c:P\\. s:\\. s:F\\. (c:\\. )?c:F\\. s:\\.$"))
                 .match(wire.join(u' '))
                 .hasMatch(),
             qPrintable(wire.join(u' ')));
    QCOMPARE(
        server,
        (QStringList {"SYN_RECEIVED", "ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2", "TIME_WAIT"}));
}

// The seed experiment's numbers follow the message --message sends: a longer one passes with
// its own length and acknowledgements checked, not the default's 5 bytes.
void TestCli::anotherMessageIsCheckedByItsLength()
{
    if (::geteuid() != 0)
        QSKIP("live capture needs root here (CI runs as root)");
    QTemporaryDir dir;
    const QString json = dir.filePath(QStringLiteral("m.json"));
    const Result r = run({"run", "seed", "--capture", "live", "--message", "hi there, server",
                          "--json", json, "--quiet"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
    QFile file(json);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject session = QJsonDocument::fromJson(file.readAll()).object();
    QCOMPARE(session.value(u"verdict").toObject().value(u"outcome").toString(),
             QStringLiteral("passed"));
    QStringList data;
    for (const QJsonValue &v : session.value(u"events").toArray()) {
        const QJsonObject e = v.toObject();
        if (e.value(u"kind").toString() == QLatin1String("segment") && e.value(u"len").toInt() > 0)
            data << QStringLiteral("%1 %2")
                        .arg(e.value(u"from").toString())
                        .arg(e.value(u"len").toInt());
    }
    QCOMPARE(data, (QStringList {"client 16", "server 18"}));
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
