#include "metricsrepository.h"

#include "backlogseries.h"
#include "metricseriestable.h"
#include "sqlerror.h"
#include "sqlsupport.h"

#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace porthole {

Result<SeriesTable> tableOf(const MetricSeries &series)
{
    switch (series.source) {
    case MetricSource::Component:
        if (Status name = checkName(series.name, u"metric name"_s); !name)
            return name.error();
        return SeriesTable{u"component_metrics"_s, u"component_name"_s, u"metric_name"_s,
                           u"metric_value"_s};
    case MetricSource::Port:
        if (!MetricsRepository::portCounters().contains(series.name))
            return StorageError::invalidArgument(
                u"'%1' is not a port counter; use one of %2."_s.arg(
                    series.name, MetricsRepository::portCounters().join(u", "_s)));
        return SeriesTable{u"port_metrics"_s, u"port_name"_s, QString(), series.name};
    case MetricSource::Sensor:
        if (!series.name.isEmpty())
            return StorageError::invalidArgument(
                u"A sensor series has no name, but '%1' was given."_s.arg(series.name));
        return SeriesTable{u"metrics"_s, u"sensor_id"_s, QString(), u"value"_s};
    case MetricSource::Check:
        if (!MetricsRepository::checkNames().contains(series.owner) || !series.name.isEmpty())
            return StorageError::invalidArgument(u"'%1' is not a check; use one of %2."_s.arg(
                series.owner, MetricsRepository::checkNames().join(u", "_s)));
        return SeriesTable{u"metrics"_s, QString(), QString(), QString()};
    case MetricSource::Ingest:
        if (series != MetricsRepository::ingestRate())
            return StorageError::invalidArgument(
                u"The ingest series is '%1' with no name, not '%2' '%3'."_s.arg(
                    MetricsRepository::ingestRate().owner, series.owner, series.name));
        return SeriesTable{u"messages"_s, QString(), QString(), QString()};
    case MetricSource::DeadLetters:
        if (series != MetricsRepository::deadLetterRate())
            return StorageError::invalidArgument(
                u"The dead-letter series is '%1' with no name, not '%2' '%3'."_s.arg(
                    MetricsRepository::deadLetterRate().owner, series.owner, series.name));
        return SeriesTable{u"dead_letter_queue"_s, QString(), QString(), QString()};
    case MetricSource::Backlog: // BacklogSeries reads these
        return StorageError::invalidArgument(u"A backlog series is read by BacklogSeries."_s);
    }
    return StorageError{StorageError::Kind::Internal, u"Unknown metric source."_s};
}

MetricsRepository::MetricsRepository(const QSqlDatabase &db)
    : m_db(db)
    , m_engine(engineOf(m_db))
    , m_componentMetrics(u"component_metrics"_s, {{u"metric_unit"_s, u"NULL"_s}})
    , m_statements(db)
{}

const QStringList &MetricsRepository::checkNames()
{
    static const QStringList names{u"ingestion_rate"_s, u"consumer_lag"_s, u"duplicate_event_ids"_s,
                                   u"backwards_timestamps"_s};
    return names;
}

MetricSeries MetricsRepository::ingestRate()
{
    return {MetricSource::Ingest, u"ingest_rate"_s, QString()};
}

MetricSeries MetricsRepository::deadLetterRate()
{
    return {MetricSource::DeadLetters, u"dead_letters"_s, QString()};
}

bool MetricsRepository::alwaysBucketed(MetricSource source)
{
    return source == MetricSource::Check || source == MetricSource::Ingest ||
           source == MetricSource::DeadLetters;
}

const QStringList &MetricsRepository::portCounters()
{
    static const QStringList counters{u"messages_sent"_s,        u"messages_received"_s,
                                      u"avg_send_duration_ms"_s, u"avg_receive_duration_ms"_s,
                                      u"avg_message_age_ms"_s,   u"buffer_utilization"_s};
    return counters;
}

