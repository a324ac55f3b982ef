#include "batchespane.h"
#include "batchfilelistmodel.h"
#include "batchline.h"
#include "batchmessagemodel.h"
#include "batchsearch.h"
#include "batchteststore.h"

#include <QApplication>
#include <QCheckBox>
#include <QHeaderView>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace porthole::test;
using Files = BatchFileListModel;
using Messages = BatchMessageModel;

// The Batch files pane on a real store: what it shows, finding, following, its states.
class tst_BatchesPane : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void showsTheStore();
    void findsAMessageInAnotherFile();
    void findsTextAndWrapsAround();
    void ctrlFGoesToTheSearch();
    void enterGoesToTheLinesAndALineWhole();
    void followsANewFile();
    void saysWhatIsGoingOn_data();
    void saysWhatIsGoingOn();
    void keepsItsLayout();

private:
    // Batches 1 to 5 of ten messages each (1 to 50); batch 3 has a damaged line in place of
    // message 25; batch 5 starts at 43 (41 and 42 are missing).
    static void writeStore(const QTemporaryDir &dir);
    static QString path(const QTemporaryDir &dir, qint64 id)
    {
        return dir.filePath(batchFileName(id));
    }
    // The operator clicks a file.
    static void clickFile(BatchesPane &pane, int row)
    {
        const QModelIndex index = pane.fileModel()->index(row, Files::FileNameColumn);
        const QRect cell = pane.fileView()->visualRect(index);
        QTest::mouseClick(pane.fileView()->viewport(), Qt::LeftButton, {}, cell.center());
    }
};

void tst_BatchesPane::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"PortholeTest"_s);
    QCoreApplication::setApplicationName(u"tst_batchespane"_s);
}

void tst_BatchesPane::init()
{
    QSettings().clear();
}

void tst_BatchesPane::writeStore(const QTemporaryDir &dir)
{
    QVERIFY(writeFile(path(dir, 1), seedLines(1, 10)));
    QVERIFY(writeFile(path(dir, 2), seedLines(11, 10)));
    QVERIFY(writeFile(path(dir, 3), seedLines(21, 4) + "#### garbage\n" + seedLines(26, 5)));
    QVERIFY(writeFile(path(dir, 4), seedLines(31, 10)));
    QVERIFY(writeFile(path(dir, 5), seedLines(43, 8)));
}

void tst_BatchesPane::showsTheStore()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    writeStore(dir);
    BatchesPane pane(dir.path());
    QCOMPARE(pane.paneId(), u"batches"_s);
    QCOMPARE(pane.title(), u"Batch files"_s);
    pane.resize(1200, 800);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));

    QTRY_COMPARE(pane.fileModel()->rowCount(), 5);
    QVERIFY(pane.stateText().isEmpty());
    QVERIFY(pane.fileView()->isVisible());
    const auto flagsOf = [&pane](int row) {
        return pane.fileModel()->index(row, 0).data(Files::FlagsRole).toInt();
    };
    QCOMPARE(flagsOf(0), int(Files::NoFlag));
    QCOMPARE(flagsOf(2), int(Files::DamagedLines));
    QCOMPARE(flagsOf(4), int(Files::NumberGap));

    // Following by default: the newest file, its messages.
    QVERIFY(pane.isFollowing());
    QTRY_COMPARE(pane.selectedBatchId(), 5);
    QTRY_COMPARE(pane.messageModel()->rowCount(), 8);
    QCOMPARE(pane.messageModel()->index(0, Messages::NumberColumn).data().toString(), u"43"_s);
    QVERIFY(pane.fileHeadingText().startsWith(u"messages_batch_0005.txt: 8 messages"_s));

    // The operator picks the damaged file: following stops, its lines are shown.
    clickFile(pane, 2);
    QCOMPARE(pane.selectedBatchId(), 3);
    QVERIFY(!pane.isFollowing());
    QTRY_COMPARE(pane.messageModel()->batchId(), 3);
    QTRY_COMPARE(pane.messageModel()->rowCount(), 10);
    QCOMPARE(pane.messageModel()->index(0, Messages::ContentColumn).data().toString(),
             u"Test message number 21"_s);
    QVERIFY(pane.messageModel()->index(4, 0).data(Messages::DamagedRole).toBool());
    QVERIFY(pane.fileHeadingText().contains(u"9 messages, 1 damaged line"_s));
}

void tst_BatchesPane::findsAMessageInAnotherFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    writeStore(dir);
    BatchesPane pane(dir.path());
    pane.resize(1200, 800);
    pane.show();
    QTRY_COMPARE(pane.selectedBatchId(), 5);
    clickFile(pane, 0);
    QTRY_COMPARE(pane.messageModel()->rowCount(), 10);

    // Typed and Enter: message #37 is line 7 of batch 4.
    pane.searchField()->setFocus();
    QTest::keyClicks(pane.searchField(), u"#37"_s);
    QTest::keyClick(pane.searchField(), Qt::Key_Return);
    QTRY_COMPARE(pane.selectedBatchId(), 4);
    QTRY_COMPARE(pane.selectedLineNumber(), 7);
    QCOMPARE(pane.messageModel()->batchId(), 4);
    QCOMPARE(pane.messageView()->currentIndex().data(Messages::MessageNumberRole).toLongLong(), 37);
    QTRY_COMPARE(pane.searchStatusText(), u"Match 1 of 1"_s);
}

