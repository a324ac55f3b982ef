#include "healthrepository.h"
#include "queryplan.h"
#include "repositorytestsupport.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace porthole;
using porthole::test::json;
using porthole::test::scalar;
using namespace std::chrono_literals;
using Engine = porthole::test::ScratchDatabase::Engine;

namespace {

QDateTime utc(const QString &text)
{
    QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    time.setTimeZone(QTimeZone::utc());
    return time;
}

// Heartbeat i of "sensor" (i % 3 == 2: "degraded") written the seed's way: on SQLite with an id
// of its own and CURRENT_TIMESTAMP's form of time, on PostgreSQL with the defaults and a time in
// microseconds; heartbeats 2k and 2k + 1 share a time, and their ids put the later one after.
QString insertSeedHeartbeats(const QSqlDatabase &db, Engine engine, int count)
{
    QSqlQuery query(db);
    for (int i = 0; i < count; ++i) {
        const QString status = i % 3 == 2 ? u"degraded"_s : u"healthy"_s;
        const QString id = u"00000000-0000-4000-8000-%1"_s.arg(i, 12, 10, QLatin1Char('0'));
        if (engine == Engine::SQLite) {
            query.prepare(u"INSERT INTO system_health (id, component_name, health_status, "
                          "health_details, last_heartbeat) VALUES (?, 'sensor', ?, ?, ?)"_s);
            query.addBindValue(id);
            query.addBindValue(status);
            query.addBindValue(u"{\"i\": %1}"_s.arg(i));
            query.addBindValue(u"2026-11-20 08:00:%1"_s.arg((i / 2) * 10, 2, 10, QLatin1Char('0')));
        } else {
            query.prepare(u"INSERT INTO system_health (id, component_name, health_status, "
                          "health_details, last_heartbeat) VALUES (CAST(? AS uuid), 'sensor', ?, "
                          "CAST(? AS jsonb), TIMESTAMPTZ '2026-11-20 08:00:00.000001+00' + "
                          "? * INTERVAL '1 microsecond')"_s);
            query.addBindValue(id);
            query.addBindValue(status);
            query.addBindValue(u"{\"i\": %1}"_s.arg(i));
            query.addBindValue((i / 2) * 3);
        }
        if (!query.exec())
            return query.lastError().text();
    }
    return {};
}

QList<int> numbersOf(const Result<Page<HealthRecord>> &page)
{
    if (!page)
        return {-1};
    QList<int> out;
    for (const HealthRecord &record : page->rows)
        out << json(record.details).object().value(u"i"_s).toInt(-1);
    return out;
}

} // namespace

class tst_HealthRepository : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void latestWithStaleFlags_data() { test::addEngineRows(); }
    void latestWithStaleFlags();
    void refusedHeartbeatWritesNothing_data() { test::addEngineRows(); }
    void refusedHeartbeatWritesNothing();
    void history_data() { test::addEngineRows(); }
    void history();
    void staleByLearnedInterval_data() { test::addEngineRows(); }
    void staleByLearnedInterval();
    void latestReadsIndexNotTable_data() { test::addEngineRows(); }
    void latestReadsIndexNotTable();
    void pagesSeedRows_data() { test::addEngineRows(); }
    void pagesSeedRows();
};

