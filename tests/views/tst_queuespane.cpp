#include "../models/pagedtestsupport.h"
#include "jsontreemodel.h"
#include "pane.h"
#include "panemodels.h"
#include "portmessagebrowser.h"
#include "portmessagedetails.h"
#include "portmessagelookup.h"
#include "portmessagemodel.h"
#include "queuespane.h"
#include "storedportmessages.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QHeaderView>
#include <QLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QScopeGuard>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QToolButton>

using namespace Qt::StringLiterals;
using namespace porthole;
using porthole::test::MigratedDatabase;
using Engine = porthole::test::ScratchDatabase::Engine;
using M = PortMessageModel;

namespace {

// Numbered messages (see pagedtestsupport.h), message 3 a dead letter with an error, details
// and metadata. Returns them as stored.
QList<PortMessage> storeMessages(const QSqlDatabase &db, int first, int count)
{
    QList<PortMessage> rows;
    for (int n = first; n < first + count; ++n) {
        PortMessage m = test::numberedMessage(n);
        if (n == 3) {
            m.status = u"failed"_s;
            m.retryCount = 3;
            m.maxRetries = 3;
            m.errorMessage = u"Timeout talking to sink-7 after 30000 ms"_s;
            m.errorDetails = R"({"attempts": [1, 2, 3], "host": "sink-7"})";
            m.messageMetadata = R"({"trace": "abc-123"})";
            m.messageData = R"({"n": 3, "order": {"id": 42, "lines": [1, 2]}})";
        }
        rows << m;
    }
    return test::storeMessages(db, rows);
}

PagedTableModel::Options paneOptions(int pageSize = 200)
{
    PagedTableModel::Options options;
    options.pageSize = pageSize;
    options.refreshIntervalMs = 3600000; // the tests refresh when they mean to
    options.firstRetryMs = 50;
    options.mostRetryMs = 200;
    return options;
}

QString idAt(const QueuesPane &pane, int row)
{
    return pane.model()->index(row, M::IdColumn).data().toString();
}

// The row at the top of the table's viewport.
int topRow(const QueuesPane &pane)
{
    return pane.browser()->view()->rowAt(0);
}

void clickRow(QTableView *view, int row, Qt::KeyboardModifiers modifiers = {})
{
    const QRect cell = view->visualRect(view->model()->index(row, M::PortColumn));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, modifiers, cell.center());
}

// Every page of the listing read, as a view scrolled down to its end would have.
bool loadAll(PagedTableModel *model)
{
    if (!test::settle(*model))
        return false;
    while (model->canFetchMore({})) {
        model->fetchMore({});
        if (!test::settle(*model))
            return false;
    }
    return true;
}

} // namespace

// The Queues pane on real databases: what it shows, its filters, new rows, jumps, its states.
class tst_QueuesPane : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void showsMessagesAndDetails_data() { test::addEngineRows(); }
    void showsMessagesAndDetails();
    void filters_data() { test::addEngineRows(); }
    void filters();
    void newRowsWhileScrolledAway_data() { test::addEngineRows(); }
    void newRowsWhileScrolledAway();
    void jumpsToTheEnds_data() { test::addEngineRows(); }
    void jumpsToTheEnds();
    void saysWhatIsGoingOn_data() { test::addEngineRows(); }
    void saysWhatIsGoingOn();
    void showsALostConnection();
    void readsItsRowsFirst_data() { test::addEngineRows(); }
    void readsItsRowsFirst();
    void filterBarFitsTheWindow();
    void tableHasTheRoomAtFirstStart();
    void keepsItsLayout();
};

void tst_QueuesPane::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"PortholeTest"_s);
    QCoreApplication::setApplicationName(u"tst_queuespane"_s);
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void tst_QueuesPane::init()
{
    QSettings().clear();
}

