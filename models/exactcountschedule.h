#pragma once

#include "connectionfactory.h"
#include "paging.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>

namespace porthole {

class ExactCounter;
class PagedQuery;

// When a paged listing counts every one of its rows, and which figure it shows (see
// PagedTableModel). A listing's bounded count stops at its limit; once its first rows are
// shown (`ready`), a listing whose query can (PagedQuery::countsExactly()) is then counted to
// its end by an ExactCounter, on a thread and a connection of its own, and the exact figure
// replaces the bounded one when it comes. While the listing stays, its exact figure stays shown,
// and a refresh that read the rows again has them counted again, no more often than every
// recountGapMs, nor sooner after the last count ended than repeatGapAfter() its length, until a
// bounded count is exact again. A new listing stops the count under way and drops its answer.
class ExactCountSchedule : public QObject
{
    Q_OBJECT

public:
    ExactCountSchedule(ConnectionFactory factory, bool enabled, int recountGapMs,
                       std::function<bool()> ready, QObject *parent = nullptr);
    // Stops the count under way.
    ~ExactCountSchedule() override;

    // A new listing to count: whatever was counted goes.
    void setQuery(std::shared_ptr<const PagedQuery> query);
    // A bounded count of the listing came (`changed`: a refresh read it, the rows may have
    // changed since the last count); whether it is the figure to show: not while an exact
    // figure of this listing stands (going back to "more than" at every refresh would flicker).
    bool bounded(const RowCount &count, bool changed);
    // Counts every row when a count is wanted and due: now, or after the gap since the last.
    void schedule(bool changed);
    // An exact count is under way; countingChanged() tells.
    bool isCounting() const { return m_inFlight; }
    // Counts stopped under way because the listing changed, for tests and diagnostics.
    quint64 stopped() const;

Q_SIGNALS:
    // Every row of the listing counted: the figure to show.
    void counted(const porthole::RowCount &count);
    void countingChanged(bool counting);
    // An answer to a listing that is no longer the one counted was dropped.
    void staleAnswer();

private:
    void start();
    void stop();
    void setInFlight(bool counting);
    void onCounted(quint64 generation, qint64 rows);
    void onFailed(quint64 generation, const QString &message);

    ConnectionFactory m_factory; // for the ExactCounter, made when first needed
    const bool m_enabled;
    const int m_recountGapMs;
    const std::function<bool()> m_ready;
    std::shared_ptr<const PagedQuery> m_query;
    std::unique_ptr<ExactCounter> m_counter;
    quint64 m_generation = 0; // of the listing counted
    bool m_shown = false;     // the figure shown is an exact count of this listing's rows
    bool m_wanted = false;    // the last bounded count stopped at its limit
    bool m_inFlight = false;
    bool m_again = false;  // a refresh came while counting: count again after it
    QElapsedTimer m_began; // the last exact count of this listing
    qint64 m_tookMs = 0;
    QTimer m_timer;
};

} // namespace porthole
