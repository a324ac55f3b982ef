#include "actionoutbox.h"

#include "auditlog.h"
#include "faultpoint.h"
#include "replaypublisher.h"
#include "repositorysupport.h"
#include "sqlerror.h"
#include "sqlsupport.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

constexpr int idsPerStatement = 500;

// One row of the outbox, as runChunk() carries it out.
struct OutboxRow
{
    qint64 id = 0;
    QString messageId;
    ActionOptions options;
    qint64 expectedVersion = 0;
    QString redisKey;
    QString replayId;
};

// What a replay to Redis publishes: the row as a port-message record (docs/PAYLOADS.md), so
// that a receiver stores it as a new pending message, with the replay id a consumer
// deduplicates on.
QByteArray replayPayload(const PortMessage &row, const QString &replayId)
{
    QJsonObject record{
        {u"port_name"_s, row.portName},
        {u"source_component"_s, row.sourceComponent},
        {u"target_component"_s, row.targetComponent},
        {u"message_data"_s, storedJsonValue(row.messageData)},
        {u"max_retries"_s, row.maxRetries},
        {u"replay_id"_s, replayId},
        {u"replay_of"_s, row.id},
    };
    if (!row.messageMetadata.isNull())
        record[u"message_metadata"_s] = storedJsonValue(row.messageMetadata);
    return QJsonDocument(record).toJson(QJsonDocument::Compact);
}

// What the action makes of the rows, for the opening audit entry.
QJsonObject changeOf(const ActionOptions &options)
{
    switch (options.kind) {
    case ActionKind::Replay:
        if (options.target == ReplayTarget::Redis)
            return {{u"published_to"_s, options.redisKey}, {u"replay_count"_s, u"+1"_s}};
        return {{u"status"_s, u"pending"_s},
                {u"retry_count"_s, options.resetRetries ? QJsonValue(0) : QJsonValue(u"kept"_s)},
                {u"replay_count"_s, u"+1"_s}};
    case ActionKind::Purge:
        return {{u"deleted_at"_s, u"now"_s}};
    case ActionKind::Restore:
        return {{u"deleted_at"_s, QJsonValue()}};
    case ActionKind::Move:
        return {{u"port_name"_s, options.toPort}};
    }
    return {};
}

QString actionText(const ActionOptions &options, qint64 rows)
{
    const QString n = groupedCount(rows);
    switch (options.kind) {
    case ActionKind::Replay:
        return options.target == ReplayTarget::Redis
                   ? u"Replay of %1 port messages to Redis %2 key %3"_s.arg(n, options.redisUrl,
                                                                            options.redisKey)
                   : u"Replay of %1 port messages to the database (retries %2)"_s.arg(
                         n, options.resetRetries ? u"reset"_s : u"kept"_s);
    case ActionKind::Purge:
        return u"Purge of %1 port messages"_s.arg(n);
    case ActionKind::Restore:
        return u"Restore of %1 purged port messages"_s.arg(n);
    case ActionKind::Move:
        return u"Move of %1 port messages to port %2"_s.arg(n, options.toPort);
    }
    return {};
}

// The UPDATE that applies an action to rows already checked, and its leading parameters;
// " WHERE id IN (...)" follows.
std::pair<QString, QVariantList> updateOf(const ActionOptions &options, const QDateTime &now,
                                          SqlEngine engine)
{
    const QString bump = u"version = version + 1"_s;
    switch (options.kind) {
    case ActionKind::Replay:
        if (options.target == ReplayTarget::Redis)
            return {u"UPDATE port_messages SET replay_count = replay_count + 1, "_s + bump, {}};
        return {u"UPDATE port_messages SET status = 'pending', "
                "retry_count = CASE WHEN ? THEN 0 ELSE retry_count END, error_message = NULL, "
                "error_details = NULL, processed_at = NULL, completed_at = NULL, "
                "replay_count = replay_count + 1, "_s +
                    bump,
                {options.resetRetries}};
    case ActionKind::Purge:
        return {u"UPDATE port_messages SET deleted_at = ?, "_s + bump,
                {timestampParam(now, engine)}};
    case ActionKind::Restore:
        return {u"UPDATE port_messages SET deleted_at = NULL, "_s + bump, {}};
    case ActionKind::Move:
        return {u"UPDATE port_messages SET port_name = ?, "_s + bump, {options.toPort}};
    }
    return {};
}

