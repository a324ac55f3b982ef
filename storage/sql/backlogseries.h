#pragma once

#include "backloghistory.h"
#include "metricrecords.h"
#include "repositorysupport.h"
#include "sqltypes.h"
#include "storageerror.h"

#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <optional>
#include <utility>

class QSqlQuery;

namespace porthole {

// One figure of one backlog, as a Metrics series charts it.
struct BacklogFigure
{
    BacklogKey key;
    QString figure; // a column of backlog_samples: "lag", "pending", "oldest_ms", ...

    friend bool operator==(const BacklogFigure &, const BacklogFigure &) = default;
};

// The figures a kind of backlog has, as Metrics offers them (the columns of backlog_samples):
//   group     lag, pending, oldest_ms, consumers, length
//   list      length, processing
//   port      pending, processing, failed, dead_letters, oldest_ms
//   receiver  stored, acknowledged, dead_letters
const QStringList &backlogFigures(BacklogKind kind);

// A backlog's figure as a series of MetricSource::Backlog and back: the owner is the backlog's
// source, the name "<kind>/<figure>" and, for a group, "/<group>" after it (the group is the
// rest of the name, so a group's name may hold any character). nullopt for a series that is
// not one, or names a figure its kind does not have.
MetricSeries backlogMetricSeries(const BacklogFigure &figure);
std::optional<BacklogFigure> backlogFigureOf(const MetricSeries &series);

// The backlog history (backlog_samples) read as Metrics series, on both engines: the series
// there are, their points raw or in buckets, their extent. Every read of one series is a range
// of the table's unique key (kind, source, group_name, slot).
//
// A bucket holds the samples with start <= slot < start + width, buckets aligned to the epoch
// as MetricsRepository's are; each bucket gives the average, the lowest and the highest sample.
// A backlog's chart is honest with the highest (Max in the Metrics pane): a bucket's average
// hides the peak the operator is looking for, its highest never does. A week of 15-s samples
// (40,320 a series) in 1,600 buckets reads the 40,320 index entries and rows of the series
// only, whatever else the table holds (docs/BENCHMARKS.md).
//
// Uses the connection it is given, on the thread that opened it.
class BacklogSeries
{
public:
    explicit BacklogSeries(QSqlDatabase db);

    // A series for each figure of each backlog sampled, by kind, source and group, of at most
    // `limit` backlogs: a skip scan, one index seek a backlog, not a read of the table.
    Result<QList<MetricSeries>> listSeries(int limit = 5000) const;
    // The points of a Backlog series in [from, to): raw samples (bucketSeconds 0), or buckets.
    Result<SeriesPoints> points(const SeriesRequest &request) const;
    // The slots of the series' first and last sample; nullopt when it has none.
    Result<std::optional<std::pair<QDateTime, QDateTime>>> extent(const MetricSeries &series) const;

    // The statement points() runs, for plan checks and benchmarks.
    static Result<SqlStatement> pointsStatement(SqlEngine engine, const SeriesRequest &request);

private:
    QSqlDatabase m_db;
    SqlEngine m_engine;
};

// The point of a series' row as MetricsRepository and BacklogSeries read it: raw (time, value)
// or a bucket (its start in epoch seconds, average, lowest, highest, count).
MetricPoint seriesPointOf(const QSqlQuery &query, bool raw);

} // namespace porthole
