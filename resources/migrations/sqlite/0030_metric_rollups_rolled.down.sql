-- Metric rollups: the pipeline's inserts fire nothing (undone: every write rolls up again)
--
-- The rows not rolled up are added first, so the rollups hold every value
-- again, as migration 13's triggers keep them.

INSERT INTO metric_rollups
    (source, owner, name, width, bucket, value_sum, value_min, value_max, value_count)
SELECT source, owner, name, width, at - ((at % width) + width) % width AS bucket,
       sum(value), min(value), max(value), count(*)
FROM (
      SELECT 'component' AS source, component_name AS owner, metric_name AS name,
             unixepoch(timestamp) AS at, CAST(metric_value AS REAL) AS value
      FROM component_metrics, metric_rollup_state s
      WHERE s.source = 'component'
        AND (component_metrics.rowid > s.rolled_rowid OR component_metrics.timestamp >= s.rolled_to_text)
      UNION ALL
      SELECT 'port', port_name, 'messages_sent', unixepoch(timestamp), CAST(messages_sent AS REAL)
      FROM port_metrics, metric_rollup_state s
      WHERE s.source = 'port'
        AND (port_metrics.rowid > s.rolled_rowid OR port_metrics.timestamp >= s.rolled_to_text)
      UNION ALL
      SELECT 'port', port_name, 'messages_received', unixepoch(timestamp), CAST(messages_received AS REAL)
      FROM port_metrics, metric_rollup_state s
      WHERE s.source = 'port'
        AND (port_metrics.rowid > s.rolled_rowid OR port_metrics.timestamp >= s.rolled_to_text)
      UNION ALL
      SELECT 'port', port_name, 'avg_send_duration_ms', unixepoch(timestamp), CAST(avg_send_duration_ms AS REAL)
      FROM port_metrics, metric_rollup_state s
      WHERE s.source = 'port'
        AND (port_metrics.rowid > s.rolled_rowid OR port_metrics.timestamp >= s.rolled_to_text)
      UNION ALL
      SELECT 'port', port_name, 'avg_receive_duration_ms', unixepoch(timestamp), CAST(avg_receive_duration_ms AS REAL)
      FROM port_metrics, metric_rollup_state s
      WHERE s.source = 'port'
        AND (port_metrics.rowid > s.rolled_rowid OR port_metrics.timestamp >= s.rolled_to_text)
      UNION ALL
      SELECT 'port', port_name, 'avg_message_age_ms', unixepoch(timestamp), CAST(avg_message_age_ms AS REAL)
      FROM port_metrics, metric_rollup_state s
      WHERE s.source = 'port'
        AND (port_metrics.rowid > s.rolled_rowid OR port_metrics.timestamp >= s.rolled_to_text)
      UNION ALL
      SELECT 'port', port_name, 'buffer_utilization', unixepoch(timestamp), CAST(buffer_utilization AS REAL)
      FROM port_metrics, metric_rollup_state s
      WHERE s.source = 'port'
        AND (port_metrics.rowid > s.rolled_rowid OR port_metrics.timestamp >= s.rolled_to_text)
      UNION ALL
      SELECT 'sensor', sensor_id, '', unixepoch(timestamp), CAST(value AS REAL)
      FROM metrics, metric_rollup_state s
      WHERE s.source = 'sensor'
        AND (metrics.rowid > s.rolled_rowid OR metrics.timestamp >= s.rolled_to_text)) v, metric_rollup_widths w
WHERE at IS NOT NULL AND value IS NOT NULL
GROUP BY source, owner, name, width, bucket
ON CONFLICT (source, owner, name, width, bucket) DO UPDATE SET
    value_sum = value_sum + excluded.value_sum,
    value_min = min(value_min, excluded.value_min),
    value_max = max(value_max, excluded.value_max),
    value_count = value_count + excluded.value_count;

DROP TRIGGER component_metrics_rollup_delete;
DROP TRIGGER component_metrics_rollup_update;
DROP TRIGGER port_metrics_rollup_delete;
DROP TRIGGER port_metrics_rollup_update;
DROP TRIGGER metrics_rollup_delete;
DROP TRIGGER metrics_rollup_update;
DROP TRIGGER metric_rollup_remove;

CREATE TRIGGER metric_rollup_remove
INSTEAD OF INSERT ON metric_rollup_changes
WHEN NEW.sign < 0
BEGIN
    DELETE FROM metric_rollups
    WHERE source = NEW.source AND owner = NEW.owner AND name = NEW.name
      AND width = NEW.width AND bucket = NEW.bucket AND value_count <= 1;
    UPDATE metric_rollups
    SET value_sum = value_sum - NEW.value, value_count = value_count - 1
    WHERE source = NEW.source AND owner = NEW.owner AND name = NEW.name
      AND width = NEW.width AND bucket = NEW.bucket;
    UPDATE metric_rollups
    SET (value_min, value_max) = (
        SELECT coalesce(min(v.value), value_min), coalesce(max(v.value), value_max)
        FROM metric_values v
        WHERE v.source = NEW.source AND v.owner = NEW.owner AND v.name = NEW.name
          AND v.timestamp >= datetime(NEW.bucket, 'unixepoch')
          AND v.timestamp < datetime(NEW.bucket + NEW.width, 'unixepoch'))
    WHERE source = NEW.source AND owner = NEW.owner AND name = NEW.name
      AND width = NEW.width AND bucket = NEW.bucket
      AND (value_min = NEW.value OR value_max = NEW.value)
      AND NOT EXISTS (
        SELECT 1 FROM metric_values v
        WHERE v.source = NEW.source AND v.owner = NEW.owner AND v.name = NEW.name
          AND v.timestamp >= datetime(NEW.bucket, 'unixepoch')
          AND v.timestamp < datetime(NEW.bucket + NEW.width, 'unixepoch')
          AND v.value = NEW.value);
