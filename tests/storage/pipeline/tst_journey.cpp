#include "actionoutbox.h"
#include "batchline.h"
#include "fileingestsink.h"
#include "flowwriter.h"
#include "journey.h"
#include "journeyreceipts.h"
#include "messagerepository.h"
#include "migrateddatabase.h"
#include "portmessageactions.h"
#include "queryplan.h"
#include "repositorysupport.h"
#include "seedvariants.h"
#include "sqlingestsink.h"
#include "sqlsupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {

// When the flows of these tests start: an hour before the reader's "now".
const QDateTime start = QDateTime::currentDateTimeUtc().addSecs(-3600);

using test::FlowHop;

// Writes a flow from `start`, each hop caused by the one before it (`causeKey`, naming its id).
Result<QStringList> writeFlow(const QSqlDatabase &db, const QList<FlowHop> &hops,
                              const QString &trace, const QString &traceKey = u"trace_id"_s,
                              const QString &causeKey = u"causation_id"_s)
{
    return test::writeFlow(db, hops, trace, start, traceKey, causeKey);
}

QStringList idsOf(const Journey &journey)
{
    QStringList ids;
    for (const JourneyHop &hop : journey.hops)
        ids << hop.message.id;
    return ids;
}

// The five hops of an order, the third retried once.
QList<FlowHop> orderFlow(qint64 at = 0)
{
    return {
        {u"order-source"_s, u"splitter"_s, u"orders.in"_s, u"completed"_s, 0, at},
        {u"splitter"_s, u"validator"_s, u"orders.split"_s, u"completed"_s, 0, at + 100},
        {u"validator"_s, u"payment-gateway"_s, u"payments.requests"_s, u"completed"_s, 1, at + 300},
        {u"payment-gateway"_s, u"inventory-sink"_s, u"inventory.reserve"_s, u"dead_letter"_s, 3,
         at + 600},
        {u"inventory-sink"_s, u"notifier"_s, u"notifications.out"_s, u"completed"_s, 0, at + 900}};
}

} // namespace

// A message's journey on both engines, over what the pipeline and an operator wrote.
class tst_Journey : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void followsFiveHopsAndAReplay_data() { test::addEngineRows(); }
    void followsFiveHopsAndAReplay();
    void reportsTheGaps_data() { test::addEngineRows(); }
    void reportsTheGaps();
    void otherKeyNamesAreASetting_data() { test::addEngineRows(); }
    void otherKeyNamesAreASetting();
    void showsWhatTheIngestStored_data() { test::addEngineRows(); }
    void showsWhatTheIngestStored();
    void findsAMissingBatchLine_data() { test::addEngineRows(); }
    void findsAMissingBatchLine();
    void findsABatchLinesMessage_data() { test::addEngineRows(); }
    void findsABatchLinesMessage();
    void findsALineInTheReceiversOwnTable();
    void endsWhereASinkStoredIt_data() { test::addEngineRows(); }
    void endsWhereASinkStoredIt();
    void everyLookupReadsAnIndex_data() { test::addEngineRows(); }
    void everyLookupReadsAnIndex();
};

