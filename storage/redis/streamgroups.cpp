#include "streamgroups.h"

#include "redisclient.h"
#include "redisclusterscan.h"
#include "redisreplies.h"

#include <QHash>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

constexpr qint64 KeysPerScan = 1000;

// Deletes the idle consumers that hold nothing, in one script so that no entry is delivered
// to a consumer between the look and the deletion. XINFO CONSUMERS answers flat name/value
// lists; "idle" is the time since the consumer's last attempt to read or claim.
constexpr QByteArrayView ForgetScript = R"lua(
local forgotten = {}
for _, consumer in ipairs(redis.call('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])) do
    local info = {}
    for i = 1, #consumer, 2 do info[consumer[i]] = consumer[i + 1] end
    if info['pending'] == 0 and info['idle'] >= tonumber(ARGV[2]) and info['name'] ~= ARGV[3] then
        redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], info['name'])
        table.insert(forgotten, info['name'])
    end
end
return forgotten
)lua";

constexpr QByteArrayView LeaveScript = R"lua(
for _, consumer in ipairs(redis.call('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])) do
    local info = {}
    for i = 1, #consumer, 2 do info[consumer[i]] = consumer[i + 1] end
    if info['name'] == ARGV[2] then
        if info['pending'] ~= 0 then return 0 end
        redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], ARGV[2])
        return 1
    end
end
return 0
)lua";

} // namespace

std::optional<QList<StreamConsumer>> parseStreamConsumers(const RedisReply &reply)
{
    if (reply.type != RedisReply::Type::Array)
        return std::nullopt;
    QList<StreamConsumer> consumers;
    consumers.reserve(reply.elements.size());
    for (const RedisReply &element : reply.elements) {
        const auto fields = fieldsOf(element);
        if (!fields || !fields->contains("name") || !fields->contains("pending") ||
            !fields->contains("idle"))
            return std::nullopt;
        consumers.append({QString::fromUtf8(fields->value("name")->text),
                          fields->value("pending")->integer, fields->value("idle")->integer});
    }
    std::sort(consumers.begin(), consumers.end(),
              [](const StreamConsumer &a, const StreamConsumer &b) { return a.name < b.name; });
    return consumers;
}

namespace {

Result<QStringList> names(const Result<RedisReply> &reply, const QString &what)
{
    if (Status array = checkArrayReply(reply, what); !array)
        return array.error();
    QStringList out;
    for (const RedisReply &name : reply->elements)
        out.append(QString::fromUtf8(name.text));
    return out;
}

} // namespace

Result<QList<StreamConsumer>> readStreamConsumers(RedisClient &client, const QByteArray &key,
                                                  const QByteArray &group)
{
    const auto reply = client.command({"XINFO", "CONSUMERS", key, group});
    if (!reply)
        return reply.error();
    if (reply->isError())
        return refusedReply(*reply, u"XINFO CONSUMERS"_s);
    auto consumers = parseStreamConsumers(*reply);
    if (!consumers)
        return unexpectedReply(u"XINFO CONSUMERS"_s);
    return *consumers;
}

std::optional<QList<StreamGroup>> parseStreamGroups(const RedisReply &reply, const QByteArray &key)
{
    if (reply.type != RedisReply::Type::Array)
        return std::nullopt;
    QList<StreamGroup> groups;
    for (const RedisReply &element : reply.elements) {
        const auto fields = fieldsOf(element);
        if (!fields || !fields->contains("name"))
            return std::nullopt;
        StreamGroup group;
        group.stream = QString::fromUtf8(key);
        group.group = QString::fromUtf8(fields->value("name")->text);
        if (const RedisReply *pending = fields->value("pending"))
            group.pending = pending->integer;
        if (const RedisReply *lag = fields->value("lag");
            lag != nullptr && lag->type == RedisReply::Type::Integer)
            group.lag = lag->integer;
        if (const RedisReply *last = fields->value("last-delivered-id"))
            group.lastDeliveredId = last->text;
        if (const RedisReply *consumers = fields->value("consumers"))
            group.consumerCount = consumers->integer;
        groups.append(group);
    }
    return groups;
}

