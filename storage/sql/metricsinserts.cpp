// MetricsRepository's inserts: metrics in multi-row INSERTs of rowsPerStatement rows.
#include "metricsrepository.h"
#include "sqlerror.h"
#include "sqlsupport.h"

#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

#include <cmath>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

QVariant nullText()
{
    return QVariant(QMetaType::fromType<QString>());
}

template <typename T>
QVariant optionalParam(const std::optional<T> &value)
{
    return value ? QVariant::fromValue(*value) : QVariant(QMetaType::fromType<T>());
}

StorageError rowError(const StorageError &error, const QString &kind, qsizetype row)
{
    return StorageError{error.kind,
                        u"%1 %2 of the batch: %3"_s.arg(kind).arg(row + 1).arg(error.message)};
}

Status checkFinite(double value, const QString &what)
{
    if (!std::isfinite(value))
        return StorageError::invalidArgument(
            u"The %1 is %2; only finite numbers can be stored."_s.arg(what).arg(value));
    return success();
}

// Multi-row INSERTs: `head` VALUES (?, ...), (?, ...) `tail`, prepared once for a full chunk
// of rowsPerStatement rows and once for the shorter last chunk.
class ChunkedInsert
{
public:
    ChunkedInsert(const QSqlDatabase &db, QString head, int columns, QString tail, QString what)
        : m_db(db)
        , m_head(std::move(head))
        , m_tail(std::move(tail))
        , m_what(std::move(what))
        , m_columns(columns)
    {}

    // Runs one chunk; `values` holds columns × rows parameters, rows <= rowsPerStatement.
    // The query stays readable (RETURNING) until the next call.
    Result<QSqlQuery *> run(const QVariantList &values)
    {
        const auto rows = static_cast<int>(values.size() / m_columns);
        // Only the last chunk of a call can be short: it gets a statement of its own.
        const bool full = rows == MetricsRepository::rowsPerStatement;
        std::optional<QSqlQuery> &query = full ? m_full : m_short;
        if (!full || !query) {
            query.emplace(m_db);
            query->setForwardOnly(true);
            if (!query->prepare(sql(rows)))
                return sqlError(query->lastError(), m_what);
        }
        for (qsizetype i = 0; i < values.size(); ++i)
            query->bindValue(static_cast<int>(i), values.at(i));
        if (!query->exec())
            return sqlError(query->lastError(), m_what);
        return &*query;
    }

private:
    QString sql(int rows) const
    {
        QString row = u"("_s;
        for (int c = 0; c < m_columns; ++c)
            row += c == 0 ? u"?"_s : u", ?"_s;
        row += u')';
        QString sql = m_head + u" VALUES "_s;
        sql.reserve(sql.size() + rows * (row.size() + 2) + m_tail.size() + 1);
        for (int r = 0; r < rows; ++r) {
            if (r > 0)
                sql += u", "_s;
            sql += row;
        }
        if (!m_tail.isEmpty())
            sql += u' ' + m_tail;
        return sql;
    }

    QSqlDatabase m_db;
    QString m_head;
    QString m_tail;
    QString m_what;
    int m_columns = 0;
    std::optional<QSqlQuery> m_full;
    std::optional<QSqlQuery> m_short;
};

// Feeds `rows` through `insert` in chunks; `append(row, values)` adds one row's parameters,
// `take(query)` reads what a chunk's statement returned.
template <typename Row, typename Append, typename Take = void (*)(QSqlQuery &)>
Status insertAll(
    ChunkedInsert &insert, const QList<Row> &rows, Append append, Take take = [](QSqlQuery &) {})
{
    QVariantList values;
    for (qsizetype start = 0; start < rows.size(); start += MetricsRepository::rowsPerStatement) {
        const qsizetype end =
            std::min<qsizetype>(rows.size(), start + MetricsRepository::rowsPerStatement);
        values.clear();
        for (qsizetype i = start; i < end; ++i)
            append(rows.at(i), values);
        auto ran = insert.run(values);
        if (!ran)
            return ran.error();
        take(**ran);
    }
    return success();
}

QDateTime timeOrNow(const QDateTime &time, const QDateTime &now)
{
    return time.isValid() ? time : now;
}

} // namespace

Status MetricsRepository::insertComponentMetrics(const QList<ComponentMetric> &rows)
{
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const ComponentMetric &row = rows.at(i);
        for (const Status &check :
             {checkName(row.componentName, u"component name"_s),
              checkName(row.metricName, u"metric name"_s),
              row.unit.isEmpty() ? success() : checkName(row.unit, u"metric unit"_s, 50),
              checkJson(row.metadata, u"metric metadata"_s, true),
              checkFinite(row.value, u"metric value"_s)}) {
            if (!check)
                return rowError(check.error(), u"Component metric"_s, i);
        }
    }
    if (rows.isEmpty())
        return success();

    // Declared before the transaction, so that it rolls back before the statements go:
    // PostgreSQL refuses to deallocate a prepared statement in a failed transaction.
    ChunkedInsert insert(m_db,
                         u"INSERT INTO component_metrics (id, component_name, metric_name, "
                         "metric_value, metric_unit, metric_metadata, timestamp)"_s,
                         7, QString(), u"Saving component metrics"_s);
    SqlTransaction transaction(m_db);
    if (Status begun = transaction.begin(); !begun)
        return begun;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    Status inserted =
        insertAll(insert, rows, [this, &now](const ComponentMetric &row, QVariantList &values) {
            values << newUuid() << row.componentName << row.metricName << row.value
                   << (row.unit.isEmpty() ? nullText() : QVariant(row.unit))
                   << (row.metadata.isEmpty() ? nullText() : jsonParam(row.metadata))
                   << timestampParam(timeOrNow(row.timestamp, now), m_engine);
        });
    if (!inserted)
        return inserted;
    return transaction.commit();
}

