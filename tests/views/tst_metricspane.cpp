#include "alerthistory.h"
#include "alertmodels.h"
#include "messagerepository.h"
#include "metricsdashboardbar.h"
#include "metricseriesmodel.h"
#include "metricspane.h"
#include "migrateddatabase.h"
#include "panemodels.h"
#include "portmessagerepository.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QGraphicsView>
#include <QImage>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace Qt::StringLiterals;
using namespace porthole;
using porthole::test::MigratedDatabase;
using Engine = porthole::test::ScratchDatabase::Engine;

namespace {

const MetricSeries cpu{MetricSource::Component, u"splitter"_s, u"cpu"_s};
const MetricSeries sent{MetricSource::Port, u"orders"_s, u"messages_sent"_s};

// The last 50 minutes: the splitter's cpu every 2 s with 5 minutes missing, the orders port
// every 30 s, and a replay and a move to the dead letters in the audit log (now).
QString fill(const QSqlDatabase &db, const QDateTime &now)
{
    MetricsRepository repository(db);
    QList<ComponentMetric> cpuRows;
    QList<PortMetric> portRows;
    for (int s = 50 * 60; s > 0; s -= 2) {
        const QDateTime at = now.addSecs(-s);
        if (s > 20 * 60 && s <= 25 * 60)
            continue; // the gap
        cpuRows.append({u"splitter"_s, u"cpu"_s, 40 + 30 * std::sin(s / 300.0), u"%"_s, {}, at});
        if (s % 30 == 0)
            portRows.append(
                {u"orders"_s, 1000 + (3000 - s), 990 + (3000 - s), 4.5, 5.0, 120.0, 0.25, at});
    }
    if (Status ok = repository.insertComponentMetrics(cpuRows); !ok)
        return ok.errorMessage();
    if (Status ok = repository.insertPortMetrics(portRows); !ok)
        return ok.errorMessage();
    AuditEntry replay;
    replay.actor = u"alice"_s;
    replay.action = u"replay"_s;
    replay.targetTable = u"port_messages"_s;
    replay.affectedCount = 12;
    auto id = AuditLog(db).append(replay);
    if (!id)
        return id.errorMessage();
    // The Redis pane's actions are marked too; other entries (a retention run) are not.
    AuditEntry moved;
    moved.actor = u"alice"_s;
    moved.action = u"stream-dead-letter"_s;
    moved.targetTable = u"orders"_s;
    moved.affectedCount = 4;
    AuditEntry retention = moved;
    retention.action = u"retention"_s;
    for (const AuditEntry &entry : {moved, retention}) {
        if (auto appended = AuditLog(db).append(entry); !appended)
            return appended.errorMessage();
    }
    return {};
}

// What the demo's traffic writes for the default dashboard, over the last 50 minutes: the
// latency_ms (and throughput) of three components, the payment gateway the busiest in the
// last hour though the splitter has more values in all, sensor readings (the consumer lag)
// messages the ingest worker stored (the ingest rate) and port messages, some of them dead
// letters.
QString fillDemo(const QSqlDatabase &db, const QDateTime &now)
{
    MetricsRepository repository(db);
    QList<ComponentMetric> metrics;
    for (int s = 50 * 60; s > 0; s -= 10) {
        const QDateTime at = now.addSecs(-s);
        metrics.append({u"payment-gateway"_s, u"latency_ms"_s, 12.0 + s % 7, u"ms"_s, {}, at});
        metrics.append({u"payment-gateway"_s, u"throughput"_s, 400, u"msg/s"_s, {}, at});
        metrics.append({u"payment-gateway"_s, u"error_rate"_s, 0.5, u"%"_s, {}, at});
        if (s % 30 == 0) {
            metrics.append({u"validator"_s, u"latency_ms"_s, 8, u"ms"_s, {}, at});
            // Fewer values than the gateway's, and a higher one.
            metrics.append({u"validator"_s, u"error_rate"_s, s == 600 ? 4.0 : 1.0, u"%"_s, {}, at});
        }
    }
    // Long ago, many: the busiest of all time, not of the last hour; and the highest errors.
    for (int i = 0; i < 1000; ++i) {
        metrics.append(
            {u"splitter"_s, u"latency_ms"_s, 30, u"ms"_s, {}, now.addDays(-3).addSecs(i)});
        metrics.append(
            {u"splitter"_s, u"error_rate"_s, 90, u"%"_s, {}, now.addDays(-3).addSecs(i)});
    }
    if (Status ok = repository.insertComponentMetrics(metrics); !ok)
        return ok.errorMessage();
    QList<SensorReading> readings;
    for (int i = 0; i < 40; ++i)
        readings.append({u"e%1"_s.arg(i), u"sensor_123"_s, now.addSecs(-60 - i), 20.5, 0, i, {}});
    if (auto stored = repository.insertSensorReadings(readings); !stored)
        return stored.errorMessage();
    QList<ReceivedMessage> messages;
    for (int i = 0; i < 300; ++i)
        messages.append({.id = 0,
                         .batchId = std::nullopt,
                         .messageNumber = i + 1,
                         .content = "demo",
                         .timestamp = now.addSecs(-2 * i),
                         .deliveryKey = u"stream:demo:%1-0"_s.arg(i),
                         .source = u"demo"_s});
    if (auto inserted = MessageRepository(db).insert(messages); !inserted)
        return inserted.errorMessage();
    QList<PortMessage> portMessages;
    for (int i = 0; i < 12; ++i) {
        PortMessage message;
        message.portName = u"payments.requests"_s;
        message.sourceComponent = u"validator"_s;
        message.targetComponent = u"payment-gateway"_s;
        message.messageData = R"({"order": 7})";
        message.status = i % 3 == 0 ? u"pending"_s : u"dead_letter"_s;
        message.createdAt = now.addSecs(-90 * i);
        portMessages.append(message);
    }
    if (auto inserted = PortMessageRepository(db).insert(portMessages); !inserted)
        return inserted.errorMessage();
    return {};
}

const MetricSeries consumerLag{MetricSource::Check, u"consumer_lag"_s, QString()};
const MetricSeries gatewayLatency{MetricSource::Component, u"payment-gateway"_s, u"latency_ms"_s};
const MetricSeries validatorErrors{MetricSource::Component, u"validator"_s, u"error_rate"_s};

} // namespace

