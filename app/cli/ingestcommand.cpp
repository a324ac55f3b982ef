#include "ingestcommand.h"

#include "auditlog.h"
#include "backlogrecorder.h"
#include "commandio.h"
#include "databaseurl.h"
#include "datadirectory.h"
#include "displayurl.h"
#include "ingestsink.h"
#include "ingestworker.h"
#include "redispassword.h"
#include "redisurl.h"
#include "stopsignals.h"
#include "workeralerts.h"
#include "workerconfig.h"
#include "workerendpoint.h"
#include "workermaintenance.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QLocale>
#include <QProcessEnvironment>
#include <QSocketNotifier>
#include <QSysInfo>
#include <QThread>
#include <QTimer>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QString commandName = u"porthole ingest"_s;

QString progressLine(const IngestStats &stats)
{
    const QLocale c = QLocale::c();
    QString line =
        u"ingest: %1, %2 stored (%3/s), %4 duplicates, %5 dead letters, %6 acknowledged"_s.arg(
            ingestStateName(stats.state), c.toString(stats.stored),
            c.toString(qRound64(stats.ratePerSecond)), c.toString(stats.duplicates),
            c.toString(stats.deadLettered), c.toString(stats.acknowledged));
    if (stats.pending >= 0)
        line += u", %1 pending"_s.arg(c.toString(stats.pending));
    if (stats.lostAtSource > 0)
        line += u", %1 lost at source"_s.arg(c.toString(stats.lostAtSource));
    if (stats.sourceResets > 0)
        line += u", %1 source resets"_s.arg(c.toString(stats.sourceResets));
    return line;
}

// The command's options; --listen and --token-file come with `http`.
struct IngestOptions
{
    QCommandLineOption redis{u"redis"_s, u"The Redis server (its password: REDISCLI_AUTH)."_s,
                             u"url"_s, u"redis://127.0.0.1:6379/0"_s};
    QCommandLineOption mode{u"mode"_s, u"stream (default), list or pubsub."_s, u"mode"_s,
                            u"stream"_s};
    QCommandLineOption key{u"key"_s, u"The stream, list or channel."_s, u"key"_s};
    QCommandLineOption group{u"group"_s, u"Stream: the consumer group."_s, u"name"_s,
                             u"porthole"_s};
    QCommandLineOption consumer{
        u"consumer"_s,
        u"Stream: this consumer's name; list: names the processing list. Default: host-pid; "
        "give a stable name to recover a list's processing list after a restart."_s,
        u"name"_s};
    QCommandLineOption sink{
        u"sink"_s, u"Where payloads go (default: the embedded SQLite database)."_s, u"url"_s};
    QCommandLineOption db{u"db"_s,
                          u"With a file sink: the SQL database for dead letters and "
                          "bookkeeping (default: the embedded one)."_s,
                          u"url"_s};
    QCommandLineOption dataDir{u"data-dir"_s, u"Porthole's data folder."_s, u"dir"_s};
    QCommandLineOption count{u"count"_s, u"At most this many messages a group."_s, u"n"_s,
                             u"1000"_s};
    QCommandLineOption block{u"block-ms"_s, u"How long a read waits for the first message."_s,
                             u"ms"_s, u"1000"_s};
    QCommandLineOption claimIdle{u"claim-idle-ms"_s,
                                 u"Stream: take over entries idle this long in other consumers."_s,
                                 u"ms"_s, u"60000"_s};
    QCommandLineOption forgetIdle{
        u"forget-idle-ms"_s,
        u"Stream: remove consumers of the group idle this long that hold nothing (workers "
        "that were killed or moved), after their entries were taken over."_s,
        u"ms"_s, u"600000"_s};
    QCommandLineOption maxDeliveries{
        u"max-deliveries"_s,
        u"Stream: an entry delivered more often than this becomes a dead letter."_s, u"n"_s,
        u"5"_s};
    QCommandLineOption maxPayload{u"max-payload-bytes"_s, u"Larger payloads become dead letters."_s,
                                  u"bytes"_s, QString::number(defaultMaxPayloadBytes)};
    QCommandLineOption historySeconds{
        u"history-seconds"_s,
        u"Sample the backlogs into the backlog history (what trends, time to drain and the "
        "ledger are read from) every this many seconds; 0: never. Default: the --config "
        "file's history:, else 15."_s,
        u"seconds"_s, u"15"_s};
    QCommandLineOption configFile{
        u"config"_s,
        u"Read the settings from this YAML file (docs/DEPLOYMENT.md); options given here win "
        "over it."_s,
        u"file"_s};
    QCommandLineOption envName{
        u"env"_s,
        u"The environment of the --config file to read (default: $PORTHOLE_ENV, else "
        "development)."_s,
        u"name"_s};
    QCommandLineOption checkConfig{
        u"check-config"_s, u"Print the settings it would run with (passwords hidden) and exit."_s};
    WorkerEndpointCommandLine http; // --listen, --token-file
};

