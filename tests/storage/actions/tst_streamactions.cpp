#include "auditlog.h"
#include "migrateddatabase.h"
#include "redisclient.h"
#include "streamactions.h"
#include "streamentrypayload.h"
#include "testservers.h"

#include <QSqlQuery>
#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {

// The i-th entry (from 1) of a test stream was added at Base + i ms.
constexpr qint64 Base = 1764000000000;

QByteArray idOf(qint64 i)
{
    return QByteArray::number(Base + i) + "-0";
}

QList<QByteArray> idsOf(std::initializer_list<qint64> numbers)
{
    QList<QByteArray> ids;
    for (qint64 n : numbers)
        ids.append(idOf(n));
    return ids;
}

} // namespace

class tst_StreamActions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void claimTakesExactlyThePlannedEntries();
    void autoclaimLeavesAnEntryTakenSinceThePlan();
    void ackAndDeleteChangeExactlyThePlan();
    void trimNeverRemovesEntriesAddedAfterThePlan();
    void deadLettersAreStoredOnceThenAcknowledged_data();
    void deadLettersAreStoredOnceThenAcknowledged();
    void groupsAndConsumers();
    void requeueMovesThePlannedElementsBack();
    void readOnlyRefusesEveryActionAndChangesNothing_data();
    void readOnlyRefusesEveryActionAndChangesNothing();
    void malformedActionsAreRefused();

private:
    RedisReply run(const QList<QByteArray> &command);
    // A stream of `entries` entries, a group "g" from its start, and the first `delivered` of
    // them delivered to consumer "alice".
    void makeStream(qint64 entries, qint64 delivered);
    // Entry id -> the consumer that holds it, in group g.
    QMap<QByteArray, QByteArray> pendingOwners(const QByteArray &group = "g");
    QList<QByteArray> streamIds();
    // Everything an action may change, as text: entries, groups, consumers, pending entries,
    // list elements (not idle times).
    QByteArray state();
    QList<AuditEntry> auditEntries(const QSqlDatabase &db);
    Result<StreamActionOutcome> planAndApply(const StreamAction &action, const QSqlDatabase &db,
                                             StreamActionPlan *plan = nullptr);

    RedisClient m_client;
    QByteArray m_prefix;
    QByteArray m_stream; // of the current test
    QByteArray m_queue;
    QByteArray m_processing;
    int m_case = 0;
    std::unique_ptr<test::MigratedDatabase> m_database;
};

RedisReply tst_StreamActions::run(const QList<QByteArray> &command)
{
    auto reply = m_client.command(command);
    if (!reply || reply->isError())
        QTest::qFail(qPrintable(u"%1 failed: %2"_s.arg(QString::fromUtf8(command.join(' ')),
                                                       reply ? QString::fromUtf8(reply->text)
                                                             : reply.errorMessage())),
                     __FILE__, __LINE__);
    return reply ? *reply : RedisReply{};
}

void tst_StreamActions::makeStream(qint64 entries, qint64 delivered)
{
    for (qint64 i = 1; i <= entries; ++i)
        run({"XADD", m_stream, idOf(i), "payload", "{\"n\":" + QByteArray::number(i) + '}'});
    run({"XGROUP", "CREATE", m_stream, "g", "0"});
    if (delivered > 0)
        run({"XREADGROUP", "GROUP", "g", "alice", "COUNT", QByteArray::number(delivered), "STREAMS",
             m_stream, ">"});
}

QMap<QByteArray, QByteArray> tst_StreamActions::pendingOwners(const QByteArray &group)
{
    QMap<QByteArray, QByteArray> owners;
    for (const RedisReply &row : run({"XPENDING", m_stream, group, "-", "+", "100000"}).elements)
        owners.insert(row.elements.at(0).text, row.elements.at(1).text);
    return owners;
}

QList<QByteArray> tst_StreamActions::streamIds()
{
    QList<QByteArray> ids;
    for (const RedisReply &entry : run({"XRANGE", m_stream, "-", "+"}).elements)
        ids.append(entry.elements.at(0).text);
    return ids;
}

