// Retention beside ingest: how long the worker's writes stall while a large retention run
// deletes old metrics, against the same writes with nothing else running (the baseline, in the
// same run), and against one plain DELETE of the same rows (what a run in one statement would
// hold the writer up for).
//
//   bench_retention --db URL [--rows N] [--seconds S] [--batch N] [--span-days D]
//
// The table is filled with N component_metrics rows 31 to 31 + D days old (D = 59: up to 90;
// 100 series, spread evenly over the span, so each delete touches buckets of its own; a shorter
// span packs more values into each series' minute and hour) and 10,000 recent ones that stay. The
// writer is the worker's own path: openIngestSink() on a thread of its own, groups of 100
// deliveries at --rate messages a second (5,000 by default), each write timed. Phases: the writer
// alone for S seconds; the writer while applyRetention() runs (batches of --batch rows, each its
// own transaction); then a refill of a tenth of N and one DELETE of it with the writer running,
// scaled up.
#include "benchsupport.h"
#include "connectionfactory.h"
#include "ingestsink.h"
#include "migrationrunner.h"
#include "retention.h"
#include "sqlbenchsupport.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace porthole::bench;

namespace {

// Rows of component_metrics `first` to `first + count - 1` of `total`, spread evenly over the
// `days` days that end 31 days before `now`: row n at n/total of the span.
QString insertOld(SqlEngine engine, qint64 first, qint64 count, qint64 total, int days,
                  const QDateTime &now)
{
    const bool lite = engine == SqlEngine::SQLite;
    const QString n = u"(n + "_s + QString::number(first) + u")"_s;
    const QString id =
        lite ? u"printf('00000000-0000-4000-8000-%012x', "_s + n + u")"_s
             : u"('00000000-0000-4000-8000-' || lpad(to_hex("_s + n + u"), 12, '0'))::uuid"_s;
    const QString name = lite ? u"printf('m%02d', "_s + n + u" % 100)"_s
                              : u"'m' || lpad(("_s + n + u" % 100)::text, 2, '0')"_s;
    const qint64 end = now.addDays(-31).toSecsSinceEpoch();
    const QString span = QString::number(qint64(days) * 86400);
    const QString at = QString::number(end) + u" - "_s + span + u" + "_s + n + u" * "_s + span +
                       u" / "_s + QString::number(std::max<qint64>(total, 1));
    const QString time = lite ? u"strftime('%Y-%m-%d %H:%M:%f', "_s + at + u", 'unixepoch')"_s
                              : u"to_timestamp("_s + at + u")"_s;
    const QString select = u"SELECT "_s + id + u", 'bench', "_s + name + u", (" + n +
                           u" * 7919 % 1000) / 10.0, 'ms', "_s + time;
    const QString insert = u"INSERT INTO component_metrics (id, component_name, metric_name, "
                           "metric_value, metric_unit, timestamp) "_s;
    const QString last = QString::number(count - 1);
    if (lite)
        return u"WITH RECURSIVE seq(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM seq WHERE n < "_s +
               last + u") "_s + insert + select + u" FROM seq"_s;
    return insert + select + u" FROM generate_series(0::bigint, "_s + last + u") AS n"_s;
}

void fill(const DatabaseUrl &url, qint64 rows, int days, const QDateTime &now)
{
    const ConnectionFactory factory(url);
    auto db = factory.open(u"fill"_s);
    check(db.ok(), db.errorMessage());
    check(MigrationRunner(*db, *MigrationRunner::builtin(url.engine())).up().ok(), u"migrate"_s);
    const SqlEngine engine = engineOf(*db);
    if (engine == SqlEngine::PostgreSQL)
        exec(*db, u"SET statement_timeout = 0"_s);
    const auto start = Clock::now();
    // In slices, so that neither engine holds a ten-million-row transaction.
    const qint64 slice = 500000;
    for (qint64 first = 0; first < rows; first += slice) {
        exec(*db, u"BEGIN"_s);
        exec(*db, insertOld(engine, first, std::min(slice, rows - first), rows, days, now));
        exec(*db, u"COMMIT"_s);
    }
    // 10,000 recent rows, which retention keeps.
    exec(*db, u"BEGIN"_s);
    exec(*db, insertOld(engine, rows, 10000, rows + 10000, days, now.addDays(60)));
    exec(*db, u"COMMIT"_s);
    exec(*db, u"ANALYZE"_s);
    out() << "  filled " << rows << " old rows and 10000 recent ones in "
          << qint64(secondsSince(start)) << " s" << Qt::endl;
}

// The worker's writes, timed, until stopped.
struct Writer
{
    QString url;
    int rate = 5000; // messages a second, in groups of 100 (0: as fast as it can)
    std::atomic<bool> stop{false};
    std::atomic<qint64> written{0};
    QList<double> latenciesMs;
    QString error;

