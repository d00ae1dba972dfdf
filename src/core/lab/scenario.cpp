#include "lab/scenario.h"

#include "kernel/tcpinfo.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace tcplab {

namespace {

constexpr qsizetype kMaxFileBytes = 1024 * 1024;

QString sideText(Side side)
{
    return side == Side::Client ? QStringLiteral("client") : QStringLiteral("server");
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
    int integer(const QJsonObject &o, const QString &key, const QString &path, int fallback,
                int min, int max)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined())
            return fallback;
        const double d = v.toDouble(-1e18);
        if (!v.isDouble() || d != double(qint64(d)) || d < min || d > max) {
            fail(path + key,
                 Scenario::tr("a whole number from %1 to %2 was expected").arg(min).arg(max));
            return fallback;
        }
        return int(d);
    }
    QMap<QString, QString> texts(const QJsonObject &o, const QString &key, const QString &path)
    {
        QMap<QString, QString> out;
        const QJsonValue v = o.value(key);
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
    QStringList states(const QJsonObject &o, const QString &key, const QString &path)
    {
        QStringList out;
        const QJsonValue v = o.value(key);
        if (v.isUndefined())
            return out;
        if (!v.isArray()) {
            fail(path + key, Scenario::tr("a list of TCP state names was expected"));
            return out;
        }
        const QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            const QString name = a.at(i).toString();
            if (!tcpStateFromName(name)) {
                fail(
                    QStringLiteral("%1%2[%3]").arg(path, key).arg(i),
                    Scenario::tr("a TCP state name such as ESTABLISHED or TIME_WAIT was expected"));
                return out;
            }
            out.append(name);
        }
        return out;
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
    return side;
}

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
    return o;
}

QJsonObject textsJson(const QMap<QString, QString> &texts)
{
    QJsonObject o;
    for (auto it = texts.begin(); it != texts.end(); ++it)
        o.insert(it.key(), it.value());
    return o;
}

} // namespace

const QStringList &Scenario::verbs()
{
    static const QStringList v = {
        QStringLiteral("listen"),
        QStringLiteral("connect"),
        QStringLiteral("connect-self"),
        QStringLiteral("connect-closed-port"),
        QStringLiteral("accept"),
        QStringLiteral("write"),
        QStringLiteral("read"),
        QStringLiteral("shutdown"),
        QStringLiteral("close"),
        QStringLiteral("abort"),
        QStringLiteral("setsockopt"),
        QStringLiteral("stop-listening"),
        QStringLiteral("listen-again"),
        QStringLiteral("wait"),
        // Qt's API (QTcpSocket, QTcpServer)
        QStringLiteral("connectToHost"),
        QStringLiteral("nextPendingConnection"),
        QStringLiteral("readAll"),
        QStringLiteral("disconnectFromHost"),
        QStringLiteral("setSocketOption"),
    };
    return v;
}

namespace {
// Verbs that exist only on one engine; write, close and abort exist on both.
bool onlyQt(const QString &verb)
{
    return verb == QLatin1String("readAll") || verb == QLatin1String("disconnectFromHost")
        || verb == QLatin1String("setSocketOption")
        || verb == QLatin1String("nextPendingConnection");
}

bool onlyNative(const QString &verb)
{
    return verb == QLatin1String("read") || verb == QLatin1String("shutdown")
        || verb == QLatin1String("setsockopt") || verb == QLatin1String("accept");
}
} // namespace

const QStringList &Scenario::events()
{
    static const QStringList e = {
        QStringLiteral("client.connected"), QStringLiteral("client.failed"),
        QStringLiteral("client.data"),      QStringLiteral("client.waiting"),
        QStringLiteral("client.eof"),       QStringLiteral("client.reset"),
        QStringLiteral("server.accepted"),  QStringLiteral("server.queued"),
        QStringLiteral("server.data"),      QStringLiteral("server.waiting"),
        QStringLiteral("server.eof"),       QStringLiteral("server.reset"),
    };
    return e;
}

