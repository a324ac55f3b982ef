#pragma once

#include <QStringList>

namespace porthole {

// porthole ingest --redis URL --mode stream|list|pubsub --key KEY [--group G --consumer C]
//                 --sink URL [--db URL] [...]: the receiver without a display, until SIGINT
//                 or SIGTERM.
int runIngestCommand(const QStringList &arguments);

} // namespace porthole
