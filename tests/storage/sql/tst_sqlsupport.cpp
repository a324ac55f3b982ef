#include "connectionfactory.h"
#include "preparedstatements.h"
#include "rowestimate.h"
#include "sqlerror.h"
#include "sqlitestatement.h"
#include "sqlsupport.h"
#include "testservers.h"

#include <QSet>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QTimeZone>
#include <QUuid>

#include <sqlite3.h>

using namespace Qt::StringLiterals;
using namespace porthole;
using Engine = porthole::test::ScratchDatabase::Engine;

class tst_SqlSupport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void timestamps_data();
    void timestamps();
    void timestampParams();
    void keysetQueries_data();
    void keysetQueries();
    void pageRequestsChecked();
    void postgresStatementsFreedAfterAnAbortedTransaction();
    void idSetsReadBackEveryId_data();
    void idSetsReadBackEveryId();
    void closedConnectionIsConnectionLost_data();
    void closedConnectionIsConnectionLost();
    void indexedReadsTurnPlansOffAndBack();
    void sqliteEstimateReadsNoRows();
    void preparedStatementsRunAgain_data();
    void preparedStatementsRunAgain();
};

void tst_SqlSupport::timestamps_data()
{
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QDateTime>("expected");
    const QDate day(2026, 3, 29);
    const auto utc = [day](int h, int m, int s, int ms) {
        return QDateTime(day, QTime(h, m, s, ms), QTimeZone::utc());
    };
    QTest::newRow("porthole's form")
        << QVariant(u"2026-03-29 01:59:59.123"_s) << utc(1, 59, 59, 123);
    QTest::newRow("without ms") << QVariant(u"2026-03-29 01:59:59"_s) << utc(1, 59, 59, 0);
    QTest::newRow("one digit of ms") << QVariant(u"2026-03-29 01:59:59.5"_s) << utc(1, 59, 59, 500);
    QTest::newRow("micro seconds cut")
        << QVariant(u"2026-03-29 01:59:59.123456"_s) << utc(1, 59, 59, 123);
    QTest::newRow("T and Z") << QVariant(u"2026-03-29T01:59:59.250Z"_s) << utc(1, 59, 59, 250);
    QTest::newRow("with offset (slow path)")
        << QVariant(u"2026-03-29T03:59:59+02:00"_s) << utc(1, 59, 59, 0);
    QTest::newRow("a QDateTime") << QVariant(QDateTime(day, QTime(3, 0), QTimeZone(7200)))
                                 << utc(1, 0, 0, 0);
    QTest::newRow("null") << QVariant(QMetaType::fromType<QString>()) << QDateTime();
    QTest::newRow("not a date") << QVariant(u"2026-02-30 10:00:00"_s) << QDateTime();
    QTest::newRow("garbage") << QVariant(u"yesterday"_s) << QDateTime();
    QTest::newRow("trailing junk") << QVariant(u"2026-03-29 01:59:59.1x"_s) << QDateTime();
}

void tst_SqlSupport::timestamps()
{
    QFETCH(QVariant, value);
    QFETCH(QDateTime, expected);
    const QDateTime parsed = timestampValue(value);
    QCOMPARE(parsed.isValid(), expected.isValid());
    if (expected.isValid()) {
        QCOMPARE(parsed, expected);
        QCOMPARE(parsed.timeSpec(), Qt::UTC);
    }
}

void tst_SqlSupport::timestampParams()
{
    const QDateTime berlin(QDate(2026, 10, 25), QTime(2, 30, 0, 7), QTimeZone("Europe/Berlin"));
    QCOMPARE(timestampParam(berlin, SqlEngine::SQLite).toString(), timestampText(berlin.toUTC()));
    QCOMPARE(timestampParam(berlin, SqlEngine::PostgreSQL).toString(),
             timestampText(berlin) + u"+00"_s);
    QCOMPARE(timestampValue(timestampParam(berlin, SqlEngine::SQLite)), berlin.toUTC());
    QVERIFY(timestampParam({}, SqlEngine::SQLite).isNull());
    // The hand-written form equals Qt's formatted one, across the years and the day.
    for (const QDateTime &t : {QDateTime(QDate(1999, 12, 31), QTime(23, 59, 59, 999), Qt::UTC),
                               QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5, 6), Qt::UTC), berlin,
                               QDateTime(QDate(2400, 2, 29), QTime(0, 0), Qt::UTC)})
        QCOMPARE(timestampText(t), t.toUTC().toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s));
}

