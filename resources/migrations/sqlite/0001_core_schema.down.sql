DROP TABLE sink_storage;
DROP TABLE system_health;
DROP TABLE port_metrics;
DROP TABLE component_metrics;
DROP TABLE checkpoints;
DROP VIEW dead_letter_queue;
DROP TABLE port_messages;
DROP TABLE component_state;
