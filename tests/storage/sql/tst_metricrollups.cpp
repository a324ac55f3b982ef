// The metric rollups' boundaries (migration 30, storage/sql/metricrollups.h): inserts after a
// table's boundary roll nothing up, rollMetricRollups() at a given clock moves it, and through
// every write on either side of it, late values, a writer whose transaction is open while the
// roller runs, and the migration down and up again, every chart's buckets are those of the
// raw rows.

#include "connectionfactory.h"
#include "fallbacktable.h"
#include "metricrollups.h"
#include "metricsrepository.h"
#include "metricstestsupport.h"
#include "migrationrunner.h"
#include "repositorysupport.h"
#include "repositorytestsupport.h"
#include "sqlsupport.h"

#include <QRandomGenerator>
#include <QSemaphore>
#include <QSqlQuery>
#include <QTest>
#include <QThread>

#include <atomic>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace porthole::test;

namespace {

const QList<MetricSeries> &everySeries()
{
    static const QList<MetricSeries> all{{MetricSource::Component, u"c"_s, u"m"_s},
                                         {MetricSource::Component, u"d"_s, u"m"_s},
                                         {MetricSource::Port, u"p"_s, u"messages_sent"_s},
                                         {MetricSource::Port, u"p"_s, u"avg_send_duration_ms"_s},
                                         {MetricSource::Sensor, u"s"_s, QString()}};
    return all;
}

// Each series' buckets of each width over [from, to), and over a range a part of a minute
// inside it at each end, against those of its raw values; empty when they agree, else what
// differs.
QString chartsAgreeWithRows(const MetricsRepository &repository, const QDateTime &from,
                            const QDateTime &to)
{
    for (const MetricSeries &series : everySeries()) {
        for (const auto &[first, end] :
             {std::pair{from, to}, std::pair{from.addMSecs(17321), to.addMSecs(-23457)}}) {
            const auto raw = repository.points({series, first, end, 0, 1000000});
            if (!raw)
                return raw.errorMessage();
            QList<std::pair<QDateTime, double>> values;
            for (const MetricPoint &point : raw->points)
                values.append({point.start, point.avg});
            for (qint64 width : {60, 300, 3600, 86400}) {
                const auto buckets = repository.points({series, first, end, width, 1000000});
                if (!buckets)
                    return buckets.errorMessage();
                QString why;
                if (!sameBuckets(buckets->points, referenceBuckets(values, first, end, width),
                                 &why))
                    return u"%1 %2, %3 s from %4: "_s.arg(series.owner, series.name)
                               .arg(width)
                               .arg(first.toString(Qt::ISODateWithMs)) +
                           why;
            }
        }
    }
    return QString();
}

qint64 boundaryOf(const QSqlDatabase &db, const QString &source)
{
    return scalar(db,
                  u"SELECT rolled_to FROM metric_rollup_state WHERE source = '%1'"_s.arg(source));
}

qint64 rolledValues(const QSqlDatabase &db, const QString &source)
{
    return scalar(db, u"SELECT coalesce(sum(value_count), 0) FROM metric_rollups "
                      "WHERE width = 60 AND source = '%1'"_s.arg(source));
}

// Rows of the three tables every `stepMs` from `start`, `count` of each.
void insertRows(MetricsRepository &repository, const QDateTime &start, int count, qint64 stepMs,
                int seed)
{
    QRandomGenerator random(seed);
    QList<ComponentMetric> components;
    QList<PortMetric> ports;
    QList<SensorReading> readings;
    for (int i = 0; i < count; ++i) {
        const QDateTime time = start.addMSecs(qint64(i) * stepMs);
        const double value = double(random.bounded(4000)) * 0.25 - 300;
        components.append({i % 2 ? u"c"_s : u"d"_s, u"m"_s, value, {}, {}, time});
        ports.append({u"p"_s, i, 2 * i, i % 3 ? std::optional(value) : std::nullopt, std::nullopt,
                      std::nullopt, std::nullopt, time});
        readings.append(
            {u"ev-%1-%2"_s.arg(seed).arg(i), u"s"_s, time, value, std::nullopt, std::nullopt, {}});
    }
    QVERIFY(repository.insertComponentMetrics(components).ok());
    QVERIFY(repository.insertPortMetrics(ports).ok());
    QVERIFY(repository.insertSensorReadings(readings).ok());
}

} // namespace

