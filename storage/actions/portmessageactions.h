#pragma once

#include "portmessagejson.h"
#include "portmessagerepository.h"
#include "storageerror.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>
#include <utility>

namespace porthole {

// What an operator does to port messages from the Queues and Dead letters panes and from
// `porthole replay` / `porthole purge`.
enum class ActionKind
{
    Replay,  // back to pending in the database, or published to Redis again
    Purge,   // soft delete: deleted_at set, undoable (Restore)
    Restore, // a purged row back
    Move,    // to another port
};
QString actionName(ActionKind kind); // "replay", "purge", "restore", "move"
std::optional<ActionKind> actionKindFromName(const QString &name);

enum class ReplayTarget
{
    Database, // status back to pending (the pipeline takes it up again)
    Redis,    // the payload published again, with a replay id
};

struct ActionOptions
{
    ActionKind kind = ActionKind::Replay;
    // Replay.
    ReplayTarget target = ReplayTarget::Database;
    // Replay to Redis: the server, as shown (never with its password), and the key to publish
    // to; "{port}" stands for the row's port name.
    QString redisUrl;
    QString redisKey = QStringLiteral("{port}");
    // Replay to the database: retry_count back to 0 (else kept as it is).
    bool resetRetries = true;
    // Replay: a row replayed this often already is skipped (the loop guard)...
    int replayBudget = 3;
    // ...unless the operator overrides it; the override is audited.
    bool overrideBudget = false;
    // Move: the port the rows go to.
    QString toPort;

    // The options as the audit log records them.
    QJsonObject toJson() const;
};

// What an action acts on: exactly the rows named, or every row a filter matches, narrowed by a
// test the caller may add (the Dead letters pane's error signature).
struct ActionSelection
{
    QStringList ids; // when not empty, these rows and no others
    PortMessageFilter filter;
    std::function<bool(const PortMessage &)> matches; // optional
    // How the operator said it, for the audit log: "group: timeout after <n>s", "3 selected".
    QString description;

    // The selection as the audit log records it (ids, or the filter and description).
    QJsonObject toJson() const;
};

// One row of a dry run: the row as it was read, and what the action makes of it, or why the
// action leaves it alone.
struct PlannedRow
{
    PortMessage before;
    PortMessage after;       // equal to before when skipped
    QString skipReason;      // empty: acted on
    bool overBudget = false; // acted on only because the loop guard was overridden

    bool acts() const { return skipReason.isEmpty(); }
};

// A dry run: every row the selection holds at preview time, each acted on or skipped with its
// reason. Running the plan acts on exactly the rows it shows acting (the ids are frozen);
// rows that arrived afterwards are never touched.
struct ActionPlan
{
    ActionOptions options;
    QJsonObject selection; // ActionSelection::toJson()
    QList<PlannedRow> rows;
    QDateTime plannedAt;
    // More rows matched than a plan may hold: the plan holds the first `limit` of them.
    bool truncated = false;

    qint64 actCount() const;
    qint64 skipCount() const;
    qint64 overBudgetCount() const;
    QStringList actingIds() const;
    // Why rows are skipped, each reason with how many, most frequent first.
    QList<std::pair<QString, qint64>> skipReasons() const;
};

// The one rule of what an action does to a row as it is now: the row it becomes, or a refusal
// in a sentence for the operator. Status changes follow StatusTransitions; besides, no action
// but a restore takes a purged row, and none takes a row a worker is processing (the
// pipeline claims rows without raising their version, so only the status tells). `now` stamps
// deleted_at on purge. Used by the dry run and again, on the row as it is then, when the
// action runs.
struct RowDecision
{
    PortMessage after;
    QString refusal; // empty: allowed
    bool overBudget = false;
};
RowDecision decideAction(const PortMessage &row, const ActionOptions &options,
                         const QDateTime &now);

// The dry run: reads the selected rows (purged ones too, for Restore) and decides each.
// Writes nothing. At most `limit` rows are planned (ActionPlan::truncated says so).
Result<ActionPlan> planAction(const QSqlDatabase &db, const ActionSelection &selection,
                              const ActionOptions &options, qint64 limit = 1000000);

// Port message ids read or changed in one statement.
inline constexpr int portMessageIdsPerStatement = 500;

// The rows with these ids, purged ones too, in no particular order; with `forUpdate` locked
// for the caller's transaction (PostgreSQL; SQLite's write transaction locks already).
Result<QList<PortMessage>> readPortMessages(const QSqlDatabase &db, const QStringList &ids,
                                            bool forUpdate = false);
// portMessageJson() as SQL, made by the database from the row `alias` names.
QString portMessageJsonSql(SqlEngine engine, const QString &alias);
// Adds port_message_history rows for one audit entry, before the change is written: before =
// the row as it is now (portMessageJsonSql()), after = its entry in `changesById` (message id
// -> portMessageChanges(), and what else the change wants kept). NotFound if a row is gone.
Status appendHistory(const QSqlDatabase &db, qint64 auditId, const QString &change,
                     const QJsonObject &changesById);

} // namespace porthole

Q_DECLARE_TYPEINFO(porthole::PlannedRow, Q_RELOCATABLE_TYPE); // as PortMessage
Q_DECLARE_METATYPE(porthole::ActionPlan)
