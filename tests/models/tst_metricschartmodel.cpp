#include "metricschartmodel.h"
#include "metricseriesmodel.h"
#include "migrateddatabase.h"

#include <QAbstractItemModelTester>
#include <QBuffer>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {

const QDateTime start(QDate(2026, 11, 22), QTime(10, 0), QTimeZone::utc());
const MetricSeries cpu{MetricSource::Component, u"splitter"_s, u"cpu"_s};
const MetricSeries sent{MetricSource::Port, u"orders"_s, u"messages_sent"_s};

// `count` values of `series` one second apart from `from`: value i at from + i s.
QList<ComponentMetric> everySecond(const QDateTime &from, int count,
                                   const QString &metric = u"cpu"_s)
{
    QList<ComponentMetric> rows;
    for (int i = 0; i < count; ++i)
        rows.append({u"splitter"_s, metric, double(i), u"%"_s, {}, from.addSecs(i)});
    return rows;
}

} // namespace

// The Metrics pane's models: the loader's choice of raw values or buckets, the chart's range
// with Back and live follow, and the tree of series to pick from.
class tst_MetricsChartModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void resolutionTexts();
    void rawWhenFewBucketsWhenMany_data() { test::addEngineRows(); }
    void rawWhenFewBucketsWhenMany();
    void newestRangeWins_data() { test::addEngineRows(); }
    void newestRangeWins();
    void rangesGoBack_data() { test::addEngineRows(); }
    void rangesGoBack();
    void followAppendsWhatIsNew_data() { test::addEngineRows(); }
    void followAppendsWhatIsNew();
    void followSurvivesClockJumps_data() { test::addEngineRows(); }
    void followSurvivesClockJumps();
    void seriesTree();
    void gapsAreDrawnAsGaps();
    void seriesAsCsv();
};

void tst_MetricsChartModel::seriesAsCsv()
{
    const QList<SeriesData> data{
        {cpu, {{start, 2.5, 1, 4, 3}, {start.addSecs(60), 0.1, 0.1, 0.1, 1}}, false},
        {{MetricSource::Sensor, u"s,1"_s, {}}, {{start, -1e-7, -1e-7, -1e-7, 1}}, false}};
    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    QString error;
    QVERIFY(writeSeriesCsv(&buffer, data, 60, &error));
    const QList<QByteArray> lines = buffer.data().split('\n');
    QCOMPARE(lines.size(), 5); // header, three points, and the empty rest after the last CR LF
    QCOMPARE(lines.at(0),
             "series,source,owner,name,time,average,minimum,maximum,count,resolution\r");
    QCOMPARE(lines.at(1),
             "splitter / cpu,component,splitter,cpu,2026-11-22T10:00:00.000Z,2.5,1,4,3,"
             "buckets of 1 min\r");
    QCOMPARE(lines.at(2).split(',').at(5), "0.10000000000000001"); // every digit kept
    QCOMPARE(lines.at(3),
             "\"s,1\",sensor,\"s,1\",,2026-11-22T10:00:00.000Z,-9.9999999999999995e-08,"
             "-9.9999999999999995e-08,-9.9999999999999995e-08,1,buckets of 1 min\r");

    // A device that refuses: false, and why.
    QBuffer closed;
    QVERIFY(!writeSeriesCsv(&closed, data, 0, &error));
    QVERIFY(!error.isEmpty());
}

void tst_MetricsChartModel::gapsAreDrawnAsGaps()
{
    QVERIFY(chartSegments({}, 0, MetricAggregate::Average).isEmpty());
    // Raw values every 10 s, with 5 missing after the fourth: two lines.
    QList<MetricPoint> raw;
    for (int i : {0, 1, 2, 3, 9, 10, 11})
        raw.append({start.addSecs(i * 10), double(i), double(i), double(i), 1});
    auto segments = chartSegments(raw, 0, MetricAggregate::Average);
    QCOMPARE(segments.size(), 2);
    QCOMPARE(segments.at(0).size(), 4);
    QCOMPARE(segments.at(1).first(), QPointF(double(start.addSecs(90).toMSecsSinceEpoch()), 9));
    // A step twice the usual is no gap.
    raw.removeAt(2);
    QCOMPARE(chartSegments(raw, 0, MetricAggregate::Average).size(), 2);
    // Buckets of 60 s: one missing bucket is a gap only when the usual step is one bucket.
    QList<MetricPoint> buckets;
    for (int i : {0, 1, 2, 4, 5})
        buckets.append({start.addSecs(i * 60), 1, 0, 2, 7});
    QCOMPARE(chartSegments(buckets, 60, MetricAggregate::Average).size(), 1);
    buckets.append({start.addSecs(9 * 60), 1, 0, 2, 7});
    segments = chartSegments(buckets, 60, MetricAggregate::Count);
    QCOMPARE(segments.size(), 2);
    QCOMPARE(segments.at(1).first().y(), 7.0);
}

