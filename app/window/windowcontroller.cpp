#include "windowcontroller.h"

#include "actionworkflow.h"
#include "alertmodels.h"
#include "auditlog.h"
#include "backlogrecording.h"
#include "backlogtrends.h"
#include "backupcontroller.h"
#include "changenotifier.h"
#include "connectiondialog.h"
#include "connectionfactory.h"
#include "datadirectory.h"
#include "demosession.h"
#include "exportcontroller.h"
#include "gotocontroller.h"
#include "ingestcontrol.h"
#include "ingestservice.h"
#include "mainwindow.h"
#include "pane.h"
#include "panecatalog.h"
#include "paneregistry.h"
#include "passwordstore.h"
#include "questiondialog.h"
#include "reportcontroller.h"
#include "retentioncontroller.h"
#include "savedviews.h"
#include "savedviewscontroller.h"
#include "settingsdialog.h"
#include "settingsfile.h"
#include "sourceprobeservice.h"
#include "sourcestatusmodel.h"
#include "stopsignals.h"
#include "waitdialog.h"
#include "welcomepage.h"

#include <QApplication>
#include <QComboBox>
#include <QCoreApplication>
#include <QDir>
#include <QLoggingCategory>
#include <QMenu>
#include <QMessageBox>
#include <QPointer>
#include <QSettings>
#include <QSocketNotifier>
#include <QStatusBar>
#include <QSysInfo>
#include <QTextStream>
#include <QTimer>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {
Q_LOGGING_CATEGORY(lcBacklogHistory, "porthole.history")

// The in-process worker's writes, told at once rather than at the notifier's next look (SQLite)
// or notification (PostgreSQL): any change of what it has written means rows were stored.
void announceIngestWrites(IngestService *ingest, ChangeNotifier *changes)
{
    QObject::connect(ingest, &IngestService::statsChanged, changes,
                     [changes, written = qint64(-1)](const IngestStats &stats) mutable {
                         const qint64 now = stats.stored + stats.deadLettered;
                         if (written >= 0 && now != written)
                             changes->announce();
                         written = now;
                     });
}

// Says in the status bar when live updates stop and when they are back.
void reportLiveUpdates(ChangeNotifier *changes, MainWindow *window)
{
    QObject::connect(
        changes, &ChangeNotifier::stateChanged, window,
        [window, wasLive = false](ChangeNotifier::State state, const QString &message) mutable {
            const bool live = state == ChangeNotifier::State::Listening ||
                              state == ChangeNotifier::State::Polling;
            if (wasLive && state == ChangeNotifier::State::Retrying)
                window->statusBar()->showMessage(
                    WindowController::tr("Live updates stopped: %1 Until they are back, the panes "
                                         "read the database every few seconds.")
                        .arg(message),
                    15000);
            else if (!wasLive && live)
                window->statusBar()->showMessage(WindowController::tr("Live updates on."), 5000);
            wasLive = live;
        });
}

} // namespace

