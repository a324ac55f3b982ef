#include "batchfilelistmodel.h"
#include "batchline.h"
#include "batchteststore.h"
#include "skippolicy.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QFileInfo>
#include <QItemSelectionModel>
#include <QLocale>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace porthole::test;
using Model = BatchFileListModel;

// The list of batch files: what each row shows, and how the rows follow the store live.
class tst_BatchFileListModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listsTheStore();
    void followsTheStore();
    void aMissingFolderIsWaitedFor();
    void anEmptyFolderIsReady();
    void anUnreadableFolderSaysWhy();
    void anotherFolderResets();
    void diffsListings();

private:
    static QString path(const QTemporaryDir &dir, qint64 id)
    {
        return dir.filePath(batchFileName(id));
    }
    static qint64 flagsOf(const Model &model, int row)
    {
        return model.index(row, 0).data(Model::FlagsRole).toLongLong();
    }
    static QString text(const Model &model, int row, int column, int role = Qt::DisplayRole)
    {
        return model.index(row, column).data(role).toString();
    }
};

void tst_BatchFileListModel::listsTheStore()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(writeFile(path(dir, 1), seedLines(1, 10)));
    // Line 5 of batch 2 is garbage: 9 messages in 10 lines.
    QVERIFY(writeFile(path(dir, 2), seedLines(11, 4) + "garbage\n" + seedLines(16, 5)));
    // Batch 3 starts at 25: messages 21 to 24 are missing.
    QVERIFY(writeFile(path(dir, 3), seedLines(25, 10)));
    QVERIFY(setModified(path(dir, 1), batchTestSecs(10)));

    Model model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QCOMPARE(model.state(), Model::State::NoFolder);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy listed(&model, &Model::listed);
    model.setDirectory(dir.path());
    QCOMPARE(model.state(), Model::State::Loading);
    QVERIFY(listed.wait());
    QCOMPARE(model.state(), Model::State::Ready);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.columnCount(), int(Model::ColumnCount));
    QCOMPARE(inserted.size(), 1); // the first listing is one insertion, not a reset
    QCOMPARE(reset.size(), 0);

    const QLocale locale;
    QCOMPARE(text(model, 0, Model::IdColumn), u"1"_s);
    QCOMPARE(text(model, 0, Model::FileNameColumn), u"messages_batch_0001.txt"_s);
    QCOMPARE(text(model, 1, Model::MessagesColumn), u"9"_s);
    QCOMPARE(text(model, 1, Model::LinesColumn), u"10"_s);
    QCOMPARE(text(model, 1, Model::DamagedLinesColumn), u"1"_s);
    QCOMPARE(text(model, 0, Model::FirstNumberColumn), u"1"_s);
    QCOMPARE(text(model, 0, Model::LastNumberColumn), u"10"_s);
    QCOMPARE(text(model, 2, Model::FirstNumberColumn), u"25"_s);
    QCOMPARE(text(model, 2, Model::LastNumberColumn), u"34"_s);
    const qint64 size = QFileInfo(path(dir, 1)).size();
    QCOMPARE(model.index(0, Model::SizeColumn).data(Model::ValueRole).toLongLong(), size);
    QCOMPARE(text(model, 0, Model::SizeColumn), locale.formattedDataSize(size));
    QCOMPARE(text(model, 0, Model::SizeColumn, Qt::ToolTipRole),
             u"%1 bytes"_s.arg(locale.toString(size)));

    // Times in local time, UTC in the tooltip.
    const QDateTime modified = batchTestTime(10);
    QCOMPARE(model.index(0, Model::ModifiedColumn).data(Model::ValueRole).toDateTime(), modified);
    QCOMPARE(text(model, 0, Model::ModifiedColumn),
             modified.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s));
    QVERIFY(text(model, 0, Model::ModifiedColumn, Qt::ToolTipRole)
                .contains(u"2026-11-21 10:00:10 UTC"_s));
    QVERIFY(!text(model, 0, Model::CreatedColumn).isEmpty());
    QVERIFY(text(model, 0, Model::CreatedColumn, Qt::ToolTipRole).contains(u"UTC"_s));

    // Numbers to the right, names and times to the left.
    const auto alignment = [&model](int column) {
        return Qt::Alignment(model.index(0, column).data(Qt::TextAlignmentRole).toInt()) &
               Qt::AlignHorizontal_Mask;
    };
    for (const int column :
         {Model::IdColumn, Model::MessagesColumn, Model::SizeColumn, Model::FirstNumberColumn,
          Model::LastNumberColumn, Model::LinesColumn, Model::DamagedLinesColumn})
        QCOMPARE(alignment(column), Qt::AlignRight);
    QCOMPARE(alignment(Model::FileNameColumn), Qt::AlignLeft);
    QCOMPARE(alignment(Model::ModifiedColumn), Qt::AlignLeft);

    // Flags: the damaged file, and the file after the gap; the first is clean.
    QCOMPARE(flagsOf(model, 0), qint64(Model::NoFlag));
    QCOMPARE(flagsOf(model, 1), qint64(Model::DamagedLines));
    QCOMPARE(flagsOf(model, 2), qint64(Model::NumberGap));
    QVERIFY(!model.index(0, Model::FileNameColumn).data(Qt::ForegroundRole).isValid());
    QVERIFY(!model.index(0, Model::FileNameColumn).data(Qt::DecorationRole).isValid());
    QVERIFY(model.index(1, Model::FileNameColumn).data(Qt::ForegroundRole).isValid());
    QVERIFY(model.index(2, Model::FileNameColumn).data(Qt::DecorationRole).isValid());
    QVERIFY(model.flagText(1).contains(u"1 damaged line"_s));
    QVERIFY(model.flagText(2).contains(u"#21 to #24"_s));
    QVERIFY(text(model, 2, Model::FileNameColumn, Qt::ToolTipRole).contains(u"#21 to #24"_s));

    QCOMPARE(model.rowForBatch(3), 2);
    QCOMPARE(model.rowForBatch(4), -1);
    QCOMPARE(model.batchIds(), (QList<qint64>{1, 2, 3}));
    QCOMPARE(model.index(2, 0).data(Model::BatchIdRole).toLongLong(), 3);
    QCOMPARE(model.index(2, 0).data(Model::FileInfoRole).value<BatchFileInfo>().messageCount, 10);
    QCOMPARE(model.headerData(Model::DamagedLinesColumn, Qt::Horizontal).toString(), u"Damaged"_s);
}

