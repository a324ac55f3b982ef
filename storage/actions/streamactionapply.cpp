#include "auditlog.h"
#include "faultpoint.h"
#include "redisclient.h"
#include "redisreplies.h"
#include "streamactions.h"
#include "streamactionsupport.h"
#include "streamgroups.h"

#include <QSet>

using namespace Qt::StringLiterals;

namespace porthole {

using namespace streamactions;

namespace {

// Removes the entries before ARGV[1] only if no more of them are there than were planned
// (ARGV[2]): entries are only ever added after the last one, so none can have come in below
// the plan's MINID, and the check refuses should the stream say otherwise. Returns their ids.
constexpr QByteArrayView TrimScript = R"lua(
local gone = redis.call('XRANGE', KEYS[1], '-', '(' .. ARGV[1])
if #gone > tonumber(ARGV[2]) then
  return redis.error_reply('STALE ' .. #gone .. ' entries lie before ' .. ARGV[1] ..
                           ', more than the ' .. ARGV[2] .. ' planned')
end
redis.call('XTRIM', KEYS[1], 'MINID', '=', ARGV[1])
local ids = {}
for i, entry in ipairs(gone) do ids[i] = entry[1] end
return ids
)lua";

// Deletes the group only if it holds as many pending entries as planned (ARGV[2]).
constexpr QByteArrayView GroupDeleteScript = R"lua(
for _, group in ipairs(redis.call('XINFO', 'GROUPS', KEYS[1])) do
  local info = {}
  for i = 1, #group, 2 do info[group[i]] = group[i + 1] end
  if info['name'] == ARGV[1] then
    if info['pending'] ~= tonumber(ARGV[2]) then
      return redis.error_reply('STALE the group holds ' .. info['pending'] ..
                               ' pending entries now, ' .. ARGV[2] .. ' were planned')
    end
    return redis.call('XGROUP', 'DESTROY', KEYS[1], ARGV[1])
  end
end
return 0
)lua";

// Each element, out of the processing list (KEYS[2]) and onto the queue's end that consumers
// take from next (KEYS[1], RPUSH), in one step; 1 for each moved, 0 for one no longer there.
constexpr QByteArrayView RequeueScript = R"lua(
local moved = {}
for i, element in ipairs(ARGV) do
  if redis.call('LREM', KEYS[2], 1, element) == 1 then
    redis.call('RPUSH', KEYS[1], element)
    moved[i] = 1
  else
    moved[i] = 0
  end
end
return moved
)lua";

// Splits the plan's ids into changed and unchanged by the set that changed.
void sortOut(const QList<QByteArray> &ids, const QSet<QByteArray> &done,
             StreamActionOutcome &outcome)
{
    for (const QByteArray &id : ids)
        (done.contains(id) ? outcome.changed : outcome.unchanged).append(id);
}

// One command per id (XACK, XDEL); an id changed where the reply is 1.
Status perIdCommand(RedisClient &client, const QList<QByteArray> &prefix,
                    const QList<QByteArray> &ids, StreamActionOutcome &outcome)
{
    QList<QList<QByteArray>> commands;
    commands.reserve(ids.size());
    for (const QByteArray &id : ids)
        commands.append(prefix + QList<QByteArray>{id});
    const auto replies = pipelineChunked(client, commands);
    if (!replies)
        return replies.error();
    for (qsizetype i = 0; i < ids.size(); ++i) {
        const RedisReply &reply = replies->at(i);
        if (reply.isError())
            return refusedReply(reply, QString::fromUtf8(prefix.constFirst()));
        (reply.integer == 1 ? outcome.changed : outcome.unchanged).append(ids.at(i));
    }
    return success();
}

Status claim(RedisClient &client, const StreamActionPlan &plan, StreamActionOutcome &outcome)
{
    const StreamAction &a = plan.action;
    QSet<QByteArray> claimed;
    for (qsizetype at = 0; at < plan.ids.size(); at += ChunkSize) {
        QList<QByteArray> command{"XCLAIM", a.key, a.group, a.targetConsumer,
                                  QByteArray::number(a.minIdleMs)};
        command.append(plan.ids.mid(at, ChunkSize));
        command.append("JUSTID");
        const auto reply = client.command(command);
        if (Status array = checkArrayReply(reply, u"XCLAIM"_s); !array)
            return array;
        for (const RedisReply &id : reply->elements)
            claimed.insert(id.text);
    }
    sortOut(plan.ids, claimed, outcome);
    return success();
}

Status trim(RedisClient &client, const StreamActionPlan &plan, StreamActionOutcome &outcome)
{
    if (plan.ids.isEmpty())
        return success();
    const auto reply = client.evalScript(TrimScript, {plan.action.key},
                                         {plan.trimMinId, QByteArray::number(plan.ids.size())});
    if (!reply)
        return reply.error();
    if (reply->isError() && reply->text.startsWith("STALE"))
        return StorageError{StorageError::Kind::Conflict,
                            u"The trim was refused, nothing removed: %1; plan it again."_s.arg(
                                QString::fromUtf8(reply->text.mid(6)))};
    if (Status array = checkArrayReply(reply, u"XTRIM"_s); !array)
        return array;
    QSet<QByteArray> gone;
    for (const RedisReply &id : reply->elements)
        gone.insert(id.text);
    sortOut(plan.ids, gone, outcome);
    return success();
}

