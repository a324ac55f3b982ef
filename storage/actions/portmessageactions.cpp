#include "portmessageactions.h"

#include "auditlog.h"
#include "repositorysupport.h"
#include "sqlerror.h"
#include "sqlsupport.h"
#include "statustransitions.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLocale>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QString pending = u"pending"_s;
const QString processing = u"processing"_s;
} // namespace

QString actionName(ActionKind kind)
{
    switch (kind) {
    case ActionKind::Replay:
        return u"replay"_s;
    case ActionKind::Purge:
        return u"purge"_s;
    case ActionKind::Restore:
        return u"restore"_s;
    case ActionKind::Move:
        return u"move"_s;
    }
    return {};
}

std::optional<ActionKind> actionKindFromName(const QString &name)
{
    for (ActionKind kind :
         {ActionKind::Replay, ActionKind::Purge, ActionKind::Restore, ActionKind::Move}) {
        if (actionName(kind) == name)
            return kind;
    }
    return std::nullopt;
}

QJsonObject ActionOptions::toJson() const
{
    QJsonObject json{{u"action"_s, actionName(kind)}};
    switch (kind) {
    case ActionKind::Replay:
        json[u"target"_s] = target == ReplayTarget::Redis ? u"redis"_s : u"database"_s;
        if (target == ReplayTarget::Redis) {
            json[u"redis"_s] = redisUrl;
            json[u"key"_s] = redisKey;
        } else {
            json[u"reset_retries"_s] = resetRetries;
        }
        json[u"replay_budget"_s] = replayBudget;
        json[u"override_budget"_s] = overrideBudget;
        break;
    case ActionKind::Move:
        json[u"to_port"_s] = toPort;
        break;
    case ActionKind::Purge:
    case ActionKind::Restore:
        break;
    }
    return json;
}

QJsonObject ActionSelection::toJson() const
{
    QJsonObject json;
    if (!description.isEmpty())
        json[u"description"_s] = description;
    if (!ids.isEmpty()) {
        json[u"ids"_s] = QJsonArray::fromStringList(ids);
        return json;
    }
    QJsonObject f;
    if (!filter.ports.isEmpty())
        f[u"ports"_s] = QJsonArray::fromStringList(filter.ports);
    if (!filter.statuses.isEmpty())
        f[u"statuses"_s] = QJsonArray::fromStringList(filter.statuses);
    if (filter.deadLettersOnly)
        f[u"dead_letters"_s] = true;
    if (filter.purgedOnly)
        f[u"purged"_s] = true;
    if (filter.from.isValid())
        f[u"from"_s] = timeOrNull(filter.from);
    if (filter.to.isValid())
        f[u"to"_s] = timeOrNull(filter.to);
    if (!filter.text.isEmpty())
        f[u"text"_s] = filter.text;
    if (!filter.errorLike.isEmpty())
        f[u"error_like"_s] = filter.errorLike;
    json[u"filter"_s] = f;
    return json;
}

qint64 ActionPlan::actCount() const
{
    return std::count_if(rows.cbegin(), rows.cend(), [](const PlannedRow &r) { return r.acts(); });
}

qint64 ActionPlan::skipCount() const
{
    return rows.size() - actCount();
}

qint64 ActionPlan::overBudgetCount() const
{
    return std::count_if(rows.cbegin(), rows.cend(),
                         [](const PlannedRow &r) { return r.acts() && r.overBudget; });
}

QStringList ActionPlan::actingIds() const
{
    QStringList ids;
    for (const PlannedRow &row : rows) {
        if (row.acts())
            ids << row.before.id;
    }
    return ids;
}

