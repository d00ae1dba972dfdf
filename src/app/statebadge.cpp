#include "statebadge.h"

#include "statestyle.h"

#include <QCoreApplication>
#include <QLabel>

namespace tcplab {

void showStateBadge(QLabel *badge, std::optional<TcpState> state, bool closedByApp)
{
    // Closed by the application and gone from the kernel too: nothing left to colour.
    const bool gone = closedByApp && (!state || *state == TcpState::Closed);
    const StateStyle style = StateStyle::forState(gone ? std::optional<TcpState>() : state);
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
        badge->setToolTip(QString());
    } else if (gone) {
        badge->setText(QCoreApplication::translate("tcplab::StateBadge", "closed()"));
        badge->setToolTip(QCoreApplication::translate(
            "tcplab::StateBadge",
            "The application closed its socket, and the kernel no longer holds the connection."));
    } else if (closedByApp) {
        badge->setText(tcpStateName(*state));
        badge->setToolTip(QCoreApplication::translate(
                              "tcplab::StateBadge",
                              "The application closed its socket; the kernel still holds the "
                              "connection in %1, as sock_diag reports it.")
                              .arg(tcpStateName(*state)));
    } else {
        badge->setText(tcpStateName(*state));
        badge->setToolTip(QCoreApplication::translate("tcplab::StateBadge",
                                                      "TCP state, as the kernel reports it."));
    }
}

} // namespace tcplab