void tst_SqlSupport::keysetQueries_data()
{
    QTest::addColumn<int>("from");
    QTest::addColumn<bool>("descending");
    QTest::addColumn<QString>("sql");
    using From = PageRequest::From;
    const QString select = u"SELECT * FROM t WHERE a = ?"_s;
    QTest::newRow("start") << int(From::Start) << false << select + u" ORDER BY c, id LIMIT 11"_s;
    QTest::newRow("start desc") << int(From::Start) << true
                                << select + u" ORDER BY c DESC, id DESC LIMIT 11"_s;
    QTest::newRow("after") << int(From::After) << false
                           << select + u" AND (c, id) > (?, ?) ORDER BY c, id LIMIT 11"_s;
    QTest::newRow("after desc") << int(From::After) << true
                                << select +
                                       u" AND (c, id) < (?, ?) ORDER BY c DESC, id DESC LIMIT 11"_s;
    QTest::newRow("before") << int(From::Before) << false
                            << select +
                                   u" AND (c, id) < (?, ?) ORDER BY c DESC, id DESC LIMIT 11"_s;
    QTest::newRow("end") << int(From::End) << false
                         << select + u" ORDER BY c DESC, id DESC LIMIT 11"_s;
    QTest::newRow("end desc") << int(From::End) << true << select + u" ORDER BY c, id LIMIT 11"_s;
}

