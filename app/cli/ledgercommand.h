#pragma once

#include <QStringList>

namespace porthole {

// porthole ledger --db URL [--from T] [--to T] [--by hour|day] [--key KEY] [--group G]
//                 [--files DIR] [--json]
// Prints the ledger of the receiver's stream, period by period: entries added, delivered,
// acknowledged, stored, dead letters, duplicates, lost at source and the backlog, and whether
// each period balances (storage/pipeline/ledger.h); with --files, the batch-file store's
// gaps and damaged lines. Exits with ExitUnbalanced (4) when a period does not balance or the
// store has either.
int runLedgerCommand(const QStringList &arguments);

// The exit code of a ledger with a period that does not balance.
inline constexpr int ExitUnbalanced = 4;

} // namespace porthole
