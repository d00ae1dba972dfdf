#include "ladderview.h"
#include <algorithm>
#include <limits>

#include "ladderpainter.h"
#include "session/eventtext.h"
#include "session/segmentexplain.h"
#include "session/session.h"

#include <QApplication>
#include <QMouseEvent>
#include <QPaintEvent>
#include <QPainter>
#include <QScrollBar>
#include <QToolTip>

namespace tcplab {

class LadderCanvas : public QWidget
{
public:
    explicit LadderCanvas(LadderView *view)
        : QWidget(view)
        , m_view(view)
    {
        setMouseTracking(true);
        setAttribute(Qt::WA_OpaquePaintEvent);
    }

protected:
    void paintEvent(QPaintEvent *event) override
    {
        QPainter p(this);
        p.fillRect(event->rect(), Qt::white);
        p.scale(m_view->m_zoom, m_view->m_zoom);
        LadderPainter::Options o;
        o.font = font();
        o.selected = m_view->m_selected;
        o.hovered = m_view->m_hovered;
        o.revealUpTo = m_view->m_revealUpTo;
        o.revealBottom = m_view->m_revealBottom;
        o.current = m_view->m_current;
        // Only what is in view: a long session is thousands of labels.
        const QRectF exposed = QRectF(event->rect());
        o.exposed = QRectF(exposed.topLeft() / m_view->m_zoom, exposed.size() / m_view->m_zoom);
        LadderPainter::paint(p, m_view->m_layout, o);
    }

    void mouseMoveEvent(QMouseEvent *event) override
    {
        const int hit = m_view->m_layout.segmentAt(event->position() / m_view->m_zoom);
        if (hit != m_view->m_hovered) {
            m_view->m_hovered = hit;
            setCursor(hit >= 0 ? Qt::PointingHandCursor : Qt::ArrowCursor);
            update();
        }
        if (hit >= 0 && m_view->m_session) {
            const Session &s = *m_view->m_session;
            const Event &e = s.at(hit);
            QString tip = QStringLiteral("<b>%1 [%2]</b><br>")
                              .arg(EventText::flagWords(e.flags), e.flagLetters());
            tip += SegmentText::explain(s, hit).toHtmlEscaped();
            QToolTip::showText(event->globalPosition().toPoint(),
                               QStringLiteral("<p style='white-space:normal'>%1</p>").arg(tip),
                               this);
        } else {
            QToolTip::hideText();
        }
    }

    void leaveEvent(QEvent *) override
    {
        m_view->m_hovered = -1;
        update();
    }

    void mousePressEvent(QMouseEvent *event) override
    {
        if (event->button() == Qt::LeftButton)
            m_view->selectSegment(m_view->m_layout.segmentAt(event->position() / m_view->m_zoom));
    }

