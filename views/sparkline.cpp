#include "sparkline.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace porthole {

Sparkline::Sparkline(int capacity, QWidget *parent)
    : QWidget(parent)
    , m_capacity(std::max(2, capacity))
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setAccessibleName(tr("Rate over the last %n seconds", nullptr, m_capacity));
}

void Sparkline::addValue(double value)
{
    m_values.append(std::max(0.0, value));
    if (m_values.size() > m_capacity)
        m_values.remove(0, m_values.size() - m_capacity);
    update();
}

void Sparkline::clear()
{
    m_values.clear();
    update();
}

QSize Sparkline::sizeHint() const
{
    return {240, fontMetrics().height() * 3};
}

QSize Sparkline::minimumSizeHint() const
{
    return {60, fontMetrics().height() * 2};
}

void Sparkline::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QRectF area = QRectF(rect()).adjusted(1, 2, -1, -2);
    painter.setPen(QPen(palette().color(QPalette::Mid), 1));
    painter.drawLine(area.bottomLeft(), area.bottomRight());
    if (m_values.size() < 2)
        return;
    const double top = std::max(1.0, *std::max_element(m_values.cbegin(), m_values.cend()));
    const double step = area.width() / double(m_capacity - 1);
    const double left = area.right() - step * double(m_values.size() - 1);
    QPainterPath line;
    for (qsizetype i = 0; i < m_values.size(); ++i) {
        const QPointF point(left + step * double(i),
                            area.bottom() - area.height() * m_values[i] / top);
        if (i == 0)
            line.moveTo(point);
        else
            line.lineTo(point);
    }
    QPainterPath fill = line;
    fill.lineTo(area.right(), area.bottom());
    fill.lineTo(left, area.bottom());
    fill.closeSubpath();
    QColor shade = palette().color(QPalette::Highlight);
    shade.setAlpha(50);
    painter.fillPath(fill, shade);
    painter.setPen(QPen(palette().color(QPalette::Highlight), 1.5));
    painter.drawPath(line);
}

} // namespace porthole
