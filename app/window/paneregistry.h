#pragma once

#include "connectionfactory.h"
#include "databaseurl.h"
#include "redisurl.h"

#include <QIcon>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

class QObject;

namespace porthole {

class ActionWorkflow;
class AlertStatusModel;
class BacklogTrendLoader;
class ChangeNotifier;
class IngestControl;
class IngestService;
class MainWindow;
class Pane;
class SourceProbeService;
class SourceStatusModel;

// What the panes of the data open now are made from, and the window's services they show.
struct PaneContext
{
    ConnectionFactory connections;     // each model reads with connections of its own
    ChangeNotifier *changes = nullptr; // tells the live listings of a change
    QObject *owner = nullptr; // owns the models: deleted when other data opens, after the panes
    DatabaseUrl database;
    QString batchDirectory;
    QString dataDirectory; // Porthole's own store
    std::optional<RedisUrl> redis;
    bool readOnly = false; // attached read-only: nothing writes to the database
    SourceStatusModel *sourceStatuses = nullptr;
    SourceProbeService *probes = nullptr;
    IngestService *ingest = nullptr;
    IngestControl *ingestControl = nullptr;
    ActionWorkflow *actions = nullptr;
    // Where every alert rule stands: the Alerts pane's listing, which its alert loop fills,
    // and the Overview's attention strip.
    AlertStatusModel *alertStatuses = nullptr;
    // The backlogs' trends from their history, read every sampling interval: the Overview,
    // the Redis pane's groups, the Queues chips and the pipeline map show them.
    BacklogTrendLoader *backlogTrends = nullptr;
    MainWindow *window = nullptr; // the panes' window (not theirs yet while they are made)
};

// The tables of the database a pane reads: every one of `allOf`, or, with `anyOf`, one of them.
struct PaneTables
{
    QStringList allOf;
    bool anyOf = false;
};

// One pane: its id (as the command line's paneIds() names it), its title and icon (its
// class's, listed before it is made), what it reads of the database and how it is made and
// connected to the window's services.
struct PaneRow
{
    QString id;
    QString (*title)() = nullptr;
    QIcon (*icon)() = nullptr;
    PaneTables tables; // none: the pane reads no table of the database
    std::function<Pane *(const PaneContext &)> make;
};

// Every pane in the window's order: the list, Ctrl+1 to Ctrl+9, the settings and the welcome
// page take them from here. Its ids are paneIds() (app/services/panecatalog), in the same order.
const QList<PaneRow> &paneRegistry();

// Why a pane that reads `needs` cannot work on a database that has only `tables` (a pipeline's
// own database attached read-only, which Porthole never migrates), in one line for the pane to
// show in place; empty when it can.
QString missingTablesReason(const PaneTables &needs, const QStringList &tables);

} // namespace porthole
