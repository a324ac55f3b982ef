-- Sensor readings with idempotent ingestion (seed 003)
--
-- The idempotent sensor-metrics consumer's tables, as seed 003 defines them.
CREATE TABLE processed_events (
    event_id VARCHAR(255) PRIMARY KEY,
    sensor_id VARCHAR(255) NOT NULL,
    processed_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    kafka_partition INTEGER,
    kafka_offset BIGINT
);

CREATE INDEX idx_processed_events_sensor_id ON processed_events(sensor_id);
CREATE INDEX idx_processed_events_processed_at ON processed_events(processed_at);

CREATE TABLE metrics (
    id BIGSERIAL PRIMARY KEY,
    sensor_id VARCHAR(255) NOT NULL,
    event_id VARCHAR(255) NOT NULL UNIQUE,
    timestamp TIMESTAMP WITH TIME ZONE NOT NULL,
    value DOUBLE PRECISION NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW()
);

CREATE INDEX idx_metrics_sensor_id ON metrics(sensor_id);
CREATE INDEX idx_metrics_timestamp ON metrics(timestamp);
CREATE INDEX idx_metrics_sensor_timestamp ON metrics(sensor_id, timestamp DESC);
