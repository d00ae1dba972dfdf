#include "ladderlayout.h"

#include "session/connectionfilter.h"
#include "session/segmentexplain.h"
#include "session/session.h"

#include <QCoreApplication>
#include <QFontMetricsF>

#include <cmath>

namespace tcplab {

namespace {

QString badgeText(const QString &option)
{
    if (option.startsWith(QLatin1String("TS ")))
        return QStringLiteral("TS");
    return option;
}

} // namespace

SegmentKind LadderLayout::kindOf(const Event &s)
{
    if (s.isRst())
        return SegmentKind::Rst;
    if (s.isSyn())
        return SegmentKind::Syn;
    if (s.isFin())
        return SegmentKind::Fin;
    if (s.len > 0)
        return SegmentKind::Data;
    return SegmentKind::Ack;
}

void LadderLayout::layout(const Session &session, const LadderOptions &options, const QFont &font)
{
    m_arrows.clear();
    m_marks.clear();
    m_phases.clear();
    m_ticks.clear();
    m_ghosts.clear();
    m_modelled = session.capture() == QLatin1String("modelled");

    QFont small = font;
    small.setPointSizeF(font.pointSizeF() * 0.85);
    const QFontMetricsF big(font);
    const QFontMetricsF little(small);

    const ConnectionFilter filter = ConnectionFilter::forClientPort(session, options.clientPort);
    // The call and state columns widen for long names (Qt's errorOccurred(RemoteHostClosedError)).
    m_sideWidth[0] = m_sideWidth[1] = kSideWidth;
    for (const Event &e : session.events()) {
        if (e.kind == Event::Kind::Call && isTextbookCall(e) && filter.accepts(e)) {
            qreal &side = m_sideWidth[e.side == Side::Server];
            side = std::min(std::max(side, big.horizontalAdvance(textbookCall(e)) + 30),
                            kMaxSideWidth);
        }
    }
    m_clientX = kTimeAxisWidth + m_sideWidth[0];
    m_serverX = m_clientX + options.middleWidth;
    m_width = m_serverX + m_sideWidth[1] + kPhaseWidth;

    const quint16 clientPort = filter.clientPort;
    m_clientTitle = QCoreApplication::translate("tcplab::Ladder", "Client");
    m_serverTitle = QCoreApplication::translate("tcplab::Ladder", "Server");
    // A side on Qt's QTcpSocket says so: its calls are Qt's, not system calls.
    if (runsOnQt(session, filter, Side::Client))
        m_clientTitle += QStringLiteral(" · QTcpSocket");
    if (runsOnQt(session, filter, Side::Server))
        m_serverTitle += QStringLiteral(" · QTcpSocket");
    if (clientPort != 0)
        m_clientTitle += QStringLiteral("  :%1").arg(clientPort);
    if (session.server().port != 0)
        m_serverTitle += QStringLiteral("  :%1").arg(session.server().port);

    qreal y = kHeaderHeight + 16;
    qreal prevY = y;
    qint64 prevT = -1;
    qreal midCursor = y;
    qreal clientCursor = y;
    qreal serverCursor = y;
    qreal lastTickY = -1e9;

    const QList<Event> &events = session.events();
    for (int i = 0; i < events.size(); ++i) {
        const Event &e = events.at(i);
        const bool segment = e.kind == Event::Kind::Segment;
        if (!filter.accepts(e) || (e.kind == Event::Kind::Call && !isTextbookCall(e)))
            continue;

        // Vertical position: by time (long pauses shortened) or one row per event, and never
        // where it would overlap what is already in its column.
        qreal base = prevY;
        if (prevT >= 0) {
            const qint64 dt = std::max<qint64>(0, e.tUs - prevT);
            if (options.evenSpacing) {
                base = prevY + 10;
            } else {
                const qreal wanted = double(dt) / 1000.0 * kPixelsPerMs;
                base = prevY + std::min(wanted, kMaxTimeGap);
                if (wanted > kMaxTimeGap) {
                    LadderTick gap;
                    gap.y = prevY + kMaxTimeGap / 2;
                    gap.gap = true;
                    gap.gapUs = dt;
                    gap.tUs = e.tUs;
                    m_ticks.append(gap);
                }
            }
        }

        if (segment) {
            LadderArrow a;
            a.event = i;
            a.kind = kindOf(e);
            a.modelled = e.source == QLatin1String("modelled");
            a.unexpected = options.unexpected.contains(i);
            a.title = QStringLiteral("%1  [%2]").arg(SegmentText::flagWords(e.flags), e.flags);
            const quint32 seq = options.absoluteNumbers ? e.seq : e.relSeq;
            const quint32 ack = options.absoluteNumbers ? e.ack : e.relAck;
            a.numbers = QStringLiteral("seq %1").arg(seq);
            if (e.hasAck())
                a.numbers += QStringLiteral("  ack %1").arg(ack);
            a.numbers += QStringLiteral("  len %1").arg(e.len);
            if (options.showWindow)
                a.numbers += QStringLiteral("  win %1").arg(e.win);
            if (e.isSyn()) {
                for (const QString &option : e.options) {
                    if (option != QLatin1String("nop") && option != QLatin1String("eol"))
                        a.badges.append(badgeText(option));
                }
            }
            const qreal titleH = big.height();
            const qreal numbersH = little.height();
            const qreal badgesH = a.badges.isEmpty() ? 0 : little.height() + 6;
            const qreal labelH = titleH + numbersH + badgesH;
            y = std::max({base, prevY, midCursor + labelH - kSlope / 2 + 2});
            const bool fromClient = e.side == Side::Client;
            a.from = QPointF(fromClient ? m_clientX : m_serverX, y);
            a.to = QPointF(fromClient ? m_serverX : m_clientX, y + kSlope);
            qreal labelW
                = std::max(big.horizontalAdvance(a.title), little.horizontalAdvance(a.numbers));
            qreal badgesW = 0;
            for (const QString &b : std::as_const(a.badges))
                badgesW += little.horizontalAdvance(b) + 14;
            labelW = std::min(std::max(labelW, badgesW), options.middleWidth - 16);
            const qreal midX = (m_clientX + m_serverX) / 2;
            const qreal bottom = y + kSlope / 2 - 3;
            a.labelRect = QRectF(midX - labelW / 2, bottom - labelH, labelW, labelH);
            midCursor = y + kSlope + kGap;
            m_arrows.append(a);
            if (y - lastTickY >= little.height() + 2) {
                LadderTick tick;
                tick.y = y;
                tick.tUs = e.tUs;
                m_ticks.append(tick);
                lastTickY = y;
            }
        } else {
            LadderMark m;
            m.event = i;
            m.side = e.side;
            if (e.kind == Event::Kind::State) {
                m.kind = LadderMark::Kind::State;
                m.text = e.state;
                m.inferred = e.source != QLatin1String("kernel");
                if (e.state == QLatin1String("TIME_WAIT") && e.remainingMs >= 0)
                    m.detail = QCoreApplication::translate("tcplab::Ladder", "%1 s")
                                   .arg(qRound(e.remainingMs / 1000.0));
            } else {
                m.kind = LadderMark::Kind::Call;
                m.text = textbookCall(e);
                m.failed = (!e.errnoName.isEmpty() && e.errnoName != QLatin1String("EINPROGRESS"))
                    || (e.isQt() && !e.isQtSignal() && e.result < 0); // Qt's write() = -1
            }
            qreal &cursor = e.side == Side::Client ? clientCursor : serverCursor;
            y = std::max({base, prevY, cursor + kMarkHeight / 2});
            m.y = y;
            const QFontMetricsF &fm = m.kind == LadderMark::Kind::State ? little : big;
            qreal w = fm.horizontalAdvance(m.text) + 16;
            if (!m.detail.isEmpty())
                w += little.horizontalAdvance(m.detail) + 8;
            w = std::min(w, sideWidth(e.side) - 12);
            const qreal x = e.side == Side::Client ? m_clientX - 8 - w : m_serverX + 8;
            m.rect = QRectF(x, y - kMarkHeight / 2 + 1, w, kMarkHeight - 2);
            cursor = y + kMarkHeight / 2 + 2;
            m_marks.append(m);
        }
        prevY = y;
        prevT = e.tUs;
    }

    // Phase brackets, from the segments shown.
    QList<Event> shown;
    for (const LadderArrow &a : std::as_const(m_arrows))
        shown.append(events.at(a.event));
    const QList<Phase> phases = connectionPhases(shown);
    for (const Phase &phase : phases)
        m_phases.append(
            {phase.kind, m_arrows.at(phase.first).labelRect.top(), m_arrows.at(phase.last).to.y()});

    // Ghosts of what was expected and did not come, between their neighbours.
    for (const auto &[before, token] : options.ghosts) {
        LadderArrow g;
        const bool fromClient = token.startsWith(QLatin1Char('c'));
        const QString flags = token.mid(2);
        qreal y;
        if (before < m_arrows.size() && before > 0)
            y = (m_arrows.at(before - 1).to.y() + m_arrows.at(before).from.y()) / 2;
        else if (before <= 0 && !m_arrows.isEmpty())
            y = m_arrows.constFirst().from.y() - kSlope;
        else
            y = (m_arrows.isEmpty() ? prevY : m_arrows.constLast().to.y()) + kSlope;
        g.from = QPointF(fromClient ? m_clientX : m_serverX, y);
        g.to = QPointF(fromClient ? m_serverX : m_clientX, y + kSlope);
        g.title = QCoreApplication::translate("tcplab::Ladder", "expected: %1  [%2]")
                      .arg(SegmentText::flagWords(flags), flags);
        const qreal w = std::min(big.horizontalAdvance(g.title) + 8, options.middleWidth - 16);
        g.labelRect = QRectF((m_clientX + m_serverX) / 2 - w / 2, y + kSlope / 2 - 3 - big.height(),
                             w, big.height());
        g.kind = flags.contains(QLatin1Char('R')) ? SegmentKind::Rst
            : flags.contains(QLatin1Char('S'))    ? SegmentKind::Syn
            : flags.contains(QLatin1Char('F'))    ? SegmentKind::Fin
                                                  : SegmentKind::Ack;
        m_ghosts.append(g);
        prevY = std::max(prevY, g.to.y());
    }

    qreal bottom = prevY;
    for (const LadderArrow &a : std::as_const(m_arrows))
        bottom = std::max(bottom, a.to.y());
    for (const LadderMark &m : std::as_const(m_marks))
        bottom = std::max(bottom, m.rect.bottom());
    m_height = bottom + 36;
}

int LadderLayout::segmentAt(const QPointF &p) const
{
    // The nearest arrow line within a few pixels, or a label under the point.
    int best = -1;
    qreal bestDistance = 6;
    for (const LadderArrow &a : m_arrows) {
        if (a.labelRect.adjusted(-4, -2, 4, 2).contains(p))
            return a.event;
        const QPointF d = a.to - a.from;
        const qreal length2 = d.x() * d.x() + d.y() * d.y();
        qreal t = ((p.x() - a.from.x()) * d.x() + (p.y() - a.from.y()) * d.y()) / length2;
        t = std::clamp(t, 0.0, 1.0);
        const QPointF closest = a.from + t * d;
        const qreal distance = std::hypot(p.x() - closest.x(), p.y() - closest.y());
        if (distance < bestDistance) {
            bestDistance = distance;
            best = a.event;
        }
    }
    return best;
}

} // namespace tcplab
