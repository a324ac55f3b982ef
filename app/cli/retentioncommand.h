#pragma once

#include <QStringList>

namespace porthole {

// porthole retention --db URL [--keep TABLE=VALUE]... [--dry-run] [--confirm N]
int runRetentionCommand(const QStringList &arguments);

} // namespace porthole
