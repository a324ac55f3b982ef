#include "sensoreventsrepository.h"

#include "repositorysupport.h"
#include "sqlsupport.h"

#include <QSqlQuery>

#include <functional>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// The metrics listing reads `metrics m LEFT JOIN processed_events pe`; these are its derived
// columns, each one index probe a row (metrics' unique event_id, its sensor_id index).
const QString metricsFrom =
    u"metrics m LEFT JOIN processed_events pe ON pe.event_id = m.event_id"_s;
const QString copiesSql = u"(SELECT count(*) FROM metrics d WHERE d.event_id = m.event_id)"_s;
const QString previousSql =
    u"(SELECT p.timestamp FROM metrics p WHERE p.sensor_id = m.sensor_id AND p.id < m.id "
    "ORDER BY p.id DESC LIMIT 1)"_s;

QString backwardsSql(SqlEngine engine)
{
    // SQLite keeps timestamps as text in more than one form ('YYYY-MM-DD HH:MM:SS' from
    // CURRENT_TIMESTAMP, with milliseconds, with a 'T'): compared as times, not as text.
    const QString before = engine == SqlEngine::SQLite
                               ? u"julianday(m.timestamp) < julianday(%1)"_s.arg(previousSql)
                               : u"m.timestamp < %1"_s.arg(previousSql);
    return u"(CASE WHEN %1 THEN 1 ELSE 0 END)"_s.arg(before);
}

const QString eventsFrom = u"processed_events p"_s;
const QString hasMetricSql = u"EXISTS (SELECT 1 FROM metrics mm WHERE mm.event_id = p.event_id)"_s;

// The order events are listed in, the order they were recorded: on SQLite the rowid, which
// the sensor_id index holds after each sensor_id, so that a sensor's first page is one index
// range (ordering by processed_at would sort all of the sensor's rows, half a second for
// 50,000); on PostgreSQL processed_at, then event_id, its page key as text to keep its
// microseconds (a QDateTime would drop them, and a key must name its row exactly).
QString processedKeySql(SqlEngine engine)
{
    return engine == SqlEngine::SQLite ? u"p.rowid"_s : u"p.processed_at::text"_s;
}

QString eventsOrder(SqlEngine engine)
{
    return engine == SqlEngine::SQLite ? u"p.rowid"_s : u"p.processed_at, p.event_id"_s;
}

QString textSearch(SqlEngine engine, const QString &column)
{
    return engine == SqlEngine::SQLite ? u"instr(lower(%1), lower(?)) > 0"_s.arg(column)
                                       : u"strpos(lower(%1), lower(?)) > 0"_s.arg(column);
}

// The filter's time bounds on `column`. SQLite compares julianday()s: a pipeline writes its
// times as text in more than one form, which do not sort as text (see backwardsSql).
void addTimeRange(WhereClause &where, SqlEngine engine, const QString &column,
                  const SensorEventFilter &filter)
{
    const QString bound =
        engine == SqlEngine::SQLite ? u"julianday(%1) %2 julianday(?)"_s : u"%1 %2 ?"_s;
    if (filter.from.isValid())
        where.add(bound.arg(column, u">="_s), {timestampParam(filter.from, engine)});
    if (filter.to.isValid())
        where.add(bound.arg(column, u"<"_s), {timestampParam(filter.to, engine)});
}

WhereClause eventsWhere(SqlEngine engine, const SensorEventFilter &filter)
{
    WhereClause where;
    if (!filter.sensorId.isEmpty())
        where.add(u"p.sensor_id = ?"_s, {filter.sensorId});
    addTimeRange(where, engine, u"p.processed_at"_s, filter);
    if (!filter.eventIdContains.isEmpty())
        where.addTextSearch(textSearch(engine, u"p.event_id"_s), {filter.eventIdContains});
    if (filter.findingsOnly)
        where.add(u"NOT "_s + hasMetricSql);
    return where;
}