void tst_HealthRepository::latestWithStaleFlags()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    HealthRepository repository(database.db);
    const QDateTime now = utc(u"2026-11-21T12:00:00.000"_s);
    QVERIFY(repository.latest(now, 30s)->isEmpty());

    struct Beat
    {
        const char *component;
        const char *status;
        QByteArray details;
        qint64 msecsAgo;
    };
    // Recorded out of time order: the latest is by heartbeat time, not by insertion.
    const QList<Beat> beats{
        {"splitter", "healthy", R"({"queue": 3})", 10000},
        {"splitter", "degraded", R"({"queue": 900, "note": "slow"})", 5000},
        {"splitter", "unhealthy", {}, 60000},
        {"merger", "healthy", {}, 30000},     // exactly at the threshold: not stale
        {"sink", "unknown", "[1, 2]", 30001}, // just past it: stale
        {"sink", "healthy", {}, 90000},
    };
    for (const Beat &beat : beats) {
        const auto id = repository.record({QString::fromLatin1(beat.component),
                                           QString::fromLatin1(beat.status), beat.details,
                                           now.addMSecs(-beat.msecsAgo)});
        QVERIFY2(id.ok(), qPrintable(id.errorMessage()));
        QCOMPARE(id->size(), 36);
    }
    QCOMPARE(scalar(database.db, u"SELECT count(*) FROM system_health"_s), 6);

    const auto latest = repository.latest(now, 30s);
    QVERIFY2(latest.ok(), qPrintable(latest.errorMessage()));
    QCOMPARE(latest->size(), 3);
    const HealthRecord &merger = latest->at(0);
    const HealthRecord &sink = latest->at(1);
    const HealthRecord &splitter = latest->at(2);
    QCOMPARE(merger.componentName, u"merger"_s);
    QCOMPARE(merger.status, u"healthy"_s);
    QCOMPARE(merger.lastHeartbeat, now.addSecs(-30));
    QVERIFY(merger.details.isEmpty());
    QVERIFY(!merger.stale);
    QCOMPARE(sink.componentName, u"sink"_s);
    QCOMPARE(sink.status, u"unknown"_s);
    QCOMPARE(json(sink.details), json("[1, 2]"));
    QVERIFY(sink.stale);
    QCOMPARE(splitter.componentName, u"splitter"_s);
    QCOMPARE(splitter.status, u"degraded"_s);
    QCOMPARE(json(splitter.details), json(R"({"note": "slow", "queue": 900})"));
    QCOMPARE(splitter.lastHeartbeat, now.addSecs(-5));
    QVERIFY(!splitter.stale);
    QVERIFY(splitter.createdAt.isValid());

    // Later, everything is stale; with a longer threshold nothing is.
    const auto later = repository.latest(now.addSecs(600), 30s);
    QVERIFY(later.ok());
    for (const HealthRecord &record : *later)
        QVERIFY2(record.stale, qPrintable(record.componentName));
    const auto patient = repository.latest(now, 1h);
    QVERIFY(patient.ok());
    for (const HealthRecord &record : *patient)
        QVERIFY2(!record.stale, qPrintable(record.componentName));

    // A heartbeat without a time is recorded now.
    const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-1);
    QVERIFY(repository.record({u"fresh"_s, u"healthy"_s, {}, {}}).ok());
    const auto fresh = repository.latest(QDateTime::currentDateTimeUtc(), 1min);
    QVERIFY(fresh.ok());
    QCOMPARE(fresh->at(0).componentName, u"fresh"_s);
    QVERIFY(fresh->at(0).lastHeartbeat >= before);
    QVERIFY(!fresh->at(0).stale);
}

void tst_HealthRepository::refusedHeartbeatWritesNothing()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    HealthRepository repository(database.db);
    const QDateTime now = utc(u"2026-11-21T12:00:00.000"_s);

    const auto sick = repository.record({u"splitter"_s, u"sick"_s, {}, now});
    QCOMPARE(sick.error().kind, StorageError::Kind::Constraint);
    QVERIFY2(sick.errorMessage().contains(u"healthy, degraded, unhealthy, unknown"_s),
             qPrintable(sick.errorMessage()));
    QCOMPARE(repository.record({u"splitter"_s, u"Healthy"_s, {}, now}).error().kind,
             StorageError::Kind::Constraint);

    const auto broken = repository.record({u"splitter"_s, u"healthy"_s, "{\"queue\": }", now});
    QCOMPARE(broken.error().kind, StorageError::Kind::InvalidJson);
    QVERIFY2(broken.errorMessage().contains(u"offset"_s), qPrintable(broken.errorMessage()));

    QCOMPARE(repository.record({QString(), u"healthy"_s, {}, now}).error().kind,
             StorageError::Kind::InvalidArgument);
    QCOMPARE(repository.record({QString(256, u'c'), u"healthy"_s, {}, now}).error().kind,
             StorageError::Kind::InvalidArgument);
    QCOMPARE(scalar(database.db, u"SELECT count(*) FROM system_health"_s), 0);

    // The schema's own check says the same, for writers other than Porthole.
    QSqlQuery query(database.db);
    QVERIFY(!query.exec(u"INSERT INTO system_health (id, component_name, health_status) "
                        "VALUES ('00000000-0000-4000-8000-000000000001', 'x', 'sick')"_s));
    QCOMPARE(scalar(database.db, u"SELECT count(*) FROM system_health"_s), 0);
}

