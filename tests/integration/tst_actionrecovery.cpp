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

// "Nothing lost, nothing doubled": `porthole replay` through its outbox, killed at each step,
// run twice at once, and run beside what is still pending (a Redis outage and Ctrl+C are
// tst_ActionOutages').
class tst_ActionRecovery : public porthole::test::ActionRecoveryTest
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void crashAtEachStep_data();
    void crashAtEachStep();
    void doubleReplay_data();
    void doubleReplay();
    void twoFinishersAtOnce_data();
    void twoFinishersAtOnce();
    void replayWhilePending_data();
    void replayWhilePending();
    void dryRunMatchesAction_data();
    void dryRunMatchesAction();
};

void tst_ActionRecovery::initTestCase()
{
    setUpFixtures();
}

void tst_ActionRecovery::cleanup()
{
    cleanUpAfterTest();
}

void tst_ActionRecovery::crashAtEachStep_data()
{
    QTest::addColumn<Engine>("engine");
    QTest::addColumn<Target>("target");
    QTest::addColumn<QString>("faultPoint");
    QTest::addColumn<int>("doneAtCrash");      // outbox rows done when it died
    QTest::addColumn<int>("publishedAtCrash"); // stream entries when it died
    const struct
    {
        const char *name;
        Target target;
        const char *point;
        int done;
        int published;
    } points[] = {
        {"database", Target::Database, "action-prepared", 0, 0},
        {"database", Target::Database, "action-applied:1", 500, 0},
        {"database", Target::Database, "action-applied:2", 1000, 0},
        {"redis", Target::Redis, "action-prepared", 0, 0},
        {"redis", Target::Redis, "action-published:2", 500, 1000},
        {"redis", Target::Redis, "action-applied:1", 500, 500},
        {"redis", Target::Redis, "action-applied:2", 1000, 1000},
    };
    for (const Engine engine : {Engine::SQLite, Engine::PostgreSQL}) {
        for (const auto &point : points)
            QTest::addRow("%s/%s/%s", qPrintable(test::engineName(engine)), point.name, point.point)
                << engine << point.target << QString::fromLatin1(point.point) << point.done
                << point.published;
    }
}

// 1. Killed (SIGKILL) after the prepare, after a step's publish, after a step's commit: the
// next run finishes the action, and every message is replayed exactly once.
void tst_ActionRecovery::crashAtEachStep()
{
    QFETCH(Engine, engine);
    QFETCH(Target, target);
    QFETCH(QString, faultPoint);
    QFETCH(int, doneAtCrash);
    QFETCH(int, publishedAtCrash);
    constexpr int total = 1200;

    const TestDatabase database(engine);
    QVERIFY2(database.ok(), qPrintable(database.error()));
    const test::ScratchDatabase *scratch = database.scratch();
    QString error;
    const QStringList ids = store(database, deadLetters(total), &error);
    QVERIFY2(ids.size() == total, qPrintable(error));
    const RowStates before = rowStates(database);
    const QByteArray key = newKey();

    {
        PortholeRun crashing(m_binary, replayArguments(*scratch, target, key, total), faultPoint);
        QVERIFY(crashing.start());
        QVERIFY2(crashing.finish(), qPrintable(crashing.log()));
        QVERIFY2(crashing.killedBySigkill(), qPrintable(crashing.log()));
    }
    // Where it died: the steps before are done, the rest open, nothing closed.
    QCOMPARE(database.rows(u"SELECT state, count(*) FROM action_outbox GROUP BY state "
                           "ORDER BY state"_s),
             (doneAtCrash == 0 ? QStringList{u"prepared %1"_s.arg(total)}
                               : QStringList{u"done %1"_s.arg(doneAtCrash),
                                             u"prepared %1"_s.arg(total - doneAtCrash)}));
    QCOMPARE(database.number(u"SELECT count(*) FROM port_messages WHERE replay_count = 1"_s),
             doneAtCrash);
    QCOMPARE(database.rows(u"SELECT action FROM audit_log ORDER BY id"_s),
             QStringList{u"replay"_s});
    if (target == Target::Redis) {
        const auto length = m_redis.command({"XLEN", key});
        QVERIFY2(length.ok(), qPrintable(length.errorMessage()));
        QCOMPARE(length->integer, publishedAtCrash);
    }

    PortholeRun finishing(m_binary,
                          {u"replay"_s, u"--db"_s, databaseArgument(*scratch), u"--finish"_s});
    QVERIFY(finishing.start());
    QVERIFY2(finishing.finish(), qPrintable(finishing.log()));
    QVERIFY2(finishing.exitCode() == 0, qPrintable(finishing.log()));
    QVERIFY2(finishing.errContains(u"that an earlier run left unfinished"_s),
             qPrintable(finishing.log()));

    verifyExactlyOnce(database, before, ids, target, &m_redis, key);
}

