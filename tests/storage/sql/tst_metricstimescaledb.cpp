#include "metricsrepository.h"
#include "metricstestsupport.h"
#include "migrationrunner.h"
#include "repositorytestsupport.h"
#include "sqlsupport.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace porthole::test;

// The Metrics pane's reads on TimescaleDB (the fixture), after Porthole's migrations made
// component_metrics a hypertable with continuous aggregates (migrations 6 and 17): a 30-day
// chart reads the aggregates, the last hour's the hypertable's raw values, and where the two
// overlap they agree, with each other and with buckets computed here from the values written.
class tst_MetricsTimescaleDb : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void aggregatesForMonthRawForHour();
    void migrationsDownAndUpKeepValues();

private:
    // The plan of the statement points() runs for `request`, as text.
    QString planOf(const SeriesRequest &request);

    std::unique_ptr<ScratchDatabase> m_scratch;
    std::unique_ptr<ConnectionFactory> m_factory;
    QSqlDatabase m_db;
    QList<std::pair<QDateTime, double>> m_values;
    MetricSeries m_series{MetricSource::Component, u"router"_s, u"latency_ms"_s};
    QDateTime m_end; // the top of the hour after the last value
};

void tst_MetricsTimescaleDb::initTestCase()
{
    QString error;
    m_scratch = ScratchDatabase::createOnTimescaleDb(&error);
    QVERIFY2(m_scratch, qPrintable(error));
    m_factory = std::make_unique<ConnectionFactory>(m_scratch->url());
    auto db = m_factory->open(u"test"_s);
    QVERIFY2(db, qPrintable(db.errorMessage()));
    m_db = *db;
    auto migrations = MigrationRunner::builtin(m_scratch->url().engine());
    QVERIFY2(migrations, qPrintable(migrations.errorMessage()));
    auto migrated = MigrationRunner(m_db, *migrations).up();
    QVERIFY2(migrated, qPrintable(migrated.errorMessage()));
    QCOMPARE(scalar(m_db, u"SELECT count(*) FROM timescaledb_information.continuous_aggregates "
                          "WHERE view_name LIKE 'component_metric_%'"_s),
             2);

    // Every 10 minutes for 30 days, and every 5 seconds in the last hour, up to the top of
    // this hour (values that add up exactly, so that averages compare exactly).
    const qint64 hourMs = 3600 * 1000;
    m_end = QDateTime::fromMSecsSinceEpoch(QDateTime::currentMSecsSinceEpoch() / hourMs * hourMs,
                                           QTimeZone::utc());
    QList<ComponentMetric> rows;
    for (int i = 1; i <= 30 * 24 * 6; ++i) {
        const QDateTime time = m_end.addSecs(-600 * qint64(i) + 7);
        const double value = (i * 37 % 101) * 0.25;
        rows.append({m_series.owner, m_series.name, value, {}, {}, time});
        m_values.append({time, value});
    }
    for (int i = 1; i <= 720; ++i) {
        const QDateTime time = m_end.addSecs(-5 * qint64(i) + 2);
        const double value = (i * 13 % 53) * 0.5;
        rows.append({m_series.owner, m_series.name, value, {}, {}, time});
        m_values.append({time, value});
    }
    MetricsRepository repository(m_db);
    const Status inserted = repository.insertComponentMetrics(rows);
    QVERIFY2(inserted.ok(), qPrintable(inserted.errorMessage()));
    // Materialized through the end, as the refresh policies would have done over time.
    for (const QString &view : {u"component_metric_minutes"_s, u"component_metric_hours"_s}) {
        QSqlQuery refresh(m_db);
        QVERIFY2(refresh.exec(u"CALL refresh_continuous_aggregate('%1', NULL, NULL)"_s.arg(view)),
                 qPrintable(refresh.lastError().text()));
    }
}

void tst_MetricsTimescaleDb::cleanupTestCase()
{
    m_db = QSqlDatabase();
    if (m_factory)
        m_factory->close(u"test"_s);
}

QString tst_MetricsTimescaleDb::planOf(const SeriesRequest &request)
{
    auto statement = MetricsRepository::pointsStatement(SqlEngine::PostgreSQL, request, true);
    if (!statement)
        return u"FAILED: "_s + statement.errorMessage();
    // EXPLAIN cannot be prepared: the values points() binds, as the driver quotes them.
    QSqlQuery query(m_db);
    if (!query.exec(u"EXPLAIN "_s + withValues(m_db, statement->sql, statement->params)))
        return u"FAILED: "_s + query.lastError().text();
    QStringList lines;
    while (query.next())
        lines << query.value(0).toString();
    return lines.join(u'\n');
}

