// The native engine: every verb is the system call itself, on a descriptor a Network made (on
// this computer's stack, or inside a lab network host), driven by QSocketNotifiers.

#include "net/network.h"
#include "socket/errortext.h"
#include "socket/sockaddr.h"
#include "socket/socketengine.h"

#include <QSocketNotifier>

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace tcplab {

NativeEngine::~NativeEngine()
{
    teardownNotifiers();
}

void NativeEngine::adopt(int fd)
{
    s->m_fd = fd;
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags >= 0)
        ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
    s->m_connected = true;
    s->refreshAddresses();
    applyOptions(s->m_options);
    setupNotifiers();
    s->sampleState();
}

void NativeEngine::connectTo(const QHostAddress &address, quint16 port, quint16 localPort,
                             const QString &host)
{
    const int family = address.protocol() == QAbstractSocket::IPv6Protocol ? AF_INET6 : AF_INET;
    s->m_fd = s->network()->openSocket(s->m_side, family, SOCK_STREAM | SOCK_NONBLOCK);
    if (s->m_fd < 0) {
        const int err = errno;
        s->fail(err, ErrorText::explain(err, QStringLiteral("socket")));
        return;
    }
    applyOptions(s->m_options);
    if (localPort != 0) {
        sockaddr_storage local {};
        const QHostAddress any = family == AF_INET6 ? QHostAddress(QHostAddress::AnyIPv6)
                                                    : QHostAddress(QHostAddress::AnyIPv4);
        const socklen_t length = toSockaddr(any, localPort, &local);
        const qint64 t0 = s->startCall();
        const int r = ::bind(s->m_fd, reinterpret_cast<sockaddr *>(&local), length);
        const int err = r == 0 ? 0 : errno;
        Event bind = s->callEvent(Verb::Bind);
        bind.endpoint = {any, localPort};
        s->recordCall(t0, bind, r, err);
        if (r != 0) {
            s->releaseDescriptor();
            s->fail(err,
                    ErrorText::explain(err, QStringLiteral("bind"), endpointText(any, localPort)));
            return;
        }
    }
    Q_EMIT s->aboutToConnect(address, port);
    if (s->connectDeferred([this, address, port, host] { connectNow(address, port, host); }))
        return;
    connectNow(address, port, host);
}

void NativeEngine::connectNow(const QHostAddress &address, quint16 port, const QString &host)
{
    s->m_connecting = false;
    sockaddr_storage remote {};
    const socklen_t length = toSockaddr(address, port, &remote);
    const qint64 t0 = s->startCall();
    const int r = ::connect(s->m_fd, reinterpret_cast<sockaddr *>(&remote), length);
    const int err = r == 0 ? 0 : errno;
    s->refreshAddresses();
    if (r == 0 || err == EINPROGRESS)
        s->registerEnds(); // the kernel chose the local port: the segments can be told apart now
    Event connectCall = s->callEvent(Verb::Connect);
    connectCall.endpoint = {address, port};
    connectCall.host = host;
    s->recordCall(t0, connectCall, r, err);
    if (r == 0) {
        s->m_connected = true;
        s->refreshAddresses();
        setupNotifiers();
        s->sampleState();
        Q_EMIT s->connected();
        return;
    }
    if (err != EINPROGRESS) {
        s->releaseDescriptor();
        s->fail(err, ErrorText::explain(err, QStringLiteral("connect"), s->m_connectTarget));
        return;
    }
    // EINPROGRESS: the SYN is out. SYN_SENT is shown where the SYN left (from the wire); on
    // loopback the handshake usually completes before connect() even returns, so TCP_INFO read a
    // moment later already says ESTABLISHED.
    s->m_connecting = true;
    s->refreshAddresses();
    m_writeNotifier = std::make_unique<QSocketNotifier>(s->m_fd, QSocketNotifier::Write);
    QObject::connect(m_writeNotifier.get(), &QSocketNotifier::activated, s,
                     [this] { onWritable(); });
    s->m_statePoll.start();
    s->sampleState();
}

