#include "alertsignals.h"

#include "healthrepository.h"
#include "portmessagerepository.h"
#include "sqlsupport.h"

#include <QSqlQuery>

#include <chrono>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

QDateTime windowStart(const AlertRule &rule, const QDateTime &now)
{
    return now.addSecs(-rule.window.count());
}

QString aggregateOf(AlertReduce reduce)
{
    switch (reduce) {
    case AlertReduce::Min:
        return u"min"_s;
    case AlertReduce::Max:
        return u"max"_s;
    case AlertReduce::Average:
    case AlertReduce::Last:
        break;
    }
    return u"avg"_s;
}

// A rule about one named subject always reports it, without a value when the source had none.
QList<AlertReading> withNamed(QList<AlertReading> readings, const QString &subject)
{
    if (!subject.isEmpty() && readings.isEmpty())
        readings.append({.subject = subject, .value = std::nullopt});
    return readings;
}

// A health figure that is not there: no reading where the engine has no such thing, else an
// error that says why, so that the rule's failure is seen rather than mistaken for calm.
Result<QList<AlertReading>> gapReadings(const AlertRule &rule, HealthGap gap,
                                        const DatabaseHealth &health)
{
    switch (gap) {
    case HealthGap::None:
    case HealthGap::NotApplicable:
        return QList<AlertReading>{};
    case HealthGap::NeedsMonitorRole:
        return StorageError::invalidArgument(
            u"The alert rule \"%1\" needs what PostgreSQL shows only to the pg_monitor role (or "
            "pg_read_all_stats); grant it to Porthole's role."_s.arg(rule.id));
    case HealthGap::ServerElsewhere:
        return StorageError::invalidArgument(
            u"The alert rule \"%1\" watches the database's disk, which cannot be seen from "
            "here: the server runs on another machine."_s.arg(rule.id));
    case HealthGap::TooLarge:
    case HealthGap::NotSupported:
    case HealthGap::Failed:
        break;
    }
    return StorageError{
        StorageError::Kind::Internal,
        u"The alert rule \"%1\" has no value: %2"_s.arg(rule.id, health.problems.join(u"; "_s))};
}

QList<AlertReading> oneReading(std::optional<double> value)
{
    return {{.subject = {}, .value = value}};
}

} // namespace

std::optional<double> backlogDrainValue(const BacklogTrend &trend)
{
    switch (trend.course) {
    case BacklogCourse::Unknown:
        return std::nullopt;
    case BacklogCourse::Empty:
    case BacklogCourse::Steady:
        return 0.0;
    case BacklogCourse::Growing:
        return backlogNeverDrainsSeconds;
    case BacklogCourse::Draining:
        return std::min(trend.drainSeconds.value_or(backlogNeverDrainsSeconds),
                        backlogNeverDrainsSeconds);
    }
    return std::nullopt;
}

QString backlogAlertSubject(const BacklogKey &key)
{
    const QString name = key.group.isEmpty() ? key.source : key.source + u'/' + key.group;
    return backlogKindName(key.kind) + u' ' + name;
}

std::optional<BacklogKey> backlogOfAlertSubject(const QString &subject)
{
    const qsizetype space = subject.indexOf(u' ');
    const auto kind = backlogKindOf(subject.left(space));
    if (space < 0 || !kind)
        return std::nullopt;
    BacklogKey key{*kind, subject.mid(space + 1), u""_s};
    if (*kind == BacklogKind::Group || *kind == BacklogKind::Receiver) {
        const qsizetype slash = key.source.lastIndexOf(u'/');
        if (slash < 0)
            return std::nullopt;
        key.group = key.source.mid(slash + 1);
        key.source.truncate(slash);
    }
    return key;
}

AlertSignals::AlertSignals(QSqlDatabase db)
    : m_db(std::move(db))
    , m_engine(engineOf(m_db))
{}

