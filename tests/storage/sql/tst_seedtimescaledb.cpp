#include "migrationrunner.h"
#include "repositorytestsupport.h"
#include "schemabrowser.h"
#include "sqlscript.h"

#include <QFile>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;

// Seed 002's TimescaleDB database on the TimescaleDB fixture: its own DDL (hypertable,
// continuous aggregate, compression, retention and refresh policies, indexes) and queries,
// verbatim in data/seeds/seed002_*.sql; its policies run as their jobs; then browsed as the
// Tables pane browses it, attached as it is and after Porthole's migrations adopted it.
class tst_SeedTimescaleDb : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void policiesRun();
    void seedQueries();
    void browsedAttached();
    void adoptedUntouched();

private:
    QSqlQuery run(const QString &sql);
    qint64 number(const QString &sql) { return test::scalar(m_db, sql); }
    // Every row of sensor_data as the Tables pane pages through it, a page of 100 at a time.
    void browseAll(QStringList *rows);
    // What a migration must leave as it was: the seed's rows, aggregate, jobs and indexes.
    QStringList seedState();

    std::unique_ptr<test::ScratchDatabase> m_scratch;
    std::unique_ptr<ConnectionFactory> m_factory;
    QSqlDatabase m_db;
    const qint64 m_readings = 3 * 20 * 48; // 3 sensors, every 30 minutes for 20 days
    qint64 m_lastSeedJob = 0;              // the seed's policies' jobs: 1000 to this
};

QSqlQuery tst_SeedTimescaleDb::run(const QString &sql)
{
    QSqlQuery query(m_db);
    if (!query.exec(sql))
        qWarning("%s: %s", qPrintable(sql.left(200)), qPrintable(query.lastError().text()));
    return query;
}

void tst_SeedTimescaleDb::initTestCase()
{
    QString error;
    m_scratch = test::ScratchDatabase::createOnTimescaleDb(&error);
    QVERIFY2(m_scratch, qPrintable(error));
    m_factory = std::make_unique<ConnectionFactory>(m_scratch->url());
    auto db = m_factory->open(u"seed"_s);
    QVERIFY2(db, qPrintable(db.errorMessage()));
    m_db = *db;

    QFile ddl(QFINDTESTDATA("data/seeds/seed002_timescaledb.sql"));
    QVERIFY(ddl.open(QIODevice::ReadOnly));
    QSqlQuery query(m_db);
    for (const QString &statement : splitSqlStatements(QString::fromUtf8(ddl.readAll())))
        QVERIFY2(query.exec(statement), qPrintable(statement + u": "_s + query.lastError().text()));
    QCOMPARE(number(u"SELECT count(*) FROM timescaledb_information.hypertables "
                    "WHERE hypertable_name = 'sensor_data'"_s),
             1);
    QCOMPARE(number(u"SELECT count(*) FROM timescaledb_information.continuous_aggregates "
                    "WHERE view_name = 'sensor_data_hourly'"_s),
             1);
    QCOMPARE(test::rowsOf(m_db, u"SELECT proc_name FROM timescaledb_information.jobs "
                                "WHERE job_id >= 1000 ORDER BY 1"_s),
             (QStringList{u"policy_compression"_s, u"policy_refresh_continuous_aggregate"_s,
                          u"policy_retention"_s}));
    m_lastSeedJob = number(u"SELECT max(job_id) FROM timescaledb_information.jobs"_s);

    // Readings up to the hour before this one, three sensors, as the seed's consumer writes
    // them: a row in a statement of its own would take minutes here, so one statement.
    QVERIFY(run(u"INSERT INTO sensor_data (time, sensor_id, temperature, humidity) "
                "SELECT date_trunc('hour', now()) - interval '1 hour' - n * interval '30 minutes', "
                "s, 20 + s + (n % 7) * 0.5, 40 + (n % 11) FROM generate_series(0, 959) n, "
                "generate_series(1, 3) s"_s)
                .isActive());
    QCOMPARE(number(u"SELECT count(*) FROM sensor_data"_s), m_readings);
}

void tst_SeedTimescaleDb::cleanupTestCase()
{
    m_db = QSqlDatabase();
    if (m_factory)
        m_factory->close(u"seed"_s);
}

