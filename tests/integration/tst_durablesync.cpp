#include "batchfilereader.h"
#include "batchline.h"
#include "ingestrun.h"
#include "redisclient.h"
#include "testservers.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>
#include <QUuid>

#include <algorithm>
#include <functional>

using namespace Qt::StringLiterals;
using namespace porthole;
using porthole::test::IngestRun;

namespace {

constexpr int total = 500;
constexpr int stepTimeoutMs = 60000;

QByteArray payloadFor(qint64 n)
{
    return "Message #" + QByteArray::number(n) + ": durable " + QByteArray::number(n * 7919);
}

// What the log of tests/support/syncshim.cpp says about one run.
struct SyncLog
{
    int groups = 0;                      // XACK commands sent
    int dataSyncs = 0;                   // successful syncs of the files that hold the messages
    int folderSyncs = 0;                 // successful syncs of the store's folder, syncfs too
    int injected = 0;                    // syncs failed on purpose
    QStringList violations;              // acknowledgements of data that was not durable yet
    QHash<QByteArray, int> acknowledged; // entry id: how often acknowledged
};

// Reads the log. `isData` says which files hold the messages; `folder`, when given, is the
// folder whose sync makes a new file's name durable, and the files' writes carry their message
// numbers in order (batch lines); `numbers` gives each entry id's message number. The worker
// hands the store the next group before it acknowledges one, so the next group's writes and
// syncs may come before an XACK, and, the store thread going on while the XACK is sent, the
// write of the group after that before the next XACK: the store runs at most one group ahead.
// So at each XACK:
// - a data file written before the last successful sync of data, and not synced since (by a
//   sync of its own or of the file system), held data of an acknowledged group: a violation;
// - data not synced yet while no successful sync of data is left for this group: each XACK
//   takes one of the syncs since the XACK before, plus at most one left over from before it
//   (the sync of a group that ran ahead): a violation;
// - with numbered writes, a write not synced yet that holds a message of this XACK or an
//   earlier one: a violation;
// - a data file made before the last successful sync of data, its folder not synced since,
//   made by a write of an acknowledged message (or of none the log names): a violation. A file
//   the next group made, and synced already, is not one.
SyncLog readSyncLog(const QString &path, const std::function<bool(const QString &)> &isData,
                    const QString &folder, const QHash<QByteArray, qint64> &numbers)
{
    SyncLog log;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        log.violations << u"no log at %1"_s.arg(path);
        return log;
    }
    QHash<QString, int> dirty;        // written since their last successful sync: the first line
    QHash<QString, qint64> dirtyFrom; // ... the lowest message number those writes start with
    QHash<QString, int> unnamed;      // new since the last folder sync: the line they were made
    QSet<QString> seen;               // every data file written so far
    QHash<QString, qint64> madeWith;  // data file: the first message of the write that made it
    QSet<qint64> acknowledgedNumbers;
    int lastDataSync = 0;   // the line of the last successful sync of data
    int syncsLeft = 0;      // successful syncs of data not yet taken by an XACK (see above)
    QString failed;         // the file of an injected failure, until its group's XACK
    int failedAt = 0;       // ... its line
    bool rewritten = false; // ... written again since
    bool resynced = false;  // ... synced since
    static const QRegularExpression id(u"^\\d+-\\d+$"_s);
    int line = 0;
    while (!file.atEnd()) {
        ++line;
        const QString text = QString::fromUtf8(file.readLine()).trimmed();
        const QStringList words = text.split(u' ');
        if (words.size() < 3)
            continue;
        const QString &event = words.at(0);
        if (event == u"write"_s) {
            if (words.size() < 4)
                continue;
            const QString written = words.mid(3).join(u' ');
            if (!isData(written))
                continue;
            dirty.insert(written, dirty.value(written, line));
            bool numbered = false;
            const qint64 from = words.at(2).toLongLong(&numbered);
            if (numbered && !folder.isEmpty())
                dirtyFrom.insert(written, std::min(from, dirtyFrom.value(written, from)));
            if (!seen.contains(written)) {
                seen.insert(written);
                unnamed.insert(written, line);
                bool isNumber = false;
                const qint64 first = words.at(2).toLongLong(&isNumber);
                madeWith.insert(written, isNumber ? first : -1);
            }
            if (written == failed)
                rewritten = true;
        } else if (event == u"fsync"_s || event == u"fdatasync"_s || event == u"syncfs"_s) {
            if (words.size() < 4)
                continue;
            const QString synced = words.mid(3).join(u' ');
            if (words.at(2) == u"EIO-injected"_s) {
                ++log.injected;
                failed = synced;
                failedAt = line;
                rewritten = resynced = false;
                continue;
            }
            if (words.at(2) != u"0"_s)
                continue;
            if (synced == failed)
                resynced = true;
            if (event == u"syncfs"_s) { // the whole file system: every file, every folder
                ++log.dataSyncs;
                ++log.folderSyncs;
                dirty.clear();
                dirtyFrom.clear();
                unnamed.clear();
                lastDataSync = line;
                ++syncsLeft;
                if (isData(failed))
                    resynced = true;
            } else if (isData(synced)) {
                ++log.dataSyncs;
                dirty.remove(synced);
                dirtyFrom.remove(synced);
                lastDataSync = line;
                ++syncsLeft;
            } else if (!folder.isEmpty() && synced == folder) {
                ++log.folderSyncs;
                unnamed.clear();
            }
        } else if (event == u"xack"_s) {
            ++log.groups;
            const QStringList arguments = words.mid(2);
            qint64 highest = -1; // the highest message number of this XACK
            for (const QString &word : arguments) {
                if (id.match(word).hasMatch()) {
                    const qint64 number = numbers.value(word.toLatin1(), -1);
                    acknowledgedNumbers.insert(number);
                    highest = std::max(highest, number);
                }
            }
            QStringList unsynced;
            for (auto it = dirty.cbegin(); it != dirty.cend(); ++it) {
                const auto from = dirtyFrom.constFind(it.key());
                if (it.value() < lastDataSync || syncsLeft == 0 ||
                    (from != dirtyFrom.cend() && *from <= highest))
                    unsynced << it.key();
            }
            if (!unsynced.isEmpty())
                log.violations << u"line %1: acknowledged while %2 held data not synced"_s.arg(line)
                                      .arg(unsynced.join(u", "_s));
            QStringList unnamedBefore;
            for (auto it = unnamed.cbegin(); it != unnamed.cend(); ++it) {
                const qint64 first = madeWith.value(it.key(), -1);
                if (it.value() < lastDataSync && (first < 0 || acknowledgedNumbers.contains(first)))
                    unnamedBefore << it.key();
            }
            if (!folder.isEmpty() && !unnamedBefore.isEmpty())
                log.violations
                    << u"line %1: acknowledged before the folder was synced after %2 was made"_s
                           .arg(line)
                           .arg(unnamedBefore.join(u", "_s));
            syncsLeft = std::min(std::max(syncsLeft - 1, 0), 1);
            // The group of a failed sync, acknowledged after a sync of data that succeeded
            // (an XACK before it is of a group synced earlier): written again (a data file)
            // and synced again.
            if (!failed.isEmpty() && lastDataSync > failedAt) {
                if (!resynced || (isData(failed) && !rewritten))
                    log.violations << u"line %1: acknowledged after the failed sync of %2 "
                                      "without writing it again and syncing it"_s.arg(line)
                                          .arg(failed);
                failed.clear();
            }
            for (const QString &word : arguments) {
                if (id.match(word).hasMatch())
                    ++log.acknowledged[word.toLatin1()];
            }
        }
    }
    return log;
}

} // namespace

