#include "ladderlayout.h"

#include "session/eventtext.h"
#include "session/grouping.h"
#include "session/session.h"
#include "session/statetracker.h"
#include "session/textladder.h"

#include <QCoreApplication>
#include <QFontMetricsF>

#include <cmath>
#include <optional>

namespace tcplab {

namespace {

QString badgeText(const TcpOption &option)
{
    return option.kind == TcpOption::Kind::Timestamp ? option.name() : option.text();
}

} // namespace

QFont LadderLayout::titleFont(const QFont &base)
{
    QFont f = base;
    f.setBold(true);
    return f;
}

QFont LadderLayout::smallFont(const QFont &base)
{
    QFont f = base;
    f.setPointSizeF(base.pointSizeF() * 0.85);
    return f;
}

QFont LadderLayout::headFont(const QFont &base)
{
    QFont f = titleFont(base);
    f.setPointSizeF(base.pointSizeF() * 1.15);
    return f;
}

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

int LadderLayout::groupOf(int conn) const
{
    for (int i = 0; i < m_groups.size(); ++i) {
        if (m_groups.at(i).conn == conn)
            return i;
    }
    return -1;
}

void LadderLayout::layout(const Session &session, const LadderOptions &options, const QFont &font)
{
    m_groups.clear();
    m_arrows.clear();
    m_marks.clear();
    m_phases.clear();
    m_ticks.clear();
    m_ghosts.clear();
    m_modelled = session.capture() == CaptureKind::Modelled;
    m_textbook = session.isTextbook();

    const StateCheck check = StateCheck::of(session);
    const QFontMetricsF regular(font);

    const Grouping grouping = Grouping::of(session, options.connections);
    // The call and state columns widen for long names (Qt's errorOccurred(RemoteHostClosedError)).
    m_sideWidth[0] = m_sideWidth[1] = kSideWidth;
    for (const ConnectionGroup &group : grouping.groups) {
        for (const int i : group.events) {
            const Event &e = session.at(i);
            if (e.kind == Event::Kind::Call && isTextbookCall(e)) {
                qreal &side = m_sideWidth[e.side == Side::Server];
                side = std::min(
                    std::max(side, regular.horizontalAdvance(EventText::textbookCall(e)) + 30),
                    kMaxSideWidth);
            }
        }
    }
    m_clientX = kTimeAxisWidth + m_sideWidth[0];
    m_serverX = m_clientX + options.middleWidth;
    m_width = m_serverX + m_sideWidth[1] + kPhaseWidth;

    qreal y = 0;
    for (int g = 0; g < grouping.groups.size(); ++g) {
        layoutGroup(session, options, check, g, grouping.groups.at(g).events,
                    g == 0 ? y : y + kGroupGap, font);
        LadderGroup &group = m_groups.last();
        group.conn = grouping.groups.at(g).conn;
        if (grouping.groups.size() > 1 || !session.connectionLabel(group.conn).isEmpty())
            group.heading
                = TextLadder::heading(session, group.conn, g + 1, int(grouping.groups.size()));
        y = group.bottom;
    }
    if (m_groups.isEmpty()) {
        LadderGroup empty;
        empty.headsY = 0;
        empty.bottom = kHeadsHeight + 40;
        empty.clientTitle = QCoreApplication::translate("tcplab::Ladder", "Client");
        empty.serverTitle = QCoreApplication::translate("tcplab::Ladder", "Server");
        m_groups.append(empty);
        y = empty.bottom;
    }
    m_height = y + 20;
}

void LadderLayout::layoutGroup(const Session &session, const LadderOptions &options,
                               const StateCheck &check, int g, const QList<int> &events, qreal top,
                               const QFont &font)
{
    const QFontMetricsF regular(font);
    const QFontMetricsF title(titleFont(font));
    const QFontMetricsF little(smallFont(font));

    LadderGroup group;
    group.top = top;
    // The heading is known later; its room is kept when there will be one.
    int conn = 0;
    for (const int i : events) {
        if (session.at(i).conn > 0) {
            conn = session.at(i).conn;
            break;
        }
    }
    const Connection *c = session.connections().find(conn);
    const bool several
        = session.connections().size() > 1 || (c && !session.connectionLabel(c->id).isEmpty());
    group.headsY = top + (several ? kHeadingHeight : 0);
    group.self = c && c->selfConnected();
    const QString client = QCoreApplication::translate("tcplab::Ladder", "Client");
    const QString server = QCoreApplication::translate("tcplab::Ladder", "Server");
    group.clientTitle = client;
    group.serverTitle = server;
    // A side on Qt's QTcpSocket says so: its calls are Qt's, not system calls.
    if (c && c->clientInLab && c->clientApi != Api::System)
        group.clientTitle += QStringLiteral(" · QTcpSocket");
    if (c && c->serverInLab && c->serverApi != Api::System)
        group.serverTitle += QStringLiteral(" · QTcpSocket");
    if (c && c->client.port)
        group.clientTitle += QStringLiteral("  :%1").arg(c->client.port);
    const quint16 serverPort = c ? c->server.port : session.listening().port;
    if (serverPort)
        group.serverTitle += QStringLiteral("  :%1").arg(serverPort);
    if (group.self) {
        group.clientTitle
            = QCoreApplication::translate("tcplab::Ladder", "Socket :%1").arg(c->client.port);
        group.serverTitle.clear();
    }

    const qreal midX = group.self
        ? m_clientX + kLoopWidth + 10 + (options.middleWidth - kLoopWidth) / 2
        : (m_clientX + m_serverX) / 2;
    qreal y = group.headsY + kHeadsHeight + 16;
    qreal prevY = y;
    qint64 prevT = -1;
    qreal labelCursor = y; // below the last label drawn in the middle
    qreal arrowCursor = y; // below the last arrow's first slope: labels keep off it
    qreal clientCursor = y;
    qreal serverCursor = y;
    qreal lastTickY = -1e9;
    QHash<quint64, int> arrowOf; // segment id -> index in m_arrows
    const int firstArrow = int(m_arrows.size());

    for (const int i : events) {
        const Event &e = session.at(i);
        if (e.kind == Event::Kind::Note || (e.kind == Event::Kind::Call && !isTextbookCall(e)))
            continue;
        // A reading is drawn only when it is news: it contradicts the segments, or there are
        // none to compare it with. Otherwise it shows as the solid state it confirms.
        if (e.isReading()
            && (m_textbook || (!check.disagreements.contains(i) && !check.unmatched.contains(i))))
            continue;
        const bool segment = e.kind == Event::Kind::Segment;

        // Vertical position: by time (long pauses shortened) or one row per event, and never
        // where it would overlap what is already in its column.
        qreal base = prevY;
        std::optional<LadderTick> gap; // a pause drawn shortened, marked once y is known
        if (prevT >= 0) {
            const qint64 dt = std::max<qint64>(0, e.tUs - prevT);
            if (options.evenSpacing) {
                base = prevY + 10;
            } else {
                const qreal wanted = double(dt) / 1000.0 * kPixelsPerMs;
                base = prevY + std::min(wanted, kMaxTimeGap);
                if (wanted > kMaxTimeGap) {
                    gap = LadderTick();
                    gap->group = g;
                    gap->gap = true;
                    gap->gapUs = dt;
                    gap->tUs = e.tUs;
                }
            }
        }

        if (segment) {
            LadderArrow a;
            a.event = i;
            a.group = g;
            a.loop = group.self;
            a.kind = kindOf(e);
            a.modelled = e.source == Source::Modelled;
            a.unexpected = options.unexpected.contains(e.id);
            a.title
                = QStringLiteral("%1  [%2]").arg(EventText::flagWords(e.flags), e.flagLetters());
            a.fate = e.fate;
            if (e.fate != WireFate::Delivered)
                a.title += QStringLiteral("  ") + (a.dropped() ? QStringLiteral("✕ ") : QString())
                    + EventText::fateTag(e.fate);
            const quint32 seq = options.absoluteNumbers ? e.seq : e.relSeq;
            const quint32 ack = options.absoluteNumbers ? e.ack : e.relAck;
            a.numbers = QStringLiteral("seq %1").arg(seq);
            if (e.hasAck())
                a.numbers += QStringLiteral("  ack %1").arg(ack);
            a.numbers += QStringLiteral("  len %1").arg(e.len);
            if (options.showWindow)
                a.numbers += QStringLiteral("  ") + EventText::window(e);
            if (e.isSyn()) {
                for (const TcpOption &option : e.options) {
                    if (option.kind != TcpOption::Kind::Nop && option.kind != TcpOption::Kind::Eol)
                        a.badges.append(badgeText(option));
                }
            }
            // A segment still on its way while later ones leave (a slow wire) slopes longer.
            qreal drop = kSlope;
            if (e.arriveUs > e.tUs && !options.evenSpacing)
                drop = std::max(
                    kSlope,
                    std::min(kMaxTimeGap, double(e.arriveUs - e.tUs) / 1000.0 * kPixelsPerMs));
            const qreal titleH = title.height();
            const qreal numbersH = little.height();
            const qreal badgesH = a.badges.isEmpty() ? 0 : little.height() + 6;
            const qreal labelH = titleH + numbersH + badgesH;
            const qreal half = drop / 2;
            y = std::max(
                {base, prevY, labelCursor + labelH - half + 3, arrowCursor + labelH - half + 2});
            const bool fromClient = e.side == Side::Client;
            if (group.self) {
                a.from = QPointF(m_clientX, y);
                a.to = QPointF(m_clientX, y + drop);
            } else {
                a.from = QPointF(fromClient ? m_clientX : m_serverX, y);
                a.to = QPointF(fromClient ? m_serverX : m_clientX, y + drop);
                // Lost on the way: it ends mid-wire. Made by the wire: it starts there.
                if (a.dropped())
                    a.to = a.from + (a.to - a.from) * 0.6;
                else if (e.fate == WireFate::Injected || e.fate == WireFate::Duplicate)
                    a.from = a.from + (a.to - a.from) * 0.5;
            }
            // Measured in the fonts the painter draws them with.
            qreal labelW
                = std::max(title.horizontalAdvance(a.title), little.horizontalAdvance(a.numbers));
            qreal badgesW = 0;
            for (const QString &b : std::as_const(a.badges))
                badgesW += little.horizontalAdvance(b) + 14;
            const qreal room
                = group.self ? options.middleWidth - kLoopWidth - 10 : options.middleWidth - 16;
            labelW = std::min(std::max(labelW, badgesW) + 4, room);
            const qreal bottom = y + half - 3;
            a.labelRect = group.self
                ? QRectF(m_clientX + kLoopWidth + 10, y + half - labelH / 2, labelW, labelH)
                : QRectF(midX - labelW / 2, bottom - labelH, labelW, labelH);
            labelCursor = a.labelRect.bottom() + 2;
            // A long (slow) arrow may be crossed by the next one; its first slope may not.
            arrowCursor = std::min(a.to.y(), a.from.y() + kSlope) + kGap;
            arrowOf.insert(e.id, int(m_arrows.size()));
            m_arrows.append(a);
            if (y - lastTickY >= little.height() + 2) {
                LadderTick tick;
                tick.group = g;
                tick.y = y;
                tick.tUs = e.tUs;
                m_ticks.append(tick);
                lastTickY = y;
            }
        } else {
            LadderMark m;
            m.event = i;
            m.group = g;
            m.side = group.self || e.listener ? (e.listener ? Side::Server : Side::Client) : e.side;
            qreal preferred = base;
            if (e.kind == Event::Kind::State) {
                const QString name = tcpStateName(e.state);
                m.state = e.state;
                if (e.isReading()) {
                    m.kind = LadderMark::Kind::Reading;
                    m.disagrees = check.disagreements.contains(i);
                    m.text = QCoreApplication::translate("tcplab::Ladder", "kernel: %1").arg(name);
                } else {
                    m.kind = LadderMark::Kind::State;
                    m.text = name;
                    m.confirmed = check.confirmed(i);
                    if (m.confirmed) {
                        const Event &reading = session.at(check.confirmedBy.value(i));
                        if (e.state == TcpState::TimeWait && reading.remainingMs >= 0)
                            m.detail = QCoreApplication::translate("tcplab::Ladder", "%1 s")
                                           .arg(qRound(reading.remainingMs / 1000.0));
                    }
                    // Where it happened: at the arrow that caused it, its tail for the sender,
                    // its head for the receiver.
                    if (const auto it = arrowOf.constFind(e.cause); it != arrowOf.cend()) {
                        const LadderArrow &a = m_arrows.at(*it);
                        preferred = e.via == StateVia::ReceivedSegment ? a.to.y() : a.from.y();
                    }
                }
            } else {
                m.kind = LadderMark::Kind::Call;
                m.text = EventText::textbookCall(e);
                m.failed = e.failed();
            }
            qreal &cursor = m.side == Side::Client ? clientCursor : serverCursor;
            y = std::max({preferred, cursor + kMarkHeight / 2});
            if (e.kind == Event::Kind::Call)
                y = std::max(y, prevY);
            m.y = y;
            const QFontMetricsF &fm = m.kind == LadderMark::Kind::Call ? regular : little;
            qreal w = fm.horizontalAdvance(m.text) + 16;
            if (!m.detail.isEmpty())
                w += little.horizontalAdvance(m.detail) + 8;
            w = std::min(w, sideWidth(m.side) - 12);
            const qreal x = m.side == Side::Client ? m_clientX - 8 - w : m_serverX + 8;
            m.rect = QRectF(x, y - kMarkHeight / 2 + 1, w, kMarkHeight - 2);
            if (group.self && m.side == Side::Client)
                m.rect.moveLeft(m_clientX - 8 - w);
            cursor = y + kMarkHeight / 2 + 2;
            m_marks.append(m);
        }
        // The pause's mark goes halfway to what came after it (a state at an arrival can lie
        // closer than the shortened pause), where it overlaps neither time beside it.
        if (gap && y - prevY >= 2 * (little.height() + 2)) {
            gap->y = (prevY + y) / 2;
            m_ticks.append(*gap);
        }
        prevY = std::max(prevY, y);
        prevT = e.tUs;
    }

    // Phase brackets, from the segments shown.
    QList<Event> shown;
    for (int k = firstArrow; k < m_arrows.size(); ++k)
        shown.append(session.at(m_arrows.at(k).event));
    for (const Phase &phase : connectionPhases(shown))
        m_phases.append({g, phase.kind, m_arrows.at(firstArrow + phase.first).labelRect.top(),
                         m_arrows.at(firstArrow + phase.last).to.y()});

    // Ghosts of what was expected and did not come, between their neighbours.
    const int arrows = int(m_arrows.size()) - firstArrow;
    for (const LadderGhost &ghost : options.ghosts) {
        if (ghost.conn != conn)
            continue;
        LadderArrow a;
        a.group = g;
        const bool fromClient = ghost.token.startsWith(QLatin1Char('c'));
        const auto flags = tcpFlagsFromLetters(ghost.token.mid(2));
        const int before = ghost.before;
        qreal gy;
        if (before < arrows && before > 0)
            gy = (m_arrows.at(firstArrow + before - 1).to.y()
                  + m_arrows.at(firstArrow + before).from.y())
                / 2;
        else if (before <= 0 && arrows > 0)
            gy = m_arrows.at(firstArrow).from.y() - kSlope;
        else
            gy = (arrows == 0 ? prevY : m_arrows.constLast().to.y()) + kSlope;
        a.from = QPointF(fromClient || group.self ? m_clientX : m_serverX, gy);
        a.to = QPointF(fromClient || group.self ? (group.self ? m_clientX : m_serverX) : m_clientX,
                       gy + kSlope);
        a.loop = group.self;
        a.title = QCoreApplication::translate("tcplab::Ladder", "expected: %1  [%2]")
                      .arg(EventText::flagWords(flags.value_or(0)), ghost.token.mid(2));
        const qreal w = std::min(title.horizontalAdvance(a.title) + 8, options.middleWidth - 16);
        a.labelRect = QRectF(midX - w / 2, gy + kSlope / 2 - 3 - title.height(), w, title.height());
        Event probe;
        probe.flags = flags.value_or(0);
        a.kind = kindOf(probe);
        m_ghosts.append(a);
        prevY = std::max(prevY, a.to.y());
    }

    qreal bottom = prevY;
    for (int k = firstArrow; k < m_arrows.size(); ++k)
        bottom = std::max(bottom, m_arrows.at(k).to.y());
    for (const LadderMark &m : std::as_const(m_marks)) {
        if (m.group == g)
            bottom = std::max(bottom, m.rect.bottom());
    }
    group.bottom = bottom + 24;
    m_groups.append(group);
}

int LadderLayout::segmentAt(const QPointF &p) const
{
    // The nearest arrow line within a few pixels, or a label under the point.
    int best = -1;
    qreal bestDistance = 6;
    for (const LadderArrow &a : m_arrows) {
        if (a.labelRect.adjusted(-4, -2, 4, 2).contains(p))
            return a.event;
        if (a.loop) {
            const QRectF loop(a.from.x(), a.from.y() - 3, kLoopWidth + 3,
                              a.to.y() - a.from.y() + 6);
            if (loop.contains(p))
                return a.event;
            continue;
        }
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
