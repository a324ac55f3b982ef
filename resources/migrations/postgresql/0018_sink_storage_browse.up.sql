-- Sink storage browsing: one sink's rows in order, and live updates
--
-- The Sink storage pane lists one sink's rows newest first; without this index a first page
-- of one sink read every row of the table. Its listing learns of changes like the others.

CREATE INDEX idx_sink_storage_sink_created ON sink_storage (sink_name, created_at, id);

CREATE TRIGGER porthole_notify_change
AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON sink_storage
FOR EACH STATEMENT EXECUTE FUNCTION porthole_notify_change();
