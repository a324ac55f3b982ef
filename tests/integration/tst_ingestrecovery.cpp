#include "batchfilereader.h"
#include "batchintegrity.h"
#include "batchline.h"
#include "connectionfactory.h"
#include "databaseurl.h"
#include "ingestrecoverytestsupport.h"
#include "ingestrun.h"
#include "migrationrunner.h"
#include "ownredis.h"
#include "redisclient.h"
#include "testservers.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>
#include <QUuid>

#include <csignal>
#include <functional>
#include <memory>
#include <optional>

using namespace Qt::StringLiterals;
using namespace porthole;
using porthole::test::freeLoopbackPort;
using porthole::test::IngestRun;
using porthole::test::OwnRedis;
using porthole::test::Progress;
using namespace porthole::test;

// "Nothing lost": `porthole ingest` against real servers, killed and disturbed on purpose
// (entries it cannot store as they are: tst_IngestBadEntries).
class tst_IngestRecovery : public porthole::test::IngestRecoveryTest
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void cleanupTestCase();
    void sqlSinkSurvivesKills();
    void fileSinkSurvivesKills();
    void redisRestartMidStream();
    void lockedStoreAcknowledgesNothing();
    void listSurvivesKills();
    void killedWhileCreatingTheSchema();
    void clockJumpsDuringIngest();
};

void tst_IngestRecovery::initTestCase()
{
    setUpFixtures();
}

void tst_IngestRecovery::cleanup()
{
    cleanUpAfterTest();
}

void tst_IngestRecovery::cleanupTestCase()
{
    cleanup();
}

// 1. SIGKILL at random moments, SQL sink (SQLite): every entry stored exactly once.
void tst_IngestRecovery::sqlSinkSurvivesKills()
{
    const qint64 total = sizeFromEnvironment("PORTHOLE_RECOVERY_MESSAGES", 100000);
    const int kills = int(sizeFromEnvironment("PORTHOLE_RECOVERY_KILLS", 10));
    const QByteArray stream = key(u"sql-kills"_s);
    QHash<qint64, QByteArray> ids;
    addToStream(m_redis, stream, 1, total, ids);
    if (QTest::currentTestFailed())
        return;

    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString path = directory.filePath(u"ingest.db"_s);
    QString error;
    const Reader reader(path);
    QVERIFY2(reader.migrate(&error), qPrintable(error));

    const QStringList arguments = ingestArguments(m_redisText, stream, u"recovery-sql"_s) +
                                  QStringList{u"--sink"_s, u"sqlite://"_s + path};
    killAndDrain(arguments, kills, total,
                 {[&reader] { return reader.number(u"SELECT count(*) FROM messages"_s); },
                  [this, &stream] {
                      return acknowledgedInStream(stream);
                  }});
    if (QTest::currentTestFailed())
        return;

    verifyMessages(reader, total, stream, ids);
    QCOMPARE(reader.number(u"SELECT count(DISTINCT delivery_key) FROM messages"_s), total);
    QCOMPARE(pending(m_redis, stream, "porthole"), 0);
}

