#include "journey.h"

#include "journeyreceipts.h"
#include "portmessagejson.h"
#include "sqlsupport.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QSqlQuery>
#include <QUuid>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// Rounds of lookups a journey takes at most: each follows the keys of the rows the one before
// found, so a chain of causes without a shared key is followed this many hops deep.
constexpr int maxRounds = 32;
// The latest rows of a port whose completed ones' waits give its usual one: read in the order
// of its index (port_name, id), a bounded walk whatever the table holds and whatever the
// planner knows of it (without statistics PostgreSQL combined the port's and the status's
// indexes and read every completed row).
constexpr int waitWindow = 400;
// The sink_storage rows a journey shows at most.
constexpr int maxSinkRows = 100;

bool isKey(const QString &key)
{
    static const QRegularExpression pattern(u"^[A-Za-z0-9_]{1,64}$"_s);
    return pattern.match(key).hasMatch();
}

QJsonObject metadataOf(const PortMessage &message)
{
    return QJsonDocument::fromJson(message.messageMetadata).object();
}

QString textOf(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    if (value.isDouble())
        return QString::number(value.toDouble(), 'g', 17);
    return {};
}

} // namespace

Result<QStringList> CorrelationKeys::parseList(const QString &text)
{
    QStringList keys;
    for (const QString &part : text.split(u',', Qt::SkipEmptyParts)) {
        const QString key = part.trimmed();
        if (key.isEmpty())
            continue;
        if (!isKey(key))
            return StorageError::invalidArgument(
                u"\"%1\" is not a metadata key: a key is letters, digits and underscores."_s.arg(
                    key));
        if (!keys.contains(key))
            keys << key;
    }
    return keys;
}

QStringList CorrelationKeys::all() const
{
    QStringList keys = shared;
    for (const QString &key : cause)
        if (!keys.contains(key))
            keys << key;
    return keys;
}

QString JourneyHop::value(const QString &key) const
{
    return textOf(metadataOf(message).value(key));
}

const JourneyHop *Journey::hop(const QString &id) const
{
    for (const JourneyHop &hop : hops)
        if (hop.message.id == id)
            return &hop;
    return nullptr;
}

const JourneyReceipt *Journey::receipt(const QString &deliveryKey) const
{
    for (const JourneyReceipt &receipt : receipts)
        if (receipt.deliveryKey == deliveryKey)
            return &receipt;
    return nullptr;
}

const SinkStorageRow *Journey::sinkRow(const QString &id) const
{
    for (const SinkStorageRow &row : sinkRows)
        if (row.id == id)
            return &row;
    return nullptr;
}

QString troubleName(JourneyHop::Trouble trouble)
{
    switch (trouble) {
    case JourneyHop::Trouble::None:
        return {};
    case JourneyHop::Trouble::DeadEnd:
        return u"dead end"_s;
    case JourneyHop::Trouble::Overdue:
        return u"overdue"_s;
    case JourneyHop::Trouble::MissingNext:
        return u"missing next hop"_s;
    }
    return {};
}

QJsonObject sinkRowJson(const SinkStorageRow &row)
{
    return {{u"id"_s, row.id},
            {u"sink_name"_s, row.sinkName},
            {u"data_type"_s, row.dataType.isEmpty() ? QJsonValue() : row.dataType},
            {u"created_at"_s, timeOrNull(row.createdAt)},
            {u"data"_s, storedJsonValue(row.data)},
            {u"metadata"_s, storedJsonValue(row.metadata)}};
}