void tst_Journey::followsFiveHopsAndAReplay()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    // Another order's flow beside it, which no journey of the first may hold.
    QVERIFY(writeFlow(database.db, orderFlow(50), u"trace-other"_s).ok());
    auto ids = writeFlow(database.db, orderFlow(), u"trace-42"_s);
    QVERIFY2(ids.ok(), qPrintable(ids.errorMessage()));

    // The dead letter replayed by an operator, as the Dead letters pane does it; the pipeline
    // then takes it again and completes it.
    ActionOptions replay;
    ActionSelection selection;
    selection.ids = {ids->at(3)};
    selection.description = u"1 selected"_s;
    const auto plan = planAction(database.db, selection, replay);
    QVERIFY2(plan.ok(), qPrintable(plan.errorMessage()));
    ActionOutbox outbox(database.db);
    const auto prepared = outbox.prepare(*plan, u"alice"_s);
    QVERIFY2(prepared.ok(), qPrintable(prepared.errorMessage()));
    const auto ran = outbox.runChunk(prepared->auditId, 10);
    QVERIFY2(ran.ok(), qPrintable(ran.errorMessage()));
    QCOMPARE(ran->applied, 1);

    // Asked by any hop's id, or by the trace id: the same five hops, in order.
    const QDateTime now = start.addSecs(5);
    JourneyReader reader(database.db);
    for (const QString &asked : {ids->at(2), ids->at(0), u"trace-42"_s}) {
        const auto journey = reader.read(asked, now);
        QVERIFY2(journey.ok(), qPrintable(journey.errorMessage()));
        QCOMPARE(idsOf(*journey), *ids);
        QVERIFY(!journey->truncated);
        QCOMPARE(journey->matchedBy,
                 QStringList{asked.startsWith(u"trace"_s) ? u"metadata trace_id"_s : u"id"_s});
        // Each hop caused by the one before it, as its causation_id says.
        QVERIFY(journey->hops.at(0).causeId.isEmpty());
        for (int i = 1; i < 5; ++i) {
            QCOMPARE(journey->hops.at(i).causeId, ids->at(i - 1));
            QVERIFY(!journey->hops.at(i).causeInferred);
        }
        QCOMPARE(journey->hops.at(2).message.retryCount, 1);
        QCOMPARE(journey->hops.at(0).message.createdAt, start);
        QCOMPARE(journey->hops.at(4).message.createdAt, start.addMSecs(900));
        // The replay, by whom and when.
        QCOMPARE(journey->actions.size(), 1);
        QCOMPARE(journey->actions.at(0).messageId, ids->at(3));
        QCOMPARE(journey->actions.at(0).change, u"replay"_s);
        QVERIFY(journey->actions.at(0).actor.startsWith(u"alice"_s));
        QCOMPARE(journey->actions.at(0).auditId, prepared->auditId);
        // Replayed, the fourth hop is pending again: not overdue five seconds on.
        QCOMPARE(journey->hops.at(3).message.status, u"pending"_s);
        for (const JourneyHop &hop : journey->hops)
            QCOMPARE(hop.trouble, JourneyHop::Trouble::None);
    }
    const auto none = reader.read(u"no-such-message"_s, now);
    QVERIFY2(none.ok(), qPrintable(none.errorMessage()));
    QVERIFY(none->isEmpty());
}

void tst_Journey::reportsTheGaps()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    // The usual flow, completed end to end, for the ports' usual times and where each
    // component sends.
    QVERIFY(writeFlow(database.db, orderFlow(), u"trace-usual"_s).ok());
    // A flow that stopped after its second hop: the validator never sent on.
    auto stopped = writeFlow(database.db, orderFlow(1000).mid(0, 2), u"trace-stopped"_s);
    QVERIFY2(stopped.ok(), qPrintable(stopped.errorMessage()));
    // One whose third hop waits, pending; one that ends in a dead letter.
    QList<FlowHop> waiting = orderFlow(2000).mid(0, 3);
    waiting[2].status = u"pending"_s;
    auto stuck = writeFlow(database.db, waiting, u"trace-waiting"_s);
    QVERIFY2(stuck.ok(), qPrintable(stuck.errorMessage()));
    auto dead = writeFlow(database.db, orderFlow(3000).mid(0, 4), u"trace-dead"_s);
    QVERIFY2(dead.ok(), qPrintable(dead.errorMessage()));

    JourneyReader reader(database.db);
    // Seconds after: nothing is late yet (the ports take 40 ms; 10 s at least).
    const auto early = reader.read(u"trace-stopped"_s, start.addSecs(5));
    QVERIFY2(early.ok(), qPrintable(early.errorMessage()));
    QCOMPARE(early->hops.at(1).trouble, JourneyHop::Trouble::None);
    QCOMPARE(early->hops.at(1).usualWaitMs, 40);

    // An hour on, each gap is reported at its hop, and only there.
    const QDateTime now = start.addSecs(3600);
    const auto missing = reader.read(u"trace-stopped"_s, now);
    QVERIFY2(missing.ok(), qPrintable(missing.errorMessage()));
    QCOMPARE(missing->hops.at(0).trouble, JourneyHop::Trouble::None);
    QCOMPARE(missing->hops.at(1).trouble, JourneyHop::Trouble::MissingNext);
    QVERIFY2(missing->hops.at(1).troubleText.contains(u"payments.requests"_s),
             qPrintable(missing->hops.at(1).troubleText));
    const auto overdue = reader.read(stuck->at(2), now);
    QVERIFY2(overdue.ok(), qPrintable(overdue.errorMessage()));
    QCOMPARE(overdue->hops.size(), 3);
    QCOMPARE(overdue->hops.at(2).trouble, JourneyHop::Trouble::Overdue);
    QCOMPARE(overdue->hops.at(1).trouble, JourneyHop::Trouble::None);
    const auto deadEnd = reader.read(u"trace-dead"_s, now);
    QVERIFY2(deadEnd.ok(), qPrintable(deadEnd.errorMessage()));
    QCOMPARE(deadEnd->hops.at(3).trouble, JourneyHop::Trouble::DeadEnd);
    QCOMPARE(deadEnd->hops.at(2).trouble, JourneyHop::Trouble::None);
    // The flow that went end to end: nothing wrong, however late (its sink sends nowhere).
    const auto whole = reader.read(u"trace-usual"_s, now);
    QVERIFY2(whole.ok(), qPrintable(whole.errorMessage()));
    for (const JourneyHop &hop : whole->hops)
        QVERIFY2(hop.trouble == JourneyHop::Trouble::None || hop.message.isDeadLetter(),
                 qPrintable(hop.troubleText));
}

