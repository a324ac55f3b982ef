#pragma once

#include "ledger.h"

#include <QJsonObject>
#include <QString>

namespace porthole {

// How the ledger reads, in the window, the report and on the command line.

// Why a period does not balance, naming the figures that disagree: "60 added, but 58 stored
// + 2 dead letters + backlog -2 + 0 lost at source = 58: 2 more added than accounted for
// (allowed: 0 more added, 3 more accounted for)". Empty for a period that balances or is not
// judged.
QString ledgerDisagreement(const LedgerPeriod &period);

// A period's start as the ledger names it, in UTC: "2026-11-29 17:00", a day "2026-11-29".
QString ledgerPeriodText(const QDateTime &start, LedgerGrain grain);

// Whether a period is judged, in a word or two: "balances", "does not balance", "not sampled",
// "not judged" (a list, or a lag Redis did not know), "not judged: stream made anew at 17:21".
QString ledgerVerdict(const LedgerPeriod &period);

// The ledger as `porthole ledger --json` writes it: the stream, the group, each period with
// its figures, its imbalance, what is allowed and whether it balances, and the total.
QJsonObject ledgerJson(const Ledger &ledger);

} // namespace porthole