QJsonObject journeyJson(const Journey &journey)
{
    QJsonArray hops;
    for (const JourneyHop &hop : journey.hops) {
        QJsonObject object{
            {u"row"_s, portMessageJson(hop.message)},
            {u"cause_id"_s, hop.causeId.isEmpty() ? QJsonValue() : hop.causeId},
            {u"cause_inferred"_s, hop.causeInferred},
            {u"usual_wait_ms"_s, hop.usualWaitMs < 0 ? QJsonValue() : QJsonValue(hop.usualWaitMs)}};
        if (hop.trouble != JourneyHop::Trouble::None) {
            object.insert(u"trouble"_s, troubleName(hop.trouble));
            object.insert(u"trouble_text"_s, hop.troubleText);
        }
        hops.append(object);
    }
    QJsonArray actions;
    for (const JourneyAction &action : journey.actions)
        actions.append(QJsonObject{{u"message_id"_s, action.messageId},
                                   {u"at"_s, timeOrNull(action.at)},
                                   {u"change"_s, action.change},
                                   {u"actor"_s, action.actor},
                                   {u"audit_id"_s, action.auditId}});
    QJsonArray receipts;
    for (const JourneyReceipt &receipt : journey.receipts)
        receipts.append(receiptJson(receipt));
    QJsonArray sinkRows;
    for (const SinkStorageRow &row : journey.sinkRows)
        sinkRows.append(sinkRowJson(row));
    return {{u"query"_s, journey.query},
            {u"matched_by"_s, QJsonArray::fromStringList(journey.matchedBy)},
            {u"truncated"_s, journey.truncated},
            {u"hops"_s, hops},
            {u"actions"_s, actions},
            {u"receipts"_s, receipts},
            {u"sink_rows"_s, sinkRows}};
}

JourneyReader::JourneyReader(QSqlDatabase db, CorrelationKeys keys)
    : m_db(std::move(db))
    , m_engine(engineOf(m_db))
    , m_keys(std::move(keys))
{
    // A key that is not one is never put into SQL.
    const auto keep = [](QStringList &list) {
        list.removeIf([](const QString &key) { return !isKey(key); });
    };
    keep(m_keys.shared);
    keep(m_keys.cause);
    if (!isKey(m_keys.messageId))
        m_keys.messageId.clear();
}

QString JourneyReader::keyExpression(SqlEngine engine, const QString &key)
{
    Q_ASSERT(isKey(key));
    return jsonKeyExpression(engine, u"message_metadata"_s, key);
}

qint64 JourneyReader::overdueAfterMs(qint64 usualWaitMs)
{
    if (usualWaitMs < 0)
        return 5 * 60 * 1000;
    return std::max<qint64>(3 * usualWaitMs, 10 * 1000);
}

Result<Journey> JourneyReader::read(const QString &id, const QDateTime &now, int limit) const
{
    Journey journey;
    journey.query = id.trimmed();
    if (journey.query.isEmpty())
        return StorageError::invalidArgument(u"Name a message: an id, a trace id or a key."_s);
    const IndexedReads indexed(m_db, m_engine);
    const ReceiptReader receipts(m_db);
    if (isDeliveryKey(journey.query)) {
        // What the delivery became, and that row's journey.
        auto asked = receipts.byKey(journey.query);
        if (!asked)
            return asked.error();
        journey.receipts = *asked;
        for (const JourneyReceipt &receipt : std::as_const(journey.receipts))
            if (receipt.table == u"port_messages"_s)
                if (Status gathered = gather(receipt.storedId, limit, &journey); !gathered)
                    return gathered.error();
        journey.matchedBy = {u"delivery key"_s};
    } else if (const auto line = batchLineOf(journey.query)) {
        // Where the line came from: the delivery the file sink wrote there.
        auto asked = receipts.byBatchLine(line->first, line->second);
        if (!asked)
            return asked.error();
        journey.receipts = *asked;
        journey.matchedBy = {u"batch line"_s};
    } else if (Status gathered = gather(journey.query, limit, &journey); !gathered) {
        return gathered.error();
    } else if (journey.hops.isEmpty()) {
        // No port message: a delivery stored as another row (a sensor reading's event id)?
        auto stored = receipts.byStoredId(journey.query);
        if (!stored)
            return stored.error();
        journey.receipts = *stored;
        if (!journey.receipts.isEmpty())
            journey.matchedBy = {u"stored id"_s};
        else if (Status sunk = gatherFromSinkRow(journey.query, limit, &journey); !sunk)
            return sunk.error();
    }
    if (journey.hops.isEmpty())
        return journey;
    if (Status sinks = readSinkRows(&journey); !sinks)
        return sinks.error();
    if (Status hopReceipts = receipts.addHopReceipts(&journey); !hopReceipts)
        return hopReceipts.error();
    if (Status actions = readActions(&journey); !actions)
        return actions.error();
    if (Status troubles = findTroubles(&journey, now); !troubles)
        return troubles.error();
    return journey;
}