class tst_MetricRollups : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void insertsAfterTheBoundaryWaitForTheRoller_data() { addEngineRows(); }
    void insertsAfterTheBoundaryWaitForTheRoller();
    void writesOnEitherSideOfTheBoundary_data() { addEngineRows(); }
    void writesOnEitherSideOfTheBoundary();
    void aWriterUnderWayHoldsTheBoundary_data() { addEngineRows(); }
    void aWriterUnderWayHoldsTheBoundary();
    void twoRollersTakeTurns_data() { addEngineRows(); }
    void twoRollersTakeTurns();
    void concurrentWritesWhileRolling_data() { addEngineRows(); }
    void concurrentWritesWhileRolling();
    void migrationDownAndUpKeepsEveryValue_data() { addEngineRows(); }
    void migrationDownAndUpKeepsEveryValue();
    void rangeEndsReadTheMinuteRollups_data() { addEngineRows(); }
    void rangeEndsReadTheMinuteRollups();
};

// Rows after the boundary are in no rollup until the roller, at a clock the test gives it,
// moves the boundary past them; the charts agree with the rows at each stage.
void tst_MetricRollups::insertsAfterTheBoundaryWaitForTheRoller()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    MetricsRepository repository(database.db);
    const qint64 boundary = boundaryOf(database.db, u"component"_s);
    QVERIFY(boundary > 0);
    QCOMPARE(boundary % 3600, 0);
    for (const QString &source : {u"port"_s, u"sensor"_s})
        QCOMPARE(boundaryOf(database.db, source), boundary);
    const QDateTime start = QDateTime::fromSecsSinceEpoch(boundary, Qt::UTC);
    // Two hours of rows every 7.3 s: after the boundary, none rolled up.
    insertRows(repository, start, 1000, 7300, 1);
    for (const QString &source : {u"component"_s, u"port"_s, u"sensor"_s})
        QCOMPARE(rolledValues(database.db, source), 0);
    const QDateTime from = start.addSecs(-3600);
    const QDateTime to = start.addSecs(3 * 3600);
    QString why = chartsAgreeWithRows(repository, from, to);
    QVERIFY2(why.isEmpty(), qPrintable(why));

    // At 40 min 30 s past the start, with a minute's settling: the boundary at 39 min, in
    // steps of 10 min (four, the last of 9 min).
    auto rolled = rollMetricRollups(
        database.db, start.addSecs(40 * 60 + 30),
        {.settle = std::chrono::seconds(60), .step = std::chrono::seconds(600), .maxSteps = 100});
    QVERIFY2(rolled.ok(), qPrintable(rolled.errorMessage()));
    QCOMPARE(rolled->steps, 3 * 4);
    QVERIFY(rolled->waiting.isEmpty());
    QCOMPARE(rolled->oldestBoundary, start.addSecs(39 * 60));
    for (const QString &source : {u"component"_s, u"port"_s, u"sensor"_s})
        QCOMPARE(boundaryOf(database.db, source), boundary + 39 * 60);
    // The rows before 39 min: 39 * 60 / 7.3 = 320.5, rows 0 to 320.
    QCOMPARE(rolledValues(database.db, u"component"_s), 321);
    QCOMPARE(rolledValues(database.db, u"sensor"_s), 321);
    why = chartsAgreeWithRows(repository, from, to);
    QVERIFY2(why.isEmpty(), qPrintable(why));
    // A window that begins and ends inside the rolled stretch, and one across the boundary.
    why = chartsAgreeWithRows(repository, start.addSecs(90), start.addSecs(30 * 60 + 17));
    QVERIFY2(why.isEmpty(), qPrintable(why));
    why = chartsAgreeWithRows(repository, start.addMSecs(1234567), start.addMSecs(4321987));
    QVERIFY2(why.isEmpty(), qPrintable(why));

    // A call moves each table at most maxSteps steps in all; the same clock again moves none.
    rolled = rollMetricRollups(database.db, start.addSecs(40 * 60 + 30));
    QVERIFY(rolled.ok());
    QCOMPARE(rolled->steps, 0);
    rolled = rollMetricRollups(database.db, start.addSecs(3 * 3600), {.maxSteps = 2});
    QVERIFY(rolled.ok());
    QCOMPARE(rolled->steps, 2);
    QCOMPARE(boundaryOf(database.db, u"component"_s), boundary + 59 * 60);
    rolled = rollMetricRollups(database.db, start.addSecs(3 * 3600), {.maxSteps = 100});
    QVERIFY(rolled.ok());
    QCOMPARE(boundaryOf(database.db, u"sensor"_s), boundary + 3 * 3600 - 60);
    QCOMPARE(rolledValues(database.db, u"component"_s), 1000);
    QCOMPARE(rolledValues(database.db, u"sensor"_s), 1000);
    why = chartsAgreeWithRows(repository, from, to);
    QVERIFY2(why.isEmpty(), qPrintable(why));
}