// One runner at a time per action: PostgreSQL's READ COMMITTED would let two transactions
// take the same open rows (SQLite's BEGIN IMMEDIATE already runs them one after the other).
// Held until the transaction ends.
Status lockAction(const QSqlDatabase &db, SqlEngine engine, qint64 auditId)
{
    if (engine != SqlEngine::PostgreSQL)
        return success();
    constexpr int lockClass = 0x504f5254; // "PORT": Porthole's actions on port messages
    auto locked =
        execQuery(db, u"SELECT pg_advisory_xact_lock(?, ?)"_s,
                  {lockClass, int(auditId & 0x7fffffff)}, u"Waiting for action %1"_s.arg(auditId));
    if (!locked)
        return locked.error();
    return success();
}

} // namespace

ActionOutbox::ActionOutbox(QSqlDatabase db)
    : m_db(std::move(db))
    , m_engine(engineOf(m_db))
{}

Result<PreparedAction> ActionOutbox::prepare(const ActionPlan &plan, const QString &actor,
                                             double ratePerSecond)
{
    pausePoint("action-planned"); // tests hold two actions here, so that they prepare at once
    // Two windows preparing at the same moment on PostgreSQL can both find a message free;
    // the unique index then refuses the second, which looks again and leaves it out.
    auto prepared = prepareOnce(plan, actor, ratePerSecond);
    if (!prepared && prepared.error().kind == StorageError::Kind::Constraint)
        prepared = prepareOnce(plan, actor, ratePerSecond);
    return prepared;
}

namespace {

// Only what tells whether a row is still as the dry run saw it.
struct Now
{
    qint64 version = 0;
    QString status;
};

// The acting rows as they are now, and those another action has under way.
struct RowsNow
{
    QHash<QString, Now> byId;
    QSet<QString> open;
};

Result<RowsNow> readRowsNow(const QSqlDatabase &db, SqlEngine engine, const QStringList &acting)
{
    RowsNow rows;
    QHash<QString, Now> &byId = rows.byId;
    QSet<QString> &open = rows.open;
    const Status read =
        forEachIdBatch(db, acting, idsPerStatement, [&](const IdSet &set, qsizetype count) {
            auto now = execQuery(
                db,
                u"SELECT id, version, status FROM port_messages WHERE id IN (%1)%2"_s.arg(
                    set.select, engine == SqlEngine::PostgreSQL ? u" FOR UPDATE"_s : QString()),
                {set.param}, u"Reading the versions of %1 port messages"_s.arg(count));
            if (!now)
                return Status(now.error());
            while (now->next())
                byId.insert(now->value(0).toString(),
                            {now->value(1).toLongLong(), now->value(2).toString()});
            auto busy = execQuery(db,
                                  u"SELECT message_id FROM action_outbox WHERE state = 'prepared' "
                                  "AND message_id IN (%1)"_s.arg(set.select),
                                  {set.param}, u"Looking for actions under way"_s);
            if (!busy)
                return Status(busy.error());
            while (busy->next())
                open.insert(busy->value(0).toString());
            return success();
        });
    if (!read)
        return read.error();
    return rows;
}

// The rows still as the dry run saw them; the others go to `leftOut`, with why.
struct StillActing
{
    QList<const PlannedRow *> rows;
    QJsonObject statuses;
    qint64 overBudget = 0;
};

StillActing stillActing(const ActionPlan &plan, const RowsNow &rowsNow,
                        QList<std::pair<QString, QString>> *leftOut)
{
    StillActing acting;
    for (const PlannedRow &planned : plan.rows) {
        if (!planned.acts())
            continue;
        const QString &id = planned.before.id;
        const auto now = rowsNow.byId.constFind(id);
        if (now == rowsNow.byId.cend())
            leftOut->append({id, u"it no longer exists"_s});
        else if (rowsNow.open.contains(id))
            leftOut->append({id, u"another action on it is under way"_s});
        else if (now->version != planned.before.version)
            leftOut->append(
                {id, u"it changed since the dry run (now version %1, %2)"_s.arg(now->version)
                         .arg(now->status)});
        else {
            acting.rows.append(&planned);
            acting.statuses[now->status] = acting.statuses.value(now->status).toInteger() + 1;
            acting.overBudget += planned.overBudget ? 1 : 0;
        }
    }
    return acting;
}

// The action's opening audit entry.
AuditEntry openingEntry(const ActionPlan &plan, const QString &actor, double ratePerSecond,
                        const StillActing &acting, const PreparedAction &prepared)
{
    const ActionOptions &options = plan.options;
    QJsonArray ids;
    for (const PlannedRow *row : std::as_const(acting.rows))
        ids.append(row->before.id);
    QString details = actionText(options, acting.rows.size()) + u"."_s;
    if (acting.overBudget > 0)
        details += u" The loop guard was overridden for %1 of them (replayed %2 times or more)."_s
                       .arg(groupedCount(acting.overBudget))
                       .arg(options.replayBudget);
    if (const qint64 skipped = plan.skipCount(); skipped > 0)
        details += u" The dry run skipped %1."_s.arg(groupedCount(skipped));
    if (!prepared.leftOut.isEmpty()) {
        QStringList named;
        for (const auto &[id, why] : std::as_const(prepared.leftOut))
            named << u"%1 (%2)"_s.arg(id, why);
        details += u" Left out since the dry run: %1."_s.arg(named.join(u"; "_s));
    }
    AuditEntry entry;
    entry.actor = actor;
    entry.action = actionName(options.kind);
    entry.targetTable = u"port_messages"_s;
    entry.filter = QJsonObject{{u"selection"_s, plan.selection}, {u"options"_s, options.toJson()}};
    if (ratePerSecond > 0) // kept with the action: whoever finishes it keeps the pace
        entry.filter.insert(u"rate_per_second"_s, ratePerSecond);
    entry.affectedIds = ids;
    entry.affectedCount = ids.size();
    entry.before = QJsonObject{{u"statuses"_s, acting.statuses}};
    entry.after = changeOf(options);
    entry.details = details;
    return entry;
}

} // namespace

