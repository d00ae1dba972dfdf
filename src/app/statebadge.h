#pragma once

#include "session/tcpstate.h"

#include <optional>

class QLabel;

namespace tcplab {

// Shows a TCP state in a pane's large badge, coloured as everywhere else (StateStyle).
// `closedByApp`: the application has closed its descriptor, so the kernel's state can no
// longer be read through it; the last state read is shown as such.
// No state: no socket (or none read yet).
void showStateBadge(QLabel *badge, std::optional<TcpState> state, bool closedByApp = false);

} // namespace tcplab
