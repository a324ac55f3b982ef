#include "commandrun.h"
#include "connectionfactory.h"
#include "redisclient.h"
#include "testservers.h"
#include "workerconfig.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QScopeGuard>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>
#include <QUuid>

#include <csignal>

using namespace Qt::StringLiterals;
using namespace porthole;
using Engine = porthole::test::ScratchDatabase::Engine;

namespace {

// Seed 001's config/database.yaml, with its testing database made a file: an in-memory
// database would lose what the worker acknowledged, and is refused (see refusals).
const QString seedShape = uR"(development:
  database_type: sqlite
  database_name: ./data/dev.db

testing:
  database_type: sqlite
  database_name: test.db

staging:
  database_type: postgresql
  host: staging-db.internal
  port: 5432
  database_name: autocoder_staging
  username: autocoder_user
  min_connections: 5
  max_connections: 20

production:
  database_type: postgresql
  host: ${DB_HOST}
  port: ${DB_PORT}
  database_name: ${DB_NAME}
  username: ${DB_USER}
  password: ${DB_PASSWORD}
  min_connections: 10
  max_connections: 50
  statement_timeout: 60000
  ssl_mode: require
)"_s;

QProcessEnvironment variables(const QList<std::pair<QString, QString>> &pairs)
{
    QProcessEnvironment environment;
    for (const auto &[name, value] : pairs)
        environment.insert(name, value);
    return environment;
}

} // namespace

// The reader of worker configuration files, and `porthole ingest --config` run as an operator
// runs it: against the fixture's redis-server and PostgreSQL.
class tst_WorkerConfig : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void readsTheSeedShape();
    void choosesTheEnvironment();
    void expandsVariables_data();
    void expandsVariables();
    void readsRedisAndIngestSections();
    void readsTheHistorySection();
    void mergesAnchoredSettings();
    void keepsPasswordsOutOfSight();
    void refusals_data();
    void refusals();
    void unreadableFile();
    void commandLineOverridesTheFile();
    void unknownKeyStopsTheCommand();
    void exampleIsAccepted_data();
    void exampleIsAccepted();
    void ingestsWithAConfigFile();

private:
    struct Run
    {
        int exitCode = -1;
        QString out;
        QString err;
    };
    QString write(const QString &text, const QString &name = u"ingest.yaml"_s);
    Result<WorkerConfig> read(const QString &text, const QString &environment,
                              const QProcessEnvironment &environmentVariables = {});
    Run porthole(const QStringList &arguments, const QProcessEnvironment &extra = {});

    std::optional<QTemporaryDir> m_temp;
};

void tst_WorkerConfig::init()
{
    m_temp.emplace();
    QVERIFY(m_temp->isValid());
}

QString tst_WorkerConfig::write(const QString &text, const QString &name)
{
    const QString path = m_temp->filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write %s", qPrintable(path));
    file.write(text.toUtf8());
    return path;
}

Result<WorkerConfig> tst_WorkerConfig::read(const QString &text, const QString &environment,
                                            const QProcessEnvironment &environmentVariables)
{
    return readWorkerConfig(write(text), environment, environmentVariables);
}

tst_WorkerConfig::Run tst_WorkerConfig::porthole(const QStringList &arguments,
                                                 const QProcessEnvironment &extra)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(u"PORTHOLE_ENV"_s);
    environment.insert(extra);
    const test::CommandRun run =
        test::runPorthole(QStringList{u"ingest"_s} + arguments, 60000, environment);
    return {run.exitCode, QString::fromUtf8(run.out), QString::fromUtf8(run.err)};
}

