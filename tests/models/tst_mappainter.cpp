#include "mappainter.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;

// The pipeline map on paper: left to right as on screen while its text stays readable, top to
// bottom where that prints larger, over several pages, cut between boxes, where neither fits
// one page.
class tst_MapPainter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fittedToPages_data();
    void fittedToPages();
    void aPieceIsDrawnAtItsPrintedSize();
};

namespace {

// `n` components in a row, each sending to the next on a port; with `fan`, every one of them
// sends to one more instead.
PipelineMap generatedPipeline(int n, bool fan = false)
{
    PipelineMap map;
    const auto name = [](int i) {
        return u"component-%1"_s.arg(i, 2, 10, QChar(u'0'));
    };
    for (int i = 0; i <= n; ++i)
        map.components.append({name(i), std::nullopt, {}});
    for (int i = 0; i < n; ++i) {
        MapPort port;
        port.name = u"port-%1"_s.arg(i, 2, 10, QChar(u'0'));
        port.source = name(i);
        port.target = fan ? name(n) : name(i + 1);
        map.ports.append(port);
    }
    return map;
}

GraphLayout laidOut(const PipelineMap &map, FlowDirection direction)
{
    auto layout = PipelineMapLoader::layOut(map, MapMetrics{}, direction);
    return layout ? std::move(layout).value() : GraphLayout{};
}

// A report's limits: text of 12 pixels no smaller than 7 pt, no larger than 9.
constexpr qreal smallest = 7.0 / 9.0;
constexpr qreal largest = 1;

bool within(const QRectF &inner, const QRectF &outer)
{
    return inner.adjusted(0.01, 0.01, -0.01, -0.01).intersected(outer) ==
           inner.adjusted(0.01, 0.01, -0.01, -0.01);
}

} // namespace

void tst_MapPainter::fittedToPages_data()
{
    QTest::addColumn<PipelineMap>("map");
    QTest::addColumn<QSizeF>("page");
    QTest::addColumn<FlowDirection>("direction");
    QTest::addColumn<bool>("onePage");
    QTest::newRow("fits left to right")
        << generatedPipeline(2) << QSizeF(2000, 1000) << FlowDirection::LeftToRight << true;
    QTest::newRow("too wide, fits top to bottom")
        << generatedPipeline(6) << QSizeF(660, 1600) << FlowDirection::TopToBottom << true;
    QTest::newRow("too long: top to bottom over pages")
        << generatedPipeline(40) << QSizeF(660, 780) << FlowDirection::TopToBottom << false;
    // Top to bottom the fan's senders stand in one row, far wider than a page.
    QTest::newRow("a fan: left to right over fewer pages")
        << generatedPipeline(30, true) << QSizeF(660, 780) << FlowDirection::LeftToRight << false;
}

void tst_MapPainter::fittedToPages()
{
    QFETCH(PipelineMap, map);
    QFETCH(QSizeF, page);
    QFETCH(FlowDirection, direction);
    QFETCH(bool, onePage);
    const GraphLayout across = laidOut(map, FlowDirection::LeftToRight);
    const GraphLayout down = laidOut(map, FlowDirection::TopToBottom);
    QVERIFY(!across.nodes.isEmpty() && !down.nodes.isEmpty());

    const MapPages pages = fitMapToPages(across, down, page, smallest, largest);
    QCOMPARE(pages.direction, direction);
    const GraphLayout &layout = direction == FlowDirection::LeftToRight ? across : down;
    QVERIFY(pages.scale >= smallest - 1e-9);
    QVERIFY(pages.scale <= largest + 1e-9);
    QCOMPARE(pages.pieces.size() == 1, onePage);
    if (onePage) {
        // As large as it fits, and the whole layout with its margin.
        const QRectF piece = pages.pieces.constFirst();
        QVERIFY(piece.contains(layout.bounds));
        QVERIFY(qFuzzyCompare(pages.scale, std::min({largest, page.width() / piece.width(),
                                                     page.height() / piece.height()})));
        // Top to bottom only because left to right would print too small.
        if (direction == FlowDirection::TopToBottom) {
            const QRectF wide = across.bounds;
            QVERIFY(std::min(page.width() / wide.width(), page.height() / wide.height()) <
                    smallest);
        }
    } else {
        QCOMPARE(pages.scale, smallest);
    }

    // Every page's part fits the page, the parts cover the layout, and each box is whole on
    // one of them, and each label but on the fan (a label beside each of its boxes: no row
    // between them is clear of both).
    qreal area = 0;
    QRectF covered;
    for (const QRectF &piece : pages.pieces) {
        QVERIFY2(piece.width() * pages.scale <= page.width() + 1e-6,
                 qPrintable(u"%1"_s.arg(piece.width())));
        QVERIFY(piece.height() * pages.scale <= page.height() + 1e-6);
        area += piece.width() * piece.height();
        covered |= piece;
    }
    QVERIFY(covered.contains(layout.bounds));
    QVERIFY(qAbs(area - covered.width() * covered.height()) < 1); // no overlap
    QList<QRectF> whole;
    for (const PlacedNode &node : layout.nodes)
        whole << node.rect;
    if (direction == FlowDirection::TopToBottom) {
        for (const PlacedEdge &edge : layout.edges)
            whole << edge.label;
        QCOMPARE(whole.size(), layout.nodes.size() + layout.edges.size());
    }
    for (const QRectF &rect : whole)
        QVERIFY2(std::any_of(pages.pieces.cbegin(), pages.pieces.cend(),
                             [&](const QRectF &piece) { return within(rect, piece); }),
                 qPrintable(u"%1,%2 %3x%4 is cut"_s.arg(rect.x())
                                .arg(rect.y())
                                .arg(rect.width())
                                .arg(rect.height())));
}

void tst_MapPainter::aPieceIsDrawnAtItsPrintedSize()
{
    QFont font;
    font.setPixelSize(12);
    const auto print = printMap(generatedPipeline(12), font, QSizeF(660, 780), smallest, largest);
    QVERIFY(print);
    QCOMPARE(print->pages.direction, FlowDirection::TopToBottom);
    QVERIFY(print->pages.pieces.size() > 1);
    const QRectF piece = print->pages.pieces.at(1);
    const QImage image = drawMapPiece(*print, piece, font, 2);
    QCOMPARE(image.size(), (piece.size() * print->pages.scale * 2).toSize());
    // Something of the map is on it: not all white.
    bool drawn = false;
    for (int y = 0; y < image.height() && !drawn; ++y)
        for (int x = 0; x < image.width() && !drawn; ++x)
            drawn = (image.pixel(x, y) & 0xffffff) != 0xffffff;
    QVERIFY(drawn);
    // Nothing to draw: nothing printed.
    QVERIFY(!printMap(PipelineMap{}, font, QSizeF(660, 780), smallest, largest));
}

QTEST_MAIN(tst_MapPainter)
#include "tst_mappainter.moc"
