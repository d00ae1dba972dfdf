#pragma once

#include "session/event.h"

#include <QMap>
#include <QToolButton>

namespace tcplab {

class Network;

// A lab host's TCP settings, in its pane's header: the button says how many the experiment
// changes and lists the values in force; pressed, it opens a dialog that changes them for the
// experiment's next run (as the experiment's own "tcp" would).
class HostSettingsButton : public QToolButton
{
    Q_OBJECT

public:
    HostSettingsButton(Side host, QWidget *parent = nullptr);

    // The host's network (nullptr or loopback: the settings are this computer's, and only shown)
    // and the changes the experiment makes (sysctl name -> value).
    void setHost(Network *network, const QMap<QString, QString> &changes);
    QMap<QString, QString> changes() const { return m_changes; }
    void retranslate();
    // The values in force, one a line (as the tool tip shows them, read when it is shown).
    QString describe() const;

Q_SIGNALS:
    void changesEdited(const QMap<QString, QString> &changes);

protected:
    bool event(QEvent *event) override;

private:
    void edit();

    Side m_host;
    Network *m_network = nullptr;
    QMap<QString, QString> m_changes;
};

} // namespace tcplab
