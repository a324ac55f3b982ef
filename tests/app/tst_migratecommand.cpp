#include "auditlog.h"
#include "commandrun.h"
#include "connectionfactory.h"
#include "migrationrunner.h"
#include "sqlscript.h"
#include "testservers.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using Engine = porthole::test::ScratchDatabase::Engine;

// `porthole migrate` as an operator runs it, on both engines.
class tst_MigrateCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void statusUpDown_data();
    void statusUpDown();
    void refusals_data();
    void refusals();
    void adoptsAPipelineDatabase_data();
    void adoptsAPipelineDatabase();

private:
    struct Run
    {
        int exitCode = -1;
        QString out;
        QString err;
    };
    Run porthole(const QStringList &arguments);
    QString m_binary;
};

void tst_MigrateCommand::initTestCase()
{
    m_binary = qEnvironmentVariable("PORTHOLE_BINARY");
    QVERIFY(!m_binary.isEmpty());
}

tst_MigrateCommand::Run tst_MigrateCommand::porthole(const QStringList &arguments)
{
    // Who the command acts for, in the audit log.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"PORTHOLE_OPERATOR"_s, u"release bot"_s);
    const porthole::test::CommandRun run =
        porthole::test::runPorthole(QStringList{u"migrate"_s} + arguments, 60000, environment);
    return {run.exitCode, QString::fromUtf8(run.out), QString::fromUtf8(run.err)};
}

void tst_MigrateCommand::statusUpDown_data()
{
    QTest::addColumn<Engine>("engine");
    QTest::newRow("sqlite") << Engine::SQLite;
    QTest::newRow("postgresql") << Engine::PostgreSQL;
}

void tst_MigrateCommand::statusUpDown()
{
    QFETCH(Engine, engine);
    PORTHOLE_SCRATCH_DATABASE(scratch, engine);
    const QString url = engine == Engine::SQLite ? u"sqlite://"_s + scratch->url().filePath()
                                                 : scratch->url().toDisplayString();

    const int latest = int(porthole::MigrationRunner::builtin(scratch->url().engine())->size());
    Run status = porthole({u"--db"_s, url});
    QCOMPARE(status.exitCode, 0);
    QVERIFY2(status.out.contains(u"Schema version: 0 of %1 (%1 pending)"_s.arg(latest)),
             qPrintable(status.out));
    QVERIFY2(status.err.isEmpty(), qPrintable(status.err));

    Run up = porthole({u"--db"_s, url, u"up"_s, u"2"_s});
    QCOMPARE(up.exitCode, 0);
    QVERIFY2(up.out.contains(u"Migrated from version 0 to 2."_s), qPrintable(up.out));

    Run rest = porthole({u"--db"_s, url, u"up"_s});
    QCOMPARE(rest.exitCode, 0);
    QVERIFY2(rest.err.isEmpty(), qPrintable(rest.err)); // no server notices, no debug output
    QVERIFY2(rest.out.contains(u"Migrated from version 2 to %1."_s.arg(latest)),
             qPrintable(rest.out));
    // Each step as it began: on a large table one takes minutes.
    QVERIFY2(rest.out.contains(u"\nMigration 3 of %1: "_s.arg(latest)), qPrintable(rest.out));
    QVERIFY2(rest.out.contains(u"\nMigration %1 of %1: "_s.arg(latest)), qPrintable(rest.out));
    if (engine == Engine::SQLite) {
        const qsizetype at = rest.out.indexOf(u"Backed up the database to "_s);
        QVERIFY2(at >= 0, qPrintable(rest.out));
        const QString backup = rest.out.mid(at + 26).section(u'\n', 0, 0);
        QVERIFY2(QFile::exists(backup), qPrintable(backup));
    } else {
        QVERIFY(!rest.out.contains(u"Backed up"_s));
    }

    Run applied = porthole({u"--db"_s, url, u"status"_s});
    QVERIFY2(applied.out.contains(u"Schema version: %1 of %1\n"_s.arg(latest)),
             qPrintable(applied.out));
    QCOMPARE(applied.out.count(u"applied 20"_s), latest);

    Run down = porthole({u"--db"_s, url, u"down"_s, u"3"_s});
    QCOMPARE(down.exitCode, 0);
    QVERIFY2(down.out.contains(u"Migrated from version %1 to %2."_s.arg(latest).arg(latest - 3)),
             qPrintable(down.out));
    {
        // Audited, with who, from which version and to which.
        const porthole::ConnectionFactory factory(scratch->url());
        auto db = factory.open(u"audit"_s);
        QVERIFY(db.ok());
        QSqlQuery query(*db);
        QVERIFY(query.exec(u"SELECT actor, target_table, affected_count, details FROM audit_log "
                           "WHERE action = 'migrate-down'"_s));
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toString(),
                 u"release bot (%1)"_s.arg(porthole::AuditLog::defaultOperator()));
        QCOMPARE(query.value(1).toString(), u"schema_version"_s);
        QCOMPARE(query.value(2).toInt(), 3);
        QVERIFY2(
            query.value(3).toString().startsWith(
                u"Schema migrations undone, from version %1 to %2."_s.arg(latest).arg(latest - 3)),
            qPrintable(query.value(3).toString()));
        QVERIFY(!query.next());
    }
    Run past = porthole({u"--db"_s, url, u"down"_s, QString::number(latest - 3)});
    QCOMPARE(past.exitCode, 0);
    QVERIFY2(past.err.contains(u"the audit log went with the migrations undone"_s),
             qPrintable(past.err));
    QVERIFY2(porthole({u"--db"_s, url, u"up"_s}).exitCode == 0, "up again");
    const QString steps = QString::number(latest + 1); // one more than there are
    Run tooFar = porthole({u"--db"_s, url, u"down"_s, steps});
    QCOMPARE(tooFar.exitCode, 1);
    QVERIFY2(tooFar.err.contains(u"cannot go down %1 steps"_s.arg(steps)), qPrintable(tooFar.err));
}

