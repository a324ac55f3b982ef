// The backlog history charted in Metrics: a week of 15-s samples of --groups consumer groups
// and --ports ports (50 and 500: 22,176,000 rows), read as the Metrics pane reads a week at
// 1,600 pixels (readMetricPoints: the raw samples first, up to what the plot draws, then
// buckets of one width in SQL), for one series and for four, against the bare bucketed
// statement of each series run by itself, in the same run.
//
// The rows (Porthole's migrated schema) are made once and kept; a later invocation with the
// same counts reuses them.
//
//   tests/bench/run-backlogseries --groups 50 --ports 500
#include "backlogseries.h"
#include "metricsloader.h"
#include "sqlbenchsupport.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace porthole::bench;

namespace {

constexpr qint64 slotsPerWeek = 7 * 86400 / 15; // 40,320
const QDateTime weekStart(QDate(2026, 11, 16), QTime(0, 0), QTimeZone::utc());

void generate(QSqlDatabase db, SqlEngine engine, int groups, int ports)
{
    if (engine == SqlEngine::PostgreSQL)
        exec(db, u"SET statement_timeout = 0"_s);
    const auto start = Clock::now();
    const bool lite = engine == SqlEngine::SQLite;
    // Backlog b = n / slots, its slot n % slots: each backlog's rows in the order of the key.
    const QString slot = lite ? u"strftime('%Y-%m-%d %H:%M:%f', '%1', '+' || (15 * (n % %2)) "
                                "|| ' seconds')"_s.arg(weekStart.toString(u"yyyy-MM-dd HH:mm:ss"_s))
                                    .arg(slotsPerWeek)
                              : u"TIMESTAMPTZ '%1+00' + (15 * (n % %2)) * interval '1 second'"_s
                                    .arg(weekStart.toString(u"yyyy-MM-dd HH:mm:ss"_s))
                                    .arg(slotsPerWeek);
    const QString backlog = u"(n / %1)"_s.arg(slotsPerWeek);
    auto made = secondaryIndexes(db, engine, u"backlog_samples"_s);
    // The unique key's index stays: it goes with its constraint.
    made.removeIf([](const auto &index) { return index.first != u"idx_backlog_samples_slot"_s; });
    for (const auto &[name, sql] : made)
        exec(db, u"DROP INDEX "_s + name);
    exec(db, u"DELETE FROM backlog_samples"_s);
    exec(db, u"BEGIN"_s);
    exec(db, insertSeries(
                 engine,
                 u"INSERT INTO backlog_samples (slot, kind, source, group_name, lag, pending, "
                 "oldest_ms, consumers, length, processing, failed, dead_letters) "_s,
                 u"SELECT %1, CASE WHEN %2 < %3 THEN 'group' ELSE 'port' END, "
                 "CASE WHEN %2 < %3 THEN 'stream-' || (%2 % 10) ELSE 'port-' || %2 END, "
                 "CASE WHEN %2 < %3 THEN 'group-' || %2 ELSE '' END, "
                 "CASE WHEN %2 < %3 THEN (n * 7) % 5000 END, (n * 13) % 3000, (n * 17) % 60000, "
                 "CASE WHEN %2 < %3 THEN 4 END, CASE WHEN %2 < %3 THEN 100000 END, "
                 "CASE WHEN %2 >= %3 THEN n % 7 END, CASE WHEN %2 >= %3 THEN n % 3 END, "
                 "CASE WHEN %2 >= %3 THEN (n / 1000) % 50 END FROM "_s.arg(slot, backlog)
                     .arg(groups),
                 slotsPerWeek * (groups + ports)));
    exec(db, u"COMMIT"_s);
    for (const auto &[name, sql] : made)
        exec(db, sql);
    if (engine == SqlEngine::PostgreSQL)
        exec(db, u"ANALYZE backlog_samples"_s);
    out() << "  generated in " << qint64(secondsSince(start)) << " s" << Qt::endl;
}

QString ms(double s)
{
    return QString::number(s * 1000, 'f', 1);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"bench_backlogseries"_s);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOptions({{u"db"_s, u"The database URL."_s, u"url"_s},
                       {u"groups"_s, u"Consumer groups."_s, u"n"_s, u"50"_s},
                       {u"ports"_s, u"Ports."_s, u"n"_s, u"500"_s},
                       {u"pixels"_s, u"The plot's width."_s, u"n"_s, u"1600"_s},
                       {u"runs"_s, u"Runs to take the median of."_s, u"n"_s, u"11"_s}});
    parser.process(app);
    const auto url = DatabaseUrl::parse(parser.value(u"db"_s));
    check(url.ok(), url.errorMessage());
    const int groups = parser.value(u"groups"_s).toInt();
    const int ports = parser.value(u"ports"_s).toInt();
    const int runs = std::max(1, parser.value(u"runs"_s).toInt());
    out() << "load average before: " << loadAverage() << Qt::endl;

