#include "mapgraph.h"

#include "receiverheartbeat.h"

#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

namespace mapid {

QString component(const QString &name)
{
    return u"c:"_s + name;
}

QString port(const QString &port, const QString &sender)
{
    return u"p:"_s + port + u'\n' + sender;
}

QString stream(const QString &key)
{
    return u"s:"_s + key;
}

QString group(const QString &stream, const QString &group)
{
    return u"g:"_s + stream + u'\n' + group;
}

QString groupEdge(const QString &stream, const QString &group)
{
    return u"sg:"_s + stream + u'\n' + group;
}

} // namespace mapid

QString MapGraph::shape() const
{
    QStringList parts;
    for (const MapNode &node : nodes)
        parts << node.id;
    for (const MapEdge &edge : edges)
        parts << edge.id + u'\t' + edge.from + u'>' + edge.to;
    return parts.join(u'\t');
}

const MapNode *MapGraph::node(const QString &id) const
{
    const auto found =
        std::find_if(nodes.cbegin(), nodes.cend(), [&id](const MapNode &n) { return n.id == id; });
    return found == nodes.cend() ? nullptr : &*found;
}

namespace {

// Adds the Redis part: streams, groups, consumers, the receiver's store.
class RedisPart
{
public:
    RedisPart(const PipelineMap &map, MapGraph *graph)
        : m_map(map)
        , m_graph(graph)
    {
        for (const MapComponent &component : map.components)
            m_components.insert(component.name);
    }

    void add()
    {
        const MapReceiver &receiver = m_map.receiver;
        // The receiver's key whether Redis could be read or not: its edges start there.
        if (!receiver.key.isEmpty())
            node(mapid::stream(receiver.key), MapNode::Kind::Stream, receiver.key);
        for (const MapStream &stream : m_map.redis.streams)
            node(mapid::stream(stream.key), MapNode::Kind::Stream, stream.key);
        for (const MapGroup &group : m_map.redis.groups) {
            const QString id = mapid::group(group.stream, group.group);
            node(id, MapNode::Kind::Group, group.group, group.stream);
            m_graph->edges.append({mapid::groupEdge(group.stream, group.group),
                                   MapEdge::Kind::Group, mapid::stream(group.stream), id,
                                   group.group, group.stream});
            QStringList consumers = group.consumers;
            const bool receivers = group.stream == receiver.key && group.group == receiver.group;
            if (receivers && !receiver.consumer.isEmpty() && !consumers.contains(receiver.consumer))
                consumers << receiver.consumer;
            for (const QString &consumer : std::as_const(consumers))
                m_graph->edges.append(
                    {u"gw:"_s + group.stream + u'\n' + group.group + u'\n' + consumer,
                     MapEdge::Kind::Consumer, id, consumerNode(consumer, group.stream), consumer,
                     group.stream});
        }
        if (receiver.key.isEmpty() || receiver.consumer.isEmpty())
            return;
        const QString consumer = consumerNode(receiver.consumer, receiver.key);
        if (receiver.type != u"stream"_s) // a list or channel: read by the receiver alone
            m_graph->edges.append({u"sw:"_s + receiver.key, MapEdge::Kind::Consumer,
                                   mapid::stream(receiver.key), consumer, receiver.consumer,
                                   receiver.key});
        if (!receiver.store.isEmpty())
            m_graph->edges.append({u"ws:"_s + receiver.consumer,
                                   MapEdge::Kind::Store,
                                   consumer,
                                   sinkNode(receiver.store),
                                   receiver.store,
                                   {}});
    }

    // A sink's node: a component's when one has its name.
    QString sinkNode(const QString &name)
    {
        if (m_components.contains(name))
            return mapid::component(name);
        const QString id = u"k:"_s + name;
        node(id, MapNode::Kind::Sink, name);
        return id;
    }

private:
    // A consumer's node: a component's when one has its name, the receiver's component when
    // it beats as one (receiverheartbeat.h: under its consumer's name, or, this window's
    // receiver, under its key alone).
    QString consumerNode(const QString &name, const QString &stream)
    {
        QStringList names{name, receiverComponentName(stream, name)};
        if (stream == m_map.receiver.key && name == m_map.receiver.consumer)
            names << receiverComponentName(stream, {});
        for (const QString &component : std::as_const(names))
            if (m_components.contains(component))
                return mapid::component(component);
        const QString id = u"w:"_s + name;
        node(id, MapNode::Kind::Consumer, name);
        return id;
    }

    void node(const QString &id, MapNode::Kind kind, const QString &name,
              const QString &stream = {})
    {
        if (m_ids.contains(id))
            return;
        m_ids.insert(id);
        m_graph->nodes.append({id, kind, name, stream});
    }

    const PipelineMap &m_map;
    MapGraph *m_graph;
    QSet<QString> m_components;
    QSet<QString> m_ids;
};

} // namespace

MapGraph mapGraph(const PipelineMap &map)
{
    MapGraph graph;
    for (const MapComponent &component : map.components)
        graph.nodes.append(
            {mapid::component(component.name), MapNode::Kind::Component, component.name, {}});
    for (const MapPort &port : map.ports)
        for (const QString &sender : port.sendingComponents())
            if (!sender.isEmpty() && !port.target.isEmpty()) // a row without its ends: no edge
                graph.edges.append({mapid::port(port.name, sender),
                                    MapEdge::Kind::Port,
                                    mapid::component(sender),
                                    mapid::component(port.target),
                                    port.name,
                                    {}});
    RedisPart redis(map, &graph);
    for (const QString &sink : map.sinks)
        redis.sinkNode(sink);
    redis.add();
    return graph;
}

} // namespace porthole
