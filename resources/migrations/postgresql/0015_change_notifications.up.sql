-- Change notifications for live panes (LISTEN porthole_changes)
--
-- Every statement that inserts, updates, deletes or truncates rows of a table the panes read
-- sends NOTIFY on the channel porthole_changes with the table's name as the payload, so that a
-- window that listens reads the table again instead of polling it. The triggers are statement
-- triggers: a bulk insert notifies once, and PostgreSQL folds the identical notifications of
-- one transaction into one, delivered when it commits (none when it rolls back). A statement
-- that changed no row notifies too; the panes then read the table again for nothing.
--
-- Left out: metric_rollups (kept by triggers on the three metric tables, which notify),
-- metric_rollup_widths, processed_events (written with metrics), sink_storage (no pane reads
-- it) and schema_version.

CREATE FUNCTION porthole_notify_change() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('porthole_changes', TG_TABLE_NAME);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER porthole_notify_change
AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON messages
FOR EACH STATEMENT EXECUTE FUNCTION porthole_notify_change();

CREATE TRIGGER porthole_notify_change
AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON batches
FOR EACH STATEMENT EXECUTE FUNCTION porthole_notify_change();

CREATE TRIGGER porthole_notify_change
AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON port_messages
FOR EACH STATEMENT EXECUTE FUNCTION porthole_notify_change();

CREATE TRIGGER porthole_notify_change
AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON port_message_history
FOR EACH STATEMENT EXECUTE FUNCTION porthole_notify_change();

CREATE TRIGGER porthole_notify_change
AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON action_outbox
FOR EACH STATEMENT EXECUTE FUNCTION porthole_notify_change();

CREATE TRIGGER porthole_notify_change
AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON checkpoints
FOR EACH STATEMENT EXECUTE FUNCTION porthole_notify_change();

CREATE TRIGGER porthole_notify_change
AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON component_state
FOR EACH STATEMENT EXECUTE FUNCTION porthole_notify_change();

CREATE TRIGGER porthole_notify_change
AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON component_metrics
FOR EACH STATEMENT EXECUTE FUNCTION porthole_notify_change();

CREATE TRIGGER porthole_notify_change
AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON port_metrics
FOR EACH STATEMENT EXECUTE FUNCTION porthole_notify_change();

CREATE TRIGGER porthole_notify_change
AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON metrics
FOR EACH STATEMENT EXECUTE FUNCTION porthole_notify_change();

CREATE TRIGGER porthole_notify_change
AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON system_health
FOR EACH STATEMENT EXECUTE FUNCTION porthole_notify_change();

CREATE TRIGGER porthole_notify_change
AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ingest_deliveries
FOR EACH STATEMENT EXECUTE FUNCTION porthole_notify_change();

-- Append-only: only its inserts ever reach this trigger.
CREATE TRIGGER porthole_notify_change
AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON audit_log
FOR EACH STATEMENT EXECUTE FUNCTION porthole_notify_change();
