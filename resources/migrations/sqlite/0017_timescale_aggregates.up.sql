-- Chart buckets from TimescaleDB's continuous aggregates; compression and retention policies
--
-- TimescaleDB is a PostgreSQL extension; on SQLite this version changes nothing (the Metrics
-- pane reads metric_rollups), so that both engines count the same versions.
SELECT 1;
