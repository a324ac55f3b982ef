#include "sourceprobeservice.h"

#include "repeatgap.h"

#include <QtConcurrent/QtConcurrentRun>

namespace porthole {

SourceProbeService::SourceProbeService(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<porthole::SourceStatus>();
    qRegisterMetaType<QList<porthole::SourceStatus>>();
    qRegisterMetaType<porthole::StreamGroupScan>();
    connect(&m_watcher, &QFutureWatcherBase::finished, this, &SourceProbeService::onFinished);
    m_gap.setSingleShot(true);
    connect(&m_gap, &QTimer::timeout, this, &SourceProbeService::start);
}

SourceProbeService::~SourceProbeService()
{
    // The task copies what it needs, but it must not outlive the service that started it.
    m_watcher.disconnect(this);
    m_watcher.waitForFinished();
}

void SourceProbeService::setSources(const DatabaseUrl &database, const QString &batchDirectory,
                                    const std::optional<RedisUrl> &redis, bool readOnly)
{
    m_database = database;
    m_databaseSettings.readOnly = readOnly;
    m_batchDirectory = batchDirectory;
    m_redis = redis;
    ++m_generation;
}

QList<SourceStatus> SourceProbeService::uncheckedStatuses() const
{
    QList<SourceStatus> statuses{
        {SourceStatus::Kind::Database,
         m_database.toDisplayString(),
         SourceStatus::State::Unknown,
         {}},
        {SourceStatus::Kind::BatchFiles, m_batchDirectory, SourceStatus::State::Unknown, {}},
    };
    if (m_redis)
        statuses.append({SourceStatus::Kind::Redis,
                         m_redis->toDisplayString(),
                         SourceStatus::State::Unknown,
                         {}});
    return statuses;
}

void SourceProbeService::refresh()
{
    Q_ASSERT(QThread::currentThread() == thread());
    // The watcher's own isRunning() turns false when the task ends, before its finished
    // signal is handled; starting another task then would drop that result.
    if (m_checking) {
        m_refreshPending = true;
        return;
    }
    if (m_gap.isActive() && m_runningGeneration == m_generation)
        return; // the check waiting for the gap will do
    // After a check of these sources, the next waits for the gap; new sources do not.
    const qint64 wait = m_runningGeneration == m_generation && m_checkClock.isValid()
                            ? repeatGapAfter(m_tookMs) - m_checkClock.elapsed()
                            : 0;
    if (wait > 0) {
        m_gap.start(int(wait));
        return;
    }
    start();
}

void SourceProbeService::start()
{
    m_gap.stop();
    m_checkClock.start();
    m_checking = true;
    m_refreshPending = false;
    m_runningGeneration = m_generation;
    m_watcher.setFuture(QtConcurrent::run([database = m_database, settings = m_databaseSettings,
                                           batchDirectory = m_batchDirectory, redis = m_redis,
                                           staleAfter = m_staleAfter] {
        Check check;
        check.statuses = {probeDatabase(database, settings), probeBatchStore(batchDirectory)};
        if (redis)
            check.statuses.append(probeRedis(*redis, &check.groups));
        check.pipeline = readPipelineSnapshot(database, QDateTime::currentDateTimeUtc(), staleAfter,
                                              100000, settings);
        return check;
    }));
}

void SourceProbeService::onFinished()
{
    m_checking = false;
    m_tookMs = m_checkClock.elapsed();
    m_checkClock.start();
    if (m_runningGeneration == m_generation) {
        const Check check = m_watcher.result();
        Q_EMIT statusesReady(check.statuses, QDateTime::currentDateTimeUtc());
        Q_EMIT pipelineReady(check.pipeline);
        if (m_redis)
            Q_EMIT consumerGroupsReady(check.groups);
    }
    if (m_refreshPending || m_runningGeneration != m_generation)
        refresh();
}

} // namespace porthole
