#pragma once

#include <QStringList>

namespace porthole {

// porthole timeline --db URL [--from T] [--to T] [--component C] [--port P] [--kind K,...]
//                   [--severity S] [--json]
// Prints what changed in a time range, newest first, as the Timeline pane lists it: alerts,
// operators' actions, heartbeat status changes, silences and restarts, checkpoint and state
// versions, new errors (storage/pipeline/timeline.h).
int runTimelineCommand(const QStringList &arguments);

} // namespace porthole
