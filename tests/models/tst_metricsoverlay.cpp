#include "backlogseries.h"
#include "metricschartmodel.h"
#include "metricsdashboards.h"
#include "metricseriesmodel.h"
#include "metricsloader.h"
#include "migrateddatabase.h"

#include <QAbstractItemModelTester>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {

// Two days of values, a minute apart, each day's different from the day before's: value i on
// the first day, 1000 + 2 i on the second.
const QDateTime dayOne(QDate(2026, 11, 24), QTime(0, 0), QTimeZone::utc());
const MetricSeries latency{MetricSource::Component, u"splitter"_s, u"latency_ms"_s};
const BacklogKey workers{BacklogKind::Group, u"orders"_s, u"workers"_s};
const MetricSeries lag = backlogMetricSeries({workers, u"lag"_s});
constexpr qint64 day = 86400;

bool writeTwoDays(const QSqlDatabase &db)
{
    QList<ComponentMetric> metrics;
    QList<BacklogSample> samples;
    for (int i = 0; i < 2 * 1440; ++i) {
        const double value = i < 1440 ? i : 1000 + 2 * (i - 1440);
        metrics.append(
            {u"splitter"_s, u"latency_ms"_s, value, u"ms"_s, {}, dayOne.addSecs(60 * i)});
        BacklogSample sample;
        sample.key = workers;
        sample.slot = dayOne.addSecs(60 * i);
        sample.lag = qint64(value) * 3;
        samples.append(sample);
    }
    return MetricsRepository(db).insertComponentMetrics(metrics).ok() &&
           BacklogHistory(db).write(samples).ok();
}

} // namespace

// Metrics' comparison with an earlier time: the overlay of each series is the series' own
// points, read for the range moved back by the shift and moved forward again, on both engines,
// raw and in buckets; the difference; dashboards that keep it; backlogs in the series tree.
class tst_MetricsOverlay : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void overlayEqualsTheShiftedSeries_data() { test::addEngineRows(); }
    void overlayEqualsTheShiftedSeries();
    void differenceIsCurrentMinusShifted();
    void dashboardsKeepTheComparison();
    void backlogsInTheSeriesTree();
};

void tst_MetricsOverlay::overlayEqualsTheShiftedSeries()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QVERIFY(writeTwoDays(database.db));
    const MetricsRepository repository(database.db);
    MetricsRequest request;
    request.kind = MetricsRequest::Kind::Points;
    request.series = {latency, lag};
    request.from = dayOne.addSecs(day + 3600);
    request.to = dayOne.addSecs(day + 4 * 3600);
    request.shiftSeconds = day;
    // 180 values a series: raw at 400 pixels, in buckets at 30.
    for (const int pixels : {400, 30}) {
        request.pixels = pixels;
        const MetricsAnswer answer = readMetricPoints(repository, request);
        QVERIFY2(answer.ok, qPrintable(answer.error.message));
        QCOMPARE(answer.bucketSeconds == 0, pixels == 400);
        QCOMPARE(answer.data.size(), 4);
        for (qsizetype i = 0; i < 2; ++i) {
            const SeriesData &own = answer.data.at(i);
            const SeriesData &overlay = answer.data.at(i + 2);
            QCOMPARE(own.shiftSeconds, 0);
            QCOMPARE(overlay.series, own.series);
            QCOMPARE(overlay.shiftSeconds, day);
            // The oracle: the series read by the repository for the day before, moved forward.
            auto shifted =
                repository.points({own.series, request.from.addSecs(-day), request.to.addSecs(-day),
                                   answer.bucketSeconds, 100000});
            QVERIFY2(shifted.ok(), qPrintable(shifted.errorMessage()));
            QVERIFY(!shifted->points.isEmpty());
            for (MetricPoint &point : shifted->points)
                point.start = point.start.addSecs(day);
            QCOMPARE(overlay.points, shifted->points);
            QCOMPARE(overlay.points.size(), own.points.size());
            QCOMPARE(overlay.points.constFirst().start, own.points.constFirst().start);
            QVERIFY(overlay.points.constFirst().avg != own.points.constFirst().avg);
        }
    }
    // Without a shift, no overlay.
    request.shiftSeconds = 0;
    QCOMPARE(readMetricPoints(repository, request).data.size(), 2);
}

