#pragma once

#include "session/tcpoption.h"
#include "session/tcpstate.h"

#include <QByteArray>
#include <QHashFunctions>
#include <QHostAddress>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace tcplab {

// Which end of a connection an event belongs to: the one that opened it (sent the first SYN) or
// the one that was opened to.
enum class Side { Client, Server };

Side otherSide(Side side);
QString sideName(Side side); // "client" / "server", as in the session JSON

// One end of a connection: an address and a port.
struct Endpoint
{
    QHostAddress address;
    quint16 port = 0;

    bool isNull() const { return port == 0 && address.isNull(); }
    bool operator==(const Endpoint &o) const
    {
        return port == o.port && address.isEqual(o.address);
    }
    bool operator!=(const Endpoint &o) const { return !(*this == o); }
    QString text() const; // "127.0.0.1:45001", "[::1]:45001"
    QJsonObject toJson() const; // {"address": "127.0.0.1", "port": 45001}
    static Endpoint fromJson(const QJsonValue &value);
};

// Where an event's facts come from. A segment is live (captured now), from a capture file, or
// modelled (predicted from the calls, not captured); a state is read from the kernel, or
// inferred: derived from the segments by RFC 9293's rules, from a call, or from a kernel timer.
enum class Source { Live, File, Modelled, Kernel, Inferred };

QString sourceName(Source source); // "live", "file", "modelled", "kernel", "inferred"
std::optional<Source> sourceFromName(const QString &name);

// What the lab network's wire did with a captured segment (on loopback and in files: Delivered).
enum class WireFate {
    Delivered,
    Dropped, // by a rule of the wire's: it never arrived
    Lost, // random loss: it never arrived
    Duplicate, // a second copy the wire delivered (the sender sent it once)
    Injected, // made by the wire, as a middlebox would: no end sent it
    Swallowed, // taken by the middlebox, which answered with RSTs: it never arrived
    QueueFull, // the rate limit's queue had no room: it never arrived
};
QString wireFateName(WireFate fate); // "delivered", "dropped", ...
std::optional<WireFate> wireFateFromName(const QString &name);

// Which API a call went through.
enum class Api {
    System, // a system call on the descriptor
    Qt, // a QTcpSocket or QTcpServer function
    QtSignal, // a signal Qt emitted
};

// What was called (or, for Qt's signals, emitted). Qt's verbs that share a name with a system
// call (write, close, bind, listen) use the same verb with Api::Qt.
enum class Verb {
    GetAddrInfo,
    Bind,
    Listen,
    Connect,
    Accept,
    Write,
    Read,
    Shutdown,
    Close,
    SetSockOpt,
    GetSockOpt,
    // Qt's QTcpSocket and QTcpServer
    ConnectToHost,
    ReadAll,
    DisconnectFromHost,
    Abort,
    SetSocketOption,
    NextPendingConnection,
    // Qt's signals
    Connected,
    BytesWritten,
    ErrorOccurred,
    Disconnected,
};

QString verbName(Verb verb); // "connect", "connectToHost", "bytesWritten": the function's name
std::optional<Verb> verbFromName(const QString &name);

enum class ShutdownHow { Read, Write, Both };
QString shutdownName(ShutdownHow how); // "SHUT_RD", "SHUT_WR", "SHUT_RDWR"

// A socket option as a call set (or read) it.
struct SocketOption
{
    enum class Name {
        None,
        ReuseAddress, // SO_REUSEADDR
        NoDelay, // TCP_NODELAY
        Cork, // TCP_CORK
        Linger, // SO_LINGER {value, seconds}
        Error, // SO_ERROR (read by getsockopt): value is an errno
        LowDelay, // Qt's QAbstractSocket::LowDelayOption (TCP_NODELAY underneath)
        SynCount, // TCP_SYNCNT: how often connect() sends its SYN again before ETIMEDOUT
        KeepAlive, // SO_KEEPALIVE
        KeepIdle, // TCP_KEEPIDLE: seconds idle before the first probe
        KeepInterval, // TCP_KEEPINTVL: seconds between probes
        KeepCount, // TCP_KEEPCNT: unanswered probes before the connection is dropped
    };
    Name name = Name::None;
    int value = 0; // on/off; SO_LINGER's l_onoff; SO_ERROR's errno
    int seconds = 0; // SO_LINGER's l_linger

