#include "mappainter.h"

#include "statuscolours.h"

#include <QFontMetricsF>
#include <QLineF>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

QString ago(qint64 ms)
{
    const qint64 s = std::max<qint64>(0, ms / 1000);
    if (s < 60)
        return u"%1 s ago"_s.arg(s);
    if (s < 3600)
        return u"%1 min ago"_s.arg(s / 60);
    return u"%1 h ago"_s.arg(s / 3600);
}

// A box's lines under its name, and its colour.
std::pair<QStringList, QColor> nodeLines(const MapNode &node, const PipelineMap &map)
{
    const QColor neutral = statusColour(StatusTone::Unknown);
    switch (node.kind) {
    case MapNode::Kind::Component: {
        const MapComponent *component = map.component(node.name);
        if (!component || !component->heartbeat)
            return {{u"no heartbeat"_s}, neutral};
        const HealthRecord &beat = *component->heartbeat;
        QStringList lines{(beat.stale ? u"stale, last beat %1"_s : beat.status + u", beat %1"_s)
                              .arg(ago(beat.lastHeartbeat.msecsTo(map.readAt)))};
        if (component->lastCheckpoint.isValid())
            lines << u"checkpoint "_s + ago(component->lastCheckpoint.msecsTo(map.readAt));
        return {lines, statusColour(healthTone(beat.status, beat.stale))};
    }
    case MapNode::Kind::Stream:
        for (const MapStream &stream : map.redis.streams)
            if (stream.key == node.name)
                return {{stream.length < 0 ? stream.type
                                           : u"%1, %2"_s.arg(stream.type).arg(stream.length)},
                        neutral};
        return {{}, neutral};
    case MapNode::Kind::Group:
        if (const MapGroup *group = map.group(node.stream, node.name))
            return {{u"group, %1 consumers"_s.arg(group->consumerCount)},
                    queueColour(group->state)};
        return {{}, neutral};
    case MapNode::Kind::Consumer:
        return {{u"consumer"_s}, neutral};
    case MapNode::Kind::Sink:
        return {{u"sink"_s}, neutral};
    }
    return {{}, neutral};
}

// An edge's label and colour.
std::pair<QStringList, QColor> edgeLines(const MapEdge &edge, const PipelineMap &map)
{
    if (edge.kind == MapEdge::Kind::Port) {
        const MapPort *port = map.port(edge.name);
        if (!port)
            return {{}, statusColour(StatusTone::Unknown)};
        QString figures = u"%1/s"_s.arg(port->perSecond(), 0, 'f', 1);
        if (port->pending.value > 0)
            figures += u", %1 waiting"_s.arg(port->pending.value);
        return {{port->name, figures}, queueColour(port->state)};
    }
    if (edge.kind == MapEdge::Kind::Group) {
        if (const MapGroup *group = map.group(edge.stream, edge.name))
            return {{u"lag %1, %2 pending"_s.arg(group->lag).arg(group->pending)},
                    queueColour(group->state)};
    }
    return {{}, statusColour(StatusTone::Unknown)};
}

void drawArrow(QPainter *painter, const PlacedEdge &placed, const QColor &colour)
{
    painter->setPen(QPen(colour, 2, Qt::SolidLine, Qt::RoundCap));
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(placed.path);
    const QPointF tip = placed.head;
    QPointF before = tip - QPointF(1, 0);
    for (int i = placed.path.elementCount() - 1; i >= 0; --i)
        if (QLineF(placed.path.elementAt(i), tip).length() > 0.5) {
            before = placed.path.elementAt(i);
            break;
        }
    const double angle = std::atan2(before.y() - tip.y(), before.x() - tip.x());
    const auto wing = [&](double turn) {
        return tip + QPointF(std::cos(angle + turn) * 9, std::sin(angle + turn) * 9);
    };
    painter->setPen(QPen(colour, 1));
    painter->setBrush(colour);
    painter->drawPolygon(QPolygonF{{tip, wing(0.45), wing(-0.45)}});
}

} // namespace

