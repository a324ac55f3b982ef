#pragma once

#include "storageerror.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QStringList>

#include <chrono>

namespace porthole {

// The metric rollups' boundaries (migration 30). metric_rollups holds, for each metric table
// Porthole rolls up (component_metrics, port_metrics, metrics), the values of the rows rolled
// up: on PostgreSQL the rows whose time is before the table's boundary
// (metric_rollup_state.rolled_to), on SQLite those whose rowid is also at most rolled_rowid.
// The pipeline's inserts fire nothing on SQLite, and on PostgreSQL only a trigger's condition
// unless the row's time is before the boundary (then its trigger adds it). The Metrics pane
// reads the rows not rolled up raw (MetricsRepository::pointsStatement(), in the same statement
// as the rollups: one snapshot). rollMetricRollups() moves each boundary forward: the rows
// between the old boundary and the new one (on SQLite with them the rows inserted since with a
// time before the old boundary) are added to the rollups, and the boundary (and rowid) moved,
// in one write transaction. On SQLite that transaction holds the write lock (BEGIN IMMEDIATE);
// on PostgreSQL a SHARE ROW EXCLUSIVE lock on the table, which waits for its writers under way
// (their rows, committed, are then read), holds the next ones back until it commits, and makes
// two rollers take turns.
struct RollupOptions
{
    // The boundary stays at least this far behind `now`, rounded down to a whole minute: rows
    // a pipeline writes with its own clock a little behind are not late.
    std::chrono::seconds settle{60};
    // At most this much time is rolled up in one transaction (a multiple of a minute): the
    // pipeline's writers wait no longer than its rows take to read.
    std::chrono::seconds step{600};
    // SQLite: at most this many of the rows inserted since the last step (by rowid) in one
    // transaction: a bulk load of old rows is rolled up over several.
    qint64 lateRows = 100000;
    // At most this many transactions a call, over every table.
    int maxSteps = 6;
    // PostgreSQL: how long a step waits for the table's lock (the writers under way) before it
    // gives up until the next call; the writers that come meanwhile wait behind it.
    std::chrono::milliseconds lockTimeout{200};
};

struct RollupProgress
{
    int steps = 0;            // transactions committed
    qint64 buckets = 0;       // rollup rows added to or made
    QStringList waiting;      // tables whose lock was not had within lockTimeout
    QDateTime oldestBoundary; // after the call: the earliest boundary of the tables; invalid
                              // when there is none (no rollups, or none of Porthole's)
};

// Moves the boundaries of `db`'s metric tables towards `now` - settle (options above). Nothing
// when the database has no metric_rollup_state (below migration 30, or a database attached
// read-only is not written: the caller does not call it there).
Result<RollupProgress> rollMetricRollups(const QSqlDatabase &db, const QDateTime &now,
                                         const RollupOptions &options = {});

} // namespace porthole
