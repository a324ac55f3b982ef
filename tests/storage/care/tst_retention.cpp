#include "auditlog.h"
#include "backloghistory.h"
#include "fallbacktable.h"
#include "migrateddatabase.h"
#include "repositorytestsupport.h"
#include "retention.h"
#include "sqlsupport.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QTimeZone>
#include <QUuid>

#include <algorithm>
#include <functional>

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {

const QDateTime now(QDate(2026, 11, 21), QTime(12, 0), QTimeZone::utc());

// Rows of the metrics and port message tables at the given ages (days before `now`, as
// seconds so that a row can sit a second either side of a cut-off).
class Rows
{
public:
    explicit Rows(QSqlDatabase db)
        : m_db(std::move(db))
        , m_engine(engineOf(m_db))
    {}

    bool componentMetrics(int count, qint64 ageSeconds)
    {
        return insert(u"INSERT INTO component_metrics (id, component_name, metric_name, "
                      "metric_value, timestamp) VALUES (?, 'splitter', 'rate', 1, ?)"_s,
                      count, ageSeconds);
    }
    bool portMetrics(int count, qint64 ageSeconds)
    {
        return insert(
            u"INSERT INTO port_metrics (id, port_name, timestamp) VALUES (?, 'orders', ?)"_s, count,
            ageSeconds);
    }
    bool portMessages(int count, qint64 ageSeconds, const QString &status = u"completed"_s)
    {
        return insert(u"INSERT INTO port_messages (id, port_name, source_component, "
                      "target_component, message_data, status, created_at, completed_at) "
                      "VALUES (?, 'orders', 's', 't', '{}', '%1', ?, ?)"_s.arg(status),
                      count, ageSeconds, 2);
    }

private:
    bool insert(const QString &sql, int count, qint64 ageSeconds, int times = 1)
    {
        const QVariant at = timestampParam(now.addSecs(-ageSeconds), m_engine);
        QSqlQuery query(m_db);
        if (!query.prepare(sql) || !m_db.transaction())
            return false;
        for (int i = 0; i < count; ++i) {
            query.addBindValue(QUuid::createUuid().toString(QUuid::WithoutBraces));
            for (int t = 0; t < times; ++t)
                query.addBindValue(at);
            if (!query.exec()) {
                qWarning("%s", qPrintable(query.lastError().text()));
                m_db.rollback();
                return false;
            }
        }
        return m_db.commit();
    }

    QSqlDatabase m_db;
    SqlEngine m_engine;
};

constexpr qint64 day = 24 * 3600;

qint64 rowsIn(const QSqlDatabase &db, const QString &table, const QString &where = u"1=1"_s)
{
    return test::scalar(db, u"SELECT count(*) FROM %1 WHERE %2"_s.arg(table, where));
}

} // namespace

class tst_Retention : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void deletesExactlyThePreviewInBatches_data() { test::addEngineRows(); }
    void deletesExactlyThePreviewInBatches();
    void eachTableHasItsOwnRule_data() { test::addEngineRows(); }
    void eachTableHasItsOwnRule();
    void backlogHistoryGoesWithTheMetrics_data() { test::addEngineRows(); }
    void backlogHistoryGoesWithTheMetrics();
    void refusesWhenRowsArrivedUnderTheCutoff_data() { test::addEngineRows(); }
    void refusesWhenRowsArrivedUnderTheCutoff();
    void stoppedRunIsAudited_data() { test::addEngineRows(); }
    void stoppedRunIsAudited();
    void batchesTakeTheOldestFirst_data();
    void batchesTakeTheOldestFirst();
    void batchesFollowTheirTimeBothWays();
};

