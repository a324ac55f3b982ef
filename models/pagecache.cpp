#include "pagecache.h"

#include <QSet>
#include <QStringList>

#include <algorithm>

namespace porthole {

PageCache::PageCache(int pageSize, int cachePages, RowEvents &events)
    : m_pageSize(pageSize)
    , m_cachePages(cachePages)
    , m_events(events)
{}

void PageCache::clear()
{
    m_slots.clear();
    m_starts.clear();
    m_rows = 0;
    m_head = {};
    m_resident = 0;
}

int PageCache::slotOfRow(int row) const
{
    // The last slot starting at or before the row; an empty slot (only ever there for a
    // moment while a page is reconciled) shares its start with the next and is skipped.
    const auto it = std::upper_bound(m_starts.cbegin(), m_starts.cend(), row);
    return static_cast<int>(it - m_starts.cbegin()) - 1;
}

int PageCache::slotIndexOf(quint64 slotId) const
{
    for (std::size_t i = 0; i < m_slots.size(); ++i) {
        if (m_slots[i].id == slotId)
            return static_cast<int>(i);
    }
    return -1;
}

std::pair<PageKey, bool> PageCache::slotFirst(int slotIndex) const
{
    if (slotIndex == 0)
        return {m_head, true};
    return {m_slots[slotIndex - 1].last, false};
}

PageCache::Slot PageCache::newSlot(const QList<PagedRow> &rows)
{
    Slot slot;
    slot.id = ++m_nextSlotId;
    slot.count = static_cast<int>(rows.size());
    slot.first = rows.constFirst().key;
    slot.last = rows.constLast().key;
    slot.rows = rows;
    slot.resident = true;
    return slot;
}

quint64 PageCache::append(const QList<PagedRow> &rows, const std::function<void()> &beforeAnnounced)
{
    Q_ASSERT(!rows.isEmpty());
    makeRoom();
    const int first = m_rows;
    Slot slot = newSlot(rows);
    const quint64 id = slot.id;
    m_events.beginInsert(first, first + slot.count - 1);
    if (m_slots.empty())
        m_head = rows.constFirst().key;
    m_rows += slot.count;
    m_slots.push_back(std::move(slot));
    m_starts.push_back(first);
    ++m_resident;
    if (beforeAnnounced)
        beforeAnnounced();
    m_events.endInsert();
    return id;
}

quint64 PageCache::prepend(const QList<PagedRow> &rows,
                           const std::function<void()> &beforeAnnounced)
{
    Q_ASSERT(!rows.isEmpty());
    makeRoom();
    Slot slot = newSlot(rows);
    const quint64 id = slot.id;
    m_events.beginInsert(0, slot.count - 1);
    m_head = rows.constFirst().key;
    m_rows += slot.count;
    m_slots.insert(m_slots.begin(), std::move(slot));
    recomputeStarts();
    ++m_resident;
    if (beforeAnnounced)
        beforeAnnounced();
    m_events.endInsert();
    return id;
}

void PageCache::reload(int slotIndex, const QList<PagedRow> &fresh, const NewRows &newRows)
{
    if (m_slots[slotIndex].resident)
        reconcile(slotIndex, fresh, newRows);
    else
        reloadEvicted(slotIndex, fresh, newRows);
    if (m_slots[slotIndex].count == 0) {
        dropEmptySlot(slotIndex);
        return;
    }
    const quint64 id = m_slots[slotIndex].id;
    splitLargeSlot(slotIndex);
    keepWithin(id);
}

void PageCache::resizeSlot(int slotIndex, int newCount)
{
    Slot &slot = m_slots[slotIndex];
    const int delta = newCount - slot.count;
    slot.count = newCount;
    m_rows += delta;
    for (std::size_t j = slotIndex + 1; j < m_starts.size(); ++j)
        m_starts[j] += delta;
}

void PageCache::recomputeStarts()
{
    m_starts.resize(m_slots.size());
    int start = 0;
    for (std::size_t i = 0; i < m_slots.size(); ++i) {
        m_starts[i] = start;
        start += m_slots[i].count;
    }
}

void PageCache::emitSlotChanged(int slotIndex, int from, int to)
{
    if (to < from)
        return;
    const int base = m_starts[slotIndex];
    m_events.changed(base + from, base + to);
}

void PageCache::reconcile(int slotIndex, const QList<PagedRow> &fresh, const NewRows &newRows)
{
    removeGone(slotIndex, fresh);
    const qint64 inserted = insertNew(slotIndex, fresh);
    updateChanged(slotIndex, fresh);
    if (newRows)
        newRows(inserted);
}

void PageCache::removeGone(int slotIndex, const QList<PagedRow> &fresh)
{
    Slot &slot = m_slots[slotIndex];
    QSet<QString> freshIds;
    for (const PagedRow &row : fresh)
        freshIds.insert(row.key.id);

    // Rows gone from the stretch, run by run from the back so the positions before stay put.
    for (int k = static_cast<int>(slot.rows.size()) - 1; k >= 0;) {
        if (freshIds.contains(slot.rows.at(k).key.id)) {
            --k;
            continue;
        }
        const int end = k;
        while (k >= 0 && !freshIds.contains(slot.rows.at(k).key.id))
            --k;
        const int start = k + 1;
        const int base = m_starts[slotIndex];
        m_events.beginRemove(base + start, base + end);
        slot.rows.remove(start, end - start + 1);
        resizeSlot(slotIndex, static_cast<int>(slot.rows.size()));
        m_events.endRemove();
    }
}

qint64 PageCache::insertNew(int slotIndex, const QList<PagedRow> &fresh)
{
    Slot &slot = m_slots[slotIndex];
    QSet<QString> kept;
    QStringList keptOrder;
    for (const PagedRow &row : std::as_const(slot.rows)) {
        kept.insert(row.key.id);
        keptOrder << row.key.id;
    }
    QStringList freshOrder;
    for (const PagedRow &row : fresh) {
        if (kept.contains(row.key.id))
            freshOrder << row.key.id;
    }
    if (keptOrder != freshOrder) {
        // A row moved within the page (its sort value changed): take the page out and put
        // it back in its new order.
        const int base = m_starts[slotIndex];
        m_events.beginRemove(base, base + slot.count - 1);
        slot.rows.clear();
        resizeSlot(slotIndex, 0);
        m_events.endRemove();
        kept.clear();
    }

    // Rows new to the stretch, run by run.
    qint64 inserted = 0;
    int pos = 0;
    for (int f = 0; f < fresh.size();) {
        if (kept.contains(fresh.at(f).key.id)) {
            ++pos;
            ++f;
            continue;
        }
        int end = f;
        while (end < fresh.size() && !kept.contains(fresh.at(end).key.id))
            ++end;
        const int n = end - f;
        const int base = m_starts[slotIndex];
        m_events.beginInsert(base + pos, base + pos + n - 1);
        slot.rows.insert(pos, n, PagedRow{});
        std::copy(fresh.cbegin() + f, fresh.cbegin() + end, slot.rows.begin() + pos);
        resizeSlot(slotIndex, static_cast<int>(slot.rows.size()));
        m_events.endInsert();
        pos += n;
        f = end;
        inserted += n;
    }
    return inserted;
}

void PageCache::updateChanged(int slotIndex, const QList<PagedRow> &fresh)
{
    // Rows still there whose content changed.
    Slot &slot = m_slots[slotIndex];
    Q_ASSERT(slot.rows.size() == fresh.size());
    int changedFrom = -1;
    for (int j = 0; j <= fresh.size(); ++j) {
        const bool changed = j < fresh.size() && !(slot.rows.at(j).value == fresh.at(j).value);
        if (changed && changedFrom < 0)
            changedFrom = j;
        if (!changed && changedFrom >= 0) {
            for (int c = changedFrom; c < j; ++c)
                slot.rows[c] = fresh.at(c);
            emitSlotChanged(slotIndex, changedFrom, j - 1);
            changedFrom = -1;
        }
    }
    slot.rows = fresh; // the keys too (a key's sort value is the row's)
    if (!fresh.isEmpty())
        slot.first = fresh.constFirst().key;
    slot.stale = false;
}

void PageCache::reloadEvicted(int slotIndex, const QList<PagedRow> &fresh, const NewRows &newRows)
{
    // Which rows came or went is unknown (they were not kept); the count is set right at
    // the page's end and every row of it reported changed. The rows stay placeholders until
    // the count is right, so that the rows around a change read the same before and after.
    makeRoom();
    Slot &slot = m_slots[slotIndex];
    const int old = slot.count;
    const int n = static_cast<int>(fresh.size());
    const int base = m_starts[slotIndex];
    if (n > old) {
        m_events.beginInsert(base + old, base + n - 1);
        resizeSlot(slotIndex, n);
        m_events.endInsert();
        if (newRows)
            newRows(n - old);
    } else if (n < old) {
        m_events.beginRemove(base + n, base + old - 1);
        resizeSlot(slotIndex, n);
        m_events.endRemove();
    }
    slot.rows = fresh;
    if (!fresh.isEmpty())
        slot.first = fresh.constFirst().key;
    slot.resident = true;
    slot.stale = false;
    ++m_resident;
    emitSlotChanged(slotIndex, 0, n - 1);
}

void PageCache::dropEmptySlot(int slotIndex)
{
    // Its stretch goes to the next page (whose stretch starts after the previous page's
    // last key), or to the tail after the last page; the first page keeps m_head.
    Q_ASSERT(m_slots[slotIndex].count == 0);
    if (m_slots[slotIndex].resident)
        --m_resident;
    m_slots.erase(m_slots.begin() + slotIndex);
    m_starts.erase(m_starts.begin() + slotIndex);
    if (m_slots.empty())
        m_head = {};
}

void PageCache::splitLargeSlot(int slotIndex)
{
    Slot &slot = m_slots[slotIndex];
    const int size = m_pageSize;
    if (!slot.resident || slot.count <= 2 * size)
        return;
    // A page that grew by many inserted rows is cut back to page size, so that a page stays
    // a page in the cache's accounting.
    std::vector<Slot> pieces;
    for (int from = 0; from < slot.count; from += size) {
        Slot piece;
        piece.id = from == 0 ? slot.id : ++m_nextSlotId;
        piece.rows = slot.rows.mid(from, size);
        piece.count = static_cast<int>(piece.rows.size());
        piece.first = piece.rows.constFirst().key;
        piece.last = piece.rows.constLast().key;
        piece.resident = true;
        piece.lastUsed = slot.lastUsed;
        pieces.push_back(std::move(piece));
    }
    pieces.back().last = slot.last; // the end of the stretch, not just of the rows
    pieces.front().inFlight = slot.inFlight;
    m_resident += static_cast<int>(pieces.size()) - 1;
    m_slots.erase(m_slots.begin() + slotIndex);
    m_slots.insert(m_slots.begin() + slotIndex, std::make_move_iterator(pieces.begin()),
                   std::make_move_iterator(pieces.end()));
    recomputeStarts();
}

int PageCache::lastLookedAt(quint64 fallbackSlotId) const
{
    int latest = -1;
    for (std::size_t i = 0; i < m_slots.size(); ++i) {
        if (m_slots[i].lastUsed > 0 &&
            (latest < 0 || m_slots[i].lastUsed > m_slots[latest].lastUsed))
            latest = static_cast<int>(i);
    }
    return latest >= 0 ? latest : slotIndexOf(fallbackSlotId);
}

PageCache::Dropped PageCache::dropFarPages(int mostRows, quint64 fallbackSlotId)
{
    Dropped dropped;
    while (m_rows > mostRows && m_slots.size() > 1) {
        // The end with more rows between it and the page in view; that page is never at it.
        const int seen = std::max(0, lastLookedAt(fallbackSlotId));
        const int above = m_starts[seen];
        const int below = m_rows - above - m_slots[seen].count;
        const bool tail = below >= above;
        dropSlot(tail ? static_cast<int>(m_slots.size()) - 1 : 0);
        (tail ? dropped.tail : dropped.head) = true;
    }
    return dropped;
}

void PageCache::dropSlot(int slotIndex)
{
    const int first = m_starts[slotIndex];
    const int count = m_slots[slotIndex].count;
    if (count > 0)
        m_events.beginRemove(first, first + count - 1);
    if (m_slots[slotIndex].resident)
        --m_resident;
    m_rows -= count;
    m_slots.erase(m_slots.begin() + slotIndex);
    if (slotIndex == 0)
        m_head = m_slots.front().first;
    recomputeStarts();
    if (count > 0)
        m_events.endRemove();
}

void PageCache::keepWithin(quint64 keepSlotId)
{
    evictDownTo(m_cachePages, keepSlotId);
}

void PageCache::makeRoom()
{
    evictDownTo(m_cachePages - 1, 0);
}

int PageCache::evictionVictim(quint64 keepSlotId) const
{
    // The page looked at longest ago; of pages never looked at (read ahead, or inserted by a
    // refresh), the one farthest from the page looked at last.
    int latest = -1;
    for (std::size_t i = 0; i < m_slots.size(); ++i) {
        if (m_slots[i].resident && (latest < 0 || m_slots[i].lastUsed > m_slots[latest].lastUsed))
            latest = static_cast<int>(i);
    }
    const auto distance = [latest](int index) {
        return std::abs(index - latest);
    };
    int victim = -1;
    for (std::size_t i = 0; i < m_slots.size(); ++i) {
        const Slot &slot = m_slots[i];
        if (!slot.resident || slot.id == keepSlotId)
            continue;
        if (victim < 0 || slot.lastUsed < m_slots[victim].lastUsed ||
            (slot.lastUsed == m_slots[victim].lastUsed &&
             distance(static_cast<int>(i)) > distance(victim)))
            victim = static_cast<int>(i);
    }
    return victim;
}

void PageCache::evictDownTo(int limit, quint64 keepSlotId)
{
    // All victims first, then the signals: a slot connected to them never sees more pages
    // held than the limit.
    std::vector<quint64> evicted;
    while (m_resident > limit) {
        const int victim = evictionVictim(keepSlotId);
        if (victim < 0)
            break;
        Slot &slot = m_slots[victim];
        slot.rows = {};
        slot.resident = false;
        slot.stale = false;
        --m_resident;
        evicted.push_back(slot.id);
    }
    // Their rows read as placeholders now; a view showing any asks for them again.
    for (const quint64 id : evicted) {
        const int i = slotIndexOf(id);
        emitSlotChanged(i, 0, m_slots[i].count - 1);
    }
}

} // namespace porthole
