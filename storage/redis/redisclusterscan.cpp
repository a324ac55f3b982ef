#include "redisclusterscan.h"

#include "redisclient.h"
#include "redisreplies.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

struct Master
{
    qint64 firstSlot = 0;
    QString host;
    int port = 0;
};

// The masters of the cluster by their first slot (CLUSTER SLOTS: ranges of slots, each with
// its master's host and port first); none when the server refuses to say.
Result<QList<Master>> clusterMasters(RedisClient &client)
{
    const auto reply = client.command({"CLUSTER", "SLOTS"});
    if (!reply)
        return reply.error();
    QList<Master> masters;
    if (reply->isError())
        return masters;
    if (reply->type != RedisReply::Type::Array)
        return unexpectedReply(u"CLUSTER SLOTS"_s);
    for (const RedisReply &range : reply->elements) {
        if (range.elements.size() < 3 || range.elements.at(2).elements.size() < 2)
            return unexpectedReply(u"CLUSTER SLOTS"_s);
        const RedisReply &master = range.elements.at(2);
        Master found{range.elements.at(0).integer, QString::fromUtf8(master.elements.at(0).text),
                     int(master.elements.at(1).integer)};
        // An empty or unknown endpoint ("?") is the node's own address, as the client knows it.
        if (found.host.isEmpty() || found.host == u"?"_s)
            found.host = client.node().host();
        const auto same = std::find_if(masters.begin(), masters.end(), [&found](const Master &m) {
            return m.host == found.host && m.port == found.port;
        });
        if (same == masters.end())
            masters.append(found);
        else
            same->firstSlot = std::min(same->firstSlot, found.firstSlot);
    }
    std::sort(masters.begin(), masters.end(),
              [](const Master &a, const Master &b) { return a.firstSlot < b.firstSlot; });
    return masters;
}

Result<RedisScanStep> scanHere(RedisClient &client, const QByteArray &cursor,
                               const QList<QByteArray> &options)
{
    const auto reply = client.command(QList<QByteArray>{"SCAN", cursor} + options);
    if (!reply)
        return reply.error();
    if (reply->isError())
        return refusedReply(*reply, u"SCAN"_s);
    if (reply->type != RedisReply::Type::Array || reply->elements.size() != 2 ||
        reply->elements.at(1).type != RedisReply::Type::Array)
        return unexpectedReply(u"SCAN"_s);
    RedisScanStep step{reply->elements.at(0).text, {}};
    for (const RedisReply &key : reply->elements.at(1).elements)
        step.keys.append(key.text);
    return step;
}

} // namespace

Result<RedisScanStep> scanAllNodes(RedisClient &client, const QByteArray &cursor,
                                   const QList<QByteArray> &options)
{
    const qsizetype colon = cursor.indexOf(':');
    if (cursor != "0" && colon < 0)
        return scanHere(client, cursor, options);
    const auto masters = clusterMasters(client);
    if (!masters)
        return masters.error();
    if (masters->isEmpty()) {
        if (colon >= 0)
            return StorageError::invalidArgument(
                u"The cursor %1 is of a scan of a Redis Cluster, and Redis at %2 is not one: "
                "start the scan again from 0."_s.arg(QString::fromUtf8(cursor),
                                                     client.url().toDisplayString()));
        return scanHere(client, cursor, options);
    }
    bool ok = colon < 0;
    const int index = colon < 0 ? 0 : cursor.left(colon).toInt(&ok);
    if (!ok || index < 0 || index >= masters->size())
        return StorageError::invalidArgument(
            u"The cursor %1 names no master of the cluster of %2 (it has %3): start the scan "
            "again from 0."_s.arg(QString::fromUtf8(cursor), client.url().toDisplayString())
                .arg(masters->size()));
    const Master &master = masters->at(index);
    if (client.node().host() != master.host || client.node().port() != master.port) {
        if (const Status moved = client.connectToNode(master.host, master.port); !moved)
            return moved.error();
    }
    auto step = scanHere(client, colon < 0 ? QByteArray("0") : cursor.mid(colon + 1), options);
    if (!step)
        return step;
    if (step->cursor != "0")
        step->cursor = QByteArray::number(index) + ':' + step->cursor;
    else if (index + 1 < masters->size())
        step->cursor = QByteArray::number(index + 1) + ":0";
    return step;
}

} // namespace porthole
