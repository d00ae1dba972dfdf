#include "lab/scenario.h"

#include <cmath>

#include "kernel/kernelsettings.h"
#include "lab/kerneltext.h"
#include "net/labnetwork.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <algorithm>
#include <cerrno>

namespace tcplab {

namespace {

constexpr qsizetype kMaxFileBytes = 1024 * 1024;

struct VerbEntry
{
    StepVerb verb;
    const char *name;
};
constexpr VerbEntry kVerbs[] = {
    {StepVerb::Listen, "listen"},
    {StepVerb::Connect, "connect"},
    {StepVerb::ConnectSelf, "connect-self"},
    {StepVerb::ConnectClosedPort, "connect-closed-port"},
    {StepVerb::Accept, "accept"},
    {StepVerb::Write, "write"},
    {StepVerb::Read, "read"},
    {StepVerb::Shutdown, "shutdown"},
    {StepVerb::Close, "close"},
    {StepVerb::Abort, "abort"},
    {StepVerb::SetSockOpt, "setsockopt"},
    {StepVerb::StopListening, "stop-listening"},
    {StepVerb::ListenAgain, "listen-again"},
    {StepVerb::Wait, "wait"},
    {StepVerb::Wire, "wire"},
    {StepVerb::ConnectToHost, "connectToHost"},
    {StepVerb::NextPendingConnection, "nextPendingConnection"},
    {StepVerb::ReadAll, "readAll"},
    {StepVerb::DisconnectFromHost, "disconnectFromHost"},
    {StepVerb::SetSocketOption, "setSocketOption"},
};

struct EventEntry
{
    StepEvent event;
    const char *name;
};
constexpr EventEntry kEvents[] = {
    {StepEvent::Connected, "connected"}, {StepEvent::Failed, "failed"}, {StepEvent::Data, "data"},
    {StepEvent::Waiting, "waiting"},     {StepEvent::Eof, "eof"},       {StepEvent::Reset, "reset"},
    {StepEvent::Accepted, "accepted"},   {StepEvent::Queued, "queued"},
};

// Which events each side has.
bool sideHasEvent(Side side, StepEvent event)
{
    switch (event) {
    case StepEvent::Connected:
    case StepEvent::Failed:
        return side == Side::Client;
    case StepEvent::Accepted:
    case StepEvent::Queued:
        return side == Side::Server;
    default:
        return true;
    }
}

std::optional<StepVerb> stepVerbFromName(const QString &name)
{
    for (const auto &v : kVerbs) {
        if (name == QLatin1String(v.name))
            return v.verb;
    }
    return std::nullopt;
}

QString eventName(StepEvent event)
{
    for (const auto &e : kEvents) {
        if (e.event == event)
            return QString::fromLatin1(e.name);
    }
    return {};
}

QString sideText(Side side)
{
    return side == Side::Client ? QStringLiteral("client") : QStringLiteral("server");
}

// Verbs that exist only on one engine; write, close and abort exist on both.
bool onlyQt(StepVerb verb)
{
    return verb == StepVerb::ReadAll || verb == StepVerb::DisconnectFromHost
        || verb == StepVerb::SetSocketOption || verb == StepVerb::NextPendingConnection;
}

bool onlyNative(StepVerb verb)
{
    return verb == StepVerb::Read || verb == StepVerb::Shutdown || verb == StepVerb::SetSockOpt
        || verb == StepVerb::Accept;
}

// Reads typed fields and remembers the first problem, with the field's path.
class Reader
{
public:
    QString error;

