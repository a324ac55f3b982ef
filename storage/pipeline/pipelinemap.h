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
    QDateTime lastCheckpoint; // UTC, its newest checkpoint's creation; invalid: it keeps none

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
    // Messages a second over the last minute as the port's own messages_sent counter tells
    // (port_metrics), where the pipeline writes it: -1 where it does not (no row in the last
    // minute, or none a minute before it to count from).
    double reportedPerSecond = -1;

    bool rateReported() const { return reportedPerSecond >= 0; }
    // The counter's rate where there is one, else the messages created in the last minute.
    double perSecond() const
    {
        return rateReported() ? reportedPerSecond : double(lastMinute.value) / 60.0;
    }
    // Who sends on it: its senders, or its one source.
    QStringList sendingComponents() const
    {
        return senders.isEmpty() ? QStringList{source} : senders;
    }

    friend bool operator==(const MapPort &, const MapPort &) = default;
};

// What the window's receiver reads from Redis and where it writes (IngestStats), for the map to
// draw its part: the key, the group and consumer it reads as, and its store.
struct MapReceiver
{
    QString key;      // empty: no receiver runs
    QString type;     // "stream", "list" or "channel"
    QString group;    // a stream's
    QString consumer; // its name in the group, or for its processing list
    QString store;    // where it writes, as IngestStats::sink says it

    friend bool operator==(const MapReceiver &, const MapReceiver &) = default;
};

// A stream or list on the Redis server: the receiver's, or a stream that a consumer group reads.
struct MapStream
{
    QString key;
    QString type;       // "stream", "list" or "channel"
    qint64 length = -1; // entries or elements; -1: not known (a channel keeps none)

    friend bool operator==(const MapStream &, const MapStream &) = default;
};

// A consumer group of a stream with its figures (XINFO GROUPS, and XPENDING's oldest entry).
struct MapGroup
{
    QString stream;
    QString group;
    qint64 lag = -1; // entries not yet delivered to it; -1: Redis cannot tell
    QString lastDeliveredId;
    qint64 pending = 0;
    qint64 oldestIdleMs = -1; // since the oldest pending entry was last delivered; -1: none
    qint64 consumerCount = 0; // all of them, as XINFO GROUPS counts
    QStringList consumers;    // by name, the first few (mapConsumersShown)
    QueueState state = QueueState::Empty; // by its pending entries and their idle time

    friend bool operator==(const MapGroup &, const MapGroup &) = default;
};

// The Redis part of the map: the receiver's key and the streams that have consumer groups.
struct MapRedis
{
    QList<MapStream> streams; // the receiver's first, then by key
    QList<MapGroup> groups;   // by stream and group
    bool complete = true;     // false: more streams than the map looks at (mapStreamsShown), or
                              // more keys than its scan looks at
    QString problem;          // why Redis could not be read; empty when it was

    friend bool operator==(const MapRedis &, const MapRedis &) = default;
};

// The pipeline's components and ports (its topology from port_messages and system_health)
// with each port's figures, as one read at `readAt`; its sinks, and with a Redis server its
// streams and consumer groups and the window's receiver.
struct PipelineMap
{
    QList<MapComponent> components; // by name
    QList<MapPort> ports;           // by name
    QStringList sinks;              // sink_storage's sink names, by name (mapSinksShown at most)
    MapReceiver receiver;
    MapRedis redis;
    QDateTime readAt;          // UTC
    QStringList missingTables; // port_messages or system_health, when the database has none

    const MapComponent *component(const QString &name) const;
    const MapPort *port(const QString &name) const;
    const MapGroup *group(const QString &stream, const QString &group) const;

    friend bool operator==(const PipelineMap &, const PipelineMap &) = default;
};

// How many sinks, streams and consumers of a group the map draws at most: a map is read at a
// glance, and each is a read.
inline constexpr int mapSinksShown = 30;
inline constexpr int mapStreamsShown = 20;
inline constexpr int mapConsumersShown = 8;

// The state of a queue of `pending` messages whose oldest came at `oldestPending`, at `now`.
QueueState queueState(const RowCount &pending, const QDateTime &oldestPending, const QDateTime &now,
                      const QueueThresholds &thresholds);

// Reads the map on `db` (used by the calling thread only). Every figure is a range of an index
// (idx_port_messages_port_status_created, idx_port_messages_port_created, and the skip scans
// of the ports and of the components' heartbeats), counted up to `exactUpTo` and said to be
// "at least" beyond (the default is the stuck threshold's: enough to tell red): its cost grows
// with the ports and the cap, not with the table. Where the pipeline writes port_metrics, each
// port's rate is its messages_sent counter's over the last minute (two probes of
// idx_port_metrics_port a port). Who sends on each port and who receives comes from its
// newest 20 messages, every port's in one statement. Each component's last checkpoint comes
// from the latest checkpoints (idx_checkpoints_latest: a row per checkpoint name), the sinks by
// a skip scan of sink_storage's names. On PostgreSQL the reads are planned as index probes
// (sqlsupport.h's IndexedReads: no sequential or bitmap scan, no JIT compilation).
Result<PipelineMap> readPipelineMap(const QSqlDatabase &db, const QDateTime &now,
                                    std::chrono::milliseconds staleAfter,
                                    const QueueThresholds &thresholds = {},
                                    qint64 exactUpTo = 1000);

} // namespace porthole

Q_DECLARE_METATYPE(porthole::PipelineMap)
