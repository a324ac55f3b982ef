#pragma once

#include "fallbacktable.h"
#include "paging.h"
#include "portmessagesearch.h"
#include "sqltypes.h"
#include "storageerror.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <optional>

namespace porthole {

// One row of port_messages (docs/DATABASE.md, Tables). JSON fields hold JSON text; a null
// QByteArray is SQL NULL.
struct PortMessage
{
    QString id; // a UUID; generated on insert when empty
    QString portName;
    QString sourceComponent;
    QString targetComponent;
    QByteArray messageData;
    QByteArray messageMetadata;
    QString status = QStringLiteral("pending");
    int retryCount = 0;
    int maxRetries = 3;
    QDateTime createdAt; // now when invalid
    QDateTime processedAt;
    QDateTime completedAt;
    QString errorMessage;
    QByteArray errorDetails;
    // Porthole's own bookkeeping (migration 10): raised by one on every change an operator
    // makes, how often the row was replayed, and when it was purged (soft deleted).
    qint64 version = 1;
    int replayCount = 0;
    QDateTime deletedAt;
    // Where the row stands in the order its table stores rows (SQLite's rowid), as a listing
    // read in that order or tied by it has it (PortMessageRepository::servedSort(),
    // tiebreak()); 0 when it was not.
    qint64 storedOrder = 0;

    bool isDeadLetter() const;
    friend bool operator==(const PortMessage &, const PortMessage &) = default;
};

// What the Queues pane filters by. Empty members do not filter.
struct PortMessageFilter
{
    QStringList ports;            // any of these
    QStringList statuses;         // any of these
    bool deadLettersOnly = false; // the dead_letter_queue set
    QDateTime from;               // created_at >= from
    QDateTime to;                 // created_at < to
    QString text; // in message_data, error_message or message_metadata, case-insensitive; or
                  // the row's id
    // coalesce(error_message, '') LIKE this, a backslash escaping '%', '_' and itself: how the
    // dead letters of one error signature are narrowed down in SQL (see PortMessageModel).
    QString errorLike;
    // Purged rows (deleted_at set) are left out of every listing and count; this shows
    // only them instead.
    bool purgedOnly = false;
};

// When a row failed, and why: what grouping dead letters by their error needs of a row.
struct PortMessageError
{
    QString message; // empty when error_message is NULL
    QDateTime createdAt;
};

struct StatusCount
{
    QString status;
    qint64 count = 0;
    RowCount::Precision precision = RowCount::Precision::Exact; // as count() says
};

// Rows of one port, as count() counts them.
struct PortCount
{
    QString port;
    RowCount count;
};

class CountInterrupt;

class PortMessageRepository
{
public:
    explicit PortMessageRepository(QSqlDatabase db);

    static const QStringList &statuses();
    // The columns a page may be sorted by; created_at is the default.
    static const QStringList &sortColumns();
    // The order a page asked for in `sortColumn` (one of sortColumns(), empty for the default)
    // is read in here: that column where an index of the table leads with it (on PostgreSQL,
    // for port_name and status, with id next: the ties' order). Where none does (a pipeline's
    // own database attached read-only has none of Porthole's indexes), created_at where an
    // index serves it, else the order the rows are stored in, "rowid" on SQLite or else the
    // primary key "id", so that no page sorts every row of the table. page() and pageBetween()
    // take these two as well.
    QString servedSort(const QString &sortColumn) const;
    // What orders the rows of one value of `sortColumn` (as served): the id, or on SQLite where
    // the column's index has no id after it (a pipeline's own, "port_messages (port_name)"),
    // the rowid every SQLite index ends in, so that the index serves the whole order.
    QString tiebreak(const QString &sortColumn) const;
    // Whether the filter's time range can be found through an index (created_at leads one),
    // rather than by checking row after row.
    bool timeRangeIndexed() const;
    // The index Porthole's migrations add for a sort by `sortColumn` ("port_messages
    // (created_at, id)"): what adopting the database would add for it.
    static QString browseIndex(const QString &sortColumn);

