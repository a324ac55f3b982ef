-- TimescaleDB hypertables when the extension is present
--
-- TimescaleDB is a PostgreSQL extension; on SQLite this version changes nothing, so that
-- both engines count the same versions.
SELECT 1;
