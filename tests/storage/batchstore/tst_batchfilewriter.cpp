#include "batchfilereader.h"
#include "batchfilewriter.h"
#include "batchintegrity.h"
#include "batchstorescan.h"
#include "batchteststore.h"
#include "skippolicy.h"

#include <QFileInfo>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/resource.h>
#include <sys/wait.h>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace std::chrono_literals;
using Files = QMap<QString, QByteArray>;

// The batch-file writer on real files: group commit, restart, locking, and the disk saying no.
class tst_BatchFileWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void createsTheStoreAndTheFirstBatch();
    void nothingIsDurableBeforeCommit();
    void fillsTenLinesAFile();
    void groupIsBoundedInCount();
    void groupIsBoundedInTime();
    void contentComesBackByteForByte_data();
    void contentComesBackByteForByte();
    void writesTheNumbersItIsGiven();
    void refusesBadMessages_data();
    void refusesBadMessages();
    void restart_data();
    void restart();
    void refusesToWriteThroughALink_data();
    void refusesToWriteThroughALink();
    void refusesAFileAsStore();
    void secondWriterIsRefused_data();
    void secondWriterIsRefused();
    void crashedWriterLeavesTheLockAndATornLine();
    void fullDisk_data();
    void fullDisk();
    void permissionDenied();
    void readOnlyFileSystem();
    void noticesAnotherProgramWriting();

private:
    struct Stored
    {
        QList<BatchMessage> messages;
        qint64 malformed = 0;
        QStringList files;
    };
    static Stored readStore(const QString &directory);
    static BatchMessage message(qint64 number, QByteArray content = {});
};

BatchMessage tst_BatchFileWriter::message(qint64 number, QByteArray content)
{
    if (content.isNull())
        content = "Test message number " + QByteArray::number(number);
    return BatchMessage{number, test::batchTestTime(number), content};
}

tst_BatchFileWriter::Stored tst_BatchFileWriter::readStore(const QString &directory)
{
    Stored stored;
    const auto scan = scanBatchStore(directory);
    if (!scan)
        return stored;
    for (const BatchStoreEntry &entry : scan->batches) {
        stored.files.append(QString::fromLatin1(entry.name));
        const auto content = readBatchFile(directory, entry.id);
        if (!content)
            continue;
        for (const BatchFileLine &line : content->lines) {
            if (line.ok)
                stored.messages.append(line.message);
            else
                ++stored.malformed;
        }
    }
    return stored;
}

void tst_BatchFileWriter::createsTheStoreAndTheFirstBatch()
{
    QTemporaryDir temp;
    const QString store = temp.filePath(u"data/example_receiver/messages"_s);
    auto writer = BatchFileWriter::open(store);
    QVERIFY2(writer.ok(), qPrintable(writer.errorMessage()));
    QVERIFY(QFileInfo(store).isDir());
    QCOMPARE((*writer)->currentBatchId(), 1);
    QCOMPARE((*writer)->recovery().lastBatchId, 0);
    QVERIFY((*writer)->recovery().message.isEmpty());

    QCOMPARE(*(*writer)->append(message(1)), BatchTicket(1));
    QCOMPARE(*(*writer)->commit(), BatchTicket(1));
    QCOMPARE(test::readFile(store + u"/messages_batch_0001.txt"_s), test::seedLine(1));
    QVERIFY(QFileInfo::exists(store + u'/' + BatchFileWriter::lockFileName()));
}

void tst_BatchFileWriter::nothingIsDurableBeforeCommit()
{
    QTemporaryDir temp;
    auto opened = BatchFileWriter::open(temp.path());
    QVERIFY(opened.ok());
    BatchFileWriter &writer = **opened;
    const QString first = temp.filePath(u"messages_batch_0001.txt"_s);

    for (qint64 n = 1; n <= 3; ++n)
        QCOMPARE(*writer.append(message(n)), BatchTicket(n));
    QCOMPARE(writer.durableTicket(), BatchTicket(0));
    QCOMPARE(writer.lastTicket(), BatchTicket(3));
    QCOMPARE(writer.pendingCount(), 3);
    QVERIFY2(!QFileInfo::exists(first), "lines are written only by a commit");

    QCOMPARE(*writer.commit(), BatchTicket(3));
    QCOMPARE(writer.pendingCount(), 0);
    QCOMPARE(test::readFile(first), test::seedLines(1, 3));

    QVERIFY(writer.append(message(4)).ok());
    QVERIFY(writer.append(message(5)).ok());
    QCOMPARE(test::readFile(first), test::seedLines(1, 3));
    QCOMPARE(writer.durableTicket(), BatchTicket(3));
    QCOMPARE(*writer.commit(), BatchTicket(5));
    QCOMPARE(test::readFile(first), test::seedLines(1, 5));
    QCOMPARE(*writer.commit(), BatchTicket(5)); // nothing pending: nothing to do
}

