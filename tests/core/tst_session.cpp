// Session: the JSON contract of DESIGN.md (format 2, and reading format 1), its checks on
// malformed input, one clock and the order of events, connections as 4-tuples in incarnations,
// relative numbers and scaled windows, kernel readings, and the text lines.

#include "session/eventtext.h"
#include "session/session.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

#include <cerrno>
#include <netdb.h>

using namespace tcplab;

namespace {

const QHostAddress kLocal(QStringLiteral("127.0.0.1"));

Event call(Side side, int conn, Verb verb)
{
    Event e;
    e.kind = Event::Kind::Call;
    e.side = side;
    e.conn = conn;
    e.verb = verb;
    return e;
}

// A captured segment, as the wire hands it to the session.
Event segment(quint16 from, quint16 to, quint8 flags, quint32 seq, quint32 ack, qint64 len,
              qint64 t, const TcpOptions &options = {})
{
    Event e;
    e.kind = Event::Kind::Segment;
    e.source = Source::Live;
    e.tUs = t;
    e.flags = flags;
    e.seq = seq;
    e.ack = ack;
    e.len = len;
    e.win = 64;
    e.options = options;
    e.from = {kLocal, from};
    e.to = {kLocal, to};
    return e;
}

const TcpOptions kSynOptions {TcpOption::mss(65495), TcpOption::sackPermitted(),
                              TcpOption::timestamp(1, 0), TcpOption::nop(),
                              TcpOption::windowScale(10)};

} // namespace

class TestSession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void jsonFollowsTheContract();
    void roundTrip();
    void readsFormatOne();
    void malformed_data();
    void malformed();
    void timeIsMonotonic();
    void callsComeBeforeTheirSegments();
    void connectionsAreFourTuplesInIncarnations();
    void labConnectionsMeetTheirSegments();
    void relativeNumbersAndScaledWindows();
    void selfConnectedAcknowledgesItself();
    void readingsOnlyWhenTheyChange();
    void errnoNames();
    void options_data();
    void options();
    void describe_data();
    void describe();
    void printable_data();
    void printable();
};

