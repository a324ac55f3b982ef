#include "ingestmessagewriter.h"
#include "messagerepository.h"
#include "repositorytestsupport.h"
#include "sqlingestsink.h"

#include <QFile>
#include <QJsonObject>
#include <QSqlQuery>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace porthole;
using Kind = DecodedPayload::Kind;

namespace {

const QDateTime base(QDate(2025, 10, 16), QTime(14, 56, 5), QTimeZone::utc());

Delivery delivery(const QString &id, const QByteArray &payload)
{
    Delivery d;
    d.key = u"stream:ingest:"_s + id;
    d.source = u"ingest"_s;
    d.payload = payload;
    d.receivedAt = base;
    return d;
}

// One delivery of every kind; two checkpoint versions of one name.
QList<Delivery> everyKind()
{
    return {
        delivery(u"1-0"_s, "this is Message N\xc2\xb0 42 being posted into Redis"),
        delivery(u"2-0"_s, "no number here"),
        delivery(u"3-0"_s, R"({"event_id":"e-1","sensor_id":"s-1",)"
                           R"("timestamp":"2025-10-16T14:56:05Z","value":21.5})"),
        delivery(u"4-0"_s,
                 R"({"port_name":"orders.in","source_component":"api",)"
                 R"("target_component":"billing","message_data":{"order":7},)"
                 R"("message_metadata":{"trace":"t"},"retry_count":1,"status":"failed",)"
                 R"("error_message":"Timeout after 5000 ms","error_details":{"attempts":2}})"),
        delivery(u"5-0"_s, R"({"component_name":"api","metric_name":"latency","metric_value":12.5,)"
                           R"("metric_unit":"ms"})"),
        delivery(u"6-0"_s, R"({"port_name":"orders.in","messages_sent":10,)"
                           R"("messages_received":8,"buffer_utilization":0.5})"),
        delivery(u"7-0"_s, R"({"component_name":"api","health_status":"degraded",)"
                           R"("health_details":{"lag":3}})"),
        delivery(u"8-0"_s, R"({"checkpoint_name":"offsets","component_name":"reader",)"
                           R"("checkpoint_data":{"offset":1}})"),
        delivery(u"9-0"_s, R"({"checkpoint_name":"offsets","component_name":"reader",)"
                           R"("checkpoint_data":{"offset":2}})"),
        delivery(u"10-0"_s, R"({"component_name":"api","health_status":"great"})"),
    };
}

qint64 count(const QSqlDatabase &db, const QString &table)
{
    return test::scalar(db, u"SELECT count(*) FROM "_s + table);
}

// Rows of every table the sink writes, to show that a failed group left nothing.
qint64 rowsWritten(const QSqlDatabase &db)
{
    qint64 rows = 0;
    for (const QString &table : {u"messages"_s, u"processed_events"_s, u"metrics"_s,
                                 u"port_messages"_s, u"component_metrics"_s, u"port_metrics"_s,
                                 u"system_health"_s, u"checkpoints"_s, u"ingest_deliveries"_s})
        rows += count(db, table);
    return rows;
}

QByteArray rawPayloadOf(const QJsonObject &messageData)
{
    if (messageData.contains(u"raw_base64"_s))
        return QByteArray::fromBase64(messageData.value(u"raw_base64"_s).toString().toLatin1());
    return messageData.value(u"raw"_s).toString().toUtf8();
}

} // namespace

