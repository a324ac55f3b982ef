// The baselines of bench_ingest: the same drain of the stream without Porthole, on plain
// hiredis, and with the rows stored through the sqlite3 C API.

#include "benchsupport.h"
#include "connectionfactory.h"
#include "ingestsupport.h"
#include "ingestworker.h"
#include "migrationrunner.h"
#include "payloaddecoder.h"
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

// --- The drains ---------------------------------------------------------------------------

// The baseline: XREADGROUP COUNT --count and one XACK of what came, on plain hiredis.
double rawDrain(const RedisUrl &url, qint64 messages)
{
    RawRedis redis(url);
    resetGroup(redis, streamKey);
    redis.command({"XGROUP", "CREATE", streamKey, groupName, "0"});
    const std::vector<const char *> read{
        "XREADGROUP",          "GROUP",   groupName.constData(), "raw", "COUNT",
        groupSize.constData(), "STREAMS", streamKey.constData(), ">"};
    std::vector<size_t> readLengths;
    for (const char *arg : read)
        readLengths.push_back(std::strlen(arg));
    std::vector<const char *> ack;
    std::vector<size_t> ackLengths;
    qint64 drained = 0;
    const auto start = Clock::now();
    for (;;) {
        redis.append(read, readLengths);
        const auto reply = redis.reply();
        if (reply->type != REDIS_REPLY_ARRAY || reply->elements == 0)
            break;
        const redisReply *entries = reply->element[0]->element[1];
        if (entries->elements == 0)
            break;
        ack.assign({"XACK", streamKey.constData(), groupName.constData()});
        ackLengths.assign({4, size_t(streamKey.size()), size_t(groupName.size())});
        for (size_t i = 0; i < entries->elements; ++i) {
            const redisReply *id = entries->element[i]->element[0];
            ack.push_back(id->str);
            ackLengths.push_back(id->len);
        }
        redis.append(ack, ackLengths);
        check(redis.reply()->integer == qint64(entries->elements), u"XACK failed"_s);
        drained += qint64(entries->elements);
    }
    const double seconds = secondsSince(start);
    check(drained == messages && pendingOf(redis, streamKey) == 0,
          u"the raw drain took %1 of %2"_s.arg(drained).arg(messages));
    return messages / seconds;
}