    void run(const QString &phase)
    {
        auto opened = openIngestSink({.url = url,
                                      .databaseUrl = {},
                                      .connection = {},
                                      .maxPayloadBytes = defaultMaxPayloadBytes});
        if (!opened.sink) {
            error = opened.error;
            return;
        }
        qint64 n = 0;
        const auto every = std::chrono::microseconds(rate > 0 ? 100'000'000 / rate : 0);
        auto next = Clock::now();
        while (!stop.load()) {
            if (rate > 0) { // paced as a receiver is by what arrives
                std::this_thread::sleep_until(next);
                next += every;
            }
            QList<Delivery> group;
            for (int i = 0; i < 100; ++i, ++n)
                group.append({.key = u"bench:%1:%2"_s.arg(phase).arg(n),
                              .source = u"bench"_s,
                              .payload = R"({"reading": 42, "unit": "ms"})",
                              .fieldsAsJson = false,
                              .receivedAt = QDateTime::currentDateTimeUtc(),
                              .deliveryCount = 1,
                              .deadReason = {}});
            const auto start = Clock::now();
            auto outcome = opened.sink->write(group);
            latenciesMs.append(secondsSince(start) * 1000);
            if (!outcome) {
                error = outcome.errorMessage();
                return;
            }
            written += group.size();
        }
    }
};

struct Stalls
{
    double median = 0;
    double p99 = 0;
    double max = 0;
    qint64 writes = 0;
    QString writerError; // why the writer gave up (a lock held past its busy timeout)
};

Stalls stallsOf(QList<double> ms)
{
    if (ms.isEmpty())
        return {};
    std::sort(ms.begin(), ms.end());
    return {.median = ms.at(ms.size() / 2),
            .p99 = ms.at(std::min<qsizetype>(ms.size() - 1, ms.size() * 99 / 100)),
            .max = ms.last(),
            .writes = ms.size()};
}

void report(const char *phase, const Stalls &s, double seconds)
{
    out() << "  " << phase << ": " << s.writes << " writes of 100 in "
          << QString::number(seconds, 'f', 1) << " s; write time median "
          << QString::number(s.median, 'f', 2) << " ms, p99 " << QString::number(s.p99, 'f', 2)
          << " ms, max " << QString::number(s.max, 'f', 1) << " ms" << Qt::endl;
}

// Runs `work` on this thread with the writer beside it; the writer's stalls.
template <typename Work>
Stalls besideWriter(const QString &url, int rate, const QString &phase, Work work)
{
    Writer writer;
    writer.url = url;
    writer.rate = rate;
    std::thread thread([&] { writer.run(phase); });
    const auto start = Clock::now();
    work();
    writer.stop = true;
    thread.join();
    Stalls stalls = stallsOf(writer.latenciesMs);
    stalls.writerError = writer.error;
    report(qPrintable(phase), stalls, secondsSince(start));
    if (!writer.error.isEmpty())
        out() << "  the writer gave up: " << writer.error << Qt::endl;
    return stalls;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOptions(
        {{u"db"_s, u"The database URL."_s, u"url"_s},
         {u"rows"_s, u"Old rows to delete (default 10000000)."_s, u"n"_s},
         {u"seconds"_s, u"The baseline's length (default 20)."_s, u"s"_s},
         {u"batch"_s, u"Rows a retention batch deletes (default 5000)."_s, u"n"_s},
         {u"rate"_s, u"Messages a second the writer stores (default 5000; 0: flat out)."_s, u"n"_s},
         {u"batch-ms"_s, u"How long a batch may take (default 200)."_s, u"ms"_s},
         {u"span-days"_s, u"Days the old rows span (default 59)."_s, u"d"_s}});
    parser.process(app);
    auto url = DatabaseUrl::parse(parser.value(u"db"_s));
    check(url.ok(), url.errorMessage());
    const qint64 rows = parser.isSet(u"rows"_s) ? parser.value(u"rows"_s).toLongLong() : 10000000;
    const int seconds = parser.isSet(u"seconds"_s) ? parser.value(u"seconds"_s).toInt() : 20;
    const int batch = parser.isSet(u"batch"_s) ? parser.value(u"batch"_s).toInt() : 5000;
    const int rate = parser.isSet(u"rate"_s) ? parser.value(u"rate"_s).toInt() : 5000;
    const int batchMsTarget =
        parser.isSet(u"batch-ms"_s) ? parser.value(u"batch-ms"_s).toInt() : 200;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QString sinkUrl = parser.value(u"db"_s);

    out() << "== retention of " << rows << " rows beside the worker's writes ("
          << url->toDisplayString() << ", batches of " << batch << ")" << Qt::endl;
    const int days = parser.isSet(u"span-days"_s) ? parser.value(u"span-days"_s).toInt() : 59;
    check(days >= 1 && days <= 59, u"--span-days is 1 to 59"_s);
    fill(*url, rows, days, now);

    const Stalls alone = besideWriter(sinkUrl, rate, u"baseline (the writer alone)"_s, [&] {
        std::this_thread::sleep_for(std::chrono::seconds(seconds));
    });
    check(alone.writerError.isEmpty(), u"the writer alone failed"_s);

    const ConnectionFactory factory(*url);
    auto opened = factory.open(u"retention"_s);
    check(opened.ok(), opened.errorMessage());
    QSqlDatabase db = std::move(opened).value();
    // The raw DELETE below (and its fill) take longer than a browsing statement may.
    if (engineOf(db) == SqlEngine::PostgreSQL)
        exec(db, u"SET statement_timeout = 0"_s);
    const RetentionRules rules{.componentMetricsDays = 30,
                               .portMetricsDays = 0,
                               .completedMessagesDays = 0,
                               .checkpointsPerComponent = 0};
    auto plan = previewRetention(db, rules, now);
    check(plan.ok(), plan.errorMessage());
    check(plan->componentMetrics == rows,
          u"the preview counts %1 rows, not %2"_s.arg(plan->componentMetrics).arg(rows));
    double slowestBatchMs = 0;
    double firstBatchMs = 0;
    QList<double> batchMs;
    QList<qint64> batchRows;
    qint64 deletedSoFar = 0;
    auto batchStart = Clock::now();
    double retentionSeconds = 0;
    const Stalls during = besideWriter(sinkUrl, rate, u"during retention"_s, [&] {
        const auto start = Clock::now();
        batchStart = start;
        auto applied = applyRetention(db, *plan,
                                      {.actor = u"bench"_s,
                                       .batchSize = batch,
                                       .batchTime = std::chrono::milliseconds(batchMsTarget),
                                       .progress = [&](const RetentionPlan &done) {
                                           const double ms = secondsSince(batchStart) * 1000;
                                           // The first also holds the check against the preview and
                                           // the audit entry.
                                           if (batchRows.isEmpty())
                                               firstBatchMs = ms;
                                           else
                                               slowestBatchMs = std::max(slowestBatchMs, ms);
                                           batchMs.append(ms);
                                           batchRows.append(done.total() - deletedSoFar);
                                           deletedSoFar = done.total();
                                           batchStart = Clock::now();
                                           return true;
                                       }});
        check(applied.ok(), applied.errorMessage());
        check(applied->componentMetrics == rows, u"deleted a different count"_s);
        retentionSeconds = secondsSince(start);
    });
    check(during.writerError.isEmpty(), u"the writer failed beside retention"_s);
    check(scalar(db, u"SELECT count(*) FROM component_metrics"_s) == 10000,
          u"the recent rows are not all there"_s);
    out() << "  retention: " << rows << " rows in " << QString::number(retentionSeconds, 'f', 1)
          << " s (" << qint64(rows / std::max(retentionSeconds, 0.001))
          << " rows/s); the first batch, with the check against the preview, "
          << QString::number(firstBatchMs, 'f', 1) << " ms; the slowest after it "
          << QString::number(slowestBatchMs, 'f', 1) << " ms" << Qt::endl;
    {
        QList<double> sorted = batchMs;
        std::sort(sorted.begin(), sorted.end());
        QList<qint64> sizes = batchRows;
        std::sort(sizes.begin(), sizes.end());
        out() << "  batches: " << sorted.size() << ", time median "
              << QString::number(sorted.value(sorted.size() / 2), 'f', 1) << " ms, p99 "
              << QString::number(sorted.value(sorted.size() * 99 / 100), 'f', 1)
              << " ms; rows median " << sizes.value(sizes.size() / 2) << ", max "
              << sizes.value(sizes.size() - 1) << Qt::endl;
    }

    // The raw operation: one DELETE of a tenth as many rows, the writer beside it.
    const qint64 tenth = std::max<qint64>(rows / 10, 1);
    exec(db, u"BEGIN"_s);
    exec(db, insertOld(engineOf(db), 0, tenth, tenth, days, now));
    exec(db, u"COMMIT"_s);
    double deleteSeconds = 0;
    const Stalls oneDelete = besideWriter(sinkUrl, rate, u"one DELETE of a tenth"_s, [&] {
        const auto start = Clock::now();
        exec(db, u"DELETE FROM component_metrics WHERE timestamp < "_s +
                     (engineOf(db) == SqlEngine::SQLite
                          ? u"'"_s + now.addDays(-30).toString(u"yyyy-MM-dd HH:mm:ss"_s) + u"'"_s
                          : u"'"_s + now.addDays(-30).toString(Qt::ISODate) + u"'"_s));
        deleteSeconds = secondsSince(start);
    });
    out() << "  one DELETE: " << tenth << " rows in " << QString::number(deleteSeconds, 'f', 1)
          << " s" << Qt::endl;

    out() << "RESULT retention rows=" << rows
          << " seconds=" << QString::number(retentionSeconds, 'f', 1)
          << " writer_max_ms alone=" << QString::number(alone.max, 'f', 1)
          << " during=" << QString::number(during.max, 'f', 1)
          << " ratio=" << QString::number(during.max / std::max(alone.max, 0.001), 'f', 1)
          << " writer_p99_ms alone=" << QString::number(alone.p99, 'f', 2)
          << " during=" << QString::number(during.p99, 'f', 2)
          << " ratio=" << QString::number(during.p99 / std::max(alone.p99, 0.001), 'f', 1)
          << " one_delete_max_ms=" << QString::number(oneDelete.max, 'f', 1) << " (of " << tenth
          << " rows" << (oneDelete.writerError.isEmpty() ? "" : "; the writer gave up") << ")"
          << Qt::endl;
    db = QSqlDatabase(); // the last handle, before the connection goes
    factory.close(u"retention"_s);
    return 0;
}
