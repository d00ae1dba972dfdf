// LadderLayout by numbers (hotspot's way of testing its timeline delegate): sessions built by
// hand, laid out, and the geometry checked — order, slopes, sides, phases, spacing, no
// overlapping labels, hit testing.

#include "ladderlayout.h"
#include "seedsession.h"
#include "session/session.h"

#include <QFont>
#include <QFontMetricsF>
#include <QTest>

using namespace tcplab;
using namespace seedtest;

namespace {

QFont font()
{
    QFont f(QStringLiteral("DejaVu Sans"));
    f.setPointSizeF(9);
    return f;
}

} // namespace

class TestLadderLayout : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void seedGeometry_data();
    void seedGeometry();
    void phases_data();
    void phases();
    void spacingFollowsTime();
    void evenSpacing();
    void numbersAndWindow();
    void everyConnectionHasItsLadder();
    void statesWhereTheyHappened();
    void disagreementsAreShown();
    void crossingSegments();
    void socketConnectedToItself();
    void labelsFitTheirBoldText();
    void hitTesting();
    void ghostsOfMissingSegments();
    void marksFollowTheirSegments();
};

void TestLadderLayout::seedGeometry_data()
{
    QTest::addColumn<bool>("even");
    QTest::addColumn<qreal>("middle");
    QTest::newRow("by time, narrow") << false << LadderLayout::kMinMiddleWidth;
    QTest::newRow("by time, wide") << false << LadderLayout::kMaxMiddleWidth;
    QTest::newRow("even, narrow") << true << LadderLayout::kMinMiddleWidth;
}

void TestLadderLayout::seedGeometry()
{
    QFETCH(bool, even);
    QFETCH(qreal, middle);
    Builder b;
    seed(b);
    LadderOptions options;
    options.evenSpacing = even;
    options.middleWidth = middle;
    LadderLayout l;
    l.layout(b.session, options, font());

    QCOMPARE(l.arrows().size(), 10);
    QCOMPARE(l.serverX() - l.clientX(), middle);
    QCOMPARE(l.width(), l.fixedWidth() + middle);
    qreal previous = 0;
    for (const LadderArrow &a : l.arrows()) {
        const Event &e = b.session.at(a.event);
        // From the sender's lifeline to the receiver's, sloping down by a fixed drop.
        QCOMPARE(a.from.x(), e.side == Side::Client ? l.clientX() : l.serverX());
        QCOMPARE(a.to.x(), e.side == Side::Client ? l.serverX() : l.clientX());
        QCOMPARE(a.to.y() - a.from.y(), LadderLayout::kSlope);
        // Time runs down.
        QVERIFY(a.from.y() >= previous);
        previous = a.from.y();
        // The label sits between the lifelines, above its arrow's middle.
        QVERIFY(a.labelRect.left() > l.clientX() && a.labelRect.right() < l.serverX());
        QVERIFY(a.labelRect.bottom() <= (a.from.y() + a.to.y()) / 2);
        QVERIFY(a.labelRect.bottom() <= l.height());
    }
    // SYN options become badges; nop does not.
    QCOMPARE(l.arrows().at(0).badges, (QStringList {"mss 65495", "sackOK", "TS", "wscale 7"}));
    QVERIFY(l.arrows().at(2).badges.isEmpty());
    QCOMPARE(l.arrows().at(0).kind, SegmentKind::Syn);
    QCOMPARE(l.arrows().at(3).kind, SegmentKind::Data);
    QCOMPARE(l.arrows().at(4).kind, SegmentKind::Ack);
    QCOMPARE(l.arrows().at(7).kind, SegmentKind::Fin);

    // No label overlaps another label, an arrow's neighbour, or a mark.
    for (int i = 0; i < l.arrows().size(); ++i) {
        for (int j = i + 1; j < l.arrows().size(); ++j) {
            QVERIFY2(!l.arrows().at(i).labelRect.intersects(l.arrows().at(j).labelRect),
                     qPrintable(QStringLiteral("labels %1 and %2 overlap").arg(i).arg(j)));
        }
        for (const LadderMark &m : l.marks())
            QVERIFY(!l.arrows().at(i).labelRect.intersects(m.rect));
    }
    // Marks stand beside their own lifeline and do not overlap each other.
    for (int i = 0; i < l.marks().size(); ++i) {
        const LadderMark &m = l.marks().at(i);
        if (m.side == Side::Client)
            QVERIFY(m.rect.right() < l.clientX() && m.rect.left() >= LadderLayout::kTimeAxisWidth);
        else
            QVERIFY(m.rect.left() > l.serverX()
                    && m.rect.right() <= l.serverX() + LadderLayout::kSideWidth);
        for (int j = i + 1; j < l.marks().size(); ++j)
            QVERIFY(!m.rect.intersects(l.marks().at(j).rect));
    }
    // Calls as the textbook writes them, states flagged by where they came from.
    QStringList texts;
    for (const LadderMark &m : l.marks())
        texts << m.text;
    QVERIFY(texts.contains(QStringLiteral("connect()")));
    QVERIFY(texts.contains(QStringLiteral("write(18)")));
    QVERIFY(texts.contains(QStringLiteral("read() → 0 (EOF)")));
    for (const LadderMark &m : l.marks()) {
        if (m.text == QLatin1String("SYN_RECEIVED"))
            QVERIFY(!m.confirmed);
        if (m.text == QLatin1String("ESTABLISHED"))
            QVERIFY(m.confirmed);
    }
}

