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

// "Nothing lost" with entries the store cannot take as they are: `porthole ingest` against real
// servers, given a poison entry, an oversize payload, and entries trimmed at the source.
class tst_IngestBadEntries : public porthole::test::IngestRecoveryTest
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void cleanupTestCase();
    void poisonEntryBecomesOneDeadLetter();
    void oversizePayloadBecomesOneDeadLetter_data();
    void oversizePayloadBecomesOneDeadLetter();
    void entriesTrimmedAtSource();
};

void tst_IngestBadEntries::initTestCase()
{
    setUpFixtures();
}

void tst_IngestBadEntries::cleanup()
{
    cleanUpAfterTest();
}

void tst_IngestBadEntries::cleanupTestCase()
{
    cleanup();
}

// 5. An entry delivered again and again (here: held by consumers that died) becomes one dead
// letter once it is past --max-deliveries.
void tst_IngestBadEntries::poisonEntryBecomesOneDeadLetter()
{
    const QByteArray stream = key(u"poison"_s);
    const QByteArray poison = "Message #1: delivered too often";
    QVERIFY(m_redis.command({"XGROUP", "CREATE", stream, "porthole", "0", "MKSTREAM"}).ok());
    const auto added = m_redis.command({"XADD", stream, "*", "payload", poison});
    QVERIFY(added.ok() && !added->isError());
    // Delivered to a consumer that dies, then again to one that dies too.
    for (const QByteArray &id : {QByteArray(">"), QByteArray("0")}) {
        const auto read =
            m_redis.command({"XREADGROUP", "GROUP", "porthole", "ghost", "STREAMS", stream, id});
        QVERIFY(read.ok() && !read->isError() && !read->isNil());
    }
    QHash<qint64, QByteArray> ids;
    addToStream(m_redis, stream, 2, 9, ids);
    if (QTest::currentTestFailed())
        return;

    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString path = directory.filePath(u"ingest.db"_s);
    QString error;
    const Reader reader(path);
    QVERIFY2(reader.migrate(&error), qPrintable(error));
    const QStringList arguments = ingestArguments(m_redisText, stream, u"recovery-poison"_s) +
                                  QStringList{u"--sink"_s,           u"sqlite://"_s + path,
                                              u"--max-deliveries"_s, u"2"_s,
                                              u"--claim-idle-ms"_s,  u"100"_s,
                                              u"--block-ms"_s,       u"200"_s};
    const QString deadLetters =
        u"SELECT count(*) FROM port_messages WHERE status = 'dead_letter'"_s;
    for (int round = 0; round < 2; ++round) {
        // The second run finds nothing more to do: the dead letter was acknowledged.
        IngestRun run(m_binary, arguments);
        QVERIFY(run.start());
        QTRY_VERIFY2_WITH_TIMEOUT((reader.number(deadLetters) == 1 &&
                                   reader.number(u"SELECT count(*) FROM messages"_s) == 9 &&
                                   pending(m_redis, stream, "porthole") == 0) ||
                                      !run.running(),
                                  qPrintable(run.log()), stepTimeoutMs);
        QTRY_VERIFY2_WITH_TIMEOUT(run.lastProgress().has_value(), qPrintable(run.log()),
                                  stepTimeoutMs);
        QVERIFY2(run.terminate() == 0, qPrintable(run.log()));
        if (round == 0)
            QVERIFY2(run.lastProgress()->deadLetters == 1, qPrintable(run.log()));
        else
            QVERIFY2(run.lastProgress()->deadLetters == 0, qPrintable(run.log()));
    }

    QCOMPARE(reader.number(u"SELECT count(*) FROM port_messages"_s), 1);
    QSqlQuery query(reader.db());
    QVERIFY(query.exec(u"SELECT status, error_message, error_details, message_data "
                       "FROM port_messages"_s) &&
            query.next());
    QCOMPARE(query.value(0).toString(), u"dead_letter"_s);
    const QString reason = query.value(1).toString();
    QVERIFY2(reason.contains(u"delivered 3 times, more than the limit of 2"_s), qPrintable(reason));
    const QJsonObject details = QJsonDocument::fromJson(query.value(2).toByteArray()).object();
    QCOMPARE(details.value(u"delivery_count"_s).toInt(), 3);
    const QJsonObject data = QJsonDocument::fromJson(query.value(3).toByteArray()).object();
    QCOMPARE(data.value(u"raw"_s).toString().toUtf8(), poison);
    query.finish();
    QCOMPARE(reader.number(u"SELECT count(*) FROM messages WHERE message_number = 1"_s), 0);
    QCOMPARE(pending(m_redis, stream, "porthole"), 0);
}

