#include "flowwriter.h"
#include "healthrepository.h"
#include "migrateddatabase.h"
#include "pipelinemaploader.h"
#include "portmessagerepository.h"
#include "redisclient.h"
#include "sinkstoragerepository.h"
#include "testservers.h"

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
    void drawsTheRedisPartAndTheSinks_data() { test::addEngineRows(); }
    void drawsTheRedisPartAndTheSinks();
    void aRedisThatCannotBeReadLeavesTheRest();
    void aReceiverThatStartsIsReadAtOnce();
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

// With a Redis server: the receiver's stream, its group and the group's consumers, the
// receiver's store, the sinks of sink_storage (one of them a component already), as nodes and
// edges of the graph laid out; a consumer that joins lays it out again.
void tst_PipelineMapLoader::drawsTheRedisPartAndTheSinks()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QVERIFY(PortMessageRepository(database.db)
                .insert({hop(u"orders.in"_s, u"source"_s, u"validator"_s, u"completed"_s)})
                .ok());
    SinkStorageRepository sinks(database.db);
    for (const QString &sink : {u"warehouse"_s, u"validator"_s}) {
        SinkStorageRow row;
        row.sinkName = sink;
        row.data = "{}";
        QVERIFY(sinks.store(row).ok());
    }
    const auto fixture = test::fixtureRedis();
    QVERIFY2(fixture.ok(), qPrintable(fixture.errorMessage()));
    // A database of its own, emptied: the map shows every stream a group reads.
    const auto url =
        RedisUrl::parse(u"redis://%1:%2/14"_s.arg(fixture->host()).arg(fixture->port()));
    RedisClient client;
    QVERIFY(client.connect(*url).ok());
    const auto run = [&client](const QList<QByteArray> &command) {
        const auto reply = client.command(command);
        return reply.ok() && !reply->isError();
    };
    QVERIFY(run({"FLUSHDB"}));
    QVERIFY(run({"XADD", "orders", "*", "n", "1"}));
    QVERIFY(run({"XGROUP", "CREATE", "orders", "porthole", "0"}));
    QVERIFY(run({"XREADGROUP", "GROUP", "porthole", "receiver-1", "STREAMS", "orders", ">"}));

    PipelineMapLoader loader(*database.factory);
    loader.setRedis(*url);
    loader.setReceiver({u"orders"_s, u"stream"_s, u"porthole"_s, u"receiver-1"_s,
                        u"sqlite:///var/lib/porthole.db"_s});
    QSignalSpy loaded(&loader, &PipelineMapLoader::loaded);
    QSignalSpy failed(&loader, &PipelineMapLoader::failed);
    loader.load();
    QVERIFY2(loaded.wait(20000), qPrintable(failed.value(0).value(0).toString()));
    const MapPicture &picture = loader.picture();
    QVERIFY2(picture.map.redis.problem.isEmpty(), qPrintable(picture.map.redis.problem));
    QStringList nodes;
    for (const PlacedNode &node : picture.layout.nodes)
        nodes << node.id;
    nodes.sort();
    QCOMPARE(nodes, (QStringList{u"c:source"_s, u"c:validator"_s, u"g:orders\nporthole"_s,
                                 u"k:sqlite:///var/lib/porthole.db"_s, u"k:warehouse"_s,
                                 u"s:orders"_s, u"w:receiver-1"_s}));
    const auto edge = [&picture](const QString &id) -> std::pair<QString, QString> {
        const PlacedEdge *placed = picture.layout.edge(id);
        return placed ? std::pair(placed->from, placed->to) : std::pair<QString, QString>();
    };
    QCOMPARE(edge(mapid::groupEdge(u"orders"_s, u"porthole"_s)),
             std::pair(u"s:orders"_s, u"g:orders\nporthole"_s));
    QCOMPARE(edge(u"gw:orders\nporthole\nreceiver-1"_s),
             std::pair(u"g:orders\nporthole"_s, u"w:receiver-1"_s));
    QCOMPARE(edge(u"ws:receiver-1"_s),
             std::pair(u"w:receiver-1"_s, u"k:sqlite:///var/lib/porthole.db"_s));
    QCOMPARE(picture.layout.edges.size(), 4); // and the port
    const auto x = [&picture](const QString &node) {
        return picture.layout.node(node)->rect.center().x();
    };
    QVERIFY(x(u"s:orders"_s) < x(u"g:orders\nporthole"_s));
    QVERIFY(x(u"g:orders\nporthole"_s) < x(u"w:receiver-1"_s));
    QCOMPARE(picture.map.group(u"orders"_s, u"porthole"_s)->pending, 1);

    // Figures alone: the same places. A second consumer: laid out again.
    QVERIFY(run({"XADD", "orders", "*", "n", "2"}));
    loader.load();
    QVERIFY(loaded.wait(20000));
    QVERIFY(!loaded.last().at(0).toBool());
    QCOMPARE(loader.picture().map.group(u"orders"_s, u"porthole"_s)->lag, 1);
    QVERIFY(run({"XREADGROUP", "GROUP", "porthole", "receiver-2", "STREAMS", "orders", ">"}));
    loader.load();
    QVERIFY(loaded.wait(20000));
    QVERIFY(loaded.last().at(0).toBool());
    QVERIFY(loader.picture().layout.node(u"w:receiver-2"_s));

    // Receivers that beat as components (receiverheartbeat.h): each is its consumer's node, the
    // window's under its key alone, a named worker's under its key and consumer.
    HealthRepository health(database.db);
    for (const QString &component : {u"receiver:orders"_s, u"receiver:orders/receiver-2"_s})
        QVERIFY(health.record({component, u"healthy"_s, {}, {}}).ok());
    loader.load();
    QVERIFY(loaded.wait(20000));
    QCOMPARE(edge(u"gw:orders\nporthole\nreceiver-1"_s),
             std::pair(u"g:orders\nporthole"_s, u"c:receiver:orders"_s));
    QCOMPARE(edge(u"gw:orders\nporthole\nreceiver-2"_s),
             std::pair(u"g:orders\nporthole"_s, u"c:receiver:orders/receiver-2"_s));
    QCOMPARE(edge(u"ws:receiver-1"_s),
             std::pair(u"c:receiver:orders"_s, u"k:sqlite:///var/lib/porthole.db"_s));
    QVERIFY(!loader.picture().layout.node(u"w:receiver-1"_s));
    QVERIFY(failed.isEmpty());
}

