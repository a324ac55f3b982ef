// A pipeline's own database, made with the DDL of the schema documents themselves
// (tests/storage/data/seeds/, copied verbatim from seeds 001 and 003), adopted by Porthole's
// migrations: the pipeline's rows and statements keep working, a shape Porthole cannot use is
// refused with nothing changed, and a run that fails at any step leaves everything as it was.

#include "migrationrunner.h"
#include "portmessagerepository.h"
#include "repositorytestsupport.h"
#include "seedvariants.h"
#include "sqlscript.h"

#include <QFile>
#include <QRegularExpression>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace porthole::test;
using Engine = ScratchDatabase::Engine;

class tst_SchemaAdoption : public QObject
{
    Q_OBJECT

private slots:
    void adoptKeepsRowsAndStatements_data() { addVariants(); }
    void adoptKeepsRowsAndStatements();
    void failureAtEachStepChangesNothing_data() { addVariants(); }
    void failureAtEachStepChangesNothing();
    void refusedShapesChangeNothing_data();
    void refusedShapesChangeNothing();
    void planNamesWhatItFound_data();
    void planNamesWhatItFound();
    void ownSchemaIsAdoptedAsItIs_data() { addEngineRows(); }
    void ownSchemaIsAdoptedAsItIs();
    void newMetricValuesVacuumedSoon_data();
    void newMetricValuesVacuumedSoon();
};

void tst_SchemaAdoption::adoptKeepsRowsAndStatements()
{
    QFETCH(Variant, variant);
    PORTHOLE_SCRATCH_DATABASE(scratch, variant.engine);
    const ConnectionFactory factory(scratch->url());
    auto db = factory.open(u"test"_s);
    QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
    QVERIFY(build(*db, variant));

    // Each table's rows, in the columns the pipeline made: they must read back identical.
    QStringList tables = rowsOf(*db, db->driverName() == u"QSQLITE"_s
                                         ? u"SELECT name FROM sqlite_master WHERE type = 'table'"_s
                                         : u"SELECT tablename FROM pg_tables "
                                           "WHERE schemaname = current_schema()"_s);
    QHash<QString, QStringList> before;
    QHash<QString, QString> columns;
    tables.removeAll(u"schema_version"_s); // Porthole adds its rows
    for (const QString &table : std::as_const(tables)) {
        columns[table] =
            rowsOf(*db, db->driverName() == u"QSQLITE"_s
                            ? u"SELECT name FROM pragma_table_info('%1')"_s.arg(table)
                            : u"SELECT column_name FROM information_schema.columns "
                              "WHERE table_name = '%1' AND table_schema = "
                              "current_schema() ORDER BY ordinal_position"_s.arg(table))
                .join(u", "_s);
        before[table] = rowsOf(*db, u"SELECT %1 FROM %2 ORDER BY 1"_s.arg(columns[table], table));
    }

    MigrationRunner runner(*db, *MigrationRunner::builtin(scratch->url().engine()));
    const auto plan = runner.plan();
    QVERIFY2(plan.ok(), qPrintable(plan.errorMessage()));
    QVERIFY(plan->adoption);
    QVERIFY2(plan->adoption->refusals.isEmpty(), qPrintable(describePlan(*plan)));
    QVERIFY2(!plan->adoption->found.isEmpty(), qPrintable(describePlan(*plan)));
    const auto adopted = runner.up();
    QVERIFY2(adopted.ok(), qPrintable(adopted.errorMessage()));
    QVERIFY2(runner.checkCurrent().ok(), qPrintable(runner.checkCurrent().errorMessage()));
    QCOMPARE(adopted->toVersion, runner.latestVersion());

    for (const QString &table : std::as_const(tables))
        QCOMPARE(rowsOf(*db, u"SELECT %1 FROM %2 ORDER BY 1"_s.arg(columns[table], table)),
                 before[table]);
    if (variant.extra.contains(u"pipeline_jobs"_s))
        QCOMPARE(rowsOf(*db, u"SELECT id, name FROM pipeline_jobs"_s),
                 QStringList{u"1 | nightly"_s});

    // The pipeline goes on writing with its own statements, triggers included; tables it did
    // not have before are Porthole's, and only this round's rows are in them.
    const QString failed = writeAsThePipeline(*db, 4);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    const auto rounds = [&tables](const QString &table) {
        return tables.contains(table) ? 4 : 1;
    };
    QCOMPARE(
        rowsOf(*db, u"SELECT version FROM checkpoints WHERE checkpoint_name = 'cp-4' AND "
                    "is_latest = %1"_s.arg(db->driverName() == u"QSQLITE"_s ? u"1"_s : u"TRUE"_s)),
        QStringList{u"2"_s});
    QCOMPARE(scalar(*db, u"SELECT count(*) FROM checkpoints"_s), 2 * rounds(u"checkpoints"_s));
    QCOMPARE(scalar(*db, u"SELECT count(*) FROM component_state WHERE updated_at IS NULL "
                         "OR updated_at < created_at"_s),
             0);
    QCOMPARE(scalar(*db, u"SELECT count(*) FROM sink_storage WHERE updated_at IS NULL "
                         "OR updated_at < created_at"_s),
             0);
    QCOMPARE(scalar(*db, u"SELECT count(*) FROM processed_events"_s),
             rounds(u"processed_events"_s));
    QCOMPARE(scalar(*db, u"SELECT count(*) FROM metrics"_s), rounds(u"metrics"_s));
    // Porthole reads them: the dead letters the pipeline wrote, one per round.
    PortMessageRepository messages(*db);
    PortMessageFilter filter;
    filter.deadLettersOnly = true;
    const auto count = messages.count(filter);
    QVERIFY2(count.ok(), qPrintable(count.errorMessage()));
    QCOMPARE(count->value, rounds(u"port_messages"_s));
}

