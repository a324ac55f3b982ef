#include "streamactions.h"

#include "redisclient.h"
#include "redisreplies.h"
#include "streamactionsupport.h"
#include "streamgroups.h"

#include <QJsonArray>
#include <QSet>

#include <array>

using namespace Qt::StringLiterals;

namespace porthole {

using namespace streamactions;

namespace {

constexpr std::array<std::pair<StreamActionKind, const char16_t *>, 11> KindNames{{
    {StreamActionKind::Claim, u"stream-claim"},
    {StreamActionKind::AutoClaim, u"stream-autoclaim"},
    {StreamActionKind::Ack, u"stream-ack"},
    {StreamActionKind::Delete, u"stream-delete"},
    {StreamActionKind::Trim, u"stream-trim"},
    {StreamActionKind::DeadLetter, u"stream-dead-letter"},
    {StreamActionKind::GroupCreate, u"stream-group-create"},
    {StreamActionKind::GroupReset, u"stream-group-reset"},
    {StreamActionKind::GroupDelete, u"stream-group-delete"},
    {StreamActionKind::ConsumerDelete, u"stream-consumer-delete"},
    {StreamActionKind::Requeue, u"list-requeue"},
}};

// Porthole's own list source marks the groups in its processing lists with these elements.
constexpr QByteArrayView GroupMarkerPrefix("porthole:group:");

QJsonArray idArray(const QList<QByteArray> &ids)
{
    QJsonArray array;
    for (const QByteArray &id : ids)
        array.append(QString::fromUtf8(id));
    return array;
}

StorageError missing(const QString &what)
{
    return StorageError::invalidArgument(u"%1 is needed for this action."_s.arg(what));
}

// The action's ids, checked: at least one, each a full entry id, none twice.
Status checkIds(const StreamAction &action)
{
    if (action.ids.isEmpty())
        return missing(u"At least one entry id"_s);
    QSet<QByteArray> seen;
    for (const QByteArray &id : action.ids) {
        if (!isFullEntryId(id))
            return StorageError::invalidArgument(
                u"\"%1\" is not a stream entry id: give it whole, e.g. 1764000000000-0."_s.arg(
                    QString::fromUtf8(id)));
        if (seen.contains(id))
            return StorageError::invalidArgument(
                u"Entry %1 is named twice."_s.arg(QString::fromUtf8(id)));
        seen.insert(id);
    }
    if (action.ids.size() > action.limit)
        return StorageError::invalidArgument(
            u"%1 ids are more than one action takes (%2)."_s.arg(action.ids.size())
                .arg(action.limit));
    return success();
}

Status checkStartId(const QByteArray &id)
{
    if (id == "$" || id == "0" || isFullEntryId(id))
        return success();
    return StorageError::invalidArgument(
        u"The group's start must be $ (new entries only), 0 (the whole stream) or an entry id, "
        "not \"%1\"."_s.arg(QString::fromUtf8(id)));
}

std::optional<GroupInfo> findGroup(const QList<GroupInfo> &groups, const QByteArray &name)
{
    for (const GroupInfo &group : groups)
        if (group.name == name)
            return group;
    return std::nullopt;
}

Result<GroupInfo> existingGroup(RedisClient &client, const StreamAction &action)
{
    if (action.group.isEmpty())
        return missing(u"A consumer group"_s);
    auto groups = readGroups(client, action.key);
    if (!groups)
        return groups.error();
    if (auto group = findGroup(*groups, action.group))
        return *group;
    return StorageError{
        StorageError::Kind::NotFound,
        u"The stream %1 has no consumer group %2."_s.arg(quoted(action.key), quoted(action.group))};
}

// Claim, Ack, DeadLetter with ids: which of them the group holds (idle long enough).
Status planNamedPending(RedisClient &client, StreamActionPlan &plan)
{
    const StreamAction &action = plan.action;
    if (Status ids = checkIds(action); !ids)
        return ids;
    if (auto group = existingGroup(client, action); !group)
        return group.error();
    const auto pending = pendingOf(client, action.key, action.group, action.ids);
    if (!pending)
        return pending.error();
    for (qsizetype i = 0; i < action.ids.size(); ++i) {
        const auto &entry = pending->at(i);
        if (!entry)
            plan.skipped.append({action.ids.at(i), u"not pending in group %1"_s.arg(
                                                       QString::fromUtf8(action.group))});
        else if (entry->idleMs < action.minIdleMs)
            plan.skipped.append(
                {action.ids.at(i),
                 u"idle %1 ms, less than %2 ms"_s.arg(entry->idleMs).arg(action.minIdleMs)});
        else {
            plan.ids.append(entry->id);
            plan.pending.append(*entry);
        }
    }
    return success();
}

// AutoClaim, DeadLetter without ids: the pending entries idle long enough, by id, page by page.
Status planIdlePending(RedisClient &client, StreamActionPlan &plan)
{
    const StreamAction &action = plan.action;
    if (auto group = existingGroup(client, action); !group)
        return group.error();
    PendingQuery query{action.key, action.group, action.consumer, action.minIdleMs, {}, 1000};
    while (true) {
        const auto page = readPendingPage(client, query);
        if (!page)
            return page.error();
        for (const PendingEntry &entry : *page) {
            if (entry.deliveries < action.minDeliveries)
                continue;
            if (plan.ids.size() >= action.limit) {
                plan.truncated = true;
                return success();
            }
            plan.ids.append(entry.id);
            plan.pending.append(entry);
        }
        if (page->size() < query.count)
            return success();
        query.after = page->constLast().id;
    }
}

// DeadLetter: the entries must still be in the stream, to be stored.
Status planDeadLetter(RedisClient &client, StreamActionPlan &plan)
{
    const StreamAction &action = plan.action;
    if (action.reason.trimmed().isEmpty())
        return missing(u"A reason (the dead letters' error)"_s);
    Status selected =
        action.ids.isEmpty() ? planIdlePending(client, plan) : planNamedPending(client, plan);
    if (!selected)
        return selected;
    const auto exist = entriesExist(client, action.key, plan.ids);
    if (!exist)
        return exist.error();
    QList<QByteArray> ids;
    QList<PendingEntry> pending;
    for (qsizetype i = 0; i < plan.ids.size(); ++i) {
        if (exist->at(i)) {
            ids.append(plan.ids.at(i));
            pending.append(plan.pending.at(i));
        } else {
            plan.skipped.append({plan.ids.at(i), u"deleted from the stream: nothing to store; "
                                                 "acknowledge it instead"_s});
        }
    }
    plan.ids = ids;
    plan.pending = pending;
    return success();
}

// The ids `group` holds as pending from the first up to `last`, a page at a time.
Status pendingUpTo(RedisClient &client, const QByteArray &key, const QByteArray &group,
                   const QByteArray &last, QSet<QByteArray> &ids)
{
    QByteArray from = "-";
    while (true) {
        const auto reply = client.command({"XPENDING", key, group, from, last, "1000"});
        if (Status array = checkArrayReply(reply, u"XPENDING"_s); !array)
            return array;
        for (const RedisReply &row : reply->elements) {
            if (row.type != RedisReply::Type::Array || row.elements.size() != 4)
                return unexpectedReply(u"XPENDING"_s);
            ids.insert(row.elements.constFirst().text);
        }
        if (reply->elements.size() < 1000)
            return success();
        from = '(' + reply->elements.constLast().elements.constFirst().text;
    }
}

// How many of `ids` (in order) some group of the stream holds: for a range of the stream
// (Trim), the groups' pending entries up to its last id; else each id asked of each group.
Result<qint64> pendingInAnyGroup(RedisClient &client, const QByteArray &key,
                                 const QList<QByteArray> &ids, bool range)
{
    auto groups = readGroups(client, key);
    if (!groups)
        return groups.error();
    QSet<QByteArray> held;
    for (const GroupInfo &group : std::as_const(*groups)) {
        if (group.pending == 0)
            continue;
        if (range) {
            if (Status read = pendingUpTo(client, key, group.name, ids.constLast(), held); !read)
                return read.error();
            continue;
        }
        const auto pending = pendingOf(client, key, group.name, ids);
        if (!pending)
            return pending.error();
        for (const auto &entry : *pending)
            if (entry)
                held.insert(entry->id);
    }
    const QSet<QByteArray> planned(ids.begin(), ids.end());
    return qint64(held.intersect(planned).size());
}

Status planDelete(RedisClient &client, StreamActionPlan &plan)
{
    const StreamAction &action = plan.action;
    if (Status ids = checkIds(action); !ids)
        return ids;
    const auto exist = entriesExist(client, action.key, action.ids);
    if (!exist)
        return exist.error();
    for (qsizetype i = 0; i < action.ids.size(); ++i) {
        if (exist->at(i))
            plan.ids.append(action.ids.at(i));
        else
            plan.skipped.append({action.ids.at(i), u"not in the stream"_s});
    }
    if (plan.ids.isEmpty())
        return success();
    auto held = pendingInAnyGroup(client, action.key, plan.ids, false);
    if (!held)
        return held.error();
    plan.pendingCount = *held;
    return success();
}

// The smallest id after `id`: XTRIM MINID keeps it and everything later.
QByteArray nextEntryId(const QByteArray &id)
{
    const qsizetype dash = id.indexOf('-');
    const quint64 ms = id.left(dash).toULongLong();
    const quint64 sequence = id.mid(dash + 1).toULongLong();
    if (sequence == std::numeric_limits<quint64>::max())
        return QByteArray::number(ms + 1) + "-0";
    return QByteArray::number(ms) + '-' + QByteArray::number(sequence + 1);
}

Status planTrim(RedisClient &client, StreamActionPlan &plan)
{
    const StreamAction &action = plan.action;
    auto info = readStreamInfo(client, action.key);
    if (!info)
        return info.error();
    QList<QByteArray> range{"XRANGE", action.key, "-"};
    qint64 wanted = action.limit + 1;
    if (action.trimStrategy == TrimStrategy::MaxLen) {
        bool ok = false;
        const qint64 keep = action.trimThreshold.toLongLong(&ok);
        if (!ok || keep < 0)
            return StorageError::invalidArgument(
                u"MAXLEN takes a number of entries to keep, not "
                "\"%1\"."_s.arg(QString::fromUtf8(action.trimThreshold)));
        range << "+";
        wanted = std::min(wanted, info->length - keep);
    } else {
        if (!isFullEntryId(action.trimThreshold))
            return StorageError::invalidArgument(u"MINID takes an entry id, not \"%1\"."_s.arg(
                QString::fromUtf8(action.trimThreshold)));
        range << '(' + action.trimThreshold;
    }
    if (wanted <= 0)
        return success();
    range << "COUNT" << QByteArray::number(wanted);
    const auto entries = client.command(range);
    if (Status array = checkArrayReply(entries, u"XRANGE"_s); !array)
        return array;
    for (const RedisReply &entry : entries->elements) {
        if (entry.type != RedisReply::Type::Array || entry.elements.isEmpty())
            return unexpectedReply(u"XRANGE"_s);
        plan.ids.append(entry.elements.constFirst().text);
    }
    if (plan.ids.size() > action.limit) {
        plan.ids.resize(action.limit);
        plan.truncated = true;
    }
    if (plan.ids.isEmpty())
        return success();
    plan.trimMinId = nextEntryId(plan.ids.constLast());
    auto held = pendingInAnyGroup(client, action.key, plan.ids, true);
    if (!held)
        return held.error();
    plan.pendingCount = *held;
    return success();
}

Status planGroup(RedisClient &client, StreamActionPlan &plan)
{
    const StreamAction &action = plan.action;
    if (action.kind == StreamActionKind::GroupCreate) {
        if (action.group.isEmpty())
            return missing(u"A consumer group"_s);
        if (Status start = checkStartId(action.startId); !start)
            return start;
        auto groups = readGroups(client, action.key);
        if (!groups && !(groups.error().kind == StorageError::Kind::NotFound && action.makeStream))
            return groups.error();
        if (groups && findGroup(*groups, action.group))
            return StorageError::invalidArgument(u"The stream %1 has a group %2 already."_s.arg(
                quoted(action.key), quoted(action.group)));
        return success();
    }
    auto group = existingGroup(client, action);
    if (!group)
        return group.error();
    plan.lastDeliveredId = group->lastDeliveredId;
    if (action.kind == StreamActionKind::GroupReset)
        return checkStartId(action.startId);
    plan.pendingCount = group->pending;
    plan.consumerCount = group->consumers;
    return success();
}

Status planConsumerDelete(RedisClient &client, StreamActionPlan &plan)
{
    const StreamAction &action = plan.action;
    if (action.consumer.isEmpty())
        return missing(u"A consumer"_s);
    if (auto group = existingGroup(client, action); !group)
        return group.error();
    const auto consumers = readStreamConsumers(client, action.key, action.group);
    if (!consumers)
        return consumers.error();
    for (const StreamConsumer &consumer : *consumers) {
        if (consumer.name.toUtf8() != action.consumer)
            continue;
        if (consumer.pending > 0)
            return StorageError::invalidArgument(
                u"Consumer %1 of group %2 holds %3: claim, acknowledge or move them first; "
                "deleting it would drop them."_s.arg(quoted(action.consumer), quoted(action.group),
                                                     entriesText(consumer.pending)));
        return success();
    }
    return StorageError{StorageError::Kind::NotFound,
                        u"Group %1 of %2 has no consumer %3."_s.arg(
                            quoted(action.group), quoted(action.key), quoted(action.consumer))};
}

// The type of `key`: a list or nothing there, else refused.
Status checkList(RedisClient &client, const QByteArray &key)
{
    const auto type = client.command({"TYPE", key});
    if (!type)
        return type.error();
    if (type->text == "list" || type->text == "none")
        return success();
    return StorageError::invalidArgument(
        u"%1 is a %2, not a list."_s.arg(quoted(key), QString::fromUtf8(type->text)));
}

Status planRequeue(RedisClient &client, StreamActionPlan &plan)
{
    const StreamAction &action = plan.action;
    if (action.processingList.isEmpty())
        return missing(u"The processing list"_s);
    if (action.processingList == action.key)
        return StorageError::invalidArgument(u"The queue and its processing list are one key."_s);
    for (const QByteArray &key : {action.key, action.processingList})
        if (Status list = checkList(client, key); !list)
            return list;
    const auto elements =
        client.command({"LRANGE", action.processingList, "0", QByteArray::number(action.limit)});
    if (Status array = checkArrayReply(elements, u"LRANGE"_s); !array)
        return array;
    for (const RedisReply &element : elements->elements) {
        if (plan.ids.size() + plan.skipped.size() >= action.limit) {
            plan.truncated = true;
            break;
        }
        if (element.text.startsWith(GroupMarkerPrefix))
            plan.skipped.append({element.text, u"Porthole's group marker, not a message"_s});
        else
            plan.ids.append(element.text);
    }
    return success();
}

Status planKind(RedisClient &client, StreamActionPlan &plan)
{
    const StreamAction &action = plan.action;
    if (action.key.isEmpty())
        return missing(u"A key"_s);
    switch (action.kind) {
    case StreamActionKind::Claim:
        if (action.targetConsumer.isEmpty())
            return missing(u"The consumer to claim for"_s);
        return planNamedPending(client, plan);
    case StreamActionKind::AutoClaim:
        if (action.targetConsumer.isEmpty())
            return missing(u"The consumer to claim for"_s);
        return planIdlePending(client, plan);
    case StreamActionKind::Ack:
        return planNamedPending(client, plan);
    case StreamActionKind::DeadLetter:
        return planDeadLetter(client, plan);
    case StreamActionKind::Delete:
        return planDelete(client, plan);
    case StreamActionKind::Trim:
        return planTrim(client, plan);
    case StreamActionKind::GroupCreate:
    case StreamActionKind::GroupReset:
    case StreamActionKind::GroupDelete:
        return planGroup(client, plan);
    case StreamActionKind::ConsumerDelete:
        return planConsumerDelete(client, plan);
    case StreamActionKind::Requeue:
        return planRequeue(client, plan);
    }
    return StorageError{StorageError::Kind::Internal, u"Unknown stream action."_s};
}

QString planSummary(const StreamActionPlan &plan)
{
    const StreamAction &a = plan.action;
    const QString n = entriesText(plan.ids.size());
    const QString key = quoted(a.key);
    const QString group = quoted(a.group);
    switch (a.kind) {
    case StreamActionKind::Claim:
    case StreamActionKind::AutoClaim:
        return u"%1 pending in group %2 of %3 would be claimed by %4."_s.arg(
            n, group, key, quoted(a.targetConsumer));
    case StreamActionKind::Ack:
        return u"%1 would be acknowledged in group %2 of %3."_s.arg(n, group, key);
    case StreamActionKind::DeadLetter:
        return u"%1 of %2 would be stored as dead letters, then acknowledged in group %3."_s.arg(
            n, key, group);
    case StreamActionKind::Delete:
    case StreamActionKind::Trim:
        return u"%1 would be removed from %2; %3 of them still pending in a group."_s.arg(n, key)
            .arg(plan.pendingCount);
    case StreamActionKind::GroupCreate:
        return u"Group %1 would be made on %2, starting after %3."_s.arg(
            group, key, QString::fromUtf8(a.startId));
    case StreamActionKind::GroupReset:
        return u"Group %1 of %2 would go on after %3 instead of %4; its pending entries stay."_s
            .arg(group, key, QString::fromUtf8(a.startId), QString::fromUtf8(plan.lastDeliveredId));
    case StreamActionKind::GroupDelete:
        return u"Group %1 of %2 would be deleted, with its consumers (%3) and pending entries "
               "(%4)."_s.arg(group, key)
                   .arg(plan.consumerCount)
                   .arg(plan.pendingCount);
    case StreamActionKind::ConsumerDelete:
        return u"Consumer %1 of group %2 (it holds nothing) would be deleted."_s.arg(
            quoted(a.consumer), group);
    case StreamActionKind::Requeue:
        return u"%1 element(s) of %2 would go back onto %3."_s.arg(plan.ids.size())
            .arg(quoted(a.processingList), key);
    }
    return {};
}

} // namespace

QString streamActionName(StreamActionKind kind)
{
    for (const auto &[k, name] : KindNames)
        if (k == kind)
            return QString::fromUtf16(name);
    return {};
}

std::optional<StreamActionKind> streamActionKindFromName(const QString &name)
{
    for (const auto &[kind, text] : KindNames)
        if (name == QStringView(text))
            return kind;
    return std::nullopt;
}

QJsonObject StreamAction::toJson() const
{
    QJsonObject json{{u"action"_s, streamActionName(kind)}, {u"key"_s, QString::fromUtf8(key)}};
    const auto add = [&json](const QString &name, const QByteArray &value) {
        if (!value.isEmpty())
            json.insert(name, QString::fromUtf8(value));
    };
    add(u"group"_s, group);
    add(u"consumer"_s, consumer);
    add(u"target_consumer"_s, targetConsumer);
    if (!ids.isEmpty())
        json.insert(u"ids"_s, idArray(ids));
    if (minIdleMs > 0)
        json.insert(u"min_idle_ms"_s, minIdleMs);
    if (minDeliveries > 0)
        json.insert(u"min_deliveries"_s, minDeliveries);
    if (kind == StreamActionKind::Trim) {
        json.insert(u"strategy"_s, trimStrategy == TrimStrategy::MaxLen ? u"MAXLEN"_s : u"MINID"_s);
        add(u"threshold"_s, trimThreshold);
    }
    if (kind == StreamActionKind::GroupCreate || kind == StreamActionKind::GroupReset)
        add(u"start_id"_s, startId);
    if (kind == StreamActionKind::GroupCreate && makeStream)
        json.insert(u"make_stream"_s, true);
    add(u"processing_list"_s, processingList);
    if (!reason.isEmpty())
        json.insert(u"reason"_s, reason);
    return json;
}

qint64 StreamActionPlan::itemCount() const
{
    return action.kind == StreamActionKind::GroupDelete ? pendingCount : ids.size();
}

bool StreamActionPlan::changesNothing() const
{
    switch (action.kind) {
    case StreamActionKind::GroupCreate:
    case StreamActionKind::GroupReset:
    case StreamActionKind::GroupDelete:
    case StreamActionKind::ConsumerDelete:
        return false;
    // Every kind is named, so that the compiler asks about a new one here too: an action
    // without items that fell through here would be "nothing to do" and never run.
    case StreamActionKind::Claim:
    case StreamActionKind::AutoClaim:
    case StreamActionKind::Ack:
    case StreamActionKind::Delete:
    case StreamActionKind::Trim:
    case StreamActionKind::DeadLetter:
    case StreamActionKind::Requeue:
        break;
    }
    return ids.isEmpty();
}

QJsonObject StreamActionPlan::toJson() const
{
    QJsonObject json = action.toJson();
    json.insert(u"planned_at"_s, plannedAt.toString(Qt::ISODateWithMs));
    json.insert(u"changes"_s, idArray(ids));
    json.insert(u"count"_s, qint64(ids.size()));
    QJsonArray skippedJson;
    for (const SkippedItem &item : skipped)
        skippedJson.append(
            QJsonObject{{u"id"_s, QString::fromUtf8(item.id)}, {u"reason"_s, item.reason}});
    json.insert(u"skipped"_s, skippedJson);
    json.insert(u"pending_count"_s, pendingCount);
    if (action.kind == StreamActionKind::GroupDelete)
        json.insert(u"consumer_count"_s, consumerCount);
    if (!trimMinId.isEmpty())
        json.insert(u"trim_min_id"_s, QString::fromUtf8(trimMinId));
    if (!lastDeliveredId.isEmpty())
        json.insert(u"last_delivered_id"_s, QString::fromUtf8(lastDeliveredId));
    json.insert(u"truncated"_s, truncated);
    json.insert(u"summary"_s, summary);
    return json;
}

Result<StreamActionPlan> planStreamAction(RedisClient &client, const StreamAction &action)
{
    StreamActionPlan plan;
    plan.action = action;
    plan.plannedAt = QDateTime::currentDateTimeUtc();
    if (action.limit <= 0)
        return StorageError::invalidArgument(u"A plan's limit must be positive."_s);
    if (Status planned = planKind(client, plan); !planned)
        return planned.error();
    plan.summary = planSummary(plan);
    if (plan.truncated)
        plan.summary += u" More matched: only these %1 are planned."_s.arg(plan.ids.size());
    return plan;
}

} // namespace porthole
