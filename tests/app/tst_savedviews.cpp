#include "auditlogmodel.h"
#include "auditpane.h"
#include "deadletterspane.h"
#include "mainwindow.h"
#include "messagemodel.h"
#include "messagespane.h"
#include "portmessagemodel.h"
#include "queuespane.h"
#include "savedviews.h"
#include "savedviewscontroller.h"
#include "windowcontroller.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QLineEdit>
#include <QMenu>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {

// A filter time as the bars show them: whole seconds.
const QDateTime someTime = QDateTime(QDate(2026, 3, 14), QTime(9, 26, 53), Qt::UTC);

// The window over an embedded store of its own, every pane made as at a start.
struct Console
{
    explicit Console(const QString &dataDirectory, const QString &pane = {},
                     const QString &view = {})
        : console([&] {
            GuiOptions options;
            options.dataDirectory = dataDirectory;
            options.pane = pane;
            options.view = view;
            return options;
        }())
    {}

    // Once every pane is made (after setUp(), at the event loop's first turns).
    template <typename P>
    P *pane() const
    {
        if (!QTest::qWaitFor([this] { return console.isStarted(); }, 20000))
            return nullptr;
        return console.window()->findChild<P *>();
    }

    WindowController console;
};

// What each pane's model filters by now, as text to compare: what a saved view must bring back.
QString applied(const Pane *pane)
{
    if (const auto *queues = qobject_cast<const QueuesPane *>(pane)) {
        const PortMessageFilter f = queues->model()->filter();
        return u"%1|%2|%3|%4|%5"_s.arg(f.ports.join(u','), f.statuses.join(u','),
                                       f.from.toString(Qt::ISODate), f.to.toString(Qt::ISODate),
                                       f.text);
    }
    if (const auto *messages = qobject_cast<const MessagesPane *>(pane)) {
        const MessageFilter f = messages->model()->filter();
        const auto number = [](std::optional<qint64> n) {
            return n ? QString::number(*n) : u"-"_s;
        };
        return u"%1|%2|%3|%4|%5|%6|%7"_s.arg(
            f.text, f.source, number(f.batchId), number(f.numberFrom), number(f.numberTo),
            f.from.toString(Qt::ISODate), f.to.toString(Qt::ISODate));
    }
    if (const auto *letters = qobject_cast<const DeadLettersPane *>(pane)) {
        const QString group = letters->shownGroup();
        return u"%1|%2"_s.arg(group.isNull() ? u"(all)"_s : group, letters->model()->filter().text);
    }
    if (const auto *audit = qobject_cast<const AuditPane *>(pane)) {
        const AuditFilter f = audit->model()->filter();
        return u"%1|%2|%3"_s.arg(f.action, f.from.toString(Qt::ISODate),
                                 f.to.toString(Qt::ISODate));
    }
    return {};
}

// Sets `pane`'s filter bar as an operator would, to something other than its default, and
// applies it.
void fillBar(Pane *pane)
{
    if (auto *queues = qobject_cast<QueuesPane *>(pane)) {
        PortMessageFilter filter;
        filter.ports = {u"orders"_s};
        filter.statuses = {u"failed"_s, u"dead_letter"_s};
        filter.from = someTime;
        filter.text = u"timeout"_s;
        queues->setFilter(filter);
    } else if (auto *messages = qobject_cast<MessagesPane *>(pane)) {
        messages->textField()->setText(u"sensor"_s);
        messages->sourceField()->setText(u"stream:demo"_s);
        messages->batchField()->setText(u"3"_s);
        messages->numberFromField()->setText(u"10"_s);
        messages->numberToField()->setText(u"20"_s);
        messages->toBox()->setChecked(true);
        messages->toEdit()->setDateTime(someTime.toLocalTime());
        messages->applyFilter();
    } else if (auto *letters = qobject_cast<DeadLettersPane *>(pane)) {
        letters->searchField()->setText(u"order 17"_s);
        QTest::keyClick(letters->searchField(), Qt::Key_Return);
        letters->showGroup(u"Timeout after <n> ms"_s);
    } else if (auto *audit = qobject_cast<AuditPane *>(pane)) {
        audit->actionField()->setCurrentText(u"replay"_s);
        audit->fromBox()->setChecked(true);
        audit->fromEdit()->setDateTime(someTime.toLocalTime());
        audit->applyFilter();
    }
}

