#include "backloghistory.h"
#include "ledger.h"
#include "migrateddatabase.h"
#include "repositorytestsupport.h"
#include "sqlsupport.h"

#include <QSqlQuery>
#include <QTest>
#include <QTimeZone>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {

const QDateTime t0(QDate(2026, 11, 26), QTime(9, 0), QTimeZone::utc());
const QString stream = u"orders"_s;
const QString group = u"ingest"_s;

void run(const QSqlDatabase &db, const QString &sql, const QVariantList &params)
{
    auto query = execQuery(db, sql, params, u"test"_s);
    QVERIFY2(query, query ? "" : qPrintable(query.errorMessage()));
}

// The delivery key of the entry added at `at`, the `n`th of its millisecond.
QString keyAt(const QDateTime &at, int n = 0)
{
    return u"stream:%1:%2-%3"_s.arg(stream).arg(at.toMSecsSinceEpoch()).arg(n);
}

// `count` messages the receiver took 20 s apart from `first`, each added to Redis 1 s before.
void addMessages(const QSqlDatabase &db, const QDateTime &first, int count, int tag)
{
    for (int i = 0; i < count; ++i) {
        const QDateTime at = first.addSecs(20 * i);
        run(db,
            u"INSERT INTO messages (message_number, content, timestamp, delivery_key, source) "
            "VALUES (?, 'm', ?, ?, ?)"_s,
            {tag * 1000 + i, timestampParam(at, engineOf(db)), keyAt(at.addSecs(-1), tag), stream});
    }
}

// A row of another table, or a dead letter of the receiver (with its port message).
void addDelivery(const QSqlDatabase &db, const QDateTime &at, bool dead)
{
    const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    run(db,
        u"INSERT INTO ingest_deliveries (delivery_key, sink, stored_at, stored_id) "
        "VALUES (?, 'sql', ?, ?)"_s,
        {keyAt(at.addSecs(-1), 7), timestampParam(at, engineOf(db)), id});
    if (dead)
        run(db,
            u"INSERT INTO port_messages (id, port_name, source_component, target_component, "
            "message_data, status, created_at) VALUES (?, ?, 'redis', ?, '{}', 'dead_letter', ?)"_s,
            {id, stream, u"porthole-ingest"_s, timestampParam(at, engineOf(db))});
}

// A dead letter an operator moved from the group in the Redis pane: no delivery of its own.
void addMovedDeadLetter(const QSqlDatabase &db, const QDateTime &at)
{
    run(db,
        u"INSERT INTO port_messages (id, port_name, source_component, target_component, "
        "message_data, status, created_at) VALUES (?, ?, 'redis', ?, '{}', 'dead_letter', ?)"_s,
        {QUuid::createUuid().toString(QUuid::WithoutBraces), stream, group,
         timestampParam(at, engineOf(db))});
}

void addHeartbeat(const QSqlDatabase &db, const QDateTime &at, const QString &startedAt,
                  qint64 duplicates, qint64 lost, const QString &consumer = u"c1"_s)
{
    const QJsonObject details{{u"group"_s, group},
                              {u"started_at"_s, startedAt},
                              {u"duplicates"_s, duplicates},
                              {u"lost_at_source"_s, lost}};
    run(db,
        u"INSERT INTO system_health (component_name, health_status, health_details, "
        "last_heartbeat) VALUES (?, 'healthy', ?, ?)"_s,
        {QString(u"receiver:orders/"_s + consumer), jsonParam(QJsonDocument(details).toJson()),
         timestampParam(at, engineOf(db))});
}

BacklogSample groupAt(const QDateTime &slot, qint64 added, qint64 lag, qint64 pending)
{
    BacklogSample sample;
    sample.key = {BacklogKind::Group, stream, group};
    sample.slot = slot;
    sample.entriesAdded = added;
    sample.lag = lag;
    sample.pending = pending;
    return sample;
}

