#include "session/textladder.h"

#include "session/connectionfilter.h"
#include "session/phases.h"
#include "session/segmentexplain.h"
#include "session/session.h"

namespace tcplab {

namespace {
constexpr int kNotes = 24; // width of each side's column of calls and states
constexpr int kMiddle = 50; // between the lifelines

QString pad(const QString &text, int width, bool right)
{
    const QString cut = text.size() > width ? text.left(width - 1) + QStringLiteral("…") : text;
    return right ? cut.rightJustified(width) : cut.leftJustified(width);
}
} // namespace

QString TextLadder::render(const Session &session, quint16 clientPort)
{
    const ConnectionFilter filter = ConnectionFilter::forClientPort(session, clientPort);
    QList<int> shown;
    QList<Event> segments;
    for (int i = 0; i < session.size(); ++i) {
        const Event &e = session.at(i);
        if (!filter.accepts(e) || (e.kind == Event::Kind::Call && !isTextbookCall(e)))
            continue;
        shown.append(i);
        if (e.kind == Event::Kind::Segment)
            segments.append(e);
    }
    // Which segment starts which phase.
    QHash<int, Phase::Kind> phaseStarts;
    for (const Phase &phase : connectionPhases(segments))
        phaseStarts.insert(phase.first, phase.kind);

    const QString blankMiddle = QString(kMiddle, QLatin1Char(' '));
    const QString lifeline = QStringLiteral("│");
    QString client = tr("client");
    QString server = tr("server");
    if (runsOnQt(session, filter, Side::Client))
        client += QStringLiteral(" (Qt)");
    if (runsOnQt(session, filter, Side::Server))
        server += QStringLiteral(" (Qt)");
    if (filter.clientPort)
        client += QStringLiteral(" :%1").arg(filter.clientPort);
    if (session.server().port)
        server += QStringLiteral(" :%1").arg(session.server().port);
    QStringList lines;
    lines << QStringLiteral("%1  %2 %3 %4")
                 .arg(pad(tr("time (ms)"), 10, true), pad(client, kNotes, true),
                      pad(QString(), kMiddle, false), server);
    if (session.capture() == QLatin1String("modelled"))
        lines << QString(12, QLatin1Char(' '))
                + tr("(modelled: these segments were predicted, not captured)");

    int segmentIndex = 0;
    for (const int i : std::as_const(shown)) {
        const Event &e = session.at(i);
        const QString time = QStringLiteral("%1").arg(double(e.tUs) / 1000.0, 10, 'f', 3);
        QString left = QString(kNotes, QLatin1Char(' '));
        QString middle = blankMiddle;
        QString right;
        QString leftLine = lifeline;
        QString rightLine = lifeline;
        if (e.kind == Event::Kind::Segment) {
            if (phaseStarts.contains(segmentIndex)) {
                const QString name = PhaseText::name(phaseStarts.value(segmentIndex));
                lines << QString(12 + kNotes, QLatin1Char(' '))
                        + QStringLiteral("┄┄┄ %1 ┄┄┄").arg(name);
            }
            ++segmentIndex;
            const QString label = QLatin1Char(' ') + SegmentText::summary(e) + QLatin1Char(' ');
            const int dashes = std::max(2, kMiddle - 3 - int(label.size()));
            if (e.side == Side::Client) {
                middle = QStringLiteral("──") + label + QString(dashes, QChar(0x2500))
                    + QStringLiteral("▶");
                leftLine = QStringLiteral("├");
            } else {
                middle = QStringLiteral("◀") + QString(dashes, QChar(0x2500)) + label
                    + QStringLiteral("──");
                rightLine = QStringLiteral("┤");
            }
            middle = pad(middle, kMiddle, false);
        } else {
            QString text;
            if (e.kind == Event::Kind::State) {
                text = e.source == QLatin1String("kernel") ? QStringLiteral("[%1]").arg(e.state)
                                                           : QStringLiteral("(%1)").arg(e.state);
                if (e.state == QLatin1String("TIME_WAIT") && e.remainingMs >= 0)
                    text += QLatin1Char(' ') + tr("%1 s").arg(qRound(e.remainingMs / 1000.0));
            } else {
                text = textbookCall(e);
            }
            if (e.side == Side::Client)
                left = pad(text, kNotes - 1, true) + QLatin1Char(' ');
            else
                right = QLatin1Char(' ') + text;
        }
        lines
            << QStringLiteral("%1  %2%3%4%5%6").arg(time, left, leftLine, middle, rightLine, right);
    }
    lines << QString();
    lines << tr("[STATE] read from the kernel, (STATE) inferred from the segments; seq and ack are "
                "relative.");
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

QList<quint16> TextLadder::clientPorts(const Session &session)
{
    QList<quint16> ports;
    const quint16 server = session.server().port;
    for (const Event &e : session.events()) {
        if (e.kind != Event::Kind::Segment)
            continue;
        const quint16 client = e.srcPort == server ? e.dstPort : e.srcPort;
        if (!ports.contains(client))
            ports.append(client);
    }
    return ports;
}

} // namespace tcplab
