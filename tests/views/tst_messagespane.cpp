#include "../models/messagetestsupport.h"
#include "../models/pagedtestsupport.h"
#include "messagemodel.h"
#include "messagespane.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDateTimeEdit>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMouseEvent>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSplitter>
#include <QSplitterHandle>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;
using porthole::test::MigratedDatabase;
using Engine = porthole::test::ScratchDatabase::Engine;

namespace {

PagedTableModel::Options paneOptions(int pageSize = 200)
{
    PagedTableModel::Options options;
    options.pageSize = pageSize;
    options.refreshIntervalMs = 100;
    return options;
}

// The message number shown in a row, or -1 while its page is read.
qint64 numberAt(const MessagesPane &pane, int row)
{
    const QModelIndex index = pane.model()->index(row, MessageModel::NumberColumn);
    return index.data(PagedTableModel::RowLoadedRole).toBool() ? index.data().toLongLong() : -1;
}

// The row at the top of the table's viewport.
int topRow(const MessagesPane &pane)
{
    return pane.view()->indexAt(QPoint(1, 1)).row();
}

void showPane(MessagesPane &pane)
{
    pane.resize(1100, 700);
    pane.show();
    QApplication::setActiveWindow(&pane);
}

} // namespace

// The Messages pane on a real database: what it shows, filtering, following, copying, states.
class tst_MessagesPane : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void columnsFitTheRowsInView();
    void showsTheMessages_data() { test::addEngineRows(); }
    void showsTheMessages();
    void filtersFromTheBar_data() { test::addEngineRows(); }
    void filtersFromTheBar();
    void newRowsBarWhenScrolledAway_data() { test::addEngineRows(); }
    void newRowsBarWhenScrolledAway();
    void jumpsToEitherEnd_data() { test::addEngineRows(); }
    void jumpsToEitherEnd();
    void countsAboutUntilExact_data() { test::addEngineRows(); }
    void countsAboutUntilExact();
    void saysWhileItCountsExactly_data() { test::addEngineRows(); }
    void saysWhileItCountsExactly();
    void copiesSelectedRows();
    void findFocusesTheSearch();
    void enterGoesToTheMessage();
    void sortsByIndexedColumnsOnly();
    void saysWhatIsGoingOn();
    void tableHasTheRoomAtFirstStart();
    void keepsItsLayout();
};

void tst_MessagesPane::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"PortholeTest"_s);
    QCoreApplication::setApplicationName(u"tst_messagespane"_s);
}

void tst_MessagesPane::init()
{
    QSettings().clear();
}

