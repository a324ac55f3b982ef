#include "healthrepository.h"
#include "sqlsupport.h"
#include "timelinesources.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// A slice of heartbeats is first this long, and twice as long after one of few heartbeats.
constexpr qint64 firstSliceSeconds = 15 * 60;
// The components whose neighbouring heartbeat one statement seeks.
constexpr qsizetype seeksPerStatement = 100;

ChangeSeverity statusSeverity(const QString &status)
{
    if (status == "healthy"_L1)
        return ChangeSeverity::Info;
    if (status == "unhealthy"_L1)
        return ChangeSeverity::Critical;
    return ChangeSeverity::Warning;
}

Change heartbeatChange(ChangeKind kind, const QString &component, const QDateTime &at)
{
    Change change;
    change.kind = kind;
    change.component = component;
    change.at = at;
    change.key = component + u'\n' + at.toString(Qt::ISODateWithMs);
    return change;
}

std::optional<Change> restartOf(const QString &component, const HeartbeatPoint &before,
                                const HeartbeatPoint &point)
{
    Change change = heartbeatChange(ChangeKind::Restart, component, point.at);
    change.severity = ChangeSeverity::Warning;
    if (!point.startedAt.isEmpty() && !before.startedAt.isEmpty() &&
        point.startedAt != before.startedAt) {
        change.details = {{u"started_at"_s, point.startedAt}};
        return change;
    }
    if (point.uptimeSeconds && before.uptimeSeconds &&
        *point.uptimeSeconds < *before.uptimeSeconds) {
        change.details = {{u"uptime_before"_s, *before.uptimeSeconds},
                          {u"uptime_after"_s, *point.uptimeSeconds}};
        return change;
    }
    return std::nullopt;
}

// The component's heartbeats with their time, status and details, newest first, of the
// statement's rows (component_name, health_status, last_heartbeat, health_details).
QHash<QString, QList<HeartbeatPoint>> pointsByComponent(Result<QSqlQuery> &query,
                                                        QList<QDateTime> *times = nullptr)
{
    QHash<QString, QList<HeartbeatPoint>> points;
    while (query->next()) {
        const QDateTime at = timestampValue(query->value(2));
        if (times)
            *times << at;
        points[query->value(0).toString()]
            << heartbeatPoint(at, query->value(1).toString(), query->value(3).toString().toUtf8());
    }
    return points;
}

// The statement of neighbours() for `count` components on SQLite: an arm a component, each
// a seek of its index (SQLite has no LATERAL join; an arm costs it little to plan).
QString neighbourArms(qsizetype count, bool before, int each)
{
    QStringList arms;
    for (qsizetype i = 0; i < count; ++i)
        arms << u"SELECT * FROM (SELECT component_name, health_status, last_heartbeat, "
                "health_details FROM system_health WHERE component_name = ? AND "
                "last_heartbeat %1 ? ORDER BY last_heartbeat %2 LIMIT %3) n%4"_s
                    .arg(before ? u"<"_s : u">="_s, before ? u"DESC"_s : u"ASC"_s)
                    .arg(each)
                    .arg(i);
    return arms.join(u" UNION ALL "_s);
}

// Each component's heartbeat nearest `at` on one side: the newest before it (`before`) or
// the oldest at or after it. One statement for many components, a seek of its index each:
// on PostgreSQL a LATERAL join over the names (a hundred arms of a UNION took it longer to
// plan than to run).
Result<QHash<QString, QList<HeartbeatPoint>>> neighbours(const QSqlDatabase &db,
                                                         const QStringList &components,
                                                         const QDateTime &at, bool before,
                                                         int each = 1)
{
    const SqlEngine engine = engineOf(db);
    QHash<QString, QList<HeartbeatPoint>> found;
    if (engine == SqlEngine::PostgreSQL && !components.isEmpty()) {
        const QVariant names = anyOf(engine, u"c"_s, components).second;
        auto query = execQuery(
            db,
            u"SELECT h.component_name, h.health_status, h.last_heartbeat, h.health_details FROM "
            "unnest(?::text[]) AS c(name) CROSS JOIN LATERAL (SELECT component_name, "
            "health_status, last_heartbeat, health_details FROM system_health WHERE "
            "component_name = c.name AND last_heartbeat %1 ? ORDER BY last_heartbeat %2 LIMIT "
            "%3) h"_s.arg(before ? u"<"_s : u">="_s, before ? u"DESC"_s : u"ASC"_s)
                .arg(each),
            {names, timestampParam(at, engine)},
            u"Reading the heartbeats around a stretch of the timeline"_s);
        if (!query)
            return query.error();
        return pointsByComponent(query);
    }
    for (qsizetype start = 0; start < components.size(); start += seeksPerStatement) {
        const QStringList part = components.mid(start, seeksPerStatement);
        QVariantList params;
        for (const QString &component : part)
            params << component << timestampParam(at, engine);
        auto query = execQuery(db, neighbourArms(part.size(), before, each), params,
                               u"Reading the heartbeats around a stretch of the timeline"_s);
        if (!query)
            return query.error();
        found.insert(pointsByComponent(query));
    }
    return found;
}

