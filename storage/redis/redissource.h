#pragma once

#include "delivery.h"
#include "redisclient.h"
#include "redisurl.h"
#include "storageerror.h"
#include "streamgroups.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <memory>
#include <optional>

namespace porthole {

// A list worker's processing list: `{key}:processing:{consumer}` (RedisSource, list mode).
QByteArray processingListName(const QByteArray &key, const QByteArray &consumer);
// The queue whose processing list `name` is; empty when `name` is not one.
QByteArray queueOfProcessingList(const QByteArray &name);
// A SCAN pattern that matches every processing list of `key`, and no other key.
QByteArray processingListPattern(const QByteArray &key);

struct RedisSourceOptions
{
    RedisUrl url;
    RedisTimeouts timeouts;
    QString key;                                // the stream, the list or the channel
    QString group = QStringLiteral("porthole"); // stream: the consumer group
    QString consumer;   // stream: the consumer; list: names the processing list. Empty: the
                        // host name and the process id. A list's processing list is found
                        // again after a restart only under the same name: give a stable one.
    int count = 1000;   // at most this many deliveries a fetch
    int blockMs = 1000; // how long a fetch waits for the first delivery; below commandMs
    qint64 claimIdleMs = 60000; // stream: take over other consumers' entries idle this long
    int maxDeliveries = 5;      // stream: delivered more often than this: a dead letter
    // Stream: consumers of the group that hold nothing and have been idle this long (workers
    // that were killed or moved) are removed, after their entries were taken over.
    qint64 forgetIdleMs = 600000;
};

struct SourceFetch
{
    QList<Delivery> deliveries;
    // Stream entry ids that were delivered but not acknowledged, and that the producer
    // trimmed or deleted since: their data is gone. The source has already acknowledged them.
    QList<QByteArray> lostAtSource;
    // What the operator should know although nothing failed: an answer over one of the
    // client's limits, whose entries were then read one at a time.
    QList<QString> notices;
};

struct SourceStats
{
    qint64 pending = 0;              // delivered, not yet acknowledged (all consumers, streams)
    qint64 length = 0;               // entries in the stream, elements waiting in the list
    qint64 oldestPendingAgeMs = -1;  // stream: idle time of the oldest pending entry; list: how
                                     // long the group in flight has been held; -1: none
    qint64 lostAtSource = 0;         // entries found trimmed, since this object was made
    QList<StreamConsumer> consumers; // stream: every consumer of the group
};

// The Redis side of the ingest worker: takes deliveries from Redis and acknowledges them once
// they are stored. Synchronous, for the one thread that uses it; each object has its own
// connection. When a call fails with ConnectionLost the connection is gone: call open() again
// (with a backoff); what was fetched and not acknowledged comes back with the same keys.
//
// Stream (consumer group, at least once): open() creates the group if it is missing, from the
// stream's first entry, so entries already in the stream are read too. fetch() first returns
// this consumer's own pending entries, then, from time to time, entries that other consumers
// have held for longer than claimIdleMs (XAUTOCLAIM), then new entries (XREADGROUP >). After
// each full pass over the group's pending entries, consumers idle for forgetIdleMs that hold
// nothing are removed from the group. Several workers share a group: each has its own name.
// A read whose answer breaks one of the client's limits (RedisClient::overLimit()) is done
// again one entry at a time, on a new connection, from where it began (the ids from XPENDING);
// an entry that cannot be read even alone is delivered as a dead letter that says why, with
// what Redis can give of it (OversizedEntry), so that one entry never stalls the stream.
//
// List (reliable queue, at least once): producers LPUSH and the source takes from the right
// (LMOVE ... RIGHT LEFT), so elements come in the order they were pushed (FIFO). A fetch
// moves up to `count` elements into `{key}:processing:{consumer}`, whose oldest end holds a
// marker `porthole:group:{uuid}` naming the group; acknowledge() deletes the processing list.
// An element too large for the client's limits is delivered as a dead letter (OversizedEntry).
// A processing list found at open() is delivered again first, with the keys it had. Each
// fetched group must be acknowledged, whole, before the next fetch. Every change is fenced by
// the number open() took for its connection, so that a command of an earlier connection that
// reaches Redis late changes nothing (docs/INGEST.md).
//
// Pub/sub (at most once, for old senders): a message published while no fetch() is waiting
// is still received, but one published while the connection is down is lost.
class RedisSource
{
public:
    enum class Mode
    {
        Stream,
        List,
        PubSub
    };

    // Refuses (InvalidArgument) options that cannot work: an empty key (or group, for a
    // stream), a count below 1, blockMs negative or not below the command timeout, claimIdleMs
    // or maxDeliveries below 1. An empty consumer becomes "{host name}-{process id}".
    static Result<std::unique_ptr<RedisSource>> create(Mode mode, RedisSourceOptions options);
    static QString modeName(Mode mode); // "stream", "list", "pubsub"
    static std::optional<Mode> modeFromName(const QString &name);

    virtual ~RedisSource();
    RedisSource(const RedisSource &) = delete;
    RedisSource &operator=(const RedisSource &) = delete;

    // Connects (a new connection each time) and prepares the mode: creates the consumer
    // group, finds the entries or elements left unacknowledged, or subscribes.
    virtual Status open() = 0;
    // Waits up to blockMs for the first delivery; an empty fetch is not an error.
    virtual Result<SourceFetch> fetch() = 0;
    // Takes what is there without waiting, while the last fetch is still being stored and is
    // not yet acknowledged, so that Redis sends the next group meanwhile. Streams do; a list's
    // group must be acknowledged first, and pub/sub has no backlog to read: an empty fetch.
    virtual Result<SourceFetch> fetchAhead() { return SourceFetch{}; }
    // Tells Redis that these deliveries, from this source's fetch(), are stored for good.
    virtual Status acknowledge(const QList<Delivery> &stored) = 0;
    virtual Result<SourceStats> stats() = 0;
    // Stream: how often open() or a fetch found the stream or its group gone after this source
    // had seen it, and made it again: Redis lost its data (restarted without persistence) or
    // someone deleted it. What was in it and not yet read is lost, and cannot be counted.
    virtual qint64 resets() const { return 0; }
    // Called after the last acknowledgement of a clean stop. A stream's consumer removes
    // itself from the group when it holds no pending entry, so that a worker that stopped
    // does not stay listed; one that holds entries stays, for them to be taken over.
    virtual Status leave() { return success(); }

    virtual bool atMostOnce() const { return false; }
    bool isConnected() const { return m_client.isConnected(); }
    // Drops the connection: the next open() reads again what this consumer holds
    // unacknowledged.
    void close() { m_client.disconnect(); }
    Mode mode() const { return m_mode; }
    const RedisSourceOptions &options() const { return m_options; }

protected:
    RedisSource(Mode mode, RedisSourceOptions options);

    // Connects m_client and names the connection; the error says what to do.
    Status connect();
    // "the stream "orders" (group "porthole", consumer "host-42")", for messages.
    QString describe() const;
    // A failed command as an error for a person: what the source was doing, and what to do.
    StorageError failure(const StorageError &error, const QString &doing) const;
    StorageError refused(const RedisReply &reply, const QString &doing) const;

    RedisClient m_client;
    RedisSourceOptions m_options;

private:
    Mode m_mode;
};

} // namespace porthole
