-- Alert history (undone)

DROP TABLE alert_history;
DROP FUNCTION alert_history_append_only();
