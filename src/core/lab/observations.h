#pragma once

#include <QCoreApplication>
#include <QStringList>

namespace tcplab {

class Network;
class Session;

// What this run shows, in sentences measured from it: how its teardown went (three segments or
// four, and why), how long a delayed ACK waited, when a dropped SYN was sent again. An
// experiment's text says what usually happens; these say what happened here.
class Observations
{
    Q_DECLARE_TR_FUNCTIONS(tcplab::Observations)

public:
    // network: where it ran (nullptr: this computer's own stack); the settings it quotes are
    // its client host's.
    static QStringList of(const Session &session, const Network *network = nullptr);
};

} // namespace tcplab
