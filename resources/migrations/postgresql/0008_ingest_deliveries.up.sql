-- Deliveries the ingest worker has stored, by delivery key
--
-- One row for every delivery the ingest worker stored somewhere other than `messages` (whose
-- own unique delivery_key already records it): typed rows and dead letters written by the SQL
-- sink, and every line the batch-file sink writes. The row is written in the same transaction
-- as what it guards, so a second delivery of the same key finds it and stores nothing. For
-- the batch-file sink it is also a write-ahead journal: batch_id and line_index say which line
-- of which batch file holds the delivery.
CREATE TABLE ingest_deliveries (
    delivery_key TEXT PRIMARY KEY,
    sink TEXT NOT NULL CHECK (sink IN ('sql', 'file')),
    batch_id BIGINT,
    line_index INTEGER,
    stored_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW()
);

CREATE INDEX idx_ingest_deliveries_batch ON ingest_deliveries (batch_id, line_index)
    WHERE batch_id IS NOT NULL;
