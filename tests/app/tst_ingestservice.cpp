#include "connectionfactory.h"
#include "ingestservice.h"
#include "messagemodel.h"
#include "receiverheartbeat.h"
#include "redisclient.h"
#include "streamentrypayload.h"
#include "testservers.h"
#include "timeline.h"

#include <QAbstractItemModelTester>
#include <QJsonDocument>
#include <QJsonObject>
#include <QScopeGuard>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace porthole;

// The ingest worker in the GUI: started, paused, resumed and stopped through the service,
// against the real redis-server of the fixture and a real SQLite file.
class tst_IngestService : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void receivesPausesResumesAndStops();
    void badStoreFailsWithAMessage();
    void endsWithTheService();
    void messagesFollowTheWorker();
    void fieldsAreStoredExactlyOrKeptWhole();
    void refusedAcknowledgementsAreAStall();

private:
    IngestConfig config(const QString &key, const QString &sinkUrl) const;
    void produce(const QString &key, int from, int to);
    // What the receiver's heartbeats in the SQLite file tell on the timeline, oldest first:
    // "status FROM->TO: REASON" and "restart".
    QStringList receiverChanges(const QString &path, const QString &key);

    RedisUrl m_redis;
    QTemporaryDir m_temp;
};

void tst_IngestService::initTestCase()
{
    const auto redis = test::fixtureRedis();
    QVERIFY2(redis.ok(), qPrintable(redis.errorMessage()));
    m_redis = *redis;
    QVERIFY(m_temp.isValid());
}

IngestConfig tst_IngestService::config(const QString &key, const QString &sinkUrl) const
{
    IngestConfig config;
    config.source.url = m_redis;
    config.source.key = key;
    config.source.consumer = u"gui-test"_s;
    config.source.blockMs = 100;
    config.heartbeatIntervalMs = 100; // a state held a tenth of a second is seen
    config.sinkUrl = sinkUrl;
    config.databaseUrl = sinkUrl;
    return config;
}

void tst_IngestService::produce(const QString &key, int from, int to)
{
    RedisClient client;
    QVERIFY2(client.connect(m_redis).ok(), "cannot reach the fixture's redis-server");
    QList<QList<QByteArray>> commands;
    for (int n = from; n <= to; ++n)
        commands.append(
            {"XADD", key.toUtf8(), "*", "payload",
             "this is Message N\xc2\xb0 " + QByteArray::number(n) + " being posted into Redis"});
    QVERIFY(client.pipeline(commands).ok());
}

QStringList tst_IngestService::receiverChanges(const QString &path, const QString &key)
{
    const QString connection = u"beats-"_s + QUuid::createUuid().toString(QUuid::Id128);
    QStringList lines;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, connection);
        db.setDatabaseName(path);
        if (!db.open())
            return {u"cannot open "_s + path};
        const QDateTime now = QDateTime::currentDateTimeUtc();
        TimelineFilter filter{.from = now.addSecs(-3600),
                              .to = now.addSecs(60),
                              .component = receiverComponentName(key, u"gui-test"_s),
                              .kinds = {ChangeKind::Status, ChangeKind::Restart}};
        const auto all = TimelineReader(db).readAll(filter, now);
        if (!all)
            return {all.errorMessage()};
        for (const Change &change : all->changes) {
            const QJsonObject &d = change.details;
            lines.prepend(change.kind == ChangeKind::Restart
                              ? u"restart"_s
                              : u"status %1->%2: %3"_s.arg(d.value("from"_L1).toString(),
                                                           d.value("to"_L1).toString(),
                                                           d.value("reason"_L1).toString()));
        }
    }
    QSqlDatabase::removeDatabase(connection);
    return lines;
}

