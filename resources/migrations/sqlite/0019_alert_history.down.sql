-- Alert history (undone)

DROP TABLE alert_history;
