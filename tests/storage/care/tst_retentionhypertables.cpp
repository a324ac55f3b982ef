// Retention on TimescaleDB (the fixture of scripts/servers/timescaledb): Porthole's own
// migrations make component_metrics and port_metrics hypertables (migration 6) with continuous
// aggregates over them (migration 17); retention drops their whole chunks past the cut-off
// with drop_chunks() and deletes the rest of the rows in batches, as previewed and audited.
//
// The fixture holds one database, in which another test may have left Porthole's tables. This
// test migrates a schema of its own instead (first on the search path, before public where the
// timescaledb extension is), so that its tables are Porthole's real ones, made by the real
// migrations, and nobody else's; it drops the schema after. The fixture serves one connection
// at a time: everything here goes through one.
#include "auditlog.h"
#include "connectionfactory.h"
#include "fallbacktable.h"
#include "migrationrunner.h"
#include "retention.h"
#include "sqlsupport.h"
#include "testservers.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QTimeZone>
#include <QUuid>

#include <optional>

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {

const QDateTime now(QDate(2026, 11, 21), QTime(12, 0), QTimeZone::utc());
const QDateTime cutoff = now.addDays(-30); // both metrics tables' rule: 30 days
constexpr qint64 day = 24 * 3600;
// The metrics' 30 days, seed 001's rule, on both hypertables.
const RetentionRules rules{.componentMetricsDays = 30,
                           .portMetricsDays = 30,
                           .completedMessagesDays = 7,
                           .checkpointsPerComponent = 10,
                           .backlogSamplesDays = 30};

} // namespace

class tst_RetentionHypertables : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void wholeChunksDroppedTheRestDeleted();
    void rowsWrittenSinceThePreviewStopTheDrop();

private:
    QSqlQuery run(const QString &sql, const QVariantList &values = {});
    qint64 number(const QString &sql, const QVariantList &values = {});
    bool insertMetrics(const QString &table, int count, qint64 ageSeconds);

    std::optional<ConnectionFactory> m_factory;
    QSqlDatabase m_db;
    QString m_searchPath; // the fixture's, put back after
    const QString m_schema = u"retention_%1"_s.arg(QCoreApplication::applicationPid());
};

QSqlQuery tst_RetentionHypertables::run(const QString &sql, const QVariantList &values)
{
    QSqlQuery query(m_db);
    bool ok = false;
    if (values.isEmpty()) { // CALL, SET and SHOW cannot be prepared
        ok = query.exec(sql);
    } else {
        ok = query.prepare(sql);
        for (qsizetype i = 0; ok && i < values.size(); ++i)
            query.bindValue(int(i), values.at(i));
        ok = ok && query.exec();
    }
    if (!ok)
        qWarning("%s: %s", qPrintable(sql.left(200)), qPrintable(query.lastError().text()));
    return query;
}

qint64 tst_RetentionHypertables::number(const QString &sql, const QVariantList &values)
{
    QSqlQuery query = run(sql, values);
    return query.next() ? query.value(0).toLongLong() : -1;
}

bool tst_RetentionHypertables::insertMetrics(const QString &table, int count, qint64 ageSeconds)
{
    const QString sql = table == u"component_metrics"_s
                            ? u"INSERT INTO component_metrics (id, component_name, metric_name, "
                              "metric_value, timestamp) VALUES (?, 'splitter', 'rate', 1, ?)"_s
                            : u"INSERT INTO port_metrics (id, port_name, messages_sent, timestamp) "
                              "VALUES (?, 'orders', 1, ?)"_s;
    for (int i = 0; i < count; ++i) {
        QSqlQuery query =
            run(sql, {QUuid::createUuid().toString(QUuid::WithoutBraces),
                      timestampParam(now.addSecs(-ageSeconds), SqlEngine::PostgreSQL)});
        if (!query.isActive())
            return false;
    }
    return true;
}

