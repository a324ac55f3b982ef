#include "workerconfig.h"

#include "displayurl.h"
#include "environmentreader.h"
#include "ingestsink.h"
#include "redisurl.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QLocale>
#include <QRegularExpression>
#include <QUrl>
#include <QUrlQuery>

#include <algorithm>
#include <limits>
#include <optional>
#include <yaml-cpp/yaml.h>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// The database keys of seed 001's config/database.yaml (its DatabaseConfig plus ssl_mode).
const QStringList databaseKeys{
    u"database_type"_s,
    u"host"_s,
    u"port"_s,
    u"database_name"_s,
    u"username"_s,
    u"password"_s,
    u"ssl_mode"_s,
    u"connection_timeout"_s,
    u"statement_timeout"_s,
    u"lock_timeout"_s,
    u"idle_in_transaction_timeout"_s,
    u"min_connections"_s,
    u"max_connections"_s,
    u"max_retries"_s,
    u"retry_delay_ms"_s,
    u"exponential_backoff"_s,
};
const QStringList redisKeys{
    u"url"_s,           u"password"_s,       u"mode"_s,          u"key"_s,
    u"group"_s,         u"consumer"_s,       u"count"_s,         u"block_ms"_s,
    u"claim_idle_ms"_s, u"forget_idle_ms"_s, u"max_deliveries"_s};
const QStringList ingestKeys{u"sink"_s,   u"data_dir"_s,   u"max_payload_bytes"_s,
                             u"listen"_s, u"token_file"_s, u"heartbeat_seconds"_s};
// The keys only a PostgreSQL database takes: refused beside database_type: sqlite.
const QStringList postgresOnlyKeys{u"host"_s,     u"port"_s,     u"username"_s,
                                   u"password"_s, u"ssl_mode"_s, u"connection_timeout"_s};
const QStringList sslModes{u"disable"_s, u"allow"_s,     u"prefer"_s,
                           u"require"_s, u"verify-ca"_s, u"verify-full"_s};

// Why a setting of the seed's shape is read and checked but not applied by the worker.
QString whyNotApplied(const QString &key)
{
    if (key == u"min_connections"_s || key == u"max_connections"_s)
        return u"an ingest worker holds one database connection"_s;
    if (key == u"max_retries"_s || key == u"retry_delay_ms"_s || key == u"exponential_backoff"_s)
        return u"the worker retries a refused write until it succeeds or is stopped, waiting "
               "200 ms, doubling up to 10 s"_s;
    return {};
}

const ConfigEntry *find(const QList<ConfigEntry> &entries, const QString &key)
{
    for (const ConfigEntry &entry : entries) {
        if (entry.key == key)
            return &entry;
    }
    return nullptr;
}

// A Redis URL's error without its password: the part before the host is replaced.
QString redisUrlError(const QString &url)
{
    QString shown = url;
    const qsizetype scheme = shown.indexOf(u"://"_s);
    const qsizetype at = shown.lastIndexOf(u'@');
    if (scheme >= 0 && at > scheme)
        shown.replace(scheme + 3, at - scheme - 3, u"***"_s);
    const auto parsed = RedisUrl::parse(shown);
    return parsed ? u"the user or password part is malformed (percent-encode its special "
                    "characters, or give the password as redis.password)"_s
                  : parsed.errorMessage();
}

