#include "batchline.h"
#include "gotolookup.h"
#include "redisclient.h"
#include "repositorysupport.h"
#include "repositorytestsupport.h"
#include "sqlsupport.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {

// Runs `sql` with `params`; fails the test (by its message) when the statement fails.
QString run(const QSqlDatabase &db, const QString &sql, const QVariantList &params)
{
    auto query = execQuery(db, sql, params, u"Filling the test database"_s);
    return query ? QString() : query.errorMessage();
}

// The values of `hits`, in order.
QStringList valuesOf(const QList<GoToHit> &hits)
{
    QStringList values;
    for (const GoToHit &hit : hits)
        values << hit.value;
    return values;
}

// Connects `client` to the fixture's Redis server: empty, or why it cannot.
QString connectToFixture(RedisClient &client)
{
    const auto url = test::fixtureRedis();
    if (!url)
        return url.errorMessage();
    return client.connect(*url).ok() ? QString()
                                     : u"cannot connect to the fixture's Redis server"_s;
}

// A prefix of keys no other test writes.
QByteArray freshPrefix()
{
    return "tst_gotolookup:" + QUuid::createUuid().toByteArray(QUuid::WithoutBraces) + ':';
}

} // namespace

class tst_GoToLookup : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void findsEachKindInTheDatabase_data() { test::addEngineRows(); }
    void findsEachKindInTheDatabase();
    void offersOnlyTheKindsOfItsTables();
    void findsBatchFilesByNumber();
    void findsRedisKeys();
    void findsStreamEntriesById();

private:
    static QString fill(const QSqlDatabase &db);
};

QString tst_GoToLookup::fill(const QSqlDatabase &db)
{
    const SqlEngine engine = engineOf(db);
    const QVariant json = jsonParam("{}");
    QStringList failures;
    for (const QString &port : {u"orders-in"_s, u"orders-out"_s, u"billing"_s, u"re_orders"_s})
        failures << run(db,
                        u"INSERT INTO port_messages (id, port_name, source_component, "
                        "target_component, message_data) VALUES (?, ?, 'a', 'b', ?)"_s,
                        {newUuid(), port, json});
    failures << run(db,
                    u"INSERT INTO system_health (id, component_name, health_status) "
                    "VALUES (?, 'payment-gateway', 'healthy')"_s,
                    {newUuid()});
    for (const QString &component : {u"payment-gateway"_s, u"gateway-splitter"_s})
        failures << run(db,
                        u"INSERT INTO component_state (id, component_name, component_type, "
                        "state_data) VALUES (?, ?, 'Source', ?)"_s,
                        {newUuid(), component, json});
    for (const QString &name : {u"orders-offset"_s, u"audit-offset"_s})
        failures << run(db,
                        u"INSERT INTO checkpoints (id, checkpoint_name, component_name, "
                        "checkpoint_data, version) VALUES (?, ?, 'splitter', ?, 1)"_s,
                        {newUuid(), name, json});
    const QVariant at = timestampParam(QDateTime::currentDateTimeUtc(), engine);
    for (const qint64 number : {41, 42, 420})
        failures << run(db,
                        u"INSERT INTO messages (message_number, content, timestamp, delivery_key, "
                        "source) VALUES (?, 'hello', ?, ?, 'orders')"_s,
                        {number, at, u"1700000000000-%1"_s.arg(number)});
    failures.removeAll(QString());
    return failures.join(u"; "_s);
}

