#include "alertmonitor.h"
#include "desktopnotifier.h"
#include "healthrepository.h"
#include "migrateddatabase.h"
#include "notificationtestsupport.h"
#include "portmessagerepository.h"
#include "redisclient.h"
#include "testservers.h"

#include <QDBusConnection>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <memory>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace std::chrono_literals;

namespace {

using test::addDeadLetter;
using test::clickFirstNotification;
using test::closeAllNotifications;

// A session bus of its own with nobody on it: no notification server, and with no display in
// its environment none it could start.
struct EmptyBus
{
    QTemporaryDir dir;
    QProcess daemon;
    QString address;

    EmptyBus()
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove(u"DISPLAY"_s);
        environment.remove(u"WAYLAND_DISPLAY"_s);
        daemon.setProcessEnvironment(environment);
        daemon.start(u"dbus-daemon"_s,
                     {u"--session"_s, u"--address=unix:path=%1"_s.arg(dir.filePath(u"bus"_s)),
                      u"--nofork"_s, u"--print-address"_s});
        if (daemon.waitForReadyRead(10000))
            address = QString::fromUtf8(daemon.readLine().trimmed());
    }
    ~EmptyBus()
    {
        daemon.kill();
        daemon.waitForFinished();
    }
};

// The window's alert loop with one rule (in settings of its own) over a new SQLite database:
// fill the database, make() the loop, watch its signals, start it.
struct AlertLoop
{
    QTemporaryDir settingsDir;
    test::MigratedDatabase database{test::ScratchDatabase::Engine::SQLite};
    AlertStatusModel statuses;
    AlertHistoryModel history{100};
    DesktopNotifier *notifier = nullptr; // the monitor's
    std::unique_ptr<AlertMonitor> monitor;

    explicit AlertLoop(const AlertRule &rule)
    {
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir.path());
        QSettings().setValue(u"alerts/rules"_s, alertRulesToJson({rule}));
    }
    void make()
    {
        notifier = new DesktopNotifier;
        monitor = std::make_unique<AlertMonitor>(*database.factory, false, &statuses, &history,
                                                 nullptr, notifier);
        notifier->setParent(monitor.get());
    }
};

} // namespace

// Desktop notifications through a real notification server (Debian's dunst) on a private
// session bus, seen on the bus by dbus-monitor, and clicked through dunst's own control.
class tst_DesktopNotifier : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QVERIFY(closeAllNotifications()); }
    void notificationReachesTheServer();
    void sameKeyReplacesItsNotification();
    void rememberedNotificationsAreBounded();
    void clickComesBackWithItsKey();
    void noServerIsReported();
    void firingAlertNotifiesAndOpensItsCause();
    void manyAtOnceAreOneNotification();
    void windowReadsItsRedisServer();
    void windowCountsTheReceiversErrors();
    void editedRulesTakeEffectAndAreKept();
};

void tst_DesktopNotifier::notificationReachesTheServer()
{
    DesktopNotifier notifier;
    QSignalSpy shown(&notifier, &DesktopNotifier::shown);
    QSignalSpy unavailable(&notifier, &DesktopNotifier::unavailable);
    notifier.notify(u"rule-1"_s, u"Firing: Dead letters"_s, u"Value 12 at 09:00:00."_s,
                    DesktopNotifier::Urgency::Critical);
    QVERIFY(shown.wait(10000));
    QCOMPARE(unavailable.count(), 0);
    QCOMPARE(shown.at(0).at(0).toString(), u"rule-1"_s);
    QVERIFY(shown.at(0).at(1).toUInt() > 0);
    // The call on the bus, as the server received it: its title, text, the default action and
    // the critical urgency (byte 2). dbus-monitor writes it in its own time.
    const QByteArray urgency = "string \"urgency\"\n         variant             byte 2";
    QTRY_VERIFY_WITH_TIMEOUT(test::monitoredNotifications().contains(urgency),
                             10000); // the hints come last
    const QByteArray log = test::monitoredNotifications();
    QVERIFY2(log.contains("member=Notify"), log.right(2000).constData());
    QVERIFY(log.contains("string \"Firing: Dead letters\""));
    QVERIFY(log.contains("string \"Value 12 at 09:00:00.\""));
    QVERIFY(log.contains("string \"default\""));
    QCOMPARE(notifier.shownCount(), 1);
}

