#include "batchespane.h"
#include "batchline.h"
#include "batchteststore.h"
#include "checkpointspane.h"
#include "componentstatemodel.h"
#include "componentstatepane.h"
#include "connectionfactory.h"
#include "datadirectory.h"
#include "gotobox.h"
#include "gotocontroller.h"
#include "gotomodel.h"
#include "healthhistorypane.h"
#include "journeypane.h"
#include "mainwindow.h"
#include "messagemodel.h"
#include "messagespane.h"
#include "queuespane.h"
#include "redisclient.h"
#include "redislistings.h"
#include "redispane.h"
#include "repositorysupport.h"
#include "savedviewscontroller.h"
#include "sqlsupport.h"
#include "testservers.h"
#include "windowcontroller.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QLineEdit>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace porthole;

Q_DECLARE_METATYPE(porthole::GoToKind)

namespace {

// Runs `sql` on the console's database; the message of a failure, else empty.
QString insert(const ConnectionFactory &factory, const QString &sql, const QVariantList &params)
{
    auto db = factory.open(u"fill"_s);
    if (!db)
        return db.errorMessage();
    auto query = execQuery(*db, sql, params, u"Filling the test database"_s);
    return query ? QString() : query.errorMessage();
}

} // namespace

// Ctrl+K in the window that WindowController puts together over real data: an SQLite store,
// batch files, the fixture's Redis server. Each kind is found, and Enter opens its pane on it.
class tst_GoToAnything : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void findsAndOpensEachKind_data();
    void findsAndOpensEachKind();
    void saysWhenNothingMatches();
    void offersOnlyWhatIsOpen();

private:
    // Opens the console over a filled store (with the fixture's Redis server when `redis`).
    void openConsole(bool redis);
    // Ctrl+K, `text` typed, and the answers all in.
    void search(const QString &text);
    // The row of the first thing of `kind` named `value`; -1 if none.
    int rowOf(GoToKind kind, const QString &value) const;

    QTemporaryDir m_dir;
    QByteArray m_keyPrefix;
    std::unique_ptr<WindowController> m_console;
};

void tst_GoToAnything::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    qunsetenv("DBUS_SESSION_BUS_ADDRESS");
    QVERIFY(m_dir.isValid());
    m_keyPrefix = "tst_gotoanything:" + QUuid::createUuid().toByteArray(QUuid::WithoutBraces) + ':';
}

void tst_GoToAnything::init()
{
    QSettings().clear();
}

void tst_GoToAnything::cleanup()
{
    m_console.reset();
}

void tst_GoToAnything::openConsole(bool redis)
{
    GuiOptions options;
    options.dataDirectory = m_dir.filePath(QUuid::createUuid().toString(QUuid::WithoutBraces));
    options.pane = u"overview"_s;
    if (redis) {
        const auto url = test::fixtureRedis();
        QVERIFY2(url.ok(), qPrintable(url.errorMessage()));
        options.redis = *url;
        RedisClient client;
        QVERIFY(client.connect(*url).ok());
        // A stream, which the Redis pane opens by itself, and a list, which it does not.
        QVERIFY(client.command({"XADD", m_keyPrefix + "orders-stream", "*", "n", "1"}).ok());
        QVERIFY(client.command({"RPUSH", m_keyPrefix + "orders-queue", "x"}).ok());
    }
    m_console = std::make_unique<WindowController>(options);
    const Status ready = m_console->setUp();
    QVERIFY2(ready.ok(), qPrintable(ready.errorMessage()));
    QTRY_VERIFY(m_console->isStarted());

    // What the pipeline stored: rows in the store's database, files in its batch folder.
    const DataDirectory store(m_console->dataDirectory());
    const ConnectionFactory factory(store.databaseUrl());
    const QVariant json = jsonParam("{}");
    QStringList failures{
        insert(factory,
               u"INSERT INTO port_messages (id, port_name, source_component, target_component, "
               "message_data, message_metadata) VALUES (?, 'tst-orders-in', 'a', 'b', ?, ?)"_s,
               {newUuid(), json, jsonParam(R"({"trace_id": "trace-0a1b2c"})")}),
        insert(factory,
               u"INSERT INTO system_health (id, component_name, health_status) "
               "VALUES (?, 'payment-gateway', 'degraded')"_s,
               {newUuid()}),
        insert(factory,
               u"INSERT INTO component_state (id, component_name, component_type, state_data) "
               "VALUES (?, 'fraud-scorer', 'Transformer', ?)"_s,
               {newUuid(), json}),
        insert(factory,
               u"INSERT INTO checkpoints (id, checkpoint_name, component_name, checkpoint_data, "
               "version) VALUES (?, 'ledger-offset', 'splitter', ?, 1)"_s,
               {newUuid(), json}),
        insert(factory,
               u"INSERT INTO messages (message_number, content, timestamp, delivery_key) "
               "VALUES (4242, 'hello', ?, '1700000000000-0')"_s,
               {timestampParam(QDateTime::currentDateTimeUtc(), SqlEngine::SQLite)})};
    factory.close(u"fill"_s);
    failures.removeAll(QString());
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(u"; "_s)));
    QDir().mkpath(store.batchStorePath());
    for (const qint64 id : {1, 2, 77})
        QVERIFY(test::writeFile(QDir(store.batchStorePath()).filePath(batchFileName(id)),
                                test::seedLines((id - 1) * 10 + 1, 10)));

    MainWindow *window = m_console->window();
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
}

