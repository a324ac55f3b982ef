DROP TABLE metrics;
DROP TABLE processed_events;
