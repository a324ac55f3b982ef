#pragma once

// What bench_ingest.cpp and its baselines (ingestbaselines.cpp) share: the stream, the payloads,
// a plain hiredis connection, and the clocks.

#include "benchsupport.h"
#include "connectionfactory.h"
#include "ingestworker.h"
#include "migrationrunner.h"
#include "payloaddecoder.h"
#include "rawredis.h"
#include "redissource.h"
#include "sqlingestsink.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <QUrl>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <hiredis/hiredis.h>
#include <map>
#include <sqlite3.h>
#include <string>
#include <sys/resource.h>
#include <thread>
#include <unistd.h>

namespace porthole::bench {

using namespace Qt::StringLiterals;

inline const QByteArray streamKey = "porthole-bench";
inline const QByteArray latencyKey = "porthole-bench-latency";
inline const QByteArray groupName = "porthole";
// Deliveries a fetch: XREADGROUP COUNT for the raw loops, RedisSourceOptions::count for
// Porthole. Set once from --count before anything runs.
inline QByteArray groupSize = "1000";

inline QByteArray payloadFor(qint64 number)
{
    return QByteArrayLiteral("this is Message N\xC2\xB0 ") + QByteArray::number(number) +
           QByteArrayLiteral(" being posted into Redis");
}

// CPU time of this process (all its threads, user and system), in seconds.
inline double cpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval &t) {
        return double(t.tv_sec) + double(t.tv_usec) / 1e6;
    };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// What a durable write costs on this disk now: the median of 50 times writing 4 KiB into a
// file in the folder and fdatasync()ing it, in ms. Every sink waits for such syncs.
inline double syncMs(const QString &dir)
{
    const QByteArray path = QFile::encodeName(dir + u"/sync-probe"_s);
    const int fd = ::open(path.constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    check(fd >= 0, u"cannot write in %1"_s.arg(dir));
    const std::vector<char> block(4096, 'x');
    std::vector<double> times;
    for (int i = 0; i < 50; ++i) {
        const auto start = Clock::now();
        check(::pwrite(fd, block.data(), block.size(), off_t(i) * 4096) == 4096 &&
                  ::fdatasync(fd) == 0,
              u"the sync probe failed"_s);
        times.push_back(secondsSince(start) * 1000);
    }
    ::close(fd);
    ::unlink(path.constData());
    return median(times);
}

inline qint64 nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
        .count();
}

// --- Loading and resetting the stream -------------------------------------------------------

inline void loadStream(RawRedis &redis, const QByteArray &key, qint64 messages)
{
    redis.command({"DEL", key});
    const auto start = Clock::now();
    constexpr qint64 perRoundTrip = 10000;
    for (qint64 first = 1; first <= messages; first += perRoundTrip) {
        const qint64 last = std::min(messages, first + perRoundTrip - 1);
        for (qint64 n = first; n <= last; ++n)
            redis.append({"XADD", key, "*", "payload", payloadFor(n)});
        for (qint64 n = first; n <= last; ++n)
            check(redis.reply()->type == REDIS_REPLY_STRING, u"XADD failed"_s);
    }
    const auto length = redis.command({"XLEN", key});
    check(length->integer == messages, u"the stream holds %1 entries"_s.arg(length->integer));
    out() << "loaded " << messages << " messages with pipelined XADD in "
          << QString::number(secondsSince(start), 'f', 1) << " s" << Qt::endl;
}

// Every drain reads the whole stream again, through a group made afresh.
inline void resetGroup(RawRedis &redis, const QByteArray &key)
{
    redis.command({"XGROUP", "DESTROY", key, groupName});
}

// Pending entries of the group: 0 once a drain has acknowledged everything.
inline qint64 pendingOf(RawRedis &redis, const QByteArray &key)
{
    const auto reply = redis.command({"XPENDING", key, groupName});
    check(reply->type == REDIS_REPLY_ARRAY && reply->elements >= 1, u"XPENDING failed"_s);
    return reply->element[0]->integer;
}

// --- The raw loops' pieces ------------------------------------------------------------------