class tst_SqlIngestSink : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void removedDatabaseIsRefused_data();
    void removedDatabaseIsRefused();
    void storesEveryKind_data() { test::addEngineRows(); }
    void storesEveryKind();
    void secondDeliveryStoresNothing_data() { test::addEngineRows(); }
    void secondDeliveryStoresNothing();
    void sensorEventOnce_data() { test::addEngineRows(); }
    void sensorEventOnce();
    void deadLettersKeepRawBytes_data() { test::addEngineRows(); }
    void deadLettersKeepRawBytes();
    void messageBytesExact_data() { test::addEngineRows(); }
    void messageBytesExact();
    void keysWithQuotesKnownTwice_data() { test::addEngineRows(); }
    void keysWithQuotesKnownTwice();
    void ownCountContinuesAfterReopening_data() { test::addEngineRows(); }
    void ownCountContinuesAfterReopening();
    void lockedGroupStoresNothing_data() { test::addEngineRows(); }
    void lockedGroupStoresNothing();
    void failureHalfwayStoresNothing_data() { test::addEngineRows(); }
    void failureHalfwayStoresNothing();
    void refusedMessageStoresNothing_data() { test::addEngineRows(); }
    void refusedMessageStoresNothing();
    void refusesDeliveryWithoutKey_data() { test::addEngineRows(); }
    void refusesDeliveryWithoutKey();
    void manyMessagesInOneGroup_data() { test::addEngineRows(); }
    void manyMessagesInOneGroup();
    void newerCheckpointKeptExactly_data() { test::addEngineRows(); }
    void newerCheckpointKeptExactly();
};

void tst_SqlIngestSink::storesEveryKind()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QSqlDatabase &db = database.db;
    SqlIngestSink sink(db);
    const auto outcome = sink.write(everyKind());
    QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
    QCOMPARE(outcome->stored, 9);
    QCOMPARE(outcome->duplicates, 0);
    QCOMPARE(outcome->deadLettered, 1);
    QCOMPARE(outcome->storedOf(Kind::Message), 2);
    QCOMPARE(outcome->storedOf(Kind::SensorReading), 1);
    QCOMPARE(outcome->storedOf(Kind::PortMessage), 1);
    QCOMPARE(outcome->storedOf(Kind::ComponentMetric), 1);
    QCOMPARE(outcome->storedOf(Kind::PortMetric), 1);
    QCOMPARE(outcome->storedOf(Kind::Heartbeat), 1);
    QCOMPARE(outcome->storedOf(Kind::CheckpointVersion), 2);
    QCOMPARE(outcome->storedOf(Kind::DeadLetter), 1);

    // The sender's number, then one more than the highest.
    QCOMPARE(test::rowsOf(
                 db, u"SELECT message_number, content, delivery_key, source, "
                     "CASE WHEN content_raw IS NULL THEN 1 ELSE 0 END FROM messages ORDER BY id"_s),
             (QStringList{u"42 | this is Message N° 42 being posted into Redis | "
                          "stream:ingest:1-0 | ingest | 1"_s,
                          u"43 | no number here | stream:ingest:2-0 | ingest | 1"_s}));
    MessageRepository messages(db);
    const auto page = messages.page({}, {});
    QVERIFY2(page.ok(), qPrintable(page.errorMessage()));
    QCOMPARE(page->rows.at(0).timestamp, base);

    QCOMPARE(test::rowsOf(db, u"SELECT event_id, sensor_id FROM processed_events"_s),
             QStringList{u"e-1 | s-1"_s});
    QCOMPARE(test::rowsOf(db, u"SELECT event_id, sensor_id, value FROM metrics"_s),
             QStringList{u"e-1 | s-1 | 21.5"_s});
    QCOMPARE(test::rowsOf(db, u"SELECT port_name, source_component, target_component, status, "
                              "retry_count, max_retries FROM port_messages "
                              "WHERE status <> 'dead_letter'"_s),
             QStringList{u"orders.in | api | billing | failed | 1 | 3"_s});
    // What the pipeline said of the failure, kept.
    QCOMPARE(test::rowsOf(db, u"SELECT error_message FROM port_messages "
                              "WHERE status <> 'dead_letter'"_s),
             QStringList{u"Timeout after 5000 ms"_s});
    QCOMPARE(test::json(test::rowsOf(db, u"SELECT error_details FROM port_messages "
                                         "WHERE status <> 'dead_letter'"_s)
                            .value(0)
                            .toUtf8()),
             test::json(R"({"attempts":2})"));
    QCOMPARE(test::json(test::rowsOf(db, u"SELECT message_data FROM port_messages "
                                         "WHERE status <> 'dead_letter'"_s)
                            .value(0)
                            .toUtf8()),
             test::json(R"({"order":7})"));
    QCOMPARE(test::rowsOf(db, u"SELECT component_name, metric_name, metric_value, metric_unit "
                              "FROM component_metrics"_s),
             QStringList{u"api | latency | 12.5 | ms"_s});
    QCOMPARE(test::rowsOf(
                 db, u"SELECT port_name, messages_sent, messages_received, "
                     "buffer_utilization, CASE WHEN avg_send_duration_ms IS NULL THEN 1 ELSE 0 END "
                     "FROM port_metrics"_s),
             QStringList{u"orders.in | 10 | 8 | 0.5 | 1"_s});
    QCOMPARE(test::rowsOf(db, u"SELECT component_name, health_status FROM system_health"_s),
             QStringList{u"api | degraded"_s});
    QCOMPARE(test::rowsOf(db, u"SELECT checkpoint_name, component_name, version, "
                              "CASE WHEN is_latest THEN 1 ELSE 0 END FROM checkpoints "
                              "ORDER BY version"_s),
             (QStringList{u"offsets | reader | 1 | 0"_s, u"offsets | reader | 2 | 1"_s}));
    QCOMPARE(test::json(test::rowsOf(db, u"SELECT checkpoint_data FROM checkpoints "
                                         "WHERE version = 2"_s)
                            .value(0)
                            .toUtf8()),
             test::json(R"({"offset":2})"));
    QCOMPARE(test::rowsOf(db, u"SELECT port_name, source_component, target_component, "
                              "error_message FROM dead_letter_queue"_s),
             QStringList{u"ingest | redis | porthole-ingest | Heartbeat: health_status must be "
                         "one of healthy, degraded, unhealthy, unknown; got \"great\""_s});
    // Everything but the plain messages is recorded in the journal, as written by this sink.
    QCOMPARE(test::rowsOf(db, u"SELECT count(*), min(sink), max(sink), count(batch_id), "
                              "count(line_index), count(stored_at) FROM ingest_deliveries"_s),
             QStringList{u"8 | sql | sql | 0 | 0 | 8"_s});
}

