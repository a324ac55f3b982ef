#include "batchteststore.h"
#include "ingestservice.h"
#include "redisclient.h"
#include "skippolicy.h"
#include "testservers.h"
#include "watchedingest.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <algorithm>
#include <functional>
#include <optional>

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {

constexpr int waitMs = 60000;

// About 2 KiB each, so that a small disk fills within a few hundred.
QByteArray payloadFor(int n)
{
    return "Message #" + QByteArray::number(n) + ": " + QByteArray(2000, char('a' + n % 26));
}

// The message numbers the SQLite file holds, in the order they were stored, read on a
// connection of its own; nothing when it cannot be read now (a read-only disk under a database
// in WAL mode).
std::optional<QList<qint64>> numbersStored(const QString &path)
{
    const QString name = u"rows-"_s + QUuid::createUuid().toString(QUuid::Id128);
    std::optional<QList<qint64>> numbers;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        db.setConnectOptions(u"QSQLITE_OPEN_READONLY"_s);
        QSqlQuery query(db);
        if (db.open() && query.exec(u"SELECT message_number FROM messages ORDER BY id"_s)) {
            numbers.emplace();
            while (query.next())
                numbers->append(query.value(0).toLongLong());
        }
    }
    QSqlDatabase::removeDatabase(name);
    return numbers;
}

// What Redis counts as acknowledged by the group: read, and no longer pending.
qint64 acknowledgedInRedis(RedisClient &client, const QByteArray &key)
{
    const auto groups = client.command({"XINFO", "GROUPS", key});
    if (!groups || groups->type != RedisReply::Type::Array || groups->elements.isEmpty())
        return 0; // no group yet: nothing read
    qint64 read = -1;
    qint64 pending = -1;
    const QList<RedisReply> &fields = groups->elements.constFirst().elements;
    for (qsizetype i = 0; i + 1 < fields.size(); i += 2) {
        if (fields.at(i).text == "entries-read")
            read = fields.at(i + 1).integer;
        else if (fields.at(i).text == "pending")
            pending = fields.at(i + 1).integer;
    }
    return read < 0 || pending < 0 ? -1 : read - pending;
}

} // namespace

// The embedded SQLite database on a disk that fills up, and on one made read-only, under a
// running worker (a tmpfs of the test's own, in a mount namespace of its own). The worker
// waits for the store, acknowledges nothing it has not stored, and once the disk has room or
// is writable again stores every message once.
class tst_SqliteFaults : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init() { m_checked = 0; }
    void fullDiskThenRoom();
    void readOnlyThenWritable();
    void pendingWhileWaitingForTheStore();

private:
    // At no report may Redis count more entries acknowledged than the store holds (Redis is
    // asked first, the store after, so that a group acknowledged in between is stored too), nor
    // the store hold a message before one sent earlier. A wait ends as soon as one did.
    void acknowledgesOnlyWhatIsStored(test::WatchedIngest &ingest, const QByteArray &key,
                                      const QString &path);
    void produce(const QByteArray &key, int from, int to);
    IngestConfig config(const QByteArray &key, const QString &path) const;
    // Every message 1..total stored once, byte for byte, in the order sent.
    void verifyStored(const QString &path, int total);

    RedisUrl m_redis;
    RedisClient m_client;
    QTemporaryDir m_folder;
    int m_checked = 0; // reports checked against the store with something acknowledged
};

void tst_SqliteFaults::initTestCase()
{
    const auto redis = test::fixtureRedis();
    QVERIFY2(redis.ok(), qPrintable(redis.errorMessage()));
    m_redis = *redis;
    QVERIFY(m_client.connect(m_redis).ok());
    QVERIFY(m_folder.isValid());
}

void tst_SqliteFaults::acknowledgesOnlyWhatIsStored(test::WatchedIngest &ingest,
                                                    const QByteArray &key, const QString &path)
{
    ingest.check = [this, key, path](const IngestStats &) {
        const qint64 acknowledged = acknowledgedInRedis(m_client, key);
        QVERIFY(acknowledged >= 0);
        const auto stored = numbersStored(path);
        if (!stored)
            return; // unreadable now: the next report, or the end, looks again
        QVERIFY2(acknowledged <= stored->size(),
                 qPrintable(u"Redis counts %1 acknowledged, the store holds %2"_s.arg(acknowledged)
                                .arg(stored->size())));
        const auto early = std::adjacent_find(stored->cbegin(), stored->cend(), std::greater<>());
        if (early != stored->cend())
            QFAIL(qPrintable(u"message %1 stored before %2"_s.arg(*early).arg(early[1])));
        if (acknowledged > 0)
            ++m_checked;
    };
}

