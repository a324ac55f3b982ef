#pragma once

#include "pipelinemaploader.h"

#include <QGraphicsScene>
#include <QHash>
#include <QPointF>
#include <QTimer>

class QGraphicsPathItem;
class QGraphicsPolygonItem;
class QGraphicsSimpleTextItem;

namespace porthole {

// The pipeline map drawn: each component a box in its health's colour (ok, warning, critical,
// stale, unknown: statuscolours.h) with its name and its last heartbeat; each port an arrow
// from its sender to its receiver in its queue's colour (grey empty, green flowing, amber
// backed up, red stuck) with its name and figures beside it. A click on a box or an arrow (or
// its label) says which (componentClicked(), portClicked()) once no second click followed; a
// double-click on an arrow, portDoubleClicked() alone.
class PipelineMapScene : public QGraphicsScene
{
    Q_OBJECT

public:
    explicit PipelineMapScene(QObject *parent = nullptr);

    // Shows `picture`: built anew when `moved` (laid out again), else the same items with
    // their figures, colours and texts as the picture says now.
    void setPicture(const MapPicture &picture, bool moved);
    const MapPicture &picture() const { return m_picture; }

    // What is drawn, for tests and screenshots: a component's box text, its colour; a port's
    // label (its lines joined by newlines), its colour.
    QString componentText(const QString &component) const;
    QColor componentColour(const QString &component) const;
    QString portText(const QString &port) const;
    QColor portColour(const QString &port) const;
    // Where a component's box or a port's first arrow is, in scene coordinates.
    QPointF componentAt(const QString &component) const;
    QPointF portAt(const QString &port) const;

    // The lines a component's box and a port's label say, and their tooltips.
    static QString componentLine(const MapComponent &component, const QDateTime &now);
    static QString portFigures(const MapPort &port, const QDateTime &now);
    static QString portTroubles(const MapPort &port);

Q_SIGNALS:
    void componentClicked(const QString &component);
    void portClicked(const QString &port);
    void portDoubleClicked(const QString &port);

protected:
    void mouseReleaseEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseDoubleClickEvent(QGraphicsSceneMouseEvent *event) override;

private:
    struct ComponentItems
    {
        QGraphicsPathItem *box = nullptr;
        QGraphicsSimpleTextItem *name = nullptr;
        QGraphicsSimpleTextItem *line = nullptr;
    };
    struct PortItems
    {
        QList<QGraphicsPathItem *> arrows; // one from each sender
        QList<QGraphicsPolygonItem *> heads;
        QGraphicsSimpleTextItem *label = nullptr;
        QPointF labelAt; // the centre of the room dot kept for its label
    };

    void build();
    void addComponent(const MapComponent &component, const QRectF &rect);
    void addPortEdge(const MapPort &port, const PlacedEdge &edge);
    void update();
    // What is at `pos`: a component ("c"), a port ("p"), or nothing; and its name.
    std::pair<QString, QString> hit(const QPointF &pos) const;

    MapPicture m_picture;
    QHash<QString, ComponentItems> m_components;
    QHash<QString, PortItems> m_ports;
    QTimer m_click;                        // a click waits to see that it was not a double one
    std::pair<QString, QString> m_clicked; // what it was on
    bool m_doubleClicked = false;          // until the release that ends the double-click
};

// The colour of a port's queue on the map.
QColor queueColour(QueueState state);

} // namespace porthole