// The seed's policies as their jobs (the fixture has no background workers: run_job runs one).
void tst_SeedTimescaleDb::policiesRun()
{
    const qint64 refresh = number(u"SELECT job_id FROM timescaledb_information.jobs "
                                  "WHERE proc_name = 'policy_refresh_continuous_aggregate'"_s);
    const qint64 compression = number(u"SELECT job_id FROM timescaledb_information.jobs "
                                      "WHERE proc_name = 'policy_compression'"_s);
    const qint64 retention = number(u"SELECT job_id FROM timescaledb_information.jobs "
                                    "WHERE proc_name = 'policy_retention'"_s);
    QVERIFY(refresh > 0 && compression > 0 && retention > 0);
    const qint64 chunks = number(u"SELECT count(*) FROM show_chunks('sensor_data')"_s);
    QVERIFY2(chunks >= 3, "twenty days of readings in chunks of seven");

    // The refresh policy materializes its window (3 hours back to 1 hour back).
    QVERIFY(run(u"CALL run_job(%1)"_s.arg(refresh)).isActive());
    QVERIFY(number(u"SELECT count(*) FROM _timescaledb_catalog.continuous_aggs_watermark"_s) >= 1);
    // The compression policy compresses the chunks wholly older than 7 days, and the rows
    // read the same from them.
    const QStringList before = test::rowsOf(
        m_db, u"SELECT sensor_id, count(*), sum(temperature) FROM sensor_data GROUP BY 1 "
              "ORDER BY 1"_s);
    QVERIFY(run(u"CALL run_job(%1)"_s.arg(compression)).isActive());
    const qint64 compressed =
        number(u"SELECT count(*) FROM timescaledb_information.chunks WHERE hypertable_name = "
               "'sensor_data' AND is_compressed"_s);
    const qint64 old = number(u"SELECT count(*) FROM timescaledb_information.chunks WHERE "
                              "hypertable_name = 'sensor_data' "
                              "AND range_end <= now() - interval '7 days'"_s);
    QVERIFY(old >= 1);
    QCOMPARE(compressed, old);
    QCOMPARE(test::rowsOf(m_db, u"SELECT sensor_id, count(*), sum(temperature) FROM sensor_data "
                                "GROUP BY 1 ORDER BY 1"_s),
             before);
    // The retention policy drops nothing younger than two years.
    QVERIFY(run(u"CALL run_job(%1)"_s.arg(retention)).isActive());
    QCOMPARE(number(u"SELECT count(*) FROM show_chunks('sensor_data')"_s), chunks);
    QCOMPARE(number(u"SELECT count(*) FROM sensor_data"_s), m_readings);
}

