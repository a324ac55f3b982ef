-- Sink storage browsing (undone)

DROP INDEX idx_sink_storage_sink_created;
