#include "backlogseries.h"

#include "sqlsupport.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QStringList &kindFigures(BacklogKind kind)
{
    static const QStringList group{u"lag"_s, u"pending"_s, u"oldest_ms"_s, u"consumers"_s,
                                   u"length"_s};
    static const QStringList list{u"length"_s, u"processing"_s};
    static const QStringList port{u"pending"_s, u"processing"_s, u"failed"_s, u"dead_letters"_s,
                                  u"oldest_ms"_s};
    static const QStringList receiver{u"stored"_s, u"acknowledged"_s, u"dead_letters"_s};
    switch (kind) {
    case BacklogKind::Group:
        return group;
    case BacklogKind::List:
        return list;
    case BacklogKind::Port:
        return port;
    case BacklogKind::Receiver:
        break;
    }
    return receiver;
}

// The key's group as the table keeps it: '' for none (a null QString would bind as NULL).
QString groupParam(const BacklogKey &key)
{
    return key.group.isNull() ? u""_s : key.group;
}

Result<BacklogFigure> figureOf(const MetricSeries &series)
{
    auto figure = backlogFigureOf(series);
    if (!figure)
        return StorageError::invalidArgument(
            u"'%1' '%2' is not a backlog's figure."_s.arg(series.owner, series.name));
    return *figure;
}

} // namespace

const QStringList &backlogFigures(BacklogKind kind)
{
    return kindFigures(kind);
}

MetricSeries backlogMetricSeries(const BacklogFigure &figure)
{
    QString name = backlogKindName(figure.key.kind) + u'/' + figure.figure;
    if (figure.key.kind == BacklogKind::Group || figure.key.kind == BacklogKind::Receiver)
        name += u'/' + figure.key.group;
    return {MetricSource::Backlog, figure.key.source, name};
}

std::optional<BacklogFigure> backlogFigureOf(const MetricSeries &series)
{
    if (series.source != MetricSource::Backlog || series.owner.isEmpty())
        return std::nullopt;
    const qsizetype kindEnd = series.name.indexOf(u'/');
    const auto kind = backlogKindOf(series.name.left(kindEnd));
    if (kindEnd < 0 || !kind)
        return std::nullopt;
    const bool grouped = *kind == BacklogKind::Group || *kind == BacklogKind::Receiver;
    const qsizetype figureEnd = grouped ? series.name.indexOf(u'/', kindEnd + 1) : -1;
    if (grouped && figureEnd < 0)
        return std::nullopt;
    BacklogFigure figure{{*kind, series.owner, grouped ? series.name.mid(figureEnd + 1) : u""_s},
                         series.name.mid(kindEnd + 1, grouped ? figureEnd - kindEnd - 1 : -1)};
    if (!kindFigures(*kind).contains(figure.figure))
        return std::nullopt;
    return figure;
}

BacklogSeries::BacklogSeries(QSqlDatabase db)
    : m_db(std::move(db))
    , m_engine(engineOf(m_db))
{}

Result<QList<MetricSeries>> BacklogSeries::listSeries(int limit) const
{
    // A skip scan over the unique key: each next backlog after the last one found is one seek.
    QList<MetricSeries> series;
    std::optional<BacklogKey> last;
    for (int found = 0; found < limit; ++found) {
        auto query = last
                         ? execQuery(m_db,
                                     u"SELECT kind, source, group_name FROM backlog_samples "
                                     "WHERE (kind, source, group_name) > (?, ?, ?) "
                                     "ORDER BY kind, source, group_name LIMIT 1"_s,
                                     {backlogKindName(last->kind), last->source, groupParam(*last)},
                                     u"Listing the backlogs sampled"_s)
                         : execQuery(m_db,
                                     u"SELECT kind, source, group_name FROM backlog_samples "
                                     "ORDER BY kind, source, group_name LIMIT 1"_s,
                                     {}, u"Listing the backlogs sampled"_s);
        if (!query)
            return query.error();
        if (!query->next())
            break;
        const QString kindName = query->value(0).toString();
        const auto kind = backlogKindOf(kindName);
        // The table's CHECK allows no other kind; one would only stop the listing.
        if (!kind)
            return StorageError{StorageError::Kind::Internal,
                                u"The backlog history holds a kind '%1'."_s.arg(kindName)};
        last = BacklogKey{*kind, query->value(1).toString(), query->value(2).toString()};
        for (const QString &figure : kindFigures(*kind))
            series.append(backlogMetricSeries({*last, figure}));
    }
    return series;
}

