#include "ingestrun.h"
#include "redisclient.h"
#include "testservers.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>
#include <QUuid>

#include <csignal>
#include <cstdio>
#include <sys/stat.h>
#include <sys/types.h>

using namespace Qt::StringLiterals;
using namespace porthole;
using porthole::test::IngestRun;

namespace {

constexpr int stepTimeoutMs = 60000;

QByteArray payloadFor(qint64 n)
{
    return "Message #" + QByteArray::number(n) + ": removed-store check " +
           QByteArray::number((n * 2654435761LL) % 1000003);
}

// The entry ids of the group's entries that Redis counts as acknowledged: delivered to the
// group (up to its last-delivered-id) and no longer pending.
struct GroupState
{
    QByteArray lastDelivered;
    QSet<QByteArray> pending;
    qint64 entriesRead = -1;
};

// Compares two stream ids ("ms-seq") as Redis orders them.
bool idAtMost(const QByteArray &id, const QByteArray &bound)
{
    const auto split = [](const QByteArray &text) {
        const qsizetype dash = text.indexOf('-');
        return std::pair(text.left(dash).toULongLong(), text.mid(dash + 1).toULongLong());
    };
    return split(id) <= split(bound);
}

// Whether every thread of the process has stopped (state T in /proc/PID/task/*/stat). kill()
// returns before a thread inside a system call (a sync, a file being made) has taken the
// signal; it goes on until the call returns, so the store is read only once all have stopped.
bool allThreadsStopped(qint64 pid)
{
    const QDir tasks(u"/proc/%1/task"_s.arg(pid));
    const QStringList ids = tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    if (ids.isEmpty())
        return false;
    for (const QString &id : ids) {
        QFile stat(tasks.filePath(id + u"/stat"_s));
        if (!stat.open(QIODevice::ReadOnly))
            return false;
        // "tid (name) S ...": the state follows the name, which may hold spaces and ')'.
        const QByteArray text = stat.readAll();
        const qsizetype close = text.lastIndexOf(')');
        if (close < 0 || close + 2 >= text.size() || text.at(close + 2) != 'T')
            return false;
    }
    return true;
}

// Puts another file with the same bytes where `path` is: a copy renamed over it.
bool replaceWithCopy(const QString &path)
{
    const QString copy = path + u".copy"_s;
    QFile::remove(copy);
    return QFile::copy(path, copy) &&
           ::rename(QFile::encodeName(copy).constData(), QFile::encodeName(path).constData()) == 0;
}

// Removes or replaces the store as `how` says; false when it could not.
bool changeStore(const QString &how, const QString &database, const QString &folder)
{
    if (how == u"sqlite"_s) {
        for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s}) {
            if (!QFile::remove(database + suffix))
                return false;
        }
        return true;
    }
    if (how == u"sqlite copy"_s) // the database and its log, as a restore would put them
        return replaceWithCopy(database + u"-wal"_s) && replaceWithCopy(database);
    if (how == u"wal copy"_s) // SQLite's own check looks at the database file only
        return replaceWithCopy(database + u"-wal"_s);
    if (how == u"folder"_s)
        return QDir(folder).removeRecursively();
    if (how == u"new folder"_s) // mv store store.old; mkdir store
        return QDir().rename(folder, folder + u".old"_s) && QDir().mkdir(folder);
    if (how == u"folder copy"_s) { // mv store store.old; cp -a store.old store
        const QDir old(folder + u".old"_s);
        if (!QDir().rename(folder, old.path()) || !QDir().mkdir(folder))
            return false;
        for (const QString &name : old.entryList(QDir::Files | QDir::Hidden)) {
            if (!QFile::copy(old.filePath(name), folder + u'/' + name))
                return false;
        }
        return true;
    }
    const QStringList files =
        QDir(folder).entryList({u"messages_batch_*.txt"_s}, QDir::Files, QDir::Name);
    for (const QString &name : files) {
        if (!QFile::remove(folder + u'/' + name))
            return false;
    }
    return !files.isEmpty();
}

} // namespace

// "A sink checks that it still writes where it was opened": the store of a running
// `porthole ingest` removed under it (the SQLite file with its -wal and -shm, the batch-store
// folder, or the batch files alone) while entries flow. The worker is stopped (SIGSTOP) for
// the removal, so that what Redis counts as acknowledged at that moment is known exactly;
// afterwards every entry Redis did not count as acknowledged then is acknowledged and is in
// the store that exists at the path, exactly once. Without the check, the worker goes on
// committing into the removed files and acknowledges what nobody can find again.
class tst_StoreRemoved : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void removedUnderTheWorker_data();
    void removedUnderTheWorker();

