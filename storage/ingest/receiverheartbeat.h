#pragma once

#include "healthrepository.h"
#include "ingeststatus.h"
#include "storageerror.h"
#include "workerhealth.h"

#include <QSqlDatabase>
#include <QString>

namespace porthole {

// The receiver as a component of the pipeline: it beats into system_health as the other
// components do, so that its stalls, its silences (a crash, a kill, a store it cannot reach)
// and its restarts show where theirs do: Health, the pipeline map, the incident timeline.

// The component a receiver beats as: "receiver:KEY", with "/CONSUMER" after it when the
// consumer was named (the default name, the host and the process id, changes at each start,
// and a restart must stay the same component's).
QString receiverComponentName(const QString &key, const QString &namedConsumer);

// The health_status of a receiver in `state`: healthy while it receives (or is paused or
// stopping on purpose), degraded while it reconnects or the store refuses a group, unhealthy when
// it is stalled or has failed, unknown once it has stopped.
QString receiverHealthStatus(IngestState state);

// The heartbeat of a receiver: its status, and what its /health says as the details (state,
// started_at, uptime_seconds, counts), with its last error as "reason" when it is not healthy.
Heartbeat receiverHeartbeat(const QString &component, const WorkerHealth &health);

// Writes a receiver's heartbeat into the database's system_health; success without writing
// when the database has none (a pipeline's own that keeps no heartbeats).
Status recordReceiverHeartbeat(const QSqlDatabase &db, const Heartbeat &beat);

} // namespace porthole
