#include "pipelinemapscene.h"

#include "journeymodel.h"
#include "statuscolours.h"

#include <QApplication>
#include <QFont>
#include <QGraphicsPathItem>
#include <QGraphicsPolygonItem>
#include <QGraphicsSceneContextMenuEvent>
#include <QGraphicsSceneMouseEvent>
#include <QGraphicsSimpleTextItem>
#include <QLineF>
#include <QLocale>
#include <QMenu>
#include <QPalette>
#include <QPen>

#include <cmath>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

constexpr int kindKey = 0; // QGraphicsItem::data(): "c" a component, "p" a port, "g", "s", ...
constexpr int nameKey = 1; // ... and its name
constexpr int nodeKey = 2; // a box's node id (mapgraph.h)

QString countText(const RowCount &count)
{
    const QString number = QLocale().toString(count.value);
    return count.precision == RowCount::Precision::Exact ? number : number + u'+';
}

// A time to the second: "42 s", "2 min 5 s", "3 h 10 min".
QString wholeSeconds(qint64 ms)
{
    ms = std::max<qint64>(0, ms);
    return ms < 60000 ? PipelineMapScene::tr("%1 s").arg(ms / 1000)
                      : JourneyModel::durationText(ms / 1000 * 1000);
}

// How long ago: "now", "4 s ago", "2 min 5 s ago".
QString ageText(qint64 ms)
{
    return ms < 1000 ? PipelineMapScene::tr("now")
                     : PipelineMapScene::tr("%1 ago").arg(wholeSeconds(ms));
}

StatusTone toneOf(const MapComponent &component)
{
    if (!component.heartbeat)
        return StatusTone::Unknown;
    return healthTone(component.heartbeat->status, component.heartbeat->stale);
}

template <typename Item>
Item *tagged(Item *item, const QString &kind, const QString &name)
{
    item->setData(kindKey, kind);
    item->setData(nameKey, name);
    return item;
}

// The arrowhead at `tip`, pointing along the path's last stretch: from the last point of the
// path that is not the tip (a curve's control point or end), without measuring the curve.
QPolygonF arrowHead(const QPainterPath &path, const QPointF &tip)
{
    QPointF before = tip - QPointF(1, 0);
    for (int i = path.elementCount() - 1; i >= 0; --i) {
        const QPointF point = path.elementAt(i);
        if (QLineF(point, tip).length() > 0.5) {
            before = point;
            break;
        }
    }
    const QLineF back(tip, before);
    const double angle = std::atan2(-back.dy(), back.dx());
    const auto wing = [&](double turn) {
        return tip + QPointF(std::cos(angle + turn) * 9, -std::sin(angle + turn) * 9);
    };
    return QPolygonF{{tip, wing(0.45), wing(-0.45)}};
}

// A box's outline by what it is: a stream's with rounded ends, a consumer's and a sink's
// square, a component's and a group's rounded.
QPainterPath outlineOf(MapNode::Kind kind, const QRectF &rect)
{
    QPainterPath outline;
    if (kind == MapNode::Kind::Stream)
        outline.addRoundedRect(rect, rect.height() / 2, rect.height() / 2);
    else if (kind == MapNode::Kind::Consumer || kind == MapNode::Kind::Sink)
        outline.addRect(rect);
    else
        outline.addRoundedRect(rect, 6, 6);
    return outline;
}

// What a click on a box opens: a component's, a stream's or a group's pane; a consumer and a
// sink nothing.
QString clickKind(MapNode::Kind kind)
{
    switch (kind) {
    case MapNode::Kind::Component:
        return u"c"_s;
    case MapNode::Kind::Stream:
        return u"s"_s;
    case MapNode::Kind::Group:
        return u"g"_s;
    case MapNode::Kind::Consumer:
    case MapNode::Kind::Sink:
        break;
    }
    return {};
}

} // namespace

