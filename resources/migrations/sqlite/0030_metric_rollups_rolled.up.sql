-- Metric rollups: the pipeline's inserts fire nothing; Porthole rolls up what arrived
--
-- Migration 13's insert triggers added every value to its minute and hour rollups as it was
-- inserted: the pipeline's inserts into component_metrics ran at half the speed or less (any
-- insert trigger, even one whose condition is false, makes SQLite keep a statement journal of
-- every page each insert changes). Now the metric tables have no insert trigger. The rollups
-- hold the values of the rows that are rolled up: a row is when its rowid is at most the
-- table's rolled_rowid and its time is before the table's boundary, rolled_to. Porthole's own
-- process moves both forward (rollMetricRollups(), storage/sql/metricrollups.h): the rows whose
-- time is between the old boundary and the new one, and the rows inserted since with a time
-- before the old boundary (values that arrived late), are added and the boundary and rowid
-- moved in one write transaction. The Metrics pane reads the rows after the boundary, and
-- those after rolled_rowid before it, raw. Deletes and updates take out, and put in, only the
-- values of rows that are rolled up. SQLite gives a new row the rowid after the largest: a
-- delete that leaves rolled_rowid above the largest lowers it, so that a rowid used again is
-- never taken for one rolled up.
--
-- Times compare as text, as every range read of Porthole's on SQLite does ('YYYY-MM-DD
-- HH:MM:SS', no fraction: '12:00:00' and '12:00:00.000' are both at or after it). The first
-- boundary is midnight (UTC) today, the first rowid the largest: rows of today written with
-- 'T' between date and time sort after it, as they sort after every boundary of their day, so
-- the rollups left by migration 13's triggers (the buckets before midnight) hold exactly the
-- rows rolled up.

CREATE TABLE metric_rollup_state (
    source TEXT PRIMARY KEY NOT NULL CHECK (source IN ('component', 'port', 'sensor')),
    rolled_to INTEGER NOT NULL,   -- seconds since the epoch, a whole minute
    rolled_to_text TEXT NOT NULL, -- the same time as the rows' text compares with it
    rolled_rowid INTEGER NOT NULL -- the largest rowid rolled up
) WITHOUT ROWID;

INSERT INTO metric_rollup_state (source, rolled_to, rolled_to_text, rolled_rowid)
SELECT s.source, d.at, datetime(d.at, 'unixepoch'), s.top
FROM (SELECT 'component' AS source, (SELECT coalesce(max(rowid), 0) FROM component_metrics) AS top
      UNION ALL SELECT 'port', (SELECT coalesce(max(rowid), 0) FROM port_metrics)
      UNION ALL SELECT 'sensor', (SELECT coalesce(max(rowid), 0) FROM metrics)) s,
     (SELECT unixepoch('now') / 86400 * 86400 AS at) d;

DELETE FROM metric_rollups WHERE bucket >= (SELECT min(rolled_to) FROM metric_rollup_state);

-- The values rolled up: what a bucket's minimum and maximum are read again from.
CREATE VIEW metric_rolled_values (source, owner, name, timestamp, value) AS
    SELECT 'component', component_name, metric_name, timestamp, CAST(metric_value AS REAL)
    FROM component_metrics, metric_rollup_state s
    WHERE s.source = 'component' AND component_metrics.rowid <= s.rolled_rowid
      AND timestamp < s.rolled_to_text
    UNION ALL
    SELECT 'port', port_name, 'messages_sent', timestamp, CAST(messages_sent AS REAL)
    FROM port_metrics, metric_rollup_state s
    WHERE s.source = 'port' AND port_metrics.rowid <= s.rolled_rowid
      AND timestamp < s.rolled_to_text
      AND messages_sent IS NOT NULL
    UNION ALL
    SELECT 'port', port_name, 'messages_received', timestamp, CAST(messages_received AS REAL)
    FROM port_metrics, metric_rollup_state s
    WHERE s.source = 'port' AND port_metrics.rowid <= s.rolled_rowid
      AND timestamp < s.rolled_to_text
      AND messages_received IS NOT NULL
    UNION ALL
    SELECT 'port', port_name, 'avg_send_duration_ms', timestamp, CAST(avg_send_duration_ms AS REAL)
    FROM port_metrics, metric_rollup_state s
    WHERE s.source = 'port' AND port_metrics.rowid <= s.rolled_rowid
      AND timestamp < s.rolled_to_text
      AND avg_send_duration_ms IS NOT NULL
    UNION ALL
    SELECT 'port', port_name, 'avg_receive_duration_ms', timestamp, CAST(avg_receive_duration_ms AS REAL)
    FROM port_metrics, metric_rollup_state s
    WHERE s.source = 'port' AND port_metrics.rowid <= s.rolled_rowid
      AND timestamp < s.rolled_to_text
      AND avg_receive_duration_ms IS NOT NULL
    UNION ALL
    SELECT 'port', port_name, 'avg_message_age_ms', timestamp, CAST(avg_message_age_ms AS REAL)
    FROM port_metrics, metric_rollup_state s
    WHERE s.source = 'port' AND port_metrics.rowid <= s.rolled_rowid
      AND timestamp < s.rolled_to_text
      AND avg_message_age_ms IS NOT NULL
    UNION ALL
    SELECT 'port', port_name, 'buffer_utilization', timestamp, CAST(buffer_utilization AS REAL)
    FROM port_metrics, metric_rollup_state s
    WHERE s.source = 'port' AND port_metrics.rowid <= s.rolled_rowid
      AND timestamp < s.rolled_to_text
      AND buffer_utilization IS NOT NULL
    UNION ALL
    SELECT 'sensor', sensor_id, '', timestamp, CAST(value AS REAL)
    FROM metrics, metric_rollup_state s
    WHERE s.source = 'sensor' AND metrics.rowid <= s.rolled_rowid
      AND timestamp < s.rolled_to_text;

