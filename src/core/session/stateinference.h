#pragma once

#include "session/event.h"

#include <QList>
#include <QObject>
#include <QPointer>

namespace tcplab {

class Session;

// Fills in the states the kernel could not be asked about, from the segments (RFC 9293's
// state machine, with Linux's order of processing an ACK before a FIN): SYN_RECEIVED of an
// accepted connection, FIN_WAIT_1 and LAST_ACK that last microseconds on loopback. Such
// states are marked `source: inferred`; a state the kernel reported is never inferred again.
QList<Event> inferStates(const Session &session);

// Keeps a session's inferred states up to date as segments arrive.
class StateInference : public QObject
{
    Q_OBJECT

public:
    explicit StateInference(Session *session, QObject *parent = nullptr);
    // Replaces the inferred states by what the session's segments say now.
    void refresh();

private:
    QPointer<Session> m_session;
    bool m_scheduled = false;
    bool m_updating = false;
};

} // namespace tcplab