// 2. The same with the batch-file sink: every payload one line, byte for byte, no torn line.
void tst_IngestRecovery::fileSinkSurvivesKills()
{
    const qint64 total = sizeFromEnvironment("PORTHOLE_RECOVERY_FILE_MESSAGES", 100000);
    const int kills = int(sizeFromEnvironment("PORTHOLE_RECOVERY_KILLS", 10));
    const QByteArray stream = key(u"file-kills"_s);
    QHash<qint64, QByteArray> ids;
    addToStream(m_redis, stream, 1, total, ids);
    if (QTest::currentTestFailed())
        return;

    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString path = directory.filePath(u"bookkeeping.db"_s);
    const QString store = directory.filePath(u"messages"_s);
    QString error;
    const Reader reader(path);
    QVERIFY2(reader.migrate(&error), qPrintable(error));

    const QStringList arguments = ingestArguments(m_redisText, stream, u"recovery-file"_s) +
                                  QStringList{u"--sink"_s, QUrl::fromLocalFile(store).toString(),
                                              u"--db"_s, u"sqlite://"_s + path};
    // The journal row of a line is written just before the line: it counts what is stored.
    killAndDrain(arguments, kills, total,
                 {[&reader] {
                      return reader.number(
                          u"SELECT count(*) FROM ingest_deliveries WHERE sink = 'file'"_s);
                  },
                  [this, &stream] {
                      return acknowledgedInStream(stream);
                  }});
    if (QTest::currentTestFailed())
        return;

    QHash<qint64, QByteArray> lines;
    lines.reserve(total);
    const QStringList files =
        QDir(store).entryList({u"messages_batch_*.txt"_s}, QDir::Files, QDir::Name);
    QVERIFY(!files.isEmpty());
    for (const QString &name : files) {
        QFile file(store + u'/' + name);
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.errorString()));
        const BatchFileContent content = parseBatchFileBytes(file.readAll());
        QVERIFY2(content.endsWithLineEnd, qPrintable(name + u" ends in a torn line"_s));
        for (const BatchFileLine &line : content.lines) {
            QVERIFY2(
                line.ok,
                qPrintable(u"%1 line %2: %3"_s.arg(name).arg(line.lineNumber).arg(line.problem)));
            const qint64 number = line.message.number;
            QVERIFY2(number >= 1 && number <= total, qPrintable(u"line number %1"_s.arg(number)));
            QVERIFY2(!lines.contains(number),
                     qPrintable(u"message %1 is written twice (%2)"_s.arg(number).arg(name)));
            QCOMPARE(line.message.content, payloadFor(number));
            lines.insert(number, line.message.content);
        }
    }
    QCOMPARE(qint64(lines.size()), total);

    const auto report = checkBatchStore(store);
    QVERIFY2(report.ok(), qPrintable(report.errorMessage()));
    QCOMPARE(report->messages, total);
    for (const BatchFinding &finding : report->findings) {
        // A line cut off by a kill is saved beside its file, and written again whole.
        QVERIFY2(finding.kind == BatchFinding::Kind::SavedFragment,
                 qPrintable(batchFindingKindName(finding.kind) + u": "_s + finding.message));
    }
    QCOMPARE(reader.number(u"SELECT count(*) FROM port_messages"_s), 0);
    QCOMPARE(pending(m_redis, stream, "porthole"), 0);
}

// 3. redis-server killed and started again on the same port, mid-stream: the worker
// reconnects by itself and stores everything once.
void tst_IngestRecovery::redisRestartMidStream()
{
    const qint64 half = sizeFromEnvironment("PORTHOLE_RECOVERY_RESTART_MESSAGES", 40000) / 2;
    QTemporaryDir redisDirectory;
    QVERIFY(redisDirectory.isValid());
    const int port = freeLoopbackPort();
    QVERIFY(port > 0);
    OwnRedis server(redisDirectory.path(), port);
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    RedisClient client;
    QVERIFY(client.connect(server.url()).ok());

    const QByteArray stream = "restart";
    QHash<qint64, QByteArray> ids;
    addToStream(client, stream, 1, half, ids);
    if (QTest::currentTestFailed())
        return;

    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString path = directory.filePath(u"ingest.db"_s);
    const Reader reader(path);
    QVERIFY2(reader.migrate(&error), qPrintable(error));
    const auto stored = [&reader] {
        return reader.number(u"SELECT count(*) FROM messages"_s);
    };

    IngestRun run(m_binary,
                  ingestArguments(server.urlText(), stream, u"recovery-restart"_s) +
                      QStringList{u"--sink"_s, u"sqlite://"_s + path, u"--count"_s, u"200"_s});
    QVERIFY(run.start());
    QTRY_VERIFY2_WITH_TIMEOUT(stored() >= half / 8 || !run.running(), qPrintable(run.log()),
                              stepTimeoutMs);
    QVERIFY2(run.running(), qPrintable(run.log()));
    server.kill();
    const qsizetype killedAt = run.mark();
    QTRY_VERIFY2_WITH_TIMEOUT(
        run.progressSince(killedAt,
                          [](const Progress &p) { return p.state == u"reconnecting"_s; }) ||
            !run.running(),
        qPrintable(run.log()), stepTimeoutMs);
    QVERIFY2(run.running(), qPrintable(run.log()));

    QVERIFY2(server.start(&error), qPrintable(error));
    client.disconnect();
    QVERIFY(client.connect(server.url()).ok());
    // Every entry added survived the kill (appendfsync always), acknowledged or not.
    const auto length = client.command({"XLEN", stream});
    QVERIFY(length.ok());
    QCOMPARE(length->integer, half);
    const qsizetype restartedAt = run.mark();
    addToStream(client, stream, half + 1, half, ids);
    if (QTest::currentTestFailed())
        return;
    QTRY_VERIFY2_WITH_TIMEOUT(
        run.progressSince(restartedAt, [](const Progress &p) { return p.state == u"running"_s; }) ||
            !run.running(),
        qPrintable(run.log()), stepTimeoutMs);
    QTRY_VERIFY2_WITH_TIMEOUT(stored() >= 2 * half || !run.running(), qPrintable(run.log()),
                              drainTimeoutMs);
    QCOMPARE(stored(), 2 * half);
    QVERIFY2(run.terminate() == 0, qPrintable(run.log()));

    verifyMessages(reader, 2 * half, stream, ids);
    QCOMPARE(pending(client, stream, "porthole"), 0);
}

