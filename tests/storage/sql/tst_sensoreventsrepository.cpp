#include "exportrows.h"
#include "repositorytestsupport.h"
#include "sensoreventsrepository.h"
#include "sensoreventtestsupport.h"

#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace porthole;
using Engine = porthole::test::ScratchDatabase::Engine;

namespace {

// A time as the engine takes it from a pipeline: text, UTC.
QString at(const QSqlDatabase &db, const QString &text)
{
    return engineOf(db) == SqlEngine::PostgreSQL ? text + u"+00"_s : text;
}

// Two sensors. sensor-a: e1..e5 processed, e4 without a metric; metrics e1, e2, e3, e5 and
// e6 (no processed event), e5 stored after e3 with a timestamp before e3's. sensor-b: e7 whole.
QString fill(const QSqlDatabase &db)
{
    const QList<std::pair<QString, QString>> events{
        {u"e1"_s, u"sensor-a"_s}, {u"e2"_s, u"sensor-a"_s}, {u"e3"_s, u"sensor-a"_s},
        {u"e4"_s, u"sensor-a"_s}, {u"e5"_s, u"sensor-a"_s}, {u"e7"_s, u"sensor-b"_s}};
    int second = 0;
    for (const auto &[event, sensor] : events) {
        const QString failed = test::recordEvent(
            db, event, sensor, at(db, u"2026-11-20 10:00:%1"_s.arg(second, 2, 10, QChar(u'0'))), 0,
            second);
        ++second;
        if (!failed.isEmpty())
            return failed;
    }
    const QList<std::tuple<QString, QString, QString, double>> metrics{
        {u"e1"_s, u"sensor-a"_s, u"2026-11-20 09:00:01"_s, 1.5},
        {u"e2"_s, u"sensor-a"_s, u"2026-11-20 09:00:02"_s, 2.5},
        {u"e3"_s, u"sensor-a"_s, u"2026-11-20 09:00:05"_s, 3.5},
        {u"e5"_s, u"sensor-a"_s, u"2026-11-20 09:00:04"_s, 5.5}, // before e3's
        {u"e6"_s, u"sensor-a"_s, u"2026-11-20 09:00:06"_s, 6.5}, // no processed event
        {u"e7"_s, u"sensor-b"_s, u"2026-11-20 09:00:01"_s, 7.5},
    };
    for (const auto &[event, sensor, time, value] : metrics)
        if (QString failed = test::recordMetric(db, event, sensor, at(db, time), value);
            !failed.isEmpty())
            return failed;
    return {};
}

QStringList eventIds(const QList<ProcessedEventRow> &rows)
{
    QStringList ids;
    for (const ProcessedEventRow &row : rows)
        ids << row.eventId;
    return ids;
}

QStringList eventIds(const QList<SensorMetricRow> &rows)
{
    QStringList ids;
    for (const SensorMetricRow &row : rows)
        ids << row.eventId;
    return ids;
}

void addSchemaRows()
{
    QTest::addColumn<Engine>("engine");
    QTest::addColumn<bool>("migrated");
    QTest::newRow("sqlite seed") << Engine::SQLite << false;
    QTest::newRow("sqlite migrated") << Engine::SQLite << true;
    QTest::newRow("postgresql seed") << Engine::PostgreSQL << false;
    QTest::newRow("postgresql migrated") << Engine::PostgreSQL << true;
}

PageRequest request(PageRequest::From from, int limit, const PageKey &key = {})
{
    PageRequest r;
    r.from = from;
    r.limit = limit;
    r.key = key;
    return r;
}

} // namespace

class tst_SensorEventsRepository : public QObject
{
    Q_OBJECT

private:
    void checkFindings(const QSqlDatabase &db);

private Q_SLOTS:
    void findings_data() { addSchemaRows(); }
    void findings();
    void pagesBothWays_data() { test::addEngineRows(); }
    void pagesBothWays();
    void keyKeepsMicroseconds_data() { test::addEngineRows(); }
    void keyKeepsMicroseconds();
    void duplicateEventIds_data() { test::addEngineRows(); }
    void duplicateEventIds();
    void sensorCountsStopAtTheCap_data() { test::addEngineRows(); }
    void sensorCountsStopAtTheCap();
    void hostileFilterIsBound_data() { test::addEngineRows(); }
    void hostileFilterIsBound();
    void exportsWhatIsShown_data() { test::addEngineRows(); }
    void exportsWhatIsShown();
};

