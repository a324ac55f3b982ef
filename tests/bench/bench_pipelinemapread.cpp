// The pipeline map's read (readPipelineMap: every port's figures from ranges of indexes) on a
// large port_messages of many ports, against the scan a console without those indexes would
// run for the same figures (one GROUP BY over the table) in the same run.
//
// The rows (Porthole's migrated schema) are made once, one INSERT ... SELECT with the
// secondary indexes dropped and built after, and kept: a later invocation with the same
// --rows and --ports reuses them. Over 7 days up to now, 97% completed, 2% pending and 1%
// processing, each port between two of --components components.
//
//   tests/bench/run-pipelinemapread --rows 1000000 --ports 500 --components 200
#include "connectionfactory.h"
#include "migrationrunner.h"
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
    auto db = factory.open(u"bench"_s);
    check(db.ok(), db.errorMessage());
    MigrationRunner runner(*db, *MigrationRunner::builtin(url->engine()));
    const auto migrated = runner.up();
    check(migrated.ok(), migrated.errorMessage());
    const SqlEngine engine = engineOf(*db);
    if (scalar(*db, u"SELECT count(*) FROM port_messages"_s) != rows ||
        scalar(*db, u"SELECT count(DISTINCT port_name) FROM port_messages"_s) != ports)
        generate(*db, engine, rows, ports, components);

    // The scan: the same figures by one GROUP BY over every row.
    const QString scan = u"SELECT port_name, status, count(*), min(created_at) FROM "
                         "port_messages GROUP BY port_name, status"_s;
    std::vector<double> scanned;
    std::vector<double> read;
    qsizetype portsRead = 0;
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
    }
    check(portsRead == ports, u"the map read %1 ports of %2"_s.arg(portsRead).arg(ports));
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
