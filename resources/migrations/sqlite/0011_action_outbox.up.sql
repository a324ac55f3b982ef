-- One outbox for every bulk action on port messages, replaces the replay-only outbox
--
-- An action (replay, purge, restore, move) is prepared in one transaction with its audit
-- entry: one row here per message, with the version the dry run saw. Each row is then
-- carried out (for a replay to Redis: published first) and marked done, applied or skipped
-- with the reason, or cancelled. What a crash leaves prepared is finished on the next start.
-- One open action per message, so a second click or window cannot act on it twice.
DROP TABLE replay_outbox;

CREATE TABLE action_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    audit_id INTEGER NOT NULL REFERENCES audit_log (id),
    message_id TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('replay', 'purge', 'restore', 'move')),
    expected_version INTEGER NOT NULL,
    target TEXT CHECK (target IS NULL OR target IN ('database', 'redis')),
    reset_retries INTEGER CHECK (reset_retries IS NULL OR reset_retries IN (0, 1)),
    redis_key TEXT,
    replay_id TEXT UNIQUE,
    to_port TEXT,
    state TEXT NOT NULL DEFAULT 'prepared' CHECK (state IN ('prepared', 'done')),
    outcome TEXT CHECK (outcome IS NULL OR outcome IN ('applied', 'skipped', 'cancelled')),
    outcome_detail TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')),
    CHECK (action <> 'replay' OR target IS NOT NULL),
    CHECK (target IS NULL OR target = 'database' OR (redis_key IS NOT NULL AND replay_id IS NOT NULL)),
    CHECK (action <> 'move' OR to_port IS NOT NULL),
    CHECK ((state = 'prepared') = (outcome IS NULL))
);
CREATE UNIQUE INDEX idx_action_outbox_open ON action_outbox (message_id) WHERE state = 'prepared';
CREATE INDEX idx_action_outbox_action ON action_outbox (audit_id, state, id);
