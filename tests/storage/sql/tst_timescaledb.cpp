// The TimescaleDB fixture (scripts/servers/timescaledb): PGlite with TimescaleDB, reached through
// ConnectionFactory as Porthole reaches any PostgreSQL server. It serves one connection at a
// time, so everything here goes through the one connection the factory opens on this thread.
#include "connectionfactory.h"
#include "testservers.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <optional>

using namespace Qt::StringLiterals;
using porthole::ConnectionFactory;

class tst_TimescaleDb : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void hypertableListed();
    void statementsOverSixtyFourKiB();

private:
    // Runs one statement on the fixture's connection; fails the test with the server's error.
    QSqlQuery run(const QString &sql, const QVariantList &values = {});

    std::optional<ConnectionFactory> m_factory;
    QSqlDatabase m_db;
    const QString m_table = u"readings_%1"_s.arg(QCoreApplication::applicationPid());
};

QSqlQuery tst_TimescaleDb::run(const QString &sql, const QVariantList &values)
{
    QSqlQuery query(m_db);
    bool ok = false;
    if (values.isEmpty()) {
        ok = query.exec(sql);
    } else {
        ok = query.prepare(sql);
        for (qsizetype i = 0; ok && i < values.size(); ++i)
            query.bindValue(int(i), values.at(i));
        ok = ok && query.exec();
    }
    if (!ok)
        qWarning("%s: %s", qPrintable(sql.left(200)), qPrintable(query.lastError().text()));
    return query;
}

void tst_TimescaleDb::initTestCase()
{
    auto url = porthole::test::fixtureTimescaleDb();
    QVERIFY2(url.ok(), qPrintable(url.errorMessage()));
    m_factory.emplace(*url);
    auto db = m_factory->open(u"timescaledb"_s);
    QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
    m_db = *db;
    QVERIFY(run(u"CREATE EXTENSION IF NOT EXISTS timescaledb"_s).isActive());
}

void tst_TimescaleDb::cleanupTestCase()
{
    if (!m_factory)
        return;
    if (m_db.isOpen())
        run(u"DROP TABLE IF EXISTS %1"_s.arg(m_table));
    m_db = QSqlDatabase();
    m_factory->close(u"timescaledb"_s);
}

void tst_TimescaleDb::hypertableListed()
{
    QVERIFY(run(u"CREATE TABLE %1 (at TIMESTAMPTZ NOT NULL, value DOUBLE PRECISION)"_s.arg(m_table))
                .isActive());
    QVERIFY(run(u"SELECT create_hypertable('%1', by_range('at', INTERVAL '1 day'))"_s.arg(m_table))
                .isActive());
    // Three days apart: three chunks of a day.
    QVERIFY(run(u"INSERT INTO %1 VALUES ('2026-01-01 12:00+00', 1), ('2026-01-02 12:00+00', 2), "
                "('2026-01-03 12:00+00', 3)"_s.arg(m_table))
                .isActive());

    QSqlQuery listed = run(u"SELECT num_chunks FROM timescaledb_information.hypertables "
                           "WHERE hypertable_name = ?"_s,
                           {m_table});
    QVERIFY(listed.next());
    QCOMPARE(listed.value(0).toInt(), 3);
    QVERIFY(!listed.next());

    QSqlQuery buckets = run(u"SELECT time_bucket(INTERVAL '2 days', at) AS b, sum(value) FROM %1 "
                            "GROUP BY b ORDER BY b"_s.arg(m_table));
    QList<double> sums;
    while (buckets.next())
        sums << buckets.value(1).toDouble();
    QCOMPARE(sums, (QList<double>{1, 5}));
}

// pglite-socket 0.0.19 handed PGlite each 64 KiB read of a longer protocol message as it came,
// and PGlite died on it: QPSQL sends a prepared statement's values inside one Query message
// (EXECUTE), so 200 port messages in one INSERT were enough. The fixture's server hands PGlite
// whole messages; this one spans several reads, and the connection serves the next statement.
void tst_TimescaleDb::statementsOverSixtyFourKiB()
{
    const QString text(300'000, u'x');
    QSqlQuery length = run(u"SELECT length(?)"_s, {text});
    QVERIFY(length.next());
    QCOMPARE(length.value(0).toInt(), 300'000);

    QSqlQuery again = run(u"SELECT 41 + 1"_s);
    QVERIFY(again.next());
    QCOMPARE(again.value(0).toInt(), 42);
}

QTEST_GUILESS_MAIN(tst_TimescaleDb)
#include "tst_timescaledb.moc"