void tst_GoToLookup::findsEachKindInTheDatabase()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QString failed = fill(database.db);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    const GoToLookup lookup(database.db);
    QCOMPARE(lookup.kinds(), (QList{GoToKind::Port, GoToKind::Component, GoToKind::Checkpoint,
                                    GoToKind::Message, GoToKind::Journey}));

    // Ports: case-insensitive, those starting with the text first; '_' is no wildcard.
    auto ports = lookup.find(GoToKind::Port, u"ORDERS"_s, 8);
    QVERIFY2(ports.ok(), qPrintable(ports.errorMessage()));
    QCOMPARE(valuesOf(*ports), (QStringList{u"orders-in"_s, u"orders-out"_s, u"re_orders"_s}));
    QCOMPARE(ports->constFirst().kind, GoToKind::Port);
    QCOMPARE(ports->constFirst().table, u"port_messages"_s);
    QCOMPARE(valuesOf(*lookup.find(GoToKind::Port, u"e_o"_s, 8)), QStringList{u"re_orders"_s});
    QCOMPARE(valuesOf(*lookup.find(GoToKind::Port, u"orders"_s, 1)), QStringList{u"orders-in"_s});

    // Components: once each, where their health is kept first.
    auto components = lookup.find(GoToKind::Component, u"gateway"_s, 8);
    QVERIFY2(components.ok(), qPrintable(components.errorMessage()));
    QCOMPARE(valuesOf(*components), (QStringList{u"payment-gateway"_s, u"gateway-splitter"_s}));
    QCOMPARE(components->at(0).table, u"system_health"_s);
    QCOMPARE(components->at(1).table, u"component_state"_s);

    auto checkpoints = lookup.find(GoToKind::Checkpoint, u"offset"_s, 8);
    QVERIFY2(checkpoints.ok(), qPrintable(checkpoints.errorMessage()));
    QCOMPARE(valuesOf(*checkpoints), (QStringList{u"audit-offset"_s, u"orders-offset"_s}));

    // Messages: by number, as typed in several ways, and by delivery key.
    for (const QString &typed : {u"42"_s, u"#42"_s, u"Message #42"_s, u"0042"_s}) {
        auto messages = lookup.find(GoToKind::Message, typed, 8);
        QVERIFY2(messages.ok(), qPrintable(messages.errorMessage()));
        QCOMPARE(valuesOf(*messages), QStringList{u"42"_s});
    }
    auto byKey = lookup.find(GoToKind::Message, u"1700000000000-420"_s, 8);
    QVERIFY2(byKey.ok(), qPrintable(byKey.errorMessage()));
    QCOMPARE(valuesOf(*byKey), QStringList{u"420"_s});
    QVERIFY(byKey->constFirst().detail.contains(u"orders"_s));

    // Journeys: a port message's id, or a value its correlation keys hold, whole.
    const QString id = newUuid();
    QCOMPARE(run(database.db,
                 u"INSERT INTO port_messages (id, port_name, source_component, target_component, "
                 "message_data, message_metadata) VALUES (?, 'orders-in', 'a', 'b', ?, ?)"_s,
                 {id, jsonParam("{}"),
                  jsonParam(R"({"trace_id": "trace-7f3a", "correlation_id": "order-9"})")}),
             QString());
    auto byId = lookup.find(GoToKind::Journey, id, 8);
    QVERIFY2(byId.ok(), qPrintable(byId.errorMessage()));
    QCOMPARE(valuesOf(*byId), QStringList{id});
    QCOMPARE(byId->constFirst().detail, u"id"_s);
    auto byTrace = lookup.find(GoToKind::Journey, u"trace-7f3a"_s, 8);
    QVERIFY2(byTrace.ok(), qPrintable(byTrace.errorMessage()));
    QCOMPARE(valuesOf(*byTrace), QStringList{u"trace-7f3a"_s});
    QCOMPARE(byTrace->constFirst().detail, u"trace_id"_s);
    QVERIFY(lookup.find(GoToKind::Journey, u"trace-7f"_s, 8)->isEmpty()); // whole values only
    // A delivery key: its journey says what it became, or that nothing did.
    auto byDelivery = lookup.find(GoToKind::Journey, u"stream:orders:1700000000000-420"_s, 8);
    QVERIFY2(byDelivery.ok(), qPrintable(byDelivery.errorMessage()));
    QCOMPARE(valuesOf(*byDelivery), QStringList{u"stream:orders:1700000000000-420"_s});
    QCOMPARE(byDelivery->constFirst().detail, u"delivery key"_s);
    // A batch file's line: its journey says which delivery the file sink wrote there.
    auto byLine = lookup.find(GoToKind::Journey, u"messages_batch_0012.txt:5"_s, 8);
    QVERIFY2(byLine.ok(), qPrintable(byLine.errorMessage()));
    QCOMPARE(valuesOf(*byLine), QStringList{u"messages_batch_0012.txt:5"_s});
    QCOMPARE(byLine->constFirst().detail, u"batch file line"_s);
    QVERIFY(lookup.find(GoToKind::Journey, u"messages_batch_12.txt:5"_s, 8)->isEmpty());

    for (const GoToKind kind : {GoToKind::Port, GoToKind::Component, GoToKind::Checkpoint,
                                GoToKind::Message, GoToKind::Journey})
        QVERIFY(lookup.find(kind, u"nothing-like-it"_s, 8)->isEmpty());
}

