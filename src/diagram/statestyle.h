#pragma once

#include <QColor>
#include <QString>

namespace tcplab {

// Colours for TCP states, shared by the panes' state badges and (later) the ladder diagram,
// so a state looks the same everywhere. Grouped by meaning so they also read in greyscale:
// opening (blue), established (green), closing (amber), waiting-to-finish (purple), gone (grey).
struct StateStyle
{
    QColor background;
    QColor foreground;

    static StateStyle forState(const QString &state);
};

} // namespace tcplab
