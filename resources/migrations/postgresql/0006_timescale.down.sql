-- Nothing to undo on plain PostgreSQL. With TimescaleDB, hypertables stay hypertables
-- (they cannot be turned back in place); their (id, timestamp) keys are still unique, and
-- running the up part again leaves them as they are.
SELECT 1;
