#include "timelinesources.h"

#include "errorsignature.h"
#include "fallbacktable.h"
#include "sqlsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMap>
#include <QSet>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

using ChangeOf = std::function<std::optional<Change>(const QSqlQuery &)>;

// The rows of `sql` newest first: it ends with "<time> >= ? AND <time> < ? ORDER BY <time>
// DESC, ... LIMIT ?", whose values follow `params`. A page that cannot tell where its rows are
// whole (more than its limit at one moment) reads again with the greatest limit.
Result<SourceRead> readNewestFirst(const QSqlDatabase &db, const QString &sql,
                                   const QVariantList &params, const TimelineWindow &window,
                                   int timeColumn, const ChangeOf &changeOf, const QString &what)
{
    const SqlEngine engine = engineOf(db);
    for (int limit = window.limit;; limit = 10000) {
        QVariantList all = params;
        all << timestampParam(window.from, engine) << timestampParam(window.until, engine)
            << limit + 1;
        auto query = execQuery(db, sql, all, what);
        if (!query)
            return query.error();
        QList<QDateTime> times;
        QList<Change> changes;
        while (query->next()) {
            const QDateTime at = timestampValue(query->value(timeColumn));
            times << at;
            if (std::optional<Change> change = changeOf(*query)) {
                change->at = at;
                changes << *change;
            }
        }
        const std::optional<QDateTime> whole = wholeFrom(times, limit, window.from);
        if (!whole && limit < 10000)
            continue;
        SourceRead read;
        read.completeFrom = whole.value_or(times.isEmpty() ? window.from : times.last());
        for (const Change &change : std::as_const(changes))
            if (change.at >= read.completeFrom)
                read.changes << change;
        return read;
    }
}

// Whether a JSON value names `name`: a text equal to it anywhere within.
bool mentions(const QJsonValue &value, const QString &name)
{
    if (value.isString())
        return value.toString() == name;
    if (value.isArray()) {
        const QJsonArray array = value.toArray();
        return std::any_of(array.begin(), array.end(),
                           [&](const QJsonValue &v) { return mentions(v, name); });
    }
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        return std::any_of(object.begin(), object.end(),
                           [&](const QJsonValue &v) { return mentions(v, name); });
    }
    return false;
}

// The one port an audit entry's filter names (a selection's "ports", as a replay or purge
// records it under "selection" and "filter"), else empty.
QString portOf(const QJsonObject &filter)
{
    const QJsonArray ports = filter.value("ports"_L1).toArray();
    if (ports.size() == 1)
        return ports.first().toString();
    for (const QJsonValue &value : filter)
        if (value.isObject())
            if (QString port = portOf(value.toObject()); !port.isEmpty())
                return port;
    return {};
}

Result<SourceRead> readAlerts(const QSqlDatabase &db, const TimelineFilter &filter,
                              const TimelineWindow &window)
{
    QString where = u"to_state IN ('firing', 'resolved')"_s;
    QVariantList params;
    for (const QString &subject : {filter.component, filter.port}) {
        if (!subject.isEmpty()) {
            where += u" AND subject = ?"_s;
            params << subject;
        }
    }
    const QString sql = u"SELECT id, occurred_at, rule_id, rule_name, subject, severity, to_state, "
                        "value FROM alert_history WHERE "_s +
                        where +
                        u" AND occurred_at >= ? AND occurred_at < ? "
                        "ORDER BY occurred_at DESC, id DESC LIMIT ?"_s;
    return readNewestFirst(
        db, sql, params, window, 1,
        [](const QSqlQuery &row) -> std::optional<Change> {
            Change change;
            change.kind = ChangeKind::Alert;
            change.key = row.value(0).toString();
            change.component = row.value(4).toString();
            const QString to = row.value(6).toString();
            change.severity = to == "resolved"_L1 ? ChangeSeverity::Info
                                                  : changeSeverityNamed(row.value(5).toString())
                                                        .value_or(ChangeSeverity::Warning);
            change.details = {{u"rule"_s, row.value(3).toString()},
                              {u"rule_id"_s, row.value(2).toString()},
                              {u"subject"_s, change.component},
                              {u"to"_s, to}};
            if (!row.value(7).isNull())
                change.details.insert(u"value"_s, row.value(7).toDouble());
            return change;
        },
        u"Reading the alerts of the timeline"_s);
}

