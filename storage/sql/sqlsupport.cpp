#include "sqlsupport.h"

#include "faultpoint.h"
#include "sqlerror.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlField>
#include <QTimeZone>

#include <optional>

using namespace Qt::StringLiterals;

namespace porthole {

SqlEngine engineOf(const QSqlDatabase &db)
{
    return db.driverName() == u"QSQLITE"_s ? SqlEngine::SQLite : SqlEngine::PostgreSQL;
}

QString timestampText(const QDateTime &time)
{
    // 'YYYY-MM-DD HH:MM:SS.SSS' by hand: QDateTime::toString's format parser costs more than
    // the row it formats for.
    const QDateTime utc = time.toUTC();
    const QDate date = utc.date();
    const QTime clock = utc.time();
    char16_t text[23];
    const auto put = [&text](int at, int value, int width) {
        for (int i = width - 1; i >= 0; --i, value /= 10)
            text[at + i] = static_cast<char16_t>(u'0' + value % 10);
    };
    put(0, date.year(), 4);
    text[4] = u'-';
    put(5, date.month(), 2);
    text[7] = u'-';
    put(8, date.day(), 2);
    text[10] = u' ';
    put(11, clock.hour(), 2);
    text[13] = u':';
    put(14, clock.minute(), 2);
    text[16] = u':';
    put(17, clock.second(), 2);
    text[19] = u'.';
    put(20, clock.msec(), 3);
    return QString(reinterpret_cast<const QChar *>(text), 23);
}

QVariant wholeSecondParam(const QDateTime &time, SqlEngine engine)
{
    if (engine != SqlEngine::SQLite || !time.isValid())
        return timestampParam(time, engine);
    return timestampText(time).left(19);
}

QVariant timestampParam(const QDateTime &time, SqlEngine engine)
{
    if (!time.isValid())
        return QVariant(QMetaType::fromType<QString>());
    return engine == SqlEngine::SQLite ? timestampText(time) : timestampText(time) + u"+00"_s;
}

namespace {

// 'YYYY-MM-DD HH:MM:SS[.fff]' (or with 'T'), the form Porthole writes, without the cost of
// QDateTime::fromString's format parser (a page of rows reads hundreds of these).
QDateTime parseFixedTimestamp(QStringView text)
{
    const auto digits = [text](qsizetype from, qsizetype count, int *value) {
        int result = 0;
        for (qsizetype i = from; i < from + count; ++i) {
            const char16_t c = text.at(i).unicode();
            if (c < u'0' || c > u'9')
                return false;
            result = result * 10 + (c - u'0');
        }
        *value = result;
        return true;
    };
    if (text.size() < 19 || text.at(4) != u'-' || text.at(7) != u'-' || text.at(13) != u':' ||
        text.at(16) != u':' || (text.at(10) != u' ' && text.at(10) != u'T'))
        return {};
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, ms = 0;
    if (!digits(0, 4, &year) || !digits(5, 2, &month) || !digits(8, 2, &day) ||
        !digits(11, 2, &hour) || !digits(14, 2, &minute) || !digits(17, 2, &second))
        return {};
    qsizetype end = 19;
    if (text.size() > 20 && text.at(19) == u'.') {
        int scale = 100;
        for (end = 20; end < text.size() && text.at(end).isDigit(); ++end) {
            ms += (text.at(end).unicode() - u'0') * scale;
            scale /= 10;
        }
    }
    if (end != text.size() && !(end + 1 == text.size() && text.at(end) == u'Z'))
        return {};
    const QDate date(year, month, day);
    const QTime time(hour, minute, second, ms);
    if (!date.isValid() || !time.isValid())
        return {};
    return QDateTime(date, time, Qt::UTC);
}

} // namespace

QDateTime timestampValue(const QVariant &value)
{
    if (value.isNull())
        return {};
    if (value.metaType() == QMetaType::fromType<QDateTime>())
        return value.toDateTime().toUTC();
    const QString text = value.toString();
    if (QDateTime fixed = parseFixedTimestamp(text); fixed.isValid())
        return fixed;
    return QDateTime::fromString(text, Qt::ISODateWithMs).toUTC();
}

QVariant jsonParam(const QByteArray &json)
{
    if (json.isEmpty()) // no document: SQL NULL
        return QVariant(QMetaType::fromType<QString>());
    return QString::fromUtf8(json);
}

namespace {

// PostgreSQL cannot DEALLOCATE a prepared statement inside a transaction that an error has
// aborted, and a repository's statements die when its function returns, which may be before
// its transaction rolls back. So the statements of an open transaction are kept until it
// ends; the thread's connections each keep their own.
struct OpenTransactions
{
    QHash<QString, int> depth;                   // by connection name
    QHash<QString, QList<QSqlQuery>> statements; // by connection name
};

OpenTransactions &openTransactions()
{
    thread_local OpenTransactions state;
    return state;
}

void keepUntilTransactionEnds(const QSqlDatabase &db, const QSqlQuery &query)
{
    OpenTransactions &state = openTransactions();
    if (engineOf(db) == SqlEngine::PostgreSQL && state.depth.value(db.connectionName()) > 0)
        state.statements[db.connectionName()].append(query);
}

} // namespace

QString containsPattern(const QString &text)
{
    QString escaped;
    for (const QChar c : text.toLower()) {
        if (c == u'%' || c == u'_' || c == u'\\')
            escaped += u'\\';
        escaped += c;
    }
    return u'%' + escaped + u'%';
}

// PostgreSQL matches an array parameter with = ANY, which it reads through the column's index
// whatever it knows of the table; an IN over a set-returning function, estimated at a hundred
// rows, made it scan a table without statistics whole. SQLite reads the values from JSON.
std::pair<QString, QVariant> anyOf(SqlEngine engine, const QString &column,
                                   const QStringList &values, bool uuids)
{
    if (engine == SqlEngine::PostgreSQL) {
        QStringList quoted;
        for (QString value : values)
            quoted << u'"' + value.replace(u'\\', u"\\\\"_s).replace(u'"', u"\\\""_s) + u'"';
        return {column + (uuids ? u" = ANY(?::uuid[])"_s : u" = ANY(?::text[])"_s),
                QString(u'{' + quoted.join(u',') + u'}')};
    }
    return {column + u" IN (SELECT value FROM json_each(?))"_s,
            QString::fromUtf8(
                QJsonDocument(QJsonArray::fromStringList(values)).toJson(QJsonDocument::Compact))};
}

IdSet idSet(SqlEngine engine, const QStringList &uuids)
{
    if (engine == SqlEngine::PostgreSQL)
        return {u"SELECT unnest(?::uuid[])"_s, QString(u'{' + uuids.join(u',') + u'}')};
    return {u"SELECT value FROM json_each(?)"_s,
            QString::fromUtf8(
                QJsonDocument(QJsonArray::fromStringList(uuids)).toJson(QJsonDocument::Compact))};
}

IdSet idSet(SqlEngine engine, const QList<qint64> &ids)
{
    if (engine == SqlEngine::PostgreSQL) {
        QStringList numbers;
        numbers.reserve(ids.size());
        for (qint64 id : ids)
            numbers << QString::number(id);
        return {u"SELECT unnest(?::bigint[])"_s, QString(u'{' + numbers.join(u',') + u'}')};
    }
    QJsonArray numbers;
    for (qint64 id : ids)
        numbers.append(id);
    return {u"SELECT value FROM json_each(?)"_s,
            QString::fromUtf8(QJsonDocument(numbers).toJson(QJsonDocument::Compact))};
}

Status forEachIdBatch(const QSqlDatabase &db, const QStringList &ids, qsizetype perStatement,
                      const std::function<Status(const IdSet &set, qsizetype count)> &run)
{
    const SqlEngine engine = engineOf(db);
    for (qsizetype start = 0; start < ids.size(); start += perStatement) {
        const QStringList part = ids.mid(start, perStatement);
        if (Status done = run(idSet(engine, part), part.size()); !done)
            return done;
    }
    return success();
}

Result<std::optional<HypertableTime>> hypertableTime(const QSqlDatabase &db, const QString &schema,
                                                     const QString &table)
{
    auto present =
        execQuery(db, u"SELECT to_regclass('timescaledb_information.dimensions') IS NOT NULL"_s, {},
                  u"Looking for TimescaleDB"_s);
    if (!present)
        return present.error();
    if (!present->next() || !present->value(0).toBool())
        return std::optional<HypertableTime>();
    auto time = execQuery(db,
                          u"SELECT column_name, column_type::text FROM "
                          "timescaledb_information.dimensions WHERE hypertable_schema = "
                          "coalesce(nullif(?, ''), current_schema()) AND hypertable_name = ? "
                          "ORDER BY dimension_number LIMIT 1"_s,
                          {schema, table}, u"Reading the hypertable's dimensions"_s);
    if (!time)
        return time.error();
    if (!time->next())
        return std::optional<HypertableTime>();
    return std::optional<HypertableTime>(
        HypertableTime{time->value(0).toString(), time->value(1).toString()});
}

void bindParams(QSqlQuery &query, const QVariantList &params)
{
    for (qsizetype i = 0; i < params.size(); ++i) {
        const QVariant &param = params.at(i);
        // Text with a NUL: PostgreSQL's text cannot hold one, and Qt's driver, which writes
        // the values into the statement, would cut the statement there. What Porthole stores
        // holds U+FFFD where a NUL came (ingestmessagewriter.cpp), so a NUL looks for that.
        if (param.typeId() == QMetaType::QString && param.toString().contains(QChar(u'\0')))
            query.bindValue(int(i),
                            param.toString().replace(QChar(u'\0'), QChar::ReplacementCharacter));
        else
            query.bindValue(int(i), param);
    }
}

Result<QSqlQuery> execQuery(const QSqlDatabase &db, const QString &sql, const QVariantList &params,
                            const QString &what)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.prepare(sql))
        return sqlError(query.lastError(), what);
    bindParams(query, params);
    keepUntilTransactionEnds(db, query);
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
    ++openTransactions().depth[m_db.connectionName()];
    return success();
}

