#pragma once

#include <QCoreApplication>
#include <QString>

namespace tcplab {

struct TcpSysctls;

// Sentences whose truth depends on the running kernel's settings, made from those settings:
// an experiment's text says "{tcp_fin_timeout}" and the student reads this computer's value.
// Placeholders: {tcp_fin_timeout}, {tcp_syn_retries}, {tcp_syn_linear_timeouts},
// {syn_retry_times} (when an unanswered SYN is sent again), {syn_give_up} (when connect()
// then fails with ETIMEDOUT), {tcp_abort_on_overflow},
// {delayed_ack} (sentences: whether the route to 127.0.0.1 delays ACKs here, and after how
// many answers this kernel starts to).
class KernelText
{
    Q_DECLARE_TR_FUNCTIONS(tcplab::KernelText)

public:
    static QString expand(const QString &text);
    // With a host's settings: on the lab network, its client host's (the routes there never
    // turn delayed ACKs off).
    static QString expand(const QString &text, const TcpSysctls &sysctls, bool labNetwork);
    // Whether delayed ACKs can happen towards 127.0.0.1 here, in a sentence.
    static QString delayedAck();
    static QString delayedAck(const TcpSysctls &sysctls, bool labNetwork = false);
    // "1 s, 2 s, 3 s, 4 s, 5 s, 7 s" after the first SYN.
    static QString synRetryTimes();
    static QString synRetryTimes(const TcpSysctls &sysctls);
    // The route to 127.0.0.1 turns delayed ACKs off (`quickack 1`).
    static bool loopbackQuickAck();
    // tcplab::pingpongThreshold() of the running kernel.
    static int pingpongThreshold();
};

} // namespace tcplab
