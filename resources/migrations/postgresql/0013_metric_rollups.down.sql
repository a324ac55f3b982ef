-- Metric rollups (undone)
DROP TRIGGER metrics_rollup_truncate ON metrics;
DROP TRIGGER metrics_rollup_delete ON metrics;
DROP TRIGGER metrics_rollup_update ON metrics;
DROP TRIGGER metrics_rollup_insert ON metrics;
DROP TRIGGER port_metrics_rollup_truncate ON port_metrics;
DROP TRIGGER port_metrics_rollup_delete ON port_metrics;
DROP TRIGGER port_metrics_rollup_update ON port_metrics;
DROP TRIGGER port_metrics_rollup_insert ON port_metrics;
DROP TRIGGER component_metrics_rollup_truncate ON component_metrics;
DROP TRIGGER component_metrics_rollup_delete ON component_metrics;
DROP TRIGGER component_metrics_rollup_update ON component_metrics;
DROP TRIGGER component_metrics_rollup_insert ON component_metrics;
DROP FUNCTION metric_rollups_truncate();
DROP FUNCTION metric_rollups_apply();
DROP VIEW metric_values;
DROP TABLE metric_rollups;
DROP TABLE metric_rollup_widths;
