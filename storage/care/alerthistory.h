#pragma once

#include "alertevaluator.h"
#include "paging.h"
#include "sqltypes.h"
#include "storageerror.h"

#include <QDateTime>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace porthole {

// One row of alert_history (docs/DATABASE.md, Tables).
struct AlertHistoryEntry
{
    qint64 id = 0;
    QDateTime occurredAt; // the time of the reading that changed the state (UTC)
    QString ruleId;
    QString ruleName;
    QString subject;
    AlertSeverity severity = AlertSeverity::Warning;
    AlertState from = AlertState::Ok;
    AlertState to = AlertState::Ok;
    std::optional<double> value;
    QJsonObject details; // silenced, acknowledged, and what the caller adds

    friend bool operator==(const AlertHistoryEntry &, const AlertHistoryEntry &) = default;
};

// Which entries a page holds: of one rule (empty: every rule), with from <= occurred_at < to
// (an invalid end does not bound).
struct AlertHistoryFilter
{
    QString ruleId;
    QDateTime from;
    QDateTime to;
};

// The append-only history of alert states. Nothing here changes or removes an entry; the
// database's triggers refuse it too, as they do for audit_log.
class AlertHistory
{
public:
    explicit AlertHistory(QSqlDatabase db);

    // Appends a transition (in the caller's transaction if one is open); `details` is stored
    // with the event's silenced and acknowledged flags. Returns the entry's id.
    Result<qint64> append(const AlertEvent &event, const QJsonObject &details = {});
    // Newest first by default (sort column occurred_at), keyed by (occurred_at, id).
    Result<Page<AlertHistoryEntry>> page(const AlertHistoryFilter &filter,
                                         const PageRequest &request) const;
    Result<RowCount> count(const AlertHistoryFilter &filter, qint64 exactUpTo = 100000) const;
    // The newest entry of each rule and subject: where every alert stood when the history was
    // last written.
    Result<QList<AlertHistoryEntry>> latestStates() const;
    static PageKey keyOf(const AlertHistoryEntry &entry);
    WhereClause where(const AlertHistoryFilter &filter) const;

private:
    QSqlDatabase m_db;
    SqlEngine m_engine;
};

} // namespace porthole
