#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

namespace porthole {

// What MetricsRepository writes and reads: the rows of the metric tables, the series the
// console charts and their points. Values only: no SQL here.

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
    // When it was stored (metrics.created_at, UTC); invalid: the time of writing (the table's
    // default). Given for all the readings of one insert or for none.
    QDateTime storedAt;

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
    // A backlog's figure from the backlog history (backlog_samples, read by BacklogSeries):
    // owner = the backlog's source (stream, list, port), name = "<kind>/<figure>", and for a
    // consumer group "/<group>" after it (backlogseries.h).
    Backlog,
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

} // namespace porthole

Q_DECLARE_METATYPE(porthole::MetricSeries)
