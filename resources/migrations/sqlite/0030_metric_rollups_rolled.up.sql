-- Metric rollups: the pipeline's inserts fire nothing; Porthole rolls up what arrived
--
-- Migration 13's insert triggers added every value to its minute and hour rollups as it was
-- inserted: the pipeline's inserts into component_metrics ran at half the speed or less. Now
-- the rollups hold the values of the rows whose time is before a boundary, rolled_to, one per
-- metric table: Porthole's own process moves it forward a few minutes at a time, adding the
-- rows in between from the time index (rollMetricRollups(), storage/sql/metricrollups.h), and
-- the Metrics pane reads the rows after it raw. An insert whose time is before the boundary
-- (a value that arrives late) is added by its trigger as before; every other insert fires
-- nothing but the trigger's condition. Deletes and updates take out, and put in, only the
-- values before the boundary. The rollup and the boundary move in one write transaction, so
-- every value is in the rollups or after the boundary, never both.
--
-- Times compare as text, as every range read of Porthole's on SQLite does ('YYYY-MM-DD
-- HH:MM:SS', no fraction: '12:00:00' and '12:00:00.000' are both at or after it). The first
-- boundary is midnight (UTC) today: rows of today written with 'T' between date and time sort
-- after it, as they sort after every boundary of their day, so the rollups left by migration
-- 13's triggers (the buckets before midnight) hold exactly the rows before it.

CREATE TABLE metric_rollup_state (
    source TEXT PRIMARY KEY NOT NULL CHECK (source IN ('component', 'port', 'sensor')),
    rolled_to INTEGER NOT NULL,  -- seconds since the epoch, a whole minute
    rolled_to_text TEXT NOT NULL -- the same time as the rows' text compares with it
) WITHOUT ROWID;

INSERT INTO metric_rollup_state (source, rolled_to, rolled_to_text)
SELECT s.source, d.at, datetime(d.at, 'unixepoch')
FROM (SELECT 'component' AS source UNION ALL SELECT 'port' UNION ALL SELECT 'sensor') s,
     (SELECT unixepoch('now') / 86400 * 86400 AS at) d;

DELETE FROM metric_rollups WHERE bucket >= (SELECT min(rolled_to) FROM metric_rollup_state);

-- A value taken out reads its bucket's values again only up to the boundary: an hour's
-- bucket that holds it is only partly rolled up.
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
          AND v.timestamp < datetime(NEW.bucket + NEW.width, 'unixepoch')
          AND v.timestamp < (SELECT rolled_to_text FROM metric_rollup_state
                             WHERE source = NEW.source))
    WHERE source = NEW.source AND owner = NEW.owner AND name = NEW.name
      AND width = NEW.width AND bucket = NEW.bucket
      AND (value_min = NEW.value OR value_max = NEW.value)
      AND NOT EXISTS (
        SELECT 1 FROM metric_values v
        WHERE v.source = NEW.source AND v.owner = NEW.owner AND v.name = NEW.name
          AND v.timestamp >= datetime(NEW.bucket, 'unixepoch')
          AND v.timestamp < datetime(NEW.bucket + NEW.width, 'unixepoch')
          AND v.timestamp < (SELECT rolled_to_text FROM metric_rollup_state
                             WHERE source = NEW.source)
          AND v.value = NEW.value);
END;

-- The triggers on the metric tables, each for the rows before its table's boundary.
DROP TRIGGER component_metrics_rollup_insert;
DROP TRIGGER component_metrics_rollup_delete;
DROP TRIGGER component_metrics_rollup_update;
DROP TRIGGER port_metrics_rollup_insert;
DROP TRIGGER port_metrics_rollup_delete;
DROP TRIGGER port_metrics_rollup_update;
DROP TRIGGER metrics_rollup_insert;
DROP TRIGGER metrics_rollup_delete;
DROP TRIGGER metrics_rollup_update;

CREATE TRIGGER component_metrics_rollup_insert
AFTER INSERT ON component_metrics
WHEN NEW.timestamp < (SELECT rolled_to_text FROM metric_rollup_state WHERE source = 'component')
BEGIN
    INSERT INTO metric_value_changes (source, owner, name, at, value, sign)
    VALUES ('component', NEW.component_name, NEW.metric_name, unixepoch(NEW.timestamp),
            CAST(NEW.metric_value AS REAL), 1);
END;

