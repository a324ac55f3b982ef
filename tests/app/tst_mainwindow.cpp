#include "actionprogressdialog.h"
#include "mainwindow.h"
#include "metricspane.h"
#include "migrateddatabase.h"
#include "pane.h"
#include "panemodels.h"
#include "timelinemodel.h"
#include "timelinepane.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QLabel>
#include <QMenuBar>
#include <QScreen>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

#include <optional>
#include <utility>

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {

class CountingPane : public Pane
{
public:
    using Pane::Pane;
    void refresh() override { ++refreshes; }
    int refreshes = 0;
    std::optional<std::pair<SharedRange, QString>> shared; // and the pane it came from

protected:
    void showSharedRange(const SharedRange &range, const QString &source) override
    {
        shared.emplace(range, source);
    }
};

} // namespace

class tst_MainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void panesAreListedAndSwitched();
    void shortcutsSwitchAndRefresh();
    void menus();
    void remembersGeometryAndPane();
    void firstStartTakesMostOfTheScreen();
    void paneStatusReachesStatusBar();
    void endSessionEndsWhateverStaysOpen();
    void panesShareTheirTimeRange();
    void listedPanesAreMadeWhenNeeded();

private:
    struct Window
    {
        MainWindow window;
        CountingPane *first = new CountingPane(u"first"_s, u"First"_s);
        CountingPane *second = new CountingPane(u"second"_s, u"Second"_s);
        Window()
        {
            window.addPane(first);
            window.addPane(second);
        }
    };
};

void tst_MainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"PortholeTest"_s);
    QCoreApplication::setApplicationName(u"tst_mainwindow"_s);
}

void tst_MainWindow::init()
{
    QSettings().clear();
}

void tst_MainWindow::panesAreListedAndSwitched()
{
    Window w;
    auto *navigation = w.window.findChild<QTreeWidget *>(u"navigation"_s);
    QVERIFY(navigation);
    QCOMPARE(navigation->topLevelItemCount(), 2);
    QCOMPARE(navigation->topLevelItem(1)->text(0), u"Second"_s);
    QCOMPARE(w.window.currentPane(), w.first);

    QVERIFY(w.window.showPane(u"second"_s));
    QCOMPARE(w.window.currentPane(), w.second);
    QCOMPARE(navigation->currentItem(), navigation->topLevelItem(1));
    QCOMPARE(w.window.windowTitle(), u"Second — Porthole"_s);
    QVERIFY(!w.window.showPane(u"nonexistent"_s));
    QCOMPARE(w.window.currentPane(), w.second);

    navigation->setCurrentItem(navigation->topLevelItem(0));
    QCOMPARE(w.window.currentPane(), w.first);
}

void tst_MainWindow::shortcutsSwitchAndRefresh()
{
    Window w;
    w.window.show();
    QVERIFY(QTest::qWaitForWindowActive(&w.window));
    QTest::keyClick(&w.window, Qt::Key_2, Qt::ControlModifier);
    QCOMPARE(w.window.currentPane(), w.second);
    QTest::keyClick(&w.window, Qt::Key_1, Qt::ControlModifier);
    QCOMPARE(w.window.currentPane(), w.first);
    QTest::keyClick(&w.window, Qt::Key_F5);
    QCOMPARE(w.first->refreshes, 1);
    QCOMPARE(w.second->refreshes, 0);
}

void tst_MainWindow::menus()
{
    Window w;
    QStringList titles;
    for (QAction *action : w.window.menuBar()->actions())
        titles << action->text();
    QCOMPARE(titles, (QStringList{u"&File"_s, u"&View"_s, u"&Help"_s}));
}

void tst_MainWindow::remembersGeometryAndPane()
{
    {
        Window w;
        w.window.resize(777, 555);
        w.window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w.window));
        w.window.showPane(u"second"_s);
        w.window.close(); // saves
    }
    Window again;
    again.window.restoreSettings();
    QCOMPARE(MainWindow::savedPane(), u"second"_s);
    QCOMPARE(again.window.size(), QSize(777, 555));
}

