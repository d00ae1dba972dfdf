#pragma once

#include "capture/wire.h"

#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QTimer>

namespace tcplab {

class LabSocket;
class Listener;
class Network;
class StateTracker;
class SeedServer;
class Session;

// Runs the article's experiment without a window: the server side (server.c), the client side
// (client.c), or both in this process on loopback. Reports what each side prints and, at the
// end, an exit code in the runner's contract (0 as expected, 1 not as expected, 3 environment).
class SeedExperiment : public QObject
{
    Q_OBJECT

public:
    enum class Role { Both, Server, Client };

    struct Config
    {
        Role role = Role::Both;
        QHostAddress bind = QHostAddress(QHostAddress::LocalHost);
        quint16 port = 0;
        QString connectHost = QStringLiteral("127.0.0.1");
        quint16 connectPort = 0;
        QByteArray message = QByteArrayLiteral("hello");
        QByteArray reply = QByteArrayLiteral("I got your message");
        bool reuseAddress = true;
        int timeoutMs = 10000; // for the exchange, once connected (a server waits for ever)
        Wire::Mode capture = Wire::Mode::Auto;
        // Qt's QTcpSocket/QTcpServer instead of the system calls, per side.
        bool clientQt = false;
        bool serverQt = false;
        // Where both sides run (Role::Both): nullptr is this computer's own stack. On the lab
        // network the server listens on its host's address, whatever `bind` says.
        Network *network = nullptr;
    };

    enum ExitCode { Ok = 0, Unexpected = 1, Environment = 3 };

    SeedExperiment(Session *session, const Config &config, QObject *parent = nullptr);
    ~SeedExperiment() override;

    void start();
    quint16 serverPort() const;
    const Wire *wire() const { return m_wire; }

Q_SIGNALS:
    void output(const QString &line); // what server.c / client.c would print
    void finished(int exitCode, const QString &message);

private:
    bool onLab() const;
    void startServer();
    void startClient(const QString &host, quint16 port);
    void checkDone();
    void finish(int code, const QString &message);
    void settleAndReport(int code, const QString &message);

    Session *m_session;
    Config m_config;
    Wire *m_wire = nullptr;
    StateTracker *m_tracker = nullptr;
    Listener *m_listener = nullptr;
    SeedServer *m_server = nullptr;
    QPointer<LabSocket> m_serverSocket;
    LabSocket *m_client = nullptr;
    QTimer m_timeout;
    QByteArray m_serverGot;
    QByteArray m_clientGot;
    bool m_serverServed = false;
    bool m_serverReplied = false;
    bool m_clientEof = false;
    bool m_clientClosed = false;
    bool m_reset = false;
    bool m_finished = false;
};

} // namespace tcplab
