#include "lab/expectation.h"

#include "session/segmentexplain.h"
#include "session/session.h"

#include <vector>

namespace tcplab {

QStringList Expectation::observedWire(const Session &session)
{
    QStringList out;
    for (const Event &e : session.events()) {
        if (e.kind == Event::Kind::Segment)
            out.append((e.side == Side::Client ? QStringLiteral("c:") : QStringLiteral("s:"))
                       + e.flags);
    }
    return out;
}

QString Expectation::describeToken(const QString &token)
{
    const QString flags = token.mid(2);
    return token.startsWith(QLatin1Char('c'))
        ? tr("%1 from the client").arg(SegmentText::flagWords(flags))
        : tr("%1 from the server").arg(SegmentText::flagWords(flags));
}

WireMatch Expectation::matchWire(const QString &pattern, const QStringList &observed)
{
    struct Token
    {
        QString text;
        bool optional;
    };
    std::vector<Token> want;
    const QStringList words = pattern.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    for (const QString &w : words)
        want.push_back(
            {w.endsWith(QLatin1Char('?')) ? w.chopped(1) : w, w.endsWith(QLatin1Char('?'))});
    const int n = int(observed.size());
    const int m = int(want.size());
    // best[i][j]: fewest differences aligning observed[i..] with want[j..]; a skipped optional
    // token costs nothing, an unexpected or missing segment costs one.
    std::vector<std::vector<int>> best(n + 1, std::vector<int>(m + 1, 0));
    for (int i = n; i >= 0; --i) {
        for (int j = m; j >= 0; --j) {
            if (i == n && j == m)
                continue;
            int cost = 1 << 20;
            if (i < n && j < m && observed.at(i) == want[j].text)
                cost = std::min(cost, best[i + 1][j + 1]);
            if (i < n)
                cost = std::min(cost, 1 + best[i + 1][j]);
            if (j < m)
                cost = std::min(cost, (want[j].optional ? 0 : 1) + best[i][j + 1]);
            best[i][j] = cost;
        }
    }
    WireMatch r;
    r.expected = QList<bool>(n, true);
    int i = 0;
    int j = 0;
    int missingAt = -1;
    QString missingToken;
    int unexpectedAt = -1;
    while (i < n || j < m) {
        if (i < n && j < m && observed.at(i) == want[j].text && best[i][j] == best[i + 1][j + 1]) {
            ++i;
            ++j;
        } else if (j < m && best[i][j] == (want[j].optional ? 0 : 1) + best[i][j + 1]) {
            if (!want[j].optional) {
                r.missing.append(want[j].text);
                r.missingBefore.append(i);
                if (missingAt < 0) {
                    missingAt = i;
                    missingToken = want[j].text;
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
    r.matched = best[0][0] == 0;
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
                               "application "
                               "answered within the delayed-ACK time (about 40 ms), so no separate "
                               "ACK was needed.")
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
                     "delayed-ACK "
                     "time (about 40 ms) to answer, so the kernel acknowledged on its own.")
                      .arg(describeToken(seen));
        else
            r.explanation = tr("%1 was not expected here.").arg(describeToken(seen));
    }
    return r;
}

QString Expectation::missingState(const Session &session, bool client, const QStringList &expected)
{
    int k = 0;
    for (const Event &e : session.events()) {
        if (k < expected.size() && e.kind == Event::Kind::State
            && (e.side == Side::Client) == client && e.state == expected.at(k))
            ++k;
    }
    return k < expected.size() ? expected.at(k) : QString();
}

} // namespace tcplab