// Stores the entries still pending and in the stream, with the audit entry, then acknowledges
// them: in that order, so that a crash in between leaves them pending and stored, and the next
// run stores nothing again (the rows' ids are derived from key, group and entry id).
Status moveToDeadLetters(RedisClient &client, const StreamActionPlan &plan,
                         const StreamActionContext &context, const AuditRecord &audit,
                         StreamActionOutcome &outcome)
{
    const StreamAction &a = plan.action;
    const auto pending = pendingOf(client, a.key, a.group, plan.ids);
    if (!pending)
        return pending.error();
    DeadLetterBatch batch{a.key, a.group, a.reason, audit.actor, {}};
    for (const auto &entry : *pending)
        if (entry)
            batch.pending.append(*entry);
    const auto done = storeDeadLetters(context.db, client, batch, audit);
    if (!done)
        return done.error();
    outcome.auditId = done->auditId;
    outcome.alreadyStored = done->alreadyStored;
    faultPoint("stream-dead-letter-stored");
    StreamActionOutcome acked;
    if (Status ack = perIdCommand(client, {"XACK", a.key, a.group}, done->ids, acked); !ack)
        return StorageError{ack.error().kind,
                            ack.error().message +
                                u" The entries are stored as dead letters; run the action "
                                "again to acknowledge them (nothing is stored twice)."_s};
    // Stored either way; acknowledged by someone else in between if not by this XACK.
    sortOut(plan.ids, QSet<QByteArray>(done->ids.begin(), done->ids.end()), outcome);
    return success();
}

Status groupCommand(RedisClient &client, const StreamActionPlan &plan, StreamActionOutcome &outcome)
{
    const StreamAction &a = plan.action;
    Result<RedisReply> reply = RedisReply{};
    if (a.kind == StreamActionKind::GroupCreate) {
        QList<QByteArray> command{"XGROUP", "CREATE", a.key, a.group, a.startId};
        if (a.makeStream)
            command.append("MKSTREAM");
        reply = client.command(command);
    } else if (a.kind == StreamActionKind::GroupReset) {
        reply = client.command({"XGROUP", "SETID", a.key, a.group, a.startId});
    } else {
        reply = client.evalScript(GroupDeleteScript, {a.key},
                                  {a.group, QByteArray::number(plan.pendingCount)});
    }
    if (!reply)
        return reply.error();
    if (reply->isError() && reply->text.startsWith("STALE"))
        return StorageError{StorageError::Kind::Conflict,
                            u"The group was not deleted: %1; plan it again."_s.arg(
                                QString::fromUtf8(reply->text.mid(6)))};
    if (reply->isError())
        return refusedReply(*reply, u"XGROUP on %1"_s.arg(quoted(a.key)));
    if (reply->type == RedisReply::Type::Integer && reply->integer == 0)
        return StorageError{StorageError::Kind::NotFound,
                            u"The group %1 is gone already."_s.arg(quoted(a.group))};
    outcome.changed.append(a.group);
    return success();
}

Status deleteConsumer(RedisClient &client, const StreamActionPlan &plan,
                      StreamActionOutcome &outcome)
{
    const StreamAction &a = plan.action;
    const auto left = leaveGroupIfIdle(client, a.key, a.group, a.consumer);
    if (!left)
        return left.error();
    if (*left) {
        outcome.changed.append(a.consumer);
        return success();
    }
    qint64 holds = -1;
    if (const auto consumers = readStreamConsumers(client, a.key, a.group))
        for (const StreamConsumer &consumer : *consumers)
            if (consumer.name.toUtf8() == a.consumer)
                holds = consumer.pending;
    if (holds < 0)
        return StorageError{
            StorageError::Kind::NotFound,
            u"Group %1 has no consumer %2 any more."_s.arg(quoted(a.group), quoted(a.consumer))};
    return StorageError{StorageError::Kind::Conflict,
                        u"Consumer %1 was not deleted: it holds %2 now."_s.arg(quoted(a.consumer),
                                                                               entriesText(holds))};
}

Status requeue(RedisClient &client, const StreamActionPlan &plan, StreamActionOutcome &outcome)
{
    const StreamAction &a = plan.action;
    for (qsizetype at = 0; at < plan.ids.size(); at += ChunkSize) {
        const QList<QByteArray> part = plan.ids.mid(at, ChunkSize);
        const auto reply = client.evalScript(RequeueScript, {a.key, a.processingList}, part);
        if (Status array = checkArrayReply(reply, u"the requeue"_s); !array)
            return array;
        if (reply->elements.size() != part.size())
            return unexpectedReply(u"the requeue"_s);
        for (qsizetype i = 0; i < part.size(); ++i)
            (reply->elements.at(i).integer == 1 ? outcome.changed : outcome.unchanged)
                .append(part.at(i));
    }
    return success();
}