void tst_DesktopNotifier::sameKeyReplacesItsNotification()
{
    DesktopNotifier notifier;
    QSignalSpy shown(&notifier, &DesktopNotifier::shown);
    notifier.notify(u"rule-1"_s, u"Firing: Dead letters"_s, u"first"_s,
                    DesktopNotifier::Urgency::Normal);
    QVERIFY(shown.wait(10000));
    notifier.notify(u"rule-1"_s, u"Resolved: Dead letters"_s, u"second"_s,
                    DesktopNotifier::Urgency::Low);
    QVERIFY(shown.wait(10000));
    notifier.notify(u"rule-2"_s, u"Firing: Heartbeat"_s, u"third"_s,
                    DesktopNotifier::Urgency::Normal);
    QVERIFY(shown.wait(10000));
    QCOMPARE(shown.at(1).at(1).toUInt(), shown.at(0).at(1).toUInt());
    QVERIFY(shown.at(2).at(1).toUInt() != shown.at(0).at(1).toUInt());
    QCOMPARE(notifier.shownCount(), 2);
}

// dunst keeps every notification until it is acted on: what the notifier remembers of them
// stays bounded all the same.
void tst_DesktopNotifier::rememberedNotificationsAreBounded()
{
    DesktopNotifier notifier;
    QSignalSpy shown(&notifier, &DesktopNotifier::shown);
    QSignalSpy unavailable(&notifier, &DesktopNotifier::unavailable);
    const int count = DesktopNotifier::maxRemembered + 10;
    for (int i = 0; i < count; ++i)
        notifier.notify(u"rule-%1"_s.arg(i), u"Firing"_s, QString::number(i),
                        DesktopNotifier::Urgency::Low);
    // Every call is answered; on a loaded machine the server may time a few out (D-Bus's 25 s),
    // which the notifier reports as unavailable. More than maxRemembered must have been shown
    // for the bound to be exercised.
    QTRY_COMPARE_WITH_TIMEOUT(shown.size() + unavailable.size(), count, 60000);
    QVERIFY2(shown.size() > DesktopNotifier::maxRemembered,
             qPrintable(
                 u"%1 shown, %2 refused, the first: %3"_s.arg(shown.size())
                     .arg(unavailable.size())
                     .arg(unavailable.isEmpty() ? QString() : unavailable.at(0).at(2).toString())));
    QCOMPARE(notifier.shownCount(), DesktopNotifier::maxRemembered);
    // dunst takes its time to close so many: the next test starts once it has.
    QTRY_VERIFY_WITH_TIMEOUT(closeAllNotifications(), 60000);
    QTRY_COMPARE_WITH_TIMEOUT(notifier.shownCount(), 0, 60000);
}

void tst_DesktopNotifier::clickComesBackWithItsKey()
{
    DesktopNotifier notifier;
    QSignalSpy shown(&notifier, &DesktopNotifier::shown);
    QSignalSpy activated(&notifier, &DesktopNotifier::activated);
    notifier.notify(u"dead-letters\x1f"_s, u"Firing: Dead letters"_s, u"Click me"_s,
                    DesktopNotifier::Urgency::Normal);
    QVERIFY(shown.wait(10000));
    QVERIFY(clickFirstNotification());
    QVERIFY(activated.wait(10000));
    QCOMPARE(activated.at(0).at(0).toString(), u"dead-letters\x1f"_s);
    // Clicked, it is gone, and its id is forgotten.
    QTRY_COMPARE_WITH_TIMEOUT(notifier.shownCount(), 0, 10000);
}

