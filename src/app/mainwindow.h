#pragma once

#include <QHostAddress>
#include <QMainWindow>

#include <memory>

namespace Ui {
class MainWindow;
}

namespace tcplab {

class ClientPane;
class EventLogModel;
class LadderView;
class ServerPane;
class Session;
class StateInference;
class Wire;

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
    const Wire *wire() const { return m_wire.get(); }

protected:
    void changeEvent(QEvent *event) override;

private:
    void newSession();
    void startWire();
    void watch(const QHostAddress &address, quint16 port);
    void showDetails(int eventIndex);
    void updateBanner();
    void saveSession();
    void about();

    std::unique_ptr<Ui::MainWindow> m_ui;
    Session *m_session;
    EventLogModel *m_logModel;
    std::unique_ptr<Wire> m_wire;
    std::unique_ptr<StateInference> m_inference;
    QString m_captureProblem;
};

} // namespace tcplab
