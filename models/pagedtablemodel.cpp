#include "pagedtablemodel.h"

#include "changenotifier.h"
#include "exactcounter.h"

#include <QLocale>
#include <QLoggingCategory>
#include <QScopeGuard>

#include <algorithm>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcPagedModel, "porthole.models.paged", QtWarningMsg)

namespace porthole {

namespace {

// Pages read again at once for data(): enough for a screenful, few enough that a fast scroll
// does not queue reads of pages already scrolled past.
constexpr int maxSlotLoads = 2;
// Pages that refresh() reads again at once: those looked at last, a screenful at most.
constexpr std::size_t pagesInView = 3;

PagedTableModel::Options withinLimits(PagedTableModel::Options options)
{
    options.pageSize = std::clamp(options.pageSize, 1, 10000);
    options.cachePages = std::max(3, options.cachePages);
    options.headPagesPerRefresh = std::max(1, options.headPagesPerRefresh);
    return options;
}

} // namespace

PagedTableModel::PagedTableModel(ConnectionFactory factory, QObject *parent)
    : PagedTableModel(std::move(factory), Options{}, parent)
{}

PagedTableModel::PagedTableModel(ConnectionFactory factory, Options options, QObject *parent)
    : QAbstractTableModel(parent)
    , m_options(withinLimits(options))
    , m_factory(factory)
    , m_cache(m_options.pageSize, m_options.cachePages, *this)
{
    qRegisterMetaType<porthole::PagedAnswer>();

    m_loader =
        new PagedTableLoader(std::move(factory), m_options.firstRetryMs, m_options.mostRetryMs);
    m_thread.start(u"paged-table-loader"_s, m_loader);
    connect(m_loader, &PagedTableLoader::answered, this, &PagedTableModel::onAnswer);
    connect(m_loader, &PagedTableLoader::retrying, this, &PagedTableModel::onRetrying);

    m_dispatchTimer.setSingleShot(true);
    m_dispatchTimer.setInterval(0);
    connect(&m_dispatchTimer, &QTimer::timeout, this, &PagedTableModel::dispatchWanted);
    m_refreshTimer.setInterval(std::max(100, m_options.refreshIntervalMs));
    connect(&m_refreshTimer, &QTimer::timeout, this, &PagedTableModel::refresh);
    m_changeTimer.setSingleShot(true);
    m_changeTimer.setInterval(std::max(0, m_options.changeGapMs));
    connect(&m_changeTimer, &QTimer::timeout, this, &PagedTableModel::refreshForChange);
    m_exactTimer.setSingleShot(true);
    connect(&m_exactTimer, &QTimer::timeout, this, &PagedTableModel::startExactCount);
}

PagedTableModel::~PagedTableModel()
{
    // An exact count under way is interrupted. A query under way finishes first (bounded by
    // the statement timeout); nothing queued behind it runs.
    m_exactCounter.reset();
    m_thread.stop();
}

int PagedTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_cache.rowCount();
}

QVariant PagedTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int s = m_cache.slotOfRow(index.row());
    const PageCache::Slot &slot = m_cache.slot(s);
    slot.lastUsed = ++m_useClock;
    if ((!slot.resident || slot.stale) && !slot.inFlight && !m_halted) {
        // Never read here: the view asks for many cells in a row, and data() must not wait.
        m_wanted.insert(slot.id);
        if (!m_dispatchTimer.isActive())
            m_dispatchTimer.start();
    }
    if (!slot.resident) {
        if (role == RowLoadedRole)
            return false;
        if (role == Qt::DisplayRole && index.column() == 0)
            return tr("Loading…");
        return {};
    }
    const PagedRow &row = m_cache.rowAt(s, index.row());
    if (role == RowLoadedRole)
        return true;
    if (role == RowIdRole)
        return row.key.id;
    return rowData(row.value, index.column(), role);
}

bool PagedTableModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_query && m_firstPageArrived && !m_atEnd && !m_halted;
}

void PagedTableModel::fetchMore(const QModelIndex &parent)
{
    if (canFetchMore(parent))
        requestTail(false, 0);
}

bool PagedTableModel::canFetchEarlier() const
{
    return m_query && m_firstPageArrived && !m_atStart && !m_halted;
}

void PagedTableModel::fetchEarlier()
{
    if (canFetchEarlier())
        requestHead(0);
}

