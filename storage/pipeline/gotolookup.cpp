#include "gotolookup.h"

#include "batchline.h"
#include "batchstorescan.h"
#include "fallbacktable.h"
#include "journey.h"
#include "journeyreceipts.h"
#include "redisclient.h"
#include "redisclusterscan.h"
#include "repositorysupport.h"
#include "sqlsupport.h"

#include <QRegularExpression>
#include <QSqlQuery>
#include <QUuid>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// `text` as a glob for SCAN MATCH that matches it anywhere.
QByteArray containsGlob(const QByteArray &text)
{
    QByteArray escaped;
    for (const char c : text) {
        if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\')
            escaped += '\\';
        escaped += c;
    }
    return '*' + escaped + '*';
}

// The number `text` names: "42", "#42", "0042", "Message #42", "messages_batch_0042.txt".
std::optional<qint64> numberIn(const QString &text)
{
    static const QRegularExpression number(
        u"^(?:message\\s*)?#?\\s*(?:messages_batch_)?0*(\\d{1,18})(?:\\.txt)?$"_s,
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch match = number.match(text.trimmed());
    if (!match.hasMatch())
        return std::nullopt;
    return match.captured(1).toLongLong();
}

QString tableOf(GoToKind kind)
{
    switch (kind) {
    case GoToKind::Port:
        return u"port_messages"_s;
    case GoToKind::Checkpoint:
        return u"checkpoints"_s;
    case GoToKind::Message:
        return u"messages"_s;
    default:
        return {};
    }
}

} // namespace

GoToLookup::GoToLookup(QSqlDatabase db)
    : m_db(std::move(db))
{}

QList<GoToKind> GoToLookup::kinds() const
{
    QList<GoToKind> kinds;
    if (hasTable(m_db, u"port_messages"_s))
        kinds << GoToKind::Port;
    if (hasTable(m_db, u"system_health"_s) || hasTable(m_db, u"component_state"_s))
        kinds << GoToKind::Component;
    if (hasTable(m_db, u"checkpoints"_s))
        kinds << GoToKind::Checkpoint;
    if (hasTable(m_db, u"messages"_s))
        kinds << GoToKind::Message;
    if (hasTable(m_db, u"port_messages"_s))
        kinds << GoToKind::Journey;
    return kinds;
}

Result<QList<GoToHit>> GoToLookup::find(GoToKind kind, const QString &text, int limit) const
{
    if (text.trimmed().isEmpty() || limit <= 0)
        return QList<GoToHit>{};
    switch (kind) {
    case GoToKind::Port:
    case GoToKind::Checkpoint: {
        const QString table = tableOf(kind);
        if (!hasTable(m_db, table))
            return QList<GoToHit>{};
        return names(kind, table, kind == GoToKind::Port ? u"port_name"_s : u"checkpoint_name"_s,
                     text, limit);
    }
    case GoToKind::Component: {
        // Each component once: where its health is kept, else where its state is.
        QList<GoToHit> found;
        for (const QString &table : {u"system_health"_s, u"component_state"_s}) {
            if (!hasTable(m_db, table) || found.size() >= limit)
                continue;
            auto more = names(kind, table, u"component_name"_s, text, limit);
            if (!more)
                return more.error();
            for (const GoToHit &hit : std::as_const(*more)) {
                const bool known = std::any_of(found.cbegin(), found.cend(), [&hit](const auto &h) {
                    return h.value == hit.value;
                });
                if (!known && found.size() < limit)
                    found << hit;
            }
        }
        return found;
    }
    case GoToKind::Message:
        return hasTable(m_db, u"messages"_s) ? messages(text, limit) : QList<GoToHit>{};
    case GoToKind::Journey:
        return hasTable(m_db, u"port_messages"_s) ? journeys(text.trimmed()) : QList<GoToHit>{};
    default:
        return QList<GoToHit>{};
    }
}