void TestLadderLayout::phases_data()
{
    QTest::addColumn<QString>("wire");
    QTest::addColumn<QList<int>>("kinds");
    QTest::addColumn<QList<int>>("bounds"); // first and last arrow of each phase
    using K = Phase::Kind;
    QTest::newRow("seed") << "c:S s:S. c:. c:P. s:. s:P. c:. s:F. c:F. s:."
                          << QList<int> {int(K::Handshake), int(K::Data), int(K::Teardown)}
                          << QList<int> {0, 2, 3, 6, 7, 9};
    QTest::newRow("refused") << "c:S s:R." << QList<int> {int(K::Handshake)} << QList<int> {0, 1};
    QTest::newRow("abort") << "c:S s:S. c:. c:R." << QList<int> {int(K::Handshake), int(K::Reset)}
                           << QList<int> {0, 2, 3, 3};
    QTest::newRow("no data") << "c:S s:S. c:. c:F. s:F. c:."
                             << QList<int> {int(K::Handshake), int(K::Teardown)}
                             << QList<int> {0, 2, 3, 5};
    QTest::newRow("unread data reset")
        << "c:S s:S. c:. c:P. s:. s:R."
        << QList<int> {int(K::Handshake), int(K::Data), int(K::Reset)}
        << QList<int> {0, 2, 3, 4, 5, 5};
}

void TestLadderLayout::phases()
{
    QFETCH(QString, wire);
    QFETCH(QList<int>, kinds);
    QFETCH(QList<int>, bounds);
    Builder b;
    for (const QString &token : wire.split(QLatin1Char(' '))) {
        const QString flags = token.mid(2);
        b.segment(token.startsWith(QLatin1Char('c')) ? Side::Client : Side::Server, flags, 0, 0,
                  flags.contains(QLatin1Char('P')) ? 5 : 0);
    }
    LadderLayout l;
    l.layout(b.session, {}, font());
    QCOMPARE(l.phases().size(), kinds.size());
    for (int i = 0; i < kinds.size(); ++i) {
        const LadderPhase &p = l.phases().at(i);
        QCOMPARE(int(p.kind), kinds.at(i));
        QCOMPARE(p.top, l.arrows().at(bounds.at(2 * i)).labelRect.top());
        QCOMPARE(p.bottom, l.arrows().at(bounds.at(2 * i + 1)).to.y());
        if (i > 0)
            QVERIFY(p.top >= l.phases().at(i - 1).bottom - LadderLayout::kSlope); // in order
    }
}

