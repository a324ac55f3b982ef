#include "receiverheartbeat.h"

#include "fallbacktable.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace porthole {

QString receiverComponentName(const QString &key, const QString &namedConsumer)
{
    QString name = u"receiver:"_s + key;
    if (!namedConsumer.isEmpty())
        name += u'/' + namedConsumer;
    return name;
}

QString receiverHealthStatus(IngestState state)
{
    switch (state) {
    case IngestState::Connecting:
    case IngestState::Running:
    case IngestState::Paused:
    case IngestState::Stopping:
        return u"healthy"_s;
    case IngestState::Reconnecting:
    case IngestState::WaitingForSink:
        return u"degraded"_s;
    case IngestState::Stalled:
    case IngestState::Failed:
        return u"unhealthy"_s;
    case IngestState::Stopped:
        break;
    }
    return u"unknown"_s;
}

Heartbeat receiverHeartbeat(const QString &component, const WorkerHealth &health)
{
    const QString status = receiverHealthStatus(health.stats.state);
    QJsonObject details = health.toJson();
    // To the millisecond: a receiver stopped and started again within a second is restarted.
    details.insert(u"started_at"_s, health.startedAt.toUTC().toString(Qt::ISODateWithMs));
    if (status != u"healthy"_s) {
        // The last error is why only in a state an error brings about; it stays after one.
        const IngestState state = health.stats.state;
        const bool troubled = state != IngestState::Stopped;
        details.insert(u"reason"_s, troubled && !health.stats.lastError.isEmpty()
                                        ? health.stats.lastError
                                        : ingestStateName(state));
    }
    return {.componentName = component,
            .status = status,
            .details = QJsonDocument(details).toJson(QJsonDocument::Compact),
            .time = {}};
}

Status recordReceiverHeartbeat(const QSqlDatabase &db, const Heartbeat &beat)
{
    if (!hasTable(db, u"system_health"_s)) // the catalog's answer is kept with the connection
        return success();
    auto recorded = HealthRepository(db).record(beat);
    if (!recorded)
        return recorded.error();
    return success();
}

} // namespace porthole
