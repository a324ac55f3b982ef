// The Component state, Sink storage and Health history panes on 1,000,000 rows of their
// tables: the time from making a listing's model to its first rows, and the repository's first
// page on an open connection, against the same first page as plain SQL on an open connection
// in the same run (the baseline). Medians of --runs runs; SQLite or PostgreSQL (--db).
//
//   bench_browsepanes --db sqlite:///tmp/browse.db [--rows 1000000] [--runs 7]

#include "componentstatemodel.h"
#include "connectionfactory.h"
#include "healthhistorymodel.h"
#include "migrationrunner.h"
#include "sinkstoragemodel.h"
#include "sqlbenchsupport.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimer>

#include <functional>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace porthole::bench;

namespace {

// Fills the three tables with `rows` rows each, unless they hold that many already.
void prepareTables(const ConnectionFactory &factory, DatabaseUrl::Engine urlEngine, qint64 rows)
{
    auto db = factory.open(u"bench"_s);
    check(db.ok(), db.errorMessage());
    MigrationRunner runner(*db, *MigrationRunner::builtin(urlEngine));
    const SqlEngine engine = engineOf(*db);
    check(runner.up().ok(), u"migrate"_s);
    const bool sqlite = engine == SqlEngine::SQLite;
    // Row i: i milliseconds after the start of 2026.
    const QString series =
        sqlite ? u"WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < %1) "_s
                     .arg(rows - 1)
               : QString();
    const QString from = sqlite ? u" FROM n"_s : u" FROM generate_series(0, %1) i"_s.arg(rows - 1);
    const QString time =
        sqlite ? u"printf('2026-01-01 %02d:%02d:%02d.%03d', i / 3600000, i / 60000 % 60, "
                 "i / 1000 % 60, i % 1000)"_s
               : u"TIMESTAMPTZ '2026-01-01 00:00:00+00' + i * INTERVAL '1 millisecond'"_s;
    const QString json = sqlite ? u"'{\"i\": ' || i || '}'"_s : u"jsonb_build_object('i', i)"_s;
    const QList<std::pair<QString, QString>> fills{
        {u"component_state"_s,
         u"INSERT INTO component_state (component_name, component_type, state_data, version, "
         "created_at, updated_at) SELECT 'c' || (i % 10), 'Transformer', %1, i / 10 + 1, %2, %2"_s
             .arg(json, time)},
        {u"sink_storage"_s,
         u"INSERT INTO sink_storage (sink_name, data_type, data, metadata, created_at, "
         "updated_at) SELECT 'sink' || (i % 5), CASE WHEN i % 3 = 0 THEN 'refund' ELSE 'order' "
         "END, %1, %1, %2, %2"_s.arg(json, time)},
        {u"system_health"_s,
         u"INSERT INTO system_health (component_name, health_status, health_details, "
         "last_heartbeat, created_at) SELECT 'c' || (i % 10), CASE WHEN i % 7 = 0 THEN "
         "'degraded' ELSE 'healthy' END, %1, %2, %2"_s.arg(json, time)},
    };
    for (const auto &[table, insert] : fills) {
        if (scalar(*db, u"SELECT count(*) FROM "_s + table) == rows) {
            out() << "  reusing " << table << Qt::endl;
            continue;
        }
        const auto start = Clock::now();
        exec(*db, u"DELETE FROM "_s + table);
        exec(*db, series + insert + from);
        exec(*db, sqlite ? u"ANALYZE"_s : u"ANALYZE "_s + table);
        out() << "  " << table << ": " << rows << " rows in " << qint64(secondsSince(start)) << " s"
              << Qt::endl;
    }
}

// Milliseconds from making a model to its first rows (or its state Ready with none).
double firstRows(const std::function<PagedTableModel *()> &make)
{
    const auto start = Clock::now();
    std::unique_ptr<PagedTableModel> model(make());
    QEventLoop loop;
    QObject::connect(model.get(), &QAbstractItemModel::rowsInserted, &loop, &QEventLoop::quit);
    QObject::connect(model.get(), &PagedTableModel::stateChanged, &loop,
                     [&loop](PagedTableModel::State state) {
                         if (state != PagedTableModel::State::Loading)
                             loop.quit();
                     });
    QTimer::singleShot(60000, &loop, &QEventLoop::quit);
    if (model->rowCount() == 0)
        loop.exec();
    const double ms = secondsSince(start) * 1000;
    check(model->rowCount() > 0, u"no rows: "_s + model->errorMessage());
    return ms;
}

double millisecondsOf(const std::function<void()> &work)
{
    const auto start = Clock::now();
    work();
    return secondsSince(start) * 1000;
}

struct Case
{
    QString name;
    std::function<PagedTableModel *()> model;
    std::function<void(const QSqlDatabase &)> repository; // the first page on an open connection
    QString baseline;                                     // the same page as plain SQL
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"The browse panes' first page on large tables."_s);
    parser.addHelpOption();
    parser.addOptions({{u"db"_s, u"Database URL."_s, u"url"_s},
                       {u"rows"_s, u"Rows in each table."_s, u"n"_s, u"1000000"_s},
                       {u"runs"_s, u"Runs."_s, u"n"_s, u"7"_s}});
    parser.process(app);
    const auto url = DatabaseUrl::parse(parser.value(u"db"_s));
    check(url.ok(), url.errorMessage());
    const qint64 rows = parser.value(u"rows"_s).toLongLong();
    const int runs = parser.value(u"runs"_s).toInt();
    const ConnectionFactory factory(*url);
    const SqlEngine engine =
        url->engine() == DatabaseUrl::Engine::SQLite ? SqlEngine::SQLite : SqlEngine::PostgreSQL;
    out() << "Browse panes: " << rows << " rows a table on " << url->toDisplayString() << ", "
          << runs << " runs; load average " << loadAverage() << Qt::endl;
    prepareTables(factory, url->engine(), rows);
    auto db = factory.open(u"bench"_s);
    check(db.ok(), db.errorMessage());

