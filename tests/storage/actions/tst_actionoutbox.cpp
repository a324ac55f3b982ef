#include "actionoutbox.h"
#include "actionoutboxtestsupport.h"
#include "actiontestsupport.h"
#include "auditlog.h"
#include "payloaddecoder.h"
#include "portmessageedits.h"
#include "redisclient.h"
#include "replaypublisher.h"
#include "repositorytestsupport.h"

#include <QHash>
#include <QJsonArray>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace porthole::test;

class tst_ActionOutbox : public porthole::test::ActionOutboxTest
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void runsAPlanInChunks_data();
    void runsAPlanInChunks();
    void secondWindowCannotDouble_data() { test::addEngineRows(); }
    void secondWindowCannotDouble();
    void skipsRowsChangedMeanwhile_data() { test::addEngineRows(); }
    void skipsRowsChangedMeanwhile();
    void cancelsMidway_data() { test::addEngineRows(); }
    void cancelsMidway();
    void finishesAfterACrash_data() { test::addEngineRows(); }
    void finishesAfterACrash();
    void loopGuardOverrideIsAudited_data() { test::addEngineRows(); }
    void loopGuardOverrideIsAudited();
};

void tst_ActionOutbox::initTestCase()
{
    const auto url = fixtureRedis();
    QVERIFY2(url.ok(), qPrintable(url.errorMessage()));
    m_redisUrl = *url;
    const auto connected = m_redis.connect(m_redisUrl);
    QVERIFY2(connected.ok(), qPrintable(connected.errorMessage()));
}

void tst_ActionOutbox::runsAPlanInChunks_data()
{
    QTest::addColumn<Engine>("engine");
    QTest::addColumn<ActionKind>("kind");
    QTest::addColumn<QString>("refusedStatus"); // a row of the selection the action refuses
    for (const Engine engine : {Engine::SQLite, Engine::PostgreSQL}) {
        const QString e = test::engineName(engine);
        QTest::addRow("%s: replay", qPrintable(e))
            << engine << ActionKind::Replay << u"completed"_s;
        QTest::addRow("%s: purge", qPrintable(e)) << engine << ActionKind::Purge << u"processing"_s;
        QTest::addRow("%s: restore", qPrintable(e)) << engine << ActionKind::Restore << QString();
        QTest::addRow("%s: move", qPrintable(e)) << engine << ActionKind::Move << u"processing"_s;
    }
}

