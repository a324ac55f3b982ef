#include "paneregistry.h"

#include "actionworkflow.h"
#include "alertmonitor.h"
#include "alertrulesdialog.h"
#include "alertspane.h"
#include "auditlogmodel.h"
#include "auditpane.h"
#include "backlogrecorder.h"
#include "backlogtrends.h"
#include "batchespane.h"
#include "changenotifier.h"
#include "checkpointmodel.h"
#include "checkpointspane.h"
#include "checkpointversionmodel.h"
#include "componentstatemodel.h"
#include "componentstatepane.h"
#include "consumergroupmodel.h"
#include "correlationsettings.h"
#include "databasehealthmodel.h"
#include "deadletterspane.h"
#include "errorcomparisonmodel.h"
#include "healthhistorymodel.h"
#include "healthhistorypane.h"
#include "healthtimelineloader.h"
#include "ingestcontrol.h"
#include "ingestpane.h"
#include "ingestservice.h"
#include "journeymodel.h"
#include "journeypane.h"
#include "ledgermodel.h"
#include "ledgerpane.h"
#include "mainwindow.h"
#include "messagemodel.h"
#include "messagespane.h"
#include "metricsloader.h"
#include "metricspane.h"
#include "overviewpane.h"
#include "pipelinemaploader.h"
#include "pipelinemappane.h"
#include "pipelinemapscene.h"
#include "portholetables.h"
#include "portmessagelookup.h"
#include "portmessagemodel.h"
#include "preferences.h"
#include "queuespane.h"
#include "redisactionrunner.h"
#include "redisactionworkflow.h"
#include "redisbrowser.h"
#include "redispane.h"
#include "redisstreamview.h"
#include "sensoreventmodels.h"
#include "sensoreventspane.h"
#include "sinkstoragemodel.h"
#include "sinkstoragepane.h"
#include "sourceprobeservice.h"
#include "sourcestatusmodel.h"
#include "tablebrowsermodels.h"
#include "tablespane.h"
#include "timelinemodel.h"
#include "timelinepane.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QDir>
#include <QPointer>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// Hands `show` the backlogs' trends each time they are read, while `receiver` lives.
template <typename Show>
void showTrends(const PaneContext &context, QObject *receiver, Show show)
{
    if (!context.backlogTrends) // panes made without the window's services (tests)
        return;
    QObject::connect(context.backlogTrends, &BacklogTrendLoader::loaded, receiver,
                     [trends = context.backlogTrends, show] { show(trends->trends()); });
}

// A pipeline map's loader: the database, the Redis server, and the receiver as it reports.
PipelineMapLoader *makeMapLoader(const PaneContext &context)
{
    auto *loader = new PipelineMapLoader(context.connections, context.owner);
    loader->setStaleAfter(std::chrono::seconds(Preferences::load().staleAfterSeconds));
    loader->setRedis(context.redis);
    QObject::connect(context.ingest, &IngestService::statsChanged, loader,
                     [loader](const IngestStats &stats) {
                         if (stats.state == IngestState::Stopped) {
                             loader->setReceiver({});
                             return;
                         }
                         loader->setReceiver(mapReceiverOf(stats));
                     });
    return loader;
}

