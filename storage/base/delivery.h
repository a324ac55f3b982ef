#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace porthole {

// One payload as a Redis source hands it to a sink.
//
// The key names this delivery for good: a second delivery of the same entry (after a crash,
// a reconnect or a claim by another consumer) has the same key, so a sink that has stored it
// stores nothing the second time. Keys by mode:
//   stream  "stream:{redis key}:{entry id}"
//   list    "list:{redis key}:{group id}:{position in the group}"
//   pubsub  "pubsub:{channel}:{uuid}" (never delivered twice: pub/sub is at most once)
struct Delivery
{
    QString key;
    QString source;            // the Redis key or channel it came from
    QByteArray payload;        // the payload's bytes, as sent
    bool fieldsAsJson = false; // a stream entry without a `payload` field: its fields, as a
                               // JSON object of strings (payload holds that object)
    QDateTime receivedAt;      // UTC, when the worker took it from Redis
    int deliveryCount = 1;     // how often Redis has delivered it, where Redis counts (streams)
    QString deadReason;        // non-empty: store as a dead letter with this reason, whatever
                               // the payload is (e.g. delivered more often than allowed)

    friend bool operator==(const Delivery &, const Delivery &) = default;
};

} // namespace porthole