PipelineMapScene::PipelineMapScene(QObject *parent)
    : QGraphicsScene(parent)
{
    // A few hundred items, rebuilt whole when the graph changes: a search through them all is
    // quicker than keeping the BSP index up to date as they are made.
    setItemIndexMethod(QGraphicsScene::NoIndex);
    m_click.setSingleShot(true);
    m_click.setInterval(QApplication::doubleClickInterval());
    connect(&m_click, &QTimer::timeout, this, [this] {
        const auto [kind, name] = std::exchange(m_clicked, {});
        if (kind == u"c"_s)
            Q_EMIT componentClicked(name);
        else if (kind == u"p"_s)
            Q_EMIT portClicked(name);
        else if (kind == u"s"_s)
            Q_EMIT streamClicked(name);
        else if (kind == u"g"_s)
            Q_EMIT groupClicked(name.section(u'\n', 0, 0), name.section(u'\n', 1));
    });
}

QString PipelineMapScene::componentLine(const MapComponent &component, const QDateTime &now)
{
    if (!component.heartbeat)
        return tr("no heartbeat");
    const QString ago = ageText(component.heartbeat->lastHeartbeat.msecsTo(now));
    //: A component on the pipeline map: its status and how long ago it last beat
    return component.heartbeat->stale ? tr("stale · last beat %1").arg(ago)
                                      : tr("%1 · beat %2").arg(component.heartbeat->status, ago);
}

QString PipelineMapScene::checkpointLine(const MapComponent &component, const QDateTime &now)
{
    if (!component.lastCheckpoint.isValid())
        return {};
    //: A component on the pipeline map: how long ago it wrote its last checkpoint
    return tr("checkpoint %1").arg(ageText(component.lastCheckpoint.msecsTo(now)));
}

QString PipelineMapScene::portFigures(const MapPort &port, const QDateTime &now)
{
    //: Messages a second on a port of the pipeline map, over the last minute
    const QString rate = tr("%1/s").arg(QLocale().toString(port.perSecond(), 'f', 1));
    if (port.pending.value == 0)
        return tr("%1 · none waiting").arg(rate);
    //: A port's rate, how many wait on it and for how long the oldest has waited
    return tr("%1 · %2 waiting, oldest %3")
        .arg(rate, countText(port.pending), wholeSeconds(port.oldestPending.msecsTo(now)));
}

QString PipelineMapScene::portTroubles(const MapPort &port)
{
    QStringList parts;
    if (port.processing.value > 0)
        parts << tr("%1 taken").arg(countText(port.processing));
    if (port.failedLastHour.value > 0 || port.deadLastHour.value > 0)
        //: A port's failures in the last hour: "1 h: 3 failed, 2 dead"
        parts << tr("1 h: %1 failed, %2 dead")
                     .arg(countText(port.failedLastHour), countText(port.deadLastHour));
    return parts.join(u" · "_s);
}

QString PipelineMapScene::groupFigures(const MapGroup &group)
{
    const QLocale locale;
    //: A consumer group's lag: entries of its stream not yet delivered to it
    const QString lag =
        group.lag < 0 ? tr("lag unknown") : tr("lag %1").arg(locale.toString(group.lag));
    if (group.pending == 0)
        return tr("%1 · none pending").arg(lag);
    //: A consumer group's lag, its pending entries, and how long the oldest has been idle
    return tr("%1 · %2 pending\noldest idle %3")
        .arg(lag, locale.toString(group.pending), wholeSeconds(group.oldestIdleMs));
}

void PipelineMapScene::setPicture(const MapPicture &picture, bool moved)
{
    m_picture = picture;
    if (moved || m_nodes.isEmpty())
        build();
    update();
}

void PipelineMapScene::setPins(const QHash<QString, QPointF> &pins)
{
    m_pins = pins;
    if (!m_nodes.isEmpty()) {
        build();
        update();
    }
}

void PipelineMapScene::unpin(const QString &node)
{
    if (m_pins.remove(node) == 0)
        return;
    build();
    update();
    Q_EMIT pinsChanged();
}

