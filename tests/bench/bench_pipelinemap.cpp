// The pipeline map on a big pipeline (200 components, 500 ports by default): its layout by
// Porthole (PipelineMapLoader::layOut, on the loader's thread) against the bare libgvc calls
// that lay out the same graph in the same run; then, on the GUI thread, the scene built from a
// new layout and a refresh of its figures on the same one (what the 5 s refresh costs the GUI
// thread). Medians of --runs runs. docs/BENCHMARKS.md has the figures.
#include "benchsupport.h"
#include "pipelinemaploader.h"
#include "pipelinemapscene.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QRandomGenerator>

#include <graphviz/gvc.h>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace porthole::bench;

namespace {

// Components in ten stages; each port from a component of one stage to one of the next (and a
// few back, as a reply would go), with figures that vary between refreshes.
PipelineMap bigPipeline(int components, int ports, quint32 seed)
{
    QRandomGenerator random(seed);
    PipelineMap map;
    map.readAt = QDateTime::currentDateTimeUtc();
    const int stages = 10;
    const int perStage = std::max(1, components / stages);
    for (int i = 0; i < components; ++i)
        map.components.append({u"component-%1"_s.arg(i, 3, 10, QChar(u'0')), std::nullopt,
                               map.readAt.addSecs(-qint64(i % 600))});
    for (int p = 0; p < ports; ++p) {
        const int stage = int(random.bounded(stages - 1));
        const int from = std::min(components - 1, stage * perStage + int(random.bounded(perStage)));
        const int to =
            std::min(components - 1, (stage + 1) * perStage + int(random.bounded(perStage)));
        const bool back = p % 25 == 0;
        MapPort port;
        port.name = u"port.%1"_s.arg(p, 3, 10, QChar(u'0'));
        port.source = map.components.at(back ? to : from).name;
        port.target = map.components.at(back ? from : to).name;
        port.lastMinute = RowCount{random.bounded(600)};
        port.pending = RowCount{random.bounded(2000)};
        port.oldestPending = map.readAt.addSecs(-qint64(random.bounded(900)));
        port.state = queueState(port.pending, port.oldestPending, map.readAt, {});
        map.ports.append(port);
    }
    return map;
}

// The same graph through libgvc alone: nodes and edges with the sizes and label room
// Porthole asks for, dot, and nothing read back.
void bareLayout(const PipelineMap &map, const MapMetrics &metrics)
{
    static GVC_t *gvc = gvContext();
    Agraph_t *graph = agopen(const_cast<char *>("bare"), Agdirected, nullptr);
    agsafeset(graph, const_cast<char *>("rankdir"), const_cast<char *>("LR"),
              const_cast<char *>(""));
    QHash<QString, Agnode_t *> nodes;
    const QByteArray width = QByteArray::number(24 * metrics.charWidth / 72, 'f', 4);
    const QByteArray height = QByteArray::number(2.6 * metrics.lineHeight / 72, 'f', 4);
    for (const MapComponent &component : map.components) {
        Agnode_t *node = agnode(graph, component.name.toUtf8().data(), 1);
        agsafeset(node, const_cast<char *>("shape"), const_cast<char *>("box"),
                  const_cast<char *>(""));
        agsafeset(node, const_cast<char *>("fixedsize"), const_cast<char *>("true"),
                  const_cast<char *>(""));
        agsafeset(node, const_cast<char *>("width"), const_cast<char *>(width.constData()),
                  const_cast<char *>(""));
        agsafeset(node, const_cast<char *>("height"), const_cast<char *>(height.constData()),
                  const_cast<char *>(""));
        nodes.insert(component.name, node);
    }
    const int columns = int(std::ceil(36 * metrics.charWidth / 6));
    QByteArray label(columns, 'x');
    label += "\\n" + QByteArray(columns, 'x') + "\\n" + QByteArray(columns, 'x');
    for (const MapPort &port : map.ports) {
        Agedge_t *edge =
            agedge(graph, nodes.value(port.source), nodes.value(port.target), nullptr, 1);
        agsafeset(edge, const_cast<char *>("fontname"), const_cast<char *>("Courier"),
                  const_cast<char *>(""));
        agsafeset(edge, const_cast<char *>("label"), label.data(), const_cast<char *>(""));
    }
    gvLayout(gvc, graph, "dot");
    gvFreeLayout(gvc, graph);
    agclose(graph);
}

} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    app.setApplicationName(u"bench_pipelinemap"_s);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOptions({{u"components"_s, u"Components (default 200)."_s, u"n"_s, u"200"_s},
                       {u"ports"_s, u"Ports (default 500)."_s, u"n"_s, u"500"_s},
                       {u"runs"_s, u"Runs of each (default 7)."_s, u"n"_s, u"7"_s}});
    parser.process(app);
    const int components = parser.value(u"components"_s).toInt();
    const int ports = parser.value(u"ports"_s).toInt();
    const int runs = std::max(1, parser.value(u"runs"_s).toInt());
    const MapMetrics metrics; // 7 and 16 points: the default font's room
    const PipelineMap map = bigPipeline(components, ports, 1);

    std::vector<double> bare;
    std::vector<double> porthole;
    MapPicture picture{map, {}, PipelineMapLoader::shapeOf(map)};
    for (int run = 0; run < runs; ++run) {
        auto start = Clock::now();
        bareLayout(map, metrics);
        bare.push_back(secondsSince(start));
        start = Clock::now();
        auto layout = PipelineMapLoader::layOut(map, metrics);
        porthole.push_back(secondsSince(start));
        check(layout.ok(), u"layout: "_s + layout.errorMessage());
        picture.layout = std::move(layout).value();
    }

    std::vector<double> build;
    std::vector<double> refresh;
    PipelineMapScene scene;
    for (int run = 0; run < runs; ++run) {
        auto start = Clock::now();
        scene.setPicture(picture, true);
        build.push_back(secondsSince(start));
        MapPicture next = picture;
        next.map = bigPipeline(components, ports, quint32(run + 2)); // new figures
        next.map.ports = [&] {
            QList<MapPort> same = next.map.ports;
            for (qsizetype i = 0; i < same.size(); ++i) { // the same ends: the same shape
                same[i].source = map.ports.at(i).source;
                same[i].target = map.ports.at(i).target;
            }
            return same;
        }();
        start = Clock::now();
        scene.setPicture(next, false);
        refresh.push_back(secondsSince(start));
    }
    out() << u"Pipeline map: %1 components, %2 ports, %3 runs (load %4)"_s.arg(components)
                 .arg(ports)
                 .arg(runs)
                 .arg(loadAverage())
          << Qt::endl;
    const auto ms = [](double s) -> QString {
        return QString::number(s * 1000, 'f', 1) + u" ms"_s;
    };
    out() << u"  layout, bare libgvc      %1"_s.arg(ms(median(bare))) << Qt::endl;
    out() << u"  layout, Porthole         %1   ratio %2"_s.arg(ms(median(porthole)))
                 .arg(median(porthole) / median(bare), 0, 'f', 2)
          << Qt::endl;
    out() << u"  scene built (GUI thread) %1"_s.arg(ms(median(build))) << Qt::endl;
    out() << u"  figures refreshed (GUI)  %1   (longest %2)"_s.arg(ms(median(refresh)))
                 .arg(ms(*std::max_element(refresh.begin(), refresh.end())))
          << Qt::endl;
    return 0;
}
