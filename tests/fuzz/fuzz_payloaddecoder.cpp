// The payload decoder (storage/payloaddecoder.*) on any payload. The first byte picks the
// delivery, the rest is the payload:
//   '0' (and any byte that is 0 modulo 4)  a payload from a `payload` field, a list or a channel
//   '1'  fields mode: the payload is the JSON object of a stream entry's fields
//   '2'  a delivery the source marked as dead
//   '3'  as '0', and decoded again with the size limit at the payload's size and one below it
//
// Invariants (docs/PAYLOADS.md):
// - decoding never fails and gives the same for the same delivery, whatever its key, source and
//   delivery count;
// - the order of the rules: a dead mark, the size limit, "not '{'" (a plain message, or a dead
//   letter in fields mode), "'{' but not a JSON object" (a dead letter), then the record shapes
//   by their keys, checked here against the table of PAYLOADS.md: no record's keys give a plain
//   message, two records' keys a dead letter, one record's keys that record or a dead letter;
// - every record holds what the database can store: names of 1 to 255 characters without NUL,
//   a unit of at most 50, finite numbers, counts from 0, a status of the allowed ones, JSON
//   members as compact JSON text (objects where an object is required) without U+0000, times
//   in UTC in the years 1 to 9999 (or, when absent, the delivery's receivedAt);
// - a sender's number is never negative, and one found in text is in the text;
// - a dead letter has a reason.

#include "fuzzcheck.h"
#include "healthrepository.h"
#include "payloaddecoder.h"
#include "portmessagerepository.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>

#include <cmath>
#include <cstdint>

using namespace Qt::StringLiterals;
using namespace porthole;
using Kind = DecodedPayload::Kind;

namespace {

const QDateTime receivedAt(QDate(2025, 10, 16), QTime(15, 0, 0), QTimeZone::utc());
const QString deadMark = u"delivered 6 times, more than the 5 allowed"_s;

bool holdsNul(const QJsonValue &value)
{
    if (value.isString())
        return value.toString().contains(QChar(u'\0'));
    if (value.isArray()) {
        const QJsonArray array = value.toArray();
        return std::any_of(array.begin(), array.end(),
                           [](const QJsonValue &item) { return holdsNul(item); });
    }
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (it.key().contains(QChar(u'\0')) || holdsNul(it.value()))
                return true;
        }
    }
    return false;
}

enum class JsonMember
{
    Any,
    Object
};

// Compact JSON text as the sink stores it: parses, is written back the same, holds no U+0000.
void checkJsonText(const QByteArray &text, JsonMember kind, bool optional)
{
    if (optional && text.isEmpty())
        return;
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson('[' + text + ']', &error);
    PORTHOLE_FUZZ_CHECK(error.error == QJsonParseError::NoError);
    PORTHOLE_FUZZ_CHECK(doc.isArray() && doc.array().size() == 1);
    const QJsonValue value = doc.array().at(0);
    PORTHOLE_FUZZ_CHECK(!value.isNull());
    PORTHOLE_FUZZ_CHECK(kind == JsonMember::Any || value.isObject());
    const QByteArray again = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    PORTHOLE_FUZZ_CHECK(again == '[' + text + ']');
    PORTHOLE_FUZZ_CHECK(!holdsNul(value));
}

void checkName(const QString &name, int maxLength = 255, bool optional = false)
{
    if (optional && name.isEmpty())
        return;
    PORTHOLE_FUZZ_CHECK(!name.isEmpty());
    PORTHOLE_FUZZ_CHECK(!name.contains(QChar(u'\0')));
    PORTHOLE_FUZZ_CHECK(name.toUcs4().size() <= maxLength);
}

void checkTime(const QDateTime &time, bool optional)
{
    if (optional && time == receivedAt)
        return;
    if (optional && !time.isValid())
        return;
    PORTHOLE_FUZZ_CHECK(time.isValid());
    PORTHOLE_FUZZ_CHECK(time.timeSpec() == Qt::UTC);
    PORTHOLE_FUZZ_CHECK(time.date().year() >= 1 && time.date().year() <= 9999);
}

