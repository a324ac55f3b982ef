#pragma once

#include <algorithm>
#include <array>
#include <cmath>

namespace porthole {

// A value axis over [lo, hi]: a margin of a twentieth each side (none below zero for values
// that are not negative: counts, rates and durations), then ticks on round numbers (1, 2, 2.5
// or 5 times a power of ten), at most maxTicks of them, since labels that do not fit the
// plot's height are all cut to "...".
struct AxisTicks
{
    double from = 0;
    double to = 1;
    int ticks = 2;
};

inline AxisTicks roundTicks(double lo, double hi, int maxTicks)
{
    if (lo > hi) {
        lo = 0;
        hi = 1;
    } else if (lo == hi) {
        lo -= std::max(1.0, std::abs(lo) * 0.1);
        hi += std::max(1.0, std::abs(hi) * 0.1);
    } else {
        const double margin = (hi - lo) * 0.05;
        lo = lo >= 0 ? std::max(0.0, lo - margin) : lo - margin;
        hi += margin;
    }
    double power = std::pow(10.0, std::floor(std::log10((hi - lo) / (maxTicks - 1))));
    for (int m = 0;; m = (m + 1) % 4, power *= m == 0 ? 10 : 1) {
        const double step = power * std::array{1.0, 2.0, 2.5, 5.0}.at(m);
        const double from = std::floor(lo / step) * step;
        const double to = std::ceil(hi / step) * step;
        const int ticks = int(std::lround((to - from) / step)) + 1;
        if (ticks <= maxTicks)
            return {from, to, std::max(2, ticks)};
    }
}

} // namespace porthole
