#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace tcplab {

// Which end of the lab's connection an event belongs to.
enum class Side { Client, Server };

QString sideName(Side side); // "client" / "server", as in the session JSON

// One thing that happened in a lab session: an application call, a segment on the wire,
// a TCP state read from the kernel or inferred, or a note.
// Kept as one flat value type so the session is an ordered list that layouts and
// exporters can walk without caring about class hierarchies.
struct Event
{
    enum class Kind { Call, Segment, State, Note };

    Kind kind = Kind::Note;
    qint64 tUs = 0; // microseconds since the session's first event
    Side side = Side::Client; // for a segment: the sender ("from" in JSON)
    int conn = 0; // server-side connection number (1, 2, ...); 0 for the listener / client

    // Call
    QString call; // "connect", "write", "read", "shutdown", "close", "abort", ...
    QString args; // human-readable arguments, e.g. "127.0.0.1:45001" or "SHUT_WR"
    qint64 result = 0;
    QString errnoName; // "ECONNREFUSED", ... empty when the call succeeded
    QByteArray data; // bytes written or read by the call, when any
    // Empty for a system call; "qt" for a call of Qt's API (QTcpSocket, QTcpServer) and
    // "qt-signal" for a signal Qt emitted, when a side runs on the Qt engine.
    QString api;

    // Segment
    QString flags; // tcpdump letters: "S", "S.", ".", "P.", "F.", "R." ...
    quint32 seq = 0; // absolute, as on the wire (modelled: relative)
    quint32 ack = 0;
    quint32 relSeq = 0; // relative to the sender's initial sequence number
    quint32 relAck = 0; // relative to the receiver's initial sequence number
    qint64 len = 0; // payload bytes
    quint32 win = 0; // window field as sent (not scaled)
    QStringList options; // tcpdump style: "mss 65495", "sackOK", "TS val 1 ecr 0", "nop", ...
    quint16 srcPort = 0;
    quint16 dstPort = 0;

    // Segment: "live", "file" or "modelled"; State: "kernel" or "inferred".
    QString source;

    // State
    QString state; // RFC 9293 name with underscores: "ESTABLISHED", "CLOSE_WAIT", ...
    QString via; // how the kernel told us: "TCP_INFO", "sock_diag", "connect() = EINPROGRESS"
    qint64 remainingMs = -1; // the TIME_WAIT timer, as sock_diag reports it

    // Note
    QString text;

    QJsonObject toJson() const;
    static Event fromJson(const QJsonObject &object, QString *error);

    bool hasFlag(char letter) const { return flags.contains(QLatin1Char(letter)); }
    bool isSyn() const { return hasFlag('S'); }
    bool isFin() const { return hasFlag('F'); }
    bool isRst() const { return hasFlag('R'); }
    bool hasAck() const { return hasFlag('.'); }
    bool isQt() const { return api.startsWith(QLatin1String("qt")); }
    bool isQtSignal() const { return api == QLatin1String("qt-signal"); }
};

QString kindName(Event::Kind kind);

} // namespace tcplab
