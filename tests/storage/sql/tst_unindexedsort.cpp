// A pipeline's own database attached read-only has none of the indexes Porthole's migrations
// add: seed 001's SQLite port_messages has no index on created_at, the Queues pane's default
// sort. A listing sorted by it would sort every row of the table for every page. The
// repository names the order an index has instead (servedSort()): the rows' stored order on
// SQLite, the primary key on PostgreSQL. Shown here: which order each database is served in,
// that paging in that order yields every row once in that order, and, from what SQLite itself
// counts of the statements it ran, that no page sorted.

#include "exportsource.h"
#include "metricsrepository.h"
#include "migrateddatabase.h"
#include "portmessagerepository.h"
#include "repositorytestsupport.h"
#include "schemabrowser.h"
#include "seedvariants.h"
#include "sqlitestatement.h"
#include "sqlsupport.h"
#include "testservers.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <sqlite3.h>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace porthole::test;

namespace {

constexpr int rowCount = 2000;

// The pipeline's own rows through seed 001's columns only, created at times shuffled against
// the order they are stored in: a listing in stored order and one in time order differ.
QString fillAsThePipeline(const QSqlDatabase &db)
{
    const bool sqlite = db.driverName() == u"QSQLITE"_s;
    const QString series =
        sqlite ? u"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %1) "_s
               : u"WITH n(i) AS (SELECT generate_series(1, %1)) "_s;
    const QString created =
        sqlite ? u"datetime('2026-01-01', '+' || ((i * 7919) % %1) || ' seconds')"_s
               : u"timestamptz '2026-01-01 00:00:00+00' + ((i * 7919) % %1) * interval '1 s'"_s;
    const QString id = sqlite ? u"printf('m%05d', i)"_s : u"md5(i::text)::uuid"_s;
    const QString data = sqlite ? u"'{\"n\": ' || i || '}'"_s : u"jsonb_build_object('n', i)"_s;
    return statementError(
        db,
        QString(series +
                u"INSERT INTO port_messages (id, port_name, source_component, target_component, "
                "message_data, status, retry_count, created_at) "
                "SELECT %2, 'port-' || (i % 4), 'reader', 'writer', %3, "
                "CASE i % 10 WHEN 0 THEN 'dead_letter' WHEN 1 THEN 'failed' ELSE 'completed' END, "
                "i % 4, %4 FROM n"_s)
            .arg(rowCount)
            .arg(id, data, created.arg(rowCount)));
}

// A SQLite file made by seed 001's DDL and filled as the pipeline fills it; the error, or none.
QString makeAsThePipeline(const DatabaseUrl &url)
{
    const ConnectionFactory owner(url);
    auto db = owner.open(u"pipeline"_s);
    if (!db)
        return db.errorMessage();
    const QString made = runScript(*db, seedText(u"seed001_sqlite.sql"_s));
    return made.isEmpty() ? fillAsThePipeline(*db) : made;
}

// The ids File > Export of the pane writes (in one statement, in the order the pane is served
// in); a failure's message instead.
QStringList exportedIds(const QSqlDatabase &db, const PortMessageFilter &filter,
                        const QString &sortColumn)
{
    const auto exported = portMessagesExport(filter, sortColumn, true, {}, true);
    auto statement = exported->query(db, {u"id"_s});
    if (!statement)
        return {statement.errorMessage()};
    QSqlQuery exporting(db);
    if (!exporting.prepare(statement->sql))
        return {exporting.lastError().text()};
    for (const QVariant &param : std::as_const(statement->params))
        exporting.addBindValue(param);
    if (!exporting.exec())
        return {exporting.lastError().text()};
    QStringList written;
    while (exporting.next())
        written << exporting.value(0).toString();
    return written;
}

// What SQLite counted of each listing statement a connection ran (SQLITE_TRACE_PROFILE): how
// many sorts it made and how many rows of a whole-table scan it stepped through.
class StatementCounts
{
public:
    struct Counted
    {
        QString sql;
        int sorts = 0;
        int scanned = 0;
    };

