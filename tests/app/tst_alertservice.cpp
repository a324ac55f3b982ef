#include "alerthistory.h"
#include "alertservice.h"
#include "alertsignals.h"
#include "backloghistory.h"
#include "batchteststore.h"
#include "healthrepository.h"
#include "migrateddatabase.h"
#include "portmessagerepository.h"
#include "redisclient.h"
#include "sqlscript.h"
#include "testservers.h"

#include <QFile>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace std::chrono_literals;

namespace {

const QDateTime t0(QDate(2026, 11, 26), QTime(9, 0), QTimeZone::utc());

QDateTime at(int minutes)
{
    return t0.addSecs(minutes * 60);
}

bool addDeadLetters(const QSqlDatabase &db, int count, const QDateTime &created)
{
    QList<PortMessage> rows;
    for (int i = 0; i < count; ++i) {
        PortMessage m;
        m.portName = u"orders"_s;
        m.sourceComponent = u"validator"_s;
        m.targetComponent = u"splitter"_s;
        m.messageData = R"({"order": 1})";
        m.status = u"dead_letter"_s;
        m.maxRetries = 3;
        m.createdAt = created;
        rows.append(m);
    }
    return PortMessageRepository(db).insert(rows).ok();
}

// More than 4 dead letters in 5 minutes fires at once; 2 or fewer resolve it. The receiver
// stopped for a minute is critical.
QList<AlertRule> rules()
{
    AlertRule deadLetters{.id = u"dead-letters"_s,
                          .name = u"Dead letters"_s,
                          .kind = AlertKind::DeadLetterGrowth,
                          .threshold = 4,
                          .clearThreshold = 2,
                          .window = 300s};
    AlertRule stopped{.id = u"ingest-stopped"_s,
                      .name = u"Receiver stopped"_s,
                      .kind = AlertKind::IngestStopped,
                      .severity = AlertSeverity::Critical,
                      .threshold = 0.5,
                      .clearThreshold = 0.5,
                      .forDuration = 60s};
    return {deadLetters, stopped};
}

QList<AlertState> statesOf(const QSignalSpy &spy)
{
    QList<AlertState> states;
    for (const QList<QVariant> &arguments : spy)
        states << arguments.at(0).value<AlertEvent>().to;
    return states;
}

} // namespace

// The alert loop on a real database: rounds at times the test gives, the database's rules read
// from rows that change, another source's readings handed in, every change in the history.
class tst_AlertService : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundsFireAndResolve_data() { test::addEngineRows(); }
    void roundsFireAndResolve();
    void readOnlyDataGetsNoHistory();
    void pipelineDatabaseWithoutTheirTables();
    void restartGoesOnFromTheHistory_data() { test::addEngineRows(); }
    void restartGoesOnFromTheHistory();
    void groupRulesReadTheirOwnStreams();
    void batchFindingsFireAndResolve();
    void ingestErrorsInTheLastMinute();
    void backlogsThatDoNotDrain_data() { test::addEngineRows(); }
    void backlogsThatDoNotDrain();
};

void tst_AlertService::roundsFireAndResolve()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    AlertService service(*database.factory, rules(), {});
    QSignalSpy changed(&service, &AlertService::changed);
    QSignalSpy failed(&service, &AlertService::failed);

    QVERIFY(addDeadLetters(database.db, 3, at(0)));
    service.evaluate(at(1)); // 3 dead letters: below the threshold; the receiver not heard of
    QCOMPARE(changed.size(), 0);
    QCOMPARE(service.evaluator().state(u"dead-letters"_s), AlertState::Ok);

    QVERIFY(addDeadLetters(database.db, 2, at(2)));
    service.provide(AlertKind::IngestStopped, {{.subject = {}, .value = 1}});
    service.evaluate(at(3)); // 5 in the window: fires; the receiver stopped: pending
    QCOMPARE(statesOf(changed), (QList<AlertState>{AlertState::Firing, AlertState::Pending}));
    service.evaluate(at(4)); // a minute stopped: firing
    QCOMPARE(changed.size(), 3);
    QCOMPARE(changed.constLast().at(0).value<AlertEvent>().to, AlertState::Firing);
    QVERIFY(changed.constLast().at(0).value<AlertEvent>().notifies());

    // The first dead letters leave the window (3 of the 5 are older than 5 minutes at 6:00),
    // and the receiver runs again.
    service.provide(AlertKind::IngestStopped, {{.subject = {}, .value = 0}});
    service.evaluate(at(6));
    QCOMPARE(statesOf(changed).mid(3),
             (QList<AlertState>{AlertState::Resolved, AlertState::Resolved}));
    QVERIFY2(failed.isEmpty(), qPrintable(failed.value(0).value(0).toString()));

    auto history = AlertHistory(database.db).page({}, {});
    QVERIFY2(history.ok(), qPrintable(history.errorMessage()));
    QCOMPARE(history->rows.size(), 5);
    QCOMPARE(history->rows.constFirst().to, AlertState::Resolved); // newest first
}

