#include "metricrollups.h"

#include "fallbacktable.h"
#include "metricsrepository.h"
#include "sqlerror.h"
#include "sqlsupport.h"

#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <limits>
#include <optional>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

constexpr qint64 minute = 60;

// A metric table Porthole rolls up, as metric_rollup_state names it.
struct RolledTable
{
    QString source;
    QString table;
    qint64 rolledTo = 0;
    bool constantCondition = false; // PostgreSQL 14+: see setLateRowCondition()
};

QString tableOfSource(const QString &source)
{
    if (source == u"component"_s)
        return u"component_metrics"_s;
    if (source == u"port"_s)
        return u"port_metrics"_s;
    return u"metrics"_s;
}

// The values of `table`'s rows that meet `where` (over t, the table) as (owner, name, at,
// value) rows, `at` in seconds since the epoch.
QString rowValues(SqlEngine engine, const QString &table, const QString &range)
{
    const bool sqlite = engine == SqlEngine::SQLite;
    const QString at =
        sqlite ? u"unixepoch(t.timestamp)"_s : u"floor(extract(epoch FROM t.timestamp))::bigint"_s;
    const QString real = sqlite ? u"REAL"_s : u"double precision"_s;
    if (table == u"component_metrics"_s)
        return u"SELECT CAST(t.component_name AS TEXT) AS owner, CAST(t.metric_name AS TEXT) "
               "AS name, %1 AS at, CAST(t.metric_value AS %2) AS value "
               "FROM component_metrics t WHERE %3"_s.arg(at, real, range);
    if (table == u"metrics"_s)
        return u"SELECT CAST(t.sensor_id AS TEXT) AS owner, '' AS name, %1 AS at, "
               "CAST(t.value AS %2) AS value FROM metrics t WHERE %3"_s.arg(at, real, range);
    // port_metrics: a series for each counter, the table read once.
    const QStringList &counters = MetricsRepository::portCounters();
    if (sqlite) {
        // SQLite has no LATERAL: the six columns side by side, then one row each.
        QStringList columns;
        QStringList unpivot;
        for (int i = 0; i < counters.size(); ++i) {
            columns << u"CAST(t.%1 AS REAL) AS v%2"_s.arg(counters.at(i)).arg(i);
            unpivot << u"SELECT p.owner, '%1' AS name, p.at, p.v%2 AS value FROM p"_s
                           .arg(counters.at(i))
                           .arg(i);
        }
        return u"SELECT * FROM (WITH p AS MATERIALIZED (SELECT CAST(t.port_name AS TEXT) AS owner, "
               u"%1 AS at, "
               "%2 FROM port_metrics t WHERE %3) %4)"_s.arg(at, columns.join(u", "_s), range,
                                                            unpivot.join(u" UNION ALL "_s));
    }
    QStringList values;
    for (const QString &counter : counters)
        values << u"('%1', CAST(t.%1 AS %2))"_s.arg(counter, real);
    return u"SELECT CAST(t.port_name AS TEXT) AS owner, c.name, %1 AS at, c.value "
           "FROM port_metrics t, LATERAL (VALUES %2) AS c (name, value) WHERE %3"_s.arg(
               at, values.join(u", "_s), range);
}

// The boundary as the rows' times compare with it (migration 30).
QVariant boundaryParam(qint64 seconds, SqlEngine engine)
{
    return wholeSecondParam(QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC), engine);
}

Result<QList<RolledTable>> rolledTables(const QSqlDatabase &db)
{
    // With the server's version, read once a call rather than once a step.
    const bool sqlite = engineOf(db) == SqlEngine::SQLite;
    auto query =
        execQuery(db,
                  u"SELECT source, rolled_to, %1 FROM metric_rollup_state ORDER BY source"_s.arg(
                      sqlite ? u"0"_s : u"current_setting('server_version_num')::int >= 140000"_s),
                  {}, u"Reading the metric rollups' boundaries"_s);
    if (!query)
        return query.error();
    QList<RolledTable> tables;
    while (query->next()) {
        const QString source = query->value(0).toString();
        tables.append({source, tableOfSource(source), query->value(1).toLongLong(),
                       query->value(2).toBool()});
    }
    return tables;
}

