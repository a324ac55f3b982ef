// The pipeline map's read (readPipelineMap: every port's figures from ranges of indexes) on a
// large port_messages of many ports, against the scan a console without those indexes would
// run for the same figures (one GROUP BY over the table) in the same run.
//
// The rows (Porthole's migrated schema) are made once, one INSERT ... SELECT with the
// secondary indexes dropped and built after, and kept: a later invocation with the same
// --rows and --ports reuses them. Over 7 days up to now, 97% completed, 2% pending and 1%
// processing, each port between two of --components components. Beside them, made anew each
// invocation (their times are relative to now): each port's counters in port_metrics every
// 10 s around now (720 rows a port), and 20 versions of a checkpoint of each
// component, what the map reads its rates and last checkpoints from.
//
//   tests/bench/run-pipelinemapread --rows 1000000 --ports 500 --components 200
#include "pipelinemap.h"
#include "sqlbenchsupport.h"

#include <QCommandLineParser>
#include <QCoreApplication>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace porthole::bench;

namespace {

QString insertRows(SqlEngine engine, qint64 rows, int ports, int components)
{
    const bool lite = engine == SqlEngine::SQLite;
    const QString port = u"(n % %1)"_s.arg(ports);
    // A port's ends: neighbouring components, the port's number spread over them.
    const QString source =
        u"'component-' || (%1 * %2 / %3)"_s.arg(port).arg(components - 1).arg(ports);
    const QString target =
        u"'component-' || (%1 * %2 / %3 + 1)"_s.arg(port).arg(components - 1).arg(ports);
    const QString status = u"CASE WHEN n % 100 < 2 THEN 'pending' WHEN n % 100 < 3 THEN "
                           "'processing' ELSE 'completed' END"_s;
    // From 7 days ago to now, in order of n.
    const QString spanSecs = u"604800.0 * n / %1"_s.arg(rows);
    const QString at =
        lite ? u"strftime('%Y-%m-%d %H:%M:%f', 'now', '-7 days', '+' || ("_s + spanSecs +
                   u") || ' seconds')"_s
             : u"now() - interval '7 days' + ("_s + spanSecs + u") * interval '1 second'"_s;
    const QString select = u"SELECT 'port-' || "_s + port + u", "_s + source + u", "_s + target +
                           (lite ? u", '{}', "_s : u", '{}'::jsonb, "_s) + status + u", "_s + at +
                           u" FROM "_s;
    const QString into = u"INSERT INTO port_messages (port_name, source_component, "
                         "target_component, message_data, status, created_at) "_s;
    return insertSeries(engine, into, select, rows);
}

void generate(QSqlDatabase db, SqlEngine engine, qint64 rows, int ports, int components)
{
    if (engine == SqlEngine::PostgreSQL)
        exec(db, u"SET statement_timeout = 0"_s);
    const auto start = Clock::now();
    const auto made = secondaryIndexes(db, engine, u"port_messages"_s);
    const auto triggers = sqliteTriggers(db, engine, u"port_messages"_s);
    for (const auto &[name, sql] : triggers)
        exec(db, u"DROP TRIGGER "_s + name);
    for (const auto &[name, sql] : made)
        exec(db, u"DROP INDEX "_s + name);
    exec(db, u"DELETE FROM port_messages"_s);
    if (engine == SqlEngine::SQLite)
        exec(db,
             u"INSERT INTO port_messages_search (port_messages_search) VALUES ('delete-all')"_s);
    exec(db, u"BEGIN"_s);
    exec(db, insertRows(engine, rows, ports, components));
    exec(db, u"COMMIT"_s);
    for (const auto &[name, sql] : made)
        if (!name.contains(u"search"_s)) // the search index is not the map's: left out
            exec(db, sql);
    out() << "  generated in " << qint64(secondsSince(start)) << " s" << Qt::endl;
}

// Each port's counters every 10 s from 2 hours ago to 10 minutes ahead (the newest the highest,
// 4 a second; ahead, so that the runs, a minute or more on PostgreSQL, read a counter as fresh
// at the last as at the first),
// and 20 checkpoint versions a minute apart of each component, the last the latest: what the
// map reads its rates and last checkpoints from.
void generateCountersAndCheckpoints(QSqlDatabase db, SqlEngine engine, int ports, int components)
{
    const bool lite = engine == SqlEngine::SQLite;
    const auto ago = [lite](const QString &secs) {
        return lite ? u"strftime('%Y-%m-%d %H:%M:%f', 'now', (-(%1)) || ' seconds')"_s.arg(secs)
                    : u"now() - (%1) * interval '1 second'"_s.arg(secs);
    };
    exec(db, u"DELETE FROM port_metrics"_s);
    exec(db, u"DELETE FROM checkpoints"_s);
    exec(db, u"BEGIN"_s);
    constexpr int perPort = 720;
    const QString step = u"(n / %1)"_s.arg(ports); // 0: the newest
    exec(db,
         insertSeries(engine,
                      u"INSERT INTO port_metrics (port_name, messages_sent, "
                      "messages_received, timestamp) "_s,
                      u"SELECT 'port-' || (n % "_s + QString::number(ports) +
                          u"), (%1 - "_s.arg(perPort) + step + u") * 40, (%1 - "_s.arg(perPort) +
                          step + u") * 40, "_s + ago(u"10 * "_s + step + u" - 600"_s) + u" FROM "_s,
                      qint64(ports) * perPort));
    constexpr int versions = 20;
    const QString version = u"(n % %1)"_s.arg(versions); // 19: the latest
    exec(db,
         insertSeries(engine,
                      u"INSERT INTO checkpoints (checkpoint_name, component_name, "
                      "checkpoint_data, version, is_latest, created_at) "_s,
                      u"SELECT 'state-' || (n / %1), 'component-' || (n / %1), "_s.arg(versions) +
                          (lite ? u"'{}', "_s : u"'{}'::jsonb, "_s) + version + u" + 1, "_s +
                          version + u" = %1, "_s.arg(versions - 1) +
                          ago(u"60 * (%1 - "_s.arg(versions) + version + u")"_s) + u" FROM "_s,
                      qint64(components) * versions));
    exec(db, u"COMMIT"_s);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"bench_pipelinemapread"_s);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOptions({{u"db"_s, u"The database URL."_s, u"url"_s},
                       {u"rows"_s, u"Port messages."_s, u"n"_s, u"1000000"_s},
                       {u"ports"_s, u"Ports."_s, u"n"_s, u"500"_s},
                       {u"components"_s, u"Components."_s, u"n"_s, u"200"_s},
                       {u"runs"_s, u"Runs to take the median of."_s, u"n"_s, u"7"_s}});
    parser.process(app);
    const auto url = DatabaseUrl::parse(parser.value(u"db"_s));
    check(url.ok(), url.errorMessage());
    const qint64 rows = parser.value(u"rows"_s).toLongLong();
    const int ports = parser.value(u"ports"_s).toInt();
    const int components = parser.value(u"components"_s).toInt();
    const int runs = std::max(1, parser.value(u"runs"_s).toInt());
    out() << "load average before: " << loadAverage() << Qt::endl;

