#pragma once

#include "socket/listener.h"

#include "socket/labsocket.h"
#include <QHostAddress>
#include <QList>

#include <QPointer>
#include <QWidget>

#include <functional>

#include <memory>
#include <optional>

namespace Ui {
class ServerPane;
}

namespace tcplab {

class HostSettingsButton;

class LabSocket;

class Network;
class SeedServer;
class Session;

// The server side of the lab: listen/accept with their settings, the accepted connections
// (the selected one is shown and driven), and the article's server.c behaviour.
class ServerPane : public QWidget
{
    Q_OBJECT

public:
    explicit ServerPane(QWidget *parent = nullptr);
    ~ServerPane() override;

    void setSession(Session *session);
    void reset(); // close the listener and every connection quietly
    // Where the pane listens (nullptr: this computer's own stack): the addresses it offers are
    // that host's.
    void setNetwork(Network *network);
    // Show and drive a listener an experiment made (not owned; no server.c answering).
    void adopt(Listener *listener);

    Listener *listener() const { return m_listener; }
    // Where a client (a student's, on another machine) connects while this pane listens: the
    // bound address, or for 0.0.0.0 this computer's addresses other machines reach.
    QStringList addressesToConnectTo() const;
    LabSocket *selectedSocket() const;
    int connectionCount() const { return int(m_connections.size()); }

    // The host's TCP settings, in the header.
    HostSettingsButton *hostSettings() const { return m_hostSettings; }

Q_SIGNALS:
    void listening(const QHostAddress &address, quint16 port);
    void selectedConnectionChanged(tcplab::LabSocket *socket);
    void statusMessage(const QString &message);

protected:
    void changeEvent(QEvent *event) override;

private:
    std::function<QString()> m_errorMaker; // how the shown error was made, if by the pane
    void listenClicked();
    void acceptClicked();
    void stopClicked();
    void addConnection(LabSocket *socket);
    void showError(const QString &message); // made already (by the core): kept as it is
    // A message of the pane's own, made again in the new language after a switch.
    void showOwnError(std::function<QString()> make);
    void refresh();
    void showWhereToConnect(); // the port, large, and the addresses to connect to
    LabSocket::Engine engine() const;
    void applyEngine(); // names the verbs after the chosen API
    void refreshList();
    void showAdoptedSettings(); // an experiment's listener: its settings in the fields

    HostSettingsButton *m_hostSettings = nullptr;
    std::unique_ptr<Ui::ServerPane> m_ui;
    Session *m_session = nullptr;
    QPointer<Listener> m_listener;
    bool m_answerLikeArticle = true;
    SeedServer *m_seed = nullptr;
    Network *m_network = nullptr;
    QList<QPointer<LabSocket>> m_connections;
    int m_queued = 0;
    // What the user had typed, kept while the fields show an experiment's listener.
    struct Fields
    {
        QString address;
        QString port;
        int backlog = 0;
        bool reuse = false;
    };
    std::optional<Fields> m_ownFields;
};

} // namespace tcplab