// Two hours of a receiver on `orders`, each balanced:
//   09:00  added 100, lag 10, pending 0
//   10:00  added 160, lag 5, pending 3     hour 9: 60 added = 55 messages + 5 other rows
//                                          + 2 dead letters + (8 - 10) backlog
//   11:00  added 200, lag 0, pending 0     hour 10: 40 added = 45 messages + 1 dead letter
//                                          + 1 moved by an operator + (0 - 8) backlog + 1 lost
void fillTwoHours(const QSqlDatabase &db)
{
    BacklogSample receiver;
    receiver.key = {BacklogKind::Receiver, stream, u"c1"_s};
    receiver.slot = t0;
    QVERIFY(BacklogHistory(db).write({receiver, groupAt(t0, 100, 10, 0),
                                      groupAt(t0.addSecs(3600), 160, 5, 3),
                                      groupAt(t0.addSecs(7200), 200, 0, 0)}));
    addMessages(db, t0.addSecs(10), 55, 1);
    for (int i = 0; i < 5; ++i)
        addDelivery(db, t0.addSecs(600 + i), false);
    addDelivery(db, t0.addSecs(1200), true);
    addDelivery(db, t0.addSecs(1300), true);
    addMessages(db, t0.addSecs(3610), 45, 2);
    addDelivery(db, t0.addSecs(4000), true);
    addMovedDeadLetter(db, t0.addSecs(4100));
    const QString started = t0.addSecs(-60).toString(Qt::ISODateWithMs);
    addHeartbeat(db, t0.addSecs(-10), started, 0, 0);
    addHeartbeat(db, t0.addSecs(1800), started, 3, 0);
    // Restarted at 10:20: its counters begin again.
    addHeartbeat(db, t0.addSecs(4800), t0.addSecs(4790).toString(Qt::ISODateWithMs), 2, 1);
    // A second receiver, running since the day before, first heard of at 09:10: what it
    // counted before is not this range's.
    const QString dayBefore = t0.addDays(-1).toString(Qt::ISODateWithMs);
    addHeartbeat(db, t0.addSecs(600), dayBefore, 7, 0, u"c2"_s);
    addHeartbeat(db, t0.addSecs(4200), dayBefore, 9, 0, u"c2"_s);
}

Ledger readOrFail(const QSqlDatabase &db, LedgerGrain grain = LedgerGrain::Hour)
{
    auto ledger = readLedger(db, {t0, t0.addSecs(7200), grain, {}, {}});
    if (!ledger)
        qWarning("%s", qPrintable(ledger.errorMessage()));
    return ledger ? *ledger : Ledger{};
}

} // namespace

// The ledger on both engines over rows and samples written as the receiver and the samplers
// write them: each hour's figures from the samples, the rows and the heartbeats; a balanced
// hour, a row stamped before a slot and acknowledged after it within the tolerance, an hour
// with a stored row deleted afterwards flagged, and the empty state's error.
class tst_Ledger : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void hoursBalance_data() { test::addEngineRows(); }
    void hoursBalance();
    void aRowPendingAtTheCloseIsWithinTheTolerance_data() { test::addEngineRows(); }
    void aRowPendingAtTheCloseIsWithinTheTolerance();
    void aDeletedRowIsFlagged_data() { test::addEngineRows(); }
    void aDeletedRowIsFlagged();
    void aStreamMadeAnewIsNotJudged_data() { test::addEngineRows(); }
    void aStreamMadeAnewIsNotJudged();
    void noSamplesSaysWhatToDo_data() { test::addEngineRows(); }
    void noSamplesSaysWhatToDo();
    void keptHoursAreRead_data() { test::addEngineRows(); }
    void keptHoursAreRead();
    void aKeptHourChangedIsCountedAgain_data();
    void aKeptHourChangedIsCountedAgain();
    void keepingWaitsForNoDeleter();
    void keptHoursAreCountedAgainInTurn_data() { test::addEngineRows(); }
    void keptHoursAreCountedAgainInTurn();
    void sqliteDropsTheHoursOfARowsDay();
};