void tst_HealthRepository::history()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    HealthRepository repository(database.db);
    const QDateTime start = utc(u"2026-11-21T23:59:00.000"_s);
    for (int i = 9; i >= 0; --i) {
        QVERIFY(repository
                    .record({u"splitter"_s, i % 2 ? u"healthy"_s : u"degraded"_s,
                             QByteArray("{\"i\": ") + QByteArray::number(i) + '}',
                             start.addSecs(qint64(i) * 15)})
                    .ok());
        QVERIFY(
            repository.record({u"merger"_s, u"healthy"_s, {}, start.addSecs(qint64(i) * 15)}).ok());
    }

    // [from, to): the heartbeat at `from` is in, the one at `to` is out.
    const auto range = repository.history(u"splitter"_s, start.addSecs(30), start.addSecs(90));
    QVERIFY2(range.ok(), qPrintable(range.errorMessage()));
    QCOMPARE(range->size(), 4);
    for (qsizetype k = 0; k < range->size(); ++k) {
        const HealthRecord &record = range->at(k);
        QCOMPARE(record.componentName, u"splitter"_s);
        QCOMPARE(record.lastHeartbeat, start.addSecs((k + 2) * 15));
        QCOMPARE(json(record.details),
                 json(QByteArray("{\"i\": ") + QByteArray::number(k + 2) + '}'));
        QVERIFY(!record.stale);
    }
    QCOMPARE(range->at(0).status, u"degraded"_s);

    const auto limited = repository.history(u"splitter"_s, start, start.addDays(1), 3);
    QVERIFY(limited.ok());
    QCOMPARE(limited->size(), 3);
    QCOMPARE(limited->constLast().lastHeartbeat, start.addSecs(30));

    QVERIFY(repository.history(u"nobody"_s, start, start.addDays(1))->isEmpty());
    QCOMPARE(repository.history(u"splitter"_s, start, start).error().kind,
             StorageError::Kind::InvalidArgument);
    QCOMPARE(repository.history(u"splitter"_s, start, start.addSecs(1), 0).error().kind,
             StorageError::Kind::InvalidArgument);
}

