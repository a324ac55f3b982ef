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

using namespace Qt::StringLiterals;
using namespace porthole;
using porthole::test::freeLoopbackPort;
using porthole::test::IngestRun;
using porthole::test::OwnRedis;
using porthole::test::Progress;

namespace {

// How long a whole drain may take; the sanitizer build is several times slower.
constexpr int drainTimeoutMs = 180000;
constexpr int stepTimeoutMs = 60000;
constexpr int pipelineSize = 1000;

// A size from the environment (for a quicker or a harder run), else the default.
qint64 sizeFromEnvironment(const char *name, qint64 fallback)
{
    bool ok = false;
    const qint64 value = qEnvironmentVariable(name).toLongLong(&ok);
    return ok && value > 0 ? value : fallback;
}

// The payload of message n: numbered the way the receiver reads a sender's number, with now
// and then bytes that a batch line must escape or that are not UTF-8, so that "byte for byte"
// means something.
QByteArray payloadFor(qint64 n)
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

} // namespace

// "Nothing lost": `porthole ingest` against real servers, killed and disturbed on purpose.
class tst_IngestRecovery : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void cleanupTestCase();
    void sqlSinkSurvivesKills();
    void fileSinkSurvivesKills();
    void redisRestartMidStream();
    void lockedStoreAcknowledgesNothing();
    void poisonEntryBecomesOneDeadLetter();
    void oversizePayloadBecomesOneDeadLetter_data();
    void oversizePayloadBecomesOneDeadLetter();
    void entriesTrimmedAtSource();
    void listSurvivesKills();
    void killedWhileCreatingTheSchema();
    void clockJumpsDuringIngest();

private:
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

void tst_IngestRecovery::initTestCase()
{
    m_binary = qEnvironmentVariable("PORTHOLE_BINARY");
    QVERIFY2(!m_binary.isEmpty(), "PORTHOLE_BINARY names the porthole executable (ctest sets it)");
    const auto url = test::fixtureRedis();
    QVERIFY2(url.ok(), qPrintable(url.errorMessage()));
    m_url = *url;
    QVERIFY2(m_url.password().isEmpty(), "the test passes the URL on the command line");
    m_redisText = m_url.toDisplayString(); // no password: the URL as it is
    const auto connected = m_redis.connect(m_url);
    QVERIFY2(connected.ok(), qPrintable(connected.errorMessage()));
    m_prefix = "tst_ingestrecovery:" + QUuid::createUuid().toByteArray(QUuid::WithoutBraces) + ':';
}

void tst_IngestRecovery::cleanup()
{
    if (!m_keys.isEmpty() && m_redis.isConnected()) {
        const auto deleted = m_redis.command(QList<QByteArray>{"DEL"} + m_keys);
        QVERIFY2(deleted.ok(), qPrintable(deleted.errorMessage()));
    }
    m_keys.clear();
}

void tst_IngestRecovery::cleanupTestCase()
{
    cleanup();
}

QByteArray tst_IngestRecovery::key(const QString &name)
{
    m_keys.append(m_prefix + name.toUtf8());
    return m_keys.constLast();
}

QStringList tst_IngestRecovery::ingestArguments(const QString &redis, const QByteArray &key,
                                                const QString &consumer) const
{
    return {u"--redis"_s, redis,         u"--key"_s,      QString::fromUtf8(key),
            u"--group"_s, u"porthole"_s, u"--consumer"_s, consumer};
}

void tst_IngestRecovery::addToStream(RedisClient &client, const QByteArray &stream, qint64 first,
                                     qint64 count, QHash<qint64, QByteArray> &ids)
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

void tst_IngestRecovery::pushToList(const QByteArray &list, qint64 count)
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

qint64 tst_IngestRecovery::pending(RedisClient &client, const QByteArray &stream,
                                   const QByteArray &group)
{
    const auto reply = client.command({"XPENDING", stream, group});
    if (!reply || reply->type != RedisReply::Type::Array || reply->elements.isEmpty())
        return -1;
    return reply->elements.at(0).integer;
}

qint64 tst_IngestRecovery::acknowledgedInStream(const QByteArray &stream)
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

