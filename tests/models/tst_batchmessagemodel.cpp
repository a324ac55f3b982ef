#include "batchline.h"
#include "batchmessagemodel.h"
#include "batchteststore.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace porthole::test;
using Model = BatchMessageModel;

// The lines of one batch file: what each row shows, and how the rows follow the file.
class tst_BatchMessageModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsTheLines();
    void followsTheFile();
    void aTornLineIsCompletedInPlace();
    void aRemovedFileSaysSo();
    void editedByHandWhileFollowed_data();
    void editedByHandWhileFollowed();
    void anotherFileResets();
    void reloadsWhenNotFollowing();
    void showsControlCharactersVisibly();

private:
    static QString path(const QTemporaryDir &dir, qint64 id)
    {
        return dir.filePath(batchFileName(id));
    }
    static QVariant cell(const Model &model, int row, int column, int role = Qt::DisplayRole)
    {
        return model.index(row, column).data(role);
    }
};

void tst_BatchMessageModel::showsTheLines()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // 1, 2, 3, a damaged line, 5, then 8 (6 and 7 missing), 9.
    QVERIFY(writeFile(path(dir, 1), seedLines(1, 3) + "garbage\n" + seedLine(5) + seedLine(8) +
                                        seedLine(9, "C:\\\\temp")));

    Model model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy loaded(&model, &Model::loaded);
    model.setFile(dir.path(), 1);
    QCOMPARE(model.state(), Model::State::Loading);
    QVERIFY(loaded.wait());
    QCOMPARE(loaded.first().first().toLongLong(), 1);
    QCOMPARE(model.state(), Model::State::Ready);
    QCOMPARE(model.rowCount(), 7);
    QCOMPARE(model.columnCount(), int(Model::ColumnCount));

    QCOMPARE(cell(model, 0, Model::LineColumn).toString(), u"1"_s);
    QCOMPARE(cell(model, 0, Model::NumberColumn).toString(), u"1"_s);
    QCOMPARE(cell(model, 0, Model::ContentColumn).toString(), u"Test message number 1"_s);
    QCOMPARE(cell(model, 0, Model::TimeColumn).toString(),
             batchTestTime(1).toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s));
    QVERIFY(cell(model, 0, Model::TimeColumn, Qt::ToolTipRole)
                .toString()
                .contains(u"2026-11-21 10:00:01 UTC"_s));
    QCOMPARE(cell(model, 0, 0, Model::TimestampRole).toDateTime(), batchTestTime(1));
    QCOMPARE(Qt::Alignment(cell(model, 0, Model::NumberColumn, Qt::TextAlignmentRole).toInt()) &
                 Qt::AlignHorizontal_Mask,
             Qt::AlignRight);
    QCOMPARE(cell(model, 6, 0, Model::ContentRole).toByteArray(), QByteArray("C:\\temp"));

    // The damaged line: marked, with the reason in its tooltip.
    QVERIFY(cell(model, 3, 0, Model::DamagedRole).toBool());
    QVERIFY(!cell(model, 2, 0, Model::DamagedRole).toBool());
    QCOMPARE(cell(model, 3, Model::ContentColumn).toString(), u"garbage"_s);
    QVERIFY(cell(model, 3, Model::NumberColumn).toString().isEmpty());
    QVERIFY(!cell(model, 3, 0, Model::MessageNumberRole).isValid());
    const QString problem = cell(model, 3, 0, Model::ProblemRole).toString();
    QVERIFY(!problem.isEmpty());
    QVERIFY(cell(model, 3, Model::LineColumn, Qt::ToolTipRole).toString().contains(problem));
    QVERIFY(cell(model, 3, Model::ContentColumn, Qt::ForegroundRole).isValid());
    QVERIFY(cell(model, 3, Model::LineColumn, Qt::DecorationRole).isValid());

    // 5 comes after 3 (the damaged line is no message): one number missing; 8 after 5: two.
    QCOMPARE(cell(model, 4, 0, Model::GapRole).toLongLong(), 1);
    QCOMPARE(cell(model, 5, 0, Model::GapRole).toLongLong(), 2);
    QCOMPARE(cell(model, 6, 0, Model::GapRole).toLongLong(), 0);
    QVERIFY(model.note(5).contains(u"#6 to #7"_s));
    QVERIFY(
        cell(model, 5, Model::NumberColumn, Qt::ToolTipRole).toString().contains(u"#6 to #7"_s));
    QVERIFY(cell(model, 5, Model::NumberColumn, Qt::ForegroundRole).isValid());
    QVERIFY(!cell(model, 6, Model::NumberColumn, Qt::ForegroundRole).isValid());
    QCOMPARE(model.rowForLine(6), 5);
    QCOMPARE(model.rowForLine(8), -1);
}

