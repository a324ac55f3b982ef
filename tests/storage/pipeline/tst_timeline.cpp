#include "alerthistory.h"
#include "backloghistory.h"
#include "flowwriter.h"
#include "healthrepository.h"
#include "portmessagerepository.h"
#include "repositorytestsupport.h"
#include "sqlsupport.h"
#include "timeline.h"

#include <QJsonDocument>
#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace std::chrono_literals;

// The incident timeline read from a real database, both engines: a generated incident gives
// exactly its changes in order and no per-heartbeat noise, by every filter, page by page.
class tst_Timeline : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listsAnIncidentInOrder_data() { test::addEngineRows(); }
    void listsAnIncidentInOrder();
    void filtersByComponentPortKindAndSeverity_data() { test::addEngineRows(); }
    void filtersByComponentPortKindAndSeverity();
    void pagesGiveWhatOneReadGives_data() { test::addEngineRows(); }
    void pagesGiveWhatOneReadGives();
    void aPageEndsWhereItsHeartbeatsEnd_data() { test::addEngineRows(); }
    void aPageEndsWhereItsHeartbeatsEnd();
    void groupChangesFromTheBacklogSamples_data() { test::addEngineRows(); }
    void groupChangesFromTheBacklogSamples();
    void heartbeatChangesOfOneComponent();
    void kindAndSeverityNames();
};

