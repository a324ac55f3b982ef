#include "../models/pagedtestsupport.h"
#include "deadletterspane.h"
#include "errorgroupmodel.h"
#include "errorsignature.h"
#include "icons.h"
#include "panemodels.h"
#include "portmessagebrowser.h"
#include "portmessagedetails.h"
#include "portmessagelookup.h"
#include "portmessagemodel.h"

#include <QApplication>
#include <QHeaderView>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>
#include <QToolBar>
#include <QToolButton>

using namespace Qt::StringLiterals;
using namespace porthole;
using porthole::test::MigratedDatabase;
using Engine = porthole::test::ScratchDatabase::Engine;
using M = PortMessageModel;
using Groups = ErrorGroupModel;

namespace {

const QString timeoutSignature = u"timeout after <n>s on <ip>:<n>"_s;
const QString fieldSignature = u"no such field \"<s>\" in payload"_s;

// Numbered messages (see pagedtestsupport.h): n < 20 completed; then, in turns, dead letters
// that timed out (12), failed ones with their retries spent and a missing field (6), dead
// letters without an error (2), and failed ones that will be retried (3, not dead letters).
QList<PortMessage> storeFailures(const QSqlDatabase &db)
{
    QList<PortMessage> rows;
    int n = 0;
    const auto add = [&](int count, const std::function<void(PortMessage &, int)> &adjust) {
        for (int i = 0; i < count; ++i, ++n) {
            PortMessage m = test::numberedMessage(n);
            adjust(m, i);
            rows << m;
        }
    };
    add(20, [](PortMessage &m, int) { m.status = u"completed"_s; });
    add(12, [](PortMessage &m, int i) {
        m.status = u"dead_letter"_s;
        m.errorMessage = u"timeout after %1s on 10.0.%2.7:6379"_s.arg(5 + i).arg(i);
    });
    add(6, [](PortMessage &m, int i) {
        m.status = u"failed"_s;
        m.retryCount = 3;
        m.maxRetries = 3;
        m.errorMessage = u"no such field \"f%1\" in payload"_s.arg(i);
    });
    add(2, [](PortMessage &m, int) { m.status = u"dead_letter"_s; });
    add(3, [](PortMessage &m, int) {
        m.status = u"failed"_s;
        m.retryCount = 1;
        m.errorMessage = u"busy"_s;
    });
    auto stored = PortMessageRepository(db).insert(rows);
    if (!stored) {
        qWarning("Storing failed: %s", qPrintable(stored.errorMessage()));
        return {};
    }
    return *stored;
}

PagedTableModel::Options paneOptions()
{
    PagedTableModel::Options options;
    options.pageSize = 8;
    options.refreshIntervalMs = 3600000; // the tests refresh when they mean to
    return options;
}

int groupRow(const DeadLettersPane &pane, const QString &signature)
{
    const QAbstractItemModel *groups = pane.groupView()->model();
    for (int row = 0; row < groups->rowCount(); ++row) {
        if (groups->index(row, 0).data(Groups::SignatureRole).toString() == signature)
            return row;
    }
    return -1;
}

void clickGroup(DeadLettersPane &pane, int row)
{
    QTableView *view = pane.groupView();
    const QRect cell = view->visualRect(view->model()->index(row, Groups::CountColumn));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, cell.center());
}

// Every row of the listing read, as a view scrolled to its end would have.
QStringList errorsShown(PortMessageModel *model)
{
    if (!test::settle(*model))
        return {u"the model kept reading"_s};
    while (model->canFetchMore({})) {
        model->fetchMore({});
        if (!test::settle(*model))
            return {u"the model kept reading"_s};
    }
    QStringList errors;
    for (int row = 0; row < model->rowCount(); ++row)
        errors << model->index(row, M::ErrorColumn).data(Qt::ToolTipRole).toString();
    return errors;
}

} // namespace

