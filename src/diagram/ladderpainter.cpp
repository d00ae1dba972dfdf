#include "ladderpainter.h"

#include <algorithm>

#include "statestyle.h"

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>

#include <cmath>

namespace tcplab {

namespace {

const QColor kInk(0x21, 0x21, 0x21);
const QColor kMuted(0x61, 0x61, 0x61);
const QColor kLifeline(0x9e, 0x9e, 0x9e);

QString formatTime(qint64 us)
{
    if (us < 10000)
        return QCoreApplication::translate("tcplab::Ladder", "%1 ms")
            .arg(double(us) / 1000.0, 0, 'f', 3);
    if (us < 10000000)
        return QCoreApplication::translate("tcplab::Ladder", "%1 ms")
            .arg(double(us) / 1000.0, 0, 'f', 1);
    return QCoreApplication::translate("tcplab::Ladder", "%1 s").arg(double(us) / 1e6, 0, 'f', 2);
}

void drawArrowHead(QPainter &p, const QPointF &from, const QPointF &to, const QColor &color,
                   qreal size)
{
    const qreal angle = std::atan2(to.y() - from.y(), to.x() - from.x());
    const QPointF a = to - QPointF(std::cos(angle - 0.42) * size, std::sin(angle - 0.42) * size);
    const QPointF b = to - QPointF(std::cos(angle + 0.42) * size, std::sin(angle + 0.42) * size);
    QPainterPath head;
    head.moveTo(to);
    head.lineTo(a);
    head.lineTo(b);
    head.closeSubpath();
    p.fillPath(head, color);
}

// A segment a socket sends to itself: out from its lifeline, down, and back.
void drawLoop(QPainter &p, const LadderArrow &a, const QPen &pen, const QColor &color, qreal head)
{
    const qreal out = a.from.x() + LadderLayout::kLoopWidth;
    QPainterPath path(a.from);
    path.lineTo(out - 6, a.from.y());
    path.quadTo(out, a.from.y(), out, a.from.y() + 6);
    path.lineTo(out, a.to.y() - 6);
    path.quadTo(out, a.to.y(), out - 6, a.to.y());
    path.lineTo(a.to.x() + head * 0.8, a.to.y());
    p.setPen(pen);
    p.setBrush(Qt::NoBrush);
    p.drawPath(path);
    drawArrowHead(p, QPointF(out, a.to.y()), a.to, color, head);
}

} // namespace

QColor LadderPainter::color(SegmentKind kind)
{
    switch (kind) {
    case SegmentKind::Syn:
        return QColor(0x15, 0x65, 0xc0);
    case SegmentKind::Data:
        return QColor(0x2e, 0x7d, 0x32);
    case SegmentKind::Ack:
        return QColor(0x75, 0x75, 0x75);
    case SegmentKind::Fin:
        return QColor(0xe6, 0x51, 0x00);
    case SegmentKind::Rst:
        return QColor(0xc6, 0x28, 0x28);
    }
    return kInk;
}

QPen LadderPainter::pen(SegmentKind kind)
{
    // Widths and dash patterns keep the kinds apart in greyscale print too.
    QPen pen(color(kind));
    pen.setCapStyle(Qt::FlatCap);
    switch (kind) {
    case SegmentKind::Syn:
        pen.setWidthF(2.2);
        break;
    case SegmentKind::Data:
        pen.setWidthF(3.0);
        break;
    case SegmentKind::Ack:
        pen.setWidthF(1.3);
        break;
    case SegmentKind::Fin:
        pen.setWidthF(2.4);
        pen.setDashPattern({5, 2.5});
        break;
    case SegmentKind::Rst:
        pen.setWidthF(3.4);
        pen.setDashPattern({4, 1.5, 1, 1.5});
        break;
    }
    return pen;
}

QFont LadderPainter::diagramFont(const QFont &base)
{
    QFont font = base;
    QStringList families = base.families();
    if (families.isEmpty())
        families.append(base.family());
    if (!families.contains(QStringLiteral("Noto Sans CJK SC")))
        families.append(QStringLiteral("Noto Sans CJK SC"));
    font.setFamilies(families);
    return font;
}

void LadderPainter::paint(QPainter &p, const LadderLayout &l, const Options &o)
{
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    p.setRenderHint(QPainter::TextAntialiasing);
    const QFont font = diagramFont(o.font);
    // The layout measured with these very fonts.
    const QFont bold = LadderLayout::titleFont(font);
    const QFont small = LadderLayout::smallFont(font);
    QFont smallBold = small;
    smallBold.setBold(true);
    const QFontMetricsF smallMetrics(small);

    if (!o.transparent)
        p.fillRect(QRectF(0, 0, l.width(), l.height()), Qt::white);

    // Each connection's ladder: its heading, the heads of its lifelines, the lifelines.
    const QFont title = LadderLayout::headFont(font);
    for (const LadderGroup &group : l.groups()) {
        if (!group.heading.isEmpty()) {
            p.setPen(Qt::NoPen);
            p.setBrush(QColor(0xec, 0xef, 0xf1));
            const QRectF band(8, group.top + 2, l.width() - 16, LadderLayout::kHeadingHeight - 6);
            p.drawRoundedRect(band, 4, 4);
            p.setFont(bold);
            p.setPen(kInk);
            p.drawText(
                band.adjusted(10, 0, -10, 0), Qt::AlignLeft | Qt::AlignVCenter,
                QFontMetricsF(bold).elidedText(group.heading, Qt::ElideRight, band.width() - 20));
        }
        const qreal headTop = group.headsY + 12;
        p.setFont(title);
        QList<std::pair<qreal, QString>> heads {{l.clientX(), group.clientTitle}};
        if (!group.self)
            heads.append({l.serverX(), group.serverTitle});
        for (const auto &[x, text] : heads) {
            const qreal w = std::max<qreal>(180, QFontMetricsF(title).horizontalAdvance(text) + 24);
            const QRectF box(x - w / 2, headTop, w, 30);
            p.setPen(QPen(kInk, 1.2));
            p.setBrush(QColor(0xf5, 0xf5, 0xf5));
            p.drawRoundedRect(box, 5, 5);
            p.drawText(box, Qt::AlignCenter, text);
        }
        p.setPen(QPen(kLifeline, 2));
        for (const auto &[x, text] : heads)
            p.drawLine(QPointF(x, headTop + 30), QPointF(x, group.bottom - 10));
        if (l.modelled()) {
            p.setFont(smallBold);
            p.setPen(QColor(0xb2, 0x6a, 0x00));
            // Short, so that it fits between the lifelines; the banner above says why.
            const QString text = l.textbook()
                ? QCoreApplication::translate("tcplab::Ladder",
                                              "TEXTBOOK PICTURE — modelled, not captured")
                : QCoreApplication::translate("tcplab::Ladder", "MODELLED — not captured");
            const qreal right = group.self ? l.width() - LadderLayout::kPhaseWidth : l.serverX();
            const QRectF box(l.clientX() + 8, headTop + 32, right - l.clientX() - 16, 16);
            p.drawText(box, Qt::AlignCenter,
                       QFontMetricsF(smallBold).elidedText(text, Qt::ElideRight, box.width()));
        }
    }

    // Skipping what lies outside keeps long sessions (thousands of segments) fast, page by page.
    auto visible = [&o](qreal top, qreal bottom) {
        return o.exposed.isEmpty()
            || (bottom >= o.exposed.top() - 40 && top <= o.exposed.bottom() + 40);
    };

    const bool revealing = o.revealUpTo >= 0;
    auto revealed = [&o, revealing](int event) {
        return !revealing || event <= o.revealUpTo;
    };
    auto above = [&o, revealing](qreal y) {
        return !revealing || y <= o.revealBottom + 1;
    };

    // Time axis.
    p.setFont(small);
    for (const LadderTick &t : l.ticks()) {
        if (!visible(t.y, t.y) || !above(t.y))
            continue;
        if (t.gap) {
            p.setPen(QPen(kMuted, 1, Qt::DotLine));
            p.drawLine(QPointF(8, t.y), QPointF(l.width() - LadderLayout::kPhaseWidth, t.y));
            p.setPen(kMuted);
            p.fillRect(QRectF(2, t.y - 8, LadderLayout::kTimeAxisWidth - 6, 16), Qt::white);
            p.drawText(QRectF(2, t.y - 8, LadderLayout::kTimeAxisWidth - 8, 16),
                       Qt::AlignRight | Qt::AlignVCenter,
                       QStringLiteral("+") + formatTime(t.gapUs));
            continue;
        }
        p.setPen(kMuted);
        p.drawText(QRectF(2, t.y - 8, LadderLayout::kTimeAxisWidth - 8, 16),
                   Qt::AlignRight | Qt::AlignVCenter, formatTime(t.tUs));
        p.setPen(QPen(QColor(0xe0, 0xe0, 0xe0), 1));
        p.drawLine(QPointF(LadderLayout::kTimeAxisWidth - 4, t.y),
                   QPointF(LadderLayout::kTimeAxisWidth + 6, t.y));
    }

    // Phase brackets on the right.
    const qreal bracketX = l.width() - LadderLayout::kPhaseWidth + 12;
    for (const LadderPhase &phase : l.phases()) {
        if (revealing && phase.top + 12 > o.revealBottom) // a phase not yet begun
            continue;
        p.setPen(QPen(kInk, 1.4));
        const qreal top = phase.top + 2;
        const qreal bottom = std::max(
            (revealing ? std::min(phase.bottom, o.revealBottom + 8) : phase.bottom) - 2, top + 10);
        p.drawLine(QPointF(bracketX, top), QPointF(bracketX + 6, top));
        p.drawLine(QPointF(bracketX + 6, top), QPointF(bracketX + 6, bottom));
        p.drawLine(QPointF(bracketX, bottom), QPointF(bracketX + 6, bottom));
        p.setFont(smallBold);
        const QString name = PhaseText::name(phase.kind);
        if (std::any_of(name.begin(), name.end(),
                        [](QChar c) { return c.script() == QChar::Script_Han; })) {
            // Chinese reads upright, one character under the other (rotated, 三次握手 lay on
            // its side), centred on the bracket, and as far as it fits.
            const QFontMetricsF m(smallBold);
            const qreal step = m.height();
            const qsizetype fits = std::max<qsizetype>(1, qsizetype((bottom - top) / step));
            const QString shown = name.size() <= fits ? name : name.left(fits);
            qreal y = (top + bottom) / 2 - step * qreal(shown.size()) / 2;
            for (const QChar c : shown) {
                p.drawText(QRectF(bracketX + 8, y, LadderLayout::kPhaseWidth - 14, step),
                           Qt::AlignCenter, QString(c));
                y += step;
            }
        } else {
            p.save();
            p.translate(bracketX + 12, (top + bottom) / 2);
            p.rotate(90);
            const qreal w = std::max(bottom - top, smallMetrics.horizontalAdvance(name) + 4);
            p.drawText(QRectF(-w / 2, -smallMetrics.height() - 2, w, smallMetrics.height() + 2),
                       Qt::AlignCenter, name);
            p.restore();
        }
    }

    // Calls and states beside the lifelines.
    for (const LadderMark &m : l.marks()) {
        if (!visible(m.rect.top(), m.rect.bottom()) || !revealed(m.event))
            continue;
        const qreal lineX = m.side == Side::Client ? l.clientX() : l.serverX();
        if (m.event == o.current) {
            p.setPen(Qt::NoPen);
            p.setBrush(QColor(255, 213, 79, 200));
            p.drawRoundedRect(m.rect.adjusted(-6, -4, 6, 4), 6, 6);
        }
        if (m.kind == LadderMark::Kind::Reading) {
            // A kernel reading: red and dashed where it contradicts the segments, plain grey
            // where there is nothing to compare it with.
            const QColor c = m.disagrees ? QColor(0xc6, 0x28, 0x28) : kMuted;
            p.setPen(QPen(c, 1.4, m.disagrees ? Qt::DashLine : Qt::SolidLine));
            p.setBrush(m.disagrees ? QColor(0xff, 0xeb, 0xee) : QColor(0xf5, 0xf5, 0xf5));
            p.drawRoundedRect(m.rect, 9, 9);
            p.setFont(smallBold);
            p.setPen(c);
            p.drawText(m.rect, Qt::AlignCenter,
                       (m.disagrees ? QStringLiteral("≠ ") : QString()) + m.text);
        } else if (m.kind == LadderMark::Kind::State) {
            const StateStyle style = StateStyle::forState(m.state);
            const QString text
                = m.detail.isEmpty() ? m.text : m.text + QStringLiteral("  ") + m.detail;
            if (!m.confirmed) {
                // From the segments only: outlined, dashed, italic.
                QPen pen(style.background, 1.4, Qt::DashLine);
                p.setPen(pen);
                p.setBrush(Qt::white);
                p.drawRoundedRect(m.rect, 9, 9);
                QFont italic = smallBold;
                italic.setItalic(true);
                p.setFont(italic);
                p.setPen(style.background.darker(115));
            } else {
                p.setPen(Qt::NoPen);
                p.setBrush(style.background);
                p.drawRoundedRect(m.rect, 9, 9);
                p.setFont(smallBold);
                p.setPen(style.foreground);
            }
            p.drawText(m.rect, Qt::AlignCenter, text);
        } else {
            p.setPen(Qt::NoPen);
            p.setBrush(m.failed ? QColor(0xc6, 0x28, 0x28) : kInk);
            p.drawEllipse(QPointF(lineX, m.y), 3, 3);
            p.setPen(QPen(QColor(0xbd, 0xbd, 0xbd), 1, Qt::DotLine));
            const qreal textEnd = m.side == Side::Client ? m.rect.right() : m.rect.left();
            p.drawLine(QPointF(textEnd, m.y), QPointF(lineX, m.y));
            p.setFont(font);
            p.setPen(m.failed ? QColor(0xc6, 0x28, 0x28) : kInk);
            p.drawText(m.rect.adjusted(4, 0, -4, 0),
                       (m.side == Side::Client ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter,
                       m.text);
        }
    }

    // Ghosts: expected segments that did not come, faint and dashed (once all is shown).
    for (const LadderArrow &g : revealing ? QList<LadderArrow>() : l.ghosts()) {
        QColor c = color(g.kind);
        c.setAlpha(110);
        QPen ghost(c, 2, Qt::DashLine);
        p.setPen(ghost);
        if (g.loop) {
            drawLoop(p, g, ghost, c, 10);
        } else {
            p.drawLine(g.from, g.to);
            drawArrowHead(p, g.from, g.to, c, 10);
        }
        QFont italic = bold;
        italic.setItalic(true);
        p.setFont(italic);
        p.drawText(g.labelRect, Qt::AlignCenter, g.title);
    }

    // Segments.
    for (const LadderArrow &a : l.arrows()) {
        if (!visible(a.labelRect.top(), a.to.y()) || !revealed(a.event))
            continue;
        const QColor c = LadderPainter::color(a.kind);
        const bool lit = a.event == o.selected || a.event == o.current;
        if (lit || a.event == o.hovered) {
            QPen glow(lit ? QColor(255, 213, 79, 200) : QColor(255, 236, 179, 170), 10);
            glow.setCapStyle(Qt::RoundCap);
            p.setPen(glow);
            p.drawLine(a.from, a.to);
            p.setPen(Qt::NoPen);
            p.setBrush(glow.color());
            p.drawRoundedRect(a.labelRect.adjusted(-6, -3, 6, 3), 4, 4);
        }
        const qreal head = a.kind == SegmentKind::Rst || a.kind == SegmentKind::Data ? 13 : 11;
        if (a.loop) {
            drawLoop(p, a, pen(a.kind), c, head);
        } else if (a.dropped()) {
            // It never arrived: the line stops mid-wire at a red cross.
            p.setPen(pen(a.kind));
            p.drawLine(a.from, a.to);
            QPen cross(QColor(0xc6, 0x28, 0x28), 2.6);
            cross.setCapStyle(Qt::RoundCap);
            p.setPen(cross);
            const qreal r = 7;
            p.drawLine(a.to + QPointF(-r, -r), a.to + QPointF(r, r));
            p.drawLine(a.to + QPointF(-r, r), a.to + QPointF(r, -r));
        } else {
            p.setPen(pen(a.kind));
            const QPointF d = a.to - a.from;
            const qreal length = std::hypot(d.x(), d.y());
            p.drawLine(a.from, a.to - d * (head * 0.8 / length));
            drawArrowHead(p, a.from, a.to, c, head);
        }

        if (a.unexpected) {
            // Not what the experiment expected: a red frame and a cross by the label.
            p.setPen(QPen(QColor(0xc6, 0x28, 0x28), 1.6, Qt::DashLine));
            p.setBrush(Qt::NoBrush);
            p.drawRoundedRect(a.labelRect.adjusted(-6, -3, 6, 3), 4, 4);
            p.setFont(bold);
            p.setPen(QColor(0xc6, 0x28, 0x28));
            p.drawText(QRectF(a.labelRect.right() + 8, a.labelRect.top(), 20, 18),
                       Qt::AlignLeft | Qt::AlignTop, QStringLiteral("✗"));
        }
        // Label above the arrow, on a white ground so lines never cross the text.
        if (!lit && a.event != o.hovered) {
            p.setPen(Qt::NoPen);
            p.setBrush(QColor(255, 255, 255, 225));
            p.drawRoundedRect(a.labelRect.adjusted(-4, -1, 4, 1), 3, 3);
        }
        qreal y = a.labelRect.top();
        p.setFont(bold);
        const QFontMetricsF boldMetrics(bold);
        p.setPen(c.darker(a.kind == SegmentKind::Ack ? 140 : 110));
        const Qt::Alignment align = a.loop ? Qt::AlignLeft | Qt::AlignVCenter : Qt::AlignCenter;
        p.drawText(QRectF(a.labelRect.left(), y, a.labelRect.width(), boldMetrics.height()), align,
                   a.title);
        y += boldMetrics.height();
        p.setFont(small);
        p.setPen(kInk);
        p.drawText(QRectF(a.labelRect.left(), y, a.labelRect.width(), smallMetrics.height()), align,
                   a.numbers);
        y += smallMetrics.height();
        if (!a.badges.isEmpty()) {
            qreal total = 0;
            for (const QString &b : a.badges)
                total += smallMetrics.horizontalAdvance(b) + 14;
            qreal x = a.labelRect.center().x() - (total - 4) / 2;
            for (const QString &b : a.badges) {
                const QRectF badge(x, y + 2, smallMetrics.horizontalAdvance(b) + 10,
                                   smallMetrics.height() + 2);
                p.setPen(QPen(c.lighter(130), 1));
                p.setBrush(QColor(0xe3, 0xf2, 0xfd));
                p.drawRoundedRect(badge, 4, 4);
                p.setPen(c.darker(130));
                p.drawText(badge, Qt::AlignCenter, b);
                x += badge.width() + 4;
            }
        }
    }
    p.restore();
}

} // namespace tcplab
