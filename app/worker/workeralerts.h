#pragma once

#include "alertservice.h"
#include "ingeststatus.h"
#include "redissource.h"
#include "workeralertconfig.h"
#include "workeralertreport.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QTimer>

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
//   ingest_error_rate  each new lastErrorAt of the receiver (AlertService::noteIngest())
//
// and the service reads group_lag and pending_age from the worker's Redis server (a stream
// only), batch_integrity from its batch-file store (when it writes one).
class WorkerAlerts : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        WorkerAlertConfig config;
        RedisSource::Mode mode = RedisSource::Mode::Stream;
        RedisSourceOptions source; // the worker's Redis server, stream and group
        QString batchDirectory;    // the batch-file store it writes, if it writes one
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
    Options m_options;
    AlertService *m_service;
    AlertWebhook *m_webhook = nullptr;
    QTimer m_timer;
    std::optional<IngestStats> m_stats;
    bool m_ranOnce = false;
};

} // namespace porthole