void tst_SensorEventsRepository::checkFindings(const QSqlDatabase &db)
{
    const QString filled = fill(db);
    QVERIFY2(filled.isEmpty(), qPrintable(filled));
    const SensorEventsRepository repository(db);

    const auto sensors = repository.sensors(request(PageRequest::From::Start, 10));
    QVERIFY2(sensors.ok(), qPrintable(sensors.errorMessage()));
    QCOMPARE(sensors->rows.size(), 2);
    QCOMPARE(sensors->rows.at(0).sensorId, u"sensor-a"_s);
    QCOMPARE(sensors->rows.at(0).events, 5);
    QCOMPARE(sensors->rows.at(0).metrics, 5);
    QCOMPARE(sensors->rows.at(1).sensorId, u"sensor-b"_s);
    QCOMPARE(sensors->rows.at(1).events, 1);
    QCOMPARE(sensors->rows.at(1).metrics, 1);
    QVERIFY(sensors->atStart && sensors->atEnd);
    QCOMPARE(repository.sensorCount()->value, 2);

    SensorEventFilter filter;
    filter.sensorId = u"sensor-a"_s;
    const auto events = repository.events(filter, request(PageRequest::From::Start, 50));
    QVERIFY2(events.ok(), qPrintable(events.errorMessage()));
    QCOMPARE(eventIds(events->rows), (QStringList{u"e1"_s, u"e2"_s, u"e3"_s, u"e4"_s, u"e5"_s}));
    for (const ProcessedEventRow &row : events->rows)
        QCOMPARE(row.hasMetric, row.eventId != u"e4"_s);
    QCOMPARE(events->rows.at(1).kafkaOffset.toLongLong(), 1);
    QCOMPARE(events->rows.at(0).processedAt,
             QDateTime(QDate(2026, 11, 20), QTime(10, 0, 0), QTimeZone::utc()));

    const auto metrics = repository.metrics(filter, request(PageRequest::From::Start, 50));
    QVERIFY2(metrics.ok(), qPrintable(metrics.errorMessage()));
    QCOMPARE(eventIds(metrics->rows), (QStringList{u"e1"_s, u"e2"_s, u"e3"_s, u"e5"_s, u"e6"_s}));
    QStringList flagged;
    for (const SensorMetricRow &row : metrics->rows) {
        QCOMPARE(row.copies, 1);
        QCOMPARE(row.hasEvent, row.eventId != u"e6"_s);
        QCOMPARE(row.goesBackwards, row.eventId == u"e5"_s);
        if (row.hasFinding())
            flagged << row.eventId;
    }
    QCOMPARE(flagged, (QStringList{u"e5"_s, u"e6"_s}));
    const SensorMetricRow &late = metrics->rows.at(3);
    QCOMPARE(late.previousTimestamp,
             QDateTime(QDate(2026, 11, 20), QTime(9, 0, 5), QTimeZone::utc()));
    QCOMPARE(late.value, 5.5);

    // The findings only, as the seed's validation queries find them.
    filter.findingsOnly = true;
    QCOMPARE(eventIds(repository.events(filter, request(PageRequest::From::Start, 50))->rows),
             QStringList{u"e4"_s});
    QCOMPARE(eventIds(repository.metrics(filter, request(PageRequest::From::Start, 50))->rows),
             (QStringList{u"e5"_s, u"e6"_s}));
    QCOMPARE(repository.eventCount(filter)->value, 1);
    QCOMPARE(repository.metricCount(filter)->value, 2);

    // Every sensor; sensor-b has no finding.
    filter = {};
    QCOMPARE(repository.eventCount(filter)->value, 6);
    QCOMPARE(repository.metricCount(filter)->value, 6);
    filter.sensorId = u"sensor-b"_s;
    filter.findingsOnly = true;
    QCOMPARE(repository.metricCount(filter)->value, 0);
    QCOMPARE(repository.eventCount(filter)->value, 0);
    // By event id, any case.
    filter = {};
    filter.eventIdContains = u"E7"_s;
    QCOMPARE(eventIds(repository.metrics(filter, request(PageRequest::From::Start, 50))->rows),
             QStringList{u"e7"_s});
}

void tst_SensorEventsRepository::findings()
{
    QFETCH(Engine, engine);
    QFETCH(bool, migrated);
    if (migrated) {
        test::MigratedDatabase database(engine);
        QVERIFY2(database.ok(), qPrintable(database.error));
        checkFindings(database.db);
    } else {
        test::SeedSensorDatabase database(engine);
        QVERIFY2(database.ok(), qPrintable(database.error));
        checkFindings(database.db);
    }
}