struct Slice
{
    QDateTime from;                               // whole from here
    QHash<QString, QList<HeartbeatPoint>> points; // newest first
    int rows = 0;
};

// The heartbeats with from <= time < until, newest first, at most `budget`: when there are
// more, the slice starts where the ones read are whole.
Result<Slice> readSlice(const QSqlDatabase &db, const TimelineFilter &filter, const QDateTime &from,
                        const QDateTime &until, int budget)
{
    const SqlEngine engine = engineOf(db);
    QVariantList params;
    QString sql = u"SELECT component_name, health_status, last_heartbeat, health_details FROM "
                  "system_health WHERE "_s;
    if (!filter.component.isEmpty()) {
        sql += u"component_name = ? AND "_s;
        params << filter.component;
    }
    sql += u"last_heartbeat >= ? AND last_heartbeat < ? ORDER BY last_heartbeat DESC LIMIT ?"_s;
    params << timestampParam(from, engine) << timestampParam(until, engine) << budget + 1;
    auto query = execQuery(db, sql, params, u"Reading the heartbeats of the timeline"_s);
    if (!query)
        return query.error();
    QList<QDateTime> times;
    Slice slice;
    slice.points = pointsByComponent(query, &times);
    slice.rows = int(times.size());
    slice.from = wholeFrom(times, budget, from).value_or(times.isEmpty() ? from : times.last());
    for (QList<HeartbeatPoint> &points : slice.points)
        points.removeIf([&](const HeartbeatPoint &p) { return p.at < slice.from; });
    slice.points.removeIf([](const auto &it) { return it.value().isEmpty(); });
    return slice;
}

} // namespace

HeartbeatPoint heartbeatPoint(const QDateTime &at, const QString &status, const QByteArray &details)
{
    HeartbeatPoint point{at, status, std::nullopt, QString(), QString()};
    if (details.isEmpty() ||
        (!details.contains("up") && !details.contains("started") && !details.contains("reason")))
        return point;
    const QJsonObject object = QJsonDocument::fromJson(details).object();
    for (const auto key : {"uptime_s"_L1, "uptime_seconds"_L1, "uptime"_L1}) {
        const QJsonValue value = object.value(key);
        if (value.isDouble()) {
            point.uptimeSeconds = qint64(value.toDouble());
            break;
        }
    }
    point.startedAt = object.value("started_at"_L1).toString();
    point.reason = object.value("reason"_L1).toString();
    return point;
}

QList<Change> heartbeatChanges(const QString &component,
                               const std::optional<HeartbeatPoint> &before,
                               const QList<HeartbeatPoint> &points,
                               const std::optional<HeartbeatPoint> &after, const QDateTime &now,
                               const QDateTime &notBefore, std::chrono::milliseconds staleAfter)
{
    QList<HeartbeatPoint> all;
    if (before)
        all << *before;
    all << points;
    if (after)
        all << *after;
    QList<qint64> intervals;
    for (qsizetype i = all.size() - 1; i > 0; --i)
        intervals << all.at(i - 1).at.msecsTo(all.at(i).at);
    const qint64 expected = HealthRepository::expectedInterval(intervals);
    const qint64 threshold = HealthRepository::staleThreshold(expected, staleAfter).count();
    QList<Change> changes;
    for (qsizetype i = 0; i < all.size(); ++i) {
        const HeartbeatPoint &point = all.at(i);
        if (point.at < notBefore || (after && i == all.size() - 1))
            continue;
        if (i > 0 && all.at(i - 1).status != point.status) {
            Change change = heartbeatChange(ChangeKind::Status, component, point.at);
            change.severity = statusSeverity(point.status);
            change.details = {{u"from"_s, all.at(i - 1).status}, {u"to"_s, point.status}};
            if (!point.reason.isEmpty())
                change.details.insert(u"reason"_s, point.reason);
            changes << change;
        }
        if (i > 0)
            if (std::optional<Change> restart = restartOf(component, all.at(i - 1), point))
                changes << *restart;
        const bool last = i == all.size() - 1;
        const QDateTime next = last ? now : all.at(i + 1).at;
        if (point.at.msecsTo(next) > threshold) {
            Change change = heartbeatChange(ChangeKind::Gap, component, point.at);
            change.severity = last ? ChangeSeverity::Critical : ChangeSeverity::Warning;
            if (!last)
                change.until = next;
            change.details = {{u"expected_ms"_s, expected}, {u"threshold_ms"_s, threshold}};
            changes << change;
        }
    }
    return changes;
}