Pane *makeOverview(const PaneContext &context)
{
    auto *overview = new OverviewPane(context.sourceStatuses);
    // The map as its first picture, shown once it has something to draw (port messages).
    overview->setPipelineMap(makeMapLoader(context));
    overview->setDataDirectory(QDir::toNativeSeparators(context.dataDirectory));
    QObject::connect(overview, &OverviewPane::refreshRequested, context.probes,
                     &SourceProbeService::refresh);
    QObject::connect(context.probes, &SourceProbeService::statusesReady, overview,
                     [statuses = context.sourceStatuses, overview](const QList<SourceStatus> &found,
                                                                   const QDateTime &at) {
                         statuses->setStatuses(found);
                         overview->setLastChecked(at);
                     });
    QObject::connect(context.probes, &SourceProbeService::pipelineReady, overview,
                     &OverviewPane::setPipeline);
    QObject::connect(context.probes, &SourceProbeService::consumerGroupsReady, overview,
                     &OverviewPane::setConsumerGroups);
    QObject::connect(context.ingest, &IngestService::statsChanged, overview,
                     &OverviewPane::setIngestStats);
    // The receiver makes its stream's consumer group as it starts: the sources are checked
    // again then, so that the stream consumers agree with the receiver's line from the first.
    QObject::connect(
        context.ingest, &IngestService::statsChanged, context.probes,
        [probes = context.probes, was = IngestState::Stopped](const IngestStats &stats) mutable {
            if (stats.state == IngestState::Running && was != IngestState::Running)
                probes->refresh();
            was = stats.state;
        });
    showTrends(context, overview,
               [overview](const BacklogTrendSet &trends) { overview->setBacklogTrends(trends); });
    QObject::connect(context.alertStatuses, &QAbstractItemModel::modelReset, overview,
                     [overview, statuses = context.alertStatuses] {
                         overview->setAlertStatuses(statuses->statuses());
                     });
    // The database's health: read at each check of the sources, at most twice a minute (the
    // model's limit), and at once on the pane's own refresh.
    auto *health = new DatabaseHealthModel(context.connections, context.owner);
    overview->setDatabaseHealth(health);
    QObject::connect(context.probes, &SourceProbeService::statusesReady, health,
                     [health] { health->refresh(); });
    return overview;
}

Pane *makeMessages(const PaneContext &context)
{
    auto *messages = new MessageModel(context.connections, context.owner);
    messages->watchChanges(context.changes);
    return new MessagesPane(messages);
}

Pane *makeCheckpoints(const PaneContext &context)
{
    return new CheckpointsPane(new CheckpointModel(context.connections, context.owner),
                               new CheckpointVersionModel(context.connections, context.owner));
}

// The actions of the window work on what the pane shows, and it shows what they changed.
void offerActions(const PaneContext &context, Pane *pane, MessageActionBar *bar)
{
    context.actions->attach(bar);
    QObject::connect(context.actions, &ActionWorkflow::dataChanged, pane, &Pane::refresh);
}

Pane *makeQueues(const PaneContext &context)
{
    auto *model = new PortMessageModel(context.connections, context.owner);
    model->watchChanges(context.changes);
    auto *queues = new QueuesPane(model, new PortMessageLookup(context.connections, context.owner));
    offerActions(context, queues, queues->actionBar());
    showTrends(context, queues,
               [queues](const BacklogTrendSet &trends) { queues->setBacklogTrends(trends); });
    // A move offers the ports the Queues pane knows.
    context.actions->setPortsSource([ports = QPointer<QComboBox>(queues->portBox())] {
        QStringList names;
        for (int i = 0; ports && i < ports->count(); ++i) {
            if (const QString port = ports->itemData(i).toString(); !port.isEmpty())
                names << port;
        }
        return names;
    });
    return queues;
}

Pane *makeDeadLetters(const PaneContext &context)
{
    auto *model = new PortMessageModel(context.connections, context.owner);
    model->watchChanges(context.changes);
    auto *deadLetters =
        new DeadLettersPane(model, new PortMessageLookup(context.connections, context.owner));
    deadLetters->offerComparison(new ErrorComparisonModel(context.connections, context.owner));
    offerActions(context, deadLetters, deadLetters->actionBar());
    return deadLetters;
}

Pane *makeAudit(const PaneContext &context)
{
    auto *audit = new AuditPane(new AuditLogModel(context.connections, context.owner));
    QObject::connect(context.actions, &ActionWorkflow::dataChanged, audit, &Pane::refresh);
    return audit;
}

