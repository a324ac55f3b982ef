#include "backlogseries.h"
#include "metricsrepository.h"
#include "migrateddatabase.h"
#include "queryplan.h"

#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {

const QDateTime b0(QDate(2026, 11, 26), QTime(9, 0), QTimeZone::utc());

// A group whose name has the separator in it, and a port: 2 hours of 15-s samples, the group's
// lag going 0, 1, 2, ... and the port's pending a saw-tooth with a peak of 7 every 8 samples.
const BacklogKey groupKey{BacklogKind::Group, u"orders"_s, u"billing/eu"_s};
const BacklogKey portKey{BacklogKind::Port, u"orders-in"_s, u""_s};
constexpr int sampleCount = 480;

Status writeSamples(const QSqlDatabase &db)
{
    QList<BacklogSample> samples;
    for (int i = 0; i < sampleCount; ++i) {
        BacklogSample group;
        group.key = groupKey;
        group.slot = b0.addSecs(15 * i);
        group.lag = i;
        group.pending = 3;
        samples << group;
        BacklogSample port;
        port.key = portKey;
        port.slot = b0.addSecs(15 * i);
        port.pending = i % 8;
        samples << port;
    }
    auto written = BacklogHistory(db).write(samples);
    if (!written)
        return written.error();
    return success();
}

} // namespace

// The backlog history read as Metrics series on both engines: the series listed by a skip
// scan, their raw samples and their buckets (the highest of each kept), their extent, all
// through MetricsRepository as the Metrics pane reads them.
class tst_BacklogSeries : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void seriesNamesRoundTrip();
    void listsEachBacklogsFigures_data() { test::addEngineRows(); }
    void listsEachBacklogsFigures();
    void rawPointsAreTheSamples_data() { test::addEngineRows(); }
    void rawPointsAreTheSamples();
    void bucketsKeepTheHighest_data() { test::addEngineRows(); }
    void bucketsKeepTheHighest();
    void extentIsTheFirstAndLastSlot_data() { test::addEngineRows(); }
    void extentIsTheFirstAndLastSlot();
    void readsTheUniqueKeyNotTheTable();
};

void tst_BacklogSeries::seriesNamesRoundTrip()
{
    const BacklogFigure lag{groupKey, u"lag"_s};
    const MetricSeries series = backlogMetricSeries(lag);
    QCOMPARE(series.source, MetricSource::Backlog);
    QCOMPARE(series.owner, u"orders"_s);
    QCOMPARE(series.name, u"group/lag/billing/eu"_s);
    QCOMPARE(backlogFigureOf(series), std::optional(lag));
    const BacklogFigure dead{portKey, u"dead_letters"_s};
    QCOMPARE(backlogMetricSeries(dead).name, u"port/dead_letters"_s);
    QCOMPARE(backlogFigureOf(backlogMetricSeries(dead)), std::optional(dead));
    // A figure the kind has not, a kind there is not, another source: none.
    QVERIFY(!backlogFigureOf({MetricSource::Backlog, u"orders"_s, u"port/lag"_s}));
    QVERIFY(!backlogFigureOf({MetricSource::Backlog, u"orders"_s, u"queue/length"_s}));
    QVERIFY(!backlogFigureOf({MetricSource::Backlog, u"orders"_s, u"group/lag"_s}));
    QVERIFY(!backlogFigureOf({MetricSource::Port, u"orders"_s, u"port/pending"_s}));
}

void tst_BacklogSeries::listsEachBacklogsFigures()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const Status written = writeSamples(database.db);
    QVERIFY2(written.ok(), qPrintable(written.errorMessage()));
    auto all = MetricsRepository(database.db).listAllSeries();
    QVERIFY2(all.ok(), qPrintable(all.errorMessage()));
    QList<MetricSeries> backlogs;
    for (const MetricSeries &series : std::as_const(*all))
        if (series.source == MetricSource::Backlog)
            backlogs << series;
    QList<MetricSeries> expected;
    for (const QString &figure : backlogFigures(BacklogKind::Group))
        expected << backlogMetricSeries({groupKey, figure});
    for (const QString &figure : backlogFigures(BacklogKind::Port))
        expected << backlogMetricSeries({portKey, figure});
    QCOMPARE(backlogs, expected);
    auto two = BacklogSeries(database.db).listSeries(1);
    QVERIFY(two.ok());
    QCOMPARE(two->size(), backlogFigures(BacklogKind::Group).size());
}

