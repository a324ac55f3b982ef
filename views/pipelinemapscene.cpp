#include "pipelinemapscene.h"

#include "journeymodel.h"
#include "statuscolours.h"

#include <QApplication>
#include <QFont>
#include <QGraphicsPathItem>
#include <QGraphicsPolygonItem>
#include <QGraphicsSceneMouseEvent>
#include <QGraphicsSimpleTextItem>
#include <QLineF>
#include <QLocale>
#include <QPainterPathStroker>
#include <QPalette>
#include <QPen>

#include <cmath>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

constexpr int kindKey = 0; // QGraphicsItem::data(): "c" a component, "p" a port
constexpr int nameKey = 1; // ... and its name

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

void PipelineMapScene::setPicture(const MapPicture &picture, bool moved)
{
    m_picture = picture;
    if (moved || m_components.isEmpty())
        build();
    update();
}

void PipelineMapScene::build()
{
    clear();
    m_components.clear();
    m_ports.clear();
    for (const MapComponent &component : m_picture.map.components)
        if (const PlacedNode *node =
                m_picture.layout.node(MapPicture::componentNode(component.name)))
            addComponent(component, node->rect);
    for (const MapPort &port : m_picture.map.ports) {
        for (const QString &sender : port.sendingComponents())
            if (const PlacedEdge *edge =
                    m_picture.layout.edge(MapPicture::portEdge(port.name, sender)))
                addPortEdge(port, *edge);
    }
    setSceneRect(m_picture.layout.bounds.adjusted(-20, -20, 20, 20));
}

void PipelineMapScene::addComponent(const MapComponent &component, const QRectF &rect)
{
    ComponentItems items;
    QPainterPath outline;
    outline.addRoundedRect(rect, 6, 6);
    items.box = tagged(addPath(outline), u"c"_s, component.name);
    items.box->setZValue(1);
    QFont bold = QApplication::font();
    bold.setBold(true);
    items.name =
        tagged(new QGraphicsSimpleTextItem(component.name, items.box), u"c"_s, component.name);
    items.name->setFont(bold);
    items.line = tagged(new QGraphicsSimpleTextItem(items.box), u"c"_s, component.name);
    m_components.insert(component.name, items);
}

void PipelineMapScene::addPortEdge(const MapPort &port, const PlacedEdge &edge)
{
    PortItems &items = m_ports[port.name];
    QGraphicsPathItem *arrow = tagged(addPath(edge.path), u"p"_s, port.name);
    items.arrows << arrow;
    items.heads << tagged(addPolygon(arrowHead(edge.path, edge.head)), u"p"_s, port.name);
    if (!items.label) {
        items.label = tagged(addSimpleText(QString()), u"p"_s, port.name);
        items.labelAt = edge.labelAt;
        items.label->setZValue(2);
    }
}

void PipelineMapScene::update()
{
    const QColor text = QApplication::palette().color(QPalette::Text);
    for (const MapComponent &component : m_picture.map.components) {
        const auto found = m_components.constFind(component.name);
        if (found == m_components.cend())
            continue;
        const QColor tone = statusColour(toneOf(component));
        QColor fill = tone;
        fill.setAlpha(36);
        found->box->setPen(QPen(tone, 2));
        found->box->setBrush(fill);
        found->name->setBrush(text);
        found->line->setText(componentLine(component, m_picture.map.readAt));
        found->line->setBrush(tone.darker(120));
        // The name and the line centred in the box.
        const QRectF box = found->box->path().boundingRect();
        const qreal nameHeight = found->name->boundingRect().height();
        const qreal gap = (box.height() - 2 * nameHeight) / 3;
        found->name->setPos(box.center().x() - found->name->boundingRect().width() / 2,
                            box.top() + gap);
        found->line->setPos(box.center().x() - found->line->boundingRect().width() / 2,
                            box.top() + 2 * gap + nameHeight);
        found->box->setToolTip(componentText(component.name));
    }
    for (const MapPort &port : m_picture.map.ports) {
        const auto found = m_ports.constFind(port.name);
        if (found == m_ports.cend())
            continue;
        const QColor colour = queueColour(port.state);
        const qreal width = port.state == QueueState::Empty ? 1.5 : 2.5;
        for (QGraphicsPathItem *arrow : found->arrows)
            arrow->setPen(QPen(colour, width, Qt::SolidLine, Qt::RoundCap));
        for (QGraphicsPolygonItem *head : found->heads) {
            head->setPen(QPen(colour, 1));
            head->setBrush(colour);
        }
        QStringList lines{port.name, portFigures(port, m_picture.map.readAt)};
        if (const QString troubles = portTroubles(port); !troubles.isEmpty())
            lines << troubles;
        found->label->setText(lines.join(u'\n'));
        found->label->setBrush(port.state == QueueState::Empty ? text : colour.darker(110));
        // Centred in the room dot kept for it.
        const QRectF room = found->label->boundingRect();
        found->label->setPos(found->labelAt - QPointF(room.width() / 2, room.height() / 2));
        for (QGraphicsPathItem *arrow : found->arrows)
            arrow->setToolTip(lines.join(u'\n'));
    }
}

QString PipelineMapScene::componentText(const QString &component) const
{
    const auto found = m_components.constFind(component);
    return found == m_components.cend() ? QString()
                                        : found->name->text() + u'\n' + found->line->text();
}

QColor PipelineMapScene::componentColour(const QString &component) const
{
    const auto found = m_components.constFind(component);
    return found == m_components.cend() ? QColor() : found->box->pen().color();
}

QString PipelineMapScene::portText(const QString &port) const
{
    const auto found = m_ports.constFind(port);
    return found == m_ports.cend() || !found->label ? QString() : found->label->text();
}

QColor PipelineMapScene::portColour(const QString &port) const
{
    const auto found = m_ports.constFind(port);
    return found == m_ports.cend() || found->arrows.isEmpty()
               ? QColor()
               : found->arrows.first()->pen().color();
}

QPointF PipelineMapScene::componentAt(const QString &component) const
{
    const auto found = m_components.constFind(component);
    return found == m_components.cend() ? QPointF() : found->box->path().boundingRect().center();
}

QPointF PipelineMapScene::portAt(const QString &port) const
{
    const auto found = m_ports.constFind(port);
    return found == m_ports.cend() || found->arrows.isEmpty()
               ? QPointF()
               : found->arrows.first()->path().pointAtPercent(0.5);
}

std::pair<QString, QString> PipelineMapScene::hit(const QPointF &pos) const
{
    // An arrow is thin: a few points either side of it count.
    const QRectF near(pos - QPointF(4, 4), QSizeF(8, 8));
    for (const QGraphicsItem *item : items(near, Qt::IntersectsItemShape, Qt::DescendingOrder)) {
        const QString kind = item->data(kindKey).toString();
        if (!kind.isEmpty())
            return {kind, item->data(nameKey).toString()};
    }
    return {};
}

void PipelineMapScene::mouseReleaseEvent(QGraphicsSceneMouseEvent *event)
{
    QGraphicsScene::mouseReleaseEvent(event);
    // A click, not the end of a drag that moved the view.
    if (event->button() != Qt::LeftButton ||
        QLineF(event->screenPos(), event->buttonDownScreenPos(Qt::LeftButton)).length() > 4)
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

} // namespace porthole
