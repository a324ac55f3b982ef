#include "timechart.h"

#include "chartcanvas.h"
#include "chartmarkers.h"
#include "chartticks.h"
#include "statuscolours.h"

#include <QChart>
#include <QDateTimeAxis>
#include <QEvent>
#include <QFontMetricsF>
#include <QGraphicsLayout>
#include <QGraphicsLineItem>
#include <QGraphicsRectItem>
#include <QGraphicsSimpleTextItem>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLocale>
#include <QPainter>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

constexpr int redrawMs = 40; // at most 25 repaints a second

QString timeFormat(qint64 rangeMs)
{
    if (rangeMs <= 120'000)
        return u"HH:mm:ss"_s;
    if (rangeMs <= 86'400'000)
        return u"HH:mm"_s;
    if (rangeMs <= 8 * 86'400'000LL)
        return u"MMM d HH:mm"_s;
    return u"yyyy-MM-dd"_s;
}

QString number(double value)
{
    return QLocale().toString(value, 'g', 6);
}

} // namespace

QColor TimeChart::paletteColor(qsizetype index)
{
    return seriesColour(index);
}

TimeChart::TimeChart(QWidget *parent)
    : QWidget(parent)
    , m_canvas(new ChartCanvas(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_canvas);
    QChart *chart = m_canvas->chart();
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    auto *time = new QDateTimeAxis;
    time->setTickCount(7);
    chart->addAxis(time, Qt::AlignBottom);
    auto *left = new QValueAxis;
    left->setTickCount(6);
    left->setLabelFormat(u"%g"_s);
    chart->addAxis(left, Qt::AlignLeft);
    auto *right = new QValueAxis;
    right->setTickCount(6);
    right->setLabelFormat(u"%g"_s);
    right->setVisible(false);
    chart->addAxis(right, Qt::AlignRight);

    m_crosshair = new QGraphicsLineItem(chart);
    m_crosshair->setZValue(20);
    m_crosshair->hide();
    m_readoutBox = new QGraphicsRectItem(chart);
    m_readoutBox->setZValue(21);
    m_readoutBox->hide();
    m_readout = new QGraphicsSimpleTextItem(chart);
    m_readout->setZValue(22);
    m_readout->hide();
    m_noteItem = new QGraphicsSimpleTextItem(chart);
    m_noteItem->setZValue(5);
    followPalette();

    m_redrawTimer.setSingleShot(true);
    connect(&m_redrawTimer, &QTimer::timeout, this, &TimeChart::redraw);
    connect(chart, &QChart::plotAreaChanged, this, [this] {
        placeOverlays();
        if (plotWidth() != m_lastPlotWidth) {
            m_lastPlotWidth = plotWidth();
            Q_EMIT plotWidthChanged(m_lastPlotWidth);
        }
    });
    const QDateTime now = QDateTime::currentDateTimeUtc();
    setRange(now.addSecs(-3600), now);
}

TimeChart::~TimeChart() = default;

void TimeChart::setLines(const QList<ChartLine> &lines)
{
    m_lines = lines;
    m_linesChanged = true;
    // New lines are what an operator waits for after a range change (whose axes were drawn
    // at once): they come no faster than the reads that make them, so they are not held back.
    redrawSoon();
}

void TimeChart::setRange(const QDateTime &from, const QDateTime &to)
{
    if (!from.isValid() || !to.isValid() || from >= to)
        return;
    m_from = from;
    m_to = to;
    scheduleRedraw();
}

void TimeChart::setMarkers(const QList<ChartMarker> &markers)
{
    m_markers = markers;
    scheduleRedraw();
}

void TimeChart::setNote(const QString &note)
{
    m_note = note;
    scheduleRedraw();
}

void TimeChart::setMarkerLabelsShown(bool shown)
{
    m_markerLabels = shown;
    scheduleRedraw();
}

void TimeChart::setTimeLabelsShown(bool shown)
{
    m_canvas->chart()->axes(Qt::Horizontal).constFirst()->setLabelsVisible(shown);
}

void TimeChart::setUnitTitlesShown(bool shown)
{
    m_unitTitles = shown;
    scheduleRedraw();
}

void TimeChart::setInsets(int left, int right)
{
    if (left == m_leftInset && right == m_rightInset)
        return;
    m_leftInset = left;
    m_rightInset = right;
    m_canvas->chart()->setMargins(QMargins(4 + left, 4, 4 + right, 4));
}

