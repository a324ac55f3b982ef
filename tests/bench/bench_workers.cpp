// Several `porthole ingest` workers sharing one stream and one PostgreSQL database, for
// docs/BENCHMARKS.md:
//   copy      the baseline: the same rows (number, content, time, delivery key, source) sent
//             to the same `messages` table (same schema, indexes and triggers, made by the
//             same migrations) by one plain libpq COPY FROM STDIN in one transaction
//   workers   k `porthole ingest` processes (k from --workers, default 1,2,4) in one consumer
//             group on a stream that holds the --messages payloads before the clock starts;
//             timed from their start to the moment the database holds every message
// Every drain gets a database of its own (migrated before the clock starts). Median of --runs
// runs each, in messages/s, as a ratio to the COPY's median, and as a ratio to one worker's
// rate (the median of each run's own ratio): on a machine of two cores, two workers must not
// store less than one.
//
// Usage: bench_workers --redis URL --pg URL --binary PORTHOLE [--messages N] [--runs N]
//                      [--workers 1,2,4] [--count N]
// The PostgreSQL URL names a superuser's connection to an existing database (run-workers
// starts a server); databases bench_* are made and dropped on it.
#include "benchsupport.h"
#include "connectionfactory.h"
#include "databaseurl.h"
#include "migrationrunner.h"
#include "redisclient.h"
#include "redisurl.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

#include <csignal>
#include <libpq-fe.h>
#include <map>
#include <memory>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace porthole::bench;

namespace {

QByteArray payloadFor(qint64 n)
{
    return "Message #" + QByteArray::number(n) +
           ": order 4711 packed at station 3, weight 12.5 kg, carrier parcel-express";
}

class Bench
{
public:
    Bench(RedisUrl redis, DatabaseUrl admin, QString binary, qint64 messages, int count)
        : m_redisUrl(std::move(redis))
        , m_admin(std::move(admin))
        , m_binary(std::move(binary))
        , m_messages(messages)
        , m_count(count)
    {
        if (Status connected = m_redis.connect(m_redisUrl); !connected)
            fail(connected.errorMessage());
    }

    double copyRun(int run)
    {
        const DatabaseUrl url = freshDatabase(u"bench_copy_%1"_s.arg(run));
        const QByteArray conninfo = libpqConninfo(url);
        PGconn *conn = PQconnectdb(conninfo.constData());
        if (PQstatus(conn) != CONNECTION_OK)
            fail(QString::fromUtf8(PQerrorMessage(conn)));
        // The rows are made before the clock starts, as the stream is filled before the
        // workers start.
        QByteArray rows;
        rows.reserve(m_messages * 160);
        const QByteArray time =
            QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).toUtf8();
        for (qint64 n = 1; n <= m_messages; ++n)
            rows += QByteArray::number(n) + '\t' + payloadFor(n) + '\t' + time +
                    "\tstream:bench:" + QByteArray::number(n) + "-0\tbench\n";

        const auto start = Clock::now();
        exec(conn, "BEGIN");
        PGresult *result = PQexec(conn, "COPY messages (message_number, content, timestamp, "
                                        "delivery_key, source) FROM STDIN");
        if (PQresultStatus(result) != PGRES_COPY_IN)
            fail(QString::fromUtf8(PQerrorMessage(conn)));
        PQclear(result);
        constexpr qsizetype chunk = 1 << 20;
        for (qsizetype at = 0; at < rows.size(); at += chunk) {
            const int size = int(std::min(chunk, rows.size() - at));
            if (PQputCopyData(conn, rows.constData() + at, size) != 1)
                fail(QString::fromUtf8(PQerrorMessage(conn)));
        }
        if (PQputCopyEnd(conn, nullptr) != 1)
            fail(QString::fromUtf8(PQerrorMessage(conn)));
        result = PQgetResult(conn);
        if (PQresultStatus(result) != PGRES_COMMAND_OK)
            fail(QString::fromUtf8(PQerrorMessage(conn)));
        PQclear(result);
        exec(conn, "COMMIT");
        const double seconds = secondsSince(start);
        PQfinish(conn);
        if (const qint64 stored = countMessages(url); stored != m_messages)
            fail(u"COPY stored %1 rows, not %2"_s.arg(stored).arg(m_messages));
        dropDatabase(url);
        return m_messages / seconds;
    }