void tst_QueuesPane::showsMessagesAndDetails()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QList<PortMessage> stored = storeMessages(database.db, 0, 30);
    QCOMPARE(stored.size(), 30);

    PaneModels paneModels(*database.factory, paneOptions());
    QueuesPane pane(paneModels.portMessages(), paneModels.lookup());
    QCOMPARE(pane.paneId(), u"queues"_s);
    QCOMPARE(pane.title(), u"Queues"_s);
    pane.resize(1200, 700);
    pane.show();
    PortMessageBrowser *browser = pane.browser();
    QTRY_COMPARE_WITH_TIMEOUT(pane.model()->rowCount(), 30, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(browser->countText(), u"30 rows"_s, 20000);
    QVERIFY(browser->stateText().isEmpty());
    QVERIFY(browser->problemText().isEmpty());
    QVERIFY(!browser->newRowsButton()->isVisible());

    // Newest first; times in local time, UTC in the tooltip; numbers to the right.
    QTableView *view = browser->view();
    QCOMPARE(idAt(pane, 0), stored.at(29).id);
    const QModelIndex created = pane.model()->index(0, M::CreatedAtColumn);
    QCOMPARE(created.data().toString(),
             stored.at(29).createdAt.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s));
    QCOMPARE(created.data(Qt::ToolTipRole).toString(), u"2026-11-20T08:00:29.000Z"_s);
    QCOMPARE(pane.model()->index(0, M::RetriesColumn).data(Qt::TextAlignmentRole).toInt(),
             int(Qt::AlignRight | Qt::AlignVCenter));
    QCOMPARE(pane.model()->index(0, M::PortColumn).data(Qt::ToolTipRole).toString(), u"odd"_s);
    QVERIFY(view->verticalHeader()->sectionResizeMode(0) == QHeaderView::Fixed);

    // The dead letter (message 3, row 26) in full.
    QCOMPARE(idAt(pane, 26), stored.at(3).id);
    clickRow(view, 26);
    PortMessageDetails *details = browser->details();
    QCOMPARE(details->headingText(), u"Message %1"_s.arg(stored.at(3).id));
    QCOMPARE(details->fieldText(u"status"_s), u"failed (dead letter)"_s);
    QCOMPARE(details->fieldText(u"retries"_s), u"3 of 3"_s);
    QCOMPARE(details->fieldText(u"route"_s), u"splitter → sink"_s);
    QVERIFY2(details->dataText().contains(u"\"order\": {"_s), qPrintable(details->dataText()));
    QVERIFY(details->dataText().contains(u"\n"_s)); // pretty, not compact
    QVERIFY2(details->metadataText().contains(u"\"trace\": \"abc-123\""_s),
             qPrintable(details->metadataText()));
    QVERIFY(details->errorText().startsWith(u"Timeout talking to sink-7 after 30000 ms"_s));
    QVERIFY(details->errorText().contains(u"\"host\": \"sink-7\""_s));
    // The tree: the document, its members, the order's members once expanded.
    JsonTreeModel *tree = details->dataModel();
    const QModelIndex root = tree->index(0, 0);
    QCOMPARE(tree->rowCount(root), 2);
    QStringList keys;
    for (int row = 0; row < tree->rowCount(root); ++row)
        keys << tree->index(row, JsonTreeModel::KeyColumn, root).data().toString();
    QCOMPARE(keys, (QStringList{u"n"_s, u"order"_s}));

    // Another message, then Enter goes to the details.
    clickRow(view, 0);
    QCOMPARE(details->headingText(), u"Message %1"_s.arg(stored.at(29).id));
    QCOMPARE(details->errorText(), u"No error."_s);
    QCOMPARE(details->metadataText(), u"No metadata."_s);
    view->setFocus();
    QTest::keyClick(view, Qt::Key_Return);
    QVERIFY(details->isAncestorOf(QApplication::focusWidget()) ||
            QApplication::focusWidget() == details);
    QVERIFY(browser->splitter()->sizes().at(1) > 0);

    // Ctrl+C: the selected rows, tab-separated, in order, the whole error.
    clickRow(view, 25);
    clickRow(view, 27, Qt::ShiftModifier);
    QApplication::clipboard()->clear();
    QSignalSpy said(&pane, &Pane::statusMessage);
    QTest::keyClick(view, Qt::Key_C, Qt::ControlModifier);
    const QStringList lines = QApplication::clipboard()->text().split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    const QStringList cells = lines.at(1).split(u'\t');
    QCOMPARE(cells.size(), int(M::ColumnCount));
    QCOMPARE(cells.at(M::IdColumn), stored.at(3).id);
    QCOMPARE(cells.at(M::StatusColumn), u"failed"_s);
    QCOMPARE(cells.at(M::ErrorColumn), stored.at(3).errorMessage);
    QVERIFY(lines.at(0).endsWith(stored.at(4).id));
    QVERIFY(lines.at(2).endsWith(stored.at(2).id));
    QCOMPARE(said.size(), 1);
    QCOMPARE(said.at(0).at(0).toString(), u"Copied 3 rows."_s);

    // Ctrl+J: the current message's journey.
    clickRow(view, 4);
    QSignalSpy open(&pane, &Pane::openRequested);
    QTest::keyClick(view, Qt::Key_J, Qt::ControlModifier);
    QCOMPARE(open.size(), 1);
    QCOMPARE(open.at(0).at(0).toString(), u"journey"_s);
    QCOMPARE(open.at(0).at(1).value<PaneFocus>().search, idAt(pane, 4));

    // Opened on a message's id, as a journey's step does: that message alone.
    PaneFocus focus;
    focus.search = stored.at(7).id;
    pane.focusOn(focus);
    QTRY_COMPARE_WITH_TIMEOUT(pane.model()->rowCount(), 1, 20000);
    QCOMPARE(idAt(pane, 0), stored.at(7).id);
}