void PipelineMapScene::build()
{
    m_dragged = nullptr;
    clear();
    m_nodes.clear();
    m_edges.clear();
    m_graph = mapGraph(m_picture.map);
    const GraphLayout layout = pinnedLayout(m_picture.layout, m_pins);
    for (const MapNode &node : std::as_const(m_graph.nodes))
        if (const PlacedNode *placed = layout.node(node.id))
            addNode(node, placed->rect);
    for (const MapEdge &edge : std::as_const(m_graph.edges)) {
        const PlacedEdge *placed = layout.edge(edge.id);
        if (!placed)
            continue;
        // A port's arrows, one from each sender, share one label.
        addEdge(edge.kind == MapEdge::Kind::Port ? u"p:"_s + edge.name : edge.id, edge, *placed);
    }
    setSceneRect(layout.bounds.adjusted(-20, -20, 20, 20));
}

void PipelineMapScene::addNode(const MapNode &node, const QRectF &rect)
{
    NodeItems items;
    const QString kind = clickKind(node.kind);
    const QString name =
        node.kind == MapNode::Kind::Group ? node.stream + u'\n' + node.name : node.name;
    items.box = tagged(addPath(outlineOf(node.kind, rect)), kind, name);
    items.box->setData(nodeKey, node.id);
    items.box->setZValue(1);
    items.box->setFlag(QGraphicsItem::ItemIsMovable); // dragged: pinned
    items.box->setCursor(Qt::PointingHandCursor);
    QFont bold = QApplication::font();
    bold.setBold(true);
    items.name = tagged(new QGraphicsSimpleTextItem(node.name, items.box), kind, name);
    items.name->setFont(bold);
    const int lines = node.kind == MapNode::Kind::Component ? 2 : 1;
    for (int i = 0; i < lines; ++i)
        items.lines << tagged(new QGraphicsSimpleTextItem(items.box), kind, name);
    m_nodes.insert(node.id, items);
}

void PipelineMapScene::addEdge(const QString &key, const MapEdge &edge, const PlacedEdge &placed)
{
    const QString kind = edge.kind == MapEdge::Kind::Port    ? u"p"_s
                         : edge.kind == MapEdge::Kind::Group ? u"g"_s
                                                             : QString();
    const QString name =
        edge.kind == MapEdge::Kind::Group ? edge.stream + u'\n' + edge.name : edge.name;
    EdgeItems &items = m_edges[key];
    items.arrows << tagged(addPath(placed.path), kind, name);
    items.heads << tagged(addPolygon(arrowHead(placed.path, placed.head)), kind, name);
    if (!items.label && (edge.kind == MapEdge::Kind::Port || edge.kind == MapEdge::Kind::Group)) {
        items.label = tagged(addSimpleText(QString()), kind, name);
        items.labelAt = placed.labelAt;
        items.label->setZValue(2);
    }
}

void PipelineMapScene::update()
{
    updateComponents();
    updateRedis();
}

void PipelineMapScene::setNode(const QString &id, const QStringList &lines, const QColor &tone)
{
    const auto found = m_nodes.constFind(id);
    if (found == m_nodes.cend())
        return;
    QColor fill = tone;
    fill.setAlpha(36);
    const bool pinned = m_pins.contains(id);
    found->box->setPen(QPen(tone, pinned ? 3 : 2));
    found->box->setBrush(fill);
    found->name->setBrush(QApplication::palette().color(QPalette::Text));
    // The name and the lines that say something, centred in the box.
    QList<QGraphicsSimpleTextItem *> shown{found->name};
    for (int i = 0; i < found->lines.size(); ++i) {
        QGraphicsSimpleTextItem *line = found->lines.at(i);
        line->setText(lines.value(i));
        line->setBrush(tone.darker(120));
        line->setVisible(!line->text().isEmpty());
        if (line->isVisible())
            shown << line;
    }
    const QRectF box = found->box->path().boundingRect();
    const qreal lineHeight = found->name->boundingRect().height();
    const qreal gap = (box.height() - qreal(shown.size()) * lineHeight) / qreal(shown.size() + 1);
    qreal top = box.top() + gap;
    for (QGraphicsSimpleTextItem *text : std::as_const(shown)) {
        text->setPos(box.center().x() - text->boundingRect().width() / 2, top);
        top += lineHeight + gap;
    }
    QString tip = nodeText(id);
    if (pinned)
        tip += u"\n\n"_s + tr("Pinned here: right-click to unpin.");
    else
        tip += u"\n\n"_s + tr("Drag to pin it elsewhere.");
    found->box->setToolTip(tip);
}