void tst_SensorEventsRepository::pagesBothWays()
{
    QFETCH(Engine, engine);
    test::SeedSensorDatabase database(engine);
    QVERIFY2(database.ok(), qPrintable(database.error));
    QVERIFY(fill(database.db).isEmpty());
    const SensorEventsRepository repository(database.db);
    SensorEventFilter filter;
    filter.sensorId = u"sensor-a"_s;

    // Forwards two at a time, then backwards from the end: the same rows in the same order.
    QStringList forwards;
    auto page = repository.metrics(filter, request(PageRequest::From::Start, 2));
    QVERIFY2(page.ok(), qPrintable(page.errorMessage()));
    QVERIFY(page->atStart && !page->atEnd);
    forwards << eventIds(page->rows);
    while (!page->atEnd) {
        page = repository.metrics(filter,
                                  request(PageRequest::From::After, 2,
                                          SensorEventsRepository::keyOf(page->rows.constLast())));
        QVERIFY2(page.ok(), qPrintable(page.errorMessage()));
        forwards << eventIds(page->rows);
    }
    QCOMPARE(forwards, (QStringList{u"e1"_s, u"e2"_s, u"e3"_s, u"e5"_s, u"e6"_s}));
    // The backwards flag of a page's first row looks before the page.
    const auto third = repository.metrics(
        filter, request(PageRequest::From::After, 1,
                        SensorEventsRepository::keyOf(
                            repository.metrics(filter, request(PageRequest::From::Start, 3))
                                ->rows.constLast())));
    QCOMPARE(eventIds(third->rows), QStringList{u"e5"_s});
    QVERIFY(third->rows.constFirst().goesBackwards);

    QStringList backwards;
    auto events = repository.events(filter, request(PageRequest::From::End, 2));
    QVERIFY2(events.ok(), qPrintable(events.errorMessage()));
    QVERIFY(events->atEnd && !events->atStart);
    backwards = eventIds(events->rows);
    while (!events->atStart) {
        events = repository.events(
            filter, request(PageRequest::From::Before, 2,
                            SensorEventsRepository::keyOf(events->rows.constFirst())));
        QVERIFY2(events.ok(), qPrintable(events.errorMessage()));
        backwards = eventIds(events->rows) + backwards;
    }
    QCOMPARE(backwards, (QStringList{u"e1"_s, u"e2"_s, u"e3"_s, u"e4"_s, u"e5"_s}));

    // A range reads exactly the rows between two keys, the first one included or not.
    const auto all = repository.events(filter, request(PageRequest::From::Start, 50));
    const KeyRange range{SensorEventsRepository::keyOf(all->rows.at(1)), false,
                         SensorEventsRepository::keyOf(all->rows.at(3))};
    const auto inRange = repository.eventsInRange(filter, range, 50);
    QVERIFY2(inRange.ok(), qPrintable(inRange.errorMessage()));
    QCOMPARE(eventIds(inRange->rows), (QStringList{u"e3"_s, u"e4"_s}));
    QVERIFY(inRange->atEnd);
    const auto fromStart = repository.metricsInRange(
        filter, {PageKey{}, true, SensorEventsRepository::keyOf(page->rows.constLast())}, 50);
    QVERIFY2(fromStart.ok(), qPrintable(fromStart.errorMessage()));
    QCOMPARE(fromStart->rows.size(), 5);
    const auto sensors = repository.sensorsInRange(
        {PageKey{u"sensor-a"_s, u"sensor-a"_s}, false, PageKey{u"sensor-z"_s, u"sensor-z"_s}}, 5);
    QVERIFY2(sensors.ok(), qPrintable(sensors.errorMessage()));
    QCOMPARE(sensors->rows.size(), 1);
    QCOMPARE(sensors->rows.constFirst().sensorId, u"sensor-b"_s);
}

