#include "mainwindow.h"

#include "presenter.h"

#include "capture/capturefile.h"
#include "capture/wire.h"
#include "cli.h"
#include "clientpane.h"
#include "eventlogmodel.h"
#include "hostsettingsbutton.h"
#include "lab/catalogue.h"
#include "lab/observations.h"
#include "lab/scenariorunner.h"
#include "ladderexport.h"
#include "ladderpainter.h"
#include "ladderview.h"
#include "net/labnetwork.h"
#include "net/network.h"
#include "serverpane.h"
#include "session/eventtext.h"
#include "session/inputfile.h"
#include "session/segmentexplain.h"
#include "session/session.h"
#include "session/statetracker.h"
#include "socket/labsocket.h"
#include "socket/listener.h"
#include "ui_mainwindow.h"
#include "wirebar.h"

#include <QActionGroup>
#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QHeaderView>
#include <QInputDialog>
#include <QMessageBox>
#include <QResizeEvent>
#include <QSaveFile>
#include <QScreen>
#include <QScrollBar>
#include <QSettings>
#include <QTabWidget>
#include <QTextBrowser>
#include <QTextDocumentFragment>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

namespace tcplab {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_ui(std::make_unique<Ui::MainWindow>())
    , m_session(new Session(this))
    , m_logModel(new EventLogModel(m_session, this))
{
    m_ui->setupUi(this);
    m_ui->clientPane->setSession(m_session);
    m_ui->serverPane->setSession(m_session);
    // No port until the server listens: the kernel chooses the server's (port 0), and the
    // client's field follows it (ServerPane::listening).
    m_ui->ladderView->setSession(m_session);

    m_ui->logView->setModel(m_logModel);
    m_ui->logView->verticalHeader()->hide();
    // Rows of one line and a time column of fixed width: measuring every row's text again on
    // each new event (ResizeToContents) made the window too slow to answer within a delayed
    // ACK's 40 ms once a session grew.
    const QFontMetrics rowMetrics(m_ui->logView->font());
    m_ui->logView->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_ui->logView->verticalHeader()->setDefaultSectionSize(rowMetrics.height() + 6);
    m_ui->logView->horizontalHeader()->setSectionResizeMode(EventLogModel::TimeColumn,
                                                            QHeaderView::Fixed);
    m_ui->logView->setColumnWidth(EventLogModel::TimeColumn,
                                  rowMetrics.horizontalAdvance(QStringLiteral("000000.000")) + 24);
    m_ui->logView->horizontalHeader()->setStretchLastSection(true);
    connect(m_logModel, &QAbstractItemModel::rowsInserted, m_ui->logView,
            &QTableView::scrollToBottom);

    // The panes scroll vertically on small screens but never sideways: each column is as
    // wide as its pane needs, and the diagram in the middle takes the rest.
    for (QScrollArea *scroll : {m_ui->clientScroll, m_ui->serverScroll}) {
        scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        scroll->setMinimumWidth(scroll->widget()->minimumSizeHint().width()
                                + scroll->verticalScrollBar()->sizeHint().width());
        m_paneWidth = std::max(m_paneWidth, scroll->minimumWidth());
    }
    const QFontMetrics metrics(m_ui->logView->font());
    m_ui->logView->horizontalHeader()->setSectionResizeMode(EventLogModel::SideColumn,
                                                            QHeaderView::Fixed);
    Event probe;
    probe.side = Side::Server;
    probe.conn = 99;
    m_ui->logView->setColumnWidth(EventLogModel::SideColumn,
                                  metrics.horizontalAdvance(EventText::sideLabel(probe, true))
                                      + 24);

    m_ui->splitter->setStretchFactor(0, 0);
    m_ui->splitter->setStretchFactor(1, 1);
    m_ui->splitter->setStretchFactor(2, 0);
    m_ui->splitter->setSizes(
        {m_ui->clientScroll->minimumWidth(), width(), m_ui->serverScroll->minimumWidth()});
    m_ui->centerSplitter->setStretchFactor(0, 4);
    m_ui->centerSplitter->setStretchFactor(1, 1);
    m_ui->centerSplitter->setSizes({height(), 170});
    m_ui->bottomTabs->setMinimumHeight(120);
    m_ui->captureBanner->setStyleSheet(
        QStringLiteral("QLabel { background: #fff3e0; color: #6d4c00; border: 1px solid #ffb74d; "
                       "border-radius: 4px; padding: 4px 8px; }"));

    // Diagram settings. The check boxes sit in a tool bar of their own, so that a narrow window
    // (1024 pixels with a pane beside the diagram) moves the last of them into its » menu
    // instead of forcing the window wider; zoom stays in sight.
    auto *viewOptions = new QToolBar(m_ui->diagramPanel);
    viewOptions->setObjectName(QStringLiteral("diagramOptions"));
    viewOptions->setMovable(false);
    viewOptions->setFloatable(false);
    viewOptions->setStyleSheet(QStringLiteral("QToolBar { border: 0; spacing: 6px; }"));
    for (QCheckBox *box :
         {m_ui->absoluteCheck, m_ui->windowCheck, m_ui->evenCheck, m_ui->ghostCheck}) {
        m_ui->diagramToolbar->removeWidget(box);
        viewOptions->addWidget(box);
    }
    m_ui->diagramToolbar->removeItem(m_ui->toolbarSpacer);
    delete m_ui->toolbarSpacer;
    m_ui->diagramToolbar->insertWidget(0, viewOptions, 1);
    auto optionsChanged = [this] {
        LadderOptions options = m_ui->ladderView->options();
        options.absoluteNumbers = m_ui->absoluteCheck->isChecked();
        options.showWindow = m_ui->windowCheck->isChecked();
        options.evenSpacing = m_ui->evenCheck->isChecked();
        m_ui->ladderView->setOptions(options);
    };
    for (QCheckBox *box : {m_ui->absoluteCheck, m_ui->windowCheck, m_ui->evenCheck})
        connect(box, &QCheckBox::toggled, this, optionsChanged);
    connect(m_ui->ghostCheck, &QCheckBox::toggled, this, &MainWindow::applyMarks);
    connect(m_ui->zoomInButton, &QToolButton::clicked, m_ui->ladderView, &LadderView::zoomIn);
    connect(m_ui->zoomOutButton, &QToolButton::clicked, m_ui->ladderView, &LadderView::zoomOut);
    connect(m_ui->fitButton, &QToolButton::clicked, m_ui->ladderView, &LadderView::fitWidth);
    m_ui->zoomInButton->setShortcut(QKeySequence::ZoomIn);
    m_ui->zoomOutButton->setShortcut(QKeySequence::ZoomOut);
    m_ui->fitButton->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    connect(m_ui->ladderView, &LadderView::segmentSelected, this, &MainWindow::showDetails);
    connect(m_session, &Session::eventInserted, this, [this] {
        if (m_ui->ladderView->selectedSegment() >= 0)
            showDetails(m_ui->ladderView->selectedSegment());
    });

    connect(m_ui->serverPane, &ServerPane::listening, this,
            [this](const QHostAddress &address, quint16 port) {
                m_ui->clientPane->setServerPort(port);
                watch(address, port);
            });
    connect(m_ui->clientPane, &ClientPane::aboutToConnect, this,
            [this](const QHostAddress &address, quint16 port) {
                watch(address, port);
                // The capture helper starts in a process of its own: the SYN waits for it.
                LabSocket *client = m_ui->clientPane->socket();
                if (m_wire && !m_wire->isReady() && client) {
                    client->deferConnect();
                    m_deferredClient = client;
                }
            });
    connect(m_ui->serverPane, &ServerPane::selectedConnectionChanged, this,
            [this](LabSocket *socket) {
                // Every connection is in the diagram: the one chosen in the server pane is
                // brought into view.
                if (socket)
                    m_ui->ladderView->showConnection(socket->conn());
            });
    connect(m_ui->clientPane, &ClientPane::statusMessage, this,
            [this](const QString &m) { statusBar()->showMessage(m, 8000); });
    connect(m_ui->serverPane, &ServerPane::statusMessage, this,
            [this](const QString &m) { statusBar()->showMessage(m, 8000); });

    m_ui->newSessionAction->setShortcut(QKeySequence::New);
    m_ui->saveSessionAction->setShortcut(QKeySequence::Save);
    m_ui->quitAction->setShortcut(QKeySequence::Quit);
    connect(m_ui->newSessionAction, &QAction::triggered, this, &MainWindow::newSession);
    connect(m_ui->saveSessionAction, &QAction::triggered, this, &MainWindow::saveSession);
    connect(m_ui->quitAction, &QAction::triggered, this, &QWidget::close);
    connect(m_ui->aboutAction, &QAction::triggered, this, &MainWindow::about);
    // Help → a tour of the window; and each experiment's card of what to look for, in a tab
    // beside the segment details.
    m_tourAction = new QAction(this);
    m_tourAction->setObjectName(QStringLiteral("tourAction"));
    m_tourAction->setShortcut(QKeySequence::HelpContents);
    connect(m_tourAction, &QAction::triggered, this, &MainWindow::showTour);
    m_ui->helpMenu->insertAction(m_ui->aboutAction, m_tourAction);
    m_lookForView = new QTextBrowser(this);
    m_lookForView->setObjectName(QStringLiteral("lookForView"));
    m_lookForView->setOpenLinks(false);
    m_ui->bottomTabs->addTab(m_lookForView, QString());
    // Where the panes' own sockets live: the lab network where the system allows it.
    auto *networks = new QActionGroup(this);
    networks->addAction(m_ui->labNetworkAction);
    networks->addAction(m_ui->loopbackAction);
    m_panesOnLab
        = QSettings().value(QStringLiteral("window/network"), QStringLiteral("lab")).toString()
        != QLatin1String("loopback");
    connect(m_ui->labNetworkAction, &QAction::triggered, this, [this] { setPanesOnLab(true); });
    connect(m_ui->loopbackAction, &QAction::triggered, this, [this] { setPanesOnLab(false); });
    auto *languages = new QActionGroup(this);
    languages->addAction(m_ui->englishAction);
    languages->addAction(m_ui->chineseAction);
    const bool chinese = QLocale().name().startsWith(QLatin1String("zh"));
    (chinese ? m_ui->chineseAction : m_ui->englishAction)->setChecked(true);
    connect(m_ui->englishAction, &QAction::triggered, this,
            [this] { setLanguage(QStringLiteral("en")); });
    connect(m_ui->chineseAction, &QAction::triggered, this,
            [this] { setLanguage(QStringLiteral("zh_CN")); });
    connect(m_ui->openSessionAction, &QAction::triggered, this, &MainWindow::openSession);
    connect(m_ui->openCaptureAction, &QAction::triggered, this, &MainWindow::openCapture);
    connect(m_ui->savePcapAction, &QAction::triggered, this, &MainWindow::savePcap);
    connect(m_ui->exportDiagramAction, &QAction::triggered, this, &MainWindow::exportDiagram);
    connect(m_ui->copyDiagramAction, &QAction::triggered, this, &MainWindow::copyDiagram);
    m_ui->exportDiagramAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_ui->copyDiagramAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    m_ui->openSessionAction->setShortcut(QKeySequence::Open);

    setupExperimentBar();
    setupPresenter();
    retranslateGuide();
    updateRecentMenu();
    // Where the window was and how its panes were split, as the user left them.
    const QSettings settings;
    const bool placed
        = restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    fitToScreen(!placed);
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    m_ui->splitter->restoreState(settings.value(QStringLiteral("window/splitter")).toByteArray());
    m_ui->centerSplitter->restoreState(
        settings.value(QStringLiteral("window/centerSplitter")).toByteArray());
    setPanesOnLab(m_panesOnLab, false);
    showDetails(-1);
    updateWireBar();
    statusBar()->showMessage(tr("Ready for the classic experiment: press listen() on the server, "
                                "then connect() and write() on the client."));
}

MainWindow::~MainWindow() = default;

ClientPane *MainWindow::clientPane() const
{
    return m_ui->clientPane;
}

ServerPane *MainWindow::serverPane() const
{
    return m_ui->serverPane;
}

LadderView *MainWindow::ladderView() const
{
    return m_ui->ladderView;
}

const Wire *MainWindow::wire() const
{
    return m_runner ? m_runner->wire() : m_wire.get();
}

void MainWindow::setupExperimentBar()
{
    m_scenarios = Catalogue::builtin();
    m_experimentBar = addToolBar(tr("Experiment"));
    m_experimentBar->setObjectName(QStringLiteral("experimentBar"));
    m_experimentBar->setMovable(false);
    m_scenarioCombo = new QComboBox(m_experimentBar);
    m_scenarioCombo->setObjectName(QStringLiteral("scenarioCombo"));
    m_scenarioCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_experimentBar->addWidget(m_scenarioCombo);
    m_runAction = m_experimentBar->addAction(tr("Run"), this, &MainWindow::runScenario);
    m_runAction->setObjectName(QStringLiteral("runAction"));
    m_runAction->setShortcut(QKeySequence(Qt::Key_F5));
    m_stepAction = m_experimentBar->addAction(tr("Step"), this, &MainWindow::stepScenario);
    m_stepAction->setObjectName(QStringLiteral("stepAction"));
    m_stepAction->setShortcut(QKeySequence(Qt::Key_F10));
    m_resetAction = m_experimentBar->addAction(tr("Reset"), this, &MainWindow::resetScenario);
    m_resetAction->setObjectName(QStringLiteral("resetAction"));
    m_resetAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_scenarioLabel = new QLabel(this);
    m_scenarioLabel->setObjectName(QStringLiteral("scenarioLabel"));
    m_scenarioLabel->setWordWrap(true);
    m_scenarioLabel->setTextFormat(Qt::RichText);
    // At the top of its box: the box keeps its height as lines go (fitScenarioInfo), and text
    // centred in it would float down into an empty band.
    m_scenarioLabel->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_scenarioLabel->setStyleSheet(
        QStringLiteral("QLabel { background: #e8f0fe; border: 1px solid #90caf9; "
                       "border-radius: 4px; padding: 4px 8px; }"));
    // A long explanation scrolls within a part of the height instead of pushing the diagram
    // out of a small window.
    m_scenarioScroll = new QScrollArea(this);
    m_scenarioScroll->setObjectName(QStringLiteral("scenarioScroll"));
    m_scenarioScroll->setWidget(m_scenarioLabel);
    m_scenarioScroll->setWidgetResizable(true);
    m_scenarioScroll->setFrameShape(QFrame::NoFrame);
    m_scenarioScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // Its height follows its text at the width it gets, which the layout settles only later
    // (and changes when the panes move beside the diagram or the splitter is dragged).
    m_scenarioScroll->viewport()->installEventFilter(this);
    m_scenarioScroll->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    m_ui->diagramLayout->insertWidget(1, m_scenarioScroll);
    connect(m_scenarioCombo, &QComboBox::currentIndexChanged, this, [this] {
        showLookFor();
        if (m_runner)
            resetScenario();
        statusBar()->clearMessage(); // the hint for the seed experiment by hand, or older news
        m_infoFloor = 0; // another experiment's text: its own height
        showScenarioInfo();
    });
    connect(m_ui->openExperimentAction, &QAction::triggered, this, &MainWindow::openExperiment);
    for (const Scenario &s : std::as_const(m_scenarios))
        m_scenarioCombo->addItem(s.titleIn(Catalogue::language()), s.id);

    // The lab network's wire, on a row of its own under the experiment.
    addToolBarBreak();
    m_wireBar = new WireBar(this);
    addToolBar(m_wireBar);
    connect(m_scenarioCombo, &QComboBox::currentIndexChanged, this, &MainWindow::updateWireBar);
    connect(m_wireBar, &WireBar::problem, this,
            [this](const QString &message) { statusBar()->showMessage(message); });
    connect(m_wireBar, &WireBar::specApplied, this, [this](const QString &spec) {
        // The experiment's own wire for its next run; on a running one, from now on.
        const int index = m_scenarioCombo->currentIndex();
        if (index >= 0 && index < m_scenarios.size())
            m_scenarios[index].wire = spec;
        QString error;
        // A running experiment's wire from now on; without one, the panes' wire at once.
        if ((m_runner || panesNetwork()) && m_lab && !m_lab->setWire(spec, &error)) {
            statusBar()->showMessage(error);
            return;
        }
        // The run's wire is no longer the one it began with: a perfect wire is perfect only if
        // it stayed so throughout.
        if (m_session && m_runner && !spec.isEmpty())
            m_session->setNetwork(m_session->network(), spec);
        statusBar()->showMessage(spec.isEmpty() ? tr("The wire is perfect again.")
                                                : tr("The wire is now: %1").arg(spec));
    });
    auto nextRule = [this](const char *action, Side from) {
        if (!m_lab)
            return;
        const QString rule
            = QStringLiteral("%1=%2:any")
                  .arg(QLatin1String(action),
                       from == Side::Client ? QStringLiteral("client") : QStringLiteral("server"));
        QString error;
        if (!m_lab->addRule(rule, &error))
            statusBar()->showMessage(error);
        else
            statusBar()->showMessage(
                from == Side::Client
                    ? (QLatin1String(action) == QLatin1String("drop")
                           ? tr("The client's next segment will be dropped on the wire.")
                           : tr("The client's next segment will be held behind the one after it."))
                    : (QLatin1String(action) == QLatin1String("drop")
                           ? tr("The server's next segment will be dropped on the wire.")
                           : tr("The server's next segment will be held behind the one after "
                                "it.")));
    };
    for (HostSettingsButton *button :
         {m_ui->clientPane->hostSettings(), m_ui->serverPane->hostSettings()}) {
        const bool client = button == m_ui->clientPane->hostSettings();
        connect(
            button, &HostSettingsButton::changesEdited, this,
            [this, client](const QMap<QString, QString> &changes) {
                // For the experiment's next run, as its own "tcp" would.
                const int index = m_scenarioCombo->currentIndex();
                if (index < 0 || index >= m_scenarios.size())
                    return;
                (client ? m_scenarios[index].client : m_scenarios[index].server).tcp = changes;
                statusBar()->showMessage(
                    changes.isEmpty()
                        ? tr("The experiment's next run keeps the host's own TCP settings.")
                        : client
                        ? tr("The experiment's next run changes the client host's TCP settings.")
                        : tr("The experiment's next run changes the server host's TCP settings."));
            });
    }
    connect(m_wireBar, &WireBar::dropNext, this, [nextRule](Side from) { nextRule("drop", from); });
    connect(m_wireBar, &WireBar::holdNext, this, [nextRule](Side from) { nextRule("hold", from); });
}

void MainWindow::selectScenario(const QString &id)
{
    const int index = m_scenarioCombo->findData(id);
    if (index >= 0)
        m_scenarioCombo->setCurrentIndex(index);
}

void MainWindow::showScenarioInfo()
{
    const int index = m_scenarioCombo->currentIndex();
    if (index < 0 || index >= m_scenarios.size()) {
        m_scenarioScroll->hide();
        return;
    }
    const Scenario &s = m_scenarios.at(index);
    if (index != m_explanationIndex || Catalogue::language() != m_explanationLanguage) {
        m_explanation = s.explanationIn(Catalogue::language(), networkFor(s));
        m_explanationIndex = index;
        m_explanationLanguage = Catalogue::language();
    }
    QString html
        = QStringLiteral("<b>%1</b> — %2")
              .arg(s.titleIn(Catalogue::language()).toHtmlEscaped(), m_explanation.toHtmlEscaped());
    if (!s.pair.isEmpty()) {
        if (const auto pair = Catalogue::find(s.pair)) {
            html += QStringLiteral("<br><i>%1</i>")
                        .arg(tr("Its pair: \u201c%1\u201d \u2014 the same experiment with the "
                                "switch flipped.")
                                 .arg(pair->titleIn(Catalogue::language()))
                                 .toHtmlEscaped());
        }
    }
    if (m_runner) {
        const int next = m_runner->nextStep();
        // (Only while stepping: a run goes through too fast to read it, and redrawing this
        // text on every step costs the sockets time.)
        if (m_runner->isStepping() && !m_runner->isDone() && next < s.steps.size())
            html += QStringLiteral("<br>")
                + tr("Next: step %1 of %2, %3")
                      .arg(next + 1)
                      .arg(s.steps.size())
                      .arg(s.steps.at(next).describe().toHtmlEscaped());
    }
    if (!m_scenarioStatus.isEmpty())
        html += QStringLiteral("<br>") + m_scenarioStatus;
    // The newest few, and a count of the rest: a lesson run again and again leaves one a run
    // for a minute, and a list of them would push the diagram off the window.
    constexpr int kLingeringShown = 3;
    const int lingering = int(m_lingering.size());
    for (int i = std::max(0, lingering - kLingeringShown); i < lingering; ++i) {
        const Lingering &l = m_lingering.at(i);
        html += QStringLiteral("<br><span style='color:#6a1b9a'>%1</span>")
                    .arg(tr("From an earlier run, still in TIME_WAIT: port %1 ↔ port %2, %3 s left")
                             .arg(l.localPort)
                             .arg(l.peerPort)
                             .arg(qRound(l.remainingMs / 1000.0))
                             .toHtmlEscaped());
    }
    if (lingering > kLingeringShown)
        html += QStringLiteral("<br><span style='color:#6a1b9a'>%1</span>")
                    .arg(tr("… and %n more connection(s) from earlier runs still in TIME_WAIT.",
                            nullptr, lingering - kLingeringShown)
                             .toHtmlEscaped());
    m_scenarioScroll->setVisible(!m_presenter || !m_presenter->isActive());
    if (html == m_scenarioLabel->text())
        return;
    m_scenarioLabel->setText(html);
    fitScenarioInfo();
}

bool MainWindow::startScenario()
{
    const int index = m_scenarioCombo->currentIndex();
    if (index < 0 || index >= m_scenarios.size())
        return false;
    resetScenario();
    m_clientPortBeforeRun = m_ui->clientPane->serverPortText();
    statusBar()->clearMessage(); // the hint for the seed experiment by hand is not for this
    // The experiment brings its own capture; the panes' one stops.
    m_tracker.reset();
    m_wire.reset();
    Network *network = networkFor(m_scenarios.at(index));
    m_runner = std::make_unique<ScenarioRunner>(m_session, m_scenarios.at(index), Wire::Mode::Auto,
                                                network);
    // The experiment decides which of its connections the diagram shows.
    LadderOptions shown = m_ui->ladderView->options();
    shown.connections = m_scenarios.at(index).show;
    m_ui->ladderView->setOptions(shown);
    bool clientShown = false;
    connect(m_runner.get(), &ScenarioRunner::clientCreated, this,
            [this, clientShown](LabSocket *socket) mutable {
                if (!clientShown)
                    m_ui->clientPane->adopt(socket);
                clientShown = true;
            });
    connect(m_runner.get(), &ScenarioRunner::listenerCreated, m_ui->serverPane, &ServerPane::adopt);
    connect(m_runner.get(), &ScenarioRunner::stepDone, this,
            [this](int index, bool ok, const QString &message) {
                m_scenarioStatus = ok && message.isEmpty()
                    ? QString()
                    : tr("Step %1: %2").arg(index + 1).arg(message.toHtmlEscaped());
                showScenarioInfo();
            });
    connect(m_runner.get(), &ScenarioRunner::finished, this, &MainWindow::scenarioFinished);
    if (!m_runner->prepare()) {
        QString why = m_runner->errorText();
        if (!network && m_scenarios.at(index).network == Network::Kind::Lab
            && !m_labError.isEmpty())
            why += QLatin1Char(' ') + m_labError;
        m_scenarioStatus = tr("Cannot run: %1").arg(why.toHtmlEscaped());
        m_runner.reset();
        startWire();
        showScenarioInfo();
        return false;
    }
    updateBanner();
    return true;
}

LabNetwork *MainWindow::labNetwork()
{
    if (!m_labTried) {
        m_labTried = true;
        auto lab = std::make_unique<LabNetwork>();
        if (lab->start())
            m_lab = std::move(lab);
        else
            m_labError = lab->errorText();
    }
    return m_lab.get();
}

Network *MainWindow::networkFor(const Scenario &scenario)
{
    bool qt = scenario.client.qt || scenario.server.qt;
    for (const ScenarioStep &step : scenario.steps)
        qt = qt || step.verb == StepVerb::ConnectToHost;
    if (scenario.network == Network::Kind::Loopback || qt || scenario.modelledOnly)
        return nullptr;
    return labNetwork();
}

void MainWindow::updateWireBar()
{
    const int index = m_scenarioCombo->currentIndex();
    if (index < 0 || index >= m_scenarios.size())
        return;
    const Scenario &s = m_scenarios.at(index);
    Network *lab = networkFor(s);
    const bool onLab = lab != nullptr;
    m_wireBar->setSpec(s.wire);
    m_wireBar->setAvailable(onLab,
                            onLab ? QString()
                                : !m_labError.isEmpty()
                                ? tr("No lab network here: this experiment runs on loopback.")
                                : tr("This experiment runs on loopback."));
    m_wireBar->setToolTip(onLab ? QString() : m_labError);
    // Each host's TCP settings in its pane's header: the lab host's, which the experiment may
    // change, or this computer's, only shown.
    Network *network = onLab ? lab : HostNetwork::instance();
    m_ui->clientPane->hostSettings()->setHost(network, s.client.tcp);
    m_ui->serverPane->hostSettings()->setHost(network, s.server.tcp);
}

void MainWindow::runScenario()
{
    if ((!m_runner || m_runner->isDone()) && !startScenario())
        return;
    m_runner->run();
    showScenarioInfo();
}

void MainWindow::stepScenario()
{
    if ((!m_runner || m_runner->isDone()) && !startScenario())
        return;
    m_runner->step();
    showScenarioInfo();
}

void MainWindow::resetScenario()
{
    rememberTimeWait();
    m_ui->clientPane->reset();
    m_ui->serverPane->reset();
    if (m_clientPortBeforeRun) { // the experiment's server is gone: the user's port comes back
        m_ui->clientPane->setServerPortText(*m_clientPortBeforeRun);
        m_clientPortBeforeRun.reset();
    }
    m_runner.reset();
    m_scenarioStatus.clear();
    applyMarks();
    m_session->clear();
    startWire();
    showScenarioInfo();
}

void MainWindow::applyMarks()
{
    // Mark each segment as expected or not, and the expected ones that did not come.
    LadderOptions options = m_ui->ladderView->options();
    options.unexpected.clear();
    options.problems.clear();
    options.ghosts.clear();
    if (m_runner && m_runner->isDone()) {
        for (const Verdict::Connection &c : m_runner->verdict().connections) {
            for (int k = 0; k < c.segmentIds.size(); ++k) {
                if (k < c.match.expected.size() && !c.match.expected.at(k))
                    options.unexpected.insert(c.segmentIds.at(k));
            }
            for (auto it = c.problems.cbegin(); it != c.problems.cend(); ++it) {
                options.unexpected.insert(it.key());
                options.problems.insert(it.key(), it.value());
            }
            if (m_ui->ghostCheck->isChecked()) {
                for (int k = 0; k < c.match.missing.size(); ++k)
                    options.ghosts.append(
                        {c.conn, c.match.missingBefore.at(k), c.match.missing.at(k)});
            }
        }
    }
    m_ui->ladderView->setOptions(options);
}

void MainWindow::rememberTimeWait()
{
    QList<LabSocket *> sockets;
    if (m_runner) {
        sockets.append(m_runner->client());
        sockets.append(m_runner->server());
    }
    sockets.append(m_ui->clientPane->socket());
    sockets.append(m_ui->serverPane->selectedSocket());
    for (LabSocket *s : std::as_const(sockets)) {
        if (!s || s->isOpen() || s->state() != TcpState::TimeWait)
            continue;
        const bool known
            = std::any_of(m_lingering.begin(), m_lingering.end(), [s](const Lingering &l) {
                  return l.localPort == s->localPort() && l.peerPort == s->peerPort();
              });
        if (!known)
            m_lingering.append({s->localAddress(), s->localPort(), s->peerAddress(), s->peerPort(),
                                s->kernelTimerMs(), s->network(), s->side()});
    }
    if (!m_lingering.isEmpty() && !m_lingerTimer) {
        m_lingerTimer = new QTimer(this);
        connect(m_lingerTimer, &QTimer::timeout, this, &MainWindow::updateLingering);
        m_lingerTimer->start(1000);
    }
}

void MainWindow::updateLingering()
{
    for (int i = int(m_lingering.size()) - 1; i >= 0; --i) {
        Lingering &l = m_lingering[i];
        QString error;
        const auto entry
            = l.network->sockDiag(l.side, {l.local, l.localPort}, {l.peer, l.peerPort}, &error);
        if (!entry && !error.isEmpty())
            continue; // the query failed: that says nothing about the connection
        if (!entry || entry->state != TcpState::TimeWait)
            m_lingering.removeAt(i);
        else
            l.remainingMs = entry->timerMs;
    }
    if (m_lingering.isEmpty() && m_lingerTimer) {
        m_lingerTimer->deleteLater();
        m_lingerTimer = nullptr;
    }
    showScenarioInfo();
}

void MainWindow::scenarioFinished(int exitCode, const QString &message)
{
    applyMarks();
    // The experiment's server may listen on: a connect() by hand goes to its real port (the
    // kernel chose it), not to the one the field held before.
    if (const Listener *listener = m_ui->serverPane->listener();
        listener && listener->isListening())
        m_ui->clientPane->setServerPort(listener->serverPort());
    const Verdict &verdict = m_runner->verdict();
    if (exitCode == 0 && verdict.outcome == Verdict::Outcome::Passed)
        m_scenarioStatus
            = QStringLiteral("<span style='color:#2e7d32'><b>%1</b></span>")
                  .arg(tr("✓ The kernel did what the textbook predicts.").toHtmlEscaped());
    else if (exitCode == 0 || verdict.outcome == Verdict::Outcome::NotChecked)
        // Modelled, or an incomplete capture: nothing about the kernel's wire was checked.
        m_scenarioStatus
            = QStringLiteral("<span style='color:#8a5300'><b>%1</b> %2</span>")
                  .arg(tr("Not checked.").toHtmlEscaped(), verdict.message.toHtmlEscaped());
    else
        m_scenarioStatus
            = QStringLiteral("<span style='color:#b71c1c'><b>%1</b> %2</span>")
                  .arg(tr("✗ Not as expected.").toHtmlEscaped(), message.toHtmlEscaped());
    // What this run shows, measured.
    if (verdict.outcome != Verdict::Outcome::NotChecked) {
        const QStringList seen
            = Observations::of(*m_session, m_runner ? m_runner->network() : nullptr);
        if (!seen.isEmpty())
            m_scenarioStatus
                += QStringLiteral("<br><i>%1</i>").arg(seen.join(QLatin1Char(' ')).toHtmlEscaped());
    }
    showScenarioInfo();
}

void MainWindow::openExperiment()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open experiment"), QString(),
                                                      tr("TCP Lab experiments (*.json)"));
    if (!path.isEmpty())
        openExperimentFile(path);
}

