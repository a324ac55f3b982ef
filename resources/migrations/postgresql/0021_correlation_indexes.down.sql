-- Port messages found by the keys that tie a message's hops together (undone)

DROP INDEX idx_port_messages_source;
DROP INDEX idx_port_messages_parent_id;
DROP INDEX idx_port_messages_causation_id;
DROP INDEX idx_port_messages_message_id;
DROP INDEX idx_port_messages_correlation_id;
DROP INDEX idx_port_messages_trace_id;
