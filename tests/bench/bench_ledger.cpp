// The ledger of a day (readLedger(), by hour) over --messages stored messages of one stream,
// against its bare queries in the same run: the same range counts a period is made of (the
// messages, each sink's deliveries and the dead letters of each hour, and those of the five
// seconds after each hour's slot), run as plain statements.
//
// The rows (Porthole's migrated schema) are made once and kept: --messages messages of the
// stream `bench:orders` spread evenly over yesterday (UTC), 11,000 other rows (1,000 of them
// dead letters), the group sampled every 15 s (5,760 samples, each the count so far) and the
// receiver's heartbeat every 10 s; plus as many messages of another stream, which the counts
// must pass over. A later invocation with the same counts reuses them.
//
//   tests/bench/run-ledger --messages 10000000
#include "backloghistory.h"
#include "ledger.h"
#include "sqlbenchsupport.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSqlQuery>
#include <QSqlRecord>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace porthole::bench;

namespace {

const QString stream = u"bench:orders"_s;

// A time `secs` (an SQL expression of n) after `day` began.
QString timeAfter(SqlEngine engine, const QDateTime &day, const QString &secs)
{
    const QString start = timestampText(day);
    return engine == SqlEngine::SQLite
               ? u"strftime('%Y-%m-%d %H:%M:%f', '%1', '+' || (%2) || ' seconds')"_s.arg(start,
                                                                                         secs)
               : u"(TIMESTAMPTZ '%1+00' + (%2) * interval '1 second')"_s.arg(start, secs);
}

void fill(QSqlDatabase db, SqlEngine engine, const QString &table, const QString &into,
          const QString &select, qint64 rows)
{
    auto made = secondaryIndexes(db, engine, table);
    made.removeIf([](const auto &index) { return index.first.endsWith(u"_key"_s); });
    for (const auto &[name, sql] : made)
        exec(db, u"DROP INDEX "_s + name);
    exec(db, u"BEGIN"_s);
    exec(db, insertSeries(engine, into, select, rows));
    exec(db, u"COMMIT"_s);
    for (const auto &[name, sql] : made)
        exec(db, sql);
}

void generate(QSqlDatabase db, SqlEngine engine, const QDateTime &day, qint64 messages)
{
    if (engine == SqlEngine::PostgreSQL)
        exec(db, u"SET statement_timeout = 0"_s);
    const auto start = Clock::now();
    for (const QString &table : {u"messages"_s, u"ingest_deliveries"_s, u"port_messages"_s,
                                 u"backlog_samples"_s, u"system_health"_s})
        exec(db, u"DELETE FROM "_s + table);
    const qint64 dayMs = day.toMSecsSinceEpoch();
    // Message n of each stream at 86,400 s * n / messages; its entry id a millisecond later.
    const QString at = u"86400.0 * (n / 2) / %1"_s.arg(messages);
    fill(db, engine, u"messages"_s,
         u"INSERT INTO messages (message_number, content, timestamp, delivery_key, source) "_s,
         u"SELECT n, 'Message #' || n, "_s + timeAfter(engine, day, at) +
             u", CASE WHEN n % 2 = 0 THEN 'stream:bench:orders:' ELSE 'stream:bench:other:' END "
             "|| (%1 + 86400000 * (n / 2) / %2 + 1) || '-' || (n / 2 % 1000), CASE WHEN n % 2 = "
             "0 THEN 'bench:orders' ELSE 'bench:other' END FROM "_s.arg(dayMs)
                 .arg(messages),
         2 * messages);
    const QString json = engine == SqlEngine::SQLite ? QString() : u"::jsonb"_s;
    fill(db, engine, u"ingest_deliveries"_s,
         u"INSERT INTO ingest_deliveries (delivery_key, sink, stored_at, stored_id) "_s,
         u"SELECT 'stream:bench:orders:' || (%1 + 86400000 * n / 11000 + 2) || '-0', 'sql', "_s.arg(
             dayMs) +
             timeAfter(engine, day, u"86400.0 * n / 11000"_s) +
             u", CASE WHEN n % 11 = 0 THEN 'dead-' || n END FROM "_s,
         11000);
    fill(db, engine, u"port_messages"_s,
         u"INSERT INTO port_messages (port_name, source_component, target_component, "
         "message_data, status, created_at) "_s,
         u"SELECT 'bench:orders', 'redis', 'porthole-ingest', '{}'%1, 'dead_letter', "_s.arg(json) +
             timeAfter(engine, day, u"86400.0 * n / 1000"_s) + u" FROM "_s,
         1000);
    fill(db, engine, u"system_health"_s,
         u"INSERT INTO system_health (component_name, health_status, health_details, "
         "last_heartbeat) "_s,
         u"SELECT 'receiver:bench:orders/c1', 'healthy', '{\"group\": \"ingest\", "
         "\"started_at\": \"x\", \"duplicates\": 0, \"lost_at_source\": 0}'%1, "_s.arg(json) +
             timeAfter(engine, day, u"10 * n"_s) + u" FROM "_s,
         8640);
    QList<BacklogSample> samples;
    for (qint64 slot = 0; slot <= 5760; ++slot) {
        BacklogSample sample;
        sample.key = {BacklogKind::Group, stream, u"ingest"_s};
        sample.slot = day.addSecs(15 * slot);
        // What was added by the slot: the messages and the other rows (the dead letters among
        // them).
        sample.entriesAdded = (messages * slot + 5759) / 5760 + (11000 * slot + 5759) / 5760;
        sample.lag = 0;
        sample.pending = 0;
        samples << sample;
    }
    samples << BacklogSample{.key = {BacklogKind::Receiver, stream, u"c1"_s}, .slot = day};
    check(BacklogHistory(db).write(samples).ok(), u"the samples"_s);
    out() << "  generated in " << qint64(secondsSince(start)) << " s" << Qt::endl;
}

QString ms(double s)
{
    return QString::number(s * 1000, 'f', 1);
}

qint64 count(QSqlDatabase db, const QString &sql, const QVariantList &params)
{
    auto query = execQuery(db, sql, params, u"bench"_s);
    check(query.ok() && query->next(), query.errorMessage());
    return query->value(0).toLongLong();
}

// Every value of every row of `sql`, as a plain read.
qint64 readAll(QSqlDatabase db, const QString &sql, const QVariantList &params)
{
    auto query = execQuery(db, sql, params, u"bench"_s);
    check(query.ok(), query.errorMessage());
    const int columns = query->record().count();
    qint64 rows = 0;
    while (query->next()) {
        for (int i = 0; i < columns; ++i)
            query->value(i);
        ++rows;
    }
    return rows;
}

// The ledger's reads as plain statements: the group's samples of the day and the receiver's
// heartbeats (the hour before too), its range counts per hour (unless `kept`: its hours read
// from ledger_counts instead), and the five seconds after each hour's slot.
void bare(QSqlDatabase db, SqlEngine engine, const QDateTime &day, bool kept)
{
    readAll(db,
            u"SELECT slot, lag, pending, entries_added, length, processing FROM backlog_samples "
            "WHERE kind = 'group' AND source = ? AND group_name = ? AND slot >= ? AND slot < ? "
            "ORDER BY slot"_s,
            {stream, u"ingest"_s, timestampParam(day, engine),
             timestampParam(day.addDays(1).addSecs(3600), engine)});
    readAll(db,
            u"SELECT component_name, last_heartbeat, health_details FROM system_health "
            "WHERE component_name = ? AND last_heartbeat >= ? AND last_heartbeat < ? "
            "ORDER BY component_name, last_heartbeat"_s,
            {u"receiver:bench:orders/c1"_s, timestampParam(day.addSecs(-3600), engine),
             timestampParam(day.addDays(1), engine)});
    if (kept) {
        auto hours = execQuery(
            db,
            u"SELECT hour_start, messages, deliveries, lines, receiver_dead, "
            "moved_dead FROM ledger_counts WHERE kind = 'group' AND source = ? "
            "AND group_name = ? AND hour_start >= ? AND hour_start < ?"_s,
            {stream, u"ingest"_s, day.toSecsSinceEpoch(), day.addDays(1).toSecsSinceEpoch()},
            u"bench"_s);
        check(hours.ok(), hours.errorMessage());
        int read = 0;
        while (hours->next())
            ++read;
        check(read == 24, u"24 hours kept"_s);
    }
    for (int hour = 0; hour < 24; ++hour)
        for (const auto &[from, to] :
             {std::pair{day.addSecs(3600 * hour), day.addSecs(3600 * (hour + 1))},
              std::pair{day.addSecs(3600 * hour), day.addSecs(3600 * hour + 5)}}) {
            if (kept && to == day.addSecs(3600 * (hour + 1)))
                continue;
            const QVariant a = timestampParam(from, engine);
            const QVariant b = timestampParam(to, engine);
            count(db,
                  u"SELECT COUNT(*) FROM messages WHERE source = ? AND timestamp >= ? AND "
                  "timestamp < ?"_s,
                  {stream, a, b});
            for (const QString &sink : {u"sql"_s, u"file"_s})
                count(db,
                      u"SELECT COUNT(*) FROM ingest_deliveries WHERE sink = ? AND stored_at >= ? "
                      "AND stored_at < ? AND delivery_key >= ? AND delivery_key < ?"_s,
                      {sink, a, b, u"stream:bench:orders:"_s, u"stream:bench:orders;"_s});
            count(db,
                  u"SELECT COUNT(*) FROM port_messages WHERE port_name = ? AND created_at >= ? "
                  "AND created_at < ?"_s,
                  {stream, a, b});
        }
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"bench_ledger"_s);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOptions(
        {{u"db"_s, u"The database URL."_s, u"url"_s},
         {u"messages"_s, u"Messages of the stream in the day."_s, u"n"_s, u"10000000"_s},
         {u"runs"_s, u"Runs to take the median of."_s, u"n"_s, u"5"_s}});
    parser.process(app);
    const auto url = DatabaseUrl::parse(parser.value(u"db"_s));
    check(url.ok(), url.errorMessage());
    const qint64 messages = parser.value(u"messages"_s).toLongLong();
    const int runs = std::max(1, parser.value(u"runs"_s).toInt());
    out() << "load average before: " << loadAverage() << Qt::endl;