void tst_GoToLookup::offersOnlyTheKindsOfItsTables()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"tst_gotolookup_pipeline"_s);
    db.setDatabaseName(dir.filePath(u"pipeline.db"_s));
    QVERIFY(db.open());
    // A pipeline's own database with only its checkpoints.
    QVERIFY(run(db,
                u"CREATE TABLE checkpoints (id TEXT PRIMARY KEY, checkpoint_name TEXT NOT NULL, "
                "component_name TEXT NOT NULL, checkpoint_data TEXT NOT NULL, version INTEGER)"_s,
                {})
                .isEmpty());
    QVERIFY(run(db, u"CREATE INDEX idx_name ON checkpoints (checkpoint_name)"_s, {}).isEmpty());
    QVERIFY(run(db, u"INSERT INTO checkpoints VALUES ('1', 'orders', 'splitter', '{}', 1)"_s, {})
                .isEmpty());
    {
        const GoToLookup lookup(db);
        QCOMPARE(lookup.kinds(), QList{GoToKind::Checkpoint});
        QCOMPARE(valuesOf(*lookup.find(GoToKind::Checkpoint, u"ord"_s, 8)),
                 QStringList{u"orders"_s});
        auto ports = lookup.find(GoToKind::Port, u"ord"_s, 8);
        QVERIFY2(ports.ok(), qPrintable(ports.errorMessage()));
        QVERIFY(ports->isEmpty());
    }
    db.close();
    db = QSqlDatabase();
    QSqlDatabase::removeDatabase(u"tst_gotolookup_pipeline"_s);
}

void tst_GoToLookup::findsBatchFilesByNumber()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    for (const qint64 id : {1, 12, 120, 121, 1200, 3, 10000}) {
        QFile file(dir.filePath(batchFileName(id)));
        QVERIFY(file.open(QIODevice::WriteOnly));
    }
    QFile stray(dir.filePath(u"notes-12.txt"_s));
    QVERIFY(stray.open(QIODevice::WriteOnly));

    for (const QString &typed : {u"12"_s, u"0012"_s, u"#12"_s, u"messages_batch_0012.txt"_s}) {
        auto found = findBatchFiles(dir.path(), typed, 8);
        QVERIFY2(found.ok(), qPrintable(found.errorMessage()));
        QCOMPARE(valuesOf(*found), (QStringList{u"12"_s, u"120"_s, u"121"_s, u"1200"_s}));
        QCOMPARE(found->constFirst().detail, batchFileName(12));
        QCOMPARE(found->constFirst().kind, GoToKind::Batch);
    }
    QCOMPARE(valuesOf(*findBatchFiles(dir.path(), u"12"_s, 2)), (QStringList{u"12"_s, u"120"_s}));
    QCOMPARE(valuesOf(*findBatchFiles(dir.path(), u"10000"_s, 8)), QStringList{u"10000"_s});
    QVERIFY(findBatchFiles(dir.path(), u"orders"_s, 8)->isEmpty());
    QVERIFY(findBatchFiles(dir.path(), u"99"_s, 8)->isEmpty());
    QVERIFY(!findBatchFiles(dir.filePath(u"missing"_s), u"1"_s, 8).ok());
}