void tst_Journey::otherKeyNamesAreASetting()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    auto ids = writeFlow(database.db, orderFlow(), u"flow-7"_s, u"flow"_s, u"caused_by"_s);
    QVERIFY2(ids.ok(), qPrintable(ids.errorMessage()));

    // With the default keys, a hop's id finds that hop alone: nothing ties the others to it.
    const QDateTime now = start.addSecs(5);
    const auto alone = JourneyReader(database.db).read(ids->at(2), now);
    QVERIFY2(alone.ok(), qPrintable(alone.errorMessage()));
    QCOMPARE(idsOf(*alone), QStringList{ids->at(2)});

    // Named in the setting, the same keys give the whole flow, each hop with its cause.
    CorrelationKeys keys;
    keys.shared = *CorrelationKeys::parseList(u"flow, message_id"_s);
    keys.cause = *CorrelationKeys::parseList(u"caused_by"_s);
    const auto whole = JourneyReader(database.db, keys).read(ids->at(2), now);
    QVERIFY2(whole.ok(), qPrintable(whole.errorMessage()));
    QCOMPARE(idsOf(*whole), *ids);
    QCOMPARE(whole->hops.at(4).causeId, ids->at(3));
    const auto byFlow = JourneyReader(database.db, keys).read(u"flow-7"_s, now);
    QVERIFY2(byFlow.ok(), qPrintable(byFlow.errorMessage()));
    QCOMPARE(idsOf(*byFlow), *ids);

    // A key that could be SQL is refused, never used.
    QVERIFY(!CorrelationKeys::parseList(u"trace_id, x') OR 1=1 --"_s).ok());
}

