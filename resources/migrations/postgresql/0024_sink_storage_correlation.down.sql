-- Sink storage rows found by the keys that tie a message's hops together (undone)

DROP INDEX idx_sink_storage_parent_id;
DROP INDEX idx_sink_storage_causation_id;
DROP INDEX idx_sink_storage_message_id;
DROP INDEX idx_sink_storage_correlation_id;
DROP INDEX idx_sink_storage_trace_id;