void tst_GoToAnything::search(const QString &text)
{
    MainWindow *window = m_console->window();
    GoToBox *box = m_console->goTo()->box();
    QVERIFY(!box->isVisible());
    // Ctrl+K, as the window's shortcut has it.
    window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(window));
    QTest::keyClick(window->currentPane(), Qt::Key_K, Qt::ControlModifier);
    QTRY_VERIFY(box->isVisible());
    QCOMPARE(QApplication::focusWidget(), box->field());
    QTest::keyClicks(box->field(), text);
    GoToModel *model = m_console->goTo()->model();
    QTRY_COMPARE(model->text(), text); // once typing settled
    QTRY_VERIFY_WITH_TIMEOUT(!model->isSearching(), 10000);
}

int tst_GoToAnything::rowOf(GoToKind kind, const QString &value) const
{
    const QList<GoToHit> hits = m_console->goTo()->model()->hits();
    for (qsizetype row = 0; row < hits.size(); ++row) {
        if (hits.at(row).kind == kind && hits.at(row).value == value)
            return static_cast<int>(row);
    }
    return -1;
}

void tst_GoToAnything::findsAndOpensEachKind_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<GoToKind>("kind");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("label");
    QTest::addColumn<QString>("pane");

    QTest::newRow("port") << u"orders-in"_s << GoToKind::Port << u"tst-orders-in"_s << u"Port"_s
                          << u"queues"_s;
    QTest::newRow("component with health")
        << u"payment"_s << GoToKind::Component << u"payment-gateway"_s << u"Component"_s
        << u"healthhistory"_s;
    QTest::newRow("component with state only")
        << u"fraud"_s << GoToKind::Component << u"fraud-scorer"_s << u"Component"_s
        << u"componentstate"_s;
    QTest::newRow("checkpoint") << u"LEDGER"_s << GoToKind::Checkpoint << u"ledger-offset"_s
                                << u"Checkpoint"_s << u"checkpoints"_s;
    // Not the newest file, which the pane selects by itself.
    QTest::newRow("batch") << u"2"_s << GoToKind::Batch << u"2"_s << u"Batch"_s << u"batches"_s;
    QTest::newRow("message") << u"#4242"_s << GoToKind::Message << u"4242"_s << u"Message"_s
                             << u"messages"_s;
    QTest::newRow("message by delivery key")
        << u"1700000000000-0"_s << GoToKind::Message << u"4242"_s << u"Message"_s << u"messages"_s;
    QTest::newRow("journey by trace id") << u"trace-0a1b2c"_s << GoToKind::Journey
                                         << u"trace-0a1b2c"_s << u"Journey"_s << u"journey"_s;
    QTest::newRow("redis key") << u"orders-queue"_s << GoToKind::RedisKey
                               << QString::fromUtf8(m_keyPrefix + "orders-queue") << u"Redis key"_s
                               << u"redis"_s;
    QTest::newRow("saved view") << u"failed"_s << GoToKind::SavedView << u"Failed orders"_s
                                << u"Saved view"_s << u"messages"_s;
}

