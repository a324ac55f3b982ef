#include "console.h"

#include "actioncontroller.h"
#include "auditpane.h"
#include "batchespane.h"
#include "changenotifier.h"
#include "checkpointmodel.h"
#include "checkpointspane.h"
#include "checkpointversionmodel.h"
#include "componentstatepane.h"
#include "connectiondialog.h"
#include "connectionfactory.h"
#include "datadirectory.h"
#include "deadletterspane.h"
#include "demosession.h"
#include "exportcontroller.h"
#include "fallbacktable.h"
#include "healthhistorymodel.h"
#include "healthhistorypane.h"
#include "ingestpane.h"
#include "ingestservice.h"
#include "mainwindow.h"
#include "messagemodel.h"
#include "messagespane.h"
#include "metricspane.h"
#include "migrationrunner.h"
#include "overviewpane.h"
#include "pane.h"
#include "panecatalog.h"
#include "passwordstore.h"
#include "portmessagemodel.h"
#include "questiondialog.h"
#include "queuespane.h"
#include "reportcontroller.h"
#include "sensoreventspane.h"
#include "settingsdialog.h"
#include "settingsfile.h"
#include "sinkstoragepane.h"
#include "sourceprobeservice.h"
#include "sourcestatusmodel.h"
#include "stopsignals.h"
#include "tablespane.h"
#include "welcomepage.h"

#include <QApplication>
#include <QComboBox>
#include <QCoreApplication>
#include <QDir>
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
                    Console::tr("Live updates stopped: %1 Until they are back, the panes "
                                "read the database every few seconds.")
                        .arg(message),
                    15000);
            else if (!wasLive && live)
                window->statusBar()->showMessage(Console::tr("Live updates on."), 5000);
            wasLive = live;
        });
}

// redis-cli's variable: a password kept out of the command line and the settings.
std::optional<RedisUrl> withEnvironmentPassword(std::optional<RedisUrl> redis)
{
    if (redis && redis->password().isEmpty() && qEnvironmentVariableIsSet("REDISCLI_AUTH"))
        redis = redis->withPassword(qEnvironmentVariable("REDISCLI_AUTH"));
    return redis;
}
} // namespace

Console::Console(GuiOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_sources(new SourceStatusModel(this))
    , m_probes(new SourceProbeService(this))
    , m_ingest(new IngestService(this))
    , m_passwords(new PasswordStore(QStringLiteral("Porthole"), this))
    , m_preferences(Preferences::load())
    , m_refresh(new QTimer(this))
    , m_demoProgram(QCoreApplication::applicationFilePath())
{
    connect(m_refresh, &QTimer::timeout, m_probes, &SourceProbeService::refresh);
}

Console::~Console() = default;

Status Console::setUp()
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
    m_defaultBatchDirectory = dataDir.batchStorePath();

    m_window = std::make_unique<MainWindow>();
    connect(m_window.get(), &MainWindow::openConnectionRequested, this,
            &Console::showConnectionDialog);
    connect(m_window->recentMenu(), &QMenu::aboutToShow, this, &Console::fillRecentMenu);
    connect(m_window.get(), &MainWindow::settingsRequested, this, &Console::showSettings);
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
    openSources(sourcesOf(connection, database, redis));
    m_refresh->start();

    m_window->restoreSettings();
    if (!m_options.pane.isEmpty())
        m_window->showPane(m_options.pane);
    startIngestAsked();
    if (profile)
        openRemembered(*profile);
    else if (firstStart)
        showWelcome();
    return success();
}

void Console::startIngestAsked()
{
    if (m_options.ingestKey.isEmpty())
        return;
    if (auto *pane = m_window->findChild<IngestPane *>())
        emit pane->startRequested(pane->request());
    m_options.ingestKey.clear(); // acted on: data opened later starts from the settings
}

void Console::showWelcome()
{
    auto *welcome = new WelcomePage;
    const auto openDialogAt = [this](const char *field) {
        showConnectionDialog();
        if (auto *dialog = m_window->findChild<ConnectionDialog *>())
            dialog->focusField(QString::fromLatin1(field));
    };
    connect(welcome, &WelcomePage::openDatabaseRequested, this,
            [openDialogAt] { openDialogAt("database"); });
    connect(welcome, &WelcomePage::openBatchFolderRequested, this,
            [openDialogAt] { openDialogAt("folder"); });
    connect(welcome, &WelcomePage::connectRedisRequested, this,
            [openDialogAt] { openDialogAt("redis"); });
    connect(welcome, &WelcomePage::demoRequested, this, &Console::startDemo);
    m_window->setWelcomePage(welcome);
}