    explicit StatementCounts(const QSqlDatabase &db)
        : m_handle(SqliteStatement::handleOf(db))
    {
        if (m_handle)
            sqlite3_trace_v2(m_handle, SQLITE_TRACE_PROFILE, &StatementCounts::profiled, this);
    }
    ~StatementCounts()
    {
        if (m_handle)
            sqlite3_trace_v2(m_handle, 0, nullptr, nullptr);
    }
    StatementCounts(const StatementCounts &) = delete;
    StatementCounts &operator=(const StatementCounts &) = delete;

    bool watching() const { return m_handle != nullptr; }
    // The statements in an order (ORDER BY) that read `table`.
    QList<Counted> statementsOn(const QString &table) const
    {
        QList<Counted> found;
        for (const Counted &c : m_counted) {
            if (c.sql.contains(table))
                found << c;
        }
        return found;
    }
    QList<Counted> listings() const { return statementsOn(u"port_messages"_s); }
    void clear() { m_counted.clear(); }

private:
    static int profiled(unsigned, void *context, void *statement, void *)
    {
        auto *self = static_cast<StatementCounts *>(context);
        auto *stmt = static_cast<sqlite3_stmt *>(statement);
        const QString sql = QString::fromUtf8(sqlite3_sql(stmt));
        if (sql.contains(u"ORDER BY"_s))
            self->m_counted << Counted{
                sql, sqlite3_stmt_status(stmt, SQLITE_STMTSTATUS_SORT, 0),
                sqlite3_stmt_status(stmt, SQLITE_STMTSTATUS_FULLSCAN_STEP, 0)};
        return 0;
    }

    sqlite3 *m_handle = nullptr;
    QList<Counted> m_counted;
};

// The ids of a listing read page by page, from the start onwards or from the end backwards, in
// the listing's order; empty with a failure noted when a page fails.
QStringList pageThrough(const PortMessageRepository &repository, const PortMessageFilter &filter,
                        const QString &sortColumn, bool fromTheEnd, QString *failure)
{
    using From = PageRequest::From;
    PageRequest request{fromTheEnd ? From::End : From::Start, {}, 150, sortColumn, true};
    QStringList ids;
    for (int pages = 0; pages < rowCount; ++pages) {
        auto page = repository.page(filter, request);
        if (!page) {
            *failure = page.errorMessage();
            return {};
        }
        QStringList these;
        for (const PortMessage &m : std::as_const(page->rows))
            these << m.id;
        ids = fromTheEnd ? these + ids : ids + these;
        if ((fromTheEnd ? page->atStart : page->atEnd) || page->rows.isEmpty())
            return ids;
        request.from = fromTheEnd ? From::Before : From::After;
        request.key = PortMessageRepository::keyOf(
            fromTheEnd ? page->rows.constFirst() : page->rows.constLast(), sortColumn);
    }
    *failure = u"the listing did not end"_s;
    return {};
}

} // namespace

class tst_UnindexedSort : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void servesAnOrderAnIndexHas_data();
    void servesAnOrderAnIndexHas();
    void pagesInStoredOrderWithoutSorting_data();
    void pagesInStoredOrderWithoutSorting();
    void pagesTiedByRowidWhereTheIndexHasNoId_data();
    void pagesTiedByRowidWhereTheIndexHasNoId();
    void pagesByIdWhereNoIndexServesTheSort();
    void listsSeriesWithoutTheSeriesIndex_data();
    void listsSeriesWithoutTheSeriesIndex();
    void browsesByTheRowidBesideTheKey_data();
    void browsesByTheRowidBesideTheKey();
};

