// TimescaleDB's part of the database's health and the timescaledb_job_failing alert, on the
// TimescaleDB fixture (scripts/servers/timescaledb): one connection, opened by ConnectionFactory
// as Porthole opens any PostgreSQL server, and everything through it.
//
// The fixture has no background workers, so no scheduler runs a job, and CALL run_job() runs one
// in the foreground without recording it: TimescaleDB 2.23 leaves job_stats and job_errors as
// they were (runRecordsNothing() shows it). What a job's failure looks like to an operator is
// what the scheduler writes after a run, in _timescaledb_internal.bgw_job_stat (which job_stats
// reads) and bgw_job_stat_history (which job_errors reads); the test runs the job for real with
// run_job() and then writes those rows as the scheduler does, with the error the run raised.
#include "alertevaluator.h"
#include "alertrules.h"
#include "alertsignals.h"
#include "connectionfactory.h"
#include "databasehealth.h"
#include "testservers.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <optional>

using namespace Qt::StringLiterals;
using namespace porthole;

class tst_TimescaleHealth : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void hypertablesAggregatesAndJobs();
    void runRecordsNothing();
    void failingJobFiresAndResolves();
    void hypertableSizeIsItsChunks();

private:
    QSqlQuery run(const QString &sql);
    // What the scheduler records after it ran `job`: its stats, and a history row (with the
    // error of a failed run, as job_errors reads it).
    bool recordRun(int job, const QString &error);
    std::optional<TimescaleHealth> read();
    const TimescaleJob *jobOf(const TimescaleHealth &health, int id);

    std::optional<ConnectionFactory> m_factory;
    QSqlDatabase m_db;
    const QString m_suffix = QString::number(QCoreApplication::applicationPid());
    const QString m_table = u"th_readings_"_s + m_suffix;
    const QString m_aggregate = u"th_hourly_"_s + m_suffix;
    const QString m_procedure = u"th_job_"_s + m_suffix;
    int m_policyJob = 0;
    int m_job = 0;
};

QSqlQuery tst_TimescaleHealth::run(const QString &sql)
{
    QSqlQuery query(m_db);
    if (!query.exec(sql))
        qWarning("%s: %s", qPrintable(sql.left(200)), qPrintable(query.lastError().text()));
    return query;
}

std::optional<TimescaleHealth> tst_TimescaleHealth::read()
{
    auto health = readDatabaseHealth(m_db, QDateTime::currentDateTimeUtc());
    if (!health) {
        qWarning("%s", qPrintable(health.errorMessage()));
        return std::nullopt;
    }
    if (!health->problems.isEmpty())
        qWarning("%s", qPrintable(health->problems.join(u'\n')));
    return health->timescale;
}

const TimescaleJob *tst_TimescaleHealth::jobOf(const TimescaleHealth &health, int id)
{
    for (const TimescaleJob &job : health.jobs)
        if (job.id == id)
            return &job;
    return nullptr;
}

bool tst_TimescaleHealth::recordRun(int job, const QString &error)
{
    const QString failed = error.isEmpty() ? u"false"_s : u"true"_s;
    const QString stat =
        u"INSERT INTO _timescaledb_internal.bgw_job_stat (job_id, last_start, last_finish, "
        "next_start, last_successful_finish, last_run_success, total_runs, total_duration, "
        "total_duration_failures, total_successes, total_failures, total_crashes, "
        "consecutive_failures, consecutive_crashes) VALUES (%1, now() - interval '1 second', "
        "now(), now() + interval '1 hour', CASE WHEN %2 THEN '-infinity' ELSE now() END, "
        "NOT %2, 1, interval '1 second', CASE WHEN %2 THEN interval '1 second' ELSE "
        "interval '0' END, CASE WHEN %2 THEN 0 ELSE 1 END, CASE WHEN %2 THEN 1 ELSE 0 END, 0, "
        "CASE WHEN %2 THEN 1 ELSE 0 END, 0) ON CONFLICT (job_id) DO UPDATE SET "
        "last_start = EXCLUDED.last_start, last_finish = EXCLUDED.last_finish, next_start = "
        "EXCLUDED.next_start, last_successful_finish = CASE WHEN %2 THEN "
        "bgw_job_stat.last_successful_finish ELSE EXCLUDED.last_finish END, last_run_success = "
        "NOT %2, total_runs = bgw_job_stat.total_runs + 1, total_successes = "
        "bgw_job_stat.total_successes + EXCLUDED.total_successes, total_failures = "
        "bgw_job_stat.total_failures + EXCLUDED.total_failures, consecutive_failures = CASE "
        "WHEN %2 THEN bgw_job_stat.consecutive_failures + 1 ELSE 0 END"_s.arg(job)
            .arg(failed);
    if (!run(stat).isActive())
        return false;
    QSqlQuery history(m_db);
    history.prepare(
        u"INSERT INTO _timescaledb_internal.bgw_job_stat_history (job_id, pid, execution_start, "
        "execution_finish, succeeded, data) SELECT j.id, pg_backend_pid(), now() - interval "
        "'1 second', now(), NOT %2, jsonb_build_object('job', jsonb_build_object("
        "'proc_schema', j.proc_schema, 'proc_name', j.proc_name)) || CASE WHEN %2 THEN "
        "jsonb_build_object('error_data', jsonb_build_object('message', ?::text, 'sqlerrcode', "
        "'P0001')) ELSE '{}'::jsonb END FROM _timescaledb_config.bgw_job j WHERE j.id = %1"_s
            .arg(job)
            .arg(failed));
    history.addBindValue(error);
    if (!history.exec()) {
        qWarning("bgw_job_stat_history: %s", qPrintable(history.lastError().text()));
        return false;
    }
    return true;
}