Result<PreparedAction> ActionOutbox::prepareOnce(const ActionPlan &plan, const QString &actor,
                                                 double ratePerSecond)
{
    const QStringList acting = plan.actingIds();
    if (acting.isEmpty())
        return StorageError::invalidArgument(
            u"Nothing to do: the dry run found no row the action applies to."_s);
    const ActionOptions &options = plan.options;
    if (options.kind == ActionKind::Replay && options.target == ReplayTarget::Redis &&
        options.redisKey.trimmed().isEmpty())
        return StorageError::invalidArgument(u"A replay to Redis needs a key."_s);

    SqlTransaction transaction(m_db);
    if (Status begun = transaction.begin(); !begun)
        return begun.error();
    auto rowsNow = readRowsNow(m_db, m_engine, acting);
    if (!rowsNow)
        return rowsNow.error();

    PreparedAction prepared;
    const StillActing still = stillActing(plan, *rowsNow, &prepared.leftOut);
    if (still.rows.isEmpty())
        return prepared; // nothing to do: no audit entry, no outbox row

    auto auditId = AuditLog(m_db).append(openingEntry(plan, actor, ratePerSecond, still, prepared));
    if (!auditId)
        return auditId.error();
    if (Status written = writeOutboxRows(*auditId, options, still.rows); !written)
        return written.error();
    if (Status committed = transaction.commit(); !committed)
        return committed.error();
    faultPoint("action-prepared");
    prepared.auditId = *auditId;
    prepared.rows = still.rows.size();
    return prepared;
}

