-- Backlog history: each backlog's figures, sampled every so often
--
-- The window and the headless worker sample every backlog they can see (docs/DATABASE.md,
-- backlog_samples): a row per backlog and sampling slot, the slot being the sample's time
-- floored to the sampling interval. A backlog is (kind, source, group_name):
--
--   group     a consumer group of a stream: source the stream, group_name the group
--   list      a list used as a reliable queue: source the list, processing the sum of its
--             processing lists' lengths
--   port      a port of port_messages: source the port
--   receiver  the receiver's own totals: source its stream or list, group_name its consumer
--
-- A group's last_delivered is its last-delivered-id: a reset moves it back. A figure a kind
-- does not have is NULL. Several samplers on one database (workers, windows)
-- write one row per backlog and slot: the unique key refuses the second, and writers insert
-- with ON CONFLICT DO NOTHING. The key also reads one backlog's series by time; the slot's
-- own index serves retention and the backlogs sampled in a range.
CREATE TABLE backlog_samples (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slot TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('group', 'list', 'port', 'receiver')),
    source TEXT NOT NULL,
    group_name TEXT NOT NULL DEFAULT '',
    lag INTEGER,
    pending INTEGER,
    oldest_ms INTEGER,
    consumers INTEGER,
    entries_added INTEGER,
    length INTEGER,
    processing INTEGER,
    failed INTEGER,
    dead_letters INTEGER,
    stored INTEGER,
    acknowledged INTEGER,
    last_delivered TEXT,
    UNIQUE (kind, source, group_name, slot)
);

CREATE INDEX idx_backlog_samples_slot ON backlog_samples (slot);