// The database_type of the environment, lower-case, "postgres" read as "postgresql"; nothing
// when it is missing (a database key without it is an error), empty or not one Porthole
// stores into.
std::optional<QString> databaseEngine(EnvironmentReader &reader, const QList<ConfigEntry> &entries,
                                      const ConfigEntry *typeEntry, const QString &env)
{
    if (!typeEntry) {
        for (const ConfigEntry &entry : entries) {
            if (databaseKeys.contains(entry.key)) {
                reader.fail(entry.keyNode,
                            u"%1 needs %2.database_type (sqlite or postgresql) beside it"_s.arg(
                                EnvironmentReader::join(env, entry.key), env));
                return std::nullopt;
            }
        }
        return std::nullopt;
    }
    const auto type = reader.text(*typeEntry, EnvironmentReader::join(env, u"database_type"_s));
    if (!type) {
        reader.fail(typeEntry->keyNode,
                    u"%1.database_type is empty; it must be sqlite or postgresql"_s.arg(env));
        return std::nullopt;
    }
    const QString engine = type->toLower() == u"postgres"_s ? u"postgresql"_s : type->toLower();
    if (engine != u"sqlite"_s && engine != u"postgresql"_s) {
        reader.fail(typeEntry->keyNode,
                    u"%1.database_type is \"%2\"; Porthole stores into sqlite or postgresql"_s.arg(
                        env, *type));
        return std::nullopt;
    }
    return engine;
}

// The session timeouts, and the settings the worker does not apply (checked all the same).
void readDatabaseTuning(EnvironmentReader &reader, const QList<ConfigEntry> &entries,
                        const QString &env, const QString &engine, WorkerConfig *config)
{
    for (const ConfigEntry &entry : entries) {
        const QString path = EnvironmentReader::join(env, entry.key);
        if (engine == u"sqlite"_s && postgresOnlyKeys.contains(entry.key)) {
            reader.fail(
                entry.keyNode,
                u"%1 does not apply to a sqlite database; database_name names its file"_s.arg(
                    path));
            return;
        }
        // The seed's PostgreSQL session timeouts apply to the worker's connection.
        int *timeout = entry.key == u"statement_timeout"_s
                           ? &config->ingest.connection.statementTimeoutMs
                       : entry.key == u"lock_timeout"_s ? &config->ingest.connection.lockTimeoutMs
                       : entry.key == u"idle_in_transaction_timeout"_s
                           ? &config->ingest.connection.idleInTransactionTimeoutMs
                           : nullptr;
        if (timeout) {
            if (const auto ms = reader.integer(entry, path, 0, std::numeric_limits<int>::max()))
                *timeout = int(*ms);
            continue;
        }
        const QString why = whyNotApplied(entry.key);
        if (why.isEmpty())
            continue;
        if (entry.key == u"exponential_backoff"_s)
            reader.boolean(entry, path);
        else
            reader.integer(entry, path, 0, std::numeric_limits<int>::max());
        config->notApplied.append(u"%1 is not applied: %2"_s.arg(path, why));
    }
}

// A sqlite database: database_name is its file.
void readSqliteDatabase(EnvironmentReader &reader, const QList<ConfigEntry> &entries,
                        const ConfigEntry &typeEntry, const QString &env, WorkerConfig *config)
{
    const ConfigEntry *nameEntry = find(entries, u"database_name"_s);
    if (!nameEntry) {
        reader.fail(typeEntry.keyNode,
                    u"%1 is a sqlite database without %1.database_name, its file"_s.arg(env));
        return;
    }
    const QString path = EnvironmentReader::join(env, u"database_name"_s);
    const auto raw = reader.text(*nameEntry, path);
    if (raw && *raw == u":memory:"_s) {
        reader.fail(nameEntry->keyNode,
                    u"%1 is :memory:, a database that goes with the worker and every "
                    "message in it; name a file"_s.arg(path));
        return;
    }
    const auto file = reader.filePath(*nameEntry, path);
    if (!file) {
        reader.fail(nameEntry->keyNode, u"%1 is empty; name the database file"_s.arg(path));
        return;
    }
    config->database = DatabaseUrl::sqliteFile(*file);
    config->ingest.databaseUrl = u"sqlite://"_s + *file;
}

