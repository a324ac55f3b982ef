#pragma once

// What bench_replay's measures share: its data (dead letters among other port messages, made
// once into a template file that each measurement copies), the selection and options of the
// replay, the checks that a replay did what it should, and small helpers.

#include "benchsupport.h"
#include "connectionfactory.h"
#include "migrationrunner.h"
#include "portmessageactions.h"
#include "portmessagerepository.h"
#include "redisclient.h"
#include "redisurl.h"
#include "repositorysupport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <fcntl.h>
#include <optional>
#include <sys/resource.h>
#include <unistd.h>
#include <vector>

namespace porthole::bench {

using namespace Qt::StringLiterals;

inline const QByteArray streamKey = "porthole-bench-replay";
inline constexpr int stepRows = 500; // ActionRunOptions::stepRows, and the baseline's transaction
inline constexpr int insertGroup = 5000;

inline const QString deadLetterCondition =
    u"(status = 'dead_letter' OR (status = 'failed' AND retry_count >= max_retries))"_s;

template <typename T>
const T &checked(const Result<T> &result, const QString &what)
{
    check(result.ok(), what + u": "_s + result.errorMessage());
    return *result;
}

inline double ms(Clock::time_point from, Clock::time_point to)
{
    return std::chrono::duration<double, std::milli>(to - from).count();
}

inline double processCpuMs()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const auto msOf = [](const timeval &t) {
        return double(t.tv_sec) * 1000 + double(t.tv_usec) / 1000;
    };
    return msOf(usage.ru_utime) + msOf(usage.ru_stime);
}