void Console::startDemo()
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
        Sources sources = sourcesOf(connection, store.databaseUrl(), redis);
        if (redis)
            m_options.ingestKey = DemoSession::streamKey();
        openSources(sources);
        m_window->setWelcomePage(nullptr);
        m_window->showPane(u"overview"_s);
        startIngestAsked();
        if (!redis)
            m_window->statusBar()->showMessage(
                tr("redis-server is not installed: the demo shows its stored data only. "
                   "Install it (sudo apt-get install redis-server) for live traffic."),
                20000);
    });
    m_demo->start();
}

void Console::showSettings()
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

void Console::setPreferences(const Preferences &preferences)
{
    m_preferences = preferences;
    m_refresh->setInterval(preferences.overviewRefreshSeconds * 1000);
    m_probes->setStaleAfter(std::chrono::seconds(preferences.staleAfterSeconds));
    if (qobject_cast<QApplication *>(QCoreApplication::instance()))
        applyAppearance(preferences);
}

Console::Sources Console::sourcesOf(const Connection &connection, const DatabaseUrl &database,
                                    const std::optional<RedisUrl> &redis) const
{
    return {ConnectionProfiles::withoutPasswords(connection), database,
            connection.batchDirectory.isEmpty() ? m_defaultBatchDirectory
                                                : connection.batchDirectory,
            redis};
}

void Console::openSources(const Sources &sources)
{
    if (m_ingest->isRunning()) {
        const QString question =
            tr("The receiver is writing into %1. Stop it to open %2?\n\nWhat it has received "
               "is stored and acknowledged first.")
                .arg(m_connection.label(), sources.connection.label());
        if (m_ask && !m_ask(tr("Stop the receiver?"), question, {}))
            return;
        m_ingest->shutdown();
    }
    const Pane *shown = m_window->currentPane();
    const QString paneId = shown ? shown->paneId() : QString();
    m_window->removePanes();
    delete m_session;
    m_session = new QObject(this);
    m_connection = sources.connection;
    m_redis = sources.redis;

    const DatabaseUrl &database = sources.database;
    const QString &batches = sources.batchDirectory;
    const DataDirectory dataDir(m_dataDirectory);
    m_databaseProblem.clear();
    m_readOnly = m_options.readOnly || sources.connection.readOnly;
    prepareDatabase(database, database == dataDir.databaseUrl());
    m_probes->setSources(database, batches, m_redis, m_readOnly);
    m_sources->setStatuses(m_probes->uncheckedStatuses());

    auto *overview = new OverviewPane(m_sources);
    overview->setDataDirectory(QDir::toNativeSeparators(m_dataDirectory));
    m_window->addPane(overview);
    connect(overview, &OverviewPane::refreshRequested, m_probes, &SourceProbeService::refresh);
    connect(m_probes, &SourceProbeService::statusesReady, overview,
            [this, overview](const QList<SourceStatus> &statuses, const QDateTime &at) {
                m_sources->setStatuses(statuses);
                overview->setLastChecked(at);
            });
    connect(m_probes, &SourceProbeService::pipelineReady, overview, &OverviewPane::setPipeline);
    connect(m_probes, &SourceProbeService::consumerGroupsReady, overview,
            &OverviewPane::setConsumerGroups);
    connect(m_ingest, &IngestService::statsChanged, overview, &OverviewPane::setIngestStats);
    m_window->addPane(new BatchesPane(batches));
    // Each model reads on a thread and connection of its own; the models outlive the panes.
    ConnectionSettings settings;
    settings.readOnly = m_readOnly;
    const ConnectionFactory connections(database, settings);
    // One notifier for the data open now: the live listings refresh when it tells of a change.
    auto *changes = new ChangeNotifier(connections, m_session);
    announceIngestWrites(m_ingest, changes);
    reportLiveUpdates(changes, m_window.get());
    auto *messages = new MessageModel(connections, m_session);
    messages->watchChanges(changes);
    m_window->addPane(new MessagesPane(messages));
    m_window->addPane(new CheckpointsPane(new CheckpointModel(connections, m_session),
                                          new CheckpointVersionModel(connections, m_session)));
    auto *queues = new QueuesPane(connections);
    auto *deadLetters = new DeadLettersPane(connections);
    queues->model()->watchChanges(changes);
    deadLetters->model()->watchChanges(changes);
    m_window->addPane(queues);
    m_window->addPane(deadLetters);
    m_window->addPane(new MetricsPane(connections));
    setUpIngest(database, batches);
    auto *audit = new AuditPane(connections);
    m_window->addPane(audit);
    // After the first nine, so that Ctrl+1 to Ctrl+9 keep their panes.
    auto *componentState = new ComponentStatePane(connections);
    componentState->componentModel()->watchChanges(changes);
    componentState->versionModel()->watchChanges(changes);
    m_window->addPane(componentState);
    // PostgreSQL's change triggers leave sink_storage out, so a notifier would never tell of
    // its rows: the listing polls instead, every refresh interval while shown and live.
    m_window->addPane(new SinkStoragePane(connections));
    auto *health = new HealthHistoryPane(connections);
    health->model()->watchChanges(changes);
    m_window->addPane(health);
    auto *sensorEvents = new SensorEventsPane(connections);
    sensorEvents->watchChanges(changes);
    m_window->addPane(sensorEvents);
    auto *tables = new TablesPane(connections);
    tables->watchChanges(changes);
    m_window->addPane(tables);
    setUpActions(connections, sources.connection.readOnly, queues, deadLetters, audit);
    setUpExport(connections, sources);
    if (m_readOnly) { // never migrated: the database may lack what a pane reads
        for (Pane *pane : m_window->panes())
            pane->setUnavailable(missingTablesReason(pane->paneId(), m_tables));
    }

    m_window->setConnectionLabel(m_readOnly ? tr("%1 (read-only)").arg(m_connection.label())
                                            : m_connection.label());
    if (!paneId.isEmpty())
        m_window->showPane(paneId);
    ConnectionProfiles().remember(m_connection);
    m_probes->refresh();
    emit connectionOpened(m_connection);
    if (!m_databaseProblem.isEmpty())
        emit problem(tr("The database cannot be used"), m_databaseProblem);
}