void tst_MessagesPane::showsTheMessages()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QString longContent = u"first line of a long message\n"_s + u"y"_s.repeated(5000);
    const QString stored = test::storeReceived(database.db, 1, 30, [&](ReceivedMessage &m) {
        if (m.messageNumber == 28)
            m.content = longContent.toUtf8();
    });
    QVERIFY2(stored.isEmpty(), qPrintable(stored));

    MessageModel model(*database.factory, paneOptions());
    MessagesPane pane(&model);
    QCOMPARE(pane.paneId(), u"messages"_s);
    QCOMPARE(pane.title(), u"Messages"_s);
    showPane(pane);
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QTRY_COMPARE(model.rowCount(), 30);
    PORTHOLE_SETTLE(model);
    QCOMPARE(pane.stateText(), QString());
    QCOMPARE(pane.bannerText(), QString());
    QTRY_COMPARE(pane.countText(), u"30 rows"_s);

    // Newest first, numbers to the right.
    QCOMPARE(numberAt(pane, 0), 30);
    QCOMPARE(numberAt(pane, 29), 1);
    QCOMPARE(model.index(0, MessageModel::NumberColumn).data(Qt::TextAlignmentRole).toInt(),
             int(Qt::AlignRight | Qt::AlignVCenter));
    QCOMPARE(model.index(0, MessageModel::TimestampColumn).data(Qt::ToolTipRole).toString(),
             u"UTC: 2026-03-02 09:30:30.000"_s);

    // Nothing selected: the details say how to see one.
    QVERIFY(pane.detailsText().startsWith(u"Select a message"_s));

    // The operator clicks message 28: its long content is cut in the cell, whole in the
    // tooltip and in the details.
    const QModelIndex content = model.index(2, MessageModel::ContentColumn);
    QTest::mouseClick(pane.view()->viewport(), Qt::LeftButton, {},
                      pane.view()->visualRect(content).center());
    QCOMPARE(pane.view()->selectionModel()->currentIndex().row(), 2);
    QCOMPARE(content.data().toString(), u"first line of a long message …"_s);
    QCOMPARE(content.data(Qt::ToolTipRole).toString(), longContent);
    const QString details = pane.detailsText();
    QVERIFY2(details.startsWith(u"Message #28 · arrived "_s), qPrintable(details.left(200)));
    QVERIFY(details.contains(u"UTC 2026-03-02 09:30:28.000"_s));
    QVERIFY(details.contains(u"from messages"_s));
    QVERIFY(details.contains(u"in messages_batch_0003.txt"_s));
    QVERIFY(details.contains(u"delivery key stream:messages:1700000000028-0"_s));
    QVERIFY(details.endsWith(u'\n' + longContent));

    // Another row: the details follow.
    pane.view()->selectRow(5);
    QVERIFY(pane.detailsText().startsWith(u"Message #25 ·"_s));
    QVERIFY(pane.detailsText().endsWith(u"\nMessage N° 25 from the sensor"_s));

    // Ctrl+J: the journey of the current message's delivery.
    QSignalSpy open(&pane, &Pane::openRequested);
    QTest::keyClick(pane.view(), Qt::Key_J, Qt::ControlModifier);
    QCOMPARE(open.size(), 1);
    QCOMPARE(open.at(0).at(0).toString(), u"journey"_s);
    QCOMPARE(open.at(0).at(1).value<PaneFocus>().search, u"stream:messages:1700000000025-0"_s);
}

void tst_MessagesPane::filtersFromTheBar()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QString stored = test::storeReceived(database.db, 1, 80);
    QVERIFY2(stored.isEmpty(), qPrintable(stored));
    MessageModel model(*database.factory, paneOptions());
    MessagesPane pane(&model);
    showPane(pane);
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QTRY_COMPARE(model.rowCount(), 80);

    // Typed text applies once the operator stops typing.
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QTest::keyClicks(pane.textField(), u"7 FROM"_s);
    QTRY_COMPARE(resets.size(), 1);
    QCOMPARE(model.filter().text, u"7 FROM"_s);
    QTRY_COMPARE(model.rowCount(), 8); // 7, 17, ..., 77
    PORTHOLE_SETTLE(model);
    QTRY_COMPARE(pane.countText(), u"8 rows"_s);
    QCOMPARE(numberAt(pane, 0), 77);
    QCOMPARE(numberAt(pane, 7), 7);

    // Enter applies at once; every condition narrows.
    pane.sourceField()->setText(u"orders"_s);
    QTest::keyClick(pane.sourceField(), Qt::Key_Return);
    QCOMPARE(model.filter().source, u"orders"_s);
    QTRY_COMPARE(model.rowCount(), 2); // 27, 57
    PORTHOLE_SETTLE(model);
    QCOMPARE(numberAt(pane, 0), 57);
    QCOMPARE(numberAt(pane, 1), 27);

    pane.clearFilter();
    QVERIFY(model.filter().isEmpty());
    QTRY_COMPARE(model.rowCount(), 80);

    pane.batchField()->setText(u"2"_s);
    pane.applyFilter();
    QTRY_COMPARE(model.rowCount(), 10); // 10..19
    PORTHOLE_SETTLE(model);
    QCOMPARE(numberAt(pane, 0), 19);
    QCOMPARE(numberAt(pane, 9), 10);

    pane.batchField()->clear();
    pane.numberFromField()->setText(u"33"_s);
    pane.numberToField()->setText(u"36"_s);
    pane.applyFilter();
    QTRY_COMPARE(model.rowCount(), 4);
    PORTHOLE_SETTLE(model);
    QCOMPARE(numberAt(pane, 0), 36);
    QCOMPARE(numberAt(pane, 3), 33);

    // A time range, in local time as the operator reads it.
    pane.numberFromField()->clear();
    pane.numberToField()->clear();
    pane.fromEdit()->setDateTime(test::messageBase.addSecs(50).toLocalTime());
    pane.toEdit()->setDateTime(test::messageBase.addSecs(55).toLocalTime());
    QVERIFY(!pane.fromEdit()->isEnabled());
    pane.fromBox()->setChecked(true);
    pane.toBox()->setChecked(true);
    QVERIFY(pane.fromEdit()->isEnabled());
    pane.applyFilter();
    QCOMPARE(model.filter().from, test::messageBase.addSecs(50));
    QCOMPARE(model.filter().to, test::messageBase.addSecs(55));
    QTRY_COMPARE(model.rowCount(), 5); // 50..54
    PORTHOLE_SETTLE(model);
    QCOMPARE(numberAt(pane, 0), 54);

    // Nothing matches: the pane says so, and how to see everything again.
    pane.textField()->setText(u"no such words"_s);
    pane.applyFilter();
    QTRY_VERIFY(pane.stateText().startsWith(u"No message matches the filter"_s));
    QTRY_COMPARE(pane.countText(), u"0 rows"_s);

    pane.clearFilter();
    QVERIFY(!pane.fromBox()->isChecked());
    QTRY_COMPARE(model.rowCount(), 80);
    QCOMPARE(pane.stateText(), QString());
}

