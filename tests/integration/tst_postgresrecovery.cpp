#include "actionworker.h"
#include "connectionfactory.h"
#include "databaseurl.h"
#include "ingestrun.h"
#include "migrationrunner.h"
#include "ownpostgres.h"
#include "portmessageactions.h"
#include "portmessagerepository.h"
#include "redisclient.h"
#include "storedportmessages.h"
#include "testservers.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QUuid>
#include <QVersionNumber>

#include <memory>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace porthole;
using porthole::test::IngestRun;
using porthole::test::OwnPostgres;
using porthole::test::Progress;
using porthole::test::ScratchDatabase;

namespace {

// How long a whole drain may take, and one step (a recovery, a restart); the sanitizer build is
// several times slower.
constexpr int drainTimeoutMs = 300000;
constexpr int stepTimeoutMs = 60000;
constexpr int pipelineSize = 1000;

// How many times the worker warned on standard error that a write found its connection gone.
// A warning may span lines (the server's message has line breaks); a progress line repeats the
// last error, which is not counted again.
qsizetype lostConnectionErrors(IngestRun &run)
{
    qsizetype count = 0;
    bool inWarning = false;
    for (const QString &line : run.lines()) {
        if (line.startsWith(u"porthole.ingest: "_s))
            inWarning = true;
        else if (line.startsWith(u"ingest: "_s))
            inWarning = false;
        if (inWarning && line.contains(u"The connection to the database was lost"_s))
            ++count;
    }
    return count;
}

qint64 sizeFromEnvironment(const char *name, qint64 fallback)
{
    bool ok = false;
    const qint64 value = qEnvironmentVariable(name).toLongLong(&ok);
    return ok && value > 0 ? value : fallback;
}

QByteArray payloadFor(qint64 n)
{
    return "Message #" + QByteArray::number(n) + ": postgres recovery";
}

// A connection of the test's own to a PostgreSQL database: counts what was stored and cuts
// the connections of the program under test.
class Check
{
public:
    explicit Check(DatabaseUrl url)
        : m_factory(std::move(url))
        , m_purpose(u"pg-recovery-check-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces))
    {}
    ~Check() { m_factory.close(m_purpose); }
    Check(const Check &) = delete;
    Check &operator=(const Check &) = delete;

    Result<QSqlDatabase> db() const { return m_factory.open(m_purpose); }

    // The single number a query gives; -1 on an error (the server restarting, say).
    qint64 number(const QString &sql) const
    {
        auto db = this->db();
        if (!db)
            return -1;
        QSqlQuery query(*db);
        if (!query.exec(sql) || !query.next())
            return -1;
        return query.value(0).toLongLong();
    }

    bool exec(const QString &sql) const
    {
        auto db = this->db();
        return db && QSqlQuery(*db).exec(sql);
    }

    // Terminates every backend of a Porthole connection to this database but the test's own,
    // as an administrator or a failover would: how many.
    qint64 cut() const
    {
        return number(u"SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) "
                      "FROM pg_stat_activity WHERE application_name = 'porthole' "
                      "AND datname = current_database() AND pid <> pg_backend_pid()"_s);
    }

    QString migrate() const
    {
        auto db = this->db();
        if (!db)
            return db.errorMessage();
        const auto migrated =
            MigrationRunner(*db, *MigrationRunner::builtin(DatabaseUrl::Engine::PostgreSQL)).up();
        return migrated.errorMessage();
    }

private:
    ConnectionFactory m_factory;
    QString m_purpose;
};

} // namespace

// "Nothing lost" when PostgreSQL goes away under a running job: its backends terminated, the
// server itself restarted. The ingest worker and the action service open a new connection by
// themselves and go on; every message is stored once, every row acted on once.
class tst_PostgresRecovery : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void ingestConnectionCut();
    void ingestServerRestart();
    void ingestCommitOutcomeUnknown();
    void actionConnectionCut();

private:
    // Adds numbered payloads 1..count to a new stream; their entry ids by number.
    QByteArray fillStream(const QString &name, qint64 count, QHash<qint64, QByteArray> &ids);
    // Adds messages from..to (inclusive) to the stream, their entry ids into ids.
    bool appendToStream(const QByteArray &stream, qint64 from, qint64 to,
                        QHash<qint64, QByteArray> &ids);
    std::unique_ptr<IngestRun> startWorker(const QByteArray &stream, const DatabaseUrl &sink);
    qint64 pending(const QByteArray &stream);
    // Waits for the stream to be drained into the database and checks it: every message once,
    // with its content and its entry's delivery key, nothing pending, the worker running.
    void verifyDrained(IngestRun &run, const Check &check, const QByteArray &stream,
                       const QHash<qint64, QByteArray> &ids, qsizetype lastCutAt);