void tst_BatchFileWriter::fillsTenLinesAFile()
{
    QTemporaryDir temp;
    auto writer = BatchFileWriter::open(temp.path());
    QVERIFY(writer.ok());
    for (qint64 n = 1; n <= 25; ++n)
        QVERIFY((*writer)->append(message(n)).ok());
    QCOMPARE(*(*writer)->commit(), BatchTicket(25)); // one group over three files

    // Byte for byte what the seed's receiver writes.
    QCOMPARE(test::readFile(temp.filePath(u"messages_batch_0001.txt"_s)), test::seedLines(1, 10));
    QCOMPARE(test::readFile(temp.filePath(u"messages_batch_0002.txt"_s)), test::seedLines(11, 10));
    QCOMPARE(test::readFile(temp.filePath(u"messages_batch_0003.txt"_s)), test::seedLines(21, 5));
    QCOMPARE((*writer)->currentBatchId(), 3);
    QCOMPARE((*writer)->linesInCurrentBatch(), 5);

    for (qint64 n = 26; n <= 30; ++n)
        QVERIFY((*writer)->append(message(n)).ok());
    QVERIFY((*writer)->commit().ok());
    QCOMPARE(test::readFile(temp.filePath(u"messages_batch_0003.txt"_s)), test::seedLines(21, 10));
    QVERIFY((*writer)->append(message(31)).ok());
    QCOMPARE((*writer)->currentBatchId(), 4);
    QCOMPARE((*writer)->linesInCurrentBatch(), 1);
}

void tst_BatchFileWriter::groupIsBoundedInCount()
{
    QTemporaryDir temp;
    auto writer = BatchFileWriter::open(temp.path(), {4, 1h, {}});
    QVERIFY(writer.ok());
    BatchFileWriter &w = **writer;
    for (qint64 n = 1; n <= 4; ++n)
        QVERIFY(w.append(message(n)).ok());
    QVERIFY(w.commitDue());
    QCOMPARE(w.timeUntilCommitDue(), 0ms);
    QCOMPARE(w.durableTicket(), BatchTicket(0));

    // The fifth message makes the writer commit the first four before taking it.
    QCOMPARE(*w.append(message(5)), BatchTicket(5));
    QCOMPARE(w.durableTicket(), BatchTicket(4));
    QCOMPARE(w.pendingCount(), 1);
    QCOMPARE(test::readFile(temp.filePath(u"messages_batch_0001.txt"_s)), test::seedLines(1, 4));

    for (qint64 n = 6; n <= 40; ++n) {
        QVERIFY(w.append(message(n)).ok());
        QVERIFY2(w.pendingCount() <= 4, "a group never holds more than maxGroupMessages");
        QVERIFY(w.lastTicket() - w.durableTicket() <= 4);
    }
    QCOMPARE(*w.commitIfDue(), BatchTicket(40));
}

void tst_BatchFileWriter::groupIsBoundedInTime()
{
    QTemporaryDir temp;
    auto now = std::make_shared<std::chrono::steady_clock::time_point>();
    auto writer = BatchFileWriter::open(temp.path(), {1000, 200ms, [now] {
                                                          return *now;
                                                      }});
    QVERIFY(writer.ok());
    BatchFileWriter &w = **writer;
    QCOMPARE(w.timeUntilCommitDue(), std::chrono::milliseconds::max());
    QVERIFY(!w.commitDue());

    QVERIFY(w.append(message(1)).ok());
    QVERIFY(!w.commitDue());
    QCOMPARE(w.timeUntilCommitDue(), 200ms);
    *now += 150ms;
    QCOMPARE(w.timeUntilCommitDue(), 50ms);
    QCOMPARE(*w.commitIfDue(), BatchTicket(0));
    QVERIFY(!QFileInfo::exists(temp.filePath(u"messages_batch_0001.txt"_s)));
    *now += 50ms;
    QVERIFY(w.commitDue());
    QCOMPARE(w.timeUntilCommitDue(), 0ms);
    QCOMPARE(*w.commitIfDue(), BatchTicket(1));

    // The age counts from the oldest pending line, and append() commits once it is due.
    QVERIFY(w.append(message(2)).ok());
    *now += 120ms;
    QVERIFY(w.append(message(3)).ok());
    QCOMPARE(w.timeUntilCommitDue(), 80ms);
    *now += 80ms;
    QVERIFY(w.append(message(4)).ok());
    QCOMPARE(w.durableTicket(), BatchTicket(3));
    QCOMPARE(w.pendingCount(), 1);
    QCOMPARE(w.timeUntilCommitDue(), 200ms);
}