// A PostgreSQL database: its address made of host, port, database_name, username, password,
// ssl_mode and connection_timeout.
void readPostgresDatabase(EnvironmentReader &reader, const QList<ConfigEntry> &entries,
                          const ConfigEntry &typeEntry, const QString &env, WorkerConfig *config)
{
    QString host = u"localhost"_s;
    int port = 5432;
    QString name;
    QString user;
    QString password;
    QUrlQuery query;
    for (const ConfigEntry &entry : entries) {
        const QString path = EnvironmentReader::join(env, entry.key);
        if (entry.key == u"host"_s)
            host = reader.text(entry, path).value_or(host);
        else if (entry.key == u"port"_s)
            port = int(reader.integer(entry, path, 1, 65535).value_or(port));
        else if (entry.key == u"database_name"_s)
            name = reader.text(entry, path).value_or(QString());
        else if (entry.key == u"username"_s)
            user = reader.text(entry, path).value_or(QString());
        else if (entry.key == u"password"_s)
            password = reader.text(entry, path).value_or(QString());
        else if (entry.key == u"ssl_mode"_s) {
            if (const auto mode = reader.choice(entry, path, sslModes))
                query.addQueryItem(u"sslmode"_s, *mode);
        } else if (entry.key == u"connection_timeout"_s) {
            if (const auto seconds = reader.integer(entry, path, 1, 3600))
                query.addQueryItem(u"connect_timeout"_s, QString::number(*seconds));
        }
    }
    if (reader.failed())
        return;

    QUrl url;
    url.setScheme(u"postgresql"_s);
    if (host.startsWith(u'/')) { // a socket folder: libpq takes it as ?host=
        url.setHost(u"localhost"_s);
        query.addQueryItem(u"host"_s, host);
    } else {
        url.setHost(host);
    }
    url.setPort(port);
    url.setUserName(user);
    url.setPath(u"/"_s + name);
    url.setQuery(query);
    // Parsed without the password, so that an error cannot show it.
    const auto parsed = DatabaseUrl::parse(url.toString(QUrl::FullyEncoded));
    if (!url.isValid() || !parsed) {
        reader.fail(typeEntry.keyNode,
                    u"the database settings of %1 do not make a PostgreSQL address: %2"_s.arg(
                        env, url.isValid() ? parsed.errorMessage() : url.errorString()));
        return;
    }
    if (!password.isEmpty())
        url.setPassword(password);
    config->database = parsed->withPassword(password);
    config->ingest.databaseUrl = url.toString(QUrl::FullyEncoded);
}

// The environment's database settings, as a URL for the worker (password included, in
// ingest.databaseUrl) and as a DatabaseUrl; nothing when the environment names no database.
void readDatabase(EnvironmentReader &reader, const QList<ConfigEntry> &entries, const QString &env,
                  WorkerConfig *config)
{
    const ConfigEntry *typeEntry = find(entries, u"database_type"_s);
    const auto engine = databaseEngine(reader, entries, typeEntry, env);
    if (!engine)
        return;
    readDatabaseTuning(reader, entries, env, *engine, config);
    if (reader.failed())
        return;
    if (*engine == u"sqlite"_s)
        readSqliteDatabase(reader, entries, *typeEntry, env, config);
    else
        readPostgresDatabase(reader, entries, *typeEntry, env, config);
}

