#include "batchintegrity.h"
#include "datagenerator.h"
#include "flowtestsupport.h"
#include "journey.h"
#include "portmessagerepository.h"
#include "repositorytestsupport.h"
#include "sqlsupport.h"

#include <QCryptographicHash>
#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace porthole;
using Engine = porthole::test::ScratchDatabase::Engine;

namespace {

QStringList rowsOf(const QSqlDatabase &db, const QString &sql)
{
    return test::rowsOf(db, sql, u"|"_s);
}

QByteArray fingerprint(QSqlDatabase db)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const QString &row :
         rowsOf(db, u"SELECT id, port_name, source_component, target_component, status, "
                    "retry_count, error_message, created_at, message_data, message_metadata "
                    "FROM port_messages ORDER BY id"_s))
        hash.addData(row.toUtf8());
    return hash.result().toHex();
}

const QDateTime end(QDate(2026, 11, 21), QTime(12, 0), QTimeZone::utc());

// The first few problems of a report, for a failure's message.
QByteArray firstProblems(const test::FlowReport &report)
{
    return QStringList(report.problems.mid(0, 5)).join(u"; "_s).toUtf8();
}

// The second hop of the first flow that has one, and its cause, as SQL.
const QString secondHop = u"(SELECT min(rowid) FROM port_messages WHERE "
                          "json_extract(message_metadata, '$.causation_id') IS NOT NULL)"_s;
const QString causeOfSecondHop =
    u"(SELECT json_extract(message_metadata, '$.causation_id') FROM port_messages "
    "WHERE rowid = "_s +
    secondHop + u")"_s;

} // namespace

class tst_DataGenerator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void realisticPortMessages_data() { test::addEngineRows(); }
    void realisticPortMessages();
    void flowsCrossThePipeline();
    void unfinishedHopsAreRecent();
    void sinkRowsEndFlows();
    void flowCheckCanFail_data();
    void flowCheckCanFail();
    void groupsDoNotBreakFlows();
    void sameSeedSameData_data() { test::addEngineRows(); }
    void sameSeedSameData();
    void everyKind_data() { test::addEngineRows(); }
    void everyKind();
    void seedValidationQueriesOnPostgres();
    void batchFiles();
};

