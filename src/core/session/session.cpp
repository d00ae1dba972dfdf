#include "session/session.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <cerrno>
#include <ctime>

namespace tcplab {

QString errnoName(int err)
{
    switch (err) {
    case 0:
        return {};
#define TCPLAB_ERRNO(name) \
    case name:             \
        return QStringLiteral(#name);
        TCPLAB_ERRNO(ECONNREFUSED)
        TCPLAB_ERRNO(ECONNRESET)
        TCPLAB_ERRNO(ECONNABORTED)
        TCPLAB_ERRNO(EPIPE)
        TCPLAB_ERRNO(ETIMEDOUT)
        TCPLAB_ERRNO(EADDRINUSE)
        TCPLAB_ERRNO(EADDRNOTAVAIL)
        TCPLAB_ERRNO(EAGAIN)
        TCPLAB_ERRNO(EINPROGRESS)
        TCPLAB_ERRNO(EALREADY)
        TCPLAB_ERRNO(EISCONN)
        TCPLAB_ERRNO(ENOTCONN)
        TCPLAB_ERRNO(EBADF)
        TCPLAB_ERRNO(EINVAL)
        TCPLAB_ERRNO(EACCES)
        TCPLAB_ERRNO(EPERM)
        TCPLAB_ERRNO(ENETUNREACH)
        TCPLAB_ERRNO(EHOSTUNREACH)
        TCPLAB_ERRNO(EMFILE)
        TCPLAB_ERRNO(ENFILE)
        TCPLAB_ERRNO(ENOBUFS)
        TCPLAB_ERRNO(ENOMEM)
        TCPLAB_ERRNO(EINTR)
        TCPLAB_ERRNO(ENOPROTOOPT)
        TCPLAB_ERRNO(EAFNOSUPPORT)
#undef TCPLAB_ERRNO
    default:
        return QStringLiteral("errno %1").arg(err);
    }
}

Session::Session(QObject *parent)
    : QObject(parent)
{
}

void Session::clear()
{
    m_events.clear();
    m_clock.invalidate();
    m_client = {};
    m_server = {};
    m_connectionPorts.clear();
    m_clientPorts.clear();
    m_offsetUs = 0;
    Q_EMIT reset();
}

qint64 Session::now()
{
    if (!m_clock.isValid()) {
        m_clock.start();
        timespec ts {};
        ::clock_gettime(CLOCK_REALTIME, &ts);
        m_realtimeStartUs = qint64(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000 - m_offsetUs;
        return m_offsetUs;
    }
    return m_offsetUs + m_clock.nsecsElapsed() / 1000;
}

qint64 Session::fromRealtimeUs(qint64 realtimeUs)
{
    now(); // make sure the anchor exists
    return std::max<qint64>(0, realtimeUs - m_realtimeStartUs);
}

int Session::add(Event event)
{
    event.tUs = now();
    return insert(std::move(event));
}

int Session::insert(Event event)
{
    auto it = std::upper_bound(m_events.begin(), m_events.end(), event.tUs,
                               [](qint64 t, const Event &e) { return t < e.tUs; });
    const int index = int(it - m_events.begin());
    Q_EMIT aboutToInsert(index);
    m_events.insert(index, std::move(event));
    Q_EMIT eventInserted(index);
    return index;
}

void Session::removeAt(int index)
{
    Q_EMIT aboutToRemove(index);
    m_events.removeAt(index);
    Q_EMIT eventRemoved(index);
}

int Session::addCall(Side side, int conn, const QString &call, const QString &args, qint64 result,
                     int err, const QByteArray &data, qint64 atUs)
{
    return addQtCall(side, conn, QString(), call, args, result, data, atUs, err);
}

int Session::addQtCall(Side side, int conn, const QString &api, const QString &call,
                       const QString &args, qint64 result, const QByteArray &data, qint64 atUs,
                       int err)
{
    Event e;
    e.kind = Event::Kind::Call;
    e.side = side;
    e.conn = conn;
    e.api = api;
    e.call = call;
    e.args = args;
    e.result = result;
    e.errnoName = errnoName(err);
    e.data = data;
    return placed(std::move(e), atUs);
}

int Session::placed(Event e, qint64 atUs)
{
    if (atUs < 0)
        return add(std::move(e));
    e.tUs = atUs;
    return insert(std::move(e));
}

int Session::addState(Side side, int conn, const QString &state, const QString &source,
                      const QString &via, qint64 remainingMs, qint64 atUs)
{
    Event e;
    e.kind = Event::Kind::State;
    e.side = side;
    e.conn = conn;
    e.state = state;
    e.source = source;
    e.via = via;
    e.remainingMs = remainingMs;
    return placed(std::move(e), atUs);
}

int Session::addNote(Side side, int conn, const QString &text, int err)
{
    Event e;
    e.kind = Event::Kind::Note;
    e.side = side;
    e.conn = conn;
    e.text = text;
    e.errnoName = errnoName(err);
    return add(std::move(e));
}

void Session::setClientConnectionPort(int conn, quint16 clientPort)
{
    m_clientPorts.insert(conn, clientPort);
}

void Session::setConnectionPort(int conn, quint16 clientPort)
{
    m_connectionPorts.insert(conn, clientPort);
}

static QJsonObject endpointJson(const Session::Endpoint &endpoint)
{
    QJsonObject o;
    o.insert(QStringLiteral("address"),
             endpoint.address.isNull() ? QString() : endpoint.address.toString());
    o.insert(QStringLiteral("port"), endpoint.port);
    return o;
}

static Session::Endpoint endpointFromJson(const QJsonObject &o)
{
    Session::Endpoint endpoint;
    endpoint.address = QHostAddress(o.value(QStringLiteral("address")).toString());
    endpoint.port = quint16(o.value(QStringLiteral("port")).toInt());
    return endpoint;
}

QJsonObject Session::toJson() const
{
    QJsonObject o;
    o.insert(QStringLiteral("format"), QStringLiteral("tcplab-session/1"));
    o.insert(QStringLiteral("scenario"), m_scenario);
    o.insert(QStringLiteral("capture"), m_capture);
    o.insert(QStringLiteral("client"), endpointJson(m_client));
    o.insert(QStringLiteral("server"), endpointJson(m_server));
    QJsonArray connections;
    for (auto it = m_connectionPorts.cbegin(); it != m_connectionPorts.cend(); ++it) {
        connections.append(QJsonObject {{QStringLiteral("conn"), it.key()},
                                        {QStringLiteral("client_port"), it.value()}});
    }
    if (!connections.isEmpty())
        o.insert(QStringLiteral("connections"), connections);
    QJsonArray clients;
    for (auto it = m_clientPorts.cbegin(); it != m_clientPorts.cend(); ++it) {
        clients.append(QJsonObject {{QStringLiteral("conn"), it.key()},
                                    {QStringLiteral("client_port"), it.value()}});
    }
    if (clients.size() > 1)
        o.insert(QStringLiteral("client_connections"), clients);
    QJsonArray events;
    for (const Event &e : m_events)
        events.append(e.toJson());
    o.insert(QStringLiteral("events"), events);
    return o;
}

QByteArray Session::toJsonBytes() const
{
    return QJsonDocument(toJson()).toJson(QJsonDocument::Indented);
}

bool Session::loadJson(const QByteArray &bytes, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
    if (doc.isNull()) {
        *error = QStringLiteral("not JSON: %1 at offset %2")
                     .arg(parseError.errorString())
                     .arg(parseError.offset);
        return false;
    }
    const QJsonObject o = doc.object();
    if (o.value(QStringLiteral("format")).toString() != QLatin1String("tcplab-session/1")) {
        *error = QStringLiteral("\"format\" must be \"tcplab-session/1\"");
        return false;
    }
    const QJsonValue eventsValue = o.value(QStringLiteral("events"));
    if (!eventsValue.isArray()) {
        *error = QStringLiteral("\"events\" must be an array");
        return false;
    }
    QList<Event> events;
    const QJsonArray array = eventsValue.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        QString eventError;
        Event e = Event::fromJson(array.at(i).toObject(), &eventError);
        if (!eventError.isEmpty()) {
            *error = QStringLiteral("events[%1]: %2").arg(i).arg(eventError);
            return false;
        }
        events.append(std::move(e));
    }
    m_events = std::move(events);
    m_scenario = o.value(QStringLiteral("scenario")).toString();
    m_capture = o.value(QStringLiteral("capture")).toString();
    m_client = endpointFromJson(o.value(QStringLiteral("client")).toObject());
    m_server = endpointFromJson(o.value(QStringLiteral("server")).toObject());
    m_connectionPorts.clear();
    m_clientPorts.clear();
    const QJsonArray connections = o.value(QStringLiteral("connections")).toArray();
    for (const QJsonValue &v : connections) {
        const QJsonObject c = v.toObject();
        m_connectionPorts.insert(c.value(QStringLiteral("conn")).toInt(),
                                 quint16(c.value(QStringLiteral("client_port")).toInt()));
    }
    for (const QJsonValue &v : o.value(QStringLiteral("client_connections")).toArray()) {
        const QJsonObject c = v.toObject();
        m_clientPorts.insert(c.value(QStringLiteral("conn")).toInt(),
                             quint16(c.value(QStringLiteral("client_port")).toInt()));
    }
    // Anything added to a reopened session comes after what it had.
    m_clock.invalidate();
    m_offsetUs = m_events.isEmpty() ? 0 : m_events.constLast().tUs + 1;
    Q_EMIT reset();
    return true;
}

} // namespace tcplab
