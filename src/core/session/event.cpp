#include "session/event.h"

#include <QJsonArray>
#include <QJsonValue>

namespace tcplab {

QString sideName(Side side)
{
    return side == Side::Client ? QStringLiteral("client") : QStringLiteral("server");
}

QString kindName(Event::Kind kind)
{
    switch (kind) {
    case Event::Kind::Call:
        return QStringLiteral("call");
    case Event::Kind::Segment:
        return QStringLiteral("segment");
    case Event::Kind::State:
        return QStringLiteral("state");
    case Event::Kind::Note:
        return QStringLiteral("note");
    }
    return {};
}

QJsonObject Event::toJson() const
{
    QJsonObject o;
    o.insert(QStringLiteral("t_us"), tUs);
    o.insert(QStringLiteral("kind"), kindName(kind));
    o.insert(kind == Kind::Segment ? QStringLiteral("from") : QStringLiteral("side"),
             sideName(side));
    if (conn > 0)
        o.insert(QStringLiteral("conn"), conn);
    switch (kind) {
    case Kind::Call:
        o.insert(QStringLiteral("call"), call);
        o.insert(QStringLiteral("args"), args);
        o.insert(QStringLiteral("result"), result);
        o.insert(QStringLiteral("errno"), errnoName);
        if (!data.isEmpty())
            o.insert(QStringLiteral("data"), QString::fromLatin1(data.toBase64()));
        if (!api.isEmpty())
            o.insert(QStringLiteral("api"), api);
        break;
    case Kind::State:
        o.insert(QStringLiteral("state"), state);
        o.insert(QStringLiteral("source"), source);
        if (!via.isEmpty())
            o.insert(QStringLiteral("via"), via);
        if (remainingMs >= 0)
            o.insert(QStringLiteral("remaining_ms"), remainingMs);
        break;
    case Kind::Note:
        o.insert(QStringLiteral("text"), text);
        if (!errnoName.isEmpty())
            o.insert(QStringLiteral("errno"), errnoName);
        break;
    case Kind::Segment:
        o.insert(QStringLiteral("flags"), flags);
        o.insert(QStringLiteral("seq"), qint64(seq));
        o.insert(QStringLiteral("ack"), qint64(ack));
        o.insert(QStringLiteral("rel_seq"), qint64(relSeq));
        o.insert(QStringLiteral("rel_ack"), qint64(relAck));
        o.insert(QStringLiteral("len"), len);
        o.insert(QStringLiteral("win"), qint64(win));
        o.insert(QStringLiteral("options"), QJsonArray::fromStringList(options));
        o.insert(QStringLiteral("src_port"), srcPort);
        o.insert(QStringLiteral("dst_port"), dstPort);
        o.insert(QStringLiteral("source"), source);
        break;
    }
    return o;
}

Event Event::fromJson(const QJsonObject &o, QString *error)
{
    Event e;
    const QString kind = o.value(QStringLiteral("kind")).toString();
    if (kind == QLatin1String("call"))
        e.kind = Kind::Call;
    else if (kind == QLatin1String("segment"))
        e.kind = Kind::Segment;
    else if (kind == QLatin1String("state"))
        e.kind = Kind::State;
    else if (kind == QLatin1String("note"))
        e.kind = Kind::Note;
    else {
        *error
            = QStringLiteral("\"kind\" must be call, segment, state or note, not \"%1\"").arg(kind);
        return e;
    }
    const QJsonValue t = o.value(QStringLiteral("t_us"));
    if (!t.isDouble()) {
        *error = QStringLiteral("\"t_us\" must be a number");
        return e;
    }
    e.tUs = qint64(t.toDouble());
    const QString side
        = o.value(QStringLiteral("side")).toString(o.value(QStringLiteral("from")).toString());
    if (side != QLatin1String("client") && side != QLatin1String("server")) {
        *error = QStringLiteral("\"side\" must be client or server");
        return e;
    }
    e.side = side == QLatin1String("client") ? Side::Client : Side::Server;
    e.conn = o.value(QStringLiteral("conn")).toInt();
    e.call = o.value(QStringLiteral("call")).toString();
    e.args = o.value(QStringLiteral("args")).toString();
    e.result = qint64(o.value(QStringLiteral("result")).toDouble());
    e.errnoName = o.value(QStringLiteral("errno")).toString();
    e.data = QByteArray::fromBase64(o.value(QStringLiteral("data")).toString().toLatin1());
    e.api = o.value(QStringLiteral("api")).toString();
    if (!e.api.isEmpty() && e.api != QLatin1String("qt") && e.api != QLatin1String("qt-signal")) {
        *error = QStringLiteral("\"api\" must be qt or qt-signal when given");
        return e;
    }
    if (e.kind == Kind::Segment) {
        e.flags = o.value(QStringLiteral("flags")).toString();
        if (e.flags.isEmpty()) {
            *error = QStringLiteral("a segment needs \"flags\"");
            return e;
        }
        e.seq = quint32(o.value(QStringLiteral("seq")).toDouble());
        e.ack = quint32(o.value(QStringLiteral("ack")).toDouble());
        e.relSeq = quint32(o.value(QStringLiteral("rel_seq")).toDouble());
        e.relAck = quint32(o.value(QStringLiteral("rel_ack")).toDouble());
        e.len = qint64(o.value(QStringLiteral("len")).toDouble());
        e.win = quint32(o.value(QStringLiteral("win")).toDouble());
        const QJsonArray options = o.value(QStringLiteral("options")).toArray();
        for (const QJsonValue &v : options)
            e.options.append(v.toString());
        e.srcPort = quint16(o.value(QStringLiteral("src_port")).toInt());
        e.dstPort = quint16(o.value(QStringLiteral("dst_port")).toInt());
    }
    e.remainingMs = qint64(o.value(QStringLiteral("remaining_ms")).toDouble(-1));
    e.state = o.value(QStringLiteral("state")).toString();
    e.source = o.value(QStringLiteral("source")).toString();
    e.via = o.value(QStringLiteral("via")).toString();
    e.text = o.value(QStringLiteral("text")).toString();
    return e;
}

} // namespace tcplab
