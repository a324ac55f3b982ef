#include "../models/pagedtestsupport.h"
#include "../storage/sensoreventtestsupport.h"
#include "panemodels.h"
#include "sensoreventmodels.h"
#include "sensoreventspane.h"

#include <QCheckBox>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;
using Engine = porthole::test::ScratchDatabase::Engine;

namespace {

PagedTableModel::Options paneOptions()
{
    PagedTableModel::Options options;
    options.pageSize = 4;
    options.refreshIntervalMs = 3600000; // the tests refresh when they mean to
    return options;
}

// sensor-a: events a1..a3, a3 without a metric; metric a9 without an event. sensor-b: b1 whole.
QString fill(const QSqlDatabase &db)
{
    for (const auto &[event, sensor, at] :
         {std::tuple{u"a1"_s, u"sensor-a"_s, u"2026-11-20 10:00:01"_s},
          std::tuple{u"a2"_s, u"sensor-a"_s, u"2026-11-20 10:00:02"_s},
          std::tuple{u"a3"_s, u"sensor-a"_s, u"2026-11-20 10:00:03"_s},
          std::tuple{u"b1"_s, u"sensor-b"_s, u"2026-11-20 10:00:04"_s}})
        if (QString failed = test::recordEvent(db, event, sensor, at); !failed.isEmpty())
            return failed;
    for (const auto &[event, sensor] :
         {std::pair{u"a1"_s, u"sensor-a"_s}, std::pair{u"a2"_s, u"sensor-a"_s},
          std::pair{u"a9"_s, u"sensor-a"_s}, std::pair{u"b1"_s, u"sensor-b"_s}})
        if (QString failed = test::recordMetric(db, event, sensor, u"2026-11-20 09:00:00"_s, 1);
            !failed.isEmpty())
            return failed;
    return {};
}

QStringList shown(const QTableView *view, int column)
{
    QStringList values;
    for (int row = 0; row < view->model()->rowCount(); ++row)
        values << view->model()->index(row, column).data().toString();
    return values;
}

} // namespace

// The Sensor events pane on seed 003's tables in a SQLite file, as a pipeline made them.
class tst_SensorEventsPane : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init() { QSettings().clear(); }
    void showsASensorSideBySide();
    void filtersAndExports();
    void saysWhyItCannotRead();
};

void tst_SensorEventsPane::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"PortholeTest"_s);
    QCoreApplication::setApplicationName(u"tst_sensoreventspane"_s);
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void tst_SensorEventsPane::showsASensorSideBySide()
{
    test::SeedSensorDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    QCOMPARE(fill(database.db), QString());

    PaneModels paneModels(*database.factory, paneOptions());
    SensorEventsPane pane(paneModels.sensors(), paneModels.events(), paneModels.sensorMetrics());
    QCOMPARE(pane.paneId(), u"sensorevents"_s);
    QCOMPARE(pane.title(), u"Sensor events"_s);
    pane.resize(1400, 600);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    PORTHOLE_LOAD_ALL(*pane.sensorModel());
    PORTHOLE_LOAD_ALL(*pane.eventModel());
    PORTHOLE_LOAD_ALL(*pane.metricModel());
    QCOMPARE(pane.sensorHeading(), u"Every sensor"_s);
    QVERIFY(!pane.allSensorsButton()->isEnabled());
    QCOMPARE(shown(pane.sensorView(), SensorListModel::SensorColumn),
             (QStringList{u"sensor-a"_s, u"sensor-b"_s}));
    QTRY_COMPARE(pane.eventCountText(), u"4 rows"_s);
    QTRY_COMPARE(pane.metricCountText(), u"4 rows"_s);

    // Choosing a sensor narrows both tables to it.
    pane.sensorView()->selectionModel()->setCurrentIndex(pane.sensorView()->model()->index(0, 0),
                                                         QItemSelectionModel::ClearAndSelect |
                                                             QItemSelectionModel::Rows);
    QCOMPARE(pane.sensorHeading(), u"Sensor sensor-a"_s);
    QVERIFY(pane.allSensorsButton()->isEnabled());
    PORTHOLE_LOAD_ALL(*pane.eventModel());
    PORTHOLE_LOAD_ALL(*pane.metricModel());
    QCOMPARE(shown(pane.eventView(), ProcessedEventModel::EventIdColumn),
             (QStringList{u"a1"_s, u"a2"_s, u"a3"_s}));
    QCOMPARE(shown(pane.eventView(), ProcessedEventModel::FindingColumn),
             (QStringList{QString(), QString(), u"No metric"_s}));
    QCOMPARE(shown(pane.metricView(), SensorMetricModel::EventIdColumn),
             (QStringList{u"a1"_s, u"a2"_s, u"a9"_s}));
    QCOMPARE(shown(pane.metricView(), SensorMetricModel::FindingColumn),
             (QStringList{QString(), QString(), u"No processed event"_s}));
    QTRY_COMPARE(pane.eventCountText(), u"3 rows"_s);
    QVERIFY(pane.metricView()->isColumnHidden(SensorMetricModel::SensorColumn));

    // Ctrl+J on an event or a metric: the journey of its event id.
    QSignalSpy open(&pane, &Pane::openRequested);
    pane.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&pane));
    pane.eventView()->setCurrentIndex(pane.eventView()->model()->index(1, 0));
    pane.eventView()->setFocus();
    QTest::keyClick(pane.eventView(), Qt::Key_J, Qt::ControlModifier);
    pane.metricView()->setCurrentIndex(pane.metricView()->model()->index(2, 0));
    pane.metricView()->setFocus();
    QTest::keyClick(pane.metricView(), Qt::Key_J, Qt::ControlModifier);
    QCOMPARE(open.size(), 2);
    QCOMPARE(open.at(0).at(0).toString(), u"journey"_s);
    QCOMPARE(open.at(0).at(1).value<PaneFocus>().search, u"a2"_s);
    QCOMPARE(open.at(1).at(1).value<PaneFocus>().search, u"a9"_s);

    // Nothing here edits a row.
    for (const QTableView *view : {pane.sensorView(), pane.eventView(), pane.metricView()})
        QCOMPARE(view->editTriggers(), QAbstractItemView::NoEditTriggers);

    pane.allSensorsButton()->click();
    QCOMPARE(pane.sensorHeading(), u"Every sensor"_s);
    QCOMPARE(pane.eventModel()->filter().sensorId, QString());
    QVERIFY(!pane.metricView()->isColumnHidden(SensorMetricModel::SensorColumn));
}

