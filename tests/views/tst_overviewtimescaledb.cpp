// The Overview's Database section on the TimescaleDB fixture (scripts/servers/timescaledb): the
// health model reads it on its own thread and connection, as in the window. The fixture serves
// one connection at a time, so the test's own is closed before the model reads.
#include "connectionfactory.h"
#include "databasehealthmodel.h"
#include "overviewpane.h"
#include "sourcestatusmodel.h"
#include "testservers.h"
#include "timescalehealthmodel.h"

#include <QCoreApplication>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTableView>
#include <QTest>

#include <optional>

using namespace Qt::StringLiterals;
using namespace porthole;

class tst_OverviewTimescaleDb : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void showsHypertablesAndJobs();

private:
    // Runs the statements on a connection of the test's own, closed after.
    bool run(const QStringList &statements);

    std::optional<ConnectionFactory> m_factory;
    const QString m_table = u"ov_readings_%1"_s.arg(QCoreApplication::applicationPid());
};

bool tst_OverviewTimescaleDb::run(const QStringList &statements)
{
    bool ok = true;
    {
        auto db = m_factory->open(u"setup"_s);
        if (!db) {
            qWarning("%s", qPrintable(db.errorMessage()));
            return false;
        }
        for (const QString &sql : statements) {
            QSqlQuery query(*db);
            if (!query.exec(sql)) {
                qWarning("%s: %s", qPrintable(sql), qPrintable(query.lastError().text()));
                ok = false;
                break;
            }
        }
    }
    m_factory->close(u"setup"_s);
    return ok;
}

void tst_OverviewTimescaleDb::initTestCase()
{
    auto url = test::fixtureTimescaleDb();
    QVERIFY2(url.ok(), qPrintable(url.errorMessage()));
    m_factory.emplace(*url);
    QVERIFY(
        run({u"CREATE EXTENSION IF NOT EXISTS timescaledb"_s,
             u"CREATE TABLE %1 (at TIMESTAMPTZ NOT NULL, value DOUBLE PRECISION)"_s.arg(m_table),
             u"SELECT create_hypertable('%1', by_range('at', INTERVAL '1 day'))"_s.arg(m_table),
             u"INSERT INTO %1 VALUES ('2026-02-01 10:00Z', 1), ('2026-02-02 10:00Z', 2)"_s.arg(
                 m_table)}));
}

void tst_OverviewTimescaleDb::cleanupTestCase()
{
    if (m_factory)
        run({u"DROP TABLE IF EXISTS %1"_s.arg(m_table)});
}

void tst_OverviewTimescaleDb::showsHypertablesAndJobs()
{
    // The model outlives the pane that shows it.
    DatabaseHealthModel health(*m_factory);
    SourceStatusModel sources;
    OverviewPane pane(&sources);
    pane.resize(1440, 900);
    QSignalSpy changed(&health, &DatabaseHealthModel::healthChanged);
    QSignalSpy failed(&health, &DatabaseHealthModel::readFailed);
    pane.setDatabaseHealth(&health);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QTRY_VERIFY_WITH_TIMEOUT(!changed.isEmpty() || !failed.isEmpty(), 60000);
    QVERIFY2(health.problem().isEmpty(), qPrintable(health.problem()));
    QVERIFY2(health.health().problems.isEmpty(), qPrintable(health.health().problems.join(u'\n')));

    QVERIFY2(pane.timescaleText().startsWith(u"TimescaleDB 2.23"_s),
             qPrintable(pane.timescaleText()));
    QVERIFY2(pane.timescaleText().contains(u" failing"_s), qPrintable(pane.timescaleText()));
    QVERIFY(pane.timescaleView()->isVisible());
    // The hypertable's row, and TimescaleDB's own job that trims its jobs' history.
    const QAbstractItemModel *rows = pane.timescaleView()->model();
    QStringList names;
    for (int row = 0; row < rows->rowCount(); ++row)
        names << rows->index(row, TimescaleHealthModel::NameColumn).data().toString();
    QVERIFY2(names.contains(m_table), qPrintable(names.join(u", "_s)));
    QVERIFY2(names.contains(u"trim the jobs' history"_s), qPrintable(names.join(u", "_s)));
    const int row = int(names.indexOf(m_table));
    QVERIFY2(rows->index(row, TimescaleHealthModel::FiguresColumn)
                 .data()
                 .toString()
                 .startsWith(u"2 chunks (0 compressed)"_s),
             qPrintable(rows->index(row, TimescaleHealthModel::FiguresColumn).data().toString()));
}

QTEST_MAIN(tst_OverviewTimescaleDb)
#include "tst_overviewtimescaledb.moc"
