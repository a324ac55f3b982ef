#include "alerthistory.h"
#include "alertservice.h"
#include "healthrepository.h"
#include "migrateddatabase.h"
#include "portmessagerepository.h"

#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

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
    void restartGoesOnFromTheHistory_data() { test::addEngineRows(); }
    void restartGoesOnFromTheHistory();
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

QTEST_GUILESS_MAIN(tst_AlertService)
#include "tst_alertservice.moc"
