#include "session/grouping.h"

#include "session/session.h"

#include <QMap>

namespace tcplab {

Grouping Grouping::of(const Session &session, const QList<int> &only)
{
    QMap<int, qint64> firstAt; // connection -> time of its first event
    for (const Event &e : session.events()) {
        if (e.conn > 0 && !firstAt.contains(e.conn) && (only.isEmpty() || only.contains(e.conn)))
            firstAt.insert(e.conn, e.tUs);
    }
    Grouping g;
    QHash<int, int> groupOf;
    for (auto it = firstAt.cbegin(); it != firstAt.cend(); ++it) {
        groupOf.insert(it.key(), int(g.groups.size()));
        g.groups.append(ConnectionGroup {it.key(), {}});
    }
    for (int i = 0; i < session.size(); ++i) {
        const Event &e = session.at(i);
        if (e.conn > 0) {
            if (const auto it = groupOf.constFind(e.conn); it != groupOf.cend())
                g.groups[*it].events.append(i);
            continue;
        }
        // The listener's (and the session's) own events: beside the newest connection.
        if (g.groups.isEmpty())
            g.groups.append(ConnectionGroup {0, {}});
        int best = 0;
        for (int k = 0; k < g.groups.size(); ++k) {
            if (firstAt.value(g.groups.at(k).conn, 0) <= e.tUs)
                best = k;
        }
        g.groups[best].events.append(i);
    }
    for (ConnectionGroup &group : g.groups)
        std::sort(group.events.begin(), group.events.end());
    return g;
}

int Grouping::indexOf(int conn) const
{
    for (int i = 0; i < groups.size(); ++i) {
        if (groups.at(i).conn == conn)
            return i;
    }
    return -1;
}

} // namespace tcplab
