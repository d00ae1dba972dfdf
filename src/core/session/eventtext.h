#pragma once

#include "session/event.h"

#include <QString>

namespace tcplab {

// One event as a line of text in system-call notation, shared by the window's event log and
// the runner's text account: "connect(127.0.0.1:45001) = -1 EINPROGRESS",
// "read(65536) = 18 \"I got your message\"", "→ CLOSE_WAIT (kernel, TCP_INFO)".
QString describeEvent(const Event &event);
// Printable form of bytes: text when it is UTF-8 without control characters, else hex.
QString printableBytes(const QByteArray &data, int limit = 48);
// "client", "server", "server #2" — the side column.
QString sideLabel(const Event &event);
// A full line of the text account: time in ms, side, description.
QString eventLine(const Event &event);

} // namespace tcplab
