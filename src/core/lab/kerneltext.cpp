#include "lab/kerneltext.h"

#include "kernel/kernelsettings.h"

#include <QHostAddress>
#include <QLocale>
#include <QStringList>
#include <QSysInfo>

namespace tcplab {

bool KernelText::loopbackQuickAck()
{
    const auto route = routeTo(QHostAddress(QHostAddress::LocalHost), nullptr);
    return route && route->quickAck;
}

int KernelText::pingpongThreshold()
{
    return tcplab::pingpongThreshold(TcpSysctls::read(), QSysInfo::kernelVersion());
}

QString KernelText::delayedAck()
{
    return delayedAck(TcpSysctls::read());
}

QString KernelText::delayedAck(const TcpSysctls &sysctls, bool labNetwork)
{
    if (!labNetwork && loopbackQuickAck())
        return tr("On this computer the route to 127.0.0.1 has quickack 1: the kernel "
                  "acknowledges every segment at once, so no delayed ACK can appear.");
    const QString route = labNetwork
        ? tr("On the lab network no route turns delayed ACKs off: a delayed ACK waits at "
             "least 40 ms.")
        : tr("On this computer the route to 127.0.0.1 delays ACKs (no quickack): a delayed ACK "
             "waits at least 40 ms.");
    const int threshold = tcplab::pingpongThreshold(sysctls, QSysInfo::kernelVersion());
    const bool setting = sysctls.pingpongThresh >= 0;
    QString interactive;
    if (setting && threshold == 1)
        interactive = tr("This kernel treats an exchange as interactive after one answer "
                         "(net.ipv4.tcp_pingpong_thresh = 1).");
    else if (setting)
        interactive = tr("This kernel treats an exchange as interactive only after %1 answers "
                         "(net.ipv4.tcp_pingpong_thresh = %1), so after one answer it still "
                         "acknowledges at once.")
                          .arg(threshold);
    else if (threshold == 1)
        interactive = tr("This kernel (Linux %1) treats an exchange as interactive after one "
                         "answer.")
                          .arg(QSysInfo::kernelVersion());
    else
        interactive = tr("This kernel (Linux %1) may wait for three answers before it treats an "
                         "exchange as interactive, as Linux 5.1 to 5.18 did unless a later fix "
                         "was applied; then after one answer it still acknowledges at once.")
                          .arg(QSysInfo::kernelVersion());
    return route + QLatin1Char(' ') + interactive;
}

QString KernelText::synRetryTimes()
{
    return synRetryTimes(TcpSysctls::read());
}

QString KernelText::synRetryTimes(const TcpSysctls &sysctls)
{
    QStringList times;
    for (const int ms : synRetransmitScheduleMs(sysctls))
        times.append(tr("%1 s").arg(QLocale().toString(ms / 1000.0, 'g', 3)));
    return times.join(tr(", ", "between the times of a list"));
}

QString KernelText::expand(const QString &text)
{
    if (!text.contains(QLatin1Char('{')))
        return text;
    return expand(text, TcpSysctls::read(), false);
}

QString KernelText::expand(const QString &text, const TcpSysctls &s, bool labNetwork)
{
    QString out = text;
    out.replace(QStringLiteral("{tcp_fin_timeout}"), QString::number(s.finTimeout));
    out.replace(QStringLiteral("{tcp_syn_retries}"), QString::number(s.synRetries));
    out.replace(QStringLiteral("{tcp_syn_linear_timeouts}"),
                s.synLinearTimeouts >= 0 ? QString::number(s.synLinearTimeouts)
                                         : tr("0 (this kernel has no such setting)"));
    out.replace(QStringLiteral("{tcp_abort_on_overflow}"), QString::number(s.abortOnOverflow));
    if (out.contains(QStringLiteral("{syn_give_up}")))
        out.replace(QStringLiteral("{syn_give_up}"),
                    tr("%1 s").arg(QLocale().toString(synGiveUpMs(s) / 1000.0, 'g', 4)));
    if (out.contains(QStringLiteral("{syn_retry_times}")))
        out.replace(QStringLiteral("{syn_retry_times}"), synRetryTimes(s));
    if (out.contains(QStringLiteral("{delayed_ack}")))
        out.replace(QStringLiteral("{delayed_ack}"), delayedAck(s, labNetwork));
    return out;
}

} // namespace tcplab