    void wheelEvent(QWheelEvent *event) override
    {
        if (event->modifiers() & Qt::ControlModifier) {
            if (event->angleDelta().y() > 0)
                m_view->zoomIn();
            else if (event->angleDelta().y() < 0)
                m_view->zoomOut();
            event->accept();
            return;
        }
        QWidget::wheelEvent(event);
    }

private:
    LadderView *m_view;
};

LadderView::LadderView(QWidget *parent)
    : QScrollArea(parent)
    , m_canvas(new LadderCanvas(this))
{
    setWidget(m_canvas);
    setWidgetResizable(false);
    setBackgroundRole(QPalette::Base);
    setAlignment(Qt::AlignHCenter | Qt::AlignTop);
    setFocusPolicy(Qt::StrongFocus);
    // Bursts of events (a handshake is a dozen) are laid out once, at most 30 times a second,
    // so drawing never holds up the sockets the window drives.
    m_relayout.setSingleShot(true);
    m_relayout.setInterval(30);
    connect(&m_relayout, &QTimer::timeout, this, &LadderView::relayout);
    // Scrolling by hand (wheel, drag, keys) decides whether the view follows the end.
    connect(verticalScrollBar(), &QScrollBar::actionTriggered, this, [this] {
        QTimer::singleShot(0, this, [this] {
            m_followEnd = verticalScrollBar()->value() >= verticalScrollBar()->maximum() - 4;
        });
    });
    relayout();
}

void LadderView::setSession(Session *session)
{
    if (m_session)
        disconnect(m_session, nullptr, this, nullptr);
    m_session = session;
    m_selected = m_hovered = -1;
    m_followEnd = true;
    if (session) {
        connect(session, &Session::eventInserted, this, [this](int index) {
            if (m_selected >= index)
                ++m_selected;
            scheduleRelayout();
        });
        connect(session, &Session::eventRemoved, this, [this](int index) {
            if (m_selected == index)
                m_selected = -1;
            else if (m_selected > index)
                --m_selected;
            scheduleRelayout();
        });
        connect(session, &Session::eventsChanged, this, &LadderView::scheduleRelayout);
        connect(session, &Session::reset, this, [this] {
            m_selected = -1;
            Q_EMIT segmentSelected(-1);
            scheduleRelayout();
        });
    }
    relayout();
}

void LadderView::setOptions(const LadderOptions &options)
{
    m_options = options;
    relayout();
}

void LadderView::showConnection(int conn)
{
    const int group = m_layout.groupOf(conn);
    if (group < 0)
        return;
    m_followEnd = false;
    verticalScrollBar()->setValue(int(m_layout.groups().at(group).top * m_zoom));
}

void LadderView::setZoom(qreal zoom)
{
    m_fit = false;
    m_fitAll = false;
    m_zoom = std::clamp(zoom, 0.3, 4.0);
    relayout();
}

void LadderView::fitWidth()
{
    m_fit = true;
    m_fitAll = false;
    relayout();
}

void LadderView::fitAll()
{
    m_fit = false;
    m_fitAll = true;
    relayout();
}

QList<int> LadderView::steps() const
{
    QList<int> steps;
    for (const LadderArrow &a : m_layout.arrows())
        steps.append(a.event);
    for (const LadderMark &m : m_layout.marks())
        if (m.kind == LadderMark::Kind::Call)
            steps.append(m.event);
    std::sort(steps.begin(), steps.end());
    steps.erase(std::unique(steps.begin(), steps.end()), steps.end());
    return steps;
}

void LadderView::reveal(int step)
{
    const QList<int> all = steps();
    m_revealStep = step < 0 || all.isEmpty() ? -1 : std::min<int>(step, int(all.size()) - 1);
    if (m_revealStep < 0) {
        m_revealUpTo = -1;
        m_revealBottom = -1;
        m_current = -1;
    } else {
        // Everything before the next step (the states a segment caused come right after it).
        m_current = all.at(m_revealStep);
        m_revealUpTo = m_revealStep + 1 < all.size() ? all.at(m_revealStep + 1) - 1
                                                     : std::numeric_limits<int>::max() - 1;
        m_revealBottom = 0;
        for (const LadderArrow &a : m_layout.arrows())
            if (a.event <= m_revealUpTo)
                m_revealBottom = std::max({m_revealBottom, a.from.y(), a.to.y()});
        for (const LadderMark &m : m_layout.marks())
            if (m.event <= m_revealUpTo)
                m_revealBottom = std::max(m_revealBottom, m.rect.bottom());
        // Keep it in sight when the ladder is taller than the view.
        ensureVisible(0, int(m_revealBottom * m_zoom), 0, viewport()->height() / 3);
    }
    m_canvas->update();
}

void LadderView::resizeEvent(QResizeEvent *event)
{
    QScrollArea::resizeEvent(event);
    if (m_fit || m_fitAll)
        scheduleRelayout();
}

void LadderView::selectSegment(int eventIndex)
{
    m_selected = eventIndex;
    m_canvas->update();
    Q_EMIT segmentSelected(eventIndex);
}

void LadderView::scheduleRelayout()
{
    if (!m_relayout.isActive())
        m_relayout.start();
}

void LadderView::relayout()
{
    m_relayout.stop();
    // Follow a growing diagram when the user was looking at its end.
    QScrollBar *bar = verticalScrollBar();
    const bool atEnd = m_followEnd || bar->value() >= bar->maximum() - 4;
    // Fitting needs the side columns' width, which the layout measures: a second pass when
    // they changed.
    for (int pass = 0; pass < 2; ++pass) {
        const qreal sides = m_layout.fixedWidth();
        if (m_fit) {
            const qreal available = viewport()->width() - 2;
            if (available >= sides + LadderLayout::kMinMiddleWidth) {
                m_zoom = 1.0;
                m_options.middleWidth = std::min(available - sides, LadderLayout::kMaxMiddleWidth);
            } else {
                m_options.middleWidth = LadderLayout::kMinMiddleWidth;
                m_zoom = std::max(0.55, available / (sides + LadderLayout::kMinMiddleWidth));
            }
        }
        if (m_fitAll) {
            // The whole ladder in view: as large as the height allows, the middle as wide as
            // the width then leaves (a first pass measures the height).
            const QSizeF room(viewport()->width() - 2, viewport()->height() - 2);
            const qreal zoom = pass == 0 || m_layout.height() <= 0
                ? 1.0
                : std::clamp(room.height() / m_layout.height(), 0.3, 2.5);
            m_options.middleWidth
                = std::clamp(room.width() / zoom - sides, LadderLayout::kMinMiddleWidth,
                             LadderLayout::kMaxMiddleWidth);
        }
        if (m_session)
            m_layout.layout(*m_session, m_options, LadderPainter::diagramFont(font()));
        else
            m_layout = LadderLayout();
        if (m_fitAll) {
            const qreal w = std::max<qreal>(m_layout.width(), 10);
            const qreal h = std::max<qreal>(m_layout.height(), 10);
            m_zoom = std::clamp(
                std::min((viewport()->width() - 2) / w, (viewport()->height() - 2) / h), 0.3, 2.5);
            continue; // the second pass lays out at this scale
        }
        if (!m_fit || qFuzzyCompare(sides, m_layout.fixedWidth()))
            break;
    }
    if (m_revealStep >= 0) // the same step, on the new layout (more may have come)
        reveal(m_revealStep);
    m_canvas->resize(qCeil(std::max<qreal>(m_layout.width(), 10) * m_zoom),
                     qCeil(std::max<qreal>(m_layout.height(), 10) * m_zoom));
    m_canvas->update();
    if (atEnd) {
        // The scroll range follows the canvas's new size a moment later.
        bar->setValue(bar->maximum());
        QTimer::singleShot(0, this, [bar] { bar->setValue(bar->maximum()); });
    }
    Q_EMIT laidOut();
}

void LadderView::changeEvent(QEvent *event)
{
    // The diagram's words (heads, phase names) follow the language.
    if (event->type() == QEvent::LanguageChange || event->type() == QEvent::FontChange)
        scheduleRelayout();
    QScrollArea::changeEvent(event);
}

} // namespace tcplab
