#include "reportchart.h"

#include <QFontMetrics>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QColor ink(0x30, 0x30, 0x30);
const QColor grid(0xe0, 0xe0, 0xe0);
const QColor faint(0x70, 0x70, 0x70);

QColor lineColor(qsizetype index)
{
    // The Metrics pane's colours, in its order.
    static const QList<QColor> colors{QColor(0x1f, 0x77, 0xb4), QColor(0xd6, 0x27, 0x28),
                                      QColor(0x2c, 0xa0, 0x2c), QColor(0xff, 0x7f, 0x0e),
                                      QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b),
                                      QColor(0xe3, 0x77, 0xc2), QColor(0x17, 0xbe, 0xcf),
                                      QColor(0x7f, 0x7f, 0x7f), QColor(0xbc, 0xbd, 0x22)};
    return colors.at(index % colors.size());
}

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

void drawLegend(QPainter &p, const QList<ReportChartLine> &lines, const QRectF &area)
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
        p.setPen(QPen(lineColor(i), 2));
        p.drawLine(QPointF(x, middle), QPointF(x + 12, middle));
        p.setPen(ink);
        p.drawText(QPointF(x + 18, y + metrics.ascent()), text);
        x += width;
    }
}

} // namespace

QImage drawReportChart(const QList<ReportChartLine> &lines, const QDateTime &from,
                       const QDateTime &to, const QString &note, const QSize &size)
{
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    QFont font = p.font();
    font.setPixelSize(std::max(11, size.height() / 28));
    p.setFont(font);
    const QFontMetricsF metrics(font);

    // The first unit on the left axis, a second on the right, any other on the left.
    ValueAxis axes[2];
    QList<int> axisOf;
    for (const ReportChartLine &line : lines) {
        int axis = 0;
        if (!axes[0].unit.isNull() && line.unit != axes[0].unit &&
            (axes[1].unit.isNull() || line.unit == axes[1].unit))
            axis = 1;
        if (axes[axis].unit.isNull())
            axes[axis].unit = line.unit.isNull() ? u""_s : line.unit;
        axisOf.append(axis);
        for (const QList<QPointF> &segment : line.segments)
            for (const QPointF &point : segment)
                axes[axis].include(point.y());
    }
    const bool twoAxes = axes[1].used;
    for (ValueAxis &axis : axes)
        axis.round();

    // Legend rows first: the plot takes what is left.
    const qreal margin = metrics.height();
    const qreal labelWidth = metrics.horizontalAdvance(u"-000000"_s) + 8;
    QRectF plot(margin + labelWidth, margin, size.width() - 2 * margin - labelWidth,
                size.height() - 2 * margin);
    if (twoAxes)
        plot.setRight(plot.right() - labelWidth);
    if (!lines.isEmpty()) {
        drawLegend(p, lines, QRectF(plot.left(), margin / 2, plot.width(), 0));
        const int rows = 1 + int(lines.size() / 5); // about what drawLegend() wraps to
        plot.setTop(margin / 2 + rows * (metrics.height() + 2) + margin / 2);
    }
    plot.setBottom(size.height() - margin - metrics.height());

    // Value grid and labels.
    p.setPen(grid);
    const ValueAxis &left = axes[0];
    for (double v = left.low; v <= left.high + left.step / 2; v += left.step) {
        const qreal y = left.y(v, plot);
        p.setPen(grid);
        p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        p.setPen(faint);
        p.drawText(QRectF(0, y - metrics.height() / 2, plot.left() - 6, metrics.height()),
                   Qt::AlignRight | Qt::AlignVCenter, left.label(v));
    }
    if (twoAxes) {
        const ValueAxis &right = axes[1];
        p.setPen(faint);
        for (double v = right.low; v <= right.high + right.step / 2; v += right.step)
            p.drawText(QRectF(plot.right() + 6, right.y(v, plot) - metrics.height() / 2, labelWidth,
                              metrics.height()),
                       Qt::AlignLeft | Qt::AlignVCenter, right.label(v));
    }

    // Time axis: ticks about 130 pixels apart, as the pane has them.
    const qint64 start = from.toMSecsSinceEpoch();
    const qint64 span = std::max<qint64>(1, to.toMSecsSinceEpoch() - start);
    const auto xOf = [&](double ms) {
        return plot.left() + (ms - start) / span * plot.width();
    };
    const int ticks = std::clamp(int(plot.width()) / 130 + 1, 2, 9);
    for (int i = 0; i < ticks; ++i) {
        const qint64 at = start + span * i / (ticks - 1);
        const qreal x = xOf(double(at));
        p.setPen(grid);
        p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
        p.setPen(faint);
        const QString text = timeLabel(QDateTime::fromMSecsSinceEpoch(at, Qt::UTC), span);
        const qreal width = metrics.horizontalAdvance(text);
        const qreal left = std::clamp(x - width / 2, 0.0, size.width() - width);
        p.drawText(QPointF(left, plot.bottom() + 4 + metrics.ascent()), text);
    }
    p.setPen(QPen(ink, 1));
    p.drawRect(plot);

    // The lines, clipped to the plot.
    p.save();
    p.setClipRect(plot);
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const ValueAxis &axis = axes[axisOf.at(i)];
        p.setPen(QPen(lineColor(i), 1.6));
        for (const QList<QPointF> &segment : lines.at(i).segments) {
            if (segment.size() == 1) {
                const QPointF &only = segment.constFirst();
                p.setBrush(lineColor(i));
                p.drawEllipse(QPointF(xOf(only.x()), axis.y(only.y(), plot)), 2, 2);
                continue;
            }
            QPainterPath path;
            for (qsizetype k = 0; k < segment.size(); ++k) {
                const QPointF at(xOf(segment.at(k).x()), axis.y(segment.at(k).y(), plot));
                k == 0 ? path.moveTo(at) : path.lineTo(at);
            }
            p.setBrush(Qt::NoBrush);
            p.drawPath(path);
        }
    }
    p.restore();

    if (!note.isEmpty()) {
        p.setPen(faint);
        p.drawText(plot.adjusted(0, 4, -6, 0), Qt::AlignRight | Qt::AlignTop, note);
    }
    return image;
}

} // namespace porthole
