#include "mapredis.h"

#include "redisclient.h"
#include "redisclusterscan.h"
#include "redisreplies.h"
#include "streamgroups.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

constexpr int keysPerScan = 1000;
// Streams whose groups are asked for in one round trip.
constexpr qsizetype streamsPerRound = 50;

// The streams on the server, by SCAN ... TYPE stream over at most `maxKeys` keys, sorted;
// `complete` false when the scan stopped before its end.
Result<QList<QByteArray>> scanStreams(RedisClient &client, qint64 maxKeys,
                                      const QDeadlineTimer &deadline, bool *complete)
{
    QList<QByteArray> streams;
    QByteArray cursor = "0";
    qint64 looked = 0;
    do {
        if (looked >= maxKeys || deadline.hasExpired()) {
            *complete = false;
            break;
        }
        auto step = scanAllNodes(client, cursor,
                                 {"COUNT", QByteArray::number(keysPerScan), "TYPE", "stream"});
        if (!step)
            return step.error();
        cursor = step->cursor;
        streams.append(step->keys);
        looked += keysPerScan;
    } while (cursor != "0");
    std::sort(streams.begin(), streams.end());
    streams.erase(std::unique(streams.begin(), streams.end()), streams.end());
    return streams;
}

// The groups of `streams` (XINFO GROUPS and XLEN, one round trip), appended to `redis`: the
// streams that have groups, and their groups, up to mapStreamsShown streams in all; `keep`
// is a stream listed whether it has groups or not (the receiver's, listed already).
Status readGroupLists(RedisClient &client, const QList<QByteArray> &streams, const QString &keep,
                      MapRedis *redis)
{
    QList<QList<QByteArray>> commands;
    for (const QByteArray &stream : streams)
        commands << QList<QByteArray>{"XINFO", "GROUPS", stream}
                 << QList<QByteArray>{"XLEN", stream};
    auto replies = client.pipeline(commands);
    if (!replies)
        return replies.error();
    for (qsizetype i = 0; i < streams.size(); ++i) {
        const RedisReply &groups = replies->at(2 * i);
        if (groups.isError()) // gone meanwhile
            continue;
        auto parsed = parseStreamGroups(groups, streams.at(i));
        if (!parsed)
            return unexpectedReply(u"XINFO GROUPS"_s);
        const QString key = QString::fromUtf8(streams.at(i));
        if (key == keep) {
            redis->streams.first().length = replies->at(2 * i + 1).integer;
        } else if (!parsed->isEmpty()) {
            if (redis->streams.size() - (keep.isEmpty() ? 0 : 1) >= mapStreamsShown) {
                redis->complete = false;
                return success();
            }
            redis->streams.append({key, u"stream"_s, replies->at(2 * i + 1).integer});
        }
        for (const StreamGroup &group : std::as_const(*parsed)) {
            MapGroup read;
            read.stream = group.stream;
            read.group = group.group;
            read.lag = group.lag;
            read.lastDeliveredId = QString::fromLatin1(group.lastDeliveredId);
            read.pending = group.pending;
            read.consumerCount = group.consumerCount;
            redis->groups.append(read);
        }
    }
    return success();
}

// Each group's oldest pending entry's idle time (XPENDING key group - + 1) and its consumers
// (XINFO CONSUMERS), one round trip.
Status readGroupDetails(RedisClient &client, QList<MapGroup> *groups)
{
    QList<QList<QByteArray>> commands;
    for (const MapGroup &group : std::as_const(*groups)) {
        const QByteArray key = group.stream.toUtf8();
        const QByteArray name = group.group.toUtf8();
        commands << QList<QByteArray>{"XPENDING", key, name, "-", "+", "1"}
                 << QList<QByteArray>{"XINFO", "CONSUMERS", key, name};
    }
    auto replies = client.pipeline(commands);
    if (!replies)
        return replies.error();
    for (qsizetype i = 0; i < groups->size(); ++i) {
        MapGroup &group = (*groups)[i];
        const RedisReply &oldest = replies->at(2 * i);
        // [[id, consumer, idle ms, deliveries]]; an error: the group went away meanwhile.
        if (oldest.type == RedisReply::Type::Array && !oldest.elements.isEmpty()) {
            const RedisReply &entry = oldest.elements.constFirst();
            if (entry.type != RedisReply::Type::Array || entry.elements.size() < 4)
                return unexpectedReply(u"XPENDING"_s);
            group.oldestIdleMs = entry.elements.at(2).integer;
        }
        if (const auto consumers = parseStreamConsumers(replies->at(2 * i + 1))) {
            for (const StreamConsumer &consumer : *consumers)
                if (group.consumers.size() < mapConsumersShown)
                    group.consumers << consumer.name;
        }
    }
    return success();
}

} // namespace

Result<MapRedis> readMapRedis(RedisClient &client, const MapReceiver &receiver,
                              const QDateTime &now, const QueueThresholds &thresholds,
                              QDeadlineTimer deadline, qint64 maxKeys)
{
    MapRedis redis;
    QString own;
    if (!receiver.key.isEmpty()) {
        redis.streams.append({receiver.key, receiver.type, -1});
        if (receiver.type == u"stream"_s) {
            own = receiver.key;
        } else if (receiver.type == u"list"_s) {
            const auto length = client.command({"LLEN", receiver.key.toUtf8()});
            if (!length)
                return length.error();
            redis.streams.first().length = length->isError() ? -1 : length->integer;
        }
    }
    auto streams = scanStreams(client, maxKeys, deadline, &redis.complete);
    if (!streams)
        return streams.error();
    // The receiver's stream first: it is drawn even when the scan did not come to it.
    if (!own.isEmpty()) {
        streams->removeAll(own.toUtf8());
        streams->prepend(own.toUtf8());
    }
    for (qsizetype from = 0; from < streams->size() && redis.complete; from += streamsPerRound) {
        if (deadline.hasExpired()) {
            redis.complete = false;
            break;
        }
        if (Status read = readGroupLists(client, streams->mid(from, streamsPerRound), own, &redis);
            !read)
            return read.error();
    }
    if (!redis.groups.isEmpty())
        if (Status read = readGroupDetails(client, &redis.groups); !read)
            return read.error();
    for (MapGroup &group : redis.groups)
        group.state =
            queueState(RowCount{group.pending},
                       group.oldestIdleMs < 0 ? QDateTime() : now.addMSecs(-group.oldestIdleMs),
                       now, thresholds);
    std::sort(redis.groups.begin(), redis.groups.end(), [](const MapGroup &a, const MapGroup &b) {
        return std::tie(a.stream, a.group) < std::tie(b.stream, b.group);
    });
    return redis;
}

} // namespace porthole
