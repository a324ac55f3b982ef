#pragma once

#include "metricschartmodel.h"
#include "metricsrepository.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace porthole {

// A named set of series with the range and aggregate they are shown over: what the Metrics
// pane saves, picks and exports.
struct MetricsDashboard
{
    QString name;
    QList<MetricSeries> series;
    qint64 rangeSeconds = 3600; // the last this many seconds up to now; 0: everything
    MetricAggregate aggregate = MetricAggregate::Average;
    // Each series overlaid as it was this many seconds before (a day, a week); 0: none.
    qint64 compareSeconds = 0;
    bool difference = false; // and each series minus its overlay drawn too

    friend bool operator==(const MetricsDashboard &, const MetricsDashboard &) = default;
};

// Dashboards as a JSON document, the file format of export and import and what the settings
// keep:
//
//   {"format": "porthole-metrics-dashboards", "version": 1, "dashboards": [
//     {"name": "Ingest", "range_seconds": 3600, "aggregate": "average",
//      "compare_seconds": 86400, "difference": true,
//      "series": [{"source": "component", "owner": "splitter", "name": "latency_ms"}]}]}
//
// source is component, port, sensor, check, ingest, dead_letters or backlog; aggregate average,
// minimum, maximum or count; name may be left out where a series has none; compare_seconds (the
// overlay's shift, 0 or left out: none) and difference may be left out.
QByteArray dashboardsToJson(const QList<MetricsDashboard> &dashboards);
// The dashboards in `json`; nullopt and `error` (in English, naming the dashboard and field at
// fault) when it is not such a document: not JSON, another format or version, a field missing
// or of the wrong kind, an unknown source or aggregate, a name empty or given twice.
std::optional<QList<MetricsDashboard>> dashboardsFromJson(const QByteArray &json, QString *error);

// Writes `dashboards` to `path` (whole or not at all); false and `error` when it cannot.
bool writeDashboardsFile(const QString &path, const QList<MetricsDashboard> &dashboards,
                         QString *error);
// The dashboards in the file at `path` (at most 4 MiB); nullopt and `error` when it cannot be
// read or is not a dashboards document.
std::optional<QList<MetricsDashboard>> readDashboardsFile(const QString &path, QString *error);

// The default dashboard, made from the data at open time: what an operator checks first, each
// readable on its own chart: the ingest rate, the error rate of the component whose errors were
// highest in the range, the dead letters per minute, the consumer lag and the latency of the
// busiest component (the one with the most latency values in the range). What the data lacks
// is left out and named in `missing`.
struct DefaultDashboard
{
    QList<MetricSeries> series;
    QStringList missing; // for a person, in the window's language
};

// The component metrics whose latency the default dashboard charts ("latency_ms", "latency"),
// among `listed`, by name; empty when no component reports one.
QStringList latencyMetricNames(const QList<MetricSeries> &listed);
// The component metrics that count errors ("error_rate", "errors", "error_count"), the same way.
QStringList errorMetricNames(const QList<MetricSeries> &listed);
// The default dashboard over the series `listed`, the component metric with the highest errors
// and the busiest component's latency series (nullopt: none has a value in the range).
DefaultDashboard defaultDashboard(const QList<MetricSeries> &listed,
                                  const std::optional<MetricSeries> &worstErrors,
                                  const std::optional<MetricSeries> &busiestLatency);

// The dashboards the operator saved, kept in QSettings (group "metrics", key "dashboards", as
// dashboardsToJson()), sorted by name. A value that is not a dashboards document (edited by
// hand) reads as none.
class MetricsDashboards
{
public:
    static QList<MetricsDashboard> load();
    static void save(const QList<MetricsDashboard> &dashboards);
    // The one named `name`, if saved.
    static std::optional<MetricsDashboard> find(const QString &name);
    // Saves `dashboard`, replacing one of the same name.
    static void put(const MetricsDashboard &dashboard);
    // False when none has that name.
    static bool remove(const QString &name);
};

} // namespace porthole

Q_DECLARE_METATYPE(porthole::MetricsDashboard)