Pane *makeComponentState(const PaneContext &context)
{
    using Listing = ComponentStateModel::Listing;
    auto *components =
        new ComponentStateModel(context.connections, Listing::Components, context.owner);
    auto *versions = new ComponentStateModel(context.connections, Listing::Versions, context.owner);
    components->watchChanges(context.changes);
    versions->watchChanges(context.changes);
    return new ComponentStatePane(components, versions);
}

Pane *makeHealthHistory(const PaneContext &context)
{
    auto *model = new HealthHistoryModel(context.connections, context.owner);
    model->watchChanges(context.changes);
    auto *pane = new HealthHistoryPane(model);
    pane->setTimelineLoader(new HealthTimelineLoader(context.connections, context.owner));
    return pane;
}

Pane *makeSensorEvents(const PaneContext &context)
{
    auto *pane = new SensorEventsPane(new SensorListModel(context.connections, context.owner),
                                      new ProcessedEventModel(context.connections, context.owner),
                                      new SensorMetricModel(context.connections, context.owner));
    pane->watchChanges(context.changes);
    return pane;
}

// One connection for the pane's reads and actions, on a thread of its own, while the data is
// open. The actions go to the same audit log as the others, whose pane shows them at once.
Pane *makeRedis(const PaneContext &context)
{
    if (!context.redis)
        return new RedisPane(nullptr);
    auto *browser = new RedisBrowser(*context.redis, context.owner);
    auto *pane = new RedisPane(browser);
    showTrends(context, pane, [pane](const BacklogTrendSet &trends) {
        pane->streamView()->groups()->setTrends(trends);
    });
    auto *actions = new RedisActionRunner(browser, context.connections, context.readOnly, browser);
    auto *workflow = new RedisActionWorkflow(actions, pane, browser);
    QObject::connect(workflow, &RedisActionWorkflow::dataChanged, context.actions,
                     &ActionWorkflow::dataChanged);
    QObject::connect(workflow, &RedisActionWorkflow::statusMessage, pane, &Pane::statusMessage);
    // What the receiver reads from is listed first.
    QObject::connect(context.ingest, &IngestService::statsChanged, pane,
                     [pane](const IngestStats &stats) {
                         if (stats.key.isEmpty())
                             return;
                         const QByteArray type = stats.atMostOnce        ? "channel"
                                                 : stats.group.isEmpty() ? "list"
                                                                         : "stream";
                         pane->setKnownKeys({{stats.key.toUtf8(), type}});
                     });
    return pane;
}

// The alert loop runs while the data is open, whether the pane is shown or not: it owns the
// tray icon and the notifications. A notification clicked brings the window and the pane up.
Pane *makeAlerts(const PaneContext &context)
{
    AlertStatusModel *statuses = context.alertStatuses;
    auto *history = new AlertHistoryModel(1000, context.owner);
    auto *pane = new AlertsPane(statuses, history);
    auto *monitor =
        new AlertMonitor(context.connections, context.readOnly, statuses, history, context.owner);
    QObject::connect(pane, &AlertsPane::silenceRequested, monitor, &AlertMonitor::silence);
    QObject::connect(pane, &AlertsPane::acknowledgeRequested, monitor, &AlertMonitor::acknowledge);
    QObject::connect(pane, &AlertsPane::editRulesRequested, monitor, [monitor, pane] {
        AlertRulesDialog dialog(monitor->rules(), pane->window());
        if (dialog.exec() == QDialog::Accepted)
            monitor->setRules(dialog.rules());
    });
    QObject::connect(monitor, &AlertMonitor::failed, pane, &Pane::statusMessage);
    QObject::connect(context.ingest, &IngestService::statsChanged, monitor,
                     &AlertMonitor::setIngestStats);
    // The Overview's components and its attention strip read the same heartbeats: a round as
    // they are read, so that an alert never says "stale" beside a component shown beating.
    QObject::connect(context.probes, &SourceProbeService::pipelineReady, monitor,
                     &AlertMonitor::evaluateNow);
    // The window up, from the tray or behind others, at `paneId`, focused on `focus`.
    MainWindow *window = context.window;
    const auto bringUp = [pane, window](const QString &paneId, const PaneFocus &focus) {
        if (!window)
            return;
        window->showNormal();
        window->raise();
        window->activateWindow();
        if (!window->showPane(paneId)) // not made for this data: the alert's own pane
            window->showPane(pane->paneId());
        else if (Pane *shown = window->currentPane())
            shown->focusOn(focus);
    };
    QObject::connect(monitor, &AlertMonitor::showRequested, pane,
                     [pane, bringUp] { bringUp(pane->paneId(), {}); });
    QObject::connect(monitor, &AlertMonitor::causeRequested, pane,
                     [bringUp](const AlertCause &cause) { bringUp(cause.paneId, cause.focus); });
    if (window) {
        QObject::connect(monitor, &AlertMonitor::quitRequested, window, &MainWindow::quit);
        window->setTray(monitor->trayIcon());
    }
    monitor->setSources({.redis = context.redis,
                         .redisTimeouts = {},
                         .stream = {},
                         .batchDirectory = context.batchDirectory});
    monitor->start();
    pane->setInterval(std::chrono::duration_cast<std::chrono::seconds>(monitor->interval()));
    return pane;
}