    bool failed() const { return !error.isEmpty(); }
    void fail(const QString &path, const QString &expected)
    {
        if (error.isEmpty())
            error = Scenario::tr("\"%1\": %2").arg(path, expected);
    }
    QString string(const QJsonObject &o, const QString &key, const QString &path,
                   bool required = false)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined()) {
            if (required)
                fail(path + key, Scenario::tr("missing; a text was expected"));
            return {};
        }
        if (!v.isString()) {
            fail(path + key, Scenario::tr("a text was expected"));
            return {};
        }
        return v.toString();
    }
    bool boolean(const QJsonObject &o, const QString &key, const QString &path, bool fallback)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined())
            return fallback;
        if (!v.isBool()) {
            fail(path + key, Scenario::tr("true or false was expected"));
            return fallback;
        }
        return v.toBool();
    }
    std::optional<qint64> number(const QJsonObject &o, const QString &key, const QString &path,
                                 qint64 min, qint64 max)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined())
            return std::nullopt;
        const double d = v.toDouble(-1e18);
        // In range first: casting 4e46 to an integer would be undefined behaviour.
        if (!v.isDouble() || !(d >= double(min) && d <= double(max)) || d != std::trunc(d)) {
            fail(path + key,
                 Scenario::tr("a whole number from %1 to %2 was expected").arg(min).arg(max));
            return std::nullopt;
        }
        return qint64(d);
    }
    int integer(const QJsonObject &o, const QString &key, const QString &path, int fallback,
                int min, int max)
    {
        return int(number(o, key, path, min, max).value_or(fallback));
    }
    QMap<QString, QString> texts(const QJsonObject &o, const QString &key, const QString &path,
                                 bool required = true)
    {
        QMap<QString, QString> out;
        const QJsonValue v = o.value(key);
        if (v.isUndefined() && !required)
            return out;
        if (v.isString()) {
            out.insert(QStringLiteral("en"), v.toString());
        } else if (v.isObject()) {
            const QJsonObject t = v.toObject();
            for (auto it = t.begin(); it != t.end(); ++it) {
                if (!it.value().isString()) {
                    fail(path + key + QLatin1Char('.') + it.key(),
                         Scenario::tr("a text was expected"));
                    return out;
                }
                out.insert(it.key(), it.value().toString());
            }
            if (!out.contains(QStringLiteral("en")))
                fail(path + key + QStringLiteral(".en"),
                     Scenario::tr("missing; an English text is required"));
        } else {
            fail(path + key,
                 Scenario::tr("missing; a text or {\"en\": …, \"zh_CN\": …} was expected"));
        }
        return out;
    }
    QList<StateExpect> states(const QJsonObject &o, const QString &key, const QString &path,
                              bool *given)
    {
        QList<StateExpect> out;
        const QJsonValue v = o.value(key);
        *given = !v.isUndefined();
        if (v.isUndefined())
            return out;
        if (!v.isArray()) {
            fail(path + key, Scenario::tr("a list of TCP state names was expected"));
            return out;
        }
        const QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            const QString at = QStringLiteral("%1%2[%3]").arg(path, key).arg(i);
            StateExpect s;
            QString name;
            if (a.at(i).isObject()) {
                const QJsonObject so = a.at(i).toObject();
                name = string(so, QStringLiteral("state"), at + QLatin1Char('.'), true);
                s.kernel = boolean(so, QStringLiteral("kernel"), at + QLatin1Char('.'), false);
                const QJsonValue timer = so.value(QStringLiteral("timer_s"));
                if (timer.isString() && timer.toString() == QLatin1String("tcp_fin_timeout")) {
                    s.timerIsFinTimeout = true;
                    s.timerSeconds = TcpSysctls::read().finTimeout;
                } else if (timer.isDouble() && timer.toInt() > 0) {
                    s.timerSeconds = timer.toInt();
                } else if (!timer.isUndefined()) {
                    fail(at + QStringLiteral(".timer_s"),
                         Scenario::tr("a number of seconds, or \"tcp_fin_timeout\", was "
                                      "expected"));
                    return out;
                }
                if (s.timerSeconds)
                    s.kernel = true; // the timer is the kernel's word
            } else {
                name = a.at(i).toString();
            }
            const auto state = tcpStateFromName(name);
            if (!state) {
                fail(at,
                     Scenario::tr("a TCP state name such as ESTABLISHED or TIME_WAIT (or "
                                  "{\"state\": …, \"kernel\": true}) was expected"));
                return out;
            }
            s.state = *state;
            out.append(s);
        }
        return out;
    }
    QList<SegmentExpect> wire(const QJsonValue &v, const QString &path)
    {
        QList<SegmentExpect> out;
        auto token
            = [&](const QString &text, const QString &where) -> std::optional<SegmentExpect> {
            const auto s = SegmentExpect::fromToken(text);
            if (!s)
                fail(where,
                     Scenario::tr("segments such as \"c:S s:S. c:.\" were expected, not \"%1\"")
                         .arg(text));
            return s;
        };
        if (v.isString()) {
            for (const QString &t : v.toString().split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
                if (const auto s = token(t, path))
                    out.append(*s);
                else
                    break;
            }
            return out;
        }
        if (!v.isArray()) {
            fail(path,
                 Scenario::tr("the expected segments were expected, as \"c:S s:S. c:.\" or "
                              "a list"));
            return out;
        }
        const QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size() && !failed(); ++i) {
            const QString at = QStringLiteral("%1[%2]").arg(path).arg(i);
            if (a.at(i).isString()) {
                if (const auto s = token(a.at(i).toString(), at))
                    out.append(*s);
                continue;
            }
            if (!a.at(i).isObject()) {
                fail(at,
                     Scenario::tr("a segment such as \"c:P.\" or {\"seg\": \"c:P.\", …} was "
                                  "expected"));
                break;
            }
            const QJsonObject so = a.at(i).toObject();
            const QString p = at + QLatin1Char('.');
            auto s = token(string(so, QStringLiteral("seg"), p, true), p + QStringLiteral("seg"));
            if (!s)
                break;
            s->optional = s->optional || boolean(so, QStringLiteral("optional"), p, false);
            if (const auto seq = number(so, QStringLiteral("seq"), p, 0, 0xffffffffLL))
                s->seq = quint32(*seq);
            if (const auto seq = number(so, QStringLiteral("abs_seq"), p, 0, 0xffffffffLL))
                s->absSeq = quint32(*seq);
            if (const auto ack = number(so, QStringLiteral("ack"), p, 0, 0xffffffffLL))
                s->ack = quint32(*ack);
            s->len = number(so, QStringLiteral("len"), p, 0, 1 << 30);
            if (const auto mss = number(so, QStringLiteral("mss"), p, 1, 65535))
                s->mss = quint32(*mss);
            if (const auto win = number(so, QStringLiteral("win"), p, 0, 65535))
                s->win = quint32(*win);
            if (so.contains(QStringLiteral("sack")))
                s->sack = boolean(so, QStringLiteral("sack"), p, false);
            const QString timing = string(so, QStringLiteral("timing"), p);
            if (timing == QLatin1String("immediate"))
                s->timing = Timing::Immediate;
            else if (timing == QLatin1String("delayed"))
                s->timing = Timing::Delayed;
            else if (timing == QLatin1String("after-timeout"))
                s->timing = Timing::AfterTimeout;
            else if (!timing.isEmpty())
                fail(p + QStringLiteral("timing"),
                     Scenario::tr("\"immediate\", \"delayed\" or \"after-timeout\" was expected"));
            for (const auto &[key, into] :
                 {std::pair {QStringLiteral("resent_after_ms"), &s->resentAfterMs},
                  std::pair {QStringLiteral("gap_ms"), &s->gapMs}}) {
                const QJsonValue v = so.value(key);
                if (v.isUndefined())
                    continue;
                const QJsonArray range = v.toArray();
                if (range.size() != 2 || !range.at(0).isDouble() || !range.at(1).isDouble()
                    || range.at(0).toInt() < 0 || range.at(1).toInt() < range.at(0).toInt()
                    || range.at(1).toInt() > 600000)
                    fail(p + key,
                         Scenario::tr("[at least, at most] in milliseconds was expected, such "
                                      "as [900, 1300]"));
                else
                    *into = std::pair {range.at(0).toInt(), range.at(1).toInt()};
            }
            if (i == 0 && s->timing != Timing::Any)
                fail(p + QStringLiteral("timing"),
                     Scenario::tr("a connection's first segment has no segment before it to be "
                                  "timed from"));
            out.append(*s);
        }
        return out;
    }
    ConnectionExpect connection(const QJsonObject &o, const QString &path)
    {
        ConnectionExpect c;
        c.label = texts(o, QStringLiteral("label"), path, false);
        const QJsonValue w = o.value(QStringLiteral("wire"));
        c.hasWire = !w.isUndefined();
        if (c.hasWire)
            c.wire = wire(w, path + QStringLiteral("wire"));
        c.client = states(o, QStringLiteral("client_states"), path, &c.hasClient);
        c.server = states(o, QStringLiteral("server_states"), path, &c.hasServer);
        return c;
    }
};