private:
    void addToStream(const QByteArray &stream, qint64 first, qint64 count,
                     QHash<QByteArray, qint64> &numbers);
    GroupState groupState(const QByteArray &stream);
    qint64 acknowledged(const QByteArray &stream);
    // The message numbers the store holds, each with how often.
    QHash<qint64, int> storeContents(bool toFiles, const QString &database, const QString &folder);

    QString m_binary;
    QString m_redisText;
    RedisClient m_redis;
    QList<QByteArray> m_keys;
};

void tst_StoreRemoved::initTestCase()
{
    m_binary = qEnvironmentVariable("PORTHOLE_BINARY");
    QVERIFY2(!m_binary.isEmpty(), "PORTHOLE_BINARY names the porthole executable (ctest sets it)");
    const auto url = test::fixtureRedis();
    QVERIFY2(url.ok(), qPrintable(url.errorMessage()));
    QVERIFY2(url->password().isEmpty(), "the test passes the URL on the command line");
    m_redisText = url->toDisplayString();
    const auto connected = m_redis.connect(*url);
    QVERIFY2(connected.ok(), qPrintable(connected.errorMessage()));
}

void tst_StoreRemoved::cleanup()
{
    if (!m_keys.isEmpty() && m_redis.isConnected())
        QVERIFY(m_redis.command(QList<QByteArray>{"DEL"} + m_keys).ok());
    m_keys.clear();
}

void tst_StoreRemoved::addToStream(const QByteArray &stream, qint64 first, qint64 count,
                                   QHash<QByteArray, qint64> &numbers)
{
    QList<QList<QByteArray>> commands;
    for (qint64 n = first; n < first + count; ++n)
        commands.append({"XADD", stream, "*", "payload", payloadFor(n)});
    const auto replies = m_redis.pipeline(commands);
    QVERIFY2(replies.ok(), qPrintable(replies.errorMessage()));
    for (qint64 n = first; n < first + count; ++n) {
        const RedisReply &reply = replies->at(n - first);
        QVERIFY2(!reply.isError(), reply.text.constData());
        numbers.insert(reply.text, n);
    }
}

GroupState tst_StoreRemoved::groupState(const QByteArray &stream)
{
    GroupState state;
    const auto groups = m_redis.command({"XINFO", "GROUPS", stream});
    if (!groups || groups->type != RedisReply::Type::Array)
        return state;
    for (const RedisReply &group : groups->elements) {
        QHash<QByteArray, RedisReply> fields;
        for (qsizetype i = 0; i + 1 < group.elements.size(); i += 2)
            fields.insert(group.elements.at(i).text, group.elements.at(i + 1));
        if (fields.value("name").text != "porthole")
            continue;
        state.lastDelivered = fields.value("last-delivered-id").text;
        state.entriesRead = fields.value("entries-read").integer;
    }
    const auto pending = m_redis.command({"XPENDING", stream, "porthole", "-", "+", "100000"});
    if (pending && pending->type == RedisReply::Type::Array) {
        for (const RedisReply &entry : pending->elements)
            state.pending.insert(entry.elements.value(0).text);
    }
    return state;
}

qint64 tst_StoreRemoved::acknowledged(const QByteArray &stream)
{
    const GroupState state = groupState(stream);
    return state.entriesRead < 0 ? -1 : state.entriesRead - state.pending.size();
}

QHash<qint64, int> tst_StoreRemoved::storeContents(bool toFiles, const QString &database,
                                                   const QString &folder)
{
    QHash<qint64, int> found;
    if (toFiles) {
        static const QRegularExpression line(u"^\\[[^\\]]*\\] Message #(\\d+): "_s);
        const QStringList files =
            QDir(folder).entryList({u"messages_batch_*.txt"_s}, QDir::Files, QDir::Name);
        for (const QString &name : files) {
            QFile file(folder + u'/' + name);
            [&] {
                QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.errorString()));
            }();
            while (file.isOpen() && !file.atEnd()) {
                const QString text = QString::fromUtf8(file.readLine());
                const auto match = line.match(text);
                if (!match.hasMatch()) {
                    [&] {
                        QFAIL(qPrintable(name + u": "_s + text));
                    }();
                    return found;
                }
                const qint64 n = match.captured(1).toLongLong();
                [&] {
                    QCOMPARE(
                        text.section(u"] "_s, 1).chopped(1).toUtf8(),
                        QByteArray("Message #" + QByteArray::number(n) + ": " + payloadFor(n)));
                }();
                ++found[n];
            }
        }
        return found;
    }
    const QString name = u"check-"_s + QUuid::createUuid().toString(QUuid::Id128);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(database);
        db.setConnectOptions(u"QSQLITE_OPEN_READONLY"_s);
        QSqlQuery query(db);
        if (!db.open() || !query.exec(u"SELECT message_number, content FROM messages"_s)) {
            [&] {
                QFAIL(qPrintable(u"no store at %1: %2 %3"_s.arg(database, db.lastError().text(),
                                                                query.lastError().text())));
            }();
        }
        while (query.next()) {
            const qint64 n = query.value(0).toLongLong();
            [&] {
                QCOMPARE(query.value(1).toString().toUtf8(), payloadFor(n));
            }();
            ++found[n];
        }
    }
    QSqlDatabase::removeDatabase(name);
    return found;
}