// The Dead letters pane on real databases: the groups, filtering by one, its states.
class tst_DeadLettersPane : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void groupsAndFilters_data() { test::addEngineRows(); }
    void groupsAndFilters();
    void regroupsOnRefresh();
    void regroupsWhenFollowedRowsCome();
    void regroupsAtOnceWhenShownAgain();
    void showsOnePortsDeadLetters();
    void findNarrowsTheDeadLetters();
    void groupsHaveRoomAndKeepIt();
    void saysWhatIsGoingOn_data() { test::addEngineRows(); }
    void saysWhatIsGoingOn();
};

void tst_DeadLettersPane::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"PortholeTest"_s);
    QCoreApplication::setApplicationName(u"tst_deadletterspane"_s);
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void tst_DeadLettersPane::init()
{
    QSettings().clear();
}

void tst_DeadLettersPane::groupsAndFilters()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QList<PortMessage> stored = storeFailures(database.db);
    QCOMPARE(stored.size(), 43);

    PaneModels paneModels(*database.factory, paneOptions());
    DeadLettersPane pane(paneModels.portMessages(), paneModels.lookup());
    QCOMPARE(pane.paneId(), u"deadletters"_s);
    QCOMPARE(pane.title(), u"Dead letters"_s);
    pane.resize(1200, 800);
    pane.show();
    // Its groups are read once its first rows are in, not beside them.
    QCOMPARE(pane.model()->state(), PagedTableModel::State::Loading);
    QVERIFY(!pane.lookup()->isBusy());
    // Room for the actions to come.
    QVERIFY(pane.actionToolBar()->isVisible());

    // The dead letters: the dead_letter ones and the failed ones with their retries spent.
    QTRY_COMPARE_WITH_TIMEOUT(pane.browser()->countText(), u"20 rows"_s, 20000);
    QCOMPARE(pane.shownGroupText(), u"All dead letters"_s);
    for (const QString &error : errorsShown(pane.model()))
        QVERIFY2(error != u"busy"_s, "a message still being retried is not a dead letter");

    // The groups, most frequent first, with when each was first and last seen.
    QTRY_VERIFY_WITH_TIMEOUT(pane.groupModel() && pane.groupView()->model()->rowCount() == 3,
                             20000);
    QCOMPARE(pane.groupsText(), u"20 dead letters in 3 groups by their error: click one to see "
                                "its dead letters."_s);
    const QAbstractItemModel *groups = pane.groupView()->model();
    const auto cell = [&](int row, int column, int role = Qt::DisplayRole) {
        return groups->index(row, column).data(role);
    };
    QCOMPARE(cell(0, Groups::SignatureColumn).toString(), timeoutSignature);
    QCOMPARE(cell(0, Groups::CountColumn).toLongLong(), 12);
    QCOMPARE(cell(1, Groups::SignatureColumn).toString(), fieldSignature);
    QCOMPARE(cell(1, Groups::CountColumn).toLongLong(), 6);
    QCOMPARE(cell(2, Groups::SignatureColumn).toString(), u"(no error message)"_s);
    QCOMPARE(cell(2, Groups::CountColumn).toLongLong(), 2);
    // Message 20 was the first timeout, 31 the last; shown in local time, UTC in the tooltip.
    QCOMPARE(cell(0, Groups::FirstSeenColumn).toString(),
             stored.at(20).createdAt.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s));
    QCOMPARE(cell(0, Groups::LastSeenColumn, Qt::ToolTipRole).toString(),
             u"2026-11-20T08:00:31Z"_s);
    QCOMPARE(cell(0, Groups::SignatureColumn, Qt::ToolTipRole).toString(),
             stored.at(31).errorMessage);

    // A click on a group shows its dead letters only.
    clickGroup(pane, groupRow(pane, fieldSignature));
    QCOMPARE(pane.shownGroup(), fieldSignature);
    QCOMPARE(pane.model()->errorSignature(), fieldSignature);
    QTRY_COMPARE_WITH_TIMEOUT(pane.browser()->countText(), u"6 rows"_s, 20000);
    const QStringList fieldErrors = errorsShown(pane.model());
    QCOMPARE(fieldErrors.size(), 6);
    for (const QString &error : fieldErrors)
        QCOMPARE(errorSignature(error), fieldSignature);
    QCOMPARE(pane.shownGroupText(), u"Dead letters with the error: "_s + fieldSignature);

    // The selected dead letter in full.
    QTableView *view = pane.browser()->view();
    const QRect first = view->visualRect(pane.model()->index(0, M::PortColumn));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, first.center());
    QCOMPARE(pane.browser()->details()->headingText(), u"Message %1"_s.arg(stored.at(37).id));
    QVERIFY(pane.browser()->details()->errorText().startsWith(stored.at(37).errorMessage));

    clickGroup(pane, groupRow(pane, timeoutSignature));
    QTRY_COMPARE_WITH_TIMEOUT(pane.browser()->countText(), u"12 rows"_s, 20000);
    for (const QString &error : errorsShown(pane.model()))
        QCOMPARE(errorSignature(error), timeoutSignature);

    // The group of dead letters without an error is a group like the others.
    clickGroup(pane, groupRow(pane, QString()));
    QTRY_COMPARE_WITH_TIMEOUT(pane.browser()->countText(), u"2 rows"_s, 20000);
    QCOMPARE(errorsShown(pane.model()), (QStringList{QString(), QString()}));

    // And back to all of them.
    auto *showAll = pane.findChild<QPushButton *>(u"showAll"_s);
    QVERIFY(showAll);
    QVERIFY(showAll->isVisible());
    showAll->click();
    QVERIFY(pane.shownGroup().isNull());
    QTRY_COMPARE_WITH_TIMEOUT(pane.browser()->countText(), u"20 rows"_s, 20000);
    QVERIFY(!pane.groupView()->selectionModel()->hasSelection());
    QVERIFY(!showAll->isVisible());
}