void tst_SqliteFaults::produce(const QByteArray &key, int from, int to)
{
    QList<QList<QByteArray>> commands;
    for (int n = from; n <= to; ++n)
        commands.append({"XADD", key, "*", "payload", payloadFor(n)});
    const auto replies = m_client.pipeline(commands);
    QVERIFY2(replies.ok(), qPrintable(replies.errorMessage()));
}

IngestConfig tst_SqliteFaults::config(const QByteArray &key, const QString &path) const
{
    IngestConfig config;
    config.source.url = m_redis;
    config.source.key = QString::fromLatin1(key);
    config.source.consumer = u"sqlite-faults"_s;
    config.source.count = 50;
    config.source.blockMs = 100;
    config.sinkUrl = u"sqlite://"_s + path;
    config.databaseUrl = config.sinkUrl;
    return config;
}

void tst_SqliteFaults::verifyStored(const QString &path, int total)
{
    QVERIFY2(m_checked > 0, "no report was checked against the store");
    const QString name = u"check-"_s + QUuid::createUuid().toString(QUuid::Id128);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery query(u"SELECT message_number, content FROM messages ORDER BY id"_s, db);
        QList<bool> seen(total + 1, false);
        int rows = 0;
        int last = 0;
        while (query.next()) {
            ++rows;
            const int n = query.value(0).toInt();
            QVERIFY2(n >= 1 && n <= total && !seen[n], qPrintable(u"message %1"_s.arg(n)));
            // In the order sent: a group the store refused is stored before those after it.
            QVERIFY2(n > last, qPrintable(u"message %1 stored after %2"_s.arg(n).arg(last)));
            last = n;
            seen[n] = true;
            QCOMPARE(query.value(1).toString().toUtf8(), payloadFor(n));
        }
        QCOMPARE(rows, total);
    }
    QSqlDatabase::removeDatabase(name);
}

void tst_SqliteFaults::fullDiskThenRoom()
{
    const QString disk = m_folder.filePath(u"full"_s);
    QString why;
    const auto mounted = test::TinyFileSystem::mount(disk, 1024 * 1024, &why);
    if (!mounted)
        PORTHOLE_SKIP_OR_FAIL(u"No tmpfs here (%1)."_s.arg(why));
    const QByteArray key = "sqlite-full-" + QUuid::createUuid().toByteArray(QUuid::Id128);
    const QString path = disk + u"/porthole.db"_s;
    constexpr int total = 1500; // about 3 MiB of payloads for a 1 MiB disk

    test::WatchedIngest ingest;
    acknowledgesOnlyWhatIsStored(ingest, key, path);
    ingest.service.start(config(key, path));
    produce(key, 1, total);
    QTRY_COMPARE_WITH_TIMEOUT(ingest.last.state, IngestState::WaitingForSink, waitMs);
    QVERIFY2(ingest.last.lastError.contains(u"full"_s) &&
                 ingest.last.lastError.contains(u"Check the disk space"_s),
             qPrintable(ingest.last.lastError));
    const qint64 storedWhenFull = ingest.last.stored;
    QVERIFY2(storedWhenFull > 0 && storedWhenFull < total,
             qPrintable(u"%1 stored before the disk was full"_s.arg(storedWhenFull)));
    QCOMPARE(ingest.last.acknowledged, storedWhenFull);

    QVERIFY(mounted->resize(16 * 1024 * 1024)); // room again
    QTRY_VERIFY_WITH_TIMEOUT((ingest.last.stored == total && ingest.last.pending == 0 &&
                              ingest.last.state == IngestState::Running) ||
                                 QTest::currentTestFailed(),
                             waitMs);
    ingest.service.shutdown();
    qInfo("%lld of %d stored when the disk was full; all stored once there was room",
          static_cast<long long>(storedWhenFull), total);
    verifyStored(path, total);
}