// The Metrics pane on a real SQLite database: series picked in the tree drawn with their gaps,
// two units on two axes, markers, zoom and Back, the aggregate.
class tst_MetricsPane : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void showsPickedSeries();
    void remembersWhatWasPicked();
    void aLongNoteLeavesTheSeriesTheirRoom();
    void alertsMarkTheTimeAxis();
    void focusChecksTheAlertsMetric();
    void opensOnTheDefaultDashboard();
    void defaultDashboardSaysWhatIsMissing();
    void savedDashboardSaysWhatIsMissing();
    void lastDashboardComesBack();
    void offersTheDataRangeWhenTheRangeIsEmpty();
    void sharesTheRangeTheOperatorChooses();
    void takesASharedRangeWhenShown();
};

// The first start (no settings): the default dashboard, made from the data: the ingest rate,
// the dead letters per minute, the consumer lag and the latency of the component with the most
// latency values in the last hour, each drawn.
void tst_MetricsPane::opensOnTheDefaultDashboard()
{
    MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const QString filled = fillDemo(database.db, QDateTime::currentDateTimeUtc());
    QVERIFY2(filled.isEmpty(), qPrintable(filled));

    PaneModels paneModels(*database.factory);
    MetricsPane pane(paneModels.metrics());
    // In the tree's order: Components, Checks, Porthole, Queues.
    const QList<MetricSeries> expected{gatewayLatency, validatorErrors, consumerLag,
                                       MetricsRepository::ingestRate(),
                                       MetricsRepository::deadLetterRate()};
    QTRY_COMPARE_WITH_TIMEOUT(pane.chartModel()->series(), expected, 20000);
    QCOMPARE(pane.seriesModel()->checkedSeries(), expected);
    QCOMPARE(pane.dashboardBar()->box()->currentText(), u"Default"_s);
    QVERIFY(pane.dashboardBar()->defaultShown());
    QCOMPARE(pane.chartModel()->from().secsTo(pane.chartModel()->to()), 3600);

    // Drawn: every line has points.
    QTRY_VERIFY_WITH_TIMEOUT(!pane.chartModel()->loading() && pane.chart()->lines().size() == 5,
                             20000);
    for (const ChartLine &line : pane.chart()->lines())
        QVERIFY2(!line.segments.isEmpty() && !line.segments.constFirst().isEmpty(),
                 qPrintable(line.label));
    QCOMPARE(pane.chart()->lines().at(0).label, u"payment-gateway / latency_ms"_s);
    // A chart a unit: the ingest rate and the dead letters are both per minute, but a few dead
    // letters beside hundreds of messages would lie flat, so they are apart too.
    QCOMPARE(
        pane.chart()->chartUnits(),
        (QList<QStringList>{{u"ms"_s}, {u"%"_s}, {u"s"_s}, {u"per minute"_s}, {u"per minute"_s}}));
    // Merged on request: one chart, every line.
    pane.setMerged(true);
    QCOMPARE(pane.chart()->charts().size(), 1);
    QCOMPARE(pane.chart()->charts().constFirst()->lines().size(), 5);
    pane.setMerged(false);
    QCOMPARE(pane.chart()->charts().size(), 5);
    QVERIFY2(!pane.note().contains(u"Not in this database"_s), qPrintable(pane.note()));

    // Picked by hand: no dashboard's set now, and nothing said missing.
    pane.seriesModel()->setChecked(consumerLag, false);
    QVERIFY(pane.dashboardBar()->inUse() == u"none"_s);
    // Picked again from the box: the default once more.
    QComboBox *box = pane.dashboardBar()->box();
    box->setCurrentIndex(box->findText(u"Default"_s));
    Q_EMIT box->activated(box->currentIndex());
    QTRY_COMPARE_WITH_TIMEOUT(pane.chartModel()->series(), expected, 20000);
}