// Values that arrive late (before the boundary) are rolled up by their trigger (PostgreSQL) or
// the roller's next step (SQLite, which has no insert trigger); deletes and updates on either
// side of it, and across it, leave the charts those of the rows left. Rows whose time has no
// fraction of a second (SQLite's CURRENT_TIMESTAMP) at a whole minute, the boundary's own among
// them, are on the side their time says.
void tst_MetricRollups::writesOnEitherSideOfTheBoundary()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const SqlEngine sqlEngine = engineOf(database.db);
    MetricsRepository repository(database.db);
    const qint64 boundary = boundaryOf(database.db, u"component"_s);
    const QDateTime start = QDateTime::fromSecsSinceEpoch(boundary, Qt::UTC);
    insertRows(repository, start, 800, 9100, 2);
    QVERIFY(rollMetricRollups(database.db, start.addSecs(3600), {.maxSteps = 100}).ok());
    const QDateTime rolledTo = start.addSecs(59 * 60);
    QCOMPARE(boundaryOf(database.db, u"component"_s), rolledTo.toSecsSinceEpoch());
    const qint64 before = rolledValues(database.db, u"component"_s);

    // Late values, and values with no fraction at whole minutes around the boundary.
    // PostgreSQL's insert trigger rolls them up at once; SQLite's roller at its next step.
    insertRows(repository, start.addSecs(600), 50, 13000, 3);
    const QString lateFirst = chartsAgreeWithRows(repository, start, start.addSecs(7200));
    QVERIFY2(lateFirst.isEmpty(), qPrintable(lateFirst));
    QCOMPARE(rolledValues(database.db, u"component"_s),
             sqlEngine == SqlEngine::SQLite ? before : before + 50);
    // At most 20 of them a step on SQLite, one step: rolled up in part, the charts still right.
    auto rolled =
        rollMetricRollups(database.db, start.addSecs(3600), {.lateRows = 20, .maxSteps = 1});
    QVERIFY2(rolled.ok(), qPrintable(rolled.errorMessage()));
    QCOMPARE(rolledValues(database.db, u"component"_s),
             before + (sqlEngine == SqlEngine::SQLite ? 20 : 50));
    const QString latePart = chartsAgreeWithRows(repository, start, start.addSecs(7200));
    QVERIFY2(latePart.isEmpty(), qPrintable(latePart));
    rolled = rollMetricRollups(database.db, start.addSecs(3600));
    QVERIFY2(rolled.ok(), qPrintable(rolled.errorMessage()));
    QCOMPARE(boundaryOf(database.db, u"component"_s), rolledTo.toSecsSinceEpoch());
    QCOMPARE(rolledValues(database.db, u"component"_s), before + 50);
    for (const QDateTime &at : {rolledTo.addSecs(-60), rolledTo, rolledTo.addSecs(60)}) {
        QVERIFY(execute(database.db,
                        u"INSERT INTO component_metrics (id, component_name, metric_name, "
                        "metric_value, timestamp) VALUES (?, 'c', 'm', 7.5, ?)"_s,
                        {newUuid(), wholeSecondParam(at, sqlEngine)}) == 1);
    }
    QVERIFY(rollMetricRollups(database.db, start.addSecs(3600)).ok());
    QCOMPARE(rolledValues(database.db, u"component"_s), before + 51);

    const auto at = [&](qint64 secs) {
        return timestampParam(start.addSecs(secs), sqlEngine);
    };
    // Deletes before, after and across the boundary (3540 s); values changed; rows moved
    // across it both ways and to another series.
    QVERIFY(execute(database.db,
                    u"DELETE FROM component_metrics WHERE timestamp >= ? AND "
                    "timestamp < ?"_s,
                    {at(1000), at(1300)}) > 0);
    QVERIFY(execute(database.db,
                    u"DELETE FROM port_metrics WHERE timestamp >= ? AND "
                    "timestamp < ?"_s,
                    {at(3400), at(3700)}) > 0);
    QVERIFY(execute(database.db, u"DELETE FROM metrics WHERE timestamp >= ?"_s, {at(5000)}) > 0);
    QVERIFY(execute(database.db,
                    u"UPDATE component_metrics SET metric_value = metric_value * 3 "
                    "WHERE timestamp >= ? AND timestamp < ?"_s,
                    {at(3300), at(3900)}) > 0);
    QVERIFY(execute(database.db,
                    u"UPDATE component_metrics SET timestamp = ? "
                    "WHERE timestamp >= ? AND timestamp < ?"_s,
                    {at(6000), at(100), at(200)}) > 0);
    QVERIFY(execute(database.db,
                    u"UPDATE component_metrics SET timestamp = ? "
                    "WHERE timestamp >= ? AND timestamp < ?"_s,
                    {at(30), at(6100), at(6300)}) > 0);
    QVERIFY(execute(database.db,
                    u"UPDATE component_metrics SET component_name = 'c' "
                    "WHERE component_name = 'd' AND timestamp >= ? AND "
                    "timestamp < ?"_s,
                    {at(2000), at(4000)}) > 0);
    if (sqlEngine == SqlEngine::SQLite) {
        // The rows of the largest rowids, rolled up, deleted: the next inserts take their rowids
        // again, and are not taken for rows rolled up.
        QCOMPARE(execute(database.db,
                         u"DELETE FROM component_metrics WHERE rowid IN (SELECT rowid "
                         "FROM component_metrics ORDER BY rowid DESC LIMIT 5)"_s,
                         {}),
                 5);
        insertRows(repository, start.addSecs(1500), 3, 1000, 6);
    }
    const QDateTime from = start.addSecs(-600);
    const QDateTime to = start.addSecs(3 * 3600);
    QString why = chartsAgreeWithRows(repository, from, to);
    QVERIFY2(why.isEmpty(), qPrintable(why));
    // And again once everything is rolled up.
    QVERIFY(rollMetricRollups(database.db, start.addSecs(3 * 3600), {.maxSteps = 100}).ok());
    why = chartsAgreeWithRows(repository, from, to);
    QVERIFY2(why.isEmpty(), qPrintable(why));
    QCOMPARE(rolledValues(database.db, u"component"_s),
             scalar(database.db, u"SELECT count(*) FROM component_metrics"_s));
}

