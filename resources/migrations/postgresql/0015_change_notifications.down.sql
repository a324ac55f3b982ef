-- Change notifications for live panes (undone)
DROP TRIGGER porthole_notify_change ON audit_log;
DROP TRIGGER porthole_notify_change ON ingest_deliveries;
DROP TRIGGER porthole_notify_change ON system_health;
DROP TRIGGER porthole_notify_change ON metrics;
DROP TRIGGER porthole_notify_change ON port_metrics;
DROP TRIGGER porthole_notify_change ON component_metrics;
DROP TRIGGER porthole_notify_change ON component_state;
DROP TRIGGER porthole_notify_change ON checkpoints;
DROP TRIGGER porthole_notify_change ON action_outbox;
DROP TRIGGER porthole_notify_change ON port_message_history;
DROP TRIGGER porthole_notify_change ON port_messages;
DROP TRIGGER porthole_notify_change ON batches;
DROP TRIGGER porthole_notify_change ON messages;
DROP FUNCTION porthole_notify_change();
