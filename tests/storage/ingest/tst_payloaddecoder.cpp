#include "payloaddecoder.h"

#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace porthole;

Q_DECLARE_METATYPE(porthole::DecodedPayload)

namespace {

const QDateTime received(QDate(2025, 10, 16), QTime(15, 0, 0), QTimeZone::utc());
const QDateTime at145605(QDate(2025, 10, 16), QTime(14, 56, 5), QTimeZone::utc());

DecodedPayload message(std::optional<qint64> number)
{
    return {PlainMessage{number}};
}

// For a dead letter, the test looks for this text in the reason.
DecodedPayload dead(const QString &reasonPart)
{
    return {DeadLetter{reasonPart}};
}

DecodedPayload sensor(const QString &eventId, const QDateTime &time, double value)
{
    SensorReading r;
    r.eventId = eventId;
    r.sensorId = u"s-1"_s;
    r.timestamp = time;
    r.value = value;
    return {r};
}

DecodedPayload portMessage(const QByteArray &data, const QByteArray &metadata = {},
                           const QString &status = u"pending"_s, int retries = 0,
                           int maxRetries = 3, const QString &error = {},
                           const QByteArray &errorDetails = {})
{
    PortMessage m;
    m.portName = u"orders.in"_s;
    m.sourceComponent = u"api"_s;
    m.targetComponent = u"billing"_s;
    m.messageData = data;
    m.messageMetadata = metadata;
    m.status = status;
    m.retryCount = retries;
    m.maxRetries = maxRetries;
    m.errorMessage = error;
    m.errorDetails = errorDetails;
    m.createdAt = received;
    return {m};
}

DecodedPayload componentMetric(double value, const QString &unit = {},
                               const QByteArray &metadata = {}, const QDateTime &time = received)
{
    ComponentMetric m;
    m.componentName = u"api"_s;
    m.metricName = u"latency"_s;
    m.value = value;
    m.unit = unit;
    m.metadata = metadata;
    m.timestamp = time;
    return {m};
}

DecodedPayload portMetric(qint64 sent, qint64 receivedCount, std::optional<double> sendMs = {},
                          std::optional<double> utilization = {})
{
    PortMetric m;
    m.portName = u"orders.in"_s;
    m.messagesSent = sent;
    m.messagesReceived = receivedCount;
    m.avgSendDurationMs = sendMs;
    m.bufferUtilization = utilization;
    m.timestamp = received;
    return {m};
}

DecodedPayload heartbeat(const QString &status, const QByteArray &details = {},
                         const QDateTime &time = received)
{
    return {Heartbeat{u"api"_s, status, details, time}};
}

DecodedPayload checkpoint(const QByteArray &data, const QByteArray &metadata = {},
                          const QDateTime &expires = {})
{
    return {CheckpointVersion{u"offsets"_s, u"reader"_s, data, metadata, expires}};
}

QByteArray sensorJson(const QByteArray &timestamp, const QByteArray &value = "21.5")
{
    return R"({"event_id":"e-1","sensor_id":"s-1","timestamp":)" + timestamp + R"(,"value":)" +
           value + "}";
}

} // namespace

class tst_PayloadDecoder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decodes_data();
    void decodes();
    void reasonsArePrecise_data();
    void reasonsArePrecise();
};

