#include "../models/pagedtestsupport.h"
#include "healthhistorymodel.h"
#include "healthhistorypane.h"
#include "healthtimeline.h"
#include "healthtimelineloader.h"
#include "panemodels.h"

#include <QComboBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace porthole;
using porthole::test::MigratedDatabase;

namespace {

PagedTableModel::Options paneOptions()
{
    PagedTableModel::Options options;
    options.pageSize = 3;
    options.refreshIntervalMs = 3600000;
    return options;
}

const QDateTime base(QDate(2026, 11, 20), QTime(8, 0), QTimeZone::utc());

// sensor: healthy at 0 and 30 s, degraded at 60 s, silent until unhealthy at 400 s; gateway
// healthy at 10 s.
QString recordBeats(const QSqlDatabase &db)
{
    HealthRepository repository(db);
    const QList<std::tuple<QString, QString, int>> beats{
        {u"sensor"_s, u"healthy"_s, 0},   {u"sensor"_s, u"healthy"_s, 30},
        {u"sensor"_s, u"degraded"_s, 60}, {u"sensor"_s, u"unhealthy"_s, 400},
        {u"gateway"_s, u"healthy"_s, 10},
    };
    for (const auto &[component, status, second] : beats) {
        auto id = repository.record({component, status, {}, base.addSecs(second)});
        if (!id)
            return id.errorMessage();
    }
    return {};
}

} // namespace

// The Health history pane on real databases: the rows, the timeline with its gaps, the latest
// status, the filters.
class tst_HealthHistoryPane : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init() { QSettings().clear(); }
    void showsTimelineAndLatest_data() { test::addEngineRows(); }
    void showsTimelineAndLatest();
    void saysWhenEmpty();
    void timelineSpansTheLastHour();
};

void tst_HealthHistoryPane::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"PortholeTest"_s);
    QCoreApplication::setApplicationName(u"tst_healthhistorypane"_s);
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void tst_HealthHistoryPane::showsTimelineAndLatest()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QCOMPARE(recordBeats(database.db), QString());
    PaneModels paneModels(*database.factory, paneOptions());
    HealthHistoryPane pane(paneModels.healthHistory());
    QCOMPARE(pane.paneId(), u"healthhistory"_s);
    QCOMPARE(pane.title(), u"Health history"_s);
    pane.resize(1200, 700);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    PORTHOLE_LOAD_ALL(*pane.model());
    QTRY_COMPARE(pane.countText(), u"5 rows"_s);
    QTRY_COMPARE(pane.timeline()->components(), (QStringList{u"gateway"_s, u"sensor"_s}));
    QCOMPARE(pane.timeline()->gapCount(), 1); // 60 to 400 s, over the 60 s default
    QVERIFY(pane.componentField()->findText(u"sensor"_s) >= 0);
    QVERIFY(pane.latestText().startsWith(u"Pick a component"_s));

    // A tighter threshold marks more silences; the setting is kept.
    pane.setGapSeconds(20);
    QCOMPARE(pane.timeline()->gapCount(), 3); // the 30 s silences as well

    // One component: its latest status beside the filter.
    pane.showComponent(u"sensor"_s);
    PORTHOLE_LOAD_ALL(*pane.model());
    QTRY_COMPARE(pane.countText(), u"4 rows"_s);
    QTRY_VERIFY(pane.latestText().startsWith(u"sensor is unhealthy: last heartbeat "_s));
    QCOMPARE(pane.timeline()->components(), QStringList{u"sensor"_s});
    QCOMPARE(pane.exportSource()->count(database.db, 100)->value, 4);
    QSignalSpy exportAsked(&pane, &Pane::exportRequested);
    pane.exportButton()->click();
    QCOMPARE(exportAsked.size(), 1);

    // A status filter leaves too little to draw bands from.
    pane.statusField()->setCurrentIndex(pane.statusField()->findData(u"healthy"_s));
    PORTHOLE_LOAD_ALL(*pane.model());
    QTRY_COMPARE(pane.countText(), u"2 rows"_s);
    QVERIFY(pane.timeline()->bands().isEmpty());
    QVERIFY(pane.timeline()->message().contains(u"clear the status filter"_s));
    QVERIFY(pane.timeline()->grab().width() > 0); // paints the sentence

    pane.statusField()->setCurrentIndex(0);
    PORTHOLE_LOAD_ALL(*pane.model());
    QTRY_COMPARE(pane.timeline()->bands().isEmpty(), false);
    QVERIFY(!pane.timeline()->grab().isNull()); // paints the bands

    QVERIFY(pane.model()->liveFollow());
    pane.hide();
    QVERIFY(!pane.model()->liveFollow());

    // A heartbeat that came while the pane was hidden is there as soon as it is shown again,
    // not at the next poll (an hour here).
    QVERIFY(HealthRepository(database.db)
                .record({u"sensor"_s, u"healthy"_s, {}, base.addSecs(500)})
                .ok());
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QTRY_COMPARE(pane.countText(), u"5 rows"_s);
}

