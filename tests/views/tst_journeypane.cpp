#include "fileingestsink.h"
#include "flowwriter.h"
#include "journeylanes.h"
#include "journeymodel.h"
#include "journeypane.h"
#include "journeyreceipts.h"
#include "migrateddatabase.h"
#include "redisclient.h"
#include "sqlingestsink.h"
#include "testservers.h"
#include "versiondetail.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {

// An order's four hops, the last a dead letter.
QStringList writeFlow(const QSqlDatabase &db, const QString &trace, const QDateTime &start)
{
    const QList<test::FlowHop> hops{
        {u"order-source"_s, u"validator"_s, u"orders.in"_s, u"completed"_s, 0, 0},
        {u"validator"_s, u"splitter"_s, u"orders.validated"_s, u"completed"_s, 0, 200},
        {u"splitter"_s, u"payment-gateway"_s, u"payments.requests"_s, u"completed"_s, 0, 400},
        {u"payment-gateway"_s, u"notifier"_s, u"notifications.email"_s, u"dead_letter"_s, 3, 600}};
    auto ids = test::writeFlow(db, hops, trace, start);
    return ids ? *ids : QStringList{ids.errorMessage()};
}

} // namespace

// The Journey pane on a real database: a message followed by its id, the lanes, the steps, the
// record of the step that needs attention, and its way back to Queues.
class tst_JourneyPane : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init() { QSettings().clear(); }
    void followsAMessage_data() { test::addEngineRows(); }
    void followsAMessage();
    void saysWhatToDoWhenNothingIsFound();
    void showsWhereEachHopCameFrom();
    void opensEachStepOnItsRow();
    void readsTheEntriesFromRedis();
};

void tst_JourneyPane::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"PortholeTest"_s);
    QCoreApplication::setApplicationName(u"tst_journeypane"_s);
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void tst_JourneyPane::followsAMessage()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QDateTime start = QDateTime::currentDateTimeUtc().addSecs(-30);
    QVERIFY(writeFlow(database.db, u"trace-other"_s, start).size() == 4);
    const QStringList ids = writeFlow(database.db, u"trace-9"_s, start.addMSecs(50));
    QCOMPARE(ids.size(), 4);

    auto *model = new JourneyModel(*database.factory);
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    JourneyPane pane(model);
    model->setParent(&pane);
    QCOMPARE(pane.paneId(), u"journey"_s);
    pane.resize(1400, 800);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QVERIFY(pane.stateText().startsWith(u"Type a message's id"_s));
    QVERIFY(!pane.stepsView()->isVisible()); // nothing to list yet

    // Asked for by a hop in the middle, as Queues' Ctrl+J does.
    QSignalSpy loaded(model, &JourneyModel::loaded);
    PaneFocus focus;
    focus.search = ids.at(1);
    pane.focusOn(focus);
    QVERIFY(loaded.wait(10000));
    QCOMPARE(pane.findChild<QLineEdit *>(u"messageId"_s)->text(), ids.at(1));
    QCOMPARE(pane.stateText(), u"%1: 4 hops across 5 components, found by id; 1 step needs "
                               "attention."_s.arg(ids.at(1)));
    QCOMPARE(pane.lanes()->lanes(), (QStringList{u"order-source"_s, u"validator"_s, u"splitter"_s,
                                                 u"payment-gateway"_s, u"notifier"_s}));
    QVERIFY(pane.stepsView()->isVisible());
    QCOMPARE(model->rowCount(), 4);
    for (int row = 0; row < 4; ++row)
        QCOMPARE(model->index(row, 0).data(JourneyModel::MessageIdRole).toString(), ids.at(row));
    // Created 200 ms after its cause, which was done 50 ms after it was created.
    QCOMPARE(model->index(1, JourneyModel::AfterColumn).data().toString(), u"150 ms"_s);
    QCOMPARE(model->index(3, JourneyModel::StatusColumn).data().toString(),
             u"dead_letter, 3 retries"_s);
    QCOMPARE(model->index(3, JourneyModel::TroubleColumn).data().toString(),
             u"Dead end: Timeout after 5000 ms calling payment-gateway"_s);

    // The step that needs attention is the one shown, with its record.
    QCOMPARE(pane.stepsView()->currentIndex().row(), 3);
    QCOMPARE(pane.lanes()->current(), ids.at(3));

    // A click on a hop's arrow picks its step.
    const QRect second = pane.lanes()->hopRect(1);
    QTest::mouseClick(pane.lanes(), Qt::LeftButton, {}, second.center());
    QCOMPARE(pane.stepsView()->currentIndex().row(), 1);

    // Its way back: the step's message in Queues.
    QSignalSpy open(&pane, &Pane::openRequested);
    const QPoint cell = pane.stepsView()->visualRect(model->index(1, 1)).center();
    QTest::mouseClick(pane.stepsView()->viewport(), Qt::LeftButton, {}, cell);
    QTest::mouseDClick(pane.stepsView()->viewport(), Qt::LeftButton, {}, cell);
    QCOMPARE(open.size(), 1);
    QCOMPARE(open.at(0).at(0).toString(), u"queues"_s);
    QCOMPARE(open.at(0).at(1).value<PaneFocus>().search, ids.at(1));
}

