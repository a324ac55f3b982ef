#include "batchfileindex.h"
#include "batchintegrity.h"
#include "batchteststore.h"

#include <QDateTime>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <sys/stat.h>

using namespace Qt::StringLiterals;
using namespace porthole;
using Files = QMap<QString, QByteArray>;

namespace {

// An hour before the test's messages: old enough for the index to trust the timestamps.
constexpr qint64 oldMtime = 1'795'251'600;

// Whether the folder's last change is old enough for the index to trust the folder's times.
bool folderSettled(const QString &directory)
{
    struct statx status = {};
    if (::statx(AT_FDCWD, QFile::encodeName(directory).constData(), 0, STATX_CTIME, &status) != 0)
        return false;
    const qint64 changedMs =
        qint64(status.stx_ctime.tv_sec) * 1000 + status.stx_ctime.tv_nsec / 1'000'000;
    return QDateTime::currentMSecsSinceEpoch() - changedMs > 2100;
}

} // namespace

// The listing of a batch store and the index that makes it fast.
class tst_BatchFileIndex : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void metadata();
    void ordersByNumberNotName();
    void listsOnlyBatchFiles();
    void datesAreTheFiles();
    void emptyAndMissingStores();
    void warmRefreshReadsNothing();
    void cacheFileServesANewIndex();
    void readsAgainWhatChanged_data();
    void readsAgainWhatChanged();
    void recentFilesAreReadAgain();
    void damagedCacheIsRebuilt_data();
    void damagedCacheIsRebuilt();
    void cacheOfAnotherFolderIsNotUsed();
    void readOnlyStoreIsListedWithoutCache();
    void cacheCanLiveElsewhere();
    void notificationsNameWhatChanged_data();
    void notificationsNameWhatChanged();
    void hardLinkedFilesAreAlwaysLookedAt();
    void replacedFolderIsListedAgain();
    void withoutNotificationsEveryFileIsStatted();
    void incrementalChangesReachTheCacheFile();
    void unreadableFileIsListedAndReadLater_data();
    void unreadableFileIsListedAndReadLater();
    void settledFolderIsNotListedAgain();

private:
    static void makeStore(const QString &directory, const Files &files);
    static QList<qint64> ids(const BatchFileIndex &index);
    static QList<BatchFileInfo> listWithoutCache(const QString &directory);
};

void tst_BatchFileIndex::makeStore(const QString &directory, const Files &files)
{
    for (auto it = files.cbegin(); it != files.cend(); ++it) {
        const QString path = directory + u'/' + it.key();
        QVERIFY(test::writeFile(path, it.value()));
        QVERIFY(test::setModified(path, oldMtime));
    }
}

QList<qint64> tst_BatchFileIndex::ids(const BatchFileIndex &index)
{
    QList<qint64> out;
    for (const BatchFileInfo &file : index.files())
        out.append(file.id);
    return out;
}

QList<BatchFileInfo> tst_BatchFileIndex::listWithoutCache(const QString &directory)
{
    BatchFileIndex index(directory);
    index.setCacheFile(QString());
    return index.refresh().ok() ? index.files() : QList<BatchFileInfo>{};
}

void tst_BatchFileIndex::metadata()
{
    QTemporaryDir temp;
    const QByteArray damaged = test::seedLines(11, 2) + "garbage\n\n" + test::seedLine(13) +
                               "[2026-11-21 10:00:14] Message #14: cut";
    makeStore(temp.path(), {{u"messages_batch_0001.txt"_s, test::seedLines(1, 10)},
                            {u"messages_batch_0002.txt"_s, damaged},
                            {u"messages_batch_0003.txt"_s, QByteArray()}});
    BatchFileIndex index(temp.path());
    const Status refreshed = index.refresh();
    QVERIFY2(refreshed.ok(), qPrintable(refreshed.errorMessage()));
    QCOMPARE(index.files().size(), 3);

    const BatchFileInfo &full = index.files().at(0);
    QCOMPARE(full.id, 1);
    QCOMPARE(full.fileName, u"messages_batch_0001.txt"_s);
    QCOMPARE(full.messageCount, 10);
    QCOMPARE(full.lineCount, 10);
    QCOMPARE(full.malformedLines, 0);
    QCOMPARE(full.fileSizeBytes, test::seedLines(1, 10).size());
    QCOMPARE(full.firstMessageNumber, std::optional<qint64>(1));
    QCOMPARE(full.lastMessageNumber, std::optional<qint64>(10));

    const BatchFileInfo &broken = index.files().at(1);
    QCOMPARE(broken.messageCount, 3);
    QCOMPARE(broken.lineCount, 6);
    QCOMPARE(broken.malformedLines, 3); // garbage, empty, cut off
    QCOMPARE(broken.fileSizeBytes, damaged.size());
    QCOMPARE(broken.firstMessageNumber, std::optional<qint64>(11));
    QCOMPARE(broken.lastMessageNumber, std::optional<qint64>(13));

    const BatchFileInfo &empty = index.files().at(2);
    QCOMPARE(empty.messageCount, 0);
    QCOMPARE(empty.fileSizeBytes, 0);
    QVERIFY(!empty.firstMessageNumber.has_value());
    QVERIFY(!empty.lastMessageNumber.has_value());

    QCOMPARE(index.file(2), std::optional<BatchFileInfo>(broken));
    QVERIFY(!index.file(4).has_value());
}