void PagedTableModel::jumpToEnd()
{
    if (!m_query)
        return;
    if (m_firstPageArrived && m_atEnd && !m_halted) {
        // The last rows are read (their page may be evicted, and is read again when shown).
        Q_EMIT jumped(Anchor::End);
        return;
    }
    m_jump = Anchor::End;
    if (m_anchor == Anchor::End && !m_firstPageArrived && !m_halted)
        return; // the last page is on its way
    startListing(Anchor::End);
}

void PagedTableModel::jumpToStart()
{
    if (!m_query)
        return;
    if (m_firstPageArrived && m_atStart && !m_halted) {
        Q_EMIT jumped(Anchor::Start);
        return;
    }
    m_jump = Anchor::Start;
    if (m_anchor == Anchor::Start && !m_firstPageArrived && !m_halted)
        return;
    startListing(Anchor::Start);
}

void PagedTableModel::finishJump()
{
    if (!m_jump)
        return;
    const Anchor to = *m_jump;
    m_jump.reset();
    Q_EMIT jumped(to);
}

void PagedTableModel::sort(int column, Qt::SortOrder order)
{
    if (sortColumnSql(column).isEmpty())
        return;
    if (column == m_sortColumn && order == m_sortOrder)
        return;
    m_sortColumn = column;
    m_sortOrder = order;
    restart();
}

void PagedTableModel::clearNewRows()
{
    if (m_newRows == 0)
        return;
    m_newRows = 0;
    Q_EMIT newRowsChanged(0);
}

void PagedTableModel::addNewRows(qint64 rows)
{
    if (rows <= 0)
        return;
    m_newRows += rows;
    Q_EMIT newRowsChanged(m_newRows);
}

void PagedTableModel::setLiveFollow(bool on)
{
    if (on) {
        m_refreshTimer.start();
        return;
    }
    m_refreshTimer.stop();
    m_changeTimer.stop();
    m_changePending = false; // a pane shown again refreshes then
}

void PagedTableModel::watchChanges(ChangeNotifier *notifier)
{
    if (m_notifier)
        disconnect(m_notifier, nullptr, this, nullptr);
    m_notifier = notifier;
    if (notifier) {
        connect(notifier, &ChangeNotifier::changed, this, &PagedTableModel::onTableChanged);
        connect(notifier, &ChangeNotifier::stateChanged, this,
                &PagedTableModel::updateRefreshInterval);
    }
    updateRefreshInterval();
}

void PagedTableModel::updateRefreshInterval()
{
    // While the notifier tells of changes as they happen, polling is only a safety net, for a
    // change it could not tell of (a notification lost with a connection before that was
    // noticed, a writer that bypassed the triggers); once its connection is lost, and until it
    // is back, the listing is polled as often as without one.
    int interval = m_options.refreshIntervalMs;
    if (m_notifier && m_notifier->isLive())
        interval = std::max(interval, m_options.safetyNetMs);
    interval = std::max(100, interval);
    if (interval != m_refreshTimer.interval())
        m_refreshTimer.setInterval(interval); // restarts it when active
}

void PagedTableModel::onTableChanged(const QString &table)
{
    if (!m_query || !liveFollow() || !ChangeNotifier::concerns(table, watchedTables()))
        return;
    m_changePending = true;
    // The first change after a quiet spell is read at once; those that follow wait for the
    // gap, and make one refresh.
    if (!m_changeTimer.isActive())
        refreshForChange();
}

void PagedTableModel::refreshForChange()
{
    if (!m_changePending || !liveFollow())
        return;
    m_changeTimer.start();
    // A refresh under way may have read before the change: this one waits until it is done,
    // as refresh() would skip the requests still in flight.
    if (isBusy())
        return;
    m_changePending = false;
    refresh();
}

void PagedTableModel::setState(State state, const QString &message)
{
    if (state == m_state && message == m_errorMessage)
        return;
    m_state = state;
    m_errorMessage = message;
    Q_EMIT stateChanged(state, message);
}

void PagedTableModel::settleState()
{
    if (m_halted || !m_query)
        return;
    setState(m_firstPageArrived ? State::Ready : State::Loading);
}

