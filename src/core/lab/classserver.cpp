#include "lab/classserver.h"

#include "lab/seedserver.h"
#include "session/session.h"
#include "socket/labsocket.h"

#include <QNetworkInterface>

namespace tcplab {

namespace {
// Events kept while nobody is being served: beyond this the session starts again (the
// students' lines are printed already; a server left running all day stays small).
constexpr int kEventsWhenIdle = 20000;
} // namespace

ClassServer::ClassServer(QObject *parent)
    : QObject(parent)
    , m_session(new Session(this))
    , m_seed(new SeedServer(this))
{
    connect(m_seed, &SeedServer::messageReceived, this,
            [this](LabSocket *socket, const QByteArray &message) {
                if (m_students.contains(socket))
                    m_students[socket].message = message;
            });
    connect(m_seed, &SeedServer::served, this,
            [this](LabSocket *socket, bool replied, bool closed) {
                if (!m_students.contains(socket))
                    return;
                Student &s = m_students[socket];
                s.answered = replied;
                s.closed = closed;
                s.servedUs = m_clocks.value(socket).nsecsElapsed() / 1000;
                if (!closed && s.error.isEmpty())
                    s.error = socket->lastErrorText();
                finish(socket);
            });
}

ClassServer::~ClassServer() = default;

QStringList ClassServer::addressesToConnectTo(const QHostAddress &bound)
{
    const bool any = bound == QHostAddress::AnyIPv4 || bound == QHostAddress::AnyIPv6
        || bound == QHostAddress::Any;
    if (!any)
        return {bound.toString()};
    QStringList addresses;
    for (const QNetworkInterface &interface : QNetworkInterface::allInterfaces()) {
        const auto flags = interface.flags();
        if (!flags.testFlag(QNetworkInterface::IsUp)
            || !flags.testFlag(QNetworkInterface::IsRunning)
            || flags.testFlag(QNetworkInterface::IsLoopBack))
            continue;
        for (const QNetworkAddressEntry &entry : interface.addressEntries()) {
            const QHostAddress a = entry.ip();
            if (a.isLoopback() || a.isLinkLocal()
                || (bound == QHostAddress::AnyIPv4
                    && a.protocol() != QAbstractSocket::IPv4Protocol))
                continue;
            addresses.append(a.toString());
        }
    }
    if (addresses.isEmpty()) // no network: this computer alone
        addresses.append(bound.protocol() == QAbstractSocket::IPv6Protocol
                             ? QStringLiteral("::1")
                             : QStringLiteral("127.0.0.1"));
    return addresses;
}

bool ClassServer::start(const Listener::Settings &settings)
{
    m_listener = new Listener(m_session, this);
    connect(m_listener, &Listener::accepted, this, &ClassServer::accepted);
    if (!m_listener->start(settings)) {
        m_errorText = m_listener->errorText();
        delete m_listener;
        m_listener = nullptr;
        return false;
    }
    return true;
}

QHostAddress ClassServer::address() const
{
    return m_listener ? m_listener->serverAddress() : QHostAddress();
}

quint16 ClassServer::port() const
{
    return m_listener ? m_listener->serverPort() : 0;
}

void ClassServer::accepted(LabSocket *socket)
{
    Student student;
    student.number = ++m_accepted;
    student.peer = socket->peerName();
    m_students.insert(socket, student);
    m_clocks[socket].start();
    // A client that resets or vanishes before its line is done with too.
    connect(socket, &LabSocket::failed, this, [this, socket](int, const QString &message) {
        if (!m_students.contains(socket))
            return;
        m_students[socket].error = message;
        m_students[socket].servedUs = m_clocks.value(socket).nsecsElapsed() / 1000;
        finish(socket);
    });
    m_seed->serve(socket);
}

void ClassServer::finish(LabSocket *socket)
{
    const Student student = m_students.take(socket);
    m_clocks.remove(socket);
    ++m_served;
    // The kernel carries on with the connection (FIN_WAIT_2, TIME_WAIT); the lab lets go of it.
    if (socket->isOpen())
        socket->close();
    socket->disconnect(this);
    socket->deleteLater();
    Q_EMIT studentDone(student);
    if (m_students.isEmpty() && m_session->size() > kEventsWhenIdle) {
        m_session->clear();
        m_session->setListening({address(), port()});
    }
}

} // namespace tcplab