void tst_ActionOutbox::runsAPlanInChunks()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QFETCH(ActionKind, kind);
    QFETCH(QString, refusedStatus);
    const bool restore = kind == ActionKind::Restore;
    const QDateTime purgedAt = QDateTime::currentDateTimeUtc().addDays(-1);
    QList<PortMessage> untouched;
    int n = 0;
    for (int i = 0; i < 5; ++i)
        QVERIFY(store(database.db, sample(++n), 0, restore ? purgedAt : QDateTime()).ok());
    if (!refusedStatus.isEmpty()) {
        const auto refused = store(database.db, sample(++n, refusedStatus));
        QVERIFY2(refused.ok(), qPrintable(refused.errorMessage()));
        untouched << *refused;
    }
    for (int i = 0; i < 2; ++i) {
        const auto other = store(database.db, sample(++n, u"dead_letter"_s, u"billing"_s), 0,
                                 restore ? purgedAt : QDateTime());
        QVERIFY2(other.ok(), qPrintable(other.errorMessage()));
        untouched << *other;
    }

    ActionSelection selection;
    selection.filter.ports = {u"orders"_s};
    selection.filter.purgedOnly = restore;
    selection.description = u"port orders"_s;
    ActionOptions options;
    options.kind = kind;
    options.toPort = u"archive"_s;
    const auto plan = planAction(database.db, selection, options);
    QVERIFY2(plan.ok(), qPrintable(plan.errorMessage()));
    QCOMPARE(plan->actCount(), 5);
    QCOMPARE(plan->skipCount(), refusedStatus.isEmpty() ? 0 : 1);

    // A row that arrives after the dry run, matching the filter: never touched.
    const auto late = store(database.db, sample(++n), 0, restore ? purgedAt : QDateTime());
    QVERIFY2(late.ok(), qPrintable(late.errorMessage()));
    untouched << *late;

    ActionOutbox outbox(database.db);
    const auto prepared = outbox.prepare(*plan, u"alice"_s);
    QVERIFY2(prepared.ok(), qPrintable(prepared.errorMessage()));
    QVERIFY(prepared->auditId > 0);
    QCOMPARE(prepared->rows, 5);
    QVERIFY(prepared->leftOut.isEmpty());
    // Preparing changes no row.
    for (const PlannedRow &row : plan->rows) {
        const auto stored = current(database.db, row.before.id);
        QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));
        QCOMPARE(describe(*stored), describe(row.before));
    }
    auto summary = outbox.summary(prepared->auditId);
    QVERIFY2(summary.ok(), qPrintable(summary.errorMessage()));
    QCOMPARE(summary->auditId, prepared->auditId);
    QCOMPARE(summary->kind, kind);
    QCOMPARE(summary->total, 5);
    QCOMPARE(summary->open(), 5);
    auto open = outbox.openActions();
    QVERIFY2(open.ok(), qPrintable(open.errorMessage()));
    QCOMPARE(open->size(), 1);
    QCOMPARE(open->constFirst().auditId, prepared->auditId);

    const auto steps = runToEnd(outbox, prepared->auditId, 2);
    QVERIFY2(steps.ok(), qPrintable(steps.errorMessage()));
    const QDateTime finishedBy = QDateTime::currentDateTimeUtc();
    QCOMPARE(steps->size(), 3); // 2 + 2 + 1
    for (const ChunkResult &step : *steps) {
        QVERIFY(step.applied <= 2);
        QCOMPARE(step.published, 0);
        QVERIFY(step.skipped.isEmpty());
    }
    QCOMPARE(appliedIn(*steps), 5);
    const ActionSummary &last = steps->constLast().summary;
    QCOMPARE(last.total, 5);
    QCOMPARE(last.applied, 5);
    QCOMPARE(last.skipped, 0);
    QCOMPARE(last.cancelled, 0);
    verifyFinished(database.db, *plan, *prepared, untouched, u"alice"_s, finishedBy);
    if (QTest::currentTestFailed())
        return;

    open = outbox.openActions();
    QVERIFY2(open.ok(), qPrintable(open.errorMessage()));
    QVERIFY(open->isEmpty());
    summary = outbox.summary(prepared->auditId);
    QVERIFY2(summary.ok(), qPrintable(summary.errorMessage()));
    QVERIFY(summary->finished());
    QCOMPARE(summary->applied, 5);

    // Running a finished action again does nothing.
    const QStringList state = snapshot(database.db);
    const auto again = outbox.runChunk(prepared->auditId, 2);
    if (again.ok())
        QCOMPARE(again->applied, 0);
    QCOMPARE(snapshot(database.db), state);
}

