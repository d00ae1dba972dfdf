#pragma once

#include "ladderlayout.h"

#include <QCoreApplication>
#include <QDateTime>
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
        // What a hand-in carries above the diagram: the experiment's name (instead of its
        // id), its explanation, the verdict, the date, the student's name. Empty: left out
        // (the date: now).
        QString experiment;
        QString explanation;
        QString verdict;
        QString student;
        QDateTime date;
    };

    // Where a PDF's pages of `pageHeight` (in the layout's units, below each page's repeated
    // lifeline heads) end: between segments and calls, never through one. The first page
    // starts at 0 and holds `firstPage` (it has the title instead of the heads).
    static QList<qreal> pageBreaks(const LadderLayout &layout, qreal firstPage, qreal pageHeight);

    // The largest PNG written (pixels in either direction); longer sessions go to SVG/PDF.
    static constexpr int kMaxPngSide = 16384;

    // Format from the suffix: .png .svg .pdf .txt .mmd. False with *error on failure.
    static bool write(const Session &session, const QString &path, const Options &options,
                      QString *error);
    static QImage image(const Session &session, const Options &options, QString *error);
    static QString mermaid(const Session &session, const QList<int> &only = {});
};

} // namespace tcplab