void tst_SensorEventsRepository::keyKeepsMicroseconds()
{
    // The seed's own insert takes processed_at from NOW(): microseconds on PostgreSQL, whole
    // seconds on SQLite (CURRENT_TIMESTAMP, all alike). Page by page, every row comes once.
    QFETCH(Engine, engine);
    test::SeedSensorDatabase database(engine);
    QVERIFY2(database.ok(), qPrintable(database.error));
    QStringList written;
    for (int i = 0; i < 12; ++i) {
        const QString id = u"evt-%1"_s.arg(i, 2, 10, QChar(u'0'));
        QVERIFY(test::recordEvent(database.db, id, u"s"_s).isEmpty());
        written << id;
    }
    const SensorEventsRepository repository(database.db);
    QStringList read;
    auto page = repository.events({}, request(PageRequest::From::Start, 1));
    QVERIFY2(page.ok(), qPrintable(page.errorMessage()));
    read << eventIds(page->rows);
    for (int guard = 0; !page->atEnd && guard < 20; ++guard) {
        page =
            repository.events({}, request(PageRequest::From::After, 1,
                                          SensorEventsRepository::keyOf(page->rows.constLast())));
        QVERIFY2(page.ok(), qPrintable(page.errorMessage()));
        read << eventIds(page->rows);
    }
    QCOMPARE(read, written);
}

void tst_SensorEventsRepository::duplicateEventIds()
{
    // Without metrics' UNIQUE (event_id) the consumer can store a reading twice.
    QFETCH(Engine, engine);
    test::SeedSensorDatabase database(engine, false);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const QSqlDatabase &db = database.db;
    QVERIFY(test::recordEvent(db, u"d1"_s, u"s"_s, at(db, u"2026-11-20 10:00:00"_s)).isEmpty());
    QVERIFY(test::recordEvent(db, u"d2"_s, u"s"_s, at(db, u"2026-11-20 10:00:01"_s)).isEmpty());
    for (const QString &id : {u"d1"_s, u"d2"_s, u"d2"_s, u"d2"_s})
        QVERIFY(test::recordMetric(db, id, u"s"_s, at(db, u"2026-11-20 09:00:00"_s), 1, false)
                    .isEmpty());
    const SensorEventsRepository repository(db);
    SensorEventFilter filter;
    filter.findingsOnly = true;
    const auto page = repository.metrics(filter, request(PageRequest::From::Start, 10));
    QVERIFY2(page.ok(), qPrintable(page.errorMessage()));
    QCOMPARE(eventIds(page->rows), (QStringList{u"d2"_s, u"d2"_s, u"d2"_s}));
    for (const SensorMetricRow &row : page->rows) {
        QCOMPARE(row.copies, 3);
        QVERIFY(row.hasEvent);
        QVERIFY(!row.goesBackwards); // equal timestamps are in order
    }
    const auto sensors = repository.sensors(request(PageRequest::From::Start, 10));
    QCOMPARE(sensors->rows.constFirst().metrics, 4);
    QCOMPARE(sensors->rows.constFirst().events, 2);
}

void tst_SensorEventsRepository::sensorCountsStopAtTheCap()
{
    QFETCH(Engine, engine);
    test::SeedSensorDatabase database(engine);
    QVERIFY2(database.ok(), qPrintable(database.error));
    QVERIFY(fill(database.db).isEmpty());
    const SensorEventsRepository repository(database.db);

    // sensor-a has 5 events and 5 metrics, sensor-b 1 and 1: a cap of 4 stops sensor-a's.
    const auto capped = repository.sensors(request(PageRequest::From::Start, 10), 4);
    QVERIFY2(capped.ok(), qPrintable(capped.errorMessage()));
    QCOMPARE(capped->rows.size(), 2);
    const SensorSummary &a = capped->rows.at(0);
    QCOMPARE(a.events, 4);
    QCOMPARE(a.metrics, 4);
    QVERIFY(a.eventsCapped && a.metricsCapped);
    QVERIFY(!a.countsDiffer()); // both above the cap: not known to differ
    const SensorSummary &b = capped->rows.at(1);
    QCOMPARE(b.events, 1);
    QVERIFY(!b.eventsCapped && !b.metricsCapped);

    // A count at the cap itself is exact (the negative control of the one above).
    const auto atCap = repository.sensors(request(PageRequest::From::Start, 10), 5);
    QVERIFY2(atCap.ok(), qPrintable(atCap.errorMessage()));
    QCOMPARE(atCap->rows.at(0).events, 5);
    QVERIFY(!atCap->rows.at(0).eventsCapped && !atCap->rows.at(0).metricsCapped);

    const auto inRange =
        repository.sensorsInRange({PageKey{}, true, PageKey{u"sensor-a"_s, u"sensor-a"_s}}, 10, 2);
    QVERIFY2(inRange.ok(), qPrintable(inRange.errorMessage()));
    QCOMPARE(inRange->rows.size(), 1);
    QCOMPARE(inRange->rows.constFirst().events, 2);
    QVERIFY(inRange->rows.constFirst().eventsCapped);

    QVERIFY(!repository.sensors(request(PageRequest::From::Start, 10), 0).ok());
    QCOMPARE(repository.sensorCount()->value, 2);

    // One count above the cap and one below: they differ, and the summary says so.
    SensorSummary oneCapped;
    oneCapped.events = 4;
    oneCapped.metrics = 4;
    oneCapped.metricsCapped = true;
    QVERIFY(oneCapped.countsDiffer());
    oneCapped.metricsCapped = false;
    QVERIFY(!oneCapped.countsDiffer());
}

