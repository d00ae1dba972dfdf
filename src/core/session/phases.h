#pragma once

#include "session/event.h"

#include <QCoreApplication>
#include <QList>

namespace tcplab {

// The parts of a connection's life a textbook names: the three-way handshake, the data
// transfer, and the teardown (or a reset). Shared by the diagram and the text ladder.
struct Phase
{
    enum class Kind { Handshake, Data, Teardown, Reset };
    Kind kind = Kind::Handshake;
    int first = 0; // index into the segment list given
    int last = 0;
};

// Phases of one connection's segments, in order: the handshake runs until the ACK of the
// SYN/ACK (or the RST refusing it), data while segments flow before the first FIN or RST
// (only if some carried data), the teardown or reset from there on.
QList<Phase> connectionPhases(const QList<Event> &segments);

class PhaseText
{
    Q_DECLARE_TR_FUNCTIONS(tcplab::Phase)

public:
    static QString name(Phase::Kind kind);
};

} // namespace tcplab