void tst_QueuesPane::filters()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QList<PortMessage> stored = storeMessages(database.db, 0, 30);
    QCOMPARE(stored.size(), 30);

    PaneModels paneModels(*database.factory, paneOptions());
    QueuesPane pane(paneModels.portMessages(), paneModels.lookup());
    pane.resize(1200, 700);
    pane.show();
    PortMessageModel *model = pane.model();
    QTRY_COMPARE_WITH_TIMEOUT(pane.browser()->countText(), u"30 rows"_s, 20000);

    // The ports come from the database, in the background.
    QTRY_COMPARE_WITH_TIMEOUT(pane.portBox()->count(), 3, 20000);
    QCOMPARE(pane.portBox()->itemText(1), u"even"_s);
    QCOMPARE(pane.portBox()->itemText(2), u"odd"_s);

    // Statuses: numbered messages take statuses in turn (n % 5), and message 3 is failed.
    QSignalSpy resets(model, &QAbstractItemModel::modelReset);
    pane.statusButton(u"failed"_s)->click();
    QCOMPARE(resets.size(), 1);
    QCOMPARE(model->filter().statuses, QStringList{u"failed"_s});
    QTRY_COMPARE_WITH_TIMEOUT(pane.browser()->countText(), u"6 rows"_s, 20000);
    QCOMPARE(model->rowCount(), 6);
    for (int row = 0; row < model->rowCount(); ++row)
        QCOMPARE(model->index(row, M::StatusColumn).data().toString(), u"failed"_s);
    pane.statusButton(u"completed"_s)->click();
    QTRY_COMPARE_WITH_TIMEOUT(pane.browser()->countText(), u"12 rows"_s, 20000);

    // A port, chosen as the operator chooses it.
    pane.portBox()->setCurrentIndex(2);
    Q_EMIT pane.portBox()->activated(2);
    QTRY_COMPARE_WITH_TIMEOUT(pane.browser()->countText(), u"6 rows"_s, 20000);
    for (int row = 0; row < model->rowCount(); ++row)
        QCOMPARE(model->index(row, M::PortColumn).data().toString(), u"odd"_s);

    // Text, once typing pauses: one new listing for the whole word.
    pane.statusButton(u"failed"_s)->click();
    pane.statusButton(u"completed"_s)->click();
    pane.portBox()->setCurrentIndex(0);
    Q_EMIT pane.portBox()->activated(0);
    QTRY_COMPARE_WITH_TIMEOUT(pane.browser()->countText(), u"30 rows"_s, 20000);
    resets.clear();
    QTest::keyClicks(pane.searchField(), u"sink-7"_s);
    QCOMPARE(resets.size(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(resets.size(), 1, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(pane.browser()->countText(), u"1 row"_s, 20000);
    QCOMPARE(idAt(pane, 0), stored.at(3).id);

    // A time range: messages 10 to 19.
    PortMessageFilter range;
    range.from = test::pagedBase.addSecs(10);
    range.to = test::pagedBase.addSecs(20);
    pane.setFilter(range);
    QVERIFY(pane.fromBox()->isChecked());
    QCOMPARE(pane.fromEdit()->dateTime().toUTC(), range.from);
    QTRY_COMPARE_WITH_TIMEOUT(pane.browser()->countText(), u"10 rows"_s, 20000);
    QCOMPARE(idAt(pane, 0), stored.at(19).id);
    QCOMPARE(idAt(pane, 9), stored.at(10).id);
    QCOMPARE(pane.filter().from, range.from);
    QVERIFY(pane.searchField()->text().isEmpty());

    // Nothing matches: the pane says so.
    pane.searchField()->setText(u"no such text"_s);
    QTest::keyClick(pane.searchField(), Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(pane.browser()->stateText(), u"No port messages match the filter."_s,
                              20000);
}

void tst_QueuesPane::newRowsWhileScrolledAway()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QList<PortMessage> stored = storeMessages(database.db, 0, 80);
    QCOMPARE(stored.size(), 80);

    PaneModels paneModels(*database.factory, paneOptions(10));
    QueuesPane pane(paneModels.portMessages(), paneModels.lookup());
    pane.resize(1000, 400);
    pane.show();
    PortMessageModel *model = pane.model();
    PortMessageBrowser *browser = pane.browser();
    QTableView *view = browser->view();
    QVERIFY(loadAll(model));
    QCOMPARE(model->rowCount(), 80);

    // At the top (newest first, the live edge) new rows come into view.
    stored += storeMessages(database.db, 80, 2);
    pane.refresh();
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 82, 20000);
    PORTHOLE_SETTLE(*model);
    QCOMPARE(topRow(pane), 0);
    QCOMPARE(idAt(pane, 0), stored.at(81).id);
    QCOMPARE(model->newRows(), 0);
    QVERIFY(!browser->newRowsButton()->isVisible());

    // Scrolled away, with a message selected, rows arrive from another connection.
    view->verticalScrollBar()->setValue(30);
    clickRow(view, 35);
    const QString topId = idAt(pane, topRow(pane));
    const QString selectedId = idAt(pane, view->currentIndex().row());
    QCOMPARE(selectedId, idAt(pane, 35));
    stored += storeMessages(database.db, 82, 12);
    pane.refresh();
    QTRY_VERIFY_WITH_TIMEOUT(browser->newRowsButton()->isVisible(), 20000);
    PORTHOLE_SETTLE(*model);
    QCOMPARE(model->rowCount(), 94);
    QCOMPARE(browser->newRowsButton()->text(), u"↑ 12 new rows above: show them"_s);
    // What the operator looked at stays where it was.
    QCOMPARE(idAt(pane, topRow(pane)), topId);
    QCOMPARE(view->currentIndex().row(), 47);
    QCOMPARE(idAt(pane, 47), selectedId);
    QCOMPARE(browser->details()->headingText(), u"Message %1"_s.arg(selectedId));

    // The bar takes the operator to them.
    browser->newRowsButton()->click();
    QTRY_COMPARE_WITH_TIMEOUT(topRow(pane), 0, 20000);
    QVERIFY(!browser->newRowsButton()->isVisible());
    QCOMPARE(model->newRows(), 0);
    QCOMPARE(idAt(pane, 0), stored.at(93).id);
    QVERIFY(view->currentIndex().row() == 0);

    // Scrolling back to the top by hand shows them too.
    view->verticalScrollBar()->setValue(20);
    stored += storeMessages(database.db, 94, 1);
    pane.refresh();
    QTRY_VERIFY_WITH_TIMEOUT(browser->newRowsButton()->isVisible(), 20000);
    QCOMPARE(browser->newRowsButton()->text(), u"↑ 1 new row above: show them"_s);
    view->verticalScrollBar()->setValue(0);
    QVERIFY(!browser->newRowsButton()->isVisible());
    QCOMPARE(model->newRows(), 0);
}

void tst_QueuesPane::jumpsToTheEnds()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QList<PortMessage> stored = storeMessages(database.db, 0, 100);
    QCOMPARE(stored.size(), 100);

    PaneModels paneModels(*database.factory, paneOptions(10));
    QueuesPane pane(paneModels.portMessages(), paneModels.lookup());
    pane.resize(1000, 400);
    pane.show();
    PortMessageModel *model = pane.model();
    QTableView *view = pane.browser()->view();
    QTRY_COMPARE_WITH_TIMEOUT(model->state(), PagedTableModel::State::Ready, 20000);
    PORTHOLE_SETTLE(*model);
    QVERIFY(model->rowCount() < 100);

    // Ctrl+End: the oldest message, without reading the pages in between.
    view->setFocus();
    QSignalSpy jumped(model, &PagedTableModel::jumped);
    QTest::keyClick(view, Qt::Key_End, Qt::ControlModifier);
    QTRY_COMPARE_WITH_TIMEOUT(jumped.size(), 1, 20000);
    QCOMPARE(model->anchor(), PagedTableModel::Anchor::End);
    const int last = model->rowCount() - 1;
    QCOMPARE(view->currentIndex().row(), last);
    QCOMPARE(idAt(pane, last), stored.at(0).id);
    QVERIFY(view->viewport()->rect().intersects(view->visualRect(model->index(last, 0))));
    QCOMPARE(pane.browser()->details()->headingText(), u"Message %1"_s.arg(stored.at(0).id));

    // Scrolling up reads the rows before, a page at a time, and keeps the rows in view put.
    PORTHOLE_SETTLE(*model);
    const int before = model->rowCount();
    view->verticalScrollBar()->setValue(0);
    const QString top = idAt(pane, 0);
    QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() > before, 20000);
    PORTHOLE_SETTLE(*model);
    QCOMPARE(idAt(pane, topRow(pane)), top);
    QVERIFY(topRow(pane) >= 10);
    QCOMPARE(idAt(pane, model->rowCount() - 1), stored.at(0).id);

    // Home: back to the newest message.
    QTest::keyClick(view, Qt::Key_Home);
    QTRY_COMPARE_WITH_TIMEOUT(jumped.size(), 2, 20000);
    QCOMPARE(model->anchor(), PagedTableModel::Anchor::Start);
    QCOMPARE(view->currentIndex().row(), 0);
    QCOMPARE(idAt(pane, 0), stored.at(99).id);
    QCOMPARE(topRow(pane), 0);

    // End, with the listing read to its end already: no new listing, the last row.
    QVERIFY(loadAll(model));
    QSignalSpy resets(model, &QAbstractItemModel::modelReset);
    QTest::keyClick(view, Qt::Key_End);
    QCOMPARE(jumped.size(), 3);
    QCOMPARE(resets.size(), 0);
    QCOMPARE(view->currentIndex().row(), 99);
}

