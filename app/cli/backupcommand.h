#pragma once

#include <QStringList>

namespace porthole {

// porthole backup --db URL --to DIR [--keep N] [--no-verify]
// porthole backup --verify BACKUP [--db URL]
int runBackupCommand(const QStringList &arguments);

// porthole restore --from BACKUP --db URL [--force]
int runRestoreCommand(const QStringList &arguments);

} // namespace porthole
