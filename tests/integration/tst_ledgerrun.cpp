#include "backloghistory.h"
#include "backlogsampler.h"
#include "commandrun.h"
#include "ingestrecoverytestsupport.h"
#include "ingestrun.h"
#include "ledger.h"
#include "migrateddatabase.h"
#include "redisclient.h"
#include "repositorytestsupport.h"
#include "sqlsupport.h"
#include "testservers.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace porthole::test;
using namespace std::chrono_literals;

namespace {

const QByteArray group = "porthole";
const QString consumer = u"ledger-run"_s;

} // namespace

// The ledger of a real run balances to the message, on both engines: `porthole ingest` into
// the database, SIGKILLed between a commit and its acknowledgement and started again (which
// finds that group stored: duplicates), with a poison entry that becomes a dead letter; the
// backlog sampled through BacklogSampler and BacklogHistory before and after, at times given.
// `porthole ledger` says so (exit 0), says when a batch-file store beside it has a damaged
// line (exit 4), and says which hour no longer balances (exit 4) once a stored row is deleted.
class tst_LedgerRun : public IngestRecoveryTest
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { setUpFixtures(); }
    void cleanup() { cleanUpAfterTest(); }
    void runWithAKillBalances_data() { addEngineRows(); }
    void runWithAKillBalances();

private:
    // The backlogs sampled as the window and the worker sample them, for the slot of `at`.
    void sample(const QSqlDatabase &db, const QByteArray &stream, const QDateTime &at);
};

void tst_LedgerRun::sample(const QSqlDatabase &db, const QByteArray &stream, const QDateTime &at)
{
    BacklogReceiver receiver;
    receiver.reads.key = QString::fromUtf8(stream);
    receiver.reads.type = u"stream"_s;
    receiver.reads.group = QString::fromUtf8(group);
    receiver.reads.consumer = consumer;
    const BacklogSampling sampling = BacklogSampler(db, &m_redis).sample(at, receiver);
    QVERIFY2(sampling.problems.isEmpty(), qPrintable(sampling.problems.join(u'\n')));
    auto written = BacklogHistory(db).write(sampling.samples);
    QVERIFY2(written && *written > 0,
             written ? "nothing written" : qPrintable(written.errorMessage()));
}