QString AlertSignals::tableRead(AlertKind kind)
{
    switch (kind) {
    case AlertKind::DeadLetterGrowth:
        return u"port_messages"_s;
    case AlertKind::HeartbeatAge:
    case AlertKind::ComponentStatus:
        return u"system_health"_s;
    case AlertKind::MetricThreshold:
        return u"component_metrics"_s;
    case AlertKind::BacklogNotDraining:
        return u"backlog_samples"_s;
    // Every kind is named, so that the compiler asks about a new one here too.
    case AlertKind::DatabaseFreeSpace:
    case AlertKind::DatabaseConnections:
    case AlertKind::LongTransactions:
    case AlertKind::IdleInTransaction:
    case AlertKind::ReplicationLag:
    case AlertKind::GroupLag:
    case AlertKind::PendingAge:
    case AlertKind::IngestStopped:
    case AlertKind::IngestErrorRate:
    case AlertKind::BatchIntegrity:
    case AlertKind::TimescaleJobFailing:
        break;
    }
    return {};
}

bool AlertSignals::readsDatabase(AlertKind kind)
{
    switch (kind) {
    case AlertKind::DeadLetterGrowth:
    case AlertKind::HeartbeatAge:
    case AlertKind::ComponentStatus:
    case AlertKind::MetricThreshold:
    case AlertKind::DatabaseFreeSpace:
    case AlertKind::DatabaseConnections:
    case AlertKind::LongTransactions:
    case AlertKind::IdleInTransaction:
    case AlertKind::ReplicationLag:
    case AlertKind::BacklogNotDraining:
    case AlertKind::TimescaleJobFailing:
        return true;
    case AlertKind::GroupLag:
    case AlertKind::PendingAge:
    case AlertKind::IngestStopped:
    case AlertKind::IngestErrorRate:
    case AlertKind::BatchIntegrity:
        break;
    }
    return false;
}

double AlertSignals::statusLevel(const QString &status)
{
    if (status == u"unhealthy"_s)
        return 2;
    if (status == u"degraded"_s)
        return 1;
    return 0;
}

Result<QList<AlertReading>> AlertSignals::read(const AlertRule &rule, const QDateTime &now) const
{
    switch (rule.kind) {
    case AlertKind::DeadLetterGrowth: {
        auto added = deadLettersAdded(windowStart(rule, now), now);
        if (!added)
            return added.error();
        return QList<AlertReading>{{.subject = {}, .value = double(*added)}};
    }
    case AlertKind::HeartbeatAge:
        return heartbeatAges(rule.component, now,
                             std::chrono::milliseconds(qint64(rule.threshold * 1000)));
    case AlertKind::ComponentStatus:
        return componentStatuses(rule.component);
    case AlertKind::MetricThreshold:
        return metricValues(rule.component, rule.metric, rule.reduce, windowStart(rule, now), now);
    case AlertKind::DatabaseFreeSpace:
    case AlertKind::DatabaseConnections:
    case AlertKind::LongTransactions:
    case AlertKind::IdleInTransaction:
    case AlertKind::ReplicationLag:
        return healthReadings(rule, now);
    case AlertKind::BacklogNotDraining:
        return backlogDrainTimes(now);
    case AlertKind::TimescaleJobFailing:
        return timescaleJobReadings(rule);
    case AlertKind::GroupLag:
    case AlertKind::PendingAge:
    case AlertKind::IngestStopped:
    case AlertKind::IngestErrorRate:
    case AlertKind::BatchIntegrity:
        break;
    }
    return StorageError::invalidArgument(
        u"The alert rule \"%1\" watches %2, which the database does not hold; its values come "
        "from Redis, the ingest worker or the batch files."_s.arg(rule.id,
                                                                  alertKindName(rule.kind)));
}