// A writer's transaction under way, with a row after the boundary: the roller does not move
// past it uncommitted (on PostgreSQL its lock waits lockTimeout and gives up; SQLite's write
// lock excludes it), and once the writer commits, the row is rolled up.
void tst_MetricRollups::aWriterUnderWayHoldsTheBoundary()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const SqlEngine sqlEngine = engineOf(database.db);
    MetricsRepository repository(database.db);
    const qint64 boundary = boundaryOf(database.db, u"component"_s);
    const QDateTime start = QDateTime::fromSecsSinceEpoch(boundary, Qt::UTC);

    {
        auto opened = database.factory->open(u"writer"_s);
        QVERIFY2(opened.ok(), qPrintable(opened.errorMessage()));
        QSqlDatabase writer = *opened;
        if (sqlEngine == SqlEngine::SQLite)
            QVERIFY(QSqlQuery(writer).exec(u"PRAGMA busy_timeout = 0"_s));
        QVERIFY(QSqlQuery(writer).exec(sqlEngine == SqlEngine::SQLite ? u"BEGIN IMMEDIATE"_s
                                                                      : u"BEGIN"_s));
        QVERIFY(execute(writer,
                        u"INSERT INTO component_metrics (id, component_name, metric_name, "
                        "metric_value, timestamp) VALUES (?, 'c', 'm', 42, ?)"_s,
                        {newUuid(), timestampParam(start.addSecs(300), sqlEngine)}) == 1);

        if (sqlEngine == SqlEngine::SQLite) // the roller's wait: not the connection's 5 s
            QVERIFY(QSqlQuery(database.db).exec(u"PRAGMA busy_timeout = 100"_s));
        auto rolled =
            rollMetricRollups(database.db, start.addSecs(3600),
                              {.maxSteps = 100, .lockTimeout = std::chrono::milliseconds(100)});
        QVERIFY2(rolled.ok(), qPrintable(rolled.errorMessage()));
        QVERIFY2(rolled->waiting.contains(u"component_metrics"_s),
                 qPrintable(rolled->waiting.join(u", "_s)));
        QCOMPARE(boundaryOf(database.db, u"component"_s), boundary);

        QVERIFY(QSqlQuery(writer).exec(u"COMMIT"_s));
        rolled = rollMetricRollups(database.db, start.addSecs(3600), {.maxSteps = 100});
        QVERIFY2(rolled.ok(), qPrintable(rolled.errorMessage()));
        QVERIFY(rolled->waiting.isEmpty());
        QCOMPARE(boundaryOf(database.db, u"component"_s), boundary + 59 * 60);
        QCOMPARE(rolledValues(database.db, u"component"_s), 1);
        const QString why = chartsAgreeWithRows(repository, start, start.addSecs(3600));
        QVERIFY2(why.isEmpty(), qPrintable(why));
    }
    database.factory->close(u"writer"_s);
}

