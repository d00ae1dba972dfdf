#include "lab/seedexperiment.h"

#include "lab/seedserver.h"
#include "net/network.h"
#include "session/session.h"
#include "session/statetracker.h"
#include "socket/labsocket.h"
#include "socket/listener.h"
#include "socket/sockaddr.h"

#include <QElapsedTimer>

#include <cerrno>
#include <memory>

namespace tcplab {

SeedExperiment::SeedExperiment(Session *session, const Config &config, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_config(config)
{
    m_timeout.setSingleShot(true);
    m_timeout.setInterval(config.timeoutMs);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        if (m_client && m_client->isOpen() && !m_clientEof) {
            // client.c would block in read() for ever; the runner gives up, closes and says so.
            m_client->close();
            finish(Unexpected,
                   tr("The server did not close the connection within %1 s; the client closed "
                      "it instead. The seed experiment expects the server to close first.")
                       .arg(m_config.timeoutMs / 1000.0));
            return;
        }
        finish(Unexpected,
               tr("Nothing happened for %1 s: the experiment stopped.")
                   .arg(m_config.timeoutMs / 1000.0));
    });
}

SeedExperiment::~SeedExperiment() = default;

bool SeedExperiment::onLab() const
{
    return m_config.network && m_config.network->kind() == Network::Kind::Lab;
}

quint16 SeedExperiment::serverPort() const
{
    return m_listener ? m_listener->serverPort() : 0;
}

void SeedExperiment::start()
{
    m_session->setScenario(QStringLiteral("seed"));
    m_wire = new Wire(m_session, m_config.capture, m_config.network, this);
    m_tracker = new StateTracker(m_session, this);
    if (!m_wire->isUsable()) {
        finish(Environment, m_wire->errorText());
        return;
    }
    if (!m_wire->isLive())
        Q_EMIT output(m_wire->modelledReason());
    if (m_config.role == Role::Client) {
        startClient(m_config.connectHost, m_config.connectPort);
        return;
    }
    startServer();
    if (m_finished)
        return;
    if (m_config.role == Role::Both) {
        const QHostAddress target = onLab()                ? m_listener->serverAddress()
            : m_config.bind.isEqual(QHostAddress::AnyIPv4) ? QHostAddress(QHostAddress::LocalHost)
            : m_config.bind.isEqual(QHostAddress::AnyIPv6)
            ? QHostAddress(QHostAddress::LocalHostIPv6)
            : m_config.bind;
        startClient(target.toString(), m_listener->serverPort());
    }
}

void SeedExperiment::startServer()
{
    m_listener = new Listener(m_session, this);
    m_server = new SeedServer(this);
    m_server->setReply(m_config.reply);
    Listener::Settings settings;
    settings.address = m_config.bind;
    settings.port = m_config.port;
    settings.reuseAddress = m_config.reuseAddress;
    settings.qt = m_config.serverQt;
    settings.network = m_config.network;
    if (onLab())
        settings.address = m_config.network->address(Side::Server);
    if (!m_listener->start(settings)) {
        finish(Environment, m_listener->errorText());
        return;
    }
    if (!m_wire->watch(m_listener->serverAddress(), m_listener->serverPort())) {
        finish(Environment, m_wire->errorText());
        return;
    }
    Q_EMIT output(tr("Listening on %1")
                      .arg(endpointText(m_listener->serverAddress(), m_listener->serverPort())));
    connect(m_listener, &Listener::accepted, this, [this](LabSocket *socket) {
        if (m_serverSocket) {
            socket->close(); // server.c serves one client
            return;
        }
        m_serverSocket = socket;
        // server.c accepts once, then stops listening.
        m_listener->stop();
        m_timeout.start();
        connect(socket, &LabSocket::errorOccurred, this, [this](int err, const QString &message) {
            m_reset = m_reset || err == ECONNRESET || err == EPIPE;
            Q_EMIT output(message);
        });
        m_server->serve(socket);
    });
    connect(m_server, &SeedServer::messageReceived, this,
            [this](LabSocket *, const QByteArray &message) {
                m_serverGot = message;
                Q_EMIT output(tr("Here is the message: %1").arg(QString::fromUtf8(message)));
            });
    connect(m_server, &SeedServer::served, this, [this](LabSocket *, bool replied, bool) {
        m_serverServed = true;
        m_serverReplied = replied;
        checkDone();
    });
}