void TestSession::jsonFollowsTheContract()
{
    Session session;
    const int conn = session.connections().open(Side::Client, Api::System);
    session.setConnectionEnds(conn, {kLocal, 51234}, {kLocal, 45001});
    Event connect = call(Side::Client, conn, Verb::Connect);
    connect.endpoint = {kLocal, 45001};
    connect.result = -1;
    connect.err = EINPROGRESS;
    session.addCall(connect);
    session.addSegment(segment(51234, 45001, TcpFlag::Syn, 1000, 0, 0, session.now(), kSynOptions));
    session.addReading(Side::Client, conn, false, TcpState::Established, StateVia::TcpInfo,
                       session.now());
    Event write = call(Side::Server, conn, Verb::Write);
    write.size = 18;
    write.result = 18;
    write.data = "I got your message";
    // At least a microsecond after the reading was recorded: in the same microsecond the call
    // would come first (calls rank before states), which a fast machine made happen.
    session.addCall(write, session.now() + 1);
    const QJsonObject o = session.toJson();
    QCOMPARE(o.value(u"format").toString(), QStringLiteral("tcplab-session/2"));
    QCOMPARE(o.value(u"scenario").toString(), QStringLiteral("seed"));
    QCOMPARE(o.value(u"client").toObject().value(u"port").toInt(), 51234);
    QCOMPARE(o.value(u"server").toObject().value(u"address").toString(),
             QStringLiteral("127.0.0.1"));
    const QJsonArray connections = o.value(u"connections").toArray();
    QCOMPARE(connections.size(), 1);
    QCOMPARE(connections.at(0).toObject().value(u"conn").toInt(), 1);
    QCOMPARE(connections.at(0).toObject().value(u"server").toObject().value(u"port").toInt(),
             45001);
    const QJsonArray events = o.value(u"events").toArray();
    QCOMPARE(events.size(), 4);
    const QJsonObject c = events.at(0).toObject();
    QCOMPARE(c.value(u"kind").toString(), QStringLiteral("call"));
    QCOMPARE(c.value(u"side").toString(), QStringLiteral("client"));
    QCOMPARE(c.value(u"conn").toInt(), 1);
    QCOMPARE(c.value(u"call").toString(), QStringLiteral("connect"));
    QCOMPARE(c.value(u"args").toString(), QStringLiteral("127.0.0.1:45001"));
    QCOMPARE(c.value(u"endpoint").toObject().value(u"port").toInt(), 45001);
    QCOMPARE(c.value(u"result").toInt(), -1);
    QCOMPARE(c.value(u"errno").toString(), QStringLiteral("EINPROGRESS"));
    QVERIFY(c.value(u"t_us").isDouble());
    const QJsonObject s = events.at(1).toObject();
    QCOMPARE(s.value(u"from").toString(), QStringLiteral("client"));
    QCOMPARE(s.value(u"flags").toString(), QStringLiteral("S"));
    QCOMPARE(s.value(u"rel_seq").toInt(), 0);
    QCOMPARE(s.value(u"options").toArray().at(4).toString(), QStringLiteral("wscale 10"));
    QCOMPARE(s.value(u"src").toObject().value(u"port").toInt(), 51234);
    QCOMPARE(s.value(u"source").toString(), QStringLiteral("live"));
    const QJsonObject state = events.at(2).toObject();
    QCOMPARE(state.value(u"state").toString(), QStringLiteral("ESTABLISHED"));
    QCOMPARE(state.value(u"source").toString(), QStringLiteral("kernel"));
    QCOMPARE(state.value(u"via").toString(), QStringLiteral("TCP_INFO"));
    QVERIFY(state.value(u"read_from_us").toDouble() <= state.value(u"t_us").toDouble());
    const QJsonObject w = events.at(3).toObject();
    QCOMPARE(w.value(u"conn").toInt(), 1);
    QCOMPARE(QByteArray::fromBase64(w.value(u"data").toString().toLatin1()),
             QByteArray("I got your message"));
}

void TestSession::roundTrip()
{
    Session session;
    session.setScenario(QStringLiteral("half-close"));
    const int conn = session.connections().open(Side::Client, Api::Qt, 0);
    session.setConnectionEnds(conn, {kLocal, 40000}, {kLocal, 45001});
    session.setConnectionLabel(conn, {{QStringLiteral("en"), QStringLiteral("QTcpSocket")}});
    Event shutdown = call(Side::Client, conn, Verb::Shutdown);
    shutdown.how = ShutdownHow::Write;
    session.addCall(shutdown);
    Event linger = call(Side::Client, conn, Verb::SetSockOpt);
    linger.option = {SocketOption::Name::Linger, 1, 0};
    session.addCall(linger);
    session.addNote(Side::Server, 0, NoteKind::QtServerDroppedQueue, 2);
    // Qt's calls and signals keep their API.
    Event abort = call(Side::Client, conn, Verb::Abort);
    abort.api = Api::Qt;
    session.addCall(abort);
    Event error = call(Side::Client, conn, Verb::ErrorOccurred);
    error.api = Api::QtSignal;
    error.qtError = int(QAbstractSocket::RemoteHostClosedError);
    error.result = -1;
    session.addCall(error);
    const int seg = session.addSegment(
        segment(40000, 45001, TcpFlag::Fin | TcpFlag::Ack, 7, 9, 0, session.now()));
    // An inferred state names its cause, which survives the round trip.
    Event state;
    state.kind = Event::Kind::State;
    state.source = Source::Inferred;
    state.conn = conn;
    state.state = TcpState::FinWait1;
    state.via = StateVia::SentSegment;
    state.cause = session.at(seg).id;
    state.tUs = session.at(seg).tUs;
    session.insert(state);

    Session copy;
    QSignalSpy reset(&copy, &Session::reset);
    QString message;
    QVERIFY2(copy.loadJson(session.toJsonBytes(), &message), qPrintable(message));
    QCOMPARE(copy.toJsonBytes(), session.toJsonBytes());
    QCOMPARE(reset.count(), 1);
    QCOMPARE(copy.size(), 7);
    QCOMPARE(copy.scenario(), QStringLiteral("half-close"));
    // Events of the same microsecond go call < segment < state < note: found by what they are.
    auto find = [&copy](auto predicate) -> const Event & {
        for (const Event &e : copy.events()) {
            if (predicate(e))
                return e;
        }
        qFatal("no such event");
    };
    QCOMPARE(find([](const Event &e) { return e.is(Verb::Shutdown); }).how, ShutdownHow::Write);
    QVERIFY(find([](const Event &e) { return e.is(Verb::SetSockOpt); }).option.isLingerZero());
    QCOMPARE(find([](const Event &e) { return e.kind == Event::Kind::Note; }).count, 2);
    QCOMPARE(find([](const Event &e) { return e.is(Verb::Abort); }).api, Api::Qt);
    const Event &signal = find([](const Event &e) { return e.is(Verb::ErrorOccurred); });
    QVERIFY(signal.isQtSignal());
    QCOMPARE(signal.qtError, int(QAbstractSocket::RemoteHostClosedError));
    QCOMPARE(find([](const Event &e) { return e.kind == Event::Kind::State; }).cause,
             find([](const Event &e) { return e.kind == Event::Kind::Segment; }).id);
    QCOMPARE(copy.connections().find(conn)->clientApi, Api::Qt);
    QCOMPARE(copy.connectionLabel(conn).value(QStringLiteral("en")), QStringLiteral("QTcpSocket"));
}