void tst_IngestService::receivesPausesResumesAndStops()
{
    const QString key = u"ingest-service-"_s + QUuid::createUuid().toString(QUuid::Id128);
    const QString path = m_temp.filePath(u"service.db"_s);
    produce(key, 1, 500);

    IngestService service;
    IngestStats last;
    connect(&service, &IngestService::statsChanged, this,
            [&last](const IngestStats &stats) { last = stats; });
    service.start(config(key, u"sqlite://"_s + path));
    QVERIFY(service.isRunning());
    QTRY_COMPARE_WITH_TIMEOUT(last.acknowledged, 500, 20000);
    QCOMPARE(last.stored, 500);
    QCOMPARE(last.state, IngestState::Running);
    QCOMPARE(test::storedMessageNumbers(path), 500);

    service.pause();
    QTRY_COMPARE_WITH_TIMEOUT(last.state, IngestState::Paused, 10000);
    service.resume();
    QTRY_COMPARE_WITH_TIMEOUT(last.state, IngestState::Running, 10000);
    produce(key, 501, 600);
    QTRY_COMPARE_WITH_TIMEOUT(last.acknowledged, 600, 20000);

    service.stop();
    QTRY_COMPARE_WITH_TIMEOUT(last.state, IngestState::Stopped, 10000);
    QTRY_VERIFY(!service.isRunning());
    QCOMPARE(test::storedMessageNumbers(path), 600);

    // Started again, it goes on where it was: nothing twice.
    produce(key, 601, 650);
    service.start(config(key, u"sqlite://"_s + path));
    QTRY_COMPARE_WITH_TIMEOUT(last.acknowledged, 50, 20000);
    service.shutdown();
    QVERIFY(!service.isRunning());
    QCOMPARE(test::storedMessageNumbers(path), 650);
    // The receiver beat into system_health as a component: each stop, and the start after it,
    // are on the timeline; a pause is no change of health.
    QCOMPARE(receiverChanges(path, key),
             (QStringList{u"status healthy->unknown: stopped"_s, u"restart"_s,
                          u"status unknown->healthy: "_s, u"status healthy->unknown: stopped"_s}));
}

void tst_IngestService::badStoreFailsWithAMessage()
{
    IngestService service;
    IngestStats last;
    connect(&service, &IngestService::statsChanged, this,
            [&last](const IngestStats &stats) { last = stats; });
    service.start(config(u"ingest-service-bad"_s, u"mysql://nowhere/db"_s));
    QTRY_COMPARE_WITH_TIMEOUT(last.state, IngestState::Failed, 10000);
    QVERIFY2(last.lastError.contains(u"mysql"_s), qPrintable(last.lastError));
    service.stop();
    QTRY_VERIFY(!service.isRunning());
}

void tst_IngestService::endsWithTheService()
{
    const QString key = u"ingest-service-"_s + QUuid::createUuid().toString(QUuid::Id128);
    const QString path = m_temp.filePath(u"ends.db"_s);
    produce(key, 1, 100);
    IngestStats last;
    {
        IngestService service;
        connect(&service, &IngestService::statsChanged, this,
                [&last](const IngestStats &stats) { last = stats; });
        service.start(config(key, u"sqlite://"_s + path));
        QTRY_COMPARE_WITH_TIMEOUT(last.acknowledged, 100, 20000);
    } // the window closed: the worker stops and its thread ends
    QCOMPARE(test::storedMessageNumbers(path), 100);
}

