// MetricsRepository's bucket widths: which width a chart asks for, which rollup serves it.
#include "metricsrepository.h"

#include <algorithm>
#include <iterator>

namespace porthole {

qint64 MetricsRepository::bucketSecondsFor(const QDateTime &from, const QDateTime &to, int pixels,
                                           int pointsPerPixel)
{
    static constexpr qint64 ladder[] = {1,    5,    10,    30,    60,    300,    900,
                                        1800, 3600, 21600, 43200, 86400, 604800, 2592000};
    const qint64 spanMs = from.isValid() && to.isValid() ? from.msecsTo(to) : 0;
    if (spanMs <= 0)
        return ladder[0];
    const qint64 maxBuckets = qint64(std::max(pixels, 1)) * std::max(pointsPerPixel, 1);
    const auto widths = [spanMs](qint64 widthMs) { // ceil(span / width), without overflow
        return spanMs / widthMs + (spanMs % widthMs != 0 ? 1 : 0);
    };
    for (qint64 width : ladder) {
        if (widths(width * 1000) <= maxBuckets)
            return width;
    }
    // Here span > largest * maxBuckets, so the product does not overflow.
    const qint64 largest = ladder[std::size(ladder) - 1];
    return widths(largest * 1000 * maxBuckets) * largest;
}

qint64 MetricsRepository::rollupWidthFor(qint64 bucketSeconds)
{
    for (qint64 width : {3600, 60}) {
        if (bucketSeconds >= width && bucketSeconds % width == 0)
            return width;
    }
    return 0;
}

qint64 MetricsRepository::checkBucketSeconds(qint64 bucketSeconds)
{
    return std::max<qint64>(60, (bucketSeconds + 59) / 60 * 60);
}

} // namespace porthole
