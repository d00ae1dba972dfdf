#pragma once

#include <QString>

class QLabel;

namespace tcplab {

// Shows a TCP state in a pane's large badge, coloured as everywhere else (StateStyle).
// `closedByApp`: the application has closed its descriptor, so the kernel's state can no
// longer be read through it; the last state read is shown as such.
void showStateBadge(QLabel *badge, const QString &state, bool closedByApp = false);

} // namespace tcplab
