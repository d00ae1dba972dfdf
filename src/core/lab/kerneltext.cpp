#include "lab/kerneltext.h"

#include "kernel/kernelsettings.h"

#include <QHostAddress>
#include <QLocale>
#include <QStringList>

namespace tcplab {

bool KernelText::loopbackQuickAck()
{
    const auto route = routeTo(QHostAddress(QHostAddress::LocalHost), nullptr);
    return route && route->quickAck;
}

QString KernelText::delayedAck()
{
    if (loopbackQuickAck())
        return tr("On this computer the route to 127.0.0.1 has quickack 1: the kernel "
                  "acknowledges every segment at once, so no delayed ACK can appear.");
    return tr("On this computer the route to 127.0.0.1 delays ACKs (no quickack): a delayed ACK "
              "waits at least 40 ms.");
}

QString KernelText::synRetryTimes()
{
    QStringList times;
    for (const int ms : synRetransmitScheduleMs(TcpSysctls::read()))
        times.append(tr("%1 s").arg(QLocale().toString(ms / 1000.0, 'g', 3)));
    return times.join(tr(", ", "between the times of a list"));
}

QString KernelText::expand(const QString &text)
{
    if (!text.contains(QLatin1Char('{')))
        return text;
    const TcpSysctls s = TcpSysctls::read();
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
        out.replace(QStringLiteral("{syn_retry_times}"), synRetryTimes());
    if (out.contains(QStringLiteral("{delayed_ack}")))
        out.replace(QStringLiteral("{delayed_ack}"), delayedAck());
    return out;
}

} // namespace tcplab
