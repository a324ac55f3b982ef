#pragma once

#include "pipelinemap.h"
#include "storageerror.h"

#include <QDeadlineTimer>

namespace porthole {

class RedisClient;

// The Redis part of the pipeline map, read on `client` (used by the calling thread only): the
// receiver's key (its length: XLEN or LLEN), and the streams a consumer group reads, found by
// SCAN ... TYPE stream over at most `maxKeys` keys (never KEYS) and kept up to mapStreamsShown;
// of each group XINFO GROUPS's lag and pending count, the idle time of its oldest pending entry
// (XPENDING's extended form, one entry) and its first consumers (XINFO CONSUMERS), pipelined a
// stream at a time. Each answer is bounded as every read of the client is (RedisReplyLimits);
// the whole read stops at `deadline`, what was found kept and the map said incomplete.
// A group's state is its queue's on the map: its pending entries, the oldest idle that long.
Result<MapRedis> readMapRedis(RedisClient &client, const MapReceiver &receiver,
                              const QDateTime &now, const QueueThresholds &thresholds,
                              QDeadlineTimer deadline, qint64 maxKeys = 10000);

} // namespace porthole