Pane *makeTables(const PaneContext &context)
{
    auto *tables = new TablesPane(new CatalogModel(context.connections, context.owner));
    tables->watchChanges(context.changes);
    return tables;
}

Pane *makeBatches(const PaneContext &context)
{
    return new BatchesPane(context.batchDirectory);
}

Pane *makeMetrics(const PaneContext &context)
{
    auto *timeline = new TimelineModel(context.connections, context.owner);
    timeline->setStaleAfter(std::chrono::seconds(Preferences::load().staleAfterSeconds));
    return new MetricsPane(new MetricsLoader(context.connections, context.owner), timeline);
}

Pane *makeIngest(const PaneContext &context)
{
    return context.ingestControl->makePane(context.database, context.batchDirectory, context.redis,
                                           context.readOnly);
}

Pane *makeSinkStorage(const PaneContext &context)
{
    return new SinkStoragePane(new SinkStorageModel(context.connections, context.owner));
}

Pane *makeJourney(const PaneContext &context)
{
    // The settings' keys; a key that is not one is left out, as the reader leaves it.
    const auto keys = correlationKeys();
    auto *model =
        new JourneyModel(context.connections, keys ? *keys : CorrelationKeys{}, context.owner);
    model->setRedis(context.redis); // each delivery's stream entry, as it is now
    model->setBatchDirectory(context.batchDirectory);
    return new JourneyPane(model);
}

Pane *makeMap(const PaneContext &context)
{
    auto *loader = makeMapLoader(context);
    auto *pane = new PipelineMapPane(loader);
    showTrends(context, pane,
               [pane](const BacklogTrendSet &trends) { pane->scene()->setBacklogTrends(trends); });
    pane->setPinsKey(context.database.toDisplayString());
    return pane;
}

Pane *makeTimeline(const PaneContext &context)
{
    auto *model = new TimelineModel(context.connections, context.owner);
    model->setStaleAfter(std::chrono::seconds(Preferences::load().staleAfterSeconds));
    return new TimelinePane(model);
}

Pane *makeLedger(const PaneContext &context)
{
    return new LedgerPane(new LedgerModel(context.connections, context.owner));
}

// A row for the pane class P, listed by its paneTitle() and paneIcon().
template <typename P>
PaneRow row(QString id, PaneTables tables, std::function<Pane *(const PaneContext &)> make)
{
    return {std::move(id), &P::paneTitle, &P::paneIcon, std::move(tables), std::move(make)};
}

} // namespace

