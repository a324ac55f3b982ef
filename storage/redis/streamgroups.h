#pragma once

#include "storageerror.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

namespace porthole {

class RedisClient;
struct RedisReply;

// One consumer of a stream's consumer group, as XINFO CONSUMERS tells it.
struct StreamConsumer
{
    QString name;
    qint64 pending = 0; // delivered to it, not yet acknowledged
    qint64 idleMs = 0;  // since its last read, claim or acknowledgement

    friend bool operator==(const StreamConsumer &, const StreamConsumer &) = default;
};

// One consumer group of a stream, with its consumers (XINFO GROUPS and XINFO CONSUMERS).
struct StreamGroup
{
    QString stream;
    QString group;
    qint64 pending = 0; // of all its consumers
    qint64 lag = -1;    // entries not yet delivered to the group; -1: Redis cannot tell
    QByteArray lastDeliveredId;
    qint64 consumerCount = 0; // as XINFO GROUPS counts them (`consumers` is read apart)
    QList<StreamConsumer> consumers;

    friend bool operator==(const StreamGroup &, const StreamGroup &) = default;
};

// The consumer groups found on a Redis server, for the Overview.
struct StreamGroupScan
{
    QList<StreamGroup> groups;
    bool complete = true; // false: the server has more keys than the scan looks at
    QString problem;      // why the groups could not be read; empty when they were
};

// XINFO CONSUMERS's reply, sorted by name; nothing if it is not in the form Redis 7 gives.
std::optional<QList<StreamConsumer>> parseStreamConsumers(const RedisReply &reply);

// The consumers of `group` on the stream `key`, sorted by name.
Result<QList<StreamConsumer>> readStreamConsumers(RedisClient &client, const QByteArray &key,
                                                  const QByteArray &group);

// XINFO GROUPS's reply for the stream `key`, without the consumers; nothing if it is not in the
// form Redis 7 gives.
std::optional<QList<StreamGroup>> parseStreamGroups(const RedisReply &reply, const QByteArray &key);

// The consumer groups of the stream `key` as XINFO GROUPS gives them, without their consumers,
// sorted by group; none when the key holds no stream (or is gone).
Result<QList<StreamGroup>> readStreamGroupList(RedisClient &client, const QByteArray &key);

// The consumer groups of the stream `key` with their consumers, sorted by group; none when
// the key holds no stream (or is gone).
Result<QList<StreamGroup>> readStreamGroups(RedisClient &client, const QByteArray &key);

// Every consumer group of every stream on the server's database: SCAN ... TYPE stream over
// at most maxKeys keys (a bounded look, never a KEYS), then XINFO GROUPS and CONSUMERS.
// Sorted by stream and group.
Result<StreamGroupScan> scanStreamGroups(RedisClient &client, qint64 maxKeys = 100000);

// Removes, in one atomic step on the server, the consumers of `group` that hold no pending
// entry and have been idle at least idleMs, except `keep`; returns their names. A consumer
// that still holds entries is never removed: XGROUP DELCONSUMER would drop its pending
// entries with it. A live consumer reads every few seconds and is never that idle; one that
// was removed and reads again is made anew by Redis.
Result<QStringList> forgetIdleConsumers(RedisClient &client, const QByteArray &key,
                                        const QByteArray &group, qint64 idleMs,
                                        const QByteArray &keep);

// Removes the consumer `name` if it holds no pending entry (atomically); true if removed.
Result<bool> leaveGroupIfIdle(RedisClient &client, const QByteArray &key, const QByteArray &group,
                              const QByteArray &name);

} // namespace porthole

Q_DECLARE_METATYPE(porthole::StreamConsumer)
Q_DECLARE_METATYPE(porthole::StreamGroup)
Q_DECLARE_METATYPE(porthole::StreamGroupScan)