bool MainWindow::openExperimentFile(const QString &path)
{
    QString error;
    std::optional<Scenario> scenario;
    if (const auto bytes = InputFile::read(path, InputFile::kScenarioLimit, &error))
        scenario = Scenario::fromJson(*bytes, &error);
    if (!scenario) {
        QMessageBox::warning(this, tr("Open experiment"),
                             tr("%1 is not a usable experiment: %2").arg(path, error));
        return false;
    }
    m_scenarios.append(*scenario);
    m_scenarioCombo->addItem(scenario->titleIn(Catalogue::language()), scenario->id);
    m_scenarioCombo->setCurrentIndex(m_scenarioCombo->count() - 1);
    addRecent(QStringLiteral("experiment"), path);
    return true;
}

Network *MainWindow::panesNetwork()
{
    return m_panesOnLab ? labNetwork() : nullptr;
}

void MainWindow::setPanesOnLab(bool on, bool announce)
{
    const bool changed = on != m_panesOnLab;
    m_panesOnLab = on;
    if (on && !labNetwork()) {
        // Refused by the system: the panes stay on loopback, and the menu says why.
        m_panesOnLab = false;
        m_ui->labNetworkAction->setEnabled(false);
        m_ui->labNetworkAction->setToolTip(m_labError);
    }
    (m_panesOnLab ? m_ui->labNetworkAction : m_ui->loopbackAction)->setChecked(true);
    if (announce && changed)
        QSettings().setValue(QStringLiteral("window/network"),
                             m_panesOnLab ? QStringLiteral("lab") : QStringLiteral("loopback"));
    resetScenario(); // the panes get their network, and a wire on it, there
    if (announce)
        statusBar()->showMessage(
            m_panesOnLab ? tr("The panes now work on the lab network: the server host is %1.")
                               .arg(labNetwork()->address(Side::Server).toString())
                         : tr("The panes now work on this computer's loopback (127.0.0.1)."),
            8000);
}

