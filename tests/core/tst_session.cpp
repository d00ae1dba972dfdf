// Session: the JSON contract of DESIGN.md, its checks on malformed input, and the text lines.

#include "session/eventtext.h"
#include "session/session.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

#include <cerrno>

using namespace tcplab;

class TestSession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void jsonFollowsTheContract();
    void roundTrip();
    void malformed_data();
    void malformed();
    void timeIsMonotonic();
    void errnoNames();
    void describe_data();
    void describe();
    void printable_data();
    void printable();
};

void TestSession::jsonFollowsTheContract()
{
    Session session;
    session.setClient({QHostAddress(QStringLiteral("127.0.0.1")), 51234});
    session.setServer({QHostAddress(QStringLiteral("127.0.0.1")), 45001});
    session.addCall(Side::Client, 0, QStringLiteral("connect"), QStringLiteral("127.0.0.1:45001"),
                    -1, EINPROGRESS);
    session.addState(Side::Client, 0, QStringLiteral("SYN_SENT"), QStringLiteral("kernel"),
                     QStringLiteral("TCP_INFO"));
    session.addCall(Side::Server, 1, QStringLiteral("write"), QStringLiteral("18"), 18, 0,
                    "I got your message");
    const QJsonObject o = session.toJson();
    QCOMPARE(o.value(u"format").toString(), QStringLiteral("tcplab-session/1"));
    QCOMPARE(o.value(u"scenario").toString(), QStringLiteral("seed"));
    QCOMPARE(o.value(u"client").toObject().value(u"port").toInt(), 51234);
    QCOMPARE(o.value(u"server").toObject().value(u"address").toString(),
             QStringLiteral("127.0.0.1"));
    const QJsonArray events = o.value(u"events").toArray();
    QCOMPARE(events.size(), 3);
    const QJsonObject call = events.at(0).toObject();
    QCOMPARE(call.value(u"kind").toString(), QStringLiteral("call"));
    QCOMPARE(call.value(u"side").toString(), QStringLiteral("client"));
    QCOMPARE(call.value(u"call").toString(), QStringLiteral("connect"));
    QCOMPARE(call.value(u"args").toString(), QStringLiteral("127.0.0.1:45001"));
    QCOMPARE(call.value(u"result").toInt(), -1);
    QCOMPARE(call.value(u"errno").toString(), QStringLiteral("EINPROGRESS"));
    QVERIFY(call.value(u"t_us").isDouble());
    const QJsonObject state = events.at(1).toObject();
    QCOMPARE(state.value(u"state").toString(), QStringLiteral("SYN_SENT"));
    QCOMPARE(state.value(u"source").toString(), QStringLiteral("kernel"));
    const QJsonObject write = events.at(2).toObject();
    QCOMPARE(write.value(u"conn").toInt(), 1);
    QCOMPARE(QByteArray::fromBase64(write.value(u"data").toString().toLatin1()),
             QByteArray("I got your message"));
}

void TestSession::roundTrip()
{
    Session session;
    session.setScenario(QStringLiteral("half-close"));
    session.addCall(Side::Client, 0, QStringLiteral("shutdown"), QStringLiteral("SHUT_WR"), 0, 0);
    session.addNote(Side::Server, 1, QStringLiteral("note"), ECONNRESET);
    // Qt's calls and signals keep their "api"; several clients keep their ports.
    session.addQtCall(Side::Client, 1, QStringLiteral("qt"), QStringLiteral("abort"), QString(), 0);
    session.addQtCall(Side::Client, 1, QStringLiteral("qt-signal"), QStringLiteral("errorOccurred"),
                      QStringLiteral("RemoteHostClosedError"), -1);
    session.setClientConnectionPort(0, 40000);
    session.setClientConnectionPort(1, 40002);
    Session copy;
    QSignalSpy reset(&copy, &Session::reset);
    QString error;
    QVERIFY2(copy.loadJson(session.toJsonBytes(), &error), qPrintable(error));
    QCOMPARE(copy.toJsonBytes(), session.toJsonBytes());
    QCOMPARE(reset.count(), 1);
    QCOMPARE(copy.size(), 4);
    QCOMPARE(copy.scenario(), QStringLiteral("half-close"));
    QCOMPARE(copy.at(2).api, QStringLiteral("qt"));
    QVERIFY(copy.at(3).isQtSignal());
    QCOMPARE(copy.clientConnectionForPort(40002), 1);
}