void tst_GoToLookup::findsRedisKeys()
{
    RedisClient client;
    const QString connected = connectToFixture(client);
    QVERIFY2(connected.isEmpty(), qPrintable(connected));
    const QByteArray prefix = freshPrefix();
    QVERIFY(client.command({"XADD", prefix + "orders", "*", "n", "1"}).ok());
    QVERIFY(client.command({"RPUSH", prefix + "orders:processing", "x"}).ok());
    QVERIFY(client.command({"SET", prefix + "billing", "x"}).ok());
    // A glob character in a name is matched as itself.
    QVERIFY(client.command({"SET", prefix + "odd*orders", "x"}).ok());

    auto found = findRedisKeys(client, QString::fromUtf8(prefix + "orders"), 8);
    QVERIFY2(found.ok(), qPrintable(found.errorMessage()));
    // The key named exactly first, with its type.
    QCOMPARE(valuesOf(*found), (QStringList{QString::fromUtf8(prefix + "orders"),
                                            QString::fromUtf8(prefix + "orders:processing")}));
    QCOMPARE(found->at(0).detail, u"stream"_s);
    QCOMPARE(found->at(1).detail, u"list"_s);
    QCOMPARE(found->at(0).kind, GoToKind::RedisKey);

    auto glob = findRedisKeys(client, QString::fromUtf8(prefix + "odd*"), 8);
    QVERIFY2(glob.ok(), qPrintable(glob.errorMessage()));
    QCOMPARE(valuesOf(*glob), QStringList{QString::fromUtf8(prefix + "odd*orders")});

    // Stopped before its first page: only the exact key.
    auto stopped =
        findRedisKeys(client, QString::fromUtf8(prefix + "orders"), 8, 50, [] { return true; });
    QVERIFY(stopped.ok());
    QCOMPARE(valuesOf(*stopped), QStringList{QString::fromUtf8(prefix + "orders")});
    QVERIFY(findRedisKeys(client, QString::fromUtf8(prefix + "nothing"), 8)->isEmpty());
    for (const char *key : {"orders", "orders:processing", "billing", "odd*orders"})
        client.command({"DEL", prefix + key});
}

// A bare entry id: the streams that hold an entry with it, each as the delivery key its
// journey is asked by.
void tst_GoToLookup::findsStreamEntriesById()
{
    RedisClient client;
    const QString connected = connectToFixture(client);
    QVERIFY2(connected.isEmpty(), qPrintable(connected));
    const QByteArray prefix = freshPrefix();
    // An id no other test writes: a time long past, its sequence at random.
    const QByteArray id =
        "1000000000000-" + QByteArray::number(QRandomGenerator::global()->generate());
    for (const char *stream : {"orders", "billing"})
        QVERIFY(client.command({"XADD", prefix + stream, id, "n", "1"}).ok());
    QVERIFY(client.command({"XADD", prefix + "other", "*", "n", "1"}).ok());
    QVERIFY(client.command({"RPUSH", prefix + "list", id}).ok()); // no stream: not read

    auto found = findStreamEntries(client, QString::fromUtf8(id), 8);
    QVERIFY2(found.ok(), qPrintable(found.errorMessage()));
    QStringList values = valuesOf(*found);
    values.sort();
    QCOMPARE(values,
             (QStringList{
                 u"stream:%1billing:%2"_s.arg(QString::fromUtf8(prefix), QString::fromUtf8(id)),
                 u"stream:%1orders:%2"_s.arg(QString::fromUtf8(prefix), QString::fromUtf8(id))}));
    QCOMPARE(found->at(0).kind, GoToKind::Journey);
    QVERIFY(found->at(0).detail.startsWith(u"entry of "_s));
    QCOMPARE(findStreamEntries(client, QString::fromUtf8(id), 1)->size(), 1);
    // Not an entry id, or an id no stream holds: nothing.
    QVERIFY(findStreamEntries(client, QString::fromUtf8(prefix + "orders"), 8)->isEmpty());
    QVERIFY(findStreamEntries(client, u"1000000000000-0x"_s, 8)->isEmpty());
    QVERIFY(findStreamEntries(client, QString::fromUtf8(id + "1"), 8)->isEmpty());
    for (const char *key : {"orders", "billing", "other", "list"})
        client.command({"DEL", prefix + key});
}

QTEST_GUILESS_MAIN(tst_GoToLookup)
#include "tst_gotolookup.moc"