SqlStatement MetricsRepository::listSeriesStatement(MetricSource source)
{
    // One text serves both engines: recursive CTEs, scalar subqueries and LIMIT are common
    // ground.
    switch (source) {
    case MetricSource::Component:
        // Components by a skip scan, then each component's metric names by a skip scan over
        // (component_name, metric_name, timestamp).
        return {
            u"WITH RECURSIVE "_s +
                distinctValuesCte(u"components"_s, u"component_metrics"_s, u"component_name"_s) +
                u", series(owner, name) AS ("
                "SELECT c.value, CAST((SELECT m.metric_name FROM component_metrics m "
                "WHERE m.component_name = c.value ORDER BY m.metric_name LIMIT 1) AS TEXT) "
                "FROM components c WHERE c.value IS NOT NULL "
                "UNION ALL "
                "SELECT s.owner, CAST((SELECT m.metric_name FROM component_metrics m "
                "WHERE m.component_name = s.owner AND m.metric_name > s.name "
                "ORDER BY m.metric_name LIMIT 1) AS TEXT) "
                "FROM series s WHERE s.name IS NOT NULL) "
                "SELECT owner, name FROM series WHERE name IS NOT NULL ORDER BY owner, name"_s,
            {}};
    case MetricSource::Port:
        return {u"WITH RECURSIVE "_s +
                    distinctValuesCte(u"ports"_s, u"port_metrics"_s, u"port_name"_s) +
                    u" SELECT value FROM ports WHERE value IS NOT NULL ORDER BY value"_s,
                {}};
    case MetricSource::Sensor:
        return {u"WITH RECURSIVE "_s +
                    distinctValuesCte(u"sensors"_s, u"metrics"_s, u"sensor_id"_s) +
                    u" SELECT value FROM sensors WHERE value IS NOT NULL ORDER BY value"_s,
                {}};
    case MetricSource::Check:
        // Whether there is a reading at all, by one index entry.
        return {u"SELECT sensor_id FROM metrics ORDER BY sensor_id LIMIT 1"_s, {}};
    case MetricSource::Ingest: // always there, if only to show that nothing came in
        return {u"SELECT 1"_s, {}};
    case MetricSource::DeadLetters: // whether there is one at all
        return {u"SELECT 1 FROM dead_letter_queue LIMIT 1"_s, {}};
    case MetricSource::Backlog: // BacklogSeries::listSeries()
        break;
    }
    return {};
}

SqlStatement MetricsRepository::listSeriesByScanStatement(SqlEngine engine)
{
    // SQLite would walk the component index and look each row up: reading the table in its
    // own order is a third faster (2.2 s against 2.9 s for 2,000,000 rows).
    return {u"SELECT DISTINCT component_name, metric_name FROM component_metrics%1 "
            "WHERE component_name IS NOT NULL AND metric_name IS NOT NULL "
            "ORDER BY component_name, metric_name"_s.arg(
                engine == SqlEngine::SQLite ? u" NOT INDEXED"_s : QString()),
            {}};
}

Result<QList<MetricSeries>> MetricsRepository::listSeries(MetricSource source) const
{
    if (source == MetricSource::Backlog)
        return BacklogSeries(m_db).listSeries();
    // The skip scan asks an index on (component_name, metric_name) for each next name. A
    // pipeline's own database has none (seed 001 indexes each alone, or with the time): there
    // each step would sort a component's rows, and one pass over the table is far cheaper.
    const bool scan =
        source == MetricSource::Component &&
        !hasIndexOn(m_db, u"component_metrics"_s, {u"component_name"_s, u"metric_name"_s});
    const SqlStatement statement =
        scan ? listSeriesByScanStatement(m_engine) : listSeriesStatement(source);
    auto query = execQuery(m_db, statement.sql, statement.params, u"Listing metric series"_s);
    if (!query)
        return query.error();
    QList<MetricSeries> series;
    while (query->next()) {
        const QString owner = query->value(0).toString();
        switch (source) {
        case MetricSource::Component:
            series.append({source, owner, query->value(1).toString()});
            break;
        case MetricSource::Port:
            for (const QString &counter : portCounters())
                series.append({source, owner, counter});
            break;
        case MetricSource::Sensor:
            series.append({source, owner, QString()});
            break;
        case MetricSource::Check: // there are readings to check
            for (const QString &check : checkNames())
                series.append({source, check, QString()});
            break;
        case MetricSource::Ingest:
            series.append(ingestRate());
            break;
        case MetricSource::DeadLetters:
            series.append(deadLetterRate());
            break;
        case MetricSource::Backlog:
            break;
        }
    }
    return series;
}

Result<QList<MetricSeries>> MetricsRepository::listAllSeries() const
{
    QList<MetricSeries> all;
    // The sources whose table the database has (a pipeline's own may have only some).
    for (const auto &[source, table] :
         {std::pair{MetricSource::Component, u"component_metrics"_s},
          std::pair{MetricSource::Port, u"port_metrics"_s},
          std::pair{MetricSource::Sensor, u"metrics"_s},
          std::pair{MetricSource::Check, u"metrics"_s},
          std::pair{MetricSource::Ingest, u"messages"_s},
          std::pair{MetricSource::DeadLetters, u"dead_letter_queue"_s},
          std::pair{MetricSource::Backlog, u"backlog_samples"_s}}) {
        if (!hasTable(m_db, table))
            continue;
        auto series = listSeries(source);
        if (!series)
            return series.error();
        all += *series;
    }
    return all;
}