void tst_IngestRecovery::killAndDrain(const QStringList &arguments, int kills, qint64 total,
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

void tst_IngestRecovery::verifyMessages(const Reader &reader, qint64 total,
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

// 1. SIGKILL at random moments, SQL sink (SQLite): every entry stored exactly once.
void tst_IngestRecovery::sqlSinkSurvivesKills()
{
    const qint64 total = sizeFromEnvironment("PORTHOLE_RECOVERY_MESSAGES", 100000);
    const int kills = int(sizeFromEnvironment("PORTHOLE_RECOVERY_KILLS", 10));
    const QByteArray stream = key(u"sql-kills"_s);
    QHash<qint64, QByteArray> ids;
    addToStream(m_redis, stream, 1, total, ids);
    if (QTest::currentTestFailed())
        return;

    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString path = directory.filePath(u"ingest.db"_s);
    QString error;
    const Reader reader(path);
    QVERIFY2(reader.migrate(&error), qPrintable(error));

    const QStringList arguments = ingestArguments(m_redisText, stream, u"recovery-sql"_s) +
                                  QStringList{u"--sink"_s, u"sqlite://"_s + path};
    killAndDrain(arguments, kills, total,
                 {[&reader] { return reader.number(u"SELECT count(*) FROM messages"_s); },
                  [this, &stream] {
                      return acknowledgedInStream(stream);
                  }});
    if (QTest::currentTestFailed())
        return;

    verifyMessages(reader, total, stream, ids);
    QCOMPARE(reader.number(u"SELECT count(DISTINCT delivery_key) FROM messages"_s), total);
    QCOMPARE(pending(m_redis, stream, "porthole"), 0);
}

// 2. The same with the batch-file sink: every payload one line, byte for byte, no torn line.
void tst_IngestRecovery::fileSinkSurvivesKills()
{
    const qint64 total = sizeFromEnvironment("PORTHOLE_RECOVERY_FILE_MESSAGES", 100000);
    const int kills = int(sizeFromEnvironment("PORTHOLE_RECOVERY_KILLS", 10));
    const QByteArray stream = key(u"file-kills"_s);
    QHash<qint64, QByteArray> ids;
    addToStream(m_redis, stream, 1, total, ids);
    if (QTest::currentTestFailed())
        return;

    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString path = directory.filePath(u"bookkeeping.db"_s);
    const QString store = directory.filePath(u"messages"_s);
    QString error;
    const Reader reader(path);
    QVERIFY2(reader.migrate(&error), qPrintable(error));

    const QStringList arguments = ingestArguments(m_redisText, stream, u"recovery-file"_s) +
                                  QStringList{u"--sink"_s, QUrl::fromLocalFile(store).toString(),
                                              u"--db"_s, u"sqlite://"_s + path};
    // The journal row of a line is written just before the line: it counts what is stored.
    killAndDrain(arguments, kills, total,
                 {[&reader] {
                      return reader.number(
                          u"SELECT count(*) FROM ingest_deliveries WHERE sink = 'file'"_s);
                  },
                  [this, &stream] {
                      return acknowledgedInStream(stream);
                  }});
    if (QTest::currentTestFailed())
        return;

    QHash<qint64, QByteArray> lines;
    lines.reserve(total);
    const QStringList files =
        QDir(store).entryList({u"messages_batch_*.txt"_s}, QDir::Files, QDir::Name);
    QVERIFY(!files.isEmpty());
    for (const QString &name : files) {
        QFile file(store + u'/' + name);
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.errorString()));
        const BatchFileContent content = parseBatchFileBytes(file.readAll());
        QVERIFY2(content.endsWithLineEnd, qPrintable(name + u" ends in a torn line"_s));
        for (const BatchFileLine &line : content.lines) {
            QVERIFY2(
                line.ok,
                qPrintable(u"%1 line %2: %3"_s.arg(name).arg(line.lineNumber).arg(line.problem)));
            const qint64 number = line.message.number;
            QVERIFY2(number >= 1 && number <= total, qPrintable(u"line number %1"_s.arg(number)));
            QVERIFY2(!lines.contains(number),
                     qPrintable(u"message %1 is written twice (%2)"_s.arg(number).arg(name)));
            QCOMPARE(line.message.content, payloadFor(number));
            lines.insert(number, line.message.content);
        }
    }
    QCOMPARE(qint64(lines.size()), total);

    const auto report = checkBatchStore(store);
    QVERIFY2(report.ok(), qPrintable(report.errorMessage()));
    QCOMPARE(report->messages, total);
    for (const BatchFinding &finding : report->findings) {
        // A line cut off by a kill is saved beside its file, and written again whole.
        QVERIFY2(finding.kind == BatchFinding::Kind::SavedFragment,
                 qPrintable(batchFindingKindName(finding.kind) + u": "_s + finding.message));
    }
    QCOMPARE(reader.number(u"SELECT count(*) FROM port_messages"_s), 0);
    QCOMPARE(pending(m_redis, stream, "porthole"), 0);
}