WindowController::WindowController(GuiOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_sources(new SourceStatusModel(this))
    , m_probes(new SourceProbeService(this))
    , m_ingest(new IngestService(this))
    , m_ingestControl(new IngestControl(m_ingest, this))
    , m_passwords(new PasswordStore(QStringLiteral("Porthole"), this))
    , m_preferences(Preferences::load())
    , m_refresh(new QTimer(this))
    , m_demoProgram(QCoreApplication::applicationFilePath())
{
    connect(m_refresh, &QTimer::timeout, m_probes, &SourceProbeService::refresh);
    m_ingestControl->askFor(m_options.ingestKey);
}

QStringList WindowController::paneIds()
{
    return porthole::paneIds();
}

WindowController::~WindowController() = default;

Status WindowController::setUp()
{
    // Porthole's own store: the command line's, else the one the settings name.
    QString root = m_options.dataDirectory;
    if (root.isEmpty())
        root = m_preferences.dataDirectory.isEmpty() ? DataDirectory::defaultRoot()
                                                     : m_preferences.dataDirectory;
    const DataDirectory dataDir(root);
    if (Status made = dataDir.ensureExists(); !made)
        return made;
    m_dataDirectory = dataDir.root();
    m_firstPane = m_options.pane.isEmpty() ? MainWindow::savedPane() : m_options.pane;

    m_window = std::make_unique<MainWindow>();
    m_views = new SavedViewsController(m_window.get(), this);
    m_goTo = new GoToController(m_window.get(), this);
    m_chooser = new ConnectionChooser(m_passwords, m_window.get(), this);
    m_chooser->setDefaultBatchDirectory(dataDir.batchStorePath());
    connect(m_chooser, &ConnectionChooser::chosen, this, &WindowController::openSources);
    connect(m_chooser, &ConnectionChooser::problem, this, &WindowController::problem);
    connect(m_window.get(), &MainWindow::openConnectionRequested, this,
            &WindowController::showConnectionDialog);
    connect(m_window->recentMenu(), &QMenu::aboutToShow, m_chooser,
            [this] { m_chooser->fillRecentMenu(m_window->recentMenu()); });
    connect(m_window.get(), &MainWindow::settingsRequested, this, &WindowController::showSettings);
    setPreferences(m_preferences);

    // Nothing named on the command line: the default profile if one is set, else, on a first
    // start (no profile, nothing opened before), the welcome page over Porthole's own store.
    const bool dataNamed = !m_options.dataDirectory.isEmpty() || m_options.database ||
                           !m_options.batchDirectory.isEmpty() || m_options.redis;
    const ConnectionProfiles remembered;
    const bool firstStart =
        !dataNamed && remembered.profiles().isEmpty() && remembered.recent().isEmpty();
    std::optional<Connection> profile;
    if (!dataNamed && !m_preferences.defaultProfile.isEmpty()) {
        for (const Connection &known : remembered.profiles()) {
            if (known.name == m_preferences.defaultProfile)
                profile = known;
        }
    }

    const DatabaseUrl database = m_options.database.value_or(dataDir.databaseUrl());
    const std::optional<RedisUrl> redis = withEnvironmentPassword(m_options.redis);
    Connection connection;
    connection.database = database.toDisplayString();
    connection.batchDirectory =
        m_options.batchDirectory.isEmpty()
            ? QString()
            : QDir::cleanPath(QDir(m_options.batchDirectory).absolutePath());
    connection.redis = redis ? redis->toDisplayString() : QString();
    openSources(m_chooser->sourcesOf(connection, database, redis));

    m_window->restoreSettings();
    if (!m_options.view.isEmpty())
        openViewAsked();
    if (profile)
        openRemembered(*profile);
    else if (firstStart)
        showWelcome();
    // The first frame is drawn in the event loop's first turns once the window is shown. A
    // window not shown or minimised starts the rest at once, one never drawn (mapped on
    // another desktop) after a while.
    m_window->installEventFilter(this);
    QTimer::singleShot(0, this, [this] {
        if (!m_window->isVisible() || m_window->isMinimized())
            firstFrameDrawn();
    });
    QTimer::singleShot(std::chrono::seconds(2), this, &WindowController::firstFrameDrawn);
    return success();
}

bool WindowController::eventFilter(QObject *watched, QEvent *event)
{
    // Once this paint is flushed to the screen: the event loop's next turn.
    if (watched == m_window.get() && event->type() == QEvent::Paint) {
        m_window->removeEventFilter(this);
        QTimer::singleShot(0, this, &WindowController::firstFrameDrawn);
    }
    return QObject::eventFilter(watched, event);
}

void WindowController::firstFrameDrawn()
{
    if (m_firstFrame)
        return;
    m_firstFrame = true;
    m_window->removeEventFilter(this);
    makeRemainingPanes();
}

void WindowController::makeRemainingPanes()
{
    if (m_started)
        return;
    if (m_window->makeNextPane()) {
        QTimer::singleShot(0, m_session, [this] { makeRemainingPanes(); });
        return;
    }
    startServices();
}

void WindowController::startServices()
{
    // What a crash or a closed window left half done is finished first.
    m_actions->recover();
    recordBacklogs(*m_connections);
    // Samples come every interval (this window's, or a worker's on the same database).
    m_trends->start(std::chrono::seconds(m_preferences.backlogSampleSeconds));
    m_refresh->start();
    m_probes->refresh();
    m_ingestControl->startAsked();
    m_started = true;
    emit started();
}

void WindowController::openViewAsked()
{
    Pane *pane = m_window->currentPane();
    if (!pane || pane->paneId() != m_options.pane)
        return;
    if (m_window->chooseView(pane->paneId(), m_options.view) ||
        m_views->openView(pane, m_options.view))
        return;
    const QStringList saved = SavedViews::names(pane->paneId());
    m_viewProblem = saved.isEmpty()
                        ? tr("%1 has no saved view “%2”: it has none yet. Save one from the Views "
                             "button of its filter bar.")
                              .arg(pane->title(), m_options.view)
                        : tr("%1 has no saved view “%2”. Its saved views: %3.")
                              .arg(pane->title(), m_options.view, saved.join(u", "_s));
}

void WindowController::showWelcome()
{
    auto *welcome = new WelcomePage;
    const auto openDialogAt = [this](const char *field) {
        m_chooser->showDialog(m_connection)->focusField(QString::fromLatin1(field));
    };
    connect(welcome, &WelcomePage::openDatabaseRequested, this,
            [openDialogAt] { openDialogAt("database"); });
    connect(welcome, &WelcomePage::openBatchFolderRequested, this,
            [openDialogAt] { openDialogAt("folder"); });
    connect(welcome, &WelcomePage::connectRedisRequested, this,
            [openDialogAt] { openDialogAt("redis"); });
    connect(welcome, &WelcomePage::demoRequested, this, &WindowController::startDemo);
    m_window->setWelcomePage(welcome);
}

void WindowController::startDemo()
{
    if (m_demo)
        return;
    m_demo = new DemoSession(m_demoProgram, QDir(m_dataDirectory).filePath(u"demo"_s), this);
    auto *welcome = qobject_cast<WelcomePage *>(m_window->welcomePage());
    const auto tell = [this, welcome = QPointer<WelcomePage>(welcome)](const QString &text) {
        if (welcome)
            welcome->setDemoProgress(text);
        m_window->statusBar()->showMessage(text, text.isEmpty() ? 1 : 0);
    };
    connect(m_demo, &DemoSession::progress, this, tell);
    connect(m_demo, &DemoSession::failed, this, [this, tell](const QString &message) {
        tell({});
        m_demo->deleteLater();
        m_demo = nullptr;
        emit problem(tr("The demo could not start"), message);
    });
    connect(m_demo, &DemoSession::ready, this, [this, tell] {
        tell({});
        Connection connection;
        const DataDirectory &store = m_demo->store();
        connection.database = store.databaseUrl().toDisplayString();
        connection.batchDirectory = store.batchStorePath();
        const std::optional<RedisUrl> redis = m_demo->redis();
        connection.redis = redis ? redis->toDisplayString() : QString();
        // The receiver's key for the Ingest pane, made from here; started with the services.
        if (redis)
            m_ingestControl->askFor(DemoSession::streamKey());
        if (!openSources(m_chooser->sourcesOf(connection, store.databaseUrl(), redis))) {
            m_ingestControl->askFor({}); // the data open now stays, and its receiver
            return;
        }
        m_window->setWelcomePage(nullptr);
        m_window->showPane(u"overview"_s);
        if (!redis)
            m_window->statusBar()->showMessage(
                tr("redis-server is not installed: the demo shows its stored data only. "
                   "Install it (sudo apt-get install redis-server) for live traffic."),
                20000);
    });
    m_demo->start();
}

void WindowController::showSettings()
{
    QStringList names;
    for (const Connection &profile : ConnectionProfiles().profiles())
        names << profile.name;
    auto *dialog = new SettingsDialog(m_preferences, names, m_window.get());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const Preferences chosen = dialog->preferences();
        chosen.save();
        setPreferences(chosen);
    });
    dialog->open();
}