void TestLadderLayout::spacingFollowsTime()
{
    Builder b;
    b.segment(Side::Client, QStringLiteral("P."), 1, 1, 5, 0);
    b.segment(Side::Server, QStringLiteral("."), 1, 6, 0, 1); // 1 µs later
    b.segment(Side::Client, QStringLiteral("P."), 6, 1, 5, 40000); // 40 ms later
    b.segment(Side::Server, QStringLiteral("."), 1, 11, 0, 60000000); // a minute later
    LadderLayout l;
    l.layout(b.session, {}, font());
    const auto &a = l.arrows();
    const qreal quick = a.at(1).from.y() - a.at(0).from.y();
    const qreal delayed = a.at(2).from.y() - a.at(1).from.y();
    const qreal minute = a.at(3).from.y() - a.at(2).from.y();
    QVERIFY2(delayed > quick + 40, qPrintable(QStringLiteral("%1 vs %2").arg(delayed).arg(quick)));
    // A pause is never drawn longer than the cap plus room for the label; it is marked.
    QVERIFY(minute <= LadderLayout::kMaxTimeGap + 60);
    QList<qint64> gaps;
    for (const LadderTick &t : l.ticks()) {
        if (t.gap)
            gaps << t.gapUs;
    }
    // Longer than the cap (30 ms at 3 px/ms): the delayed ACK's 40 ms and the minute.
    QCOMPARE(gaps, (QList<qint64> {40000, 60000000}));
}

void TestLadderLayout::evenSpacing()
{
    Builder b;
    seed(b);
    LadderOptions options;
    options.evenSpacing = true;
    LadderLayout l;
    l.layout(b.session, options, font());
    // One row per event: every arrow starts below the one before, and no two marks of a
    // lifeline share a row (a state at an arrow's head may share the next arrow's row: that
    // arrow leaves where the other arrived).
    for (int i = 1; i < l.arrows().size(); ++i)
        QVERIFY(l.arrows().at(i).from.y() > l.arrows().at(i - 1).from.y());
    for (const Side side : {Side::Client, Side::Server}) {
        QList<qreal> ys;
        for (const LadderMark &m : l.marks()) {
            if (m.side == side)
                ys << m.y;
        }
        std::sort(ys.begin(), ys.end());
        for (int i = 1; i < ys.size(); ++i)
            QVERIFY(ys.at(i) > ys.at(i - 1));
    }
}

void TestLadderLayout::numbersAndWindow()
{
    Builder b;
    b.segment(Side::Client, QStringLiteral("S"), 0, 0, 0);
    Event &absolute = const_cast<Event &>(b.session.at(0));
    absolute.seq = 3748259367u;
    LadderLayout l;
    l.layout(b.session, {}, font());
    QCOMPARE(l.arrows().at(0).numbers, QStringLiteral("seq 0  len 0"));
    QCOMPARE(l.arrows().at(0).title, QStringLiteral("SYN  [S]"));
    LadderOptions options;
    options.absoluteNumbers = true;
    options.showWindow = true;
    l.layout(b.session, options, font());
    QCOMPARE(l.arrows().at(0).numbers, QStringLiteral("seq 3748259367  len 0  win 65495"));
}

