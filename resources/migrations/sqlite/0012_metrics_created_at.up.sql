-- The time a sensor reading was stored, indexed: the Metrics pane's checks (ingestion rate,
-- consumer lag, duplicates, timestamps going backwards) read the readings stored in a range.
CREATE INDEX idx_metrics_created_at ON metrics (created_at);
