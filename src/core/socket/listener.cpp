#include "socket/listener.h"

#include "kernel/tcpinfo.h"
#include "net/network.h"
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
    Network *network = settings.network ? settings.network : HostNetwork::instance();
    const int fd = network->openSocket(Side::Server, family, SOCK_STREAM | SOCK_NONBLOCK);
    if (fd < 0)
        return fail(errno, QStringLiteral("socket"), where);

    auto record = [this](Event call, qint64 t0, int r, int err) {
        call.result = r;
        call.err = err;
        if (m_session)
            m_session->addCall(std::move(call), t0);
    };
    if (settings.reuseAddress) {
        const int on = 1;
        const qint64 t0 = now();
        const int r = ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
        Event call = callEvent(Verb::SetSockOpt);
        call.option = {SocketOption::Name::ReuseAddress, 1, 0};
        record(call, t0, r, r ? errno : 0);
    }
    sockaddr_storage address {};
    const socklen_t length = toSockaddr(settings.address, settings.port, &address);
    qint64 t0 = now();
    int r = ::bind(fd, reinterpret_cast<sockaddr *>(&address), length);
    int err = r ? errno : 0;
    Event bind = callEvent(Verb::Bind);
    bind.endpoint = {settings.address, settings.port};
    record(bind, t0, r, err);
    if (r != 0) {
        ::close(fd);
        return fail(err, QStringLiteral("bind"), where);
    }
    t0 = now();
    r = ::listen(fd, settings.backlog);
    err = r ? errno : 0;
    Event listen = callEvent(Verb::Listen);
    listen.backlog = settings.backlog;
    listen.endpoint = {settings.address, settings.port};
    record(listen, t0, r, err);
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
        m_session->setListening({bound, port});
        readState(fd);
    }
    setAutoAccept(settings.autoAccept);
    return true;
}

bool Listener::startQt(const Settings &settings)
{
    const QString where = endpointText(settings.address, settings.port);
    setListenBacklogSize(settings.backlog);
    const qint64 t0 = now();
    const bool ok = listen(settings.address, settings.port);
    if (m_session) {
        Event call = callEvent(Verb::Listen, Api::Qt);
        call.endpoint = {settings.address, settings.port};
        call.result = ok ? 0 : -1;
        m_session->addCall(call, t0);
    }
    if (!ok) {
        const int err = serverError() == QAbstractSocket::AddressInUseError    ? EADDRINUSE
            : serverError() == QAbstractSocket::SocketAccessError              ? EACCES
            : serverError() == QAbstractSocket::SocketAddressNotAvailableError ? EADDRNOTAVAIL
                                                                               : EINVAL;
        return fail(err, QStringLiteral("listen"), where);
    }
    m_pending = 0;
    if (m_session) {
        m_session->setListening({serverAddress(), serverPort()});
        readState(int(socketDescriptor()));
    }
    return true;
}

LabSocket *Listener::nextPending()
{
    const qint64 t0 = now();
    QTcpSocket *socket = nextPendingConnection();
    int conn = 0;
    // A socket Qt already closed in its queue no longer knows its peer: no connection for it.
    if (socket && m_session && socket->peerPort() != 0)
        conn = m_session->connections().accepted({socket->peerAddress(), socket->peerPort()},
                                                 {socket->localAddress(), socket->localPort()},
                                                 Api::Qt);
    if (m_session) {
        Event call = callEvent(Verb::NextPendingConnection, Api::Qt);
        call.listener = conn == 0;
        call.conn = conn;
        if (socket)
            call.endpoint = {socket->peerAddress(), socket->peerPort()};
        call.result = socket ? 0 : -1;
        m_session->addCall(call, t0);
    }
    if (!socket) {
        m_errno = EAGAIN;
        m_errorText = tr("nextPendingConnection() returned nullptr: no connection is waiting. "
                         "Connect a client first.");
        return nullptr;
    }
    m_pending = std::max(0, m_pending - 1);
    Q_EMIT queueChanged(m_pending);
    LabSocket *adopted = adopt(socket, conn);
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
            m_session->addNote(Side::Server, 0, NoteKind::QtServerDroppedQueue, m_pending);
        m_pending = 0;
        Q_EMIT queueChanged(0);
    }
    if (m_session)
        m_session->addCall(callEvent(Verb::Close, m_settings.qt ? Api::Qt : Api::System));
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
    const int conn = recordAccept(-1, int(descriptor), 0);
    Q_EMIT accepted(adopt(int(descriptor), conn));
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
    const qint64 t0 = now();
    const int fd = ::accept4(int(socketDescriptor()), reinterpret_cast<sockaddr *>(&peer), &length,
                             SOCK_NONBLOCK | SOCK_CLOEXEC);
    const int err = fd < 0 ? errno : 0;
    const int conn = recordAccept(t0, fd, err);
    pollQueue();
    if (fd < 0) {
        m_errno = err;
        m_errorText = err == EAGAIN
            ? tr("accept(): EAGAIN — no connection is waiting in the accept queue yet. Connect a "
                 "client first.")
            : ErrorText::explain(err, QStringLiteral("accept"));
        return nullptr;
    }
    LabSocket *socket = adopt(fd, conn);
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

LabSocket *Listener::adopt(QTcpSocket *socket, int conn)
{
    auto *lab = new LabSocket(m_session, Side::Server, m_accepted++, this);
    lab->adopt(socket, conn);
    return lab;
}

LabSocket *Listener::adopt(int fd, int conn)
{
    auto *socket = new LabSocket(m_session, Side::Server, m_accepted++, this);
    socket->setNetwork(m_settings.network);
    socket->adopt(fd, conn);
    return socket;
}

qint64 Listener::now() const
{
    return m_session ? m_session->now() : 0;
}

Event Listener::callEvent(Verb verb, Api api) const
{
    Event e;
    e.kind = Event::Kind::Call;
    e.side = Side::Server;
    e.listener = true;
    e.verb = verb;
    e.api = api;
    return e;
}

int Listener::recordAccept(qint64 t0, int fd, int err)
{
    // The accepted connection is the one with these ends the session knows (from its
    // segments), or a new one: accept() belongs to it.
    int conn = 0;
    Endpoint client;
    if (fd >= 0 && m_session) {
        Endpoint server;
        peerEndpoint(fd, &client.address, &client.port);
        localEndpoint(fd, &server.address, &server.port);
        conn = m_session->connections().accepted(client, server, Api::System);
    }
    if (m_session) {
        Event call = callEvent(Verb::Accept);
        call.listener = conn == 0;
        call.conn = conn;
        call.endpoint = client;
        call.result = fd;
        call.err = err;
        m_session->addCall(call, t0);
    }
    return conn;
}

void Listener::readState(int fd)
{
    const qint64 t0 = now();
    if (const auto sample = readTcpInfo(fd))
        m_session->addReading(Side::Server, 0, true, sample->state, StateVia::TcpInfo, t0);
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