void TestSession::malformed_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error");
    QTest::newRow("not JSON") << QByteArray("{ nope") << QStringLiteral("not JSON");
    QTest::newRow("wrong format") << QByteArray(R"({"format": "other/2", "events": []})")
                                  << QStringLiteral("\"format\"");
    QTest::newRow("no events") << QByteArray(R"({"format": "tcplab-session/1"})")
                               << QStringLiteral("\"events\" must be an array");
    QTest::newRow("bad kind") << QByteArray(
        R"({"format": "tcplab-session/1", "events": [{"kind": "x", "t_us": 0, "side": "client"}]})")
                              << QStringLiteral("events[0]: \"kind\"");
    QTest::newRow("bad api") << QByteArray(
        R"({"format": "tcplab-session/1", "events": [{"kind": "call", "t_us": 0, "side": "client", "api": "java"}]})")
                             << QStringLiteral("\"api\" must be qt or qt-signal");
    QTest::newRow("bad side") << QByteArray(
        R"({"format": "tcplab-session/1", "events": [{"kind": "call", "t_us": 0, "side": "middle"}]})")
                              << QStringLiteral("events[0]: \"side\"");
    QTest::newRow("no time") << QByteArray(
        R"({"format": "tcplab-session/1", "events": [{"kind": "call", "side": "client"}]})")
                             << QStringLiteral("\"t_us\" must be a number");
}

void TestSession::malformed()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    Session session;
    session.addCall(Side::Client, 0, QStringLiteral("close"), QString(), 0, 0);
    QString message;
    QVERIFY(!session.loadJson(json, &message));
    QVERIFY2(message.contains(error), qPrintable(message));
    QCOMPARE(session.size(), 1); // nothing lost
}

void TestSession::timeIsMonotonic()
{
    Session session;
    for (int i = 0; i < 50; ++i)
        session.addNote(Side::Client, 0, QString::number(i));
    QCOMPARE(session.at(0).tUs, 0);
    for (int i = 1; i < session.size(); ++i)
        QVERIFY(session.at(i).tUs >= session.at(i - 1).tUs);
}

void TestSession::errnoNames()
{
    QCOMPARE(errnoName(0), QString());
    QCOMPARE(errnoName(ECONNREFUSED), QStringLiteral("ECONNREFUSED"));
    QCOMPARE(errnoName(EPIPE), QStringLiteral("EPIPE"));
    QCOMPARE(errnoName(EADDRINUSE), QStringLiteral("EADDRINUSE"));
    QCOMPARE(errnoName(9999), QStringLiteral("errno 9999"));
}

void TestSession::describe_data()
{
    QTest::addColumn<QString>("call");
    QTest::addColumn<QString>("args");
    QTest::addColumn<qint64>("result");
    QTest::addColumn<int>("err");
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QString>("expected");
    QTest::newRow("connect") << "connect"
                             << "127.0.0.1:45001" << qint64(-1) << EINPROGRESS << QByteArray()
                             << "connect(127.0.0.1:45001) = -1 EINPROGRESS";
    QTest::newRow("read data") << "read"
                               << "65536" << qint64(18) << 0 << QByteArray("I got your message")
                               << "read(65536) = 18 \"I got your message\"";
    QTest::newRow("read eof") << "read"
                              << "65536" << qint64(0) << 0 << QByteArray()
                              << "read(65536) = 0 (EOF)";
    QTest::newRow("shutdown") << "shutdown"
                              << "SHUT_WR" << qint64(0) << 0 << QByteArray()
                              << "shutdown(SHUT_WR) = 0";
}

void TestSession::describe()
{
    QFETCH(QString, call);
    QFETCH(QString, args);
    QFETCH(qint64, result);
    QFETCH(int, err);
    QFETCH(QByteArray, data);
    QFETCH(QString, expected);
    Session session;
    session.addCall(Side::Client, 0, call, args, result, err, data);
    QCOMPARE(describeEvent(session.at(0)), expected);
    QVERIFY(eventLine(session.at(0)).endsWith(expected));
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