void tst_MetricsChartModel::resolutionTexts()
{
    QCOMPARE(resolutionText(0), u"raw values"_s);
    QCOMPARE(resolutionText(5), u"buckets of 5 s"_s);
    QCOMPARE(resolutionText(300), u"buckets of 5 min"_s);
    QCOMPARE(resolutionText(21600), u"buckets of 6 h"_s);
    QCOMPARE(resolutionText(86400), u"buckets of 1 day"_s);
    QCOMPARE(resolutionText(7 * 86400), u"buckets of 7 days"_s);
    const MetricPoint p{start, 2.5, 1, 4, 3};
    QCOMPARE(aggregateValue(p, MetricAggregate::Average), 2.5);
    QCOMPARE(aggregateValue(p, MetricAggregate::Minimum), 1.0);
    QCOMPARE(aggregateValue(p, MetricAggregate::Maximum), 4.0);
    QCOMPARE(aggregateValue(p, MetricAggregate::Count), 3.0);
}

void tst_MetricsChartModel::rawWhenFewBucketsWhenMany()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    MetricsRepository repository(database.db);
    QVERIFY(repository.insertComponentMetrics(everySecond(start, 1000)).ok());
    QVERIFY(repository.insertPortMetrics({{u"orders"_s, 7, 8, {}, {}, {}, {}, start}}).ok());

    MetricsRequest request;
    request.series = {cpu, sent};
    request.from = start;
    request.to = start.addSecs(1000);
    request.pixels = 500; // 1,000 values fit two a pixel
    auto answer = readMetricPoints(repository, request);
    QVERIFY2(answer.ok, qPrintable(answer.error.message));
    QCOMPARE(answer.bucketSeconds, 0);
    QCOMPARE(answer.data.size(), 2);
    QCOMPARE(answer.data.at(0).points.size(), 1000);
    QCOMPARE(answer.data.at(1).points.size(), 1);
    QCOMPARE(answer.data.at(1).points.first().avg, 7.0);

    request.pixels = 100; // too many: buckets, one width for both series
    answer = readMetricPoints(repository, request);
    QVERIFY2(answer.ok, qPrintable(answer.error.message));
    QCOMPARE(answer.bucketSeconds,
             MetricsRepository::bucketSecondsFor(request.from, request.to, 100, 2));
    QCOMPARE(answer.bucketSeconds, 5);
    QCOMPARE(answer.data.at(0).points.size(), 200);
    QCOMPARE(answer.data.at(0).points.first().count, 5);
    QCOMPARE(answer.data.at(0).points.first().max, 4.0);
    QCOMPARE(answer.data.at(1).points.size(), 1);
    QVERIFY(!answer.data.at(0).truncated);

    // Many series share what one chart draws: each of 40 gets a tenth of one series' points.
    QList<ComponentMetric> many;
    for (int s = 0; s < 40; ++s) {
        for (int i = 0; i < 200; ++i)
            many.append({u"many"_s, u"m%1"_s.arg(s), double(i), {}, {}, start.addSecs(i * 5)});
    }
    QVERIFY(repository.insertComponentMetrics(many).ok());
    MetricsRequest crowd = request;
    crowd.series.clear();
    for (int s = 0; s < 40; ++s)
        crowd.series.append({MetricSource::Component, u"many"_s, u"m%1"_s.arg(s)});
    crowd.pixels = 500;
    QCOMPARE(crowd.pointsPerSeries(), 100); // 500 × 2 × 4 / 40
    answer = readMetricPoints(repository, crowd);
    QVERIFY2(answer.ok, qPrintable(answer.error.message));
    QCOMPARE(answer.bucketSeconds, 10); // 200 values in 1,000 s: 100 buckets of 10 s
    for (const SeriesData &data : answer.data)
        QCOMPARE(data.points.size(), 100);
    crowd.series.resize(4);
    QCOMPARE(crowd.pointsPerSeries(), 1000);
    crowd.series.resize(1000);
    QCOMPARE(crowd.pointsPerSeries(), 62); // one every eight pixels at least

    // A width asked for is kept.
    request.bucketSeconds = 60;
    answer = readMetricPoints(repository, request);
    QVERIFY(answer.ok);
    QCOMPARE(answer.bucketSeconds, 60);
    QCOMPARE(answer.data.at(0).points.first().start, start);

    // A bad series is an error, with no points.
    request.series = {{MetricSource::Port, u"orders"_s, u"no_such_counter"_s}};
    answer = readMetricPoints(repository, request);
    QVERIFY(!answer.ok);
    QVERIFY(answer.data.isEmpty());
}

