#pragma once

#include <QStringList>

namespace porthole {

// porthole retention [--db URL] [--files DIR [--archive DIR]] [--keep TABLE=VALUE]...
//                    [--dry-run] [--confirm N]
int runRetentionCommand(const QStringList &arguments);

} // namespace porthole