void PagedTableModel::setQuery(std::shared_ptr<const PagedQuery> query)
{
    m_query = std::move(query);
    m_jump.reset();
    ++m_queryGeneration;
    stopExactCount();
    m_exactShown = false;
    m_exactWanted = false;
    m_exactStarted.invalidate();
    m_exactTookMs = 0;
    setTotalCount({});
    startListing(Anchor::Start);
}

void PagedTableModel::startListing(Anchor anchor)
{
    ++m_generation;
    // Queued before any request of the new generation, so the loader drops the old ones first.
    QMetaObject::invokeMethod(
        m_loader, [loader = m_loader, g = m_generation] { loader->setGeneration(g); },
        Qt::QueuedConnection);

    beginResetModel();
    m_pending.clear();
    m_cache.clear();
    m_atEnd = false;
    m_atStart = false;
    m_startReached = false;
    m_anchor = anchor;
    m_tailInFlight = m_headInFlight = m_countInFlight = false;
    m_firstPageArrived = false;
    m_wanted.clear();
    m_useClock = 0;
    m_halted = false;
    // The new state already holds when views hear of the reset, so that none of them takes
    // the empty model for an empty listing; they hear of the state itself just after.
    const State previous = m_state;
    const QString previousMessage = m_errorMessage;
    m_state = m_query ? State::Loading : State::Idle;
    m_errorMessage.clear();
    endResetModel();
    if (m_state != previous || !previousMessage.isEmpty())
        Q_EMIT stateChanged(m_state, m_errorMessage);

    clearNewRows();
    if (!m_query) {
        reportBusy();
        return;
    }
    // The first page before the count: it is what the operator waits for. A jump keeps the
    // count shown (the listing is the same) and counts again, as the answer to the count
    // asked for before may just have been dropped.
    requestTail(false, 0);
    requestCount();
}

void PagedTableModel::send(PagedLoad request, Pending pending)
{
    request.generation = m_generation;
    request.ticket = ++m_nextTicket;
    request.query = m_query;
    m_pending.insert(request.ticket, pending);
    if (pending.what == Pending::What::Slot) {
        const int i = m_cache.slotIndexOf(pending.slotId);
        Q_ASSERT(i >= 0);
        m_cache.slot(i).inFlight = request.ticket;
    }
    QMetaObject::invokeMethod(
        m_loader, [loader = m_loader, request] { loader->load(request); }, Qt::QueuedConnection);
    reportBusy();
}

void PagedTableModel::reportBusy(bool always)
{
    const bool busy = isBusy();
    if (busy == m_reportedBusy && !always)
        return;
    m_reportedBusy = busy;
    Q_EMIT busyChanged(busy);
}

void PagedTableModel::requestTail(bool fromRefresh, int pagesLeft)
{
    if (m_tailInFlight || !m_query)
        return;
    PagedLoad request;
    request.kind = PagedLoad::Kind::Page;
    request.limit = m_options.pageSize;
    Pending pending;
    pending.what = Pending::What::Tail;
    pending.fromRefresh = fromRefresh;
    pending.pagesLeft = pagesLeft;
    if (m_cache.isEmpty()) {
        request.from = m_anchor == Anchor::End ? PageRequest::From::End : PageRequest::From::Start;
    } else {
        request.from = PageRequest::From::After;
        request.key = m_cache.back().last;
        pending.bound = request.key;
        pending.boundSet = true;
    }
    m_tailInFlight = true;
    send(request, pending);
}

void PagedTableModel::requestHead(int pagesLeft)
{
    if (m_headInFlight || m_cache.isEmpty() || !m_query)
        return;
    PagedLoad request;
    request.kind = PagedLoad::Kind::Page;
    request.from = PageRequest::From::Before;
    request.key = m_cache.head();
    request.limit = m_options.pageSize;
    Pending pending;
    pending.what = Pending::What::Head;
    pending.bound = m_cache.head();
    pending.pagesLeft = pagesLeft;
    m_headInFlight = true;
    send(request, pending);
}

void PagedTableModel::requestSlot(int slotIndex, bool fromRefresh)
{
    const PageCache::Slot &slot = m_cache.slot(slotIndex);
    if (slot.inFlight || !m_query)
        return;
    const auto [first, firstIncluded] = m_cache.slotFirst(slotIndex);
    PagedLoad request;
    request.kind = PagedLoad::Kind::Range;
    request.key = first;
    request.firstIncluded = firstIncluded;
    request.last = slot.last;
    // Room for the rows that arrived since; more than that moves on to the next page.
    request.limit = std::min(10000, std::max(slot.count, 1) + m_options.pageSize);
    Pending pending;
    pending.what = Pending::What::Slot;
    pending.slotId = slot.id;
    pending.bound = first;
    pending.firstIncluded = firstIncluded;
    pending.last = slot.last;
    pending.fromRefresh = fromRefresh;
    m_wanted.remove(slot.id);
    send(request, pending);
}