void tst_MetricsChartModel::newestRangeWins()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QVERIFY(MetricsRepository(database.db).insertComponentMetrics(everySecond(start, 600)).ok());
    MetricsLoader loader(*database.factory);
    QSignalSpy answered(&loader, &MetricsLoader::answered);
    MetricsRequest request;
    request.series = {cpu};
    QList<quint64> tickets;
    for (int i = 1; i <= 5; ++i) {
        request.from = start;
        request.to = start.addSecs(i * 100);
        tickets << loader.readPoints(request);
    }
    QTRY_COMPARE_WITH_TIMEOUT(answered.size(), 5, 20000);
    QCOMPARE(loader.pending(), 0);
    int read = 0;
    for (const QList<QVariant> &args : std::as_const(answered)) {
        const auto answer = args.first().value<MetricsAnswer>();
        QVERIFY(answer.ok);
        if (answer.superseded)
            continue;
        ++read;
        // Whatever was read was read for its own range.
        QCOMPARE(answer.data.first().points.size(),
                 answer.request.to.toSecsSinceEpoch() - start.toSecsSinceEpoch());
    }
    const auto last = answered.last().first().value<MetricsAnswer>();
    QCOMPARE(last.request.ticket, tickets.last());
    QVERIFY(!last.superseded); // the newest is always read
    QVERIFY(read >= 1);

    // The extent of the series.
    answered.clear();
    loader.readExtent({cpu, sent});
    QVERIFY(answered.wait(20000));
    const auto extent = answered.first().first().value<MetricsAnswer>();
    QVERIFY(extent.ok);
    QCOMPARE(extent.first, start);
    QCOMPARE(extent.last, start.addSecs(599));
}

void tst_MetricsChartModel::rangesGoBack()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QVERIFY(MetricsRepository(database.db).insertComponentMetrics(everySecond(start, 600)).ok());
    MetricsLoader loader(*database.factory);
    MetricsChartModel model(&loader);
    model.setClock([] { return start.addSecs(600); });
    QSignalSpy points(&model, &MetricsChartModel::pointsChanged);
    model.setPlotWidth(1000);
    model.showLast(600);
    model.setSeries({cpu});
    QTRY_VERIFY_WITH_TIMEOUT(!model.loading() && !points.isEmpty(), 20000);
    QCOMPARE(model.from(), start);
    QCOMPARE(model.data().first().points.size(), 600);
    QCOMPARE(model.bucketSeconds(), 0);

    model.setRange(start.addSecs(100), start.addSecs(200)); // zoomed in
    QTRY_VERIFY_WITH_TIMEOUT(!model.loading(), 20000);
    QCOMPARE(model.data().first().points.size(), 100);
    QCOMPARE(model.data().first().points.first().avg, 100.0);

    model.setPlotWidth(100); // still two a pixel at most: raw
    QTRY_VERIFY_WITH_TIMEOUT(!model.loading(), 20000);
    QCOMPARE(model.bucketSeconds(), 0);
    model.setPlotWidth(10); // narrower than the values: buckets
    QTRY_VERIFY_WITH_TIMEOUT(!model.loading() && model.bucketSeconds() == 5, 20000);
    QCOMPARE(model.data().first().points.size(), 20);

    QVERIFY(model.canGoBack());
    QVERIFY(model.back());
    QCOMPARE(model.from(), start);
    QCOMPARE(model.to(), start.addSecs(600));
    QVERIFY(model.back()); // the range before showLast()
    QVERIFY(!model.canGoBack());
    QVERIFY(!model.back());

    QSignalSpy ranges(&model, &MetricsChartModel::rangeChanged);
    model.showAll();
    QVERIFY(ranges.wait(20000));
    QCOMPARE(model.from(), start);
    QCOMPARE(model.to(), start.addSecs(599).addMSecs(1));
    QTRY_VERIFY_WITH_TIMEOUT(!model.loading(), 20000);
    QCOMPARE(model.bucketSeconds(), 30); // 600 s on 10 pixels
    QCOMPARE(model.data().first().points.size(), 20);
}