void tst_Journey::showsWhatTheIngestStored()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    // Two hops of a flow as the ingest worker takes them from Redis (it gives each its id; the
    // pipeline names its own in message_id), and a message of the receiver's own.
    const auto hop = [&](const QString &messageId, const QString &port, const QString &cause) {
        QJsonObject metadata{{u"trace_id"_s, u"trace-ingested"_s}, {u"message_id"_s, messageId}};
        if (!cause.isEmpty())
            metadata.insert(u"causation_id"_s, cause);
        const QJsonObject message{{u"port_name"_s, port},
                                  {u"source_component"_s, QString(port + u"-from"_s)},
                                  {u"target_component"_s, QString(port + u"-to"_s)},
                                  {u"message_data"_s, QJsonObject{{u"order"_s, 7}}},
                                  {u"message_metadata"_s, metadata},
                                  {u"status"_s, u"completed"_s}};
        return QJsonDocument(message).toJson(QJsonDocument::Compact);
    };
    // Received 100 ms apart: the sink gives a port message its time of arrival.
    const auto delivery = [](const QString &entry, const QByteArray &payload, int afterMs) {
        return Delivery{.key = u"stream:orders:"_s + entry,
                        .source = u"orders"_s,
                        .payload = payload,
                        .receivedAt = start.addMSecs(afterMs)};
    };
    SqlIngestSink sink(database.db);
    const auto stored =
        sink.write({delivery(u"1700000000000-0"_s, hop(u"m-1"_s, u"orders.in"_s, {}), 0),
                    delivery(u"1700000000000-1"_s, hop(u"m-2"_s, u"orders.split"_s, u"m-1"_s), 100),
                    delivery(u"1700000000001-0"_s, "Message #9: plain text", 200),
                    delivery(u"1700000000001-1"_s,
                             R"({"event_id":"e-77","sensor_id":"s-1",)"
                             R"("timestamp":"2025-10-16T14:56:05Z","value":2})",
                             300)});
    QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));
    QCOMPARE(stored->stored, 4);

    // Asked by the first hop's message id: both hops, each with the entry it came from.
    const QDateTime now = start.addSecs(5);
    JourneyReader reader(database.db);
    const auto journey = reader.read(u"m-1"_s, now);
    QVERIFY2(journey.ok(), qPrintable(journey.errorMessage()));
    QCOMPARE(journey->hops.size(), 2);
    QCOMPARE(journey->receipts.size(), 2);
    QCOMPARE(journey->receipts.at(0).deliveryKey, u"stream:orders:1700000000000-0"_s);
    QCOMPARE(journey->hops.at(0).value(u"message_id"_s), u"m-1"_s);
    QCOMPARE(journey->receipts.at(0).storedId, journey->hops.at(0).message.id);
    QCOMPARE(journey->receipts.at(0).table, u"port_messages"_s);
    QCOMPARE(journey->receipts.at(0).stream(), u"orders"_s);
    QCOMPARE(journey->receipts.at(0).entryId(), u"1700000000000-0"_s);
    QCOMPARE(journey->receipts.at(1).storedId, journey->hops.at(1).message.id);
    QVERIFY(journey->receipts.at(1).storedAt.isValid());

    // Asked by the second entry's key: the same journey, found by the delivery.
    const auto byKey = reader.read(u"stream:orders:1700000000000-1"_s, now);
    QVERIFY2(byKey.ok(), qPrintable(byKey.errorMessage()));
    QCOMPARE(byKey->matchedBy, QStringList{u"delivery key"_s});
    QCOMPARE(idsOf(*byKey), idsOf(*journey));
    QCOMPARE(byKey->receipts.size(), 2);
    QCOMPARE(byKey->receipts.at(0).deliveryKey, u"stream:orders:1700000000000-1"_s);

    // The receiver's message: its row, no hop. A key nothing was stored under: said so.
    const auto plain = reader.read(u"stream:orders:1700000000001-0"_s, now);
    QVERIFY2(plain.ok(), qPrintable(plain.errorMessage()));
    QVERIFY(plain->hops.isEmpty());
    QCOMPARE(plain->receipts.size(), 1);
    QCOMPARE(plain->receipts.at(0).table, u"messages"_s);
    QVERIFY(!plain->receipts.at(0).storedId.isEmpty());
    const auto lost = reader.read(u"stream:orders:1700000000002-0"_s, now);
    QVERIFY2(lost.ok(), qPrintable(lost.errorMessage()));
    QVERIFY(!lost->isEmpty());
    QCOMPARE(lost->receipts.size(), 1);
    QVERIFY(lost->receipts.at(0).table.isEmpty());
    QVERIFY(receiptText(lost->receipts.at(0)).contains(u"nothing stored"_s));

    // A sensor reading, by its event id: the delivery it came in as.
    const auto event = reader.read(u"e-77"_s, now);
    QVERIFY2(event.ok(), qPrintable(event.errorMessage()));
    QCOMPARE(event->matchedBy, QStringList{u"stored id"_s});
    QCOMPARE(event->receipts.size(), 1);
    QCOMPARE(event->receipts.at(0).deliveryKey, u"stream:orders:1700000000001-1"_s);
    QCOMPARE(event->receipts.at(0).table, u"processed_events"_s);
}