double TimeChart::plotLeft() const
{
    return m_canvas->chart()->plotArea().left() - m_leftInset;
}

std::pair<int, int> TimeChart::plotSpanIn(const QWidget *widget) const
{
    const QRectF plot = m_canvas->chart()->plotArea();
    const QPoint left = m_canvas->mapFromScene(plot.topLeft());
    const QPoint right = m_canvas->mapFromScene(plot.topRight());
    return {widget->mapFromGlobal(m_canvas->mapToGlobal(left)).x(),
            widget->mapFromGlobal(m_canvas->mapToGlobal(right)).x()};
}

double TimeChart::plotRightRoom() const
{
    const QChart *chart = m_canvas->chart();
    return chart->size().width() - chart->plotArea().right() - m_rightInset;
}

bool TimeChart::isLineVisible(const QString &label) const
{
    return !m_hidden.contains(label);
}

void TimeChart::setLineVisible(const QString &label, bool visible)
{
    m_hidden.removeAll(label);
    if (!visible)
        m_hidden << label;
    m_linesChanged = true;
    scheduleRedraw();
}

int TimeChart::plotWidth() const
{
    return std::max(1, int(m_canvas->chart()->plotArea().width()));
}

void TimeChart::redrawSoon()
{
    if (!m_redrawTimer.isActive() || m_redrawTimer.interval() > 0)
        m_redrawTimer.start(0);
}

bool TimeChart::redrawHeldBack() const
{
    return m_redrawTimer.isActive() && m_redrawTimer.interval() > 0;
}

void TimeChart::scheduleRedraw()
{
    if (m_redrawTimer.isActive())
        return;
    // The first change after a quiet spell draws on the next turn of the event loop (the
    // other changes of this turn with it); then no sooner than redrawMs after the last.
    const qint64 since = m_sinceRedraw.isValid() ? m_sinceRedraw.elapsed() : redrawMs;
    m_redrawTimer.start(int(std::clamp<qint64>(redrawMs - since, 0, redrawMs)));
}

void TimeChart::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        followPalette();
}

void TimeChart::followPalette()
{
    QChart *chart = m_canvas->chart();
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    const QChart::ChartTheme theme = dark ? QChart::ChartThemeDark : QChart::ChartThemeLight;
    if (chart->theme() != theme) {
        chart->setTheme(theme); // recolours the lines too: they are made again in their own
        m_looks.clear();
        m_linesChanged = true;
        scheduleRedraw();
    }
    const QColor ink = palette().color(QPalette::Text);
    QColor faint = ink;
    faint.setAlpha(120);
    m_crosshair->setPen(QPen(faint, 1, Qt::DashLine));
    QColor paper = palette().color(QPalette::Base);
    paper.setAlpha(230);
    m_readoutBox->setBrush(paper);
    faint.setAlpha(80);
    m_readoutBox->setPen(QPen(faint));
    m_readout->setBrush(ink);
    m_noteItem->setBrush(ink);
}

void TimeChart::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    measureLabels();
}

void TimeChart::measureLabels()
{
    for (QAbstractAxis *axis : m_canvas->chart()->axes()) {
        if (!axis->labelsVisible())
            continue;
        axis->setLabelsVisible(false);
        axis->setLabelsVisible(true);
    }
}

void TimeChart::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    scheduleRedraw();
}

