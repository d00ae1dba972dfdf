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
    };

    static void paint(QPainter &painter, const LadderLayout &layout, const Options &options);

    static QColor color(SegmentKind kind);
    static QPen pen(SegmentKind kind);
    // The font for diagrams: the application's, with Simplified Chinese glyphs asked for by
    // name (fontconfig alone would pick the Japanese face).
    static QFont diagramFont(const QFont &base);
};

} // namespace tcplab
