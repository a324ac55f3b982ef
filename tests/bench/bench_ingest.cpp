// The ingest worker's figures for docs/BENCHMARKS.md:
//  1. Throughput: --messages plain numbered payloads ("this is Message N° 42 being posted
//     into Redis"), loaded into a stream with pipelined XADD before any clock starts, then
//     drained, each drain by a consumer group made afresh on the same stream, by
//       baseline        raw hiredis: XREADGROUP COUNT 1000 (--count) and one XACK of those ids
//       source          RedisSource fetch + acknowledge, nothing stored (the Redis side alone)
//       raw-sqlite      the baseline's loop storing the same rows through the sqlite3 C API,
//                       one transaction a group, synchronous=FULL: a ceiling for any SQLite
//                       sink
//       sqlite          the IngestWorker on its QThread into SQLite (WAL, synchronous=FULL)
//       raw-files       the baseline's loop writing each group as batch files (ten lines a
//                       file, one open + write + close each), then one syncfs() and one
//                       fsync() of the folder a group: the files sink's plain loop
//       files           the IngestWorker into batch files, bookkeeping in SQLite
//       raw-postgresql  the baseline's loop storing the same rows on plain libpq (--pg), one
//                       transaction a group: COPY into a staging table, INSERT ... ON CONFLICT
//                       DO NOTHING from it, COMMIT; the PostgreSQL sink's plain loop (built
//                       only when libpq is found)
//       postgresql      the IngestWorker into PostgreSQL (--pg)
//     A drain ends when the worker reports every message acknowledged (after its commit).
//     Median of --runs runs, in messages/s and as a ratio to the baseline's median; then each
//     sink against its plain loop (sqlite and source against the baseline, files against
//     raw-files, postgresql against raw-postgresql), as the ratio of the medians, judged
//     against its target, and as the median of each run's own ratio (on a shared machine the
//     two drains of one run meet much the same load; two runs may not). Every run gets a
//     new database (PostgreSQL's tables dropped and made again) and a new batch folder, and
//     nothing is deleted until the end.
//  2. Latency: a producer thread XADDs one message every 1/--rate s, paced by a clock, its
//     send time (steady clock, ns) in the payload; the worker's loop (fetch, write, ack) into
//     SQLite takes the time when SqlIngestSink::write() has returned, i.e. the group's commit
//     is durable, and each message's latency is that time minus its send time.
//  3. Profile (--phases profile): the worker's loop into SQLite with each phase timed (fetch,
//     write, acknowledge; decoding timed in a pass of its own), with synchronous=FULL and OFF.
//
// Usage: bench_ingest --redis URL [--pg URL] [--dir DIR] [--messages N] [--runs N] [--count N]
//          [--sinks raw-sqlite,sqlite,raw-files,files,raw-postgresql,postgresql]
//          [--phases throughput,latency,profile]
//          [--latency-seconds S] [--rate N]
// Each drain also prints its time and this process's CPU time a message: the rest is waiting
// (for the disk, for Redis, for a core on a shared machine).
// The Redis URL's host and port are used; the server must need no password (run-ingest
// starts one).
#include "benchsupport.h"
#include "connectionfactory.h"
#include "ingestsupport.h"
#include "ingestworker.h"
#include "migrationrunner.h"
#include "payloaddecoder.h"
#include "redissource.h"
#include "sqlingestsink.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <QUrl>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <hiredis/hiredis.h>
#include <map>
#include <sqlite3.h>
#include <string>
#include <sys/resource.h>
#include <thread>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace porthole::bench;

