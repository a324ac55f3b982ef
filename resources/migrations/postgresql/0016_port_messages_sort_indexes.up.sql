-- Port messages listed by port or by status, a page at a time
--
-- The Queues listing sorted by port or by status pages by (port_name, id) and
-- (status, id). The seed's indexes on port_name and on status alone give the rows of one port
-- or status in no order of id, so every page read and sorted all the rows of a port or a
-- status (an eighth of the table with eight ports). The same indexes with id added give the
-- pages in order, a page's rows at a time, and serve whatever the narrower ones served.
DROP INDEX idx_port_messages_port;
CREATE INDEX idx_port_messages_port ON port_messages (port_name, id);
DROP INDEX idx_port_messages_status;
CREATE INDEX idx_port_messages_status ON port_messages (status, id);