SqlStatement MetricsRepository::checkStatement(SqlEngine engine, const SeriesRequest &request)
{
    const bool sqlite = engine == SqlEngine::SQLite;
    const qint64 width = checkBucketSeconds(request.bucketSeconds);
    // julianday() is a day count in a double, good to some 10 µs: rounded to the ms the
    // times were kept with.
    const QString seconds =
        sqlite ? u"round((julianday(t.created_at) - julianday(t.timestamp)) * 86400000.0) "
                 "/ 1000.0"_s
               : u"extract(epoch FROM (t.created_at - t.timestamp))"_s;
    const QString older = sqlite ? u"julianday(t.timestamp) < julianday(LAG(t.timestamp) OVER "
                                   "(PARTITION BY t.sensor_id ORDER BY t.id))"_s
                                 : u"t.timestamp < LAG(t.timestamp) OVER "
                                   "(PARTITION BY t.sensor_id ORDER BY t.id)"_s;
    QString value;
    QString aggregates;
    const QString check = request.series.owner;
    if (check == u"ingestion_rate"_s) {
        value = u"1"_s;
        const QString rate = u"count(*) * 60.0 / %1"_s.arg(width);
        aggregates = u"%1, %1, %1, count(*)"_s.arg(rate);
    } else if (check == u"consumer_lag"_s) {
        value = seconds;
        aggregates = u"avg(v), min(v), max(v), count(*)"_s;
    } else {
        value = check == u"duplicate_event_ids"_s
                    ? u"CASE WHEN EXISTS (SELECT 1 FROM metrics d WHERE d.event_id = t.event_id "
                      "AND d.id <> t.id) THEN 1 ELSE 0 END"_s
                    : u"CASE WHEN %1 THEN 1 ELSE 0 END"_s.arg(older);
        aggregates = u"sum(v), sum(v), sum(v), count(*)"_s;
    }
    const QVariantList range{timestampParam(request.from, engine),
                             timestampParam(request.to, engine), qint64(request.limit) + 1};
    if (sqlite)
        return SqlStatement{
            u"SELECT b, %1 FROM (SELECT e - ((e % ?) + ?) % ? AS b, v FROM ("
            "SELECT unixepoch(t.created_at) AS e, CAST(%2 AS REAL) AS v FROM metrics t "
            "WHERE t.created_at >= ? AND t.created_at < ?) WHERE e IS NOT NULL) "
            "GROUP BY b ORDER BY b LIMIT ?"_s.arg(aggregates, value),
            QVariantList{width, width, width} + range};
    return SqlStatement{
        u"SELECT CAST(extract(epoch FROM b) AS bigint), %1 FROM ("
        "SELECT date_bin(make_interval(secs => ?), t.created_at, "
        "TIMESTAMPTZ '1970-01-01 00:00:00+00') AS b, CAST(%2 AS double precision) AS v "
        "FROM metrics t WHERE t.created_at >= ? AND t.created_at < ?) s "
        "GROUP BY b ORDER BY b LIMIT ?"_s.arg(aggregates, value),
        QVariantList{width} + range};
}

SqlStatement MetricsRepository::ingestStatement(SqlEngine engine, const SeriesRequest &request)
{
    const qint64 width = checkBucketSeconds(request.bucketSeconds);
    const QString rate = u"count(*) * 60.0 / %1"_s.arg(width);
    const QString aggregates = u"%1, %1, %1, count(*)"_s.arg(rate);
    // Messages from batch files (batch_id set) were imported, not ingested.
    const QString stored = u"SELECT m.timestamp AS at FROM messages m "
                           "WHERE m.timestamp >= ? AND m.timestamp < ? AND m.batch_id IS NULL "
                           "UNION ALL SELECT d.stored_at FROM ingest_deliveries d "
                           "WHERE d.stored_at >= ? AND d.stored_at < ?"_s;
    const QVariant from = timestampParam(request.from, engine);
    const QVariant to = timestampParam(request.to, engine);
    const QVariantList range{from, to, from, to, qint64(request.limit) + 1};
    if (engine == SqlEngine::SQLite)
        return SqlStatement{u"SELECT b, %1 FROM (SELECT e - ((e % ?) + ?) % ? AS b FROM ("
                            "SELECT unixepoch(t.at) AS e FROM (%2) t) WHERE e IS NOT NULL) "
                            "GROUP BY b ORDER BY b LIMIT ?"_s.arg(aggregates, stored),
                            QVariantList{width, width, width} + range};
    return SqlStatement{u"SELECT CAST(extract(epoch FROM b) AS bigint), %1 FROM ("
                        "SELECT date_bin(make_interval(secs => ?), t.at, "
                        "TIMESTAMPTZ '1970-01-01 00:00:00+00') AS b FROM (%2) t) s "
                        "GROUP BY b ORDER BY b LIMIT ?"_s.arg(aggregates, stored),
                        QVariantList{width} + range};
}

