-- Component metric values read from their index alone, the newest too
--
-- Migration 32's index holds every value a chart reads, but PostgreSQL reads it alone only for
-- rows on pages its visibility map marks all-visible; each other row is fetched from the table.
-- Vacuum sets those marks, and autovacuum visits a table that only grows after 20 % of its rows
-- are new (autovacuum_vacuum_insert_scale_factor): on 100,000,000 rows, the newest 20,000,000,
-- days of a pipeline's metrics, are fetched row by row, and they are what the live charts and
-- the alerts read (ten minutes of 100 series: 60,000 table visits). With these settings
-- autovacuum visits the table once 10,000 rows are new (within its next round, a minute by
-- default); a visit reads only the pages not yet marked, the new ones. A table whose owner set
-- either of the two is left as it is.
DO $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM pg_class c, unnest(c.reloptions) AS o(option)
        WHERE c.oid = 'component_metrics'::regclass
          AND o.option LIKE 'autovacuum_vacuum_insert_%'
    ) THEN
        ALTER TABLE component_metrics SET (autovacuum_vacuum_insert_scale_factor = 0,
                                           autovacuum_vacuum_insert_threshold = 10000);
    END IF;
END
$$;
