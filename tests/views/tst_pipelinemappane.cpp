#include "backlogtrends.h"
#include "backlogtrendsamples.h"
#include "flowwriter.h"
#include "healthrepository.h"
#include "migrateddatabase.h"
#include "pipelinemaploader.h"
#include "pipelinemappane.h"
#include "pipelinemapscene.h"
#include "portmessagerepository.h"
#include "redisclient.h"
#include "statuscolours.h"
#include "testservers.h"

#include <QDir>
#include <QFile>
#include <QGraphicsView>
#include <QImage>
#include <QMouseEvent>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QXmlStreamReader>

using namespace Qt::StringLiterals;
using namespace porthole;

// The Pipeline map pane on a real database: what it says with nothing to draw, the boxes and
// arrows with their colours and figures, places kept as figures change, and a click's way to
// the pane that shows what was clicked.
class tst_PipelineMapPane : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init() { QSettings().clear(); }
    void saysWhatItDrawsWhenEmpty();
    void drawsWhereThePipelineIsStuck();
    void exportsTheWholeMap();
    void showsConsumerGroupsAndOpensTheirPane();
    void aBoxDraggedStaysWhereItWasLeft();
};

namespace {

PortMessage hop(const QString &port, const QString &from, const QString &to, const QString &status,
                qint64 secsAgo = 1)
{
    return test::hopMessage(port, from, to, status,
                            QDateTime::currentDateTimeUtc().addSecs(-secsAgo));
}

void click(PipelineMapPane &pane, const QPointF &at, bool twice = false)
{
    const QPoint point = pane.view()->mapFromScene(at);
    QTest::mouseClick(pane.view()->viewport(), Qt::LeftButton, {}, point);
    if (twice)
        QTest::mouseDClick(pane.view()->viewport(), Qt::LeftButton, {}, point);
}

// A drag with the left button from `from` to `to` (scene coordinates), in steps.
void drag(PipelineMapPane &pane, const QPointF &from, const QPointF &to)
{
    QWidget *viewport = pane.view()->viewport();
    const QPoint start = pane.view()->mapFromScene(from);
    const QPoint end = pane.view()->mapFromScene(to);
    const auto send = [viewport](QEvent::Type type, const QPoint &at, Qt::MouseButtons buttons) {
        QMouseEvent event(type, at, viewport->mapToGlobal(at), Qt::LeftButton, buttons, {});
        QCoreApplication::sendEvent(viewport, &event);
    };
    send(QEvent::MouseButtonPress, start, Qt::LeftButton);
    for (int step = 1; step <= 5; ++step)
        send(QEvent::MouseMove, start + (end - start) * step / 5, Qt::LeftButton);
    send(QEvent::MouseButtonRelease, end, Qt::NoButton);
}

bool near(const QPointF &a, const QPointF &b)
{
    return QLineF(a, b).length() < 2;
}

} // namespace

void tst_PipelineMapPane::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"PortholeTest"_s);
    QCoreApplication::setApplicationName(u"tst_pipelinemappane"_s);
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void tst_PipelineMapPane::saysWhatItDrawsWhenEmpty()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.error.isEmpty(), qPrintable(database.error));
    PipelineMapLoader loader(*database.factory);
    PipelineMapPane pane(&loader);
    QCOMPARE(pane.paneId(), u"map"_s);
    QCOMPARE(pane.title(), u"Pipeline map"_s);
    QSignalSpy loaded(&loader, &PipelineMapLoader::loaded);
    pane.show(); // read as it is shown
    QVERIFY(loaded.wait(20000));
    QVERIFY2(pane.stateText().startsWith(u"No component yet: the map draws the components"_s),
             qPrintable(pane.stateText()));
    QVERIFY(pane.scene()->items().isEmpty());
}