void tst_BatchFileWriter::contentComesBackByteForByte_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::newRow("line feed") << QByteArray("one\ntwo\n");
    QTest::newRow("carriage return") << QByteArray("one\rtwo\r\n");
    QTest::newRow("NUL") << QByteArray("\0one\0", 5);
    QTest::newRow("bracket") << QByteArray("] [ ]]");
    QTest::newRow("forged prefix")
        << QByteArray("x\n[2026-11-21 10:00:05] Message #5: forged\n[2026-11-21 10:00:06] "
                      "Message #6: forged too");
    QTest::newRow("not UTF-8") << QByteArray("\xFF\xFE caf\xE9 \xC3\x28 \xED\xA0\x80");
    QTest::newRow("backslashes") << QByteArray("C:\\temp\\new \\n \\x41 \\");
    QTest::newRow("empty") << QByteArray("");
    QTest::newRow("long") << QByteArray(100000, 'L');
}

void tst_BatchFileWriter::contentComesBackByteForByte()
{
    QFETCH(QByteArray, content);
    QTemporaryDir temp;
    auto writer = BatchFileWriter::open(temp.path());
    QVERIFY(writer.ok());
    const QList<BatchMessage> messages{message(4), message(5, content), message(6)};
    for (const BatchMessage &m : messages)
        QVERIFY((*writer)->append(m).ok());
    QVERIFY((*writer)->commit().ok());

    const QByteArray bytes = test::readFile(temp.filePath(u"messages_batch_0001.txt"_s));
    QCOMPARE(bytes.count('\n'), 3);
    QVERIFY2(BatchLine::isValidUtf8(bytes), "the file is valid UTF-8 whatever the content");
    const auto read = readBatchFile(temp.path(), 1);
    QVERIFY2(read.ok(), qPrintable(read.errorMessage()));
    QCOMPARE(read->messages(), messages);

    const auto report = checkBatchStore(temp.path());
    QVERIFY(report.ok());
    QVERIFY2(report->clean(), qPrintable(report->findings.value(0).message));
    QCOMPARE(report->messages, 3);
}

void tst_BatchFileWriter::writesTheNumbersItIsGiven()
{
    QTemporaryDir temp;
    auto writer = BatchFileWriter::open(temp.path());
    QVERIFY(writer.ok());
    const QList<qint64> numbers{7, 7, 3, 0, 1000000};
    for (const qint64 n : numbers)
        QVERIFY((*writer)->append(message(n)).ok());
    QVERIFY((*writer)->commit().ok());
    QList<qint64> stored;
    for (const BatchMessage &m : readStore(temp.path()).messages)
        stored.append(m.number);
    QCOMPARE(stored, numbers);

    // Numbering is the sender's: what is odd about it is a finding of the report.
    const auto report = checkBatchStore(temp.path());
    QVERIFY(report.ok());
    QCOMPARE(report->count(BatchFinding::Kind::DuplicateNumber), 1);
}

void tst_BatchFileWriter::refusesBadMessages_data()
{
    QTest::addColumn<BatchMessage>("bad");
    QTest::addColumn<QString>("problem");
    QTest::newRow("negative number")
        << BatchMessage{-3, test::batchTestTime(1), "x"} << u"negative"_s;
    QTest::newRow("no timestamp") << BatchMessage{3, QDateTime(), "x"} << u"no valid timestamp"_s;
    QTest::newRow("year 10000") << BatchMessage{3, QDateTime(QDate(10000, 1, 1), QTime(), Qt::UTC),
                                                "x"}
                                << u"0000-9999"_s;
}

void tst_BatchFileWriter::refusesBadMessages()
{
    QFETCH(BatchMessage, bad);
    QFETCH(QString, problem);
    QTemporaryDir temp;
    auto writer = BatchFileWriter::open(temp.path());
    QVERIFY(writer.ok());
    const auto ticket = (*writer)->append(bad);
    QVERIFY(!ticket.ok());
    QCOMPARE(ticket.error().kind, StorageError::Kind::InvalidArgument);
    QVERIFY2(ticket.errorMessage().contains(problem), qPrintable(ticket.errorMessage()));
    QCOMPARE((*writer)->pendingCount(), 0);
    QCOMPARE((*writer)->lastTicket(), BatchTicket(0));
}