void tst_SqlIngestSink::secondDeliveryStoresNothing()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    SqlIngestSink sink(database.db);
    const QList<Delivery> group = everyKind();
    QVERIFY(sink.write(group).ok());
    const qint64 before = rowsWritten(database.db);

    // The same group again, through this sink and through a new one.
    for (int round = 0; round < 2; ++round) {
        SqlIngestSink fresh(database.db);
        const auto again = (round == 0 ? sink : fresh).write(group);
        QVERIFY2(again.ok(), qPrintable(again.errorMessage()));
        QCOMPARE(again->stored, 0);
        QCOMPARE(again->deadLettered, 0);
        QCOMPARE(again->duplicates, group.size());
        QCOMPARE(rowsWritten(database.db), before);
    }

    // A key twice in one group, and old keys mixed with a new one: only the new one is stored,
    // and it takes the next number.
    const QList<Delivery> mixed{group.at(1), delivery(u"11-0"_s, "fresh"),
                                delivery(u"11-0"_s, "fresh"), group.at(6)};
    const auto outcome = sink.write(mixed);
    QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
    QCOMPARE(outcome->stored, 1);
    QCOMPARE(outcome->duplicates, 3);
    QCOMPARE(test::rowsOf(database.db, u"SELECT message_number FROM messages "
                                       "WHERE delivery_key = 'stream:ingest:11-0'"_s),
             QStringList{u"44"_s});
    QCOMPARE(rowsWritten(database.db), before + 1);
}