void tst_DesktopNotifier::noServerIsReported()
{
    EmptyBus bus;
    QVERIFY2(!bus.address.isEmpty(), "dbus-daemon did not start");
    const QDBusConnection connection = QDBusConnection::connectToBus(bus.address, u"empty"_s);
    QVERIFY(connection.isConnected());
    {
        DesktopNotifier notifier(connection);
        QSignalSpy unavailable(&notifier, &DesktopNotifier::unavailable);
        notifier.notify(u"rule-1"_s, u"Firing: Dead letters"_s, u"text"_s,
                        DesktopNotifier::Urgency::Normal);
        QVERIFY(unavailable.wait(10000));
        QCOMPARE(unavailable.at(0).at(0).toString(), u"Firing: Dead letters"_s);
        QVERIFY(!unavailable.at(0).at(2).toString().isEmpty());
    }
    QDBusConnection::disconnectFromBus(u"empty"_s);
}

// A dead letter makes the rule fire, the notification reaches dunst, and a click on it asks
// for the Dead letters pane.
void tst_DesktopNotifier::firingAlertNotifiesAndOpensItsCause()
{
    AlertLoop loop({.id = u"dead-letters"_s,
                    .name = u"Dead letters"_s,
                    .kind = AlertKind::DeadLetterGrowth,
                    .severity = AlertSeverity::Critical,
                    .threshold = 0,
                    .clearThreshold = 0,
                    .window = 300s});
    QVERIFY2(loop.database.ok(), qPrintable(loop.database.error));
    QVERIFY(addDeadLetter(loop.database.db));

    loop.make();
    QSignalSpy shown(loop.notifier, &DesktopNotifier::shown);
    QSignalSpy causes(loop.monitor.get(), &AlertMonitor::causeRequested);
    loop.monitor->start(1h);
    QVERIFY(shown.wait(20000));
    QTRY_VERIFY_WITH_TIMEOUT(
        test::monitoredNotifications().contains("string \"Firing: Dead letters\""), 10000);
    QVERIFY(clickFirstNotification());
    QVERIFY(causes.wait(10000));
    QCOMPARE(causes.at(0).at(0).value<AlertCause>().paneId, u"deadletters"_s);
}

