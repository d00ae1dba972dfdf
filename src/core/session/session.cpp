#include "session/session.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cerrno>

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
    Q_EMIT cleared();
}

int Session::add(Event event)
{
    if (!m_clock.isValid()) {
        m_clock.start();
        event.tUs = 0; // times count from the first event
    } else {
        event.tUs = m_clock.nsecsElapsed() / 1000;
    }
    // Keep t_us non-decreasing even if a caller hands us an event stamped by hand.
    if (!m_events.isEmpty() && event.tUs < m_events.constLast().tUs)
        event.tUs = m_events.constLast().tUs;
    m_events.append(std::move(event));
    const int index = int(m_events.size()) - 1;
    Q_EMIT eventAdded(index);
    return index;
}

int Session::addCall(Side side, int conn, const QString &call, const QString &args, qint64 result,
                     int err, const QByteArray &data)
{
    Event e;
    e.kind = Event::Kind::Call;
    e.side = side;
    e.conn = conn;
    e.call = call;
    e.args = args;
    e.result = result;
    e.errnoName = errnoName(err);
    e.data = data;
    return add(std::move(e));
}

int Session::addState(Side side, int conn, const QString &state, const QString &source,
                      const QString &via)
{
    Event e;
    e.kind = Event::Kind::State;
    e.side = side;
    e.conn = conn;
    e.state = state;
    e.source = source;
    e.via = via;
    return add(std::move(e));
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

QString Session::lastState(Side side, int conn) const
{
    for (auto it = m_events.crbegin(); it != m_events.crend(); ++it) {
        if (it->kind == Event::Kind::State && it->side == side && it->conn == conn)
            return it->state;
    }
    return {};
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
    m_clock.invalidate();
    Q_EMIT cleared();
    for (int i = 0; i < int(m_events.size()); ++i)
        Q_EMIT eventAdded(i);
    return true;
}

} // namespace tcplab
