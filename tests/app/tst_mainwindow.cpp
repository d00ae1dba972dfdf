// The window driven as a student would: clicks through listen → connect → write → the
// server's answer and close → the client's close, with the badges and the log checked;
// and the panes' inline errors for bad input.

#include "capture/wire.h"
#include "cli.h"
#include "clientpane.h"
#include "eventlogmodel.h"
#include "hostsettingsbutton.h"
#include "lab/catalogue.h"
#include "lab/expectation.h"
#include "lab/scenario.h"
#include "lab/scenariorunner.h"
#include "ladderview.h"
#include "mainwindow.h"
#include "serverpane.h"
#include "session/eventtext.h"
#include "session/phases.h"
#include "session/session.h"
#include "socket/labsocket.h"
#include "socket/listener.h"

#include "session/tcpoption.h"
#include <QAbstractButton>
#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDialog>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QNetworkInterface>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTimer>
#include <QToolBar>
#include <QTranslator>

#include <cerrno>

using namespace tcplab;

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void fitsA1024By700Screen();
    void seedExperimentByClicks();
    void invalidPortStaysInThePane();
    void portInUseExplained();
    void halfCloseByClicks();
    void serverOptionsApplyToNewConnections();
    void ladderGrowsAndExplains();
    void halfClosePairStepByStep_data();
    void halfClosePairStepByStep();
    void switchLanguageWhileRunning();
    void qtEngineByClicks();
    void qtPeerClosesOnFinStepByStep_data();
    void qtPeerClosesOnFinStepByStep();
    void verdictFollowsTheLanguage();
    void infoBoxHoldsItsHeight();
    void panesComeBackSideBySide();
    void serverShowsWhereToConnect();
    void presentationMode();
    void guideInBothLanguages();
    void timeWaitPunchlineInView();
    void recentFilesReopen();
    void bothLanguages_data();
    void bothLanguages();
    void everyExperimentAfterAnother();
    void oldSessionGetsItsStates();
    void panesShowTheExperimentsSockets();
    void messageFieldShowsWhatWasWritten();
    void experimentScreenshots_data();
    void experimentScreenshots();
    void hostSettingsChangeTheSyn();
    void wireBarDropsTheNextSegment();

private:
    template<typename T> static T *child(QWidget *parent, const char *name)
    {
        T *w = parent->findChild<T *>(QLatin1String(name));
        if (!w)
            qFatal("no child %s", name);
        return w;
    }
    // Installs the translations of a language for one test row; removed when it goes.
    struct Language
    {
        explicit Language(const QString &language) { installTranslations(language); }
        ~Language() { installTranslations(QStringLiteral("en")); }
    };
    static QStringList logLines(const MainWindow &window)
    {
        QStringList lines;
        const auto *model = window.logModel();
        for (int row = 0; row < model->rowCount(); ++row)
            lines.append(model->index(row, EventLogModel::SideColumn).data().toString()
                         + QLatin1Char(' ')
                         + model->index(row, EventLogModel::EventColumn).data().toString());
        return lines;
    }
};

// A projector's 1024x700: the window fits, in both languages, and no control of the window's
// own (outside the panes' scroll areas, which scroll) reaches past its edge.
void TestMainWindow::fitsA1024By700Screen()
{
    for (const QString &language : {QStringLiteral("en"), QStringLiteral("zh_CN")}) {
        const Language installed(language);
        MainWindow window;
        window.resize(1024, 670);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.size(), QSize(1024, 670));
        QVERIFY2(window.minimumSizeHint().width() <= 1024 && window.minimumWidth() <= 1024,
                 qPrintable(
                     QStringLiteral("%1: at least %2 px wide")
                         .arg(language)
                         .arg(std::max(window.minimumSizeHint().width(), window.minimumWidth()))));
        QVERIFY(window.minimumSizeHint().height() <= 670);
        const QRect inside = window.rect();
        for (QWidget *w : window.findChildren<QWidget *>()) {
            if (!w->isVisible() || !w->window() || w->window() != &window
                || (!qobject_cast<QAbstractButton *>(w) && !qobject_cast<QLineEdit *>(w)
                    && !qobject_cast<QComboBox *>(w)))
                continue;
            bool scrolls = false;
            for (QWidget *p = w->parentWidget(); p && !scrolls; p = p->parentWidget())
                scrolls = qobject_cast<QScrollArea *>(p) != nullptr;
            if (scrolls)
                continue;
            const QRect at(w->mapTo(&window, QPoint(0, 0)), w->size());
            QVERIFY2(inside.contains(at),
                     qPrintable(QStringLiteral("%1: %2 \"%3\" at %4,%5 %6x%7")
                                    .arg(language, QLatin1String(w->metaObject()->className()),
                                         w->objectName())
                                    .arg(at.x())
                                    .arg(at.y())
                                    .arg(at.width())
                                    .arg(at.height())));
        }
    }
}