void tst_ActionOutbox::secondWindowCannotDouble()
{
    PORTHOLE_SKIP_ON_TIMESCALEDB_FIXTURE(PORTHOLE_TWO_CONNECTIONS);
    PORTHOLE_MIGRATED_DATABASE(database);
    OtherConnection second(database, u"second window"_s);
    QVERIFY2(second.error.isEmpty(), qPrintable(second.error));
    QStringList ids;
    for (int n = 0; n < 6; ++n) {
        const auto stored = store(database.db, sample(n));
        QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));
        ids << stored->id;
    }
    // Both windows preview first: A rows 0-3, B rows 2-5.
    ActionOptions replay;
    ActionSelection inA;
    inA.ids = ids.mid(0, 4);
    ActionSelection inB;
    inB.ids = ids.mid(2, 4);
    const auto planA = planAction(database.db, inA, replay);
    QVERIFY2(planA.ok(), qPrintable(planA.errorMessage()));
    const auto planB = planAction(second.db, inB, replay);
    QVERIFY2(planB.ok(), qPrintable(planB.errorMessage()));
    QCOMPARE(planA->actCount(), 4);
    QCOMPARE(planB->actCount(), 4);

    ActionOutbox outboxA(database.db);
    ActionOutbox outboxB(second.db);
    const auto preparedA = outboxA.prepare(*planA, u"alice"_s);
    QVERIFY2(preparedA.ok(), qPrintable(preparedA.errorMessage()));
    QCOMPARE(preparedA->rows, 4);
    // B's rows 2 and 3 have an open action: left out, with a reason.
    const auto preparedB = outboxB.prepare(*planB, u"bob"_s);
    QVERIFY2(preparedB.ok(), qPrintable(preparedB.errorMessage()));
    QCOMPARE(preparedB->rows, 2);
    QCOMPARE(idSet(leftOutIds(*preparedB)), idSet(ids.mid(2, 2)));
    for (const auto &[id, reason] : preparedB->leftOut)
        QVERIFY2(!reason.isEmpty(), qPrintable(id));
    auto entries = auditEntries(database.db);
    const auto openingB = entryNamed(entries, u"replay"_s, preparedB->auditId);
    QVERIFY(openingB);
    QCOMPARE(openingB->actor, u"bob"_s);
    QCOMPARE(openingB->affectedIds, QJsonArray::fromStringList(ids.mid(4, 2)));
    QCOMPARE(openingB->affectedCount, 2);
    // The sentence names the rows left out.
    QVERIFY2(openingB->details.contains(ids.at(2)) && openingB->details.contains(ids.at(3)),
             qPrintable(openingB->details));

    // Both run, a step each in turn.
    bool doneA = false;
    bool doneB = false;
    for (int i = 0; i < 20 && !(doneA && doneB); ++i) {
        if (!doneA) {
            const auto step = outboxA.runChunk(preparedA->auditId, 1);
            QVERIFY2(step.ok(), qPrintable(step.errorMessage()));
            doneA = step->summary.finished();
        }
        if (!doneB) {
            const auto step = outboxB.runChunk(preparedB->auditId, 1);
            QVERIFY2(step.ok(), qPrintable(step.errorMessage()));
            doneB = step->summary.finished();
        }
    }
    QVERIFY(doneA && doneB);

    // B clicks again on its old preview: every row of it moved on since, so nothing happens.
    const auto stale = outboxB.prepare(*planB, u"bob"_s);
    QVERIFY2(stale.ok(), qPrintable(stale.errorMessage()));
    QSet<QString> notDone = idSet(leftOutIds(*stale));
    if (stale->rows > 0) {
        const auto steps = runToEnd(outboxB, stale->auditId, 10);
        QVERIFY2(steps.ok(), qPrintable(steps.errorMessage()));
        QCOMPARE(appliedIn(*steps), 0);
        for (const QString &id : skippedIn(*steps).keys())
            notDone.insert(id);
    }
    QCOMPARE(notDone, idSet(planB->actingIds()));

    // Each message was replayed exactly once.
    for (const QString &id : std::as_const(ids)) {
        const auto stored = current(database.db, id);
        QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));
        QCOMPARE(stored->replayCount, 1);
        QCOMPARE(stored->version, 2);
        QCOMPARE(stored->status, u"pending"_s);
    }
    QStringList replayed;
    for (const HistoryRow &h : history(database.db))
        replayed << h.messageId;
    QCOMPARE(replayed.size(), ids.size());
    QCOMPARE(idSet(replayed), idSet(ids));
}

