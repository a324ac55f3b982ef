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

// The minute rollups' width, which every rollup width is a multiple of.
constexpr qint64 minute = 60;

// The first whole `seconds`-wide bucket at or after `time`, and the end of the last one at or
// before it, in seconds since the epoch.
qint64 firstWhole(const QDateTime &time, qint64 seconds)
{
    return -floorTo(-time.toMSecsSinceEpoch(), seconds * 1000) / 1000;
}
qint64 endWhole(const QDateTime &time, qint64 seconds)
{
    return floorTo(time.toMSecsSinceEpoch(), seconds * 1000) / 1000;
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

// The rollups `width` seconds wide whose buckets start in [from, to) (two expressions of
// seconds since the epoch), as rows of (start of the chart's bucket, sum, min, max, count).
std::pair<QString, QVariantList> rollupRows(SqlEngine engine, const SeriesRequest &request,
                                            qint64 width, const Bound &from, const Bound &to)
{
    const bool sqlite = engine == SqlEngine::SQLite;
    const qint64 bucket = request.bucketSeconds;
    // On PostgreSQL the rollups are read through metric_rollup_rows (migration 17), which
    // TimescaleDB's continuous aggregates stand behind where they keep the buckets; their
    // buckets are found by the start as a time (bucket_start), the rollups' by its seconds.
    QString sql =
        u"SELECT r.bucket - ((r.bucket % ?) + ?) % ? AS b, r.value_sum AS s, r.value_min AS lo, "
        "r.value_max AS hi, r.value_count AS n FROM %1 r "
        "WHERE r.source = ? AND r.owner = ? AND r.name = coalesce(?, '') AND r.width = %2 "
        "AND r.bucket >= %3 AND r.bucket < %4"_s.arg(sqlite ? u"metric_rollups"_s
                                                            : u"metric_rollup_rows"_s,
                                                     QString::number(width), from.sql, to.sql);
    QVariantList params{bucket,
                        bucket,
                        bucket,
                        rollupSource(request.series.source),
                        request.series.owner,
                        request.series.name};
    params += from.params + to.params;
    if (!sqlite) {
        sql +=
            u" AND r.bucket_start >= to_timestamp(%1) AND r.bucket_start < to_timestamp(%2)"_s.arg(
                from.sql, to.sql);
        params += from.params + to.params;
    }
    return std::pair{sql, params};
}

// A series' buckets made of, in time order: the raw values before the first whole minute, the
// minute rollups up to the first whole hour, the hour rollups up to where they end, the minute
// rollups after that up to where those end, and the raw values after; `aggregate` sums the union
// (%1) by bucket. At most 59 raw values a second apart are read at each end. `coarse` is the
// widest rollup whose buckets make up the request's (an hour, or a minute: then the minutes
// alone are read); the range holds at least one whole minute.
SqlStatement rolledUpBuckets(const SeriesValues &series, const SeriesRequest &request,
                             MetricRollups rollups, qint64 coarse, const QString &aggregate,
                             qint64 limit)
{
    const qint64 firstFine = firstWhole(request.from, minute);
    const qint64 endFine = endWhole(request.to, minute);
    const SqlEngine engine = series.engine;
    const bool sqlite = engine == SqlEngine::SQLite;
    const QString integer = sqlite ? u"?"_s : u"CAST(? AS bigint)"_s;
    const QString least = sqlite ? u"min"_s : u"least"_s;
    const QString greatest = sqlite ? u"max"_s : u"greatest"_s;
    const auto floorSql = [](const QString &seconds, qint64 width) {
        return u"(%1 - ((%1 % %2) + %2) % %2)"_s.arg(seconds, QString::number(width));
    };
    // Where the rollups end (r, seconds since the epoch): at the table's boundary (migration 30:
    // the rows after it are not rolled up yet), a whole minute; a table with no boundary
    // (TimescaleDB's continuous aggregates stand for it) is rolled up whole. On SQLite the rows
    // before the boundary are rolled up only up to the table's last rowid rolled up (h; none
    // where nothing is rolled by rowid): those after it, values that came late, are read raw.
    // Read in this statement, with the rollups and the rows: one snapshot, so a row is in the
    // rollups or read raw, never both, whatever a roller commits meanwhile.
    const bool bounded = rollups == MetricRollups::Bounded;
    const QString source = rollupSource(request.series.source);
    QString rolled = bounded ? u"SELECT coalesce((SELECT s.rolled_to FROM metric_rollup_state s "
                               "WHERE s.source = ?), %1) AS r"_s.arg(integer)
                             : u"SELECT %1 AS r"_s.arg(integer);
    QVariantList rolledParams = bounded ? QVariantList{source, endFine} : QVariantList{endFine};
    if (sqlite) {
        rolled += bounded ? u", (SELECT s.rolled_rowid FROM metric_rollup_state s "
                            "WHERE s.source = ?) AS h"_s
                          : u", NULL AS h"_s;
        if (bounded)
            rolledParams << source;
    }
    // The minutes' rollups end at m1, the hours' run over [h0, h1): m0 <= h0 <= h1 <= m1.
    const QString fine = u"SELECT %1(%2, %3(%2, %4)) AS m1, r%5 FROM rolled"_s.arg(
        greatest, integer, least, floorSql(u"r"_s, minute), sqlite ? u", h"_s : QString());
    const QVariantList fineParams{firstFine, endFine};
    const QString edge = u"SELECT m1, %1(%2, m1) AS h0, %3(%1(%2, m1), %1(%2, %4)) AS h1%5 "
                         "FROM fine"_s.arg(least, integer, greatest, floorSql(u"r"_s, coarse),
                                           sqlite ? u", h"_s : QString());
    const qint64 firstCoarse = firstWhole(request.from, coarse);
    const QVariantList edgeParams{firstCoarse, firstCoarse, endWhole(request.to, coarse)};

    const auto time = [sqlite](const QString &seconds) {
        return sqlite ? u"datetime(%1, 'unixepoch')"_s.arg(seconds)
                      : u"to_timestamp(%1)"_s.arg(seconds);
    };
    const Bound m0{integer, {firstFine}};
    const Bound m1{u"(SELECT m1 FROM edge)"_s, {}};
    const QDateTime head = QDateTime::fromSecsSinceEpoch(firstFine, Qt::UTC);
    const Bound rangeStart{u"?"_s, {timestampParam(request.from, engine)}};
    const Bound rangeEnd{u"?"_s, {timestampParam(request.to, engine)}};
    const Bound headTime{u"?"_s, {wholeSecondParam(head, engine)}};

    QStringList parts;
    QVariantList params;
    const auto add = [&](const std::pair<QString, QVariantList> &part) {
        parts << part.first;
        params += part.second;
    };
    add(series.rawBuckets(rangeStart, headTime));
    if (coarse == minute) {
        add(rollupRows(engine, request, minute, m0, m1));
    } else {
        const Bound h0{u"(SELECT h0 FROM edge)"_s, {}};
        const Bound h1{u"(SELECT h1 FROM edge)"_s, {}};
        add(rollupRows(engine, request, minute, m0, h0));
        add(rollupRows(engine, request, coarse, h0, h1));
        add(rollupRows(engine, request, minute, h1, m1));
    }
    const Bound tail{time(m1.sql), {}};
    add(series.rawBuckets(tail, rangeEnd));
    if (sqlite)
        add(series.rawBuckets(headTime, tail, u"(SELECT h FROM edge)"_s));
    return SqlStatement{
        u"WITH rolled AS (%1), fine AS (%2), edge AS (%3) "_s.arg(rolled, fine, edge) +
            aggregate.arg(parts.join(u" UNION ALL "_s)),
        rolledParams + fineParams + edgeParams + params + QVariantList{limit}};
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

    // Whole rollup buckets (migrations 13 and 30) inside the range stand for the values in them:
    // a bucket of N hours reads N hour rows, and the minutes between the range's ends and its
    // first and last whole hour a minute row each. The raw values before the first whole minute
    // and after the last are read as they are, so the edges are exact.
    const qint64 coarse = rollups != MetricRollups::None ? rollupWidthFor(width) : 0;
    if (coarse == 0 || firstWhole(request.from, minute) >= endWhole(request.to, minute)) {
        const auto [rows, params] = series.rawBuckets(request.from, request.to);
        return SqlStatement{aggregate.arg(real, rows), params + QVariantList{limit}};
    }
    return rolledUpBuckets(series, request, rollups, coarse, aggregate.arg(real, u"%1"_s), limit);
}

} // namespace porthole