void tst_WorkerConfig::readsTheSeedShape()
{
    const auto production = read(seedShape, u"production"_s,
                                 variables({{u"DB_HOST"_s, u"db.internal"_s},
                                            {u"DB_PORT"_s, u"6543"_s},
                                            {u"DB_NAME"_s, u"pipeline"_s},
                                            {u"DB_USER"_s, u"ops"_s},
                                            {u"DB_PASSWORD"_s, u"s3cret"_s}}));
    QVERIFY2(production.ok(), qPrintable(production.errorMessage()));
    QCOMPARE(production->environment, u"production"_s);
    QVERIFY(production->database);
    const DatabaseUrl &database = *production->database;
    QCOMPARE(database.engine(), DatabaseUrl::Engine::PostgreSQL);
    QCOMPARE(database.host(), u"db.internal"_s);
    QCOMPARE(database.port(), 6543);
    QCOMPARE(database.databaseName(), u"pipeline"_s);
    QCOMPARE(database.userName(), u"ops"_s);
    QCOMPARE(database.password(), u"s3cret"_s);
    QCOMPARE(database.options().value(u"sslmode"_s), u"require"_s);
    // What the worker is given is the same database, password and all.
    QCOMPARE(*DatabaseUrl::parse(production->ingest.sinkUrl), database);
    QCOMPARE(production->ingest.databaseUrl, production->ingest.sinkUrl);
    QCOMPARE(production->given, (QSet<QString>{u"sink"_s, u"db"_s}));
    // The pool is read, checked and said to be not applied; the session timeouts apply.
    QCOMPARE(production->notApplied.size(), 2);
    QVERIFY(production->notApplied.at(0).startsWith(
        u"production.min_connections is not applied: an ingest worker holds one"_s));
    QCOMPARE(production->ingest.connection.statementTimeoutMs, 60000);
    QCOMPARE(production->ingest.connection.lockTimeoutMs, ConnectionSettings{}.lockTimeoutMs);

    const auto staging = read(seedShape, u"staging"_s);
    QVERIFY2(staging.ok(), qPrintable(staging.errorMessage()));
    QVERIFY(staging->database);
    QCOMPARE(staging->database->host(), u"staging-db.internal"_s);
    QCOMPARE(staging->database->port(), 5432);
    QCOMPARE(staging->database->userName(), u"autocoder_user"_s);
    QVERIFY(staging->database->password().isEmpty());
    QVERIFY(staging->database->options().isEmpty());

    // A relative SQLite file is in the configuration's folder, not the current one.
    const auto development = read(seedShape, u"development"_s);
    QVERIFY2(development.ok(), qPrintable(development.errorMessage()));
    QVERIFY(development->database);
    QVERIFY(development->database->isSqlite());
    const QString expected = QDir(m_temp->path()).filePath(u"data/dev.db"_s);
    QCOMPARE(development->database->filePath(), expected);
    QCOMPARE(development->ingest.sinkUrl, u"sqlite://"_s + expected);
    QVERIFY(development->notApplied.isEmpty());
}

void tst_WorkerConfig::choosesTheEnvironment()
{
    QCOMPARE(workerEnvironmentName({}, {}), u"development"_s);
    QCOMPARE(workerEnvironmentName({}, variables({{u"PORTHOLE_ENV"_s, u"staging"_s}})),
             u"staging"_s);
    QCOMPARE(workerEnvironmentName(u"testing"_s, variables({{u"PORTHOLE_ENV"_s, u"staging"_s}})),
             u"testing"_s);
    QCOMPARE(workerEnvironmentName({}, variables({{u"PORTHOLE_ENV"_s, u""_s}})), u"development"_s);

    // Each environment's own settings, and only its variables are needed.
    const auto testing = read(seedShape, u"testing"_s);
    QVERIFY2(testing.ok(), qPrintable(testing.errorMessage()));
    QVERIFY(testing->database);
    QCOMPARE(testing->database->filePath(), m_temp->filePath(u"test.db"_s));
}

void tst_WorkerConfig::expandsVariables_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("expected");
    QTest::newRow("whole value") << u"${QUEUE}"_s << u"orders"_s;
    QTest::newRow("inside text") << u"in-${QUEUE}-${ZONE}"_s << u"in-orders-eu"_s;
    QTest::newRow("default unused") << u"${QUEUE:-other}"_s << u"orders"_s;
    QTest::newRow("default when unset") << u"${MISSING:-fallback}"_s << u"fallback"_s;
    QTest::newRow("default when empty") << u"${EMPTY:-fallback}"_s << u"fallback"_s;
    QTest::newRow("empty default") << u"x${MISSING:-}y"_s << u"xy"_s;
    QTest::newRow("set but empty") << u"a${EMPTY}b"_s << u"ab"_s;
    QTest::newRow("dollar dollar") << u"$${QUEUE}"_s << u"${QUEUE}"_s;
    QTest::newRow("lone dollar") << u"pa$word$"_s << u"pa$word$"_s;
    QTest::newRow("value with a dollar") << u"${DOLLARS}"_s << u"a$b${c}"_s;
}

void tst_WorkerConfig::expandsVariables()
{
    QFETCH(QString, value);
    QFETCH(QString, expected);
    const auto config = read(u"testing:\n  redis:\n    key: \"%1\"\n"_s.arg(value), u"testing"_s,
                             variables({{u"QUEUE"_s, u"orders"_s},
                                        {u"ZONE"_s, u"eu"_s},
                                        {u"EMPTY"_s, u""_s},
                                        {u"DOLLARS"_s, u"a$b${c}"_s}}));
    QVERIFY2(config.ok(), qPrintable(config.errorMessage()));
    QCOMPARE(config->ingest.source.key, expected);
}