namespace {

const QDateTime now(QDate(2026, 11, 20), QTime(12, 0), Qt::UTC);
const QDateTime rangeFrom = now.addSecs(-30 * 60);

QDateTime minutesAgo(double minutes)
{
    return now.addMSecs(-qint64(minutes * 60000));
}

QString insert(const QSqlDatabase &db, const QString &sql, const QVariantList &params)
{
    auto done = execQuery(db, sql, params, u"test"_s);
    return done ? QString() : done.errorMessage();
}

// Heartbeats of a, b and c every 10 s from an hour ago: a degraded from 20 to 15 min ago, b
// silent after 10 min ago, c silent from 25 to 22 min ago and started again 5 min ago; d
// silent since 45 min ago, before the range.
QString writeHeartbeats(const QSqlDatabase &db)
{
    HealthRepository health(db);
    QSqlDatabase(db).transaction();
    for (int s = 60 * 60; s >= 10; s -= 10) {
        const QDateTime at = now.addSecs(-s);
        const QString aStatus = s <= 20 * 60 && s > 15 * 60 ? u"degraded"_s : u"healthy"_s;
        QList<Heartbeat> beats{{u"a"_s, aStatus, {}, at}};
        if (s >= 10 * 60)
            beats << Heartbeat{u"b"_s, u"healthy"_s, {}, at};
        if (s >= 25 * 60 || s <= 22 * 60) {
            const qint64 uptime = s <= 5 * 60 ? 5 + (5 * 60 - s) : 1000 + (60 * 60 - s);
            beats << Heartbeat{u"c"_s, u"healthy"_s,
                               "{\"uptime_s\": " + QByteArray::number(uptime) + '}', at};
        }
        if (s >= 45 * 60)
            beats << Heartbeat{u"d"_s, u"healthy"_s, {}, at};
        for (const Heartbeat &beat : beats)
            if (auto recorded = health.record(beat); !recorded)
                return recorded.errorMessage();
    }
    return QSqlDatabase(db).commit() ? QString() : u"commit failed"_s;
}

QString writeAlerts(const QSqlDatabase &db)
{
    AlertHistory history(db);
    const auto event = [](AlertState from, AlertState to, const QDateTime &at) {
        return AlertEvent{u"stale"_s,
                          u"Component stale"_s,
                          AlertSeverity::Critical,
                          u"b"_s,
                          from,
                          to,
                          120.0,
                          at,
                          false,
                          false,
                          {}};
    };
    for (const AlertEvent &e : {event(AlertState::Pending, AlertState::Firing, minutesAgo(35)),
                                event(AlertState::Ok, AlertState::Pending, minutesAgo(9)),
                                event(AlertState::Pending, AlertState::Firing, minutesAgo(8.5)),
                                event(AlertState::Firing, AlertState::Resolved, minutesAgo(1))})
        if (auto appended = history.append(e); !appended)
            return appended.errorMessage();
    return {};
}

// An operator's replay on orders, a group reset, a checkpoint's versions, a state's version.
QString writeChanges(const QSqlDatabase &db)
{
    const SqlEngine engine = engineOf(db);
    const auto at = [engine](double minutes) {
        return timestampParam(minutesAgo(minutes), engine);
    };
    QStringList errors;
    errors << insert(db,
                     u"INSERT INTO audit_log (occurred_at, actor, action, target_table, filter, "
                     "affected_count) VALUES (?, 'alice', 'replay', 'port_messages', ?, 2)"_s,
                     {at(8), uR"({"selection": {"filter": {"ports": ["orders"]}}})"_s})
           << insert(db,
                     u"INSERT INTO audit_log (occurred_at, actor, action, target_table, filter, "
                     "affected_count) VALUES (?, 'bob', 'stream-group-reset', 's', ?, 0)"_s,
                     {at(7), uR"({"key": "s", "group": "g"})"_s});
    for (const auto &[version, minutes] : {std::pair{1, 45.0}, std::pair{2, 6.0}})
        errors << insert(
            db,
            u"INSERT INTO checkpoints (id, checkpoint_name, component_name, "
            "checkpoint_data, version, created_at) VALUES (?, 'offsets', 'c', "
            "'{}', ?, ?)"_s,
            {QUuid::createUuid().toString(QUuid::WithoutBraces), version, at(minutes)});
    errors << insert(db,
                     u"INSERT INTO component_state (id, component_name, component_type, "
                     "state_data, version, created_at, updated_at) VALUES (?, 'a', 'Source', "
                     "'{}', 2, ?, ?)"_s,
                     {QUuid::createUuid().toString(QUuid::WithoutBraces), at(12), at(12)});
    errors.removeAll(QString());
    return errors.join(u'\n');
}

// Dead letters on orders to b: a timeout 50 and 20 min ago (the second not new), a schema
// mismatch 3 min ago (new) and 2 min ago (not new).
QString writeDeadLetters(const QSqlDatabase &db)
{
    QList<PortMessage> rows;
    for (const auto &[error, minutes] :
         {std::pair{u"timeout after 30s"_s, 50.0}, std::pair{u"timeout after 5s"_s, 20.0},
          std::pair{u"schema mismatch on field 'x'"_s, 3.0},
          std::pair{u"schema mismatch on field 'y'"_s, 2.0}}) {
        PortMessage m =
            test::hopMessage(u"orders"_s, u"a"_s, u"b"_s, u"dead_letter"_s, minutesAgo(minutes));
        m.errorMessage = error;
        rows << m;
    }
    auto inserted = PortMessageRepository(db).insert(rows);
    return inserted ? QString() : inserted.errorMessage();
}

QString writeIncident(const QSqlDatabase &db)
{
    for (const auto &write : {writeHeartbeats, writeAlerts, writeChanges, writeDeadLetters})
        if (QString error = write(db); !error.isEmpty())
            return error;
    return {};
}

// A change as one line: its minutes ago, kind, component or port, and what tells it apart.
QString line(const Change &change)
{
    QString text = u"%1 %2 %3"_s.arg(double(change.at.msecsTo(now)) / 60000.0)
                       .arg(changeKindName(change.kind), change.component);
    if (!change.port.isEmpty())
        text += u" port="_s + change.port;
    for (const char *key : {"to", "from", "action", "version", "signature"})
        if (change.details.contains(QLatin1String(key)))
            text +=
                u" %1=%2"_s.arg(QLatin1String(key),
                                change.details.value(QLatin1String(key)).toVariant().toString());
    if (change.kind == ChangeKind::Gap)
        text += change.until.isValid()
                    ? u" until=%1"_s.arg(double(change.until.msecsTo(now)) / 60000.0)
                    : u" ongoing"_s;
    return text;
}

QStringList lines(const QList<Change> &changes)
{
    QStringList result;
    for (const Change &change : changes)
        result << line(change);
    return result;
}

Result<QList<Change>> readAll(const QSqlDatabase &db, TimelineFilter filter)
{
    filter.from = rangeFrom;
    filter.to = now;
    auto all = TimelineReader(db).readAll(filter, now);
    if (!all)
        return all.error();
    return all->changes;
}

const QStringList incident{
    u"1 alert b to=resolved"_s,
    u"3 new_error b port=orders signature=schema mismatch on field '<s>'"_s,
    u"5 restart c"_s,
    u"6 checkpoint c version=2"_s,
    u"7 group  action=stream-group-reset"_s,
    u"8 action  port=orders action=replay"_s,
    u"8.5 alert b to=firing"_s,
    u"10 gap b ongoing"_s,
    u"12 state a version=2"_s,
    u"15 status a to=healthy from=degraded"_s,
    u"20 status a to=degraded from=healthy"_s,
    u"25 gap c until=22"_s,
    u"45 gap d ongoing"_s, // began before the range, goes on into it
};

} // namespace

