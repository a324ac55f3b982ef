#pragma once

// Filling a Redis server and reading its own answers back, for tests of what Porthole reads.

#include "redisclient.h"

#include <QByteArray>
#include <QList>

#include <algorithm>

namespace porthole::test {

// Sends `commands` in one pipeline: whether every one of them succeeded.
inline bool runRedisCommands(RedisClient &client, const QList<QList<QByteArray>> &commands)
{
    const auto replies = client.pipeline(commands);
    if (!replies)
        return false;
    return std::none_of(replies->cbegin(), replies->cend(),
                        [](const RedisReply &reply) { return reply.isError(); });
}

// The elements of Redis's own answer to `command` (an array), read whole.
inline QList<QByteArray> redisArrayTexts(RedisClient &client, const QList<QByteArray> &command)
{
    QList<QByteArray> elements;
    const auto reply = client.command(command);
    if (reply && reply->type == RedisReply::Type::Array) {
        for (const RedisReply &element : reply->elements)
            elements << element.text;
    }
    return elements;
}

} // namespace porthole::test
