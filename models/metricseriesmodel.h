#pragma once

#include "metricsrepository.h"

#include <QList>
#include <QStandardItemModel>
#include <QString>
#include <QStringList>

namespace porthole {

// A series as a file names it: "component / metric", "port / counter", or the sensor's id, or
// the check's name ("Consumer lag"), in English.
QString seriesLabel(const MetricSeries &series);
// The same as the legend and the tree show it: the names Porthole gives in the window's
// language.
QString shownSeriesLabel(const MetricSeries &series);
// The unit a series' values are in, where the table says it: a port counter's ("messages",
// "ms", "ratio"), a check's ("per minute", "s", "readings") and the ingest rate's, in the
// window's language; empty otherwise (a component metric's unit is in its rows:
// MetricSeriesModel::unitOf).
QString seriesUnit(const MetricSeries &series);

// The series there are, as a tree to pick from: Components > component > metric, Ports >
// port > counter, Sensors > sensor, Checks > check. Each series is a checkable leaf; what is
// checked stays checked when the list is read again.
class MetricSeriesModel : public QStandardItemModel
{
    Q_OBJECT

public:
    static constexpr int SeriesRole = Qt::UserRole + 1; // a leaf's MetricSeries
    static constexpr int UnitRole = Qt::UserRole + 2;   // a leaf's unit

    explicit MetricSeriesModel(QObject *parent = nullptr);

    // `units`: each series' unit from the data where known (empty, or shorter: none).
    void setSeries(const QList<MetricSeries> &series, const QStringList &units = {});
    // The unit from the data given, else seriesUnit().
    QString unitOf(const MetricSeries &series) const;
    // The checked series, in the tree's order.
    QList<MetricSeries> checkedSeries() const;
    void setChecked(const MetricSeries &series, bool checked);
    // Checks exactly `series` (those listed), with one checkedChanged() if that changes what is
    // checked.
    void setCheckedSeries(const QList<MetricSeries> &series);

Q_SIGNALS:
    void checkedChanged();

private:
    bool m_rebuilding = false;
};

} // namespace porthole
