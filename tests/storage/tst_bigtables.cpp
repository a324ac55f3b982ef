#include "auditlog.h"
#include "checkpointrepository.h"
#include "messagerepository.h"
#include "pipelinesnapshot.h"
#include "portmessagerepository.h"
#include "queryplan.h"
#include "repositorytestsupport.h"
#include "sqlitestatement.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QTimeZone>

#include <functional>
#include <sqlite3.h>

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

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace std::chrono_literals;
using porthole::test::MigratedDatabase;
using porthole::test::scalar;
using Engine = porthole::test::ScratchDatabase::Engine;

Q_LOGGING_CATEGORY(lcBigTables, "porthole.test.bigtables", QtWarningMsg)

namespace {

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

QDateTime at(qint64 i)
{
    return QDateTime::fromSecsSinceEpoch(epoch + i, QTimeZone::utc());
}

// INSERT INTO table (columns) SELECT select FROM rows i = 1..n, in one statement: in `select`,
// {time} is the time of row i and {jsonb} makes text JSON on PostgreSQL.
QString fillSql(Engine engine, const QString &table, const QString &columns, QString select,
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
QString failure(const Result<T> &result)
{
    return result ? QString() : result.errorMessage();
}

// Runs `read` and says what it did to the large tables that it should not have (nothing:
// empty). PostgreSQL: call inside a transaction block (see test::pendingScans()).
QStringList misreads(const QSqlDatabase &db, const QString &what, const Allowed &allowed,
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
QString portOf(qint64 i)
{
    return u"port-%1"_s.arg(i % 8);
}
QString statusOf(qint64 i)
{
    const qint64 r = i % 100;
    return r < 82   ? u"completed"_s
           : r < 87 ? u"pending"_s
           : r < 89 ? u"processing"_s
           : r < 96 ? u"failed"_s
                    : u"dead_letter"_s;
}
bool isDeadLetter(qint64 i)
{
    return statusOf(i) == u"dead_letter"_s || (statusOf(i) == u"failed"_s && i % 3 == 0);
}
// How many port messages pass `filter` (its ports, statuses, times and dead letters only).
qint64 portMessagesOf(const PortMessageFilter &filter)
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
QString countProblem(const Result<RowCount> &count, qint64 rows, SqlEngine engine)
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

PageRequest request(PageRequest::From from, const PageKey &key, const QString &sortColumn,
                    bool descending = true, int limit = pageSize)
{
    return PageRequest{from, key, limit, sortColumn, descending};
}

} // namespace

// Fails the test with every misread of the read (the lambda that is the last argument) listed.
#define CHECK_READ(what, allowed, ...)                                                             \
    do {                                                                                           \
        const QStringList problems = misreads(database.db, what, allowed, __VA_ARGS__);            \
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u"\n\n"_s)));                        \
    } while (false)

class tst_BigTables : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void checksSeeWholeTableReads_data() { test::addEngineRows(); }
    void checksSeeWholeTableReads();
    void messagesPane_data() { test::addEngineRows(); }
    void messagesPane();
    void queuesPane_data() { test::addEngineRows(); }
    void queuesPane();
    void deadLettersPane_data() { test::addEngineRows(); }
    void deadLettersPane();
    void checkpointsPane_data() { test::addEngineRows(); }
    void checkpointsPane();
    void auditPane_data() { test::addEngineRows(); }
    void auditPane();
    void overview_data() { test::addEngineRows(); }
    void overview();

private:
    MigratedDatabase &databaseFor(Engine engine)
    {
        return *(engine == Engine::SQLite ? m_sqlite : m_postgres);
    }

    std::unique_ptr<MigratedDatabase> m_sqlite;
    std::unique_ptr<MigratedDatabase> m_postgres;
};