void tst_Journey::findsAMissingBatchLine()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QTemporaryDir store;
    QVERIFY(store.isValid());
    QList<Delivery> group;
    for (int n = 1; n <= 3; ++n)
        group << Delivery{.key = u"stream:messages:1700000000000-%1"_s.arg(n),
                          .source = u"messages"_s,
                          .payload = "Message #" + QByteArray::number(n) + ": hello",
                          .receivedAt = start};
    {
        auto sink = FileIngestSink::open(store.path(), database.db);
        QVERIFY2(sink.ok(), qPrintable(sink.errorMessage()));
        const auto written = (*sink)->write(group);
        QVERIFY2(written.ok(), qPrintable(written.errorMessage()));
    }
    const QDateTime now = start.addSecs(5);
    auto journey = JourneyReader(database.db).read(group.at(2).key, now);
    QVERIFY2(journey.ok(), qPrintable(journey.errorMessage()));
    QCOMPARE(journey->receipts.size(), 1);
    QCOMPARE(journey->receipts.at(0).table, u"batch file"_s);
    QCOMPARE(journey->receipts.at(0).line, 3);
    QVERIFY(readBatchLines(store.path(), &journey.value()).ok());
    QVERIFY(journey->receipts.at(0).lineFound);
    QVERIFY(journey->receipts.at(0).gap.isEmpty());

    // Asked for by the line (Batch files, Ctrl+J): the delivery the sink wrote there.
    const qint64 batchId = journey->receipts.at(0).batch;
    const QString lineKey = batchLineKey(batchId, 3);
    QCOMPARE(lineKey, batchFileName(batchId) + u":3"_s);
    QCOMPARE(batchLineOf(lineKey), std::optional(std::pair(batchId, qint64(3))));
    QVERIFY(!batchLineOf(batchFileName(batchId) + u":0"_s));
    QVERIFY(!batchLineOf(u"messages_batch_1.txt:3"_s));
    auto byLine = JourneyReader(database.db).read(lineKey, now);
    QVERIFY2(byLine.ok(), qPrintable(byLine.errorMessage()));
    QCOMPARE(byLine->matchedBy, QStringList{u"batch line"_s});
    QCOMPARE(byLine->receipts.size(), 1);
    QCOMPARE(byLine->receipts.at(0).deliveryKey, group.at(2).key);
    QCOMPARE(byLine->receipts.at(0).line, 3);
    QVERIFY(readBatchLines(store.path(), &byLine.value()).ok());
    QVERIFY(byLine->receipts.at(0).lineFound);
    // A line the journal does not know is still the line, with no delivery named.
    byLine = JourneyReader(database.db).read(batchLineKey(batchId, 9), now);
    QVERIFY2(byLine.ok(), qPrintable(byLine.errorMessage()));
    QCOMPARE(byLine->receipts.size(), 1);
    QVERIFY(byLine->receipts.at(0).deliveryKey.isEmpty());
    QCOMPARE(byLine->receipts.at(0).batch, batchId);
    QCOMPARE(byLine->receipts.at(0).line, 9);
    QVERIFY(readBatchLines(store.path(), &byLine.value()).ok());
    QVERIFY2(byLine->receipts.at(0).gap.contains(u"has no line 9"_s),
             qPrintable(byLine->receipts.at(0).gap));

    // The file cut after its second line: the third is a gap.
    const QString file = store.filePath(batchFileName(journey->receipts.at(0).batch));
    QFile batch(file);
    QVERIFY(batch.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = batch.readAll().split('\n');
    batch.close();
    QVERIFY(batch.open(QIODevice::WriteOnly | QIODevice::Truncate));
    batch.write(lines.at(0) + '\n' + lines.at(1) + '\n');
    batch.close();
    journey = JourneyReader(database.db).read(group.at(2).key, now);
    QVERIFY(readBatchLines(store.path(), &journey.value()).ok());
    QVERIFY(!journey->receipts.at(0).lineFound);
    QVERIFY2(journey->receipts.at(0).gap.contains(u"has no line 3"_s),
             qPrintable(journey->receipts.at(0).gap));
    // And gone: said so.
    QVERIFY(QFile::remove(file));
    journey = JourneyReader(database.db).read(group.at(0).key, now);
    QVERIFY(readBatchLines(store.path(), &journey.value()).ok());
    QVERIFY2(journey->receipts.at(0).gap.contains(u"is not in the batch store"_s),
             qPrintable(journey->receipts.at(0).gap));
}

