#include "console.h"

#include "batchespane.h"
#include "checkpointmodel.h"
#include "checkpointspane.h"
#include "checkpointversionmodel.h"
#include "connectionfactory.h"
#include "datadirectory.h"
#include "deadletterspane.h"
#include "ingestpane.h"
#include "ingestservice.h"
#include "mainwindow.h"
#include "messagemodel.h"
#include "messagespane.h"
#include "migrationrunner.h"
#include "overviewpane.h"
#include "queuespane.h"
#include "sourceprobeservice.h"
#include "sourcestatusmodel.h"

#include <QApplication>
#include <QDir>
#include <QMessageBox>
#include <QSettings>
#include <QSysInfo>
#include <QTextStream>
#include <QTimer>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {
constexpr int overviewRefreshMs = 10000;
}

Console::Console(GuiOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_sources(new SourceStatusModel(this))
    , m_probes(new SourceProbeService(this))
    , m_ingest(new IngestService(this))
{}

Console::~Console() = default;

QStringList Console::paneIds()
{
    return {u"overview"_s, u"batches"_s,     u"messages"_s, u"checkpoints"_s,
            u"queues"_s,   u"deadletters"_s, u"ingest"_s};
}

Status Console::setUp()
{
    const DataDirectory dataDir(m_options.dataDirectory.isEmpty() ? DataDirectory::defaultRoot()
                                                                  : m_options.dataDirectory);
    if (Status made = dataDir.ensureExists(); !made)
        return made;
    m_dataDirectory = dataDir.root();

    const DatabaseUrl database = m_options.database.value_or(dataDir.databaseUrl());
    prepareDatabase(database, !m_options.database.has_value());
    const QString batches = m_options.batchDirectory.isEmpty()
                                ? dataDir.batchStorePath()
                                : QDir::cleanPath(QDir(m_options.batchDirectory).absolutePath());
    m_probes->setSources(database, batches, m_options.redis);
    m_sources->setStatuses(m_probes->uncheckedStatuses());

    m_window = std::make_unique<MainWindow>();
    auto *overview = new OverviewPane(m_sources);
    overview->setDataDirectory(QDir::toNativeSeparators(m_dataDirectory));
    m_window->addPane(overview);

    connect(overview, &OverviewPane::refreshRequested, m_probes, &SourceProbeService::refresh);
    connect(m_probes, &SourceProbeService::statusesReady, this,
            [this, overview](const QList<SourceStatus> &statuses, const QDateTime &at) {
                m_sources->setStatuses(statuses);
                overview->setLastChecked(at);
            });
    connect(m_probes, &SourceProbeService::pipelineReady, overview, &OverviewPane::setPipeline);
    connect(m_ingest, &IngestService::statsChanged, overview, &OverviewPane::setIngestStats);
    m_window->addPane(new BatchesPane(batches));
    // Each model reads on a thread and connection of its own; the models outlive the panes.
    const ConnectionFactory connections(database);
    m_window->addPane(new MessagesPane(new MessageModel(connections, this)));
    m_window->addPane(new CheckpointsPane(new CheckpointModel(connections, this),
                                          new CheckpointVersionModel(connections, this)));
    m_window->addPane(new QueuesPane(connections));
    m_window->addPane(new DeadLettersPane(connections));
    setUpIngest(database, batches);

    auto *timer = new QTimer(this);
    timer->setInterval(overviewRefreshMs);
    connect(timer, &QTimer::timeout, m_probes, &SourceProbeService::refresh);
    timer->start();

    m_window->restoreSettings();
    if (!m_options.pane.isEmpty())
        m_window->showPane(m_options.pane);
    m_probes->refresh();
    return success();
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
    request.redisUrl = m_options.redis ? m_options.redis->toDisplayString()
                                       : settings.value(u"redis"_s).toString();
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
    if (!m_options.ingestKey.isEmpty())
        emit pane->startRequested(pane->request());
}

bool Console::ingestConfig(const IngestRequest &request, const DatabaseUrl &database,
                           IngestConfig *config, QString *problem) const
{
    const auto mode = RedisSource::modeFromName(request.mode);
    if (!mode) {
        *problem = tr("Choose a mode: stream, list or pub/sub.");
        return false;
    }
    config->mode = *mode;
    // The server from the command line keeps its password; the pane only shows it hidden.
    if (m_options.redis && request.redisUrl == m_options.redis->toDisplayString()) {
        config->source.url = *m_options.redis;
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

void Console::prepareDatabase(const DatabaseUrl &url, bool embedded)
{
    const QString purpose = u"schema-check"_s;
    const ConnectionFactory factory(url);
    {
        auto db = factory.open(purpose);
        if (!db) {
            m_databaseProblem = db.errorMessage();
            return;
        }
        MigrationRunner runner(*db, *MigrationRunner::builtin(url.engine()));
        const Status current = runner.checkCurrent();
        if (!current && current.error().kind == StorageError::Kind::SchemaTooOld) {
            const int version = runner.currentVersion().value();
            const QString question =
                tr("The database %1 is at schema version %2; this Porthole uses version %3.\n\n"
                   "Migrate it now?%4")
                    .arg(url.toDisplayString())
                    .arg(version)
                    .arg(runner.latestVersion())
                    .arg(url.isSqlite() ? tr(" A copy of the file is taken first.") : QString());
            // Porthole's own embedded store is brought up to date without asking.
            if (embedded || version == 0 || !m_askToMigrate || m_askToMigrate(question)) {
                auto migrated = runner.up();
                if (!migrated)
                    m_databaseProblem = migrated.errorMessage();
            } else {
                m_databaseProblem = current.errorMessage();
            }
        } else if (!current) {
            m_databaseProblem = current.errorMessage(); // too new, or unreadable: left as it is
        }
    }
    factory.close(purpose);
}

int runGui(const GuiOptions &options)
{
    Console console(options);
    console.setMigrationQuestion([](const QString &question) {
        return QMessageBox::question(nullptr, Console::tr("Migrate the database?"), question,
                                     QMessageBox::Yes | QMessageBox::No,
                                     QMessageBox::Yes) == QMessageBox::Yes;
    });
    if (Status ready = console.setUp(); !ready) {
        QTextStream(stderr) << "porthole: " << ready.errorMessage() << Qt::endl;
        return 1;
    }
    console.window()->show();
    if (!console.databaseProblem().isEmpty())
        QMessageBox::warning(console.window(), Console::tr("The database cannot be used"),
                             console.databaseProblem());
    return QApplication::exec();
}

} // namespace porthole