void NativeEngine::onWritable()
{
    if (!s->m_connecting || s->m_fd < 0)
        return;
    m_writeNotifier.reset();
    int pending = 0;
    socklen_t length = sizeof(pending);
    if (::getsockopt(s->m_fd, SOL_SOCKET, SO_ERROR, &pending, &length) != 0)
        pending = errno;
    // getsockopt(SO_ERROR) is how a non-blocking connect() learns its outcome; the value
    // it reads (0 or an errno) is recorded as the call's result.
    Event soError = s->callEvent(Verb::GetSockOpt);
    soError.option = {SocketOption::Name::Error, pending, 0};
    s->recordCall(-1, soError, 0, 0);
    s->m_connecting = false;
    if (pending != 0) {
        s->sampleState();
        const qint64 t0 = s->startCall();
        const int r = ::close(s->m_fd);
        s->recordCall(t0, s->callEvent(Verb::Close), r, r == 0 ? 0 : errno);
        s->m_fd = -1;
        s->m_statePoll.stop();
        s->fail(pending,
                ErrorText::explain(pending, QStringLiteral("connect"), s->m_connectTarget));
        return;
    }
    s->m_connected = true;
    s->refreshAddresses();
    setupNotifiers();
    s->sampleState();
    Q_EMIT s->connected();
}

bool NativeEngine::notOpen()
{
    if (s->m_fd >= 0)
        return false;
    s->m_lastError = EBADF;
    s->m_lastErrorText = ErrorText::notOpen();
    return true;
}

qint64 NativeEngine::write(const QByteArray &data)
{
    if (notOpen())
        return -1;
    const qint64 t0 = s->startCall();
    const ssize_t n
        = ::send(s->m_fd, data.constData(), size_t(data.size()), MSG_NOSIGNAL | MSG_DONTWAIT);
    const int err = n < 0 ? errno : 0;
    Event writeCall = s->callEvent(Verb::Write);
    writeCall.size = data.size();
    s->recordCall(t0, writeCall, n, err, n > 0 ? data.left(n) : QByteArray());
    if (n < 0)
        s->report(err, QStringLiteral("write"));
    s->sampleState();
    return n;
}

qint64 NativeEngine::read(qint64 maxBytes)
{
    if (notOpen())
        return -1;
    QByteArray buffer(int(qBound(qint64(1), maxBytes, qint64(1) << 20)), Qt::Uninitialized);
    const qint64 t0 = s->startCall();
    const ssize_t n = ::recv(s->m_fd, buffer.data(), size_t(buffer.size()), MSG_DONTWAIT);
    const int err = n < 0 ? errno : 0;
    if (n > 0)
        buffer.truncate(int(n));
    Event readCall = s->callEvent(Verb::Read);
    readCall.size = maxBytes;
    s->recordCall(t0, readCall, n, err, n > 0 ? buffer : QByteArray());
    // The kernel's state as this call left it, before anyone hears of the data or the
    // end-of-file (and closes the socket in reply: CLOSE_WAIT would never be read).
    s->sampleState();
    if (n > 0) {
        s->delivered(buffer);
    } else if (n == 0) {
        s->m_eof = true;
        Q_EMIT s->endOfFile();
    } else if (err == EAGAIN) {
        // Not a failure of the connection: nothing has arrived yet.
        s->m_lastError = err;
        s->m_lastErrorText = ErrorText::explain(err, QStringLiteral("read"));
    } else {
        s->m_readFailed = true;
        s->report(err, QStringLiteral("read"));
    }
    // End-of-file and errors stay readable for ever: stop listening for them once seen.
    autoReadChanged();
    return n;
}

int NativeEngine::shutdown(LabSocket::Shutdown how)
{
    if (notOpen())
        return -1;
    using How = LabSocket::Shutdown;
    const int sysHow = how == How::Read ? SHUT_RD : how == How::Write ? SHUT_WR : SHUT_RDWR;
    const qint64 t0 = s->startCall();
    const int r = ::shutdown(s->m_fd, sysHow);
    const int err = r == 0 ? 0 : errno;
    Event shutdownCall = s->callEvent(Verb::Shutdown);
    shutdownCall.how = how == How::Read ? ShutdownHow::Read
        : how == How::Write             ? ShutdownHow::Write
                                        : ShutdownHow::Both;
    s->recordCall(t0, shutdownCall, r, err);
    if (r == 0) {
        s->m_writeShut = s->m_writeShut || how != How::Read;
        s->m_readShut = s->m_readShut || how != How::Write;
    } else {
        s->report(err, QStringLiteral("shutdown"));
    }
    s->sampleState();
    return r;
}

