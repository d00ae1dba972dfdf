#include "serverpane.h"

#include <QListWidget>

#include "clientpane.h"
#include "hostsettingsbutton.h"
#include "lab/classserver.h"
#include "lab/seedserver.h"
#include "net/network.h"
#include "socket/errortext.h"
#include "socket/labsocket.h"
#include "socket/listener.h"
#include "socket/sockaddr.h"
#include "statebadge.h"
#include "ui_serverpane.h"

namespace tcplab {

ServerPane::ServerPane(QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::ServerPane>())
    , m_seed(new SeedServer(this))
{
    m_ui->setupUi(this);
    m_hostSettings = new HostSettingsButton(Side::Server, this);
    m_ui->headerLayout->insertWidget(2, m_hostSettings);
    QFont title = m_ui->titleLabel->font();
    title.setBold(true);
    title.setPointSizeF(title.pointSizeF() * 1.5);
    m_ui->titleLabel->setFont(title);
    m_ui->errorLabel->setStyleSheet(QStringLiteral("color: #b71c1c;"));
    m_ui->errorLabel->hide();
    m_ui->printedLabel->hide();
    // Port 0: the kernel chooses a free port, so two users of one computer (a lab room's
    // shared machines) never meet by accident, as they did on a fixed 45001 with "Accept
    // automatically"; the port it chose is shown large, to be read out to a class.
    m_ui->portEdit->setText(QStringLiteral("0"));
    m_ui->serveLabel->hide();
    setNetwork(nullptr);
    // A port takes five digits: the room goes to the address (the lab network's 198.51.100.2
    // is longer than 127.0.0.1).
    m_ui->portEdit->setMaximumWidth(
        m_ui->portEdit->fontMetrics().horizontalAdvance(QStringLiteral("000000")) + 16);
    m_ui->bindCombo->setMinimumContentsLength(12);
    m_ui->bindCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_ui->connectionBox->setMessage(QString());

    connect(m_ui->listenButton, &QPushButton::clicked, this, &ServerPane::listenClicked);
    connect(m_ui->portEdit, &QLineEdit::returnPressed, m_ui->listenButton, &QPushButton::click);
    connect(m_ui->acceptButton, &QPushButton::clicked, this, &ServerPane::acceptClicked);
    connect(m_ui->stopButton, &QPushButton::clicked, this, &ServerPane::stopClicked);
    connect(m_ui->autoAcceptCheck, &QCheckBox::toggled, this, [this](bool on) {
        if (m_listener)
            m_listener->setAutoAccept(on);
        refresh();
    });
    connect(m_ui->connectionList, &QListWidget::currentRowChanged, this, [this](int row) {
        LabSocket *socket
            = row >= 0 && row < m_connections.size() ? m_connections.at(row).data() : nullptr;
        m_ui->connectionBox->setSocket(socket);
        refresh();
        Q_EMIT selectedConnectionChanged(socket);
    });
    connect(m_ui->connectionBox, &ConnectionBox::errorOccurred, this, &ServerPane::showError);
    connect(m_ui->connectionBox, &ConnectionBox::actionDone, this, &ServerPane::refresh);
    connect(m_ui->engineCombo, &QComboBox::currentIndexChanged, this, [this] {
        applyEngine();
        refresh();
    });

    auto syncSeed = [this] {
        m_seed->setReplyEnabled(m_ui->replyCheck->isChecked());
        m_seed->setReply(m_ui->replyEdit->text().toUtf8());
        m_seed->setCloseAfterReply(m_ui->closeAfterCheck->isChecked());
        m_ui->replyEdit->setEnabled(m_ui->replyCheck->isChecked());
    };
    connect(m_ui->replyCheck, &QCheckBox::toggled, this, syncSeed);
    connect(m_ui->closeAfterCheck, &QCheckBox::toggled, this, syncSeed);
    connect(m_ui->replyEdit, &QLineEdit::textChanged, this, syncSeed);
    syncSeed();
    connect(m_seed, &SeedServer::messageReceived, this,
            [this](LabSocket *socket, const QByteArray &message) {
                m_ui->printedLabel->setText(tr("Connection #%1: Here is the message: %2")
                                                .arg(socket->conn())
                                                .arg(QString::fromUtf8(message)));
                m_ui->printedLabel->show();
            });
    connect(m_seed, &SeedServer::served, this, &ServerPane::refresh);
    refresh();
}

ServerPane::~ServerPane() = default;

void ServerPane::setNetwork(Network *network)
{
    m_network = network;
    // The server host's own addresses: on the lab network its address and all of them (its
    // loopback is its own, where the lab's client cannot reach).
    const QStringList addresses = network
        ? QStringList {network->address(Side::Server).toString(), QStringLiteral("0.0.0.0")}
        : QStringList {QStringLiteral("127.0.0.1"), QStringLiteral("0.0.0.0"),
                       QStringLiteral("::1"), QStringLiteral("::")};
    const QSignalBlocker blocker(m_ui->bindCombo);
    m_ui->bindCombo->clear();
    m_ui->bindCombo->addItems(addresses);
    m_ui->bindCombo->setCurrentIndex(0);
    offerEngines(m_ui->engineCombo, network);
}

LabSocket::Engine ServerPane::engine() const
{
    return m_ui->engineCombo->currentIndex() == 1 ? LabSocket::Engine::Qt
                                                  : LabSocket::Engine::Native;
}

void ServerPane::applyEngine()
{
    const bool qt = engine() == LabSocket::Engine::Qt;
    m_ui->listenButton->setToolTip(
        qt ? tr("QTcpServer::listen(): Qt makes the socket, sets SO_REUSEADDR, binds and listens.")
           : tr("bind() and listen(): the socket enters LISTEN and the kernel answers SYNs."));
    m_ui->acceptButton->setText(qt ? QStringLiteral("nextPendingConnection()")
                                   : QStringLiteral("accept()"));
    m_ui->acceptButton->setToolTip(
        qt ? tr("QTcpServer::nextPendingConnection(): Qt accepted the connection as soon as it "
                "arrived; this hands over its QTcpSocket.")
           : tr("accept(): take one finished connection from the accept queue."));
    m_ui->autoAcceptCheck->setToolTip(
        qt ? tr("Call nextPendingConnection() on newConnection(). Off: the connections Qt accepted "
                "wait in its queue until you press nextPendingConnection().")
           : tr("Call accept() as soon as a handshake completes. Off: connections wait in the "
                "accept queue until you press accept()."));
    // QTcpServer::listen() always sets SO_REUSEADDR on Unix: there is nothing to choose.
    if (qt) {
        m_ui->reuseCheck->setChecked(true);
        m_ui->reuseCheck->setToolTip(tr("QTcpServer::listen() always sets SO_REUSEADDR on Unix."));
    }
    if (!selectedSocket())
        m_ui->connectionBox->setEngine(engine());
}

void ServerPane::setSession(Session *session)
{
    m_session = session;
}

void ServerPane::reset()
{
    m_ui->connectionBox->setSocket(nullptr);
    for (const auto &socket : std::as_const(m_connections))
        delete socket.data();
    m_connections.clear();
    if (m_listener && m_listener->parent() == this)
        delete m_listener.data();
    m_listener = nullptr;
    m_answerLikeArticle = true;
    m_queued = 0;
    m_ui->errorLabel->hide();
    m_ui->printedLabel->hide();
    refreshList();
    refresh();
}

LabSocket *ServerPane::selectedSocket() const
{
    const int row = m_ui->connectionList->currentRow();
    return row >= 0 && row < m_connections.size() ? m_connections.at(row).data() : nullptr;
}

void ServerPane::adopt(Listener *listener)
{
    reset();
    m_listener = listener;
    m_answerLikeArticle = false;
    connect(listener, &Listener::accepted, this, &ServerPane::addConnection);
    connect(listener, &Listener::queueChanged, this, [this](int queued) {
        m_queued = queued;
        refresh();
    });
    const QSignalBlocker blocker(m_ui->autoAcceptCheck);
    m_ui->autoAcceptCheck->setChecked(listener->settings().autoAccept);
    {
        const QSignalBlocker engineBlocker(m_ui->engineCombo);
        m_ui->engineCombo->setCurrentIndex(listener->settings().qt ? 1 : 0);
    }
    applyEngine();
    refresh();
}

void ServerPane::listenClicked()
{
    m_ui->errorLabel->hide();
    quint16 port = 0; // an empty field: the kernel chooses, as for 0
    if (!m_ui->portEdit->text().trimmed().isEmpty()
        && !parsePort(m_ui->portEdit->text(), true, &port)) {
        showOwnError([text = m_ui->portEdit->text()] { return ErrorText::invalidPort(text); });
        m_ui->portEdit->setFocus();
        return;
    }
    QHostAddress address;
    if (!address.setAddress(m_ui->bindCombo->currentText().trimmed())) {
        showOwnError([text = m_ui->bindCombo->currentText()] {
            return tr("\"%1\" is not an IP address. Listen on 127.0.0.1 (this computer only) or "
                      "0.0.0.0 (all interfaces).")
                .arg(text);
        });
        return;
    }
    if (!m_listener || m_listener->parent() != this) {
        m_answerLikeArticle = true;
        m_listener = new Listener(m_session, this);
        connect(m_listener, &Listener::accepted, this, &ServerPane::addConnection);
        connect(m_listener, &Listener::queueChanged, this, [this](int queued) {
            m_queued = queued;
            refresh();
        });
    }
    Listener::Settings settings;
    settings.address = address;
    settings.port = port;
    settings.backlog = m_ui->backlogSpin->value();
    settings.reuseAddress = m_ui->reuseCheck->isChecked();
    settings.autoAccept = m_ui->autoAcceptCheck->isChecked();
    settings.qt = engine() == LabSocket::Engine::Qt;
    settings.network = settings.qt ? nullptr : m_network;
    if (!m_listener->start(settings)) {
        showError(m_listener->errorText());
        refresh();
        return;
    }
    Q_EMIT statusMessage(tr("Listening on %1 port %2.")
                             .arg(m_listener->serverAddress().toString())
                             .arg(m_listener->serverPort()));
    Q_EMIT listening(m_listener->serverAddress(), m_listener->serverPort());
    refresh();
}

void ServerPane::acceptClicked()
{
    if (!m_listener)
        return;
    m_ui->errorLabel->hide();
    if (!m_listener->acceptOne())
        showError(m_listener->errorText());
    refresh();
}

void ServerPane::stopClicked()
{
    if (m_listener)
        m_listener->stop();
    refresh();
}

void ServerPane::addConnection(LabSocket *socket)
{
    m_connections.append(socket);
    // New connections take the options the pane shows (as a server sets them after accept()).
    // An experiment's connections follow its own steps instead.
    if (m_answerLikeArticle) {
        m_ui->connectionBox->applyOptionsNow(socket);
        m_seed->serve(socket);
    }
    connect(socket, &LabSocket::stateChanged, this, &ServerPane::refreshList);
    connect(socket, &LabSocket::closed, this, &ServerPane::refreshList);
    refreshList();
    // Follow the newest connection unless the user is looking at another open one.
    LabSocket *current = selectedSocket();
    if (!current || !current->isHeld())
        m_ui->connectionList->setCurrentRow(int(m_connections.size()) - 1);
    refresh();
}

void ServerPane::refreshList()
{
    // In place: only a row whose text changed is set again (laying out every row's text on
    // every state change made a class of 300 connections slower with each one).
    const int row = m_ui->connectionList->currentRow();
    const QSignalBlocker blocker(m_ui->connectionList);
    int shown = 0;
    for (const auto &socket : std::as_const(m_connections)) {
        if (!socket)
            continue;
        // After close() the kernel may hold the connection a while (TIME_WAIT): say both.
        const std::optional<TcpState> kernel = socket->state();
        QString text;
        if (socket->isHeld())
            text = tr("#%1  from %2  %3")
                       .arg(socket->conn())
                       .arg(socket->peerName(), socket->stateName());
        else if (kernel && *kernel != TcpState::Closed)
            text = tr("#%1  from %2  closed(), the kernel holds it in %3")
                       .arg(socket->conn())
                       .arg(socket->peerName(), tcpStateName(*kernel));
        else
            text = tr("#%1  from %2  closed()").arg(socket->conn()).arg(socket->peerName());
        if (QListWidgetItem *item = m_ui->connectionList->item(shown)) {
            if (item->text() != text)
                item->setText(text);
        } else {
            m_ui->connectionList->addItem(text);
        }
        ++shown;
    }
    while (m_ui->connectionList->count() > shown)
        delete m_ui->connectionList->takeItem(m_ui->connectionList->count() - 1);
    m_ui->connectionList->setCurrentRow(row);
    refresh();
}

QStringList ServerPane::addressesToConnectTo() const
{
    if (!m_listener || !m_listener->isListening())
        return {};
    const QHostAddress bound = m_listener->serverAddress();
    const bool any = bound == QHostAddress::AnyIPv4 || bound == QHostAddress::AnyIPv6
        || bound == QHostAddress::Any;
    if (any && m_network && m_listener->settings().network) // the lab's server host: its own
        return {m_network->address(Side::Server).toString()};
    return ClassServer::addressesToConnectTo(bound);
}

void ServerPane::showWhereToConnect()
{
    // Large enough to read out to a class: the port, and where a client connects.
    const QStringList addresses = addressesToConnectTo();
    if (addresses.isEmpty()) {
        m_ui->serveLabel->hide();
        m_ui->serveLabel->clear();
        return;
    }
    const quint16 port = m_listener->serverPort();
    const qreal size = QFont().pointSizeF() * 1.7;
    QStringList where;
    for (const QString &address : addresses.mid(0, 3))
        where.append(QStringLiteral("<b>%1</b>").arg(address.toHtmlEscaped()));
    const bool thisComputerOnly = m_listener->serverAddress().isLoopback();
    const QString how = thisComputerOnly ? tr("Clients on this computer connect to %1, port %2.")
                                         : tr("Clients connect to %1, port %2.");
    const QString html
        = QStringLiteral("<span style='font-size:%1pt; font-weight:bold;'>%2</span><br>%3")
              .arg(size, 0, 'f', 1)
              .arg(tr("Listening on port %1").arg(port).toHtmlEscaped(),
                   how.arg(where.join(QStringLiteral(", ")), QString::number(port)));
    if (m_ui->serveLabel->text() != html)
        m_ui->serveLabel->setText(html);
    m_ui->serveLabel->show();
}

void ServerPane::showOwnError(std::function<QString()> make)
{
    const QString message = make();
    showError(message);
    m_errorMaker = std::move(make);
}

void ServerPane::showError(const QString &message)
{
    m_errorMaker = nullptr;
    m_ui->errorLabel->setText(message);
    m_ui->errorLabel->setVisible(!message.isEmpty());
    Q_EMIT statusMessage(message);
}

void ServerPane::showAdoptedSettings()
{
    // An experiment's listener works with its own settings: the disabled fields show those
    // while it listens, not what the user typed (which comes back afterwards).
    const bool adopted = m_listener && m_listener->parent() != this && m_listener->isListening();
    if (adopted && !m_ownFields) {
        m_ownFields = Fields {m_ui->bindCombo->currentText(), m_ui->portEdit->text(),
                              m_ui->backlogSpin->value(), m_ui->reuseCheck->isChecked()};
        const Listener::Settings settings = m_listener->settings();
        m_ui->bindCombo->setCurrentText(settings.address.toString());
        m_ui->portEdit->setText(QString::number(m_listener->serverPort()));
        m_ui->backlogSpin->setValue(settings.backlog);
        m_ui->reuseCheck->setChecked(settings.reuseAddress);
    } else if (!adopted && m_ownFields) {
        m_ui->bindCombo->setCurrentText(m_ownFields->address);
        m_ui->portEdit->setText(m_ownFields->port);
        m_ui->backlogSpin->setValue(m_ownFields->backlog);
        m_ui->reuseCheck->setChecked(m_ownFields->reuse);
        m_ownFields.reset();
    }
}

void ServerPane::refresh()
{
    showAdoptedSettings();
    const bool listening = m_listener && m_listener->isListening();
    m_ui->listenButton->setEnabled(!listening);
    m_ui->stopButton->setEnabled(listening);
    m_ui->acceptButton->setEnabled(listening && !m_ui->autoAcceptCheck->isChecked());
    for (QWidget *w :
         {static_cast<QWidget *>(m_ui->bindCombo), static_cast<QWidget *>(m_ui->portEdit),
          static_cast<QWidget *>(m_ui->backlogSpin), static_cast<QWidget *>(m_ui->reuseCheck)})
        w->setEnabled(!listening);
    const bool qt = engine() == LabSocket::Engine::Qt;
    if (qt)
        m_ui->reuseCheck->setEnabled(false);
    m_ui->engineCombo->setEnabled(!listening);
    if (listening && !m_ui->autoAcceptCheck->isChecked() && qt)
        m_ui->queueLabel->setText(
            tr("%n connection(s) waiting for nextPendingConnection()", nullptr, m_queued));
    else if (listening && !m_ui->autoAcceptCheck->isChecked())
        m_ui->queueLabel->setText(tr("%n connection(s) waiting for accept()", nullptr, m_queued));
    else
        m_ui->queueLabel->clear();
    showWhereToConnect();

    LabSocket *socket = selectedSocket();
    if (socket)
        showStateBadge(m_ui->stateBadge, socket->state(), !socket->isHeld());
    else
        showStateBadge(m_ui->stateBadge,
                       listening ? std::optional<TcpState>(TcpState::Listen) : std::nullopt);
    m_ui->connectionBox->refresh();
}

void ServerPane::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        const QSignalBlocker blocker(m_ui->engineCombo);
        const int index = m_ui->engineCombo->currentIndex();
        m_ui->retranslateUi(this);
        m_hostSettings->retranslate();
        if (m_errorMaker && !m_ui->errorLabel->isHidden())
            m_ui->errorLabel->setText(m_errorMaker());
        m_ui->engineCombo->setCurrentIndex(index);
        applyEngine();
        refreshList();
    }
    QWidget::changeEvent(event);
}

} // namespace tcplab
