#include "pipelinemaploader.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

PipelineMapLoader::PipelineMapLoader(ConnectionFactory factory, QObject *parent)
    : QObject(parent)
    , m_read(std::move(factory), u"pipeline-map"_s)
{
    connect(&m_read, &LatestRead::done, this, [this](const QVariant &answer) {
        MapPicture picture = answer.value<MapPicture>();
        const bool moved = picture.shape != m_picture.shape || m_picture.layout.nodes.isEmpty();
        if (!moved)
            picture.layout = m_picture.layout; // the same graph: the same places
        m_picture = std::move(picture);
        Q_EMIT loaded(moved);
    });
    connect(&m_read, &LatestRead::failed, this, &PipelineMapLoader::failed);
}

void PipelineMapLoader::load()
{
    m_read.read([shown = m_picture.shape, metrics = m_metrics, staleAfter = m_staleAfter,
                 thresholds = m_thresholds](const QSqlDatabase &db) -> Result<QVariant> {
        auto map = readPipelineMap(db, QDateTime::currentDateTimeUtc(), staleAfter, thresholds);
        if (!map)
            return map.error();
        MapPicture picture{std::move(map).value(), {}, {}};
        picture.shape = shapeOf(picture.map);
        if (picture.shape != shown) {
            auto layout = layOut(picture.map, metrics);
            if (!layout)
                return layout.error();
            picture.layout = std::move(layout).value();
        }
        return QVariant::fromValue(picture);
    });
}

QString PipelineMapLoader::shapeOf(const PipelineMap &map)
{
    QStringList parts;
    for (const MapComponent &component : map.components)
        parts << MapPicture::componentNode(component.name);
    for (const MapPort &port : map.ports)
        for (const QString &sender : port.sendingComponents())
            parts << MapPicture::portEdge(port.name, sender) + u'>' + port.target;
    return parts.join(u'\t');
}

Result<GraphLayout> PipelineMapLoader::layOut(const PipelineMap &map, const MapMetrics &metrics)
{
    // A component's box holds its name and its heartbeat's line; a port's label its name, its
    // figures and its troubles, a line each.
    const auto textWidth = [&metrics](qsizetype chars, int atLeast) {
        return qreal(std::max<qsizetype>(chars, atLeast)) * metrics.charWidth;
    };
    QList<LayoutNode> nodes;
    for (const MapComponent &component : map.components)
        nodes.append({MapPicture::componentNode(component.name),
                      QSizeF(textWidth(component.name.size(), 24) + 2 * metrics.charWidth,
                             metrics.lineHeight * 2.6)});
    QList<LayoutEdge> edges;
    for (const MapPort &port : map.ports)
        for (const QString &sender : port.sendingComponents())
            if (!sender.isEmpty() && !port.target.isEmpty()) // a row without its ends: no edge
                edges.append({MapPicture::portEdge(port.name, sender),
                              MapPicture::componentNode(sender),
                              MapPicture::componentNode(port.target),
                              QSizeF(textWidth(port.name.size(), 36), metrics.lineHeight * 3)});
    return layOutFlow(nodes, edges);
}

} // namespace porthole