WhereClause metricsWhere(SqlEngine engine, const SensorEventFilter &filter)
{
    WhereClause where;
    if (!filter.sensorId.isEmpty())
        where.add(u"m.sensor_id = ?"_s, {filter.sensorId});
    addTimeRange(where, engine, u"m.timestamp"_s, filter);
    if (!filter.eventIdContains.isEmpty())
        where.addTextSearch(textSearch(engine, u"m.event_id"_s), {filter.eventIdContains});
    if (filter.findingsOnly)
        where.add(
            u"(pe.event_id IS NULL OR %1 > 1 OR %2 = 1)"_s.arg(copiesSql, backwardsSql(engine)));
    return where;
}

// One keyset listing: what it selects, its filter, and the expressions of its key (the sort
// value and the row's id, or one expression that is both).
struct Listing
{
    QString select; // "SELECT ... FROM ..."
    WhereClause where;
    QStringList key;
    QString marks;                                     // the placeholders of a key: "?" or "(?, ?)"
    std::function<QVariantList(const PageKey &)> bind; // a key's values, one per expression
};

QString keyTuple(const Listing &listing)
{
    return listing.key.size() == 1 ? listing.key.constFirst()
                                   : u'(' + listing.key.join(u", "_s) + u')';
}

QString orderBy(const Listing &listing, bool descending)
{
    QStringList terms;
    for (const QString &expression : listing.key)
        terms << (descending ? expression + u" DESC"_s : expression);
    return terms.join(u", "_s);
}

KeysetQuery pageQuery(Listing listing, const PageRequest &request)
{
    using From = PageRequest::From;
    const bool backwards = request.from == From::Before || request.from == From::End;
    const bool descending = request.descending != backwards;
    if (request.from == From::After || request.from == From::Before)
        listing.where.add(
            u"%1 %2 %3"_s.arg(keyTuple(listing), descending ? u"<"_s : u">"_s, listing.marks),
            listing.bind(request.key));
    return {u"%1%2 ORDER BY %3 LIMIT %4"_s
                .arg(listing.select, listing.where.sql, orderBy(listing, descending))
                .arg(request.limit + 1),
            listing.where.params};
}

KeysetQuery rangeQuery(Listing listing, const KeyRange &range, const PageRequest &request)
{
    const QString onward = request.descending ? u">"_s : u"<"_s;
    const QString from = request.descending ? u"<"_s : u">"_s;
    // A range without a first key starts at the listing's first row.
    if (!range.first.id.isEmpty())
        listing.where.add(u"%1 %2%3 %4"_s.arg(keyTuple(listing), from,
                                              range.firstIncluded ? u"="_s : QString(),
                                              listing.marks),
                          listing.bind(range.first));
    listing.where.add(u"%1 %2= %3"_s.arg(keyTuple(listing), onward, listing.marks),
                      listing.bind(range.last));
    return pageQuery(std::move(listing), forwardFromStart(request));
}

template <typename T>
Result<Page<T>> runPage(const QSqlDatabase &db, const KeysetQuery &sql, const PageRequest &request,
                        const QString &what, const std::function<T(const QSqlQuery &)> &read)
{
    if (request.limit < 1 || request.limit > 10000)
        return StorageError::invalidArgument(
            u"A page holds 1 to 10000 rows, not %1."_s.arg(request.limit));
    auto query = execQuery(db, sql.sql, sql.params, what);
    if (!query)
        return query.error();
    QList<T> rows;
    while (query->next())
        rows.append(read(*query));
    return finishPage(std::move(rows), request);
}

PageRequest rangeRequest(int limit)
{
    PageRequest request;
    request.limit = limit;
    return request;
}

// The sensors of both tables, each found by skipping through its sensor_id index.
QString sensorIdsSql()
{
    return u"WITH RECURSIVE "_s +
           distinctValuesCte(u"event_sensors"_s, u"processed_events"_s, u"sensor_id"_s) + u", "_s +
           distinctValuesCte(u"metric_sensors"_s, u"metrics"_s, u"sensor_id"_s) +
           u", sensors(sensor_id) AS (SELECT value FROM event_sensors WHERE value IS NOT NULL "
           "UNION SELECT value FROM metric_sensors WHERE value IS NOT NULL) "_s;
}

