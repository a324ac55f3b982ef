-- Metric rollups (undone)
DROP TRIGGER metrics_rollup_update;
DROP TRIGGER metrics_rollup_delete;
DROP TRIGGER metrics_rollup_insert;
DROP TRIGGER port_metrics_rollup_update;
DROP TRIGGER port_metrics_rollup_delete;
DROP TRIGGER port_metrics_rollup_insert;
DROP VIEW port_metric_changes;
DROP TRIGGER component_metrics_rollup_update;
DROP TRIGGER component_metrics_rollup_delete;
DROP TRIGGER component_metrics_rollup_insert;
DROP VIEW metric_rollup_changes;
DROP VIEW metric_value_changes;
DROP VIEW metric_values;
DROP TABLE metric_rollups;
DROP TABLE metric_rollup_widths;
