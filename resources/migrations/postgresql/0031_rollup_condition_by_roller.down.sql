-- Metric rollups: the late-row condition kept by the roller (undone)
--
-- The late-row triggers' conditions read the boundary from the sequence again, as version 30's
-- roller, which moves the sequence alone, expects.
DO $$
DECLARE
    t RECORD;
BEGIN
    FOR t IN SELECT s.source,
                    CASE s.source WHEN 'component' THEN 'component_metrics'
                                  WHEN 'port' THEN 'port_metrics'
                                  ELSE 'metrics' END AS tab
             FROM metric_rollup_state s LOOP
        EXECUTE format('LOCK TABLE %I IN SHARE ROW EXCLUSIVE MODE', t.tab);
        EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', t.tab || '_rollup_insert', t.tab);
        EXECUTE format(
            'CREATE TRIGGER %I AFTER INSERT ON %I FOR EACH ROW
             WHEN (NEW.timestamp < to_timestamp(pg_sequence_last_value(%L::regclass)))
             EXECUTE FUNCTION metric_rollups_add_late(%L)',
            t.tab || '_rollup_insert', t.tab, 'metric_rollup_boundary_' || t.source, t.source);
    END LOOP;
END
$$;
