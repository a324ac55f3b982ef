// The plan of an action on port messages: the rows it takes, chosen by id, by filter or by both,
// and nothing written while planning.

#include "actionoutbox.h"
#include "actiontestsupport.h"
#include "auditlog.h"
#include "portmessageactions.h"
#include "portmessagerepository.h"
#include "repositorytestsupport.h"
#include "statustransitions.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTest>
#include <QTimeZone>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace porthole::test;
using Engine = porthole::test::ScratchDatabase::Engine;

class tst_PortMessageActionPlans : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void plansByIds_data() { test::addEngineRows(); }
    void plansByIds();
    void plansByFilter_data() { test::addEngineRows(); }
    void plansByFilter();
    void plansByFilterAndTest_data() { test::addEngineRows(); }
    void plansByFilterAndTest();
    void planWritesNothing_data();
    void planWritesNothing();
};

void tst_PortMessageActionPlans::plansByIds()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QDateTime dayAgo = QDateTime::currentDateTimeUtc().addDays(-1);
    QList<PortMessage> rows;
    for (const auto &[status, replays, purged] :
         {std::tuple{u"dead_letter"_s, 0, false}, std::tuple{u"dead_letter"_s, 3, false},
          std::tuple{u"failed"_s, 1, false}, std::tuple{u"completed"_s, 0, false},
          std::tuple{u"pending"_s, 0, false}, std::tuple{u"processing"_s, 0, false},
          std::tuple{u"dead_letter"_s, 0, true}, std::tuple{u"dead_letter"_s, 0, false}}) {
        const auto stored = store(database.db, sample(int(rows.size()), status), replays,
                                  purged ? dayAgo : QDateTime());
        QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));
        rows << *stored;
    }
    const PortMessage notSelected = rows.takeLast();
    const QString unknown = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QString notAnId = u"not-an-id"_s;

    ActionSelection selection;
    for (const PortMessage &row : std::as_const(rows))
        selection.ids << row.id;
    selection.ids << unknown << notAnId << rows.at(0).id; // the first one twice
    selection.description = u"9 selected"_s;
    ActionOptions options; // replay to the database, budget 3
    const QDateTime before = QDateTime::currentDateTimeUtc();
    const auto plan = planAction(database.db, selection, options);
    QVERIFY2(plan.ok(), qPrintable(plan.errorMessage()));
    const QDateTime after = QDateTime::currentDateTimeUtc();

    QVERIFY(plan->plannedAt >= before && plan->plannedAt <= after);
    QCOMPARE(plan->selection, selection.toJson());
    QCOMPARE(plan->options.toJson(), options.toJson());
    QVERIFY(!plan->truncated);
    // Each row named once, the unknown ones as skipped rows; the row not named is not there.
    QStringList planned = idsOf(plan->rows);
    QCOMPARE(planned.size(), rows.size() + 2);
    QCOMPARE(idSet(planned).size(), planned.size());
    QVERIFY(!planned.contains(notSelected.id));

    for (const PlannedRow &row : plan->rows) {
        if (row.before.id == unknown || row.before.id == notAnId) {
            QVERIFY(!row.acts());
            QVERIFY(!row.skipReason.isEmpty());
            continue;
        }
        const auto current = PortMessageRepository(database.db).get(row.before.id);
        QVERIFY2(current.ok(), qPrintable(current.errorMessage()));
        QCOMPARE(describe(row.before), describe(*current));
        // The plan shows exactly what the one rule decides for the row as it is.
        const RowDecision decision = decideAction(row.before, options, plan->plannedAt);
        QCOMPARE(row.skipReason, decision.refusal);
        QCOMPARE(row.overBudget, decision.overBudget);
        QCOMPARE(describe(row.after), row.acts() ? describe(decision.after) : describe(row.before));
    }
    QVERIFY(idSet(planned).contains(unknown));
    QVERIFY(idSet(planned).contains(notAnId));
    // Acting: the dead letter under budget and the failed one. Skipped: over budget,
    // completed, pending, processing (a worker holds it), purged.
    QCOMPARE(idSet(plan->actingIds()), (QSet<QString>{rows.at(0).id, rows.at(2).id}));
    QCOMPARE(plan->actCount(), 2);
    QCOMPARE(plan->skipCount(), 7);
    QCOMPARE(plan->overBudgetCount(), 0);
    qint64 reasons = 0;
    for (const auto &[reason, count] : plan->skipReasons()) {
        QVERIFY(!reason.isEmpty());
        reasons += count;
    }
    QCOMPARE(reasons, plan->skipCount());

    // More ids than the limit: the plan says it holds only part of them.
    const auto part = planAction(database.db, selection, options, 2);
    QVERIFY2(part.ok(), qPrintable(part.errorMessage()));
    QCOMPARE(part->rows.size(), 2);
    QVERIFY(part->truncated);
}

