#include "statestyle.h"

namespace tcplab {

StateStyle StateStyle::forState(const QString &state)
{
    const QColor light(Qt::white);
    if (state == QLatin1String("LISTEN") || state == QLatin1String("SYN_SENT")
        || state == QLatin1String("SYN_RECEIVED"))
        return {QColor(0x1f, 0x5f, 0xbf), light};
    if (state == QLatin1String("ESTABLISHED"))
        return {QColor(0x2e, 0x7d, 0x32), light};
    if (state == QLatin1String("FIN_WAIT_1") || state == QLatin1String("FIN_WAIT_2")
        || state == QLatin1String("CLOSING"))
        return {QColor(0xef, 0xa0, 0x1b), QColor(0x20, 0x20, 0x20)};
    if (state == QLatin1String("CLOSE_WAIT") || state == QLatin1String("LAST_ACK"))
        return {QColor(0xc6, 0x28, 0x28), light};
    if (state == QLatin1String("TIME_WAIT"))
        return {QColor(0x6a, 0x1b, 0x9a), light};
    return {QColor(0x9e, 0x9e, 0x9e), QColor(0x20, 0x20, 0x20)};
}

} // namespace tcplab
