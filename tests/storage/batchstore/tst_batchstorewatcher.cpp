#include "batchfilewriter.h"
#include "batchstorewatcher.h"
#include "batchteststore.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;
using Kind = BatchStoreEvent::Kind;
using Mode = BatchStoreWatcher::Mode;

// The store watcher: with file system notifications and with polling, each change becomes
// an event with the file's metadata.
class tst_BatchStoreWatcher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void modes_data();
    void startsQuietly_data() { modes_data(); }
    void startsQuietly();
    void currentBatchGrows_data() { modes_data(); }
    void currentBatchGrows();
    void newBatchFile_data() { modes_data(); }
    void newBatchFile();
    void batchRemoved_data() { modes_data(); }
    void batchRemoved();
    void writerCommitsAreSeen_data() { modes_data(); }
    void writerCommitsAreSeen();
    void ignoresWhatIsNotABatch_data() { modes_data(); }
    void ignoresWhatIsNotABatch();
    void reportsAStoreThatGoesAway();
    void refusesAMissingStore();

private:
    // Starts a watcher on directory in the row's mode. With notifications, the safety-net
    // poll is an hour away, so whatever arrives came from a notification.
    static std::unique_ptr<BatchStoreWatcher> watch(const QString &directory, Mode mode);
    static QList<BatchStoreEvent> events(const QSignalSpy &spy);
};

void tst_BatchStoreWatcher::modes_data()
{
    QTest::addColumn<Mode>("mode");
    QTest::newRow("notifications") << Mode::Automatic;
    QTest::newRow("polling") << Mode::Polling;
}

std::unique_ptr<BatchStoreWatcher> tst_BatchStoreWatcher::watch(const QString &directory, Mode mode)
{
    auto watcher = std::make_unique<BatchStoreWatcher>(directory);
    watcher->setMode(mode);
    watcher->setPollInterval(mode == Mode::Polling ? 20 : 360000);
    if (!watcher->start().ok())
        return nullptr;
    return watcher;
}

QList<BatchStoreEvent> tst_BatchStoreWatcher::events(const QSignalSpy &spy)
{
    QList<BatchStoreEvent> out;
    for (const QList<QVariant> &arguments : spy)
        out.append(arguments.at(0).value<BatchStoreEvent>());
    return out;
}

void tst_BatchStoreWatcher::startsQuietly()
{
    QFETCH(Mode, mode);
    QTemporaryDir temp;
    QVERIFY(test::writeFile(temp.filePath(u"messages_batch_0001.txt"_s), test::seedLines(1, 10)));
    QVERIFY(test::writeFile(temp.filePath(u"messages_batch_0002.txt"_s), test::seedLines(11, 2)));
    auto watcher = watch(temp.path(), mode);
    QVERIFY(watcher);
    QCOMPARE(watcher->isPolling(), mode == Mode::Polling);
    QCOMPARE(watcher->currentBatchId(), 2);
    QSignalSpy spy(watcher.get(), &BatchStoreWatcher::changed);

    // Whatever it does meanwhile, a change after a quiet period is the first event.
    QVERIFY(test::appendFile(temp.filePath(u"messages_batch_0002.txt"_s), test::seedLine(13)));
    QTRY_COMPARE(spy.size(), 1);
    QCOMPARE(events(spy).at(0).kind, Kind::Changed);
    QCOMPARE(events(spy).at(0).batchId, 2);
}

