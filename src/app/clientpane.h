#pragma once

#include "socket/labsocket.h"

#include <QPointer>
#include <QWidget>

#include <functional>

#include <memory>
#include <optional>

namespace Ui {
class ClientPane;
}

namespace tcplab {

class HostSettingsButton;

class Network;
class Session;

// The client side of the lab: where to connect, connect(), and the connection's controls.
class ClientPane : public QWidget
{
    Q_OBJECT

public:
    explicit ClientPane(QWidget *parent = nullptr);
    ~ClientPane() override;

    void setSession(Session *session);
    void setServerPort(quint16 port);
    // The port field as the user left it (its text), and given back.
    QString serverPortText() const;
    void setServerPortText(const QString &text); // prefill from the server pane
    // Where the pane's sockets are made (nullptr: this computer's own stack); the server's
    // address follows it.
    void setNetwork(Network *network);
    void setMessage(const QString &message);
    void reset(); // drop the socket (closing it quietly) and clear errors
    // Show and drive a socket an experiment made (not owned: the experiment keeps it).
    void adopt(LabSocket *socket);

    LabSocket *socket() const { return m_socket; }

    // The host's TCP settings, in the header.
    HostSettingsButton *hostSettings() const { return m_hostSettings; }

Q_SIGNALS:
    void statusMessage(const QString &message);
    // Right before connect() sends its SYN: the moment to make sure capture is watching.
    void aboutToConnect(const QHostAddress &address, quint16 port);

protected:
    void changeEvent(QEvent *event) override;

private:
    std::function<QString()> m_errorMaker; // how the shown error was made, if by the pane
    void connectClicked();
    void showError(const QString &message); // made already (by the core): kept as it is
    // A message of the pane's own, made again in the new language after a switch.
    void showOwnError(std::function<QString()> make);
    void refresh();
    LabSocket::Engine engine() const;
    void applyEngine(); // names the verbs after the chosen API
    void showAdoptedAddresses(); // an experiment's socket: its addresses in the fields

    HostSettingsButton *m_hostSettings = nullptr;
    std::unique_ptr<Ui::ClientPane> m_ui;
    Session *m_session = nullptr;
    Network *m_network = nullptr;
    QPointer<LabSocket> m_socket;
    // What the user had typed (address, port, local port), kept while the fields show an
    // experiment's socket.
    std::optional<QStringList> m_ownFields;
};

} // namespace tcplab
