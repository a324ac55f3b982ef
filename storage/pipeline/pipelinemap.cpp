#include "pipelinemap.h"

#include "fallbacktable.h"
#include "repositorysupport.h"
#include "sqlsupport.h"

#include <QHash>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// How many of a port's newest messages tell who sends on it and who receives.
constexpr int endsSample = 20;

// A count of the rows of one port that `condition` selects (on `m`, the port's rows), stopping
// one row past `cap`: a range of an index, whatever the table's size.
QString cappedCount(const QString &condition, qint64 cap)
{
    return u"(SELECT count(*) FROM (SELECT 1 FROM port_messages m WHERE m.port_name = p.value "
           "AND %1 LIMIT %2) capped)"_s.arg(condition)
               .arg(cap + 1);
}

RowCount countValue(const QVariant &value, qint64 cap)
{
    const qint64 n = value.toLongLong();
    return n > cap ? RowCount{cap, RowCount::Precision::AtLeast} : RowCount{n};
}

// A port's messages_sent counter (port_metrics) at its newest row at or before a time, one
// probe of idx_port_metrics_port (port_name, timestamp): its value and its time, as the
// select list's columns and the FROM clause's joins that give them. PostgreSQL takes both from
// one probe, a LATERAL subquery (`alias`); SQLite, which has none, from two scalar ones.
struct CounterRead
{
    QString columns;
    QString joins;
};

CounterRead counterAt(SqlEngine engine, const QString &alias)
{
    const QString newest = u"FROM port_metrics pm WHERE pm.port_name = p.value AND "
                           "pm.timestamp <= ? ORDER BY pm.timestamp DESC LIMIT 1"_s;
    if (engine == SqlEngine::PostgreSQL)
        return {u"%1.messages_sent, %1.timestamp"_s.arg(alias),
                u" LEFT JOIN LATERAL (SELECT pm.messages_sent, pm.timestamp %1) %2 ON TRUE"_s.arg(
                    newest, alias)};
    return {u"(SELECT pm.messages_sent %1), (SELECT pm.timestamp %1)"_s.arg(newest), {}};
}

// The counter's rise a second from its row at or before a minute ago (`base`, at `baseAt`) to
// its newest (`newest`, at `newestAt`), or -1 when there are not both, or the newest is older
// than a minute. A counter that fell was restarted: it counts from zero.
double counterRate(const QVariant &newest, const QDateTime &newestAt, const QVariant &base,
                   const QDateTime &baseAt, const QDateTime &now)
{
    if (newest.isNull() || base.isNull() || !newestAt.isValid() || !baseAt.isValid() ||
        newestAt.secsTo(now) > 60 || baseAt >= newestAt)
        return -1;
    const qint64 rise = newest.toLongLong() - base.toLongLong();
    const double secs = double(baseAt.msecsTo(newestAt)) / 1000.0;
    return double(rise < 0 ? newest.toLongLong() : rise) / secs;
}

// Every port with its figures, in one statement: the ports by a skip scan of their index, each
// figure a bounded range of an index of that port; with port_metrics, its counter a minute
// apart.
Result<QList<MapPort>> readPorts(const QSqlDatabase &db, const QDateTime &now,
                                 const QueueThresholds &thresholds, qint64 cap)
{
    const SqlEngine engine = engineOf(db);
    const bool counters = hasTable(db, u"port_metrics"_s);
    QString sql = u"WITH RECURSIVE "_s +
                  distinctValuesCte(u"p"_s, u"port_messages"_s, u"port_name"_s) +
                  u" SELECT p.value, "_s + cappedCount(u"m.created_at >= ?"_s, cap) + u", "_s +
                  cappedCount(u"m.status = 'pending'"_s, cap) + u", "_s +
                  cappedCount(u"m.status = 'processing'"_s, cap) + u", "_s +
                  u"(SELECT min(m.created_at) FROM port_messages m WHERE m.port_name = p.value AND "
                  "m.status = 'pending'), "_s +
                  cappedCount(u"m.status = 'failed' AND m.created_at >= ?"_s, cap) + u", "_s +
                  cappedCount(u"m.status = 'dead_letter' AND m.created_at >= ?"_s, cap);
    const QVariant minuteAgo = timestampParam(now.addSecs(-60), engine);
    const QVariant hourAgo = timestampParam(now.addSecs(-3600), engine);
    QVariantList params{minuteAgo, hourAgo, hourAgo};
    QString joins;
    if (counters) {
        const QVariant at = timestampParam(now, engine);
        const CounterRead newest = counterAt(engine, u"newest"_s);
        const CounterRead base = counterAt(engine, u"base"_s);
        sql += u", "_s + newest.columns + u", "_s + base.columns;
        joins = newest.joins + base.joins;
        // Bound in the order of the text: the select list's, then the joins'.
        if (engine == SqlEngine::PostgreSQL)
            params << at << minuteAgo;
        else
            params << at << at << minuteAgo << minuteAgo;
    }
    sql += u" FROM p"_s + joins + u" WHERE p.value IS NOT NULL ORDER BY p.value"_s;
    auto query = execQuery(db, sql, params, u"Reading the pipeline's ports"_s);
    if (!query)
        return query.error();
    QList<MapPort> ports;
    while (query->next()) {
        MapPort port;
        port.name = query->value(0).toString();
        port.lastMinute = countValue(query->value(1), cap);
        port.pending = countValue(query->value(2), cap);
        port.processing = countValue(query->value(3), cap);
        port.oldestPending = timestampValue(query->value(4));
        port.failedLastHour = countValue(query->value(5), cap);
        port.deadLastHour = countValue(query->value(6), cap);
        port.state = queueState(port.pending, port.oldestPending, now, thresholds);
        if (port.state == QueueState::Empty && port.processing.value > 0)
            port.state = QueueState::Flowing;
        if (counters)
            port.reportedPerSecond =
                counterRate(query->value(7), timestampValue(query->value(8)), query->value(9),
                            timestampValue(query->value(10)), now);
        ports.append(port);
    }
    // Read whole before the next statement: PostgreSQL's driver streams a forward-only result.
    query->finish();
    return ports;
}

