#pragma once

#include "alerthistory.h"
#include "auditlog.h"
#include "timechart.h"

#include <QList>

namespace porthole {

// What the Metrics charts mark on their time axis, oldest first: each operator's action a
// dotted line in the actions' red, "replay 12" (the action and the rows it changed); each
// alert's change a line in its state's colour (AlertStatusModel's), solid with "▲ rule:
// subject" when it fired, dashed with "✓ …" when it resolved.
QList<ChartMarker> chartMarkers(const QList<AuditEntry> &actions,
                                const QList<AlertHistoryEntry> &alerts);

} // namespace porthole