ScenarioSide readSide(Reader &r, const QJsonObject &o, const QString &path)
{
    ScenarioSide side;
    side.autoRead = r.boolean(o, QStringLiteral("auto_read"), path, true);
    side.autoAccept = r.boolean(o, QStringLiteral("auto_accept"), path, true);
    side.backlog = r.integer(o, QStringLiteral("backlog"), path, 5, 0, 4096);
    side.reuseAddress = r.boolean(o, QStringLiteral("reuse_address"), path, true);
    const QString engine = r.string(o, QStringLiteral("engine"), path);
    if (!engine.isEmpty() && engine != QLatin1String("native") && engine != QLatin1String("qt"))
        r.fail(path + QStringLiteral("engine"), Scenario::tr("\"native\" or \"qt\" was expected"));
    side.qt = engine == QLatin1String("qt");
    side.options.noDelay = r.boolean(o, QStringLiteral("nodelay"), path, false);
    side.options.cork = r.boolean(o, QStringLiteral("cork"), path, false);
    const int linger = r.integer(o, QStringLiteral("linger"), path, -1, -1, 3600);
    side.options.linger = linger >= 0;
    side.options.lingerSeconds = std::max(0, linger);
    side.options.synCount = r.integer(o, QStringLiteral("syncnt"), path, 0, 0, 127);
    const QJsonValue keepalive = o.value(QStringLiteral("keepalive"));
    if (!keepalive.isUndefined()) {
        const QJsonObject k = keepalive.toObject();
        if (!keepalive.isObject())
            r.fail(path + QStringLiteral("keepalive"),
                   Scenario::tr("{\"idle\": s, \"interval\": s, \"count\": n} was expected"));
        const QString at = path + QStringLiteral("keepalive.");
        side.options.keepIdle = r.integer(k, QStringLiteral("idle"), at, 0, 1, 32767);
        side.options.keepInterval = r.integer(k, QStringLiteral("interval"), at, 0, 0, 32767);
        side.options.keepCount = r.integer(k, QStringLiteral("count"), at, 0, 0, 127);
        if (!r.failed() && side.options.keepIdle == 0)
            r.fail(at + QStringLiteral("idle"),
                   Scenario::tr("the seconds idle before the first probe were expected"));
    }
    const QJsonValue tcp = o.value(QStringLiteral("tcp"));
    if (!tcp.isUndefined() && !tcp.isObject())
        r.fail(path + QStringLiteral("tcp"),
               Scenario::tr("an object of TCP settings was expected, such as {\"tcp_sack\": 0}"));
    const QJsonObject settings = tcp.toObject();
    for (auto it = settings.begin(); it != settings.end() && !r.failed(); ++it) {
        const QString where = path + QStringLiteral("tcp.") + it.key();
        if (!ScenarioSide::tcpSettingNames().contains(it.key())) {
            r.fail(where,
                   Scenario::tr("one of %1 was expected")
                       .arg(ScenarioSide::tcpSettingNames().join(QStringLiteral(", "))));
            break;
        }
        QString value;
        if (it.value().isDouble() && it.value().toDouble() >= 0 && it.value().toDouble() <= 1e9
            && it.value().toDouble() == it.value().toInt())
            value = QString::number(it.value().toInt());
        else if (it.value().isString()
                 && QRegularExpression(QStringLiteral("^[0-9]{1,10}( [0-9]{1,10}){0,2}$"))
                        .match(it.value().toString())
                        .hasMatch())
            value = it.value().toString();
        else {
            r.fail(where,
                   Scenario::tr("a whole number, or up to three separated by spaces "
                                "(\"4096 16384 65536\"), was expected"));
            break;
        }
        side.tcp.insert(it.key(), value);
    }
    return side;
}

QJsonObject writeSide(const ScenarioSide &s);

} // namespace

QStringList ScenarioSide::tcpSettingNames()
{
    return {QStringLiteral("tcp_sack"),
            QStringLiteral("tcp_timestamps"),
            QStringLiteral("tcp_window_scaling"),
            QStringLiteral("tcp_ecn"),
            QStringLiteral("tcp_syn_retries"),
            QStringLiteral("tcp_synack_retries"),
            QStringLiteral("tcp_fin_timeout"),
            QStringLiteral("tcp_syncookies"),
            QStringLiteral("tcp_rmem"),
            QStringLiteral("tcp_wmem"),
            QStringLiteral("tcp_keepalive_time"),
            QStringLiteral("tcp_keepalive_intvl"),
            QStringLiteral("tcp_keepalive_probes"),
            QStringLiteral("tcp_retries2"),
            QStringLiteral("tcp_orphan_retries"),
            QStringLiteral("tcp_early_retrans"),
            QStringLiteral("tcp_moderate_rcvbuf"),
            QStringLiteral("tcp_max_syn_backlog"),
            QStringLiteral("tcp_rfc1337")};
}

