#pragma once

#include "storageerror.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QSqlDatabase>
#include <QString>

#include <chrono>
#include <optional>

namespace porthole {

// The ledger: for the receiver's stream (or list), period by period, what Redis took in and
// where each entry went (docs/RELIABILITY.md, "The ledger"). Each figure and where it comes
// from, exact where it can be:
//
//   added          entries added to the stream: entries-added of XINFO STREAM, the group's
//                  samples (backlog_samples) at the period's opening and closing slots, the
//                  difference; a list does not count what was pushed, so none for a list
//   delivered      added less the change of the group's lag (the samples)
//   acknowledged   delivered less the change of the group's pending count (the samples)
//   stored         rows counted in the database: `messages` (source = the key, by its
//                  timestamp, when the receiver took the entry) and `ingest_deliveries` (every
//                  other row and every batch-file line, by delivery key, by stored_at), less
//                  the dead letters among them
//   lines written  of the stored, the batch-file lines (ingest_deliveries, sink 'file')
//   dead letters   port_messages on the key's port from 'redis': the receiver's (to
//                  'porthole-ingest') and those an operator moved from the group (to the group)
//   duplicates,    the receiver's own counters in its heartbeats (system_health,
//   lost at source receiver:KEY[/CONSUMER]): what each heartbeat adds to the one before of the
//                  same start, assigned to the period the heartbeat falls in
//   backlog        the group's lag + pending at the opening and closing slots (a list: its
//                  length + its processing lists')
//
// A period balances when added = stored + dead letters + (backlog at its close - backlog at
// its opening) + lost at source, within the tolerance of LedgerPeriod::allowedOver() and
// allowedUnder(), which says why.
enum class LedgerGrain
{
    Hour,
    Day,
};

QString ledgerGrainName(LedgerGrain grain); // "hour", "day"
std::optional<LedgerGrain> ledgerGrainNamed(const QString &name);

struct LedgerRequest
{
    QDateTime from; // UTC; the periods are whole hours (days) from `from` floored
    QDateTime to;   // the last period is the one `to` falls in (when `to` is not its start)
    LedgerGrain grain = LedgerGrain::Hour;
    QString key;   // the receiver's stream or list; empty: the one the receiver was sampled on
    QString group; // its consumer group; empty: the only group of the stream sampled, or the
                   // one the receiver's heartbeat names
    // How long after its slot a sampling's reads may go on (BacklogSamplerOptions::budget): the
    // rows stamped within it may already be in the sample's figures.
    std::chrono::seconds readAllowance{5};
};

// One period's figures. A figure of the samples is none when the period has no sample.
struct LedgerPeriod
{
    QDateTime start; // the hour or day
    QDateTime end;
    // The samples the figures are between: the first slot in the period, and the first slot
    // at or after its end (else the last in it). Rows are counted in [openedAt, closedAt), so
    // the periods of a ledger follow one another without a gap or an overlap.
    QDateTime openedAt;
    QDateTime closedAt;
    std::optional<qint64> added;
    std::optional<qint64> delivered;
    std::optional<qint64> acknowledged;
    qint64 stored = 0;
    qint64 linesWritten = 0;
    qint64 deadLetters = 0;
    qint64 duplicates = 0;
    qint64 lostAtSource = 0;
    qint64 backlogAtOpening = 0; // lag + pending
    qint64 backlogAtClose = 0;
    qint64 pendingAtOpening = 0; // the group's pending alone
    qint64 pendingAtClose = 0;
    qint64 lateAtOpening = 0; // rows stamped within readAllowance after the opening slot
    qint64 lateAtClose = 0;
    // The slot of the first sample after the stream was made anew within the period (its
    // entries-added fell: Redis restarted without its data, or the stream was deleted and
    // made again). What was added before the reset and not sampled is not known: the period
    // is not judged (no `added`), and says when.
    QDateTime resetAt;

    bool sampled() const { return openedAt.isValid() && closedAt.isValid(); }
    // added - (stored + dead letters + backlog change + lost at source); none without `added`.
    std::optional<qint64> imbalance() const;
    // How far `imbalance()` may be from 0 and the period still balance, and why. An entry
    // taken before a slot and not yet acknowledged at it is both a row before the slot and
    // pending at it: at the opening such rows make the imbalance larger, at the close smaller,
    // never by more than the group's pending there. A sampling reads a few milliseconds after
    // its slot (at most readAllowance): what was stored and acknowledged in between is in its
    // figures and among the next period's rows, and entries added between its read of the
    // group and of the stream are added without being in the backlog; both are counted as the
    // rows stamped, or of entries added, within readAllowance after the slot.
    qint64 allowedOver() const { return pendingAtOpening + lateAtClose; }
    qint64 allowedUnder() const { return pendingAtClose + lateAtOpening; }
    // Sampled, with `added`, and the imbalance within the tolerance; a period that cannot be
    // judged (no sample, a list) is not unbalanced.
    bool unbalanced() const;
};

// The periods begin with the first one sampled in the range (every period of the range when
// none is): those before it only say that nothing was sampling yet.
struct Ledger
{
    QString key;
    QString group;     // empty for a list
    bool list = false; // the receiver reads a list
    LedgerGrain grain = LedgerGrain::Hour;
    QList<LedgerPeriod> periods;
    LedgerPeriod total; // from the first sampled period's opening to the last one's close

    qsizetype unbalancedCount() const;
};

// The batch-file store beside the ledger's lines written: its integrity check's gaps (batch
// files and message numbers missing) and damaged lines (lines that are not messages, files
// that cannot be read or are too large to be batch files).
struct LedgerBatchFiles
{
    qint64 files = 0;
    qint64 lines = 0; // well-formed lines in them
    qint64 gaps = 0;
    qint64 damaged = 0;

    bool clean() const { return gaps == 0 && damaged == 0; }
};

Result<LedgerBatchFiles> checkLedgerBatchFiles(const QString &directory);

// Reads the ledger of `request` on `db` (on the calling thread): a few indexed range counts
// per period, and the samples and heartbeats of the range. Fails when no receiver was sampled
// in the range and none is named, or the stream has several groups and none is named.
Result<Ledger> readLedger(const QSqlDatabase &db, const LedgerRequest &request);

// How far back keepLedgerCounts() keeps the hours it counts: a week of hours, 168.
inline constexpr int keptLedgerDays = 7;
// How long after its end an hour is first kept: a row the receiver stamps with the time it took
// the entry may be stored later (a group retried while its store was down), and the clocks of
// the worker, the database and the window may be apart.
inline constexpr std::chrono::seconds ledgerKeptAfter{3600};

// Counts and keeps in ledger_counts (migration 29) up to `most` hours of the last
// keptLedgerDays that ended ledgerKeptAfter before `now` and are not kept yet, the latest first
// (when all are, counts again the one counted longest ago), for the stream or list `key` (empty:
// the receiver sampled last in the last hour); what readLedger() then reads instead of counting
// them. A row of a kept hour deleted or changed later drops it (the migration's triggers). The
// backlog history's sampler calls it after each sampling. Returns how many hours it counted:
// none when nothing was sampled, or the database has no ledger_counts.
Result<int> keepLedgerCounts(const QSqlDatabase &db, const QDateTime &now, const QString &key,
                             int most);

} // namespace porthole

Q_DECLARE_METATYPE(porthole::Ledger)