void MainWindow::startWire()
{
    m_tracker.reset();
    // The panes' own connections, on the network they use; an experiment brings its own.
    Network *network = panesNetwork();
    m_ui->clientPane->setNetwork(network);
    m_ui->serverPane->setNetwork(network);
    m_wire = std::make_unique<Wire>(m_session, Wire::Mode::Auto, network);
    connect(m_wire.get(), &Wire::problemsChanged, this, &MainWindow::updateBanner);
    connect(m_wire.get(), &Wire::readyChanged, this, [this] {
        if (LabSocket *client = std::exchange(m_deferredClient, nullptr))
            client->resumeConnect();
    });
    connect(m_wire.get(), &Wire::watchFailed, this, [this](const QString &text) {
        m_captureProblem = text;
        updateBanner();
    });
    m_tracker = std::make_unique<StateTracker>(m_session);
    m_captureProblem.clear();
    updateBanner();
}

void MainWindow::watch(const QHostAddress &address, quint16 port)
{
    if (m_wire && !m_wire->watch(address, port)) {
        m_captureProblem = m_wire->errorText();
        updateBanner();
    }
}

void MainWindow::updateBanner()
{
    QString text;
    const Wire *wire = this->wire();
    if (wire && !wire->isLive())
        text = wire->modelledReason();
    else if (!m_captureProblem.isEmpty())
        text = tr("Capture failed: %1").arg(m_captureProblem);
    if (wire && !wire->captureNote().isEmpty())
        text += (text.isEmpty() ? QString() : QStringLiteral("\n")) + wire->captureNote();
    if (wire && wire->truncatedFrames() + wire->malformedFrames() > 0) {
        if (!text.isEmpty())
            text += QLatin1Char('\n');
        text += tr("%n captured frame(s) could not be read and are not in the diagram (last: %1).",
                   nullptr, wire->truncatedFrames() + wire->malformedFrames())
                    .arg(wire->lastProblem());
    }
    m_ui->captureBanner->setText(text);
    m_ui->captureBanner->setVisible(!text.isEmpty());
}