// Two rollers (a window's and a worker's) on one database at once, each a minute a step over two
// hours of rows: each minute is rolled up once, whoever takes it.
void tst_MetricRollups::twoRollersTakeTurns()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    MetricsRepository repository(database.db);
    const qint64 boundary = boundaryOf(database.db, u"component"_s);
    const QDateTime start = QDateTime::fromSecsSinceEpoch(boundary, Qt::UTC);
    insertRows(repository, start, 2000, 3600, 7);
    const QDateTime clock = start.addSecs(2 * 3600 + 60);
    QSemaphore ready;
    QSemaphore go;
    QString otherError; // read once the other roller has ended
    QThread *other = QThread::create([&] {
        ConnectionFactory factory(database.scratch->url());
        auto opened = factory.open(u"other-roller"_s);
        ready.release();
        go.acquire();
        if (!opened) {
            otherError = opened.errorMessage();
            return;
        }
        const QSqlDatabase db = *opened;
        auto rolled = rollMetricRollups(db, clock,
                                        {.step = std::chrono::seconds(60),
                                         .maxSteps = 1000,
                                         .lockTimeout = std::chrono::milliseconds(10000)});
        if (!rolled)
            otherError = rolled.errorMessage();
    });
    other->start();
    ready.acquire();
    go.release();
    auto rolled = rollMetricRollups(database.db, clock,
                                    {.step = std::chrono::seconds(60),
                                     .maxSteps = 1000,
                                     .lockTimeout = std::chrono::milliseconds(10000)});
    QVERIFY2(rolled.ok(), qPrintable(rolled.errorMessage()));
    QVERIFY(other->wait(60000));
    delete other;
    QVERIFY2(otherError.isEmpty(), qPrintable(otherError));
    QCOMPARE(boundaryOf(database.db, u"component"_s), boundary + 2 * 3600);
    QCOMPARE(rolledValues(database.db, u"component"_s), 2000);
    QCOMPARE(rolledValues(database.db, u"sensor"_s), 2000);
    const QString why = chartsAgreeWithRows(repository, start, clock);
    QVERIFY2(why.isEmpty(), qPrintable(why));
}

