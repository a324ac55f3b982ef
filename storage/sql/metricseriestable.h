#pragma once

// Where each metric series lives, for MetricsRepository's files alone (metricsrepository.cpp,
// metricpoints.cpp).

#include "metricsrepository.h"

namespace porthole {

// Where a series lives. Table and column names come from here only, never from input.
struct SeriesTable
{
    QString table;
    QString ownerColumn;
    QString nameColumn; // empty: the series has no name filter
    QString valueColumn;
};

// The table and columns of `series`, or why it names none.
Result<SeriesTable> tableOf(const MetricSeries &series);

} // namespace porthole