void tst_WorkerConfig::readsRedisAndIngestSections()
{
    const QString text = uR"(testing:
  redis:
    url: redis://queue.internal:6380/2
    password: ${REDIS_PASSWORD}
    mode: list
    key: jobs
    group: workers
    consumer: ${PORTHOLE_CONSUMER:-}
    count: 250
    block_ms: 5000
    claim_idle_ms: 30000
    forget_idle_ms: 90000
    max_deliveries: 3
  ingest:
    sink: file:///srv/batches
    data_dir: state
    max_payload_bytes: 4096
    heartbeat_seconds: 30
    listen: 0.0.0.0:9187
    token_file: secrets/worker.token
)"_s;
    const auto config = read(text, u"testing"_s, variables({{u"REDIS_PASSWORD"_s, u"r3dis"_s}}));
    QVERIFY2(config.ok(), qPrintable(config.errorMessage()));
    const RedisSourceOptions &source = config->ingest.source;
    QCOMPARE(config->ingest.mode, RedisSource::Mode::List);
    QCOMPARE(source.url.host(), u"queue.internal"_s);
    QCOMPARE(source.url.port(), 6380);
    QCOMPARE(source.url.database(), 2);
    QCOMPARE(source.url.password(), u"r3dis"_s);
    QCOMPARE(source.key, u"jobs"_s);
    QCOMPARE(source.group, u"workers"_s);
    QCOMPARE(source.consumer, QString()); // empty: the host name and process id
    QCOMPARE(source.count, 250);
    QCOMPARE(source.blockMs, 5000);
    QVERIFY(source.timeouts.commandMs > source.blockMs);
    QCOMPARE(source.claimIdleMs, qint64(30000));
    QCOMPARE(source.forgetIdleMs, qint64(90000));
    QCOMPARE(source.maxDeliveries, 3);
    QCOMPARE(config->ingest.sinkUrl, u"file:///srv/batches"_s);
    QCOMPARE(config->ingest.heartbeatIntervalMs, 30000);
    QCOMPARE(config->ingest.databaseUrl, QString()); // no database: the embedded one
    QCOMPARE(config->dataDirectory, m_temp->filePath(u"state"_s));
    QCOMPARE(config->ingest.maxPayloadBytes, qint64(4096));
    QCOMPARE(config->listen, u"0.0.0.0:9187"_s);
    QCOMPARE(config->tokenFile, m_temp->filePath(u"secrets/worker.token"_s));
    QCOMPARE(config->given,
             (QSet<QString>{u"redis"_s, u"mode"_s, u"key"_s, u"group"_s, u"consumer"_s, u"count"_s,
                            u"block-ms"_s, u"claim-idle-ms"_s, u"forget-idle-ms"_s,
                            u"max-deliveries"_s, u"sink"_s, u"data-dir"_s, u"max-payload-bytes"_s,
                            u"listen"_s, u"token-file"_s}));

    // Batch files with the environment's database for the bookkeeping.
    const auto both = read(u"testing:\n  database_type: sqlite\n  database_name: book.db\n"
                           "  ingest:\n    sink: file:///srv/batches\n"_s,
                           u"testing"_s);
    QVERIFY2(both.ok(), qPrintable(both.errorMessage()));
    QCOMPARE(both->ingest.sinkUrl, u"file:///srv/batches"_s);
    QCOMPARE(both->ingest.databaseUrl, u"sqlite://"_s + m_temp->filePath(u"book.db"_s));

    // Nothing given: IngestConfig's defaults, nothing marked as given.
    const auto empty = read(u"testing:\nproduction:\n  redis:\n    key: x\n"_s, u"testing"_s);
    QVERIFY2(empty.ok(), qPrintable(empty.errorMessage()));
    QVERIFY(empty->given.isEmpty());
    QCOMPARE(empty->ingest.source.count, IngestConfig().source.count);
    QVERIFY(empty->ingest.sinkUrl.isEmpty());
}

// The backlog history's sampling: every 15 s without the section, as it says with one, 0 off.
void tst_WorkerConfig::readsTheHistorySection()
{
    const auto without = read(u"testing:\n  redis:\n    key: k\n"_s, u"testing"_s);
    QVERIFY2(without.ok(), qPrintable(without.errorMessage()));
    QCOMPARE(without->history.interval, std::chrono::seconds(15));
    const auto every = read(u"testing:\n  history:\n    interval_seconds: 60\n"_s, u"testing"_s);
    QVERIFY2(every.ok(), qPrintable(every.errorMessage()));
    QCOMPARE(every->history.interval, std::chrono::seconds(60));
    QVERIFY(describeIngestSettings(every->ingest, every->history, {}, &*every)
                .contains(u"history.interval_seconds: 60\n"_s));
    const auto off = read(u"testing:\n  history:\n    interval_seconds: 0\n"_s, u"testing"_s);
    QVERIFY2(off.ok(), qPrintable(off.errorMessage()));
    QCOMPARE(off->history.interval, std::chrono::seconds(0));
    QVERIFY(describeIngestSettings(off->ingest, off->history, {}, &*off)
                .contains(u"history.interval_seconds: 0 (off)\n"_s));
}

