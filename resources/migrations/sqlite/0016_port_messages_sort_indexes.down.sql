-- Port messages listed by port or by status, a page at a time (undone)
DROP INDEX idx_port_messages_status;
CREATE INDEX idx_port_messages_status ON port_messages (status);
DROP INDEX idx_port_messages_port;
CREATE INDEX idx_port_messages_port ON port_messages (port_name);
