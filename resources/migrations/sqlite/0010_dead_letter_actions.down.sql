-- What replaying, editing, moving and purging port messages needs (undone)
DROP TABLE replay_outbox;
DROP TABLE port_message_history;
DROP VIEW dead_letter_queue;
ALTER TABLE port_messages DROP COLUMN deleted_at;
ALTER TABLE port_messages DROP COLUMN replay_count;
ALTER TABLE port_messages DROP COLUMN version;
CREATE VIEW dead_letter_queue AS
SELECT * FROM port_messages
WHERE status = 'dead_letter' OR (status = 'failed' AND retry_count >= max_retries);
