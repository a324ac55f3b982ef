#include "../storage/sensoreventtestsupport.h"
#include "changenotifier.h"
#include "pagedtestsupport.h"
#include "sensoreventmodels.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QFont>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;
using Engine = porthole::test::ScratchDatabase::Engine;

namespace {

using Tester = QAbstractItemModelTester;
constexpr auto fatal = QAbstractItemModelTester::FailureReportingMode::Fatal;

QString at(const QSqlDatabase &db, const QString &text)
{
    return engineOf(db) == SqlEngine::PostgreSQL ? text + u"+00"_s : text;
}

// Sensor s-N (N < sensors) gets events ev-N-K for K < perSensor, processed a second apart,
// each with a metric, except that every seventh event has none and the fifth reading of each
// sensor is stamped before the fourth.
QString fill(const QSqlDatabase &db, int sensors, int perSensor, int firstK = 0)
{
    for (int n = 0; n < sensors; ++n) {
        for (int k = firstK; k < firstK + perSensor; ++k) {
            const QString event = u"ev-%1-%2"_s.arg(n).arg(k, 3, 10, QChar(u'0'));
            const QString sensor = u"s-%1"_s.arg(n);
            const QDateTime base(QDate(2026, 11, 20), QTime(8, 0), QTimeZone::utc());
            const QString processed = base.addSecs(k * 60 + n).toString(u"yyyy-MM-dd HH:mm:ss"_s);
            if (QString failed = test::recordEvent(db, event, sensor, at(db, processed), n, k);
                !failed.isEmpty())
                return failed;
            if (k % 7 == 6)
                continue;
            const int second = k == 4 ? 2 : k; // the fifth before the fourth
            const QString stamp = base.addSecs(second).toString(u"yyyy-MM-dd HH:mm:ss"_s);
            if (QString failed = test::recordMetric(db, event, sensor, at(db, stamp), k * 1.5);
                !failed.isEmpty())
                return failed;
        }
    }
    return {};
}

PagedTableModel::Options smallPages(int pageSize)
{
    PagedTableModel::Options options;
    options.pageSize = pageSize;
    options.cachePages = 4;
    options.refreshIntervalMs = 3600000; // the tests refresh when they mean to
    return options;
}

QStringList column(const QAbstractItemModel &model, int column)
{
    QStringList values;
    for (int row = 0; row < model.rowCount(); ++row)
        values << model.index(row, column).data().toString();
    return values;
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

// The Sensor events pane's three models over seed 003's tables, on SQLite and PostgreSQL.
class tst_SensorEventModels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sensorsWithCounts_data() { test::addEngineRows(); }
    void sensorsWithCounts();
    void sensorCountsAboveTheCap_data() { test::addEngineRows(); }
    void sensorCountsAboveTheCap();
    void findingsShown_data() { test::addEngineRows(); }
    void findingsShown();
    void pagesThroughManyRows_data() { test::addEngineRows(); }
    void pagesThroughManyRows();
    void followsTheEnginesNotifications_data() { test::addEngineRows(); }
    void followsTheEnginesNotifications();
};

void tst_SensorEventModels::sensorsWithCounts()
{
    QFETCH(Engine, engine);
    test::SeedSensorDatabase database(engine);
    QVERIFY2(database.ok(), qPrintable(database.error));
    QCOMPARE(fill(database.db, 3, 10), QString());

    SensorListModel model(*database.factory, smallPages(2));
    Tester tester(&model, fatal);
    PORTHOLE_LOAD_ALL(model);
    QCOMPARE(model.state(), PagedTableModel::State::Ready);
    QCOMPARE(model.columnCount(), int(SensorListModel::ColumnCount));
    QCOMPARE(column(model, SensorListModel::SensorColumn),
             (QStringList{u"s-0"_s, u"s-1"_s, u"s-2"_s}));
    QCOMPARE(column(model, SensorListModel::EventsColumn),
             (QStringList{u"10"_s, u"10"_s, u"10"_s}));
    // Every seventh event has no metric: k = 6 of 0..9.
    QCOMPARE(column(model, SensorListModel::MetricsColumn), (QStringList{u"9"_s, u"9"_s, u"9"_s}));
    QCOMPARE(model.index(1, 0).data(SensorListModel::SensorIdRole).toString(), u"s-1"_s);
    QVERIFY(!model.index(1, SensorListModel::EventsColumn).data(Qt::ToolTipRole).isNull());
    QCOMPARE(model.totalCount().value, 3);
    QCOMPARE(model.headerData(SensorListModel::EventsColumn, Qt::Horizontal).toString(),
             u"Events"_s);
}

void tst_SensorEventModels::sensorCountsAboveTheCap()
{
    QFETCH(Engine, engine);
    test::SeedSensorDatabase database(engine);
    QVERIFY2(database.ok(), qPrintable(database.error));
    QCOMPARE(fill(database.db, 1, 3), QString());
    // Sensor s-big: one event more than the list counts, and two metrics.
    QSqlQuery insert(database.db);
    QVERIFY2(insert.exec(u"INSERT INTO processed_events (event_id, sensor_id, processed_at) "
                         "WITH RECURSIVE seq(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM seq "
                         "WHERE n < %1) SELECT 'big-' || n, 's-big', '%2' FROM seq"_s
                             .arg(SensorSummary::countCap)
                             .arg(at(database.db, u"2026-11-20 08:00:00"_s))),
             qPrintable(insert.lastError().text()));
    for (const QString &event : {u"big-0"_s, u"big-1"_s})
        QCOMPARE(test::recordMetric(database.db, event, u"s-big"_s,
                                    at(database.db, u"2026-11-20 08:00:00"_s), 1),
                 QString());

    SensorListModel model(*database.factory, smallPages(10));
    Tester tester(&model, fatal);
    PORTHOLE_LOAD_ALL(model);
    QCOMPARE(model.state(), PagedTableModel::State::Ready);
    QCOMPARE(column(model, SensorListModel::SensorColumn), (QStringList{u"s-0"_s, u"s-big"_s}));
    const QString capped = SensorListModel::countText(SensorSummary::countCap, true);
    QCOMPARE(capped, QLocale().toString(SensorSummary::countCap) + u'+');
    QCOMPARE(column(model, SensorListModel::EventsColumn), (QStringList{u"3"_s, capped}));
    QCOMPARE(column(model, SensorListModel::MetricsColumn), (QStringList{u"3"_s, u"2"_s}));
    // Above the cap and below it: known to differ, in bold, and the tip says the count stopped.
    const QModelIndex big = model.index(1, SensorListModel::EventsColumn);
    QVERIFY(big.data(Qt::FontRole).value<QFont>().bold());
    QVERIFY2(big.data(Qt::ToolTipRole).toString().contains(u"counted up to"_s),
             qPrintable(big.data(Qt::ToolTipRole).toString()));
    // The sensor's own count, once chosen, is exact.
    ProcessedEventModel events(*database.factory, smallPages(10));
    SensorEventFilter filter;
    filter.sensorId = u"s-big"_s;
    events.setFilter(filter);
    PORTHOLE_SETTLE(events);
    QCOMPARE(events.totalCount().value, SensorSummary::countCap + 1);
    QCOMPARE(events.totalCount().precision, RowCount::Precision::Exact);
}

void tst_SensorEventModels::findingsShown()
{
    QFETCH(Engine, engine);
    test::SeedSensorDatabase database(engine);
    QVERIFY2(database.ok(), qPrintable(database.error));
    QCOMPARE(fill(database.db, 2, 8), QString());

    ProcessedEventModel events(*database.factory, smallPages(3));
    SensorMetricModel metrics(*database.factory, smallPages(3));
    Tester eventTester(&events, fatal);
    Tester metricTester(&metrics, fatal);
    SensorEventFilter filter;
    filter.sensorId = u"s-1"_s;
    events.setFilter(filter);
    metrics.setFilter(filter);
    PORTHOLE_LOAD_ALL(events);
    PORTHOLE_LOAD_ALL(metrics);
    QCOMPARE(events.rowCount(), 8);
    QCOMPARE(metrics.rowCount(), 7);
    QCOMPARE(events.index(6, ProcessedEventModel::EventIdColumn).data().toString(), u"ev-1-006"_s);
    QCOMPARE(events.index(6, ProcessedEventModel::FindingColumn).data().toString(), u"No metric"_s);
    QVERIFY(events.index(6, 0).data(ProcessedEventModel::HasFindingRole).toBool());
    QVERIFY(events.index(5, ProcessedEventModel::FindingColumn).data().toString().isEmpty());
    QCOMPARE(events.index(0, ProcessedEventModel::PartitionColumn).data().toString(), u"1"_s);

    // In stored order: k = 4 (the fifth) is stamped before k = 3.
    QCOMPARE(metrics.index(4, SensorMetricModel::EventIdColumn).data().toString(), u"ev-1-004"_s);
    QCOMPARE(metrics.index(4, SensorMetricModel::FindingColumn).data().toString(),
             u"Timestamp before the previous one"_s);
    QVERIFY(metrics.index(4, 0).data(SensorMetricModel::HasFindingRole).toBool());
    QVERIFY(!metrics.index(3, 0).data(SensorMetricModel::HasFindingRole).toBool());
    const auto row =
        metrics.index(4, 0).data(SensorMetricModel::MetricRole).value<SensorMetricRow>();
    QCOMPARE(row.value, 6.0);

    // Only the findings.
    filter.findingsOnly = true;
    events.setFilter(filter);
    metrics.setFilter(filter);
    PORTHOLE_LOAD_ALL(events);
    PORTHOLE_LOAD_ALL(metrics);
    QCOMPARE(column(events, ProcessedEventModel::EventIdColumn), QStringList{u"ev-1-006"_s});
    QCOMPARE(column(metrics, SensorMetricModel::EventIdColumn), QStringList{u"ev-1-004"_s});
    QCOMPARE(metrics.totalCount().value, 1);

    // A metric without its event.
    QVERIFY(test::recordMetric(database.db, u"orphan"_s, u"s-1"_s,
                               at(database.db, u"2026-11-20 09:00:00"_s), 1)
                .isEmpty());
    metrics.refresh();
    QTRY_COMPARE(metrics.rowCount(), 2);
    PORTHOLE_SETTLE(metrics);
    QCOMPARE(metrics.index(1, SensorMetricModel::FindingColumn).data().toString(),
             u"No processed event"_s);
    QCOMPARE(SensorMetricModel::findingText([] {
                 SensorMetricRow r;
                 r.copies = 2;
                 r.goesBackwards = true;
                 return r;
             }()),
             u"No processed event; Event id stored 2 times; Timestamp before the previous one"_s);
}

void tst_SensorEventModels::pagesThroughManyRows()
{
    QFETCH(Engine, engine);
    test::SeedSensorDatabase database(engine);
    QVERIFY2(database.ok(), qPrintable(database.error));
    {
        SqlTransaction transaction(database.db);
        QVERIFY(transaction.begin().ok());
        QCOMPARE(fill(database.db, 1, 300), QString());
        QVERIFY(transaction.commit().ok());
    }
    // Few pages kept: the model reads pages again as the test scrolls.
    SensorMetricModel metrics(*database.factory, smallPages(25));
    Tester tester(&metrics, fatal);
    PORTHOLE_LOAD_ALL(metrics);
    QCOMPARE(metrics.rowCount(), 300 - 300 / 7);
    qint64 previous = 0;
    for (int row = 0; row < metrics.rowCount(); ++row) {
        metrics.index(row, 0).data();
        PORTHOLE_SETTLE(metrics);
        const qint64 id = metrics.index(row, SensorMetricModel::IdColumn).data().toLongLong();
        QVERIFY2(id > previous,
                 qPrintable(u"row %1: id %2 after %3"_s.arg(row).arg(id).arg(previous)));
        previous = id;
    }
    QVERIFY(metrics.cachedPages() <= 4);

    ProcessedEventModel events(*database.factory, smallPages(25));
    Tester eventTester(&events, fatal);
    PORTHOLE_SETTLE(events);
    QSignalSpy jumped(&events, &PagedTableModel::jumped);
    events.jumpToEnd();
    QVERIFY(jumped.wait());
    PORTHOLE_SETTLE(events);
    QCOMPARE(
        events.index(events.rowCount() - 1, ProcessedEventModel::EventIdColumn).data().toString(),
        u"ev-0-299"_s);
    while (events.canFetchEarlier()) {
        events.fetchEarlier();
        PORTHOLE_SETTLE(events);
    }
    QCOMPARE(events.rowCount(), 300);
    QCOMPARE(events.index(0, ProcessedEventModel::EventIdColumn).data().toString(), u"ev-0-000"_s);
}

void tst_SensorEventModels::followsTheEnginesNotifications()
{
    // Porthole's own schema: on PostgreSQL migration 15's trigger on metrics notifies; on
    // SQLite the notifier sees data_version change. Nothing is announced by hand.
    PORTHOLE_MIGRATED_DATABASE(database);
    QCOMPARE(fill(database.db, 2, 3), QString());
    ChangeNotifier notifier(*database.factory);
    QVERIFY(waitUntilLive(notifier));

    SensorListModel sensors(*database.factory, smallPages(50));
    SensorMetricModel metrics(*database.factory, smallPages(50));
    Tester sensorTester(&sensors, fatal);
    Tester metricTester(&metrics, fatal);
    for (PagedTableModel *model :
         {static_cast<PagedTableModel *>(&sensors), static_cast<PagedTableModel *>(&metrics)}) {
        model->watchChanges(&notifier);
        model->setLiveFollow(true);
    }
    SensorEventFilter filter;
    filter.sensorId = u"s-1"_s;
    metrics.setFilter(filter);
    QTRY_COMPARE(sensors.rowCount(), 2);
    QTRY_COMPARE(metrics.rowCount(), 3);
    PORTHOLE_SETTLE(metrics);
    const quint64 before = metrics.refreshCount();

    // A new sensor and two more readings of s-1, as the consumer writes them.
    QCOMPARE(fill(database.db, 3, 2, 10), QString());
    QTRY_COMPARE(sensors.rowCount(), 3);
    QTRY_COMPARE(metrics.rowCount(), 5);
    QVERIFY(metrics.refreshCount() > before);
    QCOMPARE(metrics.newRows(), 2);
    QCOMPARE(metrics.index(4, SensorMetricModel::EventIdColumn).data().toString(), u"ev-1-011"_s);
}

QTEST_MAIN(tst_SensorEventModels)
#include "tst_sensoreventmodels.moc"