// The command line as parsed, and the --config file when one was given.
struct IngestArguments
{
    const QCommandLineParser &parser;
    const IngestOptions &options;
    std::optional<WorkerConfig> file;

    // An option given here wins over the file; its default applies to what neither gives.
    bool fromCommandLine(const QCommandLineOption &option) const
    {
        return !file || parser.isSet(option) || !file->given.contains(option.names().constFirst());
    }
    // The option's value as a number no smaller than `least`.
    bool number(const QCommandLineOption &option, qint64 least, qint64 *out) const
    {
        bool ok = false;
        *out = parser.value(option).toLongLong(&ok);
        return ok && *out >= least;
    }
};

// Where the worker stores, as the settings resolved it.
struct IngestDestination
{
    QString displayName;       // the sink's URL, as shown
    bool usesEmbedded = false; // the embedded database, whose folder may not exist yet
    std::optional<WorkerEndpointOptions> http;
    std::optional<DatabaseUrl> database; // where dead letters and bookkeeping go
};

// The alert loop of the --config file's alerts: section on a thread of its own, fed the
// receiver's reports, serving its report on the endpoint; stopped with the worker.
class AlertRun
{
public:
    AlertRun(const IngestConfig &config, const IngestDestination &destination,
             const std::optional<WorkerConfig> &file)
    {
        m_thread.setObjectName(u"alerts"_s);
        if (!file || !file->alerts || !destination.database)
            return;
        m_alerts = new WorkerAlerts(ConnectionFactory(*destination.database, config.connection),
                                    {.config = *file->alerts,
                                     .mode = config.mode,
                                     .source = config.source,
                                     .batchDirectory = ingestSinkBatchFolder(config.sinkUrl),
                                     .writeHistory = true});
        m_alerts->moveToThread(&m_thread);
        QObject::connect(&m_thread, &QThread::finished, m_alerts, &QObject::deleteLater);
    }
    ~AlertRun()
    {
        if (m_alerts)
            QMetaObject::invokeMethod(m_alerts, &WorkerAlerts::stop);
        m_thread.quit();
        m_thread.wait();
    }
    AlertRun(const AlertRun &) = delete;
    AlertRun &operator=(const AlertRun &) = delete;

    void start(IngestWorker *worker, WorkerEndpoint *endpoint, QObject *context)
    {
        if (!m_alerts)
            return;
        QObject::connect(worker, &IngestWorker::statsChanged, m_alerts, &WorkerAlerts::setStats);
        if (endpoint)
            QObject::connect(m_alerts, &WorkerAlerts::evaluated, endpoint,
                             &WorkerEndpoint::setAlerts);
        QObject::connect(m_alerts, &WorkerAlerts::failed, context, [](const QString &message) {
            standardError() << "ingest: alerts: " << message << Qt::endl;
        });
        QObject::connect(m_alerts, &WorkerAlerts::changed, context, [](const AlertEvent &event) {
            standardError() << "ingest: alert " << event.ruleId
                            << (event.subject.isEmpty() ? QString()
                                                        : u" ("_s + event.subject + u')')
                            << ": " << alertStateName(event.from) << " -> "
                            << alertStateName(event.to) << Qt::endl;
        });
        m_thread.start();
        QMetaObject::invokeMethod(m_alerts, &WorkerAlerts::start);
    }

private:
    QThread m_thread;
    WorkerAlerts *m_alerts = nullptr; // lives on m_thread, deleted as it finishes
};

