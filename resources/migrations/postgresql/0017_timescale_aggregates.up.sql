-- Chart buckets from TimescaleDB's continuous aggregates; compression and retention policies
--
-- The Metrics pane reads buckets of whole minutes and hours through the view
-- metric_rollup_rows: one row per series, width (60 or 3600 seconds) and bucket, with the sum,
-- minimum, maximum and count of its values, and the bucket's start as a time (bucket_start)
-- beside its seconds since the epoch (bucket). On plain PostgreSQL the view is metric_rollups,
-- kept by triggers (migration 13).
--
-- Where migration 6 made component_metrics and port_metrics hypertables, TimescaleDB keeps
-- their buckets instead (seed 002): continuous aggregates per minute and per hour, real-time
-- (materialized buckets plus the newest values, aggregated when read), refreshed every minute
-- and every hour for the last seven days. The rollup triggers on the two tables go. Chunks
-- older than seven days are compressed; chunks older than 30 days are dropped (seed 001's
-- retention of metrics), while the aggregates keep their buckets. The sensor table `metrics`
-- stays a plain table with its rollups kept by triggers.
--
-- Changes to values older than the refresh window (seven days) reach the aggregates only when
-- they are refreshed by hand: CALL refresh_continuous_aggregate('component_metric_minutes',
-- NULL, NULL). The policies can be changed with TimescaleDB's own functions
-- (remove_retention_policy, add_retention_policy, ...); this migration adds each only where
-- the table has none yet.

CREATE VIEW metric_rollup_rows AS
    SELECT source::text AS source, owner::text AS owner, name::text AS name, width, bucket,
           to_timestamp(bucket) AS bucket_start, value_sum, value_min, value_max, value_count
    FROM metric_rollups;