// Sets the bar back to showing everything.
void clearBar(Pane *pane)
{
    if (auto *queues = qobject_cast<QueuesPane *>(pane)) {
        queues->setFilter({});
    } else if (auto *messages = qobject_cast<MessagesPane *>(pane)) {
        messages->clearFilter();
    } else if (auto *letters = qobject_cast<DeadLettersPane *>(pane)) {
        letters->searchField()->clear();
        QTest::keyClick(letters->searchField(), Qt::Key_Return);
        letters->showAllGroups();
    } else if (auto *audit = qobject_cast<AuditPane *>(pane)) {
        audit->actionField()->setCurrentText(QString());
        audit->fromBox()->setChecked(false);
        audit->applyFilter();
    }
}

QTreeWidgetItem *paneItem(const MainWindow *window, const QString &paneId)
{
    const auto *navigation = window->findChild<QTreeWidget *>(u"navigation"_s);
    for (int row = 0; row < navigation->topLevelItemCount(); ++row) {
        if (navigation->topLevelItem(row)->data(0, Qt::UserRole).toString() == paneId)
            return navigation->topLevelItem(row);
    }
    return nullptr;
}

} // namespace

class tst_SavedViews : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void keptByNameInAnyCase();
    void unreadableSettingsAreIgnored();
    void eachPaneGetsItsFilterBack_data();
    void eachPaneGetsItsFilterBack();
    void listedUnderThePaneAndOpenedFromThere();
    void menuOffersTheViewsAndMarksTheShownOne();
    void keptAcrossARestart();
    void commandLineOpensAView();
    void commandLineSaysWhichViewsThereAre();
};

void tst_SavedViews::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    qunsetenv("DBUS_SESSION_BUS_ADDRESS"); // no keychain: the window runs as on a server
    // Settings of this unit's own, which the units run beside it do not clear.
    QVERIFY2(QSettings().fileName().contains(u"savedviews"_s), qPrintable(QSettings().fileName()));
}

void tst_SavedViews::init()
{
    QSettings().clear();
}

void tst_SavedViews::keptByNameInAnyCase()
{
    const QJsonObject failing{{u"statuses"_s, QJsonArray{u"failed"_s}}};
    const QJsonObject orders{{u"port"_s, u"orders"_s}};
    QVERIFY(SavedViews::save(u"queues"_s, u"  failing  "_s, failing));
    QVERIFY(SavedViews::save(u"queues"_s, u"Orders"_s, orders));
    QVERIFY(SavedViews::save(u"audit"_s, u"replays"_s, {}));
    QCOMPARE(SavedViews::names(u"queues"_s), (QStringList{u"failing"_s, u"Orders"_s}));
    QCOMPARE(SavedViews::find(u"queues"_s, u"FAILING"_s), failing);
    QCOMPARE(SavedViews::find(u"queues"_s, u"orders"_s), orders);
    QVERIFY(!SavedViews::find(u"queues"_s, u"replays"_s)); // another pane's

    // The same name in another case replaces the view, and takes the new spelling.
    QVERIFY(SavedViews::save(u"queues"_s, u"ORDERS"_s, failing));
    QCOMPARE(SavedViews::names(u"queues"_s), (QStringList{u"failing"_s, u"ORDERS"_s}));
    QCOMPARE(SavedViews::find(u"queues"_s, u"orders"_s), failing);

    QVERIFY(!SavedViews::save(u"queues"_s, u"   "_s, orders));
    QVERIFY(SavedViews::remove(u"queues"_s, u"Failing"_s));
    QVERIFY(!SavedViews::remove(u"queues"_s, u"failing"_s));
    QCOMPARE(SavedViews::names(u"queues"_s), QStringList{u"ORDERS"_s});
    QVERIFY(SavedViews::remove(u"queues"_s, u"orders"_s));
    QVERIFY(SavedViews::names(u"queues"_s).isEmpty());
    QCOMPARE(SavedViews::names(u"audit"_s), QStringList{u"replays"_s});

    QCOMPARE(SavedViews::timeFrom(SavedViews::timeValue(someTime.toLocalTime())), someTime);
    QVERIFY(SavedViews::timeValue({}).isNull());
    QVERIFY(!SavedViews::timeFrom(QJsonValue::Null).isValid());
}