void tst_MetricsOverlay::differenceIsCurrentMinusShifted()
{
    const auto at = [](int minute) {
        return dayOne.addSecs(60 * minute);
    };
    const QList<MetricPoint> now{{at(0), 5, 1, 9, 3}, {at(1), 6, 6, 6, 1}, {at(3), 7, 7, 7, 1}};
    const QList<MetricPoint> before{{at(0), 2, 0, 4, 3}, {at(2), 1, 1, 1, 1}, {at(3), 9, 9, 9, 1}};
    const QList<MetricPoint> average = differencePoints(now, before, MetricAggregate::Average);
    // Where both have a point: minutes 0 and 3.
    QCOMPARE(average, (QList<MetricPoint>{{at(0), 3, 3, 3, 1}, {at(3), -2, -2, -2, 1}}));
    QCOMPARE(differencePoints(now, before, MetricAggregate::Maximum).constFirst().avg, 5.0);
    QVERIFY(differencePoints(now, {}, MetricAggregate::Average).isEmpty());
}

void tst_MetricsOverlay::dashboardsKeepTheComparison()
{
    const MetricsDashboard dashboard{.name = u"Backlogs"_s,
                                     .series = {lag, latency},
                                     .rangeSeconds = 3600,
                                     .aggregate = MetricAggregate::Maximum,
                                     .compareSeconds = 7 * day,
                                     .difference = true};
    const QByteArray json = dashboardsToJson(
        {dashboard, MetricsDashboard{u"Plain"_s, {}, 3600, MetricAggregate::Average, 0, false}});
    QVERIFY(json.contains("\"compare_seconds\": 604800"));
    QVERIFY(json.contains("\"source\": \"backlog\""));
    QString error;
    const auto read = dashboardsFromJson(json, &error);
    QVERIFY2(read.has_value(), qPrintable(error));
    QCOMPARE(read->size(), 2);
    QCOMPARE(read->at(0), dashboard);
    QCOMPARE(read->at(1).compareSeconds, 0);
    QByteArray bad = json;
    bad.replace("604800", "-5");
    QVERIFY(!dashboardsFromJson(bad, &error).has_value());
    QVERIFY2(error.contains(u"compare_seconds"_s), qPrintable(error));
}

void tst_MetricsOverlay::backlogsInTheSeriesTree()
{
    MetricSeriesModel model;
    QAbstractItemModelTester tester(&model);
    const MetricSeries pending =
        backlogMetricSeries({{BacklogKind::Port, u"in"_s, {}}, u"pending"_s});
    model.setSeries({latency, lag, pending}, {u"ms"_s, {}, {}});
    const QModelIndex backlogs =
        model.match(model.index(0, 0), Qt::DisplayRole, u"Backlogs"_s, 1, Qt::MatchExactly)
            .value(0);
    QVERIFY(backlogs.isValid());
    QCOMPARE(model.rowCount(backlogs), 2);
    const QModelIndex group = model.index(0, 0, backlogs);
    QCOMPARE(group.data().toString(), u"orders \u25b8 workers"_s);
    QCOMPARE(model.index(0, 0, group).data().toString(), u"lag"_s);
    QCOMPARE(model.index(1, 0, backlogs).data().toString(), u"port in"_s);
    QCOMPARE(seriesLabel(lag), u"orders \u25b8 workers / lag"_s);
    QCOMPARE(model.unitOf(lag), u"messages"_s);
}

QTEST_GUILESS_MAIN(tst_MetricsOverlay)
#include "tst_metricsoverlay.moc"
