#include "wirebar.h"

#include "net/labnetwork.h"

#include <QLabel>
#include <QLineEdit>

namespace tcplab {

WireBar::WireBar(QWidget *parent)
    : QToolBar(parent)
    , m_label(new QLabel(this))
    , m_spec(new QLineEdit(this))
    , m_note(new QLabel(this))
{
    setObjectName(QStringLiteral("wireBar"));
    setMovable(false);
    m_label->setContentsMargins(4, 0, 4, 0);
    addWidget(m_label);
    m_spec->setObjectName(QStringLiteral("wireSpec"));
    m_spec->setClearButtonEnabled(true);
    m_spec->setMinimumWidth(220);
    addWidget(m_spec);
    m_apply = addAction(QString(), this, &WireBar::apply);
    m_apply->setObjectName(QStringLiteral("wireApply"));
    connect(m_spec, &QLineEdit::returnPressed, this, &WireBar::apply);
    addSeparator();
    m_dropClient = addAction(QString(), this, [this] { Q_EMIT dropNext(Side::Client); });
    m_dropClient->setObjectName(QStringLiteral("dropClientNext"));
    m_holdClient = addAction(QString(), this, [this] { Q_EMIT holdNext(Side::Client); });
    m_holdClient->setObjectName(QStringLiteral("holdClientNext"));
    m_dropServer = addAction(QString(), this, [this] { Q_EMIT dropNext(Side::Server); });
    m_dropServer->setObjectName(QStringLiteral("dropServerNext"));
    m_holdServer = addAction(QString(), this, [this] { Q_EMIT holdNext(Side::Server); });
    m_holdServer->setObjectName(QStringLiteral("holdServerNext"));
    m_note->setObjectName(QStringLiteral("wireNote"));
    m_note->setContentsMargins(6, 0, 4, 0);
    addWidget(m_note);
    retranslate();
}

void WireBar::retranslate()
{
    setWindowTitle(tr("Wire"));
    m_label->setText(tr("Wire:"));
    m_spec->setToolTip(
        tr("What the lab network's wire does, per direction (client: or server: is the sender): "
           "delay=50ms, jitter=5ms, rate=1mbit, loss=5%, mtu=576, drop=client:fin, "
           "drop=server:data#2, dup=client:data@30ms, hold=client:data, rst=server:data. "
           "Press Enter to apply."));
    m_spec->setPlaceholderText(tr("a perfect wire (for example: delay=50ms,drop=client:fin)"));
    m_apply->setText(tr("Apply"));
    m_dropClient->setText(tr("Drop client's next"));
    m_dropClient->setToolTip(tr("The next segment the client sends is lost on the wire."));
    m_holdClient->setText(tr("Hold client's next"));
    m_holdClient->setToolTip(
        tr("The next segment the client sends is held back and delivered after the one that "
           "follows it (reordering)."));
    m_dropServer->setText(tr("Drop server's next"));
    m_dropServer->setToolTip(tr("The next segment the server sends is lost on the wire."));
    m_holdServer->setText(tr("Hold server's next"));
    m_holdServer->setToolTip(
        tr("The next segment the server sends is held back and delivered after the one that "
           "follows it (reordering)."));
}

void WireBar::setSpec(const QString &spec)
{
    m_spec->setText(spec);
}

QString WireBar::spec() const
{
    return m_spec->text().trimmed();
}

void WireBar::setAvailable(bool available, const QString &why)
{
    for (QAction *a : {m_apply, m_dropClient, m_holdClient, m_dropServer, m_holdServer})
        a->setEnabled(available);
    m_spec->setEnabled(available);
    m_note->setText(available ? QString() : why);
    m_note->setVisible(!available && !why.isEmpty());
}

void WireBar::apply()
{
    QString error;
    if (!LabNetwork::checkWireSpec(spec(), &error)) {
        Q_EMIT problem(error);
        return;
    }
    Q_EMIT specApplied(spec());
}

} // namespace tcplab
