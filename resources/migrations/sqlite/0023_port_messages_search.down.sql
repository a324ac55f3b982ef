-- A search index of the port messages' text (undone)
DROP TRIGGER port_messages_search_update;
DROP TRIGGER port_messages_search_delete;
DROP TRIGGER port_messages_search_insert;
DROP TABLE port_messages_search;