ChangeSeverity actionSeverity(const QString &action)
{
    static const QStringList destructive{
        u"purge"_s,        u"hard delete"_s,        u"retention"_s,
        u"migrate-down"_s, u"stream-delete"_s,      u"stream-trim"_s,
        u"restore"_s,      u"stream-group-reset"_s, u"stream-group-delete"_s};
    for (const QString &name : destructive)
        if (action == name || action.startsWith(name + u' '))
            return ChangeSeverity::Warning;
    return ChangeSeverity::Info;
}

Result<SourceRead> readActions(const QSqlDatabase &db, const TimelineFilter &filter,
                               const TimelineWindow &window)
{
    const QString sql = u"SELECT id, occurred_at, actor, action, target_table, filter, "
                        "affected_count, details FROM audit_log WHERE occurred_at >= ? AND "
                        "occurred_at < ? ORDER BY occurred_at DESC, id DESC LIMIT ?"_s;
    return readNewestFirst(
        db, sql, {}, window, 1,
        [&filter](const QSqlQuery &row) -> std::optional<Change> {
            const QJsonObject selection =
                QJsonDocument::fromJson(row.value(5).toString().toUtf8()).object();
            const QString target = row.value(4).toString();
            for (const QString &name : {filter.component, filter.port})
                if (!name.isEmpty() && target != name && !mentions(selection, name))
                    return std::nullopt;
            Change change;
            const QString action = row.value(3).toString();
            change.kind =
                action.startsWith("stream-group-"_L1) || action.startsWith("stream-consumer-"_L1)
                    ? ChangeKind::Group
                    : ChangeKind::Action;
            change.severity = actionSeverity(action);
            change.key = row.value(0).toString();
            change.port = portOf(selection);
            change.details = {{u"action"_s, action},
                              {u"actor"_s, row.value(2).toString()},
                              {u"target"_s, target},
                              {u"count"_s, row.value(6).toLongLong()},
                              {u"details"_s, row.value(7).toString()}};
            if (change.kind == ChangeKind::Group)
                change.details.insert(u"group"_s, selection.value("group"_L1).toString());
            return change;
        },
        u"Reading the operators' actions of the timeline"_s);
}

// The versions of a table of versions (checkpoints, component_state), by their time of
// saving; none on a port.
Result<SourceRead> readVersions(const QSqlDatabase &db, const TimelineFilter &filter,
                                const TimelineWindow &window, ChangeKind kind)
{
    if (!filter.port.isEmpty())
        return SourceRead{{}, window.from, {}};
    const bool checkpoints = kind == ChangeKind::Checkpoint;
    const QString sql =
        (checkpoints ? u"SELECT id, created_at, component_name, version, checkpoint_name "
                       "FROM checkpoints WHERE "_s
                     : u"SELECT id, created_at, component_name, version, component_type "
                       "FROM component_state WHERE "_s) +
        (filter.component.isEmpty() ? QString() : u"component_name = ? AND "_s) +
        u"created_at >= ? AND created_at < ? ORDER BY created_at DESC, id DESC LIMIT ?"_s;
    const QVariantList params =
        filter.component.isEmpty() ? QVariantList{} : QVariantList{filter.component};
    return readNewestFirst(
        db, sql, params, window, 1,
        [kind, checkpoints](const QSqlQuery &row) -> std::optional<Change> {
            Change change;
            change.kind = kind;
            change.component = row.value(2).toString();
            const qint64 version = row.value(3).toLongLong();
            change.key = checkpoints ? row.value(4).toString() + u'\n' + QString::number(version)
                                     : row.value(0).toString();
            change.details = {{checkpoints ? u"checkpoint"_s : u"type"_s, row.value(4).toString()},
                              {u"version"_s, version}};
            return change;
        },
        checkpoints ? u"Reading the checkpoints of the timeline"_s
                    : u"Reading the component states of the timeline"_s);
}

// The dead letters, from where their index reads them newest first: SQLite, left to itself,
// reads both statuses' ranges of idx_port_messages_status_created and sorts them all.
QString deadLetterTable(const QSqlDatabase &db)
{
    if (engineOf(db) != SqlEngine::SQLite)
        return u"port_messages"_s;
    auto index = execQuery(db,
                           u"SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = "
                           "'idx_port_messages_dead_letter'"_s,
                           {}, u"Looking for the dead letters' index"_s);
    return index && index->next() ? u"port_messages INDEXED BY idx_port_messages_dead_letter"_s
                                  : u"port_messages"_s;
}