// The Redis side of every raw loop, on plain hiredis: a consumer group made afresh on the
// stream, then `XREADGROUP GROUP porthole raw COUNT --count STREAMS key >` for each group and
// one XACK of the group's ids.
class RawGroupReader
{
public:
    explicit RawGroupReader(RawRedis &redis)
        : m_redis(redis)
        , m_read{"XREADGROUP",          "GROUP",   groupName.constData(), "raw", "COUNT",
                 groupSize.constData(), "STREAMS", streamKey.constData(), ">"}
    {
        resetGroup(redis, streamKey);
        redis.command({"XGROUP", "CREATE", streamKey, groupName, "0"});
        for (const char *arg : m_read)
            m_readLengths.push_back(std::strlen(arg));
    }

    // The next group's entries (each an array of its id and its fields), or nullptr once the
    // stream is drained. Valid until the next call.
    const redisReply *next()
    {
        m_redis.append(m_read, m_readLengths);
        m_reply = m_redis.reply();
        if (m_reply->type != REDIS_REPLY_ARRAY || m_reply->elements == 0)
            return nullptr;
        const redisReply *entries = m_reply->element[0]->element[1];
        return entries->elements == 0 ? nullptr : entries;
    }

    // One XACK of every id of the group; fails unless Redis acknowledged them all.
    void acknowledge(const redisReply *entries)
    {
        m_ack.assign({"XACK", streamKey.constData(), groupName.constData()});
        m_ackLengths.assign({4, size_t(streamKey.size()), size_t(groupName.size())});
        for (size_t i = 0; i < entries->elements; ++i) {
            const redisReply *id = entries->element[i]->element[0];
            m_ack.push_back(id->str);
            m_ackLengths.push_back(id->len);
        }
        m_redis.append(m_ack, m_ackLengths);
        check(m_redis.reply()->integer == qint64(entries->elements), u"XACK failed"_s);
    }

private:
    RawRedis &m_redis;
    const std::vector<const char *> m_read;
    std::vector<size_t> m_readLengths;
    RawRedis::Reply m_reply;
    std::vector<const char *> m_ack;
    std::vector<size_t> m_ackLengths;
};

// The value of an entry's "payload" field.
inline const redisReply *payloadOf(const redisReply *entry)
{
    const redisReply *fields = entry->element[1];
    for (size_t f = 0; f + 1 < fields->elements; f += 2) {
        if (std::strcmp(fields->element[f]->str, "payload") == 0)
            return fields->element[f + 1];
    }
    fail(u"an entry without a payload"_s);
}

// The message's number: what follows "N° " in its payload, 0 when there is none.
inline qint64 messageNumberOf(const redisReply *payload)
{
    const char *mark = std::strstr(payload->str, "\xC2\xB0 ");
    return mark ? std::strtoll(mark + 3, nullptr, 10) : 0;
}

// The time now in UTC as 'YYYY-MM-DD HH:MM:SS', with '.mmm' after it when `milliseconds`:
// the time a raw loop gives the rows of a group. Returns the length written.
inline size_t utcStamp(char (&stamp)[32], bool milliseconds)
{
    timespec now{};
    clock_gettime(CLOCK_REALTIME, &now);
    tm utc{};
    gmtime_r(&now.tv_sec, &utc);
    size_t length = strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &utc);
    if (milliseconds)
        length += size_t(
            std::snprintf(stamp + length, sizeof stamp - length, ".%03ld", now.tv_nsec / 1000000));
    return length;
}

// --- The raw loops ------------------------------------------------------------------------

// The baseline: XREADGROUP COUNT --count and one XACK of what came, on plain hiredis.
double rawDrain(const RedisUrl &url, qint64 messages);
// A ceiling for any SQLite sink: the baseline's loop storing the same rows through the sqlite3
// C API (ingestbaselines.cpp).
double rawSqliteDrain(const RedisUrl &url, const QString &path, qint64 messages);
// The files sink's plain loop: the baseline's loop writing each group as batch files in the
// seed layout into `folder` (made by the loop), made durable once a group
// (ingestbaselines.cpp).
double rawFilesDrain(const RedisUrl &url, const QString &folder, qint64 messages);
// The PostgreSQL sink's plain loop: the baseline's loop storing the same rows on a plain libpq
// connection, COPY into a staging table and one INSERT ... ON CONFLICT a group, one
// transaction a group (ingestpgbaseline.cpp).
double rawPostgresDrain(const RedisUrl &url, const DatabaseUrl &database, qint64 messages);

} // namespace porthole::bench