void tst_MessagesPane::newRowsBarWhenScrolledAway()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QString stored = test::storeReceived(database.db, 1, 300);
    QVERIFY2(stored.isEmpty(), qPrintable(stored));
    MessageModel model(*database.factory, paneOptions(50));
    MessagesPane pane(&model);
    QVERIFY(pane.isFollowing());
    showPane(pane);
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    PORTHOLE_LOAD_ALL(model);
    QCOMPARE(model.rowCount(), 300);
    QVERIFY(model.liveFollow());

    // The operator scrolls down to message 200 and reads it.
    pane.view()->scrollTo(model.index(100, 0), QAbstractItemView::PositionAtTop);
    QTRY_COMPARE(topRow(pane), 100);
    QTRY_COMPARE(numberAt(pane, 100), 200);
    QVERIFY(!pane.newRowsButton()->isVisible());

    // Another connection stores five messages: they go on top, out of sight; the bar counts
    // them and what the operator reads stays in place.
    stored = test::storeReceived(database.db, 301, 5);
    QVERIFY2(stored.isEmpty(), qPrintable(stored));
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 305, 20000);
    QTRY_VERIFY(pane.newRowsButton()->isVisible());
    QCOMPARE(pane.newRowsButton()->text(), u"5 new messages: show them"_s);
    QCOMPARE(topRow(pane), 105);
    QTRY_COMPARE(numberAt(pane, topRow(pane)), 200);
    QTRY_COMPARE(pane.countText(), u"305 rows"_s);

    // A click goes to them.
    pane.newRowsButton()->click();
    QTRY_COMPARE(topRow(pane), 0);
    QTRY_COMPARE(numberAt(pane, 0), 305);
    QVERIFY(!pane.newRowsButton()->isVisible());
    QCOMPARE(model.newRows(), 0);

    // At the top, new messages come into view: no bar.
    stored = test::storeReceived(database.db, 306, 2);
    QVERIFY2(stored.isEmpty(), qPrintable(stored));
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 307, 20000);
    QTRY_COMPARE(numberAt(pane, 0), 307);
    QCOMPARE(topRow(pane), 0);
    QCOMPARE(model.newRows(), 0);
    QVERIFY(!pane.newRowsButton()->isVisible());

    // Not following: nothing is read until asked.
    pane.setFollowing(false);
    QVERIFY(!model.liveFollow());
    PORTHOLE_SETTLE(model);
    stored = test::storeReceived(database.db, 308, 1);
    QVERIFY2(stored.isEmpty(), qPrintable(stored));
    pane.refresh();
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 308, 20000);
}

