#pragma once

#include "storageerror.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QSqlDatabase>
#include <QString>

#include <chrono>
#include <optional>

namespace porthole {

// What changed: the incident timeline's entries, each a change of the pipeline or of what was
// done to it, merged in time order from what the database keeps (docs/USER_GUIDE.md, "What
// changed before it broke"). A kind, and where it comes from:
//
//   alert       an alert firing or resolved (alert_history)
//   action      an operator's action: a replay, an edit, a purge, retention, a backup, a
//               migration, a Redis action (audit_log)
//   group       a consumer group created, reset or deleted through Porthole (audit_log)
//   status      a component's heartbeat status changed (system_health: the heartbeat whose
//               status differs from the one before, not every heartbeat)
//   gap         a component stopped beating: no heartbeat within the interval it beats at
//               (the same threshold that makes it stale everywhere: HealthRepository::
//               staleThreshold()), at its last heartbeat before the silence, which may go on;
//               a silence that began before the range and goes on into it is listed last,
//               at its start, before the range's
//   restart     a component started again: the uptime in its heartbeat's details (uptime_s,
//               uptime_seconds or uptime) went down, or its started_at changed
//   checkpoint  a checkpoint version saved (checkpoints)
//   state       a component_state version saved (component_state)
//   new_error   a dead letter whose error signature (errorSignature()) no dead letter had in
//               the day before it (port_messages)
enum class ChangeKind
{
    Alert,
    Action,
    Group,
    Status,
    Gap,
    Restart,
    Checkpoint,
    State,
    NewError,
};
inline constexpr int changeKindCount = 9;

// The kind's name in `porthole timeline --kind` and its JSON; nullopt for another text.
QString changeKindName(ChangeKind kind);
std::optional<ChangeKind> changeKindNamed(const QString &name);

enum class ChangeSeverity
{
    Info,
    Warning,
    Critical,
};
QString changeSeverityName(ChangeSeverity severity);
std::optional<ChangeSeverity> changeSeverityNamed(const QString &name);

// One entry of the timeline.
struct Change
{
    QDateTime at; // UTC
    ChangeKind kind = ChangeKind::Action;
    ChangeSeverity severity = ChangeSeverity::Info;
    QString component; // what it concerns, where known
    QString port;
    // The row it comes from, within its kind: an alert_history or audit_log id, a checkpoint's
    // "name\nversion", a component_state id, a component's name and time for what heartbeats
    // tell, a dead letter's id.
    QString key;
    // A gap: when heartbeats came again (invalid: not yet, at the time of reading).
    QDateTime until;
    // What it says, by kind (its words are models/timelinetext.h's): an alert's "rule", "subject",
    // "to" (firing, resolved) and "value"; an action's "action", "actor", "target", "count"
    // and "details"; a status's "from", "to" and "reason" (where the heartbeat gives one); a gap's
    // "expected_ms" (the interval the component beats at); a restart's "uptime_before" and
    // "uptime_after" or "started_at"; a checkpoint's "checkpoint" and "version"; a state's "type"
    // and "version"; a new error's "signature" and "error".
    QJsonObject details;

    friend bool operator==(const Change &, const Change &) = default;
};

// Which changes a timeline lists: those with from <= at < to, of one component or one port
// (empty: any), of the kinds named (empty: every kind), at least as severe as `minimum`.
struct TimelineFilter
{
    QDateTime from;
    QDateTime to;
    QString component;
    QString port;
    QList<ChangeKind> kinds;
    ChangeSeverity minimum = ChangeSeverity::Info;
    // A component stops beating after this when it has too few heartbeats to learn its
    // interval from (the settings' stale threshold, as the Overview's).
    std::chrono::milliseconds staleAfter = std::chrono::minutes(2);

    bool wants(ChangeKind kind) const { return kinds.isEmpty() || kinds.contains(kind); }
};

// A component's heartbeat as the timeline compares it with the one before.
struct HeartbeatPoint
{
    QDateTime at;
    QString status;
    std::optional<qint64> uptimeSeconds;
    QString startedAt;
    QString reason; // the details' "reason", where the component gives one

    friend bool operator==(const HeartbeatPoint &, const HeartbeatPoint &) = default;
};

// Where the next page of a timeline starts: TimelinePage::next, given back as it is.
struct TimelineCursor
{
    QDateTime until; // the next page holds changes before this; invalid: the filter's `to`
    // Each component's oldest heartbeat read so far: the one after the next page's newest.
    QHash<QString, HeartbeatPoint> newerHeartbeat;
};

// One page of a timeline, newest first: every change of the filter with readDownTo <= at <
// the cursor's `until` (the last page also the silences that began before the range). A page is
// bounded by what it reads (`limit` changes of each table, TimelineReader::heartbeatBudget
// heartbeats), not by a count of changes, so it may hold fewer than asked, none even, and still not
// be the last.
struct TimelinePage
{
    QList<Change> changes;
    QDateTime readDownTo;
    bool atEnd = false; // readDownTo is the filter's `from`: no older page
    TimelineCursor next;
};

// Reads the timeline a page at a time, newest first, on the connection it is given and the
// thread that opened it; the same on SQLite and PostgreSQL. Each table is read through an
// index on its time (alert_history, audit_log, checkpoints and component_state by their
// time, heartbeats by idx_system_health_heartbeat and each component's by its
// (component_name, last_heartbeat) index, dead letters by idx_port_messages_dead_letter, and
// whether an error was seen in the day before by a bounded look along that index), so that a
// page's cost follows what it shows, not the table's size.
class TimelineReader
{
public:
    // At most this many heartbeats are read for one page: the page ends where they end.
    static constexpr int heartbeatBudget = 10000;
    // At most this many dead letters are read for one page's new errors.
    static constexpr int deadLetterBudget = 500;
    // A dead letter's error is new when none had its signature within this before it.
    static constexpr std::chrono::hours newErrorLookback{24};

    explicit TimelineReader(QSqlDatabase db);

    // The page after `cursor` (a default cursor: the first page), up to `limit` changes of
    // each table (1..10000). `now` is when a silence that goes on is measured to.
    Result<TimelinePage> page(const TimelineFilter &filter, const QDateTime &now,
                              const TimelineCursor &cursor = {}, int limit = 200) const;

    // Every change of the filter, newest first, at most `max` of them (more: `capped`).
    struct All
    {
        QList<Change> changes;
        bool capped = false;
    };
    Result<All> readAll(const TimelineFilter &filter, const QDateTime &now, int max = 10000) const;

private:
    QSqlDatabase m_db;
};

// The changes heartbeats tell, from one component's heartbeats oldest first: `before` the one
// just before them (none: the first there is), `after` the one just after (none: there is
// none yet, and a silence runs to `now`). Only changes at or after `notBefore` are given, as
// a page holds them. `staleAfter` as in TimelineFilter.
QList<Change> heartbeatChanges(const QString &component,
                               const std::optional<HeartbeatPoint> &before,
                               const QList<HeartbeatPoint> &points,
                               const std::optional<HeartbeatPoint> &after, const QDateTime &now,
                               const QDateTime &notBefore, std::chrono::milliseconds staleAfter);

// A heartbeat's details as the timeline reads them: its uptime and start, where it says.
HeartbeatPoint heartbeatPoint(const QDateTime &at, const QString &status,
                              const QByteArray &details);

} // namespace porthole

Q_DECLARE_METATYPE(porthole::Change)
