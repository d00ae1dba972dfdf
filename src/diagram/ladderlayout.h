#pragma once

#include "session/event.h"
#include "session/phases.h"

#include <QFont>
#include <QList>
#include <QPointF>
#include <QRectF>
#include <QSet>
#include <QString>
#include <QStringList>

namespace tcplab {

class Session;

struct LadderOptions
{
    bool absoluteNumbers = false; // seq/ack as on the wire instead of relative
    bool showWindow = false;
    bool evenSpacing = false; // one row per event instead of spacing by time
    quint16 clientPort = 0; // which connection (0: the session's client)
    qreal middleWidth = 320; // between the two lifelines
    QSet<int> unexpected; // session indexes of segments the experiment did not expect
    // Expected segments that did not come ("s:F."), each before the n-th segment shown (or
    // after the last): drawn as faint ghosts where they should have been.
    QList<QPair<int, QString>> ghosts;
};

// What an arrow means, for its colour and line style (distinct in greyscale too).
enum class SegmentKind { Syn, Data, Ack, Fin, Rst };

struct LadderArrow
{
    int event = -1; // index into the session
    SegmentKind kind = SegmentKind::Ack;
    QPointF from;
    QPointF to;
    QString title; // "SYN, ACK  [S.]"
    QString numbers; // "seq 0  ack 1  len 0"
    QStringList badges; // options, on SYN segments
    QRectF labelRect; // title, numbers and badges
    bool modelled = false;
    bool unexpected = false;
};

struct LadderMark
{
    enum class Kind { State, Call };
    int event = -1;
    Kind kind = Kind::Call;
    Side side = Side::Client;
    qreal y = 0;
    QString text;
    QString detail; // a state's timer ("59 s left"), a call's result
    bool inferred = false; // a state not read from the kernel
    bool failed = false; // a call that returned an error
    QRectF rect;
};

struct LadderPhase
{
    Phase::Kind kind = Phase::Kind::Handshake;
    qreal top = 0;
    qreal bottom = 0;
};

struct LadderTick
{
    qreal y = 0;
    qint64 tUs = 0;
    bool gap = false; // a long pause drawn shortened
    qint64 gapUs = 0;
};

// Turns a session into positioned items: two lifelines, an arrow per segment sloping from
// sender to receiver, each side's calls and states beside its lifeline, phase brackets and a
// time axis. Pure geometry, no painting (hotspot's timeline delegate split): tested by
// numbers, drawn by LadderPainter on screen and into every export alike.
class LadderLayout
{
public:
    // Fixed measures in device-independent pixels.
    static constexpr qreal kTimeAxisWidth = 66;
        static constexpr qreal kSideWidth = 150; // at least; wider for long calls (Qt's names)
    static constexpr qreal kMaxSideWidth = 300;
    static constexpr qreal kPhaseWidth = 40;
    static constexpr qreal kMinMiddleWidth = 320;
    static constexpr qreal kMaxMiddleWidth = 620;
            // Everything but the middle; the sides' widths are known once laid out (kSideWidth before).
    qreal fixedWidth() const
    {
        return kTimeAxisWidth + m_sideWidth[0] + m_sideWidth[1] + kPhaseWidth;
    }
    qreal sideWidth(Side side) const { return m_sideWidth[side == Side::Server]; }
    static constexpr qreal kHeaderHeight = 62;
    static constexpr qreal kSlope = 22; // an arrow's drop from sender to receiver
    static constexpr qreal kMarkHeight = 22;
    static constexpr qreal kGap = 6;
    static constexpr qreal kMaxTimeGap = 90; // a longer pause is drawn shortened
    static constexpr qreal kPixelsPerMs = 3;

    void layout(const Session &session, const LadderOptions &options, const QFont &font);

    qreal width() const { return m_width; }
    qreal height() const { return m_height; }
    qreal clientX() const { return m_clientX; }
    qreal serverX() const { return m_serverX; }
    QString clientTitle() const { return m_clientTitle; }
    QString serverTitle() const { return m_serverTitle; }
    bool modelled() const { return m_modelled; }

    const QList<LadderArrow> &arrows() const { return m_arrows; }
    const QList<LadderMark> &marks() const { return m_marks; }
    const QList<LadderPhase> &phases() const { return m_phases; }
    const QList<LadderTick> &ticks() const { return m_ticks; }
    const QList<LadderArrow> &ghosts() const { return m_ghosts; }

    // The segment (session index) under a point, or -1.
    int segmentAt(const QPointF &point) const;
    static SegmentKind kindOf(const Event &segment);

private:
        qreal m_width = 0;
        qreal m_sideWidth[2] = {kSideWidth, kSideWidth}; // client, server
    qreal m_height = 0;
    qreal m_clientX = 0;
    qreal m_serverX = 0;
    QString m_clientTitle;
    QString m_serverTitle;
    bool m_modelled = false;
    QList<LadderArrow> m_arrows;
    QList<LadderMark> m_marks;
    QList<LadderPhase> m_phases;
    QList<LadderTick> m_ticks;
    QList<LadderArrow> m_ghosts;
};

} // namespace tcplab
