// PagedTableModel: how many rows its listing has, bounded at first and then, in the
// background, exact (ExactCountSchedule).
#include "exactcountschedule.h"
#include "pagedtablemodel.h"

#include <QLocale>

#include <algorithm>
#include <limits>

namespace porthole {

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
    ++m_countsAsked;
    send(request, pending);
}

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
    if (m_exact->bounded(count, fromRefresh))
        setTotalCount(count);
}

bool PagedTableModel::isCountingExactly() const
{
    return m_exact->isCounting();
}

quint64 PagedTableModel::exactCountsStopped() const
{
    return m_exact->stopped();
}

} // namespace porthole