// Dead letters that come while the listing follows at its top: the groups are read again,
// and their figures become the list's.
void tst_DeadLettersPane::regroupsWhenFollowedRowsCome()
{
    MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    QCOMPARE(storeFailures(database.db).size(), 43);
    PaneModels paneModels(*database.factory, paneOptions());
    DeadLettersPane pane(paneModels.portMessages(), paneModels.lookup());
    pane.show();
    QTRY_VERIFY_WITH_TIMEOUT(pane.groupModel() && pane.groupView()->model()->rowCount() == 3,
                             20000);
    const QString before = pane.groupsText();
    QList<PortMessage> more;
    for (int n = 200; n < 205; ++n) {
        PortMessage m = test::numberedMessage(n);
        m.status = u"dead_letter"_s;
        m.errorMessage = u"schema rejected at offset %1"_s.arg(n);
        more << m;
    }
    QSignalSpy regrouped(pane.lookup(), &PortMessageLookup::errorGroupsRead);
    QVERIFY(PortMessageRepository(database.db).insert(more).ok());
    QVERIFY(regrouped.wait(30000));
    QTRY_COMPARE_WITH_TIMEOUT(pane.groupView()->model()->rowCount(), 4, 20000);
    QVERIFY2(pane.groupsText() != before, qPrintable(pane.groupsText()));
}