// Data without what the default dashboard wants: what there is is drawn and the rest named,
// each with why, rather than an empty chart.
void tst_MetricsPane::defaultDashboardSaysWhatIsMissing()
{
    MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QString filled = fill(database.db, now); // the splitter's cpu, the orders port
    QVERIFY2(filled.isEmpty(), qPrintable(filled));
    {
        PaneModels paneModels(*database.factory);
        MetricsPane pane(paneModels.metrics());
        QTRY_COMPARE_WITH_TIMEOUT(pane.chartModel()->series(),
                                  QList<MetricSeries>{MetricsRepository::ingestRate()}, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(!pane.chartModel()->loading(), 20000);
        const QString note = pane.note();
        QVERIFY2(note.contains(u"Not in this database: the highest error rate (no component "
                               "reports error_rate), dead letters per minute (there are no dead "
                               "letters)"_s) &&
                     note.contains(u"the consumer lag (there are no sensor readings)"_s) &&
                     note.contains(u"latency (no component reports latency_ms)"_s) &&
                     note.contains(u"error rate (no component reports error_rate)"_s),
                 qPrintable(note));
        // Picked by hand: no dashboard's set, nothing said missing.
        pane.seriesModel()->setChecked(cpu, true);
        QCOMPARE(pane.dashboardBar()->inUse(), u"none"_s);
        QVERIFY2(!pane.note().contains(u"Not in this database"_s), qPrintable(pane.note()));
    }
    // A latency only long before the range shown.
    MetricsRepository repository(database.db);
    QVERIFY(repository
                .insertComponentMetrics(
                    {{u"splitter"_s, u"latency_ms"_s, 4, u"ms"_s, {}, now.addDays(-2)}})
                .ok());
    QSettings().clear();
    PaneModels paneModels(*database.factory);
    MetricsPane pane(paneModels.metrics());
    QTRY_VERIFY_WITH_TIMEOUT(
        pane.note().contains(u"latency (none reported latency in the range)"_s), 20000);
    QCOMPARE(pane.chartModel()->series(), QList<MetricSeries>{MetricsRepository::ingestRate()});
}

// A saved dashboard whose series this database lacks (made on another one): the ones there
// are shown, the others named.
void tst_MetricsPane::savedDashboardSaysWhatIsMissing()
{
    MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const QString filled = fill(database.db, QDateTime::currentDateTimeUtc());
    QVERIFY2(filled.isEmpty(), qPrintable(filled));
    PaneModels paneModels(*database.factory);
    MetricsPane pane(paneModels.metrics());
    QTRY_VERIFY_WITH_TIMEOUT(pane.seriesModel()->rowCount() == 3, 20000);
    const MetricSeries elsewhere{MetricSource::Component, u"billing"_s, u"latency_ms"_s};
    pane.applyDashboard({.name = u"Other"_s,
                         .series = {elsewhere, cpu},
                         .rangeSeconds = 86400,
                         .aggregate = MetricAggregate::Maximum,
                         .compareSeconds = 0,
                         .difference = false});
    QCOMPARE(pane.chartModel()->series(), QList<MetricSeries>{cpu});
    QCOMPARE(pane.aggregate(), MetricAggregate::Maximum);
    QCOMPARE(pane.chartModel()->from().secsTo(pane.chartModel()->to()), 86400);
    QVERIFY2(pane.note().contains(u"Not in this database: billing / latency_ms"_s),
             qPrintable(pane.note()));
    // None there at all: the chart itself says so.
    pane.applyDashboard({.name = u"Other"_s,
                         .series = {elsewhere},
                         .rangeSeconds = 3600,
                         .aggregate = MetricAggregate::Average,
                         .compareSeconds = 0,
                         .difference = false});
    QVERIFY(pane.chartModel()->series().isEmpty());
    QVERIFY2(pane.note().startsWith(
                 u"None of the dashboard's series is in this database: billing / latency_ms."_s),
             qPrintable(pane.note()));
}

// The dashboard in use when the pane closed is the one it opens on: a saved one with its
// series; the default made again from the data.
void tst_MetricsPane::lastDashboardComesBack()
{
    MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const QString filled = fillDemo(database.db, QDateTime::currentDateTimeUtc());
    QVERIFY2(filled.isEmpty(), qPrintable(filled));
    const MetricSeries validator{MetricSource::Component, u"validator"_s, u"latency_ms"_s};
    {
        PaneModels paneModels(*database.factory);
        MetricsPane pane(paneModels.metrics());
        QTRY_COMPARE_WITH_TIMEOUT(pane.chartModel()->series().size(), 5, 20000);
        pane.seriesModel()->setCheckedSeries({validator});
        pane.setAggregate(MetricAggregate::Minimum);
        QCOMPARE(pane.dashboardBar()->saveAs(u"Validator"_s, false),
                 MetricsDashboardBar::Saved::Saved);
        QCOMPARE(pane.dashboardBar()->box()->currentText(), u"Validator"_s);
        pane.seriesModel()->setCheckedSeries({gatewayLatency}); // after saving: unsaved
        QComboBox *box = pane.dashboardBar()->box();
        box->setCurrentIndex(box->findText(u"Validator"_s));
        Q_EMIT box->activated(box->currentIndex());
        QCOMPARE(pane.chartModel()->series(), QList<MetricSeries>{validator});
    }
    {
        PaneModels paneModels(*database.factory);
        MetricsPane pane(paneModels.metrics());
        QCOMPARE(pane.dashboardBar()->box()->currentText(), u"Validator"_s);
        QCOMPARE(pane.aggregate(), MetricAggregate::Minimum);
        QTRY_COMPARE_WITH_TIMEOUT(pane.chartModel()->series(), QList<MetricSeries>{validator},
                                  20000);
        QComboBox *box = pane.dashboardBar()->box();
        box->setCurrentIndex(box->findText(u"Default"_s));
        Q_EMIT box->activated(box->currentIndex());
        QTRY_COMPARE_WITH_TIMEOUT(pane.chartModel()->series().size(), 5, 20000);
    }
    PaneModels paneModels(*database.factory);
    MetricsPane pane(paneModels.metrics());
    QVERIFY(pane.dashboardBar()->defaultShown());
    QTRY_COMPARE_WITH_TIMEOUT(pane.chartModel()->series().size(), 5, 20000);
    QVERIFY(pane.chartModel()->series().contains(gatewayLatency));
}

// An alert that fired and resolved is drawn where it happened, in its state's colour; its
// pending step is history only.
void tst_MetricsPane::alertsMarkTheTimeAxis()
{
    MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QString filled = fill(database.db, now);
    QVERIFY2(filled.isEmpty(), qPrintable(filled));
    AlertHistory history(database.db);
    const auto event = [&](AlertState from, AlertState to, int minutesAgo) {
        return history
            .append({.ruleId = u"latency"_s,
                     .ruleName = u"A component is slow"_s,
                     .severity = AlertSeverity::Warning,
                     .subject = u"splitter"_s,
                     .from = from,
                     .to = to,
                     .value = 120.0,
                     .time = now.addSecs(-minutesAgo * 60),
                     .silenced = false,
                     .acknowledged = false})
            .ok();
    };
    QVERIFY(event(AlertState::Ok, AlertState::Pending, 25));
    QVERIFY(event(AlertState::Pending, AlertState::Firing, 20));
    QVERIFY(event(AlertState::Firing, AlertState::Resolved, 10));

    PaneModels paneModels(*database.factory);
    MetricsPane pane(paneModels.metrics());
    QTRY_VERIFY_WITH_TIMEOUT(pane.seriesModel()->rowCount() == 3, 20000);
    pane.seriesModel()->setChecked(cpu, true);
    QTRY_COMPARE_WITH_TIMEOUT(pane.chart()->markers().size(), 4, 20000);
    const QList<ChartMarker> markers = pane.chart()->markers();
    QCOMPARE(markers.at(0).text, u"\u25B2 A component is slow: splitter"_s);
    QCOMPARE(markers.at(0).color, AlertStatusModel::stateColor(AlertState::Firing));
    QCOMPARE(markers.at(0).at, now.addSecs(-20 * 60));
    QCOMPARE(markers.at(1).text, u"\u2713 A component is slow: splitter"_s);
    QCOMPARE(markers.at(1).color, AlertStatusModel::stateColor(AlertState::Resolved));
    // Then the actions, made now in the same moment, in either order.
    QStringList actions{markers.at(2).text, markers.at(3).text};
    actions.sort();
    QCOMPARE(actions, (QStringList{u"replay 12"_s, u"stream-dead-letter 4"_s}));
}

// A notification's click on a metric's alert: the pane checks that series.
void tst_MetricsPane::focusChecksTheAlertsMetric()
{
    MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const QString filled = fill(database.db, QDateTime::currentDateTimeUtc());
    QVERIFY2(filled.isEmpty(), qPrintable(filled));
    PaneModels paneModels(*database.factory);
    MetricsPane pane(paneModels.metrics());
    pane.focusOn({.component = u"splitter"_s, .metric = u"cpu"_s, .stream = {}, .group = {}});
    QTRY_COMPARE_WITH_TIMEOUT(pane.seriesModel()->checkedSeries(), QList<MetricSeries>{cpu}, 20000);
    pane.seriesModel()->setChecked(cpu, false);
    pane.focusOn({.component = u"splitter"_s, .metric = u"cpu"_s, .stream = {}, .group = {}});
    QCOMPARE(pane.seriesModel()->checkedSeries(), QList<MetricSeries>{cpu});
}

void tst_MetricsPane::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"PortholeTest"_s);
    QCoreApplication::setApplicationName(u"tst_metricspane"_s);
}