Status applyKind(RedisClient &client, const StreamActionPlan &plan,
                 const StreamActionContext &context, const AuditRecord &audit,
                 StreamActionOutcome &outcome)
{
    const StreamAction &a = plan.action;
    switch (a.kind) {
    case StreamActionKind::Claim:
    case StreamActionKind::AutoClaim:
        return claim(client, plan, outcome);
    case StreamActionKind::Ack:
        return perIdCommand(client, {"XACK", a.key, a.group}, plan.ids, outcome);
    case StreamActionKind::Delete:
        return perIdCommand(client, {"XDEL", a.key}, plan.ids, outcome);
    case StreamActionKind::Trim:
        return trim(client, plan, outcome);
    case StreamActionKind::DeadLetter:
        return moveToDeadLetters(client, plan, context, audit, outcome);
    case StreamActionKind::GroupCreate:
    case StreamActionKind::GroupReset:
    case StreamActionKind::GroupDelete:
        return groupCommand(client, plan, outcome);
    case StreamActionKind::ConsumerDelete:
        return deleteConsumer(client, plan, outcome);
    case StreamActionKind::Requeue:
        return requeue(client, plan, outcome);
    }
    return StorageError{StorageError::Kind::Internal, u"Unknown stream action."_s};
}

QString outcomeSummary(const StreamActionPlan &plan, const StreamActionOutcome &outcome)
{
    const StreamAction &a = plan.action;
    QString done;
    switch (a.kind) {
    case StreamActionKind::Claim:
    case StreamActionKind::AutoClaim:
        done = u"claimed for %1 in group %2 of %3"_s.arg(quoted(a.targetConsumer), quoted(a.group),
                                                         quoted(a.key));
        break;
    case StreamActionKind::Ack:
        done = u"acknowledged in group %1 of %2"_s.arg(quoted(a.group), quoted(a.key));
        break;
    case StreamActionKind::Delete:
    case StreamActionKind::Trim:
        done = u"removed from %1"_s.arg(quoted(a.key));
        break;
    case StreamActionKind::DeadLetter:
        done = u"of %1 moved to the dead letters from group %2 (%3 stored by an earlier run)"_s
                   .arg(quoted(a.key), quoted(a.group))
                   .arg(outcome.alreadyStored);
        break;
    case StreamActionKind::Requeue:
        return u"%1 element(s) of %2 back onto %3; %4 no longer there."_s
            .arg(outcome.changed.size())
            .arg(quoted(a.processingList), quoted(a.key))
            .arg(outcome.unchanged.size());
    // The plan's summary in the past: one thing, done. Every kind is named, so that the
    // compiler asks about a new one (whether its re-run may have changed nothing).
    case StreamActionKind::GroupCreate:
    case StreamActionKind::GroupReset:
    case StreamActionKind::GroupDelete:
    case StreamActionKind::ConsumerDelete:
        return QString(plan.summary)
            .replace(u" would be "_s, u" was "_s)
            .replace(u" would go on "_s, u" goes on "_s);
    }
    QString summary = entriesText(outcome.changed.size()) + u' ' + done + u'.';
    if (!outcome.unchanged.isEmpty())
        summary += u" %1 left alone: taken, acknowledged or gone since the plan."_s.arg(
            entriesText(outcome.unchanged.size()));
    return summary;
}

} // namespace

Result<StreamActionOutcome> applyStreamAction(RedisClient &client, const StreamActionPlan &plan,
                                              const StreamActionContext &context)
{
    const QString name = streamActionName(plan.action.kind);
    if (context.readOnly)
        return StorageError::invalidArgument(
            u"Porthole is read-only: %1 on %2 was refused and nothing changed."_s.arg(
                name, quoted(plan.action.key)));
    const bool audited = context.db.isValid();
    if (plan.action.kind == StreamActionKind::DeadLetter && !audited)
        return StorageError::invalidArgument(
            u"Moving entries to the dead letters needs the database they are stored in."_s);
    AuditRecord audit{name,
                      QString::fromUtf8(plan.action.key),
                      plan.action.toJson(),
                      {},
                      plan.action.reason.isEmpty() ? QString() : plan.action.reason + u'.',
                      context.actor.isEmpty() ? AuditLog::actorName() : context.actor};
    StreamActionOutcome outcome;
    if (Status applied = applyKind(client, plan, context, audit, outcome); !applied)
        return applied.error();
    outcome.summary = outcomeSummary(plan, outcome);
    if (audited && plan.action.kind != StreamActionKind::DeadLetter) {
        audit.ids = outcome.changed;
        audit.details = QString(audit.details + u' ' + outcome.summary).trimmed();
        auto appended = appendAudit(context.db, audit);
        if (!appended)
            return StorageError{appended.error().kind,
                                u"%1 The audit entry could not be written: %2"_s.arg(
                                    outcome.summary, appended.errorMessage())};
        outcome.auditId = *appended;
    }
    return outcome;
}

} // namespace porthole
