#include "socket/labsocket.h"

#include "kernel/sockdiag.h"
#include "kernel/tcpinfo.h"
#include "session/session.h"
#include "socket/errortext.h"
#include "socket/sockaddr.h"

#include <QHostInfo>
#include <QSocketNotifier>
#include <QTcpSocket>

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace tcplab {

namespace {
constexpr int kStatePollMs = 50;

QString shutdownName(LabSocket::Shutdown how)
{
    switch (how) {
    case LabSocket::Shutdown::Read:
        return QStringLiteral("SHUT_RD");
    case LabSocket::Shutdown::Write:
        return QStringLiteral("SHUT_WR");
    case LabSocket::Shutdown::Both:
        return QStringLiteral("SHUT_RDWR");
    }
    return {};
}
} // namespace

LabSocket::LabSocket(Session *session, Side side, int conn, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_side(side)
    , m_conn(conn)
{
    m_statePoll.setInterval(kStatePollMs);
    connect(&m_statePoll, &QTimer::timeout, this, &LabSocket::sampleState);
    connect(&m_diagPoll, &QTimer::timeout, this, &LabSocket::pollSockDiag);
}

LabSocket::~LabSocket()
{
    if (m_lookupId >= 0)
        QHostInfo::abortHostLookup(m_lookupId);
    releaseDescriptor();
}

void LabSocket::adopt(int fd)
{
    m_fd = fd;
    ::fcntl(m_fd, F_SETFL, ::fcntl(m_fd, F_GETFL) | O_NONBLOCK);
    m_connected = true;
    refreshAddresses();
    applyOptions();
    setupNotifiers();
    sampleState();
}

bool LabSocket::connectToHost(const QString &host, quint16 port, quint16 localPort)
{
    if (m_fd >= 0 || m_connecting || m_lookupId >= 0) {
        fail(EISCONN, tr("This socket is already connected or connecting; close it first."));
        return false;
    }
    if (port == 0) {
        fail(EINVAL, ErrorText::invalidPort(QStringLiteral("0")));
        return false;
    }
    const QString trimmed = host.trimmed();
    if (trimmed.isEmpty()) {
        fail(EINVAL, tr("Enter the server's address, for example 127.0.0.1."));
        return false;
    }
    m_eof = m_readFailed = m_writeShut = m_readShut = false;
    m_state.clear();
    QHostAddress address;
    if (address.setAddress(trimmed)) {
        startConnect(address, port, localPort, endpointText(address, port));
        return true;
    }
    m_connecting = true;
    m_lookupId = QHostInfo::lookupHost(trimmed, this,
                                       [this, port, localPort, trimmed](const QHostInfo &info) {
                                           onLookedUp(info, port, localPort, trimmed);
                                       });
    return true;
}

void LabSocket::onLookedUp(const QHostInfo &info, quint16 port, quint16 localPort,
                           const QString &host)
{
    m_lookupId = -1;
    m_connecting = false;
    QList<QHostAddress> addresses = info.addresses();
    // A lab server listens on 127.0.0.1 by default: try IPv4 before IPv6 for names such
    // as "localhost" that have both.
    std::stable_sort(addresses.begin(), addresses.end(),
                     [](const QHostAddress &a, const QHostAddress &b) {
                         return a.protocol() == QAbstractSocket::IPv4Protocol
                             && b.protocol() != QAbstractSocket::IPv4Protocol;
                     });
    if (info.error() != QHostInfo::NoError || addresses.isEmpty()) {
        if (m_session) {
            Event e;
            e.kind = Event::Kind::Call;
            e.side = m_side;
            e.conn = m_conn;
            e.call = QStringLiteral("getaddrinfo");
            e.args = host;
            e.result = -1;
            e.errnoName = QStringLiteral("EAI_NONAME");
            m_session->add(std::move(e));
        }
        m_lastError = EINVAL;
        m_lastErrorText = ErrorText::unknownHost(host, info.errorString());
        Q_EMIT failed(m_lastError, m_lastErrorText);
        return;
    }
    recordCall(-1, QStringLiteral("getaddrinfo"), host, addresses.size(), 0);
    startConnect(addresses.constFirst(), port, localPort,
                 host + QLatin1Char(':') + QString::number(port));
}

void LabSocket::startConnect(const QHostAddress &address, quint16 port, quint16 localPort,
                             const QString &shown)
{
    m_connectTarget = shown;
    if (m_engine == Engine::Qt) {
        qtConnect(address, port, localPort, shown);
        return;
    }
    const int family = address.protocol() == QAbstractSocket::IPv6Protocol ? AF_INET6 : AF_INET;
    m_fd = ::socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (m_fd < 0) {
        fail(errno, ErrorText::explain(errno, QStringLiteral("socket")));
        return;
    }
    applyOptions();
    if (localPort != 0) {
        sockaddr_storage local {};
        const QHostAddress any = family == AF_INET6 ? QHostAddress(QHostAddress::AnyIPv6)
                                                    : QHostAddress(QHostAddress::AnyIPv4);
        const socklen_t length = toSockaddr(any, localPort, &local);
        const qint64 t0 = startCall();
        const int r = ::bind(m_fd, reinterpret_cast<sockaddr *>(&local), length);
        const int err = r == 0 ? 0 : errno;
        const QString where = endpointText(any, localPort);
        recordCall(t0, QStringLiteral("bind"), where, r, err);
        if (r != 0) {
            releaseDescriptor();
            fail(err, ErrorText::explain(err, QStringLiteral("bind"), where));
            return;
        }
    }
    Q_EMIT aboutToConnect(address, port);
    sockaddr_storage remote {};
    const socklen_t length = toSockaddr(address, port, &remote);
    const qint64 t0 = startCall();
    const int r = ::connect(m_fd, reinterpret_cast<sockaddr *>(&remote), length);
    const int err = r == 0 ? 0 : errno;
    refreshAddresses();
    if (m_session && m_side == Side::Client && (r == 0 || err == EINPROGRESS)) {
        // The session's client end is known from here on (the kernel chose its port).
        m_session->setClient({m_localAddress, m_localPort});
        m_session->setClientConnectionPort(m_conn, m_localPort);
        if (m_session->server().port == 0)
            m_session->setServer({address, port});
    }
    recordCall(t0, QStringLiteral("connect"), shown, r, err);
    if (r == 0) {
        m_connected = true;
        refreshAddresses();
        setupNotifiers();
        sampleState();
        Q_EMIT connected();
        return;
    }
    if (err != EINPROGRESS) {
        releaseDescriptor();
        fail(err, ErrorText::explain(err, QStringLiteral("connect"), shown));
        return;
    }
    // EINPROGRESS is the kernel saying the SYN is out and the socket is in SYN_SENT. On
    // loopback the SYN/ACK is usually processed before connect() even returns, so TCP_INFO
    // read a moment later already says ESTABLISHED: both are recorded, each with its source.
    m_connecting = true;
    refreshAddresses();
    // Stamped when connect() started: the kernel entered SYN_SENT as it sent the SYN.
    recordState(QStringLiteral("SYN_SENT"), QStringLiteral("connect() = EINPROGRESS"), -1, t0);
    m_writeNotifier = std::make_unique<QSocketNotifier>(m_fd, QSocketNotifier::Write);
    connect(m_writeNotifier.get(), &QSocketNotifier::activated, this, &LabSocket::onWritable);
    m_statePoll.start();
    sampleState();
}

void LabSocket::onWritable()
{
    if (!m_connecting || m_fd < 0)
        return;
    m_writeNotifier.reset();
    int pending = 0;
    socklen_t length = sizeof(pending);
    ::getsockopt(m_fd, SOL_SOCKET, SO_ERROR, &pending, &length);
    // getsockopt(SO_ERROR) is how a non-blocking connect() learns its outcome; the value
    // it reads (0 or an errno) is recorded as the call's result.
    if (m_session) {
        Event e;
        e.kind = Event::Kind::Call;
        e.side = m_side;
        e.conn = m_conn;
        e.call = QStringLiteral("getsockopt");
        e.args = QStringLiteral("SO_ERROR");
        e.result = pending;
        e.errnoName = errnoName(pending);
        m_session->add(std::move(e));
    }
    m_connecting = false;
    if (pending != 0) {
        sampleState();
        const qint64 t0 = startCall();
        const int r = ::close(m_fd);
        recordCall(t0, QStringLiteral("close"), QString(), r, r == 0 ? 0 : errno);
        m_fd = -1;
        m_statePoll.stop();
        fail(pending, ErrorText::explain(pending, QStringLiteral("connect"), m_connectTarget));
        return;
    }
    m_connected = true;
    refreshAddresses();
    setupNotifiers();
    sampleState();
    Q_EMIT connected();
}

qint64 LabSocket::write(const QByteArray &data)
{
    if (m_engine == Engine::Qt)
        return qtWrite(data);
    if (m_fd < 0) {
        m_lastError = EBADF;
        m_lastErrorText = ErrorText::notOpen();
        return -1;
    }
    const qint64 t0 = startCall();
    const ssize_t n
        = ::send(m_fd, data.constData(), size_t(data.size()), MSG_NOSIGNAL | MSG_DONTWAIT);
    const int err = n < 0 ? errno : 0;
    recordCall(t0, QStringLiteral("write"), QString::number(data.size()), n, err,
               n > 0 ? data.left(n) : QByteArray());
    if (n < 0)
        report(err, QStringLiteral("write"));
    sampleState();
    return n;
}

qint64 LabSocket::read(qint64 maxBytes)
{
    if (m_engine == Engine::Qt)
        return qtRead();
    if (m_fd < 0) {
        m_lastError = EBADF;
        m_lastErrorText = ErrorText::notOpen();
        return -1;
    }
    QByteArray buffer(int(qBound(qint64(1), maxBytes, qint64(1) << 20)), Qt::Uninitialized);
    const qint64 t0 = startCall();
    const ssize_t n = ::recv(m_fd, buffer.data(), size_t(buffer.size()), MSG_DONTWAIT);
    const int err = n < 0 ? errno : 0;
    if (n > 0)
        buffer.truncate(int(n));
    recordCall(t0, QStringLiteral("read"), QString::number(maxBytes), n, err,
               n > 0 ? buffer : QByteArray());
    if (n > 0) {
        m_received += buffer;
        Q_EMIT dataReceived(buffer);
    } else if (n == 0) {
        m_eof = true;
        Q_EMIT endOfFile();
    } else if (err == EAGAIN) {
        // Not a failure of the connection: nothing has arrived yet.
        m_lastError = err;
        m_lastErrorText = ErrorText::explain(err, QStringLiteral("read"));
    } else {
        m_readFailed = true;
        report(err, QStringLiteral("read"));
    }
    // End-of-file and errors stay readable for ever: stop listening for them once seen.
    if (m_readNotifier)
        m_readNotifier->setEnabled(!m_eof && !m_readFailed);
    sampleState();
    return n;
}

int LabSocket::shutdown(Shutdown how)
{
    if (m_engine == Engine::Qt)
        return notSupported(QStringLiteral("shutdown"));
    if (m_fd < 0) {
        m_lastError = EBADF;
        m_lastErrorText = ErrorText::notOpen();
        return -1;
    }
    const int sysHow = how == Shutdown::Read ? SHUT_RD
        : how == Shutdown::Write             ? SHUT_WR
                                             : SHUT_RDWR;
    const qint64 t0 = startCall();
    const int r = ::shutdown(m_fd, sysHow);
    const int err = r == 0 ? 0 : errno;
    recordCall(t0, QStringLiteral("shutdown"), shutdownName(how), r, err);
    if (r == 0) {
        m_writeShut = m_writeShut || how != Shutdown::Read;
        m_readShut = m_readShut || how != Shutdown::Write;
    } else {
        report(err, QStringLiteral("shutdown"));
    }
    sampleState();
    return r;
}

int LabSocket::close()
{
    if (m_engine == Engine::Qt)
        return qtClose(QStringLiteral("close"));
    if (m_fd < 0) {
        m_lastError = EBADF;
        m_lastErrorText = ErrorText::notOpen();
        return -1;
    }
    teardownNotifiers();
    m_statePoll.stop();
    const qint64 t0 = startCall();
    const int r = ::close(m_fd);
    const int err = r == 0 ? 0 : errno;
    m_fd = -1;
    m_connected = m_connecting = false;
    recordCall(t0, QStringLiteral("close"), QString(), r, err);
    if (r == 0)
        followInKernel();
    Q_EMIT closed();
    return r;
}

void LabSocket::followInKernel()
{
    // Follow the connection in the kernel until it is gone (it may be in TIME_WAIT even when
    // the descriptor read CLOSE).
    if (!m_state.isEmpty() && m_peerPort != 0) {
        pollSockDiag();
        m_diagPoll.start(kStatePollMs / 2);
    }
}

int LabSocket::abort()
{
    if (m_engine == Engine::Qt)
        return qtClose(QStringLiteral("abort"));
    if (m_fd < 0) {
        m_lastError = EBADF;
        m_lastErrorText = ErrorText::notOpen();
        return -1;
    }
    // A zero linger time makes close() discard the connection and send RST (RFC 9293 ABORT).
    const int r = setLinger(true, 0);
    if (r != 0)
        return r;
    return close();
}

int LabSocket::setNoDelay(bool on)
{
    if (m_engine == Engine::Qt)
        return qtSetNoDelay(on);
    m_options.noDelay = on;
    const int value = on;
    return setOption(IPPROTO_TCP, TCP_NODELAY, &value, sizeof(value),
                     QStringLiteral("TCP_NODELAY = %1").arg(value));
}

int LabSocket::setCork(bool on)
{
    if (m_engine == Engine::Qt)
        return on ? notSupported(QStringLiteral("TCP_CORK")) : 0;
    m_options.cork = on;
    const int value = on;
    return setOption(IPPROTO_TCP, TCP_CORK, &value, sizeof(value),
                     QStringLiteral("TCP_CORK = %1").arg(value));
}

int LabSocket::setLinger(bool on, int seconds)
{
    if (m_engine == Engine::Qt)
        return on ? notSupported(QStringLiteral("SO_LINGER")) : 0;
    m_options.linger = on;
    m_options.lingerSeconds = seconds;
    const linger value {on ? 1 : 0, seconds};
    return setOption(SOL_SOCKET, SO_LINGER, &value, sizeof(value),
                     QStringLiteral("SO_LINGER {%1, %2}").arg(value.l_onoff).arg(value.l_linger));
}

int LabSocket::setOption(int level, int name, const void *value, unsigned length,
                         const QString &shown)
{
    if (m_fd < 0)
        return 0; // kept in m_options; applied right after socket()
    const qint64 t0 = startCall();
    const int r = ::setsockopt(m_fd, level, name, value, length);
    const int err = r == 0 ? 0 : errno;
    recordCall(t0, QStringLiteral("setsockopt"), shown, r, err);
    if (r != 0)
        report(err, QStringLiteral("setsockopt"));
    return r;
}

void LabSocket::applyOptions()
{
    const Options options = m_options;
    if (options.noDelay)
        setNoDelay(true);
    if (options.cork)
        setCork(true);
    if (options.linger)
        setLinger(true, options.lingerSeconds);
}

void LabSocket::setAutoRead(bool on)
{
    m_autoRead = on;
    if (m_readNotifier)
        m_readNotifier->setEnabled(!m_eof && !m_readFailed);
    if (on && m_qt && qtBytesAvailable() > 0)
        QTimer::singleShot(0, this, [this] {
            if (m_qt && m_autoRead && qtBytesAvailable() > 0)
                read();
        });
}

qint64 LabSocket::bytesAvailable() const
{
    if (m_engine == Engine::Qt)
        return qtBytesAvailable();
    if (m_fd < 0)
        return 0;
    int available = 0;
    if (::ioctl(m_fd, FIONREAD, &available) != 0)
        return 0;
    return available;
}

QString LabSocket::peerName() const
{
    return endpointText(m_peerAddress, m_peerPort);
}

qint64 LabSocket::startCall()
{
    return m_session ? m_session->now() : 0;
}

void LabSocket::recordCall(qint64 t0, const QString &call, const QString &args, qint64 result,
                           int err, const QByteArray &data)
{
    if (m_session)
        m_session->addCall(m_side, m_conn, call, args, result, err, data, t0);
}

void LabSocket::sampleState()
{
    if (m_fd < 0)
        return;
    const auto sample = readTcpInfo(m_fd);
    if (!sample)
        return;
    if (sample->state == TcpState::Closed && m_peerPort != 0) {
        // A connection that reached TIME_WAIT while the descriptor is still open: the socket
        // behind the descriptor reads CLOSE, but the connection lives on in the kernel's
        // TIME_WAIT table, where sock_diag sees it.
        const auto entry = querySockDiag(m_localAddress, m_localPort, m_peerAddress, m_peerPort);
        if (entry && entry->state == TcpState::TimeWait) {
            m_kernelTimerMs = entry->timerMs;
            recordState(QStringLiteral("TIME_WAIT"), QStringLiteral("sock_diag"), entry->timerMs);
            return;
        }
    }
    recordState(tcpStateName(sample->state), QStringLiteral("TCP_INFO"));
}

void LabSocket::recordState(const QString &state, const QString &via, qint64 timerMs, qint64 atUs)
{
    if (state == m_state)
        return;
    m_state = state;
    if (m_session)
        m_session->addState(m_side, m_conn, state, QStringLiteral("kernel"), via, timerMs, atUs);
    Q_EMIT stateChanged(state);
}

void LabSocket::pollSockDiag()
{
    const auto entry = querySockDiag(m_localAddress, m_localPort, m_peerAddress, m_peerPort);
    if (!entry) {
        // Gone from the kernel's tables: the connection is over.
        m_diagPoll.stop();
        m_kernelTimerMs = -1;
        recordState(QStringLiteral("CLOSED"), QStringLiteral("sock_diag"));
        Q_EMIT settledChanged();
        return;
    }
    m_kernelTimerMs = entry->timerMs;
    const bool timeWait = entry->state == TcpState::TimeWait;
    recordState(tcpStateName(entry->state), QStringLiteral("sock_diag"),
                timeWait ? entry->timerMs : -1);
    if (timeWait && m_diagPoll.interval() != 1000) {
        // Nothing changes in TIME_WAIT but its clock: look once a second until it ends.
        m_diagPoll.setInterval(1000);
        Q_EMIT settledChanged();
    }
}

bool LabSocket::settled() const
{
    return !m_diagPoll.isActive() || m_state == QLatin1String("TIME_WAIT");
}

void LabSocket::onReadable()
{
    if (m_autoRead) {
        read();
        return;
    }
    // Reading by hand: tell the user something is waiting and stop listening until they
    // read; a level-triggered notifier would otherwise fire for as long as data waits.
    m_readNotifier->setEnabled(false);
    sampleState();
    Q_EMIT dataWaiting(bytesAvailable());
}

void LabSocket::setupNotifiers()
{
    m_writeNotifier.reset();
    m_readNotifier = std::make_unique<QSocketNotifier>(m_fd, QSocketNotifier::Read);
    connect(m_readNotifier.get(), &QSocketNotifier::activated, this, &LabSocket::onReadable);
    m_statePoll.start();
}

void LabSocket::teardownNotifiers()
{
    // Notifiers must go before their descriptor is closed.
    m_readNotifier.reset();
    m_writeNotifier.reset();
}

void LabSocket::refreshAddresses()
{
    localEndpoint(m_fd, &m_localAddress, &m_localPort);
    peerEndpoint(m_fd, &m_peerAddress, &m_peerPort);
}

void LabSocket::releaseDescriptor()
{
    m_diagPoll.stop();
    teardownNotifiers();
    m_statePoll.stop();
    if (m_qt) {
        // Qt owns its descriptor: let it go the way QTcpSocket's destructor would.
        m_qt->disconnect(this);
        m_qt->abort();
        m_fd = -1;
    }
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
    m_connected = m_connecting = false;
}

int LabSocket::fail(int err, const QString &message)
{
    m_lastError = err;
    m_lastErrorText = message;
    Q_EMIT failed(err, message);
    return -1;
}

void LabSocket::report(int err, const QString &call)
{
    m_lastError = err;
    m_lastErrorText = ErrorText::explain(err, call, peerName());
    Q_EMIT errorOccurred(err, m_lastErrorText);
}

} // namespace tcplab