void tst_IngestBadEntries::oversizePayloadBecomesOneDeadLetter_data()
{
    QTest::addColumn<bool>("toFiles");
    QTest::newRow("sql") << false;
    QTest::newRow("file") << true;
}

// 6. A payload over --max-payload-bytes becomes one dead letter with the raw payload kept.
void tst_IngestBadEntries::oversizePayloadBecomesOneDeadLetter()
{
    QFETCH(bool, toFiles);
    const QByteArray stream = key(u"oversize"_s);
    QByteArray large = "Message #2: " + QByteArray(5000, 'x');
    large.resize(5000);
    const QList<QByteArray> payloads{payloadFor(1), large, payloadFor(3)};
    for (const QByteArray &payload : payloads) {
        const auto added = m_redis.command({"XADD", stream, "*", "payload", payload});
        QVERIFY(added.ok() && !added->isError());
    }

    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString path = directory.filePath(u"ingest.db"_s);
    const QString store = directory.filePath(u"messages"_s);
    QString error;
    const Reader reader(path);
    QVERIFY2(reader.migrate(&error), qPrintable(error));
    QStringList arguments = ingestArguments(m_redisText, stream, u"recovery-oversize"_s) +
                            QStringList{u"--max-payload-bytes"_s, u"1000"_s};
    if (toFiles)
        arguments << u"--sink"_s << QUrl::fromLocalFile(store).toString() << u"--db"_s
                  << u"sqlite://"_s + path;
    else
        arguments << u"--sink"_s << u"sqlite://"_s + path;
    const QString storedSql = toFiles
                                  ? u"SELECT count(*) FROM ingest_deliveries WHERE sink = 'file'"_s
                                  : u"SELECT count(*) FROM messages"_s;

    IngestRun run(m_binary, arguments);
    QVERIFY(run.start());
    QTRY_VERIFY2_WITH_TIMEOUT((reader.number(storedSql) == 2 &&
                               reader.number(u"SELECT count(*) FROM port_messages"_s) == 1 &&
                               pending(m_redis, stream, "porthole") == 0) ||
                                  !run.running(),
                              qPrintable(run.log()), stepTimeoutMs);
    QTRY_VERIFY2_WITH_TIMEOUT(run.lastProgress().has_value(), qPrintable(run.log()), stepTimeoutMs);
    QVERIFY2(run.terminate() == 0, qPrintable(run.log()));
    QVERIFY2(run.lastProgress()->deadLetters == 1 && run.lastProgress()->stored == 2,
             qPrintable(run.log()));

    QSqlQuery query(reader.db());
    QVERIFY(query.exec(u"SELECT status, error_message, message_data FROM port_messages"_s) &&
            query.next());
    QCOMPARE(query.value(0).toString(), u"dead_letter"_s);
    const QString reason = query.value(1).toString();
    QVERIFY2(reason.contains(u"5000 bytes"_s) && reason.contains(u"1000 bytes"_s),
             qPrintable(reason));
    const QJsonObject data = QJsonDocument::fromJson(query.value(2).toByteArray()).object();
    QCOMPARE(data.value(u"raw"_s).toString().toUtf8(), large);
    QVERIFY(!query.next());
    query.finish();

    if (toFiles) {
        const auto content = readBatchFile(store, 1);
        QVERIFY2(content.ok(), qPrintable(content.errorMessage()));
        const QList<BatchMessage> messages = content->messages();
        QCOMPARE(messages.size(), 2);
        QCOMPARE(messages.at(0).content, payloads.at(0));
        QCOMPARE(messages.at(1).content, payloads.at(2));
    } else {
        QCOMPARE(reader.number(u"SELECT count(*) FROM messages WHERE message_number = 2"_s), 0);
    }
}