void tst_MetricsPane::init()
{
    QSettings().clear();
}

void tst_MetricsPane::remembersWhatWasPicked()
{
    MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const QString filled = fill(database.db, QDateTime::currentDateTimeUtc());
    QVERIFY2(filled.isEmpty(), qPrintable(filled));
    QSettings().setValue(u"metrics/dashboard"_s, u"none"_s); // not the first start
    {
        PaneModels paneModels(*database.factory);
        MetricsPane pane(paneModels.metrics());
        QTRY_VERIFY_WITH_TIMEOUT(pane.seriesModel()->rowCount() == 3, 20000);
        pane.seriesModel()->setChecked(sent, true);
        pane.setAggregate(MetricAggregate::Maximum);
        pane.showPreset(86400);
    }
    PaneModels paneModels(*database.factory);
    MetricsPane pane(paneModels.metrics());
    QCOMPARE(pane.aggregate(), MetricAggregate::Maximum);
    QCOMPARE(pane.chartModel()->from().secsTo(pane.chartModel()->to()), 86400);
    QTRY_COMPARE_WITH_TIMEOUT(pane.seriesModel()->checkedSeries(), QList<MetricSeries>{sent},
                              20000);
    QCOMPARE(pane.chartModel()->series(), QList<MetricSeries>{sent});
}