void checkFinite(std::optional<double> value)
{
    PORTHOLE_FUZZ_CHECK(!value || std::isfinite(*value));
}

void checkRecord(const DecodedPayload &decoded)
{
    if (const auto *s = decoded.get<SensorReading>()) {
        checkName(s->eventId);
        checkName(s->sensorId);
        checkTime(s->timestamp, false);
        checkFinite(s->value);
    } else if (const auto *m = decoded.get<PortMessage>()) {
        checkName(m->portName);
        checkName(m->sourceComponent);
        checkName(m->targetComponent);
        checkJsonText(m->messageData, JsonMember::Any, false);
        checkJsonText(m->messageMetadata, JsonMember::Object, true);
        PORTHOLE_FUZZ_CHECK(PortMessageRepository::statuses().contains(m->status));
        PORTHOLE_FUZZ_CHECK(m->retryCount >= 0 && m->maxRetries >= 0);
        PORTHOLE_FUZZ_CHECK(m->createdAt == receivedAt);
    } else if (const auto *c = decoded.get<ComponentMetric>()) {
        checkName(c->componentName);
        checkName(c->metricName);
        checkName(c->unit, 50, true);
        checkFinite(c->value);
        checkJsonText(c->metadata, JsonMember::Object, true);
        checkTime(c->timestamp, true);
    } else if (const auto *p = decoded.get<PortMetric>()) {
        checkName(p->portName);
        PORTHOLE_FUZZ_CHECK(p->messagesSent >= 0 && p->messagesReceived >= 0);
        checkFinite(p->avgSendDurationMs);
        checkFinite(p->avgReceiveDurationMs);
        checkFinite(p->avgMessageAgeMs);
        checkFinite(p->bufferUtilization);
        checkTime(p->timestamp, true);
    } else if (const auto *h = decoded.get<Heartbeat>()) {
        checkName(h->componentName);
        PORTHOLE_FUZZ_CHECK(HealthRepository::statuses().contains(h->status));
        checkJsonText(h->details, JsonMember::Object, true);
        checkTime(h->time, true);
    } else if (const auto *v = decoded.get<CheckpointVersion>()) {
        checkName(v->name);
        checkName(v->component);
        checkJsonText(v->data, JsonMember::Any, false);
        checkJsonText(v->metadata, JsonMember::Object, true);
        if (v->expiresAt.isValid())
            checkTime(v->expiresAt, false);
    } else if (const auto *d = decoded.get<DeadLetter>()) {
        PORTHOLE_FUZZ_CHECK(!d->reason.isEmpty());
    } else if (const auto *plain = decoded.get<PlainMessage>()) {
        PORTHOLE_FUZZ_CHECK(!plain->number || *plain->number >= 0);
    }
}

// The record shapes whose keys the object has, as the table in PAYLOADS.md names them.
QList<Kind> shapesOf(const QJsonObject &object)
{
    const auto has = [&object](const QString &key) {
        return object.contains(key);
    };
    QList<Kind> shapes;
    if (has(u"event_id"_s) && has(u"sensor_id"_s))
        shapes << Kind::SensorReading;
    if (has(u"port_name"_s) && has(u"source_component"_s))
        shapes << Kind::PortMessage;
    if (has(u"component_name"_s) && has(u"metric_name"_s))
        shapes << Kind::ComponentMetric;
    if (has(u"port_name"_s) && !has(u"source_component"_s) &&
        (has(u"messages_sent"_s) || has(u"messages_received"_s)))
        shapes << Kind::PortMetric;
    if (has(u"component_name"_s) && has(u"health_status"_s))
        shapes << Kind::Heartbeat;
    if (has(u"checkpoint_name"_s))
        shapes << Kind::CheckpointVersion;
    return shapes;
}

