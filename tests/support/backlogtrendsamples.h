#pragma once

// Backlogs' trends from generated samples, for the panes' tests that show them.

#include "backlogtrend.h"
#include "backlogtrends.h"

#include <QDateTime>
#include <QList>
#include <QTimeZone>

#include <utility>

namespace porthole::test {

// Five minutes of samples every 15 s of each backlog, changing by its rate a second (draining
// ones from 1,200, growing ones from 40), and their trends at the end.
inline BacklogTrendSet trendsAtRates(const QList<std::pair<BacklogKey, int>> &rates)
{
    const QDateTime start = QDateTime::fromSecsSinceEpoch(1'800'000'000, QTimeZone::utc());
    QList<BacklogSample> samples;
    for (int s = 0; s <= 300; s += 15) {
        for (const auto &[key, perSecond] : rates) {
            const qint64 size = perSecond < 0 ? 1200 + perSecond * s : 40 + perSecond * s;
            BacklogSample sample;
            sample.key = key;
            sample.slot = start.addSecs(s);
            sample.lag = size;
            sample.pending = key.kind == BacklogKind::Port ? size : 0;
            sample.processing = 0;
            samples << sample;
        }
    }
    return BacklogTrendSet(backlogTrends(samples, start.addSecs(300)));
}

} // namespace porthole::test