void tst_BatchFileWriter::restart_data()
{
    QTest::addColumn<Files>("files");
    QTest::addColumn<qint64>("batch");      // where the next line goes
    QTest::addColumn<int>("lines");         // lines that batch holds already
    QTest::addColumn<QByteArray>("cut");    // what was cut off and saved
    QTest::addColumn<qint64>("lastNumber"); // of the last well-formed line; -1: none
    const QByteArray torn("[2026-11-21 10:00:04] Message #4: half a mess");

    QTest::newRow("empty store") << Files{} << qint64(1) << 0 << QByteArray() << qint64(-1);
    QTest::newRow("three lines") << Files{{u"messages_batch_0001.txt"_s, test::seedLines(1, 3)}}
                                 << qint64(1) << 3 << QByteArray() << qint64(3);
    QTest::newRow("full file") << Files{{u"messages_batch_0001.txt"_s, test::seedLines(1, 10)}}
                               << qint64(2) << 0 << QByteArray() << qint64(10);
    QTest::newRow("torn last line")
        << Files{{u"messages_batch_0001.txt"_s, test::seedLines(1, 3) + torn}} << qint64(1) << 3
        << torn << qint64(3);
    QTest::newRow("only a partial first line")
        << Files{{u"messages_batch_0001.txt"_s, QByteArray("[2026-11-21 10:0")}} << qint64(1) << 0
        << QByteArray("[2026-11-21 10:0") << qint64(-1);
    QTest::newRow("torn line after ten")
        << Files{{u"messages_batch_0001.txt"_s, test::seedLines(1, 10) + "[2026"}} << qint64(2) << 0
        << QByteArray("[2026") << qint64(10);
    QTest::newRow("garbage and empty lines")
        << Files{{u"messages_batch_0001.txt"_s, test::seedLines(1, 2) + "garbage\n\n"}} << qint64(1)
        << 4 << QByteArray() << qint64(2);
    QTest::newRow("eleven lines") << Files{{u"messages_batch_0001.txt"_s, test::seedLines(1, 11)}}
                                  << qint64(2) << 0 << QByteArray() << qint64(11);
    QTest::newRow("10000 next to 1000 and 1001")
        << Files{{u"messages_batch_1000.txt"_s, test::seedLines(1, 10)},
                 {u"messages_batch_1001.txt"_s, test::seedLines(11, 10)},
                 {u"messages_batch_10000.txt"_s, test::seedLines(21, 3)}}
        << qint64(10000) << 3 << QByteArray() << qint64(23);
    QTest::newRow("9999 full") << Files{{u"messages_batch_9999.txt"_s, test::seedLines(1, 10)}}
                               << qint64(10000) << 0 << QByteArray() << qint64(10);
    QTest::newRow("empty last file")
        << Files{{u"messages_batch_0001.txt"_s, test::seedLines(1, 10)},
                 {u"messages_batch_0002.txt"_s, QByteArray()}}
        << qint64(2) << 0 << QByteArray() << qint64(-1);
    QTest::newRow("gap in batch numbers")
        << Files{{u"messages_batch_0001.txt"_s, test::seedLines(1, 10)},
                 {u"messages_batch_0005.txt"_s, test::seedLines(41, 3)}}
        << qint64(5) << 3 << QByteArray() << qint64(43);
    QTest::newRow("stray files ignored")
        << Files{{u"messages_batch_0001.txt"_s, test::seedLines(1, 3)},
                 {u"notes.txt"_s, QByteArray("x")},
                 {u"messages_batch_42.txt"_s, test::seedLines(1, 1)},
                 {u"messages_batch_00077.txt"_s, test::seedLines(1, 1)}}
        << qint64(1) << 3 << QByteArray() << qint64(3);
}

