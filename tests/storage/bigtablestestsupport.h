#pragma once

#include "auditlog.h"
#include "checkpointrepository.h"
#include "messagerepository.h"
#include "pipelinesnapshot.h"
#include "portmessagerepository.h"
#include "queryplan.h"
#include "repositorytestsupport.h"
#include "sqlitestatement.h"
#include "sqlsupport.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QTimeZone>

#include <functional>
#include <sqlite3.h>

namespace porthole::test {

using namespace Qt::StringLiterals;
using Engine = porthole::test::ScratchDatabase::Engine;

// Big-table manners, pane by pane: what each pane reads when it opens, pages and filters, on
// tables large enough that reading them whole would show, and on both engines.
//
// Each read is the repository function the pane's model calls, with the arguments it passes
// (models/*model.cpp: pages of 200 rows newest first, a page read again by its bounds, counts
// exact up to a cap). What the read did is watched, not its SQL copied:
// - SQLite: every statement it ran, caught as it finishes (sqlite3_trace_v2). Its plan (EXPLAIN
//   QUERY PLAN) may not read a table whole ("SCAN t" without an index) and may not sort in a
//   temporary B-tree unless the case allows it; and SQLite's own count of the rows it stepped
//   through in loops without a constraint (SQLITE_STMTSTATUS_FULLSCAN_STEP: a table, or an index
//   from one end) must stay within what the read is for: a page and what its filter passes over.
//   A count (boundedCount(): "SELECT count(*) FROM (... LIMIT n) capped") may step through its
//   cap, no more. SQLite has no statistics here: Porthole does not ANALYZE on SQLite.
// - PostgreSQL, after ANALYZE: the session's scan counters (pg_stat_xact_user_tables) around
//   the read: no sequential scan of a large table; an index scan seen (or, for a count on pane
//   open, no scan at all: the estimate is the catalogue's). The counters count scans, not the
//   rows an index scan reads: those show with QT_LOGGING_RULES="porthole.test.bigtables.debug=
//   true", with SQLite's plans.
//
// The Metrics pane's reads (series lists, ranges) are checked the same way in
// tst_metricsrepository (readsIndexesNotTables); the Overview's heartbeats also in
// tst_healthrepository.

// The category of each test that includes this (a header's definition in an unnamed namespace).
namespace {
Q_LOGGING_CATEGORY(lcBigTables, "porthole.test.bigtables", QtWarningMsg)
} // namespace

constexpr qint64 bigRows = 60000;        // messages and port messages
constexpr qint64 auditRows = 50000;      // audit log entries
constexpr qint64 checkpointNames = 300;  // checkpoints: names ...
constexpr qint64 checkpointRows = 30000; // ... and versions (100 each)
constexpr qint64 longVersions = 1500;    // and one name of many versions, "cp-long"
constexpr qint64 heartbeatRows = 20000;  // system_health, of 12 components
// Counts are exact up to this. The panes count up to 100,000 (PagedTableModel::Options::
// exactCountUpTo): the same code with a lower cap keeps the tables (and the test) small.
constexpr qint64 exactUpTo = 20000;
constexpr int pageSize = 200;        // PagedTableModel::Options::pageSize
constexpr qint64 epoch = 1800000000; // row i was written at epoch + i seconds

const QStringList bigTables{u"messages"_s, u"port_messages"_s, u"audit_log"_s, u"checkpoints"_s,
                            u"system_health"_s};

inline QDateTime at(qint64 i)
{
    return QDateTime::fromSecsSinceEpoch(epoch + i, QTimeZone::utc());
}

// INSERT INTO table (columns) SELECT select FROM rows i = 1..n, in one statement: in `select`,
// {time} is the time of row i and {jsonb} makes text JSON on PostgreSQL.
inline QString fillSql(Engine engine, const QString &table, const QString &columns, QString select,
                       qint64 n)
{
    const bool sqlite = engine == Engine::SQLite;
    select.replace(u"{time}"_s,
                   sqlite ? u"strftime('%Y-%m-%d %H:%M:%f', %1 + i, 'unixepoch')"_s.arg(epoch)
                          : u"to_timestamp(%1 + i)"_s.arg(epoch));
    select.replace(u"{jsonb}"_s, sqlite ? QString() : u"::jsonb"_s);
    return sqlite ? u"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %1) "
                    "INSERT INTO %2 (%3) SELECT %4 FROM n"_s.arg(n)
                        .arg(table, columns, select)
                  : u"INSERT INTO %1 (%2) SELECT %3 FROM generate_series(1, %4) i"_s
                        .arg(table, columns, select)
                        .arg(n);
}

// Every statement SQLite finished on a connection while this is alive, with what it cost.
class SqliteTrace
{
public:
    struct Statement
    {
        QString sql;      // as prepared, with its placeholders
        QString expanded; // with the values bound in place of the placeholders
        qint64 fullScanSteps = 0;
    };

