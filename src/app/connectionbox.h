#pragma once

#include "socket/labsocket.h"

#include <QPointer>
#include <QWidget>

#include <memory>
#include <optional>

namespace Ui {
class ConnectionBox;
}

class QComboBox;

namespace tcplab {

class Network;

// A pane's engine choice on `network`: Qt's QTcpSocket makes its sockets on this computer's own
// stack, so on the lab network only the system calls are offered.
void offerEngines(QComboBox *engineCombo, const Network *network);

// The controls for one connected socket, shared by the client and the server pane:
// write/read, the three shutdowns, close and abort, socket options and the received bytes.
class ConnectionBox : public QWidget
{
    Q_OBJECT

public:
    explicit ConnectionBox(QWidget *parent = nullptr);
    ~ConnectionBox() override;

    // The socket the buttons act on (nullptr: everything disabled); its engine names the verbs.
    void setSocket(LabSocket *socket);
    // System calls or Qt's QTcpSocket: the verbs, their names and what is possible follow.
    void setEngine(LabSocket::Engine engine);
    LabSocket::Engine engine() const { return m_engine; }
    LabSocket *socket() const { return m_socket; }

    void setMessage(const QString &message);
    QString message() const;
    bool autoRead() const;
    void setAutoRead(bool on);
    // Options chosen before a socket exists, applied when it is made.
    void applyPendingOptions(LabSocket *socket) const;
    // For a socket that exists already (a server's new connection): set the options shown
    // here that it does not have yet, each a recorded setsockopt().
    void applyOptionsNow(LabSocket *socket) const;
    void refresh();

Q_SIGNALS:
    void errorOccurred(const QString &message);
    void actionDone(); // a verb ran: the pane updates its badge and buttons

protected:
    void changeEvent(QEvent *event) override;

private:
    void showReceived();
    void showWritten(const QByteArray &data);
    void applyEngineTexts();
    template<typename Verb> void run(Verb verb);

    std::unique_ptr<Ui::ConnectionBox> m_ui;
    QPointer<LabSocket> m_socket;
    qint64 m_waiting = -1;
    std::optional<QString> m_ownMessage; // the user's text, while a socket's write() shows
    LabSocket::Engine m_engine = LabSocket::Engine::Native;
};

} // namespace tcplab
