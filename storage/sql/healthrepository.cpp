#include "healthrepository.h"

#include "sqlsupport.h"

#include <QSqlQuery>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

QString healthColumns(const QString &alias)
{
    return u"%1.id, %1.component_name, %1.health_status, %1.health_details, %1.last_heartbeat, "
           "%1.created_at"_s.arg(alias);
}

HealthRecord recordOf(const QSqlQuery &query)
{
    return HealthRecord{query.value(0).toString(),
                        query.value(1).toString(),
                        query.value(2).toString(),
                        query.value(3).isNull() ? QByteArray() : query.value(3).toString().toUtf8(),
                        timestampValue(query.value(4)),
                        timestampValue(query.value(5)),
                        false,
                        0,
                        {}};
}

const QString heartbeatColumn = u"last_heartbeat"_s;

} // namespace

HealthRepository::HealthRepository(const QSqlDatabase &db)
    : m_db(db)
    , m_engine(engineOf(m_db))
{}

const QStringList &HealthRepository::statuses()
{
    // The CHECK constraint of system_health.health_status.
    static const QStringList values{u"healthy"_s, u"degraded"_s, u"unhealthy"_s, u"unknown"_s};
    return values;
}

Result<QString> HealthRepository::record(const Heartbeat &heartbeat)
{
    if (Status name = checkName(heartbeat.componentName, u"component name"_s); !name)
        return name.error();
    if (!statuses().contains(heartbeat.status))
        return StorageError{
            StorageError::Kind::Constraint,
            u"The heartbeat of %1 has the status '%2'; a status is one of %3. Nothing was saved."_s
                .arg(heartbeat.componentName, heartbeat.status, statuses().join(u", "_s))};
    if (Status details = checkJson(heartbeat.details, u"heartbeat's details"_s, true); !details)
        return details.error();

    const QString id = newUuid();
    const QDateTime time =
        heartbeat.time.isValid() ? heartbeat.time : QDateTime::currentDateTimeUtc();
    // One statement: it is written whole or not at all.
    auto query =
        execQuery(m_db,
                  u"INSERT INTO system_health (id, component_name, health_status, health_details, "
                  "last_heartbeat) VALUES (?, ?, ?, ?, ?)"_s,
                  {id, heartbeat.componentName, heartbeat.status,
                   heartbeat.details.isEmpty() ? QVariant(QMetaType::fromType<QString>())
                                               : jsonParam(heartbeat.details),
                   timestampParam(time, m_engine)},
                  u"Recording the heartbeat of %1"_s.arg(heartbeat.componentName));
    if (!query)
        return query.error();
    return id;
}

SqlStatement HealthRepository::latestStatement(SqlEngine engine)
{
    // The newest heartbeat is the last entry of a component's range in
    // (component_name, last_heartbeat).
    return {latestPerComponentSql(engine, u"system_health"_s, healthColumns,
                                  u"v.last_heartbeat IS NOT NULL"_s, u"v.last_heartbeat DESC"_s),
            {}};
}

Result<QList<HealthRecord>> HealthRepository::latestHeartbeats() const
{
    const SqlStatement statement = latestStatement(m_engine);
    auto query =
        execQuery(m_db, statement.sql, statement.params, u"Reading the components' health"_s);
    if (!query)
        return query.error();
    QList<HealthRecord> records;
    while (query->next())
        records.append(recordOf(*query));
    return records;
}

Result<QList<HealthRecord>> HealthRepository::latest(const QDateTime &now,
                                                     std::chrono::milliseconds staleAfter) const
{
    auto latest = latestHeartbeats();
    if (!latest)
        return latest.error();
    QList<HealthRecord> records = std::move(latest).value();
    for (HealthRecord &record : records) {
        auto intervals = recentIntervals(record.componentName);
        if (!intervals)
            return intervals.error();
        record.expectedIntervalMs = expectedInterval(*intervals);
        record.stale = record.lastHeartbeat.msecsTo(now) >
                       staleThreshold(record.expectedIntervalMs, staleAfter).count();
    }
    return records;
}

Result<QList<qint64>> HealthRepository::recentIntervals(const QString &componentName) const
{
    auto query = execQuery(m_db,
                           u"SELECT last_heartbeat FROM system_health WHERE component_name = ? "
                           "AND last_heartbeat IS NOT NULL ORDER BY last_heartbeat DESC LIMIT ?"_s,
                           {componentName, learnedFrom},
                           u"Reading the heartbeat interval of %1"_s.arg(componentName));
    if (!query)
        return query.error();
    QList<qint64> intervals;
    QDateTime later;
    while (query->next()) {
        const QDateTime time = timestampValue(query->value(0));
        if (later.isValid() && time.isValid())
            intervals.append(time.msecsTo(later));
        later = time;
    }
    return intervals;
}

qint64 HealthRepository::expectedInterval(QList<qint64> intervalsMs)
{
    intervalsMs.removeIf([](qint64 ms) { return ms <= 0; });
    if (intervalsMs.size() < 3)
        return 0;
    const auto middle = intervalsMs.begin() + intervalsMs.size() / 2;
    std::nth_element(intervalsMs.begin(), middle, intervalsMs.end());
    return *middle;
}

std::chrono::milliseconds HealthRepository::staleThreshold(qint64 expectedIntervalMs,
                                                           std::chrono::milliseconds fallback)
{
    if (expectedIntervalMs <= 0)
        return fallback;
    return std::max(std::chrono::milliseconds(3 * expectedIntervalMs), minStale);
}

