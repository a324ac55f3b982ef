-- Metric rollups: sum, minimum, maximum and count per series and minute, and per hour
--
-- The Metrics pane draws long ranges in buckets of a minute or more. Reading every raw value
-- for them costs seconds on millions of values; these rollups hold what each bucket needs,
-- so a bucket of N minutes reads N rows (or N/60 hour rows) instead of every value in it.
--
-- Triggers on the three metric tables keep the rollups exact under every write: an insert
-- adds its value, a delete takes it out (the minimum and maximum of its bucket are read again
-- from the remaining values when it was one of them), an update does both. Buckets start at
-- multiples of their width since the Unix epoch, as the pane's buckets do.
--
-- A series is (source, owner, name): 'component' (component_name, metric_name), 'port'
-- (port_name, one of its six counters) or 'sensor' (sensor_id, '').

CREATE TABLE metric_rollup_widths (
    width INTEGER PRIMARY KEY NOT NULL CHECK (width > 0)
);

INSERT INTO metric_rollup_widths (width) VALUES (60), (3600);

CREATE TABLE metric_rollups (
    source TEXT NOT NULL CHECK (source IN ('component', 'port', 'sensor')),
    owner TEXT NOT NULL,
    name TEXT NOT NULL,
    width INTEGER NOT NULL,
    bucket INTEGER NOT NULL, -- seconds since the epoch at the bucket's start
    value_sum REAL NOT NULL,
    value_min REAL NOT NULL,
    value_max REAL NOT NULL,
    value_count INTEGER NOT NULL CHECK (value_count > 0),
    PRIMARY KEY (source, owner, name, width, bucket)
) WITHOUT ROWID;

-- Every value of every series, for the rollups' triggers and their first fill.
CREATE VIEW metric_values (source, owner, name, timestamp, value) AS
    SELECT 'component', component_name, metric_name, timestamp, CAST(metric_value AS REAL)
    FROM component_metrics
    UNION ALL
    SELECT 'port', port_name, 'messages_sent', timestamp, CAST(messages_sent AS REAL)
    FROM port_metrics WHERE messages_sent IS NOT NULL
    UNION ALL
    SELECT 'port', port_name, 'messages_received', timestamp, CAST(messages_received AS REAL)
    FROM port_metrics WHERE messages_received IS NOT NULL
    UNION ALL
    SELECT 'port', port_name, 'avg_send_duration_ms', timestamp, CAST(avg_send_duration_ms AS REAL)
    FROM port_metrics WHERE avg_send_duration_ms IS NOT NULL
    UNION ALL
    SELECT 'port', port_name, 'avg_receive_duration_ms', timestamp,
           CAST(avg_receive_duration_ms AS REAL)
    FROM port_metrics WHERE avg_receive_duration_ms IS NOT NULL
    UNION ALL
    SELECT 'port', port_name, 'avg_message_age_ms', timestamp, CAST(avg_message_age_ms AS REAL)
    FROM port_metrics WHERE avg_message_age_ms IS NOT NULL
    UNION ALL
    SELECT 'port', port_name, 'buffer_utilization', timestamp, CAST(buffer_utilization AS REAL)
    FROM port_metrics WHERE buffer_utilization IS NOT NULL
    UNION ALL
    SELECT 'sensor', sensor_id, '', timestamp, CAST(value AS REAL) FROM metrics;

-- One value added (sign 1) or taken out (sign -1) of its series; `at` in seconds since the
-- epoch. Writing here changes the rollups of every width.
CREATE VIEW metric_value_changes (source, owner, name, at, value, sign) AS
    SELECT '', '', '', 0, 0.0, 0 WHERE 0;

-- The same for one bucket of one width.
CREATE VIEW metric_rollup_changes (source, owner, name, width, bucket, value, sign) AS
    SELECT '', '', '', 0, 0, 0.0, 0 WHERE 0;

CREATE TRIGGER metric_value_change
INSTEAD OF INSERT ON metric_value_changes
WHEN NEW.at IS NOT NULL AND NEW.value IS NOT NULL
BEGIN
    INSERT INTO metric_rollup_changes (source, owner, name, width, bucket, value, sign)
    SELECT NEW.source, NEW.owner, NEW.name, w.width,
           NEW.at - ((NEW.at % w.width) + w.width) % w.width, NEW.value, NEW.sign
    FROM metric_rollup_widths w;
END;

CREATE TRIGGER metric_rollup_add
INSTEAD OF INSERT ON metric_rollup_changes
WHEN NEW.sign > 0
BEGIN
    INSERT INTO metric_rollups
        (source, owner, name, width, bucket, value_sum, value_min, value_max, value_count)
    VALUES (NEW.source, NEW.owner, NEW.name, NEW.width, NEW.bucket, NEW.value, NEW.value,
            NEW.value, 1)
    ON CONFLICT (source, owner, name, width, bucket) DO UPDATE SET
        value_sum = value_sum + excluded.value_sum,
        value_min = min(value_min, excluded.value_min),
        value_max = max(value_max, excluded.value_max),
        value_count = value_count + 1;
END;

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
      AND (value_min = NEW.value OR value_max = NEW.value);
END;

-- The triggers on the metric tables: an insert adds the row's values, a delete takes them out,
-- an update does both.

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

-- A port_metrics row holds six series' values.
CREATE VIEW port_metric_changes (port_name, at, messages_sent, messages_received,
                                 avg_send_duration_ms, avg_receive_duration_ms,
                                 avg_message_age_ms, buffer_utilization, sign) AS
    SELECT '', 0, 0, 0, 0.0, 0.0, 0.0, 0.0, 0 WHERE 0;

CREATE TRIGGER port_metric_change
INSTEAD OF INSERT ON port_metric_changes
BEGIN
    INSERT INTO metric_value_changes (source, owner, name, at, value, sign)
    VALUES ('port', NEW.port_name, 'messages_sent', NEW.at,
            CAST(NEW.messages_sent AS REAL), NEW.sign),
           ('port', NEW.port_name, 'messages_received', NEW.at,
            CAST(NEW.messages_received AS REAL), NEW.sign),
           ('port', NEW.port_name, 'avg_send_duration_ms', NEW.at,
            CAST(NEW.avg_send_duration_ms AS REAL), NEW.sign),
           ('port', NEW.port_name, 'avg_receive_duration_ms', NEW.at,
            CAST(NEW.avg_receive_duration_ms AS REAL), NEW.sign),
           ('port', NEW.port_name, 'avg_message_age_ms', NEW.at,
            CAST(NEW.avg_message_age_ms AS REAL), NEW.sign),
           ('port', NEW.port_name, 'buffer_utilization', NEW.at,
            CAST(NEW.buffer_utilization AS REAL), NEW.sign);
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

-- The values already stored.
INSERT INTO metric_rollups
    (source, owner, name, width, bucket, value_sum, value_min, value_max, value_count)
SELECT source, owner, name, width, at - ((at % width) + width) % width AS bucket,
       sum(value), min(value), max(value), count(*)
FROM (SELECT source, owner, name, unixepoch(timestamp) AS at, value FROM metric_values
      WHERE value IS NOT NULL) v, metric_rollup_widths w
WHERE at IS NOT NULL
GROUP BY source, owner, name, width, bucket;
