-- Component metric values read from their index alone, the newest too
--
-- On PostgreSQL autovacuum visits component_metrics once 10,000 rows are new, so that
-- migration 32's index answers for the newest rows without a visit to the table. SQLite reads
-- a covering index alone whatever the age of its rows: nothing changes here.
SELECT 1;
