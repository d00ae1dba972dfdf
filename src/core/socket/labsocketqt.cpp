// LabSocket on the Qt engine: the verbs go through QTcpSocket, as a Qt program's would.
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

#include "session/session.h"
#include "socket/errortext.h"
#include "socket/labsocket.h"
#include "socket/sockaddr.h"

#include <QMetaEnum>
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

int LabSocket::notSupported(NotInQt what)
{
    m_lastError = EOPNOTSUPP;
    m_lastErrorText = notInQt(what);
    Q_EMIT errorOccurred(m_lastError, m_lastErrorText);
    return -1;
}

void LabSocket::recordQt(qint64 t0, Event call, qint64 result, const QByteArray &data)
{
    recordCall(t0, std::move(call), result, 0, data);
}

void LabSocket::recordQtSignal(Verb signal, qint64 result, int qtError)
{
    Event e = callEvent(signal, Api::QtSignal);
    e.qtError = qtError;
    recordCall(-1, e, result, 0);
}

void LabSocket::adopt(QTcpSocket *socket, int conn)
{
    m_conn = conn;
    m_engine = Engine::Qt;
    qtAttach(socket);
    if (socket->state() != QAbstractSocket::ConnectedState) {
        // It waited in QTcpServer's queue while the peer closed, and Qt closed it already.
        m_connected = false;
        m_eof = true;
        QMetaObject::invokeMethod(this, &LabSocket::endOfFile, Qt::QueuedConnection);
        return;
    }
    m_fd = int(socket->socketDescriptor());
    m_connected = true;
    refreshAddresses();
    applyOptions();
    m_statePoll.start();
    sampleState();
    // Qt may already hold bytes that arrived with the connection.
    if (socket->bytesAvailable() > 0)
        QTimer::singleShot(0, this, [this] {
            if (m_qt && m_qt->bytesAvailable() > 0) {
                if (m_autoRead)
                    read();
                else
                    Q_EMIT dataWaiting(qtBytesAvailable());
            }
        });
}

void LabSocket::qtAttach(QTcpSocket *socket)
{
    if (m_qt && m_qt != socket) {
        m_qt->disconnect(this);
        m_qt->deleteLater();
    }
    m_qt = socket;
    socket->setParent(this);
    connect(socket, &QTcpSocket::connected, this, [this] {
        qtConnectStarted(true);
        m_connecting = false;
        m_connected = true;
        m_fd = int(m_qt->socketDescriptor());
        refreshAddresses();
        if (m_side == Side::Client)
            registerEnds();
        recordQtSignal(Verb::Connected);
        applyOptions();
        m_statePoll.start();
        sampleState();
        Q_EMIT connected();
    });
    connect(socket, &QTcpSocket::readyRead, this, [this] {
        if (m_autoRead)
            read();
        else
            Q_EMIT dataWaiting(qtBytesAvailable());
    });
    connect(socket, &QTcpSocket::bytesWritten, this, [this](qint64 written) {
        recordQtSignal(Verb::BytesWritten, written);
        sampleState();
    });
    connect(socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
        // RemoteHostClosedError: Qt has already closed the descriptor (it still reports its
        // number): do not read TCP_INFO on it any more.
        qtConnectStarted(true);
        // Outside of connecting, Qt closes (or aborts) the descriptor on any error.
        const bool gone = error == QAbstractSocket::RemoteHostClosedError || !m_connecting;
        const int fd = m_fd;
        if (gone)
            m_fd = -1;
        recordQtSignal(Verb::ErrorOccurred, -1, int(error));
        if (gone && fd >= 0) {
            m_statePoll.stop();
            followInKernel();
        }
        if (m_connecting) {
            m_connecting = false;
            qtDescriptorGone();
            fail(errnoFor(error),
                 ErrorText::explain(errnoFor(error), QStringLiteral("connect"), m_connectTarget));
            return;
        }
        if (error == QAbstractSocket::RemoteHostClosedError) {
            m_eof = true;
            Q_EMIT endOfFile();
            return;
        }
        m_lastError = errnoFor(error);
        m_lastErrorText = m_qt->errorString();
        Q_EMIT errorOccurred(m_lastError, m_lastErrorText);
    });
    connect(socket, &QTcpSocket::stateChanged, this, [this](QAbstractSocket::SocketState state) {
        if (state == QAbstractSocket::ClosingState || state == QAbstractSocket::UnconnectedState)
            qtDescriptorGone();
        if (state != QAbstractSocket::UnconnectedState)
            return;
        // abort() or close() while connecting: Qt emits no disconnected(), nor an error, so say
        // closed here, once Qt is done (a refusal's errorOccurred() comes after this signal).
        if (m_connecting)
            QMetaObject::invokeMethod(
                this,
                [this] {
                    if (!m_connecting
                        || (m_qt && m_qt->state() != QAbstractSocket::UnconnectedState))
                        return;
                    m_connecting = false;
                    qtConnectStarted(true);
                    Q_EMIT closed();
                },
                Qt::QueuedConnection);
    });
    connect(socket, &QTcpSocket::disconnected, this, [this] {
        recordQtSignal(Verb::Disconnected);
        m_connected = false;
        Q_EMIT closed();
    });
}

void LabSocket::qtDescriptorGone()
{
    if (m_fd < 0)
        return;
    // From ClosingState on the descriptor is Qt's to close (it may already have): follow the
    // connection through sock_diag, which finds it by its addresses.
    m_fd = -1;
    m_statePoll.stop();
    followInKernel();
}

