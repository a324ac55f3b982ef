#include "sqlsupport.h"

#include "sqlerror.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlField>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace porthole {

SqlEngine engineOf(const QSqlDatabase &db)
{
    return db.driverName() == u"QSQLITE"_s ? SqlEngine::SQLite : SqlEngine::PostgreSQL;
}

QString timestampText(const QDateTime &time)
{
    return time.toUTC().toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s);
}

QVariant timestampParam(const QDateTime &time, SqlEngine engine)
{
    if (!time.isValid())
        return QVariant(QMetaType::fromType<QString>());
    return engine == SqlEngine::SQLite ? timestampText(time) : timestampText(time) + u"+00"_s;
}

QDateTime timestampValue(const QVariant &value)
{
    if (value.isNull())
        return {};
    if (value.metaType() == QMetaType::fromType<QDateTime>())
        return value.toDateTime().toUTC();
    const QString text = value.toString();
    for (const QString &format : {u"yyyy-MM-dd HH:mm:ss.zzz"_s, u"yyyy-MM-dd HH:mm:ss"_s,
                                  u"yyyy-MM-ddTHH:mm:ss.zzz"_s, u"yyyy-MM-ddTHH:mm:ss"_s}) {
        QDateTime time = QDateTime::fromString(text, format);
        if (time.isValid()) {
            time.setTimeZone(QTimeZone::utc());
            return time;
        }
    }
    return QDateTime::fromString(text, Qt::ISODateWithMs).toUTC();
}

QVariant jsonParam(const QByteArray &json)
{
    if (json.isNull())
        return QVariant(QMetaType::fromType<QString>());
    return QString::fromUtf8(json);
}

Result<QSqlQuery> execQuery(const QSqlDatabase &db, const QString &sql, const QVariantList &params,
                            const QString &what)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.prepare(sql))
        return sqlError(query.lastError(), what);
    for (const QVariant &param : params)
        query.addBindValue(param);
    if (!query.exec())
        return sqlError(query.lastError(), what);
    return query;
}

SqlTransaction::SqlTransaction(QSqlDatabase db)
    : m_db(std::move(db))
{}

SqlTransaction::~SqlTransaction()
{
    rollback();
}

Status SqlTransaction::begin()
{
    QSqlQuery query(m_db);
    if (!query.exec(engineOf(m_db) == SqlEngine::SQLite ? u"BEGIN IMMEDIATE"_s : u"BEGIN"_s))
        return sqlError(query.lastError(), u"Starting a transaction"_s);
    m_open = true;
    return success();
}

Status SqlTransaction::commit()
{
    QSqlQuery query(m_db);
    if (!query.exec(u"COMMIT"_s)) {
        const StorageError error = sqlError(query.lastError(), u"Committing"_s);
        rollback();
        return error;
    }
    m_open = false;
    return success();
}

void SqlTransaction::rollback()
{
    if (!m_open)
        return;
    m_open = false;
    QSqlQuery(m_db).exec(u"ROLLBACK"_s);
}

Result<RowCount> boundedCount(const QSqlDatabase &db, const QString &fromWhere,
                              const QVariantList &params, qint64 exactUpTo, const QString &what)
{
    auto capped = execQuery(
        db,
        u"SELECT count(*) FROM (SELECT 1 %1 LIMIT %2) capped"_s.arg(fromWhere).arg(exactUpTo + 1),
        params, what);
    if (!capped)
        return capped.error();
    capped->next();
    const qint64 found = capped->value(0).toLongLong();
    if (found <= exactUpTo)
        return RowCount{found, RowCount::Precision::Exact};
    if (engineOf(db) == SqlEngine::SQLite)
        return RowCount{found, RowCount::Precision::AtLeast};

    // PostgreSQL cannot PREPARE an EXPLAIN, so the values go into the text, quoted by the
    // driver exactly as it quotes them when it executes a prepared statement.
    QString sql = u"EXPLAIN (FORMAT JSON) SELECT 1 "_s;
    qsizetype next = 0;
    for (qsizetype i = 0; i < fromWhere.size(); ++i) {
        if (fromWhere.at(i) != u'?' || next >= params.size()) {
            sql += fromWhere.at(i);
            continue;
        }
        const QVariant &value = params.at(next++);
        QSqlField field(QString(), value.metaType());
        field.setValue(value);
        sql += db.driver()->formatValue(field);
    }
    QSqlQuery plan(db);
    if (!plan.exec(sql) || !plan.next())
        return sqlError(plan.lastError(), what);
    const QJsonDocument doc = QJsonDocument::fromJson(plan.value(0).toString().toUtf8());
    const double estimate =
        doc.array().at(0).toObject().value(u"Plan"_s).toObject().value(u"Plan Rows"_s).toDouble();
    return RowCount{std::max(found, static_cast<qint64>(estimate)), RowCount::Precision::Estimate};
}

void WhereClause::add(const QString &condition, const QVariantList &values)
{
    sql += (sql.isEmpty() ? u" WHERE "_s : u" AND "_s) + condition;
    params += values;
}

KeysetQuery keysetQuery(const QString &select, WhereClause where, const PageRequest &request,
                        const QString &sortColumn, const QVariant &keySortParam,
                        const QVariant &keyIdParam)
{
    using From = PageRequest::From;
    const bool backwards = request.from == From::Before || request.from == From::End;
    const bool descending = request.descending != backwards;
    if (request.from == From::After || request.from == From::Before)
        where.add(u"(%1, id) %2 (?, ?)"_s.arg(sortColumn, descending ? u"<"_s : u">"_s),
                  {keySortParam, keyIdParam});
    const QString direction = descending ? u" DESC"_s : QString();
    return {u"%1%2 ORDER BY %3%4, id%4 LIMIT %5"_s.arg(select, where.sql, sortColumn, direction)
                .arg(request.limit + 1),
            where.params};
}

Result<QString> checkPageRequest(const PageRequest &request, const QStringList &sortColumns,
                                 const QString &what)
{
    const QString sortColumn =
        request.sortColumn.isEmpty() ? sortColumns.constFirst() : request.sortColumn;
    if (!sortColumns.contains(sortColumn))
        return StorageError::invalidArgument(
            u"%1 cannot be sorted by \"%2\"."_s.arg(what, sortColumn));
    if (request.limit < 1 || request.limit > 10000)
        return StorageError::invalidArgument(
            u"A page holds 1 to 10000 rows, not %1."_s.arg(request.limit));
    return sortColumn;
}

} // namespace porthole