void tst_Ledger::hoursBalance()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    fillTwoHours(database.db);
    const Ledger ledger = readOrFail(database.db);
    QCOMPARE(ledger.key, stream);
    QCOMPARE(ledger.group, group);
    QCOMPARE(ledger.periods.size(), 2);
    const LedgerPeriod &nine = ledger.periods.at(0);
    QCOMPARE(nine.openedAt, t0);
    QCOMPARE(nine.closedAt, t0.addSecs(3600));
    QCOMPARE(nine.added, 60);
    QCOMPARE(nine.delivered, 65);
    QCOMPARE(nine.acknowledged, 62);
    QCOMPARE(nine.stored, 60);
    QCOMPARE(nine.deadLetters, 2);
    QCOMPARE(nine.backlogAtOpening, 10);
    QCOMPARE(nine.backlogAtClose, 8);
    QCOMPARE(nine.duplicates, 3);
    QCOMPARE(nine.imbalance(), 0);
    QVERIFY(!nine.unbalanced());
    const LedgerPeriod &ten = ledger.periods.at(1);
    QCOMPARE(ten.added, 40);
    QCOMPARE(ten.stored, 45);
    QCOMPARE(ten.deadLetters, 2);
    QCOMPARE(ten.duplicates, 4);
    QCOMPARE(ten.lostAtSource, 1);
    QCOMPARE(ten.imbalance(), 0);
    QCOMPARE(ledger.unbalancedCount(), 0);
    QCOMPARE(ledger.total.added, 100);
    QCOMPARE(ledger.total.stored + ledger.total.deadLetters, 109);
    QCOMPARE(ledger.total.imbalance(), 0);

    const Ledger byDay = readOrFail(database.db, LedgerGrain::Day);
    QCOMPARE(byDay.periods.size(), 1);
    QCOMPARE(byDay.periods.at(0).openedAt, t0);
    QCOMPARE(byDay.periods.at(0).closedAt, t0.addSecs(7200));
    QCOMPARE(byDay.periods.at(0).added, 100);
    QCOMPARE(byDay.periods.at(0).imbalance(), 0);

    // The hours before the first sample are not listed: nothing was sampling yet.
    const auto earlier = readLedger(
        database.db, {t0.addSecs(-3 * 3600), t0.addSecs(7200), LedgerGrain::Hour, {}, {}});
    QVERIFY2(earlier, earlier ? "" : qPrintable(earlier.errorMessage()));
    QCOMPARE(earlier->periods.size(), 2);
    QCOMPARE(earlier->periods.at(0).start, t0);
}

// An entry taken at 09:59:50 and stored then, pending at 10:00 and acknowledged after: a row
// of hour 9 and in the backlog at its close. Within the 3 pending at 10:00, it balances.
void tst_Ledger::aRowPendingAtTheCloseIsWithinTheTolerance()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    fillTwoHours(database.db);
    addMessages(database.db, t0.addSecs(3590), 1, 3);
    const Ledger ledger = readOrFail(database.db);
    QCOMPARE(ledger.periods.size(), 2);
    QCOMPARE(ledger.periods.at(0).imbalance(), -1);
    QCOMPARE(ledger.periods.at(0).allowedUnder(), 3);
    QVERIFY(!ledger.periods.at(0).unbalanced());
}

void tst_Ledger::aDeletedRowIsFlagged()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    fillTwoHours(database.db);
    run(database.db, u"DELETE FROM messages WHERE message_number = ?"_s, {1007});
    const Ledger ledger = readOrFail(database.db);
    QCOMPARE(ledger.periods.size(), 2);
    QCOMPARE(ledger.periods.at(0).stored, 59);
    QCOMPARE(ledger.periods.at(0).imbalance(), 1);
    QCOMPARE(ledger.periods.at(0).allowedOver(), 0); // nothing was pending at 09:00
    QVERIFY(ledger.periods.at(0).unbalanced());
    QVERIFY(!ledger.periods.at(1).unbalanced());
    QCOMPARE(ledger.unbalancedCount(), 1);
    QVERIFY(ledger.total.unbalanced());
}