// The --config file's backup: and retention: sections on a thread of their own, with
// connections of their own, never on the receiver's; stopped with the worker.
class MaintenanceRun
{
public:
    MaintenanceRun(const IngestConfig &config, const IngestDestination &destination,
                   const std::optional<WorkerConfig> &file)
    {
        m_thread.setObjectName(u"maintenance"_s);
        if (!file || (!file->backup && !file->retention) || !destination.database)
            return;
        m_maintenance = new WorkerMaintenance({.database = *destination.database,
                                               .connection = config.connection,
                                               .backup = file->backup,
                                               .retention = file->retention});
        m_maintenance->moveToThread(&m_thread);
        QObject::connect(&m_thread, &QThread::finished, m_maintenance, &QObject::deleteLater);
    }
    ~MaintenanceRun()
    {
        if (m_maintenance) {
            m_maintenance->requestStop();
            QMetaObject::invokeMethod(m_maintenance, &WorkerMaintenance::stop);
        }
        m_thread.quit();
        m_thread.wait();
    }
    MaintenanceRun(const MaintenanceRun &) = delete;
    MaintenanceRun &operator=(const MaintenanceRun &) = delete;

    void start(QObject *context)
    {
        if (!m_maintenance)
            return;
        QObject::connect(m_maintenance, &WorkerMaintenance::ran, context,
                         [](const QString &job, bool ok, const QString &message) {
                             standardError() << "ingest: " << job << (ok ? ": " : " failed: ")
                                             << message << Qt::endl;
                         });
        m_thread.start();
        QMetaObject::invokeMethod(m_maintenance, &WorkerMaintenance::start);
    }

private:
    QThread m_thread;
    WorkerMaintenance *m_maintenance = nullptr; // lives on m_thread, deleted as it finishes
};

// The backlog history sampled every `history.interval` (--history-seconds, the --config
// file's history: section, 15 s) on a thread of its own, with connections of its own, fed the
// receiver's reports; stopped with the worker.
class HistoryRun
{
public:
    HistoryRun(const IngestConfig &config, const IngestDestination &destination,
               const WorkerHistoryConfig &history)
    {
        m_thread.setObjectName(u"history"_s);
        if (history.interval.count() == 0 || !destination.database)
            return;
        m_recorder =
            new BacklogRecorder(ConnectionFactory(*destination.database, config.connection),
                                {.interval = history.interval,
                                 .redis = config.source.url,
                                 .redisTimeouts = config.source.timeouts});
        m_recorder->moveToThread(&m_thread);
        QObject::connect(&m_thread, &QThread::finished, m_recorder, &QObject::deleteLater);
    }
    ~HistoryRun()
    {
        if (m_recorder)
            QMetaObject::invokeMethod(m_recorder, &BacklogRecorder::stop);
        m_thread.quit();
        m_thread.wait();
    }
    HistoryRun(const HistoryRun &) = delete;
    HistoryRun &operator=(const HistoryRun &) = delete;

    void start(IngestWorker *worker, QObject *context)
    {
        if (!m_recorder)
            return;
        QObject::connect(worker, &IngestWorker::statsChanged, m_recorder,
                         &BacklogRecorder::setStats);
        // A problem said once until it changes or a sampling is whole again: a database that
        // cannot keep the history would say so every interval otherwise.
        QObject::connect(m_recorder, &BacklogRecorder::failed, context,
                         [this](const QString &message) {
                             if (message == m_lastProblem)
                                 return;
                             m_lastProblem = message;
                             standardError() << "ingest: history: " << message << Qt::endl;
                         });
        QObject::connect(m_recorder, &BacklogRecorder::recorded, context,
                         [this](qint64, bool complete) {
                             if (complete)
                                 m_lastProblem.clear();
                         });
        m_thread.start();
        QMetaObject::invokeMethod(m_recorder, &BacklogRecorder::start);
    }

private:
    QThread m_thread;
    BacklogRecorder *m_recorder = nullptr; // lives on m_thread, deleted as it finishes
    QString m_lastProblem;                 // said last on standard error
};

void describeIngestCommand(QCommandLineParser &parser, const IngestOptions &o)
{
    parser.setApplicationDescription(
        u"Receive messages from Redis and store them until SIGINT, SIGTERM or SIGHUP; then "
        "finish the group in hand and exit 0. A group is acknowledged to Redis only once it is "
        "durable, "
        "and a second delivery stores nothing.\n\n"
        "Modes:\n"
        "  stream  a consumer group on a stream (XREADGROUP, XACK after the write; entries "
        "idle in other consumers are claimed; at least once, nothing lost)\n"
        "  list    a reliable queue (LMOVE into a processing list, removed after the write; "
        "at least once, nothing lost)\n"
        "  pubsub  a channel, for old senders only: AT MOST ONCE, messages published while "
        "disconnected are lost (Redis pub/sub keeps nothing)\n\n"
        "Sinks: %1; a sink that is not a database keeps its dead letters and bookkeeping in "
        "--db, by default the embedded database. "
        "A progress line a second goes to standard error."_s.arg(ingestSinkForms()));
    parser.addOptions({o.redis, o.mode, o.key, o.group, o.consumer, o.sink, o.db, o.dataDir,
                       o.count, o.block, o.claimIdle, o.forgetIdle, o.maxDeliveries, o.maxPayload,
                       o.historySeconds});
    parser.addOptions({o.configFile, o.envName, o.checkConfig});
    parser.addOptions(o.http.options());
}