void tst_JourneyPane::saysWhatToDoWhenNothingIsFound()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.error.isEmpty(), qPrintable(database.error));
    auto *model = new JourneyModel(*database.factory);
    JourneyPane pane(model);
    model->setParent(&pane);
    pane.show();
    QSignalSpy loaded(model, &JourneyModel::loaded);
    pane.follow(u"no-such-trace"_s);
    QVERIFY(loaded.wait(10000));
    QVERIFY2(pane.stateText().startsWith(u"No port message is no-such-trace or holds it in its "
                                         "metadata"_s),
             qPrintable(pane.stateText()));
    QVERIFY(!pane.stepsView()->isVisible());
}

// A hop the ingest worker stored from a Redis stream, asked for by its delivery key; and a key
// nothing is stored under.
void tst_JourneyPane::showsWhereEachHopCameFrom()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.error.isEmpty(), qPrintable(database.error));
    SqlIngestSink sink(database.db);
    const QByteArray hop = R"({"port_name":"orders.in","source_component":"api",)"
                           R"("target_component":"billing","message_data":{"order":7},)"
                           R"("message_metadata":{"trace_id":"trace-in"}})";
    const QString key = u"stream:orders:1764385200000-0"_s;
    const auto stored = sink.write({Delivery{.key = key,
                                             .source = u"orders"_s,
                                             .payload = hop,
                                             .receivedAt = QDateTime::currentDateTimeUtc()}});
    QVERIFY2(stored.ok() && stored->stored == 1, qPrintable(stored.errorMessage()));

    auto *model = new JourneyModel(*database.factory);
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    JourneyPane pane(model);
    model->setParent(&pane);
    pane.resize(1400, 800);
    pane.show();
    QSignalSpy loaded(model, &JourneyModel::loaded);
    pane.follow(key);
    QVERIFY(loaded.wait(10000));
    QVERIFY2(pane.stateText().startsWith(key + u": 1 hop across 2 components, found by delivery "
                                               "key; nothing wrong"_s),
             qPrintable(pane.stateText()));
    // The hop, then where it came from: the stream, its entry and what it became.
    QCOMPARE(model->rowCount(), 2);
    const QString hopId = model->index(0, 0).data(JourneyModel::MessageIdRole).toString();
    QVERIFY(model->index(1, 0).data(JourneyModel::ReceiptRole).toBool());
    QCOMPARE(model->index(1, JourneyModel::StepColumn).data().toString(),
             u"received from orders"_s);
    QCOMPARE(model->index(1, JourneyModel::PortColumn).data().toString(), u"1764385200000-0"_s);
    QCOMPARE(model->index(1, JourneyModel::StatusColumn).data().toString(), u"stored"_s);
    QCOMPARE(model->index(1, 0).data(JourneyModel::MessageIdRole).toString(), hopId);
    // A double-click on the delivery opens its stream in the Redis pane; on the hop, Queues.
    QSignalSpy open(&pane, &Pane::openRequested);
    const auto doubleClick = [&pane](int row) {
        const QPoint cell =
            pane.stepsView()->visualRect(pane.stepsView()->model()->index(row, 1)).center();
        QTest::mouseClick(pane.stepsView()->viewport(), Qt::LeftButton, {}, cell);
        QTest::mouseDClick(pane.stepsView()->viewport(), Qt::LeftButton, {}, cell);
    };
    doubleClick(1);
    doubleClick(0);
    QCOMPARE(open.size(), 2);
    QCOMPARE(open.at(0).at(0).toString(), u"redis"_s);
    QCOMPARE(open.at(0).at(1).value<PaneFocus>().stream, u"orders"_s);
    QCOMPARE(open.at(0).at(1).value<PaneFocus>().entry, u"1764385200000-0"_s);
    QCOMPARE(open.at(1).at(0).toString(), u"queues"_s);
    QCOMPARE(open.at(1).at(1).value<PaneFocus>().search, hopId);

    // A key nothing is stored under: said so, and what to do.
    pane.follow(u"stream:orders:1764385200001-0"_s);
    QVERIFY(loaded.wait(10000));
    QVERIFY2(pane.stateText().contains(u"nothing is stored under this delivery key"_s),
             qPrintable(pane.stateText()));
    QCOMPARE(model->rowCount(), 1);
    QVERIFY(model->index(0, 0).data(JourneyModel::AttentionRole).toBool());
    QCOMPARE(model->index(0, JourneyModel::StatusColumn).data().toString(), u"nothing stored"_s);
    QVERIFY(pane.stepsView()->isVisible());

    // A line of the batch store (Batch files, Ctrl+J): the delivery the file sink wrote there,
    // and the line looked for in the store.
    QTemporaryDir store;
    QVERIFY(store.isValid());
    model->setBatchDirectory(store.path());
    const QString lineKey = u"stream:orders:1764385200002-0"_s;
    {
        auto files = FileIngestSink::open(store.path(), database.db);
        QVERIFY2(files.ok(), qPrintable(files.errorMessage()));
        const auto written =
            (*files)->write({Delivery{.key = lineKey,
                                      .source = u"orders"_s,
                                      .payload = "Message #1: hello",
                                      .receivedAt = QDateTime::currentDateTimeUtc()}});
        QVERIFY2(written.ok(), qPrintable(written.errorMessage()));
    }
    pane.follow(batchLineKey(1, 1));
    QVERIFY(loaded.wait(10000));
    QCOMPARE(model->rowCount(), 1);
    QCOMPARE(model->index(0, JourneyModel::StepColumn).data().toString(),
             u"received from orders"_s);
    QCOMPARE(model->index(0, JourneyModel::StatusColumn).data().toString(), u"batch 1, line 1"_s);
    QVERIFY(!model->index(0, 0).data(JourneyModel::AttentionRole).toBool());
    // A line the store does not have: a gap, and no delivery known for it.
    pane.follow(batchLineKey(1, 4));
    QVERIFY(loaded.wait(10000));
    QCOMPARE(model->rowCount(), 1);
    QCOMPARE(model->index(0, JourneyModel::StepColumn).data().toString(),
             u"line 4 of messages_batch_0001.txt"_s);
    // No stream known: it opens the line's batch file.
    open.clear();
    doubleClick(0);
    QCOMPARE(open.size(), 1);
    QCOMPARE(open.at(0).at(0).toString(), u"batches"_s);
    QCOMPARE(open.at(0).at(1).value<PaneFocus>().batch, std::optional<qint64>(1));
    QCOMPARE(open.at(0).at(1).value<PaneFocus>().message, std::optional<qint64>(4));
    QVERIFY(model->index(0, 0).data(JourneyModel::AttentionRole).toBool());
    QVERIFY2(
        model->index(0, JourneyModel::TroubleColumn).data().toString().contains(u"has no line 4"_s),
        qPrintable(model->index(0, JourneyModel::TroubleColumn).data().toString()));
}

