#pragma once

#include "backlogtrends.h"
#include "mapgraph.h"
#include "mappainter.h"
#include "pipelinemaploader.h"

#include <QGraphicsScene>
#include <QHash>
#include <QPointF>
#include <QTimer>

class QGraphicsItem;
class QGraphicsPathItem;
class QGraphicsPolygonItem;
class QGraphicsSimpleTextItem;

namespace porthole {

// The pipeline map drawn: each component a box in its health's colour (ok, warning, critical,
// stale, unknown: statuscolours.h) with its name, its last heartbeat and its last checkpoint;
// each port an arrow from its sender to its receiver in its queue's colour (grey empty, green
// flowing, amber backed up, red stuck) with its name and figures beside it. With a Redis
// server, its streams (rounded ends), their consumer groups in their queue's colour with an
// arrow from the stream labelled with the group's lag, pending entries and the oldest one's
// idle time, the groups' consumers, and the receiver's store; sink_storage's sinks too.
// A port's or a group's label says where its backlog is going, from the backlog history
// (setBacklogTrends()): "draining, empty in ~4 min", "growing +12/s"; its tooltip the rates and
// the time to drain's range. A label that has three lines already (a port's troubles) says it
// in its tooltip alone: the layout keeps room for three.
// A click on a box or an arrow (or its label) says which (componentClicked(), portClicked(),
// groupClicked(), streamClicked()) once no second click followed; a double-click on a port's
// arrow, portDoubleClicked() alone.
//
// A box dragged elsewhere is pinned there: it stays across refreshes and new layouts (its
// arrows bent to follow, pinnedLayout()) until "Unpin" in its context menu; pinsChanged() tells
// the pane, which keeps the places.
class PipelineMapScene : public QGraphicsScene
{
    Q_OBJECT

public:
    explicit PipelineMapScene(QObject *parent = nullptr);

    // Shows `picture`: built anew when `moved` (laid out again), else the same items with
    // their figures, colours and texts as the picture says now.
    void setPicture(const MapPicture &picture, bool moved);
    const MapPicture &picture() const { return m_picture; }

    // The pinned places: the centres of the boxes the operator moved, by node id (mapgraph.h).
    const QHash<QString, QPointF> &pins() const { return m_pins; }
    void setPins(const QHash<QString, QPointF> &pins);
    void setBacklogTrends(const BacklogTrendSet &trends);
    void unpin(const QString &node);

    // What is drawn, for tests and screenshots: a box's text (its lines joined by newlines) and
    // colour, by node id or a component's name; a port's or a group's label, its colour.
    QString nodeText(const QString &node) const;
    QColor nodeColour(const QString &node) const;
    QString componentText(const QString &component) const;
    QColor componentColour(const QString &component) const;
    QString portText(const QString &port) const;
    QColor portColour(const QString &port) const;
    QString groupText(const QString &stream, const QString &group) const;
    QColor groupColour(const QString &stream, const QString &group) const;
    // Where a box is (its centre) or a port's first arrow or a group's arrow, in scene
    // coordinates.
    QPointF nodeAt(const QString &node) const;
    QPointF componentAt(const QString &component) const;
    QPointF portAt(const QString &port) const;
    QPointF groupEdgeAt(const QString &stream, const QString &group) const;

    // The lines a component's box, a port's label and a group's label say, and their tooltips.
    static QString componentLine(const MapComponent &component, const QDateTime &now);
    static QString checkpointLine(const MapComponent &component, const QDateTime &now);
    static QString portFigures(const MapPort &port, const QDateTime &now);
    static QString portTroubles(const MapPort &port);
    static QString groupFigures(const MapGroup &group);

Q_SIGNALS:
    void componentClicked(const QString &component);
    void portClicked(const QString &port);
    void portDoubleClicked(const QString &port);
    void groupClicked(const QString &stream, const QString &group);
    void streamClicked(const QString &key);
    void pinsChanged();

protected:
    void mousePressEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseDoubleClickEvent(QGraphicsSceneMouseEvent *event) override;
    void contextMenuEvent(QGraphicsSceneContextMenuEvent *event) override;

private:
    struct NodeItems
    {
        QGraphicsPathItem *box = nullptr;
        QGraphicsSimpleTextItem *name = nullptr;
        QList<QGraphicsSimpleTextItem *> lines;
    };
    struct EdgeItems
    {
        QList<QGraphicsPathItem *> arrows; // a port's: one from each sender
        QList<QGraphicsPolygonItem *> heads;
        QGraphicsSimpleTextItem *label = nullptr;
        QPointF labelAt; // the centre of the room dot kept for its label
    };

    void build();
    void addNode(const MapNode &node, const QRectF &rect);
    void addEdge(const QString &key, const MapEdge &edge, const PlacedEdge &placed);
    void update();
    void updateComponents();
    void updateRedis();
    void setNode(const QString &id, const QStringList &lines, const QColor &tone);
    void setEdge(EdgeItems &items, const QColor &colour, qreal width, const QStringList &lines,
                 const QColor &text, const QString &tip = {});
    // A backlog's trend as its label's line (added to `lines` where there is room) and as the
    // tooltip's words; empty when it has none.
    QString trendTip(const BacklogTrend *trend, QStringList &lines) const;
    // What is at `pos`: a component ("c"), a port ("p"), a group ("g"), a stream ("s"), or
    // nothing; and its name (a group's: stream and group, a newline between).
    std::pair<QString, QString> hit(const QPointF &pos) const;
    // The id of the box `item` is or is in; empty: none.
    static QString nodeOf(const QGraphicsItem *item);

    MapPicture m_picture;
    MapGraph m_graph;
    QHash<QString, QPointF> m_pins;
    BacklogTrendSet m_trends;
    QHash<QString, NodeItems> m_nodes; // by node id
    QHash<QString, EdgeItems> m_edges; // a port's by "p:" and its name, a group's by its edge id
    QTimer m_click;                    // a click waits to see that it was not a double one
    std::pair<QString, QString> m_clicked; // what it was on
    bool m_doubleClicked = false;          // until the release that ends the double-click
    QGraphicsItem *m_dragged = nullptr;    // the box pressed on, that a drag moves
};

} // namespace porthole
