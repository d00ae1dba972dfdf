#pragma once

#include "session/event.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>

namespace tcplab {

class Session;

// The states of every end of every connection, derived from what is on the wire by RFC 9293's
// rules (with Linux's order: an ACK is processed before a FIN), each placed at the segment that
// caused it: a sender's transition where the segment left, a receiver's where it arrived. A
// server end exists once it answers a SYN, so a dropped SYN gives its server no states. A
// listener's LISTEN comes from listen(); a TIME_WAIT (or orphaned FIN_WAIT_2) that the kernel's
// timer ended comes from the reading that found it gone. Every state here is
// `source: inferred`, with its cause; kernel readings are not transitions, they confirm them.
QList<Event> inferTransitions(const Session &session);

// What the kernel's readings say of the inferred transitions.
struct StateCheck
{
    // Transitions a reading confirmed: session index of the transition -> of the reading.
    QHash<int, int> confirmedBy;
    // Readings that contradict the wire: the kernel read a state the segments do not give that
    // end at that time (session indexes).
    QList<int> disagreements;
    // Readings of ends that have no inferred states to compare with (nothing captured or
    // modelled for them): shown as they are.
    QList<int> unmatched;

    // How far apart (µs) a reading and the segment behind a state may be and still meet: the
    // kernel acts on a segment microseconds from where the capture stamped it (under load, as
    // tst_ordering makes it, well within this). Wider would hide real disagreements: most
    // states on loopback last less than a millisecond.
    static constexpr qint64 kToleranceUs = 1000;

    static StateCheck of(const Session &session);
    bool confirmed(int transitionIndex) const { return confirmedBy.contains(transitionIndex); }
};

// Keeps a session's inferred states up to date as segments, calls and readings arrive.
class StateTracker : public QObject
{
    Q_OBJECT

public:
    explicit StateTracker(Session *session, QObject *parent = nullptr);
    // Replaces the inferred states by what the session says now.
    void refresh();

private:
    QPointer<Session> m_session;
    bool m_scheduled = false;
    bool m_updating = false;
};

} // namespace tcplab