// 3. redis-server killed and started again on the same port, mid-stream: the worker
// reconnects by itself and stores everything once.
void tst_IngestRecovery::redisRestartMidStream()
{
    const qint64 half = sizeFromEnvironment("PORTHOLE_RECOVERY_RESTART_MESSAGES", 40000) / 2;
    QTemporaryDir redisDirectory;
    QVERIFY(redisDirectory.isValid());
    const int port = freeLoopbackPort();
    QVERIFY(port > 0);
    OwnRedis server(redisDirectory.path(), port);
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    RedisClient client;
    QVERIFY(client.connect(server.url()).ok());

    const QByteArray stream = "restart";
    QHash<qint64, QByteArray> ids;
    addToStream(client, stream, 1, half, ids);
    if (QTest::currentTestFailed())
        return;

    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString path = directory.filePath(u"ingest.db"_s);
    const Reader reader(path);
    QVERIFY2(reader.migrate(&error), qPrintable(error));
    const auto stored = [&reader] {
        return reader.number(u"SELECT count(*) FROM messages"_s);
    };

    IngestRun run(m_binary,
                  ingestArguments(server.urlText(), stream, u"recovery-restart"_s) +
                      QStringList{u"--sink"_s, u"sqlite://"_s + path, u"--count"_s, u"200"_s});
    QVERIFY(run.start());
    QTRY_VERIFY2_WITH_TIMEOUT(stored() >= half / 8 || !run.running(), qPrintable(run.log()),
                              stepTimeoutMs);
    QVERIFY2(run.running(), qPrintable(run.log()));
    server.kill();
    const qsizetype killedAt = run.mark();
    QTRY_VERIFY2_WITH_TIMEOUT(
        run.progressSince(killedAt,
                          [](const Progress &p) { return p.state == u"reconnecting"_s; }) ||
            !run.running(),
        qPrintable(run.log()), stepTimeoutMs);
    QVERIFY2(run.running(), qPrintable(run.log()));

    QVERIFY2(server.start(&error), qPrintable(error));
    client.disconnect();
    QVERIFY(client.connect(server.url()).ok());
    // Every entry added survived the kill (appendfsync always), acknowledged or not.
    const auto length = client.command({"XLEN", stream});
    QVERIFY(length.ok());
    QCOMPARE(length->integer, half);
    const qsizetype restartedAt = run.mark();
    addToStream(client, stream, half + 1, half, ids);
    if (QTest::currentTestFailed())
        return;
    QTRY_VERIFY2_WITH_TIMEOUT(
        run.progressSince(restartedAt, [](const Progress &p) { return p.state == u"running"_s; }) ||
            !run.running(),
        qPrintable(run.log()), stepTimeoutMs);
    QTRY_VERIFY2_WITH_TIMEOUT(stored() >= 2 * half || !run.running(), qPrintable(run.log()),
                              drainTimeoutMs);
    QCOMPARE(stored(), 2 * half);
    QVERIFY2(run.terminate() == 0, qPrintable(run.log()));

    verifyMessages(reader, 2 * half, stream, ids);
    QCOMPARE(pending(client, stream, "porthole"), 0);
}

