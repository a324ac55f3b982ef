#include "payloaddecoder.h"

#include "errorsignature.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>
#include <QStringList>

#include <climits>
#include <cmath>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

constexpr int nameLength = 255; // VARCHAR(255) in seed 001 and seed 003
constexpr int unitLength = 50;  // metric_unit VARCHAR(50)

// The times a timestamp column can hold on both engines: years 1 to 9999.
constexpr qint64 firstSecond = -62135596800; // 0001-01-01T00:00:00Z
constexpr qint64 lastSecond = 253402300799;  // 9999-12-31T23:59:59Z

bool isJsonSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool isWordByte(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

QString numberText(double value)
{
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

// A JSON value as a reason shows it.
QString shown(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return u"null"_s;
    case QJsonValue::Bool:
        return value.toBool() ? u"true"_s : u"false"_s;
    case QJsonValue::Double:
        return numberText(value.toDouble());
    case QJsonValue::String:
        return quotedForReason(value.toString());
    case QJsonValue::Array:
        return u"an array"_s;
    case QJsonValue::Object:
        return u"an object"_s;
    case QJsonValue::Undefined:
        break;
    }
    return u"nothing"_s;
}

// Compact JSON text of any value.
QByteArray jsonText(const QJsonValue &value)
{
    if (value.isObject())
        return QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    if (value.isArray())
        return QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

// Whether compact JSON text holds a NUL character (written \u0000), which PostgreSQL's jsonb
// refuses. A backslash before it that is itself escaped does not count.
bool jsonHoldsNul(const QByteArray &json)
{
    for (qsizetype at = json.indexOf("\\u0000"); at >= 0; at = json.indexOf("\\u0000", at + 1)) {
        qsizetype backslashes = 0;
        for (qsizetype i = at; i >= 0 && json.at(i) == '\\'; --i)
            ++backslashes;
        if (backslashes % 2 == 1)
            return true;
    }
    return false;
}

DecodedPayload deadLetter(QString reason)
{
    return {DeadLetter{std::move(reason)}};
}

// The sender's number in text: the first "Message N° 42", "Message Nº 42" or "Message #42"
// (also "message", spaces optional around the mark).
std::optional<qint64> numberInText(const QByteArray &text)
{
    const qsizetype size = text.size();
    const char *data = text.constData();
    for (qsizetype at = text.indexOf("essage"); at >= 0; at = text.indexOf("essage", at + 1)) {
        if (at < 1 || (data[at - 1] != 'M' && data[at - 1] != 'm') ||
            (at >= 2 && isWordByte(data[at - 2])))
            continue;
        qsizetype p = at + 6;
        while (p < size && data[p] == ' ')
            ++p;
        if (p < size && data[p] == '#') {
            p += 1;
        } else if (p + 2 < size && data[p] == 'N' && data[p + 1] == '\xc2' &&
                   (data[p + 2] == '\xb0' || data[p + 2] == '\xba')) {
            p += 3; // N° (degree sign) or Nº (ordinal indicator)
        } else {
            continue;
        }
        while (p < size && data[p] == ' ')
            ++p;
        const qsizetype first = p;
        qint64 number = 0;
        bool overflow = false;
        for (; p < size && data[p] >= '0' && data[p] <= '9'; ++p) {
            const int digit = data[p] - '0';
            if (number > (LLONG_MAX - digit) / 10)
                overflow = true;
            else
                number = number * 10 + digit;
        }
        if (p == first || overflow || (p < size && isWordByte(data[p])))
            continue;
        return number;
    }
    return std::nullopt;
}

// Reads the members of one record's JSON object, keeping the first problem found. In fields
// mode (a stream entry's fields) every value is a string: numbers and JSON come as text.
class RecordFieldReader
{
public:
    RecordFieldReader(const QJsonObject &object, bool fromFields, QString record)
        : m_object(object)
        , m_record(std::move(record))
        , m_fromFields(fromFields)
    {}

    bool failed() const { return !m_problem.isEmpty(); }
    QString reason() const { return m_record + u": "_s + m_problem; }

    // A string of 1 to maxLength characters without NUL.
    QString name(const QString &key, bool required = true, int maxLength = nameLength)
    {
        const std::optional<QString> text = string(key, required);
        if (!text)
            return {};
        if (text->isEmpty())
            fail(u"%1 must not be empty"_s.arg(key));
        else if (withoutNul(key, *text) && text->size() > maxLength &&
                 text->toUcs4().size() > maxLength)
            fail(u"%1 must be at most %2 characters; got %3 characters, %4"_s.arg(key)
                     .arg(maxLength)
                     .arg(text->toUcs4().size())
                     .arg(quotedForReason(*text)));
        return *text;
    }

    // Text for a person, of any length, without NUL; empty or absent is none (a null QString).
    QString text(const QString &key)
    {
        const std::optional<QString> text = string(key, false);
        if (!text || text->isEmpty() || !withoutNul(key, *text))
            return {};
        return *text;
    }

    // A finite number.
    std::optional<double> number(const QString &key, bool required = true)
    {
        const QJsonValue value = m_object.value(key);
        if (absent(key, value, required))
            return std::nullopt;
        double number = 0;
        if (value.isDouble()) {
            number = value.toDouble();
        } else if (m_fromFields && value.isString()) {
            bool ok = false;
            number = value.toString().trimmed().toDouble(&ok);
            if (!ok) {
                fail(u"%1 must be a number; got %2"_s.arg(key, shown(value)));
                return std::nullopt;
            }
        } else {
            fail(u"%1 must be a number; got %2"_s.arg(key, shown(value)));
            return std::nullopt;
        }
        if (!std::isfinite(number)) {
            fail(u"%1 must be a finite number; got %2"_s.arg(key, shown(value)));
            return std::nullopt;
        }
        return number;
    }

    // A whole number from min to max.
    std::optional<qint64> integer(const QString &key, qint64 min, qint64 max, bool required)
    {
        const QJsonValue value = m_object.value(key);
        if (absent(key, value, required))
            return std::nullopt;
        std::optional<qint64> number;
        if (value.isDouble()) {
            const double d = value.toDouble();
            // Beyond ±9.2e18 a double no longer tells whether the integer fits in 64 bits.
            if (std::trunc(d) == d && d > -9.2e18 && d < 9.2e18)
                number = value.toInteger(static_cast<qint64>(d));
        } else if (m_fromFields && value.isString()) {
            bool ok = false;
            const qint64 parsed = value.toString().trimmed().toLongLong(&ok);
            if (ok)
                number = parsed;
        }
        if (!number || *number < min || *number > max) {
            fail(
                u"%1 must be a whole number from %2 to %3; got %4"_s.arg(key).arg(min).arg(max).arg(
                    shown(value)));
            return std::nullopt;
        }
        return number;
    }

    enum class JsonKind
    {
        Object, // metadata and details
        Any,    // data: any JSON value but null
    };

    // Compact JSON text; empty when an optional member is absent.
    QByteArray json(const QString &key, JsonKind kind, bool required)
    {
        QJsonValue value = m_object.value(key);
        if (absent(key, value, required))
            return {};
        if (m_fromFields && value.isString()) {
            QJsonParseError error;
            const QJsonDocument doc = QJsonDocument::fromJson(value.toString().toUtf8(), &error);
            if (error.error != QJsonParseError::NoError) {
                fail(u"%1 must hold JSON text (an object or an array); got %2, which does not "
                     "parse: %3 at character %4"_s.arg(key, shown(value), error.errorString())
                         .arg(error.offset));
                return {};
            }
            value = doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array());
        }
        if (kind == JsonKind::Object && !value.isObject()) {
            fail(u"%1 must be a JSON object; got %2"_s.arg(key, shown(value)));
            return {};
        }
        const QByteArray text = jsonText(value);
        if (jsonHoldsNul(text)) {
            fail(u"%1 holds a NUL character (\\u0000), which PostgreSQL cannot store in JSON"_s.arg(
                key));
            return {};
        }
        return text;
    }

    // An ISO-8601 time (with Z, an offset, or no zone for UTC) or seconds since 1970; in UTC.
    QDateTime time(const QString &key, bool required)
    {
        const QJsonValue value = m_object.value(key);
        if (absent(key, value, required))
            return {};
        if (value.isDouble() ||
            (m_fromFields && value.isString() && isNumeric(value.toString().trimmed())))
            return epochTime(key, value);
        if (!value.isString()) {
            fail(u"%1 must be an ISO-8601 time such as \"2025-10-16T14:56:05Z\" or seconds "
                 "since 1970; got %2"_s.arg(key, shown(value)));
            return {};
        }
        QString text = value.toString().trimmed();
        if (text.size() == 10) // a date alone: its midnight
            text += u"T00:00:00"_s;
        if (text.size() > 10 && text.at(10) == u' ')
            text[10] = u'T';
        // No zone after the time of day: UTC (not the local time Qt would assume).
        const QStringView clock = QStringView(text).mid(std::min<qsizetype>(text.size(), 11));
        if (text.size() > 10 && !clock.contains(u'Z') && !clock.contains(u'+') &&
            !clock.contains(u'-'))
            text += u'Z';
        const QDateTime parsed = QDateTime::fromString(text, Qt::ISODateWithMs);
        if (!parsed.isValid()) {
            fail(u"%1 must be an ISO-8601 time such as \"2025-10-16T14:56:05Z\" or seconds "
                 "since 1970; got %2"_s.arg(key, shown(value)));
            return {};
        }
        const QDateTime utc = parsed.toUTC();
        if (utc.date().year() < 1 || utc.date().year() > 9999) {
            fail(u"%1 must be a time in the years 1 to 9999; got %2"_s.arg(key, shown(value)));
            return {};
        }
        return utc;
    }

    // One of `allowed`; `fallback` when absent (empty fallback: required).
    QString choice(const QString &key, const QStringList &allowed, const QString &fallback)
    {
        const QJsonValue value = m_object.value(key);
        if (absent(key, value, fallback.isEmpty()))
            return fallback;
        if (!value.isString() || !allowed.contains(value.toString())) {
            fail(u"%1 must be one of %2; got %3"_s.arg(key, allowed.join(u", "_s), shown(value)));
            return fallback;
        }
        return value.toString();
    }

private:
    static bool isNumeric(const QString &text)
    {
        bool ok = false;
        text.toDouble(&ok);
        return ok;
    }

    QDateTime epochTime(const QString &key, const QJsonValue &value)
    {
        const double seconds =
            value.isDouble() ? value.toDouble() : value.toString().trimmed().toDouble();
        // The range is checked on the milliseconds kept: 253402300799.9996 rounds to the year
        // 10000.
        const double msecs = std::round(seconds * 1000.0);
        if (!std::isfinite(msecs) || msecs < double(firstSecond) * 1000.0 ||
            msecs >= double(lastSecond + 1) * 1000.0) {
            fail(seconds > 1e11 && seconds < 1e14
                     ? u"%1 %2 lies past the year 9999 as seconds since 1970; send seconds, not "
                       "milliseconds"_s.arg(key, shown(value))
                     : u"%1 must be a time in the years 1 to 9999; got %2 seconds since 1970"_s.arg(
                           key, shown(value)));
            return {};
        }
        return QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(msecs), Qt::UTC);
    }

    // The member's string; none when it is absent (failing if required) or not a string.
    std::optional<QString> string(const QString &key, bool required)
    {
        const QJsonValue value = m_object.value(key);
        if (absent(key, value, required))
            return std::nullopt;
        if (!value.isString()) {
            fail(u"%1 must be a string; got %2"_s.arg(key, shown(value)));
            return std::nullopt;
        }
        return value.toString();
    }

    // Whether the text has no NUL character; one is a problem (the database cannot store it).
    bool withoutNul(const QString &key, const QString &text)
    {
        if (!text.contains(QChar(u'\0')))
            return true;
        fail(u"%1 contains a NUL character, which the database cannot store; got %2"_s.arg(
            key, quotedForReason(text)));
        return false;
    }

    // Whether the member is missing or null; a required one is then a problem.
    bool absent(const QString &key, const QJsonValue &value, bool required)
    {
        if (!value.isUndefined() && !value.isNull())
            return false;
        if (required)
            fail(value.isNull() ? u"%1 is null; it is required"_s.arg(key)
                                : u"%1 is missing; it is required"_s.arg(key));
        return true;
    }

    void fail(QString problem)
    {
        if (m_problem.isEmpty())
            m_problem = std::move(problem);
    }

    const QJsonObject &m_object;
    QString m_record;
    QString m_problem;
    bool m_fromFields = false;
};