// 7. Entries delivered but not acknowledged, then trimmed by the producer: reported as lost at
// source, and the pending list is empty afterwards.
void tst_IngestBadEntries::entriesTrimmedAtSource()
{
    const QByteArray stream = key(u"trimmed"_s);
    const QString consumer = u"recovery-trimmed"_s;
    QVERIFY(m_redis.command({"XGROUP", "CREATE", stream, "porthole", "0", "MKSTREAM"}).ok());
    QHash<qint64, QByteArray> ids;
    // Five delivered to the worker's own consumer (as if it died right after the fetch), three
    // to another consumer that died.
    addToStream(m_redis, stream, 1, 5, ids);
    if (QTest::currentTestFailed())
        return;
    auto read = m_redis.command(
        {"XREADGROUP", "GROUP", "porthole", consumer.toUtf8(), "STREAMS", stream, ">"});
    QVERIFY(read.ok() && !read->isError());
    addToStream(m_redis, stream, 6, 3, ids);
    if (QTest::currentTestFailed())
        return;
    read = m_redis.command({"XREADGROUP", "GROUP", "porthole", "ghost", "STREAMS", stream, ">"});
    QVERIFY(read.ok() && !read->isError());
    QCOMPARE(pending(m_redis, stream, "porthole"), 8);
    const auto trimmed = m_redis.command({"XTRIM", stream, "MAXLEN", "0"});
    QVERIFY(trimmed.ok());
    QCOMPARE(trimmed->integer, 8);
    // Two more after the trim, which are stored as usual.
    ids.clear();
    addToStream(m_redis, stream, 1, 2, ids);
    if (QTest::currentTestFailed())
        return;

    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString path = directory.filePath(u"ingest.db"_s);
    QString error;
    const Reader reader(path);
    QVERIFY2(reader.migrate(&error), qPrintable(error));

    IngestRun run(m_binary,
                  ingestArguments(m_redisText, stream, consumer) +
                      QStringList{u"--sink"_s, u"sqlite://"_s + path, u"--claim-idle-ms"_s,
                                  u"100"_s, u"--block-ms"_s, u"200"_s});
    QVERIFY(run.start());
    QTRY_VERIFY2_WITH_TIMEOUT(
        run.progressSince(0, [](const Progress &p) { return p.lostAtSource == 8; }) ||
            !run.running(),
        qPrintable(run.log()), stepTimeoutMs);
    QTRY_VERIFY2_WITH_TIMEOUT(reader.number(u"SELECT count(*) FROM messages"_s) == 2 ||
                                  !run.running(),
                              qPrintable(run.log()), stepTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(pending(m_redis, stream, "porthole"), 0, stepTimeoutMs);
    QVERIFY2(run.terminate() == 0, qPrintable(run.log()));
    const auto summary = run.lastProgress();
    QVERIFY2(summary && summary->state == u"stopped"_s && summary->lostAtSource == 8 &&
                 summary->stored == 2,
             qPrintable(run.log()));
    QVERIFY2(run.lines().constLast().endsWith(u", 8 lost at source"_s), qPrintable(run.log()));
    verifyMessages(reader, 2, stream, ids);
}

QTEST_GUILESS_MAIN(tst_IngestBadEntries)
#include "tst_ingestbadentries.moc"
