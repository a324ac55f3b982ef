-- The time each delivery was stored, indexed (undone)
DROP INDEX idx_ingest_deliveries_stored_at;