// Adds to the rollups the rows of `table` whose time is in [times.first, times.second), through
// the time index; on SQLite only those up to rowids.second, and with them the rows after
// rowids.first up to rowids.second whose time is before times.first (through the rowid: the
// unary + keeps SQLite off the other indexes). Returns the rollup rows added to or made.
Result<qint64> addRows(const QSqlDatabase &db, const RolledTable &table,
                       std::pair<qint64, qint64> times, std::pair<qint64, qint64> rowids)
{
    const auto [from, to] = times;
    const SqlEngine engine = engineOf(db);
    const bool sqlite = engine == SqlEngine::SQLite;
    QString rows = rowValues(engine, table.table,
                             sqlite ? u"t.timestamp >= ? AND t.timestamp < ? AND +t.rowid <= ?"_s
                                    : u"t.timestamp >= ? AND t.timestamp < ?"_s);
    QVariantList params{table.source, boundaryParam(from, engine), boundaryParam(to, engine)};
    if (sqlite) {
        rows = u"SELECT * FROM (%1) UNION ALL SELECT * FROM (%2)"_s.arg(
            rows,
            rowValues(engine, table.table, u"t.rowid > ? AND t.rowid <= ? AND +t.timestamp < ?"_s));
        params << rowids.second << rowids.first << rowids.second << boundaryParam(from, engine);
    }
    const QString bucket = u"v.at - ((v.at % w.width) + w.width) % w.width"_s;
    const QString sql =
        u"INSERT INTO metric_rollups AS r (source, owner, name, width, bucket, value_sum, "
        "value_min, value_max, value_count) "
        "SELECT CAST(? AS TEXT), v.owner, v.name, w.width, %1 AS b, sum(v.value), min(v.value), "
        "max(v.value), count(*) FROM (%2) v, metric_rollup_widths w "
        "WHERE v.at IS NOT NULL AND v.value IS NOT NULL "
        "GROUP BY v.owner, v.name, w.width, b "
        "ON CONFLICT (source, owner, name, width, bucket) DO UPDATE SET "
        "value_sum = r.value_sum + excluded.value_sum, "
        "value_min = %3(r.value_min, excluded.value_min), "
        "value_max = %4(r.value_max, excluded.value_max), "
        "value_count = r.value_count + excluded.value_count"_s.arg(
            bucket, rows, sqlite ? u"min"_s : u"least"_s, sqlite ? u"max"_s : u"greatest"_s);
    auto rolled = execQuery(db, sql, params, u"Rolling up %1"_s.arg(table.table));
    if (!rolled)
        return rolled.error();
    return qint64(std::max(0, rolled->numRowsAffected()));
}

// On PostgreSQL 14 and later, the late-row trigger's condition compares with the boundary as a
// constant, replaced with the boundary (CREATE OR REPLACE TRIGGER, under the lock the step
// holds): the sequence read a row cost the pipeline's inserts of 1,000 rows about 13 %, a
// constant 1.5 % (docs/BENCHMARKS.md). An older server keeps migration 30's condition, which
// reads the sequence. A condition that cannot be replaced fails the step: one left behind the
// boundary would miss the late rows between.
Status setLateRowCondition(const QSqlDatabase &db, const RolledTable &table, qint64 to)
{
    if (!table.constantCondition)
        return success();
    QSqlQuery query(db);
    // Sent as it is (DDL takes no parameters); the values are Porthole's own.
    const QString boundary =
        QDateTime::fromSecsSinceEpoch(to, Qt::UTC).toString(u"yyyy-MM-dd HH:mm:ss'+00'"_s);
    if (!query.exec(u"CREATE OR REPLACE TRIGGER %1_rollup_insert AFTER INSERT ON %1 FOR EACH ROW "
                    "WHEN (NEW.timestamp < '%2'::timestamptz) "
                    "EXECUTE FUNCTION metric_rollups_add_late('%3')"_s.arg(table.table, boundary,
                                                                           table.source)))
        return sqlError(query.lastError(),
                        u"Setting the late-row condition of %1"_s.arg(table.table));
    return success();
}

// Moves the boundary of `table` to `to` (on SQLite its rowid to `topRowid`), in the state and,
// on PostgreSQL, in the sequence and the insert trigger's condition (setLateRowCondition()).
Status moveBoundary(const QSqlDatabase &db, const RolledTable &table, qint64 to, qint64 topRowid)
{
    const SqlEngine engine = engineOf(db);
    const bool sqlite = engine == SqlEngine::SQLite;
    auto moved =
        execQuery(db,
                  sqlite ? u"UPDATE metric_rollup_state SET rolled_to = ?, "
                           "rolled_to_text = ?, rolled_rowid = ? WHERE source = ?"_s
                         : u"UPDATE metric_rollup_state SET rolled_to = ? "
                           "WHERE source = ?"_s,
                  sqlite ? QVariantList{to, boundaryParam(to, engine), topRowid, table.source}
                         : QVariantList{to, table.source},
                  u"Moving the boundary of %1"_s.arg(table.table));
    if (!moved)
        return moved.error();
    if (!sqlite) {
        // The triggers' conditions read the sequence: set before the commit, it is never behind
        // the boundary (a rollback leaves it ahead, where the late-row trigger reads the state).
        auto published =
            execQuery(db, u"SELECT setval(?, ?)"_s,
                      QVariantList{QString(u"metric_rollup_boundary_"_s + table.source), to},
                      u"Publishing the boundary of %1"_s.arg(table.table));
        if (!published)
            return published.error();
        if (Status conditioned = setLateRowCondition(db, table, to); !conditioned)
            return conditioned;
    }
    return success();
}

// What a step did, and the boundary it left.
struct Step
{
    enum class Done
    {
        Waiting,      // the table's lock (PostgreSQL) or the write lock (SQLite) was busy
        Nothing,      // the boundary was there already (another process may have moved it)
        Moved,        // rows rolled up, the boundary moved
        MovedAndMore, // and on SQLite more late rows than lateRows are left
    };
    Done done = Done::Nothing;
    qint64 boundary = 0;
};