Result<QList<GoToHit>> GoToLookup::journeys(const QString &text) const
{
    // An id is long: a few characters name no message, and are not looked up.
    if (text.size() < 6)
        return QList<GoToHit>{};
    // A delivery key names one delivery: its journey says what it became, or that nothing did.
    if (isDeliveryKey(text))
        return QList<GoToHit>{{.kind = GoToKind::Journey,
                               .value = text,
                               .detail = u"delivery key"_s,
                               .table = u"ingest_deliveries"_s}};
    if (batchLineOf(text))
        return QList<GoToHit>{{.kind = GoToKind::Journey,
                               .value = text,
                               .detail = u"batch file line"_s,
                               .table = u"ingest_deliveries"_s}};
    const SqlEngine engine = engineOf(m_db);
    // What holds the text, each through its index: the row's id, then each key's value.
    QStringList asked;
    QVariantList params;
    if (engine == SqlEngine::SQLite || !QUuid::fromString(text).isNull()) {
        asked << u"SELECT 'id' FROM (SELECT 1 FROM port_messages WHERE id = ? LIMIT 1) AS hit"_s;
        params << text;
    }
    if (hasTable(m_db, u"sink_storage"_s) &&
        (engine == SqlEngine::SQLite || !QUuid::fromString(text).isNull())) {
        asked << u"SELECT 'sink storage id' FROM (SELECT 1 FROM sink_storage WHERE id = ? "
                 "LIMIT 1) AS hit"_s;
        params << text;
    }
    for (const QString &key : CorrelationKeys().all()) {
        asked << u"SELECT '%1' FROM (SELECT 1 FROM port_messages WHERE %2 = ? LIMIT 1) AS hit"_s
                     .arg(key, JourneyReader::keyExpression(engine, key));
        params << text;
    }
    auto query =
        execQuery(m_db, asked.join(u" UNION ALL "_s), params, u"Looking up a message's journey"_s);
    if (!query)
        return query.error();
    QStringList holders;
    while (query->next())
        holders << query->value(0).toString();
    if (holders.isEmpty())
        return QList<GoToHit>{};
    return QList<GoToHit>{{.kind = GoToKind::Journey,
                           .value = text,
                           .detail = holders.join(u", "_s),
                           .table = u"port_messages"_s}};
}

Result<QList<GoToHit>> GoToLookup::names(GoToKind kind, const QString &table, const QString &column,
                                         const QString &text, int limit) const
{
    // The distinct names by a skip scan over the column's index; those that start with the
    // text first.
    const QString sql =
        u"WITH RECURSIVE "_s + distinctValuesCte(u"n"_s, table, column) +
        u" SELECT value FROM n WHERE value IS NOT NULL AND lower(value) LIKE ? ESCAPE '\\' "
        "ORDER BY CASE WHEN lower(value) LIKE ? ESCAPE '\\' THEN 0 ELSE 1 END, value LIMIT %1"_s
            .arg(limit);
    const QString pattern = containsPattern(text.trimmed());
    auto query = execQuery(m_db, sql, {pattern, pattern.mid(1)},
                           u"Looking for %1 in %2"_s.arg(column, table));
    if (!query)
        return query.error();
    QList<GoToHit> hits;
    while (query->next())
        hits.append(
            {.kind = kind, .value = query->value(0).toString(), .detail = table, .table = table});
    return hits;
}

Result<QList<GoToHit>> GoToLookup::messages(const QString &text, int limit) const
{
    // By number (its index), and by delivery key (unique): "1700000000000-0" is a stream id.
    QString sql = u"SELECT message_number, delivery_key, source FROM messages WHERE "_s;
    QVariantList params;
    if (const std::optional<qint64> number = numberIn(text)) {
        sql += u"message_number = ? OR "_s;
        params << *number;
    }
    sql += u"delivery_key = ? ORDER BY message_number, id LIMIT %1"_s.arg(limit);
    params << text.trimmed();
    auto query = execQuery(m_db, sql, params, u"Looking for a message"_s);
    if (!query)
        return query.error();
    QList<GoToHit> hits;
    while (query->next()) {
        const QString source = query->value(2).toString();
        const QString key = query->value(1).toString();
        hits.append({.kind = GoToKind::Message,
                     .value = query->value(0).toString(),
                     .detail = source.isEmpty() ? key : source + u' ' + key,
                     .table = u"messages"_s});
    }
    return hits;
}

