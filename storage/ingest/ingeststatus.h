#pragma once

#include "streamgroups.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>

namespace porthole {

// What the ingest worker is doing and has done, as the Ingest pane and `porthole ingest`
// show it. The worker sends these as values from its thread.
enum class IngestState
{
    Stopped,
    Connecting,
    Running,
    Paused,
    Reconnecting,   // Redis is unreachable; trying again with a growing delay
    WaitingForSink, // the store refused the group (locked, full, gone); trying again
    Stopping,
    Failed, // cannot go on (bad configuration, schema); see lastError
    // Redis answers, but the same work fails again and again without progress (no
    // acknowledgement, no empty fetch) over several connections; see lastError. The worker
    // keeps trying, with a growing delay.
    Stalled,
};
// "running", "waiting for the store": as `porthole ingest` and /health say it, in English.
QString ingestStateName(IngestState state);
// The same in the window's language.
QString ingestStateText(IngestState state);

// A snapshot of the worker, sent to whoever shows it.
struct IngestStats
{
    IngestState state = IngestState::Stopped;
    qint64 received = 0;     // deliveries taken from Redis
    qint64 stored = 0;       // stored for the first time
    qint64 acknowledged = 0; // acknowledged to Redis after they were durable
    qint64 deadLettered = 0;
    qint64 duplicates = 0;    // delivered again and stored before: nothing written
    qint64 lostAtSource = 0;  // trimmed by the producer before they were acknowledged
    qint64 sourceResets = 0;  // the stream or its group found gone and made again (Redis lost
                              // its data): what was unread then is lost, uncounted
    double ratePerSecond = 0; // stored + duplicates + dead letters, over the last second or so
    qint64 pending = -1;      // from Redis; -1: not known yet
    qint64 length = -1;
    qint64 oldestPendingAgeMs = -1;
    bool atMostOnce = false; // pub/sub
    QString source;          // "stream orders on redis://127.0.0.1:6379/0"
    QString sink;
    QString key;      // the stream, list or channel
    QString consumer; // this worker's name in the group (stream) or for its processing list
    QString group;    // stream: the consumer group
    QList<StreamConsumer> consumers; // stream: every consumer of the group, this one included
    QString lastError;
    QDateTime lastErrorAt; // UTC
};

} // namespace porthole

Q_DECLARE_METATYPE(porthole::IngestStats)
