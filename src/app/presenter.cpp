#include "presenter.h"

#include "clientpane.h"
#include "ladderview.h"
#include "serverpane.h"
#include "session/eventtext.h"
#include "session/segmentexplain.h"
#include "session/session.h"

#include <QAction>
#include <QLabel>
#include <QMainWindow>
#include <QPushButton>
#include <QToolBar>

namespace tcplab {

Presenter::Presenter(QMainWindow *window, ClientPane *client, ServerPane *server,
                     LadderView *ladder, Session *session)
    : QObject(window)
    , m_window(window)
    , m_client(client)
    , m_server(server)
    , m_ladder(ladder)
    , m_session(session)
    , m_bar(new QToolBar(window))
    , m_navigation(new QToolBar(window))
    , m_caption(new QLabel(window))
{
    m_bar->setObjectName(QStringLiteral("callBar"));
    m_bar->setMovable(false);
    m_bar->setFloatable(false);
    QFont large = m_bar->font();
    large.setPointSizeF(large.pointSizeF() * 1.3);
    m_bar->setFont(large);
    m_bar->hide();

    // The panes' calls, in one row: the server's, then the client's.
    auto button = [](QWidget *pane, const char *name) {
        return pane->findChild<QPushButton *>(QLatin1String(name));
    };
    m_serverLabel = new QLabel(m_bar);
    m_serverLabel->setFont(large);
    m_bar->addWidget(m_serverLabel);
    for (const char *name : {"listenButton", "acceptButton", "closeButton"})
        addCall(QStringLiteral("server"), button(server, name));
    m_bar->addSeparator();
    m_clientLabel = new QLabel(m_bar);
    m_clientLabel->setFont(large);
    m_bar->addWidget(m_clientLabel);
    for (const char *name : {"connectButton", "writeButton", "readButton", "shutWrButton",
                             "closeButton", "abortButton"})
        addCall(QStringLiteral("client"), button(client, name));
    // Going through the ladder: on a bar of its own beside the experiment's (the calls take a
    // 1024-pixel row).
    m_navigation->setObjectName(QStringLiteral("presentNavigation"));
    m_navigation->setMovable(false);
    m_navigation->setFloatable(false);
    m_navigation->setFont(large);
    m_navigation->hide();
    m_previous = m_navigation->addAction(QString(), this, &Presenter::previous);
    m_previous->setObjectName(QStringLiteral("presentPrevious"));
    m_counter = new QLabel(m_navigation);
    m_counter->setObjectName(QStringLiteral("presentCounter"));
    m_counter->setFont(large);
    m_counter->setMinimumWidth(
        m_counter->fontMetrics().horizontalAdvance(QStringLiteral("000 / 000")) + 12);
    m_counter->setAlignment(Qt::AlignCenter);
    m_navigation->addWidget(m_counter);
    m_next = m_navigation->addAction(QString(), this, &Presenter::next);
    m_next->setObjectName(QStringLiteral("presentNext"));
    m_navigation->addSeparator();
    m_exit = m_navigation->addAction(QString(), this, [this] { setActive(false); });
    m_exit->setObjectName(QStringLiteral("presentExit"));

    // The keys a presenter (or a clicker, which sends Page Up/Down) uses, while presenting.
    auto key = [this](const QList<QKeySequence> &keys, void (Presenter::*slot)()) {
        auto *action = new QAction(m_window);
        action->setShortcuts(keys);
        action->setShortcutContext(Qt::WindowShortcut);
        action->setEnabled(false);
        connect(action, &QAction::triggered, this, slot);
        connect(this, &Presenter::activeChanged, action, &QAction::setEnabled);
        m_window->addAction(action);
    };
    key({Qt::Key_Right, Qt::Key_Down, Qt::Key_PageDown, Qt::Key_Space}, &Presenter::next);
    key({Qt::Key_Left, Qt::Key_Up, Qt::Key_PageUp, Qt::Key_Backspace}, &Presenter::previous);
    key({Qt::Key_Home}, &Presenter::first);
    key({Qt::Key_End}, &Presenter::last);
    auto *escape = new QAction(m_window);
    escape->setShortcut(Qt::Key_Escape);
    escape->setEnabled(false);
    connect(escape, &QAction::triggered, this, [this] { setActive(false); });
    connect(this, &Presenter::activeChanged, escape, &QAction::setEnabled);
    m_window->addAction(escape);

    m_caption->setObjectName(QStringLiteral("presentCaption"));
    m_caption->setWordWrap(true);
    m_caption->setTextFormat(Qt::RichText);
    m_caption->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    QFont big = m_caption->font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    m_caption->setFont(big);
    m_caption->setStyleSheet(QStringLiteral(
        "QLabel { background: #fffde7; border: 1px solid #ffd54f; border-radius: 4px; "
        "padding: 8px 12px; color: #212121; }"));
    // As tall as its text (two or three lines at 1024 pixels), never clipped.
    m_caption->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);
    m_caption->setMinimumHeight(m_caption->fontMetrics().height() * 2 + 20);
    m_caption->hide();

