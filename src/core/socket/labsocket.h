#pragma once

#include "session/event.h"

#include <optional>

#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <memory>

class QHostInfo;
class QTcpSocket;

namespace tcplab {

class Network;
class Session;
class SocketEngine;

// A connected TCP socket kept on its native descriptor, so that every call the lab offers is
// the real system call (QTcpSocket cannot half-close and reads eagerly; see DESIGN.md §3).
// QSocketNotifiers drive it in the Qt event loop. It never closes itself: when the peer's FIN
// arrives it reports end-of-file and stays in CLOSE_WAIT, still able to write, until the user
// closes it. Every verb is recorded in the Session as a Call event and followed by a TCP_INFO
// read of the kernel's state.
//
// It is the recording facade over an engine (socketengine.h) that performs the calls: the
// system calls on a descriptor from a Network (this computer's stack or a lab network host),
// or Qt's own QTcpSocket (connectToHost, write, readAll, disconnectFromHost, close, abort,
// setSocketOption), recorded under Qt's names with the signals Qt emits (connected,
// bytesWritten, errorOccurred, disconnected), so the lab shows what Qt's API puts on the wire:
// writes leave from Qt's buffer later, abort() drops them and sends FIN, and the peer's FIN
// makes Qt close the socket itself. Verbs Qt does not have (shutdown, TCP_CORK, SO_LINGER) fail
// with EOPNOTSUPP and say why.
class LabSocket : public QObject
{
    Q_OBJECT

public:
    enum class Shutdown { Read, Write, Both };
    Q_ENUM(Shutdown)
    enum class Engine { Native, Qt };
    Q_ENUM(Engine)

    struct Options
    {
        bool noDelay = false;
        bool cork = false;
        bool linger = false;
        int lingerSeconds = 0;
        int synCount = 0; // TCP_SYNCNT; 0: the host's tcp_syn_retries
        // SO_KEEPALIVE with its timers (seconds, probes); keepIdle 0: no keepalive
        int keepIdle = 0;
        int keepInterval = 0;
        int keepCount = 0;
    };

    // A client's `index` says which of an experiment's clients it is (0, 1, ...); a server end
    // gets its connection when it adopts a descriptor accept() returned.
    LabSocket(Session *session, Side side, int index, QObject *parent = nullptr);
    ~LabSocket() override;

    // Before connectToHost(): which network the socket is made on (nullptr: this computer's).
    void setNetwork(Network *network) { m_network = network; }
    Network *network() const;
    // Before connectToHost(): which API the socket runs on.
    void setEngine(Engine engine);
    Engine engine() const;
    static QString engineName(Engine engine); // "native" / "qt", as on the command line
    // Why Qt's API has no such verb ("shutdown", "TCP_CORK", "SO_LINGER"); empty when it has.
    enum class NotInQt { Shutdown, Cork, Linger };
    static QString notInQt(NotInQt what);

    // Server side: take over a descriptor that accept() returned, of connection `conn`.
    void adopt(int fd, int conn);
    // Server side, Qt engine: take over a socket from QTcpServer::nextPendingConnection().
    void adopt(QTcpSocket *socket, int conn);

    // Client side: non-blocking connect(); names are looked up with QHostInfo first.
    // The outcome arrives as connected() or failed(). Returns false (and emits failed())
    // when it cannot even start, e.g. for port 0.
    bool connectToHost(const QString &host, quint16 port, quint16 localPort = 0);

    // Each returns the system call's result (-1 on failure; lastError() then holds errno).
    qint64 write(const QByteArray &data);
    qint64 read(qint64 maxBytes = 65536); // data goes out through dataReceived()
    int shutdown(Shutdown how);
    int close();
    int abort(); // SO_LINGER {on, 0} then close(): the kernel sends RST (Qt: QTcpSocket::abort())
    int disconnectFromHost(); // Qt engine only (EOPNOTSUPP otherwise)

    int setNoDelay(bool on);
    int setCork(bool on);
    int setLinger(bool on, int seconds);
    // Options set before the socket exists are applied right after socket().
    void setPendingOptions(const Options &options) { m_options = options; }
    Options options() const { return m_options; }

    // Automatic reading: read() as soon as data arrives (like a simple server loop).
    // Off: data waits in the kernel's receive buffer until read() is called.
    void setAutoRead(bool on);
    bool autoRead() const { return m_autoRead; }

    int descriptor() const { return m_fd; }
    bool isOpen() const { return m_fd >= 0; }
    // Whether the application still holds the socket: its descriptor is open, or (Qt) the
    // QTcpSocket was not close()d or abort()ed, even if Qt closed the connection itself.
    bool isHeld() const;
    // Connecting, connected or (Qt) still sending what it buffered before closing.
    bool isBusy() const;
    bool isConnecting() const { return m_connecting; }
    bool isConnected() const { return m_connected; }
    bool eofSeen() const { return m_eof; }
    bool writeShut() const { return m_writeShut; }
    bool readShut() const { return m_readShut; }
    // Bytes waiting in the kernel's receive buffer (SIOCINQ); 0 when closed.
    qint64 bytesAvailable() const;
    // The state the kernel last reported for this socket's connection (TCP_INFO, sock_diag).
    std::optional<TcpState> state() const { return m_state; }
    QString stateName() const { return m_state ? tcpStateName(*m_state) : QString(); }
    // Everything read() has returned so far, for the panes' received-data view.
    QByteArray received() const { return m_received; }
    int lastError() const { return m_lastError; }
    QString lastErrorText() const { return m_lastErrorText; }
    Side side() const { return m_side; }
    int conn() const { return m_conn; } // the session's connection; 0 before connect()
    int index() const { return m_index; }