void PipelineMapScene::setBacklogTrends(const BacklogTrendSet &trends)
{
    m_trends = trends;
    update();
}

QString PipelineMapScene::trendTip(const BacklogTrend *trend, QStringList &lines) const
{
    if (!trend)
        return {};
    // A line of its own where the label has room for it (dot kept room for three lines), else
    // after the name: a port with troubles already has three.
    const QString label = BacklogTrendText::label(*trend);
    if (!label.isEmpty() && lines.size() < 3)
        lines << label;
    else if (!label.isEmpty())
        lines.first() += u" · "_s + label;
    return BacklogTrendText::summary(*trend) + u'\n' + BacklogTrendText::ratesText(*trend);
}

void PipelineMapScene::setEdge(EdgeItems &items, const QColor &colour, qreal width,
                               const QStringList &lines, const QColor &text, const QString &tip)
{
    for (QGraphicsPathItem *arrow : std::as_const(items.arrows)) {
        arrow->setPen(QPen(colour, width, Qt::SolidLine, Qt::RoundCap));
        arrow->setToolTip(tip.isEmpty() ? lines.join(u'\n') : lines.join(u'\n') + u"\n\n"_s + tip);
    }
    for (QGraphicsPolygonItem *head : std::as_const(items.heads)) {
        head->setPen(QPen(colour, 1));
        head->setBrush(colour);
    }
    if (!items.label)
        return;
    items.label->setText(lines.join(u'\n'));
    items.label->setBrush(text);
    // Centred in the room dot kept for it.
    const QRectF room = items.label->boundingRect();
    items.label->setPos(items.labelAt - QPointF(room.width() / 2, room.height() / 2));
}

void PipelineMapScene::updateComponents()
{
    const QColor text = QApplication::palette().color(QPalette::Text);
    const QDateTime &now = m_picture.map.readAt;
    for (const MapComponent &component : m_picture.map.components)
        setNode(mapid::component(component.name),
                {componentLine(component, now), checkpointLine(component, now)},
                statusColour(toneOf(component)));
    for (const MapPort &port : m_picture.map.ports) {
        const auto found = m_edges.find(u"p:"_s + port.name);
        if (found == m_edges.end())
            continue;
        const QColor colour = queueColour(port.state);
        QStringList lines{port.name, portFigures(port, now)};
        if (const QString troubles = portTroubles(port); !troubles.isEmpty())
            lines << troubles;
        const QString tip = trendTip(m_trends.port(port.name), lines);
        setEdge(*found, colour, port.state == QueueState::Empty ? 1.5 : 2.5, lines,
                port.state == QueueState::Empty ? text : colour.darker(110), tip);
    }
}

