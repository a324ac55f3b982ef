#pragma once

#include "storageerror.h"

#include <QByteArray>
#include <QList>

namespace porthole {

class RedisClient;

// What one step of scanAllNodes() found, and the cursor of the next ("0": the scan is over).
struct RedisScanStep
{
    QByteArray cursor;
    QList<QByteArray> keys;
};

// One step of SCAN over the keys of every master of a Redis Cluster in turn (each holds only
// the keys of its own slots), or of the one server otherwise. The cursor "0" starts a scan;
// on a cluster the others are "<master>:<SCAN's cursor>", the master counted in the order of
// their first slots, so a scan goes on from a cursor it gave even on another connection. The
// client is left on the master it scanned, where the keys found are read without a redirect.
// `options` follow the cursor in the SCAN command (MATCH, COUNT, TYPE). A server that refuses
// CLUSTER SLOTS (no cluster, or a user without the right) is scanned alone.
Result<RedisScanStep> scanAllNodes(RedisClient &client, const QByteArray &cursor,
                                   const QList<QByteArray> &options);

} // namespace porthole