// Rows a second either side of each cut-off; a batch smaller than every table's share, so
// each is deleted over several statements: exactly the previewed rows go, no more.
void tst_Retention::deletesExactlyThePreviewInBatches()
{
    PORTHOLE_SKIP_ON_TIMESCALEDB_FIXTURE("whole chunks of hypertables go at once with drop_chunks, "
                                         "not in batches (tst_retentionhypertables)");
    PORTHOLE_MIGRATED_DATABASE(database);
    Rows rows(database.db);
    QVERIFY(rows.componentMetrics(23, 30 * day + 1));
    QVERIFY(rows.componentMetrics(5, 30 * day - 1));
    QVERIFY(rows.portMetrics(17, 31 * day));
    QVERIFY(rows.portMetrics(4, 29 * day));
    QVERIFY(rows.portMessages(12, 7 * day + 1));
    QVERIFY(rows.portMessages(3, 7 * day - 1));
    QVERIFY(rows.portMessages(6, 60 * day, u"failed"_s));
    QVERIFY(rows.portMessages(2, 60 * day, u"dead_letter"_s));

    auto plan = previewRetention(database.db, {}, now);
    QVERIFY2(plan.ok(), qPrintable(plan.errorMessage()));
    QCOMPARE(plan->componentMetrics, 23);
    QCOMPARE(plan->portMetrics, 17);
    QCOMPARE(plan->completedMessages, 12);
    QCOMPARE(rowsIn(database.db, u"component_metrics"_s), 28); // a preview deletes nothing

    QList<qint64> progress;
    RetentionOptions options{.actor = u"ops"_s, .batchSize = 5};
    options.progress = [&progress](const RetentionPlan &deleted) {
        progress << deleted.total();
        return true;
    };
    auto done = applyRetention(database.db, *plan, options);
    QVERIFY2(done.ok(), qPrintable(done.errorMessage()));
    QCOMPARE(done->componentMetrics, plan->componentMetrics);
    QCOMPARE(done->portMetrics, plan->portMetrics);
    QCOMPARE(done->completedMessages, plan->completedMessages);
    // 23, 17 and 12 rows five at a time: 5 + 4 + 3 batches, each reported.
    QCOMPARE(progress.size(), 12);
    QCOMPARE(progress.constLast(), 52);
    QVERIFY(std::is_sorted(progress.cbegin(), progress.cend()));

    QCOMPARE(rowsIn(database.db, u"component_metrics"_s), 5);
    QCOMPARE(rowsIn(database.db, u"port_metrics"_s), 4);
    QCOMPARE(rowsIn(database.db, u"port_messages"_s, u"status = 'completed'"_s), 3);
    QCOMPARE(rowsIn(database.db, u"port_messages"_s, u"status <> 'completed'"_s), 8);

    auto audit = AuditLog(database.db).page({}, {});
    QVERIFY(audit.ok());
    QCOMPARE(audit->rows.size(), 1);
    QCOMPARE(audit->rows.constFirst().action, u"retention"_s);
    QCOMPARE(audit->rows.constFirst().affectedCount, 52);

    // The same rules again find nothing, and deleting nothing writes no audit entry.
    auto again = previewRetention(database.db, {}, now);
    QVERIFY(again.ok());
    QCOMPARE(again->total(), 0);
    QVERIFY(applyRetention(database.db, *again).ok());
    QCOMPARE(AuditLog(database.db).page({}, {})->rows.size(), 1);
}

void tst_Retention::eachTableHasItsOwnRule()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    Rows rows(database.db);
    QVERIFY(rows.componentMetrics(3, 10 * day));
    QVERIFY(rows.portMetrics(4, 10 * day));
    QVERIFY(rows.portMessages(5, 10 * day));

    // Component metrics kept 5 days, port metrics whole (0), completed messages 20 days.
    const RetentionRules rules{.componentMetricsDays = 5,
                               .portMetricsDays = 0,
                               .completedMessagesDays = 20,
                               .checkpointsPerComponent = 0};
    auto plan = previewRetention(database.db, rules, now);
    QVERIFY2(plan.ok(), qPrintable(plan.errorMessage()));
    QCOMPARE(plan->componentMetrics, 3);
    QCOMPARE(plan->portMetrics, 0);
    QCOMPARE(plan->completedMessages, 0);
    QVERIFY(applyRetention(database.db, *plan).ok());
    QCOMPARE(rowsIn(database.db, u"component_metrics"_s), 0);
    QCOMPARE(rowsIn(database.db, u"port_metrics"_s), 4);
    QCOMPARE(rowsIn(database.db, u"port_messages"_s), 5);

    const RetentionRules negative{.componentMetricsDays = -1};
    QCOMPARE(previewRetention(database.db, negative, now).error().kind,
             StorageError::Kind::InvalidArgument);
}

