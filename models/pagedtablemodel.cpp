#include "pagedtablemodel.h"

#include "changenotifier.h"
#include "exactcountschedule.h"
#include "livefollow.h"

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
    options.mostRows = std::max(2 * options.pageSize, options.mostRows);
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
    , m_cache(m_options.pageSize, m_options.cachePages, *this)
    , m_exact(std::make_unique<ExactCountSchedule>(factory, m_options.countExactly,
                                                   m_options.exactRecountGapMs,
                                                   [this] { return m_firstPageArrived; }))
{
    qRegisterMetaType<porthole::PagedAnswer>();
    connect(m_exact.get(), &ExactCountSchedule::counted, this, &PagedTableModel::setTotalCount);
    connect(m_exact.get(), &ExactCountSchedule::countingChanged, this,
            &PagedTableModel::exactCountingChanged);
    connect(m_exact.get(), &ExactCountSchedule::staleAnswer, this, [this] { ++m_staleAnswers; });
    m_live =
        new LiveFollow({m_options.refreshIntervalMs, m_options.changeGapMs, m_options.safetyNetMs},
                       {[this](const QString &table) {
                            return m_query && ChangeNotifier::concerns(table, watchedTables());
                        },
                        [this] { return isBusy(); },
                        [this] {
                            refresh();
                        }},
                       this);

    m_loader =
        new PagedTableLoader(std::move(factory), m_options.firstRetryMs, m_options.mostRetryMs);
    m_thread.start(u"paged-table-loader"_s, m_loader);
    connect(m_loader, &PagedTableLoader::answered, this, &PagedTableModel::onAnswer);
    connect(m_loader, &PagedTableLoader::retrying, this, &PagedTableModel::onRetrying);

    m_dispatchTimer.setSingleShot(true);
    m_dispatchTimer.setInterval(0);
    connect(&m_dispatchTimer, &QTimer::timeout, this, &PagedTableModel::dispatchWanted);
}

PagedTableModel::~PagedTableModel()
{
    // An exact count under way is interrupted. A query under way finishes first (bounded by
    // the statement timeout); nothing queued behind it runs.
    m_exact.reset();
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
    m_live->setOn(on);
}

bool PagedTableModel::liveFollow() const
{
    return m_live->isOn();
}

void PagedTableModel::watchChanges(ChangeNotifier *notifier)
{
    m_live->watchChanges(notifier);
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
    m_exact->setQuery(m_query);
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
    // The first page alone: it is what the operator waits for; the count is asked for once
    // it is in (applyTail()). A jump keeps the count shown (the listing is the same) and counts
    // again, as the answer to the count asked for before may just have been dropped.
    requestTail(false, 0);
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
