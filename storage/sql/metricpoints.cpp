// MetricsRepository's points statement: a series' raw values, its buckets made from them, and
// from the rollups where whole rollup buckets stand for them (migrations 13 and 30).

#include "metricseriestable.h"
#include "metricsrepository.h"
#include "repositorysupport.h"
#include "sqlsupport.h"

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// The largest multiple of `step` not above `value` (step > 0; negative values too).
qint64 floorTo(qint64 value, qint64 step)
{
    return value - ((value % step) + step) % step;
}

// The source column of metric_rollups.
QString rollupSource(MetricSource source)
{
    switch (source) {
    case MetricSource::Component:
        return u"component"_s;
    case MetricSource::Port:
        return u"port"_s;
    case MetricSource::Sensor:
        return u"sensor"_s;
    default: // the others have no rollups
        break;
    }
    return QString();
}

Status checkSeriesRequest(const SeriesRequest &request)
{
    if (!request.from.isValid() || !request.to.isValid() || request.from >= request.to)
        return StorageError::invalidArgument(
            u"The time range of a series must have a start before its end (from %1 to %2)."_s.arg(
                request.from.toString(Qt::ISODateWithMs), request.to.toString(Qt::ISODateWithMs)));
    constexpr qint64 maxBucketSeconds = 100LL * 366 * 86400;
    if (request.bucketSeconds < 0 || request.bucketSeconds > maxBucketSeconds)
        return StorageError::invalidArgument(
            u"A bucket must be 0 (raw values) to %1 seconds wide, not %2."_s.arg(maxBucketSeconds)
                .arg(request.bucketSeconds));
    if (request.limit < 1 || request.limit > 1000000)
        return StorageError::invalidArgument(
            u"A series may be read 1 to 1000000 points at a time, not %1."_s.arg(request.limit));
    return checkName(request.series.owner, u"series owner"_s);
}

// One end of a range of times: an expression and its parameters.
struct Bound
{
    QString sql;
    QVariantList params;
};

// The raw values of a series in a table of its own, as pointsStatement() reads them.
struct SeriesValues
{
    SqlEngine engine;
    const SeriesTable &table;
    QString ofSeries;
    QVariantList seriesParams;
    qint64 width = 0;
    bool timescale = false;

    // The series' values in [from, to), and their parameters.
    std::pair<QString, QVariantList> values(const QDateTime &from, const QDateTime &to) const
    {
        return values(Bound{u"?"_s, {timestampParam(from, engine)}},
                      Bound{u"?"_s, {timestampParam(to, engine)}});
    }
    // `after`: only the rows after that rowid (SQLite; an expression), found through the
    // rowid: the unary + keeps SQLite off the indexes of the other terms.
    std::pair<QString, QVariantList> values(const Bound &from, const Bound &to,
                                            const QString &after = {}) const
    {
        if (!after.isEmpty())
            return std::pair{u"FROM %1 t WHERE t.rowid > %2 AND %3 AND +t.timestamp >= %4 AND "
                             "+t.timestamp < %5"_s.arg(table.table, after,
                                                       QString(ofSeries).replace(u"t."_s, u"+t."_s),
                                                       from.sql, to.sql),
                             seriesParams + from.params + to.params};
        return std::pair{u"FROM %1 t WHERE %2 AND t.timestamp >= %3 AND t.timestamp < %4"_s.arg(
                             table.table, ofSeries, from.sql, to.sql),
                         seriesParams + from.params + to.params};
    }

    // Each raw value as a bucket of its own: (start, sum, min, max, count).
    std::pair<QString, QVariantList> rawBuckets(const QDateTime &from, const QDateTime &to) const
    {
        return rawBuckets(Bound{u"?"_s, {timestampParam(from, engine)}},
                          Bound{u"?"_s, {timestampParam(to, engine)}});
    }
    std::pair<QString, QVariantList> rawBuckets(const Bound &from, const Bound &to,
                                                const QString &after = {}) const
    {
        const auto [rows, params] = values(from, to, after);
        if (engine == SqlEngine::SQLite) {
            // unixepoch() gives whole seconds (rounded down); for whole-second widths the
            // fraction never changes the bucket. The modulo form rounds down before 1970 too.
            return std::pair{
                u"SELECT e - ((e % ?) + ?) % ? AS b, v AS s, v AS lo, v AS hi, 1 AS n FROM ("
                "SELECT unixepoch(t.timestamp) AS e, CAST(t.%1 AS REAL) AS v %2) "
                "WHERE e IS NOT NULL"_s.arg(table.valueColumn, rows),
                QVariantList{width, width, width} + params};
        }
        // TimescaleDB's time_bucket() gives the same buckets as date_bin() with the epoch as
        // origin. It cannot be installed on the machines the tests run on, so this one-line
        // branch is the only part without a test; the date_bin() form is tested.
        const QString bucket = timescale ? u"time_bucket(make_interval(secs => ?), t.timestamp, "
                                           "origin => TIMESTAMPTZ '1970-01-01 00:00:00+00')"_s
                                         : u"date_bin(make_interval(secs => ?), t.timestamp, "
                                           "TIMESTAMPTZ '1970-01-01 00:00:00+00')"_s;
        return std::pair{u"SELECT CAST(extract(epoch FROM %1) AS bigint) AS b, "
                         "CAST(t.%2 AS double precision) AS s, CAST(t.%2 AS double precision) "
                         "AS lo, CAST(t.%2 AS double precision) AS hi, 1 AS n %3"_s.arg(
                             bucket, table.valueColumn, rows),
                         QVariantList{width} + params};
    }
};