void TestMainWindow::seedExperimentByClicks()
{
    MainWindow window;
    QAbstractItemModelTester tester(window.logModel(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    ServerPane *server = window.serverPane();
    ClientPane *client = window.clientPane();
    QCOMPARE(child<QLabel>(client, "stateBadge")->text(), QStringLiteral("no socket"));

    child<QLineEdit>(server, "portEdit")->setText(QStringLiteral("0"));
    QTest::mouseClick(child<QPushButton>(server, "listenButton"), Qt::LeftButton);
    QCOMPARE(child<QLabel>(server, "stateBadge")->text(), QStringLiteral("LISTEN"));
    // The client's port field follows the server's real port.
    const QString port = child<QLineEdit>(client, "portEdit")->text();
    QCOMPARE(port.toUShort(), server->listener()->serverPort());

    QTest::mouseClick(child<QPushButton>(client, "connectButton"), Qt::LeftButton);
    QTRY_COMPARE(child<QLabel>(client, "stateBadge")->text(), QStringLiteral("ESTABLISHED"));
    QTRY_COMPARE(server->connectionCount(), 1);
    QTRY_COMPARE(child<QLabel>(server, "stateBadge")->text(), QStringLiteral("ESTABLISHED"));

    // The seed message is preloaded; the server answers "I got your message" and closes first.
    QCOMPARE(child<QLineEdit>(client, "messageEdit")->text(), QStringLiteral("hello"));
    QTest::mouseClick(child<QPushButton>(client, "writeButton"), Qt::LeftButton);
    auto *clientReceived = child<QPlainTextEdit>(client, "receivedView");
    QTRY_COMPARE(clientReceived->toPlainText(), QStringLiteral("I got your message"));
    QTRY_COMPARE(child<QLabel>(client, "stateBadge")->text(), QStringLiteral("CLOSE_WAIT"));
    QCOMPARE(child<QPlainTextEdit>(server, "receivedView")->toPlainText(), QStringLiteral("hello"));
    QVERIFY(child<QLabel>(server, "printedLabel")
                ->text()
                .contains(QStringLiteral("Here is the message: hello")));
    // The server's application closed its socket; its kernel holds the connection on in
    // FIN_WAIT_2, and the badge says so (sock_diag), not closed().
    auto *serverBadge = child<QLabel>(server, "stateBadge");
    QTRY_COMPARE(serverBadge->text(), QStringLiteral("FIN_WAIT_2"));
    QVERIFY(serverBadge->toolTip().contains(QStringLiteral("closed its socket")));
    // The client saw end-of-file and stays in CLOSE_WAIT until the student closes it.
    QVERIFY(client->socket()->isOpen());
    QVERIFY(child<QPushButton>(client, "closeButton")->isEnabled());
    QVERIFY(!child<QPushButton>(client, "connectButton")->isEnabled());

    QTest::mouseClick(child<QPushButton>(client, "closeButton"), Qt::LeftButton);
    // The client's LAST_ACK ends with the server's ACK; the server's kernel waits in TIME_WAIT.
    QTRY_COMPARE(child<QLabel>(client, "stateBadge")->text(), QStringLiteral("closed()"));
    QTRY_COMPARE(serverBadge->text(), QStringLiteral("TIME_WAIT"));
    const auto *list = child<QListWidget>(server, "connectionList");
    QCOMPARE(list->count(), 1);
    QVERIFY2(list->item(0)->text().contains(
                 QStringLiteral("closed(), the kernel holds it in TIME_WAIT")),
             qPrintable(list->item(0)->text()));
    if (const QString dir = qEnvironmentVariable("TCPLAB_SCREENSHOT_DIR"); !dir.isEmpty()) {
        // The server's last ACK has reached the client: its connection is gone from the kernel.
        QTRY_VERIFY(client->socket()->settled());
        QVERIFY(window.grab().save(QDir(dir).filePath(QStringLiteral("by-hand.png"))));
    }
    QVERIFY(child<QPushButton>(client, "connectButton")->isEnabled());
    QVERIFY(!child<QPushButton>(client, "writeButton")->isEnabled());

    const QStringList log = logLines(window);
    const QStringList expectedInOrder = {
        QStringLiteral("listener listen(5) = 0"),
        QStringLiteral("listener → LISTEN  (inferred: call)"),
        QStringLiteral("listener kernel: LISTEN  (TCP_INFO)"),
        // The panes work on the lab network where it can be had: the client's target is the
        // server host.
        QStringLiteral("client connect(%1:%2) = -1 EINPROGRESS")
            .arg(child<QLineEdit>(client, "hostEdit")->text(), port),
        QStringLiteral("client → SYN_SENT  (inferred: sent)"),
        QStringLiteral("server → SYN_RECEIVED  (inferred: received)"),
        QStringLiteral("client write(5) = 5 \"hello\""),
        QStringLiteral("server read(65536) = 5 \"hello\""),
        QStringLiteral("server write(18) = 18 \"I got your message\""),
        QStringLiteral("server close() = 0"),
        QStringLiteral("server → FIN_WAIT_1  (inferred: sent)"),
        QStringLiteral("client → CLOSE_WAIT  (inferred: received)"),
        QStringLiteral("client read(65536) = 0 (EOF)"),
        QStringLiteral("client close() = 0"),
    };
    // The kernel's reading of CLOSE_WAIT comes after the FIN, before or after the read() that
    // returns 0 (depending on whether the FIN was in when the answer was read).
    QVERIFY(log.contains(QStringLiteral("client kernel: CLOSE_WAIT  (TCP_INFO)"))
            || log.contains(QStringLiteral("client kernel: CLOSE_WAIT  (sock_diag)")));
    QVERIFY(log.indexOf(QStringLiteral("client → CLOSE_WAIT  (inferred: received)"))
            < std::max(log.indexOf(QStringLiteral("client kernel: CLOSE_WAIT  (TCP_INFO)")),
                       log.indexOf(QStringLiteral("client kernel: CLOSE_WAIT  (sock_diag)"))));
    int at = -1;
    for (const QString &line : expectedInOrder) {
        const int found = int(log.indexOf(line, at + 1));
        QVERIFY2(found > at,
                 qPrintable(QStringLiteral("missing or out of order: ") + line
                            + QStringLiteral("\n") + log.join(u'\n')));
        at = found;
    }

    // New session: everything closed, log empty.
    window.findChild<QAction *>(QStringLiteral("newSessionAction"))->trigger();
    QCOMPARE(window.logModel()->rowCount(), 0);
    QCOMPARE(child<QLabel>(server, "stateBadge")->text(), QStringLiteral("no socket"));
    QVERIFY(child<QPushButton>(server, "listenButton")->isEnabled());
}

void TestMainWindow::invalidPortStaysInThePane()
{
    MainWindow window;
    window.show();
    ClientPane *client = window.clientPane();
    for (const QString &bad :
         {QStringLiteral("70000"), QStringLiteral("abc"), QStringLiteral("0"), QString()}) {
        child<QLineEdit>(client, "portEdit")->setText(bad);
        QTest::mouseClick(child<QPushButton>(client, "connectButton"), Qt::LeftButton);
        auto *error = child<QLabel>(client, "errorLabel");
        QVERIFY(error->isVisible());
        // An empty field (the start: no server listens yet) asks for the server's port.
        QVERIFY2(error->text().contains(bad.isEmpty() ? QStringLiteral("Enter the server's port")
                                                      : QStringLiteral("is not a port")),
                 qPrintable(error->text()));
        QCOMPARE(window.session()->size(), 0); // nothing was called, nothing sent
    }
    ServerPane *server = window.serverPane();
    child<QLineEdit>(server, "portEdit")->setText(QStringLiteral("-1"));
    QTest::mouseClick(child<QPushButton>(server, "listenButton"), Qt::LeftButton);
    QVERIFY(child<QLabel>(server, "errorLabel")->text().contains(QStringLiteral("is not a port")));
    QCOMPARE(window.session()->size(), 0);
    // The pane's own messages follow a switch of language, with what the user typed in them.
    {
        const Language chinese(QStringLiteral("zh_CN"));
        QCoreApplication::processEvents();
        const QString text = child<QLabel>(server, "errorLabel")->text();
        QVERIFY2(text.contains(QStringLiteral("不是端口")) && text.contains(QStringLiteral("-1")),
                 qPrintable(text));
        QVERIFY2(
            child<QLabel>(client, "errorLabel")->text().contains(QStringLiteral("服务器的端口")),
            qPrintable(child<QLabel>(client, "errorLabel")->text()));
    }
}

void TestMainWindow::portInUseExplained()
{
    QTcpServer holder;
    QVERIFY(holder.listen(QHostAddress::LocalHost, 0));
    MainWindow window;
    window.show();
    // This computer's port: the panes on loopback (a lab host has ports of its own).
    window.findChild<QAction *>(QStringLiteral("loopbackAction"))->trigger();
    ServerPane *server = window.serverPane();
    child<QLineEdit>(server, "portEdit")->setText(QString::number(holder.serverPort()));
    QTest::mouseClick(child<QPushButton>(server, "listenButton"), Qt::LeftButton);
    auto *error = child<QLabel>(server, "errorLabel");
    // Shown in the pane (which may sit in a tab of its own in a narrow window).
    QVERIFY(error->isVisibleTo(server));
    // A server listens there, and the pane's SO_REUSEADDR is on: TIME_WAIT was not the cause,
    // and the message may not say it was.
    QVERIFY(child<QCheckBox>(server, "reuseCheck")->isChecked());
    QVERIFY2(error->text().contains(QStringLiteral("EADDRINUSE"))
                 && error->text().contains(QStringLiteral("a server still listening there"))
                 && error->text().contains(QStringLiteral("TIME_WAIT was not the cause")),
             qPrintable(error->text()));
    QVERIFY(child<QPushButton>(server, "listenButton")->isEnabled()); // try again after fixing it
}

void TestMainWindow::halfCloseByClicks()
{
    MainWindow window;
    window.show();
    ServerPane *server = window.serverPane();
    ClientPane *client = window.clientPane();
    // The server does not answer or close by itself this time.
    child<QCheckBox>(server, "replyCheck")->setChecked(false);
    child<QCheckBox>(server, "closeAfterCheck")->setChecked(false);
    child<QLineEdit>(server, "portEdit")->setText(QStringLiteral("0"));
    QTest::mouseClick(child<QPushButton>(server, "listenButton"), Qt::LeftButton);
    QTest::mouseClick(child<QPushButton>(client, "connectButton"), Qt::LeftButton);
    QTRY_COMPARE(child<QLabel>(server, "stateBadge")->text(), QStringLiteral("ESTABLISHED"));

    QTest::mouseClick(child<QPushButton>(client, "shutWrButton"), Qt::LeftButton);
    QTRY_COMPARE(child<QLabel>(server, "stateBadge")->text(), QStringLiteral("CLOSE_WAIT"));
    QTRY_COMPARE(child<QLabel>(client, "stateBadge")->text(), QStringLiteral("FIN_WAIT_2"));

    // The server, in CLOSE_WAIT, still sends; the half-closed client still receives.
    child<QLineEdit>(server, "messageEdit")->setText(QStringLiteral("answer"));
    QTest::mouseClick(child<QPushButton>(server, "writeButton"), Qt::LeftButton);
    QTRY_COMPARE(child<QPlainTextEdit>(client, "receivedView")->toPlainText(),
                 QStringLiteral("answer"));
    QTest::mouseClick(child<QPushButton>(server, "closeButton"), Qt::LeftButton);
    QTRY_VERIFY(client->socket()->eofSeen());
}

void TestMainWindow::serverOptionsApplyToNewConnections()
{
    MainWindow window;
    window.show();
    ServerPane *server = window.serverPane();
    ClientPane *client = window.clientPane();
    child<QCheckBox>(server, "noDelayCheck")->setChecked(true);
    child<QCheckBox>(server, "autoReadCheck")->setChecked(false);
    child<QLineEdit>(server, "portEdit")->setText(QStringLiteral("0"));
    QTest::mouseClick(child<QPushButton>(server, "listenButton"), Qt::LeftButton);
    QTest::mouseClick(child<QPushButton>(client, "connectButton"), Qt::LeftButton);
    QTRY_VERIFY(server->selectedSocket());
    QVERIFY(server->selectedSocket()->options().noDelay);
    QVERIFY(!server->selectedSocket()->autoRead());
    QVERIFY(logLines(window).contains(QStringLiteral("server setsockopt(TCP_NODELAY = 1) = 0")));
    QVERIFY(child<QCheckBox>(server, "noDelayCheck")->isChecked());
}

// The diagram grows as the experiment runs, says when it is modelled, and explains a segment
// that is clicked.
void TestMainWindow::ladderGrowsAndExplains()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    ServerPane *server = window.serverPane();
    ClientPane *client = window.clientPane();
    LadderView *ladder = window.ladderView();
    auto *banner = child<QLabel>(&window, "captureBanner");
    QCOMPARE(banner->isVisible(), !window.wire()->isLive());
    if (!window.wire()->isLive())
        QVERIFY(banner->text().contains(QStringLiteral("setcap")));

    child<QLineEdit>(server, "portEdit")->setText(QStringLiteral("0"));
    QTest::mouseClick(child<QPushButton>(server, "listenButton"), Qt::LeftButton);
    QTest::mouseClick(child<QPushButton>(client, "connectButton"), Qt::LeftButton);
    // The handshake shows up without anything else happening.
    QTRY_COMPARE(ladder->ladder().arrows().size(), 3);
    QCOMPARE(ladder->ladder().phases().size(), 1);
    QTRY_VERIFY(child<QPushButton>(client, "writeButton")->isEnabled());
    QTest::mouseClick(child<QPushButton>(client, "writeButton"), Qt::LeftButton);
    QTRY_COMPARE(child<QLabel>(client, "stateBadge")->text(), QStringLiteral("CLOSE_WAIT"));
    // hello, its ACK, the answer, its ACK, the server's FIN; the client's ACK of that FIN
    // comes 40 ms later on its own, since the student has not closed yet.
    QTRY_VERIFY(ladder->ladder().arrows().size() >= 8);

    // Click the SYN: the details panel names it and explains it.
    const LadderArrow &syn = ladder->ladder().arrows().constFirst();
    QWidget *canvas = ladder->widget();
    QTest::mouseClick(canvas, Qt::LeftButton, {},
                      ((syn.from + syn.to) / 2 * ladder->zoom()).toPoint());
    QCOMPARE(ladder->selectedSegment(), syn.event);
    const QString details = child<QTextBrowser>(&window, "detailsView")->toPlainText();
    QVERIFY2(details.contains(QStringLiteral("SYN [S]"))
                 && details.contains(QStringLiteral("three-way handshake")),
             qPrintable(details));
    QVERIFY(details.contains(QStringLiteral("Sequence number")));

    // Absolute numbers on a toggle.
    const QString relative = ladder->ladder().arrows().at(1).numbers;
    QCOMPARE(relative, QStringLiteral("seq 0  ack 1  len 0"));
    child<QCheckBox>(&window, "absoluteCheck")->setChecked(true);
    if (window.wire()->isLive())
        QVERIFY(ladder->ladder().arrows().at(1).numbers != relative);
    child<QCheckBox>(&window, "windowCheck")->setChecked(true);
    QVERIFY(ladder->ladder().arrows().at(1).numbers.contains(QStringLiteral("win ")));
}

void TestMainWindow::halfClosePairStepByStep_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("lastClient"); // how the client's side ends
    QTest::addColumn<QString>("language");
    for (const char *language : {"en", "zh_CN"}) {
        QTest::addRow("half-close %s", language) << "half-close"
                                                 << "c:." << language;
        QTest::addRow("close-vs-shutdown %s", language) << "close-vs-shutdown"
                                                        << "c:R" << language;
    }
}