void tst_BacklogSeries::rawPointsAreTheSamples()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const Status written = writeSamples(database.db);
    QVERIFY2(written.ok(), qPrintable(written.errorMessage()));
    const MetricsRepository repository(database.db);
    const MetricSeries lag = backlogMetricSeries({groupKey, u"lag"_s});
    auto points = repository.points({lag, b0.addSecs(30), b0.addSecs(90), 0, 100});
    QVERIFY2(points.ok(), qPrintable(points.errorMessage()));
    QCOMPARE(points->points.size(), 4);
    for (int i = 0; i < 4; ++i) {
        QCOMPARE(points->points.at(i).start, b0.addSecs(30 + 15 * i));
        QCOMPARE(points->points.at(i).max, double(2 + i));
        QCOMPARE(points->points.at(i).count, 1);
    }
    QVERIFY(!points->truncated);
    auto cut = repository.points({lag, b0, b0.addSecs(3600), 0, 10});
    QVERIFY(cut.ok());
    QCOMPARE(cut->points.size(), 10);
    QVERIFY(cut->truncated);
    // A figure the backlog was not given (the port has no lag in its samples: NULL) has none.
    auto none = repository.points(
        {backlogMetricSeries({portKey, u"failed"_s}), b0, b0.addSecs(3600), 0, 100});
    QVERIFY(none.ok());
    QVERIFY(none->points.isEmpty());
}

void tst_BacklogSeries::bucketsKeepTheHighest()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const Status written = writeSamples(database.db);
    QVERIFY2(written.ok(), qPrintable(written.errorMessage()));
    const MetricsRepository repository(database.db);
    // Buckets of 5 minutes (20 samples, the saw-tooth's peak of 7 in each), from 9:02:30:
    // the first bucket, 9:00, holds the 10 samples from 9:02:30 only.
    const MetricSeries pending = backlogMetricSeries({portKey, u"pending"_s});
    auto points = repository.points({pending, b0.addSecs(150), b0.addSecs(7200), 300, 1000});
    QVERIFY2(points.ok(), qPrintable(points.errorMessage()));
    QCOMPARE(points->points.size(), 24);
    const MetricPoint first = points->points.constFirst();
    QCOMPARE(first.start, b0);
    QCOMPARE(first.count, 10);
    QCOMPARE(first.max, 7.0);
    QCOMPARE(first.min, 0.0);
    // Samples 10..19: 2, 3, ..., 7, 0, 1, 2, 3.
    QCOMPARE(first.avg, 3.3);
    for (const MetricPoint &point : std::as_const(points->points)) {
        QCOMPARE(point.max, 7.0);
        QCOMPARE(point.start.toSecsSinceEpoch() % 300, 0);
    }
    QCOMPARE(points->points.at(1).count, 20);
    QCOMPARE(points->points.at(1).avg, 3.9); // samples 20..39: 4, 5, 6, 7, then 0..7 twice
    const MetricSeries lag = backlogMetricSeries({groupKey, u"lag"_s});
    auto lags = repository.points({lag, b0, b0.addSecs(7200), 3600, 10});
    QVERIFY(lags.ok());
    QCOMPARE(lags->points.size(), 2);
    QCOMPARE(lags->points.at(1).max, 479.0);
    QCOMPARE(lags->points.at(1).min, 240.0);
}

void tst_BacklogSeries::extentIsTheFirstAndLastSlot()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const MetricsRepository repository(database.db);
    const MetricSeries lag = backlogMetricSeries({groupKey, u"lag"_s});
    auto empty = repository.extent(lag);
    QVERIFY2(empty.ok(), qPrintable(empty.errorMessage()));
    QVERIFY(!empty->has_value());
    const Status written = writeSamples(database.db);
    QVERIFY2(written.ok(), qPrintable(written.errorMessage()));
    auto extent = repository.extent(lag);
    QVERIFY(extent.ok() && extent->has_value());
    QCOMPARE((*extent)->first, b0);
    QCOMPARE((*extent)->second, b0.addSecs(15 * (sampleCount - 1)));
}

void tst_BacklogSeries::readsTheUniqueKeyNotTheTable()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const MetricSeries lag = backlogMetricSeries({groupKey, u"lag"_s});
    for (const qint64 width : {qint64(0), qint64(300)}) {
        auto statement = BacklogSeries::pointsStatement(SqlEngine::SQLite,
                                                        {lag, b0, b0.addDays(7), width, 2000});
        QVERIFY2(statement.ok(), qPrintable(statement.errorMessage()));
        const QStringList plan = test::sqlitePlan(database.db, *statement);
        QVERIFY2(test::fullScans(plan, {}).isEmpty(), qPrintable(plan.join(u"; "_s)));
        QVERIFY2(plan.join(u' ').contains(u"sqlite_autoindex_backlog_samples"_s),
                 qPrintable(plan.join(u"; "_s)));
    }
}

QTEST_GUILESS_MAIN(tst_BacklogSeries)
#include "tst_backlogseries.moc"