void MainWindow::showDetails(int index)
{
    if (index < 0 || index >= m_session->size()
        || m_session->at(index).kind != Event::Kind::Segment) {
        m_ui->detailsView->setHtml(QStringLiteral("<p style='color:#616161'>%1</p>")
                                       .arg(tr("Click a segment in the diagram to see every field "
                                               "of its header and what it "
                                               "does in this connection.")
                                                .toHtmlEscaped()));
        return;
    }
    const Event &e = m_session->at(index);
    QString html
        = QStringLiteral("<h3>%1 [%2]</h3><p>%3</p>")
              .arg(EventText::flagWords(e.flags).toHtmlEscaped(), e.flagLetters().toHtmlEscaped(),
                   SegmentText::explain(*m_session, index).toHtmlEscaped());
    // What the experiment expected of it and did not get.
    const QString problem = m_ui->ladderView->options().problems.value(e.id);
    if (!problem.isEmpty())
        html += QStringLiteral("<p style='color:#b71c1c'>✗ %1</p>").arg(problem.toHtmlEscaped());
    html += QStringLiteral("<table cellspacing='0' cellpadding='3'>");
    const auto fields = SegmentText::fields(*m_session, index);
    for (const auto &[name, value] : fields) {
        html += QStringLiteral(
                    "<tr><td style='color:#616161; padding-right:12px'>%1</td><td>%2</td></tr>")
                    .arg(name.toHtmlEscaped(), value.toHtmlEscaped());
    }
    html += QStringLiteral("</table>");
    m_ui->detailsView->setHtml(html);
    m_ui->bottomTabs->setCurrentWidget(m_ui->detailsTab);
}

