#pragma once

#include <QHash>
#include <QList>

namespace tcplab {

class Session;

// Which connections a picture of a session shows, and which events each shows: a
// connection's own calls, segments and states, and the listener's events beside the
// connection that was newest when they happened (the first one before any). The diagram, the
// text ladder and Mermaid group alike, so every picture shows every connection the same way.
struct ConnectionGroup
{
    int conn = 0; // 0: a session with a listener and no connection yet
    QList<int> events; // session indexes, in order
};

struct Grouping
{
    QList<ConnectionGroup> groups;

    // `only`: the connections to show (the experiment's choice); empty: every one with events.
    static Grouping of(const Session &session, const QList<int> &only = {});
    int indexOf(int conn) const; // the group showing that connection, or -1
};

} // namespace tcplab