Status SqlTransaction::commit()
{
    if (m_pausePoint)
        pausePoint(m_pausePoint);
    QSqlQuery query(m_db);
    if (!query.exec(u"COMMIT"_s)) {
        const StorageError error = sqlError(query.lastError(), u"Committing"_s);
        rollback();
        return error;
    }
    m_open = false;
    ended();
    return success();
}

void SqlTransaction::rollback()
{
    if (!m_open)
        return;
    m_open = false;
    QSqlQuery(m_db).exec(u"ROLLBACK"_s);
    ended();
}

void SqlTransaction::ended()
{
    OpenTransactions &state = openTransactions();
    const QString name = m_db.connectionName();
    if (--state.depth[name] > 0)
        return;
    state.depth.remove(name);
    state.statements.remove(name); // now their DEALLOCATE succeeds
}

QString withValues(const QSqlDatabase &db, const QString &sql, const QVariantList &params)
{
    QString out;
    out.reserve(sql.size());
    qsizetype next = 0;
    for (qsizetype i = 0; i < sql.size(); ++i) {
        if (sql.at(i) != u'?' || next >= params.size()) {
            out += sql.at(i);
            continue;
        }
        const QVariant &value = params.at(next++);
        QSqlField field(QString(), value.metaType());
        field.setValue(value);
        out += db.driver()->formatValue(field);
    }
    return out;
}