void tst_UnindexedSort::servesAnOrderAnIndexHas_data()
{
    QTest::addColumn<Engine>("engine");
    QTest::addColumn<QString>("seed");  // the seed document's DDL; empty: Porthole's migrations
    QTest::addColumn<QString>("extra"); // run after it
    QTest::addColumn<QStringList>("served"); // for created_at, port_name, status
    QTest::newRow("sqlite, seed 001") << Engine::SQLite << u"seed001_sqlite.sql"_s << QString()
                                      << QStringList{u"rowid"_s, u"port_name"_s, u"status"_s};
    QTest::newRow("sqlite, migrated") << Engine::SQLite << QString() << QString()
                                      << QStringList{u"created_at"_s, u"port_name"_s, u"status"_s};
    // PostgreSQL's index on port_name (status) alone leaves a port's rows in no order of id.
    QTest::newRow("postgresql, seed 001")
        << Engine::PostgreSQL << u"seed001_postgresql.sql"_s << QString()
        << QStringList{u"created_at"_s, u"created_at"_s, u"created_at"_s};
    QTest::newRow("postgresql, seed 001 without its created_at index")
        << Engine::PostgreSQL << u"seed001_postgresql.sql"_s
        << u"DROP INDEX idx_port_messages_created"_s << QStringList{u"id"_s, u"id"_s, u"id"_s};
    QTest::newRow("postgresql, seed 001 with id after port_name")
        << Engine::PostgreSQL << u"seed001_postgresql.sql"_s
        << u"CREATE INDEX port_then_id ON port_messages (port_name, id)"_s
        << QStringList{u"created_at"_s, u"port_name"_s, u"created_at"_s};
    QTest::newRow("postgresql, migrated")
        << Engine::PostgreSQL << QString() << QString()
        << QStringList{u"created_at"_s, u"port_name"_s, u"status"_s};
}

void tst_UnindexedSort::servesAnOrderAnIndexHas()
{
    QFETCH(Engine, engine);
    QFETCH(QString, seed);
    QFETCH(QString, extra);
    QFETCH(QStringList, served);
    std::optional<MigratedDatabase> migrated;
    std::unique_ptr<ScratchDatabase> scratch;
    std::optional<ConnectionFactory> factory;
    QSqlDatabase db;
    if (seed.isEmpty()) {
        migrated.emplace(engine);
        QVERIFY2(migrated->ok(), qPrintable(migrated->error));
        db = migrated->db;
    } else {
        QString error;
        scratch = ScratchDatabase::create(engine, &error);
        QVERIFY2(scratch, qPrintable(error));
        factory.emplace(scratch->url());
        auto opened = factory->open(u"seed"_s);
        QVERIFY2(opened.ok(), qPrintable(opened.errorMessage()));
        db = *opened;
        QCOMPARE(runScript(db, seedText(seed) + u";\n"_s + extra), QString());
    }
    {
        const PortMessageRepository repository(db);
        QStringList got;
        for (const QString &column : PortMessageRepository::sortColumns())
            got << repository.servedSort(column);
        QCOMPARE(got, served);
        QCOMPARE(repository.servedSort(QString()), served.constFirst()); // the default sort
        QCOMPARE(repository.timeRangeIndexed(), served.constFirst() == u"created_at"_s);
    }
    db = QSqlDatabase();
    if (factory)
        factory->close(u"seed"_s);
}

void tst_UnindexedSort::pagesInStoredOrderWithoutSorting_data()
{
    QTest::addColumn<QString>("where"); // of the expected listing, in SQL
    QTest::addColumn<QStringList>("statuses");
    QTest::addColumn<QStringList>("ports");
    QTest::addColumn<bool>("deadLetters");
    QTest::newRow("every row") << QString() << QStringList() << QStringList() << false;
    QTest::newRow("one status") << u"WHERE status = 'failed'"_s << QStringList{u"failed"_s}
                                << QStringList() << false;
    QTest::newRow("one port") << u"WHERE port_name = 'port-1'"_s << QStringList()
                              << QStringList{u"port-1"_s} << false;
    QTest::newRow("dead letters")
        << u"WHERE status = 'dead_letter' OR (status = 'failed' AND retry_count >= 3)"_s
        << QStringList() << QStringList() << true;
}