void tst_BatchFileListModel::followsTheStore()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    for (qint64 id = 1; id <= 3; ++id)
        QVERIFY(writeFile(path(dir, id), seedLines((id - 1) * 10 + 1, 10)));

    Model model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QItemSelectionModel selection(&model);
    model.setDirectory(dir.path());
    QTRY_COMPARE(model.rowCount(), 3);
    selection.setCurrentIndex(model.index(1, 0),
                              QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

    // A new file: one row inserted at the end.
    QVERIFY(writeFile(path(dir, 4), seedLines(31, 5)));
    QTRY_COMPARE(model.rowCount(), 4);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), 3);
    QCOMPARE(inserted.first().at(2).toInt(), 3);
    // The file may be seen before its lines are written: then it changes once more.
    QTRY_COMPARE(text(model, 3, Model::MessagesColumn), u"5"_s);

    // It grows: the row changes in place.
    QVERIFY(appendFile(path(dir, 4), seedLines(36, 3)));
    QTRY_COMPARE(text(model, 3, Model::MessagesColumn), u"8"_s);
    QCOMPARE(text(model, 3, Model::LastNumberColumn), u"38"_s);
    QVERIFY(!changed.isEmpty());

    // A damaged line is written: counted and flagged.
    QVERIFY(appendFile(path(dir, 4), "not a message\n"));
    QTRY_COMPARE(text(model, 3, Model::DamagedLinesColumn), u"1"_s);
    QCOMPARE(text(model, 3, Model::LinesColumn), u"9"_s);
    QVERIFY(flagsOf(model, 3) & Model::DamagedLines);

    // Batch 3 goes: its row is removed; batch 4 now follows a gap in ids and numbers.
    QVERIFY(QFile::remove(path(dir, 3)));
    QTRY_COMPARE(model.rowCount(), 3);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed.first().at(1).toInt(), 2);
    QCOMPARE(model.batchIds(), (QList<qint64>{1, 2, 4}));
    QCOMPARE(flagsOf(model, 2),
             qint64(Model::DamagedLines | Model::NumberGap | Model::MissingBatches));
    QVERIFY(model.flagText(2).contains(u"Batch 3 is missing"_s));

    // The first file goes: what was selected stays selected.
    QVERIFY(QFile::remove(path(dir, 1)));
    QTRY_COMPARE(model.rowCount(), 2);
    QCOMPARE(selection.currentIndex().data(Model::BatchIdRole).toLongLong(), 2);
    QCOMPARE(selection.selectedRows().size(), 1);
    QCOMPARE(reset.size(), 0);
}

