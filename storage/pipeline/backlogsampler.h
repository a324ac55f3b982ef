#pragma once

#include "backloghistory.h"
#include "pipelinemap.h"

#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QStringList>

#include <chrono>
#include <optional>

namespace porthole {

class RedisClient;

struct BacklogSamplerOptions
{
    std::chrono::seconds interval{15};      // the slots' width (backlogSlot())
    std::chrono::milliseconds budget{5000}; // the reads of one sampling stop here
    qint64 maxKeys = 10000;                 // the keys each SCAN looks at, at most
    qint64 countUpTo = 100000;              // a port's counts, as the Queues chips count them
};

// The receiver as its reports tell it: what it reads and its totals since it started.
struct BacklogReceiver
{
    MapReceiver reads; // its key, type ("stream", "list", "channel"), group and consumer
    qint64 stored = 0;
    qint64 acknowledged = 0;
    qint64 deadLettered = 0;
};

// What one sampling read: its rows, and whether it saw every backlog.
struct BacklogSampling
{
    QList<BacklogSample> samples;
    bool complete = true; // false: the budget ran out, or a scan stopped at maxKeys
    QStringList problems; // what could not be read (Redis down, a table missing); the rest was
};

// Reads every backlog it can see, as rows of the backlog history for one slot (the caller
// writes them with BacklogHistory::write()). It has no clock of its own: sample() takes the
// time the samples are of.
//
//   group     each consumer group of the streams the pipeline map finds (readMapRedis(): the
//             receiver's stream first, then the streams with groups, by a bounded SCAN):
//             XINFO GROUPS' lag, pending and consumers, XPENDING's oldest entry's idle time,
//             and XINFO STREAM's length and entries-added of its stream
//   list      the receiver's list, and every list with processing lists ({key}:processing:*,
//             by a bounded SCAN): LLEN of it and the sum of its processing lists'
//   port      each port of port_messages (by a skip scan of its index): pending, processing,
//             failed and dead_letter rows, each counted as the Queues chips count (up to
//             countUpTo, beyond it "at least" on SQLite, PostgreSQL's estimate), and the
//             oldest pending row's age at the sample's time
//   receiver  the totals of the receiver passed in (its consumer the group): stored,
//             acknowledged, dead letters
//
// Each Redis answer is bounded as every read of the client is (RedisReplyLimits); the whole
// sampling stops at its budget, what was read kept and the sampling said incomplete. Uses the
// database and the client it is given on the calling thread; either may be absent.
class BacklogSampler
{
public:
    // `db`: an invalid QSqlDatabase reads no port; `redis` null: no group and no list.
    BacklogSampler(QSqlDatabase db, RedisClient *redis, BacklogSamplerOptions options = {});

    BacklogSampling sample(const QDateTime &now,
                           const std::optional<BacklogReceiver> &receiver = std::nullopt) const;

private:
    QSqlDatabase m_db;
    RedisClient *m_redis;
    BacklogSamplerOptions m_options;
};

} // namespace porthole
