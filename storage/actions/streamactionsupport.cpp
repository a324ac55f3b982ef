#include "streamactionsupport.h"

#include "auditlog.h"
#include "ingestmessagewriter.h"
#include "redisreplies.h"
#include "sqlsupport.h"
#include "streamentrypayload.h"
#include "streamgroups.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace porthole::streamactions {

Result<QList<RedisReply>> pipelineChunked(RedisClient &client,
                                          const QList<QList<QByteArray>> &commands)
{
    QList<RedisReply> replies;
    replies.reserve(commands.size());
    for (qsizetype at = 0; at < commands.size(); at += ChunkSize) {
        auto part = client.pipeline(commands.mid(at, ChunkSize));
        if (!part)
            return part.error();
        replies.append(std::move(*part));
    }
    return replies;
}

Result<QList<std::optional<PendingEntry>>> pendingOf(RedisClient &client, const QByteArray &key,
                                                     const QByteArray &group,
                                                     const QList<QByteArray> &ids,
                                                     const QByteArray &consumer)
{
    QList<QList<QByteArray>> commands;
    commands.reserve(ids.size());
    for (const QByteArray &id : ids) {
        commands.append({"XPENDING", key, group, id, id, "1"});
        if (!consumer.isEmpty())
            commands.last().append(consumer);
    }
    const auto replies = pipelineChunked(client, commands);
    if (!replies)
        return replies.error();
    QList<std::optional<PendingEntry>> found;
    found.reserve(ids.size());
    for (const RedisReply &reply : *replies) {
        if (reply.isError())
            return refusedReply(reply, u"XPENDING of group %1"_s.arg(quoted(group)));
        if (reply.type != RedisReply::Type::Array)
            return unexpectedReply(u"XPENDING"_s);
        if (reply.elements.isEmpty()) {
            found.append(std::nullopt);
            continue;
        }
        const RedisReply &row = reply.elements.constFirst();
        if (row.type != RedisReply::Type::Array || row.elements.size() != 4)
            return unexpectedReply(u"XPENDING"_s);
        found.append(PendingEntry{row.elements.at(0).text,
                                  QString::fromUtf8(row.elements.at(1).text),
                                  row.elements.at(2).integer, row.elements.at(3).integer});
    }
    return found;
}

Result<QList<std::optional<StreamEntry>>> entriesOf(RedisClient &client, const QByteArray &key,
                                                    const QList<QByteArray> &ids)
{
    QList<QList<QByteArray>> commands;
    commands.reserve(ids.size());
    for (const QByteArray &id : ids)
        commands.append({"XRANGE", key, id, id, "COUNT", "1"});
    const auto replies = pipelineChunked(client, commands);
    if (!replies)
        return replies.error();
    QList<std::optional<StreamEntry>> found;
    found.reserve(ids.size());
    for (const RedisReply &reply : *replies) {
        if (reply.isError())
            return refusedReply(reply, u"XRANGE of %1"_s.arg(quoted(key)));
        if (reply.type != RedisReply::Type::Array)
            return unexpectedReply(u"XRANGE"_s);
        if (reply.elements.isEmpty()) {
            found.append(std::nullopt);
            continue;
        }
        const RedisReply &row = reply.elements.constFirst();
        if (row.type != RedisReply::Type::Array || row.elements.size() != 2 ||
            row.elements.at(1).type != RedisReply::Type::Array ||
            row.elements.at(1).elements.size() % 2 != 0)
            return unexpectedReply(u"XRANGE"_s);
        StreamEntry entry{row.elements.at(0).text, {}};
        const QList<RedisReply> &fields = row.elements.at(1).elements;
        for (qsizetype i = 0; i + 1 < fields.size(); i += 2)
            entry.fields.append({fields.at(i).text, fields.at(i + 1).text});
        found.append(std::move(entry));
    }
    return found;
}

