#pragma once

#include "connectionfactory.h"
#include "pagecache.h"
#include "pagedtableloader.h"
#include "paging.h"
#include "workerthread.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QSet>
#include <QTimer>

#include <memory>
#include <optional>
#include <vector>

namespace porthole {

class ChangeNotifier;
class ExportSource;
class ExactCountSchedule;
class LiveFollow;

// A table model over a SQL listing too big to hold: rows are read in keyset pages by a loader
// on a thread of its own (PagedTableLoader), and the GUI thread never waits for the database.
//
// Rows appear as pages arrive: the first page on setQuery(), the next ones when a view asks
// (canFetchMore/fetchMore), so the model's row count is the rows read so far; totalCount() is
// the size of the whole listing, exact or estimated. A listing of millions of rows is never
// read down to its end page by page: jumpToEnd() starts it over at its last page (read with
// the sort reversed, by keys, without OFFSET), and the rows before it are read a page at a
// time as the view scrolls up (canFetchEarlier/fetchEarlier); jumpToStart() goes back. The rows
// read are held, page by page, in a PageCache: at most cachePages pages keep their rows, and a
// page evicted is read again when asked for; its rows answer data() with a placeholder
// (RowLoadedRole false) meanwhile. At most mostRows rows stay in the model at all: a listing
// followed for hours gives back the pages at its far end, which are read again (by fetchMore or
// fetchEarlier) when the view goes back there.
//
// Every page remembers the key of its last row, so that reading it again fetches exactly the
// rows that now lie between its neighbours (a range query, no OFFSET): the cache removes the
// rows gone from there and inserts the new ones. refresh() also looks for rows before the
// first and after the last one, at the ends of the listing that have been read, and inserts
// them, counting them in newRows(), without moving the rows in between. Every request carries the
// listing's generation; an answer to an older one (the filter or sort changed meanwhile) is
// dropped.
//
// The count stops at exactCountUpTo: beyond it SQLite says "more than" and PostgreSQL gives the
// planner's estimate. Once the first page is in, a listing whose query can (countsExactly())
// is then counted to its end by an ExactCounter, on a thread and a connection of its own, and
// the figure replaces the bounded one when it comes; a new listing (filter, sort) stops that
// count and drops its answer. While the listing stays, refreshes keep the exact figure shown
// and count again, no more often than every exactRecountGapMs (or four times as long as the
// last exact count took, if longer), until a bounded count is exact again.
class PagedTableModel : public QAbstractTableModel, private PageCache::RowEvents
{
    Q_OBJECT
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    Q_PROPERTY(QString errorMessage READ errorMessage NOTIFY stateChanged)
    Q_PROPERTY(qint64 newRows READ newRows NOTIFY newRowsChanged)
    Q_PROPERTY(QString totalCountText READ totalCountText NOTIFY totalCountChanged)
    Q_PROPERTY(bool liveFollow READ liveFollow WRITE setLiveFollow)

public:
    enum class State
    {
        Idle,    // no listing yet
        Loading, // the first page of a new listing is on its way
        Ready,   // rows shown (more may be loading in the background)
        Error    // the last request failed; errorMessage() says why
    };
    Q_ENUM(State)

    // Where the listing was started from: its first row (growing downwards) or its last row
    // (growing upwards).
    enum class Anchor
    {
        Start,
        End
    };
    Q_ENUM(Anchor)

    enum Role
    {
        RowLoadedRole = Qt::UserRole + 0x100, // false while a row's page is being read
        RowIdRole,                            // the row's id (its key's id)
    };

    struct Options
    {
        int pageSize = 200;  // rows a page (1..10000)
        int cachePages = 40; // pages kept in memory, at least 3
        // Rows in the model at most (at least two pages): past it, whole pages at the end away
        // from the view are dropped, to be read again when scrolled back to.
        int mostRows = 100000;
        qint64 exactCountUpTo = 100000; // counted exactly up to this, estimated beyond
        int refreshIntervalMs = 2000;   // live follow
        int firstRetryMs = 250;         // pause before reconnecting, doubling ...
        int mostRetryMs = 30000;        // ... up to this
        int headPagesPerRefresh = 25;   // pages of new rows one refresh inserts at most
        // Live follow with a ChangeNotifier: refreshes after a change at most this often, and
        // polls only every safetyNetMs (at least refreshIntervalMs) while it tells of changes.
        int changeGapMs = 250;
        int safetyNetMs = 60000;
        // Count every row in the background when the count stopped at exactCountUpTo.
        bool countExactly = true;
        int exactRecountGapMs = 5000;
    };

