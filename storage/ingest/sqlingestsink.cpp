#include "sqlingestsink.h"

#include "postgresmessagewriter.h"
#include "repositorysupport.h"
#include "sqlerror.h"
#include "sqlitemessagewriter.h"
#include "sqlitestatement.h"
#include "sqlsupport.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <sqlite3.h>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// pg_advisory_xact_lock(class, hashtext(checkpoint_name)): checkpoint writers of one name
// take turns on PostgreSQL, so each gets a version of its own. The two-key space does not
// overlap the one-key space the migration runner locks in.
constexpr int checkpointLockClass = 0x50484331;

using Kind = DecodedPayload::Kind;

QVariant nullText()
{
    return QVariant(QMetaType::fromType<QString>());
}

QVariant textOrNull(const QString &text)
{
    return text.isEmpty() ? nullText() : QVariant(text);
}

QVariant jsonOrNull(const QByteArray &json)
{
    return json.isEmpty() ? nullText() : jsonParam(json);
}

template <typename T>
QVariant optionalParam(const std::optional<T> &value)
{
    return value ? QVariant::fromValue(*value) : QVariant(QMetaType::fromType<T>());
}

// The raw payload of a dead letter as a JSON object: {"raw": text} when it is text,
// {"raw_base64": ...} otherwise.
QByteArray rawPayloadJson(const QByteArray &payload)
{
    QJsonObject object;
    if (isStoredAsText(payload))
        object.insert(u"raw"_s, QString::fromUtf8(payload));
    else
        object.insert(u"raw_base64"_s, QString::fromLatin1(payload.toBase64()));
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// A port name from the Redis key: at most 255 characters, never empty.
QString deadLetterPort(const QString &source)
{
    QString port = withoutNul(source);
    if (port.isEmpty())
        return u"(unknown source)"_s;
    if (port.size() > 255 && port.toUcs4().size() > 255) {
        port.truncate(255);
        if (port.back().isHighSurrogate())
            port.chop(1);
    }
    return port;
}

StorageError groupError(const StorageError &error, qsizetype groupSize)
{
    return {error.kind, error.message + u" Nothing of the group of %1 deliveries was stored; it "
                                        "can be written again."_s.arg(groupSize)};
}

} // namespace

// Prepared once per sink, outside any transaction: PostgreSQL can neither prepare nor
// deallocate a statement in a transaction that an error has aborted.
struct SqlIngestSink::Statements
{
    explicit Statements(const QSqlDatabase &db)
        : highestNumber(db)
        , guard(db)
        , processedEvent(db)
        , sensorMetric(db)
        , portMessage(db)
        , componentMetric(db)
        , portMetric(db)
        , heartbeat(db)
        , customPlans(db)
        , checkpointLock(db)
        , nextCheckpointVersion(db)
        , checkpoint(db)
    {}

    std::unique_ptr<IngestMessageWriter> messages;
    QSqlQuery highestNumber;
    QSqlQuery guard; // the ingest_deliveries row, unless the key is stored
    QSqlQuery processedEvent;
    QSqlQuery sensorMetric;
    QSqlQuery portMessage;
    QSqlQuery componentMetric;
    QSqlQuery portMetric;
    QSqlQuery heartbeat;
    QSqlQuery customPlans;    // PostgreSQL only
    QSqlQuery checkpointLock; // PostgreSQL only
    QSqlQuery nextCheckpointVersion;
    QSqlQuery checkpoint;
};

SqlIngestSink::SqlIngestSink(QSqlDatabase db, qint64 maxPayloadBytes)
    : m_db(std::move(db))
    , m_engine(engineOf(m_db))
    , m_maxPayloadBytes(maxPayloadBytes)
{
    if (m_engine != SqlEngine::SQLite)
        return;
    sqlite3 *handle = SqliteStatement::handleOf(m_db);
    const char *name = handle ? sqlite3_db_filename(handle, "main") : nullptr;
    if (!name || !*name)
        return; // in memory: nothing to remove
    m_storePath = QFile::decodeName(name);
    m_mainFile = identityOfPath(m_storePath);
    m_walFile = identityOfPath(m_storePath + u"-wal"_s);
}

SqlIngestSink::~SqlIngestSink() = default;

Status SqlIngestSink::recordHeartbeat(const Heartbeat &beat)
{
    return recordReceiverHeartbeat(m_db, beat);
}

