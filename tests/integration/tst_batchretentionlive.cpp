#include "batchintegrity.h"
#include "batchline.h"
#include "commandrun.h"
#include "ingestrun.h"
#include "redisclient.h"
#include "testservers.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>
#include <QUuid>

#include <fcntl.h>
#include <sys/stat.h>

using namespace Qt::StringLiterals;
using namespace porthole;
using porthole::test::IngestRun;

namespace {

constexpr int liveStepTimeoutMs = 60000;

QByteArray livePayload(qint64 n)
{
    return "Message #" + QByteArray::number(n) + ": retention check";
}

// Sets every batch file of the folder back `days` days, as if written then.
bool ageBatchFiles(const QString &folder, int days)
{
    const qint64 at = QDateTime::currentSecsSinceEpoch() - qint64(days) * 24 * 3600;
    const timespec times[2] = {{at, 0}, {at, 0}};
    for (const QString &name : QDir(folder).entryList({u"messages_batch_*.txt"_s}, QDir::Files)) {
        if (::utimensat(AT_FDCWD, QFile::encodeName(folder + u'/' + name).constData(), times,
                        AT_SYMLINK_NOFOLLOW) != 0)
            return false;
    }
    return true;
}

// The message numbers in the batch files of a folder, each with how often.
void countLiveNumbers(const QString &folder, QHash<qint64, int> &found)
{
    static const QRegularExpression line(u"^\\[[^\\]]*\\] Message #(\\d+): (.*)\\n$"_s);
    for (const QString &name : QDir(folder).entryList({u"messages_batch_*.txt"_s}, QDir::Files)) {
        QFile file(folder + u'/' + name);
        if (!file.open(QIODevice::ReadOnly))
            continue;
        while (!file.atEnd()) {
            const auto match = line.match(QString::fromUtf8(file.readLine()));
            const qint64 n = match.hasMatch() ? match.captured(1).toLongLong() : -1;
            if (n >= 0 && match.captured(2).toUtf8() == livePayload(n))
                ++found[n];
            else
                ++found[-1]; // a line that is not one the test sent
        }
    }
}

// The numbers in the archives of a folder, unpacked with tar into `into`.
bool countArchivedNumbers(const QString &archives, const QString &into, QHash<qint64, int> &found)
{
    for (const QString &name : QDir(archives).entryList({u"*.tar.gz"_s}, QDir::Files)) {
        const QString unpacked = into + u'/' + name;
        QProcess tar;
        if (!QDir().mkpath(unpacked))
            return false;
        tar.start(u"tar"_s, {u"--extract"_s, u"--gzip"_s, u"--file"_s, archives + u'/' + name,
                             u"--directory"_s, unpacked});
        if (!tar.waitForFinished(liveStepTimeoutMs) || tar.exitCode() != 0)
            return false;
        countLiveNumbers(unpacked, found);
    }
    return true;
}

} // namespace

// Retention of a batch store that `porthole ingest` is writing: the worker killed between a
// commit and its acknowledgement, the file holding part of that group archived and deleted,
// the worker started again (Redis delivers the group again), and a second retention run while
// it writes. Every message sent is then in the store or in an archive, exactly once.
class tst_BatchRetentionLive : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void nothingLostNothingTwice();

private:
    void addEntries(qint64 first, qint64 count);
    QSet<qint64> pendingNumbers();
    qint64 acknowledgedCount();
    test::CommandRun retain(const QString &archives);

    QString m_binary;
    QString m_redisText;
    RedisClient m_redis;
    QByteArray m_stream;
    QString m_folder;
    QHash<QByteArray, qint64> m_numbers; // entry id -> message number
};

void tst_BatchRetentionLive::initTestCase()
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

void tst_BatchRetentionLive::cleanup()
{
    if (!m_stream.isEmpty() && m_redis.isConnected())
        QVERIFY(m_redis.command({"DEL", m_stream}).ok());
}

void tst_BatchRetentionLive::addEntries(qint64 first, qint64 count)
{
    QList<QList<QByteArray>> commands;
    for (qint64 n = first; n < first + count; ++n)
        commands.append({"XADD", m_stream, "*", "payload", livePayload(n)});
    const auto replies = m_redis.pipeline(commands);
    QVERIFY2(replies.ok(), qPrintable(replies.errorMessage()));
    for (qint64 n = first; n < first + count; ++n)
        m_numbers.insert(replies->at(n - first).text, n);
}

QSet<qint64> tst_BatchRetentionLive::pendingNumbers()
{
    QSet<qint64> numbers;
    const auto pending = m_redis.command({"XPENDING", m_stream, "porthole", "-", "+", "100000"});
    if (pending && pending->type == RedisReply::Type::Array) {
        for (const RedisReply &entry : pending->elements)
            numbers.insert(m_numbers.value(entry.elements.value(0).text, -1));
    }
    return numbers;
}

qint64 tst_BatchRetentionLive::acknowledgedCount()
{
    const auto groups = m_redis.command({"XINFO", "GROUPS", m_stream});
    if (!groups || groups->type != RedisReply::Type::Array || groups->elements.isEmpty())
        return -1;
    const RedisReply &group = groups->elements.constFirst();
    qint64 read = -1;
    for (qsizetype i = 0; i + 1 < group.elements.size(); i += 2) {
        if (group.elements.at(i).text == "entries-read")
            read = group.elements.at(i + 1).integer;
    }
    return read < 0 ? -1 : read - pendingNumbers().size();
}

