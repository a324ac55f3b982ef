#include "actionworkflow.h"
#include "attentionstrip.h"
#include "backloghistory.h"
#include "connectiondialog.h"
#include "connectionfactory.h"
#include "connectionprofiles.h"
#include "deadletterspane.h"
#include "ingestcontrol.h"
#include "ingestpane.h"
#include "ingestservice.h"
#include "ingestworker.h"
#include "mainwindow.h"
#include "messageactionbar.h"
#include "migrationrunner.h"
#include "overviewpane.h"
#include "paneregistry.h"
#include "portmessagemodel.h"
#include "queuespane.h"
#include "redisclient.h"
#include "settingsdialog.h"
#include "sourceprobeservice.h"
#include "sourcestatusmodel.h"
#include "sqliteschemas.h"
#include "sqlscript.h"
#include "testservers.h"
#include "welcomepage.h"
#include "windowcontroller.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QCommandLinkButton>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace porthole;
using porthole::test::prepareSqliteSchema;
using porthole::test::sqliteSchemaVersion;

class tst_WindowController : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void opensOnTheEmbeddedStore();
    void opensOnTheRequestedPane();
    void showsTheBacklogsTrends();
    void receivesAtStartUpWhenAsked();
    void refusesAnUnusableDataDirectory();
    void migratesTheEmbeddedStore();
    void opensOtherDataFromTheDialog();
    void opensARecentConnection();
    void aReadOnlyProfileOpensReadOnly();
    void asksBeforeStoppingTheReceiver_data();
    void asksBeforeStoppingTheReceiver();
    void opensWithoutAKeychain();
    void welcomesAFirstStart();
    void opensTheDefaultProfileAtStart();
    void settingsApplyAtOnce();

private:
    static QString databaseShown(WindowController &console);
};

void tst_WindowController::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    // These tests run without a keychain, as on a server with no desktop session.
    qunsetenv("DBUS_SESSION_BUS_ADDRESS");
}

void tst_WindowController::init()
{
    QSettings().clear(); // no recent connections, profiles or panes from an earlier test
}

QString tst_WindowController::databaseShown(WindowController &console)
{
    auto *overview = console.window()->findChild<OverviewPane *>();
    if (!overview)
        return {};
    return overview->sourcesView()
        ->model()
        ->index(0, SourceStatusModel::LocationColumn)
        .data()
        .toString();
}

void tst_WindowController::opensOnTheEmbeddedStore()
{
    const auto redis = porthole::test::fixtureRedis();
    QVERIFY2(redis.ok(), qPrintable(redis.errorMessage()));
    QTemporaryDir dir;
    GuiOptions options;
    options.dataDirectory = dir.filePath(u"data"_s);
    options.redis = *redis;

    WindowController console(options);
    const auto ready = console.setUp();
    QVERIFY2(ready.ok(), qPrintable(ready.errorMessage()));
    QVERIFY(QFileInfo(dir.filePath(u"data/example_receiver/messages"_s)).isDir());
    QCOMPARE(console.dataDirectory(), dir.filePath(u"data"_s));

    MainWindow *window = console.window();
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    QCOMPARE(window->currentPane()->paneId(), u"overview"_s);
    auto *overview = qobject_cast<OverviewPane *>(window->currentPane());
    QVERIFY(overview);
    QAbstractItemModel *model = overview->sourcesView()->model();
    QCOMPARE(model->rowCount(), 3);
    const auto stateOf = [model](int row) {
        return model->index(row, SourceStatusModel::StateColumn)
            .data(SourceStatusModel::StateRole)
            .toInt();
    };
    // The first check runs in the background and fills in every row.
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(2), int(SourceStatus::State::Ok), 10000);
    QCOMPARE(stateOf(1), int(SourceStatus::State::Ok));
    QCOMPARE(model->index(1, SourceStatusModel::DetailColumn).data().toString(),
             u"No batch files yet."_s);
    QCOMPARE(model->index(0, SourceStatusModel::LocationColumn).data().toString(),
             u"sqlite://"_s + dir.filePath(u"data/porthole.db"_s));
    // The same check read the pipeline from the new, empty database.
    QTRY_COMPARE(overview->deadLettersText(), u"Dead letters: none"_s);
    QVERIFY2(overview->messagesText().startsWith(u"Port messages: pending 0"_s),
             qPrintable(overview->messagesText()));
}