// Rolls `table` up from its boundary to `to` in one transaction; on SQLite also the rows
// inserted since the last step with a time before the boundary (late values: SQLite has no
// insert trigger), at most lateRows of them.
Result<Step> rollStep(const QSqlDatabase &db, const RolledTable &table, qint64 to,
                      const RollupOptions &options, qint64 *buckets)
{
    const SqlEngine engine = engineOf(db);
    const bool sqlite = engine == SqlEngine::SQLite;
    SqlTransaction transaction(db);
    transaction.setPausePoint("rollup-commit");
    if (Status begun = transaction.begin(); !begun) {
        if (begun.error().kind == StorageError::Kind::Locked)
            return Step{Step::Done::Waiting, table.rolledTo};
        return begun.error();
    }
    if (!sqlite) {
        // Sent as they are (not prepared): SET and LOCK take no parameters. SHARE ROW EXCLUSIVE
        // waits for the table's writers under way and holds the next ones back, and two
        // rollers (a window's and a worker's) take turns: it conflicts with itself.
        QSqlQuery lock(db);
        if (!lock.exec(u"SET LOCAL lock_timeout = %1"_s.arg(options.lockTimeout.count())) ||
            !lock.exec(u"LOCK TABLE %1 IN SHARE ROW EXCLUSIVE MODE"_s.arg(table.table))) {
            if (lock.lastError().nativeErrorCode() == u"55P03"_s)
                return Step{Step::Done::Waiting, table.rolledTo};
            return sqlError(lock.lastError(), u"Locking %1 to roll it up"_s.arg(table.table));
        }
    }
    // The boundary again, under the lock: another process may have moved it.
    auto current = execQuery(
        db,
        sqlite ? u"SELECT s.rolled_to, s.rolled_rowid, (SELECT coalesce(max(rowid), 0) FROM %1) "
                 "FROM metric_rollup_state s WHERE s.source = ?"_s.arg(table.table)
               : u"SELECT rolled_to, 0, 0 FROM metric_rollup_state WHERE source = ?"_s,
        {table.source}, u"Reading the boundary of %1"_s.arg(table.table));
    if (!current)
        return current.error();
    if (!current->next()) // the table's row gone: nothing of it is rolled up any more
        return Step{Step::Done::Nothing, std::numeric_limits<qint64>::max()};
    const qint64 from = current->value(0).toLongLong();
    const qint64 rolledRowid = current->value(1).toLongLong();
    const qint64 topRowid = current->value(2).toLongLong();
    to = std::max(from, to); // never back
    const qint64 toRowid = std::min(topRowid, rolledRowid + std::max<qint64>(1, options.lateRows));
    if (to == from && toRowid <= rolledRowid)
        return Step{Step::Done::Nothing, from};

    auto added = addRows(db, table, {from, to}, {rolledRowid, toRowid});
    if (!added)
        return added.error();
    *buckets += *added;
    if (Status moved = moveBoundary(db, table, to, toRowid); !moved)
        return moved.error();
    if (Status committed = transaction.commit(); !committed)
        return committed.error();
    return Step{toRowid < topRowid ? Step::Done::MovedAndMore : Step::Done::Moved, to};
}

} // namespace

Result<RollupProgress> rollMetricRollups(const QSqlDatabase &db, const QDateTime &now,
                                         const RollupOptions &options)
{
    RollupProgress progress;
    if (!hasTable(db, u"metric_rollup_state"_s))
        return progress;
    auto read = rolledTables(db);
    if (!read)
        return read.error();
    QList<RolledTable> tables = *read;
    const qint64 target = (now.toSecsSinceEpoch() - options.settle.count()) / minute * minute;
    const qint64 step = std::max<qint64>(minute, options.step.count() / minute * minute);
    const bool sqlite = engineOf(db) == SqlEngine::SQLite;
    for (RolledTable &table : tables) {
        // On SQLite one step even at the boundary (the rows inserted since the last with a time
        // before it), and more while more of them are left than a step takes.
        bool again = sqlite;
        while ((table.rolledTo < target || again) && progress.steps < options.maxSteps) {
            const qint64 to = std::min(table.rolledTo + step, std::max(target, table.rolledTo));
            auto done = rollStep(db, table, to, options, &progress.buckets);
            if (!done)
                return done.error();
            if (done->done == Step::Done::Waiting) {
                progress.waiting << table.table;
                break;
            }
            if (done->done != Step::Done::Nothing)
                ++progress.steps;
            again = done->done == Step::Done::MovedAndMore;
            // Where the step left it: another process may have moved it further.
            table.rolledTo = std::max(table.rolledTo, done->boundary);
        }
    }
    tables.removeIf([](const RolledTable &table) {
        return table.rolledTo == std::numeric_limits<qint64>::max();
    });
    if (!tables.isEmpty()) {
        const auto oldest = std::min_element(
            tables.cbegin(), tables.cend(),
            [](const RolledTable &a, const RolledTable &b) { return a.rolledTo < b.rolledTo; });
        progress.oldestBoundary = QDateTime::fromSecsSinceEpoch(oldest->rolledTo, Qt::UTC);
    }
    return progress;
}

} // namespace porthole
