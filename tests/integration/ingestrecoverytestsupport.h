#pragma once

// What the scenarios of `porthole ingest` share: numbered payloads added to the fixture's
// redis-server, the program killed and drained, and the store read back and checked.

#include "batchfilereader.h"
#include "batchintegrity.h"
#include "batchline.h"
#include "connectionfactory.h"
#include "databaseurl.h"
#include "ingestrun.h"
#include "migrationrunner.h"
#include "ownredis.h"
#include "redisclient.h"
#include "testservers.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>
#include <QUuid>

#include <csignal>
#include <functional>
#include <memory>
#include <optional>

namespace porthole::test {

using namespace Qt::StringLiterals;

// How long a whole drain may take; the sanitizer build is several times slower.
constexpr int drainTimeoutMs = 180000;
constexpr int stepTimeoutMs = 60000;
constexpr int pipelineSize = 1000;

// A size from the environment (for a quicker or a harder run), else the default.
inline qint64 sizeFromEnvironment(const char *name, qint64 fallback)
{
    bool ok = false;
    const qint64 value = qEnvironmentVariable(name).toLongLong(&ok);
    return ok && value > 0 ? value : fallback;
}

// The payload of message n: numbered the way the receiver reads a sender's number, with now
// and then bytes that a batch line must escape or that are not UTF-8, so that "byte for byte"
// means something.
inline QByteArray payloadFor(qint64 n)
{
    QByteArray payload = "Message #" + QByteArray::number(n) + ": recovery check " +
                         QByteArray::number((n * 2654435761LL) % 1000003);
    if (n % 97 == 0)
        payload += " caf\xc3\xa9 \xe2\x9c\x93";
    if (n % 101 == 0)
        payload += " line\nbreak, back\\slash\ttab";
    if (n % 103 == 0)
        payload += " raw \xff\xfe bytes";
    return payload;
}

// Reads an SQLite file while the worker writes it (WAL).
class Reader
{
public:
    explicit Reader(const QString &path)
        : m_factory(DatabaseUrl::sqliteFile(path))
        , m_purpose(u"recovery-reader-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces))
    {}
    ~Reader() { m_factory.close(m_purpose); }
    Reader(const Reader &) = delete;
    Reader &operator=(const Reader &) = delete;

    QSqlDatabase db() const { return m_factory.open(m_purpose).value(); }
    // Opens the database and brings it to the latest schema, as the worker expects it.
    bool migrate(QString *error) const
    {
        auto db = m_factory.open(m_purpose);
        if (!db) {
            *error = db.errorMessage();
            return false;
        }
        auto migrated =
            MigrationRunner(*db, *MigrationRunner::builtin(DatabaseUrl::Engine::SQLite)).up();
        if (!migrated)
            *error = migrated.errorMessage();
        return migrated.ok();
    }

    // The single number a query gives; -1 on an error.
    qint64 number(const QString &sql) const
    {
        QSqlQuery query(db());
        if (!query.exec(sql) || !query.next()) {
            qWarning("%s: %s", qPrintable(sql), qPrintable(query.lastError().text()));
            return -1;
        }
        return query.value(0).toLongLong();
    }

private:
    ConnectionFactory m_factory;
    QString m_purpose;
};

// What tst_IngestRecovery and tst_IngestBadEntries derive from: the program, the fixture's
// redis-server, and the kills and checks they run.
class IngestRecoveryTest : public QObject
{
protected:
    // The servers, the program and what every test of the unit shares (initTestCase).
    void setUpFixtures()
    {
        m_binary = qEnvironmentVariable("PORTHOLE_BINARY");
        QVERIFY2(!m_binary.isEmpty(),
                 "PORTHOLE_BINARY names the porthole executable (ctest sets it)");
        const auto url = test::fixtureRedis();
        QVERIFY2(url.ok(), qPrintable(url.errorMessage()));
        m_url = *url;
        QVERIFY2(m_url.password().isEmpty(), "the test passes the URL on the command line");
        m_redisText = m_url.toDisplayString(); // no password: the URL as it is
        const auto connected = m_redis.connect(m_url);
        QVERIFY2(connected.ok(), qPrintable(connected.errorMessage()));
        m_prefix =
            "tst_ingestrecovery:" + QUuid::createUuid().toByteArray(QUuid::WithoutBraces) + ':';
    }