void tst_WindowController::opensOnTheRequestedPane()
{
    QTemporaryDir dir;
    GuiOptions options;
    options.dataDirectory = dir.path();
    options.pane = u"overview"_s;
    WindowController console(options);
    QSignalSpy started(&console, &WindowController::started);
    QVERIFY(console.setUp().ok());
    QCOMPARE(console.window()->currentPane()->paneId(), u"overview"_s);
    // Made at first: the pane shown, alone; the rest once the event loop runs (the window is
    // not shown here: at its first turn), then started().
    QCOMPARE(console.window()->panes().size(), 1);
    QVERIFY(!console.isStarted());
    QVERIFY(started.wait(20000));
    QVERIFY(console.isStarted());
    QCOMPARE(WindowController::paneIds().constFirst(), u"overview"_s);
    // The window's panes are the registry's rows, which are the command line's ids in order.
    QStringList registered;
    for (const PaneRow &row : paneRegistry())
        registered << row.id;
    QCOMPARE(registered, WindowController::paneIds());
    QStringList shown;
    for (const Pane *pane : console.window()->panes())
        shown << pane->paneId();
    QCOMPARE(shown, registered);
}

// The backlog history of a store opened: its trends read as the data opens, on the Overview's
// strip and the Queues chips.
void tst_WindowController::showsTheBacklogsTrends()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(u"porthole.db"_s);
    {
        const ConnectionFactory seeding(DatabaseUrl::sqliteFile(file));
        auto db = seeding.open(u"seed"_s);
        QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
        auto migrations = MigrationRunner::builtin(DatabaseUrl::Engine::SQLite);
        QVERIFY(migrations.ok());
        QVERIFY(MigrationRunner(*db, *migrations).up().ok());
        // The last five minutes, every 15 s: a group growing 12 a second, a port 3.
        const QDateTime now =
            backlogSlot(QDateTime::currentDateTimeUtc(), std::chrono::seconds(15));
        QList<BacklogSample> samples;
        for (int s = 300; s >= 0; s -= 15) {
            BacklogSample group;
            group.key = {BacklogKind::Group, u"orders"_s, u"workers"_s};
            group.slot = now.addSecs(-s);
            group.lag = 40 + 12 * (300 - s);
            group.pending = 0;
            BacklogSample port;
            port.key = {BacklogKind::Port, u"payments"_s, u""_s};
            port.slot = group.slot;
            port.pending = 10 + 3 * (300 - s);
            port.processing = 0;
            samples << group << port;
        }
        QVERIFY(BacklogHistory(*db).write(samples).ok());
        db = QSqlDatabase();
        seeding.close(u"seed"_s);
    }
    GuiOptions options;
    options.dataDirectory = dir.path();
    WindowController console(options);
    QVERIFY(console.setUp().ok());
    auto *overview = qobject_cast<OverviewPane *>(console.window()->currentPane());
    QVERIFY(overview);
    const auto said = [overview] {
        return overview->attention()->texts().join(u'\n');
    };
    QTRY_VERIFY_WITH_TIMEOUT(said().contains(u"Consumer group orders/workers: backlog "_s), 20000);
    QVERIFY2(said().contains(u"growing +12/s"_s), qPrintable(said()));
    QueuesPane *queues = nullptr;
    for (Pane *pane : console.window()->panes())
        if (pane->paneId() == u"queues"_s)
            queues = qobject_cast<QueuesPane *>(pane);
    QVERIFY(queues);
    QVERIFY2(queues->statusButton(u"pending"_s)->toolTip().contains(u"payments: growing +3/s"_s),
             qPrintable(queues->statusButton(u"pending"_s)->toolTip()));
}

void tst_WindowController::receivesAtStartUpWhenAsked()
{
    const auto redis = porthole::test::fixtureRedis();
    QVERIFY2(redis.ok(), qPrintable(redis.errorMessage()));
    const QString key = u"console-ingest-"_s + QString::number(QDateTime::currentMSecsSinceEpoch());
    {
        RedisClient client;
        QVERIFY(client.connect(*redis).ok());
        for (int n = 1; n <= 20; ++n)
            QVERIFY(client
                        .command({"XADD", key.toUtf8(), "*", "payload",
                                  "Message #" + QByteArray::number(n)})
                        .ok());
    }
    QTemporaryDir dir;
    GuiOptions options;
    options.dataDirectory = dir.path();
    options.redis = *redis;
    options.ingestKey = key;
    options.pane = u"ingest"_s;
    WindowController console(options);
    QVERIFY(console.setUp().ok());
    QCOMPARE(console.window()->currentPane()->paneId(), u"ingest"_s);
    auto *pane = qobject_cast<IngestPane *>(console.window()->currentPane());
    QVERIFY(pane);
    QCOMPARE(pane->request().key, key);
    QTRY_COMPARE_WITH_TIMEOUT(pane->shownValue(u"acknowledged"_s), u"20"_s, 20000);
    QCOMPARE(pane->shownValue(u"state"_s), u"Running"_s);
    console.ingest()->shutdown();
    QCOMPARE(pane->shownValue(u"stored"_s), u"20"_s);
}

