#include "connectionfactory.h"
#include "consumergroupmodel.h"
#include "databaseurl.h"
#include "ingestrun.h"
#include "migrationrunner.h"
#include "overviewpane.h"
#include "redisclient.h"
#include "sourceprobeservice.h"
#include "sourcestatusmodel.h"
#include "streamgroups.h"
#include "testservers.h"

#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QSysInfo>
#include <QTest>
#include <QTreeView>
#include <QUuid>

#include <memory>

using namespace Qt::StringLiterals;
using namespace porthole;
using porthole::test::IngestRun;
using porthole::test::ScratchDatabase;

namespace {

constexpr int pipelineSize = 1000;
constexpr int drainTimeoutMs = 600000;

qint64 messageCount()
{
    bool ok = false;
    const qint64 value = qEnvironmentVariable("PORTHOLE_SHARED_STREAM_MESSAGES").toLongLong(&ok);
    return ok && value > 0 ? value : 1000000;
}

QByteArray payloadFor(qint64 n)
{
    return "Message #" + QByteArray::number(n) + ": shared stream";
}

QStringList names(const QList<StreamConsumer> &consumers)
{
    QStringList out;
    for (const StreamConsumer &consumer : consumers)
        out << consumer.name;
    return out;
}

// The consumer name a worker gets by default.
QString workerName(const IngestRun &run)
{
    return QSysInfo::machineHostName() + u'-' + QString::number(run.processId());
}

} // namespace

// Several headless workers on one stream and one PostgreSQL database: one killed, one stopped
// and started again, and every message stored exactly once.
class tst_SharedStream : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void threeWorkersOneKilledOneRestarted();

private:
    qint64 number(const QString &sql);
    QList<StreamConsumer> consumers();
    qint64 pending();
    std::unique_ptr<IngestRun> startWorker();

    QString m_binary;
    RedisUrl m_redisUrl;
    RedisClient m_redis;
    QByteArray m_stream;
    std::unique_ptr<ScratchDatabase> m_database;
    ConnectionFactory *m_factory = nullptr;
    std::unique_ptr<ConnectionFactory> m_ownFactory;
};

void tst_SharedStream::initTestCase()
{
    m_binary = qEnvironmentVariable("PORTHOLE_BINARY");
    QVERIFY2(!m_binary.isEmpty(), "PORTHOLE_BINARY names the porthole executable (ctest sets it)");
    const auto url = test::fixtureRedis();
    QVERIFY2(url.ok(), qPrintable(url.errorMessage()));
    m_redisUrl = *url;
    QVERIFY2(m_redisUrl.password().isEmpty(), "the test passes the URL on the command line");
    const auto connected = m_redis.connect(m_redisUrl);
    QVERIFY2(connected.ok(), qPrintable(connected.errorMessage()));
    m_stream = "tst_sharedstream:" + QUuid::createUuid().toByteArray(QUuid::WithoutBraces);

    QString error;
    m_database = ScratchDatabase::create(ScratchDatabase::Engine::PostgreSQL, &error);
    QVERIFY2(m_database, qPrintable(error));
    m_ownFactory = std::make_unique<ConnectionFactory>(m_database->url());
    m_factory = m_ownFactory.get();
    auto db = m_factory->open(u"shared-stream-check"_s);
    QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
    // As a deployment does before it starts its workers: `porthole migrate up`.
    const auto migrated =
        MigrationRunner(*db, *MigrationRunner::builtin(DatabaseUrl::Engine::PostgreSQL)).up();
    QVERIFY2(migrated.ok(), qPrintable(migrated.errorMessage()));
}

void tst_SharedStream::cleanupTestCase()
{
    if (m_redis.isConnected() && !m_stream.isEmpty())
        m_redis.command({"DEL", m_stream});
    if (m_factory)
        m_factory->close(u"shared-stream-check"_s);
    m_ownFactory.reset();
    m_database.reset();
}

qint64 tst_SharedStream::number(const QString &sql)
{
    QSqlQuery query(m_factory->open(u"shared-stream-check"_s).value());
    if (!query.exec(sql) || !query.next()) {
        qWarning("%s: %s", qPrintable(sql), qPrintable(query.lastError().text()));
        return -1;
    }
    return query.value(0).toLongLong();
}

QList<StreamConsumer> tst_SharedStream::consumers()
{
    const auto read = readStreamConsumers(m_redis, m_stream, "porthole");
    if (!read) { // before the first worker made the group, too
        if (!read.errorMessage().contains(u"NOGROUP"_s))
            qWarning("%s", qPrintable(read.errorMessage()));
        return {};
    }
    return *read;
}

qint64 tst_SharedStream::pending()
{
    const auto reply = m_redis.command({"XPENDING", m_stream, "porthole"});
    return reply && !reply->elements.isEmpty() ? reply->elements.at(0).integer : -1;
}

std::unique_ptr<IngestRun> tst_SharedStream::startWorker()
{
    // No --consumer: each worker is named after its host and process id.
    auto run = std::make_unique<IngestRun>(
        m_binary, QStringList{u"--redis"_s, m_redisUrl.toDisplayString(), u"--key"_s,
                              QString::fromUtf8(m_stream), u"--sink"_s,
                              m_database->url().toDisplayString(), u"--block-ms"_s, u"200"_s,
                              u"--claim-idle-ms"_s, u"3000"_s, u"--forget-idle-ms"_s, u"30000"_s});
    if (!run->start())
        return nullptr;
    return run;
}

