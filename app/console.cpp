#include "console.h"

#include "datadirectory.h"
#include "mainwindow.h"
#include "overviewpane.h"
#include "sourceprobeservice.h"
#include "sourcestatusmodel.h"

#include <QApplication>
#include <QDir>
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

int runGui(const GuiOptions &options)
{
    Console console(options);
    if (Status ready = console.setUp(); !ready) {
        QTextStream(stderr) << "porthole: " << ready.errorMessage() << Qt::endl;
        return 1;
    }
    console.window()->show();
    return QApplication::exec();
}

} // namespace porthole