void tst_MainWindow::firstStartTakesMostOfTheScreen()
{
    // The demo's screen: nine tenths each way, centred.
    QCOMPARE(MainWindow::firstStartGeometry(QRect(0, 0, 1600, 1000)), QRect(80, 50, 1440, 900));
    // A second screen right of the first, a panel at its top.
    QCOMPARE(MainWindow::firstStartGeometry(QRect(1920, 32, 2560, 1408)),
             QRect(2048, 102, 2304, 1267));
    // A small screen: what the panes need, as far as the screen has it.
    QCOMPARE(MainWindow::firstStartGeometry(QRect(0, 0, 1280, 720)), QRect(64, 20, 1152, 680));
    QCOMPARE(MainWindow::firstStartGeometry(QRect(0, 0, 1024, 600)), QRect(0, 0, 1024, 600));

    // Nothing saved: the window takes that geometry on its own screen.
    Window w;
    w.window.restoreSettings();
    QVERIFY(w.window.screen());
    QCOMPARE(w.window.geometry(),
             MainWindow::firstStartGeometry(w.window.screen()->availableGeometry()));
}

// What the shown pane says reaches the status bar; what a hidden one says does not replace it.
void tst_MainWindow::paneStatusReachesStatusBar()
{
    Window w;
    QVERIFY(w.window.showPane(u"second"_s));
    Q_EMIT w.second->statusMessage(u"Exported 3 rows; 2 written as text"_s);
    QCOMPARE(w.window.statusBar()->currentMessage(), u"Exported 3 rows; 2 written as text"_s);
    Q_EMIT w.first->statusMessage(u"Sources checked"_s);
    QCOMPARE(w.window.statusBar()->currentMessage(), u"Exported 3 rows; 2 written as text"_s);
}

// A stop signal ends the program even while a running action's progress dialog refuses to
// close (before, the signal was lost until the action ended and the dialog was closed).
void tst_MainWindow::endSessionEndsWhateverStaysOpen()
{
    Window w;
    w.window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w.window));
    ActionProgressDialog progress(u"Replay 905 messages to the database"_s, &w.window);
    progress.open();
    QVERIFY(!progress.close()); // running: Close follows once it is done
    QTimer::singleShot(0, &w.window, [&w] { w.window.endSession(); });
    QTimer guard; // should the loop not end, this ends it with 1 after a minute
    guard.setSingleShot(true);
    connect(&guard, &QTimer::timeout, [] { QCoreApplication::exit(1); });
    guard.start(60000);
    QVERIFY(w.window.showPane(u"second"_s));
    QCOMPARE(QApplication::exec(), 0);
    QCOMPARE(QSettings().value(u"MainWindow/pane"_s).toString(), u"second"_s);
}

// The Metrics and Timeline panes on a real database share their time range through the
// window: zoom after zoom in Metrics is the Timeline's range, read once when it is shown; a
// range picked in the Timeline is Metrics'; and neither sends back what came from the other.
void tst_MainWindow::panesShareTheirTimeRange()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    QSettings().setValue(u"metrics/dashboard"_s, u"none"_s);
    PaneModels paneModels(*database.factory);
    TimelineModel timeline(*database.factory);
    QAbstractItemModelTester tester(&timeline);
    MainWindow window;
    auto *metrics = new MetricsPane(paneModels.metrics());
    auto *timelinePane = new TimelinePane(&timeline);
    window.addPane(metrics);
    window.addPane(timelinePane);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.currentPane(), metrics);
    QSignalSpy metricsChose(metrics, &Pane::rangeChosen);
    QSignalSpy timelineChose(timelinePane, &Pane::rangeChosen);
    QSignalSpy timelineReads(&timeline, &QAbstractItemModel::modelReset);

    // Zoom after zoom in Metrics: the Timeline, hidden, reads nothing meanwhile.
    MetricsChartModel *chart = metrics->chartModel();
    const QDateTime start = chart->from();
    for (int step = 1; step <= 10; ++step)
        Q_EMIT metrics->chart()->rangeRequested(start.addSecs(60 * step), start.addSecs(1800));
    QCOMPARE(metricsChose.count(), 10);
    QCOMPARE(timelineReads.count(), 0);
    QVERIFY(window.showPane(u"timeline"_s));
    QCOMPARE(timelineReads.count(), 1);
    QCOMPARE(timeline.filter().from, start.addSecs(600));
    QCOMPARE(timeline.filter().to, start.addSecs(1800));
    QVERIFY2(timelinePane->rangeField()->currentText().startsWith(u"From Metrics: "_s),
             qPrintable(timelinePane->rangeField()->currentText()));
    QTRY_VERIFY_WITH_TIMEOUT(timeline.atEnd() && !timeline.isReading(), 20000);

    // Six hours picked in the Timeline: Metrics shows them when shown.
    const int sixHours = timelinePane->rangeField()->findData(6 * 3600);
    timelinePane->rangeField()->setCurrentIndex(sixHours);
    Q_EMIT timelinePane->rangeField()->activated(sixHours);
    QCOMPARE(timelineReads.count(), 2);
    QVERIFY(window.showPane(u"metrics"_s));
    QCOMPARE(chart->from().secsTo(chart->to()), 6 * 3600);
    QVERIFY(chart->to() >= timeline.filter().to);

    // Nothing went back: each pane chose only what the operator chose there.
    QCOMPARE(metricsChose.count(), 10);
    QCOMPARE(timelineChose.count(), 1);
    QVERIFY(window.showPane(u"timeline"_s));
    QCOMPARE(timelineReads.count(), 3); // its range back from now, up to now again
    QCOMPARE(timeline.filter().from.secsTo(timeline.filter().to), 6 * 3600);
}

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"

