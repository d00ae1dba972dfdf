#include "session/textladder.h"

#include "session/eventtext.h"
#include "session/grouping.h"
#include "session/phases.h"
#include "session/session.h"
#include "session/statetracker.h"

#include <QLocale>

namespace tcplab {

namespace {
constexpr int kNotes = 26; // width of each side's column of calls and states
constexpr int kMiddle = 50; // between the lifelines

QString pad(const QString &text, int width, bool right)
{
    const QString cut = text.size() > width ? text.left(width - 1) + QStringLiteral("…") : text;
    return right ? cut.rightJustified(width) : cut.leftJustified(width);
}
} // namespace

QString TextLadder::label(const QMap<QString, QString> &texts)
{
    const QString language
        = QLocale().name().startsWith(QLatin1String("zh")) ? QStringLiteral("zh_CN") : QString();
    return texts.value(language, texts.value(QStringLiteral("en")));
}

QString TextLadder::heading(const Session &session, int conn, int number, int count)
{
    const Connection *c = session.connections().find(conn);
    if (!c)
        return tr("The listener");
    QString text = c->selfConnected()
        ? tr("Connection %1 of %2: %3, connected to itself")
              .arg(number)
              .arg(count)
              .arg(c->client.text())
        : tr("Connection %1 of %2: %3 → %4")
              .arg(number)
              .arg(count)
              .arg(c->client.text(), c->server.port ? c->server.text() : tr("(not connected)"));
    const QString name = label(session.connectionLabel(conn));
    if (!name.isEmpty())
        text += QStringLiteral(" — ") + name;
    return text;
}

QString TextLadder::render(const Session &session, const QList<int> &only)
{
    const Grouping grouping = Grouping::of(session, only);
    const StateCheck check = StateCheck::of(session);
    const QString lifeline = QStringLiteral("│");
    QStringList lines;
    if (session.capture() == CaptureKind::Modelled)
        lines << tr("(modelled: these segments were predicted, not captured)");
    for (int g = 0; g < grouping.groups.size(); ++g) {
        const ConnectionGroup &group = grouping.groups.at(g);
        const Connection *c = session.connections().find(group.conn);
        const bool self = c && c->selfConnected();
        if (!lines.isEmpty())
            lines << QString();
        if (grouping.groups.size() > 1 || (c && !session.connectionLabel(c->id).isEmpty()))
            lines << heading(session, group.conn, g + 1, int(grouping.groups.size()));

        QList<Event> segments;
        for (const int i : group.events) {
            if (session.at(i).kind == Event::Kind::Segment)
                segments.append(session.at(i));
        }
        QHash<int, Phase::Kind> phaseStarts;
        for (const Phase &phase : connectionPhases(segments))
            phaseStarts.insert(phase.first, phase.kind);

        QString client = self ? tr("socket") : tr("client");
        QString server = self ? tr("(itself)") : tr("server");
        if (c && c->clientInLab && c->clientApi != Api::System)
            client += QStringLiteral(" (Qt)");
        if (c && c->serverInLab && c->serverApi != Api::System)
            server += QStringLiteral(" (Qt)");
        if (c && c->client.port)
            client += QStringLiteral(" :%1").arg(c->client.port);
        const quint16 serverPort = c ? c->server.port : session.listening().port;
        if (serverPort && !self)
            server += QStringLiteral(" :%1").arg(serverPort);
        lines << QStringLiteral("%1  %2 %3 %4")
                     .arg(pad(tr("time (ms)"), 10, true), pad(client, kNotes, true),
                          pad(QString(), kMiddle, false), server);

        int segmentIndex = 0;
        for (const int i : group.events) {
            const Event &e = session.at(i);
            if (e.kind == Event::Kind::Note || (e.kind == Event::Kind::Call && !isTextbookCall(e)))
                continue;
            // A reading that confirms a state is shown in that state's brackets.
            if (e.isReading() && !check.disagreements.contains(i) && !check.unmatched.contains(i))
                continue;
            const QString time = QStringLiteral("%1").arg(double(e.tUs) / 1000.0, 10, 'f', 3);
            QString left = QString(kNotes, QLatin1Char(' '));
            QString middle = QString(kMiddle, QLatin1Char(' '));
            QString right;
            QString leftLine = lifeline;
            QString rightLine = self ? QString() : lifeline;
            if (e.kind == Event::Kind::Segment) {
                if (phaseStarts.contains(segmentIndex))
                    lines << QString(12 + kNotes, QLatin1Char(' '))
                            + QStringLiteral("┄┄┄ %1 ┄┄┄")
                                  .arg(PhaseText::name(phaseStarts.value(segmentIndex)));
                ++segmentIndex;
                QString label = QLatin1Char(' ') + EventText::segmentSummary(e) + QLatin1Char(' ');
                if (e.fate != WireFate::Delivered)
                    label += QStringLiteral("[%1] ").arg(EventText::fateTag(e.fate));
                if (self) {
                    // A socket talking to itself: the segment leaves and comes back.
                    lines << QStringLiteral("%1  %2├──┐%3").arg(time, left, label);
                    lines << QStringLiteral("%1  %2│◀─┘").arg(QString(10, QLatin1Char(' ')), left);
                    continue;
                }
                const int dashes = std::max(2, kMiddle - 3 - int(label.size()));
                // A segment the wire dropped ends in a cross; one the wire made starts at it.
                const QString tip = e.arrives() ? QString() : QStringLiteral("✕");
                const int run = e.arrives() ? dashes : std::max(1, dashes / 3);
                const QString gap = QString(dashes - run, QLatin1Char(' '));
                if (e.side == Side::Client) {
                    middle = QStringLiteral("──") + label + QString(run, QChar(0x2500))
                        + (tip.isEmpty() ? QStringLiteral("▶") : tip + gap);
                    if (e.sentByEnd())
                        leftLine = QStringLiteral("├");
                } else {
                    middle = (tip.isEmpty() ? QStringLiteral("◀") : gap + tip)
                        + QString(run, QChar(0x2500)) + label + QStringLiteral("──");
                    if (e.sentByEnd())
                        rightLine = QStringLiteral("┤");
                }
                middle = pad(middle, kMiddle, false);
            } else {
                QString text;
                if (e.kind == Event::Kind::State) {
                    const QString name = tcpStateName(e.state);
                    if (e.isReading()) {
                        text = check.disagreements.contains(i) ? tr("≠ kernel: %1").arg(name)
                                                               : tr("kernel: %1").arg(name);
                    } else if (check.confirmed(i)) {
                        text = QStringLiteral("[%1]").arg(name);
                        const Event &reading = session.at(check.confirmedBy.value(i));
                        if (e.state == TcpState::TimeWait && reading.remainingMs >= 0)
                            text += QLatin1Char(' ')
                                + tr("%1 s").arg(qRound(reading.remainingMs / 1000.0));
                    } else {
                        text = QStringLiteral("(%1)").arg(name);
                    }
                } else {
                    text = EventText::textbookCall(e);
                }
                if (e.side == Side::Client)
                    left = pad(text, kNotes - 1, true) + QLatin1Char(' ');
                else
                    right = QLatin1Char(' ') + text;
            }
            lines << QStringLiteral("%1  %2%3%4%5%6")
                         .arg(time, left, leftLine, middle, rightLine, right);
        }
    }
    lines << QString();
    lines << tr("[STATE] confirmed by the kernel (TCP_INFO or sock_diag), (STATE) from the "
                "segments only, ≠ the kernel read otherwise; seq and ack are relative.");
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

} // namespace tcplab
