-- Metric rollups: sum, minimum, maximum and count per series and minute, and per hour
--
-- The Metrics pane draws long ranges in buckets of a minute or more. Reading every raw value
-- for them costs seconds on millions of values; these rollups hold what each bucket needs,
-- so a bucket of N minutes reads N rows (or N/60 hour rows) instead of every value in it.
--
-- Triggers on the three metric tables keep the rollups exact under every write: an insert
-- adds its values, a delete takes them out (the minimum and maximum of a bucket are read again
-- from the remaining values when a value that left was one of them), an update does both; a
-- TRUNCATE empties the table's rollups. Buckets start at multiples of their width since the
-- Unix epoch, as the pane's buckets do.
--
-- A series is (source, owner, name): 'component' (component_name, metric_name), 'port'
-- (port_name, one of its six counters) or 'sensor' (sensor_id, '').

CREATE TABLE metric_rollup_widths (
    width INTEGER PRIMARY KEY CHECK (width > 0)
);

INSERT INTO metric_rollup_widths (width) VALUES (60), (3600);

CREATE TABLE metric_rollups (
    source VARCHAR(16) NOT NULL CHECK (source IN ('component', 'port', 'sensor')),
    owner VARCHAR(255) NOT NULL,
    name VARCHAR(255) NOT NULL,
    width INTEGER NOT NULL,
    bucket BIGINT NOT NULL, -- seconds since the epoch at the bucket's start
    value_sum DOUBLE PRECISION NOT NULL,
    value_min DOUBLE PRECISION NOT NULL,
    value_max DOUBLE PRECISION NOT NULL,
    value_count BIGINT NOT NULL CHECK (value_count > 0),
    PRIMARY KEY (source, owner, name, width, bucket)
);

-- Every value of every series, for the rollups' triggers and their first fill.
CREATE VIEW metric_values (source, owner, name, timestamp, value) AS
    SELECT 'component'::text, component_name::text, metric_name::text, timestamp, metric_value
    FROM component_metrics
    UNION ALL
    SELECT 'port'::text, port_name::text, c.name::text, timestamp, c.value
    FROM port_metrics,
         LATERAL (VALUES ('messages_sent', messages_sent::double precision),
                         ('messages_received', messages_received::double precision),
                         ('avg_send_duration_ms', avg_send_duration_ms),
                         ('avg_receive_duration_ms', avg_receive_duration_ms),
                         ('avg_message_age_ms', avg_message_age_ms),
                         ('buffer_utilization', buffer_utilization)) AS c (name, value)
    WHERE c.value IS NOT NULL
    UNION ALL
    SELECT 'sensor'::text, sensor_id::text, ''::text, timestamp, value FROM metrics;

