#include "journeyreceipts.h"

#include "batchfilereader.h"
#include "batchline.h"
#include "filedescriptor.h"
#include "redisclient.h"
#include "redisreplies.h"
#include "sqlsupport.h"
#include "streamgroups.h"

#include <QJsonArray>
#include <QSqlRecord>

#include <algorithm>
#include <cstring>
#include <sys/stat.h>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QString deliveryColumns =
    u"delivery_key, sink, batch_id, line_index, stored_at, stored_id FROM ingest_deliveries"_s;

// An ingest_deliveries row (deliveryColumns) as a receipt; a row of the SQL sink names its
// table by what its stored_id is.
JourneyReceipt receiptOf(const QSqlQuery &query, const QString &table)
{
    JourneyReceipt receipt;
    receipt.deliveryKey = query.value(0).toString();
    receipt.storedAt = timestampValue(query.value(4));
    receipt.storedId = query.value(5).toString();
    if (query.value(1).toString() == u"file"_s) {
        receipt.table = u"batch file"_s;
        receipt.batch = query.value(2).toLongLong();
        receipt.line = query.value(3).isNull() ? -1 : query.value(3).toLongLong() + 1;
    } else {
        receipt.table = table;
    }
    return receipt;
}

// "1700000000000-5" as its two numbers; nothing when it is not an entry id.
std::optional<std::pair<quint64, quint64>> entryIdParts(QStringView id)
{
    const qsizetype dash = id.indexOf(u'-');
    if (dash <= 0)
        return std::nullopt;
    bool msOk = false;
    bool seqOk = false;
    const quint64 ms = id.left(dash).toULongLong(&msOk);
    const quint64 seq = id.mid(dash + 1).toULongLong(&seqOk);
    if (!msOk || !seqOk)
        return std::nullopt;
    return std::pair(ms, seq);
}

QString groupsText(const JourneyReceipt &receipt, JourneyEntryGroup::State state)
{
    QStringList names;
    for (const JourneyEntryGroup &group : receipt.groups)
        if (group.state == state)
            names << group.group;
    return names.join(u", "_s);
}

// The entry's hold in each group of its stream.
Status readEntry(RedisClient &client, JourneyReceipt *receipt)
{
    const QByteArray key = receipt->stream().toUtf8();
    const QByteArray id = receipt->entryId().toUtf8();
    const auto range = client.command({"XRANGE", key, id, id, "COUNT", "1"});
    if (!range)
        return range.error();
    // A key that holds no stream (or none) answers with an error or an empty range.
    receipt->inStream = range->type == RedisReply::Type::Array && !range->elements.isEmpty();
    auto groups = readStreamGroupList(client, key);
    if (!groups)
        return groups.error();
    const auto wanted = entryIdParts(receipt->entryId());
    for (const StreamGroup &group : *groups) {
        JourneyEntryGroup hold{.group = group.group};
        const auto pending = client.command({"XPENDING", key, group.group.toUtf8(), id, id, "1"});
        if (Status array = checkArrayReply(pending, u"XPENDING"_s); !array)
            return array.error();
        const auto last = entryIdParts(QString::fromUtf8(group.lastDeliveredId));
        if (!pending->elements.isEmpty() && pending->elements.at(0).elements.size() == 4) {
            const QList<RedisReply> &entry = pending->elements.at(0).elements;
            hold.state = JourneyEntryGroup::State::Pending;
            hold.consumer = QString::fromUtf8(entry.at(1).text);
            hold.idleMs = entry.at(2).integer;
            hold.deliveries = entry.at(3).integer;
        } else if (wanted && last && *wanted <= *last) {
            hold.state = JourneyEntryGroup::State::Acknowledged;
        }
        receipt->groups.append(hold);
    }
    receipt->redisRead = true;
    if (receipt->table.isEmpty()) {
        if (const QString acked = groupsText(*receipt, JourneyEntryGroup::State::Acknowledged);
            !acked.isEmpty())
            receipt->gap = u"acknowledged by %1, and nothing is stored under its key: the "
                           "message was lost between Redis and the store"_s.arg(acked);
        else if (!receipt->inStream)
            receipt->gap = u"not in the stream (trimmed or deleted), and nothing is stored "
                           "under its key"_s;
    }
    return success();
}