void tst_SqlIngestSink::sensorEventOnce()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    SqlIngestSink sink(database.db);
    const QByteArray reading =
        R"({"event_id":"e-7","sensor_id":"s-1","timestamp":1760626565,"value":1})";
    const auto first = sink.write({delivery(u"1-0"_s, reading)});
    QVERIFY2(first.ok(), qPrintable(first.errorMessage()));
    QCOMPARE(first->stored, 1);
    // The same event in another delivery (another key): recorded as a duplicate.
    const auto second = sink.write({delivery(u"2-0"_s, reading), delivery(u"3-0"_s, reading),
                                    delivery(u"4-0"_s, R"({"event_id":"e-8","sensor_id":"s-1",)"
                                                       R"("timestamp":1760626566,"value":2})")});
    QVERIFY2(second.ok(), qPrintable(second.errorMessage()));
    QCOMPARE(second->stored, 1);
    QCOMPARE(second->duplicates, 2);
    QCOMPARE(test::rowsOf(database.db, u"SELECT event_id, value FROM metrics ORDER BY id"_s),
             (QStringList{u"e-7 | 1"_s, u"e-8 | 2"_s}));
    QCOMPARE(count(database.db, u"processed_events"_s), 2);
}

void tst_SqlIngestSink::deadLettersKeepRawBytes()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QSqlDatabase &db = database.db;
    SqlIngestSink sink(db, 64);
    const QList<QByteArray> payloads{
        QByteArray("{\"event_id\":\"e\xff\xfe\",\"sensor_id\":1}"), // not UTF-8
        QByteArray("{\"a\":\0}", 7),                                // a NUL byte
        QByteArray(R"({"component_name":"api","health_status":"great","note":"ü \" \\ 📦"})"),
        QByteArray(65, 'x'), // over the limit of 64 bytes
        QByteArray("\xef\xbb\xbf{\"port_name\"}"),
    };
    QList<Delivery> group;
    for (qsizetype i = 0; i < payloads.size(); ++i) {
        Delivery d = delivery(u"%1-0"_s.arg(i + 1), payloads.at(i));
        d.deliveryCount = int(i + 2);
        group << d;
    }
    group.last().deadReason = u"Delivered 6 times; at most 5 are tried."_s;
    const auto outcome = sink.write(group);
    QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
    QCOMPARE(outcome->deadLettered, payloads.size());

    QSqlQuery query(db);
    QVERIFY(query.exec(u"SELECT message_data, error_message, error_details, port_name, status "
                       "FROM dead_letter_queue"_s));
    int seen = 0;
    while (query.next()) {
        const QJsonObject details = test::json(query.value(2).toString().toUtf8()).object();
        const QString key = details.value(u"delivery_key"_s).toString();
        const qsizetype index = key.section(u':', 2).section(u'-', 0, 0).toInt() - 1;
        QVERIFY2(index >= 0 && index < payloads.size(), qPrintable(key));
        const QJsonObject data = test::json(query.value(0).toString().toUtf8()).object();
        QCOMPARE(rawPayloadOf(data), payloads.at(index));
        QCOMPARE(details.value(u"delivery_count"_s).toInt(), index + 2);
        QCOMPARE(details.value(u"payload_bytes"_s).toInteger(), payloads.at(index).size());
        QCOMPARE(query.value(3).toString(), u"ingest"_s);
        QCOMPARE(query.value(4).toString(), u"dead_letter"_s);
        QVERIFY(!query.value(1).toString().isEmpty());
        ++seen;
    }
    QCOMPARE(seen, payloads.size());
    QCOMPARE(test::rowsOf(db, u"SELECT error_message FROM port_messages "
                              "WHERE CAST(error_details AS TEXT) LIKE '%stream:ingest:5-0%'"_s),
             QStringList{u"Delivered 6 times; at most 5 are tried."_s});
    // Text stays readable in message_data; bytes that are not text go as base64.
    QCOMPARE(test::scalar(db, u"SELECT count(*) FROM port_messages "
                              "WHERE CAST(message_data AS TEXT) LIKE '%raw_base64%'"_s),
             3); // not UTF-8, NUL, byte order mark
}

