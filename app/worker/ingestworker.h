#pragma once

#include "connectionfactory.h"
#include "ingestsink.h"
#include "ingeststatus.h"
#include "payloaddecoder.h"
#include "redissource.h"
#include "workerhealth.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>

#include <future>
#include <memory>

class QTimer;

namespace porthole {

class IngestSink;
class JobThread;

struct IngestConfig
{
    RedisSource::Mode mode = RedisSource::Mode::Stream;
    RedisSourceOptions source;
    // Where the payloads go: sqlite:PATH, postgresql://..., or file:///DIR for batch files.
    QString sinkUrl;
    // With batch files: the SQL database for dead letters and bookkeeping.
    QString databaseUrl;
    // The database session's timeouts (PostgreSQL's statement, lock and idle-in-transaction
    // timeouts, SQLite's busy timeout), from a configuration file or the defaults.
    ConnectionSettings connection;
    qint64 maxPayloadBytes = defaultMaxPayloadBytes;
    int statsIntervalMs = 100; // at most ten reports a second
    // The receiver beats into the store's system_health this often, when its store opens and
    // when it stops (receiverheartbeat.h); 0: never.
    int heartbeatIntervalMs = 10000;
    // The component it beats as; empty: receiverComponentName() of its key and named consumer.
    QString heartbeatComponent;
};

// The receiver: takes payloads from Redis and stores them, acknowledging each group only once
// it is durable, so that nothing acknowledged is lost and a second delivery stores nothing.
//
// A QObject for its own QThread: every slot runs there, and it opens its Redis connection
// there. The store and its database connection live on a second thread the worker owns, so
// that while a group is written Redis sends the next one (streams: fetchAhead()); a group is
// acknowledged when its write has returned. Only IngestStats values leave the worker.
// start() connects; each step stores and acknowledges what is in hand (at most two groups),
// fetches, and returns to the event loop, so that pause() and stop() are seen within one
// fetch's wait (blockMs). When Redis is lost it reconnects with exponential backoff and
// jitter; when the store refuses a group it keeps what it holds (and fetches nothing more)
// and tries again (on a new connection when the old one was lost), so memory stays bounded.
// When Redis answers but the work fails again and again without progress (a whole step: a
// fetch, and what it brought stored and acknowledged), whether each try opened a new
// connection or Redis refused a command on the old one, the state is Stalled, not Running.
class IngestWorker : public QObject
{
    Q_OBJECT

public:
    explicit IngestWorker(IngestConfig config, QObject *parent = nullptr);
    ~IngestWorker() override;

    IngestStats stats() const { return m_stats; }

public slots:
    void start();
    void pause();
    void resume();
    // Finishes the group in hand (stores and acknowledges it), closes, then emits finished().
    void stop();

signals:
    void statsChanged(const porthole::IngestStats &stats);
    void finished();

private:
    void step();
    void schedule(int delayMs);
    bool openSink();
    bool openSource();
    bool storeGroup();
    void take(SourceFetch fetched);
    void noteSourceResets();
    void closeSink();
    void setState(IngestState state);
    bool stalled() const;
    void fail(const QString &message);
    void noteError(const QString &message);
    void retryLater(IngestState state, const QString &message);
    void pollSourceStats();
    void report(bool force = false);
    void finish();
    std::future<Result<IngestOutcome>> postWrite(const QList<Delivery> &group, bool first);
    void countStored(const IngestOutcome &outcome);
    WorkerHealth health() const;
    void beat();
    void lastBeat();
    void takeBeat();

    IngestConfig m_config;
    std::unique_ptr<RedisSource> m_source;
    std::unique_ptr<JobThread> m_sinkThread;
    std::unique_ptr<IngestSink> m_sink; // made, used and destroyed on m_sinkThread
    QList<Delivery> m_inHand;           // fetched, not yet stored and acknowledged
    bool m_stored = false;              // m_inHand is stored, waiting to be acknowledged
    QList<Delivery> m_next;             // fetched while m_inHand was written; stored after it
    // A write on m_sinkThread: of m_inHand, or of m_next while m_inHand is acknowledged.
    std::future<Result<IngestOutcome>> m_writing;
    bool m_writeFailed = false; // since the last first write; touched only by writes, there
    IngestStats m_stats;
    QTimer *m_timer = nullptr;
    bool m_stopRequested = false;
    bool m_pauseRequested = false;
    int m_failures = 0; // in a row, for the backoff
    QElapsedTimer m_sinceReport;
    QElapsedTimer m_sinceSourceStats;
    QElapsedTimer m_rateClock;
    qint64 m_rateBase = 0;
    int m_triesWithoutProgress = 0; // since a whole step: connections opened, commands refused
    QTimer *m_beatTimer = nullptr;
    std::future<Status> m_beating; // a heartbeat posted to m_sinkThread
    bool m_beatFailed = false;     // said once, until a heartbeat is written again
    QDateTime m_startedAt;
    QElapsedTimer m_uptime;
};

} // namespace porthole