void TimeChart::redraw()
{
    ++m_repaints;
    m_sinceRedraw.start();
    QChart *chart = m_canvas->chart();
    // A pan, a range or a note moves the axes alone. New lines replace the points of the
    // series of lines that look as they did: making series again (and attaching their axes)
    // is most of a redraw of many lines.
    const bool linesChanged = m_linesChanged;
    m_linesChanged = false;
    auto *time = qobject_cast<QDateTimeAxis *>(chart->axes(Qt::Horizontal).constFirst());
    const QList<QAbstractAxis *> values = chart->axes(Qt::Vertical);
    auto *left = qobject_cast<QValueAxis *>(values.at(0));
    auto *right = qobject_cast<QValueAxis *>(values.at(1));
    time->setFormat(timeFormat(m_from.msecsTo(m_to)));
    // A tick every 130 pixels or so: room for the widest label ("Nov 16 04:25").
    time->setTickCount(std::clamp(plotWidth() / 130 + 1, 2, 9));
    time->setRange(m_from.toLocalTime(), m_to.toLocalTime());

    // The first unit goes left, a second one right; lines in a third share the left axis.
    QStringList units;
    for (const ChartLine &line : std::as_const(m_lines)) {
        if (!units.contains(line.unit))
            units << line.unit;
    }
    const QString rightUnit = units.value(1);
    // The left axis is titled with every unit it carries.
    QStringList leftUnits = units;
    leftUnits.removeAll(rightUnit);
    const QString leftUnit = leftUnits.join(u" · "_s);
    double low[2] = {std::numeric_limits<double>::max(), std::numeric_limits<double>::max()};
    double high[2] = {std::numeric_limits<double>::lowest(), std::numeric_limits<double>::lowest()};
    const double fromX = double(m_from.toMSecsSinceEpoch());
    const double toX = double(m_to.toMSecsSinceEpoch());
    QList<LineLook> looks;
    for (qsizetype i = 0; i < m_lines.size(); ++i) {
        const ChartLine &line = m_lines.at(i);
        const QColor color = line.color.isValid() ? line.color : paletteColor(i);
        const bool right = units.size() > 1 && line.unit == rightUnit;
        looks << LineLook{line.label, line.unit, color,
                          line.style, right,     isLineVisible(line.label)};
    }
    if (linesChanged && looks != m_looks) {
        chart->removeAllSeries();
        m_series = QList<QList<QLineSeries *>>(m_lines.size());
        m_looks = looks;
    }
    for (qsizetype i = 0; i < m_lines.size(); ++i) {
        const LineLook &look = looks.at(i);
        const int side = look.right ? 1 : 0;
        if (linesChanged)
            placeSegments(i, look.right ? right : left);
        if (!look.visible)
            continue;
        for (const QList<QPointF> &segment : m_lines.at(i).segments) {
            for (const QPointF &p : segment) {
                if (p.x() < fromX || p.x() > toX || !std::isfinite(p.y()))
                    continue;
                low[side] = std::min(low[side], p.y());
                high[side] = std::max(high[side], p.y());
            }
        }
    }
    // A value tick every 28 pixels of the plot or so (the chart's height less its legend and
    // time axis): a low chart of a stack gets fewer, whose labels fit without being cut.
    const int valueTicks = std::clamp((height() - 90) / 28 + 1, 3, 6);
    fitValueAxis(left, low[0], high[0], leftUnit, valueTicks);
    right->setVisible(units.size() > 1);
    if (units.size() > 1)
        fitValueAxis(right, low[1], high[1], rightUnit, valueTicks);
    placeOverlays();
}

void TimeChart::fitValueAxis(QValueAxis *axis, double lo, double hi, const QString &unit,
                             int valueTicks)
{
    const std::pair<double, double> was{axis->min(), axis->max()};
    const AxisTicks ticks = roundTicks(lo, hi, valueTicks);
    axis->setRange(ticks.from, ticks.to);
    axis->setTickCount(ticks.ticks);
    axis->setTitleText(m_unitTitles ? unit : QString());
    // New labels may be wider than the ones measured: measured again (see showEvent()).
    if (was != std::pair{axis->min(), axis->max()} && axis->labelsVisible() && isVisible()) {
        axis->setLabelsVisible(false);
        axis->setLabelsVisible(true);
    }
}

void TimeChart::placeSegments(qsizetype index, QAbstractAxis *valueAxis)
{
    QChart *chart = m_canvas->chart();
    const ChartLine &line = m_lines.at(index);
    QList<QLineSeries *> &series = m_series[index];
    // One series a segment, and one for a line without points (its legend entry).
    const qsizetype wanted = std::max<qsizetype>(1, line.segments.size());
    while (series.size() > wanted) {
        QLineSeries *gone = series.takeLast();
        chart->removeSeries(gone);
        delete gone;
    }
    for (qsizetype s = 0; s < wanted; ++s) {
        if (s == series.size())
            series << addSeries(m_looks.at(index), s, valueAxis);
        const QList<QPointF> points = line.segments.value(s);
        series.at(s)->replace(points);
        // A value alone between gaps has no line to draw: it is shown as a dot.
        series.at(s)->setPointsVisible(points.size() == 1);
    }
}