// The sensors, each with its rows in both tables counted up to one past `countUpTo`: one
// past tells a count at the cap from one above it. Each count walks at most that many entries
// of the table's sensor_id index, where an exact count would walk all of the sensor's rows.
QString sensorsSelect(qint64 countUpTo)
{
    const QString capped = u"(SELECT count(*) FROM (SELECT 1 FROM %1 c WHERE c.sensor_id = "
                           "s.sensor_id LIMIT %2) n)"_s;
    const QString limit = QString::number(countUpTo + 1);
    return sensorIdsSql() + u"SELECT s.sensor_id, "_s + capped.arg(u"processed_events"_s, limit) +
           u", "_s + capped.arg(u"metrics"_s, limit) + u" FROM sensors s"_s;
}

Listing sensorsListing(qint64 countUpTo)
{
    return {sensorsSelect(countUpTo), {}, {u"s.sensor_id"_s}, u"?"_s, [](const PageKey &key) {
                return QVariantList{key.id};
            }};
}

Listing eventsListing(SqlEngine engine, const SensorEventFilter &filter)
{
    const QString keySql = processedKeySql(engine);
    return {u"SELECT p.event_id, p.sensor_id, p.processed_at, %1, p.kafka_partition, "
            "p.kafka_offset, %2 FROM %3"_s.arg(keySql, hasMetricSql, eventsFrom),
            eventsWhere(engine, filter), eventsOrder(engine).split(u", "_s),
            // PostgreSQL compares the key's text as the timestamp it came from.
            engine == SqlEngine::SQLite ? u"?"_s : u"(CAST(? AS TIMESTAMPTZ), ?)"_s,
            [engine](const PageKey &key) {
                return engine == SqlEngine::SQLite ? QVariantList{key.sortValue.toLongLong()}
                                                   : QVariantList{key.sortValue.toString(), key.id};
            }};
}

Listing metricsListing(SqlEngine engine, const SensorEventFilter &filter)
{
    return {u"SELECT m.id, m.sensor_id, m.event_id, m.timestamp, m.value, m.created_at, "
            "pe.processed_at, pe.event_id IS NOT NULL, %1, %2, %3 FROM %4"_s.arg(
                copiesSql, previousSql, backwardsSql(engine), metricsFrom),
            metricsWhere(engine, filter),
            {u"m.id"_s},
            u"?"_s,
            [](const PageKey &key) {
                return QVariantList{key.id.toLongLong()};
            }};
}

std::function<SensorSummary(const QSqlQuery &)> sensorReader(qint64 countUpTo)
{
    return [countUpTo](const QSqlQuery &q) {
        SensorSummary sensor;
        sensor.sensorId = q.value(0).toString();
        const qint64 events = q.value(1).toLongLong();
        const qint64 metrics = q.value(2).toLongLong();
        sensor.events = qMin(events, countUpTo);
        sensor.metrics = qMin(metrics, countUpTo);
        sensor.eventsCapped = events > countUpTo;
        sensor.metricsCapped = metrics > countUpTo;
        return sensor;
    };
}

Status checkCountCap(qint64 countUpTo)
{
    if (countUpTo < 1)
        return StorageError::invalidArgument(
            u"A sensor's rows are counted up to at least 1, not %1."_s.arg(countUpTo));
    return success();
}

ProcessedEventRow readEvent(const QSqlQuery &q)
{
    ProcessedEventRow row;
    row.eventId = q.value(0).toString();
    row.sensorId = q.value(1).toString();
    row.processedAt = timestampValue(q.value(2));
    row.orderKey = q.value(3).toString();
    row.kafkaPartition = q.value(4).isNull() ? QVariant() : QVariant(q.value(4).toLongLong());
    row.kafkaOffset = q.value(5).isNull() ? QVariant() : QVariant(q.value(5).toLongLong());
    row.hasMetric = q.value(6).toBool();
    return row;
}