namespace {

// 1 for each id (ARGV) the stream (KEYS[1]) holds, else 0; XRANGE's answer stays in the server.
constexpr QByteArrayView ExistScript = R"lua(
local found = {}
for i, id in ipairs(ARGV) do
  found[i] = #redis.call('XRANGE', KEYS[1], id, id, 'COUNT', 1)
end
return found
)lua";

} // namespace

Result<QList<bool>> entriesExist(RedisClient &client, const QByteArray &key,
                                 const QList<QByteArray> &ids)
{
    QList<bool> found;
    found.reserve(ids.size());
    for (qsizetype at = 0; at < ids.size(); at += ChunkSize) {
        const QList<QByteArray> part = ids.mid(at, ChunkSize);
        const auto reply = client.evalScript(ExistScript, {key}, part);
        if (Status array = checkArrayReply(reply, u"XRANGE of %1"_s.arg(quoted(key))); !array)
            return array.error();
        if (reply->elements.size() != part.size())
            return unexpectedReply(u"XRANGE"_s);
        for (const RedisReply &one : reply->elements)
            found.append(one.integer > 0);
    }
    return found;
}

Result<QList<GroupInfo>> readGroups(RedisClient &client, const QByteArray &key)
{
    const auto type = client.command({"TYPE", key});
    if (!type)
        return type.error();
    if (type->text == "none")
        return StorageError{StorageError::Kind::NotFound,
                            u"There is no key %1 on the server."_s.arg(quoted(key))};
    if (type->text != "stream")
        return StorageError::invalidArgument(
            u"%1 is a %2, not a stream."_s.arg(quoted(key), QString::fromUtf8(type->text)));
    const auto reply = client.command({"XINFO", "GROUPS", key});
    if (Status array = checkArrayReply(reply, u"XINFO GROUPS"_s); !array)
        return array.error();
    const auto parsed = parseStreamGroups(*reply, key);
    if (!parsed)
        return unexpectedReply(u"XINFO GROUPS"_s);
    QList<GroupInfo> groups;
    for (const StreamGroup &group : *parsed)
        groups.append(
            {group.group.toUtf8(), group.consumerCount, group.pending, group.lastDeliveredId});
    return groups;
}

QString entriesText(qint64 count)
{
    return count == 1 ? u"1 entry"_s : u"%1 entries"_s.arg(count);
}

QString quoted(const QByteArray &name)
{
    return u'"' + QString::fromUtf8(name) + u'"';
}