void tst_PipelineMapPane::drawsWhereThePipelineIsStuck()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.error.isEmpty(), qPrintable(database.error));
    PortMessageRepository repository(database.db);
    QList<PortMessage> rows{hop(u"orders.in"_s, u"api"_s, u"validator"_s, u"completed"_s),
                            hop(u"orders.valid"_s, u"validator"_s, u"billing"_s, u"pending"_s)};
    // billing's queue: stuck, its oldest waiting for ten minutes.
    rows << hop(u"invoices"_s, u"billing"_s, u"mailer"_s, u"pending"_s, 600)
         << hop(u"invoices"_s, u"billing"_s, u"mailer"_s, u"processing"_s);
    QVERIFY(repository.insert(rows).ok());
    QVERIFY(HealthRepository(database.db)
                .record({u"api"_s, u"healthy"_s, {}, QDateTime::currentDateTimeUtc()})
                .ok());

    PipelineMapLoader loader(*database.factory);
    PipelineMapPane pane(&loader);
    pane.resize(1400, 800);
    QSignalSpy loaded(&loader, &PipelineMapLoader::loaded);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QVERIFY(loaded.wait(20000));
    PipelineMapScene *scene = pane.scene();
    QVERIFY2(pane.stateText().startsWith(u"4 components, 3 ports; 1 stuck, 0 backed up"_s),
             qPrintable(pane.stateText()));
    QVERIFY2(scene->componentText(u"api"_s).startsWith(u"api\nhealthy · beat "_s),
             qPrintable(scene->componentText(u"api"_s)));
    QCOMPARE(scene->componentColour(u"api"_s), statusColour(StatusTone::Ok));
    QCOMPARE(scene->componentText(u"mailer"_s), u"mailer\nno heartbeat"_s);
    QCOMPARE(scene->componentColour(u"mailer"_s), statusColour(StatusTone::Unknown));
    QCOMPARE(scene->portColour(u"invoices"_s), queueColour(QueueState::Stuck));
    QCOMPARE(scene->portColour(u"orders.valid"_s), queueColour(QueueState::Flowing));
    QCOMPARE(scene->portColour(u"orders.in"_s), queueColour(QueueState::Empty));
    QVERIFY2(
        scene->portText(u"invoices"_s).startsWith(u"invoices\n0.0/s · 1 waiting, oldest 10 min"_s),
        qPrintable(scene->portText(u"invoices"_s)));
    // Left to right as the messages flow.
    QVERIFY(scene->componentAt(u"api"_s).x() < scene->componentAt(u"validator"_s).x());
    QVERIFY(scene->componentAt(u"billing"_s).x() < scene->componentAt(u"mailer"_s).x());

    // New figures: the same places, the new colour.
    const QPointF billing = scene->componentAt(u"billing"_s);
    QList<PortMessage> more;
    for (int i = 0; i < 150; ++i)
        more << hop(u"orders.valid"_s, u"validator"_s, u"billing"_s, u"pending"_s);
    QVERIFY(repository.insert(more).ok());
    pane.refresh();
    QVERIFY(loaded.wait(20000));
    QVERIFY(!loaded.last().at(0).toBool());
    QCOMPARE(scene->componentAt(u"billing"_s), billing);
    QCOMPARE(scene->portColour(u"orders.valid"_s), queueColour(QueueState::BackedUp));

    // A click opens what was clicked, once no second click follows: a component's heartbeats,
    // a port's messages; a double-click, a port's dead letters alone.
    QSignalSpy open(&pane, &Pane::openRequested);
    click(pane, scene->componentAt(u"billing"_s));
    QVERIFY(open.wait(5000));
    click(pane, scene->portAt(u"invoices"_s));
    QVERIFY(open.wait(5000));
    click(pane, scene->portAt(u"orders.valid"_s), true);
    QCOMPARE(open.size(), 3); // at once, and the click before it is dropped
    click(pane, scene->sceneRect().topLeft() + QPointF(2, 2)); // empty room: nothing
    click(pane, scene->componentAt(u"api"_s));
    QVERIFY(open.wait(5000));
    QCOMPARE(open.size(), 4);
    const auto target = [&open](int i) {
        return std::pair(open.at(i).at(0).toString(), open.at(i).at(1).value<PaneFocus>());
    };
    QCOMPARE(target(0).first, u"healthhistory"_s);
    QCOMPARE(target(0).second.component, u"billing"_s);
    QCOMPARE(target(1).first, u"queues"_s);
    QCOMPARE(target(1).second.port, u"invoices"_s);
    QCOMPARE(target(2).first, u"deadletters"_s);
    QCOMPARE(target(2).second.port, u"orders.valid"_s);
    QCOMPARE(target(3).first, u"healthhistory"_s);
    QCOMPARE(target(3).second.component, u"api"_s);

    // A port whose label has its three lines (name, figures, troubles) says its trend after its
    // name: dot kept room for three.
    scene->setBacklogTrends(test::trendsAtRates({{{BacklogKind::Port, u"invoices"_s, u""_s}, 12}}));
    const QStringList invoices = scene->portText(u"invoices"_s).split(u'\n');
    QCOMPARE(invoices.size(), 3);
    QCOMPARE(invoices.first(), u"invoices · growing +12/s"_s);
}

