#include "session/eventtext.h"

#include <QCoreApplication>
#include <QStringDecoder>

namespace tcplab {

QString printableBytes(const QByteArray &data, int limit)
{
    const QByteArray shown = data.left(limit);
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString text = decoder(shown);
    bool plain = !decoder.hasError();
    for (const QChar c : text) {
        if (c.category() == QChar::Other_Control && c != QLatin1Char('\n')
            && c != QLatin1Char('\t'))
            plain = false;
    }
    QString out;
    if (plain) {
        QString escaped = text;
        escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
        escaped.replace(QLatin1Char('"'), QLatin1String("\\\""));
        escaped.replace(QLatin1Char('\n'), QLatin1String("\\n"));
        escaped.replace(QLatin1Char('\t'), QLatin1String("\\t"));
        out = QLatin1Char('"') + escaped + QLatin1Char('"');
    } else {
        out = QString::fromLatin1(shown.toHex(' '));
    }
    if (data.size() > limit)
        out += QStringLiteral("…");
    return out;
}

QString describeEvent(const Event &e)
{
    switch (e.kind) {
    case Event::Kind::Call: {
        if (e.isQtSignal())
            return QStringLiteral("emit %1(%2)").arg(e.call, e.args);
        QString line = QStringLiteral("%1(%2) = %3").arg(e.call, e.args).arg(e.result);
        if (e.isQt()) {
            // Qt's verbs return void, except what reads and writes.
            line = QStringLiteral("%1(%2)").arg(e.call, e.args);
            if (e.call == QLatin1String("write") || e.call == QLatin1String("readAll"))
                line += QStringLiteral(" = %1").arg(e.result);
        }
        if (!e.errnoName.isEmpty())
            line += QLatin1Char(' ') + e.errnoName;
        if (e.call == QLatin1String("read") && e.result == 0)
            line += QStringLiteral(" (EOF)");
        if (!e.data.isEmpty())
            line += QLatin1Char(' ') + printableBytes(e.data);
        return line;
    }
    case Event::Kind::State:
        if (e.source == QLatin1String("kernel"))
            return QCoreApplication::translate("tcplab::EventText", "→ %1  (kernel: %2)")
                .arg(e.state, e.via);
        return QCoreApplication::translate("tcplab::EventText", "→ %1  (inferred)").arg(e.state);
    case Event::Kind::Note:
        return e.errnoName.isEmpty() ? e.text : e.text + QLatin1Char(' ') + e.errnoName;
    case Event::Kind::Segment: {
        // tcpdump's way of writing a segment, with relative numbers.
        QString line = QStringLiteral("%1 seq %2").arg(e.flags, -3).arg(e.relSeq);
        if (e.hasAck())
            line += QStringLiteral(" ack %1").arg(e.relAck);
        line += QStringLiteral(" win %1").arg(e.win);
        if (!e.options.isEmpty())
            line += QStringLiteral(" <%1>").arg(e.options.join(QLatin1Char(',')));
        line += QStringLiteral(" len %1").arg(e.len);
        if (e.source == QLatin1String("modelled"))
            line += QCoreApplication::translate("tcplab::EventText", " (modelled)");
        return line;
    }
    }
    return {};
}

QString sideLabel(const Event &e)
{
    if (e.side == Side::Server && e.conn > 1)
        return QStringLiteral("server #%1").arg(e.conn);
    return sideName(e.side);
}

QString eventLine(const Event &e)
{
    return QStringLiteral("%1 ms  %2  %3")
        .arg(double(e.tUs) / 1000.0, 10, 'f', 3)
        .arg(sideLabel(e), -9)
        .arg(describeEvent(e));
}

} // namespace tcplab