// The pair, one step at a time as a student would: each Step makes one call and the diagram
// grows by its effects; the two runs part ways where the server writes after the client's FIN.
void TestMainWindow::halfClosePairStepByStep()
{
    QFETCH(QString, id);
    QFETCH(QString, lastClient);
    QFETCH(QString, language);
    const Language translated(language);
    MainWindow window;
    window.resize(1400, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.selectScenario(id);
    auto *step = window.findChild<QAction *>(QStringLiteral("stepAction"));
    QVERIFY(step);
    const QString dir = qEnvironmentVariable("TCPLAB_SCREENSHOT_DIR");
    int steps = 0;
    qsizetype previousArrows = 0;
    do {
        step->trigger();
        ScenarioRunner *runner = window.runner();
        QVERIFY(runner);
        QTRY_VERIFY(runner->nextStep() == steps + 1 || runner->isDone());
        ++steps;
        QTRY_VERIFY(!runner->isBusy() || runner->isDone());
        QTest::qWait(30); // the step's segments reach the diagram (capture and relayout)
        const qsizetype arrows = window.ladderView()->ladder().arrows().size();
        QVERIFY(arrows >= previousArrows);
        previousArrows = arrows;
        if (!dir.isEmpty())
            QVERIFY(window.grab().save(QDir(dir).filePath(
                QStringLiteral("%1-%2-step%3.png").arg(id, language).arg(steps))));
    } while (!window.runner()->isDone() && steps < 20);
    QTRY_VERIFY(window.runner()->isDone());
    const QString status = child<QLabel>(&window, "scenarioLabel")->text();
    QVERIFY2(status.contains(QStringLiteral("✓")), qPrintable(status));
    const QStringList wire = Expectation::observedWire(*window.session());
    QVERIFY2(wire.contains(lastClient), qPrintable(wire.join(u' ')));
    // The panes show the experiment's sockets and stay usable: the server's state badge
    // followed the run.
    QVERIFY(child<QLabel>(window.serverPane(), "stateBadge")->text()
            != QStringLiteral("no socket"));
    if (!dir.isEmpty())
        QVERIFY(window.grab().save(
            QDir(dir).filePath(QStringLiteral("%1-%2-done.png").arg(id, language))));

    // Reset clears the diagram; the client's end (it closed first in half-close: TIME_WAIT)
    // is still shown with its countdown.
    window.findChild<QAction *>(QStringLiteral("resetAction"))->trigger();
    QTRY_COMPARE(window.ladderView()->ladder().arrows().size(), 0);
    if (id == QLatin1String("half-close")) {
        // One line for the client's end, with its countdown (the arrow joins the two ports).
        const QString info = child<QLabel>(&window, "scenarioLabel")->text();
        QVERIFY2(info.count(QChar(0x2194)) == 1 && info.contains(QStringLiteral("TIME_WAIT")),
                 qPrintable(info));
    }
}

// Issue 8: each pane switches to Qt's API; its verbs are Qt's, recorded under Qt's names, and
// what Qt lacks (shutdown, TCP_CORK, SO_LINGER) is disabled with a tooltip saying why.
void TestMainWindow::qtEngineByClicks()
{
    MainWindow window;
    window.show();
    // Qt's sockets are this computer's: on the lab network the panes offer only the system
    // calls.
    if (window.labNetwork()) {
        QVERIFY(!qobject_cast<QStandardItemModel *>(
                     child<QComboBox>(window.clientPane(), "engineCombo")->model())
                     ->item(1)
                     ->isEnabled());
        window.findChild<QAction *>(QStringLiteral("loopbackAction"))->trigger();
    }
    ServerPane *server = window.serverPane();
    ClientPane *client = window.clientPane();
    child<QComboBox>(server, "engineCombo")->setCurrentIndex(1);
    child<QComboBox>(client, "engineCombo")->setCurrentIndex(1);
    QCOMPARE(child<QPushButton>(client, "connectButton")->text(),
             QStringLiteral("connectToHost()"));
    QCOMPARE(child<QPushButton>(server, "acceptButton")->text(),
             QStringLiteral("nextPendingConnection()"));
    QVERIFY(!child<QCheckBox>(server, "reuseCheck")->isEnabled());
    // The server answers like server.c and closes: on Qt, close() sends the answer first.
    child<QLineEdit>(server, "portEdit")->setText(QStringLiteral("0"));
    QTest::mouseClick(child<QPushButton>(server, "listenButton"), Qt::LeftButton);
    QTest::mouseClick(child<QPushButton>(client, "connectButton"), Qt::LeftButton);
    QTRY_VERIFY(client->socket() && client->socket()->isConnected());
    QPushButton *shutWr = child<QPushButton>(client, "shutWrButton");
    QVERIFY(!shutWr->isEnabled());
    QVERIFY2(shutWr->toolTip().contains(QStringLiteral("cannot half-close")),
             qPrintable(shutWr->toolTip()));
    QVERIFY(!child<QCheckBox>(client, "corkCheck")->isEnabled());
    QVERIFY(!child<QCheckBox>(client, "lingerCheck")->isEnabled());
    QVERIFY(child<QPushButton>(client, "disconnectButton")->isVisible());
    QCOMPARE(child<QPushButton>(client, "readButton")->text(), QStringLiteral("readAll()"));
    QCOMPARE(child<QPushButton>(client, "abortButton")->text(), QStringLiteral("abort()"));

    QTest::mouseClick(child<QPushButton>(client, "writeButton"), Qt::LeftButton);
    QTRY_COMPARE(child<QPlainTextEdit>(client, "receivedView")->toPlainText(),
                 QStringLiteral("I got your message"));
    const QString dir = qEnvironmentVariable("TCPLAB_SCREENSHOT_DIR");
    if (!dir.isEmpty()) {
        window.resize(1400, 900);
        QTest::qWait(100);
        QVERIFY(window.grab().save(QDir(dir).filePath(QStringLiteral("qt-engine-by-clicks.png"))));
    }
    // The server's FIN closed the Qt client by itself: no close() was pressed.
    QTRY_VERIFY(client->socket()->eofSeen() && !client->socket()->isOpen());
    // (Its ACK of the FIN rides on its own FIN, unless the event loop took longer than the
    // delayed-ACK time to let Qt close.)
    QTRY_VERIFY2(
        Expectation::matchWire(QStringLiteral("c:S s:S. c:. c:P. s:. s:P. c:. s:F. c:.? c:F. s:."),
                               Expectation::observedWire(*window.session()))
            .matched,
        qPrintable(Expectation::observedWire(*window.session()).join(u' ')));
    QStringList calls;
    for (const Event &e : window.session()->events()) {
        if (e.kind == Event::Kind::Call && e.isQt())
            calls << sideName(e.side).left(1) + QLatin1Char(':') + verbName(e.verb);
    }
    for (const char *expected :
         {"s:listen", "c:connectToHost", "s:nextPendingConnection", "c:write", "s:readAll",
          "s:write", "s:close", "c:readAll", "c:errorOccurred", "c:disconnected"})
        QVERIFY2(calls.contains(QLatin1String(expected)), expected);
    // The Qt client still holds its QTcpSocket: write() returns -1, said in the pane.
    QVERIFY(child<QPushButton>(client, "writeButton")->isEnabled());
    QTest::mouseClick(child<QPushButton>(client, "writeButton"), Qt::LeftButton);
    QTRY_VERIFY(child<QLabel>(client, "errorLabel")->text().contains(QStringLiteral("-1")));

    // Back to the system calls: the form's own names return.
    child<QComboBox>(client, "engineCombo")->setCurrentIndex(0);
    QCOMPARE(child<QPushButton>(client, "connectButton")->text(), QStringLiteral("connect()"));

    // Accepting by hand on Qt: Qt has accepted already; nextPendingConnection() hands it over.
    window.findChild<QAction *>(QStringLiteral("newSessionAction"))->trigger();
    QTRY_VERIFY(child<QPushButton>(server, "listenButton")->isEnabled());
    child<QComboBox>(server, "engineCombo")->setCurrentIndex(1);
    child<QCheckBox>(server, "autoAcceptCheck")->setChecked(false);
    QTest::mouseClick(child<QPushButton>(server, "listenButton"), Qt::LeftButton);
    QTest::mouseClick(child<QPushButton>(client, "connectButton"), Qt::LeftButton);
    QTRY_VERIFY(
        child<QLabel>(server, "queueLabel")->text().startsWith(QStringLiteral("1 connection"))
        && child<QLabel>(server, "queueLabel")
               ->text()
               .endsWith(QStringLiteral("waiting for nextPendingConnection()")));
    QTest::mouseClick(child<QPushButton>(server, "acceptButton"), Qt::LeftButton);
    QTRY_COMPARE(child<QListWidget>(server, "connectionList")->count(), 1);
    const QList<Event> &events = window.session()->events();
    QVERIFY(std::any_of(events.begin(), events.end(), [](const Event &e) {
        return e.is(Verb::NextPendingConnection) && e.result == 0 && e.isQt();
    }));
}

void TestMainWindow::qtPeerClosesOnFinStepByStep_data()
{
    QTest::addColumn<QString>("language");
    QTest::newRow("en") << "en";
    QTest::newRow("zh_CN") << "zh_CN";
}

// Done when: the half-close against a Qt server shows the server's FIN right after the
// client's, and its refused write (screenshots under TCPLAB_SCREENSHOT_DIR).
void TestMainWindow::qtPeerClosesOnFinStepByStep()
{
    QFETCH(QString, language);
    const Language translated(language);
    MainWindow window;
    window.resize(1400, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.selectScenario(QStringLiteral("qt-peer-closes-on-fin"));
    auto *step = window.findChild<QAction *>(QStringLiteral("stepAction"));
    const QString dir = qEnvironmentVariable("TCPLAB_SCREENSHOT_DIR");
    int steps = 0;
    do {
        step->trigger();
        QTRY_VERIFY(window.runner());
        QTRY_VERIFY(window.runner()->nextStep() == steps + 1 || window.runner()->isDone());
        ++steps;
        QTRY_VERIFY(!window.runner()->isBusy() || window.runner()->isDone());
        QTest::qWait(30);
    } while (!window.runner()->isDone() && steps < 10);
    QTRY_VERIFY(window.runner()->isDone());
    QVERIFY2(child<QLabel>(&window, "scenarioLabel")->text().contains(QStringLiteral("✓")),
             qPrintable(child<QLabel>(&window, "scenarioLabel")->text()));
    QCOMPARE(child<QComboBox>(window.serverPane(), "engineCombo")->currentIndex(), 1);
    QCOMPARE(child<QComboBox>(window.clientPane(), "engineCombo")->currentIndex(), 0);
    const QStringList wire = Expectation::observedWire(*window.session());
    const qsizetype clientFin = wire.indexOf(QStringLiteral("c:F."));
    QVERIFY(clientFin > 0);
    QVERIFY(wire.mid(clientFin + 1).join(u' ').startsWith(QStringLiteral("s:F."))
            || wire.mid(clientFin + 1).join(u' ').startsWith(QStringLiteral("s:. s:F.")));
    // The diagram marks the refused write on the server's lifeline.
    bool refused = false;
    for (const LadderMark &m : window.ladderView()->ladder().marks())
        refused = refused || m.text == QStringLiteral("write(6) → -1");
    QVERIFY(refused);
    QTest::qWait(50); // the view follows the end of the diagram
    if (!dir.isEmpty())
        QVERIFY(window.grab().save(
            QDir(dir).filePath(QStringLiteral("qt-peer-closes-on-fin-%1.png").arg(language))));
}

// The Language menu changes the whole window at once, keeps the session on screen, and the
// diagram's words follow.
void TestMainWindow::switchLanguageWhileRunning()
{
    QCoreApplication::setOrganizationName(QStringLiteral("TCP Lab tests"));
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    ServerPane *server = window.serverPane();
    ClientPane *client = window.clientPane();
    child<QLineEdit>(server, "portEdit")->setText(QStringLiteral("0"));
    QTest::mouseClick(child<QPushButton>(server, "listenButton"), Qt::LeftButton);
    QTest::mouseClick(child<QPushButton>(client, "connectButton"), Qt::LeftButton);
    QTRY_COMPARE(window.ladderView()->ladder().arrows().size(), 3);
    const int events = window.session()->size();

    window.findChild<QAction *>(QStringLiteral("chineseAction"))->trigger();
    // LanguageChange reaches every widget through the event loop.
    QTRY_COMPARE(child<QLabel>(client, "titleLabel")->text(), QString::fromUtf8("客户端"));
    QCOMPARE(child<QLabel>(server, "titleLabel")->text(), QString::fromUtf8("服务器"));
    QCOMPARE(child<QPushButton>(client, "connectButton")->text(),
             QStringLiteral("connect()")); // a call stays a call
    QCOMPARE(window.findChild<QMenu *>(QStringLiteral("fileMenu"))->title(),
             QString::fromUtf8("文件(&F)"));
    QCOMPARE(window.logModel()->headerData(0, Qt::Horizontal).toString(),
             QStringLiteral("时间（ms）"));
    QTRY_VERIFY(window.ladderView()->ladder().groups().constFirst().clientTitle.startsWith(
        QString::fromUtf8("客户端")));
    QCOMPARE(PhaseText::name(Phase::Kind::Handshake), QString::fromUtf8("三次握手"));
    QCOMPARE(window.findChild<QAction *>(QStringLiteral("runAction"))->text(),
             QString::fromUtf8("运行"));
    // Nothing was lost: the same session, still on screen.
    QVERIFY(window.session()->size() >= events); // (the run goes on meanwhile)
    QCOMPARE(window.ladderView()->ladder().arrows().size(), 3);
    QCOMPARE(QSettings().value(QStringLiteral("language")).toString(), QStringLiteral("zh_CN"));

    window.findChild<QAction *>(QStringLiteral("englishAction"))->trigger();
    QTRY_COMPARE(child<QLabel>(client, "titleLabel")->text(), QStringLiteral("Client"));
    QCOMPARE(window.findChild<QMenu *>(QStringLiteral("fileMenu"))->title(),
             QStringLiteral("&File"));
    QTRY_VERIFY(window.ladderView()->ladder().groups().constFirst().clientTitle.startsWith(
        QStringLiteral("Client")));
    QSettings().remove(QStringLiteral("language"));
}

// A finished run's verdict follows a language switch: the ✓ line and what the run showed are
// said again in the new language, from the same checks.
void TestMainWindow::verdictFollowsTheLanguage()
{
    QCoreApplication::setOrganizationName(QStringLiteral("TCP Lab tests"));
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.selectScenario(QStringLiteral("seed"));
    window.runScenario();
    QTRY_VERIFY_WITH_TIMEOUT(window.runner() && window.runner()->isDone(), 15000);
    QVERIFY(window.runner()->verdict().passed());
    auto *info = window.findChild<QLabel *>(QStringLiteral("scenarioLabel"));
    QVERIFY(info);
    const QString passed = QStringLiteral("✓ The kernel did what the textbook predicts.");
    QVERIFY2(info->text().contains(passed), qPrintable(info->text()));
    window.findChild<QAction *>(QStringLiteral("chineseAction"))->trigger();
    const QString chinese = QCoreApplication::translate("tcplab::MainWindow", passed.toUtf8());
    QVERIFY(chinese != passed);
    QTRY_VERIFY2(info->text().contains(chinese), qPrintable(info->text()));
    QVERIFY(!info->text().contains(passed));
    QVERIFY2(!info->text().contains(QStringLiteral("The teardown took")), qPrintable(info->text()));
    window.findChild<QAction *>(QStringLiteral("englishAction"))->trigger();
    QTRY_VERIFY(info->text().contains(passed));
    QSettings().remove(QStringLiteral("language"));
}

// The info box above the diagram grows as lines come but does not shrink back while the same
// experiment is shown, so the diagram does not jump: here the end of a run (its verdict and what
// it showed) and then the first step of the next run, whose text is shorter.
void TestMainWindow::infoBoxHoldsItsHeight()
{
    MainWindow window;
    window.resize(1300, 1000);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *info = window.findChild<QLabel *>(QStringLiteral("scenarioLabel"));
    QVERIFY(info);
    QWidget *box = info->parentWidget();
    while (box && !qobject_cast<QScrollArea *>(box))
        box = box->parentWidget();
    QVERIFY(box);
    window.selectScenario(QStringLiteral("seed"));
    // As tall as its text at the width the layout gave it (it was measured once, at the 98 px
    // it had before the layout, and stood 180 px tall over five lines).
    const auto fitting = [info, box] {
        const int width = static_cast<QScrollArea *>(box)->viewport()->width();
        return box->height() <= std::max(90, info->heightForWidth(width) + 8);
    };
    QTRY_VERIFY(fitting());
    window.runScenario();
    QTRY_VERIFY_WITH_TIMEOUT(window.runner() && window.runner()->isDone(), 15000);
    // Whatever the verdict (a busy machine's run may retransmit, or not be checked), the end of
    // the run adds its line; the next step takes it away.
    const auto saysTheVerdict = [info] {
        const QString text = info->text();
        return text.contains(QStringLiteral("✓")) || text.contains(QStringLiteral("✗"))
            || text.contains(QStringLiteral("Not checked."));
    };
    QTRY_VERIFY(saysTheVerdict());
    QCoreApplication::processEvents();
    const int atTheEnd = box->height();
    const qsizetype endText = info->text().size();
    window.findChild<QAction *>(QStringLiteral("stepAction"))->trigger();
    QTRY_VERIFY(!saysTheVerdict());
    QVERIFY(info->text().size() < endText); // shorter text ...
    QCoreApplication::processEvents();
    QCOMPARE(box->height(), atTheEnd); // ... in a box of the same height
}

// A window that opens narrow (the panes as tabs) and is then made wide shows both panes beside
// the diagram; the tab widget had hidden the pane that was not its current tab, and both were
// lost (a 1600x1000 window showed the diagram alone).
void TestMainWindow::panesComeBackSideBySide()
{
    MainWindow window; // laid out for the (small) offscreen screen, as tabs
    auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("paneTabs"));
    QVERIFY(tabs);
    for (int round = 0; round < 3; ++round) {
        if (round == 0) { // made wide before it is first shown, as a test or a kept size does
            window.resize(1600, 1000);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
        }
        window.resize(1600, 1000);
        QTRY_VERIFY(!tabs->isVisible());
        for (QWidget *pane : {static_cast<QWidget *>(window.clientPane()),
                              static_cast<QWidget *>(window.serverPane())}) {
            QTRY_VERIFY(pane->isVisible());
            QVERIFY2(pane->width() >= pane->minimumSizeHint().width() - 30,
                     qPrintable(QString::number(pane->width())));
        }
        window.resize(1024, 700);
        QTRY_VERIFY(tabs->isVisible());
        QVERIFY(window.clientPane()->isVisible() != window.serverPane()->isVisible());
    }
}

// The server pane listens on port 0 by default, so two users (two windows) of one computer
// never meet; it shows the port the kernel chose, large, and the addresses other machines
// reach, and a client that connects where it says is served.
void TestMainWindow::serverShowsWhereToConnect()
{
    MainWindow teacher;
    MainWindow other; // another user of the same computer
    for (MainWindow *window : {&teacher, &other}) {
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window));
        window->findChild<QAction *>(QStringLiteral("loopbackAction"))->trigger();
        ServerPane *server = window->serverPane();
        QCOMPARE(child<QLineEdit>(server, "portEdit")->text(), QStringLiteral("0"));
        QVERIFY(child<QLineEdit>(window->clientPane(), "portEdit")->text().isEmpty());
        QVERIFY(!child<QLabel>(server, "serveLabel")->isVisibleTo(server));
        child<QComboBox>(server, "bindCombo")->setCurrentText(QStringLiteral("0.0.0.0"));
        QTest::mouseClick(child<QPushButton>(server, "listenButton"), Qt::LeftButton);
        QVERIFY(server->listener() && server->listener()->isListening());
    }
    const quint16 port = teacher.serverPane()->listener()->serverPort();
    QVERIFY(port != 0);
    QVERIFY(port != other.serverPane()->listener()->serverPort());
    auto *serve = child<QLabel>(teacher.serverPane(), "serveLabel");
    QVERIFY(serve->isVisibleTo(teacher.serverPane()));
    QVERIFY2(serve->text().contains(QStringLiteral("Listening on port %1").arg(port)),
             qPrintable(serve->text()));
    QVERIFY(serve->text().contains(QStringLiteral("font-size"))); // large, to be read out
    const QStringList addresses = teacher.serverPane()->addressesToConnectTo();
    QVERIFY(!addresses.isEmpty());
    // Every interface address that is up (as `ip` lists them), unless there is none.
    bool onlyLoopback = true;
    for (const QNetworkInterface &i : QNetworkInterface::allInterfaces())
        for (const QNetworkAddressEntry &e : i.addressEntries())
            onlyLoopback = onlyLoopback
                && (e.ip().isLoopback() || e.ip().protocol() != QAbstractSocket::IPv4Protocol
                    || !i.flags().testFlag(QNetworkInterface::IsRunning));
    for (const QString &address : addresses) {
        QVERIFY(serve->text().contains(address));
        QCOMPARE(QHostAddress(address).isLoopback(), onlyLoopback);
    }
    // A student's client, started elsewhere, connects by what the pane shows.
    QTcpSocket student;
    student.connectToHost(QHostAddress(addresses.constFirst()), port);
    QVERIFY(student.waitForConnected(5000));
    QTRY_COMPARE(teacher.serverPane()->connectionCount(), 1);
    QCOMPARE(other.serverPane()->connectionCount(), 0);
    // The client pane of the same window follows its own server's port.
    QCOMPARE(child<QLineEdit>(teacher.clientPane(), "portEdit")->text(), QString::number(port));
    if (const QString dir = qEnvironmentVariable("TCPLAB_SCREENSHOT_DIR"); !dir.isEmpty()) {
        for (const QString &language : {QStringLiteral("en"), QStringLiteral("zh_CN")}) {
            const Language translated(language);
            for (const QSize size : {QSize(1024, 700), QSize(1600, 1000)}) {
                teacher.resize(size);
                if (auto *tabs = teacher.findChild<QTabWidget *>(QStringLiteral("paneTabs")))
                    tabs->setCurrentIndex(1);
                QTRY_COMPARE(teacher.size(), size);
                QVERIFY(teacher.grab().save(QDir(dir).filePath(
                    QStringLiteral("serve-%1-%2.png").arg(language).arg(size.width()))));
            }
        }
    }
}