// 4. The SQLite file locked by another connection for longer than the busy timeout: the
// worker waits for the store, acknowledges nothing meanwhile, then stores everything once.
void tst_IngestRecovery::lockedStoreAcknowledgesNothing()
{
    constexpr qint64 first = 1000;
    constexpr qint64 second = 500;
    const QByteArray stream = key(u"locked"_s);
    QHash<qint64, QByteArray> ids;
    addToStream(m_redis, stream, 1, first, ids);
    if (QTest::currentTestFailed())
        return;

    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString path = directory.filePath(u"ingest.db"_s);
    QString error;
    const Reader reader(path);
    QVERIFY2(reader.migrate(&error), qPrintable(error));
    const auto stored = [&reader] {
        return reader.number(u"SELECT count(*) FROM messages"_s);
    };

    IngestRun run(m_binary, ingestArguments(m_redisText, stream, u"recovery-locked"_s) +
                                QStringList{u"--sink"_s, u"sqlite://"_s + path});
    QVERIFY(run.start());
    QTRY_VERIFY2_WITH_TIMEOUT(stored() == first || !run.running(), qPrintable(run.log()),
                              stepTimeoutMs);
    QTRY_VERIFY2_WITH_TIMEOUT(pending(m_redis, stream, "porthole") == 0, qPrintable(run.log()),
                              stepTimeoutMs);
    QTRY_VERIFY2_WITH_TIMEOUT(
        run.progressSince(0, [](const Progress &p) { return p.acknowledged == first; }),
        qPrintable(run.log()), stepTimeoutMs);

    // Another connection takes the write lock and keeps it.
    const ConnectionFactory lockFactory(DatabaseUrl::sqliteFile(path));
    const QString lockPurpose = u"recovery-lock"_s;
    {
        auto lockDb = lockFactory.open(lockPurpose);
        QVERIFY2(lockDb.ok(), qPrintable(lockDb.errorMessage()));
        QSqlQuery lock(*lockDb);
        QVERIFY2(lock.exec(u"BEGIN IMMEDIATE"_s), qPrintable(lock.lastError().text()));
        QElapsedTimer held;
        held.start();

        // One group, added at once (MULTI/EXEC), so the worker takes it whole.
        QList<QList<QByteArray>> commands{{"MULTI"}};
        for (qint64 n = first + 1; n <= first + second; ++n)
            commands.append({"XADD", stream, "*", "payload", payloadFor(n)});
        commands.append({"EXEC"});
        const auto replies = m_redis.pipeline(commands);
        QVERIFY2(replies.ok(), qPrintable(replies.errorMessage()));
        const RedisReply &exec = replies->constLast();
        QCOMPARE(qint64(exec.elements.size()), second);
        for (qint64 i = 0; i < second; ++i)
            ids.insert(first + 1 + i, exec.elements.at(i).text);

        const qsizetype lockedAt = run.mark();
        QTRY_VERIFY2_WITH_TIMEOUT(run.progressSince(lockedAt,
                                                    [](const Progress &p) {
                                                        return p.state ==
                                                               u"waiting for the store"_s;
                                                    }) ||
                                      !run.running(),
                                  qPrintable(run.log()), stepTimeoutMs);
        QVERIFY2(run.running(), qPrintable(run.log()));
        // It waited out the busy timeout (5 s) before it gave up on the group for now.
        QVERIFY2(held.elapsed() >= 5000, qPrintable(QString::number(held.elapsed())));
        QCOMPARE(pending(m_redis, stream, "porthole"), second);

        // Still waiting a progress line later: nothing stored, nothing acknowledged.
        const qsizetype waitingAt = run.mark();
        QTRY_VERIFY2_WITH_TIMEOUT(
            run.progressSince(waitingAt, [](const Progress &) { return true; }),
            qPrintable(run.log()), stepTimeoutMs);
        const auto waiting = run.progressSince(waitingAt, [](const Progress &) { return true; });
        QCOMPARE(waiting->state, u"waiting for the store"_s);
        QCOMPARE(waiting->acknowledged, first);
        QCOMPARE(waiting->stored, first);
        QCOMPARE(pending(m_redis, stream, "porthole"), second);
        QSqlQuery count(*lockDb);
        QVERIFY(count.exec(u"SELECT count(*) FROM messages"_s) && count.next());
        QCOMPARE(count.value(0).toLongLong(), first);
        count.finish();

        QVERIFY2(lock.exec(u"ROLLBACK"_s), qPrintable(lock.lastError().text()));
    }
    lockFactory.close(lockPurpose);

    QTRY_VERIFY2_WITH_TIMEOUT(stored() >= first + second || !run.running(), qPrintable(run.log()),
                              stepTimeoutMs);
    QTRY_VERIFY2_WITH_TIMEOUT(pending(m_redis, stream, "porthole") == 0, qPrintable(run.log()),
                              stepTimeoutMs);
    const qsizetype releasedAt = run.mark();
    QTRY_VERIFY2_WITH_TIMEOUT(run.progressSince(releasedAt,
                                                [](const Progress &p) {
                                                    return p.state == u"running"_s &&
                                                           p.acknowledged == first + second;
                                                }),
                              qPrintable(run.log()), stepTimeoutMs);
    QVERIFY2(run.terminate() == 0, qPrintable(run.log()));
    verifyMessages(reader, first + second, stream, ids);
}

