-- The ledger's counts of closed hours, kept until a row of the hour changes (undone)

DROP TRIGGER ledger_counts_dead_letter_moved;
DROP TRIGGER ledger_counts_dead_letter_deleted;
DROP TRIGGER ledger_counts_delivery_moved;
DROP TRIGGER ledger_counts_delivery_deleted;
DROP TRIGGER ledger_counts_message_moved;
DROP TRIGGER ledger_counts_message_deleted;
DROP TRIGGER ledger_counts_drop;
DROP VIEW ledger_counts_dropped;
DROP TABLE ledger_counts;