template <typename T>
DecodedPayload finish(const RecordFieldReader &reader, T record)
{
    if (reader.failed())
        return deadLetter(reader.reason());
    return {std::move(record)};
}

DecodedPayload sensorReading(RecordFieldReader &r, const Delivery &)
{
    SensorReading s;
    s.eventId = r.name(u"event_id"_s);
    s.sensorId = r.name(u"sensor_id"_s);
    s.timestamp = r.time(u"timestamp"_s, true);
    s.value = r.number(u"value"_s).value_or(0);
    return finish(r, std::move(s));
}

DecodedPayload portMessage(RecordFieldReader &r, const Delivery &d)
{
    PortMessage m;
    m.portName = r.name(u"port_name"_s);
    m.sourceComponent = r.name(u"source_component"_s);
    m.targetComponent = r.name(u"target_component"_s);
    m.messageData = r.json(u"message_data"_s, RecordFieldReader::JsonKind::Any, true);
    m.messageMetadata = r.json(u"message_metadata"_s, RecordFieldReader::JsonKind::Object, false);
    m.status = r.choice(u"status"_s, PortMessageRepository::statuses(), u"pending"_s);
    m.retryCount = int(r.integer(u"retry_count"_s, 0, INT_MAX, false).value_or(0));
    m.maxRetries = int(r.integer(u"max_retries"_s, 0, INT_MAX, false).value_or(3));
    // Why it failed, as the pipeline said: the Queues and Dead letters panes show and group it.
    m.errorMessage = r.text(u"error_message"_s);
    m.errorDetails = r.json(u"error_details"_s, RecordFieldReader::JsonKind::Object, false);
    m.createdAt = d.receivedAt;
    return finish(r, std::move(m));
}