void tst_BatchesPane::findsTextAndWrapsAround()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    writeStore(dir);
    BatchesPane pane(dir.path());
    pane.show();
    QTRY_COMPARE(pane.selectedBatchId(), 5);

    // "number 2" is in messages 2 and 20 to 29 (25 is the damaged line, not matching).
    // From batch 5 on, the next match wraps around to batch 1, line 2.
    pane.find(u"NUMBER 2"_s);
    QTRY_COMPARE(pane.selectedBatchId(), 1);
    QTRY_COMPARE(pane.selectedLineNumber(), 2);
    QTRY_VERIFY(!pane.search()->isRunning());
    QCOMPARE(pane.search()->hits().size(), 10);
    QVERIFY(pane.searchStatusText().startsWith(u"Match 1 of 10"_s));
    pane.findNext();
    QCOMPARE(pane.selectedBatchId(), 2);
    QTRY_COMPARE(pane.selectedLineNumber(), 10); // message 20
    pane.findPrevious();
    QCOMPARE(pane.selectedBatchId(), 1);
    QTRY_COMPARE(pane.selectedLineNumber(), 2);

    // The damaged line is found by its text.
    pane.find(u"garbage"_s);
    QTRY_COMPARE(pane.selectedBatchId(), 3);
    QTRY_COMPARE(pane.selectedLineNumber(), 5);

    pane.find(u"#99"_s);
    QTRY_COMPARE(pane.searchStatusText(), u"No message matches message #99."_s);
    QCOMPARE(pane.selectedBatchId(), 3);
}

void tst_BatchesPane::ctrlFGoesToTheSearch()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    writeStore(dir);
    BatchesPane pane(dir.path());
    pane.show();
    QApplication::setActiveWindow(&pane);
    QVERIFY(QTest::qWaitForWindowActive(&pane));
    QTRY_COMPARE(pane.fileModel()->rowCount(), 5);
    pane.fileView()->setFocus();
    QTRY_VERIFY(pane.fileView()->hasFocus());
    QTest::keyClick(pane.fileView(), Qt::Key_F, Qt::ControlModifier);
    QTRY_VERIFY(pane.searchField()->hasFocus());
    // From the lines too, and what was typed before is selected, to be typed over.
    QTest::keyClicks(pane.searchField(), u"#12"_s);
    pane.messageView()->setFocus();
    QTRY_VERIFY(pane.messageView()->hasFocus());
    QTest::keyClick(pane.messageView(), Qt::Key_F, Qt::ControlModifier);
    QTRY_VERIFY(pane.searchField()->hasFocus());
    QCOMPARE(pane.searchField()->selectedText(), u"#12"_s);
}

void tst_BatchesPane::enterGoesToTheLinesAndALineWhole()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QByteArray longContent = "the long one: " + QByteArray(3000, 'x') + " (end)";
    QVERIFY(writeFile(path(dir, 1), seedLines(1, 10)));
    QVERIFY(writeFile(path(dir, 2), seedLines(11, 3) + seedLine(14, longContent) +
                                        "#### garbage\n" + seedLines(15, 2)));
    BatchesPane pane(dir.path());
    pane.resize(1000, 700);
    pane.show();
    QApplication::setActiveWindow(&pane);
    QVERIFY(QTest::qWaitForWindowActive(&pane));
    QTRY_COMPARE(pane.fileModel()->rowCount(), 2);
    QTRY_COMPARE(pane.selectedBatchId(), 2);
    QTRY_COMPARE(pane.messageModel()->rowCount(), 7);
    // The line whole is shut until asked for.
    QCOMPARE(pane.lineSplitter()->sizes().at(1), 0);
    QVERIFY(pane.lineDetailsText().startsWith(u"Select a line"_s));

    // Enter on a file goes to its lines.
    pane.fileView()->setFocus();
    QTRY_VERIFY(pane.fileView()->hasFocus());
    QTest::keyClick(pane.fileView(), Qt::Key_Return);
    QTRY_VERIFY(pane.messageView()->hasFocus());

    // Enter on the line of message 14: it whole, below the lines, and the focus with it.
    pane.messageView()->selectRow(3);
    QTest::keyClick(pane.messageView(), Qt::Key_Return);
    QTRY_VERIFY(pane.lineDetailsView()->hasFocus());
    QVERIFY(pane.lineSplitter()->sizes().at(1) > 0);
    QCOMPARE(pane.lineDetailsView()->toPlainText(), QString::fromUtf8(longContent));
    QVERIFY2(pane.lineDetailsText().startsWith(u"Line 4 · message #14 · received "_s),
             qPrintable(pane.lineDetailsText().left(200)));
    QVERIFY(pane.lineDetailsText().contains(u"(UTC 2026-11-21 10:00:14)"_s));

    // Escape goes back to the lines; the damaged line next, with what is wrong with it.
    QTest::keyClick(pane.lineDetailsView(), Qt::Key_Escape);
    QTRY_VERIFY(pane.messageView()->hasFocus());
    QTest::keyClick(pane.messageView(), Qt::Key_Down);
    QCOMPARE(pane.selectedLineNumber(), 5);
    QTest::keyClick(pane.messageView(), Qt::Key_Enter, Qt::KeypadModifier);
    QTRY_VERIFY(pane.lineDetailsView()->hasFocus());
    QCOMPARE(pane.lineDetailsView()->toPlainText(), u"#### garbage"_s);
    QVERIFY2(pane.lineDetailsText().contains(u"Line 5 is damaged: "_s),
             qPrintable(pane.lineDetailsText()));

    // And Escape from the lines back to the files.
    QTest::keyClick(pane.lineDetailsView(), Qt::Key_Escape);
    QTRY_VERIFY(pane.messageView()->hasFocus());
    QTest::keyClick(pane.messageView(), Qt::Key_Escape);
    QTRY_VERIFY(pane.fileView()->hasFocus());
}