// End goes to the oldest messages (the listing newest first) without reading those between;
// scrolled up from there, the newer ones come above, the row read staying in view; Home goes
// back to the newest.
void tst_MessagesPane::jumpsToEitherEnd()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QString stored = test::storeReceived(database.db, 1, 1000);
    QVERIFY2(stored.isEmpty(), qPrintable(stored));
    MessageModel model(*database.factory, paneOptions(20));
    MessagesPane pane(&model);
    pane.setFollowing(false);
    showPane(pane);
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    PORTHOLE_SETTLE(model);
    QCOMPARE(numberAt(pane, 0), 1000);

    pane.view()->setFocus();
    QTest::keyClick(pane.view(), Qt::Key_End, Qt::ControlModifier);
    QTRY_COMPARE(model.anchor(), PagedTableModel::Anchor::End);
    PORTHOLE_SETTLE(model);
    QTRY_COMPARE(numberAt(pane, model.rowCount() - 1), 1);
    QVERIFY2(model.rowCount() < 500, "the messages between were not read");
    QCOMPARE(pane.view()->currentIndex().row(), model.rowCount() - 1);

    const int rowsBefore = model.rowCount();
    pane.view()->verticalScrollBar()->setValue(0);
    const qint64 top = numberAt(pane, topRow(pane));
    QTRY_VERIFY(model.rowCount() > rowsBefore);
    PORTHOLE_SETTLE(model);
    QCOMPARE(numberAt(pane, topRow(pane)), top);

    QTest::keyClick(pane.view(), Qt::Key_Home);
    QTRY_COMPARE(model.anchor(), PagedTableModel::Anchor::Start);
    PORTHOLE_SETTLE(model);
    QTRY_COMPARE(numberAt(pane, 0), 1000);
    QCOMPARE(pane.view()->currentIndex().row(), 0);
}

void tst_MessagesPane::countsAboutUntilExact()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QString stored = test::storeReceived(database.db, 1, 100);
    QVERIFY2(stored.isEmpty(), qPrintable(stored));
    QSqlQuery analyze(database.db);
    QVERIFY(analyze.exec(u"ANALYZE"_s));
    // Counted exactly up to 10 rows, read 10 at a time: a screenful is not the whole table.
    PagedTableModel::Options options = paneOptions(10);
    options.exactCountUpTo = 10;
    options.countExactly = false; // the bounded count, as it is before an exact one replaces it
    MessageModel model(*database.factory, options);
    MessagesPane pane(&model);
    pane.setFollowing(false);
    showPane(pane);
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QTRY_VERIFY(model.rowCount() >= 10);
    PORTHOLE_SETTLE(model);
    QVERIFY(model.canFetchMore({}));
    QCOMPARE(pane.countText(), u"about 100 rows"_s);
    QVERIFY(pane.findChild<QLabel *>(u"countLabel"_s)->toolTip().contains(u"estimated"_s));

    // Read to the end: the rows are counted.
    PORTHOLE_LOAD_ALL(model);
    QCOMPARE(model.rowCount(), 100);
    QTRY_COMPARE(pane.countText(), u"100 rows"_s);
}

// Above the exact limit the whole table is counted in the background: the label says so while
// it runs, then gives the figure.
void tst_MessagesPane::saysWhileItCountsExactly()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QString stored = test::storeReceived(database.db, 1, 100);
    QVERIFY2(stored.isEmpty(), qPrintable(stored));
    PagedTableModel::Options options = paneOptions(10);
    options.exactCountUpTo = 10;
    MessageModel model(*database.factory, options);
    MessagesPane pane(&model);
    pane.setFollowing(false);
    QStringList whileCounting;
    connect(&model, &PagedTableModel::exactCountingChanged, &pane, [&] {
        if (model.isCountingExactly())
            whileCounting << pane.countText();
    });
    showPane(pane);
    QTRY_COMPARE(pane.countText(), u"100 rows"_s);
    QCOMPARE(model.totalCount(), (RowCount{100, RowCount::Precision::Exact}));
    QCOMPARE(whileCounting.size(), 1);
    QVERIFY2(whileCounting.first().endsWith(u", counting…"_s), qPrintable(whileCounting.first()));
}

