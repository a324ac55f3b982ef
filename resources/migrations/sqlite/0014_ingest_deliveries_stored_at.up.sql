-- The time each delivery was stored, indexed: the Metrics pane's ingest rate counts the
-- deliveries stored in a range (with the messages the ingest worker wrote).
CREATE INDEX idx_ingest_deliveries_stored_at ON ingest_deliveries (stored_at);
