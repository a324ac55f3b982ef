// Backups of and into the TimescaleDB fixture (scripts/servers/timescaledb: PGlite, PostgreSQL
// 17.5 with TimescaleDB 2.23) with the client tools on PATH (Debian 12: pg_dump and pg_restore
// 15). What they can do is done and checked; what they cannot is refused before anything is
// written or changed, with what to do instead.
//
// The fixture serves one connection at a time: each step below opens one, and closes it before
// Porthole (or the pg_restore it runs) connects.
#include "backup.h"
#include "connectionfactory.h"
#include "migrateddatabase.h"
#include "repositorytestsupport.h"
#include "testservers.h"

#include <QCoreApplication>
#include <QDir>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {

// The major version `pg_dump --version` reports; 0 when it does not run.
int pgDumpMajorVersion()
{
    QProcess process;
    process.start(u"pg_dump"_s, {u"--version"_s});
    if (!process.waitForFinished(-1))
        return 0;
    const QRegularExpressionMatch match =
        QRegularExpression(u"\\(PostgreSQL\\) (\\d+)"_s)
            .match(QString::fromLocal8Bit(process.readAllStandardOutput()));
    return match.hasMatch() ? match.captured(1).toInt() : 0;
}

} // namespace

class tst_BackupTimescaleDb : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void backupOfANewerServerRefused();
    void restoreOfRowsIntoPGliteRefused();
    void restoreRunsInRestoringMode();
    void failedRestoreLeavesRestoringMode();

private:
    // A backup, into `folder`, of a new database on the PostgreSQL fixture that holds one
    // materialized view and no table: what pg_restore can restore into PGlite. Its manifest.
    QString viewBackup(const QTemporaryDir &folder);
    // Runs `work` on a connection to the fixture, closed again after.
    void onFixture(const std::function<void(const QSqlDatabase &db)> &work);
    // Everything a refused backup or restore must leave as it was: the relations of every
    // schema, the settings of the database and the session.
    QStringList fixtureState();
    void dropView(const QSqlDatabase &db);

    std::unique_ptr<test::ScratchDatabase> m_scratch;
    DatabaseUrl m_url;
    QString m_searchPath; // the fixture's, put back after (pg_restore empties it, and PGlite
                          // keeps one session for every connection)
    const QString m_view = u"restored_mode_%1"_s.arg(QCoreApplication::applicationPid());
};

void tst_BackupTimescaleDb::onFixture(const std::function<void(const QSqlDatabase &db)> &work)
{
    const ConnectionFactory factory(m_url);
    {
        auto db = factory.open(u"fixture"_s);
        QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
        work(*db);
    }
    factory.close(u"fixture"_s);
}

QStringList tst_BackupTimescaleDb::fixtureState()
{
    QStringList state;
    onFixture([&state](const QSqlDatabase &db) {
        state << test::rowsOf(
            db, u"SELECT n.nspname, c.relname, c.relkind FROM pg_catalog.pg_class c JOIN "
                "pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname NOT IN "
                "('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' "
                "ORDER BY 1, 2"_s);
        state << test::rowsOf(db, u"SELECT setdatabase, setrole, setconfig::text FROM "
                                  "pg_catalog.pg_db_role_setting ORDER BY 1, 2"_s);
        state << test::rowsOf(db, u"SHOW timescaledb.restoring"_s);
        state << test::rowsOf(db, u"SHOW search_path"_s);
    });
    return state;
}

// The test's view in the fixture, of either kind, where a test (or an earlier run) left it.
void tst_BackupTimescaleDb::dropView(const QSqlDatabase &db)
{
    QSqlQuery query(db);
    const QString kind = test::rowsOf(db, u"SELECT relkind FROM pg_catalog.pg_class WHERE "
                                          "oid = to_regclass('public.%1')"_s.arg(m_view))
                             .value(0);
    if (kind == u"m"_s)
        QVERIFY(query.exec(u"DROP MATERIALIZED VIEW public.%1"_s.arg(m_view)));
    else if (kind == u"v"_s)
        QVERIFY(query.exec(u"DROP VIEW public.%1"_s.arg(m_view)));
}

