#include "metricsdashboards.h"

#include <QDir>
#include <QFile>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {

const MetricSeries cpu{MetricSource::Component, u"splitter"_s, u"cpu"_s};
const MetricSeries sent{MetricSource::Port, u"orders"_s, u"messages_sent"_s};
const MetricSeries sensor{MetricSource::Sensor, u"sensor_123"_s, QString()};
const MetricSeries lag{MetricSource::Check, u"consumer_lag"_s, QString()};
const MetricSeries gatewayLatency{MetricSource::Component, u"payment-gateway"_s, u"latency_ms"_s};

QList<MetricsDashboard> sample()
{
    return {{u"Ingest"_s,
             {MetricsRepository::ingestRate(), MetricsRepository::deadLetterRate(), lag, cpu},
             3600,
             MetricAggregate::Average},
            {u"Ports ünd sensors"_s, {sent, sensor}, 0, MetricAggregate::Maximum},
            {u"Empty"_s, {}, 7 * 86400, MetricAggregate::Count},
            {u"Low"_s, {gatewayLatency}, 900, MetricAggregate::Minimum}};
}

} // namespace

// The Metrics pane's saved dashboards: their JSON (the file format and what the settings keep)
// both ways, files that are not such a document, the settings, and the default dashboard made
// from the series there are.
class tst_MetricsDashboards : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void jsonRoundTrip();
    void badDocuments_data();
    void badDocuments();
    void fileRoundTrip();
    void unreadableFiles();
    void settingsRoundTrip();
    void defaultFromTheData();
};

void tst_MetricsDashboards::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"PortholeTest"_s);
    QCoreApplication::setApplicationName(u"tst_metricsdashboards"_s);
}

void tst_MetricsDashboards::init()
{
    QSettings().clear();
}

void tst_MetricsDashboards::jsonRoundTrip()
{
    const QByteArray json = dashboardsToJson(sample());
    QString error;
    const auto read = dashboardsFromJson(json, &error);
    QVERIFY2(read, qPrintable(error));
    QCOMPARE(*read, sample());
    QVERIFY(json.contains("\"format\": \"porthole-metrics-dashboards\""));
    QVERIFY(json.contains("\"aggregate\": \"maximum\""));
    QVERIFY(json.contains("\"source\": \"check\""));
    // A series without a name has none written.
    QVERIFY(!json.contains("\"name\": \"\""));
    // A series given twice is kept once.
    const auto twice = dashboardsFromJson(
        R"({"format": "porthole-metrics-dashboards", "version": 1, "dashboards": [
            {"name": "A", "range_seconds": 60, "aggregate": "count", "series": [
              {"source": "sensor", "owner": "s1"}, {"source": "sensor", "owner": "s1"}]}]})",
        &error);
    QVERIFY2(twice, qPrintable(error));
    QCOMPARE(twice->constFirst().series.size(), 1);
}