void tst_ActionOutbox::skipsRowsChangedMeanwhile()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QStringList ids;
    for (int n = 0; n < 6; ++n) {
        PortMessage m = sample(n);
        if (n == 3) {
            // Failed with retries left: the pipeline may take it up again any time.
            m.status = u"failed"_s;
            m.retryCount = 1;
        }
        const auto stored = store(database.db, m);
        QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));
        ids << stored->id;
    }
    ActionSelection selection;
    selection.filter.statuses = {u"dead_letter"_s, u"failed"_s};
    ActionOptions replay;
    const auto plan = planAction(database.db, selection, replay);
    QVERIFY2(plan.ok(), qPrintable(plan.errorMessage()));
    QCOMPARE(plan->actCount(), 6);

    // Between the dry run and preparing, an operator edits row 0.
    const QByteArray edited0 = "{\"n\": 0, \"text\": \"edited before prepare\"}";
    QVERIFY(editPortMessagePayload(database.db, ids.at(0), 1, edited0, u"carol"_s).ok());
    ActionOutbox outbox(database.db);
    const auto prepared = outbox.prepare(*plan, u"alice"_s);
    QVERIFY2(prepared.ok(), qPrintable(prepared.errorMessage()));
    QCOMPARE(prepared->rows, 5);
    QCOMPARE(leftOutIds(*prepared), QStringList{ids.at(0)});
    QVERIFY(!prepared->leftOut.constFirst().second.isEmpty());

    // Between preparing and running: row 1 edited, row 2 completed and row 3 retried by a
    // worker (the pipeline writes status alone, version untouched).
    const QByteArray edited1 = "{\"n\": 1, \"text\": \"edited before run\"}";
    QVERIFY(editPortMessagePayload(database.db, ids.at(1), 1, edited1, u"carol"_s).ok());
    QSqlQuery pipeline(database.db);
    QVERIFY(pipeline.prepare(u"UPDATE port_messages SET status = ? WHERE id = ?"_s));
    for (const auto &[id, status] :
         {std::pair{ids.at(2), u"completed"_s}, std::pair{ids.at(3), u"processing"_s}}) {
        pipeline.addBindValue(status);
        pipeline.addBindValue(id);
        QVERIFY2(pipeline.exec(), qPrintable(pipeline.lastError().text()));
    }
    QList<PortMessage> changed;
    for (int i = 0; i < 4; ++i) {
        const auto stored = current(database.db, ids.at(i));
        QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));
        changed << *stored;
    }

    const auto steps = runToEnd(outbox, prepared->auditId, 10);
    QVERIFY2(steps.ok(), qPrintable(steps.errorMessage()));
    const QHash<QString, QString> skipped = skippedIn(*steps);
    QCOMPARE(idSet(skipped.keys()), idSet(ids.mid(1, 3)));
    for (auto it = skipped.cbegin(); it != skipped.cend(); ++it)
        QVERIFY2(!it.value().isEmpty(), qPrintable(it.key()));
    QCOMPARE(appliedIn(*steps), 2);
    const ActionSummary &summary = steps->constLast().summary;
    QCOMPARE(summary.total, 5);
    QCOMPARE(summary.applied, 2);
    QCOMPARE(summary.skipped, 3);

    // The changed rows are as the others left them: not overwritten.
    for (const PortMessage &row : std::as_const(changed)) {
        const auto stored = current(database.db, row.id);
        QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));
        QCOMPARE(describe(*stored), describe(row));
    }
    for (int i = 4; i < 6; ++i) {
        const auto stored = current(database.db, ids.at(i));
        QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));
        QCOMPARE(stored->status, u"pending"_s);
        QCOMPARE(stored->replayCount, 1);
        QCOMPARE(stored->version, 2);
    }
    // History: the two edits and the two replays.
    QStringList replayed;
    for (const HistoryRow &h : history(database.db)) {
        if (h.change == u"replay"_s)
            replayed << h.messageId;
    }
    QCOMPARE(idSet(replayed), idSet(ids.mid(4, 2)));
    QCOMPARE(replayed.size(), 2);

    // The closing entry says which were skipped and why.
    const auto entries = auditEntries(database.db);
    const auto opening = entryNamed(entries, u"replay"_s, prepared->auditId);
    QVERIFY(opening);
    QCOMPARE(opening->affectedIds, QJsonArray::fromStringList(ids.mid(1, 5)));
    QVERIFY2(opening->details.contains(ids.at(0)), qPrintable(opening->details));
    const auto closing = entryNamed(entries, u"replay finished"_s, prepared->auditId);
    QVERIFY(closing);
    QJsonObject reasons;
    for (auto it = skipped.cbegin(); it != skipped.cend(); ++it)
        reasons.insert(it.key(), it.value());
    QCOMPARE(closing->after, QJsonValue(QJsonObject{
                                 {u"applied"_s, 2}, {u"skipped"_s, reasons}, {u"cancelled"_s, 0}}));
    QCOMPARE(idSet(idsIn(closing->affectedIds)), idSet(ids.mid(4, 2)));
    QCOMPARE(closing->affectedCount, 2);
}