void tst_MetricsPane::showsPickedSeries()
{
    MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QString filled = fill(database.db, now);
    QVERIFY2(filled.isEmpty(), qPrintable(filled));

    // Not the first start: the series picked by hand last time, none.
    QSettings().setValue(u"metrics/dashboard"_s, u"none"_s);
    PaneModels paneModels(*database.factory);
    MetricsPane pane(paneModels.metrics());
    pane.resize(1200, 700);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    MetricSeriesModel *series = pane.seriesModel();
    QTRY_VERIFY_WITH_TIMEOUT(series->rowCount() == 3, 20000); // Components, Ports, Porthole
    QVERIFY(pane.chart()->lines().isEmpty());
    auto *resolution = pane.findChild<QLabel *>(u"metricsResolution"_s);
    QVERIFY(resolution);
    QCOMPARE(resolution->text(), u"Pick series on the left"_s);

    series->setChecked(cpu, true);
    series->setChecked(sent, true);
    MetricsChartModel *model = pane.chartModel();
    QCOMPARE(model->series(), (QList<MetricSeries>{cpu, sent}));
    QTRY_VERIFY_WITH_TIMEOUT(!model->loading() && pane.chart()->lines().size() == 2, 20000);
    const ChartLine &cpuLine = pane.chart()->lines().at(0);
    QCOMPARE(cpuLine.label, u"splitter / cpu"_s);
    QCOMPARE(cpuLine.segments.size(), 2); // the 5 minutes missing are a gap
    QCOMPARE(pane.chart()->lines().at(1).unit, u"messages"_s);
    QCOMPARE(resolution->text(), u"raw values"_s);
    QTRY_COMPARE_WITH_TIMEOUT(pane.chart()->markers().size(), 2, 20000);
    QStringList marked;
    for (const ChartMarker &marker : pane.chart()->markers())
        marked << marker.text;
    marked.sort(); // made in the same moment, in either order
    QCOMPARE(marked, (QStringList{u"replay 12"_s, u"stream-dead-letter 4"_s}));
    // The crosshair's readout names every line's value.
    const QString readout = pane.chart()->valuesAt(now.addSecs(-30 * 60 + 5));
    QVERIFY2(readout.contains(u"splitter / cpu: "_s) && readout.contains(u"orders / "_s),
             qPrintable(readout));
    QVERIFY2(pane.chart()->valuesAt(now.addSecs(-22 * 60)).contains(u"cpu: no value"_s),
             "in the gap");

    // A band dragged across the chart asks for that range; Back returns.
    auto *view = pane.chart()->findChild<QGraphicsView *>();
    QVERIFY(view);
    const QDateTime before = model->from();
    QSignalSpy requested(pane.chart(), &TimeChartStack::rangeRequested);
    const int y = view->viewport()->height() / 2;
    const int x0 = view->viewport()->width() / 3;
    QTest::mousePress(view->viewport(), Qt::LeftButton, {}, QPoint(x0, y));
    QTest::mouseMove(view->viewport(), QPoint(x0 + 100, y));
    QTest::mouseRelease(view->viewport(), Qt::LeftButton, {}, QPoint(x0 + 100, y));
    QCOMPARE(requested.size(), 1);
    auto *presets = pane.findChildren<QComboBox *>().constFirst();
    QCOMPARE(presets->currentData().toLongLong(), -1); // "Custom…" now
    QVERIFY(model->from() > before);
    QVERIFY(model->from().secsTo(model->to()) < 3600);
    auto *back = pane.findChild<QPushButton *>();
    QVERIFY(model->canGoBack());
    QTRY_VERIFY_WITH_TIMEOUT(!model->loading(), 20000);
    QVERIFY(model->back());
    QCOMPARE(model->from(), before);
    Q_UNUSED(back);

    // A narrow window: more values than pixels, so buckets, shown as their maximum.
    pane.resize(420, 700);
    QTRY_VERIFY_WITH_TIMEOUT(!model->loading() && model->bucketSeconds() > 0, 20000);
    pane.setAggregate(MetricAggregate::Maximum);
    QTRY_VERIFY_WITH_TIMEOUT(resolution->text().startsWith(u"buckets of"_s), 20000);
    QVERIFY2(resolution->text().endsWith(u"maximum"_s), qPrintable(resolution->text()));
    pane.resize(1200, 700);
    QTRY_VERIFY_WITH_TIMEOUT(!model->loading() && model->bucketSeconds() == 0, 20000);

    // Repaints are coalesced: many changes at once wait for one redraw, and the timer that
    // runs it is the one a second change finds already started.
    pane.chart()->flush();
    const int repaints = pane.chart()->repaints();
    for (int i = 0; i < 50; ++i)
        pane.chart()->setNote(u"note %1"_s.arg(i));
    QCOMPARE(pane.chart()->repaints(), repaints); // none yet
    pane.chart()->flush();
    QCOMPARE(pane.chart()->repaints(), repaints + 1);
    pane.chart()->flush(); // nothing left waiting
    QCOMPARE(pane.chart()->repaints(), repaints + 1);

    // The legend hides a line: the crosshair leaves it out; shown again, it is back.
    pane.chart()->setLineVisible(u"splitter / cpu"_s, false);
    QVERIFY(!pane.chart()->valuesAt(now.addSecs(-60)).contains(u"splitter / cpu"_s));
    pane.chart()->setLineVisible(u"splitter / cpu"_s, true);
    QVERIFY(pane.chart()->valuesAt(now.addSecs(-60)).contains(u"splitter / cpu"_s));

    // Export: the chart at the size asked for, the series as CSV, a line a point.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString error;
    QVERIFY2(pane.exportPng(dir.filePath(u"chart.png"_s), QSize(1000, 600), &error),
             qPrintable(error));
    const QImage image(dir.filePath(u"chart.png"_s));
    QCOMPARE(image.size(), QSize(1000, 600));
    QVERIFY2(pane.exportCsv(dir.filePath(u"series.csv"_s), &error), qPrintable(error));
    QFile csv(dir.filePath(u"series.csv"_s));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    qsizetype points = 0;
    for (const SeriesData &data : model->data())
        points += data.points.size();
    QCOMPARE(csv.readAll().count('\n'), points + 1);
    QVERIFY(!pane.exportCsv(dir.filePath(u"no/such/folder/series.csv"_s), &error));
    QVERIFY(error.contains(u"series.csv"_s));

    const QString shots = qEnvironmentVariable("PORTHOLE_SCREENSHOT_DIR");
    if (!shots.isEmpty()) {
        // Zoomed in on the last 35 minutes, the replay marked at the end.
        model->setRange(now.addSecs(-35 * 60), now.addSecs(60));
        QTRY_VERIFY_WITH_TIMEOUT(!model->loading(), 20000);
        pane.seriesView()->expandAll();
        pane.chart()->flush();
        QCoreApplication::processEvents(); // the chart's scene lays itself out on a turn
        QVERIFY(pane.grab().save(QDir(shots).filePath(u"metrics.png"_s)));
    }
}