void tst_MigrateCommand::refusals_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    QTest::newRow("no db") << QStringList{u"status"_s} << 2 << u"--db URL is required"_s;
    QTest::newRow("bad url") << QStringList{u"--db"_s, u"oracle://x"_s} << 2
                             << u"Not a database URL"_s;
    QTest::newRow("bad action") << QStringList{u"--db"_s, u"sqlite:x.db"_s, u"sideways"_s} << 2
                                << u"'sideways' is not an action"_s;
    QTest::newRow("down without count")
        << QStringList{u"--db"_s, u"sqlite:x.db"_s, u"down"_s} << 2 << u"down needs the number"_s;
    QTest::newRow("bad count") << QStringList{u"--db"_s, u"sqlite:x.db"_s, u"down"_s, u"two"_s} << 2
                               << u"'two' is not a version or a count"_s;
    QTest::newRow("unknown version") << QStringList{u"--db"_s, u"sqlite:x.db"_s, u"up"_s, u"99"_s}
                                     << 1 << u"There is no schema version 99"_s;
    QTest::newRow("missing folder")
        << QStringList{u"--db"_s, u"sqlite:///no/such/dir/x.db"_s} << 1 << u"does not exist"_s;
}

void tst_MigrateCommand::refusals()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    QTemporaryDir dir;
    QVERIFY(QDir::setCurrent(dir.path()));
    const Run run = porthole(arguments);
    QCOMPARE(run.exitCode, exitCode);
    QVERIFY2(run.err.contains(message), qPrintable(run.err));
}

void tst_MigrateCommand::adoptsAPipelineDatabase_data()
{
    QTest::addColumn<Engine>("engine");
    QTest::addColumn<QStringList>("ddl"); // files of tests/storage/data/seeds/
    QTest::addColumn<QString>("extra");   // the pipeline's own change, or a bad shape
    QTest::addColumn<QStringList>("planned");
    QTest::addColumn<QString>("migrated"); // empty: refused
    QTest::newRow("postgresql 001 and 003, schema_version 1")
        << Engine::PostgreSQL
        << QStringList{u"seed001_postgresql.sql"_s, u"seed001_schema_version.sql"_s,
                       u"seed003_postgresql.sql"_s}
        << QString()
        << QStringList{u"Found the pipeline's tables"_s,
                       u"processed_events: 5 columns, as Porthole needs them"_s}
        << u"Migrated from version 1 to "_s;
    QTest::newRow("sqlite 001 simplified")
        << Engine::SQLite << QStringList{u"seed001_sqlite.sql"_s} << QString()
        << QStringList{u"port_messages: 11 columns; 3 added"_s,
                       u"ALTER TABLE port_messages ADD COLUMN max_retries INTEGER DEFAULT 3;"_s}
        << u"Migrated from version 0 to "_s;
    QTest::newRow("sqlite 001 without state_data")
        << Engine::SQLite << QStringList{u"seed001_sqlite.sql"_s}
        << u"ALTER TABLE component_state DROP COLUMN state_data"_s
        << QStringList{u"Refused"_s, u"table component_state, column state_data: missing"_s}
        << QString();
}

void tst_MigrateCommand::adoptsAPipelineDatabase()
{
    QFETCH(Engine, engine);
    QFETCH(QStringList, ddl);
    QFETCH(QString, extra);
    QFETCH(QStringList, planned);
    QFETCH(QString, migrated);
    PORTHOLE_SCRATCH_DATABASE(scratch, engine);
    const porthole::ConnectionFactory factory(scratch->url());
    {
        auto db = factory.open(u"pipeline"_s);
        QVERIFY(db.ok());
        QSqlQuery query(*db);
        for (const QString &name : std::as_const(ddl)) {
            QFile file(QStringLiteral(PORTHOLE_SEED_DDL) + u'/' + name);
            QVERIFY(file.open(QIODevice::ReadOnly));
            for (const QString &statement :
                 porthole::splitSqlStatements(QString::fromUtf8(file.readAll())))
                QVERIFY2(query.exec(statement), qPrintable(statement));
        }
        QVERIFY(extra.isEmpty() || query.exec(extra));
    }
    factory.close(u"pipeline"_s);
    const QString url = engine == Engine::SQLite ? u"sqlite://"_s + scratch->url().filePath()
                                                 : scratch->url().toDisplayString();

    const Run plan = porthole({u"--db"_s, url, u"plan"_s});
    QCOMPARE(plan.exitCode, migrated.isEmpty() ? 1 : 0);
    for (const QString &line : std::as_const(planned))
        QVERIFY2(plan.out.contains(line), qPrintable(plan.out + plan.err));
    QVERIFY2(
        porthole({u"--db"_s, url, u"status"_s})
            .out.contains(u"Schema version: "_s + (engine == Engine::SQLite ? u"0"_s : u"1"_s)),
        "plan changes nothing");

    const Run up = porthole({u"--db"_s, url, u"up"_s});
    if (migrated.isEmpty()) {
        QCOMPARE(up.exitCode, 1);
        QVERIFY2(up.err.contains(u"nothing was changed"_s), qPrintable(up.err));
    } else {
        QVERIFY2(up.exitCode == 0 && up.out.contains(migrated), qPrintable(up.out + up.err));
        QVERIFY2(porthole({u"--db"_s, url, u"status"_s}).out.contains(u"pending"_s) == false,
                 "every migration is applied");
    }
}

QTEST_GUILESS_MAIN(tst_MigrateCommand)
#include "tst_migratecommand.moc"
