#pragma once

#include <QStringList>

namespace porthole {

// porthole generate --db URL [--port-messages N] [--metrics N] [--port-metrics N]
//                   [--sensor-readings N] [--checkpoints N] [--health N] [--days D] [--seed S]
int runGenerateCommand(const QStringList &arguments);

} // namespace porthole
