#include "testservers.h"

#include "connectionfactory.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace porthole::test {

namespace {

Result<QString> fixtureValue(const char *overrideVariable, const QString &fileName)
{
    const QString overridden = qEnvironmentVariable(overrideVariable);
    if (!overridden.isEmpty())
        return overridden;
    const QString dir = qEnvironmentVariable("PORTHOLE_TEST_FIXTURE_DIR");
    if (dir.isEmpty())
        return StorageError::invalidArgument(
            u"Neither %1 nor PORTHOLE_TEST_FIXTURE_DIR is set: run the tests with ctest, "
            "which starts the servers."_s.arg(QString::fromLatin1(overrideVariable)));
    QFile file(dir + u'/' + fileName);
    if (!file.open(QIODevice::ReadOnly))
        return StorageError::io(
            u"The test fixture did not write %1: %2 (did its start test fail?)"_s.arg(
                file.fileName(), file.errorString()));
    return QString::fromUtf8(file.readAll()).trimmed();
}

} // namespace

Result<RedisUrl> fixtureRedis()
{
    auto text = fixtureValue("PORTHOLE_TEST_REDIS_URL", u"redis.url"_s);
    if (!text)
        return text.error();
    return RedisUrl::parse(*text);
}

Result<RedisUrl> fixtureRedisCluster()
{
    auto text = fixtureValue("PORTHOLE_TEST_REDIS_CLUSTER_URL", u"redis-cluster.url"_s);
    if (!text)
        return text.error();
    return RedisUrl::parse(*text);
}

Result<DatabaseUrl> fixturePostgres()
{
    auto text = fixtureValue("PORTHOLE_TEST_PG_URL", u"postgres.url"_s);
    if (!text)
        return text.error();
    return DatabaseUrl::parse(*text);
}

Result<DatabaseUrl> fixtureTimescaleDb()
{
    auto text = fixtureValue("PORTHOLE_TEST_TIMESCALEDB_URL", u"timescaledb.url"_s);
    if (!text)
        return text.error();
    return DatabaseUrl::parse(*text);
}

Result<QString> fixturePostgresLog()
{
    const QString overridden = qEnvironmentVariable("PORTHOLE_TEST_PG_LOG");
    if (!overridden.isEmpty())
        return overridden;
    if (!qEnvironmentVariableIsEmpty("PORTHOLE_TEST_PG_URL"))
        return StorageError::invalidArgument(
            u"PORTHOLE_TEST_PG_URL names a server of your own: set PORTHOLE_TEST_PG_LOG to the "
            "file its log goes to."_s);
    auto work = fixtureValue("PORTHOLE_TEST_PG_LOG", u"postgres.work"_s);
    if (!work)
        return work.error();
    return QString(*work +
                   u"/postgres.log"_s); // where scripts/servers/postgres has pg_ctl write it
}

bool postgresIsTimescaleDb()
{
    return qEnvironmentVariable("PORTHOLE_TEST_POSTGRES") == u"timescaledb"_s;
}

namespace {

// Everything in the TimescaleDB fixture's one database but the extension itself, which it
// cannot create again in the same server (created here when missing): the database's and
// role's settings, jobs of its own, continuous aggregates, schemas, and the tables, views,
// sequences, routines and types of the public schema.
const char resetTimescaleDbSql[] = R"(
CREATE EXTENSION IF NOT EXISTS timescaledb;
DO $$
DECLARE
    r record;
BEGIN
    EXECUTE format('ALTER DATABASE %I RESET ALL', current_database());
    EXECUTE format('ALTER ROLE %I RESET ALL', current_user);
    FOR r IN SELECT job_id FROM timescaledb_information.jobs WHERE job_id >= 1000 LOOP
        PERFORM delete_job(r.job_id);
    END LOOP;
    FOR r IN SELECT format('%I.%I', view_schema, view_name) AS name
             FROM timescaledb_information.continuous_aggregates LOOP
        EXECUTE 'DROP MATERIALIZED VIEW IF EXISTS ' || r.name || ' CASCADE';
    END LOOP;
    FOR r IN SELECT n.nspname FROM pg_namespace n
             WHERE n.nspname NOT IN ('public', 'information_schema')
               AND n.nspname NOT LIKE 'pg\_%' AND n.nspname NOT LIKE '\_timescaledb%'
               AND n.nspname NOT LIKE 'timescaledb\_%'
               AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = n.oid
                               AND d.deptype = 'e') LOOP
        EXECUTE format('DROP SCHEMA IF EXISTS %I CASCADE', r.nspname);
    END LOOP;
    FOR r IN SELECT format('%I', c.relname) AS name, c.relkind FROM pg_class c
             WHERE c.relnamespace = 'public'::regnamespace
               AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
               AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid
                               AND d.deptype = 'e') LOOP
        EXECUTE format('DROP %s IF EXISTS public.%s CASCADE',
                       CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                           WHEN 'S' THEN 'SEQUENCE' WHEN 'f' THEN 'FOREIGN TABLE'
                           ELSE 'TABLE' END, r.name);
    END LOOP;
    FOR r IN SELECT format('%I(%s)', p.proname, pg_get_function_identity_arguments(p.oid))
                        AS name, p.prokind FROM pg_proc p
             WHERE p.pronamespace = 'public'::regnamespace
               AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid
                               AND d.deptype = 'e') LOOP
        EXECUTE format('DROP %s IF EXISTS public.%s CASCADE',
                       CASE r.prokind WHEN 'p' THEN 'PROCEDURE' WHEN 'a' THEN 'AGGREGATE'
                           ELSE 'FUNCTION' END, r.name);
    END LOOP;
    FOR r IN SELECT format('%I', t.typname) AS name, t.typtype FROM pg_type t
             WHERE t.typnamespace = 'public'::regnamespace AND t.typtype IN ('e', 'd')
               AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = t.oid
                               AND d.deptype = 'e') LOOP
        EXECUTE format('DROP %s IF EXISTS public.%s CASCADE',
                       CASE r.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, r.name);
    END LOOP;
