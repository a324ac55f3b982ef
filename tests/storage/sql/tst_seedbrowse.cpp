#include "componentstaterepository.h"
#include "healthrepository.h"
#include "repositorytestsupport.h"
#include "sinkstoragerepository.h"
#include "sqlscript.h"

#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;
using Engine = porthole::test::ScratchDatabase::Engine;

// The three browse listings on a PostgreSQL database made by seed 001's own DDL (section 2,
// verbatim in data/seeds/seed001_postgresql.sql) and filled with the seed's INSERT
// patterns, with nothing of Porthole's migrations: UUID ids from uuid_generate_v4(), times from
// NOW() in microseconds, JSONB.
class tst_SeedBrowse : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void componentState();
    void sinkStorage();
    void healthHistory();

private:
    std::unique_ptr<test::ScratchDatabase> m_scratch;
    std::unique_ptr<ConnectionFactory> m_factory;
    QSqlDatabase m_db;
};

void tst_SeedBrowse::initTestCase()
{
    QString error;
    m_scratch = test::ScratchDatabase::create(Engine::PostgreSQL, &error);
    QVERIFY2(m_scratch, qPrintable(error));
    m_factory = std::make_unique<ConnectionFactory>(m_scratch->url());
    auto db = m_factory->open(u"seed"_s);
    QVERIFY2(db, qPrintable(db.errorMessage()));
    m_db = *db;
    QFile ddl(QFINDTESTDATA("data/seeds/seed001_postgresql.sql"));
    QVERIFY(ddl.open(QIODevice::ReadOnly));
    QSqlQuery query(m_db);
    for (const QString &statement : splitSqlStatements(QString::fromUtf8(ddl.readAll())))
        QVERIFY2(query.exec(statement), qPrintable(statement + u": "_s + query.lastError().text()));
    // Nothing of Porthole's: no schema_version, no audit_log.
    QCOMPARE(test::scalar(m_db, u"SELECT count(*) FROM information_schema.tables WHERE "
                                "table_schema = 'public' AND table_type = 'BASE TABLE'"_s),
             7);

    // The seed's INSERT patterns, each row in a statement (and transaction) of its own.
    const QStringList inserts{
        u"INSERT INTO component_state (component_name, component_type, state_data, version) "
        "VALUES ('order-router', 'Splitter', '{\"routes\": 2}', 1)"_s,
        u"INSERT INTO component_state (component_name, component_type, state_data, version) "
        "VALUES ('order-router', 'Splitter', '{\"routes\": 3}', 2)"_s,
        u"INSERT INTO component_state (component_name, component_type, state_data) "
        "VALUES ('archive', 'Sink', '{\"files\": 10}')"_s,
        u"INSERT INTO sink_storage (sink_name, data_type, data, metadata) VALUES "
        "('archive', 'order', '{\"order_id\": 42, \"total\": 9.5}', '{\"source\": \"shop\"}')"_s,
        u"INSERT INTO sink_storage (sink_name, data_type, data) VALUES "
        "('archive', 'refund', '{\"order_id\": 43}')"_s,
        u"INSERT INTO sink_storage (sink_name, data) VALUES ('audit', '{\"order_id\": 42.0}')"_s,
        u"INSERT INTO system_health (component_name, health_status, health_details) VALUES "
        "('order-router', 'healthy', '{\"lag\": 0}')"_s,
        u"INSERT INTO system_health (component_name, health_status) VALUES "
        "('order-router', 'degraded')"_s,
        u"INSERT INTO system_health (component_name, health_status) VALUES "
        "('archive', 'unknown')"_s,
    };
    for (const QString &insert : inserts)
        QVERIFY2(query.exec(insert), qPrintable(query.lastError().text()));
}

void tst_SeedBrowse::cleanupTestCase()
{
    m_db = QSqlDatabase();
    if (m_factory)
        m_factory->close(u"seed"_s);
}

