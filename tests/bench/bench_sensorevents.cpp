// The Sensor events pane's listings on large processed_events and metrics tables, against the
// plain first-page SQL of each table run directly with QSqlQuery, in the same run.
//
//   bench_sensorevents --db URL [--rows 1000000] [--sensors 20] [--runs 7]
//
// The tables (Porthole's migrated schema, which holds seed 003's tables as the seed defines
// them) are generated once, one INSERT ... SELECT each, and kept: a later invocation with the
// same --rows reuses them. No ANALYZE is run: a pipeline's own database has no statistics
// either. Event n belongs to sensor n % sensors; every 50th event has no metric, and every
// 1,000th reading is stamped before the one stored before it. In each run, each on new
// connections:
//   raw       the first 201 rows of one sensor's metrics by id, and of its processed_events in
//             the listing's order (rowid; PostgreSQL: processed_at, event_id), as plain SELECTs
//             of the tables' own columns;
//   page      the same first pages through SensorEventsRepository (with the joins and the
//             findings), and the sensors with their counts (up to SensorSummary::countCap);
//   sensors   the sensors' baseline, the plain skip scan of processed_events' sensor ids, and
//             the sensors with exact counts of both tables (the listing before it capped them);
//   tables    the Tables pane's reading of each table: its catalog entry, key and columns,
//             and its first 200 rows by primary key (SchemaBrowser);
//   model     SensorMetricModel and ProcessedEventModel made (every sensor, as the pane opens),
//             to their first rows in the model (the loader's thread and connection included),
//             then the sensor chosen, to its first rows; SensorListModel made, to its first rows.
// Medians of --runs runs; the load average before and after.

#include "benchsupport.h"
#include "connectionfactory.h"
#include "migrationrunner.h"
#include "schemabrowser.h"
#include "sensoreventmodels.h"
#include "sensoreventsrepository.h"
#include "sqlbenchsupport.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QSqlQuery>
#include <QTimer>

#include <map>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace porthole::bench;