namespace {

// The planner's estimate of the rows of "SELECT 1 <fromWhere>": its statistics, no row read.
Result<double> plannedRows(const QSqlDatabase &db, const QString &fromWhere,
                           const QVariantList &params, const QString &what)
{
    // PostgreSQL cannot PREPARE an EXPLAIN, so the values go into the text.
    const QString sql = u"EXPLAIN (FORMAT JSON) SELECT 1 "_s + withValues(db, fromWhere, params);
    QSqlQuery plan(db);
    if (!plan.exec(sql) || !plan.next())
        return sqlError(plan.lastError(), what);
    const QJsonDocument doc = QJsonDocument::fromJson(plan.value(0).toString().toUtf8());
    return doc.array()
        .at(0)
        .toObject()
        .value(u"Plan"_s)
        .toObject()
        .value(u"Plan Rows"_s)
        .toDouble();
}

} // namespace

Result<RowCount> boundedCount(const QSqlDatabase &db, const QString &fromWhere,
                              const QVariantList &params, qint64 exactUpTo, const QString &what,
                              bool trustEstimate)
{
    const bool postgres = engineOf(db) == SqlEngine::PostgreSQL;
    // PostgreSQL: the planner first. When it expects more rows than would be counted, counting
    // would read exactUpTo + 1 of them (a sequential scan, more often than not) only to give
    // way to the estimate.
    std::optional<qint64> estimate;
    const auto plan = [&]() -> Status {
        auto planned = plannedRows(db, fromWhere, params, what);
        if (!planned)
            return planned.error();
        estimate = static_cast<qint64>(*planned);
        return success();
    };
    if (postgres && trustEstimate) {
        if (Status planned = plan(); !planned)
            return planned.error();
        if (*estimate > exactUpTo)
            return RowCount{*estimate, RowCount::Precision::Estimate};
    }
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
    if (!postgres)
        return RowCount{found, RowCount::Precision::AtLeast};
    if (!estimate) {
        if (Status planned = plan(); !planned)
            return planned.error();
    }
    return RowCount{std::max(found, *estimate), RowCount::Precision::Estimate};
}