void tst_BatchFileIndex::ordersByNumberNotName()
{
    QTemporaryDir temp;
    makeStore(temp.path(), {{u"messages_batch_1000.txt"_s, test::seedLines(1, 10)},
                            {u"messages_batch_10000.txt"_s, test::seedLines(31, 3)},
                            {u"messages_batch_1001.txt"_s, test::seedLines(11, 10)},
                            {u"messages_batch_9999.txt"_s, test::seedLines(21, 10)},
                            {u"messages_batch_0002.txt"_s, test::seedLines(41, 10)}});
    BatchFileIndex index(temp.path());
    QVERIFY(index.refresh().ok());
    QCOMPARE(ids(index), (QList<qint64>{2, 1000, 1001, 9999, 10000}));
    QCOMPARE(index.files().constLast().fileName, u"messages_batch_10000.txt"_s);
}

void tst_BatchFileIndex::listsOnlyBatchFiles()
{
    QTemporaryDir temp;
    QTemporaryDir elsewhere;
    QVERIFY(test::writeFile(elsewhere.filePath(u"outside.txt"_s), test::seedLines(1, 3)));
    makeStore(temp.path(), {{u"messages_batch_0001.txt"_s, test::seedLines(1, 10)},
                            {u"notes.txt"_s, QByteArray("x")},
                            {u"messages_batch_42.txt"_s, test::seedLines(1, 1)},
                            {u"messages_batch_00003.txt"_s, test::seedLines(1, 1)},
                            {u"messages_batch_0000.txt"_s, test::seedLines(1, 1)},
                            {u".hidden"_s, QByteArray("x")}});
    QVERIFY(QFile::link(elsewhere.filePath(u"outside.txt"_s),
                        temp.filePath(u"messages_batch_0002.txt"_s)));
    QVERIFY(QDir().mkdir(temp.filePath(u"messages_batch_0004.txt"_s)));

    BatchFileIndex index(temp.path());
    QVERIFY(index.refresh().ok());
    QCOMPARE(ids(index), QList<qint64>{1});
    // The cache file it left is not a batch either.
    QVERIFY(QFileInfo::exists(BatchFileIndex::defaultCacheFile(temp.path())));
    QVERIFY(index.refresh().ok());
    QCOMPARE(ids(index), QList<qint64>{1});
}

void tst_BatchFileIndex::datesAreTheFiles()
{
    QTemporaryDir temp;
    const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-1);
    makeStore(temp.path(), {{u"messages_batch_0001.txt"_s, test::seedLines(1, 3)}});
    const QDateTime after = QDateTime::currentDateTimeUtc().addSecs(1);
    BatchFileIndex index(temp.path());
    QVERIFY(index.refresh().ok());
    const BatchFileInfo file = index.files().value(0);
    QCOMPARE(file.dateModified, QDateTime::fromSecsSinceEpoch(oldMtime, Qt::UTC));
    QCOMPARE(file.dateModified.timeSpec(), Qt::UTC);
    // Created: the birth time (or the status change time): when makeStore wrote it.
    QVERIFY2(file.dateCreated >= before && file.dateCreated <= after,
             qPrintable(file.dateCreated.toString(Qt::ISODate)));
}

