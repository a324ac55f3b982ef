#include "connectionfactory.h"
#include "migrationrunner.h"
#include "repositorytestsupport.h"
#include "sqlerror.h"

#include <QFile>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace Qt::StringLiterals;
using namespace porthole;
using porthole::test::rowsOf;
using porthole::test::schemaOf;
using Engine = porthole::test::ScratchDatabase::Engine;

namespace {

DatabaseUrl::Engine urlEngine(Engine engine)
{
    return engine == Engine::SQLite ? DatabaseUrl::Engine::SQLite : DatabaseUrl::Engine::PostgreSQL;
}

QStringList tablesOf(QSqlDatabase db)
{
    return db.driverName() == u"QSQLITE"_s
               ? rowsOf(db, u"SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
                            "AND name NOT IN ('sqlite_sequence') ORDER BY name"_s)
               : rowsOf(db, u"SELECT table_name FROM information_schema.tables "
                            "WHERE table_schema = current_schema() ORDER BY 1"_s);
}

} // namespace

class tst_MigrationRunner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void builtinSetsMatch();
    void upCreatesEveryTable_data() { addEngines(); }
    void upCreatesEveryTable();
    void upDownUpKeepsSchema_data() { addEngines(); }
    void upDownUpKeepsSchema();
    void failedMigrationKeepsVersion_data() { addEngines(); }
    void failedMigrationKeepsVersion();
    void failedCreationLeavesNothing_data() { addEngines(); }
    void failedCreationLeavesNothing();
    void newerSchemaRefused_data() { addEngines(); }
    void newerSchemaRefused();
    void concurrentRunners_data() { addEngines(); }
    void concurrentRunners();
    void schemaRules_data() { addEngines(); }
    void schemaRules();
    void changeNotifications_data() { addEngines(); }
    void changeNotifications();
    void badMigrationFolders();
    void planEstimatesALargeTable();
    void longStatementsOutliveTheStatementTimeout();

private:
    static void addEngines()
    {
        QTest::addColumn<Engine>("engine");
        QTest::newRow("sqlite") << Engine::SQLite;
        QTest::newRow("postgresql") << Engine::PostgreSQL;
    }
};

void tst_MigrationRunner::builtinSetsMatch()
{
    const auto sqlite = MigrationRunner::builtin(DatabaseUrl::Engine::SQLite);
    const auto postgres = MigrationRunner::builtin(DatabaseUrl::Engine::PostgreSQL);
    QVERIFY2(sqlite.ok(), qPrintable(sqlite.errorMessage()));
    QVERIFY2(postgres.ok(), qPrintable(postgres.errorMessage()));
    QVERIFY(sqlite->size() >= 7);
    QCOMPARE(sqlite->size(), postgres->size());
    for (qsizetype i = 0; i < sqlite->size(); ++i) {
        QCOMPARE(sqlite->at(i).version, int(i + 1));
        QCOMPARE(sqlite->at(i).name, postgres->at(i).name);
    }
    QCOMPARE(sqlite->constFirst().description,
             u"Core tables of the port-based pipeline (seed 001)"_s);
    for (qsizetype i = 0; i < sqlite->size(); ++i)
        QCOMPARE(sqlite->at(i).description, postgres->at(i).description);
}

