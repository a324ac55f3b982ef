#include "metricsrepository.h"
#include "metricstestsupport.h"
#include "portmessagerepository.h"
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

class tst_MetricsRepository : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void componentMetricsRoundTrip_data() { test::addEngineRows(); }
    void componentMetricsRoundTrip();
    void portMetricsRoundTrip_data() { test::addEngineRows(); }
    void portMetricsRoundTrip();
    void sensorReadingsIdempotent_data() { test::addEngineRows(); }
    void sensorReadingsIdempotent();
    void invalidRowsWriteNothing_data() { test::addEngineRows(); }
    void invalidRowsWriteNothing();
    void failedStatementWritesNothing_data() { test::addEngineRows(); }
    void failedStatementWritesNothing();
    void listSeries_data() { test::addEngineRows(); }
    void listSeries();
    void readsIndexesNotTables_data() { test::addEngineRows(); }
    void readsIndexesNotTables();
    void ingestRate_data() { test::addEngineRows(); }
    void ingestRate();
    void deadLetterRate_data() { test::addEngineRows(); }
    void deadLetterRate();
    void busiestComponentMetric_data() { test::addEngineRows(); }
    void busiestComponentMetric();
    void unitOfLatestValue_data() { test::addEngineRows(); }
    void unitOfLatestValue();
    void checksOfTheSensorPipeline_data() { test::addEngineRows(); }
    void checksOfTheSensorPipeline();
};

void tst_MetricsRepository::initTestCase()
{
    // Local time must not matter: run where it has a daylight-saving change.
    qputenv("TZ", "Europe/Berlin");
    tzset();
    QCOMPARE(QDateTime(QDate(2024, 3, 31), QTime(12, 0)).offsetFromUtc(), 7200);
}

void tst_MetricsRepository::componentMetricsRoundTrip()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    MetricsRepository repository(database.db);

    // 450 rows: two full statements and a short one.
    QList<ComponentMetric> rows;
    const QDateTime start = utc(u"2026-11-21T10:00:00.000"_s);
    for (int i = 0; i < 450; ++i) {
        rows.append({u"splitter-%1"_s.arg(i % 2), u"metric-%1"_s.arg(i % 3), i * 0.5,
                     i % 5 == 0 ? u"ms"_s : QString(),
                     i % 7 == 0 ? QByteArray(R"({"host": "a", "n": 1})") : QByteArray(),
                     start.addMSecs(qint64(i) * 1001)});
    }
    QVERIFY2(repository.insertComponentMetrics(rows).ok(), "insert");
    QCOMPARE(scalar(database.db, u"SELECT count(*) FROM component_metrics"_s), 450);
    QCOMPARE(scalar(database.db, u"SELECT count(*) FROM component_metrics WHERE metric_unit = "
                                 "'ms'"_s),
             90);
    QCOMPARE(scalar(database.db,
                    u"SELECT count(*) FROM component_metrics WHERE metric_metadata IS NOT NULL"_s),
             65);
    QCOMPARE(scalar(database.db, u"SELECT count(DISTINCT id) FROM component_metrics"_s), 450);

    SeriesRequest request{{MetricSource::Component, u"splitter-1"_s, u"metric-2"_s},
                          start,
                          start.addDays(1),
                          0,
                          1000};
    const auto points = repository.points(request);
    QVERIFY2(points.ok(), qPrintable(points.errorMessage()));
    QList<MetricPoint> expected;
    for (const ComponentMetric &row : rows) {
        if (row.componentName == request.series.owner && row.metricName == request.series.name)
            expected.append({row.timestamp, row.value, row.value, row.value, 1});
    }
    QCOMPARE(expected.size(), 75);
    QCOMPARE(points->points, expected);
    QVERIFY(!points->truncated);

    // A row without a time gets the time of writing.
    const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-1);
    QVERIFY(repository.insertComponentMetrics({{u"late"_s, u"m"_s, 1, {}, {}, {}}}).ok());
    const auto late = repository.points(
        {{MetricSource::Component, u"late"_s, u"m"_s}, before, before.addSecs(60), 0, 10});
    QVERIFY(late.ok());
    QCOMPARE(late->points.size(), 1);

    QVERIFY(repository.insertComponentMetrics({}).ok());
}

