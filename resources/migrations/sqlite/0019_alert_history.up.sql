-- Alert history: every change of an alert rule's state
--
-- What the alert rules saw, append-only like audit_log: rows can be added, never changed or
-- removed. A rule over every component (or every consumer group) has a state per component:
-- `subject` names it (empty for a rule of one thing). `occurred_at` is the time of the reading
-- that changed the state, not of the write. The Metrics charts draw these rows as markers and
-- the report lists them.
CREATE TABLE alert_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    occurred_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')),
    rule_id TEXT NOT NULL,
    rule_name TEXT NOT NULL,
    subject TEXT NOT NULL DEFAULT '',
    severity TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
    from_state TEXT NOT NULL CHECK (from_state IN ('ok', 'pending', 'firing', 'resolved')),
    to_state TEXT NOT NULL CHECK (to_state IN ('ok', 'pending', 'firing', 'resolved')),
    value REAL,
    details TEXT CHECK (details IS NULL OR json_valid(details))
);

CREATE INDEX idx_alert_history_occurred ON alert_history (occurred_at);
CREATE INDEX idx_alert_history_rule ON alert_history (rule_id, occurred_at);

CREATE TRIGGER alert_history_no_update BEFORE UPDATE ON alert_history
BEGIN
    SELECT RAISE(ABORT, 'alert_history is append-only: UPDATE is not allowed');
END;

CREATE TRIGGER alert_history_no_delete BEFORE DELETE ON alert_history
BEGIN
    SELECT RAISE(ABORT, 'alert_history is append-only: DELETE is not allowed');
END;
