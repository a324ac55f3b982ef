#include "batchespane.h"
#include "batchfilelistmodel.h"
#include "batchline.h"
#include "batchmessagemodel.h"
#include "batchsearch.h"
#include "batchteststore.h"
#include "pagedtablemodel.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QFileInfo>
#include <QHeaderView>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QSplitter>
#include <QStandardItemModel>
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
    void opensAtALineAskedFor();
    void findsTextAndWrapsAround();
    void ctrlFGoesToTheSearch();
    void enterGoesToTheLinesAndALineWhole();
    void ctrlCCopiesTheSelectedLines();
    void ctrlCCopiesTheSelectedFiles();
    void ctrlCCopiesRowsReadSoFar_data();
    void ctrlCCopiesRowsReadSoFar();
    void followsANewFile();
    void saysWhatIsGoingOn_data();
    void saysWhatIsGoingOn();
    void aBatchsLinesAllInView();
    void keepsItsLayout();

private:
    // Batches 1 to 5 of ten messages each (1 to 50); batch 3 has a damaged line in place of
    // message 25; batch 5 starts at 43 (41 and 42 are missing).
    static void writeStore(const QTemporaryDir &dir);
    static QString path(const QTemporaryDir &dir, qint64 id)
    {
        return dir.filePath(batchFileName(id));
    }
    // The operator clicks a row (a file, a line), perhaps with Shift or Ctrl held.
    static void clickRow(QTableView *view, int row, Qt::KeyboardModifiers modifiers = {})
    {
        const QRect cell = view->visualRect(view->model()->index(row, 1));
        QTest::mouseClick(view->viewport(), Qt::LeftButton, modifiers, cell.center());
    }
    static void clickFile(BatchesPane &pane, int row) { clickRow(pane.fileView(), row); }
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

// A journey's batch line: its file, and the line in it, before the files are listed and after.
void tst_BatchesPane::opensAtALineAskedFor()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    writeStore(dir);
    BatchesPane pane(dir.path());
    PaneFocus focus;
    focus.batch = 2;
    focus.message = 6;
    pane.focusOn(focus); // nothing listed yet
    pane.resize(1200, 800);
    pane.show();
    QTRY_COMPARE(pane.selectedLineNumber(), 6);
    QCOMPARE(pane.selectedBatchId(), 2);
    QVERIFY(!pane.isFollowing());
    QCOMPARE(pane.messageView()->currentIndex().data(Messages::MessageNumberRole).toLongLong(), 16);

    // Listed and shown: another file's line.
    focus.batch = 4;
    focus.message = 3;
    pane.focusOn(focus);
    QTRY_COMPARE(pane.selectedLineNumber(), 3);
    QCOMPARE(pane.selectedBatchId(), 4);
    QCOMPARE(pane.messageView()->currentIndex().data(Messages::MessageNumberRole).toLongLong(), 33);
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

void tst_BatchesPane::ctrlCCopiesTheSelectedLines()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // Longer than a cell shows; a tab and an escaped line feed (as the receiver writes one).
    const QByteArray longContent = "the long one: " + QByteArray(3000, 'x') + " (end)";
    QVERIFY(writeFile(path(dir, 1), seedLines(1, 2) + seedLine(3, "a\ttab, two\\nlines") +
                                        seedLine(4, longContent) + "#### garbage\n"));
    BatchesPane pane(dir.path());
    pane.resize(1000, 700);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QTRY_COMPARE(pane.selectedBatchId(), 1);
    QTRY_COMPARE(pane.messageModel()->rowCount(), 5);
    QTableView *view = pane.messageView();

    // Lines 3 to 5 and line 1, as the operator selects them: a click, Shift+click, Ctrl+click.
    clickRow(view, 2);
    clickRow(view, 4, Qt::ShiftModifier);
    clickRow(view, 0, Qt::ControlModifier);
    QCOMPARE(view->selectionModel()->selectedRows().size(), 4);
    view->setFocus();
    QApplication::clipboard()->clear();
    QSignalSpy said(&pane, &Pane::statusMessage);
    QTest::keySequence(view, QKeySequence(QKeySequence::Copy));

    // In line order, every column, each value whole: the content as the file holds it.
    const auto time = [](qint64 number) {
        return batchTestTime(number).toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s);
    };
    const QStringList expected{
        u"1\t"_s + time(1) + u"\t1\tTest message number 1"_s,
        u"3\t"_s + time(3) + u"\t3\ta\\ttab, two\\nlines"_s,
        u"4\t"_s + time(4) + u"\t4\t"_s + QString::fromUtf8(longContent),
        u"5\t\t\t#### garbage"_s, // damaged: no time, no number
    };
    QCOMPARE(QApplication::clipboard()->text(), expected.join(u'\n') + u'\n');
    QCOMPARE(said.size(), 1);
    QCOMPARE(said.at(0).at(0).toString(), u"Copied 4 rows."_s);

    // Ctrl+J: where the current line came from, asked by its file and line.
    QSignalSpy open(&pane, &Pane::openRequested);
    clickRow(view, 3);
    QTest::keyClick(view, Qt::Key_J, Qt::ControlModifier);
    QCOMPARE(open.size(), 1);
    QCOMPARE(open.at(0).at(0).toString(), u"journey"_s);
    QCOMPARE(open.at(0).at(1).value<PaneFocus>().search, u"messages_batch_0001.txt:4"_s);
}

