#pragma once

#include <QStringList>

namespace porthole {

// `porthole replay`: replays port messages to the database or to Redis, after a dry run.
int runReplayCommand(const QStringList &arguments);
// `porthole purge`: purges (soft deletes) port messages, restores them, or deletes purged
// ones for good.
int runPurgeCommand(const QStringList &arguments);

} // namespace porthole