void checkRules(const Delivery &delivery, const DecodedPayload &decoded)
{
    const QByteArray &payload = delivery.payload;
    if (!delivery.deadReason.isEmpty()) {
        const auto *dead = decoded.get<DeadLetter>();
        PORTHOLE_FUZZ_CHECK(dead && dead->reason == delivery.deadReason);
        return;
    }
    qsizetype first = 0;
    while (first < payload.size() && QByteArrayView(" \t\r\n").contains(payload.at(first)))
        ++first;
    if (first == payload.size() || payload.at(first) != '{') {
        if (delivery.fieldsAsJson) {
            PORTHOLE_FUZZ_CHECK(decoded.kind() == Kind::DeadLetter);
            return;
        }
        const auto *plain = decoded.get<PlainMessage>();
        PORTHOLE_FUZZ_CHECK(plain);
        // A number found in the text is written there (perhaps after zeros).
        PORTHOLE_FUZZ_CHECK(!plain->number || payload.contains(QByteArray::number(*plain->number)));
        return;
    }
    const QJsonDocument doc = QJsonDocument::fromJson(payload);
    if (!doc.isObject()) {
        const auto *dead = decoded.get<DeadLetter>();
        PORTHOLE_FUZZ_CHECK(dead && dead->reason.startsWith(u"The payload starts with"_s));
        return;
    }
    const QJsonObject object = doc.object();
    const QList<Kind> shapes = shapesOf(object);
    if (shapes.isEmpty()) {
        PORTHOLE_FUZZ_CHECK(
            decoded.kind() == Kind::Message ||
            (decoded.kind() == Kind::DeadLetter && object.contains(u"message_number"_s)));
        if (const auto *plain = decoded.get<PlainMessage>();
            plain && object.contains(u"message_number"_s) &&
            !object.value(u"message_number"_s).isNull()) {
            const QJsonValue given = object.value(u"message_number"_s);
            PORTHOLE_FUZZ_CHECK(plain->number.has_value());
            if (given.isDouble() && given.toDouble() < 9e15)
                PORTHOLE_FUZZ_CHECK(*plain->number == static_cast<qint64>(given.toDouble()));
        }
    } else if (shapes.size() > 1) {
        PORTHOLE_FUZZ_CHECK(decoded.kind() == Kind::DeadLetter);
    } else {
        PORTHOLE_FUZZ_CHECK(decoded.kind() == shapes.constFirst() ||
                            decoded.kind() == Kind::DeadLetter);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const int mode = data[0] % 4;
    Delivery delivery;
    delivery.key = u"stream:fuzz:1-0"_s;
    delivery.source = u"fuzz"_s;
    delivery.payload =
        QByteArray(reinterpret_cast<const char *>(data) + 1, static_cast<qsizetype>(size) - 1);
    delivery.fieldsAsJson = mode == 1;
    delivery.receivedAt = receivedAt;
    if (mode == 2)
        delivery.deadReason = deadMark;

    const DecodedPayload decoded = decodePayload(delivery);
    checkRecord(decoded);
    checkRules(delivery, decoded);

    Delivery elsewhere = delivery;
    elsewhere.key = u"list:other:7:3"_s;
    elsewhere.source = u"other"_s;
    elsewhere.deliveryCount = 4;
    PORTHOLE_FUZZ_CHECK(decodePayload(elsewhere) == decoded);

    if (mode == 3) {
        const qint64 payloadSize = delivery.payload.size();
        PORTHOLE_FUZZ_CHECK(decodePayload(delivery, payloadSize) == decoded);
        if (payloadSize > 0) {
            const DecodedPayload tooLarge = decodePayload(delivery, payloadSize - 1);
            const auto *dead = tooLarge.get<DeadLetter>();
            PORTHOLE_FUZZ_CHECK(dead && dead->reason.contains(u"more than the limit"_s));
        }
    }
    return 0;
}