void tst_SqlIngestSink::messageBytesExact()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    SqlIngestSink sink(database.db);
    const QList<QByteArray> contents{
        QByteArray("not utf-8: \xff\xfe\xc3( Message #5"),
        QByteArray("nul \0 inside", 12),
        QByteArray("emoji 📦 and ümlauts"),
        QByteArray("\xef\xbb\xbfwith a byte order mark"),
        QByteArray("[1, 2]"),
        QByteArray(),
        // What an array literal or COPY's text format quotes or reads as a marker: kept byte
        // for byte.
        QByteArray("tab\there\nnew line\r\n\\N and \\.\n\\.\nand a \\ backslash, "
                   "\"quotes\", {braces}, a comma and NULL"),
    };
    QList<Delivery> group;
    for (qsizetype i = 0; i < contents.size(); ++i)
        group << delivery(u"%1-0"_s.arg(i + 1), contents.at(i));
    const auto outcome = sink.write(group);
    QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
    QCOMPARE(outcome->stored, contents.size());

    MessageRepository repository(database.db);
    const auto page = repository.page({}, {});
    QVERIFY2(page.ok(), qPrintable(page.errorMessage()));
    QCOMPARE(page->rows.size(), contents.size());
    for (const ReceivedMessage &m : page->rows) {
        const qsizetype index = m.deliveryKey.section(u':', 2).section(u'-', 0, 0).toInt() - 1;
        QCOMPARE(m.content, contents.at(index));
        QCOMPARE(m.source, u"ingest"_s);
    }
    QCOMPARE(test::rowsOf(database.db, u"SELECT message_number FROM messages ORDER BY id"_s),
             (QStringList{u"5"_s, u"6"_s, u"7"_s, u"8"_s, u"9"_s, u"10"_s, u"11"_s}));
}

// Keys and sources with the characters an array literal or COPY's text format quote: a second
// delivery is still known, also when its message is numbered by Porthole (the lookup of keys).
void tst_SqlIngestSink::keysWithQuotesKnownTwice()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    SqlIngestSink sink(database.db);
    QList<Delivery> group;
    for (const QString &id : {u"a\"b\\c,{d} e"_s, u"tab\tand\nline"_s, u"NULL"_s}) {
        Delivery d = delivery(id, "no number of its own");
        d.source = u"source\twith \\ and \"quotes\""_s;
        group << d;
    }
    const auto first = sink.write(group);
    QVERIFY2(first.ok(), qPrintable(first.errorMessage()));
    QCOMPARE(first->stored, 3);
    const auto again = sink.write(group + QList<Delivery>{delivery(u"new"_s, "fresh")});
    QVERIFY2(again.ok(), qPrintable(again.errorMessage()));
    QCOMPARE(again->stored, 1);
    QCOMPARE(again->duplicates, 3);
    QCOMPARE(test::rowsOf(database.db, u"SELECT delivery_key, source, message_number FROM "
                                       "messages ORDER BY id"_s),
             (QStringList{u"stream:ingest:a\"b\\c,{d} e | source\twith \\ and \"quotes\" | 1"_s,
                          u"stream:ingest:tab\tand\nline | source\twith \\ and \"quotes\" | 2"_s,
                          u"stream:ingest:NULL | source\twith \\ and \"quotes\" | 3"_s,
                          u"stream:ingest:new | ingest | 4"_s}));
}

void tst_SqlIngestSink::ownCountContinuesAfterReopening()
{
    PORTHOLE_SKIP_ON_TIMESCALEDB_FIXTURE(PORTHOLE_TWO_CONNECTIONS);
    PORTHOLE_MIGRATED_DATABASE(database);
    {
        SqlIngestSink sink(database.db);
        const auto outcome =
            sink.write({delivery(u"1-0"_s, "a"), delivery(u"2-0"_s, "b"), delivery(u"3-0"_s, "c")});
        QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
    }
    {
        auto reopened = database.factory->open(u"reopened"_s);
        QVERIFY2(reopened.ok(), qPrintable(reopened.errorMessage()));
        SqlIngestSink sink(*reopened);
        const auto outcome = sink.write(
            {delivery(u"4-0"_s, "d"), delivery(u"5-0"_s, "Message #100"), delivery(u"6-0"_s, "e"),
             delivery(u"7-0"_s, "Message #50"), delivery(u"8-0"_s, "f")});
        QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
    }
    database.factory->close(u"reopened"_s);
    QCOMPARE(test::rowsOf(database.db,
                          u"SELECT content || '=' || message_number FROM messages ORDER BY id"_s),
             (QStringList{u"a=1"_s, u"b=2"_s, u"c=3"_s, u"d=4"_s, u"Message #100=100"_s, u"e=101"_s,
                          u"Message #50=50"_s, u"f=102"_s}));
}