    QString m_binary;
    RedisUrl m_redisUrl;
    RedisClient m_redis;
    QByteArray m_prefix;
    QList<QByteArray> m_keys;
};

void tst_PostgresRecovery::initTestCase()
{
    m_binary = qEnvironmentVariable("PORTHOLE_BINARY");
    QVERIFY2(!m_binary.isEmpty(), "PORTHOLE_BINARY names the porthole executable (ctest sets it)");
    const auto url = test::fixtureRedis();
    QVERIFY2(url.ok(), qPrintable(url.errorMessage()));
    m_redisUrl = *url;
    QVERIFY2(m_redisUrl.password().isEmpty(), "the test passes the URL on the command line");
    const auto connected = m_redis.connect(m_redisUrl);
    QVERIFY2(connected.ok(), qPrintable(connected.errorMessage()));
    m_prefix =
        "tst_postgresrecovery:" + QUuid::createUuid().toByteArray(QUuid::WithoutBraces) + ':';
}

void tst_PostgresRecovery::cleanup()
{
    if (!m_keys.isEmpty() && m_redis.isConnected())
        m_redis.command(QList<QByteArray>{"DEL"} + m_keys);
    m_keys.clear();
}

QByteArray tst_PostgresRecovery::fillStream(const QString &name, qint64 count,
                                            QHash<qint64, QByteArray> &ids)
{
    const QByteArray stream = m_prefix + name.toUtf8();
    m_keys.append(stream);
    return appendToStream(stream, 1, count, ids) ? stream : QByteArray();
}

bool tst_PostgresRecovery::appendToStream(const QByteArray &stream, qint64 from, qint64 to,
                                          QHash<qint64, QByteArray> &ids)
{
    for (qint64 first = from; first <= to; first += pipelineSize) {
        const qint64 end = std::min(to + 1, first + pipelineSize);
        QList<QList<QByteArray>> commands;
        for (qint64 n = first; n < end; ++n)
            commands.append({"XADD", stream, "*", "payload", payloadFor(n)});
        const auto replies = m_redis.pipeline(commands);
        if (!replies)
            return false;
        for (qint64 n = first; n < end; ++n)
            ids.insert(n, replies->at(n - first).text);
    }
    return true;
}

std::unique_ptr<IngestRun> tst_PostgresRecovery::startWorker(const QByteArray &stream,
                                                             const DatabaseUrl &sink)
{
    auto run = std::make_unique<IngestRun>(
        m_binary,
        QStringList{u"--redis"_s, m_redisUrl.toDisplayString(), u"--key"_s,
                    QString::fromUtf8(stream), u"--group"_s, u"porthole"_s, u"--consumer"_s,
                    u"pg-recovery"_s, u"--sink"_s, sink.toDisplayString(), u"--count"_s, u"500"_s,
                    u"--block-ms"_s, u"200"_s});
    if (!run->start())
        return nullptr;
    return run;
}

qint64 tst_PostgresRecovery::pending(const QByteArray &stream)
{
    const auto reply = m_redis.command({"XPENDING", stream, "porthole"});
    return reply && !reply->elements.isEmpty() ? reply->elements.at(0).integer : -1;
}

