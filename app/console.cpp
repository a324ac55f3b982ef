#include "console.h"

#include "connectionfactory.h"
#include "datadirectory.h"
#include "mainwindow.h"
#include "migrationrunner.h"
#include "overviewpane.h"
#include "sourceprobeservice.h"
#include "sourcestatusmodel.h"

#include <QApplication>
#include <QDir>
#include <QMessageBox>
#include <QTextStream>
#include <QTimer>

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
{}

Console::~Console() = default;

QStringList Console::paneIds()
{
    return {u"overview"_s};
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