void tst_MigrationRunner::upCreatesEveryTable()
{
    QFETCH(Engine, engine);
    PORTHOLE_SCRATCH_DATABASE(scratch, engine);
    const ConnectionFactory factory(scratch->url());
    auto db = factory.open(u"test"_s);
    QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
    MigrationRunner runner(*db, *MigrationRunner::builtin(urlEngine(engine)));
    QCOMPARE(*runner.currentVersion(), 0);
    QCOMPARE(runner.checkCurrent().error().kind, StorageError::Kind::SchemaTooOld);

    const auto outcome = runner.up();
    QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
    QCOMPARE(outcome->fromVersion, 0);
    QCOMPARE(outcome->toVersion, runner.latestVersion());
    QVERIFY2(outcome->backupPath.isEmpty(), "an empty database needs no backup");
    QVERIFY(runner.checkCurrent().ok());

    const QStringList tables = tablesOf(*db);
    for (const char *table :
         {"alert_history", "audit_log", "backlog_samples", "batches", "checkpoints",
          "component_metrics", "component_state", "dead_letter_queue", "messages", "metrics",
          "port_messages", "port_metrics", "port_message_history", "processed_events",
          "schema_version", "sink_storage", "system_health"})
        QVERIFY2(tables.contains(QString::fromLatin1(table)), table);

    const auto status = runner.status();
    QVERIFY(status.ok());
    QCOMPARE(status->size(), runner.latestVersion());
    for (const MigrationStatus &row : *status)
        QVERIFY2(row.appliedAt.has_value() && row.appliedAt->isValid(),
                 qPrintable(row.description));

    const auto again = runner.up();
    QVERIFY(again.ok());
    QCOMPARE(again->fromVersion, again->toVersion);
}

void tst_MigrationRunner::upDownUpKeepsSchema()
{
    QFETCH(Engine, engine);
    PORTHOLE_SCRATCH_DATABASE(scratch, engine);
    const ConnectionFactory factory(scratch->url());
    auto db = factory.open(u"test"_s);
    QVERIFY(db.ok());
    MigrationRunner runner(*db, *MigrationRunner::builtin(urlEngine(engine)));

    // Step up one version at a time, remembering the schema at each.
    QList<QStringList> schemaAt{schemaOf(*db)};
    for (int version = 1; version <= runner.latestVersion(); ++version) {
        const auto outcome = runner.up(version);
        QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
        QCOMPARE(outcome->toVersion, version);
        schemaAt.append(schemaOf(*db));
    }
    // Each step down gives back exactly the schema of the version before.
    for (int version = runner.latestVersion(); version >= 1; --version) {
        const auto outcome = runner.down(1);
        QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
        QCOMPARE(outcome->toVersion, version - 1);
        QStringList now = schemaOf(*db);
        QStringList before = schemaAt.at(version - 1);
        // schema_version itself is created by the runner and stays.
        now.removeIf([](const QString &row) { return row.contains(u"schema_version"_s); });
        before.removeIf([](const QString &row) { return row.contains(u"schema_version"_s); });
        if (!test::postgresIsTimescaleDb() || version > 6) {
            QCOMPARE(now, before);
            continue;
        }
        // With TimescaleDB, migration 6's down part leaves the hypertables as they are (they
        // cannot be turned back in place), down to where the tables go: their time NOT NULL,
        // their keys with the time, TimescaleDB's insert trigger. Nothing else may differ.
        const auto kept = [](const QString &row) {
            for (const QString &table : {u"component_metrics"_s, u"port_metrics"_s})
                if (row.startsWith(table + u" | timestamp | "_s) ||
                    row.startsWith(table + u"_pkey | "_s) ||
                    row.startsWith(u"ts_insert_blocker | INSERT | "_s + table + u" | "_s))
                    return true;
            return false;
        };
        QStringList differs;
        for (const QString &row : now)
            if (!before.contains(row) && !kept(row))
                differs << u"+ "_s + row;
        for (const QString &row : before)
            if (!now.contains(row) && !kept(row))
                differs << u"- "_s + row;
        QVERIFY2(differs.isEmpty(),
                 qPrintable(u"down to %1:\n"_s.arg(version - 1) + differs.join(u'\n')));
    }
    QCOMPARE(*runner.currentVersion(), 0);
    QVERIFY(runner.up().ok());
    QCOMPARE(schemaOf(*db), schemaAt.constLast());
}