void JourneyReader::follow(const PortMessage &message, Asked *wanted) const
{
    const QJsonObject metadata = metadataOf(message);
    for (const QString &key : m_keys.shared)
        if (const QString value = textOf(metadata.value(key)); !value.isEmpty())
            (*wanted)[key] << value;
    const QString own =
        m_keys.messageId.isEmpty() ? QString() : textOf(metadata.value(m_keys.messageId));
    for (const QString &key : m_keys.cause) {
        if (const QString cause = textOf(metadata.value(key)); !cause.isEmpty()) {
            (*wanted)[u"id"_s] << cause;
            if (!m_keys.messageId.isEmpty())
                (*wanted)[m_keys.messageId] << cause;
        }
        (*wanted)[key] << message.id;
        if (!own.isEmpty())
            (*wanted)[key] << own;
    }
}

JourneyReader::Asked JourneyReader::newQuestions(const Asked &wanted, Asked *asked) const
{
    Asked asking;
    for (auto it = wanted.cbegin(); it != wanted.cend(); ++it) {
        for (const QString &value : it.value()) {
            if ((*asked)[it.key()].contains(value))
                continue;
            // A port message's id is a UUID on PostgreSQL: anything else names none.
            if (it.key() == u"id"_s && m_engine == SqlEngine::PostgreSQL &&
                QUuid::fromString(value).isNull())
                continue;
            (*asked)[it.key()] << value;
            asking[it.key()] << value;
        }
    }
    return asking;
}

Status JourneyReader::gather(const QString &id, int limit, Journey *journey) const
{
    const QString select = u"SELECT "_s + PortMessageRepository::selectColumns() + u" FROM "_s +
                           PortMessageRepository(m_db).table({}) + u" WHERE "_s;
    QHash<QString, PortMessage> found;
    Asked asked;  // every (key, value) looked up, so that none is asked twice
    Asked wanted; // what the rows found so far lead to
    wanted[u"id"_s] << id;
    for (const QString &key : m_keys.all())
        wanted[key] << id;
    for (int round = 0; round < maxRounds && !wanted.isEmpty() && !journey->truncated; ++round) {
        const Asked asking = newQuestions(wanted, &asked);
        wanted.clear();
        for (auto it = asking.cbegin(); it != asking.cend(); ++it) {
            const bool byId = it.key() == u"id"_s;
            const auto [condition, param] =
                anyOf(m_engine, byId ? u"id"_s : keyExpression(m_engine, it.key()),
                      it.value().values(), byId);
            auto query =
                execQuery(m_db, select + condition + u" LIMIT "_s + QString::number(limit + 1),
                          {param}, u"Reading a message's journey"_s);
            if (!query)
                return query.error();
            while (query->next() && !journey->truncated) {
                PortMessage message = PortMessageRepository::fromQuery(*query);
                const QString how = byId ? u"id"_s : u"metadata "_s + it.key();
                if (round == 0 && !journey->matchedBy.contains(how))
                    journey->matchedBy << how;
                if (found.contains(message.id))
                    continue;
                journey->truncated = found.size() >= limit;
                if (journey->truncated)
                    break;
                follow(message, &wanted);
                found.insert(message.id, std::move(message));
            }
        }
        if (round == 0) {
            // A row that names the one asked for as its cause is its next hop: not how the
            // message was found, unless nothing else holds it.
            QStringList direct = journey->matchedBy;
            direct.removeIf(
                [this](const QString &how) { return m_keys.cause.contains(how.section(u' ', 1)); });
            if (!direct.isEmpty())
                journey->matchedBy = direct;
            // Its id first, then the keys in the order of the setting.
            const QStringList order = QStringList{u"id"_s} + m_keys.all();
            std::sort(journey->matchedBy.begin(), journey->matchedBy.end(),
                      [&order](const QString &a, const QString &b) {
                          return order.indexOf(a.section(u' ', -1)) <
                                 order.indexOf(b.section(u' ', -1));
                      });
        }
    }
    for (PortMessage &message : found)
        journey->hops.append({.message = std::move(message)});
    linkCauses(journey);
    return success();
}