void tst_MessagesPane::findFocusesTheSearch()
{
    MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    MessageModel model(*database.factory, paneOptions());
    MessagesPane pane(&model);
    showPane(pane);
    QVERIFY(QTest::qWaitForWindowActive(&pane));
    pane.view()->setFocus();
    QTRY_VERIFY(pane.view()->hasFocus());
    QTest::keyClick(pane.view(), Qt::Key_F, Qt::ControlModifier);
    QTRY_VERIFY(pane.textField()->hasFocus());
}

void tst_MessagesPane::enterGoesToTheMessage()
{
    MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const QString longContent = u"a message of many lines\n"_s + u"z"_s.repeated(3000);
    const QString stored = test::storeReceived(database.db, 1, 10, [&](ReceivedMessage &m) {
        if (m.messageNumber == 8)
            m.content = longContent.toUtf8();
    });
    QVERIFY2(stored.isEmpty(), qPrintable(stored));
    MessageModel model(*database.factory, paneOptions());
    MessagesPane pane(&model);
    showPane(pane);
    QVERIFY(QTest::qWaitForWindowActive(&pane));
    QTRY_COMPARE(model.rowCount(), 10);
    PORTHOLE_SETTLE(model);

    // Enter on message 8 (row 2): the focus goes to it, shown whole below the table.
    pane.view()->setFocus();
    QTRY_VERIFY(pane.view()->hasFocus());
    pane.view()->selectRow(2);
    QTest::keyClick(pane.view(), Qt::Key_Return);
    QTRY_VERIFY(pane.detailsView()->hasFocus());
    QCOMPARE(pane.detailsView()->toPlainText(), longContent);
    QVERIFY(pane.detailsText().startsWith(u"Message #8 ·"_s));
    QVERIFY(pane.splitter()->sizes().at(1) > 0);

    // Escape comes back to the table; the keypad's Enter goes there again.
    QTest::keyClick(pane.detailsView(), Qt::Key_Escape);
    QTRY_VERIFY(pane.view()->hasFocus());
    QCOMPARE(pane.view()->currentIndex().row(), 2);
    QTest::keyClick(pane.view(), Qt::Key_Enter, Qt::KeypadModifier);
    QTRY_VERIFY(pane.detailsView()->hasFocus());

    // With Ctrl, Enter is not the details' (and leaves the focus where it is).
    pane.view()->setFocus();
    QTRY_VERIFY(pane.view()->hasFocus());
    QTest::keyClick(pane.view(), Qt::Key_Return, Qt::ControlModifier);
    QVERIFY(pane.view()->hasFocus());
}