void tst_BatchFileIndex::emptyAndMissingStores()
{
    QTemporaryDir temp;
    BatchFileIndex empty(temp.path());
    QVERIFY(empty.refresh().ok());
    QVERIFY(empty.files().isEmpty());

    BatchFileIndex missing(temp.filePath(u"nope"_s));
    const Status refreshed = missing.refresh();
    QVERIFY(!refreshed.ok());
    QCOMPARE(refreshed.error().kind, StorageError::Kind::NotFound);
    QVERIFY2(refreshed.errorMessage().contains(u"does not exist"_s),
             qPrintable(refreshed.errorMessage()));
}

void tst_BatchFileIndex::warmRefreshReadsNothing()
{
    QTemporaryDir temp;
    Files files;
    for (int id = 1; id <= 30; ++id)
        files.insert(batchFileName(id), test::seedLines(id * 10 - 9, 10));
    makeStore(temp.path(), files);

    BatchFileIndex index(temp.path());
    QVERIFY(index.refresh().ok());
    QCOMPARE(index.lastRefresh().files, 30);
    QCOMPARE(index.lastRefresh().filesRead, 30);
    QVERIFY(index.lastRefresh().cacheSaved);
    const QList<BatchFileInfo> cold = index.files();

    QVERIFY(index.refresh().ok());
    QCOMPARE(index.lastRefresh().filesRead, 0);
    QCOMPARE(index.lastRefresh().filesFromCache, 30);
    QVERIFY2(!index.lastRefresh().cacheSaved, "nothing changed, so the cache is not rewritten");
    QCOMPARE(index.files(), cold);
}

void tst_BatchFileIndex::cacheFileServesANewIndex()
{
    QTemporaryDir temp;
    makeStore(temp.path(), {{u"messages_batch_0001.txt"_s, test::seedLines(1, 10)},
                            {u"messages_batch_0002.txt"_s, test::seedLines(11, 4)}});
    QList<BatchFileInfo> first;
    {
        BatchFileIndex index(temp.path());
        QVERIFY(index.refresh().ok());
        first = index.files();
    }
    BatchFileIndex again(temp.path());
    QVERIFY(again.refresh().ok());
    QVERIFY(again.lastRefresh().cacheLoaded);
    QCOMPARE(again.lastRefresh().filesRead, 0);
    QCOMPARE(again.lastRefresh().filesFromCache, 2);
    QCOMPARE(again.files(), first);
    QCOMPARE(again.files(), listWithoutCache(temp.path()));
}

void tst_BatchFileIndex::readsAgainWhatChanged_data()
{
    QTest::addColumn<QString>("change");
    QTest::addColumn<qint64>("read"); // files read again
    QTest::newRow("line appended") << u"append"_s << qint64(1);
    QTest::newRow("same size, other mtime") << u"rewrite"_s << qint64(1);
    QTest::newRow("replaced, same size and mtime") << u"replace"_s << qint64(1);
    QTest::newRow("file added") << u"add"_s << qint64(1);
    QTest::newRow("file removed") << u"remove"_s << qint64(0);
}