void SeedExperiment::startClient(const QString &host, quint16 port)
{
    m_client = new LabSocket(m_session, Side::Client, 0, this);
    m_client->setNetwork(m_config.network);
    if (m_config.clientQt)
        m_client->setEngine(LabSocket::Engine::Qt);
    connect(m_client, &LabSocket::aboutToConnect, this,
            [this](const QHostAddress &address, quint16 port) {
                if (m_config.role != Role::Client)
                    return;
                const bool wasLive = m_wire->isLive();
                if (!m_wire->watch(address, port))
                    Q_EMIT output(m_wire->errorText());
                else if (wasLive && !m_wire->isLive())
                    Q_EMIT output(m_wire->modelledReason()); // the helper refused this port
            });
    connect(m_client, &LabSocket::failed, this,
            [this](int, const QString &message) { finish(Environment, message); });
    connect(m_client, &LabSocket::connected, this, [this] {
        m_timeout.start();
        m_client->write(m_config.message);
    });
    connect(m_client, &LabSocket::dataReceived, this, [this](const QByteArray &data) {
        m_clientGot += data;
        Q_EMIT output(QString::fromUtf8(data));
    });
    connect(m_client, &LabSocket::endOfFile, this, [this] {
        // The server closed first: the client is in CLOSE_WAIT until it closes too. (A
        // QTcpSocket has closed itself already, as the peer's FIN arrived.)
        m_clientEof = true;
        if (m_client->engine() == LabSocket::Engine::Native)
            m_client->close();
    });
    connect(m_client, &LabSocket::errorOccurred, this, [this](int err, const QString &message) {
        m_reset = m_reset || err == ECONNRESET || err == EPIPE;
        Q_EMIT output(message);
        if (m_client->isOpen())
            m_client->close();
    });
    connect(m_client, &LabSocket::closed, this, [this] {
        m_clientClosed = true;
        checkDone();
    });
    m_client->connectToHost(host, port);
}

void SeedExperiment::checkDone()
{
    const bool serverDone = m_config.role == Role::Client || m_serverServed;
    const bool clientDone = m_config.role == Role::Server || m_clientClosed;
    if (!serverDone || !clientDone)
        return;
    if (m_reset) {
        finish(Unexpected, tr("The connection was reset instead of closing normally."));
        return;
    }
    if (m_config.role != Role::Client) {
        if (m_serverGot.isEmpty()) {
            finish(Unexpected, tr("The client closed without sending a message."));
            return;
        }
        if (!m_serverReplied) {
            finish(Unexpected, tr("The server could not send its answer."));
            return;
        }
    }
    if (m_config.role != Role::Server) {
        if (m_clientGot.isEmpty()) {
            finish(Unexpected, tr("The server closed without answering."));
            return;
        }
        if (m_config.role == Role::Both && m_serverGot != m_config.message) {
            finish(Unexpected,
                   tr("The server received something other than what the client sent."));
            return;
        }
    }
    finish(Ok, QString());
}

void SeedExperiment::finish(int code, const QString &message)
{
    if (m_finished)
        return;
    m_finished = true;
    m_timeout.stop();
    // Leave the event loop a turn so that a caller connected after start() still hears this.
    QTimer::singleShot(0, this, [this, code, message] { settleAndReport(code, message); });
}

void SeedExperiment::settleAndReport(int code, const QString &message)
{
    // After close() the kernel still finishes the teardown (FIN_WAIT_2, TIME_WAIT, LAST_ACK):
    // wait until sock_diag has seen the closed ends settle, a second and a half at most.
    auto settled = [this] {
        for (const LabSocket *socket : {m_client, m_serverSocket.data()}) {
            if (socket && !socket->isOpen() && !socket->settled())
                return false;
        }
        return true;
    };
    auto report = [this, code, message] {
        if (m_wire)
            m_wire->drain();
        if (m_tracker)
            m_tracker->refresh();
        Q_EMIT finished(code, message);
    };
    if (settled()) {
        report();
        return;
    }
    auto *poll = new QTimer(this);
    auto started = std::make_shared<QElapsedTimer>();
    started->start();
    connect(poll, &QTimer::timeout, this, [poll, started, settled, report] {
        if (!settled() && started->elapsed() < 1500)
            return;
        poll->stop();
        poll->deleteLater();
        report();
    });
    poll->start(10);
}

} // namespace tcplab
