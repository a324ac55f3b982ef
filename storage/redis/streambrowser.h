#pragma once

#include "storageerror.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>
#include <utility>

namespace porthole {

class RedisClient;

// What the Redis pane and `porthole redis` read of a server, a page at a time: never a whole
// stream, list or key space (XRANGE/XREVRANGE and XPENDING with COUNT, keyset on the id; SCAN
// with a cursor, never KEYS).

// One entry of a stream: its id and its fields and values, in order.
struct StreamEntry
{
    QByteArray id;
    QList<std::pair<QByteArray, QByteArray>> fields;

    friend bool operator==(const StreamEntry &, const StreamEntry &) = default;
};

// Which way a page of a stream runs.
enum class StreamDirection
{
    Forward,  // oldest first (XRANGE)
    Backward, // newest first (XREVRANGE)
};

// Up to `count` entries of the stream `key` after the entry `after` (not including it) in
// `direction`; with `after` empty, from the stream's first entry (Forward) or last (Backward).
// Fewer than `count`: the end of the stream that way. A stream that does not exist is empty.
Result<QList<StreamEntry>> readStreamPage(RedisClient &client, const QByteArray &key,
                                          StreamDirection direction, const QByteArray &after,
                                          int count);

// Up to `count` entries from the first whose id is `from` or later, oldest first: a jump to a
// time is a jump to streamIdAt(time).
Result<QList<StreamEntry>> readStreamFrom(RedisClient &client, const QByteArray &key,
                                          const QByteArray &from, int count);

// The smallest entry id at `time` or later ("1764151200000-0"): a stream's ids are the
// milliseconds since the epoch at which the entries were added, then a sequence number.
QByteArray streamIdAt(const QDateTime &time);
// When the entry `id` was added (UTC); invalid if `id` is not an entry id.
QDateTime streamIdTime(const QByteArray &id);

// XINFO STREAM's figures.
struct StreamInfo
{
    qint64 length = 0;
    QByteArray firstId; // empty: the stream is empty
    QByteArray lastId;
    QByteArray lastGeneratedId;
    QByteArray maxDeletedId;  // the largest id deleted (XDEL, XTRIM); "0-0": none
    qint64 entriesAdded = -1; // ever added; with length, how many were deleted
    qint64 groups = 0;

    friend bool operator==(const StreamInfo &, const StreamInfo &) = default;
};

// The figures of the stream `key`; an error naming the key when it is not a stream.
Result<StreamInfo> readStreamInfo(RedisClient &client, const QByteArray &key);

// One entry delivered to a consumer of a group and not yet acknowledged (XPENDING).
struct PendingEntry
{
    QByteArray id;
    QString consumer;
    qint64 idleMs = 0;     // since it was last delivered
    qint64 deliveries = 0; // times delivered; over the worker's --max-deliveries: a poison one

    friend bool operator==(const PendingEntry &, const PendingEntry &) = default;
};

// Which pending entries to list: of `group` on `key`, of one consumer or all, idle at least
// minIdleMs, after the entry `after` (empty: from the first), `count` at the most.
struct PendingQuery
{
    QByteArray key;
    QByteArray group;
    QByteArray consumer; // empty: every consumer's
    qint64 minIdleMs = 0;
    QByteArray after;
    int count = 100;
};

// A page of the pending entries `query` names, by id.
Result<QList<PendingEntry>> readPendingPage(RedisClient &client, const PendingQuery &query);

// A key as the key list shows it.
struct RedisKey
{
    QByteArray name;
    QByteArray type;         // string, list, set, zset, hash, stream; "none": gone meanwhile
    qint64 length = -1;      // elements, entries, or a string's bytes; -1: not told
    qint64 memoryBytes = -1; // MEMORY USAGE, sampled; -1: not told
    qint64 ttlMs = -1;       // -1: it does not expire

    friend bool operator==(const RedisKey &, const RedisKey &) = default;
};

// One step of a SCAN (of every master in turn on a Redis Cluster: scanAllNodes()) over the keys
// matching `pattern` (SCAN's MATCH; empty: all) of `type` (empty: any): the keys found and the
// cursor for the next step; cursor "0": the scan is over. A step may find no key and still not be
// the last.
struct RedisKeyPage
{
    QList<RedisKey> keys;
    QByteArray cursor;
};

struct KeyScan
{
    QByteArray cursor = "0"; // "0" starts a scan
    QByteArray pattern;
    QByteArray type;
    int count = 1000; // keys SCAN looks at in this step (its COUNT)
};

// A window of a list used as a queue: its elements from index `start` on (LRANGE; 0 is the
// head, the end LPUSH adds to), `count` at the most, and the list's length read in the same
// round trip. A negative `start` counts from the tail (-1: the last element). A list that does
// not exist is empty.
struct ListPage
{
    qint64 length = 0;
    qint64 start = 0; // the index of elements.first(), from the head (never negative)
    QList<QByteArray> elements;

    friend bool operator==(const ListPage &, const ListPage &) = default;
};

Result<ListPage> readListPage(RedisClient &client, const QByteArray &key, qint64 start, int count);

// One key's type ("none": there is no such key), length, memory and time to live.
Result<RedisKey> readKey(RedisClient &client, const QByteArray &key);
// A pub/sub channel as the key list shows it: type "channel", its length the clients
// subscribed to it now (PUBSUB NUMSUB). Redis keeps nothing else of a channel.
Result<RedisKey> readChannel(RedisClient &client, const QByteArray &channel);

// The next step of `scan`, with each key's type, length, memory and time to live read in one
// more round trip (two when the scan is of any type: a length is asked by the key's type).
Result<RedisKeyPage> scanKeys(RedisClient &client, const KeyScan &scan);

// Whether `id` is a full stream entry id, "MS-SEQ" in decimal.
bool isFullEntryId(const QByteArray &id);

} // namespace porthole

Q_DECLARE_METATYPE(porthole::StreamEntry)
Q_DECLARE_METATYPE(porthole::StreamInfo)
Q_DECLARE_METATYPE(porthole::PendingEntry)
Q_DECLARE_METATYPE(porthole::RedisKey)
Q_DECLARE_METATYPE(porthole::ListPage)