// Data attached read-only: the loop runs and tells, and writes nothing.
void tst_AlertService::readOnlyDataGetsNoHistory()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    QVERIFY(addDeadLetters(database.db, 5, at(0)));
    AlertService service(*database.factory, rules(), {.writeHistory = false});
    QSignalSpy changed(&service, &AlertService::changed);
    QSignalSpy evaluated(&service, &AlertService::evaluated);
    service.evaluate(at(1));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(evaluated.size(), 1);
    QCOMPARE(AlertHistory(database.db).page({}, {})->rows.size(), 0);
}

// A pipeline's own database (seed 001's SQLite DDL, attached read-only) has no system_health
// and no alert history: the heartbeat rule has no source there and is not read, the history is
// empty, and nothing fails; the dead-letter rule reads port_messages as it is.
void tst_AlertService::pipelineDatabaseWithoutTheirTables()
{
    PORTHOLE_SCRATCH_DATABASE(scratch, test::ScratchDatabase::Engine::SQLite);
    {
        const ConnectionFactory owner(scratch->url());
        auto db = owner.open(u"pipeline"_s);
        QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
        QFile ddl(QStringLiteral(PORTHOLE_SEED_DDL "/seed001_sqlite.sql"));
        QVERIFY(ddl.open(QIODevice::ReadOnly));
        QSqlQuery query(*db);
        for (const QString &statement : splitSqlStatements(QString::fromUtf8(ddl.readAll())))
            QVERIFY2(query.exec(statement), qPrintable(statement));
        for (int i = 0; i < 5; ++i)
            QVERIFY(query.exec(u"INSERT INTO port_messages (id, port_name, source_component, "
                               "target_component, message_data, status, created_at) VALUES "
                               "('m%1', 'orders', 'a', 'b', '{}', 'dead_letter', '%2')"_s.arg(i)
                                   .arg(at(0).toString(u"yyyy-MM-dd HH:mm:ss"_s))));
    }
    const ConnectionFactory attached(scratch->url(), readOnlySettings());
    AlertRule heartbeat{.id = u"heartbeat"_s,
                        .name = u"Heartbeat"_s,
                        .kind = AlertKind::HeartbeatAge,
                        .threshold = 60,
                        .clearThreshold = 60};
    // The pipeline's own database has no backlog history: the rule is not read, and fails not.
    AlertRule draining{.id = u"draining"_s,
                       .name = u"Backlogs drain"_s,
                       .kind = AlertKind::BacklogNotDraining,
                       .threshold = 600,
                       .clearThreshold = 600};
    AlertService service(attached, {rules().constFirst(), heartbeat, draining},
                         {.writeHistory = false});
    QSignalSpy changed(&service, &AlertService::changed);
    QSignalSpy failed(&service, &AlertService::failed);
    QSignalSpy history(&service, &AlertService::historyLoaded);
    service.evaluate(at(1));
    service.loadHistory(100);
    QVERIFY2(failed.isEmpty(), qPrintable(failed.value(0).value(0).toString()));
    QCOMPARE(statesOf(changed), QList<AlertState>{AlertState::Firing}); // the dead letters
    QCOMPARE(history.size(), 1);
    QVERIFY(history.constFirst().at(0).value<QList<AlertHistoryEntry>>().isEmpty());
}

// A loop started again (the window reopened, the worker restarted) goes on where the history
// left off: what fired is still firing, without a second "ok -> firing", and resolves later.
void tst_AlertService::restartGoesOnFromTheHistory()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QVERIFY(addDeadLetters(database.db, 6, at(0)));
    {
        AlertService first(*database.factory, rules(), {});
        QSignalSpy changed(&first, &AlertService::changed);
        first.evaluate(at(1));
        QCOMPARE(statesOf(changed), QList<AlertState>{AlertState::Firing});
    }
    AlertService second(*database.factory, rules(), {});
    QSignalSpy changed(&second, &AlertService::changed);
    QSignalSpy failed(&second, &AlertService::failed);
    second.restoreStates();
    second.evaluate(at(2));
    QCOMPARE(changed.size(), 0);
    QCOMPARE(failed.size(), 0);
    second.evaluate(at(7)); // the dead letters left the 5-minute window
    QCOMPARE(statesOf(changed), QList<AlertState>{AlertState::Resolved});
    QCOMPARE(changed.at(0).at(0).value<AlertEvent>().from, AlertState::Firing);
    auto history = AlertHistory(database.db).page({}, {});
    QVERIFY(history);
    QCOMPARE(history->rows.size(), 2); // fired once, resolved once
}