// Stale is a component's own measure: three times the median of its recent intervals.
void tst_HealthRepository::staleByLearnedInterval()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    HealthRepository repository(database.db);
    const QDateTime last = utc(u"2026-11-21T12:00:00.000"_s);
    // "fast" every 10 s, one beat of it 40 s late; "slow" every 5 min; "new" twice.
    for (int i = 0; i < 12; ++i) {
        const qint64 late = i == 5 ? 40 : 0;
        QVERIFY(
            repository.record({u"fast"_s, u"healthy"_s, {}, last.addSecs(-10 * i - late)}).ok());
        QVERIFY(repository.record({u"slow"_s, u"healthy"_s, {}, last.addSecs(-300 * i)}).ok());
    }
    QVERIFY(repository.record({u"new"_s, u"healthy"_s, {}, last.addSecs(-20)}).ok());
    QVERIFY(repository.record({u"new"_s, u"healthy"_s, {}, last}).ok());

    const auto staleAt = [&](qint64 secondsAfter) {
        QStringList stale;
        const auto latest = repository.latest(last.addSecs(secondsAfter), 60s);
        if (!latest)
            return QStringList{latest.errorMessage()};
        for (const HealthRecord &record : *latest) {
            if (record.stale)
                stale << record.componentName;
        }
        return stale;
    };
    const auto latest = repository.latest(last, 60s);
    QVERIFY2(latest.ok(), qPrintable(latest.errorMessage()));
    QCOMPARE(latest->size(), 3);
    QCOMPARE(latest->at(0).expectedIntervalMs, 10000); // the late beat does not move the median
    QCOMPARE(latest->at(1).expectedIntervalMs, 0);     // too few to tell
    QCOMPARE(latest->at(2).expectedIntervalMs, 300000);
    QCOMPARE(staleAt(30), QStringList());
    QCOMPARE(staleAt(31), QStringList{u"fast"_s});
    // The settings' threshold for "new"; "slow" is not late after 6 min, but after 15.
    QCOMPARE(staleAt(61), QStringList{u"fast"_s} << u"new"_s);
    QCOMPARE(staleAt(360), QStringList{u"fast"_s} << u"new"_s);
    QCOMPARE(staleAt(901), QStringList{u"fast"_s} << u"new"_s << u"slow"_s);

    // The rule on its own: zero intervals (two beats at once) do not count; at least 10 s.
    QCOMPARE(HealthRepository::expectedInterval({0, 0, 1000, 2000}), 0);
    QCOMPARE(HealthRepository::expectedInterval({1000, 0, 1000, 2000, 9000}), 2000);
    QCOMPARE(HealthRepository::staleThreshold(1000, 60s), std::chrono::milliseconds(10s));
    QCOMPARE(HealthRepository::staleThreshold(0, 60s), std::chrono::milliseconds(60s));
}

void tst_HealthRepository::latestReadsIndexNotTable()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    HealthRepository repository(database.db);
    // 20000 heartbeats of 12 components.
    QSqlQuery query(database.db);
    const QString fill =
        engine == Engine::SQLite
            ? u"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) "
              "INSERT INTO system_health (component_name, health_status, last_heartbeat) "
              "SELECT 'c' || (i % 12), 'healthy', "
              "strftime('%Y-%m-%d %H:%M:%f', 1800000000 + i, 'unixepoch') FROM n"_s
            : u"INSERT INTO system_health (component_name, health_status, last_heartbeat) "
              "SELECT 'c' || (i % 12), 'healthy', to_timestamp(1800000000 + i) "
              "FROM generate_series(1, 20000) i"_s;
    QVERIFY2(query.exec(fill), qPrintable(query.lastError().text()));
    QVERIFY(query.exec(u"ANALYZE"_s));

    if (engine == Engine::SQLite) {
        const QStringList plan =
            test::sqlitePlan(database.db, HealthRepository::latestStatement(SqlEngine::SQLite));
        QVERIFY2(test::fullScans(plan, {u"components"_s, u"c"_s}).isEmpty(),
                 qPrintable(plan.join(u'\n')));
        QVERIFY2(plan.join(u'\n').contains(u"idx_system_health_component_heartbeat"_s),
                 qPrintable(plan.join(u'\n')));
    } else {
        QVERIFY(query.exec(u"BEGIN"_s));
        const QStringList tables{u"system_health"_s};
        const test::ScanCounts before = test::pendingScans(database.db, tables);
        QVERIFY(before.sequential >= 0);
        const auto latest = repository.latest(QDateTime::currentDateTimeUtc(), 1min);
        QVERIFY2(latest.ok(), qPrintable(latest.errorMessage()));
        const test::ScanCounts after = test::pendingScans(database.db, tables);
        QCOMPARE(after.sequential, before.sequential);
        QVERIFY(after.index > before.index);
        QVERIFY(query.exec(u"SELECT count(*) FROM system_health WHERE created_at IS NOT NULL"_s));
        QCOMPARE(test::pendingScans(database.db, tables).sequential, before.sequential + 1);
        QVERIFY(query.exec(u"ROLLBACK"_s));
    }

    // Each component beats every 12 s: stale after 36 s. c8 beat 30 s ago, c0 38 s ago.
    const auto latest = repository.latest(QDateTime::fromSecsSinceEpoch(1800020030, Qt::UTC), 5s);
    QVERIFY2(latest.ok(), qPrintable(latest.errorMessage()));
    QCOMPARE(latest->size(), 12);
    // By name: c0, c1, c10, c11, c2, ... c0 has i = 12, 24, ..., 19992; c8 has 20000, the
    // newest of all.
    QCOMPARE(latest->at(2).componentName, u"c10"_s);
    QCOMPARE(latest->at(0).componentName, u"c0"_s);
    QCOMPARE(latest->at(0).lastHeartbeat, QDateTime::fromSecsSinceEpoch(1800019992, Qt::UTC));
    QCOMPARE(latest->at(0).expectedIntervalMs, 12000);
    QVERIFY(latest->at(0).stale);
    const HealthRecord &c8 = latest->at(10);
    QCOMPARE(c8.componentName, u"c8"_s);
    QCOMPARE(c8.lastHeartbeat, QDateTime::fromSecsSinceEpoch(1800020000, Qt::UTC));
    QVERIFY(!c8.stale);
}