-- A value taken out reads its bucket's values again only among those rolled up: an hour's
-- bucket that holds it may be only partly rolled up.
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
        FROM metric_rolled_values v
        WHERE v.source = NEW.source AND v.owner = NEW.owner AND v.name = NEW.name
          AND v.timestamp >= datetime(NEW.bucket, 'unixepoch')
          AND v.timestamp < datetime(NEW.bucket + NEW.width, 'unixepoch'))
    WHERE source = NEW.source AND owner = NEW.owner AND name = NEW.name
      AND width = NEW.width AND bucket = NEW.bucket
      AND (value_min = NEW.value OR value_max = NEW.value)
      AND NOT EXISTS (
        SELECT 1 FROM metric_rolled_values v
        WHERE v.source = NEW.source AND v.owner = NEW.owner AND v.name = NEW.name
          AND v.timestamp >= datetime(NEW.bucket, 'unixepoch')
          AND v.timestamp < datetime(NEW.bucket + NEW.width, 'unixepoch')
          AND v.value = NEW.value);
END;

-- The triggers on the metric tables: none on insert; a delete takes out the values of a row
-- rolled up, an update takes them out and puts in the new ones where the row is rolled up.
DROP TRIGGER component_metrics_rollup_insert;
DROP TRIGGER component_metrics_rollup_delete;
DROP TRIGGER component_metrics_rollup_update;
DROP TRIGGER port_metrics_rollup_insert;
DROP TRIGGER port_metrics_rollup_delete;
DROP TRIGGER port_metrics_rollup_update;
DROP TRIGGER metrics_rollup_insert;
DROP TRIGGER metrics_rollup_delete;
DROP TRIGGER metrics_rollup_update;

CREATE TRIGGER component_metrics_rollup_delete
AFTER DELETE ON component_metrics
BEGIN
    INSERT INTO metric_value_changes (source, owner, name, at, value, sign)
    SELECT * FROM (VALUES ('component', OLD.component_name, OLD.metric_name, unixepoch(OLD.timestamp),
            CAST(OLD.metric_value AS REAL), -1))
    WHERE OLD.rowid <= (SELECT rolled_rowid FROM metric_rollup_state WHERE source = 'component')
     AND OLD.timestamp < (SELECT rolled_to_text FROM metric_rollup_state WHERE source = 'component');
    -- The largest rowid gone: rolled_rowid no higher than the largest left.
    UPDATE metric_rollup_state SET rolled_rowid = (SELECT coalesce(max(rowid), 0) FROM component_metrics)
    WHERE source = 'component' AND rolled_rowid > (SELECT coalesce(max(rowid), 0) FROM component_metrics);
END;

CREATE TRIGGER component_metrics_rollup_update
AFTER UPDATE OF component_name, metric_name, metric_value, timestamp ON component_metrics
BEGIN
    INSERT INTO metric_value_changes (source, owner, name, at, value, sign)
    SELECT * FROM (VALUES ('component', OLD.component_name, OLD.metric_name, unixepoch(OLD.timestamp),
            CAST(OLD.metric_value AS REAL), -1))
    WHERE OLD.rowid <= (SELECT rolled_rowid FROM metric_rollup_state WHERE source = 'component')
     AND OLD.timestamp < (SELECT rolled_to_text FROM metric_rollup_state WHERE source = 'component');
    INSERT INTO metric_value_changes (source, owner, name, at, value, sign)
    SELECT * FROM (VALUES ('component', NEW.component_name, NEW.metric_name, unixepoch(NEW.timestamp),
            CAST(NEW.metric_value AS REAL), 1))
    WHERE NEW.rowid <= (SELECT rolled_rowid FROM metric_rollup_state WHERE source = 'component')
     AND NEW.timestamp < (SELECT rolled_to_text FROM metric_rollup_state WHERE source = 'component');
