CREATE INDEX idx_component_metrics_series ON component_metrics (component_name, metric_name, timestamp);
DROP INDEX idx_component_metrics_series_values;
