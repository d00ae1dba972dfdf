#include "session/phases.h"

namespace tcplab {

QList<Phase> connectionPhases(const QList<Event> &segments)
{
    QList<Phase> out;
    const int n = int(segments.size());
    int next = 0;
    if (n > 0 && segments.constFirst().isSyn()) {
        int end = n - 1; // an unfinished handshake runs to the end
        bool sawSynAck = false;
        for (int i = 0; i < n; ++i) {
            const Event &e = segments.at(i);
            if (e.isRst() || (sawSynAck && !e.isSyn())) {
                end = i;
                break;
            }
            sawSynAck = sawSynAck || (e.isSyn() && e.hasAck());
        }
        out.append({Phase::Kind::Handshake, 0, end});
        next = end + 1;
    }
    int teardown = -1;
    for (int i = next; i < n; ++i) {
        if (segments.at(i).isFin() || segments.at(i).isRst()) {
            teardown = i;
            break;
        }
    }
    const int dataEnd = teardown >= 0 ? teardown - 1 : n - 1;
    bool anyData = false;
    for (int i = next; i <= dataEnd; ++i)
        anyData = anyData || segments.at(i).len > 0;
    if (anyData)
        out.append({Phase::Kind::Data, next, dataEnd});
    if (teardown >= 0)
        out.append({segments.at(teardown).isRst() ? Phase::Kind::Reset : Phase::Kind::Teardown,
                    teardown, n - 1});
    return out;
}

QString PhaseText::name(Phase::Kind kind)
{
    switch (kind) {
    case Phase::Kind::Handshake:
        return tr("three-way handshake");
    case Phase::Kind::Data:
        return tr("data transfer");
    case Phase::Kind::Teardown:
        return tr("four-way teardown");
    case Phase::Kind::Reset:
        return tr("reset");
    }
    return {};
}

} // namespace tcplab