void tst_QueuesPane::saysWhatIsGoingOn()
{
    QFETCH(Engine, engine);
    {
        // No tables: the pane says what to do.
        PORTHOLE_SCRATCH_DATABASE(scratch, engine);
        PaneModels paneModels(ConnectionFactory(scratch->url()), paneOptions());
        QueuesPane pane(paneModels.portMessages(), paneModels.lookup());
        pane.show();
        QTRY_VERIFY_WITH_TIMEOUT(
            pane.browser()->stateText().startsWith(u"Cannot read the port messages."_s), 20000);
        QVERIFY2(pane.browser()->stateText().contains(u"porthole migrate"_s),
                 qPrintable(pane.browser()->stateText()));
        QVERIFY(pane.browser()->countText().isEmpty());
        PORTHOLE_SETTLE(*pane.model());
    }
    {
        MigratedDatabase database(engine);
        QVERIFY2(database.ok(), qPrintable(database.error));
        PaneModels paneModels(*database.factory, paneOptions());
        QueuesPane pane(paneModels.portMessages(), paneModels.lookup());
        pane.show();
        QTRY_VERIFY_WITH_TIMEOUT(
            pane.browser()->stateText().startsWith(u"There are no port messages yet."_s), 20000);
        QTRY_COMPARE_WITH_TIMEOUT(pane.browser()->countText(), u"0 rows"_s, 20000);

        // Rows arrive: the table shows them.
        QCOMPARE(storeMessages(database.db, 0, 2).size(), 2);
        pane.refresh();
        QTRY_COMPARE_WITH_TIMEOUT(pane.model()->rowCount(), 2, 20000);
        QVERIFY(pane.browser()->stateText().isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(pane.browser()->countText(), u"2 rows"_s, 20000);
        QVERIFY(pane.browser()->view()->isVisible());
    }
}

void tst_QueuesPane::showsALostConnection()
{
    MigratedDatabase database(Engine::PostgreSQL);
    QVERIFY2(database.ok(), qPrintable(database.error));
    QCOMPARE(storeMessages(database.db, 0, 10).size(), 10);
    PaneModels paneModels(*database.factory, paneOptions());
    QueuesPane pane(paneModels.portMessages(), paneModels.lookup());
    pane.show();
    QTRY_COMPARE_WITH_TIMEOUT(pane.model()->rowCount(), 10, 20000);
    PORTHOLE_SETTLE(*pane.model());

    // The server throws the pane's connections out and lets none back for now.
    const QString name = database.scratch->url().databaseName();
    const qint64 ownPid = test::scalar(database.db, u"SELECT pg_backend_pid()"_s);
    QString shut = test::shutOut(name, true, ownPid);
    QVERIFY2(shut.isEmpty(), qPrintable(shut));
    const auto allow = qScopeGuard([&] { test::shutOut(name, false); });
    pane.refresh();
    QTRY_VERIFY_WITH_TIMEOUT(!pane.browser()->problemText().isEmpty(), 20000);
    QVERIFY2(pane.browser()->problemText().contains(u"Retrying in"_s),
             qPrintable(pane.browser()->problemText()));
    // The rows stay, and the pane answers meanwhile.
    QCOMPARE(pane.model()->rowCount(), 10);
    QVERIFY(pane.browser()->stateText().isEmpty());
    clickRow(pane.browser()->view(), 2);
    QCOMPARE(pane.browser()->view()->currentIndex().row(), 2);

    // Back: the bar goes by itself, and new rows come in.
    QCOMPARE(storeMessages(database.db, 10, 1).size(), 1);
    shut = test::shutOut(name, false);
    QVERIFY2(shut.isEmpty(), qPrintable(shut));
    QTRY_VERIFY_WITH_TIMEOUT(pane.browser()->problemText().isEmpty(), 20000);
    QTRY_COMPARE_WITH_TIMEOUT(pane.model()->rowCount(), 11, 20000);
}

void tst_QueuesPane::readsItsRowsFirst()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QCOMPARE(storeMessages(database.db, 0, 30).size(), 30);

    PaneModels paneModels(*database.factory, paneOptions());
    PortMessageModel *model = paneModels.portMessages();
    PortMessageLookup *lookup = paneModels.lookup();
    QCOMPARE(model->state(), PagedTableModel::State::Loading);
    // The rows the model had each time the lookup started reading.
    QList<int> rowsWhenAsked;
    connect(lookup, &PortMessageLookup::busyChanged, this, [&rowsWhenAsked, model](bool busy) {
        if (busy)
            rowsWhenAsked << model->rowCount();
    });
    QueuesPane pane(model, lookup);
    pane.resize(1200, 700);
    pane.show();
    // Its ports and counts wait for its first rows: nothing read beside them on the cores.
    QVERIFY(!lookup->isBusy());
    const auto *ports = pane.findChild<QComboBox *>(u"port"_s);
    QVERIFY(ports);
    QTRY_COMPARE_WITH_TIMEOUT(ports->count(), 3, 20000); // all ports, even, odd
    QTRY_VERIFY_WITH_TIMEOUT(!lookup->isBusy(), 20000);
    QVERIFY(!rowsWhenAsked.isEmpty());
    QCOMPARE_GT(rowsWhenAsked.constFirst(), 0);
    QCOMPARE(model->rowCount(), 30);
}

