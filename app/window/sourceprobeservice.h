#pragma once

#include "databaseurl.h"
#include "pipelinesnapshot.h"
#include "redisurl.h"
#include "sourceprobe.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QList>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <optional>

namespace porthole {

// Checks the data sources off the GUI thread, reads the pipeline's state from the database,
// and reports what it found. One check at a time; a refresh asked for while one runs is done
// once it ends, and one asked for after it once repeatGapAfter() its time has passed since it
// ended: the pipeline's counts grow with its tables (each stops at 100,000 rows, but six of them
// walk an index each), and a check that takes longer than the Overview's refresh interval would
// otherwise run back to back, a core's worth. So checks take a tenth of a core at most. New
// sources are checked at once. Results of a check started before the sources changed are
// dropped.
class SourceProbeService : public QObject
{
    Q_OBJECT

public:
    explicit SourceProbeService(QObject *parent = nullptr);
    ~SourceProbeService() override;

    // `readOnly`: the database is attached read-only, and its probes open it so.
    void setSources(const DatabaseUrl &database, const QString &batchDirectory,
                    const std::optional<RedisUrl> &redis, bool readOnly = false);
    // The sources as they are known before any check.
    QList<SourceStatus> uncheckedStatuses() const;
    // True from refresh() until its result has been handled (not merely computed).
    bool isChecking() const { return m_checking; }
    // A refresh waits for the gap after the last check.
    bool isWaiting() const { return m_gap.isActive(); }

public Q_SLOTS:
    void refresh();

    // A component whose last heartbeat is older than this is flagged as stale.
    void setStaleAfter(std::chrono::milliseconds staleAfter) { m_staleAfter = staleAfter; }
    std::chrono::milliseconds staleAfter() const { return m_staleAfter; }

Q_SIGNALS:
    void statusesReady(const QList<porthole::SourceStatus> &statuses, const QDateTime &checkedAt);
    // The pipeline as the database shows it, read in the same check.
    void pipelineReady(const porthole::PipelineSnapshot &snapshot);
    // The consumer groups of the Redis server's streams, read in the same check (none when
    // no Redis server is set).
    void consumerGroupsReady(const porthole::StreamGroupScan &scan);

private:
    void start();
    void onFinished();

    DatabaseUrl m_database;
    ConnectionSettings m_databaseSettings;
    QString m_batchDirectory;
    std::optional<RedisUrl> m_redis;
    quint64 m_generation = 0;
    quint64 m_runningGeneration = 0;
    bool m_checking = false;
    bool m_refreshPending = false;
    struct Check
    {
        QList<SourceStatus> statuses;
        PipelineSnapshot pipeline;
        StreamGroupScan groups;
    };

    std::chrono::milliseconds m_staleAfter{60000};
    QFutureWatcher<Check> m_watcher;
    QElapsedTimer m_checkClock; // the check under way, then since the last ended
    qint64 m_tookMs = 0;        // the last check
    QTimer m_gap;
};

} // namespace porthole