void TestSession::readsFormatOne()
{
    // What an earlier TCP Lab wrote: calls with their arguments as text, server connections
    // numbered apart from the client, segments known by their ports.
    QFile file(QFINDTESTDATA("data/session-format1.json"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray old = file.readAll();
    Session session;
    QString message;
    QVERIFY2(session.loadJson(old, &message), qPrintable(message));
    // Its one connection, with both ends; connect()'s state and the inferred one are not kept.
    QCOMPARE(session.connections().size(), 1);
    QCOMPARE(session.client().port, quint16(51234));
    QCOMPARE(session.size(), 8);
    QVERIFY(session.at(0).listener);
    QCOMPARE(session.at(0).backlog, 5);
    QCOMPARE(session.at(1).conn, 1);
    QCOMPARE(session.at(1).endpoint.port, quint16(45001));
    QCOMPARE(session.at(2).conn, 1);
    QCOMPARE(session.at(3).side, Side::Server);
    QCOMPARE(session.at(4).verb, Verb::Accept);
    QCOMPARE(session.at(4).conn, 1);
    QVERIFY(session.at(5).option.isLingerZero());
    QCOMPARE(session.at(6).conn, 1);
    QVERIFY(session.at(7).isReading());
    QCOMPARE(session.at(7).remainingMs, 59000);
    // Ids stay unique after the dropped states: a new event names itself alone.
    session.addCall(call(Side::Client, 1, Verb::Close));
    QSet<quint64> ids;
    for (const Event &e : session.events())
        ids.insert(e.id);
    QCOMPARE(ids.size(), session.size());
}

void TestSession::malformed_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error");
    QTest::newRow("not JSON") << QByteArray("{ nope") << QStringLiteral("not JSON");
    QTest::newRow("wrong format") << QByteArray(R"({"format": "other/2", "events": []})")
                                  << QStringLiteral("\"format\"");
    QTest::newRow("no events") << QByteArray(R"({"format": "tcplab-session/2"})")
                               << QStringLiteral("\"events\" must be an array");
    QTest::newRow("bad kind") << QByteArray(
        R"({"format": "tcplab-session/2", "events": [{"kind": "x", "t_us": 0, "side": "client"}]})")
                              << QStringLiteral("events[0]: \"kind\"");
    QTest::newRow("bad api") << QByteArray(
        R"({"format": "tcplab-session/2", "events": [{"kind": "call", "call": "close", "t_us": 0, "side": "client", "api": "java"}]})")
                             << QStringLiteral("\"api\" must be qt or qt-signal");
    QTest::newRow("bad call") << QByteArray(
        R"({"format": "tcplab-session/2", "events": [{"kind": "call", "call": "fork", "t_us": 0, "side": "client"}]})")
                              << QStringLiteral("\"call\": \"fork\"");
    QTest::newRow("bad side") << QByteArray(
        R"({"format": "tcplab-session/2", "events": [{"kind": "call", "t_us": 0, "side": "middle"}]})")
                              << QStringLiteral("events[0]: \"side\"");
    QTest::newRow("no time") << QByteArray(
        R"({"format": "tcplab-session/2", "events": [{"kind": "call", "side": "client"}]})")
                             << QStringLiteral("\"t_us\" must be a number");
    // Times beyond what the layout can place (it overflowed on ±1e300).
    QTest::newRow("time out of range") << QByteArray(
        R"({"format": "tcplab-session/2", "events": [{"kind": "note", "t_us": 1e300, "side": "client"}]})")
                                       << QStringLiteral("at most 10^15");
    QTest::newRow("negative time out of range") << QByteArray(
        R"({"format": "tcplab-session/2", "events": [{"kind": "note", "t_us": -1e300, "side": "client"}]})")
                                                << QStringLiteral("at most 10^15");
    // Numbers a fuzzer found: cast straight to 32 bits they were undefined behaviour (UBSan).
    QTest::newRow("sequence number out of range") << QByteArray(
        R"({"format": "tcplab-session/2", "events": [{"kind": "segment", "t_us": 0, "side": "client", "flags": "S", "source": "live", "arrive_us": 0, "rel_ack": 1.11111e19}]})")
                                                  << QStringLiteral(
                                                         "\"rel_ack\" must be a whole number");
    QTest::newRow("fractional window") << QByteArray(
        R"({"format": "tcplab-session/2", "events": [{"kind": "segment", "t_us": 0, "side": "client", "flags": "S", "source": "live", "arrive_us": 0, "win": 4.5}]})")
                                       << QStringLiteral("\"win\" must be a whole number");
    QTest::newRow("arrival out of range") << QByteArray(
        R"({"format": "tcplab-session/2", "events": [{"kind": "segment", "t_us": 0, "from": "client", "flags": "S", "source": "live", "arrive_us": 1e300}]})")
                                          << QStringLiteral("\"arrive_us\"");
    QTest::newRow("back in time") << QByteArray(
        R"({"format": "tcplab-session/2", "events": [{"kind": "note", "t_us": 9, "side": "client"}, {"kind": "note", "t_us": 3, "side": "client"}]})")
                                  << QStringLiteral("events[1]: \"t_us\" goes back");
    QTest::newRow("bad flags") << QByteArray(
        R"({"format": "tcplab-session/2", "events": [{"kind": "segment", "t_us": 0, "from": "client", "flags": "SX", "source": "live"}]})")
                               << QStringLiteral("tcpdump's letters");
    QTest::newRow("bad option") << QByteArray(
        R"({"format": "tcplab-session/2", "events": [{"kind": "segment", "t_us": 0, "from": "client", "flags": "S", "options": ["mss lots"], "source": "live"}]})")
                                << QStringLiteral("\"mss lots\"");
    QTest::newRow("bad state") << QByteArray(
        R"({"format": "tcplab-session/2", "events": [{"kind": "state", "t_us": 0, "side": "client", "state": "DANCING", "source": "kernel"}]})")
                               << QStringLiteral("\"state\" must be a TCP state");
    QTest::newRow("unknown connection") << QByteArray(
        R"({"format": "tcplab-session/2", "connections": [], "events": [{"kind": "note", "t_us": 0, "side": "client", "conn": 3}]})")
                                        << QStringLiteral("connection 3, which is not listed");
}

void TestSession::malformed()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    Session session;
    session.addCall(call(Side::Client, 0, Verb::Close));
    QString message;
    QVERIFY(!session.loadJson(json, &message));
    QVERIFY2(message.contains(error), qPrintable(message));
    QCOMPARE(session.size(), 1); // nothing lost
}

