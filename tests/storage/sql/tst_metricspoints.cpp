// The points of a metrics series as MetricsRepository reads them: buckets on both engines and
// against a reference, the rollups they come from, raw points, the extent, invalid requests.

#include "metricsrepository.h"
#include "metricstestsupport.h"
#include "queryplan.h"
#include "repositorytestsupport.h"
#include "sqlsupport.h"

#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QTimeZone>

#include <cmath>
#include <ctime>
#include <map>

using namespace Qt::StringLiterals;
using namespace porthole;
using porthole::test::json;
using porthole::test::MigratedDatabase;
using porthole::test::scalar;
using namespace porthole::test;

class tst_MetricsPoints : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void bucketedPoints_data() { test::addEngineRows(); }
    void bucketedPoints();
    void sameBucketsOnBothEngines_data();
    void sameBucketsOnBothEngines();
    void rollupsFollowEveryWrite_data() { test::addEngineRows(); }
    void rollupsFollowEveryWrite();
    void rollupsFollowDeletesOfRepeatedValues_data() { test::addEngineRows(); }
    void rollupsFollowDeletesOfRepeatedValues();
    void extentIsFirstAndLastValue_data() { test::addEngineRows(); }
    void extentIsFirstAndLastValue();
    void rawLimit_data() { test::addEngineRows(); }
    void rawLimit();
    void invalidRequests_data() { test::addEngineRows(); }
    void invalidRequests();
    void bucketSecondsFor_data();
    void bucketSecondsFor();
};

void tst_MetricsPoints::initTestCase()
{
    // Local time must not matter: run where it has a daylight-saving change.
    qputenv("TZ", "Europe/Berlin");
    tzset();
    QCOMPARE(QDateTime(QDate(2024, 3, 31), QTime(12, 0)).offsetFromUtc(), 7200);
}

void tst_MetricsPoints::bucketedPoints()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    MetricsRepository repository(database.db);
    // Values that add up exactly, so that averages compare exactly.
    QList<ComponentMetric> rows;
    QList<std::pair<QDateTime, double>> values;
    const QDateTime start = utc(u"2026-11-21T23:58:00.000"_s);
    for (int i = 0; i < 500; ++i) {
        const QDateTime time = start.addMSecs(qint64(i) * 777 + (i % 3 == 0 ? 999 : 0));
        const double value = (i * 37 % 101) * 0.25 - 5;
        rows.append({u"c"_s, u"m"_s, value, {}, {}, time});
        values.append({time, value});
    }
    // A bucket edge exactly, and just before one.
    for (const QString &edge : {u"2026-11-22T00:00:00.000"_s, u"2026-11-21T23:59:59.999"_s,
                                u"2026-11-22T00:05:00.000"_s, u"2026-11-22T00:04:59.999"_s}) {
        rows.append({u"c"_s, u"m"_s, 1.5, {}, {}, utc(edge)});
        values.append({utc(edge), 1.5});
    }
    QVERIFY(repository.insertComponentMetrics(rows).ok());

    const MetricSeries series{MetricSource::Component, u"c"_s, u"m"_s};
    for (qint64 width : {1, 10, 60, 300, 3600, 86400}) {
        for (const auto &[from, to] :
             {std::pair{start, start.addSecs(600)},
              {utc(u"2026-11-21T23:59:30.500"_s), utc(u"2026-11-22T00:04:59.999"_s)}}) {
            const auto points = repository.points({series, from, to, width, 100000});
            QVERIFY2(points.ok(), qPrintable(points.errorMessage()));
            QCOMPARE(points->points, referenceBuckets(values, from, to, width));
        }
    }
    // Buckets without values are absent.
    const auto sparse = repository.points({series, start.addSecs(-3600), start.addSecs(3600), 60});
    QVERIFY(sparse.ok());
    QCOMPARE(sparse->points.constFirst().start, start);
    QCOMPARE(sparse->points.size(), 8); // 23:58 to 00:05
}