// Hidden, the pane reads nothing; shown again, the first rows it follows regroup at once, not a
// regroup interval (10 s) later, so that the groups never lag the list it shows beside them.
void tst_DeadLettersPane::regroupsAtOnceWhenShownAgain()
{
    MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    QCOMPARE(storeFailures(database.db).size(), 43);
    PagedTableModel::Options following = paneOptions();
    following.refreshIntervalMs = 100; // the list follows the table while shown
    PaneModels paneModels(*database.factory, following);
    DeadLettersPane pane(paneModels.portMessages(), paneModels.lookup());
    pane.show();
    QTRY_VERIFY_WITH_TIMEOUT(pane.groupModel() && pane.groupView()->model()->rowCount() == 3,
                             20000);
    QTRY_COMPARE_WITH_TIMEOUT(pane.browser()->countText(), u"20 rows"_s, 20000);
    pane.hide();
    QList<PortMessage> more;
    for (int n = 300; n < 305; ++n) {
        PortMessage m = test::numberedMessage(n);
        m.status = u"dead_letter"_s;
        m.errorMessage = u"schema rejected at offset %1"_s.arg(n);
        more << m;
    }
    QVERIFY(PortMessageRepository(database.db).insert(more).ok());
    QSignalSpy regrouped(pane.lookup(), &PortMessageLookup::errorGroupsRead);
    pane.show();
    QTRY_COMPARE_WITH_TIMEOUT(pane.browser()->countText(), u"25 rows"_s, 20000);
    // Well inside the regroup interval: read because it was shown again.
    QTRY_VERIFY_WITH_TIMEOUT(!regrouped.isEmpty(), 5000);
    QCOMPARE(pane.groupView()->model()->rowCount(), 4);
    QCOMPARE(pane.groupsText(), u"25 dead letters in 4 groups by their error: click one to see "
                                "its dead letters."_s);
}

// The pipeline map's double-click on a port: that port's dead letters, of every group, said
// above the list, in the saved view, and gone with Show all.
void tst_DeadLettersPane::showsOnePortsDeadLetters()
{
    MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    QCOMPARE(storeFailures(database.db).size(), 43);
    PaneModels paneModels(*database.factory, paneOptions());
    DeadLettersPane pane(paneModels.portMessages(), paneModels.lookup());
    pane.show();
    QTRY_COMPARE_WITH_TIMEOUT(pane.browser()->countText(), u"20 rows"_s, 20000);
    PaneFocus focus;
    focus.port = u"odd"_s;
    pane.focusOn(focus);
    QCOMPARE(pane.shownPort(), u"odd"_s);
    QCOMPARE(pane.shownGroupText(), u"Dead letters on the port odd"_s);
    QTRY_COMPARE_WITH_TIMEOUT(pane.browser()->countText(), u"10 rows"_s, 20000);
    QCOMPARE(pane.viewState().value(u"port"_s).toString(), u"odd"_s);
    QVERIFY(pane.shownRows().description.endsWith(u", on the port odd"_s));
    // With a group: both said.
    pane.showGroup(timeoutSignature);
    QCOMPARE(pane.shownGroupText(),
             u"Dead letters on the port odd with the error: %1"_s.arg(timeoutSignature));
    QTRY_COMPARE_WITH_TIMEOUT(pane.browser()->countText(), u"6 rows"_s, 20000);
    pane.findChild<QPushButton *>(u"showAll"_s)->click();
    QCOMPARE(pane.shownPort(), QString());
    QCOMPARE(pane.shownGroupText(), u"All dead letters"_s);
    QTRY_COMPARE_WITH_TIMEOUT(pane.browser()->countText(), u"20 rows"_s, 20000);
}

void tst_DeadLettersPane::regroupsOnRefresh()
{
    MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    QCOMPARE(storeFailures(database.db).size(), 43);
    PaneModels paneModels(*database.factory, paneOptions());
    DeadLettersPane pane(paneModels.portMessages(), paneModels.lookup());
    pane.show();
    QTRY_VERIFY_WITH_TIMEOUT(pane.groupModel() && pane.groupView()->model()->rowCount() == 3,
                             20000);
    clickGroup(pane, groupRow(pane, timeoutSignature));
    QTRY_COMPARE_WITH_TIMEOUT(pane.browser()->countText(), u"12 rows"_s, 20000);

    // New dead letters of a new kind, and one more timeout.
    QList<PortMessage> more;
    for (int n = 100; n < 104; ++n) {
        PortMessage m = test::numberedMessage(n);
        m.status = u"dead_letter"_s;
        m.errorMessage = n == 103 ? u"timeout after 1s on 10.9.9.9:80"_s
                                  : u"schema rejected at offset %1"_s.arg(n);
        more << m;
    }
    QVERIFY(PortMessageRepository(database.db).insert(more).ok());
    QSignalSpy regrouped(pane.lookup(), &PortMessageLookup::errorGroupsRead);
    pane.refresh();
    QVERIFY(regrouped.wait(20000));
    QCOMPARE(pane.groupView()->model()->rowCount(), 4);
    QCOMPARE(pane.groupView()->model()->index(0, Groups::CountColumn).data().toLongLong(), 13);
    // The group shown stays shown, and selected.
    QCOMPARE(pane.shownGroup(), timeoutSignature);
    QCOMPARE(pane.groupView()->currentIndex().row(), groupRow(pane, timeoutSignature));
    QTRY_COMPARE_WITH_TIMEOUT(pane.browser()->countText(), u"13 rows"_s, 20000);
}