void tst_StoreRemoved::removedUnderTheWorker_data()
{
    QTest::addColumn<QString>("removed");
    // Held inside a commit (storage/base/faultpoint.h's "ingest-commit", just before the SQLite
    // COMMIT and before the batch writer writes its lines) rather than wherever SIGSTOP lands:
    // the store changes between a check made before the commit and the commit itself, so a
    // check moved there, or the one after the batch writer's sync left out, loses messages.
    QTest::addColumn<bool>("insideACommit");
    const QList<std::pair<const char *, QString>> changes{
        {"sqlite database removed", u"sqlite"_s},
        {"sqlite database and -wal replaced by copies", u"sqlite copy"_s},
        {"sqlite -wal replaced by a copy", u"wal copy"_s},
        {"batch-store folder removed", u"folder"_s},
        {"batch-store folder replaced by a new one", u"new folder"_s},
        // Its files are there, with the same names and lines: only their identity differs.
        {"batch-store folder replaced by a copy", u"folder copy"_s},
        {"batch files removed", u"files"_s},
    };
    for (const bool inside : {false, true}) {
        for (const auto &[name, how] : changes)
            QTest::addRow("%s%s", inside ? "in a commit: " : "", name) << how << inside;
    }
}

void tst_StoreRemoved::removedUnderTheWorker()
{
    QFETCH(QString, removed);
    QFETCH(bool, insideACommit);
    constexpr qint64 before = 2000; // added before the removal
    constexpr qint64 during = 500;  // added while the worker is stopped, after the removal
    const QByteArray stream = "tst_storeremoved:" + QUuid::createUuid().toByteArray(QUuid::Id128);
    m_keys.append(stream);
    QHash<QByteArray, qint64> numbers; // entry id -> message number
    addToStream(stream, 1, before, numbers);

    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString database = directory.filePath(u"ingest.db"_s);
    const QString folder = directory.filePath(u"messages"_s);
    const bool toFiles = !removed.startsWith(u"sqlite"_s) && !removed.startsWith(u"wal"_s);
    // Into batch files, groups of 5: every other group only appends to a file it finds in
    // place, as a copy of the folder has it, so that only the files' identity tells them apart.
    const QString count = toFiles ? u"5"_s : u"20"_s;
    QStringList arguments{u"--redis"_s, m_redisText,   u"--key"_s,      QString::fromLatin1(stream),
                          u"--group"_s, u"porthole"_s, u"--consumer"_s, u"removed-store"_s,
                          u"--count"_s, count,         u"--block-ms"_s, u"100"_s};
    if (toFiles)
        arguments << u"--sink"_s << QUrl::fromLocalFile(folder).toString() << u"--db"_s
                  << u"sqlite://"_s + database;
    else
        arguments << u"--sink"_s << u"sqlite://"_s + database;

    // Held inside its eighth commit: 7 groups acknowledged before, most entries not yet read.
    const QString gate = directory.filePath(u"gate"_s);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    if (insideACommit) {
        QCOMPARE(::mkfifo(QFile::encodeName(gate).constData(), 0600), 0);
        environment.insert(u"PORTHOLE_PAUSE_POINT"_s, u"ingest-commit@8:"_s + gate);
    }
    IngestRun run(m_binary, arguments, environment);
    QVERIFY(run.start());
    if (insideACommit) {
        const QString arrived = gate + u'.' + QString::number(run.processId());
        QTRY_VERIFY2_WITH_TIMEOUT(QFile::exists(arrived) || !run.running(), qPrintable(run.log()),
                                  stepTimeoutMs);
        QVERIFY2(run.running(), qPrintable(run.log()));
    } else { // stopped while entries flow: some acknowledged, most not yet read
        QElapsedTimer waited;
        waited.start();
        while (acknowledged(stream) < 100 && run.running() && waited.elapsed() < stepTimeoutMs)
            QTest::qWait(2);
        QVERIFY2(run.running(), qPrintable(run.log()));
        QVERIFY(::kill(pid_t(run.processId()), SIGSTOP) == 0);
        QTRY_VERIFY_WITH_TIMEOUT(allThreadsStopped(run.processId()), stepTimeoutMs);
    }
    const GroupState atRemoval = groupState(stream);
    QVERIFY(!atRemoval.lastDelivered.isEmpty());
    QSet<qint64> acknowledgedBefore;
    for (auto it = numbers.cbegin(); it != numbers.cend(); ++it) {
        if (idAtMost(it.key(), atRemoval.lastDelivered) && !atRemoval.pending.contains(it.key()))
            acknowledgedBefore.insert(it.value());
    }
    QVERIFY2(acknowledgedBefore.size() < before,
             "the worker had acknowledged everything before it was stopped");
    // What the store held when it was removed goes with it, acknowledged or not yet: a group
    // stopped after its commit was found in place and before its acknowledgement, as a group
    // acknowledged a moment earlier. Everything else must be in the store opened anew.
    const QHash<qint64, int> inRemovedStore = storeContents(toFiles, database, folder);
    if (QTest::currentTestFailed())
        return;
    QSet<qint64> mayBeGone = acknowledgedBefore;
    for (auto it = inRemovedStore.cbegin(); it != inRemovedStore.cend(); ++it)
        mayBeGone.insert(it.key());

    QVERIFY2(changeStore(removed, database, folder), qPrintable(removed));
    addToStream(stream, before + 1, during, numbers);
    const qsizetype resumedAt = run.mark();
    if (insideACommit) {
        QFile opened(gate);
        QVERIFY(opened.open(QIODevice::WriteOnly | QIODevice::Unbuffered));
        QCOMPARE(opened.write("x", 1), qint64(1));
    } else {
        QVERIFY(::kill(pid_t(run.processId()), SIGCONT) == 0);
    }

    // Everything read and acknowledged.
    constexpr qint64 total = before + during;
    QTRY_VERIFY2_WITH_TIMEOUT(acknowledged(stream) == total || !run.running(),
                              qPrintable(run.log()), stepTimeoutMs);
    QVERIFY2(run.running(), qPrintable(run.log()));
    // Killed, as a crash would end it: what it acknowledged must be durable where the store
    // is, not in files it still held open (a log replaced under it loses what it had not yet
    // copied into the database once the process is gone).
    run.kill();
    // What the store at the path holds: message numbers, each as often as it is there.
    const QHash<qint64, int> found = storeContents(toFiles, database, folder);
    if (QTest::currentTestFailed())
        return;

    // Every entry acknowledged after the removal is in the store, once; nothing twice.
    QList<qint64> missing;
    for (qint64 n = 1; n <= total; ++n) {
        QVERIFY2(found.value(n) <= 1, qPrintable(u"message %1 is stored twice"_s.arg(n)));
        if (!mayBeGone.contains(n) && found.value(n) == 0)
            missing.append(n);
    }
    if (!missing.isEmpty()) // QtTest cuts a long message short
        qInfo("The worker's log:\n%s", qPrintable(run.log()));
    QStringList missingText;
    for (const qint64 n : std::as_const(missing).first(std::min<qsizetype>(missing.size(), 20)))
        missingText << QString::number(n);
    QVERIFY2(missing.isEmpty(),
             qPrintable(u"%1 of the %2 entries that were not in the store when it was removed "
                        "are not in the store now (%3; %4 were acknowledged before, %5 in the "
                        "removed store). The worker's log:\n%6"_s.arg(missing.size())
                            .arg(total - mayBeGone.size())
                            .arg(missingText.join(u", "_s))
                            .arg(acknowledgedBefore.size())
                            .arg(inRemovedStore.size())
                            .arg(run.log())));
    // Said so, naming the store: in its log, and on the progress line's error unless it was
    // over before the next one.
    const QString named = toFiles ? folder : database;
    QVERIFY2(run.waitForLine(QRegularExpression(u"^(porthole\\.)?ingest: The store "_s +
                                                QRegularExpression::escape(named) +
                                                u" was removed or replaced while Porthole "
                                                "was writing it"_s),
                             resumedAt)
                 .hasMatch(),
             qPrintable(run.log()));

    qInfo("%s removed after %lld of %lld entries were acknowledged (%lld more were in the removed "
          "store); the other %lld are in the store opened anew, once each",
          qPrintable(removed), static_cast<long long>(acknowledgedBefore.size()),
          static_cast<long long>(total),
          static_cast<long long>(mayBeGone.size() - acknowledgedBefore.size()),
          static_cast<long long>(total - mayBeGone.size()));
}

QTEST_GUILESS_MAIN(tst_StoreRemoved)
#include "tst_storeremoved.moc"
