// The baselines of bench_ingest: the same drain of the stream without Porthole, on plain
// hiredis, with the rows stored through the sqlite3 C API, and with the messages written as
// batch files by plain system calls. The PostgreSQL one is in ingestpgbaseline.cpp.

#include "benchsupport.h"
#include "ingestsupport.h"

#include <QDir>
#include <QFile>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fcntl.h>
#include <hiredis/hiredis.h>
#include <sqlite3.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace porthole::bench {

// --- The drains ---------------------------------------------------------------------------

// The baseline: XREADGROUP COUNT --count and one XACK of what came, on plain hiredis.
double rawDrain(const RedisUrl &url, qint64 messages)
{
    RawRedis redis(url);
    RawGroupReader group(redis);
    qint64 drained = 0;
    const auto start = Clock::now();
    while (const redisReply *entries = group.next()) {
        group.acknowledge(entries);
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
    RawGroupReader group(redis);
    sqlite3 *db = nullptr;
    check(sqlite3_open_v2(QFile::encodeName(path).constData(), &db, SQLITE_OPEN_READWRITE,
                          nullptr) == SQLITE_OK,
          u"sqlite3_open %1"_s.arg(path));
    const auto exec = [db](const char *sql) {
        if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK)
            fail(QString::fromUtf8(sqlite3_errmsg(db)));
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

    const std::string keyPrefix = "stream:" + streamKey.toStdString() + ":";
    std::vector<std::string> keys;
    qint64 drained = 0;
    const auto start = Clock::now();
    while (const redisReply *entries = group.next()) {
        const size_t count = entries->elements;
        char stamp[32];
        utcStamp(stamp, true);
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
                const redisReply *payload = payloadOf(entry);
                std::string &key = keys[next + r];
                key.assign(keyPrefix).append(id->str, id->len);
                const int column = int(r) * 5;
                sqlite3_bind_int64(statement, column + 1, messageNumberOf(payload));
                sqlite3_bind_text(statement, column + 2, payload->str, int(payload->len),
                                  SQLITE_STATIC);
                sqlite3_bind_text(statement, column + 3, stamp, -1, SQLITE_STATIC);
                sqlite3_bind_text(statement, column + 4, key.data(), int(key.size()),
                                  SQLITE_STATIC);
                sqlite3_bind_text(statement, column + 5, streamKey.constData(),
                                  int(streamKey.size()), SQLITE_STATIC);
            }
            if (sqlite3_step(statement) != SQLITE_DONE)
                fail(QString::fromUtf8(sqlite3_errmsg(db)));
            sqlite3_reset(statement);
            next += take;
        }
        exec("COMMIT");
        group.acknowledge(entries);
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

namespace {

// Stops the benchmark with what failed and the system's reason (errno).
[[noreturn]] void failSystem(const char *what, const QString &where)
{
    fail(u"%1 %2: %3"_s.arg(QLatin1StringView(what), where,
                            QString::fromLocal8Bit(std::strerror(errno))));
}

// Lines in the batch files of `folder`, and how many files there are.
std::pair<qint64, qint64> batchFilesIn(const QString &folder)
{
    const QStringList names =
        QDir(folder).entryList({u"messages_batch_*.txt"_s}, QDir::Files, QDir::Name);
    qint64 lines = 0;
    for (const QString &name : names) {
        QFile file(folder + u'/' + name);
        check(file.open(QIODevice::ReadOnly), u"cannot read %1"_s.arg(file.fileName()));
        lines += file.readAll().count('\n');
    }
    return {qint64(names.size()), lines};
}

} // namespace

// The files sink's plain loop: the baseline's read and ack on plain hiredis, and each group
// written as batch files in the seed layout, ten lines a file, each line
// "[YYYY-MM-DD HH:MM:SS] Message #N: content" (N counting from 1, the content the payload as
// it is, the time the group's in UTC), into messages_batch_0001.txt, messages_batch_0002.txt,
// ...: each file one open + write + close, no fsync of its own; then one syncfs() of the
// folder's file system and one fsync() of the folder make the group durable before its XACK.
// A file never spans two groups: with a --count that is not a multiple of ten, the last file
// of each group is short. No journal, no index, no Qt.
double rawFilesDrain(const RedisUrl &url, const QString &folder, qint64 messages)
{
    RawRedis redis(url);
    RawGroupReader group(redis);
    const QByteArray path = QFile::encodeName(folder);
    if (::mkdir(path.constData(), 0755) != 0)
        failSystem("mkdir", folder);
    const int dirFd = ::open(path.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirFd < 0)
        failSystem("open", folder);
    constexpr size_t linesPerFile = 10;
    std::string lines;
    lines.reserve(4096);
    char name[64];
    qint64 number = 0;
    qint64 files = 0;
    qint64 drained = 0;
    const auto start = Clock::now();
    while (const redisReply *entries = group.next()) {
        const size_t count = entries->elements;
        char stamp[32];
        const size_t stampLength = utcStamp(stamp, false);
        for (size_t first = 0; first < count; first += linesPerFile) {
            lines.clear();
            const size_t end = std::min(count, first + linesPerFile);
            for (size_t i = first; i < end; ++i) {
                const redisReply *payload = payloadOf(entries->element[i]);
                char digits[24];
                const auto converted = std::to_chars(digits, digits + sizeof digits, ++number);
                lines += '[';
                lines.append(stamp, stampLength);
                lines += "] Message #";
                lines.append(digits, converted.ptr);
                lines += ": ";
                lines.append(payload->str, payload->len);
                lines += '\n';
            }
            std::snprintf(name, sizeof name, "messages_batch_%04lld.txt", ++files);
            const int fd = ::openat(dirFd, name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
            if (fd < 0)
                failSystem("open", QString::fromLatin1(name));
            for (size_t at = 0; at < lines.size();) {
                const ssize_t written = ::write(fd, lines.data() + at, lines.size() - at);
                if (written < 0 && errno == EINTR)
                    continue;
                if (written <= 0)
                    failSystem("write", QString::fromLatin1(name));
                at += size_t(written);
            }
            if (::close(fd) != 0)
                failSystem("close", QString::fromLatin1(name));
        }
        if (::syncfs(dirFd) != 0)
            failSystem("syncfs", folder);
        if (::fsync(dirFd) != 0)
            failSystem("fsync", folder);
        group.acknowledge(entries);
        drained += qint64(count);
    }
    const double seconds = secondsSince(start);
    if (::close(dirFd) != 0)
        failSystem("close", folder);
    check(drained == messages && pendingOf(redis, streamKey) == 0,
          u"the raw files drain took %1 of %2"_s.arg(drained).arg(messages));
    // A --count that is a multiple of ten leaves no short file but the stream's last.
    const auto [found, foundLines] = batchFilesIn(folder);
    check(found == files && foundLines == messages,
          u"%1 holds %2 batch files with %3 lines; the loop wrote %4 files with %5"_s.arg(folder)
              .arg(found)
              .arg(foundLines)
              .arg(files)
              .arg(messages));
    if (groupSize.toLongLong() % qint64(linesPerFile) == 0)
        check(files == (messages + qint64(linesPerFile) - 1) / qint64(linesPerFile),
              u"%1 batch files for %2 messages"_s.arg(files).arg(messages));
    return messages / seconds;
}

} // namespace porthole::bench
