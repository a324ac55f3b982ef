-- Metric rollups: the late-row condition kept by the roller (no change of schema)
--
-- From this version on, Porthole's roller writes the boundary into each late-row insert
-- trigger's condition as a constant when it moves the boundary, on PostgreSQL 14 and later
-- (setLateRowCondition(), storage/sql/metricrollups.cpp): a constant costs the pipeline's
-- inserts about 1.5 %, migration 30's sequence read 13 %. A Porthole of version 30 would move
-- the sequence alone and leave the constant behind the boundary, missing the late rows in
-- between: this version keeps it away (it refuses a schema newer than it knows). Nothing
-- changes here: each condition stays migration 30's until the roller's next move.
SELECT 1;
