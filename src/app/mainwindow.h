#pragma once

#include "session/event.h"

#include <QHostAddress>
#include <QMainWindow>
#include <QPointer>

class QComboBox;
class QMenu;
class QLabel;
class QScrollArea;
class QTabWidget;
class QTextBrowser;
class QToolBar;
class QTimer;

#include <memory>

namespace Ui {
class MainWindow;
}

namespace tcplab {

class ClientPane;
class EventLogModel;
class LabNetwork;
class LabSocket;
class Network;
class WireBar;
class Presenter;
class LadderView;
class ServerPane;
class Session;
class StateTracker;
class ScenarioRunner;
class Wire;
struct Scenario;

// Client pane on the left, server pane on the right (as in the textbook figure), and between
// them the ladder diagram of what really happened, with a segment's details and the full
// event log below it.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    Session *session() const { return m_session; }
    ClientPane *clientPane() const;
    ServerPane *serverPane() const;
    LadderView *ladderView() const;
    EventLogModel *logModel() const { return m_logModel; }
    const Wire *wire() const;
    ScenarioRunner *runner() const { return m_runner.get(); }
    // The lab network, built the first time an experiment can use it; nullptr where the
    // system refuses (labError() says why and how to allow it).
    LabNetwork *labNetwork();
    QString labError() const { return m_labError; }
    WireBar *wireBar() const { return m_wireBar; }
    // The experiment bar: choose a scenario, run it, step through it, reset.
    void selectScenario(const QString &id);
    void runScenario();
    void stepScenario();
    void resetScenario();
    // Presentation mode (View → Present, F11): the panes fold into a bar of calls, the ladder
    // fits the window and is revealed step by step. `fullScreen`: on the whole screen.
    void setPresenting(bool on, bool fullScreen = true);
    bool isPresenting() const { return m_presenting; }
    Presenter *presenter() const { return m_presenter; }
    // Help → Tour of the window: what each part of the window is, in the window's language.
    static QString tourHtml();
    // Switches the whole window to English ("en") or Simplified Chinese ("zh_CN") at once and
    // remembers the choice.
    void setLanguage(const QString &language);
    // Open by path (the File menu's dialogs and the recent list end here); false on failure.
    bool openExperimentFile(const QString &path);
    bool openSessionFile(const QString &path);
    bool openCaptureFile(const QString &path, int connection = -1);

protected:
    void changeEvent(QEvent *event) override;
    // Narrow windows (1024 pixels) get the two panes as tabs beside the diagram.
    void resizeEvent(QResizeEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;
    void closeEvent(QCloseEvent *event) override; // remembers the window's geometry and layout

private:
    void newSession();
    void startWire();
    void watch(const QHostAddress &address, quint16 port);
    void showDetails(int eventIndex);
    void updateBanner();
    void saveSession();
    void about();
    void setupExperimentBar();
    void setupPresenter();
    void retranslatePresenting();
    void retranslateGuide();
    void showLookFor(); // the experiment's card of what to look for
    void showTour(); // Help → Tour of the window
    bool startScenario();
    void scenarioFinished(int exitCode, const QString &message);
    void showScenarioInfo();
    void openExperiment();
    void openSession();
    void openCapture();
    void savePcap();
    void exportDiagram();
    void copyDiagram();
    void showLoaded(const QString &what); // after a session or capture replaced the run
    void addRecent(const QString &kind, const QString &path);
    void updateRecentMenu();

    std::unique_ptr<Ui::MainWindow> m_ui;
    // Declared before what uses it, so destroyed after: a runner gives the lab's hosts their
    // settings back as it goes (ASan found the other order).
    std::unique_ptr<LabNetwork> m_lab;
    Session *m_session;
    EventLogModel *m_logModel;
    std::unique_ptr<Wire> m_wire;
    std::unique_ptr<StateTracker> m_tracker;
    QString m_captureProblem;
    QPointer<LabSocket> m_deferredClient; // its SYN waits for the capture helper to start
    QList<Scenario> m_scenarios;
    std::unique_ptr<ScenarioRunner> m_runner;
    bool m_labTried = false;
    QString m_labError;
    WireBar *m_wireBar = nullptr;
    Presenter *m_presenter = nullptr;
    QMenu *m_viewMenu = nullptr;
    QAction *m_presentAction = nullptr;
    QAction *m_tourAction = nullptr;
    QTextBrowser *m_lookForView = nullptr;
    bool m_presenting = false;
    bool m_wasMaximized = false;
    bool m_wasFullScreen = false;
    QList<QPointer<QWidget>> m_hiddenForPresenting;
    // Where an experiment runs: the lab network when it can, else this computer's stack.
    Network *networkFor(const Scenario &scenario);
    void updateWireBar();
    QToolBar *m_experimentBar = nullptr;
    QComboBox *m_scenarioCombo = nullptr;
    QAction *m_runAction = nullptr;
    QAction *m_stepAction = nullptr;
    QAction *m_resetAction = nullptr;
    QLabel *m_scenarioLabel = nullptr;
    QScrollArea *m_scenarioScroll = nullptr;
    void fitScenarioInfo();
    void fitToScreen(bool firstTime); // the window's size and place on this screen
    QString m_fittedText;
    int m_fittedWidth = 0;
    int m_fittedHeight = 0;
    int m_infoFloor = 0; // the info box never shrinks while one experiment is shown
    // The client's port field before an experiment's server took it over (scenarioFinished).
    std::optional<QString> m_clientPortBeforeRun;
    QSize m_floorWindowSize; // ... in a window of this size
    QString m_scenarioStatus;
    // The experiment's text with this kernel's values put in, made once per experiment and
    // language (it reads the sysctls and the route), not at every step.
    QString m_explanation;
    int m_explanationIndex = -1;
    QString m_explanationLanguage;
    // Connections an earlier run left in TIME_WAIT: still shown, with their countdown, after
    // Reset (sock_diag is asked once a second until they are gone).
    struct Lingering
    {
        QHostAddress local;
        quint16 localPort = 0;
        QHostAddress peer;
        quint16 peerPort = 0;
        qint64 remainingMs = 0;
        // Whose kernel keeps it: this computer's, or a lab network host's (which outlives runs).
        Network *network = nullptr;
        Side side = Side::Client;
    };
    QList<Lingering> m_lingering;
    QTimer *m_lingerTimer = nullptr;
    // The network the panes' own sockets use (nullptr: loopback); switching starts anew.
    Network *panesNetwork();
    void setPanesOnLab(bool on, bool announce = true);
    bool m_panesOnLab = true;
    void rememberTimeWait();
    void updateLingering();
    void applyMarks();
    void updateCompact();
    bool m_compact = false;
    int m_paneWidth = 0; // what one pane needs, its scroll bar included
    QTabWidget *m_paneTabs = nullptr;
};

} // namespace tcplab