SqlStatement MetricsRepository::deadLetterStatement(SqlEngine engine, const SeriesRequest &request)
{
    const qint64 width = checkBucketSeconds(request.bucketSeconds);
    const QString rate = u"count(*) * 60.0 / %1"_s.arg(width);
    const QString aggregates = u"%1, %1, %1, count(*)"_s.arg(rate);
    const QVariantList range{timestampParam(request.from, engine),
                             timestampParam(request.to, engine), qint64(request.limit) + 1};
    // The view's condition is the partial index idx_port_messages_dead_letter's (created_at).
    if (engine == SqlEngine::SQLite)
        return SqlStatement{u"SELECT b, %1 FROM (SELECT e - ((e % ?) + ?) % ? AS b FROM ("
                            "SELECT unixepoch(t.created_at) AS e FROM dead_letter_queue t "
                            "WHERE t.created_at >= ? AND t.created_at < ?) WHERE e IS NOT NULL) "
                            "GROUP BY b ORDER BY b LIMIT ?"_s.arg(aggregates),
                            QVariantList{width, width, width} + range};
    return SqlStatement{u"SELECT CAST(extract(epoch FROM b) AS bigint), %1 FROM ("
                        "SELECT date_bin(make_interval(secs => ?), t.created_at, "
                        "TIMESTAMPTZ '1970-01-01 00:00:00+00') AS b FROM dead_letter_queue t "
                        "WHERE t.created_at >= ? AND t.created_at < ?) s "
                        "GROUP BY b ORDER BY b LIMIT ?"_s.arg(aggregates),
                        QVariantList{width} + range};
}

Result<bool> MetricsRepository::hasTimescale() const
{
    if (m_engine == SqlEngine::SQLite)
        return false;
    if (!m_timescale) {
        auto query = execQuery(
            m_db, u"SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb')"_s, {},
            u"Looking for the timescaledb extension"_s);
        if (!query)
            return query.error();
        m_timescale = query->next() && query->value(0).toBool();
    }
    return *m_timescale;
}

Result<SeriesPoints> MetricsRepository::points(const SeriesRequest &request) const
{
    if (request.series.source == MetricSource::Backlog)
        return BacklogSeries(m_db).points(request);
    auto timescale = hasTimescale();
    if (!timescale)
        return timescale.error();
    // On PostgreSQL a series' statement is planned once for every series a request reads
    // (preparedstatements.h), not at each, except where TimescaleDB picks a hypertable's
    // chunks by the times it is planned for.
    m_statements.setGenericPlans(!*timescale);
    // Without Porthole's rollups (a pipeline's database attached read-only) every bucket is
    // made from the raw values.
    const MetricRollups rollups =
        !hasTable(m_db,
                  m_engine == SqlEngine::SQLite ? u"metric_rollups"_s : u"metric_rollup_rows"_s)
            ? MetricRollups::None
        : hasTable(m_db, u"metric_rollup_state"_s) ? MetricRollups::Bounded
                                                   : MetricRollups::Whole;
    auto statement = pointsStatement(m_engine, request, *timescale, rollups);
    if (!statement)
        return statement.error();
    SeriesPoints result;
    // Buckets when asked for, and always for a check's.
    const bool raw = request.bucketSeconds == 0 && !alwaysBucketed(request.series.source);
    const Status read = m_statements.run(
        statement->sql, statement->params,
        u"Reading the series %1 %2"_s.arg(request.series.owner, request.series.name).trimmed(),
        [&result, &request, raw](QSqlQuery &query) {
            while (query.next()) {
                if (result.points.size() == request.limit) {
                    result.truncated = true;
                    break;
                }
                result.points.append(seriesPointOf(query, raw));
            }
        });
    if (!read)
        return read.error();
    return result;
}