// The first of a component's heartbeats in `points`; none when it has none there.
std::optional<HeartbeatPoint> firstOf(const QHash<QString, QList<HeartbeatPoint>> &points,
                                      const QString &component)
{
    const auto found = points.constFind(component);
    if (found == points.cend() || found->isEmpty())
        return std::nullopt;
    return found->first();
}

// Each of `components`' heartbeat just after what was read of the range so far: the oldest a
// newer page or stretch read (`next`), else, for one not seen in the range, the first after
// the range's end (none when the range reaches now). A component with none is left out.
Result<QHash<QString, QList<HeartbeatPoint>>>
heartbeatsAfter(const QSqlDatabase &db, const TimelineFilter &filter, const QDateTime &now,
                const TimelineCursor &next, const QStringList &components)
{
    QHash<QString, QList<HeartbeatPoint>> after;
    QStringList unseen;
    for (const QString &component : components) {
        if (next.newerHeartbeat.contains(component))
            after.insert(component, {next.newerHeartbeat.value(component)});
        else
            unseen << component;
    }
    if (unseen.isEmpty() || filter.to >= now)
        return after;
    auto later = neighbours(db, unseen, filter.to, false);
    if (!later)
        return later.error();
    after.insert(*later);
    return after;
}

// The silences that began before the range and go on into it: the component's last heartbeat
// before `from` (judged by the interval of the few before it) and its first after, as read
// by the pages (`next`) or, for one silent all through the range, sought after its end.
Result<QList<Change>> silencesIntoRange(const QSqlDatabase &db, const TimelineFilter &filter,
                                        const QDateTime &now, const TimelineCursor &next)
{
    QStringList components;
    if (!filter.component.isEmpty()) {
        components << filter.component;
    } else {
        auto latest = HealthRepository(db).latestHeartbeats();
        if (!latest)
            return latest.error();
        for (const HealthRecord &record : std::as_const(*latest))
            components << record.componentName;
    }
    auto before = neighbours(db, components, filter.from, true, 4);
    if (!before)
        return before.error();
    auto after = heartbeatsAfter(db, filter, now, next, before->keys());
    if (!after)
        return after.error();
    QList<Change> silences;
    for (auto it = before->cbegin(); it != before->cend(); ++it) {
        QList<HeartbeatPoint> points = it.value(); // newest first
        const QDateTime last = points.first().at;
        std::reverse(points.begin(), points.end());
        for (const Change &change :
             heartbeatChanges(it.key(), std::nullopt, points, firstOf(*after, it.key()), now, last,
                              filter.staleAfter))
            if (change.kind == ChangeKind::Gap)
                silences << change;
    }
    return silences;
}

Result<SourceRead> readHeartbeatChanges(const QSqlDatabase &db, const TimelineFilter &filter,
                                        const TimelineWindow &window, const QDateTime &now,
                                        TimelineCursor &next)
{
    SourceRead read;
    QDateTime upper = window.until;
    qint64 sliceSeconds = firstSliceSeconds;
    int budget = TimelineReader::heartbeatBudget;
    while (upper > window.from && budget > 0 && read.changes.size() < window.limit) {
        const QDateTime lower = std::max(window.from, upper.addSecs(-sliceSeconds));
        auto slice = readSlice(db, filter, lower, upper, budget);
        if (!slice)
            return slice.error();
        budget -= slice->rows;
        const QStringList components = slice->points.keys();
        auto before = neighbours(db, components, slice->from, true);
        if (!before)
            return before.error();
        auto after = heartbeatsAfter(db, filter, now, next, components);
        if (!after)
            return after.error();
        for (auto it = slice->points.cbegin(); it != slice->points.cend(); ++it) {
            QList<HeartbeatPoint> points = it.value();
            std::reverse(points.begin(), points.end());
            read.changes << heartbeatChanges(it.key(), firstOf(*before, it.key()), points,
                                             firstOf(*after, it.key()), now, slice->from,
                                             filter.staleAfter);
            next.newerHeartbeat.insert(it.key(), points.first());
        }
        upper = slice->from;
        if (slice->rows < TimelineReader::heartbeatBudget / 8)
            sliceSeconds *= 2;
    }
    read.completeFrom = std::max(window.from, upper);
    if (upper <= filter.from && filter.wants(ChangeKind::Gap)) {
        auto silences = silencesIntoRange(db, filter, now, next);
        if (!silences)
            return silences.error();
        read.before = *silences;
    }
    return read;
}

} // namespace porthole
