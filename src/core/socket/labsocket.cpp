#include "socket/labsocket.h"

#include "kernel/sockdiag.h"
#include "kernel/tcpinfo.h"
#include "net/network.h"
#include "session/session.h"
#include "socket/errortext.h"
#include "socket/sockaddr.h"
#include "socket/socketengine.h"

#include <QHostInfo>

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
    m_engine = std::make_unique<NativeEngine>(this);
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

void LabSocket::setEngine(Engine engine)
{
    if (m_engine && m_engine->kind() == engine)
        return;
    if (m_engine)
        m_engine->release();
    if (engine == Engine::Qt)
        m_engine = std::make_unique<QtEngine>(this);
    else
        m_engine = std::make_unique<NativeEngine>(this);
}

LabSocket::Engine LabSocket::engine() const
{
    return m_engine->kind();
}

void LabSocket::adopt(int fd, int conn)
{
    setEngine(Engine::Native);
    m_conn = conn;
    static_cast<NativeEngine *>(m_engine.get())->adopt(fd);
}

void LabSocket::adopt(QTcpSocket *socket, int conn)
{
    setEngine(Engine::Qt);
    m_conn = conn;
    static_cast<QtEngine *>(m_engine.get())->adopt(socket);
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
        m_conn = m_session->connections().open(Side::Client, m_engine->api(), m_index);
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
    m_engine->connectTo(address, port, localPort, host);
}

void LabSocket::deferConnect()
{
    m_deferRequested = true;
}

bool LabSocket::connectDeferred(std::function<void()> then)
{
    if (!m_deferRequested)
        return false;
    m_deferRequested = false;
    m_deferredConnect = std::move(then);
    m_connecting = true;
    return true;
}

void LabSocket::resumeConnect()
{
    if (!m_deferredConnect)
        return;
    const std::function<void()> then = std::move(m_deferredConnect);
    m_deferredConnect = {};
    then();
}

void LabSocket::dropDeferredConnect()
{
    if (!m_deferredConnect)
        return;
    m_deferredConnect = {}; // closed before its SYN went out
    m_connecting = false;
}

qint64 LabSocket::write(const QByteArray &data)
{
    const qint64 written = m_engine->write(data);
    if (written > 0)
        Q_EMIT dataWritten(data.left(written));
    return written;
}

qint64 LabSocket::read(qint64 maxBytes)
{
    return m_engine->read(maxBytes);
}

int LabSocket::shutdown(Shutdown how)
{
    return m_engine->shutdown(how);
}

int LabSocket::close()
{
    dropDeferredConnect();
    return m_engine->close(Verb::Close);
}

int LabSocket::abort()
{
    dropDeferredConnect();
    return m_engine->close(Verb::Abort);
}

int LabSocket::disconnectFromHost()
{
    dropDeferredConnect();
    return m_engine->close(Verb::DisconnectFromHost);
}

int LabSocket::setNoDelay(bool on)
{
    m_options.noDelay = on;
    return m_engine->setNoDelay(on);
}

int LabSocket::setCork(bool on)
{
    m_options.cork = on;
    return m_engine->setCork(on);
}

int LabSocket::setLinger(bool on, int seconds)
{
    m_options.linger = on;
    m_options.lingerSeconds = seconds;
    return m_engine->setLinger(on, seconds);
}

void LabSocket::setAutoRead(bool on)
{
    m_autoRead = on;
    m_engine->autoReadChanged();
}

qint64 LabSocket::bytesAvailable() const
{
    return m_engine->bytesAvailable();
}

bool LabSocket::isHeld() const
{
    return m_engine->isHeld();
}

bool LabSocket::isBusy() const
{
    return m_engine->isBusy();
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

void LabSocket::descriptorClosed()
{
    if (m_fd < 0)
        return;
    m_fd = -1;
    m_statePoll.stop();
    followInKernel();
}

void LabSocket::delivered(const QByteArray &data)
{
    m_received += data;
    Q_EMIT dataReceived(data);
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

void LabSocket::refreshAddresses()
{
    localEndpoint(m_fd, &m_localAddress, &m_localPort);
    peerEndpoint(m_fd, &m_peerAddress, &m_peerPort);
}

void LabSocket::releaseDescriptor()
{
    m_diagPoll.stop();
    m_statePoll.stop();
    m_engine->release();
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