namespace {

QJsonObject writeSide(const ScenarioSide &s)
{
    QJsonObject o;
    o.insert(QStringLiteral("auto_read"), s.autoRead);
    o.insert(QStringLiteral("auto_accept"), s.autoAccept);
    o.insert(QStringLiteral("backlog"), s.backlog);
    o.insert(QStringLiteral("reuse_address"), s.reuseAddress);
    if (s.qt)
        o.insert(QStringLiteral("engine"), QStringLiteral("qt"));
    o.insert(QStringLiteral("nodelay"), s.options.noDelay);
    o.insert(QStringLiteral("cork"), s.options.cork);
    if (s.options.linger)
        o.insert(QStringLiteral("linger"), s.options.lingerSeconds);
    if (s.options.synCount > 0)
        o.insert(QStringLiteral("syncnt"), s.options.synCount);
    if (s.options.keepIdle > 0)
        o.insert(QStringLiteral("keepalive"),
                 QJsonObject {{QStringLiteral("idle"), s.options.keepIdle},
                              {QStringLiteral("interval"), s.options.keepInterval},
                              {QStringLiteral("count"), s.options.keepCount}});
    if (!s.tcp.isEmpty()) {
        QJsonObject tcp;
        for (auto it = s.tcp.begin(); it != s.tcp.end(); ++it)
            tcp.insert(it.key(), it.value());
        o.insert(QStringLiteral("tcp"), tcp);
    }
    return o;
}

QJsonObject textsJson(const QMap<QString, QString> &texts)
{
    QJsonObject o;
    for (auto it = texts.begin(); it != texts.end(); ++it)
        o.insert(it.key(), it.value());
    return o;
}

QJsonArray statesJson(const QList<StateExpect> &states)
{
    QJsonArray a;
    for (const StateExpect &s : states) {
        if (!s.kernel) {
            a.append(tcpStateName(s.state));
            continue;
        }
        QJsonObject o {{QStringLiteral("state"), tcpStateName(s.state)},
                       {QStringLiteral("kernel"), true}};
        if (s.timerIsFinTimeout)
            o.insert(QStringLiteral("timer_s"), QStringLiteral("tcp_fin_timeout"));
        else if (s.timerSeconds)
            o.insert(QStringLiteral("timer_s"), *s.timerSeconds);
        a.append(o);
    }
    return a;
}

QJsonValue wireJson(const QList<SegmentExpect> &wire)
{
    bool details = false;
    QStringList tokens;
    for (const SegmentExpect &s : wire) {
        details = details || s.hasDetails();
        tokens.append(s.token());
    }
    if (!details)
        return tokens.join(QLatin1Char(' '));
    QJsonArray a;
    for (const SegmentExpect &s : wire) {
        if (!s.hasDetails()) {
            a.append(s.token());
            continue;
        }
        QJsonObject o {{QStringLiteral("seg"), s.token()}};
        if (s.seq)
            o.insert(QStringLiteral("seq"), qint64(*s.seq));
        if (s.absSeq)
            o.insert(QStringLiteral("abs_seq"), qint64(*s.absSeq));
        if (s.ack)
            o.insert(QStringLiteral("ack"), qint64(*s.ack));
        if (s.len)
            o.insert(QStringLiteral("len"), *s.len);
        if (s.mss)
            o.insert(QStringLiteral("mss"), qint64(*s.mss));
        if (s.win)
            o.insert(QStringLiteral("win"), qint64(*s.win));
        if (s.sack)
            o.insert(QStringLiteral("sack"), *s.sack);
        if (s.timing != Timing::Any)
            o.insert(QStringLiteral("timing"), timingName(s.timing));
        if (s.resentAfterMs)
            o.insert(QStringLiteral("resent_after_ms"),
                     QJsonArray {s.resentAfterMs->first, s.resentAfterMs->second});
        if (s.gapMs)
            o.insert(QStringLiteral("gap_ms"), QJsonArray {s.gapMs->first, s.gapMs->second});
        a.append(o);
    }
    return a;
}

} // namespace

QString ScenarioStep::verbName(StepVerb verb)
{
    for (const auto &v : kVerbs) {
        if (v.verb == verb)
            return QString::fromLatin1(v.name);
    }
    return {};
}

QStringList Scenario::verbNames()
{
    QStringList out;
    for (const auto &v : kVerbs)
        out.append(QString::fromLatin1(v.name));
    return out;
}

QStringList Scenario::eventNames()
{
    QStringList out;
    for (const Side side : {Side::Client, Side::Server}) {
        for (const auto &e : kEvents) {
            if (sideHasEvent(side, e.event))
                out.append(sideText(side) + QLatin1Char('.') + QString::fromLatin1(e.name));
        }
    }
    return out;
}

QString ScenarioStep::waitName() const
{
    return waitFor == StepEvent::None ? QString()
                                      : sideText(waitSide) + QLatin1Char('.') + eventName(waitFor);
}

QString ScenarioStep::describe() const
{
    QString what = verbName(verb);
    switch (verb) {
    case StepVerb::Write:
        what = QStringLiteral("write(\"%1\")").arg(data);
        break;
    case StepVerb::Shutdown:
        what = QStringLiteral("shutdown(%1)").arg(shutdownName(how));
        break;
    case StepVerb::SetSockOpt:
        what = QStringLiteral("setsockopt(%1 = %2)").arg(optionName(option)).arg(value);
        break;
    case StepVerb::SetSocketOption:
        what = QStringLiteral("setSocketOption(%1, %2)").arg(optionName(option)).arg(value);
        break;
    case StepVerb::Wait:
        break;
    case StepVerb::Wire:
        what = QStringLiteral("wire: %1").arg(data);
        break;
    default:
        what += QStringLiteral("()");
        break;
    }
    const QString who = side == Side::Client
        ? QCoreApplication::translate("tcplab::Scenario", "client")
        : QCoreApplication::translate("tcplab::Scenario", "server");
    return who + QStringLiteral(": ") + what;
}