SensorMetricRow readMetric(const QSqlQuery &q)
{
    SensorMetricRow row;
    row.id = q.value(0).toLongLong();
    row.sensorId = q.value(1).toString();
    row.eventId = q.value(2).toString();
    row.timestamp = timestampValue(q.value(3));
    row.value = q.value(4).toDouble();
    row.createdAt = timestampValue(q.value(5));
    row.processedAt = timestampValue(q.value(6));
    row.hasEvent = q.value(7).toBool();
    row.copies = q.value(8).toLongLong();
    row.previousTimestamp = timestampValue(q.value(9));
    row.goesBackwards = q.value(10).toInt() == 1;
    return row;
}

// An export column and the SQL that reads it in its written form.
struct ExportExpression
{
    ExportColumn column;
    std::function<QString(SqlEngine)> sql;
};

ExportExpression exported(const QString &name, const char *title, ExportKind kind,
                          std::function<QString(SqlEngine)> sql)
{
    return {{name, QString::fromLatin1(title), kind}, std::move(sql)};
}

ExportExpression plain(const QString &name, const char *title, ExportKind kind,
                       const QString &column)
{
    return exported(name, title, kind, [column, kind](SqlEngine engine) {
        switch (kind) {
        case ExportKind::Time:
            return exportTimeSql(engine, column);
        case ExportKind::Text:
            return exportTextSql(engine, column);
        default:
            return column;
        }
    });
}

// A listing of the pane, written in its order.
class SensorListingExport final : public ExportSource
{
public:
    SensorListingExport(QString table, QString from, QList<ExportExpression> columns,
                        std::function<WhereClause(SqlEngine)> where,
                        std::function<QString(SqlEngine)> orderBy,
                        std::function<Result<RowCount>(const QSqlDatabase &, qint64)> count)
        : m_table(std::move(table))
        , m_from(std::move(from))
        , m_columns(std::move(columns))
        , m_where(std::move(where))
        , m_orderBy(std::move(orderBy))
        , m_count(std::move(count))
    {}

    QString table() const override { return m_table; }

    QList<ExportColumn> columns() const override
    {
        QList<ExportColumn> list;
        for (const ExportExpression &c : m_columns)
            list.append(c.column);
        return list;
    }

    Result<ExportQuery> query(const QSqlDatabase &db, const QStringList &names) const override
    {
        const SqlEngine engine = engineOf(db);
        ExportQuery out;
        QStringList select;
        const QStringList wanted = names.isEmpty() ? columnNames() : names;
        for (const QString &name : wanted) {
            const auto found =
                std::find_if(m_columns.cbegin(), m_columns.cend(),
                             [&](const ExportExpression &c) { return c.column.name == name; });
            if (found == m_columns.cend())
                return StorageError::invalidArgument(
                    u"%1 has no column \"%2\". Its columns: %3."_s.arg(
                        m_table, name, columnNames().join(u", "_s)));
            out.columns.append(found->column);
            select.append(found->sql(engine));
        }
        const WhereClause where = m_where(engine);
        out.sql = u"SELECT %1 FROM %2%3 ORDER BY %4"_s.arg(select.join(u", "_s), m_from, where.sql,
                                                           m_orderBy(engine));
        out.params = where.params;
        return out;
    }

    Result<RowCount> count(const QSqlDatabase &db, qint64 exactUpTo) const override
    {
        return m_count(db, exactUpTo);
    }

private:
    QStringList columnNames() const
    {
        QStringList names;
        for (const ExportExpression &c : m_columns)
            names << c.column.name;
        return names;
    }

    QString m_table;
    QString m_from;
    QList<ExportExpression> m_columns;
    std::function<WhereClause(SqlEngine)> m_where;
    std::function<QString(SqlEngine)> m_orderBy;
    std::function<Result<RowCount>(const QSqlDatabase &, qint64)> m_count;
};

} // namespace