// Export: the whole map as a PNG twice its size and as an SVG drawing with its texts; a place
// that cannot be written is said, and nothing is left there.
void tst_PipelineMapPane::exportsTheWholeMap()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.error.isEmpty(), qPrintable(database.error));
    QVERIFY(PortMessageRepository(database.db)
                .insert({hop(u"orders.in"_s, u"api"_s, u"validator"_s, u"pending"_s),
                         hop(u"orders.valid"_s, u"validator"_s, u"billing"_s, u"completed"_s)})
                .ok());
    PipelineMapLoader loader(*database.factory);
    PipelineMapPane pane(&loader);
    QSignalSpy loaded(&loader, &PipelineMapLoader::loaded);
    pane.show();
    QVERIFY(loaded.wait(20000));

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString error;
    const QString png = dir.filePath(u"map.png"_s);
    QVERIFY2(pane.exportPng(png, &error), qPrintable(error));
    const QImage image(png);
    QCOMPARE(image.size(), (pane.scene()->sceneRect().size() * 2).toSize());
    // Drawn: the arrow into validator in its queue's colour is there, not only the background.
    bool coloured = false;
    const QColor flowing = queueColour(QueueState::Flowing);
    for (int y = 0; y < image.height() && !coloured; ++y)
        for (int x = 0; x < image.width() && !coloured; ++x)
            coloured = image.pixelColor(x, y) == flowing;
    QVERIFY(coloured);

    const QString svg = dir.filePath(u"map.svg"_s);
    QVERIFY2(pane.exportSvg(svg, &error), qPrintable(error));
    QFile file(svg);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&file);
    QStringList texts;
    while (!xml.atEnd())
        if (xml.readNext() == QXmlStreamReader::Characters)
            texts << xml.text().toString().trimmed();
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    for (const QString &name : {u"api"_s, u"validator"_s, u"billing"_s, u"orders.in"_s})
        QVERIFY2(texts.contains(name), qPrintable(name));

    const QString nowhere = dir.filePath(u"no/such/folder/map.png"_s);
    QVERIFY(!pane.exportPng(nowhere, &error));
    QVERIFY2(error.startsWith(u"Could not write %1"_s.arg(QDir::toNativeSeparators(nowhere))),
             qPrintable(error));
    QVERIFY(!QFile::exists(nowhere));
}

// With a Redis server: a stream's consumer group drawn with its figures in its queue's colour; a
// click on its arrow or its box opens the Redis pane on it, on the stream the stream.
void tst_PipelineMapPane::showsConsumerGroupsAndOpensTheirPane()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.error.isEmpty(), qPrintable(database.error));
    QVERIFY(PortMessageRepository(database.db)
                .insert({hop(u"orders.in"_s, u"api"_s, u"validator"_s, u"completed"_s)})
                .ok());
    const auto fixture = test::fixtureRedis();
    QVERIFY2(fixture.ok(), qPrintable(fixture.errorMessage()));
    const auto url =
        RedisUrl::parse(u"redis://%1:%2/15"_s.arg(fixture->host()).arg(fixture->port()));
    RedisClient client;
    QVERIFY(client.connect(*url).ok());
    for (const QList<QByteArray> &command : QList<QList<QByteArray>>{
             {"FLUSHDB"},
             {"XADD", "orders", "*", "n", "1"},
             {"XADD", "orders", "*", "n", "2"},
             {"XGROUP", "CREATE", "orders", "billing", "0"},
             {"XREADGROUP", "GROUP", "billing", "b1", "COUNT", "1", "STREAMS", "orders", ">"}}) {
        const auto reply = client.command(command);
        QVERIFY(reply.ok() && !reply->isError());
    }
    PipelineMapLoader loader(*database.factory);
    loader.setRedis(*url);
    PipelineMapPane pane(&loader);
    pane.resize(1400, 800);
    QSignalSpy loaded(&loader, &PipelineMapLoader::loaded);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QVERIFY(loaded.wait(20000));
    PipelineMapScene *scene = pane.scene();
    QVERIFY2(pane.stateText().contains(u"Redis: 1 stream, 1 consumer group."_s),
             qPrintable(pane.stateText()));
    QCOMPARE(scene->nodeText(u"s:orders"_s), u"orders\nstream · 2 entries"_s);
    QCOMPARE(scene->nodeText(mapid::group(u"orders"_s, u"billing"_s)),
             u"billing\ngroup · 1 consumer"_s);
    QCOMPARE(scene->nodeText(u"w:b1"_s), u"b1\nconsumer"_s);
    QVERIFY2(scene->groupText(u"orders"_s, u"billing"_s)
                 .startsWith(u"lag 1 · 1 pending\noldest idle "_s),
             qPrintable(scene->groupText(u"orders"_s, u"billing"_s)));
    QCOMPARE(scene->groupColour(u"orders"_s, u"billing"_s), queueColour(QueueState::Flowing));
    // The backlogs' trends: the group's label says when it drains, the port's that it grows.
    scene->setBacklogTrends(
        test::trendsAtRates({{{BacklogKind::Group, u"orders"_s, u"billing"_s}, -2},
                             {{BacklogKind::Port, u"orders.in"_s, u""_s}, 12}}));
    QVERIFY2(scene->groupText(u"orders"_s, u"billing"_s).endsWith(u"\ndraining, empty in ~5 min"_s),
             qPrintable(scene->groupText(u"orders"_s, u"billing"_s)));
    QVERIFY2(scene->portText(u"orders.in"_s).endsWith(u"\ngrowing +12/s"_s),
             qPrintable(scene->portText(u"orders.in"_s)));

    QSignalSpy open(&pane, &Pane::openRequested);
    click(pane, scene->groupEdgeAt(u"orders"_s, u"billing"_s));
    QVERIFY(open.wait(5000));
    click(pane, scene->nodeAt(mapid::group(u"orders"_s, u"billing"_s)));
    QVERIFY(open.wait(5000));
    click(pane, scene->nodeAt(u"s:orders"_s));
    QVERIFY(open.wait(5000));
    click(pane, scene->nodeAt(u"w:b1"_s)); // a consumer opens nothing
    QVERIFY(!open.wait(QApplication::doubleClickInterval() * 2));
    QCOMPARE(open.size(), 3);
    for (int i = 0; i < 2; ++i) {
        QCOMPARE(open.at(i).at(0).toString(), u"redis"_s);
        QCOMPARE(open.at(i).at(1).value<PaneFocus>().stream, u"orders"_s);
        QCOMPARE(open.at(i).at(1).value<PaneFocus>().group, u"billing"_s);
    }
    QCOMPARE(open.at(2).at(1).value<PaneFocus>().key, u"orders"_s);
}