void tst_MigrationRunner::failedMigrationKeepsVersion()
{
    QFETCH(Engine, engine);
    PORTHOLE_SCRATCH_DATABASE(scratch, engine);
    QTemporaryDir folder;
    auto migrations = *MigrationRunner::builtin(urlEngine(engine));
    const int good = migrations.size();
    migrations.append(
        {.version = good + 1,
         .name = u"broken"_s,
         .description = u"broken"_s,
         .up = u"CREATE TABLE half_done (x INTEGER);\nINSERT INTO no_such_table VALUES (1);"_s,
         .down = u"DROP TABLE half_done;"_s});

    const ConnectionFactory factory(scratch->url());
    auto db = factory.open(u"test"_s);
    QVERIFY(db.ok());
    MigrationRunner runner(*db, migrations);
    QVERIFY(runner.up(good).ok());
    const auto outcome = runner.up();
    QVERIFY(!outcome.ok());
    QVERIFY2(outcome.errorMessage().contains(u"Migration %1 (broken) up failed"_s.arg(good + 1)),
             qPrintable(outcome.errorMessage()));
    QVERIFY2(outcome.errorMessage().contains(u"stays at version %1"_s.arg(good)),
             qPrintable(outcome.errorMessage()));
    QVERIFY2(outcome.errorMessage().contains(u"no_such_table"_s),
             qPrintable(outcome.errorMessage()));
    QCOMPARE(*runner.currentVersion(), good);
    QVERIFY2(!tablesOf(*db).contains(u"half_done"_s),
             "the failed migration's first statement was undone");
}

// A new database gets its whole schema in one transaction: when any migration fails (or the
// process is killed: tst_IngestRecovery::killedWhileCreatingTheSchema) none of it is there,
// and the next start creates it again instead of finding a schema too old to use.
void tst_MigrationRunner::failedCreationLeavesNothing()
{
    QFETCH(Engine, engine);
    PORTHOLE_SCRATCH_DATABASE(scratch, engine);
    auto migrations = *MigrationRunner::builtin(urlEngine(engine));
    const int good = migrations.size();
    migrations.append({.version = good + 1,
                       .name = u"broken"_s,
                       .description = u"broken"_s,
                       .up = u"INSERT INTO no_such_table VALUES (1);"_s,
                       .down = u"SELECT 1;"_s});

    const ConnectionFactory factory(scratch->url());
    auto db = factory.open(u"test"_s);
    QVERIFY(db.ok());
    MigrationRunner runner(*db, migrations);
    const auto outcome = runner.up();
    QVERIFY(!outcome.ok());
    QVERIFY2(outcome.errorMessage().contains(u"stays at version 0"_s),
             qPrintable(outcome.errorMessage()));
    QCOMPARE(*runner.currentVersion(), 0);
    QCOMPARE(tablesOf(*db), QStringList()); // not even schema_version: nothing changed

    MigrationRunner fixed(*db, *MigrationRunner::builtin(urlEngine(engine)));
    const auto created = fixed.up();
    QVERIFY2(created.ok(), qPrintable(created.errorMessage()));
    QCOMPARE(created->fromVersion, 0);
    QCOMPARE(created->toVersion, good);
    QVERIFY(fixed.checkCurrent().ok());
}

void tst_MigrationRunner::newerSchemaRefused()
{
    QFETCH(Engine, engine);
    PORTHOLE_SCRATCH_DATABASE(scratch, engine);
    const ConnectionFactory factory(scratch->url());
    auto db = factory.open(u"test"_s);
    QVERIFY(db.ok());
    MigrationRunner runner(*db, *MigrationRunner::builtin(urlEngine(engine)));
    QVERIFY(runner.up().ok());
    QSqlQuery query(*db);
    QVERIFY(query.exec(
        u"INSERT INTO schema_version (version, description) VALUES (999, 'from the future')"_s));
    const QStringList schema = schemaOf(*db);

    const Status current = runner.checkCurrent();
    QCOMPARE(current.error().kind, StorageError::Kind::SchemaTooNew);
    QVERIFY2(current.errorMessage().contains(u"version 999"_s), qPrintable(current.errorMessage()));
    QCOMPARE(runner.up().error().kind, StorageError::Kind::SchemaTooNew);
    QCOMPARE(runner.down(1).error().kind, StorageError::Kind::SchemaTooNew);
    QCOMPARE(schemaOf(*db), schema);
    const auto status = runner.status();
    QVERIFY(status.ok());
    QCOMPARE(status->constLast().description, u"from the future"_s);
}