void PipelineMapScene::updateRedis()
{
    const PipelineMap &map = m_picture.map;
    const QColor text = QApplication::palette().color(QPalette::Text);
    const QColor neutral = statusColour(StatusTone::Unknown);
    const QLocale locale;
    for (const MapStream &stream : map.redis.streams) {
        QString line = stream.type == u"list"_s      ? tr("list · %1 waiting")
                       : stream.type == u"channel"_s ? tr("pub/sub channel")
                                                     : tr("stream · %1 entries");
        if (line.contains(u"%1"_s))
            line = line.arg(stream.length < 0 ? u"?"_s : locale.toString(stream.length));
        setNode(mapid::stream(stream.key), {line}, neutral);
    }
    for (const MapGroup &group : map.redis.groups) {
        setNode(mapid::group(group.stream, group.group),
                {group.consumerCount == 1
                     ? tr("group · 1 consumer")
                     : tr("group · %1 consumers").arg(locale.toString(group.consumerCount))},
                queueColour(group.state));
        const auto found = m_edges.find(mapid::groupEdge(group.stream, group.group));
        if (found == m_edges.end())
            continue;
        QStringList lines{groupFigures(group)};
        const QString tip = trendTip(m_trends.group(group.stream, group.group), lines);
        setEdge(
            *found, queueColour(group.state), group.state == QueueState::Empty ? 1.5 : 2.5, lines,
            group.state == QueueState::Empty ? text : queueColour(group.state).darker(110), tip);
    }
    for (const MapNode &node : std::as_const(m_graph.nodes)) {
        if (node.kind == MapNode::Kind::Consumer)
            setNode(node.id,
                    {node.name == map.receiver.consumer ? tr("this receiver") : tr("consumer")},
                    neutral);
        else if (node.kind == MapNode::Kind::Sink)
            setNode(node.id,
                    {node.name == map.receiver.store ? tr("the receiver's store") : tr("sink")},
                    neutral);
    }
    for (auto edge = m_edges.begin(); edge != m_edges.end(); ++edge)
        if (edge.key().startsWith(u"gw:"_s) || edge.key().startsWith(u"sw:"_s) ||
            edge.key().startsWith(u"ws:"_s))
            setEdge(*edge, neutral, 1.5, {}, text);
}

QString PipelineMapScene::nodeText(const QString &node) const
{
    const auto found = m_nodes.constFind(node);
    if (found == m_nodes.cend())
        return {};
    QStringList lines{found->name->text()};
    for (const QGraphicsSimpleTextItem *line : found->lines)
        if (!line->text().isEmpty())
            lines << line->text();
    return lines.join(u'\n');
}

QColor PipelineMapScene::nodeColour(const QString &node) const
{
    const auto found = m_nodes.constFind(node);
    return found == m_nodes.cend() ? QColor() : found->box->pen().color();
}

QString PipelineMapScene::componentText(const QString &component) const
{
    return nodeText(mapid::component(component));
}

QColor PipelineMapScene::componentColour(const QString &component) const
{
    return nodeColour(mapid::component(component));
}

QString PipelineMapScene::portText(const QString &port) const
{
    const auto found = m_edges.constFind(u"p:"_s + port);
    return found == m_edges.cend() || !found->label ? QString() : found->label->text();
}

QColor PipelineMapScene::portColour(const QString &port) const
{
    const auto found = m_edges.constFind(u"p:"_s + port);
    return found == m_edges.cend() || found->arrows.isEmpty()
               ? QColor()
               : found->arrows.first()->pen().color();
}

QString PipelineMapScene::groupText(const QString &stream, const QString &group) const
{
    const auto found = m_edges.constFind(mapid::groupEdge(stream, group));
    return found == m_edges.cend() || !found->label ? QString() : found->label->text();
}

QColor PipelineMapScene::groupColour(const QString &stream, const QString &group) const
{
    return nodeColour(mapid::group(stream, group));
}

QPointF PipelineMapScene::nodeAt(const QString &node) const
{
    const auto found = m_nodes.constFind(node);
    return found == m_nodes.cend() ? QPointF()
                                   : found->box->path().boundingRect().center() + found->box->pos();
}

QPointF PipelineMapScene::componentAt(const QString &component) const
{
    return nodeAt(mapid::component(component));
}

QPointF PipelineMapScene::portAt(const QString &port) const
{
    const auto found = m_edges.constFind(u"p:"_s + port);
    return found == m_edges.cend() || found->arrows.isEmpty()
               ? QPointF()
               : found->arrows.first()->path().pointAtPercent(0.5);
}