void tst_WindowController::refusesAnUnusableDataDirectory()
{
    QTemporaryDir dir;
    QFile file(dir.filePath(u"file"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    GuiOptions options;
    options.dataDirectory = file.fileName();
    WindowController console(options);
    const auto ready = console.setUp();
    QVERIFY(!ready.ok());
    QVERIFY2(ready.errorMessage().contains(u"is a file, not a folder"_s),
             qPrintable(ready.errorMessage()));
    QVERIFY(!console.window());
}

void tst_WindowController::migratesTheEmbeddedStore()
{
    QTemporaryDir dir;
    GuiOptions options;
    options.dataDirectory = dir.path();
    WindowController console(options);
    bool asked = false;
    console.setQuestion(
        [&asked](const QString &, const QString &, const QString &) { return asked = true; });
    QVERIFY(console.setUp().ok());
    QVERIFY2(!asked, "Porthole's own store is migrated without asking");
    QVERIFY2(console.databaseProblem().isEmpty(), qPrintable(console.databaseProblem()));
    const int latest =
        MigrationRunner(QSqlDatabase(), *MigrationRunner::builtin(DatabaseUrl::Engine::SQLite))
            .latestVersion();
    QCOMPARE(sqliteSchemaVersion(dir.filePath(u"porthole.db"_s)), latest);
}

void tst_WindowController::opensOtherDataFromTheDialog()
{
    QTemporaryDir dir;
    GuiOptions options;
    options.dataDirectory = dir.filePath(u"data"_s);
    options.pane = u"queues"_s;
    WindowController console(options);
    QVERIFY(console.setUp().ok());
    MainWindow *window = console.window();
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    QSignalSpy opened(&console, &WindowController::connectionOpened);

    window->findChild<QAction *>(u"openConnection"_s)->trigger();
    auto *dialog = window->findChild<ConnectionDialog *>();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    // It opens on what is open now.
    auto *database = dialog->findChild<QLineEdit *>(u"database"_s);
    QCOMPARE(database->text(), u"sqlite://"_s + dir.filePath(u"data/porthole.db"_s));
    const QString other = dir.filePath(u"other.db"_s);
    database->setText(other);
    dialog->findChild<QLineEdit *>(u"folder"_s)->setText(dir.path());
    dialog->findChild<QLineEdit *>(u"profileName"_s)->setText(u"Other"_s);
    QTest::keyClick(dialog, Qt::Key_Return);

    QTRY_COMPARE(opened.size(), 1);
    QTRY_VERIFY(console.isStarted());
    // A new file is a new database, made ready to use.
    QCOMPARE(sqliteSchemaVersion(other),
             MigrationRunner(QSqlDatabase(), *MigrationRunner::builtin(DatabaseUrl::Engine::SQLite))
                 .latestVersion());
    QCOMPARE(databaseShown(console), u"sqlite://"_s + other);
    QCOMPARE(console.currentConnection().name, u"Other"_s);
    QCOMPARE(window->currentPane()->paneId(), u"queues"_s);
    QCOMPARE(window->panes().size(), WindowController::paneIds().size());
    QVERIFY2(window->windowTitle().contains(u"Other"_s), qPrintable(window->windowTitle()));
    QCOMPARE(ConnectionProfiles().profile(u"Other"_s)->database, u"sqlite://"_s + other);
    QCOMPARE(ConnectionProfiles().recent().constFirst().database, u"sqlite://"_s + other);
}

void tst_WindowController::opensARecentConnection()
{
    QTemporaryDir dir;
    ConnectionProfiles().remember(
        {QString(), u"sqlite://"_s + dir.filePath(u"recent.db"_s), dir.path(), QString()});
    GuiOptions options;
    options.dataDirectory = dir.filePath(u"data"_s);
    WindowController console(options);
    QVERIFY(console.setUp().ok());
    QSignalSpy opened(&console, &WindowController::connectionOpened);

    QMenu *recent = console.window()->recentMenu();
    emit recent->aboutToShow();
    // Newest first: the embedded store just opened, then the one from before.
    const QList<QAction *> actions = recent->actions();
    QVERIFY(actions.size() >= 2);
    QCOMPARE(actions.at(0)->text(), u"sqlite://"_s + dir.filePath(u"data/porthole.db"_s));
    QCOMPARE(actions.at(1)->text(), u"sqlite://"_s + dir.filePath(u"recent.db"_s));
    actions.at(1)->trigger();
    QTRY_COMPARE(opened.size(), 1);
    QCOMPARE(databaseShown(console), u"sqlite://"_s + dir.filePath(u"recent.db"_s));
    QCOMPARE(console.currentConnection().batchDirectory, dir.path());
}

// A profile saved read-only opens read-only, from the menu as a new user would open it
// (the settings written and read back): no action bar of the window can be unlocked. The next
// connection, not read-only, gets its actions back.
void tst_WindowController::aReadOnlyProfileOpensReadOnly()
{
    QTemporaryDir dir;
    ConnectionProfiles().saveProfile({u"production, read-only"_s,
                                      u"sqlite://"_s + dir.filePath(u"production.db"_s), dir.path(),
                                      QString(), true});
    ConnectionProfiles().remember(
        {QString(), u"sqlite://"_s + dir.filePath(u"scratch.db"_s), dir.path(), QString()});
    GuiOptions options;
    options.dataDirectory = dir.filePath(u"data"_s);
    WindowController console(options);
    QVERIFY(console.setUp().ok());
    QVERIFY(!console.actions()->isReadOnly());
    QSignalSpy opened(&console, &WindowController::connectionOpened);

    const auto open = [&console](const QString &text) {
        QMenu *recent = console.window()->recentMenu();
        emit recent->aboutToShow();
        for (QAction *action : recent->actions()) {
            if (action->text() == text) {
                action->trigger();
                return true;
            }
        }
        return false;
    };
    QVERIFY(open(u"Profile: production, read-only"_s));
    QTRY_COMPARE(opened.size(), 1);
    QTRY_VERIFY(console.isStarted());
    QVERIFY(console.currentConnection().readOnly);
    QVERIFY(console.actions()->isReadOnly());
    const QList<MessageActionBar *> bars = console.window()->findChildren<MessageActionBar *>();
    QVERIFY(!bars.isEmpty());
    for (MessageActionBar *bar : bars) {
        QVERIFY(!bar->unlockAction()->isEnabled());
        bar->unlockAction()->trigger();
        bar->setUnlocked(true);
        QVERIFY2(!bar->isUnlocked(), "a read-only connection is never unlocked");
    }

    QVERIFY(open(u"sqlite://"_s + dir.filePath(u"scratch.db"_s)));
    QTRY_COMPARE(opened.size(), 2);
    QVERIFY(!console.actions()->isReadOnly());
}

void tst_WindowController::asksBeforeStoppingTheReceiver_data()
{
    QTest::addColumn<bool>("answer");
    QTest::newRow("stop it") << true;
    QTest::newRow("keep it") << false;
}

void tst_WindowController::asksBeforeStoppingTheReceiver()
{
    QFETCH(bool, answer);
    const auto redis = porthole::test::fixtureRedis();
    QVERIFY2(redis.ok(), qPrintable(redis.errorMessage()));
    QTemporaryDir dir;
    GuiOptions options;
    options.dataDirectory = dir.path();
    options.redis = *redis;
    options.ingestKey = u"console-switch-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    WindowController console(options);
    QString asked;
    console.setQuestion([&asked, answer](const QString &title, const QString &, const QString &) {
        asked = title;
        return answer;
    });
    QVERIFY(console.setUp().ok());
    QTRY_VERIFY(console.isStarted()); // the receiver --ingest asked for starts with the rest
    QVERIFY(console.ingest()->isRunning());
    const QString before = databaseShown(console);
    QSignalSpy opened(&console, &WindowController::connectionOpened);

    console.openRemembered(
        {QString(), u"sqlite://"_s + dir.filePath(u"other.db"_s), QString(), QString()});
    QTRY_COMPARE(asked, u"Stop the receiver?"_s);
    if (answer) {
        QTRY_COMPARE(opened.size(), 1);
        QVERIFY(!console.ingest()->isRunning());
        QCOMPARE(databaseShown(console), u"sqlite://"_s + dir.filePath(u"other.db"_s));
    } else {
        QVERIFY(console.ingest()->isRunning());
        QCOMPARE(opened.size(), 0);
        QCOMPARE(databaseShown(console), before);
        console.ingest()->shutdown();
    }
}

void tst_WindowController::opensWithoutAKeychain()
{
    const auto redis = porthole::test::fixtureRedis();
    QVERIFY2(redis.ok(), qPrintable(redis.errorMessage()));
    QTemporaryDir dir;
    GuiOptions options;
    options.dataDirectory = dir.path();
    WindowController console(options);
    QVERIFY(console.setUp().ok());
    QSignalSpy opened(&console, &WindowController::connectionOpened);
    QSignalSpy problems(&console, &WindowController::problem);

    // No password in the URL and no keychain to ask: it opens without one.
    console.openRemembered({QString(), u"sqlite://"_s + dir.filePath(u"a.db"_s), QString(),
                            redis->withPassword({}).toDisplayString()});
    QTRY_COMPARE_WITH_TIMEOUT(opened.size(), 1, 20000);
    QCOMPARE(problems.size(), 0);
    QCOMPARE(console.redisServer()->password(), QString());

    // A password typed and asked to be kept is used, and the operator told it was not kept.
    ConnectionChoice choice;
    choice.database = DatabaseUrl::sqliteFile(dir.filePath(u"b.db"_s));
    choice.redis = redis->withPassword(u"typed-secret"_s);
    choice.connection = {QString(), choice.database.toDisplayString(), QString(),
                         choice.redis->withPassword({}).toDisplayString()};
    choice.keepPasswords = true;
    console.openConnection(choice);
    QTRY_COMPARE_WITH_TIMEOUT(opened.size(), 2, 20000);
    QCOMPARE(console.redisServer()->password(), u"typed-secret"_s);
    QTRY_COMPARE_WITH_TIMEOUT(problems.size(), 1, 20000);
    QCOMPARE(problems.constFirst().at(0).toString(), u"The password was not kept"_s);
    QVERIFY2(problems.constFirst().at(1).toString().contains(u"keychain"_s),
             qPrintable(problems.constFirst().at(1).toString()));

    // The window's settings file remembers the connection, never the password typed for it.
    QFile settings(QSettings().fileName());
    QVERIFY2(settings.open(QIODevice::ReadOnly), qPrintable(settings.fileName()));
    const QByteArray written = settings.readAll();
    QVERIFY2(written.contains(QFile::encodeName(dir.filePath(u"b.db"_s))), written.constData());
    QVERIFY2(!written.contains("typed-secret"), written.constData());
}

// Nothing on the command line, no profile, nothing opened before: the welcome page, over
// Porthole's own store (in the data directory the settings name). Each way in opens the
// connection dialog at its field; a pane chosen takes the page's place. The next start, with
// the store remembered, goes straight to the panes.
void tst_WindowController::welcomesAFirstStart()
{
    QTemporaryDir dir;
    Preferences preferences;
    preferences.dataDirectory = dir.filePath(u"own"_s);
    preferences.save();
    {
        WindowController console{GuiOptions()};
        QVERIFY(console.setUp().ok());
        QCOMPARE(console.dataDirectory(), dir.filePath(u"own"_s));
        MainWindow *window = console.window();
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window));
        auto *welcome = qobject_cast<WelcomePage *>(window->welcomePage());
        QVERIFY(welcome);
        QVERIFY(welcome->isVisible());
        QCOMPARE(window->currentPane(), nullptr);
        QVERIFY2(window->windowTitle().startsWith(u"Welcome — "_s),
                 qPrintable(window->windowTitle()));

        const QList<QPair<QCommandLinkButton *, QString>> ways = {
            {welcome->databaseButton(), u"sqlite://"_s + dir.filePath(u"own/porthole.db"_s)},
            {welcome->batchFolderButton(), QString()},
            {welcome->redisButton(), QString()}};
        for (const auto &[button, text] : ways) {
            QTest::mouseClick(button, Qt::LeftButton);
            auto *dialog = window->findChild<ConnectionDialog *>();
            QVERIFY(dialog);
            auto *field = qobject_cast<QLineEdit *>(dialog->focusWidget());
            QVERIFY(field);
            QCOMPARE(field->text(), text);
            dialog->reject();
            QTRY_VERIFY(!window->findChild<ConnectionDialog *>());
        }
        // The Redis button's field is the Redis one: typed into, it is the Redis server.
        QTest::mouseClick(welcome->redisButton(), Qt::LeftButton);
        auto *dialog = window->findChild<ConnectionDialog *>();
        QVERIFY(dialog);
        qobject_cast<QLineEdit *>(dialog->focusWidget())->setText(u"redis://127.0.0.1:1/0"_s);
        QCOMPARE(dialog->choice()->redis->port(), 1);
        dialog->reject();
        QTRY_VERIFY(!window->findChild<ConnectionDialog *>());

        QVERIFY(window->showPane(u"messages"_s));
        QVERIFY(!welcome->isVisible());
        QCOMPARE(window->currentPane()->paneId(), u"messages"_s);
        window->close();
    }
    WindowController again{GuiOptions()};
    QVERIFY(again.setUp().ok());
    QCOMPARE(again.window()->welcomePage(), nullptr);
    // The pane shown when the window closed, shown first (and the only one made at first).
    QCOMPARE(again.window()->currentPane()->paneId(), u"messages"_s);
    QCOMPARE(again.window()->panes().size(), 1);
}