void tst_QueuesPane::filterBarFitsTheWindow()
{
    MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    // Ports with long names: the bar does not grow with them.
    QList<PortMessage> rows;
    for (int n = 0; n < 4; ++n) {
        PortMessage m = test::numberedMessage(n);
        m.portName = u"notifications.outbound.email.priority-%1"_s.arg(n);
        rows << m;
    }
    QVERIFY(PortMessageRepository(database.db).insert(rows).ok());

    // The room the pane has in the window at its default size, 1100 x 680.
    PaneModels paneModels(*database.factory, paneOptions());
    QueuesPane pane(paneModels.portMessages(), paneModels.lookup());
    pane.resize(926, 639);
    pane.show();
    QApplication::setActiveWindow(&pane);
    QVERIFY(QTest::qWaitForWindowActive(&pane));
    QTRY_COMPARE_WITH_TIMEOUT(pane.portBox()->count(), 5, 20000);
    pane.layout()->activate();
    QVERIFY2(pane.minimumSizeHint().width() <= 926,
             qPrintable(u"the pane needs %1 px"_s.arg(pane.minimumSizeHint().width())));
    QCOMPARE(pane.width(), 926);
    QList<QWidget *> bar{pane.portBox(), pane.fromBox(),     pane.fromEdit(), pane.toBox(),
                         pane.toEdit(),  pane.searchField(), pane.liveBox()};
    for (const QString &status : PortMessageRepository::statuses())
        bar << pane.statusButton(status);
    for (const QWidget *widget : std::as_const(bar)) {
        QVERIFY(widget);
        const QRect at(widget->mapTo(&pane, QPoint(0, 0)), widget->size());
        QVERIFY2(pane.rect().contains(at), qPrintable(widget->objectName()));
    }
    // Room to read what is typed into the search field.
    const QLineEdit *search = pane.searchField();
    QVERIFY2(search->width() >= 20 * search->fontMetrics().averageCharWidth(),
             qPrintable(u"%1 px"_s.arg(search->width())));

    // Ctrl+F from the table goes there, what it holds selected.
    pane.searchField()->setText(u"sink"_s);
    pane.browser()->view()->setFocus();
    QTRY_VERIFY(pane.browser()->view()->hasFocus());
    QTest::keyClick(pane.browser()->view(), Qt::Key_F, Qt::ControlModifier);
    QTRY_VERIFY(pane.searchField()->hasFocus());
    QCOMPARE(pane.searchField()->selectedText(), u"sink"_s);
}

