#pragma once

#include "delivery.h"
#include "redisclient.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace porthole {

// What is kept of a stream entry or a list element that Porthole's Redis client cannot read,
// because even alone its answer breaks one of the RedisReplyLimits (2.2 million field/value
// pairs pass the 4,194,304 elements of one answer). A limit is a property of one entry, not
// of the stream: the entry becomes a dead letter that says why, with what can be read of it,
// and the stream moves on. The entry is read once more with RedisClient::skim(), which keeps
// the field count and the first fields, each cut to a few hundred bytes, and drops the rest
// as it arrives (Redis does no more work than sending it; a Lua script that cut it down
// server-side would hold the whole server for seconds); when that fails too, the dead letter
// keeps the id alone.
//
// The payload of such a dead letter is a JSON object:
//   {"oversized": "stream entry", "id": "1700000000000-0", "field_count": 2200000,
//    "first_fields": [["name", "value"], ...], "cut_to_bytes": 256}
//   {"oversized": "list element", "bytes": 600000000, "first_bytes": "..."} (4 KiB)
// A name, value or first bytes that are not UTF-8 are {"base64": "..."} instead of a string.
// "field_count" and "first_fields" are absent when Redis could not give them ("unknown": why).
struct OversizedEntry
{
    static constexpr int KeptFields = 8;          // the first this many field/value pairs
    static constexpr int KeptBytes = 256;         // of each name and value
    static constexpr int KeptElementBytes = 4096; // of a list element

    // The payload and the dead letter's reason for the stream entry `id` of `stream`, whose
    // answer broke the limit `why` (RedisClient::overLimit()). Skims the entry through the
    // connected `client`, which is disconnected afterwards; the caller sets the key and the
    // rest.
    static Delivery streamEntry(RedisClient &client, const QByteArray &stream, const QByteArray &id,
                                const QString &why);
    // The same for the element at `index` of the list `list` (a processing list).
    static Delivery listElement(RedisClient &client, const QByteArray &list, qsizetype index,
                                const QString &why);
};

} // namespace porthole
