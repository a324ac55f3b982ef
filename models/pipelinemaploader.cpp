#include "pipelinemaploader.h"

#include "mapredis.h"
#include "redisclient.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// How long the Redis part of one read may take in all, and each of its steps: the map is read
// every few seconds, and a slow server must not hold its SQL figures back for long.
constexpr int redisReadMs = 3000;
constexpr RedisTimeouts redisTimeouts{1000, 2000, 3000};

} // namespace

struct PipelineMapLoader::RedisSide
{
    RedisUrl url;
    RedisClient client;

    // The Redis part of the map, or its problem said in it; the client connected anew after a
    // failure.
    void read(PipelineMap *map, const QueueThresholds &thresholds)
    {
        if (!client.isConnected()) {
            if (Status connected = client.connect(url, redisTimeouts); !connected) {
                map->redis.problem = connected.errorMessage();
                return;
            }
        }
        auto redis = readMapRedis(client, map->receiver, map->readAt, thresholds,
                                  QDeadlineTimer(redisReadMs));
        if (!redis) {
            map->redis.problem = redis.errorMessage();
            client.disconnect();
            return;
        }
        map->redis = std::move(redis).value();
    }
};

PipelineMapLoader::PipelineMapLoader(ConnectionFactory factory, QObject *parent)
    : QObject(parent)
    , m_read(std::move(factory), u"pipeline-map"_s)
{
    connect(&m_read, &LatestRead::done, this, [this](const QVariant &answer) {
        MapPicture picture = answer.value<MapPicture>();
        const bool moved = picture.shape != m_picture.shape || m_picture.layout.nodes.isEmpty();
        if (!moved)
            picture.layout = m_picture.layout; // the same graph: the same places
        m_picture = std::move(picture);
        Q_EMIT loaded(moved);
    });
    connect(&m_read, &LatestRead::failed, this, &PipelineMapLoader::failed);
}

void PipelineMapLoader::setRedis(const std::optional<RedisUrl> &url)
{
    m_redis.reset();
    if (url) {
        m_redis = std::make_shared<RedisSide>();
        m_redis->url = *url;
    }
}

void PipelineMapLoader::setReceiver(const MapReceiver &receiver)
{
    if (receiver == m_receiver)
        return;
    m_receiver = receiver;
    if (m_asked) // a read under way has the old receiver: the latest request's answer counts
        load();
}

void PipelineMapLoader::load()
{
    m_asked = true;
    m_read.read([shown = m_picture.shape, metrics = m_metrics, staleAfter = m_staleAfter,
                 thresholds = m_thresholds, redis = m_redis,
                 receiver = m_receiver](const QSqlDatabase &db) -> Result<QVariant> {
        auto map = readPipelineMap(db, QDateTime::currentDateTimeUtc(), staleAfter, thresholds);
        if (!map)
            return map.error();
        map->receiver = receiver;
        if (redis)
            redis->read(&map.value(), thresholds);
        MapPicture picture{std::move(map).value(), {}, {}};
        picture.shape = shapeOf(picture.map);
        if (picture.shape != shown) {
            auto layout = layOut(picture.map, metrics);
            if (!layout)
                return layout.error();
            picture.layout = std::move(layout).value();
        }
        return QVariant::fromValue(picture);
    });
}

QString PipelineMapLoader::shapeOf(const PipelineMap &map)
{
    return mapGraph(map).shape();
}

Result<GraphLayout> PipelineMapLoader::layOut(const PipelineMap &map, const MapMetrics &metrics,
                                              FlowDirection direction)
{
    // A component's box holds its name, its heartbeat and its last checkpoint, a line each;
    // another box its name and one line (a stream's length, a group's consumers); a port's
    // label its name, its figures and its troubles, a line each; a group edge's its figures (two
    // lines) and its backlog's trend.
    const auto textWidth = [&metrics](qsizetype chars, int atLeast) {
        return qreal(std::max<qsizetype>(chars, atLeast)) * metrics.charWidth;
    };
    // The name is bold, a fifth wider; the line under it as long as it says at most
    // ("stale · last beat 2 min 5 s ago", "stream · 1,234,567 entries").
    const MapGraph graph = mapGraph(map);
    QList<LayoutNode> nodes;
    for (const MapNode &node : graph.nodes) {
        const bool component = node.kind == MapNode::Kind::Component;
        const int line = component ? 30 : node.kind == MapNode::Kind::Stream ? 26 : 20;
        nodes.append(
            {node.id, QSizeF(textWidth(node.name.size() * 6 / 5, line) + 2 * metrics.charWidth,
                             metrics.lineHeight * (component ? 3.6 : 2.6))});
    }
    QList<LayoutEdge> edges;
    for (const MapEdge &edge : graph.edges) {
        QSizeF label;
        if (edge.kind == MapEdge::Kind::Port)
            label = QSizeF(textWidth(edge.name.size(), 36), metrics.lineHeight * 3);
        else if (edge.kind == MapEdge::Kind::Group)
            label = QSizeF(textWidth(0, 30), metrics.lineHeight * 3);
        edges.append({edge.id, edge.from, edge.to, label});
    }
    return layOutFlow(nodes, edges, direction);
}

} // namespace porthole