void tst_BatchFileIndex::readsAgainWhatChanged()
{
    QFETCH(QString, change);
    QFETCH(qint64, read);
    QTemporaryDir temp;
    makeStore(temp.path(), {{u"messages_batch_0001.txt"_s, test::seedLines(1, 10)},
                            {u"messages_batch_0002.txt"_s, test::seedLines(11, 10)},
                            {u"messages_batch_0003.txt"_s, test::seedLines(21, 4)}});
    {
        BatchFileIndex index(temp.path());
        QVERIFY(index.refresh().ok());
    }
    const QString second = temp.filePath(u"messages_batch_0002.txt"_s);
    const QString third = temp.filePath(u"messages_batch_0003.txt"_s);
    if (change == u"append"_s) {
        QVERIFY(test::appendFile(third, test::seedLine(25)));
        QVERIFY(test::setModified(third, oldMtime + 60)); // older than the racy window
    } else if (change == u"rewrite"_s) {
        // Same length, other content: message #12 becomes #92.
        QByteArray bytes = test::readFile(second);
        bytes.replace("Message #12: Test message number 12", "Message #92: Test message number 92");
        QVERIFY(test::writeFile(second, bytes));
        QVERIFY(test::setModified(second, oldMtime + 60));
    } else if (change == u"replace"_s) {
        // A new file renamed over the old one: same size and mtime, another inode.
        QByteArray bytes = test::readFile(second);
        bytes.replace("Message #12: Test message number 12", "Message #92: Test message number 92");
        const QString fresh = temp.filePath(u"fresh.tmp"_s);
        QVERIFY(test::writeFile(fresh, bytes));
        QVERIFY(test::setModified(fresh, oldMtime));
        QVERIFY(::rename(QFile::encodeName(fresh).constData(),
                         QFile::encodeName(second).constData()) == 0);
    } else if (change == u"add"_s) {
        makeStore(temp.path(), {{u"messages_batch_0004.txt"_s, test::seedLines(31, 2)}});
    } else if (change == u"remove"_s) {
        QVERIFY(QFile::remove(third));
    }

    // A new index, trusting the cache only where the files are as they were.
    BatchFileIndex index(temp.path());
    QVERIFY(index.refresh().ok());
    QVERIFY(index.lastRefresh().cacheLoaded);
    QCOMPARE(index.lastRefresh().filesRead, read);
    QCOMPARE(index.lastRefresh().filesRemoved, change == u"remove"_s ? 1 : 0);
    QVERIFY(index.lastRefresh().cacheSaved);
    QCOMPARE(index.files(), listWithoutCache(temp.path()));
    if (change == u"append"_s)
        QCOMPARE(index.file(3)->lastMessageNumber, std::optional<qint64>(25));
    if (change == u"rewrite"_s || change == u"replace"_s)
        QCOMPARE(index.file(2)->firstMessageNumber, std::optional<qint64>(11));
    if (change == u"rewrite"_s || change == u"replace"_s) {
        // #12 is now #92: the integrity report sees what the listing sees.
        const auto report = checkBatchStore(temp.path());
        QVERIFY(report.ok());
        QCOMPARE(report->count(BatchFinding::Kind::NumberOutOfOrder), 1);
    }

    // And the same object, refreshed once more, reads nothing.
    QVERIFY(index.refresh().ok());
    QCOMPARE(index.lastRefresh().filesRead, 0);
}

void tst_BatchFileIndex::recentFilesAreReadAgain()
{
    // A file modified just now might change again within the file system's timestamp step,
    // unseen by size and mtime: listing by stat, the index reads it again until it is older.
    QTemporaryDir temp;
    makeStore(temp.path(), {{u"messages_batch_0001.txt"_s, test::seedLines(1, 10)}});
    QVERIFY(test::writeFile(temp.filePath(u"messages_batch_0002.txt"_s), test::seedLines(11, 2)));
    BatchFileIndex index(temp.path());
    index.setUseNotifications(false);
    QVERIFY(index.refresh().ok());
    QVERIFY(index.refresh().ok());
    QCOMPARE(index.lastRefresh().filesFromCache, 1);
    QCOMPARE(index.lastRefresh().filesRead, 1);
    QVERIFY(test::setModified(temp.filePath(u"messages_batch_0002.txt"_s), oldMtime));
    QVERIFY(index.refresh().ok());
    QVERIFY(index.refresh().ok());
    QCOMPARE(index.lastRefresh().filesRead, 0);
}

void tst_BatchFileIndex::damagedCacheIsRebuilt_data()
{
    QTest::addColumn<QString>("damage");
    QTest::addColumn<QString>("problem");
    QTest::newRow("empty") << u"empty"_s << u"too short"_s;
    QTest::newRow("truncated") << u"truncate"_s << u"wrong size"_s;
    QTest::newRow("bit flipped") << u"flip"_s << u"checksum"_s;
    QTest::newRow("garbage") << u"garbage"_s << u"not an index"_s;
    QTest::newRow("a folder") << u"folder"_s << u"Cannot read"_s;
}

