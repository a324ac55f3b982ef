#include "actionoutbox.h"
#include "componentqueue.h"
#include "portmessageactions.h"
#include "portmessageedits.h"
#include "portmessagerepository.h"
#include "repositorytestsupport.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {

const QDateTime base = QDateTime(QDate(2026, 11, 20), QTime(8, 0), QTimeZone::utc());

PortMessage sentTo(const QString &target, int second, const QString &status = u"pending"_s)
{
    PortMessage m;
    m.portName = u"orders.in"_s;
    m.sourceComponent = u"order-source"_s;
    m.targetComponent = target;
    m.messageData = u"{\"order_id\": %1}"_s.arg(second).toUtf8();
    m.status = status;
    m.createdAt = base.addSecs(second);
    return m;
}

QStringList idsOf(const QList<PortMessage> &rows)
{
    QStringList ids;
    for (const PortMessage &m : rows)
        ids << m.id;
    return ids;
}

// What another writer does to a row with plain SQL (another worker, or an operator at psql):
// its status and version changed in one statement.
bool changeBehind(const QSqlDatabase &db, const QString &id, const QString &set)
{
    QSqlQuery query(db);
    query.prepare(u"UPDATE port_messages SET %1, version = version + 1 WHERE id = ?"_s.arg(set));
    query.addBindValue(id);
    return query.exec() && query.numRowsAffected() == 1;
}

} // namespace

// The queue of one component as it works it (ComponentQueue), on both engines: what it takes,
// how it ends what it took, and that what others changed meanwhile stays as they left it.
class tst_ComponentQueue : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void takesItsPendingOldestFirst_data() { test::addEngineRows(); }
    void takesItsPendingOldestFirst();
    void endsWhatItTook_data() { test::addEngineRows(); }
    void endsWhatItTook();
    void leavesRowsChangedMeanwhile_data() { test::addEngineRows(); }
    void leavesRowsChangedMeanwhile();
    void refusesAnEndTheTransitionsForbid_data() { test::addEngineRows(); }
    void refusesAnEndTheTransitionsForbid();
};

void tst_ComponentQueue::takesItsPendingOldestFirst()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    PortMessageRepository repository(database.db);
    auto stored =
        repository.insert({sentTo(u"validator"_s, 3), sentTo(u"validator"_s, 1),
                           sentTo(u"splitter"_s, 0), sentTo(u"validator"_s, 2),
                           sentTo(u"validator"_s, 0, u"completed"_s), sentTo(u"validator"_s, 4)});
    QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));
    const QList<PortMessage> &rows = *stored;

    // An operator purges the newest pending one through the outbox, as the Queues pane does.
    ActionSelection selection;
    selection.ids = {rows.at(5).id};
    ActionOptions purge;
    purge.kind = ActionKind::Purge;
    auto plan = planAction(database.db, selection, purge);
    QVERIFY2(plan.ok(), qPrintable(plan.errorMessage()));
    ActionOutbox outbox(database.db);
    auto prepared = outbox.prepare(*plan);
    QVERIFY2(prepared.ok(), qPrintable(prepared.errorMessage()));
    auto ran = outbox.runChunk(prepared->auditId, 100);
    QVERIFY2(ran.ok(), qPrintable(ran.errorMessage()));
    QVERIFY(repository.get(rows.at(5).id)->deletedAt.isValid());

    ComponentQueue queue(database.db, u"validator"_s);
    const QDateTime now = base.addSecs(60);
    auto first = queue.take(2, now);
    QVERIFY2(first.ok(), qPrintable(first.errorMessage()));
    QCOMPARE(idsOf(*first), (QStringList{rows.at(1).id, rows.at(3).id}));
    for (const PortMessage &m : *first) {
        QCOMPARE(m.status, u"processing"_s);
        QCOMPARE(m.processedAt, now);
        QCOMPARE(m.version, qint64(1)); // a pipeline's claim is no operator's change
        QCOMPARE(*repository.get(m.id), m);
    }
    auto second = queue.take(10, now.addSecs(1));
    QVERIFY2(second.ok(), qPrintable(second.errorMessage()));
    QCOMPARE(idsOf(*second), QStringList{rows.at(0).id});
    auto third = queue.take(10, now.addSecs(2));
    QVERIFY(third.ok());
    QVERIFY(third->isEmpty());

    // Another component's row, a completed one and the purged one are as they were.
    QCOMPARE(repository.get(rows.at(2).id)->status, u"pending"_s);
    QCOMPARE(*repository.get(rows.at(4).id), rows.at(4));
    const PortMessage purged = *repository.get(rows.at(5).id);
    QCOMPARE(purged.status, u"pending"_s);
    QVERIFY(!purged.processedAt.isValid());
}