void TestLadderLayout::everyConnectionHasItsLadder()
{
    // Three connections, as backlog-full makes them: each drawn as a ladder of its own, one
    // below the other, with only its own segments and states.
    Builder b;
    const int second = b.open(60000);
    const int third = b.open(60002);
    b.segment(Side::Client, QStringLiteral("S"), 0, 0, 0, 10, kClient);
    b.segment(Side::Server, QStringLiteral("S."), 0, 1, 0, 10, kClient);
    b.segment(Side::Client, QStringLiteral("."), 1, 1, 0, 10, kClient);
    b.segment(Side::Client, QStringLiteral("S"), 0, 0, 0, 10, 60000);
    b.segment(Side::Server, QStringLiteral("S."), 0, 1, 0, 10, 60000);
    b.segment(Side::Client, QStringLiteral("."), 1, 1, 0, 10, 60000);
    b.segment(Side::Client, QStringLiteral("S"), 0, 0, 0, 10, 60002); // dropped
    b.infer();
    LadderLayout l;
    l.layout(b.session, {}, font());
    QCOMPARE(l.groups().size(), 3);
    QCOMPARE(l.groups().at(0).conn, b.conn);
    QCOMPARE(l.groups().at(1).conn, second);
    QCOMPARE(l.groups().at(2).conn, third);
    for (int g = 0; g < 3; ++g) {
        const LadderGroup &group = l.groups().at(g);
        QVERIFY(group.heading.startsWith(QStringLiteral("Connection %1 of 3").arg(g + 1)));
        if (g > 0)
            QVERIFY(group.top >= l.groups().at(g - 1).bottom);
        for (const LadderArrow &a : l.arrows()) {
            if (a.group == g)
                QVERIFY(a.from.y() > group.headsY && a.to.y() < group.bottom);
        }
    }
    // The third's SYN was never answered: its server end has no state at all.
    int thirdServerStates = 0;
    for (const LadderMark &m : l.marks())
        thirdServerStates
            += m.group == 2 && m.kind == LadderMark::Kind::State && m.side == Side::Server;
    QCOMPARE(thirdServerStates, 0);
    QCOMPARE(std::count_if(l.arrows().begin(), l.arrows().end(),
                           [](const LadderArrow &a) { return a.group == 2; }),
             1);
    // The experiment may choose which to show.
    LadderOptions only;
    only.connections = {second};
    l.layout(b.session, only, font());
    QCOMPARE(l.groups().size(), 1);
    QCOMPARE(l.arrows().size(), 3);
    QCOMPARE(l.groupOf(second), 0);
    QCOMPARE(l.groupOf(third), -1);
}

void TestLadderLayout::statesWhereTheyHappened()
{
    Builder b;
    seed(b);
    LadderLayout l;
    l.layout(b.session, {}, font());
    QHash<quint64, const LadderArrow *> arrowOf;
    for (const LadderArrow &a : l.arrows())
        arrowOf.insert(b.session.at(a.event).id, &a);
    int placed = 0;
    for (const LadderMark &m : l.marks()) {
        const Event &e = b.session.at(m.event);
        if (m.kind != LadderMark::Kind::State || !arrowOf.contains(e.cause))
            continue;
        // A receiver's state at the arrow's head, a sender's at its tail (or just below, where
        // the column is taken).
        const LadderArrow *a = arrowOf.value(e.cause);
        const qreal at = e.via == StateVia::ReceivedSegment ? a->to.y() : a->from.y();
        // (Two states of one end at one segment, FIN_WAIT_2 and TIME_WAIT, stand one above the
        // other.)
        QVERIFY2(
            m.y >= at && m.y <= at + 2 * (LadderLayout::kMarkHeight + 2),
            qPrintable(QStringLiteral("%1 at %2, its cause at %3").arg(m.text).arg(m.y).arg(at)));
        ++placed;
    }
    QCOMPARE(placed, 10); // SYN_SENT ... TIME_WAIT, both ends
    // Solid where a kernel reading confirmed the state, outlined where only the segments show it.
    for (const LadderMark &m : l.marks()) {
        if (m.kind != LadderMark::Kind::State)
            continue;
        if (m.text == u"SYN_RECEIVED" || m.text == u"LAST_ACK" || m.text == u"FIN_WAIT_1")
            QVERIFY2(!m.confirmed, qPrintable(m.text));
        if (m.text == u"ESTABLISHED" || m.text == u"CLOSE_WAIT" || m.text == u"TIME_WAIT"
            || m.text == u"LISTEN")
            QVERIFY2(m.confirmed, qPrintable(m.text));
        if (m.text == u"TIME_WAIT")
            QCOMPARE(m.detail, QStringLiteral("60 s"));
    }
    // A reading that confirms is not drawn again.
    for (const LadderMark &m : l.marks())
        QVERIFY(m.kind != LadderMark::Kind::Reading);
}