void Console::setUpActions(const ConnectionFactory &connections, bool readOnly, QueuesPane *queues,
                           DeadLettersPane *deadLetters, Pane *audit)
{
    m_actions = new ActionController(connections, m_window.get(), m_session);
    m_actions->setRedis(m_redis);
    m_actions->setReadOnly(m_options.readOnly || readOnly);
    // A move offers the ports the Queues pane knows.
    m_actions->setPortsSource([ports = QPointer<QComboBox>(queues->portBox())] {
        QStringList names;
        for (int i = 0; ports && i < ports->count(); ++i) {
            if (const QString port = ports->itemData(i).toString(); !port.isEmpty())
                names << port;
        }
        return names;
    });
    m_actions->attach(queues->actionBar());
    m_actions->attach(deadLetters->actionBar());
    for (Pane *pane : {static_cast<Pane *>(queues), static_cast<Pane *>(deadLetters), audit})
        connect(m_actions, &ActionController::dataChanged, pane, &Pane::refresh);
    connect(m_actions, &ActionController::statusMessage, m_window.get(),
            [window = m_window.get()](const QString &message) {
                window->statusBar()->showMessage(message, message.isEmpty() ? 1 : 10000);
            });
    // What a crash or a closed window left half done is finished first.
    m_actions->recover();
}

void Console::setUpExport(const ConnectionFactory &connections, const Sources &sources)
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
    m_export = new ExportController(connections, m_window.get(), m_session);
    connect(m_window.get(), &MainWindow::exportRequested, m_export, &ExportController::exportPane);
    connect(m_export, &ExportController::statusMessage, m_window.get(),
            [window = m_window.get()](const QString &message) {
                window->statusBar()->showMessage(message, 10000);
            });
}

void Console::showConnectionDialog()
{
    const ConnectionProfiles profiles;
    auto *dialog = new ConnectionDialog(profiles.profiles(), profiles.recent(), m_window.get());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    Connection shown = m_connection;
    if (shown.batchDirectory == m_defaultBatchDirectory)
        shown.batchDirectory.clear();
    dialog->setConnection(shown);
    connect(dialog, &ConnectionDialog::profileRemoved, this,
            [](const QString &name) { ConnectionProfiles().removeProfile(name); });
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        if (auto chosen = dialog->choice())
            openConnection(*chosen);
    });
    dialog->open();
}