namespace {

// The open rows of an action, the first `limit` of them.
Result<QList<OutboxRow>> readOpen(const QSqlDatabase &db, qint64 auditId,
                                  const ActionOptions &options, int limit)
{
    auto query = execQuery(db,
                           u"SELECT id, message_id, expected_version, redis_key, replay_id "
                           "FROM action_outbox WHERE audit_id = ? AND state = 'prepared' "
                           "ORDER BY id LIMIT %1"_s.arg(limit),
                           {auditId}, u"Reading the action outbox"_s);
    if (!query)
        return query.error();
    QList<OutboxRow> rows;
    while (query->next())
        rows.append({query->value(0).toLongLong(), query->value(1).toString(), options,
                     query->value(2).toLongLong(), query->value(3).toString(),
                     query->value(4).toString()});
    return rows;
}

// The port messages the rows act on, by id; locked for the transaction when `forUpdate`.
Result<QHash<QString, PortMessage>> readCurrent(const QSqlDatabase &db,
                                                const QList<OutboxRow> &open, bool forUpdate)
{
    QStringList ids;
    for (const OutboxRow &row : open)
        ids << row.messageId;
    auto current = readPortMessages(db, ids, forUpdate);
    if (!current)
        return current.error();
    QHash<QString, PortMessage> byId;
    for (const PortMessage &row : std::as_const(*current))
        byId.insert(row.id, row);
    return byId;
}

// Which rows are still what the dry run saw, and what they become; the others, why not.
class StepDecider
{
public:
    StepDecider(ActionOptions options, QDateTime now)
        : m_options(std::move(options))
        , m_now(std::move(now))
    {
        m_options.overrideBudget = true; // the dry run applied the guard; the version pins it
    }