void JourneyReader::linkCauses(Journey *journey) const
{
    std::sort(journey->hops.begin(), journey->hops.end(), [](const auto &a, const auto &b) {
        return std::pair(a.message.createdAt, a.message.id) <
               std::pair(b.message.createdAt, b.message.id);
    });
    // Each hop's cause: the row its cause key names, else the last hop into its source
    // before it.
    QHash<QString, QString> byMessageId;
    for (const JourneyHop &hop : std::as_const(journey->hops)) {
        byMessageId.insert(hop.message.id, hop.message.id);
        if (const QString own = hop.value(m_keys.messageId); !own.isEmpty())
            byMessageId.insert(own, hop.message.id);
    }
    for (qsizetype i = 0; i < journey->hops.size(); ++i) {
        JourneyHop &hop = journey->hops[i];
        for (const QString &key : m_keys.cause)
            if (const QString cause = byMessageId.value(hop.value(key)); !cause.isEmpty()) {
                hop.causeId = cause;
                break;
            }
        for (qsizetype j = i - 1; j >= 0 && hop.causeId.isEmpty(); --j)
            if (journey->hops.at(j).message.targetComponent == hop.message.sourceComponent) {
                hop.causeId = journey->hops.at(j).message.id;
                hop.causeInferred = true;
            }
    }
}

Status JourneyReader::readSinkRows(Journey *journey) const
{
    if (!m_db.tables().contains(u"sink_storage"_s))
        return success();
    // The values a sink's row would share with a hop, and the hops it would name as its cause.
    Asked wanted;
    for (const JourneyHop &hop : std::as_const(journey->hops)) {
        for (const QString &key : m_keys.shared)
            if (const QString value = hop.value(key); !value.isEmpty())
                wanted[key] << value;
        for (const QString &key : m_keys.cause) {
            wanted[key] << hop.message.id;
            if (const QString own = hop.value(m_keys.messageId); !own.isEmpty())
                wanted[key] << own;
        }
    }
    const SinkStorageRepository sinks(m_db);
    QSet<QString> found;
    for (const SinkStorageRow &row : std::as_const(journey->sinkRows))
        found << row.id;
    for (auto it = wanted.cbegin(); it != wanted.cend(); ++it) {
        auto rows = sinks.withMetadata(it.key(), it.value().values(), maxSinkRows);
        if (!rows)
            return rows.error();
        for (const SinkStorageRow &row : std::as_const(*rows))
            if (!found.contains(row.id) && journey->sinkRows.size() < maxSinkRows) {
                found << row.id;
                journey->sinkRows.append(row);
            }
    }
    std::sort(journey->sinkRows.begin(), journey->sinkRows.end(), [](const auto &a, const auto &b) {
        return std::pair(a.createdAt, a.id) < std::pair(b.createdAt, b.id);
    });
    return success();
}

Status JourneyReader::gatherFromSinkRow(const QString &id, int limit, Journey *journey) const
{
    if (!m_db.tables().contains(u"sink_storage"_s))
        return success();
    auto row = SinkStorageRepository(m_db).byId(id);
    if (!row)
        return row.error();
    if (!*row)
        return success();
    journey->sinkRows = {**row};
    journey->matchedBy = {u"sink storage id"_s};
    // The hop it names as its cause leads to the rest; else a key it shares with them.
    const QJsonObject metadata = QJsonDocument::fromJson((*row)->metadata).object();
    for (const QString &key : m_keys.cause + m_keys.shared)
        if (const QString value = textOf(metadata.value(key)); !value.isEmpty()) {
            const QStringList matched = journey->matchedBy;
            if (Status gathered = gather(value, limit, journey); !gathered)
                return gathered;
            journey->matchedBy = matched;
            if (!journey->hops.isEmpty())
                break;
        }
    return success();
}

Status JourneyReader::readActions(Journey *journey) const
{
    if (!m_db.tables().contains(u"port_message_history"_s))
        return success(); // a pipeline's own database, never migrated: no operator changed it
    QStringList ids;
    for (const JourneyHop &hop : std::as_const(journey->hops))
        ids << hop.message.id;
    const IdSet set = idSet(m_engine, ids);
    auto query = execQuery(m_db,
                           u"SELECT h.message_id, h.changed_at, h.change, a.actor, a.id "
                           "FROM port_message_history h JOIN audit_log a ON a.id = h.audit_id "
                           "WHERE h.message_id IN ("_s +
                               set.select + u") ORDER BY h.changed_at, h.id"_s,
                           {set.param}, u"Reading the changes made to a message"_s);
    if (!query)
        return query.error();
    while (query->next())
        journey->actions.append({.messageId = query->value(0).toString(),
                                 .at = timestampValue(query->value(1)),
                                 .change = query->value(2).toString(),
                                 .actor = query->value(3).toString(),
                                 .auditId = query->value(4).toLongLong()});
    return success();
}