    explicit SqliteTrace(const QSqlDatabase &db)
        : m_handle(SqliteStatement::handleOf(db))
    {
        if (m_handle)
            sqlite3_trace_v2(m_handle, SQLITE_TRACE_PROFILE, &SqliteTrace::finished, this);
    }
    ~SqliteTrace() { stop(); }
    SqliteTrace(const SqliteTrace &) = delete;
    SqliteTrace &operator=(const SqliteTrace &) = delete;

    bool isValid() const { return m_handle != nullptr; }
    void stop()
    {
        if (m_handle)
            sqlite3_trace_v2(m_handle, 0, nullptr, nullptr);
        m_handle = nullptr;
    }
    const QList<Statement> &statements() const { return m_statements; }

private:
    static int finished(unsigned, void *context, void *statement, void *)
    {
        auto *trace = static_cast<SqliteTrace *>(context);
        auto *stmt = static_cast<sqlite3_stmt *>(statement);
        char *expanded = sqlite3_expanded_sql(stmt);
        trace->m_statements.append({QString::fromUtf8(sqlite3_sql(stmt)),
                                    QString::fromUtf8(expanded),
                                    sqlite3_stmt_status(stmt, SQLITE_STMTSTATUS_FULLSCAN_STEP, 0)});
        sqlite3_free(expanded);
        return 0;
    }