// Reads the --config file into `file`. Returns -1 to go on, or the exit code to end with.
int readConfigFile(const QCommandLineParser &parser, const IngestOptions &options,
                   std::optional<WorkerConfig> *file)
{
    if (parser.isSet(options.configFile)) {
        const QProcessEnvironment variables = QProcessEnvironment::systemEnvironment();
        auto read = readWorkerConfig(
            parser.value(options.configFile),
            workerEnvironmentName(parser.value(options.envName), variables), variables);
        if (!read)
            return usageError(commandName, read.errorMessage());
        *file = std::move(read).value();
    } else if (parser.isSet(options.envName)) {
        return usageError(commandName, u"--env names a section of a --config file; give it."_s);
    }
    return -1;
}

// The mode, the key and the Redis server and consumer to read with. Returns -1 to go on, or
// the exit code to end with.
int readSourceOptions(const IngestArguments &given, IngestConfig *config)
{
    const QCommandLineParser &parser = given.parser;
    const IngestOptions &o = given.options;
    if (given.fromCommandLine(o.mode)) {
        const auto modeValue = RedisSource::modeFromName(parser.value(o.mode));
        if (!modeValue)
            return usageError(
                commandName,
                u"--mode must be stream, list or pubsub, not \"%1\"."_s.arg(parser.value(o.mode)));
        config->mode = *modeValue;
    }
    if (given.fromCommandLine(o.key))
        config->source.key = parser.value(o.key);
    if (config->source.key.isEmpty())
        return usageError(commandName, u"--key is required: the stream, list or channel."_s);
    if (given.fromCommandLine(o.redis)) {
        auto redisUrl = RedisUrl::parse(parser.value(o.redis));
        if (!redisUrl)
            return usageError(commandName, redisUrl.error().message);
        if (!redisUrl->password().isEmpty())
            standardError() << "porthole ingest: warning: the Redis password on the command "
                               "line can be read by every user of this machine (ps); set "
                               "REDISCLI_AUTH or redis.password in the --config file instead."
                            << Qt::endl;
        config->source.url = *redisUrl;
    }
    // As redis-cli does: the password from the environment, where none is given.
    config->source.url = withEnvironmentPassword(config->source.url);
    if (given.fromCommandLine(o.group))
        config->source.group = parser.value(o.group);
    if (given.fromCommandLine(o.consumer))
        config->source.consumer = parser.value(o.consumer);
    return -1;
}

// The numbers: group size, waits, idle times and limits. Returns -1 to go on, or the exit
// code to end with.
int readLimitOptions(const IngestArguments &given, IngestConfig *config)
{
    const IngestOptions &o = given.options;
    qint64 value = 0;
    if (given.fromCommandLine(o.count)) {
        if (!given.number(o.count, 1, &value) || value > 100000)
            return usageError(commandName, u"--count must be a number from 1 to 100000."_s);
        config->source.count = int(value);
    }
    if (given.fromCommandLine(o.block)) {
        if (!given.number(o.block, 1, &value) || value > 60000)
            return usageError(commandName, u"--block-ms must be a number from 1 to 60000."_s);
        config->source.blockMs = int(value);
    }
    config->source.timeouts.commandMs =
        std::max(config->source.timeouts.commandMs, config->source.blockMs + 2000);
    if (given.fromCommandLine(o.claimIdle)) {
        if (!given.number(o.claimIdle, 1, &value))
            return usageError(commandName, u"--claim-idle-ms must be a positive number."_s);
        config->source.claimIdleMs = value;
    }
    if (given.fromCommandLine(o.forgetIdle)) {
        if (!given.number(o.forgetIdle, config->source.claimIdleMs, &value))
            return usageError(commandName, u"--forget-idle-ms must be a number no smaller than "
                                           "--claim-idle-ms."_s);
        config->source.forgetIdleMs = value;
    }
    if (given.fromCommandLine(o.maxDeliveries)) {
        if (!given.number(o.maxDeliveries, 1, &value) || value > 1000000)
            return usageError(commandName, u"--max-deliveries must be a positive number."_s);
        config->source.maxDeliveries = int(value);
    }
    if (given.fromCommandLine(o.maxPayload)) {
        if (!given.number(o.maxPayload, 1, &value))
            return usageError(commandName, u"--max-payload-bytes must be a positive number."_s);
        config->maxPayloadBytes = value;
    }
    return -1;
}