// The Messages pane's model, following live while the worker writes the same SQLite file.
void tst_IngestService::messagesFollowTheWorker()
{
    const QString key = u"ingest-service-"_s + QUuid::createUuid().toString(QUuid::Id128);
    const QString path = m_temp.filePath(u"follow.db"_s);
    produce(key, 1, 200);
    IngestService service;
    IngestStats last;
    connect(&service, &IngestService::statsChanged, this,
            [&last](const IngestStats &stats) { last = stats; });
    service.start(config(key, u"sqlite://"_s + path));
    QTRY_COMPARE_WITH_TIMEOUT(last.acknowledged, 200, 20000);

    PagedTableModel::Options options;
    options.pageSize = 50;
    options.refreshIntervalMs = 100;
    MessageModel model(ConnectionFactory(DatabaseUrl::sqliteFile(path)), options);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    const auto newestNumber = [&model] {
        return model.rowCount() == 0
                   ? -1
                   : model.index(0, MessageModel::NumberColumn).data().toLongLong();
    };
    QTRY_COMPARE_WITH_TIMEOUT(newestNumber(), 200, 10000); // newest first
    model.setLiveFollow(true);

    produce(key, 201, 260); // the worker stores them while the model follows
    QTRY_COMPARE_WITH_TIMEOUT(last.acknowledged, 260, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(newestNumber(), 260, 10000);
    QCOMPARE(model.newRows(), 60);
    QCOMPARE(model.index(0, MessageModel::ContentColumn).data().toString(),
             u"this is Message N\u00b0 260 being posted into Redis"_s);
    QCOMPARE(model.index(60, MessageModel::NumberColumn).data().toLongLong(), 200); // in place
    service.shutdown();
}

// Entries in fields mode through the worker into SQLite: what can be a JSON object is stored
// as one, in the entry's order; an entry with a repeated name or bytes that are not UTF-8 is a
// dead letter from which every field comes back byte for byte.
void tst_IngestService::fieldsAreStoredExactlyOrKeptWhole()
{
    const QString key = u"ingest-service-"_s + QUuid::createUuid().toString(QUuid::Id128);
    const QString path = m_temp.filePath(u"fields.db"_s);
    const QList<QByteArrayList> deadEntries{
        {"a", "first", "a", "second"},
        {"caf\xe9", "1", "reading", QByteArray("\x00\xff\xfe\r\n", 5)},
    };
    {
        RedisClient client;
        QVERIFY2(client.connect(m_redis).ok(), "cannot reach the fixture's redis-server");
        QList<QList<QByteArray>> commands{{"XADD", key.toUtf8(), "*", "zeta", "1", "alpha", "2"}};
        for (const QByteArrayList &fields : deadEntries)
            commands.append(QList<QByteArray>{"XADD", key.toUtf8(), "*"} + fields);
        QVERIFY(client.pipeline(commands).ok());
    }
    IngestService service;
    IngestStats last;
    connect(&service, &IngestService::statsChanged, this,
            [&last](const IngestStats &stats) { last = stats; });
    service.start(config(key, u"sqlite://"_s + path));
    QTRY_COMPARE_WITH_TIMEOUT(last.acknowledged, 3, 20000);
    service.shutdown();

    const QString connection = u"fields-check"_s;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, connection);
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery messages(u"SELECT content FROM messages"_s, db);
        QVERIFY(messages.next());
        QCOMPARE(messages.value(0).toString(), uR"({"zeta":"1","alpha":"2"})"_s);
        QVERIFY(!messages.next());

        // Each dead entry once, whole (in whatever order the sink wrote them).
        QSqlQuery dead(u"SELECT message_data, error_message FROM port_messages "
                       "WHERE status = 'dead_letter'"_s,
                       db);
        QList<QByteArrayList> kept;
        while (dead.next()) {
            const QJsonObject data =
                QJsonDocument::fromJson(dead.value(0).toString().toUtf8()).object();
            const auto fields = streamEntryFromPairs(data.value(u"raw"_s).toString().toUtf8());
            QVERIFY2(fields.has_value(), qPrintable(dead.value(0).toString()));
            QVERIFY2(dead.value(1).toString().contains(u"kept whole"_s),
                     qPrintable(dead.value(1).toString()));
            kept.append(*fields);
        }
        QCOMPARE(kept.size(), deadEntries.size());
        for (const QByteArrayList &fields : deadEntries)
            QVERIFY(kept.contains(fields));
    }
    QSqlDatabase::removeDatabase(connection);
}

