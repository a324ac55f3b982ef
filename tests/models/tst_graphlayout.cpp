#include "graphlayout.h"

#include <QTest>
#include <QtConcurrent>

using namespace Qt::StringLiterals;
using namespace porthole;

// The pipeline map's layout by Graphviz's dot: a flow reads from left to right, nodes keep their
// sizes and do not overlap, edges run from their tail to their head, and bad input is refused.
class tst_GraphLayout : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aChainRunsLeftToRight();
    void aFanOutStacksItsBranches();
    void badInputIsRefused();
    void layoutsFromManyThreadsAgree();
    void aPinnedNodeTakesItsEdgesAlong();
};

namespace {

LayoutNode box(const QString &id)
{
    return {id, QSizeF(120, 40)};
}

// a -> b -> c -> d, and a -> c past b.
QList<LayoutEdge> chainEdges()
{
    return {{u"ab"_s, u"a"_s, u"b"_s, QSizeF(60, 20)},
            {u"bc"_s, u"b"_s, u"c"_s, {}},
            {u"cd"_s, u"c"_s, u"d"_s, {}},
            {u"ac"_s, u"a"_s, u"c"_s, {}}};
}

} // namespace

void tst_GraphLayout::aChainRunsLeftToRight()
{
    const auto layout =
        layOutFlow({box(u"a"_s), box(u"b"_s), box(u"c"_s), box(u"d"_s)}, chainEdges());
    QVERIFY2(layout.ok(), qPrintable(layout.errorMessage()));
    QCOMPARE(layout->nodes.size(), 4);
    QCOMPARE(layout->edges.size(), 4);
    const auto x = [&](const QString &id) {
        return layout->node(id)->rect.center().x();
    };
    QVERIFY(x(u"a"_s) < x(u"b"_s));
    QVERIFY(x(u"b"_s) < x(u"c"_s));
    QVERIFY(x(u"c"_s) < x(u"d"_s));
    for (const PlacedNode &node : layout->nodes) {
        QCOMPARE(node.rect.size(), QSizeF(120, 40));
        QVERIFY(layout->bounds.contains(node.rect));
        for (const PlacedNode &other : layout->nodes)
            QVERIFY(node.id == other.id || !node.rect.intersects(other.rect));
    }
    // A label's room is clear of every node, beside its edge, between its ends.
    QRectF room(QPointF(), QSizeF(60, 20));
    room.moveCenter(layout->edge(u"ab"_s)->labelAt);
    for (const PlacedNode &node : layout->nodes)
        QVERIFY2(!room.intersects(node.rect), qPrintable(node.id));
    QVERIFY(room.left() >= layout->node(u"a"_s)->rect.right() - 1);
    QVERIFY(room.right() <= layout->node(u"b"_s)->rect.left() + 1);
    // Each edge leaves its tail and ends at its head's border.
    for (const PlacedEdge &edge : layout->edges) {
        const QRectF tail = layout->node(edge.from)->rect;
        const QRectF head = layout->node(edge.to)->rect;
        QVERIFY(!edge.path.isEmpty());
        QVERIFY2(tail.adjusted(-2, -2, 2, 2).contains(edge.path.pointAtPercent(0)),
                 qPrintable(edge.id));
        QVERIFY2(head.adjusted(-2, -2, 2, 2).contains(edge.head), qPrintable(edge.id));
        QVERIFY(layout->bounds.adjusted(-1, -1, 1, 1).contains(edge.labelAt));
    }
}

void tst_GraphLayout::aFanOutStacksItsBranches()
{
    QList<LayoutNode> nodes{box(u"source"_s)};
    QList<LayoutEdge> edges;
    for (int i = 0; i < 5; ++i) {
        const QString sink = u"sink%1"_s.arg(i);
        nodes << box(sink);
        edges << LayoutEdge{u"to%1"_s.arg(i), u"source"_s, sink, {}};
    }
    const auto layout = layOutFlow(nodes, edges);
    QVERIFY2(layout.ok(), qPrintable(layout.errorMessage()));
    // One rank: the sinks share an x, each on a row of its own.
    QList<qreal> ys;
    for (int i = 0; i < 5; ++i) {
        const QRectF rect = layout->node(u"sink%1"_s.arg(i))->rect;
        QCOMPARE(rect.center().x(), layout->node(u"sink0"_s)->rect.center().x());
        ys << rect.center().y();
    }
    std::sort(ys.begin(), ys.end());
    for (int i = 1; i < ys.size(); ++i)
        QVERIFY(ys.at(i) - ys.at(i - 1) >= 40);
    QVERIFY(layout->node(u"source"_s)->rect.right() < layout->node(u"sink0"_s)->rect.left());
}

