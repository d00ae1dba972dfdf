#pragma once

#include "capture/wire.h"
#include "lab/expectation.h"
#include "lab/scenario.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>

#include <QPointer>
#include <QTimer>
#include <optional>

#include <memory>

namespace tcplab {

class LabNetwork;
class LabSocket;
class Listener;
class Network;
class Session;
class StateTracker;

// Plays a scenario on real sockets: each step waits for its event and delay, then performs
// one call. run() goes through; step() performs exactly one call and pauses. At the end the
// observed wire and states are compared with what the scenario expects. It is the one way to
// run an experiment: the window, the command line, and one side alone against another program
// (Placement) all go through it.
class ScenarioRunner : public QObject
{
    Q_OBJECT

public:
    enum ExitCode { Ok = 0, Unexpected = 1, Environment = 3 };

    // network: where the sockets are made (nullptr: this computer's own stack). On the lab
    // network the scenario's wire and host settings are applied in prepare().
    ScenarioRunner(Session *session, const Scenario &scenario, Wire::Mode capture,
                   Network *network = nullptr, QObject *parent = nullptr);
    ~ScenarioRunner() override;

    // Which sides run here: both (the default), or one of them against another program, on
    // this computer's own interfaces. Alone, a side plays only its own steps, and there is no
    // verdict: the other side's calls and states are not here to check.
    enum class Sides { Both, Server, Client };
    struct Placement
    {
        Sides sides = Sides::Both;
        QHostAddress bind; // where the server listens (null: its host's address)
        quint16 port = 0; // the server's port (0: the kernel picks one)
        QString connectHost; // Sides::Client: where the server is, a name or an address
        quint16 connectPort = 0;
    };
    void setPlacement(const Placement &placement) { m_placement = placement; } // before prepare()

    // Sets up capture; false (errorText()) when live capture was demanded and is not allowed.
    bool prepare();
    void run(); // play to the end
    void step(); // perform the next step, then pause
    bool isDone() const { return m_done; }
    int nextStep() const { return m_next; }
    bool isBusy() const { return m_busy; }
    bool isStepping() const { return m_stepping; }

    const Scenario &scenario() const { return m_scenario; }
    Network *network() const { return m_network; }
    const Wire *wire() const { return m_wire.get(); }
    QString errorText() const { return m_error; }
    const Verdict &verdict() const { return m_verdict; }
    // After the language changed: a run judged at its end, judged again so that its verdict
    // is in the new language (the same checks of the same session); nothing for a run that
    // ended otherwise.
    struct Judgement
    {
        int code = Ok;
        QString message;
    };
    std::optional<Judgement> retranslate();
    Listener *listener() const { return m_listener; }
    LabSocket *client() const;
    LabSocket *server() const;

Q_SIGNALS:
    void stepStarted(int index);
    void stepDone(int index, bool ok, const QString &message);
    void finished(int exitCode, const QString &message);
    // The runner made these; the window puts them into its panes.
    void clientCreated(tcplab::LabSocket *socket);
    void listenerCreated(tcplab::Listener *listener);
    // What the article's programs print ("programs": "article"), or an error a side met.
    void output(const QString &line);

private:
    void advance();
    bool runsHere(Side side) const;
    void skipOtherSide();
    bool enoughReceived(const ScenarioStep &step) const;
    bool connectionsProven() const;
    void wireReady();
    void perform();
    bool execute(const ScenarioStep &step, QString *message);
    void happened(Side side, StepEvent event);
    void watchSocket(LabSocket *socket, Side side);
    void finish(int code, const QString &message);
    void evaluate();
    Judgement judge(); // the verdict of a finished run, and how it ends
    bool onLab() const;
    bool applyLabSettings();
    quint16 reservePort(Side host, int *fd);

    QPointer<Session> m_session;
    Scenario m_scenario;
    Wire::Mode m_captureMode;
    Network *m_network;
    Placement m_placement;
    // The host settings this run changed, with their values before: put back when it ends.
    struct Restore
    {
        Side host;
        QString name;
        QString value;
    };
    QList<Restore> m_restore;
    std::unique_ptr<Wire> m_wire;
    std::unique_ptr<StateTracker> m_tracker;
    Listener *m_listener = nullptr;
    QList<QPointer<Listener>> m_extraListeners;
    QList<LabSocket *> m_clients;
    QList<QPointer<LabSocket>> m_servers;
    QHash<int, int> m_events; // how often each event happened (side * 16 + event)
    QHash<int, int> m_eventsAtLastStep;
    int m_next = 0;
    bool m_stepping = false;
    bool m_busy = false;
    bool m_done = false;
    bool m_judged = false; // ended through judge(), not by a step
    bool m_failed = false;
    int m_silentFd = -1;
    quint16 m_silentPort = 0;
    int m_waitingFor = -1;
    QTimer m_waitTimeout;
    QElapsedTimer m_settling;
    QElapsedTimer m_proving; // since the step began waiting for the helper's proof
    bool m_waitingForWire = false; // the next step waits for the capture to be ready
    bool m_wireWasLive = false;
    QList<QPointer<LabSocket>> m_deferredClients; // their SYN waits for the capture
    QString m_error;
    Verdict m_verdict;
};

} // namespace tcplab
