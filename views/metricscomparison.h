#pragma once

#include "metricschartmodel.h"
#include "timechart.h"

#include <QList>
#include <QWidget>

#include <functional>

class QCheckBox;
class QComboBox;

namespace porthole {

// "a day before", "a week before", "6 h before": how an overlay's label says its shift.
QString shiftText(qint64 seconds);

// The lines the Metrics charts draw from the chart model's data: each series solid, in its
// colour by its place; each overlay (SeriesData::shiftSeconds) dashed in its series' colour and
// labelled "orders / lag, a day before"; and with `difference`, each series minus its overlay
// (differencePoints()), dotted in the series' colour, labelled "…, minus a day before".
QList<ChartLine> metricsChartLines(const QList<SeriesData> &data, qint64 bucketSeconds,
                                   MetricAggregate aggregate, bool difference,
                                   const std::function<QString(const MetricSeries &)> &unitOf);

// The Metrics pane's comparison with an earlier time: none, the same range a day before or a
// week before, or a chosen number of hours before; and whether the difference is drawn too.
// Sets the shift of `model` (when given) before it says changed().
class MetricsComparisonBox : public QWidget
{
    Q_OBJECT

public:
    explicit MetricsComparisonBox(MetricsChartModel *model = nullptr, QWidget *parent = nullptr);

    // 0: no comparison.
    qint64 offsetSeconds() const;
    bool showsDifference() const;
    // As a dashboard keeps it; an offset no entry has becomes a chosen one.
    void setComparison(qint64 offsetSeconds, bool difference);

    QComboBox *offsets() const { return m_offsets; }
    QCheckBox *difference() const { return m_difference; }

Q_SIGNALS:
    void changed();

private:
    void choose();
    void setChosen(qint64 seconds);

    MetricsChartModel *m_model = nullptr;
    QComboBox *m_offsets = nullptr;
    QCheckBox *m_difference = nullptr;
    int m_last = 0; // the entry chosen before "Chosen…", kept when the operator cancels
};

} // namespace porthole