// A line imported from the batch store: the receiver's row under "batch:{file}:{line}".
void tst_Journey::findsABatchLinesMessage()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    MessageRepository messages(database.db);
    QVERIFY(messages
                .upsertBatches({{.id = 7,
                                 .filename = batchFileName(7),
                                 .messageCount = 3,
                                 .dateCreated = start,
                                 .dateModified = start}})
                .ok());
    QList<ReceivedMessage> lines;
    for (int line = 1; line <= 3; ++line)
        lines << ReceivedMessage{.batchId = 7,
                                 .messageNumber = 60 + line,
                                 .content = "hello",
                                 .timestamp = start.addSecs(line),
                                 .deliveryKey = u"batch:7:%1"_s.arg(line),
                                 .source = batchFileName(7)};
    QVERIFY(messages.insert(lines).ok());
    const auto journey = JourneyReader(database.db).read(batchLineKey(7, 2), start.addSecs(60));
    QVERIFY2(journey.ok(), qPrintable(journey.errorMessage()));
    QCOMPARE(journey->receipts.size(), 1);
    const JourneyReceipt &receipt = journey->receipts.at(0);
    QCOMPARE(receipt.table, u"messages"_s);
    QCOMPARE(receipt.deliveryKey, u"batch:7:2"_s);
    QCOMPARE(receipt.storedAt, start.addSecs(2));
    QCOMPARE(receiptText(receipt),
             u"batch:7:2 -> messages row %1 (batch 7 line 2)"_s.arg(receipt.storedId));
    auto read = messages.page({}, PageRequest{.from = PageRequest::From::Start, .limit = 10});
    QVERIFY(read.ok());
    const auto second = std::find_if(read->rows.cbegin(), read->rows.cend(),
                                     [](const auto &m) { return m.deliveryKey == u"batch:7:2"_s; });
    QVERIFY(second != read->rows.cend());
    QCOMPARE(receipt.storedId, QString::number(second->id));
}

// The receiver's own table (seed 000's DDL, verbatim): no delivery keys, its rows of a file in
// the order it wrote them.
void tst_Journey::findsALineInTheReceiversOwnTable()
{
    PORTHOLE_SCRATCH_DATABASE(scratch, test::ScratchDatabase::Engine::SQLite);
    const ConnectionFactory factory(scratch->url());
    auto opened = factory.open(u"seed"_s);
    QVERIFY2(opened.ok(), qPrintable(opened.errorMessage()));
    const QSqlDatabase db = *opened;
    QCOMPARE(test::runScript(db, test::seedText(u"seed000_sqlite.sql"_s)), QString());
    QCOMPARE(test::statementError(db,
                                  u"INSERT INTO batches VALUES (1, ?, 3, 0, 0), "
                                  "(2, ?, 1, 0, 0)"_s,
                                  {batchFileName(1), batchFileName(2)}),
             QString());
    // The second file's message arrived between the first file's: ids do not follow lines.
    for (const auto &[batch, number] :
         {std::pair(1, 1), std::pair(1, 2), std::pair(2, 11), std::pair(1, 3)})
        QCOMPARE(test::statementError(db,
                                      u"INSERT INTO messages (batch_id, message_number, content, "
                                      "timestamp) VALUES (?, ?, 'hello', 1700000000)"_s,
                                      {batch, number}),
                 QString());
    auto journey = JourneyReader(db).read(batchLineKey(1, 3), start);
    QVERIFY2(journey.ok(), qPrintable(journey.errorMessage()));
    QCOMPARE(journey->receipts.size(), 1);
    QCOMPARE(journey->receipts.at(0).table, u"messages"_s);
    QCOMPARE(journey->receipts.at(0).storedId, u"4"_s);
    QVERIFY(journey->receipts.at(0).deliveryKey.isEmpty());
    // Past the file's last row: the line alone.
    journey = JourneyReader(db).read(batchLineKey(2, 2), start);
    QVERIFY2(journey.ok(), qPrintable(journey.errorMessage()));
    QCOMPARE(journey->receipts.size(), 1);
    QVERIFY(journey->receipts.at(0).table == u"batch file"_s);
}