    const ConnectionFactory factory(*url);
    const QSqlDatabase db = openMigrated(factory, *url);
    const SqlEngine engine = engineOf(db);
    const qint64 rows = slotsPerWeek * (groups + ports);
    if (scalar(db, u"SELECT count(*) FROM backlog_samples"_s) != rows)
        generate(db, engine, groups, ports);

    const BacklogKey group{BacklogKind::Group, u"stream-%1"_s.arg((groups / 2) % 10),
                           u"group-%1"_s.arg(groups / 2)};
    const BacklogKey port{BacklogKind::Port, u"port-%1"_s.arg(groups + ports / 2), u""_s};
    const QList<MetricSeries> four{
        backlogMetricSeries({group, u"lag"_s}), backlogMetricSeries({group, u"pending"_s}),
        backlogMetricSeries({port, u"pending"_s}), backlogMetricSeries({port, u"dead_letters"_s})};
    const MetricsRepository repository(db);
    MetricsRequest request;
    request.kind = MetricsRequest::Kind::Points;
    request.from = weekStart;
    request.to = weekStart.addDays(7);
    request.pixels = parser.value(u"pixels"_s).toInt();
    std::vector<double> one, all, bareOne, bareAll;
    qint64 width = 0;
    qsizetype points = 0;
    for (int run = 0; run < runs; ++run) {
        for (const bool many : {false, true}) {
            request.series = many ? four : four.mid(0, 1);
            auto start = Clock::now();
            const MetricsAnswer answer = readMetricPoints(repository, request);
            (many ? all : one).push_back(secondsSince(start));
            check(answer.ok, answer.error.message);
            width = answer.bucketSeconds;
            points = answer.data.constFirst().points.size();
            // Bare: each series' bucketed statement at the width chosen, stepped to its end.
            start = Clock::now();
            for (const MetricSeries &series : std::as_const(request.series)) {
                auto statement = BacklogSeries::pointsStatement(
                    engine, {series, request.from, request.to, width, 100000});
                check(statement.ok(), statement.errorMessage());
                auto query = execQuery(db, statement->sql, statement->params, u"bench"_s);
                check(query.ok(), query.errorMessage());
                while (query->next()) {
                }
            }
            (many ? bareAll : bareOne).push_back(secondsSince(start));
        }
    }
    out() << u"%1 rows (%2 groups, %3 ports, a week of 15-s samples), %4 runs (load %5)"_s.arg(rows)
                 .arg(groups)
                 .arg(ports)
                 .arg(runs)
                 .arg(loadAverage())
          << Qt::endl;
    out() << u"  buckets of %1 s, %2 points a series"_s.arg(width).arg(points) << Qt::endl;
    out() << u"  one series:   chart read %1 ms (best %2), bare %3 ms, ratio %4"_s
                 .arg(ms(median(one)), ms(best(one)), ms(median(bareOne)))
                 .arg(median(one) / median(bareOne), 0, 'f', 2)
          << Qt::endl;
    out() << u"  four series:  chart read %1 ms (best %2), bare %3 ms, ratio %4"_s
                 .arg(ms(median(all)), ms(best(all)), ms(median(bareAll)))
                 .arg(median(all) / median(bareAll), 0, 'f', 2)
          << Qt::endl;
    return 0;
}
