-- Which row each delivery became
--
-- A message's journey (docs/DATABASE.md, "Correlation") shows where each hop came from: the
-- Redis entry the ingest worker took it from, and when it was stored. stored_id is the id of
-- the row the SQL sink wrote for the delivery (a port message's or dead letter's id, a sensor
-- reading's event_id); older rows, and rows of the batch-file sink, have none. Adding a column
-- without a default changes no stored row, whatever the table's size.
ALTER TABLE ingest_deliveries ADD COLUMN stored_id TEXT;
CREATE INDEX idx_ingest_deliveries_stored_id ON ingest_deliveries (stored_id)
    WHERE stored_id IS NOT NULL;