void tst_PostgresRecovery::verifyDrained(IngestRun &run, const Check &check,
                                         const QByteArray &stream,
                                         const QHash<qint64, QByteArray> &ids, qsizetype lastCutAt)
{
    const qint64 total = ids.size();
    const auto stored = [&check] {
        return check.number(u"SELECT count(*) FROM messages"_s);
    };
    QTRY_VERIFY2_WITH_TIMEOUT(stored() >= total || !run.running(), qPrintable(run.log()),
                              drainTimeoutMs);
    QCOMPARE(stored(), total);
    // Back to "running" by itself, everything acknowledged.
    QTRY_VERIFY2_WITH_TIMEOUT(run.progressSince(lastCutAt,
                                                [](const Progress &p) {
                                                    return p.state == u"running"_s &&
                                                           p.pending == 0;
                                                }) ||
                                  !run.running(),
                              qPrintable(run.log()), stepTimeoutMs);
    QVERIFY2(run.running(), qPrintable(run.log()));
    QCOMPARE(pending(stream), 0LL);
    QVERIFY2(run.terminate() == 0, qPrintable(run.log()));

    // Exactly once: every number once, with its own content and its entry's delivery key.
    QCOMPARE(check.number(u"SELECT count(DISTINCT message_number) FROM messages"_s), total);
    QCOMPARE(check.number(u"SELECT count(DISTINCT delivery_key) FROM messages"_s), total);
    QCOMPARE(check.number(u"SELECT min(message_number) FROM messages"_s), 1LL);
    QCOMPARE(check.number(u"SELECT max(message_number) FROM messages"_s), total);
    QCOMPARE(check.number(u"SELECT count(*) FROM messages WHERE content IS DISTINCT FROM "
                          "'Message #' || message_number || ': postgres recovery'"_s),
             0LL);
    QCOMPARE(check.number(u"SELECT count(*) FROM port_messages"_s), 0LL);
    auto db = check.db();
    QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
    QSqlQuery keys(*db);
    keys.setForwardOnly(true);
    QVERIFY2(keys.exec(u"SELECT message_number, delivery_key FROM messages"_s),
             qPrintable(keys.lastError().text()));
    const QString keyPrefix = u"stream:"_s + QString::fromUtf8(stream) + u':';
    while (keys.next()) {
        const qint64 number = keys.value(0).toLongLong();
        QCOMPARE(keys.value(1).toString(), keyPrefix + QString::fromLatin1(ids.value(number)));
    }
}

// The worker's backend terminated again and again while it drains a stream into PostgreSQL
// (pg_terminate_backend, as an administrator or a connection pooler's failover does it).
void tst_PostgresRecovery::ingestConnectionCut()
{
    const qint64 total = sizeFromEnvironment("PORTHOLE_PG_RECOVERY_MESSAGES", 50000);
    const int cuts = int(sizeFromEnvironment("PORTHOLE_PG_RECOVERY_CUTS", 5));
    PORTHOLE_SCRATCH_DATABASE(database, ScratchDatabase::Engine::PostgreSQL);
    const Check check(database->url());
    const QString migrated = check.migrate();
    QVERIFY2(migrated.isEmpty(), qPrintable(migrated));
    // The stream is filled a part at a time, the next part after each cut: no cut can come
    // after the drain, and after each the worker has something to store.
    const qint64 part = total / (cuts + 1);
    qint64 filled = part;
    QHash<qint64, QByteArray> ids;
    const QByteArray stream = fillStream(u"cut"_s, filled, ids);
    QCOMPARE(qint64(ids.size()), filled);
    const auto stored = [&check] {
        return check.number(u"SELECT count(*) FROM messages"_s);
    };

    QElapsedTimer clock;
    clock.start();
    auto run = startWorker(stream, database->url());
    QVERIFY(run);
    qsizetype lastCutAt = 0;
    qint64 slowest = 0;
    for (int cut = 0; cut < cuts; ++cut) {
        // Half of what is in the stream and not stored yet, so that the cut comes mid-drain.
        const qint64 before = std::max<qint64>(0, stored());
        const qint64 target = before + std::max<qint64>(1, (filled - before) / 2);
        QTRY_VERIFY2_WITH_TIMEOUT(
            stored() >= target || !run->running(),
            qPrintable(u"cut %1: %2 of %3 stored, waiting for %4:\n"_s.arg(cut + 1)
                           .arg(stored())
                           .arg(filled)
                           .arg(target) +
                       run->log()),
            stepTimeoutMs);
        QVERIFY2(run->running(), qPrintable(run->log()));
        const qint64 at = stored();
        lastCutAt = run->mark();
        QVERIFY2(check.cut() >= 1, "no connection of the worker to cut");
        const qint64 next = cut + 1 == cuts ? total : filled + part;
        QVERIFY(appendToStream(stream, filled + 1, next, ids));
        filled = next;
        // It writes again: the count moves on from where it was cut.
        QElapsedTimer recovered;
        recovered.start();
        QTRY_VERIFY2_WITH_TIMEOUT(
            stored() > at || !run->running(),
            qPrintable(u"cut %1 at %2 stored: nothing stored since:\n"_s.arg(cut + 1).arg(at) +
                       run->log()),
            stepTimeoutMs);
        QVERIFY2(run->running(), qPrintable(run->log()));
        slowest = std::max(slowest, recovered.elapsed());
    }
    verifyDrained(*run, check, stream, ids, lastCutAt);
    if (QTest::currentTestFailed())
        return;
    // Each cut was seen by the worker as a lost connection, not as anything else.
    const qsizetype seen = lostConnectionErrors(*run);
    QVERIFY2(seen >= cuts, qPrintable(run->log()));
    const auto summary = run->lastProgress();
    QVERIFY(summary);
    qInfo("%lld messages, %d cuts (%lld lost-connection errors), slowest recovery %lld ms, "
          "%lld deliveries found stored when written again, %lld ms in all",
          static_cast<long long>(total), cuts, static_cast<long long>(seen),
          static_cast<long long>(slowest), static_cast<long long>(summary->duplicates),
          static_cast<long long>(clock.elapsed()));
}