void tst_UnindexedSort::pagesInStoredOrderWithoutSorting()
{
    QFETCH(QString, where);
    QFETCH(QStringList, statuses);
    QFETCH(QStringList, ports);
    QFETCH(bool, deadLetters);
    PORTHOLE_SCRATCH_DATABASE(scratch, Engine::SQLite);
    QCOMPARE(makeAsThePipeline(scratch->url()), QString());
    const ConnectionFactory attached(scratch->url(), readOnlySettings());
    auto db = attached.open(u"attached"_s);
    QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
    const PortMessageRepository repository(*db);
    const QString served = repository.servedSort(u"created_at"_s);
    QCOMPARE(served, u"rowid"_s);

    QStringList expected;
    QSqlQuery query(*db);
    QVERIFY(query.exec(u"SELECT id FROM port_messages %1 ORDER BY rowid DESC"_s.arg(where)));
    while (query.next())
        expected << query.value(0).toString();
    QVERIFY(expected.size() > 150); // more than one page

    PortMessageFilter filter;
    filter.statuses = statuses;
    filter.ports = ports;
    filter.deadLettersOnly = deadLetters;
    StatementCounts counts(*db);
    QVERIFY(counts.watching());
    for (const bool fromTheEnd : {false, true}) {
        QString failure;
        QCOMPARE(pageThrough(repository, filter, served, fromTheEnd, &failure), expected);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
    }
    const auto listings = counts.listings();
    QVERIFY(listings.size() >= 2 * (expected.size() / 150));
    for (const auto &listing : listings) {
        // The dead letters too: their two conditions as two walks of the status index, merged
        // in order (one OR of them would read both statuses whole and sort them).
        QVERIFY2(listing.sorts == 0, qPrintable(listing.sql));
        // Unfiltered, a page steps through its own rows and no more.
        QVERIFY2(!where.isEmpty() || listing.scanned <= 151,
                 qPrintable(u"%1 rows scanned by %2"_s.arg(listing.scanned).arg(listing.sql)));
    }

    // The newest errors (the Dead letters pane's groups): the last stored, read without a sort.
    counts.clear();
    auto errors = repository.errors(filter, 10);
    QVERIFY2(errors.ok(), qPrintable(errors.errorMessage()));
    QCOMPARE(counts.listings().size(), 1);
    QVERIFY2(counts.listings().constFirst().sorts == 0, qPrintable(counts.listings()[0].sql));
    QList<QDateTime> newest, read;
    QVERIFY(query.exec(
        u"SELECT created_at FROM port_messages %1 ORDER BY rowid DESC LIMIT 10"_s.arg(where)));
    while (query.next())
        newest << timestampValue(query.value(0));
    for (const PortMessageError &error : std::as_const(*errors))
        read << error.createdAt;
    QCOMPARE(read, newest);

    // File > Export of the pane writes its rows in the order shown, in one statement that
    // does not sort either.
    counts.clear();
    QCOMPARE(exportedIds(*db, filter, u"created_at"_s), expected);
    QCOMPARE(counts.listings().size(), 1);
    QVERIFY2(counts.listings().constFirst().sorts == 0 || deadLetters,
             qPrintable(counts.listings()[0].sql));

    // The counts see a sort where there is one: the same listing in time order.
    counts.clear();
    auto byTime = repository.page(filter, PageRequest{{}, {}, 150, u"created_at"_s, true});
    QVERIFY2(byTime.ok(), qPrintable(byTime.errorMessage()));
    QVERIFY(!counts.listings().isEmpty());
    QVERIFY(counts.listings().constFirst().sorts > 0);
}

void tst_UnindexedSort::pagesTiedByRowidWhereTheIndexHasNoId_data()
{
    QTest::addColumn<QString>("sortColumn");
    QTest::addColumn<bool>("deadLetters");
    QTest::newRow("by port") << u"port_name"_s << false;
    QTest::newRow("by status") << u"status"_s << false;
    QTest::newRow("dead letters by port") << u"port_name"_s << true;
}