void tst_WorkerConfig::mergesAnchoredSettings()
{
    const QString text = uR"(development:
  database_type: sqlite
  database_name: dev.db
  redis: &redis
    url: redis://127.0.0.1:6379/0
    key: messages
    count: 100
testing:
  database_type: sqlite
  database_name: test.db
  redis:
    <<: *redis
    count: 5
broken:
  redis:
    <<: *redis
    <<: {colour: blue}
)"_s;
    const auto testing = read(text, u"testing"_s);
    QVERIFY2(testing.ok(), qPrintable(testing.errorMessage()));
    QCOMPARE(testing->ingest.source.key, u"messages"_s); // merged
    QCOMPARE(testing->ingest.source.count, 5);           // written here: wins

    const auto broken = read(text, u"broken"_s);
    QVERIFY(!broken.ok());
    QVERIFY2(broken.errorMessage().contains(u":17: unknown key \"colour\" in broken.redis"_s),
             qPrintable(broken.errorMessage()));
}

void tst_WorkerConfig::keepsPasswordsOutOfSight()
{
    // Characters that mean something in a URL survive the trip to the worker.
    const QString password = u"p@ss:w/rd?#%&=é"_s;
    const QString text = uR"(production:
  database_type: postgresql
  host: db.internal
  username: ops
  password: ${DB_PASSWORD}
  redis:
    url: redis://:${REDIS_PASSWORD}@queue.internal:6379/0
    key: jobs
    count: lots
)"_s;
    const auto environment =
        variables({{u"DB_PASSWORD"_s, password}, {u"REDIS_PASSWORD"_s, u"r3dis-secret"_s}});
    const auto failed = read(text, u"production"_s, environment);
    QVERIFY(!failed.ok());
    QVERIFY2(failed.errorMessage().contains(u"production.redis.count is \"lots\""_s),
             qPrintable(failed.errorMessage()));

    QString good = text;
    good.replace(u"count: lots"_s, u"count: 10"_s);
    const auto config = read(good, u"production"_s, environment);
    QVERIFY2(config.ok(), qPrintable(config.errorMessage()));
    QCOMPARE(DatabaseUrl::parse(config->ingest.sinkUrl)->password(), password);
    QCOMPARE(config->ingest.source.url.password(), u"r3dis-secret"_s);
    const QString described =
        describeIngestSettings(config->ingest, config->history, u"/data"_s, &*config);
    QVERIFY2(described.contains(u"database: postgresql://ops:***@db.internal:5432/"_s),
             qPrintable(described));
    QVERIFY2(described.contains(u"redis.url: redis://:***@queue.internal:6379"_s),
             qPrintable(described));
    QVERIFY(!described.contains(u"p@ss"_s));
    QVERIFY(!described.contains(u"r3dis-secret"_s));

    // A malformed Redis URL is reported without the password in it.
    const auto badUrl = read(u"production:\n  redis:\n    url: redis://:${REDIS_PASSWORD}@\n"_s,
                             u"production"_s, environment);
    QVERIFY(!badUrl.ok());
    QVERIFY2(badUrl.errorMessage().contains(u"production.redis.url"_s),
             qPrintable(badUrl.errorMessage()));
    QVERIFY2(!badUrl.errorMessage().contains(u"r3dis-secret"_s), qPrintable(badUrl.errorMessage()));
}