    bool isLingerZero() const { return name == Name::Linger && value != 0 && seconds == 0; }
    bool operator==(const SocketOption &o) const
    {
        return name == o.name && value == o.value && seconds == o.seconds;
    }
};
QString optionName(SocketOption::Name name); // "SO_LINGER", "TCP_NODELAY"
std::optional<SocketOption::Name> optionFromName(const QString &name);
// QAbstractSocket::SocketError by its name ("RemoteHostClosedError"); -1 for none.
QString qtErrorName(int error);
int qtErrorFromName(const QString &name);

// TCP header flag bits.
namespace TcpFlag {
constexpr quint8 Fin = 0x01, Syn = 0x02, Rst = 0x04, Psh = 0x08, Ack = 0x10, Urg = 0x20, Ece = 0x40,
                 Cwr = 0x80;
}
// tcpdump's letters in tcpdump's order: "S", "S.", ".", "P.", "FP.", "R."; "none" for no flag.
QString tcpFlagLetters(quint8 flags);
std::optional<quint8> tcpFlagsFromLetters(const QString &letters);

// How a state came to be known.
enum class StateVia {
    None,
    TcpInfo, // read: getsockopt(TCP_INFO) on the descriptor
    SockDiag, // read: netlink sock_diag, looked up by the connection's exact addresses
    SockDiagGone, // read: sock_diag no longer finds the connection
    SentSegment, // inferred: the end sent the segment named by the cause
    ReceivedSegment, // inferred: the end received that segment
    Call, // inferred: a call (listen(), close() of a listener)
    Timer, // inferred: a kernel timer ended it (TIME_WAIT's 60 s), as the reading named by the
           // cause showed
};

QString viaName(StateVia via); // "TCP_INFO", "sock_diag", "sent", "received", "call", "timer"

// Notes the lab adds to a session; their words are made where they are shown.
enum class NoteKind {
    QtServerDroppedQueue, // QTcpServer::close() dropped `count` connections waiting in its queue
};

// One thing that happened in a lab session: an application call, a segment on the wire, a TCP
// state (read from the kernel, or inferred), or a note. Every call, segment and state belongs to
// a connection (`conn`, numbered by the session from 1); a listening socket's events have conn 0
// and `listener` set. Kept as one flat value type so the session is an ordered list that
// layouts, exporters and the matcher walk without class hierarchies; display text is made from
// these fields in one place (eventtext.h) and never parsed back.
struct Event
{
    enum class Kind { Call, Segment, State, Note };

    Kind kind = Kind::Note;
    qint64 tUs = 0; // microseconds since the session's first event, on the session's one clock
    quint64 id = 0; // unique in its session, given when it is added
    Side side = Side::Client; // for a segment: the sender
    int conn = 0;
    bool listener = false; // an event of a listening socket
    Source source = Source::Live; // segments and states

    // Call
    Api api = Api::System;
    Verb verb = Verb::Connect;
    Endpoint endpoint; // bind, listen, connect, accept: the address called with or returned
    QString host; // getaddrinfo / connect by name: the name as typed
    int backlog = 0; // listen
    ShutdownHow how = ShutdownHow::Write;
    SocketOption option; // setsockopt, getsockopt, setSocketOption
    qint64 size = 0; // write: bytes offered; read: the buffer's size
    qint64 result = 0; // the return value (Qt: -1 for a failed write; bytesWritten's count)
    int err = 0; // errno, 0 when the call succeeded; getaddrinfo: its EAI_ code (negative)
    QByteArray data; // bytes written or read, when any
    int qtError = -1; // errorOccurred: QAbstractSocket::SocketError

