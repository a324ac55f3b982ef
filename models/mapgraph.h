#pragma once

#include "pipelinemap.h"

#include <QList>
#include <QString>

namespace porthole {

// The pipeline map as a graph: its nodes and edges with the ids its layout knows them by, made
// from a read map. The loader lays it out, the scene draws it, both from this one list.
//
// | node     | id                  | made from                                               |
// |----------|---------------------|---------------------------------------------------------|
// | component| c:NAME              | an end of a port, a component that beats                |
// | stream   | s:KEY               | the receiver's stream, list or channel; a stream a group reads
// | | group    | g:STREAM \n GROUP   | a consumer group of a stream                            | |
// consumer | w:NAME              | a consumer of a group, the receiver's; a component when one has
// its name | | sink     | k:NAME              | a sink_storage name, the receiver's store; a
// component when one has its name |
//
// Edges: a port from each of its senders to its target (p:PORT \n SENDER); a stream to each of
// its groups (sg:), labelled with the group's figures; a group to each consumer shown (gw:); a
// list or channel to the receiver's consumer (sw:); the receiver's consumer to its store (ws:).
struct MapNode
{
    enum class Kind
    {
        Component,
        Stream,
        Group,
        Consumer,
        Sink,
    };
    QString id;
    Kind kind = Kind::Component;
    QString name;   // the component, key, group, consumer or sink
    QString stream; // a group's
};

struct MapEdge
{
    enum class Kind
    {
        Port,
        Group,    // stream to group
        Consumer, // group (or list) to consumer
        Store,    // the receiver to its store
    };
    QString id;
    Kind kind = Kind::Port;
    QString from; // node ids
    QString to;
    QString name;   // a port's; a group edge's group
    QString stream; // a group edge's
};

struct MapGraph
{
    QList<MapNode> nodes;
    QList<MapEdge> edges;

    // Its shape: every node and edge, as a text that changes when one comes or goes.
    QString shape() const;
    const MapNode *node(const QString &id) const;
};

namespace mapid {
QString component(const QString &name);
QString port(const QString &port, const QString &sender);
QString stream(const QString &key);
QString group(const QString &stream, const QString &group);
QString groupEdge(const QString &stream, const QString &group);
} // namespace mapid

// The graph of `map`: its components and ports, and where it has them its sinks, streams,
// groups, consumers and the receiver's store.
MapGraph mapGraph(const PipelineMap &map);

} // namespace porthole