Result<RowCount> boundedCount(const QSqlDatabase &db, const QString &from, const WhereClause &where,
                              qint64 exactUpTo, const QString &what)
{
    return boundedCount(db, from + where.sql, where.params, exactUpTo, what, !where.searchesText);
}

void WhereClause::add(const QString &condition, const QVariantList &values)
{
    sql += (sql.isEmpty() ? u" WHERE "_s : u" AND "_s) + condition;
    params += values;
}

void WhereClause::addTextSearch(const QString &condition, const QVariantList &values)
{
    add(condition, values);
    searchesText = true;
}

namespace {

// The rows past a key (`op` "<" or ">", the key's own row too when `inclusive`) in the order
// (sortColumn, tiebreak), as disjoint conditions that each seek one index range: a row value,
// or where the tiebreak is SQLite's rowid, which an index holds only implicitly (a row value
// would seek on the sort column alone, then read every row of the key's value), two: the
// key's value past its rowid, and the values past it.
QList<Condition> past(const QString &sortColumn, const QString &tiebreak, const QString &op,
                      bool inclusive, const QVariantList &key)
{
    const QString withKey = inclusive ? op + u'=' : op;
    if (tiebreak != u"rowid"_s)
        return {{u"(%1, %2) %3 (?, ?)"_s.arg(sortColumn, tiebreak, withKey), key}};
    return {{u"%1 = ? AND rowid %2 ?"_s.arg(sortColumn, withKey), key},
            {u"%1 %2 ?"_s.arg(sortColumn, op), {key.value(0)}}};
}

} // namespace

QList<WhereClause> within(const QList<WhereClause> &arms, const QList<Condition> &conditions)
{
    QList<WhereClause> both;
    for (const WhereClause &arm : arms) {
        for (const Condition &condition : conditions) {
            both << arm;
            both.last().add(condition.sql, condition.params);
        }
    }
    return both;
}

KeysetQuery unionOf(const QString &select, const QList<WhereClause> &arms)
{
    QStringList statements;
    QVariantList params;
    for (const WhereClause &arm : arms) {
        statements << select + arm.sql;
        params += arm.params;
    }
    return {statements.join(u" UNION ALL "_s), params};
}

KeysetQuery keysetQuery(const QString &select, WhereClause where, const PageRequest &request,
                        const QString &sortColumn, const QVariant &keySortParam,
                        const QVariant &keyIdParam)
{
    return keysetQuery(select, QList<WhereClause>{std::move(where)}, request, sortColumn,
                       keySortParam, keyIdParam);
}