// Whether a dead letter of `where` with `signature` came within [from, to): the first few
// whose message is like it, each checked by its signature (the pattern lets a few others by).
Result<bool> seenBefore(const QSqlDatabase &db, const QString &table, const QString &where,
                        QVariantList params, const QString &signature, const QDateTime &from,
                        const QDateTime &to)
{
    const SqlEngine engine = engineOf(db);
    params << timestampParam(from, engine) << timestampParam(to, engine)
           << errorLikePattern(signature);
    auto query = execQuery(db,
                           u"SELECT error_message FROM "_s + table + u" WHERE "_s + where +
                               u" AND created_at >= ? AND created_at < ? AND error_message "
                               "LIKE ? ESCAPE '\\' LIMIT 20"_s,
                           params, u"Looking for an error seen before"_s);
    if (!query)
        return query.error();
    int matched = 0;
    while (query->next()) {
        if (errorSignature(query->value(0).toString()) == signature)
            return true;
        ++matched;
    }
    return matched == 20; // many alike, none the same: taken as seen rather than said new
}

// The dead letters of the window, newest first, up to the budget; one is a new error when no
// dead letter had its signature within the lookback before it: known from the others read,
// else asked of the table (a bounded range of the dead letters' index).
Result<SourceRead> readNewErrors(const QSqlDatabase &db, const TimelineFilter &filter,
                                 const TimelineWindow &window)
{
    QString where = u"(status = 'dead_letter' OR (status = 'failed' AND retry_count >= "
                    "max_retries))"_s;
    if (columnNames(db, u"port_messages"_s).contains(u"deleted_at"_s))
        where += u" AND deleted_at IS NULL"_s; // purged: no longer a dead letter
    const QString table = deadLetterTable(db);
    QVariantList params;
    if (!filter.port.isEmpty()) {
        where += u" AND port_name = ?"_s;
        params << filter.port;
    }
    if (!filter.component.isEmpty()) {
        where += u" AND target_component = ?"_s;
        params << filter.component;
    }
    const auto lookback =
        std::chrono::duration_cast<std::chrono::seconds>(TimelineReader::newErrorLookback).count();
    TimelineWindow read = window;
    read.limit = TimelineReader::deadLetterBudget;
    auto rows = readNewestFirst(
        db,
        u"SELECT id, created_at, port_name, target_component, error_message FROM "_s + table +
            u" WHERE "_s + where +
            u" AND created_at >= ? AND created_at < ? ORDER BY created_at DESC, id DESC LIMIT ?"_s,
        params, read, 1,
        [](const QSqlQuery &row) -> std::optional<Change> {
            Change change;
            change.kind = ChangeKind::NewError;
            change.severity = ChangeSeverity::Warning;
            change.key = row.value(0).toString();
            change.port = row.value(2).toString();
            change.component = row.value(3).toString();
            const QString error = row.value(4).toString();
            change.details = {{u"signature"_s, errorSignature(error)}, {u"error"_s, error}};
            return change;
        },
        u"Reading the dead letters of the timeline"_s);
    if (!rows)
        return rows.error();
    SourceRead result;
    result.completeFrom = rows->completeFrom;
    // Oldest first: each signature's last time seen before each dead letter.
    QHash<QString, QDateTime> lastSeen;
    for (auto it = rows->changes.crbegin(); it != rows->changes.crend(); ++it) {
        const QString signature = it->details.value("signature"_L1).toString();
        const auto seen = lastSeen.constFind(signature);
        bool isNew = seen == lastSeen.cend() || seen->secsTo(it->at) > lookback;
        // What was read goes down to completeFrom: before it, the table is asked.
        if (isNew && it->at.addSecs(-lookback) < result.completeFrom) {
            auto probed = seenBefore(db, table, where, params, signature, it->at.addSecs(-lookback),
                                     result.completeFrom);
            if (!probed)
                return probed.error();
            isNew = !*probed;
        }
        lastSeen.insert(signature, it->at);
        if (isNew)
            result.changes << *it;
    }
    return result;
}

