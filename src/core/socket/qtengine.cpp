// The Qt engine: the verbs go through QTcpSocket, as a Qt program's would.
//
// What Qt does that the system calls do not (checked on Qt 6.4 with tcpdump):
// - write() only appends to Qt's buffer; Qt sends it from the event loop and then emits
//   bytesWritten(). abort() drops what is still buffered and closes: a FIN, not a RST.
// - close() and disconnectFromHost() send what is buffered first, then close: FIN.
// - Qt reads everything the kernel has as soon as it arrives (readyRead), so the kernel's
//   receive buffer stays empty and a close never turns into a RST for unread data.
// - When the peer's FIN arrives Qt closes the descriptor itself, before it emits
//   errorOccurred(RemoteHostClosedError): the FIN goes out at once, and write() returns -1
//   from then on. A Qt peer never sits in CLOSE_WAIT.
// The descriptor is Qt's: the lab reads TCP_INFO on it while it is open and never closes it;
// once Qt has closed it, sock_diag follows the connection by its addresses.

#include "socket/errortext.h"
#include "socket/sockaddr.h"
#include "socket/socketengine.h"

#include <QMetaEnum>
#include <QPointer>
#include <QTcpSocket>

#include <cerrno>

namespace tcplab {

namespace {
int errnoFor(QAbstractSocket::SocketError error)
{
    switch (error) {
    case QAbstractSocket::ConnectionRefusedError:
        return ECONNREFUSED;
    case QAbstractSocket::RemoteHostClosedError:
        return ECONNRESET;
    case QAbstractSocket::HostNotFoundError:
        return EINVAL;
    case QAbstractSocket::SocketTimeoutError:
        return ETIMEDOUT;
    case QAbstractSocket::NetworkError:
        return ENETUNREACH;
    case QAbstractSocket::AddressInUseError:
        return EADDRINUSE;
    case QAbstractSocket::SocketAccessError:
        return EACCES;
    default:
        return EIO;
    }
}
} // namespace

QString LabSocket::engineName(Engine engine)
{
    return engine == Engine::Qt ? QStringLiteral("qt") : QStringLiteral("native");
}

QString LabSocket::notInQt(NotInQt what)
{
    switch (what) {
    case NotInQt::Shutdown:
        return tr("QTcpSocket has no shutdown(): it cannot half-close. disconnectFromHost() closes "
                  "both directions (after sending what Qt still buffers).");
    case NotInQt::Cork:
        return tr("QTcpSocket has no TCP_CORK option (QAbstractSocket::SocketOption).");
    case NotInQt::Linger:
        return tr("QTcpSocket has no SO_LINGER option: abort() drops Qt's buffer and sends FIN, "
                  "not RST. A reset needs setsockopt() on the descriptor, a system call.");
    }
    return {};
}

QtEngine::~QtEngine()
{
    if (m_qt)
        m_qt->disconnect(s);
}

int QtEngine::notSupported(LabSocket::NotInQt what)
{
    s->m_lastError = EOPNOTSUPP;
    s->m_lastErrorText = LabSocket::notInQt(what);
    Q_EMIT s->errorOccurred(s->m_lastError, s->m_lastErrorText);
    return -1;
}

void QtEngine::record(qint64 t0, Event call, qint64 result, const QByteArray &data)
{
    s->recordCall(t0, std::move(call), result, 0, data);
}

void QtEngine::recordSignal(Verb signal, qint64 result, int qtError)
{
    Event e = s->callEvent(signal, Api::QtSignal);
    e.qtError = qtError;
    s->recordCall(-1, e, result, 0);
}

void QtEngine::adopt(QTcpSocket *socket)
{
    attach(socket);
    if (socket->state() != QAbstractSocket::ConnectedState) {
        // It waited in QTcpServer's queue while the peer closed, and Qt closed it already.
        s->m_connected = false;
        s->m_eof = true;
        QMetaObject::invokeMethod(s, &LabSocket::endOfFile, Qt::QueuedConnection);
        return;
    }
    s->m_fd = int(socket->socketDescriptor());
    s->m_connected = true;
    s->refreshAddresses();
    applyOptions(s->m_options);
    s->m_statePoll.start();
    s->sampleState();
    // Qt may already hold bytes that arrived with the connection.
    if (socket->bytesAvailable() > 0)
        QTimer::singleShot(0, s, [this] {
            if (m_qt && m_qt->bytesAvailable() > 0) {
                if (s->m_autoRead)
                    read(0);
                else
                    Q_EMIT s->dataWaiting(bytesAvailable());
            }
        });
}

void QtEngine::attach(QTcpSocket *socket)
{
    if (m_qt && m_qt != socket) {
        m_qt->disconnect(s);
        m_qt->deleteLater();
    }
    m_qt = socket;
    socket->setParent(s);
    QObject::connect(socket, &QTcpSocket::connected, s, [this] {
        connectStarted(true);
        s->m_connecting = false;
        s->m_connected = true;
        s->m_fd = int(m_qt->socketDescriptor());
        s->refreshAddresses();
        if (s->m_side == Side::Client)
            s->registerEnds();
        recordSignal(Verb::Connected);
        applyOptions(s->m_options);
        s->m_statePoll.start();
        s->sampleState();
        Q_EMIT s->connected();
    });
    QObject::connect(socket, &QTcpSocket::readyRead, s, [this] {
        if (s->m_autoRead)
            read(0);
        else
            Q_EMIT s->dataWaiting(bytesAvailable());
    });
    QObject::connect(socket, &QTcpSocket::bytesWritten, s, [this](qint64 written) {
        recordSignal(Verb::BytesWritten, written);
        s->sampleState();
    });
    QObject::connect(
        socket, &QTcpSocket::errorOccurred, s, [this](QAbstractSocket::SocketError error) {
            // RemoteHostClosedError: Qt has already closed the descriptor (it still reports
            // its number): do not read TCP_INFO on it any more.
            connectStarted(true);
            // Outside of connecting, Qt closes (or aborts) the descriptor on any error.
            const bool gone = error == QAbstractSocket::RemoteHostClosedError || !s->m_connecting;
            recordSignal(Verb::ErrorOccurred, -1, int(error));
            if (gone)
                s->descriptorClosed();
            if (s->m_connecting) {
                s->m_connecting = false;
                s->descriptorClosed();
                s->fail(errnoFor(error),
                        ErrorText::explain(errnoFor(error), QStringLiteral("connect"),
                                           s->m_connectTarget));
                return;
            }
            if (error == QAbstractSocket::RemoteHostClosedError) {
                s->m_eof = true;
                Q_EMIT s->endOfFile();
                return;
            }
            s->m_lastError = errnoFor(error);
            s->m_lastErrorText = m_qt->errorString();
            Q_EMIT s->errorOccurred(s->m_lastError, s->m_lastErrorText);
        });
    QObject::connect(
        socket, &QTcpSocket::stateChanged, s, [this](QAbstractSocket::SocketState state) {
            if (state == QAbstractSocket::ClosingState
                || state == QAbstractSocket::UnconnectedState)
                s->descriptorClosed();
            if (state != QAbstractSocket::UnconnectedState)
                return;
            // abort() or close() while connecting: Qt emits no disconnected(), nor an error, so
            // say closed here, once Qt is done (a refusal's errorOccurred() comes after this
            // signal).
            if (s->m_connecting)
                QMetaObject::invokeMethod(
                    s,
                    [this] {
                        if (!s->m_connecting
                            || (m_qt && m_qt->state() != QAbstractSocket::UnconnectedState))
                            return;
                        s->m_connecting = false;
                        connectStarted(true);
                        Q_EMIT s->closed();
                    },
                    Qt::QueuedConnection);
        });
    QObject::connect(socket, &QTcpSocket::disconnected, s, [this] {
        recordSignal(Verb::Disconnected);
        s->m_connected = false;
        Q_EMIT s->closed();
    });
}

void QtEngine::connectTo(const QHostAddress &address, quint16 port, quint16 localPort,
                         const QString &host)
{
    auto *socket = new QTcpSocket(s);
    attach(socket);
    s->m_connecting = true;
    if (localPort != 0) {
        const qint64 t0 = s->startCall();
        const QHostAddress any = address.protocol() == QAbstractSocket::IPv6Protocol
            ? QHostAddress(QHostAddress::AnyIPv6)
            : QHostAddress(QHostAddress::AnyIPv4);
        const bool bound = socket->bind(any, localPort);
        Event bind = s->callEvent(Verb::Bind, Api::Qt);
        bind.endpoint = {any, localPort};
        record(t0, bind, bound ? 0 : -1);
        if (!bound) {
            s->m_connecting = false;
            s->fail(errnoFor(socket->error()),
                    ErrorText::explain(errnoFor(socket->error()), QStringLiteral("bind"),
                                       endpointText(any, localPort)));
            return;
        }
    }
    Q_EMIT s->aboutToConnect(address, port);
    if (s->connectDeferred([this, socket = QPointer<QTcpSocket>(socket), address, port, host] {
            if (socket)
                connectNow(socket, address, port, host);
        }))
        return;
    connectNow(socket, address, port, host);
}

void QtEngine::connectNow(QTcpSocket *socket, const QHostAddress &address, quint16 port,
                          const QString &host)
{
    // Qt makes its socket and calls connect() from the event loop, a moment later: the call is
    // recorded (stamped now) once its local port is known, so that the connection can be told
    // from others by it.
    Event call = s->callEvent(Verb::ConnectToHost, Api::Qt);
    call.endpoint = {address, port};
    call.host = host;
    m_pendingConnect = {s->startCall(), call};
    socket->connectToHost(address, port);
    QMetaObject::invokeMethod(
        s, [this] { connectStarted(false); }, Qt::QueuedConnection);
}

void QtEngine::connectStarted(bool settled)
{
    if (!m_qt || m_pendingConnect.first < 0)
        return;
    const qintptr fd = m_qt->socketDescriptor();
    if (fd < 0 && !settled && m_qt->state() != QAbstractSocket::UnconnectedState)
        return; // Qt has not made its socket yet: wait for connected() or the error
    if (fd >= 0) {
        s->m_fd = int(fd);
        s->refreshAddresses();
        if (s->m_side == Side::Client)
            s->registerEnds();
    }
    record(m_pendingConnect.first, m_pendingConnect.second, 0);
    m_pendingConnect.first = -1;
    if (s->m_fd >= 0) {
        s->m_statePoll.start();
        s->sampleState();
    }
}

qint64 QtEngine::write(const QByteArray &data)
{
    const qint64 t0 = s->startCall();
    // On a socket the application closed, QIODevice would only print a warning: the
    // return value is the same -1.
    const qint64 n = m_qt && m_qt->isOpen() ? m_qt->write(data) : -1;
    Event call = s->callEvent(Verb::Write, Api::Qt);
    call.size = data.size();
    record(t0, call, n, n > 0 ? data : QByteArray());
    if (n < 0) {
        s->m_lastError = ENOTCONN;
        s->m_lastErrorText = s->m_eof
            ? LabSocket::tr("QTcpSocket::write() returned -1: Qt closed this socket itself when "
                            "the peer's FIN (or RST) arrived (RemoteHostClosedError), so it "
                            "cannot send any more.")
            : LabSocket::tr("QTcpSocket::write() returned -1: the socket is not connected.");
        Q_EMIT s->errorOccurred(s->m_lastError, s->m_lastErrorText);
    }
    s->sampleState();
    return n;
}

qint64 QtEngine::read(qint64)
{
    // QTcpSocket::readAll(): whatever Qt has read from the kernel already.
    const qint64 t0 = s->startCall();
    const QByteArray data = m_qt ? m_qt->readAll() : QByteArray();
    record(t0, s->callEvent(Verb::ReadAll, Api::Qt), data.size(), data);
    if (!data.isEmpty())
        s->delivered(data);
    s->sampleState();
    return data.size();
}

int QtEngine::shutdown(LabSocket::Shutdown)
{
    return notSupported(LabSocket::NotInQt::Shutdown);
}

int QtEngine::close(Verb verb)
{
    if (!m_qt) {
        s->m_lastError = EBADF;
        s->m_lastErrorText = ErrorText::notOpen();
        return -1;
    }
    const qint64 t0 = s->startCall();
    // Recorded before Qt acts: close() and abort() may emit disconnected() before returning.
    record(t0, s->callEvent(verb, Api::Qt), 0);
    if (verb == Verb::Abort)
        m_qt->abort();
    else if (verb == Verb::DisconnectFromHost)
        m_qt->disconnectFromHost();
    else
        m_qt->close();
    return 0;
}

int QtEngine::setNoDelay(bool on)
{
    if (!m_qt || m_qt->state() != QAbstractSocket::ConnectedState)
        return 0; // applied once connected
    const qint64 t0 = s->startCall();
    m_qt->setSocketOption(QAbstractSocket::LowDelayOption, on ? 1 : 0);
    Event call = s->callEvent(Verb::SetSocketOption, Api::Qt);
    call.option = {SocketOption::Name::LowDelay, on ? 1 : 0, 0};
    record(t0, call, 0);
    return 0;
}

int QtEngine::setCork(bool on)
{
    return on ? notSupported(LabSocket::NotInQt::Cork) : 0;
}

int QtEngine::setLinger(bool on, int)
{
    return on ? notSupported(LabSocket::NotInQt::Linger) : 0;
}

bool QtEngine::isHeld() const
{
    if (s->m_fd >= 0)
        return true;
    // Qt's socket: open as a device, and connected or closed by Qt on the peer's FIN (a refused
    // one is neither).
    return m_qt && m_qt->isOpen()
        && (m_qt->state() != QAbstractSocket::UnconnectedState || s->m_eof);
}

bool QtEngine::isBusy() const
{
    if (m_qt)
        return m_qt->state() != QAbstractSocket::UnconnectedState || s->m_connecting;
    return s->isOpen() || s->isConnecting();
}

qint64 QtEngine::bytesAvailable() const
{
    return m_qt ? m_qt->bytesAvailable() : 0;
}

void QtEngine::autoReadChanged()
{
    if (s->m_autoRead && m_qt && bytesAvailable() > 0)
        QTimer::singleShot(0, s, [this] {
            if (m_qt && s->m_autoRead && bytesAvailable() > 0)
                read(0);
        });
}

void QtEngine::release()
{
    if (!m_qt)
        return;
    // Qt owns its descriptor: let it go the way QTcpSocket's destructor would.
    m_qt->disconnect(s);
    m_qt->abort();
    s->m_fd = -1;
}

} // namespace tcplab