// Redis that does not answer: the database's part of the map as read, Redis's problem said.
void tst_PipelineMapLoader::aRedisThatCannotBeReadLeavesTheRest()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.error.isEmpty(), qPrintable(database.error));
    QVERIFY(PortMessageRepository(database.db)
                .insert({hop(u"orders.in"_s, u"source"_s, u"validator"_s, u"completed"_s)})
                .ok());
    PipelineMapLoader loader(*database.factory);
    loader.setRedis(RedisUrl::local(1)); // nothing listens on port 1
    QSignalSpy loaded(&loader, &PipelineMapLoader::loaded);
    loader.load();
    QVERIFY(loaded.wait(20000));
    QCOMPARE(loader.picture().map.components.size(), 2);
    QVERIFY(!loader.picture().map.redis.problem.isEmpty());
    QVERIFY(loader.picture().map.redis.streams.isEmpty());
}

// The receiver starting: the map read again at once with its part, not at the next refresh;
// the same receiver again (its figures moved on) reads nothing.
void tst_PipelineMapLoader::aReceiverThatStartsIsReadAtOnce()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.error.isEmpty(), qPrintable(database.error));
    QVERIFY(PortMessageRepository(database.db)
                .insert({hop(u"orders.in"_s, u"source"_s, u"validator"_s, u"completed"_s)})
                .ok());
    PipelineMapLoader loader(*database.factory);
    QSignalSpy loaded(&loader, &PipelineMapLoader::loaded);
    const MapReceiver receiver{u"orders"_s, u"list"_s, {}, u"receiver-1"_s, u"files /data"_s};
    loader.setReceiver(receiver); // nothing shown yet: nothing read
    QVERIFY(loaded.isEmpty());
    loader.setReceiver({});
    loader.load();
    QVERIFY(loaded.wait(20000));
    QVERIFY(!loader.picture().layout.node(u"w:receiver-1"_s));
    loader.setReceiver(receiver);
    QVERIFY(loaded.wait(20000));
    QCOMPARE(loaded.size(), 2);
    QVERIFY(loader.picture().layout.node(u"w:receiver-1"_s));
    QVERIFY(loader.picture().layout.node(u"k:files /data"_s));
    QVERIFY(loader.picture().layout.edge(u"sw:orders"_s));
    loader.setReceiver(receiver);
    QVERIFY(!loaded.wait(500)); // no read asked for: none comes
}

QTEST_GUILESS_MAIN(tst_PipelineMapLoader)
#include "tst_pipelinemaploader.moc"