void tst_QueuesPane::tableHasTheRoomAtFirstStart()
{
    MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    QList<PortMessage> rows;
    for (int n = 0; n < 4; ++n) {
        PortMessage m = test::numberedMessage(n);
        m.portName = u"notifications.email"_s;
        m.status = u"dead_letter"_s;
        rows << m;
    }
    QVERIFY(PortMessageRepository(database.db).insert(rows).ok());

    // The pane was in the window before, but never shown: the layout it kept is that of a
    // pane never laid out. At the room the pane has in the window at its default size, the
    // table gets three fifths of the width, however wide the details' form would like to be,
    // and shows the time, the port and the status of a row without scrolling.
    {
        PaneModels unseenModels(*database.factory, paneOptions());
        QueuesPane unseen(unseenModels.portMessages(), unseenModels.lookup());
    }
    PaneModels paneModels(*database.factory, paneOptions());
    QueuesPane pane(paneModels.portMessages(), paneModels.lookup());
    pane.resize(926, 639);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QTRY_COMPARE_WITH_TIMEOUT(pane.model()->rowCount(), 4, 20000);
    const QList<int> sizes = pane.browser()->splitter()->sizes();
    QCOMPARE(sizes.size(), 2);
    QVERIFY2(sizes.at(0) * 100 >= (sizes.at(0) + sizes.at(1)) * 58,
             qPrintable(u"table %1 px, details %2 px"_s.arg(sizes.at(0)).arg(sizes.at(1))));
    const QTableView *view = pane.browser()->view();
    for (const int column : {int(M::CreatedAtColumn), int(M::PortColumn), int(M::StatusColumn)}) {
        const QString text = pane.model()->index(0, column).data().toString();
        QVERIFY2(view->columnViewportPosition(column) + view->columnWidth(column) <=
                     view->viewport()->width(),
                 qPrintable(text));
        QVERIFY2(view->columnWidth(column) >= view->fontMetrics().horizontalAdvance(text),
                 qPrintable(text));
    }
}

