#pragma once

#include "alertrules.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

#include <optional>

namespace porthole {

enum class AlertState
{
    Ok,
    Pending,
    Firing,
    Resolved,
};

QString alertStateName(AlertState state); // "ok", "pending", "firing", "resolved"
std::optional<AlertState> alertStateOf(const QString &name);

// One value of a rule at one moment, for one subject: the component, consumer group or
// series it is about (empty for a rule of one thing, such as the dead letters). No value: the
// source had none (a series without points in the window, a component that never beat).
struct AlertReading
{
    QString subject;
    std::optional<double> value;
    QString unit; // the value's unit where the data names it (a metric's metric_unit)
    // What the value alone does not say, where the source tells it (a failing TimescaleDB
    // job's error); empty: nothing. The last field of each struct here, initialized, so that
    // an initializer that lists the fields before it still compiles without a warning.
    QString detail = {};

    friend bool operator==(const AlertReading &, const AlertReading &) = default;
};

// A change of state, for the history (AlertHistory::append) and for notifications.
struct AlertEvent
{
    QString ruleId;
    QString ruleName;
    AlertSeverity severity = AlertSeverity::Warning;
    QString subject;
    AlertState from = AlertState::Ok;
    AlertState to = AlertState::Ok;
    std::optional<double> value; // the reading that made the change; none: no data
    QDateTime time;              // the reading's time (UTC)
    bool silenced = false;       // the rule was silenced at `time`
    bool acknowledged = false;   // an operator had acknowledged this alert
    QString unit;                // the value's, as the reading named it; empty: none said
    QString detail = {};         // the reading's detail; empty: none

    // Whether to tell someone: it fired, or what fired resolved, and it was neither silenced
    // nor acknowledged. Pending and ok are for the history only.
    bool notifies() const;

    friend bool operator==(const AlertEvent &, const AlertEvent &) = default;
};

// Where one rule stands for one subject.
struct AlertStatus
{
    QString ruleId;
    QString subject;
    AlertState state = AlertState::Ok;
    QDateTime since;             // when it entered the state; invalid: never left ok
    std::optional<double> value; // the last value read
    QDateTime readAt;            // the time of the last sample
    bool acknowledged = false;
    QString unit;        // the value's, as the last reading named it; empty: none said
    QString detail = {}; // the last reading's detail; empty: none

    friend bool operator==(const AlertStatus &, const AlertStatus &) = default;
};

// The state machine of every rule and subject, fed samples with their time: it never reads a
// clock, so a test (or a replay of old readings) decides what time it is.
//
// A rule's condition has hysteresis: it becomes true at a value beyond the threshold and stays
// true until a value is no longer beyond the clear threshold. On that condition:
//
//   ok       -> pending   the condition became true (firing at once when `for` is 0)
//   pending  -> firing    it has been true for `for` since it became true
//   pending  -> ok        it cleared first: the alert never fired
//   firing   -> resolved  it cleared
//   resolved -> ok        it stayed clear for `for` (at the next sample when `for` is 0)
//   resolved -> pending   it became true again: firing again takes `for` once more
//
// A sample makes at most one change. A sample without a value follows the rule's `no_data`:
// nothing changes (keep), the condition clears (clear) or holds (fire). A sample older than
// the subject's last one is ignored. Silencing a rule and acknowledging an alert change no
// state: they only mark the events, so that notifications stay quiet and the history is whole.
//
// Not thread-safe: one owner feeds it (the window's or the worker's alert loop).
class AlertEvaluator
{
public:
    explicit AlertEvaluator(QList<AlertRule> rules = {});

    // Keeps the state of the rules whose ids remain; forgets the others'.
    void setRules(QList<AlertRule> rules);
    const QList<AlertRule> &rules() const { return m_rules; }
    const AlertRule *rule(const QString &ruleId) const;

    // One sample of one subject. Nothing for an unknown or disabled rule.
    std::optional<AlertEvent> feed(const QString &ruleId, const QString &subject,
                                   std::optional<double> value, const QDateTime &time);
    // One reading of a rule from its source at `time`: a sample for each subject, and one
    // without a value for each subject seen before and missing now (a component gone).
    QList<AlertEvent> feed(const QString &ruleId, const QList<AlertReading> &readings,
                           const QDateTime &time);

    // Takes up where an earlier loop left off (the history's last entry of each rule and
    // subject): a pending or firing alert goes on as it was since `since`, so a restart
    // neither fires it again nor forgets it. Nothing for an unknown rule or a subject already
    // sampled; ok and resolved start afresh.
    void restore(const QString &ruleId, const QString &subject, AlertState state,
                 const QDateTime &since, bool acknowledged);

    // Until `until` (invalid: no longer) the rule's events are marked silenced.
    void silence(const QString &ruleId, const QDateTime &until);
    QDateTime silencedUntil(const QString &ruleId) const;
    // Marks a pending or firing alert acknowledged until it is ok again. False when it is
    // neither.
    bool acknowledge(const QString &ruleId, const QString &subject);

    AlertState state(const QString &ruleId, const QString &subject = {}) const;
    // Every subject of every rule that has had a sample, by rule order then subject.
    QList<AlertStatus> statuses() const;

private:
    struct Track
    {
        AlertState state = AlertState::Ok;
        bool active = false; // the condition, with hysteresis
        QDateTime since;
        QDateTime readAt;
        std::optional<double> value;
        bool acknowledged = false;
        QString unit;
        QString detail;
    };

    static std::optional<bool> activeAfter(const AlertRule &rule, bool active,
                                           std::optional<double> value);
    static AlertState nextState(const AlertRule &rule, const Track &track, const QDateTime &time);

    QList<AlertRule> m_rules;
    QHash<QString, QHash<QString, Track>> m_tracks; // rule id -> subject -> track
    QHash<QString, QDateTime> m_silences;
};

} // namespace porthole