    // Segment
    quint8 flags = 0;
    quint32 seq = 0; // absolute, as on the wire (modelled: relative)
    quint32 ack = 0;
    quint32 relSeq = 0; // relative to the sender's initial sequence number
    quint32 relAck = 0; // relative to the receiver's initial sequence number
    qint64 len = 0; // payload bytes
    quint32 win = 0; // the window field as sent (raw, not scaled)
    int winShift = -1; // the sender's window scale that applies to it; -1 when not known
    TcpOptions options;
    Endpoint from; // the sender's end
    Endpoint to;
    qint64 arriveUs = -1; // when it reached the receiver, if that is later than tUs (a slow wire)
    WireFate fate = WireFate::Delivered;
    int wireRule = -1; // which of the wire's rules decided its fate, if one did
    bool lengthFromCapture = false; // the IP length said 0 (offload): taken from the capture

    // State
    TcpState state = TcpState::Closed;
    StateVia via = StateVia::None;
    qint64 remainingMs = -1; // TIME_WAIT's or FIN_WAIT_2's timer, as sock_diag reports it
    qint64 readFromUs = -1; // a kernel reading: when the query started (it ended at tUs)
    quint64 cause = 0; // an inferred state: the id of the segment, call or reading behind it

    // Note
    NoteKind note = NoteKind::QtServerDroppedQueue;
    int count = 0;

    bool hasFlag(quint8 bit) const { return (flags & bit) != 0; }
    bool isSyn() const { return hasFlag(TcpFlag::Syn); }
    bool isFin() const { return hasFlag(TcpFlag::Fin); }
    bool isRst() const { return hasFlag(TcpFlag::Rst); }
    bool hasAck() const { return hasFlag(TcpFlag::Ack); }
    QString flagLetters() const { return tcpFlagLetters(flags); }
    // The sequence space the segment takes: its bytes, plus one for a SYN and one for a FIN.
    qint64 seqLength() const { return len + (isSyn() ? 1 : 0) + (isFin() ? 1 : 0); }
    // The receiver's window as the sender means it: raw << scale (a SYN's is never scaled).
    std::optional<qint64> scaledWindow() const;
    qint64 arrival() const { return arriveUs >= 0 ? arriveUs : tUs; }
    // Whether the receiver got it, and whether an end sent it (not the wire's own copy or RST).
    bool arrives() const
    {
        return fate == WireFate::Delivered || fate == WireFate::Duplicate
            || fate == WireFate::Injected;
    }
    bool sentByEnd() const { return fate != WireFate::Duplicate && fate != WireFate::Injected; }

    bool isQt() const { return api != Api::System; }
    bool isQtSignal() const { return api == Api::QtSignal; }
    bool is(Verb v) const { return kind == Kind::Call && verb == v; }
    bool failed() const; // a call that returned an error (EINPROGRESS is not one)
    bool isReading() const { return kind == Kind::State && source == Source::Kernel; }
    bool isTransition() const { return kind == Kind::State && source != Source::Kernel; }

    QJsonObject toJson() const;
    static Event fromJson(const QJsonObject &object, QString *error);
};

QString kindName(Event::Kind kind);

// One end of one connection, or the listening socket: whose states and readings these are.
struct EndId
{
    int conn = 0;
    Side side = Side::Client;
    bool listener = false;

    static EndId of(const Event &e) { return {e.conn, e.side, e.listener}; }
    bool operator==(const EndId &o) const
    {
        return conn == o.conn && side == o.side && listener == o.listener;
    }
};
inline size_t qHash(const EndId &end, size_t seed = 0)
{
    return qHashMulti(seed, end.conn, int(end.side), end.listener);
}

// "ECONNREFUSED" for ECONNREFUSED, "" for 0, "errno 123" for what we do not know by name;
// negative values are getaddrinfo's EAI_ codes ("EAI_NONAME").
QString errnoName(int err);
int errnoFromName(const QString &name); // 0 for "", -1000 when unknown

} // namespace tcplab
