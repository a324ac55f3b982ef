#pragma once

#include "paging.h"
#include "sqltypes.h"
#include "storageerror.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace porthole {

class CountInterrupt;

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

// What the Messages pane filters by. Empty members do not filter; every value is bound, never
// spliced into the SQL.
struct MessageFilter
{
    QString text;                     // in the content, case-insensitive
    std::optional<qint64> numberFrom; // message_number >= numberFrom
    std::optional<qint64> numberTo;   // message_number <= numberTo
    QDateTime from;                   // timestamp >= from
    QDateTime to;                     // timestamp < to
    std::optional<qint64> batchId;
    QString source; // source = this, exactly (a Redis key is matched whole)

    bool isEmpty() const
    {
        return text.isEmpty() && !numberFrom && !numberTo && !from.isValid() && !to.isValid() &&
               !batchId && source.isEmpty();
    }
    friend bool operator==(const MessageFilter &, const MessageFilter &) = default;
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
    // The rows within `range`, in the order `request` names (its sortColumn, descending and
    // limit; its from and key are not used): a paged view reads a page back by its bounds, so
    // that it sees the rows inserted or removed there since. atStart is true; atEnd says that
    // no row of the range was left out for the limit.
    Result<Page<ReceivedMessage>> pageBetween(const MessageFilter &filter, const KeyRange &range,
                                              const PageRequest &request) const;
    Result<RowCount> count(const MessageFilter &filter, qint64 exactUpTo = 100000) const;
    // Every row of the filter counted, however many, for when count() stopped at its limit;
    // nullopt when `interrupt` rose first (see exactcount.h).
    Result<std::optional<qint64>> exactCount(const MessageFilter &filter,
                                             CountInterrupt &interrupt) const;
    // How many rows the whole table holds, without counting them: the planner's statistics on
    // PostgreSQL, the span of ids on SQLite (ids only grow, so rows removed since make it too
    // high). Always an Estimate; for a table of millions where count() stops at its limit.
    Result<RowCount> estimatedCount() const;
    static PageKey keyOf(const ReceivedMessage &message, const QString &sortColumn);
    // The WHERE clause of a filter, for other readers of messages.
    WhereClause where(const MessageFilter &filter) const;

private:
    QSqlDatabase m_db;
    SqlEngine m_engine;
};

} // namespace porthole