void tst_BatchStoreWatcher::currentBatchGrows()
{
    QFETCH(Mode, mode);
    QTemporaryDir temp;
    const QString current = temp.filePath(u"messages_batch_0001.txt"_s);
    QVERIFY(test::writeFile(current, test::seedLines(1, 3)));
    auto watcher = watch(temp.path(), mode);
    QVERIFY(watcher);
    QSignalSpy spy(watcher.get(), &BatchStoreWatcher::changed);

    QVERIFY(test::appendFile(current, test::seedLine(4)));
    QTRY_VERIFY(!spy.isEmpty());
    BatchStoreEvent event = events(spy).constLast();
    QCOMPARE(event.kind, Kind::Changed);
    QCOMPARE(event.batchId, 1);
    QCOMPARE(event.info.fileName, u"messages_batch_0001.txt"_s);
    QCOMPARE(event.info.messageCount, 4);
    QCOMPARE(event.info.lastMessageNumber, std::optional<qint64>(4));
    QCOMPARE(event.info.fileSizeBytes, test::seedLines(1, 4).size());

    // Again: the watch on the file holds after the first change.
    spy.clear();
    QVERIFY(test::appendFile(current, test::seedLine(5)));
    QTRY_VERIFY(!spy.isEmpty());
    QCOMPARE(events(spy).constLast().info.messageCount, 5);
}

void tst_BatchStoreWatcher::newBatchFile()
{
    QFETCH(Mode, mode);
    QTemporaryDir temp;
    QVERIFY(test::writeFile(temp.filePath(u"messages_batch_0001.txt"_s), test::seedLines(1, 9)));
    auto watcher = watch(temp.path(), mode);
    QVERIFY(watcher);
    QSignalSpy spy(watcher.get(), &BatchStoreWatcher::changed);

    // The last line of the current batch and the next file, in one go.
    QVERIFY(test::appendFile(temp.filePath(u"messages_batch_0001.txt"_s), test::seedLine(10)));
    QVERIFY(test::writeFile(temp.filePath(u"messages_batch_0002.txt"_s), test::seedLine(11)));
    QTRY_VERIFY(std::any_of(spy.cbegin(), spy.cend(), [](const QList<QVariant> &arguments) {
        return arguments.at(0).value<BatchStoreEvent>().kind == Kind::Added;
    }));
    // The file before it finished, then the new one; the batch before may come separately.
    QTRY_VERIFY(std::any_of(spy.cbegin(), spy.cend(), [](const QList<QVariant> &arguments) {
        const auto event = arguments.at(0).value<BatchStoreEvent>();
        return event.kind == Kind::Changed && event.batchId == 1 && event.info.messageCount == 10;
    }));
    BatchStoreEvent added;
    for (const BatchStoreEvent &event : events(spy)) {
        if (event.kind == Kind::Added)
            added = event;
    }
    QCOMPARE(added.batchId, 2);
    QCOMPARE(added.info.messageCount, 1);
    QCOMPARE(added.info.firstMessageNumber, std::optional<qint64>(11));
    QCOMPARE(watcher->currentBatchId(), 2);

    // The new file is the one watched now.
    spy.clear();
    QVERIFY(test::appendFile(temp.filePath(u"messages_batch_0002.txt"_s), test::seedLine(12)));
    QTRY_VERIFY(!spy.isEmpty());
    QCOMPARE(events(spy).constLast().batchId, 2);
    QCOMPARE(events(spy).constLast().info.messageCount, 2);
}

void tst_BatchStoreWatcher::batchRemoved()
{
    QFETCH(Mode, mode);
    QTemporaryDir temp;
    QVERIFY(test::writeFile(temp.filePath(u"messages_batch_0001.txt"_s), test::seedLines(1, 10)));
    QVERIFY(test::writeFile(temp.filePath(u"messages_batch_0002.txt"_s), test::seedLines(11, 4)));
    auto watcher = watch(temp.path(), mode);
    QVERIFY(watcher);
    QSignalSpy spy(watcher.get(), &BatchStoreWatcher::changed);

    QVERIFY(QFile::remove(temp.filePath(u"messages_batch_0001.txt"_s)));
    QTRY_COMPARE(spy.size(), 1);
    QCOMPARE(events(spy).at(0).kind, Kind::Removed);
    QCOMPARE(events(spy).at(0).batchId, 1);
}