// The window lists every pane from the start and makes each only when it is first shown, or
// when asked to make the next; what was shared meanwhile reaches a pane made later.
void tst_MainWindow::listedPanesAreMadeWhenNeeded()
{
    MainWindow window;
    QStringList made;
    const auto listed = [&window, &made](const QString &id, const QString &title) {
        window.addPane(id, title, QIcon(), [&made, id, title] {
            made << id;
            return new CountingPane(id, title);
        });
    };
    listed(u"first"_s, u"First"_s);
    listed(u"second"_s, u"Second"_s);
    listed(u"third"_s, u"Third"_s);
    auto *navigation = window.findChild<QTreeWidget *>(u"navigation"_s);
    QVERIFY(navigation);
    QCOMPARE(navigation->topLevelItemCount(), 3);
    QCOMPARE(navigation->topLevelItem(2)->text(0), u"Third"_s);
    QCOMPARE(window.paneIds(), QStringList({u"first"_s, u"second"_s, u"third"_s}));
    QVERIFY(made.isEmpty());
    QVERIFY(!window.currentPane());

    // Shown: made then, alone; Ctrl+3 reaches the third before it is made.
    QVERIFY(window.showPane(u"second"_s));
    QCOMPARE(made, QStringList{u"second"_s});
    QCOMPARE(window.currentPane()->paneId(), u"second"_s);
    QCOMPARE(window.panes().size(), 1);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.panes().size(), 1);

    // A range chosen now reaches the panes made after it.
    const SharedRange range{QDateTime::fromSecsSinceEpoch(1000),
                            QDateTime::fromSecsSinceEpoch(2000), 0};
    Q_EMIT window.currentPane()->rangeChosen(range);

    // The rest, one at a time, in the list's order.
    QVERIFY(window.makeNextPane());
    QCOMPARE(made, QStringList({u"second"_s, u"first"_s}));
    QVERIFY(window.makeNextPane());
    QVERIFY(!window.makeNextPane());
    QCOMPARE(made, QStringList({u"second"_s, u"first"_s, u"third"_s}));
    QCOMPARE(window.panes().size(), 3);
    QCOMPARE(window.panes().at(2)->paneId(), u"third"_s);
    QCOMPARE(window.currentPane()->paneId(), u"second"_s);

    // Each was made once; showing one made already makes nothing. Shown, the third shows the
    // range the second chose before it was made.
    QVERIFY(window.showPane(u"third"_s));
    QCOMPARE(made.size(), 3);
    const auto *third = static_cast<CountingPane *>(window.currentPane());
    QVERIFY(third->shared.has_value());
    QCOMPARE(third->shared->first, range);
    QCOMPARE(third->shared->second, u"Second"_s);
    QVERIFY(!window.showPane(u"fourth"_s));
}
