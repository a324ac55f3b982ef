-- Port messages of one port in one status, by time (undone)

DROP INDEX idx_port_messages_port_status_created;
