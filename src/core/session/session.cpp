#include "session/session.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <ctime>

namespace tcplab {

namespace {

qint64 realtimeNowUs()
{
    timespec ts {};
    ::clock_gettime(CLOCK_REALTIME, &ts);
    return qint64(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000;
}

QString apiText(Api api)
{
    return api == Api::System ? QStringLiteral("system") : QStringLiteral("qt");
}

} // namespace

QString captureName(CaptureKind capture)
{
    switch (capture) {
    case CaptureKind::None:
        return QStringLiteral("off");
    case CaptureKind::Live:
        return QStringLiteral("live");
    case CaptureKind::Modelled:
        return QStringLiteral("modelled");
    case CaptureKind::File:
        return QStringLiteral("file");
    }
    return {};
}

Session::Session(QObject *parent)
    : QObject(parent)
{
}

void Session::clear()
{
    m_events.clear();
    m_startUs = -1;
    m_offsetUs = 0;
    m_connections.clear();
    m_labels.clear();
    m_merged.clear();
    m_lastReading.clear();
    m_listening = {};
    m_capture = CaptureKind::None;
    m_textbook = false;
    Q_EMIT reset();
}

int Session::indexOfId(quint64 id) const
{
    for (int i = 0; i < m_events.size(); ++i) {
        if (m_events.at(i).id == id)
            return i;
    }
    return -1;
}

qint64 Session::now()
{
    const qint64 realtime = realtimeNowUs();
    if (m_startUs < 0)
        m_startUs = realtime - m_offsetUs;
    return realtime - m_startUs;
}

qint64 Session::fromRealtimeUs(qint64 realtimeUs)
{
    if (m_startUs < 0)
        now();
    return std::max<qint64>(0, realtimeUs - m_startUs);
}

int Session::rank(const Event &e)
{
    switch (e.kind) {
    case Event::Kind::Call:
        return 0;
    case Event::Kind::Segment:
        return 1;
    case Event::Kind::State:
        return 2;
    case Event::Kind::Note:
        return 3;
    }
    return 3;
}

int Session::insert(Event event)
{
    if (event.id == 0)
        event.id = m_nextId++;
    const int r = rank(event);
    auto it = std::upper_bound(m_events.begin(), m_events.end(), event,
                               [r](const Event &a, const Event &b) {
                                   return a.tUs < b.tUs || (a.tUs == b.tUs && r < rank(b));
                               });
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

int Session::addCall(Event call, qint64 startUs)
{
    call.kind = Event::Kind::Call;
    call.tUs = startUs >= 0 ? startUs : now();
    return insert(std::move(call));
}

int Session::addReading(Side side, int conn, bool listener, TcpState state, StateVia via,
                        qint64 fromUs, qint64 remainingMs)
{
    const EndId key {conn, side, listener};
    const auto last = m_lastReading.constFind(key);
    if (via == StateVia::SockDiagGone && last == m_lastReading.cend())
        return -1; // never seen in the kernel: nothing has gone
    if (last != m_lastReading.cend() && *last == state)
        return -1;
    m_lastReading.insert(key, state);
    Event e;
    e.kind = Event::Kind::State;
    e.source = Source::Kernel;
    e.side = side;
    e.conn = conn;
    e.listener = listener;
    e.state = state;
    e.via = via;
    e.remainingMs = remainingMs;
    e.readFromUs = fromUs;
    e.tUs = now();
    return insert(std::move(e));
}

int Session::addSegment(Event segment, quint16 serverPortHint)
{
    segment.kind = Event::Kind::Segment;
    const ConnectionTable::Placed placed
        = m_connections.place(segment.from, segment.to, segment.flags, segment.seq, serverPortHint);
    segment.conn = placed.conn;
    segment.side = placed.from;
    m_connections.number(segment);
    return insert(std::move(segment));
}

int Session::addModelledSegment(Event segment)
{
    segment.kind = Event::Kind::Segment;
    segment.source = Source::Modelled;
    if (Connection *c = m_connections.find(segment.conn)) {
        ++c->segments;
        if (segment.isSyn()) {
            const TcpOption *scale = findOption(segment.options, TcpOption::Kind::WindowScale);
            (segment.side == Side::Client ? c->clientWscale : c->serverWscale)
                = scale ? int(scale->value) : -1;
            (segment.side == Side::Client ? c->clientSynSeen : c->serverSynSeen) = true;
        }
    }
    return insert(std::move(segment));
}

int Session::addNote(Side side, int conn, NoteKind note, int count)
{
    Event e;
    e.kind = Event::Kind::Note;
    e.side = side;
    e.conn = conn;
    e.note = note;
    e.count = count;
    e.tUs = now();
    return insert(std::move(e));
}

void Session::setConnectionEnds(int conn, const Endpoint &client, const Endpoint &server)
{
    m_connections.setEnds(conn, client, server);
    // Qt makes its socket a moment after connectToHost(), and the capture may meet the SYN
    // before the lab learns the local port: those segments are this connection's.
    const int other = m_connections.unclaimed(conn, client, server);
    if (other == 0)
        return;
    const bool kept = m_connections.merge(conn, other);
    if (kept)
        m_merged.insert(other, conn);
    for (Event &e : m_events) {
        if (e.conn == other)
            e.conn = conn;
    }
    QHash<EndId, TcpState> readings;
    for (auto it = m_lastReading.cbegin(); it != m_lastReading.cend(); ++it) {
        EndId key = it.key();
        if (key.conn == other)
            key.conn = conn;
        readings.insert(key, it.value());
    }
    m_lastReading = readings;
    Q_EMIT connectionMerged(other, conn);
    Q_EMIT eventsChanged();
}

void Session::setConnectionLabel(int conn, const QMap<QString, QString> &label)
{
    m_labels.insert(conn, label);
}

Endpoint Session::client() const
{
    const Connection *first = m_connections.find(1);
    return first ? first->client : Endpoint();
}

Endpoint Session::server() const
{
    const Connection *first = m_connections.find(1);
    if (first && first->server.port != 0)
        return first->server;
    return m_listening;
}

QJsonObject Session::toJson() const
{
    QJsonObject o;
    o.insert(QStringLiteral("format"), QStringLiteral("tcplab-session/2"));
    o.insert(QStringLiteral("scenario"), m_scenario);
    o.insert(QStringLiteral("capture"), captureName(m_capture));
    if (!m_network.isEmpty()) {
        QJsonObject network {{QStringLiteral("kind"), m_network}};
        if (m_network == QLatin1String("lab"))
            network.insert(QStringLiteral("wire"), m_wire);
        o.insert(QStringLiteral("network"), network);
    }
    if (m_textbook)
        o.insert(QStringLiteral("textbook"), true);
    if (m_lostFrames > 0)
        o.insert(QStringLiteral("lost_frames"), m_lostFrames);
    o.insert(QStringLiteral("client"), client().toJson());
    o.insert(QStringLiteral("server"), server().toJson());
    if (!m_listening.isNull())
        o.insert(QStringLiteral("listening"), m_listening.toJson());
    QJsonArray connections;
    for (const Connection &c : m_connections.all()) {
        QJsonObject co {{QStringLiteral("conn"), c.id},
                        {QStringLiteral("client"), c.client.toJson()},
                        {QStringLiteral("server"), c.server.toJson()},
                        {QStringLiteral("client_in_lab"), c.clientInLab},
                        {QStringLiteral("server_in_lab"), c.serverInLab}};
        if (c.clientInLab)
            co.insert(QStringLiteral("client_api"), apiText(c.clientApi));
        if (c.serverInLab)
            co.insert(QStringLiteral("server_api"), apiText(c.serverApi));
        if (c.clientIndex >= 0)
            co.insert(QStringLiteral("client_index"), c.clientIndex);
        if (c.selfConnected())
            co.insert(QStringLiteral("self"), true);
        if (m_merged.contains(c.id))
            co.insert(QStringLiteral("merged_into"), m_merged.value(c.id));
        const QMap<QString, QString> label = m_labels.value(c.id);
        if (!label.isEmpty()) {
            QJsonObject lo;
            for (auto it = label.begin(); it != label.end(); ++it)
                lo.insert(it.key(), it.value());
            co.insert(QStringLiteral("label"), lo);
        }
        connections.append(co);
    }
    o.insert(QStringLiteral("connections"), connections);
    QHash<quint64, int> indexOf;
    for (int i = 0; i < m_events.size(); ++i)
        indexOf.insert(m_events.at(i).id, i);
    QJsonArray events;
    for (const Event &e : m_events) {
        QJsonObject eo = e.toJson();
        if (e.cause != 0 && indexOf.contains(e.cause))
            eo.insert(QStringLiteral("cause"), indexOf.value(e.cause));
        events.append(eo);
    }
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
    if (doc.isNull() || !doc.isObject()) {
        *error = doc.isNull()
            ? tr("not JSON: %1 at offset %2").arg(parseError.errorString()).arg(parseError.offset)
            : tr("a JSON object was expected");
        return false;
    }
    const QJsonObject o = doc.object();
    const QString format = o.value(QStringLiteral("format")).toString();
    const bool legacy = format == QLatin1String("tcplab-session/1");
    if (!legacy && format != QLatin1String("tcplab-session/2")) {
        *error = tr("\"format\" must be \"tcplab-session/2\" (or /1)");
        return false;
    }
    const QJsonValue eventsValue = o.value(QStringLiteral("events"));
    if (!eventsValue.isArray()) {
        *error = tr("\"events\" must be an array");
        return false;
    }
    QList<Event> events;
    QList<int> causes;
    const QJsonArray array = eventsValue.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        QString eventError;
        const QJsonObject eo = array.at(i).toObject();
        Event e = Event::fromJson(eo, &eventError);
        if (!eventError.isEmpty()) {
            *error = QStringLiteral("events[%1]: %2").arg(i).arg(eventError);
            return false;
        }
        if (!events.isEmpty() && e.tUs < events.constLast().tUs) {
            *error = tr("events[%1]: \"t_us\" goes back in time").arg(i);
            return false;
        }
        e.id = quint64(i + 1);
        events.append(std::move(e));
        causes.append(eo.value(QStringLiteral("cause")).toInt(-1));
    }
    for (int i = 0; i < events.size(); ++i) {
        if (causes.at(i) >= 0 && causes.at(i) < events.size())
            events[i].cause = events.at(causes.at(i)).id;
    }

    ConnectionTable table;
    QHash<int, QMap<QString, QString>> labels;
    QHash<int, int> merged;
    if (legacy) {
        // Format 1 numbered the server's accepted connections and the clients apart, and knew
        // segments by their ports only: rebuild the connections from the segments.
        const Endpoint client = Endpoint::fromJson(o.value(QStringLiteral("client")));
        const Endpoint server = Endpoint::fromJson(o.value(QStringLiteral("server")));
        QHash<int, quint16> serverConnPort;
        for (const QJsonValue &v : o.value(QStringLiteral("connections")).toArray())
            serverConnPort.insert(
                v.toObject().value(QStringLiteral("conn")).toInt(),
                quint16(v.toObject().value(QStringLiteral("client_port")).toInt()));
        QHash<int, quint16> clientConnPort;
        for (const QJsonValue &v : o.value(QStringLiteral("client_connections")).toArray())
            clientConnPort.insert(
                v.toObject().value(QStringLiteral("conn")).toInt(),
                quint16(v.toObject().value(QStringLiteral("client_port")).toInt()));
        QHash<quint16, int> connOfPort;
        QList<Event> kept;
        for (Event e : events) {
            if (e.kind == Event::Kind::Segment) {
                const bool fromClient = e.side == Side::Client;
                e.from.address = fromClient ? client.address : server.address;
                e.to.address = fromClient ? server.address : client.address;
                const auto placed = table.place(e.from, e.to, e.flags, e.seq, server.port);
                e.conn = placed.conn;
                connOfPort.insert(fromClient ? e.from.port : e.to.port, placed.conn);
            } else if (e.kind == Event::Kind::State && e.source == Source::Inferred) {
                continue; // inferred again from the segments
            } else if (e.kind == Event::Kind::State && e.via == StateVia::Call) {
                continue; // format 1 recorded connect()'s EINPROGRESS as a state
            }
            kept.append(e);
        }
        for (Event &e : kept) {
            if (e.kind == Event::Kind::Segment)
                continue;
            if (e.side == Side::Server && e.conn == 0) {
                e.listener = e.kind != Event::Kind::Call || !e.is(Verb::Accept);
                if (e.is(Verb::Accept))
                    e.conn = connOfPort.value(e.endpoint.port);
                continue;
            }
            const quint16 port = e.side == Side::Server ? serverConnPort.value(e.conn)
                                                        : clientConnPort.value(e.conn, client.port);
            e.conn = connOfPort.value(port ? port : client.port, 0);
        }
        events = kept;
        // Format 1 held the lab's own connections only.
        for (int id = 1; id <= table.size(); ++id) {
            table.find(id)->clientInLab = true;
            table.find(id)->serverInLab = true;
        }
    } else {
        QList<Connection> connections;
        for (const QJsonValue &v : o.value(QStringLiteral("connections")).toArray()) {
            const QJsonObject co = v.toObject();
            Connection c;
            c.id = co.value(QStringLiteral("conn")).toInt();
            if (c.id != connections.size() + 1) {
                *error = tr("connections[%1]: \"conn\" must be %2")
                             .arg(connections.size())
                             .arg(connections.size() + 1);
                return false;
            }
            c.client = Endpoint::fromJson(co.value(QStringLiteral("client")));
            c.server = Endpoint::fromJson(co.value(QStringLiteral("server")));
            c.clientInLab = co.value(QStringLiteral("client_in_lab")).toBool();
            c.serverInLab = co.value(QStringLiteral("server_in_lab")).toBool();
            c.clientApi = co.value(QStringLiteral("client_api")).toString() == QLatin1String("qt")
                ? Api::Qt
                : Api::System;
            c.serverApi = co.value(QStringLiteral("server_api")).toString() == QLatin1String("qt")
                ? Api::Qt
                : Api::System;
            c.clientIndex = co.value(QStringLiteral("client_index")).toInt(-1);
            if (co.contains(QStringLiteral("merged_into")))
                merged.insert(c.id, co.value(QStringLiteral("merged_into")).toInt());
            const QJsonObject lo = co.value(QStringLiteral("label")).toObject();
            QMap<QString, QString> label;
            for (auto it = lo.begin(); it != lo.end(); ++it)
                label.insert(it.key(), it.value().toString());
            if (!label.isEmpty())
                labels.insert(c.id, label);
            connections.append(c);
        }
        for (const Event &e : std::as_const(events)) {
            if (e.conn < 0 || e.conn > connections.size()) {
                *error = tr("an event names connection %1, which is not listed").arg(e.conn);
                return false;
            }
        }
        table.restore(connections);
    }
    // Learn the numbering (ISNs, window scales) again from the segments.
    for (const Event &e : std::as_const(events)) {
        if (e.kind != Event::Kind::Segment)
            continue;
        if (Connection *c = table.find(e.conn)) {
            ++c->segments;
            const bool fromClient = e.side == Side::Client;
            if (e.isSyn() || !(fromClient ? c->clientIsnKnown : c->serverIsnKnown)) {
                (fromClient ? c->clientIsnKnown : c->serverIsnKnown) = true;
                (fromClient ? c->clientIsn : c->serverIsn) = e.seq;
            }
            if (e.isSyn()) {
                const TcpOption *scale = findOption(e.options, TcpOption::Kind::WindowScale);
                (fromClient ? c->clientWscale : c->serverWscale) = scale ? int(scale->value) : -1;
                (fromClient ? c->clientSynSeen : c->serverSynSeen) = true;
            }
        }
    }

    m_events = std::move(events);
    // Ids stay those of the file's order; format 1's dropped states leave gaps.
    m_nextId = 1;
    for (const Event &e : std::as_const(m_events))
        m_nextId = std::max(m_nextId, e.id + 1);
    m_connections = table;
    m_labels = labels;
    m_merged = merged;
    m_lastReading.clear();
    for (const Event &e : std::as_const(m_events)) {
        if (e.isReading())
            m_lastReading.insert(EndId::of(e), e.state);
    }
    m_scenario = o.value(QStringLiteral("scenario")).toString();
    const QString capture = o.value(QStringLiteral("capture")).toString();
    m_capture = capture == QLatin1String("live") ? CaptureKind::Live
        : capture == QLatin1String("modelled")   ? CaptureKind::Modelled
        : capture == QLatin1String("file")       ? CaptureKind::File
                                                 : CaptureKind::None;
    m_textbook = o.value(QStringLiteral("textbook")).toBool();
    m_lostFrames = std::max(0, o.value(QStringLiteral("lost_frames")).toInt());
    const QJsonObject network = o.value(QStringLiteral("network")).toObject();
    m_network = network.value(QStringLiteral("kind")).toString();
    m_wire = network.value(QStringLiteral("wire")).toString();
    m_listening = Endpoint::fromJson(o.value(QStringLiteral("listening")));
    if (m_listening.isNull() && legacy)
        m_listening = Endpoint::fromJson(o.value(QStringLiteral("server")));
    // Anything added to a reopened session comes after what it had.
    m_startUs = -1;
    m_offsetUs = m_events.isEmpty() ? 0 : m_events.constLast().tUs + 1;
    Q_EMIT reset();
    return true;
}

} // namespace tcplab