// A ceiling for any SQLite sink: the same read and ack on plain hiredis, and the same rows
// (number, content, time, delivery key, source) into the same migrated schema through the
// sqlite3 C API: prepared 100-row INSERT ... ON CONFLICT (delivery_key) DO NOTHING, one
// transaction a group, WAL with synchronous=FULL as Porthole's connections have it. No lookup
// of stored keys, no decoding, no Qt.
double rawSqliteDrain(const RedisUrl &url, const QString &path, qint64 messages)
{
    RawRedis redis(url);
    resetGroup(redis, streamKey);
    redis.command({"XGROUP", "CREATE", streamKey, groupName, "0"});
    sqlite3 *db = nullptr;
    check(sqlite3_open_v2(QFile::encodeName(path).constData(), &db, SQLITE_OPEN_READWRITE,
                          nullptr) == SQLITE_OK,
          u"sqlite3_open %1"_s.arg(path));
    const auto exec = [db](const char *sql) {
        check(sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK,
              QString::fromUtf8(sqlite3_errmsg(db)));
    };
    exec("PRAGMA journal_mode=WAL");
    exec("PRAGMA synchronous=FULL");
    exec("PRAGMA cache_size=-32768");
    constexpr int rows = 100;
    std::string sql = "INSERT INTO messages (message_number, content, timestamp, delivery_key, "
                      "source) VALUES (?, ?, ?, ?, ?)";
    const std::string one = sql + " ON CONFLICT (delivery_key) DO NOTHING";
    for (int r = 1; r < rows; ++r)
        sql += ", (?, ?, ?, ?, ?)";
    sql += " ON CONFLICT (delivery_key) DO NOTHING";
    sqlite3_stmt *many = nullptr;
    sqlite3_stmt *single = nullptr;
    check(sqlite3_prepare_v2(db, sql.c_str(), -1, &many, nullptr) == SQLITE_OK &&
              sqlite3_prepare_v2(db, one.c_str(), -1, &single, nullptr) == SQLITE_OK,
          QString::fromUtf8(sqlite3_errmsg(db)));

    const std::vector<const char *> read{
        "XREADGROUP",          "GROUP",   groupName.constData(), "raw", "COUNT",
        groupSize.constData(), "STREAMS", streamKey.constData(), ">"};
    std::vector<size_t> readLengths;
    for (const char *arg : read)
        readLengths.push_back(std::strlen(arg));
    const std::string keyPrefix = "stream:" + streamKey.toStdString() + ":";
    std::vector<const char *> ack;
    std::vector<size_t> ackLengths;
    std::vector<std::string> keys;
    qint64 drained = 0;
    const auto start = Clock::now();
    for (;;) {
        redis.append(read, readLengths);
        const auto reply = redis.reply();
        if (reply->type != REDIS_REPLY_ARRAY || reply->elements == 0)
            break;
        const redisReply *entries = reply->element[0]->element[1];
        const size_t count = entries->elements;
        if (count == 0)
            break;
        // The time of the group, as 'YYYY-MM-DD HH:MM:SS.SSS' in UTC.
        timespec now{};
        clock_gettime(CLOCK_REALTIME, &now);
        tm utc{};
        gmtime_r(&now.tv_sec, &utc);
        char stamp[32];
        const size_t stampLength = strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &utc);
        std::snprintf(stamp + stampLength, sizeof stamp - stampLength, ".%03ld",
                      now.tv_nsec / 1000000);
        keys.resize(count);
        exec("BEGIN IMMEDIATE");
        size_t next = 0;
        while (next < count) {
            const bool full = count - next >= size_t(rows);
            sqlite3_stmt *statement = full ? many : single;
            const size_t take = full ? size_t(rows) : 1;
            for (size_t r = 0; r < take; ++r) {
                const redisReply *entry = entries->element[next + r];
                const redisReply *id = entry->element[0];
                const redisReply *fields = entry->element[1];
                const redisReply *payload = nullptr;
                for (size_t f = 0; f + 1 < fields->elements; f += 2) {
                    if (std::strcmp(fields->element[f]->str, "payload") == 0)
                        payload = fields->element[f + 1];
                }
                check(payload != nullptr, u"an entry without a payload"_s);
                const char *mark = std::strstr(payload->str, "\xC2\xB0 ");
                const qint64 number = mark ? std::strtoll(mark + 3, nullptr, 10) : 0;
                std::string &key = keys[next + r];
                key.assign(keyPrefix).append(id->str, id->len);
                const int column = int(r) * 5;
                sqlite3_bind_int64(statement, column + 1, number);
                sqlite3_bind_text(statement, column + 2, payload->str, int(payload->len),
                                  SQLITE_STATIC);
                sqlite3_bind_text(statement, column + 3, stamp, -1, SQLITE_STATIC);
                sqlite3_bind_text(statement, column + 4, key.data(), int(key.size()),
                                  SQLITE_STATIC);
                sqlite3_bind_text(statement, column + 5, streamKey.constData(),
                                  int(streamKey.size()), SQLITE_STATIC);
            }
            check(sqlite3_step(statement) == SQLITE_DONE, QString::fromUtf8(sqlite3_errmsg(db)));
            sqlite3_reset(statement);
            next += take;
        }
        exec("COMMIT");
        ack.assign({"XACK", streamKey.constData(), groupName.constData()});
        ackLengths.assign({4, size_t(streamKey.size()), size_t(groupName.size())});
        for (size_t i = 0; i < count; ++i) {
            const redisReply *id = entries->element[i]->element[0];
            ack.push_back(id->str);
            ackLengths.push_back(id->len);
        }
        redis.append(ack, ackLengths);
        check(redis.reply()->integer == qint64(count), u"XACK failed"_s);
        drained += qint64(count);
    }
    const double seconds = secondsSince(start);
    sqlite3_finalize(many);
    sqlite3_finalize(single);
    sqlite3_close(db);
    check(drained == messages && pendingOf(redis, streamKey) == 0,
          u"the raw SQLite drain took %1 of %2"_s.arg(drained).arg(messages));
    return messages / seconds;
}

} // namespace porthole::bench