void tst_QueuesPane::keepsItsLayout()
{
    MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    {
        PaneModels paneModels(*database.factory, paneOptions());
        QueuesPane pane(paneModels.portMessages(), paneModels.lookup());
        pane.resize(1200, 700);
        pane.show();
        QTableView *view = pane.browser()->view();
        view->setColumnWidth(M::SourceColumn, 321);
        view->sortByColumn(M::PortColumn, Qt::AscendingOrder);
        QCOMPARE(pane.model()->sortColumn(), int(M::PortColumn));
        // Nothing selected: the details are shut; the share they open to is kept.
        QCOMPARE(pane.browser()->splitter()->sizes().value(1), 0);
        pane.browser()->splitter()->setProperty(openDetailsShare, 0.3);
        pane.setLive(false);
        // A sort SQL cannot do leaves the sort as it was.
        view->sortByColumn(M::ErrorColumn, Qt::AscendingOrder);
        QCOMPARE(pane.model()->sortColumn(), int(M::PortColumn));
        QTRY_COMPARE(view->horizontalHeader()->sortIndicatorSection(), int(M::PortColumn));
    }
    PaneModels paneModels(*database.factory, paneOptions());
    QueuesPane pane(paneModels.portMessages(), paneModels.lookup());
    pane.resize(1200, 700);
    pane.show();
    QCOMPARE(pane.browser()->view()->columnWidth(M::SourceColumn), 321);
    QCOMPARE(pane.model()->sortColumn(), int(M::PortColumn));
    QCOMPARE(pane.model()->sortOrder(), Qt::AscendingOrder);
    QCOMPARE(pane.browser()->view()->horizontalHeader()->sortIndicatorSection(),
             int(M::PortColumn));
    QCOMPARE(pane.browser()->splitter()->sizes().value(1), 0);
    QCOMPARE(pane.browser()->splitter()->property(openDetailsShare).toDouble(), 0.3);
    QVERIFY(!pane.isLive());
    QVERIFY(!pane.model()->liveFollow());
}

QTEST_MAIN(tst_QueuesPane)
#include "tst_queuespane.moc"