Result<QList<GoToHit>> findBatchFiles(const QString &directory, const QString &text, int limit)
{
    const std::optional<qint64> number = numberIn(text);
    if (!number || limit <= 0 || directory.isEmpty())
        return QList<GoToHit>{};
    auto scan = scanBatchStore(directory);
    if (!scan)
        return scan.error();
    const QString digits = QString::number(*number);
    QList<qint64> ids;
    for (const BatchStoreEntry &entry : std::as_const(scan->batches)) {
        if (entry.kind == BatchStoreEntry::Kind::Batch &&
            QString::number(entry.id).startsWith(digits))
            ids << entry.id;
    }
    // The number itself, then the rest by number.
    std::sort(ids.begin(), ids.end(),
              [n = *number](qint64 a, qint64 b) { return (a == n) != (b == n) ? a == n : a < b; });
    QList<GoToHit> hits;
    for (const qint64 id : std::as_const(ids).first(std::min<qsizetype>(ids.size(), limit)))
        hits.append({.kind = GoToKind::Batch,
                     .value = QString::number(id),
                     .detail = batchFileName(id),
                     .table = {}});
    return hits;
}

Result<QList<GoToHit>> findRedisKeys(RedisClient &client, const QString &text, int limit,
                                     int scanSteps, const std::function<bool()> &stop)
{
    const QByteArray wanted = text.trimmed().toUtf8();
    if (wanted.isEmpty() || limit <= 0)
        return QList<GoToHit>{};
    QList<QByteArray> keys;
    // The key named exactly first, wherever the scan would come to it.
    auto exact = client.command({"EXISTS", wanted});
    if (!exact)
        return exact.error();
    if (exact->integer > 0)
        keys << wanted;
    QByteArray cursor = "0";
    const QByteArray glob = containsGlob(wanted);
    for (int step = 0; step < scanSteps && keys.size() < limit; ++step) {
        if (stop && stop())
            break;
        auto found = scanAllNodes(client, cursor, {"MATCH", glob, "COUNT", "1000"});
        if (!found)
            return found.error();
        for (const QByteArray &key : std::as_const(found->keys)) {
            if (keys.size() < limit && !keys.contains(key))
                keys << key;
        }
        cursor = found->cursor;
        if (cursor == "0")
            break;
    }
    std::sort(keys.begin() + (keys.value(0) == wanted ? 1 : 0), keys.end());
    QList<QList<QByteArray>> types;
    for (const QByteArray &key : std::as_const(keys))
        types.append({"TYPE", key});
    auto typed =
        types.isEmpty() ? Result<QList<RedisReply>>(QList<RedisReply>{}) : client.pipeline(types);
    QList<GoToHit> hits;
    for (qsizetype i = 0; i < keys.size(); ++i) {
        const QString type = typed && i < typed->size() && !typed->at(i).isError()
                                 ? QString::fromUtf8(typed->at(i).text)
                                 : QString();
        hits.append({.kind = GoToKind::RedisKey,
                     .value = QString::fromUtf8(keys.at(i)),
                     .detail = type,
                     .table = {}});
    }
    return hits;
}

Result<QList<GoToHit>> findStreamEntries(RedisClient &client, const QString &text, int limit,
                                         int scanSteps, const std::function<bool()> &stop)
{
    const QString id = text.trimmed();
    if (!isStreamEntryId(id) || limit <= 0)
        return QList<GoToHit>{};
    QList<GoToHit> hits;
    QByteArray cursor = "0";
    for (int step = 0; step < scanSteps && hits.size() < limit; ++step) {
        if (stop && stop())
            break;
        auto found = scanAllNodes(client, cursor, {"COUNT", "1000", "TYPE", "stream"});
        if (!found)
            return found.error();
        QList<QList<QByteArray>> ranges;
        for (const QByteArray &key : std::as_const(found->keys))
            ranges.append({"XRANGE", key, id.toUtf8(), id.toUtf8(), "COUNT", "1"});
        auto entries = ranges.isEmpty() ? Result<QList<RedisReply>>(QList<RedisReply>{})
                                        : client.pipeline(ranges);
        if (!entries)
            return entries.error();
        for (qsizetype i = 0; i < entries->size() && hits.size() < limit; ++i) {
            const RedisReply &entry = entries->at(i);
            if (entry.type != RedisReply::Type::Array || entry.elements.isEmpty())
                continue;
            const QString key = QString::fromUtf8(found->keys.at(i));
            hits.append({.kind = GoToKind::Journey,
                         .value = u"stream:%1:%2"_s.arg(key, id),
                         .detail = u"entry of %1"_s.arg(key),
                         .table = {}});
        }
        cursor = found->cursor;
        if (cursor == "0")
            break;
    }
    return hits;
}

} // namespace porthole