void Console::openConnection(const ConnectionChoice &choice)
{
    if (!choice.connection.name.isEmpty())
        ConnectionProfiles().saveProfile(choice.connection);
    if (choice.keepPasswords)
        keepPasswords(choice);
    withPasswords(sourcesOf(choice.connection, choice.database, choice.redis),
                  [this](const Sources &sources) { openSources(sources); });
}

void Console::openRemembered(const Connection &connection)
{
    auto database = DatabaseUrl::parse(connection.database);
    if (!database) {
        emit problem(tr("The connection cannot be opened"), database.errorMessage());
        return;
    }
    std::optional<RedisUrl> redis;
    if (!connection.redis.isEmpty()) {
        auto parsed = RedisUrl::parse(connection.redis);
        if (!parsed) {
            emit problem(tr("The connection cannot be opened"), parsed.errorMessage());
            return;
        }
        redis = std::move(parsed).value();
    }
    withPasswords(sourcesOf(connection, *database, redis),
                  [this](const Sources &sources) { openSources(sources); });
}

void Console::withPasswords(Sources sources, std::function<void(const Sources &)> then)
{
    sources.redis = withEnvironmentPassword(std::move(sources.redis));
    // libpq reads PGPASSWORD and ~/.pgpass itself; the keychain is asked when neither is set.
    QString databaseKey;
    if (!sources.database.isSqlite() && sources.database.password().isEmpty() &&
        !qEnvironmentVariableIsSet("PGPASSWORD"))
        databaseKey = ConnectionProfiles::keychainKey(sources.database);
    QString redisKey;
    if (sources.redis && sources.redis->password().isEmpty())
        redisKey = ConnectionProfiles::keychainKey(*sources.redis);
    QStringList keys{databaseKey, redisKey};
    keys.removeAll(QString());
    // No keychain, or none kept: the connection goes ahead without, and says so if refused.
    m_passwords->readAll(keys, [sources = std::move(sources), databaseKey, redisKey,
                                then = std::move(then)](const QHash<QString, QString> &found) {
        Sources completed = sources;
        if (found.contains(databaseKey))
            completed.database = completed.database.withPassword(found.value(databaseKey));
        if (found.contains(redisKey))
            completed.redis = completed.redis->withPassword(found.value(redisKey));
        then(completed);
    });
}

void Console::keepPasswords(const ConnectionChoice &choice)
{
    QList<std::pair<QString, QString>> kept;
    if (!choice.database.password().isEmpty())
        kept.append({ConnectionProfiles::keychainKey(choice.database), choice.database.password()});
    if (choice.redis && !choice.redis->password().isEmpty())
        kept.append({ConnectionProfiles::keychainKey(*choice.redis), choice.redis->password()});
    for (const auto &[key, password] : std::as_const(kept)) {
        m_passwords->write(key, password, [this](const QString &error) {
            if (!error.isEmpty())
                emit problem(tr("The password was not kept"),
                             tr("The password was used for this connection but not kept: %1. "
                                "Set it in the environment (PGPASSWORD, REDISCLI_AUTH) or in "
                                "~/.pgpass instead.")
                                 .arg(error));
        });
    }
}

void Console::fillRecentMenu()
{
    QMenu *menu = m_window->recentMenu();
    menu->clear();
    const ConnectionProfiles remembered;
    const QList<Connection> profiles = remembered.profiles();
    for (const Connection &profile : profiles)
        menu->addAction(tr("Profile: %1").arg(profile.name), this,
                        [this, profile] { openRemembered(profile); });
    if (!profiles.isEmpty())
        menu->addSeparator();
    const QList<Connection> recent = remembered.recent();
    for (const Connection &connection : recent) {
        QAction *action = menu->addAction(connection.label(), this,
                                          [this, connection] { openRemembered(connection); });
        QStringList lines{connection.database};
        if (!connection.batchDirectory.isEmpty())
            lines << tr("Batch files: %1").arg(QDir::toNativeSeparators(connection.batchDirectory));
        if (!connection.redis.isEmpty())
            lines << tr("Redis: %1").arg(connection.redis);
        action->setToolTip(lines.join(u'\n'));
    }
    if (profiles.isEmpty() && recent.isEmpty())
        menu->addAction(tr("No connections yet"))->setEnabled(false);
}