void WindowController::setPreferences(const Preferences &preferences)
{
    m_preferences = preferences;
    AuditLog::setOperator(preferences.operatorName);
    m_refresh->setInterval(preferences.overviewRefreshSeconds * 1000);
    m_probes->setStaleAfter(std::chrono::seconds(preferences.staleAfterSeconds));
    m_ingestControl->setPreferences(preferences);
    if (m_backlog)
        m_backlog->setInterval(std::chrono::seconds(preferences.backlogSampleSeconds));
    if (m_trends && m_started)
        m_trends->start(std::chrono::seconds(preferences.backlogSampleSeconds));
    if (qobject_cast<QApplication *>(QCoreApplication::instance()))
        applyAppearance(preferences);
}

bool WindowController::openSources(const DataSources &sources)
{
    if (m_ingest->isRunning()) {
        const QString question =
            tr("The receiver is writing into %1. Stop it to open %2?\n\nWhat it has received "
               "is stored and acknowledged first.")
                .arg(m_connection.label(), sources.connection.label());
        if (m_ask && !m_ask(tr("Stop the receiver?"), question, {}))
            return false;
        m_ingest->shutdown();
    }
    const Pane *shown = m_window->currentPane();
    const QString paneId = shown ? shown->paneId() : m_firstPane;
    m_window->removePanes();
    delete m_session;
    m_session = new QObject(this);
    m_started = false;
    m_connection = sources.connection;
    m_redis = sources.redis;

    const DatabaseUrl &database = sources.database;
    m_readOnly = m_options.readOnly || sources.connection.readOnly;
    const PreparedDatabase prepared =
        prepareDatabase(database, database == DataDirectory(m_dataDirectory).databaseUrl(),
                        m_readOnly, m_ask, m_runLong);
    m_databaseProblem = prepared.problem;
    m_tables = prepared.tables;
    m_readOnly = m_readOnly || prepared.openedReadOnly;
    m_probes->setSources(database, sources.batchDirectory, m_redis, m_readOnly);
    m_sources->setStatuses(m_probes->uncheckedStatuses());

    // Each model reads on a thread and connection of its own; the models outlive the panes.
    ConnectionSettings settings;
    settings.readOnly = m_readOnly;
    const ConnectionFactory connections(database, settings);
    m_connections = connections;
    setUpActions(connections, m_readOnly);
    makePanes(sources, connections);
    setUpExport(connections, sources);
    m_goTo->setSources(connections,
                       m_databaseProblem.isEmpty()
                           ? GoToController::databaseKinds(m_tables, m_readOnly)
                           : QList<GoToKind>{},
                       sources.batchDirectory, m_redis);

    m_window->setConnectionLabel(m_readOnly ? tr("%1 (read-only)").arg(m_connection.label())
                                            : m_connection.label());
    if (paneId.isEmpty() || !m_window->showPane(paneId))
        m_window->showPane(paneRegistry().constFirst().id);
    ConnectionProfiles().remember(m_connection);
    if (m_firstFrame) // the window is up: the rest of this data's panes at once
        QTimer::singleShot(0, m_session, [this] { makeRemainingPanes(); });
    emit connectionOpened(m_connection);
    if (!m_databaseProblem.isEmpty())
        emit problem(tr("The database cannot be used"), m_databaseProblem);
    return true;
}