void tst_PortMessageActionPlans::plansByFilter()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QDateTime dayAgo = QDateTime::currentDateTimeUtc().addDays(-1);
    QStringList orders, ordersDead, billing, purged;
    int n = 0;
    for (const auto &[port, status, isPurged] : {std::tuple{u"orders"_s, u"dead_letter"_s, false},
                                                 std::tuple{u"orders"_s, u"dead_letter"_s, false},
                                                 std::tuple{u"orders"_s, u"dead_letter"_s, true},
                                                 std::tuple{u"orders"_s, u"completed"_s, false},
                                                 std::tuple{u"orders"_s, u"completed"_s, true},
                                                 std::tuple{u"billing"_s, u"dead_letter"_s, false},
                                                 std::tuple{u"billing"_s, u"failed"_s, false}}) {
        const auto stored =
            store(database.db, sample(++n, status, port), 0, isPurged ? dayAgo : QDateTime());
        QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));
        if (isPurged)
            purged << stored->id;
        else if (port == u"orders"_s)
            orders << stored->id;
        else
            billing << stored->id;
        if (!isPurged && port == u"orders"_s && status == u"dead_letter"_s)
            ordersDead << stored->id;
    }

    ActionSelection selection;
    selection.filter.ports = {u"orders"_s};
    selection.description = u"port orders"_s;
    ActionOptions replay;
    auto plan = planAction(database.db, selection, replay);
    QVERIFY2(plan.ok(), qPrintable(plan.errorMessage()));
    // Purged rows are not selected by a filter.
    QCOMPARE(idSet(idsOf(plan->rows)), idSet(orders));
    QCOMPARE(idSet(plan->actingIds()), idSet(ordersDead));
    QCOMPARE(plan->selection, selection.toJson());

    selection.filter.statuses = {u"dead_letter"_s};
    plan = planAction(database.db, selection, replay);
    QVERIFY2(plan.ok(), qPrintable(plan.errorMessage()));
    QCOMPARE(idSet(idsOf(plan->rows)), idSet(ordersDead));
    QCOMPARE(plan->actCount(), ordersDead.size());

    // Only the purged ones, when asked for them: restored, and refused for a replay.
    ActionSelection purgedOnly;
    purgedOnly.filter.purgedOnly = true;
    ActionOptions restore;
    restore.kind = ActionKind::Restore;
    plan = planAction(database.db, purgedOnly, restore);
    QVERIFY2(plan.ok(), qPrintable(plan.errorMessage()));
    QCOMPARE(idSet(idsOf(plan->rows)), idSet(purged));
    QCOMPARE(idSet(plan->actingIds()), idSet(purged));
    for (const PlannedRow &row : plan->rows)
        QVERIFY(!row.after.deletedAt.isValid());

    plan = planAction(database.db, purgedOnly, replay);
    QVERIFY2(plan.ok(), qPrintable(plan.errorMessage()));
    QCOMPARE(idSet(idsOf(plan->rows)), idSet(purged));
    QCOMPARE(plan->actCount(), 0);
    for (const auto &[reason, count] : plan->skipReasons())
        QVERIFY2(reason.contains(u"purged"_s), qPrintable(reason));

    // Billing's dead letters and failed rows, by the dead-letter view's condition.
    ActionSelection deadLetters;
    deadLetters.filter.deadLettersOnly = true;
    deadLetters.filter.ports = {u"billing"_s};
    plan = planAction(database.db, deadLetters, replay);
    QVERIFY2(plan.ok(), qPrintable(plan.errorMessage()));
    QCOMPARE(idSet(idsOf(plan->rows)), idSet(billing));
}