    const PagedTableModel::Options options; // as the panes have them: 200 rows a page
    const PageRequest first{PageRequest::From::Start, {}, options.pageSize, {}, true};
    const QString heartbeatKey =
        engine == SqlEngine::SQLite ? u"last_heartbeat"_s : u"last_heartbeat::text"_s;
    const QString createdKey =
        engine == SqlEngine::SQLite ? u"created_at"_s : u"created_at::text"_s;
    const auto check_ = [](const auto &page) {
        check(page.ok(), page.errorMessage());
    };
    const QList<Case> cases{
        {u"versions of one component (a tenth of the rows)"_s,
         [&] {
             auto *model =
                 new ComponentStateModel(factory, ComponentStateModel::Listing::Versions, options);
             model->setComponent(u"c3"_s);
             return model;
         },
         [&](const QSqlDatabase &d) {
             check_(ComponentStateRepository(d).page({u"c3"_s, {}}, first));
         },
         u"SELECT id, component_name, component_type, state_data, version, created_at, "
         "updated_at FROM component_state WHERE component_name = 'c3' ORDER BY version DESC, "
         "id DESC LIMIT 201"_s},
        {u"components (the latest version of each of 10)"_s,
         [&] {
             return new ComponentStateModel(factory, ComponentStateModel::Listing::Components,
                                            options);
         },
         [&](const QSqlDatabase &d) { check_(ComponentStateRepository(d).page({}, first)); },
         ComponentStateRepository::latestStatement(engine).sql},
        {u"sink storage (all rows)"_s, [&] { return new SinkStorageModel(factory, options); },
         [&](const QSqlDatabase &d) { check_(SinkStorageRepository(d).page({}, first)); },
         u"SELECT id, sink_name, data_type, data, metadata, created_at, updated_at, %1 FROM "
         "sink_storage ORDER BY created_at DESC, id DESC LIMIT 201"_s.arg(createdKey)},
        {u"sink storage (one sink, a fifth of the rows)"_s,
         [&] {
             auto *model = new SinkStorageModel(factory, options);
             SinkStorageFilter filter;
             filter.sink = u"sink2"_s;
             model->setFilter(filter);
             return model;
         },
         [&](const QSqlDatabase &d) {
             SinkStorageFilter filter;
             filter.sink = u"sink2"_s;
             check_(SinkStorageRepository(d).page(filter, first));
         },
         u"SELECT id, sink_name, data_type, data, metadata, created_at, updated_at, %1 FROM "
         "sink_storage WHERE sink_name = 'sink2' ORDER BY created_at DESC, id DESC LIMIT 201"_s.arg(
             createdKey)},
        {u"health history (all rows)"_s, [&] { return new HealthHistoryModel(factory, options); },
         [&](const QSqlDatabase &d) { check_(HealthRepository(d).page({}, first)); },
         u"SELECT id, component_name, health_status, health_details, last_heartbeat, created_at, "
         "%1 FROM system_health WHERE last_heartbeat IS NOT NULL ORDER BY last_heartbeat DESC, "
         "id DESC LIMIT 201"_s.arg(heartbeatKey)},
        {u"health history (one component, a tenth of the rows)"_s,
         [&] {
             auto *model = new HealthHistoryModel(factory, options);
             model->setFilter({u"c3"_s, {}});
             return model;
         },
         [&](const QSqlDatabase &d) {
             check_(HealthRepository(d).page({u"c3"_s, {}}, first));
         },
         u"SELECT id, component_name, health_status, health_details, last_heartbeat, created_at, "
         "%1 FROM system_health WHERE last_heartbeat IS NOT NULL AND component_name = 'c3' "
         "ORDER BY last_heartbeat DESC, id DESC LIMIT 201"_s.arg(heartbeatKey)},
    };

    out() << "| listing | model, first rows (ms) | repository page (ms) | plain SQL (ms) | "
             "model / SQL | repository / SQL |"
          << Qt::endl
          << "|---|---|---|---|---|---|" << Qt::endl;
    for (const Case &c : cases) {
        std::vector<double> model, repository, baseline;
        for (int run = 0; run < runs; ++run) {
            baseline.push_back(millisecondsOf([&] {
                QSqlQuery query(*db);
                query.setForwardOnly(true);
                check(query.exec(c.baseline), query.lastError().text());
                while (query.next()) {
                }
            }));
            repository.push_back(millisecondsOf([&] { c.repository(*db); }));
            model.push_back(firstRows(c.model));
        }
        const double m = median(model), r = median(repository), b = median(baseline);
        out() << "| " << c.name << " | " << QString::number(m, 'f', 1) << " | "
              << QString::number(r, 'f', 1) << " | " << QString::number(b, 'f', 1) << " | "
              << QString::number(m / b, 'f', 1) << " | " << QString::number(r / b, 'f', 2) << " |"
              << Qt::endl;
    }
    return 0;
}
