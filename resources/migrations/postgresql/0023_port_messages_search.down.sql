-- A search index of the port messages' text (undone)
DROP INDEX IF EXISTS idx_port_messages_search;