// 4. The SQLite file locked by another connection for longer than the busy timeout: the
// worker waits for the store, acknowledges nothing meanwhile, then stores everything once.
void tst_IngestRecovery::lockedStoreAcknowledgesNothing()
{
    constexpr qint64 first = 1000;
    constexpr qint64 second = 500;
    const QByteArray stream = key(u"locked"_s);
    QHash<qint64, QByteArray> ids;
    addToStream(m_redis, stream, 1, first, ids);
    if (QTest::currentTestFailed())
        return;

    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString path = directory.filePath(u"ingest.db"_s);
    QString error;
    const Reader reader(path);
    QVERIFY2(reader.migrate(&error), qPrintable(error));
    const auto stored = [&reader] {
        return reader.number(u"SELECT count(*) FROM messages"_s);
    };

    IngestRun run(m_binary, ingestArguments(m_redisText, stream, u"recovery-locked"_s) +
                                QStringList{u"--sink"_s, u"sqlite://"_s + path});
    QVERIFY(run.start());
    QTRY_VERIFY2_WITH_TIMEOUT(stored() == first || !run.running(), qPrintable(run.log()),
                              stepTimeoutMs);
    QTRY_VERIFY2_WITH_TIMEOUT(pending(m_redis, stream, "porthole") == 0, qPrintable(run.log()),
                              stepTimeoutMs);
    QTRY_VERIFY2_WITH_TIMEOUT(
        run.progressSince(0, [](const Progress &p) { return p.acknowledged == first; }),
        qPrintable(run.log()), stepTimeoutMs);

    // Another connection takes the write lock and keeps it.
    const ConnectionFactory lockFactory(DatabaseUrl::sqliteFile(path));
    const QString lockPurpose = u"recovery-lock"_s;
    {
        auto lockDb = lockFactory.open(lockPurpose);
        QVERIFY2(lockDb.ok(), qPrintable(lockDb.errorMessage()));
        QSqlQuery lock(*lockDb);
        QVERIFY2(lock.exec(u"BEGIN IMMEDIATE"_s), qPrintable(lock.lastError().text()));
        QElapsedTimer held;
        held.start();

        // One group, added at once (MULTI/EXEC), so the worker takes it whole.
        QList<QList<QByteArray>> commands{{"MULTI"}};
        for (qint64 n = first + 1; n <= first + second; ++n)
            commands.append({"XADD", stream, "*", "payload", payloadFor(n)});
        commands.append({"EXEC"});
        const auto replies = m_redis.pipeline(commands);
        QVERIFY2(replies.ok(), qPrintable(replies.errorMessage()));
        const RedisReply &exec = replies->constLast();
        QCOMPARE(qint64(exec.elements.size()), second);
        for (qint64 i = 0; i < second; ++i)
            ids.insert(first + 1 + i, exec.elements.at(i).text);

        const qsizetype lockedAt = run.mark();
        QTRY_VERIFY2_WITH_TIMEOUT(run.progressSince(lockedAt,
                                                    [](const Progress &p) {
                                                        return p.state ==
                                                               u"waiting for the store"_s;
                                                    }) ||
                                      !run.running(),
                                  qPrintable(run.log()), stepTimeoutMs);
        QVERIFY2(run.running(), qPrintable(run.log()));
        // It waited out the busy timeout (5 s) before it gave up on the group for now.
        QVERIFY2(held.elapsed() >= 5000, qPrintable(QString::number(held.elapsed())));
        QCOMPARE(pending(m_redis, stream, "porthole"), second);

        // Still waiting a progress line later: nothing stored, nothing acknowledged.
        const qsizetype waitingAt = run.mark();
        QTRY_VERIFY2_WITH_TIMEOUT(
            run.progressSince(waitingAt, [](const Progress &) { return true; }),
            qPrintable(run.log()), stepTimeoutMs);
        const auto waiting = run.progressSince(waitingAt, [](const Progress &) { return true; });
        QCOMPARE(waiting->state, u"waiting for the store"_s);
        QCOMPARE(waiting->acknowledged, first);
        QCOMPARE(waiting->stored, first);
        QCOMPARE(pending(m_redis, stream, "porthole"), second);
        QSqlQuery count(*lockDb);
        QVERIFY(count.exec(u"SELECT count(*) FROM messages"_s) && count.next());
        QCOMPARE(count.value(0).toLongLong(), first);
        count.finish();

        QVERIFY2(lock.exec(u"ROLLBACK"_s), qPrintable(lock.lastError().text()));
    }
    lockFactory.close(lockPurpose);

    QTRY_VERIFY2_WITH_TIMEOUT(stored() >= first + second || !run.running(), qPrintable(run.log()),
                              stepTimeoutMs);
    QTRY_VERIFY2_WITH_TIMEOUT(pending(m_redis, stream, "porthole") == 0, qPrintable(run.log()),
                              stepTimeoutMs);
    const qsizetype releasedAt = run.mark();
    QTRY_VERIFY2_WITH_TIMEOUT(run.progressSince(releasedAt,
                                                [](const Progress &p) {
                                                    return p.state == u"running"_s &&
                                                           p.acknowledged == first + second;
                                                }),
                              qPrintable(run.log()), stepTimeoutMs);
    QVERIFY2(run.terminate() == 0, qPrintable(run.log()));
    verifyMessages(reader, first + second, stream, ids);
}

