#include "timescalehealth.h"

#include "sqlsupport.h"

#include <QSqlQuery>

#include <limits>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// TimescaleDB's earliest timestamp (4714-11-24 BC in microseconds): the watermark of an
// aggregate that was never refreshed.
constexpr qint64 timescaleTimestampMin = -210866803200000000;

QDateTime optionalTime(const QVariant &value)
{
    return value.isNull() ? QDateTime() : timestampValue(value);
}

std::optional<qint64> optionalInteger(const QVariant &value)
{
    return value.isNull() ? std::nullopt : std::optional<qint64>(value.toLongLong());
}

std::optional<double> optionalDouble(const QVariant &value)
{
    return value.isNull() ? std::nullopt : std::optional<double>(value.toDouble());
}

// Which of the extension's views this build has.
struct TimescaleViews
{
    bool hypertables = false;
    bool chunks = false;
    bool aggregates = false;
    bool jobs = false;
    bool jobStats = false;
    bool jobErrors = false;
};

Result<TimescaleViews> availableViews(const QSqlDatabase &db)
{
    auto query = execQuery(
        db,
        u"SELECT to_regclass('timescaledb_information.hypertables') IS NOT NULL, "
        "to_regclass('timescaledb_information.chunks') IS NOT NULL, "
        "to_regclass('timescaledb_information.continuous_aggregates') IS NOT NULL "
        "AND to_regclass('_timescaledb_catalog.continuous_agg') IS NOT NULL "
        "AND to_regprocedure('_timescaledb_functions.cagg_watermark(integer)') IS NOT NULL, "
        "to_regclass('timescaledb_information.jobs') IS NOT NULL, "
        "to_regclass('timescaledb_information.job_stats') IS NOT NULL, "
        "to_regclass('timescaledb_information.job_errors') IS NOT NULL"_s,
        {}, u"Looking for TimescaleDB's views"_s);
    if (!query)
        return query.error();
    if (!query->next())
        return StorageError{StorageError::Kind::Internal, u"TimescaleDB's views: no row."_s};
    return TimescaleViews{.hypertables = query->value(0).toBool(),
                          .chunks = query->value(1).toBool(),
                          .aggregates = query->value(2).toBool(),
                          .jobs = query->value(3).toBool(),
                          .jobStats = query->value(4).toBool(),
                          .jobErrors = query->value(5).toBool()};
}

void readHypertables(const QSqlDatabase &db, const TimescaleViews &views, TimescaleHealth &health,
                     QStringList &problems)
{
    if (!views.hypertables || !views.chunks) {
        health.hypertablesGap = TimescaleGap::NotAvailable;
        return;
    }
    // The sizes outside the limited query: a function in its select list would be evaluated
    // for every hypertable before the sort keeps the first of them.
    auto query = execQuery(
        db,
        u"SELECT t.*, hypertable_size(format('%I.%I', t.hypertable_schema, "
        "t.hypertable_name)::regclass) FROM (SELECT h.hypertable_schema, h.hypertable_name, "
        "h.num_chunks, coalesce(c.compressed, 0), h.compression_enabled, c.first_start, "
        "c.last_end, c.first_start_integer, c.last_end_integer, count(*) OVER (), "
        "sum(h.num_chunks) OVER (), sum(coalesce(c.compressed, 0)) OVER () "
        "FROM timescaledb_information.hypertables h LEFT JOIN (SELECT hypertable_schema, "
        "hypertable_name, count(*) FILTER (WHERE is_compressed) AS compressed, "
        "min(range_start) AS first_start, max(range_end) AS last_end, "
        "min(range_start_integer) AS first_start_integer, "
        "max(range_end_integer) AS last_end_integer FROM timescaledb_information.chunks "
        "GROUP BY 1, 2) c USING (hypertable_schema, hypertable_name) "
        "ORDER BY h.hypertable_schema, h.hypertable_name LIMIT %1) t "
        "ORDER BY t.hypertable_schema, t.hypertable_name"_s.arg(maxTimescaleRows),
        {}, u"Reading TimescaleDB's hypertables"_s);
    if (!query) {
        health.hypertablesGap = TimescaleGap::Failed;
        problems << query.errorMessage();
        return;
    }
    while (query->next()) {
        health.hypertables.append({.schema = query->value(0).toString(),
                                   .name = query->value(1).toString(),
                                   .chunks = query->value(2).toLongLong(),
                                   .compressedChunks = query->value(3).toLongLong(),
                                   .compressionEnabled = query->value(4).toBool(),
                                   .rangeStart = optionalTime(query->value(5)),
                                   .rangeEnd = optionalTime(query->value(6)),
                                   .rangeStartInteger = optionalInteger(query->value(7)),
                                   .rangeEndInteger = optionalInteger(query->value(8)),
                                   .bytes = optionalInteger(query->value(12))});
        health.hypertableCount = query->value(9).toLongLong();
        health.chunkCount = query->value(10).toLongLong();
        health.compressedChunkCount = query->value(11).toLongLong();
    }
}

