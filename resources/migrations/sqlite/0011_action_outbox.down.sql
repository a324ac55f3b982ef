-- One outbox for every bulk action on port messages (undone: the replay outbox again)
DROP TABLE action_outbox;

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
