#include "socket/listener.h"

#include "kernel/tcpinfo.h"
#include "session/session.h"
#include "socket/errortext.h"
#include "socket/labsocket.h"
#include "socket/sockaddr.h"

#include <QTcpSocket>

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace tcplab {

Listener::Listener(Session *session, QObject *parent)
    : QTcpServer(parent)
    , m_session(session)
{
    m_queuePoll.setInterval(100);
    connect(&m_queuePoll, &QTimer::timeout, this, &Listener::pollQueue);
    // Qt engine: QTcpServer has accepted a connection into its own queue.
    connect(this, &QTcpServer::newConnection, this, [this] {
        if (!m_settings.qt)
            return; // incomingConnection() took it over
        ++m_pending;
        Q_EMIT queueChanged(m_pending);
        if (m_settings.autoAccept)
            nextPending();
    });
}

Listener::~Listener() = default;

bool Listener::start(const Settings &settings)
{
    if (isListening())
        stop();
    m_settings = settings;
    m_errno = 0;
    m_errorText.clear();
    if (settings.qt)
        return startQt(settings);
    const QString where = endpointText(settings.address, settings.port);
    const int family
        = settings.address.protocol() == QAbstractSocket::IPv6Protocol ? AF_INET6 : AF_INET;
    const int fd = ::socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return fail(errno, QStringLiteral("socket"), where);

    auto record = [this](const QString &call, const QString &args, int r, int err) {
        if (m_session)
            m_session->addCall(Side::Server, 0, call, args, r, err);
    };
    if (settings.reuseAddress) {
        const int on = 1;
        const int r = ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
        record(QStringLiteral("setsockopt"), QStringLiteral("SO_REUSEADDR = 1"), r, r ? errno : 0);
    }
    sockaddr_storage address {};
    const socklen_t length = toSockaddr(settings.address, settings.port, &address);
    int r = ::bind(fd, reinterpret_cast<sockaddr *>(&address), length);
    int err = r ? errno : 0;
    record(QStringLiteral("bind"), where, r, err);
    if (r != 0) {
        ::close(fd);
        return fail(err, QStringLiteral("bind"), where);
    }
    r = ::listen(fd, settings.backlog);
    err = r ? errno : 0;
    record(QStringLiteral("listen"), QStringLiteral("backlog %1").arg(settings.backlog), r, err);
    if (r != 0) {
        ::close(fd);
        return fail(err, QStringLiteral("listen"), where);
    }
    setListenBacklogSize(settings.backlog);
    if (!setSocketDescriptor(fd)) {
        ::close(fd);
        m_errno = EINVAL;
        m_errorText = errorString();
        Q_EMIT failed(m_errno, m_errorText);
        return false;
    }
    QHostAddress bound;
    quint16 port = 0;
    localEndpoint(fd, &bound, &port);
    if (m_session) {
        m_session->setServer({bound, port});
        if (const auto sample = readTcpInfo(fd)) {
            m_session->addState(Side::Server, 0, tcpStateName(sample->state),
                                QStringLiteral("kernel"), QStringLiteral("TCP_INFO"));
        }
    }
    setAutoAccept(settings.autoAccept);
    return true;
}

bool Listener::startQt(const Settings &settings)
{
    const QString where = endpointText(settings.address, settings.port);
    setListenBacklogSize(settings.backlog);
    const qint64 t0 = m_session ? m_session->now() : 0;
    const bool ok = listen(settings.address, settings.port);
    if (m_session)
        m_session->addQtCall(Side::Server, 0, QStringLiteral("qt"), QStringLiteral("listen"), where,
                             ok ? 0 : -1, {}, t0);
    if (!ok) {
        const int err = serverError() == QAbstractSocket::AddressInUseError    ? EADDRINUSE
            : serverError() == QAbstractSocket::SocketAccessError              ? EACCES
            : serverError() == QAbstractSocket::SocketAddressNotAvailableError ? EADDRNOTAVAIL
                                                                               : EINVAL;
        return fail(err, QStringLiteral("listen"), where);
    }
    m_pending = 0;
    if (m_session) {
        m_session->setServer({serverAddress(), serverPort()});
        if (const auto sample = readTcpInfo(int(socketDescriptor())))
            m_session->addState(Side::Server, 0, tcpStateName(sample->state),
                                QStringLiteral("kernel"), QStringLiteral("TCP_INFO"));
    }
    return true;
}

LabSocket *Listener::nextPending()
{
    const qint64 t0 = m_session ? m_session->now() : 0;
    QTcpSocket *socket = nextPendingConnection();
    if (m_session)
        m_session->addQtCall(
            Side::Server, 0, QStringLiteral("qt"), QStringLiteral("nextPendingConnection"),
            socket ? endpointText(socket->peerAddress(), socket->peerPort()) : QString(),
            socket ? 0 : -1, {}, t0);
    if (!socket) {
        m_errno = EAGAIN;
        m_errorText = tr("nextPendingConnection() returned nullptr: no connection is waiting. "
                         "Connect a client first.");
        return nullptr;
    }
    m_pending = std::max(0, m_pending - 1);
    Q_EMIT queueChanged(m_pending);
    LabSocket *adopted = adopt(socket);
    Q_EMIT accepted(adopted);
    return adopted;
}

void Listener::stop()
{
    if (!isListening())
        return;
    m_queuePoll.stop();
    close();
    if (m_settings.qt && m_pending > 0) {
        // QTcpServer::close() deletes the connections still in its queue: each gets Qt's close.
        if (m_session)
            m_session->addNote(Side::Server, 0,
                               tr("QTcpServer::close() dropped %n connection(s) that waited for "
                                  "nextPendingConnection().",
                                  nullptr, m_pending));
        m_pending = 0;
        Q_EMIT queueChanged(0);
    }
    if (m_session && m_settings.qt)
        m_session->addQtCall(Side::Server, 0, QStringLiteral("qt"), QStringLiteral("close"),
                             QStringLiteral("listener"), 0);
    else if (m_session)
        m_session->addCall(Side::Server, 0, QStringLiteral("close"), QStringLiteral("listener"), 0,
                           0);
}

void Listener::setAutoAccept(bool on)
{
    m_settings.autoAccept = on;
    if (!isListening())
        return;
    if (m_settings.qt) {
        // Qt accepts by itself either way; by hand, nextPendingConnection() waits for a press.
        while (on && m_pending > 0 && nextPending()) { }
        return;
    }
    if (on) {
        m_queuePoll.stop();
        resumeAccepting();
    } else {
        pauseAccepting();
        m_lastQueued = -1;
        m_queuePoll.start();
        pollQueue();
    }
}

void Listener::incomingConnection(qintptr descriptor)
{
    if (m_settings.qt) {
        // QTcpServer's own way: a QTcpSocket on the descriptor, queued for
        // nextPendingConnection() (newConnection() follows).
        QTcpServer::incomingConnection(descriptor);
        return;
    }
    // QTcpServer has just called accept() for us (automatic accepting).
    QHostAddress peer;
    quint16 port = 0;
    peerEndpoint(int(descriptor), &peer, &port);
    if (m_session) {
        m_session->addCall(Side::Server, 0, QStringLiteral("accept"), endpointText(peer, port),
                           descriptor, 0);
    }
    Q_EMIT accepted(adopt(int(descriptor)));
}

LabSocket *Listener::acceptOne()
{
    if (!isListening()) {
        m_errno = EBADF;
        m_errorText = tr("The server is not listening: press Listen first.");
        return nullptr;
    }
    if (m_settings.qt)
        return nextPending();
    sockaddr_storage peer {};
    socklen_t length = sizeof(peer);
    const int fd = ::accept4(int(socketDescriptor()), reinterpret_cast<sockaddr *>(&peer), &length,
                             SOCK_NONBLOCK | SOCK_CLOEXEC);
    const int err = fd < 0 ? errno : 0;
    QHostAddress address;
    quint16 port = 0;
    if (fd >= 0)
        fromSockaddr(peer, &address, &port);
    if (m_session) {
        m_session->addCall(Side::Server, 0, QStringLiteral("accept"),
                           fd >= 0 ? endpointText(address, port) : QString(), fd, err);
    }
    pollQueue();
    if (fd < 0) {
        m_errno = err;
        m_errorText = err == EAGAIN
            ? tr("accept(): EAGAIN — no connection is waiting in the accept queue yet. Connect a "
                 "client first.")
            : ErrorText::explain(err, QStringLiteral("accept"));
        return nullptr;
    }
    LabSocket *socket = adopt(fd);
    Q_EMIT accepted(socket);
    return socket;
}

int Listener::queuedConnections() const
{
    if (!isListening())
        return 0;
    if (m_settings.qt)
        return m_pending;
    const auto sample = readTcpInfo(int(socketDescriptor()));
    return sample ? int(sample->unacked) : 0;
}

LabSocket *Listener::adopt(QTcpSocket *socket)
{
    auto *lab = new LabSocket(m_session, Side::Server, m_nextConn++, this);
    lab->adopt(socket);
    if (m_session && lab->peerPort() != 0) {
        m_session->setConnectionPort(lab->conn(), lab->peerPort());
        if (lab->conn() == 1)
            m_session->setClient({lab->peerAddress(), lab->peerPort()});
    }
    return lab;
}

LabSocket *Listener::adopt(int fd)
{
    auto *socket = new LabSocket(m_session, Side::Server, m_nextConn++, this);
    socket->adopt(fd);
    if (m_session) {
        m_session->setConnectionPort(socket->conn(), socket->peerPort());
        if (socket->conn() == 1)
            m_session->setClient({socket->peerAddress(), socket->peerPort()});
    }
    return socket;
}

bool Listener::fail(int err, const QString &call, const QString &where)
{
    m_errno = err;
    m_errorText = ErrorText::explain(err, call, where);
    Q_EMIT failed(err, m_errorText);
    return false;
}

void Listener::pollQueue()
{
    const int queued = queuedConnections();
    if (queued != m_lastQueued) {
        m_lastQueued = queued;
        Q_EMIT queueChanged(queued);
    }
}

} // namespace tcplab
