#include "net/hostsettings.h"

#include "net/network.h"

#include <QRegularExpression>

namespace tcplab {

QString HostSetting::label() const
{
    if (name == QLatin1String("tcp_sack"))
        return tr("SACK");
    if (name == QLatin1String("tcp_timestamps"))
        return tr("Timestamps");
    if (name == QLatin1String("tcp_window_scaling"))
        return tr("Window scaling");
    if (name == QLatin1String("tcp_ecn"))
        return tr("ECN");
    if (name == QLatin1String("tcp_syn_retries"))
        return tr("SYN retries");
    if (name == QLatin1String("tcp_synack_retries"))
        return tr("SYN/ACK retries");
    if (name == QLatin1String("tcp_fin_timeout"))
        return tr("FIN_WAIT_2 timeout (s)");
    if (name == QLatin1String("tcp_syncookies"))
        return tr("SYN cookies");
    if (name == QLatin1String("tcp_rmem"))
        return tr("Receive buffer (bytes)");
    if (name == QLatin1String("tcp_wmem"))
        return tr("Send buffer (bytes)");
    return name;
}

QString HostSetting::help() const
{
    if (name == QLatin1String("tcp_sack"))
        return tr("tcp_sack: whether the host offers selective acknowledgements (SACK permitted "
                  "in its SYN) and sends SACK blocks.");
    if (name == QLatin1String("tcp_timestamps"))
        return tr("tcp_timestamps: whether the host's SYN carries the timestamp option (TS).");
    if (name == QLatin1String("tcp_window_scaling"))
        return tr("tcp_window_scaling: whether the host's SYN carries a window scale option; "
                  "without it the window stays under 64 KiB.");
    if (name == QLatin1String("tcp_ecn"))
        return tr("tcp_ecn: whether the host asks for Explicit Congestion Notification in its SYN "
                  "(ECE and CWR flags).");
    if (name == QLatin1String("tcp_syn_retries"))
        return tr("tcp_syn_retries: how often connect() sends its SYN again before it gives up "
                  "with ETIMEDOUT.");
    if (name == QLatin1String("tcp_synack_retries"))
        return tr("tcp_synack_retries: how often the server sends its SYN/ACK again when the "
                  "handshake's last ACK does not come.");
    if (name == QLatin1String("tcp_fin_timeout"))
        return tr("tcp_fin_timeout: how long a closed connection waits in FIN_WAIT_2 for the "
                  "peer's FIN.");
    if (name == QLatin1String("tcp_syncookies"))
        return tr("tcp_syncookies: whether the server answers with a SYN cookie when its SYN "
                  "queue is full.");
    if (name == QLatin1String("tcp_rmem"))
        return tr("tcp_rmem: the receive buffer's least, first and largest size; it sets the "
                  "window the host advertises and its window scale.");
    if (name == QLatin1String("tcp_wmem"))
        return tr("tcp_wmem: the send buffer's least, first and largest size; write() blocks or "
                  "returns EAGAIN when it is full.");
    return {};
}

QStringList HostSetting::choices() const
{
    if (name == QLatin1String("tcp_timestamps"))
        return {tr("off"), tr("on"), tr("on, without a random offset")};
    if (name == QLatin1String("tcp_ecn"))
        return {tr("off"), tr("ask for it"), tr("only when the peer asks")};
    if (name == QLatin1String("tcp_syncookies"))
        return {tr("never"), tr("when the SYN queue is full"), tr("always")};
    return {};
}

bool HostSetting::accepts(const QString &value) const
{
    const QStringList numbers
        = value.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
    if (numbers.size() != (kind == Kind::Buffer ? 3 : 1))
        return false;
    QList<qint64> n;
    for (const QString &text : numbers) {
        bool ok = false;
        n.append(text.toLongLong(&ok));
        if (!ok)
            return false;
    }
    if (kind == Kind::Buffer)
        return n[0] >= min && n[0] <= n[1] && n[1] <= n[2] && n[2] <= max;
    return n[0] >= min && n[0] <= max;
}

QList<HostSetting> HostSetting::forHost(Side host)
{
    using K = Kind;
    QList<HostSetting> out = {
        {QStringLiteral("tcp_sack"), K::Switch, 0, 1},
        {QStringLiteral("tcp_timestamps"), K::Choice, 0, 2},
        {QStringLiteral("tcp_window_scaling"), K::Switch, 0, 1},
        {QStringLiteral("tcp_ecn"), K::Choice, 0, 2},
    };
    if (host == Side::Client)
        out.append({QStringLiteral("tcp_syn_retries"), K::Number, 1, 127});
    else
        out.append({QStringLiteral("tcp_synack_retries"), K::Number, 1, 255});
    out.append({QStringLiteral("tcp_fin_timeout"), K::Number, 1, 600});
    if (host == Side::Server)
        out.append({QStringLiteral("tcp_syncookies"), K::Choice, 0, 2});
    out.append({QStringLiteral("tcp_rmem"), K::Buffer, 1024, 1 << 30});
    out.append({QStringLiteral("tcp_wmem"), K::Buffer, 1024, 1 << 30});
    return out;
}

QStringList HostSetting::summary(Network *network, Side host)
{
    QStringList out;
    for (const HostSetting &s : forHost(host)) {
        const std::optional<QString> value
            = network ? network->tcpSysctl(host, s.name) : std::nullopt;
        if (!value)
            continue;
        const QString text = value->simplified();
        QString shown = text;
        if (s.kind == Kind::Switch)
            shown = text == QLatin1String("0") ? tr("off") : tr("on");
        else if (s.kind == Kind::Choice && text.toInt() >= 0 && text.toInt() < s.choices().size())
            shown = s.choices().at(text.toInt());
        out.append(tr("%1: %2 (%3 = %4)").arg(s.label(), shown, s.name, text));
    }
    return out;
}

} // namespace tcplab