QByteArray tst_StreamActions::state()
{
    QByteArray text = "entries " + streamIds().join(',') + '\n';
    if (run({"TYPE", m_stream}).text == "stream") {
        for (const RedisReply &group : run({"XINFO", "GROUPS", m_stream}).elements) {
            const QByteArray name = group.elements.at(1).text;
            text += "group " + name + " last " + group.elements.at(7).text + '\n';
            for (const auto &[id, owner] : pendingOwners(name).asKeyValueRange())
                text += "  pending " + id + ' ' + owner + '\n';
            for (const RedisReply &consumer : run({"XINFO", "CONSUMERS", m_stream, name}).elements)
                text += "  consumer " + consumer.elements.at(1).text + '\n';
        }
    }
    for (const QByteArray &list : {m_queue, m_processing})
        for (const RedisReply &element : run({"LRANGE", list, "0", "-1"}).elements)
            text += list + ' ' + element.text + '\n';
    return text;
}

QList<AuditEntry> tst_StreamActions::auditEntries(const QSqlDatabase &db)
{
    auto page = AuditLog(db).page({}, PageRequest{});
    if (!page)
        QTest::qFail(qPrintable(page.errorMessage()), __FILE__, __LINE__);
    return page ? page->rows : QList<AuditEntry>{};
}

Result<StreamActionOutcome> tst_StreamActions::planAndApply(const StreamAction &action,
                                                            const QSqlDatabase &db,
                                                            StreamActionPlan *planOut)
{
    auto plan = planStreamAction(m_client, action);
    if (!plan)
        return plan.error();
    if (planOut != nullptr)
        *planOut = *plan;
    return applyStreamAction(m_client, *plan, StreamActionContext{db, false, u"tester"_s});
}

