#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace tcplab {

// Which end of the lab's connection an event belongs to.
enum class Side { Client, Server };

QString sideName(Side side); // "client" / "server", as in the session JSON

// One thing that happened in a lab session: an application call, a segment on the wire,
// a TCP state read from the kernel, or a note (end-of-file, an asynchronous error, ...).
// Kept as one flat value type so the session is an ordered list that layouts and
// exporters can walk without caring about class hierarchies.
struct Event
{
    enum class Kind { Call, Segment, State, Note };

    Kind kind = Kind::Note;
    qint64 tUs = 0; // microseconds since the session's first event
    Side side = Side::Client;
    int conn = 0; // server-side connection number (1, 2, ...); 0 for the listener / client

    // Call
    QString call; // "connect", "write", "read", "shutdown", "close", "abort", ...
    QString args; // human-readable arguments, e.g. "127.0.0.1:45001" or "SHUT_WR"
    qint64 result = 0;
    QString errnoName; // "ECONNREFUSED", ... empty when the call succeeded
    QByteArray data; // bytes written or read by the call, when any

    // State
    QString state; // RFC 9293 name with underscores: "ESTABLISHED", "CLOSE_WAIT", ...
    QString source; // "kernel" or "inferred"
    QString via; // how the kernel told us: "TCP_INFO", "connect() = EINPROGRESS", ...

    // Note
    QString text;

    QJsonObject toJson() const;
    static Event fromJson(const QJsonObject &object, QString *error);
};

QString kindName(Event::Kind kind);

} // namespace tcplab
