#pragma once

#include "session/event.h"

#include <QCoreApplication>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace tcplab {

class Session;

// How long after the segment before it (in its connection) a segment came.
enum class Timing {
    Any,
    Immediate, // under 5 ms: the kernel did not wait
    Delayed, // 30 to 250 ms: a delayed ACK (Linux waits 40 ms at least, 200 ms at most)
    AfterTimeout, // a retransmission, after the retransmission timeout (SYN: 1 s; else RTO_MIN)
};
QString timingName(Timing timing); // "immediate", "delayed", "after-timeout"

// One segment an experiment expects: who sends it, its flags, and what its text claims of it.
struct SegmentExpect
{
    Side from = Side::Client;
    quint8 flags = 0;
    bool optional = false; // Linux may or may not send it
    std::optional<quint32> seq; // relative
    std::optional<quint32> absSeq; // as on the wire (a RST to a SYN: 0)
    std::optional<quint32> ack;
    std::optional<qint64> len;
    std::optional<quint32> mss; // a SYN's MSS option
    std::optional<quint32> win; // the window field as sent (raw)
    std::optional<bool> sack; // whether it carries SACK blocks
    bool any = false; // "*": any number of segments, the lesson is not about them
    Timing timing = Timing::Any;
    // On the lab network: what the wire did with it ("c:F./dropped").
    WireFate fate = WireFate::Delivered;
    // A retransmission, this many milliseconds (at least, at most) after the copy before it.
    std::optional<std::pair<int, int>> resentAfterMs;
    // This many milliseconds (at least, at most) after the segment before it was sent.
    std::optional<std::pair<int, int>> gapMs;

    QString token() const; // "c:P.", "s:.?", "c:F./dropped"
    static std::optional<SegmentExpect> fromToken(const QString &token);
    bool hasDetails() const
    {
        return seq || absSeq || ack || len || mss || win || sack || timing != Timing::Any
            || resentAfterMs || gapMs;
    }
};

struct StateExpect
{
    TcpState state = TcpState::Closed;
    bool kernel = false; // a kernel reading (TCP_INFO, sock_diag) must have confirmed it
    // The kernel's timer on that state, as its confirming reading gave it (TIME_WAIT: 60 s;
    // an orphaned FIN_WAIT_2: tcp_fin_timeout), in seconds; "timer_s" in the file.
    std::optional<int> timerSeconds;
    bool timerIsFinTimeout = false; // "timer_s": "tcp_fin_timeout", this kernel's value
};

// What one connection of an experiment should look like. The states are the whole sequence
// that end goes through, in order.
struct ConnectionExpect
{
    QMap<QString, QString> label; // what the experiment calls it ("QTcpSocket", by language)
    QList<SegmentExpect> wire;
    bool hasWire = false;
    QList<StateExpect> client;
    QList<StateExpect> server;
    bool hasClient = false;
    bool hasServer = false;
};

// A call and what it must have returned.
struct CallExpect
{
    Side side = Side::Client;
    Verb verb = Verb::Read;
    int conn = 0; // the experiment's n-th connection (1, 2, ...); 0: any
    std::optional<qint64> result;
    std::optional<int> err; // 0: it must succeed
    std::optional<int> soError; // getsockopt(SO_ERROR): the error it read (0: none)
    std::optional<int> qtError; // errorOccurred(): the QAbstractSocket::SocketError
    std::optional<SocketOption> option; // setsockopt(): the option and its value
};

struct ScenarioExpect
{
    QList<ConnectionExpect> connections; // in the order the experiment makes them
    QList<StateExpect> listener;
    bool hasListener = false;
    QList<CallExpect> calls;
};

// Expected versus observed for one connection's segments: aligned (a "?" segment may be
// missing), each observed segment marked expected or not, the missing ones placed.
struct WireMatch
{
    bool matched = false;
    QList<bool> expected; // per observed segment
    QList<int> expectedIndex; // per observed segment: the expectation it matched, or -1
    QStringList missing; // tokens of expected segments that never came
    QList<int> missingBefore; // for each missing one: the observed segment it belongs before
    int firstDifference = -1; // index into the observed segments (their count: at the end)
    QString explanation; // why they differ, for a student; empty when matched
};

// The verdict of a run: every claim of the experiment checked against the session.
struct Verdict
{
    enum class Outcome { Passed, Failed, NotChecked };
    Outcome outcome = Outcome::Passed;
    QString message; // the first thing that failed, in a sentence; or why nothing was checked
    QStringList failures; // every failed claim
    struct Connection
    {
        int conn = 0;
        WireMatch match;
        QList<int> segments; // session indexes of the observed segments, as they were then
        QList<quint64> segmentIds; // their event ids, which later events do not move
        QHash<quint64, QString> problems; // event id -> what is wrong with that segment
    };
    QList<Connection> connections;
    // The wire differs by a retransmission that the lab network's perfect wire caused, holding
    // a frame for milliseconds while this computer was busy: true, but not the lesson's doing.
    bool lateWire = false;

    bool passed() const { return outcome == Outcome::Passed; }
};

class Expectation
{
    Q_DECLARE_TR_FUNCTIONS(tcplab::Expectation)

public:
    // "c:S", "s:S." ... for the segments of one connection (0: all), in order.
    static QStringList observedWire(const Session &session, int conn = 0);
    // fits(i, j): whether observed[i] may stand for expected[j] beyond its token (its numbers);
    // where optional segments leave a choice, the alignment takes the one that fits.
    static WireMatch matchWire(const QList<SegmentExpect> &expected, const QStringList &observed,
                               const std::function<bool(int, int)> &fits = {});
    static WireMatch matchWire(const QString &pattern, const QStringList &observed);
    // Checks a session against what an experiment expects. A modelled session is not checked
    // against the kernel: NotChecked, with the reason.
    static Verdict check(const Session &session, const ScenarioExpect &expect);
    // The same expectations for a run in which writer's one message was newLength bytes
    // instead of oldLength (the seed experiment with --message): its segment's length, the
    // writer's later sequence numbers and the peer's acknowledgements of them move along.
    static ScenarioExpect resized(ScenarioExpect expect, Side writer, qint64 oldLength,
                                  qint64 newLength);
    // "FIN, ACK from the server"
    static QString describeToken(const QString &token);
    static QString describe(const SegmentExpect &segment);
};

} // namespace tcplab