void tst_TimescaleHealth::initTestCase()
{
    auto url = test::fixtureTimescaleDb();
    QVERIFY2(url.ok(), qPrintable(url.errorMessage()));
    m_factory.emplace(*url);
    auto db = m_factory->open(u"timescalehealth"_s);
    QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
    m_db = *db;
    QVERIFY(run(u"CREATE EXTENSION IF NOT EXISTS timescaledb"_s).isActive());

    // A hypertable of a chunk a day, with rows on three days; the first day's chunk compressed.
    QVERIFY(run(u"CREATE TABLE %1 (at TIMESTAMPTZ NOT NULL, value DOUBLE PRECISION)"_s.arg(m_table))
                .isActive());
    QVERIFY(run(u"SELECT create_hypertable('%1', by_range('at', INTERVAL '1 day'))"_s.arg(m_table))
                .isActive());
    QVERIFY(run(u"INSERT INTO %1 VALUES ('2026-01-01 10:00Z', 1), ('2026-01-02 10:00Z', 2), "
                "('2026-01-03 10:30Z', 3)"_s.arg(m_table))
                .isActive());
    QVERIFY(run(u"ALTER TABLE %1 SET (timescaledb.compress)"_s.arg(m_table)).isActive());
    QVERIFY(
        run(u"SELECT compress_chunk(c) FROM show_chunks('%1') c ORDER BY c LIMIT 1"_s.arg(m_table))
            .isActive());

    // An hourly aggregate with a refresh policy, refreshed once by hand.
    QVERIFY(run(u"CREATE MATERIALIZED VIEW %1 WITH (timescaledb.continuous) AS SELECT "
                "time_bucket('1 hour', at) AS bucket, avg(value) FROM %2 GROUP BY 1 "
                "WITH NO DATA"_s.arg(m_aggregate, m_table))
                .isActive());
    QSqlQuery policy = run(u"SELECT add_continuous_aggregate_policy('%1', start_offset => "
                           "INTERVAL '30 days', end_offset => INTERVAL '1 hour', "
                           "schedule_interval => INTERVAL '1 hour')"_s.arg(m_aggregate));
    QVERIFY(policy.next());
    m_policyJob = policy.value(0).toInt();
    QVERIFY(
        run(u"CALL refresh_continuous_aggregate('%1', NULL, NULL)"_s.arg(m_aggregate)).isActive());

    // A job of its own that fails while its config says so.
    QVERIFY(run(u"CREATE PROCEDURE %1(job_id int, config jsonb) LANGUAGE plpgsql AS $$ BEGIN "
                "IF (config->>'fail')::boolean THEN RAISE EXCEPTION 'the archive is full'; "
                "END IF; END $$"_s.arg(m_procedure))
                .isActive());
    QSqlQuery job =
        run(u"SELECT add_job('%1', '1 hour', config => '{\"fail\": true}')"_s.arg(m_procedure));
    QVERIFY(job.next());
    m_job = job.value(0).toInt();
}