void tst_BatchFileWriter::restart()
{
    QFETCH(Files, files);
    QFETCH(qint64, batch);
    QFETCH(int, lines);
    QFETCH(QByteArray, cut);
    QFETCH(qint64, lastNumber);

    QTemporaryDir temp;
    for (auto it = files.cbegin(); it != files.cend(); ++it)
        QVERIFY(test::writeFile(temp.filePath(it.key()), it.value()));

    if (!cut.isEmpty()) // reported in the log too, not only in recovery()
        QTest::ignoreMessage(
            QtWarningMsg,
            QRegularExpression(u"ended in a torn line of %1 bytes"_s.arg(cut.size())));
    auto writer = BatchFileWriter::open(temp.path());
    QVERIFY2(writer.ok(), qPrintable(writer.errorMessage()));
    const BatchWriterRecovery &recovery = (*writer)->recovery();
    QCOMPARE((*writer)->currentBatchId(), batch);
    QCOMPARE((*writer)->linesInCurrentBatch(), lines);
    QCOMPARE(recovery.lastMessageNumber.value_or(-1), lastNumber);
    QCOMPARE(recovery.cutBytes, cut.size());

    const QString name = batchFileName(batch);
    QByteArray kept = files.value(name);
    if (!cut.isEmpty()) {
        // Cut back to the last complete line; the bytes kept beside the file, and said so.
        QVERIFY(!recovery.savedFragment.isEmpty());
        const QString last = batchFileName(recovery.lastBatchId);
        QVERIFY2(QFileInfo(recovery.savedFragment).fileName().startsWith(last + u".torn-"_s),
                 qPrintable(recovery.savedFragment));
        QCOMPARE(test::readFile(recovery.savedFragment), cut);
        QVERIFY2(recovery.message.contains(last) &&
                     recovery.message.contains(QFileInfo(recovery.savedFragment).fileName()),
                 qPrintable(recovery.message));
        const QByteArray original = files.value(last);
        QCOMPARE(test::readFile(temp.filePath(last)), original.chopped(cut.size()));
        if (last == name)
            kept = original.chopped(cut.size());
    } else {
        QVERIFY(recovery.savedFragment.isEmpty());
        QVERIFY(recovery.message.isEmpty());
    }

    // The next line continues that batch, or starts it under its name.
    const BatchMessage next = message(1000);
    QVERIFY((*writer)->append(next).ok());
    QVERIFY((*writer)->commit().ok());
    QCOMPARE(test::readFile(temp.filePath(name)), kept + *BatchLine::format(next));
    for (auto it = files.cbegin(); it != files.cend(); ++it) {
        if (it.key() != name && it.key() != batchFileName(recovery.lastBatchId))
            QCOMPARE(test::readFile(temp.filePath(it.key())), it.value());
    }
}

void tst_BatchFileWriter::refusesToWriteThroughALink_data()
{
    QTest::addColumn<bool>("folder"); // the last batch is a folder rather than a link
    QTest::newRow("symbolic link out of the store") << false;
    QTest::newRow("folder") << true;
}

void tst_BatchFileWriter::refusesToWriteThroughALink()
{
    QFETCH(bool, folder);
    QTemporaryDir temp;
    QTemporaryDir elsewhere;
    const QString outside = elsewhere.filePath(u"victim.txt"_s);
    QVERIFY(test::writeFile(outside, "precious\n"));
    QVERIFY(test::writeFile(temp.filePath(u"messages_batch_0001.txt"_s), test::seedLines(1, 10)));
    const QString last = temp.filePath(u"messages_batch_0002.txt"_s);
    if (folder)
        QVERIFY(QDir().mkdir(last));
    else
        QVERIFY(QFile::link(outside, last));

    auto writer = BatchFileWriter::open(temp.path());
    QVERIFY(!writer.ok());
    QCOMPARE(writer.error().kind, StorageError::Kind::Io);
    QVERIFY2(writer.errorMessage().contains(u"messages_batch_0002.txt"_s) &&
                 writer.errorMessage().contains(folder ? u"a folder"_s : u"a symbolic link"_s) &&
                 writer.errorMessage().contains(u"Move it out of the store"_s),
             qPrintable(writer.errorMessage()));
    QCOMPARE(test::readFile(outside), QByteArray("precious\n"));
}

void tst_BatchFileWriter::refusesAFileAsStore()
{
    QTemporaryDir temp;
    const QString file = temp.filePath(u"store"_s);
    QVERIFY(test::writeFile(file, "not a folder"));
    auto writer = BatchFileWriter::open(file);
    QVERIFY(!writer.ok());
    QVERIFY2(writer.errorMessage().contains(u"is a file, not a folder"_s),
             qPrintable(writer.errorMessage()));
    QCOMPARE(test::readFile(file), QByteArray("not a folder"));
}

void tst_BatchFileWriter::secondWriterIsRefused_data()
{
    QTest::addColumn<bool>("otherProcess");
    QTest::newRow("second writer in this process") << false;
    QTest::newRow("writer in another process") << true;
}

