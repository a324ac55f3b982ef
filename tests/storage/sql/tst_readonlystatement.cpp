#include "readonlystatement.h"
#include "repositorytestsupport.h"
#include "sqlitestatement.h"
#include "sqlsupport.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTest>

#include <atomic>
#include <chrono>
#include <future>
#include <sqlite3.h>

using namespace Qt::StringLiterals;
using namespace porthole;
using Engine = porthole::test::ScratchDatabase::Engine;

namespace {

const QString consolePurpose = u"console-test"_s;

// A database with a table of 50 rows, a sequence and (PostgreSQL) a function that writes,
// through a connection that stays open: on SQLite its writes stay in the -wal file, as a
// pipeline writing beside Porthole leaves them.
struct Fixture
{
    std::unique_ptr<test::ScratchDatabase> scratch;
    std::unique_ptr<ConnectionFactory> writer;
    std::unique_ptr<ConnectionFactory> console;
    QSqlDatabase db;
    QString error;

    explicit Fixture(Engine engine)
    {
        scratch = test::ScratchDatabase::create(engine, &error);
        if (!scratch)
            return;
        writer = std::make_unique<ConnectionFactory>(scratch->url());
        console = std::make_unique<ConnectionFactory>(scratch->url(), readOnlySettings());
        auto opened = writer->open(u"writer"_s);
        if (!opened) {
            error = opened.errorMessage();
            return;
        }
        db = *opened;
        const bool pg = engine == Engine::PostgreSQL;
        QStringList setup{u"CREATE TABLE t (id BIGINT PRIMARY KEY, label TEXT)"_s};
        if (pg)
            setup << u"CREATE SEQUENCE s"_s
                  << u"CREATE FUNCTION write_row() RETURNS integer LANGUAGE plpgsql AS $$ "
                     "BEGIN INSERT INTO t VALUES (9999, 'written'); RETURN 1; END $$"_s;
        else
            setup << u"PRAGMA wal_autocheckpoint=0"_s;
        for (int i = 1; i <= 50; ++i)
            setup << u"INSERT INTO t VALUES (%1, 'row %1')"_s.arg(i);
        for (const QString &sql : setup) {
            QSqlQuery query(db);
            if (!query.exec(sql)) {
                error = query.lastError().text() + u": "_s + sql;
                return;
            }
        }
    }
    ~Fixture()
    {
        db = QSqlDatabase();
        if (console)
            console->close(consolePurpose);
        if (writer)
            writer->close(u"writer"_s);
    }

    bool sqlite() const { return scratch->engine() == Engine::SQLite; }
    QString path() const { return scratch->url().filePath(); }

    // What "changes nothing" is compared on. SQLite: the bytes of the file and of its -wal
    // (and whether each is there), and what else lies in its folder. PostgreSQL: every row of
    // t, the sequence, and the objects of the schema.
    QStringList state() const
    {
        if (sqlite()) {
            QStringList out;
            for (const QString &file : QStringList{path(), path() + u"-wal"_s}) {
                QFile f(file);
                out << (f.open(QIODevice::ReadOnly)
                            ? QString::fromLatin1(
                                  QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256)
                                      .toHex())
                            : u"missing"_s);
            }
            out << QFileInfo(path()).absoluteDir().entryList(QDir::Files | QDir::Hidden);
            return out;
        }
        return test::rowsOf(db, u"SELECT md5(string_agg(t::text, ',' ORDER BY id)) FROM t"_s) +
               test::rowsOf(db, u"SELECT last_value, is_called FROM s"_s) +
               test::rowsOf(db, u"SELECT relname, relkind FROM pg_class WHERE relnamespace = "
                                "'public'::regnamespace ORDER BY relname"_s) +
               test::rowsOf(db, u"SELECT proname FROM pg_proc WHERE pronamespace = "
                                "'public'::regnamespace ORDER BY proname"_s);
    }

    // Runs `sql` on the console's connection, on this thread.
    Result<std::optional<QueryRows>> rows(const QString &sql, qint64 offset = 0,
                                          int limit = 20) const
    {
        auto opened = console->open(consolePurpose);
        if (!opened)
            return opened.error();
        CountInterrupt interrupt;
        return ReadOnlyStatement(sql).rows(*opened, offset, limit, interrupt);
    }
};

std::atomic<bool> statementStarted{false};

void markStarted(sqlite3_context *context, int, sqlite3_value **)
{
    statementStarted = true;
    sqlite3_result_int(context, 1);
}

} // namespace