// 5. An entry delivered again and again (here: held by consumers that died) becomes one dead
// letter once it is past --max-deliveries.
void tst_IngestRecovery::poisonEntryBecomesOneDeadLetter()
{
    const QByteArray stream = key(u"poison"_s);
    const QByteArray poison = "Message #1: delivered too often";
    QVERIFY(m_redis.command({"XGROUP", "CREATE", stream, "porthole", "0", "MKSTREAM"}).ok());
    const auto added = m_redis.command({"XADD", stream, "*", "payload", poison});
    QVERIFY(added.ok() && !added->isError());
    // Delivered to a consumer that dies, then again to one that dies too.
    for (const QByteArray &id : {QByteArray(">"), QByteArray("0")}) {
        const auto read =
            m_redis.command({"XREADGROUP", "GROUP", "porthole", "ghost", "STREAMS", stream, id});
        QVERIFY(read.ok() && !read->isError() && !read->isNil());
    }
    QHash<qint64, QByteArray> ids;
    addToStream(m_redis, stream, 2, 9, ids);
    if (QTest::currentTestFailed())
        return;

    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString path = directory.filePath(u"ingest.db"_s);
    QString error;
    const Reader reader(path);
    QVERIFY2(reader.migrate(&error), qPrintable(error));
    const QStringList arguments = ingestArguments(m_redisText, stream, u"recovery-poison"_s) +
                                  QStringList{u"--sink"_s,           u"sqlite://"_s + path,
                                              u"--max-deliveries"_s, u"2"_s,
                                              u"--claim-idle-ms"_s,  u"100"_s,
                                              u"--block-ms"_s,       u"200"_s};
    const QString deadLetters =
        u"SELECT count(*) FROM port_messages WHERE status = 'dead_letter'"_s;
    for (int round = 0; round < 2; ++round) {
        // The second run finds nothing more to do: the dead letter was acknowledged.
        IngestRun run(m_binary, arguments);
        QVERIFY(run.start());
        QTRY_VERIFY2_WITH_TIMEOUT((reader.number(deadLetters) == 1 &&
                                   reader.number(u"SELECT count(*) FROM messages"_s) == 9 &&
                                   pending(m_redis, stream, "porthole") == 0) ||
                                      !run.running(),
                                  qPrintable(run.log()), stepTimeoutMs);
        QTRY_VERIFY2_WITH_TIMEOUT(run.lastProgress().has_value(), qPrintable(run.log()),
                                  stepTimeoutMs);
        QVERIFY2(run.terminate() == 0, qPrintable(run.log()));
        if (round == 0)
            QVERIFY2(run.lastProgress()->deadLetters == 1, qPrintable(run.log()));
        else
            QVERIFY2(run.lastProgress()->deadLetters == 0, qPrintable(run.log()));
    }

    QCOMPARE(reader.number(u"SELECT count(*) FROM port_messages"_s), 1);
    QSqlQuery query(reader.db());
    QVERIFY(query.exec(u"SELECT status, error_message, error_details, message_data "
                       "FROM port_messages"_s) &&
            query.next());
    QCOMPARE(query.value(0).toString(), u"dead_letter"_s);
    const QString reason = query.value(1).toString();
    QVERIFY2(reason.contains(u"delivered 3 times, more than the limit of 2"_s), qPrintable(reason));
    const QJsonObject details = QJsonDocument::fromJson(query.value(2).toByteArray()).object();
    QCOMPARE(details.value(u"delivery_count"_s).toInt(), 3);
    const QJsonObject data = QJsonDocument::fromJson(query.value(3).toByteArray()).object();
    QCOMPARE(data.value(u"raw"_s).toString().toUtf8(), poison);
    query.finish();
    QCOMPARE(reader.number(u"SELECT count(*) FROM messages WHERE message_number = 1"_s), 0);
    QCOMPARE(pending(m_redis, stream, "porthole"), 0);
}

void tst_IngestRecovery::oversizePayloadBecomesOneDeadLetter_data()
{
    QTest::addColumn<bool>("toFiles");
    QTest::newRow("sql") << false;
    QTest::newRow("file") << true;
}