void tst_PayloadDecoder::decodes_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<bool>("fieldsAsJson");
    QTest::addColumn<QString>("deadReason");
    QTest::addColumn<qint64>("maxBytes");
    QTest::addColumn<DecodedPayload>("expected");
    const qint64 limit = defaultMaxPayloadBytes;
    const auto row = [limit](const char *name, const QByteArray &payload,
                             const DecodedPayload &expected) {
        QTest::newRow(name) << payload << false << QString() << limit << expected;
    };
    const auto fields = [limit](const char *name, const QByteArray &payload,
                                const DecodedPayload &expected) {
        QTest::newRow(name) << payload << true << QString() << limit << expected;
    };

    // Plain messages (seed 000) and their numbers.
    row("seed text", "this is Message N\xc2\xb0 42 being posted into Redis", message(42));
    row("hash number", "Message #7", message(7));
    row("lower case, ordinal sign", "message N\xc2\xba 8: hi", message(8));
    row("batch line", "[2025-10-16 14:56:05] Message #12: payload", message(12));
    row("first number wins", "Message #3 then Message #4", message(3));
    row("no number", "hello world", message(std::nullopt));
    row("mark without digits", "Message # and more", message(std::nullopt));
    row("digits run into letters", "Message #12abc", message(std::nullopt));
    row("plural is not the mark", "Messages #5", message(std::nullopt));
    row("inside a word", "PreMessage #5", message(std::nullopt));
    row("number too large", "Message #99999999999999999999", message(std::nullopt));
    row("empty", "", message(std::nullopt));
    row("non-UTF-8 bytes", "\xff\xfe Message #12 \xc3(", message(12));
    row("NUL inside", QByteArray("Message #5 \0 after", 18), message(5));
    row("JSON array", "[1, 2, 3]", message(std::nullopt));
    row("JSON string", "\"Message #3\"", message(3));
    row("JSON number", "42", message(std::nullopt));
    row("JSON of no known shape", R"({"hello":"world"})", message(std::nullopt));
    row("message_number", R"({"message_number":5,"content":"Message #9"})", message(5));
    row("message_number zero", R"({"message_number":0})", message(0));
    row("port_name alone is no record", R"({"port_name":"p"})", message(std::nullopt));

    // Sensor readings (seed 003).
    row("sensor, Z", sensorJson(R"("2025-10-16T14:56:05Z")"), sensor(u"e-1"_s, at145605, 21.5));
    row("sensor, offset", sensorJson(R"("2025-10-16T16:56:05+02:00")"),
        sensor(u"e-1"_s, at145605, 21.5));
    row("sensor, negative offset", sensorJson(R"("2025-10-16T09:56:05-05:00")"),
        sensor(u"e-1"_s, at145605, 21.5));
    row("sensor, no zone is UTC", sensorJson(R"("2025-10-16T14:56:05")"),
        sensor(u"e-1"_s, at145605, 21.5));
    row("sensor, space separator", sensorJson(R"("2025-10-16 14:56:05")"),
        sensor(u"e-1"_s, at145605, 21.5));
    row("sensor, milliseconds", sensorJson(R"("2025-10-16T14:56:05.250Z")"),
        sensor(u"e-1"_s, at145605.addMSecs(250), 21.5));
    row("sensor, microseconds", sensorJson(R"("2025-10-16T14:56:05.123456Z")"),
        sensor(u"e-1"_s, at145605.addMSecs(123), 21.5));
    row("sensor, compact offset", sensorJson(R"("2025-10-16T16:56:05+0200")"),
        sensor(u"e-1"_s, at145605, 21.5));
    row("sensor, date alone", sensorJson(R"("2025-10-16")"),
        sensor(u"e-1"_s, at145605.addSecs(-(14 * 3600 + 56 * 60 + 5)), 21.5));
    row("sensor, epoch seconds", sensorJson("1760626565"), sensor(u"e-1"_s, at145605, 21.5));
    row("sensor, fractional epoch", sensorJson("1760626565.25", "-3"),
        sensor(u"e-1"_s, at145605.addMSecs(250), -3));
    row("sensor, whitespace first", "\n  " + sensorJson("1760626565"),
        sensor(u"e-1"_s, at145605, 21.5));

    // Port messages, metrics, heartbeats, checkpoints (seed 001).
    row("port message",
        R"({"port_name":"orders.in","source_component":"api","target_component":"billing",)"
        R"("message_data":{"order":7}})",
        portMessage(R"({"order":7})"));
    row("port message, every field",
        R"({"port_name":"orders.in","source_component":"api","target_component":"billing",)"
        R"("message_data":[1,"two"],"message_metadata":{"trace":"t-9"},"status":"failed",)"
        R"("retry_count":2,"max_retries":5})",
        portMessage(R"([1,"two"])", R"({"trace":"t-9"})", u"failed"_s, 2, 5));
    // What the pipeline said of a failure is kept (the demo's traffic sends both).
    row("port message, failed with its error",
        R"({"port_name":"orders.in","source_component":"api","target_component":"billing",)"
        R"("message_data":{},"status":"failed","retry_count":1,)"
        R"("error_message":"Timeout after 5000 ms calling payment-gateway",)"
        R"("error_details":{"attempts":2,"component":"billing"}})",
        portMessage("{}", {}, u"failed"_s, 1, 3, u"Timeout after 5000 ms calling payment-gateway"_s,
                    R"({"attempts":2,"component":"billing"})"));
    row("port message, empty and null error",
        R"({"port_name":"orders.in","source_component":"api","target_component":"billing",)"
        R"("message_data":{},"error_message":"","error_details":null})",
        portMessage("{}"));
    row("port message, scalar data",
        R"({"port_name":"orders.in","source_component":"api","target_component":"billing",)"
        R"("message_data":"text"})",
        portMessage(R"("text")"));
    row("component metric",
        R"({"component_name":"api","metric_name":"latency","metric_value":12.5})",
        componentMetric(12.5));
    row("component metric, every field",
        R"({"component_name":"api","metric_name":"latency","metric_value":3,"metric_unit":"ms",)"
        R"("metric_metadata":{"p":99},"timestamp":"2025-10-16T14:56:05Z"})",
        componentMetric(3, u"ms"_s, R"({"p":99})", at145605));
    row("port metric",
        R"({"port_name":"orders.in","messages_sent":10,"messages_received":8,)"
        R"("avg_send_duration_ms":1.5,"buffer_utilization":0.25})",
        portMetric(10, 8, 1.5, 0.25));
    row("port metric, received only", R"({"port_name":"orders.in","messages_received":8})",
        portMetric(0, 8));
    row("heartbeat", R"({"component_name":"api","health_status":"healthy"})",
        heartbeat(u"healthy"_s));
    row("heartbeat, details and last_heartbeat",
        R"({"component_name":"api","health_status":"degraded","health_details":{"lag":3},)"
        R"("last_heartbeat":"2025-10-16T14:56:05Z","timestamp":1})",
        heartbeat(u"degraded"_s, R"({"lag":3})", at145605));
    row("heartbeat, epoch timestamp",
        R"({"component_name":"api","health_status":"unknown","timestamp":1760626565})",
        heartbeat(u"unknown"_s, {}, at145605));
    row("checkpoint",
        R"({"checkpoint_name":"offsets","component_name":"reader","checkpoint_data":{"offset":42}})",
        checkpoint(R"({"offset":42})"));
    row("checkpoint, metadata and expiry",
        R"({"checkpoint_name":"offsets","component_name":"reader","checkpoint_data":{"o":1},)"
        R"("checkpoint_metadata":{"by":"x"},"expires_at":"2025-10-16T14:56:05Z"})",
        checkpoint(R"({"o":1})", R"({"by":"x"})", at145605));

    // A stream entry's fields: numbers and JSON as text.
    fields("fields: sensor reading",
           R"({"event_id":"e-1","sensor_id":"s-1","timestamp":"1760626565","value":"21.5"})",
           sensor(u"e-1"_s, at145605, 21.5));
    fields(
        "fields: sensor reading, ISO time",
        R"({"event_id":"e-1","sensor_id":"s-1","timestamp":"2025-10-16T14:56:05Z","value":" 7 "})",
        sensor(u"e-1"_s, at145605, 7));
    fields("fields: component metric",
           R"({"component_name":"api","metric_name":"latency","metric_value":"12.5",)"
           R"("metric_metadata":"{\"p\":99}"})",
           componentMetric(12.5, {}, R"({"p":99})"));
    fields("fields: port message",
           R"({"port_name":"orders.in","source_component":"api","target_component":"billing",)"
           R"("message_data":"{\"order\":7}","retry_count":"2"})",
           portMessage(R"({"order":7})", {}, u"pending"_s, 2));
    fields("fields: port metric", R"({"port_name":"orders.in","messages_sent":"10"})",
           portMetric(10, 0));
    fields("fields: heartbeat",
           R"({"component_name":"api","health_status":"healthy","timestamp":"1760626565"})",
           heartbeat(u"healthy"_s, {}, at145605));
    fields("fields: plain message",
           R"({"message":"this is Message N° 42 being posted into Redis"})", message(42));
    fields("fields: message_number", R"({"message_number":"17","text":"hi"})", message(17));

    // Dead letters: a record's keys with something wrong, and what is never decoded.
    row("heartbeat, bad status", R"({"component_name":"api","health_status":"great"})",
        dead(u"Heartbeat: health_status must be one of healthy, degraded, unhealthy, unknown; "
             "got \"great\""_s));
    row("heartbeat, status not a string", R"({"component_name":"api","health_status":1})",
        dead(u"health_status must be one of healthy, degraded, unhealthy, unknown; got 1"_s));
    row("heartbeat, details not an object",
        R"({"component_name":"api","health_status":"healthy","health_details":"fine"})",
        dead(u"Heartbeat: health_details must be a JSON object; got \"fine\""_s));
    row("port message, error not a string",
        R"({"port_name":"orders.in","source_component":"api","target_component":"billing",)"
        R"("message_data":{},"error_message":42})",
        dead(u"Port message: error_message must be a string; got 42"_s));
    row("port message, error details not an object",
        R"({"port_name":"orders.in","source_component":"api","target_component":"billing",)"
        R"("message_data":{},"error_details":"timeout"})",
        dead(u"Port message: error_details must be a JSON object; got \"timeout\""_s));
    row("sensor, timestamp missing", R"({"event_id":"e-1","sensor_id":"s-1","value":1})",
        dead(u"Sensor reading: timestamp is missing; it is required"_s));
    row("sensor, value as text", sensorJson(R"("2025-10-16T14:56:05Z")", R"("21.5")"),
        dead(u"Sensor reading: value must be a number; got \"21.5\""_s));
    row("sensor, value null", sensorJson(R"("2025-10-16T14:56:05Z")", "null"),
        dead(u"Sensor reading: value is null; it is required"_s));
    row("sensor, not a time", sensorJson(R"("yesterday")"),
        dead(u"timestamp must be an ISO-8601 time such as \"2025-10-16T14:56:05Z\" or seconds "
             "since 1970; got \"yesterday\""_s));
    row("sensor, impossible date", sensorJson(R"("2025-02-30T10:00:00Z")"),
        dead(u"timestamp must be an ISO-8601 time"_s));
    row("sensor, milliseconds for seconds", sensorJson("1760626565000"),
        dead(u"send seconds, not milliseconds"_s));
    row("sensor, time past 9999", sensorJson("1e15"), dead(u"in the years 1 to 9999"_s));
    // Caught by fuzz_payloaddecoder's time check: within range as seconds, but the year 10000 once
    // rounded to the millisecond.
    row("sensor, last second rounding into 10000", sensorJson("253402300799.9996"),
        dead(u"timestamp 253402300799.9996 lies past the year 9999"_s));
    row("sensor, last millisecond of 9999", sensorJson("253402300799.999"),
        sensor(u"e-1"_s, QDateTime(QDate(9999, 12, 31), QTime(23, 59, 59, 999), QTimeZone::utc()),
               21.5));
    row("sensor, event_id a number", R"({"event_id":42,"sensor_id":"s-1","timestamp":1,"value":1})",
        dead(u"Sensor reading: event_id must be a string; got 42"_s));
    row("sensor, sensor_id empty", R"({"event_id":"e","sensor_id":"","timestamp":1,"value":1})",
        dead(u"Sensor reading: sensor_id must not be empty"_s));
    row("sensor, event_id too long",
        R"({"event_id":")" + QByteArray(256, 'x') + R"(","sensor_id":"s","timestamp":1,"value":1})",
        dead(u"Sensor reading: event_id must be at most 255 characters; got 256 characters"_s));
    row("port message, bad status",
        R"({"port_name":"p","source_component":"a","target_component":"b","message_data":{},)"
        R"("status":"done"})",
        dead(u"Port message: status must be one of pending, processing, completed, failed, "
             "dead_letter; got \"done\""_s));
    row("port message, no message_data",
        R"({"port_name":"p","source_component":"a","target_component":"b"})",
        dead(u"Port message: message_data is missing; it is required"_s));
    row("port message, no target", R"({"port_name":"p","source_component":"a","message_data":{}})",
        dead(u"Port message: target_component is missing; it is required"_s));
    row("port message, metadata an array",
        R"({"port_name":"p","source_component":"a","target_component":"b","message_data":{},)"
        R"("message_metadata":[1]})",
        dead(u"Port message: message_metadata must be a JSON object; got an array"_s));
    row("port message, negative retry_count",
        R"({"port_name":"p","source_component":"a","target_component":"b","message_data":{},)"
        R"("retry_count":-1})",
        dead(u"Port message: retry_count must be a whole number from 0 to 2147483647; got -1"_s));
    row("port message, NUL in data",
        R"({"port_name":"p","source_component":"a","target_component":"b",)"
        R"("message_data":{"a":"x\u0000y"}})",
        dead(u"Port message: message_data holds a NUL character"_s));
    row("port message, port_name too long",
        R"({"port_name":")" + QByteArray(300, 'p') +
            R"(","source_component":"a","target_component":"b","message_data":{}})",
        dead(u"port_name must be at most 255 characters; got 300 characters"_s));
    row("component metric, no value", R"({"component_name":"api","metric_name":"latency"})",
        dead(u"Component metric: metric_value is missing; it is required"_s));
    row("component metric, unit too long",
        R"({"component_name":"api","metric_name":"l","metric_value":1,"metric_unit":")" +
            QByteArray(51, 'u') + R"("})",
        dead(u"Component metric: metric_unit must be at most 50 characters; got 51"_s));
    row("port metric, negative counter", R"({"port_name":"p","messages_sent":-1})",
        dead(u"Port metric: messages_sent must be a whole number from 0 to "
             "9223372036854775807; got -1"_s));
    row("port metric, fractional counter", R"({"port_name":"p","messages_sent":1.5})",
        dead(u"Port metric: messages_sent must be a whole number"_s));
    row("checkpoint, no component", R"({"checkpoint_name":"offsets","checkpoint_data":{}})",
        dead(u"Checkpoint: component_name is missing; it is required"_s));
    row("checkpoint, data null",
        R"({"checkpoint_name":"offsets","component_name":"r","checkpoint_data":null})",
        dead(u"Checkpoint: checkpoint_data is null; it is required"_s));
    row("message_number negative", R"({"message_number":-3})",
        dead(u"Message: message_number must be a whole number from 0 to 9223372036854775807; "
             "got -3"_s));
    row("message_number text", R"({"message_number":"5"})",
        dead(u"Message: message_number must be a whole number from 0 to 9223372036854775807; "
             "got \"5\""_s));
    row("two shapes at once",
        R"({"component_name":"api","metric_name":"m","metric_value":1,"health_status":"healthy"})",
        dead(u"has the keys of more than one record (component metric and heartbeat)"_s));
    row("truncated JSON", R"({"event_id":"e-1","sensor_id":)",
        dead(u"The payload starts with \"{\" but is not valid JSON:"_s));
    row("JSON object with trailing text", R"({"a":1} and more)",
        dead(u"The payload starts with \"{\" but is not valid JSON:"_s));
    row("JSON object with invalid UTF-8", "{\"a\":\"\xff\"}",
        dead(u"The payload starts with \"{\" but is not valid JSON:"_s));
    fields("fields: number as words",
           R"({"component_name":"api","metric_name":"l","metric_value":"fast"})",
           dead(u"Component metric: metric_value must be a number; got \"fast\""_s));
    fields("fields: data not JSON",
           R"({"port_name":"p","source_component":"a","target_component":"b","message_data":"hi"})",
           dead(u"Port message: message_data must hold JSON text (an object or an array); got "
                "\"hi\", which does not parse"_s));
    fields("fields: not an object", "plain text", dead(u"did not come as a JSON object"_s));

    QTest::newRow("larger than the limit")
        << QByteArray(101, 'a') << false << QString() << qint64(100)
        << dead(u"The payload is 101 bytes, more than the limit of 100 bytes."_s);
    QTest::newRow("at the limit") << QByteArray("Message #1") << false << QString() << qint64(10)
                                  << message(1);
    QTest::newRow("dead reason given")
        << sensorJson("1760626565") << false << u"Delivered 6 times; at most 5 are tried."_s
        << limit << dead(u"Delivered 6 times; at most 5 are tried."_s);
}

