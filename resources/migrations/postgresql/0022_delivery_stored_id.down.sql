-- Which row each delivery became (undone)
DROP INDEX idx_ingest_deliveries_stored_id;
ALTER TABLE ingest_deliveries DROP COLUMN stored_id;
