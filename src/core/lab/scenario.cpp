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

// What the file has where a problem is: its JSON, short ("sendd", 5, {"a": 1}).
QString jsonText(const QJsonValue &v)
{
    if (v.isUndefined())
        return QStringLiteral("nothing");
    QString text = QString::fromUtf8(QJsonDocument(QJsonArray {v}).toJson(QJsonDocument::Compact));
    text = text.mid(1, text.size() - 2);
    if (text.size() > 60)
        text = text.left(57) + QStringLiteral("…");
    return text;
}

// Reads typed fields and collects every problem, each a sentence with the field's JSON path,
// what was expected there and what the file has. A problem in one part (a side, a step, a
// connection) does not hide those of the others; within a part, the checks that build on a
// field only run once the part's fields are right.
class Reader
{
public:
    QStringList problems;

    // Whether the part being read has a problem (or one of the parts inside it).
    bool failed() const { return problems.size() > m_start; }
    int count() const { return int(problems.size()); }
    void fail(const QString &message) { problems.append(message); }

    class Part
    {
    public:
        explicit Part(Reader &r)
            : m_r(r)
            , m_saved(r.m_start)
        {
            r.m_start = int(r.problems.size());
        }
        ~Part() { m_r.m_start = m_saved; }
        Part(const Part &) = delete;
        Part &operator=(const Part &) = delete;

    private:
        Reader &m_r;
        int m_saved;
    };