void tst_MetricsTimescaleDb::aggregatesForMonthRawForHour()
{
    const MetricsRepository repository(m_db);
    // What the Metrics pane asks for a chart 1,400 pixels wide.
    SeriesRequest month{m_series, m_end.addDays(-30), m_end, 0};
    month.bucketSeconds = MetricsRepository::bucketSecondsFor(month.from, month.to, 1400);
    SeriesRequest hour{m_series, m_end.addSecs(-3600), m_end, 0};
    hour.bucketSeconds = MetricsRepository::bucketSecondsFor(hour.from, hour.to, 1400);
    QCOMPARE(month.bucketSeconds, 1800);
    QCOMPARE(hour.bucketSeconds, 5);

    // The month's buckets come from the continuous aggregate's materialized rows; the hour's
    // from the hypertable's chunks alone.
    const QString monthPlan = planOf(month);
    QVERIFY2(monthPlan.contains(u"_materialized_hypertable_"_s), qPrintable(monthPlan));
    const QString hourPlan = planOf(hour);
    QVERIFY2(!hourPlan.startsWith(u"FAILED"_s), qPrintable(hourPlan));
    QVERIFY2(!hourPlan.contains(u"_materialized_hypertable_"_s), qPrintable(hourPlan));
    QVERIFY2(hourPlan.contains(u"_hyper_"_s), qPrintable(hourPlan));

    auto monthPoints = repository.points(month);
    QVERIFY2(monthPoints, qPrintable(monthPoints.errorMessage()));
    auto hourPoints = repository.points(hour);
    QVERIFY2(hourPoints, qPrintable(hourPoints.errorMessage()));
    QString why;
    QVERIFY2(sameBuckets(monthPoints->points,
                         referenceBuckets(m_values, month.from, month.to, month.bucketSeconds),
                         &why),
             qPrintable(why));
    QVERIFY2(sameBuckets(hourPoints->points,
                         referenceBuckets(m_values, hour.from, hour.to, hour.bucketSeconds), &why),
             qPrintable(why));

    // Where they overlap (the last hour's two buckets of 30 minutes), the hour's 5-second
    // buckets add up to the month's.
    QList<std::pair<QDateTime, double>> hourValues;
    QList<MetricPoint> fromHour;
    for (const MetricPoint &p : hourPoints->points) {
        const qint64 start = p.start.toSecsSinceEpoch() / 1800 * 1800;
        if (fromHour.isEmpty() || fromHour.last().start.toSecsSinceEpoch() != start) {
            fromHour.append(
                {QDateTime::fromSecsSinceEpoch(start, QTimeZone::utc()), 0, p.min, p.max, 0});
        }
        MetricPoint &into = fromHour.last();
        into.avg += p.avg * double(p.count);
        into.min = std::min(into.min, p.min);
        into.max = std::max(into.max, p.max);
        into.count += p.count;
    }
    for (MetricPoint &p : fromHour)
        p.avg /= double(p.count);
    QCOMPARE(fromHour.size(), 2);
    QVERIFY(monthPoints->points.size() >= 2);
    QVERIFY2(sameBuckets(monthPoints->points.mid(monthPoints->points.size() - 2), fromHour, &why),
             qPrintable(why));
}

// Migration 17 down (the aggregates dropped, the rollup triggers back with the rollups of the
// values stored) and up again (the aggregates made again): the month's buckets stay the same.
void tst_MetricsTimescaleDb::migrationsDownAndUpKeepValues()
{
    const MetricsRepository repository(m_db);
    SeriesRequest month{m_series, m_end.addDays(-30), m_end, 1800};
    const QList<MetricPoint> expected =
        referenceBuckets(m_values, month.from, month.to, month.bucketSeconds);
    auto migrations = MigrationRunner::builtin(m_scratch->url().engine());
    QVERIFY2(migrations, qPrintable(migrations.errorMessage()));
    MigrationRunner runner(m_db, *migrations);
    auto current = runner.currentVersion();
    QVERIFY2(current, qPrintable(current.errorMessage()));
    auto down = runner.down(*current - 16);
    QVERIFY2(down, qPrintable(down.errorMessage()));
    QCOMPARE(*runner.currentVersion(), 16);
    QCOMPARE(scalar(m_db, u"SELECT count(*) FROM timescaledb_information.continuous_aggregates"_s),
             0);
    QCOMPARE(scalar(m_db, u"SELECT count(*) FROM timescaledb_information.hypertables WHERE "
                          "hypertable_name IN ('component_metrics', 'port_metrics')"_s),
             2);
    QCOMPARE(scalar(m_db, u"SELECT count(*) FROM component_metrics"_s), qint64(m_values.size()));
    QString why;
    {
        // Read from the raw values (no metric_rollup_rows below migration 17).
        const MetricsRepository fresh(m_db);
        auto points = fresh.points(month);
        QVERIFY2(points, qPrintable(points.errorMessage()));
        QVERIFY2(sameBuckets(points->points, expected, &why), qPrintable(why));
    }
    // The rollups of every value stored, made again by the down part.
    QList<MetricPoint> hours;
    QSqlQuery rollups(m_db);
    QVERIFY2(rollups.exec(u"SELECT bucket, value_sum / value_count, value_min, value_max, "
                          "value_count FROM metric_rollups WHERE source = 'component' AND "
                          "width = 3600 ORDER BY bucket"_s),
             qPrintable(rollups.lastError().text()));
    while (rollups.next())
        hours.append(
            {QDateTime::fromSecsSinceEpoch(rollups.value(0).toLongLong(), QTimeZone::utc()),
             rollups.value(1).toDouble(), rollups.value(2).toDouble(), rollups.value(3).toDouble(),
             rollups.value(4).toLongLong()});
    QVERIFY2(sameBuckets(hours, referenceBuckets(m_values, month.from, month.to, 3600), &why),
             qPrintable(why));
    auto up = runner.up();
    QVERIFY2(up, qPrintable(up.errorMessage()));
    QCOMPARE(scalar(m_db, u"SELECT count(*) FROM timescaledb_information.continuous_aggregates"_s),
             4);
    auto points = repository.points(month);
    QVERIFY2(points, qPrintable(points.errorMessage()));
    QVERIFY2(sameBuckets(points->points, expected, &why), qPrintable(why));
}

QTEST_GUILESS_MAIN(tst_MetricsTimescaleDb)
#include "tst_metricstimescaledb.moc"