// Durability seen from outside: `porthole ingest` runs with the preload library
// tests/support/syncshim.cpp, which logs, in order, every write and sync of the store's files
// and every XACK the worker sends. A SIGKILL keeps the page cache, so no kill test can see a
// missing fsync; this log does. Each group must be synced (file data, and the folder for a
// new batch file) before its XACK; a sync that fails (injected) must leave its group
// unacknowledged until it has been written again and synced, and then acknowledged once.
class tst_DurableSync : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void syncedBeforeAcknowledged_data();
    void syncedBeforeAcknowledged();

private:
    RedisUrl m_url;
    RedisClient m_redis;
    QList<QByteArray> m_keys;
};

void tst_DurableSync::initTestCase()
{
    QVERIFY2(!qEnvironmentVariable("PORTHOLE_BINARY").isEmpty(),
             "PORTHOLE_BINARY names the porthole executable (ctest sets it)");
    QVERIFY2(QFile::exists(QStringLiteral(PORTHOLE_SYNCSHIM)),
             "the preload library " PORTHOLE_SYNCSHIM " is not built");
    const auto url = test::fixtureRedis();
    QVERIFY2(url.ok(), qPrintable(url.errorMessage()));
    m_url = *url;
    QVERIFY2(m_url.password().isEmpty(), "the test passes the URL on the command line");
    const auto connected = m_redis.connect(m_url);
    QVERIFY2(connected.ok(), qPrintable(connected.errorMessage()));
}

void tst_DurableSync::cleanup()
{
    if (!m_keys.isEmpty() && m_redis.isConnected())
        QVERIFY(m_redis.command(QList<QByteArray>{"DEL"} + m_keys).ok());
    m_keys.clear();
}