    // A key the format does not have is most often a misspelt one ("wait-for"), which would
    // otherwise be ignored and change the experiment without a word.
    void onlyKeys(const QJsonObject &o, const QString &path, Scenario::Keys which)
    {
        const QStringList known = Scenario::keys(which);
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (!known.contains(it.key()))
                fail(Scenario::tr("%1: unknown key; expected one of %2")
                         .arg(path + it.key(), known.join(QStringLiteral(", "))));
        }
    }
    void oneOf(const QString &path, const QStringList &names, const QJsonValue &v)
    {
        fail(Scenario::tr("%1: expected one of %2 — got %3")
                 .arg(path, names.join(QStringLiteral(", ")), jsonText(v)));
    }
    QString string(const QJsonObject &o, const QString &key, const QString &path,
                   bool required = false)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined()) {
            if (required)
                fail(Scenario::tr("%1: missing; expected a text").arg(path + key));
            return {};
        }
        if (!v.isString()) {
            fail(Scenario::tr("%1: expected a text — got %2").arg(path + key, jsonText(v)));
            return {};
        }
        return v.toString();
    }
    // A text that must be one of names (or absent: empty).
    QString choice(const QJsonObject &o, const QString &key, const QString &path,
                   const QStringList &names, bool required = false)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined() && !required)
            return {};
        if (v.isUndefined()) {
            fail(Scenario::tr("%1: missing; expected one of %2")
                     .arg(path + key, names.join(QStringLiteral(", "))));
            return {};
        }
        if (!v.isString() || !names.contains(v.toString())) {
            oneOf(path + key, names, v);
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
            fail(Scenario::tr("%1: expected true or false — got %2").arg(path + key, jsonText(v)));
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
            fail(Scenario::tr("%1: expected a whole number from %2 to %3 — got %4")
                     .arg(path + key)
                     .arg(min)
                     .arg(max)
                     .arg(jsonText(v)));
            return std::nullopt;
        }
        return qint64(d);
    }
    int integer(const QJsonObject &o, const QString &key, const QString &path, int fallback,
                int min, int max)
    {
        return int(number(o, key, path, min, max).value_or(fallback));
    }
    // {"en": ["…", …], "zh_CN": […]}: a few sentences by language; optional.
    QMap<QString, QStringList> textLists(const QJsonObject &o, const QString &key,
                                         const QString &path)
    {
        QMap<QString, QStringList> out;
        const QJsonValue v = o.value(key);
        if (v.isUndefined())
            return out;
        if (!v.isObject()) {
            fail(Scenario::tr("%1: expected {\"en\": [\"…\", …], \"zh_CN\": […]} — got %2")
                     .arg(path + key, jsonText(v)));
            return out;
        }
        const QJsonObject t = v.toObject();
        for (auto it = t.begin(); it != t.end(); ++it) {
            const QString at = path + key + QLatin1Char('.') + it.key();
            if (!it.value().isArray()) {
                fail(Scenario::tr("%1: expected a list of texts — got %2")
                         .arg(at, jsonText(it.value())));
                continue;
            }
            QStringList lines;
            const QJsonArray a = it.value().toArray();
            for (qsizetype i = 0; i < a.size(); ++i) {
                if (!a.at(i).isString() || a.at(i).toString().trimmed().isEmpty())
                    fail(Scenario::tr("%1: expected a text — got %2")
                             .arg(at + QStringLiteral("[%1]").arg(i), jsonText(a.at(i))));
                else
                    lines.append(a.at(i).toString());
            }
            out.insert(it.key(), lines);
        }
        if (!t.contains(QStringLiteral("en")))
            fail(Scenario::tr("%1: missing; an English text is required")
                     .arg(path + key + QStringLiteral(".en")));
        return out;
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
                    fail(Scenario::tr("%1: expected a text — got %2")
                             .arg(path + key + QLatin1Char('.') + it.key(), jsonText(it.value())));
                    continue;
                }
                out.insert(it.key(), it.value().toString());
            }
            if (!t.contains(QStringLiteral("en")))
                fail(Scenario::tr("%1: missing; an English text is required")
                         .arg(path + key + QStringLiteral(".en")));
        } else if (v.isUndefined()) {
            fail(Scenario::tr("%1: missing; expected a text or {\"en\": …, \"zh_CN\": …}")
                     .arg(path + key));
        } else {
            fail(Scenario::tr("%1: expected a text or {\"en\": …, \"zh_CN\": …} — got %2")
                     .arg(path + key, jsonText(v)));
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
            fail(Scenario::tr("%1: expected a list of TCP state names — got %2")
                     .arg(path + key, jsonText(v)));
            return out;
        }
        const QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            const QString at = QStringLiteral("%1%2[%3]").arg(path, key).arg(i);
            StateExpect s;
            QJsonValue name = a.at(i);
            const int before = count();
            if (a.at(i).isObject()) {
                const QJsonObject so = a.at(i).toObject();
                onlyKeys(so, at + QLatin1Char('.'), Scenario::Keys::State);
                name = so.value(QStringLiteral("state"));
                if (name.isUndefined()) {
                    fail(Scenario::tr("%1: missing; expected a TCP state name such as "
                                      "ESTABLISHED or TIME_WAIT")
                             .arg(at + QStringLiteral(".state")));
                    continue;
                }
                s.kernel = boolean(so, QStringLiteral("kernel"), at + QLatin1Char('.'), false);
                const QJsonValue timer = so.value(QStringLiteral("timer_s"));
                if (timer.isString() && timer.toString() == QLatin1String("tcp_fin_timeout")) {
                    s.timerIsFinTimeout = true;
                    s.timerSeconds = TcpSysctls::read().finTimeout;
                } else if (timer.isDouble() && timer.toDouble() >= 1 && timer.toDouble() <= 3600
                           && timer.toDouble() == std::trunc(timer.toDouble())) {
                    s.timerSeconds = timer.toInt();
                } else if (!timer.isUndefined()) {
                    fail(Scenario::tr("%1: expected a number of seconds from 1 to 3600, or "
                                      "\"tcp_fin_timeout\" — got %2")
                             .arg(at + QStringLiteral(".timer_s"), jsonText(timer)));
                }
                if (s.timerSeconds)
                    s.kernel = true; // the timer is the kernel's word
            }
            const auto state = tcpStateFromName(name.toString());
            if (!name.isString() || !state) {
                fail(Scenario::tr("%1: expected a TCP state name such as ESTABLISHED or "
                                  "TIME_WAIT (or {\"state\": …, \"kernel\": true}) — got %2")
                         .arg(a.at(i).isObject() ? at + QStringLiteral(".state") : at,
                              jsonText(name)));
                continue;
            }
            if (count() > before)
                continue;
            s.state = *state;
            out.append(s);
        }
        return out;
    }
    // Why a segment's token is not one: its side, its flags or its fate.
    void badToken(const QString &text, const QString &where)
    {
        static const QRegularExpression side(QStringLiteral("^[cs]:"));
        static const QRegularExpression flags(
            QStringLiteral("^[cs]:(?:[SFPRUEW]+\\.?|\\.)(/|\\?|$)"));
        const QString shown = jsonText(text);
        if (!side.match(text).hasMatch()) {
            fail(Scenario::tr("%1: expected a segment that starts with c: (the client's) or s: "
                              "(the server's), such as \"c:S\" or \"s:S.\" — got %2")
                     .arg(where, shown));
        } else if (!flags.match(text).hasMatch()) {
            fail(Scenario::tr("%1: expected TCP flags after c: or s:, from S, F, P, R, U, E "
                              "and W, then . for ACK (\"S\", \"S.\", \"FP.\", \".\"), then ? "
                              "for one that may not come — got %2")
                     .arg(where, shown));
        } else {
            QStringList fates;
            for (WireFate f : {WireFate::Dropped, WireFate::Lost, WireFate::Duplicate,
                               WireFate::Injected, WireFate::Swallowed, WireFate::QueueFull})
                fates.append(wireFateName(f));
            fail(Scenario::tr("%1: expected what the wire did after / (one of %2), then ? for "
                              "a segment that may not come — got %3")
                     .arg(where, fates.join(QStringLiteral(", ")), shown));
        }
    }
    QList<SegmentExpect> wire(const QJsonValue &v, const QString &path)
    {
        QList<SegmentExpect> out;
        if (v.isString()) {
            for (const QString &t : v.toString().split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
                if (const auto s = SegmentExpect::fromToken(t))
                    out.append(*s);
                else
                    badToken(t, path);
            }
            return out;
        }
        if (!v.isArray()) {
            fail(Scenario::tr("%1: expected the segments as \"c:S s:S. c:.\" or a list — got %2")
                     .arg(path, jsonText(v)));
            return out;
        }
        const QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            Part part(*this);
            const QString at = QStringLiteral("%1[%2]").arg(path).arg(i);
            if (a.at(i).isString()) {
                if (const auto s = SegmentExpect::fromToken(a.at(i).toString()))
                    out.append(*s);
                else
                    badToken(a.at(i).toString(), at);
                continue;
            }
            if (!a.at(i).isObject()) {
                fail(Scenario::tr("%1: expected a segment such as \"c:P.\" or {\"seg\": \"c:P.\", "
                                  "…} — got %2")
                         .arg(at, jsonText(a.at(i))));
                continue;
            }
            const QJsonObject so = a.at(i).toObject();
            const QString p = at + QLatin1Char('.');
            onlyKeys(so, p, Scenario::Keys::Segment);
            const QString token = string(so, QStringLiteral("seg"), p, true);
            auto s = SegmentExpect::fromToken(token);
            if (!s && !failed())
                badToken(token, p + QStringLiteral("seg"));
            if (!s)
                s = SegmentExpect();
            s->optional = boolean(so, QStringLiteral("optional"), p, false) || s->optional;
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
            const QString timing
                = choice(so, QStringLiteral("timing"), p,
                         {timingName(Timing::Immediate), timingName(Timing::Delayed),
                          timingName(Timing::AfterTimeout)});
            for (const Timing t : {Timing::Immediate, Timing::Delayed, Timing::AfterTimeout}) {
                if (timing == timingName(t))
                    s->timing = t;
            }
            for (const auto &[key, into] :
                 {std::pair {QStringLiteral("resent_after_ms"), &s->resentAfterMs},
                  std::pair {QStringLiteral("gap_ms"), &s->gapMs}}) {
                const QJsonValue v = so.value(key);
                if (v.isUndefined())
                    continue;
                const QJsonArray range = v.toArray();
                auto whole = [](const QJsonValue &n) {
                    return n.isDouble() && n.toDouble() >= 0 && n.toDouble() <= 600000
                        && n.toDouble() == std::trunc(n.toDouble());
                };
                if (!v.isArray() || range.size() != 2 || !whole(range.at(0)) || !whole(range.at(1))
                    || range.at(1).toInt() < range.at(0).toInt())
                    fail(Scenario::tr("%1: expected [at least, at most] in milliseconds up to "
                                      "600000, such as [900, 1300] — got %2")
                             .arg(p + key, jsonText(v)));
                else
                    *into = std::pair {range.at(0).toInt(), range.at(1).toInt()};
            }
            if (i == 0 && s->timing != Timing::Any)
                fail(Scenario::tr("%1: a connection's first segment has no segment before it to "
                                  "be timed from")
                         .arg(p + QStringLiteral("timing")));
            if (!failed())
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

private:
    int m_start = 0;
};

