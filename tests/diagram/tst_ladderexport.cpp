// Exports of the diagram: golden text and Mermaid for the hand-made seed session, SVG read
// back with QSvgRenderer, PDF pages, PNG size and scale, and a 10,000-segment session.

#include "ladderexport.h"
#include "ladderpainter.h"
#include "seedsession.h"

#include <QDateTime>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QRegularExpression>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTest>

using namespace tcplab;
using namespace seedtest;

class TestLadderExport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void golden_data();
    void golden();
    void svgReadsBack();
    void pdfPages();
    void handInPdf();
    void pngSizeAndScale();
    void tenThousandSegments();
    void unknownFormat();

private:
    static LadderExport::Options options()
    {
        LadderExport::Options o;
        o.font = QFont(QStringLiteral("DejaVu Sans"), 9);
        return o;
    }
    static QByteArray read(const QString &path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }
};

void TestLadderExport::golden_data()
{
    QTest::addColumn<QString>("suffix");
    QTest::newRow("text ladder") << "txt";
    QTest::newRow("mermaid") << "mmd";
}

// The text and Mermaid exports of the seed session, compared with files kept in the repository
// (tests/data/seed.txt, seed.mmd); TCPLAB_UPDATE_GOLDEN=1 rewrites them after a deliberate change.
void TestLadderExport::golden()
{
    QFETCH(QString, suffix);
    Builder b;
    seed(b);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("seed.") + suffix);
    QString error;
    QVERIFY2(LadderExport::write(b.session, path, options(), &error), qPrintable(error));
    const QByteArray got = read(path);
    const QString golden = QFINDTESTDATA(QStringLiteral("data/seed.") + suffix);
    if (qEnvironmentVariableIsSet("TCPLAB_UPDATE_GOLDEN") && !golden.isEmpty()) {
        QFile out(golden);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(got);
    }
    QVERIFY2(!golden.isEmpty(), "tests/data golden file missing");
    QCOMPARE(QString::fromUtf8(got), QString::fromUtf8(read(golden)));
}

void TestLadderExport::svgReadsBack()
{
    Builder b;
    seed(b);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("seed.svg"));
    QString error;
    QVERIFY2(LadderExport::write(b.session, path, options(), &error), qPrintable(error));
    QSvgRenderer renderer(path);
    QVERIFY(renderer.isValid());
    QVERIFY(renderer.defaultSize().width() > 600);
    const QString svg = QString::fromUtf8(read(path));
    // Text stays text, and the fonts name a Simplified Chinese face before the renderer's own.
    for (const char *label : {"SYN, ACK  [S.]", "FIN, ACK  [F.]", "three-way handshake",
                              "four-way teardown", "ESTABLISHED"})
        QVERIFY2(svg.contains(QLatin1String(label)), label);
    QVERIFY(svg.contains(QStringLiteral("'Noto Sans CJK SC'")));
}

void TestLadderExport::pdfPages()
{
    Builder b;
    seed(b);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("seed.pdf"));
    QString error;
    QVERIFY2(LadderExport::write(b.session, path, options(), &error), qPrintable(error));
    const QByteArray pdf = read(path);
    QVERIFY(pdf.startsWith("%PDF-"));
    QCOMPARE(QString::fromLatin1(pdf).count(
                 QRegularExpression(QStringLiteral("/Type\\s*/Page\\b(?!s)"))),
             1);
    QVERIFY(pdf.contains("/FontFile")); // fonts embedded
}