void tst_MetricsRepository::portMetricsRoundTrip()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    MetricsRepository repository(database.db);
    const QDateTime start = utc(u"2026-11-21T10:00:00.000"_s);
    QList<PortMetric> rows;
    for (int i = 0; i < 230; ++i) {
        PortMetric row;
        row.portName = i % 2 ? u"orders.out"_s : u"orders.in"_s;
        row.messagesSent = 1000000000000LL + i;
        row.messagesReceived = qint64(i) * 3;
        if (i % 4 != 0)
            row.bufferUtilization = i / 230.0;
        row.avgSendDurationMs = 1.5;
        row.timestamp = start.addSecs(i);
        rows.append(row);
    }
    QVERIFY(repository.insertPortMetrics(rows).ok());
    QCOMPARE(scalar(database.db, u"SELECT count(*) FROM port_metrics"_s), 230);

    const auto sent = repository.points({{MetricSource::Port, u"orders.out"_s, u"messages_sent"_s},
                                         start,
                                         start.addSecs(10),
                                         0,
                                         100});
    QVERIFY2(sent.ok(), qPrintable(sent.errorMessage()));
    QCOMPARE(sent->points.size(), 5); // i = 1, 3, 5, 7, 9
    QCOMPARE(sent->points.constFirst().avg, 1000000000001.0);
    QCOMPARE(sent->points.constFirst().start, start.addSecs(1));

    // Missing values are no points: i = 0, 4, 8 of orders.in have no buffer utilisation.
    const auto buffer =
        repository.points({{MetricSource::Port, u"orders.in"_s, u"buffer_utilization"_s},
                           start,
                           start.addSecs(10),
                           5,
                           100});
    QVERIFY2(buffer.ok(), qPrintable(buffer.errorMessage()));
    const QList<MetricPoint> expected{{start, 2 / 230.0, 2 / 230.0, 2 / 230.0, 1},
                                      {start.addSecs(5), 6 / 230.0, 6 / 230.0, 6 / 230.0, 1}};
    QCOMPARE(buffer->points, expected);

    const auto age =
        repository.points({{MetricSource::Port, u"orders.in"_s, u"avg_message_age_ms"_s},
                           start,
                           start.addSecs(300),
                           60,
                           100});
    QVERIFY(age.ok());
    QVERIFY(age->points.isEmpty());
}

void tst_MetricsRepository::sensorReadingsIdempotent()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    MetricsRepository repository(database.db);
    const QDateTime start = utc(u"2026-11-21T10:00:00.000"_s);
    QList<SensorReading> first;
    for (int i = 0; i < 450; ++i)
        first.append({u"ev-%1"_s.arg(i),
                      u"sensor-%1"_s.arg(i % 3),
                      start.addMSecs(qint64(i) * 250),
                      i * 1.25,
                      i % 4,
                      qint64(i) * 10,
                      {}});
    const auto once = repository.insertSensorReadings(first);
    QVERIFY2(once.ok(), qPrintable(once.errorMessage()));
    QCOMPARE(*once, (SensorInsertOutcome{450, 0}));

    // 100 known readings (with other values, which must not win), 100 new ones, and one new
    // event id twice in the batch.
    QList<SensorReading> second;
    for (int i = 300; i < 400; ++i)
        second.append(
            {u"ev-%1"_s.arg(i), u"sensor-0"_s, start, -1, std::nullopt, std::nullopt, {}});
    for (int i = 1000; i < 1100; ++i)
        second.append({u"ev-%1"_s.arg(i),
                       u"sensor-9"_s,
                       start.addSecs(i),
                       2.0 * i,
                       std::nullopt,
                       std::nullopt,
                       {}});
    second.append({u"twice"_s, u"sensor-9"_s, start, 7, std::nullopt, std::nullopt, {}});
    second.append({u"twice"_s, u"sensor-9"_s, start, 8, std::nullopt, std::nullopt, {}});
    const auto again = repository.insertSensorReadings(second);
    QVERIFY2(again.ok(), qPrintable(again.errorMessage()));
    QCOMPARE(*again, (SensorInsertOutcome{101, 101}));

    QCOMPARE(scalar(database.db, u"SELECT count(*) FROM processed_events"_s), 551);
    QCOMPARE(scalar(database.db, u"SELECT count(*) FROM metrics"_s), 551);
    QCOMPARE(scalar(database.db, u"SELECT count(*) FROM metrics WHERE value < 0"_s), 0);
    QCOMPARE(scalar(database.db, u"SELECT CAST(value AS INTEGER) FROM metrics WHERE event_id = "
                                 "'twice'"_s),
             7);
    QCOMPARE(scalar(database.db, u"SELECT kafka_offset FROM processed_events WHERE event_id = "
                                 "'ev-7'"_s),
             70);
    QCOMPARE(scalar(database.db, u"SELECT count(*) FROM processed_events WHERE kafka_partition "
                                 "IS NULL"_s),
             101);

    const auto sensor = repository.points(
        {{MetricSource::Sensor, u"sensor-1"_s, QString()}, start, start.addSecs(5), 0, 100});
    QVERIFY(sensor.ok());
    QCOMPARE(sensor->points.size(), 7); // i = 1, 4, ..., 19 at 250 ms apart
    QCOMPARE(sensor->points.at(1), (MetricPoint{start.addMSecs(1000), 5, 5, 5, 1}));

    // The whole batch again: all duplicates.
    QCOMPARE(*repository.insertSensorReadings(second), (SensorInsertOutcome{0, 202}));

    // A storing time given is the one kept (the consumer lag is measured by it); given for some
    // readings of a batch and not for others, the batch is refused and nothing is written.
    const QDateTime stored = start.addSecs(3);
    QVERIFY(repository
                .insertSensorReadings(
                    {{u"late"_s, u"sensor-9"_s, start, 1, std::nullopt, std::nullopt, stored}})
                .ok());
    QCOMPARE(scalar(database.db, u"SELECT count(*) FROM metrics WHERE event_id = 'late' AND "
                                 "created_at > timestamp"_s),
             1);
    const auto mixed = repository.insertSensorReadings(
        {{u"m1"_s, u"sensor-9"_s, start, 1, std::nullopt, std::nullopt, stored},
         {u"m2"_s, u"sensor-9"_s, start, 1, std::nullopt, std::nullopt, {}}});
    QVERIFY(!mixed.ok());
    QCOMPARE(scalar(database.db, u"SELECT count(*) FROM processed_events WHERE event_id IN "
                                 "('m1', 'm2')"_s),
             0);
}

