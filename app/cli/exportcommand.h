#pragma once

#include <QStringList>

namespace porthole {

// porthole export --db URL --table NAME [--where-status S,...] [--port P,...] [--from T]
//                 [--to T] [--text TEXT] [--columns C,...] [--sort COLUMN [--descending]]
//                 [--format csv|json|jsonl] [--bom] --out FILE
// Writes a table's rows that match the filter, as the panes' Export does (writeExport()).
int runExportCommand(const QStringList &arguments);

} // namespace porthole