DO $$
DECLARE
    -- A bucket of one width as a row of metric_rollup_rows.
    component_rows TEXT := 'SELECT ''component''::text, component_name::text,
        metric_name::text, %1$s, CAST(extract(epoch FROM bucket_start) AS bigint),
        bucket_start, value_sum, value_min, value_max, value_count FROM %2$I';
    port_rows TEXT := 'SELECT ''port''::text, port_name::text, c.name::text, %1$s,
        CAST(extract(epoch FROM bucket_start) AS bigint), bucket_start, c.s, c.lo, c.hi, c.n
        FROM %2$I, LATERAL (VALUES
            (''messages_sent'', sent_sum, sent_min, sent_max, sent_count),
            (''messages_received'', received_sum, received_min, received_max, received_count),
            (''avg_send_duration_ms'', send_sum, send_min, send_max, send_count),
            (''avg_receive_duration_ms'', receive_sum, receive_min, receive_max, receive_count),
            (''avg_message_age_ms'', age_sum, age_min, age_max, age_count),
            (''buffer_utilization'', buffer_sum, buffer_min, buffer_max, buffer_count))
            AS c (name, s, lo, hi, n)
        WHERE c.n > 0';
    -- Sum, minimum, maximum and count of one port counter, as the port aggregates name them.
    port_counter TEXT := 'sum(CAST(%1$I AS double precision)) AS %2$s_sum,
        min(CAST(%1$I AS double precision)) AS %2$s_min,
        max(CAST(%1$I AS double precision)) AS %2$s_max, count(%1$I) AS %2$s_count';
    bucket_suffix TEXT;
    bucket_interval INTERVAL;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
        RETURN;
    END IF;
    IF (SELECT count(*) FROM timescaledb_information.hypertables
        WHERE hypertable_schema = current_schema()
          AND hypertable_name IN ('component_metrics', 'port_metrics')) < 2 THEN
        RAISE NOTICE 'component_metrics and port_metrics are not hypertables: '
                     'the metric rollups stay as they are';
        RETURN;
    END IF;

    DROP TRIGGER component_metrics_rollup_insert ON component_metrics;
    DROP TRIGGER component_metrics_rollup_update ON component_metrics;
    DROP TRIGGER component_metrics_rollup_delete ON component_metrics;
    DROP TRIGGER component_metrics_rollup_truncate ON component_metrics;
    DROP TRIGGER port_metrics_rollup_insert ON port_metrics;
    DROP TRIGGER port_metrics_rollup_update ON port_metrics;
    DROP TRIGGER port_metrics_rollup_delete ON port_metrics;
    DROP TRIGGER port_metrics_rollup_truncate ON port_metrics;
    DELETE FROM metric_rollups WHERE source IN ('component', 'port');

    -- WITH NO DATA: a continuous aggregate is filled WITH DATA only outside a transaction.
    -- Until the first refresh, real-time aggregation reads the raw values.
    FOR bucket_suffix, bucket_interval IN
        VALUES ('minutes', INTERVAL '1 minute'), ('hours', INTERVAL '1 hour') LOOP
        EXECUTE format(
            'CREATE MATERIALIZED VIEW %I WITH (timescaledb.continuous,
                 timescaledb.materialized_only = false) AS
             SELECT component_name, metric_name,
                    time_bucket(INTERVAL %L, timestamp) AS bucket_start,
                    sum(metric_value) AS value_sum, min(metric_value) AS value_min,
                    max(metric_value) AS value_max, count(*) AS value_count
             FROM component_metrics
             GROUP BY component_name, metric_name, bucket_start
             WITH NO DATA', 'component_metric_' || bucket_suffix, bucket_interval);
        EXECUTE format(
            'CREATE MATERIALIZED VIEW %I WITH (timescaledb.continuous,
                 timescaledb.materialized_only = false) AS
             SELECT port_name, time_bucket(INTERVAL %L, timestamp) AS bucket_start,
                    %s, %s, %s, %s, %s, %s
             FROM port_metrics
             GROUP BY port_name, bucket_start
             WITH NO DATA', 'port_metric_' || bucket_suffix, bucket_interval,
            format(port_counter, 'messages_sent', 'sent'),
            format(port_counter, 'messages_received', 'received'),
            format(port_counter, 'avg_send_duration_ms', 'send'),
            format(port_counter, 'avg_receive_duration_ms', 'receive'),
            format(port_counter, 'avg_message_age_ms', 'age'),
            format(port_counter, 'buffer_utilization', 'buffer'));
        PERFORM add_continuous_aggregate_policy(aggregate, start_offset => INTERVAL '7 days',
                                                end_offset => bucket_interval,
                                                schedule_interval => bucket_interval,
                                                if_not_exists => TRUE)
        FROM unnest(ARRAY['component_metric_' || bucket_suffix,
                          'port_metric_' || bucket_suffix]::regclass[]) AS aggregate;
    END LOOP;

    EXECUTE 'CREATE OR REPLACE VIEW metric_rollup_rows AS
        SELECT source::text AS source, owner::text AS owner, name::text AS name, width, bucket,
               to_timestamp(bucket) AS bucket_start, value_sum, value_min, value_max,
               value_count
        FROM metric_rollups'
        || ' UNION ALL ' || format(component_rows, 60, 'component_metric_minutes')
        || ' UNION ALL ' || format(component_rows, 3600, 'component_metric_hours')
        || ' UNION ALL ' || format(port_rows, 60, 'port_metric_minutes')
        || ' UNION ALL ' || format(port_rows, 3600, 'port_metric_hours');

    ALTER TABLE component_metrics SET (timescaledb.compress,
        timescaledb.compress_segmentby = 'component_name, metric_name',
        timescaledb.compress_orderby = 'timestamp DESC');
    ALTER TABLE port_metrics SET (timescaledb.compress,
        timescaledb.compress_segmentby = 'port_name',
        timescaledb.compress_orderby = 'timestamp DESC');
    PERFORM add_compression_policy(t, INTERVAL '7 days', if_not_exists => TRUE)
    FROM unnest(ARRAY['component_metrics', 'port_metrics']::regclass[]) AS t;
    PERFORM add_retention_policy(t, INTERVAL '30 days', if_not_exists => TRUE)
    FROM unnest(ARRAY['component_metrics', 'port_metrics']::regclass[]) AS t;
END
$$;
