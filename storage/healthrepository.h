#pragma once

#include "repositorysupport.h"
#include "sqlsupport.h"
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

// One row of system_health (seed 001, section 2.4).
struct HealthRecord
{
    QString id;
    QString componentName;
    QString status;
    QByteArray details; // as stored: PostgreSQL gives jsonb's normal form, SQLite the text sent
    QDateTime lastHeartbeat;
    QDateTime createdAt;
    bool stale = false; // latest(): the heartbeat is older than the threshold; else false

    friend bool operator==(const HealthRecord &, const HealthRecord &) = default;
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

    // The latest heartbeat of every component, by component name. `stale` is set when it is
    // more than `staleAfter` older than `now`. Reads one index entry per component
    // (idx_system_health_component_heartbeat), not the table.
    Result<QList<HealthRecord>> latest(const QDateTime &now,
                                       std::chrono::milliseconds staleAfter) const;

    // One component's heartbeats with from <= time < to, oldest first, at most `limit`.
    Result<QList<HealthRecord>> history(const QString &componentName, const QDateTime &from,
                                        const QDateTime &to, int limit = 10000) const;

    static const QStringList &statuses();

    // The statement latest() runs, for plan checks.
    static SqlStatement latestStatement(SqlEngine engine);

private:
    QSqlDatabase m_db;
    SqlEngine m_engine;
};

} // namespace porthole
