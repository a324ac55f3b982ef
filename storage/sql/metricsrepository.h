#pragma once

#include "fallbacktable.h"
#include "repositorysupport.h"
#include "sqlsupport.h"
#include "storageerror.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <optional>
#include <utility>

namespace porthole {

// One row of component_metrics (docs/DATABASE.md, Tables).
struct ComponentMetric
{
    QString componentName;
    QString metricName;
    double value = 0;
    QString unit;        // empty: none
    QByteArray metadata; // JSON; empty: none
    QDateTime timestamp; // UTC; invalid: the time of writing

    friend bool operator==(const ComponentMetric &, const ComponentMetric &) = default;
};

// One row of port_metrics (docs/DATABASE.md, Tables).
struct PortMetric
{
    QString portName;
    qint64 messagesSent = 0;
    qint64 messagesReceived = 0;
    std::optional<double> avgSendDurationMs;
    std::optional<double> avgReceiveDurationMs;
    std::optional<double> avgMessageAgeMs;
    std::optional<double> bufferUtilization;
    QDateTime timestamp; // UTC; invalid: the time of writing

    friend bool operator==(const PortMetric &, const PortMetric &) = default;
};

// One sensor reading (seed 003): recorded once per event_id in processed_events and metrics.
struct SensorReading
{
    QString eventId;
    QString sensorId;
    QDateTime timestamp; // UTC, required
    double value = 0;
    std::optional<int> kafkaPartition;
    std::optional<qint64> kafkaOffset;

    friend bool operator==(const SensorReading &, const SensorReading &) = default;
};

struct SensorInsertOutcome
{
    qint64 inserted = 0; // readings whose event_id was new
    qint64 duplicates =
        0; // readings whose event_id was already recorded (or repeated in the batch)

    friend bool operator==(const SensorInsertOutcome &, const SensorInsertOutcome &) = default;
};

enum class MetricSource
{
    Component, // component_metrics: owner = component_name, name = metric_name
    Port,      // port_metrics: owner = port_name, name = one of portCounters()
    Sensor,    // metrics: owner = sensor_id, name empty
    // The sensor pipeline's checks (seed 003), per bucket of the time readings were stored
    // (at least a minute): owner = one of checkNames(), name empty.
    //   ingestion_rate        readings stored per minute
    //   consumer_lag          seconds from a reading's time to its storing (avg/min/max)
    //   duplicate_event_ids   readings whose event_id another reading has too (should be 0)
    //   backwards_timestamps  readings older than the sensor's reading stored before them,
    //                         within the range (should be 0)
    Check,
    // Porthole's own ingest worker: owner "ingest_rate", name empty. The deliveries it stored
    // per minute (the messages it wrote, by the time they were received, and the rows of
    // ingest_deliveries, by the time they were stored), in buckets of whole minutes.
    Ingest,
    // The dead letters (the view dead_letter_queue: port messages dead-lettered, or failed
    // with their retries spent) per minute, by the time each message was created: owner
    // "dead_letters", name empty, in buckets of whole minutes. Listed once there is one.
    DeadLetters,
};

// One time series the console can chart.
struct MetricSeries
{
    MetricSource source = MetricSource::Component;
    QString owner;
    QString name;

    friend bool operator==(const MetricSeries &, const MetricSeries &) = default;
};

// One point of a series: a raw value (count 1, avg = min = max) or a bucket's aggregate.
struct MetricPoint
{
    QDateTime start; // UTC: the value's time, or the bucket's start
    double avg = 0;
    double min = 0;
    double max = 0;
    qint64 count = 0;

    friend bool operator==(const MetricPoint &, const MetricPoint &) = default;
};

struct SeriesRequest
{
    MetricSeries series;
    QDateTime from; // inclusive
    QDateTime to;   // exclusive
    // 0: raw values. Otherwise buckets this many seconds wide, aligned to the Unix epoch in
    // UTC (so midnight and daylight-saving changes do not move them).
    qint64 bucketSeconds = 0;
    int limit = 100000; // at most this many points, 1..1000000
};

struct SeriesPoints
{
    QList<MetricPoint> points; // in time order; buckets without values are absent
    bool truncated = false;    // the limit cut the series short
};

// Writes and reads the three metric tables: component_metrics, port_metrics and the sensor
// readings of seed 003 (processed_events + metrics). Works the same on SQLite and PostgreSQL.
//
// Each insert call is one transaction: all rows or none. Rows go in multi-row INSERTs of at
// most rowsPerStatement rows, each statement prepared once per call.
//
// Bucketing happens in SQL: SQLite with epoch arithmetic on unixepoch(), PostgreSQL with
// date_bin() (time_bucket() where the timescaledb extension is installed). A bucket holds the
// values with start <= time < start + width; buckets start at multiples of the width since
// 1970-01-01 00:00:00 UTC, so both engines give the same buckets for the same data. Buckets of
// whole minutes read the rollups (metric_rollups, kept by triggers; on PostgreSQL through
// metric_rollup_rows, behind which TimescaleDB's continuous aggregates stand where present) for
// the whole minutes or hours inside the range and the raw values only at its edges.
//
// Uses the connection it is given, on the thread that opened it.
class MetricsRepository
{
public:
    static constexpr int rowsPerStatement = 200;