void tst_SharedStream::threeWorkersOneKilledOneRestarted()
{
    const qint64 total = messageCount();
    for (qint64 from = 1; from <= total; from += pipelineSize) {
        QList<QList<QByteArray>> commands;
        for (qint64 n = from; n < std::min(total + 1, from + pipelineSize); ++n)
            commands.append({"XADD", m_stream, "*", "payload", payloadFor(n)});
        const auto replies = m_redis.pipeline(commands);
        QVERIFY2(replies.ok(), qPrintable(replies.errorMessage()));
    }

    auto killed = startWorker();
    auto restarted = startWorker();
    auto steady = startWorker();
    QVERIFY(killed && restarted && steady);
    const QString killedName = workerName(*killed);
    const QString stoppedName = workerName(*restarted);

    // All three read: each is a consumer of the group, under a name of its own.
    QTRY_VERIFY2_WITH_TIMEOUT(
        consumers().size() == 3,
        qPrintable(killed->log() + u'\n' + restarted->log() + u'\n' + steady->log()),
        IngestRun::stepTimeoutMs);
    QVERIFY(names(consumers()).contains(killedName));

    // A quarter of the way: one worker dies as in a power cut, holding what it had fetched.
    QTRY_VERIFY_WITH_TIMEOUT(number(u"SELECT count(*) FROM messages"_s) >= total / 4,
                             drainTimeoutMs);
    killed->kill();
    QVERIFY2(!killed->running(), qPrintable(killed->log()));
    // It died holding entries (a group in hand, the next fetched ahead): they must be taken
    // over by the others.
    qint64 held = 0;
    for (const StreamConsumer &consumer : consumers()) {
        if (consumer.name == killedName)
            held = consumer.pending;
    }
    QVERIFY2(held > 0, "the killed worker held no entries: nothing to take over");

    // Half-way: another is stopped as an operator stops it, and started again.
    QTRY_VERIFY_WITH_TIMEOUT(number(u"SELECT count(*) FROM messages"_s) >= total / 2,
                             drainTimeoutMs);
    QCOMPARE(restarted->terminate(), 0);
    // It finished its groups and left: its name is gone from the group.
    QVERIFY2(!names(consumers()).contains(stoppedName), qPrintable(restarted->log()));
    restarted = startWorker();
    QVERIFY(restarted);

    // Everything arrives; the dead worker's entries are taken over by the others.
    QTRY_VERIFY_WITH_TIMEOUT(number(u"SELECT count(*) FROM messages"_s) == total && pending() == 0,
                             drainTimeoutMs);
    // Once idle long enough and holding nothing, the dead worker is removed from the group.
    // The two live workers stay listed (the new one from its first read on).
    QStringList live{workerName(*steady), workerName(*restarted)};
    live.sort();
    QTRY_COMPARE_WITH_TIMEOUT(names(consumers()), live, IngestRun::stepTimeoutMs);

    // The Overview of a window pointed at this Redis server shows the two live workers. Soon
    // after the drain: Redis 7.0 counts a blocking read that finds nothing as idle time, so
    // once the stream is empty a live worker looks, after --forget-idle-ms (30 s here), like a
    // dead one holding nothing, and its peers remove it from the group until entries come.
    SourceStatusModel sources;
    OverviewPane overview(&sources);
    SourceProbeService probes;
    QObject::connect(&probes, &SourceProbeService::consumerGroupsReady, &overview,
                     &OverviewPane::setConsumerGroups);
    probes.setSources(m_database->url(), QString(), m_redisUrl);
    QSignalSpy ready(&probes, &SourceProbeService::consumerGroupsReady);
    probes.refresh();
    QVERIFY(ready.wait(IngestRun::stepTimeoutMs));
    const ConsumerGroupModel *model = overview.consumerGroups();
    QModelIndex group;
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->groups().at(row).stream == QString::fromUtf8(m_stream))
            group = model->index(row, 0);
    }
    QVERIFY2(group.isValid(), "the Overview lists the stream's group");
    QCOMPARE(model->rowCount(group), 2);
    QStringList shown;
    for (int row = 0; row < model->rowCount(group); ++row) {
        shown << model->index(row, ConsumerGroupModel::NameColumn, group).data().toString();
        QCOMPARE(model->index(row, ConsumerGroupModel::PendingColumn, group).data().toString(),
                 u"0"_s);
    }
    QCOMPARE(shown, names(consumers()));
    QVERIFY(!shown.contains(killedName));
    QVERIFY(overview.consumersView()->isExpanded(group));

    // Exactly once: every number once, with its own content, under one delivery key each.
    QCOMPARE(number(u"SELECT count(*) FROM messages"_s), total);
    QCOMPARE(number(u"SELECT count(DISTINCT message_number) FROM messages"_s), total);
    QCOMPARE(number(u"SELECT min(message_number) FROM messages"_s), 1LL);
    QCOMPARE(number(u"SELECT max(message_number) FROM messages"_s), total);
    QCOMPARE(number(u"SELECT count(*) FROM messages WHERE content <> 'Message #' || "
                    "message_number || ': shared stream'"_s),
             0LL);
    QCOMPARE(number(u"SELECT count(DISTINCT delivery_key) FROM messages"_s), total);
    QCOMPARE(pending(), 0LL);

    QCOMPARE(restarted->terminate(), 0);
    QCOMPARE(steady->terminate(), 0);
    QVERIFY(consumers().isEmpty());
}

QTEST_MAIN(tst_SharedStream)
#include "tst_sharedstream.moc"
