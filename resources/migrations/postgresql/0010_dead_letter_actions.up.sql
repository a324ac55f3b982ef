-- What replaying, editing, moving and purging port messages needs
--
-- version: raised by one on every change Porthole makes to a row; a write names the version
-- it read and changes nothing when another operator got there first (optimistic locking).
-- replay_count: how often the row was replayed, for the loop guard.
-- deleted_at: a purged row, kept until retention removes it; the views leave it out.
ALTER TABLE port_messages ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE port_messages ADD COLUMN replay_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE port_messages ADD COLUMN deleted_at TIMESTAMP WITH TIME ZONE;

DROP VIEW dead_letter_queue;
CREATE VIEW dead_letter_queue AS
SELECT * FROM port_messages
WHERE (status = 'dead_letter' OR (status = 'failed' AND retry_count >= max_retries))
  AND deleted_at IS NULL;

-- A row as it was before each change an operator made to it, and as it became.
CREATE TABLE port_message_history (
    id BIGSERIAL PRIMARY KEY,
    message_id UUID NOT NULL,
    audit_id BIGINT NOT NULL REFERENCES audit_log (id),
    changed_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    change TEXT NOT NULL CHECK (change IN ('replay', 'edit', 'move', 'purge', 'restore')),
    before_data JSONB NOT NULL,
    after_data JSONB NOT NULL
);
CREATE INDEX idx_port_message_history_message ON port_message_history (message_id, id);

-- The replay outbox: a row is written with the audit entry in one transaction, published,
-- then marked done; whatever is not done is finished on the next start. One open replay per
-- message, so a second click or window cannot publish a message twice.
CREATE TABLE replay_outbox (
    id BIGSERIAL PRIMARY KEY,
    replay_id UUID NOT NULL UNIQUE,
    message_id UUID NOT NULL,
    audit_id BIGINT NOT NULL REFERENCES audit_log (id),
    target TEXT NOT NULL CHECK (target IN ('database', 'redis')),
    redis_key TEXT,
    payload JSONB,
    state TEXT NOT NULL DEFAULT 'prepared' CHECK (state IN ('prepared', 'published', 'done')),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    CHECK (target = 'database' OR redis_key IS NOT NULL)
);
CREATE UNIQUE INDEX idx_replay_outbox_open ON replay_outbox (message_id) WHERE state <> 'done';