void TestLadderLayout::disagreementsAreShown()
{
    Builder b;
    b.segment(Side::Client, QStringLiteral("S"), 0, 0, 0);
    b.segment(Side::Server, QStringLiteral("S."), 0, 1, 0);
    b.segment(Side::Client, QStringLiteral("."), 1, 1, 0);
    // The kernel says CLOSE_WAIT while the wire shows no FIN (a frame the capture lost).
    b.reading(Side::Server, TcpState::CloseWait, 20000);
    b.infer();
    LadderLayout l;
    l.layout(b.session, {}, font());
    int readings = 0;
    for (const LadderMark &m : l.marks()) {
        if (m.kind == LadderMark::Kind::Reading) {
            ++readings;
            QVERIFY(m.disagrees);
            QCOMPARE(m.side, Side::Server);
            QVERIFY(m.text.contains(u"CLOSE_WAIT"));
        }
    }
    QCOMPARE(readings, 1);
}

void TestLadderLayout::crossingSegments()
{
    // Two FINs on a slow wire: the second leaves before the first arrives; the arrows cross.
    Builder b;
    b.segment(Side::Client, QStringLiteral("S"), 0, 0, 0);
    b.segment(Side::Server, QStringLiteral("S."), 0, 1, 0);
    b.segment(Side::Client, QStringLiteral("."), 1, 1, 0);
    for (const bool client : {true, false}) {
        b.t += 100;
        Event fin;
        fin.kind = Event::Kind::Segment;
        fin.source = Source::Modelled;
        fin.conn = b.conn;
        fin.side = client ? Side::Client : Side::Server;
        fin.flags = TcpFlag::Fin | TcpFlag::Ack;
        fin.seq = fin.relSeq = 1;
        fin.ack = fin.relAck = 1;
        fin.tUs = b.t;
        fin.arriveUs = b.t + 50000;
        b.session.addModelledSegment(fin);
    }
    b.infer();
    LadderLayout l;
    l.layout(b.session, {}, font());
    const LadderArrow &first = l.arrows().at(3);
    const LadderArrow &second = l.arrows().at(4);
    QVERIFY(second.from.y() < first.to.y());
    QVERIFY(first.from.y() < second.to.y());
    QVERIFY(first.to.y() - first.from.y() > LadderLayout::kSlope);
    QVERIFY(!first.labelRect.intersects(second.labelRect));
}

void TestLadderLayout::socketConnectedToItself()
{
    // Simultaneous open on loopback: one socket, so one lifeline, and each segment a loop.
    Builder b;
    Session &s = b.session;
    s.clear();
    const int conn = s.connections().open(Side::Client, Api::System);
    s.setConnectionEnds(conn, {QHostAddress(QHostAddress::LocalHost), 55641},
                        {QHostAddress(QHostAddress::LocalHost), 55641});
    for (const QString &flags : {QStringLiteral("S"), QStringLiteral("S."), QStringLiteral(".")}) {
        b.t += 20;
        Event e;
        e.kind = Event::Kind::Segment;
        e.source = Source::Live;
        e.tUs = b.t;
        e.flags = *tcpFlagsFromLetters(flags);
        e.seq = flags == u"." ? 1 : 0;
        e.ack = flags == u"S" ? 0 : 1;
        e.from = e.to = {QHostAddress(QHostAddress::LocalHost), 55641};
        s.addSegment(e);
    }
    b.infer();
    LadderLayout l;
    l.layout(s, {}, font());
    QCOMPARE(l.groups().size(), 1);
    QVERIFY(l.groups().at(0).self);
    QVERIFY(l.groups().at(0).serverTitle.isEmpty());
    QCOMPARE(l.arrows().size(), 3);
    for (const LadderArrow &a : l.arrows()) {
        QVERIFY(a.loop);
        QCOMPARE(a.from.x(), l.clientX());
        QCOMPARE(a.to.x(), l.clientX());
        QCOMPARE(l.segmentAt(
                     QPointF(l.clientX() + LadderLayout::kLoopWidth, (a.from.y() + a.to.y()) / 2)),
                 a.event);
    }
    QCOMPARE(l.arrows().at(1).numbers, QStringLiteral("seq 0  ack 1  len 0"));
    for (const LadderMark &m : l.marks())
        QCOMPARE(m.side, Side::Client);
}

