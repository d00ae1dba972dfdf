#pragma once

#include "lab/expectation.h"
#include "net/network.h"
#include "session/event.h"
#include "socket/labsocket.h"

#include <QCoreApplication>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace tcplab {

// What a step does. Most are a call of one side's socket; some are the experiment's own moves
// (connect to itself, to a port where nothing listens, listen again on the same port).
enum class StepVerb {
    Listen,
    Connect,
    ConnectSelf,
    ConnectClosedPort,
    Accept,
    Write,
    Read,
    Shutdown,
    Close,
    Abort,
    SetSockOpt,
    StopListening,
    ListenAgain,
    Wait,
    Wire, // the lab network's wire: more rules from this step on ("data": "drop=server:any#*")
    // Qt's API (QTcpSocket, QTcpServer)
    ConnectToHost,
    NextPendingConnection,
    ReadAll,
    DisconnectFromHost,
    SetSocketOption,
};

// What a step can wait for, on one side: "client.connected", "server.eof", ...
enum class StepEvent { None, Connected, Failed, Data, Waiting, Eof, Reset, Accepted, Queued };

// One step of an experiment: which side does which verb, and when.
struct ScenarioStep
{
    Side side = Side::Client;
    StepVerb verb = StepVerb::Wait;
    QString data; // write: what to send
    int size = 0; // write: "size" instead of "data": this many bytes of a pattern
    ShutdownHow how = ShutdownHow::Write; // shutdown
    SocketOption::Name option = SocketOption::Name::None; // setsockopt, setSocketOption
    int value = 0; // setsockopt: the value (SO_LINGER: seconds, linger on)
    bool reuseAddress = true; // listen-again
    // An event that must have happened since the previous step.
    Side waitSide = Side::Client;
    StepEvent waitFor = StepEvent::None;
    // With a data event: wait until that side has received at least this many bytes in all
    // (a server that answers only a whole request).
    int receivedAtLeast = 0;
    int delayMs = 0; // then wait this long
    std::optional<int> expectErrno; // the call is expected to fail with this errno
    // Runs right after the previous step, in the same turn of the event loop (before Qt has
    // sent what its write() buffered).
    bool atOnce = false;
    QString note; // what the step shows, in the scenario's language of writing (English)

    QString describe() const; // "client: shutdown(SHUT_WR)"
    QString waitName() const; // "server.eof"
    static QString verbName(StepVerb verb); // "listen", "connect-self", "connectToHost"
};

struct ScenarioSide
{
    bool autoRead = true;
    bool autoAccept = true; // server
    int backlog = 5; // server
    bool reuseAddress = true; // server
    // Qt's QTcpSocket/QTcpServer instead of the system calls ("engine": "qt"): the server's
    // listen() and the sockets it accepts; the client's "connect" (connectToHost is always Qt).
    bool qt = false;
    LabSocket::Options options;
    // The host's TCP settings on the lab network: net/ipv4 sysctl -> value ("tcp_sack": "0").
    QMap<QString, QString> tcp;

    // The settings a scenario (and the window) may change on a lab host.
    static QStringList tcpSettingNames();
};

// An experiment as data (`"format": "tcplab-scenario/1"`): built-in ones ship as JSON inside
// the app, teachers write their own. What it expects of the wire and of the states is part of it.
struct Scenario
{
    Q_DECLARE_TR_FUNCTIONS(tcplab::Scenario)

public:
    QString id;
    QMap<QString, QString> title; // language ("en", "zh_CN") -> text
    QMap<QString, QString> explanation;
    // What to look for in the diagram, a few sentences by language ("look_for").
    QMap<QString, QStringList> lookFor;
    QString pair; // the other half of a pair (half-close <-> close-vs-shutdown)
    // A textbook picture: it cannot happen on loopback, so its segments are always modelled,
    // and the picture says so; live capture is refused.
    bool modelledOnly = false;
    // The textbook picture's wire: a FIN and what it causes take this long to arrive (ms).
    int teardownDelayMs = 0;
    // Where it runs: the lab network (the default where the system allows it) or loopback.
    std::optional<Network::Kind> network;
    // The lab network's wire (wirerules.h syntax: "delay=50ms,drop=client:fin").
    QString wire;
    // The connections to show (1, 2, ... in the order the experiment makes them); empty: all.
    QList<int> show;
    ScenarioSide client;
    ScenarioSide server;
    QList<ScenarioStep> steps;
    ScenarioExpect expect;
    // The sides print what the article's server.c and client.c print ("programs": "article"):
    // where the server listens, the message it got, the answer the client got.
    bool articlePrograms = false;
    QString lesson; // the sentence a student should take away (English; translated in
                    // title/explanation)

    // The text in a language, English when that language has none; the explanation with the
    // running kernel's values put in for its {placeholders} (KernelText).
    QString titleIn(const QString &language) const;
    // On the lab network (network given) the values are its client host's.
    QString explanationIn(const QString &language, const Network *network = nullptr) const;
    // English when the language has none; with this kernel's values, as the explanation.
    QStringList lookForIn(const QString &language, const Network *network = nullptr) const;

    // Parses a scenario file; on failure says which field is wrong and what was expected:
    // every problem found, each a sentence that starts with its JSON path
    // ("steps[3].verb: expected one of listen, … — got \"sendd\""), or only the first.
    static std::optional<Scenario> fromJson(const QByteArray &json, QStringList *problems);
    static std::optional<Scenario> fromJson(const QByteArray &json, QString *error);

    // The keys the file format has in each kind of object; the parser refuses any other (a
    // misspelt key would change the experiment silently), and the JSON Schema must list
    // the same (tst_scenario compares them).
    enum class Keys {
        Top,
        Side, // "client", "server"
        Keepalive, // a side's "keepalive"
        Step,
        Expect,
        Connection, // an item of expect.connections
        Segment, // an item of a "wire" list given as an object
        State, // an item of a states list given as an object
        Call, // an item of expect.calls
        CallOption, // a call's "option"
    };
    static QStringList keys(Keys which);
    QByteArray toJson() const;

    static QStringList verbNames();
    static QStringList eventNames();
};

} // namespace tcplab
