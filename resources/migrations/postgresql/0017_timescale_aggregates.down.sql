-- Chart buckets from TimescaleDB's continuous aggregates (undone)
--
-- With TimescaleDB: the policies go, compressed chunks are decompressed, the continuous
-- aggregates are dropped and the rollup triggers of migration 13 come back, with the rollups of
-- the values stored. Chunks the retention policy dropped stay dropped.
DO $$
BEGIN
    IF to_regclass('component_metric_minutes') IS NULL THEN
        RETURN;
    END IF;
    PERFORM remove_retention_policy(t, if_exists => TRUE),
            remove_compression_policy(t, if_exists => TRUE)
    FROM unnest(ARRAY['component_metrics', 'port_metrics']::regclass[]) AS t;
    PERFORM decompress_chunk(c, if_compressed => TRUE)
    FROM unnest(ARRAY['component_metrics', 'port_metrics']::regclass[]) AS t,
         show_chunks(t) AS c;
    ALTER TABLE component_metrics SET (timescaledb.compress = false);
    ALTER TABLE port_metrics SET (timescaledb.compress = false);

    DROP VIEW metric_rollup_rows;
    DROP MATERIALIZED VIEW component_metric_minutes;
    DROP MATERIALIZED VIEW component_metric_hours;
    DROP MATERIALIZED VIEW port_metric_minutes;
    DROP MATERIALIZED VIEW port_metric_hours;

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

    INSERT INTO metric_rollups
        (source, owner, name, width, bucket, value_sum, value_min, value_max, value_count)
    SELECT v.source, v.owner, v.name, w.width,
           floor(extract(epoch FROM v.timestamp) / w.width)::bigint * w.width AS bucket,
           sum(v.value), min(v.value), max(v.value), count(*)
    FROM metric_values v, metric_rollup_widths w
    WHERE v.source IN ('component', 'port') AND v.timestamp IS NOT NULL
      AND v.value IS NOT NULL
    GROUP BY v.source, v.owner, v.name, w.width, bucket;
END
$$;
DROP VIEW IF EXISTS metric_rollup_rows;