void tst_GoToAnything::findsAndOpensEachKind()
{
    QFETCH(QString, typed);
    QFETCH(GoToKind, kind);
    QFETCH(QString, value);
    QFETCH(QString, label);
    QFETCH(QString, pane);

    openConsole(true);
    if (QTest::currentTestFailed())
        return;
    // Saved while the window is open, as the pane's Views button does, and the filter cleared.
    auto *messages = m_console->window()->findChild<MessagesPane *>();
    messages->textField()->setText(u"refused"_s);
    messages->applyFilter();
    QVERIFY(m_console->savedViews()->saveView(messages, u"Failed orders"_s));
    messages->clearFilter();
    QVERIFY(m_console->savedViews()->saveView(messages, u"Today"_s));
    search(typed);
    if (QTest::currentTestFailed())
        return;
    GoToModel *model = m_console->goTo()->model();
    const int row = rowOf(kind, value);
    QVERIFY2(row >= 0, qPrintable(u"not found among %1 rows: %2"_s.arg(model->rowCount())
                                      .arg(m_console->goTo()->box()->statusText())));
    QCOMPARE(model->index(row, GoToModel::KindColumn).data().toString(), label);

    // Down to it, and Enter.
    GoToBox *box = m_console->goTo()->box();
    QCOMPARE(box->view()->currentIndex().row(), 0);
    for (int i = 0; i < row; ++i)
        QTest::keyClick(box->field(), Qt::Key_Down);
    QCOMPARE(box->view()->currentIndex().row(), row);
    QTest::keyClick(box->field(), Qt::Key_Return);
    QVERIFY(!box->isVisible());
    Pane *shown = m_console->window()->currentPane();
    QCOMPARE(shown->paneId(), pane);

    // The pane shows the thing.
    switch (kind) {
    case GoToKind::Port:
        QCOMPARE(qobject_cast<QueuesPane *>(shown)->filter().ports, QStringList{value});
        break;
    case GoToKind::Component:
        if (auto *health = qobject_cast<HealthHistoryPane *>(shown))
            QCOMPARE(health->componentField()->currentText(), value);
        else
            QTRY_COMPARE(qobject_cast<ComponentStatePane *>(shown)->versionModel()->component(),
                         value);
        break;
    case GoToKind::Checkpoint:
        QTRY_COMPARE(qobject_cast<CheckpointsPane *>(shown)->selectedCheckpoint(), value);
        break;
    case GoToKind::Batch:
        QTRY_COMPARE(qobject_cast<BatchesPane *>(shown)->selectedBatchId(), value.toLongLong());
        break;
    case GoToKind::Message: {
        auto *messages = qobject_cast<MessagesPane *>(shown);
        QCOMPARE(messages->numberFromField()->text(), value);
        QCOMPARE(messages->numberToField()->text(), value);
        QTRY_COMPARE(messages->model()->rowCount(), 1);
        break;
    }
    case GoToKind::Journey: {
        auto *journey = qobject_cast<JourneyPane *>(shown);
        QTRY_VERIFY2(journey->stateText().startsWith(value + u": 1 hop across 2 components"_s),
                     qPrintable(journey->stateText()));
        break;
    }
    case GoToKind::RedisKey: {
        auto *redis = qobject_cast<RedisPane *>(shown);
        QTRY_COMPARE(redis->openKeyName(), value.toUtf8());
        // The pane's own scan, done, leaves it open.
        QTRY_VERIFY(!redis->keys()->isLoading());
        QCOMPARE(redis->openKeyName(), value.toUtf8());
        break;
    }
    case GoToKind::SavedView:
        QCOMPARE(qobject_cast<MessagesPane *>(shown)->textField()->text(), u"refused"_s);
        break;
    }
}

void tst_GoToAnything::saysWhenNothingMatches()
{
    openConsole(true);
    if (QTest::currentTestFailed())
        return;
    search(u"zz-nothing-zz"_s);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(m_console->goTo()->model()->rowCount(), 0);
    QCOMPARE(m_console->goTo()->box()->statusText(),
             u"Nothing matches 'zz-nothing-zz' in ports, components, checkpoints, batch files, "
             "message numbers, message and trace ids and Redis keys."_s);
    // Enter on nothing opens nothing; Escape closes the box.
    const QString paneBefore = m_console->window()->currentPane()->paneId();
    QTest::keyClick(m_console->goTo()->box()->field(), Qt::Key_Return);
    QCOMPARE(m_console->window()->currentPane()->paneId(), paneBefore);
    QTest::keyClick(m_console->goTo()->box()->field(), Qt::Key_Escape);
    QVERIFY(!m_console->goTo()->box()->isVisible());
}

void tst_GoToAnything::offersOnlyWhatIsOpen()
{
    openConsole(false);
    if (QTest::currentTestFailed())
        return;
    // No Redis server: its keys are not offered, and the box says what it searches.
    GoToModel *model = m_console->goTo()->model();
    QVERIFY(!model->kinds().contains(GoToKind::RedisKey));
    QVERIFY(!model->kinds().contains(GoToKind::SavedView)); // none saved
    search(u"ledger"_s);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(m_console->goTo()->box()->statusText(),
             u"1 found in ports, components, checkpoints, batch files, message numbers and "
             "message and trace ids."_s);
}

QTEST_MAIN(tst_GoToAnything)
#include "tst_gotoanything.moc"