namespace {

// A dead letter's message_data: {"raw": text} when the payload is text, {"raw_base64": ...}
// otherwise, as the ingest sink keeps it.
QByteArray rawPayloadJson(const QByteArray &payload)
{
    QJsonObject object;
    if (isStoredAsText(payload))
        object.insert(u"raw"_s, QString::fromUtf8(payload));
    else
        object.insert(u"raw_base64"_s, QString::fromLatin1(payload.toBase64()));
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// A name for a column of at most 255 characters, never empty.
QString columnName(const QByteArray &name, const QString &otherwise)
{
    QString text = withoutNul(QString::fromUtf8(name));
    if (text.isEmpty())
        return otherwise;
    if (text.size() > 255) {
        text.truncate(255);
        if (text.back().isHighSurrogate())
            text.chop(1);
    }
    return text;
}

QJsonArray idArray(const QList<QByteArray> &ids)
{
    QJsonArray array;
    for (const QByteArray &id : ids)
        array.append(QString::fromUtf8(id));
    return array;
}

AuditEntry auditEntry(const AuditRecord &audit)
{
    AuditEntry entry;
    entry.actor = audit.actor;
    entry.action = audit.action;
    entry.targetTable = withoutNul(audit.target);
    entry.filter = audit.filter;
    entry.affectedIds = idArray(audit.ids);
    entry.affectedCount = audit.ids.size();
    entry.details = withoutNul(audit.details);
    return entry;
}

// Stores one entry as a dead letter unless its row is there; 1 if stored, 0 if it was.
Result<qint64> storeOne(const QSqlDatabase &db, const DeadLetterBatch &batch,
                        const StreamEntry &entry, const PendingEntry &pending)
{
    QList<QByteArrayView> elements;
    for (const auto &[name, value] : entry.fields)
        elements << name << value;
    const StreamEntryPayload payload = streamEntryPayload(elements);
    const QString rowId = deadLetterRowId(batch.key, batch.group, entry.id);
    QJsonObject details{{u"delivery_key"_s, QString(u"stream-dead-letter:"_s + rowId)},
                        {u"delivery_count"_s, pending.deliveries},
                        {u"source"_s, withoutNul(QString::fromUtf8(batch.key))},
                        {u"group"_s, withoutNul(QString::fromUtf8(batch.group))},
                        {u"consumer"_s, withoutNul(pending.consumer)},
                        {u"entry_id"_s, QString::fromUtf8(entry.id)},
                        {u"idle_ms"_s, pending.idleMs},
                        {u"moved_by"_s, batch.actor},
                        {u"payload_bytes"_s, qint64(payload.payload.size())}};
    if (payload.fieldsAsJson)
        details.insert(u"fields_as_json"_s, true);
    const SqlEngine engine = engineOf(db);
    auto inserted = execQuery(
        db,
        u"INSERT INTO port_messages (id, port_name, source_component, target_component, "
        "message_data, status, retry_count, max_retries, created_at, error_message, "
        "error_details) VALUES (?, ?, ?, ?, ?, 'dead_letter', 0, 3, ?, ?, ?) "
        "ON CONFLICT (id) DO NOTHING"_s,
        {rowId, columnName(batch.key, u"(unknown source)"_s), u"redis"_s,
         columnName(batch.group, u"(unknown group)"_s), jsonParam(rawPayloadJson(payload.payload)),
         timestampParam(QDateTime::currentDateTimeUtc(), engine), withoutNul(batch.reason),
         jsonParam(QJsonDocument(details).toJson(QJsonDocument::Compact))},
        u"Storing stream entry %1 as a dead letter"_s.arg(QString::fromUtf8(entry.id)));
    if (!inserted)
        return inserted.error();
    return qint64(inserted->numRowsAffected());
}

} // namespace

Result<StoredDeadLetters> storeDeadLetters(const QSqlDatabase &db, RedisClient &client,
                                           const DeadLetterBatch &batch, AuditRecord audit)
{
    SqlTransaction transaction(db);
    if (Status begun = transaction.begin(); !begun)
        return begun.error();
    StoredDeadLetters stored;
    for (qsizetype at = 0; at < batch.pending.size(); at += ChunkSize) {
        const QList<PendingEntry> part = batch.pending.mid(at, ChunkSize);
        QList<QByteArray> ids;
        for (const PendingEntry &entry : part)
            ids.append(entry.id);
        const auto entries = entriesOf(client, batch.key, ids);
        if (!entries)
            return entries.error();
        for (qsizetype i = 0; i < part.size(); ++i) {
            if (!entries->at(i))
                continue;
            auto one = storeOne(db, batch, *entries->at(i), part.at(i));
            if (!one)
                return one.error();
            stored.ids.append(ids.at(i));
            if (*one == 0)
                ++stored.alreadyStored;
        }
    }
    audit.ids = stored.ids;
    audit.details += u" Stored %1 as dead letters (%2 by an earlier run), to be "
                     "acknowledged next."_s.arg(entriesText(stored.ids.size()))
                         .arg(stored.alreadyStored);
    auto audited = AuditLog(db).append(auditEntry(audit));
    if (!audited)
        return audited.error();
    stored.auditId = *audited;
    if (Status committed = transaction.commit(); !committed)
        return committed.error();
    return stored;
}

Result<qint64> appendAudit(const QSqlDatabase &db, const AuditRecord &audit)
{
    return AuditLog(db).append(auditEntry(audit));
}

} // namespace porthole::streamactions