void tst_StreamActions::initTestCase()
{
    const auto url = test::fixtureRedis();
    QVERIFY2(url.ok(), qPrintable(url.errorMessage()));
    const Status connected = m_client.connect(*url);
    QVERIFY2(connected.ok(), qPrintable(connected.errorMessage()));
    m_prefix = "tst_streamactions:" + QUuid::createUuid().toByteArray(QUuid::WithoutBraces) + ':';
    m_database = std::make_unique<test::MigratedDatabase>(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(m_database->ok(), qPrintable(m_database->error));
}

void tst_StreamActions::init()
{
    ++m_case;
    m_stream = m_prefix + "stream" + QByteArray::number(m_case);
    m_queue = m_prefix + "queue" + QByteArray::number(m_case);
    m_processing = m_queue + ":processing";
}

void tst_StreamActions::claimTakesExactlyThePlannedEntries()
{
    makeStream(10, 5);
    run({"XACK", m_stream, "g", idOf(3)});
    StreamAction action;
    action.kind = StreamActionKind::Claim;
    action.key = m_stream;
    action.group = "g";
    action.targetConsumer = "bob";
    action.ids = idsOf({1, 2, 3, 7, 99});
    const auto before = pendingOwners();
    StreamActionPlan plan;
    const auto outcome = planAndApply(action, m_database->db, &plan);
    QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
    // Planned: the pending ones; 3 (acknowledged), 7 (never delivered), 99 (no such entry) not.
    QCOMPARE(plan.ids, idsOf({1, 2}));
    QCOMPARE(plan.pending.at(0).consumer, u"alice"_s);
    QCOMPARE(plan.skipped.size(), 3);
    QCOMPARE(outcome->changed, plan.ids);
    // The effect, read back: exactly the planned entries changed owner.
    const auto after = pendingOwners();
    QStringList changed;
    for (const auto &[id, owner] : after.asKeyValueRange())
        if (before.value(id) != owner)
            changed << QString::fromUtf8(id);
    QCOMPARE(changed, (QStringList{QString::fromUtf8(idOf(1)), QString::fromUtf8(idOf(2))}));
    QCOMPARE(after.value(idOf(1)), QByteArray("bob"));
    QCOMPARE(after.keys(), before.keys());
    const auto audit = auditEntries(m_database->db);
    QVERIFY(!audit.isEmpty());
    QCOMPARE(audit.constFirst().action, u"stream-claim"_s);
    QCOMPARE(audit.constFirst().actor, u"tester"_s);
    QCOMPARE(audit.constFirst().targetTable, QString::fromUtf8(m_stream));
    QCOMPARE(audit.constFirst().affectedCount, 2);
    QCOMPARE(audit.constFirst().affectedIds.at(1).toString(), QString::fromUtf8(idOf(2)));
}

void tst_StreamActions::autoclaimLeavesAnEntryTakenSinceThePlan()
{
    makeStream(8, 6);
    // Entries 1 to 4 idle for ten minutes; 5 and 6 just delivered.
    QList<QByteArray> idle{"XCLAIM", m_stream, "g", "alice", "0"};
    idle << idsOf({1, 2, 3, 4}) << "IDLE"
         << "600000"
         << "JUSTID";
    run(idle);
    StreamAction action;
    action.kind = StreamActionKind::AutoClaim;
    action.key = m_stream;
    action.group = "g";
    action.targetConsumer = "bob";
    action.minIdleMs = 60000;
    const auto plan = planStreamAction(m_client, action);
    QVERIFY2(plan.ok(), qPrintable(plan.errorMessage()));
    QCOMPARE(plan->ids, idsOf({1, 2, 3, 4}));
    // Between the plan and the action, carol takes entry 2: it is no longer idle.
    run({"XCLAIM", m_stream, "g", "carol", "0", idOf(2), "JUSTID"});
    const auto outcome =
        applyStreamAction(m_client, *plan, StreamActionContext{m_database->db, false, {}});
    QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
    QCOMPARE(outcome->changed, idsOf({1, 3, 4}));
    QCOMPARE(outcome->unchanged, idsOf({2}));
    const auto owners = pendingOwners();
    QCOMPARE(owners.value(idOf(1)), QByteArray("bob"));
    QCOMPARE(owners.value(idOf(2)), QByteArray("carol"));
    QCOMPARE(owners.value(idOf(4)), QByteArray("bob"));
    QCOMPARE(owners.value(idOf(5)), QByteArray("alice"));
    QCOMPARE(owners.size(), 6);
}

void tst_StreamActions::ackAndDeleteChangeExactlyThePlan()
{
    makeStream(10, 6);
    StreamAction ack;
    ack.kind = StreamActionKind::Ack;
    ack.key = m_stream;
    ack.group = "g";
    ack.ids = idsOf({2, 4, 8});
    StreamActionPlan plan;
    auto outcome = planAndApply(ack, m_database->db, &plan);
    QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
    QCOMPARE(plan.ids, idsOf({2, 4})); // 8 was never delivered
    QCOMPARE(pendingOwners().keys(), idsOf({1, 3, 5, 6}));
    QCOMPARE(auditEntries(m_database->db).constFirst().action, u"stream-ack"_s);

    StreamAction remove;
    remove.kind = StreamActionKind::Delete;
    remove.key = m_stream;
    remove.ids = idsOf({1, 2, 9, 42});
    outcome = planAndApply(remove, m_database->db, &plan);
    QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
    QCOMPARE(plan.ids, idsOf({1, 2, 9}));
    QCOMPARE(plan.pendingCount, 1); // entry 1 is still pending
    QCOMPARE(outcome->changed, plan.ids);
    QCOMPARE(streamIds(), idsOf({3, 4, 5, 6, 7, 8, 10}));
    QCOMPARE(auditEntries(m_database->db).constFirst().affectedCount, 3);
}

void tst_StreamActions::trimNeverRemovesEntriesAddedAfterThePlan()
{
    makeStream(20, 7);
    run({"XDEL", m_stream, idOf(2)}); // still pending: counted in no plan
    StreamAction action;
    action.kind = StreamActionKind::Trim;
    action.key = m_stream;
    action.trimStrategy = TrimStrategy::MaxLen;
    action.trimThreshold = "15";
    const auto plan = planStreamAction(m_client, action);
    QVERIFY2(plan.ok(), qPrintable(plan.errorMessage()));
    QCOMPARE(plan->ids, idsOf({1, 3, 4, 5}));
    QCOMPARE(plan->pendingCount, 4); // not 2 (gone already), nor 6 and 7 (kept)
    QCOMPARE(plan->trimMinId, idOf(5).replace("-0", "-1"));
    // Three entries come in after the plan: MAXLEN 15 would now remove seven.
    for (qint64 i = 21; i <= 23; ++i)
        run({"XADD", m_stream, idOf(i), "payload", "late"});
    const auto outcome =
        applyStreamAction(m_client, *plan, StreamActionContext{m_database->db, false, {}});
    QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
    QCOMPARE(outcome->changed, plan->ids);
    QCOMPARE(streamIds().size(), 18);
    QCOMPARE(streamIds().constFirst(), idOf(6));

    // MINID: the entries before the id.
    action.trimStrategy = TrimStrategy::MinId;
    action.trimThreshold = idOf(9);
    StreamActionPlan minIdPlan;
    const auto trimmed = planAndApply(action, m_database->db, &minIdPlan);
    QVERIFY2(trimmed.ok(), qPrintable(trimmed.errorMessage()));
    QCOMPARE(minIdPlan.ids, idsOf({6, 7, 8}));
    QCOMPARE(trimmed->changed, minIdPlan.ids);
    QCOMPARE(streamIds().constFirst(), idOf(9));
    QCOMPARE(auditEntries(m_database->db).constFirst().action, u"stream-trim"_s);
}

void tst_StreamActions::deadLettersAreStoredOnceThenAcknowledged_data()
{
    test::addEngineRows();
}

void tst_StreamActions::deadLettersAreStoredOnceThenAcknowledged()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    makeStream(6, 5);
    run({"XDEL", m_stream, idOf(5)}); // pending, but its payload is gone
    StreamAction action;
    action.kind = StreamActionKind::DeadLetter;
    action.key = m_stream;
    action.group = "g";
    action.ids = idsOf({1, 2, 5, 6});
    action.reason = u"crashes the parser"_s;
    StreamActionPlan plan;
    const auto outcome = planAndApply(action, database.db, &plan);
    QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
    QCOMPARE(plan.ids, idsOf({1, 2}));
    QCOMPARE(plan.skipped.size(), 2); // 5 deleted, 6 never delivered
    QCOMPARE(outcome->changed, plan.ids);
    QCOMPARE(outcome->alreadyStored, 0);
    QCOMPARE(pendingOwners().keys(), idsOf({3, 4, 5}));

    QSqlQuery rows(database.db);
    QVERIFY(rows.exec(u"SELECT id, port_name, status, error_message, message_data FROM "
                      "port_messages ORDER BY id"_s));
    QStringList ids;
    while (rows.next()) {
        ids << rows.value(0).toString();
        QCOMPARE(rows.value(1).toString(), QString::fromUtf8(m_stream));
        QCOMPARE(rows.value(2).toString(), u"dead_letter"_s);
        QCOMPARE(rows.value(3).toString(), u"crashes the parser"_s);
        QVERIFY(rows.value(4).toString().contains(u"{\\\"n\\\":"_s));
    }
    QStringList expected{deadLetterRowId(m_stream, "g", idOf(1)),
                         deadLetterRowId(m_stream, "g", idOf(2))};
    expected.sort();
    QCOMPARE(ids, expected);
    const auto audit = auditEntries(database.db);
    QCOMPARE(audit.size(), 1);
    QCOMPARE(audit.constFirst().action, u"stream-dead-letter"_s);
    QCOMPARE(audit.constFirst().affectedCount, 2);
    QCOMPARE(outcome->auditId, audit.constFirst().id);

    // The same plan again (a re-run): nothing pending any more, nothing stored twice.
    const auto again =
        applyStreamAction(m_client, plan, StreamActionContext{database.db, false, {}});
    QVERIFY2(again.ok(), qPrintable(again.errorMessage()));
    QVERIFY(again->changed.isEmpty());
    QCOMPARE(again->unchanged, plan.ids);
    QVERIFY(rows.exec(u"SELECT count(*) FROM port_messages"_s) && rows.next());
    QCOMPARE(rows.value(0).toInt(), 2);
}