    m_sync.setInterval(150);
    connect(&m_sync, &QTimer::timeout, this, &Presenter::syncCalls);
    // A run (or a call from the bar) adds to the ladder: the view follows when the last step
    // was shown, and the reveal starts at the first step of a new run.
    connect(m_ladder, &LadderView::laidOut, this, [this] {
        if (!m_active)
            return;
        const int total = steps();
        if (total == 0)
            show(-1);
        else if (m_ladder->revealedStep() < 0 || (m_atEnd && m_ladder->revealedStep() < total - 1))
            show(m_ladder->revealedStep() < 0 ? 0 : total - 1);
        else
            explain();
    });
    retranslate();
}

void Presenter::addCall(const QString &side, QPushButton *button)
{
    if (!button)
        return;
    QAction *action = m_bar->addAction(button->text());
    action->setObjectName(side + QLatin1Char('_') + button->objectName()); // "server_listenButton"
    connect(action, &QAction::triggered, button, [button] {
        if (button && button->isEnabled())
            button->click(); // the pane's own call, as if clicked there
    });
    m_calls.append({action, button});
}

void Presenter::syncCalls()
{
    for (auto &[action, button] : m_calls) {
        if (!button)
            continue;
        action->setEnabled(button->isEnabled());
        if (action->text() != button->text())
            action->setText(button->text()); // the Qt engine names its own calls
        action->setToolTip(button->toolTip());
    }
}

void Presenter::setActive(bool on)
{
    if (on == m_active)
        return;
    m_active = on;
    m_bar->setVisible(on);
    m_navigation->setVisible(on);
    m_caption->setVisible(on);
    if (on) {
        syncCalls();
        m_sync.start();
        m_ladder->fitAll();
        m_atEnd = false;
        show(steps() > 0 ? 0 : -1);
        m_ladder->setFocus();
    } else {
        m_sync.stop();
        m_ladder->reveal(-1);
        m_ladder->fitWidth();
    }
    Q_EMIT activeChanged(on);
}

int Presenter::step() const
{
    return m_ladder->revealedStep();
}

int Presenter::steps() const
{
    return int(m_ladder->steps().size());
}

void Presenter::next()
{
    show(std::min(step() + 1, steps() - 1));
}

void Presenter::previous()
{
    show(std::max(step() - 1, 0));
}

void Presenter::first()
{
    show(0);
}

void Presenter::last()
{
    show(steps() - 1);
}

void Presenter::show(int step)
{
    m_ladder->reveal(step);
    m_atEnd = step >= steps() - 1;
    explain();
}

void Presenter::explain()
{
    const int total = steps();
    const int at = step();
    m_counter->setText(total == 0 ? QStringLiteral("–")
                                  : QStringLiteral("%1 / %2").arg(at + 1).arg(total));
    m_previous->setEnabled(at > 0);
    m_next->setEnabled(at >= 0 && at < total - 1);
    if (!m_session || at < 0) {
        m_caption->setText(QStringLiteral("<span style='color:#616161'>%1</span>")
                               .arg(tr("Run an experiment, or make a call from the bar above: "
                                       "its segments appear here one at a time (→ and ←).")
                                        .toHtmlEscaped()));
        return;
    }
    const QList<int> all = m_ladder->steps();
    const int index = all.at(at);
    const int end = at + 1 < all.size() ? all.at(at + 1) : m_session->size();
    if (index < 0 || index >= m_session->size())
        return;
    const Event &e = m_session->at(index);
    const QString who = EventText::sideLabel(e, false);
    QString html;
    if (e.kind == Event::Kind::Segment)
        html = QStringLiteral("<b>%1 [%2]</b> — %3<br>%4")
                   .arg(EventText::flagWords(e.flags).toHtmlEscaped(),
                        e.flagLetters().toHtmlEscaped(), who.toHtmlEscaped(),
                        SegmentText::explain(*m_session, index).toHtmlEscaped());
    else
        html = QStringLiteral("<b>%1</b> — %2")
                   .arg(EventText::describe(e).toHtmlEscaped(), who.toHtmlEscaped());
    // The states it led to, as the diagram shows them right after it.
    QStringList states;
    for (int i = index + 1; i < end && i < m_session->size(); ++i) {
        const Event &s = m_session->at(i);
        if (s.kind == Event::Kind::State && !s.isReading())
            states.append(tr("%1 → %2", "a side enters a TCP state")
                              .arg(EventText::sideLabel(s, false), tcpStateName(s.state)));
    }
    if (!states.isEmpty())
        html += QStringLiteral("<br><i>%1</i>")
                    .arg(states.join(QStringLiteral("; ")).toHtmlEscaped());
    m_caption->setText(html);
}

void Presenter::retranslate()
{
    m_bar->setWindowTitle(tr("Calls"));
    m_serverLabel->setText(tr("Server:"));
    m_clientLabel->setText(tr("Client:"));
    m_previous->setText(tr("◀ Previous"));
    m_previous->setToolTip(tr("The previous segment or call (← or Page Up)"));
    m_next->setText(tr("Next ▶"));
    m_next->setToolTip(tr("The next segment or call (→, Space or Page Down)"));
    m_exit->setText(tr("Leave presentation"));
    m_exit->setToolTip(tr("Back to the panes (Esc or F11)"));
    syncCalls();
    if (m_active)
        explain();
}

} // namespace tcplab