void tst_RetentionHypertables::initTestCase()
{
    auto url = test::fixtureTimescaleDb();
    QVERIFY2(url.ok(), qPrintable(url.errorMessage()));
    m_factory.emplace(*url);
    auto db = m_factory->open(u"retention"_s);
    QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
    m_db = *db;
    QSqlQuery path = run(u"SHOW search_path"_s);
    QVERIFY(path.next());
    m_searchPath = path.value(0).toString();
    QVERIFY(run(u"CREATE EXTENSION IF NOT EXISTS timescaledb"_s).isActive());
    QVERIFY(run(u"DROP SCHEMA IF EXISTS %1 CASCADE"_s.arg(m_schema)).isActive());
    QVERIFY(run(u"CREATE SCHEMA %1"_s.arg(m_schema)).isActive());
    QVERIFY(run(u"SET search_path TO %1, public"_s.arg(m_schema)).isActive());
    forgetSchema(m_db);

    auto migrations = MigrationRunner::builtin(DatabaseUrl::Engine::PostgreSQL);
    QVERIFY2(migrations.ok(), qPrintable(migrations.errorMessage()));
    auto migrated = MigrationRunner(m_db, *migrations).up();
    QVERIFY2(migrated.ok(), qPrintable(migrated.errorMessage()));
    // Migration 6 made the metrics tables hypertables, migration 17 the aggregates over them.
    QCOMPARE(number(u"SELECT count(*) FROM timescaledb_information.hypertables "
                    "WHERE hypertable_schema = ?"_s,
                    {m_schema}),
             2);
    QCOMPARE(number(u"SELECT count(*) FROM timescaledb_information.continuous_aggregates "
                    "WHERE view_schema = ?"_s,
                    {m_schema}),
             4);
}

void tst_RetentionHypertables::cleanupTestCase()
{
    if (!m_factory)
        return;
    if (m_db.isOpen()) {
        run(u"DROP SCHEMA IF EXISTS %1 CASCADE"_s.arg(m_schema));
        run(u"SELECT set_config('search_path', ?, false)"_s, {m_searchPath});
    }
    m_db = QSqlDatabase();
    m_factory->close(u"retention"_s);
}

