// The incident timeline's pages (TimelineReader::page) on large tables, against the bare
// indexed reads a page is made of and against the scan a console without paging would run
// for the heartbeats' status changes (one window function over the range), in the same run.
//
// The rows (Porthole's migrated schema) are made once and kept: --health heartbeats of
// --components components over 7 days up to now (each component beating at its own steady
// interval, degraded for 60 beats of every 5,000), --audit audit entries, 10,000 alert
// transitions, 100,000 checkpoint versions and 200,000 port messages, 5% of them dead letters
// of 20 errors. A later invocation with the same counts reuses them.
//
//   tests/bench/run-timeline --health 10000000 --audit 1000000 --components 200
#include "sqlbenchsupport.h"
#include "timeline.h"

#include <QCommandLineParser>
#include <QCoreApplication>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace porthole::bench;

namespace {

// A time `spanSecs` (an SQL expression of n) after 7 days ago.
QString timeAfter(SqlEngine engine, const QString &spanSecs)
{
    return engine == SqlEngine::SQLite
               ? u"strftime('%Y-%m-%d %H:%M:%f', 'now', '-7 days', '+' || ("_s + spanSecs +
                     u") || ' seconds')"_s
               : u"now() - interval '7 days' + ("_s + spanSecs + u") * interval '1 second'"_s;
}

// Fills `table` with `select` for each n below `rows`, its secondary indexes and SQLite
// triggers dropped before and made again after (audit_log's and alert_history's append-only
// triggers with them).
void fill(QSqlDatabase db, SqlEngine engine, const QString &table, const QString &into,
          const QString &select, qint64 rows)
{
    auto made = secondaryIndexes(db, engine, table);
    // A UNIQUE constraint's index stays: it goes with its constraint.
    made.removeIf([](const auto &index) { return index.first.endsWith(u"_key"_s); });
    const auto triggers = sqliteTriggers(db, engine, table);
    for (const auto &[name, sql] : triggers)
        exec(db, u"DROP TRIGGER "_s + name);
    for (const auto &[name, sql] : made)
        exec(db, u"DROP INDEX "_s + name);
    if (engine == SqlEngine::PostgreSQL && (table == "audit_log"_L1 || table == "alert_history"_L1))
        exec(db, u"ALTER TABLE "_s + table + u" DISABLE TRIGGER USER"_s);
    exec(db, u"DELETE FROM "_s + table);
    exec(db, u"BEGIN"_s);
    exec(db, insertSeries(engine, into, select, rows));
    exec(db, u"COMMIT"_s);
    if (engine == SqlEngine::PostgreSQL && (table == "audit_log"_L1 || table == "alert_history"_L1))
        exec(db, u"ALTER TABLE "_s + table + u" ENABLE TRIGGER USER"_s);
    for (const auto &[name, sql] : made)
        if (!name.contains(u"search"_s))
            exec(db, sql);
    for (const auto &[name, sql] : triggers)
        exec(db, sql);
}

void generate(QSqlDatabase db, SqlEngine engine, qint64 health, qint64 audit, int components)
{
    if (engine == SqlEngine::PostgreSQL)
        exec(db, u"SET statement_timeout = 0"_s);
    const auto start = Clock::now();
    const bool lite = engine == SqlEngine::SQLite;
    const QString json = lite ? QString() : u"::jsonb"_s;
    const qint64 beats = health / components;
    // Component c's beat b at 7 days * b / beats, shifted by c seconds.
    fill(
        db, engine, u"system_health"_s,
        u"INSERT INTO system_health (component_name, health_status, health_details, "
        "last_heartbeat) "_s,
        u"SELECT 'component-' || (n % %1), CASE WHEN (n / %1) % 5000 < 60 THEN 'degraded' "
        "ELSE 'healthy' END, ('{\"uptime_s\": ' || (n / %1 % 100000) || '}')%2, "_s.arg(components)
                .arg(json) +
            timeAfter(engine, u"604800.0 * (n / %1) / %2 + (n % %1)"_s.arg(components).arg(beats)) +
            u" FROM "_s,
        health);
    fill(db, engine, u"audit_log"_s,
         u"INSERT INTO audit_log (occurred_at, actor, action, target_table, affected_count) "_s,
         u"SELECT "_s + timeAfter(engine, u"604800.0 * n / %1"_s.arg(audit)) +
             u", 'alice', CASE WHEN n % 10 = 0 THEN 'purge' ELSE 'replay' END, "
             "'port_messages', n % 50 FROM "_s,
         audit);
    fill(db, engine, u"alert_history"_s,
         u"INSERT INTO alert_history (occurred_at, rule_id, rule_name, subject, severity, "
         "from_state, to_state, value) "_s,
         u"SELECT "_s + timeAfter(engine, u"604800.0 * n / 10000"_s) +
             u", 'stale', 'Component stale', 'component-' || (n % 200), 'critical', CASE WHEN "
             "n % 2 = 0 THEN 'pending' ELSE 'firing' END, CASE WHEN n % 2 = 0 THEN 'firing' "
             "ELSE 'resolved' END, 60 FROM "_s,
         10000);
    fill(db, engine, u"checkpoints"_s,
         u"INSERT INTO checkpoints (id, checkpoint_name, component_name, checkpoint_data, "
         "version, is_latest, created_at) "_s,
         (lite ? u"SELECT lower(hex(randomblob(16))), "_s : u"SELECT gen_random_uuid(), "_s) +
             u"'offsets-' || (n % 200), 'component-' || (n % 200), '{}'%1, n / 200 + 1, "_s.arg(
                 json) +
             (lite ? u"0, "_s : u"false, "_s) + timeAfter(engine, u"604800.0 * n / 100000"_s) +
             u" FROM "_s,
         100000);
    fill(db, engine, u"port_messages"_s,
         u"INSERT INTO port_messages (port_name, source_component, target_component, "
         "message_data, status, retry_count, created_at, error_message) "_s,
         u"SELECT 'port-' || (n % 50), 'component-' || (n % 50), 'component-' || (n % 50 + 1), "
         "'{}'%1, CASE WHEN n % 20 = 0 THEN 'dead_letter' ELSE 'completed' END, 0, "_s.arg(json) +
             timeAfter(engine, u"604800.0 * n / 200000"_s) +
             u", CASE WHEN n % 20 = 0 THEN 'error ' || (n % 400 / 20) || ' after ' || n || ' ms' "
             "END FROM "_s,
         200000);
    out() << "  generated in " << qint64(secondsSince(start)) << " s" << Qt::endl;
}

QString ms(double s)
{
    return QString::number(s * 1000, 'f', 1);
}

// Runs `sql` with `params` to its last row.
void drain(QSqlDatabase db, const QString &sql, const QVariantList &params)
{
    auto query = execQuery(db, sql, params, u"bench"_s);
    check(query.ok(), query.errorMessage());
    while (query->next()) {
    }
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"bench_timeline"_s);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOptions({{u"db"_s, u"The database URL."_s, u"url"_s},
                       {u"health"_s, u"Heartbeats."_s, u"n"_s, u"10000000"_s},
                       {u"audit"_s, u"Audit entries."_s, u"n"_s, u"1000000"_s},
                       {u"components"_s, u"Components."_s, u"n"_s, u"200"_s},
                       {u"pages"_s, u"Pages read back through the week."_s, u"n"_s, u"20"_s},
                       {u"runs"_s, u"Runs to take the median of."_s, u"n"_s, u"5"_s}});
    parser.process(app);
    const auto url = DatabaseUrl::parse(parser.value(u"db"_s));
    check(url.ok(), url.errorMessage());
    const qint64 health = parser.value(u"health"_s).toLongLong();
    const qint64 audit = parser.value(u"audit"_s).toLongLong();
    const int components = parser.value(u"components"_s).toInt();
    const int pages = parser.value(u"pages"_s).toInt();
    const int runs = std::max(1, parser.value(u"runs"_s).toInt());
    out() << "load average before: " << loadAverage() << Qt::endl;

