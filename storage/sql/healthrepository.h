#pragma once

#include "paging.h"
#include "repositorysupport.h"
#include "sqltypes.h"
#include "storageerror.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <chrono>

namespace porthole {

// A heartbeat as a component reports it.
struct Heartbeat
{
    QString componentName;
    QString status;     // one of HealthRepository::statuses()
    QByteArray details; // JSON; empty: none
    QDateTime time;     // UTC; invalid: the time of writing

    friend bool operator==(const Heartbeat &, const Heartbeat &) = default;
};

// One row of system_health (docs/DATABASE.md, Tables).
struct HealthRecord
{
    QString id;
    QString componentName;
    QString status;
    QByteArray details; // as stored: PostgreSQL gives jsonb's normal form, SQLite the text sent
    QDateTime lastHeartbeat;
    QDateTime createdAt;
    bool stale = false; // latest(): no heartbeat within staleAfter(); else false
    // latest(): the component's usual interval between heartbeats, learned from its recent
    // ones (staleThreshold()); 0 when it has too few to tell.
    qint64 expectedIntervalMs = 0;
    // page(): last_heartbeat exactly as the database gave it, to page by (a seed's SQLite text,
    // PostgreSQL's microseconds, which a QDateTime would round); else empty.
    QString heartbeatKey;

    friend bool operator==(const HealthRecord &, const HealthRecord &) = default;
};

// The heartbeats a timeline draws: every component's (or one's) from `from` to `to`.
struct HealthTimelineData
{
    QList<HealthRecord> records; // by component, oldest first
    QDateTime from;              // UTC
    QDateTime to;
    bool capped = false; // a component had more than the limit: its oldest are left out
};

// Which system_health rows the Health history pane lists: of one component (empty: every
// component), of one status (empty: any).
struct HealthFilter
{
    QString component;
    QString status;

    friend bool operator==(const HealthFilter &, const HealthFilter &) = default;
};

// Records component heartbeats in system_health and reads them back: the latest one of every
// component, flagged when stale, and one component's history. Works the same on SQLite and
// PostgreSQL, on the connection it is given and the thread that opened it.
class HealthRepository
{
public:
    explicit HealthRepository(const QSqlDatabase &db);

    // Checks the status (Constraint when it is not one of statuses()) and the details
    // (InvalidJson) before writing; a refused heartbeat writes nothing. Returns the row's id.
    Result<QString> record(const Heartbeat &heartbeat);

    // The latest heartbeat of every component, by component name, each with the interval it
    // usually beats at, learned from its last heartbeats. `stale` is set when the latest is
    // older than staleThreshold(): three times that interval, or `staleAfter` for a component
    // with too few heartbeats to tell. Reads index entries only
    // (idx_system_health_component_heartbeat): one a component, and its last eleven.
    Result<QList<HealthRecord>> latest(const QDateTime &now,
                                       std::chrono::milliseconds staleAfter) const;

    // The heartbeats a component's interval is learned from: its last `learnedFrom`, so the
    // `learnedFrom - 1` intervals between them.
    static constexpr int learnedFrom = 11;
    // A component is stale when its latest heartbeat is older than three times the median of
    // the intervals between its recent ones (`intervalsMs`, newest first; those of 0 ms, two
    // heartbeats at once, do not count), and at least minStale: a component beating every
    // 10 s is stale after 30 s, one beating every 5 min after 15 min. With fewer than three
    // intervals, `fallback` (the settings' threshold). The median, so that one late or
    // doubled heartbeat does not move it.
    static constexpr std::chrono::milliseconds minStale = std::chrono::seconds(10);
    static qint64 expectedInterval(QList<qint64> intervalsMs);
    static std::chrono::milliseconds staleThreshold(qint64 expectedIntervalMs,
                                                    std::chrono::milliseconds fallback);

    // The latest heartbeat of every component, by component name, as it is: no interval
    // learned, none flagged stale. One index entry per component.
    Result<QList<HealthRecord>> latestHeartbeats() const;

    // The last `span` of heartbeats of every component (or of `component`): up to `now`, or,
    // when none came within `span` of it, up to the newest heartbeat, so that a quiet
    // pipeline's history still shows. Read a component at a time through its index, at most
    // `limitPerComponent` each (the newest).
    Result<HealthTimelineData> recentTimeline(const QString &component, const QDateTime &now,
                                              std::chrono::seconds span,
                                              int limitPerComponent = 20000) const;

    // One component's heartbeats with from <= time < to, oldest first, at most `limit`.
    Result<QList<HealthRecord>> history(const QString &componentName, const QDateTime &from,
                                        const QDateTime &to, int limit = 10000) const;

    // A keyset page of the rows with a heartbeat time, by (last_heartbeat, id); the sort column
    // is "last_heartbeat" (the only one). Reads the seed's own columns only.
    Result<Page<HealthRecord>> page(const HealthFilter &filter, const PageRequest &request) const;
    // The rows within `range` (see KeyRange), read forwards.
    Result<Page<HealthRecord>> pageBetween(const HealthFilter &filter, const KeyRange &range,
                                           const PageRequest &request) const;
    Result<RowCount> count(const HealthFilter &filter, qint64 exactUpTo = 100000) const;
    static PageKey keyOf(const HealthRecord &record);
    static WhereClause where(const HealthFilter &filter);

    static const QStringList &statuses();

    // The statement latest() runs, for plan checks.
    static SqlStatement latestStatement(SqlEngine engine);

private:
    // The intervals between a component's last `learnedFrom` heartbeats, newest first, in ms.
    Result<QList<qint64>> recentIntervals(const QString &componentName) const;
    Result<Page<HealthRecord>> readPage(const KeysetQuery &sql, const PageRequest &finished) const;

    QSqlDatabase m_db;
    SqlEngine m_engine;
};

} // namespace porthole
