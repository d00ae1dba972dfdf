#pragma once

#include <QObject>
#include <QPointer>
#include <QTimer>

class QAction;
class QLabel;
class QMainWindow;
class QPushButton;
class QToolBar;

namespace tcplab {

class ClientPane;
class LadderView;
class ServerPane;
class Session;

// Presentation mode (View → Present, F11): for a projector. The panes fold away into one bar
// of their calls, the ladder fits the window both ways, and the arrow keys reveal it segment
// by segment and call by call, the current one lit and explained in large type below.
class Presenter : public QObject
{
    Q_OBJECT

public:
    Presenter(QMainWindow *window, ClientPane *client, ServerPane *server, LadderView *ladder,
              Session *session);

    QToolBar *callBar() const { return m_bar; }
    QToolBar *navigationBar() const { return m_navigation; }
    QLabel *caption() const { return m_caption; }
    bool isActive() const { return m_active; }
    void setActive(bool on);
    // Step by step (the arrow keys): the next or previous segment or call.
    void next();
    void previous();
    void first();
    void last();
    int step() const;
    int steps() const;
    void retranslate();

Q_SIGNALS:
    void activeChanged(bool on);

private:
    void addCall(const QString &side, QPushButton *button);
    void syncCalls(); // the bar's calls enabled as the panes' buttons are
    void show(int step);
    void explain();

    QMainWindow *m_window;
    ClientPane *m_client;
    ServerPane *m_server;
    LadderView *m_ladder;
    QPointer<Session> m_session;
    QToolBar *m_bar;
    QToolBar *m_navigation;
    QLabel *m_caption;
    QLabel *m_counter = nullptr;
    QLabel *m_serverLabel = nullptr;
    QLabel *m_clientLabel = nullptr;
    QAction *m_previous = nullptr;
    QAction *m_next = nullptr;
    QAction *m_exit = nullptr;
    QList<std::pair<QAction *, QPointer<QPushButton>>> m_calls;
    QTimer m_sync;
    bool m_active = false;
    bool m_atEnd = true; // follow a growing session while the last step is shown
};

} // namespace tcplab
