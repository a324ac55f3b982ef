-- The ledger's counts of closed hours, kept until a row of the hour changes
--
-- The ledger (docs/RELIABILITY.md, "The ledger") counts, for each hour, the rows the receiver
-- stored from one stream or list. Counting a day of ten million messages visits ten million
-- index entries; an hour that is over does not change unless a row of it is deleted or moved,
-- so its counts are kept here once counted (by the backlog history's sampler, an hour after
-- the hour is over, and again in turn) and read instead. A row deleted, or changed in what the
-- ledger counts it by, drops the kept counts of its hour (each of them: whatever the stream),
-- and the hour is counted again; TRUNCATE drops them all. Inserts fire nothing: the pipeline's
-- inserts cost nothing more. The sampler keeps an hour under a lock that these triggers' own
-- deletes wait for, so a row deleted while it counts cannot leave a count that includes it.
--
-- hour_start: seconds since the epoch (UTC), a multiple of 3600. kind, source, group_name: the
-- ledger's subject, as in backlog_samples ('group' or 'list'; group_name '' for a list).
CREATE TABLE ledger_counts (
    kind TEXT NOT NULL CHECK (kind IN ('group', 'list')),
    source TEXT NOT NULL,
    group_name TEXT NOT NULL DEFAULT '',
    hour_start BIGINT NOT NULL,
    messages BIGINT NOT NULL,
    deliveries BIGINT NOT NULL,
    lines BIGINT NOT NULL,
    receiver_dead BIGINT NOT NULL,
    moved_dead BIGINT NOT NULL,
    counted_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (kind, source, group_name, hour_start)
);
CREATE INDEX idx_ledger_counts_hour ON ledger_counts (hour_start);

-- Drops the kept counts of the hours of the row before and after the change. The column that
-- dates the row is the table's: each branch names only its own table's columns. The epoch of a
-- TIMESTAMP without a time zone is its time as UTC, as Porthole reads such a column.
CREATE FUNCTION ledger_counts_forget() RETURNS trigger AS $$
DECLARE
    before DOUBLE PRECISION;
    after DOUBLE PRECISION;
BEGIN
    IF TG_TABLE_NAME = 'messages' THEN
        IF TG_OP <> 'INSERT' THEN before := extract(epoch FROM OLD.timestamp); END IF;
        IF TG_OP = 'UPDATE' THEN after := extract(epoch FROM NEW.timestamp); END IF;
    ELSIF TG_TABLE_NAME = 'ingest_deliveries' THEN
        IF TG_OP <> 'INSERT' THEN before := extract(epoch FROM OLD.stored_at); END IF;
        IF TG_OP = 'UPDATE' THEN after := extract(epoch FROM NEW.stored_at); END IF;
    ELSE
        IF TG_OP <> 'INSERT' THEN before := extract(epoch FROM OLD.created_at); END IF;
        IF TG_OP = 'UPDATE' THEN after := extract(epoch FROM NEW.created_at); END IF;
    END IF;
    DELETE FROM ledger_counts
    WHERE hour_start IN (floor(before / 3600)::bigint * 3600, floor(after / 3600)::bigint * 3600);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION ledger_counts_forget_all() RETURNS trigger AS $$
BEGIN
    DELETE FROM ledger_counts;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER ledger_counts_message_deleted AFTER DELETE ON messages
FOR EACH ROW EXECUTE FUNCTION ledger_counts_forget();
CREATE TRIGGER ledger_counts_message_moved AFTER UPDATE OF source, timestamp ON messages
FOR EACH ROW EXECUTE FUNCTION ledger_counts_forget();
CREATE TRIGGER ledger_counts_messages_truncated AFTER TRUNCATE ON messages
FOR EACH STATEMENT EXECUTE FUNCTION ledger_counts_forget_all();
CREATE TRIGGER ledger_counts_delivery_deleted AFTER DELETE ON ingest_deliveries
FOR EACH ROW EXECUTE FUNCTION ledger_counts_forget();
CREATE TRIGGER ledger_counts_delivery_moved
AFTER UPDATE OF delivery_key, sink, stored_at ON ingest_deliveries
FOR EACH ROW EXECUTE FUNCTION ledger_counts_forget();
CREATE TRIGGER ledger_counts_deliveries_truncated AFTER TRUNCATE ON ingest_deliveries
FOR EACH STATEMENT EXECUTE FUNCTION ledger_counts_forget_all();
-- Of port_messages only the dead letters from Redis count: the pipeline's own clean-up of
-- completed messages fires nothing.
CREATE TRIGGER ledger_counts_dead_letter_deleted AFTER DELETE ON port_messages
FOR EACH ROW WHEN (OLD.source_component = 'redis') EXECUTE FUNCTION ledger_counts_forget();
CREATE TRIGGER ledger_counts_dead_letter_moved
AFTER UPDATE OF port_name, source_component, target_component, created_at ON port_messages
FOR EACH ROW WHEN (OLD.source_component = 'redis' OR NEW.source_component = 'redis')
EXECUTE FUNCTION ledger_counts_forget();
CREATE TRIGGER ledger_counts_port_messages_truncated AFTER TRUNCATE ON port_messages
FOR EACH STATEMENT EXECUTE FUNCTION ledger_counts_forget_all();