// 8. List mode (a reliable queue) killed with SIGKILL: every element stored exactly once.
void tst_IngestRecovery::listSurvivesKills()
{
    const qint64 total = sizeFromEnvironment("PORTHOLE_RECOVERY_LIST_MESSAGES", 50000);
    const int kills = int(sizeFromEnvironment("PORTHOLE_RECOVERY_LIST_KILLS", 4));
    const QByteArray list = key(u"list-kills"_s);
    const QString consumer = u"recovery-list"_s;
    key(u"list-kills:processing:"_s + consumer);
    pushToList(list, total);
    if (QTest::currentTestFailed())
        return;

    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString path = directory.filePath(u"ingest.db"_s);
    QString error;
    const Reader reader(path);
    QVERIFY2(reader.migrate(&error), qPrintable(error));

    const QStringList arguments =
        ingestArguments(m_redisText, list, consumer) +
        QStringList{u"--mode"_s, u"list"_s, u"--sink"_s, u"sqlite://"_s + path};
    const QByteArray processing = list + ":processing:" + consumer.toUtf8();
    killAndDrain(arguments, kills, total,
                 {[&reader] { return reader.number(u"SELECT count(*) FROM messages"_s); },
                  [this, &list, &processing, total] {
                      // Off the list and no longer in the processing list (beside its marker).
                      const auto lengths = m_redis.pipeline({{"LLEN", list}, {"LLEN", processing}});
                      if (!lengths)
                          return qint64(-1);
                      return total - lengths->at(0).integer -
                             std::max<qint64>(0, lengths->at(1).integer - 1);
                  }});
    if (QTest::currentTestFailed())
        return;

    verifyMessages(reader, total, {}, {});
    const auto left = m_redis.pipeline({{"LLEN", list}, {"EXISTS", processing}});
    QVERIFY(left.ok());
    QCOMPARE(left->at(0).integer, 0);
    QCOMPARE(left->at(1).integer, 0);
}

