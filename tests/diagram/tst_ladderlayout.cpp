// LadderLayout by numbers (hotspot's way of testing its timeline delegate): sessions built by
// hand, laid out, and the geometry checked — order, slopes, sides, phases, spacing, no
// overlapping labels, hit testing.

#include "ladderlayout.h"
#include "seedsession.h"
#include "session/session.h"

#include <QFont>
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
    void selectedConnectionOnly();
    void hitTesting();
    void ghostsOfMissingSegments();
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
            QVERIFY(m.inferred);
        if (m.text == QLatin1String("ESTABLISHED"))
            QVERIFY(!m.inferred);
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
    // One row per event: every arrow and mark has its own height.
    QList<qreal> ys;
    for (const LadderArrow &a : l.arrows())
        ys << a.from.y();
    for (const LadderMark &m : l.marks())
        ys << m.y;
    std::sort(ys.begin(), ys.end());
    for (int i = 1; i < ys.size(); ++i)
        QVERIFY(ys.at(i) > ys.at(i - 1));
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
    QCOMPARE(l.arrows().at(0).numbers, QStringLiteral("seq 3748259367  len 0  win 65483"));
}

void TestLadderLayout::selectedConnectionOnly()
{
    Builder b;
    b.segment(Side::Client, QStringLiteral("S"), 0, 0, 0, 10, kClient);
    b.segment(Side::Client, QStringLiteral("S"), 0, 0, 0, 10, 60000);
    b.segment(Side::Server, QStringLiteral("S."), 0, 1, 0, 10, 60000);
    b.session.setConnectionPort(2, 60000);
    LadderOptions options;
    options.clientPort = 60000;
    LadderLayout l;
    l.layout(b.session, options, font());
    QCOMPARE(l.arrows().size(), 2);
    options.clientPort = 0; // the session's own client
    l.layout(b.session, options, font());
    QCOMPARE(l.arrows().size(), 1);
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
    options.ghosts = {{8, QStringLiteral("c:.")}, {10, QStringLiteral("s:R")}};
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

QTEST_MAIN(TestLadderLayout)
#include "tst_ladderlayout.moc"