void tst_MigrationRunner::concurrentRunners()
{
    QFETCH(Engine, engine);
    PORTHOLE_SCRATCH_DATABASE(scratch, engine);
    const ConnectionFactory factory(scratch->url());
    const auto migrations = *MigrationRunner::builtin(urlEngine(engine));

    QStringList errors(2);
    QList<QThread *> threads;
    for (int i = 0; i < 2; ++i) {
        threads << QThread::create([&factory, &migrations, &errors, i] {
            {
                auto db = factory.open(u"runner"_s);
                if (!db) {
                    errors[i] = db.errorMessage();
                    return;
                }
                MigrationRunner runner(*db, migrations);
                if (auto outcome = runner.up(); !outcome)
                    errors[i] = outcome.errorMessage();
            }
            factory.close(u"runner"_s);
        });
    }
    for (QThread *thread : threads)
        thread->start();
    for (QThread *thread : threads) {
        QVERIFY(thread->wait(60000));
        delete thread;
    }
    QVERIFY2(errors.at(0).isEmpty(), qPrintable(errors.at(0)));
    QVERIFY2(errors.at(1).isEmpty(), qPrintable(errors.at(1)));

    auto db = factory.open(u"check"_s);
    QVERIFY(db.ok());
    QCOMPARE(
        rowsOf(*db,
               u"SELECT count(*), count(DISTINCT version), max(version) FROM schema_version"_s),
        QStringList{u"%1 | %1 | %1"_s.arg(migrations.size())});
}