// 6. A payload over --max-payload-bytes becomes one dead letter with the raw payload kept.
void tst_IngestRecovery::oversizePayloadBecomesOneDeadLetter()
{
    QFETCH(bool, toFiles);
    const QByteArray stream = key(u"oversize"_s);
    QByteArray large = "Message #2: " + QByteArray(5000, 'x');
    large.resize(5000);
    const QList<QByteArray> payloads{payloadFor(1), large, payloadFor(3)};
    for (const QByteArray &payload : payloads) {
        const auto added = m_redis.command({"XADD", stream, "*", "payload", payload});
        QVERIFY(added.ok() && !added->isError());
    }

    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString path = directory.filePath(u"ingest.db"_s);
    const QString store = directory.filePath(u"messages"_s);
    QString error;
    const Reader reader(path);
    QVERIFY2(reader.migrate(&error), qPrintable(error));
    QStringList arguments = ingestArguments(m_redisText, stream, u"recovery-oversize"_s) +
                            QStringList{u"--max-payload-bytes"_s, u"1000"_s};
    if (toFiles)
        arguments << u"--sink"_s << QUrl::fromLocalFile(store).toString() << u"--db"_s
                  << u"sqlite://"_s + path;
    else
        arguments << u"--sink"_s << u"sqlite://"_s + path;
    const QString storedSql = toFiles
                                  ? u"SELECT count(*) FROM ingest_deliveries WHERE sink = 'file'"_s
                                  : u"SELECT count(*) FROM messages"_s;

    IngestRun run(m_binary, arguments);
    QVERIFY(run.start());
    QTRY_VERIFY2_WITH_TIMEOUT((reader.number(storedSql) == 2 &&
                               reader.number(u"SELECT count(*) FROM port_messages"_s) == 1 &&
                               pending(m_redis, stream, "porthole") == 0) ||
                                  !run.running(),
                              qPrintable(run.log()), stepTimeoutMs);
    QTRY_VERIFY2_WITH_TIMEOUT(run.lastProgress().has_value(), qPrintable(run.log()), stepTimeoutMs);
    QVERIFY2(run.terminate() == 0, qPrintable(run.log()));
    QVERIFY2(run.lastProgress()->deadLetters == 1 && run.lastProgress()->stored == 2,
             qPrintable(run.log()));

    QSqlQuery query(reader.db());
    QVERIFY(query.exec(u"SELECT status, error_message, message_data FROM port_messages"_s) &&
            query.next());
    QCOMPARE(query.value(0).toString(), u"dead_letter"_s);
    const QString reason = query.value(1).toString();
    QVERIFY2(reason.contains(u"5000 bytes"_s) && reason.contains(u"1000 bytes"_s),
             qPrintable(reason));
    const QJsonObject data = QJsonDocument::fromJson(query.value(2).toByteArray()).object();
    QCOMPARE(data.value(u"raw"_s).toString().toUtf8(), large);
    QVERIFY(!query.next());
    query.finish();

    if (toFiles) {
        const auto content = readBatchFile(store, 1);
        QVERIFY2(content.ok(), qPrintable(content.errorMessage()));
        const QList<BatchMessage> messages = content->messages();
        QCOMPARE(messages.size(), 2);
        QCOMPARE(messages.at(0).content, payloads.at(0));
        QCOMPARE(messages.at(1).content, payloads.at(2));
    } else {
        QCOMPARE(reader.number(u"SELECT count(*) FROM messages WHERE message_number = 2"_s), 0);
    }
}