Result<QList<AlertReading>> AlertSignals::healthReadings(const AlertRule &rule,
                                                         const QDateTime &now) const
{
    DatabaseHealthOptions options{.tables = false, .timescale = false};
    if (rule.kind == AlertKind::LongTransactions)
        options.longTransaction = rule.window;
    if (rule.kind == AlertKind::IdleInTransaction)
        options.idleInTransaction = rule.window;
    auto health = readDatabaseHealth(m_db, now, options);
    if (!health)
        return health.error();
    return healthReadings(rule, *health);
}

Result<QList<AlertReading>> AlertSignals::healthReadings(const AlertRule &rule,
                                                         const DatabaseHealth &health)
{
    switch (rule.kind) {
    case AlertKind::DatabaseFreeSpace:
        if (!health.freeBytes)
            return gapReadings(rule, health.freeSpaceGap, health);
        return oneReading(rule.unit == AlertSpaceUnit::Bytes
                              ? std::optional(double(*health.freeBytes))
                              : health.freePercent());
    case AlertKind::DatabaseConnections:
        if (!health.connections)
            return gapReadings(rule, health.connectionsGap, health);
        return oneReading(health.connectionsPercent());
    case AlertKind::LongTransactions:
        if (!health.longTransactions)
            return gapReadings(rule, health.transactionsGap, health);
        return oneReading(double(*health.longTransactions));
    case AlertKind::IdleInTransaction:
        if (!health.idleInTransaction)
            return gapReadings(rule, health.transactionsGap, health);
        return oneReading(double(*health.idleInTransaction));
    case AlertKind::ReplicationLag: {
        if (health.replicationGap != HealthGap::None)
            return gapReadings(rule, health.replicationGap, health);
        // A standby has one lag; a primary one per standby, each its own subject.
        if (health.standby)
            return oneReading(health.standbyDelaySeconds);
        QList<AlertReading> readings;
        for (const ReplicaLag &replica : health.replicas)
            readings.append({.subject = replica.name,
                             .value = replica.replayLagSeconds ? replica.replayLagSeconds
                                                               : replica.writeLagSeconds});
        return readings;
    }
    default:
        break;
    }
    return StorageError::invalidArgument(
        u"The alert rule \"%1\" does not watch the database's health."_s.arg(rule.id));
}

Result<QList<AlertReading>> AlertSignals::timescaleJobReadings(const AlertRule &rule) const
{
    QStringList problems;
    const std::optional<TimescaleHealth> timescale = readTimescaleHealth(m_db, problems);
    if (!problems.isEmpty())
        return StorageError{
            StorageError::Kind::Internal,
            u"The alert rule \"%1\" has no value: %2"_s.arg(rule.id, problems.join(u"; "_s))};
    if (!timescale)
        return QList<AlertReading>{};
    if (timescale->jobsGap == TimescaleGap::NotAvailable)
        return StorageError::invalidArgument(
            u"The alert rule \"%1\" reads timescaledb_information.jobs and job_stats, which "
            "this TimescaleDB (%2) does not have."_s.arg(rule.id, timescale->version));
    return timescaleJobReadings(*timescale);
}

QString timescaleJobSubject(const TimescaleJob &job)
{
    const QString proc = job.proc.section(u'.', -1);
    return job.hypertable.isEmpty() ? u"job %1 %2"_s.arg(job.id).arg(proc)
                                    : u"job %1 %2 on %3"_s.arg(job.id).arg(proc, job.hypertable);
}

QList<AlertReading> AlertSignals::timescaleJobReadings(const TimescaleHealth &timescale)
{
    // A job that never ran has nothing to tell yet: no reading.
    QList<AlertReading> readings;
    for (const TimescaleJob &job : timescale.jobs) {
        if (job.lastRunStatus.isEmpty())
            continue;
        readings.append({.subject = timescaleJobSubject(job),
                         .value = job.failing() ? 1.0 : 0.0,
                         .detail = job.failing() ? job.lastError : QString()});
    }
    return readings;
}