// Seed 001 indexes port_name and status alone: ordered by one of them and the id, a page would
// sort every row of the key's value. Every SQLite index ends in the rowid: tied by it, the index
// serves the whole order, and a key's position is two index ranges (its value past its rowid,
// and the values past it).
void tst_UnindexedSort::pagesTiedByRowidWhereTheIndexHasNoId()
{
    QFETCH(QString, sortColumn);
    QFETCH(bool, deadLetters);
    PORTHOLE_SCRATCH_DATABASE(scratch, Engine::SQLite);
    QCOMPARE(makeAsThePipeline(scratch->url()), QString());
    const ConnectionFactory attached(scratch->url(), readOnlySettings());
    auto db = attached.open(u"attached"_s);
    QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
    const PortMessageRepository repository(*db);
    QCOMPARE(repository.servedSort(sortColumn), sortColumn);
    QCOMPARE(repository.tiebreak(sortColumn), u"rowid"_s);

    const QString where =
        deadLetters ? u"WHERE status = 'dead_letter' OR (status = 'failed' AND retry_count >= 3)"_s
                    : QString();
    QStringList expected;
    QSqlQuery query(*db);
    QVERIFY(query.exec(
        u"SELECT id FROM port_messages %1 ORDER BY %2 DESC, rowid DESC"_s.arg(where, sortColumn)));
    while (query.next())
        expected << query.value(0).toString();
    QVERIFY(expected.size() > 150); // more than one page

    PortMessageFilter filter;
    filter.deadLettersOnly = deadLetters;
    StatementCounts counts(*db);
    QVERIFY(counts.watching());
    for (const bool fromTheEnd : {false, true}) {
        QString failure;
        QCOMPARE(pageThrough(repository, filter, sortColumn, fromTheEnd, &failure), expected);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
    }
    // A stretch across values (what the model reads again when rows change): from the 100th
    // row to the 300th (or the last but one), both included.
    const qsizetype firstAt = 99, lastAt = std::min<qsizetype>(299, expected.size() - 2);
    PageRequest request{PageRequest::From::Start, {}, 150, sortColumn, true};
    KeyRange range{{}, true, {}};
    for (qsizetype at = 0; at <= lastAt;) {
        auto page = repository.page(filter, request);
        QVERIFY2(page.ok(), qPrintable(page.errorMessage()));
        QVERIFY(!page->rows.isEmpty());
        for (const PortMessage &m : std::as_const(page->rows)) {
            if (at == firstAt)
                range.first = PortMessageRepository::keyOf(m, sortColumn);
            if (at == lastAt)
                range.last = PortMessageRepository::keyOf(m, sortColumn);
            ++at;
        }
        request.from = PageRequest::From::After;
        request.key = PortMessageRepository::keyOf(page->rows.constLast(), sortColumn);
    }
    request = {PageRequest::From::Start, {}, 1000, sortColumn, true};
    auto between = repository.pageBetween(filter, range, request);
    QVERIFY2(between.ok(), qPrintable(between.errorMessage()));
    QStringList read;
    for (const PortMessage &m : std::as_const(between->rows))
        read << m.id;
    QCOMPARE(read, expected.mid(firstAt, lastAt - firstAt + 1));
    const auto listings = counts.listings();
    QVERIFY(listings.size() >= 2 * (expected.size() / 150));
    // No sort, and a page steps through its own rows and no more. (The dead letters by port:
    // no index has both, each status's rows are sorted.)
    for (const auto &listing : listings) {
        QVERIFY2(deadLetters || (listing.sorts == 0 && listing.scanned <= 151),
                 qPrintable(u"%1 sorts, %2 rows scanned: %3"_s.arg(listing.sorts)
                                .arg(listing.scanned)
                                .arg(listing.sql)));
    }

    // File > Export of the pane writes its rows in the same order.
    QCOMPARE(exportedIds(*db, filter, sortColumn), expected);
}

// PostgreSQL without an index that serves the sort: by the primary key, every row once.
void tst_UnindexedSort::pagesByIdWhereNoIndexServesTheSort()
{
    PORTHOLE_SCRATCH_DATABASE(scratch, Engine::PostgreSQL);
    const ConnectionFactory owner(scratch->url());
    auto db = owner.open(u"pipeline"_s);
    QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
    QCOMPARE(runScript(*db, seedText(u"seed001_postgresql.sql"_s) +
                                u";\nDROP INDEX idx_port_messages_created"_s),
             QString());
    QCOMPARE(fillAsThePipeline(*db), QString());
    const PortMessageRepository repository(*db);
    QCOMPARE(repository.servedSort(u"created_at"_s), u"id"_s);
    QStringList expected;
    QSqlQuery query(*db);
    QVERIFY(query.exec(u"SELECT id FROM port_messages ORDER BY id DESC"_s));
    while (query.next())
        expected << query.value(0).toString();
    QCOMPARE(expected.size(), rowCount);
    for (const bool fromTheEnd : {false, true}) {
        QString failure;
        QCOMPARE(pageThrough(repository, {}, u"id"_s, fromTheEnd, &failure), expected);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
    }
}

