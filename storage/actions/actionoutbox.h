#pragma once

#include "portmessageactions.h"
#include "storageerror.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace porthole {

class ReplayPublisher;

// Where an action stands: the rows the outbox holds for it, by how they ended.
struct ActionSummary
{
    qint64 auditId = 0; // the action's audit entry: its id names the action
    ActionKind kind = ActionKind::Replay;
    ReplayTarget target = ReplayTarget::Database;
    qint64 total = 0;     // rows prepared
    qint64 applied = 0;   // done as planned
    qint64 skipped = 0;   // left alone when their turn came (changed meanwhile, now refused)
    qint64 cancelled = 0; // not done: the operator cancelled
    qint64 open() const { return total - applied - skipped - cancelled; }
    bool finished() const { return open() == 0; }
};

// What preparing a plan did.
struct PreparedAction
{
    qint64 auditId = 0;
    qint64 rows = 0; // rows in the outbox for it
    // Acting rows of the plan left out: another action on them is under way, or they changed
    // since the dry run (id and reason).
    QList<std::pair<QString, QString>> leftOut;
};

// What one step of running an action did.
struct ChunkResult
{
    qint64 applied = 0;
    qint64 published = 0;                       // of those applied, published to Redis by this step
    QList<std::pair<QString, QString>> skipped; // id and why
    ActionSummary summary;                      // after the step
};

// The outbox that makes bulk actions safe (nothing lost, nothing doubled):
//
//   1. prepare(): in one transaction the audit entry (who, the selection, the ids) and one
//      outbox row per acting row, with the version the dry run saw. A message with an open
//      outbox row takes no second action until that one is done (a unique index), so a double
//      click or a second window cannot replay it twice.
//   2. runChunk(): takes the next open rows; for a replay to Redis publishes them (at most
//      once per replay id, see ReplayPublisher); then, in one transaction, changes each row
//      whose version is still the one planned and whose change is still allowed (version + 1,
//      its history before and after), and marks its outbox row done, applied or skipped with
//      the reason. When the last row of an action is done, the closing audit entry is written
//      in the same transaction.
//   3. A crash anywhere leaves open rows; openActions() finds them on the next start and
//      runChunk() finishes them, with the same result as if nothing had happened.
//
// What the audit log holds of an action (target_table port_messages):
//   opening entry (prepare): action = the kind's name ("replay", "purge", "restore", "move");
//     filter = {"selection": ActionSelection::toJson(), "options": ActionOptions::toJson()};
//     affected_ids = the prepared ids in plan order; affected_count = their number;
//     before = {"statuses": {status: count}} of the prepared rows; after = what they become
//     (for a replay to the database {"status": "pending", "retry_count": 0 | "kept",
//     "replay_count": "+1"});
//     details = a sentence, naming the rows left out and any loop-guard override.
//   closing entry: action = "<kind> finished" or "<kind> cancelled"; filter =
//     {"action": <opening audit id>}; affected_ids = the applied ids; affected_count = how
//     many; after = {"applied": n, "skipped": {id: reason}, "cancelled": n}; details = a
//     sentence.
// Every applied row gets one port_message_history row: change = the kind's name, audit_id =
// the opening entry, before_data = the row as JSON (portMessageJson()), after_data = the
// columns the action changed (portMessageChanges()); a replay to Redis adds "replayed_to":
// {"key": K, "replay_id": R} to after_data.
//
// Used by one thread (its connection's).
class ActionOutbox
{
public:
    explicit ActionOutbox(QSqlDatabase db);
    // Whether its database connection is still open: a lost one does not come back by itself.
    bool isConnected() const { return m_db.isOpen(); }

    // ratePerSecond (0: none) is kept with the action, in its opening audit entry's filter as
    // "rate_per_second": whoever finishes the action (a later run, a window after a crash, a
    // second runner) runs it at that pace too (rateOf()).
    Result<PreparedAction> prepare(const ActionPlan &plan, const QString &actor = {},
                                   double ratePerSecond = 0);
    // Up to `limit` open rows of the action, oldest first. `publisher` is needed for a replay
    // to Redis (InvalidArgument without); a publish that fails leaves the rows open and
    // returns its error (ConnectionLost: wait and call again).
    Result<ChunkResult> runChunk(qint64 auditId, int limit, ReplayPublisher *publisher = nullptr);
    // Marks the action's open rows cancelled and writes the closing audit entry.
    Result<ActionSummary> cancel(qint64 auditId, const QString &actor = {});
    Result<ActionSummary> summary(qint64 auditId) const;
    // Actions with open rows, oldest first: what a crash left, to be finished.
    Result<QList<ActionSummary>> openActions() const;
    // The Redis URL a replay to Redis was prepared with (no password), for recovery.
    Result<QString> redisUrlOf(qint64 auditId) const;
    // The options an action was prepared with, from its opening audit entry.
    Result<ActionOptions> optionsOf(qint64 auditId) const;
    // The messages a second the action was prepared with; 0 when it has no limit.
    Result<double> rateOf(qint64 auditId) const;

private:
    // The opening audit entry of an action: its kind's name and its filter (options, rate).
    struct Opening
    {
        QString action;
        QJsonObject filter;
    };
    Result<Opening> openingOf(qint64 auditId) const;

    Result<PreparedAction> prepareOnce(const ActionPlan &plan, const QString &actor,
                                       double ratePerSecond);
    // In prepareOnce()'s transaction: the outbox rows of the action opened by entry `auditId`.
    Status writeOutboxRows(qint64 auditId, const ActionOptions &options,
                           const QList<const PlannedRow *> &rows);
    // After a step's changes, in its transaction: the action's counts, and its closing entry
    // when nothing is left open.
    Result<ActionSummary> stepSummary(qint64 auditId, const ActionOptions &options,
                                      const ChunkResult &step);
    // The closing audit entry: "<kind> finished" or "<kind> cancelled".
    Status close(const ActionSummary &summary, const ActionOptions &options, const QString &how,
                 const QString &actor);

    QSqlDatabase m_db;
    SqlEngine m_engine;
    // Each action's counts as this outbox last knew them, carried on from step to step.
    QHash<qint64, ActionSummary> m_known;
};

} // namespace porthole

Q_DECLARE_METATYPE(porthole::ActionSummary)