void readAggregates(const QSqlDatabase &db, const TimescaleViews &views, TimescaleHealth &health,
                    QStringList &problems)
{
    if (!views.aggregates) {
        health.aggregatesGap = TimescaleGap::NotAvailable;
        return;
    }
    // The watermark is in the raw hypertable's time: microseconds for a time type, the
    // integer itself for an integer one.
    const QString policy =
        views.jobs ? u"(SELECT j.job_id, extract(epoch FROM j.schedule_interval)::float8, "
                     "j.config->>'start_offset', j.config->>'end_offset' FROM "
                     "timescaledb_information.jobs j WHERE j.proc_name = "
                     "'policy_refresh_continuous_aggregate' AND (j.config->>'mat_hypertable_id')"
                     "::int = t.mat_hypertable_id ORDER BY j.job_id LIMIT 1)"_s
                   : u"(SELECT NULL::int, NULL::float8, NULL::text, NULL::text)"_s;
    auto query = execQuery(
        db,
        u"SELECT t.view_schema, t.view_name, t.hypertable_name, p.*, t.wm, "
        "t.column_type IN ('timestamptz'::regtype, 'timestamp'::regtype, 'date'::regtype), "
        "t.total FROM (SELECT ca.view_schema, ca.view_name, ca.hypertable_name, "
        "c.mat_hypertable_id, d.column_type, count(*) OVER () AS total, "
        "_timescaledb_functions.cagg_watermark(c.mat_hypertable_id) AS wm "
        "FROM timescaledb_information.continuous_aggregates ca "
        "JOIN _timescaledb_catalog.continuous_agg c ON c.user_view_schema = ca.view_schema "
        "AND c.user_view_name = ca.view_name LEFT JOIN LATERAL (SELECT column_type FROM "
        "_timescaledb_catalog.dimension WHERE hypertable_id = c.raw_hypertable_id ORDER BY id "
        "LIMIT 1) d ON true ORDER BY ca.view_schema, ca.view_name LIMIT %1) t "
        "LEFT JOIN LATERAL %2 p ON true ORDER BY t.view_schema, t.view_name"_s.arg(maxTimescaleRows)
            .arg(policy),
        {}, u"Reading TimescaleDB's continuous aggregates"_s);
    if (!query) {
        health.aggregatesGap = TimescaleGap::Failed;
        problems << query.errorMessage();
        return;
    }
    while (query->next()) {
        TimescaleAggregate aggregate{.schema = query->value(0).toString(),
                                     .name = query->value(1).toString(),
                                     .hypertable = query->value(2).toString(),
                                     .scheduleSeconds = optionalDouble(query->value(4)),
                                     .startOffset = query->value(5).toString(),
                                     .endOffset = query->value(6).toString()};
        if (!query->value(3).isNull())
            aggregate.policyJob = query->value(3).toInt();
        const qint64 watermark = query->value(7).toLongLong();
        const bool timeBased = query->value(8).toBool();
        aggregate.materialized = !query->value(7).isNull() &&
                                 (timeBased ? watermark > timescaleTimestampMin
                                            : watermark > std::numeric_limits<qint64>::min());
        if (aggregate.materialized && timeBased)
            aggregate.watermark = QDateTime::fromMSecsSinceEpoch(watermark / 1000, Qt::UTC);
        else if (aggregate.materialized)
            aggregate.watermarkInteger = watermark;
        health.aggregates.append(aggregate);
        health.aggregateCount = query->value(9).toLongLong();
    }
}