SensorEventsRepository::SensorEventsRepository(QSqlDatabase db)
    : m_engine(engineOf(db))
    , m_db(std::move(db))
{}

PageKey SensorEventsRepository::keyOf(const SensorSummary &sensor)
{
    return {sensor.sensorId, sensor.sensorId};
}

PageKey SensorEventsRepository::keyOf(const ProcessedEventRow &event)
{
    return {event.orderKey, event.eventId};
}

PageKey SensorEventsRepository::keyOf(const SensorMetricRow &metric)
{
    return {metric.id, QString::number(metric.id)};
}

Result<Page<SensorSummary>> SensorEventsRepository::sensors(const PageRequest &request,
                                                            qint64 countUpTo) const
{
    if (auto checked = checkCountCap(countUpTo); !checked)
        return checked.error();
    return runPage<SensorSummary>(m_db, pageQuery(sensorsListing(countUpTo), request), request,
                                  u"Listing the sensors"_s, sensorReader(countUpTo));
}

Result<Page<SensorSummary>> SensorEventsRepository::sensorsInRange(const KeyRange &range, int limit,
                                                                   qint64 countUpTo) const
{
    if (auto checked = checkCountCap(countUpTo); !checked)
        return checked.error();
    const PageRequest request = rangeRequest(limit);
    return runPage<SensorSummary>(m_db, rangeQuery(sensorsListing(countUpTo), range, request),
                                  request, u"Listing the sensors"_s, sensorReader(countUpTo));
}

Result<RowCount> SensorEventsRepository::sensorCount() const
{
    auto query = execQuery(m_db, sensorIdsSql() + u"SELECT count(*) FROM sensors"_s, {},
                           u"Counting the sensors"_s);
    if (!query)
        return query.error();
    query->next();
    return RowCount{query->value(0).toLongLong(), RowCount::Precision::Exact};
}

Result<Page<ProcessedEventRow>> SensorEventsRepository::events(const SensorEventFilter &filter,
                                                               const PageRequest &request) const
{
    return runPage<ProcessedEventRow>(m_db, pageQuery(eventsListing(m_engine, filter), request),
                                      request, u"Listing processed events"_s, readEvent);
}

Result<Page<ProcessedEventRow>>
SensorEventsRepository::eventsInRange(const SensorEventFilter &filter, const KeyRange &range,
                                      int limit) const
{
    const PageRequest request = rangeRequest(limit);
    return runPage<ProcessedEventRow>(m_db,
                                      rangeQuery(eventsListing(m_engine, filter), range, request),
                                      request, u"Listing processed events"_s, readEvent);
}

Result<RowCount> SensorEventsRepository::eventCount(const SensorEventFilter &filter,
                                                    qint64 exactUpTo) const
{
    return boundedCount(m_db, u"FROM "_s + eventsFrom, eventsWhere(m_engine, filter), exactUpTo,
                        u"Counting processed events"_s);
}

Result<Page<SensorMetricRow>> SensorEventsRepository::metrics(const SensorEventFilter &filter,
                                                              const PageRequest &request) const
{
    return runPage<SensorMetricRow>(m_db, pageQuery(metricsListing(m_engine, filter), request),
                                    request, u"Listing sensor metrics"_s, readMetric);
}

Result<Page<SensorMetricRow>>
SensorEventsRepository::metricsInRange(const SensorEventFilter &filter, const KeyRange &range,
                                       int limit) const
{
    const PageRequest request = rangeRequest(limit);
    return runPage<SensorMetricRow>(m_db,
                                    rangeQuery(metricsListing(m_engine, filter), range, request),
                                    request, u"Listing sensor metrics"_s, readMetric);
}

Result<RowCount> SensorEventsRepository::metricCount(const SensorEventFilter &filter,
                                                     qint64 exactUpTo) const
{
    return boundedCount(m_db, u"FROM "_s + metricsFrom, metricsWhere(m_engine, filter), exactUpTo,
                        u"Counting sensor metrics"_s);
}

