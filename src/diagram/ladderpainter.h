#pragma once

#include "ladderlayout.h"

#include <QColor>
#include <QFont>
#include <QPen>

class QPainter;

namespace tcplab {

// Draws a LadderLayout with QPainter: the same code paints the window's view and every
// image export, so what is exported is what is seen.
class LadderPainter
{
public:
    struct Options
    {
        QFont font;
        bool transparent = false;
        int selected = -1; // session index of the selected segment
        int hovered = -1;
        QRectF exposed; // only what meets this rectangle is drawn (empty: everything)
        // Presenting step by step: only the session's events up to this index are drawn, and
        // the time axis and phases down to `revealBottom` (-1: everything). The layout stays
        // the whole session's, so nothing moves as more is revealed.
        int revealUpTo = -1;
        qreal revealBottom = -1;
        int current = -1; // session index of the item being explained: highlighted
    };

    static void paint(QPainter &painter, const LadderLayout &layout, const Options &options);

    static QColor color(SegmentKind kind);
    static QPen pen(SegmentKind kind);
    // The font for diagrams: the application's, with Simplified Chinese glyphs asked for by
    // name (fontconfig alone would pick the Japanese face).
    static QFont diagramFont(const QFont &base);
};

} // namespace tcplab