// The SQL console's statements: refused when they would write, on both engines, with the
// database left as it was; rows read page by page; a long statement stopped under way.
class tst_ReadOnlyStatement : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void refusesWrites_data();
    void refusesWrites();
    void theOracleSeesAWrite_data() { test::addEngineRows(); }
    void theOracleSeesAWrite();
    void readsPages_data() { test::addEngineRows(); }
    void readsPages();
    void readsWhatOnlyReads_data();
    void readsWhatOnlyReads();
    void stopsALongStatement_data() { test::addEngineRows(); }
    void stopsALongStatement();
    void exportsReadOnly_data() { test::addEngineRows(); }
    void exportsReadOnly();
    void releasesSessionLocks();
};

void tst_ReadOnlyStatement::refusesWrites_data()
{
    QTest::addColumn<Engine>("engine");
    QTest::addColumn<QString>("sql");
    const QList<std::pair<const char *, QString>> both{
        {"insert", u"INSERT INTO t VALUES (1000, 'x')"_s},
        {"update", u"UPDATE t SET label = 'changed'"_s},
        {"delete", u"DELETE FROM t"_s},
        {"create", u"CREATE TABLE u (a INTEGER)"_s},
        {"create temp", u"CREATE TEMP TABLE u (a INTEGER)"_s},
        {"create index", u"CREATE INDEX t_label ON t (label)"_s},
        {"drop", u"DROP TABLE t"_s},
        {"alter", u"ALTER TABLE t ADD COLUMN extra INTEGER"_s},
        {"two statements", u"SELECT 1; DELETE FROM t"_s},
    };
    for (const auto &[name, sql] : both) {
        QTest::addRow("sqlite %s", name) << Engine::SQLite << sql;
        QTest::addRow("postgresql %s", name) << Engine::PostgreSQL << sql;
    }
    const QList<std::pair<const char *, QString>> sqlite{
        {"attach", u"ATTACH DATABASE '%1' AS other"_s},
        {"pragma user_version", u"PRAGMA user_version=5"_s},
        {"pragma journal_mode", u"PRAGMA journal_mode=DELETE"_s},
        {"pragma wal_checkpoint", u"PRAGMA wal_checkpoint(TRUNCATE)"_s},
        {"cte insert", u"WITH x AS (SELECT 2000 AS id) INSERT INTO t SELECT id, 'cte' FROM x"_s},
        {"load_extension", u"SELECT load_extension('/nonexistent/extension')"_s},
        {"vacuum", u"VACUUM"_s},
        {"begin", u"BEGIN IMMEDIATE"_s},
        {"replace", u"REPLACE INTO t VALUES (1, 'replaced')"_s},
        {"schema update",
         u"UPDATE sqlite_master SET sql = 'CREATE TABLE t (x)' WHERE name = 't'"_s},
        {"writable_schema", u"PRAGMA writable_schema=ON"_s},
    };
    for (const auto &[name, sql] : sqlite)
        QTest::addRow("sqlite %s", name) << Engine::SQLite << sql;
    const QList<std::pair<const char *, QString>> postgres{
        {"cte delete", u"WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x"_s},
        {"function that writes", u"SELECT write_row()"_s},
        {"nextval", u"SELECT nextval('s')"_s},
        {"truncate", u"TRUNCATE t"_s},
        {"do block", u"DO $$ BEGIN INSERT INTO t VALUES (3000, 'do'); END $$"_s},
        {"copy to a file", u"COPY t TO '/tmp/porthole-console-copy'"_s},
        {"read-write again", u"SET TRANSACTION READ WRITE"_s},
    };
    for (const auto &[name, sql] : postgres)
        QTest::addRow("postgresql %s", name) << Engine::PostgreSQL << sql;
}

void tst_ReadOnlyStatement::refusesWrites()
{
    QFETCH(Engine, engine);
    QFETCH(QString, sql);
    Fixture fixture(engine);
    QVERIFY2(fixture.error.isEmpty(), qPrintable(fixture.error));
    const QString other = QFileInfo(fixture.path()).absolutePath() + u"/other.db"_s;
    sql = sql.contains(u"%1"_s) ? sql.arg(other) : sql;
    const QStringList before = fixture.state();

    const auto rows = fixture.rows(sql);
    QVERIFY2(!rows, "the statement ran");
    const QString message = rows.errorMessage();
    QVERIFY2(message.startsWith(u"Refused"_s) || message.startsWith(u"Run one statement"_s),
             qPrintable(message));
    // The console's connection goes on reading after a refusal.
    const auto after = fixture.rows(u"SELECT count(*) FROM t"_s);
    QVERIFY2(after && *after, qPrintable(after.errorMessage()));
    QCOMPARE((*after)->rows.value(0).value(0).toLongLong(), 50);
    fixture.console->close(consolePurpose);
    QCOMPARE(fixture.state(), before);
    QVERIFY(!QFileInfo::exists(other));
    QVERIFY(!QFileInfo::exists(u"/tmp/porthole-console-copy"_s));
}

