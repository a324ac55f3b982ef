#include "connectionfactory.h"
#include "migrationrunner.h"
#include "redisclient.h"
#include "sourceprobe.h"
#include "testservers.h"

#include <QDir>
#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace porthole;
using Engine = porthole::test::ScratchDatabase::Engine;

class tst_SourceProbe : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void databaseWithTables_data();
    void databaseWithTables();
    void sqliteNotCreatedYet();
    void batchStoreCountsOnlyBatchFiles();
    void batchStoreMissing();
    void redisReachable();
    void redisUnreachable();
    void redisConsumerGroups();
};

void tst_SourceProbe::databaseWithTables_data()
{
    QTest::addColumn<Engine>("engine");
    QTest::addColumn<QString>("engineName");
    QTest::newRow("sqlite") << Engine::SQLite << u"SQLite 3."_s;
    QTest::newRow("postgresql") << Engine::PostgreSQL << u"PostgreSQL "_s;
}

void tst_SourceProbe::databaseWithTables()
{
    QFETCH(Engine, engine);
    QFETCH(QString, engineName);
    PORTHOLE_SCRATCH_DATABASE(scratch, engine);
    const ConnectionFactory factory(scratch->url());
    {
        auto db = factory.open(u"setup"_s);
        QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
        QSqlQuery query(*db);
        QVERIFY(query.exec(u"CREATE TABLE a (x INTEGER)"_s));
        QVERIFY(query.exec(u"CREATE TABLE b (x INTEGER)"_s));
    }
    factory.close(u"setup"_s);

    // Tables, but not Porthole's schema: the probe says it needs migrating.
    const SourceStatus unmigrated = probeDatabase(scratch->url());
    QCOMPARE(unmigrated.kind, SourceStatus::Kind::Database);
    QCOMPARE(unmigrated.state, SourceStatus::State::Error);
    QVERIFY2(unmigrated.detail.startsWith(engineName), qPrintable(unmigrated.detail));
    QVERIFY2(unmigrated.detail.contains(u"schema version 0 of "_s), qPrintable(unmigrated.detail));
    QVERIFY2(unmigrated.detail.contains(u"2 tables"_s), qPrintable(unmigrated.detail));
    QVERIFY2(unmigrated.detail.contains(u"porthole migrate"_s), qPrintable(unmigrated.detail));
    QCOMPARE(unmigrated.location, scratch->url().toDisplayString());
    // The same as numbers, for the window to say in its language.
    QVERIFY2(unmigrated.found.product.startsWith(engineName), qPrintable(unmigrated.found.product));
    QVERIFY(unmigrated.found.bytes > 0);
    QCOMPARE(unmigrated.found.count, qint64(2));
    QCOMPARE(unmigrated.found.schemaVersion, 0);
    QVERIFY(unmigrated.found.latestSchemaVersion > 0);
    QVERIFY2(unmigrated.found.problem.contains(u"porthole migrate"_s),
             qPrintable(unmigrated.found.problem));

    int latest = 0;
    {
        auto db = factory.open(u"setup"_s);
        MigrationRunner runner(*db, *MigrationRunner::builtin(scratch->url().engine()));
        QVERIFY(runner.up().ok());
        latest = runner.latestVersion();
    }
    factory.close(u"setup"_s);
    const SourceStatus migrated = probeDatabase(scratch->url());
    QVERIFY2(migrated.state == SourceStatus::State::Ok, qPrintable(migrated.detail));
    QVERIFY2(migrated.detail.contains(u"schema version %1 of %1"_s.arg(latest)),
             qPrintable(migrated.detail));
    QCOMPARE(migrated.found.schemaVersion, latest);
    QCOMPARE(migrated.found.latestSchemaVersion, latest);
    QVERIFY(migrated.found.count > 2);
    QCOMPARE(migrated.found.problem, QString());
}

void tst_SourceProbe::sqliteNotCreatedYet()
{
    QTemporaryDir dir;
    const SourceStatus status = probeDatabase(DatabaseUrl::sqliteFile(dir.filePath(u"later.db"_s)));
    QCOMPARE(status.state, SourceStatus::State::Missing);
    QVERIFY2(!QFile::exists(dir.filePath(u"later.db"_s)), "probing does not create the file");
}

void tst_SourceProbe::batchStoreCountsOnlyBatchFiles()
{
    QTemporaryDir dir;
    const auto write = [&dir](const QString &name, const QByteArray &bytes) {
        QFile file(dir.filePath(name));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(bytes);
    };
    write(u"messages_batch_0001.txt"_s, QByteArray(100, 'x'));
    write(u"messages_batch_0002.txt"_s, QByteArray(50, 'x'));
    write(u"messages_batch_10000.txt"_s, QByteArray(10, 'x'));
    write(u"messages_batch_1.txt"_s, "too few digits");
    write(u"messages_batch_00042.txt"_s, "padded past four digits: not a name the store writes");
    write(u"notes.txt"_s, "not a batch");
    QVERIFY(QFile::link(u"/etc/hostname"_s, dir.filePath(u"messages_batch_0003.txt"_s)));

    const SourceStatus status = probeBatchStore(dir.path());
    QCOMPARE(status.kind, SourceStatus::Kind::BatchFiles);
    QCOMPARE(status.state, SourceStatus::State::Ok);
    QVERIFY2(status.detail.startsWith(u"3 batch files, 160 bytes"_s), qPrintable(status.detail));
    QCOMPARE(status.found.count, qint64(3));
    QCOMPARE(status.found.bytes, qint64(160));
}