QString stateName(JourneyEntryGroup::State state)
{
    switch (state) {
    case JourneyEntryGroup::State::NotDelivered:
        return u"not delivered"_s;
    case JourneyEntryGroup::State::Pending:
        return u"pending"_s;
    case JourneyEntryGroup::State::Acknowledged:
        return u"acknowledged"_s;
    }
    return {};
}

} // namespace

QJsonObject receiptJson(const JourneyReceipt &receipt)
{
    const auto orNull = [](const QString &text) {
        return text.isEmpty() ? QJsonValue() : text;
    };
    QJsonObject object{
        {u"delivery_key"_s, orNull(receipt.deliveryKey)},
        {u"stored_in"_s, orNull(receipt.table)},
        {u"stored_id"_s, orNull(receipt.storedId)},
        {u"stored_at"_s, receipt.storedAt.isValid()
                             ? QJsonValue(receipt.storedAt.toUTC().toString(Qt::ISODateWithMs))
                             : QJsonValue()},
        {u"batch"_s, receipt.batch < 0 ? QJsonValue() : QJsonValue(receipt.batch)},
        {u"line"_s, receipt.line < 0 ? QJsonValue() : QJsonValue(receipt.line)},
        {u"message_number"_s, receipt.number < 0 ? QJsonValue() : QJsonValue(receipt.number)},
    };
    if (receipt.fileRead)
        object.insert(u"line_found"_s, receipt.lineFound);
    if (receipt.redisRead) {
        QJsonArray groups;
        for (const JourneyEntryGroup &group : receipt.groups) {
            QJsonObject hold{{u"group"_s, group.group}, {u"state"_s, stateName(group.state)}};
            if (group.state == JourneyEntryGroup::State::Pending) {
                hold.insert(u"consumer"_s, group.consumer);
                hold.insert(u"deliveries"_s, group.deliveries);
                hold.insert(u"idle_ms"_s, group.idleMs);
            }
            groups.append(hold);
        }
        object.insert(u"redis"_s,
                      QJsonObject{{u"in_stream"_s, receipt.inStream}, {u"groups"_s, groups}});
    }
    if (!receipt.gap.isEmpty())
        object.insert(u"gap"_s, receipt.gap);
    return object;
}

QString receiptText(const JourneyReceipt &receipt)
{
    QString text = receipt.deliveryKey;
    if (text.isEmpty())
        text = u"(no delivery recorded)"_s;
    const QString line =
        receipt.batch < 0
            ? QString()
            : u"batch %1%2"_s.arg(receipt.batch)
                  .arg(receipt.line < 0 ? QString() : u" line %1"_s.arg(receipt.line));
    if (receipt.table.isEmpty())
        text += u": nothing stored under this key"_s;
    else if (receipt.table == u"messages"_s)
        text += u" -> messages row "_s + receipt.storedId +
                (line.isEmpty() ? QString() : u" ("_s + line + u')');
    else
        text += u" -> "_s + (line.isEmpty() ? receipt.table : line);
    if (!receipt.redisRead)
        return text;
    QStringList holds;
    for (const JourneyEntryGroup &group : receipt.groups) {
        QString hold = group.group + u' ' + stateName(group.state);
        if (group.state == JourneyEntryGroup::State::Pending)
            hold += u" at %1, delivered %2 times, idle %3 s"_s.arg(group.consumer)
                        .arg(group.deliveries)
                        .arg(group.idleMs / 1000);
        holds << hold;
    }
    text += receipt.inStream ? u"; in the stream"_s : u"; no longer in the stream"_s;
    if (!holds.isEmpty())
        text += u"; "_s + holds.join(u"; "_s);
    return text;
}

bool isDeliveryKey(const QString &text)
{
    for (const QString &mode : {u"stream:"_s, u"list:"_s, u"pubsub:"_s})
        if (text.startsWith(mode) && text.size() > mode.size())
            return true;
    return false;
}

bool isStreamEntryId(const QString &text)
{
    return entryIdParts(text).has_value();
}

QString batchLineKey(qint64 batch, qint64 line)
{
    return batchFileName(batch) + u':' + QString::number(line);
}

std::optional<std::pair<qint64, qint64>> batchLineOf(const QString &text)
{
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon <= 0)
        return std::nullopt;
    const std::optional<qint64> batch = batchIdFromFileName(QStringView(text).left(colon));
    bool ok = false;
    const qint64 line = QStringView(text).mid(colon + 1).toLongLong(&ok);
    if (!batch || !ok || line < 1 || !text.at(colon + 1).isDigit())
        return std::nullopt;
    return std::pair(*batch, line);
}