// The comparison above would see a write: the same statement on the writer's connection.
void tst_ReadOnlyStatement::theOracleSeesAWrite()
{
    QFETCH(Engine, engine);
    Fixture fixture(engine);
    QVERIFY2(fixture.error.isEmpty(), qPrintable(fixture.error));
    const QStringList before = fixture.state();
    QSqlQuery query(fixture.db);
    QVERIFY(query.exec(u"UPDATE t SET label = 'changed' WHERE id = 7"_s));
    QVERIFY(fixture.state() != before);
}

void tst_ReadOnlyStatement::readsPages()
{
    QFETCH(Engine, engine);
    Fixture fixture(engine);
    QVERIFY2(fixture.error.isEmpty(), qPrintable(fixture.error));
    const QString sql = u"SELECT id, label FROM t WHERE id > 5 ORDER BY id;"_s;
    const auto first = fixture.rows(sql, 0, 20);
    QVERIFY2(first && *first, qPrintable(first.errorMessage()));
    QCOMPARE((*first)->columns, (QStringList{u"id"_s, u"label"_s}));
    QCOMPARE((*first)->rows.size(), 20);
    QCOMPARE((*first)->rows.first(), (QVariantList{6, u"row 6"_s}));
    QVERIFY(!(*first)->atEnd);
    const auto last = fixture.rows(sql, 40, 20);
    QVERIFY2(last && *last, qPrintable(last.errorMessage()));
    QCOMPARE((*last)->rows.size(), 5);
    QCOMPARE((*last)->rows.first().value(0).toLongLong(), 46);
    QVERIFY((*last)->atEnd);
    const auto exact = fixture.rows(sql, 25, 20); // exactly the last 20 rows
    QVERIFY2(exact && *exact, qPrintable(exact.errorMessage()));
    QCOMPARE((*exact)->rows.size(), 20);
    QVERIFY((*exact)->atEnd);
    const auto none = fixture.rows(u"SELECT id FROM t WHERE id < 0"_s);
    QVERIFY2(none && *none, qPrintable(none.errorMessage()));
    QCOMPARE((*none)->columns, QStringList{u"id"_s});
    QVERIFY((*none)->rows.isEmpty() && (*none)->atEnd);
    const auto wrong = fixture.rows(u"SELECT nosuchcolumn FROM t"_s);
    QVERIFY(!wrong);
    QVERIFY2(!wrong.errorMessage().startsWith(u"Refused"_s), qPrintable(wrong.errorMessage()));
}

void tst_ReadOnlyStatement::readsWhatOnlyReads_data()
{
    QTest::addColumn<Engine>("engine");
    QTest::addColumn<QString>("sql");
    QTest::newRow("sqlite table_info") << Engine::SQLite << u"PRAGMA table_info(t)"_s;
    QTest::newRow("sqlite user_version") << Engine::SQLite << u"PRAGMA user_version"_s;
    QTest::newRow("sqlite pragma function")
        << Engine::SQLite << u"SELECT name FROM pragma_table_info('t')"_s;
    QTest::newRow("sqlite explain") << Engine::SQLite << u"EXPLAIN QUERY PLAN SELECT * FROM t"_s;
    QTest::newRow("sqlite json_each")
        << Engine::SQLite << u"SELECT value FROM json_each('[1, 2]')"_s;
    QTest::newRow("sqlite recursive cte")
        << Engine::SQLite
        << u"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 9) "
           "SELECT x FROM c"_s;
    QTest::newRow("postgresql explain") << Engine::PostgreSQL << u"EXPLAIN SELECT * FROM t"_s;
    QTest::newRow("postgresql show") << Engine::PostgreSQL << u"SHOW statement_timeout"_s;
    QTest::newRow("postgresql values") << Engine::PostgreSQL << u"VALUES (1), (2)"_s;
}

void tst_ReadOnlyStatement::readsWhatOnlyReads()
{
    QFETCH(Engine, engine);
    QFETCH(QString, sql);
    Fixture fixture(engine);
    QVERIFY2(fixture.error.isEmpty(), qPrintable(fixture.error));
    const auto rows = fixture.rows(sql);
    QVERIFY2(rows && *rows, qPrintable(rows.errorMessage()));
    QVERIFY(!(*rows)->columns.isEmpty());
    QVERIFY(!(*rows)->rows.isEmpty());
}

