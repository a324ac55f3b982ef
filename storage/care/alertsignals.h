#pragma once

#include "alertevaluator.h"
#include "alertrules.h"
#include "backlogtrend.h"
#include "databasehealth.h"
#include "paging.h"
#include "sqltypes.h"
#include "storageerror.h"

#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QString>

namespace porthole {

// Reads the values of the alert rules whose source is the database, on both engines:
//
//   dead_letter_growth  port messages of the dead_letter_queue set (PortMessageRepository's
//                       filter) created in [now - window, now]: one reading, no subject.
//                       A message that became a dead letter later than it was created counts
//                       by its created_at, the only time the seed's table keeps.
//   heartbeat_age       seconds from each component's latest heartbeat to now
//                       (HealthRepository::latest), a reading per component
//   component_status    each component's latest status as a level (statusLevel())
//   metric_threshold    component_metrics of the rule's metric (and component) with a time in
//                       [now - window, now], reduced per component in SQL
//   database_free_space, database_connections, long_transactions, idle_in_transaction,
//   replication_lag     readDatabaseHealth() without its tables (the database-wide figures
//                       only); a figure the engine does not have (SQLite's connections) is no
//                       reading, one the role may not see an error that says what to grant
//   backlog_not_draining the trend of each backlog sampled in the hour before now
//                       (readBacklogTrends()), a reading per backlog (backlogAlertSubject()):
//                       backlogDrainValue()
//   timescaledb_job_failing each TimescaleDB job that has run (readTimescaleHealth()), a reading
//                       per job (timescaleJobSubject()): 1 while its last run failed, with the
//                       newest job_errors message as the detail, 0 once it succeeded; no
//                       reading without the extension. A job that failed and succeeded again
//                       between two readings reads 0: it healed before anyone could act.
//
// The rest (Redis lag, the worker, the batch files) come from their own sources; read()
// refuses them. Uses the connection it is given, on the thread that opened it.
// backlog_not_draining's value of a trend: the seconds until it is empty at its current rate,
// capped at backlogNeverDrainsSeconds, which one that grows reads too (it will not drain in any
// time an alert is about; a finite value keeps the history and the webhooks' JSON whole). One
// steady or empty reads 0: it keeps up, however large (a large one that holds is group_lag's to
// watch); one without a current rate (too few samples yet) has no value.
inline constexpr double backlogNeverDrainsSeconds = 86400;
std::optional<double> backlogDrainValue(const BacklogTrend &trend);
// A backlog as an alert's subject: "group orders/workers", "list jobs", "port payments"; and
// back (a group's name is what follows the last '/').
QString backlogAlertSubject(const BacklogKey &key);
// A TimescaleDB job as an alert's subject: "job 1001 policy_refresh_continuous_aggregate on
// metrics_hourly", "job 1002 archive_orders".
QString timescaleJobSubject(const TimescaleJob &job);
std::optional<BacklogKey> backlogOfAlertSubject(const QString &subject);

class AlertSignals
{
public:
    explicit AlertSignals(QSqlDatabase db);

    static bool readsDatabase(AlertKind kind);
    // The pipeline table a kind that reads the database reads (system_health, port_messages,
    // component_metrics); empty for the database's own figures. A database without it (a
    // pipeline's own may lack some) has no reading for the kind.
    static QString tableRead(AlertKind kind);
    // The reading of `rule` at `now`. A rule of one named component (or the dead letters)
    // always has a reading for it, without a value when the source had none.
    Result<QList<AlertReading>> read(const AlertRule &rule, const QDateTime &now) const;

    Result<qint64> deadLettersAdded(const QDateTime &from, const QDateTime &to) const;
    // Empty `component`: every component.
    // How long each stale component has been quiet, in seconds; 0 for one that beats within
    // its usual interval (HealthRepository::latest(): stale after three times it, or after
    // `fallback`, the rule's threshold, while the interval is not known).
    Result<QList<AlertReading>> heartbeatAges(const QString &component, const QDateTime &now,
                                              std::chrono::milliseconds fallback) const;
    Result<QList<AlertReading>> componentStatuses(const QString &component) const;
    // The values with from <= timestamp <= to, per component (empty `component`: every one that
    // has values of `metric` there).
    Result<QList<AlertReading>> metricValues(const QString &component, const QString &metric,
                                             AlertReduce reduce, const QDateTime &from,
                                             const QDateTime &to) const;

    // Each TimescaleDB job's reading (timescaledb_job_failing), from the database or from a
    // snapshot read already.
    Result<QList<AlertReading>> timescaleJobReadings(const AlertRule &rule) const;
    static QList<AlertReading> timescaleJobReadings(const TimescaleHealth &timescale);

    // Every backlog's backlogDrainValue() at `now`.
    Result<QList<AlertReading>> backlogDrainTimes(const QDateTime &now) const;

    // The health kinds' readings: from the database, or from a snapshot read already.
    Result<QList<AlertReading>> healthReadings(const AlertRule &rule, const QDateTime &now) const;
    static Result<QList<AlertReading>> healthReadings(const AlertRule &rule,
                                                      const DatabaseHealth &health);

    // healthy and unknown 0 (unknown is not bad news; a silent component is the heartbeat
    // rule's), degraded 1, unhealthy 2.
    static double statusLevel(const QString &status);

private:
    QSqlDatabase m_db;
    SqlEngine m_engine;
};

} // namespace porthole
