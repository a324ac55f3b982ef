#pragma once

#include "connectionfactory.h"
#include "databaseurl.h"
#include "demotraffic.h"
#include "redisclient.h"
#include "redisurl.h"
#include "storageerror.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <chrono>

namespace porthole {

// The demo pipeline's components, stood in for by `porthole send-demo --db` (docs/PAYLOADS.md,
// "The pipeline stand-in"), so that the demo's queues move as a pipeline's do. At each tick
// every component that runs ends the messages it took at least `hold` before
// (ComponentQueue::finish(): completed, or failed as DemoTraffic::ending() draws), then takes
// up to `batch` of its pending ones (ComponentQueue::take()). After each hop it completed it
// sends the flow's next hop (DemoTraffic::nextHop()), pending, to Redis as the traffic is sent,
// and the receiver stores it as any other. A stopped component takes and ends nothing, so its
// queue grows.
//
// Threads: one thread uses a stand-in, opens its database and Redis connections (open()) and
// destroys it; send-demo runs it on a JobThread of its own, so that a busy SQLite file or Redis
// never holds up the traffic, and takes each tick's report back as a value. Memory: a tick
// reads at most `batch` rows a component, and nothing is kept from one tick to the next but
// the next hops Redis has not taken yet (at most maxUnsentHops, the oldest dropped first). The
// state is the database's, so a stand-in started again goes on where the last one stopped.
class PipelineStandIn
{
public:
    struct Settings
    {
        DatabaseUrl database;
        RedisUrl redis;
        QList<QByteArray> commandPrefix; // what a payload is sent with ("XADD", key, "*", ...)
        quint32 seed = 1;
        std::chrono::milliseconds hold{1000}; // how long a component works on a message
        int batch = 200; // messages a component takes, and ends, in one tick at most
    };

    // What ticks did.
    struct Report
    {
        qint64 taken = 0;
        qint64 completed = 0;
        qint64 failed = 0;
        qint64 leftAlone = 0; // taken, then changed by another writer: left as it was
        qint64 hopsSent = 0;
        QString error; // why the tick stopped short; empty when it did not

        void add(const Report &other);
    };

    static constexpr qsizetype maxUnsentHops = 10000;

    explicit PipelineStandIn(Settings settings);
    ~PipelineStandIn();
    PipelineStandIn(const PipelineStandIn &) = delete;
    PipelineStandIn &operator=(const PipelineStandIn &) = delete;

    // Opens the database, whose schema must be the latest, and connects to Redis.
    Status open();
    // One round of every component of the demo pipeline but those `stopped`, each change
    // stamped with the time it is made; a component in `batches` takes at most that many
    // messages (a slowed consumer) instead of Settings::batch.
    Report tick(const QStringList &stopped, const QHash<QString, int> &batches = {});

private:
    Status work(const QSqlDatabase &db, const QString &component, int batch, Report &report);
    Status sendHops(Report &report);

    Settings m_settings;
    ConnectionFactory m_factory;
    RedisClient m_redis;
    DemoTraffic m_traffic; // for its endings and next hops
    QList<QByteArray> m_unsent;
};

} // namespace porthole