void tst_ReadOnlyStatement::stopsALongStatement()
{
    QFETCH(Engine, engine);
    Fixture fixture(engine);
    QVERIFY2(fixture.error.isEmpty(), qPrintable(fixture.error));
    statementStarted = false;
    CountInterrupt interrupt;
    const bool sqlite = fixture.sqlite();
    // SQLite: a recursive CTE without an end, which tells when it started; PostgreSQL: a sleep.
    const QString sql = sqlite ? u"WITH RECURSIVE c(x) AS (SELECT started() UNION ALL "
                                 "SELECT x + 1 FROM c) SELECT count(*) FROM c"_s
                               : u"SELECT pg_sleep(600)"_s;
    auto running = std::async(std::launch::async, [&]() -> Result<std::optional<QueryRows>> {
        Result<std::optional<QueryRows>> out = StorageError::invalidArgument(u"not run"_s);
        {
            auto db = fixture.console->open(consolePurpose);
            if (!db)
                return db.error();
            if (sqlite)
                sqlite3_create_function(SqliteStatement::handleOf(*db), "started", 0, SQLITE_UTF8,
                                        nullptr, markStarted, nullptr, nullptr);
            out = ReadOnlyStatement(sql).rows(*db, 0, 10, interrupt);
        }
        fixture.console->close(consolePurpose);
        return out;
    });
    if (sqlite)
        QTRY_VERIFY(statementStarted.load());
    else
        QTRY_COMPARE(test::scalar(fixture.db, u"SELECT count(*) FROM pg_stat_activity WHERE "
                                              "state = 'active' AND query LIKE '%pg_sleep(600)%' "
                                              "AND pid <> pg_backend_pid()"_s),
                     1);
    QCOMPARE(running.wait_for(std::chrono::seconds(0)), std::future_status::timeout);
    interrupt.raise();
    QTRY_COMPARE(running.wait_for(std::chrono::seconds(0)), std::future_status::ready);
    const auto stopped = running.get();
    QVERIFY2(stopped, qPrintable(stopped.errorMessage()));
    QVERIFY(!*stopped);
    if (!sqlite)
        QTRY_COMPARE(test::scalar(fixture.db, u"SELECT count(*) FROM pg_stat_activity WHERE "
                                              "state = 'active' AND query LIKE '%pg_sleep(600)%' "
                                              "AND pid <> pg_backend_pid()"_s),
                     0);
}

// The export's statement runs on a connection the export source guarded first.
void tst_ReadOnlyStatement::exportsReadOnly()
{
    QFETCH(Engine, engine);
    Fixture fixture(engine);
    QVERIFY2(fixture.error.isEmpty(), qPrintable(fixture.error));
    const QStringList before = fixture.state();
    {
        auto db = fixture.console->open(consolePurpose);
        QVERIFY2(db, qPrintable(db.errorMessage()));
        const auto source = consoleExport(
            ReadOnlyStatement(u"SELECT id, label FROM t ORDER BY id"_s), {u"id"_s, u"label"_s});
        auto all = source->query(*db, {});
        QVERIFY2(all, qPrintable(all.errorMessage()));
        QCOMPARE(test::rowsOf(*db, all->sql).size(), 50);
        auto picked = source->query(*db, {u"label"_s});
        QVERIFY2(picked, qPrintable(picked.errorMessage()));
        QCOMPARE(test::rowsOf(*db, picked->sql).value(0), u"row 1"_s);
        QVERIFY(!source->query(*db, {u"nosuch"_s}));
        // The connection the export ran on reads only now.
        QSqlQuery write(*db);
        QVERIFY(!write.exec(u"DELETE FROM t"_s));
        const auto twoStatements =
            consoleExport(ReadOnlyStatement(u"SELECT 1; DELETE FROM t"_s), {u"1"_s});
        QVERIFY(!twoStatements->query(*db, {}));
    }
    fixture.console->close(consolePurpose);
    QCOMPARE(fixture.state(), before);
}

// PostgreSQL: an advisory lock a statement takes for the session is let go after it.
void tst_ReadOnlyStatement::releasesSessionLocks()
{
    Fixture fixture(Engine::PostgreSQL);
    QVERIFY2(fixture.error.isEmpty(), qPrintable(fixture.error));
    const auto locked = fixture.rows(u"SELECT pg_advisory_lock(4242)"_s);
    QVERIFY2(locked && *locked, qPrintable(locked.errorMessage()));
    QCOMPARE(test::rowsOf(fixture.db, u"SELECT pg_try_advisory_lock(4242)"_s),
             QStringList{u"true"_s});
    QCOMPARE(test::rowsOf(fixture.db, u"SELECT pg_advisory_unlock(4242)"_s),
             QStringList{u"true"_s});
}

QTEST_MAIN(tst_ReadOnlyStatement)
#include "tst_readonlystatement.moc"