void tst_GraphLayout::badInputIsRefused()
{
    auto twice = layOutFlow({box(u"a"_s), box(u"a"_s)}, {});
    QVERIFY(!twice.ok());
    QVERIFY2(twice.errorMessage().contains(u"given twice"_s), qPrintable(twice.errorMessage()));
    auto dangling = layOutFlow({box(u"a"_s)}, {{u"ax"_s, u"a"_s, u"x"_s, {}}});
    QVERIFY(!dangling.ok());
    QVERIFY2(dangling.errorMessage().contains(u"ax"_s), qPrintable(dangling.errorMessage()));
    // Nothing to lay out is an empty layout.
    auto empty = layOutFlow({}, {});
    QVERIFY2(empty.ok(), qPrintable(empty.errorMessage()));
    QVERIFY(empty->nodes.isEmpty());
}

// Graphviz keeps global state: layouts asked from several threads at once are made one at a
// time and each is the one a lone call makes.
void tst_GraphLayout::layoutsFromManyThreadsAgree()
{
    const QList<LayoutNode> nodes{box(u"a"_s), box(u"b"_s), box(u"c"_s), box(u"d"_s)};
    const auto alone = layOutFlow(nodes, chainEdges());
    QVERIFY(alone.ok());
    QList<QFuture<Result<GraphLayout>>> runs;
    for (int i = 0; i < 8; ++i)
        runs << QtConcurrent::run([nodes] { return layOutFlow(nodes, chainEdges()); });
    for (auto &run : runs) {
        const Result<GraphLayout> layout = run.result();
        QVERIFY(layout.ok());
        for (const PlacedNode &node : layout->nodes)
            QCOMPARE(node.rect, alone->node(node.id)->rect);
    }
}

// A node pinned elsewhere: there, its edges' ends with it, the other ends where they were, the
// bounds grown to hold it; the others untouched.
void tst_GraphLayout::aPinnedNodeTakesItsEdgesAlong()
{
    const auto layout =
        layOutFlow({box(u"a"_s), box(u"b"_s), box(u"c"_s), box(u"d"_s)}, chainEdges());
    QVERIFY2(layout.ok(), qPrintable(layout.errorMessage()));
    const QPointF b = layout->node(u"b"_s)->rect.center();
    const QPointF move(40, 900);
    const GraphLayout pinned = pinnedLayout(*layout, {{u"b"_s, b + move}});
    QCOMPARE(pinned.node(u"b"_s)->rect.center(), b + move);
    QCOMPARE(pinned.node(u"b"_s)->rect.size(), layout->node(u"b"_s)->rect.size());
    QCOMPARE(pinned.node(u"a"_s)->rect, layout->node(u"a"_s)->rect);
    QVERIFY(pinned.bounds.contains(pinned.node(u"b"_s)->rect));
    const auto ends = [](const PlacedEdge *edge) {
        const QPainterPath &path = edge->path;
        return std::pair(QPointF(path.elementAt(0)),
                         QPointF(path.elementAt(path.elementCount() - 1)));
    };
    // a -> b: its tail stays, its head moves with b; b -> c the other way round.
    QCOMPARE(ends(pinned.edge(u"ab"_s)).first, ends(layout->edge(u"ab"_s)).first);
    QCOMPARE(ends(pinned.edge(u"ab"_s)).second, ends(layout->edge(u"ab"_s)).second + move);
    QCOMPARE(pinned.edge(u"ab"_s)->head, layout->edge(u"ab"_s)->head + move);
    QCOMPARE(pinned.edge(u"ab"_s)->labelAt, layout->edge(u"ab"_s)->labelAt + move / 2);
    QCOMPARE(ends(pinned.edge(u"bc"_s)).first, ends(layout->edge(u"bc"_s)).first + move);
    QCOMPARE(ends(pinned.edge(u"bc"_s)).second, ends(layout->edge(u"bc"_s)).second);
    QCOMPARE(pinned.edge(u"cd"_s)->path, layout->edge(u"cd"_s)->path);
    // Pinned where dot put it: the same layout.
    const GraphLayout same = pinnedLayout(*layout, {{u"b"_s, b}});
    QCOMPARE(same.edge(u"ab"_s)->path, layout->edge(u"ab"_s)->path);
}

QTEST_GUILESS_MAIN(tst_GraphLayout)
#include "tst_graphlayout.moc"