// Presentation mode at a projector's 1024x768: the panes fold into a bar of calls, the whole
// ladder fits the view both ways, and the arrow keys reveal it one segment or call at a time,
// the current one explained below; the bar's calls are the panes' own; Esc brings the panes back.
void TestMainWindow::presentationMode()
{
    MainWindow window;
    window.resize(1024, 768);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.activateWindow(); // the keys are the window's shortcuts
    QVERIFY(QTest::qWaitForWindowActive(&window));
    window.selectScenario(QStringLiteral("seed"));
    window.runScenario();
    QTRY_VERIFY_WITH_TIMEOUT(window.runner() && window.runner()->isDone(), 15000);
    window.ladderView()->relayout();
    window.findChild<QAction *>(QStringLiteral("presentAction"))->setShortcut({}); // no F11 here
    window.setPresenting(true, false);
    QVERIFY(window.isPresenting());
    QVERIFY(!window.clientPane()->isVisible() && !window.serverPane()->isVisible());
    auto *bar = window.findChild<QToolBar *>(QStringLiteral("callBar"));
    auto *caption = window.findChild<QLabel *>(QStringLiteral("presentCaption"));
    auto *counter = window.findChild<QLabel *>(QStringLiteral("presentCounter"));
    QVERIFY(bar && bar->isVisible() && caption && caption->isVisible() && counter);
    LadderView *ladder = window.ladderView();
    QTRY_VERIFY(ladder->widget()->width() <= ladder->viewport()->width()
                && ladder->widget()->height() <= ladder->viewport()->height());
    QVERIFY(ladder->fitsAll());
    qInfo("zoom %.2f, ladder %d x %d", ladder->zoom(), ladder->widget()->width(),
          ladder->widget()->height());
    QVERIFY2(ladder->zoom() >= 0.7, qPrintable(QString::number(ladder->zoom()))); // readable
    // The steps: every segment and call, in order; the first is shown.
    const QList<int> steps = ladder->steps();
    const Session &session = *window.session();
    int segments = 0;
    for (int i = 0; i < session.size(); ++i)
        segments += session.at(i).kind == Event::Kind::Segment;
    QVERIFY(steps.size() > segments);
    QCOMPARE(ladder->revealedStep(), 0);
    QCOMPARE(counter->text(), QStringLiteral("1 / %1").arg(steps.size()));
    const Event &first = session.at(steps.first());
    QCOMPARE(first.kind, Event::Kind::Call); // listen(), before any segment
    QVERIFY2(caption->text().contains(QStringLiteral("listen")), qPrintable(caption->text()));
    const auto inked = [ladder] { // how much of the diagram is drawn
        const QImage image = ladder->widget()->grab().toImage();
        qint64 n = 0;
        for (int y = 0; y < image.height(); y += 2)
            for (int x = 0; x < image.width(); x += 2)
                n += image.pixel(x, y) != qRgb(255, 255, 255);
        return n;
    };
    const qint64 atFirst = inked();
    // → to the first segment: the SYN, lit and explained.
    int syn = 0;
    while (session.at(steps.at(syn)).kind != Event::Kind::Segment)
        ++syn;
    for (int i = 0; i < syn; ++i)
        QTest::keyClick(&window, Qt::Key_Right);
    QCOMPARE(ladder->revealedStep(), syn);
    QVERIFY2(caption->text().contains(QStringLiteral("SYN [S]")), qPrintable(caption->text()));
    QTest::keyClick(&window, Qt::Key_End);
    QCOMPARE(ladder->revealedStep(), int(steps.size()) - 1);
    const qint64 atLast = inked();
    QVERIFY2(atLast > atFirst * 2, qPrintable(QStringLiteral("%1 -> %2").arg(atFirst).arg(atLast)));
    QTest::keyClick(&window, Qt::Key_Left);
    QCOMPARE(ladder->revealedStep(), int(steps.size()) - 2);
    QTest::keyClick(&window, Qt::Key_Home);
    QCOMPARE(ladder->revealedStep(), 0);

    if (const QString dir = qEnvironmentVariable("TCPLAB_SCREENSHOT_DIR"); !dir.isEmpty()) {
        for (const QString &language : {QStringLiteral("en"), QStringLiteral("zh_CN")}) {
            const Language translated(language);
            for (const QSize size : {QSize(1024, 768), QSize(1920, 1080)}) {
                window.resize(size);
                QTRY_COMPARE(window.size(), size);
                // The window has taken the language (its bar's words are translated).
                QTRY_COMPARE(window.findChild<QAction *>(QStringLiteral("presentNext"))->text(),
                             language == QLatin1String("en") ? QStringLiteral("Next ▶")
                                                             : QStringLiteral("下一个 ▶"));
                ladder->relayout();
                QTest::keyClick(&window, Qt::Key_Home);
                for (int i = 0; i <= syn + 1; ++i)
                    QTest::keyClick(&window, Qt::Key_Right);
                // The caption holds its whole explanation, in either language, at either size.
                QTRY_VERIFY2(caption->height() >= caption->heightForWidth(caption->width()),
                             qPrintable(QStringLiteral("%1: %2 px for %3")
                                            .arg(language)
                                            .arg(caption->height())
                                            .arg(caption->heightForWidth(caption->width()))));
                // ... and the ladder, fitted again to what the caption leaves, is whole in view.
                QTRY_VERIFY(ladder->widget()->width() <= ladder->viewport()->width()
                            && ladder->widget()->height() <= ladder->viewport()->height()
                            && ladder->verticalScrollBar()->maximum() == 0
                            && !ladder->verticalScrollBar()->isVisible());
                QVERIFY(window.grab().save(QDir(dir).filePath(
                    QStringLiteral("present-%1-%2.png").arg(language).arg(size.width()))));
            }
        }
        window.resize(1024, 768);
    }

    // The bar's calls are the panes' own: a connection by hand, while presenting.
    window.resetScenario();
    window.findChild<QAction *>(QStringLiteral("loopbackAction"))->trigger();
    auto *listen = window.findChild<QAction *>(QStringLiteral("server_listenButton"));
    auto *connect = window.findChild<QAction *>(QStringLiteral("client_connectButton"));
    QVERIFY(listen && connect);
    QTRY_VERIFY(listen->isEnabled());
    listen->trigger();
    QVERIFY(window.serverPane()->listener() && window.serverPane()->listener()->isListening());
    QTRY_VERIFY(connect->isEnabled());
    connect->trigger();
    QTRY_COMPARE(window.serverPane()->connectionCount(), 1);
    // The new ladder is revealed from its start, and the view follows when at the end.
    QTRY_VERIFY(ladder->steps().size() >= 4);
    QVERIFY(ladder->revealedStep() >= 0);

    // Esc: the panes come back, the diagram fits the width again.
    QTest::keyClick(&window, Qt::Key_Escape);
    QVERIFY(!window.isPresenting());
    QVERIFY(!bar->isVisible() && !caption->isVisible());
    QTRY_VERIFY(window.clientPane()->isVisible() || window.serverPane()->isVisible());
    QCOMPARE(ladder->revealedStep(), -1);
    QVERIFY(!ladder->fitsAll());
}

