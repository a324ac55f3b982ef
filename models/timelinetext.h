#pragma once

#include "timeline.h"

#include <QJsonArray>
#include <QString>

namespace porthole {

// How a timeline's change reads, in the window, the report and on the command line.

// The kind as a person names it: "Alert", "Heartbeats stopped", "New error"...
QString changeKindTitle(ChangeKind kind);

// What happened, in one line: "order-router: healthy → degraded", "replay by alice: 2 rows
// of port_messages", "order-router stopped beating: silent for 4 min so far (beats every
// 10 s)". A silence that goes on is measured to `now`.
QString changeText(const Change &change, const QDateTime &now);

// What it concerns: its component, its port, or both ("orders → billing").
QString changeSubject(const Change &change);

// The changes as `porthole timeline --json` writes them: each with its time, kind, severity,
// component, port, text, until (a silence's end) and details.
QJsonArray timelineJson(const QList<Change> &changes, const QDateTime &now);

} // namespace porthole