void tst_MetricsRepository::invalidRowsWriteNothing()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    MetricsRepository repository(database.db);
    const QDateTime time = utc(u"2026-11-21T10:00:00.000"_s);
    QList<ComponentMetric> rows(400, ComponentMetric{u"c"_s, u"m"_s, 1, {}, {}, time});

    rows[301].metadata = "{\"broken\": ";
    Status refused = repository.insertComponentMetrics(rows);
    QCOMPARE(refused.error().kind, StorageError::Kind::InvalidJson);
    QVERIFY2(refused.errorMessage().contains(u"302"_s), qPrintable(refused.errorMessage()));
    QVERIFY2(refused.errorMessage().contains(u"offset"_s), qPrintable(refused.errorMessage()));

    rows[301].metadata.clear();
    rows[10].componentName.clear();
    QCOMPARE(repository.insertComponentMetrics(rows).error().kind,
             StorageError::Kind::InvalidArgument);
    rows[10].componentName = QString(256, u'x');
    QCOMPARE(repository.insertComponentMetrics(rows).error().kind,
             StorageError::Kind::InvalidArgument);
    rows[10].componentName = u"c"_s;
    rows[20].value = std::nan("");
    QCOMPARE(repository.insertComponentMetrics(rows).error().kind,
             StorageError::Kind::InvalidArgument);
    rows[20].unit = QString(51, u'u');
    rows[20].value = 1;
    QCOMPARE(repository.insertComponentMetrics(rows).error().kind,
             StorageError::Kind::InvalidArgument);
    QCOMPARE(scalar(database.db, u"SELECT count(*) FROM component_metrics"_s), 0);

    PortMetric port{u"p"_s, 1, 1, std::numeric_limits<double>::infinity(), {}, {}, {}, time};
    QCOMPARE(repository.insertPortMetrics({port}).error().kind,
             StorageError::Kind::InvalidArgument);
    QCOMPARE(scalar(database.db, u"SELECT count(*) FROM port_metrics"_s), 0);

    QList<SensorReading> readings{{u"e1"_s, u"s"_s, time, 1, {}, {}, {}},
                                  {u"e2"_s, u"s"_s, QDateTime(), 1, {}, {}, {}}};
    QCOMPARE(repository.insertSensorReadings(readings).error().kind,
             StorageError::Kind::InvalidArgument);
    readings[1] = {QString(), u"s"_s, time, 1, {}, {}, {}};
    QCOMPARE(repository.insertSensorReadings(readings).error().kind,
             StorageError::Kind::InvalidArgument);
    QCOMPARE(scalar(database.db, u"SELECT count(*) FROM processed_events"_s), 0);
    QCOMPARE(scalar(database.db, u"SELECT count(*) FROM metrics"_s), 0);
}

void tst_MetricsRepository::failedStatementWritesNothing()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    MetricsRepository repository(database.db);
    // The database refuses the value 666: a failure in the second statement of a batch, and
    // in the sensor readings after the idempotency guard took the event ids.
    QSqlQuery query(database.db);
    const QStringList triggers =
        engine == Engine::SQLite
            ? QStringList{u"CREATE TRIGGER no_666 BEFORE INSERT ON component_metrics "
                          "WHEN NEW.metric_value = 666 BEGIN SELECT RAISE(ABORT, 'no 666'); END"_s,
                          u"CREATE TRIGGER no_666_sensor BEFORE INSERT ON metrics "
                          "WHEN NEW.value = 666 BEGIN SELECT RAISE(ABORT, 'no 666'); END"_s}
            : QStringList{u"CREATE FUNCTION no_666() RETURNS trigger AS $$ BEGIN "
                          "IF to_jsonb(NEW) ->> (CASE TG_TABLE_NAME WHEN 'metrics' THEN 'value' "
                          "ELSE 'metric_value' END) = '666' THEN RAISE EXCEPTION 'no 666'; "
                          "END IF; RETURN NEW; END $$ LANGUAGE plpgsql"_s,
                          u"CREATE TRIGGER no_666 BEFORE INSERT ON component_metrics "
                          "FOR EACH ROW EXECUTE FUNCTION no_666()"_s,
                          u"CREATE TRIGGER no_666_sensor BEFORE INSERT ON metrics "
                          "FOR EACH ROW EXECUTE FUNCTION no_666()"_s};
    for (const QString &sql : triggers)
        QVERIFY2(query.exec(sql), qPrintable(query.lastError().text()));

    const QDateTime time = utc(u"2026-11-21T10:00:00.000"_s);
    QList<ComponentMetric> rows(450, ComponentMetric{u"c"_s, u"m"_s, 1, {}, {}, time});
    rows[350].value = 666;
    const Status refused = repository.insertComponentMetrics(rows);
    QVERIFY(!refused.ok());
    QVERIFY2(refused.errorMessage().contains(u"no 666"_s), qPrintable(refused.errorMessage()));
    QCOMPARE(scalar(database.db, u"SELECT count(*) FROM component_metrics"_s), 0);

    QList<SensorReading> readings;
    for (int i = 0; i < 300; ++i)
        readings.append({u"e%1"_s.arg(i), u"s"_s, time, i == 250 ? 666.0 : 1.0, {}, {}, {}});
    QVERIFY(!repository.insertSensorReadings(readings).ok());
    QCOMPARE(scalar(database.db, u"SELECT count(*) FROM processed_events"_s), 0);
    QCOMPARE(scalar(database.db, u"SELECT count(*) FROM metrics"_s), 0);

    // The connection is fine afterwards.
    rows[350].value = 1;
    QVERIFY(repository.insertComponentMetrics(rows).ok());
    QCOMPARE(scalar(database.db, u"SELECT count(*) FROM component_metrics"_s), 450);
}