void tst_WorkerConfig::refusals_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("environment");
    QTest::addColumn<int>("line"); // 0: the file as a whole
    QTest::addColumn<QString>("message");

    QTest::newRow("variable not set")
        << seedShape << u"production"_s << 20
        << u"${DB_HOST} in production.host is not set; set it in the worker's environment"_s;
    QTest::newRow("unknown environment")
        << seedShape << u"prod"_s << 0
        << u"no environment \"prod\"; the file has development, testing, staging, production"_s;
    QTest::newRow("unknown key")
        << u"testing:\n  database_type: sqlite\n  database_name: x.db\n  hots: a\n"_s
        << u"testing"_s << 4
        << u"unknown key \"hots\" in testing; allowed: database_type, host, port, "
           "database_name, username, password, ssl_mode, connection_timeout"_s;
    QTest::newRow("unknown redis key")
        << u"testing:\n  redis:\n    key: k\n    cnt: 5\n"_s << u"testing"_s << 4
        << u"unknown key \"cnt\" in testing.redis; allowed: url, password, mode, key, group, "
           "consumer, count, block_ms, claim_idle_ms, forget_idle_ms, max_deliveries"_s;
    QTest::newRow("unknown ingest key")
        << u"testing:\n  ingest:\n    db: x\n"_s << u"testing"_s << 3
        << u"unknown key \"db\" in testing.ingest; allowed: sink, data_dir, max_payload_bytes"_s;
    QTest::newRow("not a number")
        << u"testing:\n  database_type: postgresql\n  port: ${PORT}\n"_s << u"testing"_s << 3
        << u"testing.port is \"fifty\"; it must be a whole number from 1 to 65535"_s;
    QTest::newRow("out of range")
        << u"testing:\n  redis:\n    count: 0\n"_s << u"testing"_s << 3
        << u"testing.redis.count is 0; it must be a whole number from 1 to 100000"_s;
    QTest::newRow("mapping for a value")
        << u"testing:\n  database_type: postgresql\n  host:\n    name: x\n"_s << u"testing"_s << 3
        << u"testing.host must be a single value, not a mapping"_s;
    QTest::newRow("list for a section") << u"testing:\n  redis: [a, b]\n"_s << u"testing"_s << 2
                                        << u"testing.redis must be a mapping of url, password"_s;
    QTest::newRow("environment not a mapping")
        << u"testing: sqlite\n"_s << u"testing"_s << 1
        << u"the environment testing must be a mapping of settings, not a value"_s;
    QTest::newRow("not a boolean")
        << u"testing:\n  database_type: sqlite\n  database_name: a.db\n"
           "  exponential_backoff: maybe\n"_s
        << u"testing"_s << 4
        << u"testing.exponential_backoff is \"maybe\"; it must be true or false"_s;
    QTest::newRow("bad mode")
        << u"testing:\n  redis:\n    mode: fifo\n"_s << u"testing"_s << 3
        << u"testing.redis.mode is \"fifo\"; it must be one of stream, list, pubsub"_s;
    QTest::newRow("bad ssl mode")
        << u"testing:\n  database_type: postgresql\n  ssl_mode: always\n"_s << u"testing"_s << 3
        << u"testing.ssl_mode is \"always\"; it must be one of disable, allow, prefer, require"_s;
    QTest::newRow("unsupported database")
        << u"testing:\n  database_type: mysql\n"_s << u"testing"_s << 2
        << u"testing.database_type is \"mysql\"; Porthole stores into sqlite or postgresql"_s;
    QTest::newRow("in-memory database")
        << u"testing:\n  database_type: sqlite\n  database_name: \":memory:\"\n"_s << u"testing"_s
        << 3 << u"testing.database_name is :memory:"_s;
    QTest::newRow("sqlite with a host")
        << u"testing:\n  database_type: sqlite\n  database_name: a.db\n  host: db\n"_s
        << u"testing"_s << 4 << u"testing.host does not apply to a sqlite database"_s;
    QTest::newRow("database key without a type")
        << u"testing:\n  host: db\n"_s << u"testing"_s << 2
        << u"testing.host needs testing.database_type (sqlite or postgresql) beside it"_s;
    QTest::newRow("sqlite without a file")
        << u"testing:\n  database_type: sqlite\n"_s << u"testing"_s << 2
        << u"testing is a sqlite database without testing.database_name"_s;
    QTest::newRow("given twice") << u"testing:\n  redis:\n    key: a\n    key: b\n"_s
                                 << u"testing"_s << 4
                                 << u"testing.redis.key is given twice (first on line 3)"_s;
    QTest::newRow("unterminated variable")
        << u"testing:\n  redis:\n    key: ${QUEUE\n"_s << u"testing"_s << 3
        << u"testing.redis.key has a \"${\" without its \"}\""_s;
    QTest::newRow("not a variable name")
        << u"testing:\n  redis:\n    key: ${1Q}\n"_s << u"testing"_s << 3
        << u"${1Q} in testing.redis.key is not a variable"_s;
    QTest::newRow("relative file sink")
        << u"testing:\n  ingest:\n    sink: file:batches\n"_s << u"testing"_s << 3
        << u"testing.ingest.sink is \"file:batches\"; it must be database (the environment's "
           "database) or file:///absolute/folder"_s;
    QTest::newRow("forget before claim")
        << u"testing:\n  redis:\n    claim_idle_ms: 5000\n    forget_idle_ms: 1000\n"_s
        << u"testing"_s << 4
        << u"testing.redis.forget_idle_ms (1000) must be no smaller than "
           "testing.redis.claim_idle_ms (5000)"_s;
    QTest::newRow("alert rule's misspelt key")
        << u"testing:\n  alerts:\n    rules:\n      - id: x\n        kind: ingest_stopped\n"
           "        treshold: 1\n"_s
        << u"testing"_s << 6 << u"unknown key \"treshold\" in testing.alerts.rules[0]"_s;
    QTest::newRow("alert rule without a threshold")
        << u"testing:\n  alerts:\n    rules:\n      - id: x\n        kind: ingest_stopped\n"_s
        << u"testing"_s << 4
        << u"testing.alerts.rules[0]: The alert rule \"x\" needs \"threshold\" as a number"_s;
    QTest::newRow("history interval")
        << u"testing:\n  history:\n    interval_seconds: -5\n"_s << u"testing"_s << 3
        << u"testing.history.interval_seconds is -5; it must be a whole number from 0 to 86400"_s;
    QTest::newRow("unknown history key")
        << u"testing:\n  history:\n    every: 15s\n"_s << u"testing"_s << 3
        << u"unknown key \"every\" in testing.history; allowed: interval_seconds"_s;
    QTest::newRow("syntax error") << u"testing:\n  redis: [key\n  ingest: {}\n"_s << u"testing"_s
                                  << 3 << u"not YAML: "_s;
    QTest::newRow("seed's unquoted :memory:")
        << u"testing:\n  database_type: sqlite\n  database_name: :memory:\n"_s << u"testing"_s << 3
        << u"not YAML: illegal map value (a value that starts with \":\" or holds \": \" "
           "must be quoted)"_s;
    QTest::newRow("empty file") << u""_s << u"testing"_s << 0
                                << u"the configuration is empty; it needs a section per "
                                   "environment"_s;
    QTest::newRow("a list of environments")
        << u"- testing\n- production\n"_s << u"testing"_s << 0
        << u"the configuration must be a mapping of environments"_s;
}

