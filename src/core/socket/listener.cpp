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

// How a Listener's calls reach the kernel: the system calls themselves (socket, setsockopt,
// bind, listen, accept4) on a descriptor from a Network, or Qt's QTcpServer::listen() and
// nextPendingConnection(). The Listener is the recording facade over either.
class ListenEngine
{
public:
    explicit ListenEngine(Listener *listener)
        : l(listener)
    {
    }
    virtual ~ListenEngine() = default;
    virtual Api api() const = 0;
    virtual bool start(const Listener::Settings &settings) = 0;
    // After the listening socket is closed.
    virtual void stopped() = 0;
    virtual void setAutoAccept(bool on) = 0;
    virtual void incoming(qintptr descriptor) = 0;
    virtual LabSocket *acceptOne() = 0;
    virtual int queued() const = 0;

protected:
    Listener *l;
};

class NativeListenEngine final : public ListenEngine
{
public:
    using ListenEngine::ListenEngine;
    Api api() const override { return Api::System; }

    bool start(const Listener::Settings &settings) override
    {
        const QString where = endpointText(settings.address, settings.port);
        const int family
            = settings.address.protocol() == QAbstractSocket::IPv6Protocol ? AF_INET6 : AF_INET;
        Network *network = settings.network ? settings.network : HostNetwork::instance();
        const int fd = network->openSocket(Side::Server, family, SOCK_STREAM | SOCK_NONBLOCK);
        if (fd < 0)
            return l->fail(errno, QStringLiteral("socket"), where);
        if (settings.reuseAddress) {
            const int on = 1;
            const qint64 t0 = l->now();
            const int r = ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
            Event call = l->callEvent(Verb::SetSockOpt);
            call.option = {SocketOption::Name::ReuseAddress, 1, 0};
            l->record(call, t0, r, r ? errno : 0);
        }
        sockaddr_storage address {};
        const socklen_t length = toSockaddr(settings.address, settings.port, &address);
        qint64 t0 = l->now();
        int r = ::bind(fd, reinterpret_cast<sockaddr *>(&address), length);
        int err = r ? errno : 0;
        Event bind = l->callEvent(Verb::Bind);
        bind.endpoint = {settings.address, settings.port};
        l->record(bind, t0, r, err);
        if (r != 0) {
            ::close(fd);
            if (err == EADDRINUSE)
                return l->failWith(
                    err,
                    ErrorText::addressInUse(QStringLiteral("bind"), where, settings.reuseAddress));
            return l->fail(err, QStringLiteral("bind"), where);
        }
        t0 = l->now();
        r = ::listen(fd, settings.backlog);
        err = r ? errno : 0;
        Event listen = l->callEvent(Verb::Listen);
        listen.backlog = settings.backlog;
        listen.endpoint = {settings.address, settings.port};
        l->record(listen, t0, r, err);
        if (r != 0) {
            ::close(fd);
            // QTcpServer turns SO_REUSEADDR on before it binds (on Unix).
            if (err == EADDRINUSE)
                return l->failWith(err,
                                   ErrorText::addressInUse(QStringLiteral("listen"), where, true));
            return l->fail(err, QStringLiteral("listen"), where);
        }
        // QTcpServer accepts on it from here on (or, by hand, waits while paused).
        l->setListenBacklogSize(settings.backlog);
        if (!l->setSocketDescriptor(fd)) {
            ::close(fd);
            l->m_errno = EINVAL;
            l->m_errorText = l->errorString();
            Q_EMIT l->failed(l->m_errno, l->m_errorText);
            return false;
        }
        QHostAddress bound;
        quint16 port = 0;
        localEndpoint(fd, &bound, &port);
        if (l->m_session) {
            l->m_session->setListening({bound, port});
            l->readState(fd);
        }
        setAutoAccept(settings.autoAccept);
        return true;
    }

    void stopped() override { }

    void setAutoAccept(bool on) override
    {
        if (on) {
            l->m_queuePoll.stop();
            l->resumeAccepting();
        } else {
            l->pauseAccepting();
            l->m_lastQueued = -1;
            l->m_queuePoll.start();
            l->pollQueue();
        }
    }

    void incoming(qintptr descriptor) override
    {
        // QTcpServer has just called accept() for us (automatic accepting).
        const int conn = l->recordAccept(-1, int(descriptor), 0);
        Q_EMIT l->accepted(l->adopt(int(descriptor), conn));
    }

    LabSocket *acceptOne() override
    {
        sockaddr_storage peer {};
        socklen_t length = sizeof(peer);
        const qint64 t0 = l->now();
        const int fd = ::accept4(int(l->socketDescriptor()), reinterpret_cast<sockaddr *>(&peer),
                                 &length, SOCK_NONBLOCK | SOCK_CLOEXEC);
        const int err = fd < 0 ? errno : 0;
        const int conn = l->recordAccept(t0, fd, err);
        l->pollQueue();
        if (fd < 0) {
            l->m_errno = err;
            l->m_errorText = err == EAGAIN
                ? Listener::tr("accept(): EAGAIN — no connection is waiting in the accept queue "
                               "yet. Connect a client first.")
                : ErrorText::explain(err, QStringLiteral("accept"));
            return nullptr;
        }
        LabSocket *socket = l->adopt(fd, conn);
        Q_EMIT l->accepted(socket);
        return socket;
    }

    int queued() const override
    {
        // TCP_INFO on a listening socket reports the accept queue as tcpi_unacked.
        const auto sample = readTcpInfo(int(l->socketDescriptor()));
        return sample ? int(sample->unacked) : 0;
    }
};

