#pragma once

#include "storageerror.h"

#include <QSqlDatabase>
#include <QString>
#include <QVariantList>

#include <atomic>
#include <mutex>
#include <optional>

struct sqlite3;

namespace porthole {

// Stops an exact count that another thread runs on its own connection, when what it counts
// is no longer shown (a new filter, a pane closed). One per count: made by the thread that
// asks, raised by it at any time, read by the counting thread.
//
// SQLite: raise() calls sqlite3_interrupt() on the handle the count runs on, which stops even
// a whole-table count (one step of SQLite's virtual machine, a walk of the table's b-tree), and
// a progress handler checks the flag every few thousand steps besides, for a raise that came
// between the last look at it and the statement's start. PostgreSQL: the counting thread sends
// the statement without waiting for its answer, watches the flag while it waits, and sends the
// server a cancel request (PQcancel) when it rises; so the asking thread never waits for the
// network. Either way the statement ends within milliseconds.
class CountInterrupt
{
public:
    CountInterrupt() = default;
    CountInterrupt(const CountInterrupt &) = delete;
    CountInterrupt &operator=(const CountInterrupt &) = delete;

    // Any thread: the count under way stops, and one not yet started does not start.
    void raise();
    bool isRaised() const { return m_raised.load(std::memory_order_acquire); }

private:
    friend class SqliteCountScope;

    std::atomic<bool> m_raised{false};
    std::mutex m_mutex;          // guards m_sqlite: it is interrupted only while counted on
    sqlite3 *m_sqlite = nullptr; // the handle a SQLite count runs on now
};

// Counts the rows of `fromWhere` ("FROM t WHERE ...", `?` for the values of `params`) exactly,
// however many there are. nullopt when `interrupt` rose before the count finished; `what`
// names the count in errors.
Result<std::optional<qint64>> exactCount(const QSqlDatabase &db, const QString &fromWhere,
                                         const QVariantList &params, CountInterrupt &interrupt,
                                         const QString &what);

} // namespace porthole
