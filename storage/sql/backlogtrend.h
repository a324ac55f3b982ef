#pragma once

#include "backloghistory.h"
#include "storageerror.h"

#include <QDateTime>
#include <QList>
#include <QSqlDatabase>

#include <chrono>
#include <optional>

namespace porthole {

// How big a backlog is in one sample: what is still to be done, whoever holds it.
//
//   kind      size                                   a sample without it
//   group     lag + pending: entries not yet read    lag unknown (Redis cannot count it after
//             by the group, and those read but not   a deletion in the stream): no size, the
//             acknowledged                           sample is left out, as a series that
//                                                    mixed the two would jump by the lag;
//                                                    pending unknown: the lag alone
//   list      length + processing: waiting, and      processing unknown: the length alone
//             taken but not yet finished
//   port      pending + processing rows              processing unknown: pending alone
//   receiver  none: its figures are totals, not a backlog
std::optional<qint64> backlogSize(const BacklogSample &sample);

// One point of a backlog's series: its size at a time.
struct BacklogPoint
{
    QDateTime time;
    double size = 0;
};

// A rate of change fitted to the points of one window, in items a second (negative: it
// shrinks). Theil–Sen: the median of the slopes between every two points, which a few wild
// samples (a burst, a count read mid-change) do not move; `low` and `high` are the slopes at
// the ranks of its 95% confidence interval (Sen 1968), the spread that "3–5 min" shows.
struct BacklogRate
{
    double perSecond = 0;
    double low = 0;
    double high = 0;
    int points = 0; // the points it was fitted to

    friend bool operator==(const BacklogRate &, const BacklogRate &) = default;
};

// Theil–Sen over the points (any order). None with fewer than `minimumPoints`, or points that
// span no time. At most `maximumPoints` are used, evenly spaced over the series, so that the
// work stays bounded (an hour at 15 s is 240 points, 28,680 slopes) whatever the sampling.
inline constexpr int backlogFitMinimumPoints = 5;
inline constexpr int backlogFitMaximumPoints = 240;
std::optional<BacklogRate> fitBacklogRate(QList<BacklogPoint> points);

// Where a backlog is going.
enum class BacklogCourse
{
    Unknown,  // too few samples for a rate
    Empty,    // nothing in it now
    Steady,   // neither grows nor shrinks: its rate's interval holds 0
    Draining, // shrinks: empty after `drainSeconds` at the current rate
    Growing,  // grows at the current rate
};

// A backlog's trend at one time.
//
// The current rate is the last 5 minutes' (the samples of now - 5 min to now); with fewer than
// backlogFitMinimumPoints there (a sampler that started lately, or samples every minute), the
// last 15 minutes', then none: no forecast. The time to drain is the size now (the newest
// sample's) over the current rate; its bounds are the size over the rate's interval.
struct BacklogTrend
{
    BacklogKey key;
    QDateTime sampledAt;              // the newest sample's slot
    qint64 size = 0;                  // then
    std::optional<BacklogRate> rate5; // the last 5, 15, 60 minutes'; none: too few points
    std::optional<BacklogRate> rate15;
    std::optional<BacklogRate> rate60;
    // The last 2 minutes': the current rate when the backlog turned (turned()).
    std::optional<BacklogRate> rate2;
    BacklogCourse course = BacklogCourse::Unknown;
    std::optional<double> drainSeconds; // Draining: at the current rate
    std::optional<double> drainLow;     // Draining: at the rate's interval's faster end
    std::optional<double> drainHigh;    // Draining: at its slower end

    // The rate the course was judged by: rate2 when the backlog turned, else rate5, else
    // rate15; none when none of them.
    std::optional<BacklogRate> current() const;
    // The last 2 minutes surely move (their rate's interval does not hold 0), and their rate's
    // interval and the last 5 minutes' do not meet: the backlog turned, or changed pace (noise
    // alone rarely parts the two intervals; it often moves a median out of the other's). A backlog
    // that stopped growing and drains now is draining, not still growing at the 5 minutes' median,
    // and its time to drain is at the rate it drains at now; where the two agree, the 5
    // minutes' rate, the steadier, is the current one.
    bool turned() const;
};

// The trend of one backlog's samples (any order) at `now`. Samples after `now` and those
// without a size are left out; none when no sample has a size.
std::optional<BacklogTrend> backlogTrend(const QList<BacklogSample> &samples, const QDateTime &now);
// The trends of every backlog in `samples`, by kind, source and group.
QList<BacklogTrend> backlogTrends(const QList<BacklogSample> &samples, const QDateTime &now);

// The trend of every backlog sampled in the hour before `now`, read from backlog_samples in one
// query over its slot index (BacklogHistory::sizeSamples()) and fitted here. Uses `db` on the
// calling thread. At most `maximumRows` samples are read (the newest hour of a few thousand
// backlogs): beyond them the trends are of the backlogs read.
inline constexpr qint64 backlogTrendMaximumRows = 2'000'000;
Result<QList<BacklogTrend>> readBacklogTrends(const QSqlDatabase &db, const QDateTime &now,
                                              qint64 maximumRows = backlogTrendMaximumRows);

} // namespace porthole