void tst_DataGenerator::realisticPortMessages()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    DataGenerator generator(database.db, 7, {end, 3});
    qint64 lastProgress = 0;
    auto written = generator.portMessages(12000, [&lastProgress](qint64 n) {
        lastProgress = n;
        return true;
    });
    QVERIFY2(written.ok(), qPrintable(written.errorMessage()));
    QCOMPARE(*written, 12000);
    QCOMPARE(lastProgress, 12000);

    const QStringList statuses =
        rowsOf(database.db,
               u"SELECT status, count(*) FROM port_messages GROUP BY status ORDER BY status"_s);
    QMap<QString, int> byStatus;
    for (const QString &row : statuses)
        byStatus[row.section(u'|', 0, 0)] = row.section(u'|', 1).toInt();
    QVERIFY(byStatus[u"completed"_s] > 12000 * 0.75);
    QVERIFY(byStatus[u"dead_letter"_s] > 12000 * 0.02);
    QVERIFY(byStatus[u"failed"_s] > 12000 * 0.04);
    // A pipeline that keeps up: nothing made before the last minutes still waits.
    QCOMPARE(rowsOf(database.db, u"SELECT count(*) FROM port_messages WHERE status IN ('pending', "
                                 "'processing') AND created_at < '%1'"_s.arg(
                                     end.addSecs(-DataGenerator::unfinishedWindow.count())
                                         .toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s)))
                 .value(0),
             u"0"_s);

    // The dead-letter view holds dead letters and failures with retries spent.
    const int view =
        rowsOf(database.db, u"SELECT count(*) FROM dead_letter_queue"_s).value(0).toInt();
    const int spent =
        rowsOf(database.db,
               u"SELECT count(*) FROM port_messages WHERE status = 'failed' AND retry_count >= 3"_s)
            .value(0)
            .toInt();
    QVERIFY(spent > 0);
    QCOMPARE(view, byStatus[u"dead_letter"_s] + spent);
    PortMessageFilter dead;
    dead.deadLettersOnly = true;
    QCOMPARE(PortMessageRepository(database.db).count(dead)->value, view);

    // A handful of distinct errors, once numbers and ids are taken out.
    QSet<QString> signatures;
    static const QRegularExpression numbers(u"[0-9a-f]{8}-[0-9a-f-]{27}|\\d+"_s);
    for (const QString &message :
         rowsOf(database.db,
                u"SELECT error_message FROM port_messages WHERE error_message IS NOT NULL"_s))
        signatures.insert(QString(message).replace(numbers, u"#"_s));
    QCOMPARE(signatures.size(), DataGenerator::errorTemplates().size());

    // Spread over the span, up to its end: the last flow is done within seconds before it.
    const QStringList range =
        rowsOf(database.db,
               u"SELECT min(created_at), max(created_at), max(processed_at), max(completed_at) "
               "FROM port_messages"_s);
    const QDateTime first = timestampValue(range.value(0).section(u'|', 0, 0));
    const QDateTime last = timestampValue(range.value(0).section(u'|', 1, 1));
    QVERIFY2(first >= end.addDays(-3) && first < end.addDays(-3).addSecs(60),
             qPrintable(first.toString(Qt::ISODate)));
    QVERIFY2(last <= end && last > end.addSecs(-10), qPrintable(last.toString(Qt::ISODate)));
    for (const int column : {2, 3}) {
        const QDateTime done = timestampValue(range.value(0).section(u'|', column, column));
        QVERIFY2(done > last && done <= end, qPrintable(done.toString(Qt::ISODateWithMs)));
    }
}

void tst_DataGenerator::flowsCrossThePipeline()
{
    test::MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    constexpr int rows = 20000;
    DataGenerator generator(database.db, 5, {end, 7});
    QCOMPARE(*generator.portMessages(rows), rows);

    const test::FlowReport report = test::checkFlows(database.db);
    QVERIFY2(report.problems.isEmpty(), firstProblems(report).constData());
    QCOMPARE(report.rows, rows);
    QVERIFY(report.messageIdIsRowId); // so a causation_id names a row by its id, too
    // Flows of three, four and five hops reach a sink; the others stop at a hop of each
    // status that is not completed.
    QCOMPARE(report.finished.keys(), (QList<int>{3, 4, 5}));
    for (const int flows : report.finished)
        QVERIFY2(flows > 300, qPrintable(QString::number(flows)));
    QVERIFY(report.stoppedAt.contains(u"dead_letter"_s));
    QVERIFY(report.stoppedAt.contains(u"failed"_s));
    QVERIFY(report.deadEnds > report.stoppedAt.value(u"dead_letter"_s)); // spent failures too
    // Only the last flow may be cut short by the count of rows.
    QVERIFY2(report.open.size() <= 1, qPrintable(report.open.join(u", "_s)));
    if (!report.open.isEmpty())
        QCOMPARE(report.open.constFirst(), report.lastTrace);
    // Each hop is created tens to hundreds of milliseconds after its cause completed.
    QVERIFY2(report.minHandOffMs >= 10 && report.maxHandOffMs < 200,
             qPrintable(u"%1 to %2 ms"_s.arg(report.minHandOffMs).arg(report.maxHandOffMs)));

    // The mix of statuses stays the stated one over the rows, however the flows end: 82%
    // completed and the 7% that would still wait but for the last minutes, 7% failed, 4% dead
    // letters (the unfinished, of the last 15 minutes of 7 days, a handful).
    const QList<std::pair<QString, double>> mix{
        {u"completed"_s, 89}, {u"failed"_s, 7}, {u"dead_letter"_s, 4}};
    QVERIFY(report.statuses.value(u"pending"_s) + report.statuses.value(u"processing"_s) <
            rows / 200);
    for (const auto &[status, percent] : mix) {
        const double share = report.statuses.value(status) * 100.0 / rows;
        QVERIFY2(
            std::abs(share - percent) <= std::max(1.0, percent / 40),
            qPrintable(u"%1: %2% of rows, expected %3%"_s.arg(status).arg(share).arg(percent)));
    }
}

