#pragma once

#include "paging.h"
#include "sqltypes.h"
#include "storageerror.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariant>
#include <QVariantList>

#include <functional>
#include <optional>
#include <utility>

namespace porthole {

SqlEngine engineOf(const QSqlDatabase &db);

// Timestamps are UTC. SQLite keeps them as text 'YYYY-MM-DD HH:MM:SS.SSS', which sorts in
// time order; PostgreSQL as TIMESTAMP WITH TIME ZONE.
QVariant timestampParam(const QDateTime &time, SqlEngine engine);
QDateTime timestampValue(const QVariant &value);
QString timestampText(const QDateTime &time); // the SQLite form
// A time of whole seconds as one end of a range: on SQLite its text without a fraction, which a
// row's time at that second compares at or after whether it has one ('12:00:00.000') or not
// ('12:00:00', SQLite's CURRENT_TIMESTAMP); timestampParam()'s '12:00:00.000' would put the
// latter before it. The fraction of `time`, if any, is dropped.
QVariant wholeSecondParam(const QDateTime &time, SqlEngine engine);

// JSON is bound as text on both engines (TEXT checked by json_valid, or JSONB); an empty
// value is SQL NULL.
QVariant jsonParam(const QByteArray &json);

// `text` lower-cased as a LIKE pattern that matches it anywhere, with '\' escaping '%', '_'
// and itself (for ESCAPE '\').
QString containsPattern(const QString &text);

// The condition "`column` holds one of `values`" (text, or UUIDs when `uuids`), with its one
// bound parameter; a lookup of few values that reads the column's index on both engines.
// The text value of a top-level key of the JSON column `column`, as migrations 21 and 24
// index it, word for word: on SQLite a value that is not JSON reads as no value. `key` is
// letters, digits and underscores.
QString jsonKeyExpression(SqlEngine engine, const QString &column, const QString &key);

std::pair<QString, QVariant> anyOf(SqlEngine engine, const QString &column,
                                   const QStringList &values, bool uuids = false);

IdSet idSet(SqlEngine engine, const QStringList &uuids); // port message ids
IdSet idSet(SqlEngine engine, const QList<qint64> &ids); // integer keys

// Runs `run` for each part of `ids` of at most `perStatement`, with the part as an IdSet and
// its size, and stops at the first failure.
Status forEachIdBatch(const QSqlDatabase &db, const QStringList &ids, qsizetype perStatement,
                      const std::function<Status(const IdSet &set, qsizetype count)> &run);

// Runs a statement with positional (?) parameters; the error says what was being done. A NUL
// in a text parameter is bound as U+FFFD, as Porthole stores it.
Result<QSqlQuery> execQuery(const QSqlDatabase &db, const QString &sql, const QVariantList &params,
                            const QString &what);
// Binds `params` to the placeholders of a prepared `query`, in order, as execQuery() does.
void bindParams(QSqlQuery &query, const QVariantList &params);

// A TimescaleDB hypertable's time: the column of its first dimension and that column's type, as
// timescaledb_information.dimensions names them ("timestamp with time zone"). None for any
// other table, and where the extension is not installed. PostgreSQL only; `schema` empty: the
// current schema.
struct HypertableTime
{
    QString column;
    QString type;
};
Result<std::optional<HypertableTime>> hypertableTime(const QSqlDatabase &db, const QString &schema,
                                                     const QString &table);

// `sql` with each `?` replaced by the next of `params`, quoted by the driver exactly as it
// quotes them when it executes a prepared statement: for a statement that cannot be prepared
// (EXPLAIN on PostgreSQL) or is sent through the engine's own API. No `?` may stand in a
// string literal of `sql`.
QString withValues(const QSqlDatabase &db, const QString &sql, const QVariantList &params);

// On PostgreSQL, while it lives, reads that each have their index planned as such, which a
// planner without statistics gets wrong:
// - no sequential scan: it took twenty values of a key for a tenth of the table, and any three
//   characters for a common text, and read the table whole for a LIMIT;
// - no JIT compilation: a read of many index probes adds their subqueries' estimates up past
//   jit_above_cost, and compiling the pipeline map's read took three quarters of its time;
// - with Bitmaps::Off, no bitmap scan either, for counts that stop at a cap (LIMIT N): a bitmap
//   scan reads every entry of its range before it gives the first row (not for a trigram
//   search, which only a bitmap scan reads).
// The settings are the session's, and are put back as they were. Nothing on SQLite.
class IndexedReads
{
public:
    enum class Bitmaps
    {
        Allowed,
        Off,
    };
    IndexedReads(const QSqlDatabase &db, SqlEngine engine, Bitmaps bitmaps = Bitmaps::Allowed);
    ~IndexedReads();
    IndexedReads(const IndexedReads &) = delete;
    IndexedReads &operator=(const IndexedReads &) = delete;

private:
    QSqlDatabase m_db;
    QList<std::pair<QString, QString>> m_before; // each setting changed, and its value before
};

// A transaction that rolls back unless committed. On SQLite a write transaction takes the
// write lock at once (BEGIN IMMEDIATE), so it waits for the busy timeout instead of failing
// on a lock upgrade halfway through.
class SqlTransaction
{
public:
    explicit SqlTransaction(QSqlDatabase db);
    ~SqlTransaction();
    SqlTransaction(const SqlTransaction &) = delete;
    SqlTransaction &operator=(const SqlTransaction &) = delete;