Status SqlIngestSink::checkStore()
{
    if (m_storePath.isEmpty())
        return success();
    // SQLite compares the file it has open with the path itself.
    if (sqlite3 *handle = SqliteStatement::handleOf(m_db)) {
        int moved = 0;
        if (sqlite3_file_control(handle, "main", SQLITE_FCNTL_HAS_MOVED, &moved) == SQLITE_OK &&
            moved != 0)
            return storeReplacedError(
                m_storePath, u"the database file Porthole has open is no longer at that path"_s);
    }
    if (m_mainFile) {
        if (Status main = checkStillAt(*m_mainFile, m_storePath, m_storePath); !main)
            return main;
    }
    // The -wal file holds the commits until a checkpoint copies them into the database file;
    // the connection keeps it open (and SQLite never removes it) while the connection lives.
    const QString wal = m_storePath + u"-wal"_s;
    if (!m_walFile) {
        m_walFile = identityOfPath(wal); // not in WAL mode when the sink was made, or not yet
        return success();
    }
    return checkStillAt(*m_walFile, wal, m_storePath);
}

Status SqlIngestSink::prepare()
{
    if (m_statements)
        return success();
    auto statements = std::make_unique<Statements>(m_db);
    auto messages = m_engine == SqlEngine::PostgreSQL ? createPostgresMessageWriter(m_db)
                                                      : createSqliteMessageWriter(m_db);
    if (!messages)
        return messages.error();
    statements->messages = std::move(messages).value();
    const QString checkpointLock =
        m_engine == SqlEngine::PostgreSQL
            ? u"SELECT pg_advisory_xact_lock(%1, hashtext(CAST(? AS TEXT)))"_s.arg(
                  checkpointLockClass)
            : QString(); // SQLite: BEGIN IMMEDIATE already excludes other writers
    // PostgreSQL plans a statement prepared long ago for the tables as they were then: once
    // generic, a plan made while messages was empty scans the whole table for every lookup.
    // Planning each execution afresh (PostgreSQL 12 and later) keeps lookups on the indexes.
    const QString customPlans =
        m_engine == SqlEngine::PostgreSQL
            ? u"SELECT set_config('plan_cache_mode', 'force_custom_plan', true) "
              "WHERE current_setting('server_version_num')::int >= 120000"_s
            : QString();
    const std::pair<QSqlQuery *, QString> sql[] = {
        {&statements->customPlans, customPlans},
        {&statements->highestNumber, u"SELECT max(message_number) FROM messages"_s},
        {&statements->guard, u"INSERT INTO ingest_deliveries (delivery_key, sink, stored_id) "
                             "SELECT CAST(? AS TEXT), 'sql', CAST(? AS TEXT) "
                             "WHERE NOT EXISTS (SELECT 1 FROM messages WHERE delivery_key = ?) "
                             "ON CONFLICT (delivery_key) DO NOTHING"_s},
        {&statements->processedEvent,
         u"INSERT INTO processed_events (event_id, sensor_id) VALUES (?, ?) "
         "ON CONFLICT (event_id) DO NOTHING"_s},
        {&statements->sensorMetric,
         u"INSERT INTO metrics (sensor_id, event_id, timestamp, value) VALUES (?, ?, ?, ?) "
         "ON CONFLICT (event_id) DO NOTHING"_s},
        {&statements->portMessage,
         u"INSERT INTO port_messages (id, port_name, source_component, target_component, "
         "message_data, message_metadata, status, retry_count, max_retries, created_at, "
         "error_message, error_details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s},
        {&statements->componentMetric,
         u"INSERT INTO component_metrics (id, component_name, metric_name, metric_value, "
         "metric_unit, metric_metadata, timestamp) VALUES (?, ?, ?, ?, ?, ?, ?)"_s},
        {&statements->portMetric,
         u"INSERT INTO port_metrics (id, port_name, messages_sent, messages_received, "
         "avg_send_duration_ms, avg_receive_duration_ms, avg_message_age_ms, "
         "buffer_utilization, timestamp) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"_s},
        {&statements->heartbeat,
         u"INSERT INTO system_health (id, component_name, health_status, health_details, "
         "last_heartbeat) VALUES (?, ?, ?, ?, ?)"_s},
        {&statements->checkpointLock, checkpointLock},
        {&statements->nextCheckpointVersion,
         u"SELECT coalesce(max(version), 0) + 1 FROM checkpoints WHERE checkpoint_name = ?"_s},
        {&statements->checkpoint,
         u"INSERT INTO checkpoints (id, checkpoint_name, component_name, checkpoint_data, "
         "checkpoint_metadata, version, created_at, expires_at) "
         "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"_s},
    };
    for (const auto &[query, text] : sql) {
        if (text.isEmpty())
            continue;
        query->setForwardOnly(true);
        if (!query->prepare(text))
            return sqlError(query->lastError(), u"Preparing to store deliveries"_s);
    }
    m_statements = std::move(statements);
    return success();
}

Result<IngestOutcome> SqlIngestSink::write(const QList<Delivery> &group)
{
    for (qsizetype i = 0; i < group.size(); ++i) {
        if (group.at(i).key.isEmpty())
            return StorageError::invalidArgument(
                u"Delivery %1 of the group has no key, which makes a second delivery "
                "impossible to recognise; nothing of the group was stored."_s.arg(i + 1));
    }
    if (group.isEmpty())
        return IngestOutcome{};
    const auto failed = [this, &group](const StorageError &error) {
        if (error.kind == StorageError::Kind::ConnectionLost)
            m_statements.reset(); // prepared again on the next write
        return groupError(error, group.size());
    };
    if (Status prepared = prepare(); !prepared)
        return failed(prepared.error());

    QList<DecodedPayload> decoded;
    decoded.reserve(group.size());
    QList<QString> keys;
    keys.reserve(group.size());
    for (const Delivery &delivery : group) {
        decoded.append(decodePayload(delivery, m_maxPayloadBytes));
        keys.append(withoutNul(delivery.key));
    }
    m_now = QDateTime::currentDateTimeUtc();

    SqlTransaction transaction(m_db);
    transaction.setPausePoint("ingest-commit"); // tests replace the store while it is held
    if (Status begun = transaction.begin(); !begun)
        return failed(begun.error());
    if (m_engine == SqlEngine::PostgreSQL) { // for this transaction only
        if (!m_statements->customPlans.exec())
            return failed(sqlError(m_statements->customPlans.lastError(),
                                   u"Choosing how to plan statements"_s));
        m_statements->customPlans.finish();
    }
    IngestOutcome outcome;
    QSet<QString> seen;
    seen.reserve(group.size());
    QList<qsizetype> messages;
    QList<qsizetype> records;
    messages.reserve(group.size());
    for (qsizetype i = 0; i < group.size(); ++i) {
        const qsizetype before = seen.size();
        seen.insert(keys.at(i));
        if (seen.size() == before)
            ++outcome.duplicates; // the same key earlier in the group
        else if (decoded.at(i).kind() == Kind::Message)
            messages.append(i);
        else
            records.append(i);
    }

    Status written = writeMessages(group, decoded, keys, messages, outcome);
    for (qsizetype i = 0; written && i < records.size(); ++i) {
        const qsizetype at = records.at(i);
        written = writeRecord(group.at(at), keys.at(at), decoded.at(at), outcome);
    }
    if (written)
        written = transaction.commit();
    if (!written)
        return failed(written.error());
    // Committed, but into the files the path still leads to? Not when the store was removed
    // or replaced meanwhile: then the group must not be acknowledged.
    if (Status inPlace = checkStore(); !inPlace) {
        m_statements.reset();
        return inPlace.error();
    }
    return outcome;
}

Status SqlIngestSink::writeMessages(const QList<Delivery> &group,
                                    const QList<DecodedPayload> &decoded,
                                    const QList<QString> &keys, const QList<qsizetype> &indices,
                                    IngestOutcome &outcome)
{
    if (indices.isEmpty())
        return success();
    Statements &s = *m_statements;

    // A message without the sender's number gets one more than the highest stored or given
    // before; a key stored before must then be known first, to give it no number. Otherwise
    // the insert alone leaves out what is stored.
    QSet<QString> stored;
    const bool numbering = std::any_of(indices.cbegin(), indices.cend(), [&decoded](qsizetype at) {
        return !decoded.at(at).get<PlainMessage>()->number;
    });
    if (numbering) {
        QList<QString> candidates;
        candidates.reserve(indices.size());
        for (const qsizetype at : indices)
            candidates.append(keys.at(at));
        if (Status found = s.messages->findStored(candidates, stored); !found)
            return found;
    }

    QList<MessageRow> rows;
    rows.reserve(indices.size());
    std::optional<qint64> highest; // read when first needed, then raised by each number given
    qint64 given = 0;              // the highest number given in this group so far
    for (const qsizetype at : indices) {
        if (!stored.isEmpty() && stored.contains(keys.at(at))) {
            ++outcome.duplicates;
            continue;
        }
        const Delivery &delivery = group.at(at);
        const PlainMessage &message = *decoded.at(at).get<PlainMessage>();
        if (!message.number && !highest) {
            if (!s.highestNumber.exec() || !s.highestNumber.next())
                return sqlError(s.highestNumber.lastError(),
                                u"Reading the highest message number"_s);
            highest = std::max(s.highestNumber.value(0).toLongLong(), given);
            s.highestNumber.finish();
        }
        const qint64 number = message.number ? *message.number : *highest + 1;
        given = std::max(given, number);
        if (highest)
            highest = std::max(*highest, number);
        rows.append({&delivery, &keys.at(at), number, isStoredAsText(delivery.payload),
                     delivery.receivedAt.isValid() ? delivery.receivedAt : m_now});
    }

    auto inserted = s.messages->insert(rows);
    if (!inserted)
        return inserted.error();
    // Fewer rows than sent: stored before, or by another writer meanwhile.
    outcome.stored += *inserted;
    outcome.byKind[static_cast<std::size_t>(Kind::Message)] += *inserted;
    outcome.duplicates += qint64(rows.size()) - *inserted;
    return success();
}

namespace {

// Runs query with values bound in order; the error names the delivery.
Result<qint64> execFor(QSqlQuery &query, const QVariantList &values, const QString &what,
                       const QString &key)
{
    for (qsizetype i = 0; i < values.size(); ++i)
        query.bindValue(static_cast<int>(i), values.at(i));
    if (!query.exec())
        return sqlError(query.lastError(), u"%1 (delivery %2)"_s.arg(what, key));
    return query.numRowsAffected();
}

} // namespace

QVariant SqlIngestSink::timeParam(const QDateTime &value) const
{
    return timestampParam(value.isValid() ? value : m_now, m_engine);
}

Result<qint64> SqlIngestSink::writePortMessage(const PortMessage &m, const QString &id,
                                               const QString &key)
{
    return execFor(m_statements->portMessage,
                   {id, m.portName, m.sourceComponent, m.targetComponent, jsonParam(m.messageData),
                    jsonOrNull(m.messageMetadata), m.status, m.retryCount, m.maxRetries,
                    timeParam(m.createdAt), textOrNull(m.errorMessage), jsonOrNull(m.errorDetails)},
                   u"Storing a port message"_s, key);
}

Result<qint64> SqlIngestSink::writeComponentMetric(const ComponentMetric &m, const QString &key)
{
    return execFor(m_statements->componentMetric,
                   {newUuid(), m.componentName, m.metricName, m.value, textOrNull(m.unit),
                    jsonOrNull(m.metadata), timeParam(m.timestamp)},
                   u"Storing a component metric"_s, key);
}

Result<qint64> SqlIngestSink::writePortMetric(const PortMetric &m, const QString &key)
{
    return execFor(m_statements->portMetric,
                   {newUuid(), m.portName, m.messagesSent, m.messagesReceived,
                    optionalParam(m.avgSendDurationMs), optionalParam(m.avgReceiveDurationMs),
                    optionalParam(m.avgMessageAgeMs), optionalParam(m.bufferUtilization),
                    timeParam(m.timestamp)},
                   u"Storing a port metric"_s, key);
}

Result<qint64> SqlIngestSink::writeHeartbeat(const Heartbeat &h, const QString &key)
{
    return execFor(m_statements->heartbeat,
                   {newUuid(), h.componentName, h.status, jsonOrNull(h.details), timeParam(h.time)},
                   u"Storing a heartbeat"_s, key);
}

// The next version of the checkpoint's name, then the checkpoint with it.
Result<qint64> SqlIngestSink::writeCheckpoint(const CheckpointVersion &c, const Delivery &delivery,
                                              const QString &key)
{
    Statements &s = *m_statements;
    if (m_engine == SqlEngine::PostgreSQL) {
        auto locked = execFor(s.checkpointLock, {c.name}, u"Locking checkpoint versions"_s, key);
        if (!locked)
            return locked.error();
        s.checkpointLock.finish();
    }
    auto next =
        execFor(s.nextCheckpointVersion, {c.name}, u"Reading the latest checkpoint version"_s, key);
    if (!next)
        return next.error();
    if (!s.nextCheckpointVersion.next())
        return sqlError(s.nextCheckpointVersion.lastError(),
                        u"Reading the latest checkpoint version"_s);
    const qint64 version = s.nextCheckpointVersion.value(0).toLongLong();
    s.nextCheckpointVersion.finish();
    return execFor(s.checkpoint,
                   {newUuid(), c.name, c.component, jsonParam(c.data), jsonOrNull(c.metadata),
                    version, timeParam(delivery.receivedAt),
                    c.expiresAt.isValid() ? timestampParam(c.expiresAt, m_engine) : nullText()},
                   u"Storing a checkpoint"_s, key);
}

// A dead letter is a port message on the dead-letter port, with the raw payload and what is
// known of its delivery.
Result<qint64> SqlIngestSink::writeDeadLetter(const Delivery &delivery, const QString &id,
                                              const QString &key, const DecodedPayload &decoded)
{
    QJsonObject details{{u"delivery_key"_s, key},
                        {u"delivery_count"_s, delivery.deliveryCount},
                        {u"source"_s, withoutNul(delivery.source)},
                        {u"payload_bytes"_s, qint64(delivery.payload.size())}};
    if (delivery.receivedAt.isValid())
        details.insert(u"received_at"_s, delivery.receivedAt.toUTC().toString(Qt::ISODateWithMs));
    if (delivery.fieldsAsJson)
        details.insert(u"fields_as_json"_s, true);
    return execFor(m_statements->portMessage,
                   {id, deadLetterPort(delivery.source), u"redis"_s, u"porthole-ingest"_s,
                    jsonParam(rawPayloadJson(delivery.payload)), nullText(), u"dead_letter"_s, 0, 3,
                    timeParam(delivery.receivedAt), withoutNul(decoded.get<DeadLetter>()->reason),
                    jsonParam(QJsonDocument(details).toJson(QJsonDocument::Compact))},
                   u"Storing a dead letter"_s, key);
}

Status SqlIngestSink::writeRecord(const Delivery &delivery, const QString &key,
                                  const DecodedPayload &decoded, IngestOutcome &outcome)
{
    Statements &s = *m_statements;
    const auto exec = [&key](QSqlQuery &query, const QVariantList &values, const QString &what) {
        return execFor(query, values, what, key);
    };
    const Kind kind = decoded.kind();

    // The row the delivery becomes, named in its ingest_deliveries row for the journey.
    QString storedId;
    if (kind == Kind::PortMessage)
        storedId = decoded.get<PortMessage>()->id;
    else if (kind == Kind::SensorReading)
        storedId = decoded.get<SensorReading>()->eventId;
    if (storedId.isEmpty() && (kind == Kind::PortMessage || kind == Kind::DeadLetter))
        storedId = newUuid();
    auto guarded = exec(s.guard, {key, storedId.isEmpty() ? nullText() : QVariant(storedId), key},
                        u"Recording the delivery"_s);
    if (!guarded)
        return guarded.error();
    if (*guarded == 0) {
        ++outcome.duplicates;
        return success();
    }

    Result<qint64> done = qint64(1);
    switch (kind) {
    case Kind::SensorReading: {
        const SensorReading &r = *decoded.get<SensorReading>();
        auto fresh = exec(s.processedEvent, {r.eventId, r.sensorId}, u"Recording a sensor event"_s);
        if (!fresh)
            return fresh.error();
        if (*fresh == 0) { // this event_id came in another delivery before
            ++outcome.duplicates;
            return success();
        }
        done = exec(s.sensorMetric, {r.sensorId, r.eventId, timeParam(r.timestamp), r.value},
                    u"Storing a sensor reading"_s);
        break;
    }
    case Kind::PortMessage:
        done = writePortMessage(*decoded.get<PortMessage>(), storedId, key);
        break;
    case Kind::ComponentMetric:
        done = writeComponentMetric(*decoded.get<ComponentMetric>(), key);
        break;
    case Kind::PortMetric:
        done = writePortMetric(*decoded.get<PortMetric>(), key);
        break;
    case Kind::Heartbeat:
        done = writeHeartbeat(*decoded.get<Heartbeat>(), key);
        break;
    case Kind::CheckpointVersion:
        done = writeCheckpoint(*decoded.get<CheckpointVersion>(), delivery, key);
        break;
    case Kind::DeadLetter:
        done = writeDeadLetter(delivery, storedId, key, decoded);
        break;
    case Kind::Message:
        return StorageError{StorageError::Kind::Internal,
                            u"SqlIngestSink::writeRecord was given a plain message."_s};
    }
    if (!done)
        return done.error();
    if (kind == Kind::DeadLetter)
        ++outcome.deadLettered;
    else
        ++outcome.stored;
    ++outcome.byKind[static_cast<std::size_t>(kind)];
    return success();
}

} // namespace porthole