END $$
)";

// The one scratch database of the TimescaleDB fixture in use.
QAtomicInteger<int> timescaleScratches;

// Closes this thread's connections to the fixture: it serves one at a time, and a test's
// connections stay open between its functions. ConnectionFactory opens a closed one again.
void closeConnectionsTo(const DatabaseUrl &url)
{
    for (const QString &name : QSqlDatabase::connectionNames()) {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        if (db.isOpen() && db.driverName() == url.driverName() && db.hostName() == url.host() &&
            db.port() == url.port())
            db.close();
    }
}

} // namespace

QString engineName(ScratchDatabase::Engine engine)
{
    return engine == ScratchDatabase::Engine::SQLite ? u"sqlite"_s : u"postgresql"_s;
}

std::unique_ptr<ScratchDatabase> ScratchDatabase::create(Engine engine, QString *error)
{
    if (engine == Engine::PostgreSQL && postgresIsTimescaleDb())
        return createOnTimescaleDb(error);
    std::unique_ptr<ScratchDatabase> scratch(new ScratchDatabase);
    scratch->m_engine = engine;
    if (engine == Engine::SQLite) {
        scratch->m_directory.emplace();
        if (!scratch->m_directory->isValid()) {
            *error = u"Cannot make a temporary folder: "_s + scratch->m_directory->errorString();
            return nullptr;
        }
        scratch->m_url = DatabaseUrl::sqliteFile(scratch->m_directory->filePath(u"test.db"_s));
        return scratch;
    }

    auto admin = fixturePostgres();
    if (!admin) {
        *error = admin.errorMessage();
        return nullptr;
    }
    static QAtomicInteger<int> counter;
    const QString name =
        u"test_%1_%2"_s.arg(QCoreApplication::applicationPid()).arg(counter.fetchAndAddOrdered(1));
    const ConnectionFactory factory(*admin);
    {
        auto db = factory.open(u"test-admin"_s);
        if (!db) {
            *error = db.errorMessage();
            return nullptr;
        }
        QSqlQuery query(*db);
        if (!query.exec(u"CREATE DATABASE %1"_s.arg(name))) {
            *error = u"CREATE DATABASE failed: "_s + query.lastError().text();
            return nullptr;
        }
    }
    scratch->m_adminUrl = *admin;
    scratch->m_url = admin->withDatabaseName(name);
    return scratch;
}

std::unique_ptr<ScratchDatabase> ScratchDatabase::createOnTimescaleDb(QString *error)
{
    auto url = fixtureTimescaleDb();
    if (!url) {
        *error = url.errorMessage();
        return nullptr;
    }
    if (!timescaleScratches.testAndSetOrdered(0, 1)) {
        *error = u"The TimescaleDB fixture has one database: this test needs two at once."_s;
        return nullptr;
    }
    std::unique_ptr<ScratchDatabase> scratch(new ScratchDatabase);
    scratch->m_engine = Engine::PostgreSQL;
    scratch->m_timescale = true;
    closeConnectionsTo(*url);
    const ConnectionFactory factory(*url);
    {
        auto db = factory.open(u"test-admin"_s);
        if (!db) {
            *error = db.errorMessage();
            return nullptr;
        }
        QSqlQuery query(*db);
        if (!query.exec(QString::fromUtf8(resetTimescaleDbSql))) {
            *error = u"Emptying the TimescaleDB fixture's database failed: "_s +
                     query.lastError().text();
            return nullptr;
        }
    }
    factory.close(u"test-admin"_s);
    scratch->m_url = *url;
    return scratch;
}

ScratchDatabase::~ScratchDatabase()
{
    if (m_timescale) {
        closeConnectionsTo(m_url);
        timescaleScratches.storeRelease(0);
    }
    if (!m_adminUrl)
        return;
    const ConnectionFactory factory(*m_adminUrl);
    {
        auto db = factory.open(u"test-admin"_s);
        if (db) {
            QSqlQuery query(*db);
            if (!query.exec(u"DROP DATABASE IF EXISTS %1 WITH (FORCE)"_s.arg(m_url.databaseName())))
                qWarning("Could not drop %s: %s", qPrintable(m_url.databaseName()),
                         qPrintable(query.lastError().text()));
        }
    }
    factory.close(u"test-admin"_s);
}

qint64 storedMessageNumbers(const QString &sqlitePath)
{
    const QString name = u"check-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    qint64 count = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(sqlitePath);
        if (db.open()) {
            QSqlQuery query(u"SELECT COUNT(DISTINCT message_number) FROM messages"_s, db);
            if (query.next())
                count = query.value(0).toLongLong();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return count;
}

} // namespace porthole::test