    QHostAddress localAddress() const { return m_localAddress; }
    quint16 localPort() const { return m_localPort; }
    QHostAddress peerAddress() const { return m_peerAddress; }
    quint16 peerPort() const { return m_peerPort; }
    QString peerName() const; // "127.0.0.1:45001"

    // Reads TCP_INFO now and records a State event if the state changed.
    void sampleState();
    // After close() the connection lives on in the kernel (FIN_WAIT_2, LAST_ACK, TIME_WAIT):
    // sock_diag is asked until it is gone. True once nothing more will change soon (gone, or
    // in TIME_WAIT, which lasts 60 s).
    bool settled() const;
    // Time left in TIME_WAIT (or on another kernel timer) as sock_diag last said; -1 if none.
    qint64 kernelTimerMs() const { return m_kernelTimerMs; }

    // From a slot of aboutToConnect(): connect() waits, its socket made (and bound) but no SYN
    // sent, until resumeConnect(). For a capture that is still starting in another process.
    void deferConnect();
    void resumeConnect();
    bool isConnectDeferred() const { return bool(m_deferredConnect); }

Q_SIGNALS:
    // Right before connect() sends the SYN (capture must be watching by then; a slot that
    // needs longer calls deferConnect()).
    void aboutToConnect(const QHostAddress &address, quint16 port);
    void connected();
    void failed(int err, const QString &message);
    void dataReceived(const QByteArray &data);
    void dataWritten(const QByteArray &data); // what a write() handed to the kernel
    void dataWaiting(qint64 bytes); // manual reading: something arrived and waits for read()
    void endOfFile();
    void errorOccurred(int err, const QString &message);
    void stateChanged(tcplab::TcpState state);
    // On the Qt engine emitted from inside QTcpSocket's own signals: a slot must not delete
    // the socket there (use deleteLater()).
    void closed();
    void settledChanged();

private:
    friend class NativeEngine;
    friend class QtEngine;

    void startConnect(const QHostAddress &address, quint16 port, quint16 localPort,
                      const QString &host);
    void onLookedUp(const QHostInfo &info, quint16 port, quint16 localPort, const QString &host);
    void refreshAddresses();
    int fail(int err, const QString &message);
    // Calls are stamped when they start: the kernel sends their segments while they run.
    qint64 startCall();
    // A call of this socket's (verb and API set, the rest for the caller to fill in).
    Event callEvent(Verb verb, Api api = Api::System) const;
    void recordCall(qint64 t0, Event call, qint64 result, int err, const QByteArray &data = {});
    // A kernel reading of this socket's connection, started at t0.
    void recordState(TcpState state, StateVia via, qint64 t0, qint64 timerMs = -1);
    void pollSockDiag();
    void followInKernel();
    // The session learns this socket's connection: its ends, once connect() has them.
    void registerEnds();
    // What read() returned reaches the panes and the runner (after the kernel's state is read).
    void delivered(const QByteArray &data);
    // The descriptor is no longer the lab's to read TCP_INFO on: follow the connection through
    // sock_diag, by its addresses.
    void descriptorClosed();
    void report(int err, const QString &call);
    void releaseDescriptor();
    // For the engines, after aboutToConnect(): true when a slot deferred the connect, which
    // `then` makes when resumed.
    bool connectDeferred(std::function<void()> then);
    void dropDeferredConnect();

    QPointer<Session> m_session;
    Network *m_network = nullptr;
    Side m_side;
    int m_index;
    int m_conn = 0;
    std::unique_ptr<SocketEngine> m_engine;
    int m_fd = -1; // on the Qt engine: Qt's descriptor while it is open
    Options m_options;
    bool m_autoRead = true;
    bool m_connecting = false;
    bool m_connected = false;
    bool m_deferRequested = false;
    std::function<void()> m_deferredConnect;
    bool m_eof = false;
    bool m_readFailed = false;
    bool m_writeShut = false;
    bool m_readShut = false;
    int m_lastError = 0;
    QString m_lastErrorText;
    std::optional<TcpState> m_state;
    QByteArray m_received;
    QString m_connectTarget;
    QHostAddress m_localAddress;
    quint16 m_localPort = 0;
    QHostAddress m_peerAddress;
    quint16 m_peerPort = 0;
    int m_lookupId = -1;
    // The kernel changes state without telling the application (an ACK moving FIN_WAIT_1 to
    // FIN_WAIT_2, a RST while nobody reads): a light TCP_INFO poll catches those.
    QTimer m_statePoll;
    QTimer m_diagPoll;
    qint64 m_kernelTimerMs = -1;
};

} // namespace tcplab
