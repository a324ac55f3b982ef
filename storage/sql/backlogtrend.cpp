#include "backlogtrend.h"

#include <QHash>

#include <algorithm>
#include <cmath>
#include <tuple>
#include <vector>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// The normal quantile of a two-sided 95% interval.
constexpr double z95 = 1.96;

// At most `maximum` of the points, evenly spaced, the first and the last among them.
QList<BacklogPoint> thinned(const QList<BacklogPoint> &points, int maximum)
{
    if (points.size() <= maximum)
        return points;
    QList<BacklogPoint> kept;
    kept.reserve(maximum);
    const double step = double(points.size() - 1) / (maximum - 1);
    for (int i = 0; i < maximum; ++i)
        kept.append(points.at(qsizetype(std::lround(i * step))));
    return kept;
}

// The median of `values` and the values at ranks `low` <= its rank <= `high` (0-based, clamped),
// reordering them: one selection for the median, then each bound's among the values on its
// side of it only.
struct OrderStatistics
{
    double median = 0;
    double low = 0;
    double high = 0;
};

OrderStatistics orderStatistics(std::vector<double> &values, qsizetype low, qsizetype high)
{
    const auto count = qsizetype(values.size());
    const qsizetype half = count / 2;
    const auto begin = values.begin();
    std::nth_element(begin, begin + half, values.end());
    const double upper = values[size_t(half)];
    // An even count's median is between the two middle values; the lower is the largest below.
    const double lower = count % 2 ? upper : *std::max_element(begin, begin + half);
    low = std::clamp<qsizetype>(low, 0, half);
    high = std::clamp<qsizetype>(high, half, count - 1);
    if (low < half)
        std::nth_element(begin, begin + low, begin + half);
    if (high > half)
        std::nth_element(begin + half + 1, begin + high, values.end());
    return {(lower + upper) / 2, values[size_t(low)], values[size_t(high)]};
}

QList<BacklogPoint> pointsOf(const QList<BacklogSample> &samples, const QDateTime &from,
                             const QDateTime &to)
{
    QList<BacklogPoint> points;
    for (const BacklogSample &sample : samples)
        if (sample.slot >= from && sample.slot <= to)
            if (const auto size = backlogSize(sample))
                points.append({sample.slot, double(*size)});
    return points;
}

} // namespace

std::optional<qint64> backlogSize(const BacklogSample &sample)
{
    const auto plus = [](std::optional<qint64> first, std::optional<qint64> second) {
        return first ? std::optional(*first + second.value_or(0)) : std::nullopt;
    };
    switch (sample.key.kind) {
    case BacklogKind::Group:
        return plus(sample.lag, sample.pending);
    case BacklogKind::List:
        return plus(sample.length, sample.processing);
    case BacklogKind::Port:
        return plus(sample.pending, sample.processing);
    case BacklogKind::Receiver:
        break;
    }
    return std::nullopt;
}

std::optional<BacklogRate> fitBacklogRate(QList<BacklogPoint> points)
{
    if (points.size() < backlogFitMinimumPoints)
        return std::nullopt;
    std::sort(points.begin(), points.end(),
              [](const BacklogPoint &a, const BacklogPoint &b) { return a.time < b.time; });
    points = thinned(points, backlogFitMaximumPoints);
    const QDateTime origin = points.constFirst().time;
    std::vector<double> seconds;
    seconds.reserve(size_t(points.size()));
    for (const BacklogPoint &point : std::as_const(points))
        seconds.push_back(origin.msecsTo(point.time) / 1000.0);
    std::vector<double> slopes;
    slopes.reserve(size_t(points.size() * (points.size() - 1) / 2));
    for (qsizetype i = 0; i < points.size(); ++i)
        for (qsizetype j = i + 1; j < points.size(); ++j)
            // Two samples of one slot (two samplers' clocks) give no slope.
            if (const double dt = seconds[size_t(j)] - seconds[size_t(i)]; dt > 0)
                slopes.push_back((points.at(j).size - points.at(i).size) / dt);
    if (slopes.empty())
        return std::nullopt;
    const auto count = qsizetype(slopes.size());
    const double n = double(points.size());
    // Sen's interval: the ranks (N - C) / 2 and (N + C) / 2 of the N ordered slopes, C from the
    // variance of Kendall's S without ties.
    const double c = z95 * std::sqrt(n * (n - 1) * (2 * n + 5) / 18);
    BacklogRate rate;
    rate.points = int(points.size());
    const OrderStatistics order =
        orderStatistics(slopes, qsizetype(std::floor((double(count) - c) / 2)),
                        qsizetype(std::ceil((double(count) + c) / 2)) - 1);
    rate.perSecond = order.median;
    rate.low = order.low;
    rate.high = order.high;
    return rate;
}