namespace {

// The distinct sensor ids of processed_events, one index descent each.
const QString sensorIdsSql =
    u"WITH RECURSIVE s(v) AS (SELECT (SELECT sensor_id FROM processed_events ORDER BY sensor_id "
    "LIMIT 1) UNION ALL SELECT (SELECT sensor_id FROM processed_events WHERE sensor_id > s.v "
    "ORDER BY sensor_id LIMIT 1) FROM s WHERE s.v IS NOT NULL) "_s;

QString insertEvents(SqlEngine engine, qint64 rows, int sensors)
{
    const bool lite = engine == SqlEngine::SQLite;
    const QString at = lite ? u"strftime('%Y-%m-%d %H:%M:%f', 1793491200 + n / 10.0, "
                              "'unixepoch')"_s
                            : u"timestamptz '2026-11-01 00:00:00+00' + n * interval '100 "
                              "milliseconds'"_s;
    const QString select = u"SELECT 'evt-' || n, 'sensor-' || (n % "_s + QString::number(sensors) +
                           u"), "_s + at + u", n % 8, n FROM "_s;
    const QString into = u"INSERT INTO processed_events (event_id, sensor_id, processed_at, "
                         "kafka_partition, kafka_offset) "_s;
    return insertSeries(engine, into, select, rows);
}

QString insertMetrics(SqlEngine engine, qint64 rows, int sensors)
{
    const bool lite = engine == SqlEngine::SQLite;
    // Reading n is stamped n seconds in, but every 1,000th one a minute earlier.
    const QString stamp =
        lite ? u"strftime('%Y-%m-%d %H:%M:%f', 1793491200 + n - (CASE WHEN n % 1000 = 999 "
               "THEN 60 ELSE 0 END), 'unixepoch')"_s
             : u"timestamptz '2026-11-01 00:00:00+00' + (n - CASE WHEN n % 1000 = 999 THEN 60 "
               "ELSE 0 END) * interval '1 second'"_s;
    const QString select = u"SELECT 'sensor-' || (n % "_s + QString::number(sensors) +
                           u"), 'evt-' || n, "_s + stamp + u", n * 0.5 FROM "_s;
    const QString into = u"INSERT INTO metrics (sensor_id, event_id, timestamp, value) "_s;
    const QString last = QString::number(rows - 1);
    if (lite)
        return into +
               u"WITH RECURSIVE seq(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM seq "
               "WHERE n < "_s +
               last + u") "_s + select + u"seq WHERE n % 50 <> 49"_s;
    return into + select + u"generate_series(0::bigint, "_s + last + u") AS n WHERE n % 50 <> 49"_s;
}

void generate(QSqlDatabase db, SqlEngine engine, qint64 rows, int sensors)
{
    if (engine == SqlEngine::PostgreSQL) {
        exec(db, u"SET statement_timeout = 0"_s);
        exec(db, u"SET maintenance_work_mem = '512MB'"_s);
    }
    const auto start = Clock::now();
    for (const QString &table : {u"processed_events"_s, u"metrics"_s}) {
        const auto made = secondaryIndexes(db, engine, table);
        for (const auto &[name, sql] : made)
            exec(db, u"DROP INDEX "_s + name);
        exec(db, u"BEGIN"_s);
        exec(db, table == u"metrics"_s ? insertMetrics(engine, rows, sensors)
                                       : insertEvents(engine, rows, sensors));
        exec(db, u"COMMIT"_s);
        for (const auto &[name, sql] : made)
            exec(db, sql);
    }
    out() << "  generated in " << qint64(secondsSince(start)) << " s" << Qt::endl;
}

// Waits for the model's first rows (or its error); seconds.
double firstRows(PagedTableModel &model)
{
    const auto start = Clock::now();
    QEventLoop loop;
    QTimer timeout;
    timeout.setSingleShot(true);
    QObject::connect(&timeout, &QTimer::timeout, &loop, [] { fail(u"no first rows in 30 s"_s); });
    QObject::connect(&model, &PagedTableModel::stateChanged, &loop, &QEventLoop::quit);
    QObject::connect(&model, &QAbstractItemModel::rowsInserted, &loop, &QEventLoop::quit);
    timeout.start(30000);
    while (model.rowCount() == 0 && model.state() != PagedTableModel::State::Error)
        loop.exec();
    if (model.state() == PagedTableModel::State::Error)
        fail(model.errorMessage());
    return secondsSince(start);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"bench_sensorevents"_s);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({u"db"_s, u"The database URL."_s, u"url"_s});
    parser.addOption({u"rows"_s, u"Events (and about as many metrics)."_s, u"n"_s, u"1000000"_s});
    parser.addOption({u"sensors"_s, u"Sensors the events are spread over."_s, u"n"_s, u"20"_s});
    parser.addOption({u"runs"_s, u"Runs to take the median of."_s, u"n"_s, u"7"_s});
    parser.process(app);
    const auto url = DatabaseUrl::parse(parser.value(u"db"_s));
    check(url.ok(), url.errorMessage());
    const qint64 rows = parser.value(u"rows"_s).toLongLong();
    const int sensors = parser.value(u"sensors"_s).toInt();
    const int runs = parser.value(u"runs"_s).toInt();
    const QString sensor = u"sensor-7"_s;
    out() << "load average before: " << loadAverage() << Qt::endl;

    const ConnectionFactory factory(*url);
    {
        auto db = factory.open(u"setup"_s);
        check(db.ok(), db.errorMessage());
        MigrationRunner runner(*db, *MigrationRunner::builtin(url->engine()));
        const auto migrated = runner.up();
        check(migrated.ok(), migrated.errorMessage());
        const SqlEngine engine = engineOf(*db);
        if (scalar(*db, u"SELECT count(*) FROM processed_events"_s) != rows) {
            exec(*db, u"DELETE FROM metrics"_s);
            exec(*db, u"DELETE FROM processed_events"_s);
            generate(*db, engine, rows, sensors);
        }
        out() << "processed_events: " << scalar(*db, u"SELECT count(*) FROM processed_events"_s)
              << ", metrics: " << scalar(*db, u"SELECT count(*) FROM metrics"_s)
              << ", sensors: " << sensors << Qt::endl;
    }
    factory.close(u"setup"_s);