    // After each test (cleanup).
    void cleanUpAfterTest()
    {
        if (!m_keys.isEmpty() && m_redis.isConnected()) {
            const auto deleted = m_redis.command(QList<QByteArray>{"DEL"} + m_keys);
            QVERIFY2(deleted.ok(), qPrintable(deleted.errorMessage()));
        }
        m_keys.clear();
    }

    QByteArray key(const QString &name);
    QStringList ingestArguments(const QString &redis, const QByteArray &key,
                                const QString &consumer) const;
    // Adds numbered payloads first..first+count-1 to a stream; their entry ids by number.
    void addToStream(RedisClient &client, const QByteArray &stream, qint64 first, qint64 count,
                     QHash<qint64, QByteArray> &ids);
    void pushToList(const QByteArray &list, qint64 count);
    qint64 pending(RedisClient &client, const QByteArray &stream, const QByteArray &group);
    // How a kill test sees the store and the source.
    struct Watch
    {
        std::function<qint64()> stored;       // deliveries the store holds
        std::function<qint64()> acknowledged; // deliveries acknowledged to Redis
    };
    // Runs `porthole ingest` `kills` times, each killed with SIGKILL: every other one once the
    // store has taken a part of what is left (at a random moment after that), the others by
    // themselves at the fault point between a commit and its acknowledgement (asserted to have
    // left stored deliveries unacknowledged); then once more until the store holds `total`,
    // stopped by SIGTERM, which must find stored what the last kill left unacknowledged.
    void killAndDrain(const QStringList &arguments, int kills, qint64 total, const Watch &watch);
    // Entries of a stream's group that were read and acknowledged.
    qint64 acknowledgedInStream(const QByteArray &stream);
    // Every message of the SQL store: its number once, its content byte for byte; for
    // streams, its delivery key is the entry's.
    void verifyMessages(const Reader &reader, qint64 total, const QByteArray &stream,
                        const QHash<qint64, QByteArray> &ids);