void tst_DurableSync::syncedBeforeAcknowledged_data()
{
    QTest::addColumn<bool>("files");    // the batch-file sink; otherwise SQLite
    QTest::addColumn<QString>("fail");  // PORTHOLE_SYNCSHIM_FAIL, or none
    QTest::addColumn<QString>("count"); // deliveries a group
    // A group of 50 fills five batch files, which one syncfs() makes durable, names and all; a
    // group of 10 fills one, which its fdatasync() and an fsync of the folder do: the second
    // such file synced after the first acknowledgement fails, or the first folder. SQLite syncs
    // its WAL with fdatasync on Linux; "sync" names either call.
    QTest::newRow("batch files") << true << QString() << u"50"_s;
    QTest::newRow("batch files, one file a group") << true << QString() << u"10"_s;
    QTest::newRow("batch files, a failed syncfs") << true << u"syncfs:store:1"_s << u"50"_s;
    QTest::newRow("batch files, a failed fdatasync")
        << true << u"fdatasync:messages_batch_:2"_s << u"10"_s;
    QTest::newRow("batch files, a failed folder fsync") << true << u"fsync:store:1"_s << u"10"_s;
    QTest::newRow("sqlite") << false << QString() << u"50"_s;
    QTest::newRow("sqlite, a failed sync of the WAL") << false << u"sync:-wal:1"_s << u"50"_s;
}

