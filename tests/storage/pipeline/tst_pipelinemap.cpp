#include "checkpointrepository.h"
#include "flowwriter.h"
#include "healthrepository.h"
#include "metricsrepository.h"
#include "pipelinemap.h"
#include "portmessagerepository.h"
#include "repositorytestsupport.h"
#include "sinkstoragerepository.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace std::chrono_literals;

// The pipeline map's graph read from a real database, both engines: its components and ports
// with their figures, a queue that grows turning amber then red, and the counts' cap.
class tst_PipelineMap : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsComponentsPortsAndFigures_data() { test::addEngineRows(); }
    void readsComponentsPortsAndFigures();
    void readsCheckpointsCountersAndSinks_data() { test::addEngineRows(); }
    void readsCheckpointsCountersAndSinks();
    void aGrowingQueueTurnsAmberThenRed_data() { test::addEngineRows(); }
    void aGrowingQueueTurnsAmberThenRed();
    void queueStateByThresholds();
    void aDatabaseWithoutTheTablesIsEmpty();
};

namespace {

const QDateTime now(QDate(2026, 11, 20), QTime(12, 0), Qt::UTC);

PortMessage hop(const QString &port, const QString &from, const QString &to, const QString &status,
                qint64 secsAgo)
{
    return test::hopMessage(port, from, to, status, now.addSecs(-secsAgo));
}

QList<PortMessage> many(int n, const PortMessage &like)
{
    return QList<PortMessage>(n, like);
}

} // namespace

void tst_PipelineMap::readsComponentsPortsAndFigures()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QList<PortMessage> rows;
    // orders, a -> b: flowing; 5 created in the last minute, 3 of them waiting, 1 taken.
    rows << hop(u"orders"_s, u"a"_s, u"b"_s, u"completed"_s, 120)
         << hop(u"orders"_s, u"a"_s, u"b"_s, u"completed"_s, 50)
         << hop(u"orders"_s, u"a"_s, u"b"_s, u"processing"_s, 40)
         << many(3, hop(u"orders"_s, u"a"_s, u"b"_s, u"pending"_s, 10));
    // payments, b -> c: 150 waiting, the oldest 30 s: backed up by its count; 2 failed in the
    // last hour, one before it.
    rows << many(150, hop(u"payments"_s, u"b"_s, u"c"_s, u"pending"_s, 30))
         << many(2, hop(u"payments"_s, u"b"_s, u"c"_s, u"failed"_s, 1800))
         << hop(u"payments"_s, u"b"_s, u"c"_s, u"failed"_s, 7200);
    // notify, c -> d: 2 waiting, the oldest for 10 min: stuck by its wait; a dead letter.
    rows << hop(u"notify"_s, u"c"_s, u"d"_s, u"pending"_s, 600)
         << hop(u"notify"_s, u"c"_s, u"d"_s, u"pending"_s, 5)
         << hop(u"notify"_s, u"c"_s, u"d"_s, u"dead_letter"_s, 300);
    // audit: two components send on it to e.
    rows << hop(u"audit"_s, u"a"_s, u"e"_s, u"completed"_s, 300)
         << hop(u"audit"_s, u"b"_s, u"e"_s, u"completed"_s, 200);
    QVERIFY(PortMessageRepository(database.db).insert(rows).ok());
    HealthRepository health(database.db);
    QVERIFY(health.record({u"a"_s, u"healthy"_s, {}, now.addSecs(-10)}).ok());
    QVERIFY(health.record({u"b"_s, u"degraded"_s, {}, now.addSecs(-3600)}).ok());
    QVERIFY(health.record({u"f"_s, u"healthy"_s, {}, now.addSecs(-5)}).ok()); // on no port

    const auto map = readPipelineMap(database.db, now, 120s);
    QVERIFY2(map.ok(), qPrintable(map.errorMessage()));
    QCOMPARE(map->readAt, now);
    QVERIFY(map->missingTables.isEmpty());
    QStringList components;
    for (const MapComponent &c : map->components)
        components << c.name;
    QCOMPARE(components, (QStringList{u"a"_s, u"b"_s, u"c"_s, u"d"_s, u"e"_s, u"f"_s}));
    QCOMPARE(map->component(u"a"_s)->heartbeat->status, u"healthy"_s);
    QVERIFY(!map->component(u"a"_s)->heartbeat->stale);
    QVERIFY(map->component(u"b"_s)->heartbeat->stale);
    QVERIFY(!map->component(u"c"_s)->heartbeat.has_value());
    QVERIFY(map->component(u"f"_s)->heartbeat.has_value());

    QStringList ports;
    for (const MapPort &p : map->ports)
        ports << p.name;
    QCOMPARE(ports, (QStringList{u"audit"_s, u"notify"_s, u"orders"_s, u"payments"_s}));

    const MapPort *orders = map->port(u"orders"_s);
    QCOMPARE(orders->source, u"a"_s);
    QCOMPARE(orders->target, u"b"_s);
    QVERIFY(orders->senders.isEmpty());
    QCOMPARE(orders->lastMinute, RowCount{5});
    QCOMPARE(orders->pending, RowCount{3});
    QCOMPARE(orders->processing, RowCount{1});
    QCOMPARE(orders->oldestPending, now.addSecs(-10));
    QCOMPARE(orders->state, QueueState::Flowing);
    QCOMPARE(orders->failedLastHour, RowCount{0});

    const MapPort *payments = map->port(u"payments"_s);
    QCOMPARE(payments->pending, RowCount{150});
    QCOMPARE(payments->state, QueueState::BackedUp);
    QCOMPARE(payments->failedLastHour, RowCount{2});
    QCOMPARE(payments->lastMinute, RowCount{150});

    const MapPort *notify = map->port(u"notify"_s);
    QCOMPARE(notify->pending, RowCount{2});
    QCOMPARE(notify->oldestPending, now.addSecs(-600));
    QCOMPARE(notify->state, QueueState::Stuck);
    QCOMPARE(notify->deadLastHour, RowCount{1});

    const MapPort *audit = map->port(u"audit"_s);
    QCOMPARE(audit->source, u"b"_s); // of its newest message
    QCOMPARE(audit->target, u"e"_s);
    QCOMPARE(audit->senders, (QStringList{u"a"_s, u"b"_s}));
    QCOMPARE(audit->state, QueueState::Empty);

    // Counted up to a cap, said to be at least that beyond it.
    const auto capped = readPipelineMap(database.db, now, 120s, {}, 100);
    QVERIFY2(capped.ok(), qPrintable(capped.errorMessage()));
    QCOMPARE(capped->port(u"payments"_s)->pending, (RowCount{100, RowCount::Precision::AtLeast}));
    QCOMPARE(capped->port(u"payments"_s)->state, QueueState::BackedUp);
    QCOMPARE(capped->port(u"orders"_s)->pending, RowCount{3});
}

