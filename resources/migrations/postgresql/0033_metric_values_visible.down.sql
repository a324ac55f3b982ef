-- Component metric values read from their index alone (undone): the settings of migration 33
-- reset, when they are still its own.
DO $$
BEGIN
    IF (SELECT c.reloptions @> ARRAY['autovacuum_vacuum_insert_scale_factor=0',
                                     'autovacuum_vacuum_insert_threshold=10000']
        FROM pg_class c WHERE c.oid = 'component_metrics'::regclass) THEN
        ALTER TABLE component_metrics RESET (autovacuum_vacuum_insert_scale_factor,
                                             autovacuum_vacuum_insert_threshold);
    END IF;
END
$$;