void LabSocket::qtConnect(const QHostAddress &address, quint16 port, quint16 localPort,
                          const QString &host)
{
    auto *socket = new QTcpSocket(this);
    qtAttach(socket);
    m_connecting = true;
    if (localPort != 0) {
        const qint64 t0 = startCall();
        const bool bound = socket->bind(address.protocol() == QAbstractSocket::IPv6Protocol
                                            ? QHostAddress(QHostAddress::AnyIPv6)
                                            : QHostAddress(QHostAddress::AnyIPv4),
                                        localPort);
        Event bind = callEvent(Verb::Bind, Api::Qt);
        bind.endpoint = {QHostAddress(QHostAddress::AnyIPv4), localPort};
        recordQt(t0, bind, bound ? 0 : -1);
        if (!bound) {
            m_connecting = false;
            fail(errnoFor(socket->error()),
                 ErrorText::explain(errnoFor(socket->error()), QStringLiteral("bind"),
                                    endpointText(QHostAddress(QHostAddress::AnyIPv4), localPort)));
            return;
        }
    }
    Q_EMIT aboutToConnect(address, port);
    // Qt makes its socket and calls connect() from the event loop, a moment later: the call is
    // recorded (stamped now) once its local port is known, so that the connection can be told
    // from others by it.
    Event call = callEvent(Verb::ConnectToHost, Api::Qt);
    call.endpoint = {address, port};
    call.host = host;
    m_pendingConnect = {startCall(), call};
    socket->connectToHost(address, port);
    QMetaObject::invokeMethod(
        this, [this] { qtConnectStarted(false); }, Qt::QueuedConnection);
}

void LabSocket::qtConnectStarted(bool settled)
{
    if (!m_qt || m_pendingConnect.first < 0)
        return;
    const qintptr fd = m_qt->socketDescriptor();
    if (fd < 0 && !settled && m_qt->state() != QAbstractSocket::UnconnectedState)
        return; // Qt has not made its socket yet: wait for connected() or the error
    if (fd >= 0) {
        m_fd = int(fd);
        refreshAddresses();
        if (m_side == Side::Client)
            registerEnds();
    }
    recordQt(m_pendingConnect.first, m_pendingConnect.second, 0);
    m_pendingConnect.first = -1;
    if (m_fd >= 0) {
        m_statePoll.start();
        sampleState();
    }
}

qint64 LabSocket::qtWrite(const QByteArray &data)
{
    const qint64 t0 = startCall();
    // On a socket the application closed, QIODevice would only print a warning: the
    // return value is the same -1.
    const qint64 n = m_qt && m_qt->isOpen() ? m_qt->write(data) : -1;
    Event call = callEvent(Verb::Write, Api::Qt);
    call.size = data.size();
    recordQt(t0, call, n, n > 0 ? data : QByteArray());
    if (n < 0) {
        m_lastError = ENOTCONN;
        m_lastErrorText = m_eof
            ? tr("QTcpSocket::write() returned -1: Qt closed this socket itself when the peer's "
                 "FIN (or RST) arrived (RemoteHostClosedError), so it cannot send any more.")
            : tr("QTcpSocket::write() returned -1: the socket is not connected.");
        Q_EMIT errorOccurred(m_lastError, m_lastErrorText);
    }
    sampleState();
    return n;
}

qint64 LabSocket::qtRead()
{
    const qint64 t0 = startCall();
    const QByteArray data = m_qt ? m_qt->readAll() : QByteArray();
    recordQt(t0, callEvent(Verb::ReadAll, Api::Qt), data.size(), data);
    if (!data.isEmpty()) {
        m_received += data;
        Q_EMIT dataReceived(data);
    }
    sampleState();
    return data.size();
}

int LabSocket::qtClose(Verb verb)
{
    if (!m_qt) {
        m_lastError = EBADF;
        m_lastErrorText = ErrorText::notOpen();
        return -1;
    }
    const qint64 t0 = startCall();
    // Recorded before Qt acts: close() and abort() may emit disconnected() before returning.
    recordQt(t0, callEvent(verb, Api::Qt), 0);
    if (verb == Verb::Abort)
        m_qt->abort();
    else if (verb == Verb::DisconnectFromHost)
        m_qt->disconnectFromHost();
    else
        m_qt->close();
    return 0;
}

int LabSocket::disconnectFromHost()
{
    if (m_engine != Engine::Qt) {
        m_lastError = EOPNOTSUPP;
        m_lastErrorText = tr("disconnectFromHost() is QTcpSocket's; the system call is close() "
                             "or shutdown().");
        return -1;
    }
    return qtClose(Verb::DisconnectFromHost);
}

int LabSocket::qtSetNoDelay(bool on)
{
    m_options.noDelay = on;
    if (!m_qt || m_qt->state() != QAbstractSocket::ConnectedState)
        return 0; // applied once connected
    const qint64 t0 = startCall();
    m_qt->setSocketOption(QAbstractSocket::LowDelayOption, on ? 1 : 0);
    Event call = callEvent(Verb::SetSocketOption, Api::Qt);
    call.option = {SocketOption::Name::LowDelay, on ? 1 : 0, 0};
    recordQt(t0, call, 0);
    return 0;
}

bool LabSocket::isHeld() const
{
    if (m_fd >= 0)
        return true;
    // Qt's socket: open as a device, and connected or closed by Qt on the peer's FIN (a refused
    // one is neither).
    return m_qt && m_qt->isOpen() && (m_qt->state() != QAbstractSocket::UnconnectedState || m_eof);
}

bool LabSocket::isBusy() const
{
    if (m_qt)
        return m_qt->state() != QAbstractSocket::UnconnectedState || m_connecting;
    return isOpen() || isConnecting();
}

qint64 LabSocket::qtBytesAvailable() const
{
    return m_qt ? m_qt->bytesAvailable() : 0;
}

} // namespace tcplab