void tst_SeedTimescaleDb::seedQueries()
{
    // The whole aggregate, so that it agrees with the raw rows over the whole week.
    QVERIFY(
        run(u"CALL refresh_continuous_aggregate('sensor_data_hourly', NULL, NULL)"_s).isActive());
    QFile file(QFINDTESTDATA("data/seeds/seed002_queries.sql"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QStringList queries = splitSqlStatements(QString::fromUtf8(file.readAll()));
    QCOMPARE(queries.size(), 6);
    QList<QStringList> answers;
    for (const QString &sql : queries) {
        answers.append(test::rowsOf(m_db, sql));
        QVERIFY2(answers.last().value(0).left(7) != u"FAILED:"_s,
                 qPrintable(sql + u": "_s + answers.last().value(0)));
    }
    // The hourly averages from the raw rows and from the aggregate agree, hour by hour (the
    // raw query averages the three sensors; the aggregate's rows are per sensor, two a bucket
    // each: their mean is the hour's).
    const QStringList fromAggregate = test::rowsOf(
        m_db, u"SELECT bucket, round(avg(avg_temp)::numeric, 6) FROM sensor_data_hourly "
              "WHERE bucket > NOW() - INTERVAL '7 days' GROUP BY 1 ORDER BY 1"_s);
    const QStringList fromRaw = test::rowsOf(
        m_db, u"SELECT b, round(a::numeric, 6) FROM (SELECT time_bucket('1 hour', time) AS b, "
              "AVG(temperature) AS a FROM sensor_data WHERE time > NOW() - INTERVAL '7 days' "
              "GROUP BY 1) q WHERE b > NOW() - INTERVAL '7 days' ORDER BY 1"_s);
    QVERIFY(fromAggregate.size() >= 7 * 24 - 2);
    QCOMPARE(fromAggregate, fromRaw);
    QCOMPARE(answers.at(1).size(), fromAggregate.size() * 3);
    QVERIFY(answers.at(0).size() >= fromRaw.size());
    QCOMPARE(answers.at(2).size(), 0); // January 2025: none
    QCOMPARE(answers.at(3).size(), 1); // hypertables: sensor_data
    QCOMPARE(answers.at(4).size(), 1); // continuous aggregates: sensor_data_hourly
    QCOMPARE(qint64(answers.at(5).size()),
             number(u"SELECT count(*) FROM show_chunks('sensor_data')"_s) +
                 number(u"SELECT count(*) FROM timescaledb_information.chunks "
                        "WHERE hypertable_name <> 'sensor_data'"_s));
}

void tst_SeedTimescaleDb::browseAll(QStringList *rows)
{
    const SchemaBrowser browser(m_db);
    auto table = browser.find(u"public"_s, u"sensor_data"_s);
    QVERIFY2(table, qPrintable(table.errorMessage()));
    auto columns = browser.columns(*table);
    QVERIFY2(columns, qPrintable(columns.errorMessage()));
    QCOMPARE(columns->size(), 4);
    auto key = browser.keyOf(*table);
    QVERIFY2(key, qPrintable(key.errorMessage()));
    auto indexes = browser.indexes(*table);
    QVERIFY2(indexes, qPrintable(indexes.errorMessage()));
    QVariantList after;
    PageRequest::From from = PageRequest::From::Start;
    for (int pages = 0; pages < 100; ++pages) {
        auto page = browser.page(*table, *key, *columns, from, after, 100, {}, *indexes);
        QVERIFY2(page, qPrintable(page.errorMessage()));
        for (const BrowsedRow &row : page->rows) {
            QStringList fields;
            for (const QVariant &value : row.values)
                fields << value.toString();
            rows->append(fields.join(u" | "_s));
        }
        if (page->rows.isEmpty() || page->atEnd)
            return;
        after = page->rows.constLast().key;
        from = PageRequest::From::After;
    }
    QFAIL("more than 100 pages");
}

// Opened as it is, without Porthole's tables: the Tables pane lists the seed's table and its
// aggregate (not the chunks, not the extension's catalogs) and pages through every reading once.
void tst_SeedTimescaleDb::browsedAttached()
{
    const SchemaBrowser browser(m_db);
    auto tables = browser.tables();
    QVERIFY2(tables, qPrintable(tables.errorMessage()));
    QStringList listed;
    for (const CatalogTable &table : *tables)
        listed << table.qualifiedName();
    QCOMPARE(listed, (QStringList{u"public.sensor_data"_s, u"public.sensor_data_hourly"_s}));

    QStringList rows;
    browseAll(&rows);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(qint64(rows.size()), m_readings);
    QCOMPARE(qint64(QSet<QString>(rows.cbegin(), rows.cend()).size()), m_readings);
    auto table = browser.find(u"public"_s, u"sensor_data"_s);
    auto counted = browser.count(*table, 1000000);
    QVERIFY2(counted, qPrintable(counted.errorMessage()));
    QCOMPARE(counted->value, m_readings);

    // The aggregate pages as a view.
    auto hourly = browser.find(u"public"_s, u"sensor_data_hourly"_s);
    QVERIFY2(hourly, qPrintable(hourly.errorMessage()));
    auto columns = browser.columns(*hourly);
    QVERIFY2(columns, qPrintable(columns.errorMessage()));
    auto key = browser.keyOf(*hourly);
    auto page = browser.page(*hourly, *key, *columns, PageRequest::From::Start, {}, 50);
    QVERIFY2(page, qPrintable(page.errorMessage()));
    QCOMPARE(page->rows.size(), 50);
}

QStringList tst_SeedTimescaleDb::seedState()
{
    QStringList state;
    state << test::rowsOf(m_db, u"SELECT time, sensor_id, temperature, humidity FROM "
                                "sensor_data ORDER BY 1, 2"_s);
    state << test::rowsOf(m_db, u"SELECT * FROM sensor_data_hourly ORDER BY 1, 2"_s);
    state << test::rowsOf(m_db, u"SELECT job_id, proc_name, schedule_interval, config::text "
                                "FROM timescaledb_information.jobs WHERE job_id BETWEEN 1000 "
                                "AND %1 ORDER BY 1"_s.arg(m_lastSeedJob));
    state << test::rowsOf(m_db, u"SELECT indexname, indexdef FROM pg_indexes "
                                "WHERE tablename = 'sensor_data' ORDER BY 1"_s);
    state << test::rowsOf(m_db, u"SELECT chunk_name, is_compressed FROM "
                                "timescaledb_information.chunks WHERE hypertable_name = "
                                "'sensor_data' ORDER BY 1"_s);
    return state;
}

// Porthole's migrations on the seed's database: its own tables beside the seed's, which they
// leave as they were (rows, aggregate, jobs, indexes, chunks); the Tables pane still pages
// through every reading.
void tst_SeedTimescaleDb::adoptedUntouched()
{
    const QStringList before = seedState();
    QVERIFY(before.size() > m_readings);
    auto migrations = MigrationRunner::builtin(m_scratch->url().engine());
    QVERIFY2(migrations, qPrintable(migrations.errorMessage()));
    auto migrated = MigrationRunner(m_db, *migrations).up();
    QVERIFY2(migrated, qPrintable(migrated.errorMessage()));
    QCOMPARE(seedState(), before);
    QCOMPARE(number(u"SELECT count(*) FROM timescaledb_information.hypertables WHERE "
                    "hypertable_name IN ('component_metrics', 'port_metrics')"_s),
             2);
    QStringList rows;
    browseAll(&rows);
    QCOMPARE(qint64(rows.size()), m_readings);
}

QTEST_GUILESS_MAIN(tst_SeedTimescaleDb)
#include "tst_seedtimescaledb.moc"
