-- Append-only audit log of operator actions
--
-- What operators did, append-only: rows can be added, never changed or removed.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    occurred_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')),
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target_table TEXT,
    filter TEXT CHECK (filter IS NULL OR json_valid(filter)),
    affected_ids TEXT CHECK (affected_ids IS NULL OR json_valid(affected_ids)),
    affected_count INTEGER NOT NULL DEFAULT 0,
    before_data TEXT CHECK (before_data IS NULL OR json_valid(before_data)),
    after_data TEXT CHECK (after_data IS NULL OR json_valid(after_data)),
    details TEXT
);

CREATE INDEX idx_audit_log_occurred ON audit_log (occurred_at);
CREATE INDEX idx_audit_log_action ON audit_log (action, occurred_at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE is not allowed');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: DELETE is not allowed');
END;