Result<QString> MetricsRepository::unitOf(const MetricSeries &series) const
{
    // A pipeline's own table (seed 001) has no unit column: nothing to read.
    if (series.source != MetricSource::Component ||
        !columnNames(m_db, u"component_metrics"_s).contains(u"metric_unit"_s, Qt::CaseInsensitive))
        return QString();
    auto query = execQuery(m_db,
                           u"SELECT metric_unit FROM %1 "
                           "WHERE component_name = ? AND metric_name = ? "
                           "ORDER BY timestamp DESC LIMIT 1"_s.arg(m_componentMetrics.from(m_db)),
                           {series.owner, series.name},
                           u"Reading the unit of %1 %2"_s.arg(series.owner, series.name));
    if (!query)
        return query.error();
    return query->next() ? query->value(0).toString() : QString();
}

Result<std::optional<std::pair<QDateTime, QDateTime>>>
MetricsRepository::extent(const MetricSeries &series) const
{
    if (series.source == MetricSource::Backlog)
        return BacklogSeries(m_db).extent(series);
    if (Status owner = checkName(series.owner, u"series owner"_s); !owner)
        return owner.error();
    auto table = tableOf(series);
    if (!table)
        return table.error();
    // Where the series' times are: a check's series runs over every reading stored; the
    // ingest rate over the messages the worker wrote and the other deliveries it stored.
    struct Times
    {
        QString table;
        QString column;
        QString where;
        QVariantList params;
    };
    QList<Times> sources;
    if (series.source == MetricSource::Check) {
        sources.append({u"metrics"_s, u"created_at"_s, u"1 = 1"_s, {}});
    } else if (series.source == MetricSource::Ingest) {
        sources.append({u"messages"_s, u"timestamp"_s, u"batch_id IS NULL"_s, {}});
        sources.append({u"ingest_deliveries"_s, u"stored_at"_s, u"1 = 1"_s, {}});
    } else if (series.source == MetricSource::DeadLetters) {
        sources.append({u"dead_letter_queue"_s, u"created_at"_s, u"1 = 1"_s, {}});
    } else {
        Times times{
            table->table, u"timestamp"_s, u"%1 = ?"_s.arg(table->ownerColumn), {series.owner}};
        if (!table->nameColumn.isEmpty()) {
            times.where += u" AND %1 = ?"_s.arg(table->nameColumn);
            times.params << series.name;
        }
        times.where += u" AND %1 IS NOT NULL"_s.arg(table->valueColumn);
        sources.append(times);
    }
    QDateTime ends[2];
    for (const Times &times : std::as_const(sources)) {
        if (!hasTable(m_db, times.table))
            continue;
        for (int i = 0; i < 2; ++i) {
            auto query = execQuery(
                m_db,
                u"SELECT %1 FROM %2 WHERE %3 ORDER BY %1 %4 LIMIT 1"_s.arg(
                    times.column, times.table, times.where, i == 0 ? u"ASC"_s : u"DESC"_s),
                times.params,
                u"Reading the time range of %1 %2"_s.arg(series.owner, series.name).trimmed());
            if (!query)
                return query.error();
            if (!query->next())
                break;
            const QDateTime time = timestampValue(query->value(0));
            if (!ends[i].isValid() || (i == 0 ? time < ends[i] : time > ends[i]))
                ends[i] = time;
        }
    }
    if (!ends[0].isValid())
        return std::optional<std::pair<QDateTime, QDateTime>>();
    return std::optional(std::pair{ends[0], ends[1]});
}

Result<std::optional<MetricSeries>>
MetricsRepository::busiestComponentMetric(const QStringList &metricNames, const QDateTime &from,
                                          const QDateTime &to, Rank rank) const
{
    if (metricNames.isEmpty() || !from.isValid() || !to.isValid() || from >= to)
        return std::optional<MetricSeries>();
    QVariantList params;
    QStringList marks;
    for (const QString &name : metricNames) {
        if (Status checked = checkName(name, u"metric name"_s); !checked)
            return checked.error();
        params << name;
        marks << u"?"_s;
    }
    params << timestampParam(from, m_engine) << timestampParam(to, m_engine);
    // By (metric_name, timestamp): the seed's index on both engines.
    auto query = execQuery(
        m_db,
        u"SELECT component_name, metric_name, %2 AS n "
        "FROM component_metrics WHERE metric_name IN (%1) "
        "AND timestamp >= ? AND timestamp < ? "
        "GROUP BY component_name, metric_name "
        "ORDER BY n DESC, component_name, metric_name LIMIT 1"_s.arg(
            marks.join(u", "_s), rank == Rank::MostValues ? u"count(*)"_s : u"max(metric_value)"_s),
        params, u"Finding the busiest component"_s);
    if (!query)
        return query.error();
    if (!query->next())
        return std::optional<MetricSeries>();
    return std::optional(MetricSeries{MetricSource::Component, query->value(0).toString(),
                                      query->value(1).toString()});
}

} // namespace porthole