QPointF PipelineMapScene::groupEdgeAt(const QString &stream, const QString &group) const
{
    const auto found = m_edges.constFind(mapid::groupEdge(stream, group));
    return found == m_edges.cend() || found->arrows.isEmpty()
               ? QPointF()
               : found->arrows.first()->path().pointAtPercent(0.5);
}

QString PipelineMapScene::nodeOf(const QGraphicsItem *item)
{
    for (; item; item = item->parentItem())
        if (const QString id = item->data(nodeKey).toString(); !id.isEmpty())
            return id;
    return {};
}

std::pair<QString, QString> PipelineMapScene::hit(const QPointF &pos) const
{
    // An arrow is thin: a few points either side of it count.
    const QRectF near(pos - QPointF(4, 4), QSizeF(8, 8));
    for (const QGraphicsItem *item : items(near, Qt::IntersectsItemShape, Qt::DescendingOrder)) {
        const QString kind = item->data(kindKey).toString();
        if (!kind.isEmpty())
            return {kind, item->data(nameKey).toString()};
        if (!nodeOf(item).isEmpty())
            return {}; // a box that opens nothing
    }
    return {};
}

void PipelineMapScene::mousePressEvent(QGraphicsSceneMouseEvent *event)
{
    QGraphicsScene::mousePressEvent(event);
    // A box takes the press (it is movable): a drag moves it, and pins it where it is let go.
    QGraphicsItem *grabber = mouseGrabberItem();
    m_dragged = grabber && !nodeOf(grabber).isEmpty() ? grabber : nullptr;
}

void PipelineMapScene::mouseReleaseEvent(QGraphicsSceneMouseEvent *event)
{
    QGraphicsScene::mouseReleaseEvent(event);
    const bool moved =
        QLineF(event->screenPos(), event->buttonDownScreenPos(Qt::LeftButton)).length() > 4;
    if (QGraphicsItem *dragged = std::exchange(m_dragged, nullptr);
        dragged && moved && event->button() == Qt::LeftButton && !dragged->pos().isNull()) {
        const QString id = nodeOf(dragged);
        const auto *box = static_cast<const QGraphicsPathItem *>(dragged);
        m_pins.insert(id, box->path().boundingRect().center() + box->pos());
        // Built anew after this event: the box let go of is deleted with the rest.
        QMetaObject::invokeMethod(
            this,
            [this] {
                build();
                update();
                Q_EMIT pinsChanged();
            },
            Qt::QueuedConnection);
        return;
    }
    // A click, not the end of a drag that moved the view.
    if (event->button() != Qt::LeftButton || moved)
        return;
    if (std::exchange(m_doubleClicked, false))
        return; // the release that ends a double-click
    m_clicked = hit(event->scenePos());
    if (!m_clicked.first.isEmpty())
        m_click.start();
}

void PipelineMapScene::mouseDoubleClickEvent(QGraphicsSceneMouseEvent *event)
{
    QGraphicsScene::mouseDoubleClickEvent(event);
    m_click.stop(); // the first click was the start of this
    m_clicked = {};
    m_doubleClicked = true;
    const auto [kind, name] = hit(event->scenePos());
    if (kind == u"p"_s)
        Q_EMIT portDoubleClicked(name);
}

void PipelineMapScene::contextMenuEvent(QGraphicsSceneContextMenuEvent *event)
{
    QString node;
    for (const QGraphicsItem *item : items(event->scenePos()))
        if (node = nodeOf(item); !node.isEmpty())
            break;
    if (m_pins.isEmpty())
        return;
    QMenu menu;
    if (m_pins.contains(node))
        menu.addAction(tr("Unpin"), this, [this, node] { unpin(node); });
    menu.addAction(tr("Unpin all"), this, [this] {
        m_pins.clear();
        build();
        update();
        Q_EMIT pinsChanged();
    });
    menu.exec(event->screenPos());
    event->accept();
}

} // namespace porthole