void tst_MetricsDashboards::badDocuments_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("says");
    const auto one = [](const char *dashboard) -> QByteArray {
        return QByteArray(R"({"format": "porthole-metrics-dashboards", "version": 1, )"
                          R"("dashboards": [)") +
               dashboard + "]}";
    };
    QTest::newRow("not JSON") << QByteArray("name=Ingest\n") << u"It is not JSON"_s;
    QTest::newRow("cut short") << dashboardsToJson(sample()).left(100) << u"It is not JSON"_s;
    QTest::newRow("empty") << QByteArray() << u"It is not JSON"_s;
    QTest::newRow("a list") << QByteArray("[1, 2]") << u"not a file of Porthole's"_s;
    QTest::newRow("another format")
        << QByteArray(R"({"format": "grafana", "version": 1, "dashboards": []})")
        << u"not a file of Porthole's"_s;
    QTest::newRow("a later version")
        << QByteArray(
               R"({"format": "porthole-metrics-dashboards", "version": 2, "dashboards": []})")
        << u"Its version is 2"_s;
    QTest::newRow("no list") << QByteArray(
                                    R"({"format": "porthole-metrics-dashboards", "version": 1})")
                             << u"no list of dashboards"_s;
    QTest::newRow("a dashboard not an object") << one("3") << u"Dashboard 1 is not an object"_s;
    QTest::newRow("no name") << one(R"({"range_seconds": 60, "aggregate": "count", "series": []})")
                             << u"Dashboard 1 has no name"_s;
    QTest::newRow("blank name")
        << one(R"({"name": "  ", "range_seconds": 60, "aggregate": "count", "series": []})")
        << u"Dashboard 1 has no name"_s;
    QTest::newRow("negative range")
        << one(R"({"name": "A", "range_seconds": -5, "aggregate": "count", "series": []})")
        << u"Dashboard 1 (A) has no range_seconds"_s;
    QTest::newRow("range as text")
        << one(R"({"name": "A", "range_seconds": "1h", "aggregate": "count", "series": []})")
        << u"Dashboard 1 (A) has no range_seconds"_s;
    QTest::newRow("fractional range")
        << one(R"({"name": "A", "range_seconds": 1.5, "aggregate": "count", "series": []})")
        << u"Dashboard 1 (A) has no range_seconds"_s;
    QTest::newRow("unknown aggregate")
        << one(R"({"name": "A", "range_seconds": 60, "aggregate": "p99", "series": []})")
        << u"the aggregate 'p99'; it must be one of average, minimum, maximum, count"_s;
    QTest::newRow("no series") << one(R"({"name": "A", "range_seconds": 60, "aggregate": "count"})")
                               << u"Dashboard 1 (A) has no list of series"_s;
    QTest::newRow("unknown source")
        << one(R"({"name": "A", "range_seconds": 60, "aggregate": "count", "series": [
                   {"source": "cpu", "owner": "x"}]})")
        << u"Dashboard 1 (A), series 1 has the source 'cpu'"_s;
    QTest::newRow("series without owner")
        << one(R"({"name": "A", "range_seconds": 60, "aggregate": "count", "series": [
                   {"source": "sensor", "owner": "s1"}, {"source": "port", "name": "x"}]})")
        << u"Dashboard 1 (A), series 2 has no owner"_s;
    QTest::newRow("series name a number")
        << one(R"({"name": "A", "range_seconds": 60, "aggregate": "count", "series": [
                   {"source": "port", "owner": "p", "name": 5}]})")
        << u"series 1 has a name that is not a text"_s;
    QTest::newRow("a name twice")
        << one(R"({"name": "A", "range_seconds": 60, "aggregate": "count", "series": []},
                  {"name": "A", "range_seconds": 0, "aggregate": "count", "series": []})")
        << u"Dashboard 2: the name 'A' is given twice"_s;
}

void tst_MetricsDashboards::badDocuments()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, says);
    QString error;
    QVERIFY(!dashboardsFromJson(json, &error));
    QVERIFY2(error.contains(says), qPrintable(error));
}

void tst_MetricsDashboards::fileRoundTrip()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"dashboards.json"_s);
    QString error;
    QVERIFY2(writeDashboardsFile(path, sample(), &error), qPrintable(error));
    const auto read = readDashboardsFile(path, &error);
    QVERIFY2(read, qPrintable(error));
    QCOMPARE(*read, sample());
    // Nowhere to write: said, and nothing left behind.
    const QString nowhere = dir.filePath(u"no/such/folder/dashboards.json"_s);
    QVERIFY(!writeDashboardsFile(nowhere, sample(), &error));
    QVERIFY2(error.contains(QDir::toNativeSeparators(nowhere)), qPrintable(error));
}

void tst_MetricsDashboards::unreadableFiles()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString error;
    const QString missing = dir.filePath(u"missing.json"_s);
    QVERIFY(!readDashboardsFile(missing, &error));
    QVERIFY2(error.startsWith(u"Could not read "_s + QDir::toNativeSeparators(missing)),
             qPrintable(error));

    const QString corrupt = dir.filePath(u"corrupt.json"_s);
    QFile file(corrupt);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(dashboardsToJson(sample()).replace("\"range_seconds\"", "\"range_seconds\"::"));
    file.close();
    QVERIFY(!readDashboardsFile(corrupt, &error));
    QVERIFY2(error.startsWith(QDir::toNativeSeparators(corrupt) + u": It is not JSON"_s),
             qPrintable(error));

    const QString huge = dir.filePath(u"huge.json"_s);
    QFile big(huge);
    QVERIFY(big.open(QIODevice::WriteOnly));
    QVERIFY(big.resize(5 * 1024 * 1024));
    big.close();
    QVERIFY(!readDashboardsFile(huge, &error));
    QVERIFY2(error.contains(u"a dashboards file is at most"_s), qPrintable(error));
}