void tst_BatchFileIndex::damagedCacheIsRebuilt()
{
    QFETCH(QString, damage);
    QFETCH(QString, problem);
    QTemporaryDir temp;
    makeStore(temp.path(), {{u"messages_batch_0001.txt"_s, test::seedLines(1, 10)},
                            {u"messages_batch_0002.txt"_s, test::seedLines(11, 3)}});
    const QString cache = BatchFileIndex::defaultCacheFile(temp.path());
    {
        BatchFileIndex index(temp.path());
        QVERIFY(index.refresh().ok());
    }
    QByteArray bytes = test::readFile(cache);
    QVERIFY(bytes.size() > 100);
    if (damage == u"empty"_s)
        bytes.clear();
    else if (damage == u"truncate"_s)
        bytes.chop(7);
    else if (damage == u"flip"_s)
        bytes[bytes.size() - 20] = char(bytes.at(bytes.size() - 20) ^ 0x04);
    else if (damage == u"garbage"_s)
        bytes = QByteArray(bytes.size(), 'g');
    if (damage == u"folder"_s) {
        QVERIFY(QFile::remove(cache));
        QVERIFY(QDir().mkdir(cache));
    } else {
        QVERIFY(test::writeFile(cache, bytes));
    }

    BatchFileIndex index(temp.path());
    QVERIFY(index.refresh().ok());
    QVERIFY(!index.lastRefresh().cacheLoaded);
    QVERIFY2(index.lastRefresh().cacheProblem.contains(problem),
             qPrintable(index.lastRefresh().cacheProblem));
    QCOMPARE(index.lastRefresh().filesRead, 2);
    QCOMPARE(index.files(), listWithoutCache(temp.path()));
    if (damage != u"folder"_s) {
        BatchFileIndex rebuilt(temp.path());
        QVERIFY(rebuilt.refresh().ok());
        QVERIFY2(rebuilt.lastRefresh().cacheLoaded, "the damaged cache was replaced");
        QCOMPARE(rebuilt.lastRefresh().filesRead, 0);
    }
}

void tst_BatchFileIndex::cacheOfAnotherFolderIsNotUsed()
{
    QTemporaryDir one;
    QTemporaryDir two;
    makeStore(one.path(), {{u"messages_batch_0001.txt"_s, test::seedLines(1, 10)}});
    makeStore(two.path(), {{u"messages_batch_0001.txt"_s, test::seedLines(1, 10)}});
    {
        BatchFileIndex index(one.path());
        QVERIFY(index.refresh().ok());
    }
    QVERIFY(QFile::copy(BatchFileIndex::defaultCacheFile(one.path()),
                        BatchFileIndex::defaultCacheFile(two.path())));
    BatchFileIndex index(two.path());
    QVERIFY(index.refresh().ok());
    QVERIFY(!index.lastRefresh().cacheLoaded);
    QVERIFY2(index.lastRefresh().cacheProblem.contains(u"another folder"_s),
             qPrintable(index.lastRefresh().cacheProblem));
    QCOMPARE(index.lastRefresh().filesRead, 1);
}