// Each kind of step opens the pane that holds its row, asked to show that row: a hop in Queues,
// an operator's change in Audit, a sink's row in Sink storage, a delivery at its stream entry
// while the stream holds it, else where it was stored (the receiver's row in Messages, a
// sensor event, a batch line).
void tst_JourneyPane::opensEachStepOnItsRow()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.error.isEmpty(), qPrintable(database.error));
    auto *model = new JourneyModel(*database.factory);
    JourneyPane pane(model);
    model->setParent(&pane);
    pane.resize(1400, 800);
    pane.show();

    const QDateTime start(QDate(2026, 11, 20), QTime(8, 0), Qt::UTC);
    Journey journey;
    journey.query = u"trace-1"_s;
    JourneyHop hop;
    hop.message.id = u"hop-1"_s;
    hop.message.portName = u"orders.in"_s;
    hop.message.sourceComponent = u"api"_s;
    hop.message.targetComponent = u"billing"_s;
    hop.message.status = u"completed"_s;
    hop.message.createdAt = start;
    journey.hops << hop;
    journey.actions << JourneyAction{.messageId = u"hop-1"_s,
                                     .at = start.addSecs(1),
                                     .change = u"replay"_s,
                                     .actor = u"ann"_s,
                                     .auditId = 42};
    journey.receipts << JourneyReceipt{.deliveryKey = u"stream:orders:1763625602000-0"_s,
                                       .storedId = u"hop-1"_s,
                                       .table = u"port_messages"_s,
                                       .storedAt = start.addSecs(2)};
    JourneyReceipt trimmed{.deliveryKey = u"stream:orders:1763625603000-0"_s,
                           .storedId = u"7"_s,
                           .table = u"messages"_s,
                           .storedAt = start.addSecs(3),
                           .number = 61};
    trimmed.redisRead = true; // read, and no longer in the stream
    journey.receipts << trimmed;
    journey.receipts << JourneyReceipt{.deliveryKey = u"list:readings"_s,
                                       .storedId = u"event-9"_s,
                                       .table = u"processed_events"_s,
                                       .storedAt = start.addSecs(4)};
    journey.receipts << JourneyReceipt{
        .table = u"batch file"_s, .storedAt = start.addSecs(5), .batch = 3, .line = 5};
    SinkStorageRow sunk;
    sunk.id = u"row-5"_s;
    sunk.sinkName = u"notifier"_s;
    sunk.createdAt = start.addSecs(6);
    journey.sinkRows << sunk;
    model->setJourney(journey);
    QCOMPARE(model->rowCount(), 7);

    QSignalSpy open(&pane, &Pane::openRequested);
    for (int row = 0; row < model->rowCount(); ++row) {
        const QPoint cell = pane.stepsView()->visualRect(model->index(row, 1)).center();
        QTest::mouseClick(pane.stepsView()->viewport(), Qt::LeftButton, {}, cell);
        QTest::mouseDClick(pane.stepsView()->viewport(), Qt::LeftButton, {}, cell);
    }
    QCOMPARE(open.size(), 7);
    const auto target = [&open](int row) {
        return open.at(row).at(0).toString();
    };
    const auto focus = [&open](int row) {
        return open.at(row).at(1).value<PaneFocus>();
    };
    QCOMPARE(target(0), u"queues"_s);
    QCOMPARE(focus(0).search, u"hop-1"_s);
    QCOMPARE(target(1), u"audit"_s);
    QCOMPARE(focus(1).audit, std::optional<qint64>(42));
    QCOMPARE(focus(1).at, start.addSecs(1));
    QCOMPARE(target(2), u"redis"_s); // not read from Redis: the entry may be there
    QCOMPARE(focus(2).stream, u"orders"_s);
    QCOMPARE(focus(2).entry, u"1763625602000-0"_s);
    QCOMPARE(target(3), u"messages"_s); // gone from the stream: the receiver's row
    QCOMPARE(focus(3).message, std::optional<qint64>(61));
    QCOMPARE(target(4), u"sensorevents"_s);
    QCOMPARE(focus(4).search, u"event-9"_s);
    QCOMPARE(target(5), u"batches"_s);
    QCOMPARE(focus(5).batch, std::optional<qint64>(3));
    QCOMPARE(focus(5).message, std::optional<qint64>(5));
    QCOMPARE(target(6), u"sinkstorage"_s);
    QCOMPARE(focus(6).search, u"row-5"_s);
}

