#include "graphlayout.h"

#include <QHash>
#include <QMutex>

#include <algorithm>
#include <cmath>
#include <graphviz/gvc.h>
#include <memory>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// Past this many nodes, dot's optimisation passes are capped (layOutFlow()).
constexpr qsizetype bigGraph = 100;

// Graphviz's context, made once: it loads the layout plugins from Graphviz's configuration.
GVC_t *context()
{
    static GVC_t *const gvc = gvContext();
    return gvc;
}

QMutex &graphvizLock()
{
    static QMutex lock;
    return lock;
}

void set(void *object, const char *name, const QByteArray &value)
{
    agsafeset(object, const_cast<char *>(name), const_cast<char *>(value.constData()),
              const_cast<char *>(""));
}

QByteArray inches(qreal points)
{
    return QByteArray::number(std::max<qreal>(points, 1.0) / 72.0, 'f', 4);
}

// Has dot keep room of `size` points for the edge's label, placed as dot places labels (a rank
// of their own between the ends, away from nodes and other labels): a block of text whose size
// Graphviz's own estimate for Courier gives exactly (each character 0.6 of the font size wide,
// a line 1.2 of it high), drawn by the caller in its place.
void reserveLabel(Agedge_t *edge, const QSizeF &size)
{
    constexpr qreal fontSize = 10;
    const int columns = std::max(1, int(std::ceil(size.width() / (0.6 * fontSize))));
    const int rows = std::max(1, int(std::ceil(size.height() / (1.2 * fontSize))));
    QByteArray block = QByteArray(columns, 'x');
    for (int row = 1; row < rows; ++row)
        block += "\\n" + QByteArray(columns, 'x');
    set(edge, "fontname", "Courier");
    set(edge, "fontsize", QByteArray::number(fontSize));
    set(edge, "label", block);
}

StorageError layoutError(const QString &message)
{
    return StorageError{StorageError::Kind::InvalidArgument, message};
}

} // namespace

const PlacedNode *GraphLayout::node(const QString &id) const
{
    const auto found = std::find_if(nodes.cbegin(), nodes.cend(),
                                    [&id](const PlacedNode &n) { return n.id == id; });
    return found == nodes.cend() ? nullptr : &*found;
}

const PlacedEdge *GraphLayout::edge(const QString &id) const
{
    const auto found = std::find_if(edges.cbegin(), edges.cend(),
                                    [&id](const PlacedEdge &e) { return e.id == id; });
    return found == edges.cend() ? nullptr : &*found;
}

namespace {

// The graph's attributes: left to right (or top to bottom), boxes of the sizes given, and on a big
// graph dot's two longest passes capped: the placement's network simplex at one pass per node
// (nslimit) and the crossing minimisation at half its iterations (mclimit). On 200 nodes and 500
// edges that takes the layout from 230 ms to 130 ms (docs/BENCHMARKS.md) for a little more room; a
// small graph gets dot's best.
void setUp(Agraph_t *graph, qsizetype nodes, FlowDirection direction)
{
    set(graph, "rankdir", direction == FlowDirection::LeftToRight ? "LR" : "TB");
    set(graph, "ranksep", inches(36));
    set(graph, "nodesep", inches(18));
    if (nodes > bigGraph) {
        set(graph, "nslimit", "1");
        set(graph, "mclimit", "0.5");
    }
    agattr(graph, AGNODE, const_cast<char *>("shape"), const_cast<char *>("box"));
    agattr(graph, AGNODE, const_cast<char *>("fixedsize"), const_cast<char *>("true"));
    agattr(graph, AGNODE, const_cast<char *>("label"), const_cast<char *>(""));
}

// An edge as dot routed it, in the layout's coordinates (`flip`).
template <typename Flip>
void readEdge(Agedge_t *routed, const Flip &flip, PlacedEdge *placed)
{
    const splines *spline = ED_spl(routed);
    if (spline && spline->size > 0 && spline->list[0].size > 0) {
        const bezier &curve = spline->list[0];
        placed->path.moveTo(flip(curve.list[0]));
        for (int p = 1; p + 2 < curve.size; p += 3)
            placed->path.cubicTo(flip(curve.list[p]), flip(curve.list[p + 1]),
                                 flip(curve.list[p + 2]));
        placed->head = curve.eflag ? flip(curve.ep) : flip(curve.list[curve.size - 1]);
        if (curve.eflag)
            placed->path.lineTo(placed->head);
    }
    if (const textlabel_t *label = ED_label(routed); label && label->set)
        placed->labelAt = flip(label->pos);
    else if (!placed->path.isEmpty())
        placed->labelAt = placed->path.pointAtPercent(0.5);
}

} // namespace

