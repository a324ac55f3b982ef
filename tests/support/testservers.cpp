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

QString engineName(ScratchDatabase::Engine engine)
{
    return engine == ScratchDatabase::Engine::SQLite ? u"sqlite"_s : u"postgresql"_s;
}

std::unique_ptr<ScratchDatabase> ScratchDatabase::create(Engine engine, QString *error)
{
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

ScratchDatabase::~ScratchDatabase()
{
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