std::shared_ptr<const ExportSource> processedEventsExport(const SensorEventFilter &filter)
{
    const QList<ExportExpression> columns{
        plain(u"event_id"_s, QT_TRANSLATE_NOOP("ExportColumn", "Event id"), ExportKind::Text,
              u"p.event_id"_s),
        plain(u"sensor_id"_s, QT_TRANSLATE_NOOP("ExportColumn", "Sensor"), ExportKind::Text,
              u"p.sensor_id"_s),
        plain(u"processed_at"_s, QT_TRANSLATE_NOOP("ExportColumn", "Processed"), ExportKind::Time,
              u"p.processed_at"_s),
        plain(u"kafka_partition"_s, QT_TRANSLATE_NOOP("ExportColumn", "Partition"),
              ExportKind::Integer, u"p.kafka_partition"_s),
        plain(u"kafka_offset"_s, QT_TRANSLATE_NOOP("ExportColumn", "Offset"), ExportKind::Integer,
              u"p.kafka_offset"_s),
        exported(u"findings"_s, QT_TRANSLATE_NOOP("ExportColumn", "Findings"), ExportKind::Text,
                 [](SqlEngine) {
                     return u"CASE WHEN %1 THEN '' ELSE 'no metric' END"_s.arg(hasMetricSql);
                 }),
    };
    return std::make_shared<SensorListingExport>(
        u"processed_events"_s, eventsFrom, columns,
        [filter](SqlEngine engine) { return eventsWhere(engine, filter); }, eventsOrder,
        [filter](const QSqlDatabase &db, qint64 exactUpTo) {
            return SensorEventsRepository(db).eventCount(filter, exactUpTo);
        });
}

std::shared_ptr<const ExportSource> sensorMetricsExport(const SensorEventFilter &filter)
{
    const QList<ExportExpression> columns{
        plain(u"id"_s, QT_TRANSLATE_NOOP("ExportColumn", "Id"), ExportKind::Integer, u"m.id"_s),
        plain(u"sensor_id"_s, QT_TRANSLATE_NOOP("ExportColumn", "Sensor"), ExportKind::Text,
              u"m.sensor_id"_s),
        plain(u"event_id"_s, QT_TRANSLATE_NOOP("ExportColumn", "Event id"), ExportKind::Text,
              u"m.event_id"_s),
        plain(u"timestamp"_s, QT_TRANSLATE_NOOP("ExportColumn", "Timestamp"), ExportKind::Time,
              u"m.timestamp"_s),
        plain(u"value"_s, QT_TRANSLATE_NOOP("ExportColumn", "Value"), ExportKind::Real,
              u"m.value"_s),
        plain(u"created_at"_s, QT_TRANSLATE_NOOP("ExportColumn", "Created"), ExportKind::Time,
              u"m.created_at"_s),
        plain(u"processed_at"_s, QT_TRANSLATE_NOOP("ExportColumn", "Processed"), ExportKind::Time,
              u"pe.processed_at"_s),
        exported(u"findings"_s, QT_TRANSLATE_NOOP("ExportColumn", "Findings"), ExportKind::Text,
                 [](SqlEngine engine) {
                     return u"rtrim(CASE WHEN pe.event_id IS NULL THEN 'no processed event; ' "
                            "ELSE '' END || CASE WHEN %1 > 1 THEN 'duplicate event_id; ' "
                            "ELSE '' END || CASE WHEN %2 = 1 THEN 'timestamp goes backwards' "
                            "ELSE '' END, '; ')"_s.arg(copiesSql, backwardsSql(engine));
                 }),
    };
    return std::make_shared<SensorListingExport>(
        u"metrics"_s, metricsFrom, columns,
        [filter](SqlEngine engine) { return metricsWhere(engine, filter); },
        [](SqlEngine) { return u"m.id"_s; },
        [filter](const QSqlDatabase &db, qint64 exactUpTo) {
            return SensorEventsRepository(db).metricCount(filter, exactUpTo);
        });
}

} // namespace porthole