// Help → Tour of the window, and every experiment's card of what to look for, in both
// languages: the card follows the chosen experiment and a language switch.
void TestMainWindow::guideInBothLanguages()
{
    const QList<Scenario> all = Catalogue::builtin();
    for (const Scenario &s : all) {
        QVERIFY2(!s.lookForIn(QStringLiteral("en")).isEmpty(), qPrintable(s.id));
        QVERIFY2(s.lookFor.value(QStringLiteral("zh_CN")).size()
                     == s.lookFor.value(QStringLiteral("en")).size(),
                 qPrintable(s.id));
    }
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *tour = window.findChild<QAction *>(QStringLiteral("tourAction"));
    QVERIFY(tour && !tour->text().isEmpty());
    auto *card = window.findChild<QTextBrowser *>(QStringLiteral("lookForView"));
    QVERIFY(card);
    for (const char *id : {"seed", "time-wait"}) {
        window.selectScenario(QLatin1String(id));
        const auto it = std::find_if(all.begin(), all.end(),
                                     [id](const Scenario &s) { return s.id == QLatin1String(id); });
        QVERIFY(it != all.end());
        QVERIFY2(card->toPlainText().contains(it->lookForIn(QStringLiteral("en")).constFirst()),
                 qPrintable(card->toPlainText()));
    }
    // A card's {placeholders} become this computer's values, as in the explanation.
    window.selectScenario(QStringLiteral("close-wait-forever"));
    QVERIFY2(!card->toPlainText().contains(QLatin1Char('{'))
                 && card->toPlainText().contains(QRegularExpression(
                     QStringLiteral("tcp_fin_timeout \\(\\d+ s on this computer\\)"))),
             qPrintable(card->toPlainText()));
    window.selectScenario(QStringLiteral("time-wait"));
    QVERIFY(MainWindow::tourHtml().contains(QStringLiteral("three-way handshake")));
    {
        const Language chinese(QStringLiteral("zh_CN"));
        QCoreApplication::processEvents();
        const Scenario &timeWait = *std::find_if(all.begin(), all.end(), [](const Scenario &s) {
            return s.id == QLatin1String("time-wait");
        });
        QTRY_VERIFY2(
            card->toPlainText().contains(timeWait.lookForIn(QStringLiteral("zh_CN")).constFirst()),
            qPrintable(card->toPlainText()));
        const QString html = MainWindow::tourHtml();
        QVERIFY(html.contains(QStringLiteral("三次握手")));
        QVERIFY(!html.contains(QStringLiteral("The experiment bar")));
        QCOMPARE(tour->text(), QStringLiteral("窗口导览(&T)"));
        if (const QString dir = qEnvironmentVariable("TCPLAB_SCREENSHOT_DIR"); !dir.isEmpty()) {
            window.resize(1024, 700);
            auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("bottomTabs"));
            tabs->setCurrentWidget(card);
            QTRY_COMPARE(window.size(), QSize(1024, 700));
            QVERIFY(window.grab().save(QDir(dir).filePath(QStringLiteral("card-zh.png"))));
            QTextBrowser text;
            text.setHtml(html);
            text.resize(720, 560);
            QVERIFY(text.grab().save(QDir(dir).filePath(QStringLiteral("tour-zh.png"))));
        }
    }
}