void tst_BatchesPane::ctrlCCopiesTheSelectedFiles()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    writeStore(dir);
    BatchesPane pane(dir.path());
    pane.resize(1200, 800);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QTRY_COMPARE(pane.fileModel()->rowCount(), 5);
    QTableView *view = pane.fileView();
    // The operator puts the name first and hides the times: the copy is as the table shows.
    QHeaderView *header = view->horizontalHeader();
    header->moveSection(header->visualIndex(Files::FileNameColumn), 0);
    header->hideSection(Files::CreatedColumn);
    header->hideSection(Files::ModifiedColumn);

    // Batch 4, then batch 2 with Ctrl held.
    clickRow(view, 3);
    clickRow(view, 1, Qt::ControlModifier);
    QCOMPARE(view->selectionModel()->selectedRows().size(), 2);
    view->setFocus();
    QApplication::clipboard()->clear();
    QSignalSpy said(&pane, &Pane::statusMessage);
    QTest::keyClick(view, Qt::Key_C, Qt::ControlModifier);

    const auto size = [&dir](qint64 id) {
        return QLocale().formattedDataSize(QFileInfo(path(dir, id)).size());
    };
    const QStringList expected{
        u"messages_batch_0002.txt\t2\t10\t"_s + size(2) + u"\t11\t20\t10\t0"_s,
        u"messages_batch_0004.txt\t4\t10\t"_s + size(4) + u"\t31\t40\t10\t0"_s,
    };
    QCOMPARE(QApplication::clipboard()->text(), expected.join(u'\n') + u'\n');
    QCOMPARE(said.size(), 1);
    QCOMPARE(said.at(0).at(0).toString(), u"Copied 2 rows."_s);
}

void tst_BatchesPane::ctrlCCopiesRowsReadSoFar_data()
{
    // The shared helper behind every pane's tables (pane.h), on a table whose rows 1 and 3 are
    // not read yet, as a paged model says; column "b" hidden, column "c" moved first.
    QTest::addColumn<QList<int>>("rows");
    QTest::addColumn<QString>("copied");
    QTest::addColumn<QString>("says");
    const QString before = u"before"_s;
    QTest::newRow("one row") << QList<int>{0} << u"c0\ta0\n"_s << u"Copied 1 row."_s;
    QTest::newRow("in row order, on one line each")
        << QList<int>{2, 0} << u"c0\ta0\nc2\twith tab and break\n"_s << u"Copied 2 rows."_s;
    QTest::newRow("one not read yet")
        << QList<int>{0, 1} << u"c0\ta0\n"_s
        << u"Copied 1 row. 1 row not read yet was left out: scroll over it and copy again."_s;
    QTest::newRow("none read yet")
        << QList<int>{1, 3} << before
        << u"Copied 0 rows. 2 rows not read yet were left out: scroll over them and copy again."_s;
    QTest::newRow("none selected") << QList<int>{} << before << QString();
}

void tst_BatchesPane::ctrlCCopiesRowsReadSoFar()
{
    QFETCH(QList<int>, rows);
    QFETCH(QString, copied);
    QFETCH(QString, says);
    QStandardItemModel model(4, 3);
    for (int row = 0; row < model.rowCount(); ++row) {
        model.setItem(row, 0, new QStandardItem(u"a%1"_s.arg(row)));
        model.setItem(row, 1, new QStandardItem(u"b%1"_s.arg(row)));
        model.setItem(row, 2, new QStandardItem(u"c%1"_s.arg(row)));
    }
    model.item(2, 0)->setText(u"with\ttab and\nbreak"_s);
    model.item(1, 0)->setData(false, PagedTableModel::RowLoadedRole);
    model.item(2, 0)->setData(true, PagedTableModel::RowLoadedRole);
    model.item(3, 0)->setData(false, PagedTableModel::RowLoadedRole);
    QTableView view;
    view.setModel(&model);
    view.setSelectionBehavior(QAbstractItemView::SelectRows);
    view.setSelectionMode(QAbstractItemView::ExtendedSelection);
    view.horizontalHeader()->hideSection(1);
    view.horizontalHeader()->moveSection(2, 0);
    QStringList said;
    QAction *action = copyRowsOnCtrlC(&view, [&said](const QString &message) { said << message; });
    // No context menu of actions: none added to it.
    QVERIFY(action);
    QVERIFY(!view.actions().contains(action));
    for (const int row : std::as_const(rows))
        view.selectionModel()->select(model.index(row, 0),
                                      QItemSelectionModel::Select | QItemSelectionModel::Rows);

    QApplication::clipboard()->setText(u"before"_s);
    QTest::keyClick(&view, Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(QApplication::clipboard()->text(), copied);
    QCOMPARE(said, says.isEmpty() ? QStringList() : QStringList{says});
    int leftOut = -1;
    const QString text = selectedRowsText(&view, &leftOut);
    QCOMPARE(text, copied == u"before"_s ? QString() : copied);
    QCOMPARE(leftOut, int(rows.count(1) + rows.count(3)));
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

void tst_BatchesPane::aBatchsLinesAllInView()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    writeStore(dir);
    // Once in the window but never shown, then opened at the room the pane has in the window
    // at its default size: a batch's ten lines are all in view below the files.
    {
        BatchesPane unseen(dir.path());
    }
    BatchesPane pane(dir.path());
    pane.resize(926, 639);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QTRY_COMPARE(pane.fileModel()->rowCount(), 5);
    clickFile(pane, 3);
    QTRY_COMPARE(pane.messageModel()->batchId(), 4);
    QTRY_COMPARE(pane.messageModel()->rowCount(), 10);
    const QTableView *lines = pane.messageView();
    QCOMPARE(lines->rowViewportPosition(0), 0);
    QVERIFY2(lines->rowViewportPosition(9) + lines->rowHeight(9) <= lines->viewport()->height(),
             qPrintable(u"%1 px for the lines"_s.arg(lines->viewport()->height())));
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