DecodedPayload componentMetric(RecordFieldReader &r, const Delivery &d)
{
    ComponentMetric m;
    m.componentName = r.name(u"component_name"_s);
    m.metricName = r.name(u"metric_name"_s);
    m.value = r.number(u"metric_value"_s).value_or(0);
    m.unit = r.name(u"metric_unit"_s, false, unitLength);
    m.metadata = r.json(u"metric_metadata"_s, RecordFieldReader::JsonKind::Object, false);
    m.timestamp = r.time(u"timestamp"_s, false);
    if (!m.timestamp.isValid())
        m.timestamp = d.receivedAt;
    return finish(r, std::move(m));
}

DecodedPayload portMetric(RecordFieldReader &r, const Delivery &d)
{
    PortMetric m;
    m.portName = r.name(u"port_name"_s);
    m.messagesSent = r.integer(u"messages_sent"_s, 0, LLONG_MAX, false).value_or(0);
    m.messagesReceived = r.integer(u"messages_received"_s, 0, LLONG_MAX, false).value_or(0);
    m.avgSendDurationMs = r.number(u"avg_send_duration_ms"_s, false);
    m.avgReceiveDurationMs = r.number(u"avg_receive_duration_ms"_s, false);
    m.avgMessageAgeMs = r.number(u"avg_message_age_ms"_s, false);
    m.bufferUtilization = r.number(u"buffer_utilization"_s, false);
    m.timestamp = r.time(u"timestamp"_s, false);
    if (!m.timestamp.isValid())
        m.timestamp = d.receivedAt;
    return finish(r, std::move(m));
}

