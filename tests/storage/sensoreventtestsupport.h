#pragma once

#include "connectionfactory.h"
#include "sqlsupport.h"
#include "testservers.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

#include <memory>

namespace porthole::test {

// Seed 003's two tables exactly as its document creates them on PostgreSQL; on SQLite the same
// columns and indexes in SQLite's terms, with the CURRENT_TIMESTAMP default a pipeline's own
// SQLite schema has ('YYYY-MM-DD HH:MM:SS'). `uniqueEventId` false leaves out metrics' UNIQUE
// (event_id), as the seed's partitioned variant does (UNIQUE (event_id, timestamp)), so that a
// duplicate event id can be stored.
inline QStringList seedSensorDdl(SqlEngine engine, bool uniqueEventId = true)
{
    const QString unique = uniqueEventId ? QStringLiteral(" UNIQUE") : QString();
    if (engine == SqlEngine::PostgreSQL)
        return {
            QStringLiteral("CREATE TABLE processed_events (\n"
                           "    event_id VARCHAR(255) PRIMARY KEY,\n"
                           "    sensor_id VARCHAR(255) NOT NULL,\n"
                           "    processed_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),\n"
                           "    kafka_partition INTEGER,\n"
                           "    kafka_offset BIGINT\n"
                           ")"),
            QStringLiteral(
                "CREATE INDEX idx_processed_events_sensor_id ON processed_events(sensor_id)"),
            QStringLiteral(
                "CREATE INDEX idx_processed_events_processed_at ON processed_events(processed_at)"),
            QStringLiteral("CREATE TABLE metrics (\n"
                           "    id BIGSERIAL PRIMARY KEY,\n"
                           "    sensor_id VARCHAR(255) NOT NULL,\n"
                           "    event_id VARCHAR(255) NOT NULL%1,\n"
                           "    timestamp TIMESTAMP WITH TIME ZONE NOT NULL,\n"
                           "    value DOUBLE PRECISION NOT NULL,\n"
                           "    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW()\n"
                           ")")
                .arg(unique),
            QStringLiteral("CREATE INDEX idx_metrics_sensor_id ON metrics(sensor_id)"),
            QStringLiteral("CREATE INDEX idx_metrics_timestamp ON metrics(timestamp)"),
            QStringLiteral("CREATE INDEX idx_metrics_sensor_timestamp ON metrics(sensor_id, "
                           "timestamp DESC)"),
        };
    return {
        QStringLiteral("CREATE TABLE processed_events (event_id TEXT PRIMARY KEY, sensor_id TEXT "
                       "NOT NULL, processed_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, "
                       "kafka_partition INTEGER, kafka_offset INTEGER)"),
        QStringLiteral(
            "CREATE INDEX idx_processed_events_sensor_id ON processed_events(sensor_id)"),
        QStringLiteral(
            "CREATE INDEX idx_processed_events_processed_at ON processed_events(processed_at)"),
        QStringLiteral("CREATE TABLE metrics (id INTEGER PRIMARY KEY AUTOINCREMENT, sensor_id TEXT "
                       "NOT NULL, event_id TEXT NOT NULL%1, timestamp TIMESTAMP NOT NULL, value "
                       "REAL NOT NULL, created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP)")
            .arg(unique),
        QStringLiteral("CREATE INDEX idx_metrics_sensor_id ON metrics(sensor_id)"),
        QStringLiteral("CREATE INDEX idx_metrics_timestamp ON metrics(timestamp)"),
        QStringLiteral(
            "CREATE INDEX idx_metrics_sensor_timestamp ON metrics(sensor_id, timestamp DESC)"),
    };
}

// A scratch database holding only seed 003's tables, as a pipeline made them.
struct SeedSensorDatabase
{
    std::unique_ptr<ScratchDatabase> scratch;
    std::unique_ptr<ConnectionFactory> factory;
    QSqlDatabase db;
    QString error;

    SeedSensorDatabase(ScratchDatabase::Engine engine, bool uniqueEventId = true)
    {
        scratch = ScratchDatabase::create(engine, &error);
        if (!scratch)
            return;
        factory = std::make_unique<ConnectionFactory>(scratch->url());
        auto opened = factory->open(QStringLiteral("test"));
        if (!opened) {
            error = opened.errorMessage();
            return;
        }
        db = *opened;
        QStringList statements = seedSensorDdl(engineOf(db), uniqueEventId);
        // The partitioned variant's UNIQUE (event_id, timestamp) leaves an index on event_id.
        if (!uniqueEventId)
            statements << QStringLiteral(
                "CREATE INDEX idx_metrics_event_id ON metrics(event_id, timestamp)");
        for (const QString &statement : std::as_const(statements)) {
            QSqlQuery query(db);
            if (!query.exec(statement)) {
                error = query.lastError().text();
                return;
            }
        }
    }
    ~SeedSensorDatabase()
    {
        db = QSqlDatabase();
        if (factory)
            factory->close(QStringLiteral("test"));
    }
    bool ok() const { return error.isEmpty(); }
};

// The consumer's statements, as seed 003 writes them (ON CONFLICT (event_id) DO NOTHING), with
// processed_at given when `processedAt` is not empty (else the table's default).
inline QString recordEvent(const QSqlDatabase &db, const QString &eventId, const QString &sensorId,
                           const QString &processedAt = {}, int partition = 0, qint64 offset = 0)
{
    QSqlQuery query(db);
    const bool at = !processedAt.isEmpty();
    query.prepare(
        at ? QStringLiteral("INSERT INTO processed_events (event_id, sensor_id, kafka_partition, "
                            "kafka_offset, processed_at) VALUES (?, ?, ?, ?, ?) "
                            "ON CONFLICT (event_id) DO NOTHING")
           : QStringLiteral("INSERT INTO processed_events (event_id, sensor_id, kafka_partition, "
                            "kafka_offset) VALUES (?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING"));
    query.addBindValue(eventId);
    query.addBindValue(sensorId);
    query.addBindValue(partition);
    query.addBindValue(offset);
    if (at)
        query.addBindValue(processedAt);
    return query.exec() ? QString() : query.lastError().text();
}

// Without ON CONFLICT when not `seedConflict` (a table without the UNIQUE constraint has no
// conflict to name, and keeps both rows).
inline QString recordMetric(const QSqlDatabase &db, const QString &eventId, const QString &sensorId,
                            const QString &timestamp, double value, bool seedConflict = true)
{
    QSqlQuery query(db);
    query.prepare(
        QStringLiteral("INSERT INTO metrics (sensor_id, event_id, timestamp, value) "
                       "VALUES (?, ?, ?, ?)") +
        (seedConflict ? QStringLiteral(" ON CONFLICT (event_id) DO NOTHING") : QString()));
    query.addBindValue(sensorId);
    query.addBindValue(eventId);
    query.addBindValue(timestamp);
    query.addBindValue(value);
    return query.exec() ? QString() : query.lastError().text();
}

} // namespace porthole::test