void tst_SeedBrowse::componentState()
{
    const ComponentStateRepository repository(m_db);
    const PageRequest first{PageRequest::From::Start, {}, 10, {}, true};
    auto components = repository.page({}, PageRequest{PageRequest::From::Start, {}, 10, {}, false});
    QVERIFY2(components, qPrintable(components.errorMessage()));
    QCOMPARE(components->rows.size(), 2);
    QCOMPARE(components->rows.at(1).componentName, u"order-router"_s);
    QCOMPARE(components->rows.at(1).version, 2);
    QVERIFY(components->rows.at(1).updatedAt.isValid());
    auto versions = repository.page({u"order-router"_s, {}}, first);
    QVERIFY2(versions, qPrintable(versions.errorMessage()));
    QCOMPARE(versions->rows.size(), 2);
    QCOMPARE(versions->rows.at(0).version, 2);
    QCOMPARE(versions->rows.at(1).stateData, QByteArray("{\"routes\": 2}"));
    auto after =
        repository.page({u"order-router"_s, {}},
                        PageRequest{PageRequest::From::After,
                                    ComponentStateRepository::keyOf(versions->rows.at(0), true),
                                    10,
                                    {},
                                    true});
    QCOMPARE(after->rows.size(), 1);
    QCOMPARE(repository.count({})->value, 2);
}

void tst_SeedBrowse::sinkStorage()
{
    PORTHOLE_SKIP_ON_TIMESCALEDB_FIXTURE("the fixture's clock gives NOW() to the millisecond: the "
                                         "seed's rows, written within one, tie");
    const SinkStorageRepository repository(m_db);
    const PageRequest first{PageRequest::From::Start, {}, 10, {}, true};
    auto all = repository.page({}, first);
    QVERIFY2(all, qPrintable(all.errorMessage()));
    QCOMPARE(all->rows.size(), 3);
    QCOMPARE(all->rows.at(0).sinkName, u"audit"_s); // newest first
    QCOMPARE(all->rows.at(0).dataType, QString());
    QCOMPARE(all->rows.at(0).metadata, QByteArray());
    // Paging by a key taken from a NOW() in microseconds finds the rest, exactly.
    auto rest = repository.page(
        {},
        PageRequest{
            PageRequest::From::After, SinkStorageRepository::keyOf(all->rows.at(0)), 10, {}, true});
    QCOMPARE(rest->rows.size(), 2);
    QCOMPARE(rest->rows.at(0).dataType, u"refund"_s);
    SinkStorageFilter filter;
    filter.path = *JsonPathFilter::parse(u"$.order_id = 42"_s);
    auto matching = repository.page(filter, first);
    QVERIFY2(matching, qPrintable(matching.errorMessage()));
    QCOMPARE(matching->rows.size(), 2);
    filter.sink = u"archive"_s;
    QCOMPARE(repository.count(filter)->value, 1);
}

void tst_SeedBrowse::healthHistory()
{
    PORTHOLE_SKIP_ON_TIMESCALEDB_FIXTURE("the fixture's clock gives NOW() to the millisecond: the "
                                         "seed's rows, written within one, tie");
    const HealthRepository repository(m_db);
    auto all = repository.page({}, PageRequest{PageRequest::From::Start, {}, 2, {}, true});
    QVERIFY2(all, qPrintable(all.errorMessage()));
    QCOMPARE(all->rows.size(), 2);
    QCOMPARE(all->rows.at(0).componentName, u"archive"_s);
    QVERIFY(!all->atEnd);
    auto rest = repository.page(
        {}, PageRequest{
                PageRequest::From::After, HealthRepository::keyOf(all->rows.at(1)), 2, {}, true});
    QCOMPARE(rest->rows.size(), 1);
    QCOMPARE(rest->rows.at(0).status, u"healthy"_s);
    QCOMPARE(rest->rows.at(0).details, QByteArray("{\"lag\": 0}"));
    QCOMPARE(repository.count({u"order-router"_s, {}})->value, 2);
}

QTEST_GUILESS_MAIN(tst_SeedBrowse)
#include "tst_seedbrowse.moc"
