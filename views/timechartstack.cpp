#include "timechartstack.h"

#include <QPainter>
#include <QScrollArea>
#include <QVBoxLayout>

#include <cmath>
#include <limits>

namespace porthole {

namespace {

constexpr int chartMinimumHeight = 140;
// A line whose highest value is under this share of its chart's highest gets a chart of its
// own.
constexpr double dwarfedShare = 0.1;

// The highest value of `line` with x in [fromX, toX]; nullopt when it has none there.
std::optional<double> peakOf(const ChartLine &line, double fromX, double toX)
{
    std::optional<double> peak;
    for (const QList<QPointF> &segment : line.segments) {
        for (const QPointF &p : segment) {
            if (p.x() < fromX || p.x() > toX || !std::isfinite(p.y()))
                continue;
            peak = std::max(peak.value_or(std::numeric_limits<double>::lowest()), std::abs(p.y()));
        }
    }
    return peak;
}

} // namespace

QList<QList<qsizetype>> stackedChartGroups(const QList<ChartLine> &lines, double fromX, double toX)
{
    QStringList units;
    for (const ChartLine &line : lines) {
        if (!units.contains(line.unit))
            units << line.unit;
    }
    QList<QList<qsizetype>> groups;
    for (const QString &unit : std::as_const(units)) {
        // The unit's lines, highest first; each joins the first chart whose highest it is not
        // dwarfed by.
        QList<std::pair<qsizetype, std::optional<double>>> ofUnit;
        for (qsizetype i = 0; i < lines.size(); ++i) {
            if (lines.at(i).unit == unit)
                ofUnit.append({i, peakOf(lines.at(i), fromX, toX)});
        }
        std::ranges::stable_sort(ofUnit, [](const auto &a, const auto &b) {
            return a.second.value_or(-1) > b.second.value_or(-1);
        });
        QList<std::pair<double, QList<qsizetype>>> charts; // highest value, lines
        for (const auto &entry : ofUnit) {
            const std::optional<double> peak = entry.second;
            const qsizetype index = entry.first;
            auto chart = std::ranges::find_if(
                charts, [&](const auto &c) { return !peak || *peak >= c.first * dwarfedShare; });
            if (chart == charts.end())
                charts.append({peak.value_or(0), {index}});
            else
                chart->second.append(index);
        }
        for (auto &[peak, members] : charts) {
            std::ranges::sort(members);
            groups.append(members);
        }
    }
    // Charts in the order of their first line.
    std::ranges::stable_sort(groups, {}, [](const QList<qsizetype> &g) { return g.first(); });
    return groups;
}

TimeChartStack::TimeChartStack(QWidget *parent)
    : QWidget(parent)
    , m_scroll(new QScrollArea)
{
    auto *inner = new QWidget;
    m_column = new QVBoxLayout(inner);
    m_column->setContentsMargins(0, 0, 0, 0);
    m_column->setSpacing(0);
    m_scroll->setWidget(inner);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_scroll);
    m_lineUpTimer.setSingleShot(true);
    connect(&m_lineUpTimer, &QTimer::timeout, this, &TimeChartStack::lineUp);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    m_from = now.addSecs(-3600);
    m_to = now;
    arrange(true);
}

TimeChart *TimeChartStack::addChart()
{
    auto *chart = new TimeChart;
    chart->setMinimumHeight(chartMinimumHeight);
    chart->setRange(m_from, m_to);
    connect(chart, &TimeChart::rangeRequested, this, &TimeChartStack::rangeRequested);
    connect(chart, &TimeChart::interacting, this, &TimeChartStack::interacting);
    connect(chart, &TimeChart::plotWidthChanged, this, [this, chart](int pixels) {
        m_lineUpTimer.start(0);
        if (chart == m_charts.constFirst())
            Q_EMIT plotWidthChanged(pixels);
    });
    m_column->addWidget(chart, 1);
    m_charts << chart;
    return chart;
}

void TimeChartStack::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_lineUpTimer.start(0);
}

void TimeChartStack::setLines(const QList<ChartLine> &lines)
{
    m_lines = lines;
    for (qsizetype i = 0; i < m_lines.size(); ++i) {
        if (!m_lines.at(i).color.isValid())
            m_lines[i].color = TimeChart::paletteColor(i);
    }
    arrange(true);
}

void TimeChartStack::setRange(const QDateTime &from, const QDateTime &to)
{
    if (!from.isValid() || !to.isValid() || from >= to)
        return;
    m_from = from;
    m_to = to;
    for (TimeChart *chart : std::as_const(m_charts))
        chart->setRange(from, to);
    // Which line dwarfs which depends on the range.
    arrange(false);
}