Result<SqlStatement> BacklogSeries::pointsStatement(SqlEngine engine, const SeriesRequest &request)
{
    auto figure = figureOf(request.series);
    if (!figure)
        return figure.error();
    if (!request.from.isValid() || !request.to.isValid() || request.from >= request.to)
        return StorageError::invalidArgument(
            u"The time range of a series must have a start before its end."_s);
    if (request.bucketSeconds < 0 || request.limit < 1)
        return StorageError::invalidArgument(
            u"A backlog series needs a bucket width of 0 or more and a limit of 1 or more."_s);
    const bool sqlite = engine == SqlEngine::SQLite;
    // The column is one of kindFigures(), never input.
    const QString rows = u"FROM backlog_samples WHERE kind = ? AND source = ? AND group_name = ? "
                         "AND slot >= ? AND slot < ? AND %1 IS NOT NULL"_s.arg(figure->figure);
    QVariantList params{backlogKindName(figure->key.kind), figure->key.source,
                        groupParam(figure->key), timestampParam(request.from, engine),
                        timestampParam(request.to, engine)};
    const qint64 limit = qint64(request.limit) + 1; // one more tells that there is more
    const QString real = sqlite ? u"REAL"_s : u"double precision"_s;
    if (request.bucketSeconds == 0)
        return SqlStatement{u"SELECT slot, CAST(%1 AS %2) %3 ORDER BY slot LIMIT ?"_s.arg(
                                figure->figure, real, rows),
                            params + QVariantList{limit}};
    // The bucket's start in seconds since the epoch, aligned as the metrics' buckets are.
    const QString bucket = sqlite ? u"unixepoch(slot) - ((unixepoch(slot) % ?) + ?) % ?"_s
                                  : u"CAST(extract(epoch FROM date_bin(make_interval(secs => ?), "
                                    "slot, TIMESTAMPTZ '1970-01-01 00:00:00+00')) AS bigint)"_s;
    const QVariantList widths =
        sqlite ? QVariantList{request.bucketSeconds, request.bucketSeconds, request.bucketSeconds}
               : QVariantList{request.bucketSeconds};
    return SqlStatement{u"SELECT %1 AS b, avg(CAST(%2 AS %3)), min(%2), max(%2), count(*) %4 "
                        "GROUP BY b ORDER BY b LIMIT ?"_s.arg(bucket, figure->figure, real, rows),
                        widths + params + QVariantList{limit}};
}

Result<SeriesPoints> BacklogSeries::points(const SeriesRequest &request) const
{
    auto statement = pointsStatement(m_engine, request);
    if (!statement)
        return statement.error();
    auto query = execQuery(
        m_db, statement->sql, statement->params,
        u"Reading the backlog series %1 %2"_s.arg(request.series.owner, request.series.name));
    if (!query)
        return query.error();
    SeriesPoints result;
    while (query->next()) {
        if (result.points.size() == request.limit) {
            result.truncated = true;
            break;
        }
        result.points.append(seriesPointOf(*query, request.bucketSeconds == 0));
    }
    return result;
}

Result<std::optional<std::pair<QDateTime, QDateTime>>>
BacklogSeries::extent(const MetricSeries &series) const
{
    auto figure = figureOf(series);
    if (!figure)
        return figure.error();
    QDateTime ends[2];
    for (int i = 0; i < 2; ++i) {
        // One probe of the unique key at either end (SQLite's min() would not seek with the
        // figure's filter beside it).
        auto query = execQuery(
            m_db,
            u"SELECT slot FROM backlog_samples WHERE kind = ? AND source = ? AND group_name = ? "
            "AND %1 IS NOT NULL ORDER BY slot %2 LIMIT 1"_s.arg(figure->figure,
                                                                i == 0 ? u"ASC"_s : u"DESC"_s),
            {backlogKindName(figure->key.kind), figure->key.source, groupParam(figure->key)},
            u"Reading the time range of the backlog %1"_s.arg(series.owner));
        if (!query)
            return query.error();
        if (!query->next())
            return std::optional<std::pair<QDateTime, QDateTime>>();
        ends[i] = timestampValue(query->value(0));
    }
    return std::optional(std::pair{ends[0], ends[1]});
}

MetricPoint seriesPointOf(const QSqlQuery &query, bool raw)
{
    MetricPoint point;
    if (raw) {
        point.start = timestampValue(query.value(0));
        point.avg = point.min = point.max = query.value(1).toDouble();
        point.count = 1;
        return point;
    }
    point.start = QDateTime::fromSecsSinceEpoch(query.value(0).toLongLong(), Qt::UTC);
    point.avg = query.value(1).toDouble();
    point.min = query.value(2).toDouble();
    point.max = query.value(3).toDouble();
    point.count = query.value(4).toLongLong();
    return point;
}

} // namespace porthole