void WindowController::makePanes(const DataSources &sources, const ConnectionFactory &connections)
{
    // One notifier for the data open now: the live listings refresh when it tells of a change.
    auto *changes = new ChangeNotifier(connections, m_session);
    announceIngestWrites(m_ingest, changes);
    reportLiveUpdates(changes, m_window.get());
    const PaneContext context{.connections = connections,
                              .changes = changes,
                              .owner = m_session,
                              .database = sources.database,
                              .batchDirectory = sources.batchDirectory,
                              .dataDirectory = m_dataDirectory,
                              .redis = m_redis,
                              .readOnly = m_readOnly,
                              .sourceStatuses = m_sources,
                              .probes = m_probes,
                              .ingest = m_ingest,
                              .ingestControl = m_ingestControl,
                              .actions = m_actions,
                              .alertStatuses = new AlertStatusModel(m_session),
                              .backlogTrends = new BacklogTrendLoader(connections, m_session),
                              .window = m_window.get()};
    for (const PaneRow &row : paneRegistry()) {
        // Never migrated, a database attached read-only may lack what a pane reads.
        const QString unavailable =
            m_readOnly ? missingTablesReason(row.tables, m_tables) : QString();
        m_window->addPane(row.id, row.title(), row.icon(), [this, context, &row, unavailable] {
            Pane *pane = row.make(context);
            m_views->attach(pane);
            pane->setUnavailable(unavailable);
            return pane;
        });
        if (!unavailable.isEmpty())
            m_window->setPaneUnavailable(row.id, unavailable);
        m_views->list(row.id);
    }
    m_trends = context.backlogTrends;
}

void WindowController::setUpActions(const ConnectionFactory &connections, bool readOnly)
{
    m_actions = new ActionWorkflow(connections, m_window.get(), m_session);
    m_actions->setRedis(m_redis);
    m_actions->setReadOnly(m_options.readOnly || readOnly);
    connect(m_actions, &ActionWorkflow::statusMessage, m_window.get(),
            [window = m_window.get()](const QString &message) {
                window->statusBar()->showMessage(message, message.isEmpty() ? 1 : 10000);
            });
}