// Redis answers, stores nothing wrong, but refuses every acknowledgement (a user without XACK):
// no connection is lost, yet no group ever goes through. The worker says it is stalled, with
// the entries Redis holds unacknowledged as pending, and is running again once XACK is allowed.
void tst_IngestService::refusedAcknowledgementsAreAStall()
{
    const QString key = u"ingest-service-"_s + QUuid::createUuid().toString(QUuid::Id128);
    const QString user = u"no-xack-"_s + QUuid::createUuid().toString(QUuid::Id128);
    RedisClient admin;
    QVERIFY2(admin.connect(m_redis).ok(), "cannot reach the fixture's redis-server");
    const QByteArray name = user.toUtf8();
    const auto made =
        admin.command({"ACL", "SETUSER", name, "on", ">secret", "~*", "&*", "+@all", "-xack"});
    QVERIFY(made.ok() && !made->isError());
    const auto dropUser = qScopeGuard([&] { admin.command({"ACL", "DELUSER", name}); });
    produce(key, 1, 50);

    const auto url = RedisUrl::parse(
        m_redis.toDisplayString().replace(u"redis://"_s, u"redis://%1:secret@"_s.arg(user)));
    QVERIFY2(url.ok(), qPrintable(url.errorMessage()));
    const QString stallDb = m_temp.filePath(u"stall.db"_s);
    IngestConfig refused = config(key, u"sqlite://"_s + stallDb);
    refused.source.url = *url;
    IngestService service;
    IngestStats last;
    connect(&service, &IngestService::statsChanged, this,
            [&last](const IngestStats &stats) { last = stats; });
    service.start(refused);
    // Redis's own pending list, not the worker's word for it.
    const auto pendingInRedis = [&admin, &key]() -> qint64 {
        const auto pending = admin.command({"XPENDING", key.toUtf8(), "porthole"});
        return pending && pending->type == RedisReply::Type::Array
                   ? pending->elements.value(0).integer
                   : -1;
    };
    QTRY_COMPARE_WITH_TIMEOUT(last.state, IngestState::Stalled, 20000);
    QCOMPARE(last.acknowledged, 0);
    QVERIFY2(last.lastError.contains(u"xack"_s), qPrintable(last.lastError));
    QTRY_COMPARE_WITH_TIMEOUT(last.pending, 50, 10000);
    QCOMPARE(pendingInRedis(), 50);
    // Heartbeats sample the state every 100 ms and skip a beat while the one before is still
    // being written: the permission comes back once a beat has recorded the stall.
    const auto showsStall = [](const QStringList &changes) {
        return std::any_of(changes.cbegin(), changes.cend(), [](const QString &line) {
            return line.contains(u"->unhealthy: "_s) &&
                   line.contains(u"xack"_s, Qt::CaseInsensitive);
        });
    };
    QTRY_VERIFY_WITH_TIMEOUT(showsStall(receiverChanges(stallDb, key)), 10000);

    const auto allowed = admin.command({"ACL", "SETUSER", name, "+xack"});
    QVERIFY(allowed.ok() && !allowed->isError());
    QTRY_COMPARE_WITH_TIMEOUT(last.acknowledged, 50, 30000);
    QTRY_COMPARE_WITH_TIMEOUT(last.state, IngestState::Running, 10000);
    service.shutdown();
    // Nothing left pending in Redis, and every entry of the stream stored, by its id.
    QCOMPARE(pendingInRedis(), 0);
    const auto entries = admin.command({"XRANGE", key.toUtf8(), "-", "+"});
    QVERIFY(entries.ok() && entries->type == RedisReply::Type::Array);
    QSet<QString> sent;
    for (const RedisReply &entry : entries->elements)
        sent.insert(u"stream:%1:%2"_s.arg(key, QString::fromLatin1(entry.elements.value(0).text)));
    QCOMPARE(sent.size(), 50);
    QSet<QString> stored;
    const QString connection = u"stall-"_s + QUuid::createUuid().toString(QUuid::Id128);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, connection);
        db.setDatabaseName(stallDb);
        QVERIFY(db.open());
        QSqlQuery query(u"SELECT delivery_key FROM messages"_s, db);
        qsizetype rows = 0;
        for (; query.next(); ++rows)
            stored.insert(query.value(0).toString());
        QCOMPARE(rows, stored.size()); // none twice
    }
    QSqlDatabase::removeDatabase(connection);
    QCOMPARE(stored, sent);
    // The stall is on the timeline with its reason, and its end, from the receiver's heartbeats.
    // Heartbeats sample the state: the tries before the stall may show as degraded.
    const QStringList changes = receiverChanges(stallDb, key);
    QVERIFY2(showsStall(changes), qPrintable(changes.join(u'\n')));
    QVERIFY2(changes.size() >= 3, qPrintable(changes.join(u'\n')));
    QCOMPARE(changes.mid(changes.size() - 2), (QStringList{u"status unhealthy->healthy: "_s,
                                                           u"status healthy->unknown: stopped"_s}));
}

QTEST_MAIN(tst_IngestService)
#include "tst_ingestservice.moc"