void tst_SavedViews::unreadableSettingsAreIgnored()
{
    QSettings().setValue(u"savedViews/queues"_s, u"[{\"name\": \"half"_s);
    QVERIFY(SavedViews::names(u"queues"_s).isEmpty());
    QSettings().setValue(u"savedViews/queues"_s,
                         uR"([{"name": "good", "filter": {}}, {"name": 3}, {"filter": {}},
                              {"name": "no filter"}])"_s);
    QCOMPARE(SavedViews::names(u"queues"_s), QStringList{u"good"_s});
    QVERIFY(SavedViews::save(u"queues"_s, u"new"_s, {}));
    QCOMPARE(SavedViews::names(u"queues"_s), (QStringList{u"good"_s, u"new"_s}));
}

void tst_SavedViews::eachPaneGetsItsFilterBack_data()
{
    QTest::addColumn<QString>("paneId");
    for (const char *id : {"queues", "messages", "deadletters", "audit"})
        QTest::newRow(id) << QString::fromLatin1(id);
}

void tst_SavedViews::eachPaneGetsItsFilterBack()
{
    QFETCH(QString, paneId);
    QTemporaryDir dir;
    Console window(dir.path());
    QVERIFY(window.console.setUp().ok());
    QTRY_VERIFY(window.console.isStarted());
    MainWindow *main = window.console.window();
    Pane *pane = nullptr;
    for (Pane *each : main->panes()) {
        if (each->paneId() == paneId)
            pane = each;
    }
    QVERIFY(pane);
    QVERIFY(pane->viewsButton());
    const QString shownAtFirst = applied(pane);

    fillBar(pane);
    const QString wanted = applied(pane);
    QVERIFY2(wanted != shownAtFirst, qPrintable(wanted));
    SavedViewsController *views = window.console.savedViews();
    QVERIFY(views->saveView(pane, u"Night shift"_s));
    QCOMPARE(views->shownView(pane), u"Night shift"_s);

    clearBar(pane);
    QCOMPARE(applied(pane), shownAtFirst);
    QVERIFY(views->shownView(pane).isNull());
    QVERIFY(views->openView(pane, u"night SHIFT"_s));
    QCOMPARE(applied(pane), wanted);
    QVERIFY(!views->openView(pane, u"day shift"_s));
    QCOMPARE(applied(pane), wanted);
}

void tst_SavedViews::listedUnderThePaneAndOpenedFromThere()
{
    QTemporaryDir dir;
    Console window(dir.path());
    QVERIFY(window.console.setUp().ok());
    MainWindow *main = window.console.window();
    auto *queues = window.pane<QueuesPane>();
    QVERIFY(queues);
    SavedViewsController *views = window.console.savedViews();
    fillBar(queues);
    const QString failing = applied(queues);
    QVERIFY(views->saveView(queues, u"Failing orders"_s));
    clearBar(queues);
    QVERIFY(views->saveView(queues, u"All"_s));

    QTreeWidgetItem *item = paneItem(main, u"queues"_s);
    QVERIFY(item);
    QCOMPARE(item->childCount(), 2);
    QCOMPARE(item->child(0)->text(0), u"All"_s);
    QCOMPARE(item->child(1)->text(0), u"Failing orders"_s);
    QCOMPARE(main->paneViews(u"queues"_s), (QStringList{u"All"_s, u"Failing orders"_s}));
    QVERIFY(main->paneViews(u"messages"_s).isEmpty());

    // Chosen from another pane: the pane shows, with the view's filter.
    QVERIFY(main->showPane(u"overview"_s));
    auto *navigation = main->findChild<QTreeWidget *>(u"navigation"_s);
    const QRect where = navigation->visualItemRect(item->child(1));
    main->show();
    QVERIFY(QTest::qWaitForWindowExposed(main));
    QTest::mouseClick(navigation->viewport(), Qt::LeftButton, {}, where.center());
    QCOMPARE(main->currentPane(), queues);
    QCOMPARE(applied(queues), failing);
    // Clicked again after the filter changed: the view again.
    clearBar(queues);
    QTest::mouseClick(navigation->viewport(), Qt::LeftButton, {}, where.center());
    QCOMPARE(applied(queues), failing);

    QVERIFY(views->deleteView(queues, u"failing ORDERS"_s));
    QCOMPARE(item->childCount(), 1);
    QCOMPARE(main->currentPane(), queues);
}