void WindowController::setUpExport(const ConnectionFactory &connections, const DataSources &sources)
{
    ReportRequest reportSources;
    reportSources.database = sources.database;
    reportSources.batchDirectory = sources.batchDirectory;
    reportSources.redis = m_redis;
    m_report = new ReportController(reportSources, m_window.get(), m_session);
    connect(m_window.get(), &MainWindow::reportRequested, m_report, &ReportController::ask);
    connect(m_report, &ReportController::statusMessage, m_window.get(),
            [window = m_window.get()](const QString &message) {
                window->statusBar()->showMessage(message, 10000);
            });
    m_retention = new RetentionController(connections, m_window.get(), m_session);
    connect(m_window.get(), &MainWindow::retentionRequested, m_retention,
            &RetentionController::ask);
    connect(m_retention, &RetentionController::dataDeleted, m_actions,
            &ActionWorkflow::dataChanged);
    connect(m_retention, &RetentionController::statusMessage, m_window.get(),
            [window = m_window.get()](const QString &message) {
                window->statusBar()->showMessage(message, 10000);
            });
    m_backup = new BackupController(connections.url(), m_window.get(), m_session);
    connect(m_window.get(), &MainWindow::backupRequested, m_backup, &BackupController::ask);
    connect(m_backup, &BackupController::statusMessage, m_window.get(),
            [window = m_window.get()](const QString &message) {
                window->statusBar()->showMessage(message, 10000);
            });
    m_window->setWritable(!m_readOnly);
    m_export = new ExportController(connections, m_window.get(), m_session);
    connect(m_window.get(), &MainWindow::exportRequested, m_export, &ExportController::exportPane);
    connect(m_export, &ExportController::statusMessage, m_window.get(),
            [window = m_window.get()](const QString &message) {
                window->statusBar()->showMessage(message, 10000);
            });
}

void WindowController::recordBacklogs(const ConnectionFactory &connections)
{
    // Nothing writes into data attached read-only, nor into a database that cannot be used.
    if (m_readOnly || !m_databaseProblem.isEmpty())
        return;
    auto *recording = new BacklogRecording(
        connections, m_redis, std::chrono::seconds(m_preferences.backlogSampleSeconds), m_session);
    m_backlog = recording;
    connect(m_ingest, &IngestService::statsChanged, recording, &BacklogRecording::setIngestStats);
    connect(recording, &BacklogRecording::failed, this, [](const QString &message) {
        qCWarning(lcBacklogHistory).noquote() << "backlog history:" << message;
    });
}

void WindowController::showConnectionDialog()
{
    m_chooser->showDialog(m_connection);
}

void WindowController::openConnection(const ConnectionChoice &choice)
{
    m_chooser->open(choice);
}

void WindowController::openRemembered(const Connection &connection)
{
    m_chooser->openRemembered(connection);
}

int runGui(const GuiOptions &options)
{
    removeAbandonedSettingsLock();
    const QString settingsProblem = setAsideUnreadableSettings();
    if (!settingsProblem.isEmpty())
        QTextStream(stderr) << "porthole: " << settingsProblem << Qt::endl;
    WindowController console(options);
    console.setQuestion(
        [&console](const QString &title, const QString &text, const QString &details) {
            return askWithDetails(console.window(), title, text, details);
        });
    console.setLongTask(
        [&console](const QString &title, const QString &text, const LongTaskBody &task) {
            runWhileWaiting(console.window(), title, text, task);
        });
    if (Status ready = console.setUp(); !ready) {
        QTextStream(stderr) << "porthole: " << ready.errorMessage() << Qt::endl;
        return 1;
    }
    console.window()->show();
    if (!settingsProblem.isEmpty())
        QMessageBox::warning(console.window(), WindowController::tr("The settings were set aside"),
                             settingsProblem);
    if (!console.databaseProblem().isEmpty())
        QMessageBox::warning(console.window(), WindowController::tr("The database cannot be used"),
                             console.databaseProblem());
    if (!console.viewProblem().isEmpty())
        QMessageBox::warning(console.window(), WindowController::tr("No such saved view"),
                             console.viewProblem());
    QObject::connect(&console, &WindowController::problem, console.window(),
                     [&console](const QString &title, const QString &text) {
                         QMessageBox::warning(console.window(), title, text);
                     });
    // SIGTERM, SIGINT or SIGHUP (a logout, Ctrl+C, the terminal closed) closes the window as its
    // Quit does: the receiver stores and acknowledges what it holds, the demo's servers stop.
    const StopSignals stopSignals;
    QSocketNotifier stopNotifier(stopSignals.readFd(), QSocketNotifier::Read);
    QObject::connect(&stopNotifier, &QSocketNotifier::activated, console.window(), [&] {
        stopSignals.take();
        console.window()->endSession();
    });
    return QApplication::exec();
}

} // namespace porthole