void tst_MessagesPane::copiesSelectedRows()
{
    MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const QString stored = test::storeReceived(database.db, 1, 10, [](ReceivedMessage &m) {
        if (m.messageNumber == 9)
            m.content = "with\ttab\nand a new line";
    });
    QVERIFY2(stored.isEmpty(), qPrintable(stored));
    MessageModel model(*database.factory, paneOptions());
    MessagesPane pane(&model);
    showPane(pane);
    QVERIFY(QTest::qWaitForWindowActive(&pane));
    QTRY_COMPARE(model.rowCount(), 10);
    PORTHOLE_SETTLE(model);

    // Rows 0 and 1 (messages 10 and 9) and row 3 (message 7), selected out of order.
    pane.view()->setFocus();
    QTRY_VERIFY(pane.view()->hasFocus());
    auto *selection = pane.view()->selectionModel();
    const auto select = [&](int row) {
        selection->select(model.index(row, 0),
                          QItemSelectionModel::Select | QItemSelectionModel::Rows);
    };
    select(3);
    select(0);
    select(1);
    QApplication::clipboard()->clear();
    QSignalSpy status(&pane, &Pane::statusMessage);
    QTest::keyClick(pane.view(), Qt::Key_C, Qt::ControlModifier);
    const QString copied = QApplication::clipboard()->text();
    const QStringList lines = copied.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    QVERIFY(copied.endsWith(u'\n'));
    const auto fields = [&](int line) {
        return lines.at(line).split(u'\t');
    };
    QCOMPARE(fields(0).size(), int(MessageModel::ColumnCount));
    QCOMPARE(fields(0).at(MessageModel::NumberColumn), u"10"_s);
    QCOMPARE(fields(1).at(MessageModel::NumberColumn), u"9"_s);
    QCOMPARE(fields(2).at(MessageModel::NumberColumn), u"7"_s);
    QCOMPARE(fields(1).at(MessageModel::ContentColumn), u"with\\ttab\\nand a new line"_s);
    QCOMPARE(fields(0).at(MessageModel::ContentColumn), u"Message N° 10 from the sensor"_s);
    QCOMPARE(fields(0).at(MessageModel::SourceColumn), u"messages"_s);
    QCOMPARE(fields(0).at(MessageModel::BatchColumn), u"2"_s);
    QCOMPARE(QDateTime::fromString(fields(0).at(MessageModel::TimestampColumn), Qt::ISODateWithMs),
             test::messageBase.addSecs(10));
    QCOMPARE(status.size(), 1);
    QCOMPARE(status.constLast().at(0).toString(), u"Copied 3 rows."_s);

    // Columns in the order the operator put them.
    pane.view()->horizontalHeader()->moveSection(
        pane.view()->horizontalHeader()->visualIndex(MessageModel::IdColumn), 0);
    const QStringList moved = pane.selectedRowsText().split(u'\n').constFirst().split(u'\t');
    QCOMPARE(moved.at(0), model.index(0, MessageModel::IdColumn).data().toString());
    QCOMPARE(moved.at(1 + MessageModel::NumberColumn), u"10"_s);

    // The context menu offers the same.
    QCOMPARE(pane.view()->contextMenuPolicy(), Qt::ActionsContextMenu);
    QVERIFY(pane.view()->actions().contains(pane.copyAction()));
    QApplication::clipboard()->clear();
    pane.copyAction()->trigger();
    QCOMPARE(QApplication::clipboard()->text(), pane.selectedRowsText());
    QCOMPARE(QApplication::clipboard()->text().count(u'\n'), 3);
    QCOMPARE(status.size(), 2);
}

void tst_MessagesPane::sortsByIndexedColumnsOnly()
{
    MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    // Numbers against time: message n arrives at 100 - n seconds.
    const QString stored = test::storeReceived(database.db, 1, 20, [](ReceivedMessage &m) {
        m.timestamp = test::messageBase.addSecs(100 - m.messageNumber);
    });
    QVERIFY2(stored.isEmpty(), qPrintable(stored));
    MessageModel model(*database.factory, paneOptions());
    MessagesPane pane(&model);
    showPane(pane);
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QTRY_COMPARE(model.rowCount(), 20);
    PORTHOLE_SETTLE(model);
    QCOMPARE(numberAt(pane, 0), 1); // the newest

    QHeaderView *header = pane.view()->horizontalHeader();
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {},
                      QPoint(header->sectionViewportPosition(MessageModel::NumberColumn) + 5, 5));
    QCOMPARE(model.sortColumn(), int(MessageModel::NumberColumn));
    QTRY_COMPARE(model.rowCount(), 20);
    PORTHOLE_SETTLE(model);
    const qint64 first = numberAt(pane, 0);
    QVERIFY(first == 1 || first == 20);
    QCOMPARE(numberAt(pane, 19), first == 1 ? 20 : 1);

    // Content has no index: the click changes nothing, and the indicator stays.
    QSignalSpy status(&pane, &Pane::statusMessage);
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {},
                      QPoint(header->sectionViewportPosition(MessageModel::ContentColumn) + 5, 5));
    QCOMPARE(model.sortColumn(), int(MessageModel::NumberColumn));
    QCOMPARE(header->sortIndicatorSection(), int(MessageModel::NumberColumn));
    QVERIFY(!status.isEmpty());
}

