#include "chartcanvas.h"

#include "timechart.h"

#include <QChart>
#include <QMouseEvent>
#include <QRubberBand>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace porthole {

ChartCanvas::ChartCanvas(TimeChart *owner)
    : QChartView(new QChart)
    , m_owner(owner)
    , m_band(new QRubberBand(QRubberBand::Rectangle, this))
{
    setMouseTracking(true);
    setRenderHint(QPainter::Antialiasing, true);
    // Painted whole on every change: Qt Charts' items do not always mark all they drew (old
    // grid lines were left in pieces beside new ones), and a chart changes mostly whole anyway.
    setViewportUpdateMode(QGraphicsView::FullViewportUpdate);
    setRubberBand(QChartView::NoRubberBand); // our own: a range is asked for, not zoomed to
}

QDateTime ChartCanvas::timeAt(double sceneX) const
{
    const QRectF plot = chart()->plotArea();
    if (plot.width() <= 0 || !m_owner->m_from.isValid())
        return {};
    const double share = (sceneX - plot.left()) / plot.width();
    const qint64 span = m_owner->m_from.msecsTo(m_owner->m_to);
    return m_owner->m_from.addMSecs(qint64(std::llround(share * double(span))));
}

double ChartCanvas::xOf(const QDateTime &time) const
{
    const QRectF plot = chart()->plotArea();
    const qint64 span = std::max<qint64>(1, m_owner->m_from.msecsTo(m_owner->m_to));
    return plot.left() + plot.width() * double(m_owner->m_from.msecsTo(time)) / double(span);
}

void ChartCanvas::mousePressEvent(QMouseEvent *event)
{
    const bool pan =
        event->button() == Qt::MiddleButton ||
        (event->button() == Qt::LeftButton && event->modifiers().testFlag(Qt::ShiftModifier));
    if (event->button() == Qt::LeftButton && !pan) {
        m_bandFrom = event->position().toPoint();
        m_band->setGeometry(bandRect(m_bandFrom));
        m_band->show();
        m_dragging = Drag::Band;
    } else if (pan) {
        m_panFrom = event->position();
        m_panRange = {m_owner->m_from, m_owner->m_to};
        m_dragging = Drag::Pan;
    } else {
        QChartView::mousePressEvent(event);
        return;
    }
    Q_EMIT m_owner->interacting(true);
    event->accept();
}

void ChartCanvas::mouseMoveEvent(QMouseEvent *event)
{
    if (m_dragging == Drag::Band) {
        m_band->setGeometry(bandRect(event->position().toPoint()));
    } else if (m_dragging == Drag::Pan) {
        // The chart moves with the pointer; the range is asked for on release.
        const QRectF plot = chart()->plotArea();
        const double dx = event->position().x() - m_panFrom.x();
        const qint64 span = m_panRange.first.msecsTo(m_panRange.second);
        const qint64 shift = plot.width() > 0 ? qint64(-dx / plot.width() * double(span)) : 0;
        m_owner->m_from = m_panRange.first.addMSecs(shift);
        m_owner->m_to = m_panRange.second.addMSecs(shift);
        m_owner->scheduleRedraw();
    }
    m_owner->pointerAt(mapToScene(event->position().toPoint()));
    QChartView::mouseMoveEvent(event);
}

void ChartCanvas::mouseReleaseEvent(QMouseEvent *event)
{
    const Drag was = m_dragging;
    m_dragging = Drag::None;
    if (was == Drag::Band) {
        m_band->hide();
        const double a = mapToScene(m_bandFrom).x();
        const double b = mapToScene(event->position().toPoint()).x();
        if (std::abs(a - b) >= 4) {
            const QDateTime from = timeAt(std::min(a, b));
            const QDateTime to = timeAt(std::max(a, b));
            if (from.isValid() && from.msecsTo(to) >= TimeChart::shortestRangeMs)
                Q_EMIT m_owner->rangeRequested(from, to);
        }
    } else if (was == Drag::Pan) {
        if (m_owner->m_from != m_panRange.first)
            Q_EMIT m_owner->rangeRequested(m_owner->m_from, m_owner->m_to);
    } else {
        QChartView::mouseReleaseEvent(event);
        return;
    }
    Q_EMIT m_owner->interacting(false);
    event->accept();
}

void ChartCanvas::wheelEvent(QWheelEvent *event)
{
    const int steps = event->angleDelta().y() / 120;
    if (steps != 0)
        m_owner->wheelZoom(mapToScene(event->position().toPoint()).x(), steps);
    event->accept();
}

void ChartCanvas::leaveEvent(QEvent *event)
{
    m_owner->pointerAt({-1, -1});
    QChartView::leaveEvent(event);
}

QRect ChartCanvas::bandRect(const QPoint &to) const
{
    const QRectF plot = chart()->plotArea();
    const QPoint top = mapFromScene(plot.topLeft());
    const QPoint bottom = mapFromScene(plot.bottomLeft());
    return QRect(QPoint(std::min(m_bandFrom.x(), to.x()), top.y()),
                 QPoint(std::max(m_bandFrom.x(), to.x()), bottom.y()));
}

} // namespace porthole
