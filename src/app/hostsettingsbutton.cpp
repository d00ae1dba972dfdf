#include "hostsettingsbutton.h"

#include "net/hostsettings.h"
#include "net/network.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QVBoxLayout>

#include <functional>

namespace tcplab {

HostSettingsButton::HostSettingsButton(Side host, QWidget *parent)
    : QToolButton(parent)
    , m_host(host)
{
    setObjectName(host == Side::Client ? QStringLiteral("clientHostSettings")
                                       : QStringLiteral("serverHostSettings"));
    setToolButtonStyle(Qt::ToolButtonTextOnly);
    connect(this, &QToolButton::clicked, this, &HostSettingsButton::edit);
    retranslate();
}

void HostSettingsButton::setHost(Network *network, const QMap<QString, QString> &changes)
{
    m_network = network;
    m_changes = changes;
    retranslate();
}

void HostSettingsButton::retranslate()
{
    setText(m_changes.isEmpty() ? tr("TCP settings")
                                : tr("TCP settings (%n changed)", nullptr, int(m_changes.size())));
    setEnabled(m_network != nullptr);
}

bool HostSettingsButton::event(QEvent *event)
{
    // The values in force change while an experiment runs: read them when they are shown.
    if (event->type() == QEvent::ToolTip)
        setToolTip(describe());
    return QToolButton::event(event);
}

QString HostSettingsButton::describe() const
{
    const bool lab = m_network && m_network->kind() == Network::Kind::Lab;
    QStringList lines;
    lines.append(m_host == Side::Client ? tr("The client host's TCP settings in force:")
                                        : tr("The server host's TCP settings in force:"));
    lines.append(HostSetting::summary(m_network, m_host));
    for (auto it = m_changes.begin(); it != m_changes.end(); ++it)
        lines.append(tr("The experiment sets %1 = %2.").arg(it.key(), it.value()));
    if (!lab)
        lines.append(tr("This experiment runs on this computer's own stack: its settings can be "
                        "changed only by an administrator (sysctl)."));
    return lines.join(QLatin1Char('\n'));
}

void HostSettingsButton::edit()
{
    if (!m_network)
        return;
    const bool lab = m_network->kind() == Network::Kind::Lab;
    QDialog dialog(this);
    dialog.setObjectName(QStringLiteral("hostSettingsDialog"));
    dialog.setWindowTitle(m_host == Side::Client ? tr("The client host's TCP settings")
                                                 : tr("The server host's TCP settings"));
    auto *layout = new QVBoxLayout(&dialog);
    auto *intro = new QLabel(lab ? tr("These settings apply to this host of the lab network from "
                                      "the experiment's next run on. The SYN's options show them "
                                      "on the wire.")
                                 : tr("This experiment runs on this computer's own stack. These "
                                      "are its settings; only an administrator can change them "
                                      "(sysctl)."),
                             &dialog);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto *form = new QFormLayout;
    layout->addLayout(form);

    // Each row: how to read its widget back as the sysctl's text, and how to show a value.
    struct Row
    {
        HostSetting setting;
        QString inForce;
        std::function<QString()> value;
        std::function<void(const QString &)> show;
    };
    QList<Row> rows;
    for (const HostSetting &s : HostSetting::forHost(m_host)) {
        Row row {s, m_network->tcpSysctl(m_host, s.name).value_or(QString()).simplified(), {}, {}};
        QWidget *editor = nullptr;
        switch (s.kind) {
        case HostSetting::Kind::Switch: {
            auto *box = new QCheckBox(&dialog);
            row.value = [box] {
                return box->isChecked() ? QStringLiteral("1") : QStringLiteral("0");
            };
            row.show = [box](const QString &v) {
                box->setChecked(v.toInt() != 0);
            };
            editor = box;
            break;
        }
        case HostSetting::Kind::Choice: {
            auto *combo = new QComboBox(&dialog);
            combo->addItems(s.choices());
            row.value = [combo] {
                return QString::number(combo->currentIndex());
            };
            row.show = [combo](const QString &v) {
                combo->setCurrentIndex(v.toInt());
            };
            editor = combo;
            break;
        }
        case HostSetting::Kind::Number: {
            auto *spin = new QSpinBox(&dialog);
            spin->setRange(s.min, s.max);
            row.value = [spin] {
                return QString::number(spin->value());
            };
            row.show = [spin](const QString &v) {
                spin->setValue(v.toInt());
            };
            editor = spin;
            break;
        }
        case HostSetting::Kind::Buffer: {
            auto *box = new QWidget(&dialog);
            auto *h = new QHBoxLayout(box);
            h->setContentsMargins(0, 0, 0, 0);
            QList<QSpinBox *> spins;
            for (int i = 0; i < 3; ++i) {
                auto *spin = new QSpinBox(box);
                spin->setRange(s.min, s.max);
                spin->setSingleStep(4096);
                spin->setToolTip(i == 0 ? tr("least") : i == 1 ? tr("first") : tr("largest"));
                h->addWidget(spin);
                spins.append(spin);
            }
            row.value = [spins] {
                return QStringLiteral("%1 %2 %3")
                    .arg(spins[0]->value())
                    .arg(spins[1]->value())
                    .arg(spins[2]->value());
            };
            row.show = [spins](const QString &v) {
                const QStringList n = v.split(QLatin1Char(' '), Qt::SkipEmptyParts);
                for (int i = 0; i < 3 && i < n.size(); ++i)
                    spins[i]->setValue(n[i].toInt());
            };
            editor = box;
            break;
        }
        }
        editor->setObjectName(s.name);
        editor->setToolTip(s.help());
        editor->setEnabled(lab && !row.inForce.isEmpty());
        row.show(m_changes.value(s.name, row.inForce));
        auto *label = new QLabel(s.label(), &dialog);
        label->setToolTip(s.help());
        form->addRow(label, editor);
        rows.append(row);
    }

    auto *buttons = new QDialogButtonBox(
        lab ? QDialogButtonBox::Ok | QDialogButtonBox::Cancel : QDialogButtonBox::Close, &dialog);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    // Back to the host's own settings: the experiment changes none. (A button of its own: a
    // standard one would take Qt's text again when the language changes.)
    bool cleared = false;
    if (lab) {
        QPushButton *restore
            = buttons->addButton(tr("Change nothing"), QDialogButtonBox::ResetRole);
        restore->setObjectName(QStringLiteral("changeNothing"));
        restore->setToolTip(tr("The experiment runs with the host's own settings."));
        connect(restore, &QPushButton::clicked, &dialog, [&dialog, &cleared] {
            cleared = true;
            dialog.accept();
        });
    }
    if (dialog.exec() != QDialog::Accepted || !lab)
        return;
    QMap<QString, QString> changes;
    for (const Row &row : std::as_const(rows)) {
        const QString value = row.value();
        // What differs from the values in force, and what the experiment changed already and
        // the student left as it was (in force while its run is on screen).
        const bool kept = m_changes.value(row.setting.name) == value;
        if (!cleared && !row.inForce.isEmpty() && (value != row.inForce || kept)
            && row.setting.accepts(value))
            changes.insert(row.setting.name, value);
    }
    m_changes = changes;
    retranslate();
    Q_EMIT changesEdited(changes);
}

} // namespace tcplab
