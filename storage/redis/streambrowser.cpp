#include "streambrowser.h"

#include "redisclient.h"
#include "redisclusterscan.h"
#include "redisreplies.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// An XRANGE/XREVRANGE/XCLAIM entry: [id, [field, value, ...]].
std::optional<StreamEntry> entryOf(const RedisReply &reply)
{
    if (reply.type != RedisReply::Type::Array || reply.elements.size() != 2 ||
        reply.elements.at(0).type != RedisReply::Type::String)
        return std::nullopt;
    StreamEntry entry;
    entry.id = reply.elements.at(0).text;
    const RedisReply &fields = reply.elements.at(1);
    if (fields.isNil()) // an entry deleted while it was pending
        return entry;
    if (fields.type != RedisReply::Type::Array || fields.elements.size() % 2 != 0)
        return std::nullopt;
    for (qsizetype i = 0; i + 1 < fields.elements.size(); i += 2)
        entry.fields.append({fields.elements.at(i).text, fields.elements.at(i + 1).text});
    return entry;
}

Result<QList<StreamEntry>> entriesOf(const Result<RedisReply> &reply, const QString &what)
{
    if (Status array = checkArrayReply(reply, what); !array)
        return array.error();
    QList<StreamEntry> entries;
    entries.reserve(reply->elements.size());
    for (const RedisReply &element : reply->elements) {
        auto entry = entryOf(element);
        if (!entry)
            return unexpectedReply(what);
        entries.append(std::move(*entry));
    }
    return entries;
}

// A count Redis takes: at least one.
QByteArray countOf(int count)
{
    return QByteArray::number(std::max(1, count));
}

QByteArray textOf(const RedisReply *reply)
{
    return reply != nullptr && reply->type == RedisReply::Type::String ? reply->text : QByteArray();
}

qint64 integerOf(const RedisReply *reply, qint64 otherwise)
{
    return reply != nullptr && reply->type == RedisReply::Type::Integer ? reply->integer
                                                                        : otherwise;
}

// The command that tells how long a key of `type` is; empty for a type without one.
QByteArray lengthCommand(const QByteArray &type)
{
    if (type == "string")
        return "STRLEN";
    if (type == "list")
        return "LLEN";
    if (type == "set")
        return "SCARD";
    if (type == "zset")
        return "ZCARD";
    if (type == "hash")
        return "HLEN";
    if (type == "stream")
        return "XLEN";
    return {};
}

// SCAN's step, over every master of a cluster: the cursor and the keys it found.
Result<std::pair<QByteArray, QList<QByteArray>>> scanStep(RedisClient &client, const KeyScan &scan)
{
    QList<QByteArray> options;
    if (!scan.pattern.isEmpty())
        options << "MATCH" << scan.pattern;
    options << "COUNT" << countOf(scan.count);
    if (!scan.type.isEmpty())
        options << "TYPE" << scan.type;
    auto step =
        scanAllNodes(client, scan.cursor.isEmpty() ? QByteArray("0") : scan.cursor, options);
    if (!step)
        return step.error();
    return std::pair{std::move(step->cursor), std::move(step->keys)};
}

// The type (unless the scan named it), time to live and memory of each key, then the lengths.
Status describeKeys(RedisClient &client, const QByteArray &knownType, QList<RedisKey> *keys)
{
    const int perKey = knownType.isEmpty() ? 3 : 2;
    QList<QList<QByteArray>> commands;
    for (const RedisKey &key : std::as_const(*keys)) {
        commands.append({"PTTL", key.name});
        commands.append({"MEMORY", "USAGE", key.name, "SAMPLES", "5"});
        if (knownType.isEmpty())
            commands.append({"TYPE", key.name});
    }
    const auto described = client.pipeline(commands);
    if (!described)
        return described.error();
    QList<QList<QByteArray>> lengths;
    QList<qsizetype> measured;
    for (qsizetype i = 0; i < keys->size(); ++i) {
        RedisKey &key = (*keys)[i];
        const qint64 ttl = integerOf(&described->at(i * perKey), -1);
        key.ttlMs = ttl < 0 ? -1 : ttl;
        key.memoryBytes = integerOf(&described->at(i * perKey + 1), -1);
        key.type = knownType.isEmpty() ? described->at(i * perKey + 2).text : knownType;
        if (const QByteArray command = lengthCommand(key.type); !command.isEmpty()) {
            lengths.append({command, key.name});
            measured.append(i);
        }
    }
    if (lengths.isEmpty())
        return success();
    const auto counted = client.pipeline(lengths);
    if (!counted)
        return counted.error();
    for (qsizetype i = 0; i < measured.size(); ++i)
        (*keys)[measured.at(i)].length = integerOf(&counted->at(i), -1);
    return success();
}

} // namespace

