#include "exactcounter.h"
#include "pagedtestsupport.h"
#include "sqlitestatement.h"

#include <QSignalSpy>
#include <QTest>

#include <sqlite3.h>

using namespace Qt::StringLiterals;
using namespace porthole;
using porthole::test::NumberedQuery;

namespace {

// A count that would take minutes: SQLite walks a recursive sequence of four billion numbers,
// PostgreSQL sleeps for ten minutes. `reached` counts that the statement is running (SQLite:
// its first row called reached(); PostgreSQL: the test sees it in pg_stat_activity).
class EndlessCountQuery final : public PagedQuery
{
public:
    std::shared_ptr<QAtomicInt> reached = std::make_shared<QAtomicInt>(0);

    Result<PagedRows> page(const QSqlDatabase &, PageRequest::From, const PageKey &,
                           int) const override
    {
        return PagedRows{};
    }
    Result<PagedRows> range(const QSqlDatabase &, const PageKey &, bool, const PageKey &,
                            int) const override
    {
        return PagedRows{};
    }
    Result<RowCount> count(const QSqlDatabase &, qint64) const override { return RowCount{}; }
    bool countsExactly() const override { return true; }

    Result<std::optional<qint64>> exactCount(const QSqlDatabase &db,
                                             CountInterrupt &interrupt) const override
    {
        if (sqlite3 *handle = SqliteStatement::handleOf(db)) {
            sqlite3_create_function_v2(handle, "reached", 0, SQLITE_UTF8, reached.get(),
                                       &EndlessCountQuery::onReached, nullptr, nullptr, nullptr);
            return porthole::exactCount(
                db,
                u"FROM (WITH RECURSIVE c(x) AS (SELECT reached() UNION ALL SELECT x + 1 FROM c "
                "WHERE x < 4000000000) SELECT x FROM c)"_s,
                {}, interrupt, u"Counting forever"_s);
        }
        return porthole::exactCount(db, u"FROM (SELECT pg_sleep(600)) AS s"_s, {}, interrupt,
                                    u"Counting forever"_s);
    }

private:
    static void onReached(sqlite3_context *context, int, sqlite3_value **)
    {
        static_cast<QAtomicInt *>(sqlite3_user_data(context))->fetchAndAddOrdered(1);
        sqlite3_result_int(context, 1);
    }
};

} // namespace

class tst_ExactCounter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void countsEveryRow_data() { test::addEngineRows(); }
    void countsEveryRow();
    void stopsTheStatementUnderWay_data() { test::addEngineRows(); }
    void stopsTheStatementUnderWay();
};

void tst_ExactCounter::countsEveryRow()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QString stored = test::storeNumbered(database.db, 0, 1200);
    QVERIFY2(stored.isEmpty(), qPrintable(stored));
    auto bounded = PortMessageRepository(database.db).count({}, 1000);
    QVERIFY2(bounded, qPrintable(bounded.errorMessage()));
    QCOMPARE_NE(bounded->precision, RowCount::Precision::Exact);

    ExactCounter counter(*database.factory);
    QSignalSpy counted(&counter, &ExactCounter::counted);
    QSignalSpy failed(&counter, &ExactCounter::failed);
    counter.count(7, std::make_shared<NumberedQuery>());
    QVERIFY(counter.isCounting());
    QVERIFY(counted.wait(20000));
    QCOMPARE(counted.at(0).at(0).toULongLong(), quint64(7));
    QCOMPARE(counted.at(0).at(1).toLongLong(), qint64(1200));
    QVERIFY(failed.isEmpty());
    QVERIFY(!counter.isCounting());
}

void tst_ExactCounter::stopsTheStatementUnderWay()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QString stored = test::storeNumbered(database.db, 0, 30);
    QVERIFY2(stored.isEmpty(), qPrintable(stored));

    ExactCounter counter(*database.factory);
    QSignalSpy counted(&counter, &ExactCounter::counted);
    QSignalSpy failed(&counter, &ExactCounter::failed);
    auto endless = std::make_shared<EndlessCountQuery>();
    counter.count(1, endless);
    if (engine == test::ScratchDatabase::Engine::SQLite) {
        QTRY_COMPARE_WITH_TIMEOUT(endless->reached->loadAcquire(), 1, 20000);
    } else {
        QTRY_COMPARE_WITH_TIMEOUT(
            test::scalar(database.db,
                         u"SELECT count(*) FROM pg_stat_activity WHERE state = 'active' "
                         "AND query LIKE '%pg_sleep(600)%' AND pid <> pg_backend_pid()"_s),
            qint64(1), 20000);
    }

    // Stopped: the statement ends, and the counter's one thread is free for the next count,
    // whose answer is the only one.
    counter.cancel();
    QCOMPARE(counter.interrupted(), quint64(1));
    counter.count(2, std::make_shared<NumberedQuery>());
    QVERIFY(counted.wait(20000));
    QCOMPARE(counted.size(), 1);
    QCOMPARE(counted.at(0).at(0).toULongLong(), quint64(2));
    QCOMPARE(counted.at(0).at(1).toLongLong(), qint64(30));
    QVERIFY(failed.isEmpty());
    if (engine == test::ScratchDatabase::Engine::PostgreSQL)
        QCOMPARE(test::scalar(database.db,
                              u"SELECT count(*) FROM pg_stat_activity WHERE state = 'active' "
                              "AND query LIKE '%pg_sleep(600)%' AND pid <> pg_backend_pid()"_s),
                 qint64(0));
}

QTEST_GUILESS_MAIN(tst_ExactCounter)
#include "tst_exactcounter.moc"
