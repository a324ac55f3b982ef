#include "bigstreamentry.h"
#include "ingestrun.h"
#include "redisclient.h"
#include "testservers.h"

#include <QElapsedTimer>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace porthole;
using porthole::test::IngestRun;
using porthole::test::Progress;

namespace {

// 4.4 million elements in the answer for this one entry: over the client's 4,194,304.
constexpr int BigEntryPairs = 2'200'000;

} // namespace

// `porthole ingest` on a stream that holds, between normal entries, one entry too large for
// the Redis client to read. Before, each read closed the connection and read the same entries
// again for ever, nothing after the entry was stored, and the worker said "running". Now the
// entry is one dead letter that says why, and everything after it is stored and acknowledged.
class tst_OversizedIngest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void oversizedEntryBecomesADeadLetter();

private:
    QString m_binary;
    RedisUrl m_url;
    RedisClient m_redis;
    QTemporaryDir m_temp;
};

void tst_OversizedIngest::initTestCase()
{
    m_binary = qEnvironmentVariable("PORTHOLE_BINARY");
    QVERIFY2(!m_binary.isEmpty(), "PORTHOLE_BINARY names the porthole executable (ctest sets it)");
    const auto url = test::fixtureRedis();
    QVERIFY2(url.ok(), qPrintable(url.errorMessage()));
    m_url = *url;
    QVERIFY2(m_url.password().isEmpty(), "the test passes the URL on the command line");
    QVERIFY(m_redis.connect(m_url, {2000, 30000}).ok());
    QVERIFY(m_temp.isValid());
}

void tst_OversizedIngest::oversizedEntryBecomesADeadLetter()
{
    const QByteArray key = "tst_oversizedingest:" + QUuid::createUuid().toByteArray(QUuid::Id128);
    QList<QList<QByteArray>> normal;
    for (int n = 1; n <= 3; ++n)
        normal.append({"XADD", key, "*", "payload", "Message #" + QByteArray::number(n)});
    QVERIFY(m_redis.pipeline(normal).ok());
    QString error;
    const QByteArray bigId = test::addBigStreamEntry(m_url, key, BigEntryPairs, &error);
    QVERIFY2(!bigId.isEmpty(), qPrintable(error));
    normal.clear();
    for (int n = 4; n <= 6; ++n)
        normal.append({"XADD", key, "*", "payload", "Message #" + QByteArray::number(n)});
    QVERIFY(m_redis.pipeline(normal).ok());

    const QString path = m_temp.filePath(u"oversized.db"_s);
    IngestRun run(m_binary, {u"--redis"_s, m_url.toDisplayString(), u"--key"_s,
                             QString::fromUtf8(key), u"--group"_s, u"porthole"_s, u"--consumer"_s,
                             u"oversized"_s, u"--sink"_s, u"sqlite://"_s + path});
    QElapsedTimer draining;
    draining.start();
    QVERIFY(run.start());
    QTRY_VERIFY2_WITH_TIMEOUT(
        run.progressSince(
            0, [](const Progress &p) { return p.acknowledged == 7 && p.pending == 0; }) ||
            !run.running(),
        qPrintable(run.log()), IngestRun::stepTimeoutMs);
    qInfo("stored and acknowledged the seven entries in %lld ms", draining.elapsed());
    const auto done = run.lastProgress();
    QVERIFY2(done && done->acknowledged == 7, qPrintable(run.log()));
    QCOMPARE(done->stored, 6);
    QCOMPARE(done->deadLetters, 1); // the big entry, once
    QCOMPARE(done->state, u"running"_s);
    QVERIFY2(run.log().contains(u"larger than Porthole accepts"_s), qPrintable(run.log()));
    const auto pending = m_redis.command({"XPENDING", key, "porthole"});
    QVERIFY(pending.ok() && !pending->elements.isEmpty());
    QCOMPARE(pending->elements.at(0).integer, 0LL);
    QVERIFY2(run.terminate() == 0, qPrintable(run.log()));

    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"check"_s);
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery query(db);
        QVERIFY2(query.exec(u"SELECT content FROM messages ORDER BY message_number"_s),
                 qPrintable(query.lastError().text()));
        QStringList contents;
        while (query.next())
            contents << query.value(0).toString();
        QCOMPARE(contents, (QStringList{u"Message #1"_s, u"Message #2"_s, u"Message #3"_s,
                                        u"Message #4"_s, u"Message #5"_s, u"Message #6"_s}));
        QVERIFY2(query.exec(u"SELECT message_data, error_message, error_details FROM "
                            "port_messages WHERE status = 'dead_letter'"_s),
                 qPrintable(query.lastError().text()));
        QVERIFY(query.next());
        const QString data = query.value(0).toString();
        const QString reason = query.value(1).toString();
        QVERIFY2(data.contains(QString::fromLatin1(bigId)) && data.contains(u"2200000"_s),
                 qPrintable(data));
        QVERIFY2(reason.contains(u"field count (2200000)"_s) && reason.contains(u"4194304"_s),
                 qPrintable(reason));
        QVERIFY2(query.value(2).toString().contains(QString::fromLatin1(bigId)),
                 qPrintable(query.value(2).toString()));
        QVERIFY(!query.next());
    }
    QSqlDatabase::removeDatabase(u"check"_s);
    m_redis.command({"DEL", key});
}

QTEST_GUILESS_MAIN(tst_OversizedIngest)
#include "tst_oversizedingest.moc"