// The pane with the Redis server the deliveries came from: a hop's entry acknowledged, and an
// entry acknowledged with nothing stored, a gap.
void tst_JourneyPane::readsTheEntriesFromRedis()
{
    const auto redis = test::fixtureRedis();
    QVERIFY2(redis.ok(), qPrintable(redis.errorMessage()));
    RedisClient client;
    QVERIFY2(client.connect(*redis).ok(), "cannot connect to the fixture's Redis server");
    const QByteArray stream =
        "tst_journeypane:" + QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
    QVERIFY(client.command({"XGROUP", "CREATE", stream, "ingest", "0", "MKSTREAM"}).ok());
    QList<QByteArray> entries;
    for (int i = 0; i < 2; ++i) {
        const auto added = client.command({"XADD", stream, "*", "payload", "x"});
        QVERIFY(added.ok() && added->type == RedisReply::Type::String);
        entries << added->text;
    }
    QVERIFY(client
                .command({"XREADGROUP", "GROUP", "ingest", "worker-1", "COUNT", "2", "STREAMS",
                          stream, ">"})
                .ok());
    QVERIFY(client.command({"XACK", stream, "ingest", entries.at(0), entries.at(1)}).ok());
    const auto keyOf = [&stream](const QByteArray &entry) {
        return QString::fromUtf8("stream:" + stream + ':' + entry);
    };

    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.error.isEmpty(), qPrintable(database.error));
    SqlIngestSink sink(database.db);
    const QByteArray hop = R"({"port_name":"orders.in","source_component":"api",)"
                           R"("target_component":"billing","message_data":{"order":7}})";
    const auto stored = sink.write({Delivery{.key = keyOf(entries.at(0)),
                                             .source = QString::fromUtf8(stream),
                                             .payload = hop,
                                             .receivedAt = QDateTime::currentDateTimeUtc()}});
    QVERIFY2(stored.ok() && stored->stored == 1, qPrintable(stored.errorMessage()));

    auto *model = new JourneyModel(*database.factory);
    model->setRedis(*redis);
    JourneyPane pane(model);
    model->setParent(&pane);
    pane.show();
    QSignalSpy loaded(model, &JourneyModel::loaded);
    pane.follow(keyOf(entries.at(0)));
    QVERIFY(loaded.wait(10000));
    QCOMPARE(model->rowCount(), 2);
    QCOMPARE(model->index(1, JourneyModel::TroubleColumn).data().toString(),
             u"acknowledged by ingest"_s);
    QVERIFY(!model->index(1, 0).data(JourneyModel::AttentionRole).toBool());

    pane.follow(keyOf(entries.at(1)));
    QVERIFY(loaded.wait(10000));
    QCOMPARE(model->rowCount(), 1);
    QVERIFY(model->index(0, 0).data(JourneyModel::AttentionRole).toBool());
    QVERIFY2(model->index(0, JourneyModel::TroubleColumn)
                 .data()
                 .toString()
                 .startsWith(u"Gap: acknowledged by ingest, and nothing is stored"_s),
             qPrintable(model->index(0, JourneyModel::TroubleColumn).data().toString()));
    QVERIFY2(pane.stateText().contains(u"a gap: acknowledged by ingest"_s),
             qPrintable(pane.stateText()));

    // A server that cannot be reached: the journey still, and why its entries are not shown.
    model->setRedis(RedisUrl::local(1));
    pane.follow(keyOf(entries.at(0)));
    QVERIFY(loaded.wait(20000));
    QCOMPARE(model->rowCount(), 2);
    QVERIFY2(pane.stateText().contains(u"Its Redis entries could not be read"_s),
             qPrintable(pane.stateText()));
    client.command({"DEL", stream});
}

QTEST_MAIN(tst_JourneyPane)
#include "tst_journeypane.moc"
