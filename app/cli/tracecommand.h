#pragma once

#include <QStringList>

namespace porthole {

// porthole trace ID --db URL [--keys K,...] [--cause-keys K,...] [--json]
// Prints the journey of the message ID names (a port message's id, a trace, correlation or
// message id), as the Journey pane shows it: each hop with its times and status, the
// operators' changes, and what is wrong where.
int runTraceCommand(const QStringList &arguments);

} // namespace porthole