// The backlog history's samples older than their rule (30 days, as the metrics') go with the
// metrics in one run, previewed and audited; a database without the table (a pipeline's own,
// not migrated) has none to delete, and the rest of the run goes on.
void tst_Retention::backlogHistoryGoesWithTheMetrics()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    Rows rows(database.db);
    QVERIFY(rows.componentMetrics(3, 31 * day));
    QList<BacklogSample> samples;
    for (const qint64 age : {31 * day + 15, 31 * day, 30 * day + 1, 30 * day - 1, 29 * day}) {
        BacklogSample sample;
        sample.key = {BacklogKind::Port, u"orders"_s, u""_s};
        sample.slot = now.addSecs(-age);
        sample.pending = 5;
        samples << sample;
    }
    QVERIFY(BacklogHistory(database.db).write(samples).ok());

    auto plan = previewRetention(database.db, {}, now);
    QVERIFY2(plan.ok(), qPrintable(plan.errorMessage()));
    QCOMPARE(plan->backlogSamples, 3);
    QCOMPARE(plan->componentMetrics, 3);
    QCOMPARE(plan->total(), 6);
    auto done = applyRetention(database.db, *plan, {.actor = u"ops"_s, .batchSize = 2});
    QVERIFY2(done.ok(), qPrintable(done.errorMessage()));
    QCOMPARE(done->backlogSamples, 3);
    QCOMPARE(rowsIn(database.db, u"backlog_samples"_s), 2);
    QCOMPARE(rowsIn(database.db, u"component_metrics"_s), 0);
    auto audit = AuditLog(database.db).page({}, {});
    QVERIFY(audit.ok());
    QCOMPARE(audit->rows.size(), 1);
    const AuditEntry &entry = audit->rows.constFirst();
    QVERIFY2(entry.targetTable.contains(u"backlog_samples"_s), qPrintable(entry.targetTable));
    QCOMPARE(entry.before.toObject().value(u"backlog_samples"_s).toInteger(), 3);
    QCOMPARE(entry.filter.value(u"backlog_samples_days"_s).toInt(), 30);

    // A rule of its own: off keeps them all; a day keeps the last one.
    RetentionRules rules;
    rules.backlogSamplesDays = 0;
    QCOMPARE(previewRetention(database.db, rules, now.addDays(60))->backlogSamples, 0);
    QCOMPARE(setRetentionRule(rules, u"backlog_samples"_s, u"30d"_s), QString());
    QCOMPARE(rules.backlogSamplesDays, 30);

    QCOMPARE(test::scalar(database.db, u"SELECT count(*) FROM backlog_samples"_s), 2);
    QSqlQuery drop(database.db);
    QVERIFY2(drop.exec(u"DROP TABLE backlog_samples"_s), qPrintable(drop.lastError().text()));
    forgetSchema(database.db); // as a migration down would
    auto without = previewRetention(database.db, {}, now.addDays(60));
    QVERIFY2(without.ok(), qPrintable(without.errorMessage()));
    QCOMPARE(without->backlogSamples, 0);
}

// A metric written after the preview with a time already past the cut-off (a late sender):
// the plan would no longer delete what it showed, so it deletes nothing and says so.
void tst_Retention::refusesWhenRowsArrivedUnderTheCutoff()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    Rows rows(database.db);
    QVERIFY(rows.componentMetrics(8, 40 * day));
    QVERIFY(rows.portMessages(3, 9 * day));
    auto plan = previewRetention(database.db, {}, now);
    QVERIFY(plan.ok());
    QCOMPARE(plan->total(), 11);

    QVERIFY(rows.componentMetrics(1, 45 * day));
    auto refused = applyRetention(database.db, *plan);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().kind, StorageError::Kind::Conflict);
    QVERIFY2(refused.errorMessage().contains(u"component_metrics has 9 rows"_s),
             qPrintable(refused.errorMessage()));
    QCOMPARE(rowsIn(database.db, u"component_metrics"_s), 9);
    QCOMPARE(rowsIn(database.db, u"port_messages"_s), 3);
    QCOMPARE(AuditLog(database.db).page({}, {})->rows.size(), 0);

    auto fresh = previewRetention(database.db, {}, now);
    QVERIFY(fresh.ok());
    QCOMPARE(fresh->total(), 12);
    QCOMPARE(applyRetention(database.db, *fresh)->total(), 12);
}