// Rows over two months in week-long chunks (create_hypertable's default), a few either side of
// the cut-off in the chunk that straddles it. The preview counts every row under the cut-off,
// as on plain PostgreSQL, and the whole chunks among them as timescaledb_information.chunks
// lists them; the run drops exactly those chunks and deletes the straddling chunk's rows under
// the cut-off, and the continuous aggregates keep every bucket of what went.
void tst_RetentionHypertables::wholeChunksDroppedTheRestDeleted()
{
    for (const qint64 age : {60 * day, 50 * day, 40 * day, 33 * day})
        QVERIFY(insertMetrics(u"component_metrics"_s, 3, age));
    QVERIFY(insertMetrics(u"component_metrics"_s, 4, 30 * day + 6 * 3600));
    QVERIFY(insertMetrics(u"component_metrics"_s, 2, 30 * day + 1));
    QVERIFY(insertMetrics(u"component_metrics"_s, 5, 30 * day - 1)); // kept
    QVERIFY(insertMetrics(u"component_metrics"_s, 6, 10 * day));     // kept
    QVERIFY(insertMetrics(u"port_metrics"_s, 7, 45 * day));
    QVERIFY(insertMetrics(u"port_metrics"_s, 2, 2 * day)); // kept
    const QVariant at = timestampParam(cutoff, SqlEngine::PostgreSQL);

    // The chunks as TimescaleDB lists them: whole ones end at or before the cut-off, and the
    // one that straddles it holds rows either side.
    const QString chunksOf =
        u"SELECT count(*) FROM timescaledb_information.chunks "
        "WHERE hypertable_schema = '%1' AND hypertable_name = ?"_s.arg(m_schema);
    const QString wholeChunksOf = chunksOf + u" AND range_end <= CAST(? AS timestamptz)"_s;
    const qint64 componentChunks = number(chunksOf, {u"component_metrics"_s});
    const qint64 componentWhole = number(wholeChunksOf, {u"component_metrics"_s, at});
    const qint64 portChunks = number(chunksOf, {u"port_metrics"_s});
    const qint64 portWhole = number(wholeChunksOf, {u"port_metrics"_s, at});
    QVERIFY2(componentWhole >= 4, qPrintable(QString::number(componentWhole)));
    QCOMPARE(portWhole, 1);
    QCOMPARE(number(chunksOf + u" AND range_start < CAST(? AS timestamptz) AND range_end > "
                               "CAST(? AS timestamptz)"_s,
                    {u"component_metrics"_s, at, at}),
             1);
    // The straddling chunk's rows under the cut-off: those the batches delete.
    const qint64 straddling =
        number(u"SELECT count(*) FROM component_metrics WHERE timestamp < ? AND timestamp >= "
               "(SELECT range_start FROM timescaledb_information.chunks WHERE hypertable_schema "
               "= current_schema() AND hypertable_name = 'component_metrics' AND range_start < "
               "CAST(? AS timestamptz) AND range_end > CAST(? AS timestamptz))"_s,
               {at, at, at});
    QCOMPARE(straddling, 6);

    // Materialized buckets of everything, as the refresh policy keeps them (it runs as a job,
    // and the fixture runs no jobs on its own).
    for (const QString &aggregate :
         {u"component_metric_hours"_s, u"component_metric_minutes"_s, u"port_metric_hours"_s})
        QVERIFY(run(u"CALL refresh_continuous_aggregate('%1', NULL, NULL)"_s.arg(aggregate))
                    .isActive());
    const QString bucketsOf = u"SELECT count(*) * 1000000 + sum(value_count) FROM "
                              "component_metric_hours WHERE bucket_start < ?"_s;
    const qint64 bucketsBefore = number(bucketsOf, {at});
    QCOMPARE(bucketsBefore % 1000000, 18); // 12 + 4 + 2 rows under the cut-off
    const qint64 minutesBefore =
        number(u"SELECT count(*) FROM component_metric_minutes WHERE bucket_start < ?"_s, {at});
    const qint64 portBucketsBefore =
        number(u"SELECT sum(sent_count) FROM port_metric_hours WHERE bucket_start < ?"_s, {at});
    QCOMPARE(portBucketsBefore, 7);

    // Chunks past the compression policy's seven days are compressed where the policy ran:
    // the straddling chunk's rows are deleted from a compressed chunk.
    QVERIFY(run(u"SELECT compress_chunk(c) FROM show_chunks('component_metrics', "
                "older_than => CAST(? AS timestamptz)) c"_s,
                {timestampParam(now.addDays(-20), SqlEngine::PostgreSQL)})
                .isActive());

    auto plan = previewRetention(m_db, rules, now);
    QVERIFY2(plan.ok(), qPrintable(plan.errorMessage()));
    QCOMPARE(plan->componentMetrics, 18);
    QCOMPARE(plan->portMetrics, 7);
    QCOMPARE(plan->componentMetricsChunks, componentWhole);
    QCOMPARE(plan->portMetricsChunks, portWhole);
    QCOMPARE(plan->backlogSamplesChunks, 0); // a plain table
    QCOMPARE(plan->total(), 25);
    QCOMPARE(number(chunksOf, {u"component_metrics"_s}), componentChunks); // a preview drops none

    QList<qint64> progress;
    RetentionOptions options{.actor = u"ops"_s, .batchSize = 4};
    options.progress = [&progress](const RetentionPlan &deleted) {
        progress << deleted.total();
        return true;
    };
    auto done = applyRetention(m_db, *plan, options);
    QVERIFY2(done.ok(), qPrintable(done.errorMessage()));
    QCOMPARE(done->componentMetrics, 18);
    QCOMPARE(done->portMetrics, 7);
    QCOMPARE(done->componentMetricsChunks, componentWhole);
    QCOMPARE(done->portMetricsChunks, portWhole);
    // component_metrics: its whole chunks (12 rows) at once, then 4 and 2 rows in batches of 4;
    // port_metrics: its one chunk of 7 rows at once.
    QCOMPARE(progress, (QList<qint64>{12, 16, 18, 25}));

    QCOMPARE(number(u"SELECT count(*) FROM component_metrics"_s), 11);
    QCOMPARE(number(u"SELECT count(*) FROM component_metrics WHERE timestamp < ?"_s, {at}), 0);
    QCOMPARE(number(u"SELECT count(*) FROM port_metrics"_s), 2);
    QCOMPARE(number(chunksOf, {u"component_metrics"_s}), componentChunks - componentWhole);
    QCOMPARE(number(wholeChunksOf, {u"component_metrics"_s, at}), 0);
    QCOMPARE(number(chunksOf, {u"port_metrics"_s}), portChunks - portWhole);

    // The aggregates keep every materialized bucket under the cut-off, of the dropped chunks and
    // of the rows deleted alike: the raw rows are gone, the buckets are not. drop_chunks() marks
    // the dropped range invalid, so a refresh over it would empty those buckets; the refresh
    // policies of migration 17 refresh the last seven days only, and their jobs, run here as
    // TimescaleDB's scheduler would run them, leave the buckets 30 days back as they are.
    // The jobs view names a refresh policy's aggregate as its hypertable.
    QSqlQuery jobs = run(u"SELECT job_id FROM timescaledb_information.jobs WHERE "
                         "hypertable_schema = ? AND proc_name = "
                         "'policy_refresh_continuous_aggregate'"_s,
                         {m_schema});
    QList<int> jobIds;
    while (jobs.next())
        jobIds << jobs.value(0).toInt();
    QCOMPARE(jobIds.size(), 4);
    for (const int job : std::as_const(jobIds))
        QVERIFY(run(u"CALL run_job(%1)"_s.arg(job)).isActive());
    QCOMPARE(number(bucketsOf, {at}), bucketsBefore);
    QCOMPARE(
        number(u"SELECT count(*) FROM component_metric_minutes WHERE bucket_start < ?"_s, {at}),
        minutesBefore);
    QCOMPARE(
        number(u"SELECT sum(sent_count) FROM port_metric_hours WHERE bucket_start < ?"_s, {at}), 7);

    auto audit = AuditLog(m_db).page({.action = u"retention"_s, .from = {}, .to = {}}, {});
    QVERIFY2(audit.ok(), qPrintable(audit.errorMessage()));
    QCOMPARE(audit->rows.size(), 1);
    const AuditEntry &entry = audit->rows.constFirst();
    QCOMPARE(entry.affectedCount, 25);
    const QJsonObject before = entry.before.toObject();
    QCOMPARE(before.value(u"component_metrics"_s).toInteger(), 18);
    QCOMPARE(before.value(u"port_metrics"_s).toInteger(), 7);
    const QJsonObject chunks = before.value(u"chunks"_s).toObject();
    QCOMPARE(chunks.value(u"component_metrics"_s).toInteger(), componentWhole);
    QCOMPARE(chunks.value(u"port_metrics"_s).toInteger(), portWhole);
    QVERIFY2(entry.details.contains(u"%1 whole chunks of hypertables with drop_chunks()"_s.arg(
                 componentWhole + portWhole)),
             qPrintable(entry.details));

    // Nothing left under the rules: a new preview finds no row and no chunk.
    auto again = previewRetention(m_db, {}, now);
    QVERIFY2(again.ok(), qPrintable(again.errorMessage()));
    QCOMPARE(again->total(), 0);
    QCOMPARE(again->chunks(), 0);
}