void tst_MetricsChartModel::followAppendsWhatIsNew()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    MetricsRepository repository(database.db);
    QVERIFY(repository.insertComponentMetrics(everySecond(start, 300)).ok());
    MetricsLoader loader(*database.factory);
    MetricsChartModel model(&loader);
    QDateTime now = start.addSecs(300);
    model.setClock([&now] { return now; });
    model.setFollowInterval(3600 * 1000); // steps are taken by hand below
    model.setPlotWidth(1000);
    model.showLast(200);
    model.setSeries({cpu});
    QTRY_VERIFY_WITH_TIMEOUT(!model.loading() && !model.data().isEmpty(), 20000);
    QCOMPARE(model.data().first().points.size(), 200);
    model.setFollow(true);
    QTRY_VERIFY_WITH_TIMEOUT(!model.loading(), 20000);

    // 50 s later, 50 new values: the step reads from the last value shown, not the range.
    QVERIFY(repository.insertComponentMetrics(everySecond(start.addSecs(300), 50)).ok());
    now = now.addSecs(50);
    QSignalSpy answered(&loader, &MetricsLoader::answered);
    QSignalSpy moved(&model, &MetricsChartModel::rangeChanged);
    QSignalSpy chosen(&model, &MetricsChartModel::rangeChosen);
    model.followStep();
    QCOMPARE(moved.size(), 1);
    QCOMPARE(chosen.size(), 0); // moved on, not chosen
    QVERIFY(model.loading());
    QTRY_VERIFY_WITH_TIMEOUT(!model.loading(), 20000);
    QCOMPARE(answered.size(), 1);
    const auto step = answered.first().first().value<MetricsAnswer>();
    QCOMPARE(step.request.from, start.addSecs(299)); // the last value shown
    QCOMPARE(step.data.first().points.size(), 1 + 50);
    QCOMPARE(model.from(), start.addSecs(150));
    QCOMPARE(model.to(), start.addSecs(350));
    const QList<MetricPoint> &shown = model.data().first().points;
    QCOMPARE(shown.size(), 200); // 150 .. 349: the oldest 50 left the range
    QCOMPARE(shown.first().start, start.addSecs(150));
    QCOMPARE(shown.last().start, start.addSecs(349));
    for (qsizetype i = 1; i < shown.size(); ++i)
        QCOMPARE(shown.at(i).start, shown.at(i - 1).start.addSecs(1)); // none twice

    // Paused (the operator zooms): no step; choosing a past range stops follow.
    model.setFollowPaused(true);
    model.followStep();
    QVERIFY(!model.loading());
    model.setFollowPaused(false);
    model.setRange(start, start.addSecs(100));
    QVERIFY(!model.follows());
    QCOMPARE(chosen.size(), 1);
    QCOMPARE(moved.size(), 2);
}

