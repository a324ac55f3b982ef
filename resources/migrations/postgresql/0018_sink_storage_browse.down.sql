-- Sink storage browsing (undone)

DROP TRIGGER porthole_notify_change ON sink_storage;
DROP INDEX idx_sink_storage_sink_created;