// Each component's newest checkpoint; each port's rate from its messages_sent counter where
// port_metrics has it a minute apart, else from its messages' created times; the sinks.
void tst_PipelineMap::readsCheckpointsCountersAndSinks()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QList<PortMessage> rows;
    for (const QString &port : {u"orders"_s, u"payments"_s, u"mail"_s, u"audit"_s, u"quiet"_s})
        rows << many(6, hop(port, u"a"_s, u"b"_s, u"completed"_s, 30)); // 6 a minute: 0.1/s
    QVERIFY(PortMessageRepository(database.db).insert(rows).ok());
    const auto counter = [](const QString &port, qint64 sent, qint64 secsAgo) {
        PortMetric metric;
        metric.portName = port;
        metric.messagesSent = sent;
        metric.timestamp = now.addSecs(-secsAgo);
        return metric;
    };
    QVERIFY(
        MetricsRepository(database.db)
            .insertPortMetrics({// orders: 600 more over the 60 s from 70 s ago: 10/s.
                                counter(u"orders"_s, 100, 130), counter(u"orders"_s, 1000, 70),
                                counter(u"orders"_s, 1300, 40), counter(u"orders"_s, 1600, 10),
                                // payments: restarted from 0, 120 since: 2/s.
                                counter(u"payments"_s, 5000, 65), counter(u"payments"_s, 120, 5),
                                // mail: nothing a minute before its newest: by its messages.
                                counter(u"mail"_s, 10, 20), counter(u"mail"_s, 20, 10),
                                // audit: its newest is two minutes old: by its messages.
                                counter(u"audit"_s, 10, 200), counter(u"audit"_s, 20, 120),
                                // written after the map's time: not counted.
                                counter(u"orders"_s, 99999, -30)})
            .ok());
    CheckpointRepository checkpoints(database.db);
    QVERIFY(checkpoints.save(u"a.offsets"_s, u"a"_s, "{}").ok());
    const auto newest = checkpoints.save(u"a.offsets"_s, u"a"_s, "{\"v\": 2}");
    QVERIFY(newest.ok());
    const auto b = checkpoints.save(u"b.state"_s, u"b"_s, "{}");
    QVERIFY(b.ok());
    QVERIFY(checkpoints.save(u"z.state"_s, u"z"_s, "{}").ok()); // no port: not on the map
    SinkStorageRepository sinks(database.db);
    for (const QString &sink : {u"warehouse"_s, u"b"_s, u"warehouse"_s, u"mailer"_s}) {
        SinkStorageRow row;
        row.sinkName = sink;
        row.data = "{}";
        QVERIFY(sinks.store(row).ok());
    }

    const auto map = readPipelineMap(database.db, now, 120s);
    QVERIFY2(map.ok(), qPrintable(map.errorMessage()));
    QCOMPARE(map->component(u"a"_s)->lastCheckpoint, newest->createdAt);
    QCOMPARE(map->component(u"b"_s)->lastCheckpoint, b->createdAt);
    QVERIFY(!map->component(u"z"_s));
    QCOMPARE(map->port(u"orders"_s)->reportedPerSecond, 10.0);
    QVERIFY(map->port(u"orders"_s)->rateReported());
    QCOMPARE(map->port(u"orders"_s)->perSecond(), 10.0);
    QCOMPARE(map->port(u"payments"_s)->reportedPerSecond, 2.0);
    for (const QString &port : {u"mail"_s, u"audit"_s, u"quiet"_s}) {
        QVERIFY2(!map->port(port)->rateReported(), qPrintable(port));
        QCOMPARE(map->port(port)->perSecond(), 0.1);
    }
    QCOMPARE(map->sinks, (QStringList{u"b"_s, u"mailer"_s, u"warehouse"_s}));
}