void tst_TimescaleHealth::cleanupTestCase()
{
    if (!m_factory)
        return;
    if (m_db.isOpen()) {
        if (m_job)
            run(u"SELECT delete_job(%1)"_s.arg(m_job));
        run(u"DROP MATERIALIZED VIEW IF EXISTS %1"_s.arg(m_aggregate));
        run(u"DROP TABLE IF EXISTS %1"_s.arg(m_table));
        run(u"DROP PROCEDURE IF EXISTS %1"_s.arg(m_procedure));
    }
    m_db = QSqlDatabase();
    m_factory->close(u"timescalehealth"_s);
}

void tst_TimescaleHealth::hypertablesAggregatesAndJobs()
{
    const std::optional<TimescaleHealth> health = read();
    QVERIFY(health);
    QVERIFY2(health->version.startsWith(u"2.23"_s), qPrintable(health->version));
    QCOMPARE(health->hypertablesGap, TimescaleGap::None);
    QCOMPARE(health->aggregatesGap, TimescaleGap::None);
    QCOMPARE(health->jobsGap, TimescaleGap::None);

    const auto table =
        std::find_if(health->hypertables.cbegin(), health->hypertables.cend(),
                     [&](const TimescaleHypertable &t) { return t.name == m_table; });
    QVERIFY(table != health->hypertables.cend());
    QCOMPARE(table->schema, u"public"_s);
    QCOMPARE(table->chunks, 3);
    QCOMPARE(table->compressedChunks, 1);
    QVERIFY(table->compressionEnabled);
    QCOMPARE(table->rangeStart, QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC));
    QCOMPARE(table->rangeEnd, QDateTime(QDate(2026, 1, 4), QTime(0, 0), Qt::UTC));
    QVERIFY(table->bytes.value_or(0) > 0);
    QVERIFY(health->chunkCount >= 3);
    QVERIFY(health->compressedChunkCount >= 1);
    QVERIFY(health->hypertableCount >= 1);

    const auto aggregate =
        std::find_if(health->aggregates.cbegin(), health->aggregates.cend(),
                     [&](const TimescaleAggregate &a) { return a.name == m_aggregate; });
    QVERIFY(aggregate != health->aggregates.cend());
    QCOMPARE(aggregate->hypertable, m_table);
    QCOMPARE(aggregate->policyJob, std::optional(m_policyJob));
    QCOMPARE(aggregate->scheduleSeconds, std::optional(3600.0));
    QCOMPARE(aggregate->startOffset, u"30 days"_s);
    QCOMPARE(aggregate->endOffset, u"01:00:00"_s);
    QVERIFY(aggregate->materialized);
    // Its last bucket holds 10:30: materialized up to the hour after it.
    QCOMPARE(aggregate->watermark, QDateTime(QDate(2026, 1, 3), QTime(11, 0), Qt::UTC));

    const TimescaleJob *policy = jobOf(*health, m_policyJob);
    QVERIFY(policy);
    QCOMPARE(policy->proc, u"_timescaledb_functions.policy_refresh_continuous_aggregate"_s);
    QCOMPARE(policy->hypertable, m_aggregate);
    QCOMPARE(policy->scheduleSeconds, std::optional(3600.0));
    const TimescaleJob *own = jobOf(*health, m_job);
    QVERIFY(own);
    QCOMPARE(own->proc, u"public."_s + m_procedure);
    QCOMPARE(own->lastRunStatus, QString()); // never run
    QVERIFY(!own->lastRunStart.isValid());
    QVERIFY(own->nextStart.isValid());
    QCOMPARE(health->jobCount, qint64(health->jobs.size()));
}

void tst_TimescaleHealth::runRecordsNothing()
{
    // The job run in the foreground fails with its error, and job_stats does not count it.
    QSqlQuery query(m_db);
    QVERIFY(!query.exec(u"CALL run_job(%1)"_s.arg(m_job)));
    QVERIFY2(query.lastError().text().contains(u"the archive is full"_s),
             qPrintable(query.lastError().text()));
    const std::optional<TimescaleHealth> health = read();
    QVERIFY(health);
    const TimescaleJob *own = jobOf(*health, m_job);
    QVERIFY(own);
    QCOMPARE(own->totalRuns, 0);
    QCOMPARE(own->lastRunStatus, QString());
}