void tst_MetricsPane::aLongNoteLeavesTheSeriesTheirRoom()
{
    MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    // The room the pane has in the window at its default size, 1100 x 680.
    PaneModels paneModels(*database.factory);
    MetricsPane pane(paneModels.metrics());
    pane.resize(926, 639);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    auto *note = pane.findChild<QLabel *>(u"metricsResolution"_s);
    QVERIFY(note);
    const auto *tree = pane.findChild<QTreeView *>();
    QVERIFY(tree);
    QTRY_VERIFY(!note->text().isEmpty());
    const int treeWidth = tree->width();
    QVERIFY2(treeWidth >= 200, qPrintable(QString::number(treeWidth)));

    // As long as the reason a database gives, or a sentence in a longer language: the note
    // takes more lines, not the series' width, and the pane keeps its size.
    note->setText(u"Could not read the series: the database server closed the connection "
                  "unexpectedly; this probably means the server terminated abnormally before "
                  "or while processing the request"_s);
    QCoreApplication::sendPostedEvents(); // the layout's request
    QCoreApplication::processEvents();
    QCOMPARE(tree->width(), treeWidth);
    QCOMPARE(pane.width(), 926);
    QVERIFY2(note->geometry().right() < pane.width(),
             qPrintable(QString::number(note->geometry().right())));
}

