// A message's journey, Go to anything by id and Find on a large port_messages table, against
// the bare SQL of each run directly with QSqlQuery, in the same run.
//
//   bench_journey --db URL [--rows 1000000] [--hops 20] [--runs 7]
//
// The rows (Porthole's migrated schema, seed 001's port_messages) are generated once, one
// INSERT ... SELECT, and kept: a later invocation with the same --rows reuses them. They are
// flows of --hops hops over five ports; each hop's metadata holds its flow's trace_id, its own
// message_id (its row's id) and the id of the hop before as causation_id. No ANALYZE is run:
// a pipeline's own database has no statistics either. In each run, each on a new connection,
// for the flow in the middle of the table:
//   raw trace      the flow's rows by their trace_id, through migration 21's index (the one
//                  query a journey cannot do without);
//   raw hops       each hop by its id, one query each: what following the causes costs;
//   journey        JourneyReader::read() from one hop's id: every key followed, the causes
//                  linked, the operators' changes, the ports' usual waits and the gaps;
//   go to          Go to anything's look-up of the trace id (GoToLookup, Journey);
//   raw like       the bare substring scan of the metadata for the trace id (LIMIT 100);
//   raw index      the bare query of migration 23's search index for that text;
//   find           the Queues listing's first page filtered by that text (PortMessageRepository);
//   find common    the same for a text every row holds ("order"), read in the listing's order.
// The search index is built after the rows, timed: what migration 23 takes on such a table.
// Medians of --runs runs; the load average before and after.

#include "benchsupport.h"
#include "connectionfactory.h"
#include "gotolookup.h"
#include "journey.h"
#include "migrationrunner.h"
#include "portmessagerepository.h"
#include "portmessagesearch.h"
#include "sqlbenchsupport.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSqlQuery>

#include <map>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace porthole::bench;

