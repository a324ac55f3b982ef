-- Index for listing and charting component metric series
--
-- One component metric series is (component_name, metric_name). This index lets the console
-- list the series by skipping through it (one probe per series, not a scan of the table) and
-- read one series over a time range as one index range.
CREATE INDEX idx_component_metrics_series ON component_metrics (component_name, metric_name, timestamp);
