#include "session/event.h"

#include <QCoreApplication>

#include <cmath>

#include "socket/sockaddr.h"

#include <QAbstractSocket>
#include <QJsonArray>
#include <QJsonValue>
#include <QMetaEnum>
#include <QRegularExpression>

#include <cerrno>
#include <netdb.h>

namespace tcplab {

namespace {

struct VerbNameEntry
{
    Verb verb;
    const char *name;
};
constexpr VerbNameEntry kVerbs[] = {
    {Verb::GetAddrInfo, "getaddrinfo"},
    {Verb::Bind, "bind"},
    {Verb::Listen, "listen"},
    {Verb::Connect, "connect"},
    {Verb::Accept, "accept"},
    {Verb::Write, "write"},
    {Verb::Read, "read"},
    {Verb::Shutdown, "shutdown"},
    {Verb::Close, "close"},
    {Verb::SetSockOpt, "setsockopt"},
    {Verb::GetSockOpt, "getsockopt"},
    {Verb::ConnectToHost, "connectToHost"},
    {Verb::ReadAll, "readAll"},
    {Verb::DisconnectFromHost, "disconnectFromHost"},
    {Verb::Abort, "abort"},
    {Verb::SetSocketOption, "setSocketOption"},
    {Verb::NextPendingConnection, "nextPendingConnection"},
    {Verb::Connected, "connected"},
    {Verb::BytesWritten, "bytesWritten"},
    {Verb::ErrorOccurred, "errorOccurred"},
    {Verb::Disconnected, "disconnected"},
};

struct OptionNameEntry
{
    SocketOption::Name name;
    const char *text;
};
constexpr OptionNameEntry kOptions[] = {
    {SocketOption::Name::ReuseAddress, "SO_REUSEADDR"},
    {SocketOption::Name::NoDelay, "TCP_NODELAY"},
    {SocketOption::Name::Cork, "TCP_CORK"},
    {SocketOption::Name::Linger, "SO_LINGER"},
    {SocketOption::Name::Error, "SO_ERROR"},
    {SocketOption::Name::LowDelay, "LowDelayOption"},
    {SocketOption::Name::SynCount, "TCP_SYNCNT"},
    {SocketOption::Name::KeepAlive, "SO_KEEPALIVE"},
    {SocketOption::Name::KeepIdle, "TCP_KEEPIDLE"},
    {SocketOption::Name::KeepInterval, "TCP_KEEPINTVL"},
    {SocketOption::Name::KeepCount, "TCP_KEEPCNT"},
};

} // namespace

QString optionName(SocketOption::Name name)
{
    for (const auto &o : kOptions) {
        if (o.name == name)
            return QString::fromLatin1(o.text);
    }
    return {};
}

std::optional<SocketOption::Name> optionFromName(const QString &text)
{
    for (const auto &o : kOptions) {
        if (text == QLatin1String(o.text))
            return o.name;
    }
    return std::nullopt;
}

namespace {

} // namespace

QJsonObject Endpoint::toJson() const
{
    return QJsonObject {
        {QStringLiteral("address"), address.isNull() ? QString() : address.toString()},
        {QStringLiteral("port"), port}};
}

Endpoint Endpoint::fromJson(const QJsonValue &value)
{
    const QJsonObject o = value.toObject();
    return {QHostAddress(o.value(QStringLiteral("address")).toString()),
            quint16(o.value(QStringLiteral("port")).toInt())};
}

QString qtErrorName(int error)
{
    return QString::fromLatin1(
        QMetaEnum::fromType<QAbstractSocket::SocketError>().valueToKey(error));
}

int qtErrorFromName(const QString &name)
{
    bool ok = false;
    const int v
        = QMetaEnum::fromType<QAbstractSocket::SocketError>().keyToValue(name.toLatin1(), &ok);
    return ok ? v : -1;
}

namespace {

// Session files of format 1 kept a call's arguments as text; this reads the few that carry
// meaning (an endpoint, SHUT_WR, SO_LINGER {1, 0}, "listener"). Only for reading old files.
void readLegacyArgs(Event &e, const QString &args)
{
    static const QRegularExpression endpoint(QStringLiteral("^\\[?([0-9a-fA-F.:]+)\\]?:(\\d+)$"));
    static const QRegularExpression option(
        QStringLiteral("^(\\w+) (?:= (-?\\d+)|\\{(\\d+), (\\d+)\\})$"));
    if (args == QLatin1String("listener")) {
        e.listener = true;
        return;
    }
    if (auto m = endpoint.match(args); m.hasMatch()) {
        e.endpoint = {QHostAddress(m.captured(1)), quint16(m.captured(2).toUInt())};
        return;
    }
    if (e.verb == Verb::Shutdown) {
        e.how = args == QLatin1String("SHUT_RD") ? ShutdownHow::Read
            : args == QLatin1String("SHUT_RDWR") ? ShutdownHow::Both
                                                 : ShutdownHow::Write;
        return;
    }
    if (auto m = option.match(args); m.hasMatch()) {
        if (const auto name = optionFromName(m.captured(1))) {
            e.option.name = *name;
            e.option.value
                = m.captured(2).isEmpty() ? m.captured(3).toInt() : m.captured(2).toInt();
            e.option.seconds = m.captured(4).toInt();
        }
        return;
    }
    if (e.verb == Verb::Listen && args.startsWith(QLatin1String("backlog ")))
        e.backlog = args.mid(8).toInt();
    else if (e.verb == Verb::SetSockOpt && args == QLatin1String("SO_ERROR"))
        e.option.name = SocketOption::Name::Error;
    else if (e.verb == Verb::ErrorOccurred)
        e.qtError = qtErrorFromName(args);
    else if (e.verb == Verb::GetAddrInfo)
        e.host = args;
    else if ((e.verb == Verb::Write || e.verb == Verb::Read) && !args.isEmpty())
        e.size = args.toLongLong();
}

QString legacyArgs(const Event &e);

} // namespace

Side otherSide(Side side)
{
    return side == Side::Client ? Side::Server : Side::Client;
}

QString sideName(Side side)
{
    return side == Side::Client ? QStringLiteral("client") : QStringLiteral("server");
}

QString Endpoint::text() const
{
    return endpointText(address, port);
}

QString sourceName(Source source)
{
    switch (source) {
    case Source::Live:
        return QStringLiteral("live");
    case Source::File:
        return QStringLiteral("file");
    case Source::Modelled:
        return QStringLiteral("modelled");
    case Source::Kernel:
        return QStringLiteral("kernel");
    case Source::Inferred:
        return QStringLiteral("inferred");
    }
    return {};
}

std::optional<Source> sourceFromName(const QString &name)
{
    for (Source s :
         {Source::Live, Source::File, Source::Modelled, Source::Kernel, Source::Inferred}) {
        if (name == sourceName(s))
            return s;
    }
    return std::nullopt;
}

QString wireFateName(WireFate fate)
{
    switch (fate) {
    case WireFate::Delivered:
        return QStringLiteral("delivered");
    case WireFate::Dropped:
        return QStringLiteral("dropped");
    case WireFate::Lost:
        return QStringLiteral("lost");
    case WireFate::Duplicate:
        return QStringLiteral("duplicate");
    case WireFate::Injected:
        return QStringLiteral("injected");
    case WireFate::Swallowed:
        return QStringLiteral("swallowed");
    case WireFate::QueueFull:
        return QStringLiteral("queue_full");
    }
    return {};
}

std::optional<WireFate> wireFateFromName(const QString &name)
{
    for (WireFate f : {WireFate::Delivered, WireFate::Dropped, WireFate::Lost, WireFate::Duplicate,
                       WireFate::Injected, WireFate::Swallowed, WireFate::QueueFull}) {
        if (name == wireFateName(f))
            return f;
    }
    return std::nullopt;
}

QString verbName(Verb verb)
{
    for (const auto &v : kVerbs) {
        if (v.verb == verb)
            return QString::fromLatin1(v.name);
    }
    return {};
}

std::optional<Verb> verbFromName(const QString &name)
{
    for (const auto &v : kVerbs) {
        if (name == QLatin1String(v.name))
            return v.verb;
    }
    return std::nullopt;
}

QString shutdownName(ShutdownHow how)
{
    switch (how) {
    case ShutdownHow::Read:
        return QStringLiteral("SHUT_RD");
    case ShutdownHow::Write:
        return QStringLiteral("SHUT_WR");
    case ShutdownHow::Both:
        return QStringLiteral("SHUT_RDWR");
    }
    return {};
}

QString tcpFlagLetters(quint8 flags)
{
    // tcpdump's order.
    static const struct
    {
        quint8 bit;
        char letter;
    } order[]
        = {{TcpFlag::Syn, 'S'}, {TcpFlag::Fin, 'F'}, {TcpFlag::Psh, 'P'}, {TcpFlag::Rst, 'R'},
           {TcpFlag::Urg, 'U'}, {TcpFlag::Ece, 'E'}, {TcpFlag::Cwr, 'W'}, {TcpFlag::Ack, '.'}};
    QString out;
    for (const auto &o : order) {
        if (flags & o.bit)
            out += QLatin1Char(o.letter);
    }
    return out.isEmpty() ? QStringLiteral("none") : out;
}

std::optional<quint8> tcpFlagsFromLetters(const QString &letters)
{
    if (letters == QLatin1String("none"))
        return quint8(0);
    quint8 flags = 0;
    for (const QChar c : letters) {
        switch (c.toLatin1()) {
        case 'S':
            flags |= TcpFlag::Syn;
            break;
        case 'F':
            flags |= TcpFlag::Fin;
            break;
        case 'P':
            flags |= TcpFlag::Psh;
            break;
        case 'R':
            flags |= TcpFlag::Rst;
            break;
        case 'U':
            flags |= TcpFlag::Urg;
            break;
        case 'E':
            flags |= TcpFlag::Ece;
            break;
        case 'W':
            flags |= TcpFlag::Cwr;
            break;
        case '.':
            flags |= TcpFlag::Ack;
            break;
        default:
            return std::nullopt;
        }
    }
    if (letters.isEmpty())
        return std::nullopt;
    return flags;
}

QString viaName(StateVia via)
{
    switch (via) {
    case StateVia::None:
        return {};
    case StateVia::TcpInfo:
        return QStringLiteral("TCP_INFO");
    case StateVia::SockDiag:
        return QStringLiteral("sock_diag");
    case StateVia::SockDiagGone:
        return QStringLiteral("sock_diag gone");
    case StateVia::SentSegment:
        return QStringLiteral("sent");
    case StateVia::ReceivedSegment:
        return QStringLiteral("received");
    case StateVia::Call:
        return QStringLiteral("call");
    case StateVia::Timer:
        return QStringLiteral("timer");
    }
    return {};
}

static std::optional<StateVia> viaFromName(const QString &name)
{
    for (StateVia v :
         {StateVia::None, StateVia::TcpInfo, StateVia::SockDiag, StateVia::SockDiagGone,
          StateVia::SentSegment, StateVia::ReceivedSegment, StateVia::Call, StateVia::Timer}) {
        if (name == viaName(v))
            return v;
    }
    // Format 1 wrote how a reading was made in words.
    if (name.startsWith(QLatin1String("connect()")))
        return StateVia::Call;
    return std::nullopt;
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

std::optional<qint64> Event::scaledWindow() const
{
    if (isSyn())
        return qint64(win);
    if (winShift < 0)
        return std::nullopt;
    return qint64(win) << winShift;
}

bool Event::failed() const
{
    if (kind != Kind::Call)
        return false;
    if (err != 0 && err != EINPROGRESS)
        return true;
    // Qt's write() returns -1 without an errno.
    return api == Api::Qt && result < 0;
}

namespace {

QString legacyArgs(const Event &e)
{
    // The arguments in the notation of format 1, for its readers.
    switch (e.verb) {
    case Verb::Listen:
        return e.api == Api::Qt ? e.endpoint.text() : QStringLiteral("backlog %1").arg(e.backlog);
    case Verb::Bind:
    case Verb::Connect:
    case Verb::Accept:
    case Verb::ConnectToHost:
    case Verb::NextPendingConnection:
        return e.host.isEmpty() || e.verb == Verb::Accept
            ? e.endpoint.text()
            : e.host + QLatin1Char(':') + QString::number(e.endpoint.port);
    case Verb::GetAddrInfo:
        return e.host;
    case Verb::Write:
    case Verb::Read:
        return e.api == Api::System || e.verb == Verb::Write ? QString::number(e.size) : QString();
    case Verb::Shutdown:
        return shutdownName(e.how);
    case Verb::SetSockOpt:
    case Verb::GetSockOpt:
    case Verb::SetSocketOption:
        if (e.option.name == SocketOption::Name::Linger)
            return QStringLiteral("SO_LINGER {%1, %2}").arg(e.option.value).arg(e.option.seconds);
        if (e.option.name == SocketOption::Name::Error)
            return QStringLiteral("SO_ERROR");
        if (e.option.name == SocketOption::Name::LowDelay)
            return QStringLiteral("LowDelayOption, %1").arg(e.option.value);
        return QStringLiteral("%1 = %2").arg(optionName(e.option.name)).arg(e.option.value);
    case Verb::Close:
        return e.listener ? QStringLiteral("listener") : QString();
    case Verb::BytesWritten:
        return QString::number(e.result);
    case Verb::ErrorOccurred:
        return qtErrorName(e.qtError);
    default:
        return {};
    }
}

} // namespace

QJsonObject Event::toJson() const
{
    QJsonObject o;
    o.insert(QStringLiteral("t_us"), tUs);
    o.insert(QStringLiteral("kind"), kindName(kind));
    o.insert(kind == Kind::Segment ? QStringLiteral("from") : QStringLiteral("side"),
             sideName(side));
    if (conn > 0)
        o.insert(QStringLiteral("conn"), conn);
    if (listener)
        o.insert(QStringLiteral("listener"), true);
    switch (kind) {
    case Kind::Call:
        o.insert(QStringLiteral("call"), verbName(verb));
        o.insert(QStringLiteral("args"), legacyArgs(*this));
        o.insert(QStringLiteral("result"), result);
        o.insert(QStringLiteral("errno"), errnoName(err));
        if (api != Api::System)
            o.insert(QStringLiteral("api"),
                     api == Api::Qt ? QStringLiteral("qt") : QStringLiteral("qt-signal"));
        if (!endpoint.isNull())
            o.insert(QStringLiteral("endpoint"), endpoint.toJson());
        if (!host.isEmpty())
            o.insert(QStringLiteral("host"), host);
        if (verb == Verb::Listen && api == Api::System)
            o.insert(QStringLiteral("backlog"), backlog);
        if (verb == Verb::Shutdown)
            o.insert(QStringLiteral("how"), shutdownName(how));
        if (option.name != SocketOption::Name::None) {
            QJsonObject opt {{QStringLiteral("name"), optionName(option.name)},
                             {QStringLiteral("value"), option.value}};
            if (option.name == SocketOption::Name::Linger)
                opt.insert(QStringLiteral("seconds"), option.seconds);
            o.insert(QStringLiteral("option"), opt);
        }
        if (size != 0)
            o.insert(QStringLiteral("size"), size);
        if (!data.isEmpty())
            o.insert(QStringLiteral("data"), QString::fromLatin1(data.toBase64()));
        if (qtError >= 0)
            o.insert(QStringLiteral("qt_error"), qtErrorName(qtError));
        break;
    case Kind::State:
        o.insert(QStringLiteral("state"), tcpStateName(state));
        o.insert(QStringLiteral("source"), sourceName(source));
        if (via != StateVia::None)
            o.insert(QStringLiteral("via"), viaName(via));
        if (remainingMs >= 0)
            o.insert(QStringLiteral("remaining_ms"), remainingMs);
        if (readFromUs >= 0)
            o.insert(QStringLiteral("read_from_us"), readFromUs);
        // "cause" (the index of the event behind an inferred state) is written by the session.
        break;
    case Kind::Note:
        o.insert(QStringLiteral("note"), QStringLiteral("qt-server-dropped-queue"));
        o.insert(QStringLiteral("count"), count);
        break;
    case Kind::Segment:
        o.insert(QStringLiteral("flags"), tcpFlagLetters(flags));
        o.insert(QStringLiteral("seq"), qint64(seq));
        o.insert(QStringLiteral("ack"), qint64(ack));
        o.insert(QStringLiteral("rel_seq"), qint64(relSeq));
        o.insert(QStringLiteral("rel_ack"), qint64(relAck));
        o.insert(QStringLiteral("len"), len);
        o.insert(QStringLiteral("win"), qint64(win));
        if (const auto scaled = scaledWindow(); scaled && winShift > 0)
            o.insert(QStringLiteral("win_scaled"), *scaled);
        if (winShift >= 0)
            o.insert(QStringLiteral("win_shift"), winShift);
        o.insert(QStringLiteral("options"), QJsonArray::fromStringList(tcpOptionTexts(options)));
        o.insert(QStringLiteral("src"), from.toJson());
        o.insert(QStringLiteral("dst"), to.toJson());
        o.insert(QStringLiteral("src_port"), from.port);
        o.insert(QStringLiteral("dst_port"), to.port);
        o.insert(QStringLiteral("source"), sourceName(source));
        if (arriveUs >= 0)
            o.insert(QStringLiteral("arrive_us"), arriveUs);
        if (lengthFromCapture)
            o.insert(QStringLiteral("length_from_capture"), true);
        if (fate != WireFate::Delivered)
            o.insert(QStringLiteral("fate"), wireFateName(fate));
        if (wireRule >= 0)
            o.insert(QStringLiteral("wire_rule"), wireRule);
        break;
    }
    return o;
}

namespace {
// Times a session may hold: about ±31 years in microseconds, where double and qint64 agree.
constexpr double kMaxTimeUs = 1e15;
} // namespace

Event Event::fromJson(const QJsonObject &o, QString *error)
{
    Event e;
    auto fail = [&](const QString &message) {
        *error = message;
        return e;
    };
    // A number field: absent is 0 (or `absent`); present, it must be a whole number in range (a
    // damaged file's 1e300 or 4.5 says so instead of being cast into something else).
    bool damagedNumber = false;
    QString damagedField;
    auto whole = [&](const char *key, double min, double max, qint64 absent = 0) -> qint64 {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined() || damagedNumber)
            return absent;
        const double d = v.toDouble(std::nan(""));
        if (!(d >= min && d <= max) || d != std::trunc(d)) {
            damagedNumber = true;
            damagedField = QLatin1String(key);
            return 0;
        }
        return qint64(d);
    };
    const QString kind = o.value(QStringLiteral("kind")).toString();
    if (kind == QLatin1String("call"))
        e.kind = Kind::Call;
    else if (kind == QLatin1String("segment"))
        e.kind = Kind::Segment;
    else if (kind == QLatin1String("state"))
        e.kind = Kind::State;
    else if (kind == QLatin1String("note"))
        e.kind = Kind::Note;
    else
        return fail(
            QCoreApplication::translate("tcplab::Session",
                                        "\"kind\" must be call, segment, state or note, not \"%1\"")
                .arg(kind));
    const QJsonValue t = o.value(QStringLiteral("t_us"));
    if (!t.isDouble() || !(std::abs(t.toDouble()) <= kMaxTimeUs))
        return fail(QCoreApplication::translate(
            "tcplab::Session", "\"t_us\" must be a number of microseconds, at most 10^15"));
    e.tUs = qint64(t.toDouble());
    const QString side
        = o.value(QStringLiteral("side")).toString(o.value(QStringLiteral("from")).toString());
    if (side != QLatin1String("client") && side != QLatin1String("server"))
        return fail(
            QCoreApplication::translate("tcplab::Session", "\"side\" must be client or server"));
    e.side = side == QLatin1String("client") ? Side::Client : Side::Server;
    e.conn = o.value(QStringLiteral("conn")).toInt();
    e.listener = o.value(QStringLiteral("listener")).toBool();
    switch (e.kind) {
    case Kind::Call: {
        const auto verb = verbFromName(o.value(QStringLiteral("call")).toString());
        if (!verb)
            return fail(QCoreApplication::translate("tcplab::Session",
                                                    "\"call\": \"%1\" is not a call the lab makes")
                            .arg(o.value(QStringLiteral("call")).toString()));
        e.verb = *verb;
        const QString api = o.value(QStringLiteral("api")).toString();
        if (api.isEmpty())
            e.api = Api::System;
        else if (api == QLatin1String("qt"))
            e.api = Api::Qt;
        else if (api == QLatin1String("qt-signal"))
            e.api = Api::QtSignal;
        else
            return fail(QCoreApplication::translate("tcplab::Session",
                                                    "\"api\" must be qt or qt-signal when given"));
        e.result = whole("result", -1e15, 1e15);
        e.err = errnoFromName(o.value(QStringLiteral("errno")).toString());
        if (e.err == -1000)
            return fail(QCoreApplication::translate(
                            "tcplab::Session", "\"errno\": \"%1\" is not an error the lab knows")
                            .arg(o.value(QStringLiteral("errno")).toString()));
        e.data = QByteArray::fromBase64(o.value(QStringLiteral("data")).toString().toLatin1());
        if (o.contains(QStringLiteral("endpoint")) || o.contains(QStringLiteral("option"))
            || o.contains(QStringLiteral("how")) || o.contains(QStringLiteral("backlog"))
            || o.contains(QStringLiteral("size")) || o.contains(QStringLiteral("host"))
            || o.contains(QStringLiteral("qt_error"))) {
            e.endpoint = Endpoint::fromJson(o.value(QStringLiteral("endpoint")));
            e.host = o.value(QStringLiteral("host")).toString();
            e.backlog = o.value(QStringLiteral("backlog")).toInt();
            const QString how = o.value(QStringLiteral("how")).toString();
            e.how = how == QLatin1String("SHUT_RD") ? ShutdownHow::Read
                : how == QLatin1String("SHUT_RDWR") ? ShutdownHow::Both
                                                    : ShutdownHow::Write;
            const QJsonObject opt = o.value(QStringLiteral("option")).toObject();
            if (!opt.isEmpty()) {
                const auto name = optionFromName(opt.value(QStringLiteral("name")).toString());
                if (!name)
                    return fail(QCoreApplication::translate(
                        "tcplab::Session", "\"option.name\" is not an option the lab sets"));
                e.option = {*name, opt.value(QStringLiteral("value")).toInt(),
                            opt.value(QStringLiteral("seconds")).toInt()};
            }
            e.size = whole("size", 0, 1e15);
            if (o.contains(QStringLiteral("qt_error")))
                e.qtError = qtErrorFromName(o.value(QStringLiteral("qt_error")).toString());
        } else {
            readLegacyArgs(e, o.value(QStringLiteral("args")).toString());
        }
        break;
    }
    case Kind::Segment: {
        const auto flags = tcpFlagsFromLetters(o.value(QStringLiteral("flags")).toString());
        if (!flags)
            return fail(QCoreApplication::translate(
                "tcplab::Session", "a segment needs \"flags\" in tcpdump's letters"));
        e.flags = *flags;
        e.seq = quint32(whole("seq", 0, 4294967295.0));
        e.ack = quint32(whole("ack", 0, 4294967295.0));
        e.relSeq = quint32(whole("rel_seq", 0, 4294967295.0));
        e.relAck = quint32(whole("rel_ack", 0, 4294967295.0));
        e.len = whole("len", 0, 1e15);
        e.win = quint32(whole("win", 0, 4294967295.0));
        e.winShift = o.value(QStringLiteral("win_shift")).toInt(-1);
        const QJsonArray options = o.value(QStringLiteral("options")).toArray();
        for (const QJsonValue &v : options) {
            const auto option = TcpOption::fromText(v.toString());
            if (!option)
                return fail(QCoreApplication::translate(
                                "tcplab::Session",
                                "\"options\": \"%1\" is not a TCP option in tcpdump's "
                                "words")
                                .arg(v.toString()));
            e.options.append(*option);
        }
        e.from = Endpoint::fromJson(o.value(QStringLiteral("src")));
        e.to = Endpoint::fromJson(o.value(QStringLiteral("dst")));
        if (e.from.port == 0)
            e.from.port = quint16(o.value(QStringLiteral("src_port")).toInt());
        if (e.to.port == 0)
            e.to.port = quint16(o.value(QStringLiteral("dst_port")).toInt());
        const auto source = sourceFromName(o.value(QStringLiteral("source")).toString());
        if (!source
            || (*source != Source::Live && *source != Source::File && *source != Source::Modelled))
            return fail(QCoreApplication::translate(
                "tcplab::Session", "a segment's \"source\" must be live, file or modelled"));
        e.source = *source;
        const double arrive = o.value(QStringLiteral("arrive_us")).toDouble(-1);
        if (!(std::abs(arrive) <= kMaxTimeUs))
            return fail(QCoreApplication::translate(
                "tcplab::Session",
                "\"arrive_us\" must be a number of microseconds, at most 10^15"));
        e.arriveUs = qint64(arrive);
        e.lengthFromCapture = o.value(QStringLiteral("length_from_capture")).toBool();
        if (o.contains(QStringLiteral("fate"))) {
            const auto fate = wireFateFromName(o.value(QStringLiteral("fate")).toString());
            if (!fate)
                return fail(QCoreApplication::translate(
                    "tcplab::Session",
                    "a segment's \"fate\" must be delivered, dropped, lost, "
                    "duplicate, injected, swallowed or queue_full"));
            e.fate = *fate;
        }
        e.wireRule = o.value(QStringLiteral("wire_rule")).toInt(-1);
        break;
    }
    case Kind::State: {
        const auto state = tcpStateFromName(o.value(QStringLiteral("state")).toString());
        if (!state)
            return fail(QCoreApplication::translate(
                "tcplab::Session", "\"state\" must be a TCP state such as ESTABLISHED"));
        e.state = *state;
        const auto source = sourceFromName(o.value(QStringLiteral("source")).toString());
        if (!source || (*source != Source::Kernel && *source != Source::Inferred))
            return fail(QCoreApplication::translate(
                "tcplab::Session", "a state's \"source\" must be kernel or inferred"));
        e.source = *source;
        e.via = viaFromName(o.value(QStringLiteral("via")).toString()).value_or(StateVia::None);
        e.remainingMs = whole("remaining_ms", -1, 1e12, -1);
        e.readFromUs = whole("read_from_us", -1, 1e15, -1);
        break;
    }
    case Kind::Note:
        e.count = o.value(QStringLiteral("count")).toInt();
        break;
    }
    if (damagedNumber)
        return fail(QCoreApplication::translate("tcplab::Session",
                                                "\"%1\" must be a whole number in its range")
                        .arg(damagedField));
    return e;
}

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
        TCPLAB_ERRNO(EOPNOTSUPP)
        TCPLAB_ERRNO(EIO)
        TCPLAB_ERRNO(EAI_NONAME)
        TCPLAB_ERRNO(EAI_AGAIN)
        TCPLAB_ERRNO(EAI_FAIL)
#undef TCPLAB_ERRNO
    default:
        return QStringLiteral("errno %1").arg(err);
    }
}

int errnoFromName(const QString &name)
{
    if (name.isEmpty())
        return 0;
    if (name.startsWith(QLatin1String("errno "))) {
        bool ok = false;
        const int n = name.mid(6).toInt(&ok);
        return ok ? n : -1000;
    }
    // Every name errnoName() knows.
    for (int err = -20; err < 200; ++err) {
        if (err != 0 && errnoName(err) == name)
            return err;
    }
    return -1000;
}

} // namespace tcplab