    // Validates every row first (JSON, status, lengths) and writes nothing if one is bad;
    // then inserts all in one transaction. Returns the rows as stored (ids filled in).
    Result<QList<PortMessage>> insert(QList<PortMessage> messages);
    Result<PortMessage> get(const QString &id) const;
    Result<Page<PortMessage>> page(const PortMessageFilter &filter,
                                   const PageRequest &request) const;
    // The rows within `range`, in the order `request` names (its sortColumn, descending and
    // limit; its from and key are not used). atStart is true; atEnd says that no row of the
    // range was left out for the limit.
    Result<Page<PortMessage>> pageBetween(const PortMessageFilter &filter, const KeyRange &range,
                                          const PageRequest &request) const;
    Result<RowCount> count(const PortMessageFilter &filter, qint64 exactUpTo = 100000) const;
    // Every row of the filter counted, however many, for when count() stopped at its limit;
    // nullopt when `interrupt` rose first (see exactcount.h).
    Result<std::optional<qint64>> exactCount(const PortMessageFilter &filter,
                                             CountInterrupt &interrupt) const;
    // The error messages of the newest `limit` rows (by created_at) that match the filter,
    // newest first, without the rest of each row.
    Result<QList<PortMessageError>> errors(const PortMessageFilter &filter, int limit) const;
    // When the oldest row of the filter was created (UTC); invalid when it has none. With one
    // port and one status, one probe of idx_port_messages_port_status_created.
    Result<QDateTime> oldestCreated(const PortMessageFilter &filter) const;
    // The distinct ports, without reading the whole table.
    Result<QStringList> ports() const;
    // Rows per status (of `ports` only, when given); each count bounded as count() is.
    Result<QList<StatusCount>> statusCounts(qint64 exactUpTo = 100000,
                                            const QStringList &ports = {}) const;
    // Rows per port, in the order of ports(); each count bounded as count() is.
    Result<QList<PortCount>> portCounts(qint64 exactUpTo = 100000) const;

    // The columns every read selects, in the order fromQuery() takes them.
    static const QString &selectColumns();
    static PortMessage fromQuery(const QSqlQuery &query);
    // The WHERE clause of a filter, for other readers of port_messages.
    WhereClause where(const PortMessageFilter &filter) const;
    // What to read a filter's rows from: "port_messages", on SQLite with the index to use for
    // the dead letters named (SQLite without the planner's statistics, which Porthole does not
    // gather, would sort them all for every page instead of walking their partial index). On a
    // pipeline's database that is not migrated (attached read-only), the table with the
    // columns Porthole adds read as their defaults (FallbackTable).
    QString table(const PortMessageFilter &filter) const;

    // The key to continue a page after or before this row in the given sort.
    static PageKey keyOf(const PortMessage &message, const QString &sortColumn);

private:
    // The SELECT of a listing sorted by `sortColumn`: selectColumns() (and the rowid last, for
    // the stored order) from table().
    QString listing(const QString &sortColumn, const PortMessageFilter &filter) const;
    // The filter's WHERE clauses as arms of a UNION ALL (keysetQuery()): where() alone, or on
    // SQLite without Porthole's dead-letter index (a pipeline's own table, not migrated) the
    // dead-letter set as its two conditions, each a walk of the status index in stored order
    // that ends at the page's end, instead of reading both statuses whole and sorting them.
    QList<WhereClause> arms(const PortMessageFilter &filter) const;
    // Whether a listing in this order reads each row's rowid (PortMessage::storedOrder).
    bool readsRowid(const QString &sortColumn) const;

    QSqlDatabase m_db;
    SqlEngine m_engine;
    FallbackTable m_table;
    PortMessageSearch m_search; // one read of the search index for table() and where()
};

} // namespace porthole

// Moved in memory as bytes when a list of them grows (every member is).
Q_DECLARE_TYPEINFO(porthole::PortMessage, Q_RELOCATABLE_TYPE);
Q_DECLARE_METATYPE(porthole::PortMessage)