// 7. Entries delivered but not acknowledged, then trimmed by the producer: reported as lost at
// source, and the pending list is empty afterwards.
void tst_IngestRecovery::entriesTrimmedAtSource()
{
    const QByteArray stream = key(u"trimmed"_s);
    const QString consumer = u"recovery-trimmed"_s;
    QVERIFY(m_redis.command({"XGROUP", "CREATE", stream, "porthole", "0", "MKSTREAM"}).ok());
    QHash<qint64, QByteArray> ids;
    // Five delivered to the worker's own consumer (as if it died right after the fetch), three
    // to another consumer that died.
    addToStream(m_redis, stream, 1, 5, ids);
    if (QTest::currentTestFailed())
        return;
    auto read = m_redis.command(
        {"XREADGROUP", "GROUP", "porthole", consumer.toUtf8(), "STREAMS", stream, ">"});
    QVERIFY(read.ok() && !read->isError());
    addToStream(m_redis, stream, 6, 3, ids);
    if (QTest::currentTestFailed())
        return;
    read = m_redis.command({"XREADGROUP", "GROUP", "porthole", "ghost", "STREAMS", stream, ">"});
    QVERIFY(read.ok() && !read->isError());
    QCOMPARE(pending(m_redis, stream, "porthole"), 8);
    const auto trimmed = m_redis.command({"XTRIM", stream, "MAXLEN", "0"});
    QVERIFY(trimmed.ok());
    QCOMPARE(trimmed->integer, 8);
    // Two more after the trim, which are stored as usual.
    ids.clear();
    addToStream(m_redis, stream, 1, 2, ids);
    if (QTest::currentTestFailed())
        return;

    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString path = directory.filePath(u"ingest.db"_s);
    QString error;
    const Reader reader(path);
    QVERIFY2(reader.migrate(&error), qPrintable(error));

    IngestRun run(m_binary,
                  ingestArguments(m_redisText, stream, consumer) +
                      QStringList{u"--sink"_s, u"sqlite://"_s + path, u"--claim-idle-ms"_s,
                                  u"100"_s, u"--block-ms"_s, u"200"_s});
    QVERIFY(run.start());
    QTRY_VERIFY2_WITH_TIMEOUT(
        run.progressSince(0, [](const Progress &p) { return p.lostAtSource == 8; }) ||
            !run.running(),
        qPrintable(run.log()), stepTimeoutMs);
    QTRY_VERIFY2_WITH_TIMEOUT(reader.number(u"SELECT count(*) FROM messages"_s) == 2 ||
                                  !run.running(),
                              qPrintable(run.log()), stepTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(pending(m_redis, stream, "porthole"), 0, stepTimeoutMs);
    QVERIFY2(run.terminate() == 0, qPrintable(run.log()));
    const auto summary = run.lastProgress();
    QVERIFY2(summary && summary->state == u"stopped"_s && summary->lostAtSource == 8 &&
                 summary->stored == 2,
             qPrintable(run.log()));
    QVERIFY2(run.lines().constLast().endsWith(u", 8 lost at source"_s), qPrintable(run.log()));
    verifyMessages(reader, 2, stream, ids);
}

// 8. List mode (a reliable queue) killed with SIGKILL: every element stored exactly once.
void tst_IngestRecovery::listSurvivesKills()
{
    const qint64 total = sizeFromEnvironment("PORTHOLE_RECOVERY_LIST_MESSAGES", 50000);
    const int kills = int(sizeFromEnvironment("PORTHOLE_RECOVERY_LIST_KILLS", 4));
    const QByteArray list = key(u"list-kills"_s);
    const QString consumer = u"recovery-list"_s;
    key(u"list-kills:processing:"_s + consumer);
    pushToList(list, total);
    if (QTest::currentTestFailed())
        return;

    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString path = directory.filePath(u"ingest.db"_s);
    QString error;
    const Reader reader(path);
    QVERIFY2(reader.migrate(&error), qPrintable(error));

    const QStringList arguments =
        ingestArguments(m_redisText, list, consumer) +
        QStringList{u"--mode"_s, u"list"_s, u"--sink"_s, u"sqlite://"_s + path};
    const QByteArray processing = list + ":processing:" + consumer.toUtf8();
    killAndDrain(arguments, kills, total,
                 {[&reader] { return reader.number(u"SELECT count(*) FROM messages"_s); },
                  [this, &list, &processing, total] {
                      // Off the list and no longer in the processing list (beside its marker).
                      const auto lengths = m_redis.pipeline({{"LLEN", list}, {"LLEN", processing}});
                      if (!lengths)
                          return qint64(-1);
                      return total - lengths->at(0).integer -
                             std::max<qint64>(0, lengths->at(1).integer - 1);
                  }});
    if (QTest::currentTestFailed())
        return;

    verifyMessages(reader, total, {}, {});
    const auto left = m_redis.pipeline({{"LLEN", list}, {"EXISTS", processing}});
    QVERIFY(left.ok());
    QCOMPARE(left->at(0).integer, 0);
    QCOMPARE(left->at(1).integer, 0);
}

// 9. The first start on a new database killed while it creates the schema: the next start
// creates it (it found a half-made schema "too old" and gave up), then stores everything.
void tst_IngestRecovery::killedWhileCreatingTheSchema()
{
    const QByteArray stream = key(u"schema-kill"_s);
    QHash<qint64, QByteArray> ids;
    addToStream(m_redis, stream, 1, 100, ids);
    if (QTest::currentTestFailed())
        return;
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString path = directory.filePath(u"new.db"_s);
    const QStringList arguments = ingestArguments(m_redisText, stream, u"schema-kill"_s) +
                                  QStringList{u"--sink"_s, u"sqlite://"_s + path};

    IngestRun killed(m_binary, arguments);
    killed.setFaultPoint(u"migration-applied:5"_s); // in the middle of the migrations
    QVERIFY(killed.start());
    QVERIFY2(killed.waitForCrash(), qPrintable(killed.howItEnded() + u'\n' + killed.log()));
    const Reader reader(path);
    // The whole run is one transaction: nothing of it is there, not even schema_version.
    QCOMPARE(reader.number(u"SELECT count(*) FROM sqlite_master"_s), 0);

    IngestRun again(m_binary, arguments);
    QVERIFY(again.start());
    const auto stored = [&reader] {
        return reader.number(u"SELECT count(*) FROM sqlite_master WHERE name = 'messages'"_s) == 1
                   ? reader.number(u"SELECT count(*) FROM messages"_s)
                   : 0;
    };
    QTRY_VERIFY2_WITH_TIMEOUT(stored() == 100 || !again.running(), qPrintable(again.log()),
                              stepTimeoutMs);
    QVERIFY2(again.terminate() == 0, qPrintable(again.log()));
    QCOMPARE(reader.number(u"SELECT max(version) FROM schema_version"_s),
             qint64(MigrationRunner::builtin(DatabaseUrl::Engine::SQLite)->size()));
    verifyMessages(reader, 100, stream, ids);
}

// 10. The machine's clock steps forward and back while the worker runs (libfaketime, its
// offset changed through a file while the worker reads it; the monotonic clock keeps going, as
// under a real clock step): every entry stored once, nothing pending, no reconnection.
void tst_IngestRecovery::clockJumpsDuringIngest()
{
    const QString library = u"/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1"_s;
    QVERIFY2(QFile::exists(library), "libfaketime is not installed (package faketime)");
    const QByteArray stream = key(u"clock-jumps"_s);
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString path = directory.filePath(u"clock.db"_s);
    const QString offsetFile = directory.filePath(u"faketime"_s);
    const auto setOffset = [&offsetFile](const QByteArray &offset) {
        QFile file(offsetFile);
        return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
               file.write(offset + "\n") == offset.size() + 1;
    };
    QVERIFY(setOffset("+0"));
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"LD_PRELOAD"_s, library);
    environment.insert(u"FAKETIME_TIMESTAMP_FILE"_s, offsetFile);
    environment.insert(u"FAKETIME_NO_CACHE"_s, u"1"_s);
    environment.insert(u"DONT_FAKE_MONOTONIC"_s, u"1"_s);

    const Reader reader(path);
    QString error;
    QVERIFY2(reader.migrate(&error), qPrintable(error));
    const auto stored = [&reader] {
        return reader.number(u"SELECT count(*) FROM messages"_s);
    };
    IngestRun run(m_binary,
                  ingestArguments(m_redisText, stream, u"clock-jumps"_s) +
                      QStringList{u"--sink"_s, u"sqlite://"_s + path, u"--count"_s, u"100"_s},
                  environment);
    QVERIFY(run.start());

    // An offset a step: a day back, a year ahead, a year back, and the true time again.
    const QList<QByteArray> offsets{"+0", "-1d", "+365d", "-365d", "+0"};
    constexpr qint64 perStep = 400;
    QHash<qint64, QByteArray> ids;
    for (qsizetype step = 0; step < offsets.size(); ++step) {
        QVERIFY(setOffset(offsets.at(step)));
        addToStream(m_redis, stream, step * perStep + 1, perStep, ids);
        if (QTest::currentTestFailed())
            return;
        QTRY_VERIFY2_WITH_TIMEOUT(stored() == (step + 1) * perStep || !run.running(),
                                  qPrintable(run.log()), stepTimeoutMs);
        QVERIFY2(run.running(), qPrintable(run.log()));
    }
    const qint64 total = offsets.size() * perStep;
    QTRY_VERIFY2_WITH_TIMEOUT(run.lastProgress() && run.lastProgress()->pending == 0,
                              qPrintable(run.log()), stepTimeoutMs);
    QVERIFY2(run.terminate() == 0, qPrintable(run.log()));
    const QString log = run.lines().join(u'\n');
    QVERIFY2(!log.contains(u"reconnecting"_s) && !log.contains(u"waiting for the store"_s),
             qPrintable(log));
    verifyMessages(reader, total, stream, ids);
    // The jumps reached the worker: its receive times span the two years.
    QVERIFY(reader.number(u"SELECT CAST(julianday(max(timestamp)) - julianday(min(timestamp)) "
                          "AS INTEGER) FROM messages"_s) >= 2 * 365 - 2);
}

QTEST_GUILESS_MAIN(tst_IngestRecovery)
#include "tst_ingestrecovery.moc"