void tst_MigrationRunner::schemaRules()
{
    QFETCH(Engine, engine);
    PORTHOLE_SCRATCH_DATABASE(scratch, engine);
    const ConnectionFactory factory(scratch->url());
    auto db = factory.open(u"test"_s);
    QVERIFY(db.ok());
    QVERIFY(MigrationRunner(*db, *MigrationRunner::builtin(urlEngine(engine))).up().ok());
    QSqlQuery query(*db);
    const bool sqlite = engine == Engine::SQLite;
    const auto uuid = [sqlite](int n) {
        return sqlite ? u"'00000000-0000-4000-8000-%1', "_s.arg(n, 12, 10, QChar(u'0')) : QString();
    };
    const QString idColumn = sqlite ? u"id, "_s : QString();

    // One is_latest per checkpoint name, kept by the trigger.
    for (int version = 1; version <= 3; ++version)
        QVERIFY2(query.exec(u"INSERT INTO checkpoints (%1checkpoint_name, component_name, "
                            u"checkpoint_data, version) "
                            "VALUES (%2'orders', 'splitter', '{\"offset\": %3}', %3)"_s
                                .arg(idColumn, uuid(version))
                                .arg(version)),
                 qPrintable(query.lastError().text()));
    QVERIFY(query.exec(
        u"INSERT INTO checkpoints (%1checkpoint_name, component_name, checkpoint_data, version) "
        "VALUES (%2'other', 'splitter', '{}', 1)"_s.arg(idColumn, uuid(9))));
    QCOMPARE(
        rowsOf(*db,
               u"SELECT checkpoint_name, version FROM checkpoints WHERE is_latest ORDER BY 1"_s),
        (QStringList{u"orders | 3"_s, u"other | 1"_s}));
    // Generated ids look like UUIDs on both engines.
    QVERIFY(query.exec(u"INSERT INTO component_state (component_name, component_type, state_data) "
                       "VALUES ('splitter', 'Splitter', '{}')"_s));
    const QString generated = rowsOf(*db, u"SELECT id FROM component_state"_s).value(0);
    QVERIFY2(QRegularExpression(
                 u"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"_s)
                 .match(generated)
                 .hasMatch(),
             qPrintable(generated));

    // Checks: status values, component types, JSON.
    QVERIFY(!query.exec(u"INSERT INTO port_messages (%1port_name, source_component, "
                        u"target_component, message_data, status) "
                        "VALUES (%2'p', 's', 't', '{}', 'lost')"_s.arg(idColumn, uuid(20))));
    QVERIFY(
        !query.exec(u"INSERT INTO component_state (%1component_name, component_type, state_data) "
                    "VALUES (%2'x', 'Router', '{}')"_s.arg(idColumn, uuid(21))));
    QVERIFY(!query.exec(u"INSERT INTO port_messages (%1port_name, source_component, "
                        u"target_component, message_data) "
                        "VALUES (%2'p', 's', 't', '{not json')"_s.arg(idColumn, uuid(22))));
    QVERIFY(!query.exec(
        u"INSERT INTO port_messages (%1port_name, source_component, target_component, "
        u"message_data) "
        "VALUES (%2'%3', 's', 't', '{}')"_s.arg(idColumn, uuid(23), QString(256, u'p'))));

    // The dead-letter view: dead letters, and failures whose retries are spent.
    const QString insert =
        u"INSERT INTO port_messages (%1port_name, source_component, target_component, "
        "message_data, status, retry_count, max_retries) VALUES (%2'p', 's', 't', '{}', '%3', %4, 3)"_s;
    QVERIFY(query.exec(insert.arg(idColumn, uuid(30), u"dead_letter"_s).arg(0)));
    QVERIFY(query.exec(insert.arg(idColumn, uuid(31), u"failed"_s).arg(3)));
    QVERIFY(query.exec(insert.arg(idColumn, uuid(32), u"failed"_s).arg(2)));
    QVERIFY(query.exec(insert.arg(idColumn, uuid(33), u"pending"_s).arg(5)));
    QCOMPARE(rowsOf(*db, u"SELECT status, retry_count FROM dead_letter_queue ORDER BY status"_s),
             (QStringList{u"dead_letter | 0"_s, u"failed | 3"_s}));

    // The audit log takes rows and keeps them.
    QVERIFY(query.exec(u"INSERT INTO audit_log (actor, action) VALUES ('ops', 'replay')"_s));
    QVERIFY(!query.exec(u"UPDATE audit_log SET actor = 'someone else'"_s));
    QVERIFY2(query.lastError().text().contains(u"append-only"_s),
             qPrintable(query.lastError().text()));
    QVERIFY(!query.exec(u"DELETE FROM audit_log"_s));
    QCOMPARE(rowsOf(*db, u"SELECT actor, action FROM audit_log"_s), QStringList{u"ops | replay"_s});

    // A purged (soft-deleted) row leaves the dead-letter view; new rows start at version 1.
    QVERIFY(
        query.exec(u"UPDATE port_messages SET deleted_at = created_at WHERE status = 'failed'"_s));
    QCOMPARE(rowsOf(*db, u"SELECT status, version, replay_count FROM dead_letter_queue"_s),
             QStringList{u"dead_letter | 1 | 0"_s});

    // The outbox holds one open action per message; a done one makes room for the next.
    const QString auditId = rowsOf(*db, u"SELECT id FROM audit_log"_s).value(0);
    const QString outbox =
        u"INSERT INTO action_outbox (audit_id, message_id, action, expected_version, target, "
        "redis_key, replay_id, state, outcome) VALUES (%1, '00000000-0000-4000-8000-000000000030', "
        "'replay', 1, '%2', %3, %4, '%5', %6)"_s;
    const auto replayId = [](int n) {
        return u"'00000000-0000-4000-9000-%1'"_s.arg(n, 12, 10, QChar(u'0'));
    };
    QVERIFY2(query.exec(outbox.arg(auditId, u"database"_s, u"NULL"_s, u"NULL"_s, u"done"_s,
                                   u"'applied'"_s)),
             qPrintable(query.lastError().text()));
    QVERIFY(query.exec(
        outbox.arg(auditId, u"redis"_s, u"'orders'"_s, replayId(2), u"prepared"_s, u"NULL"_s)));
    QVERIFY(!query.exec(
        outbox.arg(auditId, u"database"_s, u"NULL"_s, u"NULL"_s, u"prepared"_s, u"NULL"_s)));
    // To Redis needs a key and a replay id, which is unique; a done row has an outcome.
    QVERIFY(!query.exec(
        outbox.arg(auditId, u"redis"_s, u"NULL"_s, replayId(4), u"done"_s, u"'applied'"_s)));
    QVERIFY(!query.exec(
        outbox.arg(auditId, u"redis"_s, u"'orders'"_s, replayId(2), u"done"_s, u"'applied'"_s)));
    QVERIFY(!query.exec(
        outbox.arg(auditId, u"database"_s, u"NULL"_s, u"NULL"_s, u"done"_s, u"NULL"_s)));

    // Seed 003's idempotent insert.
    const QString sensor =
        u"INSERT INTO metrics (sensor_id, event_id, timestamp, value) "
        "VALUES ('sensor_1', 'ev-1', '2026-11-21 10:00:00', 1.5) ON CONFLICT (event_id) DO NOTHING"_s;
    QVERIFY2(query.exec(sensor), qPrintable(query.lastError().text()));
    QVERIFY(query.exec(sensor));
    QCOMPARE(rowsOf(*db, u"SELECT count(*) FROM metrics"_s), QStringList{u"1"_s});
}

