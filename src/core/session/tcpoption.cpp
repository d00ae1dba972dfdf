#include "session/tcpoption.h"

#include <QRegularExpression>

namespace tcplab {

TcpOption TcpOption::make(Kind kind, int code, int length, quint32 value)
{
    TcpOption o;
    o.kind = kind;
    o.code = code;
    o.length = length;
    o.value = value;
    return o;
}

TcpOption TcpOption::timestamp(quint32 value, quint32 echo)
{
    TcpOption o = make(Kind::Timestamp, 8, 10, value);
    o.echo = echo;
    return o;
}

TcpOption TcpOption::sack(const QList<QPair<quint32, quint32>> &blocks)
{
    TcpOption o = make(Kind::Sack, 5, 2 + 8 * int(blocks.size()), 0);
    o.blocks = blocks;
    return o;
}

QString TcpOption::name() const
{
    switch (kind) {
    case Kind::Eol:
        return QStringLiteral("eol");
    case Kind::Nop:
        return QStringLiteral("nop");
    case Kind::Mss:
        return QStringLiteral("mss");
    case Kind::WindowScale:
        return QStringLiteral("wscale");
    case Kind::SackPermitted:
        return QStringLiteral("sackOK");
    case Kind::Sack:
        return QStringLiteral("sack");
    case Kind::Timestamp:
        return QStringLiteral("TS");
    case Kind::Unknown:
        return QStringLiteral("kind %1").arg(code);
    case Kind::Damaged:
        return QStringLiteral("bad option kind %1").arg(code);
    }
    return {};
}

QString TcpOption::text() const
{
    switch (kind) {
    case Kind::Mss:
        return QStringLiteral("mss %1").arg(value);
    case Kind::WindowScale:
        return QStringLiteral("wscale %1").arg(value);
    case Kind::Timestamp:
        return QStringLiteral("TS val %1 ecr %2").arg(value).arg(echo);
    case Kind::Sack: {
        QString edges;
        for (const auto &[left, right] : blocks)
            edges += QStringLiteral("{%1:%2}").arg(left).arg(right);
        return QStringLiteral("sack %1 %2").arg(blocks.size()).arg(edges);
    }
    case Kind::Unknown:
        return QStringLiteral("kind %1, %2 bytes").arg(code).arg(length);
    case Kind::Damaged: {
        // A known kind whose length is wrong keeps its name: "mss with 3 bytes".
        static const char *const known[]
            = {nullptr, nullptr, "mss", "wscale", "sackOK", "sack", nullptr, nullptr, "TS"};
        const char *known_name = code >= 0 && code <= 8 ? known[code] : nullptr;
        if (known_name && length > 0)
            return QStringLiteral("%1 with %2 bytes").arg(QLatin1String(known_name)).arg(length);
        return QStringLiteral("bad option kind %1").arg(code);
    }
    case Kind::Eol:
    case Kind::Nop:
    case Kind::SackPermitted:
        return name();
    }
    return {};
}

std::optional<TcpOption> TcpOption::fromText(const QString &text)
{
    static const QRegularExpression number(QStringLiteral("^(mss|wscale) (\\d+)$"));
    static const QRegularExpression ts(QStringLiteral("^TS val (\\d+) ecr (\\d+)$"));
    static const QRegularExpression sack(QStringLiteral("^sack (\\d+) ((?:\\{\\d+:\\d+\\})*)$"));
    static const QRegularExpression edge(QStringLiteral("\\{(\\d+):(\\d+)\\}"));
    static const QRegularExpression unknown(QStringLiteral("^kind (\\d+), (\\d+) bytes$"));
    static const QRegularExpression damaged(QStringLiteral("^bad option kind (\\d+)$"));
    static const QRegularExpression wrongSize(
        QStringLiteral("^(mss|wscale|sackOK|sack|TS) with (\\d+) bytes$"));
    if (text == QLatin1String("eol"))
        return make(Kind::Eol, 0, 0, 0);
    if (text == QLatin1String("nop"))
        return nop();
    if (text == QLatin1String("sackOK"))
        return sackPermitted();
    if (auto m = number.match(text); m.hasMatch()) {
        const quint32 v = m.captured(2).toUInt();
        return m.captured(1) == QLatin1String("mss") ? mss(v) : windowScale(int(v));
    }
    if (auto m = ts.match(text); m.hasMatch())
        return timestamp(m.captured(1).toUInt(), m.captured(2).toUInt());
    if (auto m = sack.match(text); m.hasMatch()) {
        TcpOption o = make(Kind::Sack, 5, 2, 0);
        auto it = edge.globalMatch(m.captured(2));
        while (it.hasNext()) {
            const auto e = it.next();
            o.blocks.append({e.captured(1).toUInt(), e.captured(2).toUInt()});
        }
        if (o.blocks.size() != m.captured(1).toInt())
            return std::nullopt;
        o.length = 2 + 8 * int(o.blocks.size());
        return o;
    }
    if (auto m = unknown.match(text); m.hasMatch())
        return make(Kind::Unknown, m.captured(1).toInt(), m.captured(2).toInt(), 0);
    if (auto m = damaged.match(text); m.hasMatch())
        return make(Kind::Damaged, m.captured(1).toInt(), 0, 0);
    if (auto m = wrongSize.match(text); m.hasMatch()) {
        const QString n = m.captured(1);
        const int code = n == QLatin1String("mss") ? 2
            : n == QLatin1String("wscale")         ? 3
            : n == QLatin1String("sackOK")         ? 4
            : n == QLatin1String("sack")           ? 5
                                                   : 8;
        return make(Kind::Damaged, code, m.captured(2).toInt(), 0);
    }
    return std::nullopt;
}

bool TcpOption::operator==(const TcpOption &other) const
{
    return kind == other.kind && value == other.value && echo == other.echo
        && blocks == other.blocks && code == other.code && length == other.length;
}

QStringList tcpOptionTexts(const TcpOptions &options)
{
    QStringList out;
    for (const TcpOption &o : options)
        out.append(o.text());
    return out;
}

const TcpOption *findOption(const TcpOptions &options, TcpOption::Kind kind)
{
    for (const TcpOption &o : options) {
        if (o.kind == kind)
            return &o;
    }
    return nullptr;
}

} // namespace tcplab
