#include "lab/observations.h"

#include "net/network.h"

#include "lab/kerneltext.h"
#include "session/segmentexplain.h"
#include "session/session.h"
#include "session/timing.h"

#include <QMap>

namespace tcplab {

namespace {

QString who(Side side)
{
    return side == Side::Client ? Observations::tr("the client") : Observations::tr("the server");
}

QString Who(Side side)
{
    return side == Side::Client ? Observations::tr("The client") : Observations::tr("The server");
}

} // namespace

QStringList Observations::of(const Session &session, const Network *network)
{
    QStringList out;
    QMap<int, QList<const Event *>> byConn;
    for (const Event &e : session.events()) {
        if (e.kind == Event::Kind::Segment)
            byConn[e.conn].append(&e);
    }
    const bool several = byConn.size() > 1;
    bool sawDelayedAck = false;
    for (auto it = byConn.cbegin(); it != byConn.cend(); ++it) {
        const QList<const Event *> &segments = it.value();
        const QString prefix = several ? tr("Connection %1: ").arg(it.key()) : QString();
        // The teardown: the first FIN, and how the other side answered it.
        const Event *firstFin = nullptr;
        for (const Event *s : segments) {
            if (s->isFin()) {
                firstFin = s;
                break;
            }
        }
        if (firstFin) {
            const Side closer = firstFin->side;
            const Side other = otherSide(closer);
            const quint32 finEnd = firstFin->relSeq + quint32(firstFin->len) + 1;
            const Event *loneAck = nullptr;
            const Event *otherFin = nullptr;
            for (const Event *s : segments) {
                if (s->tUs < firstFin->tUs || s->side != other)
                    continue;
                if (s->isFin()) {
                    otherFin = s;
                    break;
                }
                if (!loneAck && s->hasAck() && s->len == 0 && s->relAck == finEnd && !s->isRst())
                    loneAck = s;
            }
            if (otherFin && !loneAck) {
                const qint64 after = otherFin->tUs - firstFin->arrival();
                if (otherFin->hasAck() && qint32(otherFin->relAck - finEnd) >= 0)
                    out << prefix
                            + tr("The teardown took three segments: %1 closed %2 after %3's FIN "
                                 "arrived, within the delayed-ACK time, so its ACK rode on its "
                                 "own FIN.")
                                  .arg(who(other), SegmentText::duration(after), who(closer));
                else
                    out << prefix
                            + tr("The two FINs crossed on the wire: %1 closed before %2's FIN "
                                 "arrived, so each side acknowledged the other's FIN from "
                                 "CLOSING (a simultaneous close).")
                                  .arg(who(other), who(closer));
            } else if (loneAck) {
                const qint64 ackAfter = loneAck->tUs - firstFin->arrival();
                const QString closedAfter = otherFin
                    ? SegmentText::duration(otherFin->tUs - firstFin->arrival())
                    : QString();
                out << prefix
                        + (otherFin && ackAfter < kDelayedUs
                               // No delayed ACK (a quickack route): the ACK went at once.
                               ? tr("The teardown took four segments: %1's kernel "
                                    "acknowledged %2's FIN at once, after %3, and its "
                                    "application closed %4 after the FIN.")
                                     .arg(who(other), who(closer), SegmentText::duration(ackAfter),
                                          closedAfter)
                               : otherFin
                                   ? tr("The teardown took four segments: %1's kernel "
                                        "acknowledged %2's FIN on its own after %3, and its "
                                        "application closed %4 after the FIN, later than the "
                                        "delayed-ACK time.")
                                         .arg(who(other), who(closer),
                                              SegmentText::duration(ackAfter), closedAfter)
                                   : tr("%1 acknowledged %2's FIN after %3 and has not closed: "
                                        "it stays in CLOSE_WAIT for as long as its application "
                                        "wants.")
                                         .arg(Who(other), who(closer),
                                              SegmentText::duration(ackAfter)));
            }
        }
        // Delayed ACKs: an ACK alone, long after the data it acknowledges.
        for (int i = 1; i < segments.size(); ++i) {
            const Event *s = segments.at(i);
            if (!s->hasAck() || s->len != 0 || s->isFin() || s->isSyn() || s->isRst())
                continue;
            for (int j = i - 1; j >= 0; --j) {
                const Event *d = segments.at(j);
                if (d->side == s->side)
                    continue;
                if (d->len > 0 && !d->isFin() && s->relAck == d->relSeq + quint32(d->len)
                    && s->tUs - d->arrival() >= kDelayedUs) {
                    out << prefix
                            + tr("%1 acknowledged %n byte(s) on its own %2 after they arrived: "
                                 "a delayed ACK (Linux waits at least 40 ms for an answer to "
                                 "carry it).",
                                 nullptr, int(d->len))
                                  .arg(Who(s->side), SegmentText::duration(s->tUs - d->arrival()));
                    sawDelayedAck = true;
                }
                break;
            }
        }
        // SYNs sent again.
        const Event *firstSyn = nullptr;
        int again = 0;
        QStringList times;
        for (const Event *s : segments) {
            if (!s->isSyn() || s->hasAck())
                continue;
            if (!firstSyn) {
                firstSyn = s;
                continue;
            }
            ++again;
            times << SegmentText::duration(s->tUs - firstSyn->tUs);
        }
        if (again > 0)
            out << prefix
                    + tr("Nothing answered the SYN, so the client sent it again %n time(s), after "
                         "%1. This kernel's schedule: %2 after the first (tcp_syn_retries "
                         "limits how often).",
                         nullptr, again)
                          .arg(times.join(QStringLiteral(", ")),
                               network
                                   ? KernelText::synRetryTimes(network->tcpSettings(Side::Client))
                                   : KernelText::synRetryTimes());
    }
    const bool lab = network && network->kind() == Network::Kind::Lab;
    if (!sawDelayedAck && !lab && KernelText::loopbackQuickAck())
        out << KernelText::delayedAck();
    return out;
}

} // namespace tcplab