// Made in the same run as the port messages, each sink row is what a sink stored of a flow
// that reached it: a journey ends there, and starts again from it.
// Of the hops of the last 15 minutes, 5% still wait and 2% are being processed; none before.
void tst_DataGenerator::unfinishedHopsAreRecent()
{
    test::MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    DataGenerator generator(database.db, 5, {end, 1});
    QCOMPARE(*generator.portMessages(40000), 40000);
    const QString since = end.addSecs(-DataGenerator::unfinishedWindow.count())
                              .toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s);
    const QStringList counts = rowsOf(
        database.db,
        u"SELECT count(*), sum(status = 'pending'), sum(status = 'processing') FROM port_messages "
        "WHERE created_at >= '%1'"_s.arg(since));
    const double recent = counts.value(0).section(u'|', 0, 0).toDouble();
    const double pending = counts.value(0).section(u'|', 1, 1).toDouble();
    const double processing = counts.value(0).section(u'|', 2, 2).toDouble();
    QVERIFY2(recent > 300, qPrintable(counts.value(0)));
    QVERIFY2(pending / recent > 0.02 && pending / recent < 0.09, qPrintable(counts.value(0)));
    QVERIFY2(processing > 0 && processing / recent < 0.05, qPrintable(counts.value(0)));
    QCOMPARE(rowsOf(database.db, u"SELECT count(*) FROM port_messages WHERE status IN ('pending', "
                                 "'processing') AND created_at < '%1'"_s.arg(since))
                 .value(0),
             u"0"_s);
}

void tst_DataGenerator::sinkRowsEndFlows()
{
    test::MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    DataGenerator generator(database.db, 5, {end, 7});
    QCOMPARE(*generator.portMessages(3000), 3000);
    QCOMPARE(*generator.sinkRows(200), 200);
    QCOMPARE(test::scalar(database.db,
                          u"SELECT count(*) FROM sink_storage s JOIN port_messages p "
                          "ON p.id = json_extract(s.metadata, '$.causation_id') "
                          "WHERE p.target_component = s.sink_name AND p.status = 'completed' "
                          "AND json_extract(p.message_metadata, '$.trace_id') = "
                          "json_extract(s.metadata, '$.trace_id') "
                          "AND s.created_at > p.completed_at"_s),
             200);
    // Both sinks, spread over the flows.
    QCOMPARE(test::scalar(database.db, u"SELECT count(DISTINCT sink_name) FROM sink_storage"_s), 2);
    QVERIFY(test::scalar(database.db,
                         u"SELECT count(DISTINCT json_extract(metadata, '$.trace_id')) "
                         "FROM sink_storage"_s) > 150);
    QSqlQuery first(database.db);
    QVERIFY(first.exec(u"SELECT id FROM sink_storage ORDER BY created_at LIMIT 1"_s) &&
            first.next());
    const QString row = first.value(0).toString();
    const auto journey = JourneyReader(database.db).read(row, QDateTime::currentDateTimeUtc());
    QVERIFY2(journey.ok(), qPrintable(journey.errorMessage()));
    QVERIFY(journey->hops.size() >= 3);
    QCOMPARE(journey->hops.constLast().message.targetComponent,
             journey->sinkRows.constFirst().sinkName);
}