// The PostgreSQL server itself stopped at once (pg_ctl -m immediate: no time for its backends
// to finish, as in a crash) and started again, twice, while the worker drains a stream into it.
void tst_PostgresRecovery::ingestServerRestart()
{
    const qint64 total = sizeFromEnvironment("PORTHOLE_PG_RESTART_MESSAGES", 30000);
    const int restarts = 2;
    OwnPostgres server;
    QString error;
    QVERIFY2(server.start(QFINDTESTDATA("../../scripts/servers/postgres"), &error),
             qPrintable(error));
    const auto url = server.createDatabase(u"restart_check"_s);
    QVERIFY2(url.ok(), qPrintable(url.errorMessage()));
    const Check check(*url);
    // The stream is filled a part at a time, the next part after each restart: none can come
    // after the drain, and after each the worker has something to store.
    const qint64 part = total / (restarts + 1);
    qint64 filled = part;
    QHash<qint64, QByteArray> ids;
    const QByteArray stream = fillStream(u"restart"_s, filled, ids);
    QCOMPARE(qint64(ids.size()), filled);
    const auto stored = [&check] {
        return check.number(u"SELECT count(*) FROM messages"_s);
    };

    QElapsedTimer clock;
    clock.start();
    auto run = startWorker(stream, *url);
    QVERIFY(run);
    qsizetype lastCutAt = 0;
    qint64 slowest = 0;
    for (int restart = 0; restart < restarts; ++restart) {
        const qint64 before = std::max<qint64>(0, stored());
        const qint64 target = before + std::max<qint64>(1, (filled - before) / 2);
        QTRY_VERIFY2_WITH_TIMEOUT(stored() >= target || !run->running(), qPrintable(run->log()),
                                  stepTimeoutMs);
        QVERIFY2(run->running(), qPrintable(run->log()));
        const qint64 at = stored();
        lastCutAt = run->mark();
        QVERIFY2(server.restart(&error), qPrintable(error));
        const qint64 next = restart + 1 == restarts ? total : filled + part;
        QVERIFY(appendToStream(stream, filled + 1, next, ids));
        filled = next;
        QElapsedTimer recovered;
        recovered.start();
        QTRY_VERIFY2_WITH_TIMEOUT(
            stored() > at || !run->running(),
            qPrintable(
                u"restart %1 at %2 stored: nothing stored since:\n"_s.arg(restart + 1).arg(at) +
                run->log()),
            stepTimeoutMs);
        QVERIFY2(run->running(), qPrintable(run->log()));
        slowest = std::max(slowest, recovered.elapsed());
    }
    verifyDrained(*run, check, stream, ids, lastCutAt);
    if (QTest::currentTestFailed())
        return;
    const qsizetype seen = lostConnectionErrors(*run);
    QVERIFY2(seen >= restarts, qPrintable(run->log()));
    const auto summary = run->lastProgress();
    QVERIFY(summary);
    qInfo("%lld messages, %d server restarts (%lld lost-connection errors), slowest recovery "
          "after the server was back %lld ms, %lld deliveries found stored when written again, "
          "%lld ms in all",
          static_cast<long long>(total), restarts, static_cast<long long>(seen),
          static_cast<long long>(slowest), static_cast<long long>(summary->duplicates),
          static_cast<long long>(clock.elapsed()));
}

