-- A search index of the port messages' text
--
-- Queues, Dead letters and a message's journey find a port message by any part of its
-- payload, metadata (a trace id), error or id. A substring scan reads every row; this FTS5
-- index of trigrams (SQLite 3.34 and later) answers a search of three characters or more
-- from the index. It is contentless (it keeps the trigrams, not a second copy of the text)
-- and keyed by the row's rowid, which VACUUM and VACUUM INTO keep for this table (their
-- transfer copies the rows whole). Triggers keep it as the rows change. A search reads the
-- rows it names and checks the text again, so a stale entry can never show a wrong row.
-- Scales with: port_messages, 22000 rows/s
CREATE VIRTUAL TABLE port_messages_search USING fts5(body, content = '', tokenize = 'trigram');
INSERT INTO port_messages_search (rowid, body)
    SELECT rowid, message_data || char(10) || coalesce(message_metadata, '') || char(10) ||
        coalesce(error_message, '') || char(10) || id
    FROM port_messages;
CREATE TRIGGER port_messages_search_insert AFTER INSERT ON port_messages
BEGIN
    INSERT INTO port_messages_search (rowid, body)
    VALUES (new.rowid, new.message_data || char(10) || coalesce(new.message_metadata, '') ||
        char(10) || coalesce(new.error_message, '') || char(10) || new.id);
END;
CREATE TRIGGER port_messages_search_delete AFTER DELETE ON port_messages
BEGIN
    INSERT INTO port_messages_search (port_messages_search, rowid, body)
    VALUES ('delete', old.rowid, old.message_data || char(10) ||
        coalesce(old.message_metadata, '') || char(10) || coalesce(old.error_message, '') ||
        char(10) || old.id);
END;
CREATE TRIGGER port_messages_search_update
AFTER UPDATE OF id, message_data, message_metadata, error_message ON port_messages
BEGIN
    INSERT INTO port_messages_search (port_messages_search, rowid, body)
    VALUES ('delete', old.rowid, old.message_data || char(10) ||
        coalesce(old.message_metadata, '') || char(10) || coalesce(old.error_message, '') ||
        char(10) || old.id);
    INSERT INTO port_messages_search (rowid, body)
    VALUES (new.rowid, new.message_data || char(10) || coalesce(new.message_metadata, '') ||
        char(10) || coalesce(new.error_message, '') || char(10) || new.id);
END;