// Two group_lag rules on two streams of a real redis-server: each reads its own stream and
// group, so only the one that falls behind fires, and it resolves once its group has read.
void tst_AlertService::groupRulesReadTheirOwnStreams()
{
    const auto url = test::fixtureRedis();
    QVERIFY2(url.ok(), qPrintable(url.errorMessage()));
    RedisClient redis;
    QVERIFY(redis.connect(*url).ok());
    const QByteArray prefix =
        "tst_alertservice:" + QUuid::createUuid().toByteArray(QUuid::WithoutBraces) + ':';
    const QByteArray orders = prefix + "orders";
    const QByteArray invoices = prefix + "invoices";
    for (const QByteArray &stream : {orders, invoices}) {
        QVERIFY(redis.command({"XADD", stream, "*", "n", "0"}).ok());
        QVERIFY(redis.command({"XGROUP", "CREATE", stream, "billing", "0"}).ok());
        QVERIFY(redis.command({"XGROUP", "CREATE", stream, "audit", "0"}).ok());
    }
    for (int i = 1; i < 5; ++i)
        QVERIFY(redis.command({"XADD", orders, "*", "n", QByteArray::number(i)}).ok());

    const auto lagRule = [](const QString &id, const QByteArray &stream) {
        return AlertRule{.id = id,
                         .name = id,
                         .kind = AlertKind::GroupLag,
                         .threshold = 3,
                         .clearThreshold = 1,
                         .forDuration = 60s,
                         .stream = QString::fromUtf8(stream),
                         .group = u"billing"_s};
    };
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    AlertService service(*database.factory,
                         {lagRule(u"orders-lag"_s, orders), lagRule(u"invoices-lag"_s, invoices)},
                         {});
    QSignalSpy changed(&service, &AlertService::changed);
    QSignalSpy failed(&service, &AlertService::failed);
    service.evaluate(at(0)); // no Redis server given: the rules are not read
    QCOMPARE(service.evaluator().statuses().size(), 0);

    service.setSources({.redis = *url, .redisTimeouts = {}, .stream = {}, .batchDirectory = {}});
    service.evaluate(at(1)); // billing is 5 behind on orders, 1 on invoices
    service.evaluate(at(2));
    QVERIFY2(failed.isEmpty(), qPrintable(failed.value(0).value(0).toString()));
    QCOMPARE(statesOf(changed), (QList<AlertState>{AlertState::Pending, AlertState::Firing}));
    const auto event = changed.constLast().at(0).value<AlertEvent>();
    QCOMPARE(event.ruleId, u"orders-lag"_s);
    QCOMPARE(event.subject, u"billing"_s);
    QCOMPARE(event.value, 5.0);
    QCOMPARE(service.evaluator().state(u"invoices-lag"_s, u"billing"_s), AlertState::Ok);

    // billing reads orders: its lag is 0 (audit's, still 5, is not the rule's group).
    QVERIFY(redis.command({"XREADGROUP", "GROUP", "billing", "w", "STREAMS", orders, ">"}).ok());
    service.evaluate(at(3));
    QCOMPARE(statesOf(changed).mid(2), QList<AlertState>{AlertState::Resolved});
    QVERIFY(failed.isEmpty());
}