    Status begin();
    Status commit();
    void rollback();
    // Names the pause point (faultpoint.h) that commit() passes just before its COMMIT, after
    // everything its caller did before it: where a test holds a commit under way.
    void setPausePoint(const char *name) { m_pausePoint = name; }

private:
    void ended();

    QSqlDatabase m_db;
    bool m_open = false;
    const char *m_pausePoint = nullptr;
};

// Counts rows of `fromWhere` ("FROM t WHERE ...") without scanning a huge table: exactly up to
// `exactUpTo` rows, beyond that the planner's estimate on PostgreSQL (Estimate) or the
// cap on SQLite (AtLeast). A count stops at the (exactUpTo + 1)th matching row. On PostgreSQL,
// when `trustEstimate` and the planner expects more than exactUpTo rows, its estimate (from
// the catalogue's statistics, pg_class and pg_statistic) is the answer and no row is read.
Result<RowCount> boundedCount(const QSqlDatabase &db, const QString &fromWhere,
                              const QVariantList &params, qint64 exactUpTo, const QString &what,
                              bool trustEstimate = true);
// The same for `from` ("FROM t") and a filter: the estimate is trusted unless it searches text.
Result<RowCount> boundedCount(const QSqlDatabase &db, const QString &from, const WhereClause &where,
                              qint64 exactUpTo, const QString &what);

// The SQL of one keyset page: `select` ("SELECT ... FROM t") with the filter, the position
// (sortColumn, id) after or before the key, the order, and one row more than the limit to
// learn whether there are more. Reading backwards (Before, End) walks the index the other
// way; finishPage() turns the rows around again.
KeysetQuery keysetQuery(const QString &select, WhereClause where, const PageRequest &request,
                        const QString &sortColumn, const QVariant &keySortParam,
                        const QVariant &keyIdParam);

// The SQL of the rows within `range`, read forwards in the order `request` names (its
// descending and limit; not its position): both bounds as row values on (sortColumn, id), the
// order of the browse indexes, so that the stretch is one index range scan. `bound` gives a
// key's two bound values, its sort value and its id, as the table holds them.
KeysetQuery keyRangeQuery(const QString &select, WhereClause where, const KeyRange &range,
                          const PageRequest &request, const QString &sortColumn,
                          const std::function<QVariantList(const PageKey &)> &bound);

// The same over disjoint arms, each a WHERE clause of its own, read as one statement: the arms
// joined by UNION ALL under the page's ORDER BY and LIMIT. SQLite merges the arms (MERGE
// UNION ALL), each walking its own index in the page's order, and stops at the page's end,
// where one OR of them would read every row of both and sort them. `select` names every
// column the order does (a compound statement sorts by its result columns).
//
// `tiebreak` orders the rows of one sort value: the id, or on SQLite where the sort column's
// index has no id, the rowid it ends in (the key's id then holds the rowid, bound as an
// integer); a key's position is then two arms, its own value past its rowid and the values
// past it, each an index range.
KeysetQuery keysetQuery(const QString &select, QList<WhereClause> arms, const PageRequest &request,
                        const QString &sortColumn, const QVariant &keySortParam,
                        const QVariant &keyIdParam, const QString &tiebreak = QStringLiteral("id"));
KeysetQuery keyRangeQuery(const QString &select, QList<WhereClause> arms, const KeyRange &range,
                          const PageRequest &request, const QString &sortColumn,
                          const std::function<QVariantList(const PageKey &)> &bound,
                          const QString &tiebreak = QStringLiteral("id"));

// Each arm with each of `conditions` (AND): the arms of both at once, still disjoint when
// each list is.
QList<WhereClause> within(const QList<WhereClause> &arms, const QList<Condition> &conditions);
// `select` ("SELECT ... FROM t") with each arm's WHERE clause, joined by UNION ALL, and the
// arms' values in order: the statement to put an ORDER BY and a LIMIT after.
KeysetQuery unionOf(const QString &select, const QList<WhereClause> &arms);

// Checks a page request against a repository's sortable columns (the first is the default);
// returns the column to sort by.
Result<QString> checkPageRequest(const PageRequest &request, const QStringList &sortColumns,
                                 const QString &what);

} // namespace porthole