void tst_ActionRecovery::doubleReplay_data()
{
    addEngineRows();
}

// 2. Two `porthole replay` of the same selection started at once: each message replayed once.
void tst_ActionRecovery::doubleReplay()
{
    QFETCH(Engine, engine);
    constexpr int total = 1000;

    const TestDatabase database(engine);
    QVERIFY2(database.ok(), qPrintable(database.error()));
    const test::ScratchDatabase *scratch = database.scratch();
    QString error;
    const QStringList ids = store(database, deadLetters(total), &error);
    QVERIFY2(ids.size() == total, qPrintable(error));
    const RowStates before = rowStates(database);
    const QByteArray key = newKey();

    // Both are held where each has planned the same rows and neither has prepared its action
    // (the pause point "action-planned"), and let go together once both are there: they
    // overlap, whatever the machine's speed.
    QTemporaryDir gateFolder;
    QVERIFY(gateFolder.isValid());
    const QString gate = gateFolder.filePath(u"gate"_s);
    QCOMPARE(::mkfifo(QFile::encodeName(gate).constData(), 0600), 0);
    const QStringList arguments = replayArguments(*scratch, Target::Redis, key, total);
    const QString pausePoint = u"action-planned:"_s + gate;
    PortholeRun first(m_binary, arguments, {}, pausePoint);
    PortholeRun second(m_binary, arguments, {}, pausePoint);
    QVERIFY(first.start());
    QVERIFY(second.start());
    const auto arrived = [&gateFolder] {
        return QDir(gateFolder.path()).entryList({u"gate.*"_s}, QDir::Files).size();
    };
    QTRY_VERIFY_WITH_TIMEOUT(arrived() == 2 || !first.running() || !second.running(),
                             stepTimeoutMs);
    QVERIFY2(arrived() == 2,
             qPrintable(u"%1 of the two runs reached the gate together:\n"_s.arg(arrived()) +
                        first.log() + u'\n' + second.log()));
    QVERIFY(first.running() && second.running());
    // A byte each; held open (O_RDWR never waits for a reader) until both have read theirs.
    const int opener = ::open(QFile::encodeName(gate).constData(), O_RDWR | O_CLOEXEC);
    QVERIFY(opener >= 0);
    const auto closeGate = qScopeGuard([opener] { ::close(opener); });
    QCOMPARE(::write(opener, "go", 2), ssize_t(2));
    QVERIFY2(first.finish(), qPrintable(first.log()));
    QVERIFY2(second.finish(), qPrintable(second.log()));
    for (PortholeRun *run : {&first, &second})
        QVERIFY2(run->exitCode() == 0 || run->exitCode() == 3, qPrintable(run->log()));
    // One did it all; the other found every row taken by the first's action (or changed by it).
    QVERIFY2(first.exitCode() != second.exitCode(),
             qPrintable(first.log() + u"\n"_s + second.log()));

    verifyExactlyOnce(database, before, ids, Target::Redis, &m_redis, key);
}

void tst_ActionRecovery::twoFinishersAtOnce_data()
{
    QTest::addColumn<Engine>("engine");
    QTest::addColumn<Target>("target");
    for (const Engine engine : {Engine::SQLite, Engine::PostgreSQL}) {
        const QString name = test::engineName(engine);
        QTest::addRow("%s/database", qPrintable(name)) << engine << Target::Database;
        QTest::addRow("%s/redis", qPrintable(name)) << engine << Target::Redis;
    }
}

