#include "ladderexport.h"

#include "session/inputfile.h"

#include "ladderpainter.h"
#include "session/eventtext.h"
#include "session/grouping.h"
#include "session/phases.h"
#include "session/session.h"
#include "session/statetracker.h"
#include "session/textladder.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>

namespace tcplab {

namespace {

constexpr qreal kTitleHeight = 46;
constexpr qreal kLegendHeight = 50;
constexpr qreal kHeadsHeight = 44; // the lifeline heads repeated at the top of later pages

struct Frame
{
    LadderLayout layout;
    qreal top = 0; // where the diagram starts below title
    qreal width = 0;
    qreal height = 0;
    QString report; // the explanation and the verdict, under the title
    qreal reportHeight = 0;
};

QFont reportFont(const QFont &font)
{
    QFont f = font;
    f.setPointSizeF(font.pointSizeF() * 0.95);
    return f;
}

QString reportText(const LadderExport::Options &o)
{
    QStringList parts;
    if (!o.explanation.isEmpty())
        parts.append(o.explanation);
    if (!o.verdict.isEmpty())
        parts.append(o.verdict);
    return parts.join(QStringLiteral("\n"));
}

Frame frameFor(const Session &session, const LadderExport::Options &o)
{
    Frame f;
    f.layout.layout(session, o.ladder, LadderPainter::diagramFont(o.font));
    f.width = f.layout.width();
    if (o.title) {
        f.report = reportText(o);
        if (!f.report.isEmpty())
            f.reportHeight
                = QFontMetricsF(reportFont(LadderPainter::diagramFont(o.font)))
                      .boundingRect(QRectF(0, 0, f.width - 24, 1e6), Qt::TextWordWrap, f.report)
                      .height()
                + 8;
    }
    f.top = o.title ? kTitleHeight + f.reportHeight : 0;
    f.height = f.top + f.layout.height() + (o.legend ? kLegendHeight : 0);
    return f;
}

QString titleText(const Session &session, const LadderExport::Options &o = {})
{
    QString scenario = o.experiment.isEmpty() ? session.scenario() : o.experiment;
    QString text
        = QCoreApplication::translate("tcplab::LadderExport", "TCP Lab — %1").arg(scenario);
    const int connections = session.connections().size();
    if (connections == 1 && session.client().port && session.server().port)
        text += QStringLiteral("   %1 ↔ %2").arg(session.client().text(), session.server().text());
    else if (connections > 1)
        text += QStringLiteral("   ")
            + QCoreApplication::translate("tcplab::LadderExport", "%n connection(s)", nullptr,
                                          connections);
    return text;
}

void paintAll(QPainter &p, const Session &session, const Frame &f, const LadderExport::Options &o,
              const QRectF &exposed = {})
{
    const QFont font = LadderPainter::diagramFont(o.font);
    if (!o.transparent)
        p.fillRect(QRectF(0, 0, f.width, f.height), Qt::white);
    if (o.title) {
        QFont bold = font;
        bold.setBold(true);
        bold.setPointSizeF(font.pointSizeF() * 1.2);
        p.setFont(bold);
        p.setPen(QColor(0x21, 0x21, 0x21));
        p.drawText(QRectF(12, 6, f.width - 24, 22), Qt::AlignLeft | Qt::AlignVCenter,
                   titleText(session, o));
        QFont small = font;
        small.setPointSizeF(font.pointSizeF() * 0.85);
        p.setFont(small);
        p.setPen(QColor(0x61, 0x61, 0x61));
        const QString capture = session.capture() == CaptureKind::Live
            ? LadderExport::tr("captured live")
            : session.capture() == CaptureKind::File ? LadderExport::tr("read from a capture file")
            : session.isTextbook() ? LadderExport::tr("a textbook picture, modelled")
            : session.capture() == CaptureKind::Modelled
            ? LadderExport::tr("modelled, not captured")
            : QString();
        QStringList line {QLocale().toString(
            o.date.isValid() ? o.date : QDateTime::currentDateTime(), QLocale::ShortFormat)};
        if (!capture.isEmpty())
            line.append(capture);
        if (!o.student.isEmpty())
            line.append(LadderExport::tr("Student: %1").arg(o.student));
        p.drawText(QRectF(12, 26, f.width - 24, 16), Qt::AlignLeft | Qt::AlignVCenter,
                   line.join(QStringLiteral(" · ")));
        if (!f.report.isEmpty()) {
            p.setFont(reportFont(font));
            p.setPen(QColor(0x21, 0x21, 0x21));
            p.drawText(QRectF(12, kTitleHeight, f.width - 24, f.reportHeight),
                       Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, f.report);
        }
    }
    p.save();
    p.translate(0, f.top);
    LadderPainter::Options po;
    po.font = o.font;
    po.transparent = true;
    po.exposed = exposed.translated(0, -f.top);
    LadderPainter::paint(p, f.layout, po);
    p.restore();
    if (o.legend) {
        // One sample of each kind of arrow, in the colours and dashes of the diagram.
        const qreal y = f.top + f.layout.height() + 8;
        QFont small = font;
        small.setPointSizeF(font.pointSizeF() * 0.85);
        p.setFont(small);
        qreal x = 16;
        const QList<QPair<SegmentKind, QString>> kinds
            = {{SegmentKind::Syn, QStringLiteral("SYN")},
               {SegmentKind::Data, LadderExport::tr("data")},
               {SegmentKind::Ack, QStringLiteral("ACK")},
               {SegmentKind::Fin, QStringLiteral("FIN")},
               {SegmentKind::Rst, QStringLiteral("RST")}};
        for (const auto &[kind, name] : kinds) {
            p.setPen(LadderPainter::pen(kind));
            p.drawLine(QPointF(x, y + 8), QPointF(x + 34, y + 8));
            p.setPen(QColor(0x21, 0x21, 0x21));
            p.drawText(QRectF(x + 40, y, 120, 16), Qt::AlignLeft | Qt::AlignVCenter, name);
            x += 48 + QFontMetricsF(small).horizontalAdvance(name) + 18;
        }
        p.drawText(QRectF(16, y + 18, f.width - 28, 16), Qt::AlignLeft | Qt::AlignVCenter,
                   LadderExport::tr("States: filled, confirmed by the kernel (TCP_INFO or "
                                    "sock_diag); dashed outline, from the segments only; red, the "
                                    "kernel read otherwise."));
    }
}

// The heads of the lifelines of the connection drawn at `y` (a page's top), in a band of
// kHeadsHeight: on a page of their own they say which line is the client's.
void paintHeads(QPainter &p, const LadderLayout &l, qreal y, const QFont &font)
{
    const LadderGroup *group = nullptr;
    for (const LadderGroup &g : l.groups())
        if (g.top <= y + 1)
            group = &g;
    if (!group)
        return;
    const QFont title = LadderLayout::headFont(font);
    p.save();
    p.setFont(title);
    QList<std::pair<qreal, QString>> heads {{l.clientX(), group->clientTitle}};
    if (!group->self)
        heads.append({l.serverX(), group->serverTitle});
    for (const auto &[x, text] : heads) {
        const qreal w = std::max<qreal>(180, QFontMetricsF(title).horizontalAdvance(text) + 24);
        const QRectF box(x - w / 2, 6, w, 30);
        p.setPen(QPen(QColor(0x21, 0x21, 0x21), 1.2));
        p.setBrush(QColor(0xf5, 0xf5, 0xf5));
        p.drawRoundedRect(box, 5, 5);
        p.drawText(box, Qt::AlignCenter, text);
        p.setPen(QPen(QColor(0x9e, 0x9e, 0x9e), 2));
        p.drawLine(QPointF(x, 36), QPointF(x, kHeadsHeight));
    }
    p.restore();
}

bool saveText(const QString &path, const QByteArray &bytes, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        *error = LadderExport::tr("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace

QList<qreal> LadderExport::pageBreaks(const LadderLayout &layout, qreal firstPage, qreal pageHeight)
{
    // What may not be cut: each segment from its label to its arrow's end, each call and state.
    QList<std::pair<qreal, qreal>> spans;
    for (const LadderArrow &a : layout.arrows())
        spans.append({std::min({a.labelRect.top(), a.from.y(), a.to.y()}) - 2,
                      std::max({a.labelRect.bottom(), a.from.y(), a.to.y()}) + 4});
    for (const LadderMark &m : layout.marks())
        spans.append({m.rect.top() - 2, m.rect.bottom() + 2});
    for (const LadderGroup &g : layout.groups()) // a connection's heads stay with its first row
        spans.append({g.top, g.headsY + 50});
    std::sort(spans.begin(), spans.end());
    QList<qreal> breaks;
    qreal start = 0;
    qreal room = std::max<qreal>(firstPage, 40);
    pageHeight = std::max<qreal>(pageHeight, 40);
    qsizetype first = 0; // the first span that may still reach below `start`
    while (layout.height() - start > room) {
        const qreal limit = start + room;
        // The lowest y up to the limit that nothing crosses: the top of a span that everything
        // before it has ended above (or the limit itself).
        qreal cut = -1;
        qreal reach = start; // how far down what starts above the candidate goes
        qreal lastTop = -1; // failing a clean gap: above the last item that starts on the page
        for (qsizetype k = first; k < spans.size(); ++k) {
            const auto &[top, bottom] = spans.at(k);
            if (top > limit)
                break;
            if (top > start + 1) {
                if (reach <= top)
                    cut = top;
                lastTop = top;
            }
            reach = std::max(reach, bottom);
        }
        if (reach <= limit)
            cut = limit; // nothing runs over the page's end
        if (cut <= start + room / 2) // no gap in its lower half: above the last item instead
            cut = lastTop > start + room / 2 ? lastTop : limit;
        breaks.append(cut);
        start = cut;
        room = pageHeight;
        while (first < spans.size() && spans.at(first).second <= start)
            ++first;
    }
    return breaks;
}

QImage LadderExport::image(const Session &session, const Options &o, QString *error)
{
    const Frame f = frameFor(session, o);
    const QSize size(qCeil(f.width * o.scale), qCeil(f.height * o.scale));
    if (size.width() > kMaxPngSide || size.height() > kMaxPngSide) {
        *error = tr("The picture would be %1 × %2 pixels, more than a PNG can safely hold (%3 per "
                    "side). Export "
                    "as SVG or PDF instead, or choose a smaller scale.")
                     .arg(size.width())
                     .arg(size.height())
                     .arg(kMaxPngSide);
        return {};
    }
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(o.transparent ? Qt::transparent : Qt::white);
    QPainter p(&image);
    p.scale(o.scale, o.scale);
    paintAll(p, session, f, o);
    return image;
}

QString LadderExport::mermaid(const Session &session, const QList<int> &only)
{
    // A Mermaid sequence diagram: participants, then one rectangle per connection (as the
    // diagram stacks them) with a message per segment, notes for calls and states, and the
    // phases named.
    const Grouping grouping = Grouping::of(session, only);
    const StateCheck check = StateCheck::of(session);
    QStringList out;
    out << QStringLiteral("sequenceDiagram");
    out << QStringLiteral("    participant C as %1")
               .arg(QCoreApplication::translate("tcplab::Ladder", "Client"));
    out << QStringLiteral("    participant S as %1")
               .arg(QCoreApplication::translate("tcplab::Ladder", "Server"));
    auto clean = [](QString text) {
        // Mermaid ends a message at ';' and reads '#' as an entity.
        text.replace(QLatin1Char(';'), QLatin1Char(','));
        text.replace(QLatin1Char('#'), QStringLiteral("no. "));
        return text;
    };
    for (int g = 0; g < grouping.groups.size(); ++g) {
        const ConnectionGroup &group = grouping.groups.at(g);
        QList<Event> segments;
        for (const int i : group.events) {
            if (session.at(i).kind == Event::Kind::Segment)
                segments.append(session.at(i));
        }
        QHash<int, Phase> phaseAt;
        for (const Phase &p : connectionPhases(segments))
            phaseAt.insert(p.first, p);
        const bool several = grouping.groups.size() > 1;
        if (several) {
            out << QStringLiteral("    rect rgb(250, 250, 250)");
            out << QStringLiteral("    Note over C,S: %1")
                       .arg(clean(TextLadder::heading(session, group.conn, g + 1,
                                                      int(grouping.groups.size()))));
        }
        int segment = 0;
        int phaseEnd = -1;
        bool closePhase = false; // a phase's last segment went: its states still belong in it
        for (const int i : group.events) {
            const Event &e = session.at(i);
            if (e.kind == Event::Kind::Note || (e.kind == Event::Kind::Call && !isTextbookCall(e)))
                continue;
            // As the window and the text ladder: a reading only when it is news.
            if (e.isReading()
                && (session.isTextbook()
                    || (!check.disagreements.contains(i) && !check.unmatched.contains(i))))
                continue;
            if (closePhase && !e.isTransition()) {
                out << QStringLiteral("    end");
                closePhase = false;
            }
            const QString who = e.side == Side::Client ? QStringLiteral("C") : QStringLiteral("S");
            const QString where
                = e.side == Side::Client ? QStringLiteral("left of") : QStringLiteral("right of");
            if (e.kind == Event::Kind::Segment) {
                if (phaseAt.contains(segment)) {
                    const Phase p = phaseAt.value(segment);
                    out << QStringLiteral("    rect rgb(240, 240, 240)");
                    out << QStringLiteral("    Note over C,S: %1").arg(PhaseText::name(p.kind));
                    phaseEnd = p.last;
                }
                out << QStringLiteral("    %1->>%2: %3")
                           .arg(who,
                                e.side == Side::Client ? QStringLiteral("S") : QStringLiteral("C"),
                                EventText::segmentSummary(e));
                closePhase = segment == phaseEnd;
                ++segment;
            } else if (e.isReading()) {
                out << QStringLiteral("    Note %1 %2: %3")
                           .arg(where, who,
                                QCoreApplication::translate("tcplab::Ladder", "kernel: %1")
                                    .arg(tcpStateName(e.state)));
            } else if (e.kind == Event::Kind::State) {
                out << QStringLiteral("    Note %1 %2: %3%4")
                           .arg(where, who, tcpStateName(e.state),
                                check.confirmed(i) ? QString()
                                                   : QStringLiteral(" ")
                                        + QCoreApplication::translate("tcplab::LadderExport",
                                                                      "(from the segments)"));
            } else {
                out << QStringLiteral("    Note %1 %2: %3")
                           .arg(where, who, clean(EventText::textbookCall(e)));
            }
        }
        if (closePhase)
            out << QStringLiteral("    end");
        if (several)
            out << QStringLiteral("    end");
    }
    return out.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

bool LadderExport::write(const Session &session, const QString &path, const Options &o,
                         QString *error)
{
    // The lab's own message for a path it cannot write (QSvgGenerator would only warn).
    if (!OutputFile::check(path, error))
        return false;
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("txt"))
        return saveText(path, TextLadder::render(session, o.ladder.connections).toUtf8(), error);
    if (suffix == QLatin1String("mmd"))
        return saveText(path, mermaid(session, o.ladder.connections).toUtf8(), error);
    if (suffix == QLatin1String("png")) {
        const QImage img = image(session, o, error);
        if (img.isNull())
            return false;
        if (!img.save(path, "PNG")) {
            *error = tr("cannot write %1").arg(path);
            return false;
        }
        return true;
    }
    const Frame f = frameFor(session, o);
    if (suffix == QLatin1String("svg")) {
        QSvgGenerator generator;
        generator.setFileName(path);
        generator.setSize(QSize(qCeil(f.width), qCeil(f.height)));
        generator.setViewBox(QRectF(0, 0, f.width, f.height));
        generator.setTitle(titleText(session, o));
        {
            QPainter p;
            if (!p.begin(&generator)) {
                *error = tr("cannot write %1").arg(path);
                return false;
            }
            paintAll(p, session, f, o);
        }
        // Name the fonts for any renderer: the one drawn with, then Simplified Chinese first
        // among the CJK faces (a renderer's own fallback may pick the Japanese one).
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            *error = tr("cannot read back %1").arg(path);
            return false;
        }
        QByteArray svg = file.readAll();
        file.close();
        const QByteArray family = "font-family=\"" + o.font.family().toUtf8() + "\"";
        const QByteArray fallback = QByteArray("font-family=\"") + o.font.family().toUtf8()
            + QByteArray(", 'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', "
                         "'Microsoft YaHei', "
                         "'PingFang SC', sans-serif\"");
        svg.replace(family, fallback);
        return saveText(path, svg, error);
    }
    if (suffix == QLatin1String("pdf")) {
        QPdfWriter writer(path);
        writer.setTitle(titleText(session, o));
        writer.setCreator(QStringLiteral("TCP Lab"));
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setPageMargins(QMarginsF(10, 10, 10, 10), QPageLayout::Millimeter);
        // The layout measures text at 96 dpi; the PDF uses the same logical resolution so text
        // and geometry keep their proportions (everything stays vector).
        writer.setResolution(96);
        QPainter p;
        if (!p.begin(&writer)) {
            *error = tr("cannot write %1").arg(path);
            return false;
        }
        // Fit the width; a long session flows over pages instead of shrinking to nothing.
        // Pages end between segments, and every page after the first starts with the
        // lifeline heads, so a reader always knows which line is whose.
        const QRectF page = writer.pageLayout().paintRectPixels(writer.resolution());
        const qreal scale = page.width() / f.width;
        const qreal pageHeight = page.height() / scale;
        // In the layout's own units (the diagram starts at f.top on the first page).
        const qreal legend = o.legend ? kLegendHeight : 0; // room for it on any page
        const QList<qreal> breaks
            = pageBreaks(f.layout, pageHeight - f.top - legend, pageHeight - kHeadsHeight - legend);
        qreal start = 0; // where this page's part of the diagram begins
        for (int i = 0; i <= breaks.size(); ++i) {
            const qreal end = i < breaks.size() ? breaks.at(i) : f.layout.height();
            const bool last = i == breaks.size();
            if (i > 0)
                writer.newPage();
            p.save();
            p.scale(scale, scale);
            if (i == 0) {
                const QRectF shown(0, 0, f.width,
                                   f.top + end + (last && o.legend ? kLegendHeight : 0));
                p.setClipRect(shown);
                paintAll(p, session, f, o, shown);
            } else {
                // The heads of the first connection shown on this page, then its part.
                if (!o.transparent)
                    p.fillRect(QRectF(0, 0, f.width, pageHeight), Qt::white);
                paintHeads(p, f.layout, start, LadderPainter::diagramFont(o.font));
                p.translate(0, kHeadsHeight - start - f.top);
                const QRectF shown(0, f.top + start, f.width,
                                   end - start + (last && o.legend ? kLegendHeight : 0));
                p.setClipRect(shown);
                paintAll(p, session, f, o, shown);
            }
            p.restore();
            start = end;
        }
        p.end();
        return true;
    }
    *error = tr("\"%1\": the format comes from the file name; use .png, .svg, .pdf, .txt or .mmd")
                 .arg(path);
    return false;
}

} // namespace tcplab