// Migration 15: PostgreSQL's statement triggers notify porthole_changes with the table's name;
// SQLite's version 15 changes nothing (its changes are read from PRAGMA data_version).
void tst_MigrationRunner::changeNotifications()
{
    PORTHOLE_SKIP_ON_TIMESCALEDB_FIXTURE(PORTHOLE_TWO_CONNECTIONS);
    QFETCH(Engine, engine);
    PORTHOLE_SCRATCH_DATABASE(scratch, engine);
    const ConnectionFactory factory(scratch->url());
    auto db = factory.open(u"test"_s);
    QVERIFY(db.ok());
    MigrationRunner runner(*db, *MigrationRunner::builtin(urlEngine(engine)));
    QVERIFY(runner.up(14).ok());
    const QStringList before = schemaOf(*db);
    const auto up = runner.up(15);
    QVERIFY2(up.ok(), qPrintable(up.errorMessage()));
    QCOMPARE(runner.status()->at(14).description,
             u"Change notifications for live panes (LISTEN porthole_changes)"_s);
    if (engine == Engine::SQLite) {
        QCOMPARE(schemaOf(*db), before);
        QVERIFY(runner.down(1).ok());
        QCOMPARE(*runner.currentVersion(), 14);
        QCOMPARE(schemaOf(*db), before);
        return;
    }

    // pg_trigger.tgtype: 1 row (else statement), 2 before (else after), 4 insert, 8 delete,
    // 16 update, 32 truncate.
    const QString triggers = u"SELECT c.relname, t.tgtype FROM pg_trigger t "
                             "JOIN pg_class c ON c.oid = t.tgrelid "
                             "WHERE t.tgname = 'porthole_notify_change' ORDER BY 1"_s;
    QStringList expected;
    for (const char *table :
         {"action_outbox", "audit_log", "batches", "checkpoints", "component_metrics",
          "component_state", "ingest_deliveries", "messages", "metrics", "port_message_history",
          "port_messages", "port_metrics", "system_health"})
        expected << QString::fromLatin1(table) + u" | 60"_s;
    QCOMPARE(rowsOf(*db, triggers), expected);

    const auto run = [&db](const QString &sql) {
        QSqlQuery query(*db);
        return query.exec(sql) ? QString() : query.lastError().text();
    };
    {
        auto listener = factory.open(u"listener"_s);
        QVERIFY(listener.ok());
        QSqlDriver *driver = listener->driver();
        QSignalSpy notifications(driver, &QSqlDriver::notification);
        QVERIFY(driver->subscribeToNotification(u"porthole_changes"_s));
        // What is told up to a marker the writer sends last: notifications arrive in the order
        // of their commits, so every one before it has come with it.
        const auto toldUntilMarker = [&] {
            QStringList payloads;
            if (!run(u"NOTIFY porthole_changes, 'marker'"_s).isEmpty())
                return QStringList{u"NOTIFY failed"_s};
            while (!payloads.contains(u"marker"_s)) {
                if (notifications.isEmpty() && !notifications.wait(5000))
                    return payloads << u"no marker"_s;
                payloads << notifications.takeFirst().at(2).toString();
            }
            payloads.removeAll(u"marker"_s);
            return payloads;
        };

        // One transaction: a row of one table, then three rows in one statement and an update
        // of them: each table is told once, when the transaction commits.
        QVERIFY(db->transaction());
        QCOMPARE(run(u"INSERT INTO batches (id, filename, message_count, date_created, "
                     "date_modified) VALUES (1, 'messages_batch_0001.txt', 3, now(), now())"_s),
                 QString());
        QCOMPARE(run(u"INSERT INTO messages (batch_id, message_number, content, timestamp, "
                     "delivery_key) VALUES (1, 1, 'a', now(), 'k1'), (1, 2, 'b', now(), 'k2'), "
                     "(1, 3, 'c', now(), 'k3')"_s),
                 QString());
        QCOMPARE(run(u"UPDATE messages SET content = content || '!'"_s), QString());
        QVERIFY(notifications.isEmpty());
        QVERIFY(db->commit());
        QCOMPARE(toldUntilMarker(), (QStringList{u"batches"_s, u"messages"_s}));

        // Rolled back: nothing told.
        QVERIFY(db->transaction());
        QCOMPARE(run(u"DELETE FROM messages"_s), QString());
        QVERIFY(db->rollback());
        QCOMPARE(toldUntilMarker(), QStringList());

        // Undone: the triggers and their function are gone, and so are the notifications.
        const auto down = runner.down(1);
        QVERIFY2(down.ok(), qPrintable(down.errorMessage()));
        QCOMPARE(schemaOf(*db), before);
        QCOMPARE(rowsOf(*db, triggers), QStringList());
        QCOMPARE(run(u"DELETE FROM messages"_s), QString());
        QCOMPARE(toldUntilMarker(), QStringList());
    }
    factory.close(u"listener"_s);
}

