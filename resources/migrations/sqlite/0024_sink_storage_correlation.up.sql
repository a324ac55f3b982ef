-- Sink storage rows found by the keys that tie a message's hops together
--
-- A message's journey (docs/DATABASE.md, "Correlation") ends where a sink stored it: the
-- sink_storage rows whose metadata shares a value of a correlation key with a hop, or names a
-- hop as its cause. Each of these lookups reads an index: one per default key of metadata, the
-- expression the journey's queries use, word for word (as migration 21 for port_messages).
-- Scales with: sink_storage, 150000 rows/s
CREATE INDEX idx_sink_storage_trace_id ON sink_storage
    ((CASE WHEN json_valid(metadata) THEN json_extract(metadata, '$.trace_id') END));
CREATE INDEX idx_sink_storage_correlation_id ON sink_storage
    ((CASE WHEN json_valid(metadata) THEN json_extract(metadata, '$.correlation_id') END));
CREATE INDEX idx_sink_storage_message_id ON sink_storage
    ((CASE WHEN json_valid(metadata) THEN json_extract(metadata, '$.message_id') END));
CREATE INDEX idx_sink_storage_causation_id ON sink_storage
    ((CASE WHEN json_valid(metadata) THEN json_extract(metadata, '$.causation_id') END));
CREATE INDEX idx_sink_storage_parent_id ON sink_storage
    ((CASE WHEN json_valid(metadata) THEN json_extract(metadata, '$.parent_id') END));
