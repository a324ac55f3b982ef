-- Checkpoints by the time they were saved (undone)

DROP INDEX idx_checkpoints_created;