void MainWindow::newSession()
{
    resetScenario();
    statusBar()->showMessage(tr("New session: every socket was closed."), 5000);
}

void MainWindow::setLanguage(const QString &language)
{
    QSettings().setValue(QStringLiteral("language"), language);
    installTranslations(language); // every widget gets LanguageChange and retranslates
    (language == QLatin1String("zh_CN") ? m_ui->chineseAction : m_ui->englishAction)
        ->setChecked(true);
}

void MainWindow::showLoaded(const QString &what)
{
    // A reopened session or a capture file has no live sockets: nothing to capture or drive.
    // Its states are inferred once, from its segments (a file in format 1 keeps none).
    m_tracker.reset();
    StateTracker(m_session).refresh();
    m_wire.reset();
    updateBanner();
    m_ui->ladderView->fitWidth();
    statusBar()->showMessage(what, 8000);
}

void MainWindow::openSession()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open session"), QString(),
                                                      tr("TCP Lab sessions (*.tcplab *.json)"));
    if (!path.isEmpty())
        openSessionFile(path);
}

bool MainWindow::openSessionFile(const QString &path)
{
    QString error;
    Session loaded;
    const std::optional<QByteArray> bytes = InputFile::read(path, InputFile::kSessionLimit, &error);
    if (bytes && loaded.loadJson(*bytes, &error)) {
        resetScenario();
        m_session->loadJson(loaded.toJsonBytes(), &error);
        showLoaded(tr("Opened %1.").arg(path));
        addRecent(QStringLiteral("session"), path);
        return true;
    }
    QMessageBox::warning(this, tr("Open session"),
                         tr("%1 is not a TCP Lab session: %2").arg(path, error));
    return false;
}

