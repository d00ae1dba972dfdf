#include "connectionbox.h"
#include "net/network.h"
#include <QComboBox>
#include <QCoreApplication>
#include <QStandardItemModel>

#include "session/eventtext.h"
#include "socket/labsocket.h"
#include "ui_connectionbox.h"

#include <algorithm>

namespace tcplab {

void offerEngines(QComboBox *engineCombo, const Network *network)
{
    const bool lab = network && network->kind() == Network::Kind::Lab;
    if (auto *model = qobject_cast<QStandardItemModel *>(engineCombo->model())) {
        if (QStandardItem *qt = model->item(1)) {
            qt->setEnabled(!lab);
            qt->setToolTip(lab ? ConnectionBox::tr("Qt's QTcpSocket makes its sockets on this "
                                                   "computer's own stack: choose Network → "
                                                   "Loopback to use it.")
                               : QString());
        }
    }
    if (lab && engineCombo->currentIndex() == 1)
        engineCombo->setCurrentIndex(0);
}

ConnectionBox::ConnectionBox(QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::ConnectionBox>())
{
    m_ui->setupUi(this);
    m_ui->receivedView->setMinimumHeight(m_ui->receivedView->fontMetrics().lineSpacing() * 2 + 12);
    m_ui->receivedView->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_ui->disconnectButton->hide();

    connect(m_ui->writeButton, &QPushButton::clicked, this, [this] {
        run([this] { return m_socket->write(m_ui->messageEdit->text().toUtf8()) >= 0; });
    });
    connect(m_ui->messageEdit, &QLineEdit::returnPressed, m_ui->writeButton, &QPushButton::click);
    connect(m_ui->readButton, &QPushButton::clicked, this, [this] {
        run([this] {
            m_waiting = -1;
            return m_socket->read() >= 0;
        });
    });
    connect(m_ui->shutWrButton, &QPushButton::clicked, this, [this] {
        run([this] { return m_socket->shutdown(LabSocket::Shutdown::Write) == 0; });
    });
    connect(m_ui->shutRdButton, &QPushButton::clicked, this,
            [this] { run([this] { return m_socket->shutdown(LabSocket::Shutdown::Read) == 0; }); });
    connect(m_ui->shutRdwrButton, &QPushButton::clicked, this,
            [this] { run([this] { return m_socket->shutdown(LabSocket::Shutdown::Both) == 0; }); });
    connect(m_ui->closeButton, &QPushButton::clicked, this,
            [this] { run([this] { return m_socket->close() == 0; }); });
    connect(m_ui->abortButton, &QPushButton::clicked, this,
            [this] { run([this] { return m_socket->abort() == 0; }); });
    connect(m_ui->disconnectButton, &QPushButton::clicked, this,
            [this] { run([this] { return m_socket->disconnectFromHost() == 0; }); });
    connect(m_ui->autoReadCheck, &QCheckBox::toggled, this, [this](bool on) {
        if (m_socket)
            m_socket->setAutoRead(on);
        refresh();
    });
    connect(m_ui->noDelayCheck, &QCheckBox::toggled, this, [this](bool on) {
        if (m_socket && m_socket->options().noDelay != on)
            run([this, on] { return m_socket->setNoDelay(on) == 0; });
    });
    connect(m_ui->corkCheck, &QCheckBox::toggled, this, [this](bool on) {
        if (m_socket && m_socket->options().cork != on)
            run([this, on] { return m_socket->setCork(on) == 0; });
    });
    auto lingerChanged = [this] {
        const bool on = m_ui->lingerCheck->isChecked();
        const int seconds = m_ui->lingerSpin->value();
        if (m_socket
            && (m_socket->options().linger != on || m_socket->options().lingerSeconds != seconds))
            run([this, on, seconds] { return m_socket->setLinger(on, seconds) == 0; });
    };
    connect(m_ui->lingerCheck, &QCheckBox::toggled, this, lingerChanged);
    connect(m_ui->lingerSpin, &QSpinBox::editingFinished, this, lingerChanged);
    connect(m_ui->hexCheck, &QCheckBox::toggled, this, &ConnectionBox::showReceived);
    refresh();
}

ConnectionBox::~ConnectionBox() = default;

template<typename Verb> void ConnectionBox::run(Verb verb)
{
    if (!m_socket)
        return;
    QPointer<LabSocket> socket = m_socket;
    if (!verb() && socket)
        Q_EMIT errorOccurred(socket->lastErrorText());
    refresh();
    Q_EMIT actionDone();
}

void ConnectionBox::showWritten(const QByteArray &data)
{
    // An experiment's write() shows in the field what it sent (the user's own text comes back
    // with the next socket); a long or binary one, how much.
    if (!m_ownMessage)
        m_ownMessage = m_ui->messageEdit->text();
    const QString text = QString::fromUtf8(data);
    const bool printable = data.size() <= 200 && text.toUtf8() == data
        && std::all_of(text.begin(), text.end(), [](QChar c) { return c.isPrint(); });
    if (printable) {
        m_ui->messageEdit->setText(text);
    } else {
        m_ui->messageEdit->clear();
        m_ui->messageEdit->setPlaceholderText(
            tr("The last write() sent %n byte(s).", nullptr, int(data.size())));
    }
}

void ConnectionBox::setSocket(LabSocket *socket)
{
    if (m_socket == socket) {
        refresh();
        return;
    }
    if (m_socket)
        disconnect(m_socket, nullptr, this, nullptr);
    m_socket = socket;
    if (m_ownMessage) { // what the user had typed, before an experiment's write() showed
        m_ui->messageEdit->setText(*m_ownMessage);
        m_ui->messageEdit->setPlaceholderText(
            QCoreApplication::translate("ConnectionBox", "Message to send"));
        m_ownMessage.reset();
    }
    m_waiting = -1;
    if (m_socket) {
        setEngine(m_socket->engine());
        connect(m_socket, &LabSocket::dataReceived, this, &ConnectionBox::showReceived);
        connect(m_socket, &LabSocket::dataWritten, this, &ConnectionBox::showWritten);
        connect(m_socket, &LabSocket::dataWaiting, this, [this](qint64 bytes) {
            m_waiting = bytes;
            refresh();
        });
        connect(m_socket, &LabSocket::errorOccurred, this,
                [this](int, const QString &message) { Q_EMIT errorOccurred(message); });
        for (auto signal : {&LabSocket::endOfFile, &LabSocket::closed, &LabSocket::connected})
            connect(m_socket, signal, this, &ConnectionBox::refresh);
        connect(m_socket, &LabSocket::stateChanged, this, &ConnectionBox::refresh);
        // Show the options this socket really has.
        const LabSocket::Options options = m_socket->options();
        const QSignalBlocker b1(m_ui->noDelayCheck), b2(m_ui->corkCheck), b3(m_ui->lingerCheck),
            b4(m_ui->lingerSpin), b5(m_ui->autoReadCheck);
        m_ui->noDelayCheck->setChecked(options.noDelay);
        m_ui->corkCheck->setChecked(options.cork);
        m_ui->lingerCheck->setChecked(options.linger);
        m_ui->lingerSpin->setValue(options.lingerSeconds);
        m_ui->autoReadCheck->setChecked(m_socket->autoRead());
    }
    showReceived();
    refresh();
}

void ConnectionBox::setMessage(const QString &message)
{
    m_ui->messageEdit->setText(message);
}

QString ConnectionBox::message() const
{
    return m_ui->messageEdit->text();
}

bool ConnectionBox::autoRead() const
{
    return m_ui->autoReadCheck->isChecked();
}

void ConnectionBox::setAutoRead(bool on)
{
    m_ui->autoReadCheck->setChecked(on);
}

void ConnectionBox::applyPendingOptions(LabSocket *socket) const
{
    LabSocket::Options options;
    options.noDelay = m_ui->noDelayCheck->isChecked();
    options.cork = m_ui->corkCheck->isChecked();
    options.linger = m_ui->lingerCheck->isChecked();
    options.lingerSeconds = m_ui->lingerSpin->value();
    if (socket->engine() == LabSocket::Engine::Qt)
        options.cork = options.linger = false; // not in Qt's API (the boxes are disabled)
    socket->setPendingOptions(options);
    socket->setAutoRead(autoRead());
}

void ConnectionBox::applyOptionsNow(LabSocket *socket) const
{
    const LabSocket::Options has = socket->options();
    if (m_ui->noDelayCheck->isChecked() && !has.noDelay)
        socket->setNoDelay(true);
    if (socket->engine() == LabSocket::Engine::Qt) {
        socket->setAutoRead(autoRead());
        return;
    }
    if (m_ui->corkCheck->isChecked() && !has.cork)
        socket->setCork(true);
    if (m_ui->lingerCheck->isChecked()
        && (!has.linger || has.lingerSeconds != m_ui->lingerSpin->value()))
        socket->setLinger(true, m_ui->lingerSpin->value());
    socket->setAutoRead(autoRead());
}

void ConnectionBox::setEngine(LabSocket::Engine engine)
{
    if (engine == m_engine)
        return;
    m_engine = engine;
    m_ui->retranslateUi(this);
    applyEngineTexts();
    refresh();
}

void ConnectionBox::applyEngineTexts()
{
    const bool qt = m_engine == LabSocket::Engine::Qt;
    m_ui->disconnectButton->setVisible(qt);
    if (!qt)
        return; // the form's own texts are the system calls'
    m_ui->writeButton->setToolTip(
        tr("QTcpSocket::write(): the bytes go into Qt's buffer; Qt sends them from the event "
           "loop and then emits bytesWritten()."));
    m_ui->readButton->setText(QStringLiteral("readAll()"));
    m_ui->readButton->setToolTip(
        tr("QTcpSocket::readAll(): what Qt has already read from the kernel into its buffer."));
    m_ui->autoReadCheck->setToolTip(
        tr("Call readAll() on readyRead(). Qt reads from the kernel by itself either way; off, "
           "the bytes wait in Qt's buffer."));
    const QString noShutdown = LabSocket::notInQt(LabSocket::NotInQt::Shutdown);
    for (QPushButton *b : {m_ui->shutWrButton, m_ui->shutRdButton, m_ui->shutRdwrButton})
        b->setToolTip(noShutdown);
    m_ui->closeButton->setToolTip(
        tr("QTcpSocket::close(): Qt sends what it still buffers, closes the descriptor (FIN) and "
           "closes the device."));
    m_ui->abortButton->setText(QStringLiteral("abort()"));
    m_ui->abortButton->setToolTip(
        tr("QTcpSocket::abort(): Qt drops what it still buffers and closes the descriptor. The "
           "kernel sends FIN, not RST."));
    m_ui->noDelayCheck->setText(QStringLiteral("LowDelayOption"));
    m_ui->noDelayCheck->setToolTip(
        tr("setSocketOption(QAbstractSocket::LowDelayOption, 1): TCP_NODELAY underneath."));
    m_ui->corkCheck->setToolTip(LabSocket::notInQt(LabSocket::NotInQt::Cork));
    m_ui->lingerCheck->setToolTip(LabSocket::notInQt(LabSocket::NotInQt::Linger));
    m_ui->lingerSpin->setToolTip(LabSocket::notInQt(LabSocket::NotInQt::Linger));
}

void ConnectionBox::refresh()
{
    const bool qt = m_engine == LabSocket::Engine::Qt;
    // A QTcpSocket stays usable (write() returns -1) after Qt closed the connection itself.
    const bool open = m_socket && (qt ? m_socket->isHeld() : m_socket->isOpen());
    const bool connected = open && (qt || m_socket->isConnected());
    m_ui->writeButton->setEnabled(connected);
    m_ui->readButton->setEnabled(connected);
    m_ui->shutWrButton->setEnabled(connected && !qt);
    m_ui->shutRdButton->setEnabled(connected && !qt);
    m_ui->shutRdwrButton->setEnabled(connected && !qt);
    m_ui->closeButton->setEnabled(open);
    m_ui->abortButton->setEnabled(open);
    m_ui->disconnectButton->setEnabled(open && m_socket->isConnected());
    // Qt's API has no TCP_CORK and no SO_LINGER.
    m_ui->corkCheck->setEnabled(!qt);
    m_ui->lingerCheck->setEnabled(!qt);
    m_ui->lingerSpin->setEnabled(!qt);
    QString waiting;
    if (qt && open && m_socket->eofSeen()) {
        waiting = tr("The peer sent FIN (or RST): Qt closed this socket itself "
                     "(RemoteHostClosedError). write() now returns -1.");
    } else if (qt && connected && !m_socket->autoRead() && m_waiting > 0) {
        waiting = tr("%n byte(s) waiting in Qt's buffer", nullptr, int(m_waiting));
    } else if (connected && !m_socket->autoRead()) {
        if (m_socket->eofSeen())
            waiting = tr("read() returned 0: end-of-file");
        else if (m_waiting > 0)
            waiting = tr("%n byte(s) waiting", nullptr, int(m_waiting));
        else if (m_waiting == 0)
            waiting = tr("end-of-file or an error is waiting");
    } else if (open && m_socket->eofSeen()) {
        waiting = tr("end-of-file: the peer sent FIN");
    }
    m_ui->waitingLabel->setText(waiting);
    m_ui->waitingLabel->setVisible(!waiting.isEmpty());
}

void ConnectionBox::showReceived()
{
    const QByteArray bytes = m_socket ? m_socket->received() : QByteArray();
    if (m_ui->hexCheck->isChecked())
        m_ui->receivedView->setPlainText(QString::fromLatin1(bytes.toHex(' ')));
    else
        m_ui->receivedView->setPlainText(QString::fromUtf8(bytes));
    // Non-UTF-8 bytes cannot be shown as text: switch to hex by itself.
    if (!m_ui->hexCheck->isChecked() && !bytes.isEmpty()
        && printableBytes(bytes, int(bytes.size())).startsWith(QLatin1Char('"')) == false)
        m_ui->receivedView->setPlainText(QString::fromLatin1(bytes.toHex(' ')));
    m_ui->receivedView->moveCursor(QTextCursor::End);
}

void ConnectionBox::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        m_ui->retranslateUi(this);
        applyEngineTexts();
        refresh();
    }
    QWidget::changeEvent(event);
}

} // namespace tcplab