END;

CREATE TRIGGER component_metrics_rollup_insert
AFTER INSERT ON component_metrics
BEGIN
    INSERT INTO metric_value_changes (source, owner, name, at, value, sign)
    VALUES ('component', NEW.component_name, NEW.metric_name, unixepoch(NEW.timestamp),
            CAST(NEW.metric_value AS REAL), 1);
END;

CREATE TRIGGER component_metrics_rollup_delete
AFTER DELETE ON component_metrics
BEGIN
    INSERT INTO metric_value_changes (source, owner, name, at, value, sign)
    VALUES ('component', OLD.component_name, OLD.metric_name, unixepoch(OLD.timestamp),
            CAST(OLD.metric_value AS REAL), -1);
END;

CREATE TRIGGER component_metrics_rollup_update
AFTER UPDATE OF component_name, metric_name, metric_value, timestamp ON component_metrics
BEGIN
    INSERT INTO metric_value_changes (source, owner, name, at, value, sign)
    VALUES ('component', OLD.component_name, OLD.metric_name, unixepoch(OLD.timestamp),
            CAST(OLD.metric_value AS REAL), -1),
           ('component', NEW.component_name, NEW.metric_name, unixepoch(NEW.timestamp),
            CAST(NEW.metric_value AS REAL), 1);
END;

CREATE TRIGGER port_metrics_rollup_insert
AFTER INSERT ON port_metrics
BEGIN
    INSERT INTO port_metric_changes
    VALUES (NEW.port_name, unixepoch(NEW.timestamp), NEW.messages_sent, NEW.messages_received,
            NEW.avg_send_duration_ms, NEW.avg_receive_duration_ms, NEW.avg_message_age_ms,
            NEW.buffer_utilization, 1);
END;

CREATE TRIGGER port_metrics_rollup_delete
AFTER DELETE ON port_metrics
BEGIN
    INSERT INTO port_metric_changes
    VALUES (OLD.port_name, unixepoch(OLD.timestamp), OLD.messages_sent, OLD.messages_received,
            OLD.avg_send_duration_ms, OLD.avg_receive_duration_ms, OLD.avg_message_age_ms,
            OLD.buffer_utilization, -1);
END;

CREATE TRIGGER port_metrics_rollup_update
AFTER UPDATE OF port_name, messages_sent, messages_received, avg_send_duration_ms,
                avg_receive_duration_ms, avg_message_age_ms, buffer_utilization, timestamp
ON port_metrics
BEGIN
    INSERT INTO port_metric_changes
    VALUES (OLD.port_name, unixepoch(OLD.timestamp), OLD.messages_sent, OLD.messages_received,
            OLD.avg_send_duration_ms, OLD.avg_receive_duration_ms, OLD.avg_message_age_ms,
            OLD.buffer_utilization, -1),
           (NEW.port_name, unixepoch(NEW.timestamp), NEW.messages_sent, NEW.messages_received,
            NEW.avg_send_duration_ms, NEW.avg_receive_duration_ms, NEW.avg_message_age_ms,
            NEW.buffer_utilization, 1);
END;

CREATE TRIGGER metrics_rollup_insert
AFTER INSERT ON metrics
BEGIN
    INSERT INTO metric_value_changes (source, owner, name, at, value, sign)
    VALUES ('sensor', NEW.sensor_id, '', unixepoch(NEW.timestamp), CAST(NEW.value AS REAL), 1);
END;

CREATE TRIGGER metrics_rollup_delete
AFTER DELETE ON metrics
BEGIN
    INSERT INTO metric_value_changes (source, owner, name, at, value, sign)
    VALUES ('sensor', OLD.sensor_id, '', unixepoch(OLD.timestamp), CAST(OLD.value AS REAL), -1);
END;

CREATE TRIGGER metrics_rollup_update
AFTER UPDATE OF sensor_id, timestamp, value ON metrics
BEGIN
    INSERT INTO metric_value_changes (source, owner, name, at, value, sign)
    VALUES ('sensor', OLD.sensor_id, '', unixepoch(OLD.timestamp), CAST(OLD.value AS REAL), -1),
           ('sensor', NEW.sensor_id, '', unixepoch(NEW.timestamp), CAST(NEW.value AS REAL), 1);
END;

DROP VIEW metric_rolled_values;
DROP TABLE metric_rollup_state;
