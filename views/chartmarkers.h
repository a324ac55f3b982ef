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

// A run of markers under one label: the first (in the order given, which is by x) and how
// many. A marker starts a new run when it lies right of the label before it.
struct MarkerRun
{
    qsizetype first = 0;
    qsizetype count = 1;
    friend bool operator==(const MarkerRun &, const MarkerRun &) = default;
};
QList<MarkerRun> markerRuns(const QList<double> &xs, const QList<double> &labelWidths);

} // namespace porthole
