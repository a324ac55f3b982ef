-- The ledger's counts of closed hours, kept until a row of the hour changes (undone)

DROP TRIGGER ledger_counts_port_messages_truncated ON port_messages;
DROP TRIGGER ledger_counts_dead_letter_moved ON port_messages;
DROP TRIGGER ledger_counts_dead_letter_deleted ON port_messages;
DROP TRIGGER ledger_counts_deliveries_truncated ON ingest_deliveries;
DROP TRIGGER ledger_counts_delivery_moved ON ingest_deliveries;
DROP TRIGGER ledger_counts_delivery_deleted ON ingest_deliveries;
DROP TRIGGER ledger_counts_messages_truncated ON messages;
DROP TRIGGER ledger_counts_message_moved ON messages;
DROP TRIGGER ledger_counts_message_deleted ON messages;
DROP FUNCTION ledger_counts_forget_all();
DROP FUNCTION ledger_counts_forget();
DROP TABLE ledger_counts;