// The Health history pane's listing: every heartbeat, newest first, in keyset pages that neither
// skip nor repeat rows sharing a time.
void tst_HealthRepository::pagesSeedRows()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QCOMPARE(insertSeedHeartbeats(database.db, engine, 9), QString());
    QVERIFY(HealthRepository(database.db)
                .record({u"gateway"_s,
                         u"unhealthy"_s,
                         {},
                         QDateTime(QDate(2026, 11, 20), QTime(9, 0), QTimeZone::utc())}));
    const HealthRepository repository(database.db);
    using From = PageRequest::From;

    QList<int> all;
    const HealthFilter sensor{u"sensor"_s, {}};
    PageRequest request{From::Start, {}, 2, {}, true};
    for (int guard = 0; guard < 10; ++guard) {
        auto page = repository.page(sensor, request);
        QVERIFY2(page, qPrintable(page.errorMessage()));
        all << numbersOf(page);
        if (page->atEnd)
            break;
        request = {From::After, HealthRepository::keyOf(page->rows.constLast()), 2, {}, true};
    }
    QCOMPARE(all, (QList<int>{8, 7, 6, 5, 4, 3, 2, 1, 0}));

    auto every = repository.page({}, PageRequest{From::Start, {}, 3, {}, true});
    QCOMPARE(every->rows.constFirst().componentName, u"gateway"_s);
    QCOMPARE(every->rows.constFirst().status, u"unhealthy"_s);
    QVERIFY(every->rows.constFirst().lastHeartbeat.isValid());
    auto oldest = repository.page(sensor, PageRequest{From::End, {}, 3, {}, true});
    QCOMPARE(numbersOf(oldest), (QList<int>{2, 1, 0}));
    const KeyRange range{HealthRepository::keyOf(every->rows.at(1)), false,
                         HealthRepository::keyOf(oldest->rows.at(0))};
    auto between =
        repository.pageBetween(sensor, range, PageRequest{From::Start, {}, 50, {}, true});
    QVERIFY2(between, qPrintable(between.errorMessage()));
    QCOMPARE(numbersOf(between), (QList<int>{7, 6, 5, 4, 3, 2}));

    auto degraded =
        repository.page({u"sensor"_s, u"degraded"_s}, PageRequest{From::Start, {}, 50, {}, true});
    QCOMPARE(numbersOf(degraded), (QList<int>{8, 5, 2}));
    QCOMPARE(repository.count({})->value, 10);
    QCOMPARE(repository.count(sensor)->value, 9);
    QCOMPARE(repository.count({{}, u"unhealthy"_s})->value, 1);
}

QTEST_GUILESS_MAIN(tst_HealthRepository)
#include "tst_healthrepository.moc"