QColor queueColour(QueueState state)
{
    switch (state) {
    case QueueState::Empty:
        return statusColour(StatusTone::Unknown);
    case QueueState::Flowing:
        return statusColour(StatusTone::Ok);
    case QueueState::BackedUp:
        return statusColour(StatusTone::Warning);
    case QueueState::Stuck:
        return statusColour(StatusTone::Critical);
    }
    return {};
}

void paintMap(QPainter *painter, const MapPicture &picture, const QFont &font)
{
    const MapGraph graph = mapGraph(picture.map);
    const QFontMetricsF metrics(font, painter->device());
    QFont bold = font;
    bold.setBold(true);
    for (const MapEdge &edge : graph.edges) {
        const PlacedEdge *placed = picture.layout.edge(edge.id);
        if (!placed)
            continue;
        const auto [lines, colour] = edgeLines(edge, picture.map);
        drawArrow(painter, *placed, colour);
        if (lines.isEmpty())
            continue;
        painter->setFont(font);
        painter->setPen(colour.darker(120));
        const qreal height = metrics.height() * qreal(lines.size());
        QRectF room(0, 0, metrics.averageCharWidth() * 40, height);
        room.moveCenter(placed->labelAt);
        painter->drawText(room, Qt::AlignCenter, lines.join(u'\n'));
    }
    for (const MapNode &node : graph.nodes) {
        const PlacedNode *placed = picture.layout.node(node.id);
        if (!placed)
            continue;
        const auto [lines, colour] = nodeLines(node, picture.map);
        QColor fill = colour;
        fill.setAlpha(36);
        painter->setPen(QPen(colour, 2));
        painter->setBrush(fill);
        const qreal radius = node.kind == MapNode::Kind::Stream ? placed->rect.height() / 2 : 6;
        painter->drawRoundedRect(placed->rect, radius, radius);
        const QStringList all = QStringList{node.name} + lines;
        const qreal line = metrics.height();
        qreal top = placed->rect.center().y() - line * qreal(all.size()) / 2;
        for (qsizetype i = 0; i < all.size(); ++i, top += line) {
            painter->setFont(i == 0 ? bold : font);
            painter->setPen(i == 0 ? QColor(0x22, 0x22, 0x22) : colour.darker(130));
            painter->drawText(QRectF(placed->rect.left(), top, placed->rect.width(), line),
                              Qt::AlignCenter, all.at(i));
        }
    }
}

namespace {

// Room left round the layout's bounds on paper: an arrow's head or a box's border reaching out.
constexpr qreal mapMargin = 10;
// How far a cut keeps from a box or a label it passes.
constexpr qreal cutClearance = 4;

QRectF printedBounds(const GraphLayout &layout)
{
    return layout.bounds.adjusted(-mapMargin, -mapMargin, mapMargin, mapMargin);
}

// The span a box or a label takes along an axis.
struct Span
{
    qreal from;
    qreal to;
};

// A cut `longest` past `at`, moved back before every span of `whole` it would cross, by up
// to half of `longest`; none when it cannot clear them so.
std::optional<qreal> clearCut(qreal at, qreal longest, const QList<Span> &whole)
{
    qreal cut = at + longest;
    for (bool moved = true; moved;) {
        moved = false;
        for (const Span &span : whole) {
            if (span.from < cut && cut < span.to) {
                if (span.from <= at + longest / 2)
                    return std::nullopt;
                cut = span.from;
                moved = true;
            }
        }
    }
    return cut;
}

// Where [from, to] is cut into parts of at most `longest`: the cuts' places, `from` and `to`
// among them. Each cut clears the boxes and the labels; where it cannot, the boxes (a label
// beside every box of a column of them: a fan); where it cannot either, it is at the page's end.
QList<qreal> cutsAlong(qreal from, qreal to, qreal longest, const QList<Span> &boxes,
                       const QList<Span> &labels)
{
    QList<qreal> cuts{from};
    qreal at = from;
    while (to - at > longest) {
        std::optional<qreal> cut = clearCut(at, longest, boxes + labels);
        if (!cut)
            cut = clearCut(at, longest, boxes);
        at = cut.value_or(at + longest);
        cuts << at;
    }
    cuts << to;
    return cuts;
}

// The spans boxes or labels take across and down, each with room to spare.
struct Spans
{
    QList<Span> across;
    QList<Span> down;