void tst_MetricsRepository::listSeries()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    MetricsRepository repository(database.db);
    // The ingest rate is always there, if only to show that nothing came in.
    QCOMPARE(*repository.listAllSeries(), QList<MetricSeries>{MetricsRepository::ingestRate()});

    const QDateTime time = utc(u"2026-11-21T10:00:00.000"_s);
    QList<ComponentMetric> components;
    for (const auto &[component, metric] : {std::pair{u"splitter"_s, u"throughput"_s},
                                            {u"merger"_s, u"latency"_s},
                                            {u"splitter"_s, u"errors"_s},
                                            {u"merger"_s, u"latency"_s},
                                            {u"splitter"_s, u"errors"_s}})
        components.append({component, metric, 1, {}, {}, time});
    QVERIFY(repository.insertComponentMetrics(components).ok());
    QVERIFY(repository
                .insertPortMetrics({{u"b.in"_s, 1, 1, {}, {}, {}, {}, time},
                                    {u"a.out"_s, 1, 1, {}, {}, {}, {}, time},
                                    {u"b.in"_s, 1, 1, {}, {}, {}, {}, time}})
                .ok());
    QVERIFY(repository
                .insertSensorReadings({{u"e1"_s, u"t-2"_s, time, 1, {}, {}, {}},
                                       {u"e2"_s, u"t-1"_s, time, 1, {}, {}, {}},
                                       {u"e3"_s, u"t-2"_s, time, 1, {}, {}, {}}})
                .ok());

    const QList<MetricSeries> expectedComponents{
        {MetricSource::Component, u"merger"_s, u"latency"_s},
        {MetricSource::Component, u"splitter"_s, u"errors"_s},
        {MetricSource::Component, u"splitter"_s, u"throughput"_s}};
    QCOMPARE(*repository.listSeries(MetricSource::Component), expectedComponents);

    QList<MetricSeries> expectedPorts;
    for (const QString &port : {u"a.out"_s, u"b.in"_s}) {
        for (const QString &counter : MetricsRepository::portCounters())
            expectedPorts.append({MetricSource::Port, port, counter});
    }
    QCOMPARE(expectedPorts.size(), 12);
    QCOMPARE(*repository.listSeries(MetricSource::Port), expectedPorts);

    const QList<MetricSeries> expectedSensors{{MetricSource::Sensor, u"t-1"_s, QString()},
                                              {MetricSource::Sensor, u"t-2"_s, QString()}};
    QCOMPARE(*repository.listSeries(MetricSource::Sensor), expectedSensors);
    QList<MetricSeries> expectedChecks; // there are readings to check
    for (const QString &check : MetricsRepository::checkNames())
        expectedChecks.append({MetricSource::Check, check, QString()});
    QCOMPARE(*repository.listSeries(MetricSource::Check), expectedChecks);
    QCOMPARE(*repository.listAllSeries(), expectedComponents + expectedPorts + expectedSensors +
                                              expectedChecks +
                                              QList<MetricSeries>{MetricsRepository::ingestRate()});

    // Every listed series can be read.
    const auto all = repository.listAllSeries();
    QVERIFY(all.ok());
    for (const MetricSeries &series : *all) {
        const auto points = repository.points({series, time, time.addSecs(1), 60, 10});
        QVERIFY2(points.ok(), qPrintable(points.errorMessage()));
    }
}

