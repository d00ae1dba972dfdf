#pragma once

#include "session/event.h"

#include <QCoreApplication>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace tcplab {

class Network;

// The TCP settings a student may change on a lab host, as the window offers them: the sysctl
// (under net/ipv4), what kind of value it takes, and what it means. Values are the sysctl's own
// text ("1", "4096 131072 6291456").
struct HostSetting
{
    Q_DECLARE_TR_FUNCTIONS(tcplab::HostSetting)

public:
    enum class Kind {
        Switch, // 0 or 1
        Choice, // one of choices(), by number
        Number, // min..max
        Buffer, // three byte counts: min, default, max
    };

    QString name; // "tcp_sack"
    Kind kind = Kind::Switch;
    int min = 0;
    int max = 1;

    QString label() const; // "SACK"
    QString help() const; // a sentence: what it changes on the wire
    QStringList choices() const; // Kind::Choice: the meaning of 0, 1, 2 ...
    // Whether `value` is one this setting takes.
    bool accepts(const QString &value) const;

    // The settings of a lab host, in the order the window shows them (the client has no
    // SYN/ACK to retry, nor SYN cookies to send).
    static QList<HostSetting> forHost(Side host);
    // "SACK off, timestamps on, ..." for the settings in force on `host`: one line each.
    static QStringList summary(Network *network, Side host);
};

} // namespace tcplab
