#pragma once

#include "session/event.h"

#include <QToolBar>

class QLabel;
class QLineEdit;

namespace tcplab {

// The lab network's wire, in the window: its spec (the syntax of --wire: "delay=50ms,
// drop=client:fin"), and for step mode "drop" and "hold" of the next segment from either side,
// pressed before the call that sends it.
class WireBar : public QToolBar
{
    Q_OBJECT

public:
    explicit WireBar(QWidget *parent = nullptr);

    void setSpec(const QString &spec);
    QString spec() const;
    // Whether the current experiment runs on the lab network (else the bar says why not).
    void setAvailable(bool available, const QString &why = {});
    void retranslate();

Q_SIGNALS:
    void specApplied(const QString &spec);
    void dropNext(tcplab::Side from);
    void holdNext(tcplab::Side from);
    void problem(const QString &message); // a spec that does not parse, in words

private:
    void apply();

    QLabel *m_label;
    QLineEdit *m_spec;
    QAction *m_apply;
    QAction *m_dropClient;
    QAction *m_holdClient;
    QAction *m_dropServer;
    QAction *m_holdServer;
    QLabel *m_note;
};

} // namespace tcplab