void tst_HealthHistoryPane::saysWhenEmpty()
{
    MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    PaneModels paneModels(*database.factory, paneOptions());
    HealthHistoryPane pane(paneModels.healthHistory());
    PORTHOLE_LOAD_ALL(*pane.model());
    QTRY_COMPARE(pane.stateText(), u"No component has sent a heartbeat yet."_s);
    QCOMPARE(pane.timeline()->message(), u"No heartbeat to draw."_s);
}

// The timeline opens on the last hour, whatever page of rows the listing has read; on data
// that stopped longer ago, on the last hour it holds.
void tst_HealthHistoryPane::timelineSpansTheLastHour()
{
    MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    HealthRepository repository(database.db);
    QVERIFY(database.db.transaction());
    for (int i = 0; i < 720; ++i) // every 10 s for two hours
        QVERIFY(repository.record({u"beater"_s, u"healthy"_s, {}, now.addSecs(-5 - 10 * i)}).ok());
    QVERIFY(database.db.commit());

    PaneModels paneModels(*database.factory, paneOptions());
    HealthHistoryPane pane(paneModels.healthHistory());
    HealthTimelineLoader loader(*database.factory);
    QSignalSpy loaded(&loader, &HealthTimelineLoader::loaded);
    pane.setTimelineLoader(&loader);
    QVERIFY(loaded.wait(20000));
    const HealthTimeline *timeline = pane.timeline();
    QCOMPARE(timeline->from().secsTo(timeline->to()), 3600);
    QVERIFY2(std::abs(timeline->to().secsTo(QDateTime::currentDateTimeUtc())) < 60,
             qPrintable(timeline->to().toString(Qt::ISODate)));
    // The hour's 360 heartbeats make one band a heartbeat, whatever the listing has read.
    QCOMPARE(timeline->bands().size(), 360);

    // Heartbeats that stopped a day ago: the last hour of them.
    MigratedDatabase old(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(old.ok(), qPrintable(old.error));
    QCOMPARE(recordBeats(old.db), QString());
    PaneModels oldModels(*old.factory, paneOptions());
    HealthHistoryPane oldPane(oldModels.healthHistory());
    HealthTimelineLoader oldLoader(*old.factory);
    QSignalSpy oldLoaded(&oldLoader, &HealthTimelineLoader::loaded);
    oldPane.setTimelineLoader(&oldLoader);
    QVERIFY(oldLoaded.wait(20000));
    QCOMPARE(oldPane.timeline()->to(), base.addSecs(400));
    QCOMPARE(oldPane.timeline()->from(), base.addSecs(400 - 3600));
    QCOMPARE(oldPane.timeline()->components(), (QStringList{u"gateway"_s, u"sensor"_s}));
}

QTEST_MAIN(tst_HealthHistoryPane)
#include "tst_healthhistorypane.moc"