void MainWindow::openCapture()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open capture"), QString(), tr("Captures (*.pcap *.pcapng *.cap);;All files (*)"));
    if (!path.isEmpty())
        openCaptureFile(path);
}

bool MainWindow::openCaptureFile(const QString &path, int connection)
{
    CaptureFile capture;
    QString error;
    if (!capture.open(path, &error)) {
        QMessageBox::warning(this, tr("Open capture"), error);
        return false;
    }
    int index = connection >= 0 ? connection : 0;
    if (connection < 0 && capture.connections().size() > 1) {
        QStringList items;
        for (const CaptureConnection &c : capture.connections())
            items << c.summary();
        bool ok = false;
        const QString chosen = QInputDialog::getItem(this, tr("Open capture"),
                                                     tr("Which connection?"), items, 0, false, &ok);
        if (!ok)
            return false;
        index = int(items.indexOf(chosen));
    }
    resetScenario();
    m_tracker.reset();
    m_wire.reset();
    if (!capture.load(index, m_session, &error)) {
        QMessageBox::warning(this, tr("Open capture"), error);
        return false;
    }
    showLoaded(capture.stoppedAt().isEmpty()
                   ? tr("Opened %1.").arg(path)
                   : tr("Opened %1 as far as it could be read: %2").arg(path, capture.stoppedAt()));
    addRecent(QStringLiteral("capture"), path);
    return true;
}

void MainWindow::addRecent(const QString &kind, const QString &path)
{
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("recent")).toStringList();
    const QString entry = kind + QLatin1Char('|') + QFileInfo(path).absoluteFilePath();
    recent.removeAll(entry);
    recent.prepend(entry);
    settings.setValue(QStringLiteral("recent"), recent.mid(0, 8));
    updateRecentMenu();
}

