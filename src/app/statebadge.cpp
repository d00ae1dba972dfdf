#include "statebadge.h"

#include "statestyle.h"

#include <QCoreApplication>
#include <QLabel>

namespace tcplab {

void showStateBadge(QLabel *badge, std::optional<TcpState> state, bool closedByApp)
{
    const StateStyle style = StateStyle::forState(closedByApp ? std::optional<TcpState>() : state);
    QFont font = badge->font();
    font.setBold(true);
    font.setPointSizeF(QFont().pointSizeF() * 1.35);
    badge->setFont(font);
    badge->setMinimumWidth(badge->fontMetrics().horizontalAdvance(QStringLiteral("SYN_RECEIVED"))
                           + 28);
    badge->setStyleSheet(QStringLiteral("QLabel { background: %1; color: %2; border-radius: 6px; "
                                        "padding: 4px 12px; }")
                             .arg(style.background.name(), style.foreground.name()));
    if (!state) {
        badge->setText(QCoreApplication::translate("tcplab::StateBadge", "no socket"));
    } else if (closedByApp) {
        badge->setText(QCoreApplication::translate("tcplab::StateBadge", "closed()"));
        badge->setToolTip(QCoreApplication::translate(
                              "tcplab::StateBadge",
                              "The application closed its socket; the last state the kernel "
                              "reported through it was %1.")
                              .arg(tcpStateName(*state)));
        return;
    } else {
        badge->setText(tcpStateName(*state));
    }
    badge->setToolTip(
        QCoreApplication::translate("tcplab::StateBadge", "TCP state, as the kernel reports it."));
}

} // namespace tcplab
