#pragma once

#include "storageerror.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <chrono>
#include <optional>

namespace porthole {

// What a rule watches. The value each kind gives, and where it comes from:
//
//   kind                value                                         read by
//   dead_letter_growth  dead letters added in the last `window`       AlertSignals (SQL)
//   heartbeat_age       seconds since a component's last heartbeat    AlertSignals (SQL)
//   component_status    a component's latest status as a level:       AlertSignals (SQL)
//                       healthy and unknown 0, degraded 1, unhealthy 2
//   metric_threshold    a component metric over `window` (`reduce`)   AlertSignals (SQL)
//   group_lag           entries a consumer group has not read         the Redis side
//   pending_age         seconds the group's oldest pending entry idled the Redis side
//   ingest_stopped      1 while the ingest worker is stopped, else 0  the worker
//   ingest_error_rate   the worker's errors a minute                  the worker
//   batch_integrity     integrity findings in the batch-file store    the batch-file store
//   database_free_space free space of the database's filesystem, in   AlertSignals
//                       `unit` (percent of the disk, or bytes)        (readDatabaseHealth)
//   database_connections connections in use, percent of the server's  AlertSignals
//                       max_connections (PostgreSQL)                  (readDatabaseHealth)
//   long_transactions   transactions open longer than `window`        AlertSignals
//                       (PostgreSQL)                                  (readDatabaseHealth)
//   idle_in_transaction sessions idle in a transaction longer than    AlertSignals
//                       `window` (PostgreSQL)                         (readDatabaseHealth)
//   replication_lag     seconds a standby lags, one reading per       AlertSignals
//                       standby on a primary, one on a standby        (readDatabaseHealth)
//   backlog_not_draining seconds until each backlog sampled is empty  AlertSignals
//                       at its current rate (backlogtrend.h); one     (backlog_samples)
//                       that grows reads a day, one steady or empty 0
//   timescaledb_job_failing per job that ran: 1 while its last run    AlertSignals (job_stats,
//                       failed (its error the detail), else 0         job_errors)
//
// The evaluator (alertevaluator.h) takes values from any of them alike.
enum class AlertKind
{
    DeadLetterGrowth,
    HeartbeatAge,
    ComponentStatus,
    MetricThreshold,
    GroupLag,
    PendingAge,
    IngestStopped,
    IngestErrorRate,
    BatchIntegrity,
    DatabaseFreeSpace,
    DatabaseConnections,
    LongTransactions,
    IdleInTransaction,
    ReplicationLag,
    BacklogNotDraining,
    TimescaleJobFailing,
};

enum class AlertSeverity
{
    Info,
    Warning,
    Critical,
};

// How a value compares with the thresholds: ">" fires on a value above the threshold, "<" on
// one below, ">=" and "<=" on one that reaches it.
enum class AlertComparison
{
    Above,
    AtLeast,
    Below,
    AtMost,
};

// How metric_threshold makes one value of a window's values.
enum class AlertReduce
{
    Last,
    Average,
    Min,
    Max,
};

// What database_free_space measures.
enum class AlertSpaceUnit
{
    Percent,
    Bytes,
};

// What a sample without a value does: keep the state as it is, count as cleared (a series that
// stopped resolves its alert), or count as beyond the threshold (silence is the problem).
enum class AlertNoData
{
    Keep,
    Clear,
    Fire,
};

// One rule an operator sets. It fires when the value passes `threshold` and has stayed past
// `clearThreshold` (on the same side) for `forDuration`; it resolves only when the value is
// back on the other side of `clearThreshold`. A clear threshold short of the threshold is the
// hysteresis that keeps a value wavering around the threshold from flapping.
struct AlertRule
{
    QString id;   // letters, digits, '-', '_', '.'; unique in a rule set
    QString name; // for people; the id when empty in JSON
    AlertKind kind = AlertKind::MetricThreshold;
    AlertSeverity severity = AlertSeverity::Warning;
    AlertComparison comparison = AlertComparison::Above;
    double threshold = 0;
    double clearThreshold = 0; // equal to threshold: no hysteresis
    std::chrono::seconds forDuration{0};
    AlertNoData noData = AlertNoData::Keep;
    bool enabled = true;

    // What it watches; each kind uses some (alertRuleParameters()).
    QString component; // heartbeat_age, component_status, metric_threshold; empty: every one
    QString metric;    // metric_threshold
    QString stream;    // group_lag, pending_age
    QString group;     // group_lag, pending_age; empty: every group of the stream
    std::chrono::seconds window{0};            // dead_letter_growth, metric_threshold
    AlertReduce reduce = AlertReduce::Average; // metric_threshold
    // long_transactions and idle_in_transaction take `window` too: how long counts as long.
    AlertSpaceUnit unit = AlertSpaceUnit::Percent; // database_free_space

    // Whether `value` is past `limit` in the rule's direction.
    bool beyond(double value, double limit) const;

    friend bool operator==(const AlertRule &, const AlertRule &) = default;
};

// The names JSON uses for the enums ("dead_letter_growth", "warning", ">", "avg", "keep").
QString alertKindName(AlertKind kind);
QString alertSeverityName(AlertSeverity severity);
QString alertComparisonName(AlertComparison comparison);
QString alertReduceName(AlertReduce reduce);
QString alertNoDataName(AlertNoData noData);
QString alertSpaceUnitName(AlertSpaceUnit unit);
std::optional<AlertKind> alertKindOf(const QString &name);
std::optional<AlertSeverity> alertSeverityOf(const QString &name);
// The parameter keys of a kind beyond those every rule has, in the order JSON writes them.
QStringList alertRuleParameters(AlertKind kind);

// A duration as rules write it: "90s", "5m", "1h30m", "2d" (or a number of seconds).
std::optional<std::chrono::seconds> parseAlertDuration(const QString &text);
QString alertDurationText(std::chrono::seconds duration);

// Checks one rule on its own: an id, a finite threshold, a clear threshold on the safe side of
// it, what its kind needs. InvalidArgument naming the rule and what to change.
Status checkAlertRule(const AlertRule &rule);

// Rules as JSON: {"rules": [{"id": "dead-letters", "name": "...", "kind":
// "dead_letter_growth", "window": "5m", "comparison": ">", "threshold": 500, "clear": 250,
// "for": "0s", "severity": "warning"}, ...]}. "clear_margin" may stand for "clear": the clear
// threshold that far back from the threshold. A key a rule's kind does not take is an error,
// so that a misspelt one does not go unnoticed.
QByteArray alertRulesToJson(const QList<AlertRule> &rules);
QJsonObject alertRuleToJson(const AlertRule &rule);
// Every rule checked, ids unique; the first problem is the error, naming the rule.
Result<QList<AlertRule>> alertRulesFromJson(const QByteArray &json);
Result<AlertRule> alertRuleFromJson(const QJsonObject &object);

// The rules a new installation starts with, chosen for the demo pipeline (`scripts/demo`): it
// makes a stale component and a degraded payment gateway with a high error rate on purpose.
QList<AlertRule> defaultAlertRules();

// The rule of `rules` with the id `ruleId`; null when there is none.
const AlertRule *findAlertRule(const QList<AlertRule> &rules, const QString &ruleId);

} // namespace porthole