// A writer on a connection of its own inserts rows around the moving boundary (some late, most
// after it) and deletes some, in transactions of a few rows, while the roller runs again and
// again with a clock that moves a minute each time: the charts then agree with the rows.
void tst_MetricRollups::concurrentWritesWhileRolling()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const SqlEngine sqlEngine = engineOf(database.db);
    MetricsRepository repository(database.db);
    const qint64 boundary = boundaryOf(database.db, u"component"_s);
    const QDateTime start = QDateTime::fromSecsSinceEpoch(boundary, Qt::UTC);
    constexpr int rolls = 60;

    std::atomic<int> clockMinutes{2};
    std::atomic<bool> done{false};
    QSemaphore rounds;   // a release for each transaction the writer commits
    QString writerError; // read once the writer has ended
    std::atomic<bool> writerFailed{false};
    QThread *writer = QThread::create([&] {
        ConnectionFactory factory(database.scratch->url());
        auto opened = factory.open(u"concurrent-writer"_s);
        if (!opened) {
            writerError = opened.errorMessage();
            writerFailed = true;
            rounds.release(rolls * 2);
            return;
        }
        const QSqlDatabase db = *opened;
        MetricsRepository writes(db);
        QRandomGenerator random(5);
        int round = 0;
        while (!done.load()) {
            // Times from a minute before the roller's boundary to two after its clock.
            const qint64 nowSecs = boundary + qint64(clockMinutes.load()) * 60;
            QList<ComponentMetric> rows;
            for (int i = 0; i < 8; ++i) {
                const qint64 ms = (nowSecs - 180) * 1000 + random.bounded(300000);
                rows.append({u"c"_s,
                             u"m"_s,
                             double(random.bounded(1000)),
                             {},
                             {},
                             QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC)});
            }
            if (Status inserted = writes.insertComponentMetrics(rows); !inserted) {
                writerError = inserted.errorMessage();
                writerFailed = true;
                rounds.release(rolls * 2);
                return;
            }
            rounds.release();
            if (++round % 5 == 0) {
                const qint64 from = (nowSecs - 120) * 1000 + random.bounded(120000);
                if (execute(
                        db,
                        u"DELETE FROM component_metrics WHERE timestamp >= ? AND "
                        "timestamp < ?"_s,
                        {timestampParam(QDateTime::fromMSecsSinceEpoch(from, Qt::UTC), sqlEngine),
                         timestampParam(QDateTime::fromMSecsSinceEpoch(from + 2000, Qt::UTC),
                                        sqlEngine)}) < 0) {
                    writerError = u"a delete failed"_s;
                    writerFailed = true;
                    rounds.release(rolls * 2);
                    return;
                }
            }
        }
    });
    writer->start();
    int moved = 0;
    for (int i = 0; i < rolls && !writerFailed; ++i) {
        clockMinutes = 2 + i;
        auto rolled = rollMetricRollups(database.db, start.addSecs(qint64(clockMinutes) * 60),
                                        {.step = std::chrono::seconds(60)});
        QVERIFY2(rolled.ok(), qPrintable(rolled.errorMessage()));
        moved += rolled->steps;
        // Two of the writer's transactions between one roll and the next.
        QVERIFY2(rounds.tryAcquire(2, 30000), "the writer stalled");
    }
    done = true;
    QVERIFY(writer->wait(60000));
    delete writer;
    QVERIFY2(writerError.isEmpty(), qPrintable(writerError));
    QVERIFY2(moved >= rolls / 2, qPrintable(QString::number(moved)));
    QVERIFY(scalar(database.db, u"SELECT count(*) FROM component_metrics"_s) > 100);
    const QDateTime from = start.addSecs(-600);
    const QDateTime to = start.addSecs(qint64(rolls + 10) * 60);
    QString why = chartsAgreeWithRows(repository, from, to);
    QVERIFY2(why.isEmpty(), qPrintable(why));
    QVERIFY(rollMetricRollups(database.db, to.addSecs(3600), {.maxSteps = 100}).ok());
    QCOMPARE(rolledValues(database.db, u"component"_s),
             scalar(database.db, u"SELECT count(*) FROM component_metrics"_s));
    why = chartsAgreeWithRows(repository, from, to);
    QVERIFY2(why.isEmpty(), qPrintable(why));
}