// Who sends on each port and who receives: its newest messages' ends, every port's in one
// statement (a statement a port took 400 to 600 ms of round trips on PostgreSQL's 500 ports),
// each port's newest endsSample rows a range of idx_port_messages_port_created. PostgreSQL
// takes them as a LATERAL subquery; SQLite, which has none, by their rowids.
Status readEnds(const QSqlDatabase &db, QList<MapPort> *ports)
{
    const QString newest = u"FROM port_messages n WHERE n.port_name = p.value "
                           "ORDER BY n.created_at DESC LIMIT %1"_s.arg(endsSample);
    const QString from =
        engineOf(db) == SqlEngine::PostgreSQL
            ? u"FROM p CROSS JOIN LATERAL (SELECT n.source_component, n.target_component, "
              "n.created_at %1) m"_s.arg(newest)
            : u"FROM p JOIN port_messages m ON m.rowid IN (SELECT n.rowid %1)"_s.arg(newest);
    auto ends = execQuery(db,
                          u"WITH RECURSIVE "_s +
                              distinctValuesCte(u"p"_s, u"port_messages"_s, u"port_name"_s) +
                              u" SELECT p.value, m.source_component, m.target_component "_s + from +
                              u" WHERE p.value IS NOT NULL ORDER BY p.value, m.created_at DESC"_s,
                          {}, u"Reading who sends on the ports"_s);
    if (!ends)
        return ends.error();
    QHash<QString, MapPort *> named;
    for (MapPort &port : *ports)
        named.insert(port.name, &port);
    while (ends->next()) {
        MapPort *port = named.value(ends->value(0).toString());
        if (!port) // come since the ports were read
            continue;
        const QString source = ends->value(1).toString();
        if (port->source.isEmpty()) {
            port->source = source;
            port->target = ends->value(2).toString();
        }
        if (!port->senders.contains(source))
            port->senders << source;
    }
    ends->finish();
    for (MapPort &port : *ports) {
        if (port.senders.size() == 1)
            port.senders.clear();
        else
            port.senders.sort();
    }
    return success();
}

// Each component's newest checkpoint: of the latest version of each checkpoint name (one row a
// name, through the partial index idx_checkpoints_latest), the newest of each component's.
Result<QHash<QString, QDateTime>> readCheckpointTimes(const QSqlDatabase &db)
{
    const SqlEngine engine = engineOf(db);
    // SQLite uses a partial index only when the condition is its own (checkpointrepository.cpp).
    auto query = execQuery(db,
                           u"SELECT component_name, max(created_at) FROM checkpoints WHERE %1 "
                           "GROUP BY component_name"_s.arg(
                               engine == SqlEngine::SQLite ? u"is_latest = 1"_s : u"is_latest"_s),
                           {}, u"Reading the components' checkpoints"_s);
    if (!query)
        return query.error();
    QHash<QString, QDateTime> times;
    while (query->next())
        times.insert(query->value(0).toString(), timestampValue(query->value(1)));
    return times;
}

