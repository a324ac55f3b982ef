#include "alertmodels.h"
#include "alertmonitor.h"
#include "alertrules.h"
#include "connectionfactory.h"
#include "desktopnotifier.h"
#include "mainwindow.h"
#include "notificationtestsupport.h"
#include "pane.h"
#include "windowcontroller.h"

#include <QAction>
#include <QApplication>
#include <QMenu>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QSystemTrayIcon>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace std::chrono_literals;

// The window closed to a real system tray (Debian's trayer on the test's own display, drawn
// through Qt's xcb platform: scripts/servers/with-tray): the alerts go on, a firing one still
// reaches the notification server, and its click brings the window back at its cause.
class tst_TrayWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void closedToTheTrayTheAlertsGoOn();
};

void tst_TrayWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCOMPARE(QGuiApplication::platformName(), u"xcb"_s);
    // trayer takes the display's tray selection once it has drawn its panel.
    QTRY_VERIFY_WITH_TIMEOUT(QSystemTrayIcon::isSystemTrayAvailable(), 20000);
    QVERIFY(test::closeAllNotifications());
}

void tst_TrayWindow::closedToTheTrayTheAlertsGoOn()
{
    QSettings().clear();
    QSettings().setValue(u"alerts/rules"_s, alertRulesToJson({{.id = u"dead-letters"_s,
                                                               .name = u"Dead letters"_s,
                                                               .kind = AlertKind::DeadLetterGrowth,
                                                               .severity = AlertSeverity::Critical,
                                                               .threshold = 0,
                                                               .clearThreshold = 0,
                                                               .window = 300s}}));
    QTemporaryDir dir;
    GuiOptions options;
    options.dataDirectory = dir.filePath(u"data"_s);
    WindowController console(options);
    const auto ready = console.setUp();
    QVERIFY2(ready.ok(), qPrintable(ready.errorMessage()));
    MainWindow *window = console.window();
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    // The alerts' pane, and with it the loop and its tray icon, comes after the first frame.
    QTRY_VERIFY(console.isStarted());

    auto *monitor = console.findChild<AlertMonitor *>();
    QVERIFY(monitor);
    QSystemTrayIcon *tray = monitor->trayIcon();
    QVERIFY(tray);
    QVERIFY(tray->isVisible());
    auto *statuses = console.findChild<AlertStatusModel *>();
    QVERIFY(statuses);
    // The first round, with no dead letter: read, and nothing fires.
    QTRY_VERIFY_WITH_TIMEOUT(
        statuses->rowCount() == 1 &&
            !statuses->index(0, AlertStatusModel::ValueColumn).data().toString().isEmpty(),
        20000);
    QCOMPARE(statuses->count(AlertState::Ok), 1);
    QCOMPARE(tray->toolTip(), u"Porthole: no alert firing"_s);

    // Closed: into the tray, not quit.
    QSignalSpy lastClosed(qApp, &QGuiApplication::lastWindowClosed);
    QVERIFY(!window->close());
    QVERIFY(!window->isVisible());
    QVERIFY(lastClosed.isEmpty());

    // A dead letter while the window is away: the next round fires, the tray and the
    // notification server say so.
    {
        const ConnectionFactory factory(
            DatabaseUrl::sqliteFile(dir.filePath(u"data/porthole.db"_s)));
        auto db = factory.open(u"writer"_s);
        QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
        QVERIFY(test::addDeadLetter(*db));
    }
    auto *notifier = console.findChild<DesktopNotifier *>();
    QVERIFY(notifier);
    // Shown: the server answered the call, so it holds the notification a click acts on.
    QSignalSpy shown(notifier, &DesktopNotifier::shown);
    QVERIFY(shown.wait(40000));
    QTRY_COMPARE_WITH_TIMEOUT(tray->toolTip(), u"Porthole: 1 alert firing"_s, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(
        test::monitoredNotifications().contains("string \"Firing: Dead letters\""), 10000);
    QVERIFY(!window->isVisible());

    // Its click brings the window up at the dead letters.
    QVERIFY(test::clickFirstNotification());
    QTRY_VERIFY_WITH_TIMEOUT(window->isVisible(), 10000);
    QCOMPARE(window->currentPane()->paneId(), u"deadletters"_s);

    // The tray's Quit closes for good.
    QMenu *menu = tray->contextMenu();
    QVERIFY(menu);
    QAction *quit = nullptr;
    for (QAction *action : menu->actions()) {
        if (action->text() == u"Quit Porthole"_s)
            quit = action;
    }
    QVERIFY(quit);
    // As in the program's event loop, which the last window closed ends (exit 0); a window
    // that went into the tray again would leave it running, until the guard's exit 1.
    QTimer::singleShot(0, quit, &QAction::trigger);
    QTimer::singleShot(20000, qApp, [] { QCoreApplication::exit(1); });
    QCOMPARE(QApplication::exec(), 0);
    QVERIFY(!window->isVisible());
    QCOMPARE(lastClosed.size(), 1);
}

QTEST_MAIN(tst_TrayWindow)
#include "tst_traywindow.moc"
