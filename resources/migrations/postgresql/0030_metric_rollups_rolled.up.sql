-- Metric rollups: the pipeline's inserts fire nothing; Porthole rolls up what arrived
--
-- Migration 13's statement triggers rolled every inserted row up in the inserting statement:
-- a pipeline inserting a row a statement ran at a fifth of its speed. Now the rollups hold the
-- values of the rows whose time is before a boundary, one per metric table
-- (metric_rollup_state.rolled_to): Porthole's own process moves it forward a few minutes at a
-- time, adding the rows in between from the time index (rollMetricRollups(),
-- storage/sql/metricrollups.h), under a SHARE ROW EXCLUSIVE lock on the table that waits for
-- the writers under way and holds the next ones back for the few milliseconds it takes, and the
-- Metrics pane reads the rows after it raw. An insert whose time is before the boundary (a
-- value that arrives late) is added by a row trigger; every other insert costs only that
-- trigger's condition, which reads the boundary from a sequence (pg_sequence_last_value: no
-- table read, no snapshot; set with the boundary, never behind it). Deletes and updates take
-- out, and put in, only the values before the boundary.
--
-- A table whose rollups are TimescaleDB's continuous aggregates (migration 17) has no row
-- here: each of its rows is in them.

CREATE TABLE metric_rollup_state (
    source VARCHAR(16) PRIMARY KEY CHECK (source IN ('component', 'port', 'sensor')),
    rolled_to BIGINT NOT NULL -- seconds since the epoch, a whole minute
);

CREATE SEQUENCE metric_rollup_boundary_component MINVALUE 0;
CREATE SEQUENCE metric_rollup_boundary_port MINVALUE 0;
CREATE SEQUENCE metric_rollup_boundary_sensor MINVALUE 0;
-- The pipeline's role reads the boundary in the triggers' conditions.
GRANT SELECT ON SEQUENCE metric_rollup_boundary_component, metric_rollup_boundary_port,
    metric_rollup_boundary_sensor TO PUBLIC;

CREATE OR REPLACE FUNCTION metric_rollups_apply() RETURNS trigger AS $$
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
    -- The table's boundary (migration 30): only the rows before it are rolled up; none for a
    -- table Porthole does not roll up (each of its rows is).
    boundary TIMESTAMPTZ := coalesce(
        (SELECT to_timestamp(s.rolled_to) FROM metric_rollup_state s
         WHERE s.source = CASE TG_TABLE_NAME WHEN 'component_metrics' THEN 'component'
                                             WHEN 'port_metrics' THEN 'port'
                                             ELSE 'sensor' END),
        'infinity'::timestamptz);
    -- Their sum, minimum, maximum and count per rollup row.
    buckets TEXT := 'SELECT v.source, v.owner, v.name, w.width,
                            floor(extract(epoch FROM v.at) / w.width)::bigint * w.width AS bucket,
                            sum(v.value) AS s, min(v.value) AS mn, max(v.value) AS mx,
                            count(*) AS c
                     FROM (' || changed || ') v, metric_rollup_widths w
                     WHERE v.at IS NOT NULL AND v.value IS NOT NULL AND v.at < $1
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
                        AND m.timestamp < to_timestamp(r.bucket + r.width)
                        AND m.timestamp < $1), r.value_min) END,
                 value_max = CASE WHEN d.mx < r.value_max THEN r.value_max ELSE coalesce(
                     (SELECT max(m.value) FROM metric_values m
                      WHERE m.source = r.source AND m.owner = r.owner AND m.name = r.name
                        AND m.timestamp >= to_timestamp(r.bucket)
                        AND m.timestamp < to_timestamp(r.bucket + r.width)
                        AND m.timestamp < $1), r.value_max) END
             FROM d
             WHERE r.source = d.source AND r.owner = d.owner AND r.name = d.name
               AND r.width = d.width AND r.bucket = d.bucket AND r.value_count > d.c',
            'old_rows') USING boundary;
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
            'new_rows') USING boundary;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- TRUNCATE fires no row triggers: the table's rollups go with it.

-- A row inserted before its table's boundary: its values added to the rollups. The condition
-- of its trigger read the boundary from the sequence, which the roller sets before it commits;
-- the state row is what counts.
CREATE FUNCTION metric_rollups_add_late() RETURNS trigger AS $$
DECLARE
    boundary BIGINT := (SELECT s.rolled_to FROM metric_rollup_state s
                        WHERE s.source = TG_ARGV[0]);
    row_owner TEXT;
    row_names TEXT[];
    row_values DOUBLE PRECISION[];
