#include "reportchart.h"

#include "statuscolours.h"

#include <QFontMetrics>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QPolygonF>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QColor ink(0x30, 0x30, 0x30);
const QColor grid(0xe0, 0xe0, 0xe0);
const QColor faint(0x70, 0x70, 0x70);

// A value axis: from `low` to `high` in steps of `step`, all round numbers.
struct ValueAxis
{
    QString unit;
    double low = 0;
    double high = 1;
    double step = 1;
    bool used = false;

    void include(double y)
    {
        if (!used) {
            low = high = y;
            used = true;
        }
        low = std::min(low, y);
        high = std::max(high, y);
    }

    // Round ends and about five steps; a flat line gets room above and below.
    void round()
    {
        if (!used || low == high) {
            const double pad = used ? std::max(std::abs(low), 1.0) : 1.0;
            low = used ? low - pad / 2 : 0;
            high = used ? high + pad / 2 : 1;
        }
        if (low > 0 && low < (high - low))
            low = 0; // the axis starts at zero where that costs little room
        const double raw = (high - low) / 5;
        const double power = std::pow(10.0, std::floor(std::log10(raw)));
        const double fraction = raw / power;
        step = (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
        low = std::floor(low / step) * step;
        high = std::ceil(high / step) * step;
    }

    double y(double value, const QRectF &plot) const
    {
        return plot.bottom() - (value - low) / (high - low) * plot.height();
    }

    QString label(double value) const
    {
        if (std::abs(value) < step / 1e6)
            value = 0;
        return QLocale::c().toString(value, 'g', 6);
    }
};

QString timeLabel(const QDateTime &at, qint64 spanMs)
{
    const QDateTime local = at.toLocalTime();
    if (spanMs <= 24LL * 3600 * 1000)
        return local.toString(u"HH:mm"_s);
    return local.toString(u"MM-dd HH:mm"_s);
}

// Draws the legend from the top left of `area`, in rows as wide as `area`; returns where
// it ends below.
qreal drawLegend(QPainter &p, const QList<ReportChartLine> &lines, const QRectF &area)
{
    const QFontMetricsF metrics(p.font());
    qreal x = area.left();
    qreal y = area.top();
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString text = lines.at(i).unit.isEmpty()
                                 ? lines.at(i).label
                                 : u"%1 (%2)"_s.arg(lines.at(i).label, lines.at(i).unit);
        const qreal width = 18 + metrics.horizontalAdvance(text) + 16;
        if (x > area.left() && x + width > area.right()) {
            x = area.left();
            y += metrics.height() + 2;
        }
        const qreal middle = y + metrics.height() / 2;
        const ReportChartLine &line = lines.at(i);
        p.setPen(QPen(seriesColour(line.colorOf >= 0 ? line.colorOf : i), 2,
                      line.dashed ? Qt::DashLine : Qt::SolidLine));
        p.drawLine(QPointF(x, middle), QPointF(x + 12, middle));
        p.setPen(ink);
        p.drawText(QPointF(x + 18, y + metrics.ascent()), text);
        x += width;
    }
    return lines.isEmpty() ? area.top() : y + metrics.height();
}

// Paints one chart: the scales first (axes from the lines, the plot from what the legend
// leaves), then the grid, the axes' labels and the lines.
class ChartPainter
{
public:
    ChartPainter(QImage *image, const QList<ReportChartLine> &lines, const QDateTime &from,
                 const QDateTime &to)
        : m_p(image)
        , m_lines(lines)
        , m_size(image->size())
        , m_start(from.toMSecsSinceEpoch())
        , m_span(std::max<qint64>(1, to.toMSecsSinceEpoch() - m_start))
        , m_metrics(chartFont(image->size()))
    {
        m_p.setRenderHint(QPainter::Antialiasing);
        m_p.setFont(chartFont(image->size()));
        assignAxes();
    }

    void paint(const QString &note, const QList<ReportChartMarker> &markers)
    {
        layOut(note);
        paintValueAxes();
        paintTimeAxis();
        m_p.setPen(QPen(ink, 1));
        m_p.drawRect(m_plot);
        paintMarkers(markers);
        paintLines();
    }

private:
    static QFont chartFont(const QSize &size)
    {
        QFont font;
        font.setPixelSize(std::max(11, size.height() / 28));
        return font;
    }

    // The first unit on the left axis, a second on the right, any other on the left.
    void assignAxes()
    {
        for (const ReportChartLine &line : m_lines) {
            int axis = 0;
            if (!m_axes[0].unit.isNull() && line.unit != m_axes[0].unit &&
                (m_axes[1].unit.isNull() || line.unit == m_axes[1].unit))
                axis = 1;
            if (m_axes[axis].unit.isNull())
                m_axes[axis].unit = line.unit.isNull() ? u""_s : line.unit;
            m_axisOf.append(axis);
            for (const QList<QPointF> &segment : line.segments)
                for (const QPointF &point : segment)
                    m_axes[axis].include(point.y());
        }
        for (ValueAxis &axis : m_axes)
            axis.round();
    }

    // The legend, and the note (the resolution) at the right of its first row; the plot
    // takes what is left.
    void layOut(const QString &note)
    {
        const qreal margin = m_metrics.height();
        m_labelWidth = m_metrics.horizontalAdvance(u"-000000"_s) + 8;
        m_plot = QRectF(margin + m_labelWidth, margin, m_size.width() - 2 * margin - m_labelWidth,
                        m_size.height() - 2 * margin);
        if (m_axes[1].used)
            m_plot.setRight(m_plot.right() - m_labelWidth);
        const qreal noteWidth = note.isEmpty() ? 0 : m_metrics.horizontalAdvance(note) + 16;
        if (!m_lines.isEmpty() || !note.isEmpty()) {
            const QRectF legend(m_plot.left(), margin / 2, m_plot.width() - noteWidth, 0);
            const qreal legendBottom =
                std::max(drawLegend(m_p, m_lines, legend), legend.top() + m_metrics.height());
            if (!note.isEmpty()) {
                m_p.setPen(faint);
                m_p.drawText(
                    QRectF(m_plot.left(), legend.top(), m_plot.width(), m_metrics.height()),
                    Qt::AlignRight | Qt::AlignTop, note);
            }
            m_plot.setTop(legendBottom + margin / 2);
        }
        m_plot.setBottom(m_size.height() - margin - m_metrics.height());
    }