void tst_BatchFileListModel::aMissingFolderIsWaitedFor()
{
    QTemporaryDir root;
    QVERIFY(root.isValid());
    const QString store = root.filePath(u"messages"_s);
    Model model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setDirectory(store);
    QTRY_COMPARE(model.state(), Model::State::Missing);
    QVERIFY(model.errorMessage().contains(store));
    QCOMPARE(model.rowCount(), 0);

    // The receiver creates the folder with its first file.
    QVERIFY(QDir().mkpath(store));
    QVERIFY(writeFile(store + u'/' + batchFileName(1), seedLines(1, 3)));
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 1, 10000);
    QCOMPARE(model.state(), Model::State::Ready);
    QVERIFY(model.errorMessage().isEmpty());
}

void tst_BatchFileListModel::anEmptyFolderIsReady()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    Model model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setDirectory(dir.path());
    QTRY_COMPARE(model.state(), Model::State::Ready);
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(writeFile(path(dir, 1), seedLines(1, 1)));
    QTRY_COMPARE(model.rowCount(), 1);
}

void tst_BatchFileListModel::anUnreadableFolderSaysWhy()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(writeFile(path(dir, 1), seedLines(1, 10)));
    // The model's thread is made after this, and so goes without root's override as well.
    WithoutRootOverride asAnyone;
    if (!asAnyone.ok())
        PORTHOLE_SKIP_OR_FAIL("cannot drop root's override of permissions");
    QVERIFY(QFile::setPermissions(dir.path(), QFileDevice::Permissions()));
    Model model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setDirectory(dir.path());
    QTRY_COMPARE(model.state(), Model::State::Failed);
    QVERIFY2(model.errorMessage().contains(dir.path()), qPrintable(model.errorMessage()));
    QCOMPARE(model.rowCount(), 0);

    // Readable again: listed at the next try.
    QVERIFY(QFile::setPermissions(dir.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                  QFileDevice::ExeOwner));
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 1, 10000);
    QCOMPARE(model.state(), Model::State::Ready);
}

void tst_BatchFileListModel::anotherFolderResets()
{
    QTemporaryDir first;
    QTemporaryDir second;
    QVERIFY(first.isValid() && second.isValid());
    QVERIFY(writeFile(path(first, 1), seedLines(1, 10)));
    QVERIFY(writeFile(path(first, 2), seedLines(11, 10)));
    QVERIFY(writeFile(path(second, 7), seedLines(61, 10)));
    Model model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setDirectory(first.path());
    QTRY_COMPARE(model.rowCount(), 2);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setDirectory(second.path());
    QCOMPARE(reset.size(), 1);
    QCOMPARE(model.rowCount(), 0);
    QTRY_COMPARE(model.rowCount(), 1);
    QCOMPARE(model.batchIds(), QList<qint64>{7});
    model.setDirectory(QString());
    QCOMPARE(model.state(), Model::State::NoFolder);
    QCOMPARE(model.rowCount(), 0);
}

void tst_BatchFileListModel::diffsListings()
{
    const auto file = [](qint64 id, qint64 messages) {
        BatchFileInfo info;
        info.id = id;
        info.fileName = batchFileName(id);
        info.messageCount = messages;
        return info;
    };
    const QList<BatchFileInfo> before{file(1, 10), file(2, 10), file(3, 4)};
    const QList<BatchFileInfo> after{file(2, 10), file(3, 6), file(4, 1), file(5, 1)};
    const BatchListUpdate update = BatchFileLister::diff(before, after);
    QCOMPARE(update.removed, QList<qint64>{1});
    QCOMPARE(update.changed, QList<BatchFileInfo>{file(3, 6)});
    QCOMPARE(update.added, (QList<BatchFileInfo>{file(4, 1), file(5, 1)}));
    QVERIFY(BatchFileLister::diff(before, before).isEmpty());
    QCOMPARE(BatchFileLister::diff({}, after).added, after);
}

QTEST_MAIN(tst_BatchFileListModel)
#include "tst_batchfilelistmodel.moc"