const QList<PaneRow> &paneRegistry()
{
    static const QList<PaneRow> rows{
        row<OverviewPane>(u"overview"_s, {}, makeOverview),
        row<BatchesPane>(u"batches"_s, {}, makeBatches),
        row<MessagesPane>(u"messages"_s, {{u"messages"_s}}, makeMessages),
        row<CheckpointsPane>(u"checkpoints"_s, {{u"checkpoints"_s}}, makeCheckpoints),
        row<QueuesPane>(u"queues"_s, {{u"port_messages"_s}}, makeQueues),
        row<DeadLettersPane>(u"deadletters"_s, {{u"port_messages"_s}}, makeDeadLetters),
        row<MetricsPane>(u"metrics"_s,
                         {{u"component_metrics"_s, u"port_metrics"_s, u"metrics"_s}, true},
                         makeMetrics),
        row<IngestPane>(u"ingest"_s, {}, makeIngest),
        // After the first nine, so that Ctrl+1 to Ctrl+9 keep their panes.
        row<AuditPane>(u"audit"_s, {{u"audit_log"_s}}, makeAudit),
        row<ComponentStatePane>(u"componentstate"_s, {{u"component_state"_s}}, makeComponentState),
        // PostgreSQL's change triggers leave sink_storage out, so a notifier would never tell of
        // its rows: the listing polls instead, every refresh interval while shown and live.
        row<SinkStoragePane>(u"sinkstorage"_s, {{u"sink_storage"_s}}, makeSinkStorage),
        row<HealthHistoryPane>(u"healthhistory"_s, {{u"system_health"_s}}, makeHealthHistory),
        row<SensorEventsPane>(u"sensorevents"_s, {{u"processed_events"_s, u"metrics"_s}},
                              makeSensorEvents),
        row<TablesPane>(u"tables"_s, {}, makeTables),
        row<RedisPane>(u"redis"_s, {}, makeRedis),
        row<AlertsPane>(u"alerts"_s, {{u"alert_history"_s}}, makeAlerts),
        row<JourneyPane>(u"journey"_s, {{u"port_messages"_s}}, makeJourney),
        row<PipelineMapPane>(u"map"_s, {{u"port_messages"_s, u"system_health"_s}, true}, makeMap),
        row<TimelinePane>(u"timeline"_s,
                          {{u"alert_history"_s, u"audit_log"_s, u"system_health"_s,
                            u"checkpoints"_s, u"component_state"_s, u"port_messages"_s},
                           true},
                          makeTimeline),
        row<LedgerPane>(
            u"ledger"_s,
            {{u"backlog_samples"_s, u"messages"_s, u"ingest_deliveries"_s, u"port_messages"_s}},
            makeLedger),
    };
    return rows;
}

QString missingTablesReason(const PaneTables &needs, const QStringList &tables)
{
    const auto has = [&tables](const QString &table) {
        return tables.contains(table, Qt::CaseInsensitive);
    };
    QStringList missing;
    for (const QString &table : needs.allOf) {
        if (!has(table))
            missing << table;
    }
    if (missing.isEmpty() || (needs.anyOf && missing.size() < needs.allOf.size()))
        return {};
    const QString names =
        missing.join(needs.anyOf ? QCoreApplication::translate("PaneNeeds", " or ")
                                 : QCoreApplication::translate("PaneNeeds", " and "));
    if (isPortholeTable(missing.constFirst()))
        return QCoreApplication::translate(
                   "PaneNeeds",
                   "This pane reads %1, a table of Porthole's own that this database does not "
                   "have: Porthole creates it when it migrates a database, and a database opened "
                   "read-only is never migrated. Open it without read-only to migrate it, or "
                   "browse the tables it has in the Tables pane.")
            .arg(names);
    return QCoreApplication::translate(
               "PaneNeeds",
               "This pane reads %1, which this database does not have: the pipeline that made it "
               "did not create %2. Its other tables are in the Tables pane.")
        .arg(names, missing.size() == 1 ? QCoreApplication::translate("PaneNeeds", "that table")
                                        : QCoreApplication::translate("PaneNeeds", "those tables"));
}

} // namespace porthole