void tst_BatchMessageModel::followsTheFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(writeFile(path(dir, 3), seedLines(21, 5)));
    Model model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QVERIFY(model.followLive());
    model.setFile(dir.path(), 3);
    QTRY_COMPARE(model.rowCount(), 5);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);

    QVERIFY(appendFile(path(dir, 3), seedLines(26, 3)));
    QTRY_COMPARE(model.rowCount(), 8);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), 5);
    QCOMPARE(inserted.first().at(2).toInt(), 7);
    QCOMPARE(cell(model, 7, Model::NumberColumn).toString(), u"28"_s);

    // A damaged line written: one more row, marked.
    QVERIFY(appendFile(path(dir, 3), "\n"));
    QTRY_COMPARE(model.rowCount(), 9);
    QVERIFY(cell(model, 8, 0, Model::DamagedRole).toBool());
    QCOMPARE(reset.size(), 0);
}

void tst_BatchMessageModel::aTornLineIsCompletedInPlace()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QByteArray line = seedLine(4);
    QVERIFY(writeFile(path(dir, 1), seedLines(1, 3) + line.first(15)));
    Model model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setFile(dir.path(), 1);
    QTRY_COMPARE(model.rowCount(), 4);
    QVERIFY(cell(model, 3, 0, Model::DamagedRole).toBool()); // no line end yet
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

    QVERIFY(appendFile(path(dir, 1), line.sliced(15)));
    QTRY_VERIFY(!cell(model, 3, 0, Model::DamagedRole).toBool());
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(cell(model, 3, Model::NumberColumn).toString(), u"4"_s);
    QVERIFY(!changed.isEmpty());
    QCOMPARE(changed.last().at(0).toModelIndex().row(), 3);
    QCOMPARE(reset.size(), 0);
}

void tst_BatchMessageModel::aRemovedFileSaysSo()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(writeFile(path(dir, 2), seedLines(11, 10)));
    Model model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setFile(dir.path(), 2);
    QTRY_COMPARE(model.rowCount(), 10);
    QVERIFY(QFile::remove(path(dir, 2)));
    QTRY_COMPARE(model.state(), Model::State::Failed);
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(model.errorMessage().contains(batchFileName(2)));

    // A file that is not there from the start says so too.
    model.setFile(dir.path(), 9);
    QTRY_COMPARE(model.state(), Model::State::Failed);
}

void tst_BatchMessageModel::editedByHandWhileFollowed_data()
{
    QTest::addColumn<QByteArray>("edited"); // the file's new bytes
    QTest::addColumn<bool>("byRename");     // written beside it and renamed over, as editors do

    const QByteArray ten = seedLines(1, 10);
    QTest::newRow("a line changed in the middle")
        << QByteArray(seedLines(1, 4) + seedLine(5, "changed by hand") + seedLines(6, 5)) << false;
    QTest::newRow("a line removed in the middle")
        << QByteArray(seedLines(1, 4) + seedLines(6, 5)) << false;
    QTest::newRow("a line made damaged in the middle")
        << QByteArray(seedLines(1, 4) + "not a batch line\n" + seedLines(6, 5)) << false;
    QTest::newRow("cut short") << seedLines(1, 6) << false;
    QTest::newRow("cut in the middle of a line") << ten.first(ten.size() / 2) << false;
    QTest::newRow("emptied") << QByteArray() << false;
    QTest::newRow("replaced by a rename")
        << QByteArray(seedLines(1, 3) + seedLine(4, "saved by an editor") + seedLines(5, 6))
        << true;
}

