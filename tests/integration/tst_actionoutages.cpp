#include "actionrecoverytestsupport.h"
#include "connectionfactory.h"
#include "databaseurl.h"
#include "ownredis.h"
#include "portmessagerepository.h"
#include "redisclient.h"
#include "replaypublisher.h"
#include "testservers.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QMap>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QUuid>

#include <csignal>
#include <fcntl.h>
#include <optional>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace porthole::test;

// "Nothing lost, nothing doubled" when a replay is interrupted: `porthole replay` run against a
// Redis that is not there yet, and cancelled by Ctrl+C (the kills are tst_ActionRecovery's).
class tst_ActionOutages : public porthole::test::ActionRecoveryTest
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void redisOutage_data();
    void redisOutage();
    void cancelOnSigint_data();
    void cancelOnSigint();
};

void tst_ActionOutages::initTestCase()
{
    setUpFixtures();
}

void tst_ActionOutages::cleanup()
{
    cleanUpAfterTest();
}

void tst_ActionOutages::redisOutage_data()
{
    addEngineRows();
}

// 4. A replay to a Redis that is not up yet waits, says so, and goes on once it is.
void tst_ActionOutages::redisOutage()
{
    QFETCH(Engine, engine);
    constexpr int total = 600;

    const TestDatabase database(engine);
    QVERIFY2(database.ok(), qPrintable(database.error()));
    const test::ScratchDatabase *scratch = database.scratch();
    QString error;
    const QStringList ids = store(database, deadLetters(total), &error);
    QVERIFY2(ids.size() == total, qPrintable(error));
    const RowStates before = rowStates(database);

    QTemporaryDir redisDirectory;
    QVERIFY(redisDirectory.isValid());
    const int port = test::freeLoopbackPort();
    QVERIFY(port > 0);
    test::OwnRedis server(redisDirectory.path(), port);
    const QByteArray key = "tst_actionrecovery:outage";

    PortholeRun run(m_binary,
                    {u"replay"_s, u"--db"_s, databaseArgument(*scratch), u"--filter"_s,
                     u"dead-letters"_s, u"--confirm"_s, QString::number(total), u"--to-redis"_s,
                     server.urlText(), u"--key"_s, QString::fromUtf8(key)});
    QVERIFY(run.start());
    QTRY_VERIFY2_WITH_TIMEOUT(run.errContains(u"Trying again"_s) || !run.running(),
                              qPrintable(run.log()), stepTimeoutMs);
    QVERIFY2(run.running(), qPrintable(run.log()));
    QVERIFY2(run.errContains(u"cannot be reached"_s), qPrintable(run.log()));
    // Waiting: prepared, nothing done.
    QCOMPARE(database.number(u"SELECT count(*) FROM action_outbox WHERE state = 'prepared'"_s),
             total);
    QCOMPARE(database.number(u"SELECT count(*) FROM port_messages WHERE replay_count > 0"_s), 0);

    QVERIFY2(server.start(&error), qPrintable(error));
    QVERIFY2(run.finish(), qPrintable(run.log()));
    QVERIFY2(run.exitCode() == 0, qPrintable(run.log()));

    RedisClient client;
    const auto connected = client.connect(server.url());
    QVERIFY2(connected.ok(), qPrintable(connected.errorMessage()));
    verifyExactlyOnce(database, before, ids, Target::Redis, &client, key);
}

void tst_ActionOutages::cancelOnSigint_data()
{
    addEngineRows();
}

// 6. Ctrl+C during a paced replay: what is done stays done, the rest is cancelled (audited)
// and untouched, nothing is left open.
void tst_ActionOutages::cancelOnSigint()
{
    QFETCH(Engine, engine);
    constexpr int total = 2000;

    const TestDatabase database(engine);
    QVERIFY2(database.ok(), qPrintable(database.error()));
    const test::ScratchDatabase *scratch = database.scratch();
    QString error;
    const QStringList ids = store(database, deadLetters(total), &error);
    QVERIFY2(ids.size() == total, qPrintable(error));
    const RowStates before = rowStates(database);

    PortholeRun run(m_binary, replayArguments(*scratch, Target::Database, {}, total) +
                                  QStringList{u"--rate"_s, u"200"_s});
    QVERIFY(run.start());
    const auto progressed = [&run] {
        for (const QString &line : run.errLines())
            if (doneInProgress(line).value_or(0) >= 100)
                return true;
        return false;
    };
    QTRY_VERIFY2_WITH_TIMEOUT(progressed() || !run.running(), qPrintable(run.log()), stepTimeoutMs);
    QVERIFY2(run.running(), qPrintable(run.log()));
    run.interrupt();
    QVERIFY2(run.finish(), qPrintable(run.log()));
    QVERIFY2(run.exitCode() == 1, qPrintable(run.log()));

    // Done: replayed once; the rest as it was.
    const RowStates after = rowStates(database);
    QStringList done;
    for (const QString &id : ids)
        if (after.value(id).replayCount > 0)
            done << id;
    QVERIFY2(done.size() >= 100 && done.size() < total, qPrintable(run.log()));
    QCOMPARE(ids.mid(0, done.size()), done); // oldest first
    RowStates expected = before;
    for (const QString &id : std::as_const(done))
        expected[id] = replayed(before.value(id), Target::Database);
    const QString differ = differences(expected, after);
    QVERIFY2(differ.isEmpty(), qPrintable(differ));
    const QString applied = QString::number(done.size());
    const QString cancelled = QString::number(total - done.size());
    QVERIFY2(run.out().contains(u"replay: %1 applied, 0 skipped, %2 cancelled"_s.arg(
                 QLocale(QLocale::English).toString(done.size()),
                 QLocale(QLocale::English).toString(total - done.size()))),
             qPrintable(run.log()));

    QCOMPARE(database.rows(u"SELECT state, outcome, count(*) FROM action_outbox "
                           "GROUP BY state, outcome ORDER BY outcome"_s),
             (QStringList{u"done applied "_s + applied, u"done cancelled "_s + cancelled}));
    QCOMPARE(database.rows(u"SELECT change, count(*), count(DISTINCT message_id) "
                           "FROM port_message_history GROUP BY change"_s),
             QStringList{u"replay %1 %1"_s.arg(applied)});
    QCOMPARE(database.rows(u"SELECT action, affected_count FROM audit_log ORDER BY id"_s),
             (QStringList{u"replay %1"_s.arg(total), u"replay cancelled "_s + applied}));
    const QStringList closedIds = jsonStrings(
        database.rows(u"SELECT affected_ids FROM audit_log WHERE action = 'replay cancelled'"_s)
            .value(0));
    QCOMPARE(setOf(closedIds), setOf(done));
}

QTEST_GUILESS_MAIN(tst_ActionOutages)
#include "tst_actionoutages.moc"
