#pragma once

#include "ladderlayout.h"
#include "session/session.h"

#include <QPointer>
#include <QScrollArea>
#include <QTimer>

namespace tcplab {

class LadderCanvas;

// The ladder diagram in the window: scrollable, zoomable (Ctrl+wheel, or the zoom buttons),
// hover for a segment's summary, click to select it. It follows the session as it grows.
class LadderView : public QScrollArea
{
    Q_OBJECT

public:
    explicit LadderView(QWidget *parent = nullptr);

    void setSession(Session *session);
    Session *session() const { return m_session; }
    LadderOptions options() const { return m_options; }
    void setOptions(const LadderOptions &options);
    // Scrolls the ladder of that connection into view.
    void showConnection(int conn);

    qreal zoom() const { return m_zoom; }
    void setZoom(qreal zoom); // and stop fitting the width
    void zoomIn() { setZoom(m_zoom * 1.25); }
    void zoomOut() { setZoom(m_zoom / 1.25); }
    // Fit the diagram to the view's width (the default): wider views get a wider middle,
    // narrower ones a smaller scale.
    void fitWidth();

    // Presenting: fit the whole ladder into the view, both ways (instead of the width).
    void fitAll();
    bool fitsAll() const { return m_fitAll; }
    // Step by step: the segments and calls of the diagram, in order (session indices), and
    // drawing only what comes before step `step` (-1: everything), with that one lit.
    QList<int> steps() const;
    void reveal(int step);
    int revealedStep() const { return m_revealStep; }

    int selectedSegment() const { return m_selected; }
    void selectSegment(int eventIndex);
    const LadderLayout &ladder() const { return m_layout; }
    // Lays out now instead of on the next turn of the event loop.
    void relayout();

Q_SIGNALS:
    void segmentSelected(int eventIndex);
    void laidOut();

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    friend class LadderCanvas;
    void scheduleRelayout();

    QPointer<Session> m_session;
    LadderOptions m_options;
    LadderLayout m_layout;
    LadderCanvas *m_canvas;
    qreal m_zoom = 1.0;
    bool m_fit = true;
    bool m_fitAll = false;
    int m_revealStep = -1;
    int m_revealUpTo = -1; // painter options of the step shown (see reveal())
    qreal m_revealBottom = -1;
    int m_current = -1;
    bool m_followEnd = true; // keep the newest events in view until the user scrolls away
    int m_selected = -1;
    int m_hovered = -1;
    QTimer m_relayout;
};

} // namespace tcplab