    double workersRun(int workers, int run)
    {
        const DatabaseUrl url = freshDatabase(u"bench_w%1_%2"_s.arg(workers).arg(run));
        const QByteArray key =
            "bench:" + QByteArray::number(workers) + ':' + QByteArray::number(run);
        m_redis.command({"DEL", key});
        for (qint64 from = 1; from <= m_messages; from += 1000) {
            QList<QList<QByteArray>> commands;
            for (qint64 n = from; n < std::min(m_messages + 1, from + 1000); ++n)
                commands.append({"XADD", key, "*", "payload", payloadFor(n)});
            if (const auto replies = m_redis.pipeline(commands); !replies)
                fail(replies.errorMessage());
        }

        QSqlDatabase db = openCounter(url);
        QSqlQuery count(db);
        count.prepare(u"SELECT count(*) FROM messages"_s);
        std::vector<std::unique_ptr<QProcess>> processes;
        const auto start = Clock::now();
        for (int i = 0; i < workers; ++i) {
            auto process = std::make_unique<QProcess>();
            process->setProgram(m_binary);
            process->setArguments({u"ingest"_s, u"--redis"_s, m_redisUrl.toDisplayString(),
                                   u"--key"_s, QString::fromUtf8(key), u"--sink"_s,
                                   url.toDisplayString(), u"--count"_s, QString::number(m_count),
                                   u"--block-ms"_s, u"100"_s});
            process->setStandardOutputFile(QProcess::nullDevice());
            process->setStandardErrorFile(QProcess::nullDevice());
            process->start();
            if (!process->waitForStarted(30000))
                fail(u"cannot start %1"_s.arg(m_binary));
            processes.push_back(std::move(process));
        }
        qint64 stored = 0;
        while (stored < m_messages) {
            QThread::msleep(20); // a benchmark's own polling of the count, not a test's wait
            if (!count.exec() || !count.next())
                fail(count.lastError().text());
            stored = count.value(0).toLongLong();
            count.finish();
            for (const auto &process : processes) {
                if (process->state() == QProcess::NotRunning)
                    fail(u"a worker ended early (exit code %1)"_s.arg(process->exitCode()));
            }
            if (secondsSince(start) > 1800)
                fail(u"the workers stored %1 of %2 messages in 30 minutes"_s.arg(stored).arg(
                    m_messages));
        }
        const double seconds = secondsSince(start);
        for (const auto &process : processes)
            ::kill(pid_t(process->processId()), SIGTERM);
        for (const auto &process : processes)
            process->waitForFinished(60000);
        if (stored != m_messages)
            fail(u"the workers stored %1 rows, not %2"_s.arg(stored).arg(m_messages));
        db = {};
        QSqlDatabase::removeDatabase(u"bench-counter"_s);
        m_redis.command({"DEL", key});
        dropDatabase(url);
        return m_messages / seconds;
    }

private:
    static void exec(PGconn *conn, const char *sql)
    {
        PGresult *result = PQexec(conn, sql);
        if (PQresultStatus(result) != PGRES_COMMAND_OK)
            fail(QString::fromUtf8(PQerrorMessage(conn)));
        PQclear(result);
    }

    static QByteArray libpqConninfo(const DatabaseUrl &url)
    {
        return u"host=%1 port=%2 user=%3 dbname=%4"_s.arg(url.host())
            .arg(url.port())
            .arg(url.userName(), url.databaseName())
            .toUtf8();
    }

    DatabaseUrl withDatabase(const QString &name) const
    {
        auto url =
            DatabaseUrl::parse(u"postgresql://%1@%2:%3/%4"_s.arg(m_admin.userName(), m_admin.host())
                                   .arg(m_admin.port())
                                   .arg(name));
        if (!url)
            fail(url.errorMessage());
        return *url;
    }

    void adminExec(const QString &sql)
    {
        ConnectionFactory factory(m_admin);
        {
            auto db = factory.open(u"bench-admin"_s);
            if (!db)
                fail(db.errorMessage());
            QSqlQuery query(*db);
            if (!query.exec(sql))
                fail(query.lastError().text());
        }
        factory.close(u"bench-admin"_s);
    }

    DatabaseUrl freshDatabase(const QString &name)
    {
        adminExec(u"DROP DATABASE IF EXISTS %1"_s.arg(name));
        adminExec(u"CREATE DATABASE %1"_s.arg(name));
        const DatabaseUrl url = withDatabase(name);
        ConnectionFactory factory(url);
        {
            auto db = factory.open(u"bench-migrate"_s);
            if (!db)
                fail(db.errorMessage());
            if (auto migrated =
                    MigrationRunner(*db, *MigrationRunner::builtin(DatabaseUrl::Engine::PostgreSQL))
                        .up();
                !migrated)
                fail(migrated.errorMessage());
        }
        factory.close(u"bench-migrate"_s);
        return url;
    }