// A row written under the cut-off after the preview, into a table whose whole chunks are still
// to go: dropping them would take it along, so the run stops there with nothing dropped, and
// says to preview again (the batches of a plain table delete at most the rows previewed).
void tst_RetentionHypertables::rowsWrittenSinceThePreviewStopTheDrop()
{
    const QVariant at = timestampParam(cutoff, SqlEngine::PostgreSQL);
    const QString under = u"SELECT count(*) FROM %1 WHERE timestamp < ?"_s;
    const qint64 componentBefore = number(under.arg(u"component_metrics"_s), {at});
    const qint64 portBefore = number(under.arg(u"port_metrics"_s), {at});
    QVERIFY(insertMetrics(u"component_metrics"_s, 3, 60 * day));
    QVERIFY(insertMetrics(u"port_metrics"_s, 4, 45 * day));
    auto plan = previewRetention(m_db, rules, now);
    QVERIFY2(plan.ok(), qPrintable(plan.errorMessage()));
    QCOMPARE(plan->componentMetrics, componentBefore + 3);
    QCOMPARE(plan->portMetrics, portBefore + 4);
    QVERIFY(plan->portMetricsChunks >= 1);
    const QString chunksOf = u"SELECT count(*) FROM show_chunks('port_metrics')"_s;
    const qint64 portChunks = number(chunksOf);

    // Once component_metrics' rows are gone, a late row lands in port_metrics' old chunk.
    bool written = false;
    RetentionOptions options{.actor = u"ops"_s, .batchSize = 100};
    options.progress = [&](const RetentionPlan &) {
        if (!written)
            written = insertMetrics(u"port_metrics"_s, 1, 45 * day);
        return true;
    };
    auto done = applyRetention(m_db, *plan, options);
    QVERIFY(written);
    QVERIFY2(!done.ok(), "the run dropped a chunk with a row the preview did not count");
    QVERIFY2(done.errorMessage().contains(u"preview again"_s), qPrintable(done.errorMessage()));
    QCOMPARE(number(under.arg(u"component_metrics"_s), {at}), 0);
    QCOMPARE(number(under.arg(u"port_metrics"_s), {at}), portBefore + 5);
    QCOMPARE(number(chunksOf), portChunks);
}

QTEST_GUILESS_MAIN(tst_RetentionHypertables)
#include "tst_retentionhypertables.moc"
