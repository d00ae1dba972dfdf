#pragma once

#include "ladderlayout.h"

#include <QCoreApplication>
#include <QFont>
#include <QString>

class QImage;

namespace tcplab {

class Session;

// Writes the ladder diagram to files with the same LadderPainter the window uses: PNG (1x-3x,
// white or transparent), SVG (text kept as text, a Simplified-Chinese-first font list) and PDF
// (vector, fonts embedded, a long session over several pages). Optional title and legend.
class LadderExport
{
    Q_DECLARE_TR_FUNCTIONS(tcplab::LadderExport)

public:
    struct Options
    {
        LadderOptions ladder = [] {
            LadderOptions o;
            o.middleWidth = 420; // pictures for slides get room for the labels
            return o;
        }();
        QFont font;
        qreal scale = 2; // PNG
        bool transparent = false; // PNG
        bool title = true; // scenario, date, addresses above the diagram
        bool legend = true;
    };

    // The largest PNG written (pixels in either direction); longer sessions go to SVG/PDF.
    static constexpr int kMaxPngSide = 16384;

    // Format from the suffix: .png .svg .pdf .txt .mmd. False with *error on failure.
    static bool write(const Session &session, const QString &path, const Options &options,
                      QString *error);
    static QImage image(const Session &session, const Options &options, QString *error);
    static QString mermaid(const Session &session, const QList<int> &only = {});
};

} // namespace tcplab
