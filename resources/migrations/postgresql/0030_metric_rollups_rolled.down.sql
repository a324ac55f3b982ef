-- Metric rollups: the pipeline's inserts fire nothing (undone: every insert rolls up again)
--
-- The rows at or after each table's boundary are added first, so the rollups hold every value
-- again, as migration 13's statement triggers keep them.

-- The pipeline's writers wait until the migration commits: none inserts between the catch-up
-- and the statement triggers.
LOCK TABLE component_metrics, port_metrics, metrics IN SHARE ROW EXCLUSIVE MODE;

INSERT INTO metric_rollups AS r
    (source, owner, name, width, bucket, value_sum, value_min, value_max, value_count)
SELECT v.source, v.owner, v.name, w.width,
       floor(extract(epoch FROM v.timestamp) / w.width)::bigint * w.width AS bucket,
       sum(v.value), min(v.value), max(v.value), count(*)
FROM metric_values v
JOIN metric_rollup_state s ON s.source = v.source AND v.timestamp >= to_timestamp(s.rolled_to),
     metric_rollup_widths w
WHERE v.value IS NOT NULL
GROUP BY v.source, v.owner, v.name, w.width, bucket
ON CONFLICT (source, owner, name, width, bucket) DO UPDATE SET
    value_sum = r.value_sum + EXCLUDED.value_sum,
    value_min = least(r.value_min, EXCLUDED.value_min),
    value_max = greatest(r.value_max, EXCLUDED.value_max),
    value_count = r.value_count + EXCLUDED.value_count;

DO $$
DECLARE
    t RECORD;
BEGIN
    FOR t IN SELECT v.tab FROM (VALUES ('component_metrics', 'component'),
                                       ('port_metrics', 'port'), ('metrics', 'sensor'))
                                   AS v (tab, source)
             JOIN metric_rollup_state s ON s.source = v.source LOOP
        EXECUTE format('DROP TRIGGER %I ON %I', t.tab || '_rollup_insert', t.tab);
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
                        FOR EACH STATEMENT EXECUTE FUNCTION metric_rollups_apply()',
                       t.tab || '_rollup_insert', t.tab);
    END LOOP;
END
$$;

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

DROP FUNCTION metric_rollups_add_late();
DROP SEQUENCE metric_rollup_boundary_component, metric_rollup_boundary_port,
    metric_rollup_boundary_sensor;
DROP TABLE metric_rollup_state;
