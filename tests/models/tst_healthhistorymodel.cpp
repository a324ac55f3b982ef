#include "changenotifier.h"
#include "healthhistorymodel.h"
#include "pagedtestsupport.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace std::chrono_literals;
using M = HealthHistoryModel;

namespace {

using Tester = QAbstractItemModelTester;
constexpr auto fatal = QAbstractItemModelTester::FailureReportingMode::Fatal;

const QDateTime base(QDate(2026, 11, 20), QTime(8, 0), QTimeZone::utc());

HealthRecord beat(const QString &component, const QString &status, int second)
{
    HealthRecord record;
    record.componentName = component;
    record.status = status;
    record.lastHeartbeat = base.addSecs(second);
    return record;
}

// Heartbeats of `component` at these seconds after `base`, with these statuses.
QString recordBeats(const QSqlDatabase &db, const QString &component,
                    const QList<std::pair<int, QString>> &beats)
{
    HealthRepository repository(db);
    for (const auto &[second, status] : beats) {
        auto id = repository.record({component, status, {}, base.addSecs(second)});
        if (!id)
            return id.errorMessage();
    }
    return {};
}

PagedTableModel::Options smallPages(int pageSize)
{
    PagedTableModel::Options options;
    options.pageSize = pageSize;
    options.refreshIntervalMs = 3600000; // the tests refresh when they mean to
    return options;
}

bool waitUntilLive(const ChangeNotifier &notifier)
{
    QSignalSpy state(&notifier, &ChangeNotifier::stateChanged);
    QElapsedTimer waited;
    waited.start();
    while (!notifier.isLive() && waited.elapsed() < 10000)
        state.wait(500);
    return notifier.isLive();
}

} // namespace

// The Health history pane's model over system_health, and the bands of its timeline.
class tst_HealthHistoryModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void bandsAndGaps();
    void listsNewestFirst_data() { test::addEngineRows(); }
    void listsNewestFirst();
    void followsNewHeartbeats_data() { test::addEngineRows(); }
    void followsNewHeartbeats();
};

void tst_HealthHistoryModel::bandsAndGaps()
{
    // b's beats out of order; a silent for 100 s between 20 and 120.
    const QList<HealthRecord> records{
        beat(u"b"_s, u"healthy"_s, 30),  beat(u"a"_s, u"healthy"_s, 0),
        beat(u"a"_s, u"degraded"_s, 10), beat(u"a"_s, u"degraded"_s, 20),
        beat(u"b"_s, u"unknown"_s, 0),   beat(u"a"_s, u"unhealthy"_s, 120),
    };
    const QList<HealthBand> bands = healthBands(records, 60s);
    const QList<HealthBand> expected{
        {u"a"_s, u"healthy"_s, base, base.addSecs(10), false},
        {u"a"_s, u"degraded"_s, base.addSecs(10), base.addSecs(20), false},
        {u"a"_s, u"degraded"_s, base.addSecs(20), base.addSecs(20), false},
        {u"a"_s, QString(), base.addSecs(20), base.addSecs(120), true},
        {u"a"_s, u"unhealthy"_s, base.addSecs(120), base.addSecs(120), false},
        {u"b"_s, u"unknown"_s, base, base.addSecs(30), false},
        {u"b"_s, u"healthy"_s, base.addSecs(30), base.addSecs(30), false},
    };
    QCOMPARE(bands, expected);
    // A gap is a silence longer than the threshold, not as long.
    QCOMPARE(healthBands(records, 100s).count(expected.at(3)), 0);
    QCOMPARE(healthBands(records, 99s).count(expected.at(3)), 1);
    QVERIFY(healthBands({}, 60s).isEmpty());
}

void tst_HealthHistoryModel::listsNewestFirst()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QCOMPARE(recordBeats(database.db, u"sensor"_s,
                         {{0, u"healthy"_s}, {10, u"degraded"_s}, {200, u"unhealthy"_s}}),
             QString());
    QCOMPARE(recordBeats(database.db, u"gateway"_s, {{5, u"healthy"_s}}), QString());
    M model(*database.factory, smallPages(2));
    Tester tester(&model, fatal);
    PORTHOLE_LOAD_ALL(model);
    QCOMPARE(model.state(), PagedTableModel::State::Ready);
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.columnCount(), int(M::ColumnCount));
    QCOMPARE(model.totalCount(), (RowCount{4, RowCount::Precision::Exact}));
    QCOMPARE(model.index(0, M::StatusColumn).data().toString(), u"unhealthy"_s);
    QCOMPARE(model.index(0, M::HeartbeatColumn).data(Qt::ToolTipRole).toString(),
             u"UTC: 2026-11-20 08:03:20.000"_s);
    QCOMPARE(model.index(2, M::ComponentColumn).data().toString(), u"gateway"_s);
    QCOMPARE(model.headerData(M::StatusColumn, Qt::Horizontal).toString(), u"Status"_s);
    QCOMPARE(model.loadedRecords().size(), 4);
    // The timeline of what was read: sensor has a gap from 10 to 200 s.
    const QList<HealthBand> bands = healthBands(model.loadedRecords(), 60s);
    QCOMPARE(std::count_if(bands.cbegin(), bands.cend(), [](const HealthBand &b) { return b.gap; }),
             1);

    model.setFilter({u"sensor"_s, u"degraded"_s});
    PORTHOLE_LOAD_ALL(model);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.exportSource()->count(database.db, 100)->value, 1);
    model.setFilter({u"sensor"_s, {}});
    model.sort(M::HeartbeatColumn, Qt::AscendingOrder);
    PORTHOLE_LOAD_ALL(model);
    QCOMPARE(model.index(0, M::StatusColumn).data().toString(), u"healthy"_s);
    QCOMPARE(model.rowCount(), 3);
}

void tst_HealthHistoryModel::followsNewHeartbeats()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QCOMPARE(recordBeats(database.db, u"sensor"_s, {{0, u"healthy"_s}}), QString());
    ChangeNotifier changes(*database.factory);
    QVERIFY(waitUntilLive(changes));
    M model(*database.factory, smallPages(2));
    Tester tester(&model, fatal);
    PORTHOLE_LOAD_ALL(model);
    QCOMPARE(model.rowCount(), 1);
    model.watchChanges(&changes);
    model.setLiveFollow(true);
    QCOMPARE(recordBeats(database.db, u"sensor"_s, {{30, u"degraded"_s}}), QString());
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 2, 10000);
    QCOMPARE(model.index(0, M::StatusColumn).data().toString(), u"degraded"_s);
}

QTEST_GUILESS_MAIN(tst_HealthHistoryModel)
#include "tst_healthhistorymodel.moc"
