-- Metric rollups: the late-row condition kept by the roller (undone): nothing on SQLite.
SELECT 1;