    const ConnectionFactory factory(*url);
    const QSqlDatabase db = openMigrated(factory, *url);
    const SqlEngine engine = engineOf(db);
    const QDateTime today(QDateTime::currentDateTimeUtc().date(), QTime(0, 0), Qt::UTC);
    const QDateTime day = today.addDays(-1);
    if (scalar(db, u"SELECT count(*) FROM messages"_s) != 2 * messages ||
        count(db, u"SELECT count(*) FROM backlog_samples WHERE slot = ?"_s,
              {timestampParam(day, engine)}) == 0)
        generate(db, engine, day, messages);
    if (engine == SqlEngine::PostgreSQL)
        exec(db, u"VACUUM ANALYZE"_s);

    // Counted: no hour kept. Then kept, as the sampler keeps them an hour after the day.
    exec(db, u"DELETE FROM ledger_counts"_s);
    const auto measure = [&](bool kept, std::vector<double> *bareTimes,
                             std::vector<double> *ledgerTimes) {
        Ledger last;
        for (int run = 0; run < runs; ++run) {
            auto start = Clock::now();
            bare(db, engine, day, kept);
            bareTimes->push_back(secondsSince(start));
            start = Clock::now();
            auto ledger = readLedger(db, {day, today, LedgerGrain::Hour, {}, {}});
            ledgerTimes->push_back(secondsSince(start));
            check(ledger.ok(), ledger.errorMessage());
            last = *ledger;
        }
        return last;
    };
    std::vector<double> ledgerTimes, bareTimes, keptLedgerTimes, keptBareTimes;
    const Ledger last = measure(false, &bareTimes, &ledgerTimes);
    auto keepStart = Clock::now();
    auto keptHours = keepLedgerCounts(db, today.addSecs(ledgerKeptAfter.count() + 10), stream, 24);
    const double keepSeconds = secondsSince(keepStart);
    check(keptHours.ok() && *keptHours == 24, keptHours.errorMessage());
    const Ledger kept = measure(true, &keptBareTimes, &keptLedgerTimes);
    check(kept.total.stored == last.total.stored &&
              kept.total.imbalance() == last.total.imbalance(),
          u"the same ledger counted and kept"_s);
    out() << u"%1 messages of the stream in a day, as many of another, %2 runs (load %3)"_s
                 .arg(messages)
                 .arg(runs)
                 .arg(loadAverage())
          << Qt::endl;
    out() << u"  bare range counts   %1 ms (best %2)"_s.arg(ms(median(bareTimes)),
                                                            ms(best(bareTimes)))
          << Qt::endl;
    out() << u"  the day's ledger    %1 ms (best %2)   ratio %3"_s
                 .arg(ms(median(ledgerTimes)), ms(best(ledgerTimes)))
                 .arg(median(ledgerTimes) / median(bareTimes), 0, 'f', 2)
          << Qt::endl;
    out() << u"  24 hours kept in    %1 ms (as the sampler keeps them, %2 an hour)"_s.arg(
                 ms(keepSeconds), ms(keepSeconds / 24))
          << Qt::endl;
    out() << u"  hours kept: bare    %1 ms (best %2)"_s.arg(ms(median(keptBareTimes)),
                                                            ms(best(keptBareTimes)))
          << Qt::endl;
    out() << u"  the day's ledger    %1 ms (best %2)   ratio %3"_s
                 .arg(ms(median(keptLedgerTimes)), ms(best(keptLedgerTimes)))
                 .arg(median(keptLedgerTimes) / median(keptBareTimes), 0, 'f', 2)
          << Qt::endl;
    out() << u"  added %1, stored %2, dead letters %3, periods %4, unbalanced %5"_s
                 .arg(last.total.added.value_or(-1))
                 .arg(last.total.stored)
                 .arg(last.total.deadLetters)
                 .arg(last.periods.size())
                 .arg(last.unbalancedCount())
          << Qt::endl;
    return 0;
}