// Where sinks stored the message: the sink_storage rows that share its trace id or name its
// last hop as their cause; and the journey asked for by such a row's id.
void tst_Journey::endsWhereASinkStoredIt()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    auto ids = writeFlow(database.db, orderFlow(), u"trace-sink"_s);
    QVERIFY2(ids.ok(), qPrintable(ids.errorMessage()));
    SinkStorageRepository sinks(database.db);
    const auto store = [&sinks](const QString &sink, const QString &metadata, qint64 afterMs) {
        return sinks.store({.sinkName = sink,
                            .dataType = u"order"_s,
                            .data = R"({"order_id": 42})",
                            .metadata = metadata.toUtf8(),
                            .createdAt = start.addMSecs(afterMs)});
    };
    const auto byCause = store(u"notifier"_s, uR"({"causation_id": "%1"})"_s.arg(ids->at(4)), 1200);
    const auto byTrace = store(u"inventory-sink"_s, uR"({"trace_id": "trace-sink"})"_s, 1000);
    const auto other = store(u"inventory-sink"_s, uR"({"trace_id": "trace-other"})"_s, 1100);
    const auto none = store(u"inventory-sink"_s, u"not json"_s, 1100);
    QVERIFY(byCause.ok() && byTrace.ok() && other.ok());
    QVERIFY(!none.ok()); // metadata must be JSON: the table's own rule

    const QDateTime now = start.addSecs(5);
    auto journey = JourneyReader(database.db).read(ids->at(1), now);
    QVERIFY2(journey.ok(), qPrintable(journey.errorMessage()));
    QCOMPARE(journey->hops.size(), 5);
    QCOMPARE(journey->sinkRows.size(), 2);
    QCOMPARE(journey->sinkRows.at(0).id, *byTrace); // by time
    QCOMPARE(journey->sinkRows.at(1).id, *byCause);
    QCOMPARE(journey->sinkRows.at(1).sinkName, u"notifier"_s);
    const QJsonArray json = journeyJson(*journey).value(u"sink_rows"_s).toArray();
    QCOMPARE(json.size(), 2);
    QCOMPARE(json.at(1).toObject().value(u"metadata"_s).toObject().value(u"causation_id"_s),
             QJsonValue(ids->at(4)));
    QCOMPARE(json.at(0).toObject().value(u"data"_s).toObject().value(u"order_id"_s).toInt(), 42);

    // From the Sink storage pane (Ctrl+J): the row's journey, back to the flow's start.
    for (const QString &row : {*byCause, *byTrace}) {
        journey = JourneyReader(database.db).read(row, now);
        QVERIFY2(journey.ok(), qPrintable(journey.errorMessage()));
        QCOMPARE(journey->matchedBy, QStringList{u"sink storage id"_s});
        QCOMPARE(idsOf(*journey), *ids);
        QCOMPARE(journey->sinkRows.size(), 2);
    }
    // A row that shares nothing with any hop: itself alone.
    journey = JourneyReader(database.db).read(*other, now);
    QVERIFY2(journey.ok(), qPrintable(journey.errorMessage()));
    QVERIFY(journey->hops.isEmpty());
    QCOMPARE(journey->sinkRows.size(), 1);
    QVERIFY(!journey->isEmpty());
}