// The connection lost while the commit of a group was under way, after the server had made it
// durable and before the worker heard so: the worker cannot tell whether the group is stored.
// The window is held open on a server of the test's own: a synchronous standby that never
// answers keeps the commit waiting after it is durable (wait event SyncRep), and the backend
// is terminated there. The group is written again and found stored, every delivery of it.
void tst_PostgresRecovery::ingestCommitOutcomeUnknown()
{
    const qint64 total = 10000;
    OwnPostgres server;
    QString error;
    QVERIFY2(server.start(QFINDTESTDATA("../../scripts/servers/postgres"), &error),
             qPrintable(error));
    const auto url = server.createDatabase(u"commit_check"_s);
    QVERIFY2(url.ok(), qPrintable(url.errorMessage()));
    const Check check(*url);
    QHash<qint64, QByteArray> ids;
    const QByteArray stream = fillStream(u"commit"_s, total, ids);
    QCOMPARE(qint64(ids.size()), total);
    const auto stored = [&check] {
        return check.number(u"SELECT count(*) FROM messages"_s);
    };
    const auto synchronousStandby = [&check](const QString &names) {
        return check.exec(u"ALTER SYSTEM SET synchronous_standby_names = '%1'"_s.arg(names)) &&
               check.exec(u"SELECT pg_reload_conf()"_s);
    };
    const QString committing = u"SELECT count(*) FROM pg_stat_activity WHERE "
                               "application_name = 'porthole' AND datname = current_database() "
                               "AND wait_event = 'SyncRep'"_s;

    auto run = startWorker(stream, *url);
    QVERIFY(run);
    QTRY_VERIFY2_WITH_TIMEOUT(stored() >= total / 5 || !run->running(), qPrintable(run->log()),
                              stepTimeoutMs);
    QVERIFY(synchronousStandby(u"porthole_absent_standby"_s));
    QTRY_VERIFY2_WITH_TIMEOUT(check.number(committing) == 1 || !run->running(),
                              qPrintable(run->log()), stepTimeoutMs);
    QVERIFY2(run->running(), qPrintable(run->log()));
    const qint64 before = stored(); // the waiting group is not visible yet
    const qsizetype cutAt = run->mark();
    QCOMPARE(check.cut(), 1LL);
    // The worker connects again and writes the group again: found stored, it commits nothing
    // and waits for no standby. The next group waits; until it may go on, the count holds
    // still at what the cut-off commit stored.
    QTRY_VERIFY2_WITH_TIMEOUT((stored() > before && check.number(committing) == 1) ||
                                  !run->running(),
                              qPrintable(run->log()), stepTimeoutMs);
    QVERIFY2(run->running(), qPrintable(run->log()));
    const qint64 committed = stored() - before;
    QVERIFY(synchronousStandby(QString()));

    verifyDrained(*run, check, stream, ids, cutAt);
    if (QTest::currentTestFailed())
        return;
    QVERIFY2(lostConnectionErrors(*run) >= 1, qPrintable(run->log()));
    // The group was written again and every delivery of it found stored: nothing twice.
    const auto summary = run->lastProgress();
    QVERIFY(summary);
    QCOMPARE(summary->duplicates, committed);
    QCOMPARE(summary->stored, total - committed);
    QCOMPARE(summary->acknowledged, total);
    qInfo("%lld messages; a group of %lld committed while its connection was cut, written again "
          "and found stored",
          static_cast<long long>(total), static_cast<long long>(committed));
}

