#pragma once

#include "connectionfactory.h"
#include "graphlayout.h"
#include "latestread.h"
#include "mapgraph.h"
#include "pipelinemap.h"
#include "redisurl.h"

#include <QObject>

#include <chrono>
#include <memory>
#include <optional>

namespace porthole {

// The pipeline map as it is drawn: the graph read (its components, ports and figures) and its
// layout, with the ids the layout knows its nodes and edges by.
struct MapPicture
{
    PipelineMap map;
    GraphLayout layout;
    QString shape; // the graph's shape (its nodes and edges) the layout was made for

    static QString componentNode(const QString &component) { return mapid::component(component); }
    static QString portEdge(const QString &port, const QString &sender)
    {
        return mapid::port(port, sender);
    }
};

// The room a drawing of the map takes: its text's average character width and line height,
// from the font it is drawn with.
struct MapMetrics
{
    qreal charWidth = 7;
    qreal lineHeight = 16;
};

// Reads the pipeline map on a thread and a connection of its own, and lays it out there too
// (Graphviz's dot: on a big pipeline it takes longer than a frame), only when the graph's shape
// changed since the last layout: new figures on the same components and ports keep every
// position. Only the answer to the latest request is given. With a Redis server, the same
// thread reads its part (mapredis.h) on a Redis connection of its own, kept from one read to
// the next and made anew after a failure; Redis that cannot be read leaves the rest of the map
// as read, its problem said in MapRedis::problem.
class PipelineMapLoader : public QObject
{
    Q_OBJECT

public:
    explicit PipelineMapLoader(ConnectionFactory factory, QObject *parent = nullptr);

    void setMetrics(const MapMetrics &metrics) { m_metrics = metrics; }
    void setStaleAfter(std::chrono::milliseconds staleAfter) { m_staleAfter = staleAfter; }
    void setThresholds(const QueueThresholds &thresholds) { m_thresholds = thresholds; }
    // The Redis server whose streams and groups the map shows; none: no Redis part.
    void setRedis(const std::optional<RedisUrl> &url);
    // What the window's receiver reads and where it writes; a map read already (or being read)
    // is read again when it changed (the receiver started or stopped), so that its part shows
    // at once.
    void setReceiver(const MapReceiver &receiver);
    const QueueThresholds &thresholds() const { return m_thresholds; }
    // Reads the map as it is now.
    void load();
    // The last picture given (empty before the first).
    const MapPicture &picture() const { return m_picture; }

    // The shape of `map`'s graph (mapGraph()): its nodes, and its edges with their ends.
    static QString shapeOf(const PipelineMap &map);
    // Lays `map` out for drawing with `metrics`: mapGraph()'s nodes and edges, each node as
    // large as its two lines of text, each labelled edge with room for three lines; left to
    // right as the window shows it, or top to bottom (a report's page, mappainter.h).
    static Result<GraphLayout> layOut(const PipelineMap &map, const MapMetrics &metrics,
                                      FlowDirection direction = FlowDirection::LeftToRight);

Q_SIGNALS:
    // A new picture; `moved` when it was laid out anew (the graph's shape changed).
    void loaded(bool moved);
    void failed(const QString &message);

private:
    struct RedisSide; // the Redis connection, used on the reading thread only

    LatestRead m_read;
    std::shared_ptr<RedisSide> m_redis;
    MapReceiver m_receiver;
    bool m_asked = false; // load() was called: the map is shown somewhere
    MapPicture m_picture;
    MapMetrics m_metrics;
    std::chrono::milliseconds m_staleAfter{std::chrono::minutes(2)};
    QueueThresholds m_thresholds;
};

} // namespace porthole

Q_DECLARE_METATYPE(porthole::MapPicture)
