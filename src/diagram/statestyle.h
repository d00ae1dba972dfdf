#pragma once

#include "session/tcpstate.h"

#include <QColor>

#include <optional>

namespace tcplab {

// Colours for TCP states, shared by the panes' state badges, the event log and the ladder
// diagram, so a state looks the same everywhere. Grouped by meaning so they also read in
// greyscale: opening (blue), established (green), closing (amber), waiting for the peer or the
// application (red), TIME_WAIT (purple), gone or unknown (grey).
struct StateStyle
{
    QColor background;
    QColor foreground;

    static StateStyle forState(std::optional<TcpState> state);
};

} // namespace tcplab
