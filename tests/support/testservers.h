#pragma once

#include "databaseurl.h"
#include "redisurl.h"
#include "storageerror.h"

#include <QString>
#include <QTemporaryDir>

#include <memory>
#include <optional>

namespace porthole::test {

// The servers the CTest fixtures started (scripts/servers/*). A developer may point
// the tests at servers of their own with PORTHOLE_TEST_REDIS_URL / PORTHOLE_TEST_PG_URL.
Result<RedisUrl> fixtureRedis();
Result<DatabaseUrl> fixturePostgres();
// The log file of the fixture's PostgreSQL server (for a server of your own:
// PORTHOLE_TEST_PG_LOG), where it writes the statements of a role whose log_statement is set.
Result<QString> fixturePostgresLog();
// A Redis Cluster of three masters (scripts/servers/redis-cluster): one node's URL. For
// servers of your own: PORTHOLE_TEST_REDIS_CLUSTER_URL.
Result<RedisUrl> fixtureRedisCluster();
// PGlite with TimescaleDB (scripts/servers/timescaledb). It serves one connection at a time:
// a test opens a single one. For a TimescaleDB server of your own: PORTHOLE_TEST_TIMESCALEDB_URL.
Result<DatabaseUrl> fixtureTimescaleDb();

// Whether the tests' PostgreSQL is the TimescaleDB fixture (PORTHOLE_TEST_POSTGRES=timescaledb,
// set by CTest for the `.timescaledb` runs of the repository tests).
bool postgresIsTimescaleDb();

// A database of its own for one test: a new SQLite file in a temporary folder, or a new
// database in the fixture's PostgreSQL cluster, dropped again when this goes away. With
// postgresIsTimescaleDb(), the PostgreSQL one is createOnTimescaleDb()'s.
class ScratchDatabase
{
public:
    enum class Engine
    {
        SQLite,
        PostgreSQL
    };

    static std::unique_ptr<ScratchDatabase> create(Engine engine, QString *error);
    // The TimescaleDB fixture's one database, emptied of everything but the extension (which
    // it creates when missing); one such at a time.
    static std::unique_ptr<ScratchDatabase> createOnTimescaleDb(QString *error);
    ~ScratchDatabase();
    ScratchDatabase(const ScratchDatabase &) = delete;
    ScratchDatabase &operator=(const ScratchDatabase &) = delete;

    const DatabaseUrl &url() const { return m_url; }
    Engine engine() const { return m_engine; }

private:
    ScratchDatabase() = default;

    Engine m_engine = Engine::SQLite;
    DatabaseUrl m_url;
    std::optional<QTemporaryDir> m_directory;
    std::optional<DatabaseUrl> m_adminUrl;
    bool m_timescale = false;
};

QString engineName(ScratchDatabase::Engine engine);

// The distinct message numbers in the `messages` table of an SQLite file, read on a connection
// of its own; -1 when the file or the table cannot be read.
qint64 storedMessageNumbers(const QString &sqlitePath);

} // namespace porthole::test

// Fails the test, with the reason, when a scratch database cannot be made. In the runs on the
// TimescaleDB fixture, SQLite's rows are skipped: they run in the test of the same name.
#define PORTHOLE_SCRATCH_DATABASE(var, engine)                                                     \
    if ((engine) == porthole::test::ScratchDatabase::Engine::SQLite &&                             \
        porthole::test::postgresIsTimescaleDb())                                                   \
        QSKIP("SQLite's rows run in the test without .timescaledb");                               \
    QString var##Error;                                                                            \
    const auto var = porthole::test::ScratchDatabase::create(engine, &var##Error);                 \
    QVERIFY2(var, qPrintable(var##Error))

// In the runs on the TimescaleDB fixture (postgresIsTimescaleDb()), skips a test that the
// fixture cannot serve, saying why (docs/DATABASE.md lists them): it serves one connection at a
// time from one backend in memory.
#define PORTHOLE_SKIP_ON_TIMESCALEDB_FIXTURE(why)                                                  \
    if (porthole::test::postgresIsTimescaleDb())                                                   \
    QSKIP(why)

// The reason most of them have.
#define PORTHOLE_TWO_CONNECTIONS "needs two connections at once; the TimescaleDB fixture serves one"
