#include "lab/expectation.h"

#include "kernel/kernelsettings.h"
#include "lab/kerneltext.h"
#include "session/eventtext.h"
#include "session/segmentexplain.h"
#include "session/session.h"
#include "session/statetracker.h"
#include "session/timing.h"

#include <QRegularExpression>

#include <vector>

namespace tcplab {

namespace {

QString sidePrefix(Side side)
{
    return side == Side::Client ? QStringLiteral("c:") : QStringLiteral("s:");
}

// The retransmission timeout a retransmission of this segment waits at least: a SYN 1 s
// (RFC 6298's initial RTO, Linux's TCP_TIMEOUT_INIT), anything else the kernel's RTO_MIN; a
// tenth less, for timer slack.
qint64 minimumTimeoutUs(const Event &segment)
{
    if (segment.isSyn())
        return 900000;
    const int rtoMinUs = TcpSysctls::read().rtoMinUs;
    return (rtoMinUs > 0 ? rtoMinUs : 200000) * 9 / 10;
}

// A perfect wire hands a frame over within microseconds; later than this, the process that
// is the wire was kept from running.
constexpr qint64 kLateWireUs = 2000;

// The latest copy of segments[o] its sender sent before it (same flags, sequence number and
// length): what a retransmission retransmits.
const Event *earlierCopy(const Session &session, const QList<int> &segments, int o)
{
    const Event &seg = session.at(segments.at(o));
    for (int p = o - 1; p >= 0; --p) {
        const Event &e = session.at(segments.at(p));
        if (e.side == seg.side && e.relSeq == seg.relSeq && e.flags == seg.flags && e.len == seg.len
            && e.sentByEnd())
            return &e;
    }
    return nullptr;
}

} // namespace

QString timingName(Timing timing)
{
    switch (timing) {
    case Timing::Any:
        return {};
    case Timing::Immediate:
        return QStringLiteral("immediate");
    case Timing::Delayed:
        return QStringLiteral("delayed");
    case Timing::AfterTimeout:
        return QStringLiteral("after-timeout");
    }
    return {};
}

QString SegmentExpect::token() const
{
    if (any)
        return QStringLiteral("*");
    return sidePrefix(from) + tcpFlagLetters(flags)
        + (fate != WireFate::Delivered ? QLatin1Char('/') + wireFateName(fate) : QString())
        + (optional ? QStringLiteral("?") : QString());
}

std::optional<SegmentExpect> SegmentExpect::fromToken(const QString &token)
{
    if (token == QLatin1String("*")) {
        SegmentExpect any;
        any.any = true;
        any.optional = true;
        return any;
    }
    static const QRegularExpression shape(
        QStringLiteral("^([cs]):((?:[SFPRUEW]+\\.?|\\.))(?:/([a-z_]+))?(\\?)?$"));
    const auto m = shape.match(token);
    if (!m.hasMatch())
        return std::nullopt;
    SegmentExpect s;
    s.from = m.captured(1) == QLatin1String("c") ? Side::Client : Side::Server;
    const auto flags = tcpFlagsFromLetters(m.captured(2));
    if (!flags)
        return std::nullopt;
    s.flags = *flags;
    if (!m.captured(3).isEmpty()) {
        const auto fate = wireFateFromName(m.captured(3));
        if (!fate)
            return std::nullopt;
        s.fate = *fate;
    }
    s.optional = !m.captured(4).isEmpty();
    return s;
}

QStringList Expectation::observedWire(const Session &session, int conn)
{
    QStringList out;
    for (const Event &e : session.events()) {
        if (e.kind == Event::Kind::Segment && (conn == 0 || e.conn == conn))
            out.append(sidePrefix(e.side) + e.flagLetters()
                       + (e.fate != WireFate::Delivered ? QLatin1Char('/') + wireFateName(e.fate)
                                                        : QString()));
    }
    return out;
}

QString Expectation::describeToken(const QString &token)
{
    const auto flags = tcpFlagsFromLetters(token.mid(2).remove(QLatin1Char('?')));
    const QString words = flags ? EventText::flagWords(*flags) : token.mid(2);
    return token.startsWith(QLatin1Char('c')) ? tr("%1 from the client").arg(words)
                                              : tr("%1 from the server").arg(words);
}

QString Expectation::describe(const SegmentExpect &s)
{
    return describeToken(s.token());
}

WireMatch Expectation::matchWire(const QString &pattern, const QStringList &observed)
{
    QList<SegmentExpect> want;
    for (const QString &w : pattern.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (const auto s = SegmentExpect::fromToken(w))
            want.append(*s);
    }
    return matchWire(want, observed);
}

WireMatch Expectation::matchWire(const QList<SegmentExpect> &expected, const QStringList &observed,
                                 const std::function<bool(int, int)> &fits)
{
    QStringList want;
    for (const SegmentExpect &s : expected) {
        SegmentExpect plain = s;
        plain.optional = false;
        want.append(plain.token());
    }
    const int n = int(observed.size());
    const int m = int(want.size());
    // best[i][j]: the cost of aligning observed[i..] with want[j..]. An unexpected or missing
    // segment is a difference (kDifference); a skipped optional segment costs nothing; a segment
    // only "*" explains costs 1, so that a slot that fits it (and whose claims get checked) is
    // always preferred to the wildcard.
    constexpr int kDifference = 1 << 12;
    std::vector<std::vector<int>> best(n + 1, std::vector<int>(m + 1, 0));
    for (int i = n; i >= 0; --i) {
        for (int j = m; j >= 0; --j) {
            if (i == n && j == m)
                continue;
            int cost = 1 << 28;
            if (j < m && expected.at(j).any) { // "*": takes this segment, or none more
                cost = best[i][j + 1];
                if (i < n)
                    cost = std::min(cost, 1 + best[i + 1][j]);
                best[i][j] = cost;
                continue;
            }
            if (i < n && j < m && observed.at(i) == want.at(j) && (!fits || fits(i, j)))
                cost = std::min(cost, best[i + 1][j + 1]);
            if (i < n)
                cost = std::min(cost, kDifference + best[i + 1][j]);
            if (j < m)
                cost = std::min(cost, (expected.at(j).optional ? 0 : kDifference) + best[i][j + 1]);
            best[i][j] = cost;
        }
    }
    WireMatch r;
    r.expected = QList<bool>(n, true);
    r.expectedIndex = QList<int>(n, -1);
    int i = 0;
    int j = 0;
    int missingAt = -1;
    QString missingToken;
    int unexpectedAt = -1;
    while (i < n || j < m) {
        if (j < m && expected.at(j).any) {
            if (i < n && best[i][j] == 1 + best[i + 1][j])
                ++i; // taken by "*": expected, with nothing to check
            else
                ++j;
            continue;
        }
        if (i < n && j < m && observed.at(i) == want.at(j) && (!fits || fits(i, j))
            && best[i][j] == best[i + 1][j + 1]) {
            r.expectedIndex[i] = j;
            ++i;
            ++j;
        } else if (j < m
                   && best[i][j] == (expected.at(j).optional ? 0 : kDifference) + best[i][j + 1]) {
            if (!expected.at(j).optional) {
                r.missing.append(want.at(j));
                r.missingBefore.append(i);
                if (missingAt < 0) {
                    missingAt = i;
                    missingToken = want.at(j);
                }
            }
            ++j;
        } else {
            r.expected[i] = false;
            if (unexpectedAt < 0)
                unexpectedAt = i;
            ++i;
        }
    }
    r.matched = best[0][0] < kDifference;
    if (r.matched)
        return r;

    // The first difference, in words.
    const bool missingFirst = missingAt >= 0 && (unexpectedAt < 0 || missingAt <= unexpectedAt);
    r.firstDifference = missingFirst ? missingAt : unexpectedAt;
    const QString seen = r.firstDifference < n ? observed.at(r.firstDifference) : QString();
    if (missingFirst) {
        // An ACK that is missing because it rode on the same side's next segment.
        if (missingToken.endsWith(QLatin1String(":.")) && !seen.isEmpty()
            && seen.left(2) == missingToken.left(2) && seen.size() > 3)
            r.explanation = tr("Linux sent its ACK together with its next segment (%1) because the "
                               "application answered within the delayed-ACK time (about 40 ms), "
                               "so no separate ACK was needed.")
                                .arg(describeToken(seen));
        else if (seen.isEmpty())
            r.explanation = tr("Expected %1 at the end, but nothing more was seen.")
                                .arg(describeToken(missingToken));
        else
            r.explanation = tr("Expected %1 here, but saw %2.")
                                .arg(describeToken(missingToken), describeToken(seen));
    } else {
        if (seen.endsWith(QLatin1String(":.")))
            r.explanation
                = tr("Linux sent a separate ACK (%1): the application took longer than the "
                     "delayed-ACK time (about 40 ms) to answer, so the kernel acknowledged on its "
                     "own.")
                      .arg(describeToken(seen));
        else
            r.explanation = tr("%1 was not expected here.").arg(describeToken(seen));
    }
    return r;
}

namespace {

// The states one end of one connection went through (inferred transitions, in order).
QList<int> transitionsOf(const Session &session, int conn, Side side, bool listener)
{
    QList<int> out;
    for (int i = 0; i < session.size(); ++i) {
        const Event &e = session.at(i);
        if (e.isTransition() && e.listener == listener
            && (listener || (e.conn == conn && e.side == side)))
            out.append(i);
    }
    return out;
}

QString statePath(const Session &session, const QList<int> &indexes)
{
    QStringList names;
    for (const int i : indexes)
        names.append(tcpStateName(session.at(i).state));
    return names.isEmpty() ? Expectation::tr("none") : names.join(QStringLiteral(" → "));
}

QString expectedPath(const QList<StateExpect> &states)
{
    QStringList names;
    for (const StateExpect &s : states)
        names.append(tcpStateName(s.state));
    return names.join(QStringLiteral(" → "));
}

// Linux delays its ACKs once the exchange is interactive: the end answered data within the
// delayed-ACK time. If this end's last answer came later, say so: that is why it did not wait.
QString lateAnswer(const Session &session, const QList<int> &segments, int at)
{
    const Event &ack = session.at(segments.at(at));
    for (int k = at - 1; k >= 1; --k) {
        const Event &answer = session.at(segments.at(k));
        if (answer.side != ack.side || answer.len == 0)
            continue;
        for (int j = k - 1; j >= 0; --j) {
            const Event &asked = session.at(segments.at(j));
            if (asked.side == ack.side || asked.len == 0)
                continue;
            const qint64 gap = answer.tUs - asked.arrival();
            if (gap < 40000)
                return {};
            return (ack.side == Side::Client
                        ? Expectation::tr("The client answered the previous message only %1 after "
                                          "it arrived, later than the delayed-ACK time, so Linux "
                                          "did not take the exchange for an interactive one and "
                                          "kept acknowledging at once.")
                        : Expectation::tr("The server answered the previous message only %1 after "
                                          "it arrived, later than the delayed-ACK time, so Linux "
                                          "did not take the exchange for an interactive one and "
                                          "kept acknowledging at once."))
                .arg(SegmentText::duration(gap));
        }
        return {};
    }
    return {};
}

} // namespace

Verdict Expectation::check(const Session &session, const ScenarioExpect &expect)
{
    Verdict v;
    const StateCheck states = StateCheck::of(session);
    auto fail = [&v](const QString &message) {
        if (v.failures.isEmpty())
            v.message = message;
        v.failures.append(message);
    };

    QList<int> conns;
    for (const Connection &c : session.connections().all()) {
        // A connection the lab's socket opened but that never sent a thing (a name that did not
        // resolve) has nothing to compare.
        bool any = false;
        for (const Event &e : session.events())
            any = any || (e.conn == c.id && e.kind != Event::Kind::Note);
        if (any)
            conns.append(c.id);
    }

    for (int k = 0; k < std::max(conns.size(), expect.connections.size()); ++k) {
        const int number = k + 1;
        if (k >= expect.connections.size()) {
            const Connection *c = session.connections().find(conns.at(k));
            fail(tr("Connection %1 (%2 → %3) was not expected by this experiment.")
                     .arg(number)
                     .arg(c->client.text(), c->server.text()));
            continue;
        }
        const ConnectionExpect &want = expect.connections.at(k);
        if (k >= conns.size()) {
            fail(tr("Connection %1 never appeared.").arg(number));
            continue;
        }
        const int conn = conns.at(k);
        Verdict::Connection result;
        result.conn = conn;
        for (int i = 0; i < session.size(); ++i) {
            if (session.at(i).kind == Event::Kind::Segment && session.at(i).conn == conn) {
                result.segments.append(i);
                result.segmentIds.append(session.at(i).id);
            }
        }
        const QString prefix = conns.size() > 1 || expect.connections.size() > 1
            ? tr("Connection %1: ").arg(number)
            : QString();
        if (want.hasWire) {
            const QStringList observed = observedWire(session, conn);
            // A segment fits a slot whose numbers it has: an optional ACK of the reply and one
            // of the FIN may both be expected where either can come first.
            auto fits = [&](int o, int j) {
                const Event &seg = session.at(result.segments.at(o));
                const SegmentExpect &s = want.wire.at(j);
                return (!s.seq || seg.relSeq == *s.seq) && (!s.absSeq || seg.seq == *s.absSeq)
                    && (!s.ack || (seg.hasAck() && seg.relAck == *s.ack))
                    && (!s.len || seg.len == *s.len) && (!s.win || seg.win == *s.win);
            };
            // Mismatched numbers are reported as such, not as a different wire: the plain
            // alignment decides whether the wire differs.
            result.match = matchWire(want.wire, observed, fits);
            if (!result.match.matched)
                result.match = matchWire(want.wire, observed);
            // An unexpected copy of an earlier segment is the kernel's retransmission: say so,
            // and, when the lab's wire was what kept the first copy from its receiver, how late.
            if (!result.match.matched && result.match.firstDifference < result.segments.size()
                && !result.match.expected.value(result.match.firstDifference, true)) {
                // The alignment may mark either copy as the one not expected.
                int o = result.match.firstDifference;
                const Event *original = earlierCopy(session, result.segments, o);
                for (int q = o + 1; !original && q < result.segments.size(); ++q) {
                    if (earlierCopy(session, result.segments, q)
                        == &session.at(result.segments.at(o))) {
                        original = &session.at(result.segments.at(o));
                        o = q;
                    }
                }
                const Event &seg = session.at(result.segments.at(o));
                if (original) {
                    const QString what = describeToken(observed.at(o));
                    result.match.explanation
                        = tr("%1 was sent again %2 after the first copy: the kernel retransmitted "
                             "it because no acknowledgement came back in time.")
                              .arg(what, SegmentText::duration(seg.tUs - original->tUs));
                    // On a perfect wire nothing but the wire's own process holds a frame: it
                    // is to blame when it held the first copy, or the acknowledgement of it
                    // until after the retransmission had gone.
                    const bool perfect
                        = session.wireSpec().isEmpty() && session.network() == QLatin1String("lab");
                    auto heldByTheWire = [&](const Event &e) {
                        return perfect && e.fate == WireFate::Delivered && e.wireRule < 0
                            && e.arrival() - e.tUs > kLateWireUs;
                    };
                    const qint64 end = original->relSeq + original->len
                        + ((original->isSyn() || original->isFin()) ? 1 : 0);
                    const Event *heldAck = nullptr;
                    for (int a = 0; a < o && !heldAck; ++a) {
                        const Event &e = session.at(result.segments.at(a));
                        if (e.side != seg.side && e.hasAck() && e.relAck >= end && e.tUs < seg.tUs
                            && e.arrival() > seg.tUs && heldByTheWire(e))
                            heldAck = &e;
                    }
                    if (heldByTheWire(*original)) {
                        result.match.explanation += QLatin1Char(' ')
                            + tr("The lab's wire delivered the first copy %1 after it was sent, "
                                 "because this computer was busy: the retransmission is real, "
                                 "but the wire, not the lesson, caused it. Run the experiment "
                                 "again.")
                                  .arg(SegmentText::duration(original->arrival() - original->tUs));
                        v.lateWire = true;
                    } else if (heldAck) {
                        result.match.explanation += QLatin1Char(' ')
                            + tr("The lab's wire delivered its acknowledgement %1 after it was "
                                 "sent, because this computer was busy, and only after the "
                                 "retransmission had gone: the retransmission is real, but the "
                                 "wire, not the lesson, caused it. Run the experiment again.")
                                  .arg(SegmentText::duration(heldAck->arrival() - heldAck->tUs));
                        v.lateWire = true;
                    }
                }
            }
            if (!result.match.matched) {
                QStringList tokens;
                for (const SegmentExpect &s : want.wire)
                    tokens.append(s.token());
                fail(prefix
                     + tr("The wire differs from the expectation at segment %1 (observed %2; "
                          "expected %3). %4")
                           .arg(result.match.firstDifference + 1)
                           .arg(observed.join(QLatin1Char(' ')), tokens.join(QLatin1Char(' ')),
                                result.match.explanation));
            }
            // What the text claims of each segment: its numbers and when it came.
            for (int o = 0; o < result.segments.size(); ++o) {
                const int j = result.match.expectedIndex.value(o, -1);
                if (j < 0)
                    continue;
                const SegmentExpect &s = want.wire.at(j);
                const int index = result.segments.at(o);
                const Event &seg = session.at(index);
                const QString what = tr("segment %1 (%2)").arg(o + 1).arg(describe(s));
                QString problem;
                if (s.seq && seg.relSeq != *s.seq)
                    problem = tr("%1 has relative seq %2; expected %3.")
                                  .arg(what)
                                  .arg(seg.relSeq)
                                  .arg(*s.seq);
                else if (s.absSeq && seg.seq != *s.absSeq)
                    problem = tr("%1 has sequence number %2 on the wire; expected %3.")
                                  .arg(what)
                                  .arg(seg.seq)
                                  .arg(*s.absSeq);
                else if (s.ack && (!seg.hasAck() || seg.relAck != *s.ack))
                    problem = tr("%1 has relative ack %2; expected %3.")
                                  .arg(what)
                                  .arg(seg.relAck)
                                  .arg(*s.ack);
                else if (s.len && seg.len != *s.len)
                    problem = tr("%1 carries %2 bytes; expected %3.")
                                  .arg(what)
                                  .arg(seg.len)
                                  .arg(*s.len);
                else if (s.win && seg.win != *s.win)
                    problem
                        = tr("%1 has window %2; expected %3.").arg(what).arg(seg.win).arg(*s.win);
                else if (s.sack
                         && *s.sack != (findOption(seg.options, TcpOption::Kind::Sack) != nullptr))
                    problem = *s.sack ? tr("%1 carries no SACK blocks; expected some.").arg(what)
                                      : tr("%1 carries SACK blocks; expected none.").arg(what);
                else if (s.mss) {
                    const TcpOption *mss = findOption(seg.options, TcpOption::Kind::Mss);
                    if (!mss || mss->value != *s.mss)
                        problem = tr("%1 offers MSS %2; expected %3.")
                                      .arg(what, mss ? QString::number(mss->value) : tr("none"))
                                      .arg(*s.mss);
                }
                if (problem.isEmpty() && s.timing != Timing::Any) {
                    const Event *before = o > 0 ? &session.at(result.segments.at(o - 1)) : nullptr;
                    const qint64 gap = before ? seg.tUs - before->arrival() : 0;
                    const QString after = SegmentText::duration(std::max<qint64>(0, gap));
                    if (s.timing == Timing::Immediate && before && gap >= kImmediateUs)
                        problem = tr("%1 came %2 after the segment before it; expected at once "
                                     "(under 5 ms).")
                                      .arg(what, after);
                    else if (s.timing == Timing::Delayed && before && gap < kDelayedUs) {
                        problem = tr("%1 came %2 after the segment before it; expected a delayed "
                                     "ACK (30 to 250 ms): this kernel acknowledged at once.")
                                      .arg(what, after);
                        // A lesson on delayed ACKs cannot hold where the route turns them off,
                        // nor when the answer that makes Linux delay them came too late.
                        if (KernelText::loopbackQuickAck() || KernelText::pingpongThreshold() != 1)
                            problem += QLatin1Char(' ') + KernelText::delayedAck();
                        else if (const QString late = lateAnswer(session, result.segments, o);
                                 !late.isEmpty())
                            problem += QLatin1Char(' ') + late;
                    } else if (s.timing == Timing::Delayed && before && gap > kDelayedMaxUs) {
                        problem = tr("%1 came %2 after the segment before it; a delayed ACK "
                                     "waits 200 ms at most, so this was not one.")
                                      .arg(what, after);
                    } else if (s.timing == Timing::AfterTimeout) {
                        // A retransmission of an earlier segment, after the timeout.
                        const Event *original = earlierCopy(session, result.segments, o);
                        if (!original)
                            problem
                                = tr("%1 is not a retransmission of an earlier segment.").arg(what);
                        else if (seg.tUs - original->tUs < minimumTimeoutUs(seg))
                            problem
                                = tr("%1 was resent %2 after the first copy; a retransmission "
                                     "timeout is at least %3.")
                                      .arg(what, SegmentText::duration(seg.tUs - original->tUs),
                                           SegmentText::duration(minimumTimeoutUs(seg) * 10 / 9));
                    }
                }
                if (problem.isEmpty() && s.gapMs && o > 0) {
                    const Event &before = session.at(result.segments.at(o - 1));
                    const qint64 gap = seg.tUs - before.tUs;
                    if (gap < qint64(s.gapMs->first) * 1000 || gap > qint64(s.gapMs->second) * 1000)
                        problem
                            = tr("%1 came %2 after the segment before it; expected %3 to %4 ms.")
                                  .arg(what, SegmentText::duration(gap))
                                  .arg(s.gapMs->first)
                                  .arg(s.gapMs->second);
                }
                if (problem.isEmpty() && s.resentAfterMs) {
                    const Event *copy = earlierCopy(session, result.segments, o);
                    const qint64 gap = copy ? seg.tUs - copy->tUs : 0;
                    if (!copy)
                        problem = tr("%1 is not a retransmission of an earlier segment.").arg(what);
                    else if (gap < qint64(s.resentAfterMs->first) * 1000
                             || gap > qint64(s.resentAfterMs->second) * 1000)
                        problem = tr("%1 was resent %2 after the copy before it; expected %3 to "
                                     "%4 ms.")
                                      .arg(what, SegmentText::duration(gap))
                                      .arg(s.resentAfterMs->first)
                                      .arg(s.resentAfterMs->second);
                }
                if (!problem.isEmpty()) {
                    result.problems.insert(seg.id, problem);
                    fail(prefix + problem);
                }
            }
        }
        for (const Side side : {Side::Client, Side::Server}) {
            const bool has = side == Side::Client ? want.hasClient : want.hasServer;
            if (!has)
                continue;
            const QList<StateExpect> &path = side == Side::Client ? want.client : want.server;
            const QList<int> seen = transitionsOf(session, conn, side, false);
            bool same = seen.size() == path.size();
            for (int s = 0; same && s < path.size(); ++s)
                same = session.at(seen.at(s)).state == path.at(s).state;
            const QString who = side == Side::Client ? tr("The client") : tr("The server");
            if (!same) {
                fail(prefix
                     + tr("%1 went %2; expected %3.")
                           .arg(who, statePath(session, seen), expectedPath(path)));
                continue;
            }
            for (int s = 0; s < path.size(); ++s) {
                const StateExpect &want = path.at(s);
                if (want.kernel && !states.confirmed(seen.at(s))) {
                    fail(prefix
                         + tr("%1's %2 was not confirmed by the kernel (no TCP_INFO or sock_diag "
                              "reading showed it).")
                               .arg(who, tcpStateName(want.state)));
                    continue;
                }
                if (!want.timerSeconds)
                    continue;
                // The reading came right after the state began: its timer is nearly whole.
                const Event &reading = session.at(states.confirmedBy.value(seen.at(s)));
                const qint64 wantMs = qint64(*want.timerSeconds) * 1000;
                if (reading.remainingMs < wantMs - 5000 || reading.remainingMs > wantMs + 1000)
                    fail(prefix
                         + tr("%1's %2 timer read %3 s in the kernel; expected about %4 s.")
                               .arg(who, tcpStateName(want.state))
                               .arg(reading.remainingMs < 0
                                        ? QStringLiteral("?")
                                        : QString::number(qRound(reading.remainingMs / 1000.0)))
                               .arg(*want.timerSeconds));
            }
        }
        v.connections.append(result);
    }
    if (expect.hasListener) {
        const QList<int> seen = transitionsOf(session, 0, Side::Server, true);
        bool same = seen.size() == expect.listener.size();
        for (int s = 0; same && s < seen.size(); ++s)
            same = session.at(seen.at(s)).state == expect.listener.at(s).state;
        if (!same)
            fail(tr("The listener went %1; expected %2.")
                     .arg(statePath(session, seen), expectedPath(expect.listener)));
    }
    // Calls, in order (others may come between).
    int next = 0;
    for (const Event &e : session.events()) {
        if (next >= expect.calls.size())
            break;
        const CallExpect &c = expect.calls.at(next);
        const int number = int(conns.indexOf(e.conn)) + 1;
        if (e.kind != Event::Kind::Call || e.side != c.side || e.verb != c.verb
            || (c.conn != 0 && number != c.conn))
            continue;
        if ((c.result && e.result != *c.result) || (c.err && e.err != *c.err))
            continue;
        if (c.soError
            && (e.option.name != SocketOption::Name::Error || e.option.value != *c.soError))
            continue;
        if (c.qtError && e.qtError != *c.qtError)
            continue;
        if (c.option && !(e.option == *c.option))
            continue;
        ++next;
    }
    if (next < expect.calls.size()) {
        const CallExpect &c = expect.calls.at(next);
        QString what = verbName(c.verb) + QStringLiteral("()");
        if (c.result)
            what += QStringLiteral(" = %1").arg(*c.result);
        if (c.err && *c.err != 0)
            what += QLatin1Char(' ') + errnoName(*c.err);
        if (c.soError)
            what = QStringLiteral("getsockopt(SO_ERROR) → %1")
                       .arg(*c.soError ? errnoName(*c.soError) : QStringLiteral("0"));
        if (c.qtError)
            what = QStringLiteral("errorOccurred(%1)").arg(qtErrorName(*c.qtError));
        if (c.option) {
            Event probe;
            probe.kind = Event::Kind::Call;
            probe.verb = Verb::SetSockOpt;
            probe.option = *c.option;
            what = EventText::textbookCall(probe);
        }
        fail(c.side == Side::Client ? tr("The client never called %1.").arg(what)
                                    : tr("The server never called %1.").arg(what));
    }
    // States the kernel contradicts.
    for (const int r : states.disagreements) {
        const Event &reading = session.at(r);
        const QString text = reading.side == Side::Client
            ? tr("The kernel read %1 for the client of connection %2 (%3) where the segments say "
                 "otherwise.")
            : tr("The kernel read %1 for the server of connection %2 (%3) where the segments say "
                 "otherwise.");
        fail(text.arg(tcpStateName(reading.state))
                 .arg(conns.indexOf(reading.conn) + 1)
                 .arg(EventText::readingVia(reading)));
    }

    if (session.capture() != CaptureKind::Live && session.capture() != CaptureKind::File) {
        // Without capture the segments are the model's own: matching them checks the model, not
        // the kernel.
        v.outcome = Verdict::Outcome::NotChecked;
        v.message = tr("The segments were modelled from the calls, not captured, so what the "
                       "kernel put on the wire was not checked.");
        return v;
    }
    v.outcome = v.failures.isEmpty() ? Verdict::Outcome::Passed : Verdict::Outcome::Failed;
    return v;
}

ScenarioExpect Expectation::resized(ScenarioExpect expect, Side writer, qint64 oldLength,
                                    qint64 newLength)
{
    const qint64 by = newLength - oldLength;
    // Relative numbers: the message is bytes 1 to oldLength, what follows it starts after.
    const quint32 after = quint32(1 + oldLength);
    for (ConnectionExpect &c : expect.connections) {
        for (SegmentExpect &s : c.wire) {
            if (s.from == writer) {
                if (s.len && *s.len == oldLength)
                    s.len = newLength;
                if (s.seq && *s.seq >= after)
                    s.seq = quint32(*s.seq + by);
            } else if (s.ack && *s.ack >= after) {
                s.ack = quint32(*s.ack + by);
            }
        }
    }
    return expect;
}

} // namespace tcplab