// One key of the redis section; `password` keeps redis.password until the URL is known.
void readRedisEntry(EnvironmentReader &reader, const ConfigEntry &entry, const QString &key,
                    WorkerConfig *config, std::optional<QString> *password)
{
    RedisSourceOptions &source = config->ingest.source;
    if (entry.key == u"url"_s) {
        const auto text = reader.text(entry, key);
        if (!text) {
            reader.fail(entry.keyNode, u"%1 is empty; write redis://host:port/db"_s.arg(key));
            return;
        }
        const auto url = RedisUrl::parse(*text);
        if (!url) {
            reader.fail(entry.keyNode, u"%1: %2"_s.arg(key, redisUrlError(*text)));
            return;
        }
        source.url = *url;
        config->given.insert(u"redis"_s);
    } else if (entry.key == u"password"_s) {
        *password = reader.text(entry, key);
    } else if (entry.key == u"mode"_s) {
        if (const auto mode = reader.choice(entry, key, {u"stream"_s, u"list"_s, u"pubsub"_s})) {
            config->ingest.mode = *RedisSource::modeFromName(*mode);
            config->given.insert(u"mode"_s);
        }
    } else if (entry.key == u"key"_s || entry.key == u"group"_s) {
        const auto text = reader.text(entry, key);
        if (!text || text->isEmpty()) {
            reader.fail(entry.keyNode, u"%1 is empty; name the %2"_s.arg(
                                           key, entry.key == u"key"_s ? u"stream, list or channel"_s
                                                                      : u"consumer group"_s));
            return;
        }
        (entry.key == u"key"_s ? source.key : source.group) = *text;
        config->given.insert(entry.key);
    } else if (entry.key == u"consumer"_s) {
        // Empty (consumer: ${PORTHOLE_CONSUMER:-}) keeps the default, host-pid.
        source.consumer = reader.text(entry, key).value_or(QString());
        config->given.insert(u"consumer"_s);
    } else if (entry.key == u"count"_s) {
        if (const auto n = reader.integer(entry, key, 1, 100000))
            source.count = int(*n);
        config->given.insert(u"count"_s);
    } else if (entry.key == u"block_ms"_s) {
        if (const auto n = reader.integer(entry, key, 1, 60000))
            source.blockMs = int(*n);
        config->given.insert(u"block-ms"_s);
    } else if (entry.key == u"claim_idle_ms"_s) {
        if (const auto n = reader.integer(entry, key, 1, std::numeric_limits<qint64>::max()))
            source.claimIdleMs = *n;
        config->given.insert(u"claim-idle-ms"_s);
    } else if (entry.key == u"forget_idle_ms"_s) {
        if (const auto n = reader.integer(entry, key, 1, std::numeric_limits<qint64>::max()))
            source.forgetIdleMs = *n;
        config->given.insert(u"forget-idle-ms"_s);
    } else if (entry.key == u"max_deliveries"_s) {
        if (const auto n = reader.integer(entry, key, 1, 1000000))
            source.maxDeliveries = int(*n);
        config->given.insert(u"max-deliveries"_s);
    }
}

void readRedis(EnvironmentReader &reader, const ConfigEntry &section, const QString &path,
               WorkerConfig *config)
{
    if (section.value.IsNull())
        return;
    if (!section.value.IsMap()) {
        reader.fail(section.keyNode, u"%1 must be a mapping of %2, not %3"_s.arg(
                                         path, redisKeys.join(u", "_s), nodeKind(section.value)));
        return;
    }
    RedisSourceOptions &source = config->ingest.source;
    const QList<ConfigEntry> entries = reader.entries(section.value, path, redisKeys);
    std::optional<QString> password;
    for (const ConfigEntry &entry : entries) {
        if (reader.failed())
            return;
        readRedisEntry(reader, entry, EnvironmentReader::join(path, entry.key), config, &password);
    }
    if (reader.failed())
        return;
    if (source.forgetIdleMs < source.claimIdleMs) {
        const ConfigEntry *at = find(entries, u"forget_idle_ms"_s);
        reader.fail(
            at ? at->keyNode : section.keyNode,
            u"%1.forget_idle_ms (%2) must be no smaller than %1.claim_idle_ms (%3)"_s.arg(path)
                .arg(source.forgetIdleMs)
                .arg(source.claimIdleMs));
        return;
    }
    if (password && !password->isEmpty()) {
        source.url = source.url.withPassword(*password);
        config->given.insert(u"redis"_s);
    }
    source.timeouts.commandMs = std::max(source.timeouts.commandMs, source.blockMs + 2000);
}