// How often the backlog history is sampled: --history-seconds, else the file's history:, else
// every 15 s. Returns -1 to go on, or the exit code to end with.
int readHistoryOption(const IngestArguments &given, WorkerHistoryConfig *history)
{
    *history = given.file ? given.file->history : WorkerHistoryConfig{};
    if (!given.parser.isSet(given.options.historySeconds))
        return -1;
    qint64 value = 0;
    if (!given.number(given.options.historySeconds, 0, &value) || value > 86400)
        return usageError(commandName, u"--history-seconds must be 0 to 86400."_s);
    history->interval = std::chrono::seconds(value);
    return -1;
}

QString dataDirectoryRoot(const IngestArguments &given)
{
    if (!given.fromCommandLine(given.options.dataDir))
        return given.file->dataDirectory;
    return given.parser.isSet(given.options.dataDir) ? given.parser.value(given.options.dataDir)
                                                     : DataDirectory::defaultRoot();
}

// The sink, the database beside a file sink, and the HTTP endpoint. Returns -1 to go on, or
// the exit code to end with.
int readSinkOptions(const IngestArguments &given, const DataDirectory &data, IngestConfig *config,
                    IngestDestination *destination)
{
    const QCommandLineParser &parser = given.parser;
    const IngestOptions &o = given.options;
    const QString embedded = u"sqlite://"_s + data.databasePath();
    if (given.fromCommandLine(o.sink))
        config->sinkUrl = parser.isSet(o.sink) ? parser.value(o.sink) : embedded;
    if (given.fromCommandLine(o.db))
        config->databaseUrl = parser.isSet(o.db) ? parser.value(o.db) : embedded;
    if (const auto checked = checkIngestSinkUrl(config->sinkUrl); !checked)
        return usageError(commandName, u"--sink: "_s + checked.error().message);
    const bool booksElsewhere = ingestSinkKeepsBooksElsewhere(config->sinkUrl);
    const auto database = ingestSinkDatabase({config->sinkUrl, config->databaseUrl, {}, 0});
    if (!database)
        return usageError(commandName, database.error().message);
    if (QString problem; !o.http.read(parser, *config, &destination->http, &problem,
                                      given.file ? given.file->listen : QString(),
                                      given.file ? given.file->tokenFile : QString()))
        return usageError(commandName, problem);
    destination->database = *database;
    destination->displayName = ingestSinkDisplayName(config->sinkUrl);
    destination->usesEmbedded =
        (booksElsewhere ? config->databaseUrl : config->sinkUrl) == embedded;
    return -1;
}

// The line that says what the worker reads from and stores into, and where its settings
// came from.
void announceIngest(const IngestConfig &config, const IngestDestination &destination,
                    const std::optional<WorkerConfig> &file)
{
    standardError() << "ingest: " << RedisSource::modeName(config.mode) << ' ' << config.source.key
                    << " on " << config.source.url.toDisplayString() << " into "
                    << destination.displayName
                    << (config.mode == RedisSource::Mode::PubSub
                            ? " (pub/sub: at most once; messages sent while disconnected are lost)"
                            : "")
                    << Qt::endl;
    if (file) {
        standardError() << "ingest: settings from " << file->path << ", environment "
                        << file->environment << Qt::endl;
        for (const QString &note : std::as_const(file->notApplied))
            standardError() << "ingest: " << note << Qt::endl;
    }
}