void tst_StreamActions::groupsAndConsumers()
{
    makeStream(5, 2);
    StreamAction create;
    create.kind = StreamActionKind::GroupCreate;
    create.key = m_stream;
    create.group = "g";
    auto refused = planStreamAction(m_client, create);
    QVERIFY(!refused.ok());
    QVERIFY2(refused.errorMessage().contains(u"has a group"_s), qPrintable(refused.errorMessage()));
    create.group = "h";
    create.startId = idOf(3);
    QVERIFY(planAndApply(create, m_database->db).ok());
    QVERIFY(state().contains(QByteArray("group h last " + idOf(3))));

    StreamAction reset = create;
    reset.kind = StreamActionKind::GroupReset;
    reset.startId = "0";
    StreamActionPlan plan;
    QVERIFY(planAndApply(reset, m_database->db, &plan).ok());
    QCOMPARE(plan.lastDeliveredId, idOf(3));
    QVERIFY(state().contains("group h last 0-0"));

    StreamAction consumer;
    consumer.kind = StreamActionKind::ConsumerDelete;
    consumer.key = m_stream;
    consumer.group = "g";
    consumer.consumer = "alice";
    refused = planStreamAction(m_client, consumer);
    QVERIFY(!refused.ok());
    QVERIFY2(refused.errorMessage().contains(u"holds 2 entries"_s),
             qPrintable(refused.errorMessage()));
    run({"XGROUP", "CREATECONSUMER", m_stream, "g", "idle-one"});
    consumer.consumer = "idle-one";
    QVERIFY(planAndApply(consumer, m_database->db).ok());
    QVERIFY(!state().contains("consumer idle-one"));
    QVERIFY(state().contains("consumer alice"));

    StreamAction destroy = consumer;
    destroy.kind = StreamActionKind::GroupDelete;
    const auto deletePlan = planStreamAction(m_client, destroy);
    QVERIFY(deletePlan.ok());
    QCOMPARE(deletePlan->pendingCount, 2);
    QCOMPARE(deletePlan->itemCount(), 2);
    // One more entry delivered since the plan: the group is not deleted.
    run({"XREADGROUP", "GROUP", "g", "alice", "COUNT", "1", "STREAMS", m_stream, ">"});
    auto deleted =
        applyStreamAction(m_client, *deletePlan, StreamActionContext{m_database->db, false, {}});
    QVERIFY(!deleted.ok());
    QCOMPARE(deleted.error().kind, StorageError::Kind::Conflict);
    QVERIFY(state().contains("group g "));
    QVERIFY(planAndApply(destroy, m_database->db).ok());
    QVERIFY(!state().contains("group g "));
    QVERIFY(state().contains("group h "));
    QStringList actions;
    for (const AuditEntry &entry : auditEntries(m_database->db))
        actions << entry.action;
    QCOMPARE(actions.mid(0, 4), (QStringList{u"stream-group-delete"_s, u"stream-consumer-delete"_s,
                                             u"stream-group-reset"_s, u"stream-group-create"_s}));
}