// A consumer group as one sampling slot of backlog_samples saw it.
struct GroupSample
{
    std::optional<qint64> lag;
    std::optional<qint64> added; // the stream's entries added, as XINFO STREAM counts them
    QString lastDelivered;       // its last-delivered-id; empty: not known
};

// A stream entry id ("1700000000000-3") as the pair it orders by; none for another text.
std::optional<std::pair<qint64, qint64>> entryIdOf(const QString &id)
{
    bool msOk = false;
    bool seqOk = false;
    const qint64 ms = id.section(u'-', 0, 0).toLongLong(&msOk);
    const qint64 seq = id.section(u'-', 1, 1).toLongLong(&seqOk);
    if (!msOk || !seqOk)
        return std::nullopt;
    return std::pair(ms, seq);
}

// Whether a group's position went back between two samples: its last-delivered-id is older
// (XGROUP SETID to an earlier entry), or, where the ids are not known, its lag grew by more
// than its stream's new entries (lag grows only by what is added unless the position goes back).
bool movedBack(const GroupSample &was, const GroupSample &is)
{
    const auto wasId = entryIdOf(was.lastDelivered);
    const auto isId = entryIdOf(is.lastDelivered);
    if (wasId && isId)
        return *isId < *wasId;
    return was.lag && is.lag && was.added && is.added &&
           *is.lag - *was.lag > *is.added - *was.added;
}
// The groups of one slot, by stream and group ("stream\ngroup").
using SlotGroups = QHash<QString, GroupSample>;

// A group's key ("stream\ngroup") and sample, of a row whose columns from `first` on are
// source, group_name, lag, entries_added and last_delivered.
QString groupKeyOf(const QSqlQuery &row, int first)
{
    return row.value(first).toString() + u'\n' + row.value(first + 1).toString();
}

GroupSample groupSampleOf(const QSqlQuery &row, int first)
{
    const auto count = [&row](int column) {
        return row.isNull(column) ? std::nullopt
                                  : std::optional<qint64>(row.value(column).toLongLong());
    };
    return {count(first + 2), count(first + 3), row.value(first + 4).toString()};
}

// A sampled group's change between two slots: at the later one, about `key` ("stream\ngroup").
Change groupChange(const QString &key, const QDateTime &at, const QString &change,
                   ChangeSeverity severity)
{
    Change result;
    result.kind = ChangeKind::Group;
    result.severity = severity;
    result.at = at;
    result.port = key.section(u'\n', 0, 0);
    result.key = key + u'\n' + at.toString(Qt::ISODateWithMs);
    result.details = {
        {u"change"_s, change}, {u"target"_s, result.port}, {u"group"_s, key.section(u'\n', 1)}};
    return result;
}

// What changed between two sampled slots: a group there only in the later one appeared
// (created, or first sampled), one only in the earlier is gone (deleted, or its stream was),
// and one whose position went back was moved back (a reset: movedBack()).
QList<Change> groupChanges(const SlotGroups &before, const SlotGroups &after, const QDateTime &at)
{
    QList<Change> changes;
    for (auto it = after.cbegin(); it != after.cend(); ++it) {
        const auto earlier = before.constFind(it.key());
        if (earlier == before.cend()) {
            changes << groupChange(it.key(), at, u"appeared"_s, ChangeSeverity::Info);
            continue;
        }
        const GroupSample &was = *earlier;
        const GroupSample &is = *it;
        if (!movedBack(was, is))
            continue;
        Change change = groupChange(it.key(), at, u"moved_back"_s, ChangeSeverity::Warning);
        change.details.insert(u"delivered_before"_s, was.lastDelivered);
        change.details.insert(u"delivered_after"_s, is.lastDelivered);
        if (was.lag && is.lag) {
            change.details.insert(u"lag_before"_s, *was.lag);
            change.details.insert(u"lag_after"_s, *is.lag);
        }
        changes << change;
    }
    for (auto it = before.cbegin(); it != before.cend(); ++it)
        if (!after.contains(it.key()))
            changes << groupChange(it.key(), at, u"gone"_s, ChangeSeverity::Warning);
    return changes;
}