QString JourneyReceipt::stream() const
{
    if (!deliveryKey.startsWith(u"stream:"_s) || entryId().isEmpty())
        return {};
    return deliveryKey.mid(7, deliveryKey.lastIndexOf(u':') - 7);
}

QString JourneyReceipt::entryId() const
{
    if (!deliveryKey.startsWith(u"stream:"_s))
        return {};
    const QString id = deliveryKey.section(u':', -1);
    return deliveryKey.lastIndexOf(u':') > 7 && entryIdParts(id) ? id : QString();
}

ReceiptReader::ReceiptReader(QSqlDatabase db)
    : m_db(std::move(db))
    , m_engine(engineOf(m_db))
{
    const QStringList tables = m_db.tables();
    m_deliveries = tables.contains(u"ingest_deliveries"_s) &&
                   m_db.record(u"ingest_deliveries"_s).contains(u"stored_id"_s);
    m_events = tables.contains(u"processed_events"_s);
    const QSqlRecord messages =
        tables.contains(u"messages"_s) ? m_db.record(u"messages"_s) : QSqlRecord();
    m_messages = messages.contains(u"delivery_key"_s);
    m_batchRows = messages.contains(u"batch_id"_s);
}

Result<QList<JourneyReceipt>> ReceiptReader::byKey(const QString &key) const
{
    QList<JourneyReceipt> receipts;
    if (m_deliveries) {
        auto query = execQuery(m_db, u"SELECT "_s + deliveryColumns + u" WHERE delivery_key = ?"_s,
                               {key}, u"Reading a delivery"_s);
        if (!query)
            return query.error();
        while (query->next()) {
            // What the SQL sink wrote: a port message, or a sensor reading's event.
            JourneyReceipt receipt = receiptOf(*query, u"port_messages"_s);
            if (receipt.storedId.isEmpty() && receipt.table == u"port_messages"_s)
                receipt.table = u"database"_s; // stored before migration 22 named the row
            else if (m_events && receipt.table == u"port_messages"_s) {
                auto event = execQuery(m_db, u"SELECT 1 FROM processed_events WHERE event_id = ?"_s,
                                       {receipt.storedId}, u"Reading a sensor event"_s);
                if (!event)
                    return event.error();
                if (event->next())
                    receipt.table = u"processed_events"_s;
            }
            receipts.append(receipt);
        }
    }
    if (m_messages) {
        auto query = execQuery(m_db,
                               u"SELECT id, batch_id, message_number, timestamp FROM messages "
                               "WHERE delivery_key = ?"_s,
                               {key}, u"Reading the receiver's message"_s);
        if (!query)
            return query.error();
        while (query->next()) {
            JourneyReceipt receipt{.deliveryKey = key,
                                   .storedId = query->value(0).toString(),
                                   .table = u"messages"_s,
                                   .storedAt = timestampValue(query->value(3)),
                                   .number = query->value(2).toLongLong()};
            if (!query->value(1).isNull()) {
                // Imported from the batch store (importedLineKey()): that line.
                receipt.batch = query->value(1).toLongLong();
                if (const auto imported = importedLineOf(key))
                    receipt.line = imported->second;
            }
            receipts.append(receipt);
        }
    }
    if (receipts.isEmpty())
        receipts.append({.deliveryKey = key});
    return receipts;
}

Result<QList<JourneyReceipt>> ReceiptReader::byStoredId(const QString &id) const
{
    if (!m_deliveries)
        return QList<JourneyReceipt>{};
    auto query = execQuery(m_db, u"SELECT "_s + deliveryColumns + u" WHERE stored_id = ?"_s, {id},
                           u"Reading what a delivery became"_s);
    if (!query)
        return query.error();
    QList<JourneyReceipt> receipts;
    while (query->next())
        receipts.append(receiptOf(*query, m_events ? u"processed_events"_s : u"database"_s));
    return receipts;
}

