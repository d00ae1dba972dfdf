#pragma once

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

namespace tcplab {

class Session;

// Expected versus observed: the segments a scenario expects ("c:S s:S. c:." with "?" marking a
// segment Linux may or may not send) aligned with what was seen, each observed segment marked
// expected or not, and the first difference explained in a sentence.
struct WireMatch
{
    bool matched = false;
    QList<bool> expected; // per observed segment
    QStringList missing; // expected segments that never came
    QList<int> missingBefore; // for each missing one: the observed segment it belongs before
    int firstDifference
        = -1; // index into the observed segments (or their count when one is missing at the end)
    QString explanation; // why they differ, for a student; empty when matched
};

class Expectation
{
    Q_DECLARE_TR_FUNCTIONS(tcplab::Expectation)

public:
    // "c:S", "s:S." ... for every segment of the session, in order.
    static QStringList observedWire(const Session &session);
    static WireMatch matchWire(const QString &pattern, const QStringList &observed);
    // The expected states must appear in this order among those recorded for that side;
    // returns the first one missing (empty when all came).
    static QString missingState(const Session &session, bool client, const QStringList &expected);
    // "FIN, ACK from the server"
    static QString describeToken(const QString &token);
};

} // namespace tcplab
