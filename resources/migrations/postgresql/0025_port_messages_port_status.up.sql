-- Port messages of one port in one status, by time
--
-- The pipeline map (docs/USER_GUIDE.md, "See where the pipeline is stuck") shows on each port
-- its queue (pending and processing), its oldest pending message and its failures and dead
-- letters of the last hour. Each is a range of this index: a bounded count, or its first
-- entry, whatever the size of the table and however many rows other ports hold in that status.
-- Scales with: port_messages, 300000 rows/s
CREATE INDEX idx_port_messages_port_status_created ON port_messages
    (port_name, status, created_at);