void tst_MigrationRunner::badMigrationFolders()
{
    QTemporaryDir dir;
    const auto write = [&dir](const QString &name, const QByteArray &sql) {
        QFile file(dir.filePath(name));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(sql);
    };
    write(u"0001_first.up.sql"_s, "SELECT 1;");
    write(u"0001_first.down.sql"_s, "SELECT 1;");
    write(u"0003_third.up.sql"_s, "SELECT 1;");
    write(u"0003_third.down.sql"_s, "SELECT 1;");
    auto gap = MigrationRunner::fromDirectory(dir.path());
    QVERIFY(!gap.ok());
    QVERIFY2(gap.errorMessage().contains(u"skip version 2"_s), qPrintable(gap.errorMessage()));

    QFile::remove(dir.filePath(u"0003_third.down.sql"_s));
    QFile::rename(dir.filePath(u"0003_third.up.sql"_s), dir.filePath(u"0002_second.up.sql"_s));
    auto half = MigrationRunner::fromDirectory(dir.path());
    QVERIFY(!half.ok());
    QVERIFY2(half.errorMessage().contains(u"lacks its down part"_s),
             qPrintable(half.errorMessage()));

    QVERIFY(!MigrationRunner::fromDirectory(dir.filePath(u"absent"_s)).ok());
}