Result<QList<StreamGroup>> readStreamGroupList(RedisClient &client, const QByteArray &key)
{
    const auto groups = client.command({"XINFO", "GROUPS", key});
    if (!groups)
        return groups.error();
    if (groups->isError()) // no such key (gone meanwhile), or not a stream
        return QList<StreamGroup>();
    if (groups->type != RedisReply::Type::Array)
        return unexpectedReply(u"XINFO GROUPS"_s);
    auto parsed = parseStreamGroups(*groups, key);
    if (!parsed)
        return unexpectedReply(u"XINFO GROUPS"_s);
    std::sort(parsed->begin(), parsed->end(),
              [](const StreamGroup &a, const StreamGroup &b) { return a.group < b.group; });
    return *parsed;
}

Result<QList<StreamGroup>> readStreamGroups(RedisClient &client, const QByteArray &key)
{
    auto listed = readStreamGroupList(client, key);
    if (!listed || listed->isEmpty())
        return listed;
    QList<StreamGroup> found = std::move(listed).value();
    QList<QList<QByteArray>> consumerQueries;
    for (const StreamGroup &group : std::as_const(found))
        consumerQueries.append({"XINFO", "CONSUMERS", key, group.group.toUtf8()});
    const auto consumers = client.pipeline(consumerQueries);
    if (!consumers)
        return consumers.error();
    QList<StreamGroup> read;
    for (qsizetype i = 0; i < found.size(); ++i) {
        if (consumers->at(i).isError()) // the group went away meanwhile
            continue;
        auto parsed = parseStreamConsumers(consumers->at(i));
        if (!parsed)
            return unexpectedReply(u"XINFO CONSUMERS"_s);
        found[i].consumers = *parsed;
        read.append(found.at(i));
    }
    return read;
}

Result<StreamGroupScan> scanStreamGroups(RedisClient &client, qint64 maxKeys)
{
    StreamGroupScan scan;
    QList<QByteArray> streams;
    QByteArray cursor = "0";
    qint64 looked = 0;
    do {
        if (looked >= maxKeys) {
            scan.complete = false;
            break;
        }
        auto step = scanAllNodes(client, cursor,
                                 {"COUNT", QByteArray::number(KeysPerScan), "TYPE", "stream"});
        if (!step)
            return step.error();
        cursor = step->cursor;
        streams.append(step->keys);
        looked += KeysPerScan;
    } while (cursor != "0");
    std::sort(streams.begin(), streams.end());
    streams.erase(std::unique(streams.begin(), streams.end()), streams.end());

    for (const QByteArray &stream : std::as_const(streams)) {
        auto groups = readStreamGroups(client, stream);
        if (!groups)
            return groups.error();
        scan.groups.append(std::move(*groups));
    }
    std::sort(scan.groups.begin(), scan.groups.end(),
              [](const StreamGroup &a, const StreamGroup &b) {
                  return std::tie(a.stream, a.group) < std::tie(b.stream, b.group);
              });
    return scan;
}

Result<QStringList> forgetIdleConsumers(RedisClient &client, const QByteArray &key,
                                        const QByteArray &group, qint64 idleMs,
                                        const QByteArray &keep)
{
    return names(client.command({"EVAL", ForgetScript.toByteArray(), "1", key, group,
                                 QByteArray::number(idleMs), keep}),
                 u"to remove idle consumers"_s);
}

Result<bool> leaveGroupIfIdle(RedisClient &client, const QByteArray &key, const QByteArray &group,
                              const QByteArray &name)
{
    const auto reply = client.command({"EVAL", LeaveScript.toByteArray(), "1", key, group, name});
    if (!reply)
        return reply.error();
    if (reply->isError())
        return refusedReply(*reply, u"to remove the consumer"_s);
    return reply->integer == 1;
}

} // namespace porthole