void tst_ActionOutbox::cancelsMidway()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    for (int n = 0; n < 5; ++n)
        QVERIFY(store(database.db, sample(n)).ok());
    const auto plan = planAction(database.db, ActionSelection{}, ActionOptions{});
    QVERIFY2(plan.ok(), qPrintable(plan.errorMessage()));
    QCOMPARE(plan->actCount(), 5);
    ActionOutbox outbox(database.db);
    const auto prepared = outbox.prepare(*plan, u"alice"_s);
    QVERIFY2(prepared.ok(), qPrintable(prepared.errorMessage()));
    const auto step = outbox.runChunk(prepared->auditId, 2);
    QVERIFY2(step.ok(), qPrintable(step.errorMessage()));
    QCOMPARE(step->applied, 2);
    QCOMPARE(step->summary.open(), 3);

    const auto cancelled = outbox.cancel(prepared->auditId, u"bob"_s);
    QVERIFY2(cancelled.ok(), qPrintable(cancelled.errorMessage()));
    QCOMPARE(cancelled->total, 5);
    QCOMPARE(cancelled->applied, 2);
    QCOMPARE(cancelled->skipped, 0);
    QCOMPARE(cancelled->cancelled, 3);
    QVERIFY(cancelled->finished());

    // The oldest two were replayed; the rest are as they were.
    const QStringList acting = plan->actingIds();
    for (const PlannedRow &row : plan->rows) {
        const auto stored = current(database.db, row.before.id);
        QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));
        const bool applied = acting.indexOf(row.before.id) < 2;
        QCOMPARE(describe(*stored), describe(applied ? row.after : row.before));
    }
    QCOMPARE(history(database.db).size(), 2);

    const auto entries = auditEntries(database.db);
    QCOMPARE(entries.size(), 2);
    QVERIFY(!entryNamed(entries, u"replay finished"_s));
    const auto closing = entryNamed(entries, u"replay cancelled"_s, prepared->auditId);
    QVERIFY(closing);
    QCOMPARE(closing->actor, u"bob"_s);
    QCOMPARE(closing->filter, (QJsonObject{{u"action"_s, prepared->auditId}}));
    QCOMPARE(idSet(idsIn(closing->affectedIds)), idSet(acting.mid(0, 2)));
    QCOMPARE(closing->affectedCount, 2);
    QCOMPARE(closing->after,
             QJsonValue(QJsonObject{
                 {u"applied"_s, 2}, {u"skipped"_s, QJsonObject()}, {u"cancelled"_s, 3}}));
    QVERIFY(!closing->details.isEmpty());
    auto open = outbox.openActions();
    QVERIFY2(open.ok(), qPrintable(open.errorMessage()));
    QVERIFY(open->isEmpty());

    // Nothing runs after a cancel, and a second cancel closes nothing again.
    const QStringList state = snapshot(database.db);
    const auto after = outbox.runChunk(prepared->auditId, 10);
    if (after.ok())
        QCOMPARE(after->applied, 0);
    const auto again = outbox.cancel(prepared->auditId, u"bob"_s);
    if (again.ok())
        QCOMPARE(again->cancelled, 3);
    QCOMPARE(snapshot(database.db), state);
}

