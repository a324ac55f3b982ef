#pragma once

#include "alertevaluator.h"
#include "alerthistory.h"
#include "alertrules.h"
#include "connectionfactory.h"

#include <QHash>
#include <QObject>
#include <QTimer>

#include <chrono>

namespace porthole {

// The alert loop, the window's and the headless worker's alike. Each round reads every enabled
// rule whose source is the database (AlertSignals) and feeds the evaluator the readings the
// other sources handed in last (provide(): the receiver's state, Redis lag, the batch files'
// findings), all at the round's time; each change of state goes into the alert history first,
// then to changed(). A rule whose source fails this round keeps its state (failed() says why).
//
// It lives on the thread it is moved to (its reads are SQL: the owner gives it a thread of its
// own) and opens its connection there, on the first round. On data opened read-only nothing is
// written: the changes are only passed on.
class AlertService : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        bool writeHistory = true;
    };

    AlertService(ConnectionFactory connections, QList<AlertRule> rules, Options options,
                 QObject *parent = nullptr);
    ~AlertService() override;

    // Rounds every `interval`, the first at once, on the clock.
    // Takes up the states the history last recorded (a restart fires nothing again), then
    // evaluates now and every `interval`.
    void start(std::chrono::milliseconds interval);
    // What start() does first: the pending and firing alerts of the history go on as they were.
    void restoreStates();
    void stop();
    // One round at `now` (UTC): what the timer does with the clock's time, and tests with theirs.
    void evaluate(const QDateTime &now);

    // The latest readings of a kind of rule that the database does not answer; its rules are
    // fed them at each round until new ones come. Empty: no value (the source has none).
    void provide(AlertKind kind, const QList<AlertReading> &readings);
    void setRules(QList<AlertRule> rules);
    void silence(const QString &ruleId, const QDateTime &until);
    bool acknowledge(const QString &ruleId, const QString &subject);
    const AlertEvaluator &evaluator() const { return m_evaluator; }
    // The newest `limit` entries of the alert history, by historyLoaded().
    void loadHistory(int limit);

Q_SIGNALS:
    // A change of state, once it is in the history.
    void changed(const porthole::AlertEvent &event);
    // A round ended; where every rule and subject stands now.
    void evaluated(const QList<porthole::AlertStatus> &statuses);
    // What could not be read or written this round, one line per rule.
    void failed(const QString &message);
    void historyLoaded(const QList<porthole::AlertHistoryEntry> &entries);

private:
    // The service's connection, opened on its thread the first time.
    Result<QSqlDatabase> database();
    Result<QList<AlertReading>> readingsOf(const AlertRule &rule, const QDateTime &now);
    void record(const AlertEvent &event, QStringList &problems);
    void closeConnection();

    ConnectionFactory m_connections;
    Options m_options;
    AlertEvaluator m_evaluator;
    QHash<AlertKind, QList<AlertReading>> m_provided;
    QTimer m_timer;
    bool m_connectionOpen = false;
};

} // namespace porthole
