#pragma once

#include "connectionfactory.h"
#include "exactcount.h"
#include "paging.h"
#include "storageerror.h"

#include <QList>
#include <QMetaType>
#include <QObject>
#include <QSqlDatabase>
#include <QString>
#include <QTimer>
#include <QVariant>

#include <memory>
#include <optional>

namespace porthole {

// One row of a paged listing: its key in the listing's order (key.id names the row across
// reloads) and the row itself, as the concrete model reads it (a PortMessage, ...).
struct PagedRow
{
    PageKey key;
    QVariant value;
};

struct PagedRows
{
    QList<PagedRow> rows; // in the listing's order
    bool atStart = false; // nothing before the first row
    bool atEnd = false;   // nothing after the last row (for a range: nothing of it left out)
    // How the rows are ordered when not as the listing's sort asks, and why, or a filter the
    // database checks row by row for want of an index; empty when neither.
    QString note;
};

// One listing: a table, a filter and a sort, fixed when made. Its functions run on a loader
// thread with that thread's connection. It holds values only, so a model and its loader share
// one instance without a lock.
class PagedQuery
{
public:
    virtual ~PagedQuery() = default;

    // A keyset page: from the start or the end, or after or before `key`.
    virtual Result<PagedRows> page(const QSqlDatabase &db, PageRequest::From from,
                                   const PageKey &key, int limit) const = 0;
    // The rows from `first` (itself included or not) through `last`, at most `limit`.
    virtual Result<PagedRows> range(const QSqlDatabase &db, const PageKey &first,
                                    bool firstIncluded, const PageKey &last, int limit) const = 0;
    virtual Result<RowCount> count(const QSqlDatabase &db, qint64 exactUpTo) const = 0;

    // Whether exactCount() counts: when count() stopped at its limit, the model then counts
    // every row in the background (ExactCounter) and shows that figure when it comes.
    virtual bool countsExactly() const { return false; }
    // Every row of the listing counted, however many; nullopt when `interrupt` rose first (the
    // listing is no longer shown). Runs on the counter's thread with its connection.
    virtual Result<std::optional<qint64>> exactCount(const QSqlDatabase & /*db*/,
                                                     CountInterrupt & /*interrupt*/) const
    {
        return std::optional<qint64>();
    }
};

// What a model asks its loader for.
struct PagedLoad
{
    enum class Kind
    {
        Page,
        Range,
        Count
    };
    Kind kind = Kind::Page;
    quint64 generation = 0; // the listing it belongs to; older ones are dropped
    quint64 ticket = 0;     // the model's number for it, returned in the answer
    std::shared_ptr<const PagedQuery> query;
    PageRequest::From from = PageRequest::From::Start; // Page
    PageKey key;                                       // Page: after/before it; Range: first
    bool firstIncluded = true;                         // Range
    PageKey last;                                      // Range
    int limit = 200;                                   // Page, Range
    qint64 exactUpTo = 100000;                         // Count
};

struct PagedAnswer
{
    quint64 generation = 0;
    quint64 ticket = 0;
    bool ok = true;
    StorageError error; // when not ok
    PagedRows rows;     // Page, Range
    RowCount count;     // Count
};

// Runs a paged model's queries on a thread of its own, with a database connection of its own
// (named for that thread), one request at a time, and answers each with answered(). Requests
// of an older generation than the latest are dropped unread. When the connection is lost (or
// the database is locked), the connection is closed and the same request is tried again after
// a pause that doubles up to a limit; retrying() tells the model meanwhile.
class PagedTableLoader : public QObject
{
    Q_OBJECT

public:
    explicit PagedTableLoader(ConnectionFactory factory, int firstRetryMs = 250,
                              int mostRetryMs = 30000);
    // Closes the connection: runs on the loader's thread (deleted when that thread finishes).
    ~PagedTableLoader() override;

    // Queued from the model's thread.
    void load(const porthole::PagedLoad &request);
    void setGeneration(quint64 generation);

Q_SIGNALS:
    void answered(const porthole::PagedAnswer &answer);
    void retrying(quint64 generation, const QString &message, int delayMs);

private:
    void schedule();
    void runNext();
    PagedAnswer run(const PagedLoad &request);

    ConnectionFactory m_factory;
    QList<PagedLoad> m_queue;
    quint64 m_generation = 0;
    QTimer m_retryTimer;
    int m_firstRetryMs;
    int m_mostRetryMs;
    int m_nextRetryMs;
    bool m_scheduled = false;
};

} // namespace porthole

Q_DECLARE_METATYPE(porthole::PagedAnswer)