void readIngest(EnvironmentReader &reader, const ConfigEntry &section, const QString &path,
                WorkerConfig *config)
{
    if (section.value.IsNull())
        return;
    if (!section.value.IsMap()) {
        reader.fail(section.keyNode, u"%1 must be a mapping of %2, not %3"_s.arg(
                                         path, ingestKeys.join(u", "_s), nodeKind(section.value)));
        return;
    }
    for (const ConfigEntry &entry : reader.entries(section.value, path, ingestKeys)) {
        if (reader.failed())
            return;
        const QString key = EnvironmentReader::join(path, entry.key);
        if (entry.key == u"sink"_s) {
            const QString sink = reader.text(entry, key).value_or(u"database"_s);
            if (sink == u"database"_s)
                continue;
            // Another sink than the environment's database: one that keeps its books there.
            const auto checked = checkIngestSinkUrl(sink);
            if (!checked || !ingestSinkKeepsBooksElsewhere(sink)) {
                reader.fail(entry.keyNode,
                            u"%1 is \"%2\"; it must be database (the environment's database) or "
                            "%3"_s.arg(key, sink, ingestSinkForms(true)));
                return;
            }
            config->ingest.sinkUrl = *checked;
        } else if (entry.key == u"data_dir"_s) {
            config->dataDirectory = reader.filePath(entry, key).value_or(QString());
            config->given.insert(u"data-dir"_s);
        } else if (entry.key == u"max_payload_bytes"_s) {
            if (const auto n = reader.integer(entry, key, 1, std::numeric_limits<qint64>::max()))
                config->ingest.maxPayloadBytes = *n;
            config->given.insert(u"max-payload-bytes"_s);
        } else if (entry.key == u"heartbeat_seconds"_s) {
            if (const auto n = reader.integer(entry, key, 0, 86400))
                config->ingest.heartbeatIntervalMs = int(*n * 1000);
        } else if (entry.key == u"listen"_s) {
            config->listen = reader.text(entry, key).value_or(QString());
            config->given.insert(u"listen"_s);
        } else if (entry.key == u"token_file"_s) {
            config->tokenFile = reader.filePath(entry, key).value_or(QString());
            config->given.insert(u"token-file"_s);
        }
    }
}

QString sinkText(const QString &url)
{
    const auto parsed = DatabaseUrl::parse(url);
    return parsed ? parsed->toDisplayString() : u"(not a database address)"_s;
}

// Reads the file and parses it into `parsed`.
Status loadYaml(const QString &path, std::optional<YAML::Node> *parsed)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return StorageError::io(
            u"%1: cannot read the configuration: %2"_s.arg(path, file.errorString()));
    const QByteArray bytes = file.readAll();
    if (file.error() != QFileDevice::NoError)
        return StorageError::io(
            u"%1: cannot read the configuration: %2"_s.arg(path, file.errorString()));
    try {
        parsed->emplace(YAML::Load(bytes.toStdString()));
    } catch (const YAML::Exception &e) {
        return StorageError::invalidArgument(
            u"%1:%2:%3: not YAML: %4"_s.arg(path)
                .arg(e.mark.line + 1)
                .arg(e.mark.column + 1)
                .arg(QString::fromStdString(e.msg) +
                     (e.msg == std::string(YAML::ErrorMsg::MAP_VALUE)
                          ? u" (a value that starts with \":\" "
                            "or holds \": \" must be quoted)"_s
                          : QString())));
    }
    return success();
}

// The rules as the retention: section's keep: writes them.
QString retentionRulesText(const RetentionRules &rules)
{
    const auto rule = [](int value, const QString &unit) {
        return value == 0 ? u"off"_s : QString::number(value) + unit;
    };
    return u"component_metrics: %1, port_metrics: %2, port_messages: %3, backlog_samples: %4, "
           "checkpoints: %5"_s.arg(
               rule(rules.componentMetricsDays, u"d"_s), rule(rules.portMetricsDays, u"d"_s),
               rule(rules.completedMessagesDays, u"d"_s), rule(rules.backlogSamplesDays, u"d"_s),
               rule(rules.checkpointsPerComponent, {}));
}