    sqlite3 *m_handle = nullptr;
    QList<Statement> m_statements;
};

// What a read may do beyond reading index ranges.
struct Allowed
{
    // SQLite: rows one statement may step through in loops without a constraint.
    qint64 steps = 3000;
    // SQLite: a statement whose SQL holds this may sort in a temporary B-tree (a few rows: one
    // a checkpoint name or a component, a filter's rows found by another index).
    QString maySort = {};
    // SQLite: the query's own tables (common table expressions), which it may scan.
    QStringList derived = {};
    // PostgreSQL: the answer comes from the catalogue, without a scan of any kind.
    bool catalogueOnly = false;
};

// A read: the repository call; an error message, or empty when it worked.
using Read = std::function<QString()>;

template <typename T>
inline QString failure(const Result<T> &result)
{
    return result ? QString() : result.errorMessage();
}

// Runs `read` and says what it did to the large tables that it should not have (nothing:
// empty). PostgreSQL: call inside a transaction block (see test::pendingScans()).
inline QStringList misreads(const QSqlDatabase &db, const QString &what, const Allowed &allowed,
                            const Read &read)
{
    QStringList problems;
    const auto problem = [&](const QString &text) {
        problems << what + u": "_s + text;
    };
    if (engineOf(db) == SqlEngine::PostgreSQL) {
        const test::ScanCounts before = test::pendingScans(db, bigTables);
        if (before.sequential < 0)
            return {what + u": the scan counters could not be read"_s};
        if (const QString failed = read(); !failed.isEmpty())
            return {what + u": "_s + failed};
        const test::ScanCounts after = test::pendingScans(db, bigTables);
        qCDebug(lcBigTables).noquote()
            << what << after.sequential - before.sequential << "sequential scans"
            << after.index - before.index << "index scans" << after.fetched - before.fetched
            << "rows fetched";
        if (after.sequential != before.sequential)
            problem(u"%1 sequential scans of a large table"_s.arg(after.sequential -
                                                                  before.sequential));
        if (allowed.catalogueOnly && after.index != before.index)
            problem(u"%1 index scans where the catalogue's estimate was expected"_s.arg(
                after.index - before.index));
        if (!allowed.catalogueOnly && after.index == before.index)
            problem(u"no index scan counted: the counters did not see the read"_s);
        return problems;
    }

    SqliteTrace trace(db);
    if (!trace.isValid())
        return {what + u": no SQLite handle to trace"_s};
    const QString failed = read();
    trace.stop();
    if (!failed.isEmpty())
        return {what + u": "_s + failed};
    if (trace.statements().isEmpty())
        problem(u"no statement seen"_s);
    for (const SqliteTrace::Statement &statement : trace.statements()) {
        const QStringList plan = test::sqlitePlan(db, {statement.expanded, {}});
        qCDebug(lcBigTables).noquote() << what << statement.expanded << plan
                                       << statement.fullScanSteps << "rows stepped in full scans";
        const QString shown =
            u"\n  "_s + statement.expanded.left(400) + u"\n    "_s + plan.join(u"\n    "_s) +
            u"\n    (%1 rows stepped in full scans)"_s.arg(statement.fullScanSteps);
        // A count stops at its cap: the rows up to it may be read in any order.
        const bool count = statement.sql.endsWith(u") capped"_s);
        const QStringList scans = test::fullScans(plan, allowed.derived + QStringList{u"capped"_s});
        if (!scans.isEmpty() && !count)
            problem(u"reads a table whole (%1)"_s.arg(scans.join(u"; "_s)) + shown);
        const qint64 steps = count ? exactUpTo + 1 : allowed.steps;
        if (statement.fullScanSteps > steps)
            problem(
                u"stepped through %1 rows, more than %2"_s.arg(statement.fullScanSteps).arg(steps) +
                shown);
        const bool maySort = !allowed.maySort.isEmpty() && statement.sql.contains(allowed.maySort);
        if (!maySort && plan.join(u'\n').contains(u"TEMP B-TREE"_s))
            problem(u"sorts its rows"_s + shown);
    }
    return problems;
}

// PostgreSQL's scan counters count within a transaction block; SQLite needs none.
class ReadTransaction
{
public:
    explicit ReadTransaction(const QSqlDatabase &db)
        : m_db(db)
    {
        if (engineOf(m_db) == SqlEngine::PostgreSQL)
            m_open = QSqlQuery(m_db).exec(u"BEGIN"_s);
    }
    ~ReadTransaction()
    {
        if (m_open)
            QSqlQuery(m_db).exec(u"ROLLBACK"_s);
    }
    bool ok() const { return m_open || engineOf(m_db) == SqlEngine::SQLite; }

private:
    QSqlDatabase m_db;
    bool m_open = false;
};

// The rows as initTestCase() writes them: port message i.
inline QString portOf(qint64 i)
{
    return u"port-%1"_s.arg(i % 8);
}
inline QString statusOf(qint64 i)
{
    const qint64 r = i % 100;
    return r < 82   ? u"completed"_s
           : r < 87 ? u"pending"_s
           : r < 89 ? u"processing"_s
           : r < 96 ? u"failed"_s
                    : u"dead_letter"_s;
}
inline bool isDeadLetter(qint64 i)
{
    return statusOf(i) == u"dead_letter"_s || (statusOf(i) == u"failed"_s && i % 3 == 0);
}
// How many port messages pass `filter` (its ports, statuses, times and dead letters only).
inline qint64 portMessagesOf(const PortMessageFilter &filter)
{
    qint64 n = 0;
    for (qint64 i = 1; i <= bigRows; ++i) {
        n += (filter.ports.isEmpty() || filter.ports.contains(portOf(i))) &&
             (filter.statuses.isEmpty() || filter.statuses.contains(statusOf(i))) &&
             (!filter.from.isValid() || at(i) >= filter.from) &&
             (!filter.to.isValid() || at(i) < filter.to) &&
             (!filter.deadLettersOnly || isDeadLetter(i));
    }
    return n;
}

// Whether a count of `rows` rows is what a pane should show: exact up to the cap; above it
// PostgreSQL's estimate (within a tenth) and SQLite's cap ("more than").
inline QString countProblem(const Result<RowCount> &count, qint64 rows, SqlEngine engine)
{
    if (!count)
        return count.errorMessage();
    const bool right = rows <= exactUpTo ? *count == RowCount{rows}
                       : engine == SqlEngine::SQLite
                           ? *count == RowCount{exactUpTo + 1, RowCount::Precision::AtLeast}
                           : count->precision == RowCount::Precision::Estimate &&
                                 std::abs(count->value - rows) <= rows / 10;
    return right ? QString()
                 : u"counted %1 (precision %2) of %3 rows"_s.arg(count->value)
                       .arg(int(count->precision))
                       .arg(rows);
}

inline PageRequest request(PageRequest::From from, const PageKey &key, const QString &sortColumn,
                           bool descending = true, int limit = pageSize)
{
    return PageRequest{from, key, limit, sortColumn, descending};
}

// What tst_BigTables and tst_BigMessageTables derive from: a migrated database of each engine,
// which each fills with large tables in its initTestCase().
class BigTablesTest : public QObject
{
protected:
    // Both engines' databases, filled with the big tables (initTestCase of each unit).
    void fillDatabases()
    {
        for (const Engine engine : {Engine::SQLite, Engine::PostgreSQL}) {
            QElapsedTimer timer;
            timer.start();
            auto database = std::make_unique<MigratedDatabase>(engine);
            QVERIFY2(database->ok(), qPrintable(database->error));
            // Port messages: 82% completed, 5% pending, 2% processing, 7% failed (a third with
            // their retries spent) and 4% dead letters, as `porthole generate` makes them; 8 ports.
            const QString status =
                u"CASE WHEN i % 100 < 82 THEN 'completed' WHEN i % 100 < 87 THEN 'pending' "
                "WHEN i % 100 < 89 THEN 'processing' WHEN i % 100 < 96 THEN 'failed' "
                "ELSE 'dead_letter' END"_s;
            const QStringList fills{
                fillSql(engine, u"messages"_s,
                        u"message_number, content, timestamp, delivery_key, source"_s,
                        u"i, 'message ' || i || CASE WHEN i % 10 = 0 THEN ' tenth' ELSE '' END, "
                        "{time}, 'key-' || i, 'stream'"_s,
                        bigRows),
                fillSql(
                    engine, u"port_messages"_s,
                    u"port_name, source_component, target_component, message_data, status, "
                    "retry_count, max_retries, created_at, error_message"_s,
                    u"'port-' || (i % 8), 'sender', 'receiver', ('{\"n\": ' || i || '}'){jsonb}, "_s +
                        status +
                        u", CASE WHEN i % 3 = 0 THEN 3 ELSE 1 END, 3, {time}, "
                        "CASE WHEN i % 100 >= 89 THEN 'error ' || (i % 5) || ' at ' || i END"_s,
                    bigRows),
                fillSql(
                    engine, u"audit_log"_s, u"occurred_at, actor, action, affected_count"_s,
                    u"{time}, 'operator', CASE WHEN i % 10 = 0 THEN 'replay' ELSE 'purge' END, 1"_s,
                    auditRows),
                // Row i is version (i - 1) / names + 1 of name i % names; the last are the latest.
                fillSql(engine, u"checkpoints"_s,
                        u"checkpoint_name, component_name, checkpoint_data, version, is_latest, "
                        "created_at"_s,
                        u"'cp-' || (i % %1), 'component-' || (i % 30), ('{\"i\": ' || i || "
                        u"'}'){jsonb}, "
                        "(i - 1) / %1 + 1, i > %2, {time}"_s.arg(checkpointNames)
                            .arg(checkpointRows - checkpointNames),
                        checkpointRows),
                fillSql(engine, u"checkpoints"_s,
                        u"checkpoint_name, component_name, checkpoint_data, version, is_latest, "
                        "created_at"_s,
                        u"'cp-long', 'component-long', ('{}'){jsonb}, i, i = %1, {time}"_s.arg(
                            longVersions),
                        longVersions),
                fillSql(engine, u"system_health"_s,
                        u"component_name, health_status, last_heartbeat"_s,
                        u"'c' || (i % 12), 'healthy', {time}"_s, heartbeatRows),
            };
            QSqlQuery query(database->db);
            for (const QString &fill : fills)
                QVERIFY2(query.exec(fill), qPrintable(fill + u"\n"_s + query.lastError().text()));
            // PostgreSQL gathers statistics (autovacuum would, soon after such inserts); Porthole
            // does not on SQLite, so neither does this test.
            if (engine == Engine::PostgreSQL)
                QVERIFY(query.exec(u"ANALYZE"_s));
            QCOMPARE(scalar(database->db, u"SELECT count(*) FROM checkpoints WHERE is_latest"_s),
                     checkpointNames + 1);
            qInfo("%s: tables filled in %lld ms", qPrintable(test::engineName(engine)),
                  timer.elapsed());
            (engine == Engine::SQLite ? m_sqlite : m_postgres) = std::move(database);
        }
    }

    MigratedDatabase &databaseFor(Engine engine)
    {
        return *(engine == Engine::SQLite ? m_sqlite : m_postgres);
    }

    std::unique_ptr<MigratedDatabase> m_sqlite;
    std::unique_ptr<MigratedDatabase> m_postgres;
};

} // namespace porthole::test

// Fails the test with every misread of the read (the lambda that is the last argument) listed.
#define CHECK_READ(what, allowed, ...)                                                             \
    do {                                                                                           \
        const QStringList problems = misreads(database.db, what, allowed, __VA_ARGS__);            \
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u"\n\n"_s)));                        \
    } while (false)