// Down to migration 29 (through 30) the rows after the boundary join the rollups (every value in
// them, as its triggers keep them) and up again the rollups from the new boundary on go: the charts
// agree with the rows at each version.
void tst_MetricRollups::migrationDownAndUpKeepsEveryValue()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    MetricsRepository repository(database.db);
    const qint64 boundary = boundaryOf(database.db, u"component"_s);
    const QDateTime start = QDateTime::fromSecsSinceEpoch(boundary, Qt::UTC);
    insertRows(repository, start.addSecs(-1800), 600, 6100, 4);
    QVERIFY(rollMetricRollups(database.db, start.addSecs(1200), {.maxSteps = 100}).ok());
    const QDateTime from = start.addSecs(-3600);
    const QDateTime to = start.addSecs(3 * 3600);
    QString why = chartsAgreeWithRows(repository, from, to);
    QVERIFY2(why.isEmpty(), qPrintable(why));

    auto migrations = MigrationRunner::builtin(database.scratch->url().engine());
    // Down to 31 first: the migrations after it are not the rollups'.
    if (const int above = MigrationRunner(database.db, *migrations).latestVersion() - 31; above > 0)
        QVERIFY(MigrationRunner(database.db, *migrations).down(above).ok());
    // Down to 30: on PostgreSQL the late-row condition the roller made a constant reads the
    // sequence again, as version 30's roller (which moves the sequence alone) expects.
    const bool postgres = database.scratch->url().engine() == DatabaseUrl::Engine::PostgreSQL;
    const QString condition = u"SELECT count(*) FROM pg_trigger WHERE tgname = "
                              "'component_metrics_rollup_insert' AND "
                              "pg_get_triggerdef(oid) LIKE '%pg_sequence_last_value%'"_s;
    if (postgres)
        QCOMPARE(scalar(database.db, condition), 0);
    QVERIFY(MigrationRunner(database.db, *migrations).down(1).ok());
    if (postgres)
        QCOMPARE(scalar(database.db, condition), 1);
    QVERIFY(hasTable(database.db, u"metric_rollup_state"_s));
    QVERIFY(MigrationRunner(database.db, *migrations).down(1).ok());
    QVERIFY(!hasTable(database.db, u"metric_rollup_state"_s));
    QCOMPARE(rolledValues(database.db, u"component"_s), 600);
    MetricsRepository below(database.db);
    why = chartsAgreeWithRows(below, from, to);
    QVERIFY2(why.isEmpty(), qPrintable(why));
    // Migration 29's triggers roll up every insert again.
    insertRows(below, start.addSecs(7000), 10, 1000, 5);
    QCOMPARE(rolledValues(database.db, u"component"_s), 610);

    QVERIFY(MigrationRunner(database.db, *migrations).up().ok());
    MetricsRepository again(database.db);
    why = chartsAgreeWithRows(again, from, to);
    QVERIFY2(why.isEmpty(), qPrintable(why));
    QVERIFY(rollMetricRollups(database.db, to.addSecs(3600), {.maxSteps = 1000}).ok());
    QCOMPARE(rolledValues(database.db, u"component"_s), 610);
    why = chartsAgreeWithRows(again, from, to);
    QVERIFY2(why.isEmpty(), qPrintable(why));
}