Result<QList<AlertReading>> AlertSignals::backlogDrainTimes(const QDateTime &now) const
{
    auto trends = readBacklogTrends(m_db, now);
    if (!trends)
        return trends.error();
    QList<AlertReading> readings;
    for (const BacklogTrend &trend : std::as_const(*trends))
        readings.append(
            {.subject = backlogAlertSubject(trend.key), .value = backlogDrainValue(trend)});
    return readings;
}

Result<qint64> AlertSignals::deadLettersAdded(const QDateTime &from, const QDateTime &to) const
{
    PortMessageFilter filter;
    filter.deadLettersOnly = true;
    filter.from = from;
    // The filter's end is exclusive; a dead letter written at `to` itself counts.
    filter.to = to.addMSecs(1);
    auto count = PortMessageRepository(m_db).count(filter);
    if (!count)
        return count.error();
    return count->value;
}

Result<QList<AlertReading>> AlertSignals::heartbeatAges(const QString &component,
                                                        const QDateTime &now,
                                                        std::chrono::milliseconds fallback) const
{
    auto latest = HealthRepository(m_db).latest(now, fallback);
    if (!latest)
        return latest.error();
    QList<AlertReading> readings;
    for (const HealthRecord &record : std::as_const(*latest)) {
        if (!component.isEmpty() && record.componentName != component)
            continue;
        // Stale as every pane says it (HealthRepository::staleThreshold()): a component that
        // beats within its usual interval reads 0, whatever its age.
        readings.append({.subject = record.componentName,
                         .value = record.stale ? record.lastHeartbeat.msecsTo(now) / 1000.0 : 0.0});
    }
    return withNamed(std::move(readings), component);
}

Result<QList<AlertReading>> AlertSignals::componentStatuses(const QString &component) const
{
    // The status alone: no age, no interval.
    auto latest = HealthRepository(m_db).latestHeartbeats();
    if (!latest)
        return latest.error();
    QList<AlertReading> readings;
    for (const HealthRecord &record : std::as_const(*latest)) {
        if (!component.isEmpty() && record.componentName != component)
            continue;
        readings.append({.subject = record.componentName, .value = statusLevel(record.status)});
    }
    return withNamed(std::move(readings), component);
}

Result<QList<AlertReading>> AlertSignals::metricValues(const QString &component,
                                                       const QString &metric, AlertReduce reduce,
                                                       const QDateTime &from,
                                                       const QDateTime &to) const
{
    if (metric.isEmpty())
        return StorageError::invalidArgument(u"A metric alert needs the metric it watches."_s);
    QString where = u"metric_name = ? AND timestamp >= ? AND timestamp <= ?"_s;
    QVariantList params{metric, timestampParam(from, m_engine), timestampParam(to, m_engine)};
    if (!component.isEmpty()) {
        where += u" AND component_name = ?"_s;
        params << component;
    }
    // Reads the window's values through idx_component_metrics_series_values (one component) or
    // idx_component_metrics_name (every component): a window's worth of rows, never the table.
    const QString sql =
        reduce == AlertReduce::Last
            ? u"SELECT component_name, metric_value, metric_unit FROM (SELECT component_name, "
              "metric_value, metric_unit, row_number() OVER (PARTITION BY component_name "
              "ORDER BY timestamp DESC, id DESC) AS n FROM component_metrics WHERE %1) latest "
              "WHERE n = 1 ORDER BY component_name"_s.arg(where)
            : u"SELECT component_name, %1(metric_value), max(metric_unit) FROM component_metrics "
              "WHERE %2 GROUP BY component_name ORDER BY component_name"_s.arg(aggregateOf(reduce),
                                                                               where);
    auto query =
        execQuery(m_db, sql, params, u"Reading the metric %1 for its alert rules"_s.arg(metric));
    if (!query)
        return query.error();
    QList<AlertReading> readings;
    while (query->next())
        readings.append({.subject = query->value(0).toString(),
                         .value = query->value(1).toDouble(),
                         .unit = query->value(2).toString()});
    return withNamed(std::move(readings), component);
}

} // namespace porthole