void tst_BatchFileWriter::secondWriterIsRefused()
{
    QFETCH(bool, otherProcess);
    QTemporaryDir temp;
    std::optional<Result<std::unique_ptr<BatchFileWriter>>> first;
    pid_t holder = ::getpid();
    int ready[2] = {-1, -1};
    int release[2] = {-1, -1};
    if (otherProcess) {
        QVERIFY(::pipe(ready) == 0 && ::pipe(release) == 0);
        holder = ::fork();
        QVERIFY(holder >= 0);
        if (holder == 0) {
            // The other writer: take the store, say so, hold it until told to stop.
            ::close(ready[0]);
            ::close(release[1]);
            auto mine = BatchFileWriter::open(temp.path());
            const char state = mine.ok() ? 'y' : 'n';
            (void)!::write(ready[1], &state, 1);
            char ignored = 0;
            (void)!::read(release[0], &ignored, 1);
            ::_exit(0);
        }
        ::close(ready[1]);
        ::close(release[0]);
        char state = 0;
        QCOMPARE(::read(ready[0], &state, 1), ssize_t(1));
        QCOMPARE(state, 'y');
    } else {
        first = BatchFileWriter::open(temp.path());
        QVERIFY(first->ok());
    }

    auto second = BatchFileWriter::open(temp.path());
    QVERIFY(!second.ok());
    QCOMPARE(second.error().kind, StorageError::Kind::Locked);
    const QString pid = u"pid %1"_s.arg(holder);
    QVERIFY2(second.errorMessage().contains(pid) && second.errorMessage().contains(temp.path()) &&
                 second.errorMessage().contains(u"Only one writer"_s),
             qPrintable(second.errorMessage()));

    // Once the holder is done, the store is free.
    if (otherProcess) {
        ::close(release[1]);
        int status = 0;
        QCOMPARE(::waitpid(holder, &status, 0), holder);
        ::close(ready[0]);
    } else {
        first.reset();
    }
    auto third = BatchFileWriter::open(temp.path());
    QVERIFY2(third.ok(), qPrintable(third.errorMessage()));
}

void tst_BatchFileWriter::crashedWriterLeavesTheLockAndATornLine()
{
    QTemporaryDir temp;
    const pid_t child = ::fork();
    QVERIFY(child >= 0);
    if (child == 0) {
        // Writes three durable lines, starts a fourth, and dies without any cleanup.
        auto writer = BatchFileWriter::open(temp.path());
        for (qint64 n = 1; n <= 3 && writer.ok(); ++n)
            (void)(*writer)->append(message(n));
        if (writer.ok())
            (void)(*writer)->commit();
        test::appendFile(temp.filePath(u"messages_batch_0001.txt"_s),
                         "[2026-11-21 10:00:04] Message #4: Test mess");
        ::kill(::getpid(), SIGKILL);
        ::_exit(1);
    }
    int status = 0;
    QCOMPARE(::waitpid(child, &status, 0), child);
    QVERIFY(WIFSIGNALED(status));

    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"ended in a torn line of 43 bytes"_s));
    auto writer = BatchFileWriter::open(temp.path());
    QVERIFY2(writer.ok(), qPrintable(writer.errorMessage()));
    QCOMPARE((*writer)->recovery().cutBytes, 43);
    QCOMPARE(test::readFile(temp.filePath(u"messages_batch_0001.txt"_s)), test::seedLines(1, 3));
    QVERIFY((*writer)->append(message(4)).ok());
    QVERIFY((*writer)->commit().ok());
    QCOMPARE(test::readFile(temp.filePath(u"messages_batch_0001.txt"_s)), test::seedLines(1, 4));
}

void tst_BatchFileWriter::fullDisk_data()
{
    QTest::addColumn<bool>("tmpfs"); // a tiny tmpfs; otherwise a file-size limit
    QTest::addColumn<QString>("said");
    QTest::newRow("tiny tmpfs") << true << u"No space left on device"_s;
    QTest::newRow("file-size limit") << false << u"File too large"_s;
}