void tst_SourceProbe::batchStoreMissing()
{
    QTemporaryDir dir;
    const SourceStatus status = probeBatchStore(dir.filePath(u"absent"_s));
    QCOMPARE(status.state, SourceStatus::State::Missing);
}

void tst_SourceProbe::redisReachable()
{
    const auto url = porthole::test::fixtureRedis();
    QVERIFY2(url.ok(), qPrintable(url.errorMessage()));
    const SourceStatus status = probeRedis(*url);
    QVERIFY2(status.state == SourceStatus::State::Ok, qPrintable(status.detail));
    QVERIFY2(status.detail.startsWith(u"Redis 7."_s) || status.detail.startsWith(u"Redis 6."_s),
             qPrintable(status.detail));
    QVERIFY2(status.detail.startsWith(status.found.product), qPrintable(status.found.product));
    QVERIFY(status.found.count >= 0);
    QCOMPARE(status.found.consumerGroups, qint64(-1)); // not asked for
}

void tst_SourceProbe::redisUnreachable()
{
    const SourceStatus status = probeRedis(RedisUrl::local(1));
    QCOMPARE(status.state, SourceStatus::State::Error);
    QVERIFY2(status.detail.contains(u"cannot be reached"_s), qPrintable(status.detail));
}

void tst_SourceProbe::redisConsumerGroups()
{
    const auto url = porthole::test::fixtureRedis();
    QVERIFY2(url.ok(), qPrintable(url.errorMessage()));
    RedisClient client;
    QVERIFY(client.connect(*url).ok());
    const QByteArray prefix =
        "tst_sourceprobe:" + QUuid::createUuid().toByteArray(QUuid::WithoutBraces) + ':';
    const QByteArray stream = prefix + "orders";
    // A stream with two groups, one consumer holding two entries in the first, none in the
    // second; a list and a stream without a group beside it.
    QVERIFY(client.command({"XADD", stream, "*", "payload", "a"}).ok());
    QVERIFY(client.command({"XADD", stream, "*", "payload", "b"}).ok());
    QVERIFY(client.command({"XADD", stream, "*", "payload", "c"}).ok());
    QVERIFY(client.command({"XGROUP", "CREATE", stream, "billing", "0"}).ok());
    QVERIFY(client.command({"XGROUP", "CREATE", stream, "shipping", "$"}).ok());
    QVERIFY(
        client
            .command({"XREADGROUP", "GROUP", "billing", "w1", "COUNT", "2", "STREAMS", stream, ">"})
            .ok());
    QVERIFY(client.command({"RPUSH", prefix + "list", "x"}).ok());
    QVERIFY(client.command({"XADD", prefix + "lonely", "*", "payload", "d"}).ok());

    StreamGroupScan scan;
    const SourceStatus status = probeRedis(*url, &scan);
    client.command({"DEL", stream, prefix + "list", prefix + "lonely"});
    QVERIFY2(status.state == SourceStatus::State::Ok, qPrintable(status.detail));
    QVERIFY2(scan.problem.isEmpty(), qPrintable(scan.problem));
    QVERIFY(scan.complete);
    QList<StreamGroup> ours;
    for (const StreamGroup &group : std::as_const(scan.groups)) {
        if (group.stream.startsWith(QString::fromUtf8(prefix)))
            ours.append(group);
    }
    QCOMPARE(ours.size(), 2);
    QCOMPARE(ours.at(0).group, u"billing"_s);
    QCOMPARE(ours.at(0).pending, 2);
    QCOMPARE(ours.at(0).lag, 1); // "c" not yet delivered
    QCOMPARE(ours.at(0).consumers.size(), 1);
    QCOMPARE(ours.at(0).consumers.at(0).name, u"w1"_s);
    QCOMPARE(ours.at(0).consumers.at(0).pending, 2);
    QCOMPARE(ours.at(1).group, u"shipping"_s);
    QCOMPARE(ours.at(1).lag, 0);
    QVERIFY(ours.at(1).consumers.isEmpty());
    QVERIFY2(status.detail.contains(u"consumer group"_s), qPrintable(status.detail));
    QVERIFY(status.found.consumerGroups >= 2);

    // The scan looks at a bounded number of keys and says when it stopped short.
    const auto bounded = scanStreamGroups(client, 0);
    QVERIFY(bounded.ok());
    QVERIFY(!bounded->complete);

    // A server that cannot be reached: the groups are not known, and the scan says why.
    StreamGroupScan unreachable;
    probeRedis(RedisUrl::local(1), &unreachable);
    QVERIFY(unreachable.groups.isEmpty());
    QVERIFY2(unreachable.problem.contains(u"cannot be reached"_s), qPrintable(unreachable.problem));
}

QTEST_GUILESS_MAIN(tst_SourceProbe)
#include "tst_sourceprobe.moc"