// A followed file edited by hand anywhere, not only at its end: the rows become what a fresh
// reading of the file gives, with no row left from before, and the model goes on following.
void tst_BatchMessageModel::editedByHandWhileFollowed()
{
    QFETCH(QByteArray, edited);
    QFETCH(bool, byRename);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = path(dir, 2);
    QVERIFY(writeFile(file, seedLines(1, 10)));
    Model model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setFile(dir.path(), 2);
    QTRY_COMPARE(model.rowCount(), 10);

    if (byRename) {
        const QString beside = dir.filePath(u"edited.tmp"_s);
        QVERIFY(writeFile(beside, edited));
        QVERIFY(::rename(QFile::encodeName(beside).constData(),
                         QFile::encodeName(file).constData()) == 0);
    } else {
        QVERIFY(writeFile(file, edited));
    }
    // What the rows must show: the file read afresh.
    const auto rowsOf = [&model] {
        QList<QByteArray> rows;
        for (int row = 0; row < model.rowCount(); ++row)
            rows << cell(model, row, 0, Model::LineNumberRole).toByteArray() + ' ' +
                        cell(model, row, 0, Model::ContentRole).toByteArray() + ' ' +
                        cell(model, row, 0, Model::MessageNumberRole).toByteArray();
        return rows;
    };
    const auto freshRows = [&dir] {
        Model fresh;
        fresh.setFollowLive(false);
        QSignalSpy loaded(&fresh, &Model::loaded);
        fresh.setFile(dir.path(), 2);
        loaded.wait();
        QList<QByteArray> rows;
        for (int row = 0; row < fresh.rowCount(); ++row)
            rows << cell(fresh, row, 0, Model::LineNumberRole).toByteArray() + ' ' +
                        cell(fresh, row, 0, Model::ContentRole).toByteArray() + ' ' +
                        cell(fresh, row, 0, Model::MessageNumberRole).toByteArray();
        return rows;
    };
    const QList<QByteArray> expected = freshRows();
    QTRY_COMPARE(rowsOf(), expected);

    // It goes on following: lines added after the edit come in.
    QVERIFY(appendFile(file, seedLines(11, 2)));
    const QList<QByteArray> grown = freshRows();
    // Two lines more; after a torn last line, the first of them completes it.
    const bool torn = !edited.isEmpty() && !edited.endsWith('\n');
    QCOMPARE(grown.size(), expected.size() + (torn ? 1 : 2));
    QTRY_COMPARE(rowsOf(), grown);
}

void tst_BatchMessageModel::anotherFileResets()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(writeFile(path(dir, 1), seedLines(1, 10)));
    QVERIFY(writeFile(path(dir, 2), seedLines(11, 4)));
    Model model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setFile(dir.path(), 1);
    QTRY_COMPARE(model.rowCount(), 10);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy loaded(&model, &Model::loaded);
    model.setFile(dir.path(), 2);
    QCOMPARE(reset.size(), 1);
    QVERIFY(loaded.wait());
    QCOMPARE(loaded.first().first().toLongLong(), 2);
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(cell(model, 0, Model::NumberColumn).toString(), u"11"_s);

    model.setFile(dir.path(), 0);
    QCOMPARE(model.state(), Model::State::NoFile);
    QCOMPARE(model.rowCount(), 0);
}

void tst_BatchMessageModel::reloadsWhenNotFollowing()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(writeFile(path(dir, 1), seedLines(1, 2)));
    Model model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setFollowLive(false);
    model.setFile(dir.path(), 1);
    QTRY_COMPARE(model.rowCount(), 2);
    QVERIFY(appendFile(path(dir, 1), seedLine(3)));
    model.reload();
    QTRY_COMPARE(model.rowCount(), 3);
    // Following again reads what was missed meanwhile.
    QVERIFY(appendFile(path(dir, 1), seedLine(4)));
    model.setFollowLive(true);
    QTRY_COMPARE(model.rowCount(), 4);
}

void tst_BatchMessageModel::showsControlCharactersVisibly()
{
    QCOMPARE(Model::displayText("a\nb\rc\td"), u"a\u240Ab\u240Dc\td"_s);
    const QString long_ = Model::displayText(QByteArray(100000, 'x'));
    QVERIFY(long_.size() < 5000);
    QVERIFY(long_.endsWith(u'…'));
}

QTEST_MAIN(tst_BatchMessageModel)
#include "tst_batchmessagemodel.moc"
