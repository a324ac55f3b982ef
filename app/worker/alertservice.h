#pragma once

#include "alertevaluator.h"
#include "alerthistory.h"
#include "alertrules.h"
#include "connectionfactory.h"
#include "redisclient.h"
#include "redisurl.h"

#include <QHash>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <memory>
#include <optional>

namespace porthole {

// The alert loop, the window's and the headless worker's alike. Each round reads, at the round's
// time, every enabled rule from its source:
//
//   the database         AlertSignals (SQL)
//   Redis                RedisAlertSignals: each rule's own stream and groups (setSources())
//   the batch-file store checkBatchStore() of the store setSources() names, at most once a
//                        minute (it reads every file); its findings, omitted ones included
//   the receiver         ingest_error_rate: the errors noteIngest() was told of in the minute
//                        before the round; ingest_stopped: what provide() handed in last
//
// and feeds the evaluator; each change of state goes into the alert history first, then to
// changed(). A rule whose source fails this round keeps its state (failed() says why); a rule
// whose source is not there (no Redis server, no batch store, no receiver yet) is not read.
//
// It lives on the thread it is moved to (its reads are SQL, Redis and files: the owner gives it
// a thread of its own) and opens its connections there, on the first round. On data opened
// read-only nothing is written: the changes are only passed on.
class AlertService : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        bool writeHistory = true;
    };

    // Where the rules that the database does not answer are read.
    struct Sources
    {
        std::optional<RedisUrl> redis;
        RedisTimeouts redisTimeouts;
        QString stream;         // what group_lag and pending_age rules without a stream watch
        QString batchDirectory; // the batch-file store batch_integrity rules check
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

    void setSources(Sources sources);
    // The latest readings of a kind of rule that no source is read for (ingest_stopped); its
    // rules are fed them at each round until new ones come. Empty: no value (the source has
    // none).
    void provide(AlertKind kind, const QList<AlertReading> &readings);
    // The receiver reported; `lastErrorAt` is its latest error (invalid: none yet). Each new
    // one counts once towards ingest_error_rate; until the first report that rule is not read.
    void noteIngest(const QDateTime &lastErrorAt);
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
    // Whether `kind`'s source is there to be read.
    bool hasSource(AlertKind kind);
    Result<QList<AlertReading>> readingsOf(const AlertRule &rule, const QDateTime &now);
    Result<QList<AlertReading>> redisReadings(const AlertRule &rule);
    Result<QList<AlertReading>> batchReadings(const QDateTime &now);
    void record(const AlertEvent &event, QStringList &problems);
    void closeConnection();

    ConnectionFactory m_connections;
    Options m_options;
    AlertEvaluator m_evaluator;
    QHash<AlertKind, QList<AlertReading>> m_provided;
    Sources m_sources;
    std::unique_ptr<RedisClient> m_redis; // connected on the service's thread, when first read
    std::optional<QList<AlertReading>> m_batchFindings;
    QDateTime m_batchCheckedAt;
    std::optional<QList<QDateTime>> m_ingestErrors; // none: the receiver has not reported
    QTimer m_timer;
    bool m_connectionOpen = false;
};

} // namespace porthole