// Buckets of hours over a range that starts and ends inside an hour: the whole hours come from
// the hours' rollups, the whole minutes before the first and after the last from the minutes'
// (not from raw values: at 100,000,000 rows, the 3,200 raw values of a series' last hour were
// most of a chart's time), and only the part of a minute at each end from raw values. Shown by
// a maximum planted in the rollups alone: the buckets that have it read the rollup it is in.
void tst_MetricRollups::rangeEndsReadTheMinuteRollups()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    MetricsRepository repository(database.db);
    const qint64 boundary = boundaryOf(database.db, u"component"_s);
    const QDateTime start = QDateTime::fromSecsSinceEpoch(boundary, Qt::UTC);
    insertRows(repository, start, 3 * 720, 5000, 3); // series c: a value every 10 s, 3 hours
    QVERIFY(rollMetricRollups(database.db, start.addSecs(3 * 3600 + 120), {.maxSteps = 100}).ok());
    QCOMPARE(rolledValues(database.db, u"component"_s), 3 * 720);
    const QDateTime from = start.addMSecs((30 * 60 + 20) * 1000 + 500);
    const QDateTime to = start.addSecs(2 * 3600 + 40 * 60 + 30);
    QString why = chartsAgreeWithRows(repository, from, to);
    QVERIFY2(why.isEmpty(), qPrintable(why));

    const auto plant = [&](qint64 width, qint64 at, double value) {
        return execute(database.db,
                       u"UPDATE metric_rollups SET value_max = ? WHERE source = 'component' AND "
                       "owner = 'c' AND name = 'm' AND width = ? AND bucket = ?"_s,
                       {value, width, boundary + at});
    };
    // Minutes at 00:35 and 02:10, inside the range's first and last hours; the hour at 01:00,
    // whole in it; and the first and last hours' own rollups, which stand for more than the
    // range has of them.
    QCOMPARE(plant(60, 35 * 60, 1e6), 1);
    QCOMPARE(plant(60, 2 * 3600 + 10 * 60, 2e6), 1);
    QCOMPARE(plant(3600, 3600, 3e6), 1);
    QCOMPARE(plant(3600, 0, 4e6), 1);
    QCOMPARE(plant(3600, 2 * 3600, 5e6), 1);
    const MetricSeries series{MetricSource::Component, u"c"_s, u"m"_s};
    const auto hours = repository.points({series, from, to, 3600, 100});
    QVERIFY2(hours.ok(), qPrintable(hours.errorMessage()));
    QCOMPARE(hours->points.size(), 3);
    QCOMPARE(hours->points.at(0).max, 1e6);
    QCOMPARE(hours->points.at(1).max, 3e6);
    QCOMPARE(hours->points.at(2).max, 2e6);
    // The raw values in the parts of a minute at the ends are read as they are: the range's
    // first value (00:30:25) and last (02:40:25) are in its buckets' counts.
    const auto raw = repository.points({series, from, to, 0, 100000});
    QVERIFY(raw.ok());
    qint64 counted = 0;
    for (const MetricPoint &point : hours->points)
        counted += point.count;
    QCOMPARE(counted, qint64(raw->points.size()));
    QCOMPARE(raw->points.constFirst().start, start.addSecs(30 * 60 + 25));
    QCOMPARE(raw->points.constLast().start, start.addSecs(2 * 3600 + 40 * 60 + 25));
}

QTEST_GUILESS_MAIN(tst_MetricRollups)
#include "tst_metricrollups.moc"
