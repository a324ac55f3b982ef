#pragma once

#include "storageerror.h"

#include <QHash>
#include <QList>
#include <QPainterPath>
#include <QPointF>
#include <QRectF>
#include <QSizeF>
#include <QString>

namespace porthole {

// A graph laid out as a flow by Graphviz's dot (through libgvc), the layout engine of the
// field: the pipeline map's components and ports, left to right on screen, and in reports top
// to bottom where that prints larger (mappainter.h). Sizes and places are in points, y growing
// downwards as in Qt.

enum class FlowDirection
{
    LeftToRight,
    TopToBottom,
};

struct LayoutNode
{
    QString id;
    QSizeF size; // the room its drawing takes
};

struct LayoutEdge
{
    QString id;
    QString from; // a node's id
    QString to;
    QSizeF label; // room for its label, placed by dot clear of nodes and labels; empty: none
};

struct PlacedNode
{
    QString id;
    QRectF rect;
};

struct PlacedEdge
{
    QString id;
    QString from;
    QString to;
    QPainterPath path; // from the tail's border to the head's, as dot routed it
    QPointF head;      // where it meets its head: the arrow's point
    QPointF labelAt;   // the centre of its label's room (the middle of the path without one)
    QRectF label;      // its label's room, as given, centred on labelAt; empty: none
};

struct GraphLayout
{
    QList<PlacedNode> nodes; // in the order given
    QList<PlacedEdge> edges; // in the order given
    QRectF bounds;

    const PlacedNode *node(const QString &id) const;
    const PlacedEdge *edge(const QString &id) const;
};

// Lays `nodes` and `edges` out, ranks from left to right (or from top to bottom); past 100 nodes
// with dot's longest passes capped, so that a big pipeline lays out in a fraction of a second.
// An edge whose end is not among the nodes is an error, as is an id given twice. Graphviz keeps
// global state: calls are made one at a time, from any thread.
Result<GraphLayout> layOutFlow(const QList<LayoutNode> &nodes, const QList<LayoutEdge> &edges,
                               FlowDirection direction = FlowDirection::LeftToRight);

// `layout` with the nodes of `centres` (by id) moved to be centred there: an operator's pinned
// places. Each edge to or from a moved node follows it: every point of its path moves by its
// tail's move at the tail, its head's at the head and in between in proportion, so that it
// keeps its course and its ends; its label (and its room) moves by the mean of the two. The bounds
// grow to hold everything. (dot itself cannot keep a node in place: it reads `pos` and `pin` only
// in neato and fdp, so the place is kept here, after each layout.)
GraphLayout pinnedLayout(const GraphLayout &layout, const QHash<QString, QPointF> &centres);

} // namespace porthole