void tst_SensorEventsRepository::hostileFilterIsBound()
{
    QFETCH(Engine, engine);
    test::SeedSensorDatabase database(engine);
    QVERIFY2(database.ok(), qPrintable(database.error));
    QVERIFY(fill(database.db).isEmpty());
    const SensorEventsRepository repository(database.db);
    for (const QString &hostile :
         {u"x' OR '1'='1"_s, u"'); DROP TABLE metrics; --"_s, u"%"_s, u"_"_s}) {
        SensorEventFilter filter;
        filter.sensorId = hostile;
        QCOMPARE(repository.metrics(filter, request(PageRequest::From::Start, 10))->rows.size(), 0);
        filter = {};
        filter.eventIdContains = hostile;
        QCOMPARE(repository.events(filter, request(PageRequest::From::Start, 10))->rows.size(), 0);
    }
    QCOMPARE(test::scalar(database.db, u"SELECT count(*) FROM metrics"_s), 6);
}

namespace {

// The rows of an export's statement as its row reader gives them, the written columns alone;
// those before a failure, which is told.
QList<QVariantList> exportedRows(const QSqlDatabase &db, const ExportQuery &query)
{
    QList<QVariantList> rows;
    auto reader = openRows(db, query, u"test"_s);
    if (!reader) {
        qWarning("%s", qPrintable(reader.errorMessage()));
        return rows;
    }
    for (;;) {
        const Result<bool> more = (*reader)->next();
        if (!more)
            qWarning("%s", qPrintable(more.errorMessage()));
        if (!more || !*more)
            return rows;
        QVariantList row;
        for (qsizetype i = 0; i < query.columns.size(); ++i)
            row << (*reader)->value(int(i));
        rows << row;
    }
}

} // namespace

void tst_SensorEventsRepository::exportsWhatIsShown()
{
    QFETCH(Engine, engine);
    test::SeedSensorDatabase database(engine);
    QVERIFY2(database.ok(), qPrintable(database.error));
    QVERIFY(fill(database.db).isEmpty());
    SensorEventFilter filter;
    filter.sensorId = u"sensor-a"_s;
    filter.findingsOnly = true;

    const auto metrics = sensorMetricsExport(filter);
    QCOMPARE(metrics->table(), u"metrics"_s);
    const auto query = metrics->query(database.db, {u"event_id"_s, u"timestamp"_s, u"findings"_s});
    QVERIFY2(query.ok(), qPrintable(query.errorMessage()));
    // Read as the export reads them: on SQLite the times as stored, written by the row reader.
    QStringList rows;
    for (const QVariantList &row : exportedRows(database.db, *query))
        rows << row.value(0).toString() + u'|' + row.value(1).toString() + u'|' +
                    row.value(2).toString();
    QCOMPARE(rows, (QStringList{u"e5|2026-11-20T09:00:04.000Z|timestamp goes backwards"_s,
                                u"e6|2026-11-20T09:00:06.000Z|no processed event"_s}));
    QCOMPARE(metrics->count(database.db, 1000)->value, 2);
    QVERIFY(!metrics->query(database.db, {u"nope"_s}).ok());

    const auto events = processedEventsExport(filter);
    const auto eventQuery = events->query(database.db, {});
    QVERIFY2(eventQuery.ok(), qPrintable(eventQuery.errorMessage()));
    QCOMPARE(eventQuery->columns.size(), events->columns().size());
    const QList<QVariantList> eventRows = exportedRows(database.db, *eventQuery);
    QCOMPARE(eventRows.size(), 1);
    QCOMPARE(eventRows.at(0).value(0).toString(), u"e4"_s);
    QCOMPARE(eventRows.at(0).value(5).toString(), u"no metric"_s);
}

QTEST_GUILESS_MAIN(tst_SensorEventsRepository)
#include "tst_sensoreventsrepository.moc"