// A read-only file system cannot be had while the database is open for writing (the kernel
// refuses the remount): the worker starts on one, as after a disk the kernel made read-only.
void tst_SqliteFaults::readOnlyThenWritable()
{
    const QString disk = m_folder.filePath(u"readonly"_s);
    QString why;
    const auto mounted = test::TinyFileSystem::mount(disk, 16 * 1024 * 1024, &why);
    if (!mounted)
        PORTHOLE_SKIP_OR_FAIL(u"No tmpfs here (%1)."_s.arg(why));
    const QByteArray key = "sqlite-readonly-" + QUuid::createUuid().toByteArray(QUuid::Id128);
    const QString path = disk + u"/porthole.db"_s;
    {
        test::WatchedIngest first;
        acknowledgesOnlyWhatIsStored(first, key, path);
        first.service.start(config(key, path));
        produce(key, 1, 100);
        QTRY_VERIFY_WITH_TIMEOUT((first.last.stored == 100 && first.last.pending == 0) ||
                                     QTest::currentTestFailed(),
                                 waitMs);
        first.service.shutdown();
    }

    QVERIFY(mounted->setReadOnly(true));
    test::WatchedIngest ingest;
    acknowledgesOnlyWhatIsStored(ingest, key, path);
    ingest.service.start(config(key, path));
    produce(key, 101, 200);
    QTRY_COMPARE_WITH_TIMEOUT(ingest.last.state, IngestState::WaitingForSink, waitMs);
    QVERIFY2(
        ingest.last.lastError.contains(u"cannot be written (a read-only disk, or permissions)"_s),
        qPrintable(ingest.last.lastError));
    qInfo("read-only: %s", qPrintable(ingest.last.lastError));
    QCOMPARE(ingest.last.acknowledged, 0);

    QVERIFY(mounted->setReadOnly(false));
    QTRY_VERIFY_WITH_TIMEOUT((ingest.last.stored == 100 && ingest.last.pending == 0 &&
                              ingest.last.state == IngestState::Running) ||
                                 QTest::currentTestFailed(),
                             waitMs);
    ingest.service.shutdown();
    verifyStored(path, 200);
}

// While the worker waits for the store (here another writer holds SQLite's write lock), the
// groups it holds stay pending in Redis, and its report says so: the pending count Redis gives,
// not the one from before the wait.
void tst_SqliteFaults::pendingWhileWaitingForTheStore()
{
    const QByteArray key = "sqlite-locked-" + QUuid::createUuid().toByteArray(QUuid::Id128);
    const QString path = m_folder.filePath(u"locked.db"_s);
    IngestConfig locked = config(key, path);
    locked.connection.busyTimeoutMs = 100;

    test::WatchedIngest ingest;
    acknowledgesOnlyWhatIsStored(ingest, key, path);
    ingest.service.start(locked);
    produce(key, 1, 10);
    QTRY_VERIFY_WITH_TIMEOUT((ingest.last.stored == 10 && ingest.last.pending == 0 &&
                              ingest.last.state == IngestState::Running) ||
                                 QTest::currentTestFailed(),
                             waitMs);

    const QString name = u"lock-"_s + QUuid::createUuid().toString(QUuid::Id128);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery lock(db);
        QVERIFY(lock.exec(u"BEGIN IMMEDIATE"_s)); // the write lock, until the rollback
        produce(key, 11, 40);
        QTRY_COMPARE_WITH_TIMEOUT(ingest.last.state, IngestState::WaitingForSink, waitMs);
        const auto pending = m_client.command({"XPENDING", key, "porthole"});
        QVERIFY2(pending.ok(), qPrintable(pending.errorMessage()));
        const qint64 inRedis = pending->elements.value(0).integer;
        QVERIFY2(inRedis > 0, "nothing was delivered while the store was locked");
        QTRY_COMPARE_WITH_TIMEOUT(ingest.last.pending, inRedis, waitMs);
        qInfo("waiting for the store: %lld pending in Redis, %lld reported",
              static_cast<long long>(inRedis), static_cast<long long>(ingest.last.pending));
        QCOMPARE(ingest.last.acknowledged, 10);
        QVERIFY(lock.exec(u"ROLLBACK"_s));
    }
    QSqlDatabase::removeDatabase(name);
    QTRY_VERIFY_WITH_TIMEOUT((ingest.last.stored == 40 && ingest.last.pending == 0 &&
                              ingest.last.state == IngestState::Running) ||
                                 QTest::currentTestFailed(),
                             waitMs);
    ingest.service.shutdown();
    verifyStored(path, 40);
}

QTEST_GUILESS_MAIN(tst_SqliteFaults)
#include "tst_sqlitefaults.moc"