// The window asks with the plan before it opens: a table a migration scales with is counted
// up to 10,000 rows, beyond that estimated without a scan (count(*) of 100,000,000 rows
// takes seconds).
void tst_MigrationRunner::planEstimatesALargeTable()
{
    PORTHOLE_SCRATCH_DATABASE(scratch, Engine::SQLite);
    const ConnectionFactory factory(scratch->url());
    auto db = factory.open(u"test"_s);
    QVERIFY(db.ok());
    MigrationRunner runner(*db, *MigrationRunner::builtin(DatabaseUrl::Engine::SQLite));
    QVERIFY(runner.up(31).ok());
    QSqlQuery query(*db);
    QVERIFY2(query.exec(u"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE "
                        "i < 10100) INSERT INTO component_metrics (id, component_name, "
                        "metric_name, metric_value, timestamp) SELECT i, 'c', 'm', i, "
                        "'2026-12-01 00:00:00' FROM n"_s),
             qPrintable(query.lastError().text()));
    const auto plan = runner.plan();
    QVERIFY2(plan.ok(), qPrintable(plan.errorMessage()));
    QVERIFY(plan->rows.value(u"component_metrics"_s) ==
            (RowCount{10100, RowCount::Precision::Estimate}));
    const QString text = describePlan(*plan);
    QVERIFY2(text.contains(u"it reads about 10100 rows of component_metrics"_s), qPrintable(text));
}

// A migration's statement may run for minutes (an index of 100,000,000 rows); the connection's
// statement timeout, which bounds every other statement, does not cut it short, and holds
// again after the run.
void tst_MigrationRunner::longStatementsOutliveTheStatementTimeout()
{
    PORTHOLE_SKIP_ON_TIMESCALEDB_FIXTURE("its one backend in memory keeps no statement timeout");
    PORTHOLE_SCRATCH_DATABASE(scratch, Engine::PostgreSQL);
    QTemporaryDir dir;
    for (const auto &[name, sql] : {std::pair{"0001_slow.up.sql", "SELECT pg_sleep(1.5);"},
                                    std::pair{"0001_slow.down.sql", "SELECT pg_sleep(1.5);"}}) {
        QFile file(dir.filePath(QString::fromLatin1(name)));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(sql);
    }
    const auto migrations = MigrationRunner::fromDirectory(dir.path());
    QVERIFY2(migrations.ok(), qPrintable(migrations.errorMessage()));
    ConnectionSettings settings;
    settings.statementTimeoutMs = 500;
    const ConnectionFactory factory(scratch->url(), settings);
    {
        auto db = factory.open(u"test"_s);
        QVERIFY(db.ok());
        MigrationRunner runner(*db, *migrations);
        const auto up = runner.up();
        QVERIFY2(up.ok(), qPrintable(up.errorMessage()));
        QCOMPARE(*runner.currentVersion(), 1);
        const auto down = runner.down(1);
        QVERIFY2(down.ok(), qPrintable(down.errorMessage()));
        QSqlQuery query(*db);
        QVERIFY(!query.exec(u"SELECT pg_sleep(1.5)"_s));
        QCOMPARE(query.lastError().nativeErrorCode(), u"57014"_s);
        const QString told = sqlError(query.lastError(), u"Sleeping"_s).message;
        QVERIFY2(told.contains(u"ran longer than the connection's statement timeout"_s),
                 qPrintable(told));
    }
    factory.close(u"test"_s);
}

QTEST_GUILESS_MAIN(tst_MigrationRunner)
#include "tst_migrationrunner.moc"
