#include "alerthistory.h"

#include "sqlsupport.h"

#include <QJsonDocument>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

AlertHistoryEntry entryOf(const QSqlQuery &query)
{
    const QVariant value = query.value(8);
    return {.id = query.value(0).toLongLong(),
            .occurredAt = timestampValue(query.value(1)),
            .ruleId = query.value(2).toString(),
            .ruleName = query.value(3).toString(),
            .subject = query.value(4).toString(),
            .severity = alertSeverityOf(query.value(5).toString()).value_or(AlertSeverity::Warning),
            .from = alertStateOf(query.value(6).toString()).value_or(AlertState::Ok),
            .to = alertStateOf(query.value(7).toString()).value_or(AlertState::Ok),
            .value = value.isNull() ? std::nullopt : std::optional<double>(value.toDouble()),
            .details = QJsonDocument::fromJson(query.value(9).toString().toUtf8()).object()};
}

} // namespace

AlertHistory::AlertHistory(QSqlDatabase db)
    : m_db(std::move(db))
    , m_engine(engineOf(m_db))
{}

Result<qint64> AlertHistory::append(const AlertEvent &event, const QJsonObject &details)
{
    if (event.ruleId.isEmpty())
        return StorageError::invalidArgument(u"An alert history entry needs its rule's id."_s);
    QJsonObject stored = details;
    stored.insert(u"silenced"_s, event.silenced);
    stored.insert(u"acknowledged"_s, event.acknowledged);
    const QDateTime time = event.time.isValid() ? event.time : QDateTime::currentDateTimeUtc();
    const QString sql =
        u"INSERT INTO alert_history (occurred_at, rule_id, rule_name, subject, severity, "
        "from_state, to_state, value, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"_s +
        (m_engine == SqlEngine::PostgreSQL ? u" RETURNING id"_s : QString());
    auto query = execQuery(
        m_db, sql,
        {timestampParam(time, m_engine), event.ruleId,
         // A rule of one thing has no subject: stored as '' (a null QString binds as NULL).
         event.ruleName.isEmpty() ? event.ruleId : event.ruleName,
         event.subject.isNull() ? u""_s : event.subject, alertSeverityName(event.severity),
         alertStateName(event.from), alertStateName(event.to),
         event.value ? QVariant(*event.value) : QVariant(QMetaType::fromType<double>()),
         jsonParam(QJsonDocument(stored).toJson(QJsonDocument::Compact))},
        u"Recording the alert %1 going %2"_s.arg(event.ruleId, alertStateName(event.to)));
    if (!query)
        return query.error();
    if (m_engine == SqlEngine::PostgreSQL)
        return query->next() ? query->value(0).toLongLong() : qint64(0);
    return query->lastInsertId().toLongLong();
}

WhereClause AlertHistory::where(const AlertHistoryFilter &filter) const
{
    WhereClause where;
    if (!filter.ruleId.isEmpty())
        where.add(u"rule_id = ?"_s, {filter.ruleId});
    if (filter.from.isValid())
        where.add(u"occurred_at >= ?"_s, {timestampParam(filter.from, m_engine)});
    if (filter.to.isValid())
        where.add(u"occurred_at < ?"_s, {timestampParam(filter.to, m_engine)});
    return where;
}

Result<RowCount> AlertHistory::count(const AlertHistoryFilter &filter, qint64 exactUpTo) const
{
    return boundedCount(m_db, u"FROM alert_history"_s, where(filter), exactUpTo,
                        u"Counting alert history entries"_s);
}

Result<QList<AlertHistoryEntry>> AlertHistory::latestStates() const
{
    auto query = execQuery(
        m_db,
        u"SELECT id, occurred_at, rule_id, rule_name, subject, severity, from_state, to_state, "
        "value, details FROM alert_history WHERE id IN "
        "(SELECT max(id) FROM alert_history GROUP BY rule_id, subject) ORDER BY id"_s,
        {}, u"Reading where the alerts stood"_s);
    if (!query)
        return query.error();
    QList<AlertHistoryEntry> rows;
    while (query->next())
        rows.append(entryOf(*query));
    return rows;
}

PageKey AlertHistory::keyOf(const AlertHistoryEntry &entry)
{
    return {entry.occurredAt, QString::number(entry.id)};
}

Result<Page<AlertHistoryEntry>> AlertHistory::page(const AlertHistoryFilter &filter,
                                                   const PageRequest &request) const
{
    // Newest first unless a sort column is named, as the audit log pages.
    PageRequest newestFirst = request;
    if (request.sortColumn.isEmpty())
        newestFirst.descending = !request.descending;
    auto sortColumn = checkPageRequest(newestFirst, {u"occurred_at"_s}, u"The alert history"_s);
    if (!sortColumn)
        return sortColumn.error();
    const KeysetQuery sql = keysetQuery(
        u"SELECT id, occurred_at, rule_id, rule_name, subject, severity, from_state, to_state, "
        "value, details FROM alert_history"_s,
        where(filter), newestFirst, *sortColumn,
        timestampParam(request.key.sortValue.toDateTime(), m_engine), request.key.id.toLongLong());
    auto query = execQuery(m_db, sql.sql, sql.params, u"Reading the alert history"_s);
    if (!query)
        return query.error();
    QList<AlertHistoryEntry> rows;
    while (query->next())
        rows.append(entryOf(*query));
    return finishPage(std::move(rows), newestFirst);
}

} // namespace porthole