    explicit PagedTableModel(ConnectionFactory factory, QObject *parent = nullptr);
    PagedTableModel(ConnectionFactory factory, Options options, QObject *parent = nullptr);
    ~PagedTableModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

    // Rows before the first one that have not been read yet (after jumpToEnd()): a view
    // scrolled to its top asks for them, a page at a time, as it asks for rows after the last
    // one with fetchMore().
    bool canFetchEarlier() const;
    void fetchEarlier();
    Anchor anchor() const { return m_anchor; }
    // Whether the listing's first row has been read. From then on, rows that a refresh finds
    // before the first row are new rows; until then they are older rows not read yet.
    bool startReached() const { return m_startReached; }

    State state() const { return m_state; }
    QString errorMessage() const { return m_errorMessage; }
    // What the latest page said of its order (PagedRows::note): empty when it is as asked.
    QString orderNote() const { return m_orderNote; }

    // How many rows the whole listing has, and how sure that is.
    RowCount totalCount() const { return m_totalCount; }
    // An exact count of every row is under way in the background; exactCountingChanged() tells.
    bool isCountingExactly() const;
    // Exact counts stopped because the listing changed, for tests and diagnostics.
    quint64 exactCountsStopped() const;
    QString totalCountText() const { return countText(m_totalCount); }
    static QString countText(const RowCount &count); // "1,234 rows", "about 1.2 M rows", ...
    // countText(), with ", counting…" after a count that is not exact while the exact one runs.
    QString countTextWhileCounting(const RowCount &count) const;

    // Rows that refreshes inserted since the last clearNewRows() or new listing.
    qint64 newRows() const { return m_newRows; }
    void clearNewRows();

    // Refresh every refreshIntervalMs while on, and on the changes a ChangeNotifier tells.
    void setLiveFollow(bool on);
    bool liveFollow() const;
    // While live follow is on, refreshes when `notifier` tells of a change to one of
    // watchedTables(), changeGapMs after the last refresh at the soonest, so that a flood of
    // changes makes a few refreshes a second. The notifier stays the caller's.
    void watchChanges(ChangeNotifier *notifier);
    // Refreshes started (by live follow, a change or a caller), for tests and diagnostics.
    quint64 refreshCount() const { return m_refreshes; }

    // Sorts in SQL by a column that sortColumnSql() maps to one of the repository's sort
    // columns; a sort by any other column is ignored, and the order stays as it was.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }

    const Options &options() const { return m_options; }
    int cachedPages() const { return m_cache.residentCount(); }
    int pageCount() const { return m_cache.slotCount(); }
    // Requests sent and not yet answered, or about to be sent; busyChanged() tells.
    bool isBusy() const { return !m_pending.isEmpty() || m_dispatchTimer.isActive(); }
    // Answers dropped because they belonged to an older listing.
    quint64 staleAnswers() const { return m_staleAnswers; }
    // Counts asked of the loader (the bounded count each listing shows), for tests and
    // diagnostics.
    quint64 countsAsked() const { return m_countsAsked; }

    // The whole listing as filtered and sorted, for File > Export; none by default.
    virtual std::shared_ptr<const ExportSource> exportSource() const { return {}; }

public Q_SLOTS:
    // Counts again, reads the pages in view again, and inserts rows found before the first
    // (when the first page was read) and after the last row (when the last page was read).
    // Clears an error.
    void refresh();
    // Shows the listing's last rows: when they have not been read, the listing starts over
    // from its last page. jumped() tells when they are in the model.
    void jumpToEnd();
    // Shows the listing's first rows, starting it over from its first page unless they are
    // in the model (with none found before them since).
    void jumpToStart();

Q_SIGNALS:
    // The rows at the end that jumpToEnd() or jumpToStart() went to are in the model: a view
    // scrolls there.
    void jumped(porthole::PagedTableModel::Anchor to);
    void stateChanged(porthole::PagedTableModel::State state, const QString &message);
    void orderNoteChanged(const QString &note);
    void totalCountChanged(const porthole::RowCount &count);
    void newRowsChanged(qint64 newRows);
    // The model started or stopped reading (a view may show that it is loading).
    void busyChanged(bool busy);
    void exactCountingChanged(bool counting);
    // refresh() was called: what a view shows beside the listing may be read again too.
    void refreshing();

protected:
    // Starts over with a new listing (a new filter or sort): the rows go, and answers to the
    // old listing still on their way are dropped.
    void setQuery(std::shared_ptr<const PagedQuery> query);
    std::shared_ptr<const PagedQuery> query() const { return m_query; }

