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

// A database of its own for one test: a new SQLite file in a temporary folder, or a new
// database in the fixture's PostgreSQL cluster, dropped again when this goes away.
class ScratchDatabase
{
public:
    enum class Engine
    {
        SQLite,
        PostgreSQL
    };

    static std::unique_ptr<ScratchDatabase> create(Engine engine, QString *error);
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
};

QString engineName(ScratchDatabase::Engine engine);

// The distinct message numbers in the `messages` table of an SQLite file, read on a connection
// of its own; -1 when the file or the table cannot be read.
qint64 storedMessageNumbers(const QString &sqlitePath);

} // namespace porthole::test

// Fails the test, with the reason, when a scratch database cannot be made.
#define PORTHOLE_SCRATCH_DATABASE(var, engine)                                                     \
    QString var##Error;                                                                            \
    const auto var = porthole::test::ScratchDatabase::create(engine, &var##Error);                 \
    QVERIFY2(var, qPrintable(var##Error))