void tst_StreamActions::requeueMovesThePlannedElementsBack()
{
    // Consumers take from the right of the queue (BLMOVE queue processing RIGHT LEFT): the
    // processing list holds the newest on the left.
    run({"RPUSH", m_queue, "q1"});
    run({"RPUSH", m_processing, "p3", "p2", "porthole:group:x", "p1"});
    StreamAction action;
    action.kind = StreamActionKind::Requeue;
    action.key = m_queue;
    action.processingList = m_processing;
    const auto plan = planStreamAction(m_client, action);
    QVERIFY2(plan.ok(), qPrintable(plan.errorMessage()));
    QCOMPARE(plan->ids, (QList<QByteArray>{"p3", "p2", "p1"}));
    QCOMPARE(plan->skipped.size(), 1);
    // p2 is done with and removed meanwhile; p4 arrives in processing: neither is moved.
    run({"LREM", m_processing, "1", "p2"});
    run({"LPUSH", m_processing, "p4"});
    const auto outcome =
        applyStreamAction(m_client, *plan, StreamActionContext{m_database->db, false, {}});
    QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
    QCOMPARE(outcome->changed, (QList<QByteArray>{"p3", "p1"}));
    QCOMPARE(outcome->unchanged, (QList<QByteArray>{"p2"}));
    QCOMPARE(state(), "entries \n" + m_queue + " q1\n" + m_queue + " p3\n" + m_queue + " p1\n" +
                          m_processing + " p4\n" + m_processing + " porthole:group:x\n");
    QCOMPARE(auditEntries(m_database->db).constFirst().action, u"list-requeue"_s);
}