void tst_SensorEventsPane::filtersAndExports()
{
    test::SeedSensorDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    QCOMPARE(fill(database.db), QString());
    PaneModels paneModels(*database.factory, paneOptions());
    SensorEventsPane pane(paneModels.sensors(), paneModels.events(), paneModels.sensorMetrics());
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));

    pane.findingsBox()->setChecked(true);
    PORTHOLE_LOAD_ALL(*pane.eventModel());
    PORTHOLE_LOAD_ALL(*pane.metricModel());
    QCOMPARE(shown(pane.eventView(), ProcessedEventModel::EventIdColumn), QStringList{u"a3"_s});
    QCOMPARE(shown(pane.metricView(), SensorMetricModel::EventIdColumn), QStringList{u"a9"_s});

    pane.findingsBox()->setChecked(false);
    QTest::keyClicks(pane.eventIdField(), u"B"_s);
    QTest::keyClick(pane.eventIdField(), Qt::Key_Return);
    QCOMPARE(pane.filterFromBar().eventIdContains, u"B"_s);
    PORTHOLE_LOAD_ALL(*pane.eventModel());
    QCOMPARE(shown(pane.eventView(), ProcessedEventModel::EventIdColumn), QStringList{u"b1"_s});

    // A journey's step: its event, with findings or not, the sensor's as every other's.
    pane.findingsBox()->setChecked(true);
    PaneFocus focus;
    focus.search = u"a2"_s;
    pane.focusOn(focus);
    QVERIFY(!pane.findingsBox()->isChecked());
    QCOMPARE(pane.filterFromBar().eventIdContains, u"a2"_s);
    PORTHOLE_LOAD_ALL(*pane.eventModel());
    QCOMPARE(shown(pane.eventView(), ProcessedEventModel::EventIdColumn), QStringList{u"a2"_s});
    pane.eventIdField()->setText(u"B"_s);
    pane.applyFilter();
    PORTHOLE_LOAD_ALL(*pane.eventModel());

    // Export writes the listing whose table had the focus last, with the filter shown.
    QSignalSpy asked(&pane, &Pane::exportRequested);
    QCOMPARE(pane.exportedListing(), SensorEventsPane::Listing::Metrics);
    QCOMPARE(pane.exportSource()->table(), u"metrics"_s);
    pane.eventView()->setFocus();
    QTRY_COMPARE(pane.exportedListing(), SensorEventsPane::Listing::Events);
    QCOMPARE(pane.exportSource()->table(), u"processed_events"_s);
    QVERIFY(pane.exportDescription().startsWith(u"the processed events shown"_s));
    pane.findChild<QPushButton *>(u"exportButton"_s)->click();
    QCOMPARE(asked.size(), 1);
    QCOMPARE(pane.exportSource()->count(database.db, 100)->value, 1);
}

void tst_SensorEventsPane::saysWhyItCannotRead()
{
    // A database without the consumer's tables.
    PORTHOLE_SCRATCH_DATABASE(scratch, Engine::SQLite);
    PaneModels paneModels(ConnectionFactory(scratch->url()), paneOptions());
    SensorEventsPane pane(paneModels.sensors(), paneModels.events(), paneModels.sensorMetrics());
    pane.show();
    QTRY_VERIFY(pane.metricCountText().startsWith(u"Cannot read"_s));
    QVERIFY2(pane.metricCountText().contains(u"metrics"_s), qPrintable(pane.metricCountText()));
}

QTEST_MAIN(tst_SensorEventsPane)
#include "tst_sensoreventspane.moc"
