#pragma once

#include "connectionfactory.h"
#include "healthrepository.h"
#include "latestread.h"

#include <QMetaType>
#include <QObject>

#include <chrono>

namespace porthole {

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

    // Every component's timeline, or `component`'s.
    void load(const QString &component);

Q_SIGNALS:
    void loaded(const porthole::HealthTimelineData &data);
    void failed(const QString &message);

private:
    LatestRead m_read;
};

} // namespace porthole

Q_DECLARE_METATYPE(porthole::HealthTimelineData)
