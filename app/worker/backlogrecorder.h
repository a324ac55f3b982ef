#pragma once

#include "backlogsampler.h"
#include "connectionfactory.h"
#include "ingeststatus.h"
#include "redisclient.h"
#include "redisurl.h"

#include <QObject>
#include <QTimer>

#include <chrono>
#include <memory>
#include <optional>

namespace porthole {

// What the receiver its report tells of reads, as the pipeline map draws it: a channel when it
// reads at most once, a stream when it reads as a group, else a list.
MapReceiver mapReceiverOf(const IngestStats &stats);

// The backlog history's sampling, the window's and the headless worker's alike: every
// interval, at the start of each slot (storage/sql/backloghistory.h, backlogSlot()), a
// BacklogSampler reads every backlog it sees on the database and the Redis server, with the
// receiver's totals as setStats() last gave them, and BacklogHistory writes the rows in one
// transaction. Several recorders on one database write one row per backlog and slot: the
// table's unique key keeps the first, whoever wrote it.
//
// It lives on the thread it is moved to (its reads are SQL and Redis: the owner gives it a
// thread of its own, never the GUI's or the receiver's) and opens its database and Redis
// connections there, at the first sampling; a broken Redis connection is made anew at the
// next. Memory stays bounded: a sampling's rows are written and dropped.
class BacklogRecorder : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        std::chrono::seconds interval{15}; // 0: none
        std::optional<RedisUrl> redis;     // none: no consumer group and no list is sampled
        RedisTimeouts redisTimeouts;
    };

    BacklogRecorder(ConnectionFactory connections, Options options, QObject *parent = nullptr);
    ~BacklogRecorder() override;

    // One sampling at `now` (UTC), read and written: what the timer does with the clock's time,
    // and tests with theirs. Returns the rows written (a slot sampled already writes none).
    Result<qint64> record(const QDateTime &now);

public Q_SLOTS:
    // Samplings at the start of each slot from the next on: a worker's store is migrated by
    // then, and a window's sampling does not hold up its opening.
    void start();
    void stop();
    // Samplings every `interval` from the next slot on; 0 stops them.
    void setInterval(std::chrono::seconds interval);
    // The receiver's report: its totals go into the next samplings; a stopped one's do not.
    void setStats(const porthole::IngestStats &stats);

Q_SIGNALS:
    // A sampling was written: its rows, and whether it saw every backlog.
    void recorded(qint64 written, bool complete);
    // What could not be read or written.
    void failed(const QString &message);

private:
    void onTimer();
    void scheduleNext();
    void closeConnection();
    RedisClient *redis(QStringList &problems);

    ConnectionFactory m_connections;
    Options m_options;
    std::optional<IngestStats> m_stats;
    std::unique_ptr<RedisClient> m_redis; // connected on this thread, when first read
    QTimer m_timer;
    bool m_connectionOpen = false;
};

} // namespace porthole
