#include "lab/scenariorunner.h"

#include "session/session.h"
#include "session/stateinference.h"
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
constexpr int kWaitTimeoutMs = 5000;
// After the last step: long enough for a delayed ACK (40 ms) to show.
constexpr int kQuietMs = 80;

quint16 reservePort(int *fd)
{
    *fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(*fd, reinterpret_cast<sockaddr *>(&address), sizeof(address)) != 0)
        return 0;
    socklen_t length = sizeof(address);
    ::getsockname(*fd, reinterpret_cast<sockaddr *>(&address), &length);
    return ntohs(address.sin_port);
}
} // namespace

ScenarioRunner::ScenarioRunner(Session *session, const Scenario &scenario, Wire::Mode capture,
                               QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_scenario(scenario)
    , m_captureMode(scenario.modelledOnly ? Wire::Mode::Off : capture)
{
    m_waitTimeout.setSingleShot(true);
    m_waitTimeout.setInterval(kWaitTimeoutMs);
    connect(&m_waitTimeout, &QTimer::timeout, this, [this] {
        finish(Unexpected,
               tr("Step %1 (%2) waited %3 s for %4, which did not happen.")
                   .arg(m_next + 1)
                   .arg(m_scenario.steps.at(m_next).describe())
                   .arg(kWaitTimeoutMs / 1000)
                   .arg(m_waitingFor));
    });
}

ScenarioRunner::~ScenarioRunner()
{
    if (m_silentFd >= 0)
        ::close(m_silentFd);
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
    m_session->setScenario(m_scenario.id);
    m_wire = std::make_unique<Wire>(m_session, m_captureMode);
    if (m_scenario.simultaneousUs > 0)
        m_wire->setSimultaneousUs(m_scenario.simultaneousUs);
    m_inference = std::make_unique<StateInference>(m_session);
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

void ScenarioRunner::advance()
{
    if (m_done)
        return;
    if (m_next >= m_scenario.steps.size()) {
        // Let the last segments (a delayed ACK) arrive, then compare.
        m_busy = true;
        QTimer::singleShot(kQuietMs, this, &ScenarioRunner::evaluate);
        return;
    }
    m_busy = true;
    Q_EMIT stepStarted(m_next);
    const ScenarioStep &step = m_scenario.steps.at(m_next);
    if (!step.waitFor.isEmpty()
        && m_events.value(step.waitFor) <= m_eventsAtLastStep.value(step.waitFor)) {
        m_waitingFor = step.waitFor;
        m_waitTimeout.start();
        return; // happened() continues
    }
    m_waitingFor.clear();
    if (step.delayMs > 0)
        QTimer::singleShot(step.delayMs, this, &ScenarioRunner::perform);
    else
        perform();
}

void ScenarioRunner::happened(const QString &event)
{
    m_events[event] += 1;
    if (m_waitingFor == event) {
        m_waitingFor.clear();
        m_waitTimeout.stop();
        const ScenarioStep &step = m_scenario.steps.at(m_next);
        // Leave the event's own handling (an automatic read) to finish first.
        QTimer::singleShot(step.delayMs, this, &ScenarioRunner::perform);
    }
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
    const QString &verb = step.verb;

    if (verb == QLatin1String("listen") || verb == QLatin1String("listen-again")) {
        auto *listener = new Listener(m_session, this);
        Listener::Settings settings;
        settings.backlog = m_scenario.server.backlog;
        settings.autoAccept = m_scenario.server.autoAccept;
        settings.qt = m_scenario.server.qt;
        settings.reuseAddress
            = verb == QLatin1String("listen") ? m_scenario.server.reuseAddress : step.reuseAddress;
        if (verb == QLatin1String("listen-again") && m_listener)
            settings.port = m_session->server().port;
        connect(listener, &Listener::accepted, this, [this](LabSocket *accepted) {
            accepted->setAutoRead(m_scenario.server.autoRead);
            LabSocket::Options options = m_scenario.server.options;
            if (options.noDelay)
                accepted->setNoDelay(true);
            if (options.cork)
                accepted->setCork(true);
            if (options.linger)
                accepted->setLinger(true, options.lingerSeconds);
            m_servers.append(accepted);
            watchSocket(accepted, QStringLiteral("server."));
            happened(QStringLiteral("server.accepted"));
        });
        connect(listener, &Listener::queueChanged, this, [this](int queued) {
            if (queued > 0)
                happened(QStringLiteral("server.queued"));
        });
        if (!listener->start(settings)) {
            err = listener->errorNumber();
            *message = listener->errorText();
            delete listener;
        } else if (verb == QLatin1String("listen")) {
            m_listener = listener;
            if (!m_wire->watch(listener->serverAddress(), listener->serverPort())) {
                *message = m_wire->errorText();
                m_failed = true;
                return false;
            }
            Q_EMIT listenerCreated(listener);
        } else {
            m_extraListeners.append(listener);
        }
    } else if (verb.startsWith(QLatin1String("connect"))) {
        auto *client = new LabSocket(m_session, Side::Client, int(m_clients.size()), this);
        if (verb == QLatin1String("connectToHost") || m_scenario.client.qt)
            client->setEngine(LabSocket::Engine::Qt);
        client->setPendingOptions(m_scenario.client.options);
        client->setAutoRead(m_scenario.client.autoRead);
        m_clients.append(client);
        watchSocket(client, QStringLiteral("client."));
        connect(
            client, &LabSocket::aboutToConnect, this,
            [this](const QHostAddress &address, quint16 port) { m_wire->watch(address, port); });
        connect(client, &LabSocket::failed, this,
                [this] { happened(QStringLiteral("client.failed")); });
        Q_EMIT clientCreated(client);
        quint16 port = m_listener ? m_listener->serverPort() : 0;
        quint16 localPort = 0;
        if (verb == QLatin1String("connect-closed-port")) {
            if (m_silentFd < 0)
                m_silentPort = reservePort(&m_silentFd);
            port = m_silentPort;
            m_session->setServer({QHostAddress(QHostAddress::LocalHost), port});
        } else if (verb == QLatin1String("connect-self")) {
            // A free port, given back at once, to connect to itself from.
            int fd = -1;
            port = localPort = reservePort(&fd);
            ::close(fd);
            m_session->setServer({QHostAddress(QHostAddress::LocalHost), port});
        }
        if (port == 0) {
            *message = tr("there is no server to connect to: listen first");
            return false;
        }
        client->connectToHost(QStringLiteral("127.0.0.1"), port, localPort);
        err = client->isOpen() || client->isConnecting() ? 0 : client->lastError();
        if (err)
            *message = client->lastErrorText();
    } else if (verb == QLatin1String("accept") || verb == QLatin1String("nextPendingConnection")) {
        if (!m_listener || !m_listener->acceptOne()) {
            err = m_listener ? m_listener->errorNumber() : EBADF;
            *message = m_listener ? m_listener->errorText() : tr("nothing listens");
        }
    } else if (verb == QLatin1String("stop-listening")) {
        if (m_listener)
            m_listener->stop();
    } else if (verb == QLatin1String("wait")) {
        called = false;
    } else {
        if (!socket) {
            *message = tr("the %1 has no connection for this step")
                           .arg(server ? tr("server") : tr("client"));
            return false;
        }
        qint64 r = 0;
        if (verb == QLatin1String("write"))
            r = socket->write(step.data.toUtf8());
        else if (verb == QLatin1String("read") || verb == QLatin1String("readAll"))
            r = socket->read();
        else if (verb == QLatin1String("disconnectFromHost"))
            r = socket->disconnectFromHost();
        else if (verb == QLatin1String("setSocketOption"))
            r = socket->setNoDelay(step.value != 0);
        else if (verb == QLatin1String("shutdown"))
            r = socket->shutdown(step.how == QLatin1String("SHUT_RD") ? LabSocket::Shutdown::Read
                                     : step.how == QLatin1String("SHUT_WR")
                                     ? LabSocket::Shutdown::Write
                                     : LabSocket::Shutdown::Both);
        else if (verb == QLatin1String("close"))
            r = socket->close();
        else if (verb == QLatin1String("abort"))
            r = socket->abort();
        else if (verb == QLatin1String("setsockopt"))
            r = step.option == QLatin1String("TCP_NODELAY") ? socket->setNoDelay(step.value != 0)
                : step.option == QLatin1String("TCP_CORK")
                ? socket->setCork(step.value != 0)
                : socket->setLinger(step.value >= 0, std::max(0, step.value));
        if (r < 0) {
            err = socket->lastError();
            *message = socket->lastErrorText();
        }
    }
    if (!called)
        return true;
    const QString got = errnoName(err);
    if (got == step.expectErrno) {
        if (!got.isEmpty())
            *message = tr("failed with %1, as expected").arg(got);
        return true;
    }
    if (!step.expectErrno.isEmpty()) {
        *message = tr("expected to fail with %1, but %2")
                       .arg(step.expectErrno, got.isEmpty() ? tr("it succeeded") : got);
        return false;
    }
    m_failed = err == EADDRINUSE || err == EACCES || err == EADDRNOTAVAIL;
    return false;
}

void ScenarioRunner::watchSocket(LabSocket *socket, const QString &prefix)
{
    connect(socket, &LabSocket::connected, this,
            [this, prefix] { happened(prefix + QStringLiteral("connected")); });
    connect(socket, &LabSocket::dataReceived, this,
            [this, prefix] { happened(prefix + QStringLiteral("data")); });
    connect(socket, &LabSocket::dataWaiting, this,
            [this, prefix] { happened(prefix + QStringLiteral("waiting")); });
    connect(socket, &LabSocket::endOfFile, this,
            [this, prefix] { happened(prefix + QStringLiteral("eof")); });
    connect(socket, &LabSocket::errorOccurred, this, [this, prefix](int err) {
        if (err == ECONNRESET || err == EPIPE)
            happened(prefix + QStringLiteral("reset"));
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
    auto settled = [sockets] {
        return std::all_of(sockets.begin(), sockets.end(),
                           [](const LabSocket *s) { return s->isOpen() || s->settled(); });
    };
    if (!settled() && m_settling.elapsed() < 1500) {
        QTimer::singleShot(10, this, &ScenarioRunner::evaluate);
        return;
    }
    m_wire->drain();
    m_inference->refresh();
    m_match = Expectation::matchWire(m_scenario.expectWire, Expectation::observedWire(*m_session));
    if (!m_match.matched) {
        const QStringList observed = Expectation::observedWire(*m_session);
        finish(
            Unexpected,
            tr("The wire differs from the expectation at segment %1 (observed %2; expected %3). %4")
                .arg(m_match.firstDifference + 1)
                .arg(observed.join(QLatin1Char(' ')), m_scenario.expectWire, m_match.explanation));
        return;
    }
    const QString client
        = Expectation::missingState(*m_session, true, m_scenario.expectClientStates);
    const QString server
        = Expectation::missingState(*m_session, false, m_scenario.expectServerStates);
    if (!client.isEmpty() || !server.isEmpty()) {
        finish(Unexpected,
               client.isEmpty()
                   ? tr("The server never reached %1 in the expected order.").arg(server)
                   : tr("The client never reached %1 in the expected order.").arg(client));
        return;
    }
    finish(Ok, QString());
}

void ScenarioRunner::finish(int code, const QString &message)
{
    if (m_done)
        return;
    m_done = true;
    m_busy = false;
    m_waitTimeout.stop();
    if (code != Ok && m_wire) {
        m_wire->drain();
        m_inference->refresh();
        m_match
            = Expectation::matchWire(m_scenario.expectWire, Expectation::observedWire(*m_session));
    }
    Q_EMIT finished(code, message);
}

} // namespace tcplab