void tst_BackupTimescaleDb::initTestCase()
{
    // The fixture's database emptied of what tests before left (a restore needs a database
    // that holds no table).
    QString error;
    m_scratch = test::ScratchDatabase::createOnTimescaleDb(&error);
    QVERIFY2(m_scratch, qPrintable(error));
    m_url = m_scratch->url();
    onFixture([this](const QSqlDatabase &db) {
        QSqlQuery query(db);
        QVERIFY2(query.exec(u"CREATE EXTENSION IF NOT EXISTS timescaledb"_s),
                 qPrintable(query.lastError().text()));
        QVERIFY(query.exec(u"SHOW search_path"_s) && query.next());
        m_searchPath = query.value(0).toString();
        dropView(db);
    });
}

void tst_BackupTimescaleDb::cleanupTestCase()
{
    if (m_url.databaseName().isEmpty())
        return;
    onFixture([this](const QSqlDatabase &db) {
        QSqlQuery query(db);
        dropView(db);
        query.prepare(u"SELECT set_config('search_path', ?, false)"_s);
        query.addBindValue(m_searchPath);
        query.exec();
    });
}

// pg_dump refuses a server newer than itself, after it has connected. Porthole says so before
// it runs pg_dump, with what to do; no file is written, the fixture is as it was.
void tst_BackupTimescaleDb::backupOfANewerServerRefused()
{
    qint64 serverMajor = 0;
    onFixture([&serverMajor](const QSqlDatabase &db) {
        serverMajor = test::scalar(db, u"SELECT current_setting('server_version_num')::int / "
                                       "10000"_s);
    });
    const int dumpMajor = pgDumpMajorVersion();
    QVERIFY2(dumpMajor > 0, "pg_dump is not on PATH (install postgresql-client)");
    if (dumpMajor >= serverMajor)
        QSKIP(qPrintable(
            u"pg_dump %1 can dump PostgreSQL %2: there is no mismatch to refuse"_s.arg(dumpMajor)
                .arg(serverMajor)));

    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    const QStringList before = fixtureState();
    auto refused = takeBackup(m_url, {.directory = folder.path()});
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().kind, StorageError::Kind::InvalidArgument);
    const QString expected = u"is version %1 and the server is PostgreSQL %2: pg_dump cannot "
                             "back up a server newer than itself. Install the server's version "
                             "of the client tools (postgresql-client-%2"_s.arg(dumpMajor)
                                 .arg(serverMajor);
    QVERIFY2(refused.errorMessage().contains(expected), qPrintable(refused.errorMessage()));
    QVERIFY2(refused.errorMessage().endsWith(u"Nothing was written."_s),
             qPrintable(refused.errorMessage()));
    QCOMPARE(QDir(folder.path())
                 .entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot),
             QStringList());
    QCOMPARE(fixtureState(), before);
}

// PGlite ends the connection at COPY ... FROM stdin (tried with pg_restore and with psql's
// \copy alike), and pg_restore loads every table's rows with it: a backup with rows, here of a
// migrated database on the PostgreSQL fixture, is refused before anything is changed.
void tst_BackupTimescaleDb::restoreOfRowsIntoPGliteRefused()
{
    test::MigratedDatabase source(test::ScratchDatabase::Engine::PostgreSQL);
    QVERIFY2(source.ok(), qPrintable(source.error));
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    auto backup = takeBackup(source.scratch->url(), {.directory = folder.path()});
    QVERIFY2(backup.ok(), qPrintable(backup.errorMessage()));
    QVERIFY(backup->verified);

    const QStringList before = fixtureState();
    auto refused = restoreBackup(backup->backup.manifestPath, m_url, false);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().kind, StorageError::Kind::InvalidArgument);
    QVERIFY2(refused.errorMessage().startsWith(
                 u"The server is PGlite (PostgreSQL compiled to WebAssembly): it ends the "
                 "connection at COPY ... FROM stdin"_s),
             qPrintable(refused.errorMessage()));
    QVERIFY2(refused.errorMessage().endsWith(u"Nothing was changed."_s),
             qPrintable(refused.errorMessage()));
    QCOMPARE(fixtureState(), before);
}

