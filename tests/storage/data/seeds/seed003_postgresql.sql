-- seeds/003_33e2b828c7e6629b.txt: the tables processed_events and metrics, verbatim (the code blocks of lines 1 to 82).

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