QString Scenario::titleIn(const QString &language) const
{
    return title.value(language, title.value(QStringLiteral("en")));
}

QString Scenario::explanationIn(const QString &language, const Network *network) const
{
    const QString text = explanation.value(language, explanation.value(QStringLiteral("en")));
    if (network && network->kind() == Network::Kind::Lab && text.contains(QLatin1Char('{')))
        return KernelText::expand(text, network->tcpSettings(Side::Client), true);
    return KernelText::expand(text);
}

std::optional<Scenario> Scenario::fromJson(const QByteArray &json, QString *error)
{
    if (json.trimmed().isEmpty()) {
        *error = tr("the file is empty; a scenario in JSON was expected");
        return std::nullopt;
    }
    if (json.size() > kMaxFileBytes) {
        *error = tr("the file is %1 KiB; a scenario is at most %2 KiB")
                     .arg(json.size() / 1024)
                     .arg(kMaxFileBytes / 1024);
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (doc.isNull() || !doc.isObject()) {
        *error = doc.isNull()
            ? tr("not JSON: %1 at byte %2").arg(parseError.errorString()).arg(parseError.offset)
            : tr("a JSON object was expected at the top");
        return std::nullopt;
    }
    const QJsonObject o = doc.object();
    Reader r;
    Scenario s;
    if (r.string(o, QStringLiteral("format"), QString(), true) != QLatin1String("tcplab-scenario/1")
        && !r.failed())
        r.fail(QStringLiteral("format"), tr("\"tcplab-scenario/1\" was expected"));
    s.id = r.string(o, QStringLiteral("id"), QString(), true);
    if (!r.failed()
        && !QRegularExpression(QStringLiteral("^[a-z0-9][a-z0-9-]{0,63}$")).match(s.id).hasMatch())
        r.fail(QStringLiteral("id"), tr("lower-case letters, digits and dashes were expected"));
    s.title = r.texts(o, QStringLiteral("title"), QString());
    s.explanation = r.texts(o, QStringLiteral("explanation"), QString());
    s.pair = r.string(o, QStringLiteral("pair"), QString());
    s.modelledOnly = r.boolean(o, QStringLiteral("modelled_only"), QString(), false);
    s.teardownDelayMs = r.integer(o, QStringLiteral("teardown_delay_ms"), QString(), 0, 0, 10000);
    if (!r.failed() && s.teardownDelayMs > 0 && !s.modelledOnly)
        r.fail(QStringLiteral("teardown_delay_ms"),
               tr("only a modelled textbook picture (\"modelled_only\": true) can slow its wire"));
    s.lesson = r.string(o, QStringLiteral("lesson"), QString());
    const QString programs = r.string(o, QStringLiteral("programs"), QString());
    if (!r.failed() && !programs.isEmpty() && programs != QLatin1String("article"))
        r.fail(QStringLiteral("programs"), tr("\"article\" was expected"));
    s.articlePrograms = programs == QLatin1String("article");
    const QString network = r.string(o, QStringLiteral("network"), QString());
    if (!network.isEmpty()) {
        s.network = Network::kindFromName(network);
        if (!s.network)
            r.fail(QStringLiteral("network"), tr("\"lab\" or \"loopback\" was expected"));
    }
    s.wire = r.string(o, QStringLiteral("wire"), QString());
    QString wireError;
    if (!r.failed() && !s.wire.isEmpty() && !LabNetwork::checkWireSpec(s.wire, &wireError))
        r.fail(QStringLiteral("wire"), wireError);
    if (!r.failed() && !s.wire.isEmpty() && s.network == Network::Kind::Loopback)
        r.fail(QStringLiteral("wire"),
               tr("only the lab network (\"network\": \"lab\") has a wire "
                  "to set"));
    const QJsonValue show = o.value(QStringLiteral("show_connections"));
    if (!show.isUndefined()) {
        if (!show.isArray())
            r.fail(QStringLiteral("show_connections"),
                   tr("a list of connection numbers (1, 2, …) was expected"));
        for (const QJsonValue &v : show.toArray()) {
            if (!v.isDouble() || v.toInt() < 1) {
                r.fail(QStringLiteral("show_connections"),
                       tr("a list of connection numbers (1, 2, …) was expected"));
                break;
            }
            s.show.append(v.toInt());
        }
    }
    for (const auto &[key, side] : {std::pair {QStringLiteral("client"), &s.client},
                                    std::pair {QStringLiteral("server"), &s.server}}) {
        const QJsonValue v = o.value(key);
        if (!v.isUndefined() && !v.isObject())
            r.fail(key, tr("an object of settings was expected"));
        *side = readSide(r, v.toObject(), key + QLatin1Char('.'));
        // Qt's API has no TCP_CORK or SO_LINGER, and QTcpServer always sets SO_REUSEADDR.
        if (!r.failed() && side->qt
            && (side->options.cork || side->options.linger || !side->reuseAddress))
            r.fail(key + QStringLiteral(".engine"),
                   tr("a Qt socket has no cork, linger or reuse_address false"));
    }

    const QJsonValue stepsValue = o.value(QStringLiteral("steps"));
    if (!stepsValue.isArray() || stepsValue.toArray().isEmpty())
        r.fail(QStringLiteral("steps"), tr("a non-empty list of steps was expected"));
    const QJsonArray steps = stepsValue.toArray();
    bool clientQt = s.client.qt; // the engine of the client the next steps act on
    for (qsizetype i = 0; i < steps.size() && !r.failed(); ++i) {
        const QString path = QStringLiteral("steps[%1].").arg(i);
        if (!steps.at(i).isObject()) {
            r.fail(path.chopped(1), tr("a step object was expected"));
            break;
        }
        const QJsonObject so = steps.at(i).toObject();
        ScenarioStep step;
        const QString side = r.string(so, QStringLiteral("side"), path, true);
        if (!r.failed() && side != QLatin1String("client") && side != QLatin1String("server"))
            r.fail(path + QStringLiteral("side"), tr("\"client\" or \"server\" was expected"));
        step.side = side == QLatin1String("server") ? Side::Server : Side::Client;
        const QString verbText = r.string(so, QStringLiteral("verb"), path, true);
        const auto verb = stepVerbFromName(verbText);
        if (!r.failed() && !verb)
            r.fail(path + QStringLiteral("verb"),
                   tr("one of %1 was expected").arg(verbNames().join(QStringLiteral(", "))));
        if (r.failed())
            break;
        step.verb = *verb;
        // A write gives its bytes as "data", or only how many as "size" (a repeated pattern).
        const int size = r.integer(so, QStringLiteral("size"), path, 0, 0, 1 << 20);
        step.data
            = r.string(so, QStringLiteral("data"), path,
                       (step.verb == StepVerb::Write && size == 0) || step.verb == StepVerb::Wire);
        if (!r.failed() && step.verb == StepVerb::Wire) {
            // The wire's rules from this step on: only rules (drop, dup, hold, rst).
            QString error;
            if (!LabNetwork::checkWireSpec(step.data, &error))
                r.fail(path + QStringLiteral("data"), error);
            else if (!LabNetwork::onlyRules(step.data))
                r.fail(path + QStringLiteral("data"),
                       tr("a wire step adds rules (drop, dup, hold, rst); the wire's delay, rate, "
                          "loss and MTU go in the scenario's \"wire\""));
        }
        if (size > 0) {
            if (!step.data.isEmpty() || step.verb != StepVerb::Write)
                r.fail(path + QStringLiteral("size"),
                       tr("a write gives either \"data\" or \"size\", not both"));
            step.size = size;
            const QString pattern = QStringLiteral("0123456789abcdefghijklmnopqrstuvwxyz\n");
            step.data = pattern.repeated(size / int(pattern.size()) + 1).left(size);
        }
        const QString how
            = r.string(so, QStringLiteral("how"), path, step.verb == StepVerb::Shutdown);
        if (step.verb == StepVerb::Shutdown && !r.failed()) {
            if (how == QLatin1String("SHUT_RD"))
                step.how = ShutdownHow::Read;
            else if (how == QLatin1String("SHUT_WR"))
                step.how = ShutdownHow::Write;
            else if (how == QLatin1String("SHUT_RDWR"))
                step.how = ShutdownHow::Both;
            else
                r.fail(path + QStringLiteral("how"),
                       tr("SHUT_RD, SHUT_WR or SHUT_RDWR was expected"));
        }
        if (step.side == Side::Client && step.verb == StepVerb::ConnectToHost)
            clientQt = true;
        else if (step.side == Side::Client
                 && (step.verb == StepVerb::Connect || step.verb == StepVerb::ConnectSelf
                     || step.verb == StepVerb::ConnectClosedPort))
            clientQt = s.client.qt;
        const bool qt = step.side == Side::Server ? s.server.qt : clientQt;
        if (!r.failed() && ((qt && onlyNative(step.verb)) || (!qt && onlyQt(step.verb))))
            r.fail(
                path + QStringLiteral("verb"),
                qt ? tr("%1 is a system call; this %2 runs on Qt's QTcpSocket").arg(verbText, side)
                   : tr("%1 is Qt's; this %2 runs on the system calls (\"engine\": \"qt\" "
                        "or connectToHost make a Qt socket)")
                         .arg(verbText, side));
        const bool optionVerb
            = step.verb == StepVerb::SetSockOpt || step.verb == StepVerb::SetSocketOption;
        const QString option = r.string(so, QStringLiteral("option"), path, optionVerb);
        if (!r.failed() && step.verb == StepVerb::SetSocketOption) {
            if (option != QLatin1String("LowDelayOption"))
                r.fail(path + QStringLiteral("option"), tr("LowDelayOption was expected"));
            step.option = SocketOption::Name::LowDelay;
        }
        if (!r.failed() && step.verb == StepVerb::SetSockOpt) {
            const auto name = optionFromName(option);
            if (name == SocketOption::Name::NoDelay || name == SocketOption::Name::Cork
                || name == SocketOption::Name::Linger)
                step.option = *name;
            else
                r.fail(path + QStringLiteral("option"),
                       tr("TCP_NODELAY, TCP_CORK or SO_LINGER was expected"));
        }
        step.value = r.integer(so, QStringLiteral("value"), path, 1, -1, 3600);
        step.reuseAddress = r.boolean(so, QStringLiteral("reuse_address"), path, true);
        const QString waitFor = r.string(so, QStringLiteral("wait_for"), path);
        if (!r.failed() && !waitFor.isEmpty()) {
            if (!eventNames().contains(waitFor)) {
                r.fail(path + QStringLiteral("wait_for"),
                       tr("one of %1 was expected").arg(eventNames().join(QStringLiteral(", "))));
            } else {
                step.waitSide
                    = waitFor.startsWith(QLatin1String("server")) ? Side::Server : Side::Client;
                const QString name = waitFor.section(QLatin1Char('.'), 1);
                for (const auto &e : kEvents) {
                    if (name == QLatin1String(e.name))
                        step.waitFor = e.event;
                }
            }
        }
        step.receivedAtLeast = r.integer(so, QStringLiteral("received"), path, 0, 1, 1 << 30);
        if (!r.failed() && step.receivedAtLeast > 0 && step.waitFor != StepEvent::Data)
            r.fail(path + QStringLiteral("received"),
                   tr("\"received\" counts the bytes of \"wait_for\": \"server.data\" or "
                      "\"client.data\""));
        step.delayMs = r.integer(so, QStringLiteral("delay_ms"), path, 0, 0, 60000);
        const QString expectErrno = r.string(so, QStringLiteral("expect_errno"), path);
        if (!expectErrno.isEmpty()) {
            const int err = errnoFromName(expectErrno);
            if (err <= 0)
                r.fail(path + QStringLiteral("expect_errno"),
                       tr("an errno name such as EADDRINUSE or EPIPE was expected"));
            else
                step.expectErrno = err;
        }
        step.atOnce = r.boolean(so, QStringLiteral("at_once"), path, false);
        if (!r.failed() && step.atOnce
            && (i == 0 || step.waitFor != StepEvent::None || step.delayMs > 0))
            r.fail(path + QStringLiteral("at_once"),
                   tr("a step that runs at once follows another step and does not wait"));
        step.note = r.string(so, QStringLiteral("note"), path);
        if (!r.failed() && step.verb == StepVerb::Wait && step.waitFor == StepEvent::None
            && step.delayMs == 0)
            r.fail(path.chopped(1), tr("a wait step needs \"wait_for\" or \"delay_ms\""));
        s.steps.append(step);
    }

    const bool wireSteps = std::any_of(s.steps.begin(), s.steps.end(), [](const ScenarioStep &st) {
        return st.verb == StepVerb::Wire;
    });
    if (!r.failed() && wireSteps && s.network != Network::Kind::Lab)
        r.fail(QStringLiteral("network"),
               tr("a scenario with wire steps runs on the lab network: \"network\": \"lab\" "
                  "was expected"));
    const QJsonValue expectValue = o.value(QStringLiteral("expect"));
    if (!expectValue.isObject())
        r.fail(QStringLiteral("expect"),
               tr("an object with the expected \"wire\" pattern was expected"));
    const QJsonObject expect = expectValue.toObject();
    const QJsonValue connections = expect.value(QStringLiteral("connections"));
    const bool single = expect.contains(QStringLiteral("wire"))
        || expect.contains(QStringLiteral("client_states"))
        || expect.contains(QStringLiteral("server_states"));
    if (!r.failed() && connections.isUndefined() && !single)
        r.fail(QStringLiteral("expect"),
               tr("\"wire\" (or \"connections\", one object per connection) was expected"));
    if (!r.failed() && !connections.isUndefined() && single)
        r.fail(
            QStringLiteral("expect"),
            tr("either \"wire\" and the states of one connection, or \"connections\", not both"));
    if (!r.failed() && single) {
        s.expect.connections.append(r.connection(expect, QStringLiteral("expect.")));
        if (!r.failed() && !s.expect.connections.constFirst().hasWire)
            r.fail(QStringLiteral("expect.wire"),
                   tr("missing; segments such as \"c:S s:S. c:.\" were expected"));
    } else if (!r.failed()) {
        if (!connections.isArray() || connections.toArray().isEmpty())
            r.fail(QStringLiteral("expect.connections"),
                   tr("a non-empty list of connections was expected"));
        const QJsonArray list = connections.toArray();
        for (qsizetype i = 0; i < list.size() && !r.failed(); ++i)
            s.expect.connections.append(r.connection(
                list.at(i).toObject(), QStringLiteral("expect.connections[%1].").arg(i)));
    }
    s.expect.listener = r.states(expect, QStringLiteral("listener_states"),
                                 QStringLiteral("expect."), &s.expect.hasListener);
    const QJsonValue calls = expect.value(QStringLiteral("calls"));
    if (!calls.isUndefined() && !calls.isArray())
        r.fail(QStringLiteral("expect.calls"), tr("a list of calls was expected"));
    for (qsizetype i = 0; i < calls.toArray().size() && !r.failed(); ++i) {
        const QString path = QStringLiteral("expect.calls[%1].").arg(i);
        const QJsonObject co = calls.toArray().at(i).toObject();
        CallExpect c;
        const QString side = r.string(co, QStringLiteral("side"), path, true);
        if (!r.failed() && side != QLatin1String("client") && side != QLatin1String("server"))
            r.fail(path + QStringLiteral("side"), tr("\"client\" or \"server\" was expected"));
        c.side = side == QLatin1String("server") ? Side::Server : Side::Client;
        const auto verb = verbFromName(r.string(co, QStringLiteral("call"), path, true));
        if (!r.failed() && !verb)
            r.fail(path + QStringLiteral("call"), tr("a call such as read or write was expected"));
        c.verb = verb.value_or(Verb::Read);
        c.conn = r.integer(co, QStringLiteral("conn"), path, 0, 0, 1000);
        c.result = r.number(co, QStringLiteral("result"), path, -1, 1 << 30);
        const QString err = r.string(co, QStringLiteral("errno"), path);
        if (co.contains(QStringLiteral("errno"))) {
            c.err = errnoFromName(err);
            if (*c.err < 0)
                r.fail(path + QStringLiteral("errno"),
                       tr("an errno name such as ECONNRESET, or \"\" for success, was expected"));
        }
        const QString soError = r.string(co, QStringLiteral("so_error"), path);
        if (co.contains(QStringLiteral("so_error"))) {
            c.soError = errnoFromName(soError);
            if (*c.soError < 0)
                r.fail(path + QStringLiteral("so_error"),
                       tr("an errno name such as ECONNREFUSED, or \"\" for none, was expected"));
        }
        const QString qtError = r.string(co, QStringLiteral("qt_error"), path);
        if (co.contains(QStringLiteral("qt_error"))) {
            c.qtError = qtErrorFromName(qtError);
            if (*c.qtError < 0)
                r.fail(path + QStringLiteral("qt_error"),
                       tr("a QAbstractSocket::SocketError name such as RemoteHostClosedError "
                          "was expected"));
        }
        if (co.contains(QStringLiteral("option"))) {
            const QJsonObject opt = co.value(QStringLiteral("option")).toObject();
            const auto name = optionFromName(opt.value(QStringLiteral("name")).toString());
            if (!name)
                r.fail(path + QStringLiteral("option.name"),
                       tr("an option the lab sets, such as SO_LINGER or TCP_NODELAY, was "
                          "expected"));
            else
                c.option = SocketOption {*name, opt.value(QStringLiteral("value")).toInt(),
                                         opt.value(QStringLiteral("seconds")).toInt()};
        }
        s.expect.calls.append(c);
    }
    if (!r.failed() && !s.show.isEmpty()
        && *std::max_element(s.show.cbegin(), s.show.cend()) > s.expect.connections.size())
        r.fail(QStringLiteral("show_connections"),
               tr("the experiment expects %n connection(s)", nullptr,
                  int(s.expect.connections.size())));
    if (r.failed()) {
        *error = r.error;
        return std::nullopt;
    }
    return s;
}

QByteArray Scenario::toJson() const
{
    QJsonObject o;
    o.insert(QStringLiteral("format"), QStringLiteral("tcplab-scenario/1"));
    o.insert(QStringLiteral("id"), id);
    o.insert(QStringLiteral("title"), textsJson(title));
    o.insert(QStringLiteral("explanation"), textsJson(explanation));
    if (!pair.isEmpty())
        o.insert(QStringLiteral("pair"), pair);
    if (modelledOnly)
        o.insert(QStringLiteral("modelled_only"), true);
    if (teardownDelayMs)
        o.insert(QStringLiteral("teardown_delay_ms"), teardownDelayMs);
    if (!lesson.isEmpty())
        o.insert(QStringLiteral("lesson"), lesson);
    if (articlePrograms)
        o.insert(QStringLiteral("programs"), QStringLiteral("article"));
    if (network)
        o.insert(QStringLiteral("network"), Network::kindName(*network));
    if (!wire.isEmpty())
        o.insert(QStringLiteral("wire"), wire);
    if (!show.isEmpty()) {
        QJsonArray a;
        for (const int n : show)
            a.append(n);
        o.insert(QStringLiteral("show_connections"), a);
    }
    o.insert(QStringLiteral("client"), writeSide(client));
    o.insert(QStringLiteral("server"), writeSide(server));
    QJsonArray steps;
    for (const ScenarioStep &step : this->steps) {
        QJsonObject so;
        so.insert(QStringLiteral("side"), sideText(step.side));
        so.insert(QStringLiteral("verb"), ScenarioStep::verbName(step.verb));
        if (step.size > 0)
            so.insert(QStringLiteral("size"), step.size);
        else if (!step.data.isEmpty() || step.verb == StepVerb::Write)
            so.insert(QStringLiteral("data"), step.data);
        if (step.verb == StepVerb::Shutdown)
            so.insert(QStringLiteral("how"), shutdownName(step.how));
        if (step.option != SocketOption::Name::None) {
            so.insert(QStringLiteral("option"), optionName(step.option));
            so.insert(QStringLiteral("value"), step.value);
        }
        if (step.verb == StepVerb::ListenAgain)
            so.insert(QStringLiteral("reuse_address"), step.reuseAddress);
        if (step.waitFor != StepEvent::None)
            so.insert(QStringLiteral("wait_for"), step.waitName());
        if (step.delayMs)
            so.insert(QStringLiteral("delay_ms"), step.delayMs);
        if (step.expectErrno)
            so.insert(QStringLiteral("expect_errno"), errnoName(*step.expectErrno));
        if (step.atOnce)
            so.insert(QStringLiteral("at_once"), true);
        if (step.receivedAtLeast > 0)
            so.insert(QStringLiteral("received"), step.receivedAtLeast);
        if (!step.note.isEmpty())
            so.insert(QStringLiteral("note"), step.note);
        steps.append(so);
    }
    o.insert(QStringLiteral("steps"), steps);
    QJsonObject expectObject;
    QJsonArray connections;
    for (const ConnectionExpect &c : expect.connections) {
        QJsonObject co;
        if (!c.label.isEmpty())
            co.insert(QStringLiteral("label"), textsJson(c.label));
        if (c.hasWire)
            co.insert(QStringLiteral("wire"), wireJson(c.wire));
        if (c.hasClient)
            co.insert(QStringLiteral("client_states"), statesJson(c.client));
        if (c.hasServer)
            co.insert(QStringLiteral("server_states"), statesJson(c.server));
        connections.append(co);
    }
    if (connections.size() == 1 && expect.connections.constFirst().label.isEmpty()) {
        const QJsonObject only = connections.at(0).toObject();
        for (auto it = only.begin(); it != only.end(); ++it)
            expectObject.insert(it.key(), it.value());
    } else {
        expectObject.insert(QStringLiteral("connections"), connections);
    }
    if (expect.hasListener)
        expectObject.insert(QStringLiteral("listener_states"), statesJson(expect.listener));
    if (!expect.calls.isEmpty()) {
        QJsonArray calls;
        for (const CallExpect &c : expect.calls) {
            QJsonObject co {{QStringLiteral("side"), sideText(c.side)},
                            {QStringLiteral("call"), tcplab::verbName(c.verb)}};
            if (c.conn)
                co.insert(QStringLiteral("conn"), c.conn);
            if (c.result)
                co.insert(QStringLiteral("result"), *c.result);
            if (c.err)
                co.insert(QStringLiteral("errno"), errnoName(*c.err));
            if (c.soError)
                co.insert(QStringLiteral("so_error"), errnoName(*c.soError));
            if (c.qtError)
                co.insert(QStringLiteral("qt_error"), qtErrorName(*c.qtError));
            if (c.option) {
                QJsonObject opt {{QStringLiteral("name"), optionName(c.option->name)},
                                 {QStringLiteral("value"), c.option->value}};
                if (c.option->name == SocketOption::Name::Linger)
                    opt.insert(QStringLiteral("seconds"), c.option->seconds);
                co.insert(QStringLiteral("option"), opt);
            }
            calls.append(co);
        }
        expectObject.insert(QStringLiteral("calls"), calls);
    }
    o.insert(QStringLiteral("expect"), expectObject);
    return QJsonDocument(o).toJson(QJsonDocument::Indented);
}

} // namespace tcplab
