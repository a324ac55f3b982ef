#pragma once

#include "connectionfactory.h"
#include "databaseurl.h"
#include "healthrepository.h"
#include "paging.h"
#include "sqltypes.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <chrono>

namespace porthole {

// How many port messages have one status.
struct StatusTally
{
    QString status;
    RowCount count;

    friend bool operator==(const StatusTally &, const StatusTally &) = default;
};

// The pipeline's state as the Overview shows it, read in one go.
struct PipelineSnapshot
{
    QList<HealthRecord> components;  // the latest heartbeat of each, stale ones flagged
    QList<StatusTally> portMessages; // by status, in PortMessageRepository::statuses() order
    RowCount deadLetters;            // the dead_letter_queue set
    RowCount newDeadLetters;         // ... of the messages created in the hour before readAt
    QDateTime oldestDeadLetter;      // its oldest created_at (UTC); invalid when there is none
    QDateTime readAt;                // UTC
    QString problem; // why it could not be read (no database, an old schema); empty when read
    // system_health or port_messages when the database has no such table (a pipeline's own,
    // attached read-only): that part is left empty.
    QStringList missingTables;

    friend bool operator==(const PipelineSnapshot &, const PipelineSnapshot &) = default;
};

// Reads the snapshot on a connection of its own, opened and closed on the calling thread, so
// it runs on any worker thread. Counts beyond `exactUpTo` rows are estimated and say so; a
// component whose last heartbeat is more than `staleAfter` before `now` is flagged.
PipelineSnapshot readPipelineSnapshot(const DatabaseUrl &url, const QDateTime &now,
                                      std::chrono::milliseconds staleAfter,
                                      qint64 exactUpTo = 100000,
                                      const ConnectionSettings &settings = {});
// The same on a connection the caller holds (used only by the calling thread).
PipelineSnapshot readPipelineSnapshot(const QSqlDatabase &db, const QDateTime &now,
                                      std::chrono::milliseconds staleAfter,
                                      qint64 exactUpTo = 100000);

} // namespace porthole

Q_DECLARE_METATYPE(porthole::PipelineSnapshot)