Status JourneyReader::findTroubles(Journey *journey, const QDateTime &now) const
{
    QSet<QString> causes;
    for (const JourneyHop &hop : std::as_const(journey->hops))
        causes << hop.causeId;
    QHash<QString, qint64> waits; // per port, read once
    const auto usual = [this, &waits](const QString &port) -> Result<qint64> {
        if (auto known = waits.constFind(port); known != waits.cend())
            return *known;
        auto wait = usualWaitMs(port);
        if (wait)
            waits.insert(port, *wait);
        return wait;
    };
    for (JourneyHop &hop : journey->hops) {
        const PortMessage &m = hop.message;
        auto wait = usual(m.portName);
        if (!wait)
            return wait.error();
        hop.usualWaitMs = *wait;
        if (m.deletedAt.isValid())
            continue; // purged by an operator: nothing is expected of it
        if (m.isDeadLetter()) {
            hop.trouble = JourneyHop::Trouble::DeadEnd;
            hop.troubleText =
                m.status == u"dead_letter"_s
                    ? u"Dead letter: nothing follows it until it is replayed."_s
                    : u"Failed with its %1 retries spent: nothing follows it."_s.arg(m.retryCount);
            continue;
        }
        const qint64 overdue = overdueAfterMs(hop.usualWaitMs);
        if (m.status == u"pending"_s || m.status == u"processing"_s) {
            const QDateTime since =
                m.status == u"pending"_s || !m.processedAt.isValid() ? m.createdAt : m.processedAt;
            const qint64 waited = since.msecsTo(now);
            if (waited > overdue) {
                hop.trouble = JourneyHop::Trouble::Overdue;
                hop.troubleText = u"%1 for %2 s; %3 usually takes %4."_s.arg(
                    m.status, QString::number(waited / 1000), m.portName,
                    hop.usualWaitMs < 0 ? u"an unknown time"_s : u"%1 ms"_s.arg(hop.usualWaitMs));
            }
            continue;
        }
        if (m.status != u"completed"_s || causes.contains(m.id))
            continue;
        // A completed hop that nothing followed: a gap where its target usually sends on.
        auto next = sendsOn(m.targetComponent);
        if (!next)
            return next.error();
        if (next->isEmpty())
            continue; // a sink: the journey ends here
        auto nextWait = usual(*next);
        if (!nextWait)
            return nextWait.error();
        const QDateTime done = m.completedAt.isValid() ? m.completedAt : m.createdAt;
        if (done.msecsTo(now) > overdueAfterMs(*nextWait)) {
            hop.trouble = JourneyHop::Trouble::MissingNext;
            hop.troubleText =
                u"No hop followed: %1 usually sends on %2, and nothing came in "
                "%3 s."_s.arg(m.targetComponent, *next, QString::number(done.msecsTo(now) / 1000));
        }
    }
    return success();
}

Result<qint64> JourneyReader::usualWaitMs(const QString &port) const
{
    auto query =
        execQuery(m_db,
                  u"SELECT created_at, processed_at FROM (SELECT created_at, processed_at, "
                  "status FROM port_messages WHERE port_name = ? ORDER BY port_name DESC, id "
                  "DESC LIMIT %1) AS latest WHERE status = 'completed' AND processed_at IS NOT "
                  "NULL"_s.arg(waitWindow),
                  {port}, u"Reading how long a port usually takes"_s);
    if (!query)
        return query.error();
    QList<qint64> waits;
    while (query->next()) {
        const QDateTime created = timestampValue(query->value(0));
        const QDateTime processed = timestampValue(query->value(1));
        if (created.isValid() && processed.isValid())
            waits << std::max<qint64>(0, created.msecsTo(processed));
    }
    if (waits.isEmpty())
        return qint64(-1);
    const auto middle = waits.begin() + waits.size() / 2;
    std::nth_element(waits.begin(), middle, waits.end());
    return *middle;
}

Result<QString> JourneyReader::sendsOn(const QString &component) const
{
    auto query = execQuery(m_db,
                           u"SELECT port_name FROM port_messages WHERE source_component = ? "
                           "ORDER BY source_component, port_name LIMIT 1"_s,
                           {component}, u"Reading where a component sends"_s);
    if (!query)
        return query.error();
    return query->next() ? query->value(0).toString() : QString();
}

} // namespace porthole
