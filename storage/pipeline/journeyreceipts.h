#pragma once

#include "journey.h"
#include "storageerror.h"

#include <QJsonObject>
#include <QSqlDatabase>
#include <QString>

#include <optional>
#include <utility>

namespace porthole {

class RedisClient;

// Whether `text` is a delivery key of the ingest worker: "stream:", "list:" or "pubsub:" and
// more (storage/base/delivery.h).
bool isDeliveryKey(const QString &text);
// Whether `text` is a Redis stream entry id ("1700000000000-5").
bool isStreamEntryId(const QString &text);
// A batch file's line as a journey is asked for it: "messages_batch_0012.txt:5" (the file's
// name as the store writes it, the line from 1).
QString batchLineKey(qint64 batch, qint64 line);
// The batch and line a batch line key names; nothing when `text` is not one.
std::optional<std::pair<qint64, qint64>> batchLineOf(const QString &text);

// A receipt as JSON (`porthole trace --json`, docs/CLI.md), and as one line for a person.
QJsonObject receiptJson(const JourneyReceipt &receipt);
QString receiptText(const JourneyReceipt &receipt);

// Reads where a journey's records came into the store: the ingest_deliveries row of each hop
// (by stored_id, migration 22), and the delivery a journey was asked for by its key, with the
// receiver's messages row that holds it. A database without those tables or columns (a
// pipeline's own, never migrated) has no receipts. Every lookup reads an index.
class ReceiptReader
{
public:
    explicit ReceiptReader(QSqlDatabase db);

    // The delivery with this key: what it became (its ingest_deliveries row, its messages
    // row), or one receipt with nothing stored.
    Result<QList<JourneyReceipt>> byKey(const QString &key) const;
    // The delivery stored as the row with this id (a sensor reading's event id): none when no
    // delivery was.
    Result<QList<JourneyReceipt>> byStoredId(const QString &id) const;
    // The line (from 1) of a batch file: the delivery the batch-file sink wrote there, else
    // the receiver's messages row of it; else the line alone.
    Result<QList<JourneyReceipt>> byBatchLine(qint64 batch, qint64 line) const;
    // Appends the receipts of the journey's hops, by the time they were stored.
    Status addHopReceipts(Journey *journey) const;

private:
    QSqlDatabase m_db;
    SqlEngine m_engine;
    bool m_deliveries = false; // ingest_deliveries with stored_id
    bool m_messages = false;   // the receiver's messages table, with delivery keys
    bool m_batchRows = false;  // the receiver's messages table, with their batch files
    bool m_events = false;     // seed 003's processed_events
};

// Reads, for each receipt of a stream delivery, its entry as the Redis server holds it now:
// still in the stream or not, and per consumer group pending (with whom, delivered how often)
// or acknowledged. An entry a group acknowledged with nothing stored under its key is a gap.
Status readRedisEntries(RedisClient &client, Journey *journey);
// Reads, for each receipt of the batch-file sink, its line in the batch store `directory`
// (every read bounded as the store's readers are). A missing file or line is a gap.
Status readBatchLines(const QString &directory, Journey *journey);

} // namespace porthole
