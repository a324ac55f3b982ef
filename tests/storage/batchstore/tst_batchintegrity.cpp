#include "batchfileindex.h"
#include "batchfilewriter.h"
#include "batchintegrity.h"
#include "batchteststore.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;
using Files = QMap<QString, QByteArray>;
using Links = QMap<QString, QString>; // name -> target; "{outside}" is another folder

// The integrity report, one rule a row, on real files.
class tst_BatchIntegrity : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void findings_data();
    void findings();
    void portholeFilesAreNotStray();
    void unreadableFile();
    void limitPerKind();
    void missingStore();
};

void tst_BatchIntegrity::findings_data()
{
    QTest::addColumn<Files>("files");
    QTest::addColumn<QStringList>("folders");
    QTest::addColumn<Links>("links");
    QTest::addColumn<QStringList>("kinds");    // expected, in any order
    QTest::addColumn<QStringList>("mentions"); // text some finding must hold

    const auto seed = [](qint64 first, int count) {
        return test::seedLines(first, count);
    };
    QTest::newRow("clean store") << Files{{u"messages_batch_0001.txt"_s, seed(1, 10)},
                                          {u"messages_batch_0002.txt"_s, seed(11, 10)},
                                          {u"messages_batch_0003.txt"_s, seed(21, 3)}}
                                 << QStringList() << Links() << QStringList() << QStringList();
    QTest::newRow("empty store") << Files() << QStringList() << Links() << QStringList()
                                 << QStringList();
    QTest::newRow("11-line file") << Files{{u"messages_batch_0001.txt"_s, seed(1, 11)},
                                           {u"messages_batch_0002.txt"_s, seed(12, 3)}}
                                  << QStringList() << Links() << QStringList{u"too-many-lines"_s}
                                  << QStringList{u"messages_batch_0001.txt has 11 lines"_s};
    QTest::newRow("short file that is not the last")
        << Files{{u"messages_batch_0001.txt"_s, seed(1, 7)},
                 {u"messages_batch_0002.txt"_s, seed(8, 3)}}
        << QStringList() << Links() << QStringList{u"short-file"_s}
        << QStringList{u"messages_batch_0001.txt has 7 lines but is not the last"_s};
    QTest::newRow("missing batches") << Files{{u"messages_batch_0001.txt"_s, seed(1, 10)},
                                              {u"messages_batch_0004.txt"_s, seed(11, 10)}}
                                     << QStringList() << Links() << QStringList{u"missing-batch"_s}
                                     << QStringList{u"Batch 2-3 is missing"_s};
    QTest::newRow("gap in message numbers")
        << Files{{u"messages_batch_0001.txt"_s, seed(1, 10)},
                 {u"messages_batch_0002.txt"_s, seed(11, 2) + seed(15, 2)}}
        << QStringList() << Links() << QStringList{u"number-gap"_s}
        << QStringList{u"Message #13-14 is missing"_s, u"messages_batch_0002.txt:3"_s};
    QTest::newRow("duplicate across files")
        << Files{{u"messages_batch_0001.txt"_s, seed(1, 10)},
                 {u"messages_batch_0002.txt"_s, seed(10, 3)}}
        << QStringList() << Links() << QStringList{u"duplicate-number"_s}
        << QStringList{u"messages_batch_0002.txt:1: message #10 is stored again (also at "
                       "messages_batch_0001.txt:10)"_s};
    QTest::newRow("out of order") << Files{{u"messages_batch_0001.txt"_s,
                                            seed(1, 5) + test::seedLine(7) + test::seedLine(6) +
                                                seed(8, 3)}}
                                  << QStringList() << Links()
                                  << QStringList{u"number-out-of-order"_s, u"timestamp-backwards"_s}
                                  << QStringList{u"message #6 comes after #7"_s};
    QTest::newRow("timestamps backwards")
        << Files{{u"messages_batch_0001.txt"_s,
                  seed(1, 4) + "[2026-11-21 09:00:00] Message #5: early\n" + seed(6, 5)}}
        << QStringList() << Links() << QStringList{u"timestamp-backwards"_s}
        << QStringList{u"messages_batch_0001.txt:5: the timestamp 2026-11-21 09:00:00"_s};
    QTest::newRow("garbage and empty lines")
        << Files{{u"messages_batch_0001.txt"_s, seed(1, 3) + "garbage\n\n" + seed(4, 5)}}
        << QStringList() << Links() << QStringList{u"malformed-line"_s, u"malformed-line"_s}
        << QStringList{u"messages_batch_0001.txt:4: does not start with"_s,
                       u"messages_batch_0001.txt:5: empty line"_s};
    QTest::newRow("torn last line")
        << Files{{u"messages_batch_0001.txt"_s, seed(1, 3) + "[2026-11-21 10:00:04] Mess"}}
        << QStringList() << Links() << QStringList{u"malformed-line"_s}
        << QStringList{u"messages_batch_0001.txt:4: the last line has no line end"_s};
    QTest::newRow("only a partial first line")
        << Files{{u"messages_batch_0001.txt"_s, QByteArray("[2026-11")}} << QStringList() << Links()
        << QStringList{u"malformed-line"_s} << QStringList{u"messages_batch_0001.txt:1:"_s};
    QTest::newRow("names that do not match")
        << Files{{u"messages_batch_0001.txt"_s, seed(1, 3)},
                 {u"notes.txt"_s, QByteArray("x")},
                 {u"messages_batch_42.txt"_s, seed(4, 1)},
                 {u"messages_batch_00002.txt"_s, seed(5, 1)},
                 {u"messages_batch_0000.txt"_s, seed(6, 1)}}
        << QStringList() << Links() << QStringList(4, u"stray-file"_s)
        << QStringList{u"notes.txt does not match"_s, u"messages_batch_00002.txt"_s};
    QTest::newRow("symbolic links pointing out")
        << Files{{u"messages_batch_0001.txt"_s, seed(1, 3)}} << QStringList()
        << Links{{u"messages_batch_0002.txt"_s, u"{outside}/secret.txt"_s},
                 {u"escape.txt"_s, u"../../../etc/passwd"_s}}
        << QStringList(2, u"link-outside-store"_s)
        << QStringList{u"messages_batch_0002.txt is a symbolic link leading outside"_s};
    QTest::newRow("symbolic link inside")
        << Files{{u"messages_batch_0001.txt"_s, seed(1, 3)}} << QStringList()
        << Links{{u"alias.txt"_s, u"messages_batch_0001.txt"_s}} << QStringList{u"link"_s}
        << QStringList{u"alias.txt is a symbolic link to messages_batch_0001.txt"_s};
    QTest::newRow("folder") << Files{{u"messages_batch_0001.txt"_s, seed(1, 3)}}
                            << QStringList{u"old"_s} << Links() << QStringList{u"stray-file"_s}
                            << QStringList{u"old is a folder"_s};
    QTest::newRow("saved fragment")
        << Files{{u"messages_batch_0001.txt"_s, seed(1, 3)},
                 {u"messages_batch_0001.txt.torn-20261121T100000Z"_s, QByteArray("[2026-11")}}
        << QStringList() << Links() << QStringList{u"saved-fragment"_s}
        << QStringList{u"messages_batch_0001.txt.torn-20261121T100000Z holds a torn"_s};
    QTest::newRow("forged prefix in content")
        << Files{{u"messages_batch_0001.txt"_s,
                  seed(1, 4) +
                      test::seedLine(5, "a\\n[2026-11-21 10:00:05] Message #5: forged ] \\0") +
                      seed(6, 5)}}
        << QStringList() << Links() << QStringList() << QStringList();
    QTest::newRow("10000 next to 1000 and 1001")
        << Files{{u"messages_batch_1000.txt"_s, seed(1, 10)},
                 {u"messages_batch_1001.txt"_s, seed(11, 10)},
                 {u"messages_batch_10000.txt"_s, seed(21, 3)}}
        << QStringList() << Links() << QStringList{u"missing-batch"_s}
        << QStringList{u"Batch 1002-9999 is missing"_s};
}