void tst_Journey::everyLookupReadsAnIndex()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    auto ids = writeFlow(database.db, orderFlow(), u"trace-indexed"_s);
    QVERIFY2(ids.ok(), qPrintable(ids.errorMessage()));
    if (engine == test::ScratchDatabase::Engine::SQLite) {
        // The expression of each default key, as the reader writes it, is the one indexed.
        CorrelationKeys keys;
        for (const QString &key : keys.all()) {
            const SqlStatement statement{u"SELECT id FROM port_messages WHERE "_s +
                                             JourneyReader::keyExpression(SqlEngine::SQLite, key) +
                                             u" IN (SELECT value FROM json_each(?))"_s,
                                         {u"[\"trace-indexed\"]"_s}};
            const QStringList plan = test::sqlitePlan(database.db, statement);
            QVERIFY2(test::fullScans(plan, {}).isEmpty(), qPrintable(plan.join(u"; "_s)));
            QVERIFY2(plan.join(u' ').contains(u"idx_port_messages_"_s + key),
                     qPrintable(plan.join(u"; "_s)));
        }
        // Where each hop came from: by the row it became (migration 22).
        const auto [condition, param] = anyOf(SqlEngine::SQLite, u"stored_id"_s, *ids);
        const QStringList plan = test::sqlitePlan(
            database.db,
            {u"SELECT delivery_key FROM ingest_deliveries WHERE "_s + condition, {param}});
        QVERIFY2(plan.join(u' ').contains(u"idx_ingest_deliveries_stored_id"_s),
                 qPrintable(plan.join(u"; "_s)));
        // A sink's rows by each default key of their metadata (migration 24).
        for (const QString &key : CorrelationKeys().all()) {
            const auto [condition, param] =
                anyOf(SqlEngine::SQLite, jsonKeyExpression(SqlEngine::SQLite, u"metadata"_s, key),
                      {u"x"_s});
            const QStringList sinkPlan = test::sqlitePlan(
                database.db, {u"SELECT id FROM sink_storage WHERE "_s + condition, {param}});
            QVERIFY2(sinkPlan.join(u' ').contains(u"idx_sink_storage_"_s + key),
                     qPrintable(sinkPlan.join(u"; "_s)));
        }
        // A batch line's delivery: by its file and line.
        const QStringList linePlan = test::sqlitePlan(
            database.db, {u"SELECT delivery_key FROM ingest_deliveries WHERE batch_id = ? AND "
                          "line_index = ? AND sink = 'file'"_s,
                          {3, 4}});
        QVERIFY2(linePlan.join(u' ').contains(u"idx_ingest_deliveries_batch"_s),
                 qPrintable(linePlan.join(u"; "_s)));
        return;
    }
    // PostgreSQL: with sequential scans priced out, a whole journey reads no table whole.
    QSqlQuery session(database.db);
    QVERIFY(session.exec(u"BEGIN"_s));
    QVERIFY(session.exec(u"SET LOCAL enable_seqscan = off"_s));
    QVERIFY(SinkStorageRepository(database.db)
                .store({.sinkName = u"notifier"_s,
                        .data = "{}",
                        .metadata = R"({"trace_id": "trace-indexed"})"})
                .ok());
    const QStringList tables{u"port_messages"_s, u"ingest_deliveries"_s, u"sink_storage"_s};
    const auto before = test::pendingScans(database.db, tables);
    const auto journey = JourneyReader(database.db).read(ids->at(4), start.addSecs(3600));
    QVERIFY2(journey.ok(), qPrintable(journey.errorMessage()));
    QCOMPARE(journey->hops.size(), 5);
    QCOMPARE(journey->sinkRows.size(), 1);
    const auto line = JourneyReader(database.db).read(batchLineKey(3, 5), start.addSecs(3600));
    QVERIFY2(line.ok(), qPrintable(line.errorMessage()));
    QCOMPARE(line->receipts.size(), 1);
    const auto after = test::pendingScans(database.db, tables);
    QVERIFY(session.exec(u"ROLLBACK"_s));
    QCOMPARE(after.sequential - before.sequential, 0);
    QVERIFY(after.index > before.index);
}

QTEST_MAIN(tst_Journey)
#include "tst_journey.moc"