void tst_UnindexedSort::listsSeriesWithoutTheSeriesIndex_data()
{
    QTest::addColumn<Engine>("engine");
    QTest::addColumn<QString>("seed");
    QTest::newRow("sqlite") << Engine::SQLite << u"seed001_sqlite.sql"_s;
    QTest::newRow("postgresql") << Engine::PostgreSQL << u"seed001_postgresql.sql"_s;
}

// The Metrics pane's series are the distinct (component, metric) pairs. Without an index that
// begins with both (the seeds index each alone, or with the time), asking an index for each
// next name sorts a component's rows at every step; one pass over the table lists them all.
void tst_UnindexedSort::listsSeriesWithoutTheSeriesIndex()
{
    QFETCH(Engine, engine);
    QFETCH(QString, seed);
    PORTHOLE_SCRATCH_DATABASE(scratch, engine);
    const ConnectionFactory owner(scratch->url());
    auto db = owner.open(u"pipeline"_s);
    QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
    QCOMPARE(runScript(*db, seedText(seed)), QString());
    // Six components, each with two of four metrics: twelve series, twelve pairs absent.
    const bool sqlite = engine == Engine::SQLite;
    QCOMPARE(statementError(
                 *db, QString(u"INSERT INTO component_metrics (%1component_name, metric_name, "
                              "metric_value, timestamp) "_s +
                              (sqlite ? u"WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + "
                                        "1 FROM n WHERE i < 2999) SELECT 'm' || i, "_s
                                      : u"SELECT "_s) +
                              u"'comp-' || (i % 6), CASE i % 4 WHEN 0 THEN 'latency' WHEN 1 "
                              "THEN 'throughput' WHEN 2 THEN 'depth' ELSE 'errors' END, i, "_s +
                              (sqlite ? u"datetime(1767225600 + i, 'unixepoch') FROM n"_s
                                      : u"to_timestamp(1767225600 + i) FROM "
                                        "generate_series(0, 2999) AS i"_s))
                          .arg(sqlite ? u"id, "_s : QString())),
             QString());
    QVERIFY(!hasIndexOn(*db, u"component_metrics"_s, {u"component_name"_s, u"metric_name"_s}));
    QVERIFY(hasIndexOn(*db, u"component_metrics"_s, {u"component_name"_s}));

    QList<MetricSeries> expected;
    QSqlQuery query(*db);
    QVERIFY(query.exec(u"SELECT DISTINCT component_name, metric_name FROM component_metrics "
                       "ORDER BY component_name, metric_name"_s));
    while (query.next())
        expected.append(
            {MetricSource::Component, query.value(0).toString(), query.value(1).toString()});
    QCOMPARE(expected.size(), 12);

    std::optional<StatementCounts> counts;
    if (sqlite)
        counts.emplace(*db);
    const MetricsRepository repository(*db);
    auto listed = repository.listSeries(MetricSource::Component);
    QVERIFY2(listed.ok(), qPrintable(listed.errorMessage()));
    QCOMPARE(*listed, expected);
    if (counts) {
        // One pass and at most one sort; the skip scan sorted at each of its 18 steps.
        const auto statements = counts->statementsOn(u"component_metrics"_s);
        QCOMPARE(statements.size(), 1);
        QVERIFY2(statements.constFirst().sorts <= 1, qPrintable(statements.constFirst().sql));
    }
    // Seed 001 has no unit column: the unit is read from nothing, and is none.
    if (!columnNames(*db, u"component_metrics"_s).contains(u"metric_unit"_s)) {
        auto unit = repository.unitOf(expected.constFirst());
        QVERIFY2(unit.ok(), qPrintable(unit.errorMessage()));
        QCOMPARE(*unit, QString());
    }
}

void tst_UnindexedSort::browsesByTheRowidBesideTheKey_data()
{
    QTest::addColumn<QString>("sortColumn"); // empty: the table's own order
    QTest::addColumn<bool>("descending");
    QTest::addColumn<QString>("statusFilter"); // as typed in the status column's box
    QTest::newRow("stored order") << QString() << false << QString();
    QTest::newRow("failed ones") << QString() << false << u"=failed"_s;
    QTest::newRow("by port") << u"port_name"_s << false << QString();
    QTest::newRow("by port, down") << u"port_name"_s << true << QString();
    QTest::newRow("by status, down") << u"status"_s << true << QString();
    QTest::newRow("by id") << u"id"_s << false << QString();
}