// 2b. An action a crash left open, finished by two runs at once (two operators after the
// crash): each message replayed once, by the one action.
void tst_ActionRecovery::twoFinishersAtOnce()
{
    QFETCH(Engine, engine);
    QFETCH(Target, target);
    constexpr int total = 1200;

    const TestDatabase database(engine);
    QVERIFY2(database.ok(), qPrintable(database.error()));
    const test::ScratchDatabase *scratch = database.scratch();
    QString error;
    const QStringList ids = store(database, deadLetters(total), &error);
    QVERIFY2(ids.size() == total, qPrintable(error));
    const RowStates before = rowStates(database);
    const QByteArray key = newKey();
    {
        PortholeRun crashing(m_binary, replayArguments(*scratch, target, key, total),
                             u"action-prepared"_s);
        QVERIFY(crashing.start());
        QVERIFY2(crashing.finish() && crashing.killedBySigkill(), qPrintable(crashing.log()));
    }
    QCOMPARE(database.number(u"SELECT count(*) FROM action_outbox WHERE state = 'prepared'"_s),
             total);

    const QStringList arguments{u"replay"_s, u"--db"_s, databaseArgument(*scratch), u"--finish"_s};
    PortholeRun first(m_binary, arguments);
    PortholeRun second(m_binary, arguments);
    QVERIFY(first.start());
    QVERIFY(second.start());
    QVERIFY2(first.finish(), qPrintable(first.log()));
    QVERIFY2(second.finish(), qPrintable(second.log()));
    QVERIFY2(first.exitCode() == 0, qPrintable(first.log()));
    QVERIFY2(second.exitCode() == 0, qPrintable(second.log()));

    verifyExactlyOnce(database, before, ids, target, &m_redis, key);
}

void tst_ActionRecovery::replayWhilePending_data()
{
    QTest::addColumn<Engine>("engine");
    QTest::addColumn<QString>("status");
    QTest::addColumn<QString>("reason"); // in the dry run's "(skipped: ...)"
    for (const Engine engine : {Engine::SQLite, Engine::PostgreSQL}) {
        const QString name = test::engineName(engine);
        QTest::addRow("%s/pending", qPrintable(name))
            << engine << u"pending"_s << u"it is pending already"_s;
        QTest::addRow("%s/processing", qPrintable(name))
            << engine << u"processing"_s << u"a worker is processing it"_s;
        QTest::addRow("%s/completed", qPrintable(name))
            << engine << u"completed"_s << u"completed is final"_s;
    }
}

// 3. Rows the pipeline still has (pending, processing) or has done with (completed): skipped,
// in the dry run and for real, and nothing changes.
void tst_ActionRecovery::replayWhilePending()
{
    QFETCH(Engine, engine);
    QFETCH(QString, status);
    QFETCH(QString, reason);

    const TestDatabase database(engine);
    QVERIFY2(database.ok(), qPrintable(database.error()));
    const test::ScratchDatabase *scratch = database.scratch();
    QString error;
    QList<PortMessage> messages = deadLetters(5);
    for (PortMessage &m : messages) {
        m.status = status;
        m.retryCount = 1;
        m.errorMessage.clear();
        m.errorDetails.clear();
        if (status == u"completed"_s)
            m.completedAt = m.processedAt;
    }
    const QStringList ids = store(database, messages, &error);
    QVERIFY2(ids.size() == messages.size(), qPrintable(error));
    const RowStates before = rowStates(database);
    const QStringList selection{u"replay"_s, u"--db"_s, databaseArgument(*scratch), u"--ids"_s,
                                ids.join(u',')};

    PortholeRun dryRun(m_binary, selection + QStringList{u"--dry-run"_s});
    QVERIFY(dryRun.start());
    QVERIFY2(dryRun.finish(), qPrintable(dryRun.log()));
    QVERIFY2(dryRun.exitCode() == 3, qPrintable(dryRun.log()));
    const QList<ListedRow> listed = listedRows(dryRun.out());
    QCOMPARE(listed.size(), ids.size());
    for (const ListedRow &row : listed) {
        QVERIFY2(ids.contains(row.id), qPrintable(row.id));
        QVERIFY2(!row.acts() && row.becomes.contains(reason), qPrintable(row.becomes));
    }
    QVERIFY2(dryRun.out().contains(u"0 will be acted on, 5 skipped"_s), qPrintable(dryRun.log()));

    PortholeRun real(m_binary, selection);
    QVERIFY(real.start());
    QVERIFY2(real.finish(), qPrintable(real.log()));
    QVERIFY2(real.exitCode() == 3, qPrintable(real.log()));
    QVERIFY2(real.errContains(u"nothing to do"_s), qPrintable(real.log()));

    const QString differ = differences(before, rowStates(database));
    QVERIFY2(differ.isEmpty(), qPrintable(differ));
    QCOMPARE(database.number(u"SELECT count(*) FROM action_outbox"_s), 0);
    QCOMPARE(database.number(u"SELECT count(*) FROM port_message_history"_s), 0);
    QCOMPARE(database.number(u"SELECT count(*) FROM audit_log"_s), 0);
}

