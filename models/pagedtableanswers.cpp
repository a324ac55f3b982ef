// PagedTableModel: what it does with the loader's answers (see the class comment): the pages
// go into the cache at the end they were asked for, a page read again replaces its rows.
#include "exactcountschedule.h"
#include "pagedtablemodel.h"

#include <QLoggingCategory>
#include <QScopeGuard>

Q_DECLARE_LOGGING_CATEGORY(lcPagedModel)

namespace porthole {

void PagedTableModel::onRetrying(quint64 generation, const QString &message, int delayMs)
{
    if (generation != m_generation)
        return;
    setState(State::Error,
             tr("%1 Retrying in %2 s.").arg(message, QLocale().toString(delayMs / 1000.0, 'g', 3)));
}

void PagedTableModel::onAnswer(const PagedAnswer &answer)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (answer.generation != m_generation) {
        ++m_staleAnswers;
        qCDebug(lcPagedModel) << "dropped an answer of generation" << answer.generation << "now"
                              << m_generation;
        return;
    }
    const auto report = qScopeGuard([this] { reportBusy(); });
    const auto it = m_pending.constFind(answer.ticket);
    if (it == m_pending.cend())
        return;
    const Pending pending = *it;
    m_pending.erase(it);
    switch (pending.what) {
    case Pending::What::Tail:
        m_tailInFlight = false;
        break;
    case Pending::What::Head:
        m_headInFlight = false;
        break;
    case Pending::What::Count:
        m_countInFlight = false;
        break;
    case Pending::What::Slot:
        if (const int i = m_cache.slotIndexOf(pending.slotId);
            i >= 0 && m_cache.slot(i).inFlight == answer.ticket)
            m_cache.slot(i).inFlight = 0;
        break;
    }

    if (!answer.ok) {
        // Not a lost connection (the loader retries those): the same request would fail
        // again, so nothing more is asked until refresh() or a new listing.
        m_halted = true;
        m_wanted.clear();
        qCInfo(lcPagedModel) << "request failed:" << answer.error.message;
        setState(State::Error, answer.error.message);
        return;
    }
    if (pending.what != Pending::What::Count && answer.rows.note != m_orderNote) {
        m_orderNote = answer.rows.note;
        Q_EMIT orderNoteChanged(m_orderNote);
    }
    switch (pending.what) {
    case Pending::What::Tail:
        applyTail(pending, answer.rows);
        break;
    case Pending::What::Head:
        applyHead(pending, answer.rows);
        break;
    case Pending::What::Slot:
        applySlot(pending, answer.rows);
        break;
    case Pending::What::Count:
        applyCount(answer.count, pending.fromRefresh);
        break;
    }
    settleState(); // out of an error when the connection is back

    if (!m_wanted.isEmpty() && !m_dispatchTimer.isActive())
        m_dispatchTimer.start();
}

void PagedTableModel::applyTail(const Pending &pending, const PagedRows &answer)
{
    // The end moved while this was read (a page emptied or grew): its rows may now belong to
    // another page, so the next fetch or refresh asks again from the new end.
    const bool follows = !m_cache.isEmpty();
    if (follows != pending.boundSet || (follows && !(m_cache.back().last == pending.bound)))
        return;
    m_firstPageArrived = true;
    // The first rows are in the model by the time this runs: counting may start now, not
    // before (on two cores a count beside the first page and its first paint delays both).
    const auto count = qScopeGuard([this, follows] {
        if (follows)
            return;
        requestCount();
        m_exact->schedule(false);
    });
    if (!follows) {
        // The first page, from either end.
        m_atStart = answer.atStart || answer.rows.isEmpty();
        m_startReached = m_atStart;
    }
    if (answer.rows.isEmpty()) {
        m_atEnd = true;
        finishJump();
        return;
    }
    const quint64 id = m_cache.append(answer.rows, [&] {
        m_atEnd = answer.atEnd;
        // Chained before the rows are announced, so that a view's fetchMore() on hearing of
        // them does not take the place of the refresh's next page.
        if (pending.fromRefresh && !m_atEnd && pending.pagesLeft > 0)
            requestTail(true, pending.pagesLeft - 1);
    });
    if (pending.fromRefresh)
        addNewRows(answer.rows.size());
    m_cache.keepWithin(id);
    dropFarRows(id);
    finishJump();
}

void PagedTableModel::applyHead(const Pending &pending, const PagedRows &answer)
{
    if (m_cache.isEmpty() || !(m_cache.head() == pending.bound))
        return;
    if (answer.rows.isEmpty()) {
        m_atStart = true;
        m_startReached = true;
        return;
    }
    // The rows just before the first one, in order: a page of their own in front, so the
    // rows after them keep their content and only move down. They are new rows when the
    // listing's first row had been read; otherwise older rows a view scrolled up to.
    const bool fresh = m_startReached;
    const quint64 id = m_cache.prepend(answer.rows, [&] {
        m_atStart = answer.atStart;
        if (!answer.atStart && pending.pagesLeft > 0)
            requestHead(pending.pagesLeft - 1);
    });
    // Only now: a view that hears of the rows learns from startReached() whether they were
    // older rows it scrolled up to or new ones.
    m_startReached = m_startReached || answer.atStart;
    if (fresh)
        addNewRows(answer.rows.size());
    m_cache.keepWithin(id);
    dropFarRows(id);
}

void PagedTableModel::applySlot(const Pending &pending, const PagedRows &answer)
{
    const int i = m_cache.slotIndexOf(pending.slotId);
    if (i < 0)
        return;
    PageCache::Slot &slot = m_cache.slot(i);
    const auto [first, firstIncluded] = m_cache.slotFirst(i);
    if (!(first == pending.bound) || firstIncluded != pending.firstIncluded ||
        !(slot.last == pending.last)) {
        // A neighbour changed meanwhile, and with it this page's stretch: read it again.
        qCDebug(lcPagedModel) << "page" << i << "moved while being read";
        if (slot.resident)
            slot.stale = true;
        m_wanted.insert(pending.slotId);
        return;
    }
    if (!answer.atEnd && !answer.rows.isEmpty()) {
        // More rows arrived in this stretch than one read takes: keep those that came and
        // leave the rest to the next page (or to the next fetch, after the last page).
        slot.last = answer.rows.constLast().key;
        if (i + 1 == m_cache.slotCount())
            m_atEnd = false;
    }
    qCDebug(lcPagedModel) << "page" << i << "read again:" << answer.rows.size() << "rows for"
                          << slot.count << (slot.resident ? "resident" : "evicted");
    PageCache::NewRows newRows;
    if (pending.fromRefresh)
        newRows = [this](qint64 rows) {
            addNewRows(rows);
        };
    m_cache.reload(i, answer.rows, newRows);
    dropFarRows(pending.slotId);
}

void PagedTableModel::dropFarRows(quint64 readSlotId)
{
    const PageCache::Dropped dropped = m_cache.dropFarPages(m_options.mostRows, readSlotId);
    if (dropped.tail)
        m_atEnd = false;
    if (dropped.head) {
        // The rows before the first one are older rows again, read as the view scrolls up.
        m_atStart = false;
        m_startReached = false;
    }
}

} // namespace porthole