DecodedPayload heartbeat(RecordFieldReader &r, const Delivery &d, const QJsonObject &object)
{
    Heartbeat h;
    h.componentName = r.name(u"component_name"_s);
    h.status = r.choice(u"health_status"_s, HealthRepository::statuses(), QString());
    h.details = r.json(u"health_details"_s, RecordFieldReader::JsonKind::Object, false);
    const bool hasLast = !object.value(u"last_heartbeat"_s).isUndefined() &&
                         !object.value(u"last_heartbeat"_s).isNull();
    h.time = r.time(hasLast ? u"last_heartbeat"_s : u"timestamp"_s, false);
    if (!h.time.isValid())
        h.time = d.receivedAt;
    return finish(r, std::move(h));
}

DecodedPayload checkpointVersion(RecordFieldReader &r, const Delivery &)
{
    CheckpointVersion c;
    c.name = r.name(u"checkpoint_name"_s);
    c.component = r.name(u"component_name"_s);
    c.data = r.json(u"checkpoint_data"_s, RecordFieldReader::JsonKind::Any, true);
    c.metadata = r.json(u"checkpoint_metadata"_s, RecordFieldReader::JsonKind::Object, false);
    c.expiresAt = r.time(u"expires_at"_s, false);
    return finish(r, std::move(c));
}