// At the end of the TIME_WAIT experiment its punchline, the re-listens that fail with
// EADDRINUSE, is in view at 1024x700 without scrolling: the diagram follows the run's end.
void TestMainWindow::timeWaitPunchlineInView()
{
    MainWindow window;
    window.resize(1024, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.selectScenario(QStringLiteral("time-wait"));
    window.runScenario();
    QTRY_VERIFY_WITH_TIMEOUT(window.runner() && window.runner()->isDone(), 15000);
    LadderView *ladder = window.ladderView();
    // The last failed call, where it lies now (the layout is throttled, and scrolls after it).
    const auto punchline = [ladder]() -> const LadderMark * {
        const LadderMark *last = nullptr;
        for (const LadderMark &m : ladder->ladder().marks())
            if (m.kind == LadderMark::Kind::Call && m.failed)
                last = &m;
        return last;
    };
    QTRY_VERIFY(punchline() && punchline()->text.contains(QStringLiteral("EADDRINUSE")));
    const auto inView = [ladder, &punchline] {
        const int top = ladder->verticalScrollBar()->value();
        const int y = int(punchline()->rect.bottom() * ladder->zoom());
        return y > top && y <= top + ladder->viewport()->height();
    };
    QTRY_VERIFY2(inView(),
                 qPrintable(QStringLiteral("the punchline at %1, the view from %2, %3 high")
                                .arg(int(punchline()->rect.bottom() * ladder->zoom()))
                                .arg(ladder->verticalScrollBar()->value())
                                .arg(ladder->viewport()->height())));
}

// A session opened once is in File → Open recent and opens again from there.
void TestMainWindow::recentFilesReopen()
{
    QCoreApplication::setOrganizationName(QStringLiteral("TCP Lab tests"));
    QSettings().remove(QStringLiteral("recent"));
    Session saved;
    const int conn = saved.connections().open(Side::Client, Api::System);
    Event connect;
    connect.kind = Event::Kind::Call;
    connect.conn = conn;
    connect.verb = Verb::Connect;
    connect.endpoint = {QHostAddress(QHostAddress::LocalHost), 45001};
    connect.result = -1;
    connect.err = EINPROGRESS;
    saved.addCall(connect);
    saved.addReading(Side::Client, conn, false, TcpState::Established, StateVia::TcpInfo,
                     saved.now());
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("run.tcplab"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(saved.toJsonBytes());
    file.close();

    MainWindow window;
    QVERIFY(window.openSessionFile(path));
    QCOMPARE(window.session()->size(), 2);
    auto *recent = window.findChild<QMenu *>(QStringLiteral("recentMenu"));
    QCOMPARE(recent->actions().size(), 1);
    QVERIFY(recent->actions().constFirst()->text().contains(QStringLiteral("run.tcplab")));
    window.findChild<QAction *>(QStringLiteral("newSessionAction"))->trigger();
    QCOMPARE(window.session()->size(), 0);
    recent->actions().constFirst()->trigger();
    QCOMPARE(window.session()->size(), 2);
    QSettings().remove(QStringLiteral("recent"));
}

void TestMainWindow::bothLanguages_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<QString>("clientTitle");
    QTest::newRow("en") << "en"
                        << "Client";
    QTest::newRow("zh_CN") << "zh_CN" << QString::fromUtf8("客户端");
}

// The seed experiment in each language: the translation is embedded and loads, protocol names
// stay as they are, and (with TCPLAB_SCREENSHOT_DIR set, under Xvfb) the window is saved as a
// picture to look at.
void TestMainWindow::bothLanguages()
{
    QFETCH(QString, language);
    QFETCH(QString, clientTitle);
    const Language translated(language);
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    ServerPane *server = window.serverPane();
    ClientPane *client = window.clientPane();
    QCOMPARE(child<QLabel>(client, "titleLabel")->text(), clientTitle);
    QCOMPARE(child<QPushButton>(client, "connectButton")->text(), QStringLiteral("connect()"));

    child<QLineEdit>(server, "portEdit")->setText(QStringLiteral("0"));
    QTest::mouseClick(child<QPushButton>(server, "listenButton"), Qt::LeftButton);
    QTest::mouseClick(child<QPushButton>(client, "connectButton"), Qt::LeftButton);
    QTRY_COMPARE(child<QLabel>(client, "stateBadge")->text(), QStringLiteral("ESTABLISHED"));
    // The kernel is ESTABLISHED before the application has read the outcome of its
    // non-blocking connect(); write() is offered once it has.
    QTRY_VERIFY(child<QPushButton>(client, "writeButton")->isEnabled());
    QTest::mouseClick(child<QPushButton>(client, "writeButton"), Qt::LeftButton);
    QTRY_VERIFY2(child<QLabel>(client, "stateBadge")->text() == QStringLiteral("CLOSE_WAIT"),
                 qPrintable(logLines(window).join(u'\n')));
    // The student closes too: the whole textbook figure.
    QTest::mouseClick(child<QPushButton>(client, "closeButton"), Qt::LeftButton);
    QTRY_VERIFY(!client->socket()->isOpen());
    QTRY_VERIFY(window.ladderView()->ladder().phases().size() == 3);
    const QString dir = qEnvironmentVariable("TCPLAB_SCREENSHOT_DIR");
    if (!dir.isEmpty()) {
        // Pictures to look at (run under Xvfb): the seed experiment, a segment explained, an error.
        const QStringList size
            = qEnvironmentVariable("TCPLAB_SCREENSHOT_SIZE", QStringLiteral("1400x900"))
                  .split(u'x');
        window.resize(size.value(0).toInt(), size.value(1).toInt());
        QTest::qWait(300); // let the window settle at its new size before the picture
        const QString tag = language + QLatin1Char('-') + size.join(u'x');
        window.ladderView()->verticalScrollBar()->setValue(0);
        QVERIFY(window.grab().save(QDir(dir).filePath(QStringLiteral("seed-%1.png").arg(tag))));
        const LadderArrow &fin = window.ladderView()->ladder().arrows().at(7);
        QTest::mouseClick(window.ladderView()->widget(), Qt::LeftButton, {},
                          ((fin.from + fin.to) / 2 * window.ladderView()->zoom()).toPoint());
        QVERIFY(window.grab().save(QDir(dir).filePath(QStringLiteral("details-%1.png").arg(tag))));
        // The export dialog (Qt's own, translated by qtbase), looked at and closed again.
        QTimer::singleShot(500, this, [dir, tag] {
            if (QWidget *dialog = QApplication::activeModalWidget()) {
                dialog->grab().save(
                    QDir(dir).filePath(QStringLiteral("export-dialog-%1.png").arg(tag)));
                dialog->close();
            }
        });
        window.findChild<QAction *>(QStringLiteral("exportDiagramAction"))->trigger();
        child<QLineEdit>(client, "portEdit")->setText(QStringLiteral("99999"));
        QTest::mouseClick(child<QPushButton>(client, "connectButton"), Qt::LeftButton);
        QVERIFY(window.grab().save(QDir(dir).filePath(QStringLiteral("error-%1.png").arg(tag))));
    }
}

// Issue 12: whatever ran before, the next experiment's diagram shows every one of its
// connections, each with only its own segments; Reset leaves nothing behind.
void TestMainWindow::everyExperimentAfterAnother()
{
    MainWindow window;
    window.resize(1400, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *run = window.findChild<QAction *>(QStringLiteral("runAction"));
    auto *combo = window.findChild<QComboBox *>(QStringLiteral("scenarioCombo"));
    // A few orders that once left the diagram bound to the previous run's client.
    const QStringList order {
        "linger-abort",          "refused", "backlog-full", "simultaneous-open",  "seed",
        "qt-abort-is-not-reset", "refused", "half-close",   "simultaneous-close", "delayed-ack"};
    for (const QString &id : order) {
        window.selectScenario(id);
        QCOMPARE(combo->currentData().toString(), id);
        run->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(window.runner() && window.runner()->isDone(), 15000);
        window.ladderView()->relayout();
        const Session &session = *window.session();
        const LadderLayout &ladder = window.ladderView()->ladder();
        int segments = 0;
        for (const Event &e : session.events())
            segments += e.kind == Event::Kind::Segment;
        QVERIFY2(segments > 0, qPrintable(id));
        QCOMPARE(ladder.arrows().size(), segments);
        QCOMPARE(ladder.groups().size(), window.runner()->verdict().connections.size());
        for (const LadderArrow &a : ladder.arrows())
            QCOMPARE(session.at(a.event).conn, ladder.groups().at(a.group).conn);
        for (const LadderMark &m : ladder.marks()) {
            const Event &e = session.at(m.event);
            QVERIFY(e.listener || e.conn == ladder.groups().at(m.group).conn);
        }
        // The time axis: no two of its labels (times and shortened pauses) on top of each other.
        QList<qreal> ticks;
        for (const LadderTick &t : ladder.ticks())
            ticks.append(t.y);
        std::sort(ticks.begin(), ticks.end());
        for (int k = 1; k < ticks.size(); ++k)
            QVERIFY2(ticks.at(k) - ticks.at(k - 1) >= 12,
                     qPrintable(QStringLiteral("%1: time labels at y %2 and %3")
                                    .arg(id)
                                    .arg(ticks.at(k - 1))
                                    .arg(ticks.at(k))));
        const QString status = child<QLabel>(&window, "scenarioLabel")->text();
        const bool live = window.wire() && window.wire()->isLive();
        if (!status.contains(live ? QStringLiteral("✓") : QStringLiteral("Not checked"))) {
            for (const Event &e : session.events())
                qWarning().noquote() << EventText::line(e, true);
        }
        QVERIFY2(status.contains(live ? QStringLiteral("✓") : QStringLiteral("Not checked")),
                 qPrintable(id + QLatin1Char(' ') + status));
    }
    window.findChild<QAction *>(QStringLiteral("resetAction"))->trigger();
    QTRY_COMPARE(window.ladderView()->ladder().arrows().size(), 0);
    QCOMPARE(window.session()->connections().size(), 0);
}

// A session saved by an earlier TCP Lab (format 1) keeps no inferred states: the window infers
// them from its segments when it opens it.
void TestMainWindow::oldSessionGetsItsStates()
{
    MainWindow window;
    QVERIFY(window.openSessionFile(QFINDTESTDATA("data/session-format1.json")));
    window.ladderView()->relayout();
    QStringList states;
    for (const LadderMark &m : window.ladderView()->ladder().marks()) {
        if (m.kind == LadderMark::Kind::State)
            states << m.text;
    }
    // SYN_SENT and SYN_RECEIVED from the two SYNs; the TIME_WAIT reading stands alone.
    QVERIFY2(states.contains(QStringLiteral("SYN_SENT"))
                 && states.contains(QStringLiteral("SYN_RECEIVED")),
             qPrintable(states.join(u' ')));
}

// The panes' disabled fields show the experiment's sockets while they work (the backlog of 1
// the lesson is about, the port it took), and the user's own values come back with Reset.
void TestMainWindow::panesShowTheExperimentsSockets()
{
    MainWindow window;
    window.resize(1400, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *serverPort = child<QLineEdit>(window.serverPane(), "portEdit");
    auto *backlog = child<QSpinBox>(window.serverPane(), "backlogSpin");
    auto *clientPort = child<QLineEdit>(window.clientPane(), "portEdit");
    serverPort->setText(QStringLiteral("45001"));
    backlog->setValue(7);
    clientPort->setText(QStringLiteral("45001"));
    window.selectScenario(QStringLiteral("backlog-full"));
    window.findChild<QAction *>(QStringLiteral("runAction"))->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(window.runner() && window.runner()->isDone(), 15000);
    const QString port = QString::number(window.runner()->listener()->serverPort());
    QCOMPARE(serverPort->text(), port);
    QCOMPARE(backlog->value(), 1);
    QVERIFY(!backlog->isEnabled());
    QCOMPARE(clientPort->text(), port); // the first client stays ESTABLISHED
    window.findChild<QAction *>(QStringLiteral("resetAction"))->trigger();
    QTRY_COMPARE(serverPort->text(), QStringLiteral("45001"));
    QCOMPARE(backlog->value(), 7);
    QCOMPARE(clientPort->text(), QStringLiteral("45001"));
    QVERIFY(backlog->isEnabled());

    // The classic experiment's server listens on after its run: the client's field shows that
    // port (the kernel chose it), where a connect() by hand meets it, not 45001.
    window.selectScenario(QStringLiteral("seed"));
    window.findChild<QAction *>(QStringLiteral("runAction"))->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(window.runner() && window.runner()->isDone(), 15000);
    QVERIFY(window.serverPane()->listener() && window.serverPane()->listener()->isListening());
    const QString seedPort = QString::number(window.serverPane()->listener()->serverPort());
    QVERIFY(seedPort != QStringLiteral("45001"));
    QTRY_COMPARE(clientPort->text(), seedPort);
    QVERIFY(clientPort->isEnabled());
    window.findChild<QAction *>(QStringLiteral("resetAction"))->trigger();
    QTRY_COMPARE(clientPort->text(), QStringLiteral("45001"));
}

// The message field shows what the experiment's client really wrote, not the text that was
// there before ("hello" while the request went out); the user's own text comes back after.
void TestMainWindow::messageFieldShowsWhatWasWritten()
{
    const std::optional<Scenario> nagle = Catalogue::find(QStringLiteral("nagle-delayed-ack"));
    QVERIFY(nagle);
    QString last;
    for (const ScenarioStep &step : nagle->steps)
        if (step.side == Side::Client && step.verb == StepVerb::Write && !step.data.isEmpty())
            last = step.data;
    QVERIFY(!last.isEmpty() && last != QLatin1String("hello"));
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *message = child<QLineEdit>(window.clientPane(), "messageEdit");
    message->setText(QStringLiteral("my own words"));
    window.selectScenario(nagle->id);
    window.runScenario();
    QTRY_VERIFY_WITH_TIMEOUT(window.runner() && window.runner()->isDone(), 15000);
    QCOMPARE(message->text(), last);
    window.findChild<QAction *>(QStringLiteral("resetAction"))->trigger();
    QTRY_COMPARE(message->text(), QStringLiteral("my own words"));
}

void TestMainWindow::experimentScreenshots_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("language");
    QTest::addColumn<QSize>("size");
    for (const char *id :
         {"time-wait", "backlog-full", "qt-abort-is-not-reset", "simultaneous-open",
          "simultaneous-close", "seed", "lost-final-ack", "middlebox-reset", "fast-retransmit",
          "zero-window", "black-hole", "nagle-delayed-ack"}) {
        for (const char *language : {"en", "zh_CN"}) {
            QTest::addRow("%s %s large", id, language) << id << language << QSize(1600, 1000);
            QTest::addRow("%s %s small", id, language) << id << language << QSize(1024, 700);
        }
    }
}

// Pictures to look at (TCPLAB_SCREENSHOT_DIR, under Xvfb): an experiment run through, the
// window at a size.
void TestMainWindow::experimentScreenshots()
{
    const QString dir = qEnvironmentVariable("TCPLAB_SCREENSHOT_DIR");
    if (dir.isEmpty())
        QSKIP("set TCPLAB_SCREENSHOT_DIR to take the pictures");
    QFETCH(QString, id);
    QFETCH(QString, language);
    QFETCH(QSize, size);
    const Language translated(language);
    MainWindow window;
    window.resize(size);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.selectScenario(id);
    window.findChild<QAction *>(QStringLiteral("runAction"))->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(window.runner() && window.runner()->isDone(), 15000);
    window.ladderView()->relayout(); // now, not after its throttle
    window.ladderView()->verticalScrollBar()->setValue(0);
    const QString tag
        = QStringLiteral("%1-%2-%3x%4").arg(id, language).arg(size.width()).arg(size.height());
    QVERIFY(window.grab().save(QDir(dir).filePath(tag + QStringLiteral(".png"))));
    // And the diagram alone, scrolled to its end.
    window.ladderView()->verticalScrollBar()->setValue(
        window.ladderView()->verticalScrollBar()->maximum());
    QVERIFY(window.grab().save(QDir(dir).filePath(tag + QStringLiteral("-end.png"))));
}

// In step mode the student drops the server's next segment before the step that sends it: the
// wire drops exactly that one, the kernel retransmits it, and the diagram draws the lost copy
// as an arrow that ends in a cross mid-wire.
void TestMainWindow::wireBarDropsTheNextSegment()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    if (!window.labNetwork())
        QSKIP(qPrintable(window.labError()));
    window.selectScenario(QStringLiteral("seed"));
    auto *step = window.findChild<QAction *>(QStringLiteral("stepAction"));
    auto *dropServer = window.findChild<QAction *>(QStringLiteral("dropServerNext"));
    QVERIFY(step && dropServer);
    QVERIFY(dropServer->isEnabled());
    // listen, connect, write: then, before the server answers, its next segment is dropped.
    for (int i = 0; i < 3; ++i) {
        step->trigger();
        QTRY_VERIFY(window.runner() && !window.runner()->isBusy());
    }
    // The server's ACK of "hello" went already; its next segment is the reply.
    dropServer->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(window.runner() && !window.runner()->isBusy(), 5000);
    while (!window.runner()->isDone()) {
        step->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!window.runner()->isBusy() || window.runner()->isDone(), 5000);
    }
    QTRY_VERIFY_WITH_TIMEOUT(window.runner()->isDone(), 10000);
    int dropped = 0;
    int resent = 0;
    for (const Event &e : window.session()->events()) {
        if (e.kind == Event::Kind::Segment && e.side == Side::Server && e.len == 18)
            (e.fate == WireFate::Dropped ? dropped : resent) += 1;
    }
    QCOMPARE(dropped, 1);
    QCOMPARE(resent, 1);
    window.ladderView()->relayout();
    const LadderLayout &ladder = window.ladderView()->ladder();
    const auto cross = std::find_if(ladder.arrows().begin(), ladder.arrows().end(),
                                    [](const LadderArrow &a) { return a.dropped(); });
    QVERIFY(cross != ladder.arrows().end());
    // It stops between the lifelines, short of the client.
    const qreal clientX = ladder.arrows().first().from.x();
    const qreal serverX = ladder.arrows().first().to.x();
    QVERIFY(cross->to.x() > std::min(clientX, serverX) + 20
            && cross->to.x() < std::max(clientX, serverX) - 20);
}