test::CommandRun tst_BatchRetentionLive::retain(const QString &archives)
{
    return test::runPorthole({u"retention"_s, u"--files"_s, m_folder, u"--keep"_s, u"files=30d"_s,
                              u"--archive"_s, archives},
                             liveStepTimeoutMs);
}

void tst_BatchRetentionLive::nothingLostNothingTwice()
{
    constexpr qint64 first = 600;  // in the stream before the worker starts
    constexpr qint64 second = 900; // added while the second run of retention goes on
    m_stream = "tst_batchretentionlive:" + QUuid::createUuid().toByteArray(QUuid::Id128);
    addEntries(1, first);
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    m_folder = directory.filePath(u"messages"_s);
    const QString archives = directory.filePath(u"archives"_s);
    QVERIFY(QDir().mkpath(archives));
    const QStringList arguments{
        u"--redis"_s,    m_redisText,
        u"--key"_s,      QString::fromLatin1(m_stream),
        u"--group"_s,    u"porthole"_s,
        u"--consumer"_s, u"retention"_s,
        u"--count"_s,    u"20"_s,
        u"--block-ms"_s, u"100"_s,
        u"--sink"_s,     QUrl::fromLocalFile(m_folder).toString(),
        u"--db"_s,       u"sqlite://"_s + directory.filePath(u"ingest.db"_s)};

    // Killed after its 6th group was written and before it was acknowledged.
    {
        IngestRun killed(m_binary, arguments);
        killed.setFaultPoint(u"ingest-stored:6"_s);
        QVERIFY(killed.start());
        QVERIFY2(killed.waitForCrash(), qPrintable(killed.howItEnded() + u'\n' + killed.log()));
    }
    const QSet<qint64> redelivered = pendingNumbers();
    QVERIFY2(!redelivered.isEmpty(), "the killed worker left nothing pending");

    // The first run takes every file but the newest, part of that group among them.
    QVERIFY(ageBatchFiles(m_folder, 40));
    const test::CommandRun firstRun = retain(archives);
    QVERIFY2(firstRun.exitCode == 0, QByteArray(firstRun.out + firstRun.err).constData());
    QVERIFY2(firstRun.out.contains("Archived in "), firstRun.out.constData());
    QHash<qint64, int> archived;
    QVERIFY(countArchivedNumbers(archives, directory.filePath(u"unpacked-1"_s), archived));
    qint64 redeliveredFromDeleted = 0;
    for (const qint64 n : redelivered)
        redeliveredFromDeleted += archived.contains(n) ? 1 : 0;
    QVERIFY2(redeliveredFromDeleted > 0,
             "no entry Redis delivers again was in a file retention removed");

    // Started again: the group comes again and is found stored, and the rest is written.
    IngestRun worker(m_binary, arguments);
    QVERIFY(worker.start());
    QTRY_VERIFY2_WITH_TIMEOUT(acknowledgedCount() == first || !worker.running(),
                              qPrintable(worker.log()), liveStepTimeoutMs);
    // A second run while the worker writes what comes next.
    QVERIFY(ageBatchFiles(m_folder, 40));
    QProcess secondRun;
    secondRun.start(m_binary, {u"retention"_s, u"--files"_s, m_folder, u"--archive"_s, archives});
    for (qint64 at = first + 1; at <= first + second; at += 100)
        addEntries(at, 100);
    QVERIFY(secondRun.waitForFinished(liveStepTimeoutMs));
    QVERIFY2(secondRun.exitCode() == 0, secondRun.readAllStandardError().constData());
    QVERIFY2(secondRun.readAllStandardOutput().contains(" batch files ("), "nothing deleted");
    QTRY_VERIFY2_WITH_TIMEOUT(acknowledgedCount() == first + second || !worker.running(),
                              qPrintable(worker.log()), liveStepTimeoutMs);
    QCOMPARE(worker.terminate(), 0);
    const auto progress = worker.lastProgress();
    QVERIFY(progress);
    QVERIFY2(progress->duplicates >= redeliveredFromDeleted, qPrintable(worker.log()));

    // Every message once, in the store or in an archive; the store itself undamaged.
    QHash<qint64, int> found;
    countLiveNumbers(m_folder, found);
    QVERIFY(countArchivedNumbers(archives, directory.filePath(u"unpacked-2"_s), found));
    QCOMPARE(found.value(-1), 0);
    for (qint64 n = 1; n <= first + second; ++n)
        QVERIFY2(found.value(n) == 1,
                 qPrintable(u"message %1 is stored %2 times"_s.arg(n).arg(found.value(n))));
    auto report = checkBatchStore(m_folder);
    QVERIFY(report.ok());
    QCOMPARE(report->count(BatchFinding::Kind::MissingBatch), 0);
    QCOMPARE(report->count(BatchFinding::Kind::NumberGap), 0);
    QCOMPARE(report->count(BatchFinding::Kind::DuplicateNumber), 0);
}

QTEST_GUILESS_MAIN(tst_BatchRetentionLive)
#include "tst_batchretentionlive.moc"