void Console::setUpIngest(const DatabaseUrl &database, const QString &batches)
{
    auto *pane = new IngestPane;
    m_window->addPane(pane);
    const QString databaseSink = database.toDisplayString();
    pane->setSinkChoices({{tr("The database (%1)").arg(databaseSink), databaseSink},
                          {tr("Batch files (%1)").arg(QDir::toNativeSeparators(batches)),
                           QUrl::fromLocalFile(batches).toString()}});
    // What was asked last time, unless the command line says otherwise. Passwords are never
    // kept: a URL is remembered as it is shown.
    QSettings settings;
    settings.beginGroup(u"ingest"_s);
    IngestRequest request;
    request.redisUrl = m_redis ? m_redis->toDisplayString() : settings.value(u"redis"_s).toString();
    request.mode = settings.value(u"mode"_s, request.mode).toString();
    request.key =
        m_options.ingestKey.isEmpty() ? settings.value(u"key"_s).toString() : m_options.ingestKey;
    request.group = settings.value(u"group"_s, request.group).toString();
    // A stable name: after a restart the worker takes up what it had not acknowledged.
    request.consumer =
        settings.value(u"consumer"_s, QString(u"porthole-gui-"_s + QSysInfo::machineHostName()))
            .toString();
    request.sinkUrl = settings.value(u"sink"_s, databaseSink).toString();
    if (!m_options.ingestKey.isEmpty()) {
        request.mode = u"stream"_s;
        request.sinkUrl = databaseSink;
    }
    pane->setRequest(request);

    connect(m_ingest, &IngestService::statsChanged, pane, &IngestPane::setStats);
    connect(pane, &IngestPane::pauseRequested, m_ingest, &IngestService::pause);
    connect(pane, &IngestPane::resumeRequested, m_ingest, &IngestService::resume);
    connect(pane, &IngestPane::stopRequested, m_ingest, &IngestService::stop);
    connect(pane, &IngestPane::startRequested, this,
            [this, pane, database](const IngestRequest &wanted) {
                IngestConfig config;
                QString problem;
                if (!ingestConfig(wanted, database, &config, &problem)) {
                    IngestStats failed;
                    failed.state = IngestState::Failed;
                    failed.lastError = problem;
                    failed.lastErrorAt = QDateTime::currentDateTimeUtc();
                    pane->setStats(failed);
                    return;
                }
                QSettings settings;
                settings.beginGroup(u"ingest"_s);
                settings.setValue(u"redis"_s, config.source.url.toDisplayString());
                settings.setValue(u"mode"_s, wanted.mode);
                settings.setValue(u"key"_s, wanted.key);
                settings.setValue(u"group"_s, wanted.group);
                settings.setValue(u"consumer"_s, wanted.consumer);
                settings.setValue(u"sink"_s, wanted.sinkUrl);
                m_ingest->start(config);
            });
}

bool Console::ingestConfig(const IngestRequest &request, const DatabaseUrl &database,
                           IngestConfig *config, QString *problem) const
{
    if (m_readOnly && request.sinkUrl == database.toDisplayString()) {
        *problem = tr("The database is open read-only: the receiver cannot write into it. "
                      "Receive into batch files, or open the database without read-only.");
        return false;
    }
    const auto mode = RedisSource::modeFromName(request.mode);
    if (!mode) {
        *problem = tr("Choose a mode: stream, list or pub/sub.");
        return false;
    }
    config->mode = *mode;
    config->source.count = m_preferences.groupMessages;
    config->source.blockMs = m_preferences.groupWaitMs;
    // The server opened keeps its password; the pane only shows it hidden.
    if (m_redis && request.redisUrl == m_redis->toDisplayString()) {
        config->source.url = *m_redis;
    } else {
        auto url = RedisUrl::parse(request.redisUrl);
        if (!url) {
            *problem = url.errorMessage();
            return false;
        }
        config->source.url = *url;
    }
    config->source.key = request.key;
    config->source.group = request.group.isEmpty() ? u"porthole"_s : request.group;
    config->source.consumer = request.consumer;
    config->sinkUrl = request.sinkUrl;
    config->databaseUrl = database.toDisplayString();
    return true;
}