void tst_MetricsPoints::extentIsFirstAndLastValue()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    MetricsRepository repository(database.db);
    const MetricSeries series{MetricSource::Component, u"c"_s, u"m"_s};
    const auto none = repository.extent(series);
    QVERIFY2(none.ok(), qPrintable(none.errorMessage()));
    QVERIFY(!none->has_value());

    const QDateTime first = utc(u"2026-03-29T00:59:59.250"_s);
    const QDateTime last = utc(u"2026-10-25T01:00:00.750"_s);
    QVERIFY(repository
                .insertComponentMetrics({{u"c"_s, u"m"_s, 2, {}, {}, first.addDays(3)},
                                         {u"c"_s, u"m"_s, 1, {}, {}, last},
                                         {u"c"_s, u"m"_s, 3, {}, {}, first},
                                         {u"c"_s, u"other"_s, 3, {}, {}, first.addDays(-9)},
                                         {u"d"_s, u"m"_s, 3, {}, {}, last.addDays(9)}})
                .ok());
    const auto found = repository.extent(series);
    QVERIFY2(found.ok(), qPrintable(found.errorMessage()));
    QVERIFY(found->has_value());
    QCOMPARE((*found)->first, first);
    QCOMPARE((*found)->second, last);

    // A port counter that is NULL everywhere has no values.
    QVERIFY(repository.insertPortMetrics({{u"p"_s, 5, 6, {}, {}, {}, {}, first}}).ok());
    const auto nulls = repository.extent({MetricSource::Port, u"p"_s, u"avg_send_duration_ms"_s});
    QVERIFY2(nulls.ok(), qPrintable(nulls.errorMessage()));
    QVERIFY(!nulls->has_value());
    const auto sent = repository.extent({MetricSource::Port, u"p"_s, u"messages_sent"_s});
    QVERIFY2(sent.ok() && sent->has_value(), qPrintable(sent.errorMessage()));
    QCOMPARE((*sent)->second, first);
    QVERIFY(!repository.extent({MetricSource::Port, u"p"_s, u"no_such_counter"_s}).ok());
}

void tst_MetricsPoints::sameBucketsOnBothEngines_data()
{
    QTest::addColumn<qint64>("width");
    for (qint64 width : {1, 10, 30, 60, 900, 3600, 21600, 86400})
        QTest::addRow("%llds", width) << width;
}

void tst_MetricsPoints::sameBucketsOnBothEngines()
{
    QFETCH(qint64, width);
    MigratedDatabase sqlite(Engine::SQLite);
    QVERIFY2(sqlite.ok(), qPrintable(sqlite.error));
    MigratedDatabase postgres(Engine::PostgreSQL);
    QVERIFY2(postgres.ok(), qPrintable(postgres.error));
    MetricsRepository onSqlite(sqlite.db);
    MetricsRepository onPostgres(postgres.db);

    const QList<SensorReading> readings = springForwardReadings();
    QVERIFY(onSqlite.insertSensorReadings(readings).ok());
    QVERIFY(onPostgres.insertSensorReadings(readings).ok());
    QList<std::pair<QDateTime, double>> values;
    for (const SensorReading &reading : readings)
        values.append({reading.timestamp, reading.value});

    const MetricSeries series{MetricSource::Sensor, u"berlin"_s, QString()};
    for (const auto &[from, to] :
         {std::pair{utc(u"2024-03-30T20:00:00.000"_s), utc(u"2024-03-31T06:00:00.000"_s)},
          {utc(u"2024-03-30T22:59:59.999"_s), utc(u"2024-03-31T01:00:00.001"_s)},
          {utc(u"2024-03-31T00:30:00.000"_s), utc(u"2024-03-31T05:00:00.000"_s)}}) {
        const SeriesRequest request{series, from, to, width, 100000};
        const auto a = onSqlite.points(request);
        const auto b = onPostgres.points(request);
        QVERIFY2(a.ok(), qPrintable(a.errorMessage()));
        QVERIFY2(b.ok(), qPrintable(b.errorMessage()));
        QString why;
        QVERIFY2(sameBuckets(a->points, b->points, &why), qPrintable(u"engines: "_s + why));
        QVERIFY2(sameBuckets(a->points, referenceBuckets(values, from, to, width), &why),
                 qPrintable(u"reference: "_s + why));
        for (const MetricPoint &point : a->points)
            QCOMPARE(point.start.toSecsSinceEpoch() % width, 0);
    }

    // The empty stretch (02:10 to 04:10 UTC) has no buckets; the buckets around the change are
    // whole UTC hours, and a day starts at UTC midnight, not at Berlin's.
    const auto whole = onPostgres.points({series, utc(u"2024-03-30T20:00:00.000"_s),
                                          utc(u"2024-03-31T06:00:00.000"_s), width, 100000});
    QVERIFY(whole.ok());
    for (const MetricPoint &point : whole->points) {
        QVERIFY2(point.start < utc(u"2024-03-31T02:10:00.000"_s) ||
                     point.start.addSecs(width) > utc(u"2024-03-31T04:10:00.000"_s),
                 qPrintable(point.start.toString(Qt::ISODate)));
    }
    if (width == 3600) {
        QList<QDateTime> starts;
        for (const MetricPoint &point : whole->points)
            starts << point.start;
        QVERIFY(starts.contains(utc(u"2024-03-31T01:00:00.000"_s)));
        QVERIFY(starts.contains(utc(u"2024-03-30T23:00:00.000"_s)));
        QVERIFY(!starts.contains(utc(u"2024-03-31T03:00:00.000"_s)));
        QCOMPARE(starts.size(), 9); // 20:00 to 02:00, 04:00 and 05:00
    }
    if (width == 86400) {
        QCOMPARE(whole->points.size(), 2);
        QCOMPARE(whole->points.at(1).start, utc(u"2024-03-31T00:00:00.000"_s));
    }
}