QString ScenarioStep::describe() const
{
    QString what = verb;
    if (verb == QLatin1String("write"))
        what = QStringLiteral("write(\"%1\")").arg(data);
    else if (verb == QLatin1String("shutdown"))
        what = QStringLiteral("shutdown(%1)").arg(how);
    else if (verb == QLatin1String("setsockopt"))
        what = QStringLiteral("setsockopt(%1 = %2)").arg(option).arg(value);
    else if (verb == QLatin1String("setSocketOption"))
        what = QStringLiteral("setSocketOption(%1, %2)").arg(option).arg(value);
    else if (verb != QLatin1String("wait"))
        what += QStringLiteral("()");
    const QString who = side == Side::Client
        ? QCoreApplication::translate("tcplab::Scenario", "client")
        : QCoreApplication::translate("tcplab::Scenario", "server");
    return who + QStringLiteral(": ") + what;
}

QString Scenario::titleIn(const QString &language) const
{
    return title.value(language, title.value(QStringLiteral("en")));
}

QString Scenario::explanationIn(const QString &language) const
{
    return explanation.value(language, explanation.value(QStringLiteral("en")));
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
    s.simultaneousUs = r.integer(o, QStringLiteral("simultaneous_us"), QString(), 0, 0, 1000000);
    s.lesson = r.string(o, QStringLiteral("lesson"), QString());
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
        step.verb = r.string(so, QStringLiteral("verb"), path, true);
        if (!r.failed() && !verbs().contains(step.verb))
            r.fail(path + QStringLiteral("verb"),
                   tr("one of %1 was expected").arg(verbs().join(QStringLiteral(", "))));
        step.data = r.string(so, QStringLiteral("data"), path, step.verb == QLatin1String("write"));
        step.how
            = r.string(so, QStringLiteral("how"), path, step.verb == QLatin1String("shutdown"));
        if (!r.failed() && step.verb == QLatin1String("shutdown")
            && !QStringList {QStringLiteral("SHUT_RD"), QStringLiteral("SHUT_WR"),
                             QStringLiteral("SHUT_RDWR")}
                    .contains(step.how))
            r.fail(path + QStringLiteral("how"), tr("SHUT_RD, SHUT_WR or SHUT_RDWR was expected"));
        if (step.side == Side::Client && step.verb == QLatin1String("connectToHost"))
            clientQt = true;
        else if (step.side == Side::Client && step.verb.startsWith(QLatin1String("connect")))
            clientQt = s.client.qt; // connect, connect-self, connect-closed-port
        const bool qt = step.side == Side::Server ? s.server.qt : clientQt;
        if (!r.failed() && ((qt && onlyNative(step.verb)) || (!qt && onlyQt(step.verb))))
            r.fail(
                path + QStringLiteral("verb"),
                qt ? tr("%1 is a system call; this %2 runs on Qt's QTcpSocket").arg(step.verb, side)
                   : tr("%1 is Qt's; this %2 runs on the system calls (\"engine\": \"qt\" "
                        "or connectToHost make a Qt socket)")
                         .arg(step.verb, side));
        step.option = r.string(so, QStringLiteral("option"), path,
                               step.verb == QLatin1String("setsockopt")
                                   || step.verb == QLatin1String("setSocketOption"));
        if (!r.failed() && step.verb == QLatin1String("setSocketOption")
            && step.option != QLatin1String("LowDelayOption"))
            r.fail(path + QStringLiteral("option"), tr("LowDelayOption was expected"));
        if (!r.failed() && step.verb == QLatin1String("setsockopt")
            && !QStringList {QStringLiteral("TCP_NODELAY"), QStringLiteral("TCP_CORK"),
                             QStringLiteral("SO_LINGER")}
                    .contains(step.option))
            r.fail(path + QStringLiteral("option"),
                   tr("TCP_NODELAY, TCP_CORK or SO_LINGER was expected"));
        step.value = r.integer(so, QStringLiteral("value"), path, 1, -1, 3600);
        step.reuseAddress = r.boolean(so, QStringLiteral("reuse_address"), path, true);
        step.waitFor = r.string(so, QStringLiteral("wait_for"), path);
        if (!r.failed() && !step.waitFor.isEmpty() && !events().contains(step.waitFor))
            r.fail(path + QStringLiteral("wait_for"),
                   tr("one of %1 was expected").arg(events().join(QStringLiteral(", "))));
        step.delayMs = r.integer(so, QStringLiteral("delay_ms"), path, 0, 0, 60000);
        step.expectErrno = r.string(so, QStringLiteral("expect_errno"), path);
        step.atOnce = r.boolean(so, QStringLiteral("at_once"), path, false);
        if (!r.failed() && step.atOnce && (i == 0 || !step.waitFor.isEmpty() || step.delayMs > 0))
            r.fail(path + QStringLiteral("at_once"),
                   tr("a step that runs at once follows another step and does not wait"));
        step.note = r.string(so, QStringLiteral("note"), path);
        if (!r.failed() && step.verb == QLatin1String("wait") && step.waitFor.isEmpty()
            && step.delayMs == 0)
            r.fail(path.chopped(1), tr("a wait step needs \"wait_for\" or \"delay_ms\""));
        s.steps.append(step);
    }

    const QJsonValue expectValue = o.value(QStringLiteral("expect"));
    if (!expectValue.isObject())
        r.fail(QStringLiteral("expect"),
               tr("an object with the expected \"wire\" pattern was expected"));
    const QJsonObject expect = expectValue.toObject();
    s.expectWire
        = r.string(expect, QStringLiteral("wire"), QStringLiteral("expect."), true).simplified();
    if (!r.failed()) {
        const QRegularExpression token(QStringLiteral("^[cs]:(?:[SFPRUEW]+\\.?|\\.)\\??$"));
        const QStringList tokens = s.expectWire.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        for (const QString &t : tokens) {
            if (!token.match(t).hasMatch()) {
                r.fail(QStringLiteral("expect.wire"),
                       tr("segments such as \"c:S s:S. c:.\" were expected, not \"%1\"").arg(t));
                break;
            }
        }
    }
    s.expectClientStates
        = r.states(expect, QStringLiteral("client_states"), QStringLiteral("expect."));
    s.expectServerStates
        = r.states(expect, QStringLiteral("server_states"), QStringLiteral("expect."));
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
    if (simultaneousUs)
        o.insert(QStringLiteral("simultaneous_us"), simultaneousUs);
    if (!lesson.isEmpty())
        o.insert(QStringLiteral("lesson"), lesson);
    o.insert(QStringLiteral("client"), writeSide(client));
    o.insert(QStringLiteral("server"), writeSide(server));
    QJsonArray steps;
    for (const ScenarioStep &step : this->steps) {
        QJsonObject so;
        so.insert(QStringLiteral("side"), sideText(step.side));
        so.insert(QStringLiteral("verb"), step.verb);
        if (!step.data.isEmpty() || step.verb == QLatin1String("write"))
            so.insert(QStringLiteral("data"), step.data);
        if (!step.how.isEmpty())
            so.insert(QStringLiteral("how"), step.how);
        if (!step.option.isEmpty()) {
            so.insert(QStringLiteral("option"), step.option);
            so.insert(QStringLiteral("value"), step.value);
        }
        if (step.verb == QLatin1String("listen-again"))
            so.insert(QStringLiteral("reuse_address"), step.reuseAddress);
        if (!step.waitFor.isEmpty())
            so.insert(QStringLiteral("wait_for"), step.waitFor);
        if (step.delayMs)
            so.insert(QStringLiteral("delay_ms"), step.delayMs);
        if (!step.expectErrno.isEmpty())
            so.insert(QStringLiteral("expect_errno"), step.expectErrno);
        if (step.atOnce)
            so.insert(QStringLiteral("at_once"), true);
        if (!step.note.isEmpty())
            so.insert(QStringLiteral("note"), step.note);
        steps.append(so);
    }
    o.insert(QStringLiteral("steps"), steps);
    QJsonObject expect;
    expect.insert(QStringLiteral("wire"), expectWire);
    if (!expectClientStates.isEmpty())
        expect.insert(QStringLiteral("client_states"),
                      QJsonArray::fromStringList(expectClientStates));
    if (!expectServerStates.isEmpty())
        expect.insert(QStringLiteral("server_states"),
                      QJsonArray::fromStringList(expectServerStates));
    o.insert(QStringLiteral("expect"), expect);
    return QJsonDocument(o).toJson(QJsonDocument::Indented);
}

} // namespace tcplab