void tst_PortMessageActionPlans::plansByFilterAndTest()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QStringList timeouts;
    for (int n = 0; n < 6; ++n) {
        PortMessage m = sample(n);
        if (n % 2)
            m.errorMessage = u"connection refused by sink-%1"_s.arg(n);
        const auto stored = store(database.db, m);
        QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));
        if (!(n % 2))
            timeouts << stored->id;
    }
    ActionSelection selection;
    selection.filter.statuses = {u"dead_letter"_s};
    selection.matches = [](const PortMessage &m) {
        return m.errorMessage.startsWith(u"timeout"_s);
    };
    selection.description = u"group: timeout after <n>s"_s;
    ActionOptions options;

    auto plan = planAction(database.db, selection, options);
    QVERIFY2(plan.ok(), qPrintable(plan.errorMessage()));
    QCOMPARE(idSet(idsOf(plan->rows)), idSet(timeouts));
    QVERIFY(!plan->truncated);
    QCOMPARE(plan->selection.value(u"description"_s).toString(), selection.description);

    // The limit counts the rows the test lets through, not the rows the filter reads.
    plan = planAction(database.db, selection, options, 3);
    QVERIFY2(plan.ok(), qPrintable(plan.errorMessage()));
    QCOMPARE(idSet(idsOf(plan->rows)), idSet(timeouts));
    QVERIFY(!plan->truncated);
    plan = planAction(database.db, selection, options, 2);
    QVERIFY2(plan.ok(), qPrintable(plan.errorMessage()));
    QCOMPARE(plan->rows.size(), 2);
    QVERIFY(plan->truncated);
    QVERIFY(idSet(timeouts).contains(idSet(idsOf(plan->rows))));

    selection.matches = nullptr;
    plan = planAction(database.db, selection, options, 4);
    QVERIFY2(plan.ok(), qPrintable(plan.errorMessage()));
    QCOMPARE(plan->rows.size(), 4);
    QVERIFY(plan->truncated);
    plan = planAction(database.db, selection, options, 6);
    QVERIFY2(plan.ok(), qPrintable(plan.errorMessage()));
    QCOMPARE(plan->rows.size(), 6);
    QVERIFY(!plan->truncated);
}

void tst_PortMessageActionPlans::planWritesNothing_data()
{
    QTest::addColumn<Engine>("engine");
    QTest::addColumn<ActionKind>("kind");
    QTest::addColumn<ReplayTarget>("target");
    for (const Engine engine : {Engine::SQLite, Engine::PostgreSQL}) {
        const QString e = test::engineName(engine);
        for (const auto &[kind, target] : {std::pair{ActionKind::Replay, ReplayTarget::Database},
                                           std::pair{ActionKind::Replay, ReplayTarget::Redis},
                                           std::pair{ActionKind::Purge, ReplayTarget::Database},
                                           std::pair{ActionKind::Restore, ReplayTarget::Database},
                                           std::pair{ActionKind::Move, ReplayTarget::Database}})
            QTest::addRow("%s: %s", qPrintable(e), qPrintable(kindText(kind, target)))
                << engine << kind << target;
    }
}

void tst_PortMessageActionPlans::planWritesNothing()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QFETCH(ActionKind, kind);
    QFETCH(ReplayTarget, target);
    const QDateTime dayAgo = QDateTime::currentDateTimeUtc().addDays(-1);
    for (int n = 0; n < 6; ++n) {
        const auto stored =
            store(database.db, sample(n, n == 5 ? u"completed"_s : u"dead_letter"_s),
                  n == 4 ? 3 : 0, n % 3 == 0 ? dayAgo : QDateTime());
        QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));
    }
    const QStringList before = snapshot(database.db);

    ActionSelection selection;
    selection.filter.purgedOnly = kind == ActionKind::Restore;
    ActionOptions options;
    options.kind = kind;
    options.target = target;
    options.redisUrl = u"redis://127.0.0.1:1"_s; // a dry run publishes nothing
    options.toPort = u"billing"_s;
    const auto plan = planAction(database.db, selection, options);
    QVERIFY2(plan.ok(), qPrintable(plan.errorMessage()));
    QVERIFY(plan->actCount() > 0);
    QCOMPARE(snapshot(database.db), before);
}

QTEST_GUILESS_MAIN(tst_PortMessageActionPlans)
#include "tst_portmessageactionplans.moc"