inline double threadCpuMs()
{
    timespec now = {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1000 + double(now.tv_nsec) / 1e6;
}

// What a durable write costs on this disk now: the median of 50 times writing 4 KiB into a
// file in the folder and fdatasync()ing it, in ms.
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

inline qint64 scalar(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery query(db);
    check(query.exec(sql) && query.next(), sql + u": "_s + query.lastError().text());
    return query.value(0).toLongLong();
}

inline QString number(qint64 n)
{
    return QLocale::c().toString(n);
}

inline QString fixed(double value, int decimals = 0)
{
    return QString::number(value, 'f', decimals);
}

// --- The data -------------------------------------------------------------------------------

struct Shape
{
    qint64 deadLetters = 100000;
    qint64 others = 100000;
    qint64 total() const { return deadLetters + others; }
};

// Row n of the table, one every 100 ms from 2026-11-01 00:00 UTC, dead letters spread evenly
// among the others. Dead letters: every other one dead_letter, the rest failed with their
// retries spent, each with one of three errors. The others: 70% completed, 10% pending, 5%
// processing, 15% failed with retries left.
inline PortMessage makeRow(qint64 n, bool dead, qint64 deadIndex, QRandomGenerator &random)
{
    static const QStringList ports{u"orders"_s, u"payments"_s, u"shipping"_s, u"invoices"_s,
                                   u"returns"_s};
    static const QStringList components{u"gateway"_s, u"validator"_s, u"enricher"_s, u"router"_s,
                                        u"archiver"_s};
    PortMessage m;
    const int port = int(n % ports.size());
    m.portName = ports.at(port);
    m.sourceComponent = components.at(port);
    m.targetComponent = components.at((port + 1) % components.size());
    m.createdAt =
        QDateTime(QDate(2026, 11, 1), QTime(0, 0), QTimeZone::utc()).addMSecs(n * 100 + n % 97);
    m.id =
        timeOrderedUuid(m.createdAt.toMSecsSinceEpoch(), random.generate64(), random.generate64());
    m.messageData = QJsonDocument(QJsonObject{
                                      {u"order_id"_s, 100000 + n},
                                      {u"customer"_s, u"C-%1"_s.arg(n % 5000, 5, 10, QChar(u'0'))},
                                      {u"amount"_s, 5 + double(n % 50000) / 100},
                                      {u"currency"_s, n % 7 ? u"EUR"_s : u"USD"_s},
                                      {u"items"_s, int(1 + n % 5)},
                                  })
                        .toJson(QJsonDocument::Compact);
    m.messageMetadata = QJsonDocument(QJsonObject{{u"trace_id"_s, newUuid()}, {u"attempt"_s, 1}})
                            .toJson(QJsonDocument::Compact);
    static const QStringList errors{u"timeout after %1s on 10.0.3.7:6379"_s,
                                    u"no such field \"f%1\" in payload"_s,
                                    u"connection refused by sink-%1"_s};
    const auto failWith = [&m, n](int retries) {
        m.retryCount = retries;
        m.processedAt = m.createdAt.addMSecs(20 + n % 500);
        m.errorMessage = errors.at(int(n % 3)).arg(n % 60);
        m.errorDetails = QJsonDocument(QJsonObject{{u"attempts"_s, retries + 1},
                                                   {u"component"_s, m.targetComponent}})
                             .toJson(QJsonDocument::Compact);
    };
    if (dead) {
        m.status = deadIndex % 2 ? u"failed"_s : u"dead_letter"_s;
        failWith(3);
        return m;
    }
    const qint64 roll = n % 20;
    if (roll < 14) {
        m.status = u"completed"_s;
        m.processedAt = m.createdAt.addMSecs(20 + n % 500);
        m.completedAt = m.processedAt.addMSecs(5 + n % 200);
    } else if (roll < 16) {
        m.status = u"pending"_s;
    } else if (roll < 17) {
        m.status = u"processing"_s;
        m.processedAt = m.createdAt.addMSecs(20 + n % 500);
    } else {
        m.status = u"failed"_s;
        failWith(int(n % 3));
    }
    return m;
}

// The template every measurement copies: migrated, filled, checkpointed, closed, fsynced.
inline void makeTemplate(const QString &path, const Shape &shape)
{
    const auto start = Clock::now();
    const ConnectionFactory factory(DatabaseUrl::sqliteFile(path));
    {
        const QSqlDatabase db = checked(factory.open(u"template"_s), u"opening the template"_s);
        MigrationRunner runner(db, *MigrationRunner::builtin(DatabaseUrl::Engine::SQLite));
        check(runner.up().ok(), u"migrating the template"_s);
        PortMessageRepository repository(db);
        QRandomGenerator random(7);
        QList<PortMessage> group;
        qint64 dead = 0;
        for (qint64 n = 0; n < shape.total(); ++n) {
            // Bresenham: the dead letters spread evenly through the table.
            const bool isDead =
                (n + 1) * shape.deadLetters / shape.total() > n * shape.deadLetters / shape.total();
            group.append(makeRow(n, isDead, dead, random));
            dead += isDead ? 1 : 0;
            if (group.size() == insertGroup || n + 1 == shape.total()) {
                checked(repository.insert(group), u"inserting port messages"_s);
                group.clear();
            }
        }
        check(scalar(db, u"SELECT count(*) FROM port_messages WHERE "_s + deadLetterCondition) ==
                  shape.deadLetters,
              u"the template does not hold the dead letters it should"_s);
        check(scalar(db, u"SELECT count(*) FROM port_messages"_s) == shape.total(),
              u"the template does not hold the rows it should"_s);
        QSqlQuery checkpoint(db);
        check(checkpoint.exec(u"PRAGMA wal_checkpoint(TRUNCATE)"_s), checkpoint.lastError().text());
    }
    factory.close(u"template"_s);
    check(!QFile::exists(path + u"-wal"_s) || QFile(path + u"-wal"_s).size() == 0,
          u"the template's write-ahead log was not checkpointed"_s);
    // On the disk too, so that its writing-back does not run into the first measurement.
    QFile made(path);
    check(made.open(QIODevice::ReadWrite) && ::fsync(made.handle()) == 0,
          u"cannot sync the template"_s);
    out() << "  template: " << number(shape.deadLetters) << " dead letters among "
          << number(shape.total()) << " port messages, "
          << fixed(double(QFile(path).size()) / (1 << 20)) << " MiB, made in "
          << fixed(secondsSince(start), 1) << " s" << Qt::endl;
}

// A fresh copy of the template, on the disk (fsynced) before any clock starts.
inline QString freshCopy(const QString &templatePath, const QString &dir, const QString &name)
{
    const QString path = dir + u"/"_s + name + u".db"_s;
    for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s})
        QFile::remove(path + suffix);
    check(QFile::copy(templatePath, path), u"cannot copy the template to %1"_s.arg(path));
    QFile copy(path);
    check(copy.open(QIODevice::ReadWrite) && ::fsync(copy.handle()) == 0,
          u"cannot sync %1"_s.arg(path));
    return path;
}