void tst_SchemaAdoption::failureAtEachStepChangesNothing()
{
    QFETCH(Variant, variant);
    PORTHOLE_SCRATCH_DATABASE(scratch, variant.engine);
    const ConnectionFactory factory(scratch->url());
    auto db = factory.open(u"test"_s);
    QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
    QVERIFY(build(*db, variant));
    const QStringList schema = schemaOf(*db);
    const QStringList content = contentOf(*db);
    QVERIFY(!content.isEmpty());

    const QList<Migration> builtin = *MigrationRunner::builtin(scratch->url().engine());
    for (int failing = 1; failing <= builtin.size(); ++failing) {
        QList<Migration> migrations = builtin;
        migrations[failing - 1].up += u"\nINSERT INTO porthole_no_such_table VALUES (1);\n"_s;
        MigrationRunner runner(*db, migrations);
        const auto outcome = runner.up();
        QVERIFY2(!outcome.ok(), qPrintable(u"migration %1 was to fail"_s.arg(failing)));
        QVERIFY2(outcome.errorMessage().contains(u"porthole_no_such_table"_s),
                 qPrintable(outcome.errorMessage()));
        QVERIFY2(outcome.errorMessage().contains(u"Nothing was changed"_s),
                 qPrintable(outcome.errorMessage()));
        QCOMPARE(schemaOf(*db), schema);
        QCOMPARE(contentOf(*db), content);
    }
    // And without the failure, the same database is adopted.
    const auto adopted = MigrationRunner(*db, builtin).up();
    QVERIFY2(adopted.ok(), qPrintable(adopted.errorMessage()));
}

void tst_SchemaAdoption::refusedShapesChangeNothing_data()
{
    QTest::addColumn<Variant>("variant");
    QTest::addColumn<QString>("table");
    QTest::addColumn<QString>("column");
    QTest::newRow("postgresql: retry_count of another type")
        << Variant{Engine::PostgreSQL,
                   {u"seed001_postgresql.sql"_s},
                   u"DROP VIEW dead_letter_queue;\nDROP INDEX idx_port_messages_retry;\n"
                   "ALTER TABLE port_messages ALTER COLUMN retry_count TYPE TEXT;"_s}
        << u"port_messages"_s << u"retry_count"_s;
    QTest::newRow("sqlite: state_data missing (NOT NULL)")
        << Variant{Engine::SQLite,
                   {u"seed001_sqlite.sql"_s},
                   u"ALTER TABLE component_state DROP COLUMN state_data;"_s}
        << u"component_state"_s << u"state_data"_s;
    QTest::newRow("postgresql: a table of Porthole's name")
        << Variant{Engine::PostgreSQL,
                   {u"seed003_postgresql.sql"_s},
                   u"CREATE TABLE audit_log (entry TEXT);"_s}
        << u"audit_log"_s << u"migration 4"_s;
}