// Redis restarted without its data at 09:30: entries-added began again at 0 (5 by the next
// sample). Hour 9's bounds (100 -> 160) mean nothing: it is not judged, and says when; hour
// 10, sampled after the restart, balances; the total is not judged either.
void tst_Ledger::aStreamMadeAnewIsNotJudged()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    fillTwoHours(database.db);
    QVERIFY(BacklogHistory(database.db).write({groupAt(t0.addSecs(1800), 5, 0, 0)}));
    const Ledger ledger = readOrFail(database.db);
    QCOMPARE(ledger.periods.size(), 2);
    const LedgerPeriod &nine = ledger.periods.at(0);
    QCOMPARE(nine.resetAt, t0.addSecs(1800));
    QVERIFY(!nine.added);
    QVERIFY(!nine.imbalance());
    QVERIFY(!nine.unbalanced());
    QVERIFY(!ledger.periods.at(1).resetAt.isValid());
    QCOMPARE(ledger.periods.at(1).imbalance(), 0);
    QCOMPARE(ledger.total.resetAt, t0.addSecs(1800));
    QVERIFY(!ledger.total.unbalanced());
    QCOMPARE(ledger.unbalancedCount(), 0);
}

void tst_Ledger::noSamplesSaysWhatToDo()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    auto ledger = readLedger(database.db, {t0, t0.addSecs(3600), LedgerGrain::Hour, {}, {}});
    QVERIFY(!ledger);
    QCOMPARE(ledger.error().kind, StorageError::Kind::NotFound);
    QVERIFY2(ledger.errorMessage().contains(u"sampled while the window or a worker runs"_s),
             qPrintable(ledger.errorMessage()));
}

// The hours of fillTwoHours() kept, as the sampler keeps them at 12:00:10: hours are kept an
// hour after their end, so 10 and 9, the latest first, not 11; fails the test unless both
// were kept.
void keepTwoHours(const QSqlDatabase &db)
{
    const QDateTime now = t0.addSecs(3 * 3600 + 10);
    auto kept = keepLedgerCounts(db, now, stream, 2);
    QVERIFY2(kept, kept ? "" : qPrintable(kept.errorMessage()));
    QCOMPARE(*kept, 2);
    QCOMPARE(test::scalar(db, u"SELECT messages FROM ledger_counts WHERE hour_start = %1"_s.arg(
                                  t0.toSecsSinceEpoch())),
             55);
    QCOMPARE(test::scalar(db, u"SELECT max(hour_start) FROM ledger_counts"_s),
             t0.addSecs(3600).toSecsSinceEpoch());
    // Kept already: the next two are the hours before them.
    QCOMPARE(*keepLedgerCounts(db, now, stream, 2), 2);
    QCOMPARE(test::scalar(db, u"SELECT count(*) FROM ledger_counts"_s), 4);
    QCOMPARE(test::scalar(db, u"SELECT min(hour_start) FROM ledger_counts"_s),
             t0.addSecs(-7200).toSecsSinceEpoch());
}

// The ledger reads the hours kept instead of counting them, and gives what it counted.
void tst_Ledger::keptHoursAreRead()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    fillTwoHours(database.db);
    const Ledger counted = readOrFail(database.db);
    const Ledger countedByDay = readOrFail(database.db, LedgerGrain::Day);
    keepTwoHours(database.db);
    if (QTest::currentTestFailed())
        return;
    const Ledger kept = readOrFail(database.db);
    QCOMPARE(kept.periods.size(), 2);
    for (int i = 0; i < 2; ++i) {
        QCOMPARE(kept.periods.at(i).stored, counted.periods.at(i).stored);
        QCOMPARE(kept.periods.at(i).deadLetters, counted.periods.at(i).deadLetters);
        QCOMPARE(kept.periods.at(i).lateAtClose, counted.periods.at(i).lateAtClose);
        QCOMPARE(kept.periods.at(i).imbalance(), 0);
    }
    QCOMPARE(readOrFail(database.db, LedgerGrain::Day).periods.at(0).stored,
             countedByDay.periods.at(0).stored);
    // What it read is the kept count: one changed by hand (no trigger fires on
    // ledger_counts) shows.
    run(database.db, u"UPDATE ledger_counts SET messages = messages + 1000 WHERE hour_start = ?"_s,
        {t0.toSecsSinceEpoch()});
    QCOMPARE(readOrFail(database.db).periods.at(0).stored, counted.periods.at(0).stored + 1000);
}

