-- One outbox for every bulk action on port messages, replaces the replay-only outbox
--
-- An action (replay, purge, restore, move) is prepared in one transaction with its audit
-- entry: one row here per message, with the version the dry run saw. Each row is then
-- carried out (for a replay to Redis: published first) and marked done, applied or skipped
-- with the reason, or cancelled. What a crash leaves prepared is finished on the next start.
-- One open action per message, so a second click or window cannot act on it twice.
DROP TABLE replay_outbox;

CREATE TABLE action_outbox (
    id BIGSERIAL PRIMARY KEY,
    audit_id BIGINT NOT NULL REFERENCES audit_log (id),
    message_id UUID NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('replay', 'purge', 'restore', 'move')),
    expected_version BIGINT NOT NULL,
    target TEXT CHECK (target IS NULL OR target IN ('database', 'redis')),
    reset_retries BOOLEAN,
    redis_key TEXT,
    replay_id UUID UNIQUE,
    to_port VARCHAR(255),
    state TEXT NOT NULL DEFAULT 'prepared' CHECK (state IN ('prepared', 'done')),
    outcome TEXT CHECK (outcome IS NULL OR outcome IN ('applied', 'skipped', 'cancelled')),
    outcome_detail TEXT,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    CHECK (action <> 'replay' OR target IS NOT NULL),
    CHECK (target IS NULL OR target = 'database' OR (redis_key IS NOT NULL AND replay_id IS NOT NULL)),
    CHECK (action <> 'move' OR to_port IS NOT NULL),
    CHECK ((state = 'prepared') = (outcome IS NULL))
);
CREATE UNIQUE INDEX idx_action_outbox_open ON action_outbox (message_id) WHERE state = 'prepared';
CREATE INDEX idx_action_outbox_action ON action_outbox (audit_id, state, id);