void tst_ComponentQueue::endsWhatItTook()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    PortMessageRepository repository(database.db);
    auto stored = repository.insert(
        {sentTo(u"splitter"_s, 0), sentTo(u"splitter"_s, 1), sentTo(u"splitter"_s, 2)});
    QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));
    ComponentQueue queue(database.db, u"splitter"_s);
    const QDateTime takenAt = base.addSecs(10);
    QVERIFY(queue.take(2, takenAt).ok());
    QVERIFY(queue.take(1, takenAt.addSecs(5)).ok());

    // Taken before a time: the two first, not the one taken later.
    auto taken = queue.taken(takenAt.addSecs(1), 10);
    QVERIFY2(taken.ok(), qPrintable(taken.errorMessage()));
    QCOMPARE(idsOf(*taken), (QStringList{stored->at(0).id, stored->at(1).id}));

    QList<PortMessage> ended = *taken;
    ended[0].status = u"completed"_s;
    ended[1].status = u"failed"_s;
    ended[1].retryCount = 3;
    ended[1].errorMessage = u"Timeout after 5000 ms waiting for payment-gateway"_s;
    ended[1].errorDetails = R"({"attempts":4,"component":"splitter"})";
    const QDateTime now = takenAt.addSecs(2);
    auto written = queue.finish(ended, now);
    QVERIFY2(written.ok(), qPrintable(written.errorMessage()));
    QCOMPARE(*written, idsOf(ended));

    const PortMessage completed = *repository.get(ended.at(0).id);
    QCOMPARE(completed.status, u"completed"_s);
    QCOMPARE(completed.processedAt, takenAt);
    QCOMPARE(completed.completedAt, now);
    QCOMPARE(completed.version, qint64(1));
    const PortMessage failed = *repository.get(ended.at(1).id);
    QCOMPARE(failed.status, u"failed"_s);
    QCOMPARE(failed.retryCount, 3);
    QVERIFY(failed.isDeadLetter()); // its three retries spent
    QCOMPARE(failed.errorMessage, ended.at(1).errorMessage);
    QCOMPARE(QJsonDocument::fromJson(failed.errorDetails),
             QJsonDocument::fromJson(ended.at(1).errorDetails));
    QCOMPARE(failed.processedAt, takenAt);
    QVERIFY(!failed.completedAt.isValid());

    // Ended once: a second end finds them no longer processing and writes nothing.
    auto again = queue.finish(ended, now.addSecs(1));
    QVERIFY(again.ok());
    QVERIFY(again->isEmpty());
    QCOMPARE(repository.get(ended.at(0).id)->completedAt, now);
    QCOMPARE(repository.get(stored->at(2).id)->status, u"processing"_s);
}

void tst_ComponentQueue::leavesRowsChangedMeanwhile()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    PortMessageRepository repository(database.db);
    QList<PortMessage> sent;
    for (int i = 0; i < 4; ++i)
        sent << sentTo(u"payment-gateway"_s, i);
    auto stored = repository.insert(sent);
    QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));
    ComponentQueue queue(database.db, u"payment-gateway"_s);
    auto taken = queue.take(10, base.addSecs(10));
    QVERIFY2(taken.ok(), qPrintable(taken.errorMessage()));
    QCOMPARE(taken->size(), 4);

    // While the component works on them: one is dead-lettered, one purged, one's payload edited
    // (by an operator, version + 1); the last is left alone, the negative control.
    const QList<PortMessage> &rows = *taken;
    QVERIFY(changeBehind(database.db, rows.at(0).id,
                         u"status = 'dead_letter', error_message = 'poison'"_s));
    QVERIFY(changeBehind(database.db, rows.at(1).id, u"deleted_at = created_at"_s));
    auto edited = editPortMessagePayload(database.db, rows.at(2).id, 1, R"({"order_id": -2})");
    QVERIFY2(edited.ok(), qPrintable(edited.errorMessage()));
    QList<PortMessage> before;
    for (const PortMessage &m : rows)
        before << *repository.get(m.id);

    QList<PortMessage> ended = rows;
    for (PortMessage &m : ended)
        m.status = u"completed"_s;
    auto written = queue.finish(ended, base.addSecs(12));
    QVERIFY2(written.ok(), qPrintable(written.errorMessage()));
    QCOMPARE(*written, QStringList{rows.at(3).id});
    for (int i = 0; i < 3; ++i)
        QCOMPARE(*repository.get(rows.at(i).id), before.at(i));
    QCOMPARE(repository.get(rows.at(3).id)->status, u"completed"_s);

    // The edited one is still processing, at its new version: read again, it is ended then.
    auto again = queue.taken(base.addSecs(11), 10);
    QVERIFY(again.ok());
    QCOMPARE(idsOf(*again), QStringList{rows.at(2).id});
    QCOMPARE(again->first().version, qint64(2));
    ended = *again;
    ended[0].status = u"completed"_s;
    written = queue.finish(ended, base.addSecs(13));
    QVERIFY(written.ok());
    QCOMPARE(*written, QStringList{rows.at(2).id});
    QCOMPARE(QJsonDocument::fromJson(repository.get(rows.at(2).id)->messageData),
             QJsonDocument::fromJson(R"({"order_id": -2})"));
}

void tst_ComponentQueue::refusesAnEndTheTransitionsForbid()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    PortMessageRepository repository(database.db);
    auto stored = repository.insert({sentTo(u"notifier"_s, 0), sentTo(u"notifier"_s, 1)});
    QVERIFY(stored.ok());
    ComponentQueue queue(database.db, u"notifier"_s);
    auto taken = queue.take(10, base.addSecs(5));
    QVERIFY(taken.ok());
    QList<PortMessage> ended = *taken;
    ended[0].status = u"completed"_s;
    ended[1].status = u"dead_letter"_s; // processing -> dead_letter is not a transition
    auto written = queue.finish(ended, base.addSecs(6));
    QVERIFY(!written.ok());
    QCOMPARE(written.error().kind, StorageError::Kind::InvalidArgument);
    QVERIFY2(written.errorMessage().contains(u"a processing message can become"_s),
             qPrintable(written.errorMessage()));
    for (const PortMessage &m : *taken)
        QCOMPARE(repository.get(m.id)->status, u"processing"_s);
}

QTEST_GUILESS_MAIN(tst_ComponentQueue)
#include "tst_componentqueue.moc"
