-- The ledger's counts of closed hours, kept until a row of the hour changes
--
-- The ledger (docs/RELIABILITY.md, "The ledger") counts, for each hour, the rows the receiver
-- stored from one stream or list. Counting a day of ten million messages visits ten million
-- index entries; an hour that is over does not change unless a row of it is deleted or moved,
-- so its counts are kept here once counted (by the backlog history's sampler, an hour after
-- the hour is over, and again in turn) and read instead. A row deleted, or changed in what the
-- ledger counts it by, drops the kept counts of its hour (each of them: whatever the stream),
-- and the hour is counted again. Inserts fire nothing: the pipeline's inserts cost nothing more.
--
-- hour_start: seconds since the epoch (UTC), a multiple of 3600. kind, source, group_name: the
-- ledger's subject, as in backlog_samples ('group' or 'list'; group_name '' for a list).
CREATE TABLE ledger_counts (
    kind TEXT NOT NULL CHECK (kind IN ('group', 'list')),
    source TEXT NOT NULL,
    group_name TEXT NOT NULL DEFAULT '',
    hour_start INTEGER NOT NULL,
    messages INTEGER NOT NULL,
    deliveries INTEGER NOT NULL,
    lines INTEGER NOT NULL,
    receiver_dead INTEGER NOT NULL,
    moved_dead INTEGER NOT NULL,
    counted_at TEXT NOT NULL,
    PRIMARY KEY (kind, source, group_name, hour_start)
);
CREATE INDEX idx_ledger_counts_hour ON ledger_counts (hour_start);

-- A row's time dropped: the kept hours it may be counted in. The ledger counts a range of
-- times as text ('YYYY-MM-DD HH:MM:SS.fff' <= time < the next): a time written in another form
-- ('T' between date and time, no fraction of a second) may fall in another hour of its day, or
-- the last of the day before, than its value. So a time drops the kept hours of its day and
-- the hour before it; a time that is not text beginning with a valid date ('2026-02-30', which
-- SQLite's seconds read as 2 March, does not come back the same) drops every hour (the second
-- statement's condition is a constant, tested once). Each trigger below inserts the
-- times it drops into this view, which keeps nothing.
CREATE VIEW ledger_counts_dropped (at) AS SELECT NULL WHERE 0;
CREATE TRIGGER ledger_counts_drop
INSTEAD OF INSERT ON ledger_counts_dropped
BEGIN
    DELETE FROM ledger_counts
    WHERE hour_start >= CAST(strftime('%s', substr(NEW.at, 1, 10)) AS INTEGER) - 3600
        AND hour_start < CAST(strftime('%s', substr(NEW.at, 1, 10)) AS INTEGER) + 86400;
    DELETE FROM ledger_counts
    WHERE typeof(NEW.at) <> 'text'
        OR date(strftime('%s', substr(NEW.at, 1, 10)), 'unixepoch') IS NOT substr(NEW.at, 1, 10);
END;

CREATE TRIGGER ledger_counts_message_deleted
AFTER DELETE ON messages
BEGIN
    INSERT INTO ledger_counts_dropped (at) VALUES (OLD.timestamp);
END;
CREATE TRIGGER ledger_counts_message_moved
AFTER UPDATE OF source, timestamp ON messages
BEGIN
    INSERT INTO ledger_counts_dropped (at) VALUES (OLD.timestamp);
    INSERT INTO ledger_counts_dropped (at) VALUES (NEW.timestamp);
END;
CREATE TRIGGER ledger_counts_delivery_deleted
AFTER DELETE ON ingest_deliveries
BEGIN
    INSERT INTO ledger_counts_dropped (at) VALUES (OLD.stored_at);
END;
CREATE TRIGGER ledger_counts_delivery_moved
AFTER UPDATE OF delivery_key, sink, stored_at ON ingest_deliveries
BEGIN
    INSERT INTO ledger_counts_dropped (at) VALUES (OLD.stored_at);
    INSERT INTO ledger_counts_dropped (at) VALUES (NEW.stored_at);
END;
-- Of port_messages only the dead letters from Redis count: the pipeline's own clean-up of
-- completed messages fires nothing.
CREATE TRIGGER ledger_counts_dead_letter_deleted
AFTER DELETE ON port_messages
WHEN OLD.source_component = 'redis'
BEGIN
    INSERT INTO ledger_counts_dropped (at) VALUES (OLD.created_at);
END;
CREATE TRIGGER ledger_counts_dead_letter_moved
AFTER UPDATE OF port_name, source_component, target_component, created_at ON port_messages
WHEN OLD.source_component = 'redis' OR NEW.source_component = 'redis'
BEGIN
    INSERT INTO ledger_counts_dropped (at) VALUES (OLD.created_at);
    INSERT INTO ledger_counts_dropped (at) VALUES (NEW.created_at);
END;