void TestSession::timeIsMonotonic()
{
    Session session;
    for (int i = 0; i < 50; ++i)
        session.addNote(Side::Client, 0, NoteKind::QtServerDroppedQueue, i);
    QVERIFY(session.at(0).tUs >= 0 && session.at(0).tUs < 1000);
    for (int i = 1; i < session.size(); ++i) {
        QVERIFY(session.at(i).tUs >= session.at(i - 1).tUs);
        QVERIFY(session.at(i).id > session.at(i - 1).id);
    }
}

void TestSession::callsComeBeforeTheirSegments()
{
    // One clock: a call is stamped as it starts, a captured frame as the kernel saw it, both on
    // CLOCK_REALTIME; a segment a call sent can only be stamped later or at the same tick, and
    // at the same tick the call comes first, the state it caused after.
    Session session;
    const int conn = session.connections().open(Side::Client, Api::System);
    session.setConnectionEnds(conn, {kLocal, 40000}, {kLocal, 45001});
    const qint64 t = session.now();
    session.addSegment(segment(40000, 45001, TcpFlag::Syn, 1, 0, 0, t));
    Event state;
    state.kind = Event::Kind::State;
    state.source = Source::Inferred;
    state.conn = conn;
    state.tUs = t;
    session.insert(state);
    session.addCall(call(Side::Client, conn, Verb::Connect), t); // recorded after, stamped at t
    QCOMPARE(session.at(0).kind, Event::Kind::Call);
    QCOMPARE(session.at(1).kind, Event::Kind::Segment);
    QCOMPARE(session.at(2).kind, Event::Kind::State);
    // A frame's realtime stamp lands on the same clock.
    timespec ts {};
    ::clock_gettime(CLOCK_REALTIME, &ts);
    const qint64 realtime = qint64(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000;
    const qint64 after = session.now();
    QVERIFY(session.fromRealtimeUs(realtime) <= after);
    QVERIFY(after - session.fromRealtimeUs(realtime) < 1000000);
}

void TestSession::connectionsAreFourTuplesInIncarnations()
{
    Session session;
    // A whole connection on 40000 -> 45001, then the same 4-tuple again with a new ISN.
    session.addSegment(segment(40000, 45001, TcpFlag::Syn, 100, 0, 0, 1));
    session.addSegment(segment(45001, 40000, TcpFlag::Syn | TcpFlag::Ack, 900, 101, 0, 2));
    session.addSegment(segment(40000, 45001, TcpFlag::Syn, 100, 0, 0, 3)); // retransmission
    session.addSegment(segment(40000, 45001, TcpFlag::Ack, 101, 901, 0, 4));
    session.addSegment(segment(40000, 45001, TcpFlag::Rst | TcpFlag::Ack, 101, 901, 0, 5));
    session.addSegment(segment(40000, 45001, TcpFlag::Syn, 5000, 0, 0, 6));
    session.addSegment(segment(45001, 40000, TcpFlag::Syn | TcpFlag::Ack, 7000, 5001, 0, 7));
    // Another client port is another connection; a SYN/ACK seen first names its receiver the
    // client.
    session.addSegment(segment(45001, 40002, TcpFlag::Syn | TcpFlag::Ack, 1, 11, 0, 8));
    QCOMPARE(session.connections().size(), 3);
    const QList<int> conns {session.at(0).conn, session.at(2).conn, session.at(4).conn,
                            session.at(5).conn, session.at(6).conn, session.at(7).conn};
    QCOMPARE(conns, (QList<int> {1, 1, 1, 2, 2, 3}));
    QCOMPARE(session.at(1).side, Side::Server);
    QCOMPARE(session.at(6).side, Side::Server);
    QCOMPARE(session.at(6).relAck, 1u);
    QCOMPARE(session.connections().find(3)->client.port, quint16(40002));
    QCOMPARE(session.at(7).side, Side::Server);
}

void TestSession::labConnectionsMeetTheirSegments()
{
    Session session;
    // A client that named its ends before its SYN: the SYN is its connection's.
    const int first = session.connections().open(Side::Client, Api::System, 0);
    session.setConnectionEnds(first, {kLocal, 40000}, {kLocal, 45001});
    session.addSegment(segment(40000, 45001, TcpFlag::Syn, 100, 0, 0, 1));
    QCOMPARE(session.at(0).conn, first);
    // A Qt client learns its port after the capture met its SYN: the segments move to it, and
    // what still names the other connection is recorded into it.
    const int qt = session.connections().open(Side::Client, Api::Qt, 1);
    session.addCall(call(Side::Client, qt, Verb::ConnectToHost), 2);
    session.addSegment(segment(40002, 45001, TcpFlag::Syn, 300, 0, 0, 3));
    const int early = session.at(2).conn;
    QVERIFY(early != qt);
    const int accepted
        = session.connections().accepted({kLocal, 40002}, {kLocal, 45001}, Api::System);
    QCOMPARE(accepted, early);
    QSignalSpy changed(&session, &Session::eventsChanged);
    QSignalSpy merged(&session, &Session::connectionMerged);
    session.setConnectionEnds(qt, {kLocal, 40002}, {kLocal, 45001});
    QCOMPARE(changed.count(), 1);
    // Whoever held the other number (the server's socket, from accept()) hears which to use.
    QCOMPARE(merged.count(), 1);
    QCOMPARE(merged.at(0).at(0).toInt(), early);
    QCOMPARE(merged.at(0).at(1).toInt(), qt);
    QCOMPARE(session.at(2).conn, qt);
    QVERIFY(session.connections().find(qt)->serverInLab);
    // The emptied number was the newest: it is given again, no gap is left.
    QCOMPARE(session.connections().size(), 2);
    session.addSegment(segment(45001, 40002, TcpFlag::Syn | TcpFlag::Ack, 800, 301, 0, 5));
    QCOMPARE(session.at(session.size() - 1).conn, qt);
    QCOMPARE(session.at(session.size() - 1).relAck, 1u);
    // The JSON says where the empty one went, and reads back the same.
    Session copy;
    QString message;
    QVERIFY2(copy.loadJson(session.toJsonBytes(), &message), qPrintable(message));
    QCOMPARE(copy.toJsonBytes(), session.toJsonBytes());

    // The server's accept() may even come before the capture meets the SYN: one connection
    // still, whichever of the three comes first.
    const int late = session.connections().open(Side::Client, Api::Qt, 2);
    session.addCall(call(Side::Client, late, Verb::ConnectToHost), 6);
    const int byAccept
        = session.connections().accepted({kLocal, 40004}, {kLocal, 45001}, Api::System);
    QVERIFY(byAccept != late);
    session.setConnectionEnds(late, {kLocal, 40004}, {kLocal, 45001});
    session.addSegment(segment(40004, 45001, TcpFlag::Syn, 500, 0, 0, 7));
    QCOMPARE(session.at(session.size() - 1).conn, late);
    QVERIFY(session.connections().find(late)->serverInLab);
}

void TestSession::relativeNumbersAndScaledWindows()
{
    Session session;
    session.addSegment(segment(40000, 45001, TcpFlag::Syn, 4000000000u, 0, 0, 1, kSynOptions));
    // Before the SYN/ACK the scale is not known.
    session.addSegment(segment(40000, 45001, TcpFlag::Ack, 4000000001u, 0, 0, 2));
    session.addSegment(
        segment(45001, 40000, TcpFlag::Syn | TcpFlag::Ack, 77, 4000000001u, 0, 3, kSynOptions));
    session.addSegment(segment(40000, 45001, TcpFlag::Ack | TcpFlag::Psh, 4000000001u, 78, 5, 4));
    session.addSegment(segment(45001, 40000, TcpFlag::Ack, 78, 4000000006u, 0, 5));
    QCOMPARE(session.at(0).winShift, 0);
    QCOMPARE(session.at(0).scaledWindow().value_or(-1), 64); // a SYN's window is never scaled
    QCOMPARE(session.at(1).winShift, -1);
    QVERIFY(!session.at(1).scaledWindow());
    QCOMPARE(session.at(3).relSeq, 1u);
    QCOMPARE(session.at(3).relAck, 1u);
    QCOMPARE(session.at(3).winShift, 10);
    QCOMPARE(session.at(3).scaledWindow().value_or(-1), 65536);
    QCOMPARE(session.at(4).relAck, 6u); // across the 32-bit wrap
    QCOMPARE(EventText::window(session.at(3)), QStringLiteral("win 65536"));
    QVERIFY(EventText::window(session.at(1)).contains(QStringLiteral("64")));
}

void TestSession::selfConnectedAcknowledgesItself()
{
    // A socket connected to itself (simultaneous open on loopback): one end, both roles; its
    // SYN/ACK acknowledges its own ISN + 1.
    Session session;
    const int conn = session.connections().open(Side::Client, Api::System);
    session.setConnectionEnds(conn, {kLocal, 55641}, {kLocal, 55641});
    session.addSegment(segment(55641, 55641, TcpFlag::Syn, 3601017917u, 0, 0, 1, kSynOptions));
    session.addSegment(segment(55641, 55641, TcpFlag::Syn | TcpFlag::Ack, 3601017917u, 3601017918u,
                               0, 2, kSynOptions));
    session.addSegment(segment(55641, 55641, TcpFlag::Ack, 3601017918u, 3601017918u, 0, 3));
    QCOMPARE(session.connections().size(), 1);
    QVERIFY(session.connections().find(conn)->selfConnected());
    QCOMPARE(session.at(1).conn, conn);
    QCOMPARE(session.at(1).relSeq, 0u);
    QCOMPARE(session.at(1).relAck, 1u);
    QCOMPARE(session.at(2).relAck, 1u);
    QCOMPARE(session.at(2).winShift, 10);
}

void TestSession::readingsOnlyWhenTheyChange()
{
    Session session;
    QVERIFY(session.addReading(Side::Client, 1, false, TcpState::Established, StateVia::TcpInfo,
                               session.now())
            >= 0);
    QCOMPARE(session.addReading(Side::Client, 1, false, TcpState::Established, StateVia::SockDiag,
                                session.now()),
             -1);
    // "Gone" means something only of an end the kernel had shown.
    QCOMPARE(session.addReading(Side::Server, 1, false, TcpState::Closed, StateVia::SockDiagGone,
                                session.now()),
             -1);
    QVERIFY(session.addReading(Side::Client, 1, false, TcpState::Closed, StateVia::SockDiagGone,
                               session.now())
            >= 0);
    QCOMPARE(session.size(), 2);
    QVERIFY(session.at(1).isReading());
    QVERIFY(!session.at(1).isTransition());
}

void TestSession::errnoNames()
{
    QCOMPARE(errnoName(0), QString());
    QCOMPARE(errnoName(ECONNREFUSED), QStringLiteral("ECONNREFUSED"));
    QCOMPARE(errnoName(EPIPE), QStringLiteral("EPIPE"));
    QCOMPARE(errnoName(EADDRINUSE), QStringLiteral("EADDRINUSE"));
    QCOMPARE(errnoName(EAI_NONAME), QStringLiteral("EAI_NONAME"));
    QCOMPARE(errnoName(9999), QStringLiteral("errno 9999"));
    QCOMPARE(errnoFromName(QStringLiteral("ECONNRESET")), ECONNRESET);
    QCOMPARE(errnoFromName(QStringLiteral("EAI_NONAME")), EAI_NONAME);
    QCOMPARE(errnoFromName(QStringLiteral("errno 9999")), 9999);
    QCOMPARE(errnoFromName(QString()), 0);
    QCOMPARE(errnoFromName(QStringLiteral("EWHATEVER")), -1000);
}

void TestSession::options_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("mss") << "mss 65495";
    QTest::newRow("wscale") << "wscale 10";
    QTest::newRow("sackOK") << "sackOK";
    QTest::newRow("TS") << "TS val 1934335012 ecr 0";
    QTest::newRow("sack") << "sack 2 {10:20}{30:40}";
    QTest::newRow("nop") << "nop";
    QTest::newRow("eol") << "eol";
    QTest::newRow("unknown") << "kind 30, 4 bytes";
    QTest::newRow("damaged") << "bad option kind 7";
    QTest::newRow("wrong size") << "mss with 3 bytes";
}

