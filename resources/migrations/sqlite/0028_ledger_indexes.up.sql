-- The ledger's counts: the receiver's rows of one stream, by time
--
-- The ledger (docs/RELIABILITY.md, "The ledger") counts, for each hour, the rows the receiver
-- stored from one stream or list: its messages by the time it took them (source is the key),
-- and its other rows and batch-file lines by delivery key and stored_at. Each count is a range
-- of one of these indexes, read without the table: a day of ten million messages is counted
-- from the index alone, however many rows other streams hold.
-- Scales with: messages, 1200000 rows/s
CREATE INDEX idx_messages_source_timestamp ON messages (source, timestamp);
-- Scales with: ingest_deliveries, 1000000 rows/s
CREATE INDEX idx_ingest_deliveries_stored_key ON ingest_deliveries
    (sink, stored_at, delivery_key);
