-- The time a sensor reading was stored, indexed (undone)
DROP INDEX idx_metrics_created_at;
