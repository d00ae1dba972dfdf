// Exports of the diagram: golden text and Mermaid for the hand-made seed session, SVG read
// back with QSvgRenderer, PDF pages, PNG size and scale, and a 10,000-segment session.

#include "ladderexport.h"
#include "ladderpainter.h"
#include "seedsession.h"

#include <QFile>
#include <QImage>
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