// The rollups (migration 13) are kept by triggers: after inserts, deletes (of extremes too),
// updates of values, names and times, and a retention-like cut, the buckets read through them
// are those of the raw values left.
void tst_MetricsPoints::rollupsFollowEveryWrite()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const SqlEngine sqlEngine = engineOf(database.db);
    MetricsRepository repository(database.db);
    const QDateTime start = utc(u"2026-11-20T22:00:00.000"_s);
    QList<ComponentMetric> components;
    QList<PortMetric> ports;
    QList<SensorReading> readings;
    QRandomGenerator random(13);
    for (int i = 0; i < 1500; ++i) {
        const QDateTime time = start.addMSecs(qint64(i) * 7219);
        const double value = double(random.bounded(4000)) * 0.25 - 300;
        components.append({i % 2 ? u"c"_s : u"d"_s, u"m"_s, value, {}, {}, time});
        ports.append({u"p"_s, i, 2 * i, value, std::nullopt,
                      i % 3 ? std::optional(-value) : std::nullopt, std::nullopt, time});
        readings.append({u"ev-%1"_s.arg(i), u"s"_s, time, value, std::nullopt, std::nullopt, {}});
    }
    QVERIFY(repository.insertComponentMetrics(components).ok());
    QVERIFY(repository.insertPortMetrics(ports).ok());
    QVERIFY(repository.insertSensorReadings(readings).ok());

    const auto run = [&](const QString &sql, const QVariantList &params) {
        return execute(database.db, sql, params);
    };
    const auto at = [&](qint64 secs) {
        return timestampParam(start.addSecs(secs), sqlEngine);
    };
    // A stretch deleted (its extremes with it), values changed, rows moved to another series
    // and to another hour, and everything before a cut.
    QVERIFY(run(u"DELETE FROM component_metrics WHERE timestamp >= ? AND timestamp < ?"_s,
                {at(3700), at(4100)}) > 0);
    QVERIFY(run(u"UPDATE component_metrics SET metric_value = metric_value * 3 - 1 "
                "WHERE timestamp >= ? AND timestamp < ?"_s,
                {at(5000), at(5500)}) > 0);
    QVERIFY(run(u"UPDATE component_metrics SET component_name = 'c' "
                "WHERE component_name = 'd' AND timestamp >= ? AND timestamp < ?"_s,
                {at(6000), at(6300)}) > 0);
    QVERIFY(
        run(u"UPDATE component_metrics SET timestamp = ? WHERE timestamp >= ? AND timestamp < ?"_s,
            {at(9000), at(7000), at(7100)}) > 0);
    QVERIFY(run(u"DELETE FROM component_metrics WHERE timestamp < ?"_s, {at(1000)}) > 0);
    QVERIFY(run(u"UPDATE port_metrics SET avg_send_duration_ms = NULL, messages_sent = 7 "
                "WHERE timestamp >= ? AND timestamp < ?"_s,
                {at(2000), at(2500)}) > 0);
    QVERIFY(run(u"DELETE FROM port_metrics WHERE timestamp >= ? AND timestamp < ?"_s,
                {at(8000), at(8600)}) > 0);
    QVERIFY(run(u"DELETE FROM metrics WHERE timestamp < ?"_s, {at(4000)}) > 0);
    QVERIFY(run(u"UPDATE metrics SET value = -value WHERE timestamp >= ? AND timestamp < ?"_s,
                {at(6000), at(6100)}) > 0);

    const QList<MetricSeries> all{{MetricSource::Component, u"c"_s, u"m"_s},
                                  {MetricSource::Component, u"d"_s, u"m"_s},
                                  {MetricSource::Port, u"p"_s, u"messages_sent"_s},
                                  {MetricSource::Port, u"p"_s, u"avg_send_duration_ms"_s},
                                  {MetricSource::Port, u"p"_s, u"avg_message_age_ms"_s},
                                  {MetricSource::Sensor, u"s"_s, QString()}};
    for (const MetricSeries &series : all) {
        for (const auto &[from, to] : {std::pair{start.addSecs(-86400), start.addSecs(86400)},
                                       {start.addMSecs(1234567), start.addMSecs(9876543)}}) {
            const auto raw = repository.points({series, from, to, 0, 100000});
            QVERIFY2(raw.ok(), qPrintable(raw.errorMessage()));
            QVERIFY(!raw->points.isEmpty());
            QList<std::pair<QDateTime, double>> values;
            for (const MetricPoint &point : raw->points)
                values.append({point.start, point.avg});
            for (qint64 width : {60, 300, 3600, 86400}) {
                QVERIFY(MetricsRepository::rollupWidthFor(width) > 0);
                const auto buckets = repository.points({series, from, to, width, 100000});
                QVERIFY2(buckets.ok(), qPrintable(buckets.errorMessage()));
                QString why;
                QVERIFY2(
                    sameBuckets(buckets->points, referenceBuckets(values, from, to, width), &why),
                    qPrintable(u"%1 %2, %3 s: "_s.arg(series.owner, series.name).arg(width) + why));
            }
        }
    }
    // A series with nothing left has no rollups either.
    QVERIFY(run(u"DELETE FROM component_metrics WHERE component_name = 'd'"_s, {}) > 0);
    QSqlQuery left(database.db);
    QVERIFY(left.exec(u"SELECT count(*) FROM metric_rollups WHERE owner = 'd'"_s));
    QVERIFY(left.next());
    QCOMPARE(left.value(0).toLongLong(), 0);
}

