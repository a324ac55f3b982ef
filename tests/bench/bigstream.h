#pragma once

#include "benchsupport.h"
#include "redisclient.h"

#include <QByteArray>
#include <QString>

#include <algorithm>

// The big stream the Redis side's benchmarks read (bench_redisbrowse, bench_redispane): entry i
// (1-based) has the id Base + i ms and a 60-byte JSON payload; group g holds the first `pending`
// of them, 100,000 to each consumer c0, c1, ... (ten for 1,000,000), none acknowledged.
namespace porthole::bench {

constexpr qint64 Base = 1764000000000; // entry i was added at Base + i ms

inline QByteArray idOf(qint64 i)
{
    return QByteArray::number(Base + i) + "-0";
}

// Adds entries from+1..to (ids idOf(i), a 60-byte JSON payload) in the server, 50,000 a script.
inline const char *const AddEntries = R"lua(
local pad = string.rep('x', 40)
for i = tonumber(ARGV[2]) + 1, tonumber(ARGV[3]) do
    redis.call('XADD', KEYS[1], (tonumber(ARGV[1]) + i) .. '-0', 'payload',
               '{"order":' .. i .. ',"pad":"' .. pad .. '"}')
end
return 0
)lua";

// Delivers ARGV[2] entries to the consumer ARGV[1] of group g, without sending them here.
inline const char *const Deliver = R"lua(
redis.call('XREADGROUP', 'GROUP', 'g', ARGV[1], 'COUNT', ARGV[2], 'STREAMS', KEYS[1], '>')
return 0
)lua";

// Makes `key` anew: `entries` entries, the first `pending` of them delivered to group g.
inline void fillStream(RedisClient &client, const QByteArray &key, qint64 entries, qint64 pending)
{
    using namespace Qt::StringLiterals;
    const auto start = Clock::now();
    client.command({"DEL", key});
    for (qint64 from = 0; from < entries; from += 50000) {
        const auto added = client.evalScript(AddEntries, {key},
                                             {QByteArray::number(Base), QByteArray::number(from),
                                              QByteArray::number(std::min(entries, from + 50000))});
        check(added.ok() && !added->isError(), u"filling the stream failed"_s);
    }
    check(client.command({"XGROUP", "CREATE", key, "g", "0"}).ok(), u"XGROUP CREATE failed"_s);
    for (qint64 given = 0; given < pending; given += 10000) {
        const auto delivered =
            client.evalScript(Deliver, {key},
                              {"c" + QByteArray::number(given / 100000),
                               QByteArray::number(std::min<qint64>(10000, pending - given))});
        check(delivered.ok() && !delivered->isError(), u"delivering failed"_s);
    }
    out() << "filled " << key << ": " << entries << " entries, " << pending << " pending in "
          << QString::number(secondsSince(start), 'f', 1) << " s" << Qt::endl;
}

} // namespace porthole::bench