// The environment's settings and sections, each read by its own reader.
void readSections(EnvironmentReader &reader, const QList<ConfigEntry> &entries,
                  const QString &environment, WorkerConfig *config)
{
    const auto section = [&](const QString &name) -> const ConfigEntry * {
        return reader.failed() ? nullptr : find(entries, name);
    };
    const auto path = [&environment](const QString &name) {
        return EnvironmentReader::join(environment, name);
    };
    readDatabase(reader, entries, environment, config);
    if (const ConfigEntry *redis = section(u"redis"_s))
        readRedis(reader, *redis, path(u"redis"_s), config);
    if (const ConfigEntry *ingest = section(u"ingest"_s))
        readIngest(reader, *ingest, path(u"ingest"_s), config);
    if (const ConfigEntry *alerts = section(u"alerts"_s))
        readWorkerAlerts(reader, *alerts, path(u"alerts"_s), &config->alerts);
    if (const ConfigEntry *backup = section(u"backup"_s))
        readWorkerBackup(reader, *backup, path(u"backup"_s), &config->backup);
    if (const ConfigEntry *retention = section(u"retention"_s))
        readWorkerRetention(reader, *retention, path(u"retention"_s), &config->retention);
    if (const ConfigEntry *history = section(u"history"_s))
        readWorkerHistory(reader, *history, path(u"history"_s), &config->history);
}

} // namespace

QString workerEnvironmentName(const QString &fromCommandLine, const QProcessEnvironment &variables)
{
    if (!fromCommandLine.isEmpty())
        return fromCommandLine;
    const QString fromEnvironment = variables.value(u"PORTHOLE_ENV"_s);
    return fromEnvironment.isEmpty() ? defaultWorkerEnvironment.toString() : fromEnvironment;
}

Result<WorkerConfig> readWorkerConfig(const QString &path, const QString &environment,
                                      const QProcessEnvironment &variables)
{
    std::optional<YAML::Node> parsed;
    if (Status loaded = loadYaml(path, &parsed); !loaded)
        return loaded.error();

    const YAML::Node &root = *parsed;
    EnvironmentReader reader(path, variables);
    if (!root.IsMap()) {
        reader.failFile(root.IsNull()
                            ? u"the configuration is empty; it needs a section per "
                              "environment (development:, production:, ...)"_s
                            : u"the configuration must be a mapping of environments "
                              "(development:, production:, ...), not %1"_s.arg(nodeKind(root)));
        return reader.error();
    }
    // yaml-cpp's Node::operator= writes into the node assigned to: nodes are only constructed.
    QStringList environments;
    std::optional<YAML::Node> found;
    std::optional<YAML::Node> foundKey;
    for (auto it = root.begin(); it != root.end(); ++it) {
        const QString name = QString::fromStdString(it->first.Scalar());
        environments.append(name);
        if (name == environment && !found) {
            found.emplace(it->second);
            foundKey.emplace(it->first);
        }
    }
    if (!found) {
        reader.failFile(u"no environment \"%1\"; the file has %2 (choose with --env or "
                        "PORTHOLE_ENV; the default is %3)"_s.arg(
                            environment, environments.join(u", "_s), defaultWorkerEnvironment));
        return reader.error();
    }

    const YAML::Node &section = *found;
    const YAML::Node &sectionKey = *foundKey;
    WorkerConfig config;
    config.path = path;
    config.environment = environment;
    if (section.IsNull()) // an empty environment: every setting from the command line
        return config;
    if (!section.IsMap()) {
        reader.fail(sectionKey, u"the environment %1 must be a mapping of settings, not %2"_s.arg(
                                    environment, nodeKind(section)));
        return reader.error();
    }

    const QStringList allowed =
        databaseKeys + QStringList{u"redis"_s,  u"ingest"_s,    u"alerts"_s,
                                   u"backup"_s, u"retention"_s, u"history"_s};
    const QList<ConfigEntry> entries = reader.entries(section, environment, allowed);
    if (reader.failed())
        return reader.error();
    readSections(reader, entries, environment, &config);
    if (reader.failed())
        return reader.error();

    // Payloads go to the environment's database unless ingest.sink names batch files; the
    // database then keeps the dead letters and the bookkeeping (--db).
    if (config.ingest.sinkUrl.isEmpty())
        config.ingest.sinkUrl = config.ingest.databaseUrl;
    if (!config.ingest.databaseUrl.isEmpty())
        config.given.insert(u"db"_s);
    if (!config.ingest.sinkUrl.isEmpty())
        config.given.insert(u"sink"_s);
    return config;
}

