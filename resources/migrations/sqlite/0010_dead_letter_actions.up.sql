-- What replaying, editing, moving and purging port messages needs
--
-- version: raised by one on every change Porthole makes to a row; a write names the version
-- it read and changes nothing when another operator got there first (optimistic locking).
-- replay_count: how often the row was replayed, for the loop guard.
-- deleted_at: a purged row, kept until retention removes it; the views leave it out.
ALTER TABLE port_messages ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE port_messages ADD COLUMN replay_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE port_messages ADD COLUMN deleted_at TEXT;

DROP VIEW dead_letter_queue;
CREATE VIEW dead_letter_queue AS
SELECT * FROM port_messages
WHERE (status = 'dead_letter' OR (status = 'failed' AND retry_count >= max_retries))
  AND deleted_at IS NULL;

-- A row as it was before each change an operator made to it, and as it became.
CREATE TABLE port_message_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id TEXT NOT NULL,
    audit_id INTEGER NOT NULL REFERENCES audit_log (id),
    changed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')),
    change TEXT NOT NULL CHECK (change IN ('replay', 'edit', 'move', 'purge', 'restore')),
    before_data TEXT NOT NULL CHECK (json_valid(before_data)),
    after_data TEXT NOT NULL CHECK (json_valid(after_data))
);
CREATE INDEX idx_port_message_history_message ON port_message_history (message_id, id);

-- The replay outbox: a row is written with the audit entry in one transaction, published,
-- then marked done; whatever is not done is finished on the next start. One open replay per
-- message, so a second click or window cannot publish a message twice.
CREATE TABLE replay_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    replay_id TEXT NOT NULL UNIQUE,
    message_id TEXT NOT NULL,
    audit_id INTEGER NOT NULL REFERENCES audit_log (id),
    target TEXT NOT NULL CHECK (target IN ('database', 'redis')),
    redis_key TEXT,
    payload TEXT CHECK (payload IS NULL OR json_valid(payload)),
    state TEXT NOT NULL DEFAULT 'prepared' CHECK (state IN ('prepared', 'published', 'done')),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')),
    CHECK (target = 'database' OR redis_key IS NOT NULL)
);
CREATE UNIQUE INDEX idx_replay_outbox_open ON replay_outbox (message_id) WHERE state <> 'done';