// sink_storage's sink names, by a skip scan of their index, the first mapSinksShown.
Result<QStringList> readSinks(const QSqlDatabase &db)
{
    auto query = execQuery(
        db,
        u"WITH RECURSIVE "_s + distinctValuesCte(u"s"_s, u"sink_storage"_s, u"sink_name"_s) +
            u" SELECT value FROM s WHERE value IS NOT NULL ORDER BY value LIMIT %1"_s.arg(
                mapSinksShown),
        {}, u"Reading the sinks"_s);
    if (!query)
        return query.error();
    QStringList sinks;
    while (query->next())
        sinks << query->value(0).toString();
    return sinks;
}

} // namespace

const MapComponent *PipelineMap::component(const QString &name) const
{
    const auto found = std::find_if(components.cbegin(), components.cend(),
                                    [&name](const MapComponent &c) { return c.name == name; });
    return found == components.cend() ? nullptr : &*found;
}

const MapPort *PipelineMap::port(const QString &name) const
{
    const auto found = std::find_if(ports.cbegin(), ports.cend(),
                                    [&name](const MapPort &p) { return p.name == name; });
    return found == ports.cend() ? nullptr : &*found;
}

const MapGroup *PipelineMap::group(const QString &stream, const QString &group) const
{
    const auto found =
        std::find_if(redis.groups.cbegin(), redis.groups.cend(),
                     [&](const MapGroup &g) { return g.stream == stream && g.group == group; });
    return found == redis.groups.cend() ? nullptr : &*found;
}

QueueState queueState(const RowCount &pending, const QDateTime &oldestPending, const QDateTime &now,
                      const QueueThresholds &thresholds)
{
    if (pending.value == 0)
        return QueueState::Empty;
    const qint64 waitedSecs = oldestPending.isValid() ? oldestPending.secsTo(now) : 0;
    if (pending.value >= thresholds.stuckPending || waitedSecs >= thresholds.stuckWait.count())
        return QueueState::Stuck;
    if (pending.value >= thresholds.backedUpPending ||
        waitedSecs >= thresholds.backedUpWait.count())
        return QueueState::BackedUp;
    return QueueState::Flowing;
}

Result<PipelineMap> readPipelineMap(const QSqlDatabase &db, const QDateTime &now,
                                    std::chrono::milliseconds staleAfter,
                                    const QueueThresholds &thresholds, qint64 exactUpTo)
{
    PipelineMap map;
    map.readAt = now.toUTC();
    // Every read below is index probes, its counts capped: planned as such, without the JIT
    // compilation that took most of the ports' statement's time.
    const IndexedReads indexed(db, engineOf(db), IndexedReads::Bitmaps::Off);
    for (const QString &table : {u"port_messages"_s, u"system_health"_s})
        if (!hasTable(db, table))
            map.missingTables << table;
    if (!map.missingTables.contains(u"port_messages"_s)) {
        auto ports = readPorts(db, map.readAt, thresholds, exactUpTo);
        if (!ports)
            return ports.error();
        map.ports = std::move(ports).value();
        if (Status ends = readEnds(db, &map.ports); !ends)
            return ends.error();
    }
    QHash<QString, QDateTime> checkpoints;
    if (hasTable(db, u"checkpoints"_s)) {
        auto times = readCheckpointTimes(db);
        if (!times)
            return times.error();
        checkpoints = std::move(times).value();
    }
    if (hasTable(db, u"sink_storage"_s)) {
        auto sinks = readSinks(db);
        if (!sinks)
            return sinks.error();
        map.sinks = std::move(sinks).value();
    }
    QList<HealthRecord> beats;
    if (!map.missingTables.contains(u"system_health"_s)) {
        auto latest = HealthRepository(db).latest(map.readAt, staleAfter);
        if (!latest)
            return latest.error();
        beats = std::move(latest).value();
    }
    // The components: every end of a port and every one that beats, each once, by name.
    QStringList names;
    for (const MapPort &port : std::as_const(map.ports))
        names << port.source << port.target << port.senders;
    for (const HealthRecord &beat : std::as_const(beats))
        names << beat.componentName;
    names.removeAll(QString());
    names.sort();
    names.removeDuplicates();
    for (const QString &name : std::as_const(names)) {
        MapComponent component{name, std::nullopt, checkpoints.value(name)};
        const auto beat =
            std::find_if(beats.cbegin(), beats.cend(),
                         [&name](const HealthRecord &r) { return r.componentName == name; });
        if (beat != beats.cend())
            component.heartbeat = *beat;
        map.components.append(component);
    }
    return map;
}

} // namespace porthole