QLineSeries *TimeChart::addSeries(const LineLook &look, qsizetype segment, QAbstractAxis *valueAxis)
{
    QChart *chart = m_canvas->chart();
    auto *series = new QLineSeries;
    series->setName(look.unit.isEmpty() ? look.label : u"%1 (%2)"_s.arg(look.label, look.unit));
    // One pixel wide: the raster engine's own stroker draws it; a wider pen is stroked as a
    // path, segment by segment (a hundred lines took 25 to 45 ms a repaint, now 5 to 9).
    series->setPen(QPen(look.color, 1, look.style));
    chart->addSeries(series);
    series->attachAxis(chart->axes(Qt::Horizontal).constFirst());
    series->attachAxis(valueAxis);
    series->setVisible(look.visible);
    for (QLegendMarker *marker : chart->legend()->markers(series)) {
        marker->setVisible(segment == 0); // one entry a line, not a segment
        if (segment != 0)
            continue;
        QColor label = marker->labelBrush().color();
        label.setAlpha(look.visible ? 255 : 90);
        marker->setLabelBrush(label);
        const QString name = look.label;
        connect(marker, &QLegendMarker::clicked, this,
                [this, name] { setLineVisible(name, !isLineVisible(name)); });
    }
    return series;
}

void TimeChart::placeOverlays()
{
    QChart *chart = m_canvas->chart();
    qDeleteAll(m_markerLines);
    m_markerLines.clear();
    const QRectF plot = chart->plotArea();
    // The note in the middle of the plot: it is shown over a chart with no lines. Not the
    // chart's title, whose old text Qt Charts leaves drawn when a title laid out is emptied.
    m_noteItem->setText(QFontMetricsF(m_noteItem->font())
                            .elidedText(m_note, Qt::ElideRight, std::max(0.0, plot.width() - 8)));
    m_noteItem->setPos(plot.center() - m_noteItem->boundingRect().center());
    // The markers in range, left to right, and their labels' widths: labels that would print
    // over each other are one, "first +N", whose line's tooltip lists them all.
    QList<const ChartMarker *> shown;
    for (const ChartMarker &marker : std::as_const(m_markers)) {
        if (marker.at >= m_from && marker.at <= m_to)
            shown << &marker;
    }
    std::ranges::stable_sort(shown, {}, &ChartMarker::at);
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.8);
    const QFontMetricsF metrics(small);
    QList<double> xs;
    QList<double> widths;
    for (const ChartMarker *marker : std::as_const(shown)) {
        xs << m_canvas->xOf(marker->at);
        widths << metrics.horizontalAdvance(marker->text) + 6;
    }
    const QList<MarkerRun> runs = markerRuns(xs, widths);
    qsizetype run = 0;
    for (qsizetype i = 0; i < shown.size(); ++i) {
        while (run + 1 < runs.size() && runs.at(run + 1).first <= i)
            ++run;
        const ChartMarker &marker = *shown.at(i);
        const double x = xs.at(i);
        auto *line = new QGraphicsLineItem(x, plot.top(), x, plot.bottom(), chart);
        const QColor color = marker.color.isValid() ? marker.color : QColor(0xd6, 0x27, 0x28);
        QColor faint = color;
        faint.setAlpha(160);
        line->setPen(QPen(faint, 1, marker.style));
        line->setZValue(10);
        line->setToolTip(u"%1: %2"_s.arg(
            QLocale().toString(marker.at.toLocalTime(), QLocale::ShortFormat), marker.text));
        m_markerLines << line;
        const MarkerRun &own = runs.at(run);
        if (own.first != i || !m_markerLabels)
            continue; // its run's label, and the list of the run, are on the run's first line
        QStringList tips;
        for (qsizetype j = own.first; j < own.first + own.count; ++j)
            tips << u"%1: %2"_s.arg(
                QLocale().toString(shown.at(j)->at.toLocalTime(), QLocale::ShortFormat),
                shown.at(j)->text);
        line->setToolTip(tips.join(u'\n'));
        //: A chart's label for several marks close together: the first one's text and how
        //: many more
        auto *tag = new QGraphicsSimpleTextItem(
            own.count == 1 ? marker.text : tr("%1 +%2").arg(marker.text).arg(own.count - 1), line);
        tag->setFont(small);
        tag->setBrush(color);
        // Left of its line where it would run past the plot's right edge.
        const double width = tag->boundingRect().width();
        tag->setPos(x + 2 + width > plot.right() ? x - 2 - width : x + 2, plot.top() + 2);
    }
}