// The range the operator chooses (a zoom, a preset, live follow turned on) goes to the other
// panes that show one; live follow moving it on does not, nor the hour around a moment that a
// link from another pane asks for.
void tst_MetricsPane::sharesTheRangeTheOperatorChooses()
{
    MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    QSettings().setValue(u"metrics/dashboard"_s, u"none"_s);
    PaneModels paneModels(*database.factory);
    MetricsPane pane(paneModels.metrics());
    pane.resize(1200, 700);
    pane.show();
    MetricsChartModel *model = pane.chartModel();
    model->setFollowInterval(3600 * 1000); // steps are taken by hand below
    QSignalSpy chosen(&pane, &Pane::rangeChosen);
    QSignalSpy moved(model, &MetricsChartModel::rangeChanged);

    // A zoom on the chart: its range, from and to.
    const QDateTime from = model->from().addSecs(600);
    const QDateTime to = model->from().addSecs(1200);
    Q_EMIT pane.chart()->rangeRequested(from, to);
    QCOMPARE(chosen.count(), 1);
    QCOMPARE(chosen.at(0).at(0).value<SharedRange>(),
             (SharedRange{.from = from, .to = to, .lastSeconds = 0}));

    // A preset: the last so many seconds.
    auto *presets = pane.findChildren<QComboBox *>().constFirst();
    const int day = presets->findData(86400);
    presets->setCurrentIndex(day);
    Q_EMIT presets->activated(day);
    QCOMPARE(chosen.count(), 2);
    auto range = chosen.at(1).at(0).value<SharedRange>();
    QCOMPARE(range.lastSeconds, 86400);
    QCOMPARE(range.from, model->from());
    QCOMPARE(range.to, model->to());

    // Reset after a zoom: the preset's range again, not the box's "Custom…".
    Q_EMIT pane.chart()->rangeRequested(model->from().addSecs(600), model->from().addSecs(1200));
    QCOMPARE(presets->currentData().toLongLong(), -1);
    auto *reset = [&pane] {
        for (QPushButton *button : pane.findChildren<QPushButton *>())
            if (button->text() == u"Reset"_s)
                return button;
        return static_cast<QPushButton *>(nullptr);
    }();
    QVERIFY(reset);
    reset->click();
    QCOMPARE(model->from().secsTo(model->to()), 86400);
    QCOMPARE(presets->currentData().toLongLong(), 86400);
    QCOMPARE(chosen.count(), 4); // the zoom and the reset
    chosen.removeLast();
    chosen.removeLast();

    // Live follow turned on is chosen; its steps are not.
    model->setFollow(true);
    QCOMPARE(chosen.count(), 3);
    QCOMPARE(chosen.at(2).at(0).value<SharedRange>().lastSeconds, 86400);
    QTRY_VERIFY_WITH_TIMEOUT(!model->loading(), 20000);
    const qsizetype movesBefore = moved.count();
    model->followStep();
    QCOMPARE(moved.count(), movesBefore + 1);
    QCOMPARE(chosen.count(), 3);

    // The hour around a moment another pane links to.
    PaneFocus focus;
    focus.at = QDateTime::currentDateTimeUtc().addDays(-1);
    pane.focusOn(focus);
    QCOMPARE(model->from(), focus.at.addSecs(-1800));
    QCOMPARE(chosen.count(), 3);
}

