#include "auditlog.h"

#include "sqlsupport.h"

#include <QJsonDocument>
#include <QMutex>
#include <QSysInfo>

#include <pwd.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

QVariant jsonValueParam(const QJsonValue &value)
{
    if (value.isUndefined() || value.isNull())
        return QVariant(QMetaType::fromType<QString>());
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    // A scalar: wrap it in an array to serialise it, then take the brackets away.
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
}

QJsonValue jsonValueOf(const QVariant &value)
{
    if (value.isNull())
        return QJsonValue::Null;
    const QJsonDocument doc = QJsonDocument::fromJson("[" + value.toString().toUtf8() + "]");
    return doc.array().at(0);
}

} // namespace

AuditLog::AuditLog(QSqlDatabase db)
    : m_db(std::move(db))
    , m_engine(engineOf(m_db))
{}

QString AuditLog::currentUser()
{
    if (const passwd *entry = getpwuid(geteuid()); entry && entry->pw_name)
        return QString::fromLocal8Bit(entry->pw_name);
    return u"uid %1"_s.arg(geteuid());
}

namespace {

QMutex operatorLock;
QString operatorName; // guarded by operatorLock

} // namespace

QString AuditLog::defaultOperator()
{
    return currentUser() + u'@' + QSysInfo::machineHostName();
}

void AuditLog::setOperator(const QString &name)
{
    const QMutexLocker locker(&operatorLock);
    operatorName = name.trimmed();
}

QString AuditLog::actorName()
{
    QString name;
    {
        const QMutexLocker locker(&operatorLock);
        name = operatorName;
    }
    const QString ran = defaultOperator();
    if (name.isEmpty() || name == ran)
        return ran;
    return u"%1 (%2)"_s.arg(name, ran);
}

Result<qint64> AuditLog::append(AuditEntry entry)
{
    if (entry.action.isEmpty())
        return StorageError::invalidArgument(u"An audit entry needs an action."_s);
    if (entry.actor.isEmpty())
        entry.actor = actorName();
    entry.occurredAt = QDateTime::currentDateTimeUtc();
    const QString sql =
        u"INSERT INTO audit_log (occurred_at, actor, action, target_table, filter, affected_ids, "
        "affected_count, before_data, after_data, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s +
        (m_engine == SqlEngine::PostgreSQL ? u" RETURNING id"_s : QString());
    auto query = execQuery(
        m_db, sql,
        {timestampParam(entry.occurredAt, m_engine), entry.actor, entry.action,
         entry.targetTable.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : entry.targetTable,
         entry.filter.isEmpty() ? jsonValueParam(QJsonValue::Null) : jsonValueParam(entry.filter),
         entry.affectedIds.isEmpty() ? jsonValueParam(QJsonValue::Null)
                                     : jsonValueParam(entry.affectedIds),
         entry.affectedCount, jsonValueParam(entry.before), jsonValueParam(entry.after),
         entry.details.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : entry.details},
        u"Recording the %1 action in the audit log"_s.arg(entry.action));
    if (!query)
        return query.error();
    if (m_engine == SqlEngine::PostgreSQL)
        return query->next() ? query->value(0).toLongLong() : qint64(0);
    return query->lastInsertId().toLongLong();
}

WhereClause AuditLog::where(const AuditFilter &filter) const
{
    WhereClause where;
    if (!filter.action.isEmpty())
        where.add(u"action = ?"_s, {filter.action});
    if (filter.from.isValid())
        where.add(u"occurred_at >= ?"_s, {timestampParam(filter.from, m_engine)});
    if (filter.to.isValid())
        where.add(u"occurred_at < ?"_s, {timestampParam(filter.to, m_engine)});
    return where;
}

Result<RowCount> AuditLog::count(const AuditFilter &filter, qint64 exactUpTo) const
{
    return boundedCount(m_db, u"FROM audit_log"_s, where(filter), exactUpTo,
                        u"Counting audit log entries"_s);
}

Result<Page<AuditEntry>> AuditLog::page(const AuditFilter &filter, const PageRequest &request) const
{
    PageRequest newestFirst = request;
    if (request.sortColumn.isEmpty())
        newestFirst.descending = !request.descending;
    auto sortColumn = checkPageRequest(newestFirst, {u"occurred_at"_s}, u"The audit log"_s);
    if (!sortColumn)
        return sortColumn.error();
    const KeysetQuery sql = keysetQuery(
        u"SELECT id, occurred_at, actor, action, target_table, filter, affected_ids, "
        u"affected_count, "
        "before_data, after_data, details FROM audit_log"_s,
        where(filter), newestFirst, *sortColumn,
        timestampParam(request.key.sortValue.toDateTime(), m_engine), request.key.id.toLongLong());
    auto query = execQuery(m_db, sql.sql, sql.params, u"Reading the audit log"_s);
    if (!query)
        return query.error();
    QList<AuditEntry> rows;
    while (query->next()) {
        AuditEntry e;
        e.id = query->value(0).toLongLong();
        e.occurredAt = timestampValue(query->value(1));
        e.actor = query->value(2).toString();
        e.action = query->value(3).toString();
        e.targetTable = query->value(4).toString();
        e.filter = jsonValueOf(query->value(5)).toObject();
        e.affectedIds = jsonValueOf(query->value(6)).toArray();
        e.affectedCount = query->value(7).toLongLong();
        e.before = jsonValueOf(query->value(8));
        e.after = jsonValueOf(query->value(9));
        e.details = query->value(10).toString();
        rows.append(e);
    }
    return finishPage(std::move(rows), newestFirst);
}

} // namespace porthole
