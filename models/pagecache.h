#pragma once

#include "pagedtableloader.h"
#include "paging.h"

#include <QList>

#include <functional>
#include <utility>
#include <vector>

namespace porthole {

// The rows a PagedTableModel shows, as the pages they were read in, and how a page read again
// is merged into what is shown. It lives on the model's (the GUI) thread and never reads the
// database: the model asks its loader and hands the answers in.
//
// Every page (a Slot) covers a stretch of the listing: from just after the previous page's last
// key (for the first page: from head(), included) through its own `last`. At most `cachePages`
// pages keep their rows (are resident); the others keep their row count only, and their rows
// read as placeholders until read again. Before a page is added, makeRoom() evicts one; after,
// keepWithin() evicts down to the limit: the page looked at longest ago goes first, and of pages
// never looked at, the one farthest from the page looked at last.
//
// Each change to the rows is told to the model's views, as it happens, through RowEvents:
// reconcile() removes the rows gone from a page's stretch and inserts those new to it, run by
// run, so that the rows around keep their place and a view its selection.
//
// The pages themselves are bounded too (dropFarPages()): a view keeps a few bytes for every row
// in the model, evicted or not, so a listing followed for a night, or scrolled through far,
// gives back whole pages at the end away from where the view looks.
class PageCache
{
public:
    // What the model tells its views (QAbstractItemModel's begin/end calls, dataChanged).
    class RowEvents
    {
    public:
        virtual void beginInsert(int first, int last) = 0;
        virtual void endInsert() = 0;
        virtual void beginRemove(int first, int last) = 0;
        virtual void endRemove() = 0;
        virtual void changed(int first, int last) = 0;

    protected:
        ~RowEvents() = default;
    };

    // A page as the model holds it.
    struct Slot
    {
        quint64 id = 0;
        int count = 0;        // rows in the model
        PageKey first;        // the key of its first row when it was read
        PageKey last;         // the key of its last row when it was read: its end
        QList<PagedRow> rows; // when resident
        bool resident = false;
        bool stale = false;           // resident, but to be read again when next looked at
        quint64 inFlight = 0;         // the ticket of a range request on its way
        mutable quint64 lastUsed = 0; // when data() last read it (0: never); for eviction
    };

    // Told the rows a page read again adds to the listing, before the rest of the merge is.
    using NewRows = std::function<void(qint64 rows)>;

    PageCache(int pageSize, int cachePages, RowEvents &events);

    // No pages, no rows (inside the model's reset).
    void clear();

    int rowCount() const { return m_rows; }
    int slotCount() const { return static_cast<int>(m_slots.size()); }
    bool isEmpty() const { return m_slots.empty(); }
    int residentCount() const { return m_resident; }
    const Slot &slot(int slotIndex) const { return m_slots[slotIndex]; }
    Slot &slot(int slotIndex) { return m_slots[slotIndex]; }
    const Slot &back() const { return m_slots.back(); }
    // The first row of a page in the model.
    int startOf(int slotIndex) const { return m_starts[slotIndex]; }
    // The key of the first row: the start of the first page's stretch.
    const PageKey &head() const { return m_head; }

    // The page showing `row` (which is in the model).
    int slotOfRow(int row) const;
    // The index of the page with `slotId`, or -1 when it is gone.
    int slotIndexOf(quint64 slotId) const;
    // The start of a page's stretch: the key, and whether the row at it belongs to the page.
    std::pair<PageKey, bool> slotFirst(int slotIndex) const;
    // A page's row, when it is resident.
    const PagedRow &rowAt(int slotIndex, int row) const
    {
        return m_slots[slotIndex].rows.at(row - m_starts[slotIndex]);
    }

    // Adds `rows` (not empty) as a page after the last one, or before the first one: the rows
    // after it move down. `beforeAnnounced` runs once the page is there, before the views hear
    // of its rows. Returns the new page's id.
    quint64 append(const QList<PagedRow> &rows, const std::function<void()> &beforeAnnounced);
    quint64 prepend(const QList<PagedRow> &rows, const std::function<void()> &beforeAnnounced);

    // Merges the rows read again for a page's stretch into it (resident or not); `newRows`
    // (if set) counts the rows added. A page left empty is dropped: its stretch goes to the next
    // page, or to the rows not read after the last. A page that grew beyond two pages is cut
    // into pages. Then the cache is kept within its limit, the page itself kept.
    void reload(int slotIndex, const QList<PagedRow> &fresh, const NewRows &newRows);

    // Which ends dropFarPages() took pages from.
    struct Dropped
    {
        bool head = false;
        bool tail = false;
    };
    // While the model has more than `mostRows` rows, takes whole pages out of it (their rows
    // removed, as views are told) at the end farther from the page data() read last (before
    // any was: the one with `fallbackSlotId`), never that page itself. A page taken from the
    // front leaves the head at the first row of the page after it, so that the rows before it
    // are read again as rows before the first one; those after the last page, as rows after it.
    // Rows just read at the far end (a refresh's new rows, away from the view) go too.
    Dropped dropFarPages(int mostRows, quint64 fallbackSlotId);

    // Evicts a page, if needed, so that one more fits.
    void makeRoom();
    // Evicts pages beyond the limit, never the one with `keepSlotId`.
    void keepWithin(quint64 keepSlotId);

private:
    Slot newSlot(const QList<PagedRow> &rows);
    void reconcile(int slotIndex, const QList<PagedRow> &fresh, const NewRows &newRows);
    void removeGone(int slotIndex, const QList<PagedRow> &fresh);
    qint64 insertNew(int slotIndex, const QList<PagedRow> &fresh);
    void updateChanged(int slotIndex, const QList<PagedRow> &fresh);
    void reloadEvicted(int slotIndex, const QList<PagedRow> &fresh, const NewRows &newRows);
    void dropEmptySlot(int slotIndex);
    void splitLargeSlot(int slotIndex);
    void evictDownTo(int limit, quint64 keepSlotId);
    int evictionVictim(quint64 keepSlotId) const;
    int lastLookedAt(quint64 fallbackSlotId) const;
    void dropSlot(int slotIndex);

    void recomputeStarts();
    void resizeSlot(int slotIndex, int newCount);
    void emitSlotChanged(int slotIndex, int from, int to);

    int m_pageSize;
    int m_cachePages;
    RowEvents &m_events;
    std::vector<Slot> m_slots;
    std::vector<int> m_starts; // the first row of each slot
    int m_rows = 0;
    PageKey m_head;
    int m_resident = 0;
    quint64 m_nextSlotId = 0;
};

} // namespace porthole
