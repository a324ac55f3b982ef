#pragma once

#include "storageerror.h"

#include <QDateTime>
#include <QHash>
#include <QSqlDatabase>
#include <QString>

namespace porthole {

// The stream (or list) and consumer group a ledger is of.
struct LedgerSubject
{
    QString key;
    QString group; // empty for a list
    bool list = false;
};

// The rows the receiver wrote for a subject within a range of times, by the time each is
// stamped (docs/RELIABILITY.md, "The ledger").
struct LedgerRows
{
    qint64 messages = 0;     // messages
    qint64 deliveries = 0;   // ingest_deliveries, every sink
    qint64 lines = 0;        // of them, the batch-file lines
    qint64 receiverDead = 0; // port_messages dead-lettered by the receiver
    qint64 movedDead = 0;    // port_messages an operator moved from the group

    qint64 rows() const { return messages + deliveries + movedDead; }
    LedgerRows &operator+=(const LedgerRows &other);
};

// Counts a subject's rows: each a range count of an index (migration 28), and the counts of
// whole hours kept in ledger_counts (migration 29) instead where there are some. An hour is
// kept well after it is over, by keepHours(); a row of it deleted or changed later drops it
// (the migration's triggers), and it is counted again; the hours kept are counted again in
// turn, for a row stored into one late.
class LedgerCounter
{
public:
    LedgerCounter(QSqlDatabase db, LedgerSubject subject);

    // Reads the kept hours within [from, to) once, for rows() to take.
    Status readKept(const QDateTime &from, const QDateTime &to);
    // The rows within [from, to): the hours kept whole, the rest counted.
    Result<LedgerRows> rows(const QDateTime &from, const QDateTime &to) const;
    // Rows of entries added to the stream within [from, to), by their entry ids' time.
    Result<qint64> entriesAdded(const QDateTime &from, const QDateTime &to) const;
    // Counts and keeps up to `most` hours not kept yet that ended at or before `before` and
    // began at or after `since`, the latest first; when every such hour is kept, counts again
    // the one counted longest ago. Returns how many hours it counted.
    Result<int> keepHours(const QDateTime &since, const QDateTime &before, int most);

private:
    // Counts `hour` (its start, ms) and keeps it, in one transaction; false when a transaction
    // that deleted rows holds ledger_counts (PostgreSQL), and nothing was kept.
    Result<bool> keepHour(qint64 hour);
    Result<LedgerRows> counted(const QDateTime &from, const QDateTime &to) const;
    Result<qint64> count(const QString &sql, const QVariantList &params, const QString &what) const;

    QSqlDatabase m_db;
    LedgerSubject m_subject;
    QString m_prefix;                 // of the receiver's delivery keys
    bool m_keeps;                     // the database has ledger_counts
    QHash<qint64, LedgerRows> m_kept; // by the hour's start, seconds since the epoch
};

} // namespace porthole
