-- Alert history: every change of an alert rule's state
--
-- What the alert rules saw, append-only like audit_log: rows can be added, never changed or
-- removed. A rule over every component (or every consumer group) has a state per component:
-- `subject` names it (empty for a rule of one thing). `occurred_at` is the time of the reading
-- that changed the state, not of the write. The Metrics charts draw these rows as markers and
-- the report lists them; a window learns of new rows as of the other tables' changes.
CREATE TABLE alert_history (
    id BIGSERIAL PRIMARY KEY,
    occurred_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    rule_id TEXT NOT NULL,
    rule_name TEXT NOT NULL,
    subject TEXT NOT NULL DEFAULT '',
    severity TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
    from_state TEXT NOT NULL CHECK (from_state IN ('ok', 'pending', 'firing', 'resolved')),
    to_state TEXT NOT NULL CHECK (to_state IN ('ok', 'pending', 'firing', 'resolved')),
    value DOUBLE PRECISION,
    details JSONB
);

CREATE INDEX idx_alert_history_occurred ON alert_history (occurred_at);
CREATE INDEX idx_alert_history_rule ON alert_history (rule_id, occurred_at);

CREATE FUNCTION alert_history_append_only()
RETURNS TRIGGER AS $$
BEGIN
    RAISE EXCEPTION 'alert_history is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER alert_history_no_update BEFORE UPDATE OR DELETE ON alert_history
FOR EACH ROW EXECUTE FUNCTION alert_history_append_only();
CREATE TRIGGER alert_history_no_truncate BEFORE TRUNCATE ON alert_history
FOR EACH STATEMENT EXECUTE FUNCTION alert_history_append_only();

CREATE TRIGGER porthole_notify_change
AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON alert_history
FOR EACH STATEMENT EXECUTE FUNCTION porthole_notify_change();
