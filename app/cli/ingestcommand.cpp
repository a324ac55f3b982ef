#include "ingestcommand.h"

#include "commandio.h"
#include "databaseurl.h"
#include "datadirectory.h"
#include "ingestsink.h"
#include "ingestworker.h"
#include "redisurl.h"
#include "stopsignals.h"
#include "workerconfig.h"
#include "workerendpoint.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QLocale>
#include <QProcessEnvironment>
#include <QSocketNotifier>
#include <QThread>
#include <QTimer>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QString commandName = u"ingest"_s;

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

} // namespace

int runIngestCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
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
        "Sinks: sqlite:PATH, postgresql://user@host:port/db, or file:///DIR for batch files "
        "(dead letters and bookkeeping then go to --db, by default the embedded database). "
        "A progress line a second goes to standard error."_s);
    const QCommandLineOption redis(u"redis"_s, u"The Redis server (its password: REDISCLI_AUTH)."_s,
                                   u"url"_s, u"redis://127.0.0.1:6379/0"_s);
    const QCommandLineOption mode(u"mode"_s, u"stream (default), list or pubsub."_s, u"mode"_s,
                                  u"stream"_s);
    const QCommandLineOption key(u"key"_s, u"The stream, list or channel."_s, u"key"_s);
    const QCommandLineOption group(u"group"_s, u"Stream: the consumer group."_s, u"name"_s,
                                   u"porthole"_s);
    const QCommandLineOption consumer(
        u"consumer"_s,
        u"Stream: this consumer's name; list: names the processing list. Default: host-pid; "
        "give a stable name to recover a list's processing list after a restart."_s,
        u"name"_s);
    const QCommandLineOption sink(
        u"sink"_s, u"Where payloads go (default: the embedded SQLite database)."_s, u"url"_s);
    const QCommandLineOption db(u"db"_s,
                                u"With a file sink: the SQL database for dead letters and "
                                "bookkeeping (default: the embedded one)."_s,
                                u"url"_s);
    const QCommandLineOption dataDir(u"data-dir"_s, u"Porthole's data folder."_s, u"dir"_s);
    const QCommandLineOption count(u"count"_s, u"At most this many messages a group."_s, u"n"_s,
                                   u"1000"_s);
    const QCommandLineOption block(u"block-ms"_s, u"How long a read waits for the first message."_s,
                                   u"ms"_s, u"1000"_s);
    const QCommandLineOption claimIdle(
        u"claim-idle-ms"_s, u"Stream: take over entries idle this long in other consumers."_s,
        u"ms"_s, u"60000"_s);
    const QCommandLineOption forgetIdle(
        u"forget-idle-ms"_s,
        u"Stream: remove consumers of the group idle this long that hold nothing (workers "
        "that were killed or moved), after their entries were taken over."_s,
        u"ms"_s, u"600000"_s);
    const QCommandLineOption maxDeliveries(
        u"max-deliveries"_s,
        u"Stream: an entry delivered more often than this becomes a dead letter."_s, u"n"_s,
        u"5"_s);
    const QCommandLineOption maxPayload(u"max-payload-bytes"_s,
                                        u"Larger payloads become dead letters."_s, u"bytes"_s,
                                        QString::number(defaultMaxPayloadBytes));
    const QCommandLineOption configFile(
        u"config"_s,
        u"Read the settings from this YAML file (docs/DEPLOYMENT.md); options given here win "
        "over it."_s,
        u"file"_s);
    const QCommandLineOption envName(
        u"env"_s,
        u"The environment of the --config file to read (default: $PORTHOLE_ENV, else "
        "development)."_s,
        u"name"_s);
    const QCommandLineOption checkConfig(
        u"check-config"_s, u"Print the settings it would run with (passwords hidden) and exit."_s);
    parser.addOptions({redis, mode, key, group, consumer, sink, db, dataDir, count, block,
                       claimIdle, forgetIdle, maxDeliveries, maxPayload});
    parser.addOptions({configFile, envName, checkConfig});
    const WorkerEndpointCommandLine http; // --listen, --token-file
    parser.addOptions(http.options());
    if (const int done = parseSubcommand(parser, arguments); done >= 0)
        return done;

    std::optional<WorkerConfig> file;
    if (parser.isSet(configFile)) {
        const QProcessEnvironment variables = QProcessEnvironment::systemEnvironment();
        auto read =
            readWorkerConfig(parser.value(configFile),
                             workerEnvironmentName(parser.value(envName), variables), variables);
        if (!read)
            return usageError(commandName, read.errorMessage());
        file = std::move(read).value();
    } else if (parser.isSet(envName)) {
        return usageError(commandName, u"--env names a section of a --config file; give it."_s);
    }
    // An option given here wins over the file; its default applies to what neither gives.
    const auto fromCommandLine = [&](const QCommandLineOption &option) {
        return !file || parser.isSet(option) || !file->given.contains(option.names().constFirst());
    };

    IngestConfig config = file ? file->ingest : IngestConfig{};
    if (fromCommandLine(mode)) {
        const auto modeValue = RedisSource::modeFromName(parser.value(mode));
        if (!modeValue)
            return usageError(
                commandName,
                u"--mode must be stream, list or pubsub, not \"%1\"."_s.arg(parser.value(mode)));
        config.mode = *modeValue;
    }
    if (fromCommandLine(key))
        config.source.key = parser.value(key);
    if (config.source.key.isEmpty())
        return usageError(commandName, u"--key is required: the stream, list or channel."_s);
    if (fromCommandLine(redis)) {
        auto redisUrl = RedisUrl::parse(parser.value(redis));
        if (!redisUrl)
            return usageError(commandName, redisUrl.error().message);
        if (!redisUrl->password().isEmpty())
            standardError() << "porthole ingest: warning: the Redis password on the command "
                               "line can be read by every user of this machine (ps); set "
                               "REDISCLI_AUTH or redis.password in the --config file instead."
                            << Qt::endl;
        config.source.url = *redisUrl;
    }
    // As redis-cli does: the password from the environment, where none is given.
    if (config.source.url.password().isEmpty() && qEnvironmentVariableIsSet("REDISCLI_AUTH"))
        config.source.url = config.source.url.withPassword(qEnvironmentVariable("REDISCLI_AUTH"));
    if (fromCommandLine(group))
        config.source.group = parser.value(group);
    if (fromCommandLine(consumer))
        config.source.consumer = parser.value(consumer);
    const auto number = [&](const QCommandLineOption &option, qint64 least, qint64 *out) {
        bool ok = false;
        *out = parser.value(option).toLongLong(&ok);
        return ok && *out >= least;
    };
    qint64 value = 0;
    if (fromCommandLine(count)) {
        if (!number(count, 1, &value) || value > 100000)
            return usageError(commandName, u"--count must be a number from 1 to 100000."_s);
        config.source.count = int(value);
    }
    if (fromCommandLine(block)) {
        if (!number(block, 1, &value) || value > 60000)
            return usageError(commandName, u"--block-ms must be a number from 1 to 60000."_s);
        config.source.blockMs = int(value);
    }
    config.source.timeouts.commandMs =
        std::max(config.source.timeouts.commandMs, config.source.blockMs + 2000);
    if (fromCommandLine(claimIdle)) {
        if (!number(claimIdle, 1, &value))
            return usageError(commandName, u"--claim-idle-ms must be a positive number."_s);
        config.source.claimIdleMs = value;
    }
    if (fromCommandLine(forgetIdle)) {
        if (!number(forgetIdle, config.source.claimIdleMs, &value))
            return usageError(commandName, u"--forget-idle-ms must be a number no smaller than "
                                           "--claim-idle-ms."_s);
        config.source.forgetIdleMs = value;
    }
    if (fromCommandLine(maxDeliveries)) {
        if (!number(maxDeliveries, 1, &value) || value > 1000000)
            return usageError(commandName, u"--max-deliveries must be a positive number."_s);
        config.source.maxDeliveries = int(value);
    }
    if (fromCommandLine(maxPayload)) {
        if (!number(maxPayload, 1, &value))
            return usageError(commandName, u"--max-payload-bytes must be a positive number."_s);
        config.maxPayloadBytes = value;
    }

    const DataDirectory data(!fromCommandLine(dataDir) ? file->dataDirectory
                             : parser.isSet(dataDir)   ? parser.value(dataDir)
                                                       : DataDirectory::defaultRoot());
    const QString embedded = u"sqlite://"_s + data.databasePath();
    if (fromCommandLine(sink))
        config.sinkUrl = parser.isSet(sink) ? parser.value(sink) : embedded;
    if (fromCommandLine(db))
        config.databaseUrl = parser.isSet(db) ? parser.value(db) : embedded;
    const bool toFiles = config.sinkUrl.startsWith(u"file:"_s);
    if (toFiles && QUrl(config.sinkUrl).toLocalFile().isEmpty())
        return usageError(
            commandName,
            u"--sink %1 names no folder; write file:///path/to/folder."_s.arg(config.sinkUrl));
    const auto database = ingestSinkDatabase({config.sinkUrl, config.databaseUrl, {}, 0});
    if (!database)
        return usageError(commandName, database.error().message);
    std::optional<WorkerEndpointOptions> httpOptions;
    if (QString problem;
        !http.read(parser, config, &httpOptions, &problem, file ? file->listen : QString(),
                   file ? file->tokenFile : QString()))
        return usageError(commandName, problem);
    if (parser.isSet(checkConfig)) {
        standardOutput() << describeIngestSettings(config, data.root(), file ? &*file : nullptr)
                         << Qt::flush;
        return ExitOk;
    }
    if ((!toFiles && config.sinkUrl == embedded) || (toFiles && config.databaseUrl == embedded))
        QDir().mkpath(data.root());
    std::unique_ptr<WorkerEndpoint> endpoint; // read-only HTTP while the worker runs
    if (httpOptions) {
        endpoint = std::make_unique<WorkerEndpoint>(*httpOptions);
        if (Status listening = endpoint->listen(); !listening) {
            standardError() << "ingest: " << listening.errorMessage() << Qt::endl;
            return ExitFailure;
        }
        standardError() << "ingest: serving " << endpoint->url() << Qt::endl;
    }

    StopSignals stopSignals;
    QThread thread;
    thread.setObjectName(u"ingest"_s);
    auto *worker = new IngestWorker(config);
    worker->moveToThread(&thread);
    QObject::connect(&thread, &QThread::finished, worker, &QObject::deleteLater);

    QEventLoop loop;
    IngestStats last;
    QObject::connect(worker, &IngestWorker::statsChanged, &loop,
                     [&last](const IngestStats &stats) { last = stats; });
    QObject::connect(worker, &IngestWorker::finished, &loop, &QEventLoop::quit);
    if (endpoint)
        QObject::connect(worker, &IngestWorker::statsChanged, endpoint.get(),
                         &WorkerEndpoint::setStats);
    QSocketNotifier stopNotifier(stopSignals.readFd(), QSocketNotifier::Read);
    QObject::connect(&stopNotifier, &QSocketNotifier::activated, &loop, [&] {
        stopSignals.take();
        standardError() << "ingest: stopping after the group in hand" << Qt::endl;
        QMetaObject::invokeMethod(worker, &IngestWorker::stop);
    });
    QTimer progress;
    progress.setInterval(1000);
    QString lastError;
    QObject::connect(&progress, &QTimer::timeout, &loop, [&] {
        standardError() << progressLine(last) << Qt::endl;
        if (!last.lastError.isEmpty() && last.lastError != lastError) {
            lastError = last.lastError;
            standardError() << "ingest: " << lastError << Qt::endl;
        }
        if (last.state == IngestState::Failed)
            QMetaObject::invokeMethod(worker, &IngestWorker::stop);
    });
    standardError() << "ingest: " << RedisSource::modeName(config.mode) << ' ' << config.source.key
                    << " on " << config.source.url.toDisplayString() << " into "
                    << (toFiles ? config.sinkUrl : database->toDisplayString())
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
    thread.start();
    QMetaObject::invokeMethod(worker, &IngestWorker::start);
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

} // namespace porthole