void tst_LedgerRun::runWithAKillBalances()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const qint64 total = 3000;
    const QByteArray stream = key(u"ledger"_s);
    QVERIFY(m_redis.command({"XGROUP", "CREATE", stream, group, "0", "MKSTREAM"}).ok());
    // The opening sample: the slot of now, before anything was added.
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QDateTime opened = backlogSlot(now, 15s);
    sample(database.db, stream, now);

    // A poison entry, delivered to a consumer that dies, twice: past --max-deliveries 2 when
    // the worker claims it, it becomes a dead letter.
    QVERIFY(m_redis.command({"XADD", stream, "*", "payload", "Message #0: poison"}).ok());
    for (const QByteArray &id : {QByteArray(">"), QByteArray("0")})
        QVERIFY(
            m_redis.command({"XREADGROUP", "GROUP", group, "ghost", "STREAMS", stream, id}).ok());
    QHash<qint64, QByteArray> ids;
    addToStream(m_redis, stream, 1, total, ids);
    if (QTest::currentTestFailed())
        return;

    const DatabaseUrl &url = database.scratch->url();
    const QString sink = url.isSqlite() ? u"sqlite://"_s + url.filePath() : url.toDisplayString();
    // The test samples at the times it chooses: the worker's own sampling is off.
    const QStringList arguments =
        ingestArguments(m_redisText, stream, consumer) +
        QStringList{u"--sink"_s,           sink,     u"--count"_s,           u"100"_s,
                    u"--max-deliveries"_s, u"2"_s,   u"--claim-idle-ms"_s,   u"100"_s,
                    u"--block-ms"_s,       u"200"_s, u"--history-seconds"_s, u"0"_s};
    const QString storedSql = u"SELECT count(*) FROM messages"_s;
    {
        // Killed by itself after its second group is committed, before it is acknowledged.
        IngestRun killed(m_binary, arguments);
        killed.setFaultPoint(u"ingest-stored:2"_s);
        QVERIFY(killed.start());
        QVERIFY2(killed.waitForCrash(), qPrintable(killed.howItEnded() + u'\n' + killed.log()));
        QVERIFY2(scalar(database.db, storedSql) > acknowledgedInStream(stream),
                 "the kill did not land between a commit and its acknowledgement");
    }
    IngestRun again(m_binary, arguments);
    QVERIFY(again.start());
    QTRY_VERIFY2_WITH_TIMEOUT(
        (scalar(database.db, storedSql) == total && pending(m_redis, stream, group) == 0) ||
            !again.running(),
        qPrintable(again.log()), stepTimeoutMs);
    QVERIFY2(again.terminate() == 0, qPrintable(again.log()));
    QVERIFY2(again.lastProgress() && again.lastProgress()->duplicates > 0, qPrintable(again.log()));

    // The closing sample: a slot after everything was stored (the worker has stopped).
    const QDateTime closeAt = QDateTime::currentDateTimeUtc().addSecs(15);
    sample(database.db, stream, closeAt);
    const QDateTime closed = backlogSlot(closeAt, 15s);

    auto ledger = readLedger(database.db, {opened, closed.addSecs(1), LedgerGrain::Hour, {}, {}});
    QVERIFY2(ledger, qPrintable(ledger.errorMessage()));
    QCOMPARE(ledger->key, QString::fromUtf8(stream));
    QCOMPARE(ledger->group, QString::fromUtf8(group));
    const LedgerPeriod &all = ledger->total;
    QCOMPARE(all.openedAt, opened);
    QCOMPARE(all.closedAt, closed);
    QCOMPARE(all.added, total + 1);
    QCOMPARE(all.delivered, total + 1);
    QCOMPARE(all.acknowledged, total + 1);
    QCOMPARE(all.stored, total);
    QCOMPARE(all.deadLetters, 1);
    QCOMPARE(all.backlogAtOpening, 0);
    QCOMPARE(all.backlogAtClose, 0);
    QCOMPARE(all.lostAtSource, 0);
    QVERIFY2(all.duplicates > 0, "the restarted worker's heartbeats counted no duplicate");
    QCOMPARE(all.imbalance(), 0);
    QCOMPARE(ledger->unbalancedCount(), 0);

    const QStringList command{u"ledger"_s,
                              u"--db"_s,
                              sink,
                              u"--from"_s,
                              opened.toString(Qt::ISODate),
                              u"--to"_s,
                              closed.addSecs(1).toString(Qt::ISODate),
                              u"--json"_s};
    const CommandRun balanced = runPorthole(command);
    QVERIFY2(balanced.exitCode == 0, balanced.err.constData());
    const QJsonObject json = QJsonDocument::fromJson(balanced.out).object();
    QCOMPARE(json.value(u"total"_s).toObject().value(u"added"_s).toInteger(), total + 1);
    QCOMPARE(json.value(u"total"_s).toObject().value(u"imbalance"_s).toInteger(), 0);

    // Beside a batch-file store with a damaged line, the command says so and fails.
    QTemporaryDir store;
    QVERIFY(store.isValid());
    QFile batch(store.filePath(u"messages_batch_0001.txt"_s));
    QVERIFY(batch.open(QIODevice::WriteOnly));
    batch.write("[2026-11-29 10:00:00] Message #1: one\n[2026-11-29 10:00:01] Message #2: two\n"
                "not a message\n");
    batch.close();
    const CommandRun damaged =
        runPorthole(command.mid(0, command.size() - 1) + QStringList{u"--files"_s, store.path()});
    QVERIFY2(damaged.exitCode == 4, damaged.out.constData());
    QVERIFY2(damaged.out.contains("the store's check of 1 files (2 lines) found 0 gaps and 1 "
                                  "damaged lines"),
             damaged.out.constData());

    // A stored row deleted afterwards: its hour no longer balances, and the command says so.
    auto deleted =
        execQuery(database.db, u"DELETE FROM messages WHERE message_number = 17"_s, {}, u"test"_s);
    QVERIFY2(deleted && deleted->numRowsAffected() == 1, "no message 17 to delete");
    const CommandRun flagged = runPorthole(command.mid(0, command.size() - 1));
    QVERIFY2(flagged.exitCode == 4, flagged.out.constData());
    QVERIFY2(flagged.out.contains("does not balance") &&
                 flagged.out.contains("1 more added than accounted for"),
             flagged.out.constData());
}

QTEST_MAIN(tst_LedgerRun)
#include "tst_ledgerrun.moc"
