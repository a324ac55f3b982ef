-- One outbox for every bulk action on port messages (undone: the replay outbox again)
DROP TABLE action_outbox;

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