QStringList TimeChart::markerLabels() const
{
    QStringList labels;
    for (const QGraphicsLineItem *line : m_markerLines) {
        for (const QGraphicsItem *child : line->childItems()) {
            if (const auto *tag = dynamic_cast<const QGraphicsSimpleTextItem *>(child))
                labels << tag->text();
        }
    }
    return labels;
}

void TimeChart::wheelZoom(double atX, int steps)
{
    const QDateTime at = m_canvas->timeAt(atX);
    if (!at.isValid())
        return;
    const double factor = std::pow(steps > 0 ? 0.8 : 1.25, std::abs(steps));
    const qint64 before = m_from.msecsTo(at);
    const qint64 after = at.msecsTo(m_to);
    const qint64 span = qint64(double(before + after) * factor);
    if (span < shortestRangeMs)
        return;
    const QDateTime from = at.addMSecs(-qint64(double(before) * factor));
    Q_EMIT rangeRequested(from, from.addMSecs(span));
}

QString TimeChart::valuesAt(const QDateTime &time) const
{
    const double x = double(time.toMSecsSinceEpoch());
    QStringList text{QLocale().toString(time.toLocalTime(), u"yyyy-MM-dd HH:mm:ss"_s)};
    for (const ChartLine &line : m_lines) {
        if (!isLineVisible(line.label))
            continue;
        QString value = tr("no value");
        for (const QList<QPointF> &segment : line.segments) {
            if (segment.isEmpty() || segment.first().x() > x || segment.last().x() < x)
                continue;
            // The last point at or before the pointer, within this segment.
            const auto it = std::upper_bound(segment.cbegin(), segment.cend(), x,
                                             [](double v, const QPointF &p) { return v < p.x(); });
            value = number(std::prev(it)->y());
            if (!line.unit.isEmpty())
                value += u' ' + line.unit;
            break;
        }
        text << u"%1: %2"_s.arg(line.label, value);
    }
    return text.join(u'\n');
}

void TimeChart::pointerAt(const QPointF &scenePos)
{
    QChart *chart = m_canvas->chart();
    const QPointF pos = chart->mapFromScene(scenePos);
    const QRectF plot = chart->plotArea();
    if (!plot.contains(pos) || m_lines.isEmpty()) {
        m_crosshair->hide();
        m_readout->hide();
        m_readoutBox->hide();
        return;
    }
    m_crosshair->setLine(pos.x(), plot.top(), pos.x(), plot.bottom());
    m_crosshair->show();
    m_readout->setText(valuesAt(m_canvas->timeAt(pos.x())));
    QRectF box = m_readout->boundingRect().adjusted(-4, -3, 4, 3);
    QPointF at(pos.x() + 12, plot.top() + 8);
    if (at.x() + box.width() > plot.right())
        at.setX(pos.x() - 12 - box.width());
    m_readout->setPos(at);
    m_readoutBox->setRect(box.translated(at));
    m_readout->show();
    m_readoutBox->show();
}

void TimeChart::flush()
{
    if (m_redrawTimer.isActive()) {
        m_redrawTimer.stop();
        redraw();
    }
}

QImage TimeChart::render(const QSize &size)
{
    flush();
    QChart *chart = m_canvas->chart();
    const QSizeF was = chart->size();
    m_crosshair->hide();
    m_readout->hide();
    m_readoutBox->hide();
    chart->resize(size);
    if (chart->layout())
        chart->layout()->activate(); // the plot area for `size` at once, not on the next event
    // Time ticks for that width, as a window of that size would have.
    auto *time = qobject_cast<QDateTimeAxis *>(chart->axes(Qt::Horizontal).constFirst());
    const int ticks = time->tickCount();
    time->setTickCount(std::clamp(plotWidth() / 130 + 1, 2, 9));
    if (chart->layout()) {
        chart->layout()->invalidate(); // the axis laid out again with its new ticks
        chart->layout()->activate();
    }
    placeOverlays();
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    {
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        m_canvas->scene()->render(&painter, QRectF(QPointF(0, 0), QSizeF(size)),
                                  QRectF(chart->pos(), QSizeF(size)));
    }
    time->setTickCount(ticks);
    chart->resize(was);
    placeOverlays();
    return image;
}

} // namespace porthole