ScenarioSide readSide(Reader &r, const QJsonObject &o, const QString &path)
{
    ScenarioSide side;
    r.onlyKeys(o, path, Scenario::Keys::Side);
    side.autoRead = r.boolean(o, QStringLiteral("auto_read"), path, true);
    side.autoAccept = r.boolean(o, QStringLiteral("auto_accept"), path, true);
    side.backlog = r.integer(o, QStringLiteral("backlog"), path, 5, 0, 4096);
    side.reuseAddress = r.boolean(o, QStringLiteral("reuse_address"), path, true);
    side.qt = r.choice(o, QStringLiteral("engine"), path,
                       {QStringLiteral("native"), QStringLiteral("qt")})
        == QLatin1String("qt");
    side.options.noDelay = r.boolean(o, QStringLiteral("nodelay"), path, false);
    side.options.cork = r.boolean(o, QStringLiteral("cork"), path, false);
    const int linger = r.integer(o, QStringLiteral("linger"), path, -1, -1, 3600);
    side.options.linger = linger >= 0;
    side.options.lingerSeconds = std::max(0, linger);
    side.options.synCount = r.integer(o, QStringLiteral("syncnt"), path, 0, 0, 127);
    const QJsonValue keepalive = o.value(QStringLiteral("keepalive"));
    if (!keepalive.isUndefined()) {
        const QJsonObject k = keepalive.toObject();
        const QString at = path + QStringLiteral("keepalive.");
        if (!keepalive.isObject()) {
            r.fail(Scenario::tr("%1: expected {\"idle\": s, \"interval\": s, \"count\": n} — "
                                "got %2")
                       .arg(path + QStringLiteral("keepalive"), jsonText(keepalive)));
        } else {
            r.onlyKeys(k, at, Scenario::Keys::Keepalive);
            if (!k.contains(QStringLiteral("idle")))
                r.fail(Scenario::tr("%1: missing; expected the seconds idle before the first "
                                    "probe")
                           .arg(at + QStringLiteral("idle")));
        }
        side.options.keepIdle = r.integer(k, QStringLiteral("idle"), at, 0, 1, 32767);
        side.options.keepInterval = r.integer(k, QStringLiteral("interval"), at, 0, 0, 32767);
        side.options.keepCount = r.integer(k, QStringLiteral("count"), at, 0, 0, 127);
    }
    const QJsonValue tcp = o.value(QStringLiteral("tcp"));
    if (!tcp.isUndefined() && !tcp.isObject())
        r.fail(Scenario::tr("%1: expected an object of TCP settings such as {\"tcp_sack\": 0} — "
                            "got %2")
                   .arg(path + QStringLiteral("tcp"), jsonText(tcp)));
    const QJsonObject settings = tcp.toObject();
    static const QRegularExpression numbers(QStringLiteral("^[0-9]{1,10}( [0-9]{1,10}){0,2}$"));
    for (auto it = settings.begin(); it != settings.end(); ++it) {
        const QString where = path + QStringLiteral("tcp.") + it.key();
        if (!ScenarioSide::tcpSettingNames().contains(it.key())) {
            r.fail(Scenario::tr("%1: unknown TCP setting; expected one of %2")
                       .arg(where, ScenarioSide::tcpSettingNames().join(QStringLiteral(", "))));
            continue;
        }
        QString value;
        if (it.value().isDouble() && it.value().toDouble() >= 0 && it.value().toDouble() <= 1e9
            && it.value().toDouble() == it.value().toInt())
            value = QString::number(it.value().toInt());
        else if (it.value().isString() && numbers.match(it.value().toString()).hasMatch())
            value = it.value().toString();
        else {
            r.fail(Scenario::tr("%1: expected a whole number, or up to three separated by spaces "
                                "(\"4096 16384 65536\") — got %2")
                       .arg(where, jsonText(it.value())));
            continue;
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

QStringList Scenario::lookForIn(const QString &language, const Network *network) const
{
    QStringList lines = lookFor.value(language, lookFor.value(QStringLiteral("en")));
    for (QString &line : lines) {
        if (!line.contains(QLatin1Char('{')))
            continue;
        line = network && network->kind() == Network::Kind::Lab
            ? KernelText::expand(line, network->tcpSettings(Side::Client), true)
            : KernelText::expand(line);
    }
    return lines;
}

QStringList Scenario::keys(Keys which)
{
    auto list = [](std::initializer_list<const char *> names) {
        QStringList out;
        for (const char *n : names)
            out.append(QString::fromLatin1(n));
        return out;
    };
    switch (which) {
    case Keys::Top:
        return list({"format", "id", "title", "explanation", "look_for", "pair", "modelled_only",
                     "teardown_delay_ms", "lesson", "programs", "network", "wire",
                     "show_connections", "client", "server", "steps", "expect"});
    case Keys::Side:
        return list({"auto_read", "auto_accept", "backlog", "reuse_address", "engine", "nodelay",
                     "cork", "linger", "syncnt", "keepalive", "tcp"});
    case Keys::Keepalive:
        return list({"idle", "interval", "count"});
    case Keys::Step:
        return list({"side", "verb", "data", "size", "how", "option", "value", "reuse_address",
                     "wait_for", "received", "delay_ms", "expect_errno", "at_once", "note"});
    case Keys::Expect:
        return list({"wire", "client_states", "server_states", "label", "connections",
                     "listener_states", "calls"});
    case Keys::Connection:
        return list({"label", "wire", "client_states", "server_states"});
    case Keys::Segment:
        return list({"seg", "optional", "seq", "abs_seq", "ack", "len", "mss", "win", "sack",
                     "timing", "resent_after_ms", "gap_ms"});
    case Keys::State:
        return list({"state", "kernel", "timer_s"});
    case Keys::Call:
        return list({"side", "call", "conn", "result", "errno", "so_error", "qt_error", "option"});
    case Keys::CallOption:
        return list({"name", "value", "seconds"});
    }
    return {};
}

std::optional<Scenario> Scenario::fromJson(const QByteArray &json, QString *error)
{
    QStringList problems;
    auto s = fromJson(json, &problems);
    if (!s)
        *error = problems.value(0);
    return s;
}

namespace {

// Where a parse error is, as an editor shows it: line and column (in characters) from 1.
std::pair<int, int> lineAndColumn(const QByteArray &json, int offset)
{
    const QByteArray before = json.left(std::clamp(offset, 0, int(json.size())));
    const int line = int(before.count('\n')) + 1;
    const int lineStart = int(before.lastIndexOf('\n')) + 1;
    return {line, int(QString::fromUtf8(before.mid(lineStart)).size()) + 1};
}

bool socketVerb(StepVerb verb)
{
    switch (verb) {
    case StepVerb::Write:
    case StepVerb::Read:
    case StepVerb::Shutdown:
    case StepVerb::Close:
    case StepVerb::Abort:
    case StepVerb::SetSockOpt:
    case StepVerb::ReadAll:
    case StepVerb::DisconnectFromHost:
    case StepVerb::SetSocketOption:
        return true;
    default:
        return false;
    }
}

bool serverVerb(StepVerb verb)
{
    return verb == StepVerb::Listen || verb == StepVerb::ListenAgain
        || verb == StepVerb::StopListening || verb == StepVerb::Accept
        || verb == StepVerb::NextPendingConnection;
}

bool connectVerb(StepVerb verb)
{
    return verb == StepVerb::Connect || verb == StepVerb::ConnectSelf
        || verb == StepVerb::ConnectClosedPort || verb == StepVerb::ConnectToHost;
}

// What the runner would find missing when it got to a step, found before running: the
// sockets each step needs must have been made by the steps before it.
// A file may hold one side's steps only, for that side against another program (tcplab run
// --role client or server): what the other side's steps would make is asked for only when the
// file has such steps.
void checkOrder(Reader &r, const Scenario &s, const QList<int> &at)
{
    const bool anyListen = std::any_of(s.steps.begin(), s.steps.end(), [](const ScenarioStep &st) {
        return st.verb == StepVerb::Listen;
    });
    const bool anyConnect = std::any_of(s.steps.begin(), s.steps.end(), [](const ScenarioStep &st) {
        return st.verb == StepVerb::Connect || st.verb == StepVerb::ConnectToHost;
    });
    bool listening = false;
    bool clientSocket = false; // the client has made a socket
    bool served = false; // a client connected to the listener
    bool accepted = false; // the server has taken one from its queue (or takes them itself)
    for (int i = 0; i < s.steps.size(); ++i) {
        const ScenarioStep &step = s.steps.at(i);
        const QString path = QStringLiteral("steps[%1]").arg(at.at(i));
        const QString verb = ScenarioStep::verbName(step.verb);
        if (step.waitFor != StepEvent::None) {
            const QString where = path + QStringLiteral(".wait_for");
            if (step.waitSide == Side::Client && !clientSocket)
                r.fail(Scenario::tr("%1: the client has no connection to wait on: no step "
                                    "before it connects")
                           .arg(where));
            else if (step.waitSide == Side::Server && !listening)
                r.fail(Scenario::tr("%1: the server has nothing to wait on: no step before it "
                                    "listens")
                           .arg(where));
            else if (step.waitSide == Side::Server && !served && anyConnect
                     && (step.waitFor == StepEvent::Data || step.waitFor == StepEvent::Eof
                         || step.waitFor == StepEvent::Reset))
                r.fail(Scenario::tr("%1: the server has no connection to wait on: no client "
                                    "connects before it")
                           .arg(where));
        }
        if (serverVerb(step.verb) && step.side == Side::Client) {
            r.fail(Scenario::tr("%1: %2 is the server's step, not the client's")
                       .arg(path + QStringLiteral(".side"), verb));
            continue;
        }
        if (connectVerb(step.verb) && step.side == Side::Server) {
            r.fail(Scenario::tr("%1: %2 is the client's step, not the server's")
                       .arg(path + QStringLiteral(".side"), verb));
            continue;
        }
        switch (step.verb) {
        case StepVerb::Listen:
            listening = true;
            break;
        case StepVerb::ListenAgain:
        case StepVerb::Accept:
        case StepVerb::NextPendingConnection:
            if (!listening)
                r.fail(Scenario::tr("%1: %2 needs a listening socket; no step before it listens")
                           .arg(path, verb));
            accepted = accepted || step.verb != StepVerb::ListenAgain;
            break;
        case StepVerb::Connect:
        case StepVerb::ConnectToHost:
            if (!listening && anyListen)
                r.fail(Scenario::tr("%1: %2 needs a server to connect to; no step before it "
                                    "listens")
                           .arg(path, verb));
            clientSocket = true;
            served = true;
            break;
        case StepVerb::ConnectSelf:
        case StepVerb::ConnectClosedPort:
            clientSocket = true;
            break;
        default:
            break;
        }
        if (!socketVerb(step.verb))
            continue;
        if (step.side == Side::Client && !clientSocket)
            r.fail(Scenario::tr("%1: the client has no connection at this step: no step before "
                                "it connects (connect, connectToHost, connect-self or "
                                "connect-closed-port)")
                       .arg(path));
        else if (step.side == Side::Server && !listening)
            r.fail(Scenario::tr("%1: the server has no connection at this step: no step before "
                                "it listens")
                       .arg(path));
        else if (step.side == Side::Server && !served && anyConnect)
            r.fail(Scenario::tr("%1: the server has no connection at this step: no client "
                                "connects before it")
                       .arg(path));
        else if (step.side == Side::Server && !s.server.autoAccept && !accepted)
            r.fail(Scenario::tr("%1: the server has no connection at this step: it does not "
                                "accept by itself (\"auto_accept\": false) and no step before "
                                "it accepts")
                       .arg(path));
    }
}

} // namespace

std::optional<Scenario> Scenario::fromJson(const QByteArray &json, QStringList *problems)
{
    problems->clear();
    if (json.trimmed().isEmpty()) {
        problems->append(tr("the file is empty; a scenario in JSON was expected"));
        return std::nullopt;
    }
    if (json.size() > kMaxFileBytes) {
        problems->append(tr("the file is %1 KiB; a scenario is at most %2 KiB")
                             .arg(json.size() / 1024)
                             .arg(kMaxFileBytes / 1024));
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (doc.isNull()) {
        const auto [line, column] = lineAndColumn(json, parseError.offset);
        problems->append(tr("not JSON: %1 at line %2, column %3")
                             .arg(parseError.errorString())
                             .arg(line)
                             .arg(column));
        return std::nullopt;
    }
    if (!doc.isObject()) {
        problems->append(tr("expected a JSON object at the top — got %1")
                             .arg(jsonText(doc.array().isEmpty() ? QJsonValue(QJsonArray())
                                                                 : QJsonValue(doc.array()))));
        return std::nullopt;
    }
    const QJsonObject o = doc.object();
    Reader r;
    Scenario s;
    r.onlyKeys(o, QString(), Keys::Top);
    {
        Reader::Part part(r);
        const QJsonValue format = o.value(QStringLiteral("format"));
        if (format.isUndefined())
            r.fail(tr("%1: missing; expected \"tcplab-scenario/1\"").arg(QStringLiteral("format")));
        else if (format != QJsonValue(QStringLiteral("tcplab-scenario/1")))
            r.fail(tr("%1: expected \"tcplab-scenario/1\" — got %2")
                       .arg(QStringLiteral("format"), jsonText(format)));
    }
    {
        Reader::Part part(r);
        s.id = r.string(o, QStringLiteral("id"), QString(), true);
        static const QRegularExpression idShape(QStringLiteral("^[a-z0-9][a-z0-9-]{0,63}$"));
        if (!r.failed() && !idShape.match(s.id).hasMatch())
            r.fail(tr("%1: expected lower-case letters, digits and dashes (at most 64, not "
                      "starting with a dash) — got %2")
                       .arg(QStringLiteral("id"), jsonText(s.id)));
    }
    s.title = r.texts(o, QStringLiteral("title"), QString());
    s.explanation = r.texts(o, QStringLiteral("explanation"), QString());
    s.lookFor = r.textLists(o, QStringLiteral("look_for"), QString());
    s.pair = r.string(o, QStringLiteral("pair"), QString());
    {
        Reader::Part part(r);
        s.modelledOnly = r.boolean(o, QStringLiteral("modelled_only"), QString(), false);
        s.teardownDelayMs
            = r.integer(o, QStringLiteral("teardown_delay_ms"), QString(), 0, 0, 10000);
        if (!r.failed() && s.teardownDelayMs > 0 && !s.modelledOnly)
            r.fail(tr("%1: only a modelled textbook picture (\"modelled_only\": true) can slow "
                      "its wire")
                       .arg(QStringLiteral("teardown_delay_ms")));
    }
    s.lesson = r.string(o, QStringLiteral("lesson"), QString());
    s.articlePrograms
        = r.choice(o, QStringLiteral("programs"), QString(), {QStringLiteral("article")})
        == QLatin1String("article");
    const int headerProblems = r.count();
    {
        Reader::Part part(r);
        const QString network = r.choice(
            o, QStringLiteral("network"), QString(),
            {Network::kindName(Network::Kind::Lab), Network::kindName(Network::Kind::Loopback)});
        if (!network.isEmpty())
            s.network = Network::kindFromName(network);
        s.wire = r.string(o, QStringLiteral("wire"), QString());
        QString wireError;
        if (!r.failed() && !s.wire.isEmpty() && !LabNetwork::checkWireSpec(s.wire, &wireError))
            r.fail(tr("%1: %2").arg(QStringLiteral("wire"), wireError));
        if (!r.failed() && !s.wire.isEmpty() && s.network == Network::Kind::Loopback)
            r.fail(tr("%1: only the lab network (\"network\": \"lab\") has a wire to set")
                       .arg(QStringLiteral("wire")));
    }
    const bool networkRead = r.count() == headerProblems;
    const QJsonValue show = o.value(QStringLiteral("show_connections"));
    QList<int> showAt; // where each number of show is
    if (!show.isUndefined()) {
        const QJsonArray list = show.toArray();
        if (!show.isArray() || list.isEmpty())
            r.fail(tr("%1: expected a list of connection numbers (1, 2, …) — got %2")
                       .arg(QStringLiteral("show_connections"), jsonText(show)));
        for (qsizetype i = 0; i < list.size(); ++i) {
            const QJsonValue v = list.at(i);
            if (!v.isDouble() || v.toDouble() < 1 || v.toDouble() > 1000
                || v.toDouble() != std::trunc(v.toDouble())) {
                r.fail(tr("%1: expected a connection number (1, 2, …) — got %2")
                           .arg(QStringLiteral("show_connections[%1]").arg(i), jsonText(v)));
                continue;
            }
            s.show.append(v.toInt());
            showAt.append(int(i));
        }
    }
    for (const auto &[name, side] : {std::pair {QStringLiteral("client"), &s.client},
                                     std::pair {QStringLiteral("server"), &s.server}}) {
        Reader::Part part(r);
        const QJsonValue v = o.value(name);
        if (!v.isUndefined() && !v.isObject())
            r.fail(tr("%1: expected an object of settings — got %2").arg(name, jsonText(v)));
        *side = readSide(r, v.toObject(), name + QLatin1Char('.'));
        // Qt's API has no TCP_CORK or SO_LINGER, and QTcpServer always sets SO_REUSEADDR.
        if (!r.failed() && side->qt
            && (side->options.cork || side->options.linger || !side->reuseAddress))
            r.fail(tr("%1: a Qt socket has no cork, linger or reuse_address false")
                       .arg(name + QStringLiteral(".engine")));
    }
    const bool sidesRead = r.count() == headerProblems;

    const int beforeSteps = r.count();
    const QJsonValue stepsValue = o.value(QStringLiteral("steps"));
    if (stepsValue.isUndefined())
        r.fail(tr("%1: missing; expected a non-empty list of steps").arg(QStringLiteral("steps")));
    else if (!stepsValue.isArray() || stepsValue.toArray().isEmpty())
        r.fail(tr("%1: expected a non-empty list of steps — got %2")
                   .arg(QStringLiteral("steps"), jsonText(stepsValue)));
    const QJsonArray steps = stepsValue.toArray();
    QList<int> stepAt; // the index in the file of each step read
    bool clientQt = s.client.qt; // the engine of the client the next steps act on
    const QStringList sides = {QStringLiteral("client"), QStringLiteral("server")};
    for (qsizetype i = 0; i < steps.size(); ++i) {
        Reader::Part part(r);
        const QString path = QStringLiteral("steps[%1].").arg(i);
        if (!steps.at(i).isObject()) {
            r.fail(tr("%1: expected a step object — got %2")
                       .arg(path.chopped(1), jsonText(steps.at(i))));
            continue;
        }
        const QJsonObject so = steps.at(i).toObject();
        r.onlyKeys(so, path, Keys::Step);
        ScenarioStep step;
        step.side
            = r.choice(so, QStringLiteral("side"), path, sides, true) == QLatin1String("server")
            ? Side::Server
            : Side::Client;
        const QString verbText = r.choice(so, QStringLiteral("verb"), path, verbNames(), true);
        if (r.failed())
            continue;
        step.verb = *stepVerbFromName(verbText);
        // A write gives its bytes as "data", or only how many as "size" (a repeated pattern).
        const int size = r.integer(so, QStringLiteral("size"), path, 0, 1, 1 << 20);
        if (step.verb == StepVerb::Write && size == 0 && !so.contains(QStringLiteral("data"))
            && !so.contains(QStringLiteral("size")))
            r.fail(tr("%1: missing; expected the text to write (or \"size\": how many bytes)")
                       .arg(path + QStringLiteral("data")));
        else if (step.verb == StepVerb::Wire && !so.contains(QStringLiteral("data")))
            r.fail(tr("%1: missing; expected the wire's rules, such as \"drop=server:any#*\"")
                       .arg(path + QStringLiteral("data")));
        step.data = r.string(so, QStringLiteral("data"), path);
        if (!r.failed() && step.verb == StepVerb::Wire) {
            // The wire's rules from this step on: only rules (drop, dup, hold, rst).
            QString error;
            if (!LabNetwork::checkWireSpec(step.data, &error))
                r.fail(tr("%1: %2").arg(path + QStringLiteral("data"), error));
            else if (!LabNetwork::onlyRules(step.data))
                r.fail(tr("%1: expected only rules (drop, dup, hold, rst) in a wire step; the "
                          "wire's delay, rate, loss and MTU go in the scenario's \"wire\" — got "
                          "%2")
                           .arg(path + QStringLiteral("data"), jsonText(step.data)));
        }
        if (size > 0) {
            if (so.contains(QStringLiteral("data")) || step.verb != StepVerb::Write)
                r.fail(tr("%1: only a write has a \"size\", and it gives either \"data\" or "
                          "\"size\", not both")
                           .arg(path + QStringLiteral("size")));
            step.size = size;
            const QString pattern = QStringLiteral("0123456789abcdefghijklmnopqrstuvwxyz\n");
            step.data = pattern.repeated(size / int(pattern.size()) + 1).left(size);
        }
        const QStringList hows
            = {QStringLiteral("SHUT_RD"), QStringLiteral("SHUT_WR"), QStringLiteral("SHUT_RDWR")};
        const QString how = step.verb == StepVerb::Shutdown
            ? r.choice(so, QStringLiteral("how"), path, hows, true)
            : r.string(so, QStringLiteral("how"), path);
        step.how = how == hows.at(0) ? ShutdownHow::Read
            : how == hows.at(2)      ? ShutdownHow::Both
                                     : ShutdownHow::Write;
        if (step.side == Side::Client && step.verb == StepVerb::ConnectToHost)
            clientQt = true;
        else if (step.side == Side::Client
                 && (step.verb == StepVerb::Connect || step.verb == StepVerb::ConnectSelf
                     || step.verb == StepVerb::ConnectClosedPort))
            clientQt = s.client.qt;
        const bool qt = step.side == Side::Server ? s.server.qt : clientQt;
        const QString side = sideText(step.side);
        if ((qt && onlyNative(step.verb)) || (!qt && onlyQt(step.verb)))
            r.fail(qt ? tr("%1: %2 is a system call; this %3 runs on Qt's QTcpSocket")
                            .arg(path + QStringLiteral("verb"), verbText, side)
                      : tr("%1: %2 is Qt's; this %3 runs on the system calls (\"engine\": "
                           "\"qt\" or connectToHost make a Qt socket)")
                            .arg(path + QStringLiteral("verb"), verbText, side));
        if (step.verb == StepVerb::SetSocketOption) {
            if (!r.choice(so, QStringLiteral("option"), path, {QStringLiteral("LowDelayOption")},
                          true)
                     .isEmpty())
                step.option = SocketOption::Name::LowDelay;
        } else if (step.verb == StepVerb::SetSockOpt) {
            const QStringList names
                = {optionName(SocketOption::Name::NoDelay), optionName(SocketOption::Name::Cork),
                   optionName(SocketOption::Name::Linger)};
            const QString option = r.choice(so, QStringLiteral("option"), path, names, true);
            if (!option.isEmpty())
                step.option = *optionFromName(option);
        } else {
            r.string(so, QStringLiteral("option"), path);
        }
        step.value = r.integer(so, QStringLiteral("value"), path, 1, -1, 3600);
        step.reuseAddress = r.boolean(so, QStringLiteral("reuse_address"), path, true);
        const QString waitFor = r.choice(so, QStringLiteral("wait_for"), path, eventNames());
        if (!waitFor.isEmpty()) {
            step.waitSide
                = waitFor.startsWith(QLatin1String("server")) ? Side::Server : Side::Client;
            const QString name = waitFor.section(QLatin1Char('.'), 1);
            for (const auto &e : kEvents) {
                if (name == QLatin1String(e.name))
                    step.waitFor = e.event;
            }
        }
        step.receivedAtLeast = r.integer(so, QStringLiteral("received"), path, 0, 1, 1 << 30);
        if (!r.failed() && step.receivedAtLeast > 0 && step.waitFor != StepEvent::Data)
            r.fail(tr("%1: \"received\" counts the bytes of \"wait_for\": \"server.data\" or "
                      "\"client.data\"")
                       .arg(path + QStringLiteral("received")));
        step.delayMs = r.integer(so, QStringLiteral("delay_ms"), path, 0, 0, 60000);
        const QString expectErrno = r.string(so, QStringLiteral("expect_errno"), path);
        if (so.contains(QStringLiteral("expect_errno")) && !r.failed()) {
            const int err = errnoFromName(expectErrno);
            if (err <= 0)
                r.fail(tr("%1: expected an errno name such as EADDRINUSE or EPIPE — got %2")
                           .arg(path + QStringLiteral("expect_errno"), jsonText(expectErrno)));
            else
                step.expectErrno = err;
        }
        step.atOnce = r.boolean(so, QStringLiteral("at_once"), path, false);
        if (!r.failed() && step.atOnce
            && (i == 0 || step.waitFor != StepEvent::None || step.delayMs > 0))
            r.fail(tr("%1: a step that runs at once follows another step and does not wait")
                       .arg(path + QStringLiteral("at_once")));
        step.note = r.string(so, QStringLiteral("note"), path);
        if (!r.failed() && step.verb == StepVerb::Wait && step.waitFor == StepEvent::None
            && step.delayMs == 0)
            r.fail(tr("%1: a wait step needs \"wait_for\" or \"delay_ms\"").arg(path.chopped(1)));
        if (!r.failed()) {
            s.steps.append(step);
            stepAt.append(int(i));
        }
    }
    const bool stepsRead = r.count() == beforeSteps;
    if (stepsRead && sidesRead)
        checkOrder(r, s, stepAt);
    const int wireStep
        = int(std::find_if(s.steps.begin(), s.steps.end(),
                           [](const ScenarioStep &st) { return st.verb == StepVerb::Wire; })
              - s.steps.begin());
    if (networkRead && wireStep < s.steps.size() && s.network != Network::Kind::Lab)
        r.fail(tr("%1: %2 is a wire step, which runs on the lab network; expected \"network\": "
                  "\"lab\"")
                   .arg(QStringLiteral("network"),
                        QStringLiteral("steps[%1]").arg(stepAt.at(wireStep))));

    // The steps make a connection with each connect: what the experiment expects of more
    // connections than that can never be seen.
    int made = 0;
    for (const ScenarioStep &step : std::as_const(s.steps))
        made += connectVerb(step.verb) ? 1 : 0;
    const QJsonValue expectValue = o.value(QStringLiteral("expect"));
    const QJsonObject expect = expectValue.toObject();
    const int beforeExpect = r.count();
    if (expectValue.isUndefined())
        r.fail(tr("%1: missing; expected an object with the expected \"wire\" pattern")
                   .arg(QStringLiteral("expect")));
    else if (!expectValue.isObject())
        r.fail(tr("%1: expected an object with the expected \"wire\" pattern — got %2")
                   .arg(QStringLiteral("expect"), jsonText(expectValue)));
    const QJsonValue connections = expect.value(QStringLiteral("connections"));
    const bool single = expect.contains(QStringLiteral("wire"))
        || expect.contains(QStringLiteral("client_states"))
        || expect.contains(QStringLiteral("server_states"))
        || expect.contains(QStringLiteral("label"));
    if (expectValue.isObject() && connections.isUndefined() && !single)
        r.fail(tr("%1: expected \"wire\" (or \"connections\", one object per connection)")
                   .arg(QStringLiteral("expect")));
    if (!connections.isUndefined() && single)
        r.fail(tr("%1: either \"wire\" and the states of one connection, or \"connections\", "
                  "not both")
                   .arg(QStringLiteral("expect")));
    if (r.count() == beforeExpect && single) {
        s.expect.connections.append(r.connection(expect, QStringLiteral("expect.")));
        if (!s.expect.connections.constFirst().hasWire)
            r.fail(tr("%1: missing; expected segments such as \"c:S s:S. c:.\"")
                       .arg(QStringLiteral("expect.wire")));
    } else if (r.count() == beforeExpect && !connections.isUndefined()) {
        if (!connections.isArray() || connections.toArray().isEmpty())
            r.fail(tr("%1: expected a non-empty list of connections — got %2")
                       .arg(QStringLiteral("expect.connections"), jsonText(connections)));
        const QJsonArray list = connections.toArray();
        for (qsizetype i = 0; i < list.size(); ++i) {
            const QString path = QStringLiteral("expect.connections[%1]").arg(i);
            if (!list.at(i).isObject()) {
                r.fail(tr("%1: expected a connection object — got %2")
                           .arg(path, jsonText(list.at(i))));
                continue;
            }
            r.onlyKeys(list.at(i).toObject(), path + QLatin1Char('.'), Keys::Connection);
            s.expect.connections.append(
                r.connection(list.at(i).toObject(), path + QLatin1Char('.')));
            if (stepsRead && made > 0 && i >= made)
                r.fail(
                    tr("%1: the steps make %n connection(s); this one is never made", nullptr, made)
                        .arg(path));
        }
    }
    const bool connectionsRead = r.count() == beforeExpect;
    r.onlyKeys(expect, QStringLiteral("expect."), Keys::Expect);
    s.expect.listener = r.states(expect, QStringLiteral("listener_states"),
                                 QStringLiteral("expect."), &s.expect.hasListener);
    const QJsonValue calls = expect.value(QStringLiteral("calls"));
    if (!calls.isUndefined() && !calls.isArray())
        r.fail(tr("%1: expected a list of calls — got %2")
                   .arg(QStringLiteral("expect.calls"), jsonText(calls)));
    for (qsizetype i = 0; i < calls.toArray().size(); ++i) {
        Reader::Part part(r);
        const QString path = QStringLiteral("expect.calls[%1].").arg(i);
        const QJsonValue cv = calls.toArray().at(i);
        if (!cv.isObject()) {
            r.fail(tr("%1: expected a call object — got %2").arg(path.chopped(1), jsonText(cv)));
            continue;
        }
        const QJsonObject co = cv.toObject();
        r.onlyKeys(co, path, Keys::Call);
        CallExpect c;
        c.side = r.choice(co, QStringLiteral("side"), path, sides, true) == QLatin1String("server")
            ? Side::Server
            : Side::Client;
        const QString call = r.string(co, QStringLiteral("call"), path, true);
        const auto verb = verbFromName(call);
        if (!r.failed() && !verb)
            r.fail(tr("%1: expected a call such as read, write or errorOccurred — got %2")
                       .arg(path + QStringLiteral("call"), jsonText(call)));
        c.verb = verb.value_or(Verb::Read);
        c.conn = r.integer(co, QStringLiteral("conn"), path, 0, 0, 1000);
        if (stepsRead && made > 0 && c.conn > made)
            r.fail(
                tr("%1: the steps make %n connection(s); there is no connection %2", nullptr, made)
                    .arg(path + QStringLiteral("conn"))
                    .arg(c.conn));
        c.result = r.number(co, QStringLiteral("result"), path, -1, 1 << 30);
        const QString err = r.string(co, QStringLiteral("errno"), path);
        if (co.value(QStringLiteral("errno")).isString()) {
            c.err = errnoFromName(err);
            if (*c.err < 0)
                r.fail(tr("%1: expected an errno name such as ECONNRESET, or \"\" for success — "
                          "got %2")
                           .arg(path + QStringLiteral("errno"), jsonText(err)));
        }
        const QString soError = r.string(co, QStringLiteral("so_error"), path);
        if (co.value(QStringLiteral("so_error")).isString()) {
            c.soError = errnoFromName(soError);
            if (*c.soError < 0)
                r.fail(tr("%1: expected an errno name such as ECONNREFUSED, or \"\" for none — "
                          "got %2")
                           .arg(path + QStringLiteral("so_error"), jsonText(soError)));
        }
        const QString qtError = r.string(co, QStringLiteral("qt_error"), path);
        if (co.value(QStringLiteral("qt_error")).isString()) {
            c.qtError = qtErrorFromName(qtError);
            if (*c.qtError < 0)
                r.fail(tr("%1: expected a QAbstractSocket::SocketError name such as "
                          "RemoteHostClosedError — got %2")
                           .arg(path + QStringLiteral("qt_error"), jsonText(qtError)));
        }
        if (co.contains(QStringLiteral("option"))) {
            const QJsonValue ov = co.value(QStringLiteral("option"));
            const QJsonObject opt = ov.toObject();
            const QString at = path + QStringLiteral("option.");
            if (!ov.isObject())
                r.fail(tr("%1: expected {\"name\": …, \"value\": …} — got %2")
                           .arg(path + QStringLiteral("option"), jsonText(ov)));
            r.onlyKeys(opt, at, Keys::CallOption);
            const QString name = r.string(opt, QStringLiteral("name"), at, ov.isObject());
            const auto option = optionFromName(name);
            if (!r.failed() && !option)
                r.fail(tr("%1: expected an option the lab sets, such as SO_LINGER or "
                          "TCP_NODELAY — got %2")
                           .arg(at + QStringLiteral("name"), jsonText(name)));
            const int value = r.integer(opt, QStringLiteral("value"), at, 0, -1, 1 << 30);
            const int seconds = r.integer(opt, QStringLiteral("seconds"), at, 0, 0, 1 << 30);
            if (!r.failed())
                c.option = SocketOption {*option, value, seconds};
        }
        s.expect.calls.append(c);
    }
    for (int i = 0; i < s.show.size(); ++i) {
        if (connectionsRead && s.show.at(i) > s.expect.connections.size())
            r.fail(tr("%1: the experiment expects %n connection(s); there is no connection %2",
                      nullptr, int(s.expect.connections.size()))
                       .arg(QStringLiteral("show_connections[%1]").arg(showAt.at(i)))
                       .arg(s.show.at(i)));
    }
    if (!r.problems.isEmpty()) {
        *problems = r.problems;
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
    if (!lookFor.isEmpty()) {
        QJsonObject looks;
        for (auto it = lookFor.begin(); it != lookFor.end(); ++it)
            looks.insert(it.key(), QJsonArray::fromStringList(it.value()));
        o.insert(QStringLiteral("look_for"), looks);
    }
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