void tst_SqlIngestSink::lockedGroupStoresNothing()
{
    PORTHOLE_SKIP_ON_TIMESCALEDB_FIXTURE(PORTHOLE_TWO_CONNECTIONS);
    QFETCH(test::ScratchDatabase::Engine, engine);
    ConnectionSettings settings;
    settings.busyTimeoutMs = 200; // SQLite
    settings.lockTimeoutMs = 200; // PostgreSQL
    test::MigratedDatabase database(engine, settings);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const bool sqlite = engine == test::ScratchDatabase::Engine::SQLite;

    SqlIngestSink sink(database.db);
    const QList<Delivery> group = everyKind();
    QVERIFY(sink.write({delivery(u"0-1"_s, "warm up")}).ok()); // statements prepared

    auto blocker = database.factory->open(u"blocker"_s);
    QVERIFY2(blocker.ok(), qPrintable(blocker.errorMessage()));
    {
        QSqlQuery hold(*blocker);
        // SQLite: the write lock. PostgreSQL: a table the group writes after its messages.
        QVERIFY2(hold.exec(sqlite ? u"BEGIN IMMEDIATE"_s : u"BEGIN"_s),
                 qPrintable(hold.lastError().text()));
        if (!sqlite)
            QVERIFY2(hold.exec(u"LOCK TABLE system_health IN EXCLUSIVE MODE"_s),
                     qPrintable(hold.lastError().text()));
    }
    const qint64 before = rowsWritten(database.db);
    const auto locked = sink.write(group);
    QVERIFY(!locked.ok());
    QCOMPARE(locked.error().kind, StorageError::Kind::Locked);
    QVERIFY2(locked.errorMessage().contains(u"Nothing of the group of 10 deliveries was stored"_s),
             qPrintable(locked.errorMessage()));
    QCOMPARE(rowsWritten(database.db), before);

    QVERIFY(QSqlQuery(*blocker).exec(u"ROLLBACK"_s));
    const auto stored = sink.write(group);
    QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));
    QCOMPARE(stored->stored, 9);
    QCOMPARE(stored->deadLettered, 1);
    QCOMPARE(rowsWritten(database.db), before + 9 + 1 + 8 + 1); // + event, + journal rows
    blocker = QSqlDatabase();
    database.factory->close(u"blocker"_s);
}

void tst_SqlIngestSink::failureHalfwayStoresNothing()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const bool sqlite = engine == test::ScratchDatabase::Engine::SQLite;
    QSqlQuery ddl(database.db);
    // A refusal in the last table the group writes, after messages and records went in.
    if (sqlite) {
        QVERIFY(ddl.exec(u"CREATE TRIGGER refuse BEFORE INSERT ON checkpoints "
                         "BEGIN SELECT RAISE(ABORT, 'refused for the test'); END"_s));
    } else {
        QVERIFY(ddl.exec(u"CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN "
                         "RAISE EXCEPTION 'refused for the test'; END $$ LANGUAGE plpgsql"_s));
        QVERIFY(ddl.exec(u"CREATE TRIGGER refuse BEFORE INSERT ON checkpoints "
                         "FOR EACH ROW EXECUTE FUNCTION refuse()"_s));
    }
    SqlIngestSink sink(database.db);
    const QList<Delivery> group = everyKind();
    const auto refused = sink.write(group);
    QVERIFY(!refused.ok());
    QVERIFY2(refused.errorMessage().contains(u"refused for the test"_s),
             qPrintable(refused.errorMessage()));
    QCOMPARE(rowsWritten(database.db), 0);

    QVERIFY(ddl.exec(u"DROP TRIGGER refuse"_s + (sqlite ? QString() : u" ON checkpoints"_s)));
    const auto stored = sink.write(group); // the same sink: its statements outlived the failure
    QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));
    QCOMPARE(stored->stored, 9);
    QCOMPARE(test::rowsOf(database.db, u"SELECT message_number FROM messages ORDER BY id"_s),
             (QStringList{u"42"_s, u"43"_s}));
}