void MainWindow::updateRecentMenu()
{
    m_ui->recentMenu->clear();
    const QStringList recent = QSettings().value(QStringLiteral("recent")).toStringList();
    for (const QString &entry : recent) {
        const QString kind = entry.section(QLatin1Char('|'), 0, 0);
        const QString path = entry.section(QLatin1Char('|'), 1);
        const QString label = kind == QLatin1String("experiment") ? tr("Experiment: %1")
            : kind == QLatin1String("capture")                    ? tr("Capture: %1")
                                                                  : tr("Session: %1");
        QAction *action = m_ui->recentMenu->addAction(label.arg(QFileInfo(path).fileName()));
        action->setToolTip(path);
        connect(action, &QAction::triggered, this, [this, kind, path] {
            if (kind == QLatin1String("experiment"))
                openExperimentFile(path);
            else if (kind == QLatin1String("capture"))
                openCaptureFile(path);
            else
                openSessionFile(path);
        });
    }
    m_ui->recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::savePcap()
{
    const Wire *wire = this->wire();
    const QList<CapturedFrame> frames = wire ? wire->frames() : QList<CapturedFrame>();
    if (frames.isEmpty()) {
        QMessageBox::information(
            this, tr("Save captured frames"),
            tr("There are no captured frames to save: the segments of this session were not "
               "captured live."));
        return;
    }
    const QString path = QFileDialog::getSaveFileName(this, tr("Save captured frames"),
                                                      QStringLiteral("capture.pcap"),
                                                      tr("pcap captures (*.pcap)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!CaptureFile::writePcap(path, frames, &error))
        QMessageBox::warning(this, tr("Save captured frames"), error);
    else
        statusBar()->showMessage(tr("Saved %1.").arg(path), 5000);
}

void MainWindow::exportDiagram()
{
    const QString path
        = QFileDialog::getSaveFileName(this, tr("Export diagram"), QStringLiteral("diagram.png"),
                                       tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document "
                                          "(*.pdf);;Text ladder (*.txt);;Mermaid (*.mmd)"));
    if (path.isEmpty())
        return;
    LadderExport::Options options;
    const qreal middle = options.ladder.middleWidth; // pictures get the export's room for labels
    options.ladder = m_ui->ladderView->options();
    options.ladder.middleWidth = middle;
    options.font = LadderPainter::diagramFont(font());
    // A hand-in: the experiment's name, explanation and verdict when the diagram is its run,
    // the date, and the student's name (asked, and remembered for the next export).
    if (m_runner && m_runner->isDone()) {
        const int index = m_scenarioCombo->currentIndex();
        if (index >= 0 && index < m_scenarios.size()) {
            const Scenario &s = m_scenarios.at(index);
            options.experiment = s.titleIn(Catalogue::language());
            options.explanation = m_explanation;
            options.verdict = QTextDocumentFragment::fromHtml(m_scenarioStatus).toPlainText();
        }
    }
    options.date = QDateTime::currentDateTime();
    {
        QSettings settings;
        bool ok = false;
        const QString student = QInputDialog::getText(
            this, tr("Export diagram"), tr("Your name, written on the picture (optional):"),
            QLineEdit::Normal, settings.value(QStringLiteral("export/student")).toString(), &ok);
        if (!ok)
            return;
        options.student = student.trimmed();
        settings.setValue(QStringLiteral("export/student"), options.student);
    }
    if (path.endsWith(QLatin1String(".png"), Qt::CaseInsensitive)) {
        const QStringList choices
            = {tr("2× (sharp on slides)"), tr("1×"), tr("3×"), tr("2×, transparent background")};
        bool ok = false;
        const QString choice = QInputDialog::getItem(
            this, tr("Export diagram"), tr("PNG size and background:"), choices, 0, false, &ok);
        if (!ok)
            return;
        const int i = int(choices.indexOf(choice));
        options.scale = i == 1 ? 1 : i == 2 ? 3 : 2;
        options.transparent = i == 3;
    }
    QString error;
    if (!LadderExport::write(*m_session, path, options, &error))
        QMessageBox::warning(this, tr("Export diagram"), error);
    else
        statusBar()->showMessage(tr("Saved %1.").arg(path), 5000);
}

void MainWindow::copyDiagram()
{
    LadderExport::Options options;
    options.ladder.connections = m_ui->ladderView->options().connections;
    options.font = LadderPainter::diagramFont(font());
    QString error;
    const QImage image = LadderExport::image(*m_session, options, &error);
    if (image.isNull()) {
        QMessageBox::warning(this, tr("Copy diagram"), error);
        return;
    }
    QGuiApplication::clipboard()->setImage(image);
    statusBar()->showMessage(tr("The diagram is on the clipboard."), 5000);
}

void MainWindow::saveSession()
{
    const QString path
        = QFileDialog::getSaveFileName(this, tr("Save session"), QStringLiteral("session.tcplab"),
                                       tr("TCP Lab sessions (*.tcplab *.json)"));
    if (path.isEmpty())
        return;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(m_session->toJsonBytes()) < 0
        || !file.commit()) {
        QMessageBox::warning(this, tr("Save session"),
                             tr("Could not write %1: %2").arg(path, file.errorString()));
        return;
    }
    statusBar()->showMessage(tr("Saved %1.").arg(path), 5000);
}

void MainWindow::retranslateGuide()
{
    m_tourAction->setText(tr("&Tour of the window"));
    m_ui->bottomTabs->setTabText(m_ui->bottomTabs->indexOf(m_lookForView), tr("What to look for"));
    showLookFor();
}

void MainWindow::showLookFor()
{
    const int index = m_scenarioCombo ? m_scenarioCombo->currentIndex() : -1;
    if (index < 0 || index >= m_scenarios.size()) {
        m_lookForView->clear();
        return;
    }
    const Scenario &s = m_scenarios.at(index);
    const QStringList points = s.lookForIn(Catalogue::language(), networkFor(s));
    QString html
        = QStringLiteral("<p><b>%1</b></p>").arg(s.titleIn(Catalogue::language()).toHtmlEscaped());
    if (points.isEmpty()) {
        html += QStringLiteral("<p style='color:#616161'>%1</p>")
                    .arg(tr("This experiment has no card of what to look for; its explanation is "
                            "above the diagram.")
                             .toHtmlEscaped());
    } else {
        html += QStringLiteral("<ul>");
        for (const QString &point : points)
            html += QStringLiteral("<li>%1</li>").arg(point.toHtmlEscaped());
        html += QStringLiteral("</ul>");
    }
    m_lookForView->setHtml(html);
}

QString MainWindow::tourHtml()
{
    const QList<std::pair<QString, QString>> parts = {
        {tr("The experiment bar"),
         tr("Choose an experiment, then Run (F5) plays it through, Step (F10) makes one call at a "
            "time, and Reset closes every socket. The box above the diagram says what the "
            "experiment shows and, after the run, whether the kernel did what the textbook "
            "predicts.")},
        {tr("The client and server panes"),
         tr("Each pane makes the system calls of one side by hand: listen(), accept(), connect(), "
            "write(), read(), shutdown(), close() and abort. The badge at the top is the TCP "
            "state the kernel reports for that socket. The server listens on a port the kernel "
            "chooses and shows it large, with the address a student's client connects to.")},
        {tr("The diagram"),
         tr("Every segment on the wire is an arrow from the side that sent it, with its flags "
            "(SYN, ACK, FIN, RST), sequence and acknowledgement numbers, and options. States "
            "stand where they happened: filled when a kernel reading confirmed them, dashed when "
            "they come from the segments only. The brackets on the right name the phases: the "
            "three-way handshake, the data transfer and the teardown.")},
        {tr("Details, log and what to look for"),
         tr("Click a segment to see every field of its header and what it does in this "
            "connection. The event log lists every call, segment and state in order. What to "
            "look for is the experiment's card of things to find in the diagram.")},
        {tr("The wire"),
         tr("On the lab network the wire between the two hosts is yours: delay, loss and "
            "reordering, or drop exactly the next segment of one side, and watch the kernel "
            "retransmit.")},
        {tr("In front of a class"),
         tr("View → Present (F11) folds the panes into a bar of calls, fits the whole diagram "
            "to the screen and shows it one segment at a time with the arrow keys, each "
            "explained in large type. Esc brings the panes back.")},
        {tr("Keeping and handing in"),
         tr("File → Export diagram writes PNG, SVG, PDF, text or Mermaid, with the experiment, "
            "its verdict, the date and your name. File → Save session keeps the whole run to "
            "open again.")},
    };
    QString html;
    for (const auto &[title, text] : parts)
        html += QStringLiteral("<h3>%1</h3><p>%2</p>")
                    .arg(title.toHtmlEscaped(), text.toHtmlEscaped());
    return html;
}

void MainWindow::showTour()
{
    QDialog dialog(this);
    dialog.setObjectName(QStringLiteral("tourDialog"));
    dialog.setWindowTitle(tr("A tour of TCP Lab"));
    auto *layout = new QVBoxLayout(&dialog);
    auto *text = new QTextBrowser(&dialog);
    text->setHtml(tourHtml());
    layout->addWidget(text);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    layout->addWidget(buttons);
    // Fits a 1024x700 screen.
    dialog.resize(std::min(720, width() - 40), std::min(560, height() - 40));
    dialog.exec();
}

void MainWindow::about()
{
    QMessageBox::about(this, tr("About TCP Lab"),
                       tr("<h3>TCP Lab %1</h3><p>Drive a real TCP connection one system call at a "
                          "time and see what the kernel does.</p><p>Licensed under the GNU GPL, "
                          "version 3 or later.</p>")
                           .arg(QStringLiteral(TCPLAB_VERSION)));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/splitter"), m_ui->splitter->saveState());
    settings.setValue(QStringLiteral("window/centerSplitter"), m_ui->centerSplitter->saveState());
    QMainWindow::closeEvent(event);
}

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    if (m_scenarioScroll && watched == m_scenarioScroll->viewport()
        && event->type() == QEvent::Resize)
        QMetaObject::invokeMethod(this, &MainWindow::fitScenarioInfo, Qt::QueuedConnection);
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::setupPresenter()
{
    m_presenter
        = new Presenter(this, m_ui->clientPane, m_ui->serverPane, m_ui->ladderView, m_session);
    // Beside the experiment bar, and the calls on a row of their own under it.
    insertToolBar(m_experimentBar, m_presenter->navigationBar());
    insertToolBar(m_presenter->navigationBar(), m_experimentBar);
    addToolBarBreak();
    addToolBar(m_presenter->callBar());
    m_ui->diagramLayout->addWidget(m_presenter->caption());
    m_viewMenu = new QMenu(this);
    m_viewMenu->setObjectName(QStringLiteral("viewMenu"));
    menuBar()->insertMenu(m_ui->languageMenu->menuAction(), m_viewMenu);
    m_presentAction = m_viewMenu->addAction(QString());
    m_presentAction->setObjectName(QStringLiteral("presentAction"));
    m_presentAction->setCheckable(true);
    m_presentAction->setShortcut(QKeySequence(Qt::Key_F11));
    connect(m_presentAction, &QAction::triggered, this,
            [this](bool on) { setPresenting(on, true); });
    retranslatePresenting();
    connect(m_presenter, &Presenter::activeChanged, this, [this](bool on) {
        if (!on && m_presenting)
            setPresenting(false); // left from the bar or with Esc
    });
}

void MainWindow::retranslatePresenting()
{
    m_viewMenu->setTitle(tr("&View"));
    m_presentAction->setText(tr("&Present"));
    m_presentAction->setToolTip(tr("For a projector: the panes fold into a bar of calls, the "
                                   "diagram fills the screen and shows one segment or call at a "
                                   "time (→ and ←), explained in large type."));
    m_presenter->retranslate();
}

void MainWindow::setPresenting(bool on, bool fullScreen)
{
    if (on == m_presenting)
        return;
    m_presenting = on;
    m_presentAction->setChecked(on);
    if (on) {
        // Everything but the experiment bar, the calls and the diagram folds away.
        m_hiddenForPresenting.clear();
        QList<QWidget *> away {m_wireBar,
                               m_ui->bottomTabs,
                               statusBar(),
                               m_scenarioScroll,
                               findChild<QToolBar *>(QStringLiteral("diagramOptions")),
                               m_ui->zoomOutButton,
                               m_ui->fitButton,
                               m_ui->zoomInButton};
        for (int i = 0; i < m_ui->splitter->count(); ++i)
            if (m_ui->splitter->widget(i) != m_ui->centerSplitter)
                away.append(m_ui->splitter->widget(i));
        for (QWidget *w : away) {
            if (w && w->isVisibleTo(this)) {
                m_hiddenForPresenting.append(w);
                w->hide();
            }
        }
        m_wasMaximized = isMaximized();
        m_wasFullScreen = isFullScreen();
        if (fullScreen)
            showFullScreen();
        m_presenter->setActive(true);
    } else {
        m_presenter->setActive(false);
        for (QWidget *w : std::as_const(m_hiddenForPresenting))
            if (w)
                w->show();
        m_hiddenForPresenting.clear();
        if (isFullScreen() && !m_wasFullScreen) {
            if (m_wasMaximized)
                showMaximized();
            else
                showNormal();
        }
        updateCompact();
        showScenarioInfo();
    }
}

void MainWindow::resizeEvent(QResizeEvent *event)
{
    QMainWindow::resizeEvent(event);
    if (m_presenting) // the panes stay folded away
        return;
    updateCompact();
    fitScenarioInfo();
}

void MainWindow::fitToScreen(bool firstTime)
{
    // The first time at a size suited to the screen (1400x900, or 85% of a large screen so
    // that the panes stand side by side; all of a small one); a size kept from a larger
    // screen shrinks to this one.
    const QScreen *screen = this->screen() ? this->screen() : QGuiApplication::primaryScreen();
    if (!screen)
        return;
    const QRect room = screen->availableGeometry();
    // The frame's title bar and borders: what the window manager adds (not yet known before
    // the first show; a typical decoration).
    const QSize frame(frameGeometry().size() - geometry().size());
    const QSize decoration(std::max(frame.width(), 0), std::max(frame.height(), 30));
    const QSize most = room.size() - decoration;
    const QSize wanted = firstTime
        ? QSize(std::max(1400, room.width() * 85 / 100), std::max(900, room.height() * 85 / 100))
        : size();
    const QSize fitted = wanted.boundedTo(most).expandedTo(minimumSizeHint().boundedTo(most));
    if (fitted != size())
        resize(fitted);
    // Panes side by side or as tabs, for this width, before the first show: side by side they
    // would make the layout widen the window again.
    updateCompact();
    if (firstTime || !room.contains(geometry().topLeft()))
        move(room.topLeft()
             + QPoint((room.width() - fitted.width() - decoration.width()) / 2,
                      (room.height() - fitted.height() - decoration.height()) / 2));
}

void MainWindow::fitScenarioInfo()
{
    if (!m_scenarioScroll)
        return;
    // As tall as its text, up to a fifth of the window; then it scrolls. (Laying out rich text
    // is dear: only when the text or the width changed.)
    const int width = m_scenarioScroll->viewport()->width();
    if (m_scenarioLabel->text() == m_fittedText && width == m_fittedWidth
        && height() == m_fittedHeight)
        return;
    m_fittedText = m_scenarioLabel->text();
    m_fittedWidth = width;
    m_fittedHeight = height();
    const int wanted = m_scenarioLabel->heightForWidth(width > 50 ? width : 600) + 4;
    // Growing as lines come (a verdict, a connection left in TIME_WAIT), but not shrinking
    // back as they go while the same experiment is shown: the diagram below stays put.
    const int cap = std::max(90, height() / 5);
    // A box of another width (the window resized, or the panes moved beside the diagram) lays
    // its text out anew.
    if (QSize(width, height()) != m_floorWindowSize) {
        m_floorWindowSize = QSize(width, height());
        m_infoFloor = 0;
    }
    m_infoFloor = std::min(std::max(m_infoFloor, std::min(wanted, cap)), cap);
    m_scenarioScroll->setFixedHeight(m_infoFloor);
}

void MainWindow::updateCompact()
{
    // Side by side the panes need their full width each, and the diagram room for its two
    // lifelines; below that (a 1024-pixel screen) they share one column, as tabs.
    const int diagram = 560;
    const bool compact = width() < 2 * m_paneWidth + diagram;
    // Never narrower than one pane and the diagram at its narrowest (its lifelines 250 px
    // apart): a 1024-pixel screen holds both.
    constexpr int kNarrowestDiagram = 480;
    setMinimumWidth(m_paneWidth + kNarrowestDiagram);
    if (compact == m_compact)
        return;
    m_compact = compact;
    if (compact) {
        if (!m_paneTabs) {
            m_paneTabs = new QTabWidget(this);
            m_paneTabs->setObjectName(QStringLiteral("paneTabs"));
            m_paneTabs->setDocumentMode(true);
        }
        m_paneTabs->addTab(m_ui->clientScroll, tr("Client"));
        m_paneTabs->addTab(m_ui->serverScroll, tr("Server"));
        m_ui->splitter->insertWidget(0, m_paneTabs);
        m_paneTabs->show();
        m_ui->splitter->setStretchFactor(0, 0);
        m_ui->splitter->setStretchFactor(1, 1);
        m_ui->splitter->setSizes({m_paneWidth, width() - m_paneWidth});
    } else if (m_paneTabs) {
        m_ui->splitter->insertWidget(0, m_ui->clientScroll);
        m_ui->splitter->addWidget(m_ui->serverScroll);
        // The tab widget hid the pane that was not its current tab; side by side both show.
        m_ui->clientScroll->show();
        m_ui->serverScroll->show();
        m_paneTabs->hide();
        m_ui->splitter->setStretchFactor(0, 0);
        m_ui->splitter->setStretchFactor(1, 1);
        m_ui->splitter->setStretchFactor(2, 0);
        m_ui->splitter->setSizes({m_paneWidth, width() - 2 * m_paneWidth, m_paneWidth});
    }
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        m_ui->retranslateUi(this);
        retranslatePresenting();
        retranslateGuide();
        if (m_experimentBar) {
            m_runAction->setText(tr("Run"));
            m_stepAction->setText(tr("Step"));
            m_resetAction->setText(tr("Reset"));
            for (int i = 0; i < m_scenarios.size(); ++i)
                m_scenarioCombo->setItemText(i, m_scenarios.at(i).titleIn(Catalogue::language()));
            showScenarioInfo();
        }
        if (m_wireBar) {
            m_wireBar->retranslate();
            updateWireBar();
        }
        m_logModel->retranslate();
        // A finished run's verdict and what it shows, said again in the new language.
        if (m_runner) {
            if (const auto judged = m_runner->retranslate())
                scenarioFinished(judged->code, judged->message);
        }
        if (m_paneTabs) {
            m_paneTabs->setTabText(m_paneTabs->indexOf(m_ui->clientScroll), tr("Client"));
            m_paneTabs->setTabText(m_paneTabs->indexOf(m_ui->serverScroll), tr("Server"));
        }
        updateRecentMenu();
        updateBanner();
        showDetails(m_ui->ladderView->selectedSegment());
    }
    QMainWindow::changeEvent(event);
}

} // namespace tcplab
