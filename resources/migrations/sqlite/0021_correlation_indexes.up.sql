-- Port messages found by the keys that tie a message's hops together
--
-- A message's journey (docs/DATABASE.md, "Correlation") gathers the port messages that share a
-- value of a correlation key of message_metadata, or name another one as their cause, and
-- the hops that should follow a component. Each of these lookups reads an index: one per
-- default key of message_metadata (the expression the journey's queries use, word for word:
-- metadata that is not JSON reads as no value), and one of the ports each component sends on.
CREATE INDEX idx_port_messages_trace_id ON port_messages
    ((CASE WHEN json_valid(message_metadata) THEN json_extract(message_metadata, '$.trace_id') END));
CREATE INDEX idx_port_messages_correlation_id ON port_messages
    ((CASE WHEN json_valid(message_metadata) THEN json_extract(message_metadata, '$.correlation_id') END));
CREATE INDEX idx_port_messages_message_id ON port_messages
    ((CASE WHEN json_valid(message_metadata) THEN json_extract(message_metadata, '$.message_id') END));
CREATE INDEX idx_port_messages_causation_id ON port_messages
    ((CASE WHEN json_valid(message_metadata) THEN json_extract(message_metadata, '$.causation_id') END));
CREATE INDEX idx_port_messages_parent_id ON port_messages
    ((CASE WHEN json_valid(message_metadata) THEN json_extract(message_metadata, '$.parent_id') END));
CREATE INDEX idx_port_messages_source ON port_messages (source_component, port_name);