void tst_MetricsRepository::readsIndexesNotTables()
{
    PORTHOLE_SKIP_ON_TIMESCALEDB_FIXTURE(
        "a hypertable's scans are counted on its chunks, not on it");
    PORTHOLE_MIGRATED_DATABASE(database);
    MetricsRepository repository(database.db);
    const QDateTime start = utc(u"2026-11-21T00:00:00.000"_s);
    QList<ComponentMetric> components;
    QList<PortMetric> ports;
    QList<SensorReading> readings;
    for (int i = 0; i < 6000; ++i) {
        const QDateTime time = start.addSecs(i);
        components.append({u"c%1"_s.arg(i % 5), u"m%1"_s.arg(i % 7), double(i), {}, {}, time});
        ports.append({u"p%1"_s.arg(i % 4), i, i, {}, {}, {}, {}, time});
        readings.append({u"e%1"_s.arg(i), u"s%1"_s.arg(i % 6), time, double(i), {}, {}, {}});
    }
    QVERIFY(repository.insertComponentMetrics(components).ok());
    QVERIFY(repository.insertPortMetrics(ports).ok());
    QVERIFY(repository.insertSensorReadings(readings).ok());
    QSqlQuery query(database.db);
    QVERIFY(query.exec(u"ANALYZE"_s));

    const QList<SeriesRequest> requests{
        {{MetricSource::Component, u"c1"_s, u"m2"_s}, start.addSecs(600), start.addSecs(1200), 60},
        {{MetricSource::Component, u"c1"_s, u"m2"_s}, start.addSecs(600), start.addSecs(1200), 0},
        {{MetricSource::Port, u"p1"_s, u"messages_sent"_s},
         start.addSecs(600),
         start.addSecs(1200),
         60},
        {{MetricSource::Sensor, u"s1"_s, QString()}, start.addSecs(600), start.addSecs(1200), 60},
    };
    const QStringList tables{u"component_metrics"_s, u"port_metrics"_s, u"metrics"_s,
                             u"metric_rollups"_s};

    if (engine == Engine::SQLite) {
        const QStringList derived{u"components"_s, u"series"_s, u"ports"_s,
                                  u"sensors"_s,    u"c"_s,      u"s"_s};
        for (MetricSource source : {MetricSource::Component, MetricSource::Port,
                                    MetricSource::Sensor, MetricSource::Check}) {
            const QStringList plan =
                test::sqlitePlan(database.db, MetricsRepository::listSeriesStatement(source));
            QVERIFY2(test::fullScans(plan, derived).isEmpty(), qPrintable(plan.join(u'\n')));
        }
        const QStringList plan = test::sqlitePlan(
            database.db, MetricsRepository::listSeriesStatement(MetricSource::Component));
        QVERIFY2(plan.join(u'\n').contains(u"idx_component_metrics_series"_s),
                 qPrintable(plan.join(u'\n')));
        for (const SeriesRequest &request : requests) {
            const auto statement = MetricsRepository::pointsStatement(SqlEngine::SQLite, request);
            QVERIFY(statement.ok());
            const QStringList points = test::sqlitePlan(database.db, *statement);
            // u: the union of raw values and rollups, made by the query itself; rolled, fine
            // and edge: one row each, where the rollups end (the table's boundary).
            QVERIFY2(test::fullScans(points, {u"u"_s, u"rolled"_s, u"fine"_s, u"edge"_s}).isEmpty(),
                     qPrintable(points.join(u'\n')));
            // A component series' values are read from its index alone (migration 32).
            const QString index = request.series.source == MetricSource::Component
                                      ? u"SEARCH t USING COVERING INDEX "
                                        "idx_component_metrics_series_values"_s
                                      : u"SEARCH t USING INDEX"_s;
            QVERIFY2(points.join(u'\n').contains(index), qPrintable(points.join(u'\n')));
            // Buckets of whole minutes read the rollups by their key.
            QCOMPARE(points.join(u'\n').contains(u"SEARCH r USING PRIMARY KEY"_s),
                     request.bucketSeconds > 0);
        }
        return;
    }

    // PostgreSQL: count the scans the repository makes, inside one transaction block.
    QVERIFY(query.exec(u"BEGIN"_s));
    const test::ScanCounts before = test::pendingScans(database.db, tables);
    QVERIFY(before.sequential >= 0);
    const auto series = repository.listAllSeries();
    QVERIFY2(series.ok(), qPrintable(series.errorMessage()));
    QCOMPARE(series->size(), 35 + 4 * 6 + 6 + 4 + 1);
    for (const SeriesRequest &request : requests) {
        const auto points = repository.points(request);
        QVERIFY2(points.ok(), qPrintable(points.errorMessage()));
        QVERIFY(!points->points.isEmpty());
    }
    const test::ScanCounts after = test::pendingScans(database.db, tables);
    QCOMPARE(after.sequential, before.sequential);
    QVERIFY2(after.index > before.index, "the series were read through indexes");
    // And the counter does see a sequential scan.
    QVERIFY(query.exec(u"SELECT sum(metric_value) FROM component_metrics"_s));
    QCOMPARE(test::pendingScans(database.db, tables).sequential, before.sequential + 1);
    QVERIFY(query.exec(u"ROLLBACK"_s));
}

