-- Backlog history (undone)

DROP TABLE backlog_samples;