CREATE TRIGGER component_metrics_rollup_delete
AFTER DELETE ON component_metrics
WHEN OLD.timestamp < (SELECT rolled_to_text FROM metric_rollup_state WHERE source = 'component')
BEGIN
    INSERT INTO metric_value_changes (source, owner, name, at, value, sign)
    VALUES ('component', OLD.component_name, OLD.metric_name, unixepoch(OLD.timestamp),
            CAST(OLD.metric_value AS REAL), -1);
END;

CREATE TRIGGER component_metrics_rollup_update
AFTER UPDATE OF component_name, metric_name, metric_value, timestamp ON component_metrics
BEGIN
    INSERT INTO metric_value_changes (source, owner, name, at, value, sign)
    SELECT 'component', OLD.component_name, OLD.metric_name, unixepoch(OLD.timestamp),
           CAST(OLD.metric_value AS REAL), -1
    FROM metric_rollup_state WHERE source = 'component' AND OLD.timestamp < rolled_to_text
    UNION ALL
    SELECT 'component', NEW.component_name, NEW.metric_name, unixepoch(NEW.timestamp),
           CAST(NEW.metric_value AS REAL), 1
    FROM metric_rollup_state WHERE source = 'component' AND NEW.timestamp < rolled_to_text;
END;

CREATE TRIGGER port_metrics_rollup_insert
AFTER INSERT ON port_metrics
WHEN NEW.timestamp < (SELECT rolled_to_text FROM metric_rollup_state WHERE source = 'port')
BEGIN
    INSERT INTO port_metric_changes
    VALUES (NEW.port_name, unixepoch(NEW.timestamp), NEW.messages_sent, NEW.messages_received,
            NEW.avg_send_duration_ms, NEW.avg_receive_duration_ms, NEW.avg_message_age_ms,
            NEW.buffer_utilization, 1);
END;

CREATE TRIGGER port_metrics_rollup_delete
AFTER DELETE ON port_metrics
WHEN OLD.timestamp < (SELECT rolled_to_text FROM metric_rollup_state WHERE source = 'port')
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
    SELECT OLD.port_name, unixepoch(OLD.timestamp), OLD.messages_sent, OLD.messages_received,
           OLD.avg_send_duration_ms, OLD.avg_receive_duration_ms, OLD.avg_message_age_ms,
           OLD.buffer_utilization, -1
    FROM metric_rollup_state WHERE source = 'port' AND OLD.timestamp < rolled_to_text
    UNION ALL
    SELECT NEW.port_name, unixepoch(NEW.timestamp), NEW.messages_sent, NEW.messages_received,
           NEW.avg_send_duration_ms, NEW.avg_receive_duration_ms, NEW.avg_message_age_ms,
           NEW.buffer_utilization, 1
    FROM metric_rollup_state WHERE source = 'port' AND NEW.timestamp < rolled_to_text;
END;

CREATE TRIGGER metrics_rollup_insert
AFTER INSERT ON metrics
WHEN NEW.timestamp < (SELECT rolled_to_text FROM metric_rollup_state WHERE source = 'sensor')
BEGIN
    INSERT INTO metric_value_changes (source, owner, name, at, value, sign)
    VALUES ('sensor', NEW.sensor_id, '', unixepoch(NEW.timestamp), CAST(NEW.value AS REAL), 1);
END;

CREATE TRIGGER metrics_rollup_delete
AFTER DELETE ON metrics
WHEN OLD.timestamp < (SELECT rolled_to_text FROM metric_rollup_state WHERE source = 'sensor')
BEGIN
    INSERT INTO metric_value_changes (source, owner, name, at, value, sign)
    VALUES ('sensor', OLD.sensor_id, '', unixepoch(OLD.timestamp), CAST(OLD.value AS REAL), -1);
END;

CREATE TRIGGER metrics_rollup_update
AFTER UPDATE OF sensor_id, timestamp, value ON metrics
BEGIN
    INSERT INTO metric_value_changes (source, owner, name, at, value, sign)
    SELECT 'sensor', OLD.sensor_id, '', unixepoch(OLD.timestamp), CAST(OLD.value AS REAL), -1
    FROM metric_rollup_state WHERE source = 'sensor' AND OLD.timestamp < rolled_to_text
    UNION ALL
    SELECT 'sensor', NEW.sensor_id, '', unixepoch(NEW.timestamp), CAST(NEW.value AS REAL), 1
    FROM metric_rollup_state WHERE source = 'sensor' AND NEW.timestamp < rolled_to_text;
END;
