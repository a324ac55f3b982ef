#include "flowwriter.h"
#include "migrateddatabase.h"
#include "pipelinemaploader.h"
#include "portmessagerepository.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;

// The pipeline map read and laid out on a thread of its own, both engines: the graph's nodes and
// edges where the flow puts them, new figures that keep every place, a new port that moves them.
class tst_PipelineMapLoader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void laysOutOnlyWhenTheShapeChanges_data() { test::addEngineRows(); }
    void laysOutOnlyWhenTheShapeChanges();
};

namespace {

PortMessage hop(const QString &port, const QString &from, const QString &to, const QString &status)
{
    return test::hopMessage(port, from, to, status);
}

} // namespace

void tst_PipelineMapLoader::laysOutOnlyWhenTheShapeChanges()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    PortMessageRepository repository(database.db);
    QVERIFY(repository
                .insert({hop(u"orders.in"_s, u"source"_s, u"validator"_s, u"completed"_s),
                         hop(u"orders.valid"_s, u"validator"_s, u"payments"_s, u"pending"_s),
                         hop(u"mail"_s, u"payments"_s, u"notifier"_s, u"completed"_s)})
                .ok());
    PipelineMapLoader loader(*database.factory);
    QSignalSpy loaded(&loader, &PipelineMapLoader::loaded);
    QSignalSpy failed(&loader, &PipelineMapLoader::failed);
    loader.load();
    QVERIFY2(loaded.wait(20000), qPrintable(failed.value(0).value(0).toString()));
    QVERIFY(loaded.at(0).at(0).toBool()); // laid out
    const MapPicture first = loader.picture();
    QCOMPARE(first.map.components.size(), 4);
    QCOMPARE(first.layout.nodes.size(), 4);
    QCOMPARE(first.layout.edges.size(), 3);
    const auto x = [&first](const QString &component) {
        return first.layout.node(MapPicture::componentNode(component))->rect.center().x();
    };
    QVERIFY(x(u"source"_s) < x(u"validator"_s));
    QVERIFY(x(u"validator"_s) < x(u"payments"_s));
    QVERIFY(x(u"payments"_s) < x(u"notifier"_s));
    const PlacedEdge *valid =
        first.layout.edge(MapPicture::portEdge(u"orders.valid"_s, u"validator"_s));
    QVERIFY(valid);
    QCOMPARE(valid->from, MapPicture::componentNode(u"validator"_s));
    QCOMPARE(first.map.port(u"orders.valid"_s)->pending, RowCount{1});

    // New figures on the same graph: read, not laid out again; every place kept.
    QVERIFY(repository.insert({hop(u"orders.valid"_s, u"validator"_s, u"payments"_s, u"pending"_s)})
                .ok());
    loader.load();
    QVERIFY(loaded.wait(20000));
    QVERIFY(!loaded.at(1).at(0).toBool());
    QCOMPARE(loader.picture().map.port(u"orders.valid"_s)->pending, RowCount{2});
    QCOMPARE(loader.picture().shape, first.shape);
    for (const PlacedNode &node : first.layout.nodes)
        QCOMPARE(loader.picture().layout.node(node.id)->rect, node.rect);

    // A second sender on a port: a new edge, a new layout.
    QVERIFY(
        repository.insert({hop(u"mail"_s, u"validator"_s, u"notifier"_s, u"completed"_s)}).ok());
    loader.load();
    QVERIFY(loaded.wait(20000));
    QVERIFY(loaded.at(2).at(0).toBool());
    QCOMPARE(loader.picture().layout.edges.size(), 4);
    QVERIFY(loader.picture().layout.edge(MapPicture::portEdge(u"mail"_s, u"validator"_s)));
    QVERIFY(failed.isEmpty());
}

QTEST_GUILESS_MAIN(tst_PipelineMapLoader)
#include "tst_pipelinemaploader.moc"