void tst_SchemaAdoption::refusedShapesChangeNothing()
{
    QFETCH(Variant, variant);
    QFETCH(QString, table);
    QFETCH(QString, column);
    PORTHOLE_SCRATCH_DATABASE(scratch, variant.engine);
    const ConnectionFactory factory(scratch->url());
    auto db = factory.open(u"test"_s);
    QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
    QVERIFY(build(*db, variant));
    const QStringList schema = schemaOf(*db);
    const QStringList content = contentOf(*db);

    MigrationRunner runner(*db, *MigrationRunner::builtin(scratch->url().engine()));
    const auto plan = runner.plan();
    QVERIFY2(plan.ok(), qPrintable(plan.errorMessage()));
    QVERIFY(plan->adoption);
    const QString refusals = plan->adoption->refusals.join(u'\n');
    QVERIFY2(refusals.contains(table) && refusals.contains(column),
             qPrintable(describePlan(*plan)));
    const auto outcome = runner.up();
    QVERIFY(!outcome.ok());
    QVERIFY2(outcome.errorMessage().contains(u"nothing was changed"_s) &&
                 outcome.errorMessage().contains(table) && outcome.errorMessage().contains(column),
             qPrintable(outcome.errorMessage()));
    QCOMPARE(schemaOf(*db), schema);
    QCOMPARE(contentOf(*db), content);
    QCOMPARE(*runner.currentVersion(), 0);
}

void tst_SchemaAdoption::planNamesWhatItFound_data()
{
    QTest::addColumn<Variant>("variant");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("sqlite 001 simplified")
        << Variant{Engine::SQLite, {u"seed001_sqlite.sql"_s}, pipelineExtras}
        << QStringList{u"port_messages: 11 columns; 3 added (max_retries, error_message, "
                       "error_details)"_s,
                       u"ALTER TABLE port_messages ADD COLUMN max_retries INTEGER DEFAULT 3;"_s,
                       u"checkpoints: 7 columns; 2 added (checkpoint_metadata, expires_at)"_s,
                       u"component_state: 7 columns, as Porthole needs them"_s,
                       u"table sink_storage, which this database does not have"_s,
                       u"trigger checkpoint_latest_trigger on checkpoints"_s,
                       u"Other tables and views, left as they are: table pipeline_jobs."_s,
                       u"Migration 3: "_s};
    QTest::newRow("postgresql 001 and 003 with schema_version 1")
        << Variant{Engine::PostgreSQL,
                   {u"seed001_postgresql.sql"_s, u"seed001_schema_version.sql"_s,
                    u"seed003_postgresql.sql"_s},
                   {}}
        << QStringList{u"From schema version 1 to "_s,
                       u"metrics: 6 columns, as Porthole needs them"_s,
                       u"processed_events: 5 columns, as Porthole needs them"_s,
                       u"port_messages: 14 columns, as Porthole needs them"_s,
                       u"\n  on checkpoints: index idx_checkpoints_name, "_s,
                       u", trigger checkpoint_latest_trigger\n"_s,
                       u"function update_updated_at_column"_s};
}

void tst_SchemaAdoption::planNamesWhatItFound()
{
    QFETCH(Variant, variant);
    QFETCH(QStringList, expected);
    PORTHOLE_SCRATCH_DATABASE(scratch, variant.engine);
    const ConnectionFactory factory(scratch->url());
    auto db = factory.open(u"test"_s);
    QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
    QVERIFY(build(*db, variant));
    const QStringList schema = schemaOf(*db);

    const auto plan =
        MigrationRunner(*db, *MigrationRunner::builtin(scratch->url().engine())).plan();
    QVERIFY2(plan.ok(), qPrintable(plan.errorMessage()));
    const QString text = describePlan(*plan);
    for (const QString &line : expected)
        QVERIFY2(text.contains(line), qPrintable(u"'%1' is not in:\n%2"_s.arg(line, text)));
    QCOMPARE(schemaOf(*db), schema); // planning changes nothing
}