// A series that repeats its extremes (a gauge at 0, at 9): its values deleted one by one in
// time order, as retention does. Taking out a minimum that has an equal left changes nothing;
// taking out the last of them makes the next value the minimum. After each delete the hour's
// and the minutes' buckets are those of the values left.
void tst_MetricsPoints::rollupsFollowDeletesOfRepeatedValues()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const SqlEngine sqlEngine = engineOf(database.db);
    MetricsRepository repository(database.db);
    const QDateTime start = utc(u"2026-11-20T22:00:00.000"_s);
    const MetricSeries series{MetricSource::Component, u"gauge"_s, u"depth"_s};
    QList<ComponentMetric> rows;
    QList<std::pair<QDateTime, double>> values;
    for (int i = 0; i < 48; ++i) { // two values a minute, in one hour: 0, 9, 4.5, 0, 9, ...
        const double value = i % 3 == 0 ? 0 : i % 3 == 1 ? 9 : 4.5 + i * 0.01;
        const QDateTime time = start.addSecs(i * 30);
        rows.append({series.owner, series.name, value, {}, {}, time});
        values.append({time, value});
    }
    QVERIFY(repository.insertComponentMetrics(rows).ok());
    const QDateTime from = start.addSecs(-3600);
    const QDateTime to = start.addSecs(2 * 3600);
    while (!values.isEmpty()) {
        QVERIFY(execute(database.db, u"DELETE FROM component_metrics WHERE timestamp = ?"_s,
                        {timestampParam(values.constFirst().first, sqlEngine)}) == 1);
        values.removeFirst();
        for (qint64 width : {60, 3600}) {
            const auto buckets = repository.points({series, from, to, width, 100000});
            QVERIFY2(buckets.ok(), qPrintable(buckets.errorMessage()));
            QString why;
            QVERIFY2(sameBuckets(buckets->points, referenceBuckets(values, from, to, width), &why),
                     qPrintable(u"%1 left, %2 s: "_s.arg(values.size()).arg(width) + why));
        }
    }
}