namespace {

// Row n as a UUID, on each engine: flow number then row number, in hex.
QString idSql(SqlEngine engine, const QString &n)
{
    if (engine == SqlEngine::SQLite)
        return u"printf('%08x-0000-4000-8000-%012x', %1 / %2, %1)"_s.arg(n, u"hops"_s);
    return u"(lpad(to_hex(%1 / %2), 8, '0') || '-0000-4000-8000-' || lpad(to_hex(%1), 12, "
           "'0'))"_s.arg(n, u"hops"_s);
}

QString insertFlows(SqlEngine engine, qint64 rows, int hops)
{
    const bool lite = engine == SqlEngine::SQLite;
    QString id = idSql(engine, u"n"_s);
    QString cause = idSql(engine, u"(n - 1)"_s);
    id.replace(u"hops"_s, QString::number(hops));
    cause.replace(u"hops"_s, QString::number(hops));
    const QString at = lite ? u"strftime('%Y-%m-%d %H:%M:%f', 1793491200 + n / 10.0, "
                              "'unixepoch')"_s
                            : u"timestamptz '2026-11-01 00:00:00+00' + n * interval '100 "
                              "milliseconds'"_s;
    const QString hop = u"n % "_s + QString::number(hops);
    const QString metadata =
        u"'{\"trace_id\": \"trace-' || (n / "_s + QString::number(hops) +
        u") || '\", \"message_id\": \"' || "_s + id + u" || '\"' || CASE WHEN "_s + hop +
        u" = 0 THEN '' ELSE ', \"causation_id\": \"' || "_s + cause + u" || '\"' END || '}'"_s;
    const QString select =
        u"SELECT "_s + (lite ? id : id + u"::uuid"_s) + u", 'port-' || ("_s + hop +
        u") % 5, 'component-' || ("_s + hop + u") % 5, 'component-' || ("_s + hop +
        u" + 1) % 5, "_s +
        (lite ? u"'{\"order\": ' || n || '}', "_s : u"('{\"order\": ' || n || '}')::jsonb, "_s) +
        u""_s + (lite ? metadata : u"("_s + metadata + u")::jsonb"_s) + u", 'completed', "_s + at +
        u", "_s + at + u", "_s + at + u" FROM "_s;
    const QString into = u"INSERT INTO port_messages (id, port_name, source_component, "
                         "target_component, message_data, message_metadata, status, created_at, "
                         "processed_at, completed_at) "_s;
    return insertSeries(engine, into, select, rows);
}

void generate(QSqlDatabase db, SqlEngine engine, qint64 rows, int hops)
{
    if (engine == SqlEngine::PostgreSQL) {
        exec(db, u"SET statement_timeout = 0"_s);
        exec(db, u"SET maintenance_work_mem = '512MB'"_s);
    }
    const auto start = Clock::now();
    // The table's indexes and triggers (SQLite's search index is kept by triggers) are made
    // again after the rows; the search index last, timed: what migration 23 takes.
    auto made = secondaryIndexes(db, engine, u"port_messages"_s);
    std::pair<QString, QString> search;
    for (const auto &index : made)
        if (index.first == u"idx_port_messages_search"_s)
            search = index;
    made.removeIf([](const auto &index) { return index.first == u"idx_port_messages_search"_s; });
    const auto triggers = sqliteTriggers(db, engine, u"port_messages"_s);
    for (const auto &[name, sql] : triggers)
        exec(db, u"DROP TRIGGER "_s + name);
    for (const auto &[name, sql] : made)
        exec(db, u"DROP INDEX "_s + name);
    if (!search.first.isEmpty())
        exec(db, u"DROP INDEX "_s + search.first);
    exec(db, u"DELETE FROM port_messages"_s);
    if (engine == SqlEngine::SQLite)
        exec(db,
             u"INSERT INTO port_messages_search (port_messages_search) VALUES ('delete-all')"_s);
    exec(db, u"BEGIN"_s);
    exec(db, insertFlows(engine, rows, hops));
    exec(db, u"COMMIT"_s);
    for (const auto &[name, sql] : made)
        exec(db, sql);
    out() << "  generated in " << qint64(secondsSince(start)) << " s" << Qt::endl;
    const auto indexing = Clock::now();
    if (engine == SqlEngine::SQLite)
        exec(db, u"INSERT INTO port_messages_search (rowid, body) SELECT rowid, "_s +
                     PortMessageSearch::body(engine) + u" FROM port_messages"_s);
    else
        exec(db, search.second);
    const double seconds = secondsSince(indexing);
    out() << "  search index built in " << QString::number(seconds, 'f', 1) << " s, "
          << qint64(rows / seconds) << " rows/s" << Qt::endl;
    for (const auto &[name, sql] : triggers)
        exec(db, sql);
}

// Reads every row of `sql` with `params`; the rows read.
int rowsOf(QSqlDatabase db, const QString &sql, const QVariantList &params)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    check(query.prepare(sql), sql);
    for (const QVariant &param : params)
        query.addBindValue(param);
    check(query.exec(), sql);
    int read = 0;
    while (query.next())
        read += query.value(0).isValid();
    return read;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"bench_journey"_s);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({u"db"_s, u"The database URL."_s, u"url"_s});
    parser.addOption({u"rows"_s, u"Port messages."_s, u"n"_s, u"1000000"_s});
    parser.addOption({u"hops"_s, u"Hops a flow."_s, u"n"_s, u"20"_s});
    parser.addOption({u"runs"_s, u"Runs to take the median of."_s, u"n"_s, u"7"_s});
    parser.process(app);
    const auto url = DatabaseUrl::parse(parser.value(u"db"_s));
    check(url.ok(), url.errorMessage());
    const qint64 rows = parser.value(u"rows"_s).toLongLong();
    const int hops = parser.value(u"hops"_s).toInt();
    const int runs = parser.value(u"runs"_s).toInt();
    out() << "load average before: " << loadAverage() << Qt::endl;

    const ConnectionFactory factory(*url);
    SqlEngine engine = SqlEngine::SQLite;
    {
        auto db = factory.open(u"setup"_s);
        check(db.ok(), db.errorMessage());
        MigrationRunner runner(*db, *MigrationRunner::builtin(url->engine()));
        const auto migrated = runner.up();
        check(migrated.ok(), migrated.errorMessage());
        engine = engineOf(*db);
        if (scalar(*db, u"SELECT count(*) FROM port_messages"_s) != rows)
            generate(*db, engine, rows, hops);
        out() << "port_messages: " << scalar(*db, u"SELECT count(*) FROM port_messages"_s) << ", "
              << hops << " hops a flow" << Qt::endl;
    }
    factory.close(u"setup"_s);

    // The flow in the middle of the table, and its hops' ids.
    const qint64 flow = rows / hops / 2;
    const QString trace = u"trace-%1"_s.arg(flow);
    QStringList ids;
    for (qint64 n = flow * hops; n < (flow + 1) * hops; ++n)
        ids << u"%1-0000-4000-8000-%2"_s.arg(flow, 8, 16, QChar(u'0')).arg(n, 12, 16, QChar(u'0'));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    std::map<QString, std::vector<double>> figures;
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
            const QString select = u"SELECT "_s + PortMessageRepository::selectColumns() +
                                   u" FROM port_messages WHERE "_s;
            timed(u"raw trace"_s, [&] {
                const int read = rowsOf(
                    *db, select + JourneyReader::keyExpression(engine, u"trace_id"_s) + u" = ?"_s,
                    {trace});
                check(read == hops, u"raw trace: %1 rows"_s.arg(read));
            });
            timed(u"raw hops"_s, [&] {
                for (const QString &id : std::as_const(ids))
                    check(rowsOf(*db, select + u"id = ?"_s, {id}) == 1, u"raw hop"_s);
            });
            timed(u"journey"_s, [&] {
                const auto journey = JourneyReader(*db).read(ids.at(hops / 2), now);
                check(journey.ok(), journey.errorMessage());
                check(journey->hops.size() == hops,
                      u"journey: %1 hops"_s.arg(journey->hops.size()));
            });
            timed(u"go to"_s, [&] {
                const auto hits = GoToLookup(*db).find(GoToKind::Journey, trace, 8);
                check(hits.ok() && hits->size() == 1, u"go to"_s);
            });
            const QString quoted = u"%\"" + trace + u"\"%"_s;
            timed(u"raw like"_s, [&] {
                const int read =
                    rowsOf(*db,
                           u"SELECT id FROM port_messages WHERE "_s +
                               (engine == SqlEngine::SQLite ? u"message_metadata"_s
                                                            : u"message_metadata::text"_s) +
                               u" LIKE ? LIMIT 100"_s,
                           {quoted});
                check(read == hops, u"raw like: %1 rows"_s.arg(read));
            });
            timed(u"raw index"_s, [&] {
                const int read =
                    engine == SqlEngine::SQLite
                        ? rowsOf(
                              *db,
                              u"SELECT rowid FROM port_messages_search WHERE "
                              "port_messages_search MATCH ?"_s,
                              {QString(u'"' +
                                       QString(quoted.mid(1).chopped(1)).replace(u'"', u"\"\""_s) +
                                       u'"')})
                        : rowsOf(*db,
                                 u"SELECT id FROM port_messages WHERE "_s +
                                     PortMessageSearch::body(engine) + u" LIKE ? ESCAPE '\\'"_s,
                                 {containsPattern(quoted.mid(1).chopped(1))});
                check(read == hops, u"raw index: %1 rows"_s.arg(read));
            });
            timed(u"find common"_s, [&] {
                PortMessageFilter filter;
                filter.text = u"order"_s; // in every row's payload
                PageRequest first;
                first.limit = 100;
                const auto page = PortMessageRepository(*db).page(filter, first);
                check(page.ok() && page->rows.size() == 100, u"find common"_s);
            });
            timed(u"find"_s, [&] {
                PortMessageFilter filter;
                filter.text = u"\"" + trace + u"\""_s;
                PageRequest first;
                first.limit = 100;
                const auto page = PortMessageRepository(*db).page(filter, first);
                check(page.ok() && page->rows.size() == hops, u"find"_s);
            });
        }
        factory.close(name);
    }
    for (const auto &[figure, values] : figures)
        out() << qSetFieldWidth(16) << Qt::left << figure << qSetFieldWidth(0)
              << QString::number(median(values) * 1000, 'f', 2) << " ms median (best "
              << QString::number(best(values) * 1000, 'f', 2) << ")" << Qt::endl;
    // The process's first search also samples the trigrams' shares (PostgreSQL), once.
    out() << "first search of the process: "
          << QString::number(figures[u"find common"_s].front() * 1000, 'f', 2) << " ms" << Qt::endl;
    out() << "journey/raw trace: "
          << QString::number(median(figures[u"journey"_s]) / median(figures[u"raw trace"_s]), 'f',
                             1)
          << ", journey/raw hops: "
          << QString::number(median(figures[u"journey"_s]) / median(figures[u"raw hops"_s]), 'f', 1)
          << ", find/raw like: "
          << QString::number(median(figures[u"find"_s]) / median(figures[u"raw like"_s]), 'f', 2)
          << ", find/raw index: "
          << QString::number(median(figures[u"find"_s]) / median(figures[u"raw index"_s]), 'f', 2)
          << Qt::endl;
    out() << "load average after: " << loadAverage() << Qt::endl;
    return 0;
}
