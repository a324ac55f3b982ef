-- Sink storage browsing: one sink's rows in order, and live updates
--
-- The Sink storage pane lists one sink's rows newest first; without this index a first page
-- of one sink read every row of the table. (SQLite's live updates need nothing here.)

CREATE INDEX idx_sink_storage_sink_created ON sink_storage (sink_name, created_at, id);
