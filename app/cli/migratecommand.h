#pragma once

#include <QStringList>

namespace porthole {

// porthole migrate --db URL [status | up [VERSION] | down N]
int runMigrateCommand(const QStringList &arguments);

} // namespace porthole