    QString m_binary;
    RedisUrl m_url;
    QString m_redisText;
    RedisClient m_redis;
    QByteArray m_prefix;
    QList<QByteArray> m_keys;
};

inline QByteArray IngestRecoveryTest::key(const QString &name)
{
    m_keys.append(m_prefix + name.toUtf8());
    return m_keys.constLast();
}

inline QStringList IngestRecoveryTest::ingestArguments(const QString &redis, const QByteArray &key,
                                                       const QString &consumer) const
{
    return {u"--redis"_s, redis,         u"--key"_s,      QString::fromUtf8(key),
            u"--group"_s, u"porthole"_s, u"--consumer"_s, consumer};
}

inline void IngestRecoveryTest::addToStream(RedisClient &client, const QByteArray &stream,
                                            qint64 first, qint64 count,
                                            QHash<qint64, QByteArray> &ids)
{
    ids.reserve(ids.size() + count);
    for (qint64 from = first; from < first + count; from += pipelineSize) {
        const qint64 to = std::min(first + count, from + pipelineSize);
        QList<QList<QByteArray>> commands;
        commands.reserve(to - from);
        for (qint64 n = from; n < to; ++n)
            commands.append({"XADD", stream, "*", "payload", payloadFor(n)});
        const auto replies = client.pipeline(commands);
        QVERIFY2(replies.ok(), qPrintable(replies.errorMessage()));
        for (qint64 n = from; n < to; ++n) {
            const RedisReply &reply = replies->at(n - from);
            QVERIFY2(!reply.isError(), reply.text.constData());
            ids.insert(n, reply.text);
        }
    }
}

inline void IngestRecoveryTest::pushToList(const QByteArray &list, qint64 count)
{
    for (qint64 from = 1; from <= count; from += pipelineSize) {
        const qint64 to = std::min(count + 1, from + pipelineSize);
        QList<QList<QByteArray>> commands;
        commands.reserve(to - from);
        for (qint64 n = from; n < to; ++n)
            commands.append({"LPUSH", list, payloadFor(n)});
        const auto replies = m_redis.pipeline(commands);
        QVERIFY2(replies.ok(), qPrintable(replies.errorMessage()));
        for (const RedisReply &reply : *replies)
            QVERIFY2(!reply.isError(), reply.text.constData());
    }
}

inline qint64 IngestRecoveryTest::pending(RedisClient &client, const QByteArray &stream,
                                          const QByteArray &group)
{
    const auto reply = client.command({"XPENDING", stream, group});
    if (!reply || reply->type != RedisReply::Type::Array || reply->elements.isEmpty())
        return -1;
    return reply->elements.at(0).integer;
}

inline qint64 IngestRecoveryTest::acknowledgedInStream(const QByteArray &stream)
{
    const auto groups = m_redis.command({"XINFO", "GROUPS", stream});
    if (!groups || groups->type != RedisReply::Type::Array)
        return -1;
    for (const RedisReply &group : groups->elements) {
        QHash<QByteArray, RedisReply> fields;
        for (qsizetype i = 0; i + 1 < group.elements.size(); i += 2)
            fields.insert(group.elements.at(i).text, group.elements.at(i + 1));
        if (fields.value("name").text == "porthole")
            return fields.value("entries-read").integer - fields.value("pending").integer;
    }
    return -1;
}

inline void IngestRecoveryTest::killAndDrain(const QStringList &arguments, int kills, qint64 total,
                                             const Watch &watch)
{
    const auto &stored = watch.stored;
    int inWindow = 0;     // kills that left stored deliveries unacknowledged
    int atFaultPoint = 0; // kills at the fault point between the commit and the acknowledgement
    bool lastAtFaultPoint = false;
    for (int kill = 0; kill < kills; ++kill) {
        const qint64 before = stored();
        QVERIFY2(before >= 0 && before < total,
                 qPrintable(u"before kill %1, %2 of %3 are stored: the run is too small for "
                            "the kills asked for"_s.arg(kill + 1)
                                .arg(before)
                                .arg(total)));
        lastAtFaultPoint = kill % 2 == 1;
        // Small groups for a run that kills itself after a few, so that it takes a small part.
        IngestRun run(m_binary, lastAtFaultPoint ? arguments + QStringList{u"--count"_s, u"100"_s}
                                                 : arguments);
        if (lastAtFaultPoint) {
            // Killed by itself right after one of its first groups is committed, before it is
            // acknowledged (the fault point "ingest-stored" in app/ingestworker.cpp): the
            // narrow window that a random moment rarely hits.
            run.setFaultPoint(
                u"ingest-stored:%1"_s.arg(1 + QRandomGenerator::global()->bounded(3)));
            QVERIFY(run.start());
            QVERIFY2(run.waitForCrash(), qPrintable(run.howItEnded() + u'\n' + run.log()));
            const qint64 storedNow = stored();
            const qint64 acknowledgedNow = watch.acknowledged();
            QVERIFY2(storedNow > acknowledgedNow,
                     qPrintable(u"kill %1 at the fault point left %2 stored and %3 acknowledged: "
                                "it did not land between the commit and the acknowledgement"_s
                                    .arg(kill + 1)
                                    .arg(storedNow)
                                    .arg(acknowledgedNow)));
            ++atFaultPoint;
            ++inWindow;
            continue;
        }
        // A part of what is left, so that the kills spread over the whole run.
        const qint64 target = before + std::max<qint64>(1, (total - before) / (kills - kill + 2));
        QVERIFY(run.start());
        // Polled more often than QTRY_VERIFY does, so that the kill lands near the target.
        QElapsedTimer waited;
        waited.start();
        while (stored() < target && run.running() && waited.elapsed() < stepTimeoutMs)
            QTest::qWait(5);
        QVERIFY2(stored() >= target,
                 qPrintable(
                     u"%1 of %2 stored, waiting for %3:\n"_s.arg(stored()).arg(total).arg(target) +
                     run.log()));
        QVERIFY2(run.running(), qPrintable(run.log()));
        // A random moment within the next group or so: in a fetch, in a write, or between the
        // write and the acknowledgement.
        QTest::qWait(int(QRandomGenerator::global()->bounded(20)));
        run.kill();
        if (stored() > watch.acknowledged())
            ++inWindow;
    }
    QVERIFY2(atFaultPoint == kills / 2,
             qPrintable(u"%1 of %2 kills at the fault point"_s.arg(atFaultPoint).arg(kills)));
    IngestRun last(m_binary, arguments);
    QVERIFY(last.start());
    QTRY_VERIFY2_WITH_TIMEOUT(stored() >= total || !last.running(), qPrintable(last.log()),
                              drainTimeoutMs);
    QCOMPARE(stored(), total);
    // Everything acknowledged: nothing pending at the source.
    const qsizetype drained = last.mark();
    QTRY_VERIFY2_WITH_TIMEOUT(
        last.progressSince(
            drained, [](const Progress &p) { return p.state == u"running"_s && p.pending == 0; }) ||
            !last.running(),
        qPrintable(last.log()), stepTimeoutMs);
    QVERIFY2(last.terminate() == 0, qPrintable(last.log()));
    const auto summary = last.lastProgress();
    QVERIFY2(summary && summary->state == u"stopped"_s, qPrintable(last.log()));
    // The group committed but not acknowledged before the last kill came again, and was found
    // stored: nothing twice.
    if (lastAtFaultPoint)
        QVERIFY2(summary->duplicates > 0, qPrintable(last.log()));
    qInfo("%d kills, %d of them at the fault point between commit and acknowledgement, %d with "
          "deliveries written but not yet acknowledged; the last run found %lld deliveries "
          "stored before",
          kills, atFaultPoint, inWindow, static_cast<long long>(summary->duplicates));
}

inline void IngestRecoveryTest::verifyMessages(const Reader &reader, qint64 total,
                                               const QByteArray &stream,
                                               const QHash<qint64, QByteArray> &ids)
{
    QSqlQuery query(reader.db());
    query.setForwardOnly(true);
    QVERIFY2(
        query.exec(u"SELECT message_number, content, content_raw, delivery_key FROM messages"_s),
        qPrintable(query.lastError().text()));
    QList<bool> seen(total + 1, false);
    qint64 rows = 0;
    const QString keyPrefix = u"stream:"_s + QString::fromUtf8(stream) + u':';
    while (query.next()) {
        ++rows;
        const qint64 number = query.value(0).toLongLong();
        QVERIFY2(number >= 1 && number <= total, qPrintable(u"stored number %1"_s.arg(number)));
        QVERIFY2(!seen[number], qPrintable(u"message %1 is stored twice"_s.arg(number)));
        seen[number] = true;
        const QByteArray content =
            query.isNull(2) ? query.value(1).toString().toUtf8() : query.value(2).toByteArray();
        QCOMPARE(content, payloadFor(number));
        if (!stream.isEmpty())
            QCOMPARE(query.value(3).toString(), keyPrefix + QString::fromLatin1(ids.value(number)));
    }
    QCOMPARE(rows, total);
    QCOMPARE(reader.number(u"SELECT count(*) FROM port_messages"_s), 0);
}

} // namespace porthole::test