void tst_DeadLettersPane::findNarrowsTheDeadLetters()
{
    MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const QList<PortMessage> stored = storeFailures(database.db);
    QCOMPARE(stored.size(), 43);
    PaneModels paneModels(*database.factory, paneOptions());
    DeadLettersPane pane(paneModels.portMessages(), paneModels.lookup());
    pane.resize(1100, 700);
    pane.show();
    QApplication::setActiveWindow(&pane);
    QVERIFY(QTest::qWaitForWindowActive(&pane));
    QTRY_COMPARE_WITH_TIMEOUT(pane.browser()->countText(), u"20 rows"_s, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(pane.groupModel() && pane.groupView()->model()->rowCount() == 3,
                             20000);

    // Ctrl+F from the list goes to the search field, what it holds selected.
    QTableView *view = pane.browser()->view();
    view->setFocus();
    QTRY_VERIFY(view->hasFocus());
    QTest::keyClick(view, Qt::Key_F, Qt::ControlModifier);
    QTRY_VERIFY(pane.searchField()->hasFocus());

    // Text in the error narrows the dead letters down (the groups stay those of all of them).
    QTest::keyClicks(pane.searchField(), u"10.0.3.7"_s);
    QTRY_COMPARE_WITH_TIMEOUT(pane.model()->filter().text, u"10.0.3.7"_s, 20000);
    QVERIFY(pane.model()->deadLettersOnly());
    QTRY_COMPARE_WITH_TIMEOUT(pane.browser()->countText(), u"1 row"_s, 20000);
    QCOMPARE(errorsShown(pane.model()), QStringList{stored.at(23).errorMessage});
    QCOMPARE(pane.groupView()->model()->rowCount(), 3);
    // Within a group too; none in another group, and the list says so.
    clickGroup(pane, groupRow(pane, timeoutSignature));
    QTRY_COMPARE_WITH_TIMEOUT(pane.browser()->countText(), u"1 row"_s, 20000);
    QCOMPARE(pane.model()->filter().text, u"10.0.3.7"_s);
    clickGroup(pane, groupRow(pane, fieldSignature));
    QTRY_COMPARE_WITH_TIMEOUT(pane.browser()->stateText(),
                              u"No dead letter of this group holds “10.0.3.7”."_s, 20000);

    // Ctrl+F again selects the text, to be typed over; emptied, all dead letters again.
    view->setFocus();
    QTRY_VERIFY(view->hasFocus());
    QTest::keyClick(view, Qt::Key_F, Qt::ControlModifier);
    QTRY_VERIFY(pane.searchField()->hasFocus());
    QCOMPARE(pane.searchField()->selectedText(), u"10.0.3.7"_s);
    pane.searchField()->clear();
    pane.showAllGroups();
    QTRY_COMPARE_WITH_TIMEOUT(pane.browser()->countText(), u"20 rows"_s, 20000);
    QVERIFY(pane.model()->filter().text.isEmpty());

    // Enter on a dead letter goes to it in full.
    QTRY_VERIFY(pane.browser()->stateText().isEmpty());
    view->setFocus();
    QTRY_VERIFY(view->hasFocus());
    view->selectRow(0);
    QTest::keyClick(view, Qt::Key_Return);
    QTRY_VERIFY(pane.browser()->details()->isAncestorOf(QApplication::focusWidget()));
    QVERIFY(!pane.browser()->details()->headingText().isEmpty());
}

void tst_DeadLettersPane::groupsHaveRoomAndKeepIt()
{
    MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    QCOMPARE(storeFailures(database.db).size(), 43);
    QList<int> sizes;
    {
        // The room the pane has in the window at its default size, 1100 x 680.
        PaneModels paneModels(*database.factory, paneOptions());
        DeadLettersPane pane(paneModels.portMessages(), paneModels.lookup());
        pane.resize(926, 639);
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        QTRY_VERIFY_WITH_TIMEOUT(pane.groupModel() && pane.groupView()->model()->rowCount() == 3,
                                 20000);
        QCOMPARE(pane.height(), 639);
        // The actions there is no room for, behind a button that reads in every theme.
        const auto *more =
            pane.actionToolBar()->findChild<QToolButton *>(u"qt_toolbar_ext_button"_s);
        QVERIFY(more);
        QTRY_VERIFY(more->isVisible());
        QCOMPARE(more->icon().pixmap(QSize(16, 16), 1.0).toImage(),
                 themedIcon(IconId::MoreActions).pixmap(QSize(16, 16), 1.0).toImage());
        const int row = pane.groupView()->verticalHeader()->defaultSectionSize();
        QVERIFY2(pane.groupView()->viewport()->height() >= 5 * row,
                 qPrintable(u"room for %1 groups"_s.arg(pane.groupView()->viewport()->height() /
                                                        double(row))));
        // The operator drags the splitter: so it stays.
        pane.splitter()->setSizes({250, 300});
        sizes = pane.splitter()->sizes();
        QVERIFY(sizes.at(0) > 200);
    }
    PaneModels paneModels(*database.factory, paneOptions());
    DeadLettersPane pane(paneModels.portMessages(), paneModels.lookup());
    pane.resize(926, 639);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QCOMPARE(pane.splitter()->sizes(), sizes);
}

void tst_DeadLettersPane::saysWhatIsGoingOn()
{
    QFETCH(Engine, engine);
    {
        // No tables: both halves say what is wrong.
        PORTHOLE_SCRATCH_DATABASE(scratch, engine);
        PaneModels paneModels(ConnectionFactory(scratch->url()), paneOptions());
        DeadLettersPane pane(paneModels.portMessages(), paneModels.lookup());
        pane.show();
        QTRY_VERIFY_WITH_TIMEOUT(
            pane.browser()->stateText().startsWith(u"Cannot read the port messages."_s), 20000);
        QVERIFY2(pane.browser()->stateText().contains(u"porthole migrate"_s),
                 qPrintable(pane.browser()->stateText()));
        QTRY_VERIFY_WITH_TIMEOUT(
            pane.groupsText().startsWith(u"Cannot group the dead letters by their error."_s),
            20000);
        QVERIFY2(pane.groupsText().contains(u"porthole migrate"_s), qPrintable(pane.groupsText()));
        PORTHOLE_SETTLE(*pane.model());
        QTRY_VERIFY(!pane.lookup()->isBusy());
    }
    {
        MigratedDatabase database(engine);
        QVERIFY2(database.ok(), qPrintable(database.error));
        PaneModels paneModels(*database.factory, paneOptions());
        DeadLettersPane pane(paneModels.portMessages(), paneModels.lookup());
        pane.show();
        QTRY_VERIFY_WITH_TIMEOUT(pane.browser()->stateText().startsWith(u"There are no dead "_s),
                                 20000);
        QTRY_COMPARE_WITH_TIMEOUT(pane.groupsText(), u"There are no dead letters to group."_s,
                                  20000);
    }
}

QTEST_MAIN(tst_DeadLettersPane)
#include "tst_deadletterspane.moc"