    QSqlDatabase openCounter(const DatabaseUrl &url)
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(url.driverName(), u"bench-counter"_s);
        db.setHostName(url.host());
        db.setPort(url.port());
        db.setUserName(url.userName());
        db.setDatabaseName(url.databaseName());
        if (!db.open())
            fail(db.lastError().text());
        return db;
    }

    qint64 countMessages(const DatabaseUrl &url)
    {
        qint64 stored = -1;
        {
            QSqlDatabase db = openCounter(url);
            QSqlQuery query(db);
            if (query.exec(u"SELECT count(*) FROM messages"_s) && query.next())
                stored = query.value(0).toLongLong();
        }
        QSqlDatabase::removeDatabase(u"bench-counter"_s);
        return stored;
    }

    void dropDatabase(const DatabaseUrl &url)
    {
        adminExec(u"DROP DATABASE IF EXISTS %1 WITH (FORCE)"_s.arg(url.databaseName()));
    }

    RedisUrl m_redisUrl;
    RedisClient m_redis;
    DatabaseUrl m_admin;
    QString m_binary;
    qint64 m_messages;
    int m_count;
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOptions({
        {u"redis"_s, u"Redis URL"_s, u"url"_s},
        {u"pg"_s, u"PostgreSQL URL of a superuser"_s, u"url"_s},
        {u"binary"_s, u"the porthole executable"_s, u"path"_s},
        {u"messages"_s, u"messages a drain"_s, u"n"_s, u"300000"_s},
        {u"runs"_s, u"runs of each"_s, u"n"_s, u"3"_s},
        {u"workers"_s, u"worker counts"_s, u"list"_s, u"1,2,4"_s},
        {u"count"_s, u"--count of each worker"_s, u"n"_s, u"1000"_s},
    });
    parser.process(app);
    const auto redis = RedisUrl::parse(parser.value(u"redis"_s));
    const auto pg = DatabaseUrl::parse(parser.value(u"pg"_s));
    if (!redis || !pg || parser.value(u"binary"_s).isEmpty())
        fail(u"give --redis, --pg and --binary"_s);
    const qint64 messages = parser.value(u"messages"_s).toLongLong();
    const int runs = parser.value(u"runs"_s).toInt();
    QList<int> workerCounts;
    for (const QString &part : parser.value(u"workers"_s).split(u','))
        workerCounts.append(part.toInt());

    Bench bench(*redis, *pg, parser.value(u"binary"_s), messages, parser.value(u"count"_s).toInt());
    out() << "bench_workers: " << messages << " messages a drain, " << runs
          << " runs, load average " << loadAverage() << Qt::endl;
    std::map<int, std::vector<double>> rates; // 0: COPY
    for (int run = 1; run <= runs; ++run) {
        const double copy = bench.copyRun(run);
        rates[0].push_back(copy);
        out() << "run " << run << ": copy " << qRound64(copy) << " rows/s" << Qt::endl;
        for (const int workers : workerCounts) {
            const double rate = bench.workersRun(workers, run);
            rates[workers].push_back(rate);
            out() << "run " << run << ": " << workers << " worker(s) " << qRound64(rate)
                  << " messages/s (load " << loadAverage() << ")" << Qt::endl;
        }
    }
    const double copy = median(rates[0]);
    out() << "median: copy " << qRound64(copy) << " rows/s" << Qt::endl;
    for (const int workers : workerCounts) {
        const double rate = median(rates[workers]);
        out() << "median: " << workers << " worker(s) " << qRound64(rate)
              << " messages/s, ratio to COPY " << QString::number(copy / rate, 'f', 2);
        if (workers != 1 && rates.count(1) != 0) {
            std::vector<double> toOne;
            for (size_t run = 0; run < rates[workers].size(); ++run)
                toOne.push_back(rates[workers][run] / rates[1][run]);
            const double ratio = median(toOne);
            out() << ", to 1 worker " << QString::number(ratio, 'f', 2);
            if (workers == 2)
                out() << " (target >= 1.00: " << (ratio >= 1.0 ? "met" : "not met") << ")";
        }
        out() << Qt::endl;
    }
    return 0;
}
