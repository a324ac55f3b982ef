#include "metricscomparison.h"

#include "metricseriesmodel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QInputDialog>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

constexpr qint64 day = 86400;
constexpr qint64 week = 7 * day;
constexpr int chooseData = -1;

} // namespace

QString shiftText(qint64 seconds)
{
    if (seconds == day)
        return MetricsComparisonBox::tr("a day before");
    if (seconds == week)
        return MetricsComparisonBox::tr("a week before");
    if (seconds % day == 0)
        return MetricsComparisonBox::tr("%n days before", nullptr, int(seconds / day));
    //: An overlay's shift in hours: "6 h before"
    return MetricsComparisonBox::tr("%L1 h before").arg(double(seconds) / 3600, 0, 'g', 4);
}

QList<ChartLine> metricsChartLines(const QList<SeriesData> &data, qint64 bucketSeconds,
                                   MetricAggregate aggregate, bool difference,
                                   const std::function<QString(const MetricSeries &)> &unitOf)
{
    QList<ChartLine> lines;
    QList<ChartLine> differences;
    qsizetype own = 0; // the series' own come first, the overlays after them in the same order
    while (own < data.size() && data.at(own).shiftSeconds == 0)
        ++own;
    for (qsizetype i = 0; i < data.size(); ++i) {
        const SeriesData &one = data.at(i);
        const qsizetype place = one.shiftSeconds == 0 ? i : i - own;
        const QString label = shownSeriesLabel(one.series);
        ChartLine line{.label = label,
                       .unit = unitOf(one.series),
                       .segments = chartSegments(one.points, bucketSeconds, aggregate),
                       .color = TimeChart::paletteColor(place),
                       .style = Qt::SolidLine};
        if (one.shiftSeconds != 0) {
            //: An overlay's label: "orders / lag, a day before"
            line.label = MetricsComparisonBox::tr("%1, %2").arg(label, shiftText(one.shiftSeconds));
            line.style = Qt::DashLine;
            if (difference && place < own) {
                const QList<MetricPoint> minus =
                    differencePoints(data.at(place).points, one.points, aggregate);
                //: The difference's label: "orders / lag, minus a day before"
                differences.append(
                    {.label = MetricsComparisonBox::tr("%1, minus %2")
                                  .arg(label, shiftText(one.shiftSeconds)),
                     .unit = line.unit,
                     .segments = chartSegments(minus, bucketSeconds, MetricAggregate::Average),
                     .color = line.color,
                     .style = Qt::DotLine});
            }
        }
        lines.append(line);
    }
    return lines + differences;
}

MetricsComparisonBox::MetricsComparisonBox(MetricsChartModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_offsets(new QComboBox(this))
    , m_difference(new QCheckBox(tr("Difference"), this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_offsets->addItem(tr("No comparison"), 0);
    m_offsets->addItem(tr("A day before"), day);
    m_offsets->addItem(tr("A week before"), week);
    m_offsets->addItem(tr("Chosen…"), chooseData);
    m_offsets->setToolTip(tr("Overlay each series as it was a day, a week or a chosen time "
                             "before, dashed in its colour"));
    m_difference->setToolTip(tr("Also draw each series minus its overlay"));
    m_difference->setEnabled(false);
    layout->addWidget(m_offsets);
    layout->addWidget(m_difference);
    connect(m_offsets, &QComboBox::activated, this, [this](int index) {
        if (m_offsets->itemData(index).toLongLong() == chooseData) {
            choose();
            return;
        }
        m_last = index;
        m_difference->setEnabled(offsetSeconds() > 0);
        Q_EMIT changed();
    });
    connect(m_difference, &QCheckBox::toggled, this, &MetricsComparisonBox::changed);
    // First of the connections to changed(): the model reads before the pane draws.
    connect(this, &MetricsComparisonBox::changed, this, [this] {
        if (m_model)
            m_model->setShift(offsetSeconds());
    });
}

qint64 MetricsComparisonBox::offsetSeconds() const
{
    return std::max<qint64>(m_offsets->currentData().toLongLong(), 0);
}

bool MetricsComparisonBox::showsDifference() const
{
    return m_difference->isChecked() && offsetSeconds() > 0;
}

void MetricsComparisonBox::setComparison(qint64 offsetSeconds, bool difference)
{
    const QSignalBlocker blocker(m_difference);
    const int index = m_offsets->findData(std::max<qint64>(offsetSeconds, 0));
    if (index >= 0)
        m_offsets->setCurrentIndex(index);
    else
        setChosen(offsetSeconds);
    m_last = m_offsets->currentIndex();
    m_difference->setChecked(difference);
    m_difference->setEnabled(this->offsetSeconds() > 0);
    Q_EMIT changed();
}

void MetricsComparisonBox::choose()
{
    bool ok = false;
    const int hours =
        QInputDialog::getInt(this, tr("Compare with"),
                             tr("Overlay the series as they were this many hours "
                                "before:"),
                             std::max<int>(int(offsetSeconds() / 3600), 1), 1, 24 * 366, 1, &ok);
    if (!ok) {
        m_offsets->setCurrentIndex(m_last);
        return;
    }
    setComparison(qint64(hours) * 3600, m_difference->isChecked());
}

void MetricsComparisonBox::setChosen(qint64 seconds)
{
    // One chosen entry, before "Chosen…", that the next choice replaces.
    const int choose = m_offsets->findData(chooseData);
    if (choose > 0 && m_offsets->itemData(choose - 1).toLongLong() != week)
        m_offsets->removeItem(choose - 1);
    const int at = m_offsets->findData(chooseData);
    m_offsets->insertItem(at, shiftText(seconds), seconds);
    m_offsets->setCurrentIndex(at);
}

} // namespace porthole
