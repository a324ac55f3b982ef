#include "batchfilewriter.h"
#include "batchimport.h"
#include "batchline.h"
#include "batchteststore.h"
#include "messagerepository.h"
#include "migrateddatabase.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;

class tst_BatchImport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void importsOnceThenOnlyWhatIsNew_data() { test::addEngineRows(); }
    void importsOnceThenOnlyWhatIsNew();
    void awkwardContentComesBackExactly_data() { test::addEngineRows(); }
    void awkwardContentComesBackExactly();
};

void tst_BatchImport::importsOnceThenOnlyWhatIsNew()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QTemporaryDir store;
    // 23 messages in the seed's own format: two full files and one of three lines, and a
    // damaged line in the second.
    QVERIFY(test::writeFile(store.filePath(batchFileName(1)), test::seedLines(1, 10)));
    QVERIFY(test::writeFile(store.filePath(batchFileName(2)),
                            test::seedLines(11, 5) + "garbage line\n" + test::seedLines(16, 4)));
    QVERIFY(test::writeFile(store.filePath(batchFileName(3)), test::seedLines(20, 3)));

    auto first = importBatchStore(store.path(), database.db);
    QVERIFY2(first.ok(), qPrintable(first.errorMessage()));
    QCOMPARE(first->files, 3);
    QCOMPARE(first->messages, 22);
    QCOMPARE(first->inserted, 22);
    QCOMPARE(first->duplicates, 0);
    QCOMPARE(first->damagedLines, 1);

    auto again = importBatchStore(store.path(), database.db);
    QVERIFY(again.ok());
    QCOMPARE(again->inserted, 0);
    QCOMPARE(again->duplicates, 22);

    // The last file grows: only the new lines come in.
    QVERIFY(test::appendFile(store.filePath(batchFileName(3)), test::seedLines(23, 2)));
    auto grown = importBatchStore(store.path(), database.db);
    QVERIFY(grown.ok());
    QCOMPARE(grown->inserted, 2);

    MessageRepository repository(database.db);
    QCOMPARE(repository.count({})->value, 24);
    auto batches = repository.batches();
    QVERIFY(batches.ok());
    QCOMPARE(batches->size(), 3);
    QCOMPARE(batches->at(2).filename, u"messages_batch_0003.txt"_s);
    QCOMPARE(batches->at(2).messageCount, 5);
    MessageFilter inSecond;
    inSecond.batchId = 2;
    QCOMPARE(repository.count(inSecond)->value, 9);
    PageRequest byNumber;
    byNumber.sortColumn = u"message_number"_s;
    const auto page = repository.page({}, byNumber);
    QCOMPARE(page->rows.constFirst().messageNumber, 1);
    QCOMPARE(page->rows.constFirst().content, QByteArray("Test message number 1"));
    QCOMPARE(page->rows.constFirst().timestamp, test::batchTestTime(1));
}

void tst_BatchImport::awkwardContentComesBackExactly()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QTemporaryDir store;
    const QList<QByteArray> contents{QByteArray("line\nbreak\rand ] [x] Message #5: forged"),
                                     QByteArray("nul \0 byte", 10),
                                     QByteArray("not utf-8 \xff\xfe"), QByteArray("back\\slash")};
    {
        auto writer = BatchFileWriter::open(store.path());
        QVERIFY2(writer.ok(), qPrintable(writer.errorMessage()));
        for (qsizetype i = 0; i < contents.size(); ++i)
            (*writer)->append({100 + i, test::batchTestTime(100 + i), contents.at(i)});
        QVERIFY((*writer)->commit().ok());
    }
    auto imported = importBatchStore(store.path(), database.db);
    QVERIFY2(imported.ok(), qPrintable(imported.errorMessage()));
    QCOMPARE(imported->inserted, contents.size());
    PageRequest byNumber;
    byNumber.sortColumn = u"message_number"_s;
    const auto page = MessageRepository(database.db).page({}, byNumber);
    QVERIFY(page.ok());
    QCOMPARE(page->rows.size(), contents.size());
    for (qsizetype i = 0; i < contents.size(); ++i)
        QCOMPARE(page->rows.at(i).content, contents.at(i));
}

QTEST_GUILESS_MAIN(tst_BatchImport)
#include "tst_batchimport.moc"