// Porthole's own tables, once its record of them is gone, are found to be what it needs:
// every column's type read from the catalog matches the migrations' text.
void tst_SchemaAdoption::ownSchemaIsAdoptedAsItIs()
{
    QFETCH(ScratchDatabase::Engine, engine);
    PORTHOLE_SCRATCH_DATABASE(scratch, engine);
    const ConnectionFactory factory(scratch->url());
    auto db = factory.open(u"test"_s);
    QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
    const auto migrations = *MigrationRunner::builtin(scratch->url().engine());
    MigrationRunner runner(*db, migrations);
    QVERIFY(runner.up(seedMigrationCount).ok());
    QVERIFY(statementError(*db, u"DELETE FROM schema_version"_s).isEmpty());

    const auto plan = runner.plan();
    QVERIFY2(plan.ok(), qPrintable(plan.errorMessage()));
    QVERIFY(plan->adoption);
    QCOMPARE(plan->adoption->refusals, QStringList());
    QCOMPARE(plan->adoption->found.size(), 9);
    for (const QString &line : plan->adoption->found)
        QVERIFY2(line.endsWith(u"as Porthole needs them"_s), qPrintable(line));
    for (const PlannedStatement &step : plan->adoption->steps)
        QVERIFY2(step.reason.contains(u"set-up"_s), qPrintable(step.reason)); // only DO blocks
    QVERIFY(runner.up().ok());
    QVERIFY(runner.checkCurrent().ok());
}

void tst_SchemaAdoption::newMetricValuesVacuumedSoon_data()
{
    QTest::addColumn<QString>("ownSettings");
    QTest::newRow("no setting of the owner") << QString();
    QTest::newRow("the owner's insert threshold") << u"autovacuum_vacuum_insert_threshold=5000"_s;
    QTest::newRow("the owner's scale factor") << u"autovacuum_vacuum_insert_scale_factor=0.05"_s;
}

// On PostgreSQL, adopting seed 001's component_metrics has autovacuum visit it once 10,000
// rows are new (migration 33), so that the newest values are read from migration 32's index
// alone; a table whose owner chose either insert setting keeps the owner's, through up and
// down, and down takes back only Porthole's.
void tst_SchemaAdoption::newMetricValuesVacuumedSoon()
{
    QFETCH(QString, ownSettings);
    PORTHOLE_SCRATCH_DATABASE(scratch, Engine::PostgreSQL);
    const ConnectionFactory factory(scratch->url());
    auto db = factory.open(u"test"_s);
    QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
    QVERIFY(build(*db, Variant{Engine::PostgreSQL, {u"seed001_postgresql.sql"_s}, {}}));
    if (!ownSettings.isEmpty())
        QCOMPARE(runScript(*db, u"ALTER TABLE component_metrics SET (%1);"_s.arg(ownSettings)),
                 QString());
    const auto settings = [&db] {
        return rowsOf(*db, u"SELECT coalesce(array_to_string(reloptions, ','), '') FROM pg_class "
                           "WHERE oid = 'component_metrics'::regclass"_s)
            .join(u'|');
    };
    const QString porthole =
        u"autovacuum_vacuum_insert_scale_factor=0,autovacuum_vacuum_insert_threshold=10000"_s;

    MigrationRunner runner(*db, *MigrationRunner::builtin(scratch->url().engine()));
    QVERIFY(runner.up(32).ok());
    QCOMPARE(settings(), ownSettings);
    const auto adopted = runner.up(33);
    QVERIFY2(adopted.ok(), qPrintable(adopted.errorMessage()));
    QCOMPARE(adopted->toVersion, 33);
    QCOMPARE(settings(), ownSettings.isEmpty() ? porthole : ownSettings);
    QVERIFY(runner.down(1).ok());
    QCOMPARE(settings(), ownSettings);
}

QTEST_GUILESS_MAIN(tst_SchemaAdoption)
#include "tst_schemaadoption.moc"