KeysetQuery keysetQuery(const QString &select, QList<WhereClause> arms, const PageRequest &request,
                        const QString &sortColumn, const QVariant &keySortParam,
                        const QVariant &keyIdParam, const QString &tiebreak)
{
    using From = PageRequest::From;
    const bool backwards = request.from == From::Before || request.from == From::End;
    const bool descending = request.descending != backwards;
    if (request.from == From::After || request.from == From::Before)
        arms = within(arms, past(sortColumn, tiebreak, descending ? u"<"_s : u">"_s, false,
                                 {keySortParam, keyIdParam}));
    const KeysetQuery all = unionOf(select, arms);
    const QString direction = descending ? u" DESC"_s : QString();
    return {u"%1 ORDER BY %2%4, %3%4 LIMIT %5"_s.arg(all.sql, sortColumn, tiebreak, direction)
                .arg(request.limit + 1),
            all.params};
}

KeysetQuery keyRangeQuery(const QString &select, WhereClause where, const KeyRange &range,
                          const PageRequest &request, const QString &sortColumn,
                          const std::function<QVariantList(const PageKey &)> &bound)
{
    return keyRangeQuery(select, QList<WhereClause>{std::move(where)}, range, request, sortColumn,
                         bound);
}

KeysetQuery keyRangeQuery(const QString &select, QList<WhereClause> arms, const KeyRange &range,
                          const PageRequest &request, const QString &sortColumn,
                          const std::function<QVariantList(const PageKey &)> &bound,
                          const QString &tiebreak)
{
    // Past the first row onwards, and not past the last (the last included).
    arms = within(arms, past(sortColumn, tiebreak, request.descending ? u"<"_s : u">"_s,
                             range.firstIncluded, bound(range.first)));
    arms = within(arms, past(sortColumn, tiebreak, request.descending ? u">"_s : u"<"_s, true,
                             bound(range.last)));
    return keysetQuery(select, std::move(arms), forwardFromStart(request), sortColumn, {}, {},
                       tiebreak);
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

QString jsonKeyExpression(SqlEngine engine, const QString &column, const QString &key)
{
    if (engine == SqlEngine::PostgreSQL)
        return u"(%1 ->> '%2')"_s.arg(column, key);
    return u"(CASE WHEN json_valid(%1) THEN json_extract(%1, '$.%2') END)"_s.arg(column, key);
}

IndexedReads::IndexedReads(const QSqlDatabase &db, SqlEngine engine, Bitmaps bitmaps)
    : m_db(db)
{
    if (engine != SqlEngine::PostgreSQL)
        return;
    QStringList names{u"enable_seqscan"_s, u"jit"_s};
    if (bitmaps == Bitmaps::Off)
        names << u"enable_bitmapscan"_s;
    QStringList reads;
    for (const QString &name : std::as_const(names))
        reads << u"current_setting('%1', true)"_s.arg(name);
    QSqlQuery query(m_db);
    if (!query.exec(u"SELECT "_s + reads.join(u", "_s)) || !query.next())
        return;
    QStringList sets;
    for (qsizetype i = 0; i < names.size(); ++i) {
        if (query.value(int(i)).isNull()) // jit before PostgreSQL 11
            continue;
        m_before.append({names.at(i), query.value(int(i)).toString()});
        sets << u"set_config('%1', 'off', false)"_s.arg(names.at(i));
    }
    query.finish();
    if (!sets.isEmpty())
        query.exec(u"SELECT "_s + sets.join(u", "_s));
}

IndexedReads::~IndexedReads()
{
    if (m_before.isEmpty())
        return;
    QStringList sets;
    for (const auto &[name, value] : std::as_const(m_before))
        sets << u"set_config('%1', ?, false)"_s.arg(name);
    QSqlQuery query(m_db);
    query.prepare(u"SELECT "_s + sets.join(u", "_s));
    for (const auto &[name, value] : std::as_const(m_before))
        query.addBindValue(value);
    query.exec();
}

} // namespace porthole