void tst_Timeline::listsAnIncidentInOrder()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QString written = writeIncident(database.db);
    QVERIFY2(written.isEmpty(), qPrintable(written));

    const auto changes = readAll(database.db, {});
    QVERIFY2(changes.ok(), qPrintable(changes.errorMessage()));
    QCOMPARE(lines(*changes), incident);
    const Change &gap = changes->at(7);
    QCOMPARE(gap.severity, ChangeSeverity::Critical);
    QCOMPARE(gap.details.value("expected_ms"_L1).toInteger(), 10000);
    QCOMPARE(changes->at(2).details.value("uptime_after"_L1).toInteger(), 5);
    QCOMPARE(changes->at(6).severity, ChangeSeverity::Critical); // the alert's own
    QCOMPARE(changes->at(0).severity, ChangeSeverity::Info);     // resolved
    QCOMPARE(changes->at(4).severity, ChangeSeverity::Warning);  // a group reset
    QCOMPARE(changes->at(5).details.value("actor"_L1).toString(), u"alice"_s);
}

void tst_Timeline::filtersByComponentPortKindAndSeverity()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QString written = writeIncident(database.db);
    QVERIFY2(written.isEmpty(), qPrintable(written));
    const auto pick = [](std::initializer_list<int> rows) {
        QStringList picked;
        for (int row : rows)
            picked << incident.at(row);
        return picked;
    };

    TimelineFilter filter;
    filter.component = u"b"_s;
    auto changes = readAll(database.db, filter);
    QVERIFY2(changes.ok(), qPrintable(changes.errorMessage()));
    QCOMPARE(lines(*changes), pick({0, 1, 6, 7}));

    filter = {};
    filter.port = u"orders"_s;
    changes = readAll(database.db, filter);
    QVERIFY2(changes.ok(), qPrintable(changes.errorMessage()));
    QCOMPARE(lines(*changes), pick({1, 5}));

    filter = {};
    filter.kinds = {ChangeKind::Gap, ChangeKind::Checkpoint};
    changes = readAll(database.db, filter);
    QVERIFY2(changes.ok(), qPrintable(changes.errorMessage()));
    QCOMPARE(lines(*changes), pick({3, 7, 11, 12}));

    filter = {};
    filter.minimum = ChangeSeverity::Critical;
    changes = readAll(database.db, filter);
    QVERIFY2(changes.ok(), qPrintable(changes.errorMessage()));
    QCOMPARE(lines(*changes), pick({6, 7, 12}));
}

void tst_Timeline::pagesGiveWhatOneReadGives()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QString written = writeIncident(database.db);
    QVERIFY2(written.isEmpty(), qPrintable(written));
    TimelineFilter filter;
    filter.from = rangeFrom;
    filter.to = now;
    TimelineCursor cursor;
    QList<Change> paged;
    int pages = 0;
    for (;;) {
        auto page = TimelineReader(database.db).page(filter, now, cursor, 1);
        QVERIFY2(page.ok(), qPrintable(page.errorMessage()));
        QVERIFY(!page->next.until.isValid() || page->next.until <= filter.to);
        paged << page->changes;
        ++pages;
        if (page->atEnd)
            break;
        QVERIFY(page->next.until < (cursor.until.isValid() ? cursor.until : filter.to));
        cursor = page->next;
    }
    QCOMPARE(lines(paged), incident);
    // A page holds up to one row of each table: the audit log's two rows take two pages.
    QVERIFY2(pages >= 4, qPrintable(QString::number(pages)));
}

void tst_Timeline::aPageEndsWhereItsHeartbeatsEnd()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const SqlEngine sqlEngine = engineOf(database.db);
    // One component beating every second for longer than a page reads: degraded at first.
    const int beats = TimelineReader::heartbeatBudget + 1000;
    for (int start = 0; start < beats; start += 500) {
        QStringList values;
        QVariantList params;
        for (int i = start; i < std::min(beats, start + 500); ++i) {
            values << u"(?, 'w', ?, ?)"_s;
            params << QUuid::createUuid().toString(QUuid::WithoutBraces)
                   << (i < 100 ? u"degraded"_s : u"healthy"_s)
                   << timestampParam(now.addSecs(i - beats), sqlEngine);
        }
        const QString error = insert(database.db,
                                     u"INSERT INTO system_health (id, component_name, "
                                     "health_status, last_heartbeat) VALUES "_s +
                                         values.join(u", "_s),
                                     params);
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }
    TimelineFilter filter;
    filter.from = now.addSecs(-beats - 60);
    filter.to = now;
    TimelineReader reader(database.db);
    auto first = reader.page(filter, now);
    QVERIFY2(first.ok(), qPrintable(first.errorMessage()));
    QVERIFY(!first->atEnd);
    QVERIFY(first->changes.isEmpty());
    QVERIFY(first->readDownTo > now.addSecs(100 - beats));
    auto second = reader.page(filter, now, first->next);
    QVERIFY2(second.ok(), qPrintable(second.errorMessage()));
    QVERIFY(second->atEnd);
    QCOMPARE(lines(second->changes), QStringList{u"%1 status w to=healthy from=degraded"_s.arg(
                                         double(beats - 100) / 60.0)});
}

