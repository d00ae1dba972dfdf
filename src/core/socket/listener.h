#pragma once

#include "session/event.h"

#include <QHostAddress>
#include <QPointer>
#include <QTcpServer>
#include <QTimer>

#include <memory>

namespace tcplab {

class LabSocket;
class ListenEngine;
class Network;
class Session;

// The lab's listening socket. It makes the socket itself (socket, setsockopt(SO_REUSEADDR),
// bind, listen — each recorded) so that SO_REUSEADDR can really be off, which QTcpServer::listen()
// does not allow on Unix, then hands the descriptor to QTcpServer for accepting. Accepted
// descriptors become LabSockets; QTcpSocket never touches them.
//
// On the Qt engine it is a plain QTcpServer instead: QTcpServer::listen() (which always sets
// SO_REUSEADDR on Unix), Qt accepts every connection itself as it arrives, and
// nextPendingConnection() hands over a QTcpSocket, which a LabSocket on the Qt engine adopts.
// As with LabSocket, the Listener records and a ListenEngine (native or Qt) does the calls.
class Listener : public QTcpServer
{
    Q_OBJECT

public:
    struct Settings
    {
        QHostAddress address = QHostAddress(QHostAddress::LocalHost);
        quint16 port = 0; // 0: any free port; serverPort() tells which
        int backlog = 5;
        bool reuseAddress = true;
        bool autoAccept = true;
        bool qt = false; // the Qt engine
        Network *network = nullptr; // where the socket is made; nullptr: this computer
    };

    explicit Listener(Session *session, QObject *parent = nullptr);
    ~Listener() override;

    // Returns false and sets errorNumber()/errorText() when the port cannot be had.
    bool start(const Settings &settings);
    void stop(); // close() the listening socket; accepted connections stay

    Settings settings() const { return m_settings; }
    void setAutoAccept(bool on);
    // accept() by hand: takes one connection from the kernel's accept queue, or returns
    // nullptr (EAGAIN) when none waits. Qt engine: nextPendingConnection(), from Qt's queue.
    LabSocket *acceptOne();
    // Connections that finished their handshake and wait in the accept queue (TCP_INFO on a
    // listening socket reports it as tcpi_unacked).
    int queuedConnections() const;

    int errorNumber() const { return m_errno; }
    QString errorText() const { return m_errorText; }

Q_SIGNALS:
    void accepted(tcplab::LabSocket *socket);
    void queueChanged(int queued);
    void failed(int err, const QString &message);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    friend class NativeListenEngine;
    friend class QtListenEngine;

    LabSocket *adopt(int fd, int conn);
    LabSocket *adopt(QTcpSocket *socket, int conn);
    qint64 now() const;
    Event callEvent(Verb verb, Api api = Api::System) const;
    void record(Event call, qint64 t0, int result, int err);
    // Records accept() (started at t0; -1: now) and returns the accepted connection.
    int recordAccept(qint64 t0, int fd, int err);
    void readState(int fd);
    bool fail(int err, const QString &call, const QString &where);
    bool failWith(int err, const QString &text);
    void pollQueue();

    QPointer<Session> m_session;
    Settings m_settings;
    int m_accepted = 0;
    int m_errno = 0;
    QString m_errorText;
    int m_lastQueued = -1;
    QTimer m_queuePoll;
    std::unique_ptr<ListenEngine> m_engine;
};

} // namespace tcplab