void tst_WorkerConfig::refusals()
{
    QFETCH(QString, text);
    QFETCH(QString, environment);
    QFETCH(int, line);
    QFETCH(QString, message);
    const QString path = write(text);
    const auto config = readWorkerConfig(path, environment, variables({{u"PORT"_s, u"fifty"_s}}));
    QVERIFY(!config.ok());
    const QString where = line > 0 ? u"%1:%2:"_s.arg(path).arg(line) : path + u": "_s;
    QVERIFY2(config.errorMessage().startsWith(where), qPrintable(config.errorMessage()));
    QVERIFY2(config.errorMessage().contains(message), qPrintable(config.errorMessage()));
}

void tst_WorkerConfig::unreadableFile()
{
    const QString missing = m_temp->filePath(u"nowhere.yaml"_s);
    const auto config = readWorkerConfig(missing, u"testing"_s, {});
    QVERIFY(!config.ok());
    QVERIFY2(config.errorMessage().startsWith(missing + u": cannot read the configuration: "_s),
             qPrintable(config.errorMessage()));
    QCOMPARE(config.error().kind, StorageError::Kind::Io);

    const auto folder = readWorkerConfig(m_temp->path(), u"testing"_s, {});
    QVERIFY(!folder.ok());
    QVERIFY2(folder.errorMessage().startsWith(m_temp->path() + u": cannot read"_s),
             qPrintable(folder.errorMessage()));
}

void tst_WorkerConfig::commandLineOverridesTheFile()
{
    const QString path = write(uR"(testing:
  database_type: postgresql
  host: db.internal
  username: ops
  password: ${PORTHOLE_TEST_SECRET}
  min_connections: 2
  redis:
    url: redis://127.0.0.1:6390/0
    key: from-file
    count: 50
    block_ms: 250
  ingest:
    data_dir: state
staging:
  database_type: sqlite
  database_name: staging.db
  redis:
    key: staging-key
)"_s);
    const QProcessEnvironment secret = variables({{u"PORTHOLE_TEST_SECRET"_s, u"hunter2-xyz"_s}});
    const Run run = porthole({u"--config"_s, path, u"--env"_s, u"testing"_s, u"--count"_s, u"7"_s,
                              u"--redis"_s, u"redis://127.0.0.1:6391/3"_s, u"--check-config"_s},
                             secret);
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.err.isEmpty(), qPrintable(run.err));
    const QStringList lines = run.out.split(u'\n', Qt::SkipEmptyParts);
    QVERIFY2(lines.contains(u"config: %1, environment testing"_s.arg(path)), qPrintable(run.out));
    QVERIFY2(lines.contains(u"database: postgresql://ops:***@db.internal:5432/ops"_s),
             qPrintable(run.out));
    QVERIFY(lines.contains(u"redis.count: 7"_s));                      // the command line's
    QVERIFY(lines.contains(u"redis.url: redis://127.0.0.1:6391/3"_s)); // the command line's
    QVERIFY(lines.contains(u"redis.key: from-file"_s));                // the file's
    QVERIFY(lines.contains(u"redis.block_ms: 250"_s));                 // the file's
    QVERIFY(lines.contains(u"redis.max_deliveries: 5"_s));             // the default
    QVERIFY(lines.contains(u"ingest.data_dir: "_s + m_temp->filePath(u"state"_s)));
    QVERIFY(lines.contains(u"note: testing.min_connections is not applied: an ingest worker "
                           "holds one database connection"_s));
    QVERIFY(!run.out.contains(u"hunter2"_s));

    // --sink wins over the file's database; PORTHOLE_ENV picks the environment.
    const Run staging =
        porthole({u"--config"_s, path, u"--check-config"_s, u"--data-dir"_s, m_temp->path()},
                 variables({{u"PORTHOLE_ENV"_s, u"staging"_s}}));
    QCOMPARE(staging.exitCode, 0);
    QVERIFY2(staging.out.contains(u"config: %1, environment staging\n"_s.arg(path)),
             qPrintable(staging.out));
    QVERIFY(staging.out.contains(u"redis.key: staging-key\n"_s));
    QVERIFY(
        staging.out.contains(u"database: sqlite://%1\n"_s.arg(m_temp->filePath(u"staging.db"_s))));
    const Run overridden = porthole({u"--config"_s, path, u"--env"_s, u"staging"_s, u"--sink"_s,
                                     u"file:///srv/batches"_s, u"--check-config"_s});
    QCOMPARE(overridden.exitCode, 0);
    QVERIFY(overridden.out.contains(u"ingest.sink: file:///srv/batches\n"_s));
    // The file's database keeps the dead letters and the bookkeeping.
    QVERIFY(overridden.out.contains(
        u"database: sqlite://%1\n"_s.arg(m_temp->filePath(u"staging.db"_s))));

    // A variable that is not set stops it, naming the variable and the setting.
    const Run unset = porthole({u"--config"_s, path, u"--env"_s, u"testing"_s, u"--check-config"_s},
                               variables({{u"PORTHOLE_TEST_SECRET_UNUSED"_s, u"x"_s}}));
    QCOMPARE(unset.exitCode, 2);
    QVERIFY2(unset.err.contains(
                 u"%1:5: ${PORTHOLE_TEST_SECRET} in testing.password is not set"_s.arg(path)),
             qPrintable(unset.err));
    // --env means nothing without a file.
    const Run lonely = porthole({u"--env"_s, u"testing"_s, u"--key"_s, u"k"_s});
    QCOMPARE(lonely.exitCode, 2);
    QVERIFY2(lonely.err.contains(u"--env names a section of a --config file"_s),
             qPrintable(lonely.err));
}