// A refusal by the messages INSERT itself (on SQLite the statement SQLite's own API runs),
// in the middle of a group of more rows than one statement takes.
void tst_SqlIngestSink::refusedMessageStoresNothing()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const bool sqlite = engine == test::ScratchDatabase::Engine::SQLite;
    QSqlQuery ddl(database.db);
    const QString condition = u"NEW.content = 'payload 150'"_s;
    if (sqlite) {
        QVERIFY(ddl.exec(
            u"CREATE TRIGGER refuse BEFORE INSERT ON messages WHEN %1 "
            "BEGIN SELECT RAISE(ABORT, 'message refused for the test'); END"_s.arg(condition)));
    } else {
        QVERIFY(ddl.exec(u"CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN "
                         "RAISE EXCEPTION 'message refused for the test'; END $$ "
                         "LANGUAGE plpgsql"_s));
        QVERIFY(ddl.exec(u"CREATE TRIGGER refuse BEFORE INSERT ON messages FOR EACH ROW "
                         "WHEN (%1) EXECUTE FUNCTION refuse()"_s.arg(condition)));
    }
    QList<Delivery> group;
    for (int i = 0; i < 250; ++i)
        group << delivery(u"%1-0"_s.arg(i), "payload " + QByteArray::number(i));
    SqlIngestSink sink(database.db);
    const auto refused = sink.write(group);
    QVERIFY(!refused.ok());
    QVERIFY2(refused.errorMessage().contains(u"message refused for the test"_s),
             qPrintable(refused.errorMessage()));
    QVERIFY2(refused.errorMessage().contains(u"Nothing of the group of 250 deliveries"_s),
             qPrintable(refused.errorMessage()));
    QCOMPARE(rowsWritten(database.db), 0);

    QVERIFY(ddl.exec(u"DROP TRIGGER refuse"_s + (sqlite ? QString() : u" ON messages"_s)));
    const auto stored = sink.write(group);
    QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));
    QCOMPARE(stored->stored, 250);
    QCOMPARE(
        test::rowsOf(database.db, u"SELECT content FROM messages WHERE message_number = 151"_s),
        QStringList{u"payload 150"_s});
}

void tst_SqlIngestSink::refusesDeliveryWithoutKey()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    SqlIngestSink sink(database.db);
    const auto refused = sink.write({delivery(u"1-0"_s, "a"), Delivery{}});
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().kind, StorageError::Kind::InvalidArgument);
    QVERIFY2(refused.errorMessage().contains(u"Delivery 2 of the group has no key"_s),
             qPrintable(refused.errorMessage()));
    QCOMPARE(rowsWritten(database.db), 0);
    const auto empty = sink.write({});
    QVERIFY(empty.ok());
    QCOMPARE(empty->stored, 0);
}

// More messages than one statement takes, with old keys among them: the chunked path.
void tst_SqlIngestSink::manyMessagesInOneGroup()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    SqlIngestSink sink(database.db);
    const auto group = [](int from, int to) {
        QList<Delivery> list;
        for (int i = from; i < to; ++i)
            list << delivery(u"%1-0"_s.arg(i), "payload " + QByteArray::number(i));
        return list;
    };
    const int size = IngestMessageWriter::rowsPerStatement * 2 + 7;
    const auto first = sink.write(group(0, size));
    QVERIFY2(first.ok(), qPrintable(first.errorMessage()));
    QCOMPARE(first->stored, size);
    const auto overlapping = sink.write(group(size - 150, size + 150));
    QVERIFY2(overlapping.ok(), qPrintable(overlapping.errorMessage()));
    QCOMPARE(overlapping->stored, 150);
    QCOMPARE(overlapping->duplicates, 150);
    QCOMPARE(test::rowsOf(database.db, u"SELECT count(*), count(DISTINCT message_number), "
                                       "min(message_number), max(message_number) FROM messages"_s),
             QStringList{u"%1 | %1 | 1 | %1"_s.arg(size + 150)});
    // In the order of the group.
    const QString numberOfFirstNew =
        u"SELECT message_number FROM messages WHERE delivery_key = 'stream:ingest:%1-0'"_s.arg(
            size);
    QCOMPARE(test::scalar(database.db, numberOfFirstNew), size + 1);
}

