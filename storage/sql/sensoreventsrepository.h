#pragma once

#include "exportsource.h"
#include "paging.h"
#include "sqltypes.h"
#include "storageerror.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QString>
#include <QVariant>

#include <memory>

namespace porthole {

// A sensor of the consumer's tables, with how many rows each table holds for it. The list of
// sensors counts each table's rows up to a cap, so that it comes at once however many rows a
// sensor has: a count at the cap with its flag set means "more than that".
struct SensorSummary
{
    // Where the sensors listing stops counting: at most this many index entries (and, on an
    // unvacuumed PostgreSQL table, rows) per sensor and table. 20 sensors of 50,000 rows: 2.6 ms
    // on SQLite and 7.7 ms on PostgreSQL, against 76 and 196 ms counting all; a cap of 10,000
    // was near or over the 100 ms target on a loaded machine (docs/BENCHMARKS.md).
    static constexpr qint64 countCap = 1000;

    QString sensorId;
    qint64 events = 0;          // processed_events rows, at most the cap
    qint64 metrics = 0;         // metrics rows, at most the cap
    bool eventsCapped = false;  // more processed_events rows than `events`
    bool metricsCapped = false; // more metrics rows than `metrics`

    // Whether the two counts are known to differ (two capped counts may or may not).
    bool countsDiffer() const
    {
        return eventsCapped != metricsCapped || (!eventsCapped && events != metrics);
    }
};

// A processed_events row, and whether a metrics row has its event_id.
struct ProcessedEventRow
{
    QString eventId;
    QString sensorId;
    QDateTime processedAt;
    QString orderKey; // its place in the listing's order, for the page key (SQLite: its rowid;
                      // PostgreSQL: processed_at as text, with its microseconds)
    QVariant kafkaPartition; // null when the consumer did not record it
    QVariant kafkaOffset;
    bool hasMetric = false;
};

// A metrics row with what the seed's validation queries would say about it.
struct SensorMetricRow
{
    qint64 id = 0;
    QString sensorId;
    QString eventId;
    QDateTime timestamp;
    double value = 0;
    QDateTime createdAt;
    QDateTime processedAt; // of the processed_events row with its event_id; invalid: none
    bool hasEvent = false; // a processed_events row has its event_id
    qint64 copies = 1;     // metrics rows with its event_id (more than one: a duplicate)
    // The sensor's previous reading in arrival order (by id), and whether this one's timestamp
    // lies before it: the per-sensor ordering the consumer expects was broken here.
    QDateTime previousTimestamp;
    bool goesBackwards = false;

    bool hasFinding() const { return !hasEvent || copies > 1 || goesBackwards; }
};

// What the Sensor events pane lists, and what `porthole export` writes of the two tables.
struct SensorEventFilter
{
    QString sensorId;        // empty: every sensor
    QString eventIdContains; // any case
    bool findingsOnly = false;
    // The rows' time: processed_events.processed_at, metrics.timestamp (the reading's); from
    // included, to excluded; invalid: no bound. Compared as times, whatever text form a
    // pipeline's SQLite file holds them in.
    QDateTime from;
    QDateTime to;
};

// Reads the sensor consumer's two tables as seed 003 defines them (processed_events, the
// idempotency guard, and metrics, the readings), using only the seed's own columns and indexes,
// so that it reads a pipeline's database Porthole did not create.
//
// | listing          | order (keyset)                   | finding                              |
// |------------------|----------------------------------|--------------------------------------|
// | sensors          | sensor_id                        | (counts of both tables, capped)      |
// | processed events | as recorded: SQLite's rowid,     | no metrics row with its event_id     |
// |                  | PostgreSQL's processed_at,       |                                      |
// |                  | event_id                         |                                      |
// | metrics          | id (the order rows were stored)  | no processed_events row; its         |
// |                  |                                  | event_id more than once; a timestamp |
// |                  |                                  | before the sensor's previous one     |
//
// Every listing reads forwards or backwards (PageRequest); values are bound, never spliced.
class SensorEventsRepository
{
public:
    explicit SensorEventsRepository(QSqlDatabase db);

    // Each sensor's counts stop at `countUpTo` (see SensorSummary).
    Result<Page<SensorSummary>> sensors(const PageRequest &request,
                                        qint64 countUpTo = SensorSummary::countCap) const;
    Result<Page<SensorSummary>> sensorsInRange(const KeyRange &range, int limit,
                                               qint64 countUpTo = SensorSummary::countCap) const;
    Result<RowCount> sensorCount() const;

    Result<Page<ProcessedEventRow>> events(const SensorEventFilter &filter,
                                           const PageRequest &request) const;
    Result<Page<ProcessedEventRow>> eventsInRange(const SensorEventFilter &filter,
                                                  const KeyRange &range, int limit) const;
    Result<RowCount> eventCount(const SensorEventFilter &filter, qint64 exactUpTo = 100000) const;

    Result<Page<SensorMetricRow>> metrics(const SensorEventFilter &filter,
                                          const PageRequest &request) const;
    Result<Page<SensorMetricRow>> metricsInRange(const SensorEventFilter &filter,
                                                 const KeyRange &range, int limit) const;
    Result<RowCount> metricCount(const SensorEventFilter &filter, qint64 exactUpTo = 100000) const;

    // Page keys: (sensor_id, sensor_id), (orderKey, event_id), (id, id).
    static PageKey keyOf(const SensorSummary &sensor);
    static PageKey keyOf(const ProcessedEventRow &event);
    static PageKey keyOf(const SensorMetricRow &metric);

private:
    SqlEngine m_engine;
    QSqlDatabase m_db;
};

// File > Export of the two listings as the pane shows them (filter and order), with a column
// that names each row's findings.
std::shared_ptr<const ExportSource> processedEventsExport(const SensorEventFilter &filter);
std::shared_ptr<const ExportSource> sensorMetricsExport(const SensorEventFilter &filter);

} // namespace porthole