bool BacklogTrend::turned() const
{
    if (!rate2 || !rate5 || (rate2->low <= 0 && rate2->high >= 0))
        return false;
    return rate2->high < rate5->low || rate2->low > rate5->high;
}

std::optional<BacklogRate> BacklogTrend::current() const
{
    if (turned())
        return rate2;
    return rate5 ? rate5 : rate15;
}

std::optional<BacklogTrend> backlogTrend(const QList<BacklogSample> &samples, const QDateTime &now)
{
    const QList<BacklogPoint> points = pointsOf(samples, now.addSecs(-3600), now);
    if (points.isEmpty())
        return std::nullopt;
    const auto newest = std::max_element(
        points.cbegin(), points.cend(),
        [](const BacklogPoint &a, const BacklogPoint &b) { return a.time < b.time; });
    BacklogTrend trend;
    trend.key = samples.constFirst().key;
    trend.sampledAt = newest->time;
    trend.size = qint64(newest->size);
    const auto within = [&](qint64 seconds) {
        QList<BacklogPoint> recent;
        for (const BacklogPoint &point : points)
            if (point.time >= now.addSecs(-seconds))
                recent.append(point);
        return fitBacklogRate(recent);
    };
    trend.rate2 = within(2 * 60);
    trend.rate5 = within(5 * 60);
    trend.rate15 = within(15 * 60);
    trend.rate60 = within(60 * 60);
    const std::optional<BacklogRate> rate = trend.current();
    if (trend.size == 0)
        trend.course = BacklogCourse::Empty;
    else if (!rate)
        trend.course = BacklogCourse::Unknown;
    else if (rate->low <= 0 && rate->high >= 0)
        trend.course = BacklogCourse::Steady;
    else if (rate->perSecond > 0)
        trend.course = BacklogCourse::Growing;
    else {
        trend.course = BacklogCourse::Draining;
        trend.drainSeconds = double(trend.size) / -rate->perSecond;
        trend.drainLow = double(trend.size) / -rate->low;
        trend.drainHigh = double(trend.size) / -rate->high;
    }
    return trend;
}

QList<BacklogTrend> backlogTrends(const QList<BacklogSample> &samples, const QDateTime &now)
{
    QHash<BacklogKey, QList<BacklogSample>> byKey;
    for (const BacklogSample &sample : samples)
        byKey[sample.key].append(sample);
    QList<BacklogTrend> trends;
    for (const QList<BacklogSample> &series : std::as_const(byKey))
        if (auto trend = backlogTrend(series, now))
            trends.append(std::move(*trend));
    std::sort(trends.begin(), trends.end(), [](const BacklogTrend &a, const BacklogTrend &b) {
        return std::tuple(int(a.key.kind), a.key.source, a.key.group) <
               std::tuple(int(b.key.kind), b.key.source, b.key.group);
    });
    return trends;
}

Result<QList<BacklogTrend>> readBacklogTrends(const QSqlDatabase &db, const QDateTime &now,
                                              qint64 maximumRows)
{
    // The slot of now is included: a sample is written at its slot's start, before now.
    auto samples = BacklogHistory(db).sizeSamples(now.addSecs(-3600), now.addMSecs(1), maximumRows);
    if (!samples)
        return samples.error();
    return backlogTrends(*samples, now);
}

} // namespace porthole