// The whole rollup buckets of [firstWhole, endWhole) (seconds since the epoch) that
// pointsStatement() reads from the rollups.
struct RollupRange
{
    MetricRollups rollups;
    qint64 width; // the rollup's
    qint64 firstWhole;
    qint64 endWhole;
};

// A series' buckets from the raw values before the first whole rollup bucket, the rollups up to
// where they end, and the raw values after it; `aggregate` sums the union (%1) by bucket.
SqlStatement rolledUpBuckets(const SeriesValues &series, const SeriesRequest &request,
                             const RollupRange &range, const QString &aggregate, qint64 limit)
{
    const SqlEngine engine = series.engine;
    const bool sqlite = engine == SqlEngine::SQLite;
    const qint64 width = request.bucketSeconds;
    const qint64 rollup = range.width;
    const qint64 firstWhole = range.firstWhole;
    const qint64 endWhole = range.endWhole;
    // Where the rollups end (edge.e, seconds since the epoch): at the last whole bucket, or
    // before it at the table's boundary (migration 30: the rows after it are not rolled up
    // yet) rounded down to the rollup's width; a table with no boundary (TimescaleDB's
    // continuous aggregates stand for it) is rolled up whole. Read in this statement, with the
    // rollups and the rows: one snapshot, so a row is in the rollups or after the edge, never
    // both, whatever a roller commits meanwhile.
    const QString integer = sqlite ? u"?"_s : u"CAST(? AS bigint)"_s;
    QString edge = integer;
    QVariantList edgeParams{endWhole};
    if (range.rollups == MetricRollups::Bounded) {
        edge = u"%1(%2, %3(%2, coalesce((SELECT s.rolled_to FROM metric_rollup_state s "
               "WHERE s.source = ?), %2) / %2 * %2))"_s.arg(
                   sqlite ? u"max"_s : u"greatest"_s, integer, sqlite ? u"min"_s : u"least"_s);
        edgeParams = {firstWhole, endWhole, rollupSource(request.series.source),
                      endWhole,   rollup,   rollup};
    }
    // On SQLite the rows before the boundary are rolled up only up to the table's last rowid
    // rolled up (edge.h; none where nothing is rolled by rowid): those after it, values that
    // came late, are read raw.
    if (sqlite) {
        edge += range.rollups == MetricRollups::Bounded
                    ? u", (SELECT s.rolled_rowid FROM metric_rollup_state s WHERE s.source = ?)"_s
                    : u", NULL"_s;
        if (range.rollups == MetricRollups::Bounded)
            edgeParams << rollupSource(request.series.source);
    }
    const QString edgeTime = sqlite ? u"datetime((SELECT e FROM edge), 'unixepoch')"_s
                                    : u"to_timestamp((SELECT e FROM edge))"_s;
    const QDateTime head = QDateTime::fromSecsSinceEpoch(firstWhole, Qt::UTC);
    const auto [before, beforeParams] =
        series.rawBuckets(Bound{u"?"_s, {timestampParam(request.from, engine)}},
                          Bound{u"?"_s, {wholeSecondParam(head, engine)}});
    const auto [after, afterParams] =
        series.rawBuckets(Bound{edgeTime, {}}, Bound{u"?"_s, {timestampParam(request.to, engine)}});
    // On PostgreSQL the rollups are read through metric_rollup_rows (migration 17), which
    // TimescaleDB's continuous aggregates stand behind where they keep the buckets; their
    // buckets are found by the start as a time (bucket_start), the rollups' by its seconds.
    QString rollupRows =
        u"SELECT r.bucket - ((r.bucket % ?) + ?) % ? AS b, r.value_sum AS s, r.value_min AS lo, "
        "r.value_max AS hi, r.value_count AS n FROM %1 r "
        "WHERE r.source = ? AND r.owner = ? AND r.name = coalesce(?, '') AND r.width = ? "
        "AND r.bucket >= ? AND r.bucket < (SELECT e FROM edge)"_s.arg(
            sqlite ? u"metric_rollups"_s : u"metric_rollup_rows"_s);
    QVariantList rollupParams{width,
                              width,
                              width,
                              rollupSource(request.series.source),
                              request.series.owner,
                              request.series.name,
                              rollup,
                              firstWhole};
    if (!sqlite) {
        rollupRows += u" AND r.bucket_start >= ? AND r.bucket_start < %1"_s.arg(edgeTime);
        rollupParams << timestampParam(head, engine);
    }
    QString parts = before + u" UNION ALL "_s + rollupRows + u" UNION ALL "_s + after;
    QVariantList params = beforeParams + rollupParams + afterParams;
    if (sqlite) {
        const auto [late, lateParams] =
            series.rawBuckets(Bound{u"?"_s, {wholeSecondParam(head, engine)}}, Bound{edgeTime, {}},
                              u"(SELECT h FROM edge)"_s);
        parts += u" UNION ALL "_s + late;
        params += lateParams;
    }
    return SqlStatement{u"WITH edge (%1) AS (SELECT %2) "_s.arg(sqlite ? u"e, h"_s : u"e"_s, edge) +
                            aggregate.arg(parts),
                        edgeParams + params + QVariantList{limit}};
}

} // namespace