// A hand-in: the experiment's name (not its id), its explanation, the verdict, the date and
// the student's name above the diagram; pages that end between segments, never through one,
// and every page after the first starts with the lifeline heads.
void TestLadderExport::handInPdf()
{
    Builder b;
    seed(b);
    for (int i = 0; i < 40; ++i) {
        b.segment(Side::Client, QStringLiteral("P."), 7 + quint32(i), 19, 1);
        b.segment(Side::Server, QStringLiteral("."), 19, 8 + quint32(i), 0);
    }
    LadderExport::Options o = options();
    o.experiment = QStringLiteral("The classic client and server");
    o.explanation = QStringLiteral("The client sends one line; the server prints it, answers and "
                                   "closes first.");
    o.verdict = QStringLiteral("✓ The experiment went as expected.");
    o.student = QStringLiteral("Li Lei");
    o.date = QDateTime(QDate(2026, 12, 3), QTime(9, 30));
    // The breaks, in the layout's units: none cuts through a segment.
    LadderLayout layout;
    layout.layout(b.session, o.ladder, LadderPainter::diagramFont(o.font));
    const QList<qreal> breaks = LadderExport::pageBreaks(layout, 500, 600);
    QVERIFY(breaks.size() >= 2);
    for (const qreal cut : breaks) {
        for (const LadderArrow &a : layout.arrows()) {
            const qreal top = std::min({a.labelRect.top(), a.from.y(), a.to.y()});
            const qreal bottom = std::max({a.labelRect.bottom(), a.from.y(), a.to.y()});
            QVERIFY2(!(top < cut && bottom > cut),
                     qPrintable(QStringLiteral("%1 cuts %2..%3").arg(cut).arg(top).arg(bottom)));
        }
    }
    for (int i = 1; i < breaks.size(); ++i)
        QVERIFY(breaks.at(i) - breaks.at(i - 1) <= 600 && breaks.at(i) > breaks.at(i - 1));

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("hand-in.pdf"));
    QString error;
    QVERIFY2(LadderExport::write(b.session, path, o, &error), qPrintable(error));
    auto text = [&path](int page) {
        QProcess pdftotext;
        pdftotext.start(QStringLiteral("pdftotext"),
                        {QStringLiteral("-f"), QString::number(page), QStringLiteral("-l"),
                         QString::number(page), path, QStringLiteral("-")});
        pdftotext.waitForFinished(10000);
        return QString::fromUtf8(pdftotext.readAllStandardOutput());
    };
    const QString first = text(1);
    if (first.isEmpty())
        QSKIP("pdftotext (poppler-utils) is not installed");
    for (const QString &wanted :
         {QStringLiteral("TCP Lab — The classic client and server"),
          QStringLiteral("Student: Li Lei"), QStringLiteral("answers and closes"),
          QStringLiteral("The experiment went as expected"), QStringLiteral("2026")})
        QVERIFY2(first.contains(wanted), qPrintable(wanted + QStringLiteral(" in:\n") + first));
    const int pages = QString::fromLatin1(read(path))
                          .count(QRegularExpression(QStringLiteral("/Type\\s*/Page\\b(?!s)")));
    QVERIFY(pages >= 2);
    for (int page = 2; page <= pages; ++page) {
        const QString t = text(page);
        QVERIFY2(t.contains(QStringLiteral("Client")) && t.contains(QStringLiteral("Server")),
                 qPrintable(QStringLiteral("page %1:\n%2").arg(page).arg(t)));
        QVERIFY(!t.contains(QStringLiteral("Student: Li Lei"))); // the title only on the first
    }
}

void TestLadderExport::pngSizeAndScale()
{
    Builder b;
    seed(b);
    QString error;
    LadderExport::Options o = options();
    o.scale = 1;
    const QImage one = LadderExport::image(b.session, o, &error);
    o.scale = 3;
    o.transparent = true;
    const QImage three = LadderExport::image(b.session, o, &error);
    QVERIFY(!one.isNull() && !three.isNull());
    QVERIFY(qAbs(three.width() - 3 * one.width()) <= 3);
    QVERIFY(qAbs(three.height() - 3 * one.height()) <= 3);
    QCOMPARE(qAlpha(one.pixel(0, one.height() - 1)), 255); // white ground
    QCOMPARE(qAlpha(three.pixel(three.width() - 1, three.height() / 2)), 0); // transparent ground
}

void TestLadderExport::tenThousandSegments()
{
    Builder b;
    for (int i = 0; i < 5000; ++i) {
        b.segment(Side::Client, QStringLiteral("P."), 1 + quint32(i), 1, 1);
        b.segment(Side::Server, QStringLiteral("."), 1, 2 + quint32(i), 0);
    }
    QTemporaryDir dir;
    QString error;
    for (const char *name : {"long.svg", "long.pdf"}) {
        const QString path = dir.filePath(QLatin1String(name));
        QVERIFY2(LadderExport::write(b.session, path, options(), &error), qPrintable(error));
        QVERIFY(QFileInfo(path).size() > 100000);
    }
    // The PDF flows over many pages instead of shrinking the picture to nothing.
    const QString pdf = QString::fromLatin1(read(dir.filePath(QStringLiteral("long.pdf"))));
    QVERIFY(pdf.count(QRegularExpression(QStringLiteral("/Type\\s*/Page\\b(?!s)"))) > 50);
    // A PNG that size is refused, saying what to use instead, and nothing is written.
    const QString png = dir.filePath(QStringLiteral("long.png"));
    QVERIFY(!LadderExport::write(b.session, png, options(), &error));
    QVERIFY2(error.contains(QStringLiteral("SVG or PDF")), qPrintable(error));
    QVERIFY(!QFile::exists(png));
}

void TestLadderExport::unknownFormat()
{
    Builder b;
    seed(b);
    QString error;
    QVERIFY(!LadderExport::write(b.session, QStringLiteral("/tmp/x.gif"), options(), &error));
    QVERIFY(error.contains(QStringLiteral(".png, .svg, .pdf, .txt or .mmd")));
}

QTEST_MAIN(TestLadderExport)
#include "tst_ladderexport.moc"
