#pragma once

#include "alertservice.h"
#include "ingeststatus.h"
#include "redisclient.h"
#include "redissource.h"
#include "workeralertconfig.h"
#include "workeralertreport.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QTimer>

#include <memory>
#include <optional>

namespace porthole {

class AlertWebhook;

// The headless worker's alerts: an AlertService over the worker's database, fed each round
// with the worker's own readings, its report sent to the endpoint and its notifications to
// the web hook.
//
// A QObject for a thread of its own (never the ingest thread): every slot runs there, and it
// opens there its own Redis connection (never the ingest one) and its database connection, so
// a slow Redis, database or web hook delays only the next round. It learns about the
// receiver only through setStats() (queued from IngestWorker::statsChanged). Each round, at
// the round's time, it hands the service:
//
//   ingest_stopped     1 unless the receiver is running (stopped, paused, connecting,
//                      reconnecting, waiting for the store, stalled, failed), else 0
//   ingest_error_rate  the receiver's errors in the last minute (each new lastErrorAt)
//   group_lag          XINFO GROUPS' lag of the worker's group on its stream, subject the group
//   pending_age        the longest idle (seconds) of the group's first 100 pending entries
//
// the last two for a stream only; no value when Redis could not be read (failed() says why).
class WorkerAlerts : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        WorkerAlertConfig config;
        RedisSource::Mode mode = RedisSource::Mode::Stream;
        RedisSourceOptions source; // the worker's Redis server, stream and group
        bool writeHistory = true;
    };

    WorkerAlerts(ConnectionFactory connections, Options options, QObject *parent = nullptr);
    ~WorkerAlerts() override;

public Q_SLOTS:
    // Rounds every interval. The first comes when the receiver first runs (its store is open
    // and migrated, its group made), or after one interval if it does not get that far.
    void start();
    void stop();
    // One round at `now` (UTC): what the timer does with the clock's time.
    void evaluate(const QDateTime &now);
    void setStats(const porthole::IngestStats &stats);

Q_SIGNALS:
    void evaluated(const porthole::WorkerAlertReport &report);
    void changed(const porthole::AlertEvent &event);
    void failed(const QString &message);

private:
    void provideReceiverReadings(const QDateTime &now);
    void provideStreamReadings(QStringList &problems);

    Options m_options;
    AlertService *m_service;
    AlertWebhook *m_webhook = nullptr;
    std::unique_ptr<RedisClient> m_redis; // made on the alert thread
    QTimer m_timer;
    std::optional<IngestStats> m_stats;
    bool m_ranOnce = false;
    QList<QDateTime> m_errorTimes; // the receiver's errors of the last minute
};

} // namespace porthole
