#pragma once

#include "databaseurl.h"
#include "redisurl.h"
#include "sourceprobe.h"

#include <QDateTime>
#include <QFutureWatcher>
#include <QList>
#include <QObject>

#include <optional>

namespace porthole {

// Checks the data sources off the GUI thread and reports what it found. One check at a
// time; a refresh asked for while one runs is done once it ends. Results of a check
// started before the sources changed are dropped.
class SourceProbeService : public QObject
{
    Q_OBJECT

public:
    explicit SourceProbeService(QObject *parent = nullptr);
    ~SourceProbeService() override;

    void setSources(const DatabaseUrl &database, const QString &batchDirectory,
                    const std::optional<RedisUrl> &redis);
    // The sources as they are known before any check.
    QList<SourceStatus> uncheckedStatuses() const;
    // True from refresh() until its result has been handled (not merely computed).
    bool isChecking() const { return m_checking; }

public Q_SLOTS:
    void refresh();

Q_SIGNALS:
    void statusesReady(const QList<porthole::SourceStatus> &statuses, const QDateTime &checkedAt);

private:
    void onFinished();

    DatabaseUrl m_database;
    QString m_batchDirectory;
    std::optional<RedisUrl> m_redis;
    quint64 m_generation = 0;
    quint64 m_runningGeneration = 0;
    bool m_checking = false;
    bool m_refreshPending = false;
    QFutureWatcher<QList<SourceStatus>> m_watcher;
};

} // namespace porthole
