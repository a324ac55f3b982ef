-- The ledger's counts: the receiver's rows of one stream, by time (undone)

DROP INDEX idx_ingest_deliveries_stored_key;
DROP INDEX idx_messages_source_timestamp;