void PagedTableModel::requestCount(bool fromRefresh)
{
    if (m_countInFlight || !m_query)
        return;
    PagedLoad request;
    request.kind = PagedLoad::Kind::Count;
    request.exactUpTo = m_options.exactCountUpTo;
    Pending pending;
    pending.what = Pending::What::Count;
    pending.fromRefresh = fromRefresh;
    m_countInFlight = true;
    send(request, pending);
}

void PagedTableModel::dispatchWanted()
{
    // data() started this without saying so (it is const): say now where things stand.
    const auto report = qScopeGuard([this] { reportBusy(true); });
    if (m_halted || !m_query) {
        m_wanted.clear();
        return;
    }
    int inFlight = 0;
    for (const Pending &pending : std::as_const(m_pending))
        inFlight += pending.what == Pending::What::Slot ? 1 : 0;
    // The pages asked for last first. Only the latest few are kept waiting: those a fast
    // scroll went past would be evicted again as soon as they arrived.
    std::vector<std::pair<quint64, int>> candidates; // last used, slot index
    for (const quint64 id : std::as_const(m_wanted)) {
        const int i = m_cache.slotIndexOf(id);
        if (i < 0)
            continue;
        const PageCache::Slot &slot = m_cache.slot(i);
        if (slot.inFlight || (slot.resident && !slot.stale))
            continue;
        candidates.emplace_back(slot.lastUsed, i);
    }
    std::sort(candidates.begin(), candidates.end(), std::greater<>());
    const std::size_t keep = static_cast<std::size_t>(m_options.cachePages / 2);
    if (candidates.size() > keep)
        candidates.resize(keep);
    m_wanted.clear();
    for (const auto &[lastUsed, i] : candidates) {
        if (inFlight < maxSlotLoads) {
            requestSlot(i, false);
            ++inFlight;
        } else {
            m_wanted.insert(m_cache.slot(i).id);
        }
    }
}

void PagedTableModel::refresh()
{
    if (!m_query)
        return;
    ++m_refreshes;
    Q_EMIT refreshing();
    if (m_halted) {
        m_halted = false;
        settleState();
    }
    requestCount(true);
    if (m_cache.isEmpty() || m_atEnd)
        requestTail(true, m_options.headPagesPerRefresh);
    // Before the listing's first row has been read, the rows before the first one are older
    // rows that the view reads as it scrolls up, not news.
    if (m_startReached)
        requestHead(m_options.headPagesPerRefresh);
    // The pages looked at last (those in view) are read again now; the other resident pages
    // when next looked at.
    std::vector<std::pair<quint64, int>> resident; // last used, slot index
    for (int i = 0; i < m_cache.slotCount(); ++i) {
        if (m_cache.slot(i).resident)
            resident.emplace_back(m_cache.slot(i).lastUsed, i);
    }
    std::sort(resident.begin(), resident.end(), std::greater<>());
    for (std::size_t k = 0; k < resident.size(); ++k) {
        const auto [lastUsed, i] = resident[k];
        if (k < pagesInView && lastUsed > 0)
            requestSlot(i, true);
        else
            m_cache.slot(i).stale = true;
    }
}

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
    // The first rows are shown by the time this runs: counting them all may start now.
    const auto countAll = qScopeGuard([this, follows] {
        if (!follows)
            scheduleExactCount(false);
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
}

void PagedTableModel::beginInsert(int first, int last)
{
    beginInsertRows({}, first, last);
}

void PagedTableModel::endInsert()
{
    endInsertRows();
}

void PagedTableModel::beginRemove(int first, int last)
{
    beginRemoveRows({}, first, last);
}

void PagedTableModel::endRemove()
{
    endRemoveRows();
}

void PagedTableModel::changed(int first, int last)
{
    Q_EMIT dataChanged(index(first, 0), index(last, columnCount() - 1));
}

} // namespace porthole