void tst_MetricsPoints::rawLimit()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    MetricsRepository repository(database.db);
    const QDateTime start = utc(u"2026-11-21T10:00:00.000"_s);
    QList<ComponentMetric> rows;
    for (int i = 0; i < 10; ++i)
        rows.append({u"c"_s, u"m"_s, double(i), {}, {}, start.addSecs(i)});
    QVERIFY(repository.insertComponentMetrics(rows).ok());
    const MetricSeries series{MetricSource::Component, u"c"_s, u"m"_s};

    const auto cut = repository.points({series, start, start.addSecs(60), 0, 4});
    QVERIFY(cut.ok());
    QCOMPARE(cut->points.size(), 4);
    QVERIFY(cut->truncated);
    QCOMPARE(cut->points.constLast().avg, 3.0);

    const auto all = repository.points({series, start, start.addSecs(60), 0, 10});
    QVERIFY(all.ok());
    QCOMPARE(all->points.size(), 10);
    QVERIFY(!all->truncated);

    const auto buckets = repository.points({series, start, start.addSecs(60), 2, 3});
    QVERIFY(buckets.ok());
    QCOMPARE(buckets->points.size(), 3);
    QVERIFY(buckets->truncated);
}

void tst_MetricsPoints::invalidRequests()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    MetricsRepository repository(database.db);
    const QDateTime time = utc(u"2026-11-21T10:00:00.000"_s);
    const MetricSeries component{MetricSource::Component, u"c"_s, u"m"_s};
    const QList<SeriesRequest> invalid{
        {component, time, time, 0},
        {component, time.addSecs(1), time, 0},
        {component, QDateTime(), time, 0},
        {component, time, time.addSecs(1), -1},
        {component, time, time.addSecs(1), 0, 0},
        {{MetricSource::Component, u"c"_s, QString()}, time, time.addSecs(1), 0},
        {{MetricSource::Component, QString(), u"m"_s}, time, time.addSecs(1), 0},
        {{MetricSource::Port, u"p"_s, u"id; DROP TABLE port_metrics"_s}, time, time.addSecs(1), 0},
        {{MetricSource::Port, u"p"_s, u"port_name"_s}, time, time.addSecs(1), 0},
        {{MetricSource::Sensor, u"s"_s, u"value"_s}, time, time.addSecs(1), 0},
    };
    for (const SeriesRequest &request : invalid) {
        const auto points = repository.points(request);
        QVERIFY(!points.ok());
        QCOMPARE(points.error().kind, StorageError::Kind::InvalidArgument);
    }
    QVERIFY(repository.points({component, time, time.addSecs(1), 0}).ok());
}

void tst_MetricsPoints::bucketSecondsFor_data()
{
    QTest::addColumn<qint64>("spanSeconds");
    QTest::addColumn<int>("pixels");
    QTest::addColumn<qint64>("expected");
    QTest::newRow("a minute, wide") << 60LL << 1000 << 1LL;
    QTest::newRow("an hour on 1000 px") << 3600LL << 1000 << 5LL;
    QTest::newRow("an hour on 360 px") << 3600LL << 360 << 5LL;
    QTest::newRow("an hour on 359 px") << 3600LL << 359 << 10LL;
    QTest::newRow("a day on 800 px") << 86400LL << 800 << 60LL;
    QTest::newRow("a week on 1200 px") << 7 * 86400LL << 1200 << 300LL;
    QTest::newRow("30 days on 1000 px") << 30 * 86400LL << 1000 << 1800LL;
    QTest::newRow("a year on 1000 px") << 365 * 86400LL << 1000 << 21600LL;
    QTest::newRow("a year on 100 px") << 365 * 86400LL << 100 << 604800LL;
    QTest::newRow("ten years on 10 px") << 3650 * 86400LL << 10 << 2592000LL * 7;
    QTest::newRow("empty range") << 0LL << 1000 << 1LL;
    QTest::newRow("no pixels") << 3600LL << 0 << 1800LL;
}

void tst_MetricsPoints::bucketSecondsFor()
{
    QFETCH(qint64, spanSeconds);
    QFETCH(int, pixels);
    QFETCH(qint64, expected);
    const QDateTime from = utc(u"2026-03-29T00:30:00.000"_s);
    const QDateTime to = from.addSecs(spanSeconds);
    const qint64 width = MetricsRepository::bucketSecondsFor(from, to, pixels);
    QCOMPARE(width, expected);
    if (spanSeconds > 0)
        QVERIFY(spanSeconds <= width * std::max(pixels, 1) * 2);
}

QTEST_GUILESS_MAIN(tst_MetricsPoints)
#include "tst_metricspoints.moc"
