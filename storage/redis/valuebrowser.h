#pragma once

#include "storageerror.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>

#include <optional>
#include <utility>

namespace porthole {

class RedisClient;

// What the Redis pane reads of a hash, a set, a sorted set or a string: a page of elements or a
// range of bytes at a time, each with the value's size (HLEN, SCARD, ZCARD, STRLEN) read in the
// same round trip. Never the whole value (HGETALL, SMEMBERS, GET): a page is a step of HSCAN or
// SSCAN with a COUNT, a ZRANGE with a LIMIT, a GETRANGE of a bounded length, so that an answer
// stays small however large the key; and every answer is checked, as all of the client's are,
// against its RedisReplyLimits and its time limits before it is read. A key that does not exist
// is empty; a key of another type is Redis's refusal (WRONGTYPE), naming the key.

// A step of HSCAN or SSCAN: the elements it found and the cursor of the next step ("0": the
// scan is over). A scan may name an element twice; a step may find none and not be the last.
// A hash or set small enough for Redis to keep compact (a listpack or an intset, up to its
// hash-max-listpack-entries or set-max-intset-entries, 512 on Debian) comes whole in one step,
// whatever the COUNT: those limits keep such a step small too.
struct ValueScanPage
{
    qint64 size = 0;   // HLEN or SCARD
    QByteArray cursor; // "0": the last step
    // A hash's fields and their values; a set's members, with an empty second.
    QList<std::pair<QByteArray, QByteArray>> elements;

    friend bool operator==(const ValueScanPage &, const ValueScanPage &) = default;
};

// The next step of HSCAN over the hash `key` from `cursor` ("0": the first), looking at about
// `count` fields.
Result<ValueScanPage> readHashPage(RedisClient &client, const QByteArray &key,
                                   const QByteArray &cursor, int count);
// The same for the set `key` (SSCAN).
Result<ValueScanPage> readSetPage(RedisClient &client, const QByteArray &key,
                                  const QByteArray &cursor, int count);

// A member of a sorted set and its score as Redis writes it ("1.5", "inf"): the text reads back
// as the same double, so it bounds a range exactly.
struct ZsetMember
{
    QByteArray member;
    QByteArray score;

    friend bool operator==(const ZsetMember &, const ZsetMember &) = default;
};

struct ZsetPage
{
    qint64 size = 0;    // ZCARD
    qint64 inRange = 0; // ZCOUNT of the range asked for (by rank: the size)
    QList<ZsetMember> members;

    friend bool operator==(const ZsetPage &, const ZsetPage &) = default;
};

// Up to `count` members of the sorted set `key` from the rank `start` on (ZRANGE by index): 0
// is the lowest score, or the highest when `highestFirst`.
Result<ZsetPage> readZsetByRank(RedisClient &client, const QByteArray &key, bool highestFirst,
                                qint64 start, int count);

// Which members of a sorted set to read by score (ZRANGE BYSCORE): those within `min` and
// `max` (ZRANGE's bounds: a number, "(" before it to leave it out, "-inf", "+inf"), lowest
// first or highest first, `count` at the most, after the member `after` of the previous page.
struct ZsetScoreQuery
{
    QByteArray min = "-inf";
    QByteArray max = "+inf";
    bool highestFirst = false;
    // Where the previous page ended: its last score, and how many members with that score it
    // held (members of one score come in the order of their bytes). The next page starts at
    // that score and passes over as many (LIMIT's offset): a keyset, not an offset from the
    // start of the range.
    struct After
    {
        QByteArray score;
        qint64 ties = 0;
    };
    std::optional<After> after;
    int count = 200;
};

Result<ZsetPage> readZsetByScore(RedisClient &client, const QByteArray &key,
                                 const ZsetScoreQuery &query);

// Whether `bound` is a bound ZRANGE BYSCORE takes: a number, "(" and a number, "-inf", "+inf"
// (or "inf"), for a person's input to be checked before it is sent.
bool isScoreBound(const QByteArray &bound);

// Up to `count` bytes of the string `key` from the byte `offset` on (GETRANGE), and its length
// (STRLEN), in the same round trip.
struct StringRange
{
    qint64 length = 0; // STRLEN
    qint64 offset = 0;
    QByteArray bytes;

    friend bool operator==(const StringRange &, const StringRange &) = default;
};

Result<StringRange> readStringRange(RedisClient &client, const QByteArray &key, qint64 offset,
                                    int count);

} // namespace porthole

Q_DECLARE_METATYPE(porthole::ValueScanPage)
Q_DECLARE_METATYPE(porthole::ZsetPage)
Q_DECLARE_METATYPE(porthole::StringRange)