    const ConnectionFactory factory(*url);
    const QSqlDatabase database = openMigrated(factory, *url);
    const QSqlDatabase *db = &database;
    const SqlEngine engine = engineOf(*db);
    if (scalar(*db, u"SELECT count(*) FROM system_health"_s) != health ||
        scalar(*db, u"SELECT count(*) FROM audit_log"_s) != audit)
        generate(*db, engine, health, audit, components);
    if (engine == SqlEngine::PostgreSQL)
        exec(*db, u"ANALYZE"_s);

    const QDateTime now = QDateTime::currentDateTimeUtc();
    TimelineFilter hour;
    hour.from = now.addSecs(-3600);
    hour.to = now;
    TimelineFilter week = hour;
    week.from = now.addDays(-7);
    TimelineFilter heartbeatsOnly = week;
    heartbeatsOnly.kinds = {ChangeKind::Status, ChangeKind::Gap, ChangeKind::Restart};
    TimelineFilter tablesOnly = week;
    tablesOnly.kinds = {ChangeKind::Alert,      ChangeKind::Action, ChangeKind::Group,
                        ChangeKind::Checkpoint, ChangeKind::State,  ChangeKind::NewError};
    const TimelineReader reader(*db);
    std::vector<double> firstHour, firstWeek, pageTimes, bare, scan, heartbeats, tables;
    qsizetype changes = 0;
    for (int run = 0; run < runs; ++run) {
        auto start = Clock::now();
        check(reader.page(hour, now).ok(), u"the hour's page"_s);
        firstHour.push_back(secondsSince(start));
        start = Clock::now();
        auto page = reader.page(week, now);
        check(page.ok(), page.errorMessage());
        firstWeek.push_back(secondsSince(start));
        changes = page->changes.size();
        start = Clock::now();
        check(reader.page(heartbeatsOnly, now).ok(), u"the heartbeats' page"_s);
        heartbeats.push_back(secondsSince(start));
        start = Clock::now();
        check(reader.page(tablesOnly, now).ok(), u"the tables' page"_s);
        tables.push_back(secondsSince(start));
        for (int i = 1; i < pages && !page->atEnd; ++i) {
            const TimelineCursor cursor = page->next;
            start = Clock::now();
            page = reader.page(week, now, cursor);
            check(page.ok(), page.errorMessage());
            pageTimes.push_back(secondsSince(start));
            changes += page->changes.size();
        }
        // Bare: the first page's reads of each table along its index, as plain statements
        // (the page also seeks each component's heartbeat before its stretch).
        const QVariant to = timestampParam(now, engine);
        const QVariant weekAgo = timestampParam(week.from, engine);
        start = Clock::now();
        drain(*db,
              u"SELECT component_name, health_status, last_heartbeat, health_details FROM "
              "system_health WHERE last_heartbeat >= ? AND last_heartbeat < ? ORDER BY "
              "last_heartbeat DESC LIMIT 10001"_s,
              {timestampParam(now.addSecs(-15 * 60), engine), to});
        for (
            const QString &sql : QStringList{
                u"SELECT id, occurred_at, rule_id, subject, to_state FROM alert_history WHERE "
                "occurred_at >= ? AND occurred_at < ? ORDER BY occurred_at DESC, id DESC LIMIT 201"_s,
                u"SELECT id, occurred_at, actor, action, filter FROM audit_log WHERE occurred_at "
                ">= ? AND occurred_at < ? ORDER BY occurred_at DESC, id DESC LIMIT 201"_s,
                u"SELECT id, created_at, component_name, version FROM checkpoints WHERE "
                "created_at >= ? AND created_at < ? ORDER BY created_at DESC, id DESC LIMIT 201"_s,
                u"SELECT id, created_at, component_name, version FROM component_state WHERE "
                "created_at >= ? AND created_at < ? ORDER BY created_at DESC, id DESC LIMIT 201"_s,
                QString(u"SELECT id, created_at, error_message FROM port_messages"_s +
                        (engine == SqlEngine::SQLite
                             ? u" INDEXED BY idx_port_messages_dead_letter"_s
                             : QString()) +
                        u" WHERE (status = 'dead_letter' OR (status = 'failed' AND retry_count >= "
                        "max_retries)) AND created_at >= ? AND created_at < ? ORDER BY created_at "
                        "DESC, id DESC LIMIT 501"_s)})
            drain(*db, sql, {weekAgo, to});
        bare.push_back(secondsSince(start));
        // The scan: every status change of the week by one window function.
        if (run == 0) {
            start = Clock::now();
            drain(*db,
                  u"SELECT component_name, last_heartbeat, health_status FROM (SELECT "
                  "component_name, last_heartbeat, health_status, lag(health_status) OVER "
                  "(PARTITION BY component_name ORDER BY last_heartbeat) AS before FROM "
                  "system_health WHERE last_heartbeat >= ? AND last_heartbeat < ?) s WHERE "
                  "before <> health_status"_s,
                  {timestampParam(week.from, engine), to});
            scan.push_back(secondsSince(start));
        }
    }
    out() << u"%1 heartbeats of %2 components, %3 audit entries, %4 runs (load %5)"_s.arg(health)
                 .arg(components)
                 .arg(audit)
                 .arg(runs)
                 .arg(loadAverage())
          << Qt::endl;
    out() << u"  bare reads of a first page   %1 ms (best %2)"_s.arg(ms(median(bare)),
                                                                     ms(best(bare)))
          << Qt::endl;
    out() << u"  first page, last hour        %1 ms (best %2)   ratio %3"_s
                 .arg(ms(median(firstHour)), ms(best(firstHour)))
                 .arg(median(firstHour) / median(bare), 0, 'f', 2)
          << Qt::endl;
    out() << u"  first page, last week        %1 ms (best %2)   ratio %3"_s
                 .arg(ms(median(firstWeek)), ms(best(firstWeek)))
                 .arg(median(firstWeek) / median(bare), 0, 'f', 2)
          << Qt::endl;
    out() << u"    of which heartbeats alone  %1 ms, the other tables alone %2 ms"_s.arg(
                 ms(median(heartbeats)), ms(median(tables)))
          << Qt::endl;
    out() << u"  next pages of the week (%1)  %2 ms median, %3 ms slowest"_s.arg(pageTimes.size())
                 .arg(ms(median(pageTimes)),
                      ms(*std::max_element(pageTimes.begin(), pageTimes.end())))
          << Qt::endl;
    out() << u"  the week's status changes by one scan   %1 ms"_s.arg(ms(scan.front())) << Qt::endl;
    out() << u"  changes in the pages read: %1"_s.arg(changes) << Qt::endl;
    return 0;
}