void tst_StreamActions::readOnlyRefusesEveryActionAndChangesNothing_data()
{
    QTest::addColumn<StreamAction>("action");
    const auto make = [](StreamActionKind kind) {
        StreamAction action;
        action.kind = kind;
        action.group = "g";
        action.ids = idsOf({1, 2});
        action.targetConsumer = "bob";
        action.reason = u"poison"_s;
        action.trimThreshold = "1";
        action.startId = "0";
        return action;
    };
    for (StreamActionKind kind :
         {StreamActionKind::Claim, StreamActionKind::AutoClaim, StreamActionKind::Ack,
          StreamActionKind::Delete, StreamActionKind::Trim, StreamActionKind::DeadLetter,
          StreamActionKind::GroupReset, StreamActionKind::GroupDelete, StreamActionKind::Requeue}) {
        StreamAction action = make(kind);
        if (kind == StreamActionKind::AutoClaim)
            action.ids.clear();
        QTest::newRow(qPrintable(streamActionName(kind))) << action;
    }
    StreamAction create = make(StreamActionKind::GroupCreate);
    create.group = "new";
    QTest::newRow("stream-group-create") << create;
    StreamAction consumer = make(StreamActionKind::ConsumerDelete);
    consumer.consumer = "idle-one";
    QTest::newRow("stream-consumer-delete") << consumer;
}

void tst_StreamActions::readOnlyRefusesEveryActionAndChangesNothing()
{
    QFETCH(StreamAction, action);
    makeStream(5, 3);
    run({"XGROUP", "CREATECONSUMER", m_stream, "g", "idle-one"});
    run({"RPUSH", m_processing, "p1", "p2"});
    action.key = action.kind == StreamActionKind::Requeue ? m_queue : m_stream;
    action.processingList = m_processing;
    const auto plan = planStreamAction(m_client, action);
    QVERIFY2(plan.ok(), qPrintable(plan.errorMessage()));
    QVERIFY(!plan->changesNothing()); // so that the refusal below is what keeps the state
    const QByteArray before = state();
    const qsizetype audited = auditEntries(m_database->db).size();
    const auto outcome =
        applyStreamAction(m_client, *plan, StreamActionContext{m_database->db, true, {}});
    QVERIFY(!outcome.ok());
    QCOMPARE(outcome.error().kind, StorageError::Kind::InvalidArgument);
    QVERIFY2(outcome.errorMessage().contains(u"read-only"_s), qPrintable(outcome.errorMessage()));
    QCOMPARE(state(), before);
    QCOMPARE(auditEntries(m_database->db).size(), audited);
    // Negative control: the same plan, not read-only, changes the state.
    const auto applied =
        applyStreamAction(m_client, *plan, StreamActionContext{m_database->db, false, {}});
    QVERIFY2(applied.ok(), qPrintable(applied.errorMessage()));
    QVERIFY(state() != before);
    QCOMPARE(auditEntries(m_database->db).size(), audited + 1);
}

void tst_StreamActions::malformedActionsAreRefused()
{
    makeStream(3, 1);
    StreamAction action;
    action.kind = StreamActionKind::Ack;
    action.key = m_stream;
    action.group = "g";
    action.ids = {"1764000000001"}; // XPENDING would read it as a range of ids
    auto plan = planStreamAction(m_client, action);
    QVERIFY(!plan.ok());
    QVERIFY2(plan.errorMessage().contains(u"whole"_s), qPrintable(plan.errorMessage()));
    action.ids = idsOf({1, 1});
    QVERIFY(!planStreamAction(m_client, action).ok());
    action.ids = idsOf({1});
    action.group = "nope";
    plan = planStreamAction(m_client, action);
    QCOMPARE(plan.error().kind, StorageError::Kind::NotFound);
    action.kind = StreamActionKind::DeadLetter;
    action.group = "g";
    plan = planStreamAction(m_client, action);
    QVERIFY2(!plan.ok() && plan.errorMessage().contains(u"reason"_s),
             qPrintable(plan.errorMessage()));
    action.reason = u"poison"_s;
    plan = planStreamAction(m_client, action);
    QVERIFY(plan.ok());
    const auto outcome = applyStreamAction(m_client, *plan, {});
    QVERIFY2(!outcome.ok() && outcome.errorMessage().contains(u"database"_s),
             qPrintable(outcome.errorMessage()));
    QCOMPARE(pendingOwners().keys(), idsOf({1}));
}

QTEST_GUILESS_MAIN(tst_StreamActions)
#include "tst_streamactions.moc"