    // A loaded row's data; `row` is a PagedRow::value of this model's query.
    virtual QVariant rowData(const QVariant &row, int column, int role) const = 0;
    // The SQL column a model column sorts by (one the repository allows), or an empty string;
    // by default no column sorts.
    virtual QString sortColumnSql(int /*column*/) const { return {}; }
    // Starts the listing for the filter and sort as they are now (setQuery()); sort() calls
    // it, so a model that sorts gives one.
    virtual void restart() {}
    // The tables the listing reads, whose changes refresh it; by default none is named and a
    // change of any table does.
    virtual QStringList watchedTables() const { return {}; }
    // The sort a subclass starts with, before its first restart().
    void setInitialSort(int column, Qt::SortOrder order)
    {
        m_sortColumn = column;
        m_sortOrder = order;
    }

private:
    // What a request was for, to apply its answer.
    struct Pending
    {
        enum class What
        {
            Tail, // the page after the last one (or the first page, or the last for Anchor::End)
            Head, // rows before the first one
            Slot, // a page read again
            Count
        };
        What what = What::Tail;
        quint64 slotId = 0;
        PageKey bound;         // Tail: the last key it follows; Head: the head; Slot: first
        bool boundSet = false; // Tail: whether it follows a key (else from the start)
        bool firstIncluded = false;
        PageKey last; // Slot
        bool fromRefresh = false;
        int pagesLeft = 0; // Tail and Head from a refresh: how many more to chain
    };

    // A new listing of m_query from one of its ends: the rows go, the first page is asked for.
    void startListing(Anchor anchor);
    void finishJump();
    void send(PagedLoad request, Pending pending);
    void requestTail(bool fromRefresh, int pagesLeft);
    void requestHead(int pagesLeft);
    void requestSlot(int slotIndex, bool fromRefresh);
    void requestCount(bool fromRefresh = false);
    void dispatchWanted();
    void applyCount(const RowCount &count, bool fromRefresh);
    void setTotalCount(const RowCount &count);

    void onAnswer(const PagedAnswer &answer);
    void onRetrying(quint64 generation, const QString &message, int delayMs);
    void applyTail(const Pending &pending, const PagedRows &rows);
    void applyHead(const Pending &pending, const PagedRows &rows);
    void applySlot(const Pending &pending, const PagedRows &rows);
    // Keeps the model within mostRows; the ends pages were dropped from are not reached now.
    void dropFarRows(quint64 readSlotId);

    // PageCache::RowEvents: the cache's changes, told to the views.
    void beginInsert(int first, int last) override;
    void endInsert() override;
    void beginRemove(int first, int last) override;
    void endRemove() override;
    void changed(int first, int last) override;

    void addNewRows(qint64 rows);
    void setState(State state, const QString &message = {});
    void settleState();
    void reportBusy(bool always = false);

    Options m_options;
    int m_sortColumn = 0;
    Qt::SortOrder m_sortOrder = Qt::DescendingOrder;
    WorkerThread m_thread;
    PagedTableLoader *m_loader = nullptr; // lives on m_thread, deleted when it finishes

    std::shared_ptr<const PagedQuery> m_query;
    quint64 m_generation = 0;
    quint64 m_nextTicket = 0;
    QHash<quint64, Pending> m_pending; // by ticket

    PageCache m_cache;      // the rows, page by page
    bool m_atEnd = false;   // no rows after the last slot (when it was last read)
    bool m_atStart = false; // no rows before the first slot (when it was last read)
    bool m_startReached = false;
    Anchor m_anchor = Anchor::Start;
    std::optional<Anchor> m_jump; // jumped() is due when the first page arrives
    bool m_tailInFlight = false;
    bool m_headInFlight = false;
    bool m_countInFlight = false;
    bool m_firstPageArrived = false;

    // Touched by data(), which is const: what the view looked at when, and what it is missing.
    mutable quint64 m_useClock = 0;
    mutable QSet<quint64> m_wanted;
    mutable QTimer m_dispatchTimer;

    LiveFollow *m_live = nullptr; // a child
    quint64 m_refreshes = 0;
    State m_state = State::Idle;
    QString m_errorMessage;
    QString m_orderNote;
    bool m_reportedBusy = false;
    bool m_halted = false; // after an error: no more requests until refresh() or a new listing
    RowCount m_totalCount;
    // The exact count: per query (a jump starts the listing over, with the same query).
    std::unique_ptr<ExactCountSchedule> m_exact;
    qint64 m_newRows = 0;
    quint64 m_staleAnswers = 0;
    quint64 m_countsAsked = 0;
};

} // namespace porthole
