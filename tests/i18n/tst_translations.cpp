// Keeping the translation complete: lupdate is run over the sources into a copy of the Chinese
// file, and every string must already be translated; the files kept in the repository carry
// no obsolete entries; protocol names stay untranslated.

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

class TestTranslations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyStringIsTranslated_data();
    void everyStringIsTranslated();
    void noObsoleteEntries_data();
    void noObsoleteEntries();
    void protocolNamesStay();
    void teachersTerms();
};

static QByteArray read(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void TestTranslations::everyStringIsTranslated_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QStringList>("extra");
    QTest::newRow("Simplified Chinese") << "tcplab_zh_CN.ts" << QStringList();
    QTest::newRow("English plurals") << "tcplab_en.ts" << QStringList {"-pluralonly"};
}

void TestTranslations::everyStringIsTranslated()
{
    QFETCH(QString, file);
    QFETCH(QStringList, extra);
    const QString source = QStringLiteral(TCPLAB_SOURCE_DIR);
    QTemporaryDir dir;
    const QString copy = dir.filePath(file);
    QVERIFY(QFile::copy(source + QStringLiteral("/translations/") + file, copy));
    QFile::setPermissions(copy, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    QProcess lupdate;
    lupdate.setWorkingDirectory(source);
    lupdate.start(QStringLiteral(LUPDATE),
                  QStringList {"-silent", "-locations", "none"} + extra
                      + QStringList {"src", "ui", "-ts", copy});
    QVERIFY(lupdate.waitForFinished(120000));
    QCOMPARE(lupdate.exitCode(), 0);
    const QString ts = QString::fromUtf8(read(copy));
    // Every message the code has must be translated: a new tr() string without its
    // translation fails here (run the update_translations target, then translate).
    QStringList missing;
    const QRegularExpression unfinished(
        QStringLiteral("<source>([^<]*)</source>\\s*(?:<[^>]*>[^<]*</[^>]*>\\s*)*<translation "
                       "type=\"unfinished\""));
    auto it = unfinished.globalMatch(ts);
    while (it.hasNext())
        missing << it.next().captured(1);
    QVERIFY2(missing.isEmpty(),
             qPrintable(QStringLiteral("untranslated: ") + missing.join(QStringLiteral(" | "))));
    QCOMPARE(ts.count(QStringLiteral("type=\"unfinished\"")), 0);
}

void TestTranslations::noObsoleteEntries_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("zh_CN") << "tcplab_zh_CN.ts";
    QTest::newRow("en") << "tcplab_en.ts";
}

void TestTranslations::noObsoleteEntries()
{
    QFETCH(QString, file);
    const QString ts
        = QString::fromUtf8(read(QStringLiteral(TCPLAB_SOURCE_DIR "/translations/") + file));
    QVERIFY(!ts.isEmpty());
    QCOMPARE(ts.count(QStringLiteral("type=\"obsolete\"")), 0);
    QCOMPARE(ts.count(QStringLiteral("type=\"vanished\"")), 0);
}

void TestTranslations::protocolNamesStay()
{
    // Where the English names a protocol element, the Chinese keeps it as it is.
    const QString ts = QString::fromUtf8(
        read(QStringLiteral(TCPLAB_SOURCE_DIR "/translations/tcplab_zh_CN.ts")));
    const QRegularExpression message(
        QStringLiteral("<source>([^<]*)</source>\\s*(?:<[^>]*>[^<]*</"
                       "[^>]*>\\s*)*<translation>([^<]*)</translation>"));
    const QStringList names = {"SYN",       "FIN",          "RST",         "ACK",
                               "TIME_WAIT", "CLOSE_WAIT",   "ESTABLISHED", "shutdown(SHUT_WR)",
                               "SO_LINGER", "SO_REUSEADDR", "ECONNRESET",  "EADDRINUSE"};
    int checked = 0;
    auto it = message.globalMatch(ts);
    while (it.hasNext()) {
        const auto m = it.next();
        for (const QString &name : names) {
            if (m.captured(1).contains(name)) {
                QVERIFY2(m.captured(2).contains(name),
                         qPrintable(name + QStringLiteral(" lost in: ") + m.captured(2)));
                ++checked;
            }
        }
    }
    QVERIFY(checked > 20);
}

void TestTranslations::teachersTerms()
{
    // Terms a Chinese networking teacher would not use, and the usual ones: the classic
    // experiment is not a "seed" (种子, a calque), a text ladder diagram is a 时序图 (阶梯图
    // reads as a step chart), and EAGAIN means there is nothing to read yet.
    const QString ts = QString::fromUtf8(
        read(QStringLiteral(TCPLAB_SOURCE_DIR "/translations/tcplab_zh_CN.ts")));
    QVERIFY(!ts.isEmpty());
    const struct
    {
        const char *avoid;
        const char *use;
    } terms[]
        = {{"种子实验", "经典实验"}, {"阶梯图", "时序图"}, {"现在没有可做的", "暂时没有数据可读"}};
    for (const auto &term : terms) {
        QVERIFY2(!ts.contains(QString::fromUtf8(term.avoid)), term.avoid);
        QVERIFY2(ts.contains(QString::fromUtf8(term.use)), term.use);
    }
}

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