void TestLadderLayout::labelsFitTheirBoldText()
{
    Builder b;
    b.segment(Side::Client, QStringLiteral("S"), 0, 0, 0);
    b.segment(Side::Server, QStringLiteral("S."), 0, 1, 0);
    b.segment(Side::Client, QStringLiteral("FP."), 1, 1, 10);
    LadderLayout l;
    l.layout(b.session, {}, font());
    // The title is drawn bold: its box is as wide as the bold text.
    const QFontMetricsF bold(LadderLayout::titleFont(font()));
    for (const LadderArrow &a : l.arrows())
        QVERIFY2(a.labelRect.width() >= bold.horizontalAdvance(a.title), qPrintable(a.title));
    QCOMPARE(l.arrows().at(2).title, QStringLiteral("FIN, PSH, ACK  [FP.]"));
}

void TestLadderLayout::hitTesting()
{
    Builder b;
    seed(b);
    LadderLayout l;
    l.layout(b.session, {}, font());
    for (const LadderArrow &a : l.arrows()) {
        QCOMPARE(l.segmentAt((a.from + a.to) / 2), a.event);
        QCOMPARE(l.segmentAt(a.labelRect.center()), a.event);
    }
    QCOMPARE(l.segmentAt(QPointF(5, 5)), -1);
    QCOMPARE(l.segmentAt(QPointF(l.clientX() - 60, l.arrows().at(0).from.y())), -1);
}

void TestLadderLayout::ghostsOfMissingSegments()
{
    Builder b;
    seed(b);
    LadderOptions options;
    // The textbook's lone ACK of the server's FIN (before segment 8, the client's FIN), and a
    // last one after everything.
    options.ghosts = {{b.conn, 8, QStringLiteral("c:.")}, {b.conn, 10, QStringLiteral("s:R")}};
    LadderLayout l;
    l.layout(b.session, options, font());
    QCOMPARE(l.ghosts().size(), 2);
    const LadderArrow &ack = l.ghosts().at(0);
    QCOMPARE(ack.from.x(), l.clientX());
    QCOMPARE(ack.to.x(), l.serverX());
    QVERIFY(ack.from.y() > l.arrows().at(7).to.y() - LadderLayout::kSlope);
    QVERIFY(ack.from.y() < l.arrows().at(8).from.y());
    QVERIFY(ack.title.contains(QStringLiteral("ACK")));
    QCOMPARE(l.ghosts().at(1).kind, SegmentKind::Rst);
    QVERIFY(l.ghosts().at(1).from.y() > l.arrows().constLast().to.y());
    QVERIFY(l.height() > l.ghosts().at(1).to.y());
}

// A segment the verdict marked stays marked when later events (a kernel reading, the end of
// TIME_WAIT) come in before it in the session's order: marks name events, not positions.
void TestLadderLayout::marksFollowTheirSegments()
{
    Builder b;
    seed(b);
    int third = -1;
    int seen = 0;
    for (int i = 0; i < b.session.size() && third < 0; ++i)
        if (b.session.at(i).kind == Event::Kind::Segment && ++seen == 3)
            third = i;
    QVERIFY(third >= 0);
    LadderOptions options;
    options.unexpected.insert(b.session.at(third).id);
    auto marked = [&] {
        LadderLayout l;
        l.layout(b.session, options, font());
        QList<quint64> out;
        for (const LadderArrow &a : l.arrows())
            if (a.unexpected)
                out << b.session.at(a.event).id;
        return out;
    };
    QCOMPARE(marked(), QList<quint64> {b.session.at(third).id});
    Event reading;
    reading.kind = Event::Kind::State;
    reading.source = Source::Kernel;
    reading.side = Side::Client;
    reading.conn = b.session.at(third).conn;
    reading.state = TcpState::SynSent;
    reading.via = StateVia::TcpInfo;
    reading.tUs = b.session.at(0).tUs;
    b.session.insert(reading); // at the start: every segment moves one place on
    QCOMPARE(marked(), QList<quint64> {b.session.at(third + 1).id});
}

QTEST_MAIN(TestLadderLayout)
#include "tst_ladderlayout.moc"