// Consumer groups made, deleted or reset outside Porthole, told by the backlog samples: each
// slot against the one before, the first slot there is against nothing.
void tst_Timeline::groupChangesFromTheBacklogSamples()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const auto group = [](const QString &stream, const QString &name, int minutes, qint64 lag,
                          qint64 added) {
        BacklogSample sample;
        sample.key = {BacklogKind::Group, stream, name};
        sample.slot = minutesAgo(minutes);
        sample.lag = lag;
        sample.entriesAdded = added;
        return sample;
    };
    QList<BacklogSample> samples{
        // 40 min ago, before the range: the first slot there is.
        group(u"orders"_s, u"billing"_s, 40, 5, 100),
        group(u"orders"_s, u"audit"_s, 40, 0, 100),
        // 20 min ago, the range's first slot, against the one before the range: billing
        // consumes, audit is gone.
        group(u"orders"_s, u"billing"_s, 20, 2, 110),
        // 10 min ago: billing's lag grew by 50 while 5 entries came (moved back), shipping
        // appeared; on another stream, a group appeared.
        group(u"orders"_s, u"billing"_s, 10, 52, 115),
        group(u"orders"_s, u"shipping"_s, 10, 115, 115),
        group(u"events"_s, u"archive"_s, 10, 0, 7),
        // 5 min ago: the lag grew by what came (no reset); archive's last-delivered-id went
        // back with its lag as it was (XGROUP SETID, as Redis can no longer tell the lag).
        group(u"orders"_s, u"billing"_s, 5, 62, 125),
        group(u"orders"_s, u"shipping"_s, 5, 125, 125),
        group(u"events"_s, u"archive"_s, 5, 0, 7),
    };
    samples[5].lastDelivered = u"1700000000100-0"_s;
    samples[8].lastDelivered = u"1700000000050-2"_s;
    const auto written = BacklogHistory(database.db).write(samples);
    QVERIFY2(written.ok(), qPrintable(written.errorMessage()));

    const auto changes = readAll(database.db, {});
    QVERIFY2(changes.ok(), qPrintable(changes.errorMessage()));
    QStringList found;
    for (const Change &change : *changes)
        found << line(change) +
                     u" group=%1 change=%2"_s.arg(change.details.value("group"_L1).toString(),
                                                  change.details.value("change"_L1).toString());
    found.sort();
    QCOMPARE(found, (QStringList{u"10 group  port=events group=archive change=appeared"_s,
                                 u"10 group  port=orders group=billing change=moved_back"_s,
                                 u"10 group  port=orders group=shipping change=appeared"_s,
                                 u"20 group  port=orders group=audit change=gone"_s,
                                 u"5 group  port=events group=archive change=moved_back"_s}));
    const auto reset = std::find_if(changes->cbegin(), changes->cend(), [](const Change &c) {
        return c.details.value("change"_L1).toString() == u"moved_back"_s &&
               c.details.value("group"_L1).toString() == u"billing"_s;
    });
    QVERIFY(reset != changes->cend());
    QCOMPARE(reset->severity, ChangeSeverity::Warning);
    QCOMPARE(reset->details.value("lag_before"_L1).toInteger(), 2);
    QCOMPARE(reset->details.value("lag_after"_L1).toInteger(), 52);

    // By port (the stream), and none for a component.
    const auto onEvents = readAll(database.db, {.port = u"events"_s});
    QVERIFY2(onEvents.ok(), qPrintable(onEvents.errorMessage()));
    QCOMPARE(onEvents->size(), 2);
    const auto ofComponent = readAll(database.db, {.component = u"billing"_s});
    QVERIFY2(ofComponent.ok(), qPrintable(ofComponent.errorMessage()));
    QVERIFY(ofComponent->isEmpty());
    // Page by page, the same: a page's first slot is compared with the one before it.
    TimelineFilter filter{.from = rangeFrom, .to = now};
    QList<Change> paged;
    TimelineCursor cursor;
    for (int pages = 0; pages < 100; ++pages) {
        auto page = TimelineReader(database.db).page(filter, now, cursor, 1);
        QVERIFY2(page.ok(), qPrintable(page.errorMessage()));
        paged << page->changes;
        if (page->atEnd)
            break;
        cursor = page->next;
    }
    QCOMPARE(lines(paged), lines(*changes));
}