void tst_MetricsDashboards::settingsRoundTrip()
{
    QVERIFY(MetricsDashboards::load().isEmpty());
    for (const MetricsDashboard &dashboard : sample())
        MetricsDashboards::put(dashboard);
    // Sorted by name.
    QList<MetricsDashboard> sorted = sample();
    std::sort(sorted.begin(), sorted.end(),
              [](const auto &a, const auto &b) { return a.name.localeAwareCompare(b.name) < 0; });
    QCOMPARE(MetricsDashboards::load(), sorted);
    // Through the settings file itself, read by another QSettings.
    QSettings().sync();
    QVERIFY(QSettings().value(u"metrics/dashboards"_s).toString().contains(u"Ports ünd sensors"_s));
    QCOMPARE(MetricsDashboards::find(u"Low"_s), sample().at(3));

    // Put again under the same name: replaced, not added.
    MetricsDashboard low = sample().at(3);
    low.series = {cpu, sent};
    MetricsDashboards::put(low);
    QCOMPARE(MetricsDashboards::load().size(), 4);
    QCOMPARE(MetricsDashboards::find(u"Low"_s), low);

    QVERIFY(MetricsDashboards::remove(u"Low"_s));
    QVERIFY(!MetricsDashboards::remove(u"Low"_s));
    QVERIFY(!MetricsDashboards::find(u"Low"_s));
    QCOMPARE(MetricsDashboards::load().size(), 3);

    // Edited by hand into something else: none, not a crash.
    QSettings().setValue(u"metrics/dashboards"_s, u"{\"format\": 3"_s);
    QVERIFY(MetricsDashboards::load().isEmpty());
}

void tst_MetricsDashboards::defaultFromTheData()
{
    const MetricSeries validatorLatency{MetricSource::Component, u"validator"_s, u"latency_ms"_s};
    const MetricSeries validatorErrors{MetricSource::Component, u"validator"_s, u"error_rate"_s};
    const QList<MetricSeries> listed{cpu,
                                     gatewayLatency,
                                     validatorLatency,
                                     validatorErrors,
                                     {MetricSource::Component, u"splitter"_s, u"errors"_s},
                                     lag,
                                     {MetricSource::Check, u"ingestion_rate"_s, QString()},
                                     MetricsRepository::ingestRate(),
                                     MetricsRepository::deadLetterRate()};
    QCOMPARE(latencyMetricNames(listed), QStringList{u"latency_ms"_s});
    QVERIFY(latencyMetricNames({cpu, sent}).isEmpty());
    QCOMPARE(errorMetricNames(listed), (QStringList{u"error_rate"_s, u"errors"_s}));
    QVERIFY(errorMetricNames({cpu, gatewayLatency}).isEmpty());

    // What an operator checks first, in that order.
    const DefaultDashboard all = defaultDashboard(listed, validatorErrors, validatorLatency);
    QCOMPARE(all.series,
             (QList<MetricSeries>{MetricsRepository::ingestRate(), validatorErrors,
                                  MetricsRepository::deadLetterRate(), lag, validatorLatency}));
    QVERIFY(all.missing.isEmpty());

    const DefaultDashboard none = defaultDashboard({cpu, sent}, std::nullopt, std::nullopt);
    QVERIFY(none.series.isEmpty());
    QCOMPARE(none.missing,
             (QStringList{u"the ingest rate (this database has no messages table)"_s,
                          u"the highest error rate (no component reports error_rate)"_s,
                          u"dead letters per minute (there are no dead letters)"_s,
                          u"the consumer lag (there are no sensor readings)"_s,
                          u"the busiest component's latency (no component reports latency_ms)"_s}));
    const DefaultDashboard quiet = defaultDashboard(listed, std::nullopt, std::nullopt);
    QCOMPARE(
        quiet.missing,
        (QStringList{u"the highest error rate (none reported errors in the range)"_s,
                     u"the busiest component's latency (none reported latency in the range)"_s}));
}

QTEST_MAIN(tst_MetricsDashboards)
#include "tst_metricsdashboards.moc"