// Stopped between batches (the dialog's Stop): what is deleted stays deleted, the rest stays,
// and the audit log holds the announcement and where the run stopped.
void tst_Retention::stoppedRunIsAudited()
{
    PORTHOLE_SKIP_ON_TIMESCALEDB_FIXTURE("whole chunks of hypertables go at once with drop_chunks, "
                                         "not in batches (tst_retentionhypertables)");
    PORTHOLE_MIGRATED_DATABASE(database);
    Rows rows(database.db);
    QVERIFY(rows.componentMetrics(30, 40 * day));
    QVERIFY(rows.portMetrics(10, 40 * day));
    auto plan = previewRetention(database.db, {}, now);
    QVERIFY(plan.ok());

    RetentionOptions options{.actor = u"ops"_s, .batchSize = 10};
    options.progress = [](const RetentionPlan &deleted) {
        return deleted.total() < 20;
    };
    auto done = applyRetention(database.db, *plan, options);
    QVERIFY2(done.ok(), qPrintable(done.errorMessage()));
    QCOMPARE(done->componentMetrics, 20);
    QCOMPARE(done->portMetrics, 0);
    QCOMPARE(rowsIn(database.db, u"component_metrics"_s), 10);
    QCOMPARE(rowsIn(database.db, u"port_metrics"_s), 10);

    auto audit = AuditLog(database.db).page({}, {});
    QVERIFY(audit.ok());
    QCOMPARE(audit->rows.size(), 2);
    const AuditEntry &stopped = audit->rows.constFirst(); // newest first
    QCOMPARE(stopped.action, u"retention"_s);
    QCOMPARE(stopped.affectedCount, 20);
    QVERIFY2(stopped.details.contains(
                 u"Retention stopped after 20 of 40 rows: stopped by the operator"_s),
             qPrintable(stopped.details));
    QCOMPARE(audit->rows.constLast().affectedCount, 40);

    // What is left is the next preview's.
    auto rest = previewRetention(database.db, {}, now);
    QVERIFY(rest.ok());
    QCOMPARE(rest->total(), 20);
}

// A batch costs a fixed part (a page of each index, the commit) and a part per row. With the
// fixed part above half the target, one slow batch (a checkpoint beside it) must not leave the
// batches small for the rest of the run: they grow back to where a batch takes the target.
// Each batch deletes the oldest rows left, however the rows lie in the table: here the newest
// were written first, where a scan of the table (PostgreSQL's plan without an order) meets
// them first. Batches going down the time index also never read again what the batches
// before deleted (dead rows PostgreSQL keeps until VACUUM).
void tst_Retention::batchesTakeTheOldestFirst_data()
{
    QTest::addColumn<test::ScratchDatabase::Engine>("engine");
    QTest::addColumn<bool>("timeIndex");
    QTest::newRow("sqlite") << test::ScratchDatabase::Engine::SQLite << true;
    QTest::newRow("postgresql") << test::ScratchDatabase::Engine::PostgreSQL << true;
    // A pipeline's table without Porthole's index on its time (seed 001 has none): SQLite reads
    // it in the order the rows were written, the newest first here, so only the statement's
    // own order takes the oldest first.
    QTest::newRow("sqlite, no index on the time") << test::ScratchDatabase::Engine::SQLite << false;
}