class QtListenEngine final : public ListenEngine
{
public:
    explicit QtListenEngine(Listener *listener)
        : ListenEngine(listener)
    {
        // QTcpServer has accepted a connection into its own queue.
        m_newConnection = QObject::connect(l, &QTcpServer::newConnection, l, [this] {
            ++m_pending;
            Q_EMIT l->queueChanged(m_pending);
            if (l->m_settings.autoAccept)
                nextPending();
        });
    }
    ~QtListenEngine() override { QObject::disconnect(m_newConnection); }
    Api api() const override { return Api::Qt; }

    bool start(const Listener::Settings &settings) override
    {
        const QString where = endpointText(settings.address, settings.port);
        l->setListenBacklogSize(settings.backlog);
        const qint64 t0 = l->now();
        const bool ok = l->listen(settings.address, settings.port);
        Event call = l->callEvent(Verb::Listen, Api::Qt);
        call.endpoint = {settings.address, settings.port};
        l->record(call, t0, ok ? 0 : -1, 0);
        if (!ok) {
            const QAbstractSocket::SocketError e = l->serverError();
            const int err = e == QAbstractSocket::AddressInUseError    ? EADDRINUSE
                : e == QAbstractSocket::SocketAccessError              ? EACCES
                : e == QAbstractSocket::SocketAddressNotAvailableError ? EADDRNOTAVAIL
                                                                       : EINVAL;
            // QTcpServer turns SO_REUSEADDR on before it binds (on Unix).
            if (err == EADDRINUSE)
                return l->failWith(err,
                                   ErrorText::addressInUse(QStringLiteral("listen"), where, true));
            return l->fail(err, QStringLiteral("listen"), where);
        }
        m_pending = 0;
        if (l->m_session) {
            l->m_session->setListening({l->serverAddress(), l->serverPort()});
            l->readState(int(l->socketDescriptor()));
        }
        return true;
    }

    void stopped() override
    {
        if (m_pending == 0)
            return;
        // QTcpServer::close() deletes the connections still in its queue: each gets Qt's close.
        if (l->m_session)
            l->m_session->addNote(Side::Server, 0, NoteKind::QtServerDroppedQueue, m_pending);
        m_pending = 0;
        Q_EMIT l->queueChanged(0);
    }

    void setAutoAccept(bool on) override
    {
        // Qt accepts by itself either way; by hand, nextPendingConnection() waits for a press.
        while (on && m_pending > 0 && nextPending()) { }
    }

    void incoming(qintptr descriptor) override
    {
        // QTcpServer's own way: a QTcpSocket on the descriptor, queued for
        // nextPendingConnection() (newConnection() follows).
        l->QTcpServer::incomingConnection(descriptor);
    }

    LabSocket *acceptOne() override { return nextPending(); }
    int queued() const override { return m_pending; }

private:
    LabSocket *nextPending()
    {
        const qint64 t0 = l->now();
        QTcpSocket *socket = l->nextPendingConnection();
        int conn = 0;
        // A socket Qt already closed in its queue no longer knows its peer: no connection for
        // it.
        if (socket && l->m_session && socket->peerPort() != 0)
            conn = l->m_session->connections().accepted(
                {socket->peerAddress(), socket->peerPort()},
                {socket->localAddress(), socket->localPort()}, Api::Qt);
        Event call = l->callEvent(Verb::NextPendingConnection, Api::Qt);
        call.listener = conn == 0;
        call.conn = conn;
        if (socket)
            call.endpoint = {socket->peerAddress(), socket->peerPort()};
        l->record(call, t0, socket ? 0 : -1, 0);
        if (!socket) {
            l->m_errno = EAGAIN;
            l->m_errorText = Listener::tr("nextPendingConnection() returned nullptr: no "
                                          "connection is waiting. Connect a client first.");
            return nullptr;
        }
        m_pending = std::max(0, m_pending - 1);
        Q_EMIT l->queueChanged(m_pending);
        LabSocket *adopted = l->adopt(socket, conn);
        Q_EMIT l->accepted(adopted);
        return adopted;
    }

    int m_pending = 0; // connections Qt accepted that wait in its own queue
    QMetaObject::Connection m_newConnection;
};

Listener::Listener(Session *session, QObject *parent)
    : QTcpServer(parent)
    , m_session(session)
    , m_engine(std::make_unique<NativeListenEngine>(this))
{
    m_queuePoll.setInterval(100);
    connect(&m_queuePoll, &QTimer::timeout, this, &Listener::pollQueue);
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
        m_engine = std::make_unique<QtListenEngine>(this);
    else
        m_engine = std::make_unique<NativeListenEngine>(this);
    return m_engine->start(settings);
}

void Listener::stop()
{
    if (!isListening())
        return;
    m_queuePoll.stop();
    close();
    m_engine->stopped();
    if (m_session)
        m_session->addCall(callEvent(Verb::Close, m_engine->api()));
}

void Listener::setAutoAccept(bool on)
{
    m_settings.autoAccept = on;
    if (isListening())
        m_engine->setAutoAccept(on);
}

void Listener::incomingConnection(qintptr descriptor)
{
    m_engine->incoming(descriptor);
}

LabSocket *Listener::acceptOne()
{
    if (!isListening()) {
        m_errno = EBADF;
        m_errorText = tr("The server is not listening: press Listen first.");
        return nullptr;
    }
    return m_engine->acceptOne();
}

int Listener::queuedConnections() const
{
    return isListening() ? m_engine->queued() : 0;
}

void Listener::record(Event call, qint64 t0, int result, int err)
{
    call.result = result;
    call.err = err;
    if (m_session)
        m_session->addCall(std::move(call), t0);
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
    return failWith(err, ErrorText::explain(err, call, where));
}

bool Listener::failWith(int err, const QString &text)
{
    m_errno = err;
    m_errorText = text;
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
