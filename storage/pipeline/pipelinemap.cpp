#include "pipelinemap.h"

#include "fallbacktable.h"
#include "repositorysupport.h"
#include "sqlsupport.h"

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

// Every port with its figures, in one statement: the ports by a skip scan of their index, each
// figure a bounded range of an index of that port.
Result<QList<MapPort>> readPorts(const QSqlDatabase &db, const QDateTime &now,
                                 const QueueThresholds &thresholds, qint64 cap)
{
    const SqlEngine engine = engineOf(db);
    const QString sql =
        u"WITH RECURSIVE "_s + distinctValuesCte(u"p"_s, u"port_messages"_s, u"port_name"_s) +
        u" SELECT p.value, "_s + cappedCount(u"m.created_at >= ?"_s, cap) + u", "_s +
        cappedCount(u"m.status = 'pending'"_s, cap) + u", "_s +
        cappedCount(u"m.status = 'processing'"_s, cap) + u", "_s +
        u"(SELECT min(m.created_at) FROM port_messages m WHERE m.port_name = p.value AND "
        "m.status = 'pending'), "_s +
        cappedCount(u"m.status = 'failed' AND m.created_at >= ?"_s, cap) + u", "_s +
        cappedCount(u"m.status = 'dead_letter' AND m.created_at >= ?"_s, cap) +
        u" FROM p WHERE p.value IS NOT NULL ORDER BY p.value"_s;
    const QVariant hourAgo = timestampParam(now.addSecs(-3600), engine);
    auto query = execQuery(db, sql, {timestampParam(now.addSecs(-60), engine), hourAgo, hourAgo},
                           u"Reading the pipeline's ports"_s);
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
        ports.append(port);
    }
    // Read whole before the next statement: PostgreSQL's driver streams a forward-only result.
    query->finish();
    for (MapPort &port : ports) {
        auto ends =
            execQuery(db,
                      u"SELECT source_component, target_component FROM port_messages "
                      "WHERE port_name = ? ORDER BY created_at DESC LIMIT %1"_s.arg(endsSample),
                      {port.name}, u"Reading who sends on a port"_s);
        if (!ends)
            return ends.error();
        while (ends->next()) {
            const QString source = ends->value(0).toString();
            if (port.source.isEmpty()) {
                port.source = source;
                port.target = ends->value(1).toString();
            }
            if (!port.senders.contains(source))
                port.senders << source;
        }
        if (port.senders.size() == 1)
            port.senders.clear();
        else
            port.senders.sort();
    }
    return ports;
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
    for (const QString &table : {u"port_messages"_s, u"system_health"_s})
        if (!hasTable(db, table))
            map.missingTables << table;
    if (!map.missingTables.contains(u"port_messages"_s)) {
        auto ports = readPorts(db, map.readAt, thresholds, exactUpTo);
        if (!ports)
            return ports.error();
        map.ports = std::move(ports).value();
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
        MapComponent component{name, std::nullopt};
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
