-- seeds/002_cc1f55677040c9e3.txt: the TimescaleDB DDL, verbatim (the SQL code blocks of lines
-- 106 to 186 and 520 to 525: hypertable, continuous aggregate and its refresh policy, compression
-- and its policy, retention policy, time-series indexes).

-- Create regular table
CREATE TABLE sensor_data (
    time TIMESTAMPTZ NOT NULL,
    sensor_id INTEGER,
    temperature DOUBLE PRECISION,
    humidity DOUBLE PRECISION
);

-- Convert to hypertable
SELECT create_hypertable('sensor_data', 'time');

CREATE MATERIALIZED VIEW sensor_data_hourly
WITH (timescaledb.continuous) AS
SELECT 
    time_bucket('1 hour', time) AS bucket,
    sensor_id,
    AVG(temperature) AS avg_temp,
    MAX(temperature) AS max_temp,
    MIN(temperature) AS min_temp
FROM sensor_data
GROUP BY bucket, sensor_id;

-- Add refresh policy
SELECT add_continuous_aggregate_policy('sensor_data_hourly',
    start_offset => INTERVAL '3 hours',
    end_offset => INTERVAL '1 hour',
    schedule_interval => INTERVAL '1 hour');

-- Enable compression
ALTER TABLE sensor_data SET (
    timescaledb.compress,
    timescaledb.compress_segmentby = 'sensor_id'
);

-- Add compression policy (compress data older than 7 days)
SELECT add_compression_policy('sensor_data', INTERVAL '7 days');

-- Drop chunks older than 2 years
SELECT add_retention_policy('sensor_data', INTERVAL '2 years');

-- Time-based index (automatically created for hypertables)
CREATE INDEX idx_sensor_data_time ON sensor_data (time DESC);

-- Composite index
CREATE INDEX idx_sensor_data_time_sensor ON sensor_data (time DESC, sensor_id);
