#include "alertsignals.h"

#include "healthrepository.h"
#include "portmessagerepository.h"

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

} // namespace

AlertSignals::AlertSignals(QSqlDatabase db)
    : m_db(std::move(db))
    , m_engine(engineOf(m_db))
{}

bool AlertSignals::readsDatabase(AlertKind kind)
{
    return kind == AlertKind::DeadLetterGrowth || kind == AlertKind::HeartbeatAge ||
           kind == AlertKind::ComponentStatus || kind == AlertKind::MetricThreshold;
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
        return heartbeatAges(rule.component, now);
    case AlertKind::ComponentStatus:
        return componentStatuses(rule.component);
    case AlertKind::MetricThreshold:
        return metricValues(rule.component, rule.metric, rule.reduce, windowStart(rule, now), now);
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
                                                        const QDateTime &now) const
{
    auto latest = HealthRepository(m_db).latest(now, std::chrono::milliseconds(0));
    if (!latest)
        return latest.error();
    QList<AlertReading> readings;
    for (const HealthRecord &record : std::as_const(*latest)) {
        if (!component.isEmpty() && record.componentName != component)
            continue;
        readings.append(
            {.subject = record.componentName, .value = record.lastHeartbeat.msecsTo(now) / 1000.0});
    }
    return withNamed(std::move(readings), component);
}

Result<QList<AlertReading>> AlertSignals::componentStatuses(const QString &component) const
{
    // The age does not matter here; any time will do.
    auto latest = HealthRepository(m_db).latest(QDateTime::currentDateTimeUtc(),
                                                std::chrono::milliseconds(0));
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
    // Reads the window's values through idx_component_metrics_series (one component) or
    // idx_component_metrics_name (every component): a window's worth of rows, never the table.
    const QString sql =
        reduce == AlertReduce::Last
            ? u"SELECT component_name, metric_value FROM (SELECT component_name, metric_value, "
              "row_number() OVER (PARTITION BY component_name ORDER BY timestamp DESC, id DESC) "
              "AS n FROM component_metrics WHERE %1) latest WHERE n = 1 "
              "ORDER BY component_name"_s.arg(where)
            : u"SELECT component_name, %1(metric_value) FROM component_metrics WHERE %2 "
              "GROUP BY component_name ORDER BY component_name"_s.arg(aggregateOf(reduce), where);
    auto query =
        execQuery(m_db, sql, params, u"Reading the metric %1 for its alert rules"_s.arg(metric));
    if (!query)
        return query.error();
    QList<AlertReading> readings;
    while (query->next())
        readings.append(
            {.subject = query->value(0).toString(), .value = query->value(1).toDouble()});
    return withNamed(std::move(readings), component);
}

} // namespace porthole