void tst_BatchFileWriter::fullDisk()
{
    QFETCH(bool, tmpfs);
    QFETCH(QString, said);

    QTemporaryDir temp;
    const QString disk = temp.filePath(u"disk"_s);
    const QString store = disk + u"/store"_s;
    const QString filler = disk + u"/filler"_s;
    std::unique_ptr<test::TinyFileSystem> mounted;
    if (tmpfs) {
        QString why;
        mounted = test::TinyFileSystem::mount(disk, 256 * 1024, &why);
        if (!mounted)
            PORTHOLE_SKIP_OR_FAIL(
                u"No tmpfs here (%1); the file-size limit row covers a full disk."_s.arg(why));
        // Most of the space goes to a filler; deleting it is how space comes back. What is
        // left (an odd number of 4 KiB pages) runs out in the middle of a line.
        QVERIFY(test::writeFile(filler, QByteArray(176 * 1024, 'f')));
    }
    auto opened = BatchFileWriter::open(store, {5, 1h, {}});
    QVERIFY2(opened.ok(), qPrintable(opened.errorMessage()));
    BatchFileWriter &writer = **opened;

    // The file-size limit: a write past 4000 bytes fails with EFBIG (SIGXFSZ ignored).
    struct Limit
    {
        bool active = false;
        rlimit saved{};
        sighandler_t handler = SIG_DFL;
        void set(rlim_t bytes)
        {
            handler = ::signal(SIGXFSZ, SIG_IGN);
            ::getrlimit(RLIMIT_FSIZE, &saved);
            rlimit limited = saved;
            limited.rlim_cur = bytes;
            active = ::setrlimit(RLIMIT_FSIZE, &limited) == 0;
        }
        void lift()
        {
            if (active)
                ::setrlimit(RLIMIT_FSIZE, &saved);
            if (active)
                ::signal(SIGXFSZ, handler);
            active = false;
        }
        ~Limit() { lift(); }
    } limit;
    if (!tmpfs) {
        limit.set(4000);
        QVERIFY(limit.active);
    }

    // Write until the disk says no.
    QList<BatchMessage> appended;
    std::optional<StorageError> failure;
    const QByteArray body(600, 'x');
    for (qint64 n = 1; n <= 5000; ++n) {
        const BatchMessage m = message(n, body + QByteArray::number(n));
        const auto ticket = writer.append(m);
        if (!ticket) {
            failure = ticket.error();
            break;
        }
        appended.append(m);
    }
    QVERIFY2(failure.has_value(), "the disk never filled up");
    QCOMPARE(failure->kind, StorageError::Kind::Io);
    QVERIFY2(failure->message.contains(said) && failure->message.contains(store) &&
                 failure->message.contains(u"not acknowledged"_s),
             qPrintable(failure->message));
    const BatchTicket durable = writer.durableTicket();
    QVERIFY(durable > 0);
    QCOMPARE(writer.pendingCount(), 5);
    QCOMPARE(writer.lastTicket(), durable + 5);

    // The files hold the durable lines, each once, in order, and nothing else: no part of a
    // line, and nothing of the failed commit.
    Stored stored = readStore(store);
    QCOMPARE(stored.malformed, 0);
    QCOMPARE(stored.messages, appended.first(qsizetype(durable)));

    // While the cause lasts: no acknowledgement, and no new message is taken.
    QVERIFY(!writer.commit().ok());
    QVERIFY(!writer.append(message(9999)).ok());
    QCOMPARE(writer.durableTicket(), durable);

    // The cause goes; writing resumes where it stopped, nothing lost, nothing twice.
    if (tmpfs)
        QVERIFY(QFile::remove(filler));
    else
        limit.lift();
    const auto resumed = writer.commit();
    QVERIFY2(resumed.ok(), qPrintable(resumed.errorMessage()));
    QCOMPARE(*resumed, writer.lastTicket());
    for (qint64 n = appended.size() + 1, end = n + 12; n < end; ++n) {
        appended.append(message(n, body + QByteArray::number(n)));
        QVERIFY(writer.append(appended.constLast()).ok());
    }
    QVERIFY(writer.commit().ok());
    stored = readStore(store);
    QCOMPARE(stored.malformed, 0);
    QCOMPARE(stored.messages, appended);
    const auto report = checkBatchStore(store);
    QVERIFY(report.ok());
    QVERIFY2(report->clean(), qPrintable(report->findings.value(0).message));
}

