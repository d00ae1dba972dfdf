#pragma once

#include "session/tcpstate.h"

#include <optional>

class QLabel;

namespace tcplab {

// Shows a TCP state in a pane's large badge, coloured as everywhere else (StateStyle).
// `closedByApp`: the application has closed its descriptor. The connection may live on in the
// kernel (FIN_WAIT_2, TIME_WAIT, LAST_ACK...), as sock_diag reads it: then the badge shows that
// state, and says in its tool tip that the application let go; once the kernel is done with it
// too, the badge says closed().
// No state: no socket (or none read yet).
void showStateBadge(QLabel *badge, std::optional<TcpState> state, bool closedByApp = false);

} // namespace tcplab