// The machine's clock steps back and forth under a followed chart (its clock, as the model
// reads it): each step shows exactly the values of the range that now ends at the clock, none
// twice and none missing, and a range with nothing in it is empty, not an error.
void tst_MetricsChartModel::followSurvivesClockJumps()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    MetricsRepository repository(database.db);
    QVERIFY(repository.insertComponentMetrics(everySecond(start, 600)).ok());
    MetricsLoader loader(*database.factory);
    MetricsChartModel model(&loader);
    QSignalSpy failed(&model, &MetricsChartModel::failed);
    QDateTime now = start.addSecs(300);
    model.setClock([&now] { return now; });
    model.setFollowInterval(3600 * 1000); // steps are taken by hand below
    model.setPlotWidth(1000);
    model.showLast(200);
    model.setSeries({cpu});
    model.setFollow(true);
    QTRY_VERIFY_WITH_TIMEOUT(!model.loading() && !model.data().isEmpty(), 20000);

    // The clock at each step, and the seconds after `start` of the values it must show.
    const QList<std::pair<qint64, std::pair<int, int>>> steps{
        {-3600, {0, 0}},             // an hour back: before every value
        {500, {300, 500}},           // forward again
        {365LL * 24 * 3600, {0, 0}}, // a year ahead: after every value
        {600, {400, 600}},           // back to the true time
    };
    for (const auto &[offset, shown] : steps) {
        now = start.addSecs(offset);
        model.followStep();
        QTRY_VERIFY_WITH_TIMEOUT(!model.loading(), 20000);
        QCOMPARE(model.to(), now);
        QCOMPARE(model.from(), now.addSecs(-200));
        const QList<MetricPoint> points =
            model.data().isEmpty() ? QList<MetricPoint>() : model.data().first().points;
        QCOMPARE(points.size(), shown.second - shown.first);
        for (qsizetype i = 0; i < points.size(); ++i)
            QCOMPARE(points.at(i).start, start.addSecs(shown.first + i));
    }
    QVERIFY2(failed.isEmpty(), qPrintable(failed.value(0).value(0).toString()));
    QVERIFY(model.follows());
}

void tst_MetricsChartModel::seriesTree()
{
    MetricSeriesModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    const MetricSeries mem{MetricSource::Component, u"splitter"_s, u"memory"_s};
    const MetricSeries sensor{MetricSource::Sensor, u"sensor-7"_s, {}};
    model.setSeries({cpu, mem, sent, sensor}, {u"%"_s});
    QCOMPARE(model.rowCount(), 3); // Components, Ports, Sensors
    // Units: from the data where given, else what the table fixes.
    QCOMPARE(model.unitOf(cpu), u"%"_s);
    QCOMPARE(model.unitOf(mem), QString());
    QCOMPARE(model.unitOf(sent), u"messages"_s);
    QCOMPARE(model.unitOf({MetricSource::Component, u"nowhere"_s, u"x"_s}), QString());
    QCOMPARE(model.item(0)->text(), u"Components"_s);
    QCOMPARE(model.item(0)->child(0)->text(), u"splitter"_s);
    QCOMPARE(model.item(0)->child(0)->rowCount(), 2);
    QCOMPARE(model.item(2)->child(0)->text(), u"sensor-7"_s);
    QVERIFY(model.checkedSeries().isEmpty());

    QSignalSpy checked(&model, &MetricSeriesModel::checkedChanged);
    model.setChecked(sent, true);
    model.setChecked(cpu, true);
    QCOMPARE(checked.size(), 2);
    QCOMPARE(model.checkedSeries(), (QList<MetricSeries>{cpu, sent})); // the tree's order

    // Read again: still checked; one gone is no longer.
    model.setSeries({cpu, mem, sensor});
    QCOMPARE(model.checkedSeries(), QList<MetricSeries>{cpu});
    QCOMPARE(checked.size(), 3);

    // The search shows a match with its parents, and a matching parent with its children.
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setRecursiveFilteringEnabled(true);
    proxy.setAutoAcceptChildRows(true);
    proxy.setFilterCaseSensitivity(Qt::CaseInsensitive);
    proxy.setFilterFixedString(u"MEM"_s);
    QCOMPARE(proxy.rowCount(), 1);
    const QModelIndex components = proxy.index(0, 0);
    const QModelIndex splitter = proxy.index(0, 0, components);
    QCOMPARE(proxy.rowCount(splitter), 1);
    QCOMPARE(proxy.index(0, 0, splitter).data().toString(), u"memory"_s);
    proxy.setFilterFixedString(u"splitter"_s);
    QCOMPARE(proxy.rowCount(proxy.index(0, 0, proxy.index(0, 0))), 2);

    QCOMPARE(seriesLabel(cpu), u"splitter / cpu"_s);
    QCOMPARE(seriesLabel(sensor), u"sensor-7"_s);
    QCOMPARE(seriesUnit(sent), u"messages"_s);
    QCOMPARE(seriesUnit({MetricSource::Port, u"p"_s, u"avg_message_age_ms"_s}), u"ms"_s);
}

QTEST_GUILESS_MAIN(tst_MetricsChartModel)
#include "tst_metricschartmodel.moc"