void tst_BatchIntegrity::findings()
{
    QFETCH(Files, files);
    QFETCH(QStringList, folders);
    QFETCH(Links, links);
    QFETCH(QStringList, kinds);
    QFETCH(QStringList, mentions);

    QTemporaryDir temp;
    QTemporaryDir outside;
    QVERIFY(test::writeFile(outside.filePath(u"secret.txt"_s), test::seedLines(1, 3)));
    for (auto it = files.cbegin(); it != files.cend(); ++it)
        QVERIFY(test::writeFile(temp.filePath(it.key()), it.value()));
    for (const QString &folder : folders)
        QVERIFY(QDir().mkdir(temp.filePath(folder)));
    for (auto it = links.cbegin(); it != links.cend(); ++it) {
        QString target = it.value();
        target.replace(u"{outside}"_s, outside.path());
        QVERIFY(::symlink(QFile::encodeName(target).constData(),
                          QFile::encodeName(temp.filePath(it.key())).constData()) == 0);
    }

    const auto report = checkBatchStore(temp.path());
    QVERIFY2(report.ok(), qPrintable(report.errorMessage()));
    QStringList found;
    QString all;
    for (const BatchFinding &finding : report->findings) {
        found.append(batchFindingKindName(finding.kind));
        all += finding.message + u'\n';
    }
    found.sort();
    kinds.sort();
    QVERIFY2(found == kinds, qPrintable(all));
    QCOMPARE(report->clean(), kinds.isEmpty());
    for (const QString &mention : mentions)
        QVERIFY2(all.contains(mention), qPrintable(mention + u" not in:\n"_s + all));
    // Links are never followed: the file outside is as it was, and was not counted.
    QCOMPARE(test::readFile(outside.filePath(u"secret.txt"_s)), test::seedLines(1, 3));
}