void tst_MetricsRepository::checksOfTheSensorPipeline()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    MetricsRepository repository(database.db);
    const auto listed = repository.listSeries(MetricSource::Check);
    QVERIFY2(listed.ok(), qPrintable(listed.errorMessage()));
    QVERIFY(listed->isEmpty()); // no readings, nothing to check

    // Readings with the time they were stored, in the order stored: A's third is older than
    // its second, B's second older than its first.
    const QString day = u"2026-11-22T"_s;
    const QList<std::tuple<QString, QString, QString>> readings{
        {u"A"_s, u"09:59:58"_s, u"10:00:10"_s}, {u"A"_s, u"10:00:05"_s, u"10:00:20"_s},
        {u"A"_s, u"10:00:01"_s, u"10:00:30"_s}, {u"B"_s, u"10:00:40"_s, u"10:00:50"_s},
        {u"B"_s, u"10:01:30"_s, u"10:01:31"_s}, {u"B"_s, u"10:01:00"_s, u"10:03:00"_s}};
    const SqlEngine sqlEngine = engineOf(database.db);
    int n = 0;
    for (const auto &[sensor, time, stored] : readings) {
        QSqlQuery insert(database.db);
        QVERIFY(insert.prepare(u"INSERT INTO metrics (sensor_id, event_id, timestamp, value, "
                               "created_at) VALUES (?, ?, ?, ?, ?)"_s));
        insert.addBindValue(sensor);
        insert.addBindValue(u"e%1"_s.arg(++n));
        insert.addBindValue(timestampParam(utc(day + time + u".000"_s), sqlEngine));
        insert.addBindValue(1.0);
        insert.addBindValue(timestampParam(utc(day + stored + u".000"_s), sqlEngine));
        QVERIFY2(insert.exec(), qPrintable(insert.lastError().text()));
    }
    const auto all = repository.listSeries(MetricSource::Check);
    QVERIFY(all.ok());
    QCOMPARE(all->size(), MetricsRepository::checkNames().size());

    const auto read = [&](const QString &check, const QString &from, qint64 width) {
        auto points = repository.points({{MetricSource::Check, check, QString()},
                                         utc(day + from + u".000"_s),
                                         utc(day + u"10:05:00.000"_s),
                                         width,
                                         1000});
        if (!points)
            qWarning("%s", qPrintable(points.errorMessage()));
        return points ? points->points : QList<MetricPoint>{};
    };
    const auto at = [&](const QString &time) {
        return utc(day + time + u".000"_s);
    };
    // Readings stored per minute; over two minutes, per minute still.
    QCOMPARE(read(u"ingestion_rate"_s, u"10:00:00"_s, 60),
             (QList<MetricPoint>{{at(u"10:00:00"_s), 4, 4, 4, 4},
                                 {at(u"10:01:00"_s), 1, 1, 1, 1},
                                 {at(u"10:03:00"_s), 1, 1, 1, 1}}));
    QCOMPARE(read(u"ingestion_rate"_s, u"10:00:00"_s, 120).first(),
             (MetricPoint{at(u"10:00:00"_s), 2.5, 2.5, 2.5, 5}));
    // Raw (0) and odd widths are whole minutes.
    QCOMPARE(read(u"ingestion_rate"_s, u"10:00:00"_s, 0).size(), 3);
    QCOMPARE(read(u"ingestion_rate"_s, u"10:00:00"_s, 90).first().start, at(u"10:00:00"_s));
    QCOMPARE(read(u"ingestion_rate"_s, u"10:00:00"_s, 90).first().count, 5); // 120 s wide
    // Seconds from a reading's time to its storing.
    const QList<MetricPoint> lag = read(u"consumer_lag"_s, u"10:00:00"_s, 60);
    QCOMPARE(lag.size(), 3);
    QCOMPARE(lag.at(0), (MetricPoint{at(u"10:00:00"_s), 16.5, 10, 29, 4}));
    QCOMPARE(lag.at(2), (MetricPoint{at(u"10:03:00"_s), 120, 120, 120, 1}));
    // No event id twice (the schema forbids it).
    for (const MetricPoint &p : read(u"duplicate_event_ids"_s, u"10:00:00"_s, 60))
        QCOMPARE(p.max, 0.0);
    // Older than the reading of the same sensor stored before it.
    const QList<MetricPoint> backwards = read(u"backwards_timestamps"_s, u"10:00:00"_s, 60);
    QCOMPARE(backwards.size(), 3);
    QCOMPARE(backwards.at(0).max, 1.0);
    QCOMPARE(backwards.at(1).max, 0.0);
    QCOMPARE(backwards.at(2).max, 1.0);
    QCOMPARE(backwards.at(2).count, 1);
    // Within the range: B's second still compares with its first.
    QCOMPARE(read(u"backwards_timestamps"_s, u"10:01:00"_s, 60).last().max, 1.0);

    const auto extent = repository.extent({MetricSource::Check, u"consumer_lag"_s, QString()});
    QVERIFY2(extent.ok() && extent->has_value(), qPrintable(extent.errorMessage()));
    QCOMPARE((*extent)->first, at(u"10:00:10"_s));
    QCOMPARE((*extent)->second, at(u"10:03:00"_s));
    QVERIFY(!repository
                 .points({{MetricSource::Check, u"no_such_check"_s, QString()},
                          at(u"10:00:00"_s),
                          at(u"10:05:00"_s),
                          60})
                 .ok());
}

