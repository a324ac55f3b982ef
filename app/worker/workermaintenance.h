#pragma once

#include "connectionfactory.h"
#include "databaseurl.h"
#include "workermaintenanceconfig.h"

#include <QObject>
#include <QTimer>

#include <atomic>
#include <chrono>
#include <optional>

namespace porthole {

// The worker's scheduled maintenance, off the ingest path: a backup of its database
// (storage/care/backup.h) and the retention rules (storage/care/retention.h), each every so often
// as the configuration's backup: and retention: sections say. It lives on a thread of its own,
// given by its owner, with connections of its own: a backup or a deletion of millions of rows never
// holds the receiver up (SQLite: the backup reads one snapshot in WAL mode, retention deletes in
// short batches). A backup is due one interval after the newest one of the database in its
// folder (at start when there is none), so a restart neither repeats nor puts it off; retention
// runs at start, then every interval. Every run is reported by ran(), for the log.
class WorkerMaintenance : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        DatabaseUrl database;
        ConnectionSettings connection;
        std::optional<WorkerBackupConfig> backup;
        std::optional<WorkerRetentionConfig> retention;
    };

    explicit WorkerMaintenance(Options options, QObject *parent = nullptr);

    bool hasWork() const { return m_options.backup || m_options.retention; }
    // From any thread: a run under way stops at its next step or batch, none starts again.
    void requestStop() { m_stopped = true; }

public Q_SLOTS:
    // On the object's thread.
    void start();
    // Stops the timers; a SQLite backup under way stops at its next step, a retention run after
    // its batch under way.
    void stop();
    // One run now (the timers call these).
    void runBackup();
    void runRetention();

Q_SIGNALS:
    // job: "backup" or "retention"; message: what was done, or why it failed.
    void ran(const QString &job, bool ok, const QString &message);

private:
    std::chrono::milliseconds firstBackupIn() const;

    Options m_options;
    QTimer *m_backupTimer = nullptr;
    QTimer *m_retentionTimer = nullptr;
    std::atomic_bool m_stopped = false;
};

} // namespace porthole