// A range another pane shares waits while the pane is hidden and is shown as it is shown: a
// fixed range as a custom one, a range back from now as the preset of its length (or a
// custom one), and none of them is sent back.
void tst_MetricsPane::takesASharedRangeWhenShown()
{
    MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    QSettings().setValue(u"metrics/dashboard"_s, u"none"_s);
    PaneModels paneModels(*database.factory);
    MetricsPane pane(paneModels.metrics());
    MetricsChartModel *model = pane.chartModel();
    QSignalSpy chosen(&pane, &Pane::rangeChosen);
    QSignalSpy moved(model, &MetricsChartModel::rangeChanged);
    auto *presets = pane.findChildren<QComboBox *>().constFirst();

    const QDateTime from = QDateTime::currentDateTimeUtc().addDays(-2);
    const QDateTime to = from.addSecs(1800);
    pane.shareRange({.from = from.addSecs(-60), .to = to, .lastSeconds = 0}, u"Timeline"_s);
    pane.shareRange({.from = from, .to = to, .lastSeconds = 0}, u"Timeline"_s);
    QCOMPARE(moved.count(), 0); // hidden: nothing yet
    pane.show();
    QCOMPARE(moved.count(), 1); // the last range, once
    QCOMPARE(model->from(), from);
    QCOMPARE(model->to(), to);
    QCOMPARE(presets->currentData().toLongLong(), -1); // "Custom…"

    pane.shareRange({.from = from, .to = to, .lastSeconds = 3600}, u"Timeline"_s);
    QCOMPARE(presets->currentData().toLongLong(), 3600);
    QCOMPARE(model->from().secsTo(model->to()), 3600);
    pane.shareRange({.from = from, .to = to, .lastSeconds = 6 * 3600}, u"Timeline"_s);
    QCOMPARE(presets->currentData().toLongLong(), -1); // no preset of six hours
    QCOMPARE(model->from().secsTo(model->to()), 6 * 3600);
    QCOMPARE(chosen.count(), 0);
}

QTEST_MAIN(tst_MetricsPane)
// Series whose values all lie days before the range shown: the note says so and offers the
// data's own range, which its link shows.
void tst_MetricsPane::offersTheDataRangeWhenTheRangeIsEmpty()
{
    MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const QDateTime then = QDateTime::currentDateTimeUtc().addDays(-3);
    QList<ComponentMetric> metrics;
    for (int i = 0; i < 20; ++i)
        metrics.append({u"splitter"_s, u"cpu"_s, 40.0 + i, u"%"_s, {}, then.addSecs(60 * i)});
    QVERIFY(MetricsRepository(database.db).insertComponentMetrics(metrics).ok());

    PaneModels paneModels(*database.factory);
    MetricsPane pane(paneModels.metrics());
    pane.resize(1280, 800);
    pane.show();
    QTRY_VERIFY_WITH_TIMEOUT(pane.seriesModel()->rowCount() > 0, 20000);
    pane.seriesModel()->setChecked({MetricSource::Component, u"splitter"_s, u"cpu"_s}, true);
    QTRY_VERIFY_WITH_TIMEOUT(pane.note().contains(u"No value in this range."_s), 20000);
    QCOMPARE(
        pane.findChild<QLabel *>(u"metricsResolution"_s)->text(),
        u"buckets of 1 min, average. No value in this range. <a href=\"all\">Show the data's own range</a>"_s);
    QVERIFY2(pane.note().endsWith(u"Show the data's own range"_s), qPrintable(pane.note()));

    auto *note = pane.findChild<QLabel *>(u"metricsResolution"_s);
    QVERIFY(note);
    Q_EMIT note->linkActivated(u"all"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!pane.chartModel()->loading() &&
                                 !pane.chartModel()->data().isEmpty() &&
                                 pane.chartModel()->data().constFirst().points.size() == 20,
                             20000);
    QVERIFY(pane.chartModel()->from() <= then);
    QVERIFY2(!pane.note().contains(u"No value"_s), qPrintable(pane.note()));
}

#include "tst_metricspane.moc"
