#include "exactcountschedule.h"

#include "exactcounter.h"
#include "pagedtableloader.h"
#include "repeatgap.h"

#include <QLoggingCategory>

#include <algorithm>
#include <limits>

Q_DECLARE_LOGGING_CATEGORY(lcPagedModel)

namespace porthole {

ExactCountSchedule::ExactCountSchedule(ConnectionFactory factory, bool enabled, int recountGapMs,
                                       std::function<bool()> ready, QObject *parent)
    : QObject(parent)
    , m_factory(std::move(factory))
    , m_enabled(enabled)
    , m_recountGapMs(recountGapMs)
    , m_ready(std::move(ready))
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &ExactCountSchedule::start);
}

ExactCountSchedule::~ExactCountSchedule()
{
    m_counter.reset(); // interrupts the count under way
}

void ExactCountSchedule::setQuery(std::shared_ptr<const PagedQuery> query)
{
    m_query = std::move(query);
    ++m_generation;
    stop();
    m_shown = false;
    m_wanted = false;
    m_began.invalidate();
    m_tookMs = 0;
}

bool ExactCountSchedule::bounded(const RowCount &count, bool changed)
{
    if (count.precision == RowCount::Precision::Exact) {
        // Below the limit again: the bounded count is the exact one.
        m_wanted = false;
        m_shown = false;
        stop();
        return true;
    }
    m_wanted = true;
    const bool show = !m_shown;
    schedule(changed);
    return show;
}

void ExactCountSchedule::schedule(bool changed)
{
    if (!m_enabled || !m_query || !m_query->countsExactly() || !m_wanted || !m_ready())
        return;
    if (m_inFlight) {
        m_again = m_again || changed;
        return;
    }
    if (m_timer.isActive())
        return;
    qint64 wait = 0;
    if (m_began.isValid()) {
        // From the last count's start: the recount gap, and the count itself with the gap after.
        const qint64 gap = std::max<qint64>(m_recountGapMs, m_tookMs + repeatGapAfter(m_tookMs));
        wait = std::max<qint64>(0, gap - m_began.elapsed());
    }
    m_timer.start(int(std::min<qint64>(wait, std::numeric_limits<int>::max())));
}

void ExactCountSchedule::start()
{
    if (!m_query || m_inFlight || !m_wanted)
        return;
    if (!m_counter) {
        m_counter = std::make_unique<ExactCounter>(m_factory);
        connect(m_counter.get(), &ExactCounter::counted, this, &ExactCountSchedule::onCounted);
        connect(m_counter.get(), &ExactCounter::failed, this, &ExactCountSchedule::onFailed);
    }
    m_again = false;
    m_began.start();
    setInFlight(true);
    m_counter->count(m_generation, m_query);
}

void ExactCountSchedule::stop()
{
    m_timer.stop();
    m_again = false;
    if (m_counter)
        m_counter->cancel();
    setInFlight(false);
}

quint64 ExactCountSchedule::stopped() const
{
    return m_counter ? m_counter->interrupted() : 0;
}

void ExactCountSchedule::setInFlight(bool counting)
{
    if (counting == m_inFlight)
        return;
    m_inFlight = counting;
    Q_EMIT countingChanged(counting);
}

void ExactCountSchedule::onCounted(quint64 generation, qint64 rows)
{
    if (generation != m_generation) {
        Q_EMIT staleAnswer();
        return;
    }
    m_tookMs = m_began.elapsed();
    setInFlight(false);
    m_shown = true;
    Q_EMIT counted({rows, RowCount::Precision::Exact});
    if (m_again)
        schedule(false);
}

void ExactCountSchedule::onFailed(quint64 generation, const QString &message)
{
    if (generation != m_generation) {
        Q_EMIT staleAnswer();
        return;
    }
    // The bounded figure stays; the next refresh that finds it still bounded tries again.
    qCInfo(lcPagedModel) << "exact count failed:" << message;
    m_tookMs = m_began.elapsed();
    setInFlight(false);
    if (m_again)
        schedule(false);
}

} // namespace porthole