void tst_WindowController::opensTheDefaultProfileAtStart()
{
    QTemporaryDir dir;
    QCOMPARE(prepareSqliteSchema(dir.filePath(u"night.db"_s), std::nullopt), QString());
    ConnectionProfiles().saveProfile(
        {u"night"_s, u"sqlite://"_s + dir.filePath(u"night.db"_s), dir.path(), QString()});
    Preferences preferences;
    preferences.dataDirectory = dir.filePath(u"own"_s);
    preferences.defaultProfile = u"night"_s;
    preferences.save();
    {
        WindowController console{GuiOptions()};
        QVERIFY(console.setUp().ok());
        QCOMPARE(databaseShown(console), u"sqlite://"_s + dir.filePath(u"night.db"_s));
        QCOMPARE(console.currentConnection().name, u"night"_s);
        QCOMPARE(console.window()->welcomePage(), nullptr);
    }
    // The command line wins over the default profile.
    GuiOptions options;
    options.dataDirectory = dir.filePath(u"other"_s);
    WindowController console(options);
    QVERIFY(console.setUp().ok());
    QCOMPARE(databaseShown(console), u"sqlite://"_s + dir.filePath(u"other/porthole.db"_s));
}

// File > Settings: what OK keeps is in the settings, and used at once by the Overview's
// refresh, the stale threshold, the receiver's next start and the palette.
void tst_WindowController::settingsApplyAtOnce()
{
    QTemporaryDir dir;
    GuiOptions options;
    options.dataDirectory = dir.path();
    WindowController console(options);
    QVERIFY(console.setUp().ok());
    QCOMPARE(console.overviewRefreshMs(), 10000);
    QCOMPARE(console.probes()->staleAfter(), std::chrono::seconds(60));

    console.window()->findChild<QAction *>(u"settingsAction"_s)->trigger();
    auto *dialog = console.window()->findChild<SettingsDialog *>();
    QVERIFY(dialog);
    dialog->refreshBox()->setValue(3);
    dialog->staleBox()->setValue(90);
    dialog->groupMessagesBox()->setValue(64);
    dialog->groupWaitBox()->setValue(250);
    dialog->themeBox()->setCurrentIndex(
        dialog->themeBox()->findData(int(Preferences::Theme::Dark)));
    QTest::mouseClick(dialog->buttons()->button(QDialogButtonBox::Ok), Qt::LeftButton);

    QCOMPARE(console.overviewRefreshMs(), 3000);
    QCOMPARE(console.probes()->staleAfter(), std::chrono::seconds(90));
    QVERIFY(QApplication::palette().color(QPalette::Window).lightness() < 80);
    const Preferences kept = Preferences::load();
    QCOMPARE(kept.groupMessages, 64);
    QCOMPARE(kept.theme, Preferences::Theme::Dark);
    IngestRequest request;
    request.redisUrl = u"redis://127.0.0.1:6379/0"_s;
    request.key = u"orders"_s;
    IngestConfig config;
    QString problem;
    QVERIFY2(console.ingestControl()->config(request, &config, &problem), qPrintable(problem));
    QCOMPARE(config.source.count, 64);
    QCOMPARE(config.source.blockMs, 250);
    console.setPreferences(Preferences()); // the desktop's palette for the tests after
}

QTEST_MAIN(tst_WindowController)
#include "tst_windowcontroller.moc"