void TestSession::options()
{
    QFETCH(QString, text);
    const auto option = TcpOption::fromText(text);
    QVERIFY(option);
    QCOMPARE(option->text(), text);
}

void TestSession::describe_data()
{
    QTest::addColumn<int>("verb");
    QTest::addColumn<qint64>("result");
    QTest::addColumn<int>("err");
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("figure");
    QTest::newRow("connect") << int(Verb::Connect) << qint64(-1) << EINPROGRESS << QByteArray()
                             << "connect(127.0.0.1:45001) = -1 EINPROGRESS"
                             << "connect()";
    QTest::newRow("read data") << int(Verb::Read) << qint64(18) << 0
                               << QByteArray("I got your message")
                               << "read(65536) = 18 \"I got your message\""
                               << "read() → 18";
    QTest::newRow("read eof") << int(Verb::Read) << qint64(0) << 0 << QByteArray()
                              << "read(65536) = 0 (EOF)"
                              << "read() → 0 (EOF)";
    QTest::newRow("read reset") << int(Verb::Read) << qint64(-1) << ECONNRESET << QByteArray()
                                << "read(65536) = -1 ECONNRESET"
                                << "read() → ECONNRESET";
    QTest::newRow("shutdown") << int(Verb::Shutdown) << qint64(0) << 0 << QByteArray()
                              << "shutdown(SHUT_WR) = 0"
                              << "shutdown(SHUT_WR)";
    QTest::newRow("write fails") << int(Verb::Write) << qint64(-1) << EPIPE << QByteArray()
                                 << "write(7) = -1 EPIPE"
                                 << "write(7) → EPIPE";
}

