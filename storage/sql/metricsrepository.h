#pragma once

#include "fallbacktable.h"
#include "metricrecords.h"
#include "paging.h"
#include "preparedstatements.h"
#include "repositorysupport.h"
#include "sqltypes.h"
#include "storageerror.h"

#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <optional>
#include <utility>

namespace porthole {

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
// the whole hours inside the range and the whole minutes at its ends, and the raw values only in
// the part of a minute at each end.
//
// Uses the connection it is given, on the thread that opened it.
// What a database's metric_rollups hold: nothing (there is no such table: every value is read
// raw), every value (migrations 13 to 29), or the values before each metric table's boundary
// (migration 30, metricrollups.h).
enum class MetricRollups
{
    None,
    Whole,
    Bounded,
};

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
    // How busiestComponentMetric() ranks: by the number of values, or by the highest value.
    enum class Rank
    {
        MostValues,
        HighestValue
    };
    // The component metric, of those named `metricNames`, with the most values in [from, to),
    // or the highest one (ties: the first component by name); nullopt when none has a value
    // there. The Metrics pane's default dashboard charts the busiest component's latency and
    // the component with the highest error rate this way.
    Result<std::optional<MetricSeries>> busiestComponentMetric(const QStringList &metricNames,
                                                               const QDateTime &from,
                                                               const QDateTime &to,
                                                               Rank rank = Rank::MostValues) const;

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
    // SQL form (no TimescaleDB) unless `timescale`; with MetricRollups::None, every raw value
    // in the range is read (what the rollups save, for benchmarks).
    static SqlStatement listSeriesStatement(MetricSource source);
    // The component series in one pass over the table: what listSeries() runs where no index
    // begins with (component_name, metric_name).
    static SqlStatement listSeriesByScanStatement(SqlEngine engine);
    static Result<SqlStatement> pointsStatement(SqlEngine engine, const SeriesRequest &request,
                                                bool timescale = false,
                                                MetricRollups rollups = MetricRollups::Bounded);

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
    // points()' statements: a chart's series read one after another with the same SQL.
    mutable PreparedStatements m_statements;
};

} // namespace porthole