// The action service's connection terminated several times while it purges rows: the action
// goes on by itself with a new connection and acts on every row once.
void tst_PostgresRecovery::actionConnectionCut()
{
    constexpr int rows = 2000;
    constexpr int cuts = 3;
    PORTHOLE_SCRATCH_DATABASE(database, ScratchDatabase::Engine::PostgreSQL);
    const Check check(database->url());
    const QString migrated = check.migrate();
    QVERIFY2(migrated.isEmpty(), qPrintable(migrated));
    QStringList ids;
    qint64 version = 0; // of every row as stored
    {
        auto db = check.db();
        QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
        const QList<PortMessage> inserted = test::storeDeadLetters(*db, rows);
        QCOMPARE(inserted.size(), rows);
        for (const PortMessage &m : inserted)
            ids << m.id;
        version = inserted.at(0).version;
    }

    ActionWorker service{ConnectionFactory(database->url())};
    QSignalSpy planned(&service, &ActionWorker::planned);
    QSignalSpy finished(&service, &ActionWorker::finished);
    QSignalSpy failed(&service, &ActionWorker::failed);
    ActionSelection selection;
    selection.ids = ids;
    ActionOptions options;
    options.kind = ActionKind::Purge;
    service.preview(selection, options);
    QVERIFY2(planned.wait(stepTimeoutMs), qPrintable(failed.value(0).value(0).toString()));
    const auto plan = planned.at(0).at(0).value<ActionPlan>();
    QCOMPARE(plan.actCount(), qint64(rows));

    qint64 applied = 0;
    int waits = 0;
    connect(&service, &ActionWorker::progress, this, [&](const ActionProgress &p) {
        applied = p.summary.applied;
        if (!p.waiting.isEmpty())
            ++waits;
    });
    ActionRunOptions runOptions;
    runOptions.ratePerSecond = 500; // 100 rows a step, five steps a second: about 4 s
    runOptions.maxRetryDelay = std::chrono::milliseconds(1000);
    service.run(plan, runOptions);
    for (int cut = 0; cut < cuts; ++cut) {
        const qint64 target = qint64(rows) * (cut + 1) / (cuts + 2);
        QTRY_VERIFY2_WITH_TIMEOUT(applied >= target || !finished.isEmpty() || !failed.isEmpty(),
                                  qPrintable(failed.value(0).value(0).toString()), stepTimeoutMs);
        QVERIFY2(failed.isEmpty(), qPrintable(failed.value(0).value(0).toString()));
        QVERIFY2(finished.isEmpty(), "the action ended before the cut: make it slower");
        QVERIFY2(check.cut() >= 1, "no connection of the action service to cut");
    }
    QTRY_VERIFY2_WITH_TIMEOUT(!finished.isEmpty() || !failed.isEmpty(),
                              qPrintable(u"%1 of %2 rows done"_s.arg(applied).arg(rows)),
                              stepTimeoutMs);
    QVERIFY2(failed.isEmpty(), qPrintable(failed.value(0).value(0).toString()));
    const auto summary = finished.at(0).at(0).value<ActionSummary>();
    QCOMPARE(summary.total, qint64(rows));
    QCOMPARE(summary.applied, qint64(rows));
    QCOMPARE(summary.skipped, 0LL);
    QVERIFY2(waits >= 1, "no cut made the action wait");

    // Every row purged once: one version more, one history entry.
    QCOMPARE(check.number(u"SELECT count(*) FROM port_messages WHERE deleted_at IS NOT NULL"_s),
             qint64(rows));
    QCOMPARE(
        check.number(u"SELECT count(*) FROM port_messages WHERE version = %1"_s.arg(version + 1)),
        qint64(rows));
    QCOMPARE(check.number(u"SELECT count(*) FROM port_message_history "
                          "WHERE audit_id = %1 AND change = 'purge'"_s.arg(summary.auditId)),
             qint64(rows));
    QCOMPARE(check.number(u"SELECT count(DISTINCT message_id) FROM port_message_history "
                          "WHERE audit_id = %1"_s.arg(summary.auditId)),
             qint64(rows));
    QCOMPARE(check.number(u"SELECT count(*) FROM action_outbox WHERE audit_id = %1 "
                          "AND state = 'done' AND outcome = 'applied'"_s.arg(summary.auditId)),
             qint64(rows));

    // Its other work, each a job of its own, opens the connection again on the next try: the
    // first use after a cut may find it gone, the one after works.
    QVERIFY(check.cut() >= 1);
    planned.clear();
    failed.clear();
    service.preview(selection, options);
    QTRY_COMPARE_WITH_TIMEOUT(planned.size() + failed.size(), 1, stepTimeoutMs);
    if (!failed.isEmpty())
        QVERIFY2(failed.at(0).at(0).toString().contains(u"connection"_s),
                 qPrintable(failed.at(0).at(0).toString()));
    planned.clear();
    failed.clear();
    service.preview(selection, options);
    QVERIFY2(planned.wait(stepTimeoutMs), qPrintable(failed.value(0).value(0).toString()));
}

QTEST_GUILESS_MAIN(tst_PostgresRecovery)
#include "tst_postgresrecovery.moc"