Result<HealthTimelineData> HealthRepository::recentTimeline(const QString &component,
                                                            const QDateTime &now,
                                                            std::chrono::seconds span,
                                                            int limitPerComponent) const
{
    auto latest = latestHeartbeats();
    if (!latest)
        return latest.error();
    QDateTime newest;
    QStringList names;
    for (const HealthRecord &record : std::as_const(*latest)) {
        if (!component.isEmpty() && record.componentName != component)
            continue;
        names << record.componentName;
        if (!newest.isValid() || record.lastHeartbeat > newest)
            newest = record.lastHeartbeat;
    }
    HealthTimelineData data;
    data.to = newest.isValid() && newest.secsTo(now) > span.count() ? newest : now;
    data.from = data.to.addSecs(-span.count());
    for (const QString &name : std::as_const(names)) {
        // The newest `limitPerComponent`: read newest first, then put in order.
        auto query = execQuery(m_db,
                               u"SELECT "_s + healthColumns(u"h"_s) +
                                   u" FROM system_health h WHERE h.component_name = ? "
                                   "AND h.last_heartbeat >= ? AND h.last_heartbeat <= ? "
                                   "ORDER BY h.last_heartbeat DESC LIMIT ?"_s,
                               {name, timestampParam(data.from, m_engine),
                                timestampParam(data.to, m_engine), limitPerComponent + 1},
                               u"Reading the health timeline of %1"_s.arg(name));
        if (!query)
            return query.error();
        QList<HealthRecord> records;
        while (query->next())
            records.append(recordOf(*query));
        if (records.size() > limitPerComponent) {
            data.capped = true;
            records.removeLast();
        }
        std::reverse(records.begin(), records.end());
        data.records.append(records);
    }
    return data;
}

Result<QList<HealthRecord>> HealthRepository::history(const QString &componentName,
                                                      const QDateTime &from, const QDateTime &to,
                                                      int limit) const
{
    if (Status name = checkName(componentName, u"component name"_s); !name)
        return name.error();
    if (!from.isValid() || !to.isValid() || from >= to)
        return StorageError::invalidArgument(
            u"The time range of a health history must have a start before its end."_s);
    if (limit < 1)
        return StorageError::invalidArgument(u"A history holds at least one heartbeat."_s);
    auto query = execQuery(
        m_db,
        u"SELECT "_s + healthColumns(u"h"_s) +
            u" FROM system_health h WHERE h.component_name = ? "
            "AND h.last_heartbeat >= ? AND h.last_heartbeat < ? "
            "ORDER BY h.last_heartbeat LIMIT ?"_s,
        {componentName, timestampParam(from, m_engine), timestampParam(to, m_engine), limit},
        u"Reading the health history of %1"_s.arg(componentName));
    if (!query)
        return query.error();
    QList<HealthRecord> records;
    while (query->next())
        records.append(recordOf(*query));
    return records;
}

WhereClause HealthRepository::where(const HealthFilter &filter)
{
    WhereClause w;
    w.add(u"last_heartbeat IS NOT NULL"_s);
    if (!filter.component.isEmpty())
        w.add(u"component_name = ?"_s, {filter.component});
    if (!filter.status.isEmpty())
        w.add(u"health_status = ?"_s, {filter.status});
    return w;
}

PageKey HealthRepository::keyOf(const HealthRecord &record)
{
    return {record.heartbeatKey, record.id};
}

Result<Page<HealthRecord>> HealthRepository::readPage(const KeysetQuery &sql,
                                                      const PageRequest &finished) const
{
    auto query = execQuery(m_db, sql.sql, sql.params, u"Reading the health history"_s);
    if (!query)
        return query.error();
    QList<HealthRecord> records;
    while (query->next()) {
        HealthRecord record = recordOf(*query);
        record.heartbeatKey = query->value(6).toString();
        records.append(std::move(record));
    }
    return finishPage(std::move(records), finished);
}

namespace {

QString pageSelect(SqlEngine engine)
{
    // The key column: the stored text on SQLite; on PostgreSQL the text form with every
    // microsecond, which reads back as the same instant.
    return u"SELECT id, component_name, health_status, health_details, last_heartbeat, "
           "created_at, %1 AS heartbeat_key FROM system_health"_s.arg(
               engine == SqlEngine::SQLite ? u"last_heartbeat"_s : u"last_heartbeat::text"_s);
}

} // namespace

Result<Page<HealthRecord>> HealthRepository::page(const HealthFilter &filter,
                                                  const PageRequest &request) const
{
    auto checked = checkPageRequest(request, {heartbeatColumn}, u"The health history"_s);
    if (!checked)
        return checked.error();
    const KeysetQuery sql =
        keysetQuery(pageSelect(m_engine), where(filter), request, heartbeatColumn,
                    request.key.sortValue.toString(), request.key.id);
    return readPage(sql, request);
}

Result<Page<HealthRecord>> HealthRepository::pageBetween(const HealthFilter &filter,
                                                         const KeyRange &range,
                                                         const PageRequest &request) const
{
    auto checked = checkPageRequest(request, {heartbeatColumn}, u"The health history"_s);
    if (!checked)
        return checked.error();
    const auto bound = [](const PageKey &key) -> QVariantList {
        return {key.sortValue.toString(), key.id};
    };
    const KeysetQuery sql =
        keyRangeQuery(pageSelect(m_engine), where(filter), range, request, heartbeatColumn, bound);
    return readPage(sql, forwardFromStart(request));
}

Result<RowCount> HealthRepository::count(const HealthFilter &filter, qint64 exactUpTo) const
{
    return boundedCount(m_db, u"FROM system_health"_s, where(filter), exactUpTo,
                        u"Counting heartbeats"_s);
}

} // namespace porthole