void TestMainWindow::hostSettingsChangeTheSyn()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    if (!window.labNetwork())
        QSKIP(qPrintable(window.labError()));
    window.selectScenario(QStringLiteral("seed"));
    auto *button = window.clientPane()->hostSettings();
    QVERIFY(button->isEnabled());
    QVERIFY(button->describe().contains(QStringLiteral("tcp_sack = 1")));
    // The student turns SACK and timestamps off on the client host, in the dialog.
    QTimer::singleShot(0, &window, [&window] {
        auto *dialog = window.findChild<QDialog *>(QStringLiteral("hostSettingsDialog"));
        QVERIFY(dialog);
        dialog->findChild<QCheckBox *>(QStringLiteral("tcp_sack"))->setChecked(false);
        dialog->findChild<QComboBox *>(QStringLiteral("tcp_timestamps"))->setCurrentIndex(0);
        const QString dir = qEnvironmentVariable("TCPLAB_SCREENSHOT_DIR");
        if (!dir.isEmpty())
            dialog->grab().save(QDir(dir).filePath(QStringLiteral("host-settings.png")));
        dialog->accept();
    });
    QTest::mouseClick(button, Qt::LeftButton);
    QCOMPARE(button->changes().value(QStringLiteral("tcp_sack")), QStringLiteral("0"));
    if (const QString dir = qEnvironmentVariable("TCPLAB_SCREENSHOT_DIR"); !dir.isEmpty()) {
        // The same dialog in Chinese, to look at.
        const Language translated(QStringLiteral("zh_CN"));
        QTimer::singleShot(0, &window, [&window, dir] {
            auto *dialog = window.findChild<QDialog *>(QStringLiteral("hostSettingsDialog"));
            QVERIFY(dialog);
            dialog->grab().save(QDir(dir).filePath(QStringLiteral("host-settings-zh_CN.png")));
            dialog->reject();
        });
        QTest::mouseClick(window.serverPane()->hostSettings(), Qt::LeftButton);
        window.grab().save(QDir(dir).filePath(QStringLiteral("host-settings-window-zh_CN.png")));
    }
    QVERIFY(button->text().contains(u'2'));
    auto *run = window.findChild<QAction *>(QStringLiteral("runAction"));
    QVERIFY(run);
    run->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(window.runner() && window.runner()->isDone(), 10000);
    // On the wire: the client's SYN offers neither; the server's SYN/ACK, on its own host,
    // still has SACK permitted but no timestamps (only a SYN that carries them gets them).
    const QList<Event> events = window.session()->events();
    const auto syn = std::find_if(events.begin(), events.end(), [](const Event &e) {
        return e.kind == Event::Kind::Segment && e.flags == TcpFlag::Syn;
    });
    const auto synAck = std::find_if(events.begin(), events.end(), [](const Event &e) {
        return e.kind == Event::Kind::Segment && e.flags == (TcpFlag::Syn | TcpFlag::Ack);
    });
    QVERIFY(syn != events.end() && synAck != events.end());
    QVERIFY(!findOption(syn->options, TcpOption::Kind::SackPermitted));
    QVERIFY(!findOption(syn->options, TcpOption::Kind::Timestamp));
    QVERIFY(findOption(syn->options, TcpOption::Kind::Mss));
    QVERIFY(!findOption(synAck->options, TcpOption::Kind::Timestamp));
    // While the run is on screen the settings in force are the experiment's.
    QVERIFY2(button->describe().contains(QStringLiteral("tcp_sack = 0")),
             qPrintable(button->describe()));
    // The server host was not touched.
    QVERIFY(
        window.serverPane()->hostSettings()->describe().contains(QStringLiteral("tcp_sack = 1")));
    // "Change nothing": the next run keeps the host's own settings.
    QTimer::singleShot(0, &window, [&window] {
        auto *dialog = window.findChild<QDialog *>(QStringLiteral("hostSettingsDialog"));
        QVERIFY(dialog);
        dialog->findChild<QPushButton *>(QStringLiteral("changeNothing"))->click();
    });
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(button->changes().isEmpty());
    QCOMPARE(button->text(), QStringLiteral("TCP settings"));
}

void TestMainWindow::init()
{
    QSettings().remove(QStringLiteral("window/network")); // each test from the default
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