    explicit MetricsRepository(const QSqlDatabase &db);

    Status insertComponentMetrics(const QList<ComponentMetric> &rows);
    Status insertPortMetrics(const QList<PortMetric> &rows);
    // Idempotent on event_id: a reading already recorded is counted as a duplicate and left as
    // it is; so is the second of two readings with one event_id in the same batch.
    Result<SensorInsertOutcome> insertSensorReadings(const QList<SensorReading> &rows);

    // The series there are, sorted by owner and name. Reads one index entry per series (a
    // skip scan), not the table.
    Result<QList<MetricSeries>> listSeries(MetricSource source) const;
    Result<QList<MetricSeries>> listAllSeries() const;

    Result<SeriesPoints> points(const SeriesRequest &request) const;
    // The unit of a component metric's latest value (metric_unit; one index seek); empty
    // when it has none, and for the other sources (whose units the tables fix).
    Result<QString> unitOf(const MetricSeries &series) const;
    // The time of a series' first and last value; nullopt when it has none. Two index seeks.
    Result<std::optional<std::pair<QDateTime, QDateTime>>> extent(const MetricSeries &series) const;
    // The component metric, of those named `metricNames`, with the most values in [from, to)
    // (ties: the first component by name); nullopt when none has a value there. The Metrics
    // pane's default dashboard charts the busiest component's latency this way.
    Result<std::optional<MetricSeries>> busiestComponentMetric(const QStringList &metricNames,
                                                               const QDateTime &from,
                                                               const QDateTime &to) const;

    // port_metrics' counters, the names a Port series may have (also its column names).
    static const QStringList &portCounters();
    // The owners a Check series may have.
    static const QStringList &checkNames();
    // The one Ingest series.
    static MetricSeries ingestRate();
    // The one DeadLetters series.
    static MetricSeries deadLetterRate();
    // Whether a source's series always come in buckets (of whole minutes: checkBucketSeconds).
    static bool alwaysBucketed(MetricSource source);

    // The smallest round bucket width (1 s, 5 s, 10 s, 30 s, 1 min, 5 min, 15 min, 30 min,
    // 1 h, 6 h, 12 h, 1 day, 7 days, 30 days, then whole multiples of 30 days) such that the
    // range [from, to), drawn across `pixels` pixels, is at most pixels × pointsPerPixel widths
    // long (the epoch-aligned buckets covering it are at most one more). An empty range gives
    // 1 s; fewer than one pixel or point per pixel count as one. Never 0: whether the raw
    // values are few enough to draw is for the caller to know.
    static qint64 bucketSecondsFor(const QDateTime &from, const QDateTime &to, int pixels,
                                   int pointsPerPixel = 2);

    // The statements listSeries() and points() run, for plan checks. points: the plain
    // SQL form (no TimescaleDB) unless `timescale`; without `rollups`, every raw value in the
    // range is read (what the rollups save, for benchmarks).
    static SqlStatement listSeriesStatement(MetricSource source);
    // The component series in one pass over the table: what listSeries() runs where no index
    // begins with (component_name, metric_name).
    static SqlStatement listSeriesByScanStatement(SqlEngine engine);
    static Result<SqlStatement> pointsStatement(SqlEngine engine, const SeriesRequest &request,
                                                bool timescale = false, bool rollups = true);

    // The widest rollup (migration 13: a minute, an hour) whose buckets make up buckets of
    // `bucketSeconds`; 0 when none does.
    static qint64 rollupWidthFor(qint64 bucketSeconds);

    // The width a check's buckets have for a width asked for: whole minutes, at least one.
    static qint64 checkBucketSeconds(qint64 bucketSeconds);

private:
    static SqlStatement checkStatement(SqlEngine engine, const SeriesRequest &request);
    static SqlStatement ingestStatement(SqlEngine engine, const SeriesRequest &request);
    static SqlStatement deadLetterStatement(SqlEngine engine, const SeriesRequest &request);
    Result<bool> hasTimescale() const;
    QSqlDatabase m_db;
    SqlEngine m_engine;
    mutable std::optional<bool> m_timescale;
    FallbackTable m_componentMetrics;
};

} // namespace porthole

Q_DECLARE_METATYPE(porthole::MetricSeries)