void tst_WorkerConfig::unknownKeyStopsTheCommand()
{
    const QString path = write(u"testing:\n  redis:\n    key: k\n    consumer_name: w1\n"_s);
    const Run run = porthole({u"--config"_s, path, u"--env"_s, u"testing"_s});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(u"%1:4: unknown key \"consumer_name\" in testing.redis; allowed: "
                              "url, password, mode, key, group, consumer,"_s.arg(path)),
             qPrintable(run.err));
    QVERIFY(run.out.isEmpty());

    const Run missingEnvironment = porthole({u"--config"_s, path, u"--env"_s, u"prod"_s});
    QCOMPARE(missingEnvironment.exitCode, 2);
    QVERIFY2(missingEnvironment.err.contains(u"no environment \"prod\"; the file has testing"_s),
             qPrintable(missingEnvironment.err));
}

void tst_WorkerConfig::exampleIsAccepted_data()
{
    QTest::addColumn<QString>("environment");
    QTest::addColumn<QString>("database");
    QTest::addColumn<QString>("sink");
    QTest::newRow("development") << u"development"_s << u"sqlite:///var/lib/porthole/porthole.db"_s
                                 << u"database"_s;
    QTest::newRow("staging")
        << u"staging"_s << u"postgresql://porthole:***@staging-db.internal:5432/porthole_staging"_s
        << u"database"_s;
    QTest::newRow("production")
        << u"production"_s
        << u"postgresql://ops:***@db.example:5432/pipeline?connect_timeout=10&sslmode=require"_s
        << u"database"_s;
    QTest::newRow("batch-files") << u"batch-files"_s << u"sqlite:///var/lib/porthole/porthole.db"_s
                                 << u"file:///var/lib/porthole/batches"_s;
}

void tst_WorkerConfig::exampleIsAccepted()
{
    QFETCH(QString, environment);
    QFETCH(QString, database);
    QFETCH(QString, sink);
    const QString example =
        QStringLiteral(PORTHOLE_SOURCE_DIR) + u"/packaging/ingest.example.yaml"_s;
    const Run run = porthole({u"--config"_s, example, u"--env"_s, environment, u"--check-config"_s},
                             variables({{u"DB_HOST"_s, u"db.example"_s},
                                        {u"DB_NAME"_s, u"pipeline"_s},
                                        {u"DB_USER"_s, u"ops"_s},
                                        {u"DB_PASSWORD"_s, u"example-secret"_s}}));
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.contains(u"\ndatabase: %1\n"_s.arg(database)), qPrintable(run.out));
    QVERIFY2(run.out.contains(u"\ningest.sink: %1\n"_s.arg(sink)), qPrintable(run.out));
    QVERIFY(!run.out.contains(u"example-secret"_s));
}

