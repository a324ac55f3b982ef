#pragma once

#include <QStringList>

namespace porthole {

// porthole batches [--dir DIR] [--json] | --check [--json] | --export-json ID|all [--out FILE]
int runBatchesCommand(const QStringList &arguments);

} // namespace porthole