void tst_ActionRecovery::dryRunMatchesAction_data()
{
    addEngineRows();
}

// 5. The action acts on exactly the rows its dry run showed acting, in the same order.
void tst_ActionRecovery::dryRunMatchesAction()
{
    QFETCH(Engine, engine);

    const TestDatabase database(engine);
    QVERIFY2(database.ok(), qPrintable(database.error()));
    const test::ScratchDatabase *scratch = database.scratch();
    QString error;
    // Dead letters on two ports, and pending rows on the port of the filter.
    QList<PortMessage> messages = deadLetters(300);
    QList<PortMessage> pending = deadLetters(20, u"orders.in"_s);
    for (PortMessage &m : pending) {
        m.status = u"pending"_s;
        m.retryCount = 0;
        m.errorMessage.clear();
        m.errorDetails.clear();
        m.createdAt = m.createdAt.addSecs(7);
    }
    const QStringList ids = store(database, messages + pending, &error);
    QVERIFY2(ids.size() == messages.size() + pending.size(), qPrintable(error));
    // Every 7th message replayed three times already: the loop guard skips those.
    QSet<QString> overBudget;
    for (qsizetype i = 0; i < messages.size(); i += 7)
        overBudget.insert(ids.at(i));
    for (const QString &id : std::as_const(overBudget))
        QVERIFY(database.rows(u"UPDATE port_messages SET replay_count = 3 WHERE id = ?"_s, {id})
                    .isEmpty());
    QStringList selected; // orders.in dead letters, oldest first
    for (qsizetype i = 0; i < messages.size(); ++i)
        if (messages.at(i).portName == u"orders.in"_s)
            selected << ids.at(i);
    const RowStates before = rowStates(database);

    const QStringList selection{u"replay"_s,      u"--db"_s,           databaseArgument(*scratch),
                                u"--filter"_s,    u"port=orders.in"_s, u"--filter"_s,
                                u"dead-letters"_s};
    PortholeRun dryRun(m_binary, selection + QStringList{u"--dry-run"_s, u"--show"_s, u"100000"_s});
    QVERIFY(dryRun.start());
    QVERIFY2(dryRun.finish(), qPrintable(dryRun.log()));
    QVERIFY2(dryRun.exitCode() == 3, qPrintable(dryRun.log())); // some are skipped
    const QList<ListedRow> listed = listedRows(dryRun.out());
    QStringList listedIds;
    QStringList acting;
    QSet<QString> skipped;
    for (const ListedRow &row : listed) {
        listedIds << row.id;
        if (row.acts())
            acting << row.id;
        else
            skipped.insert(row.id);
    }
    QCOMPARE(listedIds, selected);
    QCOMPARE(skipped, setOf(selected) & overBudget);
    QVERIFY(acting.size() >= 100); // so that it needs --confirm
    QVERIFY2(dryRun.out().contains(u"%1 will be acted on"_s.arg(acting.size())),
             qPrintable(dryRun.log()));
    const QString differ = differences(before, rowStates(database));
    QVERIFY2(differ.isEmpty(), qPrintable(differ));

    PortholeRun real(m_binary,
                     selection + QStringList{u"--confirm"_s, QString::number(acting.size())});
    QVERIFY(real.start());
    QVERIFY2(real.finish(), qPrintable(real.log()));
    QVERIFY2(real.exitCode() == 3, qPrintable(real.log())); // the skipped rows
    verifyExactlyOnce(database, before, acting, Target::Database, nullptr, {});
}

QTEST_GUILESS_MAIN(tst_ActionRecovery)
#include "tst_actionrecovery.moc"