void tst_ActionOutbox::finishesAfterACrash()
{
    PORTHOLE_SKIP_ON_TIMESCALEDB_FIXTURE(PORTHOLE_TWO_CONNECTIONS);
    PORTHOLE_MIGRATED_DATABASE(database);
    QList<PortMessage> untouched;
    for (int n = 0; n < 5; ++n)
        QVERIFY(store(database.db, sample(n)).ok());
    const auto completed = store(database.db, sample(5, u"completed"_s));
    QVERIFY2(completed.ok(), qPrintable(completed.errorMessage()));
    untouched << *completed;
    ActionOptions options;
    options.resetRetries = false;
    const auto plan = planAction(database.db, ActionSelection{}, options);
    QVERIFY2(plan.ok(), qPrintable(plan.errorMessage()));
    QCOMPARE(plan->actCount(), 5);

    qint64 auditId = 0;
    {
        // The first process prepares and runs one step, then is gone.
        ActionOutbox outbox(database.db);
        const auto prepared = outbox.prepare(*plan, u"alice"_s);
        QVERIFY2(prepared.ok(), qPrintable(prepared.errorMessage()));
        auditId = prepared->auditId;
        const auto step = outbox.runChunk(auditId, 2);
        QVERIFY2(step.ok(), qPrintable(step.errorMessage()));
        QCOMPARE(step->applied, 2);
    }

    // The next start, on a connection of its own, finds the action and finishes it.
    OtherConnection restarted(database, u"restarted"_s);
    QVERIFY2(restarted.error.isEmpty(), qPrintable(restarted.error));
    ActionOutbox outbox(restarted.db);
    const auto open = outbox.openActions();
    QVERIFY2(open.ok(), qPrintable(open.errorMessage()));
    QCOMPARE(open->size(), 1);
    const ActionSummary &found = open->constFirst();
    QCOMPARE(found.auditId, auditId);
    QCOMPARE(found.kind, ActionKind::Replay);
    QCOMPARE(found.target, ReplayTarget::Database);
    QCOMPARE(found.total, 5);
    QCOMPARE(found.applied, 2);
    QCOMPARE(found.open(), 3);

    const auto steps = runToEnd(outbox, auditId, 2);
    QVERIFY2(steps.ok(), qPrintable(steps.errorMessage()));
    QCOMPARE(appliedIn(*steps), 3);
    const QDateTime finishedBy = QDateTime::currentDateTimeUtc();
    PreparedAction prepared;
    prepared.auditId = auditId;
    prepared.rows = 5;
    // The same end as an uninterrupted run.
    verifyFinished(restarted.db, *plan, prepared, untouched, u"alice"_s, finishedBy);
    if (QTest::currentTestFailed())
        return;
    const auto none = outbox.openActions();
    QVERIFY2(none.ok(), qPrintable(none.errorMessage()));
    QVERIFY(none->isEmpty());
}

void tst_ActionOutbox::loopGuardOverrideIsAudited()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QStringList ids;
    for (int n = 0; n < 3; ++n) {
        const auto stored = store(database.db, sample(n), n == 0 ? 0 : 3);
        QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));
        ids << stored->id;
    }
    ActionOptions guarded;
    auto plan = planAction(database.db, ActionSelection{}, guarded);
    QVERIFY2(plan.ok(), qPrintable(plan.errorMessage()));
    QCOMPARE(plan->actingIds(), QStringList{ids.at(0)});

    ActionOptions overridden;
    overridden.overrideBudget = true;
    plan = planAction(database.db, ActionSelection{}, overridden);
    QVERIFY2(plan.ok(), qPrintable(plan.errorMessage()));
    QCOMPARE(plan->actCount(), 3);
    QCOMPARE(plan->overBudgetCount(), 2);

    ActionOutbox outbox(database.db);
    const auto prepared = outbox.prepare(*plan, u"alice"_s);
    QVERIFY2(prepared.ok(), qPrintable(prepared.errorMessage()));
    const auto steps = runToEnd(outbox, prepared->auditId, 10);
    QVERIFY2(steps.ok(), qPrintable(steps.errorMessage()));
    QCOMPARE(appliedIn(*steps), 3);
    for (int n = 0; n < 3; ++n) {
        const auto stored = current(database.db, ids.at(n));
        QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));
        QCOMPARE(stored->replayCount, n == 0 ? 1 : 4);
    }
    const auto opening = entryNamed(auditEntries(database.db), u"replay"_s, prepared->auditId);
    QVERIFY(opening);
    QCOMPARE(opening->filter.value(u"options"_s).toObject(), overridden.toJson());
    QVERIFY2(opening->details.contains(u"loop guard"_s, Qt::CaseInsensitive) ||
                 opening->details.contains(u"override"_s, Qt::CaseInsensitive),
             qPrintable(opening->details));
}

QTEST_GUILESS_MAIN(tst_ActionOutbox)
#include "tst_actionoutbox.moc"
