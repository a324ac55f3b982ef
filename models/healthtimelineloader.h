#pragma once

#include "connectionfactory.h"
#include "healthrepository.h"
#include "workerthread.h"

#include <QMetaType>
#include <QObject>

#include <atomic>
#include <chrono>
#include <memory>

namespace porthole {

class HealthTimelineReader;

// Reads the Health history pane's timeline, the last hour of heartbeats (or the last hour the
// data holds: HealthRepository::recentTimeline()), on a thread and a connection of its own.
// Only the answer to the latest request is given: a request asked while one runs replaces any
// other waiting.
class HealthTimelineLoader : public QObject
{
    Q_OBJECT

public:
    static constexpr std::chrono::seconds span = std::chrono::hours(1);

    explicit HealthTimelineLoader(ConnectionFactory factory, QObject *parent = nullptr);
    ~HealthTimelineLoader() override;

    // Every component's timeline, or `component`'s.
    void load(const QString &component);

Q_SIGNALS:
    void loaded(const porthole::HealthTimelineData &data);
    void failed(const QString &message);

private:
    // The ticket of the latest request, which the reader checks before it reads.
    std::shared_ptr<std::atomic<quint64>> m_latest;
    WorkerThread m_thread;
    HealthTimelineReader *m_reader = nullptr; // lives on m_thread
};

} // namespace porthole

Q_DECLARE_METATYPE(porthole::HealthTimelineData)
