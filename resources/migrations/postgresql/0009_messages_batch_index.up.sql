-- The messages of a batch file, indexed only where there is a batch file
--
-- Messages imported from batch files carry their batch_id; messages the ingest worker takes
-- from Redis have none. An index of every NULL cost each received message one more index
-- insert (of five) for rows no query looks up by batch; `batch_id = ?` uses the partial
-- index all the same.
DROP INDEX idx_batch_id;
CREATE INDEX idx_batch_id ON messages (batch_id) WHERE batch_id IS NOT NULL;