void tst_DurableSync::syncedBeforeAcknowledged()
{
    QFETCH(bool, files);
    QFETCH(QString, fail);
    QFETCH(QString, count);

    const QByteArray stream =
        "tst_durablesync:" + QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
    m_keys.append(stream);
    QList<QList<QByteArray>> commands;
    for (qint64 n = 1; n <= total; ++n)
        commands.append({"XADD", stream, "*", "payload", payloadFor(n)});
    const auto added = m_redis.pipeline(commands);
    QVERIFY2(added.ok(), qPrintable(added.errorMessage()));
    QSet<QByteArray> ids;
    QHash<QByteArray, qint64> numbers; // entry id: its message number
    for (const RedisReply &reply : *added) {
        ids.insert(reply.text);
        numbers.insert(reply.text, numbers.size() + 1);
    }

    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    // Canonical: the log names files as /proc/self/fd shows them.
    const QString root = QDir(directory.path()).canonicalPath();
    const QString store = root + u"/store"_s;
    QVERIFY(QDir().mkpath(store));
    const QString logPath = root + u"/sync.log"_s;
    QStringList arguments{u"--redis"_s,    m_url.toDisplayString(),
                          u"--key"_s,      QString::fromUtf8(stream),
                          u"--group"_s,    u"porthole"_s,
                          u"--consumer"_s, u"durable"_s,
                          u"--count"_s,    count};
    if (files)
        arguments << u"--sink"_s << QUrl::fromLocalFile(store).toString() << u"--db"_s
                  << u"sqlite://"_s + root + u"/bookkeeping.db"_s;
    else
        arguments << u"--sink"_s << u"sqlite://"_s + store + u"/ingest.db"_s;

    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(u"PORTHOLE_FAULT_POINT"_s);
    // After the sanitizer's runtime, which clang links into the program itself.
    const QString preload = environment.value(u"LD_PRELOAD"_s);
    environment.insert(u"LD_PRELOAD"_s, preload.isEmpty()
                                            ? QStringLiteral(PORTHOLE_SYNCSHIM)
                                            : preload + u':' + QStringLiteral(PORTHOLE_SYNCSHIM));
    environment.insert(u"PORTHOLE_SYNCSHIM_LOG"_s, logPath);
    environment.insert(u"PORTHOLE_SYNCSHIM_WATCH"_s, store);
    if (!fail.isEmpty())
        environment.insert(u"PORTHOLE_SYNCSHIM_FAIL"_s, fail);

    IngestRun run(QString::fromLocal8Bit(qgetenv("PORTHOLE_BINARY")), arguments, environment);
    QVERIFY(run.start());
    // Done when Redis says so: every entry read by the group, none still pending.
    const auto allAcknowledged = [this, &stream] {
        const auto groups = m_redis.command({"XINFO", "GROUPS", stream});
        if (!groups || groups->type != RedisReply::Type::Array || groups->elements.isEmpty())
            return false;
        QHash<QByteArray, qint64> fields;
        const QList<RedisReply> &group = groups->elements.constFirst().elements;
        for (qsizetype i = 0; i + 1 < group.size(); i += 2)
            fields.insert(group.at(i).text, group.at(i + 1).integer);
        return fields.value("entries-read") == total && fields.value("pending", -1) == 0;
    };
    QTRY_VERIFY2_WITH_TIMEOUT(allAcknowledged() || !run.running(), qPrintable(run.log()),
                              stepTimeoutMs);
    QVERIFY2(run.terminate() == 0, qPrintable(run.log()));

    const auto isData = [files](const QString &path) {
        return files ? path.contains(u"/messages_batch_"_s) : path.endsWith(u"-wal"_s);
    };
    const SyncLog log = readSyncLog(logPath, isData, files ? store : QString(), numbers);
    if (!log.violations.isEmpty()) {
        QFile logFile(logPath);
        QVERIFY(logFile.open(QIODevice::ReadOnly));
        QFAIL(qPrintable(log.violations.join(u'\n') + u"\nthe log:\n"_s +
                         QString::fromUtf8(logFile.read(16384))));
    }
    QVERIFY2(log.groups >= total / count.toInt(),
             qPrintable(u"%1 acknowledgements in the log"_s.arg(log.groups)));
    // Each at least once in its group; the folder with every new batch file.
    QVERIFY2(log.dataSyncs >= log.groups,
             qPrintable(u"%1 syncs for %2 groups"_s.arg(log.dataSyncs).arg(log.groups)));
    if (files)
        QVERIFY(log.folderSyncs >= log.groups);
    // Every entry acknowledged, once.
    QCOMPARE(qsizetype(log.acknowledged.size()), ids.size());
    for (auto it = log.acknowledged.cbegin(); it != log.acknowledged.cend(); ++it) {
        QVERIFY2(ids.contains(it.key()), it.key().constData());
        QVERIFY2(
            it.value() == 1,
            qPrintable(
                u"%1 acknowledged %2 times"_s.arg(QString::fromLatin1(it.key())).arg(it.value())));
    }
    if (!fail.isEmpty()) {
        QCOMPARE(log.injected, 1);
        // The failure reached the worker, which said so.
        static const QRegularExpression said(u"^ingest: .*(Input/output|I/O) error"_s);
        QVERIFY2(run.waitForLine(said).hasMatch(), qPrintable(run.log()));
    }

    // Stored once, byte for byte, in the order delivered: the batch files' lines in file order,
    // the table's rows in rowid order.
    QHash<qint64, QByteArray> stored;
    QList<qint64> order;
    if (files) {
        const QStringList names =
            QDir(store).entryList({u"messages_batch_*.txt"_s}, QDir::Files, QDir::Name);
        for (const QString &name : names) {
            QFile batch(store + u'/' + name);
            QVERIFY(batch.open(QIODevice::ReadOnly));
            const BatchFileContent content = parseBatchFileBytes(batch.readAll());
            QVERIFY2(content.endsWithLineEnd, qPrintable(name));
            for (const BatchFileLine &line : content.lines) {
                QVERIFY2(line.ok, qPrintable(name + u": "_s + line.problem));
                QVERIFY2(!stored.contains(line.message.number),
                         qPrintable(u"message %1 written twice"_s.arg(line.message.number)));
                stored.insert(line.message.number, line.message.content);
                order.append(line.message.number);
            }
        }
    } else {
        const QString name = u"durable-"_s + QUuid::createUuid().toString(QUuid::Id128);
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
            db.setDatabaseName(store + u"/ingest.db"_s);
            QVERIFY(db.open());
            QSqlQuery query(u"SELECT message_number, content FROM messages ORDER BY rowid"_s, db);
            while (query.next()) {
                const qint64 number = query.value(0).toLongLong();
                QVERIFY2(!stored.contains(number),
                         qPrintable(u"message %1 stored twice"_s.arg(number)));
                stored.insert(number, query.value(1).toString().toUtf8());
                order.append(number);
            }
        }
        QSqlDatabase::removeDatabase(name);
    }
    QCOMPARE(stored.size(), total);
    for (qint64 n = 1; n <= total; ++n)
        QCOMPARE(stored.value(n), payloadFor(n));
    const auto outOfOrder = std::adjacent_find(order.cbegin(), order.cend(), std::greater<>());
    if (outOfOrder != order.cend())
        QFAIL(qPrintable(u"message %1 stored before %2"_s.arg(*outOfOrder).arg(outOfOrder[1])));

    qInfo("%d groups acknowledged after %d syncs of their data and %d of the folder%s", log.groups,
          log.dataSyncs, log.folderSyncs,
          fail.isEmpty() ? "" : "; the failed sync's group written again and acknowledged once");
}

QTEST_GUILESS_MAIN(tst_DurableSync)
#include "tst_durablesync.moc"