void tst_BatchFileIndex::readOnlyStoreIsListedWithoutCache()
{
    QTemporaryDir temp;
    makeStore(temp.path(), {{u"messages_batch_0001.txt"_s, test::seedLines(1, 10)}});
    const QByteArray path = QFile::encodeName(temp.path());
    test::WithoutRootOverride asAnyone;
    QVERIFY(asAnyone.ok());
    QCOMPARE(::chmod(path.constData(), 0555), 0);
    BatchFileIndex index(temp.path());
    const Status refreshed = index.refresh();
    QCOMPARE(::chmod(path.constData(), 0755), 0);
    QVERIFY2(refreshed.ok(), qPrintable(refreshed.errorMessage()));
    QCOMPARE(index.files().size(), 1);
    QVERIFY(!index.lastRefresh().cacheSaved);
    QVERIFY2(index.lastRefresh().cacheProblem.contains(u"Permission denied"_s),
             qPrintable(index.lastRefresh().cacheProblem));
    QVERIFY(!QFileInfo::exists(BatchFileIndex::defaultCacheFile(temp.path())));
    QCOMPARE(QDir(temp.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
             QStringList{u"messages_batch_0001.txt"_s});
}

void tst_BatchFileIndex::cacheCanLiveElsewhere()
{
    QTemporaryDir store;
    QTemporaryDir caches;
    makeStore(store.path(), {{u"messages_batch_0001.txt"_s, test::seedLines(1, 10)}});
    const QString cache = caches.filePath(u"store.index"_s);
    {
        BatchFileIndex index(store.path());
        index.setCacheFile(cache);
        QVERIFY(index.refresh().ok());
        QVERIFY(index.lastRefresh().cacheSaved);
    }
    QVERIFY(QFileInfo::exists(cache));
    QVERIFY(!QFileInfo::exists(BatchFileIndex::defaultCacheFile(store.path())));
    BatchFileIndex index(store.path());
    index.setCacheFile(cache);
    QVERIFY(index.refresh().ok());
    QVERIFY(index.lastRefresh().cacheLoaded);
    QCOMPARE(index.lastRefresh().filesRead, 0);
}

void tst_BatchFileIndex::notificationsNameWhatChanged_data()
{
    QTest::addColumn<QString>("change");
    QTest::addColumn<qint64>("read");
    QTest::addColumn<qint64>("removed");
    QTest::newRow("nothing") << u"nothing"_s << qint64(0) << qint64(0);
    QTest::newRow("line appended") << u"append"_s << qint64(1) << qint64(0);
    // Unseen by size and mtime; the kernel's report names it all the same.
    QTest::newRow("same size, mtime set back") << u"sneaky"_s << qint64(1) << qint64(0);
    QTest::newRow("file added") << u"add"_s << qint64(1) << qint64(0);
    QTest::newRow("file removed") << u"remove"_s << qint64(0) << qint64(1);
    QTest::newRow("replaced by rename") << u"replace"_s << qint64(1) << qint64(0);
    QTest::newRow("became a link") << u"link"_s << qint64(0) << qint64(1);
    QTest::newRow("stray file") << u"stray"_s << qint64(0) << qint64(0);
}

void tst_BatchFileIndex::notificationsNameWhatChanged()
{
    QFETCH(QString, change);
    QFETCH(qint64, read);
    QFETCH(qint64, removed);
    QTemporaryDir temp;
    Files files;
    for (int id = 1; id <= 20; ++id)
        files.insert(batchFileName(id), test::seedLines(id * 10 - 9, 10));
    makeStore(temp.path(), files);
    BatchFileIndex index(temp.path());
    QVERIFY(index.refresh().ok());
    QVERIFY(!index.lastRefresh().incremental);

    const QString fifth = temp.filePath(u"messages_batch_0005.txt"_s);
    QByteArray rewritten = test::readFile(fifth);
    rewritten.replace("Message #42: Test message number 42", "Message #99: Test message number 99");
    if (change == u"append"_s) {
        QVERIFY(test::appendFile(fifth, "garbage\n"));
    } else if (change == u"sneaky"_s) {
        QVERIFY(test::writeFile(fifth, rewritten));
        QVERIFY(test::setModified(fifth, oldMtime));
    } else if (change == u"add"_s) {
        QVERIFY(test::writeFile(temp.filePath(u"messages_batch_0021.txt"_s), test::seedLine(201)));
    } else if (change == u"remove"_s) {
        QVERIFY(QFile::remove(fifth));
    } else if (change == u"replace"_s) {
        const QString fresh = temp.filePath(u"fresh.tmp"_s);
        QVERIFY(test::writeFile(fresh, rewritten));
        QVERIFY(::rename(QFile::encodeName(fresh).constData(),
                         QFile::encodeName(fifth).constData()) == 0);
    } else if (change == u"link"_s) {
        QVERIFY(QFile::remove(fifth));
        QVERIFY(QFile::link(temp.filePath(u"messages_batch_0001.txt"_s), fifth));
    } else if (change == u"stray"_s) {
        QVERIFY(test::writeFile(temp.filePath(u"notes.txt"_s), "x"));
    }

    QVERIFY(index.refresh().ok());
    QVERIFY2(index.lastRefresh().incremental, "a local folder is watched");
    QCOMPARE(index.lastRefresh().filesRead, read);
    QCOMPARE(index.lastRefresh().filesRemoved, removed);
    QCOMPARE(index.files(), listWithoutCache(temp.path()));
    if (change == u"sneaky"_s || change == u"replace"_s)
        QCOMPARE(index.file(5)->malformedLines, 0);
    if (change == u"append"_s)
        QCOMPARE(index.file(5)->malformedLines, 1);

    // Reports are consumed: the next refresh has nothing to read.
    QVERIFY(index.refresh().ok());
    QVERIFY(index.lastRefresh().incremental);
    QCOMPARE(index.lastRefresh().filesRead, 0);
}

void tst_BatchFileIndex::hardLinkedFilesAreAlwaysLookedAt()
{
    QTemporaryDir temp;
    const QString store = temp.filePath(u"store"_s);
    QVERIFY(QDir().mkdir(store));
    makeStore(store, {{u"messages_batch_0001.txt"_s, test::seedLines(1, 10)},
                      {u"messages_batch_0002.txt"_s, test::seedLines(11, 3)}});
    // A second name outside the store: writes through it are reported there, not here.
    const QString other = temp.filePath(u"other-name.txt"_s);
    QVERIFY(::link(QFile::encodeName(store + u"/messages_batch_0002.txt"_s).constData(),
                   QFile::encodeName(other).constData()) == 0);
    BatchFileIndex index(store);
    QVERIFY(index.refresh().ok());
    QVERIFY(test::appendFile(other, test::seedLine(14)));
    QVERIFY(index.refresh().ok());
    QVERIFY(index.lastRefresh().incremental);
    QCOMPARE(index.file(2)->messageCount, 4);
    QCOMPARE(index.lastRefresh().filesRead, 1);
}

void tst_BatchFileIndex::replacedFolderIsListedAgain()
{
    QTemporaryDir temp;
    const QString store = temp.filePath(u"store"_s);
    QVERIFY(QDir().mkdir(store));
    makeStore(store, {{u"messages_batch_0001.txt"_s, test::seedLines(1, 10)}});
    BatchFileIndex index(store);
    QVERIFY(index.refresh().ok());

    // The folder moves away and another takes its path.
    QVERIFY(QDir().rename(store, temp.filePath(u"old"_s)));
    QVERIFY(QDir().mkdir(store));
    makeStore(store, {{u"messages_batch_0001.txt"_s, test::seedLines(1, 3)},
                      {u"messages_batch_0002.txt"_s, QByteArray()}});
    QVERIFY(index.refresh().ok());
    QVERIFY(!index.lastRefresh().incremental);
    QCOMPARE(index.files(), listWithoutCache(store));
    QCOMPARE(index.file(1)->messageCount, 3);

    // And that one is watched from then on.
    QVERIFY(test::appendFile(store + u"/messages_batch_0002.txt"_s, test::seedLine(4)));
    QVERIFY(index.refresh().ok());
    QVERIFY(index.lastRefresh().incremental);
    QCOMPARE(index.file(2)->messageCount, 1);
}

void tst_BatchFileIndex::withoutNotificationsEveryFileIsStatted()
{
    QTemporaryDir temp;
    makeStore(temp.path(), {{u"messages_batch_0001.txt"_s, test::seedLines(1, 10)}});
    BatchFileIndex index(temp.path());
    index.setUseNotifications(false);
    QVERIFY(index.refresh().ok());
    QVERIFY(test::appendFile(temp.filePath(u"messages_batch_0001.txt"_s), "x\n"));
    QVERIFY(test::setModified(temp.filePath(u"messages_batch_0001.txt"_s), oldMtime + 5));
    QVERIFY(index.refresh().ok());
    QVERIFY(!index.lastRefresh().incremental);
    QCOMPARE(index.lastRefresh().filesRead, 1);
    QCOMPARE(index.file(1)->malformedLines, 1);
}

void tst_BatchFileIndex::incrementalChangesReachTheCacheFile()
{
    QTemporaryDir temp;
    makeStore(temp.path(), {{u"messages_batch_0001.txt"_s, test::seedLines(1, 10)}});
    {
        BatchFileIndex index(temp.path());
        QVERIFY(index.refresh().ok());
        makeStore(temp.path(), {{u"messages_batch_0002.txt"_s, test::seedLines(11, 2)}});
        QVERIFY(index.refresh().ok());
        QVERIFY(index.lastRefresh().incremental);
        QVERIFY(!index.lastRefresh().cacheSaved); // an incremental refresh writes no cache...
    }
    BatchFileIndex next(temp.path()); // ...the index saved it when it went away
    QVERIFY(next.refresh().ok());
    QVERIFY(next.lastRefresh().cacheLoaded);
    QCOMPARE(next.lastRefresh().filesRead, 0);
    QCOMPARE(next.files().size(), 2);
}

void tst_BatchFileIndex::unreadableFileIsListedAndReadLater_data()
{
    QTest::addColumn<bool>("notifications");
    QTest::newRow("notified") << true;
    QTest::newRow("by stat") << false;
}

void tst_BatchFileIndex::unreadableFileIsListedAndReadLater()
{
    QFETCH(bool, notifications);
    QTemporaryDir temp;
    makeStore(temp.path(), {{u"messages_batch_0001.txt"_s, test::seedLines(1, 10)},
                            {u"messages_batch_0002.txt"_s, test::seedLines(11, 3)}});
    const QByteArray second = QFile::encodeName(temp.filePath(u"messages_batch_0002.txt"_s));
    test::WithoutRootOverride asAnyone;
    QVERIFY(asAnyone.ok());
    QCOMPARE(::chmod(second.constData(), 0), 0);

    BatchFileIndex index(temp.path());
    index.setUseNotifications(notifications);
    index.setCacheFile(QString());
    QVERIFY(index.refresh().ok());
    QCOMPARE(index.files().size(), 2); // listed, as stat sees it
    QCOMPARE(index.file(2)->fileSizeBytes, test::seedLines(11, 3).size());
    QCOMPARE(index.file(2)->messageCount, 0);

    QCOMPARE(::chmod(second.constData(), 0644), 0);
    QVERIFY(index.refresh().ok());
    QCOMPARE(index.lastRefresh().incremental, notifications);
    QCOMPARE(index.file(2)->messageCount, 3);
    QCOMPARE(index.file(2)->lastMessageNumber, std::optional<qint64>(13));
}

void tst_BatchFileIndex::settledFolderIsNotListedAgain()
{
    // Enough files for the index to stat them on several threads.
    QTemporaryDir temp;
    constexpr int fileCount = 8300;
    Files files;
    for (int id = 1; id <= fileCount; ++id)
        files.insert(batchFileName(id),
                     test::seedLines(qint64(id - 1) * 10 + 1, id == fileCount ? 3 : 10));
    makeStore(temp.path(), files);
    const QList<BatchFileInfo> expected = listWithoutCache(temp.path());
    QCOMPARE(expected.size(), fileCount);
    {
        BatchFileIndex cold(temp.path());
        QVERIFY(cold.refresh().ok());
        QVERIFY(cold.lastRefresh().cacheSaved);
        QVERIFY(!cold.lastRefresh().namesFromIndex);
        QCOMPARE(cold.files(), expected);
    }
    // Saving the index changed the folder. Once that is old enough, the next listing
    // confirms the index's names; from then on a new index takes them from it.
    QTRY_VERIFY_WITH_TIMEOUT(folderSettled(temp.path()), 10000);
    {
        BatchFileIndex confirming(temp.path());
        QVERIFY(confirming.refresh().ok());
        QVERIFY(confirming.lastRefresh().cacheLoaded);
        QVERIFY(!confirming.lastRefresh().namesFromIndex);
        QCOMPARE(confirming.lastRefresh().filesRead, 0);
        QVERIFY(!confirming.lastRefresh().cacheSaved);
        QCOMPARE(confirming.files(), expected);
    }
    QVERIFY(folderSettled(temp.path())); // confirming wrote the index in place
    {
        BatchFileIndex settled(temp.path());
        QVERIFY(settled.refresh().ok());
        QVERIFY(settled.lastRefresh().namesFromIndex);
        QCOMPARE(settled.lastRefresh().filesRead, 0);
        QCOMPARE(settled.files(), expected);
    }

    // A line added to a full file in place leaves the folder as it was: stat still sees it.
    const QString full = temp.filePath(batchFileName(17));
    QVERIFY(test::appendFile(full, test::seedLine(1'000'000)));
    {
        BatchFileIndex index(temp.path());
        QVERIFY(index.refresh().ok());
        QVERIFY(index.lastRefresh().namesFromIndex);
        QCOMPARE(index.lastRefresh().filesRead, 1);
        QCOMPARE(index.file(17)->lineCount, 11);
        QCOMPARE(index.files(), listWithoutCache(temp.path()));
    }

    // A new file changes the folder's times: the folder is listed again.
    QVERIFY(test::writeFile(temp.filePath(batchFileName(fileCount + 1)), test::seedLines(1, 1)));
    QVERIFY(QFile::remove(temp.filePath(batchFileName(5))));
    {
        BatchFileIndex index(temp.path());
        QVERIFY(index.refresh().ok());
        QVERIFY(!index.lastRefresh().namesFromIndex);
        QCOMPARE(index.files().size(), fileCount);
        QVERIFY(index.file(fileCount + 1));
        QVERIFY(!index.file(5));
        QCOMPARE(index.files(), listWithoutCache(temp.path()));
    }
}

QTEST_GUILESS_MAIN(tst_BatchFileIndex)
#include "tst_batchfileindex.moc"
