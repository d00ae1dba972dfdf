#pragma once

#include "session/event.h"

namespace tcplab {

class Session;

// Which events of a session belong to one connection (the client port names it): its
// segments, the client pane's calls and states if it is that client, the server's events
// for that connection and the listener's. Shared by the diagram and the text ladder.
struct ConnectionFilter
{
    quint16 clientPort = 0; // 0: everything
    int conn = 0;
    bool clientIsOurs = true;
    int clientConn = -1; // which of the lab's clients, when there were several

    static ConnectionFilter forClientPort(const Session &session, quint16 clientPort);
    bool accepts(const Event &event) const;
};

// The calls a textbook figure shows; the plumbing (name lookup, the non-blocking connect's
// SO_ERROR, bind before listen, SO_REUSEADDR) stays in the event log.
bool isTextbookCall(const Event &call);
// A call as the figure writes it: "connect()", "write(18)", "read() → 0 (EOF)", "close()".
QString textbookCall(const Event &call);
// Whether that side of the connection runs on Qt's QTcpSocket (its calls are Qt's).
bool runsOnQt(const Session &session, const ConnectionFilter &filter, Side side);

} // namespace tcplab
