#include "batchfilewriter.h"
#include "batchteststore.h"
#include "peakmemory.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace Qt::StringLiterals;
using namespace porthole;

// The batch-file writer's start-up on a last file it could not have left: how much of it is
// read and written. (tst_batchfilewriter covers start-up on the files it leaves.)
class tst_BatchWriterStartup : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void restartReadsOnlyTheTailOfABigLastFile_data();
    void restartReadsOnlyTheTailOfABigLastFile();

private:
    static BatchMessage message14()
    {
        return BatchMessage{14, test::batchTestTime(14), "Test message number 14"};
    }
};

void tst_BatchWriterStartup::restartReadsOnlyTheTailOfABigLastFile_data()
{
    QTest::addColumn<qint64>("size");      // the last file's, sparse after three lines
    QTest::addColumn<qint64>("readLimit"); // what open() may read of it
    QTest::addColumn<QString>("said");     // in the recovery message

    QTest::newRow("2 GiB: larger than a batch file can be")
        << (qint64(2) << 30) << qint64(1 << 20) << u"more than a batch file can ever be"_s;
    QTest::newRow("100 MiB without a line end: no line is that long")
        << (qint64(100) << 20) << batchLineLimit + (1 << 20)
        << u"without a line end, longer than any line Porthole writes"_s;
}

// A last file whose end is not a torn line this writer could have left (a sparse file of
// zeros, a file far too large) is neither read whole nor copied into a `.torn-*` file: it is
// left as it is and the writer goes on in the next batch. What open() reads is counted by the
// kernel (rchar), so the bound does not depend on how fast the machine is.
void tst_BatchWriterStartup::restartReadsOnlyTheTailOfABigLastFile()
{
    QFETCH(qint64, size);
    QFETCH(qint64, readLimit);
    QFETCH(QString, said);

    QTemporaryDir temp;
    const QString path = temp.filePath(u"messages_batch_0002.txt"_s);
    QVERIFY(test::writeFile(temp.filePath(u"messages_batch_0001.txt"_s), test::seedLines(1, 10)));
    QVERIFY(test::writeFile(path, test::seedLines(11, 3)));
    QVERIFY(QFile::resize(path, size)); // ftruncate: a hole, no disk space
    struct stat before = {};
    QCOMPARE(::stat(QFile::encodeName(path).constData(), &before), 0);

    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QRegularExpression::escape(said)));
    const qint64 readBefore = test::bytesReadBySelf();
    QVERIFY(readBefore >= 0);
    auto writer = BatchFileWriter::open(temp.path());
    const qint64 read = test::bytesReadBySelf() - readBefore;
    QVERIFY2(writer.ok(), qPrintable(writer.errorMessage()));
    qInfo("open() read %lld bytes", read);
    QVERIFY2(read <= readLimit,
             qPrintable(u"open() read %1 bytes, more than %2"_s.arg(read).arg(readLimit)));

    // Nothing cut, nothing copied: the file is as it was, and no fragment was saved.
    const BatchWriterRecovery &recovery = (*writer)->recovery();
    QCOMPARE(recovery.lastBatchId, qint64(2));
    QCOMPARE(recovery.cutBytes, qint64(0));
    QVERIFY(recovery.savedFragment.isEmpty());
    QVERIFY2(recovery.message.contains(u"messages_batch_0002.txt"_s) &&
                 recovery.message.contains(said) &&
                 recovery.message.contains(u"messages_batch_0003.txt"_s),
             qPrintable(recovery.message));
    QCOMPARE(QDir(temp.path()).entryList({u"*.torn-*"_s}, QDir::Files | QDir::Hidden),
             QStringList());
    struct stat after = {};
    QCOMPARE(::stat(QFile::encodeName(path).constData(), &after), 0);
    QCOMPARE(after.st_size, before.st_size);
    QCOMPARE(after.st_blocks, before.st_blocks);

    // The next message starts the next batch; the last number is the file's before it.
    QCOMPARE(recovery.lastMessageNumber.value_or(-1), qint64(10));
    QCOMPARE((*writer)->currentBatchId(), qint64(3));
    QVERIFY((*writer)->append(message14()).ok());
    QVERIFY((*writer)->commit().ok());
    QCOMPARE(test::readFile(temp.filePath(u"messages_batch_0003.txt"_s)),
             *BatchLine::format(message14()));
}

QTEST_GUILESS_MAIN(tst_BatchWriterStartup)
#include "tst_batchwriterstartup.moc"