void tst_Ledger::aKeptHourChangedIsCountedAgain_data()
{
    QTest::addColumn<test::ScratchDatabase::Engine>("engine");
    QTest::addColumn<QString>("change");
    QTest::addColumn<qint64>("storedNine");
    QTest::addColumn<qint64>("deadNine");
    QTest::addColumn<qint64>("storedTen");
    QTest::addColumn<bool>("flagged");
    // A message of hour 9 deleted; moved into hour 10; a dead letter of hour 9 deleted (its
    // delivery row stays: stored one more, and the hour still balances); a delivery row of
    // hour 9 deleted.
    const QList<std::tuple<const char *, QString, qint64, qint64, qint64, bool>> changes{
        {"message deleted", u"DELETE FROM messages WHERE message_number = 1007"_s, 59, 2, 45, true},
        {"message moved",
         u"UPDATE messages SET timestamp = (SELECT timestamp FROM messages "
         "WHERE message_number = 2000) WHERE message_number = 1007"_s,
         59, 2, 46, true},
        {"dead letter deleted",
         u"DELETE FROM port_messages WHERE CAST(id AS TEXT) = (SELECT min(CAST(id AS TEXT)) "
         "FROM port_messages "
         "WHERE created_at < (SELECT timestamp FROM messages WHERE message_number = 2000))"_s,
         61, 1, 45, false},
        {"delivery deleted",
         u"DELETE FROM ingest_deliveries WHERE stored_id = (SELECT min(stored_id) FROM "
         "ingest_deliveries WHERE stored_id NOT IN (SELECT CAST(id AS TEXT) FROM port_messages))"_s,
         59, 2, 45, true},
    };
    using Engine = test::ScratchDatabase::Engine;
    for (const auto &[engine, engineName] :
         {std::pair(Engine::SQLite, "sqlite"), std::pair(Engine::PostgreSQL, "postgresql")})
        for (const auto &[name, change, storedNine, deadNine, storedTen, flagged] : changes)
            QTest::addRow("%s, %s", engineName, name)
                << engine << change << storedNine << deadNine << storedTen << flagged;
}

// A row of a kept hour deleted or moved afterwards drops the hour's kept counts (the triggers
// of migration 29): the ledger counts it again, and a row missing is flagged as before.
void tst_Ledger::aKeptHourChangedIsCountedAgain()
{
    QFETCH(QString, change);
    QFETCH(qint64, storedNine);
    QFETCH(qint64, deadNine);
    QFETCH(qint64, storedTen);
    QFETCH(bool, flagged);
    PORTHOLE_MIGRATED_DATABASE(database);
    fillTwoHours(database.db);
    keepTwoHours(database.db);
    if (QTest::currentTestFailed())
        return;
    run(database.db, change, {});
    QCOMPARE(test::scalar(database.db, u"SELECT count(*) FROM ledger_counts WHERE "
                                       "hour_start = %1"_s.arg(t0.toSecsSinceEpoch())),
             0);
    const Ledger ledger = readOrFail(database.db);
    QCOMPARE(ledger.periods.size(), 2);
    QCOMPARE(ledger.periods.at(0).stored, storedNine);
    QCOMPARE(ledger.periods.at(0).deadLetters, deadNine);
    QCOMPARE(ledger.periods.at(1).stored, storedTen);
    QCOMPARE(ledger.periods.at(0).unbalanced(), flagged);
}

// On PostgreSQL a transaction that deleted a counted row and is still open holds
// ledger_counts (its trigger deleted there): the sampler's lock conflicts with it, so an hour
// is never kept from counts taken before that delete commits. The sampler does not wait: it
// keeps nothing this time, and the hours once the deleter is done.
void tst_Ledger::keepingWaitsForNoDeleter()
{
    PORTHOLE_SKIP_ON_TIMESCALEDB_FIXTURE(PORTHOLE_TWO_CONNECTIONS);
    test::MigratedDatabase database(test::ScratchDatabase::Engine::PostgreSQL);
    QVERIFY2(database.ok(), qPrintable(database.error));
    fillTwoHours(database.db);
    const QDateTime now = t0.addSecs(3 * 3600 + 10);
    {
        auto deleter = database.factory->open(u"deleter"_s);
        QVERIFY2(deleter, deleter ? "" : qPrintable(deleter.errorMessage()));
        QSqlQuery open(*deleter);
        QVERIFY(open.exec(u"BEGIN"_s));
        QVERIFY(open.exec(u"DELETE FROM messages WHERE message_number = 1007"_s));
        auto kept = keepLedgerCounts(database.db, now, stream, 2);
        QVERIFY2(kept, kept ? "" : qPrintable(kept.errorMessage()));
        QCOMPARE(*kept, 0);
        QVERIFY(open.exec(u"COMMIT"_s));
    }
    database.factory->close(u"deleter"_s);
    QCOMPARE(*keepLedgerCounts(database.db, now, stream, 2), 2);
    QCOMPARE(readOrFail(database.db).periods.at(0).stored, 59);
}

