-- Metric rollups: the late-row condition kept by the roller (no change of schema)
--
-- On PostgreSQL this version's roller writes the boundary into the late-row trigger's
-- condition; SQLite has no insert trigger (migration 30). The version is the same on both
-- engines: nothing changes here.
SELECT 1;
