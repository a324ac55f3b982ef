-- seeds/003_33e2b828c7e6629b.txt: the consumer's idempotent inserts, verbatim (the code blocks of lines 1 to 100).

-- Consumer checks if event_id exists (fast lookup via primary key)
SELECT event_id FROM processed_events WHERE event_id = $1;

-- If not found, insert atomically (will fail if duplicate due to PK constraint)
INSERT INTO processed_events (event_id, sensor_id, kafka_partition, kafka_offset)
VALUES ($1, $2, $3, $4)
ON CONFLICT (event_id) DO NOTHING
RETURNING event_id;

-- If INSERT returns a row, event is new → process it
-- If INSERT returns nothing (ON CONFLICT), event is duplicate → skip

-- Insert metric (will fail if event_id already exists due to UNIQUE constraint)
INSERT INTO metrics (sensor_id, event_id, timestamp, value)
VALUES ($1, $2, $3, $4)
ON CONFLICT (event_id) DO NOTHING;
