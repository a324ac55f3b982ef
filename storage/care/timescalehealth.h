#pragma once

#include "storageerror.h"

#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace porthole {

// Why a part of TimescaleDB's health has no rows.
enum class TimescaleGap
{
    None,         // read (possibly no rows: no hypertable, no job)
    NotAvailable, // this build of the extension lacks the view it is read from
    Failed,       // the read failed: DatabaseHealth::problems says why
};

// A hypertable and its chunks (timescaledb_information.hypertables and .chunks).
struct TimescaleHypertable
{
    QString schema;
    QString name;
    qint64 chunks = 0;
    qint64 compressedChunks = 0;
    bool compressionEnabled = false;
    // The time the chunks cover: from the first chunk's start to the last one's end. A
    // hypertable partitioned by an integer has the integer range instead; none: no chunk.
    QDateTime rangeStart;
    QDateTime rangeEnd;
    std::optional<qint64> rangeStartInteger;
    std::optional<qint64> rangeEndInteger;
    std::optional<qint64> bytes; // hypertable_size(): every chunk with its indexes

    friend bool operator==(const TimescaleHypertable &, const TimescaleHypertable &) = default;
};

// A continuous aggregate, its refresh policy and how far it is materialized.
struct TimescaleAggregate
{
    QString schema;
    QString name;
    QString hypertable; // the hypertable it aggregates
    // Its refresh policy's job (policy_refresh_continuous_aggregate); none: no policy.
    std::optional<int> policyJob;
    std::optional<double> scheduleSeconds;
    // The policy's window as its config states it ("30 days", "01:00:00"); empty: unbounded.
    QString startOffset;
    QString endOffset;
    // The watermark (_timescaledb_functions.cagg_watermark()): the aggregate holds the buckets
    // before it. Invalid: never materialized, or an integer time (watermarkInteger).
    QDateTime watermark;
    std::optional<qint64> watermarkInteger;
    bool materialized = false; // refreshed at least once

    friend bool operator==(const TimescaleAggregate &, const TimescaleAggregate &) = default;
};

// A background job (timescaledb_information.jobs with its job_stats and last job_errors row).
struct TimescaleJob
{
    int id = 0;
    QString proc;       // proc_schema.proc_name: "_timescaledb_functions.policy_compression"
    QString hypertable; // the hypertable (or continuous aggregate) it works on; empty: none
    std::optional<double> scheduleSeconds;
    bool scheduled = true;
    QDateTime lastRunStart; // invalid: never run
    QString lastRunStatus;  // "Success", "Failed"; empty: never run
    qint64 totalRuns = 0;
    qint64 totalFailures = 0;
    QDateTime nextStart;
    QString lastError; // the newest job_errors row's message; empty: none recorded
    QDateTime lastErrorAt;

    bool failing() const { return lastRunStatus == QLatin1String("Failed"); }

    friend bool operator==(const TimescaleJob &, const TimescaleJob &) = default;
};

// What an operator of a TimescaleDB database watches, read from the extension's own views:
//
//   part          from                                            at most
//   hypertables   timescaledb_information.hypertables, .chunks    maxTimescaleRows, by name
//                 (count, range, compressed), hypertable_size()
//   aggregates    timescaledb_information.continuous_aggregates,  maxTimescaleRows, by name
//                 their policy's job (.jobs config), the watermark
//                 (_timescaledb_functions.cagg_watermark)
//   jobs          timescaledb_information.jobs LEFT JOIN          maxTimescaleRows, failing
//                 .job_stats, the newest .job_errors row          first, then by id
//
// The totals count every row, beyond the ones listed. A part whose view this build lacks is
// NotAvailable; the others are still read.
inline constexpr qsizetype maxTimescaleRows = 50;

struct TimescaleHealth
{
    QString version; // the extension's, "2.23.0"

    QList<TimescaleHypertable> hypertables;
    qint64 hypertableCount = 0;
    qint64 chunkCount = 0;
    qint64 compressedChunkCount = 0;
    TimescaleGap hypertablesGap = TimescaleGap::None;

    QList<TimescaleAggregate> aggregates;
    qint64 aggregateCount = 0;
    TimescaleGap aggregatesGap = TimescaleGap::None;

    QList<TimescaleJob> jobs;
    qint64 jobCount = 0;
    qint64 failingJobCount = 0; // jobs whose last run failed
    TimescaleGap jobsGap = TimescaleGap::None;
    bool jobErrorsAvailable = false; // job_errors is there to tell the failures' messages

    // The earliest watermark of the materialized aggregates (with a time); invalid: none.
    QDateTime materializedTo() const;

    friend bool operator==(const TimescaleHealth &, const TimescaleHealth &) = default;
};

// TimescaleDB's health on a PostgreSQL connection; none when the database has no timescaledb
// extension (and on SQLite). Read-only; a part that fails adds its line to `problems` and has
// its gap.
std::optional<TimescaleHealth> readTimescaleHealth(const QSqlDatabase &db, QStringList &problems);

} // namespace porthole