void tst_SavedViews::menuOffersTheViewsAndMarksTheShownOne()
{
    QTemporaryDir dir;
    Console window(dir.path());
    QVERIFY(window.console.setUp().ok());
    auto *audit = window.pane<AuditPane>();
    QVERIFY(audit);
    fillBar(audit);
    QVERIFY(window.console.savedViews()->saveView(audit, u"replays"_s));
    QVERIFY(window.console.savedViews()->saveView(audit, u"another"_s));
    clearBar(audit);
    fillBar(audit);

    QMenu *menu = audit->viewsButton()->menu();
    QVERIFY(menu);
    Q_EMIT menu->aboutToShow();
    QStringList offered;
    QString checked;
    for (QAction *action : menu->actions()) {
        if (action->isSeparator() || action->menu())
            continue;
        offered << action->text();
        if (action->isChecked())
            checked = action->text();
    }
    QCOMPARE(offered.mid(0, 2), (QStringList{u"another"_s, u"replays"_s}));
    // Both hold this filter (the second was saved from it too): the first is marked.
    QCOMPARE(checked, u"another"_s);
    QVERIFY(offered.contains(u"&Save View As…"_s));

    // An action opens its view.
    clearBar(audit);
    const QString before = applied(audit);
    menu->actions().at(1)->trigger();
    QVERIFY(applied(audit) != before);
}

void tst_SavedViews::keptAcrossARestart()
{
    QTemporaryDir dir;
    QString wanted;
    {
        Console window(dir.path());
        QVERIFY(window.console.setUp().ok());
        auto *messages = window.pane<MessagesPane>();
        QVERIFY(messages);
        fillBar(messages);
        wanted = applied(messages);
        QVERIFY(window.console.savedViews()->saveView(messages, u"demo sensors"_s));
    }
    Console window(dir.path());
    QVERIFY(window.console.setUp().ok());
    QCOMPARE(window.console.window()->paneViews(u"messages"_s), QStringList{u"demo sensors"_s});
    auto *messages = window.pane<MessagesPane>();
    QVERIFY(messages);
    QVERIFY(applied(messages) != wanted);
    QVERIFY(window.console.window()->chooseView(u"messages"_s, u"demo sensors"_s));
    QCOMPARE(window.console.window()->currentPane(), messages);
    QCOMPARE(applied(messages), wanted);
}

void tst_SavedViews::commandLineOpensAView()
{
    QTemporaryDir dir;
    QString wanted;
    {
        Console window(dir.path());
        QVERIFY(window.console.setUp().ok());
        auto *letters = window.pane<DeadLettersPane>();
        QVERIFY(letters);
        fillBar(letters);
        wanted = applied(letters);
        QVERIFY(window.console.savedViews()->saveView(letters, u"order 17"_s));
        clearBar(letters);
        QVERIFY(window.console.window()->showPane(u"overview"_s));
    }
    Console window(dir.path(), u"deadletters"_s, u"Order 17"_s);
    QVERIFY(window.console.setUp().ok());
    QCOMPARE(window.console.window()->currentPane()->paneId(), u"deadletters"_s);
    QCOMPARE(applied(window.pane<DeadLettersPane>()), wanted);
    QVERIFY(window.console.viewProblem().isEmpty());
}

void tst_SavedViews::commandLineSaysWhichViewsThereAre()
{
    QTemporaryDir dir;
    {
        Console window(dir.path(), u"queues"_s, u"failing"_s);
        QVERIFY(window.console.setUp().ok());
        QVERIFY2(window.console.viewProblem().contains(u"none yet"_s),
                 qPrintable(window.console.viewProblem()));
        QVERIFY(window.console.savedViews()->saveView(window.pane<QueuesPane>(), u"Orders"_s));
        QVERIFY(window.console.savedViews()->saveView(window.pane<QueuesPane>(), u"Retries"_s));
    }
    Console window(dir.path(), u"queues"_s, u"failing"_s);
    QVERIFY(window.console.setUp().ok());
    QCOMPARE(window.console.window()->currentPane()->paneId(), u"queues"_s);
    QVERIFY2(window.console.viewProblem().contains(u"Orders, Retries"_s),
             qPrintable(window.console.viewProblem()));
}

QTEST_MAIN(tst_SavedViews)
#include "tst_savedviews.moc"
