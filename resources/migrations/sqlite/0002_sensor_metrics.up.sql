-- Sensor readings with idempotent ingestion (seed 003)
--
-- The idempotent sensor-metrics consumer's tables (seed 003) in SQLite's terms.
CREATE TABLE processed_events (
    event_id TEXT PRIMARY KEY NOT NULL CHECK (length(event_id) <= 255),
    sensor_id TEXT NOT NULL CHECK (length(sensor_id) <= 255),
    processed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')),
    kafka_partition INTEGER,
    kafka_offset INTEGER
);

CREATE INDEX idx_processed_events_sensor_id ON processed_events(sensor_id);
CREATE INDEX idx_processed_events_processed_at ON processed_events(processed_at);

CREATE TABLE metrics (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sensor_id TEXT NOT NULL CHECK (length(sensor_id) <= 255),
    event_id TEXT NOT NULL UNIQUE CHECK (length(event_id) <= 255),
    timestamp TEXT NOT NULL,
    value REAL NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now'))
);

CREATE INDEX idx_metrics_sensor_id ON metrics(sensor_id);
CREATE INDEX idx_metrics_timestamp ON metrics(timestamp);
CREATE INDEX idx_metrics_sensor_timestamp ON metrics(sensor_id, timestamp DESC);