void tst_PayloadDecoder::decodes()
{
    QFETCH(QByteArray, payload);
    QFETCH(bool, fieldsAsJson);
    QFETCH(QString, deadReason);
    QFETCH(qint64, maxBytes);
    QFETCH(DecodedPayload, expected);

    Delivery delivery;
    delivery.key = u"stream:readings:1760626565000-0"_s;
    delivery.source = u"readings"_s;
    delivery.payload = payload;
    delivery.fieldsAsJson = fieldsAsJson;
    delivery.receivedAt = received;
    delivery.deadReason = deadReason;

    const DecodedPayload decoded = decodePayload(delivery, maxBytes);
    if (const DeadLetter *letter = decoded.get<DeadLetter>();
        letter && expected.kind() != DecodedPayload::Kind::DeadLetter)
        QFAIL(qPrintable(u"Expected a %1, got a dead letter: %2"_s.arg(kindName(expected.kind()),
                                                                       letter->reason)));
    QCOMPARE(kindName(decoded.kind()), kindName(expected.kind()));
    if (const DeadLetter *letter = decoded.get<DeadLetter>()) {
        const QString wanted = expected.get<DeadLetter>()->reason;
        QVERIFY2(letter->reason.contains(wanted),
                 qPrintable(u"reason: %1\nwanted: %2"_s.arg(letter->reason, wanted)));
        return;
    }
    if (const auto *m = decoded.get<PlainMessage>()) {
        QCOMPARE(m->number, expected.get<PlainMessage>()->number);
    } else if (const auto *r = decoded.get<SensorReading>()) {
        QCOMPARE(r->eventId, expected.get<SensorReading>()->eventId);
        QCOMPARE(r->timestamp, expected.get<SensorReading>()->timestamp);
        QCOMPARE(r->value, expected.get<SensorReading>()->value);
    } else if (const auto *p = decoded.get<PortMessage>()) {
        QCOMPARE(p->messageData, expected.get<PortMessage>()->messageData);
        QCOMPARE(p->messageMetadata, expected.get<PortMessage>()->messageMetadata);
        QCOMPARE(p->status, expected.get<PortMessage>()->status);
        QCOMPARE(p->errorMessage, expected.get<PortMessage>()->errorMessage);
        QCOMPARE(p->errorDetails, expected.get<PortMessage>()->errorDetails);
    } else if (const auto *c = decoded.get<ComponentMetric>()) {
        QCOMPARE(c->metadata, expected.get<ComponentMetric>()->metadata);
        QCOMPARE(c->timestamp, expected.get<ComponentMetric>()->timestamp);
    } else if (const auto *h = decoded.get<Heartbeat>()) {
        QCOMPARE(h->details, expected.get<Heartbeat>()->details);
        QCOMPARE(h->time, expected.get<Heartbeat>()->time);
    } else if (const auto *k = decoded.get<CheckpointVersion>()) {
        QCOMPARE(k->data, expected.get<CheckpointVersion>()->data);
        QCOMPARE(k->expiresAt, expected.get<CheckpointVersion>()->expiresAt);
    }
    // And every field, once the ones that tell the most have been compared.
    QVERIFY(decoded == expected);
}

