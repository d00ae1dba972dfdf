#pragma once

#include "session/event.h"
#include "session/phases.h"

#include <QFont>
#include <QHash>
#include <QList>
#include <QPointF>
#include <QRectF>
#include <QSet>
#include <QString>
#include <QStringList>

namespace tcplab {

class Session;
struct StateCheck;

struct LadderGhost
{
    int conn = 0;
    int before = 0; // the n-th segment of that connection it belongs before (or after the last)
    QString token; // "s:F."
};

struct LadderOptions
{
    bool absoluteNumbers = false; // seq/ack as on the wire instead of relative
    bool showWindow = false;
    bool evenSpacing = false; // one row per event instead of spacing by time
    QList<int> connections; // which to show, in this order of groups; empty: every one
    qreal middleWidth = 320; // between the two lifelines
    // Segments the experiment did not expect, or whose numbers or timing it did not expect
    // (event ids), with what is wrong when known.
    QSet<quint64> unexpected;
    QHash<quint64, QString> problems;
    // Expected segments that did not come: drawn as faint ghosts where they should have been.
    QList<LadderGhost> ghosts;
};

// What an arrow means, for its colour and line style (distinct in greyscale too).
enum class SegmentKind { Syn, Data, Ack, Fin, Rst };

struct LadderArrow
{
    int event = -1; // index into the session
    int group = 0;
    SegmentKind kind = SegmentKind::Ack;
    QPointF from;
    QPointF to;
    bool loop = false; // a socket connected to itself: out and back to its own lifeline
    QString title; // "SYN, ACK  [S.]"
    QString numbers; // "seq 0  ack 1  len 0"
    QStringList badges; // options, on SYN segments
    QRectF labelRect; // title, numbers and badges
    bool modelled = false;
    bool unexpected = false;
    // The lab network's wire: a dropped segment ends in a cross mid-wire (`to` is where), one
    // the wire made itself (a middlebox's RST) starts there (`from`).
    WireFate fate = WireFate::Delivered;
    bool dropped() const
    {
        return fate == WireFate::Dropped || fate == WireFate::Lost || fate == WireFate::Swallowed
            || fate == WireFate::QueueFull;
    }
};

struct LadderMark
{
    enum class Kind {
        State, // a state the end went through, where it happened
        Reading, // a kernel reading that contradicts the segments, or has none to meet
        Call,
    };
    int event = -1;
    int group = 0;
    Kind kind = Kind::Call;
    Side side = Side::Client;
    qreal y = 0;
    TcpState state = TcpState::Closed; // State and Reading marks
    QString text;
    QString detail; // a state's timer ("59 s"), a call's result
    bool confirmed = false; // a state a kernel reading confirmed
    bool disagrees = false; // a reading the segments contradict
    bool failed = false; // a call that returned an error
    QRectF rect;
};

struct LadderPhase
{
    int group = 0;
    Phase::Kind kind = Phase::Kind::Handshake;
    qreal top = 0;
    qreal bottom = 0;
};

struct LadderTick
{
    int group = 0;
    qreal y = 0;
    qint64 tUs = 0;
    bool gap = false; // a long pause drawn shortened
    qint64 gapUs = 0;
};

// One connection's ladder: its heading, its two lifelines (one, for a socket connected to
// itself), and the vertical span it takes.
struct LadderGroup
{
    int conn = 0;
    qreal top = 0;
    qreal headsY = 0; // where the lifeline heads are
    qreal bottom = 0;
    QString heading; // "Connection 2 of 3: 127.0.0.1:51236 → 127.0.0.1:45001" (several only)
    QString clientTitle;
    QString serverTitle;
    bool self = false;
};

// Turns a session into positioned items: one ladder per connection, stacked, each with two
// lifelines, an arrow per segment sloping from sender to receiver (crossing when a segment is
// still on its way while the other side sends), each end's calls beside its lifeline and its
// states where they happened (a receiver's at the arrow's head, a sender's at its tail), phase
// brackets and a time axis. Pure geometry, no painting (hotspot's timeline delegate split):
// tested by numbers, drawn by LadderPainter on screen and into every export alike.
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
    static constexpr qreal kHeadingHeight = 30; // a group's heading, when there are several
    static constexpr qreal kHeadsHeight = 62; // the lifeline heads
    static constexpr qreal kGroupGap = 28;
    static constexpr qreal kSlope = 22; // an arrow's drop from sender to receiver
    static constexpr qreal kLoopWidth = 44; // how far a loop reaches out from its lifeline
    static constexpr qreal kMarkHeight = 22;
    static constexpr qreal kGap = 6;
    static constexpr qreal kMaxTimeGap = 90; // a longer pause is drawn shortened
    static constexpr qreal kPixelsPerMs = 3;

    void layout(const Session &session, const LadderOptions &options, const QFont &font);

    qreal width() const { return m_width; }
    qreal height() const { return m_height; }
    qreal clientX() const { return m_clientX; }
    qreal serverX() const { return m_serverX; }
    bool modelled() const { return m_modelled; }
    bool textbook() const { return m_textbook; }

    const QList<LadderGroup> &groups() const { return m_groups; }
    const QList<LadderArrow> &arrows() const { return m_arrows; }
    const QList<LadderMark> &marks() const { return m_marks; }
    const QList<LadderPhase> &phases() const { return m_phases; }
    const QList<LadderTick> &ticks() const { return m_ticks; }
    const QList<LadderArrow> &ghosts() const { return m_ghosts; }

    // The segment (session index) under a point, or -1.
    int segmentAt(const QPointF &point) const;
    // The group showing a connection, or -1.
    int groupOf(int conn) const;
    static SegmentKind kindOf(const Event &segment);
    // The fonts the painter draws with, from the base font: what the layout measures with.
    static QFont titleFont(const QFont &base); // a segment's title: bold
    static QFont smallFont(const QFont &base); // its numbers, badges, states
    static QFont headFont(const QFont &base); // the lifeline heads

private:
    void layoutGroup(const Session &session, const LadderOptions &options, const StateCheck &check,
                     int group, const QList<int> &events, qreal top, const QFont &font);

    qreal m_width = 0;
    qreal m_sideWidth[2] = {kSideWidth, kSideWidth}; // client, server
    qreal m_height = 0;
    qreal m_clientX = 0;
    qreal m_serverX = 0;
    bool m_modelled = false;
    bool m_textbook = false;
    QList<LadderGroup> m_groups;
    QList<LadderArrow> m_arrows;
    QList<LadderMark> m_marks;
    QList<LadderPhase> m_phases;
    QList<LadderTick> m_ticks;
    QList<LadderArrow> m_ghosts;
};

} // namespace tcplab