void tst_TimescaleHealth::failingJobFiresAndResolves()
{
    const QList<AlertRule> defaults = defaultAlertRules();
    const AlertRule *rule = findAlertRule(defaults, u"timescaledb-job-failing"_s);
    QVERIFY(rule);
    QCOMPARE(alertKindName(rule->kind), u"timescaledb_job_failing"_s);
    AlertEvaluator evaluator(defaults);
    const QString subject = u"job %1 %2"_s.arg(m_job).arg(m_procedure); // a job of no hypertable

    // Never run: no reading for it.
    QDateTime now = QDateTime::currentDateTimeUtc();
    auto readings = AlertSignals(m_db).read(*rule, now);
    QVERIFY2(readings.ok(), qPrintable(readings.errorMessage()));
    for (const AlertReading &reading : *readings)
        QVERIFY(reading.subject != subject);

    // The run fails, as the scheduler records it.
    QVERIFY(!QSqlQuery(m_db).exec(u"CALL run_job(%1)"_s.arg(m_job)));
    QVERIFY(recordRun(m_job, u"the archive is full"_s));
    std::optional<TimescaleHealth> health = read();
    QVERIFY(health);
    const TimescaleJob *own = jobOf(*health, m_job);
    QVERIFY(own);
    QVERIFY(own->failing());
    QCOMPARE(own->totalRuns, 1);
    QCOMPARE(own->totalFailures, 1);
    QCOMPARE(own->lastError, u"the archive is full"_s);
    QVERIFY(own->lastRunStart.isValid());
    QVERIFY(health->failingJobCount >= 1);
    QCOMPARE(health->jobs.constFirst().failing(), true); // the failing ones first

    now = now.addSecs(60);
    readings = AlertSignals(m_db).read(*rule, now);
    QVERIFY2(readings.ok(), qPrintable(readings.errorMessage()));
    QList<AlertEvent> events = evaluator.feed(rule->id, *readings, now);
    const auto firing = std::find_if(events.cbegin(), events.cend(),
                                     [&](const AlertEvent &e) { return e.subject == subject; });
    QVERIFY(firing != events.cend());
    QCOMPARE(firing->to, AlertState::Firing);
    QCOMPARE(firing->value, std::optional(1.0));
    QCOMPARE(firing->detail, u"the archive is full"_s);

    // Mended: the next run succeeds and the alert resolves.
    QVERIFY(run(u"SELECT alter_job(%1, config => '{\"fail\": false}')"_s.arg(m_job)).isActive());
    QVERIFY(run(u"CALL run_job(%1)"_s.arg(m_job)).isActive());
    QVERIFY(recordRun(m_job, QString()));
    health = read();
    QVERIFY(health);
    own = jobOf(*health, m_job);
    QVERIFY(own);
    QCOMPARE(own->lastRunStatus, u"Success"_s);
    QCOMPARE(own->totalRuns, 2);
    QCOMPARE(own->totalFailures, 1);

    now = now.addSecs(60);
    readings = AlertSignals(m_db).read(*rule, now);
    QVERIFY2(readings.ok(), qPrintable(readings.errorMessage()));
    events = evaluator.feed(rule->id, *readings, now);
    const auto resolved = std::find_if(events.cbegin(), events.cend(),
                                       [&](const AlertEvent &e) { return e.subject == subject; });
    QVERIFY(resolved != events.cend());
    QCOMPARE(resolved->from, AlertState::Firing);
    QCOMPARE(resolved->to, AlertState::Resolved);
    QCOMPARE(resolved->value, std::optional(0.0));
    QCOMPARE(evaluator.state(rule->id, subject), AlertState::Resolved);
}

// The table list gives a hypertable's size as hypertable_size() does (every chunk, compressed
// or not, with its indexes), not its own relation's, which holds no row.
void tst_TimescaleHealth::hypertableSizeIsItsChunks()
{
    auto health = readDatabaseHealth(m_db, QDateTime::currentDateTimeUtc());
    QVERIFY2(health, qPrintable(health.errorMessage()));
    const auto table = std::find_if(health->tables.cbegin(), health->tables.cend(),
                                    [&](const TableHealth &t) { return t.name == m_table; });
    QVERIFY(table != health->tables.cend());
    QSqlQuery size =
        run(u"SELECT hypertable_size('%1'), pg_total_relation_size('%1')"_s.arg(m_table));
    QVERIFY(size.next());
    QVERIFY(size.value(0).toLongLong() > size.value(1).toLongLong());
    QCOMPARE(table->bytes, std::optional<qint64>(size.value(0).toLongLong()));
}

QTEST_GUILESS_MAIN(tst_TimescaleHealth)
#include "tst_timescalehealth.moc"
