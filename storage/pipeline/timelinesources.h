#pragma once

#include "timeline.h"

#include <functional>

// The tables a timeline is read from, for timeline.cpp: each read newest first within a
// page's window, and how far down what it read is whole.

namespace porthole {

// The stretch of time one page reads: from <= at < until, up to `limit` rows of a table.
struct TimelineWindow
{
    QDateTime from;
    QDateTime until;
    int limit = 200;
};

// What one table gave for a page: its changes, whole at and after `completeFrom` (a table
// that had more rows than the page reads stops where they stop).
struct SourceRead
{
    QList<Change> changes;
    QDateTime completeFrom;
    // What began before the range and goes on into it (a silence), given by the page that
    // reaches the range's start.
    QList<Change> before;
};

using SourceReader = std::function<Result<SourceRead>(
    const QSqlDatabase &db, const TimelineFilter &filter, const TimelineWindow &window)>;

struct TimelineSource
{
    QString table;
    QList<ChangeKind> kinds;
    SourceReader read;
};

// alert_history, audit_log, checkpoints, component_state and the dead letters' new errors.
const QList<TimelineSource> &timelineSources();

// What heartbeats tell (status, gap, restart), read in slices of time back from the window's
// `until` until `limit` changes or TimelineReader::heartbeatBudget heartbeats; `next` carries
// each component's oldest heartbeat read to the next page.
Result<SourceRead> readHeartbeatChanges(const QSqlDatabase &db, const TimelineFilter &filter,
                                        const TimelineWindow &window, const QDateTime &now,
                                        TimelineCursor &next);

// Of rows read newest first with one more than `limit` asked for (their times, in that
// order), where they are whole: every row at or after the result was read. `from` when they
// were all there were; nullopt when the extra row shares its time with all the others (read
// again with a greater limit).
std::optional<QDateTime> wholeFrom(const QList<QDateTime> &newestFirst, int limit,
                                   const QDateTime &from);

} // namespace porthole