Status MetricsRepository::insertPortMetrics(const QList<PortMetric> &rows)
{
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const PortMetric &row = rows.at(i);
        for (const Status &check :
             {checkName(row.portName, u"port name"_s),
              checkFinite(row.avgSendDurationMs.value_or(0), u"average send duration"_s),
              checkFinite(row.avgReceiveDurationMs.value_or(0), u"average receive duration"_s),
              checkFinite(row.avgMessageAgeMs.value_or(0), u"average message age"_s),
              checkFinite(row.bufferUtilization.value_or(0), u"buffer utilization"_s)}) {
            if (!check)
                return rowError(check.error(), u"Port metric"_s, i);
        }
    }
    if (rows.isEmpty())
        return success();

    ChunkedInsert insert(m_db,
                         u"INSERT INTO port_metrics (id, port_name, messages_sent, "
                         "messages_received, avg_send_duration_ms, avg_receive_duration_ms, "
                         "avg_message_age_ms, buffer_utilization, timestamp)"_s,
                         9, QString(), u"Saving port metrics"_s);
    SqlTransaction transaction(m_db); // after the statements: see insertComponentMetrics()
    if (Status begun = transaction.begin(); !begun)
        return begun;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    Status inserted =
        insertAll(insert, rows, [this, &now](const PortMetric &row, QVariantList &values) {
            values << newUuid() << row.portName << row.messagesSent << row.messagesReceived
                   << optionalParam(row.avgSendDurationMs)
                   << optionalParam(row.avgReceiveDurationMs) << optionalParam(row.avgMessageAgeMs)
                   << optionalParam(row.bufferUtilization)
                   << timestampParam(timeOrNow(row.timestamp, now), m_engine);
        });
    if (!inserted)
        return inserted;
    return transaction.commit();
}

Result<SensorInsertOutcome>
MetricsRepository::insertSensorReadings(const QList<SensorReading> &rows)
{
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const SensorReading &row = rows.at(i);
        for (const Status &check :
             {checkName(row.eventId, u"event id"_s), checkName(row.sensorId, u"sensor id"_s),
              row.timestamp.isValid()
                  ? success()
                  : Status(StorageError::invalidArgument(u"The reading has no timestamp."_s)),
              checkFinite(row.value, u"reading's value"_s),
              row.storedAt.isValid() == rows.constFirst().storedAt.isValid()
                  ? success()
                  : Status(StorageError::invalidArgument(
                        u"Some readings have a storing time and some do not."_s))}) {
            if (!check)
                return rowError(check.error(), u"Sensor reading"_s, i);
        }
    }
    if (rows.isEmpty())
        return SensorInsertOutcome{};
    const bool storedAt = rows.constFirst().storedAt.isValid();

    // The idempotency guard first (seed 003): the event ids it takes are the new readings.
    ChunkedInsert guard(m_db,
                        u"INSERT INTO processed_events (event_id, sensor_id, kafka_partition, "
                        "kafka_offset)"_s,
                        4, u"ON CONFLICT (event_id) DO NOTHING RETURNING event_id"_s,
                        u"Recording sensor events"_s);
    ChunkedInsert insert(
        m_db,
        storedAt ? u"INSERT INTO metrics (sensor_id, event_id, timestamp, value, "
                   "created_at)"_s
                 : u"INSERT INTO metrics (sensor_id, event_id, timestamp, value)"_s,
        storedAt ? 5 : 4, u"ON CONFLICT (event_id) DO NOTHING"_s, u"Saving sensor readings"_s);
    SqlTransaction transaction(m_db); // after the statements: see insertComponentMetrics()
    if (Status begun = transaction.begin(); !begun)
        return begun.error();

    QSet<QString> fresh;
    const Status guarded = insertAll(
        guard, rows,
        [](const SensorReading &row, QVariantList &values) {
            values << row.eventId << row.sensorId << optionalParam(row.kafkaPartition)
                   << optionalParam(row.kafkaOffset);
        },
        [&fresh](QSqlQuery &query) {
            while (query.next())
                fresh.insert(query.value(0).toString());
        });
    if (!guarded)
        return guarded.error();

    // The first reading of each new event id; later ones with the same id are duplicates.
    QList<SensorReading> newReadings;
    newReadings.reserve(fresh.size());
    for (const SensorReading &row : rows) {
        if (fresh.remove(row.eventId))
            newReadings.append(row);
    }
    Status inserted =
        insertAll(insert, newReadings, [&](const SensorReading &row, QVariantList &values) {
            values << row.sensorId << row.eventId << timestampParam(row.timestamp, m_engine)
                   << row.value;
            if (storedAt)
                values << timestampParam(row.storedAt, m_engine);
        });
    if (!inserted)
        return inserted.error();
    if (Status committed = transaction.commit(); !committed)
        return committed.error();
    return SensorInsertOutcome{newReadings.size(), rows.size() - newReadings.size()};
}

} // namespace porthole
