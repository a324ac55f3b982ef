#include "alerthistory.h"
#include "migrateddatabase.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {

const QDateTime historyStart(QDate(2026, 11, 26), QTime(10, 0), QTimeZone::utc());

qint64 historyRows(const QSqlDatabase &db)
{
    QSqlQuery query(db);
    query.exec(u"SELECT count(*) FROM alert_history"_s);
    return query.next() ? query.value(0).toLongLong() : -1;
}

// Event i: rule "a" (even i) or "b" (odd i), a minute apart, going pending, firing, resolved
// and ok in turn.
AlertEvent historyEvent(int i)
{
    const AlertState states[] = {AlertState::Ok, AlertState::Pending, AlertState::Firing,
                                 AlertState::Resolved};
    return {.ruleId = i % 2 ? u"b"_s : u"a"_s,
            .ruleName = i % 2 ? u"Rule B"_s : u"Rule A"_s,
            .severity = i % 2 ? AlertSeverity::Critical : AlertSeverity::Warning,
            .subject = u"component-%1"_s.arg(i % 3),
            .from = states[i % 4],
            .to = states[(i + 1) % 4],
            .value = i == 0 ? std::nullopt : std::optional<double>(i * 1.5),
            .time = historyStart.addSecs(60 * i),
            .silenced = i == 3,
            .acknowledged = false};
}

QStringList timesOf(const Result<Page<AlertHistoryEntry>> &page)
{
    if (!page)
        return {page.errorMessage()};
    QStringList times;
    for (const AlertHistoryEntry &entry : page->rows)
        times << entry.occurredAt.toString(u"HH:mm"_s);
    return times;
}

} // namespace

class tst_AlertHistory : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void appendsAndReadsBack_data() { test::addEngineRows(); }
    void appendsAndReadsBack();
    void pagesNewestFirst_data() { test::addEngineRows(); }
    void pagesNewestFirst();
    void isAppendOnly_data() { test::addEngineRows(); }
    void isAppendOnly();
};

void tst_AlertHistory::appendsAndReadsBack()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    AlertHistory history(database.db);
    for (int i = 0; i < 4; ++i) {
        auto id = history.append(historyEvent(i),
                                 i == 2 ? QJsonObject{{u"threshold"_s, 100}} : QJsonObject{});
        QVERIFY2(id.ok(), qPrintable(id.errorMessage()));
        QVERIFY(*id > 0);
    }
    QCOMPARE(history.append(AlertEvent{}).error().kind, StorageError::Kind::InvalidArgument);

    auto page = history.page({}, {});
    QVERIFY2(page.ok(), qPrintable(page.errorMessage()));
    QCOMPARE(page->rows.size(), 4);
    const AlertHistoryEntry &third = page->rows.at(1); // newest first: event 2
    QCOMPARE(third.ruleId, u"a"_s);
    QCOMPARE(third.ruleName, u"Rule A"_s);
    QCOMPARE(third.subject, u"component-2"_s);
    QCOMPARE(third.severity, AlertSeverity::Warning);
    QCOMPARE(third.from, AlertState::Firing);
    QCOMPARE(third.to, AlertState::Resolved);
    QCOMPARE(third.value, std::optional<double>(3.0));
    QCOMPARE(third.occurredAt, historyStart.addSecs(120));
    QCOMPARE(third.details.value(u"threshold"_s).toInt(), 100);
    QCOMPARE(third.details.value(u"silenced"_s).toBool(), false);
    QCOMPARE(page->rows.at(0).details.value(u"silenced"_s).toBool(), true);
    QCOMPARE(page->rows.at(0).severity, AlertSeverity::Critical);
    QCOMPARE(page->rows.at(3).value, std::nullopt);
}

void tst_AlertHistory::pagesNewestFirst()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    AlertHistory history(database.db);
    for (int i = 0; i < 9; ++i)
        QVERIFY(history.append(historyEvent(i)).ok());

    PageRequest request;
    request.limit = 4;
    auto first = history.page({}, request);
    QCOMPARE(timesOf(first), (QStringList{u"10:08"_s, u"10:07"_s, u"10:06"_s, u"10:05"_s}));
    QVERIFY(first->atStart);
    QVERIFY(!first->atEnd);

    request.from = PageRequest::From::After;
    request.key = AlertHistory::keyOf(first->rows.constLast());
    auto second = history.page({}, request);
    QCOMPARE(timesOf(second), (QStringList{u"10:04"_s, u"10:03"_s, u"10:02"_s, u"10:01"_s}));
    request.key = AlertHistory::keyOf(second->rows.constLast());
    auto last = history.page({}, request);
    QCOMPARE(timesOf(last), QStringList{u"10:00"_s});
    QVERIFY(last->atEnd);

    // One rule within a time range: rule "a" is every even minute; [10:02, 10:07).
    const AlertHistoryFilter filter{
        .ruleId = u"a"_s, .from = historyStart.addSecs(120), .to = historyStart.addSecs(420)};
    QCOMPARE(timesOf(history.page(filter, {})), (QStringList{u"10:06"_s, u"10:04"_s, u"10:02"_s}));
    QCOMPARE(history.count(filter)->value, 3);
    QCOMPARE(history.count({})->value, 9);
}

void tst_AlertHistory::isAppendOnly()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    AlertHistory history(database.db);
    QVERIFY(history.append(historyEvent(1)).ok());
    QVERIFY(history.append(historyEvent(2)).ok());
    QSqlQuery query(database.db);
    // Negative control: the table takes rows written by hand.
    QVERIFY2(query.exec(u"INSERT INTO alert_history (rule_id, rule_name, severity, from_state, "
                        "to_state) VALUES ('c', 'C', 'info', 'ok', 'pending')"_s),
             qPrintable(query.lastError().text()));
    QVERIFY(!query.exec(u"UPDATE alert_history SET to_state = 'ok'"_s));
    QVERIFY(!query.exec(u"DELETE FROM alert_history WHERE rule_id = 'b'"_s));
    if (engine == test::ScratchDatabase::Engine::PostgreSQL)
        QVERIFY(!query.exec(u"TRUNCATE alert_history"_s));
    // A state the table does not know is refused.
    QVERIFY(!query.exec(u"INSERT INTO alert_history (rule_id, rule_name, severity, from_state, "
                        "to_state) VALUES ('c', 'C', 'info', 'ok', 'exploded')"_s));
    QCOMPARE(historyRows(database.db), 3);
    QCOMPARE(history.page({.ruleId = u"b"_s}, {})->rows.constFirst().to, AlertState::Firing);
}

QTEST_GUILESS_MAIN(tst_AlertHistory)
#include "tst_alerthistory.moc"