void tst_BatchStoreWatcher::writerCommitsAreSeen()
{
    QFETCH(Mode, mode);
    QTemporaryDir temp;
    auto writer = BatchFileWriter::open(temp.path());
    QVERIFY(writer.ok());
    auto watcher = watch(temp.path(), mode);
    QVERIFY(watcher);
    QSignalSpy spy(watcher.get(), &BatchStoreWatcher::changed);

    for (qint64 n = 1; n <= 12; ++n)
        QVERIFY((*writer)->append({n, test::batchTestTime(n), "live"}).ok());
    QVERIFY((*writer)->commit().ok());
    // Both files are there, in full, however the notifications were grouped.
    QTRY_VERIFY(std::any_of(spy.cbegin(), spy.cend(), [](const QList<QVariant> &arguments) {
        const auto event = arguments.at(0).value<BatchStoreEvent>();
        return event.batchId == 2 && event.info.messageCount == 2;
    }));
    QTRY_VERIFY(std::any_of(spy.cbegin(), spy.cend(), [](const QList<QVariant> &arguments) {
        const auto event = arguments.at(0).value<BatchStoreEvent>();
        return event.batchId == 1 && event.info.messageCount == 10;
    }));
    QVERIFY(std::all_of(spy.cbegin(), spy.cend(), [](const QList<QVariant> &arguments) {
        return arguments.at(0).value<BatchStoreEvent>().kind != Kind::Removed;
    }));
}

void tst_BatchStoreWatcher::ignoresWhatIsNotABatch()
{
    QFETCH(Mode, mode);
    QTemporaryDir temp;
    QVERIFY(test::writeFile(temp.filePath(u"messages_batch_0001.txt"_s), test::seedLines(1, 3)));
    auto watcher = watch(temp.path(), mode);
    QVERIFY(watcher);
    QSignalSpy spy(watcher.get(), &BatchStoreWatcher::changed);

    QVERIFY(test::writeFile(temp.filePath(u"notes.txt"_s), "x"));
    QVERIFY(test::writeFile(temp.filePath(u".porthole-index"_s), "x"));
    QVERIFY(QFile::link(temp.filePath(u"messages_batch_0001.txt"_s),
                        temp.filePath(u"messages_batch_0009.txt"_s)));
    // A batch change after them is the only event.
    QVERIFY(test::appendFile(temp.filePath(u"messages_batch_0001.txt"_s), test::seedLine(4)));
    QTRY_VERIFY(!spy.isEmpty());
    const QList<BatchStoreEvent> seen = events(spy);
    for (const BatchStoreEvent &event : seen) {
        QCOMPARE(event.batchId, 1);
        QCOMPARE(event.kind, Kind::Changed);
    }
    QCOMPARE(watcher->currentBatchId(), 1);
}

void tst_BatchStoreWatcher::reportsAStoreThatGoesAway()
{
    QTemporaryDir temp;
    const QString store = temp.filePath(u"store"_s);
    QVERIFY(QDir().mkdir(store));
    QVERIFY(test::writeFile(store + u"/messages_batch_0001.txt"_s, test::seedLines(1, 3)));
    auto watcher = watch(store, Mode::Polling);
    QVERIFY(watcher);
    QSignalSpy failed(watcher.get(), &BatchStoreWatcher::failed);
    QVERIFY(QDir(store).removeRecursively());
    QTRY_COMPARE(failed.size(), 1);
    QVERIFY2(failed.at(0).at(0).toString().contains(store),
             qPrintable(failed.at(0).at(0).toString()));
}

void tst_BatchStoreWatcher::refusesAMissingStore()
{
    QTemporaryDir temp;
    BatchStoreWatcher watcher(temp.filePath(u"nope"_s));
    const Status started = watcher.start();
    QVERIFY(!started.ok());
    QVERIFY2(started.errorMessage().contains(u"No such file or directory"_s),
             qPrintable(started.errorMessage()));
    QVERIFY(!watcher.isRunning());
}

QTEST_GUILESS_MAIN(tst_BatchStoreWatcher)
#include "tst_batchstorewatcher.moc"