inline ActionSelection allDeadLetters()
{
    ActionSelection selection;
    selection.filter.deadLettersOnly = true;
    selection.description = u"all dead letters"_s;
    return selection;
}

inline ActionOptions replayOptions(std::optional<RedisUrl> redis)
{
    ActionOptions options;
    options.kind = ActionKind::Replay;
    if (redis) {
        options.target = ReplayTarget::Redis;
        options.redisUrl = redis->toDisplayString();
        options.redisKey = QString::fromLatin1(streamKey);
    }
    return options;
}

// --- Checks ---------------------------------------------------------------------------------

inline void verify(const QString &path, const Shape &shape, bool toRedis, bool porthole,
                   const std::optional<RedisUrl> &redis)
{
    const ConnectionFactory factory(DatabaseUrl::sqliteFile(path));
    {
        const QSqlDatabase db = checked(factory.open(u"verify"_s), u"opening "_s + path);
        const QString what = u"%1 %2: "_s.arg(porthole ? u"Porthole"_s : u"baseline"_s,
                                              toRedis ? u"to Redis"_s : u"to the database"_s);
        const qint64 replayed = scalar(db, u"SELECT count(*) FROM port_messages WHERE "
                                           "replay_count <> 0"_s);
        const qint64 once = scalar(db, u"SELECT count(*) FROM port_messages WHERE "
                                       "replay_count = 1 AND version = 2"_s);
        check(replayed == shape.deadLetters && once == shape.deadLetters,
              what + u"%1 rows replayed, %2 of them once"_s.arg(replayed).arg(once));
        if (toRedis) {
            // Published, not sent back: still dead letters.
            check(scalar(db, u"SELECT count(*) FROM port_messages WHERE replay_count = 1 AND "_s +
                                 deadLetterCondition) == shape.deadLetters,
                  what + u"replayed rows changed status"_s);
        } else {
            check(scalar(db,
                         u"SELECT count(*) FROM port_messages WHERE replay_count = 1 AND "
                         "status = 'pending' AND retry_count = 0 AND error_message IS NULL"_s) ==
                      shape.deadLetters,
                  what + u"replayed rows are not all pending with retries reset"_s);
            check(scalar(db,
                         u"SELECT count(*) FROM port_messages WHERE "_s + deadLetterCondition) == 0,
                  what + u"dead letters are left"_s);
        }
        if (porthole)
            check(scalar(db, u"SELECT count(*) FROM port_message_history"_s) == shape.deadLetters,
                  what + u"not one history row per replayed message"_s);
    }
    factory.close(u"verify"_s);
    if (toRedis) {
        RedisClient client;
        check(client.connect(*redis).ok(), u"cannot connect to Redis"_s);
        const auto length = client.command({"XLEN", streamKey});
        check(length.ok() && length->integer == shape.deadLetters,
              u"XLEN %1 is %2, not %3"_s.arg(QString::fromLatin1(streamKey))
                  .arg(length.ok() ? length->integer : -1)
                  .arg(shape.deadLetters));
    }
}

inline void flushRedis(const RedisUrl &url)
{
    RedisClient client;
    check(client.connect(url).ok(), u"cannot connect to Redis at "_s + url.toDisplayString());
    const auto flushed = client.command({"FLUSHALL"});
    check(flushed.ok() && !flushed->isError(), u"FLUSHALL failed"_s);
}

} // namespace porthole::bench
