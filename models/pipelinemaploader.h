#pragma once

#include "connectionfactory.h"
#include "graphlayout.h"
#include "latestread.h"
#include "pipelinemap.h"

#include <QObject>

#include <chrono>

namespace porthole {

// The pipeline map as it is drawn: the graph read (its components, ports and figures) and its
// layout, with the ids the layout knows its nodes and edges by.
struct MapPicture
{
    PipelineMap map;
    GraphLayout layout;
    QString shape; // the graph's shape (its nodes and edges) the layout was made for

    static QString componentNode(const QString &component)
    {
        return QStringLiteral("c:") + component;
    }
    static QString portEdge(const QString &port, const QString &sender)
    {
        return QStringLiteral("p:") + port + QLatin1Char('\n') + sender;
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
// position. Only the answer to the latest request is given.
class PipelineMapLoader : public QObject
{
    Q_OBJECT

public:
    explicit PipelineMapLoader(ConnectionFactory factory, QObject *parent = nullptr);

    void setMetrics(const MapMetrics &metrics) { m_metrics = metrics; }
    void setStaleAfter(std::chrono::milliseconds staleAfter) { m_staleAfter = staleAfter; }
    void setThresholds(const QueueThresholds &thresholds) { m_thresholds = thresholds; }
    const QueueThresholds &thresholds() const { return m_thresholds; }
    // Reads the map as it is now.
    void load();
    // The last picture given (empty before the first).
    const MapPicture &picture() const { return m_picture; }

    // The shape of `map`'s graph: its components, and its ports with their ends.
    static QString shapeOf(const PipelineMap &map);
    // Lays `map` out for drawing with `metrics`: a node a component, an edge a port from each
    // of its senders.
    static Result<GraphLayout> layOut(const PipelineMap &map, const MapMetrics &metrics);

Q_SIGNALS:
    // A new picture; `moved` when it was laid out anew (the graph's shape changed).
    void loaded(bool moved);
    void failed(const QString &message);

private:
    LatestRead m_read;
    MapPicture m_picture;
    MapMetrics m_metrics;
    std::chrono::milliseconds m_staleAfter{std::chrono::minutes(2)};
    QueueThresholds m_thresholds;
};

} // namespace porthole

Q_DECLARE_METATYPE(porthole::MapPicture)