// The reason names the record, the member and the value, so a person can fix the sender.
void tst_PayloadDecoder::reasonsArePrecise_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QString>("reason");
    QTest::newRow("control characters are escaped, long values cut")
        << QByteArray(R"({"component_name":"api","health_status":"a\nb)" + QByteArray(100, 'c') +
                      R"("})")
        << u"Heartbeat: health_status must be one of healthy, degraded, unhealthy, unknown; got "
           "\"a\\u000ab"_s +
               QString(57, u'c') + u"\u2026\""_s;
    QTest::newRow("the first problem is the one named")
        << QByteArray(R"({"event_id":"","sensor_id":"","timestamp":"x","value":"y"})")
        << u"Sensor reading: event_id must not be empty"_s;
}

void tst_PayloadDecoder::reasonsArePrecise()
{
    QFETCH(QByteArray, payload);
    QFETCH(QString, reason);
    Delivery delivery;
    delivery.key = u"k"_s;
    delivery.payload = payload;
    const DecodedPayload decoded = decodePayload(delivery);
    QVERIFY(decoded.get<DeadLetter>());
    QCOMPARE(decoded.get<DeadLetter>()->reason, reason);
}

QTEST_GUILESS_MAIN(tst_PayloadDecoder)
#include "tst_payloaddecoder.moc"