void tst_BatchFileWriter::permissionDenied()
{
    QTemporaryDir temp;
    const QString store = temp.filePath(u"store"_s);
    QVERIFY(QDir().mkdir(store));
    const QByteArray path = QFile::encodeName(store);
    test::WithoutRootOverride asAnyone;
    QVERIFY2(asAnyone.ok(), "cannot drop root's permission override");

    // A folder nobody may write to: no writer, and a message that says why.
    QCOMPARE(::chmod(path.constData(), 0555), 0);
    auto refused = BatchFileWriter::open(store);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().kind, StorageError::Kind::Io);
    QVERIFY2(refused.errorMessage().contains(u"Permission denied"_s) &&
                 refused.errorMessage().contains(BatchFileWriter::lockFileName()) &&
                 refused.errorMessage().contains(u"permissions"_s),
             qPrintable(refused.errorMessage()));

    QCOMPARE(::chmod(path.constData(), 0755), 0);
    auto writer = BatchFileWriter::open(store);
    QVERIFY(writer.ok());
    for (qint64 n = 1; n <= 10; ++n)
        QVERIFY((*writer)->append(message(n)).ok());
    QCOMPARE(*(*writer)->commit(), BatchTicket(10));

    // The next batch cannot be created while the folder is read-only...
    QCOMPARE(::chmod(path.constData(), 0555), 0);
    QVERIFY((*writer)->append(message(11)).ok());
    const auto failed = (*writer)->commit();
    QVERIFY(!failed.ok());
    QVERIFY2(failed.errorMessage().contains(u"Permission denied"_s) &&
                 failed.errorMessage().contains(u"messages_batch_0002.txt"_s),
             qPrintable(failed.errorMessage()));
    QCOMPARE((*writer)->durableTicket(), BatchTicket(10));
    QVERIFY(!QFileInfo::exists(store + u"/messages_batch_0002.txt"_s));

    // ...and is once it is writable again.
    QCOMPARE(::chmod(path.constData(), 0755), 0);
    QCOMPARE(*(*writer)->commit(), BatchTicket(11));
    QCOMPARE(test::readFile(store + u"/messages_batch_0002.txt"_s), test::seedLine(11));
    QCOMPARE(test::readFile(store + u"/messages_batch_0001.txt"_s), test::seedLines(1, 10));
}

void tst_BatchFileWriter::readOnlyFileSystem()
{
    QTemporaryDir temp;
    const QString disk = temp.filePath(u"ro"_s);
    QString why;
    const auto mounted = test::TinyFileSystem::mount(disk, 64 * 1024, &why);
    if (!mounted)
        PORTHOLE_SKIP_OR_FAIL(
            u"No tmpfs here (%1); permissionDenied covers a folder that cannot be "
            "written."_s.arg(why));
    const QString store = disk + u"/store"_s;
    QVERIFY(QDir().mkdir(store));
    QVERIFY(test::writeFile(store + u"/messages_batch_0001.txt"_s, test::seedLines(1, 3)));
    QVERIFY(mounted->setReadOnly(true));

    auto refused = BatchFileWriter::open(store);
    QVERIFY(!refused.ok());
    QVERIFY2(refused.errorMessage().contains(u"Read-only file system"_s) &&
                 refused.errorMessage().contains(u"mount it read-write"_s),
             qPrintable(refused.errorMessage()));
    QCOMPARE(test::readFile(store + u"/messages_batch_0001.txt"_s), test::seedLines(1, 3));

    QVERIFY(mounted->setReadOnly(false));
    auto writer = BatchFileWriter::open(store);
    QVERIFY2(writer.ok(), qPrintable(writer.errorMessage()));
    QVERIFY((*writer)->append(message(4)).ok());
    QVERIFY((*writer)->commit().ok());
    QCOMPARE(test::readFile(store + u"/messages_batch_0001.txt"_s), test::seedLines(1, 4));
}

void tst_BatchFileWriter::noticesAnotherProgramWriting()
{
    QTemporaryDir temp;
    auto writer = BatchFileWriter::open(temp.path());
    QVERIFY(writer.ok());
    for (qint64 n = 1; n <= 3; ++n)
        QVERIFY((*writer)->append(message(n)).ok());
    QVERIFY((*writer)->commit().ok());

    // A program that ignores the lock appends a line of its own.
    const QString file = temp.filePath(u"messages_batch_0001.txt"_s);
    const QByteArray intruder = test::seedLine(99, "intruder");
    QVERIFY(test::appendFile(file, intruder));

    QVERIFY((*writer)->append(message(4)).ok());
    const auto committed = (*writer)->commit();
    QVERIFY(!committed.ok());
    QVERIFY2(committed.errorMessage().contains(u"changed by another program"_s),
             qPrintable(committed.errorMessage()));
    QCOMPARE(test::readFile(file), test::seedLines(1, 3) + intruder); // its line is left alone
    QCOMPARE((*writer)->durableTicket(), BatchTicket(3));
}

QTEST_GUILESS_MAIN(tst_BatchFileWriter)
#include "tst_batchfilewriter.moc"