void tst_SqlSupport::keysetQueries()
{
    QFETCH(int, from);
    QFETCH(bool, descending);
    QFETCH(QString, sql);
    WhereClause where;
    where.add(u"a = ?"_s, {1});
    PageRequest request;
    request.from = PageRequest::From(from);
    request.descending = descending;
    request.limit = 10;
    const KeysetQuery query = keysetQuery(u"SELECT * FROM t"_s, where, request, u"c"_s, 5, u"x"_s);
    QCOMPARE(query.sql, sql);
    const bool positioned =
        request.from == PageRequest::From::After || request.from == PageRequest::From::Before;
    QCOMPARE(query.params.size(), positioned ? 3 : 1);

    // finishPage turns backward reads around and reports the ends.
    QList<int> rows{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
    const Page<int> page = finishPage(rows, request);
    QCOMPARE(page.rows.size(), 10);
    const bool backwards =
        request.from == PageRequest::From::Before || request.from == PageRequest::From::End;
    QCOMPARE(page.rows.constFirst(), backwards ? 10 : 1);
    QCOMPARE(page.atStart, request.from == PageRequest::From::Start);
    QCOMPARE(page.atEnd, request.from == PageRequest::From::End);
    const Page<int> short_ = finishPage(QList<int>{1, 2}, request);
    QCOMPARE(backwards ? short_.atStart : short_.atEnd, true);
}

void tst_SqlSupport::pageRequestsChecked()
{
    PageRequest request;
    QCOMPARE(*checkPageRequest(request, {u"created_at"_s, u"name"_s}, u"Rows"_s), u"created_at"_s);
    request.sortColumn = u"name"_s;
    QCOMPARE(*checkPageRequest(request, {u"created_at"_s, u"name"_s}, u"Rows"_s), u"name"_s);
    request.sortColumn = u"password"_s;
    const auto refused = checkPageRequest(request, {u"created_at"_s, u"name"_s}, u"Rows"_s);
    QCOMPARE(refused.error().kind, StorageError::Kind::InvalidArgument);
    QCOMPARE(refused.errorMessage(), u"Rows cannot be sorted by \"password\"."_s);
    request.sortColumn.clear();
    request.limit = 10001;
    QVERIFY(!checkPageRequest(request, {u"created_at"_s}, u"Rows"_s).ok());
}

namespace {
QStringList capturedWarnings;
void captureWarnings(QtMsgType type, const QMessageLogContext &, const QString &message)
{
    if (type == QtWarningMsg)
        capturedWarnings << message;
}
} // namespace

void tst_SqlSupport::postgresStatementsFreedAfterAnAbortedTransaction()
{
    PORTHOLE_SCRATCH_DATABASE(scratch, test::ScratchDatabase::Engine::PostgreSQL);
    const ConnectionFactory factory(scratch->url());
    {
        auto db = factory.open(u"test"_s);
        QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
        capturedWarnings.clear();
        const QtMessageHandler previous = qInstallMessageHandler(captureWarnings);
        {
            SqlTransaction transaction(*db);
            QVERIFY(transaction.begin().ok());
            auto first = execQuery(*db, u"SELECT ?::int"_s, {1}, u"Selecting"_s);
            QVERIFY(first.ok());
            auto failed = execQuery(*db, u"SELECT 1 / ?::int"_s, {0}, u"Dividing"_s);
            QVERIFY(!failed.ok());
            auto refused = execQuery(*db, u"SELECT ?::int"_s, {2}, u"Selecting again"_s);
            QVERIFY2(!refused.ok(), "the transaction is aborted");
        } // the statements die here, before the rollback
        qInstallMessageHandler(previous);
        QVERIFY2(capturedWarnings.isEmpty(), qPrintable(capturedWarnings.join(u'\n')));

        auto left =
            execQuery(*db, u"SELECT count(*) FROM pg_prepared_statements WHERE statement <> ?"_s,
                      {u"x"_s}, u"Counting"_s);
        QVERIFY(left.ok() && left->next());
        QCOMPARE(left->value(0).toInt(), 1); // only the statement asking
    }
    factory.close(u"test"_s);
}

void tst_SqlSupport::idSetsReadBackEveryId_data()
{
    QTest::addColumn<test::ScratchDatabase::Engine>("engine");
    QTest::newRow("sqlite") << test::ScratchDatabase::Engine::SQLite;
    QTest::newRow("postgresql") << test::ScratchDatabase::Engine::PostgreSQL;
}

void tst_SqlSupport::idSetsReadBackEveryId()
{
    QFETCH(test::ScratchDatabase::Engine, engine);
    PORTHOLE_SCRATCH_DATABASE(scratch, engine);
    const ConnectionFactory factory(scratch->url());
    {
        auto opened = factory.open(u"test"_s);
        QVERIFY2(opened.ok(), qPrintable(opened.errorMessage()));
        const QSqlDatabase db = *opened;
        const bool postgres = engineOf(db) == SqlEngine::PostgreSQL;
        QSqlQuery query(db);
        QVERIFY2(query.exec(postgres ? u"CREATE TABLE probe (id UUID PRIMARY KEY, n BIGINT)"_s
                                     : u"CREATE TABLE probe (id TEXT PRIMARY KEY, n INTEGER)"_s),
                 qPrintable(query.lastError().text()));
        // 1,200 rows; the list asks for 1,000 of them (every other one first, then some
        // twice), and two that are not there.
        QStringList all;
        QVERIFY(db.driver()->beginTransaction());
        for (int i = 0; i < 1200; ++i) {
            all << QUuid::createUuid().toString(QUuid::WithoutBraces);
            QVERIFY(query.prepare(u"INSERT INTO probe (id, n) VALUES (?, ?)"_s));
            query.addBindValue(all.last());
            query.addBindValue(i);
            QVERIFY2(query.exec(), qPrintable(query.lastError().text()));
        }
        QVERIFY(db.driver()->commitTransaction());
        QStringList asked;
        QSet<QString> expected;
        for (int i = 0; i < 1000; ++i) {
            asked << all.at(i * 2 % 1200);
            expected.insert(all.at(i * 2 % 1200));
        }
        asked << QUuid::createUuid().toString(QUuid::WithoutBraces)
              << QUuid::createUuid().toString(QUuid::WithoutBraces);

        QSet<QString> found;
        QList<qsizetype> counts;
        const Status read = forEachIdBatch(db, asked, 400, [&](const IdSet &set, qsizetype count) {
            counts << count;
            auto rows = execQuery(db, u"SELECT id FROM probe WHERE id IN (%1)"_s.arg(set.select),
                                  {set.param}, u"Reading"_s);
            if (!rows)
                return Status(rows.error());
            while (rows->next())
                found.insert(rows->value(0).toString());
            return success();
        });
        QVERIFY2(read.ok(), qPrintable(read.errorMessage()));
        QCOMPARE(counts, (QList<qsizetype>{400, 400, 202}));
        QCOMPARE(found, expected);

        // Integer keys, and an empty list.
        const IdSet numbers = idSet(engineOf(db), QList<qint64>{3, 5, 5, 1199, 5000});
        auto rows =
            execQuery(db, u"SELECT n FROM probe WHERE n IN (%1) ORDER BY n"_s.arg(numbers.select),
                      {numbers.param}, u"Reading"_s);
        QVERIFY2(rows.ok(), qPrintable(rows.errorMessage()));
        QList<qint64> ns;
        while (rows->next())
            ns << rows->value(0).toLongLong();
        QCOMPARE(ns, (QList<qint64>{3, 5, 1199}));
        const IdSet none = idSet(engineOf(db), QStringList{});
        rows = execQuery(db, u"SELECT count(*) FROM probe WHERE id IN (%1)"_s.arg(none.select),
                         {none.param}, u"Reading"_s);
        QVERIFY2(rows.ok() && rows->next(), qPrintable(rows.errorMessage()));
        QCOMPARE(rows->value(0).toInt(), 0);
    }
    factory.close(u"test"_s);
}

void tst_SqlSupport::closedConnectionIsConnectionLost_data()
{
    QTest::addColumn<Engine>("engine");
    QTest::newRow("sqlite") << Engine::SQLite;
    QTest::newRow("postgresql") << Engine::PostgreSQL;
}

// Qt runs nothing on a closed connection and reports no error text: that is a lost
// connection, which the callers reopen, not an unknown failure with an empty message.
void tst_SqlSupport::closedConnectionIsConnectionLost()
{
    QFETCH(Engine, engine);
    PORTHOLE_SCRATCH_DATABASE(scratch, engine);
    const ConnectionFactory factory(scratch->url());
    auto db = factory.open(u"closed"_s);
    QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
    db->close();
    QSqlQuery query(*db);
    QTest::ignoreMessage(QtWarningMsg, "QSqlQuery::exec: database not open");
    QVERIFY(!query.exec(u"SELECT 1"_s));
    const StorageError error = sqlError(query.lastError(), u"Reading"_s);
    QCOMPARE(error.kind, StorageError::Kind::ConnectionLost);
    QVERIFY2(
        error.message.startsWith(u"Reading failed: the connection to the database is not open."_s),
        qPrintable(error.message));
    factory.close(u"closed"_s);
}

// IndexedReads on PostgreSQL: while it lives no sequential scan and no JIT compilation, and
// with Bitmaps::Off no bitmap scan; the session's settings as they were once it ends. Where the
// server can compile, EXPLAIN says so of a statement outside it and not inside.
void tst_SqlSupport::indexedReadsTurnPlansOffAndBack()
{
    PORTHOLE_SCRATCH_DATABASE(scratch, Engine::PostgreSQL);
    const ConnectionFactory factory(scratch->url());
    auto db = factory.open(u"settings"_s);
    QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
    const auto value = [&](const QString &sql) {
        QSqlQuery query(*db);
        QStringList values;
        if (query.exec(sql))
            while (query.next())
                values << query.value(0).toString();
        return values.join(u'\n');
    };
    const auto settings = [&] {
        return value(u"SELECT current_setting('enable_seqscan') || current_setting('jit') || "
                     "current_setting('enable_bitmapscan')"_s);
    };
    // Every statement compiled where JIT is on: an oracle the guard does not touch. Porthole's
    // connections have JIT off; on here, for the guard to turn off and back.
    QVERIFY(QSqlQuery(*db).exec(u"SET jit_above_cost = 0"_s));
    QVERIFY(QSqlQuery(*db).exec(u"SET jit = on"_s));
    const bool compiles = value(u"SELECT pg_jit_available()"_s) == u"true"_s;
    const QString statement = u"EXPLAIN SELECT sum(x) FROM generate_series(1, 10) x"_s;
    QCOMPARE(value(statement).contains(u"JIT:"_s), compiles);
    QCOMPARE(settings(), u"ononon"_s);
    {
        const IndexedReads reads(*db, SqlEngine::PostgreSQL, IndexedReads::Bitmaps::Off);
        QCOMPARE(settings(), u"offoffoff"_s);
        QVERIFY(!value(statement).contains(u"JIT:"_s));
    }
    QCOMPARE(settings(), u"ononon"_s);
    QCOMPARE(value(statement).contains(u"JIT:"_s), compiles);
    {
        const IndexedReads reads(*db, SqlEngine::PostgreSQL);
        QCOMPARE(settings(), u"offoffon"_s);
    }
    // A session's own choice is put back, not the server's default.
    QVERIFY(QSqlQuery(*db).exec(u"SET jit = off"_s));
    {
        const IndexedReads reads(*db, SqlEngine::PostgreSQL, IndexedReads::Bitmaps::Off);
    }
    QCOMPARE(settings(), u"onoffon"_s);
    factory.close(u"settings"_s);
}

// Beyond a bounded count, SQLite's estimate reads the statistics or the two ends of the rowids,
// never the rows: counted by the virtual machine's instructions, which a scan of 200,000 rows
// runs a million of.
void tst_SqlSupport::sqliteEstimateReadsNoRows()
{
    PORTHOLE_SCRATCH_DATABASE(scratch, test::ScratchDatabase::Engine::SQLite);
    const ConnectionFactory factory(scratch->url());
    {
        auto db = factory.open(u"test"_s);
        QVERIFY(db.ok());
        QSqlQuery query(*db);
        QVERIFY(query.exec(u"CREATE TABLE t (x INTEGER)"_s));
        QVERIFY(query.exec(u"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                           "WHERE i < 200000) INSERT INTO t (x) SELECT i FROM n"_s));
        sqlite3 *handle = SqliteStatement::handleOf(*db);
        QVERIFY(handle);
        qint64 steps = 0; // of 100 instructions
        sqlite3_progress_handler(
            handle, 100,
            [](void *count) {
                ++*static_cast<qint64 *>(count);
                return 0;
            },
            &steps);
        const RowCount beyond = sqliteRowsBeyond(*db, u"t"_s, {100, RowCount::Precision::AtLeast});
        sqlite3_progress_handler(handle, 0, nullptr, nullptr);
        QCOMPARE(beyond, (RowCount{200000, RowCount::Precision::Estimate}));
        QVERIFY2(steps < 100, qPrintable(u"%1 instructions"_s.arg(steps * 100)));
    }
    factory.close(u"test"_s);
}

void tst_SqlSupport::preparedStatementsRunAgain_data()
{
    idSetsReadBackEveryId_data();
}

// A statement run again with other values is prepared once; a read stopped part-way leaves
// the connection's next statements free to see newer rows; a failing one says so and is
// prepared anew.
void tst_SqlSupport::preparedStatementsRunAgain()
{
    QFETCH(test::ScratchDatabase::Engine, engine);
    PORTHOLE_SKIP_ON_TIMESCALEDB_FIXTURE(PORTHOLE_TWO_CONNECTIONS);
    PORTHOLE_SCRATCH_DATABASE(scratch, engine);
    const ConnectionFactory factory(scratch->url());
    {
        auto opened = factory.open(u"test"_s);
        QVERIFY2(opened.ok(), qPrintable(opened.errorMessage()));
        auto other = factory.open(u"writer"_s);
        QVERIFY2(other.ok(), qPrintable(other.errorMessage()));
        const QSqlDatabase db = *opened;
        QSqlQuery query(db);
        QVERIFY(query.exec(u"CREATE TABLE probe (series TEXT NOT NULL, n INTEGER NOT NULL)"_s));
        QVERIFY(query.exec(u"INSERT INTO probe VALUES ('a', 1), ('a', 2), ('a', 3), ('b', 10)"_s));

        PreparedStatements statements(db);
        const QString sql = u"SELECT n FROM probe WHERE series = ? ORDER BY n"_s;
        // Reads the first `most` values of `series`.
        const auto values = [&](const QString &series, int most) {
            QList<int> read;
            const Status ran = statements.run(sql, {series}, u"Reading"_s, [&](QSqlQuery &q) {
                while (read.size() < most && q.next())
                    read << q.value(0).toInt();
            });
            return ran ? read : QList<int>{-1};
        };
        QCOMPARE(values(u"a"_s, 10), (QList<int>{1, 2, 3}));
        QCOMPARE(values(u"b"_s, 10), QList<int>{10});
        QCOMPARE(values(u"a"_s, 1), QList<int>{1}); // stopped part-way
        QCOMPARE(statements.size(), 1);

        // A row another connection writes now is seen by this connection's next statement,
        // whatever it is: the one stopped part-way holds no snapshot.
        QSqlQuery write(*other);
        QVERIFY2(write.exec(u"INSERT INTO probe VALUES ('a', 4)"_s),
                 qPrintable(write.lastError().text()));
        auto count = execQuery(db, u"SELECT count(*) FROM probe"_s, {}, u"Counting"_s);
        QVERIFY2(count.ok(), qPrintable(count.errorMessage()));
        QVERIFY(count->next());
        QCOMPARE(count->value(0).toInt(), 5);
        count->finish();
        QCOMPARE(values(u"a"_s, 10), (QList<int>{1, 2, 3, 4}));

        // A statement that fails: the error says what was done, and nothing is kept of it.
        bool read = false;
        const Status failed =
            statements.run(u"SELECT n FROM no_such_table WHERE series = ?"_s, {u"a"_s},
                           u"Reading the probe"_s, [&read](QSqlQuery &) { read = true; });
        QVERIFY(!failed.ok());
        QVERIFY2(failed.errorMessage().contains(u"Reading the probe"_s),
                 qPrintable(failed.errorMessage()));
        QVERIFY(!read);
        QCOMPARE(statements.size(), 1);

        if (engine != Engine::PostgreSQL)
            return;
        // PostgreSQL: planned once for any values when asked, at each run otherwise (its first
        // five runs are), and the connection's own mode as it was after each run.
        const auto plans = [&db](const QString &table) {
            auto read =
                execQuery(db,
                          u"SELECT generic_plans, custom_plans FROM pg_prepared_statements "
                          "WHERE statement LIKE ?"_s,
                          {QString(u"%FROM "_s + table + u" WHERE%"_s)}, u"Reading the plans"_s);
            return read && read->next() ? std::pair{read->value(0).toInt(), read->value(1).toInt()}
                                        : std::pair{-1, -1};
        };
        QVERIFY(query.exec(u"CREATE TABLE probe2 AS SELECT * FROM probe"_s));
        PreparedStatements generic(db);
        generic.setGenericPlans(true);
        for (const QString &series : {u"a"_s, u"b"_s, u"a"_s}) {
            QVERIFY(generic
                        .run(u"SELECT n FROM probe2 WHERE series = ?"_s, {series}, u"Reading"_s,
                             [](QSqlQuery &q) { q.next(); })
                        .ok());
            auto mode =
                execQuery(db, u"SELECT current_setting('plan_cache_mode')"_s, {}, u"Showing"_s);
            QVERIFY(mode && mode->next());
            QCOMPARE(mode->value(0).toString(), u"auto"_s);
        }
        QCOMPARE(plans(u"probe2"_s), (std::pair{3, 0}));
        QCOMPARE(plans(u"probe"_s).second, 4); // the four runs above, each planned for its values
    }
    factory.close(u"test"_s);
    factory.close(u"writer"_s);
}

QTEST_GUILESS_MAIN(tst_SqlSupport)
#include "tst_sqlsupport.moc"