// The groups of the last slot sampled before `slot`; none when there is none.
Result<SlotGroups> groupsBefore(const QSqlDatabase &db, const QDateTime &slot)
{
    const QVariant at = timestampParam(slot, engineOf(db));
    auto query = execQuery(
        db,
        u"SELECT source, group_name, lag, entries_added, last_delivered FROM backlog_samples "
        "WHERE kind = 'group' AND slot = (SELECT max(slot) FROM backlog_samples WHERE kind = "
        "'group' AND slot < ?)"_s,
        {at}, u"Reading the consumer groups sampled before the timeline's page"_s);
    if (!query)
        return query.error();
    SlotGroups groups;
    while (query->next())
        groups.insert(groupKeyOf(*query, 0), groupSampleOf(*query, 0));
    return groups;
}

// Consumer groups created, deleted or reset by anyone, as the backlog samples saw them (the
// changes made through Porthole are also in the audit log, with who made them): each sampled
// slot compared with the one before it. A group's changes are on its stream, as a port.
Result<SourceRead> readGroupSamples(const QSqlDatabase &db, const TimelineFilter &filter,
                                    const TimelineWindow &window)
{
    if (!filter.component.isEmpty())
        return SourceRead{{}, window.from, {}};
    TimelineWindow read = window;
    read.limit = std::max(window.limit, 1000);
    // Each row's sample, by its group and slot: the rows come back as changes, their times set.
    QHash<QString, GroupSample> samples;
    const auto slotKey = [](const QString &group, const QDateTime &slot) -> QString {
        return group + u'\n' + slot.toString(Qt::ISODateWithMs);
    };
    auto rows = readNewestFirst(
        db,
        u"SELECT slot, source, group_name, lag, entries_added, last_delivered FROM "
        "backlog_samples WHERE kind = 'group' AND slot >= ? AND slot < ? "
        "ORDER BY slot DESC, id DESC LIMIT ?"_s,
        {}, read, 0,
        [&samples, &slotKey](const QSqlQuery &row) -> std::optional<Change> {
            Change sample;
            sample.key = groupKeyOf(row, 1);
            samples.insert(slotKey(sample.key, timestampValue(row.value(0))),
                           groupSampleOf(row, 1));
            return sample;
        },
        u"Reading the consumer groups sampled in the timeline's range"_s);
    if (!rows)
        return rows.error();
    QMap<QDateTime, SlotGroups> bySlot; // oldest first
    for (const Change &sample : std::as_const(rows->changes))
        bySlot[sample.at].insert(sample.key, samples.value(slotKey(sample.key, sample.at)));
    SourceRead result{{}, rows->completeFrom, {}};
    if (bySlot.isEmpty())
        return result;
    auto previous = groupsBefore(db, bySlot.firstKey());
    if (!previous)
        return previous.error();
    // The first sample there is: nothing to compare it with.
    std::optional<SlotGroups> before;
    if (!previous->isEmpty())
        before = *previous;
    for (auto it = bySlot.cbegin(); it != bySlot.cend(); ++it) {
        if (before)
            for (const Change &change : groupChanges(*before, it.value(), it.key()))
                if (filter.port.isEmpty() || change.port == filter.port)
                    result.changes.prepend(change);
        before = it.value();
    }
    return result;
}

} // namespace

std::optional<QDateTime> wholeFrom(const QList<QDateTime> &newestFirst, int limit,
                                   const QDateTime &from)
{
    if (newestFirst.size() <= limit)
        return from;
    const QDateTime extra = newestFirst.last();
    std::optional<QDateTime> whole;
    for (const QDateTime &at : newestFirst)
        if (at > extra)
            whole = at;
    return whole;
}

const QList<TimelineSource> &timelineSources()
{
    static const QList<TimelineSource> sources{
        {u"alert_history"_s, {ChangeKind::Alert}, readAlerts},
        {u"audit_log"_s, {ChangeKind::Action, ChangeKind::Group}, readActions},
        {u"checkpoints"_s,
         {ChangeKind::Checkpoint},
         [](const QSqlDatabase &db, const TimelineFilter &filter, const TimelineWindow &window) {
             return readVersions(db, filter, window, ChangeKind::Checkpoint);
         }},
        {u"component_state"_s,
         {ChangeKind::State},
         [](const QSqlDatabase &db, const TimelineFilter &filter, const TimelineWindow &window) {
             return readVersions(db, filter, window, ChangeKind::State);
         }},
        {u"port_messages"_s, {ChangeKind::NewError}, readNewErrors},
        {u"backlog_samples"_s, {ChangeKind::Group}, readGroupSamples},
    };
    return sources;
}

} // namespace porthole