QString describeIngestSettings(const IngestConfig &config, const WorkerHistoryConfig &history,
                               const QString &dataDirectory, const WorkerConfig *file)
{
    const QLocale c = QLocale::c();
    const bool booksElsewhere = ingestSinkKeepsBooksElsewhere(config.sinkUrl);
    QString text;
    const auto line = [&text](const QString &name, const QString &value) {
        text += name + u": "_s + value + u'\n';
    };
    if (file)
        line(u"config"_s, u"%1, environment %2"_s.arg(file->path, file->environment));
    line(u"database"_s, sinkText(booksElsewhere ? config.databaseUrl : config.sinkUrl));
    line(u"redis.url"_s, config.source.url.toDisplayString());
    line(u"redis.mode"_s, RedisSource::modeName(config.mode));
    line(u"redis.key"_s, config.source.key);
    line(u"redis.group"_s, config.source.group);
    line(u"redis.consumer"_s, config.source.consumer.isEmpty()
                                  ? u"(the host name and the process id)"_s
                                  : config.source.consumer);
    line(u"redis.count"_s, c.toString(config.source.count));
    line(u"redis.block_ms"_s, c.toString(config.source.blockMs));
    line(u"redis.claim_idle_ms"_s, c.toString(config.source.claimIdleMs));
    line(u"redis.max_deliveries"_s, c.toString(config.source.maxDeliveries));
    line(u"ingest.sink"_s, booksElsewhere ? ingestSinkDisplayName(config.sinkUrl) : u"database"_s);
    line(u"ingest.data_dir"_s, dataDirectory);
    line(u"ingest.max_payload_bytes"_s, c.toString(config.maxPayloadBytes));
    line(u"ingest.heartbeat_seconds"_s, config.heartbeatIntervalMs > 0
                                            ? c.toString(config.heartbeatIntervalMs / 1000)
                                            : u"0 (none)"_s);
    if (file && file->alerts) {
        const WorkerAlertConfig &alerts = *file->alerts;
        QStringList ids;
        for (const AlertRule &rule : alerts.rules)
            ids << rule.id + (rule.enabled ? QString() : u" (disabled)"_s);
        line(u"alerts.interval"_s,
             alertDurationText(std::chrono::duration_cast<std::chrono::seconds>(alerts.interval)));
        line(u"alerts.rules"_s, ids.isEmpty() ? u"(none)"_s : ids.join(u", "_s));
        // A hook's address may hold a secret in its user part or query: neither is shown.
        line(u"alerts.webhook"_s, alerts.webhook ? alerts.webhook->url.toDisplayString(
                                                       QUrl::RemoveUserInfo | QUrl::RemoveQuery)
                                                 : u"(none)"_s);
    }
    if (file && file->backup) {
        line(u"backup.to"_s, file->backup->directory);
        line(u"backup.every"_s, alertDurationText(file->backup->every));
        line(u"backup.keep"_s, QString::number(file->backup->keep));
    }
    if (file && file->retention) {
        line(u"retention.every"_s, alertDurationText(file->retention->every));
        line(u"retention.keep"_s, retentionRulesText(file->retention->rules));
    }
    line(u"history.interval_seconds"_s,
         history.interval.count() > 0 ? QString::number(history.interval.count()) : u"0 (off)"_s);
    if (file) {
        for (const QString &note : file->notApplied)
            line(u"note"_s, note);
    }
    return text;
}

} // namespace porthole