// Porthole's own ingest rate: the messages the ingest worker wrote (not those imported from
// batch files) and the other deliveries it stored, per minute.
void tst_MetricsRepository::ingestRate()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const SqlEngine sqlEngine = engineOf(database.db);
    MetricsRepository repository(database.db);
    const QDateTime start = utc(u"2026-11-21T10:00:00.000"_s);
    const auto run = [&](const QString &sql, const QVariantList &params) {
        return execute(database.db, sql, params) >= 0;
    };
    const auto at = [&](qint64 secs) {
        return timestampParam(start.addSecs(secs), sqlEngine);
    };
    QVERIFY(run(u"INSERT INTO batches (id, filename, message_count, date_created, date_modified) "
                "VALUES (1, 'messages_batch_0001.txt', 3, ?, ?)"_s,
                {at(0), at(0)}));
    int key = 0;
    const auto message = [&](qint64 secs, const QVariant &batch) {
        return run(u"INSERT INTO messages (batch_id, message_number, content, timestamp, "
                   "delivery_key) VALUES (?, ?, 'm', ?, ?)"_s,
                   {batch, key, at(secs), u"k%1"_s.arg(key++)});
    };
    const QVariant noBatch(QMetaType::fromType<qint64>());
    for (qint64 secs : {0, 10, 20, 30, 59, 60, 119})
        QVERIFY(message(secs, noBatch));
    for (qint64 secs : {1, 2, 61}) // imported: not counted
        QVERIFY(message(secs, 1));
    for (const auto &[secs, sink] : {std::pair{65, u"sql"_s},
                                     {70, u"file"_s},
                                     {71, u"file"_s},
                                     {100, u"sql"_s},
                                     {200, u"file"_s}})
        QVERIFY(run(u"INSERT INTO ingest_deliveries (delivery_key, sink, stored_at) "
                    "VALUES (?, ?, ?)"_s,
                    {u"d%1"_s.arg(key++), sink, at(secs)}));

    const MetricSeries series = MetricsRepository::ingestRate();
    const auto minutes = repository.points({series, start, start.addSecs(300), 60, 100});
    QVERIFY2(minutes.ok(), qPrintable(minutes.errorMessage()));
    const QList<MetricPoint> expected{
        {start, 5, 5, 5, 5}, {start.addSecs(60), 6, 6, 6, 6}, {start.addSecs(180), 1, 1, 1, 1}};
    QCOMPARE(minutes->points, expected);
    // Raw values asked for: still per minute. Wider buckets: the rate per minute in them.
    const auto raw = repository.points({series, start, start.addSecs(300), 0, 100});
    QVERIFY(raw.ok());
    QCOMPARE(raw->points, expected);
    const auto pairs = repository.points({series, start, start.addSecs(300), 120, 100});
    QVERIFY(pairs.ok());
    QCOMPARE(pairs->points.size(), 2);
    QCOMPARE(pairs->points.at(0), (MetricPoint{start, 5.5, 5.5, 5.5, 11}));

    const auto extent = repository.extent(series);
    QVERIFY2(extent.ok() && extent->has_value(), qPrintable(extent.errorMessage()));
    QCOMPARE((*extent)->first, start);
    QCOMPARE((*extent)->second, start.addSecs(200));
    QVERIFY(
        !repository
             .points(
                 {{MetricSource::Ingest, u"other"_s, QString()}, start, start.addSecs(60), 60, 10})
             .ok());
}

// The dead letters per minute, by the time each came in: the view's rows only (not those still
// to be retried), listed once there is one.
void tst_MetricsRepository::deadLetterRate()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    MetricsRepository repository(database.db);
    const MetricSeries series = MetricsRepository::deadLetterRate();
    QVERIFY(!repository.listAllSeries()->contains(series));
    const QDateTime start = utc(u"2026-11-21T10:00:00.000"_s);
    QList<PortMessage> messages;
    const auto add = [&](qint64 secs, const QString &status, int retries) {
        PortMessage message;
        message.portName = u"orders.in"_s;
        message.sourceComponent = u"order-source"_s;
        message.targetComponent = u"validator"_s;
        message.messageData = R"({"order": 1})";
        message.status = status;
        message.retryCount = retries;
        message.createdAt = start.addSecs(secs);
        messages.append(message);
    };
    for (qint64 secs : {0, 10, 59})
        add(secs, u"dead_letter"_s, 0);
    add(30, u"failed"_s, 3);  // retries spent: a dead letter
    add(40, u"failed"_s, 1);  // still to be retried: not
    add(50, u"pending"_s, 0); // not
    add(130, u"dead_letter"_s, 0);
    const auto inserted = PortMessageRepository(database.db).insert(messages);
    QVERIFY2(inserted.ok(), qPrintable(inserted.errorMessage()));

    const auto all = repository.listAllSeries();
    QVERIFY2(all.ok(), qPrintable(all.errorMessage()));
    QVERIFY(all->contains(series));
    QCOMPARE(*repository.listSeries(MetricSource::DeadLetters), QList<MetricSeries>{series});
    const auto minutes = repository.points({series, start, start.addSecs(300), 60, 100});
    QVERIFY2(minutes.ok(), qPrintable(minutes.errorMessage()));
    const QList<MetricPoint> expected{{start, 4, 4, 4, 4}, {start.addSecs(120), 1, 1, 1, 1}};
    QCOMPARE(minutes->points, expected);
    // Raw values asked for: still per minute.
    const auto raw = repository.points({series, start, start.addSecs(300), 0, 100});
    QVERIFY(raw.ok());
    QCOMPARE(raw->points, expected);
    const auto extent = repository.extent(series);
    QVERIFY2(extent.ok() && extent->has_value(), qPrintable(extent.errorMessage()));
    QCOMPARE((*extent)->first, start);
    QCOMPARE((*extent)->second, start.addSecs(130));
    QVERIFY(!repository
                 .points({{MetricSource::DeadLetters, u"other"_s, QString()},
                          start,
                          start.addSecs(60),
                          60,
                          10})
                 .ok());
}

