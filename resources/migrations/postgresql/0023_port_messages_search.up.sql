-- A search index of the port messages' text
--
-- Queues, Dead letters and a message's journey find a port message by any part of its
-- payload, metadata (a trace id), error or id. A substring scan reads every row; this GIN
-- index of the text's trigrams (pg_trgm, which seed 001 and migration 1 create where the
-- server has it) answers a search of three characters or more from the index. It indexes one
-- expression of the four columns, lower-cased, which the search repeats word for word.
-- Without pg_trgm on the server this migration changes nothing and a search scans.
-- Scales with: port_messages, 41000 rows/s
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        BEGIN
            CREATE EXTENSION pg_trgm;
        EXCEPTION WHEN OTHERS THEN
            RAISE NOTICE 'pg_trgm is not available; text search scans instead';
            RETURN;
        END;
    END IF;
    CREATE INDEX idx_port_messages_search ON port_messages USING gin ((lower(
        message_data::text || chr(10) || coalesce(message_metadata::text, '') || chr(10) ||
        coalesce(error_message, '') || chr(10) || id::text)) gin_trgm_ops);
END
$$;
