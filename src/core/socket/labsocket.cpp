#include "socket/labsocket.h"

#include "kernel/sockdiag.h"
#include "kernel/tcpinfo.h"
#include "net/network.h"
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
#include <netdb.h>

namespace tcplab {

namespace {
constexpr int kStatePollMs = 50;

} // namespace

LabSocket::LabSocket(Session *session, Side side, int index, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_side(side)
    , m_index(index)
{
    // The capture may have met this connection first, under a number of its own.
    if (session)
        connect(session, &Session::connectionMerged, this, [this](int from, int into) {
            if (m_conn == from)
                m_conn = into;
        });
    m_statePoll.setInterval(kStatePollMs);
    connect(&m_statePoll, &QTimer::timeout, this, &LabSocket::sampleState);
    connect(&m_diagPoll, &QTimer::timeout, this, &LabSocket::pollSockDiag);
}

Network *LabSocket::network() const
{
    return m_network ? m_network : HostNetwork::instance();
}

LabSocket::~LabSocket()
{
    if (m_lookupId >= 0)
        QHostInfo::abortHostLookup(m_lookupId);
    releaseDescriptor();
}

void LabSocket::adopt(int fd, int conn)
{
    m_conn = conn;
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
    m_state.reset();
    // Each attempt is a connection of its own, from its first call on.
    if (m_session)
        m_conn = m_session->connections().open(
            Side::Client, m_engine == Engine::Qt ? Api::Qt : Api::System, m_index);
    QHostAddress address;
    if (address.setAddress(trimmed)) {
        startConnect(address, port, localPort, QString());
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
        Event lookup = callEvent(Verb::GetAddrInfo);
        lookup.host = host;
        recordCall(-1, lookup, -1, EAI_NONAME);
        m_lastError = EINVAL;
        m_lastErrorText = ErrorText::unknownHost(host, info.errorString());
        Q_EMIT failed(m_lastError, m_lastErrorText);
        return;
    }
    Event lookup = callEvent(Verb::GetAddrInfo);
    lookup.host = host;
    recordCall(-1, lookup, addresses.size(), 0);
    startConnect(addresses.constFirst(), port, localPort, host);
}

void LabSocket::startConnect(const QHostAddress &address, quint16 port, quint16 localPort,
                             const QString &host)
{
    const Endpoint target {address, port};
    m_connectTarget
        = host.isEmpty() ? target.text() : host + QLatin1Char(':') + QString::number(port);
    m_peerAddress = address;
    m_peerPort = port;
    if (m_engine == Engine::Qt) {
        qtConnect(address, port, localPort, host);
        return;
    }
    const int family = address.protocol() == QAbstractSocket::IPv6Protocol ? AF_INET6 : AF_INET;
    m_fd = network()->openSocket(m_side, family, SOCK_STREAM | SOCK_NONBLOCK);
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
        Event bind = callEvent(Verb::Bind);
        bind.endpoint = {any, localPort};
        recordCall(t0, bind, r, err);
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
    if (r == 0 || err == EINPROGRESS)
        registerEnds(); // the kernel chose the local port: the segments can be told apart now
    Event connectCall = callEvent(Verb::Connect);
    connectCall.endpoint = target;
    connectCall.host = host;
    recordCall(t0, connectCall, r, err);
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
        fail(err, ErrorText::explain(err, QStringLiteral("connect"), m_connectTarget));
        return;
    }
    // EINPROGRESS: the SYN is out. SYN_SENT is shown where the SYN left (from the wire); on
    // loopback the handshake usually completes before connect() even returns, so TCP_INFO read a
    // moment later already says ESTABLISHED.
    m_connecting = true;
    refreshAddresses();
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
    Event soError = callEvent(Verb::GetSockOpt);
    soError.option = {SocketOption::Name::Error, pending, 0};
    recordCall(-1, soError, 0, 0);
    m_connecting = false;
    if (pending != 0) {
        sampleState();
        const qint64 t0 = startCall();
        const int r = ::close(m_fd);
        recordCall(t0, callEvent(Verb::Close), r, r == 0 ? 0 : errno);
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
    Event writeCall = callEvent(Verb::Write);
    writeCall.size = data.size();
    recordCall(t0, writeCall, n, err, n > 0 ? data.left(n) : QByteArray());
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
    Event readCall = callEvent(Verb::Read);
    readCall.size = maxBytes;
    recordCall(t0, readCall, n, err, n > 0 ? buffer : QByteArray());
    // The kernel's state as this call left it, before anyone hears of the data or the
    // end-of-file (and closes the socket in reply: CLOSE_WAIT would never be read).
    sampleState();
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
    return n;
}

int LabSocket::shutdown(Shutdown how)
{
    if (m_engine == Engine::Qt)
        return notSupported(NotInQt::Shutdown);
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
    Event shutdownCall = callEvent(Verb::Shutdown);
    shutdownCall.how = how == Shutdown::Read ? ShutdownHow::Read
        : how == Shutdown::Write             ? ShutdownHow::Write
                                             : ShutdownHow::Both;
    recordCall(t0, shutdownCall, r, err);
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
        return qtClose(Verb::Close);
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
    recordCall(t0, callEvent(Verb::Close), r, err);
    if (r == 0)
        followInKernel();
    Q_EMIT closed();
    return r;
}

void LabSocket::followInKernel()
{
    // Follow the connection in the kernel until it is gone (it may be in TIME_WAIT even when
    // the descriptor read CLOSE).
    if (m_state && m_peerPort != 0) {
        pollSockDiag();
        m_diagPoll.start(kStatePollMs / 2);
    }
}

int LabSocket::abort()
{
    if (m_engine == Engine::Qt)
        return qtClose(Verb::Abort);
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
                     {SocketOption::Name::NoDelay, value, 0});
}

int LabSocket::setCork(bool on)
{
    if (m_engine == Engine::Qt)
        return on ? notSupported(NotInQt::Cork) : 0;
    m_options.cork = on;
    const int value = on;
    return setOption(IPPROTO_TCP, TCP_CORK, &value, sizeof(value),
                     {SocketOption::Name::Cork, value, 0});
}

int LabSocket::setLinger(bool on, int seconds)
{
    if (m_engine == Engine::Qt)
        return on ? notSupported(NotInQt::Linger) : 0;
    m_options.linger = on;
    m_options.lingerSeconds = seconds;
    const linger value {on ? 1 : 0, seconds};
    return setOption(SOL_SOCKET, SO_LINGER, &value, sizeof(value),
                     {SocketOption::Name::Linger, value.l_onoff, value.l_linger});
}

int LabSocket::setOption(int level, int name, const void *value, unsigned length,
                         const SocketOption &option)
{
    if (m_fd < 0)
        return 0; // kept in m_options; applied right after socket()
    const qint64 t0 = startCall();
    const int r = ::setsockopt(m_fd, level, name, value, length);
    const int err = r == 0 ? 0 : errno;
    Event call = callEvent(Verb::SetSockOpt);
    call.option = option;
    recordCall(t0, call, r, err);
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
    if (m_engine == Engine::Qt)
        return;
    auto set = [this](int level, int name, int value, SocketOption::Name which) {
        setOption(level, name, &value, sizeof(value), {which, value, 0});
    };
    if (options.synCount > 0)
        set(IPPROTO_TCP, TCP_SYNCNT, options.synCount, SocketOption::Name::SynCount);
    if (options.keepIdle > 0) {
        set(SOL_SOCKET, SO_KEEPALIVE, 1, SocketOption::Name::KeepAlive);
        set(IPPROTO_TCP, TCP_KEEPIDLE, options.keepIdle, SocketOption::Name::KeepIdle);
        if (options.keepInterval > 0)
            set(IPPROTO_TCP, TCP_KEEPINTVL, options.keepInterval, SocketOption::Name::KeepInterval);
        if (options.keepCount > 0)
            set(IPPROTO_TCP, TCP_KEEPCNT, options.keepCount, SocketOption::Name::KeepCount);
    }
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

Event LabSocket::callEvent(Verb verb, Api api) const
{
    Event e;
    e.kind = Event::Kind::Call;
    e.side = m_side;
    e.conn = m_conn;
    e.api = api;
    e.verb = verb;
    return e;
}

void LabSocket::recordCall(qint64 t0, Event call, qint64 result, int err, const QByteArray &data)
{
    if (!m_session)
        return;
    call.conn = m_conn;
    call.result = result;
    call.err = err;
    call.data = data;
    m_session->addCall(std::move(call), t0);
}

void LabSocket::registerEnds()
{
    if (!m_session || m_conn == 0 || m_localPort == 0)
        return;
    m_session->setConnectionEnds(m_conn, {m_localAddress, m_localPort},
                                 {m_peerAddress, m_peerPort});
}

void LabSocket::sampleState()
{
    if (m_fd < 0)
        return;
    const qint64 t0 = startCall();
    const auto sample = readTcpInfo(m_fd);
    if (!sample)
        return;
    if (sample->state == TcpState::Closed && m_peerPort != 0) {
        // A connection that reached TIME_WAIT while the descriptor is still open: the socket
        // behind the descriptor reads CLOSE, but the connection lives on in the kernel's
        // TIME_WAIT table, where sock_diag sees it.
        const auto entry = network()->sockDiag(m_side, {m_localAddress, m_localPort},
                                               {m_peerAddress, m_peerPort}, nullptr);
        if (entry && entry->state == TcpState::TimeWait) {
            m_kernelTimerMs = entry->timerMs;
            recordState(TcpState::TimeWait, StateVia::SockDiag, t0, entry->timerMs);
            return;
        }
    }
    recordState(sample->state, StateVia::TcpInfo, t0);
}

void LabSocket::recordState(TcpState state, StateVia via, qint64 t0, qint64 timerMs)
{
    if (m_session && m_conn > 0)
        m_session->addReading(m_side, m_conn, false, state, via, t0, timerMs);
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void LabSocket::pollSockDiag()
{
    const qint64 t0 = startCall();
    QString error;
    const auto entry = network()->sockDiag(m_side, {m_localAddress, m_localPort},
                                           {m_peerAddress, m_peerPort}, &error);
    if (!entry && !error.isEmpty())
        return; // the query failed, which says nothing about the connection: ask again later
    if (!entry) {
        // Gone from the kernel's tables: the connection is over.
        m_diagPoll.stop();
        m_kernelTimerMs = -1;
        recordState(TcpState::Closed, StateVia::SockDiagGone, t0);
        Q_EMIT settledChanged();
        return;
    }
    m_kernelTimerMs = entry->timerMs;
    const bool timeWait = entry->state == TcpState::TimeWait;
    // The time left on TIME_WAIT's and an orphaned FIN_WAIT_2's timers: when the connection
    // vanishes, whether the timer ran out or something else ended it.
    const bool timed = timeWait || entry->state == TcpState::FinWait2;
    recordState(entry->state, StateVia::SockDiag, t0, timed ? entry->timerMs : -1);
    if (timeWait && m_diagPoll.interval() != 1000) {
        // Nothing changes in TIME_WAIT but its clock: look once a second until it ends.
        m_diagPoll.setInterval(1000);
        Q_EMIT settledChanged();
    }
}

bool LabSocket::settled() const
{
    return !m_diagPoll.isActive() || m_state == TcpState::TimeWait;
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