void readJobs(const QSqlDatabase &db, const TimescaleViews &views, TimescaleHealth &health,
              QStringList &problems)
{
    if (!views.jobs || !views.jobStats) {
        health.jobsGap = TimescaleGap::NotAvailable;
        return;
    }
    health.jobErrorsAvailable = views.jobErrors;
    const QString lastError =
        views.jobErrors ? u"(SELECT e.err_message, e.finish_time FROM "
                          "timescaledb_information.job_errors e WHERE e.job_id = t.job_id "
                          "ORDER BY e.start_time DESC LIMIT 1)"_s
                        : u"(SELECT NULL::text, NULL::timestamptz)"_s;
    // A job never run has its stats at -infinity: no time.
    auto query = execQuery(
        db,
        u"SELECT t.*, e.* FROM (SELECT j.job_id, j.proc_schema || '.' || j.proc_name, "
        "coalesce(j.hypertable_name, ''), extract(epoch FROM j.schedule_interval)::float8, "
        "j.scheduled, nullif(s.last_run_started_at, '-infinity'), "
        "coalesce(s.last_run_status, ''), coalesce(s.total_runs, 0), "
        "coalesce(s.total_failures, 0), nullif(coalesce(s.next_start, j.next_start), "
        "'-infinity'), count(*) OVER (), "
        "count(*) FILTER (WHERE s.last_run_status = 'Failed') OVER () "
        "FROM timescaledb_information.jobs j LEFT JOIN timescaledb_information.job_stats s "
        "ON s.job_id = j.job_id ORDER BY s.last_run_status = 'Failed' DESC NULLS LAST, "
        "j.job_id LIMIT %1) t LEFT JOIN LATERAL %2 e ON true "
        "ORDER BY t.job_id"_s.arg(maxTimescaleRows)
            .arg(lastError),
        {}, u"Reading TimescaleDB's jobs"_s);
    if (!query) {
        health.jobsGap = TimescaleGap::Failed;
        problems << query.errorMessage();
        return;
    }
    QList<TimescaleJob> failing;
    while (query->next()) {
        TimescaleJob job{.id = query->value(0).toInt(),
                         .proc = query->value(1).toString(),
                         .hypertable = query->value(2).toString(),
                         .scheduleSeconds = optionalDouble(query->value(3)),
                         .scheduled = query->value(4).toBool(),
                         .lastRunStart = optionalTime(query->value(5)),
                         .lastRunStatus = query->value(6).toString(),
                         .totalRuns = query->value(7).toLongLong(),
                         .totalFailures = query->value(8).toLongLong(),
                         .nextStart = optionalTime(query->value(9)),
                         .lastError = query->value(12).toString(),
                         .lastErrorAt = optionalTime(query->value(13))};
        health.jobCount = query->value(10).toLongLong();
        health.failingJobCount = query->value(11).toLongLong();
        (job.failing() ? failing : health.jobs).append(job);
    }
    // The failing ones first, as an operator reads them.
    health.jobs = failing + health.jobs;
}

} // namespace

QDateTime TimescaleHealth::materializedTo() const
{
    QDateTime earliest;
    for (const TimescaleAggregate &aggregate : aggregates)
        if (aggregate.watermark.isValid() &&
            (!earliest.isValid() || aggregate.watermark < earliest))
            earliest = aggregate.watermark;
    return earliest;
}

std::optional<TimescaleHealth> readTimescaleHealth(const QSqlDatabase &db, QStringList &problems)
{
    if (engineOf(db) != SqlEngine::PostgreSQL)
        return std::nullopt;
    auto version =
        execQuery(db, u"SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'"_s, {},
                  u"Looking for the timescaledb extension"_s);
    if (!version) {
        problems << version.errorMessage();
        return std::nullopt;
    }
    if (!version->next())
        return std::nullopt;
    TimescaleHealth health{.version = version->value(0).toString()};
    auto views = availableViews(db);
    if (!views) {
        problems << views.errorMessage();
        health.hypertablesGap = health.aggregatesGap = health.jobsGap = TimescaleGap::Failed;
        return health;
    }
    readHypertables(db, *views, health, problems);
    readAggregates(db, *views, health, problems);
    readJobs(db, *views, health, problems);
    return health;
}

} // namespace porthole
