-- Checkpoints by the time they were saved
--
-- The incident timeline (docs/USER_GUIDE.md, "What changed before it broke") lists each
-- checkpoint version saved within its range, newest first, a page at a time: a range of this
-- index, whatever the number of checkpoints kept.
-- Scales with: checkpoints, 300000 rows/s
CREATE INDEX idx_checkpoints_created ON checkpoints (created_at);