    std::map<QString, std::vector<double>> figures;
    SensorEventFilter filter;
    filter.sensorId = sensor;
    PageRequest first;
    first.limit = 200;
    for (int run = 0; run < runs; ++run) {
        const QString name = u"run%1"_s.arg(run);
        {
            auto db = factory.open(name);
            check(db.ok(), db.errorMessage());
            const auto timed = [&](const QString &figure, const std::function<void()> &work) {
                const auto start = Clock::now();
                work();
                figures[figure].push_back(secondsSince(start));
            };
            const auto raw = [&](const QString &sql) {
                QSqlQuery query(*db);
                query.setForwardOnly(true);
                check(query.prepare(sql), sql);
                query.addBindValue(sensor);
                check(query.exec(), sql);
                int read = 0;
                while (query.next())
                    read += query.value(0).isValid();
                check(read == 201, u"raw: %1 rows"_s.arg(read));
            };
            timed(u"raw metrics"_s, [&] {
                raw(u"SELECT id, sensor_id, event_id, timestamp, value, created_at FROM metrics "
                    "WHERE sensor_id = ? ORDER BY id LIMIT 201"_s);
            });
            timed(u"raw processed_events"_s, [&] {
                // In the listing's order: the rowid on SQLite, processed_at on PostgreSQL.
                raw(u"SELECT event_id, sensor_id, processed_at, kafka_partition, kafka_offset "
                    "FROM processed_events WHERE sensor_id = ? ORDER BY "_s +
                    (engineOf(*db) == SqlEngine::SQLite ? u"rowid"_s
                                                        : u"processed_at, event_id"_s) +
                    u" LIMIT 201"_s);
            });
            const SensorEventsRepository repository(*db);
            timed(u"page metrics"_s,
                  [&] { check(repository.metrics(filter, first)->rows.size() == 200, u"page"_s); });
            timed(u"page processed_events"_s,
                  [&] { check(repository.events(filter, first)->rows.size() == 200, u"page"_s); });
            timed(u"page sensors"_s,
                  [&] { check(repository.sensors(first)->rows.size() == sensors, u"sensors"_s); });
            const auto listed = [&](const QString &sql) {
                QSqlQuery query(*db);
                query.setForwardOnly(true);
                check(query.exec(sql), sql);
                int read = 0;
                while (query.next())
                    read += query.value(0).isValid();
                check(read == sensors, u"sensors: %1 rows"_s.arg(read));
            };
            timed(u"raw sensors"_s, [&] {
                listed(sensorIdsSql + u"SELECT v FROM s WHERE v IS NOT NULL ORDER BY v"_s);
            });
            timed(u"exact counts sensors"_s, [&] {
                listed(sensorIdsSql +
                       u"SELECT v, (SELECT count(*) FROM processed_events e WHERE e.sensor_id = "
                       "s.v), (SELECT count(*) FROM metrics m WHERE m.sensor_id = s.v) FROM s "
                       "WHERE v IS NOT NULL ORDER BY v"_s);
            });
            // The Tables pane on the same tables: catalog look-up and the first page by key.
            const SchemaBrowser browser(*db);
            for (const QString &table : {u"metrics"_s, u"processed_events"_s})
                timed(u"tables pane "_s + table, [&] {
                    const auto found = browser.find(
                        engineOf(*db) == SqlEngine::SQLite ? QString() : u"public"_s, table);
                    check(found.ok(), found.errorMessage());
                    const auto key = browser.keyOf(*found);
                    const auto columns = browser.columns(*found);
                    check(key.ok() && columns.ok(), u"catalog"_s);
                    const auto page =
                        browser.page(*found, *key, *columns, PageRequest::From::Start, {}, 200);
                    check(page.ok() && page->rows.size() == 200, u"tables page"_s);
                });
        }
        factory.close(name);
        // Opening the pane lists every sensor's rows; choosing a sensor starts over with its.
        const auto modelFigures = [&](PagedTableModel &model, const QString &table,
                                      const std::function<void()> &choose) {
            const auto opened = Clock::now();
            firstRows(model);
            figures[u"model open "_s + table].push_back(secondsSince(opened));
            const auto chosen = Clock::now();
            choose();
            firstRows(model);
            figures[u"model sensor "_s + table].push_back(secondsSince(chosen));
        };
        {
            SensorMetricModel metrics(factory);
            modelFigures(metrics, u"metrics"_s, [&] { metrics.setFilter(filter); });
        }
        {
            ProcessedEventModel events(factory);
            modelFigures(events, u"processed_events"_s, [&] { events.setFilter(filter); });
        }
        {
            const auto opened = Clock::now();
            SensorListModel list(factory);
            firstRows(list);
            figures[u"model open sensors"_s].push_back(secondsSince(opened));
        }
    }
    for (const auto &[figure, values] : figures)
        out() << qSetFieldWidth(32) << Qt::left << figure << qSetFieldWidth(0)
              << QString::number(median(values) * 1000, 'f', 1) << " ms median (best "
              << QString::number(best(values) * 1000, 'f', 1) << ")" << Qt::endl;
    for (const QString &table : {u"metrics"_s, u"processed_events"_s, u"sensors"_s})
        out() << "page/raw " << table << ": "
              << QString::number(median(figures[u"page "_s + table]) /
                                     median(figures[u"raw "_s + table]),
                                 'f', 2)
              << Qt::endl;
    out() << "load average after: " << loadAverage() << Qt::endl;
    return 0;
}
