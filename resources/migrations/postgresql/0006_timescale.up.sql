-- TimescaleDB hypertables when the extension is present
--
-- With TimescaleDB installed on the server, the time-series tables become hypertables
-- (seed 002). Without it this migration changes nothing: everything works on plain
-- PostgreSQL. A hypertable's unique keys must contain its time column, so the primary keys
-- of the converted tables take it in.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb') THEN
        RAISE NOTICE 'timescaledb is not available: plain PostgreSQL tables are kept';
        RETURN;
    END IF;
    CREATE EXTENSION IF NOT EXISTS timescaledb;

    ALTER TABLE component_metrics ALTER COLUMN timestamp SET NOT NULL;
    ALTER TABLE component_metrics DROP CONSTRAINT component_metrics_pkey;
    ALTER TABLE component_metrics ADD PRIMARY KEY (id, timestamp);
    PERFORM create_hypertable('component_metrics', 'timestamp', migrate_data => TRUE, if_not_exists => TRUE);

    ALTER TABLE port_metrics ALTER COLUMN timestamp SET NOT NULL;
    ALTER TABLE port_metrics DROP CONSTRAINT port_metrics_pkey;
    ALTER TABLE port_metrics ADD PRIMARY KEY (id, timestamp);
    PERFORM create_hypertable('port_metrics', 'timestamp', migrate_data => TRUE, if_not_exists => TRUE);
END
$$;
-- The sensor table `metrics` stays a plain table: its UNIQUE (event_id) is what makes
-- ingestion idempotent, and a hypertable could only keep UNIQUE (event_id, timestamp).
