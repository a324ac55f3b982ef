#pragma once

#include "paging.h"
#include "sqltypes.h"
#include "storageerror.h"
#include "timescalehealth.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QSqlDatabase>
#include <QString>

#include <chrono>
#include <optional>

namespace porthole {

// Why a figure of the health snapshot has no value. The storage layer's texts stay English;
// the window words each reason in the operator's language.
enum class HealthGap
{
    None,             // the figure is there
    NotApplicable,    // the engine has no such thing (SQLite: connections, replication)
    NeedsMonitorRole, // PostgreSQL hides it from this role: pg_monitor (pg_read_all_stats) shows it
    ServerElsewhere,  // the server's disk is on another machine, or its folder is not visible
    TooLarge,         // measuring would read the whole file (SQLite's dbstat on a big file)
    NotSupported,     // this SQLite was built without dbstat
    Failed,           // the query failed: `problems` says why
};

// One table of the database: what it holds and how fast it grows.
struct TableHealth
{
    QString name;
    // Exact up to DatabaseHealthOptions::exactCountUpTo; beyond that an estimate (PostgreSQL's
    // statistics; SQLite's sqlite_stat1 when ANALYZE ran, else the span of its rowids).
    RowCount rows;
    std::optional<qint64> bytes; // the table with its indexes
    HealthGap bytesGap = HealthGap::None;
    // The indexed time column its growth is read from; empty: it has none, no growth figure.
    QString timeColumn;
    std::optional<RowCount> addedLastDay; // rows with timeColumn in [now - 24 h, now]
    // PostgreSQL (pg_stat_user_tables); invalid: never, or SQLite.
    QDateTime lastVacuum;
    QDateTime lastAutovacuum;
    QDateTime lastAutoanalyze;

    friend bool operator==(const TableHealth &, const TableHealth &) = default;
};

// A session of the PostgreSQL server holding a transaction open (other than the reader's).
struct OpenTransaction
{
    int pid = 0;
    QString database;
    QString user;
    QString application;
    QString state;                  // "active", "idle in transaction", ...
    double seconds = 0;             // since its transaction began
    double stateSeconds = 0;        // since its state last changed
    bool longRunning = false;       // open longer than the options' longTransaction
    bool idleInTransaction = false; // idle in its transaction longer than idleInTransaction

    friend bool operator==(const OpenTransaction &, const OpenTransaction &) = default;
};

// A standby that a primary streams to (pg_stat_replication).
struct ReplicaLag
{
    QString name; // application_name, else the client's address
    QString state;
    std::optional<double> writeLagSeconds;
    std::optional<double> replayLagSeconds;

    friend bool operator==(const ReplicaLag &, const ReplicaLag &) = default;
};

// A snapshot of the database's health. Where each figure comes from:
//
//   figure            SQLite                                 PostgreSQL
//   bytesOnDisk       the file and its -wal                  pg_database_size
//   free/totalBytes   QStorageInfo of the file's folder      QStorageInfo of data_directory, when
//                                                            the server runs on this machine and
//                                                            the role may read the setting
//   pages             page_count, freelist_count, page_size  (none)
//   connections       (none)                                 client backends in pg_stat_activity
//                                                            of every database; max_connections
//   transactions      (none)                                 pg_stat_activity (pg_monitor for
//                                                            other roles' sessions)
//   replication       (none)                                 pg_stat_replication on a primary,
//                                                            pg_last_xact_replay_timestamp() on
//                                                            a standby
//   table rows        bounded count, then sqlite_stat1 or    bounded count, then the planner's
//                     the rowid span                         estimate (reltuples)
//   table bytes       dbstat, when built in and the file is  pg_total_relation_size
//                     not over dbstatByteLimit
//   growth            rows of the last 24 h by an indexed    the same; the planner's estimate
//                     time column, counted up to a limit     past the limit
//   timescale         (none)                                 with the timescaledb extension:
//                                                            its hypertables, continuous
//                                                            aggregates and jobs
//                                                            (timescalehealth.h)
//
// Nothing is written and nothing is stored: growth comes from the tables' own time columns.
struct DatabaseHealth
{
    SqlEngine engine = SqlEngine::SQLite;
    QDateTime readAt;

    std::optional<qint64> bytesOnDisk;
    std::optional<qint64> freeBytes;
    std::optional<qint64> totalBytes;
    HealthGap freeSpaceGap = HealthGap::None;

    std::optional<qint64> pageCount;
    std::optional<qint64> freePages;
    std::optional<qint64> pageSize;

    std::optional<int> connections;
    std::optional<int> maxConnections;
    HealthGap connectionsGap = HealthGap::None;

    std::optional<int> longTransactions;
    std::optional<int> idleInTransaction;
    QList<OpenTransaction> openTransactions; // the oldest first, at most 50
    HealthGap transactionsGap = HealthGap::None;

    bool standby = false;
    std::optional<double> standbyDelaySeconds; // a standby: since the last replayed commit
    QList<ReplicaLag> replicas;                // a primary: its standbys; empty: none
    HealthGap replicationGap = HealthGap::None;

    QList<TableHealth> tables;
    HealthGap tablesGap = HealthGap::None;

    // None: no timescaledb extension (plain PostgreSQL, SQLite), or not asked for.
    std::optional<TimescaleHealth> timescale;

    // What failed, one line each (a figure whose gap is Failed has its line here).
    QStringList problems;

    std::optional<double> freePercent() const;
    std::optional<double> connectionsPercent() const;
    // The largest lag: the standby's delay, or the largest replay (else write) lag of the
    // primary's standbys. None: no standby, or no lag known.
    std::optional<double> replicationLagSeconds() const;

    friend bool operator==(const DatabaseHealth &, const DatabaseHealth &) = default;
};

struct DatabaseHealthOptions
{
    std::chrono::seconds longTransaction{300};  // a transaction open longer is "long"
    std::chrono::seconds idleInTransaction{60}; // idle in a transaction longer counts
    qint64 exactCountUpTo = 100000;             // rows counted before estimating
    // SQLite: dbstat reads every page it measures; past this size the tables' sizes are left
    // out (TooLarge) rather than read a big file whole at every refresh.
    qint64 dbstatByteLimit = 256 * 1024 * 1024;
    bool tables = true;    // false: the database-wide figures only
    bool timescale = true; // false: not TimescaleDB's hypertables, aggregates and jobs
};

// Reads the snapshot at `now` (growth counts the day before it) on the connection's thread.
// Read-only on both engines; works on a database attached read-only and on one without
// Porthole's tables. A figure that cannot be read has its gap, and the rest is still read: the
// result fails only when the connection itself does.
Result<DatabaseHealth> readDatabaseHealth(const QSqlDatabase &db, const QDateTime &now,
                                          const DatabaseHealthOptions &options = {});

// The time columns growth is read from, in the order they are tried: the first of them that
// leads an index of the table (not a partial one), so that the count reads the index.
QStringList healthTimeColumns();

} // namespace porthole

Q_DECLARE_METATYPE(porthole::DatabaseHealth)
