#include "lab/scenariorunner.h"

#include "net/labnetwork.h"
#include "session/session.h"
#include "session/statetracker.h"
#include "socket/labsocket.h"
#include "socket/listener.h"
#include "socket/sockaddr.h"

#include <QElapsedTimer>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace tcplab {

namespace {
// Long enough for what a lab network's experiment waits for: a connect() that gives up
// (ETIMEDOUT after its SYN retries), keepalive probes running out.
constexpr int kWaitTimeoutMs = 10000;
// After the last step: long enough for a delayed ACK (40 ms) to show.
constexpr int kQuietMs = 80;
// The longest a step waits for the capture helper's proof of the connections so far.
constexpr int kProofWaitMs = 1000;

int eventKey(Side side, StepEvent event)
{
    return int(side) * 16 + int(event);
}
} // namespace

ScenarioRunner::ScenarioRunner(Session *session, const Scenario &scenario, Wire::Mode capture,
                               Network *network, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_scenario(scenario)
    , m_captureMode(capture)
    , m_network(network ? network : HostNetwork::instance())
{
    m_waitTimeout.setSingleShot(true);
    m_waitTimeout.setInterval(kWaitTimeoutMs);
    connect(&m_waitTimeout, &QTimer::timeout, this, [this] {
        finish(Unexpected,
               tr("Step %1 (%2) waited %3 s for %4, which did not happen.")
                   .arg(m_next + 1)
                   .arg(m_scenario.steps.at(m_next).describe())
                   .arg(kWaitTimeoutMs / 1000)
                   .arg(m_scenario.steps.at(m_next).waitName()));
    });
}

ScenarioRunner::~ScenarioRunner()
{
    // The lab network outlives the run (the window keeps it): its hosts get their settings back.
    if (onLab()) {
        for (const Restore &r : std::as_const(m_restore))
            static_cast<LabNetwork *>(m_network)->setTcpSysctl(r.host, r.name, r.value);
    }
    if (m_silentFd >= 0)
        ::close(m_silentFd);
}

bool ScenarioRunner::onLab() const
{
    return m_network->kind() == Network::Kind::Lab;
}

// A port bound on `host` and kept, where nothing listens.
quint16 ScenarioRunner::reservePort(Side host, int *fd)
{
    *fd = m_network->openSocket(host, AF_INET, SOCK_STREAM);
    if (*fd < 0)
        return 0;
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(m_network->address(host).toIPv4Address());
    if (::bind(*fd, reinterpret_cast<sockaddr *>(&address), sizeof(address)) != 0)
        return 0;
    socklen_t length = sizeof(address);
    ::getsockname(*fd, reinterpret_cast<sockaddr *>(&address), &length);
    return ntohs(address.sin_port);
}

bool ScenarioRunner::applyLabSettings()
{
    auto *lab = static_cast<LabNetwork *>(m_network);
    QString error;
    if (!lab->setWire(m_scenario.wire, &error)) {
        m_error = error;
        return false;
    }
    for (const auto &[host, side] : {std::pair {Side::Client, &m_scenario.client},
                                     std::pair {Side::Server, &m_scenario.server}}) {
        for (auto it = side->tcp.begin(); it != side->tcp.end(); ++it) {
            if (const auto before = lab->tcpSysctl(host, it.key()))
                m_restore.append({host, it.key(), *before});
            if (!lab->setTcpSysctl(host, it.key(), it.value(), &error)) {
                m_error = error;
                return false;
            }
        }
    }
    return true;
}

LabSocket *ScenarioRunner::client() const
{
    return m_clients.isEmpty() ? nullptr : m_clients.constFirst();
}

LabSocket *ScenarioRunner::server() const
{
    return m_servers.isEmpty() ? nullptr : m_servers.constFirst().data();
}

bool ScenarioRunner::prepare()
{
    if (m_scenario.modelledOnly && m_captureMode == Wire::Mode::Live) {
        // A textbook picture cannot be captured: say so rather than model it quietly.
        m_error = tr("\"%1\" cannot be captured on this computer: on loopback a segment arrives "
                     "within microseconds, so what it shows never happens here. It is a textbook "
                     "picture; run it without --capture live to see it modelled.")
                      .arg(m_scenario.id);
        return false;
    }
    if (m_scenario.network == Network::Kind::Lab
        && (!onLab() || m_captureMode == Wire::Mode::Off)) {
        // A lost segment, a slow wire, a middlebox: only the lab network's wire does that, and
        // a model of loopback cannot stand in for it.
        m_error = !onLab()
            ? tr("\"%1\" needs the lab network: what it shows takes a wire the lab controls, "
                 "which loopback does not have.")
                  .arg(m_scenario.id)
            : tr("\"%1\" is captured live on the lab network; it cannot be modelled.")
                  .arg(m_scenario.id);
        return false;
    }
    m_session->setScenario(m_scenario.id);
    m_session->setNetwork(Network::kindName(m_network->kind()),
                          onLab() ? m_scenario.wire : QString());
    if (onLab() && !applyLabSettings())
        return false;
    m_wire = std::make_unique<Wire>(
        m_session, m_scenario.modelledOnly ? Wire::Mode::Off : m_captureMode, m_network);
    if (m_scenario.teardownDelayMs > 0)
        m_wire->setTeardownDelayUs(qint64(m_scenario.teardownDelayMs) * 1000);
    m_tracker = std::make_unique<StateTracker>(m_session);
    m_wireWasLive = m_wire->isLive();
    connect(m_wire.get(), &Wire::readyChanged, this, &ScenarioRunner::wireReady);
    connect(m_wire.get(), &Wire::watchFailed, this,
            [this](const QString &text) { finish(Environment, text); });
    if (!m_wire->isUsable()) {
        m_error = m_wire->errorText();
        return false;
    }
    return true;
}

void ScenarioRunner::run()
{
    m_stepping = false;
    if (!m_busy && !m_done)
        advance();
}

void ScenarioRunner::step()
{
    m_stepping = true;
    if (!m_busy && !m_done)
        advance();
}

bool ScenarioRunner::runsHere(Side side) const
{
    return m_placement.sides == Sides::Both
        || (side == Side::Server) == (m_placement.sides == Sides::Server);
}

void ScenarioRunner::skipOtherSide()
{
    // Alone, a side leaves the other side's steps to the program on the other end.
    while (m_next < m_scenario.steps.size() && !runsHere(m_scenario.steps.at(m_next).side))
        ++m_next;
}

void ScenarioRunner::advance()
{
    if (m_done)
        return;
    skipOtherSide();
    if (m_next >= m_scenario.steps.size()) {
        // Let the last segments (a delayed ACK) arrive, then compare.
        m_busy = true;
        QTimer::singleShot(kQuietMs + m_scenario.teardownDelayMs * 2, this,
                           &ScenarioRunner::evaluate);
        return;
    }
    // The capture helper starts in a process of its own: nothing goes on until it captures
    // (a client alone, a server alone whose first client may come at once).
    if (!m_wire->isReady()) {
        m_busy = true;
        m_waitingForWire = true;
        return; // wireReady() continues
    }
    // Through the capture helper a connection's frames reach the lab once the kernel has
    // proven it the user's, which takes a socket of theirs on it; after close() there may be
    // none (TIME_WAIT has no owner). So each step waits, a millisecond or two and at most
    // kProofWaitMs, until every connection so far is proven; what never is, is counted.
    if (!connectionsProven() && (!m_proving.isValid() || m_proving.elapsed() < kProofWaitMs)) {
        if (!m_proving.isValid())
            m_proving.start();
        m_busy = true;
        QTimer::singleShot(1, this, &ScenarioRunner::advance);
        return;
    }
    m_proving.invalidate();
    m_busy = true;
    Q_EMIT stepStarted(m_next);
    const ScenarioStep &step = m_scenario.steps.at(m_next);
    const int key = eventKey(step.waitSide, step.waitFor);
    if (step.waitFor != StepEvent::None
        && (m_events.value(key) <= m_eventsAtLastStep.value(key) || !enoughReceived(step))) {
        m_waitingFor = key;
        // A server alone waits for its first client as long as it takes, as server.c would.
        if (m_placement.sides != Sides::Server
            || m_events.value(eventKey(Side::Server, StepEvent::Accepted)) > 0)
            m_waitTimeout.start();
        return; // happened() continues
    }
    m_waitingFor = -1;
    if (step.delayMs > 0)
        QTimer::singleShot(step.delayMs, this, &ScenarioRunner::perform);
    else
        perform();
}

void ScenarioRunner::wireReady()
{
    if (m_wireWasLive && !m_wire->isLive())
        Q_EMIT output(m_wire->modelledReason()); // the capture helper refused this port
    m_wireWasLive = m_wire->isLive();
    // The SYNs that waited for the capture go out now (modelled, if it turned to that).
    const QList<QPointer<LabSocket>> deferred = std::exchange(m_deferredClients, {});
    for (const QPointer<LabSocket> &client : deferred) {
        if (client)
            client->resumeConnect();
    }
    if (m_waitingForWire && !m_done) {
        m_waitingForWire = false;
        advance();
    }
}

bool ScenarioRunner::connectionsProven() const
{
    QList<const LabSocket *> sockets(m_clients.begin(), m_clients.end());
    for (const auto &s : m_servers) {
        if (s)
            sockets.append(s.data());
    }
    return std::all_of(sockets.begin(), sockets.end(), [this](const LabSocket *s) {
        return !s || !s->isOpen() || s->peerPort() == 0
            || m_wire->isProven(s->localAddress(), s->localPort(), s->peerAddress(), s->peerPort());
    });
}

void ScenarioRunner::happened(Side side, StepEvent event)
{
    const int key = eventKey(side, event);
    m_events[key] += 1;
    if (m_waitingFor == key && enoughReceived(m_scenario.steps.at(m_next))) {
        m_waitingFor = -1;
        m_waitTimeout.stop();
        const ScenarioStep &step = m_scenario.steps.at(m_next);
        // Leave the event's own handling (an automatic read) to finish first.
        QTimer::singleShot(step.delayMs, this, &ScenarioRunner::perform);
    }
}

bool ScenarioRunner::enoughReceived(const ScenarioStep &step) const
{
    if (step.receivedAtLeast <= 0)
        return true;
    const LabSocket *socket = step.waitSide == Side::Server
        ? server()
        : (m_clients.isEmpty() ? nullptr : m_clients.constLast());
    return socket && socket->received().size() >= step.receivedAtLeast;
}

void ScenarioRunner::perform()
{
    if (m_done)
        return;
    // A step marked at_once runs right after this one, before the event loop turns.
    do {
        const int index = m_next;
        const ScenarioStep &step = m_scenario.steps.at(index);
        QString message;
        const bool ok = execute(step, &message);
        m_eventsAtLastStep = m_events;
        ++m_next;
        skipOtherSide();
        m_busy = false;
        Q_EMIT stepDone(index, ok, message);
        if (!ok) {
            finish(m_failed ? Environment : Unexpected,
                   tr("Step %1 (%2): %3").arg(index + 1).arg(step.describe(), message));
            return;
        }
    } while (m_next < m_scenario.steps.size() && m_scenario.steps.at(m_next).atOnce);
    if (!m_stepping || m_next >= m_scenario.steps.size())
        QTimer::singleShot(0, this, &ScenarioRunner::advance);
}

bool ScenarioRunner::execute(const ScenarioStep &step, QString *message)
{
    const bool server = step.side == Side::Server;
    LabSocket *socket
        = server ? this->server() : (m_clients.isEmpty() ? nullptr : m_clients.constLast());
    int err = 0;
    bool called = true;

    switch (step.verb) {
    case StepVerb::Listen:
    case StepVerb::ListenAgain: {
        auto *listener = new Listener(m_session, this);
        Listener::Settings settings;
        settings.backlog = m_scenario.server.backlog;
        settings.autoAccept = m_scenario.server.autoAccept;
        settings.qt = m_scenario.server.qt;
        settings.network = m_network;
        settings.address = m_placement.bind.isNull() || onLab() ? m_network->address(Side::Server)
                                                                : m_placement.bind;
        const bool again = step.verb == StepVerb::ListenAgain;
        if (!again)
            settings.port = m_placement.port;
        settings.reuseAddress = again ? step.reuseAddress : m_scenario.server.reuseAddress;
        if (again && m_listener)
            settings.port = m_session->listening().port;
        connect(listener, &Listener::accepted, this, [this](LabSocket *accepted) {
            accepted->setAutoRead(m_scenario.server.autoRead);
            const LabSocket::Options options = m_scenario.server.options;
            if (options.noDelay)
                accepted->setNoDelay(true);
            if (options.cork)
                accepted->setCork(true);
            if (options.linger)
                accepted->setLinger(true, options.lingerSeconds);
            m_servers.append(accepted);
            watchSocket(accepted, Side::Server);
            happened(Side::Server, StepEvent::Accepted);
        });
        connect(listener, &Listener::queueChanged, this, [this](int queued) {
            if (queued > 0)
                happened(Side::Server, StepEvent::Queued);
        });
        if (!listener->start(settings)) {
            err = listener->errorNumber();
            *message = listener->errorText();
            delete listener;
        } else if (!again) {
            m_listener = listener;
            if (!m_wire->watch(listener->serverAddress(), listener->serverPort())) {
                *message = m_wire->errorText();
                m_failed = true;
                return false;
            }
            Q_EMIT listenerCreated(listener);
            if (m_scenario.articlePrograms)
                Q_EMIT output(
                    tr("Listening on %1")
                        .arg(endpointText(listener->serverAddress(), listener->serverPort())));
        } else {
            m_extraListeners.append(listener);
        }
        break;
    }
    case StepVerb::Connect:
    case StepVerb::ConnectSelf:
    case StepVerb::ConnectClosedPort:
    case StepVerb::ConnectToHost: {
        const int index = int(m_clients.size());
        auto *client = new LabSocket(m_session, Side::Client, index, this);
        if (step.verb == StepVerb::ConnectToHost || m_scenario.client.qt)
            client->setEngine(LabSocket::Engine::Qt);
        client->setNetwork(m_network);
        client->setPendingOptions(m_scenario.client.options);
        client->setAutoRead(m_scenario.client.autoRead);
        m_clients.append(client);
        watchSocket(client, Side::Client);
        connect(client, &LabSocket::aboutToConnect, this,
                [this, client](const QHostAddress &address, quint16 port) {
                    // A client alone meets its server here: capture may not be allowed for it
                    // (wireReady() says so). Its SYN waits until the capture is ready.
                    if (!m_wire->watch(address, port)) {
                        Q_EMIT output(m_wire->errorText());
                    } else if (!m_wire->isReady()) {
                        client->deferConnect();
                        m_deferredClients.append(client);
                    }
                });
        connect(client, &LabSocket::failed, this, [this](int, const QString &message) {
            // A step waiting for the connection will not get it: the server is not there, the
            // name unknown. That is the environment, not the kernel's doing.
            if (m_waitingFor == eventKey(Side::Client, StepEvent::Connected)) {
                finish(Environment, message);
                return;
            }
            happened(Side::Client, StepEvent::Failed);
        });
        Q_EMIT clientCreated(client);
        quint16 port = m_listener ? m_listener->serverPort() : 0;
        quint16 localPort = 0;
        QHostAddress target = m_network->address(Side::Server);
        QString host;
        if (m_placement.sides == Sides::Client) {
            host = m_placement.connectHost;
            port = m_placement.connectPort;
        }
        if (step.verb == StepVerb::ConnectClosedPort) {
            if (m_silentFd < 0)
                m_silentPort = reservePort(Side::Server, &m_silentFd);
            port = m_silentPort;
        } else if (step.verb == StepVerb::ConnectSelf) {
            // A free port, given back at once, to connect to itself from.
            int fd = -1;
            port = localPort = reservePort(Side::Client, &fd);
            ::close(fd);
            target = m_network->address(Side::Client);
        }
        if (port == 0) {
            *message = tr("there is no server to connect to: listen first");
            return false;
        }
        client->connectToHost(host.isEmpty() ? target.toString() : host, port, localPort);
        // The experiment names its connections; the session keeps the names.
        if (index < m_scenario.expect.connections.size() && client->conn() > 0)
            m_session->setConnectionLabel(client->conn(),
                                          m_scenario.expect.connections.at(index).label);
        err = client->isOpen() || client->isConnecting() ? 0 : client->lastError();
        if (err)
            *message = client->lastErrorText();
        break;
    }
    case StepVerb::Accept:
    case StepVerb::NextPendingConnection:
        if (!m_listener || !m_listener->acceptOne()) {
            err = m_listener ? m_listener->errorNumber() : EBADF;
            *message = m_listener ? m_listener->errorText() : tr("nothing listens");
        }
        break;
    case StepVerb::StopListening:
        if (m_listener)
            m_listener->stop();
        break;
    case StepVerb::Wait:
        called = false;
        break;
    case StepVerb::Wire:
        called = false;
        if (!onLab() || !static_cast<LabNetwork *>(m_network)->addRule(step.data, message)) {
            if (message->isEmpty())
                *message = tr("the wire's rules need the lab network");
            m_failed = true;
            return false;
        }
        break;
    default: {
        if (!socket) {
            *message = tr("the %1 has no connection for this step")
                           .arg(server ? tr("server") : tr("client"));
            return false;
        }
        qint64 r = 0;
        switch (step.verb) {
        case StepVerb::Write:
            r = socket->write(step.data.toUtf8());
            break;
        case StepVerb::Read:
        case StepVerb::ReadAll:
            r = socket->read();
            break;
        case StepVerb::DisconnectFromHost:
            r = socket->disconnectFromHost();
            break;
        case StepVerb::SetSocketOption:
            r = socket->setNoDelay(step.value != 0);
            break;
        case StepVerb::Shutdown:
            r = socket->shutdown(step.how == ShutdownHow::Read        ? LabSocket::Shutdown::Read
                                     : step.how == ShutdownHow::Write ? LabSocket::Shutdown::Write
                                                                      : LabSocket::Shutdown::Both);
            break;
        case StepVerb::Close:
            r = socket->close();
            break;
        case StepVerb::Abort:
            r = socket->abort();
            break;
        case StepVerb::SetSockOpt:
            r = step.option == SocketOption::Name::NoDelay ? socket->setNoDelay(step.value != 0)
                : step.option == SocketOption::Name::Cork
                ? socket->setCork(step.value != 0)
                : socket->setLinger(step.value >= 0, std::max(0, step.value));
            break;
        default:
            break;
        }
        if (r < 0) {
            err = socket->lastError();
            *message = socket->lastErrorText();
        }
        break;
    }
    }
    if (!called)
        return true;
    if (step.expectErrno && err == *step.expectErrno) {
        *message = tr("failed with %1, as expected").arg(errnoName(err));
        return true;
    }
    if (step.expectErrno) {
        *message = tr("expected to fail with %1, but %2")
                       .arg(errnoName(*step.expectErrno),
                            err == 0 ? tr("it succeeded") : errnoName(err));
        return false;
    }
    if (err == 0)
        return true;
    m_failed = err == EADDRINUSE || err == EACCES || err == EADDRNOTAVAIL;
    return false;
}

void ScenarioRunner::watchSocket(LabSocket *socket, Side side)
{
    connect(socket, &LabSocket::connected, this,
            [this, side] { happened(side, StepEvent::Connected); });
    connect(socket, &LabSocket::dataReceived, this,
            [this, side] { happened(side, StepEvent::Data); });
    connect(socket, &LabSocket::dataWaiting, this,
            [this, side] { happened(side, StepEvent::Waiting); });
    connect(socket, &LabSocket::endOfFile, this, [this, side] { happened(side, StepEvent::Eof); });
    if (m_scenario.articlePrograms) {
        // server.c prints the message it read; client.c prints the answer.
        connect(socket, &LabSocket::dataReceived, this, [this, side](const QByteArray &data) {
            Q_EMIT output(side == Side::Server
                              ? tr("Here is the message: %1").arg(QString::fromUtf8(data))
                              : QString::fromUtf8(data));
        });
        connect(socket, &LabSocket::errorOccurred, this,
                [this](int, const QString &message) { Q_EMIT output(message); });
    }
    connect(socket, &LabSocket::errorOccurred, this, [this, side](int err) {
        if (err == ECONNRESET || err == EPIPE)
            happened(side, StepEvent::Reset);
        else if (err == ETIMEDOUT) // keepalive or retransmissions ran out
            happened(side, StepEvent::Failed);
    });
}

void ScenarioRunner::evaluate()
{
    // Closed ends settle in the kernel (FIN_WAIT_2, TIME_WAIT) before the states are read.
    QList<LabSocket *> sockets = m_clients;
    for (const auto &s : std::as_const(m_servers)) {
        if (s)
            sockets.append(s);
    }
    if (!m_settling.isValid())
        m_settling.start();
    // ... and what the capture helper captured has reached the lab (it is another process);
    // waiting here runs on the event loop's timer, never blocking it.
    auto settled = [this, sockets] {
        return m_wire->isQuiet()
            && std::all_of(sockets.begin(), sockets.end(),
                           [](const LabSocket *s) { return s->isOpen() || s->settled(); });
    };
    if (!settled() && m_settling.elapsed() < 1500) {
        QTimer::singleShot(10, this, &ScenarioRunner::evaluate);
        return;
    }
    m_wire->drain();
    m_tracker->refresh();
    const Judgement j = judge();
    m_judged = true;
    finish(j.code, j.message);
}

ScenarioRunner::Judgement ScenarioRunner::judge()
{
    if (m_placement.sides != Sides::Both) {
        m_verdict = {};
        m_verdict.outcome = Verdict::Outcome::NotChecked;
        m_verdict.message = tr("One side ran here against another program: only what it printed "
                               "was checked.");
        return {Ok, QString()};
    }
    m_verdict = Expectation::check(*m_session, m_scenario.expect);
    if (const int lost = m_wire->lostFrames(); lost > 0 && m_wire->isLive()) {
        // An incomplete capture proves nothing about the kernel, either way (finish() records
        // the count in the session).
        m_verdict.outcome = Verdict::Outcome::NotChecked;
        m_verdict.message = tr("The capture is incomplete: %n frame(s) were lost before the lab "
                               "could read them (a busy computer), so the wire was not compared "
                               "with the expectation. Run it again.",
                               nullptr, lost);
        m_verdict.failures.clear();
        return {Environment, m_verdict.message};
    }
    switch (m_verdict.outcome) {
    case Verdict::Outcome::Passed:
    case Verdict::Outcome::NotChecked:
        return {Ok, m_verdict.outcome == Verdict::Outcome::Passed ? QString() : m_verdict.message};
    case Verdict::Outcome::Failed:
        break;
    }
    return {Unexpected, m_verdict.message};
}

std::optional<ScenarioRunner::Judgement> ScenarioRunner::retranslate()
{
    // Only a run judged at its end is judged again: a step that failed said so in its own
    // words then, and those are not kept apart from the words.
    if (!m_done || !m_judged)
        return std::nullopt;
    // The same checks of the same events: should the session have grown since (a socket left
    // open goes on), a verdict that came out otherwise stays as it was said.
    const Verdict said = m_verdict;
    const Judgement again = judge();
    if (m_verdict.outcome != said.outcome || m_verdict.failures.size() != said.failures.size()) {
        m_verdict = said;
        return std::nullopt;
    }
    return again;
}

void ScenarioRunner::finish(int code, const QString &message)
{
    if (m_done)
        return;
    m_done = true;
    m_busy = false;
    m_waitTimeout.stop();
    if (m_wire && m_wire->lostFrames() > 0)
        m_session->setLostFrames(m_wire->lostFrames()); // however the run ended
    if (code != Ok && m_placement.sides != Sides::Both) {
        m_verdict.outcome = Verdict::Outcome::NotChecked;
        m_verdict.message = message;
    } else if (code != Ok && m_wire) {
        m_wire->drain();
        m_tracker->refresh();
        if (m_verdict.connections.isEmpty())
            m_verdict = Expectation::check(*m_session, m_scenario.expect);
        if (m_verdict.outcome != Verdict::Outcome::NotChecked) {
            m_verdict.outcome = Verdict::Outcome::Failed;
            if (m_verdict.message.isEmpty() || !m_verdict.failures.contains(message))
                m_verdict.message = message;
        }
    }
    Q_EMIT finished(code, message);
}

} // namespace tcplab