// batch_integrity over a real store: a damaged line fires at the next check (the store is read
// at most once a minute), mending it resolves.
void tst_AlertService::batchFindingsFireAndResolve()
{
    QTemporaryDir store;
    const QString file = store.filePath(u"messages_batch_0001.txt"_s);
    QVERIFY(test::writeFile(file, test::seedLines(1, 4)));
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    AlertService service(*database.factory,
                         {{.id = u"integrity"_s,
                           .name = u"Integrity"_s,
                           .kind = AlertKind::BatchIntegrity,
                           .severity = AlertSeverity::Critical,
                           .threshold = 0,
                           .clearThreshold = 0}},
                         {});
    service.setSources(
        {.redis = {}, .redisTimeouts = {}, .stream = {}, .batchDirectory = store.path()});
    QSignalSpy changed(&service, &AlertService::changed);
    QSignalSpy failed(&service, &AlertService::failed);
    service.evaluate(at(0));
    QCOMPARE(service.evaluator().state(u"integrity"_s), AlertState::Ok);

    QVERIFY(test::writeFile(file, test::seedLines(1, 2) + "not a message\n" + test::seedLine(3)));
    service.evaluate(at(0).addSecs(30)); // within the minute: the last check stands
    QCOMPARE(changed.size(), 0);
    service.evaluate(at(1).addSecs(1));
    QCOMPARE(statesOf(changed), QList<AlertState>{AlertState::Firing});
    QCOMPARE(changed.at(0).at(0).value<AlertEvent>().value, 1.0);

    QVERIFY(test::writeFile(file, test::seedLines(1, 4)));
    service.evaluate(at(2).addSecs(2));
    QCOMPARE(statesOf(changed), (QList<AlertState>{AlertState::Firing, AlertState::Resolved}));
    QVERIFY2(failed.isEmpty(), qPrintable(failed.value(0).value(0).toString()));
}

// ingest_error_rate: the receiver's errors of the minute before each round, each counted once
// however often a report repeats it; nothing is read before the receiver has reported.
void tst_AlertService::ingestErrorsInTheLastMinute()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    AlertService service(*database.factory,
                         {{.id = u"errors"_s,
                           .name = u"Errors"_s,
                           .kind = AlertKind::IngestErrorRate,
                           .threshold = 2,
                           .clearThreshold = 1}},
                         {});
    QSignalSpy changed(&service, &AlertService::changed);
    service.evaluate(at(0));
    QCOMPARE(service.evaluator().statuses().size(), 0); // the receiver has not reported

    service.noteIngest({});
    service.evaluate(at(1));
    QCOMPARE(service.evaluator().state(u"errors"_s), AlertState::Ok);
    for (int second : {10, 20, 20, 20, 30}) // the report at 20 s came three times
        service.noteIngest(at(1).addSecs(second));
    service.evaluate(at(1).addSecs(40)); // 3 errors in the last minute
    QCOMPARE(statesOf(changed), QList<AlertState>{AlertState::Firing});
    QCOMPARE(changed.at(0).at(0).value<AlertEvent>().value, 3.0);
    service.evaluate(at(2).addSecs(25)); // only the error at 30 s is left: 1
    QCOMPARE(statesOf(changed), (QList<AlertState>{AlertState::Firing, AlertState::Resolved}));
}

// A port whose backlog grows, sampled every 15 s for five minutes: the loop reads the backlog
// history through the trends, fires for the port, and writes it to the history.
void tst_AlertService::backlogsThatDoNotDrain()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QList<BacklogSample> samples;
    for (int s = 0; s <= 300; s += 15) {
        BacklogSample sample;
        sample.key = {BacklogKind::Port, u"payments"_s, u""_s};
        sample.slot = at(0).addSecs(s);
        sample.pending = 100 + 3 * s;
        sample.processing = 0;
        samples << sample;
    }
    QVERIFY(BacklogHistory(database.db).write(samples).ok());
    AlertService service(*database.factory,
                         {{.id = u"draining"_s,
                           .name = u"Backlogs drain"_s,
                           .kind = AlertKind::BacklogNotDraining,
                           .threshold = 600,
                           .clearThreshold = 300}},
                         {});
    QSignalSpy changed(&service, &AlertService::changed);
    QSignalSpy failed(&service, &AlertService::failed);
    service.evaluate(at(5).addSecs(5));
    QVERIFY2(failed.isEmpty(), qPrintable(failed.value(0).value(0).toString()));
    QCOMPARE(statesOf(changed), QList<AlertState>{AlertState::Firing});
    const auto event = changed.at(0).at(0).value<AlertEvent>();
    QCOMPARE(event.subject, u"port payments"_s);
    QCOMPARE(event.value, backlogNeverDrainsSeconds);
    auto latest = AlertHistory(database.db).latestStates();
    QVERIFY2(latest.ok(), qPrintable(latest.errorMessage()));
    QCOMPARE(latest->size(), 1);
    QCOMPARE(latest->at(0).subject, u"port payments"_s);
    QCOMPARE(latest->at(0).value, backlogNeverDrainsSeconds);
}

QTEST_GUILESS_MAIN(tst_AlertService)
#include "tst_alertservice.moc"