void tst_BatchesPane::followsANewFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(writeFile(path(dir, 1), seedLines(1, 10)));
    QVERIFY(writeFile(path(dir, 2), seedLines(11, 10)));
    BatchesPane pane(dir.path());
    pane.resize(1000, 700);
    pane.show();
    QTRY_COMPARE(pane.selectedBatchId(), 2);
    clickFile(pane, 0);
    QVERIFY(!pane.isFollowing());
    pane.followBox()->click();
    QVERIFY(pane.isFollowing());
    QCOMPARE(pane.selectedBatchId(), 2);

    // The receiver starts batch 3 while the pane is open: it is selected and shown.
    QVERIFY(writeFile(path(dir, 3), seedLines(21, 2)));
    QTRY_COMPARE(pane.selectedBatchId(), 3);
    QTRY_COMPARE(pane.messageModel()->rowCount(), 2);
    // And it grows: the new lines come in, the last one in view.
    QVERIFY(appendFile(path(dir, 3), seedLines(23, 5)));
    QTRY_COMPARE(pane.messageModel()->rowCount(), 7);
    QCOMPARE(pane.selectedBatchId(), 3);
    QTRY_VERIFY(pane.messageView()->viewport()->rect().contains(
        pane.messageView()->visualRect(pane.messageModel()->index(6, 0)).center()));
}

void tst_BatchesPane::saysWhatIsGoingOn_data()
{
    QTest::addColumn<QString>("where");
    QTest::addColumn<QString>("says");
    QTest::newRow("no folder") << u"none"_s << u"No batch folder is set"_s;
    QTest::newRow("missing") << u"missing"_s << u"does not exist yet"_s;
    QTest::newRow("empty") << u"empty"_s << u"There are no batch files in"_s;
}

void tst_BatchesPane::saysWhatIsGoingOn()
{
    QFETCH(QString, where);
    QFETCH(QString, says);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString folder = where == u"none"_s      ? QString()
                           : where == u"missing"_s ? dir.filePath(u"messages"_s)
                                                   : dir.path();
    BatchesPane pane(folder);
    pane.show();
    QTRY_VERIFY2(pane.stateText().contains(says), qPrintable(pane.stateText()));
    QVERIFY(!pane.fileView()->isVisible());
    QVERIFY(!pane.searchField()->isEnabled());
    if (where == u"empty"_s) {
        // The first file ends the wait.
        QVERIFY(writeFile(path(dir, 1), seedLines(1, 1)));
        QTRY_VERIFY(pane.stateText().isEmpty());
        QTRY_COMPARE(pane.selectedBatchId(), 1);
        QVERIFY(pane.fileView()->isVisible());
    }
}

void tst_BatchesPane::keepsItsLayout()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    writeStore(dir);
    QList<int> sizes;
    {
        BatchesPane pane(dir.path());
        pane.resize(1000, 700);
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        QTRY_COMPARE(pane.fileModel()->rowCount(), 5);
        pane.fileView()->setColumnWidth(Files::FileNameColumn, 333);
        pane.messageView()->setColumnWidth(Messages::TimeColumn, 222);
        pane.splitter()->setSizes({200, 400});
        sizes = pane.splitter()->sizes();
        pane.setFollowing(false);
    }
    BatchesPane pane(dir.path());
    pane.resize(1000, 700);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QTRY_COMPARE(pane.fileModel()->rowCount(), 5);
    QCOMPARE(pane.fileView()->columnWidth(Files::FileNameColumn), 333);
    QCOMPARE(pane.messageView()->columnWidth(Messages::TimeColumn), 222);
    QCOMPARE(pane.splitter()->sizes(), sizes);
    QVERIFY(!pane.isFollowing());
}

QTEST_MAIN(tst_BatchesPane)
#include "tst_batchespane.moc"