void tst_DataGenerator::flowCheckCanFail_data()
{
    // Each row breaks the flows of generated data in one place, and the check must say so.
    QTest::addColumn<QString>("change");
    QTest::addColumn<QString>("problem");
    QTest::newRow("follows a failed hop")
        << u"UPDATE port_messages SET status = 'failed' WHERE id = "_s + causeOfSecondHop
        << u"it follows a failed hop"_s;
    QTest::newRow("source not the cause's target")
        << u"UPDATE port_messages SET source_component = 'notifier' WHERE rowid = "_s + secondHop
        << u"its source is not its cause's target"_s;
    QTest::newRow("cause of another trace")
        << u"UPDATE port_messages SET message_metadata = json_set(message_metadata, "
           "'$.trace_id', 'elsewhere') WHERE rowid = "_s +
               secondHop
        << u"its cause is of another flow"_s;
    QTest::newRow("cause written after it")
        << u"UPDATE port_messages SET message_metadata = json_set(message_metadata, "
           "'$.causation_id', (SELECT id FROM port_messages ORDER BY rowid DESC LIMIT 1)) "
           "WHERE rowid = "_s +
               secondHop
        << u"its cause is no row written before it"_s;
    QTest::newRow("created before its cause was done")
        << u"UPDATE port_messages SET created_at = '2000-01-01 00:00:00.000' WHERE rowid = "_s +
               secondHop
        << u"created before its cause was done"_s;
}

void tst_DataGenerator::flowCheckCanFail()
{
    QFETCH(QString, change);
    QFETCH(QString, problem);
    test::MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    DataGenerator generator(database.db, 5, {end, 7});
    QCOMPARE(*generator.portMessages(500), 500);
    QVERIFY(test::checkFlows(database.db).problems.isEmpty());

    QSqlQuery query(database.db);
    QVERIFY2(query.exec(change), qPrintable(query.lastError().text()));
    QCOMPARE(query.numRowsAffected(), 1);
    const test::FlowReport report = test::checkFlows(database.db);
    QVERIFY2(!report.problems.isEmpty() && report.problems.constFirst().endsWith(problem),
             firstProblems(report).constData());
}

void tst_DataGenerator::groupsDoNotBreakFlows()
{
    // The rows made in groups, as portMessages() writes them, are the rows made at once: a
    // flow open at the end of a group goes on in the next.
    constexpr qint64 rows = 12000;
    const QList<PortMessage> whole =
        DataGenerator(QSqlDatabase(), 9, {end, 2}).makePortMessages(0, rows, rows);
    // Groups as large as makes the first group end inside a flow, or this proves nothing.
    qint64 size = 4000;
    while (size < rows && !whole.at(size).messageMetadata.contains("causation_id"))
        ++size;
    QVERIFY(size < rows);
    DataGenerator grouped(QSqlDatabase(), 9, {end, 2});
    QList<PortMessage> groups;
    for (qint64 from = 0; from < rows; from += size)
        groups << grouped.makePortMessages(from, std::min<qint64>(size, rows - from), rows);
    QCOMPARE(groups.size(), whole.size());
    QVERIFY(groups == whole);

    // Asked for rows out of order, it starts a new flow.
    DataGenerator skipping(QSqlDatabase(), 9, {end, 2});
    skipping.makePortMessages(0, 10, rows);
    const QList<PortMessage> later = skipping.makePortMessages(500, 1, rows);
    QVERIFY(!later.constFirst().messageMetadata.contains("causation_id"));
    QCOMPARE(later.constFirst().portName, DataGenerator::ports().constFirst());
}

void tst_DataGenerator::sameSeedSameData()
{
    QFETCH(Engine, engine);
    QByteArray prints[3];
    for (int run = 0; run < 3; ++run) {
        test::MigratedDatabase database(engine);
        QVERIFY2(database.ok(), qPrintable(database.error));
        DataGenerator generator(database.db, run < 2 ? 42 : 43, {end, 7});
        QVERIFY(generator.portMessages(500).ok());
        prints[run] = fingerprint(database.db);
    }
    QCOMPARE(prints[0], prints[1]);
    QVERIFY(prints[0] != prints[2]);
}