// `porthole ingest --config F --env testing` against the fixture's redis-server and
// PostgreSQL: stores what is sent, and SIGTERM ends it with everything acknowledged.
void tst_WorkerConfig::ingestsWithAConfigFile()
{
    const auto redis = test::fixtureRedis();
    QVERIFY2(redis.ok(), qPrintable(redis.errorMessage()));
    PORTHOLE_SCRATCH_DATABASE(scratch, Engine::PostgreSQL);
    const DatabaseUrl &database = scratch->url();
    const QString key = u"config-test-"_s + QUuid::createUuid().toString(QUuid::Id128);
    const QString secret = u"never-shown-"_s + QUuid::createUuid().toString(QUuid::Id128);

    const QString path = write(uR"(testing:
  database_type: postgresql
  host: ${TEST_PG_HOST}
  port: ${TEST_PG_PORT}
  database_name: %1
  username: %2
  password: ${TEST_PG_PASSWORD}
  connection_timeout: 5
  redis:
    url: redis://${TEST_REDIS_HOST}:${TEST_REDIS_PORT}/%3
    key: %4
    group: config-test
    consumer: worker-1
    count: 5
    block_ms: 100
  ingest:
    listen: 127.0.0.1:0
)"_s.arg(database.databaseName(), database.userName())
                                   .arg(redis->database())
                                   .arg(key));

    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"TEST_PG_HOST"_s, database.host());
    environment.insert(u"TEST_PG_PORT"_s, QString::number(database.port()));
    // The fixture's server trusts loopback connections and never asks for it.
    environment.insert(u"TEST_PG_PASSWORD"_s, secret);
    environment.insert(u"TEST_REDIS_HOST"_s, redis->host());
    environment.insert(u"TEST_REDIS_PORT"_s, QString::number(redis->port()));
    environment.remove(u"PGPASSWORD"_s);

    RedisClient client;
    QVERIFY2(client.connect(*redis).ok(), "cannot reach the fixture's redis-server");
    QList<QList<QByteArray>> commands;
    for (int n = 1; n <= 12; ++n)
        commands.append({"XADD", key.toUtf8(), "*", "payload",
                         "Message #" + QByteArray::number(n) + ": through a config file"});
    QVERIFY(client.pipeline(commands).ok());

    QProcess worker;
    worker.setProcessEnvironment(environment);
    worker.setStandardOutputFile(QProcess::nullDevice());
    worker.start(qEnvironmentVariable("PORTHOLE_BINARY"),
                 {u"ingest"_s, u"--config"_s, path, u"--env"_s, u"testing"_s});
    QVERIFY2(worker.waitForStarted(30000), qPrintable(worker.errorString()));
    const auto killAtExit = qScopeGuard([&worker] {
        if (worker.state() != QProcess::NotRunning) {
            worker.kill();
            worker.waitForFinished(30000);
        }
    });

    const ConnectionFactory factory(database);
    const auto stored = [&factory]() -> qint64 {
        auto db = factory.open(u"check"_s);
        if (!db)
            return -1;
        QSqlQuery query(*db);
        if (!query.exec(u"SELECT COUNT(*) FROM messages"_s) || !query.next())
            return -1; // no schema yet
        return query.value(0).toLongLong();
    };
    QTRY_COMPARE_WITH_TIMEOUT(stored(), qint64(12), 60000);
    QCOMPARE(worker.state(), QProcess::Running);

    // The rest arrives while it runs.
    commands.clear();
    for (int n = 13; n <= 15; ++n)
        commands.append({"XADD", key.toUtf8(), "*", "payload",
                         "Message #" + QByteArray::number(n) + ": through a config file"});
    QVERIFY(client.pipeline(commands).ok());
    QTRY_COMPARE_WITH_TIMEOUT(stored(), qint64(15), 60000);

    QVERIFY(::kill(pid_t(worker.processId()), SIGTERM) == 0);
    QVERIFY(worker.waitForFinished(60000));
    const QString err = QString::fromUtf8(worker.readAllStandardError());
    QCOMPARE(worker.exitStatus(), QProcess::NormalExit);
    QVERIFY2(worker.exitCode() == 0, qPrintable(err));
    QVERIFY2(err.contains(u"ingest: settings from %1, environment testing\n"_s.arg(path)),
             qPrintable(err));
    QVERIFY2(err.contains(u"ingest: stopping after the group in hand"_s), qPrintable(err));
    // The HTTP endpoint the file asked for (loopback: no token needed).
    QVERIFY2(err.contains(u"ingest: serving http://127.0.0.1:"_s), qPrintable(err));
    QVERIFY2(!err.contains(secret), qPrintable(err));

    {
        auto db = factory.open(u"check"_s);
        QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
        QSqlQuery query(*db);
        QVERIFY(query.exec(u"SELECT message_number, content, delivery_key FROM messages "
                           "ORDER BY message_number"_s));
        int expected = 1;
        while (query.next()) {
            QCOMPARE(query.value(0).toInt(), expected);
            QCOMPARE(query.value(1).toString(),
                     u"Message #%1: through a config file"_s.arg(expected));
            QVERIFY(query.value(2).toString().startsWith(u"stream:%1:"_s.arg(key)));
            ++expected;
        }
        QCOMPARE(expected, 16);
    }
    factory.close(u"check"_s);

    // Everything stored was acknowledged before it exited.
    const auto pending = client.command({"XPENDING", key.toUtf8(), "config-test"});
    QVERIFY(pending.ok());
    QCOMPARE(pending->type, RedisReply::Type::Array);
    QCOMPARE(pending->elements.value(0).integer, 0LL);
    QVERIFY(client.command({"DEL", key.toUtf8()}).ok());
}

QTEST_GUILESS_MAIN(tst_WorkerConfig)
#include "tst_workerconfig.moc"