namespace {

RedisSourceOptions sourceOptions(const RedisUrl &url, const QByteArray &key)
{
    RedisSourceOptions options;
    options.url = url;
    options.key = QString::fromLatin1(key);
    options.group = QString::fromLatin1(groupName);
    options.consumer = u"bench"_s;
    options.count = groupSize.toInt();
    return options; // blockMs 1000: as `porthole ingest` runs by default
}

// RedisSource alone: fetch and acknowledge, nothing stored.
double sourceDrain(const RedisUrl &url, qint64 messages)
{
    RawRedis redis(url);
    resetGroup(redis, streamKey);
    auto source = RedisSource::create(RedisSource::Mode::Stream, sourceOptions(url, streamKey));
    check(source.ok(), source.errorMessage());
    const auto start = Clock::now();
    check((*source)->open().ok(), u"open the source"_s);
    qint64 drained = 0;
    while (drained < messages) {
        auto fetched = (*source)->fetch();
        check(fetched.ok(), fetched.errorMessage());
        check(!fetched->deliveries.isEmpty(), u"the source ran dry at %1"_s.arg(drained));
        const Status acked = (*source)->acknowledge(fetched->deliveries);
        check(acked.ok(), acked.errorMessage());
        drained += fetched->deliveries.size();
    }
    const double seconds = secondsSince(start);
    check(pendingOf(redis, streamKey) == 0, u"the source left entries pending"_s);
    return messages / seconds;
}

// The IngestWorker on its own QThread, until its statistics say every message is
// acknowledged (which it does only after the group's write is durable).
double workerDrain(const RedisUrl &url, const QString &sinkUrl, const QString &databaseUrl,
                   qint64 messages)
{
    {
        RawRedis redis(url);
        resetGroup(redis, streamKey);
    }
    IngestConfig config;
    config.source = sourceOptions(url, streamKey);
    config.sinkUrl = sinkUrl;
    config.databaseUrl = databaseUrl;
    config.statsIntervalMs = 0; // a report after every group: the clock stops at the last ack

    QThread thread;
    auto *worker = new IngestWorker(config);
    worker->moveToThread(&thread);
    QObject::connect(&thread, &QThread::finished, worker, &QObject::deleteLater);
    QEventLoop drained;
    QEventLoop finished;
    IngestStats last;
    QObject::connect(worker, &IngestWorker::statsChanged, &drained, [&](const IngestStats &stats) {
        last = stats;
        if (stats.acknowledged >= messages || stats.state == IngestState::Failed)
            drained.quit();
    });
    QObject::connect(worker, &IngestWorker::finished, &finished, &QEventLoop::quit);
    // A drain that stops moving for a minute is a failure, not a slow figure.
    qint64 seen = -1;
    QTimer watchdog;
    QObject::connect(&watchdog, &QTimer::timeout, &drained, [&] {
        if (last.acknowledged == seen)
            drained.quit();
        seen = last.acknowledged;
    });
    watchdog.start(60000);
    thread.start();
    const auto start = Clock::now();
    QMetaObject::invokeMethod(worker, &IngestWorker::start);
    drained.exec();
    const double seconds = secondsSince(start);
    watchdog.stop();
    QMetaObject::invokeMethod(worker, &IngestWorker::stop);
    finished.exec();
    thread.quit();
    thread.wait();
    check(last.acknowledged == messages,
          u"the worker acknowledged %1 of %2 (state %3): %4"_s.arg(last.acknowledged)
              .arg(messages)
              .arg(ingestStateName(last.state), last.lastError));
    check(last.stored == messages && last.duplicates == 0 && last.deadLettered == 0,
          u"the worker stored %1, %2 duplicates, %3 dead letters"_s.arg(last.stored)
              .arg(last.duplicates)
              .arg(last.deadLettered));
    return messages / seconds;
}

// --- Databases ----------------------------------------------------------------------------

// Runs f on a connection of this thread to the database, closed again afterwards.
template <typename F>
void withDatabase(const DatabaseUrl &url, F &&f)
{
    const ConnectionFactory factory(url);
    {
        auto db = factory.open(u"bench"_s);
        check(db.ok(), db.errorMessage());
        f(*db);
    }
    factory.close(u"bench"_s);
}

void migrate(QSqlDatabase db, DatabaseUrl::Engine engine, bool fresh)
{
    MigrationRunner runner(db, *MigrationRunner::builtin(engine));
    check(runner.up().ok(), u"migrate"_s);
    if (fresh) {
        check(runner.down(runner.latestVersion()).ok(), u"migrate down"_s);
        check(runner.up().ok(), u"migrate up"_s);
    }
}

qint64 countRows(QSqlDatabase db, const QString &table)
{
    QSqlQuery query(db);
    check(query.exec(u"SELECT count(*) FROM "_s + table) && query.next(), u"count"_s);
    return query.value(0).toLongLong();
}

QString sqliteUrl(const QString &path)
{
    return u"sqlite://"_s + path;
}

DatabaseUrl parsedUrl(const QString &text)
{
    auto url = DatabaseUrl::parse(text);
    check(url.ok(), url.errorMessage());
    return *url;
}

// --- Latency ------------------------------------------------------------------------------

double percentile(const std::vector<double> &sorted, double p)
{
    if (sorted.empty())
        return 0;
    const auto at = size_t(std::ceil(p * double(sorted.size())));
    return sorted[std::min(sorted.size() - 1, at == 0 ? 0 : at - 1)];
}

QString ms(double value)
{
    return QString::number(value, 'f', value < 10 ? 2 : 1) + u" ms"_s;
}

void latency(const RedisUrl &url, const QString &dir, int seconds, int rate)
{
    const qint64 total = qint64(seconds) * rate;
    RawRedis setup(url);
    setup.command({"DEL", latencyKey});
    const DatabaseUrl dbUrl = parsedUrl(sqliteUrl(dir + u"/latency.db"_s));
    withDatabase(dbUrl, [&](QSqlDatabase db) { migrate(db, dbUrl.engine(), false); });

    // The worker's side, on this thread: its source, its sink on its own connection.
    const ConnectionFactory factory(dbUrl);
    auto opened = factory.open(u"ingest"_s);
    check(opened.ok(), opened.errorMessage());
    QSqlDatabase db = *opened;
    opened = QSqlDatabase();
    std::vector<double> latencies;
    std::vector<double> writeMs;
    std::vector<qint64> groupSizes;
    latencies.reserve(size_t(total));
    {
        SqlIngestSink sink(db);
        auto source =
            RedisSource::create(RedisSource::Mode::Stream, sourceOptions(url, latencyKey));
        check(source.ok(), source.errorMessage());
        check((*source)->open().ok(), u"open the source"_s);

        // The producer: one XADD every 1/rate s on the clock, its send time in the payload.
        std::atomic<qint64> worstLateNs{0};
        std::thread producer([&] {
            RawRedis redis(url);
            const auto period = std::chrono::nanoseconds(1'000'000'000 / rate);
            const auto first = Clock::now() + std::chrono::milliseconds(100);
            for (qint64 n = 0; n < total; ++n) {
                const auto due = first + n * period;
                std::this_thread::sleep_until(due);
                const qint64 sent = nowNs();
                const qint64 dueNs =
                    std::chrono::duration_cast<std::chrono::nanoseconds>(due.time_since_epoch())
                        .count();
                worstLateNs = std::max<qint64>(worstLateNs, sent - dueNs);
                const QByteArray payload =
                    payloadFor(n + 1) + " sent_ns=" + QByteArray::number(sent);
                check(redis.command({"XADD", latencyKey, "*", "payload", payload})->type ==
                          REDIS_REPLY_STRING,
                      u"XADD failed"_s);
            }
        });

        // The worker's loop (IngestWorker::step): fetch, write, acknowledge; Redis's counts
        // once a second, as the worker polls them.
        auto sinceStats = Clock::now();
        qint64 done = 0;
        while (done < total) {
            auto fetched = (*source)->fetch();
            check(fetched.ok(), fetched.errorMessage());
            if (fetched->deliveries.isEmpty())
                continue;
            const auto writeStart = Clock::now();
            auto written = sink.write(fetched->deliveries);
            check(written.ok(), written.errorMessage());
            const qint64 durable = nowNs();
            writeMs.push_back(secondsSince(writeStart) * 1000);
            groupSizes.push_back(fetched->deliveries.size());
            for (const Delivery &delivery : std::as_const(fetched->deliveries)) {
                const qsizetype at = delivery.payload.lastIndexOf("sent_ns=");
                check(at >= 0, u"a payload without its send time"_s);
                const qint64 sent = delivery.payload.mid(at + 8).toLongLong();
                latencies.push_back(double(durable - sent) / 1e6);
            }
            const Status acked = (*source)->acknowledge(fetched->deliveries);
            check(acked.ok(), acked.errorMessage());
            done += fetched->deliveries.size();
            if (secondsSince(sinceStats) >= 1) {
                sinceStats = Clock::now();
                check((*source)->stats().ok(), u"source stats"_s);
            }
        }
        producer.join();
        check(countRows(db, u"messages"_s) == total, u"not every message was stored"_s);

        std::sort(latencies.begin(), latencies.end());
        std::sort(writeMs.begin(), writeMs.end());
        double meanGroup = 0;
        for (const qint64 size : groupSizes)
            meanGroup += double(size);
        meanGroup /= double(groupSizes.size());
        out() << "latency, XADD to durable in SQLite, " << total << " messages at " << rate
              << "/s over " << seconds << " s: p50 " << ms(percentile(latencies, 0.50)) << ", p99 "
              << ms(percentile(latencies, 0.99)) << ", p99.9 " << ms(percentile(latencies, 0.999))
              << ", max " << ms(latencies.back()) << Qt::endl;
        out() << "  " << groupSizes.size() << " groups of " << QString::number(meanGroup, 'f', 1)
              << " messages on average; write (decode, insert, commit) p50 "
              << ms(percentile(writeMs, 0.50)) << ", p99 " << ms(percentile(writeMs, 0.99))
              << ", max " << ms(writeMs.back()) << "; producer at most "
              << ms(double(worstLateNs) / 1e6) << " behind its clock" << Qt::endl;
    }
    db = QSqlDatabase();
    factory.close(u"ingest"_s);
}

// --- Profile ------------------------------------------------------------------------------

// The worker's loop into SQLite, each phase on its own clock.
void profile(const RedisUrl &url, const QString &dir, qint64 messages, bool synchronous)
{
    RawRedis redis(url);
    resetGroup(redis, streamKey);
    const QString path = dir + (synchronous ? u"/profile-full.db"_s : u"/profile-off.db"_s);
    const DatabaseUrl dbUrl = parsedUrl(sqliteUrl(path));
    withDatabase(dbUrl, [&](QSqlDatabase db) { migrate(db, dbUrl.engine(), false); });
    const ConnectionFactory factory(dbUrl);
    auto opened = factory.open(u"ingest"_s);
    check(opened.ok(), opened.errorMessage());
    QSqlDatabase db = *opened;
    opened = QSqlDatabase();
    if (!synchronous)
        check(QSqlQuery(db).exec(u"PRAGMA synchronous=OFF"_s), u"synchronous=OFF"_s);
    double fetchS = 0, decodeS = 0, writeS = 0, ackS = 0;
    {
        SqlIngestSink sink(db);
        auto source = RedisSource::create(RedisSource::Mode::Stream, sourceOptions(url, streamKey));
        check(source.ok(), source.errorMessage());
        check((*source)->open().ok(), u"open the source"_s);
        qint64 done = 0;
        while (done < messages) {
            auto t = Clock::now();
            auto fetched = (*source)->fetch();
            fetchS += secondsSince(t);
            check(fetched.ok() && !fetched->deliveries.isEmpty(), u"fetch"_s);
            t = Clock::now();
            for (const Delivery &delivery : std::as_const(fetched->deliveries))
                check(decodePayload(delivery).kind() == DecodedPayload::Kind::Message, u"decode"_s);
            decodeS += secondsSince(t);
            t = Clock::now();
            auto written = sink.write(fetched->deliveries);
            writeS += secondsSince(t);
            check(written.ok(), written.errorMessage());
            t = Clock::now();
            check((*source)->acknowledge(fetched->deliveries).ok(), u"ack"_s);
            ackS += secondsSince(t);
            done += fetched->deliveries.size();
        }
    }
    db = QSqlDatabase();
    factory.close(u"ingest"_s);
    const double total = fetchS + writeS + ackS;
    const auto line = [&](const char *what, double s) {
        out() << "  " << what << ": " << QString::number(s, 'f', 2) << " s, "
              << QString::number(s * 1e6 / double(messages), 'f', 2) << " us a message";
        if (total > 0)
            out() << " (" << QString::number(100 * s / total, 'f', 0) << "%)";
        out() << Qt::endl;
    };
    out() << "profile, SQLite synchronous=" << (synchronous ? "FULL" : "OFF") << ", "
          << qint64(messages / total) << " msg/s:" << Qt::endl;
    line("fetch (XREADGROUP, reply copy, Delivery)", fetchS);
    line("write (decode, SQL, commit)", writeS);
    line("  of which decode alone (timed apart)", decodeS);
    line("acknowledge (XACK)", ackS);
}

// --- Throughput summary --------------------------------------------------------------------

// Each drain's median and its ratio to the baseline's median; then each sink against its own
// plain loop, when both were run: the ratio of the medians against the target, and the median
// of the runs' own ratios (each run's sink rate over the same run's plain loop rate).
void printThroughput(const std::map<QString, std::vector<double>> &rates, const QStringList &order,
                     qint64 messages, int runs)
{
    const double baseline = median(rates.at(u"baseline"_s));
    out() << "throughput, " << messages << " messages, median of " << runs << " runs:" << Qt::endl;
    for (const QString &what : order) {
        const double rate = median(rates.at(what));
        out() << "  " << what << ": " << qint64(rate) << " msg/s, ratio "
              << QString::number(rate / baseline, 'f', 3) << Qt::endl;
    }
    struct Pair
    {
        QString sink;
        QString plain;
        double target;
    };
    const Pair pairs[] = {{u"source"_s, u"baseline"_s, 0.9},
                          {u"sqlite"_s, u"baseline"_s, 0.55},
                          {u"files"_s, u"raw-files"_s, 0.8},
                          {u"postgresql"_s, u"raw-postgresql"_s, 0.8}};
    bool heading = false;
    for (const Pair &pair : pairs) {
        if (!rates.contains(pair.sink) || !rates.contains(pair.plain))
            continue;
        if (!heading) {
            out() << "against each one's plain loop (ratio of the medians; median of the runs' "
                     "own ratios):"
                  << Qt::endl;
            heading = true;
        }
        const std::vector<double> &sink = rates.at(pair.sink);
        const std::vector<double> &plain = rates.at(pair.plain);
        std::vector<double> perRun;
        for (size_t i = 0; i < std::min(sink.size(), plain.size()); ++i)
            perRun.push_back(sink[i] / plain[i]);
        const double ratio = median(sink) / median(plain);
        out() << "  " << pair.sink << " / " << pair.plain << ": " << QString::number(ratio, 'f', 3)
              << "; per run " << QString::number(median(perRun), 'f', 3)
              << " (target >= " << QString::number(pair.target, 'f', 2) << ": "
              << (ratio >= pair.target ? "met" : "not met") << ")" << Qt::endl;
    }
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QString defaultSinks = u"raw-sqlite,sqlite,raw-files,files,raw-postgresql,postgresql"_s;
    QCommandLineParser parser;
    parser.addOptions(
        {{u"redis"_s, u"Redis URL (host and port; no password)"_s, u"url"_s},
         {u"pg"_s, u"PostgreSQL URL, for the postgresql sink"_s, u"url"_s},
         {u"dir"_s, u"folder for SQLite files and batch folders (default: a temporary one)"_s,
          u"dir"_s},
         {u"messages"_s, u"messages in the stream"_s, u"n"_s, u"1000000"_s},
         {u"runs"_s, u"runs of each drain"_s, u"n"_s, u"3"_s},
         {u"sinks"_s, u"drains after the baselines: "_s + defaultSinks, u"list"_s, defaultSinks},
         {u"phases"_s, u"throughput,latency,profile"_s, u"list"_s, u"throughput,latency"_s},
         {u"latency-seconds"_s, u"how long the producer sends"_s, u"s"_s, u"20"_s},
         {u"rate"_s, u"messages a second offered in the latency test"_s, u"n"_s, u"1000"_s},
         {u"count"_s, u"deliveries a fetch (a group)"_s, u"n"_s, u"1000"_s}});
    parser.process(app);
    auto redisUrl = RedisUrl::parse(parser.value(u"redis"_s));
    check(redisUrl.ok(), redisUrl.errorMessage());
    const RedisUrl url = *redisUrl;
    const qint64 messages = parser.value(u"messages"_s).toLongLong();
    groupSize = parser.value(u"count"_s).toLatin1();
    check(groupSize.toInt() > 0, u"--count must be positive"_s);
    const int runs = parser.value(u"runs"_s).toInt();
    const QStringList sinks = parser.value(u"sinks"_s).split(u',', Qt::SkipEmptyParts);
    const QStringList phases = parser.value(u"phases"_s).split(u',', Qt::SkipEmptyParts);
    const QString pg = parser.value(u"pg"_s);
    check(messages > 0 && runs > 0, u"--messages and --runs must be positive"_s);
    check((!sinks.contains(u"postgresql"_s) && !sinks.contains(u"raw-postgresql"_s)) ||
              !phases.contains(u"throughput"_s) || !pg.isEmpty(),
          u"the postgresql and raw-postgresql drains need --pg"_s);

    std::optional<QTemporaryDir> temporary;
    QString dir = parser.value(u"dir"_s);
    if (dir.isEmpty()) {
        temporary.emplace();
        check(temporary->isValid(), u"no temporary folder"_s);
        dir = temporary->path();
    }
    check(QDir().mkpath(dir), u"cannot make %1"_s.arg(dir));
    out() << "load average at start: " << loadAverage() << "; 4 KiB write + fdatasync in " << dir
          << ": median " << QString::number(syncMs(dir), 'f', 2) << " ms" << Qt::endl;

    if (phases.contains(u"throughput"_s) || phases.contains(u"profile"_s)) {
        RawRedis redis(url);
        loadStream(redis, streamKey, messages);
    }

    if (phases.contains(u"throughput"_s)) {
        std::map<QString, std::vector<double>> rates;
        const QStringList order = QStringList{u"baseline"_s, u"source"_s} + sinks;
        for (int run = 1; run <= runs; ++run) {
            for (const QString &what : order) {
                double rate = 0;
                const double cpuBefore = cpuSeconds();
                if (what == u"baseline"_s) {
                    rate = rawDrain(url, messages);
                } else if (what == u"source"_s) {
                    rate = sourceDrain(url, messages);
                } else if (what == u"raw-sqlite"_s) {
                    const QString path = dir + u"/raw-sqlite-%1.db"_s.arg(run);
                    const DatabaseUrl dbUrl = parsedUrl(sqliteUrl(path));
                    withDatabase(dbUrl, [&](QSqlDatabase d) { migrate(d, dbUrl.engine(), false); });
                    rate = rawSqliteDrain(url, path, messages);
                    withDatabase(dbUrl, [&](QSqlDatabase d) {
                        check(countRows(d, u"messages"_s) == messages, u"rows in raw SQLite"_s);
                    });
                } else if (what == u"sqlite"_s) {
                    const QString db = sqliteUrl(dir + u"/sqlite-%1.db"_s.arg(run));
                    const DatabaseUrl dbUrl = parsedUrl(db);
                    withDatabase(dbUrl, [&](QSqlDatabase d) { migrate(d, dbUrl.engine(), false); });
                    rate = workerDrain(url, db, QString(), messages);
                    withDatabase(dbUrl, [&](QSqlDatabase d) {
                        check(countRows(d, u"messages"_s) == messages, u"rows in SQLite"_s);
                    });
                } else if (what == u"raw-files"_s) {
                    rate = rawFilesDrain(url, dir + u"/raw-files-%1"_s.arg(run), messages);
                } else if (what == u"files"_s) {
                    const QString folder = dir + u"/files-%1"_s.arg(run);
                    const QString db = sqliteUrl(dir + u"/files-%1.db"_s.arg(run));
                    const DatabaseUrl dbUrl = parsedUrl(db);
                    withDatabase(dbUrl, [&](QSqlDatabase d) { migrate(d, dbUrl.engine(), false); });
                    rate = workerDrain(url, QUrl::fromLocalFile(folder).toString(), db, messages);
                    withDatabase(dbUrl, [&](QSqlDatabase d) {
                        check(countRows(d, u"ingest_deliveries"_s) == messages,
                              u"journal rows of the batch files"_s);
                    });
                } else if (what == u"raw-postgresql"_s) {
                    // The same fresh tables as the postgresql drain gets: every migration
                    // undone and applied again.
                    const DatabaseUrl dbUrl = parsedUrl(pg);
                    withDatabase(dbUrl, [&](QSqlDatabase d) { migrate(d, dbUrl.engine(), true); });
                    rate = rawPostgresDrain(url, dbUrl, messages);
                    withDatabase(dbUrl, [&](QSqlDatabase d) {
                        check(countRows(d, u"messages"_s) == messages,
                              u"rows in PostgreSQL from the raw loop"_s);
                    });
                } else if (what == u"postgresql"_s) {
                    const DatabaseUrl dbUrl = parsedUrl(pg);
                    withDatabase(dbUrl, [&](QSqlDatabase d) { migrate(d, dbUrl.engine(), true); });
                    rate = workerDrain(url, pg, QString(), messages);
                    withDatabase(dbUrl, [&](QSqlDatabase d) {
                        check(countRows(d, u"messages"_s) == messages, u"rows in PostgreSQL"_s);
                    });
                } else {
                    fail(u"unknown sink %1"_s.arg(what));
                }
                rates[what].push_back(rate);
                // Includes the checks after the drain, which are small next to it.
                const double cpuUs = (cpuSeconds() - cpuBefore) * 1e6 / double(messages);
                out() << "  run " << run << ", " << what << ": " << qint64(rate) << " msg/s, "
                      << QString::number(1e6 / rate, 'f', 2) << " us a message, this process's CPU "
                      << QString::number(cpuUs, 'f', 2) << " us a message (load " << loadAverage()
                      << ")" << Qt::endl;
            }
        }
        printThroughput(rates, order, messages, runs);
    }

    if (phases.contains(u"profile"_s)) {
        profile(url, dir, messages, true);
        profile(url, dir, messages, false);
    }

    if (phases.contains(u"latency"_s))
        latency(url, dir, parser.value(u"latency-seconds"_s).toInt(),
                parser.value(u"rate"_s).toInt());

    out() << "load average at end: " << loadAverage() << "; 4 KiB write + fdatasync: median "
          << QString::number(syncMs(dir), 'f', 2) << " ms" << Qt::endl;
    return 0;
}