void tst_DataGenerator::everyKind()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    DataGenerator generator(database.db, 3, {end, 2});
    QCOMPARE(*generator.componentMetrics(2400), 2400);
    QCOMPARE(*generator.portMetrics(600), 600);
    QCOMPARE(*generator.sensorReadings(1200), 1200);
    QCOMPARE(*generator.checkpoints(60), 60);
    QCOMPARE(*generator.heartbeats(120), 120);
    QCOMPARE(*generator.componentStates(30), 30);
    QCOMPARE(*generator.sinkRows(90), 90);

    QCOMPARE(
        rowsOf(
            database.db,
            u"SELECT count(DISTINCT component_name), count(DISTINCT metric_name) FROM component_metrics"_s),
        QStringList{u"6|4"_s});
    QCOMPARE(rowsOf(database.db, u"SELECT count(DISTINCT port_name) FROM port_metrics"_s),
             QStringList{u"6"_s});
    QCOMPARE(rowsOf(database.db, u"SELECT count(*), count(DISTINCT sensor_id) FROM metrics"_s),
             QStringList{u"1200|12"_s});
    QCOMPARE(rowsOf(database.db, u"SELECT count(*) FROM processed_events"_s),
             QStringList{u"1200"_s});
    // Twelve checkpoint names of five versions each, one latest per name.
    QCOMPARE(rowsOf(database.db, u"SELECT count(DISTINCT checkpoint_name), max(version), "
                                 "sum(CASE WHEN is_latest THEN 1 ELSE 0 END) FROM checkpoints"_s),
             QStringList{u"12|5|12"_s});
    // Five versions of each component's state; the inventory sink stores two rows in three.
    QCOMPARE(rowsOf(database.db,
                    u"SELECT count(DISTINCT component_name), max(version) FROM component_state"_s),
             QStringList{u"6|5"_s});
    QCOMPARE(rowsOf(database.db, u"SELECT sink_name, data_type, count(*) FROM sink_storage "
                                 "GROUP BY sink_name, data_type ORDER BY sink_name"_s),
             (QStringList{u"inventory-sink|inventory_update|60"_s, u"notifier|email|30"_s}));
    // The notifier's last heartbeat is an hour old; the payment gateway is degraded.
    const QDateTime notifier = timestampValue(
        rowsOf(database.db,
               u"SELECT max(last_heartbeat) FROM system_health WHERE component_name = 'notifier'"_s)
            .value(0));
    QVERIFY2(notifier < end.addSecs(-3600) && notifier > end.addSecs(-3600 - 700),
             qPrintable(notifier.toString(Qt::ISODate)));
    QVERIFY(rowsOf(database.db,
                   u"SELECT count(*) FROM system_health WHERE health_status = 'degraded'"_s)
                .value(0)
                .toInt() > 0);
}