// A checkpoint from a producer newer than Porthole: a format it has never seen, 64-bit
// offsets past a double's precision, deep nesting, metadata and members it does not know. The
// data and metadata are kept exactly, digit for digit, as the next version of the name; the
// unknown top-level member is ignored, as for every record (docs/PAYLOADS.md).
void tst_SqlIngestSink::newerCheckpointKeptExactly()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QSqlDatabase &db = database.db;
    const QByteArray data =
        R"({"format":7,"offsets":{"p0":9223372036854775807,"p1":9007199254740993,"p2":-1},)"
        R"("state":[{"\u00fcber":"\u2713","nested":[[[[{"x":1.5e300}]]]]}],"empty":{}})";
    const QByteArray metadata = R"({"format_version":99,"writer":"reader 12.0"})";
    SqlIngestSink sink(db);
    const auto outcome =
        sink.write({delivery(u"1-0"_s, R"({"checkpoint_name":"offsets","component_name":"reader",)"
                                       R"("checkpoint_encoding":"v7","checkpoint_data":)" +
                                           data + R"(,"checkpoint_metadata":)" + metadata + "}")});
    QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
    QCOMPARE(outcome->storedOf(Kind::CheckpointVersion), 1);
    const QStringList rows =
        test::rowsOf(db, u"SELECT checkpoint_data, checkpoint_metadata "
                         "FROM checkpoints WHERE checkpoint_name = 'offsets'"_s);
    QCOMPARE(rows.size(), 1);
    const QString stored = rows.constFirst().section(u" | "_s, 0, 0);
    for (const char *digits : {"9223372036854775807", "9007199254740993"})
        QVERIFY2(stored.contains(QLatin1StringView(digits)), qPrintable(stored));
    QCOMPARE(test::json(stored.toUtf8()), test::json(data));
    QCOMPARE(test::json(rows.constFirst().section(u" | "_s, 1).toUtf8()), test::json(metadata));
}

// SQLite files removed under the sink: the database with its -wal and -shm (rm), the database
// renamed (mv), or the -wal file alone. The group is committed into files that are no longer
// the store's, and the sink says so instead of returning it as stored.
void tst_SqlIngestSink::removedDatabaseIsRefused_data()
{
    QTest::addColumn<QString>("how");
    QTest::newRow("rm db db-wal db-shm") << u"rm"_s;
    QTest::newRow("mv db") << u"mv"_s;
    QTest::newRow("rm db-wal") << u"wal"_s;
}

void tst_SqlIngestSink::removedDatabaseIsRefused()
{
    QFETCH(QString, how);
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const QString path = database.scratch->url().filePath();
    SqlIngestSink sink(database.db);
    const auto first = sink.write({delivery(u"1-0"_s, "before")});
    QVERIFY2(first.ok(), qPrintable(first.errorMessage()));
    QVERIFY(sink.checkStore().ok());

    if (how == u"rm"_s) {
        for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s})
            QVERIFY(QFile::remove(path + suffix));
    } else if (how == u"mv"_s) {
        QVERIFY(QFile::rename(path, path + u".moved"_s));
    } else {
        QVERIFY(QFile::remove(path + u"-wal"_s));
    }
    const auto refused = sink.write({delivery(u"2-0"_s, "after")});
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().kind, StorageError::Kind::ConnectionLost);
    QVERIFY2(refused.errorMessage().startsWith(
                 u"The store %1 was removed or replaced while Porthole was writing it"_s.arg(path)),
             qPrintable(refused.errorMessage()));
    QVERIFY(!sink.write({delivery(u"3-0"_s, "and after")}).ok());
}

QTEST_GUILESS_MAIN(tst_SqlIngestSink)
#include "tst_sqlingestsink.moc"