Result<QList<JourneyReceipt>> ReceiptReader::byBatchLine(qint64 batch, qint64 line) const
{
    QList<JourneyReceipt> receipts;
    if (m_deliveries) {
        auto query = execQuery(m_db,
                               u"SELECT "_s + deliveryColumns +
                                   u" WHERE batch_id = ? AND line_index = ? AND sink = 'file'"_s,
                               {batch, line - 1}, u"Reading a batch line's delivery"_s);
        if (!query)
            return query.error();
        while (query->next())
            receipts.append(receiptOf(*query, {}));
    }
    if (receipts.isEmpty() && m_batchRows) {
        // The receiver's row of the line: imported from the store under the key
        // "batch:{file}:{line}"; in a receiver's own table without keys, the file's rows in
        // the order it wrote them.
        auto query = m_messages ? execQuery(m_db,
                                            u"SELECT id, batch_id, message_number, timestamp, "
                                            "delivery_key FROM messages WHERE delivery_key = ?"_s,
                                            {importedLineKey(batch, line)},
                                            u"Reading the receiver's message"_s)
                                : execQuery(m_db,
                                            u"SELECT id, batch_id, message_number, timestamp, '' "
                                            "FROM messages WHERE batch_id = ? ORDER BY id LIMIT 1 "
                                            "OFFSET ?"_s,
                                            {batch, line - 1}, u"Reading the receiver's message"_s);
        if (!query)
            return query.error();
        while (query->next())
            receipts.append({.deliveryKey = query->value(4).toString(),
                             .storedId = query->value(0).toString(),
                             .table = u"messages"_s,
                             .storedAt = timestampValue(query->value(3)),
                             .batch = batch,
                             .line = line,
                             .number = query->value(2).toLongLong()});
    }
    // A line the journal does not know (written by another receiver, or before Porthole kept
    // the journal) is still the line.
    if (receipts.isEmpty())
        receipts.append({.table = u"batch file"_s, .batch = batch, .line = line});
    return receipts;
}

Status ReceiptReader::addHopReceipts(Journey *journey) const
{
    if (!m_deliveries || journey->hops.isEmpty())
        return success();
    QStringList ids;
    for (const JourneyHop &hop : std::as_const(journey->hops))
        ids << hop.message.id;
    const auto [condition, param] = anyOf(m_engine, u"stored_id"_s, ids);
    auto query = execQuery(m_db, u"SELECT "_s + deliveryColumns + u" WHERE "_s + condition, {param},
                           u"Reading where the journey's hops came from"_s);
    if (!query)
        return query.error();
    QList<JourneyReceipt> found;
    while (query->next()) {
        JourneyReceipt receipt = receiptOf(*query, u"port_messages"_s);
        const bool asked = std::any_of(
            journey->receipts.cbegin(), journey->receipts.cend(),
            [&receipt](const JourneyReceipt &r) { return r.deliveryKey == receipt.deliveryKey; });
        if (!asked)
            found.append(receipt);
    }
    std::sort(found.begin(), found.end(), [](const auto &a, const auto &b) {
        return std::pair(a.storedAt, a.deliveryKey) < std::pair(b.storedAt, b.deliveryKey);
    });
    journey->receipts.append(found);
    return success();
}

Status readRedisEntries(RedisClient &client, Journey *journey)
{
    for (JourneyReceipt &receipt : journey->receipts) {
        if (receipt.entryId().isEmpty())
            continue;
        if (Status read = readEntry(client, &receipt); !read)
            return read;
    }
    return success();
}

Status readBatchLines(const QString &directory, Journey *journey)
{
    for (JourneyReceipt &receipt : journey->receipts) {
        if (receipt.batch < 0 || receipt.line < 0)
            continue;
        receipt.fileRead = true;
        FileDescriptor fd;
        struct stat status = {};
        if (Status opened = openBatchFile(directory, receipt.batch, &fd, &status); !opened) {
            if (opened.error().kind != StorageError::Kind::NotFound)
                return opened;
            receipt.gap = u"%1 is not in the batch store"_s.arg(batchFileName(receipt.batch));
            continue;
        }
        BatchLineReader reader(fd.get(), status.st_size);
        while (!receipt.lineFound && reader.next())
            receipt.lineFound = reader.lineNumber() == receipt.line;
        if (reader.error() != 0)
            return StorageError::io(u"Cannot read %1: %2"_s.arg(
                batchFileName(receipt.batch), QString::fromLocal8Bit(strerror(reader.error()))));
        if (!receipt.lineFound)
            receipt.gap = u"%1 has no line %2: the journal says it was written there"_s
                              .arg(batchFileName(receipt.batch))
                              .arg(receipt.line);
    }
    return success();
}

} // namespace porthole
