-- Indexes for paging the console
--
-- Indexes the console's pages use: keyset pages by (created_at, id), per status and port,
-- and the dead-letter set, so that the first page and a page near the end of a table of
-- tens of millions of rows are each one index range.
CREATE INDEX idx_port_messages_created_id ON port_messages (created_at, id);
CREATE INDEX idx_port_messages_status_created ON port_messages (status, created_at, id);
CREATE INDEX idx_port_messages_port_created ON port_messages (port_name, created_at, id);
CREATE INDEX idx_port_messages_dead_letter ON port_messages (created_at, id)
    WHERE status = 'dead_letter' OR (status = 'failed' AND retry_count >= max_retries);
CREATE INDEX idx_checkpoints_name_version ON checkpoints (checkpoint_name, version);
CREATE INDEX idx_system_health_component_heartbeat ON system_health (component_name, last_heartbeat);
