#pragma once

#include <QChartView>
#include <QDateTime>
#include <QPoint>
#include <QPointF>

#include <utility>

class QRubberBand;

namespace porthole {

class TimeChart;

// The Qt Charts view of a TimeChart, with the operator's gestures: drag a band to ask for a
// range, drag with Shift (or the middle button) to pan, the wheel to zoom, the pointer for the
// crosshair. It asks its TimeChart; it changes no range itself.
class ChartCanvas : public QChartView
{
public:
    explicit ChartCanvas(TimeChart *owner);

    // The time under a scene x, by the plot area and the range shown.
    QDateTime timeAt(double sceneX) const;
    double xOf(const QDateTime &time) const;

protected:
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    enum class Drag
    {
        None,
        Band,
        Pan
    };

    QRect bandRect(const QPoint &to) const;

    TimeChart *m_owner;
    QRubberBand *m_band;
    Drag m_dragging = Drag::None;
    QPoint m_bandFrom;
    QPointF m_panFrom;
    std::pair<QDateTime, QDateTime> m_panRange;
};

} // namespace porthole