// Once every hour of the week is kept, each keeping counts again the one counted longest ago:
// a row stored late into a kept hour (no trigger fires on an insert) shows then.
void tst_Ledger::keptHoursAreCountedAgainInTurn()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    fillTwoHours(database.db);
    const QDateTime now = t0.addSecs(3 * 3600 + 10);
    auto all = keepLedgerCounts(database.db, now, stream, 1000);
    QVERIFY2(all, all ? "" : qPrintable(all.errorMessage()));
    // The hours from 12:00 a week before to 10:00 (the last that ended an hour before now).
    QCOMPARE(*all, keptLedgerDays * 24 - 1);
    QCOMPARE(test::scalar(database.db, u"SELECT count(*) FROM ledger_counts"_s), *all);
    // Hour 9 counted longest ago; a message stored into it late.
    run(database.db, u"UPDATE ledger_counts SET counted_at = ? WHERE hour_start = ?"_s,
        {timestampParam(t0.addDays(-30), engineOf(database.db)), t0.toSecsSinceEpoch()});
    addMessages(database.db, t0.addSecs(1800), 1, 4);
    QCOMPARE(readOrFail(database.db).periods.at(0).stored, 60); // the kept count
    QCOMPARE(*keepLedgerCounts(database.db, now, stream, 6), 1);
    QCOMPARE(readOrFail(database.db).periods.at(0).stored, 61);
}

// SQLite compares times as text: a deleted row drops the kept hours of its day and the hour
// before it, whatever form its time is written in; a time that is not a date, every hour.
void tst_Ledger::sqliteDropsTheHoursOfARowsDay()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const auto keep = [&](const QList<QDateTime> &hours) {
        run(database.db, u"DELETE FROM ledger_counts"_s, {});
        for (const QDateTime &hour : hours)
            run(database.db,
                u"INSERT INTO ledger_counts (kind, source, group_name, hour_start, messages, "
                "deliveries, lines, receiver_dead, moved_dead, counted_at) VALUES ('group', ?, "
                "?, ?, 1, 0, 0, 0, 0, '2026-11-27 00:00:00.000')"_s,
                {stream, group, hour.toSecsSinceEpoch()});
    };
    const QDateTime day = t0.addSecs(-9 * 3600); // 2026-11-26 00:00
    const QList<QDateTime> hours{day.addSecs(-2 * 3600), day.addSecs(-3600), day,
                                 day.addSecs(10 * 3600), day.addDays(1)};
    // The hours kept after a row stamped `time` is stored and deleted.
    const auto keptAfterDeleting = [&](const QVariant &time) {
        keep(hours);
        run(database.db,
            u"INSERT INTO messages (message_number, content, timestamp, delivery_key, source) "
            "VALUES (1, 'm', ?, 'k', ?)"_s,
            {time, stream});
        run(database.db, u"DELETE FROM messages"_s, {});
        return test::scalar(database.db, u"SELECT count(*) FROM ledger_counts"_s);
    };
    // Left: 22:00 of the day before, and the next day's first hour.
    for (const QString &time :
         {u"2026-11-26 09:10:00.000"_s, u"2026-11-26T09:10:00Z"_s, u"2026-11-26 00:00:00"_s})
        QCOMPARE(keptAfterDeleting(time), 2);
    QCOMPARE(keptAfterDeleting(u"2026-02-30 09:10:00"_s), 0);
    QCOMPARE(keptAfterDeleting(1764000000), 0);
}

QTEST_MAIN(tst_Ledger)
#include "tst_ledger.moc"