QString Console::migrateAfterAsking(MigrationRunner &runner, const DatabaseUrl &url, bool embedded)
{
    const int version = runner.currentVersion().value();
    auto plan = runner.plan();
    if (!plan)
        return plan.errorMessage();
    const std::optional<AdoptionPlan> &adoption = plan->adoption;
    if (adoption && !adoption->refusals.isEmpty())
        return tr("Porthole cannot use the database %1, and has changed nothing in it:\n%2")
            .arg(url.toDisplayString(), adoption->refusals.join(u'\n'));
    // A pipeline's database: its tables are adopted, never without asking.
    const bool pipelines = adoption && (!adoption->found.isEmpty() || !adoption->others.isEmpty());
    QString question =
        pipelines ? tr("The database %1 holds tables that Porthole did not create (%2). Porthole "
                       "can adopt them: it checks their columns and adds what it needs, keeping "
                       "every row, and the pipeline's own statements keep working. The plan below "
                       "lists each statement and why.\n\nAdopt and migrate it now?")
                        .arg(url.toDisplayString(), adoption->tables.join(u", "_s))
                  : tr("The database %1 is at schema version %2; this Porthole uses version "
                       "%3.\n\nMigrate it now?")
                        .arg(url.toDisplayString())
                        .arg(version)
                        .arg(runner.latestVersion());
    if (url.isSqlite())
        question += u' ' + tr("A copy of the file is taken first.");
    // Porthole's own embedded store, and an empty database, are brought up to date without
    // asking.
    const bool asked = embedded || (version == 0 && !pipelines) || !m_ask;
    if (!asked && !m_ask(pipelines ? tr("Adopt the database?") : tr("Migrate the database?"),
                         question, describePlan(*plan)))
        return runner.checkCurrent().errorMessage();
    auto migrated = runner.up();
    return migrated ? QString() : migrated.errorMessage();
}

void Console::prepareDatabase(const DatabaseUrl &url, bool embedded)
{
    const QString purpose = u"schema-check"_s;
    ConnectionSettings settings;
    settings.readOnly = m_readOnly;
    const ConnectionFactory factory(url, settings);
    {
        auto db = factory.open(purpose);
        if (!db) {
            m_databaseProblem = db.errorMessage();
            return;
        }
        m_tables = tableNames(*db);
        MigrationRunner runner(*db, *MigrationRunner::builtin(url.engine()));
        const Status current = runner.checkCurrent();
        if (!current && current.error().kind == StorageError::Kind::SchemaTooOld && m_readOnly) {
            // Attached read-only: no DDL, whatever the schema. The title says "read-only";
            // a pane that needs what the database lacks says so in its place.
        } else if (!current && current.error().kind == StorageError::Kind::SchemaTooOld) {
            m_databaseProblem = migrateAfterAsking(runner, url, embedded);
        } else if (!current) {
            m_databaseProblem = current.errorMessage(); // too new, or unreadable: left as it is
        }
    }
    factory.close(purpose);
}

int runGui(const GuiOptions &options)
{
    removeAbandonedSettingsLock();
    const QString settingsProblem = setAsideUnreadableSettings();
    if (!settingsProblem.isEmpty())
        QTextStream(stderr) << "porthole: " << settingsProblem << Qt::endl;
    Console console(options);
    console.setQuestion(
        [&console](const QString &title, const QString &text, const QString &details) {
            return askWithDetails(console.window(), title, text, details);
        });
    if (Status ready = console.setUp(); !ready) {
        QTextStream(stderr) << "porthole: " << ready.errorMessage() << Qt::endl;
        return 1;
    }
    console.window()->show();
    if (!settingsProblem.isEmpty())
        QMessageBox::warning(console.window(), Console::tr("The settings were set aside"),
                             settingsProblem);
    if (!console.databaseProblem().isEmpty())
        QMessageBox::warning(console.window(), Console::tr("The database cannot be used"),
                             console.databaseProblem());
    QObject::connect(&console, &Console::problem, console.window(),
                     [&console](const QString &title, const QString &text) {
                         QMessageBox::warning(console.window(), title, text);
                     });
    // SIGTERM, SIGINT or SIGHUP (a logout, Ctrl+C, the terminal closed) closes the window as its
    // Quit does: the receiver stores and acknowledges what it holds, the demo's servers stop.
    const StopSignals stopSignals;
    QSocketNotifier stopNotifier(stopSignals.readFd(), QSocketNotifier::Read);
    QObject::connect(&stopNotifier, &QSocketNotifier::activated, console.window(), [&] {
        stopSignals.take();
        QApplication::closeAllWindows();
        QApplication::quit();
    });
    return QApplication::exec();
}

} // namespace porthole