    // Empty when the row goes ahead (`after` is then what it becomes), else why not.
    QString decide(const OutboxRow &row, const QHash<QString, PortMessage> &current,
                   PortMessage *after) const
    {
        const auto it = current.constFind(row.messageId);
        if (it == current.cend())
            return u"it no longer exists"_s;
        if (it->version != row.expectedVersion)
            return u"someone else changed it since the dry run (now version %1, %2)"_s
                .arg(it->version)
                .arg(it->status);
        const RowDecision decision = decideAction(*it, m_options, m_now);
        *after = decision.after;
        return decision.refusal;
    }

private:
    ActionOptions m_options;
    QDateTime m_now;
};

// A replay to Redis, before its rows are committed: publishes the open rows that go ahead,
// and finds which of those refused now went out before a crash. Returns the replay ids known
// to be in Redis.
Result<QSet<QString>> publishStep(const QSqlDatabase &db, qint64 auditId,
                                  const ActionOptions &options, int limit,
                                  const StepDecider &decider, ReplayPublisher *publisher,
                                  ChunkResult *result)
{
    auto open = readOpen(db, auditId, options, limit);
    if (!open)
        return open.error();
    auto rows = readCurrent(db, *open, false);
    if (!rows)
        return rows.error();
    QList<ReplayMessage> messages;
    QStringList refused;
    for (const OutboxRow &row : std::as_const(*open)) {
        PortMessage after;
        if (decider.decide(row, *rows, &after).isEmpty())
            messages.append({row.replayId, row.redisKey.toUtf8(),
                             replayPayload(rows->value(row.messageId), row.replayId)});
        else
            refused << row.replayId;
    }
    // A row refused now may have gone out before a crash: then it was replayed.
    auto before = publisher->publishedBefore(refused);
    if (!before)
        return before.error();
    QSet<QString> wentOut = *before;
    auto published = publisher->publish(messages);
    if (!published)
        return published.error();
    result->published = *published;
    for (const ReplayMessage &m : std::as_const(messages))
        wentOut.insert(m.replayId);
    faultPoint("action-published");
    return wentOut;
}

// What a step does to its open rows, decided in the transaction.
struct StepPlan
{
    QStringList applyIds;                            // port messages changed
    QList<qint64> appliedOutbox;                     // their outbox rows
    QJsonObject history;                             // message id -> what the action changed
    QList<std::pair<qint64, QString>> skippedOutbox; // outbox rows skipped, and why
};

StepPlan planStep(const QList<OutboxRow> &open, const QHash<QString, PortMessage> &rows,
                  const StepDecider &decider, bool toRedis, const QSet<QString> &wentOut,
                  ChunkResult *result)
{
    StepPlan plan;
    for (const OutboxRow &row : open) {
        PortMessage after;
        const QString refusal = decider.decide(row, rows, &after);
        const bool published = toRedis && wentOut.contains(row.replayId);
        // A row another runner left open after this one published its step was never sent:
        // it stays open for the next step.
        if (toRedis && refusal.isEmpty() && !published)
            continue;
        if (!refusal.isEmpty() && !published) {
            plan.skippedOutbox.append({row.id, refusal});
            result->skipped.append({row.messageId, refusal});
            continue;
        }
        const PortMessage &before = rows.value(row.messageId);
        if (!refusal.isEmpty()) {
            // Published before the row changed: the replay happened; count it.
            after = before;
            ++after.replayCount;
            ++after.version;
        }
        QJsonObject changes = portMessageChanges(before, after);
        if (toRedis)
            changes[u"replayed_to"_s] =
                QJsonObject{{u"key"_s, row.redisKey}, {u"replay_id"_s, row.replayId}};
        plan.history.insert(row.messageId, changes);
        plan.applyIds << row.messageId;
        plan.appliedOutbox << row.id;
    }
    return plan;
}

// In the step's transaction: the history, the port messages changed, the outbox rows done.
Status commitStep(const QSqlDatabase &db, SqlEngine engine, qint64 auditId,
                  const ActionOptions &options, const QDateTime &now, const StepPlan &plan)
{
    // The history first: it reads the rows as they were.
    if (Status kept = appendHistory(db, auditId, actionName(options.kind), plan.history); !kept)
        return kept;
    const auto [update, leading] = updateOf(options, now, engine);
    // Captured by name: clang before 16 cannot capture a structured binding.
    const Status applied = forEachIdBatch(
        db, plan.applyIds, idsPerStatement,
        [&, &update = update, &leading = leading](const IdSet &set, qsizetype count) {
            auto updated =
                execQuery(db, update + u" WHERE id IN (%1)"_s.arg(set.select),
                          leading + QVariantList{set.param},
                          u"Applying action %1 to %2 port messages"_s.arg(auditId).arg(count));
            return updated ? success() : Status(updated.error());
        });
    if (!applied)
        return applied;
    const QVariant stamp = timestampParam(now, engine);
    for (qsizetype start = 0; start < plan.appliedOutbox.size(); start += idsPerStatement) {
        const IdSet set = idSet(engine, plan.appliedOutbox.mid(start, idsPerStatement));
        auto marked = execQuery(
            db,
            u"UPDATE action_outbox SET state = 'done', outcome = 'applied', updated_at = ? "
            "WHERE state = 'prepared' AND id IN (%1)"_s.arg(set.select),
            {stamp, set.param}, u"Marking the action outbox done"_s);
        if (!marked)
            return marked.error();
    }
    for (const auto &[id, why] : plan.skippedOutbox) {
        auto marked = execQuery(db,
                                u"UPDATE action_outbox SET state = 'done', outcome = 'skipped', "
                                "outcome_detail = ?, updated_at = ? WHERE state = 'prepared' "
                                "AND id = ?"_s,
                                {why, stamp, id}, u"Marking the action outbox done"_s);
        if (!marked)
            return marked.error();
    }
    return success();
}

} // namespace

