-- Metric rollups: a value taken out reads its bucket again only when it was the last of its kind
-- (undone: back to reading it whenever the value was its minimum or maximum)

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
      AND (value_min = NEW.value OR value_max = NEW.value);
END;