void tst_BatchIntegrity::portholeFilesAreNotStray()
{
    QTemporaryDir temp;
    {
        auto writer = BatchFileWriter::open(temp.path());
        QVERIFY(writer.ok());
        for (qint64 n = 1; n <= 13; ++n)
            QVERIFY((*writer)->append({n, test::batchTestTime(n), "x"}).ok());
        QVERIFY((*writer)->commit().ok());
        BatchFileIndex index(temp.path());
        QVERIFY(index.refresh().ok());
        QVERIFY(index.lastRefresh().cacheSaved);
    }
    const QStringList hidden =
        QDir(temp.path()).entryList(QStringList{u".porthole-*"_s}, QDir::Files | QDir::Hidden);
    QCOMPARE(hidden.size(), 2); // the writer's lock and the index
    const auto report = checkBatchStore(temp.path());
    QVERIFY(report.ok());
    QVERIFY2(report->clean(), qPrintable(report->findings.value(0).message));
    QCOMPARE(report->files, 2);
    QCOMPARE(report->messages, 13);
}

void tst_BatchIntegrity::unreadableFile()
{
    QTemporaryDir temp;
    const QString file = temp.filePath(u"messages_batch_0001.txt"_s);
    QVERIFY(test::writeFile(file, test::seedLines(1, 3)));
    test::WithoutRootOverride asAnyone;
    QVERIFY(asAnyone.ok());
    QCOMPARE(::chmod(QFile::encodeName(file).constData(), 0), 0);
    const auto report = checkBatchStore(temp.path());
    QVERIFY(report.ok());
    QCOMPARE(report->count(BatchFinding::Kind::Unreadable), 1);
    QVERIFY2(report->findings.value(0).message.contains(u"Permission denied"_s),
             qPrintable(report->findings.value(0).message));
}

void tst_BatchIntegrity::limitPerKind()
{
    QTemporaryDir temp;
    QByteArray lines;
    for (qint64 n = 1; n <= 60; n += 2)
        lines += test::seedLine(n); // 30 numbers, 29 gaps
    QVERIFY(test::writeFile(temp.filePath(u"messages_batch_0001.txt"_s), lines));
    const auto report = checkBatchStore(temp.path(), 5);
    QVERIFY(report.ok());
    QCOMPARE(report->findings.size(), 5 + 1); // five gaps listed, and the one too-many-lines
    QCOMPARE(report->omitted.value(BatchFinding::Kind::NumberGap), 24);
    QCOMPARE(report->count(BatchFinding::Kind::NumberGap), 29);
}

void tst_BatchIntegrity::missingStore()
{
    QTemporaryDir temp;
    const auto report = checkBatchStore(temp.filePath(u"gone"_s));
    QVERIFY(!report.ok());
    QCOMPARE(report.error().kind, StorageError::Kind::NotFound);
}

QTEST_GUILESS_MAIN(tst_BatchIntegrity)
#include "tst_batchintegrity.moc"