void tst_MessagesPane::saysWhatIsGoingOn()
{
    // Loading, then empty.
    {
        MigratedDatabase database(Engine::SQLite);
        QVERIFY2(database.ok(), qPrintable(database.error));
        MessageModel model(*database.factory, paneOptions());
        MessagesPane pane(&model);
        QCOMPARE(pane.stateText(), u"Reading the messages…"_s);
        QCOMPARE(pane.countText(), u"Counting…"_s);
        showPane(pane);
        QTRY_VERIFY(pane.stateText().startsWith(u"No messages are stored yet"_s));
        QTRY_COMPARE(pane.countText(), u"0 rows"_s);

        // The first message shows up by itself.
        const QString stored = test::storeReceived(database.db, 1, 1);
        QVERIFY2(stored.isEmpty(), qPrintable(stored));
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 1, 20000);
        QCOMPARE(pane.stateText(), QString());
        QTRY_COMPARE(pane.countText(), u"1 row"_s);
    }
    // A database Porthole has not set up: what is wrong and what to do.
    PORTHOLE_SCRATCH_DATABASE(scratch, Engine::SQLite);
    const ConnectionFactory factory(scratch->url());
    MessageModel model(factory, paneOptions());
    MessagesPane pane(&model);
    QSignalSpy status(&pane, &Pane::statusMessage);
    showPane(pane);
    QTRY_VERIFY(pane.stateText().startsWith(u"Cannot read the messages."_s));
    QVERIFY2(pane.stateText().contains(u"porthole migrate"_s), qPrintable(pane.stateText()));
    QVERIFY(pane.stateText().contains(u"F5"_s));
    QVERIFY(!status.isEmpty());
}

void tst_MessagesPane::tableHasTheRoomAtFirstStart()
{
    MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    QVERIFY(test::storeReceived(database.db, 1, 40).isEmpty());
    // The pane was in the window before, but never shown: the layout it kept is that of a
    // pane never laid out. The table gets three quarters of the height, the message's text
    // below it the rest, however tall the text's box would like to be.
    MessageModel model(*database.factory, paneOptions());
    {
        MessagesPane unseen(&model);
    }
    MessagesPane pane(&model);
    showPane(pane);
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QTRY_COMPARE(model.rowCount(), 40);
    QTRY_VERIFY(pane.splitter()->isVisible());
    const QList<int> sizes = pane.splitter()->sizes();
    QCOMPARE(sizes.size(), 2);
    QVERIFY2(sizes.at(0) * 100 >= (sizes.at(0) + sizes.at(1)) * 70,
             qPrintable(u"table %1 px, text %2 px"_s.arg(sizes.at(0)).arg(sizes.at(1))));
}

// The demo's keys are long: "stream:porthole:demo:1795780791234-0". Shown, with nothing
// selected, the table has the pane's width, and no column but the content (which takes the
// rest) is narrower than the rows in view need.
void tst_MessagesPane::columnsFitTheRowsInView()
{
    MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    QVERIFY(test::storeReceived(database.db, 1, 20, [](ReceivedMessage &m) {
                m.source = u"porthole:demo"_s;
                m.deliveryKey = u"stream:porthole:demo:17957807912%1-0"_s.arg(m.messageNumber, 2,
                                                                              10, QLatin1Char('0'));
            }).isEmpty());
    MessageModel model(*database.factory, paneOptions());
    MessagesPane pane(&model);
    pane.resize(1440, 800);
    // The rows are read before the pane is first shown, as in a window that opens on another.
    QTRY_COMPARE(model.rowCount(), 20);
    PORTHOLE_SETTLE(model);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QTRY_VERIFY(pane.splitter()->isVisible());
    QCOMPARE(pane.splitter()->sizes().value(1), 0);
    QAbstractItemView *view = pane.view();
    QHeaderView *header = pane.view()->horizontalHeader();
    for (int column = 0; column < model.columnCount(); ++column) {
        if (column == MessageModel::ContentColumn)
            continue;
        const int needed =
            std::max(view->sizeHintForColumn(column), header->sectionSizeHint(column));
        QTRY_VERIFY2(
            header->sectionSize(column) >= needed,
            qPrintable(
                u"column %1: %2 of %3"_s.arg(column).arg(header->sectionSize(column)).arg(needed)));
    }
    QVERIFY(header->sectionSize(MessageModel::ContentColumn) >=
            view->sizeHintForColumn(MessageModel::ContentColumn));

    // Rows that come later with longer sources widen the column.
    const int before = header->sectionSize(MessageModel::SourceColumn);
    QVERIFY(test::storeReceived(database.db, 21, 5, [](ReceivedMessage &m) {
                m.source = u"porthole:demo:a-much-longer-source-key"_s;
            }).isEmpty());
    model.refresh();
    QTRY_COMPARE(model.rowCount(), 25);
    QTRY_VERIFY(header->sectionSize(MessageModel::SourceColumn) > before);

    // Once the operator has sized it, the column keeps that width, whatever rows come.
    header->resizeSection(MessageModel::SourceColumn, 90);
    QVERIFY(test::storeReceived(database.db, 26, 5, [](ReceivedMessage &m) {
                m.source = u"porthole:demo:an-even-longer-source-key-than-before"_s;
            }).isEmpty());
    model.refresh();
    QTRY_COMPARE(model.rowCount(), 30);
    PORTHOLE_SETTLE(model);
    const int wide = pane.view()->width();
    pane.resize(1400, 760); // laid out anew, too
    QTRY_VERIFY(pane.view()->width() < wide);
    QCoreApplication::processEvents();
    QCOMPARE(header->sectionSize(MessageModel::SourceColumn), 90);
}