Result<QList<StreamEntry>> readStreamPage(RedisClient &client, const QByteArray &key,
                                          StreamDirection direction, const QByteArray &after,
                                          int count)
{
    const bool forward = direction == StreamDirection::Forward;
    const QByteArray start = after.isEmpty() ? QByteArray(forward ? "-" : "+") : '(' + after;
    const QByteArray end = forward ? "+" : "-";
    const char *command = forward ? "XRANGE" : "XREVRANGE";
    return entriesOf(client.command({command, key, start, end, "COUNT", countOf(count)}),
                     QString::fromLatin1(command));
}

Result<QList<StreamEntry>> readStreamFrom(RedisClient &client, const QByteArray &key,
                                          const QByteArray &from, int count)
{
    return entriesOf(client.command({"XRANGE", key, from, "+", "COUNT", countOf(count)}),
                     u"XRANGE"_s);
}

QByteArray streamIdAt(const QDateTime &time)
{
    return QByteArray::number(std::max<qint64>(0, time.toMSecsSinceEpoch())) + "-0";
}

QDateTime streamIdTime(const QByteArray &id)
{
    // MS or MS-SEQ, both decimal.
    const qsizetype dash = id.indexOf('-');
    const QByteArray ms = dash < 0 ? id : id.left(dash);
    const QByteArray sequence = dash < 0 ? QByteArray("0") : id.mid(dash + 1);
    const auto decimal = [](const QByteArray &part) {
        return !part.isEmpty() &&
               std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    bool ok = false;
    const qint64 time = ms.toLongLong(&ok);
    return ok && decimal(ms) && decimal(sequence) ? QDateTime::fromMSecsSinceEpoch(time, Qt::UTC)
                                                  : QDateTime();
}

Result<StreamInfo> readStreamInfo(RedisClient &client, const QByteArray &key)
{
    const auto reply = client.command({"XINFO", "STREAM", key});
    if (!reply)
        return reply.error();
    if (reply->isError())
        return refusedReply(*reply, u"XINFO STREAM %1"_s.arg(QString::fromUtf8(key)));
    const auto fields = fieldsOf(*reply);
    if (!fields || !fields->contains("length"))
        return unexpectedReply(u"XINFO STREAM"_s);
    StreamInfo info;
    info.length = integerOf(fields->value("length"), 0);
    info.lastGeneratedId = textOf(fields->value("last-generated-id"));
    info.maxDeletedId = textOf(fields->value("max-deleted-entry-id"));
    info.entriesAdded = integerOf(fields->value("entries-added"), -1);
    info.groups = integerOf(fields->value("groups"), 0);
    for (const auto &[name, id] :
         {std::pair{"first-entry", &info.firstId}, std::pair{"last-entry", &info.lastId}}) {
        if (const RedisReply *entry = fields->value(name); entry != nullptr && !entry->isNil()) {
            const auto parsed = entryOf(*entry);
            if (!parsed)
                return unexpectedReply(u"XINFO STREAM"_s);
            *id = parsed->id;
        }
    }
    return info;
}

Result<QList<PendingEntry>> readPendingPage(RedisClient &client, const PendingQuery &query)
{
    QList<QByteArray> command{"XPENDING", query.key, query.group};
    if (query.minIdleMs > 0)
        command << "IDLE" << QByteArray::number(query.minIdleMs);
    command << (query.after.isEmpty() ? QByteArray("-") : '(' + query.after) << "+"
            << countOf(query.count);
    if (!query.consumer.isEmpty())
        command << query.consumer;
    const auto reply = client.command(command);
    if (Status array = checkArrayReply(reply, u"XPENDING"_s); !array)
        return array.error();
    QList<PendingEntry> entries;
    entries.reserve(reply->elements.size());
    for (const RedisReply &element : reply->elements) {
        if (element.type != RedisReply::Type::Array || element.elements.size() != 4)
            return unexpectedReply(u"XPENDING"_s);
        entries.append({element.elements.at(0).text, QString::fromUtf8(element.elements.at(1).text),
                        element.elements.at(2).integer, element.elements.at(3).integer});
    }
    return entries;
}

Result<ListPage> readListPage(RedisClient &client, const QByteArray &key, qint64 start, int count)
{
    // From the tail: LRANGE takes negative indexes, up to -1 at the most.
    const qint64 last = start < 0 ? std::min<qint64>(-1, start + std::max(1, count) - 1)
                                  : start + std::max(1, count) - 1;
    const auto replies = client.pipeline(
        {{"LLEN", key}, {"LRANGE", key, QByteArray::number(start), QByteArray::number(last)}});
    if (!replies)
        return replies.error();
    const RedisReply &length = replies->at(0);
    if (length.isError())
        return refusedReply(length, u"LLEN %1"_s.arg(QString::fromUtf8(key)));
    if (length.type != RedisReply::Type::Integer)
        return unexpectedReply(u"LLEN"_s);
    if (Status array = checkArrayReply(replies->at(1), u"LRANGE"_s); !array)
        return array.error();
    ListPage page;
    page.length = length.integer;
    page.start = start < 0 ? std::max<qint64>(0, page.length + start) : start;
    page.elements.reserve(replies->at(1).elements.size());
    for (const RedisReply &element : replies->at(1).elements)
        page.elements.append(element.text);
    return page;
}

Result<RedisKey> readKey(RedisClient &client, const QByteArray &key)
{
    QList<RedisKey> keys{{key, {}, -1, -1, -1}};
    if (Status described = describeKeys(client, {}, &keys); !described)
        return described.error();
    return keys.constFirst();
}

Result<RedisKey> readChannel(RedisClient &client, const QByteArray &channel)
{
    const auto reply = client.command({"PUBSUB", "NUMSUB", channel});
    if (Status array = checkArrayReply(reply, u"PUBSUB NUMSUB"_s); !array)
        return array.error();
    if (reply->elements.size() != 2)
        return unexpectedReply(u"PUBSUB NUMSUB"_s);
    return RedisKey{channel, "channel", integerOf(&reply->elements.at(1), -1), -1, -1};
}

Result<RedisKeyPage> scanKeys(RedisClient &client, const KeyScan &scan)
{
    const auto step = scanStep(client, scan);
    if (!step)
        return step.error();
    RedisKeyPage page;
    page.cursor = step->first;
    for (const QByteArray &name : step->second)
        page.keys.append({name, {}, -1, -1, -1});
    if (page.keys.isEmpty())
        return page;
    if (Status described = describeKeys(client, scan.type, &page.keys); !described)
        return described.error();
    return page;
}

bool isFullEntryId(const QByteArray &id)
{
    const qsizetype dash = id.indexOf('-');
    if (dash <= 0 || dash + 1 >= id.size() || id.size() > 41)
        return false;
    for (qsizetype i = 0; i < id.size(); ++i)
        if (i != dash && (id.at(i) < '0' || id.at(i) > '9'))
            return false;
    bool msOk = false;
    bool seqOk = false;
    id.left(dash).toULongLong(&msOk);
    id.mid(dash + 1).toULongLong(&seqOk);
    return msOk && seqOk;
}

} // namespace porthole