    const ConnectionFactory factory(*url);
    const QSqlDatabase database = openMigrated(factory, *url);
    const QSqlDatabase *db = &database;
    const SqlEngine engine = engineOf(*db);
    if (scalar(*db, u"SELECT count(*) FROM port_messages"_s) != rows ||
        scalar(*db, u"SELECT count(DISTINCT port_name) FROM port_messages"_s) != ports)
        generate(*db, engine, rows, ports, components);
    generateCountersAndCheckpoints(*db, engine, ports, components);
    check(scalar(*db, u"SELECT count(*) FROM port_metrics"_s) == qint64(ports) * 720,
          u"port_metrics not filled"_s);

    // The scan: the same figures by one GROUP BY over every row.
    const QString scan = u"SELECT port_name, status, count(*), min(created_at) FROM "
                         "port_messages GROUP BY port_name, status"_s;
    std::vector<double> scanned;
    std::vector<double> read;
    qsizetype portsRead = 0;
    qsizetype ratesReported = 0;
    qsizetype checkpointsRead = 0;
    for (int run = 0; run < runs; ++run) {
        auto start = Clock::now();
        QSqlQuery query(*db);
        query.setForwardOnly(true);
        check(query.exec(scan), query.lastError().text());
        while (query.next()) {
        }
        scanned.push_back(secondsSince(start));
        start = Clock::now();
        const auto map =
            readPipelineMap(*db, QDateTime::currentDateTimeUtc(), std::chrono::minutes(2));
        read.push_back(secondsSince(start));
        check(map.ok(), map.errorMessage());
        portsRead = map->ports.size();
        ratesReported = std::count_if(map->ports.cbegin(), map->ports.cend(),
                                      [](const MapPort &p) { return p.rateReported(); });
        checkpointsRead =
            std::count_if(map->components.cbegin(), map->components.cend(),
                          [](const MapComponent &c) { return c.lastCheckpoint.isValid(); });
    }
    check(portsRead == ports, u"the map read %1 ports of %2"_s.arg(portsRead).arg(ports));
    check(ratesReported == ports,
          u"%1 ports' rates from their counters, of %2"_s.arg(ratesReported).arg(ports));
    check(checkpointsRead > 0, u"no component's checkpoint read"_s);
    const auto ms = [](double s) -> QString {
        return QString::number(s * 1000, 'f', 1);
    };
    out() << u"%1 rows, %2 ports, %3 components, %4 runs (load %5)"_s.arg(rows)
                 .arg(ports)
                 .arg(components)
                 .arg(runs)
                 .arg(loadAverage())
          << Qt::endl;
    out() << u"  scan (GROUP BY)     %1 ms (best %2)"_s.arg(ms(median(scanned)), ms(best(scanned)))
          << Qt::endl;
    out() << u"  readPipelineMap     %1 ms (best %2)   ratio %3"_s
                 .arg(ms(median(read)), ms(best(read)))
                 .arg(median(read) / median(scanned), 0, 'f', 3)
          << Qt::endl;
    return 0;
}
