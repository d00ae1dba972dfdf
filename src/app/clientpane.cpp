#include "clientpane.h"

#include "connectionbox.h"
#include "hostsettingsbutton.h"
#include "net/network.h"
#include "socket/errortext.h"
#include "socket/labsocket.h"
#include "socket/sockaddr.h"
#include "statebadge.h"
#include "ui_clientpane.h"

namespace tcplab {

ClientPane::ClientPane(QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::ClientPane>())
{
    m_ui->setupUi(this);
    m_hostSettings = new HostSettingsButton(Side::Client, this);
    m_ui->headerLayout->insertWidget(2, m_hostSettings);
    QFont title = m_ui->titleLabel->font();
    title.setBold(true);
    title.setPointSizeF(title.pointSizeF() * 1.5);
    m_ui->titleLabel->setFont(title);
    m_ui->errorLabel->setStyleSheet(QStringLiteral("color: #b71c1c;"));
    m_ui->errorLabel->hide();
    m_ui->connectionBox->setMessage(QStringLiteral("hello"));
    connect(m_ui->connectButton, &QPushButton::clicked, this, &ClientPane::connectClicked);
    for (QLineEdit *edit : {m_ui->hostEdit, m_ui->portEdit, m_ui->localPortEdit})
        connect(edit, &QLineEdit::returnPressed, m_ui->connectButton, &QPushButton::click);
    connect(m_ui->connectionBox, &ConnectionBox::errorOccurred, this, &ClientPane::showError);
    connect(m_ui->connectionBox, &ConnectionBox::actionDone, this, &ClientPane::refresh);
    connect(m_ui->engineCombo, &QComboBox::currentIndexChanged, this, &ClientPane::applyEngine);
    refresh();
}

LabSocket::Engine ClientPane::engine() const
{
    return m_ui->engineCombo->currentIndex() == 1 ? LabSocket::Engine::Qt
                                                  : LabSocket::Engine::Native;
}

void ClientPane::applyEngine()
{
    const bool qt = engine() == LabSocket::Engine::Qt;
    m_ui->connectButton->setText(qt ? QStringLiteral("connectToHost()")
                                    : QStringLiteral("connect()"));
    m_ui->connectButton->setToolTip(
        qt ? tr("QTcpSocket::connectToHost(): Qt makes the socket and calls connect(); it emits "
                "connected() once the handshake is done.")
           : tr("connect(): the kernel sends SYN and the three-way handshake begins."));
    if (!m_socket || !m_socket->isHeld())
        m_ui->connectionBox->setEngine(engine());
}

ClientPane::~ClientPane() = default;

void ClientPane::setSession(Session *session)
{
    m_session = session;
}

void ClientPane::setServerPort(quint16 port)
{
    // While an experiment's socket shows its own addresses, the user's port waits for them.
    setServerPortText(QString::number(port));
}

QString ClientPane::serverPortText() const
{
    return m_ownFields && m_ownFields->size() > 1 ? m_ownFields->at(1) : m_ui->portEdit->text();
}

void ClientPane::setServerPortText(const QString &text)
{
    if (m_ownFields && m_ownFields->size() > 1)
        (*m_ownFields)[1] = text;
    else
        m_ui->portEdit->setText(text);
}

void ClientPane::setNetwork(Network *network)
{
    // The default target is the server of the network in use; an address typed by hand stays.
    const QString before
        = m_network ? m_network->address(Side::Server).toString() : QStringLiteral("127.0.0.1");
    m_network = network;
    const QString now
        = network ? network->address(Side::Server).toString() : QStringLiteral("127.0.0.1");
    QLineEdit *host = m_ui->hostEdit;
    if (m_ownFields && !m_ownFields->isEmpty() && m_ownFields->first() == before)
        (*m_ownFields)[0] = now;
    else if (host->text().trimmed().isEmpty() || host->text().trimmed() == before)
        host->setText(now);
    offerEngines(m_ui->engineCombo, network);
}

void ClientPane::setMessage(const QString &message)
{
    m_ui->connectionBox->setMessage(message);
}

void ClientPane::reset()
{
    m_ui->connectionBox->setSocket(nullptr);
    if (m_socket && m_socket->parent() == this)
        delete m_socket;
    m_socket = nullptr;
    m_ui->errorLabel->hide();
    refresh();
}

void ClientPane::adopt(LabSocket *socket)
{
    reset();
    m_socket = socket;
    {
        const QSignalBlocker blocker(m_ui->engineCombo);
        m_ui->engineCombo->setCurrentIndex(socket->engine() == LabSocket::Engine::Qt ? 1 : 0);
    }
    applyEngine();
    connect(socket, &LabSocket::stateChanged, this, &ClientPane::refresh);
    connect(socket, &LabSocket::connected, this, &ClientPane::refresh);
    connect(socket, &LabSocket::closed, this, &ClientPane::refresh);
    connect(socket, &LabSocket::failed, this, [this](int, const QString &message) {
        showError(message);
        refresh();
    });
    m_ui->connectionBox->setSocket(socket);
    refresh();
}

void ClientPane::connectClicked()
{
    m_ui->errorLabel->hide();
    quint16 port = 0;
    if (m_ui->portEdit->text().trimmed().isEmpty()) {
        showOwnError([] {
            return tr("Enter the server's port first: the server pane shows it, large, once it "
                      "listens (the kernel chooses a free one).");
        });
        m_ui->portEdit->setFocus();
        return;
    }
    if (!parsePort(m_ui->portEdit->text(), false, &port)) {
        showOwnError([text = m_ui->portEdit->text()] { return ErrorText::invalidPort(text); });
        m_ui->portEdit->setFocus();
        return;
    }
    quint16 localPort = 0;
    if (!m_ui->localPortEdit->text().trimmed().isEmpty()
        && !parsePort(m_ui->localPortEdit->text(), false, &localPort)) {
        showOwnError([text = m_ui->localPortEdit->text()] { return ErrorText::invalidPort(text); });
        m_ui->localPortEdit->setFocus();
        return;
    }
    if (m_socket && m_socket->isBusy()) {
        showOwnError([] { return tr("This client is still connected: close() it first."); });
        return;
    }
    if (m_socket && m_socket->parent() == this)
        delete m_socket;
    m_socket = new LabSocket(m_session, Side::Client, 0, this);
    m_socket->setEngine(engine());
    if (engine() == LabSocket::Engine::Native)
        m_socket->setNetwork(m_network);
    m_ui->connectionBox->applyPendingOptions(m_socket);
    connect(m_socket, &LabSocket::failed, this, [this](int, const QString &message) {
        showError(message);
        refresh();
    });
    connect(m_socket, &LabSocket::stateChanged, this, &ClientPane::refresh);
    connect(m_socket, &LabSocket::connected, this, [this] {
        Q_EMIT statusMessage(tr("Connected from %1:%2 to %3.")
                                 .arg(m_socket->localAddress().toString())
                                 .arg(m_socket->localPort())
                                 .arg(m_socket->peerName()));
        refresh();
    });
    connect(m_socket, &LabSocket::closed, this, &ClientPane::refresh);
    connect(m_socket, &LabSocket::aboutToConnect, this, &ClientPane::aboutToConnect);
    m_ui->connectionBox->setSocket(m_socket);
    m_socket->connectToHost(m_ui->hostEdit->text(), port, localPort);
    refresh();
}

void ClientPane::showOwnError(std::function<QString()> make)
{
    const QString message = make();
    showError(message);
    m_errorMaker = std::move(make);
}

void ClientPane::showError(const QString &message)
{
    m_errorMaker = nullptr;
    m_ui->errorLabel->setText(message);
    m_ui->errorLabel->setVisible(!message.isEmpty());
    Q_EMIT statusMessage(message);
}

void ClientPane::showAdoptedAddresses()
{
    // An experiment's socket connects where the experiment says: while it is busy the
    // disabled fields show its addresses, and the user's own come back afterwards.
    const bool adopted
        = m_socket && m_socket->parent() != this && m_socket->isBusy() && m_socket->peerPort() != 0;
    QLineEdit *const edits[] = {m_ui->hostEdit, m_ui->portEdit, m_ui->localPortEdit};
    if (adopted && !m_ownFields) {
        m_ownFields = QStringList();
        for (QLineEdit *edit : edits)
            m_ownFields->append(edit->text());
        m_ui->hostEdit->setText(m_socket->peerAddress().toString());
        m_ui->portEdit->setText(QString::number(m_socket->peerPort()));
        m_ui->localPortEdit->setText(
            m_socket->localPort() != 0 ? QString::number(m_socket->localPort()) : QString());
    } else if (!adopted && m_ownFields) {
        for (int i = 0; i < 3; ++i)
            edits[i]->setText(m_ownFields->at(i));
        m_ownFields.reset();
    }
}

void ClientPane::refresh()
{
    showAdoptedAddresses();
    const bool busy = m_socket && m_socket->isBusy();
    m_ui->connectButton->setEnabled(!busy);
    m_ui->engineCombo->setEnabled(!busy);
    m_ui->hostEdit->setEnabled(!busy);
    m_ui->portEdit->setEnabled(!busy);
    m_ui->localPortEdit->setEnabled(!busy);
    showStateBadge(m_ui->stateBadge, m_socket ? m_socket->state() : std::nullopt,
                   m_socket && !m_socket->isHeld() && !m_socket->isConnecting());
    m_ui->connectionBox->refresh();
}

void ClientPane::changeEvent(QEvent *event)
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
        refresh();
    }
    QWidget::changeEvent(event);
}

} // namespace tcplab