int NativeEngine::close(Verb verb)
{
    if (verb == Verb::DisconnectFromHost) {
        s->m_lastError = EOPNOTSUPP;
        s->m_lastErrorText = LabSocket::tr("disconnectFromHost() is QTcpSocket's; the system "
                                           "call is close() or shutdown().");
        return -1;
    }
    if (notOpen())
        return -1;
    if (verb == Verb::Abort) {
        // A zero linger time makes close() discard the connection and send RST (RFC 9293
        // ABORT).
        s->m_options.linger = true;
        s->m_options.lingerSeconds = 0;
        const int r = setLinger(true, 0);
        if (r != 0)
            return r;
    }
    teardownNotifiers();
    s->m_statePoll.stop();
    const qint64 t0 = s->startCall();
    const int r = ::close(s->m_fd);
    const int err = r == 0 ? 0 : errno;
    s->m_fd = -1;
    s->m_connected = s->m_connecting = false;
    s->recordCall(t0, s->callEvent(Verb::Close), r, err);
    if (r == 0)
        s->followInKernel();
    Q_EMIT s->closed();
    return r;
}

int NativeEngine::setNoDelay(bool on)
{
    const int value = on;
    return setOption(IPPROTO_TCP, TCP_NODELAY, &value, sizeof(value),
                     {SocketOption::Name::NoDelay, value, 0});
}

int NativeEngine::setCork(bool on)
{
    const int value = on;
    return setOption(IPPROTO_TCP, TCP_CORK, &value, sizeof(value),
                     {SocketOption::Name::Cork, value, 0});
}

int NativeEngine::setLinger(bool on, int seconds)
{
    const linger value {on ? 1 : 0, seconds};
    return setOption(SOL_SOCKET, SO_LINGER, &value, sizeof(value),
                     {SocketOption::Name::Linger, value.l_onoff, value.l_linger});
}

int NativeEngine::setOption(int level, int name, const void *value, unsigned length,
                            const SocketOption &option)
{
    if (s->m_fd < 0)
        return 0; // kept in the options; applied right after socket()
    const qint64 t0 = s->startCall();
    const int r = ::setsockopt(s->m_fd, level, name, value, length);
    const int err = r == 0 ? 0 : errno;
    Event call = s->callEvent(Verb::SetSockOpt);
    call.option = option;
    s->recordCall(t0, call, r, err);
    if (r != 0)
        s->report(err, QStringLiteral("setsockopt"));
    return r;
}

void NativeEngine::applyOptions(const LabSocket::Options &options)
{
    SocketEngine::applyOptions(options);
    // What only the system calls have: TCP_SYNCNT and keepalive's timers.
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

qint64 NativeEngine::bytesAvailable() const
{
    if (s->m_fd < 0)
        return 0;
    int available = 0;
    if (::ioctl(s->m_fd, FIONREAD, &available) != 0)
        return 0;
    return available;
}

bool NativeEngine::isHeld() const
{
    return s->m_fd >= 0;
}

bool NativeEngine::isBusy() const
{
    return s->isOpen() || s->isConnecting();
}

void NativeEngine::autoReadChanged()
{
    if (m_readNotifier)
        m_readNotifier->setEnabled(!s->m_eof && !s->m_readFailed);
}

void NativeEngine::onReadable()
{
    if (s->m_autoRead) {
        read(65536);
        return;
    }
    // Reading by hand: tell the user something is waiting and stop listening until they
    // read; a level-triggered notifier would otherwise fire for as long as data waits.
    m_readNotifier->setEnabled(false);
    s->sampleState();
    Q_EMIT s->dataWaiting(bytesAvailable());
}

void NativeEngine::setupNotifiers()
{
    m_writeNotifier.reset();
    m_readNotifier = std::make_unique<QSocketNotifier>(s->m_fd, QSocketNotifier::Read);
    QObject::connect(m_readNotifier.get(), &QSocketNotifier::activated, s,
                     [this] { onReadable(); });
    s->m_statePoll.start();
}

void NativeEngine::teardownNotifiers()
{
    // Notifiers must go before their descriptor is closed.
    m_readNotifier.reset();
    m_writeNotifier.reset();
}

void NativeEngine::release()
{
    teardownNotifiers();
    if (s->m_fd >= 0)
        ::close(s->m_fd);
    s->m_fd = -1;
}

} // namespace tcplab