// 9. The first start on a new database killed while it creates the schema: the next start
// creates it (it found a half-made schema "too old" and gave up), then stores everything.
void tst_IngestRecovery::killedWhileCreatingTheSchema()
{
    const QByteArray stream = key(u"schema-kill"_s);
    QHash<qint64, QByteArray> ids;
    addToStream(m_redis, stream, 1, 100, ids);
    if (QTest::currentTestFailed())
        return;
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString path = directory.filePath(u"new.db"_s);
    const QStringList arguments = ingestArguments(m_redisText, stream, u"schema-kill"_s) +
                                  QStringList{u"--sink"_s, u"sqlite://"_s + path};

    IngestRun killed(m_binary, arguments);
    killed.setFaultPoint(u"migration-applied:5"_s); // in the middle of the migrations
    QVERIFY(killed.start());
    QVERIFY2(killed.waitForCrash(), qPrintable(killed.howItEnded() + u'\n' + killed.log()));
    const Reader reader(path);
    // The whole run is one transaction: nothing of it is there, not even schema_version.
    QCOMPARE(reader.number(u"SELECT count(*) FROM sqlite_master"_s), 0);

    IngestRun again(m_binary, arguments);
    QVERIFY(again.start());
    const auto stored = [&reader] {
        return reader.number(u"SELECT count(*) FROM sqlite_master WHERE name = 'messages'"_s) == 1
                   ? reader.number(u"SELECT count(*) FROM messages"_s)
                   : 0;
    };
    QTRY_VERIFY2_WITH_TIMEOUT(stored() == 100 || !again.running(), qPrintable(again.log()),
                              stepTimeoutMs);
    QVERIFY2(again.terminate() == 0, qPrintable(again.log()));
    QCOMPARE(reader.number(u"SELECT max(version) FROM schema_version"_s),
             qint64(MigrationRunner::builtin(DatabaseUrl::Engine::SQLite)->size()));
    verifyMessages(reader, 100, stream, ids);
}

// 10. The machine's clock steps forward and back while the worker runs (libfaketime, its
// offset changed through a file while the worker reads it; the monotonic clock keeps going, as
// under a real clock step): every entry stored once, nothing pending, no reconnection.
void tst_IngestRecovery::clockJumpsDuringIngest()
{
    const QString library = u"/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1"_s;
    QVERIFY2(QFile::exists(library), "libfaketime is not installed (package faketime)");
    const QByteArray stream = key(u"clock-jumps"_s);
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString path = directory.filePath(u"clock.db"_s);
    const QString offsetFile = directory.filePath(u"faketime"_s);
    const auto setOffset = [&offsetFile](const QByteArray &offset) {
        QFile file(offsetFile);
        return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
               file.write(offset + "\n") == offset.size() + 1;
    };
    QVERIFY(setOffset("+0"));
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"LD_PRELOAD"_s, library);
    environment.insert(u"FAKETIME_TIMESTAMP_FILE"_s, offsetFile);
    environment.insert(u"FAKETIME_NO_CACHE"_s, u"1"_s);
    environment.insert(u"DONT_FAKE_MONOTONIC"_s, u"1"_s);

    const Reader reader(path);
    QString error;
    QVERIFY2(reader.migrate(&error), qPrintable(error));
    const auto stored = [&reader] {
        return reader.number(u"SELECT count(*) FROM messages"_s);
    };
    IngestRun run(m_binary,
                  ingestArguments(m_redisText, stream, u"clock-jumps"_s) +
                      QStringList{u"--sink"_s, u"sqlite://"_s + path, u"--count"_s, u"100"_s},
                  environment);
    QVERIFY(run.start());

    // An offset a step: a day back, a year ahead, a year back, and the true time again.
    const QList<QByteArray> offsets{"+0", "-1d", "+365d", "-365d", "+0"};
    constexpr qint64 perStep = 400;
    QHash<qint64, QByteArray> ids;
    for (qsizetype step = 0; step < offsets.size(); ++step) {
        QVERIFY(setOffset(offsets.at(step)));
        addToStream(m_redis, stream, step * perStep + 1, perStep, ids);
        if (QTest::currentTestFailed())
            return;
        QTRY_VERIFY2_WITH_TIMEOUT(stored() == (step + 1) * perStep || !run.running(),
                                  qPrintable(run.log()), stepTimeoutMs);
        QVERIFY2(run.running(), qPrintable(run.log()));
    }
    const qint64 total = offsets.size() * perStep;
    QTRY_VERIFY2_WITH_TIMEOUT(run.lastProgress() && run.lastProgress()->pending == 0,
                              qPrintable(run.log()), stepTimeoutMs);
    QVERIFY2(run.terminate() == 0, qPrintable(run.log()));
    const QString log = run.lines().join(u'\n');
    QVERIFY2(!log.contains(u"reconnecting"_s) && !log.contains(u"waiting for the store"_s),
             qPrintable(log));
    verifyMessages(reader, total, stream, ids);
    // The jumps reached the worker: its receive times span the two years.
    QVERIFY(reader.number(u"SELECT CAST(julianday(max(timestamp)) - julianday(min(timestamp)) "
                          "AS INTEGER) FROM messages"_s) >= 2 * 365 - 2);
}

QTEST_GUILESS_MAIN(tst_IngestRecovery)
#include "tst_ingestrecovery.moc"