Result<ChunkResult> ActionOutbox::runChunk(qint64 auditId, int limit, ReplayPublisher *publisher)
{
    if (limit < 1)
        return StorageError::invalidArgument(u"An action goes on at least one row at a time."_s);
    auto options = optionsOf(auditId);
    if (!options)
        return options.error();
    const bool toRedis =
        options->kind == ActionKind::Replay && options->target == ReplayTarget::Redis;
    if (toRedis && !publisher)
        return StorageError::invalidArgument(
            u"Action %1 replays to Redis: it needs a connection to Redis to go on."_s.arg(auditId));

    const QDateTime now = QDateTime::currentDateTimeUtc();
    const StepDecider decider(*options, now);
    ChunkResult result;
    QSet<QString> wentOut; // replay ids known to be in Redis
    if (toRedis) {
        auto published = publishStep(m_db, auditId, *options, limit, decider, publisher, &result);
        if (!published)
            return published.error();
        wentOut = *published;
    }

    SqlTransaction transaction(m_db);
    if (Status begun = transaction.begin(); !begun)
        return begun.error();
    if (Status locked = lockAction(m_db, m_engine, auditId); !locked)
        return locked.error();
    auto open = readOpen(m_db, auditId, *options, limit);
    if (!open)
        return open.error();
    if (open->isEmpty()) {
        transaction.rollback();
        auto summary = this->summary(auditId);
        if (!summary)
            return summary.error();
        result.summary = *summary;
        return result;
    }
    auto rows = readCurrent(m_db, *open, true);
    if (!rows)
        return rows.error();
    const StepPlan plan = planStep(*open, *rows, decider, toRedis, wentOut, &result);
    if (Status committed = commitStep(m_db, m_engine, auditId, *options, now, plan); !committed)
        return committed.error();
    result.applied = plan.applyIds.size();

    auto summary = stepSummary(auditId, *options, result);
    if (!summary)
        return summary.error();
    if (Status committed = transaction.commit(); !committed)
        return committed.error();
    faultPoint("action-applied");
    result.summary = *summary;
    return result;
}

Result<ActionSummary> ActionOutbox::cancel(qint64 auditId, const QString &actor)
{
    auto options = optionsOf(auditId);
    if (!options)
        return options.error();
    SqlTransaction transaction(m_db);
    if (Status begun = transaction.begin(); !begun)
        return begun.error();
    if (Status locked = lockAction(m_db, m_engine, auditId); !locked)
        return locked.error();
    auto marked = execQuery(m_db,
                            u"UPDATE action_outbox SET state = 'done', outcome = 'cancelled', "
                            "updated_at = ? WHERE audit_id = ? AND state = 'prepared'"_s,
                            {timestampParam(QDateTime::currentDateTimeUtc(), m_engine), auditId},
                            u"Cancelling action %1"_s.arg(auditId));
    if (!marked)
        return marked.error();
    const bool cancelledNow = marked->numRowsAffected() > 0;
    auto summary = this->summary(auditId);
    if (!summary)
        return summary.error();
    if (cancelledNow) {
        if (Status closed = close(*summary, *options, u"cancelled"_s, actor); !closed)
            return closed.error();
    }
    if (Status committed = transaction.commit(); !committed)
        return committed.error();
    return *summary;
}

Status ActionOutbox::close(const ActionSummary &summary, const ActionOptions &options,
                           const QString &how, const QString &actor)
{
    auto query = execQuery(m_db,
                           u"SELECT message_id, outcome, outcome_detail FROM action_outbox "
                           "WHERE audit_id = ? AND outcome <> 'cancelled' ORDER BY id"_s,
                           {summary.auditId}, u"Summing up action %1"_s.arg(summary.auditId));
    if (!query)
        return query.error();
    QJsonArray applied;
    QJsonObject skipped;
    while (query->next()) {
        if (query->value(1).toString() == u"applied"_s)
            applied.append(query->value(0).toString());
        else
            skipped[query->value(0).toString()] = query->value(2).toString();
    }
    QString details = u"%1 %2: %3 applied"_s.arg(actionText(options, summary.total), how,
                                                 groupedCount(summary.applied));
    if (summary.skipped > 0)
        details += u", %1 skipped (changed or no longer allowed when their turn came)"_s.arg(
            groupedCount(summary.skipped));
    if (summary.cancelled > 0)
        details += u", %1 not done (cancelled)"_s.arg(groupedCount(summary.cancelled));
    AuditEntry entry;
    entry.actor = actor;
    entry.action = actionName(options.kind) + u" "_s + how;
    entry.targetTable = u"port_messages"_s;
    entry.filter = QJsonObject{{u"action"_s, summary.auditId}};
    entry.affectedIds = applied;
    entry.affectedCount = applied.size();
    entry.after = QJsonObject{{u"applied"_s, summary.applied},
                              {u"skipped"_s, skipped},
                              {u"cancelled"_s, summary.cancelled}};
    entry.details = details + u"."_s;
    auto appended = AuditLog(m_db).append(entry);
    if (!appended)
        return appended.error();
    return success();
}

} // namespace porthole
