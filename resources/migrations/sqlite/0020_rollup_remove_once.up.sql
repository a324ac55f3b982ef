-- Metric rollups: a value taken out reads its bucket again only when it was the last of its kind
--
-- Deleting a value that was its bucket's minimum or maximum read every value left in the
-- bucket again, even when another value equal to it remained and nothing could change. A
-- series that repeats its values (a gauge that sits at 0, a counter that steps) has many
-- values equal to its minimum in every bucket: deleting such a bucket in time order read it
-- again for each of them, and retention of a dense series slowed with the square of its
-- bucket. Now the bucket is read again only when no equal value is left, which a scan finds
-- at the first equal one.

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
