#include "cli.h"

#include "capture/capturefile.h"
#include "lab/catalogue.h"
#include "lab/classserver.h"
#include "lab/expectation.h"
#include "lab/observations.h"
#include "lab/scenariorunner.h"
#include "ladderexport.h"
#include "ladderpainter.h"
#include "net/labnetwork.h"
#include "session/eventtext.h"
#include "session/inputfile.h"
#include "session/segmentexplain.h"
#include "session/session.h"
#include "session/textladder.h"
#include "socket/errortext.h"
#include "socket/sockaddr.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLibraryInfo>
#include <QLocale>
#include <QSaveFile>
#include <QSocketNotifier>
#include <QTranslator>
#include <algorithm>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <unistd.h>

namespace tcplab {

namespace {

class CliText
{
    Q_DECLARE_TR_FUNCTIONS(tcplab::Cli)
};

void printLine(FILE *stream, const QString &line)
{
    const QByteArray bytes = line.toUtf8() + '\n';
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
    std::fflush(stream);
}

int usageError(const QString &message)
{
    printLine(stderr, QStringLiteral("tcplab: ") + message);
    printLine(stderr, CliText::tr("Try 'tcplab --help'."));
    return 2;
}

bool splitHostPort(const QString &text, QString *host, QString *port)
{
    const int colon = int(text.lastIndexOf(QLatin1Char(':')));
    if (colon <= 0)
        return false;
    *host = text.left(colon);
    *port = text.mid(colon + 1);
    if (host->startsWith(QLatin1Char('[')) && host->endsWith(QLatin1Char(']')))
        *host = host->mid(1, host->size() - 2);
    return !host->isEmpty();
}

// The verdict as --json writes it: its outcome, and what differed.
QJsonObject verdictJson(const Verdict &v)
{
    QJsonObject o;
    o.insert(QStringLiteral("outcome"),
             v.outcome == Verdict::Outcome::Passed       ? QStringLiteral("passed")
                 : v.outcome == Verdict::Outcome::Failed ? QStringLiteral("failed")
                                                         : QStringLiteral("not-checked"));
    if (!v.message.isEmpty())
        o.insert(QStringLiteral("message"), v.message);
    if (!v.failures.isEmpty())
        o.insert(QStringLiteral("failures"), QJsonArray::fromStringList(v.failures));
    return o;
}

// Writes what the command line asked for besides the text: the session JSON, the diagram in
// each --export format, the frames as pcap. 0, or 3 with the reason printed.
int writeOutputs(const Session &session, const std::optional<Verdict> &verdict, const QString &json,
                 const QStringList &exports, const QString &pcap,
                 const QList<CapturedFrame> &frames, const LadderExport::Options &report = {})
{
    if (!json.isEmpty()) {
        QJsonObject document = session.toJson();
        if (verdict)
            document.insert(QStringLiteral("verdict"), verdictJson(*verdict));
        QSaveFile file(json);
        if (!file.open(QIODevice::WriteOnly)
            || file.write(QJsonDocument(document).toJson(QJsonDocument::Indented)) < 0
            || !file.commit()) {
            printLine(stderr,
                      CliText::tr("tcplab: cannot write %1: %2").arg(json, file.errorString()));
            return 3;
        }
    }
    for (const QString &path : exports) {
        LadderExport::Options options = report; // a hand-in: the experiment, its verdict, who
        options.font = LadderPainter::diagramFont(QGuiApplication::font());
        QString error;
        if (!LadderExport::write(session, path, options, &error)) {
            printLine(stderr, QStringLiteral("tcplab: ") + error);
            return 3;
        }
    }
    if (!pcap.isEmpty()) {
        QString error;
        if (!CaptureFile::writePcap(pcap, frames, &error)) {
            printLine(stderr, QStringLiteral("tcplab: ") + error);
            return 3;
        }
    }
    return 0;
}

bool exportsValid(const QStringList &exports, QString *bad)
{
    for (const QString &path : exports) {
        const QString suffix = QFileInfo(path).suffix().toLower();
        if (!QStringList {QStringLiteral("png"), QStringLiteral("svg"), QStringLiteral("pdf"),
                          QStringLiteral("txt"), QStringLiteral("mmd")}
                 .contains(suffix)) {
            *bad = path;
            return false;
        }
    }
    return true;
}

// `tcplab check FILE...`: reads each experiment file as `run` would, runs nothing, and says
// for each that it is usable or every problem it has. 0: all usable; 2: a file has problems
// (the data is wrong, as when `run` refuses it); 3: a file could not be read.
int check(const QStringList &files)
{
    int code = 0;
    for (const QString &path : files) {
        QString error;
        const std::optional<QByteArray> bytes
            = InputFile::read(path, InputFile::kScenarioLimit, &error);
        if (!bytes) {
            printLine(stderr, CliText::tr("tcplab: cannot read %1: %2").arg(path, error));
            code = 3;
            continue;
        }
        QStringList problems;
        const std::optional<Scenario> scenario = Scenario::fromJson(*bytes, &problems);
        if (!scenario) {
            for (const QString &problem : std::as_const(problems))
                printLine(stderr, CliText::tr("%1: %2").arg(path, problem));
            code = std::max(code, 2);
            continue;
        }
        printLine(stdout,
                  CliText::tr("%1: ok — %2, %3, %4")
                      .arg(path, scenario->titleIn(Catalogue::language()),
                           CliText::tr("%n step(s)", nullptr, int(scenario->steps.size())),
                           CliText::tr("%n expected connection(s)", nullptr,
                                       int(scenario->expect.connections.size()))));
    }
    return code;
}

} // namespace

QString languageArgument(const QStringList &arguments)
{
    for (int i = 1; i < arguments.size(); ++i) {
        if (arguments.at(i) == QLatin1String("--lang") && i + 1 < arguments.size())
            return arguments.at(i + 1);
        if (arguments.at(i).startsWith(QLatin1String("--lang=")))
            return arguments.at(i).mid(7);
    }
    return {};
}

void installTranslations(const QString &language)
{
    // One set of translators at a time: switching removes the previous language's.
    static QList<QTranslator *> installed;
    for (QTranslator *t : std::as_const(installed)) {
        QCoreApplication::removeTranslator(t);
        delete t;
    }
    installed.clear();
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    QLocale::setDefault(locale);
    auto *app = QCoreApplication::instance();
    const QList<QPair<QString, QString>> sets
        = {{QStringLiteral("tcplab"), QStringLiteral(":/i18n")},
           {QStringLiteral("qtbase"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)}};
    for (const auto &[name, directory] : sets) {
        auto *translator = new QTranslator(app);
        // A language without a translation (the C locale too) reads English, with the
        // English plural forms ("1 packet", "4 packets"), not the sources' "packet(s)".
        if (translator->load(locale, name, QStringLiteral("_"), directory)
            || (name == QLatin1String("tcplab")
                && translator->load(name + QStringLiteral("_en"), directory))) {
            QCoreApplication::installTranslator(translator);
            installed.append(translator);
        } else {
            delete translator;
        }
    }
}

bool Cli::wanted(const QStringList &arguments)
{
    for (int i = 1; i < arguments.size(); ++i) {
        const QString &a = arguments.at(i);
        if (a == QLatin1String("--lang")) {
            ++i;
            continue;
        }
        if (a.startsWith(QLatin1String("--lang=")))
            continue;
        // Single-dash options (-platform, -style, ...) are Qt's own, for the window.
        if (a.startsWith(QLatin1Char('-')) && !a.startsWith(QLatin1String("--"))
            && a != QLatin1String("-h"))
            continue;
        // Anything else (a command, --version, --help, or a mistake) is the command line's.
        return true;
    }
    return false;
}

namespace {

int g_stopPipe[2] = {-1, -1};

void stopOnSignal(int)
{
    const char byte = 's';
    [[maybe_unused]] const auto written = ::write(g_stopPipe[1], &byte, 1);
}

// The seed experiment's server for a class (tcplab run seed --role server): one line per
// student, until interrupted or after `clients` of them.
int serveClass(const Listener::Settings &settings, int clients)
{
    ClassServer server;
    if (!server.start(settings)) {
        printLine(stderr, QStringLiteral("tcplab: ") + server.errorText());
        return 3;
    }
    const QString port = QString::number(server.port());
    printLine(stdout,
              CliText::tr("Listening on %1").arg(endpointText(server.address(), server.port())));
    QStringList where;
    for (const QString &address : ClassServer::addressesToConnectTo(server.address()))
        where.append(endpointText(QHostAddress(address), server.port()));
    if (clients == 0)
        printLine(stdout,
                  CliText::tr("Students connect to %1. Ctrl+C stops the server.")
                      .arg(where.join(QStringLiteral(", "))));
    else
        printLine(stdout,
                  CliText::tr("Students connect to %1. The server stops after %n "
                              "student(s).",
                              nullptr, clients)
                      .arg(where.join(QStringLiteral(", "))));
    QEventLoop loop;
    QObject::connect(&server, &ClassServer::studentDone, &loop, [&](const ClassServer::Student &s) {
        QString line;
        const QString took = SegmentText::duration(s.servedUs);
        if (!s.error.isEmpty())
            line = CliText::tr("#%1  %2  %3 (after %4)").arg(s.number).arg(s.peer, s.error, took);
        else if (s.message.isEmpty())
            line = CliText::tr("#%1  %2  closed at once: end-of-file before any "
                               "message; answered and closed in %3")
                       .arg(s.number)
                       .arg(s.peer, took);
        else
            line = CliText::tr("#%1  %2  Here is the message: %3  → answered "
                               "and closed first in %4")
                       .arg(s.number)
                       .arg(s.peer, printableBytes(s.message.trimmed()), took);
        printLine(stdout, line);
        if (clients > 0 && server.served() >= clients)
            loop.quit();
    });
    // Ctrl+C (and a polite kill) ends the class: through the event loop, never mid-call.
    if (::pipe2(g_stopPipe, O_CLOEXEC | O_NONBLOCK) != 0) {
        printLine(stderr,
                  QStringLiteral("tcplab: pipe: ") + QString::fromLocal8Bit(std::strerror(errno)));
        return 3;
    }
    QSocketNotifier stop(g_stopPipe[0], QSocketNotifier::Read);
    QObject::connect(&stop, &QSocketNotifier::activated, &loop, &QEventLoop::quit);
    struct sigaction action = {};
    action.sa_handler = stopOnSignal;
    sigemptyset(&action.sa_mask);
    struct sigaction oldInt = {}, oldTerm = {};
    ::sigaction(SIGINT, &action, &oldInt);
    ::sigaction(SIGTERM, &action, &oldTerm);
    loop.exec();
    ::sigaction(SIGINT, &oldInt, nullptr);
    ::sigaction(SIGTERM, &oldTerm, nullptr);
    ::close(g_stopPipe[0]);
    ::close(g_stopPipe[1]);
    g_stopPipe[0] = g_stopPipe[1] = -1;
    if (server.beingServed() > 0)
        printLine(stdout,
                  CliText::tr("Served %n student(s); %1 still connected, closed now.", nullptr,
                              server.served())
                      .arg(server.beingServed()));
    else
        printLine(stdout, CliText::tr("Served %n student(s).", nullptr, server.served()));
    return 0;
}

} // namespace

int Cli::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        CliText::tr("TCP Lab: drive a real TCP connection one system call at a time.\n\n"
                    "Commands:\n"
                    "  (none)             open the window with the seed experiment ready\n"
                    "  list               list the built-in experiments\n"
                    "  run SCENARIO       run an experiment on real sockets, without a window\n"
                    "  check FILE...      check experiment files without running them: each "
                    "problem with its JSON path\n"
                    "  open CAPTURE       read a pcap or pcapng capture: list its connections "
                    "(--list) or draw one (--stream N)"));
    const QCommandLineOption helpOption({QStringLiteral("h"), QStringLiteral("help")},
                                        CliText::tr("Show this help."));
    const QCommandLineOption versionOption(QStringLiteral("version"),
                                           CliText::tr("Show the version."));
    const QCommandLineOption langOption(
        QStringLiteral("lang"),
        CliText::tr("Language of the window and of all output: zh_CN or en."),
        QStringLiteral("LANG"));
    const QCommandLineOption roleOption(
        QStringLiteral("role"),
        CliText::tr("both (default: both sides here, on loopback), server "
                    "(wait for any client) or client (connect to --connect)."),
        QStringLiteral("ROLE"), QStringLiteral("both"));
    const QCommandLineOption portOption(
        QStringLiteral("port"),
        CliText::tr("Server port; 0 (default) picks a free one and prints it."),
        QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption bindOption(
        QStringLiteral("bind"),
        CliText::tr("Server address to listen on (default 127.0.0.1; "
                    "0.0.0.0 for all interfaces)."),
        QStringLiteral("ADDR"), QStringLiteral("127.0.0.1"));
    const QCommandLineOption connectOption(
        QStringLiteral("connect"), CliText::tr("For --role client: the server to connect to."),
        QStringLiteral("HOST:PORT"));
    const QCommandLineOption messageOption(
        QStringLiteral("message"), CliText::tr("What the client sends (default \"hello\")."),
        QStringLiteral("TEXT"), QStringLiteral("hello"));
    const QCommandLineOption captureOption(
        QStringLiteral("capture"),
        CliText::tr("auto (default: capture when permitted, else model the segments), live "
                    "(capture or fail) or off (model the segments)."),
        QStringLiteral("MODE"), QStringLiteral("auto"));
    const QCommandLineOption exportOption(
        QStringLiteral("export"),
        CliText::tr("Also write the diagram to this file; the format comes from the suffix (.png "
                    ".svg .pdf .txt "
                    ".mmd). May be given several times."),
        QStringLiteral("FILE"));
    const QCommandLineOption pcapOption(QStringLiteral("pcap"),
                                        CliText::tr("Save the captured frames as a pcap file."),
                                        QStringLiteral("FILE"));
    const QCommandLineOption listOption(
        QStringLiteral("list"), CliText::tr("For open: list the TCP connections in the file."));
    const QCommandLineOption streamOption(
        QStringLiteral("stream"),
        CliText::tr("For open: which connection to draw (1 = the first)."), QStringLiteral("N"),
        QStringLiteral("1"));
    const QCommandLineOption jsonOption(QStringLiteral("json"),
                                        CliText::tr("Write the session as JSON to this file."),
                                        QStringLiteral("FILE"));
    const QCommandLineOption engineOption(
        QStringLiteral("engine"),
        CliText::tr("For the seed experiment: native (default: the system calls) or qt (Qt's "
                    "QTcpSocket and QTcpServer), for the sides this run plays."),
        QStringLiteral("ENGINE"), QStringLiteral("native"));
    const QCommandLineOption clientEngineOption(QStringLiteral("client-engine"),
                                                CliText::tr("The client's engine: native or qt."),
                                                QStringLiteral("ENGINE"));
    const QCommandLineOption serverEngineOption(QStringLiteral("server-engine"),
                                                CliText::tr("The server's engine: native or qt."),
                                                QStringLiteral("ENGINE"));
    const QCommandLineOption networkOption(
        QStringLiteral("network"),
        CliText::tr("lab (the default where the system allows it: a client host .1 and a server "
                    "host .2 of a documentation network such as 192.0.2.0/24, and a wire this "
                    "run controls, captured for every user), loopback (this computer's own "
                    "stack, 127.0.0.1) or host (this computer's own interfaces, for one side "
                    "against a program on another machine: the default of --role server and "
                    "--role client)."),
        QStringLiteral("NET"));
    const QCommandLineOption wireOption(
        QStringLiteral("wire"),
        CliText::tr("The lab network's wire, instead of the experiment's: comma-separated "
                    "settings, per direction with client: or server: (the sender). "
                    "delay=50ms jitter=5ms rate=1mbit loss=5% seed=N mtu=576; "
                    "drop=client:fin, drop=server:data#2, drop=client:last-ack (#* every match); "
                    "dup=client:data@30ms; hold=client:data (behind the next one); "
                    "rst=server:data (a middlebox's RST). Segments: any syn syn-ack fin rst data "
                    "ack ack-of-fin last-ack len=N."),
        QStringLiteral("SPEC"));
    const QCommandLineOption quietOption(
        QStringLiteral("quiet"),
        CliText::tr("Print only what the programs print, not every event."));
    const QCommandLineOption studentOption(
        QStringLiteral("student"),
        CliText::tr("For --export: the student's name, written under the title with the date, "
                    "the experiment's explanation and its verdict."),
        QStringLiteral("NAME"));
    const QCommandLineOption clientsOption(
        QStringLiteral("clients"),
        CliText::tr("With --role server: stop after N students' clients. Without it the server "
                    "serves a class, one after another and at once, until interrupted (Ctrl+C), "
                    "with one line per student; --clients 1 serves one and draws its ladder."),
        QStringLiteral("N"));
    parser.addOptions({helpOption,         versionOption, langOption,    roleOption,
                       portOption,         bindOption,    connectOption, messageOption,
                       captureOption,      exportOption,  pcapOption,    listOption,
                       streamOption,       jsonOption,    engineOption,  clientEngineOption,
                       serverEngineOption, networkOption, wireOption,    quietOption,
                       clientsOption,      studentOption});
    parser.addPositionalArgument(QStringLiteral("command"),
                                 CliText::tr("list, run, check or open"));

    if (!parser.parse(arguments))
        return usageError(parser.errorText());
    if (parser.isSet(helpOption)) {
        printLine(stdout, parser.helpText());
        return 0;
    }
    if (parser.isSet(versionOption)) {
        printLine(stdout, QStringLiteral("tcplab %1").arg(QStringLiteral(TCPLAB_VERSION)));
        return 0;
    }
    if (parser.isSet(langOption)) {
        const QString lang = parser.value(langOption);
        if (lang != QLatin1String("zh_CN") && lang != QLatin1String("en"))
            return usageError(CliText::tr("--lang takes zh_CN or en, not \"%1\".").arg(lang));
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty())
        return usageError(CliText::tr("no command given."));
    const QString command = positional.constFirst();

    if (command == QLatin1String("list")) {
        if (positional.size() > 1)
            return usageError(CliText::tr("'list' takes no arguments."));
        for (const Scenario &s : Catalogue::builtin()) {
            printLine(stdout,
                      QStringLiteral("%1  %2 — %3")
                          .arg(s.id, -24)
                          .arg(s.titleIn(Catalogue::language()), Catalogue::summary(s)));
        }
        return 0;
    }
    if (command == QLatin1String("check")) {
        if (positional.size() < 2)
            return usageError(CliText::tr("'check' takes one or more experiment files, e.g. "
                                          "'tcplab check mine.json'."));
        return check(positional.mid(1));
    }
    QString badExport;
    if (!exportsValid(parser.values(exportOption), &badExport))
        return usageError(CliText::tr("--export %1: the format comes from the suffix; use .png, "
                                      ".svg, .pdf, .txt or .mmd.")
                              .arg(badExport));
    // Every file this run will write, before the run: a run of minutes must not end in "cannot
    // write", and a link must not be followed.
    {
        QStringList outputs = parser.values(exportOption);
        for (const QCommandLineOption *option : {&jsonOption, &pcapOption}) {
            if (parser.isSet(*option))
                outputs.append(parser.value(*option));
        }
        for (const QString &path : std::as_const(outputs)) {
            QString error;
            if (!OutputFile::check(path, &error)) {
                printLine(stderr, QStringLiteral("tcplab: ") + error);
                return 3;
            }
        }
    }
    if (command == QLatin1String("open")) {
        if (positional.size() != 2)
            return usageError(
                CliText::tr("'open' takes one capture file, e.g. 'tcplab open capture.pcap'."));
        CaptureFile capture;
        QString error;
        if (!capture.open(positional.at(1), &error)) {
            printLine(stderr, QStringLiteral("tcplab: ") + error);
            return 3;
        }
        if (!capture.stoppedAt().isEmpty())
            printLine(stderr, QStringLiteral("tcplab: ") + capture.stoppedAt());
        if (parser.isSet(listOption)) {
            for (int i = 0; i < capture.connections().size(); ++i)
                printLine(stdout,
                          QStringLiteral("%1  %2").arg(i + 1, 3).arg(
                              capture.connections().at(i).summary()));
            return 0;
        }
        bool ok = false;
        const int stream = parser.value(streamOption).toInt(&ok);
        if (!ok || stream < 1)
            return usageError(
                CliText::tr("--stream takes a connection number from 1 on ('--list' shows them)."));
        Session session;
        if (!capture.load(stream - 1, &session, &error)) {
            printLine(stderr, QStringLiteral("tcplab: ") + error);
            return 2;
        }
        if (!parser.isSet(quietOption))
            std::fputs(TextLadder::render(session).toUtf8().constData(), stdout);
        for (const QString &note : capture.unreadable())
            printLine(stderr, QStringLiteral("tcplab: ") + note);
        return writeOutputs(session, std::nullopt, parser.value(jsonOption),
                            parser.values(exportOption), QString(), {});
    }
    if (command != QLatin1String("run"))
        return usageError(CliText::tr("unknown command \"%1\" (commands: %2).")
                              .arg(command, QStringLiteral("list, run, check, open")));
    if (positional.size() != 2)
        return usageError(CliText::tr("'run' takes one experiment, e.g. 'tcplab run seed'."));
    // A built-in experiment by id, or a teacher's scenario file.
    const QString which = positional.at(1);
    std::optional<Scenario> scenario = Catalogue::find(which);
    // Not an id: a file, when it is named like one or is there.
    if (!scenario
        && (which.endsWith(QLatin1String(".json")) || which.contains(QLatin1Char('/'))
            || QFileInfo::exists(which))) {
        QString error;
        const std::optional<QByteArray> bytes
            = InputFile::read(which, InputFile::kScenarioLimit, &error);
        if (!bytes) {
            printLine(stderr, CliText::tr("tcplab: cannot read %1: %2").arg(which, error));
            return 3;
        }
        QStringList problems;
        scenario = Scenario::fromJson(*bytes, &problems);
        if (!scenario) {
            // One line, as every error: the first problem, and where to see the others.
            printLine(stderr,
                      problems.size() == 1
                          ? CliText::tr("tcplab: %1 is not a usable scenario: %2")
                                .arg(which, problems.constFirst())
                          : CliText::tr("tcplab: %1 is not a usable scenario: %2 (and %n more "
                                        "problem(s): 'tcplab check %1' lists them)",
                                        nullptr, int(problems.size() - 1))
                                .arg(which, problems.constFirst()));
            return 2;
        }
    }
    if (!scenario)
        return usageError(
            CliText::tr("unknown experiment \"%1\"; 'tcplab list' shows them.").arg(which));

    ScenarioRunner::Placement placement;
    const QString role = parser.value(roleOption);
    if (role == QLatin1String("both"))
        placement.sides = ScenarioRunner::Sides::Both;
    else if (role == QLatin1String("server"))
        placement.sides = ScenarioRunner::Sides::Server;
    else if (role == QLatin1String("client"))
        placement.sides = ScenarioRunner::Sides::Client;
    else
        return usageError(
            CliText::tr("--role takes both, server or client, not \"%1\".").arg(role));
    const bool oneSide = placement.sides != ScenarioRunner::Sides::Both;
    if (!parsePort(parser.value(portOption), true, &placement.port))
        return usageError(ErrorText::invalidPort(parser.value(portOption)));
    if (!placement.bind.setAddress(parser.value(bindOption)))
        return usageError(
            CliText::tr("--bind takes an IP address such as 127.0.0.1 or 0.0.0.0, not \"%1\".")
                .arg(parser.value(bindOption)));
    if (placement.sides == ScenarioRunner::Sides::Client) {
        if (!parser.isSet(connectOption))
            return usageError(CliText::tr("--role client needs --connect HOST:PORT."));
        QString portText;
        if (!splitHostPort(parser.value(connectOption), &placement.connectHost, &portText))
            return usageError(
                CliText::tr("--connect takes HOST:PORT, e.g. 127.0.0.1:45001, not \"%1\".")
                    .arg(parser.value(connectOption)));
        if (!parsePort(portText, false, &placement.connectPort))
            return usageError(ErrorText::invalidPort(portText));
    } else if (parser.isSet(connectOption)) {
        return usageError(CliText::tr("--connect is only for --role client."));
    }
    const QByteArray message = parser.value(messageOption).toUtf8();
    if (message.isEmpty())
        return usageError(CliText::tr("--message needs at least one character: write() of "
                                      "nothing sends no segment, and the server would wait for "
                                      "one."));
    Wire::Mode captureMode = Wire::Mode::Auto;
    const QString capture = parser.value(captureOption);
    if (capture == QLatin1String("auto"))
        captureMode = Wire::Mode::Auto;
    else if (capture == QLatin1String("live"))
        captureMode = Wire::Mode::Live;
    else if (capture == QLatin1String("off"))
        captureMode = Wire::Mode::Off;
    else
        return usageError(
            CliText::tr("--capture takes auto, live or off, not \"%1\".").arg(capture));
    // Engines: --engine for whichever sides run here, --client-engine/--server-engine each.
    for (const QCommandLineOption *option :
         {&engineOption, &clientEngineOption, &serverEngineOption}) {
        const QString value = parser.value(*option);
        if (parser.isSet(*option) && value != QLatin1String("native")
            && value != QLatin1String("qt"))
            return usageError(CliText::tr("--%1 takes native or qt, not \"%2\".")
                                  .arg(option->names().constFirst(), value));
    }
    if ((parser.isSet(engineOption) || parser.isSet(clientEngineOption)
         || parser.isSet(serverEngineOption))
        && !scenario->articlePrograms)
        return usageError(CliText::tr("--engine, --client-engine and --server-engine are for the "
                                      "seed experiment; the qt-… experiments choose their own."));
    if (parser.isSet(clientEngineOption) && placement.sides == ScenarioRunner::Sides::Server)
        return usageError(CliText::tr("--client-engine is for --role client or both."));
    if (parser.isSet(serverEngineOption) && placement.sides == ScenarioRunner::Sides::Client)
        return usageError(CliText::tr("--server-engine is for --role server or both."));
    const bool qt = parser.value(engineOption) == QLatin1String("qt");
    if (parser.isSet(engineOption) || parser.isSet(clientEngineOption))
        scenario->client.qt = parser.isSet(clientEngineOption)
            ? parser.value(clientEngineOption) == QLatin1String("qt")
            : qt;
    if (parser.isSet(engineOption) || parser.isSet(serverEngineOption))
        scenario->server.qt = parser.isSet(serverEngineOption)
            ? parser.value(serverEngineOption) == QLatin1String("qt")
            : qt;
    // --message is what the client's first write() sends; the experiment's numbers follow it.
    if (parser.isSet(messageOption)) {
        for (ScenarioStep &step : scenario->steps) {
            if (step.side == Side::Client && step.verb == StepVerb::Write && step.size == 0) {
                scenario->expect = Expectation::resized(scenario->expect, Side::Client,
                                                        step.data.toUtf8().size(), message.size());
                step.data = QString::fromUtf8(message);
                break;
            }
        }
    }
    const bool quiet = parser.isSet(quietOption);

    // A class: the seed experiment's server, serving every student's client as it comes.
    int clients = 0; // 0: until interrupted
    if (parser.isSet(clientsOption)) {
        bool ok = false;
        clients = parser.value(clientsOption).toInt(&ok);
        if (!ok || clients < 1)
            return usageError(CliText::tr("--clients takes a number of students from 1 up, not "
                                          "\"%1\".")
                                  .arg(parser.value(clientsOption)));
        if (placement.sides != ScenarioRunner::Sides::Server || !scenario->articlePrograms)
            return usageError(CliText::tr("--clients is for the seed experiment's server: "
                                          "tcplab run seed --role server --clients N."));
    }
    if (placement.sides == ScenarioRunner::Sides::Server && scenario->articlePrograms
        && clients != 1) {
        for (const QCommandLineOption *option :
             {&jsonOption, &exportOption, &pcapOption, &wireOption})
            if (parser.isSet(*option))
                return usageError(
                    CliText::tr("--%1 is for one run; a server for a class prints a line per "
                                "student and keeps no session: add --clients 1 to serve one "
                                "student and keep that run.")
                        .arg(option->names().constFirst()));
        if (captureMode == Wire::Mode::Live)
            return usageError(CliText::tr("--capture live is for one run; a server for a class "
                                          "captures nothing: add --clients 1 to capture one "
                                          "student's connection."));
        Listener::Settings settings;
        settings.address = placement.bind;
        settings.port = placement.port;
        settings.backlog = 128; // a class's worth of handshakes at once (SOMAXCONN is 4096)
        settings.qt = scenario->server.qt;
        return serveClass(settings, clients);
    }

    // Where it runs: the lab network unless something asks for this computer's own stack.
    // One side alone is on this computer's interfaces, whatever the experiment says.
    // "host": this computer's own interfaces, where one side meets a program elsewhere.
    const bool hostInterfaces = parser.value(networkOption) == QLatin1String("host");
    if (hostInterfaces && !oneSide)
        return usageError(CliText::tr("--network host is for one side against a program on "
                                      "another machine (--role server or --role client); both "
                                      "sides on this computer meet on --network loopback."));
    // Said (by the experiment or the command line), or the lab where the system allows it.
    bool labSaid = !oneSide && scenario->network == Network::Kind::Lab;
    bool loopbackSaid = !oneSide && scenario->network == Network::Kind::Loopback;
    if (parser.isSet(networkOption) && !hostInterfaces) {
        const QString name = parser.value(networkOption);
        if (!Network::kindFromName(name))
            return usageError(
                CliText::tr("--network takes lab, loopback or host, not \"%1\".").arg(name));
        labSaid = name == Network::kindName(Network::Kind::Lab);
        loopbackSaid = !labSaid;
    }
    bool qtSides = scenario->client.qt || scenario->server.qt;
    for (const ScenarioStep &step : scenario->steps)
        qtSides = qtSides || step.verb == StepVerb::ConnectToHost;
    if (labSaid && oneSide)
        return usageError(CliText::tr("--role server and --role client talk across this "
                                      "computer's own interfaces; the lab network is for both "
                                      "sides here."));
    if (labSaid && qtSides)
        return usageError(CliText::tr("Qt's QTcpSocket and QTcpServer make their sockets on this "
                                      "computer's own stack: experiments on Qt's engine run on "
                                      "loopback."));
    if (parser.isSet(wireOption)) {
        QString error;
        if (!LabNetwork::checkWireSpec(parser.value(wireOption), &error))
            return usageError(CliText::tr("--wire: %1").arg(error));
        if (loopbackSaid || oneSide || qtSides)
            return usageError(CliText::tr("--wire sets the lab network's wire; this run is on "
                                          "loopback."));
        scenario->wire = parser.value(wireOption);
    }
    std::unique_ptr<LabNetwork> lab;
    if (!loopbackSaid && !oneSide && !qtSides && !scenario->modelledOnly
        && captureMode != Wire::Mode::Off) {
        lab = std::make_unique<LabNetwork>();
        if (!lab->start()) {
            if (labSaid || !scenario->wire.isEmpty()) {
                printLine(stderr, QStringLiteral("tcplab: ") + lab->errorText());
                return 3;
            }
            printLine(stderr,
                      CliText::tr("tcplab: the lab network is not available, so this "
                                  "runs on loopback. %1")
                          .arg(lab->errorText()));
            lab.reset();
        }
    }

    Session session;
    int exitCode = 0;
    QString failure;
    QEventLoop loop;
    auto done = [&](int code, const QString &message) {
        exitCode = code;
        failure = message;
        loop.quit();
    };
    // One runner for every way to run: both sides here, or one against another program.
    ScenarioRunner runner(&session, *scenario, captureMode, lab.get());
    runner.setPlacement(placement);
    // What the programs print goes out at once (a script may wait for the port).
    QObject::connect(&runner, &ScenarioRunner::output, &runner,
                     [](const QString &line) { printLine(stdout, line); });
    QObject::connect(&runner, &ScenarioRunner::finished, &loop, done);
    if (!runner.prepare()) {
        printLine(stderr, QStringLiteral("tcplab: ") + runner.errorText());
        return 3;
    }
    if (!oneSide)
        printLine(stdout, scenario->titleIn(Catalogue::language()));
    if (!runner.wire()->isLive())
        printLine(stdout, runner.wire()->modelledReason());
    runner.run();
    // A run can end before the loop starts (its first step failed at once).
    if (!runner.isDone())
        loop.exec();

    const Verdict verdict = runner.verdict();
    const Wire *wire = runner.wire();
    // What kept the experiment from running comes first; a ladder follows only when something
    // reached the wire (a name that could not be looked up leaves nothing to draw).
    const bool environment = exitCode == ScenarioRunner::Environment;
    if (environment)
        printLine(stderr, QStringLiteral("tcplab: ") + failure);
    const bool anySegment
        = std::any_of(session.events().begin(), session.events().end(),
                      [](const Event &e) { return e.kind == Event::Kind::Segment; });
    if (wire && !wire->captureNote().isEmpty())
        printLine(stderr, QStringLiteral("tcplab: ") + wire->captureNote());
    // A picture handed in says what it is of and how it went, in the run's language.
    LadderExport::Options report;
    report.experiment = scenario->titleIn(Catalogue::language());
    report.explanation = scenario->explanationIn(Catalogue::language(), lab.get());
    report.student = parser.value(studentOption).trimmed();
    report.date = QDateTime::currentDateTime();
    if (exitCode != 0)
        report.verdict = CliText::tr("✗ Not as expected: %1").arg(failure);
    else if (verdict.outcome == Verdict::Outcome::NotChecked)
        report.verdict = CliText::tr("Not checked: %1").arg(verdict.message);
    else
        report.verdict = CliText::tr("✓ The experiment went as expected.");
    if (const int failed = writeOutputs(session, verdict, parser.value(jsonOption),
                                        parser.values(exportOption), parser.value(pcapOption),
                                        wire ? wire->frames() : QList<CapturedFrame>(), report))
        return failed;
    if (!quiet && (!environment || anySegment)) {
        printLine(stdout, QString());
        // Every connection, one ladder each, as the diagram shows them.
        std::fputs(TextLadder::render(session, scenario->show).toUtf8().constData(), stdout);
        if (verdict.outcome != Verdict::Outcome::NotChecked) {
            const QStringList seen = Observations::of(session, lab.get());
            if (!seen.isEmpty())
                printLine(stdout, QLatin1Char('\n') + seen.join(QLatin1Char('\n')));
        }
        std::fflush(stdout);
    }
    if (exitCode != 0) {
        if (!environment) // (said already)
            printLine(stderr, QStringLiteral("tcplab: ") + failure);
    } else if (verdict.outcome == Verdict::Outcome::NotChecked && !quiet) {
        printLine(stdout, CliText::tr("Not checked: %1").arg(verdict.message));
        // What the model predicted still differs from the expectation: the scenario or the
        // model is wrong, and a teacher writing one wants to know.
        if (!verdict.failures.isEmpty())
            printLine(stdout,
                      CliText::tr("The modelled segments differ from the expectation: %1")
                          .arg(verdict.failures.constFirst()));
    } else if (!quiet)
        printLine(stdout, CliText::tr("The experiment went as expected."));
    return exitCode;
}

} // namespace tcplab