void tst_MessagesPane::keepsItsLayout()
{
    MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    QVERIFY(test::storeReceived(database.db, 1, 5).isEmpty());
    QList<int> sizes;
    {
        MessageModel model(*database.factory, paneOptions());
        MessagesPane pane(&model);
        showPane(pane);
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        QTRY_COMPARE(model.rowCount(), 5);
        pane.view()->setColumnWidth(MessageModel::SourceColumn, 233);
        pane.view()->horizontalHeader()->setSortIndicator(MessageModel::NumberColumn,
                                                          Qt::AscendingOrder);
        // Shut while nothing is selected; a row opens it, and the operator drags it taller.
        PORTHOLE_SETTLE(model);
        QTRY_VERIFY(pane.splitter()->isVisible());
        QCOMPARE(pane.splitter()->sizes().value(1), 0);
        pane.view()->selectRow(0);
        QTRY_VERIFY(pane.splitter()->sizes().value(1) > 0);
        const int opened = pane.splitter()->sizes().value(1);
        QSplitterHandle *handle = pane.splitter()->handle(1);
        const QPoint middle = handle->rect().center();
        QTest::mousePress(handle, Qt::LeftButton, {}, middle);
        QMouseEvent drag(QEvent::MouseMove, QPointF(middle - QPoint(0, 40)),
                         handle->mapToGlobal(QPointF(middle - QPoint(0, 40))), Qt::NoButton,
                         Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(handle, &drag);
        QTest::mouseRelease(handle, Qt::LeftButton, {}, middle - QPoint(0, 40));
        sizes = pane.splitter()->sizes();
        QVERIFY2(sizes.value(1) > opened, "the drag did not move the handle");
        pane.view()->clearSelection();
        QCOMPARE(pane.splitter()->sizes().value(1), 0);
        pane.setFollowing(false);
    }
    QCOMPARE(QSettings().childGroups(), QStringList{u"messages"_s});
    MessageModel model(*database.factory, paneOptions());
    MessagesPane pane(&model);
    showPane(pane);
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QCOMPARE(pane.view()->columnWidth(MessageModel::SourceColumn), 233);
    QCOMPARE(model.sortColumn(), int(MessageModel::NumberColumn));
    QCOMPARE(model.sortOrder(), Qt::AscendingOrder);
    QCOMPARE(pane.view()->horizontalHeader()->sortIndicatorSection(),
             int(MessageModel::NumberColumn));
    QVERIFY(!pane.isFollowing());
    QVERIFY(!model.liveFollow());
    QTRY_COMPARE(model.rowCount(), 5);
    PORTHOLE_SETTLE(model);
    // Shut until a row is selected; then as tall as the operator left it.
    QTRY_VERIFY(pane.splitter()->isVisible());
    QCOMPARE(pane.splitter()->sizes().value(1), 0);
    pane.view()->selectRow(0);
    QTRY_VERIFY(qAbs(pane.splitter()->sizes().value(1) - sizes.value(1)) <= 1);
    QCOMPARE(numberAt(pane, 0), 1);
}

QTEST_MAIN(tst_MessagesPane)
#include "tst_messagespane.moc"