void tst_BigTables::initTestCase()
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
            fillSql(engine, u"audit_log"_s, u"occurred_at, actor, action, affected_count"_s,
                    u"{time}, 'operator', CASE WHEN i % 10 = 0 THEN 'replay' ELSE 'purge' END, 1"_s,
                    auditRows),
            // Row i is version (i - 1) / names + 1 of name i % names; the last are the latest.
            fillSql(
                engine, u"checkpoints"_s,
                u"checkpoint_name, component_name, checkpoint_data, version, is_latest, "
                "created_at"_s,
                u"'cp-' || (i % %1), 'component-' || (i % 30), ('{\"i\": ' || i || '}'){jsonb}, "
                "(i - 1) / %1 + 1, i > %2, {time}"_s.arg(checkpointNames)
                    .arg(checkpointRows - checkpointNames),
                checkpointRows),
            fillSql(engine, u"checkpoints"_s,
                    u"checkpoint_name, component_name, checkpoint_data, version, is_latest, "
                    "created_at"_s,
                    u"'cp-long', 'component-long', ('{}'){jsonb}, i, i = %1, {time}"_s.arg(
                        longVersions),
                    longVersions),
            fillSql(engine, u"system_health"_s, u"component_name, health_status, last_heartbeat"_s,
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

void tst_BigTables::checksSeeWholeTableReads()
{
    QFETCH(Engine, engine);
    MigratedDatabase &database = databaseFor(engine);
    const ReadTransaction transaction(database.db);
    QVERIFY(transaction.ok());
    // Runs a statement and reads its rows, as a repository does.
    const auto run = [&database](const QString &sql) -> Read {
        return [&database, sql] {
            auto query = execQuery(database.db, sql, {}, u"Reading"_s);
            while (query && query->next()) {
            }
            return failure(query);
        };
    };
    // Counting messages by their source: no index has it.
    const QString unindexed =
        misreads(database.db, u"unindexed"_s, {},
                 run(u"SELECT count(*) FROM messages WHERE source = 'nowhere'"_s))
            .join(u'\n');
    QVERIFY2(unindexed.contains(engine == Engine::SQLite ? u"reads a table whole"_s
                                                         : u"1 sequential scans"_s),
             qPrintable(unindexed));
    if (engine == Engine::SQLite) {
        // SQLite counts the steps from one row to the next.
        QVERIFY2(unindexed.contains(u"stepped through %1 rows"_s.arg(bigRows - 1)),
                 qPrintable(unindexed));
        // A sort of every failed and pending row for one page.
        const QString sorted =
            misreads(database.db, u"sorted"_s, {},
                     run(u"SELECT id FROM port_messages WHERE status IN ('failed', 'pending') "
                         "ORDER BY created_at DESC, id DESC LIMIT 201"_s))
                .join(u'\n');
        QVERIFY2(sorted.contains(u"sorts its rows"_s), qPrintable(sorted));
        // A count without its cap.
        const QString uncapped = misreads(database.db, u"uncapped"_s, {},
                                          run(u"SELECT count(*) FROM (SELECT 1 FROM port_messages "
                                              "WHERE deleted_at IS NULL) capped"_s))
                                     .join(u'\n');
        QVERIFY2(uncapped.contains(u"stepped through %1 rows"_s.arg(bigRows - 1)),
                 qPrintable(uncapped));
        // Every row of a table by an index, from one end to the other.
        const QString walked =
            misreads(database.db, u"walked"_s, {},
                     run(u"SELECT checkpoint_name FROM checkpoints WHERE is_latest "
                         "ORDER BY checkpoint_name"_s))
                .join(u'\n');
        QVERIFY2(
            walked.contains(u"stepped through %1 rows"_s.arg(checkpointRows + longVersions - 1)),
            qPrintable(walked));
    } else {
        // A count answered by the catalogue reads nothing: one that counts is seen.
        const Allowed catalogue{.catalogueOnly = true};
        const QString counted =
            misreads(database.db, u"counted"_s, catalogue,
                     run(u"SELECT count(*) FROM port_messages WHERE status = 'dead_letter'"_s))
                .join(u'\n');
        QVERIFY2(counted.contains(u"index scans where the catalogue"_s), qPrintable(counted));
    }
}

void tst_BigTables::messagesPane()
{
    QFETCH(Engine, engine);
    MigratedDatabase &database = databaseFor(engine);
    const ReadTransaction transaction(database.db);
    QVERIFY(transaction.ok());
    const MessageRepository repository(database.db);

    // Unfiltered, newest first (MessageModel's first sort), and by number.
    for (const QString &sort : MessageRepository::sortColumns()) {
        Page<ReceivedMessage> first;
        Page<ReceivedMessage> second;
        CHECK_READ(sort + u": the first page"_s, {}, [&] {
            auto page = repository.page({}, request(PageRequest::From::Start, {}, sort));
            if (page)
                first = *page;
            return failure(page);
        });
        QCOMPARE(first.rows.size(), pageSize);
        QCOMPARE(first.rows.constFirst().messageNumber, bigRows);
        const PageKey last = MessageRepository::keyOf(first.rows.constLast(), sort);
        CHECK_READ(sort + u": the next page"_s, {}, [&] {
            auto page = repository.page({}, request(PageRequest::From::After, last, sort));
            if (page)
                second = *page;
            return failure(page);
        });
        QCOMPARE(second.rows.constFirst().messageNumber, bigRows - pageSize);
        const PageKey secondFirst = MessageRepository::keyOf(second.rows.constFirst(), sort);
        CHECK_READ(sort + u": the page before"_s, {}, [&] {
            return failure(
                repository.page({}, request(PageRequest::From::Before, secondFirst, sort)));
        });
        CHECK_READ(sort + u": the last page"_s, {}, [&] {
            return failure(repository.page({}, request(PageRequest::From::End, {}, sort)));
        });
        // A page read again by its bounds (with room for what arrived since).
        const KeyRange range{MessageRepository::keyOf(first.rows.constFirst(), sort), true, last};
        CHECK_READ(sort + u": a page again"_s, {}, [&] {
            return failure(repository.pageBetween(
                {}, range, request(PageRequest::From::Start, {}, sort, true, 2 * pageSize)));
        });
    }

    // Filters: a stretch of numbers, a stretch of time, a text.
    MessageFilter numbers;
    numbers.numberFrom = 40000;
    numbers.numberTo = 40999;
    MessageFilter times;
    times.from = at(50000);
    times.to = at(60000);
    MessageFilter text;
    text.text = u"TENTH"_s;
    struct Filtered
    {
        QString name;
        MessageFilter filter;
        Allowed allowed;
    };
    // SQLite takes the numbers by their index and sorts them by time (1,000 rows).
    const QList<Filtered> filters{{u"numbers"_s, numbers, {.maySort = u"message_number >="_s}},
                                  {u"times"_s, times, {}},
                                  {u"text"_s, text, {}}};
    for (const Filtered &f : filters) {
        Page<ReceivedMessage> first;
        CHECK_READ(f.name + u": the first page"_s, f.allowed, [&] {
            auto page = repository.page(f.filter, request(PageRequest::From::Start, {}, {}));
            if (page)
                first = *page;
            return failure(page);
        });
        QCOMPARE(first.rows.size(), pageSize);
        const PageKey last = MessageRepository::keyOf(first.rows.constLast(), u"timestamp"_s);
        CHECK_READ(f.name + u": the next page"_s, f.allowed, [&] {
            return failure(repository.page(f.filter, request(PageRequest::From::After, last, {})));
        });
    }
    // Counted exactly (below the cap) through their index.
    for (const Filtered &f : filters.first(2)) {
        const qint64 rows = f.name == u"numbers"_s ? 1000 : 10000;
        CHECK_READ(f.name + u": the count"_s, f.allowed, [&] {
            return countProblem(repository.count(f.filter, exactUpTo), rows, engineOf(database.db));
        });
    }
    // A text search is counted, never guessed: the planner would take a third of the table for
    // it, above a cap of 10,000; it holds 6,000. Counting reads the table: a substring has no
    // index.
    const auto searched = repository.count(text, 10000);
    QVERIFY2(searched.ok(), qPrintable(searched.errorMessage()));
    QCOMPARE(*searched, (RowCount{bigRows / 10, RowCount::Precision::Exact}));

    // The count the pane shows for the whole table: PostgreSQL's estimate, no row read;
    // SQLite counts up to the cap and then sizes the table by its ids (two index probes).
    const Allowed catalogue{.catalogueOnly = engine == Engine::PostgreSQL};
    CHECK_READ(u"the count"_s, catalogue, [&] {
        return countProblem(repository.count({}, exactUpTo), bigRows, engineOf(database.db));
    });
    if (engine == Engine::SQLite) {
        CHECK_READ(u"the estimate"_s, {}, [&] {
            auto count = repository.estimatedCount();
            if (count && *count != RowCount{bigRows, RowCount::Precision::Estimate})
                return u"estimated %1"_s.arg(count->value);
            return failure(count);
        });
    }
}

void tst_BigTables::queuesPane()
{
    QFETCH(Engine, engine);
    MigratedDatabase &database = databaseFor(engine);
    const ReadTransaction transaction(database.db);
    QVERIFY(transaction.ok());
    const PortMessageRepository repository(database.db);
    const QString sort = u"created_at"_s; // PortMessageModel's first sort, newest first

    PortMessageFilter port;
    port.ports = {u"port-3"_s};
    PortMessageFilter status;
    status.statuses = {u"failed"_s};
    PortMessageFilter portAndStatus;
    portAndStatus.ports = {u"port-3"_s};
    portAndStatus.statuses = {u"pending"_s};
    PortMessageFilter times;
    times.from = at(50000);
    times.to = at(60000);
    const QList<std::pair<QString, PortMessageFilter>> filters{
        {u"all"_s, {}},
        {u"one port"_s, port},
        {u"one status"_s, status},
        {u"a port and a status"_s, portAndStatus},
        {u"a stretch of time"_s, times},
    };
    for (const auto &[name, ofTheListing] : filters) {
        const auto &filter = ofTheListing; // a lambda of clang 14 cannot capture a binding
        Page<PortMessage> first;
        Page<PortMessage> second;
        CHECK_READ(name + u": the first page"_s, {}, [&] {
            auto page = repository.page(filter, request(PageRequest::From::Start, {}, sort));
            if (page)
                first = *page;
            return failure(page);
        });
        QCOMPARE(first.rows.size(), pageSize);
        const PageKey last = PortMessageRepository::keyOf(first.rows.constLast(), sort);
        CHECK_READ(name + u": the next page"_s, {}, [&] {
            auto page = repository.page(filter, request(PageRequest::From::After, last, sort));
            if (page)
                second = *page;
            return failure(page);
        });
        QVERIFY(!second.rows.isEmpty());
        QVERIFY(second.rows.constFirst().createdAt < first.rows.constLast().createdAt);
        const PageKey secondFirst = PortMessageRepository::keyOf(second.rows.constFirst(), sort);
        CHECK_READ(name + u": the page before"_s, {}, [&] {
            return failure(
                repository.page(filter, request(PageRequest::From::Before, secondFirst, sort)));
        });
        CHECK_READ(name + u": the last page"_s, {}, [&] {
            return failure(repository.page(filter, request(PageRequest::From::End, {}, sort)));
        });
        const KeyRange range{PortMessageRepository::keyOf(first.rows.constFirst(), sort), true,
                             last};
        CHECK_READ(name + u": a page again"_s, {}, [&] {
            return failure(repository.pageBetween(
                filter, range, request(PageRequest::From::Start, {}, sort, true, 2 * pageSize)));
        });
        // Above the cap: PostgreSQL's estimate, with no row read.
        const qint64 rows = portMessagesOf(filter);
        const Allowed count{.catalogueOnly = rows > exactUpTo && engine == Engine::PostgreSQL};
        CHECK_READ(name + u": the count"_s, count, [&] {
            return countProblem(repository.count(filter, exactUpTo), rows, engineOf(database.db));
        });
    }

    // Sorted by port or by status (newest first: by the value, then the id, descending).
    for (const QString &by : {u"port_name"_s, u"status"_s}) {
        Page<PortMessage> first;
        CHECK_READ(by + u": the first page"_s, {}, [&] {
            auto page = repository.page({}, request(PageRequest::From::Start, {}, by));
            if (page)
                first = *page;
            return failure(page);
        });
        QCOMPARE(first.rows.size(), pageSize);
        const PageKey last = PortMessageRepository::keyOf(first.rows.constLast(), by);
        CHECK_READ(by + u": the next page"_s, {}, [&] {
            return failure(repository.page({}, request(PageRequest::From::After, last, by)));
        });
        CHECK_READ(by + u": the page before"_s, {}, [&] {
            return failure(repository.page({}, request(PageRequest::From::Before, last, by)));
        });
        CHECK_READ(by + u": the last page"_s, {}, [&] {
            return failure(repository.page({}, request(PageRequest::From::End, {}, by)));
        });
        const KeyRange range{PortMessageRepository::keyOf(first.rows.constFirst(), by), true, last};
        CHECK_READ(by + u": a page again"_s, {}, [&] {
            return failure(repository.pageBetween(
                {}, range, request(PageRequest::From::Start, {}, by, true, 2 * pageSize)));
        });
    }

    // The port list (a skip scan, one probe a port) and the count of every status.
    const Allowed skipScan{.derived = {u"p"_s}};
    CHECK_READ(u"the ports"_s, skipScan, [&] {
        auto ports = repository.ports();
        if (ports && ports->size() != 8)
            return u"%1 ports"_s.arg(ports->size());
        return failure(ports);
    });
    CHECK_READ(u"the counts by status"_s, {}, [&] {
        auto counts = repository.statusCounts(exactUpTo);
        if (!counts)
            return counts.errorMessage();
        QStringList wrong;
        for (const StatusCount &count : *counts) {
            PortMessageFilter filter;
            filter.statuses = {count.status};
            const qint64 rows = portMessagesOf(filter);
            if (rows <= exactUpTo ? count.count != rows : count.count <= exactUpTo)
                wrong << u"%1: %2 of %3"_s.arg(count.status).arg(count.count).arg(rows);
        }
        return counts->size() == 5 ? wrong.join(u", "_s) : u"%1 statuses"_s.arg(counts->size());
    });
}

void tst_BigTables::deadLettersPane()
{
    QFETCH(Engine, engine);
    MigratedDatabase &database = databaseFor(engine);
    const ReadTransaction transaction(database.db);
    QVERIFY(transaction.ok());
    const PortMessageRepository repository(database.db);
    const QString sort = u"created_at"_s;
    PortMessageFilter all;
    all.deadLettersOnly = true;
    const qint64 deadLetters = portMessagesOf(all); // dead_letter, failed with retries spent
    // A group (error signature), as PortMessageModel narrows it down in SQL first.
    PortMessageFilter group = all;
    group.errorLike = u"error 3 at %"_s;
    for (const auto &[name, ofTheListing] :
         {std::pair{u"dead letters"_s, all}, std::pair{u"one group"_s, group}}) {
        const auto &filter = ofTheListing; // a lambda of clang 14 cannot capture a binding
        Page<PortMessage> first;
        CHECK_READ(name + u": the first page"_s, {}, [&] {
            auto page = repository.page(filter, request(PageRequest::From::Start, {}, sort));
            if (page)
                first = *page;
            return failure(page);
        });
        QCOMPARE(first.rows.size(), pageSize);
        QVERIFY(first.rows.constFirst().isDeadLetter());
        const PageKey last = PortMessageRepository::keyOf(first.rows.constLast(), sort);
        CHECK_READ(name + u": the next page"_s, {}, [&] {
            return failure(repository.page(filter, request(PageRequest::From::After, last, sort)));
        });
        CHECK_READ(name + u": the last page"_s, {}, [&] {
            return failure(repository.page(filter, request(PageRequest::From::End, {}, sort)));
        });
        const KeyRange range{PortMessageRepository::keyOf(first.rows.constFirst(), sort), true,
                             last};
        CHECK_READ(name + u": a page again"_s, {}, [&] {
            return failure(repository.pageBetween(
                filter, range, request(PageRequest::From::Start, {}, sort, true, 2 * pageSize)));
        });
    }
    // The count, exact below the cap, through the dead letters' partial index.
    CHECK_READ(u"the count"_s, {}, [&] {
        return countProblem(repository.count(all, exactUpTo), deadLetters, engineOf(database.db));
    });
    // Grouping by error reads the errors of the newest 100,000 dead letters and one more
    // (PortMessageLookup), and a group's count its rows' errors up to the cap (PortMessageModel):
    // every dead letter here, through their index, and no other row.
    const Allowed everyDeadLetter{.steps = deadLetters};
    CHECK_READ(u"the grouping"_s, everyDeadLetter, [&] {
        auto errors = repository.errors(all, 100001);
        if (errors && errors->size() != deadLetters)
            return u"%1 errors"_s.arg(errors->size());
        return failure(errors);
    });
    CHECK_READ(u"a group's count"_s, everyDeadLetter, [&] {
        auto errors = repository.errors(group, int(exactUpTo + 1));
        if (errors && (errors->isEmpty() || errors->size() >= deadLetters))
            return u"%1 errors"_s.arg(errors->size());
        return failure(errors);
    });
}

void tst_BigTables::checkpointsPane()
{
    QFETCH(Engine, engine);
    MigratedDatabase &database = databaseFor(engine);
    const ReadTransaction transaction(database.db);
    QVERIFY(transaction.ok());
    const CheckpointRepository repository(database.db);
    // The list: the latest version of each name (by its partial index), sorted by name (one
    // row a name), with the number of its versions (by the name's index).
    const Allowed sortsNames{.maySort = u"FROM checkpoints c "_s};
    CHECK_READ(u"the names"_s, sortsNames, [&] {
        auto names = repository.names();
        if (!names)
            return names.errorMessage();
        const qint64 versions = checkpointRows / checkpointNames;
        const auto named = [&names](const QString &name) {
            for (const CheckpointSummary &summary : std::as_const(*names)) {
                if (summary.name == name)
                    return summary;
            }
            return CheckpointSummary{};
        };
        if (names->size() != checkpointNames + 1 || named(u"cp-0"_s).latestVersion != versions ||
            named(u"cp-0"_s).versionCount != versions)
            return u"%1 names"_s.arg(names->size());
        // Counted up to the cap.
        const CheckpointSummary long_ = named(u"cp-long"_s);
        if (long_.latestVersion != longVersions ||
            long_.versionCount != CheckpointRepository::versionsCountedUpTo + 1)
            return u"cp-long: version %1, %2 versions"_s.arg(long_.latestVersion)
                .arg(long_.versionCount);
        return QString();
    });
    CHECK_READ(u"the names holding a text"_s, sortsNames, [&] {
        auto names = repository.names(u"CP-12"_s); // cp-12 and cp-120 ... cp-129
        if (names && names->size() != 11)
            return u"%1 names"_s.arg(names->size());
        return failure(names);
    });
    CHECK_READ(u"the versions of a name"_s, {}, [&] {
        auto versions = repository.versions(u"cp-7"_s);
        if (versions && versions->size() != checkpointRows / checkpointNames)
            return u"%1 versions"_s.arg(versions->size());
        return failure(versions);
    });
    CHECK_READ(u"the latest version"_s, {}, [&] {
        auto latest = repository.get(u"cp-7"_s);
        if (latest && latest->version != checkpointRows / checkpointNames)
            return u"version %1"_s.arg(latest->version);
        return failure(latest);
    });
    CHECK_READ(u"a version"_s, {}, [&] { return failure(repository.get(u"cp-7"_s, 5)); });
}

void tst_BigTables::auditPane()
{
    QFETCH(Engine, engine);
    MigratedDatabase &database = databaseFor(engine);
    const ReadTransaction transaction(database.db);
    QVERIFY(transaction.ok());
    const AuditLog log(database.db);
    const QString sort = u"occurred_at"_s; // AuditLogModel: newest first
    AuditFilter replays;
    replays.action = u"replay"_s;
    for (const auto &[name, ofTheListing, rowsOfTheListing] :
         {std::tuple{u"all"_s, AuditFilter{}, auditRows},
          std::tuple{u"one action"_s, replays, auditRows / 10}}) {
        // A lambda of clang 14 cannot capture a binding.
        const auto &filter = ofTheListing;
        const qint64 rows = rowsOfTheListing;
        Page<AuditEntry> first;
        CHECK_READ(name + u": the first page"_s, {}, [&] {
            auto page = log.page(filter, request(PageRequest::From::Start, {}, sort));
            if (page)
                first = *page;
            return failure(page);
        });
        QCOMPARE(first.rows.size(), pageSize);
        QCOMPARE(first.rows.constFirst().occurredAt, at(auditRows));
        const PageKey last{first.rows.constLast().occurredAt,
                           QString::number(first.rows.constLast().id)};
        CHECK_READ(name + u": the next page"_s, {}, [&] {
            auto page = log.page(filter, request(PageRequest::From::After, last, sort));
            if (page && (page->rows.size() != pageSize ||
                         page->rows.constFirst().id >= last.id.toLongLong()))
                return u"not the next page"_s;
            return failure(page);
        });
        CHECK_READ(name + u": the page before"_s, {}, [&] {
            return failure(log.page(filter, request(PageRequest::From::Before, last, sort)));
        });
        CHECK_READ(name + u": the last page"_s, {}, [&] {
            return failure(log.page(filter, request(PageRequest::From::End, {}, sort)));
        });
        const Allowed count{.catalogueOnly = rows > exactUpTo && engine == Engine::PostgreSQL};
        CHECK_READ(name + u": the count"_s, count, [&] {
            return countProblem(log.count(filter, exactUpTo), rows, engineOf(database.db));
        });
    }
}

void tst_BigTables::overview()
{
    QFETCH(Engine, engine);
    MigratedDatabase &database = databaseFor(engine);
    const ReadTransaction transaction(database.db);
    QVERIFY(transaction.ok());
    // Heartbeats of 12 components, the latest of each by a skip scan; port messages by status
    // (the completed ones above the cap); the dead letters and the oldest of them.
    PipelineSnapshot snapshot;
    const Allowed components{.maySort = u"WITH RECURSIVE components"_s,
                             .derived = {u"components"_s, u"c"_s}};
    CHECK_READ(u"the snapshot"_s, components, [&] {
        snapshot = readPipelineSnapshot(database.db, at(heartbeatRows), 1min, exactUpTo);
        return snapshot.problem;
    });
    QCOMPARE(snapshot.components.size(), 12);
    QCOMPARE(snapshot.portMessages.size(), 5);
    for (const StatusTally &tally : std::as_const(snapshot.portMessages)) {
        PortMessageFilter filter;
        filter.statuses = {tally.status};
        const QString problem =
            countProblem(tally.count, portMessagesOf(filter), engineOf(database.db));
        QVERIFY2(problem.isEmpty(), qPrintable(tally.status + u": "_s + problem));
    }
    PortMessageFilter deadLetters;
    deadLetters.deadLettersOnly = true;
    QCOMPARE(snapshot.deadLetters, RowCount{portMessagesOf(deadLetters)});
    qint64 oldest = 1;
    while (!isDeadLetter(oldest))
        ++oldest;
    QCOMPARE(snapshot.oldestDeadLetter, at(oldest));
}

QTEST_GUILESS_MAIN(tst_BigTables)
#include "tst_bigtables.moc"