// A box dragged elsewhere stays there: across a refresh, a new layout and a new pane on the same
// database (the settings keep it); its arrows follow it; "Unpin" puts it back where dot puts it.
void tst_PipelineMapPane::aBoxDraggedStaysWhereItWasLeft()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.error.isEmpty(), qPrintable(database.error));
    PortMessageRepository repository(database.db);
    QVERIFY(repository
                .insert({hop(u"orders.in"_s, u"api"_s, u"validator"_s, u"completed"_s),
                         hop(u"orders.valid"_s, u"validator"_s, u"billing"_s, u"pending"_s)})
                .ok());
    PipelineMapLoader loader(*database.factory);
    auto pane = std::make_unique<PipelineMapPane>(&loader);
    pane->setPinsKey(u"sqlite:///map.db"_s);
    pane->resize(1400, 800);
    QSignalSpy loaded(&loader, &PipelineMapLoader::loaded);
    pane->show();
    QVERIFY(QTest::qWaitForWindowExposed(pane.get()));
    QVERIFY(loaded.wait(20000));
    PipelineMapScene *scene = pane->scene();
    const QPointF placed = scene->componentAt(u"validator"_s);
    const QPointF dropped = placed + QPointF(40, 120);
    QSignalSpy pinned(scene, &PipelineMapScene::pinsChanged);
    drag(*pane, placed, dropped);
    QVERIFY(pinned.wait(5000));
    const QPointF kept = scene->componentAt(u"validator"_s);
    QVERIFY2(QLineF(kept, dropped).length() < 4,
             qPrintable(u"%1,%2"_s.arg(kept.x()).arg(kept.y())));
    QCOMPARE(scene->pins().keys(), QList<QString>{mapid::component(u"validator"_s)});

    // New figures, then a new port: read, laid out again, still there.
    pane->refresh();
    QVERIFY(loaded.wait(20000));
    QVERIFY(near(scene->componentAt(u"validator"_s), kept));
    QVERIFY(repository.insert({hop(u"mail"_s, u"billing"_s, u"mailer"_s, u"completed"_s)}).ok());
    pane->refresh();
    QVERIFY(loaded.wait(20000));
    QVERIFY(loaded.last().at(0).toBool());
    QVERIFY(near(scene->componentAt(u"validator"_s), kept));
    QVERIFY(scene->componentAt(u"mailer"_s) != QPointF());

    // A new pane on the same database: the place kept in the settings.
    pane.reset();
    PipelineMapPane again(&loader);
    again.setPinsKey(u"sqlite:///map.db"_s);
    again.resize(1400, 800);
    again.show();
    QVERIFY(loaded.wait(20000));
    QVERIFY(near(again.scene()->componentAt(u"validator"_s), kept));
    // Another database's pane has none.
    PipelineMapPane other(&loader);
    other.setPinsKey(u"sqlite:///other.db"_s);
    QVERIFY(other.scene()->pins().isEmpty());

    // Unpinned: where dot put it.
    again.scene()->unpin(mapid::component(u"validator"_s));
    const PlacedNode *laidOut = loader.picture().layout.node(mapid::component(u"validator"_s));
    QVERIFY(near(again.scene()->componentAt(u"validator"_s), laidOut->rect.center()));
    QVERIFY(QSettings().value(u"pipelineMap/pins"_s).toMap().isEmpty());
}

QTEST_MAIN(tst_PipelineMapPane)
#include "tst_pipelinemappane.moc"
