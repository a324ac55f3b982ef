#pragma once

#include <QtGlobal>

#include <algorithm>

namespace porthole {

// A read the window repeats in the background (a listing's exact count, the Queues pane's
// counts, the Overview's check) grows with the tables it reads. So that it takes a tenth of a
// core at most however slow it grows, the next waits, after one ends, nine times as long as that
// one took: at least `leastMs`, and no more than a minute (a figure shown is never older) unless
// `leastMs` asks for more.
inline constexpr int repeatCostFactor = 9;
inline constexpr int maxRepeatGapMs = 60000;

constexpr int repeatGapAfter(qint64 tookMs, int leastMs = 0)
{
    return int(
        std::max<qint64>(leastMs, std::min<qint64>(repeatCostFactor * tookMs, maxRepeatGapMs)));
}

} // namespace porthole