END;

CREATE TRIGGER port_metrics_rollup_delete
AFTER DELETE ON port_metrics
BEGIN
    INSERT INTO port_metric_changes
    SELECT * FROM (VALUES (OLD.port_name, unixepoch(OLD.timestamp), OLD.messages_sent, OLD.messages_received,
            OLD.avg_send_duration_ms, OLD.avg_receive_duration_ms, OLD.avg_message_age_ms,
            OLD.buffer_utilization, -1))
    WHERE OLD.rowid <= (SELECT rolled_rowid FROM metric_rollup_state WHERE source = 'port')
     AND OLD.timestamp < (SELECT rolled_to_text FROM metric_rollup_state WHERE source = 'port');
    -- The largest rowid gone: rolled_rowid no higher than the largest left.
    UPDATE metric_rollup_state SET rolled_rowid = (SELECT coalesce(max(rowid), 0) FROM port_metrics)
    WHERE source = 'port' AND rolled_rowid > (SELECT coalesce(max(rowid), 0) FROM port_metrics);
END;

CREATE TRIGGER port_metrics_rollup_update
AFTER UPDATE OF port_name, messages_sent, messages_received, avg_send_duration_ms,
                avg_receive_duration_ms, avg_message_age_ms, buffer_utilization, timestamp ON port_metrics
BEGIN
    INSERT INTO port_metric_changes
    SELECT * FROM (VALUES (OLD.port_name, unixepoch(OLD.timestamp), OLD.messages_sent, OLD.messages_received,
            OLD.avg_send_duration_ms, OLD.avg_receive_duration_ms, OLD.avg_message_age_ms,
            OLD.buffer_utilization, -1))
    WHERE OLD.rowid <= (SELECT rolled_rowid FROM metric_rollup_state WHERE source = 'port')
     AND OLD.timestamp < (SELECT rolled_to_text FROM metric_rollup_state WHERE source = 'port');
    INSERT INTO port_metric_changes
    SELECT * FROM (VALUES (NEW.port_name, unixepoch(NEW.timestamp), NEW.messages_sent, NEW.messages_received,
            NEW.avg_send_duration_ms, NEW.avg_receive_duration_ms, NEW.avg_message_age_ms,
            NEW.buffer_utilization, 1))
    WHERE NEW.rowid <= (SELECT rolled_rowid FROM metric_rollup_state WHERE source = 'port')
     AND NEW.timestamp < (SELECT rolled_to_text FROM metric_rollup_state WHERE source = 'port');
END;

CREATE TRIGGER metrics_rollup_delete
AFTER DELETE ON metrics
BEGIN
    INSERT INTO metric_value_changes (source, owner, name, at, value, sign)
    SELECT * FROM (VALUES ('sensor', OLD.sensor_id, '', unixepoch(OLD.timestamp), CAST(OLD.value AS REAL), -1))
    WHERE OLD.rowid <= (SELECT rolled_rowid FROM metric_rollup_state WHERE source = 'sensor')
     AND OLD.timestamp < (SELECT rolled_to_text FROM metric_rollup_state WHERE source = 'sensor');
    -- The largest rowid gone: rolled_rowid no higher than the largest left.
    UPDATE metric_rollup_state SET rolled_rowid = (SELECT coalesce(max(rowid), 0) FROM metrics)
    WHERE source = 'sensor' AND rolled_rowid > (SELECT coalesce(max(rowid), 0) FROM metrics);
END;

CREATE TRIGGER metrics_rollup_update
AFTER UPDATE OF id, sensor_id, timestamp, value ON metrics
BEGIN
    INSERT INTO metric_value_changes (source, owner, name, at, value, sign)
    SELECT * FROM (VALUES ('sensor', OLD.sensor_id, '', unixepoch(OLD.timestamp), CAST(OLD.value AS REAL), -1))
    WHERE OLD.rowid <= (SELECT rolled_rowid FROM metric_rollup_state WHERE source = 'sensor')
     AND OLD.timestamp < (SELECT rolled_to_text FROM metric_rollup_state WHERE source = 'sensor');
    INSERT INTO metric_value_changes (source, owner, name, at, value, sign)
    SELECT * FROM (VALUES ('sensor', NEW.sensor_id, '', unixepoch(NEW.timestamp), CAST(NEW.value AS REAL), 1))
    WHERE NEW.rowid <= (SELECT rolled_rowid FROM metric_rollup_state WHERE source = 'sensor')
     AND NEW.timestamp < (SELECT rolled_to_text FROM metric_rollup_state WHERE source = 'sensor');
END;