QList<std::pair<QString, qint64>> ActionPlan::skipReasons() const
{
    QHash<QString, qint64> counts;
    for (const PlannedRow &row : rows) {
        if (!row.acts())
            ++counts[row.skipReason];
    }
    QList<std::pair<QString, qint64>> reasons;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        reasons.append({it.key(), it.value()});
    std::sort(reasons.begin(), reasons.end(), [](const auto &a, const auto &b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    return reasons;
}

RowDecision decideAction(const PortMessage &row, const ActionOptions &options, const QDateTime &now)
{
    RowDecision decision;
    decision.after = row;
    const auto refuse = [&decision, &row](const QString &why) {
        decision.after = row;
        decision.refusal = why;
        return decision;
    };
    if (row.deletedAt.isValid() && options.kind != ActionKind::Restore)
        return refuse(u"it was purged; restore it first"_s);

    switch (options.kind) {
    case ActionKind::Replay: {
        // A replay sends the message back to pending, to the database or through Redis; never
        // one a worker holds (the pipeline claims rows without Porthole's version).
        if (row.status == processing)
            return refuse(
                u"a worker is processing it; replay it once it has failed or completed"_s);
        if (const QString refusal = StatusTransitions::refusal(row.status, pending);
            !refusal.isEmpty())
            return refuse(refusal);
        // A replay to Redis leaves the row as it was (its copy lives on in Redis), so only the
        // loop guard's override publishes a replayed row again: a second replay by accident
        // (another window, a command run twice) publishes nothing.
        const bool againToRedis = options.target == ReplayTarget::Redis && row.replayCount > 0;
        if (row.replayCount >= options.replayBudget || againToRedis) {
            if (!options.overrideBudget)
                return refuse(
                    row.replayCount < options.replayBudget
                        ? u"it was replayed %1 times already and is still as it was "
                          "(its copy went to Redis): override the loop guard to "
                          "publish it again"_s.arg(row.replayCount)
                        : u"it was replayed %1 times already (the loop guard allows "
                          "%2): override the guard to replay it again"_s.arg(row.replayCount)
                              .arg(options.replayBudget));
            decision.overBudget = true;
        }
        if (options.target == ReplayTarget::Database) {
            decision.after.status = pending;
            if (options.resetRetries)
                decision.after.retryCount = 0;
            decision.after.errorMessage = QString();
            decision.after.errorDetails = QByteArray();
            decision.after.processedAt = QDateTime();
            decision.after.completedAt = QDateTime();
        }
        ++decision.after.replayCount;
        break;
    }
    case ActionKind::Purge:
        if (row.status == processing)
            return refuse(u"a worker is processing it; purge it once it has failed or completed"_s);
        decision.after.deletedAt = now.toUTC();
        break;
    case ActionKind::Restore:
        if (!row.deletedAt.isValid())
            return refuse(u"it is not purged"_s);
        decision.after.deletedAt = QDateTime();
        break;
    case ActionKind::Move:
        if (Status ok = checkName(options.toPort, u"the port to move to"_s); !ok)
            return refuse(ok.errorMessage());
        if (options.toPort == row.portName)
            return refuse(u"it is on port %1 already"_s.arg(row.portName));
        if (row.status == processing)
            return refuse(u"a worker is processing it; move it once it has failed or completed"_s);
        decision.after.portName = options.toPort;
        break;
    }
    ++decision.after.version;
    return decision;
}

namespace {

// The rows with these ids, purged ones too, in any order.
Result<QList<PortMessage>> readByIds(const QSqlDatabase &db, const QStringList &ids, bool forUpdate)
{
    QList<PortMessage> rows;
    const bool postgres = engineOf(db) == SqlEngine::PostgreSQL;
    const Status read =
        forEachIdBatch(db, ids, portMessageIdsPerStatement, [&](const IdSet &set, qsizetype count) {
            auto query = execQuery(db,
                                   u"SELECT %1 FROM port_messages WHERE id IN (%2)%3"_s.arg(
                                       PortMessageRepository::selectColumns(), set.select,
                                       forUpdate && postgres ? u" FOR UPDATE"_s : QString()),
                                   {set.param}, u"Reading %1 port messages"_s.arg(count));
            if (!query)
                return Status(query.error());
            while (query->next())
                rows.append(PortMessageRepository::fromQuery(*query));
            return success();
        });
    if (!read)
        return read.error();
    return rows;
}

} // namespace

Result<QList<PortMessage>> readPortMessages(const QSqlDatabase &db, const QStringList &ids,
                                            bool forUpdate)
{
    return readByIds(db, ids, forUpdate);
}

namespace {

// Adds a row to the plan, as the action would leave it.
void planRow(ActionPlan &plan, const PortMessage &row)
{
    const RowDecision decision = decideAction(row, plan.options, plan.plannedAt);
    plan.rows.append({row, decision.after, decision.refusal, decision.overBudget});
}

// A selection by ids: each id once, in the order given, those without a row refused.
Status planByIds(const QSqlDatabase &db, const ActionSelection &selection, qint64 limit,
                 ActionPlan &plan)
{
    QStringList ids;
    QSet<QString> seen;
    for (const QString &id : selection.ids) {
        const QString normal = id.trimmed().toLower();
        if (!seen.contains(normal)) {
            seen.insert(normal);
            ids << normal;
        }
    }
    QStringList valid;
    for (const QString &id : std::as_const(ids)) {
        if (!QUuid::fromString(id).isNull())
            valid << id;
    }
    auto rows = readByIds(db, valid, false);
    if (!rows)
        return rows.error();
    QHash<QString, PortMessage> byId;
    for (const PortMessage &row : std::as_const(*rows))
        byId.insert(row.id, row);
    for (const QString &id : std::as_const(ids)) {
        if (plan.rows.size() >= limit) {
            plan.truncated = true;
            break;
        }
        const auto found = byId.constFind(id);
        if (found != byId.cend()) {
            if (!selection.matches || selection.matches(*found))
                planRow(plan, *found);
            continue;
        }
        PortMessage missing;
        missing.id = id;
        missing.status.clear();
        const QString reason = QUuid::fromString(id).isNull()
                                   ? u"it is not a port message id (a UUID)"_s
                                   : u"there is no such port message"_s;
        plan.rows.append({missing, missing, reason, false});
    }
    return success();
}

} // namespace

Result<ActionPlan> planAction(const QSqlDatabase &db, const ActionSelection &selection,
                              const ActionOptions &options, qint64 limit)
{
    if (limit < 1)
        return StorageError::invalidArgument(u"A dry run plans at least one row."_s);
    if (options.kind == ActionKind::Replay && options.target == ReplayTarget::Redis &&
        options.redisKey.trimmed().isEmpty())
        return StorageError::invalidArgument(
            u"A replay to Redis needs a key to publish to (\"{port}\" for the port's name)."_s);
    ActionPlan plan;
    plan.options = options;
    plan.selection = selection.toJson();
    plan.plannedAt = QDateTime::currentDateTimeUtc();

    if (!selection.ids.isEmpty()) {
        if (Status planned = planByIds(db, selection, limit, plan); !planned)
            return planned.error();
        return plan;
    }

    // Oldest first: a replay sends the messages again in the order they first came. One
    // ordered pass: the plan reads every row the filter matches anyway.
    const PortMessageRepository repository(db);
    const WhereClause where = repository.where(selection.filter);
    auto query = execQuery(
        db,
        u"SELECT %1 FROM %2%3 ORDER BY created_at, id"_s.arg(
            PortMessageRepository::selectColumns(), repository.table(selection.filter), where.sql),
        where.params, u"Reading the port messages to plan for"_s);
    if (!query)
        return query.error();
    while (query->next()) {
        const PortMessage row = PortMessageRepository::fromQuery(*query);
        if (selection.matches && !selection.matches(row))
            continue;
        if (plan.rows.size() >= limit) {
            plan.truncated = true;
            break;
        }
        planRow(plan, row);
    }
    return plan;
}

QString portMessageJsonSql(SqlEngine engine, const QString &alias)
{
    const auto column = [&](const char *name) -> QString {
        return alias + u'.' + QLatin1StringView(name);
    };
    QStringList pairs;
    for (const char *name :
         {"id", "port_name", "source_component", "target_component", "status", "retry_count",
          "max_retries", "error_message", "version", "replay_count"})
        pairs << u"'%1', %2"_s.arg(QLatin1StringView(name), column(name));
    for (const char *name : {"message_data", "message_metadata", "error_details"})
        pairs << (engine == SqlEngine::PostgreSQL
                      ? u"'%1', %2"_s.arg(QLatin1StringView(name), column(name))
                      : u"'%1', json(%2)"_s.arg(QLatin1StringView(name), column(name)));
    for (const char *name : {"created_at", "processed_at", "completed_at", "deleted_at"})
        pairs
            << (engine == SqlEngine::PostgreSQL
                    ? u"'%1', to_char(%2 AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"_s
                          .arg(QLatin1StringView(name), column(name))
                    : u"'%1', strftime('%Y-%m-%dT%H:%M:%fZ', %2)"_s.arg(QLatin1StringView(name),
                                                                        column(name)));
    return (engine == SqlEngine::PostgreSQL ? u"jsonb_build_object(%1)"_s : u"json_object(%1)"_s)
        .arg(pairs.join(u", "_s));
}

Status appendHistory(const QSqlDatabase &db, qint64 auditId, const QString &change,
                     const QJsonObject &changesById)
{
    if (changesById.isEmpty())
        return success();
    // The rows' JSON is made by the database as it reads them: one statement, and no row's
    // data through Qt on its way.
    const SqlEngine engine = engineOf(db);
    const QString changes = engine == SqlEngine::PostgreSQL
                                ? u"jsonb_each(?::jsonb) AS c JOIN port_messages AS p "
                                  "ON p.id = c.key::uuid"_s
                                : u"json_each(?) AS c JOIN port_messages AS p ON p.id = c.key"_s;
    auto kept =
        execQuery(db,
                  u"INSERT INTO port_message_history (message_id, audit_id, change, before_data, "
                  "after_data) SELECT p.id, ?, ?, %1, c.value FROM %2"_s.arg(
                      portMessageJsonSql(engine, u"p"_s), changes),
                  {auditId, change,
                   QString::fromUtf8(QJsonDocument(changesById).toJson(QJsonDocument::Compact))},
                  u"Keeping the history of %1 port messages"_s.arg(changesById.size()));
    if (!kept)
        return kept.error();
    if (kept->numRowsAffected() != changesById.size())
        return StorageError{StorageError::Kind::NotFound,
                            u"Keeping the history of %1 port messages: %2 of them are gone."_s
                                .arg(changesById.size())
                                .arg(changesById.size() - kept->numRowsAffected())};
    return success();
}

} // namespace porthole
