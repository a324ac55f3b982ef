#pragma once

#include "healthrepository.h"
#include "paging.h"
#include "storageerror.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QSqlDatabase>
#include <QString>

#include <chrono>
#include <optional>

namespace porthole {

// How a port's queue reads on the pipeline map: quiet (nothing waits), flowing, backed up
// (amber) or stuck (red), by the thresholds below (docs/USER_GUIDE.md, "See where the pipeline
// is stuck").
enum class QueueState
{
    Empty,
    Flowing,
    BackedUp,
    Stuck,
};

// When a port's queue turns amber, then red: by how many messages wait on it, or by how long
// the oldest of them has waited, whichever says more.
struct QueueThresholds
{
    qint64 backedUpPending = 100;
    qint64 stuckPending = 1000;
    std::chrono::seconds backedUpWait{60};
    std::chrono::seconds stuckWait{300};
};

// A component of the pipeline as the map draws it: what sends or receives on a port, or
// beats (system_health).
struct MapComponent
{
    QString name;
    std::optional<HealthRecord> heartbeat; // its latest, stale flagged; none: it sends none

    friend bool operator==(const MapComponent &, const MapComponent &) = default;
};

// A port between two components, with its figures as read at the map's time.
struct MapPort
{
    QString name;
    QString source;          // the component that sends on it (of its newest message)
    QString target;          // the component that receives on it
    QStringList senders;     // every source among its newest messages, when more than one
    RowCount lastMinute;     // messages created in the minute before the map's time
    RowCount pending;        // waiting now, and
    RowCount processing;     // taken by the target now
    QDateTime oldestPending; // UTC; invalid: none waits
    RowCount failedLastHour;
    RowCount deadLastHour; // status dead_letter, created in the hour before
    QueueState state = QueueState::Empty;

    double perSecond() const { return double(lastMinute.value) / 60.0; }
    // Who sends on it: its senders, or its one source.
    QStringList sendingComponents() const
    {
        return senders.isEmpty() ? QStringList{source} : senders;
    }

    friend bool operator==(const MapPort &, const MapPort &) = default;
};

// The pipeline's components and ports (its topology from port_messages and system_health)
// with each port's figures, as one read at `readAt`.
struct PipelineMap
{
    QList<MapComponent> components; // by name
    QList<MapPort> ports;           // by name
    QDateTime readAt;               // UTC
    QStringList missingTables;      // port_messages or system_health, when the database has none

    const MapComponent *component(const QString &name) const;
    const MapPort *port(const QString &name) const;

    friend bool operator==(const PipelineMap &, const PipelineMap &) = default;
};

// The state of a queue of `pending` messages whose oldest came at `oldestPending`, at `now`.
QueueState queueState(const RowCount &pending, const QDateTime &oldestPending, const QDateTime &now,
                      const QueueThresholds &thresholds);

// Reads the map on `db` (used by the calling thread only). Every figure is a range of an index
// (idx_port_messages_port_status_created, idx_port_messages_port_created, and the skip scans
// of the ports and of the components' heartbeats), counted up to `exactUpTo` and said to be
// "at least" beyond (the default is the stuck threshold's: enough to tell red): its cost grows
// with the ports and the cap, not with the table.
Result<PipelineMap> readPipelineMap(const QSqlDatabase &db, const QDateTime &now,
                                    std::chrono::milliseconds staleAfter,
                                    const QueueThresholds &thresholds = {},
                                    qint64 exactUpTo = 1000);

} // namespace porthole

Q_DECLARE_METATYPE(porthole::PipelineMap)
