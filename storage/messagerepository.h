#pragma once

#include "sqlsupport.h"
#include "storageerror.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace porthole {

// A message as the receiver stores it in SQL (seed 000, "SQLite Alternative"): the
// sender's number, the content as bytes (kept byte for byte, even when not UTF-8), when it
// arrived, and the key of its delivery that makes a second delivery harmless.
struct ReceivedMessage
{
    qint64 id = 0;                 // assigned by the database
    std::optional<qint64> batchId; // the batch file it also lives in, if any
    qint64 messageNumber = 0;
    QByteArray content;
    QDateTime timestamp;
    QString deliveryKey; // e.g. the Redis stream entry id, "stream:key:1700000000000-0"
    QString source;      // where it came from, e.g. the Redis key

    friend bool operator==(const ReceivedMessage &, const ReceivedMessage &) = default;
};

// A batch file's row in `batches`.
struct BatchRecord
{
    qint64 id = 0;
    QString filename;
    int messageCount = 0;
    QDateTime dateCreated;
    QDateTime dateModified;

    friend bool operator==(const BatchRecord &, const BatchRecord &) = default;
};

struct MessageFilter
{
    QString text;                     // in the content, case-insensitive
    std::optional<qint64> numberFrom; // message_number >= numberFrom
    std::optional<qint64> numberTo;   // message_number <= numberTo
    QDateTime from;                   // timestamp >= from
    QDateTime to;                     // timestamp < to
    std::optional<qint64> batchId;
};

struct InsertOutcome
{
    qint64 inserted = 0;
    qint64 duplicates = 0; // deliveries seen before, not stored again
};

class MessageRepository
{
public:
    explicit MessageRepository(QSqlDatabase db);

    static const QStringList &sortColumns(); // timestamp (default), message_number

    // Stores messages in one transaction; a delivery key already stored is skipped.
    Result<InsertOutcome> insert(const QList<ReceivedMessage> &messages);
    // Inserts or updates batch rows (by id) in one transaction.
    Status upsertBatches(const QList<BatchRecord> &batches);
    Result<QList<BatchRecord>> batches() const;

    Result<Page<ReceivedMessage>> page(const MessageFilter &filter,
                                       const PageRequest &request) const;
    Result<RowCount> count(const MessageFilter &filter, qint64 exactUpTo = 100000) const;
    static PageKey keyOf(const ReceivedMessage &message, const QString &sortColumn);

private:
    WhereClause where(const MessageFilter &filter) const;

    QSqlDatabase m_db;
    SqlEngine m_engine;
};

} // namespace porthole