Result<GraphLayout> layOutFlow(const QList<LayoutNode> &nodes, const QList<LayoutEdge> &edges,
                               FlowDirection direction)
{
    QHash<QString, int> index;
    for (int i = 0; i < nodes.size(); ++i) {
        if (index.contains(nodes.at(i).id))
            return layoutError(u"The node %1 is given twice."_s.arg(nodes.at(i).id));
        index.insert(nodes.at(i).id, i);
    }
    for (const LayoutEdge &edge : edges)
        if (!index.contains(edge.from) || !index.contains(edge.to))
            return layoutError(u"The edge %1 joins a node that is not given."_s.arg(edge.id));

    const QMutexLocker locker(&graphvizLock());
    using Graph = std::unique_ptr<Agraph_t, decltype(&agclose)>;
    Graph graph(agopen(const_cast<char *>("flow"), Agdirected, nullptr), &agclose);
    setUp(graph.get(), nodes.size(), direction);
    QList<Agnode_t *> placed;
    for (int i = 0; i < nodes.size(); ++i) {
        Agnode_t *node = agnode(graph.get(), QByteArray("n" + QByteArray::number(i)).data(), 1);
        set(node, "width", inches(nodes.at(i).size.width()));
        set(node, "height", inches(nodes.at(i).size.height()));
        placed << node;
    }
    QList<Agedge_t *> routed;
    for (int i = 0; i < edges.size(); ++i) {
        Agedge_t *edge = agedge(graph.get(), placed.at(index.value(edges.at(i).from)),
                                placed.at(index.value(edges.at(i).to)),
                                QByteArray("e" + QByteArray::number(i)).data(), 1);
        if (!edges.at(i).label.isEmpty())
            reserveLabel(edge, edges.at(i).label);
        routed << edge;
    }
    if (gvLayout(context(), graph.get(), "dot") != 0)
        return layoutError(u"Graphviz could not lay the graph out."_s);

    const boxf box = GD_bb(graph.get());
    const auto flip = [&box](pointf p) {
        return QPointF(p.x - box.LL.x, box.UR.y - p.y);
    };
    GraphLayout layout;
    layout.bounds = QRectF(0, 0, box.UR.x - box.LL.x, box.UR.y - box.LL.y);
    for (int i = 0; i < nodes.size(); ++i) {
        QRectF rect(QPointF(), QSizeF(ND_width(placed.at(i)) * 72, ND_height(placed.at(i)) * 72));
        rect.moveCenter(flip(ND_coord(placed.at(i))));
        layout.nodes.append({nodes.at(i).id, rect});
    }
    for (int i = 0; i < edges.size(); ++i) {
        PlacedEdge placedEdge{edges.at(i).id, edges.at(i).from, edges.at(i).to, {}, {}, {}, {}};
        readEdge(routed.at(i), flip, &placedEdge);
        if (!edges.at(i).label.isEmpty()) {
            placedEdge.label = QRectF(QPointF(), edges.at(i).label);
            placedEdge.label.moveCenter(placedEdge.labelAt);
        }
        layout.edges.append(placedEdge);
    }
    gvFreeLayout(context(), graph.get());
    return layout;
}

GraphLayout pinnedLayout(const GraphLayout &layout, const QHash<QString, QPointF> &centres)
{
    GraphLayout pinned = layout;
    QHash<QString, QPointF> moves;
    for (PlacedNode &node : pinned.nodes) {
        const auto centre = centres.constFind(node.id);
        if (centre == centres.cend())
            continue;
        moves.insert(node.id, *centre - node.rect.center());
        node.rect.moveCenter(*centre);
    }
    QRectF bounds = layout.bounds;
    for (const PlacedNode &node : std::as_const(pinned.nodes))
        bounds |= node.rect;
    for (PlacedEdge &edge : pinned.edges) {
        const QPointF tail = moves.value(edge.from);
        const QPointF head = moves.value(edge.to);
        if (!tail.isNull() || !head.isNull()) {
            const int points = edge.path.elementCount();
            for (int i = 0; i < points; ++i) {
                const qreal t = points > 1 ? qreal(i) / (points - 1) : 0;
                const QPointF at = edge.path.elementAt(i);
                const QPointF moved = at + tail * (1 - t) + head * t;
                edge.path.setElementPositionAt(i, moved.x(), moved.y());
            }
            edge.head += head;
            edge.labelAt += (tail + head) / 2;
            edge.label.translate((tail + head) / 2);
        }
        bounds |= edge.path.boundingRect();
    }
    pinned.bounds = bounds;
    return pinned;
}

} // namespace porthole