void tst_PipelineMap::aGrowingQueueTurnsAmberThenRed()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    PortMessageRepository repository(database.db);
    const QueueThresholds thresholds; // 100 and 1000 waiting; 60 s and 300 s
    const auto stateNow = [&]() -> QueueState {
        const auto map = readPipelineMap(database.db, now, 120s, thresholds);
        return map && map->port(u"orders"_s) ? map->port(u"orders"_s)->state : QueueState::Empty;
    };
    QVERIFY(repository.insert({hop(u"orders"_s, u"a"_s, u"b"_s, u"completed"_s, 5)}).ok());
    QCOMPARE(stateNow(), QueueState::Empty);
    QVERIFY(repository.insert(many(99, hop(u"orders"_s, u"a"_s, u"b"_s, u"pending"_s, 5))).ok());
    QCOMPARE(stateNow(), QueueState::Flowing);
    QVERIFY(repository.insert({hop(u"orders"_s, u"a"_s, u"b"_s, u"pending"_s, 4)}).ok());
    QCOMPARE(stateNow(), QueueState::BackedUp); // 100 waiting
    QVERIFY(repository.insert(many(900, hop(u"orders"_s, u"a"_s, u"b"_s, u"pending"_s, 3))).ok());
    QCOMPARE(stateNow(), QueueState::Stuck); // 1000 waiting
}

void tst_PipelineMap::queueStateByThresholds()
{
    const QueueThresholds t;
    const auto at = [](qint64 secsAgo) {
        return now.addSecs(-secsAgo);
    };
    QCOMPARE(queueState(RowCount{0}, {}, now, t), QueueState::Empty);
    QCOMPARE(queueState(RowCount{1}, at(59), now, t), QueueState::Flowing);
    QCOMPARE(queueState(RowCount{1}, at(60), now, t), QueueState::BackedUp);
    QCOMPARE(queueState(RowCount{99}, at(1), now, t), QueueState::Flowing);
    QCOMPARE(queueState(RowCount{100}, at(1), now, t), QueueState::BackedUp);
    QCOMPARE(queueState(RowCount{1}, at(300), now, t), QueueState::Stuck);
    QCOMPARE(queueState(RowCount{1000, RowCount::Precision::AtLeast}, at(1), now, t),
             QueueState::Stuck);
}

void tst_PipelineMap::aDatabaseWithoutTheTablesIsEmpty()
{
    PORTHOLE_SCRATCH_DATABASE(scratch, test::ScratchDatabase::Engine::SQLite);
    const ConnectionFactory factory(scratch->url());
    auto db = factory.open(u"map"_s);
    QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
    const auto map = readPipelineMap(*db, now, 120s);
    QVERIFY2(map.ok(), qPrintable(map.errorMessage()));
    QVERIFY(map->components.isEmpty());
    QVERIFY(map->ports.isEmpty());
    QCOMPARE(map->missingTables, (QStringList{u"port_messages"_s, u"system_health"_s}));
}

QTEST_GUILESS_MAIN(tst_PipelineMap)
#include "tst_pipelinemap.moc"
