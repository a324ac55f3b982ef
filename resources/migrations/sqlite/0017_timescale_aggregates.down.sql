-- Chart buckets from TimescaleDB's continuous aggregates (undone): nothing to undo on SQLite.
SELECT 1;