void tst_Timeline::heartbeatChangesOfOneComponent()
{
    const auto at = [](int s) {
        return now.addSecs(s);
    };
    const auto point = [&](int s, const QString &status = u"healthy"_s) {
        return HeartbeatPoint{at(s), status, std::nullopt, {}, {}};
    };
    // Beats every 10 s; a silence of 40 s (over 3 x 10 s) is a gap, one of 25 s is not.
    QList<HeartbeatPoint> points{point(-200), point(-190), point(-180), point(-140),
                                 point(-130), point(-105), point(-95)};
    auto changes =
        heartbeatChanges(u"x"_s, std::nullopt, points, std::nullopt, now, at(-1000), 60s);
    QCOMPARE(lines(changes), (QStringList{u"3 gap x until=2.33333"_s, u"1.58333 gap x ongoing"_s}));
    // Only what is at or after notBefore; the heartbeat after ends the last silence, the one
    // before tells the first one's status.
    changes =
        heartbeatChanges(u"x"_s, point(-210, u"unhealthy"_s), points, point(0), now, at(-150), 60s);
    QCOMPARE(lines(changes), QStringList{u"1.58333 gap x until=0"_s});
    changes =
        heartbeatChanges(u"x"_s, point(-210, u"unhealthy"_s), points, point(0), now, at(-200), 60s);
    QCOMPARE(lines(changes), (QStringList{u"3.33333 status x to=healthy from=unhealthy"_s,
                                          u"3 gap x until=2.33333"_s, u"1.58333 gap x until=0"_s}));
    // Too few heartbeats to learn from: the fallback threshold.
    changes =
        heartbeatChanges(u"x"_s, std::nullopt, {point(-100)}, std::nullopt, now, at(-1000), 120s);
    QVERIFY(changes.isEmpty());
    changes =
        heartbeatChanges(u"x"_s, std::nullopt, {point(-100)}, std::nullopt, now, at(-1000), 60s);
    QCOMPARE(lines(changes), QStringList{u"1.66667 gap x ongoing"_s});
    // A restart: the uptime went down, or started_at changed.
    QCOMPARE(heartbeatPoint(at(0), u"healthy"_s, R"({"uptime_seconds": 12})").uptimeSeconds, 12);
    const HeartbeatPoint started =
        heartbeatPoint(at(-5), u"healthy"_s, R"({"started_at": "2026-11-20T11:59:50Z"})");
    QCOMPARE(started.startedAt, u"2026-11-20T11:59:50Z"_s);
    HeartbeatPoint earlier = started;
    earlier.at = at(-15);
    earlier.startedAt = u"2026-11-20T10:00:00Z"_s;
    changes = heartbeatChanges(u"x"_s, std::nullopt, {earlier, started}, std::nullopt, at(-4),
                               at(-100), 60s);
    QCOMPARE(lines(changes), QStringList{u"0.0833333 restart x"_s});
    // A status change says why where the heartbeat gives a reason (a receiver does).
    const HeartbeatPoint stalled = heartbeatPoint(
        at(-5), u"unhealthy"_s, R"({"state": "stalled", "reason": "NOPERM on XACK"})");
    QCOMPARE(stalled.reason, u"NOPERM on XACK"_s);
    changes = heartbeatChanges(u"x"_s, std::nullopt, {point(-15), stalled}, std::nullopt, at(-4),
                               at(-100), 60s);
    QCOMPARE(changes.size(), 1);
    QCOMPARE(changes.first().details.value("reason"_L1).toString(), u"NOPERM on XACK"_s);
}

void tst_Timeline::kindAndSeverityNames()
{
    for (int i = 0; i < changeKindCount; ++i) {
        const auto kind = ChangeKind(i);
        QVERIFY(!changeKindName(kind).isEmpty());
        QCOMPARE(changeKindNamed(changeKindName(kind)), kind);
    }
    QCOMPARE(changeKindNamed(u"heartbeat"_s), std::nullopt);
    QCOMPARE(changeSeverityNamed(u"critical"_s), ChangeSeverity::Critical);
    QCOMPARE(changeSeverityName(ChangeSeverity::Warning), u"warning"_s);
}

QTEST_GUILESS_MAIN(tst_Timeline)
#include "tst_timeline.moc"