void TimeChartStack::setMarkers(const QList<ChartMarker> &markers)
{
    m_markers = markers;
    for (TimeChart *chart : std::as_const(m_charts))
        chart->setMarkers(markers);
}

void TimeChartStack::setNote(const QString &note)
{
    m_note = note;
    m_charts.constFirst()->setNote(note);
}

void TimeChartStack::setMerged(bool merged)
{
    if (merged == m_merged)
        return;
    m_merged = merged;
    arrange(false);
}

void TimeChartStack::setLineVisible(const QString &label, bool visible)
{
    for (TimeChart *chart : std::as_const(m_charts))
        chart->setLineVisible(label, visible);
}

void TimeChartStack::arrange(bool linesChanged)
{
    QList<QList<qsizetype>> groups;
    if (m_merged || m_lines.size() <= 1) {
        QList<qsizetype> all;
        for (qsizetype i = 0; i < m_lines.size(); ++i)
            all << i;
        groups << all;
    } else {
        groups = stackedChartGroups(m_lines, double(m_from.toMSecsSinceEpoch()),
                                    double(m_to.toMSecsSinceEpoch()));
    }
    if (!linesChanged && groups == m_groups)
        return;
    const bool sameCharts = groups.size() == m_charts.size();
    m_groups = groups;
    while (m_charts.size() < m_groups.size())
        addChart();
    while (m_charts.size() > m_groups.size())
        delete m_charts.takeLast();
    for (qsizetype c = 0; c < m_charts.size(); ++c) {
        TimeChart *chart = m_charts.at(c);
        QList<ChartLine> lines;
        for (qsizetype i : m_groups.at(c))
            lines << m_lines.at(i);
        chart->setLines(lines);
        chart->setMarkers(m_markers);
        chart->setNote(c == 0 ? m_note : QString());
        chart->setMarkerLabelsShown(c == 0);
        chart->setTimeLabelsShown(c == m_charts.size() - 1);
        // A chart a unit: its legend names the unit.
        chart->setUnitTitlesShown(m_merged || m_lines.size() <= 1);
    }
    if (!sameCharts)
        m_lineUpTimer.start(0);
}

void TimeChartStack::lineUp()
{
    // Laid out only while shown: a hidden chart's plot has no size to measure (and margins
    // given to it would shrink it further).
    if (!isVisible() || std::ranges::any_of(m_charts, [](const TimeChart *chart) {
            return chart->plotWidth() <= 1;
        }))
        return;
    double left = 0;
    double right = 0;
    for (const TimeChart *chart : std::as_const(m_charts)) {
        left = std::max(left, chart->plotLeft());
        right = std::max(right, chart->plotRightRoom());
    }
    for (TimeChart *chart : std::as_const(m_charts)) {
        chart->setInsets(int(std::lround(left - chart->plotLeft())),
                         int(std::lround(right - chart->plotRightRoom())));
        if (chart->isVisible())
            chart->measureLabels();
    }
}

QList<QStringList> TimeChartStack::chartUnits() const
{
    QList<QStringList> units;
    for (const TimeChart *chart : m_charts) {
        QStringList own;
        for (const ChartLine &line : chart->lines()) {
            if (!own.contains(line.unit))
                own << line.unit;
        }
        units << own;
    }
    return units;
}

QString TimeChartStack::valuesAt(const QDateTime &time) const
{
    // The time once, then every chart's lines.
    QStringList text;
    for (const TimeChart *chart : m_charts) {
        QStringList values = chart->valuesAt(time).split(u'\n');
        if (!text.isEmpty())
            values.removeFirst();
        text << values;
    }
    return text.join(u'\n');
}

int TimeChartStack::plotWidth() const
{
    return m_charts.constFirst()->plotWidth();
}

int TimeChartStack::repaints() const
{
    int total = 0;
    for (const TimeChart *chart : m_charts)
        total += chart->repaints();
    return total;
}

void TimeChartStack::flush()
{
    for (TimeChart *chart : std::as_const(m_charts))
        chart->flush();
}

QImage TimeChartStack::render(const QSize &size)
{
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter painter(&image);
    const int count = int(m_charts.size());
    int top = 0;
    for (int c = 0; c < count; ++c) {
        const int bottom = size.height() * (c + 1) / count;
        painter.drawImage(QPoint(0, top),
                          m_charts.at(c)->render(QSize(size.width(), bottom - top)));
        top = bottom;
    }
    return image;
}

} // namespace porthole