    void add(const QRectF &rect)
    {
        const QRectF clear =
            rect.adjusted(-cutClearance, -cutClearance, cutClearance, cutClearance);
        across.append({clear.left(), clear.right()});
        down.append({clear.top(), clear.bottom()});
    }
};

// `layout` at `scale` on pages of `page`: its printed bounds cut into rows and columns.
MapPages cutIntoPages(const GraphLayout &layout, FlowDirection direction, const QSizeF &page,
                      qreal scale)
{
    Spans boxes;
    Spans labels;
    for (const PlacedNode &node : layout.nodes)
        boxes.add(node.rect);
    for (const PlacedEdge &edge : layout.edges)
        if (!edge.label.isEmpty())
            labels.add(edge.label);
    const QRectF all = printedBounds(layout);
    const QList<qreal> columns =
        cutsAlong(all.left(), all.right(), page.width() / scale, boxes.across, labels.across);
    const QList<qreal> rows =
        cutsAlong(all.top(), all.bottom(), page.height() / scale, boxes.down, labels.down);
    MapPages pages{direction, scale, {}};
    for (qsizetype row = 1; row < rows.size(); ++row)
        for (qsizetype column = 1; column < columns.size(); ++column)
            pages.pieces.append(QRectF(QPointF(columns.at(column - 1), rows.at(row - 1)),
                                       QPointF(columns.at(column), rows.at(row))));
    return pages;
}

} // namespace

MapPages fitMapToPages(const GraphLayout &leftToRight, const GraphLayout &topToBottom,
                       const QSizeF &page, qreal smallest, qreal largest)
{
    const std::pair<const GraphLayout *, FlowDirection> ways[] = {
        {&leftToRight, FlowDirection::LeftToRight}, {&topToBottom, FlowDirection::TopToBottom}};
    for (const auto &[layout, direction] : ways) {
        const QRectF all = printedBounds(*layout);
        const qreal scale =
            std::min({largest, page.width() / all.width(), page.height() / all.height()});
        if (scale >= smallest)
            return {direction, scale, {all}};
    }
    MapPages across = cutIntoPages(leftToRight, FlowDirection::LeftToRight, page, smallest);
    MapPages down = cutIntoPages(topToBottom, FlowDirection::TopToBottom, page, smallest);
    return down.pieces.size() < across.pieces.size() ? down : across;
}

std::optional<MapPrint> printMap(const PipelineMap &map, const QFont &font, const QSizeF &page,
                                 qreal smallest, qreal largest)
{
    const QFontMetricsF metrics(font);
    const MapMetrics room{metrics.averageCharWidth(), metrics.height()};
    auto across = PipelineMapLoader::layOut(map, room, FlowDirection::LeftToRight);
    auto down = PipelineMapLoader::layOut(map, room, FlowDirection::TopToBottom);
    if (!across || !down || across->nodes.isEmpty())
        return std::nullopt;
    MapPages pages = fitMapToPages(*across, *down, page, smallest, largest);
    GraphLayout chosen = pages.direction == FlowDirection::LeftToRight ? std::move(across).value()
                                                                       : std::move(down).value();
    return MapPrint{{map, std::move(chosen), {}}, std::move(pages)};
}

QImage drawMapPiece(const MapPrint &print, const QRectF &piece, const QFont &font, qreal pixels)
{
    const qreal scale = print.pages.scale * pixels;
    QImage image((piece.size() * scale).toSize(), QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    painter.scale(scale, scale);
    painter.translate(-piece.topLeft());
    paintMap(&painter, print.picture, font);
    return image;
}

} // namespace porthole