void TestSession::describe()
{
    QFETCH(int, verb);
    QFETCH(qint64, result);
    QFETCH(int, err);
    QFETCH(QByteArray, data);
    QFETCH(QString, expected);
    QFETCH(QString, figure);
    Event e = call(Side::Client, 1, Verb(verb));
    e.endpoint = {kLocal, 45001};
    e.size = verb == int(Verb::Read) ? 65536 : 7;
    e.how = ShutdownHow::Write;
    e.result = result;
    e.err = err;
    e.data = data;
    QCOMPARE(EventText::describe(e), expected);
    QCOMPARE(EventText::textbookCall(e), figure);
    QVERIFY(EventText::line(e, false).endsWith(expected));
}

void TestSession::printable_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expected");
    QTest::newRow("text") << QByteArray("hi") << "\"hi\"";
    QTest::newRow("newline") << QByteArray("a\nb") << "\"a\\nb\"";
    QTest::newRow("chinese") << QString::fromUtf8("你好").toUtf8() << QString::fromUtf8("\"你好\"");
    QTest::newRow("binary") << QByteArray("\xff\x00\x01", 3) << "ff 00 01";
}

void TestSession::printable()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);
    QCOMPARE(printableBytes(bytes), expected);
}

QTEST_GUILESS_MAIN(TestSession)
#include "tst_session.moc"