-- The rollups follow each statement's rows at once (statement triggers with transition tables):
-- a bulk insert updates each bucket it touches once, not once a row.
CREATE FUNCTION metric_rollups_apply() RETURNS trigger AS $$
DECLARE
    -- The changed rows' values, as metric_values has them; %I is the transition table.
    changed TEXT := CASE TG_TABLE_NAME
        WHEN 'component_metrics' THEN
            'SELECT ''component''::text AS source, component_name::text AS owner,
                    metric_name::text AS name, timestamp AS at, metric_value AS value FROM %I'
        WHEN 'port_metrics' THEN
            'SELECT ''port''::text AS source, port_name::text AS owner, c.name::text AS name,
                    timestamp AS at, c.value
             FROM %I, LATERAL (VALUES
                 (''messages_sent'', messages_sent::double precision),
                 (''messages_received'', messages_received::double precision),
                 (''avg_send_duration_ms'', avg_send_duration_ms),
                 (''avg_receive_duration_ms'', avg_receive_duration_ms),
                 (''avg_message_age_ms'', avg_message_age_ms),
                 (''buffer_utilization'', buffer_utilization)) AS c (name, value)'
        WHEN 'metrics' THEN
            'SELECT ''sensor''::text AS source, sensor_id::text AS owner, ''''::text AS name,
                    timestamp AS at, value FROM %I'
        END;
    -- Their sum, minimum, maximum and count per rollup row.
    buckets TEXT := 'SELECT v.source, v.owner, v.name, w.width,
                            floor(extract(epoch FROM v.at) / w.width)::bigint * w.width AS bucket,
                            sum(v.value) AS s, min(v.value) AS mn, max(v.value) AS mx,
                            count(*) AS c
                     FROM (' || changed || ') v, metric_rollup_widths w
                     WHERE v.at IS NOT NULL AND v.value IS NOT NULL
                     GROUP BY v.source, v.owner, v.name, w.width, bucket';
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        -- Rows whose every value left go; the others lose the values, and read their minimum
        -- and maximum again when a value that left was one of them.
        EXECUTE format(
            'WITH d AS (' || buckets || '),
             gone AS (
                 DELETE FROM metric_rollups r USING d
                 WHERE r.source = d.source AND r.owner = d.owner AND r.name = d.name
                   AND r.width = d.width AND r.bucket = d.bucket AND r.value_count <= d.c)
             UPDATE metric_rollups r
             SET value_sum = r.value_sum - d.s,
                 value_count = r.value_count - d.c,
                 value_min = CASE WHEN d.mn > r.value_min THEN r.value_min ELSE coalesce(
                     (SELECT min(m.value) FROM metric_values m
                      WHERE m.source = r.source AND m.owner = r.owner AND m.name = r.name
                        AND m.timestamp >= to_timestamp(r.bucket)
                        AND m.timestamp < to_timestamp(r.bucket + r.width)), r.value_min) END,
                 value_max = CASE WHEN d.mx < r.value_max THEN r.value_max ELSE coalesce(
                     (SELECT max(m.value) FROM metric_values m
                      WHERE m.source = r.source AND m.owner = r.owner AND m.name = r.name
                        AND m.timestamp >= to_timestamp(r.bucket)
                        AND m.timestamp < to_timestamp(r.bucket + r.width)), r.value_max) END
             FROM d
             WHERE r.source = d.source AND r.owner = d.owner AND r.name = d.name
               AND r.width = d.width AND r.bucket = d.bucket AND r.value_count > d.c',
            'old_rows');
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        EXECUTE format(
            'INSERT INTO metric_rollups AS r
                 (source, owner, name, width, bucket, value_sum, value_min, value_max, value_count)
             SELECT source, owner, name, width, bucket, s, mn, mx, c FROM (' || buckets || ') a
             ON CONFLICT (source, owner, name, width, bucket) DO UPDATE SET
                 value_sum = r.value_sum + EXCLUDED.value_sum,
                 value_min = least(r.value_min, EXCLUDED.value_min),
                 value_max = greatest(r.value_max, EXCLUDED.value_max),
                 value_count = r.value_count + EXCLUDED.value_count',
            'new_rows');
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- TRUNCATE fires no row triggers: the table's rollups go with it.
CREATE FUNCTION metric_rollups_truncate() RETURNS trigger AS $$
BEGIN
    DELETE FROM metric_rollups WHERE source = TG_ARGV[0];
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- A hypertable takes triggers with transition tables from TimescaleDB 2.18 on. Older versions
-- would refuse every insert into it, so the migration stops here instead.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb'
               AND string_to_array(split_part(extversion, '-', 1), '.')::int[] < ARRAY[2, 18]) THEN
        RAISE EXCEPTION 'The metric rollups need TimescaleDB 2.18 or newer (triggers with '
                        'transition tables on hypertables); this server has %. Update the '
                        'extension (ALTER EXTENSION timescaledb UPDATE) and migrate again.',
            (SELECT extversion FROM pg_extension WHERE extname = 'timescaledb');
    END IF;
END
$$;

CREATE TRIGGER component_metrics_rollup_insert AFTER INSERT ON component_metrics
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION metric_rollups_apply();
CREATE TRIGGER component_metrics_rollup_update AFTER UPDATE ON component_metrics
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION metric_rollups_apply();
CREATE TRIGGER component_metrics_rollup_delete AFTER DELETE ON component_metrics
REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION metric_rollups_apply();
CREATE TRIGGER component_metrics_rollup_truncate AFTER TRUNCATE ON component_metrics
FOR EACH STATEMENT EXECUTE FUNCTION metric_rollups_truncate('component');

CREATE TRIGGER port_metrics_rollup_insert AFTER INSERT ON port_metrics
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION metric_rollups_apply();
CREATE TRIGGER port_metrics_rollup_update AFTER UPDATE ON port_metrics
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION metric_rollups_apply();
CREATE TRIGGER port_metrics_rollup_delete AFTER DELETE ON port_metrics
REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION metric_rollups_apply();
CREATE TRIGGER port_metrics_rollup_truncate AFTER TRUNCATE ON port_metrics
FOR EACH STATEMENT EXECUTE FUNCTION metric_rollups_truncate('port');

CREATE TRIGGER metrics_rollup_insert AFTER INSERT ON metrics
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION metric_rollups_apply();
CREATE TRIGGER metrics_rollup_update AFTER UPDATE ON metrics
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION metric_rollups_apply();
CREATE TRIGGER metrics_rollup_delete AFTER DELETE ON metrics
REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION metric_rollups_apply();
CREATE TRIGGER metrics_rollup_truncate AFTER TRUNCATE ON metrics
FOR EACH STATEMENT EXECUTE FUNCTION metric_rollups_truncate('sensor');

-- The values already stored.
INSERT INTO metric_rollups
    (source, owner, name, width, bucket, value_sum, value_min, value_max, value_count)
SELECT v.source, v.owner, v.name, w.width,
       floor(extract(epoch FROM v.timestamp) / w.width)::bigint * w.width AS bucket,
       sum(v.value), min(v.value), max(v.value), count(*)
FROM metric_values v, metric_rollup_widths w
WHERE v.timestamp IS NOT NULL AND v.value IS NOT NULL
GROUP BY v.source, v.owner, v.name, w.width, bucket;
