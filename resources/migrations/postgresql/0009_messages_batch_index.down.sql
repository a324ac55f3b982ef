DROP INDEX idx_batch_id;
CREATE INDEX idx_batch_id ON messages(batch_id);