void tst_DataGenerator::seedValidationQueriesOnPostgres()
{
    test::MigratedDatabase database(Engine::PostgreSQL);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    DataGenerator generator(database.db, 11, {now, 1});
    QVERIFY(generator.sensorReadings(3000).ok());
    QVERIFY(generator.portMessages(2000).ok());

    // Seed 003's "Validation Queries", exactly as written there.
    const QStringList ordering =
        rowsOf(database.db, uR"(SELECT sensor_id, event_id, timestamp, value
FROM metrics
WHERE sensor_id = 'sensor_123'
ORDER BY timestamp ASC;)"_s);
    QCOMPARE(ordering.size(), 250); // 3000 readings over 12 sensors
    QVERIFY(!ordering.constFirst().startsWith(u"FAILED"_s));
    QStringList times;
    for (const QString &row : ordering)
        times << row.section(u'|', 2, 2);
    QVERIFY(std::is_sorted(times.cbegin(), times.cend()));

    QCOMPARE(rowsOf(database.db, uR"(SELECT 
    COUNT(*) as total_rows,
    COUNT(DISTINCT event_id) as unique_event_ids
FROM processed_events;)"_s),
             QStringList{u"3000|3000"_s});

    QCOMPARE(rowsOf(database.db, uR"(SELECT event_id, COUNT(*) as count
FROM metrics
GROUP BY event_id
HAVING COUNT(*) > 1;)"_s),
             QStringList{});

    const QStringList perMinute = rowsOf(database.db, uR"(SELECT 
    DATE_TRUNC('minute', created_at) as minute,
    COUNT(*) as events_processed
FROM metrics
GROUP BY minute
ORDER BY minute DESC
LIMIT 10;)"_s);
    // Stored as a live consumer would, a moment after each reading: over the whole span, so
    // the last ten minutes hold some of them, not all.
    QCOMPARE(perMinute.size(), 10);
    qint64 counted = 0;
    for (const QString &row : perMinute)
        counted += row.section(u'|', 1).toLongLong();
    QVERIFY2(counted > 0 && counted < 3000, qPrintable(QString::number(counted)));
    QCOMPARE(rowsOf(database.db, u"SELECT count(*) FROM metrics WHERE created_at < timestamp "
                                 "OR created_at > timestamp + interval '2 seconds'"_s),
             QStringList{u"0"_s});

    const QStringList lag = rowsOf(database.db, uR"(SELECT 
    MAX(timestamp) as latest_metric_time,
    NOW() as current_time,
    EXTRACT(EPOCH FROM (NOW() - MAX(timestamp))) as lag_seconds
FROM metrics;)"_s);
    QCOMPARE(lag.size(), 1);
    const double lagSeconds = lag.constFirst().section(u'|', 2).toDouble();
    QVERIFY2(lagSeconds >= 0 && lagSeconds < 600, qPrintable(lag.constFirst()));

    // And the seed 001 view, as written.
    const QStringList dead = rowsOf(database.db, u"SELECT * FROM dead_letter_queue"_s);
    const int expected =
        rowsOf(database.db, u"SELECT count(*) FROM port_messages WHERE status = 'dead_letter' "
                            "OR (status = 'failed' AND retry_count >= max_retries)"_s)
            .value(0)
            .toInt();
    QVERIFY(expected > 0);
    QCOMPARE(dead.size(), expected);
}

void tst_DataGenerator::batchFiles()
{
    QTemporaryDir dir;
    const QString store = dir.filePath(u"messages"_s);
    const QDateTime end(QDate(2026, 11, 20), QTime(12, 0), QTimeZone::utc());
    const auto written = DataGenerator::batchFiles(store, 25, {end, 2});
    QVERIFY2(written.ok(), qPrintable(written.errorMessage()));
    QCOMPARE(*written, 250);

    const auto report = checkBatchStore(store);
    QVERIFY2(report.ok(), qPrintable(report.errorMessage()));
    QCOMPARE(report->files, 25);
    QCOMPARE(report->messages, 250);
    QVERIFY(report->clean()); // numbers 1..250 without gaps, ten lines a file

    QFile last(store + u"/messages_batch_0025.txt"_s);
    QVERIFY(last.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = last.readAll().split('\n');
    QCOMPARE(lines.at(9),
             QByteArray("[2026-11-20 12:00:00] Message #250: this is Message N\xc2\xb0 250 "
                        "being posted into Redis"));

    const auto again = DataGenerator::batchFiles(store, 1, {end, 2});
    QVERIFY(!again.ok());
    QCOMPARE(again.error().kind, StorageError::Kind::InvalidArgument);
    QCOMPARE(checkBatchStore(store)->messages, 250); // left as it was
}

QTEST_GUILESS_MAIN(tst_DataGenerator)
#include "tst_datagenerator.moc"
