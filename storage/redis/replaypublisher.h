#pragma once

#include "redisclient.h"
#include "redisurl.h"
#include "storageerror.h"

#include <QByteArray>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

namespace porthole {

// One message to publish again: where, under which replay id, and what.
struct ReplayMessage
{
    QString replayId; // a UUID; the same message published twice under one id arrives once
    QByteArray key;   // the stream or list
    QByteArray payload;
};

// Publishes replayed messages to Redis, each at most once per replay id: a small Lua script,
// one call for a whole batch, sets each message's marker key (porthole:replayed:{id}, kept 7
// days) as it publishes it, atomically, and skips a message whose marker is there. So a publish
// repeated after a crash (the database did not learn that it went out) gives no second copy.
//
// A stream key (or a key that does not exist yet) gets XADD key * payload P replay_id R; a
// list gets LPUSH P (the receiver takes from the right). The payload carries the replay id
// too, for consumers that read only the payload.
//
// The connection belongs to the thread that uses it.
class ReplayPublisher
{
public:
    explicit ReplayPublisher(RedisUrl url, RedisTimeouts timeouts = {});

    const RedisUrl &url() const { return m_url; }

    // Publishes all in one round trip (connecting first if need be). ConnectionLost when
    // Redis cannot be reached: nothing is known to have gone out, and publishing the same
    // messages again is safe. Protocol when Redis refuses the batch (a key of another type:
    // then none of it went out).
    // Returns how many were published now (not before).
    Result<qint64> publish(const QList<ReplayMessage> &messages);

    // Which of these replay ids went out already (their markers are there).
    Result<QSet<QString>> publishedBefore(const QStringList &replayIds);

    // The marker key of a replay id, for tests and for operators looking in Redis.
    static QByteArray markerKey(const QString &replayId);

private:
    RedisUrl m_url;
    RedisTimeouts m_timeouts;
    RedisClient m_client;
    QByteArray m_scriptSha;
};

} // namespace porthole