// The Tables pane on seed 001's port_messages, whose id TEXT PRIMARY KEY leaves SQLite a rowid
// beside it: paged by the rowid, a filter on an indexed column and a sort by one read the index
// in order. Tied by the id, every page would sort all the rows the filter or the sort value
// matches (at 100,000,000 rows: seconds a page).
void tst_UnindexedSort::browsesByTheRowidBesideTheKey()
{
    QFETCH(QString, sortColumn);
    QFETCH(bool, descending);
    QFETCH(QString, statusFilter);
    PORTHOLE_SCRATCH_DATABASE(scratch, Engine::SQLite);
    QCOMPARE(makeAsThePipeline(scratch->url()), QString());
    const ConnectionFactory attached(scratch->url(), readOnlySettings());
    auto db = attached.open(u"attached"_s);
    QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
    const SchemaBrowser browser(*db);
    const auto table = browser.find({}, u"port_messages"_s);
    QVERIFY2(table.ok(), qPrintable(table.errorMessage()));
    const auto key = browser.keyOf(*table);
    QVERIFY2(key.ok(), qPrintable(key.errorMessage()));
    QCOMPARE(key->kind, TableKey::Kind::RowAddress);
    QCOMPARE(key->columns, QStringList{u"rowid"_s});
    const auto columns = browser.columns(*table);
    const auto indexes = browser.indexes(*table);
    QVERIFY(columns.ok() && indexes.ok());
    QCOMPARE(columns->constFirst().name, u"id"_s);
    BrowseView view;
    view.sortColumn = sortColumn;
    view.descending = descending;
    if (!statusFilter.isEmpty())
        view.filters = {{u"status"_s, statusFilter}};

    const QString direction = descending ? u" DESC"_s : QString();
    const QString order =
        sortColumn.isEmpty() ? u"rowid"_s : u"%1%2, rowid%2"_s.arg(sortColumn, direction);
    QStringList expected;
    QSqlQuery query(*db);
    QVERIFY(query.exec(u"SELECT id FROM port_messages %1 ORDER BY %2"_s.arg(
        statusFilter.isEmpty() ? QString() : u"WHERE status = 'failed'"_s, order)));
    while (query.next())
        expected << query.value(0).toString();
    QVERIFY(expected.size() > 150); // more than one page

    StatementCounts counts(*db);
    QVERIFY(counts.watching());
    for (const bool fromTheEnd : {false, true}) {
        using From = PageRequest::From;
        QStringList ids;
        QVariantList after;
        for (From from = fromTheEnd ? From::End : From::Start;;
             from = fromTheEnd ? From::Before : From::After) {
            auto page = browser.page(*table, *key, *columns, from, after, 150, view, *indexes);
            QVERIFY2(page.ok(), qPrintable(page.errorMessage()));
            QStringList these;
            for (const BrowsedRow &row : std::as_const(page->rows))
                these << row.values.constFirst().toString();
            ids = fromTheEnd ? these + ids : ids + these;
            if ((fromTheEnd ? page->atStart : page->atEnd) || page->rows.isEmpty())
                break;
            QVERIFY(ids.size() <= expected.size());
            after = (fromTheEnd ? page->rows.constFirst() : page->rows.constLast()).key;
        }
        QCOMPARE(ids, expected);
    }
    // No page sorts, and none steps past its own rows: sorted, a page's position is arms of
    // one UNION ALL (its value past its rowid, the values past it), each a step past the last
    // row it gives at most; as one row value (value, rowid), SQLite would seek by the value
    // alone and step through every row of the value before the position.
    const auto listings = counts.listings();
    QVERIFY(listings.size() >= 2 * (expected.size() / 150));
    for (const auto &listing : listings)
        QVERIFY2(listing.sorts == 0 && listing.scanned <= 151 + 2,
                 qPrintable(u"%1 sorts, %2 rows scanned: %3"_s.arg(listing.sorts)
                                .arg(listing.scanned)
                                .arg(listing.sql)));
}

QTEST_GUILESS_MAIN(tst_UnindexedSort)
#include "tst_unindexedsort.moc"