DecodedPayload plainMessage(const Delivery &d, const QJsonObject *object)
{
    PlainMessage m;
    if (object && object->contains(u"message_number"_s)) {
        RecordFieldReader r(*object, d.fieldsAsJson, u"Message"_s);
        m.number = r.integer(u"message_number"_s, 0, LLONG_MAX, false);
        if (r.failed())
            return deadLetter(r.reason());
    }
    if (!m.number)
        m.number = numberInText(d.payload);
    return {m};
}

DecodedPayload decodeObject(const Delivery &d, const QJsonObject &object)
{
    const auto has = [&object](const QString &key) {
        return object.contains(key);
    };
    using Kind = DecodedPayload::Kind;
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

    if (shapes.isEmpty())
        return plainMessage(d, &object);
    if (shapes.size() > 1) {
        QStringList names;
        for (Kind kind : shapes)
            names << kindName(kind);
        return deadLetter(
            u"The JSON object has the keys of more than one record (%1); it is kept rather than "
            "stored as a guess. Send one record per payload."_s.arg(names.join(u" and "_s)));
    }
    QString record = kindName(shapes.constFirst());
    record[0] = record.at(0).toUpper();
    RecordFieldReader reader(object, d.fieldsAsJson, record);
    switch (shapes.constFirst()) {
    case Kind::SensorReading:
        return sensorReading(reader, d);
    case Kind::PortMessage:
        return portMessage(reader, d);
    case Kind::ComponentMetric:
        return componentMetric(reader, d);
    case Kind::PortMetric:
        return portMetric(reader, d);
    case Kind::Heartbeat:
        return heartbeat(reader, d, object);
    case Kind::CheckpointVersion:
        return checkpointVersion(reader, d);
    case Kind::Message:
    case Kind::DeadLetter:
        break;
    }
    return plainMessage(d, &object);
}

} // namespace

QString kindName(DecodedPayload::Kind kind)
{
    using Kind = DecodedPayload::Kind;
    switch (kind) {
    case Kind::Message:
        return u"message"_s;
    case Kind::SensorReading:
        return u"sensor reading"_s;
    case Kind::PortMessage:
        return u"port message"_s;
    case Kind::ComponentMetric:
        return u"component metric"_s;
    case Kind::PortMetric:
        return u"port metric"_s;
    case Kind::Heartbeat:
        return u"heartbeat"_s;
    case Kind::CheckpointVersion:
        return u"checkpoint"_s;
    case Kind::DeadLetter:
        return u"dead letter"_s;
    }
    return u"unknown"_s;
}

DecodedPayload decodePayload(const Delivery &delivery, qint64 maxPayloadBytes)
{
    if (!delivery.deadReason.isEmpty())
        return deadLetter(delivery.deadReason);
    const QByteArray &payload = delivery.payload;
    if (payload.size() > maxPayloadBytes)
        return deadLetter(
            u"The payload is %1 bytes, more than the limit of %2 bytes."_s.arg(payload.size())
                .arg(maxPayloadBytes));

    // Only a payload that starts with '{' can be a record; anything else is a plain message
    // (text, or JSON that is not an object, which names no record).
    qsizetype first = 0;
    while (first < payload.size() && isJsonSpace(payload.at(first)))
        ++first;
    if (first == payload.size() || payload.at(first) != '{') {
        if (delivery.fieldsAsJson)
            return deadLetter(u"The stream entry's fields did not come as a JSON object."_s);
        return plainMessage(delivery, nullptr);
    }

    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(payload, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return deadLetter(u"The payload starts with \"{\" but is not valid JSON: %1 at byte %2."_s
                              .arg(error.errorString())
                              .arg(error.offset));
    return decodeObject(delivery, doc.object());
}

} // namespace porthole