    void paintValueAxes()
    {
        const ValueAxis &left = m_axes[0];
        for (double v = left.low; v <= left.high + left.step / 2; v += left.step) {
            const qreal y = left.y(v, m_plot);
            m_p.setPen(grid);
            m_p.drawLine(QPointF(m_plot.left(), y), QPointF(m_plot.right(), y));
            m_p.setPen(faint);
            m_p.drawText(
                QRectF(0, y - m_metrics.height() / 2, m_plot.left() - 6, m_metrics.height()),
                Qt::AlignRight | Qt::AlignVCenter, left.label(v));
        }
        if (!m_axes[1].used)
            return;
        const ValueAxis &right = m_axes[1];
        m_p.setPen(faint);
        for (double v = right.low; v <= right.high + right.step / 2; v += right.step)
            m_p.drawText(QRectF(m_plot.right() + 6, right.y(v, m_plot) - m_metrics.height() / 2,
                                m_labelWidth, m_metrics.height()),
                         Qt::AlignLeft | Qt::AlignVCenter, right.label(v));
    }

    qreal x(double ms) const { return m_plot.left() + (ms - m_start) / m_span * m_plot.width(); }

    // Ticks about 130 pixels apart, as the Metrics pane has them.
    void paintTimeAxis()
    {
        const int ticks = std::clamp(int(m_plot.width()) / 130 + 1, 2, 9);
        for (int i = 0; i < ticks; ++i) {
            const qint64 at = m_start + m_span * i / (ticks - 1);
            const qreal tick = x(double(at));
            m_p.setPen(grid);
            m_p.drawLine(QPointF(tick, m_plot.top()), QPointF(tick, m_plot.bottom()));
            m_p.setPen(faint);
            const QString text = timeLabel(QDateTime::fromMSecsSinceEpoch(at, Qt::UTC), m_span);
            const qreal width = m_metrics.horizontalAdvance(text);
            const qreal left = std::clamp(tick - width / 2, 0.0, m_size.width() - width);
            m_p.drawText(QPointF(left, m_plot.bottom() + 4 + m_metrics.ascent()), text);
        }
    }

    // Each marker in the range across the plot; a fired one with a triangle at its top.
    void paintMarkers(const QList<ReportChartMarker> &markers)
    {
        const qreal size = m_metrics.height() / 3;
        for (const ReportChartMarker &marker : markers) {
            const qint64 at = marker.at.toMSecsSinceEpoch();
            if (at < m_start || at > m_start + m_span)
                continue;
            const qreal mx = x(double(at));
            m_p.setPen(QPen(marker.color, 1.4, marker.fired ? Qt::SolidLine : Qt::DashLine));
            m_p.drawLine(QPointF(mx, m_plot.top()), QPointF(mx, m_plot.bottom()));
            if (marker.fired) {
                m_p.setPen(Qt::NoPen);
                m_p.setBrush(marker.color);
                m_p.drawPolygon(QPolygonF{QPointF(mx - size, m_plot.top()),
                                          QPointF(mx + size, m_plot.top()),
                                          QPointF(mx, m_plot.top() + 1.6 * size)});
                m_p.setBrush(Qt::NoBrush);
            }
        }
    }

    // The lines, clipped to the plot; a point alone between gaps as a dot.
    void paintLines()
    {
        m_p.save();
        m_p.setClipRect(m_plot);
        for (qsizetype i = 0; i < m_lines.size(); ++i) {
            const ValueAxis &axis = m_axes[m_axisOf.at(i)];
            const ReportChartLine &line = m_lines.at(i);
            const QColor color = seriesColour(line.colorOf >= 0 ? line.colorOf : i);
            m_p.setPen(QPen(color, 1.6, line.dashed ? Qt::DashLine : Qt::SolidLine));
            for (const QList<QPointF> &segment : line.segments) {
                if (segment.size() == 1) {
                    const QPointF &only = segment.constFirst();
                    m_p.setBrush(color);
                    m_p.drawEllipse(QPointF(x(only.x()), axis.y(only.y(), m_plot)), 2, 2);
                    continue;
                }
                QPainterPath path;
                for (qsizetype k = 0; k < segment.size(); ++k) {
                    const QPointF at(x(segment.at(k).x()), axis.y(segment.at(k).y(), m_plot));
                    k == 0 ? path.moveTo(at) : path.lineTo(at);
                }
                m_p.setBrush(Qt::NoBrush);
                m_p.drawPath(path);
            }
        }
        m_p.restore();
    }

    QPainter m_p;
    const QList<ReportChartLine> &m_lines;
    QSize m_size;
    qint64 m_start;
    qint64 m_span;
    QFontMetricsF m_metrics;
    ValueAxis m_axes[2];
    QList<int> m_axisOf;
    QRectF m_plot;
    qreal m_labelWidth = 0;
};

} // namespace

QImage drawReportChart(const QList<ReportChartLine> &lines, const QDateTime &from,
                       const QDateTime &to, const QString &note, const QSize &size,
                       const QList<ReportChartMarker> &markers)
{
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    ChartPainter(&image, lines, from, to).paint(note, markers);
    return image;
}

} // namespace porthole