// A backup without table rows (a materialized view, whose data pg_restore makes with REFRESH,
// not COPY) restores into the fixture: with timescaledb_pre_restore() before pg_restore, so the
// view, refreshed during the restore, reads timescaledb.restoring as on; and with
// timescaledb_post_restore() after, so the database is out of restoring mode again.
QString tst_BackupTimescaleDb::viewBackup(const QTemporaryDir &folder)
{
    QString error;
    const auto source =
        test::ScratchDatabase::create(test::ScratchDatabase::Engine::PostgreSQL, &error);
    if (!source) {
        qWarning("%s", qPrintable(error));
        return {};
    }
    {
        const ConnectionFactory factory(source->url());
        {
            auto db = factory.open(u"source"_s);
            QSqlQuery query(db ? *db : QSqlDatabase());
            // NULL where the setting does not exist, as on the PostgreSQL fixture.
            if (!db || !query.exec(u"CREATE MATERIALIZED VIEW %1 AS SELECT "
                                   "coalesce(current_setting('timescaledb.restoring', true), "
                                   "'unset') AS mode"_s.arg(m_view))) {
                qWarning("%s", qPrintable(db ? query.lastError().text() : db.errorMessage()));
                return {};
            }
        }
        factory.close(u"source"_s);
    }
    auto backup = takeBackup(source->url(), {.directory = folder.path()});
    if (!backup) {
        qWarning("%s", qPrintable(backup.errorMessage()));
        return {};
    }
    return backup->backup.manifestPath;
}

void tst_BackupTimescaleDb::restoreRunsInRestoringMode()
{
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    const QString backup = viewBackup(folder);
    QVERIFY(!backup.isEmpty());

    onFixture([](const QSqlDatabase &db) {
        QCOMPARE(test::rowsOf(db, u"SHOW timescaledb.restoring"_s), QStringList{u"off"_s});
    });
    auto restored = restoreBackup(backup, m_url, false);
    QVERIFY2(restored.ok(), qPrintable(restored.errorMessage()));

    onFixture([this](const QSqlDatabase &db) {
        QCOMPARE(test::rowsOf(db, u"SELECT mode FROM public.%1"_s.arg(m_view)),
                 QStringList{u"on"_s});
        QCOMPARE(test::rowsOf(db, u"SHOW timescaledb.restoring"_s), QStringList{u"off"_s});
        QCOMPARE(test::rowsOf(db, u"SELECT setconfig::text FROM pg_catalog.pg_db_role_setting "
                                  "WHERE setconfig::text LIKE '%timescaledb.restoring%'"_s),
                 QStringList());
    });
}

// pg_restore fails (--exit-on-error) on a view of the same name already in the fixture: the
// database is taken out of restoring mode all the same, and the error is pg_restore's.
void tst_BackupTimescaleDb::failedRestoreLeavesRestoringMode()
{
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    const QString backup = viewBackup(folder);
    QVERIFY(!backup.isEmpty());
    onFixture([this](const QSqlDatabase &db) {
        QSqlQuery query(db);
        dropView(db);
        QVERIFY2(query.exec(
                     u"CREATE VIEW public.%1 AS SELECT 'there before'::text AS mode"_s.arg(m_view)),
                 qPrintable(query.lastError().text()));
    });

    auto failed = restoreBackup(backup, m_url, false);
    QVERIFY(!failed.ok());
    QVERIFY2(failed.errorMessage().startsWith(u"pg_restore failed"_s) &&
                 failed.errorMessage().contains(u"already exists"_s),
             qPrintable(failed.errorMessage()));

    onFixture([this](const QSqlDatabase &db) {
        QCOMPARE(test::rowsOf(db, u"SHOW timescaledb.restoring"_s), QStringList{u"off"_s});
        QCOMPARE(test::rowsOf(db, u"SELECT setconfig::text FROM pg_catalog.pg_db_role_setting "
                                  "WHERE setconfig::text LIKE '%timescaledb.restoring%'"_s),
                 QStringList());
        QCOMPARE(test::rowsOf(db, u"SELECT mode FROM public.%1"_s.arg(m_view)),
                 QStringList{u"there before"_s});
        QSqlQuery query(db);
        QVERIFY(query.exec(u"DROP VIEW public.%1"_s.arg(m_view)));
    });
}

QTEST_GUILESS_MAIN(tst_BackupTimescaleDb)
#include "tst_backuptimescaledb.moc"