// Five components late at once (their host went down): one notification says so, not five,
// and clicking it opens the Alerts pane.
void tst_DesktopNotifier::manyAtOnceAreOneNotification()
{
    AlertLoop loop({.id = u"heartbeat-stale"_s,
                    .name = u"A component has stopped beating"_s,
                    .kind = AlertKind::HeartbeatAge,
                    .severity = AlertSeverity::Critical,
                    .threshold = 60,
                    .clearThreshold = 15});
    QVERIFY2(loop.database.ok(), qPrintable(loop.database.error));
    for (int i = 1; i <= 5; ++i)
        QVERIFY(HealthRepository(loop.database.db)
                    .record({.componentName = u"component-%1"_s.arg(i),
                             .status = u"healthy"_s,
                             .details = {},
                             .time = QDateTime::currentDateTimeUtc().addSecs(-600)})
                    .ok());

    loop.make();
    QSignalSpy shown(loop.notifier, &DesktopNotifier::shown);
    QSignalSpy notified(loop.monitor.get(), &AlertMonitor::notified);
    QSignalSpy asked(loop.monitor.get(), &AlertMonitor::showRequested);
    loop.monitor->start(1h);
    QVERIFY(shown.wait(20000));
    QCOMPARE(notified.size(), 5); // five alerts fired ...
    QCOMPARE(shown.size(), 1);    // ... told of once
    QCOMPARE(loop.notifier->shownCount(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(test::monitoredNotifications().contains(
                                 "string \"5 alerts: 5 × A component has stopped beating\""),
                             10000);
    QVERIFY(clickFirstNotification());
    QVERIFY(asked.wait(10000));
}

// A group falling behind on the Redis server the window has open fires the group rule of its
// stream, told of by the desktop.
void tst_DesktopNotifier::windowReadsItsRedisServer()
{
    const auto url = test::fixtureRedis();
    QVERIFY2(url.ok(), qPrintable(url.errorMessage()));
    RedisClient redis;
    QVERIFY(redis.connect(*url).ok());
    const QByteArray stream =
        "tst_desktopnotifier:" + QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
    QVERIFY(redis.command({"XADD", stream, "*", "n", "1"}).ok());
    QVERIFY(redis.command({"XADD", stream, "*", "n", "2"}).ok());
    QVERIFY(redis.command({"XGROUP", "CREATE", stream, "billing", "0"}).ok());
    AlertLoop loop({.id = u"lag"_s,
                    .name = u"Billing falls behind"_s,
                    .kind = AlertKind::GroupLag,
                    .threshold = 1,
                    .clearThreshold = 1,
                    .stream = QString::fromUtf8(stream)});
    QVERIFY2(loop.database.ok(), qPrintable(loop.database.error));
    loop.make();
    QSignalSpy notified(loop.monitor.get(), &AlertMonitor::notified);
    loop.monitor->setSources(
        {.redis = *url, .redisTimeouts = {}, .stream = {}, .batchDirectory = {}});
    loop.monitor->start(1h);
    QVERIFY(notified.wait(20000));
    const auto event = notified.at(0).at(0).value<AlertEvent>();
    QCOMPARE(event.subject, u"billing"_s);
    QCOMPARE(event.value, 2.0);
    QTRY_VERIFY_WITH_TIMEOUT(
        test::monitoredNotifications().contains("string \"Firing: Billing falls behind: billing\""),
        10000);
    const AlertCause cause = alertCause(*loop.statuses.rule(u"lag"_s), event.subject);
    QCOMPARE(cause.paneId, u"redis"_s);
    QCOMPARE(cause.focus.stream, QString::fromUtf8(stream));
    QCOMPARE(cause.focus.group, u"billing"_s);
}

// The receiver in the window failing again and again fires ingest_error_rate: each error
// once, however many reports repeat it.
void tst_DesktopNotifier::windowCountsTheReceiversErrors()
{
    AlertLoop loop({.id = u"errors"_s,
                    .name = u"The receiver fails"_s,
                    .kind = AlertKind::IngestErrorRate,
                    .threshold = 2,
                    .clearThreshold = 1});
    QVERIFY2(loop.database.ok(), qPrintable(loop.database.error));
    loop.make();
    QSignalSpy notified(loop.monitor.get(), &AlertMonitor::notified);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    IngestStats stats;
    stats.state = IngestState::Running;
    for (int i = 0; i < 3; ++i) {
        stats.lastErrorAt = now.addSecs(-3 + i);
        loop.monitor->setIngestStats(stats);
        loop.monitor->setIngestStats(stats); // the same report again
    }
    loop.monitor->start(1h);
    QVERIFY(notified.wait(20000));
    QCOMPARE(notified.at(0).at(0).value<AlertEvent>().value, 3.0);
}

// Rules edited in the window are read at once and are the next window's rules.
void tst_DesktopNotifier::editedRulesTakeEffectAndAreKept()
{
    AlertRule rule{.id = u"dead-letters"_s,
                   .name = u"Dead letters"_s,
                   .kind = AlertKind::DeadLetterGrowth,
                   .threshold = 5,
                   .clearThreshold = 5,
                   .window = 300s};
    AlertLoop loop(rule);
    QVERIFY2(loop.database.ok(), qPrintable(loop.database.error));
    QVERIFY(addDeadLetter(loop.database.db));

    loop.make();
    QSignalSpy reset(&loop.statuses, &QAbstractItemModel::modelReset);
    QSignalSpy notified(loop.monitor.get(), &AlertMonitor::notified);
    loop.monitor->start(1h);
    QVERIFY(reset.wait(20000)); // the first round's statuses
    QCOMPARE(loop.statuses.count(AlertState::Ok), 1);
    QCOMPARE(notified.size(), 0); // one dead letter is not more than five

    rule.threshold = 0;
    rule.clearThreshold = 0;
    loop.monitor->setRules({rule});
    QVERIFY(notified.wait(20000));
    QCOMPARE(notified.at(0).at(0).value<AlertEvent>().ruleId, u"dead-letters"_s);
    QCOMPARE(AlertMonitor::savedRules(), QList<AlertRule>{rule});
}

QTEST_MAIN(tst_DesktopNotifier)
#include "tst_desktopnotifier.moc"
