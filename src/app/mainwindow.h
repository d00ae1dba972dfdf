#pragma once

#include <QMainWindow>

#include <memory>

namespace Ui {
class MainWindow;
}

namespace tcplab {

class ClientPane;
class EventLogModel;
class ServerPane;
class Session;

// Client pane on the left, server pane on the right (as in the textbook ladder figure), and
// between them what happened: for now the event log, later the ladder diagram.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    Session *session() const { return m_session; }
    ClientPane *clientPane() const;
    ServerPane *serverPane() const;
    EventLogModel *logModel() const { return m_logModel; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void newSession();
    void saveSession();
    void about();

    std::unique_ptr<Ui::MainWindow> m_ui;
    Session *m_session;
    EventLogModel *m_logModel;
};

} // namespace tcplab