// The component metric, of those named, with the most values in the range.
void tst_MetricsRepository::busiestComponentMetric()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    MetricsRepository repository(database.db);
    const QDateTime start = utc(u"2026-11-21T10:00:00.000"_s);
    QList<ComponentMetric> rows;
    for (int i = 0; i < 10; ++i) {
        rows.append({u"validator"_s, u"latency_ms"_s, 1, u"ms"_s, {}, start.addSecs(i)});
        rows.append({u"gateway"_s, u"throughput"_s, 1, {}, {}, start.addSecs(i)}); // not named
        if (i < 6)
            rows.append({u"gateway"_s,
                         u"latency"_s,
                         i == 3 ? 7.0 : 1.0,
                         u"s"_s,
                         {},
                         start.addSecs(100 + i)});
    }
    for (int i = 0; i < 20; ++i) // before the range
        rows.append({u"splitter"_s, u"latency_ms"_s, 1, u"ms"_s, {}, start.addSecs(-100 - i)});
    QVERIFY(repository.insertComponentMetrics(rows).ok());
    const QStringList names{u"latency_ms"_s, u"latency"_s};
    const MetricSeries validator{MetricSource::Component, u"validator"_s, u"latency_ms"_s};
    const MetricSeries gateway{MetricSource::Component, u"gateway"_s, u"latency"_s};
    const auto busiest = repository.busiestComponentMetric(names, start, start.addSecs(300));
    QVERIFY2(busiest.ok(), qPrintable(busiest.errorMessage()));
    QCOMPARE(*busiest, std::optional(validator));
    // The gateway's values only.
    QCOMPARE(*repository.busiestComponentMetric(names, start.addSecs(50), start.addSecs(300)),
             std::optional(gateway));
    QCOMPARE(*repository.busiestComponentMetric(names, start.addSecs(500), start.addSecs(900)),
             std::optional<MetricSeries>());
    QCOMPARE(*repository.busiestComponentMetric({}, start, start.addSecs(300)),
             std::optional<MetricSeries>());
    // Ranked by the highest value: the gateway's one 7 over the validator's ten 1s; the
    // splitter's higher value before the range does not count.
    QVERIFY(repository
                .insertComponentMetrics(
                    {{u"splitter"_s, u"latency_ms"_s, 50, u"ms"_s, {}, start.addSecs(-1)}})
                .ok());
    const auto highest = repository.busiestComponentMetric(names, start, start.addSecs(300),
                                                           MetricsRepository::Rank::HighestValue);
    QVERIFY2(highest.ok(), qPrintable(highest.errorMessage()));
    QCOMPARE(*highest, std::optional(gateway));
}

void tst_MetricsRepository::unitOfLatestValue()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    MetricsRepository repository(database.db);
    const QDateTime time = utc(u"2026-11-21T10:00:00.000"_s);
    QVERIFY(repository
                .insertComponentMetrics({{u"c"_s, u"latency"_s, 1, u"s"_s, {}, time},
                                         {u"c"_s, u"latency"_s, 2, u"ms"_s, {}, time.addSecs(60)},
                                         {u"c"_s, u"latency"_s, 3, u"us"_s, {}, time.addSecs(-60)},
                                         {u"c"_s, u"depth"_s, 4, {}, {}, time}})
                .ok());
    const auto latency = repository.unitOf({MetricSource::Component, u"c"_s, u"latency"_s});
    QVERIFY2(latency.ok(), qPrintable(latency.errorMessage()));
    QCOMPARE(*latency, u"ms"_s); // the latest value's
    QCOMPARE(*repository.unitOf({MetricSource::Component, u"c"_s, u"depth"_s}), QString());
    QCOMPARE(*repository.unitOf({MetricSource::Component, u"c"_s, u"nothing"_s}), QString());
    QCOMPARE(*repository.unitOf({MetricSource::Port, u"p"_s, u"messages_sent"_s}), QString());
}

QTEST_GUILESS_MAIN(tst_MetricsRepository)
#include "tst_metricsrepository.moc"