BEGIN
    IF boundary IS NULL OR NEW.timestamp IS NULL OR NEW.timestamp >= to_timestamp(boundary) THEN
        RETURN NULL;
    END IF;
    IF TG_TABLE_NAME = 'component_metrics' THEN
        row_owner := NEW.component_name;
        row_names := ARRAY[NEW.metric_name::text];
        row_values := ARRAY[NEW.metric_value::double precision];
    ELSIF TG_TABLE_NAME = 'port_metrics' THEN
        row_owner := NEW.port_name;
        row_names := ARRAY['messages_sent', 'messages_received', 'avg_send_duration_ms',
                       'avg_receive_duration_ms', 'avg_message_age_ms', 'buffer_utilization'];
        row_values := ARRAY[NEW.messages_sent::double precision,
                      NEW.messages_received::double precision,
                      NEW.avg_send_duration_ms::double precision,
                      NEW.avg_receive_duration_ms::double precision,
                      NEW.avg_message_age_ms::double precision,
                      NEW.buffer_utilization::double precision];
    ELSE
        row_owner := NEW.sensor_id;
        row_names := ARRAY[''];
        row_values := ARRAY[NEW.value::double precision];
    END IF;
    INSERT INTO metric_rollups AS r
        (source, owner, name, width, bucket, value_sum, value_min, value_max, value_count)
    SELECT TG_ARGV[0], row_owner, v.name, w.width,
           floor(extract(epoch FROM NEW.timestamp) / w.width)::bigint * w.width,
           v.value, v.value, v.value, 1
    FROM unnest(row_names, row_values) AS v (name, value), metric_rollup_widths w
    WHERE v.value IS NOT NULL
    ON CONFLICT (source, owner, name, width, bucket) DO UPDATE SET
        value_sum = r.value_sum + EXCLUDED.value_sum,
        value_min = least(r.value_min, EXCLUDED.value_min),
        value_max = greatest(r.value_max, EXCLUDED.value_max),
        value_count = r.value_count + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- Each table whose statement trigger rolled up its inserts: the first boundary is the hour
-- begun (its rollups from then on dropped), the insert trigger one for the rows before it.
-- A writer under way in REPEATABLE READ or SERIALIZABLE reads the boundary of its snapshot:
-- a row it inserts or deletes while a roller moves the boundary past it may be missed (as with
-- the ledger's kept counts); the pipelines Porthole serves write in READ COMMITTED.
DO $$
DECLARE
    t RECORD;
    first_boundary BIGINT := floor(extract(epoch FROM now()) / 3600)::bigint * 3600;
BEGIN
    FOR t IN SELECT * FROM (VALUES ('component_metrics', 'component'), ('port_metrics', 'port'),
                                   ('metrics', 'sensor')) AS v (tab, source)
             WHERE EXISTS (SELECT 1 FROM pg_trigger g
                           WHERE g.tgrelid = to_regclass(v.tab)
                             AND g.tgname = v.tab || '_rollup_insert') LOOP
        -- The pipeline's writers to the table wait until the migration commits: none inserts
        -- between the rollups' cut and the new trigger.
        EXECUTE format('LOCK TABLE %I IN SHARE ROW EXCLUSIVE MODE', t.tab);
        INSERT INTO metric_rollup_state (source, rolled_to) VALUES (t.source, first_boundary);
        PERFORM setval('metric_rollup_boundary_' || t.source, first_boundary);
        DELETE FROM metric_rollups WHERE source = t.source AND bucket >= first_boundary;
        EXECUTE format('DROP TRIGGER %I ON %I', t.tab || '_rollup_insert', t.tab);
        EXECUTE format(
            'CREATE TRIGGER %I AFTER INSERT ON %I FOR EACH ROW
             WHEN (NEW.timestamp < to_timestamp(pg_sequence_last_value(%L::regclass)))
             EXECUTE FUNCTION metric_rollups_add_late(%L)',
            t.tab || '_rollup_insert', t.tab, 'metric_rollup_boundary_' || t.source, t.source);
    END LOOP;
END
$$;
