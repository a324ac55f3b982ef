// PagedTableModel: how many rows its listing has, bounded at first and then, in the
// background, exact (see the class comment).
#include "exactcounter.h"
#include "pagedtablemodel.h"

#include <QLocale>
#include <QLoggingCategory>

#include <algorithm>
#include <limits>

Q_DECLARE_LOGGING_CATEGORY(lcPagedModel)

namespace porthole {

QString PagedTableModel::countText(const RowCount &count)
{
    const QLocale locale;
    switch (count.precision) {
    case RowCount::Precision::Exact: {
        // An exact count in the background may pass what an int holds (and %Ln takes).
        if (count.value > std::numeric_limits<int>::max())
            return tr("%1 rows").arg(locale.toString(count.value));
        // Two %n texts, as English has no translation to pick "1 row" or "2 rows" from.
        const int rows = int(count.value);
        return rows == 1 ? tr("%Ln row", nullptr, rows) : tr("%Ln rows", nullptr, rows);
    }
    case RowCount::Precision::AtLeast:
        // boundedCount() stops one past its limit.
        return tr("more than %Ln rows", nullptr, int(std::max<qint64>(0, count.value - 1)));
    case RowCount::Precision::Estimate:
        if (count.value >= 1000000)
            return tr("about %1 M rows").arg(locale.toString(count.value / 1e6, 'f', 1));
        if (count.value >= 10000)
            return tr("about %1 k rows").arg(locale.toString(count.value / 1e3, 'f', 0));
        return tr("about %Ln rows", nullptr, int(count.value));
    }
    return {};
}

QString PagedTableModel::countTextWhileCounting(const RowCount &count) const
{
    if (isCountingExactly() && count.precision != RowCount::Precision::Exact)
        //: The row count while every row is being counted: "more than 100,000 rows, counting…"
        return tr("%1, counting…").arg(countText(count));
    return countText(count);
}

void PagedTableModel::setTotalCount(const RowCount &count)
{
    if (count == m_totalCount)
        return;
    m_totalCount = count;
    Q_EMIT totalCountChanged(m_totalCount);
}

void PagedTableModel::applyCount(const RowCount &count, bool fromRefresh)
{
    if (count.precision == RowCount::Precision::Exact) {
        // Below the limit again: the bounded count is the exact one.
        m_exactWanted = false;
        m_exactShown = false;
        stopExactCount();
        setTotalCount(count);
        return;
    }
    m_exactWanted = true;
    // An exact figure of this listing stays until the next one replaces it: going back to
    // "more than" at every refresh would flicker.
    if (!m_exactShown)
        setTotalCount(count);
    scheduleExactCount(fromRefresh);
}

void PagedTableModel::scheduleExactCount(bool changed)
{
    if (!m_options.countExactly || !m_query || !m_query->countsExactly() || !m_exactWanted ||
        !m_firstPageArrived)
        return;
    if (m_exactInFlight) {
        m_exactAgain = m_exactAgain || changed;
        return;
    }
    if (m_exactTimer.isActive())
        return;
    qint64 wait = 0;
    if (m_exactStarted.isValid()) {
        const qint64 gap = std::max<qint64>(m_options.exactRecountGapMs, 4 * m_exactTookMs);
        wait = std::max<qint64>(0, gap - m_exactStarted.elapsed());
    }
    m_exactTimer.start(int(std::min<qint64>(wait, std::numeric_limits<int>::max())));
}

void PagedTableModel::startExactCount()
{
    if (!m_query || m_exactInFlight || !m_exactWanted)
        return;
    if (!m_exactCounter) {
        m_exactCounter = std::make_unique<ExactCounter>(m_factory);
        connect(m_exactCounter.get(), &ExactCounter::counted, this,
                &PagedTableModel::onExactCounted);
        connect(m_exactCounter.get(), &ExactCounter::failed, this, &PagedTableModel::onExactFailed);
    }
    m_exactAgain = false;
    m_exactStarted.start();
    setExactInFlight(true);
    m_exactCounter->count(m_queryGeneration, m_query);
}

void PagedTableModel::stopExactCount()
{
    m_exactTimer.stop();
    m_exactAgain = false;
    if (m_exactCounter)
        m_exactCounter->cancel();
    setExactInFlight(false);
}

quint64 PagedTableModel::exactCountsStopped() const
{
    return m_exactCounter ? m_exactCounter->interrupted() : 0;
}

void PagedTableModel::setExactInFlight(bool counting)
{
    if (counting == m_exactInFlight)
        return;
    m_exactInFlight = counting;
    Q_EMIT exactCountingChanged(counting);
}

void PagedTableModel::onExactCounted(quint64 generation, qint64 rows)
{
    if (generation != m_queryGeneration) {
        ++m_staleAnswers;
        return;
    }
    m_exactTookMs = m_exactStarted.elapsed();
    setExactInFlight(false);
    m_exactShown = true;
    setTotalCount({rows, RowCount::Precision::Exact});
    if (m_exactAgain)
        scheduleExactCount(false);
}

void PagedTableModel::onExactFailed(quint64 generation, const QString &message)
{
    if (generation != m_queryGeneration) {
        ++m_staleAnswers;
        return;
    }
    // The bounded figure stays; the next refresh that finds it still bounded tries again.
    qCInfo(lcPagedModel) << "exact count failed:" << message;
    m_exactTookMs = m_exactStarted.elapsed();
    setExactInFlight(false);
    if (m_exactAgain)
        scheduleExactCount(false);
}

} // namespace porthole
