#include "session/connectionfilter.h"

#include "session/session.h"

#include <QCoreApplication>

namespace tcplab {

ConnectionFilter ConnectionFilter::forClientPort(const Session &session, quint16 clientPort)
{
    ConnectionFilter f;
    f.clientPort = clientPort ? clientPort : session.client().port;
    f.conn = session.connectionForPort(f.clientPort);
    f.clientConn = session.clientConnectionForPort(f.clientPort);
    f.clientIsOurs
        = f.clientPort == 0 || f.clientPort == session.client().port || f.clientConn >= 0;
    return f;
}

bool ConnectionFilter::accepts(const Event &e) const
{
    switch (e.kind) {
    case Event::Kind::Segment:
        return clientPort == 0 || e.srcPort == clientPort || e.dstPort == clientPort;
    case Event::Kind::Call:
    case Event::Kind::State:
        if (e.side == Side::Client)
            return clientIsOurs && (clientConn < 0 || clientPort == 0 || e.conn == clientConn);
        if (e.conn == 0) {
            // The listener; its accepts belong to the connection they accepted.
            if (clientPort != 0 && e.kind == Event::Kind::Call
                && (e.call == QLatin1String("accept")
                    || e.call == QLatin1String("nextPendingConnection"))
                && !e.args.isEmpty())
                return e.args.endsWith(QLatin1Char(':') + QString::number(clientPort));
            return true;
        }
        return clientPort == 0 || e.conn == conn;
    case Event::Kind::Note:
        return false;
    }
    return false;
}

bool isTextbookCall(const Event &e)
{
    if (e.call == QLatin1String("getaddrinfo") || e.call == QLatin1String("getsockopt"))
        return false;
    if (e.call == QLatin1String("bind") && e.errnoName.isEmpty())
        return false;
    if (e.call == QLatin1String("setsockopt") && e.args.startsWith(QLatin1String("SO_REUSEADDR")))
        return false;
    return true;
}

QString textbookCall(const Event &e)
{
    if (e.isQtSignal())
        return QStringLiteral("emit %1(%2)").arg(e.call, e.args);
    if (e.isQt()) {
        // Qt's API: QTcpSocket and QTcpServer calls, under their own names.
        if (e.call == QLatin1String("write"))
            return QStringLiteral("write(%1)").arg(e.args)
                + (e.result < 0 ? QStringLiteral(" → -1") : QString());
        if (e.call == QLatin1String("readAll"))
            return QStringLiteral("readAll() → %1").arg(e.result);
        if (e.call == QLatin1String("setSocketOption"))
            return QStringLiteral("setSocketOption(%1)").arg(e.args);
        if (e.call == QLatin1String("close") && e.args == QLatin1String("listener"))
            return QStringLiteral("close() ")
                + QCoreApplication::translate("tcplab::Ladder", "listener");
        return e.call + QStringLiteral("()") + (e.result < 0 ? QStringLiteral(" → -1") : QString());
    }
    QString text;
    if (e.call == QLatin1String("write"))
        text = QStringLiteral("write(%1)").arg(e.args);
    else if (e.call == QLatin1String("read"))
        text = QStringLiteral("read() → %1").arg(e.result);
    else if (e.call == QLatin1String("shutdown") || e.call == QLatin1String("setsockopt"))
        text = QStringLiteral("%1(%2)").arg(e.call, e.args);
    else if (e.call == QLatin1String("close") && e.args == QLatin1String("listener"))
        text = QStringLiteral("close() ")
            + QCoreApplication::translate("tcplab::Ladder", "listener");
    else if (e.call == QLatin1String("listen"))
        text = QStringLiteral("listen(%1)").arg(e.args.section(QLatin1Char(' '), 1));
    else
        text = e.call + QStringLiteral("()");
    if (e.call == QLatin1String("read") && e.result == 0)
        text += QStringLiteral(" (EOF)");
    if (!e.errnoName.isEmpty() && e.errnoName != QLatin1String("EINPROGRESS")) {
        if (e.call == QLatin1String("read"))
            text = QStringLiteral("read() → %1").arg(e.errnoName);
        else
            text += QStringLiteral(" → ") + e.errnoName;
    }
    return text;
}

bool runsOnQt(const Session &session, const ConnectionFilter &filter, Side side)
{
    for (const Event &e : session.events()) {
        if (e.kind == Event::Kind::Call && e.side == side && e.isQt() && filter.accepts(e))
            return true;
    }
    return false;
}

} // namespace tcplab