// Runs the worker on a thread of its own until it finishes or a stop signal arrives, with a
// progress line a second.
int runWorker(const IngestConfig &config, const IngestDestination &destination,
              const std::optional<WorkerConfig> &file, const WorkerHistoryConfig &history,
              WorkerEndpoint *endpoint)
{
    StopSignals stopSignals;
    QThread thread;
    thread.setObjectName(u"ingest"_s);
    auto *worker = new IngestWorker(config);
    worker->moveToThread(&thread);
    QObject::connect(&thread, &QThread::finished, worker, &QObject::deleteLater);

    QEventLoop loop;
    AlertRun alerts(config, destination, file);
    MaintenanceRun maintenance(config, destination, file);
    HistoryRun sampling(config, destination, history);
    IngestStats last;
    // Each new error as the worker reports it: a failed sync that the next commit recovers
    // from may come and go between two progress lines, and must still be said.
    QObject::connect(worker, &IngestWorker::statsChanged, &loop, [&last](const IngestStats &stats) {
        if (!stats.lastError.isEmpty() && stats.lastErrorAt != last.lastErrorAt)
            standardError() << "ingest: " << stats.lastError << Qt::endl;
        last = stats;
    });
    QObject::connect(worker, &IngestWorker::finished, &loop, &QEventLoop::quit);
    if (endpoint)
        QObject::connect(worker, &IngestWorker::statsChanged, endpoint, &WorkerEndpoint::setStats);
    QSocketNotifier stopNotifier(stopSignals.readFd(), QSocketNotifier::Read);
    QObject::connect(&stopNotifier, &QSocketNotifier::activated, &loop, [&] {
        stopSignals.take();
        standardError() << "ingest: stopping after the group in hand" << Qt::endl;
        QMetaObject::invokeMethod(worker, &IngestWorker::stop);
    });
    QTimer progress;
    progress.setInterval(1000);
    QObject::connect(&progress, &QTimer::timeout, &loop, [&] {
        standardError() << progressLine(last) << Qt::endl;
        if (last.state == IngestState::Failed)
            QMetaObject::invokeMethod(worker, &IngestWorker::stop);
    });
    // The worker's name in the audit log (its retention runs), unless PORTHOLE_OPERATOR names one.
    if (qEnvironmentVariableIsEmpty("PORTHOLE_OPERATOR"))
        AuditLog::setOperator(u"worker %1"_s.arg(config.source.consumer.isEmpty()
                                                     ? QSysInfo::machineHostName()
                                                     : config.source.consumer));
    announceIngest(config, destination, file);
    thread.start();
    QMetaObject::invokeMethod(worker, &IngestWorker::start);
    alerts.start(worker, endpoint, &loop);
    maintenance.start(&loop);
    sampling.start(worker, &loop);
    progress.start();
    loop.exec();
    progress.stop();
    thread.quit();
    thread.wait();

    standardError() << progressLine(last) << Qt::endl;
    if (last.state == IngestState::Failed) {
        standardError() << "ingest: " << last.lastError << Qt::endl;
        return ExitFailure;
    }
    return ExitOk;
}

} // namespace

int runIngestCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    const IngestOptions options;
    describeIngestCommand(parser, options);
    if (const int done = parseSubcommand(parser, arguments); done >= 0)
        return done;

    IngestArguments given{parser, options, std::nullopt};
    if (const int done = readConfigFile(parser, options, &given.file); done >= 0)
        return done;
    IngestConfig config = given.file ? given.file->ingest : IngestConfig{};
    if (const int done = readSourceOptions(given, &config); done >= 0)
        return done;
    if (const int done = readLimitOptions(given, &config); done >= 0)
        return done;
    WorkerHistoryConfig history;
    if (const int done = readHistoryOption(given, &history); done >= 0)
        return done;
    const DataDirectory data(dataDirectoryRoot(given));
    IngestDestination destination;
    if (const int done = readSinkOptions(given, data, &config, &destination); done >= 0)
        return done;
    if (given.file && given.file->alerts)
        given.file->alerts->rules =
            fitAlertRulesToWorker(given.file->alerts->rules, config.source.key, config.source.group,
                                  config.mode == RedisSource::Mode::Stream);
    if (parser.isSet(options.checkConfig)) {
        standardOutput() << describeIngestSettings(config, history, data.root(),
                                                   given.file ? &*given.file : nullptr)
                         << Qt::flush;
        return ExitOk;
    }
    if (destination.usesEmbedded)
        QDir().mkpath(data.root());
    std::unique_ptr<WorkerEndpoint> endpoint; // read-only HTTP while the worker runs
    if (destination.http) {
        endpoint = std::make_unique<WorkerEndpoint>(*destination.http);
        if (Status listening = endpoint->listen(); !listening) {
            standardError() << "ingest: " << listening.errorMessage() << Qt::endl;
            return ExitFailure;
        }
        standardError() << "ingest: serving " << endpoint->url() << Qt::endl;
    }
    return runWorker(config, destination, given.file, history, endpoint.get());
}

} // namespace porthole