void tst_Retention::batchesTakeTheOldestFirst()
{
    PORTHOLE_SKIP_ON_TIMESCALEDB_FIXTURE("whole chunks of hypertables go at once with drop_chunks, "
                                         "not in batches (tst_retentionhypertables)");
    QFETCH(bool, timeIndex);
    PORTHOLE_MIGRATED_DATABASE(database);
    if (!timeIndex)
        QVERIFY(QSqlQuery(database.db).exec(u"DROP INDEX idx_component_metrics_time"_s));
    Rows rows(database.db);
    constexpr int hours = 40;
    for (int age = 1; age <= hours; ++age) // newest first
        QVERIFY(rows.componentMetrics(1, 30 * day + age * 3600));
    QVERIFY(rows.componentMetrics(3, 29 * day)); // kept
    auto plan = previewRetention(database.db,
                                 {.componentMetricsDays = 30,
                                  .portMetricsDays = 0,
                                  .completedMessagesDays = 0,
                                  .checkpointsPerComponent = 0},
                                 now);
    QVERIFY2(plan.ok(), qPrintable(plan.errorMessage()));
    QCOMPARE(plan->componentMetrics, hours);

    // The k-th oldest row's time (k from 0).
    const auto oldest = [&database](qint64 k) {
        return timestampParam(now.addSecs(-(30 * day + (hours - k) * 3600)), engineOf(database.db));
    };
    QStringList wrong;
    QList<qint64> reported;
    RetentionOptions options{.actor = u"ops"_s, .batchSize = 7};
    options.progress = [&](const RetentionPlan &deleted) {
        const qint64 k = deleted.componentMetrics;
        reported << k;
        QSqlQuery older(database.db);
        older.prepare(u"SELECT count(*) FROM component_metrics WHERE timestamp < ?"_s);
        older.addBindValue(oldest(k));
        if (!older.exec() || !older.next() || older.value(0).toLongLong() != 0)
            wrong << u"after %1 rows, %2 older ones are left"_s.arg(k).arg(
                older.value(0).toString());
        return true;
    };
    auto done = applyRetention(database.db, *plan, options);
    QVERIFY2(done.ok(), qPrintable(done.errorMessage()));
    QCOMPARE(done->componentMetrics, hours);
    QVERIFY2(wrong.isEmpty(), qPrintable(wrong.join(u"; "_s)));
    // Checked after every batch, not once at the end: seven rows at most a batch (fewer when
    // a batch is slow), each report further than the last.
    QVERIFY2(reported.size() >= (hours + 6) / 7, qPrintable(QString::number(reported.size())));
    QVERIFY(std::adjacent_find(reported.cbegin(), reported.cend(), std::greater_equal<>()) ==
            reported.cend());
    QCOMPARE(reported.constLast(), hours);
    QCOMPARE(rowsIn(database.db, u"component_metrics"_s), 3);
}

void tst_Retention::batchesFollowTheirTimeBothWays()
{
    const RetentionOptions options{.actor = {},
                                   .batchSize = 5000,
                                   .batchTime = std::chrono::milliseconds(200),
                                   .progress = {}};
    const auto cost = [](qint64 rows) {
        return 120 + rows / 50;
    }; // 5000 rows: 220 ms
    qint64 size = 100;
    for (int i = 0; i < 20; ++i)
        size = nextRetentionBatch(size, cost(size), options);
    QVERIFY2(size >= 3500 && size <= 4500, qPrintable(QString::number(size))); // 190-210 ms
    const qint64 settled = size;
    size = nextRetentionBatch(size, 2000, options); // one batch waited on a checkpoint
    QCOMPARE(size, settled / 2);                    // halved at most
    for (int i = 0; i < 10; ++i)
        size = nextRetentionBatch(size, cost(size), options);
    QVERIFY2(size >= 3500 && size <= 4500, qPrintable(QString::number(size)));

    // Never past batchSize, never below 10 rows, never nothing.
    QCOMPARE(nextRetentionBatch(5000, 1, options), 5000);
    QCOMPARE(nextRetentionBatch(10, 100000, options), 10);
    QCOMPARE(nextRetentionBatch(3, 100000,
                                {.actor = {},
                                 .batchSize = 3,
                                 .batchTime = std::chrono::milliseconds(200),
                                 .progress = {}}),
             3);
}

QTEST_GUILESS_MAIN(tst_Retention)
#include "tst_retention.moc"
