#pragma once

#include "delivery.h"
#include "healthrepository.h"
#include "metricsrepository.h"
#include "portmessagerepository.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <optional>
#include <variant>

namespace porthole {

// A message of the receiver (seed 000). Its content is the delivery's payload, byte for byte.
struct PlainMessage
{
    std::optional<qint64> number; // the sender's number; empty: the sink numbers it

    friend bool operator==(const PlainMessage &, const PlainMessage &) = default;
};

// A new version of a named checkpoint (docs/DATABASE.md, Tables); the sink gives it the next
// version number for its name and makes it the latest.
struct CheckpointVersion
{
    QString name;
    QString component;
    QByteArray data;     // JSON
    QByteArray metadata; // JSON; empty: none
    QDateTime expiresAt; // UTC; invalid: never

    friend bool operator==(const CheckpointVersion &, const CheckpointVersion &) = default;
};

// A payload that cannot be stored as what it is. It is kept whole, with the reason.
struct DeadLetter
{
    QString reason; // for a person: what is wrong, with the offending value

    friend bool operator==(const DeadLetter &, const DeadLetter &) = default;
};

// What a payload is, decided by its shape (docs/PAYLOADS.md). Times the payload does not give
// are the delivery's receivedAt.
struct DecodedPayload
{
    enum class Kind
    {
        Message,
        SensorReading,
        PortMessage,
        ComponentMetric,
        PortMetric,
        Heartbeat,
        CheckpointVersion,
        DeadLetter,
    };
    static constexpr int kindCount = 8;

    // In the order of Kind.
    std::variant<PlainMessage, SensorReading, PortMessage, ComponentMetric, PortMetric, Heartbeat,
                 CheckpointVersion, DeadLetter>
        record;

    Kind kind() const { return static_cast<Kind>(record.index()); }
    template <typename T>
    const T *get() const
    {
        return std::get_if<T>(&record);
    }

    friend bool operator==(const DecodedPayload &, const DecodedPayload &) = default;
};

// "message", "sensor reading", "port message", ... for messages and logs.
QString kindName(DecodedPayload::Kind kind);

inline constexpr qint64 defaultMaxPayloadBytes = 16 * 1024 * 1024;

// Decodes one delivery. Never fails: what is not a record of a known shape is a plain message,
// and what has a record's keys but is broken, is too large, or comes with a deadReason is a
// dead letter.
DecodedPayload decodePayload(const Delivery &delivery,
                             qint64 maxPayloadBytes = defaultMaxPayloadBytes);

} // namespace porthole