Result<SqlStatement> MetricsRepository::pointsStatement(SqlEngine engine,
                                                        const SeriesRequest &request,
                                                        bool timescale, MetricRollups rollups)
{
    if (Status checked = checkSeriesRequest(request); !checked)
        return checked.error();
    auto table = tableOf(request.series);
    if (!table)
        return table.error();

    const bool sqlite = engine == SqlEngine::SQLite;
    if (request.series.source == MetricSource::Check)
        return checkStatement(engine, request);
    if (request.series.source == MetricSource::Ingest)
        return ingestStatement(engine, request);
    if (request.series.source == MetricSource::DeadLetters)
        return deadLetterStatement(engine, request);
    const QString real = sqlite ? u"REAL"_s : u"double precision"_s;
    SeriesValues series{engine,
                        *table,
                        u"t.%1 = ?"_s.arg(table->ownerColumn),
                        QVariantList{request.series.owner},
                        request.bucketSeconds,
                        timescale};
    if (!table->nameColumn.isEmpty()) {
        series.ofSeries += u" AND t.%1 = ?"_s.arg(table->nameColumn);
        series.seriesParams << request.series.name;
    }
    series.ofSeries += u" AND t.%1 IS NOT NULL"_s.arg(table->valueColumn);
    const qint64 limit = qint64(request.limit) + 1; // one more tells that there is more

    if (request.bucketSeconds == 0) {
        const auto [from, params] = series.values(request.from, request.to);
        return SqlStatement{u"SELECT t.timestamp, CAST(t.%1 AS %2) %3 "
                            "ORDER BY t.timestamp LIMIT ?"_s.arg(table->valueColumn, real, from),
                            params + QVariantList{limit}};
    }

    const qint64 width = request.bucketSeconds;
    const QString aggregate = u"SELECT b, sum(s) / CAST(sum(n) AS %1), min(lo), max(hi), sum(n) "
                              "FROM (%2) u GROUP BY b ORDER BY b LIMIT ?"_s;

    // Whole rollup buckets (migration 13) inside the range stand for the values in them: a
    // bucket of N minutes reads N minute rows. The raw values before the first whole rollup
    // bucket and after the last are read as they are, so the edges are exact.
    const qint64 rollup = rollups != MetricRollups::None ? rollupWidthFor(width) : 0;
    const qint64 rollupMs = std::max<qint64>(rollup, 1) * 1000;
    const qint64 firstWhole = -floorTo(-request.from.toMSecsSinceEpoch(), rollupMs) / 1000;
    const qint64 endWhole = floorTo(request.to.toMSecsSinceEpoch(), rollupMs) / 1000;
    if (rollup == 0 || firstWhole >= endWhole) {
        const auto [rows, params] = series.rawBuckets(request.from, request.to);
        return SqlStatement{aggregate.arg(real, rows), params + QVariantList{limit}};
    }
    return rolledUpBuckets(series, request, RollupRange{rollups, rollup, firstWhole, endWhole},
                           aggregate.arg(real, u"%1"_s), limit);
}

} // namespace porthole
